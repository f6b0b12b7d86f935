"""Graph assembly and `run(argv)`: the batch pipeline from file globs to Avro outputs."""
import contextlib
import logging
import re
import shlex
import sys
import threading
import time
import uuid
import weakref
from datetime import datetime, timezone

import pipeline.beam_import  # noqa: F401  (first: Beam loads without garbage collection)
import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.portability import python_urns
from apache_beam.portability.api import beam_fn_api_pb2
from apache_beam.runners.portability import local_job_service
from apache_beam.runners.portability.fn_api_runner import worker_handlers
from apache_beam.runners.portability.fn_api_runner.fn_runner import FnApiRunner
from apache_beam.options.pipeline_options import (DirectOptions, GoogleCloudOptions,
                                                      StandardOptions, TestOptions)

from pipeline import summary as run_summary
from pipeline import workers
from pipeline.launch import Submission, has_one_worker, runner_name, runs_locally, submission
from pipeline.options import DEFAULT_BATCH_RUNNER, CableIngestOptions, own_options
from transforms.version import __version__
from transforms import output_lock
from transforms.storage import same_folder
from transforms.dedupe import SPILL_DIR, DeduplicateCables
from transforms.ingest import Limits
from transforms.ledger import (NoteFilesRead, ReadLedger, SelectNewFiles, ledger_record,
                               rebuild_missing)
from transforms.parse import ParseCables
from transforms.publish import (CABLES, DEAD_LETTERS, DUPLICATES, LEDGER, LEDGER_DIR,
                                STAGING_PREFIX, PublishRun, RunInfo, delete_folder,
                                recover_interrupted_publishes, staged_prefix)
from transforms.quality import QualitySettings, QualityStats
from transforms.read import (TOO_YOUNG, LeaveYoungFiles, MatchInputFiles, ReadDeadLetters,
                             ReadMatchedFiles, file_label)
from transforms.records import CABLES_DIR, DEAD_LETTER_DIR
from transforms.write import NameAvroFiles, WriteAvroRecords


def build_batch(pipeline: beam.Pipeline, options: CableIngestOptions, replay: bool = False) -> None:
    """Read -> parse and validate -> de-duplicate -> write into staging -> publish.

    With `replay`, the inputs are the dead letters of earlier runs (--input globs of their Avro
    files), each tried once more with `attempt` one higher. With --incremental, the ledger of
    OUTPUT says which files and cables earlier runs ingested: those are not ingested again.
    Takes OUTPUT's lock (`transforms.output_lock`) when the graph is to run; publishing
    releases it.
    """
    run = run_info(options, replay)
    if options.incremental and takes_lock(options):
        # Before the ledger is read: an earlier run killed as it published is finished or
        # undone, and one whose ledger file is missing has it rebuilt from its cable files.
        # (Not by a job file only written, which holds no lock to change the output with.)
        run.recovered = (recover_interrupted_publishes(options.output, run.staging)
                         + rebuild_missing(options.output))
    ledger = pipeline | "ReadLedger" >> ReadLedger(options.output) if options.incremental else None
    # What a run does not make is None, not an empty Create (each costs the runner ~4 steps):
    # the summary counts a missing part as 0.
    skipped = file_entries = None
    spread = not has_one_worker(options)  # work spread over workers, if there are others
    # (a replay reads the dead letters of the output it writes into: no folder is left out)
    files = pipeline | "MatchInputs" >> MatchInputFiles(
        options.input, outside=None if replay else options.output)
    too_young = None
    if options.min_file_age_seconds and not replay:  # (no step at all without it)
        aged = files | "LeaveYoungFiles" >> LeaveYoungFiles(
            time.time() - options.min_file_age_seconds)
        files, too_young = aged["files"], aged[TOO_YOUNG]
    if ledger is not None:
        # Files an earlier run read are not read again; for a replay, the dead-letter files an
        # earlier replay into this output read (their inputs' later attempts are in its own).
        selected = files | "SelectNewFiles" >> SelectNewFiles(ledger["files"],
                                                             options.max_input_bytes)
        files, skipped, file_entries = (selected["new"], selected["skipped"],
                                        selected["file_entries"])
    if replay:
        reading = files | "ReadInputs" >> ReadDeadLetters(options.input_format)
    else:
        reading = files | "ReadInputs" >> ReadMatchedFiles(
            options.input_format, options.max_input_bytes, options.csv_range_bytes,
            redistribute=spread)
    read, read_tallies = reading["inputs"], reading["tallies"]  # (tallies: the files it read)
    # The reading counts the files it reads, the parse the inputs and its dead letters (and
    # measures their quality), the de-duplication the cables it writes and the duplicates it
    # makes (and measures them): no element goes through a step more for it.
    parsed = read | "ParseCables" >> ParseCables(Limits(options.max_line_chars), keep_raw=True,
                                                 measure=True)
    settled = parsed["cables"] | "Deduplicate" >> DeduplicateCables(
        FileSystems.join(run.staging, SPILL_DIR), options.codec,
        ledger["cables"] if ledger is not None else None, spread_files=spread)
    ledger_entries = None
    if options.incremental:
        if file_entries is not None:
            file_entries = file_entries | "NoteFilesRead" >> NoteFilesRead(
                parsed["dead_letters"], options.max_input_bytes)
        entries = (settled["ledger"],) if file_entries is None else (file_entries,
                                                                     settled["ledger"])
        ledger_entries = (entries
                          | "CollectLedger" >> beam.Flatten()
                          | "LedgerRecords" >> beam.Map(
                              lambda entry, run_id=run.run_id: ledger_record(run_id, entry)))
    outputs = {DEAD_LETTERS: parsed["dead_letters"], DUPLICATES: settled["dead_letters"]}
    if options.incremental:  # a full run keeps no ledger: no write (~11 steps) for an empty file
        outputs[LEDGER] = ledger_entries
    staged_files = write_outputs(run, options, settled["cable_files"], outputs)
    parts = {"staged_files": staged_files,
             "tallies": (read_tallies, parsed["tallies"], *settled["tallies"]),
             "ledger": ledger_entries, "already_ingested": skipped, "too_young": too_young,
             "quality": quality_of(parsed, settled)}
    {name: part for name, part in parts.items() if part is not None} | "PublishRun" >> PublishRun(run)


