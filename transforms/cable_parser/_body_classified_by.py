"""The `Classified By:` line: the names of who classified the cable (titles, posts and offices
dropped: `Ambassador Ryan C. Crocker` is `Ryan C. Crocker`) and the classification reasons
(`1.4 (b) and (d)`, `for reasons b, d`, read with the section of their year).
"""
import itertools
import re

from ._body_dates import SCHEDULE_12065
from ._body_head import FIELD_END, HeadBlock
from ._body_signature import NAME_SUFFIXES, TELEGRAM_TRAILER_LINE
from ._body_subject import SUBJECT_MARKING
from ._text import fold

# `(?=[(c])`: the label's first character, so that the search fails at once elsewhere (see
# EXECUTIVE_ORDER).
CLASSIFIED_BY_LABEL = re.compile(r"(?=[(c])(?:^|(?<=\s))(?:\(U\)\s*)?Classified\s+By\b\s*:?\s*", re.IGNORECASE)
# Where the names of `Classified By:` end: the reason (`for reasons 1.4 (b)`, `Reason:`, `per`).
# The lookahead holds the first characters of the alternatives: the pattern is tried at every
# character (no literal start), and most characters fail there at once instead of in each of
# the seven alternatives (a third of the time).
CLASSIFIED_BY_NAME_END = re.compile(r"""
    (?=[fprue1¶-])
    (?: \bf\ ?o\ ?r\s+r\ ?e\ ?a\ ?s    # `for reas`, also split by the line break that the
                                        # fold made a space (`FO` / `R REASONS`, `for re` / `asons`)
      | \breasons?\b | \bper\b | \bunder\b(?!\s+secretary) | \bE\.?\s?O\.?\s
      | \b1\.\s?[4-6] | -\s*for\b
      | ¶ )                             # the first paragraph, run on after a line without reason
    """, re.VERBOSE | re.IGNORECASE)
# `for` cut off before the reason (`DCM Robert Goldberg fo Reasons`): no part of the name.
CUT_FOR = frozenset({"f", "fo", "for"})
# Titles and roles written before the name (`Ambassador`, `Acting DCM`, `Political Counselor`).
TITLE_WORDS = frozenset("""
    ambassador amb ambassador-designate charge charge' chargé d' d'affaires d’affaires affaires
    cda a/dcm dcm acting deputy chief of mission political economic pol econ pol/econ polecon
    econ/pol pol/mil polmil pol-mil poloff econoff polecoff polcouns pol/c econcouns counselor
    counsellor minister minister-counselor consul general cg principal officer section head
    director secretary assistant under special envoy representative coordinator the classified by
    management public affairs regional senior advisor adviser attache attaché defense permanent
    interim and deputy-chief-of-mission pao rso mr ms mrs dr dir m-c mc polmc econmin polmin
    ecopol pol-econ chief director unit internal commercial consular officer-in-charge a.i
    d'affairs d’affairs under das pdas po dpo datt legatt cos ambassador-at-large
    col ltc lt maj capt cdr gen ltg mg bg adm
    eap eur nea sca wha isn inr inl prm drl eeb oes adcm
    off polad congen emin pmin ddcm arso prt spokesman spokesperson spokeswoman leader specialist
""".split())       # military ranks (`COL JOHN SMITH`), the Department's bureaus; an officer
# written apart from the office (`Pol/Econ Off`), political adviser, consul general, economic and
# political ministers, deputy DCM, assistant RSO, a team's or office's role nouns after its words
# (`PRT Team Leader`, `Provincial Reconstruction Team Leader`, `Political Specialist`): what
# stands before these is the title's too, as the name is read back from its end.
# An office's officer in one word (`PolMilOff`, `POLECONOFF`, `Conoff`, `Pol-EconOff`): the
# office's abbreviations, then `off`. Only these abbreviations open it: a surname in -off
# (`Ivanoff`, `Petroff`, `Orloff`, `Miloff`: `mil` only after another office) is no title.
OFFICE_OFFICER = re.compile(r"""
    (?:pol|econ|eco|con|cons|mgmt|mgt|pub|pa|pd|ag|env|esth|dept|labor|sci)
    (?:-?(?:pol|econ|eco|mil|com|pub|aff))*
    -?off
    """, re.VERBOSE)
