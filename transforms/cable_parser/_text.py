"""Shared text cleanup: undo the scraping damage common to every cable source.

The Cablegate dumps carry markdown residue (links `[PREL](#)`, emphasis `**SUBJECT:**`, escapes
`1\\.`, headings `## `), HTML tags and entities, UTF-8 read as cp1252 (`Â¶`), invisible
characters (soft hyphens, zero-width spaces), pilcrows turned into `?` or `P`, Windows line
ends, trailing spaces, page headers that the telegram system put at the top of every page
(`ALMATY 00002404 002 OF 002`, even in mid-sentence) and section banners (`SECTION 02 OF 03`).
"""
import functools
import html
import itertools
import re
import string
from typing import AnyStr, Callable, Iterator, NamedTuple

# `[PREL](#)` or `[text](#par3)`: the link text is what the cable said.
MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\(\#?[^()\s]{0,200}\)")

# `**SUBJECT:**`: markdown emphasis residue around a label or words. The text between holds no
# asterisk and neither starts nor ends with a space, and no asterisk stands outside the pair:
# a ruler of asterisks (`*****`, `** **`) is no emphasis and stays.
# (The pair comes first, the character before it looked behind for after it: a pattern that
# opens with a literal is searched by a fast scan for it, one that opens with a look behind is
# tried at every character, ~0.4 ms a 10 KB text against ~15 us)
MARKDOWN_BOLD = re.compile(r"""
    \*\*(?<![\w*]\*\*)(?=[^\s*])   # the opening pair, not inside a run of asterisks nor after
                                 # a word (a footnote's `2008**: 340; 2009**: 120`)
    ([^*\n]{1,200}?)(?<=[^\s*])    # the text: no asterisk, no line end
    \*\*(?!\*)                   # the closing pair
    """, re.VERBOSE)

# A markdown converter's backslash escapes (`1\. (C)`, `\-\-\-`, `E\_MAIL`, `\[PREL\]`): the
# character escaped is what the cable said. A telegram's alphabet has no backslash. The match
# is the backslash alone (the replacement an empty string: no Python call for each match).
MARKDOWN_ESCAPE = re.compile(r"\\(?=[`*_{}\[\]()#+\-.!|>~])")
# A line end written as a character reference (`&#x000A;`, `&#10;`, after `&#x000D;` or not), as
# Cablegate's pages write every line end of a cable: a text copied from a page's source, or a
# page escaped twice, holds them. They are line ends before the header is split from the body
# (the other entities are unescaped once, by the body's cleaning: `strip_markup`).
LINE_END_REFERENCE = re.compile(r"&\#(?:(?:x0*d|0*13);&\#)?(?:x0*a|0*10);", re.IGNORECASE)   # (opens with its literal)
WINDOWS_PATH = ":\\"     # a drive's path (`S:\Consular\_Fraud\[2009]\cases.xls`): not escapes
# A markdown heading's hashes at a line start (`## SUBJECT: ...`): one to six, then spaces and
# a word. (`#2404` in a DE line stands after other words; a line `#12` has no space.)
MARKDOWN_HEADING = re.compile(r"^[ \t]*+\#{1,6}[ \t]+(?=\S)", re.MULTILINE)
# Past so many `#` in a text, its guard is one scan of the pattern (see `_heading_sign`).
MANY_HASHES = 64

# Characters a web page or word processor puts in that a telegram never has and that show
# nothing: the soft hyphen, zero-width spaces and joiners, the word joiner and a byte-order mark
# inside the text. Left in, `PRE\u00adL` or `SUB\u200bJECT:` is another word to every rule.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")

# UTF-8 read as cp1252 or latin-1: each character beyond ASCII became two or three (`¶` as
# `Â¶`, `’` as `â€™`, `é` as `Ã©`, a no-break space as `Â` and U+00A0). A lead byte's character
# followed by as many continuation bytes' characters as it announces is such a pair or triple.
# Only the leads of U+0080-U+00FF (`Â`, `Ã`) and of the punctuation from U+2000 (`â`): the
# other leads are capitals a real text puts before punctuation (`JOSÉ’S`, `«CAFÉ»`), while `Â`
# and `Ã` are followed by none (`SÃO PAULO`) and `â` by two only in mojibake.
_CONTINUATION = "".join(sorted({character for byte in range(0x80, 0xC0)
                                for character in (chr(byte), bytes([byte]).decode("cp1252", "ignore"))
                                if character}))
_CONTINUATION_CLASS = "[" + re.escape(_CONTINUATION) + "]"
MOJIBAKE = re.compile(rf"""
    (                                             # (one group: see `without_encoding_damage`)
      [\u00c2\u00c3]{_CONTINUATION_CLASS}          # 2 bytes: Â¶, Ã©
    | \u00e2{_CONTINUATION_CLASS}{{2}}             # 3 bytes: â€™
    )""", re.VERBOSE)
# The guard of both rules: INVISIBLE's characters and the lead characters of nearly all
# mojibake (`Â` and `Ã` for U+0080-U+00FF, `â` for the punctuation from U+2000): a search for
# each (`in`, in C: ~0.5 us a 16 KB text) costs less than one scan for a character class (the
# regex engine: ~70 us); a text with one of them is then searched for all of MOJIBAKE's.
ENCODING_DAMAGE_SIGNS = ("\u00c2", "\u00c3", "\u00e2", "\u00ad", "\u200b", "\u200c", "\u200d",
                         "\u200e", "\u200f", "\u2060", "\ufeff", "\u2028", "\u2029")
# Unicode's line and paragraph separators (a text that went through JavaScript or a word
# processor): line ends to every rule, which split at `\n` only.
LINE_SEPARATORS = ("\u2028", "\u2029")
# `”` (E2 80 9D) read as cp1252, whose 0x9D is no character: a decoder that replaced it wrote
# U+FFFD (`â€�`). Of the five characters so cut (U+2001, U+200D, U+200F, U+2010, U+201D) a
# text holds this one.
LOST_BYTE_QUOTE = "\u00e2\u20ac\ufffd"
# The `Â` of a no-break space's mojibake (`Â` and U+00A0) whose U+00A0 a later step made a
# plain space (or cut at a line end): before white space or the end (`Â ` as a blank line,
# `ZZHÂ ` for trailing spaces). No word ends in a capital circumflex (`ÂNGULO` holds it first).
ORPHAN_NBSP_LEAD = re.compile(r"\u00c2(?=[ \t\n]|$)")
# Each character of the mojibake back to the byte it was read from.
_BYTE_OF = {**{chr(byte): byte for byte in range(0x80, 0x100)},
            **{bytes([byte]).decode("cp1252", "ignore"): byte for byte in range(0x80, 0x100)
               if bytes([byte]).decode("cp1252", "ignore")}}


@functools.lru_cache(maxsize=4096)
def unmojibaked(found: str) -> str:
    """The character a MOJIBAKE match was made from, or the match as it is if its bytes are no
    UTF-8 (a lead byte of four bytes beyond U+10FFFF)."""
    try:
        return bytes(_BYTE_OF[character] for character in found).decode("utf-8")
    except UnicodeDecodeError:
        return found


def without_encoding_damage(text: str) -> str:
    """`text` without INVISIBLE characters, with LINE_SEPARATORS as line ends and UTF-8 read
    as cp1252 (MOJIBAKE) read back.
    An ASCII text (checked in C, at once) has neither. The mojibake is cut out by one `split`
    (its group keeps each match at the odd places) and each match looked up: a `sub` calling
    Python for each match took ~140 ms for 100 KB of `Â¶`."""
    if text.isascii() or not any(sign in text for sign in ENCODING_DAMAGE_SIGNS):
        return text
    text = INVISIBLE.sub("", text)
    for separator in LINE_SEPARATORS:
        if separator in text:
            text = text.replace(separator, "\n")
    if LOST_BYTE_QUOTE in text:
        text = text.replace(LOST_BYTE_QUOTE, "\u201d")
    pieces = MOJIBAKE.split(text)
    if len(pieces) > 1:
        pieces[1::2] = map(unmojibaked, pieces[1::2])
        text = "".join(pieces)
    if "\u00c2" in text:
        text = ORPHAN_NBSP_LEAD.sub("", text)
    return text


# A pilcrow a scrape's encoding turned into `?` (a character it could not write) at a line
# start before a number (`?1. (C)`: Cablegate writes one before any number opening a line; a
# question mark opens none) or a lettered reference
# (`     ?B. 06 ABU DHABI 3872`), indented by up to eight spaces or a tab; or into `P` (its glyph
# read as a letter), unindented (where Cablegate writes the pilcrow before a paragraph
# number) in a text with no pilcrow left (`P1. (C)`). No line of a cable starts so (a `P`
# grade is written `P-5`). The match is the `?` alone, its line start looked behind for (one
# look for each indentation: a look behind has a fixed width): the replacement is then a plain
# string, written without a Python call for each match (a template's group: ~1.5 us each).
INDENTS = ["", r"\t"] + [r"\ " * spaces for spaces in range(1, 9)]
QUESTION_PILCROW = re.compile(r"""
    \?
    (?: (?<=^\?) | """ + " | ".join(rf"(?<=\n{indent}\?)" for indent in INDENTS) + r""" )
    (?= \d                     # `?1. (C)`; `?2007.`, a number wrapped to a line start
      | [A-Z]\.[ \t] )           # `?B. STATE 1234`
    """, re.VERBOSE)
P_PILCROW = re.compile(r"(?:\A|(?<=\n\n))P(?=\d{1,3}\.[ \t(])")  # opening a paragraph: not a wrapped `P5.`
# Their guards: a `?` before a digit or a capital and a full stop (a look at each `?`: a
# one-character search costs ~0.2 us a 16 KB text; past MANY_QUESTION_MARKS, one scan of
# QUESTION_SIGN, ~2 ns a character), a line end, `P` and a digit (P_SIGN's scan, only in a text
# without a pilcrow, itself a one-character search). A look at every line start for the
# patterns themselves, even by `line_start_sub`, costs ~80 us a 16 KB text.
MANY_QUESTION_MARKS = 64
QUESTION_SIGN = re.compile(r"\?(?:\d|[A-Z]\.)")
P_SIGN = re.compile(r"\nP\d")


def with_lost_pilcrows(text: str) -> str:
    """`text` with QUESTION_PILCROW's `?` and P_PILCROW's `P` written back as the pilcrow."""
    if "?" in text and _question_sign(text):
        text = QUESTION_PILCROW.sub("\u00b6", text)
    if "\u00b6" not in text and (text[:1] == "P" and text[1:2].isdigit() or P_SIGN.search(text)):
        text = line_start_sub(P_PILCROW, "\u00b6", text)
    return text


def _heading_sign(text: str) -> bool:
    """A `#` opens a line (after spaces or tabs) and a space or another `#` follows it: a look
    at each `#` (a cable has one, in its DE line), past MANY_HASHES one scan for the heading."""
    position = text.find("#")
    for _ in range(MANY_HASHES):
        if position == -1:
            return False
        if text[position + 1:position + 2] in (" ", "\t", "#") \
                and not text[text.rfind("\n", 0, position) + 1:position].strip(" \t"):
            return True
        position = text.find("#", position + 1)
    return position != -1 and line_start_search(MARKDOWN_HEADING, text) is not None


def _question_sign(text: str) -> bool:
    position = text.find("?")
    for _ in range(MANY_QUESTION_MARKS):
        if position == -1:
            return False
        following = text[position + 1:position + 3]
        if following[:1].isdigit() or following[:1].isupper() and following[1:] == ".":
            return True
        position = text.find("?", position + 1)
    return position != -1 and QUESTION_SIGN.search(text, position) is not None


# Any HTML tag (`<a id='par1' href='#par1'>`, `</pre>`); cables never contain '<' followed by a
# letter or '/' and a '>' on the same line except as markup.
HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,300}>")

