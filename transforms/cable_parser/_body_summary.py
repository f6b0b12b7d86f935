"""The summary (`¶1. (C) Summary: ...`, `SUMMARY:`, a `Summary` heading, `BEGIN SUMMARY`): from
its marker to `End summary` (to the next heading for a heading, when that comes first), else to
the end of its block and the bullets after it; without the comment an `End summary and comment`
closes, its continuation labels (`Summary contd.:`), stray `¶` and the teletype's `-` placeholder
lines. Also the summary labelled after paragraph 1's opening note, or left unlabelled but closed in
paragraph 1 (`unlabelled_summary`).

The markers are matched only where the word SUMMARY stands in the flow's searchable form; the
flow and its section readers are `_body_flow`'s, a comment's start `_body_comment`'s.
"""
import re

from ._body_comment import (COMMENT_IN_LINE, after_end_word, comment_words, comments_at_line_start,
                            comments_in_line)
from ._body_blocks import blocks_of
from ._body_flow import (BULLET_BLOCK, END_MARKER_GAP, after_heading, before_quote_end, first_block, folded_blocks,
                         is_heading_marker, opens_with_bullet, runs_on_into, until_next_heading)
from ._text import line_start_sub, run_start, searchable

# The words a label names before `and Summary` (`Introduction and`, `Overview and`, `Action
# Request and`, `Background, Action Request and`): one word in any case (`Scene-setter`), or up
# to three, each further one capitalised (not a sentence's last words wrapped onto a line, `of
# the report and summary.`), or in any case before `and Summary:` with its colon.
LABEL_WORDS = r"""(?:
    [A-Z]+(?:-[A-Z]+)?(?:,?\ (?-i:[A-Z])[A-Za-z-]*){0,2}
  | [A-Z]+(?:,?\ [A-Z]+){1,2}(?=\ (?:AND|&)\ SUMMARY[ \t]*:) )"""
# Summary and comment markers, at the start of a line once paragraph numbers are removed
# (`¶1. (C) Summary:`, `SUMMARY`, `Summary and Comment.`, `BEGIN SUMMARY:`).
SUMMARY_START = re.compile(r"""
    ^[ \t]*+(?:\d{1,3}\.[ \t]++)?                   # an unmarked paragraph's number: `1. SUMMARY:`
    (?:-{2,}[ \t]*+(?=SUMMARY[ \t]*+-{2,}[ \t]*$))?   # a heading framed by its rulers: `--- Summary ---`
    # a marking without number: `(C) Summary:`, `(S//NF)`, `(S/REL UK)`; `C) Summary:` (its
    # opening parenthesis lost)
    (?:\(?(?:U|C|S|SBU|TS)(?:[/-]{1,2}[A-Z]{2,5}(?:\ [A-Z]{2,5})*)?\)[ \t]++)?
    (?: (?:BEGIN\ |EXECUTIVE\ |(?P<label>LABEL_WORDS)\ (?:AND|&)\ |[A-Z]+\s?/\s?)?SUMMARY  # `Introduction/Summary`
        # the sections joined after it: `and Comment`, `& Comment`, `/Action Request`, and of
        # three parts, `, Comment and Action Request`, `and Comment and Action Request`
        (?:(?:,[ \t]*[A-Z]++(?:\ [A-Z]+)?)?(?:[ \t]++(?:AND|&)[ \t]++[A-Z]++(?:\ [A-Z]+)?){1,2}
          |\s?/\s?[A-Z]+(?:\ [A-Z]+)?)?
        (?:[ \t]+BEGINS)?                     # `Summary Begins:`
        [ \t]*(?P<punct>[:.;\-]+|$)             # (`Summary;`, a typing slip)
      # the label in brackets, as its end marker may be (`(Summary) The minister ... (End
      # Summary)`, `[SUMMARY]`): the brackets are its mark
      | [(\[](?:EXECUTIVE\ )?SUMMARY[ \t]*[:.]?[)\]][ \t]*[:.\-]*)
    """.replace("LABEL_WORDS", LABEL_WORDS), re.VERBOSE | re.IGNORECASE | re.MULTILINE)
