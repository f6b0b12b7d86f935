"""A text as blocks (cut at runs of blank lines) and their joining: wrapped lines joined into
one, except the lines that open a sub-item (a dash aside or a number the line width wrapped
onto a line of its own joined back); blocks rejoined where a blank line broke a sentence
(scraping damage), kept apart elsewhere. Each rule has its fast path for many blocks repeated
in place next to it (`each_block_once`, the pairs' breaks in `rejoin_broken_blocks`).

What a block is (heading, sentence end) is `_body_headings`'.
"""
import bisect
import itertools
import operator
import re
from typing import Callable, Iterator

from ._body_headings import OPENING_QUOTES, SHORT_LINE, ends_sentence
from ._body_line_kinds import SUB_ITEM, SUB_ITEM_CUT, SUB_ITEM_IN_BLOCK, SUB_ITEM_LINE
from ._text import fold

BLANK_RUN = re.compile(r"\n\s*\n")


def blank_run_split(text: str, plain: bool = False) -> list[str]:
    """`BLANK_RUN.split(text)`; by `str.split` at `"\n\n"` when each run of blank lines is one
    line end and one empty line (a paragraph of 25,000 blocks: ~0.6 ms against ~2.7; the checks
    ~0.6 ms): no third line end in a row, and no line of white space alone (what else may stand
    between two line ends in a match). `plain`: its only white space is spaces and line ends (see
    `plain_white_space`): such a line holds a space before its line end."""
    if "\n\n\n" not in text and (" \n" not in text if plain else not WHITE_SPACE_LINE.search(text)):
        return text.split("\n\n")
    return BLANK_RUN.split(text)


WHITE_SPACE_LINE = re.compile(r"\n[^\S\n]+\n")


def blocks_of(text: str) -> Iterator[str]:
    """`BLANK_RUN.split(text)`, a block at a time: a rule that reads the first blocks of the
    rest of the cable does not split all of it."""
    start = 0
    for blank in BLANK_RUN.finditer(text):
        yield text[start:blank.start()]
        start = blank.end()
    yield text[start:]


def each_block_once(read: Callable[[str, bool], str], blocks: list[str], plain: bool) -> list[str]:
    """`[read(block, plain) for block in blocks]`, each distinct block read once when there are
    many (a block repeated in place: 100 KB of `(C)` blocks in a paragraph, 25,000 folds, ~8 ms)."""
    if len(blocks) <= MANY_BLOCKS:
        return [read(block, plain) for block in blocks]
    done = {block: read(block, plain) for block in set(blocks)}
    return list(map(done.__getitem__, blocks))


MANY_BLOCKS = 16        # a paragraph has a few; below this the lookups would cost more


def join_wrapped(block: str, plain: bool = False) -> str:
    """A block's wrapped lines joined into one, except lines that open a sub-item."""
    if not SUB_ITEM_LINE.search(block):
        return fold(block, plain)
    # Each item: its words joined by single spaces, as `fold` joins a block without items (the
    # double spaces typed after a sentence go); items are cut where a line opens one (and
    # at the first line). One `split` at the line end before the pattern cuts them (a `^`
    # pattern's own search is tried at every character; the pattern never reaches past its
    # line, so no match hides the next). (A match per line
    # saves ~3 us on a usual cable, but a Python step per line costs a block of thousands of
    # short lines ~20 ms: benchmarks.adversarial, "one-digit paragraph numbers only".)
    pieces = with_dash_asides_joined(item_pieces(block))
    if NUMBER_LINE.search(block):       # (one scan in C, for the few blocks with numbered lines)
        pieces = with_wrapped_numbers_joined(pieces)
    if len(pieces) > MANY_BLOCKS:
        # (each distinct piece folded once, the pieces looked up and joined in C: 50,000 `-`
        # lines ending a paragraph, a fold and a Python step each, ~12 ms)
        folded = {piece: fold(piece, plain) for piece in set(pieces)}
        return "\n".join(filter(None, map(folded.__getitem__, pieces)))
    items = (fold(piece, plain) for piece in pieces)      # (`" ".join(piece.split())`, faster)
    return "\n".join(item for item in items if item)


