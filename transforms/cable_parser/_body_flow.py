"""The flow: the text where summary and comment are looked for (`flow_text`: from the
classification line to the signature, paragraph numbers and markings cut, rulers blanked, the
web site notice and the scrape's `SIPDIS` lines dropped), and the readers of its sections that
both rules use: the first block (with the blocks a broken sentence runs into), the blocks up to
the next heading, a section folded (`folded_blocks`), a marker that is a heading alone on its
line.

Where the summary and the comment start and end is `_body_summary`'s and `_body_comment`'s.
"""
import bisect
import itertools
import re
from typing import overload

from ._body_blocks import (BLANK_RUN, MANY_BLOCKS, blank_run_split, blocks_of, continues_sentence, each_block_once,
                           rejoin_broken_blocks)
from ._body_headings import (HEADING_WRAPPED, QUOTED_WORDS, ends_sentence, is_admin_note, is_closing_marker,
                              is_heading)
from ._body_line_kinds import (LEVEL_MARKING, LineKinds, MARKING_LETTERS, MARKING_WITHOUT_OPENING,
                               PARAGRAPH_PREFIX, line_kinds)
from ._body_notices import (WEB_SITE_WORDS, cut_web_site_notice, is_provenance_note, mentions_web_site,
                            without_address_notice, without_inserted_sipdis)
from ._body_signature import Signature, visible_lines
from ._text import Lines, WHITE_SPACE, fold, line_start_sub, searchable


def flow_text(lines: Lines, start: int, signature: Signature) -> str:
    """The text from line `start` on with paragraph numbers and markings removed, banner lines
    and the scrape's inserted `SIPDIS` lines dropped and a blank line before each paragraph:
    where summary and comment are looked for."""
    kinds = line_kinds(lines)           # (asked once: each call costs ~0.5 us)
    visible = visible_lines(lines, signature)
    kept = lines_between_rulers(visible, start, kinds.rulers)
    odd_pilcrow = has_odd_pilcrow_line(lines, kinds)
    if not odd_pilcrow:
        cut_marked_prefixes(kept, lines, kinds.paragraphs, start, len(visible), signature)
    text = "\n".join(kept)
    # (`lassified web` stands in the text lower-cased where it stands in its searchable form)
    if mentions_web_site(lines) and WEB_SITE_WORDS.encode() in (found := searchable(text)):
        text = cut_web_site_notice(text, to_end=False, found=found)
    text = without_address_notice(text)
    if odd_pilcrow:
        text = with_prefixes_cut(text)
    # The scrape's `SIPDIS` lines inside the text go as they go from the paragraphs: a summary
    # or comment read across one would keep the word (`... Secretary Blanco to insist that the
    # PSOE avoid dragging the` / blank / `SIPDIS` / `USG into ...`), and a comment's walk would
    # stop at it as at a heading in capitals. (The head's caveat line goes too: neither rule
    # reads it.)
    if "SIPDIS" in text:            # (a scan in C)
        text = without_inserted_sipdis(text)
    return text


def with_prefixes_cut(text: str) -> str:
    """`PARAGRAPH_PREFIX.sub("\n", text)`: each paragraph's prefix turned into a line end. The
    pattern never crosses a line end, so a text of many lines that come again (a block repeated
    in place: 17,000 `¶3.` lines under a real cable's odd `¶3.Friday`, each matched by the `sub`,
    ~10 ms) has each distinct line cut once, and the lines looked up and joined in C."""
    if text.count("\n", 0, MANY_LINES_CUT * 40) < MANY_LINES_CUT:    # (a cable: a few hundred lines)
        return line_start_sub(PARAGRAPH_PREFIX, "\n", text)
    all_lines = text.split("\n")
    distinct = set(all_lines)
    if len(distinct) * DISTINCT_SHARE > len(all_lines):
        return line_start_sub(PARAGRAPH_PREFIX, "\n", text)
    cut: dict[str, str] = {}
    for line in distinct:
        prefix = PARAGRAPH_PREFIX.match(line)
        cut[line] = "\n" + line[prefix.end():] if prefix else line
    return "\n".join(map(cut.__getitem__, all_lines))


