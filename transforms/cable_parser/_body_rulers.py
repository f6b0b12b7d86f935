"""Rulers (`-----`) and the headings they frame or underline, blanked in the lines of all
paragraphs at once (`blank_rulers`): a framed heading, a heading over a ruler (wrapped over a
few lines, run onto the sentence above, or apart from its ruler by a page break's blank lines),
but not a table's last row over its closing rule.

Whether a line is a heading over a ruler is `_body_headings`'; a heading run onto a paragraph's
last line with its ruler, `_body_paragraph_ends`'.
"""
import bisect
import itertools
import operator
from typing import NamedTuple

from ._body_headings import REDACTED_PARAGRAPH, ends_sentence, has_figure, is_heading_over_ruler
from ._body_line_kinds import SUB_ITEM
from ._body_numbering import _Start
from ._body_paragraph_ends import RUN_ON_HEADING_START, is_run_on_heading


def blank_rulers(kept: list[str], accepted: list[_Start], rulers: list[int]) -> None:
    """Each ruler line after the first paragraph's start made blank, and the line just before
    it when that is a heading (a short line, not a paragraph's first line nor a ruler), for all
    paragraphs at once (`blank_ruler`, a ruler at a time). The heading's line is left blank, not
    dropped: the same for the text, whose blocks are cut at runs of blank lines, empty blocks
    dropped. A run of rulers a block repeated in place holds (`G8` / `--` x 14,000: ~1 us a
    ruler) is read a few rulers, then its result copied (`copied_repeats`)."""
    first_lines = {paragraph.index for paragraph in accepted}
    starts = sorted(first_lines)
    position = bisect.bisect_right(rulers, accepted[0].index)
    upper = -1                          # the upper ruler of a framed heading, once found
    for run in repeated_runs(rulers, position):
        walked = blank_each(kept, rulers, position, run.start + RULERS_WALKED, upper, first_lines)
        if walked is None:
            return                      # (past the lines' end)
        position, upper = walked
        position, upper = copied_repeats(kept, rulers, run, position, upper, first_lines, starts)
    blank_each(kept, rulers, position, len(rulers), upper, first_lines)


def blank_each(kept: list[str], rulers: list[int], position: int, stop: int, upper: int,
               first_lines: set[int]) -> tuple[int, int] | None:
    """`blank_ruler` for the rulers from position `position` to `stop` of `rulers`: the
    position reached and the upper ruler found (see `blank_ruler`), or None when a ruler
    lies past the lines' end (the rest are past it too)."""
    while position < stop:
        ruler = rulers[position]
        if ruler > len(kept):
            return None
        lower = rulers[position + 1] if position + 1 < len(rulers) else None
        upper = blank_ruler(kept, ruler, lower, upper, first_lines, rulers)
        position += 1
    return position, upper


def blank_ruler(kept: list[str], ruler: int, lower: int | None, upper: int, first_lines: set[int],
                rulers: list[int]) -> int:
    """The ruler line `ruler` made blank, with the heading it underlines or frames (with the
    next ruler, `lower`; None after the last); `upper`: the upper ruler of the last framed
    heading found (a frame's lower ruler frames nothing). The new `upper`. Reads the lines from
    READ_ABOVE lines above `ruler` (the heading wrapped or apart from its ruler by a page
    break's gap) to the line above `lower` (a frame's lines); writes none above
    `ruler - READ_ABOVE + 1`."""
    if ruler == upper:
        pass                        # (its frame's lines are blank already)
    elif lower is not None and 1 < lower - ruler <= FRAMED_HEADING_LINES + 1 \
            and ruler + 1 < len(kept) and kept[ruler + 1].strip() \
            and frames_heading(kept, ruler, lower, first_lines):    # (its first line first)
        # A framed heading (ruler, one to three heading lines, ruler): its lines are the
        # heading; the line above the upper ruler is the paragraph's (`... End comment.)`).
        kept[ruler + 1:lower] = [""] * (lower - ruler - 1)
        upper = lower
    else:
        heading = ruler - 1             # (a ruler before it is blank already: no heading)
        if heading not in first_lines and is_heading_over_ruler(kept[heading].strip()) \
                and not is_last_table_row(kept, heading):
            # (a heading opens with a capital: only a line opening in lower case keeps
            # a sentence's end; only a line above that is not blank may be its first line)
            line = kept[heading]
            kept[heading] = sentence_before_heading(line) if line.lstrip()[:1].islower() else ""
            if not kept[heading] and heading > 0 and kept[heading - 1]:
                blank_wrapped_heading(kept, heading, rulers, first_lines)
        if heading < len(kept) and not kept[heading]:
            blank_heading_over_gap(kept, heading, first_lines)
    if ruler < len(kept) and ruler not in first_lines:
        kept[ruler] = ""
    return upper


