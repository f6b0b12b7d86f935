"""The `cable-ingest` command: run, parse, show, schema.

    cable-ingest run --input GLOB --output DIR [--format auto|text|html|csv] [Beam options...]
    cable-ingest parse FILE...            one JSON object per input, valid or not
    cable-ingest show FILE.avro...        records as JSON lines
    cable-ingest schema cable|dead_letter [--bigquery]
    cable-ingest replay DEAD_LETTER_GLOB... --output DIR
    cable-ingest report OUTPUT [--baseline EARLIER_OUTPUT]
"""
import argparse
import contextlib
import json
import logging
import os
import posixpath
import re
import signal
import sys
import threading
import time

from pipeline import checks, workers
from pipeline.arguments import NOT_FOR_REPLAY
from pipeline.checks import UsageError
from transforms import formats, storage
from transforms.output_lock import OutputLocked
from transforms.version import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# sysexits.h's EX_TEMPFAIL: another run holds the output's lock; the same command can succeed
# later, so a scheduler's wrapper can retry it rather than page someone for a failed day.
EXIT_BUSY = 75
EXIT_INTERRUPTED = 130  # 128 + SIGINT: what a shell reports for a command stopped by Ctrl-C
EXIT_TERMINATED = 143   # 128 + SIGTERM
EXIT_STATUSES = (
    f"Exit status: {EXIT_OK} done; {EXIT_FAILED} the run failed (its summary says why: too many "
    f"dead letters, a fill-rate drop, inputs not accounted for; or its FAILED line: a ledger "
    f"file, or a replay's dead-letter file, unreadable, a worker process ended); "
    f"{EXIT_USAGE} a usage error, nothing written; {EXIT_BUSY} the output is in use by another "
    f"run, nothing written (try again once it ends); {EXIT_INTERRUPTED}, {EXIT_TERMINATED} "
    "stopped by Ctrl-C, SIGTERM before the run published (stopped after, it exits with its "
    "verdict).")
# `cable-ingest parse -` reads standard input; its inputs are named so in their source.
STDIN, STDIN_URI = "-", "<stdin>"
INTERRUPTED, TERMINATED = "interrupted (Ctrl-C)", "stopped (SIGTERM)"


