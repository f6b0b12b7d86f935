"""Names of the Beam metrics every run reports, shared by the DoFns and the run summary.

Besides Beam's counters, each count is added to a live tally when the launcher asks for progress
(a local run on a terminal, see pipeline/progress.py): Beam's metrics of a local run are only
visible when it ends, so every process that counts writes its own running totals to a small JSON
file in the folder named by the environment variable PROGRESS_DIR_ENV, which the launcher reads
while the run goes on (`report_progress_to` sets it, and tells the launcher's own process).
Local worker processes inherit the variable; remote workers never have it.
"""
import functools
import json
import os
import threading
import time
import uuid
from collections import Counter

from apache_beam.metrics import Metrics

from transforms.records import DUPLICATE
from transforms.warning_kinds import warning_kind

NAMESPACE = "cable_ingest"
INPUTS = "inputs"
CABLES = "cables"
PARSED = "parsed"   # cables parsed and valid, before the de-duplication keeps or drops them
DEAD_LETTERS = "dead_letters"
# The dead letters of failure: all but the `duplicate` ones (a copy of a cable written is a good
# input), what --max_dead_letter_ratio and deploy/alert-policy.json watch.
FAILED_INPUTS = "failed_inputs"
# One counter per (stage, error_type): dead_letter.<STAGE>.<error_type>
DEAD_LETTER_PREFIX = "dead_letter."
# One counter per kind of warning (transforms.warning_kinds.warning_kind): warning.<kind>
WARNING_PREFIX = "warning."
# Distributions: the raw input's size in bytes, and the time to decode, parse and validate it.
INPUT_BYTES = "input_bytes"
PARSE_MICROS = "parse_micros"

PROGRESS_DIR_ENV = "CABLE_INGEST_PROGRESS_DIR"


# Metric objects made once per name: Beam's Metrics.counter() builds a new object on every call
# (its namespace checked, its MetricName made), which costs per element. A cached object is
# safe: it finds the current bundle's metrics container each time it is used.
@functools.lru_cache(maxsize=4096)
def _counter(name: str):
    return Metrics.counter(NAMESPACE, name)


@functools.lru_cache(maxsize=None)
def _distribution(name: str):
    return Metrics.distribution(NAMESPACE, name)


def count_input() -> None:
    _counter(INPUTS).inc()
    _progress(INPUTS)


def count_cable() -> None:
    _counter(CABLES).inc()
    _progress(CABLES)


def count_parsed() -> None:
    """A valid cable out of the parse: a batch run counts its cables only once the
    de-duplication has seen them all, so this is what shows a run's progress meanwhile."""
    _counter(PARSED).inc()
    _progress(PARSED)


def count_dead_letter(stage: str, error_type: str) -> None:
    _counter(DEAD_LETTERS).inc()
    if error_type != DUPLICATE:
        _counter(FAILED_INPUTS).inc()
    _counter(f"{DEAD_LETTER_PREFIX}{stage}.{error_type}").inc()
    _progress(DEAD_LETTERS)


def count_warnings(warnings) -> None:
    """One counter per kind of warning of a cable (the kinds the run report counts)."""
    for warning in warnings:
        _counter(f"{WARNING_PREFIX}{warning_kind(warning)}").inc()


def record_ingest(input_bytes: int, seconds: float) -> None:
    """The size of one raw input and how long decoding, parsing and validating it took."""
    _distribution(INPUT_BYTES).update(input_bytes)
    _distribution(PARSE_MICROS).update(int(seconds * 1_000_000))


class ProgressTally:
    """This process's running counts, written to FOLDER/<pid>-<id>.json every `every` seconds
    while they change, by a daemon thread that ends when the launcher removes the folder.
    Written atomically: the reader never sees half a file."""

    def __init__(self, folder: str, every: float = 0.25):
        self.folder = folder
        self.counts = Counter()
        self._path = os.path.join(folder, f"{os.getpid()}-{uuid.uuid4().hex[:8]}.json")
        self._lock = threading.Lock()  # in-process runs count from several threads
        self._changed = False
        self._every = every
        threading.Thread(target=self._write_while_running, name="cable-ingest-progress-tally",
                         daemon=True).start()

    def add(self, name: str) -> None:
        with self._lock:
            self.counts[name] += 1
            self._changed = True

    def _write_while_running(self) -> None:
        while os.path.isdir(self.folder):
            time.sleep(self._every)
            with self._lock:
                counts, changed, self._changed = dict(self.counts), self._changed, False
            if changed:
                self._write(counts)

    def _write(self, counts: dict) -> None:
        temporary = self._path + ".tmp"
        try:
            with open(temporary, "w", encoding="utf-8") as stream:
                json.dump(counts, stream)
            os.replace(temporary, self._path)
        except OSError:  # the launcher removed the folder: the run is over, progress too
            pass


_tally: ProgressTally | None = None
# Where this process's counts go (None: nowhere). A worker process inherits the variable from
# the launcher, which sets it before the run starts them: read once, when this module loads.
# The launcher's own process sets it later, through `report_progress_to`. Not read at each
# count (three a cable): an absent variable costs `os.environ.get` a KeyError raised and
# caught inside (~1-2 us).
_folder: str | None = os.environ.get(PROGRESS_DIR_ENV)


def report_progress_to(folder: str | None) -> None:
    """Count into `folder` from now on, this process and the worker processes it starts (None:
    no progress is kept)."""
    global _folder
    if folder:
        os.environ[PROGRESS_DIR_ENV] = folder  # inherited by local worker processes
    else:
        os.environ.pop(PROGRESS_DIR_ENV, None)
    _folder = folder


def _progress(name: str) -> None:
    global _tally
    folder = _folder
    if not folder:
        return
    if _tally is None or _tally.folder != folder:
        _tally = ProgressTally(folder)
    _tally.add(name)
