"""Paragraph starts that the line rules do not read, looked for where the numbering leaves a gap
(`¶1.`, then `¶3.`) or after the last paragraph: the number due, in sequence, written

- run onto the line of the paragraph before, after a sentence's end, with its marking or its `¶`
  (`... second. End Summary. ¶2. (SBU) The poll`, `End Summary. 2. (SBU) The poll`, `... of 2.5
  percent. ¶3. (U) The election`): a lost line break, as a scrape or a re-typed copy loses one;
- at a block's start without its full stop, with a marking (`¶2 (C) Stanishev said`, `2) (C)
  Stanishev said`): the number's stop mistyped (in a gap only: after the last paragraph such a
  line may open a list's item).

The number due and its marking (or `¶`) are what make it a paragraph's: a decimal (`2.5
percent`), a section cited (`section 2. The`), a reference (`para 2. (C) of reftel`, no sentence's
end before it) or a list in prose (`1. ... 2. ...`, unmarked) is none.

Which numbered lines open a paragraph is `_body_numbering`'s; this reads only the paragraphs it
took, and the lines of those before a gap.
"""
import bisect
import itertools
import operator
import re
from typing import NamedTuple

from ._body_line_kinds import PORTION
from ._body_numbering import _Start

# The number due run onto a line after a sentence's end (`.`, `!`, `?`, a closing quotation
# mark or bracket after it) and a space: `¶2.`, with a marking or without, or `2.` with a
# marking; then a space and the text. The `.` after the number is followed by a space (not
# `2.5`). Searched only in the lines of a paragraph before a gap, and in the last one's.
RUN_ON_START = re.compile(rf"""
    (?<![Pp][Aa][Rr][Aa])(?<![Pp][Aa][Rr][Aa][Ss])(?<![Rr][Ee][Ff])(?<![Nn][Oo])  # (an abbreviation's
    [.!?]["”’')\]]?[ \t]+                   # stop, `reftel para. 2. (C) the`, ends no sentence) a
    (?: ¶[ \t]?(?P<pilcrowed>\d{{1,3}})[ \t]?\.    # sentence's end, and a space
        (?:[ \t]+\([ \t]?(?P<pilcrow_marking>{PORTION})[ \t]?\))?
      | (?P<number>\d{{1,3}})[ \t]?\.[ \t]+\([ \t]?(?P<marking>{PORTION})[ \t]?\) )
    [ \t]+(?=[A-Z0-9"“'‘(\[-])               # then the paragraph's first word, as one opens
    """, re.VERBOSE)
# A number without its full stop opening a block (a blank line above it), then a marking: `¶2
# (C) The`, `2) (C) The`, `¶3) (SBU) The` (a `)` typed for the `.`, or nothing). Starts with a
# literal line end: the engine scans for it.
BLOCK_UNSTOPPED_START = re.compile(rf"""
    \n[ \t]*\n
    [ \t]*+(?:¶[ \t]?)?(?P<number>\d{{1,3}})(?:\)|(?=[ \t]))
    [ \t]*\([ \t]?(?P<marking>{PORTION})[ \t]?\)[ \t]+(?=\S)
    """, re.VERBOSE)


# A block opening with the item `1)`: the paragraph lists numbered items (`Post should deliver the
# following points:` / `1) (U) ...` / `2) (C) ...` / `3) (C) ...`), whose `3)` is no paragraph 3.
ITEM_ONE = re.compile(r"\n[ \t]*\n[ \t]*+1\)")


class _Found(NamedTuple):
    line: int           # the line index in `visible`
    column: int         # where the number starts on it (0 for a line start)
    start: _Start       # the paragraph, its text from `text_from` of the line cut at `column`


def with_gap_starts(visible: list[str], accepted: list[_Start], rulers: list[int], items: list[int],
                    warnings: list[str]) -> tuple[list[_Start], list[int], list[int]]:
    """`accepted` with the paragraphs found in its gaps and after its last (see the module),
    `visible` with each line a paragraph was run onto cut before its number (the number's part
    a line of its own, inserted under it), and the line indexes of `rulers` and `items` moved
    down by the lines inserted above them. The warning of the gap (`paragraph 3 follows
    paragraph 1`) goes when the gap is filled."""
    found: list[_Found] = []
    for position, paragraph in enumerate(accepted):
        following = accepted[position + 1] if position + 1 < len(accepted) else None
        if following is not None and following.number <= paragraph.number + 1:
            continue                    # (the usual: no gap)
        end = following.index if following is not None else len(visible)
        last = gap_starts(visible, paragraph, end, following.number if following else None, found)
        if following is not None and last == following.number - 1:
            message = f"paragraph {following.number} follows paragraph {paragraph.number}"
            if message in warnings:
                warnings.remove(message)
    if not found:
        return accepted, rulers, items
    return with_starts_inserted(visible, accepted, rulers, items, found)


