"""Avro written from pre-encoded datums: the same files as fastavro writes, readable by all.

A valid cable is encoded once, by validation (`EncodedCable.avro`); the writer appends those bytes.
"""
import glob
import io
import os
import pickle

import fastavro
import polars
import pytest
from avro.datafile import DataFileReader
from avro.io import DatumReader

import schemas
from pipeline import graph
from transforms.ingest import CABLE, ingest
from transforms.records import TEXT, RawInput
from transforms.validate import EncodedCable, encode
from transforms.write import AvroBlockWriter

SAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples")
CODECS = ("null", "deflate", "snappy", "zstandard")
POLARS_CODECS = ("null", "deflate", "snappy")  # polars 2.1 does not read zstandard (README says so)
SYNC = bytes(range(16))


@pytest.fixture(scope="module")
def cables():
    """The sample text cables through the real ingest steps, each block-sized file a few times."""
    records = []
    for path in sorted(glob.glob(os.path.join(SAMPLES, "*.txt"))):
        with open(path, "rb") as stream:
            kind, record = ingest(RawInput(path, TEXT, stream.read()))
        if kind == CABLE:
            records.append(record)
    assert len(records) >= 5
    return records * 4  # past 16,000 bytes: several blocks


def test_validation_hands_over_the_encoding(cables):
    for record in cables:
        assert isinstance(record, EncodedCable) and isinstance(record, dict)
        assert record.avro == encode(dict(record))
        assert fastavro.schemaless_reader(io.BytesIO(record.avro), schemas.cable_schema()) == record


@pytest.mark.parametrize("codec", CODECS)
def test_pre_encoded_file_is_byte_for_byte_fastavros(cables, codec):
    expected = io.BytesIO()
    fastavro.writer(expected, schemas.cable_schema(), cables, codec=codec, sync_marker=SYNC)
    written = io.BytesIO()
    writer = AvroBlockWriter(written, schemas.cable_schema(), codec, sync_marker=SYNC)
    for record in cables:
        writer.write(record)
    writer.flush()
    assert written.getvalue() == expected.getvalue()
    assert len(list(fastavro.block_reader(io.BytesIO(written.getvalue())))) > 1


def test_plain_and_encoded_records_mix_in_one_file(cables, tmp_path):
    """A record rebuilt by a later stage (a plain dict) is encoded by the writer itself."""
    changed = {**cables[0], "warnings": ["added later"]}
    assert not hasattr(changed, "avro")
    path = str(tmp_path / "mixed.avro")
    with open(path, "wb") as stream:
        writer = AvroBlockWriter(stream, schemas.cable_schema(), "snappy")
        for record in [changed, *cables[1:3]]:
            writer.write(record)
        writer.flush()
    with open(path, "rb") as stream:
        back = list(fastavro.reader(stream))
    assert back[0]["warnings"] == ["added later"] and back[1:] == cables[1:3]
    with open(path, "rb") as stream:
        assert len(list(DataFileReader(stream, DatumReader()))) == 3
    assert polars.read_avro(path).height == 3


def test_encoding_travels_between_processes(cables):
    """Beam pickles an EncodedCable between worker processes: the bytes go with it, and they
    alone (the fields are decoded from them)."""
    for cable in cables:
        pickled = pickle.dumps(cable)
        back = pickle.loads(pickled)
        assert type(back) is EncodedCable and back == cable and back.avro == cable.avro
        assert len(pickled) < len(cable.avro) + 200


@pytest.mark.parametrize("codec", CODECS)
def test_pipeline_files_read_back_in_every_codec(tmp_path, codec):
    output = str(tmp_path / "out")
    graph.run([f"--input={SAMPLES}/*", f"--output={output}", f"--codec={codec}"])
    path = glob.glob(os.path.join(output, "cables", "*.avro"))[0]
    with open(path, "rb") as stream:
        reader = fastavro.reader(stream)
        assert reader.codec == codec
        records = list(reader)
    assert len(records) >= 8
    if codec in POLARS_CODECS:
        assert polars.read_avro(path).height == len(records)
    else:
        with pytest.raises(polars.exceptions.ComputeError, match="unsupported Avro codec"):
            polars.read_avro(path)
    with open(path, "rb") as stream:
        assert len(list(DataFileReader(stream, DatumReader()))) == len(records)


def _temporaries(folder, count):
    paths = []
    for index in range(count):
        path = os.path.join(folder, f"tmp-{index}")
        with open(path, "wb") as stream:
            stream.write(b"shard %d" % index)
        paths.append((index, path))
    return paths


def _name(written, folder, num_shards=2):
    from transforms.write import _name_shards
    return list(_name_shards(None, written, os.path.join(folder, "cables"), "cable", "null",
                             num_shards))


def _contents(paths):
    return [open(path, "rb").read() for path in paths]


def test_shards_are_named_in_one_go_and_a_retried_step_finds_them_named(tmp_path):
    written = _temporaries(tmp_path, 2)
    finals = _name(written, tmp_path)
    assert [os.path.basename(path) for path in finals] == [
        "cables-00000-of-00002.avro", "cables-00001-of-00002.avro"]
    assert _contents(finals) == [b"shard 0", b"shard 1"]
    assert not any(os.path.exists(path) for _, path in written)
    assert _name(written, tmp_path) == finals and _contents(finals) == [b"shard 0", b"shard 1"]


def test_a_step_retried_halfway_renames_what_is_left(tmp_path):
    written = _temporaries(tmp_path, 2)
    os.rename(written[0][1], tmp_path / "cables-00000-of-00002.avro")  # the first attempt's work
    assert _contents(_name(written, tmp_path)) == [b"shard 0", b"shard 1"]


def test_a_lost_temporary_file_is_an_error_not_a_missing_shard(tmp_path):
    from apache_beam.io.filesystem import BeamIOError
    written = _temporaries(tmp_path, 2)
    os.remove(written[1][1])
    with pytest.raises(BeamIOError):
        _name(written, tmp_path)


def test_an_empty_shard_is_a_file_with_the_header_alone(tmp_path):
    finals = _name(_temporaries(tmp_path, 1), tmp_path, num_shards=2)
    assert _contents(finals[:1]) == [b"shard 0"]
    with open(finals[1], "rb") as stream:
        assert list(fastavro.reader(stream)) == []


def test_all_shards_are_renamed_by_one_call(tmp_path, monkeypatch):
    """One rename call for the lot: on Cloud Storage a call per file costs round trips."""
    from apache_beam.io.filesystems import FileSystems
    calls, rename = [], FileSystems.rename
    monkeypatch.setattr(FileSystems, "rename",
                        lambda sources, destinations: (calls.append(len(sources)),
                                                       rename(sources, destinations)))
    _name(_temporaries(tmp_path, 3), tmp_path, num_shards=3)
    assert calls == [3]
