"""The closing comment (`Comment: ...`, a `COMMENT` heading, `(Comment: ... End comment.)`):
its starts at a line start or after a sentence, found from the places of the word COMMENT (not
by a search of the flow at every line start); the last start taken (or the unclosed `Comment:`
label opening a line of its paragraph, which it goes on with), an aside in the paragraph left
out; its end marker (`End comment`, `End summary and comment`); to the next heading for a
heading's comment; a comment continued over the next paragraphs (`COMMENT CONTINUED:`).

Its author's name is `_body_comment_author`'s; the flow it reads and the section readers,
`_body_flow`'s.
"""
import bisect
import itertools
import re
from typing import Iterator

from ._body_blocks import BLANK_RUN, blocks_of
from ._body_comment_author import (APOSTROPHES, COMMENT_AUTHOR_WORDS, WORD_GAP_REACH, author_and_gap,
                                   names_author, words_before)
from ._body_flow import (AFTER_HEADING, END_MARKER_GAP, after_heading, before_quote_end, first_block,
                         folded_blocks, is_heading_marker, opens_with_bullet, runs_on_into, until_next_heading)
from ._body_headings import SHORT_LINE, ends_sentence, is_admin_note, is_heading, is_title_case
from ._body_notices import WEB_SITE_NOTICE, is_provenance_note
from ._text import WHITE_SPACE, places_in, run_start, searchable

# The section a label joins to the comment after it, after `and`, `&` or `/` (`Comment and
# Recommendation`, `Comment and Action Request`, `Comments and Recommendations`,
# `Comment/Analysis`, `Comment & Recommendation`); the words before it are the author's slot's
# (`Analysis and Comment`, see COMMENT_AUTHOR_WORDS). One word after `COMMENT AND` may close with
# any of the label's marks (`COMMENT AND ANALYSIS.`); the other forms, which a sentence writes too
# (`... raised questions about U.S.` / `comments and the U.S. presentations`, `comments and
# questions.`), with a colon or a dash, or as a heading alone on its line. Not the summary:
# `Comment and Summary:` is the summary's label, which `End summary.` closes (a summary labelled
# with the comment gives no comment: the contract's comment is the closing one, where marked).
JOINED_SECTION = r"""(?:
    [ \t]+AND[ \t]+(?!COMMENT|SUMMARY)[A-Z]+(?=[ \t]*[:.\-—–])
  | S?(?:[ \t]+(?:AND|&)[ \t]+|[ \t]*[/&][ \t]*)(?!COMMENT|SUMMARY)[A-Z]+(?:\ [A-Z]+)?(?=[ \t]*(?:[:\-—–]|\n|\Z)))"""
# The comment opens a line (`Comment:`, a `COMMENT` heading) or follows a sentence in the
# paragraph (`... talks. Comment: ...`, `(Comment: ...`), its author named before the word or not.
COMMENT_AT_LINE_START = re.compile(rf"""
    ^[ \t]*+(?://|-{{2,}})?[ \t]*(?:BEGIN\s+)?(?:{COMMENT_AUTHOR_WORDS}\s+)?
    COMMENT                                         # `//COMMENT//`
    (?:{JOINED_SECTION}                              # `Comment and Recommendation`
      |S(?=[ \t]*+(?:--|[-—–]+)?[ \t]*$)         # a heading `COMMENTS` alone (not `... comments.`)
      |(?P<plural>S)(?=[ \t]*:))?                   # `COMMENTS:` (see `label_opens`)
    [ \t]*+(?P<punct>[:.]+|(?://|--|[-—–]+)?[ \t]*$      # (the spaces taken once: a run of them
                    |(?P<dash>--?|[—–])(?=[ \t]+\S))   # tried again from each was quadratic); `COMMENT --
                                                    # WE THINK ...` (see `label_opens`)
    """, re.VERBOSE | re.IGNORECASE | re.MULTILINE)
IN_LINE_MARKS = ".!?\"”)]"     # the characters an in-line comment start follows
# (in brackets too, `[Comment: ...]`; an aside in parentheses or brackets opening the next line
# or paragraph is read as one in the line: `... agreed.` / `(Comment: ... End comment.)`, taken
# only where nothing but a short text follows it, see `find_comment`; so is one whose bracket,
# and its author, end the line above: `... a first step.  (Post` / `Comment: ...)`, see
# `opens_aside_above`)
COMMENT_IN_LINE = re.compile(rf"""
    [{re.escape(IN_LINE_MARKS)}](?:[ \t]+(?:[(\[][ \t]*\n[ \t]*|[(\[])?|[ \t]*\n\s*[(\[])
    (?:BEGIN\s+)?(?:{COMMENT_AUTHOR_WORDS}\s+)?COMMENT{JOINED_SECTION}?[ \t]*(?P<punct>[:.\-]+)
    """, re.VERBOSE | re.IGNORECASE)
