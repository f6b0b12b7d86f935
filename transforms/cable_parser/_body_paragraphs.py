"""The numbered paragraphs of the record (`split_paragraphs`): each one's number and portion
marking, and its text, its lines joined: wrapped lines into one, sub-items on their own lines,
blank lines kept as paragraph breaks, and without what is not its own (the rulers and the
headings they frame, a heading of the next paragraph closing it, the post's web site notice,
stray `¶`).

The rules live in the modules named for them: which numbered lines open a paragraph
(`_body_numbering`), the lines' kinds (`_body_line_kinds`), rulers (`_body_rulers`), the end of a
paragraph (`_body_paragraph_ends`), blocks and their joining (`_body_blocks`).
"""
import bisect
import functools
import re
from typing import Callable

from ._body_blocks import (blank_run_split, each_block_once, ends_on_open_word, join_wrapped, may_hold_list,
                           rejoin_broken_blocks, with_list_lines, wrap_width)
from ._body_headings import REDACTED_PARAGRAPH, SHORT_LINE, ends_sentence, is_heading, is_marked_title
from ._body_line_kinds import SUB_ITEM, SUB_ITEM_LINE, line_kinds, repeated_marking_end
from ._body_notices import (WEB_SITE_WORDS, cut_web_site_notice, mentions_web_site,
                            without_address_notice, without_inserted_sipdis)
from ._body_numbering_gaps import with_gap_starts
from ._body_numbering import _Start, chosen_paragraphs, marked_in_sequence, unnumbered_first, without_contents
from ._body_paragraph_ends import (END_MARKER_WORD_CHARS, RULER_CHARACTERS, ends_lost_breaks,
                                   is_end_marker_word, without_placeholder_end,
                                   without_run_on_heading, without_slashed_heading,
                                   without_unmarked_heading)
from ._body_rulers import blank_rulers
from ._body_signature import Signature, visible_lines
from ._text import Lines, fold, line_start_sub, plain_white_space, searchable


def split_paragraphs(lines: Lines, start: int, signature: Signature,
                     warnings: list[str], text_start: int = 0) -> list[dict]:
    """Numbered paragraphs from line `start` on, up to the signature. Numbers are taken in
    sequence; `15.` where 5 is due is `¶5.` whose `¶` became `1` (renumbered, with a warning);
    other numbered lines (lists) and un-numbered lines continue the open paragraph; a table of
    contents before the sections numbered again from 1 is none (`without_contents`). A first
    paragraph that lost its `1.` is looked for from line `text_start` (after the classification
    line: the header block may run into it)."""
    visible = visible_lines(lines, signature)
    kinds = line_kinds(lines)
    numbered = list(kinds.paragraphs)     # line indexes, ascending
    candidates = numbered[bisect.bisect_left(numbered, start):bisect.bisect_left(numbered, len(visible))]
    candidates = without_contents(lines, candidates, kinds.paragraphs)
    accepted = None
    if kinds.tight and (tight := {index: match for index, match in kinds.tight.items()
                                  if start <= index < len(visible)}):      # (rare: `18.This`)
        accepted = chosen_paragraphs(lines, visible, sorted(candidates + list(tight)), warnings,
                                     {**kinds.paragraphs, **tight})
    if accepted is None:
        accepted = marked_in_sequence(candidates, kinds.paragraphs)
    if accepted is None:
        accepted = chosen_paragraphs(lines, visible, candidates, warnings)
    if accepted and accepted[0].number == 2 and (first := unnumbered_first(visible, text_start, accepted[0].index)):
        accepted.insert(0, first)
    rulers, items = kinds.rulers, kinds.items
    if accepted:        # (a paragraph run onto the line above, or its number's stop mistyped)
        accepted, rulers, items = with_gap_starts(visible, accepted, rulers, items, warnings)
    texts = paragraph_texts(visible, accepted, rulers, items, mentions_web_site(lines),
                            plain_white_space(lines.text),
                            lambda: lines.remember(wrap_width, lambda: wrap_width(lines.lines)))
    return [{"number": p.number,
             "classification": normalise_marking(p.marking) if p.marking else entire_text_marking(text),
             "text": text}
            for p, text in zip(accepted, texts)]


