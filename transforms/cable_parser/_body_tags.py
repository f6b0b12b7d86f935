"""The TAGS field (`TAGS: PREL PGOV KPAO ETRD`): its lines under the label (not the addressing
under it), cut into tags, words run together split by the tag vocabulary, person tags in
parentheses kept whole (`OVIP (RICE, CONDOLEEZZA)`).
"""
import csv
import re
from functools import lru_cache
from importlib import resources
from typing import Callable

from ._body_classification import CAVEAT_LINE
from ._body_dates import EXECUTIVE_ORDER
from ._body_head import FIELD_END, HeadBlock, SUBJECT_LABEL, TAGS_LABEL
from ._text import fold

# Person tags in parentheses stay whole; other tokens are runs without space, comma, parenthesis.
TAG_TOKEN = re.compile(r"\([^()\n]{1,120}\)|[^\s,()]+|,")

# A line of addressing under TAGS (`DEPT PASS TO USTR`, `PASS TO ...`, `DEPT FOR EUR`, `PARIS FOR
# JONES`): short words that look like tags, but no tag is any of these words.
TAGS_ADDRESSING_LINE = re.compile(r"^\s*+(?:DEPT|DEPARTMENT|PLEASE|ALSO|FROM)\b|\b(?:PASS|FOR)\b",
                                  re.IGNORECASE)                      # also `PARIS FOR JONES`
# A field a scrape ran onto the TAGS line, in any case: the TAGS value ends before it, as the
# subject's rule reads it (`TAGS: parm, ir, gm Subject: (s) germany ...` once gave the tags
# `GM SUBJECT`, `S`, `GERMANY ...`; `TAGS: PREL, PGOV Captions: None Subject: ...`).
FIELD_IN_TAGS = re.compile(r"""
    \b(?: SUBJ(?:ECT)?\b                                 # the subject's label, colon or not
       | (?:CAPTIONS? | REF(?:S|TELS?)? | CLASSIFIED[ \t]+BY)[ \t]*:   # others with their colon
    )""", re.VERBOSE | re.IGNORECASE)
# A portion marking among the tags (`TAGS: PREL, PGOV (U)`, `TAGS: (C) PREL PGOV`), as the subject
# and the paragraphs are marked: no person in parentheses (`OVIP (RICE, CONDOLEEZZA)`), and no tag.
# The level, with caveats after slashes or a hyphen (`(S/NF)`, `(C//REL USA, ACGU)`, `(C-NF)`).
TAGS_MARKING = re.compile(r"""
    (?<!\S)\(\s*(?:TS|S|C|U|SBU|LOU|FOUO)
    (?:\s*(?://?|-)\s*(?:REL\b[A-Z ,]{0,60}?|[A-Z]{2,7}))*\s*\)(?=[\s,;.]|$)""",
    re.VERBOSE | re.IGNORECASE)
# Tags separated by slashes (`PREL/PGOV/GM`): each piece a tag by its shape (`is_tag_word`).
TAG_SLASH = "/"
# A TAGS line that says the cable has none (`TAGS: N/A`, as the E.O. line writes `N/A`).
NO_TAGS = frozenset({"N/A", "NONE"})


def find_tags(head: HeadBlock) -> list[str]:
    """TAGS entries, upper-case, in order, de-duplicated (see `split_tags`)."""
    for index in head.lines_with("tag"):
        line = head.lines[index]
        label = TAGS_LABEL.search(line)
        if label and (label.start() == 0 or EXECUTIVE_ORDER.search(line) or marked(line, label.start())) \
                and not SUBJECT_LABEL.match(line):
            value = fold(" ".join(tag_lines(head.lines, index, line[label.end():],
                                            page_break_at=head.page_break_at)))
            if may_hold_field(value.lower()):
                value = FIELD_IN_TAGS.split(value, maxsplit=1)[0]
            if "(" in value:
                value = TAGS_MARKING.sub(" ", value)
            if value.strip(" .").upper() in NO_TAGS:
                return []
            return split_tags(value)
    return []


def may_hold_field(lowered: str) -> bool:
    """The lower-cased TAGS value holds a piece of FIELD_IN_TAGS' labels: a value holding none
    is not searched (most). (Four `in` tests: a generator for `any` costs five times as much.)"""
    return "subj" in lowered or "caption" in lowered or "ref" in lowered or "classified" in lowered


def marked(line: str, label: int) -> bool:
    """The TAGS label at `label` follows a portion marking alone (`(U) TAGS: PREL`), as the
    subject's may (`(U) SUBJECT:`)."""
    return TAGS_MARKING.fullmatch(line[:label].strip()) is not None


