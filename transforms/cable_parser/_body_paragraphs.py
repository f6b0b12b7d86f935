"""Numbered paragraphs, summary, closing comment and signature of the cable body."""
import bisect
import functools
import re

from ._body_blocks import BLANK_RUN, each_block_once, join_wrapped, rejoin_broken_blocks
from ._body_comment import COMMENT_IN_LINE, comment_words, comments_at_line_start, comments_in_line
from ._body_flow import (AFTER_HEADING, END_MARKER_GAP, first_block, folded_blocks,
                         is_heading_marker, until_next_heading)
from ._body_headings import REDACTED_PARAGRAPH, SHORT_LINE, ends_sentence, is_heading
from ._body_line_kinds import SUB_ITEM, SUB_ITEM_LINE, line_kinds
from ._body_notices import (WEB_SITE_WORDS, cut_web_site_notice, mentions_web_site,
                            without_address_notice)
from ._body_numbering import _Start, chosen_paragraphs, marked_in_sequence, unnumbered_first
from ._body_paragraph_ends import (END_MARKER_WORD_CHARS, RULER_CHARACTERS, ends_lost_breaks,
                                   is_end_marker_word, without_placeholder_end,
                                   without_run_on_heading, without_slashed_heading,
                                   without_unmarked_heading)
from ._body_rulers import blank_rulers
from ._body_signature import Signature, visible_lines
from ._text import Lines, fold, line_start_sub, plain_white_space, run_start, searchable

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


MARKING_SLASHES = re.compile(r"\s?/{1,2}\s?")
# NOFORN after the level with a hyphen, a space or nothing between (`S-NF`, `SNF`, `C NF`): read
# as `S/NF`.
NOFORN_UNSEPARATED = re.compile(r"^(TS|S|C)[- \t]?NF$")

# Summary and comment markers, at the start of a line once paragraph numbers are removed
# (`¶1. (C) Summary:`, `SUMMARY`, `Summary and Comment.`, `BEGIN SUMMARY:`).
SUMMARY_START = re.compile(r"""
    ^[ \t]*+(?:\d{1,3}\.[ \t]++)?                   # an unmarked paragraph's number: `1. SUMMARY:`
    (?:-{2,}[ \t]*+(?=SUMMARY[ \t]*+-{2,}[ \t]*$))?   # a heading framed by its rulers: `--- Summary ---`
    # a marking without number: `(C) Summary:`, `(S//NF)`, `(S/REL UK)`; `C) Summary:` (its
    # opening parenthesis lost)
    (?:\(?(?:U|C|S|SBU|TS)(?:[/-]{1,2}[A-Z]{2,5}(?:\ [A-Z]{2,5})*)?\)[ \t]++)?
    (?:BEGIN\ |EXECUTIVE\ |[A-Z]+\ (?:AND|&)\ )?SUMMARY     # `Introduction and`, `Overview and`
    (?:[ \t]++(?:AND|&)[ \t]++[A-Z]++(?:\ [A-Z]+)?|\s?/\s?[A-Z]+)?  # `and Comment`, `& Comment`, `/Introduction`
    [ \t]*(?P<punct>[:.\-]+|$)
    """, re.VERBOSE | re.IGNORECASE | re.MULTILINE)
# The number of an unmarked paragraph at the start of a later block of the summary: `2. `, with
# the blank line before it (put back by the `sub`): a pattern that starts with a literal is
# found by a fast scan for it, a lookbehind `(?<=\n\n)` would be tried at every character.
BLOCK_NUMBER = re.compile(r"\n\n\d{1,3}\.[ \t]+")
SUMMARY_AND_COMMENT_END = re.compile(
    r"[(\[]?END\s+(?:OF\s+)?(?:SUMMARY\s+AND\s+COMMENT|COMMENT\s+AND\s+SUMMARY)", re.IGNORECASE)
