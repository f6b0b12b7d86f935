"""parse_cable: split a cable into header and body, parse each, derive the metadata fields."""
import re
from datetime import date, datetime, timezone
from typing import Any, Mapping, NamedTuple

from ._body import clean_body, parse_body
from ._body_classification import classification_from_security_line, classification_from_whole_text_marking
from ._body_dates import date_line, referenced_dates, reported_dates
from ._body_line_kinds import PARAGRAPH_START
from ._body_refs import addressee_station, date_references, earliest_year_citing, known_stations
from ._body_subject import SUBJECT_WRAP_LINES
from ._dates import (after_reported_events, earliest_drafting, estimate_created,
                     latest_drafting)
from ._errors import CableParseError
from ._header import (CLASSIFICATION_LINE, later_headers, parse_header, parse_header_lines,
                      split_header, split_header_lines)
from ._metadata import letters, post_of_sender, post_of_station, reference_id, routing_warning
from ._text import ASCII_CAPITALS, CleanText, strip_markup


# The labels of the header fields a later section repeats under its classification line
# (`E.O. 12356: DECL: OADR`, `TAGS: PGOV`, `SUBJ: ...`); the first paragraph's start
# (`_body_line_kinds.PARAGRAPH_START`) ends that repeated block.
SECTION_HEAD_LABEL = re.compile(r"^\s*+(?:E\.?\s?O\.?\s*\d|TAGS?\b|(?P<subject>SUBJ(?:ECT)?\b))", re.IGNORECASE)
# How far under the classification line a repeated block's labels are looked for.
SECTION_HEAD_LINES = 12


class ParsedCable(NamedTuple):
    """The parser's result.

    fields: every field of schemas/cable.avsc except source, ingested_at and pipeline_version,
        as Python values (aware UTC datetimes, datetime.date, lists of dicts for nested records).
    evidence: what the metadata fields were derived from, so validation can cross-check them:
        station_serial  (STATION, serial) the reference id was built from: the body's
                        'ALMATY 002404' line, else (when the body has none, or names another
                        cable) the FM line's station and the DE sequence; None without either
        body_station_serial  the body's own (STATION, serial), or None
        dtg_year        four-digit year of the date-time group, or None
        derived         {reference_id, created, classification, origin} from the text alone
        metadata        the source metadata that was given (may be empty)
    """

    fields: dict
    evidence: dict


# The metadata fields: derived from the text, and cross-checked with the source's metadata.
DERIVED_FIELDS = ("reference_id", "created", "classification", "origin")

# Body fields copied as they are, with the record's default when the body half has none.
BODY_FIELDS: dict[str, Any] = {
    "classification": None, "handling": [], "sections": None, "executive_order": None,
    "declassify_on": None, "classified_by": [], "classification_reasons": [], "tags": [],
    "subject": None, "references": [], "summary": None, "comment": None, "paragraphs": [],
    "signed_by": [], "body": None, "partial": False, "redactions": 0,
}


def parse_cable(text: str, metadata: Mapping | None = None) -> ParsedCable:
    """Parse one cable's text (header, blank line, body; or a bare body for partial extracts).

    `metadata` is what the source itself says (Cablegate HTML table, CSV columns): optional keys
    reference_id, created, released, classification, origin. The record keeps the source's values
    and records a warning where the text disagrees.
    """
    if not text or text.isspace():     # (isspace stops at the first other character)
        raise CableParseError("empty_input", "the input holds no text")
    metadata = {key: value for key, value in metadata.items() if value not in (None, "")} \
        if metadata else {}
    try:
        header_lines, body_text = split_header_lines(text)
        header = parse_header_lines(header_lines)
        clean = clean_body(body_text)       # (its scan of the line starts guards the screen too)
        screened, repeat_warnings = _screen_later_headers(header, body_text, clean)
        body = parse_body(screened, year=header["year"],
                          clean=clean if screened is body_text else None)
    except CableParseError:
        raise
    except Exception as error:  # a parser bug must still reach the dead letters as a parse error
        raise CableParseError("parser_error", f"{type(error).__name__}: {error}") from error
    if not any(header_lines) and not _looks_like_body(body):
        if strip_markup(text).isspace():    # (the rare path: nothing else pays for this check)
            raise CableParseError("empty_input",
                                  "the input holds no text but markup and white space")
        raise CableParseError("not_a_cable",
                              "no telegram header, classification line, TAGS or SUBJECT")

    warnings = list(header["warnings"]) + repeat_warnings + list(body.get("warnings") or [])
    derived, station_serial = _derive(header, body, metadata, warnings)
    fields = _fields(header, body, derived)
    _cross_check(fields, derived, metadata, warnings)
    # Citations without a year take the cable's (or the year before), once it is known.
    if fields["references"]:
        date_references(fields["references"], header["year"] or _year_of(fields["created"]),
                        station_serial, _day_of_year(header["created"]),
                        addressee_station(fields["recipients"] or []))
    fields["released"] = _as_datetime(metadata.get("released"))
    fields["warnings"] = warnings
    evidence = {
        "station_serial": station_serial,
        "body_station_serial": body.get("station_serial"),
        "dtg_year": header["year"],
        "derived": derived,
        "metadata": dict(metadata),
    }
    return ParsedCable(fields, evidence)


