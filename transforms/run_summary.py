"""The run summary, OUTPUT/_SUMMARY.json: one builder for the batch and the streaming run.

Plain Python, no Beam: the batch run builds it at publish (transforms.publish), a stopped local
streaming run from the files it wrote (pipeline.streaming); the launcher reads it back and prints
it (pipeline.summary).
"""
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from typing import Iterable

from transforms import storage
from transforms.records import DUPLICATE
from transforms.version import __version__

SUMMARY_FILE = "_SUMMARY.json"
HISTORY_DIR = "_runs"   # OUTPUT/_runs/RUNID/: each incremental run's summary and report, kept
OK, RATIO_EXCEEDED = "ok", "failed: dead-letter ratio exceeded"
# Inputs that became no cable, dead letter or cable already ingested: lost by a defect of the
# run's own code. It fails the run (after everything is written, as a threshold does): a day
# that "succeeded" with it was loaded by the daily workflow, which checks the status.
NOT_ACCOUNTED = "failed: inputs not accounted for"


class RunVerdict(RuntimeError):
    """The run failed by its own verdict (a threshold of the summary), after writing
    everything: the summary and the command say why, so the step raising it is no crash whose
    traceback anyone needs (`is_run_verdict`, read by the command's log filter)."""
    is_run_verdict = True


# A local streaming run stopped by its user (Ctrl-C), and a remote job handed to its runner: both
# are a run's normal end, as "ok" is; every other status is a failure.
STOPPED, SUBMITTED = "stopped", "submitted"
NORMAL_ENDS = (OK, STOPPED, SUBMITTED)


@dataclass
class RunSummary:
    inputs: int = 0
    cables: int = 0
    dead_letters: int = 0
    dead_letters_by_type: list = field(default_factory=list)  # [{stage, error_type, count}]
    accounted: bool = False
    dead_letter_ratio: float = 0.0  # every dead letter's share of the inputs
    # Of the dead letters, the copies the de-duplication settled (`duplicate`): inputs that were
    # good, only there twice. `failure_ratio` is the share of the inputs that failed (the other
    # dead letters: decode, parse, validate errors), what --max_dead_letter_ratio is compared
    # with: a drop holding each cable twice failed its day. (None: a summary written before.)
    duplicate_dead_letters: int = 0
    failure_ratio: float | None = None
    max_dead_letter_ratio: float | None = None
    status: str = ""
    started_at: str = ""
    finished_at: str = ""
    files: list = field(default_factory=list)
    pipeline_version: str = ""
    quality: dict | None = None  # batch runs: transforms.quality's figures, drift included
    run: dict | None = None  # batch runs: the runner and cable-ingest's options, for the report
    # A batch run's id; whether it replayed dead letters (then the files it read and skipped
    # are dead-letter files); whether it was incremental, and then what it read and skipped: the
    # input files it read (`new_inputs`) and skipped (`already_ingested`), the cables it read
    # that an earlier run wrote (`already_ingested_cables`, not written again), and whether it
    # found nothing new (then it wrote no record file).
    run_id: str = ""
    replay: bool = False
    incremental: bool = False
    new_inputs: int | None = None
    # An incremental run's: the names of the input files it read (`new_inputs`), the first
    # tallies.NAMES_KEPT (100) by name only, to keep a drop of 10,000 new files readable:
    # `new_inputs` counts them all, and the run's ledger file names every one.
    new_input_files: list = field(default_factory=list)
    already_ingested: int = 0
    already_ingested_cables: int = 0
    nothing_new: bool = False
    # Cables this run wrote beside another version of their reference id (of this run or an
    # earlier one: a corrected re-export), each with a warning naming the others (batch runs).
    other_versions_kept: int = 0
    cable_files: list = field(default_factory=list)  # this run's cable files, for loading
    ledger_files: list = field(default_factory=list)
    # Input files modified within --min_file_age_seconds of the run's start: not read, not in
    # the ledger, left to the next run (maybe caught mid-copy); how many, and which (the first
    # MAX_NAMED by name: a drop of 10,000 files being copied is no summary to read).
    too_young: int = 0
    too_young_files: list = field(default_factory=list)
    # Earlier runs killed while they published, and what this run did about each: {run_id,
    # action, files} (transforms.publish.recover_interrupted_publishes)
    recovered: list = field(default_factory=list)
    # An incremental run's record files (cables/, dead_letter/) and their sizes in bytes as it
    # published them, {path: bytes}: what the next runs check the output against.
    file_bytes: dict = field(default_factory=dict)
    # Record files earlier incremental runs into this output published (their kept summaries
    # say) that were gone from it when this run published (deleted by hand?), how many and
    # which; and those whose size is no longer the one published (edited?), how many and
    # which, {path, published_bytes, bytes}. A warning, not a failure (transforms.publish,
    # `check_published_files`); the lists hold the first MAX_NAMED by name.
    missing: int = 0
    missing_files: list = field(default_factory=list)
    changed: int = 0
    changed_files: list = field(default_factory=list)
    # Whether that check was made: False when it failed (a storage error), a warning too, the
    # files checked again by the next run; None: no incremental run, or a summary from before.
    published_files_checked: bool | None = None
    seconds: float = 0.0  # wall time seen by the launcher; not in the JSON file

    @classmethod
    def from_json(cls, data: dict, seconds: float = 0.0) -> "RunSummary":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known and k != "seconds"},
                   seconds=seconds)

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "seconds"}


