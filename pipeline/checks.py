"""The arguments of `cable-ingest` checked before anything runs: each wrong one is a UsageError
that says what to give instead (`cable-ingest: error: ...`, exit status 2), never a traceback
from deep in a run. The checks of a run's options, of a replay's dead-letter files, of a run's
output folder and of the files `parse` and `show` are given.
"""
import argparse
import contextlib
import difflib
import glob
import logging
import os
import re

from pipeline.arguments import STREAMING_DEFAULTS
from transforms import storage
from transforms.decode import AVRO_MAGIC


class UsageError(Exception):
    """A bad argument: printed as `cable-ingest: error: ...`, exit status 2."""


def read_summary_or_fail(output: str, flag: str = "") -> dict:
    """OUTPUT/_SUMMARY.json, or a UsageError naming `output` (given as `flag`, e.g.
    '--baseline ')."""
    from transforms.run_summary import SUMMARY_FILE, read_summary_json

    check_bucket(output, flag)
    if not storage.has_scheme(output) and not os.path.isdir(output):
        if os.path.exists(output):
            raise UsageError(f"{flag}{output!r} is a file: give a run's output folder (the "
                             "--output of `cable-ingest run`)")
        raise UsageError(f"no such folder: {flag}{output!r} (give a run's output folder, the "
                         "--output of `cable-ingest run`)")
    try:
        summary = read_summary_json(output)
    except OSError:
        raise UsageError(f"{output!r} holds no {SUMMARY_FILE}: is it a run's output "
                         "directory?") from None
    except ValueError as error:
        raise UsageError(f"{output}/{SUMMARY_FILE} is not valid JSON: {error}") from None
    if not isinstance(summary, dict) or not isinstance(summary.get("quality") or {}, dict):
        raise UsageError(f"{output}/{SUMMARY_FILE} is not a run summary (a JSON object "
                         "whose quality section is an object)")
    return summary


def _check_baseline(baseline: str | None, run_output: str | None) -> None:
    if not baseline:
        return
    if run_output and storage.same_folder(baseline, run_output) and not _has_summary(baseline):
        # The daily schedule the README suggests: the first run has nothing to compare with.
        logging.getLogger(__name__).warning(
            "no baseline yet: --baseline %r is this run's --output, which holds no summary of "
            "an earlier run; this run is compared with none", baseline)
        return
    read_summary_or_fail(baseline, "--baseline ")


def _has_summary(output: str) -> bool:
    from transforms.run_summary import SUMMARY_FILE

    if storage.has_scheme(output):
        from apache_beam.io.filesystems import FileSystems

        return FileSystems.exists(storage.join(output, SUMMARY_FILE))
    return os.path.exists(os.path.join(output, SUMMARY_FILE))


def check_drift_options(options, run_output: str | None = None) -> None:
    """The drift options of a run (into `run_output`) or a report."""
    _check_baseline(options.baseline, run_output)
    drop = options.max_fill_rate_drop
    if drop is None:
        return
    if not 0 <= drop <= 1:
        raise UsageError(f"--max_fill_rate_drop {drop} is not a share between 0 and 1 (e.g. 0.05)")
    if not options.baseline and not getattr(options, "incremental", False):
        raise UsageError("--max_fill_rate_drop needs --baseline EARLIER_OUTPUT to compare with")


def reject_unknown_options(argv, glob_hint: str = "--input 'DIR/*'", hinted=(),
                           not_hinted=()) -> None:
    """Beam only warns about options it does not know; a typo must not be silently ignored.
    `glob_hint`: how the command takes a quoted glob (replay's are no --input). `hinted`: the
    command's own options Beam does not know (--workers), `not_hinted`: options Beam knows that
    the command does not take (replay's --input), for the option a message names as meant."""
    from apache_beam.options.pipeline_options import PipelineOptions, _BeamArgumentParser

    from pipeline.options import CableIngestOptions  # noqa: F401  (registers our options)

    # (exit_on_error=False: a value refused, `--direct_num_workers=abc`, is one line, not the
    # usage of every Beam option, 150 lines, above it)
    parser = _BeamArgumentParser(allow_abbrev=False, exit_on_error=False)
    for cls in {str(c): c for c in PipelineOptions.__subclasses__()}.values():
        cls._add_argparse_args(parser)
    try:
        _, unknown = parser.parse_known_args(argv)
    except argparse.ArgumentError as error:
        raise UsageError(str(error)) from None
    if unknown:
        known = [flag for action in parser._actions for flag in action.option_strings]
        raise UsageError(unrecognized(unknown[0], [*known, *hinted], glob_hint, not_hinted))