def _screen_later_headers(header: dict, body_text: str, clean: CleanText) -> tuple[str, list[str]]:
    """(body text, warnings) after looking at the telegram headers inside the body.

    A header with the same DTG and sender repeats this cable's own (page-format printouts repeat
    it per section; scrapes duplicate it): a copy at the very top of the body is dropped, the
    others are left to the body parser. A header with another DTG or sender belongs to another
    message: with routing lines (VZCZC, DE), which only a transmission carries, the input is two
    cables glued together (CableParseError 'multiple_cables'); without them it may be a quoted
    message (old cables quote the DTG, FM and TO lines), so it only earns a warning. A text
    without a DTG or sender of its own has nothing to compare with: it is left as it is.

    `clean`: the body's cleaning, whose scan of the line starts tells the bodies none of whose
    lines may start a header (nearly all): they are not searched again.
    """
    warnings: list[str] = []
    top_copy, repeats = False, []
    if not (header["date_time_group"] or header["sender"]) or not clean.may_hold_a_header():
        return body_text, warnings
    # A scrape that lower-cased the whole cable: its later headers are found, as its first one
    # is (`_header.split_header_lines`), in the capitals the format writes them in (the same
    # length: the offsets hold). It hid a second cable glued on.
    searched = body_text.translate(ASCII_CAPITALS) if body_text.islower() else body_text
    for offset, later_text in later_headers(searched):
        later = parse_header(later_text)
        if not (later["date_time_group"] or later["sender"]):
            continue  # routing lines alone say nothing about which message follows
        if _same_message(header, later):
            top_copy = top_copy or offset == 0
            if offset:
                repeats.append((offset, later_text))
            continue
        line = body_text.count("\n", 0, offset) + 1
        described = f"DTG {later['date_time_group'] or '?'}, FM {_excerpt(later['sender'])}"
        if later["transmission_id"] or later["routing"]:
            raise CableParseError("multiple_cables", f"a second telegram ({described}) starts at "
                                  f"line {line} of the body: two cables in one input")
        warnings.append(f"another message header ({described}) at line {line} of the body: "
                        "a quoted message or a second cable")
    if repeats:
        body_text = _without_repeated_section_heads(body_text, repeats, searched)
    if top_copy:
        body_text = split_header(body_text)[1]
        warnings.append("header block repeated at the top of the body; the copy was dropped")
    return body_text, warnings


def _without_repeated_section_heads(body_text: str, repeats: list[tuple[int, str]],
                                    searched: str) -> str:
    """The body without the header a later section of old page-format printouts repeats: the
    classification banners above it, its DTG, FM, TO and INFO lines (`repeats`: offset and
    text of each), the section's classification line under it and the header fields under
    that (E.O., TAGS, SUBJECT and the lines between). The blank lines stay (the cleaning cuts
    their runs to one): what stood before and after stays apart. The lines are read in
    `searched` (the body, or a lower-cased scrape's in capitals), and cut from the body."""
    lines = searched.split("\n")
    dropped: set[int] = set()
    for offset, header_text in repeats:
        first = body_text.count("\n", 0, offset)
        last = _last_line_of(lines, first, header_text)
        dropped.update(_banners_above(lines, first))
        dropped.update(range(first, last + 1))
        dropped.update(_section_head_below(lines, last + 1))
    return "\n".join(line for index, line in enumerate(body_text.split("\n"))
                     if index not in dropped)