def tag_lines(head: list[str], index: int, first: str, limit: int = 3,
              page_break_at: Callable[[int], int] = lambda position: 0) -> list[str]:
    """The TAGS text on head[index] and its continuation lines: a line under a line ending with
    a comma or inside a person's parentheses (`OVIP (STEINBERG, JAMES` / `B.), PREL`), or a
    line of tags only (see `is_tag_word`); never a blank line (but a page break: `page_break_at`,
    see `HeadBlock`), another field or a line of addressing."""
    parts = [first]
    position, end = index, min(len(head), index + 1 + limit)
    while (position := position + 1) < end:
        line = head[position]
        if skip := page_break_at(position):
            position += skip - 1
            end = min(len(head), end + skip)  # (the break counts none of the tags' lines)
            continue
        if not line.strip() or FIELD_END.match(line) or CAVEAT_LINE.match(line) \
                or TAGS_ADDRESSING_LINE.search(line):
            break
        if not parts[-1].rstrip().endswith(",") and not inside_parentheses(parts) and \
                not is_tags_line([word for word in TAG_TOKEN.findall(line) if word != ","]):
            break
        parts.append(line)
    return parts


# A code among tags that `is_tag_word`'s shape leaves out: an organisation's longer acronym
# (`UNESCO`, `UNMOVIC`, `INTERPOL`), a code with a hyphen and a number (`AU-1`). Prose has such
# words too (`FRANCE`, `SARKOZY`): see `is_tags_line`.
LONG_CODE = re.compile(r"[A-Z][A-Z0-9]{1,7}|[A-Z][A-Z0-9]{0,5}-[A-Z0-9]{1,3}")


# Words of prose that no tag is (and no country code: `TO` is Tonga's, `IN` India's): a line of
# capitals holding one, under TAGS, is a heading or a subject, not tags.
PROSE_WORDS = frozenset({"THE", "OF", "AND", "WITH", "FROM", "FOR", "ON", "ITS", "HIS", "HER"})


def is_tags_line(words: list[str]) -> bool:
    """`words` (a line's, without commas) are tags: each a tag by its shape (`is_tag_word`); or
    some are longer codes (LONG_CODE: `UNESCO IAEA FR`, `AU-1 SU FR`), no more of them than of
    tags of the usual shape, and the line ends as a line of tags does, with a country code or a
    listed subject tag (a line of prose such as `SARKOZY MET WITH` does not)."""
    unusual = [word for word in words if not is_tag_word(word)]
    if not unusual:
        return True
    if any(word.upper() in PROSE_WORDS for word in words):    # `WOWEREIT VISIT TO THE UK`
        return False
    last = words[-1].upper()
    return 2 * len(unusual) <= len(words) \
        and all(LONG_CODE.fullmatch(word.upper()) for word in unusual) \
        and ((len(last) == 2 and last.isalpha()) or last in tag_vocabulary())


def inside_parentheses(parts: list[str]) -> bool:
    """The text of `parts` ends inside a parenthesis: more opened than closed."""
    return any("(" in part for part in parts) and \
        sum(part.count("(") - part.count(")") for part in parts) > 0


def is_tag_word(word: str) -> bool:
    """A TAGS entry by its shape: a code of two to five letters (subject tag, country code,
    organisation: `PREL`, `GM`, `EUN`, `UNMIK`), run-together tags (`PGOVPREL`), or a person in
    parentheses. Words of prose (`AMBASSADOR`, `GERMANY:`) are none."""
    word = word.upper()          # lower-cased scrapes
    if TAG_SLASH in word and not word.startswith("("):   # `PREL/PGOV`
        return slashed_tags(word) is not None
    return word.startswith("(") or (word.isalpha()
                                     and (2 <= len(word) <= 5 or bool(split_run_together(word))))


def slashed_tags(word: str) -> list[str] | None:
    """The tags of a word of tags separated by slashes (`PREL/PGOV/GM`), each a tag by its shape
    (`is_tag_word`); None when a piece is none (`A/S`, `EUR/CE`: one word, not tags)."""
    pieces = word.split(TAG_SLASH)
    if len(pieces) < 2 or not all(piece and TAG_SLASH not in piece and is_tag_word(piece) for piece in pieces):
        return None
    return pieces


@lru_cache(maxsize=1)
def tag_vocabulary() -> frozenset:
    """The four-letter subject tags (data/tags.csv)."""
    with resources.files(__package__).joinpath("data", "tags.csv").open(encoding="utf-8") as f:
        return frozenset(row["tag"] for row in csv.DictReader(f))


def split_run_together(word: str) -> list[str]:
    """`PGOVPREL` -> [PGOV, PREL], `PRELGM` -> [PREL, GM], `BRPREL` -> [BR, PREL], a known tag ->
    [it]; [] when the word is not four-letter subject tags end to end, with at most a two-letter
    country code first or last (`ECONOMIC`, `POLITICS` are words, not tags)."""
    if len(word) % 4 not in (0, 2) or len(word) < 4:
        return []
    if len(word) % 4 == 0:
        return subject_tags(word)
    if chunks := subject_tags(word[:-2]):
        return chunks + [word[-2:]]
    if (chunks := subject_tags(word[2:])) and word[:2].isalpha():
        return [word[:2]] + chunks
    return []