# The same marker in the other order, `End comment and summary.`: its start, read back from the
# word SUMMARY (see `summary_end`) over the few characters before it.
COMMENT_AND_BEFORE_SUMMARY = re.compile(r"[(\[]?END\s+(?:OF\s+)?COMMENT\s+AND\s+\Z", re.IGNORECASE)
COMMENT_AND_REACH = 24      # characters: `(END OF COMMENT AND ` and line breaks
# The teletype's blank-line placeholder: a line holding only `-`.
PLACEHOLDER_LINE = re.compile(r"^[ \t]*-[ \t]*$", re.MULTILINE)
# Its guard: a `-` that ends a line (then spaces or tabs: a scrape may indent every line), a
# compiled search that starts with a literal `-`, which the regex engine scans for faster than
# for a line end (~2.8 against ~5.1 us on a flow of 10 KB for `\n[ \t]*-`, ~7 for `"-\n" in
# flow`); the few such lines are then read back to their start (see `holds_placeholder_line`).
DASH_ENDING_LINE = re.compile(r"-[ \t]*(?=\n|\Z)")
DASH_ENDING_LINES_READ = 16     # a flow has a few; past them the rest is searched at once
PLACEHOLDER_AFTER_LINE_END = re.compile(r"\n[ \t]*-[ \t]*(?=\n|\Z)")
# Labels inside a summary: a repeated `Summary:` at its start, `Summary contd.:` / `Contd.:`
# opening the paragraphs it continues over.
SUMMARY_LABEL = re.compile(r"^(?:BEGIN\s+)?SUMMARY\s*[:.\-]\s*", re.IGNORECASE)
# `Summary contd.:`, `Contd.:`, `Summary, continued:`, `Summary (cont'd):`, `(Summary cont'd)`,
# and of a summary labelled with its comment, `Summary and comment con't.` (`con't` either apostrophe).
CONTINUATION_WORDS = r"""(?:
    \(\s*(?:SUMMARY\s*,?\s*)?(?:CONT['’]?D|CONTINUED|CON['’]?T)\.?\s*\)\s*[:.\-]?
  | (?:SUMMARY(?:\s+(?:AND|&)\s+COMMENT)?\s*,?\s*\(?)?(?:CONT['’]?D|CONTINUED|CON['’]?T)\.?\)?\s*[:.\-]
  )\s*"""
CONTINUATION_LABEL = re.compile(r"(?:^|(?<=\n\n))" + CONTINUATION_WORDS, re.IGNORECASE | re.VERBOSE)
# The same label after a blank line, the guard of CONTINUATION_LABEL's `sub` (which tries its
# lookbehind at every character, ~30 us on a summary of 2 KB): a pattern that starts with a
# literal is found by a fast scan for it.
CONTINUATION_AFTER_BLANK = re.compile(r"\n\n" + CONTINUATION_WORDS, re.IGNORECASE | re.VERBOSE)
# `End Summary.`, `(END SUMMARY)`, `[End Summary]`, `ENDSUMMARY` (a scrape lost the space).
SUMMARY_END = re.compile(r"[(\[]?\bEND\s*(?:OF\s+)?SUMMARY\b[^\n.]{0,20}[.:)\]]*", re.IGNORECASE)
SUMMARY_END_AFTER_COMMENT = re.compile(
    r"[(\[]?END\s+(?:OF\s+)?COMMENT\s+AND\s+SUMMARY\b[^\n.]{0,20}[.:)\]]*", re.IGNORECASE)


def split_paragraphs(lines: Lines, start: int, signature: Signature,
                     warnings: list[str], text_start: int = 0) -> list[dict]:
    """Numbered paragraphs from line `start` on, up to the signature. Numbers are taken in
    sequence; `15.` where 5 is due is `¶5.` whose `¶` became `1` (renumbered, with a warning);
    other numbered lines (lists) and un-numbered lines continue the open paragraph. A first
    paragraph that lost its `1.` is looked for from line `text_start` (after the classification
    line: the header block may run into it)."""
    visible = visible_lines(lines, signature)
    kinds = line_kinds(lines)
    numbered = list(kinds.paragraphs)     # line indexes, ascending
    candidates = numbered[bisect.bisect_left(numbered, start):bisect.bisect_left(numbered, len(visible))]
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
    texts = paragraph_texts(visible, accepted, kinds.rulers, kinds.items, mentions_web_site(lines),
                            plain_white_space(lines.text))
    return [{"number": p.number, "classification": normalise_marking(p.marking), "text": text}
            for p, text in zip(accepted, texts)]


