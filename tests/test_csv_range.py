"""Byte ranges of a CSV dump: ranges that tile the file yield every row exactly once."""
import io
import os

import pytest

from conftest import SAMPLES
from transforms import formats

DUMP = os.path.join(SAMPLES, "cables-5-rows.csv")


def dump_bytes():
    with open(DUMP, "rb") as f:
        return f.read()


def rows_by_ranges(data: bytes, range_bytes: int):
    stream = io.BytesIO(data)
    found = []
    for start in range(0, len(data), range_bytes):
        end = min(start + range_bytes, len(data))
        found.extend(formats.iter_csv_range(stream, start, end))
    return found


@pytest.mark.parametrize("range_bytes", [13, 100, 4093, 10_000, 10**9])
def test_ranges_tiling_the_file_yield_each_row_once(range_bytes):
    data = dump_bytes()
    whole = list(formats.iter_csv_rows(io.BytesIO(data)))
    ranged = rows_by_ranges(data, range_bytes)
    assert [r.row.raw for r in ranged] == [r.raw for r in whole]
    assert b"".join(r.row.raw for r in ranged) == data
    assert [r.number for r in ranged] == [1, 2, 3, 4, 5]
    assert [r.offset for r in ranged] == [data.index(r.raw) for r in whole]


def test_a_broken_row_in_a_range_is_one_error_and_the_next_rows_survive():
    data = dump_bytes()
    third = data.index(b'\n"3","') + 1
    broken = data[:third] + b'"3","1/1/2005 10:00","05X1","Embassy X","SECRET","","HEAD \\"\n' + data[third:]
    ranged = rows_by_ranges(broken, 3000)
    assert [r.number for r in ranged] == [1, 2, 3, 3, 4, 5]
    assert [bool(r.row.error_code) for r in ranged] == [False, False, True, False, False, False]
    assert b"".join(r.row.raw for r in ranged) == broken


def test_a_range_with_no_row_start_yields_nothing():
    data = dump_bytes()
    second = data.index(b'\n"2","') + 1
    assert list(formats.iter_csv_range(io.BytesIO(data), 10, second - 5)) == []


def test_a_row_with_a_field_longer_than_the_csv_modules_default_limit_is_read():
    body = "PARAGRAPH TEXT. " * 20_000  # 320,000 characters: real cables run this long
    row = f'"1","1/1/2005 10:00","05ANKARA1","Embassy Ankara","SECRET","","HEADER","{body}"\n'
    (read,) = formats.iter_csv_rows(io.BytesIO(row.encode()))
    assert read.error_code is None and read.fields[7] == body


def test_planned_reads_batch_small_files_and_keep_each_range_alone(tmp_path):
    from apache_beam.io.filesystem import FileMetadata

    from transforms.read import READ_BATCH_FILES, PlanReadsFn, ReadBatch, ReadTask

    small = [FileMetadata(str(tmp_path / f"cable-{index}.txt"), 1_000)
             for index in range(2 * READ_BATCH_FILES + 5)]
    large = FileMetadata(DUMP, len(dump_bytes()))
    plan = PlanReadsFn(range_bytes=1_000, batch=True)
    plan.start_bundle()
    batches = [item for metadata in small[:70] + [large] + small[70:]
               for item in plan.process(metadata)]
    batches += [item.value for item in plan.finish_bundle()]
    assert all(isinstance(batch, ReadBatch) for batch in batches)
    tasks = [task for batch in batches for task in batch.tasks]
    assert sorted(task.path for task in tasks if task.start is None) == sorted(
        metadata.path for metadata in small)  # every small file once
    ranges = [batch.tasks for batch in batches if batch.tasks[0].start is not None]
    assert all(len(alone) == 1 for alone in ranges)
    assert [alone[0].start for alone in ranges] == list(range(0, large.size_in_bytes, 1_000))
    assert max(len(batch.tasks) for batch in batches) == READ_BATCH_FILES
    assert len(batches) == len(ranges) + 3
    # Without `batch` (the streaming read), each task is its own element, as before.
    plan = PlanReadsFn(range_bytes=1_000)
    plan.start_bundle()
    assert list(plan.process(small[0])) == [ReadTask(small[0].path, 1_000)]


