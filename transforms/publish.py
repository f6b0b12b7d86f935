"""The end of a batch run: move the staged output files into place and write the run summary.

A batch run writes into OUTPUT/.staging-RUNID/ first. Only when every file is complete does
`PublishRun` move them to OUTPUT/cables/ and OUTPUT/dead_letter/, write OUTPUT/_SUMMARY.json,
listing exactly this run's files (an incremental run keeps it in OUTPUT/_runs/RUNID/ first),
and (an incremental run) move its ledger to OUTPUT/_ledger/ last: the ledger is the commit. A run killed before it published leaves its files in the hidden
staging folder only; a later run removes them once they are older than --lock_stale_hours. An
incremental run killed as it published is finished or undone by the next one
(`recover_interrupted_publishes`). Running inside the pipeline (not in the launcher) keeps
this true on Dataflow too.

- A full run (the default) replaces the output: the files of earlier runs that this run did not
  write again are deleted (Beam only overwrites shards of the same count), ledger included.
- An incremental run adds its own files, named run-RUNID-*, and never rewrites or removes a file
  an earlier run published; a file that would hold no record is not published at all.
"""
import contextlib
import logging
import posixpath
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.pvalue import AsList

from transforms import output_lock, storage
from transforms import quality as run_quality
from transforms.report import (KILLED_PUBLISHING, failure_reasons, fill_rate_failure,
                               write_report)
from transforms.run_summary import (HISTORY_DIR, MAX_NAMED, PUBLISHED_BY_EARLIER_RUNS,
                                    NOT_ACCOUNTED, RATIO_EXCEEDED, SAID_WITH_THE_SUMMARY,
                                    SUMMARY_FILE, RunVerdict, build_summary,
                                    published_files_warning, read_summary_json,
                                    too_young_warning, write_summary)
from transforms.tallies import COUNTED, DEAD_LETTER_PARTS, NEW_INPUTS, names_of, tally, totals
from transforms.wording import counted
from transforms.records import CABLES_DIR, DEAD_LETTER_DIR

STAGING_PREFIX = ".staging-"
LEDGER_DIR = "_ledger"
OUTPUT_KINDS = (CABLES_DIR, DEAD_LETTER_DIR, LEDGER_DIR)
# Prefixes of the staged files (before the shard numbers), by what they hold.
CABLES, DEAD_LETTERS, DUPLICATES, LEDGER = "cables", "dead_letters", "duplicates", "ledger"

_log = logging.getLogger(__name__)


class DeadLetterRatioExceeded(RunVerdict):
    """More dead letters than --max_dead_letter_ratio allows; everything was written first."""


class InputsNotAccounted(RunVerdict):
    """Inputs that became nothing the run wrote (a defect); everything was written first."""


def staged_prefix(staging: str, folder: str, what: str, run_id: str | None = None) -> str:
    """STAGING/FOLDER/[run-RUNID-]WHAT: the file prefix of a write into the staging folder
    (FOLDER one of OUTPUT_KINDS, WHAT what its files hold: see `holds`)."""
    name = f"run-{run_id}-{what}" if run_id else what
    return FileSystems.join(staging, folder, name)


def final_path(output: str, staged: str) -> str:
    """OUTPUT/KIND/NAME for a staged file OUTPUT/.staging-RUN/KIND/NAME."""
    kind = posixpath.basename(posixpath.dirname(staged))
    return FileSystems.join(output, kind, posixpath.basename(staged))


def holds(path: str, run_id: str) -> str:
    """What a staged file holds: CABLES, DEAD_LETTERS, DUPLICATES or LEDGER (its name says)."""
    name = posixpath.basename(path).removeprefix(f"run-{run_id}-")
    return name.split("-", 1)[0]


def _folder_of(staged: str) -> str:
    return posixpath.basename(posixpath.dirname(staged))