def item_pieces(block: str) -> list[str]:
    """`SUB_ITEM_CUT.split(block)`: the block cut before each line after its first that opens a
    sub-item. In a block of many lines that come again (50,000 `-` lines ending a paragraph, or
    `x` and `-` lines: the split's pattern tried at each, ~6 ms), each distinct line is matched
    once (the pattern never reaches past its line's end), and the block is cut before the
    lines that open an item by a plain replace and split (C-level), when no other line starts
    as one of them does."""
    if block.count("\n", 0, MANY_ITEM_LINES * 20) < MANY_ITEM_LINES or "\0" in block:   # (a paragraph's few lines)
        return SUB_ITEM_CUT.split(block)
    lines = block.split("\n")
    distinct = set(itertools.islice(lines, 1, None))
    if len(distinct) > FEW_ITEM_LINES:
        return SUB_ITEM_CUT.split(block)
    openings = [line for line in distinct if SUB_ITEM_IN_BLOCK.match(line)]
    if len(openings) == len(distinct):
        return lines
    if any(line.startswith(opening) for line in distinct.difference(openings) for opening in openings):
        return SUB_ITEM_CUT.split(block)
    for opening in openings:
        block = block.replace("\n" + opening, "\0" + opening)
    return block.split("\0")


MANY_ITEM_LINES = 1_000     # lines of a block read as distinct lines
FEW_ITEM_LINES = 16         # ... when they are this many distinct lines at most


# A wrapped line is about as long as the line width (60-70 characters); a list's introduction
# that lacks its colon is usually shorter.
WRAPPED_LINE_CHARS = 45
# A dash aside's text: a lower-case word after the dash (`-- with limited success -- to gain`,
# `- is in the last paragraph`), or words closed by a second dash on the line (`-- President
# Obama's visit -- will`). The second form's search runs from the first dash: the words may
# start anywhere after it, so a later start finds nothing more, and a search from each split of
# the dashes and white space before them (a line of a dash and 10,000 spaces) was quadratic.
DASH_ASIDE = re.compile(r"[^\S\n]*+-(?:-?[^\S\n]*+[a-z]|[^\n]*?\S[^\S\n]++-{1,2}(?:[^\S\n]|$))",
                        re.MULTILINE)


def with_dash_asides_joined(pieces: list[str]) -> list[str]:
    """A block's `pieces` (its lead text, then one per line opening a sub-item) with the lines
    that open with a dash but go on with the lead's sentence joined back to it: the scrape
    wrapped a dash aside onto a line of its own (`... use the media` / `-- with limited success
    -- to gain ...`), or a dash inside a quoted title (`the paper "Beyond the Missile Defense
    Review` / `- The Way Forward in Strategic Cooperation." Sramek noted`). Such a line follows
    a wrapped line (WRAPPED_LINE_CHARS or more) that ends inside a sentence (a letter, a digit or
    a comma), and reads as an aside (DASH_ASIDE) or closes the quotation that line left open
    (`closes_quotation`: no list item opens inside a quotation). Only the dash lines right after
    the lead are looked at, up to the first that opens an item: a list's items may end without
    a full stop, a sentence before the list ends with its colon."""
    joined = 1
    while joined < len(pieces) and pieces[joined].lstrip()[:1] == "-" \
            and continues_sentence(pieces[joined - 1]) \
            and (DASH_ASIDE.match(pieces[joined]) or closes_quotation(pieces[joined - 1], pieces[joined])):
        joined += 1
    if joined == 1 or SUB_ITEM.match(pieces[0]):      # (no lead: the block opens with an item)
        return pieces
    return ["\n".join(pieces[:joined]), *pieces[joined:]]


def closes_quotation(above: str, piece: str) -> bool:
    """The dash `piece`'s first line closes the quotation that the last lines of the text
    `above` (a wrapped line and the one over it) opened: their last quotation mark opens one
    (`“`, or `"` after a space or `(` and before a letter or digit: `paper "Beyond the Missile
    Defense Review`), and the first on the piece's line closes it (`”`, or `"` after what is no
    space: `Strategic Cooperation." Sramek`). Of the 64 dash lines right after a block's lead in
    the corpus' 425 pages, two follow an open quotation, both wrapped sentences (a title's dash,
    an aside's); none of its lists does."""
    tail = above[above.rfind("\n", 0, max(0, above.rfind("\n"))) + 1:]
    mark = max(map(tail.rfind, QUOTATION_MARKS))
    if mark < 0 or not opens_quotation(tail, mark):
        return False
    line = piece[:piece.find("\n")] if "\n" in piece else piece
    found = [place for place in map(line.find, QUOTATION_MARKS) if place >= 0]
    return bool(found) and not opens_quotation(line, min(found))


QUOTATION_MARKS = ('"', "“", "”")