# The end marker of a summary whose label named other words first (`Action Request and
# Summary:`): `END ACTION REQUEST AND SUMMARY.`, the same words before `AND SUMMARY` (read back
# from the word SUMMARY, see `summary_end`; compared with the label's words folded).
LABEL_AND_BEFORE_SUMMARY = re.compile(r"[(\[]?\bEND\s+(?:OF\s+)?(?P<words>[A-Z][A-Z,\s-]*?)\s+(?:AND|&)\s+\Z",
                                      re.IGNORECASE)
LABEL_AND_SUMMARY_END = re.compile(r"[(\[]?END\b[\s\S]*?\bSUMMARY\b[^\n.]{0,20}[.:)\]]*", re.IGNORECASE)
# The first words of an end marker (`END`, `(END OF`) closing the line above a line that opens
# with SUMMARY: that line is the marker's end split by a line break (`... a call. End` /
# `summary.`), no label (see `_body_comment.after_end_word`).
SUMMARY_END_OPENING = re.compile(r"(?<![^\W_])END(?:\s+OF)?\Z", re.IGNORECASE)
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
# `End Summary.`, `(END SUMMARY)`, `[End Summary]`, `ENDSUMMARY` (a scrape lost the space), `End
# Executive Summary.`; or `Summary ends.` opening a sentence (not `the summary ends with ...`).
SUMMARY_END = re.compile(r"""
    [(\[]?\bEND\s*(?:OF\s+)?(?:EXECUTIVE\s+)?SUMMARY\b[^\n.]{0,20}[.:)\]]*
  | (?:(?<=[.!?"”)\]]\s)|(?<=[.!?"”)\]]\s\s)|(?<=\n)|^)SUMMARY[ \t]+ENDS[ \t]*[.:)\]]+
    """, re.VERBOSE | re.IGNORECASE)
SUMMARY_END_AFTER_COMMENT = re.compile(
    r"[(\[]?END\s+(?:OF\s+)?COMMENT\s+AND\s+SUMMARY\b[^\n.]{0,20}[.:)\]]*", re.IGNORECASE)

# The word SUMMARY holds `ummary` (its `S` also matches `ſ`, which the searchable form does not
# keep): both summary markers are matched only where it stands (see `summary_start`,
# `summary_end`), not tried at every line start or at every `d` of the flow.
SUMMARY_WORD = b"ummary"

# How far a heading's summary is walked for the next heading (characters): a summary is a few
# paragraphs (the longest the rule reads in the corpus, under 09STATE14577's `Summary and
# Background`, 3,233); a walk that finds none within this reach reads no further (100 KB of
# distinct blocks under a `SUMMARY` heading, read to the end: +18 ms).
HEADING_SUMMARY_REACH = 10_000


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
    bullet = heading and opens_with_bullet(rest)     # (`Summary:` / `-- The Minister said ...`)
    if heading:
        rest = after_heading(rest, bullet)
    end = summary_end(rest, found, len(flow) - len(rest), match["label"])
    if heading and end and (bounded := until_next_heading(rest, limit=end.start())) is not None:
        text = bounded                          # `END SUMMARY` of quoted text further on
    elif end:
        text = rest[:end.start()]
        if SUMMARY_AND_COMMENT_END.match(rest, end.start()):   # `End summary and comment.`
            text = before_comment(text, own_station)
    elif heading and heads_section(flow, match) \
            and (section := until_next_heading(rest, limit=min(len(rest), HEADING_SUMMARY_REACH))) is not None:
        # A section's heading without end marker runs to the next heading, as it does when its
        # end marker lies past that heading, and as a heading's comment runs (`-------` /
        # `Summary` / `-------` / `1. ...` / `2. ...` / `Background`: paragraphs 1 and 2); with
        # no heading after it (within its reach), nothing says where it ends but its first block.
        text = section
    else:
        text = with_lettered_items(rest, first_block(rest, bullets=True))
    summary = folded_blocks(text, bullet)
    return clean_summary(before_quote_end(summary)) if summary else None


