"""The SUBJECT field: its label in any case (also run into the TAGS line), its portion marking,
the lines it wraps onto (only from a full line, or one the next line's first word would not have
fit on, up to the next field or a block that never belongs to it), and a last word set apart by
a blank line.
"""
import functools
import re
from typing import Callable

from ._body_classification import CAVEAT_LINE
from ._body_dates import EXECUTIVE_ORDER
from ._body_head import FIELD_END, HeadBlock, SUBJECT_LABEL, TAGS_LABEL
from ._body_line_kinds import DASH_LINE
from ._metadata import station_places
from ._text import fold

# `SUBJECT:` run into the TAGS line by a scrape (`TAGS: PREL GM SUBJECT: GERMANY: ...`).
SUBJECT_IN_LINE = re.compile(r"(?<=\s)SUBJ(?:ECT)?:\s*", re.IGNORECASE)
# Punctuation the label takes one of (SUBJECT_LABEL: `SUBJECT:`, `SUBJECT -`): more of it, doubled
# by a typing error (`SUBJECT:: ...`, `SUBJECT: - ...`), opens no subject.
LABEL_PUNCTUATION = ":;-"
# A subject wraps onto the next line only from a full line: the corpus' wrapped subject lines are
# 40 characters or longer with their label; a shorter line is the whole subject, and the line
# under it (no blank between) is the next block,
SUBJECT_WRAP_MIN_CHARS = 35
# unless the line under it opens with a word that would not have fit on it within the narrowest
# width a scrape wraps a subject at (40 columns): `SUBJECT: GERMANY: SPD LEADS` / `CONSERVATIVES
# IN BERLIN POLLS` was wrapped there, `SUBJECT: GERMANY: TRADE TALKS` / `QUESTIONS ON TRADE` was not.
SUBJECT_WRAP_COLUMNS = 40
# The most lines a subject wraps onto.
SUBJECT_WRAP_LINES = 4
# A field a scrape ran into the subject's line: the subject ends before it.
SUBJECT_RUN_ON = re.compile(r"\s(?:REF(?:S|TELS?|\(S\))?|Classified\s+By)\s*:", re.IGNORECASE)
# Blocks that follow the subject without a blank line and are never part of it.
SUBJECT_STOP = re.compile(r"""
    ^\s*+(?:
        THIS\s+(?:IS\s+AN?\s+(?:ACTION|INFORMATION|CORRECTED)
                | (?:CABLE|MESSAGE|TELEGRAM)\s+(?:IS|CONTAINS|HAS|WAS|REQUESTS))
      | ACTION\s+REQUEST | SENSITIVE\s+BUT\s+UNCLASSIFIED | DERIVED\s+FROM | POINTS?\s+OF\s+CONTACT
      | PLEASE\s+(?:PROTECT|SEE|HANDLE) | SIPDIS | CORRECTED\s+COPY | DECL\s*:
      # addressing: `DEPT PASS TO USTR`, `DEPT FOR EUR/CE` (not `FOR ...`: a wrapped subject's words)
      | (?:DEPT|DEPARTMENT|SECSTATE)\s+(?:PLEASE\s+)?(?:PASS|FOR)\b | PASS\s+TO\b
      # a banner: the level alone, or with its caveats after `//` or a space (`UNCLAS SENSITIVE`;
      # not `SECRET TALKS`)
      | (?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|LIMITED\s+OFFICIAL\s+USE|FOR\s+OFFICIAL\s+USE\s+ONLY)
        (?:\s*//?\s*[A-Z]+ | \s+(?:SENSITIVE|SBU|NOFORN|SIPDIS|EXDIS|NODIS|LIMDIS|FOUO))*\s*\.?$
      | SBU\b\s*(?:[-:.]|$)                 # `SBU - PLEASE HANDLE ACCORDINGLY`
    )""", re.VERBOSE | re.IGNORECASE)
# A leading portion marking of the subject: (U), (C), (SBU), (S/NF), NOFORN after a hyphen (C-NF),
# a release list (`S//REL TO USA, ACGU`, `C//REL`, `S/REL FRANCE, BRITAIN, ... AND QATAR`).
SUBJECT_MARKING = re.compile(r"^\((?:TS|S|C|U|SBU|LOU|FOUO)"
                             r"(?:\s*(?://?|-)\s*(?:REL\b[A-Z /,]{0,90}?|[A-Z]{2,7}(?:\ [A-Z]{2,7})?))*\)\s*",
                             re.IGNORECASE)
