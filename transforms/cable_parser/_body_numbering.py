"""Which numbered lines open a paragraph, and with what number: the usual cable's marked
paragraphs in sequence at once (`marked_in_sequence`), else each numbered line read by the
rules (`accepted_number`: a list item, a renumbered `¶`, a gap, a repeat; an unmarked number
out of sequence, `out_of_sequence` in `chosen_paragraphs`), with the fast paths for thousands
of copies of a rejected line; paragraph 1 whose `1.` a scrape lost; and the numbered lines
of a table of contents before the sections (`without_contents`), which are no paragraphs.

The numbered lines themselves are `_body_line_kinds`'; the paragraphs' texts, `_body_paragraphs`'.
"""
import bisect
import difflib
import itertools
import re
import sys
from typing import Callable, NamedTuple

from ._body_headings import (REDACTED_PARAGRAPH, SHORT_LINE, ends_sentence, is_admin_note, is_heading_over_ruler,
                             is_title_case)
from ._body_line_kinds import PORTION, line_kinds, marking_after_label, paragraph_starts
from ._body_numbering_forms import SENTENCE_ENDS
from ._text import Lines

MAX_PARAGRAPHS = 999      # paragraph numbers have at most three digits
# The numbers written in ASCII digits without a leading zero (`1` to `999`): PARAGRAPH_START's
# `\d{1,3}` also takes other scripts' digits and leading zeros, read by `int`.
PLAIN_NUMBERS = frozenset(str(number) for number in range(1, 1000))


class _Start(NamedTuple):
    # (the field shadows tuple.index, on purpose: no _Start is searched as a tuple)
    index: int  # type: ignore[assignment]  # line index
    number: int
    marking: str | None
    text_from: int        # column where the paragraph text begins


def marked_in_sequence(candidates: list[int], starts: dict[int, re.Match]) -> list[_Start] | None:
    """The paragraphs of the usual cable, whose numbered lines (`candidates`, their
    PARAGRAPH_START matches in `starts`) all carry a portion marking and are numbered one after
    the other from the first (`¶1. (C)`, `¶2. (C)`...): each is a paragraph, as
    `chosen_paragraphs` finds (a marked first line opens one, and each number due is taken),
    without a warning. None for any other numbering (four cables in five are this one)."""
    if not candidates or len(candidates) > MAX_PARAGRAPHS:
        return None
    if starts[candidates[0]]["number"] == LOST_PILCROW_FIRST and not starts[candidates[0]]["pilcrow"]:
        return None     # `11.`: maybe `¶1.` whose pilcrow became a 1 (see `pilcrow_read_as_one`)
    accepted, due = [], None
    for index in candidates:
        match = starts[index]
        marking = match["marking"]
        number = int(match["number"])
        if not marking or (due is not None and number != due):
            return None
        accepted.append(_Start(index, number, marking, match.end()))
        due = number + 1
    return accepted