# The names of the files runs write (transforms.write's SHARD_NAME and WINDOW_FILE_NAME): a full
# run's `cables-00000-of-00004.avro`, an incremental run's `run-RUNID-cables-00000-of-00001.avro`
# (and a rebuilt ledger's `run-RUNID-ledger-rebuilt.avro`, transforms.ledger), a streaming run's
# `cables-START-END-pane0-run-RUNID-00000-of-00001.avro`. A full run replaces only files so
# named; a file it finds named otherwise in the output (a user's copy) is left, with a warning.
# The whole name is matched, not its start: a user's `cables-backup.avro` was deleted.
_SHARD = r"-\d{5,}-of-\d{5,}\.avro"
_KIND = "|".join((CABLES, DEAD_LETTERS, DUPLICATES, LEDGER))
_RUN_ID = r"[A-Za-z0-9_.-]+"  # (pipeline.arguments.RUN_ID_PATTERN, loosely: names, not ids)
_WINDOW = r"(?:\d{8}T\d{6}Z-\d{8}T\d{6}Z|global)-pane\d+"
# A full run's records (an incremental run's are named run-RUNID-...), by folder.
FULL_RUN_RECORDS = {CABLES_DIR: (CABLES,), DEAD_LETTER_DIR: (DEAD_LETTERS, DUPLICATES)}
FULL_RUN_RECORD_NAME = re.compile(rf"(?:{CABLES}|{DEAD_LETTERS}|{DUPLICATES}){_SHARD}")
RUN_FILE_NAME = re.compile(
    rf"(?:{_KIND}){_SHARD}"                                                   # a full run's
    rf"|run-{_RUN_ID}-(?:(?:{_KIND}){_SHARD}|{LEDGER}-rebuilt\.avro)"        # an incremental's
    rf"|(?:{CABLES}|{DEAD_LETTERS})-{_WINDOW}(?:-run-{_RUN_ID})?{_SHARD}")   # a streaming one's


def written_by_a_run(path: str) -> bool:
    """Whether a file's name is one runs give their files (`RUN_FILE_NAME`)."""
    return RUN_FILE_NAME.fullmatch(posixpath.basename(path)) is not None


def _existing_outputs(output: str) -> list[str]:
    patterns = [FileSystems.join(output, kind, "*.avro") for kind in OUTPUT_KINDS]
    runs, others = [], []
    for result in FileSystems.match(patterns):
        for metadata in result.metadata_list:
            (runs if written_by_a_run(metadata.path) else others).append(metadata.path)
    if others:
        _log.warning("left %s in %s that no run wrote (a run replaces only its own): %s",
                     counted(len(others), "file"), output, ", ".join(sorted(others)[:5]))
    return runs


def full_run_records(output: str, filesystems: Any = FileSystems) -> list[str]:
    """The records a full run wrote into `output` (none of an incremental run's): files named
    as a full run names them (FULL_RUN_RECORD_NAME, the whole name), not a user's
    `cables-backup.avro` or `cables-copy-of-x.avro`, which a full run leaves too."""
    patterns = [filesystems.join(output, kind, f"{what}-*.avro")
                for kind, names in FULL_RUN_RECORDS.items() for what in names]
    return [metadata.path for result in filesystems.match(patterns)
            for metadata in result.metadata_list
            if FULL_RUN_RECORD_NAME.fullmatch(posixpath.basename(metadata.path))]


def _remove_staging(output: str, staging: str, stale_hours: float) -> None:
    """Delete this run's staging folder, and what runs killed long ago left in theirs.

    Another run's staging folder is left alone unless nothing in it changed for `stale_hours`:
    that run may still be writing (the output's lock keeps two runs apart only where the
    launcher took it).
    """
    pattern = FileSystems.join(output, STAGING_PREFIX + "*", "**")
    found = FileSystems.match([pattern])[0].metadata_list
    by_folder = {}
    for metadata in found:
        by_folder.setdefault(_staging_root(metadata.path), []).append(metadata)
    cutoff = time.time() - stale_hours * 3600
    doomed = [folder for folder, files in by_folder.items()
              if folder == staging or all(_updated(m) < cutoff for m in files)]
    leftovers = [m.path for folder in doomed for m in by_folder[folder]]
    if leftovers:
        FileSystems.delete(leftovers)
    existing = [folder for folder in {staging, *doomed} if FileSystems.exists(folder)]
    if existing:  # local folders; object stores have none once their objects are gone
        FileSystems.delete(existing)


