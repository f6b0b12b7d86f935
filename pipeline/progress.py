"""What a run tells while it works and when it ends: a progress line, and one JSON log line.

Progress (local batch runs). Beam's metrics of a local run are only visible once it has ended,
so the counting DoFns also keep running totals in small files (transforms.metrics, one file per
process, in-process or worker process alike) in a temporary folder whose path this launcher puts
in the environment before the run starts; a thread here sums the files while the run goes on:

    inputs 12,345 | parsed 12,001 | cables 11,990 | dead letters 344 | 410 inputs/s | 30 s

`parsed` counts the valid cables as the parse makes them; `cables` those the de-duplication
keeps, which a batch run counts once every cable is parsed (its duplicates are known only then).

On a terminal the line is redrawn in place (`\\r`) twice a second and erased before the closing
summary; otherwise (a log file, a scheduler) it is logged every 30 seconds.

The end of a run: `log_run_end` writes one JSON object on one line to stderr (severity, message,
counts, status, output, run id, seconds), the shape Cloud Logging reads as a structured entry,
so log-based metrics and alerts can be made from its fields.
"""
import contextlib
import glob
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter

from transforms import metrics
from transforms.metrics import CABLES, DEAD_LETTERS, INPUTS, PARSED, PROGRESS_DIR_ENV
from transforms.run_summary import NORMAL_ENDS

TERMINAL_INTERVAL = 0.5  # seconds between redraws of the live line
LOG_INTERVAL = 30.0  # seconds between progress log lines when stderr is not a terminal


def read_counts(folder: str) -> Counter:
    """The sum of every process's running totals in `folder`."""
    total = Counter()
    for path in glob.glob(os.path.join(folder, "*.json")):
        try:
            with open(path, encoding="utf-8") as stream:
                total.update(json.load(stream))
        except (OSError, ValueError):  # replaced or removed while read: next time
            continue
    return total


def format_progress(counts: Counter, seconds: float) -> str:
    rate = counts[INPUTS] / seconds if seconds > 0 else 0.0
    return (f"inputs {counts[INPUTS]:,} | parsed {counts[PARSED]:,} | cables {counts[CABLES]:,} | "
            f"dead letters {counts[DEAD_LETTERS]:,} | {rate:,.0f} inputs/s | {seconds:,.0f} s")


class Progress:
    """A context manager around a local run that reports its progress on `stream`."""

    def __init__(self, stream=None, interval: float | None = None):
        self.stream = stream or sys.stderr
        self.live = _is_terminal(self.stream)
        self.interval = interval or (TERMINAL_INTERVAL if self.live else LOG_INTERVAL)
        self.folder = None
        self._stop = threading.Event()
        self._thread = None
        self._started = 0.0
        self._width = 0
        self._previous_env = None

    def __enter__(self):
        self.folder = tempfile.mkdtemp(prefix="cable-ingest-progress-")
        self._previous_env = os.environ.get(PROGRESS_DIR_ENV)
        metrics.report_progress_to(self.folder)  # and to the local worker processes
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._report, name="cable-ingest-progress",
                                        daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        if self.live and self._width:  # erase the live line: the summary comes next
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
        self._restore_environment()
        shutil.rmtree(self.folder, ignore_errors=True)
        return False

    def _restore_environment(self):
        """Give back the variable as it was, unless another run in this process (two runs on
        threads, as tests do) set it since: then it is that run's to give back. A previous
        folder that is gone (its run ended first) is not restored."""
        if os.environ.get(PROGRESS_DIR_ENV) != self.folder:
            return
        if self._previous_env and os.path.isdir(self._previous_env):
            metrics.report_progress_to(self._previous_env)
        else:
            metrics.report_progress_to(None)

    def _report(self):
        while not self._stop.wait(self.interval):
            line = format_progress(read_counts(self.folder), time.monotonic() - self._started)
            if self.live:
                self.stream.write("\r" + line.ljust(self._width))
                self.stream.flush()
                self._width = max(self._width, len(line))
            else:
                self.stream.write(f"cable-ingest progress: {line}\n")
                self.stream.flush()


def while_running(options):
    """Progress for a local batch run; nothing for a remote or a streaming one."""
    from apache_beam.options.pipeline_options import StandardOptions

    from pipeline.launch import runs_locally

    if runs_locally(options) and not options.view_as(StandardOptions).streaming:
        return Progress()
    return contextlib.nullcontext()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def run_end_entry(summary, output: str, run_id: str, seconds: float, status: str | None = None,
                  error: str | None = None) -> dict:
    """The structured log entry of a finished run (`summary` None when the run failed early)."""
    status = status or (summary.status if summary else "error")
    failed = (error is not None or status not in NORMAL_ENDS
              or (summary is not None and not summary.accounted))
    # Record files of earlier runs missing from the output, or changed: the day is good, the
    # output is not (transforms.publish, check_published_files); an alert can match WARNING.
    damaged = summary is not None and bool(summary.missing or summary.changed
                                           or summary.published_files_checked is False)
    entry = {
        "severity": "ERROR" if failed else "WARNING" if damaged else "INFO",
        "message": f"cable-ingest run {run_id} {'failed' if failed else 'finished'}: "
                   f"{status.removeprefix('failed: ')}",  # never 'failed: failed: ...'
        "event": "cable_ingest.run_end",
        "run_id": run_id,
        "status": status,
        "output": output,
        "seconds": round(seconds, 3),
    }
    if summary is not None:
        entry.update(inputs=summary.inputs, cables=summary.cables,
                     dead_letters=summary.dead_letters, accounted=summary.accounted,
                     dead_letter_ratio=summary.dead_letter_ratio,
                     duplicate_dead_letters=summary.duplicate_dead_letters,
                     failure_ratio=summary.failure_ratio,
                     dead_letters_by_type=summary.dead_letters_by_type,
                     pipeline_version=summary.pipeline_version)
        if damaged and summary.published_files_checked is False:
            entry["message"] += "; the record files of earlier runs were not checked"
            entry.update(published_files_checked=False)
        elif damaged:
            entry["message"] += (f"; {summary.missing + summary.changed:,} record file(s) of "
                                 "earlier runs missing from the output or changed")
            # (named as the summary names its counts: its `missing_files` are the paths)
            entry.update(missing=summary.missing, changed=summary.changed)
    if error is not None:
        entry["error"] = error
    return entry


def log_run_end(entry: dict, stream=None) -> None:
    """Write the entry as one JSON line on stderr."""
    stream = stream or sys.stderr
    stream.write(json.dumps(entry, sort_keys=False) + "\n")
    stream.flush()