# A page header: station, the serial padded to eight digits, `002 OF 004`. Scrapes turn the page
# number into `001.2` sometimes, and lower-case it (`Kiev 00001261 004 of 004`). The 8-digit
# padded serial is what makes it safe to remove even in mid-line. Searching is done from each
# `0 of 000` of the text's `searchable` form (a plain substring search, fast) backwards over a
# short window: see `page_headers`. The pattern opens with a character class, not with its
# lookbehind (no letter before the station): the regex engine then skips the window's
# characters that cannot start it by a fast scan instead of trying the pattern at each.
PAGE_HEADER = re.compile(r"""
    (?P<station>[A-Z](?<![A-Za-z].)[A-Za-z.'-]*(?:\ [A-Z][A-Za-z.'-]*){0,3})   # 1-4 capitalised words
    \ +(?P<serial>\d{8})
    \ +(?P<page>\d{3})(?:\.\d)?
    \ +(?i:OF)\ +(?P<pages>\d{3})$        # `$` is the end of the window searched
    """, re.VERBOSE)
PAGE_HEADER_WINDOW = 90     # longest station (4 words) + serial + page number, with room to spare
# The same in a scrape that lower-cased the whole cable (`almaty 00002404 002 of 002`) or wrote
# it in sentence case (`Kuala lump 00000752 002 of 002`: a station of several words, cut to ten
# characters as page headers do), on a line of its own only: without the capitals, words of a
# sentence before it could pass for a station.
LOWER_CASE_PAGE_HEADER = re.compile(r"""
    ^[ \t]*(?P<station>[A-Za-z][a-z.'-]*(?:\ [a-z][a-z.'-]*){0,3})
    \ +(?P<serial>\d{8})
    \ +(?P<page>\d{3})(?:\.\d)?
    \ +of\ +(?P<pages>\d{3})$""", re.VERBOSE | re.MULTILINE)