def delete_folder(folder: str) -> None:
    """A staging folder and its files, on a local disk or in an object store (whose folder is
    its objects: deleting the folder's own path deletes nothing there)."""
    files = [m.path for m in FileSystems.match([FileSystems.join(folder, "**")])[0].metadata_list]
    if files:
        FileSystems.delete(files)
    if FileSystems.exists(folder):
        FileSystems.delete([folder])


def _updated(metadata) -> float:
    return metadata.last_updated_in_seconds or 0.0


def _staging_root(path: str) -> str:
    head, _, tail = path.partition(STAGING_PREFIX)
    return head + STAGING_PREFIX + tail.split("/", 1)[0]


def _ensure_dir(path: str) -> None:
    if not FileSystems.exists(path):  # object stores have no folders: mkdirs is a no-op there
        FileSystems.mkdirs(path)


def publish_files(output: str, staging: str, staged: list[str], replace: bool = True) -> list[str]:
    """Move the staged records into place, then (with `replace`) delete the outputs of earlier
    runs. The ledger files are not moved: `commit_ledger` moves them once the summary is
    written.

    Returns the final paths of all of `staged`, ledger included. Idempotent: a retried publish
    finds its files moved already.
    """
    records = [path for path in staged if _folder_of(path) != LEDGER_DIR]
    for folder in {_folder_of(path) for path in records}:
        _ensure_dir(FileSystems.join(output, folder))
    for path in sorted(records):
        _move(path, final_path(output, path))
    finals = [final_path(output, path) for path in sorted(staged)]
    if replace:
        stale = sorted(set(_existing_outputs(output)) - set(finals))
        if stale:
            _log.info("deleting %s of earlier runs", counted(len(stale), "output file"))
            FileSystems.delete(stale)
    return finals


def _move(path: str, target: str) -> bool:
    """Move a staged file to its final path; False if it was moved already."""
    if not FileSystems.exists(path):
        return False
    if FileSystems.exists(target):
        FileSystems.delete([target])
    FileSystems.rename([path], [target])
    return True


def commit_ledger(output: str, staging: str, ledger_files: list[str]) -> list[str]:
    """Move the run's staged ledger files (their final paths: the summary's `ledger_files`)
    into OUTPUT/_ledger/: the last step of an incremental run's publish, after its records and
    its summary. The ones moved now."""
    if ledger_files:
        _ensure_dir(FileSystems.join(output, LEDGER_DIR))
    return [final for final in ledger_files
            if _move(FileSystems.join(staging, LEDGER_DIR, posixpath.basename(final)), final)]


def recover_interrupted_publishes(output: str, own_staging: str) -> list[dict]:
    """Finish or undo the publish of each earlier incremental run into OUTPUT that was killed
    before it moved its ledger (its staged ledger is still in its staging folder); what was
    done, one {run_id, found, action, files} per run.

    An incremental run publishes its records, then writes its summary (its kept one first, see
    `keep_summary`), then moves its ledger.
    A run killed before its summary was written has had nothing loaded (the workflow loads the
    summary's cable_files) and its inputs are not in the ledger: the records it published are
    withdrawn, and this run ingests those inputs again. A run killed after its summary (kept in
    OUTPUT/_runs/RUNID/, where the workflow reads it) has had its cables loaded: its ledger is
    moved into place, so that no run ingests them again. Call it with the output's lock held
    (a run that holds none, publishing, would be taken for a killed one) and before the ledger
    is read.
    """
    pattern = FileSystems.join(output, STAGING_PREFIX + "*", LEDGER_DIR, "*.avro")
    stagings = sorted({_staging_root(m.path) for m in FileSystems.match([pattern])[0].metadata_list}
                      - {own_staging})
    if not stagings:
        return []
    latest = read_summary_or_none(output)
    done = []
    for staging in stagings:
        run_id = staging.rsplit(STAGING_PREFIX, 1)[1]
        # Its kept summary (or, written before runs kept theirs, the output's latest) says the
        # workflow loaded its cables.
        summary = read_summary_or_none(history_folder(output, run_id)) or latest
        if _summary_of_staged(summary, run_id, staging):
            moved = commit_ledger(output, staging, list(summary.get("ledger_files") or []))
            delete_folder(staging)  # a run's, done with: not left until it is stale
            if moved:
                done.append({"run_id": run_id, "found": KILLED_PUBLISHING,
                             "action": "ledger moved into place: its publish was finished",
                             "files": moved})
            continue
        published = [m.path for result in FileSystems.match(
            [FileSystems.join(output, kind, f"run-{run_id}-*")
             for kind in (CABLES_DIR, DEAD_LETTER_DIR)]) for m in result.metadata_list
            if holds(m.path, run_id) in (CABLES, DEAD_LETTERS, DUPLICATES)]
        if published:
            # (undone, so done with; a run that published nothing yet may be one still at work
            # that lost its lock by its age: its staging folder stays, see `_remove_staging`)
            delete_folder(staging)
            FileSystems.delete(published)
            done.append({"run_id": run_id, "found": KILLED_PUBLISHING,
                         "action": "records withdrawn: it was killed before its summary, its "
                                   "inputs are ingested again", "files": sorted(published)})
    for each in done:
        _log.warning("run %s %s into %s: %s (%s)", each["run_id"], each["found"], output,
                     each["action"], counted(len(each["files"]), "file"))
    return done


