"""Fields of the telegram header: transmission id, routing, DTG, precedence, FM, TO, INFO.

A full header (5 FAH-2) reads, one element per line:

    VZCZCXRO1470                              transmission identification
    PP RUEHDBU RUEHLN RUEHVK RUEHYG           precedence + routing indicators (may wrap)
    DE RUEHTA #2404/01 1880653                originating station, sequence/part, julian time
    ZNR UUUUU ZZH                             security/handling line
    P 070653Z JUL 06                          action precedence + date-time group
    FM AMEMBASSY ALMATY                       sender
    TO RUEHC/SECSTATE WASHDC PRIORITY 6080    action addressees (one a line)
    INFO RUCNCIS/CIS COLLECTIVE PRIORITY      information addressees (one a line)
    XMT AMCONSUL STRASBOURG                   posts excluded from a collective addressee
    BT                                        end of header (often lost)

Old cables (1970s-1990s) keep only the DTG, FM and TO/INFO lines, without routes, and some
printouts put a distribution block (`INFO LOG-00 ...`, `PAGE 01 ...`) before them.
"""
import re
from functools import lru_cache
from typing import Any

from ._dates import DTG, DTG_MONTH, DTG_MONTH_IN_CAPITALS, DTG_YEAR, parse_dtg
from ._metadata import origin_rules, route_names
from ._text import (ASCII_CAPITALS, CLASSIFICATION_WORD, NO_BREAK_SPACE, StrippedText,
                    line_start_search, one_edit_apart, without_tags)

PRECEDENCE_NAMES = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
PRECEDENCES_SPELLED = frozenset(PRECEDENCE_NAMES.values())

TRANSMISSION_ID = re.compile(r"^VZCZC[A-Z0-9]+$")

# 'PP RUEHDBU RUEHLN': doubled precedence letter, then the indicators of the stations that
# relay the message; the indicator list wraps onto lines holding only indicators.
PRECEDENCE_LINE = re.compile(r"""
    ^(?P<letters>[ZOPR]{2})
    (?P<indicators>(?:\s+[A-Z][A-Z0-9]{3,7})*)$
""", re.VERBOSE)
INDICATORS_ONLY = re.compile(r"^[A-Z][A-Z0-9]{3,7}(?:\s+[A-Z][A-Z0-9]{3,7})*$")

# 'DE RUEHTA #2404/01 1880653': station, '#' sequence, optional '/' part, julian day + time.
DE_LINE = re.compile(r"""
    ^DE \s+ (?P<station>[A-Z][A-Z0-9]{3,7})
    \s* \#(?P<sequence>\d+) (?:/(?P<part>\d+))?          # (`RUEHKV#1261`: the space lost)
    (?:\s+ (?P<julian>\d{7}))?
""", re.VERBOSE)

# 'ZNR UUUUU ZZH' / 'ZNY CCCCC ZZH': security line between DE and the DTG.
SECURITY_LINE = re.compile(r"^ZN[RY]\b")
# ... and the level it gives the message: one letter five times (5 FAH-2), UUUUU unclassified,
# EEEEE unclassified encrypted for transmission only (EFTO), CCCCC confidential, SSSSS secret,
# TTTTT top secret. The body's classification line says it too, and says more (the caveats): the
# security line's is the evidence of last resort (`_body_classification.find_classification`).
SECURITY_LEVEL = re.compile(r"^ZN[RY][ \t]+(?P<letter>[CESTU])(?P=letter){4}\b")
SECURITY_LEVELS = {"U": "UNCLASSIFIED", "E": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET",
                   "T": "TOP SECRET"}
SECURITY_LINE_START = "ZN"

# 'P 070653Z JUL 06', 'O P 090422Z APR 09' (action, then info precedence), 'R 291207Z OCT 08 ZDS'.
# The DTG is `_dates.DTG` (any case, `SEPT`, `2009`, its parts run together: `281512ZMAR06`, a
# space before the zone letter: `281512 Z MAR 06`), after a space or not (`P281512Z`).
# The action precedence is its letter, the info precedence's after it, also run together or
# doubled (`OR`, `PP`, `OO`: the routing line's form; the action's is the first). Typed copies
# and scrapes also write the line otherwise (DTG_LINE_PRECEDENCE_SPELLED): the precedence spelled
# out (`FLASH`, `IMMEDIATE`, `NIACT IMMEDIATE`, `Priority`), or the line in small letters inside
# a text in capitals (`p 281512z mar 06`); such a line holds nothing after the DTG, so that no
# sentence opening with a precedence's word (`IMMEDIATE 281512Z MAR 06 MESSAGE ...`) is one.
DTG_LINE_PRECEDENCE_SPELLED = r"""(?ai:NIACT\s+)?(?ai:FLASH|IMMEDIATE|PRIORITY|ROUTINE)   # (ASCII: not `İMMEDIATE`)
                                | [zopr](?:\s*[zopr])?"""
DTG_LINE = re.compile(r"""
    ^(?: (?P<action>[ZOPR]) (?:\s*[ZOPR])?
       | (?P<action_spelled>""" + DTG_LINE_PRECEDENCE_SPELLED + r""") )
    \s*""" + DTG.pattern + r"""
    (?(action_spelled)\s*$)                  # (spelled out: the DTG ends the line)
""", re.VERBOSE)

# ... and a DTG line whose date DTG_LINE does not read (`O 151024Z MARS 07`, `R 011200Z 09 SEP`):
# still the header's DTG line (the precedence is read, the date is not), not the header's end
# (the FM and addressee lines under it would be lost to the body). (Its precedence as 5 FAH-2
# writes it: a spelled one ends the line after a DTG that can be read, see DTG_LINE.)
UNREAD_DTG_LINE = re.compile(r"^(?P<unread_action>[ZOPR])(?:\ ?[ZOPR])?\ +\d{6}\ ?[Zz]\b")


def dtg_line_precedence(match: re.Match) -> str:
    """The action precedence of a DTG_LINE match, spelled out (`FLASH`, `IMMEDIATE`...)."""
    if match["action"]:
        return PRECEDENCE_NAMES[match["action"]]
    spelled = match["action_spelled"].upper()
    word = spelled.split()[-1]          # (`NIACT IMMEDIATE` is IMMEDIATE; `O R`, `OR` are O's)
    return word if word in PRECEDENCES_SPELLED else PRECEDENCE_NAMES[spelled[0]]

# The action (and info) precedence alone on its line, the DTG on the next: a DTG line wrapped or
# scraped apart ('O P' / '141605Z FEB 09'). Its letters are the DTG line's, not the routing
# precedence (that line is doubled, 'OO', and carries indicators).
SPLIT_PRECEDENCE_LINE = re.compile(r"^(?P<split_action>[ZOPR])(?:\ [ZOPR])?$")

FM_LINE = re.compile(r"^FM\s+(?P<sender>\S.*)$")

# A DTG alone on its line, without precedence letter, in any case ('141216Z Jul 05'): all that
# some partial extracts keep of the header, above the classification line.
LONE_DTG_LINE = re.compile(rf"^\d{{6}}\ ?[Zz]\s+{DTG_MONTH}\s+{DTG_YEAR}$", re.VERBOSE)
# ... and only near the top: deeper down, such a line is body text.
LONE_DTG_SEARCH_LINES = 8

# A TO or INFO line in the 5 FAH-2 form ('TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234'): the routing
# indicator and slash make it a header line wherever it stands, even in an extract without the
# transmission lines above it.
ROUTED_BLOCK_START = re.compile(r"^(?:TO|INFO)\s+[A-Z][A-Z0-9]{3,7}/[A-Z]")
# ... and without routing indicator, a TO line naming a post the way old cables do ('TO SECSTATE
# WASHDC 1234', 'TO AMEMBASSY PARIS IMMEDIATE').
POST_NAME_START = r"""(?:AMEMBASSY|AMCONSUL|AMCONGEN|SECSTATE|USMISSION|USDEL|USINT|USOFFICE
                       |USLO|USUN|USNATO|USEU|SECDEF)\b"""
POST_BLOCK_START = re.compile(rf"""
    ^TO\s+(?:{POST_NAME_START}|ALL\ (?:DIPLOMATIC|AMERICAN|USEU|OECD|NATO|EUROPEAN|AFRICAN)\b)""",
    re.VERBOSE)