# The same marking at the subject's end, where some drafters put it (`... FROM GERMAN FIRMS (S)`):
# a level's letters alone or with NOFORN, after a space (not `(FSLN)`, `(C-AL9-01632)`).
TRAILING_SUBJECT_MARKING = re.compile(r"""
    \s+\( (?:TS|S|C|U|SBU|LOU|FOUO) (?:\s*(?://?|-)\s*(?:NF|NOFORN))? \)$
    """, re.VERBOSE | re.IGNORECASE)


def find_subject(head: HeadBlock) -> str | None:
    """SUBJECT / SUBJ (any case; also run into the TAGS line) across its wrapped lines,
    whitespace folded, a portion marking at its start or end removed."""
    for index in head.lines_with("ubj"):          # `SUBJ` but its `s`: see `lines_with`
        line = head.lines[index]
        label = SUBJECT_LABEL.match(line)
        rest = None
        if label is None and (label := run_into_tags_line(line)):
            rest = run_on_subject(line[label.end():])
        if label:
            value = fold(rest if rest is not None else
                         " ".join(subject_lines(head.lines, index, line[label.end():],
                                                page_break_at=head.page_break_at)))
            if ":" in value and runs_on_into_field(value):    # a field run on ends with its colon
                value = SUBJECT_RUN_ON.split(value, maxsplit=1)[0]
            if value and value[0] in LABEL_PUNCTUATION:    # `SUBJECT:: ...`, `SUBJECT: - ...`
                value = value.lstrip(LABEL_PUNCTUATION + " ")
            if value.startswith("("):             # (and a dash after it: `(U) - BRAZIL: ...`)
                value = SUBJECT_MARKING.sub("", value).lstrip(LABEL_PUNCTUATION + " ")
            value = value.strip()
            if value.endswith(")"):
                value = TRAILING_SUBJECT_MARKING.sub("", value)
            return value or None
    return None


def run_into_tags_line(line: str) -> re.Match | None:
    """The SUBJECT label a scrape ran into the TAGS line, after the tags (`TAGS: PREL GM
    SUBJECT: ...`), the TAGS line opening the line or run, in its turn, into the E.O. line
    (`E.O. 12958: DECL: 03/13/2018 TAGS: PREL, FR SUBJECT: ...`: a scrape that lost the line
    ends of the whole block, as `find_tags` reads it)."""
    tags = TAGS_LABEL.search(line)
    if tags is None or not (tags.start() == 0 or EXECUTIVE_ORDER.search(line, 0, tags.start())):
        return None
    return SUBJECT_IN_LINE.search(line, tags.end())


# Where a subject run into the TAGS line ends, when the line goes on past it (a scrape that lost
# the line ends of more than the header block): at the label of a field (`SUMMARY:`, `REF:`,
# `Classified By:` or without colon, `DERIVED FROM:`), a notice (`SENSITIVE BUT UNCLASSIFIED`) or
# the first paragraph (`1. (C)`, `1.(S)`, `¶1.`, `1. SUMMARY`). Not at a run of spaces: a
# subject's wrapped line is indented as a lost blank line is.
RUN_ON_SUBJECT_END = re.compile(r"""
    \s(?= (?:BEGIN\s+)?SUMMARY\b[ \t]*[-:]
        | (?:REF(?:S|TELS?)?|DERIVED[ \t]+FROM)[ \t]*:
        | CLASSIFIED[ \t]+BY\b | SENSITIVE[ \t]+BUT[ \t]+UNCLASSIFIED\b
        | ¶ | 1\.[ \t]*(?:\((?:TS|S|C|U|SBU)\b | SUMMARY\b) )
""", re.VERBOSE | re.IGNORECASE)
# A subject is a title: the corpus' longest is 140 characters. What runs on longer than this
# from the label without one of those ends is text no rule cuts: no subject is taken from it.
RUN_ON_SUBJECT_MAX_CHARS = 200


def run_on_subject(rest: str) -> str | None:
    """The subject in the `rest` of a line it was run into, when something follows it there
    (RUN_ON_SUBJECT_END); None when it runs to the line's end (and may wrap as any subject).
    '' (no subject) when what follows the label runs on too far to tell where it ends."""
    rest = rest.strip()
    end = RUN_ON_SUBJECT_END.search(rest, 0, RUN_ON_SUBJECT_MAX_CHARS + 1)
    if end:
        return rest[:end.start()]
    return "" if len(rest) > RUN_ON_SUBJECT_MAX_CHARS else None