MANY_LINES_CUT = 2_000      # lines of a text whose distinct lines are cut once each
DISTINCT_SHARE = 4          # ... when they are a quarter of its lines at most


# A line that PARAGRAPH_PREFIX matches and PARAGRAPH_START does not (`¶1.5 million`):
# no other character than a space, `(` or the line end may follow the number's `.` in a
# paragraph's number. Found anywhere (a fast scan for `¶`), not only at line starts.
ODD_PILCROW_NUMBER = re.compile(r"¶[ \t]*\d{1,3}[ \t]?\.(?![ \t(\n]|\Z)")
# The same at the start of a line after the first, after its indentation.
ODD_PILCROW_AFTER_LINE_END = re.compile(r"\n[ \t]*+¶[ \t]*\d{1,3}[ \t]?\.(?![ \t(\n]|\Z)")

MANY_ITEM_LINES = 100


def has_odd_pilcrow_line(lines: Lines, kinds: LineKinds) -> bool:
    """A line opens (after its indentation) with ODD_PILCROW_NUMBER. Only the lines that
    `line_kinds` found (`kinds`) and did not take as numbered lines may (its scan finds every
    line whose first character after the indentation is `¶`): a few lines looked at instead of
    a scan of the text for every `¶`. Past MANY_ITEM_LINES of them (a list of thousands of
    items), one scan of the text for `¶` comes first."""
    if len(kinds.items) > MANY_ITEM_LINES:
        # (the lines that PARAGRAPH_START matches are none of these: its number's `.` is followed
        # by what ODD_PILCROW_NUMBER's is not; a scan of the text in C, not a step a line: 25,000
        # `¶3.` lines, 3 ms)
        return "¶" in lines.text and (bool(ODD_PILCROW_NUMBER.match(lines.lines[0].lstrip(" \t")))
                                      or ODD_PILCROW_AFTER_LINE_END.search(lines.text) is not None)
    for index in kinds.items:
        if index not in kinds.paragraphs:
            line = lines.lines[index].lstrip(" \t")
            if line[:1] == "¶" and ODD_PILCROW_NUMBER.match(line):
                return True
    return False


def cut_marked_prefixes(kept: list[str], lines: Lines, numbered: dict[int, re.Match], start: int,
                        end: int, signature: Signature) -> None:
    """`kept` (lines `start` to `end` of the text, see `flow_text`) with the prefix of each
    numbered paragraph (PARAGRAPH_PREFIX) turned into a line end, as one `sub` of the
    joined text would do, at the numbered lines already found (`line_kinds`): a numbered line
    is where that pattern matches, up to the same column (the lines it matches that are not
    numbered lines are ruled out by ODD_PILCROW_NUMBER). The signature's line, cut where the
    signature starts, is matched again. An unmarked number that a wrapped line ending inside a
    sentence runs on to, and that continues no list (`on December` / `¶17. Official media`, see
    `with_wrapped_numbers_joined`), is a date's day or a figure: it stays (its `¶` goes with the
    summary's stray ones). `numbered`: the numbered lines (`line_kinds`)."""
    indexes = list(numbered)
    cut_line = signature.line if signature.line < len(lines.lines) else None
    originals = lines.lines
    listed = None                       # the index of the last numbered line cut
    listed_number = None                # its number, once read (a list of thousands reads each once)
    # Each line as written: its number when unmarked (None when marked) and the line cut, for
    # the lines that come again (a block repeated in place: 25,000 `2.` lines, ~6 ms read each)
    # (a cable's few numbered lines are not looked up: each is read)
    selected = indexes[bisect.bisect_left(indexes, start):bisect.bisect_left(indexes, end)]
    cuts: dict[str, tuple[int | None, str]] = {}
    looked_up = len(selected) > MANY_BLOCKS
    for index in selected:
        if index == cut_line:
            continue
        position = index - start
        line = kept[position]
        # (not the line the signature's sentence ends)
        as_written = looked_up and line is originals[index]
        known = cuts.get(line) if as_written else None
        if known is None:
            match = numbered[index]
            text_from = match.end()
            unmarked = None
            # (the numbers are read for unmarked lines only: most lines are marked)
            if not match["marking"]:
                unmarked = int(match["number"])
                # (a marking that lost its `(` goes with the number: `¶13. C) The ...`)
                if line[text_from:text_from + 1] in MARKING_LETTERS \
                        and (late := MARKING_WITHOUT_OPENING.match(line, text_from)):
                    text_from = late.end()
            known = (unmarked, "\n" + line[text_from:])
            if as_written:
                cuts[line] = known
        number, cut = known
        # (a blank line above, as above most numbers, continues none: not read)
        if number is not None and number != 1 and position and kept[position - 1] and (listed is None or number - 1 != (
                listed_number if listed_number is not None else int(numbered[listed]["number"]))) \
                and continues_sentence(kept[position - 1]):
            continue
        listed, listed_number = index, number
        kept[position] = cut
    if cut_line is not None and start <= cut_line < end:
        if prefix := PARAGRAPH_PREFIX.match(kept[cut_line - start]):
            kept[cut_line - start] = "\n" + kept[cut_line - start][prefix.end():]