def quality_of(parsed, settled):
    """The partial quality figures of every parsed cable (before de-duplication) and every dead
    letter: the parse's, then de-duplication's (each measures its own)."""
    return {"partials": (parsed["quality"], settled["quality"])} | "QualityStats" >> QualityStats()


def quality_settings(options: CableIngestOptions) -> QualitySettings:
    """The drift baseline and threshold, and the run's runner and options for the report."""
    runner = options.view_as(StandardOptions).runner
    # An incremental output compares each run with the one before it, unless told otherwise.
    previous_run = options.output if getattr(options, "incremental", False) else None
    # So does a run given its own output as --baseline (a daily schedule): its first has none.
    own_output = bool(options.baseline and options.output
                      and same_folder(options.baseline, options.output))
    return QualitySettings(
        baseline=options.baseline or previous_run,
        baseline_optional=(not options.baseline and bool(previous_run)) or own_output,
        max_fill_rate_drop=options.max_fill_rate_drop,
        run={"runner": getattr(runner, "__name__", None) or str(runner),
             "options": {name: _as_text(value) for name, value in own_options(options).items()
                         if value is not None}})


def _as_text(value):
    """An option's value that encodes: a glob naming a file that is not UTF-8 (`--input
    'caf\\udce9.txt'`, as Python passes such a byte on) with that byte as `\\xNN`."""
    if isinstance(value, str):
        return file_label(value)
    if isinstance(value, list):
        return [_as_text(each) for each in value]
    return value


def run_info(options, replay: bool = False) -> RunInfo:
    """The run's id and staging folder (and whether it replays dead letters, for its summary);
    takes OUTPUT's lock for a run started from here.

    A local run, a job submitted to Dataflow directly, and the job a Flex Template launch writes
    (--lock_at_launch, which deploy/main.py sets) take the lock here, so a second run (a manual
    replay beside the scheduled job) refuses at once with a clear message instead of taking the
    job's publish for a killed one. Any other --template_location or --dry_run run only writes
    or checks a job file, and takes none. The job releases the lock naming its run id when it
    publishes.
    """
    run_id = options.run_id  # chosen once, by make_options
    if takes_lock(options):
        took_over = output_lock.acquire(options.output, run_id, options.lock_stale_hours,
                                        local=runs_locally(options))
        if took_over:
            print(f"cable-ingest: {took_over}", file=sys.stderr)
    return RunInfo(
        output=options.output, staging=FileSystems.join(options.output, STAGING_PREFIX + run_id),
        run_id=run_id, incremental=options.incremental, replay=replay,
        started_at=datetime.now(timezone.utc).isoformat(),
        max_dead_letter_ratio=options.max_dead_letter_ratio, version=__version__,
        stale_hours=options.lock_stale_hours, quality_settings=quality_settings(options))


