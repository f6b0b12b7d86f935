"""The classification line (`CONFIDENTIAL SECTION 01 OF 02 ALMATY 002404`, letter-spaced or
damaged) and what it and the caveat lines give: the classification (from the portion markings
when no line is found), the handling caveats (`NOFORN`, `SIPDIS`), the sections and the station
and serial.

The header block after the line is `_body_head`'s; the other fields of the block, the
`_body_*` modules named for them.
"""
import re
from typing import Sequence

from ._body_head import FIELD_END
from ._body_line_kinds import paragraph_starts
from ._metadata import letters
from ._text import ASCII_CAPITALS, Lines

CLASSIFICATION_SEARCH_LINES = 40   # scrapes put a date or an `ID:` block before the line


def spaced(word: str) -> str:
    """A pattern for `word` with an optional space between letters (`C O N F I D E N T I A L`)."""
    return r"\ ?".join(word)


# The classification line: the level (letter-spaced or not; `SS E C R E T`, `E C R E T` and
# `O N F I D E N T I A L` are scraping damage: a first letter doubled or lost), then the rest of
# the line, checked by CLASSIFICATION_TAIL.
CLASSIFICATION_LINE = re.compile(rf"""
    ^\s*+(?:
        (?P<top_secret>{spaced('TOP')}\s+{spaced('SECRET')})
      | (?P<secret>S?\ ?{spaced('SECRET')}|{spaced('ECRET')})
      | (?P<confidential>{spaced('CONFIDENTIAL')}|{spaced('ONFIDENTIAL')})
      | (?P<lou>LIMITED\s+OFFICIAL\s+USE)
      | (?P<unclassified>UNCLAS(?:SIFIED)?)
    )
    (?P<tail>(?:[\s/,].*)?)$
    """, re.VERBOSE | re.IGNORECASE)

# Caveats and distribution markings: on caveat lines of their own, or on the classification line.
# Besides the caveats: FOUO, `FOR OFFICIAL USE ONLY` and SBU (sensitive but unclassified), which
# say of an UNCLAS cable what SENSITIVE does; a release marking, `REL TO` and the trigraphs (or
# tetragraphs: NATO) of the countries it may be released to, comma-separated (`REL TO USA, FRA`:
# a space without a comma ends it, the station follows); EFTO, letter-spaced by old cables
# (`UNCLAS E F T O`: encrypt for transmission only). Each stands between the level and the
# station on the classification line, and is no part of the station.
REL_TO = r"REL[ \t]+TO[ \t]+[A-Z]{3,4}(?:[ \t]*,[ \t]*[A-Z]{3,4})*+"
# SENSITIVE spelled out (`SENSITIVE BUT UNCLASSIFIED` as the caveat line) is SENSITIVE.
MARKINGS = ("NOFORN", r"SENSITIVE[ \t]+BUT[ \t]+UNCLASSIFIED", "SENSITIVE", "SIPDIS", "EXDIS", "NODIS", "LIMDIS", "STADIS", "ORCON",
            "NOCONTRACT", "PROPIN", "FGI", r"E\ ?F\ ?T\ ?O", "FOUO", "SBU",
            r"FOR[ \t]+OFFICIAL[ \t]+USE[ \t]+ONLY", REL_TO)
MARKING = "(?:" + "|".join(MARKINGS) + ")"
MARKING_WORD = re.compile(rf"(?<![A-Z]){MARKING}(?![A-Z])")
# A caveat line holds markings alone, or is a banner line: a level, `//`, then the markings
# (`SECRET//FGI//NOFORN`, repeated under the header block by some cables).
BANNER_LEVEL = r"(?:TOP\ SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED)[ \t]*//"
CAVEAT_LINE = re.compile(rf"""
    ^[ \t]*+(?:{BANNER_LEVEL}[ \t/]*)?
    {MARKING}(?:[ \t,/]+{MARKING})*[ \t,/.]*$
    """, re.IGNORECASE | re.MULTILINE | re.VERBOSE)