def build_summary(inputs: int, cables: int, dead_letter_counts: Iterable, files: list,
                  *, status: str | None = None, max_dead_letter_ratio: float | None = None,
                  started_at: str = "", finished_at: str | None = None,
                  pipeline_version: str = __version__, already_ingested_cables: int = 0,
                  **batch_fields) -> RunSummary:
    """The summary of a run from its counts.

    `dead_letter_counts` holds ((stage, error_type), count) pairs. Inputs are accounted for when
    each became a cable, a dead letter or a cable already ingested. Without a `status`, the run
    is "ok" unless its inputs are not accounted for (NOT_ACCOUNTED) or more than
    `max_dead_letter_ratio` of them failed: became dead letters other than `duplicate` ones (a
    copy of a good cable is no bad input).
    `batch_fields` are the other RunSummary fields of a batch run (run_id, incremental, ...).
    """
    dead_letter_counts = sorted(dead_letter_counts)
    dead_letters = sum(count for _, count in dead_letter_counts)
    duplicates = sum(count for (_, error_type), count in dead_letter_counts
                     if error_type == DUPLICATE)
    ratio = dead_letters / inputs if inputs else 0.0
    failure_ratio = (dead_letters - duplicates) / inputs if inputs else 0.0
    accounted = inputs == cables + dead_letters + already_ingested_cables
    if status is None:
        exceeded = (max_dead_letter_ratio is not None and inputs
                    and failure_ratio > max_dead_letter_ratio)
        status = NOT_ACCOUNTED if not accounted else RATIO_EXCEEDED if exceeded else OK
    return RunSummary(
        inputs=inputs, cables=cables, dead_letters=dead_letters,
        dead_letters_by_type=[{"stage": stage, "error_type": error_type, "count": count}
                              for (stage, error_type), count in dead_letter_counts],
        accounted=accounted,
        already_ingested_cables=already_ingested_cables, dead_letter_ratio=round(ratio, 6),
        duplicate_dead_letters=duplicates, failure_ratio=round(failure_ratio, 6),
        max_dead_letter_ratio=max_dead_letter_ratio, status=status, started_at=started_at,
        finished_at=datetime.now(timezone.utc).isoformat() if finished_at is None else finished_at,
        files=list(files), pipeline_version=pipeline_version, **batch_fields)


def too_young_warning(summary: dict) -> str:
    """The warning of a run that left files too young to the next run (--min_file_age_seconds),
    naming them: the command says it, the publish logs it, the report shows it."""
    names = summary.get("too_young_files") or []
    count = summary.get("too_young") or len(names)
    return (f"{count:,} input file{'' if count == 1 else 's'} modified less than "
            f"--min_file_age_seconds before the run started (still being copied?) "
            f"{'was' if count == 1 else 'were'} not read, left to the next run: "
            f"{_named(names, count)}")


