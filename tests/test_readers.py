"""The Avro output is readable by other implementations: Apache `avro`, polars, pandas, fastavro.

Spark is not tested here: its Avro reader (spark-avro) is a Maven artifact, not installable from
the package registries this project uses; the schema keeps to what it reads (records, arrays,
unions with null, logical types; no maps).

Two kinds of file are read: the batch pipeline's (Beam's WriteToAvro) and the streaming
pipeline's windowed files (transforms.write.WriteWindowedAvro), which also must keep
the records of each window in that window's files.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone

import apache_beam as beam
import fastavro
import pandas
import polars
import pytest
from apache_beam.transforms.window import TimestampedValue
from avro.datafile import DataFileReader
from avro.io import DatumReader

import schemas
from pipeline import graph
from transforms.write import WriteWindowedAvro

# The bundled samples (real cables, an HTML page, a CSV dump, a broken input) are the inputs.
DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples")
# A cable whose collective addressee excludes a post (an XMT line): a nested array to read back.
XMT_CABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "valid",
                         "10SARAJEVO134.txt")
WINDOW_SECONDS = 60
EPOCH = datetime(2024, 1, 2, tzinfo=timezone.utc).timestamp()


@pytest.fixture(scope="module")
def batch_output(tmp_path_factory):
    output = str(tmp_path_factory.mktemp("readers") / "out")
    names = ("06ALMATY2404.txt", "08MUNICH355.txt", "09BRASILIA34.html", "09STATE14070.txt",
             "90CAPETOWN97.txt", "broken-not-a-cable.txt", "cables-5-rows.csv")
    inputs = [os.path.join(DATA, name) for name in names] + [XMT_CABLE]
    graph.run([f"--input={path}" for path in inputs] + [f"--output={output}"])
    return output


@pytest.fixture(scope="module")
def windowed_output(batch_output, tmp_path_factory):
    """Cables of the batch run rewritten by the streaming writer, alternately into two windows."""
    cables = _fastavro(_files(batch_output, "cables")[0])
    output = str(tmp_path_factory.mktemp("windowed"))
    stamped = [TimestampedValue(record, EPOCH + (i % 2) * WINDOW_SECONDS + 1)
               for i, record in enumerate(cables)]
    with beam.Pipeline(options=graph.make_options([])) as pipeline:
        (pipeline | beam.Create(stamped, reshuffle=False)
         | WriteWindowedAvro(output, "cables", "cable", WINDOW_SECONDS, "deflate"))
    by_window = {i % 2: set() for i in range(len(cables))}
    for i, record in enumerate(cables):
        by_window[i % 2].add(record["reference_id"])
    return output, by_window


def _files(folder, kind):
    return sorted(glob.glob(os.path.join(folder, kind, "*.avro")))


def _fastavro(path):
    with open(path, "rb") as stream:
        return list(fastavro.reader(stream))


def _apache_avro(path):
    with open(path, "rb") as stream:
        return list(DataFileReader(stream, DatumReader()))


def _polars(path):
    return polars.read_avro(path).to_dicts()


def _pandas_frame(path):
    """The README's way into pandas: fastavro's records as a DataFrame."""
    with open(path, "rb") as stream:
        return pandas.DataFrame(fastavro.reader(stream))


def _pandas(path):
    return _pandas_frame(path).to_dict("records")


def _plain(value):
    """A record as comparable plain values: instants as UTC ISO strings, dates as ISO dates."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _identity(record):
    """What must agree across readers: the input's hash and, for a cable, its id and date."""
    created = record.get("created")
    return (record["source"]["sha256"], record.get("reference_id"),
            created.astimezone(timezone.utc).isoformat() if created else None)


def _output_file(request, source, kind):
    if source == "windowed":
        folder, _ = request.getfixturevalue("windowed_output")
        return glob.glob(os.path.join(folder, "*.avro"))[0]
    return _files(request.getfixturevalue("batch_output"), kind)[0]