@pytest.mark.parametrize("range_bytes", ["4096", "33554432"])
def test_a_dump_starting_with_a_byte_order_mark_keeps_its_first_row_number(tmp_path, range_bytes):
    """A dump saved with a UTF-8 byte-order mark (Excel, Notepad): its first row was written
    with `row` null and the uri `DUMP#offset=0`, as a row whose number cannot be read, though
    the row is read well. Every row keeps its number and the dump's uri, read whole or in
    ranges; the first row's payload keeps the mark (its exact bytes)."""
    import json

    from conftest import read_outputs
    from pipeline.cli import main

    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "cables.csv").write_bytes(b"\xef\xbb\xbf" + dump_bytes())
    output = tmp_path / "out"
    assert main(["run", "--input", str(drop / "*"), "--output", str(output),
                 "--csv_range_bytes", range_bytes]) == 0
    cables, dead_letters = read_outputs(str(output))
    assert not dead_letters
    assert sorted((c["source"]["uri"], c["source"]["row"]) for c in cables) == [
        (str(drop / "cables.csv"), row) for row in range(1, 6)]
    with open(output / "_SUMMARY.json", encoding="utf-8") as stream:
        assert json.load(stream)["accounted"]


@pytest.mark.parametrize("range_bytes", [None, 4093])
def test_a_dump_with_cr_only_line_ends_gives_the_rows_of_its_lf_copy(tmp_path, range_bytes):
    """A dump saved with classic-Mac line ends (CR only) was not cut into rows (rows start after
    a `\\n`): one bad_csv_row dead letter for the whole file. Its rows are now read as those of
    the same dump with LF line ends, whole or in ranges (as Dataflow's workers share a large
    dump), through the command; each dead letter or record keeps its own bytes."""
    import subprocess
    import sys

    from conftest import read_outputs

    lf = dump_bytes().replace(b"\r\n", b"\n")
    outputs = {}
    for name, data in (("lf", lf), ("cr", lf.replace(b"\n", b"\r"))):
        (tmp_path / f"{name}.csv").write_bytes(data)
        ranges = [] if range_bytes is None else [f"--csv_range_bytes={range_bytes}"]
        done = subprocess.run([sys.executable, "-m", "pipeline", "run", "--input",
                               str(tmp_path / f"{name}.csv"), "--output", str(tmp_path / name),
                               *ranges], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        cables, dead_letters = read_outputs(str(tmp_path / name))
        assert dead_letters == []
        outputs[name] = sorted((c["reference_id"], c["source"]["row"], c["body"], c["subject"])
                               for c in cables)
    assert len(outputs["lf"]) == 5 and outputs["cr"] == outputs["lf"]


@pytest.mark.parametrize("range_bytes", [None, 1_000])
def test_a_row_over_the_cap_is_one_input_and_one_dead_letter_through_the_command(tmp_path,
                                                                                   range_bytes):
    """`cable-ingest run` over a dump with a row over --max_input_bytes (row 4, 14,762 bytes,
    against a cap of 9,000), read whole or in byte ranges of 1,000 bytes: the row is one input
    and one `too_large` dead letter whose payload is its first 9,000 bytes, with the whole
    row's size and sha256, said in its message. Before, the whole file gave one dead letter
    (and one input) per piece of the row; read by ranges, the pieces that began past the
    range's end were read by no range, those bytes in no dead letter."""
    import hashlib
    import json
    import subprocess

    import fastavro

    from doors import cable_ingest_command

    data = dump_bytes()
    rows = [r.raw for r in formats.iter_csv_rows(io.BytesIO(data))]
    big = rows[3]
    assert len(big) > 9_000 and all(len(row) <= 9_000 for row in rows[:3] + rows[4:])
    output = tmp_path / "out"
    argv = cable_ingest_command() + ["run", "--input", DUMP, "--output", str(output),
                                     "--max_input_bytes", "9000"]
    if range_bytes:
        argv += ["--csv_range_bytes", str(range_bytes)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads((output / "_SUMMARY.json").read_text())
    assert summary["inputs"] == 5 == summary["cables"] + summary["dead_letters"]
    letters = [record for path in sorted((output / "dead_letter").glob("*.avro"))
               for record in fastavro.reader(path.open("rb"))]
    (letter,) = [record for record in letters if record["error_type"] == "too_large"]
    assert (letter["stage"], letter["source"]["row"]) == ("READ", 4)
    assert letter["payload"] == big[:9_000]
    assert letter["source"]["size"] == len(big)
    assert letter["source"]["sha256"] == hashlib.sha256(big).hexdigest()
    assert letter["error_message"].startswith(f"a row of {len(big):,} bytes")
    assert "the payload holds its first 9,000 bytes" in letter["error_message"]


# --- a row whose start is damaged is glued to the row before it --------------------------------
# Rows are cut at row starts (`"<number>","<M/D/YYYY HH:MM>",`); a row whose start is damaged
# starts no cut, so it was read with the row before it as ONE `bad_csv_row` ("expected one CSV
# record, found 2"): the well-formed row was lost with it, the file counted a row short.

def date_damaged(raw):  # "2","5/12/1986 17:05" -> "2","notadate 5/12/1986 17:05"
    return raw.replace(b'","', b'","notadate ', 1)


def number_damaged(raw):  # "2" -> "2x"
    return raw.replace(b'",', b'x",', 1)


def number_unquoted(raw):  # "2" -> 2" (its opening quote lost: no longer eight quoted fields)
    return raw[1:]


NUMBER_DAMAGES = (number_damaged, number_unquoted)  # the row's number cannot be read


def date_damaged_and_unclosed(raw):  # the date, and the body's closing quote lost
    return date_damaged(raw).rstrip(b'"\r\n') + b"\n"


def dump_rows():
    return [row.raw for row in formats.iter_csv_rows(io.BytesIO(dump_bytes()))]


DAMAGED_STARTS = {
    # name: ({row index: damage}, [(row indices of one input, its error code)] in file order)
    "date of row 2": ({1: date_damaged}, [((0,), None), ((1,), "not_a_csv_row"), ((2,), None),
                                          ((3,), None), ((4,), None)]),
    "number of row 2": ({1: number_damaged}, [((0,), None), ((1,), "not_a_csv_row"),
                                              ((2,), None), ((3,), None), ((4,), None)]),
    "unquoted number of row 3": ({2: number_unquoted}, [((0,), None), ((1,), None),
                                                        ((2,), "not_a_csv_row"), ((3,), None),
                                                        ((4,), None)]),
    "date of the first row": ({0: date_damaged}, [((0,), "not_a_csv_row"), ((1,), None),
                                                  ((2,), None), ((3,), None), ((4,), None)]),
    "date of the last row": ({4: date_damaged}, [((0,), None), ((1,), None), ((2,), None),
                                                 ((3,), None), ((4,), "not_a_csv_row")]),
    "rows 2 and 3": ({1: date_damaged, 2: number_damaged},
                     [((0,), None), ((1,), "not_a_csv_row"), ((2,), "not_a_csv_row"),
                      ((3,), None), ((4,), None)]),
    "rows 1 and 2": ({0: number_damaged, 1: date_damaged},
                     [((0,), "not_a_csv_row"), ((1,), "not_a_csv_row"), ((2,), None),
                      ((3,), None), ((4,), None)]),
    "rows 4 and 5": ({3: number_damaged, 4: date_damaged},
                     [((0,), None), ((1,), None), ((2,), None), ((3,), "not_a_csv_row"),
                      ((4,), "not_a_csv_row")]),
    # Records that do not read as rows stay together (one damaged row may read as several); the
    # rows that read around them are still read.
    "row 2 unclosed, row 3 unquoted": ({1: date_damaged_and_unclosed, 2: number_unquoted},
                                       [((0,), None), ((1, 2), "not_a_csv_row"), ((3,), None),
                                        ((4,), None)]),
}
LINE_ENDS = {"LF": b"\n", "CRLF": b"\r\n", "CR": b"\r"}


def damaged_dump(name, line_end=b"\n"):
    """(the dump's bytes, [(bytes, error code, row number)] of each input it must give)."""
    damages, expected = DAMAGED_STARTS[name]
    rows = [damages.get(index, lambda raw: raw)(raw).replace(b"\n", line_end)
            for index, raw in enumerate(dump_rows())]
    inputs = [(b"".join(rows[index] for index in indices), code,
               None if damages.get(indices[0]) in NUMBER_DAMAGES else indices[0] + 1)
              for indices, code in expected]
    return b"".join(rows), inputs


@pytest.mark.parametrize("line_end", LINE_ENDS.values(), ids=LINE_ENDS.keys())
@pytest.mark.parametrize("name", DAMAGED_STARTS)
def test_a_row_whose_start_is_damaged_is_a_row_of_its_own(name, line_end):
    """Each row is a row of its own, read whole: the well-formed ones read, as those of the
    dump undamaged, each damaged one an error row with its own bytes and position that says
    what its start lacks."""
    data, inputs = damaged_dump(name, line_end)
    rows = list(formats.iter_csv_rows(io.BytesIO(data)))
    assert [(row.raw, row.error_code) for row in rows] == [(raw, code) for raw, code, _ in inputs]
    assert [row.row for row in rows] == list(range(1, len(inputs) + 1))
    undamaged = dump_bytes().replace(b"\n", line_end)
    clean = {row.raw: row.fields for row in formats.iter_csv_rows(io.BytesIO(undamaged))}
    for row in rows:
        if row.error_code is None:
            assert row.fields == clean[row.raw]
        else:
            assert row.fields is None
            assert row.error.startswith('does not start like a row ("<number>","<M/D/YYYY HH:MM>"')


@pytest.mark.parametrize("damage, message", [
    (date_damaged, "its date field is 'notadate 5/12/1986 17:05', not M/D/YYYY HH:MM; it begins "
                   "b'\"2\",\"notadate 5/12/1986 17:05\",\"86MADRID5480\",\"Embassy Madri'"),
    (number_damaged, "its number field is '2x', not a row number; it begins "
                     "b'\"2x\",\"5/12/1986 17:05\",\"86MADRID5480\",\"Embassy Madrid\",\"SECR'"),
    (lambda raw: raw.replace(b'"2",', b"2,", 1),
     "its number and date fields are not quoted as a row's, at the start of a line; it begins "
     "b'2,\"5/12/1986 17:05\",\"86MADRID5480\",\"Embassy Madrid\",\"SECRET\"'"),
    (lambda raw: b" " + raw,
     "its number field is ' \"2\"', not a row number; it begins "
     "b' \"2\",\"5/12/1986 17:05\",\"86MADRID5480\",\"Embassy Madrid\",\"SECR'"),
], ids=["date", "number", "unquoted", "indented"])
def test_a_damaged_row_start_says_what_it_lacks(damage, message):
    first, second = dump_rows()[:2]
    rows = list(formats.iter_csv_rows(io.BytesIO(first + damage(second))))
    assert [row.error_code for row in rows] == [None, "not_a_csv_row"]
    assert rows[1].error == ('does not start like a row ("<number>","<M/D/YYYY HH:MM>",...): '
                             + message)


@pytest.mark.parametrize("name", DAMAGED_STARTS)
def test_byte_ranges_read_a_row_whose_start_is_damaged_once(name):
    """Ranges tiling the dump, of any size or cut anywhere near a damaged row, read each row
    exactly once, with its dump's row number (None: its number is damaged) and its offset: a
    damaged row goes with the range of the row it is glued to, wherever it lies."""
    data, inputs = damaged_dump(name)
    offsets = [sum(len(raw) for raw, _, _ in inputs[:index]) for index in range(len(inputs))]
    tilings = [list(range(0, len(data), size)) for size in (13, 100, 997, 4093, 10**9)]
    tilings += [[0, cut] for offset in offsets for cut in range(offset - 2, offset + 3)
                if 0 < cut < len(data)]
    tilings += [[0] + offsets[1:]]  # a range for each row
    for starts in tilings:
        ranged = []
        for start, end in zip(starts, starts[1:] + [len(data)]):
            ranged.extend(formats.iter_csv_range(io.BytesIO(data), start, end))
        assert [(r.row.raw, r.row.error_code, r.number) for r in ranged] == inputs, starts
        assert [r.offset for r in ranged] == offsets, starts


@pytest.mark.parametrize("range_bytes", [None, 1_000])
@pytest.mark.parametrize("name", ["date of row 2", "number of row 2", "rows 4 and 5"])
def test_a_row_whose_start_is_damaged_is_one_dead_letter_through_the_command(tmp_path, name,
                                                                               range_bytes):
    """`cable-ingest run` over the dump, read whole or in byte ranges: 5 inputs for 5 rows, each
    well-formed row a cable at its row, each damaged one a READ dead letter holding its own
    bytes, at its row (a damaged number: at its offset); the replay of that dead letter reads
    exactly its row's bytes, as one row checked as the run checked it: it fails again the same
    way, `not_a_csv_row` (before 2026-12-07 its start went unchecked and it became a cable; the
    replay of the older dead letter failed again as two records)."""
    import json

    from conftest import read_outputs
    from pipeline.cli import main

    data, inputs = damaged_dump(name)
    dump = tmp_path / "cables.csv"
    dump.write_bytes(data)
    ranges = [] if range_bytes is None else ["--csv_range_bytes", str(range_bytes)]
    assert main(["run", "--input", str(dump), "--output", str(tmp_path / "out"), *ranges]) == 0
    summary = json.loads((tmp_path / "out" / "_SUMMARY.json").read_text())
    assert (summary["inputs"], summary["accounted"]) == (5, True)
    assert summary["cables"] == sum(code is None for _, code, _ in inputs)
    cables, dead_letters = read_outputs(str(tmp_path / "out"))
    assert sorted(c["source"]["row"] for c in cables) == sorted(
        number for _, code, number in inputs if code is None)
    damaged = [(raw, number, sum(len(r) for r, _, _ in inputs[:index]))
               for index, (raw, code, number) in enumerate(inputs) if code]
    assert sorted((d["payload"], d["source"]["row"], d["source"]["uri"]) for d in dead_letters) \
        == sorted((raw, number, str(dump) + ("" if number else f"#offset={offset}"))
                  for raw, number, offset in damaged)
    assert {(d["stage"], d["error_type"]) for d in dead_letters} == {("READ", "not_a_csv_row")}
    assert main(["replay", str(tmp_path / "out" / "dead_letter" / "*.avro"),
                 "--output", str(tmp_path / "replayed")]) == 0
    again, still_dead = read_outputs(str(tmp_path / "replayed"))
    assert not again
    assert sorted((d["payload"], d["error_type"], d["error_message"], d["attempt"])
                  for d in still_dead) == sorted(
        (d["payload"], d["error_type"], d["error_message"], 2) for d in dead_letters)
    assert {d["source"]["uri"] for d in still_dead} == {d["source"]["uri"] for d in dead_letters}