# Where several names (or a name and its title) are separated: `,` `;` and parentheses, but not
# the comma before a suffix (`William R. Brownfield, Jr.`).
NAME_SEPARATOR = re.compile(r"[;()]|,(?!\s*+(?:Jr|Sr|II|III|IV)\b)", re.IGNORECASE)
# Words of an office or post, in no name (`Director of Iran Office`, `Consulate Peshawar`).
ORGANISATION_WORDS = frozenset("""office bureau embassy consulate department state mission post
    section division unit center centre agency presence""".split())
# A titled name after the first: a few titles, then a given name (or initials) and a surname
# (`DCM JANE DOE`); one word after a title is a place (`RSO Caracas`).
TITLED_NAME_MAX_WORDS = 8
TITLED_NAMES_MAX_CHARS = 160        # a `Classified By:` line's names, not a text run on after it
PERSON_NAME_WORD = re.compile(r"[A-Z](?:\.|[A-Za-z'’-]+\.?)")     # `Jane`, `Q.`, `O'Brien`, `Jr.`
NAME_AND = re.compile(r"\s+(?:and|AND|&)\s+")    # `Ambassador X and DCM Y`, `X AND DCM Y`
INITIAL = re.compile(r"[A-Z]\.")
FINAL_INITIAL = re.compile(r"\b[A-Z]\.$")
# A title's post after a preposition (`Ambassador to Kenya`, `Consul General in Lagos`): the
# place is no part of the name.
POST_PREPOSITIONS = frozenset({"to", "at", "in"})
# A reason: `1.4 (b) and (d)`, `1.4(b)(d)`, `1.4 b and d`, `1.4 (B) AND (D)`, `1.4 (b/d)`,
# `1.5 (B)`, `1.4(b+d)`; the dot may be lost before a parenthesis (`14 (b)`), `and` split by a line
# break the fold made a space (`an d`, `a nd`: not the letter a); the order named after the
# letters is none of them (`1.4 (b) and (d), E.O. 12958`: not the E of `E.O.`).
REASON = re.compile(r"""
    \b1(?:\s?\.\s?|(?=[4-6]\s?\())(?P<section>[4-6])
    (?P<letters>(?:[\s(),&+/.;:-]|(?i:\ba\ ?n\ ?d\b|\bor\b)|(?<![A-Za-z])[a-hA-H](?![A-Za-z]|\.\ ?O\b))*)
    """, re.VERBOSE)
# A line of reason letters only, under `for reasons 1.4`: `(b) and (d).`, `B & D`, a space typed
# inside a parenthesis (`(b) and (d )`, as REASON reads it on the line of `1.4`).
REASON_LETTERS_LINE = re.compile(r"""
    ^\s*+\(?[ ]?[a-hA-H][ ]?\)?
    (?:[ \t]*+(?:,|and|AND|&|or|/)?[ \t]*+\(?[ ]?[a-hA-H][ ]?\))*   # each further letter closes its `)`
    [ \t.;]*$""", re.VERBOSE)
REASON_WORD = re.compile(r"reason", re.IGNORECASE)
# Reason letters written without their section: `for reasons b, d.`, `Reasons ( b) and (d)`.
# Only right after the word `reason(s)` and up to the end of the sentence, so that no word
# (`for reasons of security`, the article `a`) is taken for a letter. (Each further letter is
# matched atomically, its runs of blanks possessive: any of the four blanks of an item could
# match a space between two letters, and a run of letters without a sentence end, `reasons
# b b b b b b b b b b b b x`, took 9 s by trying every way.)
SECTIONLESS_REASONS = re.compile(r"""
    \breasons?\b[ \t]*+:?[ \t]*+
    (?P<letters>\(?[ ]?[a-h](?!\.\w)[ ]?\)?                    # `b`, `(b)`, `( b)`; not `E.O.`
      (?>[ \t]*+(?:,|and|&|or|/)?[ \t]*+\(?[ ]?[a-h](?!\.\w)[ ]?\)?)*)   # `, d`, ` and (d)`, `/d`
    [ \t]*+(?:[.;]|$)
    """, re.VERBOSE | re.IGNORECASE)