# A section banner on a line of its own; the classification line's own `SECTION 01 OF 02`
# is never alone on its line. (Line patterns use `[ \t]`: `\s` would run over line ends and
# make `^\s*` quadratic on runs of blank lines.)
SECTION_BANNER = re.compile(r"^[ \t]*+SECTION[ \t]+\d{1,3}[ \t]+OF[ \t]+\d{1,3}[ \t]*$",
                            re.IGNORECASE | re.MULTILINE)

# A page break of older teletype layouts: the classification line closing a page and opening
# the next, then `PAGE 02  CAPE T  00097  01 OF 03  182017Z` or `PAGE 03 RUEHFRA0170 S E C R E T`,
# or the archive printouts' unsectioned `PAGE 02  AMMAN  01234  141300Z` (in capitals, with the
# DTG: a sentence's `Page 12 of the annex lists 12000` is no page break);
# also a printout's `PAGE 02` before the page header of PAGE_HEADER's form (`PAGE 02 SAO PAULO
# 00000487 002 OF 003`), which that rule alone would leave as `PAGE 02`.
OLD_PAGE_BREAK = re.compile(r"""
    (?:^[ \t]*+(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED\ OFFICIAL\ USE)[ \t]*\n(?:[ \t]*\n)*){0,2}
    ^[ \t]*+PAGE[ \t]+\d{2,3}[ \t]+
    (?:RUE[A-Z]{1,5}\d{4}\b
     | [A-Z][A-Z.]*(?:[ \t][A-Z.]+)*?[ \t]+\d{5,6}[ \t]+\d{2}[ \t]+OF[ \t]+\d{2}\b        # `CAPE T  00097  01 OF 03`, `STATE  052069  01 OF 02`
     | [A-Z][A-Z.'-]*(?:[ \t][A-Z.'-]+){0,3}[ \t]+\d{8}[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{3}\b  # `SAO PAULO 00000487 002 OF 003`
     | (?-i:(?!OF\b)[A-Z][A-Z.'-]*(?:[ \t]+[A-Z.'-]+){0,3}[ \t]+\d{5,6}[ \t]+\d{6}Z)[ \t]*$)  # `AMMAN 01234 141300Z`
    [^\n]*$""", re.VERBOSE | re.MULTILINE | re.IGNORECASE)   # (also in a lower-cased scrape)

# A later section's head as a raw telegram prints it inside the text: the page's foot banner,
# then the section's classification line (`CONFIDENTIAL SECTION 02 OF 03 MUNICH 000355`),
# section 2 or later. Cut like an old page break, but only after the first section's line
# (FIRST_SECTION_HEAD), which is the cable's own: an extract may begin with a later section's.
CLASSIFICATION_WORD = r"""(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|(?:TOP\ )?SECRET|LIMITED\ OFFICIAL\ USE
    |C\ O\ N\ F\ I\ D\ E\ N\ T\ I\ A\ L|S\ E\ C\ R\ E\ T|U\ N\ C\ L\ A\ S)\b"""
# The first letters of the word's spellings, looked ahead for first: most lines fail there at
# once, instead of in each spelling (twice over for LATER_SECTION_HEAD, banner and head).
CLASSIFICATION_WORD_FIRST = r"(?=[ \t]*+[UCSTL])"
FIRST_SECTION_HEAD = re.compile(rf"""
    ^{CLASSIFICATION_WORD_FIRST}
    [ \t]*+{CLASSIFICATION_WORD}[^\n]*?\bSECTION[ \t]+0*1[ \t]+OF[ \t]+\d{{1,3}}\b""",
    re.VERBOSE | re.MULTILINE | re.IGNORECASE)
LATER_SECTION_HEAD = re.compile(rf"""
    ^{CLASSIFICATION_WORD_FIRST}
    (?:^[ \t]*+{CLASSIFICATION_WORD}[ \t]*\n(?:[ \t]*\n)*){{0,2}}+     # the foot banner(s) above
    ^[ \t]*+{CLASSIFICATION_WORD}[^\n]*?
    \bSECTION[ \t]+0*(?!1\b)[1-9]\d{{0,2}}[ \t]+OF[ \t]+\d{{1,3}}\b[^\n]*$   # section 2 or later
    """, re.VERBOSE | re.MULTILINE | re.IGNORECASE)
# Their guard: the word twice in the text's searchable form (the first section's line, another).
SECTION_WORD = b"section"


def without_later_section_heads(text: str) -> str:
    """The text without LATER_SECTION_HEAD's lines after its first section's line, each with
    the header fields its section repeats under it (`repeated_head_end`)."""
    first = line_start_search(FIRST_SECTION_HEAD, text)
    if not first:
        return text
    return without_old_page_breaks(text, LATER_SECTION_HEAD, first.end(), repeated_head_end)


# The header fields a later section repeats under its classification line, as the cable's own
# head holds them (`SIPDIS` / `E.O. 12958: DECL: 03/04/2019` / `TAGS: PREL, PL` / `SUBJECT: ...`),
# even where the section begins inside a sentence (`... and the` / the section's line / its head
# / `opposition knows it.`). Only the fields' own forms, in capitals as the head writes them (a
# sentence's `subject to a vote`, `E.O. 13224 designations of the` or `TAGS WERE ADDED LATE.`
# goes on the text): E.O. with its order's number and `:`, DECL or N/A; TAGS with a colon or
# tags after it; SUBJECT or SUBJ with a colon.
REPEATED_HEAD_LABEL = re.compile(r"""
    [ \t]*+(?: E\.?[ \t]?O\.?[ \t]*\d{5}[ \t]*(?::|DECL\b|N/A\b)         # `E.O. 12958: ...`
         | (?P<tags>TAGS(?: [ \t]*:[ \t]*(?:[A-Z(]|$)                      # `TAGS: PREL, KZ`
                      | [ \t]+[A-Z]{4}(?:[ \t,]+[A-Z]{2,4})*[ \t,]*$ ))     # `TAGS PREL KZ`
         | (?P<subject>SUBJ(?:ECT)?[ \t]*:) )                             # `SUBJECT: ...`
    """, re.VERBOSE)