def paragraph_texts(visible: list[str], accepted: list[_Start], rulers: list[int],
                    items: list[int], web_site: bool, plain: bool) -> list[str]:
    """The text of each accepted paragraph (see `paragraph_text`): its lines up to the next
    paragraph, or to the end of `visible`. Built in one pass over the lines (`visible`, which
    is changed: a copy of the text's, see `visible_lines`): each paragraph's number and marking
    cut off its first line, the rulers and the headings they frame blanked (`blank_rulers`),
    then each paragraph is one join of a slice. `items`: the
    lines that may open a sub-item (see `LineKinds`); a paragraph without one among its lines
    after the first is not searched for sub-items (most are not). A blank line between its
    first and last lines is what makes the joined text hold a blank line (`"\n\n"`): looked
    for in the list, not in the text. A notice closing the last paragraph that links to a
    classified network's address is cut (see `without_address_notice`)."""
    if not accepted:
        return []
    kept = visible
    for paragraph in accepted:
        kept[paragraph.index] = kept[paragraph.index][paragraph.text_from:]
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
        # (`isupper` first: a last line with a lower-case letter, nearly all, heads nothing)
        if end < last_end and last > first + 1 and kept[last - 1].isupper() \
                and heads_next_in_capitals(kept[last - 1], kept[last - 2]):
            last -= 1
        text = "\n".join(kept[first:last])
        if end == len(visible):         # (the last paragraph)
            text = without_address_notice(text) or text
        # (a stray `¶` is cut before the search: `¶2.` may open an item then; and a text
        # without `¶` nor item lines is not searched for `¶` again)
        # (most paragraphs hold no line of `items` after their first: no call for them)
        items_searched = "¶" in text or (item < len(items) and items[item] < last
                                          and opens_sub_item(kept, items, first, last))
        texts.append(paragraph_text(text, end < len(visible), web_site, plain, items_searched,
                                    "" in kept[first + 1:last - 1]))
    return texts


def heads_next_in_capitals(line: str, above: str) -> bool:
    """The paragraph's last `line` is the next one's heading, set on the line under its last
    sentence (`above`) without a blank line or ruler (`GOVERNMENT LAUNCHES ANTI-CORRUPTION
    CAMPAIGN`, `BIG FISH OR SMALL FRY?`): a short line in capitals, not a sentence's end nor an
    end marker, under a line in mixed case that ends a sentence."""
    if not line[:1].isupper() and not line.lstrip()[:1].isupper():     # (most last lines)
        return False
    text = line.strip()
    return len(text) < SHORT_LINE and text.isupper() and text[-1] != "." and text[:3] != "END" \
        and ends_sentence(above) and not above.isupper() and not SUB_ITEM.match(text) \
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


@functools.lru_cache(maxsize=1024)     # a few dozen markings recur from cable to cable
def normalise_marking(marking: str | None) -> str | None:
    """`S//NF` and `S/ NF` -> `S/NF`."""
    if not marking:
        return None
    marking = MARKING_SLASHES.sub("/", marking).strip().upper()
    return NOFORN_UNSEPARATED.sub(r"\1/NF", marking)


def paragraph_text(text: str, followed: bool, web_site: bool, plain: bool = False,
                   items: bool = True, blank_line: bool = True) -> str:
    """A paragraph's lines (`text`) joined: wrapped lines into one line, sub-items on their own
    lines, blank lines kept as paragraph breaks; a heading closing the paragraph when another
    one follows (`followed`: the heading belongs to the next one), the post's web site notice
    (`web_site`: the cable has one somewhere) and stray `¶` dropped. `plain`: the text's only
    white space is spaces and line ends (see `fold`); `items`: a line of it may open a
    sub-item, or it holds `¶` (else it is not searched for either); `blank_line`: it may hold a
    blank line (else it is one block)."""
    if items and "¶" in text:
        text = without_stray_pilcrows(text)
    # (its searchable form holds the words where the lower-cased text does, and costs less)
    if web_site and WEB_SITE_WORDS.encode() in (found := searchable(text)):
        # (a numbered paragraph that holds only the notice keeps it: it is the paragraph's text)
        text = cut_web_site_notice(text, to_end=True, found=found) or text
    if items and SUB_ITEM_LINE.search(text):
        blocks = each_block_once(join_wrapped, BLANK_RUN.split(text), plain)
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
    blocks = [block for block in blocks if block]
    if len(blocks) > 1 and len(blocks[-1]) <= END_MARKER_WORD_CHARS and is_end_marker_word(blocks[-1], blocks[-2]):
        blocks[-2:] = [f"{blocks[-2]} {blocks[-1]}"]
    if followed and blocks and (blocks[-1][-1:].isalnum() or blocks[-1][-1:] == "?") and ends_lost_breaks(text):
        blocks[-1] = without_unmarked_heading(blocks[-1])
    if blocks and blocks[-1][-1:] == "-":       # (rare: guards the rule)
        without_placeholder_end(blocks)
    if followed:
        # (a block repeated is a heading as the one popped before it: 100 KB of `G8` blocks
        # closing a paragraph, 25,000 headings, are read once, not 25,000 times: ~20 ms)
        popped = None
        while len(blocks) > 1 and (blocks[-1] == popped or is_heading(blocks[-1])):
            popped = blocks.pop()
        if blocks and blocks[-1][-1:] in RULER_CHARACTERS:     # (rare: guards the rule)
            if cut := without_run_on_heading(blocks[-1]):
                blocks[-1] = cut
            elif len(blocks) > 1:       # the block was the heading (a paragraph of one stays)
                blocks.pop()
        if blocks and blocks[-1][-2:] == "//":                  # (rare: guards the rule)
            blocks[-1] = without_slashed_heading(blocks[-1])
    return rejoin_broken_blocks(blocks, paragraph=True)