# ... and any TO line of addressees in capitals among an extract's first lines.
ADDRESSEE_LINE_START = re.compile(r"^TO\ [A-Z][A-Z0-9]*+(?:[ ./-][A-Z0-9]++)*+$")
# ... and TO alone on its line, the addressees under it (see BLOCK_START): `_is_extract_anchor`
# asks the next line to be a routed addressee or to name a post.
LONE_TO = re.compile(r"^TO$")

# An old cable's addressee line without routing indicator that names a post, and holds nothing
# else: the place in a few words, then optionally the precedence and the MCN (`AMEMBASSY LONDON`,
# `USMISSION NATO PRIORITY 0002`). After a blank line or a page break inside the addressees (the
# printout's page ends in the middle of the INFO list), it is the list going on; a body sentence
# opening with a post's name runs on to more words, or ends with punctuation, and a passing line
# names whom it is for (`AMEMBASSY LONDON FOR AMBASSADOR TUTTLE`, `SECSTATE PASS TO TREASURY`).
# The verbs of a sentence opening with a post's name (`AMEMBASSY LONDON WILL CONCUR`,
# `... HAS SEEN`), which no place's name holds.
VERBS = "HAS|HAVE|HAD|IS|ARE|WAS|WERE|WILL|WOULD|SHOULD|SHALL|CAN|COULD|MAY|MUST|DOES|DID|AGREES"
UNROUTED_POST_ADDRESSEE = re.compile(rf"""
    ^{POST_NAME_START}
    (?:\ +(?!(?:FOR|PASS|TO|{VERBS})\b)[A-Z][A-Z.'-]*){{1,4}}     # the place: `LONDON`, `RIO DE JANEIRO`
    (?:\ +(?:NIACT\ +)?(?:FLASH|IMMEDIATE|PRIORITY|ROUTINE))?
    (?:\ +\d{{1,6}})?                                     # the MCN
    ,?$                                                  # (a list's comma)
""", re.VERBOSE)

# Page furniture inside a header that runs over a page break: the page header ('PAGE 02 STATE
# 012345 121212Z', 'PAGE 01 CAPE T 00097 01 OF 03 182017Z'), the classification banner printed
# at the page's top and foot, the separator line of old printouts ('----------121234Z 012345 /12').
# None of them is an addressee.
PAGE_FURNITURE = re.compile(r"""
    ^(?: PAGE\ +\d{1,3}\b.*
       | (?:UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP\ SECRET|LIMITED\ OFFICIAL\ USE)
       | -{6,}.*
    )$""", re.VERBOSE)

# The characters page furniture starts with: other lines (a routed addressee's R, a VZCZC line)
# are not tried, a call spared on most header lines.
PAGE_FURNITURE_FIRST = frozenset("PUCSTL-")

# A page break holds a few lines: banners at the foot and top, blank lines, the page header.
PAGE_BREAK_LINES = 8

# The distribution block of old printouts ('ACTION EUR-12', 'INFO  OCT-01  ISO-00  SS-15'):
# office symbols with a count, not addressees.
DISTRIBUTION_LINE = re.compile(r"^(?:ACTION|INFO)\s+[A-Z]+-\d{2}\b")

# An addressee naming a group of posts as a collective does (`ALL DIPLOMATIC AND CONSULAR POSTS`,
# `ALL NATO CAPITALS`, `WESTERN HEMISPHERIC AFFAIRS DIPL POSTS`): an XMT line may exclude posts
# from it.
ALL_POSTS = "ALL "
POSTS_ENDINGS = (" POSTS", " CAPITALS")
# 'TO ...', 'INFO ...', 'XMT ...' open an addressee block, also alone on their line with the
# addressees on the lines under them (5 FAH-2 allows both; `rest` is None then); 'BT' closes the
# header.
BLOCK_START = re.compile(r"^(?P<keyword>TO|INFO|XMT)(?:\s+(?P<rest>\S.*))?$")
BREAK_LINE = "BT"   # a whole (stripped) line

# A routed addressee starts with its routing indicator (an R and three to six letters or digits)
# and a slash: `RUEHBJ/AMEMBASSY BEIJING 9465`, the usual line of an addressee block; or with ZEN
# in its place (`ZEN/AMEMBASSY PARIS`: an addressee this transmission does not serve, reached by
# other means; see ZEN below).
ROUTED_ADDRESSEE_START = r"(?:R[A-Z0-9]{3,6}|ZEN)/[A-Z]"
ROUTED_ADDRESSEE_LINE = re.compile(ROUTED_ADDRESSEE_START)
# Addressees a scrape ran onto one line: `RUEHC/SECSTATE WASHDC 1234 RUEHBJ/AMEMBASSY ...`.
NEXT_ROUTED_ADDRESSEE = re.compile(rf"\s+(?={ROUTED_ADDRESSEE_START})")
# ... and old cables' unrouted ones (`AMEMBASSY BONN IMMEDIATE 1234 AMEMBASSY PARIS`), split
# before each word naming a kind of post, except the post after `PASS TO` (`AMEMBASSY ANKARA
# PASS TO AMCONSUL ADANA` is one addressee). Lines are folded: one space between words.
POST_KIND = r"(?:AMEMBASSY|AMCONSUL|AMCONGEN|USMISSION)\b"
NEXT_POST_ADDRESSEE = re.compile(rf"(?<!\bTO)\ (?={POST_KIND})")
# ... and, in a line without routing indicators that lists a post, at each comma: the list's
# separator (`AMEMBASSY BONN, USMISSION NATO, USCINCEUR VAIHINGEN GE`: a military command is no
# kind of post); not at a comma before the precedence or the MCN of the addressee it closes, nor
# before its passing words (`AMEMBASSY LONDON, ATTENTION POLCOUNS`).
NEXT_LISTED_ADDRESSEE = re.compile(r",\ +(?!(?:NIACT|FLASH|IMMEDIATE|PRIORITY|ROUTINE|ATTENTION|ATTN"
                                   r"|FOR|PASS|EYES|EXCLUSIVE|ONLY)\b|\d)")
LISTED_POST = re.compile(rf"(?:^|,\ +){POST_NAME_START}", re.VERBOSE)
LIST_SEPARATOR = ", "
# The words that may start such a second addressee: ' AM' for AMEMBASSY, AMCONSUL, AMCONGEN.
NEXT_AM_POST, NEXT_USMISSION = " AM", " USMISSION"
NEXT_ZEN = " ZEN/"        # a second addressee served otherwise (see ZEN)
# What may close an addressee line and is no part of it: the break (BT) run onto it, punctuation.
ADDRESSEE_LINE_TAILS = (" BT", ",", ".", ";")
ADDRESSEE_LINE_TAIL = re.compile(r"(?:\ BT|[,;]|(?<=\d)\.)+$")   # (`WASHINGTON D.C.` keeps its stop)
# The INFO or XMT block run onto the line before (`... IMMEDIATE 1234 INFO RUEHBJ/AMEMBASSY
# BEIJING 0001`): the keyword, then a routed addressee or a post.
NEXT_BLOCK_START = re.compile(rf"""
    \ (?=(?:INFO|XMT)\ (?:{ROUTED_ADDRESSEE_START}|{POST_KIND}|SECSTATE\b))
""", re.VERBOSE)
NEXT_INFO_BLOCK, NEXT_XMT_BLOCK = " INFO ", " XMT "
# ... and the TO block run onto the FM line (`FM AMEMBASSY PARIS TO SECSTATE WASHDC IMMEDIATE
# 1234`): TO, then a routed addressee or a post; no sender's name goes on so (`USDEL TO THE CD`).
NEXT_TO_BLOCK = re.compile(rf"""
    \ (?=TO\ (?:{ROUTED_ADDRESSEE_START}|{POST_NAME_START}))
""", re.VERBOSE)
RUN_ON_TO = " TO "
DELEGATION = "USDEL "