def _last_line_of(lines: list[str], first: int, header_text: str) -> int:
    """The last of `lines` that the header read from line `first` on (`header_text`) covers
    whole. Counted in words, not lines: the header may have been read from lines run together
    and cut apart (`_header.with_header_fields_apart`: more lines than the text holds, cut at
    spaces), and a line that also holds the body's first words (run on after the header) is
    the body's, kept."""
    words = len(header_text.split())
    index = first
    while index < len(lines) and words > 0:
        words -= len(lines[index].split())
        index += 1
    return index - 1 if words >= 0 else index - 2


def _banners_above(lines: list[str], index: int) -> list[int]:
    """The lone classification banners (`CONFIDENTIAL`) among the lines right above `index`,
    over blank lines."""
    found = []
    while index > 0:
        index -= 1
        line = lines[index].strip()
        if line and not (CLASSIFICATION_LINE.match(line) and not line[-1].isdigit()):
            break
        if line:
            found.append(index)
    return found


def _section_head_below(lines: list[str], index: int) -> list[int]:
    """The section's classification line from `index` on (over blank lines), and the lines up
    to its last header field (the SUBJECT with its continuation lines), blank lines left out;
    nothing when no classification line follows."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index == len(lines) or not CLASSIFICATION_LINE.match(lines[index].strip()):
        return []
    end = index
    for position in range(index + 1, min(len(lines), index + 1 + SECTION_HEAD_LINES)):
        if PARAGRAPH_START.match(lines[position]):
            break
        label = SECTION_HEAD_LABEL.match(lines[position])
        if label:
            end = position
            if label["subject"]:      # with the lines it wraps onto, as a subject may
                for following in range(end + 1, min(len(lines), end + 1 + SUBJECT_WRAP_LINES)):
                    if not lines[following].strip() or PARAGRAPH_START.match(lines[following]):
                        break
                    end = following
                break
    return [position for position in range(index, end + 1) if lines[position].strip()]


def _excerpt(text: str | None, limit: int = 60) -> str:
    """A short piece of input text for a message (an FM line can be any length)."""
    if not text:
        return "?"
    return text if len(text) <= limit else text[:limit] + "..."


def _same_message(header: dict, later: dict) -> bool:
    return (later["date_time_group"], later["sender"]) == (header["date_time_group"],
                                                           header["sender"])


def _looks_like_body(body: dict) -> bool:
    """A headerless text is a cable (partial extract) when it has a cable's body markers."""
    return any(body.get(key) for key in ("classification", "station_serial", "tags", "subject"))


def _derive(header: dict, body: dict, metadata: Mapping, warnings: list[str]):
    """({reference_id, created, classification, origin} from the text alone, (station, serial))."""
    sender_post = post_of_sender(header["sender"]) if header["sender"] else None
    station, serial = _station_and_serial(header, body.get("station_serial"), sender_post, warnings)
    own = (letters(station), int(serial)) if station and str(serial).isdigit() else None
    created = _created_from_text(header, body, metadata, warnings, own)
    year = header["year"] or _year_of(created) or _year_of(_as_datetime(metadata.get("created")))
    origin: str | None
    if sender_post:
        origin = sender_post.origin
    else:  # partial extracts: the station of the body's serial line
        origin = post_of_station(station).origin if station else None
    route_warning = routing_warning((header["routing"] or {}).get("station"), header["sender"])
    if route_warning:
        warnings.append(route_warning)
    # Without a classification line or portion marking, the header's security line says the level
    classification = body.get("classification") \
        or classification_from_whole_text_marking(body.get("paragraphs") or [], warnings) \
        or classification_from_security_line(header["security_level"], body.get("head_markings") or [],
                                             warnings)
    derived = {
        "reference_id": reference_id(year, station, serial),
        "created": created,
        "classification": classification,
        "origin": origin,
    }
    return derived, own


def _created_from_text(header: dict, body: dict, metadata: Mapping, warnings: list[str],
                       own: tuple[str, int] | None):
    """The DTG; without one, unless the source gives a date, the date line a newspaper published
    the cable under (`_body_dates.DATE_LINE`), else an estimate from the DECL date."""
    if header["created"] is not None or "created" in metadata:
        return header["created"]
    stamped = date_line(body.get("body") or "")
    if stamped is not None:      # the date line newspapers published the cable under
        warnings.append("created_estimated")
        return stamped
    not_before = earliest_drafting(body.get("executive_order"),
                                   body.get("classification_reasons") or [])
    not_after = latest_drafting(body.get("executive_order"))
    created = estimate_created(body.get("declassify_on"), not_before,
                               earliest_year_citing(body.get("references") or [], own), not_after)
    if created is not None:      # not before the events the text reports, nor after DECL
        bounds = [bound for bound in (not_after, body.get("declassify_on")) if bound]
        created = after_reported_events(
            created, reported_dates(body.get("body") or "")
            + referenced_dates(body.get("references") or []),
            min(bounds) if bounds else None, body.get("declassify_on"))
        warnings.append("created_estimated")
    return created