ASIDE_FOLLOWED_BY = 200    # characters of reporting after an in-paragraph comment make it an aside
# The comment's end marker: `END COMMENT`, `End of comment`, `END EMBASSY COMMENT.`, `End
# comments.`; also the end of a summary that holds the comment (`End summary and comment.`:
# `summary` matches).
COMMENT_END = re.compile(rf"""
    \bEND\s+(?:OF\s+)?(?:(?P<summary>SUMMARY\s+AND)\s+|{COMMENT_AUTHOR_WORDS}\s+)?
    COMMENTS?\b[^\n.]{{0,20}}[.:)]*
    """, re.VERBOSE | re.IGNORECASE)

# The label of a paragraph that goes on with the comment of the paragraph above: `COMMENT
# CONTINUED:`, `Comment, cont:`, `Comment cont'd:`, `(Comment continued):`, `COMMENT CONTINUED.`;
# matched at a block's start (COMMENT_CONTINUED) or after a blank line (its search, starting
# with a literal, is a fast scan).
CONTINUED_LABEL = r"""
    [ \t]*\(?COMMENT[ \t]*+,?[ \t]*+\(?(?:CONTINUED|CONT['’]?D|CONT)\b\.?\)?  # the words (either apostrophe), the comma
    [ \t]*[:.\-]+[ \t]*          # its mark (a `Comment Cont'd` heading alone on its line is kept)
    """
COMMENT_CONTINUED = re.compile(CONTINUED_LABEL, re.VERBOSE | re.IGNORECASE)
CONTINUED_AFTER_BLANK = re.compile(r"\n\n" + CONTINUED_LABEL, re.VERBOSE | re.IGNORECASE)

# Every comment start holds the word COMMENT (in any case), with only characters of COMMENT_LEAD
# between it and its line's start (COMMENT_AT_LINE_START) or the mark that ends the sentence
# before it (COMMENT_IN_LINE): white space, `(`, `/`, `-` and the letters of BEGIN (and `İ`, `ı`,
# which match `I` ignoring case). So the starts are found from the places of the word, by one
# search of the flow's searchable form, and each pattern is matched only where it can start
# there, instead of at every line start and every punctuation mark (a charset scan of the flow).
COMMENT_LEAD = " \t(/-BEGINbeginİı[" + WHITE_SPACE
COMMENT_WORD = b"comment"


def find_comment(flow: str, found: bytes | None = None, own_station: str = "") -> str | None:
    """The closing comment: the last one opened; a heading's comment runs to the end when
    unclosed. A comment opened inside a paragraph (`... (Comment: ... End comment.)`) and
    followed by more reporting is an aside, not the closing comment, unless it closes the
    summary (`... Comment: ... End summary and comment.`). `found`: the flow's
    `searchable` form, when made already; `own_station`: the cable's station (letters only),
    which may name its comment as the routing list's stations do (`ALMATY COMMENT:`)."""
    found = searchable(flow) if found is None else found
    words = comment_words(flow, found)
    if not words:
        return None
    leads: dict[int, tuple[int, int, int]] = {}     # (both start rules and the end read the same words)
    # Only the last start counts: in-line starts are looked for after the last line start.
    last_at_line_start = last_comment_at_line_start(flow, words, own_station, leads)
    at_line_start = [last_at_line_start] if last_at_line_start else []
    in_line_from = last_at_line_start.start() if last_at_line_start else 0
    if begin_runs_into(flow, in_line_from):
        in_line_from = 0
    last_in_line = last_comment_in_line(flow, words, in_line_from, own_station, leads)
    starts = [*at_line_start, *([last_in_line] if last_in_line else [])]
    if not starts:
        return None
    last = max(starts, key=lambda match: match.start())
    end = comment_end(flow, words, last.end(), own_station, leads, found)
    if (opening := paragraph_opening(flow, words, last, own_station, leads, found)) is not None:
        last = opening      # (no end marker before the later start: `end` is the opening's too)
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
    elif end is None and not to_end and (close := closing_bracket(flow, last)) is not None:
        comment = folded_blocks(flow[last.end():close]) or None     # `(Comment: ... sincere.)`
    elif end is None and not to_end:
        # (each paragraph folded on its own: a continued paragraph is one, whatever the last
        # words of the one above)
        comment = "\n\n".join(filter(None, map(folded_blocks, continued_comment(flow[last.end():])))) or None
    else:
        comment = marked_section(flow, last, end, to_end)
    if comment and "\n\n" in comment and may_be_continued(comment):     # a later paragraph's label
        comment = CONTINUED_AFTER_BLANK.sub("\n\n", comment)
    # (a comment from inside quoted text stops before the quote's closing marker)
    return (before_quote_end(comment) or None) if comment else comment


