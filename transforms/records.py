"""The elements that travel through the pipeline, and the two records it writes.

Plain Python, no Beam. Like Google's FailsafeElement, every element keeps the raw input it came
from (`RawInput`), so whichever stage fails can turn it into a complete dead letter.
"""
import hashlib
import traceback
from datetime import datetime, timezone
from typing import NamedTuple, Optional

from transforms.version import __version__

# Source formats, as written to `source.format`.
TEXT, HTML, CSV, PUBSUB = "TEXT", "HTML", "CSV", "PUBSUB"
SOURCE_FORMATS = (TEXT, HTML, CSV, PUBSUB)

# Dead-letter stages, in pipeline order (the Avro enum `Stage`).
READ, DECODE, PARSE, VALIDATE, WRITE = "READ", "DECODE", "PARSE", "VALIDATE", "WRITE"
STAGES = (READ, DECODE, PARSE, VALIDATE, WRITE)
# The error_type of a copy the de-duplication settled: a good input, there twice (so no failure
# in the share of failed inputs that --max_dead_letter_ratio checks).
DUPLICATE = "duplicate"
# The words of the warning a cable written beside another version of its reference id carries
# (transforms.dedupe), by which the run's report tells where to find them.
OTHER_VERSIONS_WARNING = "also names a different cable"


class RawInput(NamedTuple):
    """One input exactly as read: a file, an archive member, a CSV row or a Pub/Sub message."""

    uri: str
    format: str  # one of SOURCE_FORMATS
    payload: bytes
    row: Optional[int] = None  # 1-based CSV row
    attempt: int = 1  # one more on each replay of a dead letter
    history: Optional[str] = None  # on a replay: how the earlier attempts failed
    last_error: Optional[str] = None  # on a replay: the error_type of the dead letter replayed


# What an input becomes: one of the two records the pipeline writes. DEAD_LETTER also names
# the tagged output that carries dead letters out of a DoFn.
CABLE, DEAD_LETTER = "cable", "dead_letter"
# The output folders they are written to: OUTPUT/cables/ and OUTPUT/dead_letter/.
CABLES_DIR, DEAD_LETTER_DIR = "cables", "dead_letter"


class Outcome(NamedTuple):
    """What one input became: its Cable record (kind CABLE) or its DeadLetter (DEAD_LETTER).

    The one result type of the stages that can fail an input: `ingest` returns one per input,
    and the reader's failures travel among the inputs as Outcomes of kind DEAD_LETTER, so
    every input leaves the parse step through the same door.
    """

    kind: str
    record: dict


class Decoded(NamedTuple):
    """A RawInput decoded to text, with the warnings decoding raised."""

    raw: RawInput
    text: str
    warnings: tuple = ()


class Parsed(NamedTuple):
    """A RawInput parsed into record fields (without source and ingestion fields)."""

    raw: RawInput
    fields: dict
    evidence: dict


class Failure(Exception):
    """A failure that becomes a dead letter: where (stage) and what (a stable error_type).

    `problems`: every failed check of a VALIDATE failure, (error_type, message) each (the first
    is the failure's own; `details` lists them as text, the dead letter's only copy)."""

    def __init__(self, stage: str, error_type: str, message: str, details: str | None = None,
                 reference_id_hint: str | None = None, problems: tuple = ()):
        super().__init__(message)
        self.stage = stage
        self.error_type = error_type
        self.message = message
        self.details = details
        self.reference_id_hint = reference_id_hint
        self.problems = problems


def internal_error(stage: str, error: Exception) -> Failure:
    """The Failure of an unexpected exception at `stage` (a bug: it costs one dead letter, never
    the run), its traceback in the details. Call it from the `except` that caught `error`."""
    return Failure(stage, "internal_error", f"unexpected {type(error).__name__}: {error}",
                   details=traceback.format_exc())


# A dead letter's message is for a person and may quote input values (an id column, an FM line):
# it is cut here, so no input can make it long. `payload` keeps the input whole.
MAX_ERROR_MESSAGE_CHARS = 500


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def source_of(raw: RawInput) -> dict:
    """The `Source` record of an input."""
    return {
        "uri": raw.uri,
        "format": raw.format,
        "sha256": hashlib.sha256(raw.payload).hexdigest(),
        "size": len(raw.payload),
        "row": raw.row,
    }