def runs_on_into_field(value: str) -> bool:
    """`value` may hold a field SUBJECT_RUN_ON cuts at: it holds `ref` or `cla` once lower-cased
    (the labels but their `s`, `i`: see `HeadBlock`). Most subjects hold a colon (`COUNTRY:
    TOPIC`) and neither: told so without the pattern's search."""
    lower = value.lower()
    return "ref" in lower or "cla" in lower


def subject_lines(head: list[str], index: int, first: str, limit: int = SUBJECT_WRAP_LINES,
                  page_break_at: Callable[[int], int] = lambda position: 0) -> list[str]:
    """The subject's text on head[index] and the lines it wraps onto: each from a full line
    (SUBJECT_WRAP_MIN_CHARS), one its first word would not have fit on (`wrapped_before`) or one
    cut off unfinished (`ends_unfinished`: `... ANSWER TO`),
    none a blank line (but one after a line cut off unfinished, and the last word set apart
    by blank lines, see `last_word_apart`),
    another field or a notice (SUBJECT_STOP), and none in mixed case under a subject in
    capitals. A page break (`page_break_at`: see `HeadBlock`: the blank line a page header cut
    from the text left, or a page header the cleaning leaves) is none: the line under it is read
    as if it stood right under the line above the header."""
    parts, previous = [first], head[index]
    previous_text = first                     # without the label (`Subject:` in mixed case)
    capitals = not has_lower_case(first)
    bridged = False                           # a blank line crossed (see `ends_unfinished`)
    position, end = index, min(len(head), index + 1 + limit)
    while (position := position + 1) < end:
        line = head[position]
        if skip := page_break_at(position):
            following = position + skip       # the line after the page break
            if following + 1 < len(head) and DASH_LINE.match(head[following + 1]):
                break                         # a heading and its ruler after the page break
            position = following - 1
            end = min(len(head), end + skip)  # (the break counts none of the subject's lines)
            continue
        if not "".join(parts).strip() or (len(parts) == 1 and SUBJECT_MARKING.fullmatch(first.strip())):
            # `SUBJECT:` alone (or with its marking: `SUBJECT: (C)`), its text on the next line
            if FIELD_END.match(line):
                break
            parts.append(line)
            previous = previous_text = line
            capitals = not has_lower_case(line)
            continue
        if not line.strip():                  # a blank line ends the subject, but
            if not bridged and ends_unfinished(previous_text):
                bridged = True                # one the scrape put inside the subject
                continue
            if not bridged and capitals and (word := last_word_apart(head, position, previous)):
                parts.append(word)
            break
        # (an abbreviation in parentheses follows the name it stands for, on any line: `CUTOFF
        # TREATY` / `(FMCT) STILL MALEABLE`)
        short = len(previous.strip()) < SUBJECT_WRAP_MIN_CHARS and not ends_unfinished(previous_text) \
            and not goes_on_after_open_end(previous_text, line) \
            and not SUBJECT_ACRONYM_LINE.match(line) and not wrapped_before(previous, line)
        if short \
                or (FIELD_END.match(line) and not SUBJECT_ACRONYM_LINE.match(line)) \
                or CAVEAT_LINE.match(line) or stops_subject(line, previous_text) \
                or (capitals and has_lower_case(line)) or addressing(line, previous_text):
            break
        parts.append(line)
        previous = previous_text = line
    return parts


# Words of SUBJECT_STOP that a title may hold (`... RESPONDS TO THE DEPARTMENT'S` / `ACTION REQUEST
# ON BIOFUELS`): they go on with a subject line cut off on a word a title cannot end on.
# (a title's words go on with a preposition, `ACTION REQUEST ON BIOFUELS`; the notice with a verb
# or a colon, `ACTION REQUEST FOLLOWS IN PARA 5`, `ACTION REQUEST: SEE PARA 5`)
STOP_WORDS_OF_TITLES = re.compile(r"""
    \s*+(?:ACTION\s+REQUEST|POINTS?\s+OF\s+CONTACT)
    \s+(?:ON|FOR|REGARDING|ABOUT|TO|OF|CONCERNING|FROM|IN\s+(?!PARA))\b""", re.VERBOSE | re.IGNORECASE)