class Terminated(KeyboardInterrupt):
    """SIGTERM (`timeout`, systemd, `docker stop`) during a run: it stops as Ctrl-C stops it,
    its lock released and its end logged."""


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _parser()
    try:
        args, rest = parser.parse_known_args(argv)
    except UsageError as error:  # an argument refused as it is parsed (replay's --input)
        print(f"cable-ingest: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if rest and args.command not in ("run", "replay"):  # Beam parses those two's options
        print(f"cable-ingest: error: {checks.unrecognized(rest[0], args.own_options)}",
              file=sys.stderr)
        return EXIT_USAGE
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # Each local worker process warns that it has no semi-persistent directory: noise, not news.
    logging.getLogger("apache_beam.runners.portability.local_job_service").setLevel(logging.ERROR)
    # A Dataflow launch says what it stages, the job it submitted and its console page.
    logging.getLogger("apache_beam.runners.dataflow").setLevel(logging.INFO)
    # A run failed by its own verdict says so in one line: Beam's traceback of the step that
    # raised it would read as a crash above it.
    logging.getLogger("apache_beam.runners.common").addFilter(workers.not_a_run_verdict)
    # The summary's warnings (files too young, earlier record files missing) are said after the
    # table: the publish step's log of each, above it, said them twice.
    logging.getLogger("transforms.publish").addFilter(_not_said_with_the_summary)
    try:
        with _terminated_from_the_start(args.command):
            if args.command == "run":  # Beam parses the run's arguments itself, ours included
                return args.handler(argv[argv.index("run") + 1:])
            return args.handler(args, rest)
    except UsageError as error:
        print(f"cable-ingest: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OutputLocked as error:  # another run is writing into the same output
        print(f"cable-ingest: error: {error}", file=sys.stderr)
        return EXIT_BUSY
    except BrokenPipeError:  # `cable-ingest show ... | head`
        sys.stderr.close()
        return EXIT_OK
    except BaseException as error:
        interrupt = workers.interrupted(error)
        if interrupt is None:
            raise
        # (what a stop leaves is news for a run or a replay; `parse`, `show`... write nothing)
        after = (": a run stopped before it publishes leaves its output as it was"
                 if args.command in ("run", "replay") else "")
        print(f"cable-ingest: {_how_stopped(interrupt)}{after}", file=sys.stderr)
        return EXIT_TERMINATED if isinstance(interrupt, Terminated) else EXIT_INTERRUPTED


def _not_said_with_the_summary(record) -> bool:
    from transforms.run_summary import said_with_the_summary

    return not said_with_the_summary(record)


def _how_stopped(interrupt: KeyboardInterrupt) -> str:
    return TERMINATED if isinstance(interrupt, Terminated) else INTERRUPTED


@contextlib.contextmanager
def _terminated_from_the_start(command: str):
    """Around `run` and `replay` from their start: SIGTERM stops them as Ctrl-C does, in one
    line (`main`), also before the run itself begins (Beam's import, the checks: the first
    second or two), where it ended the command without a word. The run installs its own
    handling over it (`_quiet_when_interrupted`)."""
    taken = command in ("run", "replay")
    with _terminated_as_interrupted() if taken else contextlib.nullcontext():
        yield


@contextlib.contextmanager
def _quiet_once_interrupted():
    """Around a local batch run: Ctrl-C stops it as ever (KeyboardInterrupt), SIGTERM the same
    way (Terminated), and from then on what Beam logs and its threads print while the run comes
    apart (the interrupted step's traceback, its worker processes' and connections') is left
    unsaid: `main` says it in a line.

    A signal that comes once the run's summary is written (transforms.publish.finishing) waits
    for the publish to end (its staging folder's removal, its report: a second) instead: the
    run ends as it would have, and says it was stopped (`_say_waited`). A second signal stops
    it at once. Yields the list of the signals let wait."""
    waited = []  # the stop signal that came as the run finished its publish, and was let be
    if threading.current_thread() is not threading.main_thread():  # signals go to the main one
        yield waited
        return

    from transforms import publish

    def interrupt(signum, frame):
        if publish.finishing() and not waited:  # published: the rest takes a second
            waited.append(signum)
            return
        logging.disable(logging.CRITICAL)
        threading.excepthook = lambda args: None
        workers.stop_all()  # local worker processes: the run waits for them to end
        raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt

    with _handled((signal.SIGINT, signal.SIGTERM), interrupt):
        yield waited


@contextlib.contextmanager
def _handled(numbers, handler):
    """`handler` for each signal of `numbers` while inside, except one the command was started
    with ignored: a script's background job (`cable-ingest run ... &` in a shell without job
    control) is started with SIGINT ignored so that the Ctrl-C meant for the script leaves it
    running, and a command keeps the signals it was given ignored, as Python itself does."""
    taken = [number for number in numbers if signal.getsignal(number) != signal.SIG_IGN]
    previous = {number: signal.signal(number, handler) for number in taken}
    try:
        yield
    finally:
        for number, earlier in previous.items():
            signal.signal(number, earlier)


def _parser() -> argparse.ArgumentParser:
    from pipeline.arguments import local_path  # every path given, `~` expanded

    parser = _WholeOptionsParser(
        prog="cable-ingest",
        description="Ingest US diplomatic cables into Avro records and dead letters.")
    parser.add_argument("--version", action="version", version=f"cable-ingest {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")  # of the same class

    run = commands.add_parser(
        "run", help="run the pipeline", description=(
            "Run the ingestion pipeline: read raw cables, write OUTPUT/cables/*.avro, "
            "OUTPUT/dead_letter/*.avro and OUTPUT/_SUMMARY.json, print a summary. Every other "
            "Apache Beam option (--runner, --direct_num_workers, --direct_running_mode, Dataflow "
            "options...) passes through. A local run waits and prints the summary; a Dataflow "
            "run (or --template_location, --dry_run=True) returns once the job is handed over "
            "and prints its id and console page (or where the job file went). --streaming "
            "with --input_subscription reads Pub/Sub instead of --input; --incremental is what "
            "a scheduled run uses."),
        epilog="Example: cable-ingest run --input 'samples/*' --output out. " + EXIT_STATUSES)
    _add_run_arguments(run)
    run.set_defaults(handler=_run)

    replay = commands.add_parser(
        "replay", help="re-ingest dead letters", description=(
            "Re-ingest the dead letters of earlier runs (after a fix to the parser or to the "
            "payload). Each becomes a cable or, failing again, a dead letter with `attempt` one "
            "higher and the earlier failures in its details. A local folder stands for its .avro "
            "files, a run's output folder for its dead letters. Beam options pass through."),
        epilog=("Example: cable-ingest replay out --output replayed (out/dead_letter/*.avro). "
                + EXIT_STATUSES))
    replay.add_argument("dead_letters", nargs="+", metavar="DEAD_LETTER_GLOB|FOLDER",
                        type=local_path)
    replay.add_argument("--input", nargs="?", action=_NoInput, help=argparse.SUPPRESS)
    # The run's options a replay applies, as `run` declares them (--output is required, but
    # checked by _replay: `--out` is then said to be an abbreviation, not missing).
    _add_run_arguments(replay, for_replay=True)
    for flag in ("--streaming", *NOT_FOR_REPLAY):  # refused when parsed, in one line
        replay.add_argument(flag, nargs="?", action=_NotForReplay, help=argparse.SUPPRESS)
    replay.set_defaults(handler=_replay)

    report = commands.add_parser(
        "report", help="write a run's HTML report again", description=(
            "Write OUTPUT/_REPORT.html again from OUTPUT/_SUMMARY.json (a run writes it too), "
            "optionally with the drift against an earlier run's output."),
        epilog="Example: cable-ingest report out --baseline out-yesterday. It only draws the "
               "page: it exits 0 whatever the page flags (the run's verdict is its summary's).")
    report.add_argument("output", metavar="OUTPUT", type=local_path)
    report.add_argument("--baseline", default=None, metavar="EARLIER_OUTPUT", type=local_path,
                        help="flag fill rates that dropped and dead-letter types that grew since")
    report.add_argument("--max_fill_rate_drop", type=float, default=None,
                        help="with --baseline: flag fill-rate drops larger than this "
                             "(default 0.05)")
    report.set_defaults(handler=_report)

    parse = commands.add_parser("parse", help="parse files and print one JSON object per input",
                                description="Parse raw cables without running the pipeline and "
                                "print each record as JSON, with `valid` and `errors`.")
    parse.add_argument("files", nargs="+", metavar="FILE", type=local_path,
                       help=f"a cable file, CSV dump or archive, local or gs://, or a quoted glob; "
                            f"- reads standard input (its inputs are named {STDIN_URI})")
    parse.add_argument("--format", dest="input_format", default="auto",
                       choices=formats.FORMAT_CHOICES,
                       help="format of the files, as for `run` (default auto: by extension "
                            "and content)")
    parse.set_defaults(handler=_parse)

    show = commands.add_parser(
        "show", help="print Avro records as JSON lines", description=(
            "Print the records of Avro files as JSON lines: timestamps in ISO 8601 (UTC), a dead "
            "letter's payload (its raw input) as text when it is UTF-8, else as "
            '{"base64": ...}; either gives back the input\'s bytes exactly (README, "The '
            '`DeadLetter` record"). A path may be a quoted glob, local or gs://; a folder '
            "stands for its .avro files (OUTPUT/cables, OUTPUT/dead_letter)."))
    show.add_argument("files", nargs="+", metavar="FILE.avro|FOLDER", type=local_path)
    show.add_argument("--limit", type=int, default=None, help="stop after N records")
    show.set_defaults(handler=_show)

    schema = commands.add_parser("schema", help="print a schema",
                                 description="Print the Avro schema of the cable or dead-letter "
                                 "records (or the BigQuery table schema with --bigquery).")
    schema.add_argument("name", choices=("cable", "dead_letter"))
    schema.add_argument("--bigquery", action="store_true",
                        help="print the BigQuery JSON table schema instead")
    schema.set_defaults(handler=_schema)
    for command in (parser, *commands.choices.values()):  # for the option a message names
        command.set_defaults(own_options=_options_shown(command))
    return parser


class _WholeOptionsParser(argparse.ArgumentParser):
    """A parser that takes long options whole only (checks.unrecognized says why), as Beam's
    parser takes the options of run and replay: argparse's abbreviations (`--inc` for
    --incremental) worked in some commands and not in others."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, allow_abbrev=False, **kwargs)

    def error(self, message):
        """A bad argument argparse finds (`--codec foo`, a missing FILE) in one line, as the
        command's own checks say theirs (`main`): not the command's whole usage (20 lines for
        `run`) above "cable-ingest run: error: ..."."""
        raise UsageError(f"{message} (see {self.prog} --help)")


def _options_shown(parser: argparse.ArgumentParser) -> list[str]:
    """The option strings of a parser's options that its --help shows (not replay's --input)."""
    return [flag for action in parser._actions if action.help != argparse.SUPPRESS
            for flag in action.option_strings]


class _NoInput(argparse.Action):
    """replay's --input, refused as soon as it is parsed: Beam took it as run's and answered
    with its whole usage, or the dead letters seemed missing."""

    def __call__(self, parser, namespace, values, option_string=None):
        raise UsageError("replay takes its dead-letter files without --input: cable-ingest "
                         "replay 'DIR/*.avro' --output DIR (or a run's output folder: its dead "
                         "letters)")


class _NotForReplay(argparse.Action):
    """A run's option that a replay does not take (pipeline.arguments.NOT_FOR_REPLAY, Beam's
    --streaming), refused as soon as it is parsed: Beam took them, and applied none, or
    answered "--streaming needs --input_subscription"."""

    def __call__(self, parser, namespace, values, option_string=None):
        raise UsageError(f"replay takes no {option_string}: a replay reads the dead letters' "
                         "own payloads in one batch run (no raw file read whole or in ranges, "
                         "no Pub/Sub, no window); see cable-ingest replay --help")


def _add_run_arguments(command: argparse.ArgumentParser, for_replay: bool = False) -> None:
    """Document cable-ingest's own run options (those a replay applies, `for_replay`); parsing
    itself is CableIngestOptions' (Beam's parser, the same arguments), so that `--help` and the
    other commands start without Beam."""
    from pipeline.arguments import add_run_arguments

    group = command.add_argument_group("cable-ingest options, as for `run`" if for_replay
                                       else "cable-ingest options")
    add_run_arguments(group, replay=for_replay)
    command.set_defaults(run_options=[(action.option_strings[0], action.dest)
                                      for action in group._group_actions])
    if not for_replay:
        command.add_argument_group("streaming").add_argument(
            "--streaming", action="store_true",
            help="read raw cables from Pub/Sub (--input_subscription) instead of --input, until "
                 "stopped (Beam's option)")
    _add_workers_argument(command.add_argument_group("local runs"))


def _add_workers_argument(parser) -> None:
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes to spread the work over: 1 runs in this "
                             "process, 0 starts one per core (workers take ~2 s to start: "
                             "worth it from some 5,000 cables on). Beam's "
                             "--direct_num_workers=N --direct_running_mode=multi_processing "
                             "in one option; Dataflow has its own (--num_workers, "
                             "--max_num_workers) (default 1)")


def _with_workers(argv: list) -> tuple[int, list]:
    """(--workers, argv with it as the Beam options it stands for). A command-line option only:
    a job's options (a template's parameters) never hold it, Dataflow has workers of its own."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    _add_workers_argument(parser)
    known, rest = parser.parse_known_args(argv)
    return known.workers, _spread_over(known.workers, rest)


