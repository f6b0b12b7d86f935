"""What each line of the body is: a numbered line (a paragraph's start), a ruler, or a line that
may open a sub-item; found in one pass over the lines (`line_kinds`, cached on `Lines`).

Here are the patterns of a paragraph's number and portion marking (`¶4. (SBU)`, `3.(C)`,
`18.This`), of rulers and of sub-item labels, and the markings written away from the number's
place (after a label, without their `(`) or typed twice (`(C) C)`). Which numbered lines open
a paragraph is `_body_numbering`'s; what the lines say, the other `_body_*` modules'.
"""
import itertools
import re
from typing import Any, Callable, NamedTuple, Sequence

from ._text import Lines

# A numbered paragraph: `¶4. (SBU) text`, `4. (C) text`, `3.(C) text`, `1. SUMMARY:`; the
# portion marking is optional (`S/NF`, `C//NF`, `SBU`, `U`).
# A portion marking inside its parentheses: `C`, `SBU`, `S/NF`, `C//NF`, `S/REL RUSSIA`; a
# release list in any case and up to a line's length (`S/Rel Pakistan`, `S//REL to USA, ACGU`,
# `S/REL FRANCE, BRITAIN, TURKEY, SAUDI ARABIA, JORDAN, AND QATAR`); NOFORN after a hyphen
# (`S-NF`) or a space (`C NF`) or run on (`SNF`); lower-cased scrapes (`u`, `sbu`, `s//nf`,
# `s/rel uk`, `c nf`, `snf`).
PORTION_CAPITALS = r"""(?:
    [A-Z]{1,4}(?:[ \t]?/{1,2}[ \t]?[A-Z][A-Z /,]{0,30})?
  | [A-Z]{1,2}[ \t]?/{1,2}[ \t]?(?i:REL)[ \t][A-Za-z][A-Za-z /,]{0,90}
  | [A-Z]{1,2}-NF | (?:TS|S|C)[ \t]NF)"""
# A marking opens with a classification level, NOFORN run on or not (`S`, `SNF`, `S-NF`,
# `C//NF`, `S/Rel ...`, `LOU`, `FOUO`): other capitals in brackets are an abbreviation or a
# topic, also after a paragraph's number (`(AP)`, `(NYT)`; a media reaction's `¶2. (IRAN) NEW
# PROTESTS`, `(EU)`, `(NATO)`), and stay in the text.
LEVEL_MARKING = rf"""(?=(?:TS|SBU|LOU|FOUO|S|C|U)(?:NF)?(?![A-Za-z])){PORTION_CAPITALS}"""
PORTION = rf"""(?:{LEVEL_MARKING} | u | c | s | ts | sbu
  | (?:ts|sbu|s|c)(?:-nf|/{{1,2}}[a-z][a-z /,]{{0,90}}) | (?:ts|s|c)[ \t]?nf)"""
# A full stop, colon or comma typed right after a paragraph's marking (`¶7. (C). Prince`,
# `¶3. (SBU): The`): no part of the text. Only one standing alone (a space or the line end after
# it): `(C)...` opens an ellipsis, `(C).5` is none.
MARKING_PUNCTUATION = r"(?:[.:,](?=[ \t]|$))?"
# Patterns used with `Lines.matching` never cross a line end: `[ \t]`, not `\s`.
NUMBER_AND_MARKING = rf"""
    (?: [ \t]?\.(?:[ \t]+|(?=\()|$)
      | ,[ \t]*(?=\({PORTION}\)) )          # a comma typed for the full stop, before a marking: `6, (SBU)`
    (?:\([ \t]?(?P<marking>{PORTION})[ \t]?\)      # a space typed inside: `(C )`, `( C)`
       {MARKING_PUNCTUATION}[ \t]*)?"""
PARAGRAPH_START = re.compile(rf"""
    ^[ \t]*+(?P<pilcrow>¶[ \t]*)?
    (?P<number>\d{{1,3}})
    {NUMBER_AND_MARKING}
    """, re.VERBOSE | re.MULTILINE)
# The lines `line_kinds` reads: PARAGRAPH_START's, or a numbered line whose number the typist ran
# into the first word, no space after its full stop (`18.This cable was cleared by U/S Burns`):
# a capital and a small letter after the `.` (not a decimal, `18.5`, a section or version,
# `5.FAH`, `2.A.`), the group `tight` matched (empty, the last group: `lastgroup`). Such a line
# opens a paragraph only with the number due (see `accepted_number`). One pattern for both: a
# line is matched once.
NUMBERED_LINE = re.compile(rf"""
    ^[ \t]*+(?P<pilcrow>¶[ \t]*)?
    (?P<number>\d{{1,3}})
    (?: {NUMBER_AND_MARKING}
      | \.(?P<tight>)(?=[A-Z][a-z]) )
    """, re.VERBOSE | re.MULTILINE)