# One addressee: optional routing indicator and '/', the name, then optionally the precedence
# given to this addressee and the message control number (MCN). Old cables omit the route.
ADDRESSEE_ROUTE = re.compile(r"(?P<route>[A-Z][A-Z0-9]{2,7})/(?=\S)")   # the name follows it
# `ZEN/AMEMBASSY PARIS`: ZEN stands where the routing indicator does, and says that this
# transmission does not serve the addressee (5 FAH-2: it is reached by other means, a courier, a
# copy handed over, a relay of its own). The addressee is the cable's all the same (it is listed
# with the others); ZEN is no route (`Recipient.route`: the routing indicator the cable was sent
# to the addressee by), so the route is null.
ZEN = "ZEN"
ADDRESSEE_PRECEDENCES = frozenset({"IMMEDIATE", "FLASH", "PRIORITY", "ROUTINE"})
NIGHT_ACTION = "NIACT"     # 'NIACT IMMEDIATE': night action, kept with the precedence
# An MCN, or a range of them for a cable of several sections: 7721-7722.
MCN_DIGITS = 6
ADDRESSEE_MCN = re.compile(rf"\d{{1,{MCN_DIGITS}}}(?:-\d{{1,{MCN_DIGITS}}})?")
# The precedence and the MCN run together, the space between them lost (`IMMEDIATE5728`).
PRECEDENCE_GLUED_TO_MCN = re.compile(rf"""
    (?P<precedence>IMMEDIATE|PRIORITY|ROUTINE|FLASH)
    (?P<mcn>\d{{1,{MCN_DIGITS}}})
""", re.VERBOSE)
PRECEDENCE_WORDS = ("IMMEDIATE", "PRIORITY", "ROUTINE")
# One typing error changes a word's length by one at most.
PRECEDENCE_WORD_LENGTHS = range(min(map(len, PRECEDENCE_WORDS)) - 1,
                                max(map(len, PRECEDENCE_WORDS)) + 2)

# The first body line: the classification line ('UNCLAS SECTION 01 OF 02 ALMATY 002404',
# 'C O N F I D E N T I A L ...', a bare 'SECRET'). It ends the header even without a blank line.
# An addressee such as 'SECRET SERVICE WASHDC' does not match: the line must end after the
# marking or with the serial number.
CLASSIFICATION_LINE = re.compile(r"""
    ^(?:UNCLAS(?:SIFIED)? | C\ O\ N\ F\ I\ D\ E\ N\ T\ I\ A\ L | CONFIDENTIAL
       | S\ E\ C\ R\ E\ T | (?:TOP\ )?SECRET | LIMITED\ OFFICIAL\ USE)
    (?:$ | .*\d$)
""", re.VERBOSE)

# Other lines that can only be body: the body may lose its classification line in extracts.
BODY_MARKER = re.compile(r"""
    ^(?: E\.\ ?O\.?\ \d | EO\ \d      # 'E.O. 12958: DECL ...', 'EO 12958 DECL ...'
       | TAGS\b | SUBJ(?:ECT)?\b | REF: | SIPDIS$)
""", re.VERBOSE)

# The first line of a telegram header found inside a body: the routing lines (transmission id,
# DE line), which only a transmission carries, or a DTG line followed by the FM line (old
# cables, quoted messages). Line ends are normalised and lines right-stripped before the search.
LATER_HEADER_START = re.compile(r"""
    ^(?: [\ \t]*VZCZC[A-Z0-9]+$                     # routing lines, indented or not (a scrape
       | [\ \t]*DE\ +[A-Z][A-Z0-9]{3,7}\ +\#\d        # may indent every line)
       | [ZOPR](?:\ [ZOPR])?\ +\d{6}Z\ +DTG_MONTH_IN_CAPITALS\ +DTG_YEAR[^\n]*\n\ *FM\ )
""".replace("DTG_MONTH_IN_CAPITALS", DTG_MONTH_IN_CAPITALS).replace("DTG_YEAR", DTG_YEAR),
    re.VERBOSE | re.MULTILINE)

# What a DE or FM line starts with, after a line end: `_may_hold_a_header`'s test. One search
# for both costs half of `"\nDE " in body or "\nFM " in body`: the pattern's literal prefix, the
# line end, is found by a fast scan, where a substring ending in a space (a frequent character)
# is compared at almost every character.
DE_OR_FM_AFTER_LINE_END = re.compile(r"\n(?:DE|FM)\ |\n[\ \t]+DE\ ")
# What the first line of a header found inside a body (LATER_HEADER_START) starts with, or the
# FM line under its DTG line, after a line end: one such search rules out nearly every body.
# The lookahead of the alternatives' first characters fails most line ends at once, instead of
# in each alternative.
# A body whose first line is a routing line, indented or not.
ROUTING_LINE_FIRST = re.compile(r"[ \t]*(VZCZC|DE )")
HEADER_LINE_AFTER_LINE_END = re.compile(r"""
    \n(?=[VD\ F\t]) (?: [\ \t]*(?:VZCZC | DE\ ) | \ *FM\ )
""", re.VERBOSE)


def _any_of(*patterns: re.Pattern) -> re.Pattern:
    """One pattern matching where any of `patterns` matches: one regex call instead of one per
    pattern (their groups are kept: they must have different names)."""
    def inline(pattern: re.Pattern) -> str:
        if pattern.flags & ~(re.VERBOSE | re.UNICODE):  # a flag the union would lose
            raise ValueError(f"_any_of takes patterns without flags other than VERBOSE: {pattern}")
        if pattern.flags & re.VERBOSE:   # (a line end: a comment on its last line ends there)
            return f"(?x:{pattern.pattern}\n)"
        return f"(?:{pattern.pattern})"

    return re.compile("|".join(map(inline, patterns)))


# Header lines that come before FM: transmission id, precedence, DE, ZNR, DTG.
PRE_SENDER_LINE = _any_of(TRANSMISSION_ID, PRECEDENCE_LINE, DE_LINE, SECURITY_LINE, DTG_LINE,
                          INDICATORS_ONLY, LONE_DTG_LINE, SPLIT_PRECEDENCE_LINE, UNREAD_DTG_LINE)

# The FM line (group `sender`), or an addressee block's first line (groups `keyword`, `rest`): a
# TO / INFO / XMT line that is not the distribution block's `INFO OCT-01 ...` (extracts that
# start at TO have no FM line).
OPENS_ADDRESSEES = _any_of(
    FM_LINE, re.compile(rf"(?!{DISTRIBUTION_LINE.pattern}){BLOCK_START.pattern}"))

# What `_find_anchor`'s tests look for in the line they test: a line none of these patterns
# matches starts no header (most lines of a text without one: one regex call each, not eight).
ANCHOR_CANDIDATE = _any_of(TRANSMISSION_ID, DE_LINE, DTG_LINE, FM_LINE, ROUTED_BLOCK_START,
                           POST_BLOCK_START, ADDRESSEE_LINE_START, LONE_DTG_LINE, LONE_TO)
# The lines that can only be body (after them, what an extract kept of a header is quoted text).
BODY_START = _any_of(CLASSIFICATION_LINE, BODY_MARKER)

# Markdown link residue left by scrapers: '[RUEHC](#)' is 'RUEHC'.
MARKDOWN_LINK = re.compile(r"\[([^\[\]]*)\]\(#?\)")

# A header that starts deeper than this is not this cable's header but a quoted one.
HEADER_SEARCH_LINES = 100
# Real headers run to a few hundred lines (long addressee lists); past this, the text is not
# a header any more, and the bound keeps any input fast to split.
MAX_HEADER_LINES = 1000
# A header found inside a body is read from at most this many characters: enough for the lines
# up to FM (all that telling it from the cable's own header takes), and the work stays bounded.
LATER_HEADER_CHARS = 2_000