def stops_subject(line: str, previous: str) -> bool:
    """`line`, right under the subject's line `previous`, is a block that is never the subject's
    (SUBJECT_STOP), unless `previous` was cut off unfinished and `line` opens with words a title
    may hold (STOP_WORDS_OF_TITLES)."""
    if not SUBJECT_STOP.match(line):
        return False
    return not (STOP_WORDS_OF_TITLES.match(line) and ends_unfinished(previous))


# An addressing line under the subject, no blank line between: a post or an agency, and what it
# is to do with the cable, FOR an office or a person or PASS (TO) another (`BERLIN FOR POL`, `STATE
# FOR EUR/CE`, `TREASURY FOR OASIA`, `NEW DELHI ALSO FOR USAID`, `ROME PLS PASS TO FODAG`). A
# subject's wrapped line may open with a place too (`... VISIT TO` / `BERLIN FOR THE MINISTERIAL`),
# or with words and FOR (`AESA RADAR FOR GRIPEN`, `MOMENTUM FOR BOEING`): `addressing` asks the
# words before FOR to name a post or an agency (ADDRESSEES), and the line above to end on a word a
# title may end on. In capitals, or lower-cased as a whole scrape writes it.
ADDRESSING_LINE = re.compile(r"""
    [ \t]*+(?P<addressee>[A-Z][A-Z.&'-]*+(?:[ \t]+[A-Z][A-Z.&'-]*+){0,3}?)
    [ \t]+(?:(?:ALSO|PLEASE|PLS)[ \t]+)?(?:FOR|PASS(?:[ \t]+TO)?)[ \t]+\S""", re.VERBOSE)
# The agencies and offices that addressing lines name, the telegrams' short names for some posts
# (USUN, USEU, HCMC, RIO) and posts of old cables the 2010 routing list no longer has (BONN); the
# other posts are that list's places (`station_places`).
ADDRESSING_AGENCIES = frozenset("""
    STATE DEPT DEPARTMENT SECSTATE TREASURY USDOC COMMERCE USTR USAID AID DOD SECDEF OSD JCS NSC
    CIA DIA NSA FBI DHS DOE ENERGY DOJ JUSTICE USDA AGRICULTURE LABOR DOL DOT EXIM OPIC USEU USNATO
    USUN USOECD USOSCE UNVIE HCMC RIO BONN SAIGON LENINGRAD BOMBAY CALCUTTA MADRAS""".split())


@functools.cache
def addressees() -> frozenset:
    """Every post and agency an addressing line may name first, in capitals, its words one space
    apart (`SAO PAULO`)."""
    return ADDRESSING_AGENCIES | station_places()


def addressing(line: str, previous: str) -> bool:
    """`line`, under the subject's line `previous`, is an addressing line (ADDRESSING_LINE): its
    first words name a post or an agency, and `previous` ends on no word a title cannot end on
    nor on a comma (OPEN_ENDS): `... VISIT TO` / `BERLIN FOR ...` goes on with the subject. In
    capitals, or lower case where `previous` is too (a lower-cased scrape)."""
    if line.islower() and previous.islower():
        line, previous = line.upper(), previous.upper()
    elif not line.isupper():
        return False
    match = ADDRESSING_LINE.match(line)
    if match is None or " ".join(match["addressee"].split()) not in addressees():
        return False
    previous = previous.rstrip()
    return not previous.endswith(OPEN_ENDS) and \
        UNFINISHED_END.search(previous, max(0, len(previous) - UNFINISHED_END_CHARS)) is None


# What a subject's line that goes on on the next ends with, besides a word (`... RELATION,` / `SAO
# PAULO`, `GERMANY:` / ...).
OPEN_ENDS = (",", ":", ";", "-", "/", "&")


def goes_on_after_open_end(previous: str, line: str) -> bool:
    """A short subject line ending open (OPEN_ENDS: `SUBJECT: BRAZIL:`, `GERMANY -`) goes on onto
    `line`, unless that ends a sentence (`EMBASSY DELIVERED THE DEMARCHE MARCH 3.`: the text's,
    under a subject that ended so)."""
    return previous.rstrip().endswith(OPEN_ENDS) and not line.rstrip().endswith(".")