def chosen_paragraphs(lines: Lines, visible: list[str], candidates: list[int],
                      warnings: list[str], starts: dict[int, re.Match] | None = None) -> list[_Start]:
    """The numbered lines among `candidates` that open a paragraph (see `accepted_number`, and
    `out_of_sequence` for an unmarked number out of sequence); a marking written after a
    paragraph's label is cut from its line in `visible`. `starts`: the candidates' matches,
    when not only PARAGRAPH_START's (`paragraph_starts`)."""
    if starts is None:
        starts = paragraph_starts(lines)
    accepted: list[_Start] = []
    due = due_after_pilcrow = None        # the number due as written, and with a `¶` read as 1
    due_number = 0                        # the number due (after a paragraph)
    # The candidates that carry a marking, listed once when a rule first needs the next one (a
    # list in a closure: a `functools.cache` wrapper made per call costs ~3 us).
    marked_lines: list[int] | None = None

    def following(index: int) -> int | None:
        nonlocal marked_lines
        if marked_lines is None:
            marked_lines = [i for i in candidates if starts[i]["marking"]
                            or marking_after_label(lines.lines[i], starts[i].end())]
        return next_marked_number(index, marked_lines, starts)
    # A run of unmarked paragraphs found to go on up to the next marked one (`in_run`): each
    # line with the number due before line `run_until`, below number `run_target`, is one of
    # them. A run found not to reach it: no other line with the same number due before line
    # `failed_until` does (a later line reaches no further), `failed_count` paragraphs taken.
    run_until = run_target = -1
    failed_until = failed_count = -1
    # The unmarked `1.` lines looked for after the paragraph at line `list_after` (the last
    # taken), the candidates read up to position `list_read`: `list_open` once one is found.
    list_after = list_read = -1
    list_open = False

    def in_run(index: int, number: int) -> bool:
        """The unmarked line at `index` with the number due after a marked paragraph, `number`,
        is a paragraph by its place in the numbering (see `accepted_number`): the unmarked
        lines with the numbers due from it on, in sequence, reach the next marked paragraph's
        number (`1. (C)`, `2.`, `3.`, `4. (C)`), or no marked numbered line follows it and the
        line above does not end with a colon (`in steps:` / `3. the talks go on.`: an item of
        the list it opens); not when a list opened from `1.` after the last paragraph taken
        (`1. first`, `2. second`: `2.` is its item). The run's later lines are taken as found."""
        nonlocal run_until, run_target, failed_until, failed_count, list_after, list_read, list_open
        if index < run_until and number < run_target:
            return True
        target = following(index)
        if target is not None and (target <= number or index < failed_until and len(accepted) == failed_count):
            return False
        if list_after != accepted[-1].index:
            list_after, list_open = accepted[-1].index, False
            list_read = bisect.bisect_right(candidates, list_after)
        while not list_open and list_read < len(candidates) and candidates[list_read] < index:
            found = starts[candidates[list_read]]
            list_open = found["number"].lstrip("0") == "1" and not found["marking"]
            list_read += 1
        if list_open:
            return False        # a list opened from `1.`: this line is its item
        if target is None:
            return not ends_with_colon(visible[index - 1])
        until = next_marked_line(index, marked_lines)
        due_number = number + 1
        position = bisect.bisect_right(candidates, index)
        while due_number < target and position < len(candidates) and candidates[position] < until:
            if starts[candidates[position]]["number"].lstrip("0") == str(due_number):
                due_number += 1         # the run's next line, the first one found
            position += 1
        if due_number < target:
            failed_until, failed_count = until, len(accepted)
            return False
        run_until, run_target = until, target
        return True
    # The unmarked lines with the number due after a marked paragraph that the rules rejected,
    # by the number due, their text after the label, the next marked line's number, how many
    # paragraphs were taken and, without a marked line after it, whether the line above ends
    # with a colon: the rules read no more of a line that no ruler follows (a later line
    # reaches no further in the numbering, and a list once opened stays open), so a line
    # repeating one is rejected again without them (20,000 `2.` blocks after `¶1. (C)`: 100 ms).
    rejected_due: set[tuple[str, str, int | None, int, bool]] = set()
    ruler_lines: set[int] | None = None
    # The last line so rejected (as written and as visible), how many paragraphs were taken
    # then, and the first marked line after it: a copy of it before that line, no paragraph
    # taken since (the same number due, the same next marked number), is rejected by its text
    # alone, without the key's reads (~0.5 us a line: 25,000 copies, 12 ms); not one rejected
    # for the colon above it (another copy's line above may end otherwise)
    rejected_line = rejected_visible = None
    rejected_until = rejected_count = -1
    # The line of the number a swapped pair skipped (`¶6.` taken before `¶5.`: `¶5.`'s line), and
    # each number's last numbered line, listed once when `out_of_sequence` first needs them.
    swapped_partner = -1
    examined = -1       # how many paragraphs were taken when `out_of_sequence` last read a line
    last_lines: dict[int, int] | None = None

    def pilcrow_read_as_one(index: int) -> bool:
        """The first numbered line, at `index`, is `¶1.` whose pilcrow a scrape turned into a 1
        (`11.`, and `12.` for `¶2.`...: each later one is read as the number due by
        `accepted_number`'s renumbering): written `11` with no `¶` before it, the next
        numbered line is `12` and the text holds no `¶` at all (the damage turns every one).
        A cable that opens at paragraph 11 is an extract's rare case; one whose pilcrows were
        so turned lost every paragraph (unmarked lines numbered from 11 are taken for none)."""
        match = starts[index]
        if match["number"] != LOST_PILCROW_FIRST or match["pilcrow"] or "\u00b6" in lines.text:
            return False
        position = bisect.bisect_right(candidates, index)
        return position < len(candidates) and starts[candidates[position]]["number"] == LOST_PILCROW_SECOND

    def out_of_sequence(index: int, number: int, due_number: int) -> int | None:
        """The unmarked line at `index`, numbered `number` past the number due (`due_number`),
        opens a paragraph (`¶15.` after `¶3.`; `¶6.` after `¶4.`, then `¶5.`) when nothing
        makes it a list item: it is the first numbered line after the last paragraph (no list
        open), it opens a block laid out as that paragraph's start (`opens_block`), the
        numbering goes on from it (the next numbered line is `number + 1`, or none; or, one
        number skipped, that number, then `number + 1` or none: a swapped pair), and no number
        it skipped comes later (`¶12.`, `¶13.` quoted from a resolution, then `¶4.`). Its `¶`
        proves nothing: Cablegate writes one before every number at a line start, a list
        item's too. -1, or the line of the swapped pair's second number; None for a list item."""
        nonlocal last_lines
        position = bisect.bisect_left(candidates, index)
        if candidates[position - 1] != accepted[-1].index:
            return None         # a numbered line since the last paragraph: a list is open
        if not opens_block(visible, lines.lines, index, accepted[-1].index):
            return None
        following = candidates[position + 1] if position + 1 < len(candidates) else None
        partner = -1
        if following is not None:
            next_number = int(starts[following]["number"])
            if next_number == due_number == number - 1 and not starts[following]["marking"] \
                    and opens_block(visible, lines.lines, following, index):
                partner = following
                after = candidates[position + 2] if position + 2 < len(candidates) else None
                if after is not None and int(starts[after]["number"]) != number + 1:
                    return None
            elif next_number != number + 1:
                return None
        if last_lines is None:
            last_lines = {int(starts[line]["number"]): line for line in candidates}
        if any(last_lines.get(skipped, -1) > max(index, partner)
               for skipped in range(due_number, number)):
            return None         # a number it skipped comes later: it is no paragraph's
        return partner

    def take(index: int, number: int, marking: str | None, late: re.Match | None, end: int,
             next_due: int) -> None:
        """Line `index` opens paragraph `number`, `next_due` the number due after it; a marking
        written after its label (`late`) is cut from its text, its label kept."""
        nonlocal due, due_after_pilcrow, due_number
        if late:
            visible[index] = visible[index][:late.start("marked")] + visible[index][late.end():]
        accepted.append(_Start(index, number, marking, end))
        due_number = next_due
        due = str(next_due)
        due_after_pilcrow = "1" + due

    # A line skipped below (a list item, or a copy of a rejected one) whose copies follow it, each
    # with the same line above it, is skipped with them at once (`copies_after`), a chunk of
    # copies at a time: thousands of them, ~0.4 us each read (a block repeated in place). Only
    # past MANY_CANDIDATES numbered lines (a cable has a few dozen).
    remaining = iter(candidates)
    chunk, chunk_line = 0, None     # the copies looked for next, after a copy of `chunk_line`

    def skip_copies(index: int, until: int, rulers: set[int] | None) -> None:
        """The candidates after `index` that copy it (see `copies_after`), skipped: a chunk of
        them, twice as many after each chunk found, half as many after a chunk that was not."""
        nonlocal chunk, chunk_line
        if lines.lines[index] != chunk_line:
            chunk, chunk_line = FIRST_COPIES, lines.lines[index]
        if chunk:
            if copies_after(candidates, index, chunk, (lines.lines, visible), until, rulers):
                next(itertools.islice(remaining, chunk, chunk), None)
                chunk *= 2
            else:
                chunk //= 2
    many = len(candidates) > MANY_CANDIDATES

    for index in remaining:
        if len(accepted) == MAX_PARAGRAPHS:
            warnings.append(f"more than {MAX_PARAGRAPHS} paragraphs: the rest is kept in the last one")
            break
        if index < rejected_until and len(accepted) == rejected_count and lines.lines[index] == rejected_line \
                and visible[index] == rejected_visible and ruler_lines is not None and index + 1 not in ruler_lines:
            if many:
                skip_copies(index, rejected_until, ruler_lines)
            continue
        match = starts[index]
        if due and not match["marking"]:
            # Without a marking, accepted_number takes only the number due (or `1` and the
            # number due): any other is a list item, skipped without a call. Compared as text
            # for plain digits (a text of 30,000 numbered lines; a set's look-up, not
            # `isascii()` and the first digit: ~40 ns a line); with a leading zero, without it
            # (`05.` is 5), when no marking may follow the label (it needs a `)`): 20,000 `¶0.`
            # lines each went through the rules (61 ms).
            written = match["number"]
            if written != due and written != due_after_pilcrow and (
                    written in PLAIN_NUMBERS or written.isascii() and written.lstrip("0") != due
                    and ")" not in visible[index]):
                # (rare: guards the rule) A number out of sequence opening a block of its own
                # (a blank line above it), the first numbered line after the last paragraph:
                # read once a paragraph (a later line is no first; 20,000 `¶7.` blocks after
                # `¶1.`: 17 ms more, each read).
                if len(accepted) == examined or visible[index - 1].strip():
                    if many and index:
                        skip_copies(index, sys.maxsize, None)
                    continue
                examined = len(accepted)
                out_of_order = int(written)
                if index == swapped_partner:
                    warnings.append(f"paragraph {out_of_order} follows paragraph {accepted[-1].number}")
                    due_number = accepted[-1].number + 1
                elif out_of_order <= due_number or (
                        partner := out_of_sequence(index, out_of_order, due_number)) is None:
                    continue
                else:
                    if partner < 0:
                        warnings.append(f"paragraph {out_of_order} follows paragraph {accepted[-1].number}")
                    swapped_partner, due_number = partner, out_of_order + 1
                late = marking_after_label(visible[index], match.end())
                take(index, out_of_order, late and late["marking"], late, match.end(), due_number)
                continue
        marking, late = match["marking"], None
        if not marking and (late := marking_after_label(visible[index], match.end())):
            marking = late["marking"]
        if due is None and pilcrow_read_as_one(index):
            warnings.append(f"paragraph 1 renumbered from {LOST_PILCROW_FIRST}")
            take(index, 1, marking, late, match.end(), 2)
            continue
        if due is None and not marking and not match["pilcrow"] and match["number"] == "2" \
                and after_unnumbered_first(visible, candidates, starts, index):
            take(index, 2, marking, late, match.end(), 3)
            continue
        if due is None and not marking and not match["pilcrow"] and int(match["number"]) != 1:
            if many and index:
                skip_copies(index, sys.maxsize, None)
            continue        # (before the first paragraph, accepted_number takes no such line)
        due_key = None
        if not marking and due is not None and match["number"] == due and accepted[-1].marking:
            if ruler_lines is None:
                ruler_lines = set(line_kinds(lines).rulers)
            if index + 1 not in ruler_lines:
                target = following(index)
                due_key = (due, lines.lines[index][match.end():], target, len(accepted),
                           target is None and ends_with_colon(visible[index - 1]))
                if due_key in rejected_due:
                    if not due_key[4]:
                        rejected_line, rejected_visible = lines.lines[index], visible[index]
                        rejected_until, rejected_count = next_marked_line(index, marked_lines), len(accepted)
                    continue
        number = accepted_number(match, marking, accepted, due_number, lines.lines[index],
                                 lambda: following(index), warnings,
                                 lambda: heads_section(lines, index, match.end()),
                                 lambda: in_run(index, int(match["number"])))
        if number is None and due_key is not None:
            rejected_due.add(due_key)
        if number is not None:
            take(index, number, marking, late, match.end(), number + 1)
    return accepted