def lines_between_rulers(visible: list[str], start: int, rulers: list[int]) -> list[str]:
    """visible[start:] with each ruler line blank, so that a heading between rulers stands as a
    block of its own (`rulers`: their indexes, ascending), and a blank line for each ruler past
    its end (the signature's line cut short may be followed by rulers). The rulers are blanked
    in `visible` (a copy, see `visible_lines`), then it is sliced once: no list made piece by
    piece."""
    beyond = 0
    for ruler in itertools.islice(rulers, bisect.bisect_left(rulers, start), None):
        if ruler < len(visible):
            visible[ruler] = ""
        else:
            beyond += 1
    kept = visible[start:]
    return kept + [""] * beyond if beyond else kept


def folded_blocks(text: str, bullet: bool = False) -> str | None:
    """Whitespace folded inside blocks, blocks separated by a blank line (except where the
    blank line broke a sentence), the dashes around it (a label's `Summary --`, a closing `--`)
    and a leading portion marking (`Summary: (C) ...`) dropped; None when empty. `bullet`: the
    text opens with a bullet (`opens_with_bullet`), whose dash is its own."""
    # (a block repeated: folded once; a long text split in C when it can be, see `blank_run_split`)
    blocks = each_block_once(fold, blank_run_split(text) if len(text) > LONG_FLOW else BLANK_RUN.split(text), False)
    joined = rejoin_broken_blocks(list(filter(None, blocks))).rstrip(" -\n").lstrip(" \n" if bullet else " -\n")
    return LEADING_MARKING.sub("", joined) or None


def opens_with_bullet(rest: str) -> bool:
    """The text after a label (`rest`, from the label's end) opens with a bullet on a line of its
    own (`Summary:` / `-- The Minister said ...`): that dash is the bullet's, not a `Summary --`
    separator's, which stands on the label's line."""
    text_start = len(rest) - len(rest.lstrip(" \t\n"))
    line_start = rest.rfind("\n", 0, text_start) + 1
    return line_start > 0 and BULLET_BLOCK.match(rest, line_start) is not None


def after_heading(rest: str, bullet: bool = False) -> str:
    """The text after a heading's label (`rest`) from its first line of text: without the rulers,
    line ends and indentation before it (AFTER_HEADING), but with the dash of a bullet that
    opens it (`bullet`, see `opens_with_bullet`)."""
    return rest.lstrip(" \t\n") if bullet else rest.lstrip(AFTER_HEADING)


LONG_FLOW = 10_000      # characters: a comment or summary is a few hundred