# Markings that open an addressing line, closed by a comma (`Sipdis, isn/mtr, eur/ags and
# eur/pra`: a lower-cased scrape ran the SIPDIS line into the line under it).
# Possessive runs: a long run of spaces after a marking is read once, never split.
LEADING_CAVEATS = re.compile(rf"^[ \t]*+(?P<caveats>{MARKING}(?:[ \t,/]++{MARKING})*+)[ \t]*+,", re.IGNORECASE)
# A caveat line opens with a marking's first two characters in either case, or is a banner line
# holding `//`: most lines are neither, and are told so without a regex call. Two characters,
# not one: `SUBJECT`, `E.O.`, `Summary` open with a marking's first letter (3 of 5 lines tried).
MARKING_OPENINGS = ("NO", "SE", "SI", "EX", "LI", "ST", "OR", "PR", "FG", "EF", "E ",  # `E F T O`
                    "FO", "SB", "RE")
# What IGNORECASE also matches beyond a letter's two cases.
IGNORECASE_EXTRAS = {"s": "ſ", "i": "ıİ"}


def case_variants(character: str) -> str:
    return character.upper() + character.lower() + IGNORECASE_EXTRAS.get(character.lower(), "")


CAVEAT_OPENINGS = frozenset(first + second for opening in MARKING_OPENINGS
                            for first in case_variants(opening[0]) for second in case_variants(opening[1]))

# What may follow the level on the classification line: caveats, `SECTION 01 OF 02`, then the
# station and serial (`ALMATY 002404`, `RIO DE JANEIRO 000138`, lower-cased by some scrapes).
CLASSIFICATION_TAIL = re.compile(rf"""
    ^[\s/,]*+(?P<caveats>(?:{MARKING}[\s/,]+)*{MARKING}?)\s*
    (?:SECTION\s+(?P<section>\d{{1,3}})\s+OF\s+(?P<sections>\d{{1,3}})\s*)?
    (?:(?P<station>[A-Z][A-Z.'-]*(?:\ [A-Z][A-Z.'-]*){{0,3}})\s+(?P<serial>\d{{2,8}}))?
    (?P<end>\s*$)?
    """, re.VERBOSE | re.IGNORECASE)

# The markings that follow the serial on a classification line run on with the header block.
RUN_ON_CAVEATS = re.compile(rf"[\s/,]*+(?P<caveats>(?:{MARKING}[\s/,]++)*{MARKING})(?![A-Z])", re.IGNORECASE)

# Portion markings such as (SBU), (C), (S/NF), (TS//NF): the fallback when no line is found.
PORTION_MARKING = re.compile(r"\((?P<level>TS|S|C|SBU|U)(?:\s*//?\s*(?P<nf>NF|NOFORN))?\)")

