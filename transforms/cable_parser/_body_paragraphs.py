"""Numbered paragraphs, summary, closing comment and signature of the cable body."""
import bisect
import functools
import re
from typing import Iterator

from ._body_blocks import BLANK_RUN, blocks_of, each_block_once, join_wrapped, rejoin_broken_blocks
from ._body_comment_author import (COMMENT_AUTHOR_WORDS, WORD_GAP_REACH, author_start, names_author,
                                   words_before)
from ._body_flow import (AFTER_HEADING, END_MARKER_GAP, first_block, folded_blocks,
                         is_heading_marker, until_next_heading)
from ._body_headings import (REDACTED_PARAGRAPH, SHORT_LINE, ends_sentence, is_admin_note,
                             is_heading, is_title_case)
from ._body_line_kinds import SUB_ITEM, SUB_ITEM_LINE, line_kinds
from ._body_notices import (WEB_SITE_NOTICE, WEB_SITE_WORDS, cut_web_site_notice, mentions_web_site,
                            without_address_notice)
from ._body_numbering import _Start, chosen_paragraphs, marked_in_sequence, unnumbered_first
from ._body_paragraph_ends import (END_MARKER_WORD_CHARS, RULER_CHARACTERS, ends_lost_breaks,
                                   is_end_marker_word, without_placeholder_end,
                                   without_run_on_heading, without_slashed_heading,
                                   without_unmarked_heading)
from ._body_rulers import blank_rulers
from ._body_signature import Signature, visible_lines
from ._text import (Lines, WHITE_SPACE, fold, line_start_sub, places_in, plain_white_space,
                    run_start, searchable)

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
# The comment opens a line (`Comment:`, a `COMMENT` heading) or follows a sentence in the
# paragraph (`... talks. Comment: ...`, `(Comment: ...`), its author named before the word or not.
COMMENT_AT_LINE_START = re.compile(rf"""
    ^[ \t]*+(?://|-{{2,}})?[ \t]*(?:BEGIN\s+)?(?:{COMMENT_AUTHOR_WORDS}\s+)?
    COMMENT(?:\ AND\ [A-Z]+)?       # `//COMMENT//`, `Comment and Recommendation`
    (?:S(?=[ \t]*(?:--|[-—–]+)?[ \t]*$))?     # a heading `COMMENTS` alone (not `... comments.`)
    [ \t]*(?P<punct>[:.]+|(?://|--|[-—–]+)?[ \t]*$)""", re.VERBOSE | re.IGNORECASE | re.MULTILINE)
COMMENT_IN_LINE = re.compile(rf"""
    [.!?\"”)\]][ \t]+\(?(?:BEGIN\s+)?(?:{COMMENT_AUTHOR_WORDS}\s+)?COMMENT[ \t]*(?P<punct>[:.\-]+)
    """, re.VERBOSE | re.IGNORECASE)
ASIDE_FOLLOWED_BY = 200    # characters of reporting after an in-paragraph comment make it an aside
# The comment's end marker: `END COMMENT`, `End of comment`, `END EMBASSY COMMENT.`; also the end
# of a summary that holds the comment (`End summary and comment.`: `summary` matches).
COMMENT_END = re.compile(rf"""
    \bEND\s+(?:OF\s+)?(?:(?P<summary>SUMMARY\s+AND)\s+|{COMMENT_AUTHOR_WORDS}\s+)?
    COMMENT\b[^\n.]{{0,20}}[.:)]*
    """, re.VERBOSE | re.IGNORECASE)

# The label of a paragraph that goes on with the comment of the paragraph above: `COMMENT
# CONTINUED:`, `Comment, cont:`, `Comment cont'd:`, `(Comment continued):`, `COMMENT CONTINUED.`;
# matched at a block's start (COMMENT_CONTINUED) or after a blank line (its search, starting
# with a literal, is a fast scan).
CONTINUED_LABEL = r"""
    [ \t]*\(?COMMENT[ \t]*,?[ \t]*\(?(?:CONTINUED|CONT['’]?D|CONT)\b\.?\)?  # the words (either apostrophe), the comma
    [ \t]*[:.\-]+[ \t]*          # its mark (a `Comment Cont'd` heading alone on its line is kept)
    """
COMMENT_CONTINUED = re.compile(CONTINUED_LABEL, re.VERBOSE | re.IGNORECASE)
CONTINUED_AFTER_BLANK = re.compile(r"\n\n" + CONTINUED_LABEL, re.VERBOSE | re.IGNORECASE)


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