# The portion marking a summary or comment opens with, after its label: a classification's
# capitals (also `(S-NF)`, `(S/Rel X)`), or its letters typed or scraped in lower case
# (`Summary: (c) In a January 20 meeting ...`, `summary: (s/nf) the ...`; paragraphs' markings
# are read in lower case too). Only at the text's start, where no list item `(c)` stands.
LEADING_MARKING = re.compile(rf"""
    ^\( (?: {LEVEL_MARKING}
         | (?:ts|sbu|lou|s|c|u) (?:[ \t]?(?:/{{1,2}}|-)[ \t]?nf)? )      # lower case: `(c)`, `(s/nf)`
    \)\s*""", re.VERBOSE)

# A block that opens with a bullet: `-`, `--`, `*`, `•`, then a space.
BULLET_BLOCK = re.compile(r"[ \t]*+(?:-{1,2}|\*|•)[ \t]")


def first_block(text: str, bullets: bool = False) -> str:
    """The first block of `text`, with the blocks a broken sentence visibly runs on into (the
    next begins in lower case); with `bullets`, also the bulleted blocks right after it (a
    summary's points, each a block of its own: `-- ...`); MAX_FIRST_BLOCKS at most."""
    blocks = blocks_of(text)
    taken = [next(blocks)]
    for block in blocks:
        if len(taken) == MAX_FIRST_BLOCKS:
            break
        if bullets and BULLET_BLOCK.match(block):
            taken.append(block)
            continue
        # (what is read of the block above, empty or its last character, is what its `fold`
        # would give: no copy of it folded)
        previous = taken[-1].rstrip()
        if not previous or ends_sentence(previous) or not block.strip()[:1].islower():
            break
        taken.append(block)
    return "\n\n".join(taken)


# A sentence broken by scraping damage (page breaks, placeholder lines) goes on over a few
# blocks, and a summary lists a few points: 3 blocks at most in the corpus and its lower-cased
# variants. Far more are no sentence and no summary's points, and following them would cost a
# pass each (100 KB of `x` and `-` lines: 25,000 blocks, 64 ms; of `- x` points, 58 ms).
MAX_FIRST_BLOCKS = 50


def is_heading_marker(text: str, start: re.Match) -> bool:
    """The marker stands alone on its line (`Summary`, `COMMENT`, `//COMMENT//`). The rest of
    its line is cut by the next line end's position, not by a split of the rest of the text
    (a copy of all of it, then another)."""
    line_end = text.find("\n", start.end())
    return not text[start.end():len(text) if line_end == -1 else line_end].strip(" -—–/")


# What stands between a heading (`Comment`, `SUMMARY`) and its text: its rulers, line ends and
# the indentation of the lines, spaces or tabs.
AFTER_HEADING = " \t-—–/\n"


@overload
def until_next_heading(text: str, limit: None = None) -> str: ...


@overload
def until_next_heading(text: str, limit: int) -> str | None: ...


def until_next_heading(text: str, limit: int | None = None) -> str | None:
    """The blocks of `text` up to the next heading (`//TERRORIST SENTENCES//`), a continuation
    heading (`Comment Cont'd`) excepted, joined by blank lines; all of `text` when none. With
    `limit`: that only when shorter than `limit`, else None (the blocks are read only so far:
    the summary's rule wants them only before its end marker)."""
    blocks = blocks_of(text)
    taken = [next(blocks)]
    length = len(taken[0])                  # of the taken blocks joined
    # What each block read says, for the blocks that come again: a block repeated in place
    # (100 KB of a `(C)` or `--` block under a comment's heading: 25,000 blocks, each folded and
    # read by the heading rules, ~30 ms; now read once)
    stops: dict[str, bool] = {}
    for block in blocks:
        if limit is not None and length >= limit:
            return None
        stop = stops.get(block)
        if stop is None:
            stop = stops[block] = stops_walk(block)
        if stop:
            return "\n\n".join(taken)
        taken.append(block)
        length += 2 + len(block)
        if limit is None and len(taken) == MANY_BLOCKS_WALKED:
            return until_next_heading_of_many(text, taken, stops)
    return text if limit is None or len(text) < limit else None