def after_unnumbered_first(visible: list[str], candidates: list[int], starts: dict[int, re.Match],
                           index: int) -> bool:
    """The first numbered line, `2.` at `index`, unmarked, opens paragraph 2 after a first
    paragraph typed without its number (`Summary: ...` / blank / `2. Party leaders ...` / blank /
    `3. ...`): a text block stands above it, ending a sentence (a list's `The points:` opens
    items), a blank line before it, and the next numbered line is `3.`, also opening a block. A
    list inside a text opens with `1.`."""
    if index < 2 or visible[index - 1].strip():
        return False
    above = index - 1
    while above > 0 and not visible[above].strip():
        above -= 1
    if not visible[above].rstrip().endswith(SENTENCE_ENDS):     # (a list's `The points:` opens items)
        return False
    position = bisect.bisect_right(candidates, index)
    if position == len(candidates):
        return False
    following = candidates[position]
    return starts[following]["number"] == "3" and not visible[following - 1].strip()


# `¶1.` and `¶2.` as a scrape that turned the pilcrow into a 1 writes them (`15.` for `¶5.`).
LOST_PILCROW_FIRST, LOST_PILCROW_SECOND = "11", "12"
MANY_CANDIDATES = 64    # numbered lines past which copies of a skipped line are looked for
FIRST_COPIES = 8        # copies looked for first after a skipped line


