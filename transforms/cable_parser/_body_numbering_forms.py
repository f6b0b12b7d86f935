"""Paragraph numbers written in another form than 5 FAH-2's `1.` / `¶1.`: `1)` and `PARA 1.`
(`1) (C) The minister ...`, `PARA 2. (SBU) He ...`), as some drafters and re-typed copies number
a cable's paragraphs.

The paragraph rules read `1.` only; a cable numbered otherwise had no paragraphs, no summary
from them, and a header block that ran on into its text. `with_numbers_in_form` gives the lines
with those numbers written `1.` (the same lines otherwise, the same count), which the header
block's end, the paragraphs, the summary and the comment are read from; the body keeps the text
as written.

`1)` also numbers the items of a list inside a paragraph, and `PARA 1` is cited in sentences:
such numbers are paragraph numbers only in a cable that has no number of the usual form, where
each stands at a block's start (a blank line above it), they run 1, 2, 3 ... from the first
(two at least; or those with a portion marking do, `1) (C)`, a list inside a paragraph left
out), and the first follows the header block with no paragraph of text between them (an
unnumbered cable's list, `We propose:` / `1) ...` / `2) ...`, is a list). `1)` inside a
sentence, wrapped to a line's start, has no blank line above it.
"""
import re

from ._body_line_kinds import PORTION, paragraph_starts
from ._text import Lines, searchable

# A paragraph number in another form, at a line's start: `1)` (not `1.)`, `(1)`: the bracket
# closes the number alone) or `PARA 1.` / `Paragraph 1.`; then a space or the line's end.
OTHER_NUMBER_FORM = re.compile(r"""
    ^(?P<indent>[ \t]*+)
    (?: (?P<bracketed>\d{1,3})\)                        # `1)`
      | (?i:PARA(?:GRAPH)?)[ \t]+(?P<para>\d{1,3})\.            # `PARA 1.`, `Para 1.`
    )(?=[ \t]|$)
    (?P<marked>[ \t]+\([ \t]?{PORTION}[ \t]?\))?            # its portion marking: `1) (C)`
    """.replace("{PORTION}", PORTION), re.VERBOSE | re.MULTILINE)

# What opens a block of the header block (the lines between the classification line and the
# first paragraph): a field's label or a REF entry's letter. A block opening otherwise that
# ends a sentence or opens a list (`.`, `:`), in mixed case or of PROSE_BLOCK_WORDS words or
# more, is text (`We propose:`); a short line in capitals is an address or caveat line
# (`SIPDIS`, `DEPT FOR EUR/CARC.`).
HEAD_BLOCK_START = re.compile(r"""
    [ \t]*+(?: (?i:E\.?[ ]?O\.?[ ]?\d|(?:DECL|TAGS?|SUBJ(?:ECT)?|REFS?|REASONS?)\b|CLASSIFIED[ \t]+BY\b)
              | (?:[A-Z][.)]|\([A-Z]\))[ \t]       # a REF entry's letter: `A.`, `(B)`, `C)`
    )""", re.VERBOSE)
PROSE_BLOCK_WORDS = 8
SENTENCE_END = re.compile(r"""[.!?:]["”')]?[ \t]*$""")
LOWER_CASE_LETTER = re.compile(r"[a-z]")
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def with_numbers_in_form(lines: Lines, text_from: int) -> Lines:
    """`lines` with the paragraph numbers written in another form (OTHER_NUMBER_FORM) from line
    `text_from` on (the line after the classification line) written `1.`, where they number
    the cable's paragraphs (see the module docstring); `lines` itself otherwise (most cables:
    their numbers are in the usual form, told by `paragraph_starts`, found once for every rule)."""
    if any(index >= text_from for index in paragraph_starts(lines)):
        return lines
    offset = sum(len(line) + 1 for line in lines.lines[:text_from])
    starts = paragraph_numbers(numbered_blocks(lines, offset))
    if not starts or text_before(lines.text[offset:starts[0][0].start()]):
        return lines
    text, done = [], 0
    for match, number in starts:
        text += [lines.text[done:match.end("indent")], f"{number}."]
        done = match.start("marked") if match["marked"] else match.end()     # the marking stays
    text.append(lines.text[done:])
    new_text = "".join(text)
    return Lines(new_text, searchable(new_text))


def paragraph_numbers(numbers: list[tuple[re.Match, int]]) -> list[tuple[re.Match, int]]:
    """The numbers of `numbers` (numbered_blocks') that number the paragraphs: all, when they
    run 1, 2, 3 ... (two at least); else those with a portion marking (`1) (C)`), when they
    do (one at least: a list inside a paragraph, `2) (C) He said:` / `1) one thing;` / `2)
    another.`, is not marked); [] when neither do."""
    if len(numbers) >= 2 and in_sequence(numbers):
        return numbers
    marked = [(match, number) for match, number in numbers if match["marked"]]
    return marked if marked and in_sequence(marked) else []


def in_sequence(numbers: list[tuple[re.Match, int]]) -> bool:
    return [number for _, number in numbers] == list(range(1, len(numbers) + 1))


def numbered_blocks(lines: Lines, offset: int) -> list[tuple[re.Match, int]]:
    """The OTHER_NUMBER_FORM numbers from the text's character `offset` (a line's start) on
    that open a block (a blank line above them), with their numbers, in the text's order."""
    found = []
    for match in OTHER_NUMBER_FORM.finditer(lines.text, offset):
        above_end = match.start() - 1               # the line end before the number's line
        above_start = lines.text.rfind("\n", 0, max(above_end, 0)) + 1
        if above_end > offset and lines.text[above_start:above_end].strip():
            continue                                # (the text's first line opens a block)
        found.append((match, int(match["bracketed"] or match["para"])))
    return found


def text_before(head: str) -> bool:
    """`head`, the text between the classification line and the first number, holds a paragraph
    of text: a block that opens with no label of the header block (HEAD_BLOCK_START) and reads as
    text (see HEAD_BLOCK_START)."""
    for block in BLANK_LINE.split(head):
        block = block.strip("\n")
        if not block.strip() or HEAD_BLOCK_START.match(block):
            continue
        if SENTENCE_END.search(block) and (LOWER_CASE_LETTER.search(block)
                                           or len(block.split()) >= PROSE_BLOCK_WORDS):
            return True
    return False