def cable_record(parsed: Parsed, now: datetime | None = None) -> dict:
    """The `Cable` record of a parsed input, ready for fastavro."""
    record = dict(parsed.fields)
    record["source"] = source_of(parsed.raw)
    record["ingested_at"] = now or utc_now()
    record["pipeline_version"] = __version__
    return record


def dead_letter(raw: RawInput, failure: Failure, now: datetime | None = None) -> dict:
    """The `DeadLetter` record of an input that failed; the payload is kept whole."""
    return {
        "source": source_of(raw),
        "stage": failure.stage,
        "error_type": failure.error_type,
        "error_message": _short(failure.message),
        "details": _bounded(_with_history(failure.details, raw.history)),
        "reference_id_hint": failure.reference_id_hint,
        "payload": raw.payload,
        "failed_at": now or utc_now(),
        "attempt": raw.attempt,
        "pipeline_version": __version__,
    }


# Details hold a traceback or the list of failed checks: their head and tail say what happened.
MAX_DETAILS_CHARS = 20_000


def _bounded(details: str | None) -> str | None:
    if details is None or len(details) <= MAX_DETAILS_CHARS:
        return details
    half = MAX_DETAILS_CHARS // 2
    return f"{details[:half]}\n[... {len(details) - 2 * half:,} characters cut ...]\n{details[-half:]}"


def _short(message: str) -> str:
    if len(message) <= MAX_ERROR_MESSAGE_CHARS:
        return message
    return message[:MAX_ERROR_MESSAGE_CHARS - 3] + "..."


def _with_history(details: str | None, history: str | None) -> str | None:
    if not history:
        return details
    return f"{details}\n\n{history}" if details else history


def replayed_input(dead: dict, source_format: str | None = None) -> RawInput:
    """The RawInput of a dead letter, for one more attempt; its failure goes into `history`.
    `source_format`: what its payload is read as, when not what it was (a run given the wrong
    --format: a text cable read as a CSV row), else None."""
    source = dead["source"]
    earlier = (f"attempt {dead['attempt']} failed at {dead['stage']} ({dead['error_type']}): "
               f"{dead['error_message']}")
    history = "\n".join(filter(None, [earlier, _history_of(dead.get("details"))]))
    return RawInput(source["uri"], source_format or source["format"], dead["payload"],
                    source.get("row"), dead["attempt"] + 1, history, dead["error_type"])


NOT_REPLAYED = "not replayed:"


def unreplayable(dead: dict, now: datetime | None = None) -> dict | None:
    """The dead letter again, `attempt` one higher, when it holds no whole copy of its input (an
    input refused at READ: a whole file, `too_large`, `bad_archive`, `unreadable`..., without a
    payload; a CSV row over the cap with its first bytes only), else None. Replaying what it
    holds made another failure of it (an empty payload a DECODE `empty_input`, a row's first
    bytes a `bad_csv_row`) with the sha256 and size of that: the reason and the input's true
    size and hash were lost."""
    payload, source = dead["payload"], dead["source"]
    # (a payload cut short is a `too_large` one's alone: any other payload, edited by hand to
    # fix the input and so of another length, is replayed)
    if dead["stage"] != READ or (payload and dead["error_type"] != "too_large"):
        return None
    again, message = replayed_input(dead), dead["error_message"]
    if not message.startswith(NOT_REPLAYED):  # the reason as the first attempt gave it
        held = (f"only the first {len(payload):,} of the {source['size']:,} bytes of its input"
                if payload else "no copy of its input")
        where = source["uri"] + (f" (row {source['row']})" if source.get("row") else "")
        # (a larger cap helps an input over it alone: a damaged archive needs a mended file)
        larger_cap = (" (a scheduled run with a larger --max_input_bytes reads again a file "
                      "holding an input over the cap)" if dead["error_type"] == "too_large" else "")
        message = (f"{NOT_REPLAYED} the dead letter holds {held}, which stays at {where}: "
                   f"ingest that file again with `cable-ingest run --input`{larger_cap}. It "
                   f"failed with: {message}")
    return dict(
        dead,
        error_message=_short(message),
        details=_bounded(again.history),
        failed_at=now or utc_now(),
        attempt=again.attempt,
        pipeline_version=__version__,
    )


def _history_of(details: str | None) -> str | None:
    """The earlier attempts' lines kept in a dead letter's details."""
    if not details:
        return None
    lines = [line for line in details.splitlines() if line.startswith("attempt ")]
    return "\n".join(lines) or None