def _summary_of_staged(summary: dict | None, run_id: str, staging: str) -> bool:
    """Whether `summary` is that of the run whose ledger is staged in `staging`: it names the
    run, and the staged ledger files among its own (a summary kept by an earlier run of the
    same id, one with nothing new, lists none)."""
    if summary is None or summary.get("run_id") != run_id:
        return False
    listed = {posixpath.basename(path) for path in summary.get("ledger_files") or []}
    staged = FileSystems.match([FileSystems.join(staging, LEDGER_DIR, "*.avro")])[0]
    return all(posixpath.basename(m.path) in listed for m in staged.metadata_list)


def runs_without_ledger(output: str) -> dict[str, list[str]]:
    """{run id: its cable files} of each incremental run whose cable files are in OUTPUT but
    whose ledger file is not (deleted by hand, lost); see `transforms.ledger.rebuild_missing`."""
    # (*.avro: what the ledger's reader reads, not a rebuild's partial file)
    found = FileSystems.match([FileSystems.join(output, CABLES_DIR, f"run-*-{CABLES}-*.avro"),
                               FileSystems.join(output, LEDGER_DIR, f"run-*-{LEDGER}-*.avro")])
    cable_files: dict[str, list[str]] = {}
    for metadata in found[0].metadata_list:
        cable_files.setdefault(_run_of(metadata.path, CABLES), []).append(metadata.path)
    noted = {_run_of(metadata.path, LEDGER) for metadata in found[1].metadata_list}
    return {run_id: sorted(files) for run_id, files in sorted(cable_files.items())
            if run_id not in noted}


def _run_of(path: str, what: str) -> str:
    """The run id in a run's file name: run-RUNID-WHAT-00000-of-00001.avro (a run id may hold
    `-WHAT-` itself: the last is the kind's)."""
    name = posixpath.basename(path)
    return name[len("run-"):name.rindex(f"-{what}-")]


def read_summary_or_none(output: str) -> dict | None:
    """OUTPUT/_SUMMARY.json as a dict, or None if it is missing or not a summary; any other
    failure to read it (a storage error) is raised: taken for missing, a kept summary made
    recovery withdraw records the workflow had loaded."""
    try:
        found = read_summary_json(output)
    except (FileNotFoundError, ValueError):  # missing here, or not JSON
        return None
    except Exception as error:  # a client's NotFound, Beam's error for a missing object
        if storage.is_not_found(error):
            return None
        raise
    return found if isinstance(found, dict) else None


class RunInfo:
    """What publishing needs to know about the run besides its counts."""

    def __init__(self, output: str, staging: str, run_id: str, incremental: bool,
                 started_at: str, max_dead_letter_ratio: float | None, version: str,
                 stale_hours: float = output_lock.DEFAULT_STALE_HOURS,
                 quality_settings=None, recovered: list | None = None, replay: bool = False):
        self.output = output
        self.staging = staging
        self.run_id = run_id
        self.incremental = incremental
        self.replay = replay  # its inputs are dead letters, the files it read dead-letter files
        self.started_at = started_at
        self.max_dead_letter_ratio = max_dead_letter_ratio
        self.version = version
        self.stale_hours = stale_hours
        self.quality_settings = quality_settings or run_quality.QualitySettings()
        # What this run did about earlier runs killed while they published (noted in the summary)
        self.recovered = recovered or []