def unrecognized(argument: str, known, glob_hint: str = "", not_hinted=()) -> str:
    """The message for an argument that no option of the command takes, naming the option
    meant when one is close (never one of `not_hinted`). Options are taken whole only, never
    abbreviated: `--inc` stood for --incremental in one command, was refused by another, and
    would change meaning (or be refused as ambiguous) in a script the day an option beginning
    the same is added."""
    if not argument.startswith("-"):  # `--input drop/*` unquoted: one file per argument
        return f"unrecognized argument {argument!r}" + (
            f" (a glob the shell expanded? quote it: {glob_hint})" if glob_hint else "")
    given = argument.split("=", 1)[0]
    if longer := [flag for flag in known if flag.startswith(given) and flag != given]:
        meant = difflib.get_close_matches(
            given, [flag for flag in longer if flag not in not_hinted], n=1, cutoff=0)
        return (f"unrecognized argument {argument!r}: options are not abbreviated"
                + (f" (did you mean {meant[0]}?)" if meant else ""))
    hint = difflib.get_close_matches(given, [flag for flag in known if flag not in not_hinted],
                                     n=1)
    return f"unrecognized argument {argument!r}" + (f" (did you mean {hint[0]}?)" if hint else "")


def not_avro(path: str, error: Exception) -> str:
    """The message for a file fastavro cannot open, `show`'s and `replay`'s alike; fastavro's
    own words only when they say something."""
    if _starts_like_avro(path):  # Avro's magic bytes, and then a header cut short or damaged
        return (f"{path} is an Avro file cut short or damaged in its header "
                f"({type(error).__name__}: {error}): no record can be read from it")
    if "read length must be" in str(error) or "cannot read header" in str(error):
        return (f"{path} is not an Avro file (its header does not read as Avro; raw cables are "
                "read by `cable-ingest parse` or `run`)")
    return f"{path} is not an Avro file: {error}"


def _starts_like_avro(path: str) -> bool:
    try:
        with storage.open_to_read(path) as stream:
            return stream.read(len(AVRO_MAGIC)) == AVRO_MAGIC
    except OSError:  # it cannot be read at all: what opening it said is the message
        return False


def damaged(path: str, read: int, error: Exception, shown: str = "") -> str:
    """The message for an Avro file that breaks after `read` records (`shown`: what became of
    those)."""
    from transforms.wording import counted

    return (f"{path} is damaged after its first {counted(read, 'record')}{shown}: "
            f"{type(error).__name__}: {error} (a file cut short by a copy, written by a run "
            "that was killed, or edited by hand?)")


def check_dead_letter_file(path: str) -> None:
    """A file of dead letters read through before a replay: a damaged one would stop the run
    with the reader's traceback, after some of its dead letters were replayed."""
    import fastavro
    from apache_beam.io.filesystems import FileSystems

    try:
        with FileSystems.open(path) as stream:
            reader = fastavro.reader(stream)
            name = reader.writer_schema.get("name", "")
            if name != "cables.v1.DeadLetter":
                raise UsageError(f"{path} holds {name or 'unknown'} records, not "
                                 "cables.v1.DeadLetter")
            _read_through(path, reader)
    except (ValueError, OSError) as error:
        raise UsageError(not_avro(path, error)) from None


def _read_through(path: str, reader) -> None:
    read = 0
    records = iter(reader)
    while True:
        try:
            next(records)
        except StopIteration:
            return
        except Exception as error:  # noqa: BLE001  (a block cut short or damaged)
            raise UsageError(damaged(path, read, error, " (none is replayed)")) from None
        read += 1


def dead_letter_glob(given: str) -> str | None:
    """What `replay` reads of a path given: a glob or a file as given; a local folder, its
    `.avro` files; a run's output folder, its dead letters (`OUTPUT/dead_letter/*.avro`), or
    None when it holds none (an incremental run without dead letters writes no dead_letter/)."""
    from transforms.records import DEAD_LETTER_DIR

    if storage.has_scheme(given) or not os.path.isdir(given):
        return given
    run_output = is_run_output(given)
    if os.path.isdir(dead_letters := os.path.join(given, DEAD_LETTER_DIR)):
        given = dead_letters
    if run_output and not glob.glob(os.path.join(glob.escape(given), "*.avro")):
        return None
    return os.path.join(given, "*.avro")


