"""What the end of a paragraph's text holds that is not its own: the next paragraph's heading run
onto its last sentence (a page that lost its line breaks, `... he said. Possible scenarios`),
onto its last line with its ruler (`... widespread. Seeking Commercial Advice ———`), or under it
as `//HEADING//`; the teletype's `-` placeholder lines; and the word of an end marker set apart
from its `End` by a blank line (joined back, no heading).

What a heading is, is `_body_headings`'; the headings framed by rulers are `_body_rulers`'.
"""
import re

from ._body_headings import REDACTED_PARAGRAPH, SHORT_LINE, ends_sentence, is_title_case

# The last word of an end marker set apart from its `End` by a blank line (`... in the region.
# End` / blank / `Summary`): `Summary`, `Comment`, a full stop after it or not, a bracket closing
# it (`(End` / `Comment.)`); `End` follows the paragraph's last sentence (a block ending with the
# word alone, `... a dead end`, is no marker).
END_MARKER_WORD = re.compile(r"(?:summary|comment)\.?[)\]]?", re.IGNORECASE)
END_MARKER_WORD_CHARS = 9
END_BEFORE_MARKER_WORD = re.compile(r"""[.!?"”')\]][ \t]+[(\[]?end\Z""", re.IGNORECASE)


def is_end_marker_word(block: str, above: str) -> bool:
    """`block` (a short block) is the last word of the end marker whose `End` closes the block
    `above`: joined to it, it is no heading (see END_MARKER_WORD)."""
    return above[-3:].lower() == "end" and END_MARKER_WORD.fullmatch(block) is not None \
        and END_BEFORE_MARKER_WORD.search(above, max(0, len(above) - 6)) is not None


def ends_lost_breaks(text: str) -> bool:
    """The paragraph's `text` ends in a page that lost its line breaks: its last line, or the
    one above it (a heading may stand on a line of its own under it), is longer than any
    wrapped line."""
    last = text.rfind("\n")
    if len(text) - last > LOST_BREAKS_LINE:
        return True
    return last > 0 and last - text.rfind("\n", 0, last) > LOST_BREAKS_LINE


# A paragraph's last line longer than this was more than one line: the page lost its breaks.
LOST_BREAKS_LINE = 2 * SHORT_LINE


def without_unmarked_heading(block: str) -> str:
    """`block` without the next paragraph's heading that a page which lost its line breaks ran
    onto the paragraph's last sentence, its ruler lost too (`... he said. Possible scenarios`,
    `... fighters. Thinking Regionally`, `... End summary. 2009: The Year the Bubble Burst`):
    the words after the last sentence end, when they end no sentence and read as a heading: a
    label (`Modern Islam: Sheik Houssam Al-Boustani`), title case, or three words at most; not
    an end marker (`End Summary`, `END TEXT OF NON-PAPER`) nor a redaction (`XXXXXXXXXXXX`). A
    heading asking a question is a label or in title case (`Rousseff: The Start of Something Big
    or the Best She'll Get?`): a short question (`What next?`) is the paragraph's own.
    Unchanged otherwise. Called where the page lost its breaks (`ends_lost_breaks`): a heading
    under a wrapped line is another rule's."""
    end = None
    for end in LAST_SENTENCE_BEFORE.finditer(block, max(0, len(block) - SHORT_LINE - 4)):
        pass
    if end is None:
        return block
    heading = block[end.end():]
    first = heading[:1]
    if not (first.isupper() or first.isdigit()) or heading[:3].upper() == "END" \
            or REDACTED_PARAGRAPH.match(heading) or SENTENCE_INSIDE.search(heading):
        return block
    label = heading.find(": ")
    if (0 < label and heading[label + 2:label + 3].isupper()) or is_title_heading(heading) \
            or (len(heading.split()) <= SHORT_HEADING_WORDS and heading[-1:] != "?"):
        return block[:end.end()].rstrip()
    return block


def is_title_heading(text: str) -> bool:
    """`text` is a heading in title case: two or more longer words, each capitalised
    (`Supporting Democracy/Defeating Extremism`; not a tally, `Yea: 162 Nay: 56
    Abstain/blank/spoiled: 5`)."""
    return is_title_case(text) and sum(len(word) > 4 for word in text.split()) > 1


SHORT_HEADING_WORDS = 3     # `In the wings`, `Possible scenarios`: a heading, not a sentence
# A sentence end, and what closes it, before the words that follow (the first character is
# the end: `.`, `?`, `!`).
LAST_SENTENCE_BEFORE = re.compile(r"[.?!][\"”’')]*[ \t]+")