def _spread_over(workers: int, argv: list) -> list:
    """argv with Beam's options for `workers` local worker processes (none for 1)."""
    if workers == 1:
        return argv
    if workers < 0:
        raise UsageError(f"--workers {workers} is not a number of processes (0: one per core)")
    if any(arg.split("=", 1)[0] in ("--direct_num_workers", "--direct_running_mode")
           for arg in argv):
        raise UsageError("give --workers or --direct_num_workers, not both")
    return [*argv, f"--direct_num_workers={workers}", "--direct_running_mode=multi_processing"]


def _check_workers(workers: int, options) -> None:
    from apache_beam.options.pipeline_options import StandardOptions

    from pipeline.launch import runs_locally

    if workers != 1 and (not runs_locally(options)
                         or options.view_as(StandardOptions).streaming):
        raise UsageError("--workers is for local batch runs; Dataflow has --num_workers and "
                         "--max_num_workers")


def _run(argv) -> int:
    from pipeline import graph  # first: it loads Beam with the collector paused

    from apache_beam.io.filesystems import FileSystems

    workers, argv = _with_workers(argv)
    checks.reject_unknown_options(argv, hinted=("--workers",))
    options = graph.make_options(argv)
    _check_workers(workers, options)
    checks.check_run_options(options, FileSystems)
    checks.check_inputs_outside_output(options)
    checks.check_drift_options(options, run_output=options.output)
    from pipeline import progress
    from pipeline.launch import Submission
    from transforms.run_summary import SUBMITTED

    run_id, argv = _with_run_id(options, argv)
    started = time.monotonic()
    waited = []
    try:
        with progress.while_running(options), _quiet_when_interrupted(options) as waited, \
                _output_left_as_it_was(options.output):
            result = graph.run(argv)  # with a live line (or a log line every 30 s)
        if isinstance(result, Submission):  # a remote job: its summary comes when it ends
            print(result.describe())
            _log_run_end(None, options, run_id, started, status=SUBMITTED)
            return EXIT_OK
    except BaseException as error:  # the run's end is logged whatever ended it
        return _failed_run(error, options, run_id, started, waited)
    return _ended(result, options, run_id, started, waited)