# The section the reason letters belong to: 1.5 of E.O. 12958 until it was amended on 25 March
# 2003 (E.O. 13292), 1.4 since (and in E.O. 13526).
SECTION_SINCE_2003, SECTION_BEFORE_2003 = "4", "5"
REASON_LETTER = re.compile(r"(?<![A-Za-z])([a-hA-H])(?![A-Za-z])")
# `and` split after its `a` among the letters (`(b) a nd (d)`): that `a` is no reason letter
# (`and` and `an d` leave no letter of their own).
SPLIT_AND = re.compile(r"\ba\ nd\b", re.IGNORECASE)


# E.O. 12065 (1978-82) names the classifier on the E.O. line, in parentheses after the schedule
# (SCHEDULE_12065: `GDS`, `XDS-4`, `RDS-1,3`) and its date (after a space or a dash), the office
# code after them: `E.O. 12065: XDS-1 5/15/96 (HARTMAN, ARTHUR A.) OR-M`.
ORDER_12065_CLASSIFIER = re.compile(r"""
    \b12065 [ \t]*+:?[ \t]*+
    """ + SCHEDULE_12065 + r""" (?:(?:[ \t]+|[ \t]*-[ \t]*)\d{1,2}/\d{1,2}/\d{2,4})? [ \t]*+
    \((?P<name>[^()\n]{2,80})\)
    """, re.VERBOSE | re.IGNORECASE)


def order_classifier(head: list[str]) -> list[str]:
    """The classifier an E.O. 12065 line names (ORDER_12065_CLASSIFIER), as written, without a
    title (`AMB HARTMAN` is `HARTMAN`) and without the office written after the name (`SMITH,
    JOHN, EUR/WE` is `SMITH, JOHN`), also wrapped inside its parentheses (`(HARTMAN, ARTHUR` /
    `A.) OR-M`); [] without one."""
    for index, line in enumerate(head):
        if "12065" not in line:
            continue
        if line.count("(") > line.count(")") and index + 1 < len(head):
            line = f"{line.rstrip()} {head[index + 1].strip()}"      # the name wrapped
        if match := ORDER_12065_CLASSIFIER.search(line):
            name = name_after_titles(without_office_after(match["name"]))
            return [name] if name else []
    return []


def without_office_after(name: str) -> str:
    """`name` without the offices written after it, each after a comma (`SMITH, JOHN, EUR/WE`,
    `SMITH, JOHN, DCM`); a suffix stays (`ATHERTON, A.L., JR.`)."""
    parts, all_caps = name.split(","), name.isupper()
    while len(parts) > 1 and len(words := parts[-1].split()) == 1 \
            and is_title_word(words[0], all_caps):
        parts.pop()
    return ",".join(parts)


def classified_by_block(head: HeadBlock, after_head: list[str]) -> str:
    """The `Classified By:` text (may wrap, even over a blank line before `1.4 (d)`), in the
    header block or the lines after it (`1.(U) Classified by ...`)."""
    lines = head.lines + after_head
    after = (len(head.lines) + offset for offset, line in enumerate(after_head) if "cla" in line.lower())
    for index in itertools.chain(head.lines_with("cla"), after):
        line = lines[index]
        label = CLASSIFIED_BY_LABEL.search(line)
        if label:
            parts = [line[label.end():]]
            for following in lines[index + 1:index + 4]:
                stripped = following.strip()
                if stripped and FIELD_END.match(following) \
                        and not REASON.match(stripped) \
                        and not REASON_LETTERS_LINE.match(following) \
                        and not CLASSIFIED_BY_LABEL.match(following.lstrip()):   # a second
                    break                                       # line, indented or not
                # the cable's foot (`CONFIDENTIAL`, `NNNN`) under a line cut short (`A...`)
                if stripped and TELEGRAM_TRAILER_LINE.fullmatch(stripped) \
                        and not REASON_LETTERS_LINE.match(following):
                    break
                parts.append(following)
            return fold(" ".join(parts))
    return ""