# Declared: Beam would infer it from the DoFn's bytecode at every construction.
@beam.typehints.with_output_types(Any)
class PublishRunFn(beam.DoFn):
    """Runs once, after every write: publish the files, write the summary, check the ratio."""

    def __init__(self, run: RunInfo):
        self.run = run

    def process(self, _, staged_files, tallies, quality_partials=(), too_young=()):
        summary = _summary_of_run(self.run)
        if summary is None:  # else a retry of this step (Dataflow retries a failed bundle)
            summary = self.publish_records(staged_files, tallies, quality_partials, too_young)
        # A retried attempt may have died after the summary: what follows it is done again (all
        # idempotent), then the same verdict, not one against the run's own summary.
        finish(self.run, summary)
        yield summary

    def publish_records(self, staged_files, tallies, quality_partials, too_young=()) -> dict:
        """Publish the run's records; its summary (as JSON), quality figures included."""
        run = self.run
        counts, dead_letter_counts = totals(tallies)
        empty = {CABLES: counts["cables"] == 0, DUPLICATES: counts["duplicates"] == 0,
                 DEAD_LETTERS: counts["dead_letters_of_parse"] == 0,
                 LEDGER: counts["ledger"] == 0}
        # A file with nothing in it is not published, except the two a full run always wrote.
        keep_empty = set() if run.incremental else {CABLES, DEAD_LETTERS}
        staged = [path for path in staged_files
                  if not empty[holds(path, run.run_id)] or holds(path, run.run_id) in keep_empty]
        # Before this run's files are there: what earlier runs published, still in place?
        missing, changed, checked = (checked_published_files(run) if run.incremental
                                     else ([], [], None))
        # The records, then the summary, then the ledger: the ledger is the commit. A run killed
        # before it is withdrawn or finished by the next (recover_interrupted_publishes).
        files = publish_files(run.output, run.staging, staged, replace=not run.incremental)
        summary = self.summary(counts, dead_letter_counts, files, sorted(too_young))
        if run.incremental:  # (a full run reads what --input names: no news to name)
            summary.new_input_files = names_of(tallies, NEW_INPUTS)
            summary.file_bytes = _sizes(summary.files)
            summary.missing, summary.missing_files = len(missing), missing[:MAX_NAMED]
            summary.changed, summary.changed_files = len(changed), changed[:MAX_NAMED]
            summary.published_files_checked = checked
        if too_young:
            _log.warning("%s", too_young_warning(summary.to_json()), extra=SAID_WITH_THE_SUMMARY)
        if missing or changed:
            _log.warning("%s", published_files_warning(summary.to_json()),
                         extra=SAID_WITH_THE_SUMMARY)
        run_quality.add_quality(summary, run_quality.merged(quality_partials),
                                run.quality_settings)
        return summary.to_json()

    def summary(self, counts: dict, dead_letter_counts: list, files: list[str],
                too_young: list[str]):
        run = self.run
        record_files = [f for f in files if f"/{LEDGER_DIR}/" not in f]
        return build_summary(
            counts["inputs"], counts["cables"], dead_letter_counts, record_files,
            max_dead_letter_ratio=run.max_dead_letter_ratio, started_at=run.started_at,
            pipeline_version=run.version,
            already_ingested_cables=counts["already_ingested_cables"],
            other_versions_kept=counts["other_versions_kept"],
            run_id=run.run_id, incremental=run.incremental, replay=run.replay,
            new_inputs=counts["new_inputs"], already_ingested=counts["already_ingested"],
            nothing_new=run.incremental and not record_files,
            cable_files=[f for f in record_files if f"/{CABLES_DIR}/" in f],
            ledger_files=[f for f in files if f"/{LEDGER_DIR}/" in f],
            too_young=len(too_young), too_young_files=too_young[:MAX_NAMED],
            recovered=run.recovered)