def _ended(result, options, run_id: str, started: float, waited=()) -> int:
    """A local run (or replay) that ended: its closing log line, its table, where its summary
    and report are, and its exit status."""
    from pipeline import summary

    _log_run_end(result, options, run_id, started)
    print(summary.format_table(result))
    _say_where_written(options.output)
    _say_left_to_next_run(result)
    _say_waited(waited)
    return EXIT_OK if result.accounted else EXIT_FAILED


def _say_left_to_next_run(result) -> None:
    """Warn of the input files too young to be read (--min_file_age_seconds), by name, and of
    the record files of earlier runs found missing from the output or changed."""
    from transforms.run_summary import published_files_warning, too_young_warning

    if result.too_young:
        print(f"cable-ingest: warning: {too_young_warning(result.to_json())}", file=sys.stderr)
    if damaged := published_files_warning(result.to_json()):
        print(f"cable-ingest: warning: {damaged}", file=sys.stderr)


def _say_waited(waited) -> None:
    """Say the stop signal that came as the run finished its publish, which it let finish: the
    exit status is the run's verdict, as published."""
    if waited:
        name = TERMINATED if waited[0] == signal.SIGTERM else INTERRUPTED
        print(f"cable-ingest: {name} as the run finished publishing: it finished first, its "
              "summary and report in place", file=sys.stderr)