def marked_section(text: str, start: re.Match, end: re.Match | None, to_end: bool) -> str | None:
    """Text from `start` to the end marker (`end`, its match after `start`); without one, the
    rest of the block (the next block for a heading alone on its line; the rest of the text when
    `to_end`)."""
    if end:
        return folded_blocks(text[start.end():end_marker_start(text, end)])
    rest = text[start.end():]
    if is_heading_marker(text, start):      # a heading: what follows it
        rest = rest.lstrip(AFTER_HEADING)
    if to_end:
        return folded_blocks(until_next_heading(rest))
    return folded_blocks(first_block(rest))


def end_marker_start(text: str, end: re.Match) -> int:
    """Where the comment's end marker (`end`, a COMMENT_END match: from its `END`) starts in
    `text`: at the bracket opening it (`(End comment.)`, `[END COMMENT]`), which is no part of
    the comment."""
    start = end.start()
    return start - 1 if start > 0 and text[start - 1] in "([" else start


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


def begin_runs_into(text: str, line_start: int, reach: int = 200) -> bool:
    """The text before `line_start` ends with `BEGIN` (then white space only), or cannot be
    told within `reach`: an in-line `BEGIN COMMENT` may run over the line end into this line.
    Any other in-line start stays on its line, so one found from a line start is found the same
    from the text's start."""
    if line_start == 0:
        return False
    before = text[max(0, line_start - reach):line_start].rstrip()
    return not before or before[-5:].lower() == "begin"


# Every comment start holds the word COMMENT (in any case), with only characters of COMMENT_LEAD
# between it and its line's start (COMMENT_AT_LINE_START) or the mark that ends the sentence
# before it (COMMENT_IN_LINE): white space, `(`, `/`, `-` and the letters of BEGIN (and `İ`, `ı`,
# which match `I` ignoring case). So the starts are found from the places of the word, by one
# search of the flow's searchable form, and each pattern is matched only where it can start
# there, instead of at every line start and every punctuation mark (a charset scan of the flow).
COMMENT_LEAD = " \t(/-BEGINbeginİı" + WHITE_SPACE
COMMENT_WORD = b"comment"


def comment_words(flow: str, found: bytes | None = None) -> list[int]:
    """Where the word `comment` stands in `flow`, in any case (as COMMENT ignoring case);
    `found`: the flow's `searchable` form, when made already."""
    return places_in(searchable(flow) if found is None else found, COMMENT_WORD)


def lead_start(flow: str, word: int, own_station: str = "",
               leads: dict[int, tuple[int, int]] | None = None) -> int:
    """Where the run of COMMENT_LEAD characters that ends at `word` (or at the author named
    before it, see `author_start`) starts; remembered in `leads` ({word: (author start, lead
    start)}) when given, for the rules that look at the same words."""
    if leads is not None and (known := leads.get(word)) is not None:
        return known[1]
    author = author_start(flow, word, own_station)
    lead = run_start(flow, author, COMMENT_LEAD)
    if leads is not None:
        leads[word] = (author, lead)
    return lead


def comments_at_line_start(flow: str, words: list[int] | None = None, own_station: str = "",
                           leads: dict[int, tuple[int, int]] | None = None) -> Iterator[re.Match]:
    """The matches of COMMENT_AT_LINE_START at the line starts (the first after the last match's
    end) that name no author or one that `names_author`, but for a line after a line ending in
    `END` (`after_end_word`: a closing marker split over a line break): the pattern matched only
    at the line starts in the COMMENT_LEAD run before each of `words` (comment_words), the first
    that matches (its word is that one: the others of the run fall inside the match). A flow
    of more than MANY_COMMENT_WORDS words is searched line start by line start instead
    (`comments_at_any_line_start`): the words' way costs ~3-4.5 us a word where each opens a
    line (12,500 `COMMENT` lines: 33 ms, the search 12)."""
    words = comment_words(flow) if words is None else words
    if len(words) > MANY_COMMENT_WORDS:
        yield from comments_at_any_line_start(flow, own_station)
        return
    end = 0
    for word in words:
        lead = lead_start(flow, word, own_station, leads)
        starts = [0] if lead == 0 else []
        last_newline = flow.rfind("\n", lead, word)
        if last_newline != -1 and not LETTER.search(flow, lead, last_newline):
            # The lines of the run above the word's line hold no letter: no BEGIN nor author
            # word, which alone let the pattern's match run over a line end; it matches at none
            # of their starts (100 KB of blank or `--` lines above a `COMMENT` heading, each
            # line start tried: 30-40 ms; found by benchmarks.fuzz's repeated blocks)
            starts.append(last_newline + 1)
            last_newline = -1
        newline = flow.find("\n", lead, word) if last_newline != -1 else -1
        while newline != -1:
            starts.append(newline + 1)
            newline = flow.find("\n", newline + 1, word)
        for start in starts:
            if start >= end and (match := COMMENT_AT_LINE_START.match(flow, start)) \
                    and names_author(match, own_station) and not after_end_word(flow, start):
                yield match
                end = match.end()
                break