def gap_starts(visible: list[str], paragraph: _Start, end: int, limit: int | None, found: list[_Found]) -> int:
    """The paragraphs numbered from `paragraph`'s number and 1 on, below `limit` (the next
    paragraph's number, None after the last), found in order in its lines (up to line `end`),
    added to `found`; the last number found. Its lines are searched joined, by the two
    patterns in C (a paragraph of 50,000 short lines: no step a line), each match's line
    found from the lines' offsets, made only when one matches."""
    due = paragraph.number + 1
    if limit is not None and due >= limit:
        return due - 1
    lines = visible[paragraph.index:end]
    text = "\n".join(lines)
    if "(" not in text and "¶" not in text:         # (each form holds one: most paragraphs, a scan in C)
        return due - 1
    # (after the last paragraph, only a run-on start: its pattern opens with a sentence's end,
    # which the engine scans for; the other is tried at every blank line, ~3 ms in 100 KB of
    # them, and is looked for only in a gap)
    matches = sorted(itertools.chain(
        ((match.start(), match) for match in RUN_ON_START.finditer(text, paragraph.text_from)),
        ((match.start("number"), match) for match in BLOCK_UNSTOPPED_START.finditer(text)) if limit is not None else ()),
        key=operator.itemgetter(0))
    offsets: list[int] | None = None        # where each line starts in `text`
    for position, match in matches:
        run_on = match.re is RUN_ON_START
        if int(match["pilcrowed"] or match["number"] if run_on else match["number"]) != due:
            continue
        if not run_on and text[match.end("number")] == ")" and ITEM_ONE.search(text, 0, position):
            continue                    # (an item of a list numbered `1)`, `2)` in the paragraph)
        if offsets is None:
            offsets = list(itertools.accumulate(map((1).__add__, map(len, lines)), initial=0))
        if run_on:                      # (the line is cut before its `¶` or number)
            position = text.rfind("¶", 0, match.start("pilcrowed")) if match["pilcrowed"] \
                else match.start("number")
        line = bisect.bisect_right(offsets, position) - 1
        column = position - offsets[line] if run_on else 0
        marking = (match["pilcrow_marking"] or match["marking"]) if run_on else match["marking"]
        text_from = match.end() - offsets[line] - column
        found.append(_Found(paragraph.index + line, column, _Start(paragraph.index + line, due, marking, text_from)))
        due += 1
        if limit is not None and due >= limit:
            break
    return due - 1


def with_starts_inserted(visible: list[str], accepted: list[_Start], rulers: list[int], items: list[int],
                         found: list[_Found]) -> tuple[list[_Start], list[int], list[int]]:
    """`accepted` with the paragraphs `found`, each run-on one's part of its line a line of its
    own inserted under what it was run onto (`visible` rebuilt in place, in one pass), and the
    line indexes moved down by the lines inserted above them."""
    inserted = sorted({(item.line, item.column) for item in found if item.column})
    if inserted:
        rebuilt: list[str] = []
        done = 0                        # visible[:done] is in `rebuilt`
        for line, cuts in itertools.groupby(inserted, key=operator.itemgetter(0)):
            rebuilt += visible[done:line]
            text, previous = visible[line], 0
            for _, column in cuts:
                rebuilt.append(text[previous:column].rstrip())
                previous = column
            rebuilt.append(text[previous:])
            done = line + 1
        rebuilt += visible[done:]
        visible[:] = rebuilt

    def moved(index: int, column: int = 0) -> int:
        """Line `index` (at `column`) after the insertions: one more for each cut above it, or
        on its line up to its column."""
        return index + bisect.bisect_right(inserted, (index, column))
    starts = [start._replace(index=moved(start.index)) for start in accepted]
    starts += [item.start._replace(index=moved(item.line, item.column)) for item in found]
    starts.sort(key=operator.attrgetter("index"))
    if inserted:
        rulers = [moved(index) for index in rulers]
        items = sorted([moved(index) for index in items] + [moved(line, column) for line, column in inserted])
    return starts, rulers, items