def _failed_run(error: BaseException, options, run_id: str, started: float, waited=()) -> int:
    """A run (or replay) that raised: failed by its own verdict (its summary written, then the
    threshold's error raised: one line and the table), stopped after it published (its
    summary's verdict, and what it left), by an unreadable ledger (one line), or else raised
    again. The verdict is read from the summary the run wrote, not from the error: with worker
    processes the error reaches here as a RuntimeError holding the worker's trace."""
    from pipeline import summary

    verdict = _run_verdict(options, run_id)
    if verdict is not None:
        result, message = verdict
        _log_run_end(result, options, run_id, started)
        print(summary.format_table(result))
        _say_where_written(options.output)
        _say_left_to_next_run(result)
        _say_waited(waited)
        print(f"cable-ingest: FAILED: {message}", file=sys.stderr)
        return EXIT_FAILED
    interrupt = workers.interrupted(error)
    if interrupt is not None and (published := _published(options, run_id, started)):
        return _stopped_after_publishing(interrupt, published, options, run_id, started)
    _log_run_end(None, options, run_id, started, error=_error_text(error))
    said = _failure_in_a_line(error)
    if said is None:
        raise error
    print(f"cable-ingest: FAILED: {said}", file=sys.stderr)
    return EXIT_FAILED


def _published(options, run_id: str, started: float) -> dict | None:
    """The summary this run published (its kept one for an incremental run: the next run
    finishes its ledger's move from there; OUTPUT's for a full run), else None. Written since
    the run started: not one of an earlier run given the same --run_id."""
    from datetime import datetime

    from transforms.publish import history_folder, read_summary_or_none

    folder = history_folder(options.output, run_id) if options.incremental else options.output
    written = read_summary_or_none(folder)
    if written is None or written.get("run_id") != run_id:
        return None
    launched = time.time() - (time.monotonic() - started)
    try:
        return written if datetime.fromisoformat(written["started_at"]).timestamp() >= launched \
            else None
    except (KeyError, TypeError, ValueError):
        return None


def _stopped_after_publishing(interrupt, published: dict, options, run_id: str,
                              started: float) -> int:
    """A run stopped (its worker processes killed, or a second signal) once it had published:
    its verdict is its summary's, as the workflow loads it; the command says what the stop left
    undone, which `cable-ingest report` and the next run do."""
    from pipeline import summary
    from transforms.run_summary import RunSummary

    result = RunSummary.from_json(published, time.monotonic() - started)
    _log_run_end(result, options, run_id, started)
    print(summary.format_table(result))
    _say_left_to_next_run(result)
    left = _left_undone(options, run_id)
    print(f"cable-ingest: {_how_stopped(interrupt)} after the run published: its records and "
          f"summary are in place (status {published.get('status')})"
          + (f"; left undone: {'; '.join(left)}" if left else ""), file=sys.stderr)
    failing = _run_verdict(options, run_id)
    return EXIT_FAILED if failing or not result.accounted else EXIT_OK


def _left_undone(options, run_id: str) -> list[str]:
    """What a run stopped after it published left undone, and who does it."""
    from apache_beam.io.filesystems import FileSystems

    from transforms.publish import (LEDGER_DIR, STAGING_PREFIX, history_folder,
                                    read_summary_or_none)
    from transforms.report import REPORT_FILE
    from transforms.run_summary import SUMMARY_FILE

    output = options.output
    staging = FileSystems.join(output, STAGING_PREFIX + run_id)
    left = []
    if FileSystems.match([FileSystems.join(staging, LEDGER_DIR, "*.avro")])[0].metadata_list:
        left.append(f"its ledger's move (the next run into {output} does it)")
    elif FileSystems.exists(staging):
        left.append(f"its staging folder {staging} (the next run removes it)")
    folder = history_folder(output, run_id) if options.incremental else output
    if options.incremental and (read_summary_or_none(output) or {}).get("run_id") != run_id:
        # (stopped between its kept summary and the output's: the output's is the run before's)
        left.append(f"the output's {SUMMARY_FILE} and {REPORT_FILE}, still the run before's "
                    f"(this run's summary is in {folder}; the next run writes the output's)")
    found = {os.path.basename(m.path): m.last_updated_in_seconds for m in FileSystems.match(
        [FileSystems.join(folder, "_*")])[0].metadata_list}
    if found.get(REPORT_FILE, -1) < found.get(SUMMARY_FILE, 0):
        left.append(f"its report (`cable-ingest report {folder}` writes it)")
    return left