MANY_COMMENT_WORDS = 100     # (real cables hold a few)
LETTER = re.compile(r"[^\W\d_]")


def comments_at_any_line_start(flow: str, own_station: str = "") -> Iterator[re.Match]:
    """What `comments_at_line_start` yields, by a search of COMMENT_AT_LINE_START (its `^` is
    a line start) from each line start that matches on: the plain rule, in one step a match."""
    end = position = 0
    while match := COMMENT_AT_LINE_START.search(flow, position):
        start = match.start()
        if start >= end and names_author(match, own_station) and not after_end_word(flow, start):
            yield match
            end = match.end()
        position = start + 1


def after_end_word(flow: str, line_start: int) -> bool:
    """The line at `line_start` follows the first words of an end marker ending the line above
    (`END`, `END OF`, `End summary and`): its `Comment.` is the end marker split over a line
    break (`End` / `Comment.`, `End summary and` / `comment.`), not an opening."""
    before = flow[max(0, line_start - END_WORD_REACH):line_start].rstrip()
    return "nd" in before[-3:].lower() and bool(END_MARKER_OPENING.search(before))


END_WORD_REACH = 40     # characters: `END OF SUMMARY AND`, the line end, the blank lines of a page break
# The first words of an end marker that holds COMMENT, at the end of the text before a line.
END_MARKER_OPENING = re.compile(r"(?<![^\W_])END(?:\s+OF)?(?:\s+SUMMARY\s+AND)?\Z", re.IGNORECASE)


def comments_in_line(flow: str, words: list[int], position: int = 0, own_station: str = "",
                     leads: dict[int, tuple[int, int]] | None = None) -> Iterator[re.Match]:
    """The matches of COMMENT_IN_LINE from `position` on (each the first after the last one's
    end) that `names_author`: the pattern matched only at the character before the
    COMMENT_LEAD run that ends at each of `words` (comment_words), where its punctuation mark
    must stand."""
    end = position
    for word in words:
        if word > end:
            start = lead_start(flow, word, own_station, leads) - 1
            if start >= end and (match := COMMENT_IN_LINE.match(flow, start)) \
                    and names_author(match, own_station):
                yield match
                end = match.end()


def find_comment(flow: str, found: bytes | None = None, own_station: str = "") -> str | None:
    """The closing comment: the last one opened; a heading's comment runs to the end when
    unclosed. A comment opened inside a paragraph (`... (Comment: ... End comment.)`) and
    followed by more reporting is an aside, not the closing comment, unless it closes the
    summary (`... Comment: ... End summary and comment.`). `found`: the flow's
    `searchable` form, when made already; `own_station`: the cable's station (letters only),
    which may name its comment as the routing list's stations do (`ALMATY COMMENT:`)."""
    words = comment_words(flow, found)
    if not words:
        return None
    leads: dict[int, tuple[int, int]] = {}      # (both start rules and the end read the same words)
    at_line_start = [*comments_at_line_start(flow, words, own_station, leads)]
    # Only the last start counts: in-line starts are looked for after the last line start.
    in_line_from = at_line_start[-1].start() if at_line_start else 0
    if begin_runs_into(flow, in_line_from):
        in_line_from = 0
    starts = [*at_line_start, *comments_in_line(flow, words, in_line_from, own_station, leads)]
    if not starts:
        return None
    last = max(starts, key=lambda match: match.start())
    end = comment_end(flow, words, last.end(), own_station, leads)
    if last.re is COMMENT_IN_LINE and not (end and end["summary"]):     # (the summary's comment)
        aside_end = end.end() if end else last.end() + len(first_block(flow[last.end():]))
        if len(flow[aside_end:].strip()) > ASIDE_FOLLOWED_BY:
            return None
    to_end = is_heading_marker(flow, last)
    if not to_end and (title_end := heading_title_end(flow, last)) is not None:
        # A heading with a title after its label: the comment is what follows the title
        # (up to the next heading even before an end marker: that one may close an aside of a
        # later section, `(Comment: ... End Comment)`)
        section = (flow[title_end:end_marker_start(flow, end)] if end else flow[title_end:]).lstrip(AFTER_HEADING)
        rest = until_next_heading(section) if section.strip() else None
        comment = folded_blocks(rest) if rest and rest.strip() else None
    elif end is None and not to_end:
        # (each paragraph folded on its own: a continued paragraph is one, whatever the last
        # words of the one above)
        comment = "\n\n".join(filter(None, map(folded_blocks, continued_comment(flow[last.end():])))) or None
    else:
        comment = marked_section(flow, last, end, to_end)
    if comment and "\n\n" in comment and may_be_continued(comment):     # a later paragraph's label
        comment = CONTINUED_AFTER_BLANK.sub("\n\n", comment)
    return comment