# Files named in a summary's list of missing, changed or too young ones (counted all), and of
# them, those a warning's line names.
MAX_NAMED = 100
NAMED_IN_A_LINE = 10


def _named(paths: list, count: int) -> str:
    shown = ", ".join(str(path) for path in paths[:NAMED_IN_A_LINE])
    return shown + (f" and {count - NAMED_IN_A_LINE:,} more" if count > NAMED_IN_A_LINE else "")


# The `extra` of the publish step's log of a warning the summary holds (too_young_warning,
# published_files_warning): a command that says the summary's warnings after its table leaves
# such a log record unsaid (it said each twice). The log keeps it where no command prints it
# (Dataflow's workers), and the alerts find it there.
SAID_WITH_THE_SUMMARY = {"said_with_the_summary": True}


def said_with_the_summary(record) -> bool:
    """Whether a log record is the publish step's of a warning the summary holds."""
    return getattr(record, "said_with_the_summary", False)


# In each part of published_files_warning: what deploy/alert-policy-output-damaged.json finds the
# workers' log entries by (the daily job's warning reaches no terminal).
PUBLISHED_BY_EARLIER_RUNS = "that earlier runs published"


def published_files_warning(summary: dict) -> str:
    """The warning of a run that found record files of earlier runs missing from the output, or
    changed, naming them and the way back: the command says it, the publish logs it, the
    report's verdict shows it. Empty when there were none."""
    if summary.get("published_files_checked") is False:
        return (f"the record files {PUBLISHED_BY_EARLIER_RUNS} into this output were not "
                "checked (a storage error: see the log): whether any is missing is not known "
                "today; the next run checks them again")
    said = []
    if missing := summary.get("missing") or len(summary.get("missing_files") or []):
        said.append(f"{missing:,} record file{'' if missing == 1 else 's'} "
                    f"{PUBLISHED_BY_EARLIER_RUNS} {'is' if missing == 1 else 'are'} missing from "
                    f"the output (deleted?): {_named(summary.get('missing_files') or [], missing)}")
    if changed := summary.get("changed") or len(summary.get("changed_files") or []):
        paths = [each.get("path") for each in summary.get("changed_files") or []
                 if isinstance(each, dict)]
        said.append(f"{changed:,} record file{'' if changed == 1 else 's'} "
                    f"{PUBLISHED_BY_EARLIER_RUNS} {'has' if changed == 1 else 'have'} another size "
                    f"than {'it' if changed == 1 else 'they'} had (edited, replaced?): "
                    f"{_named(paths, changed)}")
    if not said:
        return ""
    return ("; ".join(said) + ". The ledger still notes their cables and input files, so no "
            "later run writes them again: restore the files (an earlier version of the object, "
            "a backup), or ingest the whole drop again into a new output; a file removed on "
            "purpose, take it out of its run's kept summary (README: \"Files missing from the "
            "output\")")


def files_read_kind(replay: bool) -> tuple[str, str]:
    """(what the files a run read are, what those it skipped were), as its summary's table and
    report name them: a replay reads dead-letter files, and skips those an earlier replay into
    its output read (a replay said it read 0 input files, having read its dead-letter files)."""
    return ("dead-letter file", "already replayed") if replay else ("input file",
                                                                   "already ingested")


def write_summary(output: str, summary: RunSummary | dict) -> str:
    """Write OUTPUT/_SUMMARY.json (or a run's folder in OUTPUT/_runs/); its path."""
    path = storage.join(output, SUMMARY_FILE)
    as_json = summary.to_json() if isinstance(summary, RunSummary) else summary
    with storage.create(path, mime_type="application/json") as sink:
        sink.write(json.dumps(as_json, indent=2, sort_keys=True).encode() + b"\n")
    return path


def read_summary_json(output: str):
    """OUTPUT/_SUMMARY.json as written (local path or gs://)."""
    with storage.open_to_read(storage.join(output, SUMMARY_FILE)) as source:
        return json.loads(source.read())


def read_summary(output: str, seconds: float = 0.0) -> RunSummary:
    return RunSummary.from_json(read_summary_json(output), seconds)
