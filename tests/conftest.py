"""Shared test helpers: paths of the repo's fixtures and a reader of pipeline outputs."""
import contextlib
import gc
import glob
import os
import signal

import fastavro
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(REPO, "tests", "data")
SAMPLES = os.path.join(REPO, "samples")


def pytest_configure(config):
    """The tests play a user at a terminal, whose commands start with Ctrl-C (SIGINT) on. A
    pytest started in the background by a shell without job control (a script's `make test &`)
    has SIGINT ignored, and every command a test starts would inherit that: its Ctrl-C would do
    nothing (a command keeps an ignored SIGINT ignored, pipeline.cli._handled)."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


# The files whose tests take longest (seconds in `make test` at 8b3fd20: 152, 134, 98, 82, 75,
# 34, 33, 25 of 822 in all), started first. `make test`'s two processes take whole files in turn
# (pytest-xdist, `--dist loadfile --no-loadscope-reorder`); a long file handed out last ran on
# alone while the other process sat idle (xdist's own order, by number of tests, put
# test_dailyjob's 6 tests near the end: 75 s of its 487). The other files follow in collection
# order. Only the suite's wall time depends on this order: every test passes in any order.
SLOWEST_FIRST = ("test_dailyjob.py", "test_cli.py", "test_streaming.py",
                 "test_parser_fast_paths.py", "test_progress.py", "test_launch.py",
                 "test_compressed.py", "test_incremental.py")


def pytest_collection_modifyitems(config, items):
    place = {name: rank for rank, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: place.get(item.path.name, len(place)))  # stable: file order kept


@contextlib.contextmanager
def no_collection():
    """Around a timed call of a CPU-time guard: the garbage of the earlier tests collected first,
    the collector off meanwhile. A full collection of a test process's objects (thousands of
    earlier tests') took half a second inside a 0.5 s guard of a 20 ms parse (a fresh clone's
    `make test`): the guard is against the parse's backtracking, not the collector's work."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_avro_dir(folder: str) -> list[dict]:
    """All records of the .avro files directly in `folder`, in file order."""
    records = []
    for path in sorted(glob.glob(os.path.join(folder, "*.avro"))):
        with open(path, "rb") as stream:
            records.extend(fastavro.reader(stream))
    return records


def read_outputs(output: str) -> tuple[list[dict], list[dict]]:
    """(cables, dead letters) written by a run into `output`."""
    return (read_avro_dir(os.path.join(output, "cables")),
            read_avro_dir(os.path.join(output, "dead_letter")))


@pytest.fixture
def output_dir(tmp_path):
    return str(tmp_path / "out")
