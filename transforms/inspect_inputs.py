"""`cable-ingest parse`: run one file's inputs through the pipeline's steps, without Beam's runner.

Every input gives one result: the record as parsed (even when validation rejects it) with `valid`
and `errors`, so one cable can be debugged from the command line.
"""
import os
import shutil
import tempfile
from typing import BinaryIO

from transforms import ingest, storage
from transforms.expand import InputExpander, ReadTask
from transforms.records import CABLE, Outcome, utc_now


def parse_file(path: str, format_choice: str = "auto"):
    """Yield one result dict per input found in the local file at `path`, as the pipeline's
    read step finds them (`InputExpander`, without Beam: `parse` starts in a fraction of a
    second)."""
    try:
        size = os.path.getsize(path)
    except OSError:  # a broken link a glob matched: read, it is an `unreadable` input, as in a run
        size = 0
    yield from _parse_task(ReadTask(path, size), format_choice)


def parse_stream(stream: BinaryIO, uri: str, format_choice: str = "auto"):
    """`parse_file` of what `stream` holds (standard input), its inputs named after `uri`. It is
    copied to a temporary file first: formats are told by their first bytes, and a CSV dump or an
    archive is read by seeking, which a pipe cannot."""
    with tempfile.NamedTemporaryFile(prefix="cable-ingest-parse-") as copy:
        shutil.copyfileobj(stream, copy)
        copy.flush()
        yield from _parse_task(ReadTask(uri, copy.tell(), open_as=os.fsencode(copy.name)),
                               format_choice)


def parse_object(uri: str, format_choice: str = "auto"):
    """`parse_file` of an object in a file system of Beam's (`gs://...`)."""
    with storage.open_to_read(uri) as stream:
        yield from parse_stream(stream, uri, format_choice)


def _parse_task(task: ReadTask, format_choice: str):
    for item in InputExpander(format_choice).expand_task(task):
        yield _failed(item.record) if isinstance(item, Outcome) else parse_input(item)


def parse_input(raw) -> dict:
    """The result of one input, from the pipeline's own door (`ingest.inspect_input`): the
    record as parsed when the parse gave one, with `valid` and every failed check as `errors`."""
    outcome, record, failure = ingest.inspect_input(raw, utc_now())
    errors = [] if failure is None else [
        {"stage": failure.stage, "error_type": error_type, "message": message}
        for error_type, message in failure.problems or [(failure.error_type, failure.message)]]
    shown = {"source": outcome.record["source"]} if record is None else _in_schema_order(record)
    return {**shown, "valid": outcome.kind == CABLE, "errors": errors}


def _in_schema_order(record: dict) -> dict:
    """The record's fields in the order of the schema, as `show` prints them: the reference id
    first, not after the body as the parser makes them."""
    import schemas

    return {**{name: record[name] for name in schemas.field_names("cable") if name in record},
            **record}


def _failed(dead_letter: dict) -> dict:
    return {"source": dead_letter["source"], "valid": False,
            "errors": [{"stage": dead_letter["stage"], "error_type": dead_letter["error_type"],
                        "message": dead_letter["error_message"]}]}