def closing_bracket(flow: str, start: re.Match) -> int | None:
    """Where the bracket that opened an in-line comment (`start`, a COMMENT_IN_LINE match: `...
    noon. (Comment: We think he is sincere.)`, `[Comment: ...]`) is closed in its paragraph, the
    brackets of its kind inside it counted (`(Comment: We think he (Khatib) is sincere.)`): an
    unclosed comment in brackets ends there, without an end marker. None when it opened with
    no bracket, or its paragraph does not close it."""
    if start.re is not COMMENT_IN_LINE:
        return None
    # (the match's bracket follows its first character, the mark that ends the sentence before:
    # the rest of it, BEGIN, the author's words, COMMENT and its mark, holds none)
    opened = start.group()
    bracket = "(" if "(" in opened[1:] else "[" if "[" in opened[1:] else None
    if bracket is None:
        return None
    depth = 1
    paragraph_end = start.end() + len(first_block(flow[start.end():]))
    for found in BRACKETS_OF_KIND[bracket].finditer(flow, start.end(), paragraph_end):
        depth += 1 if found.group() == bracket else -1
        if depth == 0:
            return found.start()
    return None


# The brackets of each kind, opening and closing (see `closing_bracket`).
# (not a list marker's closing one: `criteria are: a) a home birth, b) ...`, `1) ... 2)`)
BRACKETS_OF_KIND = {"(": re.compile(r"\(|(?<!\s[A-Za-z0-9])(?<!\s\d\d)\)"), "[": re.compile(r"[\[\]]")}


def paragraph_opening(flow: str, words: list[int], start: re.Match, own_station: str = "",
                      leads: dict[int, tuple[int, int, int]] | None = None,
                      found: bytes | None = None) -> re.Match | None:
    """The first comment label (`Comment:`, not a heading) opening a line above `start` in its
    paragraph (no blank line between them) that no end marker closes before `start`: the later
    `Comment:` goes on with the comment that label opened (`Comment: [NAMES REMOVED] are examples
    of figures ... these organizations regionally` / `Comment: [DETAILS REMOVED]`, the cable's
    last paragraph), not a new one; else None. Only the paragraph's last LAST_WORDS_READ words
    before `start` are read (real paragraphs hold a few: past them, `start` stands); most starts
    have none in their paragraph (a blank line after the word before: one search)."""
    at = bisect.bisect_left(words, start.start())
    first, position = at, start.start()
    while first > 0 and not BLANK_RUN.search(flow, words[first - 1], position):
        if at - first == LAST_WORDS_READ:
            return None
        first -= 1
        position = words[first]
    for word in words[first:at]:
        opening = comment_at_line_start(flow, word, own_station, leads)
        if opening is not None and opening.end() <= start.start() \
                and not is_heading_marker(flow, opening):
            end = comment_end(flow, words, opening.end(), own_station, leads, found)
            if end is None or end.start() >= start.start():
                return opening
    return None


def comment_words(flow: str, found: bytes | None = None) -> list[int]:
    """Where the word `comment` stands in `flow`, in any case (as COMMENT ignoring case);
    `found`: the flow's `searchable` form, when made already."""
    return places_in(searchable(flow) if found is None else found, COMMENT_WORD)


def comments_at_line_start(flow: str, words: list[int] | None = None, own_station: str = "",
                           leads: dict[int, tuple[int, int, int]] | None = None) -> Iterator[re.Match]:
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
        if match := comment_at_line_start(flow, word, own_station, leads, end):
            yield match
            end = match.end()