def _say_where_written(output: str) -> None:
    """The run's summary and, when it wrote one (a batch run does), its report: the page that
    says whether the day is good (no line named it)."""
    from apache_beam.io.filesystems import FileSystems

    from pipeline import summary
    from transforms.report import REPORT_FILE

    print(f"summary written to {FileSystems.join(output, summary.SUMMARY_FILE)}")
    if FileSystems.exists(report := FileSystems.join(output, REPORT_FILE)):
        print(f"report written to {report}")


def _run_verdict(options, run_id: str):
    """(summary, message) when this run wrote OUTPUT/_SUMMARY.json failing it by a threshold
    (--max_dead_letter_ratio, --max_fill_rate_drop) or inputs not accounted for, else None."""
    from pipeline import summary
    from transforms import quality
    from transforms.report import failure_reasons
    from transforms.run_summary import NOT_ACCOUNTED, RATIO_EXCEEDED, read_summary_json

    try:
        written = read_summary_json(options.output)
    except Exception:  # noqa: BLE001  (no summary, or not one: no verdict of this run)
        return None
    if not isinstance(written, dict) or written.get("run_id") != run_id:
        return None
    if written.get("status") in (NOT_ACCOUNTED, RATIO_EXCEEDED, quality.FILL_RATE_DROPPED):
        # (every threshold exceeded, as the report's verdict says: the status names the first)
        return summary.read_summary(options.output), "; ".join(failure_reasons(written))
    return None


def _failure_in_a_line(error: BaseException | None) -> str | None:
    """The message of the LedgerUnreadable or DeadLetterFileUnreadable that `error` is or was
    raised from (Beam raises a step's error again with the step's name), or of a worker process
    that ended (pipeline.workers.WorkerProcessEnded), else None."""
    from transforms.ledger import LedgerUnreadable
    from transforms.read import DeadLetterFileUnreadable

    seen = set()
    first = error
    while error is not None and id(error) not in seen:
        if isinstance(error, (LedgerUnreadable, DeadLetterFileUnreadable,
                              workers.WorkerProcessEnded)):
            return str(error).split(" [while running", 1)[0]
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    # From a worker process the error is a RuntimeError holding the worker's trace as text:
    # the exception's type is gone, its last line names it.
    found = FILE_UNREADABLE_LINE.search(str(first)) if first is not None else None
    return found["message"] if found else None


FILE_UNREADABLE_LINE = re.compile(
    r"^transforms\.(?:ledger\.LedgerUnreadable|read\.DeadLetterFileUnreadable):\ "
    r"(?P<message>.*?)(?:\ \[while\ running\ .*)?$", re.MULTILINE)


@contextlib.contextmanager
def _output_left_as_it_was(output: str):
    """Around a run: an --output folder that did not exist and that the run made (its lock is
    taken there) is removed again if the run raised (stopped, or failed before it wrote
    anything) and left it empty: a run stopped before it publishes leaves the filesystem as it
    was."""
    made = checks.missing_folders(output)
    try:
        yield
    except BaseException:
        checks.remove_if_empty(made)
        raise


def _quiet_when_interrupted(options):
    """`_quiet_once_interrupted` for a batch run; a streaming run's Ctrl-C is its normal stop,
    after which it still writes its summary."""
    from apache_beam.options.pipeline_options import StandardOptions

    if options.view_as(StandardOptions).streaming:
        return _terminated_as_interrupted()
    return _quiet_once_interrupted()


@contextlib.contextmanager
def _terminated_as_interrupted():
    """Around a local streaming run: SIGTERM (systemd, `docker stop`, `timeout`) stops it as
    Ctrl-C does, writing what it has read and its summary (pipeline.streaming.stop_local),
    instead of killing it with the records of its open windows unwritten."""
    if threading.current_thread() is not threading.main_thread():  # signals go to the main one
        yield []
        return

    def terminate(signum, frame):
        raise Terminated

    with _handled((signal.SIGTERM,), terminate):
        yield []  # (none waits: a streaming run's stop is its end)