def stops_walk(block: str) -> bool:
    """`block` is a heading that ends a summary's or comment's walk (see `until_next_heading`),
    or a closing note: administrative (`is_admin_note`) or about the cable (`is_provenance_note`:
    `PRT Anbar contributed to this cable.`)."""
    heading = fold(block)
    return (is_heading(heading) and not CONTINUATION_HEADING.match(heading)) or is_admin_note(heading) \
        or is_provenance_note(heading)


def until_next_heading_of_many(text: str, taken: list[str], stops: dict[str, bool]) -> str:
    """`until_next_heading(text)` past its first blocks (`taken`, none a heading; `stops`: the
    verdicts read so far): the rest is split at once and each distinct block read once, the
    first heading found by `list.index` (C-level steps: a Python step a block, ~0.8 us, cost
    25,000 `--` blocks under a comment's heading ~20 ms). The blocks past the first heading are
    read too (what the walk would not read): only a walk this long pays it."""
    blocks = blank_run_split(text)
    rest = blocks[len(taken):]
    # (every verdict in `stops` is False: the walk stopped at none of its blocks)
    stopping = [block for block in set(rest).difference(stops) if stops_walk(block)]
    if not stopping:
        return text
    return "\n\n".join(taken + rest[:min(map(rest.index, stopping))])


MANY_BLOCKS_WALKED = 64     # a walk this long reads the rest at once (a comment has a few blocks)


CONTINUATION_HEADING = re.compile(r"(?:comment|summary)\b.*\bcont", re.IGNORECASE)

# Both end markers hold their word (SUMMARY, COMMENT) after `END` and a gap of white space and
# `OF` (END_MARKER_GAP): they are matched only where `END` ends at the gap before the word, found
# by the rule's search of the flow's searchable form (see `summary_end`, `comment_end`).
# What may stand between END and the word in SUMMARY_END and COMMENT_END (`END OF SUMMARY`), in
# any case.
END_MARKER_GAP = "OFof" + WHITE_SPACE


# Lines that end no sentence and run on into none (see `runs_on_into`): a line of the cable's
# head (`REF: STATE 12345`, `TAGS: PREL`, `SUBJECT: ...`, `E.O. 12958: ...`, `Classified By:
# ...`: the flow starts at the classification line, so a label may stand right under one), or a
# section's label alone on its line, with the words its author's slot may take (`COMMENT`,
# `SUMMARY`, `(Comment)`, `BEGIN SUMMARY --`, `HO CHI MINH CITY COMMENT`: a text of thousands of
# such lines has each one's label read as such, and the last found first, see
# `_body_comment.last_comment_at_line_start`).
HEAD_FIELD_OR_LABEL_LINE = re.compile(r"""
    (?:SUBJ(?:ECT)?|REF(?:TEL)?S?|TAGS|E\.[ \t]?O\.|CLASSIFIED[ \t]+BY|DECL)\b
  | [(\[/\-\ ]*(?:[A-Z'’]+\ ){0,4}(?:SUMMARY|COMMENTS?|NOTE)[)\]/\-\ ]*\Z
    """, re.VERBOSE | re.IGNORECASE)


def runs_on_into(flow: str, line_start: int) -> bool:
    """The line above `line_start` runs on into it: a label opening the line (`Comment.`,
    `SUMMARY:`) is then a word of a wrapped sentence (`... the Minister declined to` / `comment. He
    said ...`, `MINISTER GAVE AMBASSADOR BRIEF` / `SUMMARY: TALKS WILL GO ON.`), no label. The
    line above is in the same paragraph (not blank) and ends no sentence; it is no heading framed
    by its marks (`-- Cuba --`, `//TALKS//`), no closing marker (`END SUMMARY`, `END TEXT`), no
    line of the head and no section's label (HEAD_FIELD_OR_LABEL_LINE). A
    capitalised or capital label under a line in mixed case is a label still (`We will attend` /
    `Comment: ...`: a sentence does not capitalise its words); under a line in capitals, or in
    lower case, nothing tells them apart, and the sentence is read. A line that opens with
    anything but a letter (a marking, a number, a bracket, a dash) opens with no sentence's word."""
    if line_start < 2:
        return False
    first = flow[line_start:line_start + LABEL_INDENT].lstrip(" \t")[:1]
    if not first.isalpha():
        return False
    above = flow[flow.rfind("\n", 0, line_start - 1) + 1:line_start - 1].strip()
    if not above or ends_sentence(above) or (first.isupper() and not above.isupper()):
        return False
    if (last := above.rsplit(None, 1)[-1].upper()) not in WORDS_BEFORE_A_LABEL_S_WORD:
        return False        # (a bullet, a caveat, a list's line, a line of the head: a label under it)
    return not (HEAD_FIELD_OR_LABEL_LINE.match(above) or HEADING_WRAPPED.fullmatch(above)
                or is_closing_marker(above))