def copies_after(candidates: list[int], index: int, count: int, texts: tuple[list[str], ...],
                 until: int, rulers: set[int] | None) -> bool:
    """The `count` candidates after line `index` (a candidate, not the first line) are copies
    of it as the loop of `chosen_paragraphs` reads them: each the same number of lines below
    the one before, before line `until`, each of them and the line above it in each list of
    `texts` (the lines, the visible lines) those of line `index` and the line above it, and
    no line of `rulers` under one (when given). A line skipped there for what it and the line
    above it say is then skipped with its copies: none changes what the loop knows (checked
    by slices, in C)."""
    position = bisect.bisect_left(candidates, index)
    if position + count >= len(candidates):
        return False
    step = candidates[position + 1] - index
    last = index + step * count
    if last >= until or candidates[position + 1:position + count + 1] != list(range(index + step, last + 1, step)):
        return False
    if any(lines[index - 1 + step:last + 1] != lines[index - 1:last + 1 - step] for lines in texts):
        return False
    return rulers is None or rulers.isdisjoint(range(index + step + 1, last + 2, step))


def next_marked_line(index: int, marked: list[int] | None) -> int:
    """The first line of `marked` (ascending line indexes) after `index`; -1 without `marked`, a
    number past every line without a marked line after `index`."""
    if marked is None:
        return -1
    position = bisect.bisect_right(marked, index)
    return marked[position] if position < len(marked) else sys.maxsize