def takes_lock(options) -> bool:
    """Whether this run takes OUTPUT's lock (`run_info`): all but a job file only written or
    checked (--template_location without --lock_at_launch, --dry_run)."""
    template = options.view_as(GoogleCloudOptions).template_location and not options.lock_at_launch
    return runs_locally(options) or not (template or options.view_as(TestOptions).dry_run)


def new_run_id() -> str:
    """UTC start time and a random suffix: runs sort by time, two in one second differ."""
    return f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


# (step, folder, schema, shards) of each kind of staged file; a run's duplicates and ledger are
# few enough for one file each.
_WRITES = {CABLES: ("NameCableFiles", CABLES_DIR, "cable", None),
           DEAD_LETTERS: ("WriteDeadLetters", DEAD_LETTER_DIR, "dead_letter", None),
           DUPLICATES: ("WriteDuplicates", DEAD_LETTER_DIR, "dead_letter", 1),
           LEDGER: ("WriteLedger", LEDGER_DIR, "ledger", 1)}


def write_outputs(run: RunInfo, options, cable_files, outputs: dict):
    """Name `cable_files` (written by the de-duplication) and write each of `outputs` ({what:
    records}) into the staging folder; the staged paths.

    An incremental run names its files run-RUNID-*, so they never collide with earlier runs'.
    The dead letters of the parse and of the de-duplication are written by two writes into one
    folder: joining them with a Flatten would hold them in the local runner's memory and log
    their payloads at DEBUG.
    """
    written = [cable_files | _staged(NameAvroFiles, CABLES, run, options)]
    written += [records | _staged(WriteAvroRecords, what, run, options)
                for what, records in outputs.items()]
    return tuple(written) | "CollectFiles" >> beam.Flatten()


def _staged(transform, what: str, run: RunInfo, options):
    """The labelled `transform` (NameAvroFiles or WriteAvroRecords) that stages the files
    holding `what` (CABLES, DEAD_LETTERS, DUPLICATES or LEDGER)."""
    step, folder, schema, shards = _WRITES[what]
    prefix = staged_prefix(run.staging, folder, what, run.run_id if run.incremental else None)
    return step >> transform(prefix, schema, options.codec, shards or options.num_shards)


def make_options(argv) -> CableIngestOptions:
    options = CableIngestOptions(argv)
    # The run's id, chosen once here: the lock, the staging folder, the ledger, the summary and
    # the command's closing log line all name the same run.
    options.run_id = options.run_id or new_run_id()
    standard = options.view_as(StandardOptions)
    if standard.runner is None:
        standard.runner = DEFAULT_BATCH_RUNNER
    # A remote job (or a template, or a dry run) is handed over, not waited for: the launcher
    # returns at submission and the job writes its summary when it finishes.
    standard.no_wait_until_finish = not runs_locally(options)
    return options


def _remove_stopped_run_staging(options) -> None:
    """Delete the staging folder of this run, stopped before it published (its workers have
    ended: only this run writes into it), so that it leaves its output as it was, without a
    hidden folder of partial files until a later run finds it stale. (A run that failed keeps
    it, for a look at what it had written.)

    An incremental run whose ledger is staged keeps it: stopped while it published, its staged
    ledger is what the next run's `recover_interrupted_publishes` finishes or undoes that
    publish by (before its publish, the next run finds nothing of it to do)."""
    staging = FileSystems.join(options.output, STAGING_PREFIX + options.run_id)
    try:
        # (its ledger files, not the folder: one whose ledger was moved, stopped as it removed
        # its staging folder, left the empty folder, and its staging kept for nothing)
        ledger = FileSystems.match([FileSystems.join(staging, LEDGER_DIR, "*.avro")])[0]
        if options.incremental and ledger.metadata_list:
            return
        delete_folder(staging)
    except Exception:  # noqa: BLE001  (a later run removes it once it is stale)
        pass


def local_runner(options):
    """The runner of a run with local worker processes, whose workers are `pipeline.worker`
    (Beam's SDK worker, leaving Ctrl-C to the launcher, its verdict unsaid); None otherwise (the
    runner the options name).

    `--workers N`, and Beam's options by hand: `--direct_running_mode multi_processing` with the
    FnApiRunner (the default) or `--runner DirectRunner`, as Beam's docs teach it (a batch
    DirectRunner runs on the FnApiRunner: the same engine). With the DirectRunner's own
    workers, Ctrl-C printed each worker's KeyboardInterrupt traceback and a day failed by its
    verdict their trace of the step."""
    if (runner_name(options) not in ("FnApiRunner", "DirectRunner", "SwitchingDirectRunner")
            or options.view_as(DirectOptions).direct_running_mode != "multi_processing"):
        return None
    return FnApiRunnerWithQuietWorkers()