def _station_and_serial(header: dict, station_serial, sender_post, warnings: list[str]):
    """(station, serial) for the reference id: the body's serial line, else the header's.

    The header's are the FM line's station and the DE sequence, which is the serial's last four
    digits (STATE 100153 goes out as #0153). When the body's line names another station AND
    another serial, the body belongs to another cable (scraping mix-up): the header wins.
    """
    sequence = (header["routing"] or {}).get("sequence")
    header_station = sender_post.station if sender_post else None
    if not station_serial:
        return header_station, sequence
    station, serial = station_serial
    if not sequence and shortened_station(station, header_station):
        return header_station, serial       # `USUN 4870` from USMISSION USUN NEW YORK
    if header_station and sequence and letters(station) != header_station \
            and int(serial) % 10000 != int(sequence) % 10000:
        warnings.append(f"reference_id: the body's serial line says {station} {serial}, "
                        f"the header says {header_station} #{sequence}; using the header")
        return header_station, sequence
    return station, serial


# The old printouts (no DE line) write their own station short on the serial line, as the
# telegram's station field and the page header cut it (`USUN 4870`, `USUN N 05012` from
# USMISSION USUN NEW YORK, `CAPE T 00097` from AMCONSUL CAPE TOWN): a station the FM line's
# starts with is the FM line's. Not a station known whole (`ISLAMABAD 525` under an FM line run
# on with its TO line, `FM AMEMBASSY ISLAMABAD TO JOINT STAFF ...`, is ISLAMABAD's), and three
# letters at least, so that a stray word is no station's short form.
SHORTEST_STATION = 3


def shortened_station(station: str, header_station: str | None) -> bool:
    """The body's serial-line `station` (letters) is the FM line's `header_station` cut short."""
    return (header_station is not None and len(station) >= SHORTEST_STATION
            and len(station) < len(header_station) and header_station.startswith(station)
            and station not in known_stations())


def _fields(header: dict, body: dict, derived: dict) -> dict:
    # (a new list for each list default; the other defaults, None and False, are kept as they are)
    fields = {key: value if (value := body.get(key)) is not None
              else (list(default) if default.__class__ is list else default)
              for key, default in BODY_FIELDS.items()}
    fields.update(derived)
    for key in ("date_time_group", "precedence", "sender", "transmission_id", "routing",
                "recipients", "info_recipients"):
        fields[key] = header[key]
    return fields


def _cross_check(fields: dict, derived: dict, metadata: Mapping, warnings: list[str]) -> None:
    """Keep the source's metadata value; warn where the text says otherwise.

    One exception: a DTG on the source's day is kept, as the source's time is not the DTG's.
    """
    for key in DERIVED_FIELDS:
        if key not in metadata:
            continue
        given = _as_datetime(metadata[key]) if key == "created" else metadata[key]
        if given is None:
            continue
        text_value = derived[key]
        if text_value is not None and _differs(key, text_value, given):
            warnings.append(f"{key}: text says '{_show(key, text_value)}', "
                            f"source metadata says '{_show(key, given)}'")
        elif key == "created" and text_value is not None:
            continue
        fields[key] = given


def _differs(key: str, text_value, given) -> bool:
    if key == "created":  # the metadata time is not the DTG time: compare the day only
        return text_value.date() != given.date()
    return str(text_value).casefold() != str(given).casefold()


def _show(key: str, value) -> str:
    return value.date().isoformat() if key == "created" else str(value)


def _year_of(when: datetime | None) -> int | None:
    return when.year if when else None


def _day_of_year(when: datetime | None) -> int | None:
    # (by ordinals: `timetuple().tm_yday` builds a struct_time, four times the cost)
    return when.toordinal() - date(when.year, 1, 1).toordinal() + 1 if when else None


def _as_datetime(value) -> datetime | None:
    """An aware UTC datetime from a datetime, date or ISO string ('2006-07-07 06:53'); else None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    return None