def next_marked_number(index: int, marked: list[int], starts: dict) -> int | None:
    """The number of the first line of `marked` (ascending line indexes of the marked
    candidates) after `index`."""
    position = bisect.bisect_right(marked, index)
    return int(starts[marked[position]]["number"]) if position < len(marked) else None


def accepted_number(match: re.Match, marking: str | None, accepted: list[_Start], expected: int, line: str,
                    following: Callable[[], int | None], warnings: list[str],
                    heading: Callable[[], bool], in_run: Callable[[], bool]) -> int | None:
    """The paragraph number a numbered line starts, or None when it is no paragraph start (a
    list item). In a cable whose paragraphs carry portion markings, a number without one is a
    list item (Cablegate's HTML puts `¶` before every numbered line, so `¶` alone proves little)
    unless it is the number due and the paragraph is a redaction (`¶7. [DETAILS REMOVED]`), one
    of a run of unmarked paragraphs that the numbering calls for (`in_run()`: the numbers due
    from it on reach the next marked paragraph's, or no marked one follows), or a section's
    heading over a ruler (`heading()`: `¶5. WMD Proliferation Financing Issues` / `-----`, the
    section's marked items after it);
    gaps, repeats and numbers out of order need a marking (an unmarked one, see
    `chosen_paragraphs`' `out_of_sequence`) and keep their written number, except
    a repeated number that the next paragraph does not continue (`¶6.` twice, then no `¶7.`):
    `following()` gives the next marked line's number, worked out only then (also for an
    unmarked line with the number due). A number run into its word (`18.This`, NUMBERED_LINE's
    `tight`) is taken only as the number due after a paragraph, by the same rules.
    `marking`: the line's, before or after its label; `expected`: the number due after the
    last paragraph (its number and 1, or past the pair after a swapped pair, `¶6.`, `¶5.`)."""
    number = int(match["number"])
    marked = bool(marking)
    previous = accepted[-1] if accepted else None
    if match.lastgroup == "tight" and (previous is None or number != expected):
        return None             # `18.This`: only the number due
    if previous is None:
        return number if marked or match["pilcrow"] or number == 1 else None
    if previous.marking and not marked:
        # The number due, unmarked: a paragraph when a redaction (`¶7. [DETAILS REMOVED]`); when
        # the numbers due from it on, unmarked, reach the next marked paragraph's (`¶16. (C)`,
        # `17. That said`, `¶18. (U)`; `1. (C)`, `2.`, `3.`, `4. (C)`: list items there would
        # leave those numbers missing, and a list inside a paragraph opens with `1.`) or no
        # marked one follows (`1. (S) ENTIRE TEXT.`, `2.`, `3.`); or when it heads a section
        # over a ruler (a list item is no heading); or when it is the clearance note closing
        # the cable (`¶56. ISN A/S Van Diepen cleared this cable.`: no list item).
        if number != expected:
            return None
        return number if REDACTED_PARAGRAPH.match(line, match.end()) or in_run() \
            or heading() or is_admin_note(line[match.end():]) else None
    if number == expected:
        return number
    if match["number"] == f"1{expected}" or (marked and number == previous.number and following() != expected):
        warnings.append(f"paragraph {expected} renumbered from {number}")
        return expected
    if marked and number > expected and (match["pilcrow"] or number <= previous.number + 5):
        warnings.append(f"paragraph {number} follows paragraph {previous.number}")
        return number
    if marked and match["pilcrow"] and number == 1:
        warnings.append(f"paragraph numbering restarts after paragraph {previous.number}")
        return number
    if marked and match["pilcrow"] and number <= previous.number:      # `¶6.` before `¶5.`
        warnings.append(f"paragraph {number} follows paragraph {previous.number}")
        return number
    return None