class FnApiRunnerWithQuietWorkers(FnApiRunner):
    """The FnApiRunner, its worker processes started as `python -m pipeline.worker` instead of
    Beam's `python -m apache_beam.runners.worker.sdk_worker_main` (what multi_processing names;
    another environment, given by the pipeline, is left as it is)."""

    BEAMS = f"{sys.executable} -m apache_beam.runners.worker.sdk_worker_main"
    # Beam runs it with `sh -c`. `exec`: or the shell, which dies of a SIGTERM to the group,
    # would be the process Beam waits for, and its death an error of the run. `trap '' INT`:
    # Ctrl-C in a worker's first instant (Python starting, before pipeline.worker ignores it)
    # printed a "Fatal Python error: init_import_site" block; ignored before the exec, SIGINT
    # stays ignored. `no_grpc_proxy`: a worker dials its launcher on localhost, and with an
    # `http_proxy`/`https_proxy` set (and no `no_proxy` for localhost) it dialled through the
    # proxy: the run failed after two minutes of "inputs 0" (gRPC's own variable: other
    # traffic keeps the proxy).
    OURS = ("trap '' INT; "
            'bypass="${no_grpc_proxy:-$no_proxy}"; '  # (gRPC reads the first in the second's stead)
            'export no_grpc_proxy="localhost,127.0.0.1${bypass:+,$bypass}"; '
            f"exec {shlex.quote(sys.executable)} -m pipeline.worker")

    def run_via_runner_api(self, pipeline_proto, options):
        for environment in pipeline_proto.components.environments.values():
            if (environment.urn == python_urns.SUBPROCESS_SDK
                    and environment.payload == self.BEAMS.encode()):
                environment.payload = self.OURS.encode()
        ended = SubprocessSdkWorkerNoted.ended
        # (the registry: so that a stopped run stops them, see pipeline.workers)
        with workers.registry(), _beams_classes_replaced(), \
                _quiet_once(lambda: bool(ended) or workers.any_ended()):
            try:
                return super().run_via_runner_api(pipeline_proto, options)
            except Exception as error:
                if ended and workers.interrupted(error) is None:  # (a stop kills them itself)
                    raise workers.WorkerProcessEnded(ended[0]) from error
                raise


@contextlib.contextmanager
def _beams_classes_replaced():
    """Around a run with worker processes: Beam's worker connection and worker process replaced
    by ours (below), their state new; Beam's again after it (a later run in this process with
    threads, `--direct_running_mode multi_threading`, took the failed run's error as its own)."""
    replaced = {(worker_handlers, "ControlConnection"): ControlConnectionEndingLateWorkers,
                (local_job_service, "SubprocessSdkWorker"): SubprocessSdkWorkerNoted}
    beams = {where: getattr(*where) for where in replaced}
    SubprocessSdkWorkerNoted.ended.clear()
    ControlConnectionEndingLateWorkers.failure = None
    ControlConnectionEndingLateWorkers.closing = False
    for (module, name), ours in replaced.items():
        setattr(module, name, ours)
    try:
        yield
    finally:
        for (module, name), beams_class in beams.items():
            if beams_class not in replaced.values():  # (two runs at once: Beam's, not ours)
                setattr(module, name, beams_class)
        ControlConnectionEndingLateWorkers.failure = None


class SubprocessSdkWorkerNoted(local_job_service.SubprocessSdkWorker):
    """Beam's worker process, its end noted when it ended with an error status (killed by the
    out-of-memory killer, or exited on its own): the run failed with ~200 lines of traces of
    every connection the worker broke, the last a misleading `Channel closed prematurely`; it
    now fails with the one line of pipeline.workers.WorkerProcessEnded, the rest unsaid."""

    ended: list[int] = []  # the exit statuses, in the order the workers ended
    BEAMS_WORDS = re.compile(r"exited with return code (-?\d+)")

    def run(self):
        try:
            super().run()
        except RuntimeError as error:  # (Beam's words for it: the status is read from them)
            found = self.BEAMS_WORDS.search(str(error))
            if found is None:
                raise
            self._ended(int(found[1]), str(error))
            return
        if not ControlConnectionEndingLateWorkers.closing:  # status 0, but before its time
            self._ended(0, "Worker subprocess exited with return code 0 before the run ended")

    def _ended(self, returncode: int, error: str) -> None:
        self.ended.append(returncode)
        ControlConnectionEndingLateWorkers.fail_waiting(error)


