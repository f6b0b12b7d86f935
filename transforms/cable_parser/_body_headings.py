"""What a short block of text is: a heading (`Role of Aznar`, `-- Cuba --`, `//COMMENT//`), a
heading over a ruler, the closing marker of quoted text or of a summary or comment (`END TEXT`,
`End Comment`), a clearance note (`A/S Cohen cleared this cable.`), a redaction; and the tests
they share: whether a text ends a sentence, is in title case, holds a figure.

These rules only tell; cutting headings from a paragraph is `_body_rulers`' and
`_body_paragraph_ends`', and the flow's readers stop at them (`_body_flow`).
"""
import re

from ._body_line_kinds import PORTION, SUB_ITEM

SHORT_LINE = 80       # headings are shorter; a wrapped paragraph block is longer
# A sentence ends with one of these, then only white space: the last character that is not white
# space is looked at (a pattern `[.!?...]\s*$` would be tried at every mark of the text).
SENTENCE_END_CHARACTERS = frozenset(".!?:;\"”')]")

# A paragraph that is only a redaction note: `[DETAILS REMOVED]`, `xxxxxxxxxxxx`.
REDACTED_PARAGRAPH = re.compile(r"\s*(?:\[[A-Z ]*REMOVED\]|[Xx]{3,})")
# A heading framed by its own marks: `-- Cuba --`, `//COMMENT//`, `WASHINGTON AGENDA -----`, or
# by its rulers run onto its line (`------- Know Thy Enemy -------`). (A heading before its ruler
# may hold hyphens inside its words: `PRE-SALT OIL -----`, `--- Our Mil-Mil Advantage ---`.)
# The ruler after a heading is possessive: its dashes and the dashes and blanks after them are
# one run, and trying every split of it was quadratic (`DECL: OADR` and 8,000 dashes run onto a
# heading's line: 205 ms; 50,000: 7.6 s).
HEADING_WRAPPED = re.compile(
    r"-{2,}\s*(?:[^-\n]|\b-\b){1,60}?\s*-{2,}|//[^/\n]{1,76}//|(?:[^-\n]|\b-\b){1,60}?\s-{3,}+[-\s]*+")
# A heading framed by spaced dashes, as rulers of spaced dashes are rulers (`- - - Concerns about
# TFCA - - -`), its wrapped line joined (`- - - Honduras, Colombia Bases Not Positive for U.S.
# Relations - - -`).
SPACED_DASH_HEADING = re.compile(r"(?:-[ \t]){2,}[ \t]*[^-\s][^\n]{0,76}?[ \t](?:-[ \t]?){2,}")
# A heading in capitals that carries its own portion marking: `(C/NF) ROBERT BOURGI`.
MARKED_HEADING = re.compile(rf"\({PORTION}\)[ \t]+[A-Z][A-Z0-9 ,'&/-]{{2,70}}", re.VERBOSE)
# ... or in title case: `(U) Mukalla Rally`, `(SBU) The Way Ahead` (its words read by
# `is_marked_title`).
# A title capitalises its words longer than this (`is_title_case`, `is_marked_title`).
TITLE_WORD = 4
MARKED_TITLE = re.compile(rf"\({PORTION}\)[ \t]+(?P<title>[A-Z][^\n]{{1,70}})", re.VERBOSE)

OPENING_QUOTES = "\"“'‘"

LABEL_WORDS = 3     # a heading written as a label (`Iran:`, `North Korea:`) is this short


def is_heading(block: str) -> bool:
    """A short line of its own that ends no sentence (`Role of Aznar`, `-- Cuba --`,
    `//COMMENT//`, `WASHINGTON AGENDA -----`), not a list item nor the closing marker of quoted
    text (`END TALKING POINTS`)."""
    if "\n" in block or is_closing_marker(block):
        return False
    if block[:1] == "(" and (MARKED_HEADING.fullmatch(block) or is_marked_title(block)):
        return True     # `(C/NF) ROBERT BOURGI`, `(U) Mukalla Rally`
    # A block of a paragraph's length is a heading only when it ends with the run of dashes of
    # HEADING_WRAPPED's last form (its other forms are shorter): it is not searched for them;
    # or when it is a long title wrapped over two lines (`UK Expects Continued GoA Moves to
    # Discourage Oil & Gas Exploration` / `Off Falklands`): title case, no sentence, no list.
    if len(block) >= SHORT_LINE and block.rstrip()[-1:] != "-":
        return is_long_title(block)
    if ("--" in block or "//" in block) and HEADING_WRAPPED.fullmatch(block):   # it holds either
        return True
    if block[:2] == "- " and SPACED_DASH_HEADING.fullmatch(block):
        return True
    # (a heading may be a quotation: `"We Saved the Tibetans"`, or open with a year: `2009 BCRA
    # Profits to Treasury`)
    if len(block) >= SHORT_LINE or SUB_ITEM.match(block) \
            or not (block.lstrip(OPENING_QUOTES)[:1].isalpha() or opens_with_year(block)):
        return False
    if block[-1:] == ":" and block[:1].isupper() and len(block.split()) <= LABEL_WORDS:
        return True             # a label of a few words introduces what follows: `North Korea:`
    return not ends_sentence(block) or is_title_case(block)