def find_summary(flow: str, found: bytes | None = None, own_station: str = "") -> str | None:
    """The summary: from its marker to `End summary` (for a heading, to the next heading when
    that comes first), else to the end of its block; without the comment an `End summary and
    comment` closes, continuation labels, stray `¶` and the teletype's `-` placeholder lines.
    `found`: the flow's `searchable` form, when made already; `own_station`: see find_comment."""
    found = searchable(flow) if found is None else found
    if SUMMARY_WORD not in found:       # no summary (one flow in nine): no placeholder to cut
        return None
    if holds_placeholder_line(flow):
        flow = line_start_sub(PLACEHOLDER_LINE, "", flow)
        found = searchable(flow)
    match = summary_start(flow, found)
    if not match:
        return None
    rest = flow[match.end():]
    heading = is_heading_marker(flow, match)
    if heading:
        rest = rest.lstrip(AFTER_HEADING)
    end = summary_end(rest, found, len(flow) - len(rest))
    if heading and end and (bounded := until_next_heading(rest, limit=end.start())) is not None:
        text = bounded                          # `END SUMMARY` of quoted text further on
    elif end:
        text = rest[:end.start()]
        if SUMMARY_AND_COMMENT_END.match(rest, end.start()):   # `End summary and comment.`
            text = before_comment(text, own_station)
    else:
        text = first_block(rest, bullets=True)
    summary = folded_blocks(text)
    return clean_summary(summary) if summary else None


def holds_placeholder_line(flow: str) -> bool:
    """A line of `flow` is a placeholder (PLACEHOLDER_LINE): one of the lines that end with `-`
    (DASH_ENDING_LINE) holds only spaces or tabs before it. (A bulleted list, `- The minister
    ...`, costs no `sub` of the flow: its lines end with words.) Past DASH_ENDING_LINES_READ such
    lines, the rest of the flow is searched by one regex scan (a text of 25,000 lines ending
    with `-` read line by line: +7 ms)."""
    for count, dash in enumerate(DASH_ENDING_LINE.finditer(flow)):
        line_start = flow.rfind("\n", 0, dash.start()) + 1
        if count == DASH_ENDING_LINES_READ:         # (line_start > 0: lines were read above)
            return bool(PLACEHOLDER_AFTER_LINE_END.search(flow, line_start - 1))
        if not flow[line_start:dash.start()].strip(" \t"):
            return True
    return False


def unlabelled_summary(paragraphs: list[dict], own_station: str = "") -> str | None:
    """The summary its writer left unlabelled but closed: paragraph 1's text up to its `End
    summary` (`¶1. (C) The CDA paid a courtesy call ... End summary.`). A marker in a later
    paragraph, with no label before it, does not tell where the summary began. `own_station`:
    see find_comment."""
    if not paragraphs or paragraphs[0]["number"] != 1:
        return None
    text = paragraphs[0]["text"]
    end = summary_end(text, searchable(text), 0)
    if not end:
        return None
    summary = text[:end.start()]
    if SUMMARY_AND_COMMENT_END.match(text, end.start()):    # `End summary and comment.`
        summary = before_comment(summary, own_station)
    return clean_summary(summary)


