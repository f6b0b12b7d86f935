"""Paragraph numbers written in another form than 5 FAH-2's `1.` / `¶1.`: `1)` and `PARA 1.`
(`1) (C) The minister ...`, `PARA 2. (SBU) He ...`), as some drafters and re-typed copies number
a cable's paragraphs.

The paragraph rules read `1.` only; a cable numbered otherwise had no paragraphs, no summary
from them, and a header block that ran on into its text. `with_numbers_in_form` gives the lines
with those numbers written `1.` (the same lines otherwise, the same count), which the header
block's end, the paragraphs, the summary and the comment are read from; the body keeps the text
as written.

`1)` also numbers the items of a list inside a paragraph, and `PARA 1` is cited in sentences
(`PARA 3. OF REFTEL`, never a paragraph number): a list read as paragraphs loses the paragraph
it stands in, and far more cables hold such a list than number their paragraphs so; where it
is unsure, the rule reads no paragraphs. Such numbers are paragraph numbers only in a cable
that has no number of the usual form, where each opens a block (`numbered_blocks`), two at
least or one marked, the marked ones where several are marked (`paragraph_numbers`: an
unmarked list inside a marked paragraph stays in it), running from 1, unmarked one after the
other (`in_sequence`: `1)`, `2)`, `1)`, `2)`, `3)` holds a list), and the first follows the
header block with no paragraph of text between them (`text_before`: an unnumbered cable's
list, `We propose:` / `1) ...` / `2) ...`, is a list). Which of them open a paragraph, and
their sequence, is then read as for the usual form; only these numbers are rewritten, so a
list's items keep their `1)` in the paragraph's text. Past MAX_NUMBERED_LINES lines numbered so,
or MAX_HEAD_BLOCKS blocks above the first number, it reads none (no cable is so written).
"""
import re
from itertools import chain
from typing import Callable, Iterator

from ._body_classification import MARKING
from ._body_line_kinds import DASH_LINE, PORTION, paragraph_starts
from ._text import LOWER_CASE_LETTER, Lines, searchable

# A paragraph number in another form, at a line's start: `1)` (not `1.)`, `(1)`: the bracket
# closes the number alone) or `PARA 1.` / `Paragraph 1.`; then a space, the line's end or a
# marking's bracket (`1)(S)`, as `1.(S)` is typed).
OTHER_NUMBER_FORM = re.compile(r"""
    ^(?P<indent>[ \t]*+)
    (?: (?P<bracketed>\d{1,3})\)                                 # `1)`
      | (?i:PARA(?:GRAPH)?)[ \t]+(?P<para>\d{1,3})\.             # `PARA 1.`, `Para 1.`
        (?![ \t]+(?i:OF|ABOVE|BELOW|REF\w*)\b)                  # not a citation: `PARA 3. OF REFTEL`
    )(?=[ \t(]|$)
    (?P<marked>[ \t]*\([ \t]?{PORTION}[ \t]?\))?             # its portion marking: `1) (C)`
    """.replace("{PORTION}", PORTION), re.VERBOSE | re.MULTILINE)

# A block of the header block (the lines between the classification line and the first
# paragraph): one whose first line opens with a field's label (`SUBJECT:`, in capitals without
# its colon too: `REF A`), or opens with a REF entry's letter (`B. PARIS 456`, see
# `is_ref_entry`), or that holds a line opening with a label and its colon in any case (not
# `subject to approval`, nor a wrapped sentence in capitals, `... RAISED WITH POLOFF THE` /
# `SUBJECT OF BURMESE REFUGEES.`). Its lines from one opening with a portion marking (`(SBU)
# Poloff delivered ...`, typed under `REF:` with no blank line) are text. A block otherwise that
# opens a list (`We propose:`, `WE PROPOSE:`), or ends a sentence in mixed case or with
# PROSE_BLOCK_WORDS words or more, is text; a short line in capitals is an address or caveat
# line (`SIPDIS`, `DEPT FOR EUR/CARC.`), or, before numbers that carry no marking, text from
# SHORT_PROSE_WORDS words (`FOLLOWING IS TEXT OF GOM NOTE.`) unless ADDRESS_OR_CAVEAT.
HEAD_LABEL_WITH_COLON = re.compile(r"""
    ^[ \t]*+(?: E\.?[ ]?O\.?[ ]?\d
              | (?i:(?:DECL|TAGS?|SUBJ(?:ECT)?|REFS?|REASONS?)[ \t]*:|E\.O\.|CLASSIFIED[ \t]+BY\b))
    """, re.VERBOSE | re.MULTILINE)