def comment_at_line_start(flow: str, word: int, own_station: str = "",
                          leads: dict[int, tuple[int, int, int]] | None = None,
                          end: int = 0) -> re.Match | None:
    """The match of COMMENT_AT_LINE_START whose word is the one at `word` (see
    `comments_at_line_start`), at a line start from `end` on; None when there is none."""
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
                and names_author(match, own_station) and not after_end_word(flow, start, own_station=own_station) \
                and label_opens(flow, match) and not opens_aside_above(flow, start):
            return match
    return None


def last_comment_at_line_start(flow: str, words: list[int], own_station: str = "",
                               leads: dict[int, tuple[int, int, int]] | None = None) -> re.Match | None:
    """The last match `comments_at_line_start` yields, found from the last word back (thousands
    of comment starts, one a line: each read, ~2.5 us a line, 25-30 ms for 100 KB; now the last
    one or few). A word's match is the first at a line start of its lead run; the chain of
    matches before it cannot hide it when no match of an earlier line reaches past its line
    start: a match runs over a line end only by the white space after BEGIN or an author's
    word, so not when the text above (white space skipped) ends in no letter or in the word
    COMMENT (no author's word: see COMMENT_AUTHOR_WORDS). Otherwise, or when none of the last
    LAST_WORDS_READ words opens a line (words inside lines: each read back costs more than the
    chain's search of the line starts), the chain is walked."""
    many = len(words) > MANY_COMMENT_WORDS
    for at in itertools.islice(range(len(words) - 1, -1, -1), LAST_WORDS_READ if many else None):
        word = words[at]
        if match := comment_at_line_start(flow, word, own_station, leads):
            # (no earlier word at or after its start, whose own match might start there)
            if (at == 0 or words[at - 1] < match.start()) \
                    and reaches_no_match_above(flow, match.start(), lead_start(flow, word, own_station, leads)):
                return match
            if not many:
                # (the words above decide: where the chain of their matches ends)
                chain_end = 0
                for above in comments_at_line_start(flow, words[:at], own_station, leads):
                    chain_end = above.end()
                if chain_end <= match.start():
                    return match
            break
    else:
        if len(words) <= MANY_COMMENT_WORDS:
            return None
    found = None
    for found in comments_at_line_start(flow, words, own_station, leads):
        pass
    return found


def reaches_no_match_above(flow: str, line_start: int, lead: int) -> bool:
    """No match of COMMENT_AT_LINE_START from a line above runs past `line_start`: the text
    before it, white space skipped, ends in no letter (nor the apostrophe of an author's
    possessive, `AMBASSADOR'S`, `POLOFFS'`) or in the word COMMENT (see
    `last_comment_at_line_start`). `lead`: the start of the COMMENT_LEAD run the line start is
    in (`lead_start`), white space included: the character before it is none."""
    above = flow[lead:line_start].rstrip()
    end = lead + len(above) - 1 if above else lead - 1
    if end < 0 or not (LETTER.match(flow[end]) or flow[end] in APOSTROPHES):
        return True
    return flow[end - 6:end + 1].lower() == "comment" and not WORD_CHARACTER.match(flow, end - 7) \
        if end >= 7 else flow[:end + 1].lower() == "comment"


WORD_CHARACTER = re.compile(r"\w")
LAST_WORDS_READ = 20        # words read back from the last before the chain is walked


MANY_COMMENT_WORDS = 100     # (real cables hold a few)
LETTER = re.compile(r"[^\W\d_]")


def comments_at_any_line_start(flow: str, own_station: str = "") -> Iterator[re.Match]:
    """What `comments_at_line_start` yields, by a search of COMMENT_AT_LINE_START (its `^` is
    a line start) from each line start that matches on: the plain rule, in one step a match."""
    end = position = 0
    while match := COMMENT_AT_LINE_START.search(flow, position):
        start = match.start()
        if start >= end and names_author(match, own_station) and not after_end_word(flow, start, own_station=own_station) \
                and label_opens(flow, match) and not opens_aside_above(flow, start):
            yield match
            end = match.end()
        position = start + 1


def label_opens(flow: str, match: re.Match) -> bool:
    """The COMMENT_AT_LINE_START `match` opens a comment: not where the line above runs on into
    it (`runs_on_into`: `... the Minister declined to` / `comment. He said ...`, `GOK HAD NO` /
    `COMMENT.`); and two of its forms, which a wrapped sentence writes more often, only where
    `dash_label_opens`: a label closed by a dash (`COMMENT -- WE THINK ...`, not `... DECLINED TO`
    / `COMMENT -- A SIGN`) and the plural's (`COMMENTS: ...`, not `... ignored his` / `comments:
    he ...`)."""
    if match["dash"] or match["plural"]:
        return dash_label_opens(flow, match.start())
    return not runs_on_into(flow, match.start())