def subject_tags(word: str) -> list[str]:
    """`word` cut into four-letter subject tags (tag_vocabulary), end to end; [] when it is not."""
    vocabulary = tag_vocabulary()
    chunks = [word[start:start + 4] for start in range(0, len(word), 4)]
    return chunks if chunks and all(chunk in vocabulary for chunk in chunks) else []


def split_tags(value: str) -> list[str]:
    """With commas, each comma-separated item is one tag (`GOI EXTERNAL`); without, each word is
    (Cablegate links `ITALY NATIONAL ELECTIONS` word by word). `OVIP (STEINBERG, JAMES B.)` gives
    `OVIP` and the person `STEINBERG, JAMES B.`."""
    # Items or a person are grouped (`tags_of_items`) only where the value holds a comma or a
    # parenthesis, or names a visitor; in most TAGS lines each word is a tag as it stands, and
    # TAG_TOKEN's words are the white-space split (no comma nor parenthesis to cut at).
    # A value with commas but no person (`PGOV, PREL, PK`) mostly holds one word an item: then
    # each word is a tag as it stands too.
    upper = value.upper()                 # (upper() makes no white space nor takes any away)
    visit = "OVIP" in upper               # the visit tag, seldom there: see `person_after_ovip`
    grouped = visit or "(" in value or ")" in value
    tags: list[str] | None = None       # None: grouped
    if not grouped and "," in value:
        tags = single_word_items(upper)     # None when an item holds several words
    elif not grouped:
        tags = upper.split()
    if tags is None:
        tokens = TAG_TOKEN.findall(value)
        if visit:
            tokens = person_after_ovip(tokens)
        tags = [tag.upper() for tag in tags_of_items(tokens)]
    result: list[str] = []
    for tag in tags:
        if tag.endswith("\0"):
            tag = tag.rstrip("\0")                # a person: as written
        else:
            tag = tag.strip(" .;:/")
            if TAG_SLASH in tag and (slashed := slashed_tags(tag)) is not None:
                for piece in slashed:             # (each may be tags run together: `PRELGM`)
                    result += split_run_together(piece) if len(piece) > 4 else [piece]
                continue
        if len(tag) > 4 and tag.isalpha() and (pieces := split_run_together(tag)):
            result += pieces
        elif tag and (tag[0].isalnum() or has_letter_or_digit(tag)):   # (most open with one)
            result.append(tag)
    return list(dict.fromkeys(result))           # in order, without duplicates


def has_letter_or_digit(tag: str) -> bool:
    """A separator between tags (`AF -- ISAF`, `PREL - PGOV`) holds neither: it is no tag."""
    return any(character.isalnum() for character in tag)


def single_word_items(value: str) -> list[str] | None:
    """The words of a comma-separated value when no item holds more than one (`PGOV, PREL,,
    PK`): what `tags_of_items` makes of them; None when an item holds several words."""
    tags = []
    for item in value.split(","):
        words = item.split()
        if len(words) > 1:
            return None
        if words:
            tags.append(words[0])
    return tags


def tags_of_items(tokens: list[str]) -> list[str]:
    """The tags of TAGS tokens holding commas or a person in parentheses: with commas, each
    comma-separated item is one tag; a person is one tag, marked by a final `\0`."""
    comma_mode = "," in tokens
    tags: list[str] = []
    words: list[str] = []

    def flush():
        if words:
            tags.append(" ".join(words))
            words.clear()

    for token in tokens:
        if token == ",":
            flush()
        elif token.startswith("("):
            flush()
            tags.append(fold(token[1:-1]) + "\0")        # a person: keep its final initial's dot
        elif comma_mode and not has_letter_or_digit(token):
            flush()                            # `GM - GERMANY`: a separator inside an item
        elif comma_mode:
            words.append(token)
            if len(words) > 1 and all(len(word) <= 4 for word in words):
                tags.append(words.pop(0))      # `IS AF, XA`: codes without their commas
        else:
            tags.append(token)
    flush()
    return tags


def person_after_ovip(tokens: list[str]) -> list[str]:
    """`OVIP BIDEN JOSEPH PREL`: the person a visit tag names, written without its parentheses
    and comma, made one person token `(BIDEN, JOSEPH)`: the words after OVIP up to the next
    tag (a known four-letter tag, a two-letter code, a comma or a parenthesis)."""
    upper = [token.upper() for token in tokens]
    if "OVIP" not in upper:
        return tokens
    start = upper.index("OVIP") + 1
    end = start
    while end < len(tokens) and end - start < 4 and is_name_word(upper[end]):
        end += 1
    if end - start < 2:
        return tokens
    person = f"({tokens[start]}, {' '.join(tokens[start + 1:end])})"
    return tokens[:start] + [person] + tokens[end:]


def is_name_word(token: str) -> bool:
    """A word of a person's name among tags: letters, not a known tag nor a two-letter code."""
    return token.isalpha() and len(token) > 2 and token not in tag_vocabulary()