HEAD_LABEL_WORD = re.compile(r"[ \t]*+(?:DECL|TAGS?|SUBJ(?:ECT)?|REFS?|REASONS?)\b")    # (first line)
# A REF entry's letter at a line's start (`A.`, `(B)`, `C)`), after `REF:` or not.
REF_ENTRY_LETTER = re.compile(r"""
    ^[ \t]*+(?:(?i:REFS?)[ \t]*:?[ \t]*)?
    (?: (?P<letter>[A-Z])[.)] | \((?P<bracketed>[A-Z])\) )[ \t]
    """, re.VERBOSE | re.MULTILINE)
MARKED_LINE = re.compile(rf"^[ \t]*+\([ \t]?{PORTION}[ \t]?\)[ \t]*", re.VERBOSE | re.MULTILINE)
# An addressing or caveat line in capitals: `DEPT FOR EUR/WE.`, `WHITE HOUSE FOR APHSCT.`, `STATE
# PLEASE PASS TO ENERGY.`, `SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY.`.
ADDRESS_OR_CAVEAT = re.compile(rf"""
    [ \t]*+(?: (?:[A-Z/&]+[ \t]+){{1,2}}(?:FOR|(?:PLEASE[ \t]+)?PASS)\b
             | (?:PLEASE[ \t]+)?PASS[ \t]+TO\b
             | {MARKING}(?![A-Z]) )
    """, re.VERBOSE)
# The cable's first paragraph left unnumbered before the numbered ones, as the usual form has
# it (see `_body_numbering.unnumbered_first`): opening with its marking (`(SBU) This is the
# second ...`) or a summary's label (`Summary: (C) In a ...`). Taken so where the numbers carry
# markings too and start at 2 (the unnumbered one is paragraph 1; marked questions `1) (C/NF)`
# after an unnumbered introduction are its list).
UNNUMBERED_FIRST = re.compile(rf"""[ \t]*+(?:\([ \t]?{PORTION}[ \t]?\)|(?i:SUMMARY)\b)""", re.VERBOSE)
PROSE_BLOCK_WORDS = 8
SHORT_PROSE_WORDS = 3
SENTENCE_END = re.compile(r"""[.!?:]["”')]?[ \t]*$""")
SENTENCE_ENDS = tuple('.!?"”)')            # a line ending so ends a sentence
BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Bounds past which the text is no cable's paragraphs in another form and the rule, unsure,
# reads none (as where it finds text before the numbers). They keep the rule's Python work per
# line and per block bounded on crafted or generated text (100 KB of `1)` lines or of blocks
# above the first number: 100 ms even with each read once, 10 ms so). A cable's paragraphs and the lists inside
# them number a few hundred lines at most; a header block holds a few fields, address and
# caveat lines, and REF entries A to Z at most, each a block.
MAX_NUMBERED_LINES = 1_000
MAX_HEAD_BLOCKS = 60


def with_numbers_in_form(lines: Lines, text_from: int) -> Lines:
    """`lines` with the paragraph numbers written in another form (OTHER_NUMBER_FORM) from line
    `text_from` on (the line after the classification line) written `1.`, where they number
    the cable's paragraphs (see the module docstring); `lines` itself otherwise (most cables:
    their numbers are in the usual form, told by `paragraph_starts`, found once for every rule).
    Which of them open a paragraph, in what sequence, is then read as for the usual form (an
    extract from paragraph 7 on, a number the source skipped, `6.` written twice)."""
    if any(index >= text_from for index in paragraph_starts(lines)):
        return lines
    offset = sum(len(line) + 1 for line in lines.lines[:text_from])
    starts = paragraph_numbers(numbered_blocks(lines, offset))
    first_is_unnumbered = bool(starts) and bool(starts[-1]["marked"]) and number_of(starts[0]) == 2
    if not starts or not in_sequence(starts, first_is_unnumbered) \
            or text_before(lines.text[offset:starts[0].start()], first_is_unnumbered, is_marked(starts)):
        return lines
    text, done = [], 0
    for match in starts:
        text += [lines.text[done:match.end("indent")], f"{number_of(match)}."]
        done = match.start("marked") if match["marked"] else match.end()     # the marking stays
    text.append(lines.text[done:])
    new_text = "".join(text)
    return Lines(new_text, searchable(new_text))