def opens_quotation(text: str, mark: int) -> bool:
    """The quotation mark at `mark` in `text` opens a quotation: `“`, or `"` after the line's
    start, a space or `(` and before a letter or digit."""
    if text[mark] != '"':
        return text[mark] == "“"
    return (mark == 0 or text[mark - 1] in " \t(") and text[mark + 1:mark + 2].isalnum()


# A line after a block's first that opens with a digit: the block may hold a wrapped number.
NUMBER_LINE = re.compile(r"\n[^\S\n]*+\d")


def with_wrapped_numbers_joined(pieces: list[str]) -> list[str]:
    """A block's `pieces` with each one that opens with a number ending a sentence of the piece
    above joined back to it: the line width wrapped a day or figure onto a line of its own, where
    Cablegate put its `¶` as before every number opening a line (`sessions for October 21, 22
    and` / `¶23.  He noted`, `on October` / `¶16. President Aznar`). Such a number follows a
    wrapped line that ends inside a sentence, and continues no list: it is not 1 and not one more
    than the number of the item above it (`pensions` / `2. Abolish special pensions` after `1.`)."""
    joins = []                          # the pieces that go on with the piece above
    listed = None                       # the number of the last numbered item kept
    for index in opening_with_digit(pieces):
        label = pieces[index].lstrip()
        number = label[:label.find(".")]
        if not index or not number.isdigit():
            continue
        # (the last line of the item above is its last piece's: a piece opens with its label)
        if int(number) != 1 and int(number) - 1 != listed and continues_sentence(pieces[index - 1]):
            joins.append(index)
        else:
            listed = int(number)
    return with_pieces_joined(pieces, joins) if joins else pieces


def opening_with_digit(pieces: list[str]) -> list[int]:
    """The indexes of the `pieces` whose text opens with a digit. (Found without a Python step
    per piece, which cost a block of 50,000 `-` lines ~9 ms: benchmarks.adversarial,
    "placeholder lines ending a paragraph".)"""
    first_characters = map(operator.itemgetter(slice(0, 1)), map(str.lstrip, pieces))
    return list(itertools.compress(range(len(pieces)), map(str.isdigit, first_characters)))


def with_pieces_joined(pieces: list[str], joins: list[int]) -> list[str]:
    """`pieces` with each one at the (ascending) indexes `joins` joined to the one above it by a
    line end; the pieces between them copied as they are (a piece joined once, not once a
    join: a run of thousands of joins)."""
    kept: list[str] = []
    done = 0                            # pieces[:done] are in `kept` or in the open `run`
    run: list[str] = []
    for index in joins:
        if index > done:                # a new run, opened by the piece above
            if run:
                kept.append("\n".join(run))
            kept.extend(pieces[done:index - 1])
            run = [pieces[index - 1]]
        run.append(pieces[index])
        done = index + 1
    kept.append("\n".join(run))
    kept.extend(pieces[done:])
    return kept


def continues_sentence(text: str) -> bool:
    """The last line of `text` is a wrapped line that ends inside a sentence."""
    end = text.rstrip()
    if not (end[-1:].isalnum() or end[-1:] == ","):       # (most leads end with a colon)
        return False
    return len(end) - end.rfind("\n") - 1 >= WRAPPED_LINE_CHARS