# The marking of the whole text that cables before portion marking wrote after the first
# paragraph's number, in place of a portion marking: `1. C - ENTIRE TEXT.`, `1. (C - ENTIRE
# TEXT)`, `1. CONFIDENTIAL - ENTIRE TEXT.`, `1. (S-ENTIRE TEXT)`, `1. SECRET--ENTIRE TEXT`. Its
# level marks the paragraph, as the portion marking of `1. (S) ENTIRE TEXT.` does (`S`): the
# level's letters, as a portion marking writes them. `ENTIRE TEXT` after the level and a dash or
# colon, closing the marking, is what makes it one (`C - THE MINISTER`, `THE ENTIRE TEXT OF THE
# NOTE`, an item's `C - ENTIRE TEXT OF THE AGREEMENT` are text).
# The paragraph's text keeps it as written (the summary reads an opening note there).
ENTIRE_TEXT_MARKING = re.compile(r"""
    \(?[ \t]*+
    (?P<level> TOP[ \t]+SECRET | SECRET | CONFIDENTIAL | UNCLASSIFIED | LIMITED[ \t]+OFFICIAL[ \t]+USE
             | TS | S | C | U | LOU )
    [ \t]*+(?:-{1,2}|—|:)[ \t]*+ENTIRE[ \t]+TEXT
    (?=[ \t]*+(?:[.;)]|\n|$))                  # ... and ends there (not `C - ENTIRE TEXT OF THE ...`)
    """, re.VERBOSE | re.IGNORECASE | re.ASCII)   # (ASCII: `CONFİDENTİAL` is no level)
ENTIRE_TEXT_LEVELS = {"TOP SECRET": "TS", "SECRET": "S", "CONFIDENTIAL": "C", "UNCLASSIFIED": "U",
                      "LIMITED OFFICIAL USE": "LOU"}
# How far into the paragraph's text the words are looked for (a cheap test: most paragraphs hold
# neither): the longest level, its bracket, dashes and spaces.
ENTIRE_TEXT_REACH = 40


def entire_text_marking(text: str) -> str | None:
    """The portion marking (`C`, `S`, `TS`, `U`, `LOU`) a paragraph's text opening with an old
    marking of the whole text gives (ENTIRE_TEXT_MARKING), else None."""
    opening = text[:ENTIRE_TEXT_REACH]
    if "NTIRE" not in opening and "ntire" not in opening:
        return None
    match = ENTIRE_TEXT_MARKING.match(text)
    if match is None:
        return None
    level = " ".join(match["level"].upper().split())
    return ENTIRE_TEXT_LEVELS.get(level, level)