def opens_block(visible: list[str], all_lines: list[str], index: int, paragraph: int) -> bool:
    """The numbered line at `index` opens a block laid out as the paragraph start at line
    `paragraph` (above it): a blank line before each, the same indent, and the last line of
    text above it ends with no colon (`The points:` / blank / `4. ...`: an item of its list)."""
    if paragraph < 1 or visible[index - 1].strip() or visible[paragraph - 1].strip():
        return False
    line, start = all_lines[index], all_lines[paragraph]
    if len(line) - len(line.lstrip()) != len(start) - len(start.lstrip()):
        return False
    above = index - 1
    while above > paragraph and not visible[above].strip():
        above -= 1
    return not ends_with_colon(visible[above])


def ends_with_colon(line: str) -> bool:
    """The line ends with a colon (`Two, in steps:`): a numbered line right under it is an item
    of the list it opens."""
    return line.rstrip().endswith(":")


def heads_section(lines: Lines, index: int, text_from: int) -> bool:
    """The numbered line at `index` heads a section: a ruler is the next line, and the line's
    text (from column `text_from`) is a heading over it (`is_heading_over_ruler`) that ends no
    sentence (a list item's sentence over a ruler is none)."""
    rulers = line_kinds(lines).rulers
    position = bisect.bisect_left(rulers, index + 1)
    if position == len(rulers) or rulers[position] != index + 1:
        return False
    text = lines.lines[index][text_from:].strip()
    return is_heading_over_ruler(text) and not ends_sentence(text)


def unnumbered_first(visible: list[str], start: int, end: int) -> _Start | None:
    """Paragraph 1 whose `1.` the scrape lost, when the first numbered one is `¶2.`: the first
    line from `start` to `end` (that paragraph's line) that opens a block with a portion marking
    (`(SBU) In response to ...`), not a `Classified By` line."""
    for index in range(start, end):
        if (index == start or not visible[index - 1].strip()) and visible[index].lstrip().startswith("("):
            match = UNNUMBERED_START.match(visible[index])
            if match and not visible[index][match.end():].lower().startswith("classified"):
                return _Start(index, 1, match["marking"], match.end())
    return None


# A paragraph's portion marking at its line start, without a number before it: `(SBU) In ...`.
UNNUMBERED_START = re.compile(rf"[ \t]*\((?P<marking>{PORTION})\)[ \t]+(?=\S)", re.VERBOSE)


def without_contents(lines: Lines, candidates: list[int], starts: dict[int, re.Match]) -> list[int]:
    """`candidates` without the numbered lines of a table of contents: a media reaction
    cable's list of its sections, numbered from 1, one heading a line, before the sections
    numbered again from 1 (`¶1. Lead Stories Summary` ... `¶5. (U.S.) Healthcare Reform`, then
    `¶1. Lead Stories Summary` / blank / text). The list's lines stay in the text before the
    first paragraph. The list is the first numbered lines, `1.` to `N.` (two or more) on lines
    that follow one another, each a heading (`contents_entry`); the next numbered line is `1.`
    again, and the numbered lines from it on head the sections with the list's headings, or
    nearly (`sections_follow_contents`). Looked for only when the first two numbered lines
    follow one another (a cable's paragraph 1 runs over lines: ~5% of the corpus' texts, most
    a page that lost its line breaks, whose first line is no heading)."""
    if len(candidates) < 3 or candidates[1] != candidates[0] + 1:
        return candidates
    entries = contents_length(lines, candidates, starts)
    if entries < 2 or starts[candidates[entries]]["number"] != "1":
        return candidates
    headings = [entry_heading(lines.lines[index], starts[index]) for index in candidates[:entries]]
    if not sections_follow_contents(lines, candidates[entries:], starts, headings):
        return candidates
    return candidates[entries:]