def is_run_output(folder: str) -> bool:
    """Whether a local folder is a run's output: it holds a summary, cables or dead letters."""
    from transforms.records import CABLES_DIR, DEAD_LETTER_DIR
    from transforms.run_summary import SUMMARY_FILE

    return (os.path.isfile(os.path.join(folder, SUMMARY_FILE))
            or any(os.path.isdir(os.path.join(folder, kind))
                   for kind in (CABLES_DIR, DEAD_LETTER_DIR)))


def check_run_options(options, filesystems, input_flag: str = "--input ") -> None:
    from apache_beam.options.pipeline_options import StandardOptions

    _check_runner_options(options)
    _check_numbers(options)
    _check_run_id(options.run_id)
    if options.view_as(StandardOptions).streaming:
        if not options.input_subscription:
            raise UsageError("--streaming needs --input_subscription projects/P/subscriptions/S")
        if not re.fullmatch(r"projects/[^/]+/subscriptions/[^/]+", options.input_subscription):
            raise UsageError(f"--input_subscription {options.input_subscription!r} is not a "
                             "subscription: give projects/P/subscriptions/S")
        if not options.output:
            raise UsageError("--output DIR is required")
        _check_subscription(options)
        _check_buckets(options)
        return _check_writable(options.output)
    if options.input_subscription:      # (a batch run over --input read none, and said nothing)
        raise UsageError("--input_subscription reads Pub/Sub in a streaming run: add --streaming"
                         + (" and leave out --input" if options.input else ""))
    for name, default in STREAMING_DEFAULTS.items():
        if getattr(options, name) != default:
            raise UsageError(f"--{name} is a streaming run's (--streaming --input_subscription "
                             "...): a batch run takes none")
    if options.min_file_age_seconds and not options.incremental:
        # (a full run replaces the output with what it read: the records of a file it left,
        # read by an earlier run, were gone, and no ledger carries the file to a next run)
        raise UsageError("--min_file_age_seconds leaves young files to the next scheduled run: "
                         "give it with --incremental (a full run replaces the output with what "
                         "it read, so a file it left would lose its records)")
    if not options.input:
        raise UsageError("--input GLOB is required (e.g. --input 'samples/*')")
    if not options.output:
        raise UsageError("--output DIR is required")
    _check_buckets(options, input_flag)
    from transforms.read import match_pattern

    for pattern in options.input:  # one match is enough: not every file listed and sized twice
        # A folder given as --input would be one unreadable input.
        if not storage.has_scheme(pattern) and os.path.isdir(pattern):
            folder = pattern.rstrip("/")
            raise UsageError(f"{input_flag}{pattern!r} is a folder: give its files as a glob, "
                             f"{input_flag}'{folder}/*' ('{folder}/**' with its subfolders)")
        if not match_pattern(pattern, limit=1):
            _check_nothing_matched(pattern, options, input_flag)
    _check_writable(options.output)
    _check_output_kind(options, filesystems)
    _check_run_id_unused(options, filesystems)


def _check_nothing_matched(pattern: str, options, input_flag: str) -> None:
    """An --input glob that matches no file: a usage error, but in a scheduled run
    (`run --incremental`) over a drop folder that is there, empty today, which has nothing new
    (it was a usage error, exit 2, and failed the day). A glob whose folder is not there (a
    typo), a file name that is not there and a full run (it would replace the output with
    nothing) stay usage errors."""
    folder = glob_folder(pattern)
    scheduled = options.incremental and input_flag == "--input "
    if not scheduled or folder is None:
        raise UsageError(f"no files match {input_flag}{pattern!r}")
    if not _folder_exists(folder):
        raise UsageError(f"no files match {input_flag}{pattern!r} (no folder {folder!r})")
    logging.getLogger("cable_ingest").warning(
        "no file matches --input %r: its folder %s is there, with nothing in it to read "
        "(nothing new)", pattern, folder or ".")


def glob_folder(pattern: str) -> str | None:
    """The folder a glob lists, the one before its first glob character (`drop` of
    `drop/**/*.txt`, '' of `*.txt`: the current one); None for a pattern without any, one file's
    name."""
    from transforms.read import _GLOB_CHARACTER

    found = _GLOB_CHARACTER.search(pattern)
    return None if found is None else pattern[:found.start()].rpartition("/")[0]