# What a line ends with when the word COMMENT or SUMMARY on the next line is its sentence's (`...
# the Minister declined to` / `comment.`, `GOK HAD NO` / `COMMENT.`, `He gave a brief` / `summary:
# ...`): a word that has it as its object or qualifies it (a preposition, an article, a
# determiner, `no`, `any`, `further`, `brief`, `written`...). A label stands under any other line
# (`-- TRADE` / `COMMENT: ...`, `SIPDIS` / `SUMMARY: ...`, `IMPORTS 5678` / `COMMENT:`).
WORDS_BEFORE_A_LABEL_S_WORD = frozenset("""TO FOR OF ON IN AT BY WITH WITHOUT FROM ABOUT INTO UPON
    THE A AN NO ANY SOME FURTHER BRIEF SHORT WRITTEN DETAILED HIS HER ITS THEIR OUR YOUR MY WHOSE
    THIS THAT AND OR""".split())


LABEL_INDENT = 16       # characters: the spaces or tabs a scrape indents a line with, and the label's letter


# The opening and closing markers of quoted text (`Begin text:`, `End text.`, `(END QUOTE)`, `END
# TEXT OF NON-PAPER`), in a summary or comment (see `before_quote_end`): opening a sentence, a
# line or a bracket, their words no determiner (not `... At the end of his remarks`, `Toward the
# end of the statement`, `The GOB will end its translation`).
QUOTE_MARKER = re.compile(r"""
    (?:(?<=[.!?:;(\[]\ )|(?<=[.!?:;]\ \ )|(?<=[(\[\n])|(?<=\A))
    (?P<side>BEGIN|END)[ \t]+(?:OF[ \t]+)?
    (?:(?!(?:THE|HIS|HER|ITS|THEIR|OUR|THIS|THAT|A|AN)\b)[A-Z-]+[ \t]+){0,2}?(?:QUOTED_WORDS)\b
    """.replace("QUOTED_WORDS", QUOTED_WORDS), re.VERBOSE | re.IGNORECASE)


def before_quote_end(text: str) -> str:
    """`text` (a summary or comment, folded) up to the closing marker of quoted text that it
    holds without its opening one (`Comment: the government welcomes the proposal. End text.`,
    under `Begin text:`): the label stood inside the quoted text, which ends there, and the
    marker is no part of what it labelled. A quote opened and closed inside the text stays. The
    pattern is matched only where the words BEGIN and END open a word (QUOTE_WORD, one scan of
    the text's searchable form; not `attend`, `recommend`), not searched (a search of 100 KB:
    ~5 ms), and at the first QUOTE_WORDS_READ of them only (a summary or comment holds a few;
    6,000 `the end of it.`: 30 ms)."""
    depth = 0
    for word in itertools.islice(QUOTE_WORD.finditer(searchable(text)), QUOTE_WORDS_READ):
        if (marker := QUOTE_MARKER.match(text, word.start())) is None:
            continue
        if marker["side"].upper() == "BEGIN":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return text[:marker.start()].rstrip(" \t\n([\"“")
    return text


QUOTE_WORDS_READ = 50       # the words BEGIN and END read for quote markers (see `before_quote_end`)
# BEGIN and END opening a word of the searchable form (`_text.searchable`: lower case, digits `0`).
QUOTE_WORD = re.compile(rb"(?<![a-z0])(?:end|begin)")
