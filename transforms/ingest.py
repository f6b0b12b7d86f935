"""The per-input steps of the pipeline, in plain Python: decode, parse, validate.

Each step takes the element of the step before and raises `Failure` (stage, error_type) when the
input cannot go on; `ingest` chains them for one input and returns the record or the dead letter.
The Beam DoFn in `transforms.parse` wraps the same steps, so the CLI's `parse`, the benchmarks'
bare loop and the pipeline agree by construction.
"""
import traceback
from datetime import datetime
from typing import NamedTuple

from transforms import formats
from transforms.cable_parser import CableParseError, parse_cable
from transforms.decode import decode_payload
from transforms.records import (CABLE, DEAD_LETTER, DECODE, PARSE, VALIDATE, Decoded, Failure,
                                Outcome, Parsed, RawInput, cable_record, dead_letter, utc_now)
from transforms.validate import check_and_encode


class Limits(NamedTuple):
    """Size caps that turn an input into a `too_large` dead letter instead of a slow parse."""

    max_line_chars: int = 100_000


def decode(raw: RawInput) -> Decoded:
    text, warnings = decode_payload(raw.payload)
    return Decoded(raw, text, warnings)


def parse(decoded: Decoded, limits: Limits = Limits()) -> Parsed:
    """Extract the cable text (and any source metadata) for the input's format, then parse it."""
    raw = decoded.raw
    try:
        text, metadata = extract_cable(raw.format, decoded.text)
        _check_line_lengths(text, limits)
        parsed = parse_cable(text, metadata)
    except formats.FormatError as error:
        raise Failure(PARSE, error.code, str(error)) from None
    except CableParseError as error:
        # A parser bug (`parser_error`) wraps the exception it met: its traceback is what the
        # dead letter's reader needs to find the bug, as an `internal_error`'s is.
        raise Failure(PARSE, error.code, str(error),
                      details=_traceback_of(error.__cause__)) from None
    fields = parsed.fields
    if decoded.warnings:
        fields["warnings"] = list(decoded.warnings) + list(fields.get("warnings") or [])
    return Parsed(raw, fields, parsed.evidence)


def extract_cable(source_format: str, text: str) -> tuple[str, dict]:
    """(cable text, source metadata) of a decoded input, by its format (a message's: sniffed)."""
    return formats.format_of_source(source_format, text).to_cable(text)


def _check_line_lengths(text: str, limits: Limits) -> None:
    if len(text) <= limits.max_line_chars:  # no line can be longer: skip the split (hot path)
        return
    longest = max(map(len, text.split("\n")), default=0)
    if longest > limits.max_line_chars:
        raise Failure(PARSE, "too_large", f"a line of {longest:,} characters exceeds the cap of "
                      f"{limits.max_line_chars:,} (--max_line_chars)")


def validate(parsed: Parsed, now: datetime | None = None) -> dict:
    """The complete Cable record, with its Avro encoding (an EncodedCable: a dict), or
    Failure(VALIDATE, first failed check)."""
    record = cable_record(parsed, now)
    cable, problems = check_and_encode(record, parsed.evidence)
    if problems:
        raise Failure(VALIDATE, problems[0].code, problems[0].message,
                      details="\n".join(f"{p.code}: {p.message}" for p in problems),
                      reference_id_hint=record.get("reference_id"))
    return cable


def ingest(raw: RawInput, now: datetime | None = None, limits: Limits = Limits()) -> Outcome:
    """The Outcome of one input: its Cable record or its dead letter; never raises."""
    now = now or utc_now()
    stage = DECODE
    try:
        decoded = decode(raw)
        stage = PARSE
        parsed = parse(decoded, limits)
        stage = VALIDATE
        return Outcome(CABLE, validate(parsed, now))
    except Failure as failure:
        return Outcome(DEAD_LETTER, dead_letter(raw, failure, now))
    except Exception as error:  # a parser bug must cost one dead letter, never the run
        return Outcome(DEAD_LETTER, dead_letter(raw, internal_error(stage, error), now))


def internal_error(stage: str, error: Exception) -> Failure:
    return Failure(stage, "internal_error", f"unexpected {type(error).__name__}: {error}",
                   details=traceback.format_exc())


def _traceback_of(error: BaseException | None) -> str | None:
    return "".join(traceback.format_exception(error)) if error is not None else None