def paragraph_starts(lines: Lines) -> dict[int, re.Match]:
    """{line index: PARAGRAPH_START match} of the numbered lines (see `line_kinds`)."""
    return line_kinds(lines).paragraphs


class LineKinds(NamedTuple):
    """What the body's lines are, found in one pass (see `line_kinds`)."""
    paragraphs: dict[int, re.Match]    # numbered lines: {index: PARAGRAPH_START match}, ascending
    rulers: list[int]                  # ruler lines (DASH_LINE; UNDERLINE under a heading of
                                       # two, see `underlining`), ascending
    items: list[int]                   # every line that may open a sub-item (SUB_ITEM_LINE) and
                                       # some others (numbered lines...), ascending: no other does
    tight: dict[int, re.Match]         # numbers run into their word (`18.This`, NUMBERED_LINE's
                                       # `tight`): {index: match}, ascending; also in `items`


# A line that may be a numbered line or a ruler: `¶` or a digit after the indentation, or three
# ruler characters; or a line that may open a sub-item (at least the starts SUB_ITEM_LINE
# takes). Matched at the start of each line, it finds all three kinds; the first alternative
# is one character class, cheap to fail.
LINE_OF_NOTE = re.compile(r"""
    [ \t]*+(?:
        [¶\d(•*-]                       # numbered line; sub-item `(a)`, `-`, `*`, `•`; ruler of `-`, `*`
      | [=_—–][-=_—–*]{2}              # ruler of other characters
      | ==                             # an underline of two (UNDERLINE)
      | [A-Za-z][A-Za-z0-9]?[.)]       # sub-item `A.`, `ii)`
      | o(?:\s|$)                      # sub-item `o` (SUB_ITEM_LINE's `o\s` may take the line end)
    )""", re.VERBOSE)


def line_kinds(lines: Lines) -> LineKinds:
    """The numbered lines, the rulers and the lines that may open a sub-item, classified once
    (cached on `lines`). In a text of short lines the numbered lines may be most lines (a list
    of numbers): each line is matched; in a cable, only the lines that LINE_OF_NOTE matches
    (one `map` over the lines: cheaper than a scan of the text for their line ends and a count
    of the line ends before each)."""
    def classify() -> LineKinds:
        if len(lines.text) < SHORT_LINES_AVERAGE * len(lines.lines):
            return classify_short_lines(lines.lines)
        candidates = itertools.compress(itertools.count(), map(LINE_OF_NOTE.match, lines.lines))
        paragraphs, rulers, items, all_lines = {}, [], [], lines.lines
        tight, underlines = {}, []
        for index in candidates:
            line = all_lines[index]
            if match := NUMBERED_LINE.match(line):
                if match.lastgroup == "tight":      # (rare)
                    tight[index] = match
                else:
                    paragraphs[index] = match
                items.append(index)
            elif DASH_LINE.match(line):
                rulers.append(index)
            else:
                if len(line) <= UNDERLINE_LINE and UNDERLINE.fullmatch(line):     # (rare: guards the rule)
                    underlines.append(index)
                items.append(index)
        if underlines and (under := underlining(all_lines, underlines)):
            rulers = sorted(rulers + under)     # (two ascending runs: merged in C)
        return LineKinds(paragraphs, rulers, items, tight)
    return lines.remember(line_kinds, classify)


SHORT_LINES_AVERAGE = 20    # characters a line; a cable's lines average 60 or more