def rejoin_broken_blocks(blocks: list[str], paragraph: bool = False) -> str:
    """Blocks joined by a blank line, except where a block stops mid-sentence: there the blank
    line is scraping damage (`noting only that the` / `Commission had adjourned`); a short block
    (a heading) keeps its break, but one that ends a sentence and opens the next
    (`SENTENCE_AND_NEXT`: `Secretary" as the top headline.  The Southern`, between two page
    breaks) is running text. The sentence may go on with a number or a quotation (`after the`
    / `9/11 attacks`, `in December` / `2008, and`, `of the` / `"East" Battalion`), not with a
    list's number (`2) Afghanistan`, `18.This cable`). A block that ends with an abbreviation in
    capitals (`either to U.S.` / `companies or to the USG`) ends no sentence when the next one
    opens in lower case. A `paragraph`'s first block, short but not in title case (`Daudzai said
    Iran's influence in Afghanistan, like` / `Pakistan's, has been`), opens a sentence: no
    heading (`Shahab-3 Reentry Vehicle Mass`, `Participants`) typed after the number. (Not so
    in a summary's or comment's text, whose list items the cut numbers left as blocks.)"""
    if len(blocks) == 1:                    # the usual paragraph: nothing to join
        return blocks[0]
    if len(blocks) <= MANY_BLOCKS:          # (a few blocks: no pair comes again)
        return rejoin_few_blocks(blocks, paragraph)
    pieces: list[str] = []
    written = alone = False     # the text holds a block; it is the previous block alone
    previous = ""
    # The break between two blocks, for the pairs that come again (a block repeated in place:
    # 100 KB of `--` blocks are 25,000 pairs, each read by the rules below, ~5 ms a pass). It
    # depends on the pair alone once the text holds more than the previous block.
    breaks: dict[tuple[str, str], str] = {}
    # Past the first blocks, where every pair left breaks alike (`one_break`) the rest is joined
    # at once, and a run of copies of one block is joined at once (`run_end`): ~1 ms, not a
    # Python step a pair (~3 ms for 22,000 `--` blocks, and the join of the pieces).
    runs: Runs | None = None
    position, count = 0, len(blocks)
    while position < count:
        block = blocks[position]
        if written and not alone:
            if position == FEW_KINDS_CHECKED_AT:
                cut = one_break(previous, blocks[position:])
                if cut is not None:
                    pieces += (cut, cut.join(blocks[position:]))
                    break
                runs = Runs.of(blocks)
            if runs is not None and block == previous and runs.worth_reading(position) \
                    and (end := runs.run_end(position)) - position >= LONG_RUN:
                cut = breaks.get((previous, block)) or (
                    " " if previous and goes_on_sentence(previous, block, False) else "\n\n")
                pieces += (cut, cut.join(blocks[position:end]))
                position = end          # (`previous`: a copy of the same block)
                continue
            if (cut := breaks.get((previous, block))) is not None:
                pieces += (cut, block)
                previous = block
                position += 1
                continue
        if previous and goes_on_sentence(previous, block, paragraph and alone):
            cut = " "
        else:
            cut = "\n\n" if written else ""
        if written and not alone:
            breaks[previous, block] = cut
        pieces += (cut, block)
        alone = not written and bool(block)
        written = written or bool(block)
        previous = block
        position += 1
    return "".join(pieces)


FEW_KINDS_CHECKED_AT = MANY_BLOCKS     # the block at which the rest's kinds are counted
FEW_KINDS = 6                           # distinct blocks whose every pair is read: 36 pairs
LONG_RUN = 8                            # copies of a block in a row joined at once


def one_break(previous: str, rest: list[str]) -> str | None:
    """The break every pair of blocks from `previous` on gets in `rejoin_broken_blocks` (past
    the text's first two blocks) when it is one for all, else None. The pairs met are among the
    pairs of the distinct blocks: when there are FEW_KINDS at most (a block repeated in place),
    each of those pairs is read; more, None (the pairs are read one by one)."""
    kinds = set(rest)
    if len(kinds) > FEW_KINDS:
        return None
    kinds.add(previous)
    cuts = {" " if first and goes_on_sentence(first, second, False) else "\n\n"
            for first in kinds for second in kinds}
    return cuts.pop() if len(cuts) == 1 else None


class Runs:
    """The runs of copies of one block in `blocks` of FEW_KINDS distinct blocks at most: where
    each distinct block comes next, found by `list.index` (C-level) and kept, so that each
    block is compared once in all (no search from every run's start to the list's end)."""
    def __init__(self, blocks: list[str], kinds: set[str]):
        self.blocks = blocks
        self.next = dict.fromkeys(kinds, -1)     # {block: where it comes next}, -1: not looked for
        self.misses = 0

    @classmethod
    def of(cls, blocks: list[str]) -> "Runs | None":
        kinds = set(blocks)
        return cls(blocks, kinds) if len(kinds) <= FEW_KINDS else None

    def worth_reading(self, position: int) -> bool:
        """The run at `position` may be LONG_RUN long (its last copy is one), and short runs
        were not found too often (blocks alternating: each look a Python step more)."""
        last = position + LONG_RUN - 1
        return self.misses < MISSED_RUNS and last < len(self.blocks) and \
            self.blocks[last] == self.blocks[position]

    def run_end(self, position: int) -> int:
        """Where the run of copies of the block at `position` ends."""
        block, end = self.blocks[position], len(self.blocks)
        for kind, at in self.next.items():
            if kind != block:
                if at < position:
                    try:
                        at = self.next[kind] = self.blocks.index(kind, position)
                    except ValueError:
                        at = self.next[kind] = len(self.blocks)
                end = min(end, at)
        if end - position < LONG_RUN:
            self.misses += 1
        return end


MISSED_RUNS = 64    # short runs found before no more are looked for