def normalize_lines(text: str) -> list[str]:
    """Lines of `text` with CRLF/CR line ends unified, no-break spaces read as spaces
    (`_text.NO_BREAK_SPACE`) and trailing spaces stripped."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if NO_BREAK_SPACE in text:
        text = text.replace(NO_BREAK_SPACE, " ")
    return list(map(str.rstrip, text.split("\n")))


# A header line a scrape ran the next ones into (`ZNY CCCCC ZZH P 281512Z MAR 06`, `P 281512Z MAR
# 06 FM AMEMBASSY KIEV`, the whole header on one line): a line among the first
# RUN_TOGETHER_LINES opening as a routing line does, VZCZC, a precedence, DE, ZNR / ZNY or FM,
# and holding a later field's start after white space, is cut there.
HEADER_FIELD_OPENING = re.compile(r"[ \t]*+(?:VZCZC|[ZOPR]{1,2}[ \t]|DE[ \t]|ZN[RY][ \t]|FM[ \t])")
RUN_TOGETHER_FIELD = re.compile(r"""
    (?<![ \t])(?<!\b[ZOPR])[ \t]++(?=             # (a run of spaces tried once; not after `O` in `O R 261612Z`)
        [ZOPR]{2}[ \t]+R[A-Z]{3,6}\b                       # PP RUEHAG (after VZCZC...)
      | DE[ \t]+R[A-Z]{3,6}[ \t]*+\#                       # DE RUEHKV #1261/01
      | ZN[RY][ \t]+[A-Z]{5}\b                             # ZNY CCCCC
      | [ZOPR](?:[ \t]+[ZOPR])?[ \t]+\d{6}Z\b              # P 281512Z, O P 281512Z
      | FM[ \t]+[A-Z]{2,}\b                                # FM AMEMBASSY KIEV
      | TO[ \t]+R[A-Z]{3,6}/ | INFO[ \t]+[A-Z]{2,}        # (an unrouted TO: the FM line's rule)
    )""", re.VERBOSE)
# The body's start run on too (a whole cable on one line): BT, or the classification line. The
# rest of the line is the body's, set apart by a blank line, as the header ends.
# (its first lines as a scrape may have damaged them: a level's letters spaced in any case, `E C
# R E T`, `S e c r e t`; else SIPDIS, E.O., TAGS or SUBJECT, which only a body holds)
RUN_ON_BODY_START = re.compile(r"""
    (?<![ \t])[ \t]++(?= BT\b | CLASSIFICATION_WORD
              | (?i: (?:[a-z][ ]){3,}[a-z]\b
                   | SIPDIS\b | E\.?[ ]?O\.?[ ]?\d | TAGS?[ ]?: | SUBJ(?:ECT)?[ ]?: ) )
    """.replace("CLASSIFICATION_WORD", CLASSIFICATION_WORD), re.VERBOSE)
RUN_TOGETHER_LINES = 30
# What such a line opens with (a test in C before the pattern's call, for the other lines).
HEADER_FIELD_LETTERS = frozenset("VZOPRDF \t")


def with_header_fields_apart(lines: list[str]) -> list[str]:
    """`lines`, with the header lines run together in the first RUN_TOGETHER_LINES cut apart
    (see RUN_TOGETHER_FIELD, RUN_ON_BODY_START), down to the FM line (the addressees under it
    open with no field cut here) or the body's first line; the very list given when none is
    (nearly every cable)."""
    cut: list[str] | None = None
    for index, line in enumerate(lines[:RUN_TOGETHER_LINES]):
        if opens_body(line):
            break               # the body's first line: `FM`, `INFO`, `DE LA RUA` are its words
        opens_field = line[:1] in HEADER_FIELD_LETTERS and HEADER_FIELD_OPENING.match(line) is not None
        if opens_field and RUN_TOGETHER_FIELD.search(line):
            if cut is None:
                cut = lines[:index]
            body = RUN_ON_BODY_START.search(line)
            cut += RUN_TOGETHER_FIELD.split(line[:body.start()] if body else line)
            if body:            # the rest of the line and the lines under it are the body's
                return cut + ["", line[body.end():]] + lines[index + 1:]
        elif cut is not None:
            cut.append(line)
        if opens_field and line.lstrip()[:2] == "FM":
            index += 1          # (the FM line read: the addressees follow)
            break
    else:
        index = min(len(lines), RUN_TOGETHER_LINES)
    return lines if cut is None else cut + lines[index:]


def opens_body(line: str) -> bool:
    """`line` can only be the body's (BODY_START: the classification line, E.O., TAGS, SUBJECT,
    REF) or opens a numbered paragraph: no header line stands below it."""
    stripped = line.lstrip()
    first = stripped[:1]
    if first == "R":            # (`REF:`; not a header's `RR RUEHAG`, `R 261612Z FEB 10`)
        return stripped[:4] == "REF:"
    return first in BODY_FIRST_LETTERS and (
        BODY_START.match(stripped) is not None or PARAGRAPH_NUMBER.match(stripped) is not None)


# What BODY_START's lines and a paragraph's number open with (a test in C before the patterns').
BODY_FIRST_LETTERS = frozenset("UCSLET0123456789¶")
PARAGRAPH_NUMBER = re.compile(r"¶?\s*\d{1,2}\.\s")


def _is_anchor(lines: list[str], index: int) -> bool:
    """True when line `index` unmistakably starts a telegram header."""
    line = lines[index].strip()
    if TRANSMISSION_ID.match(line) or DE_LINE.match(line):
        return True
    # A DTG line is a header line only when FM (or TO) follows it; so is a DTG alone on its line
    # (its precedence dropped, or on the line above). Not one whose precedence is spelled out or
    # in small letters (DTG_LINE's `action_spelled`): anywhere in a text, a quoted message's line
    # (`PRIORITY 281512Z MAR 06` / `TO THE PRESS`); it is read within a header found otherwise.
    if ((match := DTG_LINE.match(line)) and match["action"]) or LONE_DTG_LINE.match(line):
        following = _following_line(lines, index)
        return bool(FM_LINE.match(following) or BLOCK_START.match(following))
    return False


def _is_extract_anchor(lines: list[str], index: int) -> bool:
    """True when line `index` starts what an extract kept of a header: an FM line followed by
    TO or INFO, or a routed TO / INFO line (a lone DTG line near the top counts anywhere, see
    `_find_anchor`)."""
    line = lines[index].strip()
    if FM_LINE.match(line):
        return bool(BLOCK_START.match(_following_line(lines, index)))
    if ROUTED_BLOCK_START.match(line) or POST_BLOCK_START.match(line):
        return True
    if line == "TO":          # alone, the addressees under it: `RUEHC/SECSTATE ...`, `SECSTATE ...`
        following = _following_line(lines, index)
        return bool(ROUTED_ADDRESSEE_LINE.match(following)
                    or POST_BLOCK_START.match(f"TO {following}"))
    if index < LONE_DTG_SEARCH_LINES and ADDRESSEE_LINE_START.match(line):
        return True           # `TO DIA WASHDC` as an extract's first lines
    return False


def _is_lone_dtg(lines: list[str], index: int) -> bool:
    """A valid DTG alone on its line near the top (above or under the classification line)."""
    line = lines[index].strip()
    if index >= LONE_DTG_SEARCH_LINES or not LONE_DTG_LINE.match(line):
        return False
    dtg = parse_dtg(line)
    assert dtg is not None      # LONE_DTG_LINE's match is DTG's: the line holds one
    return dtg[1] is not None


def _following_line(lines: list[str], index: int) -> str:
    """The next non-blank line within three lines of `index`, stripped ('' if none)."""
    for line in lines[index + 1:index + 4]:     # (a loop: each line stripped once, no generator)
        if stripped := line.strip():
            return stripped
    return ""


def _find_anchor(lines: list[str], limit: int) -> int | None:
    """Index of the header's first line among the first `limit` lines, or None.

    What an extract kept of a header counts only above the body: after a classification line
    or a TAGS / SUBJECT / E.O. line, such lines are quoted text.
    """
    in_body = False
    for index in range(limit):
        line = lines[index].strip()
        if ANCHOR_CANDIDATE.match(line) and (
                _is_anchor(lines, index) or (not in_body and _is_extract_anchor(lines, index))
                or _is_lone_dtg(lines, index)):
            return index
        in_body = in_body or bool(BODY_START.match(line))
    return None


def _next_nonblank(lines: list[str], index: int, stop: int) -> int:
    """Index of the first non-blank line in lines[index:stop] (stop if none)."""
    while index < stop and not lines[index]:  # lines are right-stripped: blank is ''
        index += 1
    return index


def _header_end(lines: list[str], anchor: int) -> int:
    """Index of the first body line, given the index of the header's first line."""
    seen_sender = False
    index = anchor
    last = min(len(lines), anchor + MAX_HEADER_LINES)
    keeps_going: re.Match[str] | bool | None
    while index < last:
        line = lines[index].strip()
        if not line:  # blank lines: the header goes on only if a header line follows them
            following_index = _next_nonblank(lines, index, last)
            following = lines[following_index].strip() if following_index < last else ""
            if seen_sender:
                keeps_going = BLOCK_START.match(following) or following == BREAK_LINE \
                    or is_routed_addressee(following) \
                    or _unrouted_addressees_at(lines, following_index, last) \
                    or _page_break_at(lines, following_index, last)   # addressees go on over it
            else:
                keeps_going = PRE_SENDER_LINE.match(following) or FM_LINE.match(following)
            if not keeps_going:
                return index
            index = following_index
            continue
        if seen_sender and ROUTED_ADDRESSEE_LINE.match(line):
            pass     # the usual line here, tried first: a routed addressee is no BT, FM or TO
        elif line == BREAK_LINE:
            return index + 1
        elif OPENS_ADDRESSEES.match(line):
            seen_sender = True     # an extract may start at TO: the addressees follow
        elif seen_sender:
            # A header line after the addressees starts another header (a repeated block).
            if (BODY_START.match(line) or _is_anchor(lines, index)) \
                    and not _page_break_at(lines, index, last):
                return index
        elif not PRE_SENDER_LINE.match(line):
            return index
        index += 1
    return index