def without_run_on_heading(block: str) -> str:
    """`block` without the next paragraph's heading that the scrape ran, with its ruler, onto
    its last line (`... becomes more widespread. Seeking Commercial Advice ————————`, `This
    week's subjects: CLEANING UP THE FAVELAS: ECONOMIC BENEFIT TRUMPS COSTS ----- -----`): from
    the first sentence end or colon after which the rest, up to the ruler, is a heading in
    capitals or title case, or from a line start (the heading on a line of its own over a ruler
    of spaced dashes, `- - - -`); empty when all of `block` is the heading, unchanged when none
    of it is."""
    text = block.rstrip(RULER_CHARACTERS)
    ruler = block[len(text):]
    # A ruler of three dashes or more, apart from the word before it (not `well---`).
    if len(ruler.replace(" ", "")) < 3 or not (ruler[0] == " " or text[-1:] == "\n"):
        return block
    text = text.rstrip()
    window = len(text) - RUN_ON_HEADING
    if window <= 0 and is_run_on_heading(text):
        return ""
    for mark in RUN_ON_HEADING_START.finditer(text, max(0, window)):
        if is_run_on_heading(text[mark.end():]):
            kept = text[:mark.start() + (mark[0] != "\n")].rstrip()    # (keeps the sentence's mark)
            return without_top_ruler(kept)
    return block


def without_top_ruler(text: str) -> str:
    """`text` without the ruler it ends with (the upper ruler of a framed heading cut after it),
    when that is a line of its own of three ruler characters or more (empty when `text` is that
    ruler alone)."""
    line_start = text.rfind("\n") + 1
    line = text[line_start:]
    if not line.strip(RULER_CHARACTERS) and len(line.replace(" ", "")) >= 3:
        return text[:line_start].rstrip()
    return text


def is_run_on_heading(text: str) -> bool:
    """`text` (from a sentence end to a ruler) is a heading: one sentence in capitals or title
    case (`- - - Comment: Long-Term Engagement Needed`)."""
    return not SENTENCE_INSIDE.search(text) and (text.isupper() or is_title_case(text))


RULER_CHARACTERS = "-—– "       # a ruler's characters (the spaces a scrape broke it with)
RUN_ON_HEADING = 100            # characters: a heading run onto a line is shorter
# Where the heading may start: after a sentence's end or a colon, or at a line start.
RUN_ON_HEADING_START = re.compile(r"[.:?!][ \t]+(?=\S)|\n")
SENTENCE_INSIDE = re.compile(r"[.?!][ \t]")


def without_slashed_heading(block: str) -> str:
    """`block` without the next paragraph's `//HEADING//` that ends it on a line of its own right
    under the paragraph's last sentence (no blank line between them: folded onto that sentence,
    `... at the same level. //BILATERAL ISSUES - CUBA//`); unchanged otherwise."""
    start = block.rfind("//", 0, len(block) - 2)
    before = block[:start].rstrip()
    if start > 0 and block[start - 1] in " \t\n" and ends_sentence(before) \
            and SLASHED_HEADING.fullmatch(block, start):
        return before
    return block


# A heading between `//` marks, as some posts frame theirs (`//VENEZUELA//`): at most a short
# line's length, wrapped or not (`//FOREIGN MINISTER CALLS FOR FORMATION OF U.S.-SPAIN` /
# `BILATERAL COMMISSION//`).
SLASHED_HEADING = re.compile(r"//[^/\n]{1,76}//")


def without_placeholder_end(blocks: list[str]) -> None:
    """The teletype's blank-line placeholder (a line holding only `-`) dropped from the end of
    the paragraph's `blocks` (a sub-item line, `-  ORGANIZATIONS;`, stays). The run of them is
    cut at once: a cut per line copied the block each time (quadratic: 150 ms for 50,000)."""
    while blocks and (blocks[-1] == "-" or blocks[-1].endswith("\n-")):
        block = blocks[-1]
        if end := placeholder_run_start(block):
            blocks[-1] = block[:end]
            return
        blocks.pop()


def placeholder_run_start(block: str) -> int:
    """Where the placeholder lines (and the line ends between them) that end `block` start: a
    `-` goes when it starts a line (or `block`), with the line ends before it."""
    kept = block.rstrip("\n-")
    tail = block[len(kept):]        # only line ends and dashes
    doubled = tail.rfind("--")      # a dash after a dash starts no line: it and all before stay
    if doubled >= 0:
        return len(kept) + doubled + 2
    return len(kept) + (kept != "" and tail[:1] == "-")     # (`x-` keeps its dash)