def dash_label_opens(flow: str, line_start: int) -> bool:
    """A label (closed by a dash: `COMMENT -- WE THINK ...`) at `line_start` opens a paragraph
    (a blank line or the flow's start above it) or follows a finished sentence: not a wrapped
    sentence's `comment -- a sign that ...` (`THE MINISTER DECLINED TO` / `COMMENT -- A SIGN`).
    The line above is read back from its end, over its spaces, not sliced."""
    end = line_start - 2                # (line_start - 1: the line end above)
    while end >= 0 and flow[end] in " \t":
        end -= 1
    return end < 0 or flow[end] == "\n" or flow[end] in IN_LINE_MARKS


def opens_aside_above(flow: str, line_start: int) -> bool:
    """The line above `line_start` ends in an opening bracket after its text, alone or followed
    by the words before COMMENT (an author's or any: COMMENT_AUTHOR_WORDS), and nothing closes
    it: the line's `Comment:` goes on with an aside opened in the line above (`... as a first
    step.  (Post` / `Comment: Asad's recollection is ... in late July 2009.)  "This was ...`),
    read as the same aside in one line is (COMMENT_IN_LINE: the comment only where a short text
    follows it), not as a comment opening a line. A line of a bracket alone opens no aside. Only
    the last ASIDE_OPENING_REACH characters above are read, and the pattern only from a bracket
    among them (most lines end with none)."""
    # (the line above ends in a letter, a possessive's apostrophe, a bracket, a space or a tab:
    # most end otherwise, in a full stop or as a blank line)
    if line_start < 2 or not (LETTER.match(flow, line_start - 2) or flow[line_start - 2] in "([ \t'’"):
        return False
    window = max(0, line_start - ASIDE_OPENING_REACH)
    bracket = max(flow.rfind("(", window, line_start), flow.rfind("[", window, line_start))
    if bracket == -1 or (match := OPENING_BRACKET_ABOVE.fullmatch(flow, bracket, line_start)) is None:
        return False
    # (the text before the bracket on its line, when no words follow it)
    return match["author"] is not None or bool(flow[flow.rfind("\n", 0, bracket) + 1:bracket].strip())


# An opening bracket, the author's words or none, then the line end (see `opens_aside_above`).
OPENING_BRACKET_ABOVE = re.compile(rf"""
    [(\[][ \t]*(?:{COMMENT_AUTHOR_WORDS}[ \t]*)?\n
    """, re.VERBOSE | re.IGNORECASE)
ASIDE_OPENING_REACH = 60    # characters: `(HO CHI MINH CITY` with spaces


def after_end_word(flow: str, line_start: int, opening: re.Pattern | None = None, own_station: str = "") -> bool:
    """The line at `line_start` follows the first words of an end marker ending the line above
    (`opening`, by default END_MARKER_OPENING: `END`, `END OF`, `End summary and`; or an end
    marker's words up to its author's name, `author_ends_line_above`): its `Comment.` is the end
    marker split over a line break (`End` / `Comment.`, `End of` / `comment.`, `End summary and`
    / `comment.`, `END EMBASSY` / `COMMENT.`), not an opening. (The summary's reader asks the
    same of its `Summary.` with its own opening words.) `own_station`: see find_comment."""
    before = flow[max(0, line_start - END_WORD_REACH):line_start].rstrip()
    # (the last two letters first: most lines above end otherwise)
    if before[-2:].lower() in ("nd", "of") and (opening or END_MARKER_OPENING).search(before):
        return True
    return opening is None and author_ends_line_above(before, own_station)


def author_ends_line_above(before: str, own_station: str = "") -> bool:
    """`before` (the text above a line, right-stripped) ends with `END` and the name of a
    comment's author (`End Embassy`, `END OF SAO PAULO`, `End Ambassador's`, as `names_author`
    reads it): the end marker wrapped after its author's name (`END EMBASSY` / `COMMENT.`)."""
    # (`end` first: most lines above hold none)
    if "end" not in before.lower() or (marker := END_AUTHOR_OPENING.search(before)) is None:
        return False
    return names_author(marker, own_station)