def classify_short_lines(all_lines: list[str]) -> LineKinds:
    """`line_kinds` of a text of short lines: each line is matched (the numbered lines may be
    most lines: a list of numbers), and a line that comes again is what its first copy was
    (the same match: only its groups and columns are read). A block repeated in place is
    thousands of copies of a few lines (100 KB of `2.` blocks: 50,000 lines, ~18 ms matched one
    by one)."""
    paragraphs, rulers, items, tight = {}, [], [], {}
    seen: dict[str, tuple[int, re.Match | None]] = {}
    found: Any      # (a line's match: None only for ITEM and RULER lines, which store none)
    twos: set[str] = set()      # the distinct lines of two dashes or `=` (UNDERLINE)
    for index, line in enumerate(all_lines):
        known = seen.get(line)
        if known is None:
            if not NUMBER_OR_RULER_START.match(line):
                known = AN_ITEM         # (most distinct lines of a text of thousands: `#1234`)
            elif match := NUMBERED_LINE.match(line):
                known = (TIGHT if match.lastgroup == "tight" else NUMBERED, match)
            else:
                known = (RULER if DASH_LINE.match(line) else ITEM, None)
                if len(line) <= UNDERLINE_LINE and known[0] == ITEM and UNDERLINE.fullmatch(line):
                    twos.add(line)      # (rare: guards the rule)
            seen[line] = known
        kind, found = known
        if kind == ITEM:
            items.append(index)
        elif kind == NUMBERED:
            paragraphs[index] = found
            items.append(index)
        elif kind == RULER:
            rulers.append(index)
        else:
            tight[index] = found
            items.append(index)
    # (rare: guards the rule; a line may be a heading of two (`G8`): no numbered line nor ruler
    # is; the lines found by one `map` in C)
    if twos and any(len(line) <= UNDERLINE_LINE and is_heading_of_two(line) for line in seen):
        underlines = list(itertools.compress(itertools.count(), map(twos.__contains__, all_lines)))
        if under := underlining(all_lines, underlines):
            rulers = sorted(rulers + under)     # (two ascending runs: merged in C)
    return LineKinds(paragraphs, rulers, items, tight)


ITEM, NUMBERED, RULER, TIGHT = range(4)     # the kinds of line of `classify_short_lines`
AN_ITEM = (ITEM, None)
# Where a numbered line (NUMBERED_LINE), a ruler (DASH_LINE) or an underline of two (UNDERLINE)
# may start: `¶` or a digit (any script's, as `\d` there), or a ruler's character, after the
# indentation. Other lines are read by this one match, not by the three patterns.
NUMBER_OR_RULER_START = re.compile(r"[ \t]*+[¶\d=_—–*-]")


# A ruler line: hyphens, em dashes, equals signs, underscores or stars; or hyphens set apart by
# single spaces (`- - - - -`, a ruler as some posts type it: no sub-item, which has words).
DASH_LINE = re.compile(r"^[ \t]*+(?:[-=_—–*]{3}|-[ \t]-[ \t]-)[ \t\-=_—–*]*$", re.MULTILINE)
# A ruler of two under a heading of two (`G8` / `--`, `EU` / `==`): shorter than DASH_LINE's three,
# it is a ruler only as the underline of a heading exactly as long (as underlines are typed: the
# corpus' rulers right under a line of text are its length in 1,054 of 1,251), a heading of
# letters or digits that stands apart from the text above it (a blank line or a sentence's end
# over it), the text under it not going on in lower case (`OK` / `--` / `and more.`). Else a `--`
# line is a dash (an aside's, an item's) or the old teletype's placeholder.
UNDERLINE = re.compile(r"[ \t]*+(?:--|==)[ \t]*")
UNDERLINE_LINE = 8          # characters: such an underline line, its spaces around it, is this short


def underlining(all_lines: list[str], underlines: list[int]) -> list[int]:
    """Of the UNDERLINE lines `underlines` (their indexes, ascending), those under a heading of
    two letters or digits (`G8` / `--`) over which stands a blank line, a sentence's end or
    nothing, and under which no line opens in lower case. Each test is made once a distinct
    line, the lines looked up by `map`s in C (a block repeated in place: 22,000 `--` blocks,
    none under a heading, ~1.8 ms; 14,000 `G8` / `--` blocks ~5 ms)."""
    padded = ["", "", *all_lines, ""]   # line i is padded[i + 2]: nothing above the first line, below the last
    kept = kept_where(underlines, padded, 1, is_heading_of_two)
    if kept:
        kept = kept_where(kept, padded, 0, ends_text_over_heading)
    return kept_where(kept, padded, 3, opens_no_lower_case) if kept else kept


def kept_where(indexes: list[int], lines: list[str], offset: int, test: Callable[[str], bool]) -> list[int]:
    """The `indexes` whose line `lines[index + offset]` passes `test`, each distinct line tested once."""
    found = list(map(lines.__getitem__, map(offset.__add__, indexes)))
    passing = set(filter(test, set(found)))
    return list(itertools.compress(indexes, map(passing.__contains__, found))) if passing else []


def is_heading_of_two(line: str) -> bool:
    return len(text := line.strip()) == 2 and text.isalnum()


def ends_text_over_heading(line: str) -> bool:
    """`line`, over a heading, sets it apart: blank, or the end of a sentence."""
    return line.rstrip()[-1:] in TEXT_END_OVER_HEADING


def opens_no_lower_case(line: str) -> bool:
    return not line.lstrip()[:1].islower()