def heads_section(flow: str, match: re.Match) -> bool:
    """The summary's marker, alone on its line (`match`, see `is_heading_marker`), is a section's
    heading, not the label of the block under it: written without a label's mark (`Summary`,
    `SUMMARY`, `--- Summary ---`; not `Summary:`, `Summary.`, `Summary --`, which open a
    paragraph: `1. (C) Summary:` / `The talks ...`), and the line under it blank (a ruler is
    blanked in the flow; a paragraph opens after a blank line)."""
    if match["punct"] and match[0].lstrip(" \t")[:2] != "--":       # (`--- Summary ---`: its frame)
        return False
    line_end = flow.find("\n", match.end())
    if line_end == -1:
        return False
    next_end = flow.find("\n", line_end + 1)
    return not flow[line_end + 1:len(flow) if next_end == -1 else next_end].strip()


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


def summary_start(flow: str, found: bytes) -> re.Match | None:
    """`line_start_search(SUMMARY_START, flow)`: the pattern matched at the start of the lines
    that hold the word, in order (a match holds it on its first line); not on a line that a
    sentence above runs on into (`runs_on_into`: `MINISTER GAVE AMBASSADOR BRIEF` / `SUMMARY:
    TALKS WILL GO ON.`), nor that an end marker's first words end (`End` / `summary.`)."""
    word = found.find(SUMMARY_WORD)
    while word != -1:
        line_start = flow.rfind("\n", 0, word) + 1
        if (match := SUMMARY_START.match(flow, line_start)) \
                and not after_end_word(flow, line_start, SUMMARY_END_OPENING) \
                and not runs_on_into(flow, line_start):
            return match
        line_end = flow.find("\n", word)
        if line_end == -1:
            return None
        word = found.find(SUMMARY_WORD, line_end)
    return None


def summary_end(rest: str, found: bytes, offset: int, label: str | None = None) -> re.Match | None:
    """`SUMMARY_END.search(rest)`, where `rest` is the flow from `offset` on and
    `found` the flow's searchable form: the pattern matched only before each word, where its
    `END` (or `(END`) ends at the gap before the word's `S`. `label`: the words the summary's
    label named before `and Summary` (`Action Request`), which its end marker repeats (`END
    ACTION REQUEST AND SUMMARY`)."""
    word = found.find(SUMMARY_WORD, offset + 1)
    while word != -1:
        before = word - 1 - offset                        # the `S`, in `rest`
        gap_start = run_start(rest, before, END_MARKER_GAP)
        if rest[gap_start - EXECUTIVE_LENGTH:gap_start].lower() == "executive":    # `End Executive Summary`
            gap_start = run_start(rest, gap_start - EXECUTIVE_LENGTH, END_MARKER_GAP)
        for start in (gap_start - 4, gap_start - 3, before):      # `(END`, `[END`, `END`; `Summary ends.`
            if start >= 0 and (match := SUMMARY_END.match(rest, start)):
                return match
        if rest[gap_start - 3:gap_start].lower() == "and":   # `End comment and summary.`
            reach = max(0, before - COMMENT_AND_REACH)
            if marker := COMMENT_AND_BEFORE_SUMMARY.search(rest, reach, before):
                return SUMMARY_END_AFTER_COMMENT.match(rest, marker.start())
            if label and (marker := label_end_marker(rest, before, label)):
                return marker
        word = found.find(SUMMARY_WORD, word + len(SUMMARY_WORD))
    return None


EXECUTIVE_LENGTH = len("EXECUTIVE")


def label_end_marker(rest: str, before: int, label: str) -> re.Match | None:
    """The end marker that repeats the summary's `label` words before `AND SUMMARY` (the word's
    `S` at `before` in `rest`): `END ACTION REQUEST AND SUMMARY.`, else None."""
    reach = max(0, before - len(label) - LABEL_END_REACH)
    marker = LABEL_AND_BEFORE_SUMMARY.search(rest, reach, before)
    if marker and label_words(marker["words"]) == label_words(label):
        return LABEL_AND_SUMMARY_END.match(rest, marker.start())
    return None


LABEL_END_REACH = 24        # characters besides the label's: `(END OF `, ` AND `, line breaks


def label_words(words: str) -> list[str]:
    return words.replace(",", " ").lower().split()


# A lettered item of a list opening a block: `A.`, `A)`, `(A)`, Cablegate's `¶A.`, in either case.
LETTERED_ITEM = re.compile(r"[ \t]*+¶?[ \t]*+(?:\((?P<enclosed>[A-Za-z])\)|(?P<letter>[A-Za-z])[.)])[ \t]")
MAX_LETTERED_ITEMS = 26