END_WORD_REACH = 60     # characters: `END OF EMBASSY AND CONSULATE GENERAL`, the line end, the blank lines of a page break
# The first words of an end marker that holds COMMENT, at the end of the text before a line.
END_MARKER_OPENING = re.compile(r"(?<![^\W_])END(?:\s+OF)?(?:\s+SUMMARY\s+AND)?\Z", re.IGNORECASE)
# ... and the same words up to the author's name (see `author_ends_line_above`).
END_AUTHOR_OPENING = re.compile(rf"""
    (?<![^\W_])END\s+(?:OF\s+)?{COMMENT_AUTHOR_WORDS}\Z
    """, re.VERBOSE | re.IGNORECASE)


def comments_in_line(flow: str, words: list[int], position: int = 0, own_station: str = "",
                     leads: dict[int, tuple[int, int, int]] | None = None) -> Iterator[re.Match]:
    """The matches of COMMENT_IN_LINE from `position` on (each the first after the last one's
    end) that `names_author`: the pattern matched only at the character before the
    COMMENT_LEAD run that ends at each of `words` (comment_words), where its punctuation mark
    must stand."""
    end = position
    for word in words:
        if word > end and (match := comment_in_line(flow, word, end, own_station, leads)):
            yield match
            end = match.end()


def comment_in_line(flow: str, word: int, end: int = 0, own_station: str = "",
                    leads: dict[int, tuple[int, int, int]] | None = None) -> re.Match | None:
    """The match of COMMENT_IN_LINE at the mark before the lead run of the word at `word` (see
    `comments_in_line`), from `end` on, naming an author or none; else None."""
    # (the pattern's COMMENT is the word's, followed by its mark after spaces or tabs, or the
    # word runs on into an author's word before another one: a word followed by anything else
    # starts no match, and is not read back: 12,000 `COMMENT` words on a line, ~3 us each)
    after = flow[word + WORD_LENGTH:word + WORD_LENGTH + 1]
    if not (after in IN_LINE_PUNCTUATION or after.isalpha()
            or after in " \t" and IN_LINE_PUNCTUATION_AFTER.match(flow, word + WORD_LENGTH)):
        return None
    start = lead_start(flow, word, own_station, leads) - 1
    # (the pattern opens with a mark: most words' lead follows none, and are not matched)
    if start >= end and flow[start] in IN_LINE_MARKS and (match := COMMENT_IN_LINE.match(flow, start)) \
            and names_author(match, own_station):
        return match
    return None


def last_comment_in_line(flow: str, words: list[int], position: int = 0, own_station: str = "",
                         leads: dict[int, tuple[int, int, int]] | None = None) -> re.Match | None:
    """The last match `comments_in_line` yields, found from the last word back (a flow of
    thousands of in-line comments, each read back from its word over the author's words, ~4 us;
    only the last counts). A word's match opens at the mark before its lead run, which no
    earlier match reaches past, but for a full stop in the marks closing the match of the word
    just before it (`... COMMENT. Comment: ...`; a match holds no other mark than its first, the
    same match for both words when two share it): then the chain is walked, as when none of the
    last LAST_WORDS_READ words read back has a match."""
    first = bisect.bisect_right(words, position)
    many = len(words) > MANY_COMMENT_WORDS
    read = 0
    for at in range(len(words) - 1, first - 1, -1):
        if many and read == LAST_WORDS_READ:
            break
        if match := comment_in_line(flow, words[at], position, own_station, leads):
            start = match.start()
            above = bisect.bisect_left(words, start) - 1
            if flow[start] != "." or above < 0 or \
                    not MARKS_CLOSING_A_MATCH.fullmatch(flow, words[above] + WORD_LENGTH, start + 1):
                return match
            break
        read += 1
    else:
        return None
    found = None
    for found in comments_in_line(flow, words, position, own_station, leads):
        pass
    return found


WORD_LENGTH = len(COMMENT_WORD)
# COMMENT_IN_LINE's `punct`, after spaces or tabs; or the first character of the section a label
# joins to the comment (JOINED_SECTION: `/Analysis`, `& Recommendation`, `and Action Request`):
# one character read, as before the joined sections were (a pattern of them matched after every
# word cost 12,000 words on a line ~5 ms)
IN_LINE_PUNCTUATION = ":.-/&"
IN_LINE_PUNCTUATION_AFTER = re.compile(r"[ \t]*+(?:[:.\-/&]|(?i:and)[ \t])")     # (not `comment about`)
MARKS_CLOSING_A_MATCH = re.compile(r"[ \t]*[:.\-]+")     # COMMENT_IN_LINE's end after its word