def _folder_exists(folder: str) -> bool:
    """A local folder, or on Cloud Storage a bucket (checked before) or a prefix that holds an
    object (object stores have no folders: the console's "Create folder" writes one)."""
    if not storage.has_scheme(folder):
        return folder == "" or os.path.isdir(folder)
    from apache_beam.io.filesystems import FileSystems

    if folder.split("://", 1)[1].strip("/").count("/") == 0:
        return True  # a bucket's root
    # (Beam's match, not `match_pattern`: that leaves the folder's own marker out)
    found = FileSystems.match([folder.rstrip("/") + "/**"], limits=[1])[0].metadata_list
    return bool(found)


def _check_output_kind(options, filesystems) -> None:
    """An output is a full run's, which each full run replaces, or an incremental one's, to
    which each run adds its files and whose ledger lists what they ingested: never both. A full
    run into an incremental output deleted its ledger (the next scheduled run read every file
    again); an incremental run into a full run's output left that run's records beside its own
    (the cables of both were there, twice)."""
    from transforms.publish import LEDGER_DIR, full_run_records

    output = options.output
    if options.incremental:
        if found := full_run_records(output, filesystems):
            raise UsageError(
                f"--output {output!r} holds a full run's records ({found[0]}): an incremental "
                "run adds its files beside them, so their cables would be there twice; give "
                "scheduled runs a folder of their own (or move those files away first)")
        return
    ledger = filesystems.join(output, LEDGER_DIR, "*.avro")
    if filesystems.match([ledger], limits=[1])[0].metadata_list:
        raise UsageError(
            f"--output {output!r} is an incremental output (its {LEDGER_DIR}/ lists what its "
            "runs ingested): a full run would replace it, ledger and all, and the next "
            "scheduled run would read every file again; add --incremental, or give another "
            "folder")


def check_inputs_outside_output(options) -> None:
    """A run never reads its own output folder: an --input that lies inside --output (`--input
    'drop/**' --output drop`, `--input '*.txt' --output .`) would read nothing and the run
    would end `accounted` with none of the drop's files read. (`replay` may read the dead
    letters of the output it writes into.)"""
    from transforms.read import lies_inside

    for pattern in options.input or ():
        if lies_inside(pattern, options.output):
            raise UsageError(f"--input {pattern!r} lies inside --output {options.output!r}: a "
                             "run never reads its own output folder, so none of these files "
                             "would be read; write the output outside the drop (--output "
                             "drop/out with --input 'drop/**' is fine)")


def _check_run_id(run_id: str) -> None:
    from pipeline.arguments import RUN_ID_PATTERN

    if not re.fullmatch(RUN_ID_PATTERN, run_id):
        raise UsageError(f"--run_id {run_id!r} is not a run id: letters, digits, _ and . in parts "
                         "joined by - (e.g. 20240102T060000Z-daily); it names the run's files")


def _check_run_id_unused(options, filesystems) -> None:
    """An incremental run names its files by its run id (OUTPUT/cables/run-RUNID-...): a run id
    that published before would have this run's files replace that run's cables, dead letters
    and ledger entries, without a word. A chosen id is new; a given one is checked."""
    from transforms.publish import OUTPUT_KINDS, history_folder

    if not options.incremental:
        return
    patterns = [filesystems.join(options.output, kind, f"run-{options.run_id}-*")
                for kind in OUTPUT_KINDS]
    # (a run with nothing new published no record, but kept its summary)
    patterns.append(filesystems.join(history_folder(options.output, options.run_id), "*"))
    matches = filesystems.match(patterns, limits=[1] * len(patterns))
    if any(match.metadata_list for match in matches):
        raise UsageError(f"--run_id {options.run_id!r} has published to {options.output} already: "
                         "this run's files would replace that run's; leave --run_id out (a new "
                         "one is chosen) or give another")


# (option, smallest value allowed, what it is): a size of 0 would stall the CSV reader, a share
# above 1 could never be exceeded.
_NUMBER_BOUNDS = [("max_input_bytes", 1, "a size in bytes"), ("max_line_chars", 1, "a length"),
                  ("csv_range_bytes", 1, "a size in bytes"), ("num_shards", 0, "a file count"),
                  ("lock_stale_hours", 0, "a number of hours"),
                  ("min_file_age_seconds", 0, "a number of seconds"),
                  ("window_seconds", 1, "a number of seconds"),
                  ("dedupe_horizon_seconds", 1, "a number of seconds")]