def _unrouted_addressees_at(lines: list[str], index: int, last: int) -> bool:
    """After a blank line inside the addressees, the lines from `index` on, up to a blank line,
    BT or the body's start, are unrouted addressees naming posts (UNROUTED_POST_ADDRESSEE) or
    routed ones: the list going on. A body sentence opening with a post's name wraps onto a
    line that is none (`AMEMBASSY LONDON HAS SEEN` / `THE SHAH'S STATEMENT AND AGREES.`)."""
    if index >= last or not UNROUTED_POST_ADDRESSEE.match(lines[index].strip()):
        return False
    for line in lines[index + 1:last]:
        line = line.strip()
        if not line or line == BREAK_LINE or BODY_START.match(line):
            return True
        if not (UNROUTED_POST_ADDRESSEE.match(line) or is_routed_addressee(line)):
            return False
    return True


def is_routed_addressee(line: str) -> bool:
    """`line` (stripped) is a routed addressee (`RUEHLO/AMEMBASSY LONDON 0568`): after a blank
    line inside the addressees, the list goes on with it. In capitals and without a colon, so
    that no body line opening with a word and a slash (`RUSSIA/GEORGIA: ...`) is one."""
    return bool(ROUTED_ADDRESSEE_LINE.match(line)) and line.isupper() and ":" not in line


def _page_break_at(lines: list[str], index: int, last: int) -> bool:
    """Line `index` starts a page break inside the header: a page header, or the page's
    classification banners (`CONFIDENTIAL`) followed by one, blank lines between."""
    for line in lines[index:min(last, index + PAGE_BREAK_LINES)]:
        line = line.strip()
        if line.startswith("PAGE ") and PAGE_FURNITURE.match(line):
            return True
        if line and not PAGE_FURNITURE.match(line):
            return False
    return False


def split_header(text: str) -> tuple[str, str]:
    """(header_text, body_text) of a cable; header_text is '' when the text has no header.

    Line ends are normalised and trailing spaces stripped in both parts (the body is marked so,
    as a StrippedText, for the body's cleaning). Lines before the
    header's first line (distribution blocks, page banners) stay with the header.
    """
    header_lines, body = split_header_lines(text)
    return "\n".join(header_lines).strip("\n"), body


def split_header_lines(text: str) -> tuple[list[str], str]:
    """split_header with the header kept as the lines it was read from (blank lines included,
    none when the text has no header), for parse_header_lines: the text is split once."""
    lines = with_header_fields_apart(normalize_lines(without_tags(text)))
    limit = min(len(lines), HEADER_SEARCH_LINES)
    header_lines = lines
    anchor = _find_anchor(lines, limit)
    if anchor is None and lower_cased(lines[:limit]):
        # A scrape that lower-cased the whole cable: its header is read in the capitals the
        # telegram format writes it in (the body is kept as written).
        header_lines = [line.translate(ASCII_CAPITALS) for line in lines[:MAX_HEADER_LINES]]
        anchor = _find_anchor(header_lines, limit)
    elif anchor is None and title_cased_header_line(lines, 0, limit):
        # Header lines a scrape or a re-typed cable wrote with capital initials (`Fm Amembassy
        # Berlin`, `To Ruehc/Secstate Washdc Priority 1234`): read in capitals too, each such
        # line alone (the body, in mixed case or capitals, is kept as written).
        header_lines = in_capitals(lines)
        anchor = _find_anchor(header_lines, limit)
    if anchor is None:
        return [], StrippedText.from_lines(lines)
    end = _header_end(header_lines, anchor)
    if header_lines is lines and end < len(lines) \
            and title_cased_header_line(lines, end, min(len(lines), end + PAGE_BREAK_LINES)):
        # ... and the same where the routing lines, in capitals, start the header and the lines
        # from FM on are so (`DE RUEHRL #2546` ... `Fm Amembassy Berlin`): the header ended there.
        header_lines = in_capitals(lines)
        end = _header_end(header_lines, anchor)
    if LONE_DTG_LINE.match(header_lines[anchor].strip()) and not _is_anchor(header_lines, anchor):
        # An extract's lone DTG is read as a header but left in the body, with what stands
        # above it (the partial-extract notice): the extract is kept as written. (Over an FM or
        # TO line, it starts a header: the lines down to the body are the header's.)
        return [header_lines[anchor].strip()], StrippedText.from_lines(lines)
    header = header_lines[:end]
    if header_lines is lines and not "".join(header).isupper():
        # A title-cased line among header lines in capitals (`Info Ruehzl/...`, `TO Ruehc/Secstate
        # Washdc`): every line of a header is a header line, read in capitals.
        header = in_capitals(header, dtg_as_written=True)
    return header, StrippedText.from_lines(lines[end:])


# A small letter opening a word: a line holding none (but holding small letters) is written with
# capital initials (`Fm Amembassy Berlin`, `To Ruehc/Secstate Washdc 1234`, `R 301538z Aug 06`);
# prose opens some words with a small one (`To date, the minister ...`).
SMALL_INITIAL = re.compile(r"(?<![A-Za-z0-9])[a-z]")    # (`301538z`: a DTG's zone letter)
# The title-cased lines that tell a header written so, once read in capitals: its routing lines,
# FM, a routed TO / INFO line, one naming a post, `BT` (not `To Be Announced`, which would read as
# a TO line of addressees in capitals: without one of these, no line is read in capitals).
TITLE_CASED_HEADER_LINE = _any_of(TRANSMISSION_ID, DE_LINE, FM_LINE, ROUTED_BLOCK_START,
                                  POST_BLOCK_START)
# The words such a line opens with, as written, after its indentation: a cheap test before the
# others (one match a line, in C, through `filter`: most lines open otherwise).
TITLE_CASED_HEADER_START = re.compile(r"\s*+(?:Vzczc|De |Fm |To |Info )")


def title_cased(line: str) -> bool:
    """`line` holds small letters, none opening a word: written with capital initials."""
    return not line.isupper() and any(map(str.islower, line)) and SMALL_INITIAL.search(line) is None


def title_cased_header_line(lines: list[str], start: int, stop: int) -> bool:
    """One of lines[start:stop] is a header line written with capital initials
    (TITLE_CASED_HEADER_LINE once read in capitals)."""
    # (a loop: most calls find no line to try, and a generator for `any` costs more than that)
    for line in filter(TITLE_CASED_HEADER_START.match, lines[start:stop]):
        if title_cased(line) and TITLE_CASED_HEADER_LINE.match(line.strip().translate(ASCII_CAPITALS)):
            return True
    return False


def in_capitals(lines: list[str], dtg_as_written: bool = False) -> list[str]:
    """The first MAX_HEADER_LINES lines, each title-cased one (`title_cased`) read in capitals
    (the DTG line too, as the lower-cased scrape's: a repeat of the header further down, in the
    same case, is told by its DTG); with `dtg_as_written`, a DTG line is kept as written (it is
    read in any case: `P 101512Z Mar 05` in a header in capitals)."""
    return [line.translate(ASCII_CAPITALS)
            if title_cased(line) and not (dtg_as_written and DTG_LINE.match(line.lstrip()))
            else line for line in lines[:MAX_HEADER_LINES]]


def lower_cased(lines: list[str]) -> bool:
    """The lines hold letters and not one capital: a lower-cased scrape (a telegram's header is
    written in capitals)."""
    return "\n".join(lines).islower()