class Run(NamedTuple):
    """Rulers `start` to `last` (positions in the list of rulers), each `gap` lines below the one before."""
    start: int
    last: int
    gap: int


def repeated_runs(rulers: list[int], position: int) -> list[Run]:
    """The runs of at least REPEATED_RULERS rulers from `position` on, each the same number of
    lines below the one before (a block repeated in place), in order (one ruler may end a run
    and start the next). The gaps are grouped in C (a cable's rulers: none taken)."""
    if len(rulers) - position < REPEATED_RULERS:
        return []
    runs, start = [], position
    gaps = map(operator.sub, itertools.islice(rulers, position + 1, None), itertools.islice(rulers, position, None))
    for gap, same in itertools.groupby(gaps):
        last = start + len(list(same))
        if last - start + 1 >= REPEATED_RULERS:
            runs.append(Run(start, last, gap))
        start = last
    return runs


def copied_repeats(kept: list[str], rulers: list[int], run: Run, position: int, upper: int,
                   first_lines: set[int], starts: list[int]) -> tuple[int, int]:
    """Of the `run` of rulers (a block repeated in place), the rulers from `position` on (the
    run's first RULERS_WALKED read already) read as by `blank_ruler` one by one, in one step
    where the lines repeat: the position of the next ruler to read, and `upper` (see
    `blank_ruler`); `starts`: the paragraphs' first lines, ascending.

    Why a copy is exact: `blank_ruler` reads only the lines, the first lines and the rulers from
    READ_ABOVE lines above its ruler to the line above the next ruler, and the next ruler, and
    writes only below the first of those lines. Let r be the last ruler read, and the lines
    from r - READ_ABOVE to the run's last ruler, once the next `stride` rulers are read (a
    block's rulers: BLOCK_RULERS at most), be those before, shifted by a block's lines (`period`
    = `stride` rulers' gaps), and whether the last ruler read opened a frame the same. Then the
    next `stride` rulers find around them what those before them found (no first line there,
    and only the run's rulers: RULERS_WALKED read), so read the same and write the same,
    shifted: the lines are again those before them, shifted; and so on up to the run's last
    ruler. Lines above a ruler's window are final once it is read: each block of lines from
    r + period - READ_ABOVE on is the block above it, and the rest, the lines as they were
    before, shifted by those blocks."""
    end, gap = rulers[run.last], run.gap
    top = rulers[position - 1] - READ_ABOVE
    if top < 0 or end >= len(kept) or bisect.bisect_left(starts, top) != bisect.bisect_left(starts, end):
        return position, upper          # (a paragraph's first line among them: read one by one)
    read = kept[top:end]
    framing = upper == rulers[position]     # (the last ruler read opened a frame)
    for stride in range(1, BLOCK_RULERS + 1):
        if position >= run.last:
            break
        upper = blank_ruler(kept, rulers[position], rulers[position + 1], upper, first_lines, rulers)
        position += 1
        period = stride * gap
        if (upper == rulers[position]) != framing or kept[top + period:end] != read[:len(read) - period]:
            continue
        # the blocks copied: each ruler's next one in the run (what it reads below it is above that)
        copies = (run.last - position) // stride
        if copies < 1:
            break
        top += period
        kept[top:end] = kept[top - period:top] * copies + kept[top:end - copies * period]
        position += copies * stride
        return position, rulers[position] if framing else upper
    return position, upper


REPEATED_RULERS = 16    # rulers in a run read as repeated (a cable's few rulers are read one by one)
BLOCK_RULERS = 2        # rulers of a run in a block repeated in place, at most (a frame's two)


def frames_heading(kept: list[str], upper: int, lower: int, first_lines: set[int]) -> bool:
    """The rulers `upper` and `lower` frame a heading: one to FRAMED_HEADING_LINES lines between
    them, none blank nor a paragraph's first line, each a heading's line (short, or title case)."""
    if not 1 < lower - upper <= FRAMED_HEADING_LINES + 1 or lower > len(kept):
        return False
    for line in range(upper + 1, lower):
        text = kept[line].strip()
        if not text or line in first_lines or not is_heading_over_ruler(text):
            return False
    return True


