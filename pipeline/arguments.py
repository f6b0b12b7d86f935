"""cable-ingest's own run options, declared without Beam: `cable-ingest --help`, `schema` and
`parse` start without loading Beam (~1 s); `pipeline.options.CableIngestOptions` declares the
same arguments for Beam's parser, from here."""
import argparse
import os

from transforms.formats import CSV_RANGE_BYTES, FORMAT_CHOICES, MAX_INPUT_BYTES
from transforms.output_lock import DEFAULT_STALE_HOURS

CODEC_CHOICES = ("null", "deflate", "snappy", "zstandard")
# A run id names the staging folder (.staging-RUNID) and an incremental run's files (run-RUNID-*):
# letters, digits, `_` and `.`, in parts joined by `-` (the template's rule, deploy/metadata.json).
RUN_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.]{0,62}(-[A-Za-z0-9_.]{1,63})*$"


def local_path(value: str) -> str:
    """A path or glob given on the command line, a leading `~` expanded as a shell does: quoted
    (`--output '~/out'`) or after `=` no shell expands it, and `~` became a folder of the
    current one. A gs:// path never starts with `~`: it stays as it is."""
    return os.path.expanduser(value)


def _true_or_false(value: str) -> bool:
    """`--incremental`, `--incremental=true` (as a template passes it) or `=false` (any case)."""
    if value.lower() not in ("true", "false"):  # argparse prints this message as it is
        raise argparse.ArgumentTypeError(f"expected true or false, not {value!r}")
    return value.lower() == "true"


# The options of a run that a replay refuses: it reads dead-letter files (no raw file is read
# whole or in CSV ranges) in one batch run (no Pub/Sub, no window). (--streaming is Beam's.)
NOT_FOR_REPLAY = ("--max_input_bytes", "--csv_range_bytes", "--input_subscription",
                  "--dedupe_horizon_seconds", "--window_seconds", "--min_file_age_seconds")
# The streaming run's own settings and their defaults: a batch run refuses another value (the
# Flex Template's launcher passes the defaults to a batch job too).
STREAMING_DEFAULTS = {"dedupe_horizon_seconds": 3600, "window_seconds": 300}