def _check_subscription(options) -> None:
    """The subscription's name as Beam takes it and, for a local run, that it exists: a
    mistyped one was a traceback from the first pull. A run handed to Dataflow (or only built)
    is not checked against Pub/Sub: the job, with its own credentials, says."""
    from apache_beam.io.gcp.pubsub import parse_subscription

    from pipeline.launch import runs_locally

    subscription = options.input_subscription
    try:
        parse_subscription(subscription)
    except ValueError as error:
        raise UsageError(f"--input_subscription {subscription!r}: {error}") from None
    if not runs_locally(options):
        return
    from google.api_core import exceptions
    from google.auth.exceptions import DefaultCredentialsError
    from google.cloud import pubsub_v1

    try:
        with pubsub_v1.SubscriberClient() as client:
            client.get_subscription(request={"subscription": subscription}, timeout=30)
    except exceptions.NotFound:
        raise UsageError(f"--input_subscription {subscription!r} does not exist: create it "
                         "(gcloud pubsub subscriptions create) or check its name") from None
    except exceptions.InvalidArgument as error:
        raise UsageError(f"--input_subscription {subscription!r} is not a valid subscription "
                         f"name: {error.message}") from None
    except DefaultCredentialsError:     # (the run retried, and printed 200 lines of traces)
        raise UsageError(f"--input_subscription {subscription!r}: no Google credentials to read "
                         "it with: `gcloud auth application-default login` (or "
                         "PUBSUB_EMULATOR_HOST for the Pub/Sub emulator)") from None
    except Exception as error:  # noqa: BLE001  no network: the run says more
        logging.getLogger(__name__).debug("could not check --input_subscription: %s", error)


def _check_numbers(options) -> None:
    for name, lowest, what in _NUMBER_BOUNDS:
        value = getattr(options, name)
        if value < lowest:
            raise UsageError(f"--{name} {value} is not {what} of at least {lowest}")
    ratio = options.max_dead_letter_ratio
    if ratio is not None and not 0 <= ratio <= 1:
        raise UsageError(f"--max_dead_letter_ratio {ratio} is not a share between 0 and 1 "
                         "(e.g. 0.05)")


def _check_runner_options(options) -> None:
    """The runner's own checks (a Dataflow project id, a gs:// temp_location...), up front."""
    from apache_beam.options.pipeline_options import StandardOptions
    from apache_beam.options.pipeline_options_validator import PipelineOptionsValidator
    from apache_beam.runners.runner import create_runner

    name = options.view_as(StandardOptions).runner
    try:
        runner = create_runner(name)
    except ValueError as error:
        raise UsageError(f"--runner={name}: {error}") from None
    errors = PipelineOptionsValidator(options, runner).validate()
    if errors:
        raise UsageError(f"invalid options for --runner={name}: " + "; ".join(
            " ".join(error.split()) for error in errors))


def _check_buckets(options, input_flag: str = "--input ") -> None:
    for flag, uri in [("--output ", options.output),
                      *((input_flag, pattern) for pattern in options.input or ())]:
        check_bucket(uri, flag, options)


def check_bucket(uri: str, flag: str = "", options=None) -> None:
    """That the bucket of a gs:// `uri` (named in messages after `flag`, `--output `) exists,
    asked in gcs.CHECK_SECONDS at most: without a network or credentials, Beam's client retries
    each request for 120 s, then fails with a traceback. Nothing for other paths."""
    if not uri.startswith("gs://"):     # (first: a local path loads no Beam)
        return
    from transforms import gcs

    try:
        with _beam_retries_unlogged():
            bucket = gcs.missing_bucket(uri, options)
    except Exception as error:  # no access (not logged in?), no network: not a traceback
        name = uri[len("gs://"):].split("/", 1)[0]
        if _unreachable(error):
            raise UsageError(
                f"{flag}{uri!r}: cannot reach Cloud Storage to check bucket gs://{name} "
                f"(no answer in {gcs.CHECK_SECONDS:g} s: {_unreachable(error)}): no "
                "network, or a proxy or firewall in the way?") from None
        reason = (str(error).splitlines() or [""])[0]
        raise UsageError(f"{flag}{uri!r}: cannot check Cloud Storage bucket gs://{name}: "
                         f"{reason} (not logged in? `gcloud auth application-default "
                         "login`)") from None
    if bucket:
        raise UsageError(f"{flag}{uri!r}: Cloud Storage bucket gs://{bucket} does not exist")


