"""Rulers (`-----`) and the headings they frame or underline, blanked in the lines of all
paragraphs at once (`blank_rulers`): a framed heading, a heading over a ruler (wrapped over a
few lines, run onto the sentence above, or apart from its ruler by a page break's blank lines),
but not a table's last row over its closing rule.

Whether a line is a heading over a ruler is `_body_headings`'; a heading run onto a paragraph's
last line with its ruler, `_body_paragraph_ends`'.
"""
import bisect
import itertools
from typing import Iterator

from ._body_headings import REDACTED_PARAGRAPH, ends_sentence, has_figure, is_heading_over_ruler
from ._body_line_kinds import SUB_ITEM
from ._body_numbering import _Start
from ._body_paragraph_ends import RUN_ON_HEADING_START, is_run_on_heading


def blank_rulers(kept: list[str], accepted: list[_Start], rulers: list[int]) -> None:
    """Each ruler line after the first paragraph's start made blank, and the line just before
    it when that is a heading (a short line, not a paragraph's first line nor a ruler), for all
    paragraphs at once. The heading's line is left blank, not dropped: the same for the text,
    whose blocks are cut at runs of blank lines, empty blocks dropped."""
    first_lines = {paragraph.index for paragraph in accepted}
    upper = -1                          # the upper ruler of a framed heading, once found
    following = itertools.islice(rulers, bisect.bisect_right(rulers, accepted[0].index), None)
    # Each ruler with the next one, None after the last (`following_rulers` is `following`
    # without its first ruler: one shorter, so `ruler` is never None).
    lowers = itertools.chain(following_rulers(rulers, accepted), (None,))
    for ruler, lower in zip(following, lowers):
        if ruler > len(kept):
            break
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


def following_rulers(rulers: list[int], accepted: list[_Start]) -> Iterator[int]:
    """Each ruler's next one (as `blank_rulers` walks them): the rulers after the first one it reads."""
    return itertools.islice(rulers, bisect.bisect_right(rulers, accepted[0].index) + 1, None)


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