def paragraph_texts(visible: list[str], accepted: list[_Start], rulers: list[int],
                    items: list[int], web_site: bool, plain: bool,
                    width: Callable[[], int] | None = None) -> list[str]:
    """The text of each accepted paragraph (see `paragraph_text`): its lines up to the next
    paragraph, or to the end of `visible`. Built in one pass over the lines (`visible`, which
    is changed: a copy of the text's, see `visible_lines`): each paragraph's number and marking
    (and the marking typed twice, see `repeated_marking_end`) cut off its first line, the
    rulers and the headings they frame blanked (`blank_rulers`), then each paragraph is one
    join of a slice. `items`: the
    lines that may open a sub-item (see `LineKinds`); a paragraph without one among its lines
    after the first is not searched for sub-items (most are not). A blank line between its
    first and last lines is what makes the joined text hold a blank line (`"\n\n"`): looked
    for in the list, not in the text. A notice closing the last paragraph that links to a
    classified network's address is cut (see `without_address_notice`). `width`: the cable's
    wrap width, asked for only by a paragraph that may hold a list (see `paragraph_text`)."""
    if not accepted:
        return []
    kept = visible
    since = accepted[0].index             # the line of the paragraph before
    for paragraph in accepted:
        text_from = paragraph.text_from
        if paragraph.marking:               # (a marking typed twice goes with it)
            text_from = repeated_marking_end(kept, paragraph.index, text_from, paragraph.marking, since)
        kept[paragraph.index] = kept[paragraph.index][text_from:]
        since = paragraph.index
    if rulers and rulers[-1] > accepted[0].index:
        blank_rulers(kept, accepted, rulers)
    ends = [following.index for following in accepted[1:]] + [len(visible)]
    texts = []
    last_end = len(visible)
    item = 0            # items[item]: the first line that may open a sub-item after `first`
    for paragraph, end in zip(accepted, ends):
        first, last = paragraph.index, end
        item = bisect.bisect_right(items, first, item)     # (a step an item: 50,000 short lines, 8 ms)
        # The empty lines that close a paragraph add nothing to its text (its blocks' ends are
        # stripped, empty blocks dropped); left out, a paragraph followed by two of them (a
        # blanked ruler or heading) is one block, folded at once.
        while last > first + 1 and not kept[last - 1]:
            last -= 1
        # (`isupper` first: a last line with a lower-case letter, nearly all, heads nothing
        # but one opening with its marking, `(U) Mukalla Rally`)
        if end < last_end and last > first + 1 \
                and (kept[last - 1].isupper() or kept[last - 1].lstrip()[:1] == "(") \
                and heads_next_in_capitals(kept[last - 1], kept[last - 2]):
            last -= 1
        text = "\n".join(kept[first:last])
        if "SIPDIS" in text:            # (a scan in C; a few paragraphs in a hundred)
            text = without_inserted_sipdis(text)
        if end == len(visible):         # (the last paragraph)
            text = without_address_notice(text) or text
        # (a stray `¶` is cut before the search: `¶2.` may open an item then; and a text
        # without `¶` nor item lines is not searched for `¶` again)
        # (most paragraphs hold no line of `items` after their first: no call for them)
        items_searched = "¶" in text or (item < len(items) and items[item] < last
                                          and opens_sub_item(kept, items, first, last))
        texts.append(paragraph_text(text, end < len(visible), web_site, plain, items_searched,
                                    "" in kept[first + 1:last - 1], width))
    return texts


def heads_next_in_capitals(line: str, above: str) -> bool:
    """The paragraph's last `line` is the next one's heading, set on the line under its last
    sentence (`above`) without a blank line or ruler (`GOVERNMENT LAUNCHES ANTI-CORRUPTION
    CAMPAIGN`, `BIG FISH OR SMALL FRY?`): a short line in capitals, not a sentence's end nor an
    end marker, under a line in mixed case that ends a sentence, not with a label's colon
    (`Participants:` / `PRIME MINISTER ERDOGAN`: what the label introduces); or a title that
    carries its own marking (`is_marked_title`: `(U) Mukalla Rally`), under a sentence's end."""
    text = line.strip()
    if text[:1] == "(":
        return len(text) < SHORT_LINE and is_marked_title(text) and ends_sentence(above) \
            and above.rstrip()[-1:] != ":"
    if not line[:1].isupper() and not line.lstrip()[:1].isupper():     # (most last lines)
        return False
    return len(text) < SHORT_LINE and text.isupper() and text[-1] != "." and text[:3] != "END" \
        and ends_sentence(above) and above.rstrip()[-1:] != ":" and not above.isupper() and not SUB_ITEM.match(text) \
        and not REDACTED_PARAGRAPH.match(text)


def opens_sub_item(kept: list[str], items: list[int], first: int, last: int) -> bool:
    """A line of the paragraph `kept[first:last]` opens a sub-item: SUB_ITEM_LINE matches at
    its line end in the joined text. Only the lines of `items` (ascending) after `first` may;
    each is matched alone, with the line ends around it that the pattern reads (none after the
    paragraph's last line), instead of a search of the paragraph's text (most paragraphs with
    such a line hold no sub-item: a line opening with `Mr.`...). Not for a text holding `¶`,
    which `paragraph_text` cuts from line starts before its search. After ITEM_LINES_MATCHED
    lines, True: the paragraph's search, one scan in C, costs less than more matches here (a
    text of short lines lists every line), and finds what they would."""
    position = bisect.bisect_right(items, first)
    stop = min(len(items), position + ITEM_LINES_MATCHED)
    while position < stop and (index := items[position]) < last:
        if SUB_ITEM_LINE.match("\n" + kept[index] + ("\n" if index < last - 1 else "")):
            return True
        position += 1
    return position == stop and position < len(items) and items[position] < last