def lead_start(flow: str, word: int, own_station: str = "",
               leads: dict[int, tuple[int, int, int]] | None = None) -> int:
    """Where the run of COMMENT_LEAD characters that ends at `word` (or at the author named
    before it, see `author_start`) starts; remembered in `leads` ({word: (author start, lead
    start, start of the white space before the word)}) when given, for the rules that look at
    the same words."""
    if leads is not None and (known := leads.get(word)) is not None:
        return known[1]
    author, gap = author_and_gap(flow, word, own_station)
    if author != word:
        lead = run_start(flow, author, COMMENT_LEAD)
    elif gap == 0 or flow[gap - 1] not in COMMENT_LEAD:
        # (the white space before the word is COMMENT_LEAD's, and the run stops where it does
        # most often: no second read back over it)
        lead = gap
    else:
        lead = run_start(flow, gap, COMMENT_LEAD)
    if leads is not None:
        leads[word] = (author, lead, gap)
    return lead


def begin_runs_into(text: str, line_start: int, reach: int = 200) -> bool:
    """The text before `line_start` ends with `BEGIN` (then white space only), or cannot be
    told within `reach`: an in-line `BEGIN COMMENT` may run over the line end into this line.
    Any other in-line start stays on its line, so one found from a line start is found the same
    from the text's start."""
    if line_start == 0:
        return False
    before = text[max(0, line_start - reach):line_start].rstrip()
    return not before or before[-5:].lower() == "begin"


def comment_end(flow: str, words: list[int], position: int, own_station: str = "",
                leads: dict[int, tuple[int, int, int]] | None = None,
                found: bytes | None = None) -> re.Match | None:
    """The first match of COMMENT_END from `position` on that `names_author`: the pattern
    matched only where its `END` ends at the gap before one of `words` (comment_words: every
    match holds one), instead of at every `END` that a scan of the rest of the flow finds.
    `leads`: the author starts and the gaps before the words that the start rules found (see
    `lead_start`), not looked for again (a text of 12,000 `COMMENT` words paid 20 ms for them).
    Where a word has no author and no `OF` before its white space, the `END` would end where
    that white space starts: its three characters are read before anything else (12,000 words
    on a line: 44 ms a parse before, 27 with this and the shared gaps). `found`: the flow's
    `searchable` form: the words before the first `end` from `position` on are not read (every
    match opens with END, whose letters only the ASCII ones fold to; a flow of thousands of
    comment words and no end marker, ~1 us a word)."""
    leads = leads or {}
    first = position
    if found is not None and (first := found.find(b"end", position)) == -1:
        return None
    for word in words[bisect.bisect_left(words, first):]:
        if word in leads:
            author, _, gap = leads[word]
        else:
            author, gap = author_and_gap(flow, word, own_station)
        # (`AND` read here first: most words follow none, and are not read back further)
        summary = summary_and_start(flow, word, gap) if flow[gap - 3:gap].upper() == "AND" else None
        for before in (summary, author):
            if before is None:
                continue
            if before == word and (gap == 0 or flow[gap - 1] not in "OFof"):
                # END_MARKER_GAP's run is the white space; COMMENT_END's `END`, ignoring case,
                # matches only the ASCII letters (no other character folds to E, N or D)
                start = gap - len("END")
                if start < position or flow[start:gap].upper() != "END":
                    continue
            else:
                start = run_start(flow, before, END_MARKER_GAP) - len("END")
            if start >= position and (match := COMMENT_END.match(flow, start)) and names_author(match, own_station):
                return match
    return None


def summary_and_start(flow: str, word: int, end: int | None = None) -> int | None:
    """Where `SUMMARY AND` (in any case, with any white space) before the word at `word`
    starts (`End summary and comment`), else None. `end`: where the white space before the
    word starts, when found already."""
    if end is None:
        end = run_start(flow, word, WHITE_SPACE, WORD_GAP_REACH)
    if end == word or flow[end - 3:end].upper() != "AND":
        return None
    words = words_before(flow, end, len("SUMMARY") + 1)
    if len(words) > 1 and flow[words[0][0]:words[0][1]].upper() == "AND" \
            and flow[words[1][0]:words[1][1]].upper() == "SUMMARY":
        return words[1][0]
    return None


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