# --- what earlier runs published, still in place? --------------------------------------------
#
# A record file an earlier incremental run published and a person deleted (or edited) left its
# cables in the ledger: no later run wrote them again, and nothing said they were gone. Each
# incremental run checks, before it publishes, the files the earlier runs' kept summaries list
# (`files`, and their sizes, `file_bytes`, where a summary has them) against one listing of
# cables/ and dead_letter/: their names and sizes, no record file read. It reads each kept
# summary (a small JSON file, a few at a time): a year of daily runs is 365 small reads.
#
# Said loudly (the summary, the report's verdict, the command, the log, a WARNING run-end log
# entry), but the day is not failed: its own ingest is whole and right, and the damage was done
# to the output between runs, by hand; a failed status would fail every later day as well until
# the files are back (a day that failed of its own would look like the others), and a file
# removed on purpose (a record withdrawn) is no failure. README: "Files missing from the output".

RECORD_DIRS = (CABLES_DIR, DEAD_LETTER_DIR)
SUMMARY_READERS = 8  # kept summaries read at a time (Cloud Storage: each a request)


def checked_published_files(run: RunInfo) -> tuple[list[str], list[dict], bool]:
    """`check_published_files` of the run's output, and whether it was made: when the check
    itself fails (a storage error listing the output), none found and False, the error logged
    with its trace (the summary's warning says it, and the next run checks again): the day
    goes on, as its own ingest is whole."""
    try:
        return (*check_published_files(run.output, run.run_id), True)
    except Exception as error:  # noqa: BLE001  (a check is no reason to fail the day)
        # (said once, with its trace and the phrase the alert finds, PUBLISHED_BY_EARLIER_RUNS)
        _log.warning("the record files %s into %s were not checked today (%s: %s); the next "
                     "run checks them", PUBLISHED_BY_EARLIER_RUNS, run.output,
                     type(error).__name__, error, exc_info=True)
        return [], [], False


def check_published_files(output: str, run_id: str) -> tuple[list[str], list[dict]]:
    """(missing, changed) record files of the earlier incremental runs into OUTPUT: the paths
    their kept summaries list that are not in OUTPUT now, and {path, published_bytes, bytes} of
    those whose size is not the one published (a summary written before `file_bytes` has no
    size to compare). Each by name, as the file is in OUTPUT now (an output moved elsewhere is
    checked where it is)."""
    published = _published_by_earlier_runs(output, run_id)
    if not published:
        return [], []
    present = {_record_key(m.path): m.size_in_bytes
               for result in FileSystems.match([FileSystems.join(output, kind, "*")
                                                for kind in RECORD_DIRS])
               for m in result.metadata_list}
    missing, changed = [], []
    for key, size in sorted(published.items()):
        path = FileSystems.join(output, *key)
        if key not in present:
            missing.append(path)
        elif size is not None and present[key] != size:
            changed.append({"path": path, "published_bytes": size, "bytes": present[key]})
    return missing, changed


def _record_key(path: str) -> tuple[str, str]:
    """(folder, name) of a record file: what names it in any copy of the output."""
    return posixpath.basename(posixpath.dirname(path)), posixpath.basename(path)


def _published_by_earlier_runs(output: str, run_id: str) -> dict:
    """{(folder, name): bytes published, or None} of every record file the kept summaries of
    earlier runs into OUTPUT list."""
    kept = FileSystems.match([FileSystems.join(output, HISTORY_DIR, "*", SUMMARY_FILE)])[0]
    folders = [posixpath.dirname(m.path) for m in kept.metadata_list
               if posixpath.basename(posixpath.dirname(m.path)) != run_id]
    with ThreadPoolExecutor(SUMMARY_READERS) as pool:
        summaries = list(pool.map(_kept_summary, folders))
    published = {}
    for summary in summaries:
        files, sizes = summary.get("files"), summary.get("file_bytes")
        if not isinstance(sizes, dict):
            sizes = {}
        for path in files if isinstance(files, list) else []:  # (a summary edited by hand)
            if isinstance(path, str) and _record_key(path)[0] in RECORD_DIRS:
                size = sizes.get(path)
                published[_record_key(path)] = size if isinstance(size, int) else None
    return published