ITEM_LINES_MATCHED = 32     # a cable's paragraph has a few; an adversarial text thousands


def paragraph_text(text: str, followed: bool, web_site: bool, plain: bool = False,
                   items: bool = True, blank_line: bool = True,
                   width: Callable[[], int] | None = None) -> str:
    """A paragraph's lines (`text`) joined: wrapped lines into one line, sub-items on their own
    lines, blank lines kept as paragraph breaks; a heading closing the paragraph when another
    one follows (`followed`: the heading belongs to the next one), the post's web site notice
    (`web_site`: the cable has one somewhere) and stray `¶` dropped. `plain`: the text's only
    white space is spaces and line ends (see `fold`); `items`: a line of it may open a
    sub-item, or it holds `¶` (else it is not searched for either); `blank_line`: it may hold a
    blank line (else it is one block); `width`: the cable's wrap width, asked for when a block
    may hold a list typed without bullets (`may_hold_list`), whose lines are kept (see
    `with_list_lines`; without `width`, none is looked for)."""
    if items and "¶" in text:
        text = without_stray_pilcrows(text)
    # (its searchable form holds the words where the lower-cased text does, and costs less)
    if web_site and WEB_SITE_WORDS.encode() in (found := searchable(text)):
        # (a numbered paragraph that holds only the notice keeps it: it is the paragraph's text)
        text = cut_web_site_notice(text, to_end=True, found=found) or text
    # (a list is looked for in a block of short lines only: `may_hold_list`, two scans in C)
    listing = list_reader(width) if width is not None and may_hold_list(text) else None
    if items and SUB_ITEM_LINE.search(text):
        blocks = each_block_once(listing(join_wrapped) if listing else join_wrapped,
                                 blank_run_split(text, plain), plain)
    elif listing:
        blocks = each_block_once(listing(fold), blank_run_split(text, plain), plain)
    elif not blank_line:            # one block, as most paragraphs: nothing to cut or rejoin
        folded = fold(text, plain)
        if not followed:
            return folded
        last = folded[-1:]
        # (most paragraphs end with a sentence: a heading run on, unmarked, ends with none)
        if (last.isalnum() or last == "?") and ends_lost_breaks(text):
            return without_unmarked_heading(folded)
        if last in RULER_CHARACTERS:                            # (rare: guards the rule)
            return without_run_on_heading(folded) or folded
        if last == "/" and folded[-2:] == "//":                 # (rare: guards the rule)
            return without_slashed_heading(folded)
        return folded
    else:       # no sub-item line in any block: each is folded, and (the lines having no
        # trailing white space) a run of blank lines is a run of line ends, which `fold` of
        # the pieces of a plain split drops as BLANK_RUN.split would
        blocks = each_block_once(fold, text.split("\n\n"), plain)
    blocks = list(filter(None, blocks))     # (in C: a paragraph of 25,000 blocks, ~1.5 ms by a step each)
    if len(blocks) > 1 and len(blocks[-1]) <= END_MARKER_WORD_CHARS and is_end_marker_word(blocks[-1], blocks[-2]):
        blocks[-2:] = [f"{blocks[-2]} {blocks[-1]}"]
    if followed and blocks and (blocks[-1][-1:].isalnum() or blocks[-1][-1:] == "?") and ends_lost_breaks(text):
        blocks[-1] = without_unmarked_heading(blocks[-1])
    if blocks and blocks[-1][-1:] == "-":       # (rare: guards the rule)
        without_placeholder_end(blocks)
    if followed:
        # (a block repeated is a heading as the one popped before it: 100 KB of `G8` blocks
        # closing a paragraph, 25,000 headings, are read once, not 25,000 times: ~20 ms; a
        # block under one that ends on an open word, `attack on a` / `Delta Airlines jet in
        # Detroit.`, ends that sentence: no heading; nor does a block under a label's colon,
        # what the label introduces: `Participants:` / `The Secretary`, `Codel schedule:` /
        # `Monday, June 4`; `closed`, the block last found to end on none, spares reading a
        # repeated block above again: ~8 ms)
        popped = closed = None
        while len(blocks) > 1 and (blocks[-1] == popped or is_heading(blocks[-1])):
            if blocks[-2] != closed:
                if ends_on_open_word(blocks[-2]) or blocks[-2][-1:] == ":":
                    break
                closed = blocks[-2]
            popped = blocks.pop()
        if blocks and blocks[-1][-1:] in RULER_CHARACTERS:     # (rare: guards the rule)
            if cut := without_run_on_heading(blocks[-1]):
                blocks[-1] = cut
            elif len(blocks) > 1:       # the block was the heading (a paragraph of one stays)
                blocks.pop()
        if blocks and blocks[-1][-2:] == "//":                  # (rare: guards the rule)
            blocks[-1] = without_slashed_heading(blocks[-1])
    return rejoin_broken_blocks(blocks, paragraph=True)


