"""Validation of a parsed cable record, separate from parsing.

Plain Python, no Beam. `check_and_encode` returns every failed check and, for a record that
passes, the record as an `EncodedCable` carrying its Avro encoding; the pipeline turns a record
with any failed check into one VALIDATE dead letter whose error_type is the first check's code.
"""
import functools
import io
import re
from datetime import datetime, timedelta, timezone
from typing import NamedTuple, Optional

from fastavro import schemaless_reader

from schemas import cable_schema
from transforms.datum_writer import DatumWriter

CLASSIFICATIONS = (
    "UNCLASSIFIED",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "CONFIDENTIAL",
    "CONFIDENTIAL//NOFORN",
    "SECRET",
    "SECRET//NOFORN",
    "TOP SECRET",
    "TOP SECRET//NOFORN",
)

# 2-digit year, station letters (no spaces), serial without leading zeros.
REFERENCE_ID = re.compile(r"\d{2}[A-Z]+[1-9]\d*\Z")

# The oldest cables of the Cablegate corpus are from 1966; anything before 1950 is a misread.
EARLIEST_CREATED = datetime(1950, 1, 1, tzinfo=timezone.utc)


class Problem(NamedTuple):
    code: str  # stable error_type
    message: str


class EncodedCable(dict):
    """A valid Cable record that carries its Avro encoding: read and use it as any record dict.

    `avro` is the record's schemaless Avro datum (fastavro's encoder, the Cable schema), made
    once by validation's schema check. The cable writer (`transforms.write`) appends these bytes
    to its Avro blocks as they are instead of encoding the record a second time.

    Treat it as read-only. A stage that changes a record (a warning added, a field dropped) makes
    a new dict, e.g. `{**record, "warnings": [...]}`: a plain dict carries no encoding, and the
    writer encodes it from its fields. Changing an EncodedCable in place would write stale bytes.
    """

    __slots__ = ("avro",)

    def __init__(self, record: dict, avro: bytes):
        super().__init__(record)
        self.avro = avro

    def __reduce__(self):
        # Pickled (between worker processes) as its Avro bytes alone: 40% fewer bytes for the
        # runner to move than the fields and their encoding, and decoding them costs about what
        # unpickling the fields did.
        return decoded_cable, (self.avro,)


def decoded_cable(avro: bytes) -> EncodedCable:
    """The EncodedCable of a Cable datum: the record that was encoded, with its encoding."""
    return EncodedCable(schemaless_reader(io.BytesIO(avro), cable_schema(), None), avro)


def check_record(record: dict, evidence: dict) -> list[Problem]:
    """Every failed check of `record` (a complete Cable record), in a stable order."""
    return check_and_encode(record, evidence)[1]


def check_and_encode(record: dict, evidence: dict) -> tuple[Optional[EncodedCable], list[Problem]]:
    """(the record with its Avro encoding, []) when every check passes, else (None, problems)."""
    problems = []
    # Most fundamental first: the first failed check names the dead letter's error_type.
    for check in (_check_body, _check_created, _check_reference_id, _check_classification,
                  _check_origin):
        problems.extend(check(record, evidence))
    if problems:
        return None, problems
    # The schema check repeats the field checks; it runs on otherwise good records only.
    return _encode(record)


def _check_reference_id(record, evidence):
    ref = record.get("reference_id")
    if not ref:
        named = evidence.get("station_serial")
        if named:   # an extract without DTG nor DECL date: `UNCLAS PARIS 008983`, no year
            return [Problem("missing_reference_id", f"no reference id: the text names the cable "
                            f"({named[0]} {named[1]}) but gives no year (no date-time group, no "
                            "date to estimate one from) and the source no metadata")]
        return [Problem("missing_reference_id", "no reference id: the text has no station and "
                        "serial line and the source no metadata")]
    if not REFERENCE_ID.match(ref):
        return [Problem("bad_reference_id", f"reference id {ref!r} is not YY + STATION + SERIAL")]
    if ref == (evidence.get("metadata") or {}).get("reference_id"):
        return []  # the source's own id wins; the parser warned about any disagreement
    return _reference_id_agrees(ref, evidence)


def _reference_id_agrees(ref, evidence):
    problems = []
    station_serial = evidence.get("station_serial")
    if station_serial:
        station, serial = station_serial
        if not ref[2:].startswith(station) or ref[2 + len(station):] != str(serial):
            problems.append(Problem("reference_id_mismatch", f"reference id {ref!r} disagrees with "
                                    f"the body's station and serial {station} {serial}"))
    year = evidence.get("dtg_year")
    if year and ref[:2] != f"{year % 100:02d}":
        problems.append(Problem("reference_id_mismatch",
                                f"reference id {ref!r} disagrees with the DTG year {year}"))
    return problems


def _check_created(record, evidence):
    created = record.get("created")
    if created is None:
        return [Problem("missing_created", "no date: the text has no date-time group, the source no "
                        "date and there is no DECL date to estimate one from")]
    if not isinstance(created, datetime) or created.tzinfo is None:
        return [Problem("bad_created", f"created {created!r} is not a timezone-aware datetime")]
    latest = datetime.now(timezone.utc) + timedelta(days=1)
    if not EARLIEST_CREATED <= created <= latest:
        return [Problem("bad_created", f"created {created.isoformat()} is out of range")]
    return []


def _check_classification(record, evidence):
    value = record.get("classification")
    if not value:
        return [Problem("missing_classification", "no classification line or marking found")]
    if value not in CLASSIFICATIONS:
        return [Problem("bad_classification", f"classification {value!r} is not in the vocabulary")]
    return []


def _check_origin(record, evidence):
    if not record.get("origin"):
        return [Problem("missing_origin", "no sending post: no FM line and no source metadata")]
    return []


def _check_body(record, evidence):
    body = record.get("body")
    if not body or body.isspace():  # not strip(): a copy of the whole body
        return [Problem("empty_body", "the cable has no body text")]
    return []


def encode(record: dict) -> bytes:
    """The record's schemaless Avro datum in the Cable schema (raises when it does not fit):
    fastavro's bytes and errors, made by a writer built once from the schema."""
    return _cable_writer().encode(record)


@functools.cache
def _cable_writer() -> DatumWriter:
    return DatumWriter(cable_schema())


def _encode(record):
    """The schema check is the writer's own encoding: what it accepts, the file will hold, and
    the bytes it makes are the ones written (fastavro's encoder is compiled; its separate
    `validate` is pure Python and ten times slower)."""
    try:
        return EncodedCable(record, encode(record)), []
    except (TypeError, ValueError, AttributeError, KeyError, OverflowError) as error:
        message = f"record does not match the Cable schema: {error}"
        return None, [Problem("schema_mismatch", message)]