def later_headers(body: str, limit: int = 20) -> list[tuple[int, str]]:
    """(offset, header text) of each telegram header starting a line of `body`, at most `limit`.

    `body` as split_header returns it; each header text is cut after LATER_HEADER_CHARS.
    Page-format printouts repeat the header once per section; a scrape may duplicate it, or
    glue a second cable on.
    """
    if not _may_hold_a_header(body):
        return []
    found: list[tuple[int, str]] = []
    search_from = 0
    while len(found) < limit and \
            (match := line_start_search(LATER_HEADER_START, body, search_from)):
        header, _ = split_header(body[match.start():match.start() + LATER_HEADER_CHARS])
        found.append((match.start(), header))
        search_from = match.start() + max(len(header), 1)
    return found


def _may_hold_a_header(body: str) -> bool:
    """False when no line can start a header: far cheaper than the regex search."""
    first = ROUTING_LINE_FIRST.match(body)
    if not (first or HEADER_LINE_AFTER_LINE_END.search(body)):
        return False      # the usual body: one search
    # An FM line indented under a DTG line counts only beside routing lines (VZCZC, a DE line)
    # or an FM line that is not indented.
    return ("VZCZC" in body or bool(DE_OR_FM_AFTER_LINE_END.search(body))
            or bool(first and first[1] == "DE "))


# Characters a web page hides in a word (zero-width space and joiners, word joiner, byte-order
# mark, soft hyphen): a scrape keeps them, and `AMEMBASSY MOS\u00adCOW` is MOSCOW. (Not white
# space to `str.split`: they are deleted, not folded.)
INVISIBLE_CHARACTERS = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff\u00ad")


def _fold(text: str) -> str:
    """Whitespace folded to single spaces, invisible characters deleted, markdown link residue
    unwrapped."""
    if not text.isprintable():       # (the invisible characters are not printable: most lines
        text = text.translate(INVISIBLE_CHARACTERS)     # are, and skip the translation)
    if "[" in text:
        text = MARKDOWN_LINK.sub(r"\1", text)
    return " ".join(text.split())


def parse_addressee(line: str) -> dict:
    """One TO/INFO line: {route, name, precedence, mcn, excluded}."""
    return _parse_folded_addressee(_fold(line))


def _parse_folded_addressee(line: str) -> dict:
    """parse_addressee of a line already folded (`_fold`)."""
    route, name, precedence, mcn, rest, last = _addressee_parts(line)
    if precedence is None and last == NIGHT_ACTION and rest:
        # NIACT without its IMMEDIATE (wrapped onto the next line, see `_completes`, or
        # dropped): a night action all the same, no word of the name.
        precedence, name = NIGHT_ACTION, rest
    elif precedence is None and mcn is None and rest and last[-1:].isdecimal() \
            and (glued := PRECEDENCE_GLUED_TO_MCN.fullmatch(last)):
        precedence, mcn, name = glued["precedence"], glued["mcn"], rest
    elif precedence is None and rest:       # a misspelled precedence: `NEW DELHI PIORITY`
        precedence = _misspelled_precedence(last)
        if precedence or _is_garbled_precedence(rest, last):
            name = rest
    if name.endswith(","):    # `SECSTATE WASHDC, IMMEDIATE 1234`: the comma set the tail apart
        name = name.rstrip(", ")
    return {"route": route, "name": name, "precedence": precedence, "mcn": mcn, "excluded": []}


def _addressee_parts(line: str) -> tuple:
    """(route, name, precedence, mcn, rest, last) of a folded addressee line: the name runs to
    the first space that precedence and MCN (either, or both) follow to the line's end, and
    keeps at least its first word. `rest` and `last`: the name without its last word, and that
    word ('' and the name when it is one word), for the misspelled precedence.

    Read from the end by `rpartition` instead of a regex that tries the precedence and MCN after
    each word of the name: most names are two or three words, the tail one or two.
    """
    route = None
    if "/" in line and (match := ADDRESSEE_ROUTE.match(line)):
        route, line = match["route"], line[match.end():]
        if route == ZEN:
            route = None
    precedence = mcn = None
    rest, _, last = line.rpartition(" ")
    # An MCN: a plain number told without the regex, a range by it (the last word ends in a digit)
    if rest and ((last.isdecimal() and len(last) <= MCN_DIGITS)
                 or (last[-1:].isdecimal() and ADDRESSEE_MCN.fullmatch(last))):
        mcn, line = last, rest
        rest, _, last = line.rpartition(" ")
    if rest and last in ADDRESSEE_PRECEDENCES:
        precedence, line = last, rest
        rest, _, last = line.rpartition(" ")
        if precedence == "IMMEDIATE" and rest and last == NIGHT_ACTION:
            precedence, line = f"{NIGHT_ACTION} {precedence}", rest
            rest, _, last = line.rpartition(" ")
    return route, line, precedence, mcn, rest, last


def _is_garbled_precedence(name: str, last: str) -> bool:
    """`last`, after a station `name` of the routing list, stands where the precedence does and
    is no word of any station name: the scrape garbled the precedence (`AMEMBASSY LA PAZ AUG`
    where PRIORITY stood), and it is no part of the name. Unknown stations keep every word."""
    known_names, name_words = _routing_list_names()
    return name in known_names and last not in name_words


@lru_cache(maxsize=1)
def _routing_list_names() -> tuple[frozenset, frozenset]:
    """The routing list's station names, and every word they hold."""
    names = frozenset(route_names().values())
    return names, frozenset(word for name in names for word in name.split())


def _misspelled_precedence(word: str) -> str | None:
    """The precedence a word is one typing error away from (`PIORITY`, `IMMEDIAT`), or None."""
    if len(word) not in PRECEDENCE_WORD_LENGTHS:   # most last words: no need to compare
        return None
    return _remembered_misspelled_precedence(word)


# The last words of addressees are mostly place names that recur from cable to cable (WASHDC,
# BRUSSELS): the answer for each is remembered (the words are short: the memory stays small).
@lru_cache(maxsize=4096)
def _remembered_misspelled_precedence(word: str) -> str | None:
    return next((name for name in PRECEDENCE_WORDS
                 if one_edit_apart(word, name) or _two_letters_swapped(word, name)), None)


def _two_letters_swapped(word: str, target: str) -> bool:
    """`word` is `target` with two neighbouring letters swapped (`IMMEDAITE`, `PRIORTIY`): the
    typing error one_edit_apart counts as two."""
    if len(word) != len(target) or word == target:
        return False
    start = 0
    while word[start] == target[start]:     # (they differ: the loop stops inside both)
        start += 1
    return start + 1 < len(word) and word[start] == target[start + 1] \
        and word[start + 1] == target[start] and word[start + 2:] == target[start + 2:]


def _exclusion_target(result: dict, blocks: dict) -> dict | None:
    """The collective addressee an XMT line refers to: the last collective so far (`... COLLECTIVE`,
    `ALL DIPLOMATIC AND CONSULAR POSTS`, `... DIPL POSTS`; an INFO one after a TO one), else the
    last addressee.

    Each list is read once over the header (`blocks["collectives"]`: the addressees read and the
    last collective among them), not again at each XMT line: a header of many is read in linear
    time."""
    found = blocks["collectives"]
    for key in ("info_recipients", "recipients"):
        listed = result[key]
        read, collective = found.get(key, (0, None))
        # (the last one read is read again: the next line may have completed its name, a wrap)
        for recipient in listed[max(read - 1, 0):]:
            name = recipient["name"]
            if "COLLECTIVE" in name or name.startswith(ALL_POSTS) or name.endswith(POSTS_ENDINGS):
                collective = recipient
        found[key] = (len(listed), collective)
    last = found["info_recipients"][1] or found["recipients"][1]
    if last is None and (listed := result["info_recipients"] or result["recipients"]):
        last = listed[-1]
    return last


def _routing(indicators: list[str], de_match) -> dict | None:
    if de_match is None and not indicators:
        return None
    return {
        "station": de_match["station"] if de_match else None,
        "sequence": de_match["sequence"] if de_match else None,
        "part": int(de_match["part"]) if de_match and de_match["part"] else None,
        "julian_time": de_match["julian"] if de_match else None,
        "indicators": indicators,
    }