def _kept_summary(folder: str) -> dict:
    """A run's kept summary; {} when it cannot be read (damaged, a storage error): a warning,
    that run's files not checked today."""
    try:
        return read_summary_or_none(folder) or {}
    except Exception as error:  # noqa: BLE001  (a storage error: the check is no reason to stop)
        _log.warning("the summary kept in %s cannot be read (%s): its run's files are not "
                     "checked", folder, error)
        return {}


def _sizes(paths: list[str]) -> dict:
    """{path: bytes} of the files, as one listing each sees them."""
    return {m.path: m.size_in_bytes for result in FileSystems.match(list(paths))
            for m in result.metadata_list}


def finish(run: RunInfo, summary: dict) -> None:
    """What follows the publish of the records, in this order: the summary (the run's kept one
    first, see `keep_summary`), the ledger's commit, the staging folder's removal, the reports,
    the lock's release; then the run's verdict (`_fail_if_failed`). Each step is idempotent: a
    retried publish step does them all again.

    Its summary written, a run is published (the next run finishes the ledger's commit if it has
    to), so these steps (small files, a second) are not cut short by a stop signal the command
    takes in this process: it waits for them (`finishing`, pipeline.cli)."""
    with _finishing_publish():
        keep_summary(run, summary)
        write_summary(run.output, summary)
        commit_ledger(run.output, run.staging, list(summary.get("ledger_files") or []))
        _remove_staging(run.output, run.staging, run.stale_hours)
        write_reports(run, summary)
        output_lock.release(run.output, run.run_id)  # if this run holds it
    _fail_if_failed(summary, run)


_FINISHING = threading.Event()  # set while `finish` writes, in this process


@contextlib.contextmanager
def _finishing_publish():
    _FINISHING.set()
    try:
        yield
    finally:
        _FINISHING.clear()


def finishing() -> bool:
    """Whether a run in this process is past its commit, finishing its publish (`finish`): a
    stop signal that came now would leave its output published, its report unwritten."""
    return _FINISHING.is_set()


def history_folder(output: str, run_id: str) -> str:
    """OUTPUT/_runs/RUNID/: where an incremental run's summary and report are kept. The next run
    replaces OUTPUT's own (a failed day's report was gone by the day after); the workflow reads
    the run's summary here, and `cable-ingest report` and `--baseline` take such a folder. A
    full run keeps none (its output is replaced at each run, and is never an incremental one)."""
    return storage.join(storage.join(output, HISTORY_DIR), run_id)


def keep_summary(run: RunInfo, summary: dict) -> None:
    """The run's summary kept in its history folder, before OUTPUT/_SUMMARY.json and the
    ledger's commit: the workflow loads a run's cables when it finds this file, and the next
    run's `recover_interrupted_publishes` takes a run whose file is there (or, for runs that
    kept none, whose summary is OUTPUT's) for one whose cables were loaded. Written first, a
    run killed at any point is never taken for loaded when the workflow did not load it."""
    if run.incremental:
        write_summary(history_folder(run.output, run.run_id), summary)


def write_reports(run: RunInfo, summary: dict) -> None:
    """OUTPUT/_REPORT.html, and an incremental run's kept copy in its history folder."""
    write_report(run.output, summary)
    if run.incremental:
        write_report(run.output, summary, folder=history_folder(run.output, run.run_id))


def _summary_of_run(run: RunInfo) -> dict | None:
    """The summary this very run (its id and start time: not a rerun that reuses the id) wrote
    already (an incremental run's kept one, else OUTPUT/_SUMMARY.json), else None.

    An incremental run compares its fill rates with the summary in OUTPUT (the previous run's):
    a retried publish step would otherwise compare the run with itself, find no drop, and turn
    a failed run into a passing one."""
    # (an incremental run's kept summary is written first: found there, the attempt may have
    # died before OUTPUT's)
    folder = history_folder(run.output, run.run_id) if run.incremental else run.output
    if not FileSystems.exists(FileSystems.join(folder, SUMMARY_FILE)):
        return None
    written = read_summary_or_none(folder)
    if written is None:  # not JSON, or not an object: not this run's
        return None
    ours = (written.get("run_id"), written.get("started_at")) == (run.run_id, run.started_at)
    return written if ours else None