def rejoin_few_blocks(blocks: list[str], paragraph: bool) -> str:
    """`rejoin_broken_blocks` of a few blocks: each pair read by the rules."""
    text, previous = "", ""
    for block in blocks:
        if previous and goes_on_sentence(previous, block, paragraph and text is previous):
            text += " " + block
        else:
            text += ("\n\n" if text else "") + block
        previous = block
    return text


def goes_on_sentence(previous: str, block: str, opens_paragraph: bool) -> bool:
    """Whether `block` goes on the sentence `previous` left open (the blank line between them is
    scraping damage; see `rejoin_broken_blocks`); `opens_paragraph`: `previous` is a
    paragraph's first block."""
    # (read only after a block that ends no sentence: most end one)
    if not ends_sentence(previous) and (block[:1].islower() or (goes_on(block) and (
            len(previous) > SHORT_LINE or (opens_paragraph and opens_sentence(previous))
            or SENTENCE_AND_NEXT.search(previous)
            or (previous.isupper() and block.isupper())))):   # all-caps cables
        return True
    return block[:1].islower() and previous[-1:] == "." and bool(ABBREVIATION_END.search(previous))


def ends_on_open_word(block: str) -> bool:
    """`block` ends on a word no heading nor sentence ends on (OPEN_WORDS: `... terror attack on
    a` / `Delta Airlines jet in Detroit.`): the block under it ends its sentence, and is no
    heading (see `paragraph_text`)."""
    return block[block.rfind(" ") + 1:] in OPEN_WORDS


# Words in small letters that leave their phrase open: an article, `of`, a conjunction.
OPEN_WORDS = frozenset(["a", "an", "the", "of", "and", "or"])


# A sentence's end inside a block and the next sentence's first letter (`... as the top
# headline.  The Southern`): a word in small letters and its stop (not an abbreviation, `Amb.`,
# `U.S.`), a closing quotation mark or bracket, a capital. A short block holding one is no
# heading nor a list's line: it is text that two breaks in a row set apart (a page break, then
# the scrape's `SIPDIS` line inside the sentence it opened).
SENTENCE_AND_NEXT = re.compile(r"""
    \b[a-z]{2,}[.!?]["'”’)]?     # `headline.`, `so."`
    \s+[A-Z]                     # the next sentence's first letter
    """, re.VERBOSE)


def opens_sentence(block: str) -> bool:
    """`block` reads as the start of a sentence, not a heading: four words or more, a longer
    one (five letters or more) in lower case."""
    words = block.split()
    return len(words) >= 4 and any(len(word) > 4 and word[0].islower() for word in words)


# An abbreviation of capitals and full stops ending a block (`U.S.`, `U.N.`), a word before it.
ABBREVIATION_END = re.compile(r"\s(?:[A-Z]\.){2,}\Z")


def goes_on(block: str) -> bool:
    """`block` may go on with the sentence a break cut: it opens with a letter, a quotation mark,
    or a number that is no list's (`9/11`, `2008,`, not `2)` nor `18.`)."""
    first = block[:1]
    if first.isalpha() or first in OPENING_QUOTES:
        return True
    return first.isdigit() and not LIST_NUMBER.match(block)


LIST_NUMBER = re.compile(r"\d{1,3}[.)]")


# A list typed without bullets or numbers (a memorandum of conversation's participants: `U.S.` /
# `The Secretary` / `Under Secretary Burns`; a name and birth date block, a cabinet, a contact
# block): lines broken by their writer, not by the line width. A wrapped line ends where the
# next word would not fit; a list's line ends short of that, the next line's first word and
# LIST_MARGIN more fitting on it (the width is the cable's, `wrap_width`). A block's last
# LIST_LINES lines or more, each but the last ending so, are a list kept on its lines, when
# they are the whole block or follow the label introducing them (`... named three` /
# `priorities:` / `Judicial reform` / ...). A block whose other lines are wrapped is text: a
# list whose entries wrap (`Antony Blinken, National Security Advisor to the` / `Vice
# President`, wrapped narrower than the cable) is left folded, as is a line ending short alone
# (a paragraph's first line, its number and marking cut; a line a page header was cut from).
LIST_LINES = 3
MAX_LIST_LINES = 400    # a delegation's list, a table: a few dozen lines
LIST_MARGIN = 4     # characters: a wrapped line leaves less than the next word and this
# What a block's lines but its last average at most to be looked at (one division, in C): a
# wrapped block's lines are nearly the width (60-70 characters; a post's narrow width, 40, is
# read by the rule and found no list).
LIST_LINE_AVERAGE = 45