def parse_header(header: str) -> dict:
    """Fields of a header block (as split_header returns it; '' gives all None / empty).

    Keys: transmission_id, routing, precedence, date_time_group, created (aware UTC datetime
    of the DTG), year (four digits), sender, recipients, info_recipients, security_level (the
    level the security line gives: `ZNY CCCCC` is CONFIDENTIAL), warnings.
    """
    return parse_header_lines(normalize_lines(header))


def parse_header_lines(lines: list[str]) -> dict:
    """parse_header of a header's lines, right-stripped (as split_header_lines returns them)."""
    result: dict[str, Any] = {"transmission_id": None, "routing": None, "precedence": None,
                              "date_time_group": None, "created": None, "year": None,
                              "sender": None, "recipients": [], "info_recipients": [],
                              "security_level": None, "warnings": []}
    routing: dict[str, Any] = {"indicators": [], "de": None, "precedence_letter": None}
    # The open TO/INFO/XMT block, the XMT posts with the addressee each excludes from.
    blocks: dict[str, Any] = {"block": None, "excluded": [], "target": None, "before_xmt": None,
                              "collectives": {}}
    folded = iter(_folded_lines(lines))
    for line in folded:     # the lines before the sender (or before an extract's first block)
        if line[0] in PAGE_FURNITURE_FIRST and PAGE_FURNITURE.match(line):
            continue
        if match := OPENS_ADDRESSEES.match(line):
            if match["sender"] is not None:
                _read_sender(match["sender"], result, blocks)
            else:           # an extract that starts at TO: the match is the block's start
                _read_addressee_line(line, match, result, blocks)
            break
        _read_line_before_sender(line, result, routing)
    for line in folded:     # the addressees: the same iterator, from the line after
        if line[0] in PAGE_FURNITURE_FIRST and PAGE_FURNITURE.match(line):
            continue
        if result["sender"] is None and (match := FM_LINE.match(line)):
            blocks["block"] = None
            _read_sender(match["sender"], result, blocks)
        elif line == BREAK_LINE:
            break
        else:
            _read_addressee_line(line, BLOCK_START.match(line), result, blocks)
    if result["precedence"] is None and routing["precedence_letter"]:
        result["precedence"] = PRECEDENCE_NAMES[routing["precedence_letter"]]
    result["routing"] = _routing(routing["indicators"], routing["de"])
    _apply_exclusions(result, blocks["excluded"])
    return result


def _read_sender(sender: str, result: dict, blocks: dict) -> None:
    """The FM line's sender, and the TO block a scrape ran onto the line (NEXT_TO_BLOCK); not
    in a delegation's name, which says whom it is sent to (`USDEL TO USUN GENERAL ASSEMBLY`)."""
    if RUN_ON_TO in sender and not sender.startswith(DELEGATION) \
            and (to_block := NEXT_TO_BLOCK.search(sender)):
        sender, addressees = sender[:to_block.start()], sender[to_block.end():]
        _read_addressee_line(addressees, BLOCK_START.match(addressees), result, blocks)
    result["sender"] = sender


def _folded_lines(lines: list[str]) -> list[str]:
    """The lines folded (`_fold`), blank lines left out (they say nothing).

    Most headers are folded already: printable (no white space but the space), with no markdown
    link and no space at a line's ends or beside another. One test of the lines joined tells
    them, instead of a fold of each line: the lines are joined by single spaces, so a space at
    the end or start of a line (but the first's start and the last's end, tested apart) stands
    beside another.
    """
    kept = [line for line in lines if line]
    joined = " ".join(kept)
    if joined.isprintable() and "  " not in joined and "[" not in joined \
            and not joined.startswith(" ") and not joined.endswith(" "):
        return kept
    return [folded for folded in map(_fold, kept) if folded]


def _read_line_before_sender(line: str, result: dict, routing: dict) -> None:
    """VZCZC, precedence + indicators, DE and DTG lines; anything else is ignored."""
    if result["transmission_id"] is None and TRANSMISSION_ID.match(line):
        result["transmission_id"] = line
    elif routing["de"] is None and (match := PRECEDENCE_LINE.match(line)):
        routing["precedence_letter"] = routing["precedence_letter"] or line[0]
        routing["indicators"] += match["indicators"].split()
    elif routing["de"] is None and routing["indicators"] and INDICATORS_ONLY.match(line):
        routing["indicators"] += line.split()
    elif routing["de"] is None and (match := DE_LINE.match(line)):
        routing["de"] = match
    elif line[:2] == SECURITY_LINE_START and result["security_level"] is None \
            and (match := SECURITY_LEVEL.match(line)):
        result["security_level"] = SECURITY_LEVELS[match["letter"]]
    elif result["date_time_group"] is None and (match := DTG_LINE.match(line)):
        result["precedence"] = dtg_line_precedence(match)
        _set_dtg(result, line)
    elif result["date_time_group"] is None and LONE_DTG_LINE.match(line):
        _set_dtg(result, line)
    elif result["date_time_group"] is None and (match := UNREAD_DTG_LINE.match(line)):
        result["precedence"] = PRECEDENCE_NAMES[match["unread_action"]]
        result["warnings"].append(f"date_time_group: '{line}' is not a DTG that can be read")
    elif result["date_time_group"] is None and (match := SPLIT_PRECEDENCE_LINE.match(line)):
        result["precedence"] = PRECEDENCE_NAMES[match["split_action"]]   # the DTG on the next line


def _read_addressee_line(line: str, block_start: re.Match | None, result: dict,
                         blocks: dict) -> None:
    """A TO / INFO / XMT line (`block_start`: its match, with BLOCK_START's groups), or the
    continuation of the open block."""
    if (NEXT_INFO_BLOCK in line or NEXT_XMT_BLOCK in line) \
            and len(pieces := NEXT_BLOCK_START.split(line)) > 1:     # `... INFO RUEHBJ/...`
        _read_addressee_line(pieces[0], block_start and BLOCK_START.match(pieces[0]), result, blocks)
        for piece in pieces[1:]:
            _read_addressee_line(piece, BLOCK_START.match(piece), result, blocks)
        return
    if block_start:
        if block_start["keyword"] == "XMT" and blocks["block"] != "XMT":
            blocks["before_xmt"] = blocks["block"]
        blocks["block"], line = block_start["keyword"], block_start["rest"]
        if blocks["block"] == "XMT":    # it excludes posts from the collective named before it
            blocks["target"] = _exclusion_target(result, blocks)
        if line is None:                # the keyword alone: its addressees on the lines under it
            return
    elif blocks["block"] == "XMT" and ROUTED_ADDRESSEE_LINE.match(line):
        # An XMT list names its posts without a routing indicator: a routed line after it is
        # an addressee again, of the TO or INFO block the XMT line stood in.
        blocks["block"] = blocks["before_xmt"]
    block = blocks["block"]
    if block == "XMT":
        blocks["excluded"].extend((blocks["target"], post) for post in _run_on_addressees(line))
    elif block is not None:             # TO or INFO
        target = result["recipients"] if block == "TO" else result["info_recipients"]
        if target and line.startswith(WRAPPED_TAIL_STARTS) and _completes(target[-1], line):
            return
        if target and target[-1]["name"] in _post_types() and _continues_name(target[-1], line):
            return
        if target and _continues_place(target[-1], line):
            return
        if target and target[-1]["route"] and _continues_routed_name(target[-1], line):
            return
        if "[" in line:
            # The line is folded (parse_header): folding again changes only what a nested
            # markdown link leaves behind.
            target.extend(map(parse_addressee, _run_on_addressees(line)))
        elif _may_be_run_on(line):
            target.extend(map(_parse_folded_addressee, _run_on_addressees(line)))
        else:       # the usual line: one addressee, nothing to cut (no list made for it)
            target.append(_parse_folded_addressee(line))


# An addressee's precedence and MCN wrapped onto a line of their own (`RUEHVEN/USMISSION USOSCE` /
# `PRIORITY 1609`) start so; no addressee's name does (a cheap test for every addressee line).
WRAPPED_TAIL_STARTS = tuple("0123456789") + tuple(ADDRESSEE_PRECEDENCES) + (NIGHT_ACTION,)