# A TAGS line wrapped onto a line of tags alone (`TAGS: PREL, PGOV, ETRD,` / `AF, PK, PL`).
REPEATED_TAGS_LINE = re.compile(r"[ \t]*+[A-Z]{2,4}(?:[ \t,]+[A-Z]{2,4})*[ \t,]*")
# Besides blank lines, what stands between those fields: the caveats (`SIPDIS`, `NOFORN`,
# `SENSITIVE BUT UNCLASSIFIED`...) and addressing lines (`DEPT FOR EUR/CE; NSC FOR HELGERSON`,
# `USDOC FOR 4231/ITA/MAC/EUR/CE`, `PASS TO USTR`, `INFORM CONSULS`), in capitals; any other
# line ends the walk, the head not found (its lines stay text, as before this rule).
REPEATED_HEAD_CAVEAT = (r"(?:SIPDIS|NOFORN|SENSITIVE(?:[ \t]+BUT[ \t]+UNCLASSIFIED)?|EXDIS|NODIS"
                        r"|LIMDIS|STADIS|ORCON|FOUO|SBU)")
REPEATED_HEAD_OTHER_LINE = re.compile(rf"""
    [ \t]*+(?: {REPEATED_HEAD_CAVEAT}(?:[ \t,/]+{REPEATED_HEAD_CAVEAT})*
         | (?:[A-Z][A-Z0-9/&.-]*[ \t]+){{1,3}}(?:PLEASE[ \t]+)?(?:FOR|PASS[ \t]+TO)
           [ \t]+[A-Z0-9][A-Z0-9/&.,;:'() \t-]*                      # `DEPT FOR EUR/CE`
         | (?:PLEASE[ \t]+)?(?:PASS[ \t]+TO|INFORM)[ \t]+[A-Z0-9][A-Z0-9/&.,;:'() \t-]* )
    [ \t.,]*
    """, re.VERBOSE)
REPEATED_HEAD_PARAGRAPH = re.compile(r"[ \t]*+(?:¶|\d{1,3}[ \t]*[.)])")
REPEATED_HEAD_LINES = 12     # lines read under the section's line (as `_parse.SECTION_HEAD_LINES`)
# A repeated subject wraps as the head's does (see `_body_subject`): from a full line, or onto a
# line whose first word would not have fit within 40 columns; at most 4 lines, none a sentence's
# end (`OPPOSITION KNOWS IT.`), none in mixed case under a subject in capitals; and only when a
# blank line ends them, as one ends the head.
REPEATED_SUBJECT_LINES = 4
SENTENCE_END = re.compile(r"[A-Za-z]{2}\.[ \t]*$")   # `IT.`, not `U.S.`
REPEATED_SUBJECT_FULL_LINE = 35
REPEATED_SUBJECT_COLUMNS = 40


def repeated_head_end(text: str, end: int) -> int:
    """The end of the last header field a later section repeats under its line, which ends at
    `end` (REPEATED_HEAD_LABEL; the SUBJECT with its wrapped lines, `repeated_subject_end`);
    `end` itself when none follows. Reads REPEATED_HEAD_LINES lines at most: linear."""
    cut, position = end, end
    for _ in range(REPEATED_HEAD_LINES):
        if position >= len(text):
            break
        line, line_end = _line_after(text, position)
        if REPEATED_HEAD_PARAGRAPH.match(line):
            break
        if label := REPEATED_HEAD_LABEL.match(line):
            cut = position = line_end
            if label["subject"]:
                return repeated_subject_end(text, line, line_end)
            while label["tags"] and line.rstrip().endswith(","):   # (wrapped onto tags alone)
                line, line_end = _line_after(text, position)
                if not REPEATED_TAGS_LINE.fullmatch(line):
                    break
                cut = position = line_end
            continue
        if line.strip() and not REPEATED_HEAD_OTHER_LINE.fullmatch(line):
            break
        position = line_end
    return cut


def repeated_subject_end(text: str, subject: str, end: int) -> int:
    """The end of a repeated SUBJECT line ending at `end`, with the lines it wraps onto (see
    REPEATED_SUBJECT_LINES); `end` when it wraps onto none."""
    capitals = not any(character.islower() for character in subject)
    previous, position = subject, end
    for _ in range(REPEATED_SUBJECT_LINES):
        line, line_end = _line_after(text, position)
        if not line.strip():
            return position                     # (a blank line: the head's end)
        words = line.split(maxsplit=1)
        wrapped = (len(previous.rstrip()) >= REPEATED_SUBJECT_FULL_LINE
                   or len(previous.rstrip()) + 1 + len(words[0]) > REPEATED_SUBJECT_COLUMNS)
        if (not wrapped or REPEATED_HEAD_PARAGRAPH.match(line) or SENTENCE_END.search(line)
                or (capitals and any(character.islower() for character in line))):
            break
        previous, position = line, line_end
    return end


def _line_after(text: str, position: int) -> tuple[str, int]:
    """The line after the line end at `position`, and its own end."""
    line_end = text.find("\n", position + 1)
    line_end = len(text) if line_end == -1 else line_end
    return text[position + 1:line_end], line_end


# The words that open the lines of the two cleaning rules for lines of their own, SECTION_BANNER
# (`SECTION 02 OF 03`) and OLD_PAGE_BREAK (`PAGE 02 ...`), and the lines a telegram header
# inside the body starts with (`VZCZC...`, `DE RUEHTA #...`, a DTG line's `FM ...`: see
# `_header.LATER_HEADER_START`), in the searchable form (lower case), after the indentation:
# one scan of the searchable text guards all three rules (see `line_start_words`). A search
# stops at each line end (`\n` is the literal it scans for).
LINE_START_WORD = re.compile(rb"\n[ \t]*+(section|page|vzczc|de |fm )")
FIRST_LINE_WORD = re.compile(rb"[ \t]*+(section|page|vzczc|de |fm )")
# Those of a header's lines.
HEADER_LINE_WORDS = frozenset({b"vzczc", b"de ", b"fm "})



def line_start_matches(pattern: re.Pattern, text: str, position: int = 0) -> Iterator[re.Match]:
    """The matches of `pattern.finditer(text, position)`, for a MULTILINE pattern anchored with
    `^` that never matches an empty string, found fast.

    The regex engine tries a `^` pattern at every character of the text; a pattern that starts
    with a literal `\\n` is searched by a fast scan for that character instead. So the line
    starts where `pattern` matches are found with `_line_start_finder`, and `pattern` itself is
    then matched there (skipping candidates inside the previous match, as finditer does).
    """
    first = (position,) if position == 0 or text[position - 1:position] == "\n" else ()
    candidates = itertools.chain(first, (found.end() for found in
                                         _line_start_finder(pattern).finditer(text, position)))
    end = position
    for start in candidates:
        if start >= end and (match := pattern.match(text, start)):
            yield match
            end = match.end()


def line_start_search(pattern: re.Pattern, text: str, position: int = 0) -> re.Match | None:
    """`pattern.search(text, position)`, fast, for the patterns of `line_start_matches`."""
    return next(line_start_matches(pattern, text, position), None)


