"""`cable-ingest replay`: dead letters go round once more and stay accounted for."""
import glob
import os

import fastavro

import schemas
from conftest import DATA, SAMPLES, read_outputs
from pipeline.cli import main


def write_dead_letters(path, records):
    with open(path, "wb") as f:
        fastavro.writer(f, schemas.dead_letter_schema(), records)


def test_replay_turns_fixed_payloads_into_cables_and_keeps_history(tmp_path, capsys):
    first = str(tmp_path / "first")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("random-text.txt", "no-date-time-group.txt"):
        os.link(os.path.join(DATA, "invalid", name), inputs / name)
    assert main(["run", "--input", str(inputs / "*"), "--output", first]) == 0
    _, dead_letters = read_outputs(first)
    assert len(dead_letters) == 2

    # Somebody fixes one payload by hand (here: replaces it with a good cable).
    with open(os.path.join(SAMPLES, "06ALMATY2404.txt"), "rb") as f:
        fixed_payload = f.read()
    fixed = [dict(d, payload=fixed_payload) if d["error_type"] == "not_a_cable" else d
             for d in dead_letters]
    edited = tmp_path / "edited"
    edited.mkdir()
    write_dead_letters(edited / "dead.avro", fixed)

    second = str(tmp_path / "second")
    assert main(["replay", str(edited / "*.avro"), "--output", second]) == 0
    cables, again = read_outputs(second)
    assert [c["reference_id"] for c in cables] == ["06ALMATY2404"]
    (still_bad,) = again
    assert still_bad["attempt"] == 2 and still_bad["error_type"] == "missing_created"
    assert "attempt 1 failed at VALIDATE (missing_created)" in still_bad["details"]
    with open(os.path.join(DATA, "invalid", "no-date-time-group.txt"), "rb") as f:
        assert still_bad["payload"] == f.read()

    third = str(tmp_path / "third")
    assert main(["replay", os.path.join(second, "dead_letter", "*.avro"), "--output", third]) == 0
    _, (third_try,) = read_outputs(third)
    assert third_try["attempt"] == 3
    assert "attempt 1 failed" in third_try["details"] and "attempt 2 failed" in third_try["details"]


def test_replay_refuses_files_that_are_not_dead_letters(tmp_path, capsys):
    output = str(tmp_path / "out")
    assert main(["run", "--input", os.path.join(SAMPLES, "06ALMATY2404.txt"), "--output", output]) == 0
    (cable_file,) = glob.glob(os.path.join(output, "cables", "*.avro"))
    assert main(["replay", cable_file, "--output", str(tmp_path / "r")]) == 2
    assert "not cables.v1.DeadLetter" in capsys.readouterr().err


def test_a_replayed_duplicate_is_not_written_again(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a.txt", "b.txt"):
        os.link(os.path.join(SAMPLES, "06ALMATY2404.txt"), inputs / name)
    first = str(tmp_path / "first")
    assert main(["run", "--input", str(inputs / "*"), "--output", first]) == 0
    (copy,) = read_outputs(first)[1]
    assert copy["error_type"] == "duplicate"

    replayed = str(tmp_path / "replayed")  # no ledger to consult: it stays a duplicate
    assert main(["replay", os.path.join(first, "dead_letter", "*.avro"), "--output", replayed]) == 0
    cables, (again,) = read_outputs(replayed)
    assert cables == [] and (again["error_type"], again["attempt"]) == ("duplicate", 2)
    assert again["payload"] == copy["payload"]


def test_a_replay_into_the_output_its_dead_letters_are_in_is_refused(tmp_path, capsys):
    """`replay 'out/dead_letter/*.avro' --output out` replaced that output, as a full run does:
    its 11 cables were gone, an empty cable file in their place, without a word."""
    output = str(tmp_path / "out")
    assert main(["run", "--input", os.path.join(SAMPLES, "*"), "--output", output]) == 0
    before = read_outputs(output)
    capsys.readouterr()
    assert main(["replay", os.path.join(output, "dead_letter", "*.avro"), "--output", output]) == 2
    assert (f"--output {output!r} holds the dead letters to replay: a replay replaces its output"
            in capsys.readouterr().err)
    assert read_outputs(output) == before and len(before[0]) == 11
