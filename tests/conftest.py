"""Shared test helpers: paths of the repo's fixtures and a reader of pipeline outputs."""
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