def find_classified_by(block: str) -> list[str]:
    """Names in `Classified By:` (each of the lines when a second one follows: `Classified by
    DCM Karen Decker ...`), without titles or roles; [] when only a title or reason."""
    names: list[str] = []
    if not block:           # no `Classified By:` line (unclassified cables): nothing to read
        return names
    # Also `Classified By: Classified by X`: a second label holds `cla` (see `HeadBlock`).
    parts = CLASSIFIED_BY_LABEL.split(block) if "cla" in block.lower() else [block]
    for part in parts:
        names += [name for name in names_in_classified_by(part) if name not in names]
    return names


def names_in_classified_by(block: str) -> list[str]:
    """The names of one `Classified By:` text (label removed)."""
    block = block.lstrip()
    if block.startswith("("):                                # `Classified By: (U) Ambassador X`
        block = SUBJECT_MARKING.sub("", block)
    end = CLASSIFIED_BY_NAME_END.search(block)
    # (a dash between the name and the reason is neither: `Ambassador X - 1.4 (b)`)
    names_part = (block[:end.start()] if end else block).rstrip(" \t-\u2013\u2014")
    if names_part.lower().startswith("derived"):            # `Derived from Multiple Sources`
        return []
    segments = NAME_SEPARATOR.split(names_part)        # `Charge d'Affaires, a.i., Lisa Kubiske`
    for index, segment in enumerate(segments):
        names = [name for name in map(name_after_titles, name_parts(segment)) if name]
        if names and len(names_part) <= TITLED_NAMES_MAX_CHARS:
            return names + titled_names(segments[index + 1:])
        if names:                            # a line run on into the text: its first name only
            return names
    return []


def and_parts(segment: str) -> list[str]:
    """`segment` split at NAME_AND (`Ambassador X and DCM Y`). Most segments hold no `and`: told
    by three substring searches, cheaper than the split, which tries every character."""
    if "and" in segment or "AND" in segment or "&" in segment:
        return NAME_AND.split(segment)
    return [segment]


def name_parts(segment: str) -> list[str]:
    """`segment` split at NAME_AND (`and_parts`) and at a slash between two titled names
    (`slash_parts`: `Ambassador X/DCM Y`)."""
    parts = and_parts(segment)
    if "/" in segment:
        parts = [piece for part in parts for piece in slash_parts(part)]
    return parts


# A slash and the words on its sides (`Smith/DCM`, `SMITH / DCM`).
NAME_SLASH = re.compile(r"(?<![^\s/])(?P<before>[^\s/]+)[ \t]*/[ \t]*(?P<after>[^\s/]+)")   # (a word tried once)


def slash_parts(segment: str) -> list[str]:
    """`segment` split at each slash between a name's last word and a title (`Ambassador John
    Smith/DCM Jane Doe`): two titled names. A slash inside a title or an office (`Pol/Econ`,
    `A/DCM`, `EUR/PRA`, `Political/Economic Chief`) stands after a title word or a letter."""
    all_caps = segment.isupper()
    parts, start = [], 0
    for slash in NAME_SLASH.finditer(segment):
        before, after = slash["before"], slash["after"]
        if PERSON_NAME_WORD.fullmatch(before) and not is_title_word(before, all_caps) \
                and is_title_word(after, all_caps):
            parts.append(segment[start:slash.end("before")])
            start = slash.start("after")
    return [*parts, segment[start:]]