def with_lettered_items(rest: str, first: str) -> str:
    """`first` (the summary's first block and its bullets, the start of `rest`) with the
    lettered items that follow it, each a block of its own: the summary paragraph's sub-items
    (`... three points:` / `A. The border.` / `B. The trade talks.`), as its bullets are. They
    run in sequence from `A`, two at least or one after a lead closed by a colon; a bullet
    under an item goes with it. Anything else ends them."""
    items: list[str] = []
    due, lettered = "a", 0
    blocks = blocks_of(rest)
    for _ in range(first.count("\n\n") + 1):       # (first_block's blocks, joined by blank lines)
        next(blocks, None)
    for block in blocks:
        if len(items) == MAX_LETTERED_ITEMS:
            break
        if item := LETTERED_ITEM.match(block):
            if (item["enclosed"] or item["letter"]).lower() != due:
                break
            due, lettered = chr(ord(due) + 1), lettered + 1
        elif not (items and BULLET_BLOCK.match(block)):
            break
        items.append(block)
    if lettered < 2 and not (lettered and first.rstrip().endswith(":")):
        return first
    return "\n\n".join([first, *items])


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


def unlabelled_summary(paragraphs: list[dict], own_station: str = "") -> str | None:
    """The summary the flow's rule did not find at a line start, in the first paragraph: labelled
    after an opening note (`after_opening_note`), else left unlabelled but closed: paragraph 1's
    text up to its `End summary` (`¶1. (C) The CDA paid a courtesy call ... End summary.`). A
    marker in a later paragraph, with no label before it, does not tell where the summary began.
    `own_station`: see find_comment."""
    if not paragraphs:
        return None
    text = paragraphs[0]["text"]
    if paragraphs[0]["number"] == 1 and (label := OPENING_NOTE_LABEL.search(text, 0, OPENING_NOTE_REACH)):
        return after_opening_note(paragraphs, text[label.end():], own_station)
    if paragraphs[0]["number"] != 1:
        return None
    end = summary_end(text, searchable(text), 0)
    if not end:
        return None
    return closed_summary(text, end, own_station)


# The summary's label after the first paragraph's opening note (`1. (C) This is an action request;
# see paragraph 6. Summary: ...`, `1. C - ENTIRE TEXT. SUMMARY: ...`, `1. (C - ENTIRE TEXT) SUMMARY:
# ...`): after the end of a sentence (`. `, `; `) or of a bracketed note, closed by a colon, a dash
# or a full stop. Not the word inside a sentence (`... gave a summary: ...`, `The Summary of
# Conclusions ...`), nor after a long first sentence: an opening note is short (OPENING_NOTE_REACH).
OPENING_NOTE_LABEL = re.compile(r"""
    (?<=[.;)])[ \t]+                                 # the note's end
    (?:BEGIN[ \t]+|EXECUTIVE[ \t]+)?SUMMARY[ \t]*(?::|--?|—|\.)[ \t]*
    """, re.VERBOSE | re.IGNORECASE)
OPENING_NOTE_REACH = 300    # characters of the first paragraph: the note is a sentence or two


def after_opening_note(paragraphs: list[dict], rest: str, own_station: str = "") -> str | None:
    """The summary labelled after the first paragraph's opening note (`rest`: that paragraph's
    text after the label): up to its end marker, in that paragraph or a later one, else the
    rest of the paragraph."""
    end = summary_end(rest, searchable(rest), 0)
    if end is None and len(paragraphs) > 1:
        later = "\n\n".join([rest, paragraphs[1]["text"]])      # (the next one: a marker further
        # on is another text's, a quoted cable's or a later summary's)
        if (end := summary_end(later, searchable(later), 0)) is not None:
            rest = later
    return closed_summary(rest, end, own_station) if end else clean_summary(rest)


def closed_summary(text: str, end: re.Match, own_station: str = "") -> str | None:
    """`text` up to the summary's end marker (`end`), without the comment an `End summary and
    comment.` closes."""
    summary = text[:end.start()]
    if SUMMARY_AND_COMMENT_END.match(text, end.start()):    # `End summary and comment.`
        summary = before_comment(summary, own_station)
    return clean_summary(summary)


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