def paragraph_numbers(numbers: list[re.Match]) -> list[re.Match]:
    """The numbers of `numbers` (numbered_blocks') that number the paragraphs: where two or
    more carry a portion marking (`1) (C)`), those, and an unmarked one only where it is the
    number due between them (`1) Summary:` before `2) (C)`): a cable that marks its paragraphs
    marks nearly each, and an unmarked `1)` after `2) (C) He said:` is an item of a list inside
    it. Else all, two at least (one alone may be a list's). [] when none."""
    if sum(1 for match in numbers if match["marked"]) < 2:
        return numbers if len(numbers) >= 2 or any(match["marked"] for match in numbers) else []
    kept: list[re.Match] = []
    for match, following in zip(numbers, next_marked_numbers(numbers)):
        if match["marked"] or number_due(match, kept, following):
            kept.append(match)
    return kept


def next_marked_numbers(numbers: list[re.Match]) -> list[int | None]:
    """For each number of `numbers`, the next marked number after it (None after the last
    marked one). Read in one pass from the right: looking ahead from each number made thousands
    of unmarked `1)` between two marked ones quadratic."""
    following: int | None = None
    found: list[int | None] = []
    for match in reversed(numbers):
        found.append(following)
        if match["marked"]:
            following = number_of(match)
    found.reverse()
    return found


def in_sequence(numbers: list[re.Match], first_is_unnumbered: bool) -> bool:
    """`numbers` run from 1 (from 2 after an unnumbered first paragraph; from any number where
    each is marked: an extract from paragraph 7, `7) (C)`, `8) (C)`), then one after the other;
    marked, never down (the source may skip a number or write one twice, `6) (C)`, `6) (C)`,
    read then as the usual form is). Else they number a list, or cite: `1)`, `2)`, `1)`, `2)`,
    `3)` is a list inside paragraph 2 (its `3)` no paragraph 3), `PARA 3.`, `PARA 5.` cite
    reftel's paragraphs. (Only the numbers kept are rewritten: a list's items in a paragraph
    keep their `1)` in its text.)"""
    first = number_of(numbers[0])
    if first != (2 if first_is_unnumbered else 1) and not all(match["marked"] for match in numbers):
        return False
    steps = [number_of(after) - number_of(match) for match, after in zip(numbers, numbers[1:])]
    return all(step >= 0 for step in steps) if is_marked(numbers) else all(step == 1 for step in steps)


def is_marked(numbers: list[re.Match]) -> bool:
    return any(match["marked"] for match in numbers)


def number_due(match: re.Match, kept: list[re.Match], following: int | None) -> bool:
    """The unmarked `match` is the number due after the numbers `kept` (one more than the last,
    1 for the first), below `following`, the next marked number (None: none follows)."""
    due = number_of(kept[-1]) + 1 if kept else 1
    return number_of(match) == due and (following is None or following > due)


def number_of(match: re.Match) -> int:
    return int(match["bracketed"] or match["para"])


def numbered_blocks(lines: Lines, offset: int) -> list[re.Match]:
    """The OTHER_NUMBER_FORM numbers from the text's character `offset` (a line's start) on
    that open a block, in the text's order: under a blank line, a finished sentence, a ruler
    or a heading (a line standing alone); not a number wrapped to a line's start inside a
    sentence (`... as noted in` / `PARA 2. above`), nor a list's item under its `:`. None
    where more than MAX_NUMBERED_LINES lines are numbered so."""
    text = lines.text
    found = []
    for count, match in enumerate(OTHER_NUMBER_FORM.finditer(text, offset)):
        if count == MAX_NUMBERED_LINES:
            return []
        above = line_before(text, match.start(), offset)
        if opens_block(above, lambda: line_before(text, match.start() - len(above) - 1, offset)):
            found.append(match)
    return found


def opens_block(above: str, line_over_above: Callable[[], str]) -> bool:
    """A number under the line `above` opens a block (see `numbered_blocks`); `line_over_above`
    gives the line over that one (read only for a heading's test)."""
    end = above.rstrip()
    if not end or end.endswith(SENTENCE_ENDS) or DASH_LINE.match(above):
        return True
    return not end.endswith(":") and not line_over_above().strip()     # a heading