def line_start_sub(pattern: re.Pattern, replacement: str | Callable[[re.Match], str],
                   text: str) -> str:
    """`pattern.sub(replacement, text)`, fast, for the patterns of `line_start_matches` that
    never end just after a line end. `replacement` is a plain string (no group references) or
    a function of the match that reads only named groups.

    The lines after the first are matched by one `sub` of the line end followed by `pattern`
    (`_after_line_end`): the regex engine finds them by its fast scan for the line end and
    replaces them without a Python step per match (a text of many matching lines stays fast).
    """
    first = pattern.match(text)
    position = first.end() if first else 0
    head = (replacement(first) if callable(replacement) else replacement) if first else ""
    after = _after_line_end(pattern)
    if callable(replacement):
        rest = after.sub(lambda match: "\n" + replacement(match), text[position:])
    else:
        rest = after.sub("\n" + replacement.replace("\\", "\\\\"), text[position:])
    return head + rest if first else rest


@functools.lru_cache(maxsize=None)
def _after_line_end(pattern: re.Pattern) -> re.Pattern:
    """A line end and a line that `pattern` matches, both in the match (see `line_start_sub`)."""
    comment_end = "\n" if pattern.flags & re.VERBOSE else ""
    return re.compile(r"\n(?:" + pattern.pattern + comment_end + ")", pattern.flags)


@functools.lru_cache(maxsize=None)
def _line_start_finder(pattern: re.Pattern) -> re.Pattern:
    """A line end followed by a line that `pattern` matches (a lookahead: the match is only the
    line end, so every such line is found). A verbose pattern may end in a comment: a line end
    closes it before the lookahead's parenthesis."""
    comment_end = "\n" if pattern.flags & re.VERBOSE else ""
    return re.compile(r"\n(?=" + pattern.pattern + comment_end + ")", pattern.flags)


# U+00A0: an HTML copy writes the spaces of a line as `&nbsp;` (`TAGS:&nbsp;PREL`,
# `C&nbsp;O&nbsp;N&nbsp;F...`), which a scrape turns into this character. A telegram has no
# such character (its alphabet is ASCII): it is read as the space it stands for, in the header
# and body lines as they are split (`_header.normalize_lines`) and where an entity becomes one.
NO_BREAK_SPACE = "\u00a0"


def strip_markup(text: str) -> str:
    """Line ends unified, markdown link residue and HTML tags removed, entities unescaped
    (`&nbsp;` as a plain space). A StrippedText (split_header's body) is made of lines that
    `without_tags` cleaned already: its entities alone are left."""
    if not isinstance(text, StrippedText):
        text = without_tags(text)
    if "&" in text and (unescaped := html.unescape(text)) != text:
        # Only a text that held an entity changes: the others (`R&D`, `Q&A`: most `&` are no
        # entity) stay the very object given, whose lines the cleaning may then reuse (see
        # `clean_text_and_headers`: a new but equal text would take its slow way).
        text = without_encoding_damage(unescaped.replace(NO_BREAK_SPACE, " "))
    return text


def without_tags(text: str) -> str:
    """Line ends unified, markdown link residue and HTML tags removed: strip_markup but for the
    entities. The whole text's, before the header is split from the body (a tag at every line
    end, `<br>`, leaves no blank line to end the header at); entities are unescaped once, by the
    body's cleaning (`&amp;lt;` stays `&lt;`), which does not remove tags again."""
    if "&" in text and "&#" in text:       # (one character is found much faster than two)
        # (a scrape that copied a Cablegate page's source writes its line ends as it does)
        text = LINE_END_REFERENCE.sub("\n", text)
    if "\r" in text:
        # (`\r\r\n`: a file whose line ends were converted twice, by a transfer in text mode)
        text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = without_encoding_damage(text)
    # (a Windows path, `S:\Consular\_Fraud`, is no markdown: its backslashes stay)
    if "\\" in text and WINDOWS_PATH not in text:     # (before the links: `\[PREL\](#)` is one)
        text = MARKDOWN_ESCAPE.sub("", text)
    links = "]" in text and "](" in text       # one character is found much faster than two
    # (a markdown heading comes with markdown's other marks; a line opening `# OF CASES: 340`
    # alone is the number sign. `in` of two characters costs ~13 us a 10 KB text, of one ~0.5:
    # `**` is asked for after `*`, and `##` backwards, a search that skips from `#` to `#`, ~5)
    heading = "#" in text and (links or "*" in text and "**" in text or text.rfind("##") != -1) \
        and _heading_sign(text)
    if links:
        text = MARKDOWN_LINK.sub(r"\1", text)
    if heading:
        text = line_start_sub(MARKDOWN_HEADING, "", text)
    if "*" in text and "**" in text:      # (as above)
        text = MARKDOWN_BOLD.sub(r"\1", text)
    text = with_lost_pilcrows(text)
    if "<" in text:
        text = HTML_TAG.sub("", text)
    return text


# The text's `searchable` form: one byte per character, ASCII letters in lower case, digits as
# `0`; a character outside latin-1 (the encoding writes `?` for it) counts as a digit too, as it
# may be a digit of another script (`\d` takes those). A plain search of it finds a word in any
# case, or a number of so many digits, in one pass instead of one per spelling.
SEARCHABLE = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789?",
                             b"abcdefghijklmnopqrstuvwxyz" + b"0" * 11)

# A lower-cased scrape read in capitals (its header lines, its signature, its markings): a-z to
# A-Z, every other character kept, so the length and the lines' positions stay the same.
ASCII_CAPITALS = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
# An ASCII lower-case letter: a text holding one is no text in capitals.
LOWER_CASE_LETTER = re.compile(r"[a-z]")


def searchable(text: str) -> bytes:
    """`text` as a byte per character (see SEARCHABLE): a search of it finds a lower-case ASCII
    word (without a `k`: the Kelvin sign lower-cases to it) where the lower-cased text holds it,
    at the same position."""
    return text.encode("latin-1", "replace").translate(SEARCHABLE)


def places_in(found: bytes, word: bytes) -> list[int]:
    """Where `word` stands in `found` (a searchable form), ascending, not overlapping. Past
    MANY_PLACES of them, from the lengths of the pieces between them, in C (12,000 `comment`
    words: a Python step each, ~3 ms)."""
    places, position = [], found.find(word)
    while position != -1:
        places.append(position)
        if len(places) == MANY_PLACES:
            rest = position + len(word)
            pieces = found[rest:].split(word)
            if len(pieces) > 1:
                lengths = map(len, pieces[:-1])
                places += itertools.accumulate(map(len(word).__add__, lengths), initial=rest + next(lengths))
            break
        position = found.find(word, position + len(word))
    return places


MANY_PLACES = 64
RUN_REACH = 200


