"""parse_cable: split a cable into header and body, parse each, derive the metadata fields."""
from typing import Mapping, NamedTuple

from ._body import parse_body
from ._errors import CableParseError
from ._header import parse_header, split_header


class ParsedCable(NamedTuple):
    """The parser's result.

    fields: every field of schemas/cable.avsc except source, ingested_at and pipeline_version,
        as Python values (aware UTC datetimes, datetime.date, lists of dicts for nested records).
    evidence: what the metadata fields were derived from, so validation can cross-check them:
        station_serial  (STATION, serial) from the body's 'ALMATY 002404' line, or None
        dtg_year        four-digit year of the date-time group, or None
        derived         {reference_id, created, classification, origin} from the text alone
        metadata        the source metadata that was given (may be empty)
    """

    fields: dict
    evidence: dict


def parse_cable(text: str, metadata: Mapping | None = None) -> ParsedCable:
    """Parse one cable's text (header, blank line, body; or a bare body for partial extracts).

    `metadata` is what the source itself says (Cablegate HTML table, CSV columns): optional keys
    reference_id, created, released, classification, origin. The record keeps the source's values
    and records a warning where the text disagrees.
    """
    if not text or not text.strip():
        raise CableParseError("empty_input", "the input holds no text")
    header_text, body_text = split_header(text)
    header = parse_header(header_text)
    body = parse_body(body_text, year=header.get("year"))
    raise NotImplementedError("combine header and body")