def _error_text(error: BaseException) -> str:
    """The `error` of a failed run's closing log line."""
    interrupt = workers.interrupted(error)
    if interrupt is not None:
        return f"KeyboardInterrupt: {_how_stopped(interrupt)}"
    return f"{type(error).__name__}: {error}"


def _with_run_id(options, argv):
    """(run id, argv naming it): the id `graph.make_options` chose, passed on to `graph.run`,
    which parses argv again, so the summary, the ledger and the closing JSON log line all name
    the same run."""
    return options.run_id, [*argv, f"--run_id={options.run_id}"]  # the last one counts


def _log_run_end(result, options, run_id, started, status=None, error=None) -> None:
    """One structured JSON line on stderr at the end of every run (pipeline.progress)."""
    from pipeline import progress

    progress.log_run_end(progress.run_end_entry(
        result, options.output, run_id, time.monotonic() - started, status=status, error=error))


# Options of a run that Beam's parser knows and replay does not take: never the one meant.
REPLAY_TAKES_NO = ("--input", "--input_subscription")


def _replay(args, rest) -> int:
    from apache_beam.io.filesystems import FileSystems

    from pipeline import graph
    from pipeline.launch import Submission
    from transforms.run_summary import SUBMITTED

    patterns = [checks.dead_letter_glob(given) for given in args.dead_letters]
    argv = [arg for pattern in patterns if pattern for arg in ("--input", pattern)]
    # The run's options given (the others keep the run's defaults), passed on to Beam's parser.
    # (--output missing is said after what else is wrong: `--out`.)
    argv += [f"{flag}={getattr(args, dest)}" for flag, dest in args.run_options
             if hasattr(args, dest)] + rest
    argv = _spread_over(args.workers, argv)    # (replay's parser took --workers)
    checks.reject_unknown_options(argv, glob_hint="'DIR/*.avro'", hinted=args.own_options,
                                  not_hinted=REPLAY_TAKES_NO)
    output, incremental = getattr(args, "output", None), getattr(args, "incremental", False)
    if output is None:
        raise UsageError("--output DIR is required (e.g. --output out-replayed)")
    if not _say_folders_without_dead_letters(args.dead_letters, patterns):
        return EXIT_OK  # a clean day: a replay script must not fail on it
    options = graph.make_options(argv)
    _check_workers(args.workers, options)
    checks.check_run_options(options, FileSystems, input_flag="")  # replay's globs are no --input
    from transforms.read import lies_inside, match_pattern

    for pattern in options.input:
        for match in match_pattern(pattern):
            checks.check_dead_letter_file(match.path)
            if not incremental and lies_inside(match.path, output):
                raise UsageError(
                    f"--output {output!r} holds the dead letters to replay: a replay replaces "
                    "its output as a run does, that run's cables with it; give another folder "
                    "(e.g. --output out-replayed), or --incremental for an incremental output")
    from pipeline import progress

    run_id, argv = _with_run_id(options, argv)
    started = time.monotonic()
    waited = []
    try:
        with progress.while_running(options), _quiet_when_interrupted(options) as waited, \
                _output_left_as_it_was(options.output):
            result = graph.run(argv, replay=True)
    except BaseException as error:  # the run's end is logged whatever ended it
        return _failed_run(error, options, run_id, started, waited)
    if isinstance(result, Submission):
        print(result.describe())
        _log_run_end(None, options, run_id, started, status=SUBMITTED)
        return EXIT_OK
    return _ended(result, options, run_id, started, waited)


def _say_folders_without_dead_letters(given: list[str], patterns: list) -> bool:
    """Say which run's output folders given hold no dead letter (their pattern is None);
    whether any dead letters are left to replay."""
    for path, pattern in zip(given, patterns):
        if pattern is None:
            print(f"no dead letters to replay in {path}")
    return any(patterns)


def _report(args, rest) -> int:
    from transforms import drift
    from transforms.report import write_report
    from transforms.run_summary import SUMMARY_FILE, read_summary_json

    checks.check_drift_options(args)  # as for `run`
    summary = checks.read_summary_or_fail(args.output)
    if args.baseline:
        threshold = (drift.DEFAULT_MAX_FILL_RATE_DROP if args.max_fill_rate_drop is None
                     else args.max_fill_rate_drop)
        found = drift.drift(summary.get("quality") or {}, summary,
                            read_summary_json(args.baseline), threshold, args.baseline)
        summary["quality"] = {**(summary.get("quality") or {}), "drift": found}
    output, kept_folder = _output_and_kept_folder(args.output)
    try:
        written = write_report(output, summary, folder=kept_folder)
    except (AttributeError, KeyError, TypeError, ValueError) as error:  # a hand-edited summary
        raise UsageError(f"{args.output}/{SUMMARY_FILE} is not a summary cable-ingest "
                         f"wrote: {type(error).__name__}: {error}") from None
    print(f"report written to {written}")
    return EXIT_OK