def wrapped_before(previous: str, line: str) -> bool:
    """`line`'s first word would not have fit at the end of `previous` within
    SUBJECT_WRAP_COLUMNS: the line above was wrapped before it (see SUBJECT_WRAP_COLUMNS)."""
    words = line.split(maxsplit=1)
    return bool(words) and len(previous.rstrip()) + 1 + len(words[0]) > SUBJECT_WRAP_COLUMNS


# A wrapped subject line opening with an abbreviation in parentheses (`SUBJECT: PAKISTANI VIEWS ON
# FISSILE MATERIAL CUTOFF TREATY` / `(FMCT) STILL MALEABLE`): capitals that are no portion
# marking, which would open the first paragraph (`(C) text`); in a lower-cased scrape, small
# letters (`(fmct) still maleable`, not `(c)`).
SUBJECT_ACRONYM_LINE = re.compile(r"""
    [ \t]*+\((?! (?:TS|SBU|LOU|S|C|U)(?:NF)?\) | (?:ts|sbu|lou|s|c|u)(?:nf)?\) )
    (?:[A-Z]{2,5}|[a-z]{2,5})\)[ \t]""", re.VERBOSE)

# A subject's last word set apart by the blank lines a scrape put around it (`SUBJECT: WAITING AND
# WATCHING: NORTH KOREA AFTER CURRENCY` / blank / `REFORM` / blank / `REF: ...`): a word of two
# capitals or more alone on its line, under a full line of a subject in capitals, and a header
# field after it that no heading or caveat stands before: `REF`, `Classified By`.
SUBJECT_LAST_WORD = re.compile(r"[ \t]*[A-Z][A-Z'’-]*[A-Z][ \t]*")
FIELD_AFTER_SUBJECT = re.compile(r"[ \t]*(?:REF(?:S|TELS?|ERENCES?)?\b|Classified\s+By\b)", re.IGNORECASE)


def last_word_apart(head: list[str], blank: int, previous: str) -> str | None:
    """The subject's last word on the line after the blank line head[blank], when the subject's
    line above it (`previous`) is a full one (SUBJECT_WRAP_MIN_CHARS) and a blank line and the
    REF or Classified By field follow the word (SUBJECT_LAST_WORD); not a caveat (`NOFORN`),
    a notice or a field (`SIPDIS`, `SUMMARY`)."""
    if len(previous.strip()) < SUBJECT_WRAP_MIN_CHARS or blank + 3 >= len(head) \
            or head[blank + 2].strip() or not SUBJECT_LAST_WORD.fullmatch(word := head[blank + 1]):
        return None
    following = next((line for line in head[blank + 3:blank + 3 + SUBJECT_WRAP_LINES] if line.strip()), "")
    if not FIELD_AFTER_SUBJECT.match(following) or CAVEAT_LINE.match(word) or SUBJECT_STOP.match(word) \
            or FIELD_END.match(word):
        return None
    return word


# The words a title cannot end on: a possessive, an article, a preposition, a conjunction.
UNFINISHED_END = re.compile(r"""
    (?: ['’]S | \b(?:THE|AN?|OF|IN|ON|AT|TO|FOR|WITH|BY|FROM|INTO|ABOUT|OVER|AND|OR|BUT|NOR) )
    \s*$""", re.VERBOSE)

# The longest word UNFINISHED_END ends on (`ABOUT`): a match starts no further from the end.
UNFINISHED_END_CHARS = 5


def ends_unfinished(line: str) -> bool:
    """A subject line in capitals cut off on a word a title cannot end on (`... CAUGHT
    FLAT-FOOTED BY BROWN’S`): a blank line under it is the scrape's, and the next line goes on
    with the subject (unless it is another field, as for any wrapped line).
    UNFINISHED_END is searched from its longest word's length before the line's last character
    that is no white space on (a search of the whole line tried every character; `\b` still
    sees the character before the position searched from)."""
    start = max(0, len(line.rstrip()) - UNFINISHED_END_CHARS)
    return UNFINISHED_END.search(line, start) is not None and not has_lower_case(line)


def has_lower_case(text: str) -> bool:
    """A lower-case letter in `text`: `any(map(str.islower, text))`, which steps through each
    character of a line in capitals (a C call each); `isupper()`, one pass in C, tells those
    lines first (in mixed case, `any` stops at the first lower-case letter)."""
    return not text.isupper() and any(map(str.islower, text))