def list_reader(width: Callable[[], int]) -> Callable[[Callable[[str, bool], str]], Callable[[str, bool], str]]:
    """What makes a reader of a paragraph's blocks (`fold`, `join_wrapped`) keep a list's lines
    in those that may hold one (`with_list_lines`), the cable's wrap width asked for then."""
    def listing(read: Callable[[str, bool], str]) -> Callable[[str, bool], str]:
        examined = 0
        def reading(block: str, plain: bool) -> str:
            nonlocal examined
            if examined < LIST_BLOCKS_READ and may_hold_list(block):
                examined += 1
                return with_list_lines(read, block, plain, width())
            return read(block, plain)
        return reading
    return listing


# The blocks of a paragraph read for a list: a paragraph's lists stand in a few of its blocks
# (a participants list, its sides); a text of 12,000 short blocks each read for one took twice
# as long (37 -> 81 ms for 100 KB).
LIST_BLOCKS_READ = 32


# `¶` the scrape put before a number at a line start (`June ¶2006.`) inside a paragraph.
STRAY_PILCROW = re.compile(r"^(?P<indent>[ \t]*+)¶(?=[ \t]*\d)", re.MULTILINE)
# The same without indentation; with some (and its guard: such a line after a line end).
UNINDENTED_STRAY_PILCROW = re.compile(r"^¶(?=[ \t]*\d)", re.MULTILINE)
INDENTED_STRAY_PILCROW = re.compile(r"^(?P<indent>[ \t]++)¶(?=[ \t]*\d)", re.MULTILINE)
INDENTED_STRAY_PILCROW_AFTER_LINE_END = re.compile(r"\n[ \t]+¶[ \t]*\d")


def without_stray_pilcrows(text: str) -> str:
    """`text` without the `¶` of STRAY_PILCROW (its indentation kept): those at a line's start
    by a `sub` by a plain string, which the regex engine does without a Python step a match (a
    function of each match keeping its indentation: 25,000 `¶3.` lines in a paragraph, ~4 ms),
    then the indented ones, when there are any, by that function (each line is one or the
    other: the first `sub` makes no line of the second)."""
    text = line_start_sub(UNINDENTED_STRAY_PILCROW, "", text)
    if text[:1] in " \t" or INDENTED_STRAY_PILCROW_AFTER_LINE_END.search(text):
        text = line_start_sub(INDENTED_STRAY_PILCROW, lambda pilcrow: pilcrow["indent"], text)
    return text


@functools.lru_cache(maxsize=1024)     # a few dozen markings recur from cable to cable
def normalise_marking(marking: str | None) -> str | None:
    """`S//NF` and `S/ NF` -> `S/NF`."""
    if not marking:
        return None
    marking = MARKING_SLASHES.sub("/", marking).strip().upper()
    return NOFORN_UNSEPARATED.sub(r"\1/NF", marking)


MARKING_SLASHES = re.compile(r"\s?/{1,2}\s?")
# NOFORN after the level with a hyphen, a space or nothing between (`S-NF`, `SNF`, `C NF`): read
# as `S/NF`.
NOFORN_UNSEPARATED = re.compile(r"^(TS|S|C)[- \t]?NF$")