# How the line above a heading that stands apart ends: blank, or a sentence's end.
TEXT_END_OVER_HEADING = frozenset(('', '.', '!', '?', '"', '”'))


# A sub-item's label before `.` or `)`: a letter or digit, two digits, a letter and a digit
# (`12.`, `A1.`, `1a)`), or two letters only as a roman numeral or a doubled letter (`ii.`, `IV.`,
# `aa.`, `BB.`): a wrapped line that opens with a word of two letters ending its sentence (`do` /
# `so. End Note.`, `told` / `us.`, `... Sinopec, and` / `BP. Zhang said`, `... on` / `NK. He`) or
# with a title's abbreviation (`Foreign Minister` / `Dr. Sheikh Mohammed`, `Mr.`, `Lt.`) opens no
# sub-item.
# (no capturing group: the patterns holding it also `split`)
ITEM_LABEL = (r"(?:[A-Za-z0-9]|\d{2}|[A-Za-z]\d|\d[A-Za-z]|[ivx]{2}|[IVX]{2}"
              r"|aa|bb|cc|dd|ee|ff|gg|hh|AA|BB|CC|DD|EE|FF|GG|HH)")
# What may stand before a label: `(` (`(a)`, `a)`), or the `¶` Cablegate puts before a letter
# opening a line as before a number (`¶B. (C) Kennedy Recommendation 17`, as `¶B.` in REF lists).
LABEL_OPENING = r"(?:\(|¶(?=[A-Za-z]))?"
# Two capitals in parentheses open no sub-item: an abbreviation after the name it stands for,
# which the line's wrap put first (`... of organized crime` / `(OC) groups is arguably ...`,
# `(EU) officials`); but a roman numeral, a doubled letter, the marking `(TS)`.
ABBREVIATION_FIRST = r"(?!\([A-Z]{2}\)(?<!\((?:[IVX]{2}|AA|BB|CC|DD|EE|FF|GG|HH|TS)\)))"
# What a sub-item's opening (below) starts with, after the indentation: one of its marks, `o`
# and white space, or a label of one or two letters or digits and its `.` or `)`. Looked ahead
# for first by the patterns that search a text's lines for an opening: a line that opens with a
# word fails here at once instead of in each of ITEM_LABEL's spellings (the search of a list's
# lines in half the time).
ITEM_OPENING_FIRST = r"(?=[-*•(¶]|o\s|[A-Za-z\d]{1,2}[.)])"
# A line starting a sub-item kept on its own line: `--`, `-`, `A.`, `(a)`, `1)`, `*`, `o`.
SUB_ITEM = re.compile(rf"^\s*+{ABBREVIATION_FIRST}(?:-{{1,2}}|\*|•|o\s|{LABEL_OPENING}{ITEM_LABEL}[.)]\s|\([A-Za-z0-9]{{1,2}}\)\s)")
# A line of a block that SUB_ITEM matches once stripped (white space inside the line, not at its
# end, after `o` or a label). It never reaches past its line's end (see `join_wrapped`).
SUB_ITEM_OPENING = rf"""
    [^\S\n]*+{ITEM_OPENING_FIRST}{ABBREVIATION_FIRST}(?: - | \* | • | (?:o | {LABEL_OPENING}{ITEM_LABEL}[.)] | \([A-Za-z0-9]{{1,2}}\))[^\S\n]+(?=\S) )
    """
SUB_ITEM_IN_BLOCK = re.compile("^" + SUB_ITEM_OPENING, re.VERBOSE | re.MULTILINE)
# The line end before such a line (the lines after a block's first): a block is cut into its
# items there by one `split`.
SUB_ITEM_CUT = re.compile(r"\n(?=" + SUB_ITEM_OPENING + ")", re.VERBOSE)
SUB_ITEM_LINE = re.compile(rf"\n[ \t]*{ITEM_OPENING_FIRST}{ABBREVIATION_FIRST}(?:-{{1,2}}|\*|•|o\s|{LABEL_OPENING}{ITEM_LABEL}[.)]\s|\([A-Za-z0-9]{{1,2}}\)\s)")
# The number and marking of a numbered paragraph (`¶4. (SBU)`, `2. (C)`, `6, (SBU)`, `3.`): cut
# from the text where summary and comment are looked for. Unmarked numbers without `¶` too:
# Cablegate writes `¶` before every number opening a line, so a source without it (an old
# telegram, another scrape) must lose the same numbers (`3. COMMENT:` is `¶3. COMMENT:`).
PARAGRAPH_PREFIX = re.compile(rf"""
    ^[ \t]*+(?: ¶[ \t]*\d{{1,3}}[ \t]?\.(?:[ \t]*\([ \t]?{PORTION}[ \t]?\){MARKING_PUNCTUATION})?     # `¶4.`, `¶4. (SBU)`, `(C )`
             | \d{{1,3}}(?:[ \t]?\.|,)[ \t]*\([ \t]?{PORTION}[ \t]?\){MARKING_PUNCTUATION}           # `2. (C)`, `6, (SBU)`, `(C).`
             | \d{{1,3}}[ \t]?\.(?=[ \t(]|$) )                   # `3.` before a space, `(` or the line end
    [ \t]*
    (?:{LEVEL_MARKING}\)[ \t]+)?          # a marking that lost its `(`: `¶13. C) The ...`
    """, re.VERBOSE | re.MULTILINE)