def _fail_if_failed(summary: dict, run: RunInfo) -> None:
    """Raise what fails the run once its summary is written: too many dead letters, or a
    field's fill rate dropped past --max_fill_rate_drop; or inputs lost (not accounted for)."""
    if summary["status"] == NOT_ACCOUNTED:
        raise InputsNotAccounted("; ".join(failure_reasons(summary)))
    if summary["status"] == RATIO_EXCEEDED:
        failed = summary["dead_letters"] - summary["duplicate_dead_letters"]
        raise DeadLetterRatioExceeded(
            f"{failed:,} of {counted(summary['inputs'], 'input')} became "
            f"{'a dead letter' if failed == 1 else 'dead letters'} "
            f"({summary['failure_ratio']:.1%}"
            f"{', duplicates not counted' if summary['duplicate_dead_letters'] else ''}), "
            f"more than --max_dead_letter_ratio {run.max_dead_letter_ratio:.1%}; see "
            f"{run.output}/dead_letter/")
    failure = fill_rate_failure(summary)
    if failure:
        raise run_quality.FillRateDropped(failure)


# Declared: Beam would infer it from the DoFn's bytecode at every construction.
@beam.typehints.with_output_types(Any)
class TallyFn(beam.DoFn):
    """The elements of one counted part -> per bundle, one (part, count, {(stage, error_type):
    count}) tally (the types of dead letters only for DEAD_LETTER_PARTS).

    Counted where the elements are, in the step's own bundle: no element goes through another
    step or a GroupByKey to be counted.
    """

    def __init__(self, part: str):
        self.part = part
        self.by_type = part in DEAD_LETTER_PARTS

    def start_bundle(self):
        self._count, self._types = 0, {}

    def process(self, element):
        self._count += 1
        if self.by_type:
            key = (element["stage"], element["error_type"])
            self._types[key] = self._types.get(key, 0) + 1

    def finish_bundle(self):
        if self._count:
            yield tally(self.part, self._count, self._types)


class PublishRun(beam.PTransform):
    """{staged_files, quality, and the PCollections counted} -> the summary, once all is written
    (quality: the figures of transforms.quality.QualityStats).

    `inputs` holds every input of the run (RawInputs and the dead-letter Outcomes of what could not be
    read), so the summary's accounting compares independent counts. `new_inputs` and
    `already_ingested` are the files an incremental run read and skipped; a part that is None
    (not made by this run) counts 0. `quality` holds the partial figures of QualityStats.
    `tallies` (a PCollection or a tuple of them) holds tallies of counted parts
    (`transforms.tallies.tally`) that the steps making them counted themselves, instead of those
    parts' elements: a part is given one way or the other.
    """

    COUNTED = COUNTED  # (`transforms.tallies`: the early steps count without importing this)

    def __init__(self, run: RunInfo):
        super().__init__()
        self.fn = PublishRunFn(run)

    def expand(self, parts):
        pipeline = parts["staged_files"].pipeline
        # One TallyFn per part (each part counted bundle by bundle where it is made; the Flatten
        # joins small tallies only), summed by the publish step. Not a Count per part: that
        # adds a GroupByKey and the steps that make a 0 for an empty part, and every step, and
        # every GroupByKey, costs the runner at start-up and per bundle.
        counted = tuple(parts[name] | f"Count_{name}" >> beam.ParDo(TallyFn(name))
                        for name in self.COUNTED if parts.get(name) is not None)
        made = parts.get("tallies") or ()
        tallies = (counted + (made if isinstance(made, tuple) else (made,))
                   | "AllCounted" >> beam.Flatten())
        # (the files left to the next run, --min_file_age_seconds: a side input only then)
        too_young = ({"too_young": AsList(parts["too_young"])}
                     if parts.get("too_young") is not None else {})
        return (pipeline
                | "Once" >> beam.Impulse()  # one element; a Create([None]) is 4 steps
                | "PublishFiles" >> beam.ParDo(
                    self.fn, staged_files=AsList(parts["staged_files"]),
                    tallies=AsList(tallies), quality_partials=AsList(parts["quality"]),
                    **too_young))