def _output_and_kept_folder(folder: str) -> tuple[str, str | None]:
    """(the output, the folder the report goes into) of `report FOLDER`: a run's kept folder,
    OUTPUT/_runs/RUNID, is OUTPUT's run (its report headed by OUTPUT, as the run wrote it, its
    commands naming OUTPUT's files), its report written there; any other folder is the output."""
    from transforms.run_summary import HISTORY_DIR

    parent = posixpath.dirname(folder.rstrip("/"))
    if posixpath.basename(parent) == HISTORY_DIR:
        return posixpath.dirname(parent) or ".", folder
    return folder, None


def _parse(args, rest) -> int:
    from pipeline import jsonout
    from transforms import inspect_inputs

    if args.files.count(STDIN) > 1:
        raise UsageError("give - (standard input) once")
    # In the order given, each once: each path checked (or its glob matched) first.
    for path in _files_given(args.files, stdin=True):  # an invalid input is a result (`valid`: false), not a failure
        if path == STDIN:
            results = inspect_inputs.parse_stream(sys.stdin.buffer, STDIN_URI, args.input_format)
        elif storage.has_scheme(path):
            results = inspect_inputs.parse_object(path, args.input_format)
        else:
            results = inspect_inputs.parse_file(path, args.input_format)
        for result in results:
            print(jsonout.dumps(result))
    return EXIT_OK


def _show(args, rest) -> int:
    import fastavro

    from pipeline import jsonout

    if args.limit is not None and args.limit < 0:
        raise UsageError(f"--limit must be 0 or more, not {args.limit}")
    shown = 0
    for path in _files_given(args.files, avro=True):
        with storage.open_to_read(path) as stream:
            try:
                reader = fastavro.reader(stream)
            except (ValueError, fastavro.read.SchemaResolutionError) as error:
                raise UsageError(checks.not_avro(path, error)) from None
            records = iter(reader)
            read = 0
            while args.limit is None or shown < args.limit:
                try:
                    record = next(records)
                except StopIteration:
                    break
                except Exception as error:  # noqa: BLE001  (a block cut short or damaged)
                    raise UsageError(checks.damaged(path, read, error,
                                                    " (those are printed)")) from None
                print(jsonout.dumps(record))
                read += 1
                shown += 1
    return EXIT_OK


def _files_given(paths: list[str], avro: bool = False, stdin: bool = False) -> list[str]:
    """The files `show` (`avro`) and `parse` read: local paths as given (the shell expanded
    their globs), and the files a quoted glob or a `gs://` path matches, local or not, as
    `run` and `replay` match their inputs (`transforms.read.match_pattern`: `**` into
    subfolders, `X/**/Y` matching X/Y too); no shell expands those: a run on Dataflow writes its
    records in Cloud Storage, and its report names them so. Each file once, however many
    paths name it, as a run reads it. For `show`, a folder is its `.avro` files; for `parse`
    (`stdin`), `-` is standard input."""
    found, seen = [], set()
    for path in paths:
        if stdin and path == STDIN:
            matched = [STDIN]
        elif storage.has_scheme(path) or _is_glob(path) and not os.path.lexists(path):
            checks.check_bucket(path)     # (in seconds, not after Beam's retries: minutes)
            matched = _files_matching(path)
            if avro and (odd := next((each for each in matched if not storage.has_scheme(each)
                                      and not os.path.isfile(each)), None)):
                raise UsageError(checks.not_a_file(odd))  # a broken link, a fifo...
        elif os.path.isfile(path):
            matched = [path]
        elif avro and os.path.isdir(path):
            matched = checks.avro_files_in(path)
        else:
            raise UsageError(checks.not_a_file(path))
        for each in matched:
            key = each if storage.has_scheme(each) or each == STDIN else os.path.realpath(each)
            if key not in seen:
                seen.add(key)
                found.append(each)
    return found


def _is_glob(path: str) -> bool:
    return any(character in path for character in "*?[")


def _files_matching(pattern: str) -> list[str]:
    """The files a glob (or a gs:// path) matches, as a run's --input matches them, in order."""
    from transforms.read import match_pattern

    if not (matched := sorted(match.path for match in match_pattern(pattern))):
        raise UsageError(f"no files match {pattern!r}")
    return matched


def _schema(args, rest) -> int:
    import schemas

    if args.bigquery:
        from schemas import bigquery

        print(json.dumps(bigquery.table_schema(args.name), indent=2))
    else:
        print(json.dumps(schemas.load_json(args.name), indent=2))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