def line_before(text: str, line_start: int, offset: int) -> str:
    """The line before the one starting at `line_start` ('' at `offset`, the text's first line
    read, or before it)."""
    if line_start <= offset:
        return ""
    return text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1]


def text_before(head: str, first_is_unnumbered: bool, marked: bool) -> bool:
    """`head`, the text between the classification line and the first number, holds a paragraph
    of text: a block, or a header block's lines from a marked one on, that reads as text (see
    HEAD_LABEL_WITH_COLON). `first_is_unnumbered`: the numbers start at 2 and carry markings (an
    UNNUMBERED_FIRST block is then paragraph 1, no list's introduction). `marked`: some numbers
    carry a marking (else the evidence must be stronger: a short sentence in capitals is text).
    True too past MAX_HEAD_BLOCKS blocks."""
    # The REF entries' letters opening a line above the block, gathered as the blocks are read:
    # searching all the text above each block again made thousands of blocks quadratic.
    letters_above: set[str] = set()
    for count, block in enumerate(blocks(head)):
        if count == MAX_HEAD_BLOCKS:
            return True                 # more blocks than a header block holds
        text = text_of_block(block, letters_above)
        if text.strip() and not (first_is_unnumbered and UNNUMBERED_FIRST.match(text)) \
                and reads_as_text(text, marked):
            return True
        letters_above |= ref_letters(block)
    return False


def blocks(text: str) -> Iterator[str]:
    """The blocks of `text` (between blank lines)."""
    start = 0
    for blank in chain(BLANK_LINE.finditer(text), [None]):     # lazily: the caller may stop early
        end = blank.start() if blank else len(text)
        yield text[start:end].strip("\n")
        start = blank.end() if blank else end


def text_of_block(block: str, letters_above: set[str]) -> str:
    """The lines of `block` that are no header block's (see HEAD_LABEL_WITH_COLON);
    `letters_above`: the REF entries' letters opening a line of the head above it."""
    if not (HEAD_LABEL_WORD.match(block) or is_ref_entry(block, letters_above)
            or HEAD_LABEL_WITH_COLON.search(block)):
        return block
    letters = letters_above | ref_letters(block)
    for marked in MARKED_LINE.finditer(block):
        # Only the marked line is read (neither pattern reads past a line's end): cutting the
        # rest of the block for each marked line made a block of thousands of them quadratic.
        line_end = end_of_line(block, marked.start())
        if not HEAD_LABEL_WITH_COLON.match(block[marked.end():line_end]) \
                and not is_ref_entry(block[marked.start():line_end], letters):
            return block[marked.start():]
    return ""


def end_of_line(text: str, position: int) -> int:
    """Where the line holding `position` ends (at its newline, or the text's end)."""
    newline = text.find("\n", position)
    return newline if newline != -1 else len(text)


def is_ref_entry(line: str, letters_above: set[str]) -> bool:
    """`line` opens with a REF entry's letter: `A`, or the letter after one of `letters_above`
    (those opening a line above: `(C) Poloff delivered ...` is a paragraph's portion marking,
    under no `(B)`)."""
    match = REF_ENTRY_LETTER.match(line)
    if not match:
        return False
    letter = match["letter"] or match["bracketed"]
    return letter == "A" or chr(ord(letter) - 1) in letters_above


def ref_letters(text: str) -> set[str]:
    """The REF entries' letters opening a line of `text` (REF_ENTRY_LETTER)."""
    return {match["letter"] or match["bracketed"] for match in REF_ENTRY_LETTER.finditer(text)}


def reads_as_text(block: str, marked: bool) -> bool:
    """`block` opens a list (`We propose:`, `WE PROPOSE:`) or ends a sentence in mixed case or
    of PROSE_BLOCK_WORDS words; where no number is `marked`, of SHORT_PROSE_WORDS words unless
    an address or caveat line."""
    if block.rstrip().endswith(":"):
        return True
    if not SENTENCE_END.search(block):
        return False
    words = len(block.split())
    return bool(LOWER_CASE_LETTER.search(block)) or words >= PROSE_BLOCK_WORDS \
        or not marked and words >= SHORT_PROSE_WORDS and not ADDRESS_OR_CAVEAT.match(block)
