"""The per-input steps of the pipeline, in plain Python: decode, parse, validate.

Each step takes the element of the step before and raises `Failure` (stage, error_type) when the
input cannot go on; `ingest` chains them for one input and returns the record or the dead letter.
The Beam DoFn in `transforms.parse` takes `ingest`'s Outcome; the CLI's `parse` takes the
`inspect_input` that `ingest` is made of (the Outcome, the record as parsed and every failed
check), so the pipeline, the benchmarks' bare loop and `parse` agree by construction.
"""
import traceback
from datetime import datetime
from typing import NamedTuple

from transforms import formats
from transforms.cable_parser import CableParseError, parse_cable
from transforms.decode import decode_payload
from transforms.records import (CABLE, DEAD_LETTER, DECODE, MAX_ERROR_MESSAGE_CHARS, PARSE,
                                VALIDATE, Decoded, Failure, Outcome, Parsed, RawInput,
                                cable_record, dead_letter, internal_error, utc_now)
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
    return _checked(cable_record(parsed, now), parsed.evidence)


def _checked(record: dict, evidence: dict) -> dict:
    """`validate` of a record made already (`inspect_input` shows it even when a check fails)."""
    cable, problems = check_and_encode(record, evidence)
    if problems:
        raise Failure(VALIDATE, problems[0].code, problems[0].message,
                      details="\n".join(f"{p.code}: {p.message}" for p in problems),
                      reference_id_hint=record.get("reference_id"),
                      problems=tuple((p.code, p.message) for p in problems))
    return cable


def ingest(raw: RawInput, now: datetime | None = None, limits: Limits = Limits()) -> Outcome:
    """The Outcome of one input: its Cable record or its dead letter; never raises."""
    return inspect_input(raw, now, limits).outcome


class Inspection(NamedTuple):
    """One input's Outcome, with what `cable-ingest parse` shows of it besides: the Cable record
    as parsed, before validation (None when the input failed before that), and the Failure its
    dead letter was made of (None for a cable; its message not cut, its failed checks listed)."""

    outcome: Outcome
    record: dict | None
    failure: Failure | None


def inspect_input(raw: RawInput, now: datetime | None = None,
                  limits: Limits = Limits()) -> Inspection:
    """`ingest` of one input, with what became of it on the way; never raises. The one door
    of the steps: the pipeline takes the Outcome, `cable-ingest parse` the rest."""
    now = now or utc_now()
    stage, record = DECODE, None
    try:
        decoded = decode(raw)
        stage = PARSE
        parsed = parse(decoded, limits)
        stage = VALIDATE
        record = cable_record(parsed, now)
        return Inspection(Outcome(CABLE, _checked(record, parsed.evidence)), record, None)
    except Failure as failure:
        failure = _with_format_hint(raw, failure)
        return Inspection(Outcome(DEAD_LETTER, dead_letter(raw, failure, now)), record, failure)
    except Exception as error:  # a parser bug must cost one dead letter, never the run
        failure = internal_error(stage, error)
        return Inspection(Outcome(DEAD_LETTER, dead_letter(raw, failure, now)), record, failure)


def _with_format_hint(raw: RawInput, failure: Failure) -> Failure:
    """`failure`, its message saying what the input looks like when it was read as a text cable
    but its content is of another format (`formats.misread_hint`): the hint kept whole, the
    message cut before it if need be (a dead letter's message is cut at its end)."""
    hint = formats.misread_hint(raw.format, raw.payload)
    if hint is None:
        return failure
    room = MAX_ERROR_MESSAGE_CHARS - len(hint) - len("; ")
    message = failure.message if len(failure.message) <= room else (
        failure.message[:room - 3] + "...")
    message = f"{message}; {hint}"
    problems = failure.problems and ((failure.problems[0][0], message),) + failure.problems[1:]
    return Failure(failure.stage, failure.error_type, message, failure.details,
                   failure.reference_id_hint, problems)


def _traceback_of(error: BaseException | None) -> str | None:
    return "".join(traceback.format_exception(error)) if error is not None else None