def titled_names(segments: list[str]) -> list[str]:
    """The names in the segments after the first name that a title opens (`AMBASSADOR X, DCM Y`).
    The segments after a name mostly hold its title or office (`Chris Stevens, DCM, Embassy
    Tripoli, Department of State`): a title alone gives no name, an office no title opens is
    skipped, and what holds an office's word (`Director of Iran Office`) is no name."""
    names = []
    # (a segment may join two titled names: `DCM JANE DOE AND POLCOUNS BOB BROWN`)
    for segment in (part for segment in segments for part in name_parts(segment)):
        words = segment.split()
        if not 3 <= len(words) <= TITLED_NAME_MAX_WORDS \
                or not is_title_word(words[0], segment.isupper()):
            continue
        name = name_after_titles(segment)
        if name and 2 <= len(name_words := name.split()) <= 4 \
                and all(PERSON_NAME_WORD.fullmatch(word) for word in name_words) \
                and ORGANISATION_WORDS.isdisjoint(name.lower().split()):
            names.append(name)
    return names


def short_name(words: list[str]) -> list[str]:
    """The name at the end of `words` (given name, initials, surname, suffix): what follows the
    post in `AMBASSADOR TO KENYA JOHN SMITH`."""
    end = len(words)
    while end > 1 and is_name_suffix(words[end - 1]):
        end -= 1
    start = end - 1                                          # the surname
    while start > 0 and INITIAL.fullmatch(words[start - 1]):
        start -= 1
    if start > 0:
        start -= 1                                           # the given name
    while start > 0 and INITIAL.fullmatch(words[start - 1]):   # `J. Robert Smith`
        start -= 1
    return words[start:]


def is_name_suffix(word: str) -> bool:
    return word.strip(",.").upper() in NAME_SUFFIXES


def name_after_titles(text: str) -> str | None:
    """The name at the end of `text`, after its titles, offices and roles: `Acting DCM Daniel A.
    Russell.` -> `Daniel A. Russell`, `EUR/PRA Director Stephanie Miley` -> `Stephanie Miley`;
    None when nothing but titles."""
    words = text.split()
    # A lower-cased scrape (`classified by: ambassador philip d. murphy`): the name as written;
    # case tells no cut-off word nor name there.
    lower_cased = text.islower()
    while words and ((words[-1][:1].islower() and not lower_cased)   # a cut-off `fo(r)`
                     or words[-1].lower() in CUT_FOR):
        words.pop()
    if "0." in words:                                       # OCR: `JOHN 0. DOE`
        words = ["O." if word == "0." else word for word in words]
    all_caps = text.isupper()
    name: list[str] = []
    stop = ""
    for word in reversed(words):
        if is_title_word(word, all_caps):
            stop = word.lower()
            break
        name.insert(0, word)
    if len(name) > 2 and name[0].lower() in POST_PREPOSITIONS:   # `to Kenya John Smith`
        name = short_name(name[2:])
    elif name and (stop == "of" or name[0].lower() == "for"):
        name = name_after_title_object(name[1:] if name[0].lower() == "for" else name)
    if not name or not (name[0][:1].isupper() or lower_cased) \
            or name[-1].endswith("..") \
            or name[0].lower() in ORGANISATION_WORDS:    # `A...`: cut off; `Embassy Nairobi`
        return None
    joined = " ".join(name)
    if len(joined.strip(" ,.:;")) < 2:                              # `d` of `Charge d,Affaires`
        return None
    # (FINAL_INITIAL is two characters at the end: searched there only)
    if joined.endswith(".") and not FINAL_INITIAL.search(joined, len(joined) - 2) \
            and not is_name_suffix(name[-1]):                   # keep a final initial, `Jr.`
        joined = joined[:-1]
    return joined.strip(" ,:;") or None


def name_after_title_object(words: list[str]) -> list[str]:
    """The name after the object of a title (`Secretary of State John Smith`, `Coordinator for
    Counterterrorism Dell Dailey`, `Director of Policy Planning Jane Doe`); [] when the words
    are the object alone (`Counselor for Nuclear Policy`)."""
    person = short_name(words) if len(words) > 1 else []
    return person if len(person) < len(words) else []