def may_hold_list(block: str) -> bool:
    """`block` has LIST_LINES lines or more, and its lines but its last are short on average:
    it may hold a list (`list_start`). Two scans in C: most blocks fail here."""
    breaks = block.count("\n")
    return breaks >= LIST_LINES - 1 and block.rfind("\n") < LIST_LINE_AVERAGE * breaks


def ends_list_line(line: str, following: str, width: int) -> bool:
    """`line` ends short, its writer's break: the first word of the line under it (`following`)
    and LIST_MARGIN more would fit on it within `width`, and that line does not go on in small
    letters (`... contact ISN/MTR's John Paul` / `Herrmann with any questions` / `related to
    this case`: a sentence typed with its own short lines, one text), nor does `line` end
    with a comma or a word that leaves its phrase open (LIST_OPEN_WORDS: `Douglas Alexander,
    Secretary of State for` / `International Development`, an entry wrapped narrower than the
    cable; `Q: Does Islam call for a truce like what happened with` / `Saladin?`)."""
    word = following.split(None, 1)
    return bool(word) and not word[0][:1].islower() and len(line) + len(word[0]) + 1 + LIST_MARGIN <= width \
        and line[-1:] != "," and line[line.rfind(" ") + 1:].lower() not in LIST_OPEN_WORDS


# The words in small letters that leave a phrase open: OPEN_WORDS, and the prepositions a
# title or a sentence goes on after (`Advisor to`, `Secretary of State for`).
LIST_OPEN_WORDS = OPEN_WORDS | frozenset(["to", "for", "in", "on", "at", "by", "with", "from", "as", "into"])


def list_start(lines: list[str], width: int) -> int | None:
    """Where the list closing a block (its `lines`) starts: the first of its last lines each of
    which but the last ends a list's line (`ends_list_line`), LIST_LINES of them or more; 0
    when they are the whole block, else the line after the label that ends with a colon on the
    line above them (the text above it is the label's wrapped sentence). None: no list, or
    one of MAX_LIST_LINES or more (no cable's list: 100 KB of short lines, a test each, ~30 ms)."""
    start = last = len(lines) - 1
    while start and ends_list_line(lines[start - 1], lines[start], width):
        start -= 1
        if last - start == MAX_LIST_LINES:
            return None
    if start and lines[start].rstrip()[-1:] == ":":
        start += 1                      # (the label's last line ends no list line: it is wrapped into)
        return start if len(lines) - start >= LIST_LINES - 1 else None
    return 0 if not start and len(lines) >= LIST_LINES else None


def with_list_lines(read: Callable[[str, bool], str], block: str, plain: bool, width: int) -> str:
    """`read(block, plain)` (`fold`, `join_wrapped`), the list closing it kept on its lines (see
    `list_start`): the text above the list read, each of the list's lines folded. A block with
    sub-items is read as it is: its items keep their lines, and an item's wrapped line may be
    short (`5) UN Humanitarian and Complex Emergency Response` / `(HREL-3)`, wrapped narrower
    than the cable)."""
    if read is not fold and SUB_ITEM_LINE.search(block):
        return read(block, plain)
    if block.isupper():     # (in capitals no line's start says whether it goes on with the line above)
        return read(block, plain)
    lines = block.split("\n")
    start = list_start(lines, width)
    if start is None:
        return read(block, plain)
    listed = [fold(line, plain) for line in lines[start:]]
    return "\n".join([read("\n".join(lines[:start]), plain), *listed] if start else listed)


def wrap_width(lines: list[str]) -> int:
    """The width the cable's lines were wrapped at, or less: its longest line up to LONGEST_WRAP
    characters (a teletype's 69, a later post's 70-odd; a longer line is one that lost its line
    breaks), but no more than the length that a fifth of its lines with text reach and a word
    (WORD_SLACK): a line longer than the width (a subject, a `Classified By` line typed long)
    does not widen it, nor does a short cable's one long line. An underestimate finds fewer
    lists, never a wrapped line for one's."""
    lengths = sorted(filter(None, map(len, lines)))
    if not lengths:
        return 0
    wrapped = bisect.bisect_right(lengths, LONGEST_WRAP)
    longest = lengths[wrapped - 1] if wrapped else 0
    return min(longest, lengths[len(lengths) * 4 // 5] + WORD_SLACK)


LONGEST_WRAP = 80   # characters: no post wraps its lines wider
WORD_SLACK = 10     # characters: a wrapped line leaves about a word of the width