def marked_section(text: str, start: re.Match, end: re.Match | None, to_end: bool) -> str | None:
    """Text from `start` to the end marker (`end`, its match after `start`); without one, the
    rest of the block (the next block for a heading alone on its line; the rest of the text when
    `to_end`)."""
    rest = text[start.end():end_marker_start(text, end)] if end else text[start.end():]
    heading = is_heading_marker(text, start)
    # (a bullet opening the line under a heading's label: `Comment:` / `-- We doubt ...`)
    bullet = heading and opens_with_bullet(rest)
    if end:
        return folded_blocks(rest, bullet)
    if heading:      # a heading: what follows it
        rest = after_heading(rest, bullet)
    if to_end:
        return folded_blocks(until_next_heading(rest), bullet)
    return folded_blocks(first_block(rest), bullet)


def end_marker_start(text: str, end: re.Match) -> int:
    """Where the comment's end marker (`end`, a COMMENT_END match: from its `END`) starts in
    `text`: at the bracket opening it (`(End comment.)`, `[END COMMENT]`), which is no part of
    the comment."""
    start = end.start()
    return start - 1 if start > 0 and text[start - 1] in "([" else start


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
    closing administrative note, a note about the cable itself (`is_provenance_note`: `PRT Anbar
    contributed to this cable.`, `POC for this cable is ...`), a heading, the post's web site
    notice, or a paragraph of its own kind (`is_own_section`); else nothing."""
    blocks = []
    for block in blocks_of(rest):       # (read up to a second paragraph only)
        if block.strip():
            blocks.append(block)
            if len(blocks) > 1:
                return []
    if not blocks or is_admin_note(blocks[0].strip()) or is_provenance_note(blocks[0].strip()) \
            or is_heading(blocks[0].strip()) \
            or WEB_SITE_NOTICE.search(blocks[0]) or is_own_section(blocks[0]):
        return []
    return blocks


def is_own_section(block: str) -> bool:
    """The cable's last paragraph says what it is, so it does not go on with the comment above
    it: it opens with a label of its own (`Action request:`, `Biographic note:`, `Note:`), or
    it is a short closing line that points to later reporting (`Embassy will report further
    septel.`, `Post will continue to report on the talks.`)."""
    return bool(OWN_LABEL.match(block)) or (len(block) < CLOSING_LINE_LENGTH and bool(CLOSING_LINE.match(block)))


# A paragraph's own label, as telegrams write the sections that close them (`Action request:`,
# `BIO NOTE:`, `Note:`), then a colon: a label of their list, not any words before a colon (`The
# MFA stated: ...`, `Melgar's appointment: a compromise ...` go on with the comment). The flow
# has cut the paragraph's number and marking.
OWN_LABEL = re.compile(r"""
    [ \t]*(?:ACTION\ REQUEST(?:ED|S)?|(?:BIO(?:GRAPHIC)?\ )?NOTE|BIO(?:GRAPHIC)?\ DATA|BACKGROUND
          |PARTICIPANTS|CLEARANCES?|POINTS\ OF\ CONTACT|GUIDANCE\ REQUEST(?:ED)?)
    [ \t]*:(?:[ \t]|$)                         # the colon
    """, re.VERBOSE | re.MULTILINE | re.IGNORECASE)
# A closing line in which the post points to reporting elsewhere or later (its subject the post:
# `Acero told us the Registrar will report the cases` is the comment's): `septel` (a separate
# telegram), or the post's promise to report (`will report further`, `will continue to report`, `will keep
# Washington informed`). A comment's last thoughts rarely say so; the post's closing line does.
CLOSING_LINE = re.compile(r"""
    ^[ \t]*(?:the\ )?(?:embassy|post|mission|consulate(?:\ general)?|we|usnato|useu|usun)\b  # the post says it
    [^.\n]{0,80}?
    (?:\bseptels?\b
      | \bwill\s+(?:continue\s+to\s+)?(?:report|keep\s+\w+(?:\s+\w+)?\s+(?:informed|apprised|posted))\b)
    """, re.VERBOSE | re.IGNORECASE)
CLOSING_LINE_LENGTH = 200       # characters: a closing line is one short sentence (as a clearance note)


def may_be_continued(text: str) -> bool:
    """`text` may hold a continuation label (CONTINUED_LABEL, which ignores case: `cont`, `CONT`,
    and a scrape's `CoNT` too), before the labels are looked for block by block."""
    return CONT_ANY_CASE.search(text) is not None


CONT_ANY_CASE = re.compile("ont", re.IGNORECASE)   # as CONTINUED_LABEL reads its `CONT`