LEVEL_NAMES = {"top_secret": "TOP SECRET", "secret": "SECRET", "confidential": "CONFIDENTIAL",
               "lou": "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "unclassified": "UNCLASSIFIED"}
PORTION_LEVELS = {"TS": "TOP SECRET", "S": "SECRET", "C": "CONFIDENTIAL",
                  "SBU": "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "U": "UNCLASSIFIED"}
LEVEL_RANK = ["UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "CONFIDENTIAL", "SECRET",
              "TOP SECRET"]


def find_classification_line(lines: Lines) -> tuple[int | None, re.Match | None, re.Match | None]:
    """Index, match and CLASSIFICATION_TAIL match (caveats, SECTION, station) of the
    classification line among the first lines, or (None, None, None). The line holds nothing
    else, or (scrapes that run the header block into one line) goes on after the station and
    serial. A line holding nothing else is looked for past a run-on one up to the first numbered
    paragraph only: after it, it is the classification repeated at the end of the text (a
    short cable whose paragraphs stand on one line each), not the cable's own line."""
    run_on = None
    # (a run-on line opens in capitals, as its station; in a lower-cased scrape, in small letters.
    # `islower` stops at the first capital: a text in capitals or mixed case is read no further)
    lower_cased = lines.text.islower()
    for index, line in enumerate(lines.lines[:CLASSIFICATION_SEARCH_LINES]):
        if run_on is not None and index in paragraph_starts(lines):
            break
        match = CLASSIFICATION_LINE.match(line)
        tail = CLASSIFICATION_TAIL.match(match["tail"]) if match else None
        if tail and tail["end"] is not None:
            if not tail["serial"] and not tail["sections"]:
                return _full_line_under(lines.lines, index) or (index, match, tail)
            return index, match, tail
        if tail and tail["serial"] and run_on is None \
                and ((line.lstrip()[:5].isupper() and tail["station"].isupper())
                     or (lower_cased and line.lstrip()[:5].islower() and tail["station"].islower())):
            run_on = index, match, tail
    return run_on or (None, None, None)


# A banner (the level and its markings alone: `SECRET//REL TO USA, FRA`, `CONFIDENTIAL`) may
# stand over the classification line, a blank line or two between: the line under it, with the
# station and serial, is the cable's (the banner's markings are read by `banner_lines`).
BANNER_LINES = 3


def _full_line_under(lines: list[str], index: int) -> tuple[int, re.Match, re.Match] | None:
    """The classification line with station and serial among the BANNER_LINES lines under the
    banner at `index` (blank lines only between them), or None."""
    for under in range(index + 1, min(len(lines), index + 1 + BANNER_LINES)):
        if not lines[under].strip():
            continue
        match = CLASSIFICATION_LINE.match(lines[under])
        tail = CLASSIFICATION_TAIL.match(match["tail"]) if match else None
        if match and tail and tail["serial"] and tail["end"] is not None:
            return under, match, tail
        return None
    return None


def banner_lines(lines: list[str], index: int) -> list[str]:
    """The caveat lines (a banner: `SECRET//NOFORN`) among the BANNER_LINES lines above the
    classification line at `index`: their markings are the cable's."""
    return caveat_lines(lines[max(0, index - BANNER_LINES):index])


def caveat_lines(lines: list[str], addressing: bool = False) -> list[str]:
    """The caveat lines among `lines`; for the header block (`addressing`), also the markings
    that open an addressing line above its first field (label or paragraph)."""
    found = []
    for index, line in enumerate(lines):
        if line.lstrip(" \t")[:2] not in CAVEAT_OPENINGS and "//" not in line:
            continue
        if CAVEAT_LINE.match(line):
            found.append(line)
        elif addressing and "," in line and (leading := LEADING_CAVEATS.match(line)) \
                and not any(FIELD_END.match(above) for above in lines[1:index]):
            found.append(leading["caveats"])
    return found


def find_handling(tail: re.Match | None, caveats: list[str], found: Sequence[str] = ()) -> list[str]:
    """Markings of the classification line and of the caveat lines, in order, without
    duplicates, after the markings `found` already (the header block's, for the caveat lines
    at the end). A classification line that runs on past its serial (a scrape that ran the
    header block into one line) holds the caveat lines' markings right after the serial
    (`MOSCOW 000228  SIPDIS  STATE FOR EUR/RUS`)."""
    found = list(found)
    sources = [tail["caveats"]] if tail else []
    if tail and tail["serial"] and tail["end"] is None \
            and (run_on := RUN_ON_CAVEATS.match(tail.string, tail.end())):
        sources.append(run_on["caveats"])
    for source in sources + caveats:
        for word in map(marking_name, MARKING_WORD.findall(source.upper())):
            if word not in found:
                found.append(word)
    return found


# The separators of a release marking's countries, however spaced.
COUNTRY_SEPARATOR = re.compile(r"[ \t]*,[ \t]*")


def marking_name(word: str) -> str:
    """The one name a marking (in capitals) is listed under, however written: `E F T O` is
    EFTO, `FOR OFFICIAL USE ONLY` is FOUO, `REL TO USA,FRA` is `REL TO USA, FRA`."""
    if word.startswith("REL"):
        return COUNTRY_SEPARATOR.sub(", ", " ".join(word.split()))
    if word.startswith("FOR"):
        return "FOUO"
    if word.startswith("SENSITIVE"):
        return "SENSITIVE"          # `SENSITIVE BUT UNCLASSIFIED`
    return word.replace(" ", "")


# The markings that make an UNCLAS cable `UNCLASSIFIED//FOR OFFICIAL USE ONLY` (the contract's
# value for UNCLAS marked SENSITIVE or SBU; FOUO is the value's own name).
FOR_OFFICIAL_USE = ("SENSITIVE", "SBU", "FOUO")


def find_classification(line_match, head_markings, text, warnings) -> str | None:
    """The Cablegate classification: the line's level, `//NOFORN` for a NOFORN caveat (on the
    line or the caveat lines of the header block), and UNCLAS marked SENSITIVE (or carrying SBU
    portions) as `UNCLASSIFIED//FOR OFFICIAL USE ONLY`. Without the line, the portion markings'
    (without them, `_parse` asks the header's security line: classification_from_security_line)."""
    if line_match is None:
        return classification_from_portions(text, warnings)
    for name, level in LEVEL_NAMES.items():      # (a loop, not next() of a generator)
        if line_match[name]:
            break
    return with_markings(level, head_markings, text)


def with_markings(level: str, head_markings: Sequence[str], text: str = "") -> str:
    """The classification of a cable of `level` (LEVEL_NAMES' values) with these markings of the
    classification line and header block (find_classification), and `text`'s SBU portions."""
    if level == "UNCLASSIFIED" and (any(marking in head_markings for marking in FOR_OFFICIAL_USE)
                                    or "(SBU)" in text
                                    or ("(sbu)" in text and text.islower())):   # lower-cased scrape
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    if level in ("CONFIDENTIAL", "SECRET", "TOP SECRET") and "NOFORN" in head_markings:
        # Cablegate drops NOFORN when the caveats open with NOFORN and also say SENSITIVE
        # (every such case of the corpus; SENSITIVE before NOFORN keeps it).
        if head_markings[0] == "NOFORN" and "SENSITIVE" in head_markings:
            return level
        return level + "//NOFORN"
    return level


# The levels of the old markings of the whole text after the first paragraph's number (`1. SECRET
# - ENTIRE TEXT.`: `_body_paragraphs.entire_text_marking` gives its letters).
WHOLE_TEXT_LEVELS = {**PORTION_LEVELS, "LOU": "UNCLASSIFIED//FOR OFFICIAL USE ONLY"}


def classification_from_whole_text_marking(paragraphs: Sequence[dict], warnings: list[str]) -> str | None:
    """Without a classification line or a portion marking (find_classification gave None), the
    level the first paragraph's old marking of the whole text gives (`1. SECRET - ENTIRE
    TEXT.`): the cable's own statement, read before the header's security line, which says the
    transmission's (a SECRET text under `ZNY CCCCC` was CONFIDENTIAL)."""
    level = WHOLE_TEXT_LEVELS.get(paragraphs[0]["classification"] or "") if paragraphs else None
    if level:
        warnings.append("classification inferred from the first paragraph's marking of the whole text")
    return level


def classification_from_security_line(security_level: str | None, head_markings: Sequence[str],
                                      warnings: list[str]) -> str | None:
    """Without a classification line or a portion marking (find_classification gave None), the
    level the header's security line gives (`ZNY CCCCC ZZH`: CONFIDENTIAL; see
    `_header.SECURITY_LEVEL`), with the header block's caveats read as the line's would be
    (`NOFORN`, `SENSITIVE`: the transmission says the message's level, not its caveats; an SBU
    portion would have been read first). The evidence of last resort, hence a warning."""
    if security_level is None:
        return None
    warnings.append("classification inferred from the header's security line")
    return with_markings(security_level, head_markings)


def classification_from_portions(text: str, warnings: list[str]) -> str | None:
    """Without a classification line, the highest portion marking (a guess, hence a warning).
    A lower-cased scrape's markings (`(s)`, `(c//nf)`) are read in the capitals the cable
    wrote them in (a text in mixed case keeps its own: `(c)` there is a list's letter)."""
    if text.islower():
        text = text.translate(ASCII_CAPITALS)
    best, noforn = None, False
    for match in PORTION_MARKING.finditer(text):
        level = PORTION_LEVELS[match["level"]]
        noforn = noforn or bool(match["nf"])
        if best is None or LEVEL_RANK.index(level) > LEVEL_RANK.index(best):
            best = level
    if best is None:
        return None
    warnings.append("classification inferred from paragraph markings")
    if noforn and best in ("CONFIDENTIAL", "SECRET", "TOP SECRET"):
        return best + "//NOFORN"
    return best


def find_sections(tail: re.Match | None, page_header: re.Match | None) -> int | None:
    """`SECTION 01 OF 02` gives 2; else the page count of a page header."""
    if tail and tail["sections"]:
        return int(tail["sections"])
    return int(page_header["pages"]) if page_header else None


def find_station_serial(tail: re.Match | None, page_header: re.Match | None) -> tuple[str, int] | None:
    """(STATION, serial) from the classification line, else from a page header."""
    if tail and tail["station"]:
        return letters(tail["station"]), int(tail["serial"])
    if page_header:
        return letters(page_header["station"]), int(page_header["serial"])
    return None