@contextlib.contextmanager
def _beam_retries_unlogged():
    """Beam's retries of its credentials' lookup unlogged: without credentials (a public bucket,
    or none to reach) each of its four tries logged a warning and a traceback, 46 lines above
    the check's one."""
    logger = logging.getLogger("apache_beam.utils.retry")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _unreachable(error: BaseException) -> str | None:
    """What kept a request from reaching its server (a refused or failed connection, a
    timeout), from `error` or the errors behind it (a retry's last one); None for an answer."""
    import requests

    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (requests.ConnectionError, requests.Timeout, ConnectionError,
                              TimeoutError)):
            text = str(error)
            for known in ("Connection refused", "Name or service not known",
                          "Temporary failure in name resolution", "Network is unreachable",
                          "timed out"):
                if known in text:
                    return known.lower() if known != "timed out" else "timed out"
            return type(error).__name__
        error = getattr(error, "cause", None) or error.__cause__ or error.__context__
    return None


def _check_writable(output: str) -> None:
    """That --output can be made and written into, leaving nothing behind: a check that comes
    after it may still refuse the command (a replay's dead-letter file, a --baseline), and a
    refused command leaves the filesystem as it was. The run makes the folder when it starts
    (the lock it takes there). Made and removed again rather than judged by the permissions of
    the folder above: root may write anywhere by those, yet not into /proc."""
    if storage.has_scheme(output):
        return  # remote filesystems are checked when the first file is written
    if os.path.exists(output) and not os.path.isdir(output):
        raise UsageError(f"--output {output!r} is a file: give a folder")
    made = missing_folders(output)
    try:
        os.makedirs(output, exist_ok=True)
        if not os.access(output, os.W_OK | os.X_OK):
            raise UsageError(f"--output {output!r} is not writable")
    except OSError as error:
        raise UsageError(f"cannot create --output {output!r}: {error.strerror}") from None
    finally:
        remove_if_empty(made)


def remove_if_empty(folders: list[str]) -> None:
    """Remove `folders` (`missing_folders` before they were made), the deepest first; one that
    something was put into meanwhile stays, and so do those above it."""
    for folder in folders:
        with contextlib.suppress(OSError):
            os.rmdir(folder)


def missing_folders(path: str) -> list[str]:
    """The local folders of `path` that do not exist yet, the deepest first: what makedirs would
    make (none for a gs:// path)."""
    if storage.has_scheme(path):
        return []
    missing = []
    path = os.path.abspath(path)
    while not os.path.lexists(path):
        missing.append(path)
        path = os.path.dirname(path)
    return missing


def avro_files_in(folder: str) -> list[str]:
    """The `.avro` files of `folder` (not of its subfolders), for `show`. A run's output folder
    holds two kinds of record in subfolders: which one is meant is asked, not guessed."""
    from transforms.records import CABLES_DIR, DEAD_LETTER_DIR

    from transforms.run_summary import HISTORY_DIR

    base = folder.rstrip("/") or "/"
    kept_in, run_id = os.path.split(os.path.abspath(base))
    if os.path.basename(kept_in) == HISTORY_DIR and is_run_output(folder):
        # (a run's kept summary and report: its records are in the output's folders)
        output = os.path.dirname(os.path.dirname(base)) or "."
        raise UsageError(f"{folder} holds run {run_id}'s kept summary and report: its records "
                         f"are {output}/{CABLES_DIR}/run-{run_id}-*.avro and its dead letters "
                         f"{output}/{DEAD_LETTER_DIR}/run-{run_id}-*.avro")
    if is_run_output(folder):
        raise UsageError(f"{folder} is a run's output folder: give its cables "
                         f"({base}/{CABLES_DIR}) or its dead letters ({base}/{DEAD_LETTER_DIR})")
    found = sorted(entry.path for entry in os.scandir(folder)
                   if entry.name.endswith(".avro") and entry.is_file())
    if not found:
        raise UsageError(f"{folder} holds no .avro file")
    return found


def not_a_file(path: str) -> str:
    from transforms.expand import broken_link, special_file_kind

    if os.path.isdir(path):
        return f"{path} is a folder: give its files ({path.rstrip('/')}/*)"
    if (kind := special_file_kind(path)) is not None:
        return f"{path} is {kind}, not a regular file"
    if (broken := broken_link(path)) is not None:
        return f"{path}: {broken}"
    return f"no such file: {path}"