def is_marked_title(block: str) -> bool:
    """`block` is a title carrying its own portion marking (MARKED_TITLE): after the marking,
    words in title case, a longer one at least (`(U) Mukalla Rally`, `(SBU) The Way Ahead`),
    ending no sentence. A one-line marked paragraph ends its sentence (`(U) Text follows.`),
    and a sentence's words are not all capitalised (`(C) The minister declined`)."""
    title = MARKED_TITLE.fullmatch(block)
    if title is None or ends_sentence(block):
        return False
    longer = [word for word in title["title"].split() if len(word) > TITLE_WORD]
    return bool(longer) and all(word[0].isupper() or not word[0].isalpha() for word in longer)


def opens_with_year(block: str) -> bool:
    """`block` opens with a year and a word (`2009 BCRA Profits`; not figures, `2008 6380`)."""
    return block[:2] in ("19", "20") and block[2:4].isdigit() and block[4:5] == " " and block[5:6].isalpha()


def is_long_title(block: str) -> bool:
    """`block` (SHORT_LINE characters or more) reads as a heading's title: shorter than
    LONG_HEADING, in title case, ending no sentence, without a comma or figure (a list of names
    in title case, `Countries: Austria, Burkina Faso, China`, is none)."""
    return len(block) < LONG_HEADING and "," not in block and not ends_sentence(block) \
        and is_title_case(block) and not has_figure(block)


def is_heading_over_ruler(line: str) -> bool:
    """The line over a ruler is its heading: a short line, or a longer one in title case that
    ends no sentence (`Three Brazilian Youth Murdered by Rival Drug Dealers After Corrupt
    Soldiers Turn Them Over`); not the closing marker of quoted text (`END TEXT OF NON-PAPER`)."""
    if not line or is_closing_marker(line):
        return False
    return len(line) < SHORT_LINE or (len(line) < LONG_HEADING and not ends_sentence(line)
                                      and is_title_case(line))


LONG_HEADING = 160      # characters: a heading over a ruler is shorter; a paragraph's line may not be


def is_closing_marker(line: str) -> bool:
    """`END TALKING POINTS`, `END TEXT OF NON-PAPER`, `(END QUOTE)`: the last line of the
    paragraph that quotes, not a heading of the next one; the end marker of a summary, a
    comment or a note alone on its line without its full stop (`End Comment`, `END SUMMARY`,
    `[End Embassy Comment]`), which closes the paragraph above as `End comment.` does; and the
    opening marker of quoted text (`BEGIN TEXT`, `Begin talking points`), the last line of
    the paragraph that introduces the quoted paragraphs (looked at only for short lines)."""
    start = line[:12].upper()
    return ("END" in start or "BEGIN" in start) and bool(CLOSING_MARKER.match(line))


# What quoted text is (`TEXT`, `TALKING POINTS`, `NON-PAPER`), as its markers name it.
QUOTED_WORDS = "TEXT|POINTS|QUOTE|NON-PAPER|PAPER|LETTER|STATEMENT|MESSAGE|TRANSLATION|EXCERPTS?|REMARKS"
# The closing marker of quoted text, or of a summary, comment or note: `END` and within three
# words what it closes; the opening marker of quoted text: `BEGIN` and within three words what
# it opens (not a summary or comment: `BEGIN COMMENT` is the label of what follows).
CLOSING_MARKER = re.compile(r"""
    [ \t]*[(\[]?(?:
        END[ \t]+(?:OF[ \t]+)?(?:[A-Z-]+[ \t]+){0,2}?(?:QUOTED_WORDS|SUMMARY|COMMENTS?|NOTE)
      | BEGIN[ \t]+(?:[A-Z-]+[ \t]+){0,2}?(?:QUOTED_WORDS))\b
    """.replace("QUOTED_WORDS", QUOTED_WORDS), re.VERBOSE | re.IGNORECASE)


def is_admin_note(block: str) -> bool:
    """A closing administrative paragraph, one short sentence: who cleared, coordinated or
    drafted the cable (`ConGen Munich and Embassy Berlin coordinated this cable.`, `A/S Cohen has
    cleared this message.`, `CODEL did not clear this cable.`, `This message has been cleared by
    PDAS Kelly.`, `This message was drafted at the DST in Spin Boldak and in Kabul.`), `Minimize
    considered.` (also after the posts that considered it: `Conakry and Tripoli minimize
    considered.`); no part of a comment."""
    return len(block) < ADMIN_NOTE_LENGTH and bool(ADMIN_NOTE.match(block))


ADMIN_NOTE_LENGTH = 200     # characters: a clearance note is one short sentence
ADMIN_NOTE = re.compile(r"""
    (?:\(\w+(?:/\w+)?\)\s*)?                                 # a marking the flow kept
    (?: [^.\n]{0,120}?\b(?:cleared|clear|coordinated|drafted)\s+(?:this|the)\s+(?:cable|message|telegram)
      | (?:this|the)\s+(?:cable|message|telegram)\s+(?:has\s+been|was|is)\s+(?:cleared|coordinated|drafted)\b
      | [^.\n]{0,120}?\bminimize\s+considered )      # `Minimize considered.`, `Conakry and Tripoli minimize considered.`
    """, re.VERBOSE | re.IGNORECASE)


def ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in SENTENCE_END_CHARACTERS


def is_title_case(text: str) -> bool:
    """Every longer word capitalised (`Major Party Differences on Relations with the U.S.`), and
    the first: a title opens with a capital, a sentence broken by a page break goes on without
    one (`... according to a recent poll` / `from Sigma Dos.`)."""
    split = text.split()
    words = [word for word in split if len(word) > TITLE_WORD]
    return len(split) >= 3 and bool(words) and not split[0][0].islower() \
        and all(word[0].isupper() for word in words)


def has_figure(text: str) -> bool:
    return any(map(str.isdigit, text))         # (a map runs in C, a generator in Python)