# The word SUMMARY holds `ummary` (its `S` also matches `ſ`, which the searchable form does not
# keep): both summary markers are matched only where it stands (see `summary_start`,
# `summary_end`), not tried at every line start or at every `d` of the flow.
SUMMARY_WORD = b"ummary"


def summary_start(flow: str, found: bytes) -> re.Match | None:
    """`line_start_search(SUMMARY_START, flow)`: the pattern matched at the start of the lines
    that hold the word, in order (a match holds it on its first line)."""
    word = found.find(SUMMARY_WORD)
    while word != -1:
        if match := SUMMARY_START.match(flow, flow.rfind("\n", 0, word) + 1):
            return match
        line_end = flow.find("\n", word)
        if line_end == -1:
            return None
        word = found.find(SUMMARY_WORD, line_end)
    return None


def summary_end(rest: str, found: bytes, offset: int) -> re.Match | None:
    """`SUMMARY_END.search(rest)`, where `rest` is the flow from `offset` on and
    `found` the flow's searchable form: the pattern matched only before each word, where its
    `END` (or `(END`) ends at the gap before the word's `S`."""
    word = found.find(SUMMARY_WORD, offset + 1)
    while word != -1:
        before = word - 1 - offset                        # the `S`, in `rest`
        gap_start = run_start(rest, before, END_MARKER_GAP)
        for start in (gap_start - 4, gap_start - 3):      # `(END`, `[END`, `END`
            if start >= 0 and (match := SUMMARY_END.match(rest, start)):
                return match
        if rest[gap_start - 3:gap_start].lower() == "and":   # `End comment and summary.`
            reach = max(0, before - COMMENT_AND_REACH)
            if marker := COMMENT_AND_BEFORE_SUMMARY.search(rest, reach, before):
                return SUMMARY_END_AFTER_COMMENT.match(rest, marker.start())
        word = found.find(SUMMARY_WORD, word + len(SUMMARY_WORD))
    return None


def before_comment(text: str, own_station: str = "") -> str:
    """The text before a comment opened inside it (`... Comment: ...`), else the text."""
    words = comment_words(text)
    starts = [*comments_at_line_start(text, words, own_station),
              *comments_in_line(text, words, 0, own_station)]
    if not starts:
        return text
    first = min(starts, key=lambda match: match.start())
    cut = first.start() + (1 if first.re is COMMENT_IN_LINE else 0)   # keep the sentence's end
    return text[:cut]


# A stray `¶` inside the summary's sentences, with the space a scrape put after it (`sold in
# ¶ 1988`, as `sold in ¶1988`).
PILCROW_AND_SPACE = re.compile(r"¶[ \t]*")


def clean_summary(summary: str) -> str | None:
    """Without the continuation labels of later blocks (`Summary contd.:`, `Contd.:`), a leading
    `Summary:` label, and `¶` the scrape put before a number inside a sentence."""
    if "¶" in summary:
        summary = PILCROW_AND_SPACE.sub("", summary)
    # The labels are matched where they may stand, not searched (a `sub` tries a pattern at
    # every character): `SUMMARY_LABEL` at the start only; `CONTINUATION_LABEL` at the start and
    # after a blank line, so in one block at the start only.
    if label := SUMMARY_LABEL.match(summary):
        summary = summary[label.end():]
    if "\n\n" in summary:                    # unmarked paragraphs keep their numbers in the flow
        summary = BLOCK_NUMBER.sub("\n\n", summary)
        if may_hold_continuation(summary) and (CONTINUATION_LABEL.match(summary)
                                               or CONTINUATION_AFTER_BLANK.search(summary)):
            summary = CONTINUATION_LABEL.sub("", summary)
    elif may_hold_continuation(summary) and (label := CONTINUATION_LABEL.match(summary)):
        summary = summary[label.end():]
    return summary.strip() or None


def may_hold_continuation(summary: str) -> bool:
    """`summary` may hold a continuation label (CONTINUATION_WORDS: `cont`, `con't` in any
    case): a scan for the letters, not a search of the pattern (a summary is a few KB)."""
    folded = summary.lower()
    return "ont" in folded or "on't" in folded or "on’t" in folded