def is_title_word(word: str, all_caps: bool) -> bool:
    """A title, role or office (`Ambassador`, `PolMinCouns`, `EUR/PRA`, `USEU` in mixed case)."""
    bare = word.strip("().,:;?").lower()
    if "/" in word or not (bare.isalpha() or any(map(str.isalpha, bare))):   # most are letters
        return True
    if bare in TITLE_WORDS or bare.endswith(("couns", "counselor", "counsellor", "chief")):   # `PolChief`
        return True
    if bare.endswith("off") and OFFICE_OFFICER.fullmatch(bare):                  # `PolMilOff`
        return True
    # In a mixed-case line an upper-case abbreviation (`USEU`, `MC`, `SCA`) is an office; a
    # name's suffix (`III`, `JR.`) is none (asked last: no suffix is a title word above).
    return not all_caps and len(bare) >= 2 and word.isupper() and "." not in word \
        and not is_name_suffix(word)


def find_reasons(block: str, head: HeadBlock, year: int | None = None) -> list[str]:
    """Reasons such as `1.4 (b)`, `1.4 (d)`, from `Classified By:` (else any `reason` in the head).
    Letters written without their section (`for reasons b, d`) take the one in force in the
    cable's `year`."""
    matches = reason_matches(block)
    if not matches:
        matches = reason_matches(" ".join(head.lines[index] for index in head.lines_with("rea")
                                          if REASON_WORD.search(head.lines[index])))
    if not matches and "eason" in block.lower():  # `Reasons`, `REASON`
        return sectionless_reasons(block, year)
    reasons: list[str] = []
    for match in matches:
        letters = f"{match['letters']} {further_letters(block, match)}"
        if " nd" in letters or " ND" in letters:             # seldom there
            letters = SPLIT_AND.sub(" ", letters)
        for letter in REASON_LETTER.findall(letters):
            reason = f"1.{match['section']} ({letter.lower()})"
            if reason not in reasons:
                reasons.append(reason)
    return reasons


# A further reason's letter after the words that name the one before (`1.4 (b) foreign
# government information and (d) foreign relations`): in parentheses, after `and`, `or`, `&` or a
# comma, before the sentence ends.
FURTHER_LETTER = re.compile(r"(?:,|&|\band\b|\bor\b)[ \t]*\([ ]?([a-hA-H])[ ]?\)")
SENTENCE_END = re.compile(r"\.(?:\s|$)")


def further_letters(block: str, match: re.Match) -> str:
    """The letters (FURTHER_LETTER) that follow words after REASON's `match` in `block`, up to
    the end of its sentence or the next reason (`1.4 (d)`), joined; '' when none."""
    tail_end = len(block)
    if (stop := SENTENCE_END.search(block, match.end())) is not None:
        tail_end = stop.start()
    if (after := block.find("1", match.end(), tail_end)) != -1:
        tail_end = after
    if "(" not in block[match.end():tail_end]:
        return ""
    return " ".join(FURTHER_LETTER.findall(block, match.end(), tail_end))


def sectionless_reasons(block: str, year: int | None) -> list[str]:
    """`for reasons b, d.` -> ['1.4 (b)', '1.4 (d)'] (1.5 before 2003); [] without such letters."""
    found = SECTIONLESS_REASONS.search(block)
    if found is None:
        return []
    section = SECTION_BEFORE_2003 if year is not None and year < 2003 else SECTION_SINCE_2003
    letters = SPLIT_AND.sub(" ", found["letters"])
    return list(dict.fromkeys(f"1.{section} ({letter.lower()})"
                              for letter in REASON_LETTER.findall(letters)))


def reason_matches(text: str) -> list[re.Match]:
    """REASON's matches, looked for from the first `1` on: a reason starts with one (REASON has
    no literal start, so a search tries every character; its `\b` still sees the character
    before the position searched from)."""
    first = text.find("1")
    return [] if first == -1 else list(REASON.finditer(text, first))
