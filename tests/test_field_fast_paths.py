"""The header-block field rules' fast paths give exactly what the plain code gives.

For speed some field rules ask a cheap question before a pattern (a substring, the line's last
characters) or skip a step most values do not need (TAGS items of one word each). Each is
compared here with the plain code it replaces, on hand-picked cases and on hypothesis text built
from the pieces the patterns look for.
"""
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.cable_parser import _body_classified_by, _body_dates, _body_subject, _body_tags

WORDS = ["THE", "OF", "ABOUT", "INTO", "AN", "A", "BROWN'S", "BROWN’S", "S", "TALKS", "the",
         "Brown", "and", "AND", "&", "Jr.", "JR", "III", "DCM", "Ambassador", "USEU", "A.", "J.",
         "Smith", "PREL", "PGOV", "KZ", "OVIP", "(STEINBERG, JAMES B.)", "GOI EXTERNAL", "ſ",
         "REF", "Ref", "Classified", "CLASSIFIED", "By", "TAGS", "SUBJ", "12958", "1", "E.O.",
         "DECL", "ı", "ß", "Ǆ"]
SEPARATORS = [" ", "  ", ",", ", ", ",,", "\t", ":", ". ", ";", "(", ")", "\u00a0", "\u2003", "", "/"]
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS),
                          st.text(max_size=3)), max_size=14).map("".join)


def plain_split_tags(value: str) -> list[str]:
    """split_tags before its fast paths: TAG_TOKEN's tokens grouped by `tags_of_items` whenever
    the value holds a comma, and each tag upper-cased on its own (tags separated by slashes
    split, `slashed_tags`)."""
    visit = "OVIP" in value.upper()
    if visit or "," in value or "(" in value or ")" in value:
        tokens = _body_tags.TAG_TOKEN.findall(value)
        if visit:
            tokens = _body_tags.person_after_ovip(tokens)
        tags = _body_tags.tags_of_items(tokens)
    else:
        tags = value.split()
    result: list[str] = []
    for tag in tags:
        if tag.endswith("\0"):
            tag = tag.upper().rstrip("\0")
        else:
            tag = tag.upper().strip(" .;:/")       # (a slash closing a tag is none of it)
            if (slashed := _body_tags.slashed_tags(tag)) is not None:      # `PREL/PGOV`
                result += [part for piece in slashed for part in
                           (_body_tags.split_run_together(piece) if len(piece) > 4 else [piece])]
                continue
        if len(tag) > 4 and tag.isalpha() and (pieces := _body_tags.split_run_together(tag)):
            result += pieces
        elif any(character.isalnum() for character in tag):      # (a dash between tags is none)
            result.append(tag)
    return list(dict.fromkeys(result))


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_split_tags_is_the_plain_grouping(value):
    assert _body_tags.split_tags(value) == plain_split_tags(value)


def test_split_tags_fast_paths_on_hand_picked_values():
    for value in ["PGOV, PREL, PTER, PINR, SHUM, PK, PINS", "PREL PGOV PHUM KZ", "PGOV,, PREL,",
                  "GOI EXTERNAL, PREL", "IS AF, XA", "OVIP (STEINBERG, JAMES B.), PREL",
                  "pgov, prel", "PGOVPREL, KZ", ", ,", "PREL,\u00a0PGOV\u2003KZ",
                  "PREL/PGOV/GM", "PRELPGOV/KZ, EUN", "0/", "EUR/CE PREL", "PREL/, KZ"]:
        assert _body_tags.split_tags(value) == plain_split_tags(value), value


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_unfinished_end_is_searched_at_the_line_end_only(line):
    plain = _body_subject.UNFINISHED_END.search(line) is not None and not _body_subject.has_lower_case(line)
    assert _body_subject.ends_unfinished(line) == plain


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_and_parts_are_the_split(segment):
    assert _body_classified_by.and_parts(segment) == _body_classified_by.NAME_AND.split(segment)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_subject_run_on_is_guarded_by_its_labels(value):
    if _body_subject.SUBJECT_RUN_ON.search(value):
        assert _body_subject.runs_on_into_field(value)


def plain_is_title_word(word: str, all_caps: bool) -> bool:
    bare = word.strip("().,:;?").lower()
    if "/" in word or not (bare.isalpha() or any(map(str.isalpha, bare))):
        return True
    if _body_classified_by.is_name_suffix(word):
        return False
    if bare in _body_classified_by.TITLE_WORDS or bare.endswith(("couns", "counselor", "counsellor", "chief")):
        return True
    if _body_classified_by.OFFICE_OFFICER.fullmatch(bare):
        return True
    return not all_caps and len(bare) >= 2 and word.isupper() and "." not in word


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(WORDS + ["Jr.,", "(III)", "IV.", "ıı", "ſr", "PolChief", "PolMilOff", "Ivanoff"]), TEXT),
       st.booleans())
def test_title_word_asks_the_name_suffix_last(word, all_caps):
    assert _body_classified_by.is_title_word(word, all_caps) == plain_is_title_word(word, all_caps)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_executive_order_lines_hold_a_one(line):
    if _body_dates.EXECUTIVE_ORDER.search(line) or _body_dates.EO_PREFIX.search(line):
        assert "1" in line