# A portion marking written after the label that opens a paragraph instead of before it:
# `¶1.  Summary:  (C) President ...`, `¶5. Comment: (S/NF) ...`. The label is one to three words
# and a colon; the marking is a classification's capitals (LEVEL_MARKING: a list item `(c)` is
# no marking).
MARKING_AFTER_LABEL = re.compile(rf"""
    [ \t]*[A-Za-z]+(?:[ \t][A-Za-z]+){{0,2}}:[ \t]*             # `Summary:`, `Summary and Comment:`
    (?P<marked>\((?P<marking>{LEVEL_MARKING})\)[ \t]*)
    """, re.VERBOSE)


# A portion marking that lost its opening parenthesis, right after the paragraph's number:
# `¶1. C) Summary: ...` (a classification's capitals: a list item's `c)` or `B)` is none).
MARKING_WITHOUT_OPENING = re.compile(rf"(?P<marked>(?P<marking>{LEVEL_MARKING})\)[ \t]+)",
                                     re.VERBOSE)
MARKING_LETTERS = frozenset("TSLCU")      # what such a marking opens with (LEVEL_MARKING)


def marking_after_label(line: str, text_from: int) -> re.Match | None:
    """The marking of an unmarked paragraph's line found in its text (from column `text_from`):
    after a label (MARKING_AFTER_LABEL), or without its opening parenthesis
    (MARKING_WITHOUT_OPENING)."""
    if "(" in line and (match := MARKING_AFTER_LABEL.match(line, text_from)):
        return match
    return MARKING_WITHOUT_OPENING.match(line, text_from) if ")" in line else None


# A portion marking typed twice at a paragraph's start, the second time with or without its
# `(` (`¶30. (C) C) In interactions`, `(C) (C)`, `(SBU) SBU)`): the repeat goes with the marking
# (see `repeated_marking_end`).
REPEATED_MARKING = re.compile(r"\(?[ \t]?(?P<repeat>[^()\s][^()\n]{0,40}?)[ \t]?\)[ \t]+")
# A list's label opening a line, after its paragraph's number and marking if any (`B) The`,
# `(B) The`, `B. The`, `¶4. (C) B) The`): the label of a list that a repeat of a marking of one
# letter may go on with (`(C) C)` after a line opening with `B)`).
LINE_LABEL = re.compile(r"""
    \s*+(?:¶?[ \t]*\d{1,3}[ \t]?[.,][ \t]*(?:\([^()\n]{1,40}\)[.:,]?[ \t]*)?)?
    \(?(?P<label>[A-Za-z])[.)][ \t]
    """, re.VERBOSE)


def repeated_marking_end(lines: Sequence[str], index: int, text_from: int, marking: str, since: int) -> int:
    """The column where the text of the paragraph opened by line `index` of `lines`, marked
    `marking`, starts: after a repeat of the marking at its column `text_from`
    (REPEATED_MARKING), else `text_from`. A marking of one letter repeated as a list's label is
    kept: a line from line `since` (the paragraph before) on opens with the label of the letter
    before it (`B)` or `b.` before `(C) C)`: a list A), B), C)). A list item of another letter
    (`(C) A) The first`) is no repeat."""
    line = lines[index]
    if line[text_from:text_from + 1] not in ("(", marking[:1]) \
            or not (repeat := REPEATED_MARKING.match(line, text_from)) or repeat["repeat"] != marking:
        return text_from
    if len(marking) == 1 and any(label_before(lines[above], marking) for above in range(since, index)):
        return text_from
    return repeat.end()


def label_before(line: str, letter: str) -> bool:
    """`line` opens with the label of the letter before `letter`, in either case (LINE_LABEL)."""
    label = LINE_LABEL.match(line)
    return label is not None and ord(label["label"].upper()) == ord(letter.upper()) - 1