@contextlib.contextmanager
def _quiet_once(it_ended):
    """Around a run: once `it_ended()` (a worker process ended), what Beam logs and its threads
    raise while the run comes apart is left unsaid: the run's error says it in a line."""
    previous_hook = threading.excepthook

    def quiet_hook(args):
        return None if it_ended() else previous_hook(args)

    threading.excepthook = quiet_hook

    def said(record) -> bool:
        return not it_ended()

    handlers = logging.getLogger().handlers[:]
    for handler in handlers:
        handler.addFilter(said)
    try:
        yield
    finally:
        if threading.excepthook is quiet_hook:  # (a stop's silence, set since, stays)
            threading.excepthook = previous_hook
        for handler in handlers:
            handler.removeFilter(said)


class ControlConnectionEndingLateWorkers(worker_handlers.ControlConnection):
    """Beam's connection to a worker process, which also ends a worker that connects only after
    the run has closed it.

    At its end (done or failed), a run closes each worker's connection by telling the worker it
    is done, and waits for the worker process to end; but Beam tells only a worker that has
    connected. One still starting when the run failed (its first step failing on the other
    worker, on a loaded machine) connected afterwards, waited for work for ever, and the run
    waited for it: the command hung (Beam 2.77 and 2.78). Its "done" is now queued for it: the
    worker reads it (after any work queued before) as soon as it connects, and ends.

    And a worker that ends before it connects (killed as it starts, or failing to) left the run
    waiting for ever for the answers to the work queued for it, or queued later, and so did one
    killed as it published (a step that sends no data back: nothing broke on the run's side):
    once `fail_waiting` is called, every instruction waiting or sent is answered with its
    error. (A worker still working, failed under it, may print its bundle's trace.)"""

    opened: "weakref.WeakSet[ControlConnectionEndingLateWorkers]" = weakref.WeakSet()
    # The run's, reset by each: its error once a worker process ended; whether it has begun to
    # close its connections (at its end: a worker's end is then no news)
    failure: str | None = None
    closing = False

    def __init__(self):
        super().__init__()
        self.opened.add(self)

    def push(self, req):
        future = super().push(req)
        if future is not None and self.failure is not None:
            self._answer(req.instruction_id, future, self.failure)
        return future

    @classmethod
    def fail_waiting(cls, error: str) -> None:
        """Answer every instruction waiting, or sent from now on, with `error` (the run fails
        with it: a worker process ended)."""
        cls.failure = error
        for connection in list(cls.opened):
            for instruction_id, future in list(connection._futures_by_id.items()):
                connection._answer(instruction_id, future, error)

    def _answer(self, instruction_id: str, future, error: str) -> None:
        if not future.is_done():
            future.set(beam_fn_api_pb2.InstructionResponse(instruction_id=instruction_id,
                                                           error=error))

    def close(self):
        ControlConnectionEndingLateWorkers.closing = True
        servicer = worker_handlers.BeamFnControlServicer
        with worker_handlers.ControlConnection._lock:  # (Beam's: set_input takes it too)
            if self._state == servicer.UNSTARTED_STATE:
                self.push(servicer._DONE_MARKER)
                self._state = servicer.DONE_STATE
                return
        super().close()


def run(argv=None, replay: bool = False) -> run_summary.RunSummary | Submission:
    """Run the pipeline with Beam-style arguments.

    Batch unless --streaming is given (then `pipeline.streaming` builds and runs the graph);
    `replay` re-ingests the dead letters named by --input. A local run is waited for and returns
    its summary; a remote run (DataflowRunner, a --template_location, a --dry_run) returns its
    `Submission` as soon as the runner has it: the job writes OUTPUT/_SUMMARY.json when done.
    """
    options = make_options(argv)
    if options.view_as(StandardOptions).streaming:
        from pipeline import streaming  # its Beam modules (Pub/Sub, fileio...) load when needed

        return streaming.run_streaming(options)
    started = time.monotonic()
    try:
        with beam.Pipeline(runner=local_runner(options), options=options) as pipeline:
            # (it waits unless make_options said not to)
            build_batch(pipeline, options, replay)
    except BaseException as error:  # the run failed before it published: its lock is of no use
        # now, nor, stopped, what it staged
        if runs_locally(options) and workers.interrupted(error):
            _remove_stopped_run_staging(options)
        output_lock.release(options.output, options.run_id)
        raise
    if not runs_locally(options):
        return submission(pipeline.result, options)
    return run_summary.read_summary(options.output, time.monotonic() - started)