def run_start(text: str, end: int, characters: str, reach: int = RUN_REACH) -> int:
    """Where the run of `characters` that ends at `end` starts: the last `reach` characters
    are looked at first (a copy of all the text before `end` costs), twice as many while they
    are all in the run (the runs before different words are apart: the whole text is read at
    most about twice over, however many words)."""
    while True:
        window = max(0, end - reach)
        before = text[window:end].rstrip(characters)
        if before or window == 0:
            return window + len(before)
        reach *= 2


# Where a page header ends: its page number, ` OF ` in any case and the number of pages, found
# in the searchable form (see `page_headers`).
PAGE_NUMBERS = b"0 of 000"
PAGE_HEADER_MARKERS = frozenset({"OF", "of", "Of"})   # the spellings the scrapes use
PAGE_SERIAL = b" 00000000 "     # a page header's serial in the searchable form: 8 digits between spaces


def page_headers(text: str, numbers: bytes | None = None) -> list[re.Match]:
    """Every page header of the text, in order, not overlapping. Each ends with a page number,
    a marker of PAGE_HEADER_MARKERS between single spaces and three digits that no digit
    follows: one search of the `searchable` text (`numbers`, made when not given) finds them
    all (each digit that `\\d` takes is a `0` there)."""
    found = []
    numbers = searchable(text) if numbers is None else numbers
    position = numbers.find(PAGE_NUMBERS)
    while position != -1:
        end = position + len(PAGE_NUMBERS)
        if text[position + 2:position + 4] in PAGE_HEADER_MARKERS and not text[end:end + 1].isdigit():
            # A header never runs over a line end: its window starts at its line's start at the
            # earliest (most headers stand on a line of their own: the capitals of the lines
            # above are not tried).
            window = max(0, position + 1 - PAGE_HEADER_WINDOW)
            window = text.rfind("\n", window, position) + 1 or window
            # (both patterns need a serial of 8 digits between spaces before the page number:
            # looked for in the searchable form first, the window not searched without one: a
            # line of 3,000 `ALMATY 99999999999 002 OF 002`, 11 digits, searched each, ~10 ms a pass)
            if numbers.find(PAGE_SERIAL, window, position) != -1:
                match = PAGE_HEADER.search(text, window, end) or (
                    text[position + 2] == "o" and LOWER_CASE_PAGE_HEADER.match(text, window, end))
                if match:
                    found.append(match)
        position = numbers.find(PAGE_NUMBERS, position + 1)
    found.sort(key=lambda match: match.start())
    kept: list[re.Match] = []
    for match in found:
        if not kept or match.start() >= kept[-1].end():
            kept.append(match)
    return kept


def without_spans(text: AnyStr, spans: list[re.Match], start: int = 0,
                  end: int | None = None) -> AnyStr:
    """`text[start:end]` without the spans of the matches (in order, not overlapping, inside it)."""
    pieces: list[AnyStr] = []
    position = start
    for span in spans:
        pieces.append(text[position:span.start()])
        position = span.end()
    return text[:0].join(pieces) + text[position:end]


def line_start_words(searchable_text: bytes) -> set[bytes]:
    """The words of LINE_START_WORD that open a line of the searchable text (after spaces or
    tabs only): the guards of the rules for lines that open with `SECTION` or `PAGE` in any
    case, and of the search for a telegram header inside the body, found by one scan (a
    search for each word stopped at every `section` of the text, most of them in the
    classification line's `SECTION 01 OF 02`; the header's guard was a scan of its own)."""
    first = FIRST_LINE_WORD.match(searchable_text)
    found = {first[1]} if first else set()
    found.update(match[1] for match in LINE_START_WORD.finditer(searchable_text))
    return found


class StrippedText(str):
    """A text none of whose lines ends in white space, as split_header returns the body: its
    cleaning need not strip every line again (see `clean_text_and_headers`). Any operation on
    it gives a plain str. Its lines were split from `without_tags`' text, markup gone: the
    cleaning does not look for tags in it again (`strip_markup`); only split_header_lines
    makes one.

    `lines`: the text split at its line ends, when the maker has them (split_header_lines
    does): the cleaning cuts page headers and blank lines from them, and `Lines` takes them,
    instead of splitting the clean text again."""

    lines: list[str] | None = None

    @classmethod
    def from_lines(cls, lines: list[str]) -> "StrippedText":
        """The text of right-stripped `lines`, blank lines at both ends left out (as
        `"\n".join(lines).strip("\n")`), keeping the lines."""
        start, end = 0, len(lines)
        while start < end and not lines[start]:
            start += 1
        while end > start and not lines[end - 1]:
            end -= 1
        kept = lines[start:end] or [""]
        text = cls("\n".join(kept))
        text.lines = kept
        return text


class CleanText(NamedTuple):
    text: str                       # markup, page headers, banners and trailing spaces removed
    page_headers: list[re.Match]    # the headers found; they refer to the text without markup
    searchable: bytes               # for `Lines`: searchable(text), or the words of it (see `clean_lines`)
    lines: list[str] | None         # text.split("\n") when the cleaning had the lines, for `Lines`
    # The words of LINE_START_WORD opening a line of the text (before section banners are cut,
    # which open with none of HEADER_LINE_WORDS): see `may_hold_a_header`.
    line_start_words: set[bytes] | frozenset[bytes] = frozenset()

    def may_hold_a_header(self) -> bool:
        """A line of the text may start a telegram header (`_header.LATER_HEADER_START`): one
        opens with `VZCZC`, `DE ` or (indented or not) `FM `, in any case. The cleaning only
        cuts pieces of lines (markup, page headers: a header line is neither) and whole lines
        of other kinds (banners, page breaks, blank lines), so a line of the text it was given
        that starts a header starts one here too; but for the FM line under a DTG line, which
        may be taken for a page header's first words (`FM AMEMBASSY PARIS 00001234 001 OF 002`)
        and cut from its line."""
        return not HEADER_LINE_WORDS.isdisjoint(self.line_start_words) or any(
            header["station"].startswith("FM ") for header in self.page_headers)