def add_run_arguments(parser, replay: bool = False) -> None:
    """cable-ingest's own options of a run on `parser` (an argparse parser or group); with
    `replay`, those a replay takes (not --input, nor NOT_FOR_REPLAY), each with the default
    argparse.SUPPRESS: `cable-ingest replay` passes on to Beam only those given."""
    if replay:
        parser = _ForReplay(parser)
    parser.add_argument("--input", action="append", default=None, type=local_path,
                        help="file glob of raw cables (local path or gs://); repeatable")
    parser.add_argument("--output", default=None, type=local_path,
                        help="output directory: cables/, dead_letter/ and _SUMMARY.json go there"
                             + (" (required)" if replay else ""))
    parser.add_argument("--format", dest="input_format", default="auto", choices=FORMAT_CHOICES,
                        help="what every payload is read as (a run given the wrong --format); "
                             "default auto: each as it was read" if replay else
                             "format of the cable files; auto detects by extension and content "
                             "(default auto). Archives (zip, tar) and compressed files (gzip, "
                             "bzip2, xz, zstd) are always recognised by their content")
    parser.add_argument("--codec", default="snappy", choices=CODEC_CHOICES,
                        help="Avro block codec (default snappy: 2.6x faster to write than "
                             "deflate for files 1.7x larger; BigQuery reads both)")
    parser.add_argument("--num_shards", type=int, default=0,
                        help="output files per kind; 0 lets the runner choose (default 0)")
    parser.add_argument("--max_input_bytes", type=int, default=MAX_INPUT_BYTES,
                        help="larger single inputs become too_large dead letters (default 10 MiB)")
    parser.add_argument("--max_line_chars", type=int, default=100_000,
                        help="a cable line longer than this is a too_large dead letter "
                             "(default 100000)")
    parser.add_argument("--csv_range_bytes", type=int, default=CSV_RANGE_BYTES,
                        help="a CSV dump larger than this is read in ranges of this size, "
                             "spread over the workers (default 32 MiB)")
    parser.add_argument("--min_file_age_seconds", type=int, default=0,
                        help="with --incremental: leave a file modified in the last N "
                             "seconds before the run started to the next run (a local or "
                             "mounted drop's file may be caught mid-copy; cloud uploads appear "
                             "whole): not read, not in the ledger, named in a warning and "
                             "counted in the summary (default 0: every file is read)")
    parser.add_argument("--max_dead_letter_ratio", type=float, default=None,
                        help="fail the run (after writing everything) when more than this "
                             "share of inputs fail: become dead letters other than duplicates "
                             "(copies of a cable written), e.g. 0.05")
    parser.add_argument("--baseline", default=None, type=local_path,
                        help="an earlier run's output directory: the report and "
                             "_SUMMARY.json flag fill rates that dropped and dead-letter "
                             "types that grew since")
    parser.add_argument("--max_fill_rate_drop", type=float, default=None,
                        help="with --baseline: fail the run (after writing everything) when a "
                             "field's fill rate dropped by more than this, e.g. 0.05 (without "
                             "it, drops over 0.05 are flagged only)")
    parser.add_argument("--incremental", nargs="?", const=True, default=False,
                        type=_true_or_false, metavar="true|false",
                        help="replay into an incremental output: its ledger is consulted, so a "
                             "cable it holds (a `duplicate`'s kept copy) is not written again, "
                             "nor a dead-letter file an earlier replay into it read" if replay
                        else "ingest only inputs no earlier incremental run into --output "
                             "ingested, add this run's files beside theirs and note them "
                             "in OUTPUT/_ledger/ (what a scheduled run uses)")
    parser.add_argument("--run_id", default=None,
                        help="name of this run: letters, digits, _ and . in parts joined by - "
                             "(default: UTC time and a random suffix); an incremental run's "
                             "files are named run-RUN_ID-*")
    parser.add_argument("--lock_stale_hours", type=float, default=DEFAULT_STALE_HOURS,
                        help="a lock on --output older than this (a run killed before it "
                             "finished) is taken over (default 12)")
    parser.add_argument("--lock_at_launch", nargs="?", const=True, default=False,
                        type=_true_or_false, metavar="true|false",
                        help="with --template_location: take OUTPUT's lock now, under --run_id, "
                             "for the job this launch starts, which releases it when it "
                             "publishes (the Flex Template's entry point sets it; a job file "
                             "written to be looked at or launched later takes none)")
    parser.add_argument("--input_subscription", default=None,
                        help="streaming: Pub/Sub subscription projects/P/subscriptions/S to read "
                             "raw cables and Cloud Storage notifications from")
    parser.add_argument("--dedupe_horizon_seconds", type=int,
                        default=STREAMING_DEFAULTS["dedupe_horizon_seconds"],
                        help="streaming: a redelivered message, or a copy of a cable already "
                             "written (same reference id and content), within this many "
                             "seconds of the first is not written again (default 3600)")
    parser.add_argument("--window_seconds", type=int, default=STREAMING_DEFAULTS["window_seconds"],
                        help="streaming: fixed window of the output files, in seconds "
                             "(default 300)")


class _ForReplay:
    """An argparse parser (or group) as `add_run_arguments` declares a replay's options on it:
    those a replay takes, without a default of their own (argparse.SUPPRESS)."""

    def __init__(self, parser):
        self.parser = parser

    def add_argument(self, *flags, **settings):
        if flags[0] == "--input" or flags[0] in NOT_FOR_REPLAY:
            return None
        return self.parser.add_argument(*flags, **{**settings, "default": argparse.SUPPRESS})