def contents_length(lines: Lines, candidates: list[int], starts: dict[int, re.Match]) -> int:
    """How many of the first `candidates` may be the entries of a table of contents: numbered
    `1.`, `2.`... on lines that follow one another, each a heading (`contents_entry`); 0 when
    every numbered line is one (no section follows), or past MAX_CONTENTS_ENTRIES (a longer
    run of numbered headings is a list)."""
    first = candidates[0]
    for count, index in enumerate(candidates[:MAX_CONTENTS_ENTRIES + 1]):
        if index != first + count or starts[index]["number"] != ENTRY_NUMBERS[count] \
                or not contents_entry(lines.lines[index], starts[index]):
            return count
    return 0


MAX_CONTENTS_ENTRIES = 30       # a media reaction lists a few sections
# "1", "2", ...: the numbers of a table of contents' entries, as written.
ENTRY_NUMBERS = [str(number) for number in range(1, MAX_CONTENTS_ENTRIES + 2)]


def contents_entry(line: str, match: re.Match) -> bool:
    """The numbered `line` is an entry of a table of contents: a heading, no sentence
    (`Lead Stories Summary`, `(Iran) New Protests`; a title in title case may end with its
    question mark, `(Iran) What Comes Next?`)."""
    text = line[match.end("number"):].lstrip(" \t.").strip()
    if not text or len(text) >= SHORT_LINE:
        return False
    return not ends_sentence(text) or is_title_case(TOPIC.sub("", text))


def entry_heading(line: str, match: re.Match) -> str:
    """The words after the number of a table of contents' entry or of a section's first line,
    in small letters, one space between them (`(U.S.)   Failed Terrorist Attack` -> `u s
    failed terrorist attack`): compared, a marking or topic written either way."""
    return " ".join(WORDS.findall(line[match.end("number"):].lower()))


def sections_follow_contents(lines: Lines, rest: list[int], starts: dict[int, re.Match],
                             headings: list[str]) -> bool:
    """The numbered lines `rest` (the first is `1.`) head the sections a table of contents
    lists (`headings`, its entries' words): section 1's line, and more than half of the
    sections' (the first line numbered `k` after section `k - 1`'s), opens with its entry's
    words, or nearly (`same_heading`). (Read up to the first miss of section 1 or the miss
    that leaves too few: each near match costs ~0.1 ms.)"""
    found = missed = position = 0
    for number, heading in enumerate(headings, start=1):
        written = ENTRY_NUMBERS[number - 1]
        while position < len(rest) and starts[rest[position]]["number"] != written:
            position += 1
        if position == len(rest):
            break
        index = rest[position]
        if same_heading(heading, entry_heading(lines.lines[index], starts[index])):
            found += 1
        elif number == 1 or (missed := missed + 1) * 2 >= len(headings):
            return False
    return found * 2 > len(headings)


def same_heading(entry: str, section: str) -> bool:
    """A section's first line (`section`, its words; the heading may run on into its text)
    opens with the words of its entry in a table of contents, or nearly: the scrape may have
    damaged either (`new protestsn4` for `new protests`)."""
    opening = section[:len(entry)]
    return opening == entry or difflib.SequenceMatcher(None, entry, opening).ratio() >= SAME_HEADING_RATIO


SAME_HEADING_RATIO = 0.8    # `iran new protestsn4` / `iran new protests`: 0.94; `iran` / `iraq`: 0.75
# The words of a heading: letters and figures.
WORDS = re.compile(r"[^\W_]+")
# A topic in parentheses opening a media reaction's heading: `(Iran) `, `(U.S.) `.
TOPIC = re.compile(r"""
    ^\( [^()\n]{1,30} \) [ \t]*     # the topic, up to its closing parenthesis
    """, re.VERBOSE)