@pytest.mark.parametrize("reader, source, kind", [
    (_apache_avro, "batch", "cables"), (_apache_avro, "batch", "dead_letter"),
    (_apache_avro, "windowed", "cables"), (_polars, "batch", "dead_letter"),
    (_polars, "batch", "cables"), (_polars, "windowed", "cables"),
    (_pandas, "batch", "cables"), (_pandas, "batch", "dead_letter"),
])
def test_other_readers_read_what_fastavro_reads(request, reader, source, kind):
    path = _output_file(request, source, kind)
    expected = sorted(map(_identity, _fastavro(path)))
    assert expected
    assert sorted(map(_identity, reader(path))) == expected


@pytest.mark.parametrize("reader", [_apache_avro, _polars])
def test_whole_cable_records_agree_across_readers(batch_output, reader):
    """Every field, nested records and arrays included (recipients' `excluded` lists, the
    INFO addressees, paragraphs, references), reads the same as fastavro reads it."""
    path = _files(batch_output, "cables")[0]
    expected = {r["source"]["sha256"]: _plain(r) for r in _fastavro(path)}
    assert {r["source"]["sha256"]: _plain(r) for r in reader(path)} == expected
    excluded = [recipient["excluded"] for record in expected.values()
                for recipient in record["recipients"] + record["info_recipients"]]
    assert ["AMCONSUL STRASBOURG"] in excluded  # 10SARAJEVO134's XMT line
    assert sum(len(r["info_recipients"]) for r in expected.values()) > 10


def test_pandas_gets_one_column_per_field(batch_output):
    path = _files(batch_output, "cables")[0]
    frame = _pandas_frame(path)
    assert list(frame.columns) == [f["name"] for f in schemas.load_json("cable")["fields"]]
    assert len(frame) == len(_fastavro(path))
    names = {r["name"] for row in frame["info_recipients"] for r in row}
    assert "SECSTATE WASHDC" in names or len(names) > 5


# Files written before info_recipients had a record type of its own: their items are a reference
# to `Recipient` (the schema of that time is kept as a fixture).
OLD_SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                          "cable-v1-recipient-reference.avsc")


@pytest.fixture(scope="module")
def old_file(batch_output, tmp_path_factory):
    with open(OLD_SCHEMA, encoding="utf-8") as stream:
        old_schema = json.load(stream)
    records = _fastavro(_files(batch_output, "cables")[0])
    path = str(tmp_path_factory.mktemp("old") / "cables-old.avro")
    with open(path, "wb") as sink:
        fastavro.writer(sink, fastavro.parse_schema(old_schema), records, codec="snappy")
    return path, records


def test_files_written_with_the_old_schema_resolve_to_the_new_one(old_file):
    """fastavro resolves the old `Recipient` items to `InfoRecipient` through its alias."""
    path, records = old_file
    with open(path, "rb") as stream:
        back = list(fastavro.reader(stream, reader_schema=schemas.cable_schema()))
    assert [_plain(r) for r in back] == [_plain(r) for r in records]


def test_old_files_rewritten_as_the_readme_says_are_read_by_polars(old_file, tmp_path):
    path, records = old_file
    with pytest.raises(polars.exceptions.ComputeError):
        polars.read_avro(path)
    rewritten = str(tmp_path / "rewritten.avro")
    with open(path, "rb") as old, open(rewritten, "wb") as out:
        fastavro.writer(out, schemas.cable_schema(),
                        fastavro.reader(old, reader_schema=schemas.cable_schema()))
    assert [_plain(r) for r in _polars(rewritten)] == [_plain(r) for r in records]


def test_apache_avro_reads_old_files_with_their_own_schema(old_file):
    """Apache `avro` (Python) matches record types by full name only and ignores aliases, so it
    reads an old file with the schema the file carries; the records are the same."""
    path, records = old_file
    assert [_plain(r) for r in _apache_avro(path)] == [_plain(r) for r in records]