FRAMED_HEADING_LINES = 3        # a heading wrapped once, and the `-` placeholder line of old layouts


def is_last_table_row(kept: list[str], line: int) -> bool:
    """The line over a ruler is a table's last row, over the table's closing rule: it holds a
    figure, as does the row right above it, which ends no sentence (`Nov 843` / `Dec 708` /
    ruler; `Military 27 (8.6) 51 (9.8)` / `Other 9 (2.9) Unavailable` / ruler: a closing
    parenthesis ends a figure there)."""
    above = kept[line - 1].strip() if line > 0 else ""
    return bool(above) and above[-1:] not in ROW_ENDS and has_figure(kept[line]) \
        and has_figure(above)       # (the cheap test first: most headings have no figure)


ROW_ENDS = ".!?:;\"”"        # a sentence's last characters, which a table's row does not end with


def sentence_before_heading(line: str) -> str:
    """What of the heading's `line` over a ruler stays: nothing, or the end of the sentence
    above when the scrape ran the heading onto it (`neighbors in the region. TURKEY: BETTER THAN
    THE REST` / ruler: a line opening in lower case goes on with a sentence; a heading opens with
    a capital), up to its last sentence end before a heading in capitals or title case."""
    text = line.strip()
    if not text[:1].islower():
        return ""
    for mark in RUN_ON_HEADING_START.finditer(text):
        if mark[0][0] in ".?!" and is_run_on_heading(text[mark.end():]):
            return text[:mark.start() + 1]
    return ""


def blank_wrapped_heading(kept: list[str], heading: int, rulers: list[int],
                          first_lines: set[int]) -> None:
    """The first lines of a heading framed by rulers and wrapped over two or three lines
    (ruler / `(U) Russian presentation of a framework for evaluating` / `missile risks, dangers
    and threats; and discussion` / ruler), made blank with its last (`heading`, blank already):
    the lines over it up to the upper ruler, when each is a heading's line."""
    top = heading - 1
    while top > heading - WRAPPED_HEADING_LINES and kept[top] and top not in first_lines \
            and is_heading_over_ruler(kept[top].strip()):
        top -= 1
    position = bisect.bisect_left(rulers, top)
    if top < heading - 1 and position < len(rulers) and rulers[position] == top:
        for line in range(top + 1, heading):
            kept[line] = ""


WRAPPED_HEADING_LINES = 3       # a heading framed by rulers is wrapped over three lines at most


def blank_heading_over_gap(kept: list[str], gap_end: int, first_lines: set[int]) -> None:
    """The heading (or its first line) over a ruler, apart from it by the blank lines a page
    break left (`Syria Stalemate` / page header / ruler; `... PROBLEMS OF` / blank /
    `CORRUPTION` / ruler), made blank: the line over the blank lines ending at `gap_end`, when
    it follows the paragraph's last sentence (a full stop, `?`, `!`, a closing quote) on the
    line above and is a heading that ends no sentence; not a sub-item, a redaction (`XXXXXX`)
    nor an end marker (`End Summary`)."""
    line = gap_end
    while line > gap_end - PAGE_BREAK_GAP and line > 0 and not kept[line]:
        line -= 1
    text = kept[line].strip()
    above = kept[line - 1].rstrip() if line > 0 else ""
    if text and line not in first_lines and above[-1:] in LAST_SENTENCE_END \
            and is_heading_over_ruler(text) and not ends_sentence(text) and not SUB_ITEM.match(text) \
            and not REDACTED_PARAGRAPH.match(text) and text[:3].upper() != "END":
        kept[line] = ""


# How the paragraph's last sentence ends, on the line above a heading run onto it.
LAST_SENTENCE_END = frozenset('.!?"”')
PAGE_BREAK_GAP = 3      # blank lines a page break leaves between a heading and its ruler
# The lines `blank_ruler` reads above its ruler (see `copied_repeats`): the heading's line, the
# page break's gap over it and the line over that (`blank_heading_over_gap`), or a wrapped
# heading's lines (`blank_wrapped_heading`). Below it, it reads a framed heading's lines, above
# the next ruler.
READ_ABOVE = max(PAGE_BREAK_GAP + 2, WRAPPED_HEADING_LINES + 1)
# The rulers of a run read one by one before its result is copied: the lines READ_ABOVE - 1
# above the first one copied hold no ruler from before the run (a ruler is a line at least).
RULERS_WALKED = READ_ABOVE - 1
