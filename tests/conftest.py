"""Shared test helpers: paths of the repo's fixtures and a reader of pipeline outputs."""
import glob
import os

import fastavro
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(REPO, "tests", "data")
SAMPLES = os.path.join(REPO, "samples")


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