def clean_text_and_headers(text: str, lines: list[str] | None = None) -> CleanText:
    """The clean text (markup, page headers, banners and trailing spaces removed), the page
    headers found, the clean text's searchable form and (when the cleaning had them) its lines.

    `lines`: `text` split at its line ends, none of them ending in white space (split_header's
    body: `StrippedText.lines`). When the cleaning then has only page headers and runs of blank
    lines to cut (the usual case), it cuts them from the lines (`clean_lines`) and joins them:
    cheaper than cutting them from the text and splitting it again for `Lines`.

    The searchable form is made once, after markup is gone (again where an old page break is
    cut), and cut with the text where page headers are cut (it has a byte per character): it
    finds the page headers and guards the old page breaks' and section banners' rules and the
    search for a telegram header inside the body (one scan for all three, `line_start_words`;
    see `CleanText.may_hold_a_header`). Every later step only deletes, so it is made
    again only when the text came out shorter than it (lines stripped, blank lines cut), and
    on the line way not even then (see `clean_lines`).
    """
    original = text
    text = strip_markup(text)
    found, headers = searchable_without_page_headers(text)
    words = line_start_words(found)
    if b"page" in words:         # OLD_PAGE_BREAK's guard (a page header never opens with `PAGE`)
        unbroken = without_old_page_breaks(text)
        if unbroken != text:
            text = unbroken
            found, headers = searchable_without_page_headers(text)
            words = line_start_words(found)
    if found.count(SECTION_WORD) > 1:       # LATER_SECTION_HEAD's guard
        unsectioned = without_later_section_heads(text)
        if unsectioned != text:
            text = unsectioned
            found, headers = searchable_without_page_headers(text)
            words = line_start_words(found)
    banners = b"section" in words       # SECTION_BANNER's guard: a line `SECTION 02 OF 03`
    if lines is not None and text is original and not banners \
            and not leaves_trailing_space(text, headers):
        return clean_lines(text, lines, headers, found, words)
    text = without_spans(text, headers)
    if banners:
        text = line_start_sub(SECTION_BANNER, "", text)
    text = without_extra_blank_lines(text).strip("\n")
    return CleanText(text, headers, found if len(found) == len(text) else searchable(text), None,
                     words)


def searchable_without_page_headers(text: str) -> tuple[bytes, list[re.Match]]:
    """The text's searchable form with its page headers cut, and the page headers."""
    found = searchable(text)
    headers = page_headers(text, found)
    return without_spans(found, headers), headers


def without_old_page_breaks(text: str, pattern: re.Pattern = OLD_PAGE_BREAK, start: int = 0,
                            extended: Callable[[str, int], int] | None = None) -> str:
    """The text without OLD_PAGE_BREAK's lines (or `pattern`'s, from `start` on) and the blank
    lines padding them: the text reads on across the break (`REASONS` / blank / `PAGE 02 ...` /
    `1.4 (B)` is `REASONS` / `1.4 (B)`); a break with blank lines on both sides stands between
    paragraphs and leaves one blank line. `extended`: where the cut of a match ending at a given
    offset ends (the lines under it that go with it)."""
    kept, position = [text[:start]], start
    for match in line_start_matches(pattern, text, start):
        start, end = match.span()
        if start < position:
            continue
        if extended is not None:
            end = extended(text, end)
        start, blank_before = _blank_lines_above(text, start, position)
        end, blank_after = _blank_lines_below(text, end)
        kept.append(text[position:start])
        position = end if blank_before and blank_after else min(end + 1, len(text))
    kept.append(text[position:])
    return "".join(kept)


def _blank_lines_above(text: str, start: int, limit: int) -> tuple[int, bool]:
    """The start of the blank lines right above the line starting at `start` (not before
    `limit`), and whether there are any."""
    moved = start
    while moved > limit:
        line_start = text.rfind("\n", 0, moved - 1) + 1
        if text[line_start:moved - 1].strip(" \t") or line_start < limit or moved - 1 < line_start:
            break
        moved = line_start
    return moved, moved != start


def _blank_lines_below(text: str, end: int) -> tuple[int, bool]:
    """The end of the blank lines right below the line ending at `end`, and whether there are
    any (a blank last line of the text counts as none)."""
    moved = end
    while text.startswith("\n", moved):
        line_end = text.find("\n", moved + 1)
        if line_end == -1 or text[moved + 1:line_end].strip(" \t"):
            break
        moved = line_end
    return moved, moved != end


def clean_lines(text: str, lines: list[str], headers: list[re.Match], found: bytes,
                words: set[bytes]) -> CleanText:
    """`clean_text_and_headers` of a text whose `lines` end in no white space and hold nothing
    to clean but page headers (`headers`, none leaving white space at a line end) and blank
    lines: the headers cut from their lines, then the runs of blank lines cut to one and those
    at both ends dropped (as `strip("\n")`). `found`: the searchable form, headers cut;
    `words`: its line-start words.

    The clean text's searchable form handed on is `found` even where runs of blank lines were
    cut after it (shorter than the text): it holds the same words, as no word holds a line end,
    and the words are all that `Lines.mentions` asks; `Lines.places`, which needs the positions,
    makes the exact form only for a word the text mentions (most texts mention none of those it
    asks for), instead of every cleaning making it again."""
    if not headers and lines[0] and lines[-1] and not BLANK_LINE_RUN.search(text):
        # Nothing to cut: the text as it is, as a plain str (the record's body may be this
        # text; a StrippedText would carry its list of lines along with the record).
        return CleanText(str(text), headers, found, lines, words)
    if headers:
        lines = lines_without_spans(text, lines, headers)
    lines = without_blank_line_runs(lines)
    return CleanText("\n".join(lines), headers, found, lines, words)


def lines_without_spans(text: str, lines: list[str], spans: list[re.Match]) -> list[str]:
    """`without_spans(text, spans).split("\n")` from the text's `lines`, for spans that never
    run over a line end (page headers): each line holding spans is made again once, without
    them (a line of thousands of headers stays linear)."""
    lines = list(lines)
    spans_by_line: dict[int, list[re.Match]] = {}
    index, counted = 0, 0
    for span in spans:
        index += text.count("\n", counted, span.start())
        counted = span.start()
        spans_by_line.setdefault(index, []).append(span)
    for index, line_spans in spans_by_line.items():
        line_start = text.rfind("\n", 0, line_spans[0].start()) + 1
        lines[index] = without_spans(text, line_spans, line_start, line_start + len(lines[index]))
    return lines


def leaves_trailing_space(text: str, headers: list[re.Match]) -> bool:
    """Removing the page headers leaves white space at the end of a line: a header (or a run of
    headers written one after the other) ends its line and white space stands before it."""
    run_start = 0
    for index, header in enumerate(headers):
        if index == 0 or header.start() != headers[index - 1].end():
            run_start = header.start()
        if text.startswith("\n", header.end()) or header.end() == len(text):
            before = text[run_start - 1:run_start]
            if before != "\n" and before.isspace():
                return True
    return False


# Three line ends or more: two blank lines or more, once no line has trailing white space.
# The regex engine's scan for a literal that starts with a rare character (a line end) costs
# ~40% less than the `str` search for the same substring (`"\n\n\n" in text`: ~5 us on a 10
# KB text, the search ~3).
BLANK_LINE_RUN = re.compile(r"\n\n\n+")