def _completes(above: dict, line: str) -> bool:
    """`line` holds only a precedence, an MCN or both, which no addressee is named as: the tail
    of the addressee `above`, wrapped, when `above` lacks what it holds (an MCN alone may follow
    the precedence); it is set there (True)."""
    if above["mcn"] is not None:
        return False
    words = line.split()
    mcn = words.pop() if words and ADDRESSEE_MCN.fullmatch(words[-1]) else None
    precedence = " ".join(words) or None
    if precedence is None:
        if mcn is None:
            return False
    elif above["precedence"] == NIGHT_ACTION and precedence == "IMMEDIATE":
        # `RUEHLO/AMEMBASSY LONDON NIACT` / `IMMEDIATE 1234`: the wrap split NIACT IMMEDIATE
        above["precedence"] = f"{NIGHT_ACTION} {precedence}"
    elif above["precedence"] is not None or (precedence not in ADDRESSEE_PRECEDENCES
                                             and precedence != f"{NIGHT_ACTION} IMMEDIATE"):
        return False
    else:
        above["precedence"] = precedence
    above["mcn"] = mcn
    return True


@lru_cache(maxsize=1)
def _post_types() -> frozenset:
    """The words that open a post's name and name none alone (`AMEMBASSY`, `USMISSION`...)."""
    return frozenset(rule.written for rule in origin_rules() if rule.kind == "prefix")


def _continues_name(above: dict, line: str) -> bool:
    """`above` is an addressee named by its post type alone, nothing after it: its name wrapped
    (`RUEHVEN/USMISSION` / `USOSCE PRIORITY 1609`), and `line`, with no routing indicator of
    its own, is the rest of it (set there: True)."""
    if above["precedence"] is not None or above["mcn"] is not None \
            or ROUTED_ADDRESSEE_LINE.match(line) or line.split(" ", 1)[0] in _post_types():
        return False        # (a line opening with a post type names a post of its own)
    rest = _parse_folded_addressee(line)
    above.update(name=f"{above['name']} {rest['name']}", precedence=rest["precedence"],
                 mcn=rest["mcn"])
    return True


def _continues_place(above: dict, line: str) -> bool:
    """`above`, with neither precedence nor MCN and a name no post of the routing list has, had
    its name wrapped inside its place (`AMEMBASSY SANTO` / `DOMINGO 1234`, `AMEMBASSY PORT AU` /
    `PRINCE`): `line`, with no routing indicator nor post type of its own, holds the rest of it
    when the two make a name of the routing list (`AMEMBASSY SANTO DOMINGO`), routed or not (set
    there: True). A whole name above stays one (`AMEMBASSY PARIS` / `LONDON 12`: two)."""
    if above["precedence"] is not None or above["mcn"] is not None:
        return False
    known_names = _routing_list_names()[0]
    if above["name"] in known_names or ROUTED_ADDRESSEE_LINE.match(line) \
            or line.split(" ", 1)[0] in _post_types():
        return False
    rest = _parse_folded_addressee(line)
    name = f"{above['name']} {rest['name']}"
    if rest["route"] is not None or name not in known_names:
        return False
    above.update(name=name, precedence=rest["precedence"], mcn=rest["mcn"])
    return True


# The words a name wrapped in its middle may end with: no addressee's name ends so
# (`RUEHZN/ENVIRONMENT SCIENCE AND` / `TECHNOLOGY COLLECTIVE`).
CONNECTIVE_ENDINGS = (" AND", " OF", " FOR", " THE")
# A military addressee's office symbols stand between double slashes (`HQ USEUCOM VAIHINGEN
# GE//J5 DIRECTORATE (MC)//`): a name holding an odd number of them was cut inside the symbols.
OFFICE_SYMBOL_MARK = "//"
# The last word of a collective's name, and a state or country code (`DC`, `FL`, `GE`), alone on
# the line under a routed addressee: they name no addressee.
COLLECTIVE = "COLLECTIVE"
PLACE_CODE_LETTERS = 2


def _continues_routed_name(above: dict, line: str) -> bool:
    """`above`, a routed addressee with neither precedence nor MCN, had its name wrapped, and
    `line` (no routing indicator, no post type of its own) holds the rest of it and its tail:
    when the routing list names `above`'s route so (`RHEHNSC/WHITE HOUSE NATIONAL SECURITY
    COUNCIL` / `WASHINGTON DC PRIORITY 1234`), when `above`'s name ends with a connective or
    inside its office symbols, or when the rest names nothing alone: COLLECTIVE, a state or
    country code (`DC`, `FL`, `GE`), what no name starts with (`(MC)//`). An unrouted addressee
    after a routed one is otherwise an addressee of its own (`UN SECURITY COUNCIL COLLECTIVE`)."""
    if above["precedence"] is not None or above["mcn"] is not None \
            or ROUTED_ADDRESSEE_LINE.match(line) or line.split(" ", 1)[0] in _post_types():
        return False
    rest = _parse_folded_addressee(line)
    if rest["route"] is not None:       # no routing indicator (not one of R...): a slash of the name
        rest["name"] = f"{rest['route']}/{rest['name']}"      # (`POLAD//`, office symbols)
    name = f"{above['name']} {rest['name']}"
    if not (_names_nothing_alone(rest["name"]) or above["name"].endswith(CONNECTIVE_ENDINGS)
            or above["name"].count(OFFICE_SYMBOL_MARK) % 2
            or route_names().get(above["route"]) == name):
        return False
    above.update(name=name, precedence=rest["precedence"], mcn=rest["mcn"])
    return True


def _names_nothing_alone(name: str) -> bool:
    """`name` is the end of a name, not one: COLLECTIVE, a code of one or two letters (the state
    or country after a place: `WASHINGTON` / `DC`), or what starts with no letter or digit."""
    return name == COLLECTIVE or len(name) <= PLACE_CODE_LETTERS or not name[:1].isalnum()


def _may_be_run_on(line: str) -> bool:
    """The folded line may hold what `_run_on_addressees` cuts: a tail, or the start of a
    second addressee (` R.../`, ` AMEMBASSY`...). False for most lines."""
    return line.endswith(ADDRESSEE_LINE_TAILS) or (" R" in line and "/" in line) \
        or NEXT_AM_POST in line or NEXT_USMISSION in line or NEXT_ZEN in line \
        or LIST_SEPARATOR in line


def _run_on_addressees(line: str) -> list[str]:
    """The addressees a folded line holds: one, or several that a scrape ran onto it; the
    header's break run onto the last one (`... IMMEDIATE 1234 BT`) and punctuation closing it
    (`... 1234,`) are no part of it."""
    if line.endswith(ADDRESSEE_LINE_TAILS):
        line = ADDRESSEE_LINE_TAIL.sub("", line)
    if (" R" in line or NEXT_ZEN in line) and "/" in line:   # a second routed addressee: ' R.../'
        pieces = NEXT_ROUTED_ADDRESSEE.split(line)
    elif LIST_SEPARATOR in line and "/" not in line and LISTED_POST.search(line):
        pieces = [post for listed in NEXT_LISTED_ADDRESSEE.split(line)    # `..., USMISSION NATO`
                  for post in NEXT_POST_ADDRESSEE.split(listed)]
    elif NEXT_AM_POST in line or NEXT_USMISSION in line:  # ' AMEMBASSY ...'
        pieces = NEXT_POST_ADDRESSEE.split(line)
    else:
        return [line]
    # `AMCONSUL CHENGDU, AMCONSUL SHENYANG`: the separator closes all but the last
    return [ADDRESSEE_LINE_TAIL.sub("", piece) if piece.endswith(ADDRESSEE_LINE_TAILS) else piece
            for piece in pieces]


def _set_dtg(result: dict, line: str) -> None:
    dtg = parse_dtg(line)
    assert dtg is not None      # its callers matched DTG_LINE or LONE_DTG_LINE: the line holds a DTG
    written, when = dtg
    result["date_time_group"] = written
    result["created"] = when
    if when is None:
        result["warnings"].append(f"date_time_group: '{written}' is not a valid date")
    else:
        result["year"] = when.year


def _apply_exclusions(result: dict, excluded: list[tuple[dict | None, str]]) -> None:
    """Each XMT post into the `excluded` list of the collective named before its XMT line."""
    for target, post in excluded:
        if target is None:
            result["warnings"].append("XMT line without a collective addressee to exclude from")
            return
        if post not in target["excluded"]:
            target["excluded"].append(post)