def test_apache_avro_reads_nested_records_arrays_and_logical_types(batch_output):
    records = {r["reference_id"]: r for r in _apache_avro(_files(batch_output, "cables")[0])}
    almaty = records["06ALMATY2404"]
    assert almaty["created"] == datetime(2006, 7, 7, 6, 53, tzinfo=timezone.utc)
    assert almaty["recipients"][0]["name"] == "SECSTATE WASHDC"
    assert almaty["tags"][:2] == ["PREL", "PGOV"]
    assert almaty["source"]["format"] == "TEXT"


def test_window_files_keep_each_window_apart(windowed_output):
    folder, by_window = windowed_output
    files = sorted(glob.glob(os.path.join(folder, "*.avro")))
    starts = sorted({os.path.basename(p).split("-")[1] for p in files})
    assert starts == ["20240102T000000Z", "20240102T000100Z"]
    for index, start in enumerate(starts):
        ids = {r["reference_id"] for p in files
               if os.path.basename(p).startswith(f"cables-{start}-") for r in _fastavro(p)}
        assert ids == by_window[index]



def _readme_python(heading: str) -> str:
    """The first ```python block of a README.md section."""
    with open(os.path.join(os.path.dirname(DATA), "README.md"), encoding="utf-8") as stream:
        text = stream.read()
    section = text[text.index(f"## {heading}\n"):]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_reading_code_reads_every_file_of_an_incremental_output(tmp_path):
    """A data engineer runs `cable-ingest run --incremental` on two days, then the README's
    reading code as written, in the folder of `out`. It named one file,
    `out/cables/cables-00000-of-00001.avro`, which an incremental output (one file per run) or
    a sharded Dataflow run does not have: FileNotFoundError on the first line. Now it reads every
    file, and its queries by field get typed values: every cable, UTC timestamps, lists."""
    from tests.doors import cable_ingest_in_process

    for day, names in enumerate([("75TEHRAN2069.txt", "09BRASILIA34.html"),
                                 ("06ALMATY2404.txt", "cables-5-rows.csv")]):
        drop = tmp_path / "drop" / f"day{day}"
        drop.mkdir(parents=True)
        for name in names:
            shutil.copy(os.path.join(DATA, name), drop)
        done = cable_ingest_in_process("run", "--incremental", "--input", "drop/**", "--output",
                                       "out", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    written = [record for path in _files(str(tmp_path / "out"), "cables")
               for record in _fastavro(path)]
    assert len(_files(str(tmp_path / "out"), "cables")) == 2
    check = """
import json
print(json.dumps({
    "ids": sorted(cables["reference_id"].to_list()),
    "frame_ids": sorted(frame["reference_id"].to_list()),
    "tehran_1975": tehran_1975["reference_id"].to_list(),
    "classifications": sorted(classifications["classification"].to_list()),
    "created": str(cables.schema["created"]), "tags": str(cables.schema["tags"]),
    "sections": str(frame["sections"].dtype), "frame_created": str(frame["created"].dtype),
    "citing": citing.height, "signed": signed.height,
}))
"""
    done = subprocess.run([sys.executable, "-c", _readme_python("Reading the output") + check],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    ids = sorted(record["reference_id"] for record in written)
    assert found["ids"] == found["frame_ids"] == ids and "06ALMATY2404" in ids
    assert found["tehran_1975"] == ["75TEHRAN2069"]
    assert found["classifications"] == sorted({record["classification"] for record in written})
    assert found["created"] == "Datetime(time_unit='us', time_zone='UTC')"
    assert found["tags"] == "List(String)"
    assert found["sections"] == "Int64" and found["frame_created"] == "datetime64[us, UTC]"
    assert found["citing"] == sum(any(ref["reference_id"] == "75TEHRAN2069"
                                      for ref in record["references"]) for record in written)
    assert found["signed"] == sum(any(name.upper() == "BEYRLE" for name in record["signed_by"])
                                  for record in written)