def without_blank_line_runs(lines: list[str]) -> list[str]:
    """Lines without white space at their ends with each run of blank (empty) lines cut to one
    and none at either end: what `without_extra_blank_lines` and `strip("\n")` make of their
    text. An empty line is kept after a line that is not empty."""
    kept = [line for line, previous in zip(lines, ["", *lines]) if line or previous]
    if kept and not kept[-1]:
        kept.pop()
    return kept or [""]


def without_extra_blank_lines(text: str) -> str:
    """Trailing spaces removed; runs of blank lines cut to one (a paragraph break)."""
    kept: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line or not kept or kept[-1]:
            kept.append(line)
    return "\n".join(kept)


def clean_text(text: str) -> str:
    return clean_text_and_headers(text)[0]


# Two spaces or more. Written as two literal spaces first: the regex engine then scans for the
# pair (a space followed by a space is checked in C) instead of trying the pattern at every space.
SPACE_RUN = re.compile("  [ ]*")


# The white space characters other than the space and the line end that a latin-1 text may
# hold (what `str.split` cuts at).
LATIN1_OTHER_WHITE_SPACE = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0"
# Every character `\s` matches (all below U+3001), for the character sets of the fast paths.
WHITE_SPACE = "".join(filter(str.isspace, map(chr, range(0x3001))))


def plain_white_space(text: str) -> bool:
    """Spaces and line ends are the only white space of `text`, a latin-1 text (Cablegate's
    `¶` makes most texts so) without a tab, a form feed...: `fold` of its pieces need not check
    them. A few one-character searches cost less than that check of each piece. A text with
    characters beyond latin-1 (typographic quotes) gives False: it would need many more."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return not any(character in text for character in LATIN1_OTHER_WHITE_SPACE)


def has_other_white_space(flat: str) -> bool:
    """`flat` (a text without line ends) may hold white space other than spaces: exactly so for
    an ASCII text (a flag of the string, read at once: then eight one-character searches in C,
    ~0.3 ns a character), else when it is not printable (every other white space character is
    not; `isprintable` looks each character up, ~2.6 ns a character). A third of the text
    folded without `plain` is ASCII: the summary's and comment's blocks, the header fields, the
    paragraphs of a cable with typographic quotes elsewhere."""
    if flat.isascii():
        # (LATIN1_OTHER_WHITE_SPACE's eight ASCII characters, spelled out: a loop or `map` over
        # them costs more than the searches)
        return "\t" in flat or "\r" in flat or "\x0b" in flat or "\x0c" in flat \
            or "\x1c" in flat or "\x1d" in flat or "\x1e" in flat or "\x1f" in flat
    return not flat.isprintable()


def fold(text: str, plain: bool = False) -> str:
    """Whitespace folded to single spaces: `" ".join(text.split())`, made faster for the usual
    text, whose only white space is spaces and line ends (see `has_other_white_space`: such
    text takes the general way). `plain`: the text is known to be such (see
    `plain_white_space`), and is not checked."""
    flat = text.replace("\n", " ")
    if not plain and has_other_white_space(flat):
        return " ".join(text.split())
    if flat.rfind("  ") != -1:   # (the backward search costs ~10% less than `in` for spaces)
        flat = SPACE_RUN.sub(" ", flat)
    return flat.strip(" ")


class Lines:
    """The body's line model: the clean text split into lines once, for every field rule.

    What the rules learn about the lines is worked out once and kept here: the kinds of line
    (`_body_line_kinds.line_kinds`: numbered lines, rulers and the lines that may open a
    sub-item, kept with `remember`), the lines a `^`-anchored pattern matches (`matching`: one search over the whole
    text, see `line_start_matches`, is much cheaper than a match per line) and the words the
    text mentions in any case (`mentions`)."""

    def __init__(self, text: str, searchable_text: bytes | None = None,
                 lines: list[str] | None = None):
        """`searchable_text`: searchable(text), when the cleaning made it already, or the
        words of it (a longer form with the same words: see `clean_lines`); `lines`:
        text.split("\n"), when the caller has them (see `StrippedText.lines`)."""
        self.text = text
        self.lines = text.split("\n") if lines is None else lines
        self._cache: dict[re.Pattern, dict[int, re.Match]] = {}
        self._mentions: dict[str, bool] = {}
        self._searchable = searchable_text
        self._remembered: dict = {}

    def mentions(self, words: str) -> bool:
        """`words` (lower-case ASCII letters and spaces, no `k`) stands in the text in any case;
        answered once per text, by one search of the text's `searchable` form: a search for
        each spelling, or lower-casing the text, costs more."""
        if words not in self._mentions:
            if self._searchable is None:
                self._searchable = searchable(self.text)
            self._mentions[words] = words.encode("ascii") in self._searchable
        return self._mentions[words]

    def places(self, words: str) -> list[int]:
        """Where `words` (as for `mentions`) stands in the text in any case, ascending: found
        in the text's `searchable` form, whose positions are the text's (made here when the
        cleaning handed on only the words of it, and only for words the text mentions)."""
        if not self.mentions(words):
            return []
        found = self._searchable        # (made by `mentions`: never None here)
        if found is None or len(found) != len(self.text):   # the words only: every cut shortens
            found = self._searchable = searchable(self.text)
        return places_in(found, words.encode("ascii"))

    def __len__(self) -> int:
        return len(self.lines)

    def remember(self, key, compute: Callable[[], object]):
        """compute(), once per text: what a field rule derives from the lines, for the others."""
        if key not in self._remembered:
            self._remembered[key] = compute()
        return self._remembered[key]

    def __getitem__(self, index):
        return self.lines[index]

    def matching(self, pattern: re.Pattern) -> dict[int, re.Match]:
        """{line index: match on that line}, in ascending line order, for the lines `pattern` (compiled with MULTILINE,
        anchored with `^`, never reaching past the line end: `[ \\t]`, not `\\s`) matches.

        Such a pattern matches a line of the text where it matches the line alone, so the
        line starts found by `_line_start_finder` are the lines to match (each line's index
        counted from the previous one's)."""
        if pattern not in self._cache:
            text, lines = self.text, self.lines
            found = {0: match} if (match := pattern.match(lines[0])) else {}
            index, previous = 0, 0
            for line_end in _line_start_finder(pattern).finditer(text):
                index += text.count("\n", previous, line_end.end())
                previous = line_end.end()
                if match := pattern.match(lines[index]):
                    found[index] = match
            self._cache[pattern] = found
        return self._cache[pattern]


def one_edit_apart(word: str, target: str) -> bool:
    """`word` differs from `target` by one letter left out, added or changed."""
    if abs(len(word) - len(target)) > 1 or word == target:
        return False
    start = 0
    while start < min(len(word), len(target)) and word[start] == target[start]:
        start += 1
    return (word[start + 1:] == target[start + 1:] or word[start:] == target[start + 1:]
            or word[start + 1:] == target[start:])