def heading_title_end(flow: str, label: re.Match) -> int | None:
    """Where the line of a `Comment:` label ends when the rest of it is a heading's title, a
    block of its own (`Comment: Not Thoroughly-Corrupted, but Cause for Concern`, framed by
    rulers, the comment's paragraph under it): words in title case that end no sentence, a blank
    line (or the text's end) after them. None for a comment's first sentence."""
    line_end = flow.find("\n", label.end())
    if line_end == -1:
        return None
    title = flow[label.end():line_end].strip(" \t-—–/")
    if not title or len(title) >= SHORT_LINE or ends_sentence(title) or not is_title_case(title):
        return None
    return line_end if flow[line_end + 1:line_end + 2] in ("\n", "") else None


def continued_comment(rest: str) -> list[str]:
    """An unclosed comment opened in a paragraph (`rest`: the text after `Comment:`): its
    paragraph, and the paragraphs after it that say they go on with it (`COMMENT CONTINUED:`,
    `Comment, cont:`), their labels cut."""
    first = first_block(rest)
    if not may_be_continued(rest):     # no continuation label anywhere after the comment's start
        return [first, *last_paragraph_after(rest[len(first):])]
    blocks = blocks_of(rest[len(first):])
    taken = [first]
    next(blocks)                      # (the empty piece before the first blank line)
    for block in blocks:
        label = COMMENT_CONTINUED.match(block)
        if not label:
            break
        taken.append(block[label.end():])
    if len(taken) == 1:                 # no continuation label after all (`contacts`)
        taken.extend(last_paragraph_after(rest[len(first):]))
    return taken


def last_paragraph_after(rest: str) -> list[str]:
    """The cable's last paragraph, when it is all that follows an unclosed comment's paragraph
    (`rest`: the text after it, up to the signature): the comment goes on in it (`Comment. All of
    our interlocutors ...` / `It will be all the more important that ...`), unless it is a
    closing administrative note, a heading or the post's web site notice; else nothing."""
    blocks = []
    for block in blocks_of(rest):       # (read up to a second paragraph only)
        if block.strip():
            blocks.append(block)
            if len(blocks) > 1:
                return []
    if not blocks or is_admin_note(blocks[0].strip()) or is_heading(blocks[0].strip()) \
            or WEB_SITE_NOTICE.search(blocks[0]):
        return []
    return blocks


def may_be_continued(text: str) -> bool:
    """`text` may hold a continuation label (CONTINUED_LABEL: `cont` in the case of the words
    around it, `Cont`, `cont` or `CONT`)."""
    return "ont" in text or "ONT" in text


def comment_end(flow: str, words: list[int], position: int, own_station: str = "",
                leads: dict[int, tuple[int, int]] | None = None) -> re.Match | None:
    """The first match of COMMENT_END from `position` on that `names_author`: the pattern
    matched only where its `END` ends at the gap before one of `words` (comment_words: every
    match holds one), instead of at every `END` that a scan of the rest of the flow finds.
    `leads`: the author starts the start rules found (see `lead_start`), not looked for again
    (a text of 12,000 `COMMENT` words paid 20 ms for them)."""
    leads = leads or {}
    for word in words[bisect.bisect_left(words, position):]:
        author = leads[word][0] if word in leads else author_start(flow, word, own_station)
        for before in (summary_and_start(flow, word), author):
            if before is None:
                continue
            start = run_start(flow, before, END_MARKER_GAP) - len("END")
            if start >= position and (match := COMMENT_END.match(flow, start)) and names_author(match, own_station):
                return match
    return None


def summary_and_start(flow: str, word: int) -> int | None:
    """Where `SUMMARY AND` (in any case, with any white space) before the word at `word`
    starts (`End summary and comment`), else None."""
    end = run_start(flow, word, WHITE_SPACE, WORD_GAP_REACH)
    if end == word or flow[end - 3:end].upper() != "AND":
        return None
    words = words_before(flow, end, len("SUMMARY") + 1)
    if len(words) > 1 and flow[words[0][0]:words[0][1]].upper() == "AND" \
            and flow[words[1][0]:words[1][1]].upper() == "SUMMARY":
        return words[1][0]
    return None
