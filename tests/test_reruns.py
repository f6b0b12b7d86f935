"""Reruns and duplicates: deterministic outputs, no stale or partial files, copies written once."""
import glob
import json
import os
import re
import shutil
import time
import zipfile
from typing import NamedTuple

import fastavro
import pytest

from conftest import DATA, SAMPLES, read_outputs
from pipeline import graph
from transforms.dedupe import (ALREADY, COPY_OF, DUPLICATE, WRITE_WITH_WARNING, CableEntry, Copy,
                              Decision, SettleStagedFn, StageCablesFn, apply, content_hash,
                              decide, entry_of)
from transforms.ingest import CABLE, ingest
from transforms.records import DEAD_LETTER, TEXT, RawInput, utc_now

SEED = os.path.join(SAMPLES, "06ALMATY2404.txt")


def run(inputs, output, *extra):
    return graph.run(["--input", str(inputs), "--output", str(output), *extra])


def avro_files(output):
    return sorted(os.path.relpath(p, output) for p in glob.glob(os.path.join(output, "**", "*.avro"),
                                                                recursive=True))


def without_run_times(records):
    drop = ("ingested_at", "failed_at")
    return sorted((json.dumps({k: v for k, v in r.items() if k not in drop}, sort_keys=True, default=str)
                   for r in records))


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("06ALMATY2404.txt", "09STATE14070.txt", "75TEHRAN2069.txt", "broken-not-a-cable.txt"):
        shutil.copy(os.path.join(SAMPLES, name), folder)
    return folder


def test_same_input_gives_same_records_in_same_files(inputs, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    run(inputs / "*", first)
    run(inputs / "*", second)
    assert avro_files(first) == avro_files(second)
    for got, want in zip(read_outputs(str(first)), read_outputs(str(second))):
        assert without_run_times(got) == without_run_times(want)


def test_rerun_with_another_shard_count_replaces_and_leaves_nothing_stale(inputs, tmp_path):
    output = tmp_path / "out"
    run(inputs / "*", output, "--num_shards=3")
    assert len(glob.glob(str(output / "cables" / "*.avro"))) == 3
    three_shards = read_outputs(str(output))
    summary = run(inputs / "*", output, "--num_shards=1")
    # The staged cable files were combined into 3, each cable once: the same records.
    assert without_run_times(three_shards[0]) == without_run_times(read_outputs(str(output))[0])
    assert avro_files(output) == ["cables/cables-00000-of-00001.avro",
                                  "dead_letter/dead_letters-00000-of-00001.avro"]
    cables, dead_letters = read_outputs(str(output))
    assert len(cables) + len(dead_letters) == summary.inputs == 4  # replaced, not duplicated
    assert sorted(summary.files) == sorted(str(output / f) for f in avro_files(output))


def test_a_killed_run_leaves_no_visible_partial_file_and_a_rerun_completes(inputs, tmp_path):
    output = tmp_path / "out"
    run(inputs / "*", output)
    before = avro_files(output)
    # What a run killed mid-way leaves: a staging folder with a half-written file.
    killed = output / ".staging-killed" / "cables"
    killed.mkdir(parents=True)
    (killed / "cables-00000-of-00001.avro").write_bytes(b"Obj\x01 half a file")
    # Untouched for longer than --lock_stale_hours: nobody is writing there any more.
    day_ago = time.time() - 24 * 3600
    os.utime(killed / "cables-00000-of-00001.avro", (day_ago, day_ago))
    assert avro_files(output) == before  # the partial file is not among the outputs
    read_outputs(str(output))  # and every visible output file reads whole
    summary = run(inputs / "*", output)
    assert not os.path.exists(output / ".staging-killed")
    assert avro_files(output) == before and summary.accounted


def test_a_run_leaves_the_staging_folder_of_a_run_still_writing(inputs, tmp_path):
    output = tmp_path / "out"
    running = output / ".staging-20261204T000000Z-other" / "cables"
    running.mkdir(parents=True)
    (running / "cables-00000-of-00001.avro").write_bytes(b"Obj\x01 being written")
    summary = run(inputs / "*", output)
    assert summary.accounted
    assert (running / "cables-00000-of-00001.avro").read_bytes() == b"Obj\x01 being written"


def test_copies_of_a_cable_are_written_once_and_others_dead_lettered(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEED, folder / name)
    summary = run(folder / "*", tmp_path / "out")
    cables, dead_letters = read_outputs(str(tmp_path / "out"))
    assert [os.path.basename(c["source"]["uri"]) for c in cables] == ["a.txt"]
    assert sorted(os.path.basename(d["source"]["uri"]) for d in dead_letters) == ["b.txt", "c.txt"]
    with open(SEED, "rb") as f:
        payload = f.read()
    for dead in dead_letters:
        assert (dead["stage"], dead["error_type"]) == ("VALIDATE", "duplicate")
        assert dead["payload"] == payload and "a.txt" in dead["error_message"]
    assert (summary.inputs, summary.cables, summary.dead_letters) == (3, 1, 2) and summary.accounted


def test_one_id_with_different_contents_keeps_both_with_warnings(tmp_path):
    """Two versions of one id in one run: each is written with the warning naming the other,
    each counted (`other_versions_kept`, the warning's kind) and the report says so."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    with open(SEED) as f:
        (folder / "b.txt").write_text(f.read().replace("Otan and Asar", "Otan and Nur Otan"))
    done = cable_ingest("run", "--input", str(folder / "*"), "--output", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr[-600:]
    cables, dead_letters = read_outputs(str(tmp_path / "out"))
    assert dead_letters == [] and len(cables) == 2
    for cable in cables:
        other = "b.txt" if cable["source"]["uri"].endswith("a.txt") else "a.txt"
        assert any("different cable" in w and other in w for w in cable["warnings"])
    summary = json.loads((tmp_path / "out" / "_SUMMARY.json").read_text())
    assert summary["other_versions_kept"] == 2
    warnings = summary["quality"]["warnings"]
    kinds = {row["kind"]: row["count"] for row in warnings["by_kind"]}
    assert kinds["reference id ID also names a different cable"] == 2
    assert warnings["cables_with_warnings"] >= 2
    assert "2 cables written beside another version of their reference id" in (
        tmp_path / "out" / "_REPORT.html").read_text()


class Settled(NamedTuple):
    """What becomes of the cables of one reference id."""

    written: list  # (record, CableEntry): to write, conflict warnings added
    duplicates: list  # dead letters of the copies
    already_ingested: int  # copies of a content the ledger holds


def settle(cables, known=(), has_ledger=False) -> Settled:
    """`decide` and `apply` on one reference id's (record, raw input) pairs, in memory: the
    stage's rules without the spill files."""
    pairs, cables = list(cables), {}  # at -> (Copy, record, raw input)
    for at, (record, raw) in enumerate(pairs):
        cables[(at,)] = (Copy(entry_of(record), (at,), raw.last_error == DUPLICATE), record, raw)
    written_copies, decisions = decide([copy for copy, _, _ in cables.values()], known,
                                       has_ledger)
    outcomes = {at: apply(decisions.get(at), raw, record)
                for at, (copy, record, raw) in cables.items()}
    written = [(outcomes[copy.at].record, copy.entry) for copy in written_copies]
    # In the order the rules made them (decisions keep it).
    duplicates = [outcomes[at].record for at in decisions
                  if outcomes[at] is not None and outcomes[at].kind == DEAD_LETTER]
    already = sum(decision.kind == ALREADY for decision in decisions.values())
    return Settled(written, duplicates, already)


def _entry(uri, content, row=None):
    return CableEntry("06ALMATY2404", content, uri, row)


def _cable(uri, body, row=None):
    record = {"reference_id": "06ALMATY2404", "body": body, "warnings": [],
              "source": {"uri": uri, "row": row, "format": "TEXT", "sha256": "", "size": 0}}
    return record, RawInput(uri, "TEXT", body.encode(), row)


@pytest.mark.parametrize("cables, known, written, duplicates, already", [
    ([("a", "x")], [], ["a"], [], 0),
    ([("b", "x"), ("a", "x")], [], ["a"], ["b"], 0),
    ([("a", "x"), ("b", "y")], [], ["a", "b"], [], 0),
    ([("b", "x"), ("a", "x")], [("z", "x")], [], [], 2),  # the ledger holds it: not again
    ([("a", "y")], [("z", "x")], ["a"], [], 0),  # a new version of a known cable
    ([("z", "y")], [("z", "x")], ["z"], [], 0),  # ... in the same file (it named nothing)
])
def test_settle(cables, known, written, duplicates, already):
    known_entries = [_entry(uri, content_hash({"body": body})) for uri, body in known]
    settled = settle([_cable(uri, body) for uri, body in cables], known_entries)
    assert [entry.uri for _, entry in settled.written] == written
    assert [d["source"]["uri"] for d in settled.duplicates] == duplicates
    assert settled.already_ingested == already
    for dead in settled.duplicates:
        assert dead["error_type"] == DUPLICATE and "same cable as a " in dead["error_message"]
        assert dead["payload"] == b"x"
    if known and written:  # the earlier version is named (as this file's, when it is)
        earlier = ("z (an earlier run's version of this file)" if written == ["z"]
                   else "z (an earlier run's)")
        assert any(w.endswith(f"also names a different cable: {earlier}")
                   for w in settled.written[0][0]["warnings"])


def test_versions_of_one_file_in_two_runs_and_another_file_are_each_named_once():
    known = [_entry("z", content_hash({"body": "x"})), _entry("z", content_hash({"body": "w"}))]
    settled = settle([_cable("a", "y"), _cable("b", "v")], known)
    (warning,) = settled.written[0][0]["warnings"]
    assert warning.endswith("also names a different cable: b, z (an earlier run's)")


def test_copies_in_one_dump_with_repeated_row_numbers_keep_one():
    settled = settle([_cable("d.csv", "x", 2), _cable("d.csv", "x", 2)])
    assert len(settled.written) == 1 and len(settled.duplicates) == 1
    assert "same cable as d.csv row 2" in settled.duplicates[0]["error_message"]


def test_decisions_concern_the_affected_cables_alone():
    """SettleCables writes a cable without a decision as it is: only copies, cables the ledger
    holds and conflicting versions get one (few, so the decisions fit a side input)."""
    copies = [Copy(_entry("b", "x"), ("f", 0)), Copy(_entry("a", "x"), ("f", 1)),
              Copy(_entry("c", "y"), ("g", 0))]
    written, decisions = decide(copies)
    assert [copy.entry.uri for copy in written] == ["a", "c"]
    assert decisions[("f", 0)] == (COPY_OF, _entry("a", "x"))
    assert decisions[("f", 1)].kind == decisions[("g", 0)].kind == WRITE_WITH_WARNING
    assert "different cable: c" in decisions[("f", 1)].detail
    written, decisions = decide(copies[:2])
    assert [copy.entry.uri for copy in written] == ["a"] and list(decisions) == [("f", 0)]
    written, decisions = decide(copies[:2], known=[_entry("z", "x")], has_ledger=True)
    assert written == [] and {d.kind for d in decisions.values()} == {ALREADY}


def test_spill_files_go_with_the_staging_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, folder / name)
    summary = run(folder / "*", tmp_path / "out")
    assert (summary.cables, summary.dead_letters) == (1, 1)
    out = tmp_path / "out"
    left = [os.path.relpath(os.path.join(folder, name), out)
            for folder, folders, files in os.walk(out) for name in folders + files]
    assert not [path for path in left if ".staging-" in path or "spill" in path]
    assert len(avro_files(tmp_path / "out")) == 3  # cables, dead letters, duplicates


def _staged(tmp_path, names):
    """Stage the seed cable once per name (as StageCablesFn's bundle would): the StagedBundle
    and the fingerprints' `at`s, in order."""
    with open(SEED, "rb") as f:
        payload = f.read()
    stage = StageCablesFn(str(tmp_path), "snappy")
    stage.start_bundle()
    ats = []
    for name in names:
        raw = RawInput(name, TEXT, payload, None)
        kind, record = ingest(raw, utc_now())
        assert kind == CABLE
        for _, (_, at, _) in stage.process((record, raw)):
            ats.append(at)
    (bundle,) = [output.value.value for output in stage.finish_bundle()]
    return bundle, ats


def _settled(bundle, decisions):
    settle = SettleStagedFn(os.path.dirname(bundle.cables), "snappy")
    files, dead_letters = [], []
    for output in settle.process(bundle, {bundle.cables: list(decisions.items())}
                                 if decisions else {bundle.cables: []}):
        (dead_letters.append(output.value) if hasattr(output, "tag") else files.append(output))
    return files, dead_letters


def test_a_staged_file_no_decision_concerns_is_published_as_written(tmp_path):
    bundle, ats = _staged(tmp_path, ["a.txt", "b.txt"])
    with open(bundle.cables, "rb") as f:
        written = f.read()
    files, dead_letters = _settled(bundle, {})
    assert files == [bundle.cables] and dead_letters == []
    with open(bundle.cables, "rb") as f:
        assert f.read() == written  # not read, not rewritten
    assert ats == [(bundle.cables, 0), (bundle.cables, 1)]


def test_a_staged_file_with_a_copy_is_written_anew_without_it(tmp_path):
    bundle, ats = _staged(tmp_path, ["a.txt", "b.txt", "c.txt"])
    with open(bundle.cables, "rb") as f:
        staged = list(fastavro.reader(f))
    kept = CableEntry("06ALMATY2404", "h", "a.txt", None)
    files, dead_letters = _settled(bundle, {1: Decision(COPY_OF, kept),
                                            2: Decision(WRITE_WITH_WARNING, "another version")})
    (rewritten,) = files
    assert rewritten != bundle.cables
    with open(rewritten, "rb") as f:
        cables = list(fastavro.reader(f))
    assert [c["source"]["uri"] for c in cables] == ["a.txt", "c.txt"]
    assert cables[0] == staged[0]  # a cable no decision concerns: as it was staged
    assert cables[1] == {**staged[2], "warnings": staged[2]["warnings"] + ["another version"]}
    (dead,) = dead_letters
    with open(SEED, "rb") as f:
        assert dead["payload"] == f.read()  # the raw input whole, from beside the cables
    assert (dead["error_type"], dead["source"]["uri"]) == (DUPLICATE, "b.txt")


def test_a_staged_file_left_without_cables_is_not_published(tmp_path):
    bundle, _ = _staged(tmp_path, ["a.txt", "b.txt"])
    files, dead_letters = _settled(bundle, {0: Decision(ALREADY), 1: Decision(ALREADY)})
    assert files == [] and dead_letters == []


# --- a full run's output and an incremental one are never mixed --------------------------------

def cable_ingest(*argv: str) -> "subprocess.CompletedProcess":
    from doors import cable_ingest_in_process

    return cable_ingest_in_process(*argv)


def test_full_and_incremental_runs_are_not_mixed_in_one_output(tmp_path):
    """An incremental run into a full run's output added its files beside that run's: five
    cables were there twice, without a word. A full run into an incremental output deleted its
    ledger: the next scheduled run read every file again. `replay --incremental` into a full
    run's output, as a duplicate dead letter's message advised, wrote cables twice. Each is a
    usage error now, the output left as it was."""
    full, incremental = tmp_path / "full", tmp_path / "incremental"
    assert cable_ingest("run", "--input", SEED, "--output", str(full)).returncode == 0
    assert cable_ingest("run", "--incremental", "--input", SEED, "--output",
                        str(incremental)).returncode == 0
    before = {folder: avro_files(folder) for folder in (full, incremental)}
    for argv, message in [
            (["run", "--incremental", "--input", SEED, "--output", str(full)],
             f"--output {str(full)!r} holds a full run's records"),
            (["replay", str(full), "--incremental", "--output", str(full)],
             f"--output {str(full)!r} holds a full run's records"),
            (["run", "--input", SEED, "--output", str(incremental)],
             f"--output {str(incremental)!r} is an incremental output"),
            (["replay", str(full), "--output", str(incremental)],
             f"--output {str(incremental)!r} is an incremental output")]:
        done = cable_ingest(*argv)
        assert done.returncode == 2 and message in done.stderr, (argv, done.stderr[-600:])
    assert {folder: avro_files(folder) for folder in (full, incremental)} == before
    assert any(name.startswith("_ledger") for name in before[incremental])


def test_a_full_rerun_replaces_only_the_files_runs_write(tmp_path, caplog):
    """A full rerun deleted every .avro file of the output's folders: a user's copy put there
    too, without a word. It replaces the files runs name (`cables-...`, `run-RUNID-...`) and
    leaves others, with a warning naming them."""
    output = tmp_path / "out"
    assert run(SEED, output) is not None
    (kept,) = glob.glob(os.path.join(output, "cables", "*.avro"))
    shutil.copy(kept, os.path.join(output, "cables", "my-backup.avro"))
    with caplog.at_level("WARNING"):
        run(os.path.join(SAMPLES, "08MUNICH355.txt"), output)
    assert os.path.exists(os.path.join(output, "cables", "my-backup.avro"))
    assert "that no run wrote" in caplog.text and "my-backup.avro" in caplog.text
    references = [record["reference_id"] for record in read_outputs(str(output))[0]]
    assert sorted(references) == ["06ALMATY2404", "08MUNICH355"]  # the copy, and the rerun's


def test_a_full_rerun_leaves_a_users_file_that_only_starts_like_a_runs(tmp_path):
    """A full rerun deleted any .avro file whose name started like a run's (`cables-`,
    `dead_letters-`, `run-`...): a user's `cables-backup.avro` was gone without a word. Only the
    names runs give their files are replaced (a stale shard of an earlier shard count among
    them); the others are left, and named in a warning. An incremental run into an output
    holding such a copy is not refused as if it held a full run's records."""
    output = tmp_path / "out"
    assert cable_ingest("run", "--input", SEED, "--output", str(output),
                        "--num_shards=2").returncode == 0
    (shard, _) = sorted(glob.glob(os.path.join(output, "cables", "*.avro")))
    users = [os.path.join(output, "cables", name)
             for name in ("cables-backup.avro", "cables-2024.avro", "run-notes.avro")]
    users.append(os.path.join(output, "dead_letter", "dead_letters-mine.avro"))
    for path in users:
        shutil.copy(shard, path)
    done = cable_ingest("run", "--input", os.path.join(SAMPLES, "08MUNICH355.txt"),
                        "--output", str(output))
    assert done.returncode == 0, done.stderr[-600:]
    assert all(os.path.exists(path) for path in users)
    assert not os.path.exists(os.path.join(output, "cables", "cables-00001-of-00002.avro"))
    assert "that no run wrote" in done.stderr and "cables-backup.avro" in done.stderr
    scheduled = tmp_path / "scheduled"
    assert cable_ingest("run", "--incremental", "--input", SEED,
                        "--output", str(scheduled)).returncode == 0
    shutil.copy(users[0], scheduled / "cables" / "cables-backup.avro")
    # (a name holding `-of-`, as a shard's does, is a user's too: a full run leaves it)
    shutil.copy(users[0], scheduled / "cables" / "cables-copy-of-x.avro")
    again = cable_ingest("run", "--incremental", "--input", SEED, "--output", str(scheduled))
    assert again.returncode == 0, again.stderr[-600:]
    # a full run's own shard there is refused still
    shutil.copy(users[0], scheduled / "cables" / "cables-00000-of-00002.avro")
    refused = cable_ingest("run", "--incremental", "--input", SEED, "--output", str(scheduled))
    assert refused.returncode == 2 and "holds a full run's records" in refused.stderr
    assert "cables-00000-of-00002.avro" in refused.stderr


def _drop_with_a_file_over_the_cap(drop):
    """large.txt (~8 KB, over the cap) beside small.txt (~3 KB): the cap, and the cables."""
    shutil.copy(SEED, drop / "large.txt")
    shutil.copy(os.path.join(SAMPLES, "08MUNICH355.txt"), drop / "small.txt")
    return os.path.getsize(drop / "small.txt") + 10, ["06ALMATY2404", "08MUNICH355"]


def _drop_with_an_archive_member_over_the_cap(drop):
    """The same two cables as members of one zip file."""
    with zipfile.ZipFile(drop / "cables.zip", "w") as archive:
        archive.write(SEED, "large.txt")
        archive.write(os.path.join(SAMPLES, "08MUNICH355.txt"), "small.txt")
    return os.path.getsize(os.path.join(SAMPLES, "08MUNICH355.txt")) + 10, [
        "06ALMATY2404", "08MUNICH355"]


def _drop_with_a_csv_row_over_the_cap(drop):
    """A dump of five rows, four of them over a cap of 3,000 bytes."""
    shutil.copy(os.path.join(DATA, "formats", "cables-small.csv"), drop / "cables.csv")
    return 3000, None


@pytest.mark.parametrize("make_drop", [_drop_with_a_file_over_the_cap,
                                       _drop_with_an_archive_member_over_the_cap,
                                       _drop_with_a_csv_row_over_the_cap])
def test_an_input_refused_as_too_large_is_read_by_a_later_incremental_run(tmp_path, make_drop):
    """The ledger noted a file holding an input refused as over the cap as ingested: a rerun
    with a larger --max_input_bytes said "nothing new", and the dead letter, which holds no
    whole copy, could not be replayed: the cable was never ingested. Such a file (the input
    itself, the archive of a member, the dump of a row) is noted with the cap it was read
    with: a run with the same cap, or a smaller one, skips it (it read every time, each of its
    dead letters made again each day), one with a larger cap reads it, and its cables written
    before are `already_ingested`, not written twice."""
    drop, output = tmp_path / "drop", tmp_path / "out"
    drop.mkdir()
    cap, references = make_drop(drop)
    args = ["run", "--incremental", "--input", str(drop / "*"), "--output", str(output)]
    assert cable_ingest(*args, "--max_input_bytes", str(cap)).returncode == 0
    written, dead = read_outputs(str(output))
    assert dead and {(d["stage"], d["error_type"]) for d in dead} == {("READ", "too_large")}
    for smaller in (cap, cap // 2):     # the same cap, or one that reads nothing more
        skipped = cable_ingest(*args, "--max_input_bytes", str(smaller))
        assert skipped.returncode == 0 and "nothing" in skipped.stdout + skipped.stderr
        assert [len(found) for found in read_outputs(str(output))] == [len(written), len(dead)]
    again = cable_ingest(*args)          # the default cap, 10 MiB
    assert again.returncode == 0, again.stderr[-600:]
    cables, _ = read_outputs(str(output))
    got = sorted(c["reference_id"] for c in cables)
    assert len(got) == len(set(got)) == len(written) + len(dead)
    assert references is None or got == references
    with open(output / "_SUMMARY.json", encoding="utf-8") as stream:
        summary = json.load(stream)
    assert summary["cables"] == len(dead) and summary["dead_letters"] == 0
    third = cable_ingest(*args)          # now noted: nothing new
    assert third.returncode == 0 and "nothing" in third.stdout + third.stderr


@pytest.mark.parametrize("stage, error_type, uri, files", [
    ("READ", "too_large", "/in/a.txt", ["/in/a.txt"]),
    ("READ", "too_large", "/in/a.zip!b/c.txt", ["/in/a.zip", "/in/a.zip!b/c.txt"]),
    ("READ", "too_large", "/in/a.tar!d.zip!e.txt", ["/in/a.tar", "/in/a.tar!d.zip",
                                                    "/in/a.tar!d.zip!e.txt"]),
    ("READ", "too_large", "/in/dump.csv#offset=1234", ["/in/dump.csv"]),
    ("READ", "bad_archive", "/in/a.zip", []),     # reading it again would not help
    ("PARSE", "too_large", "/in/a.txt", []),      # a line over the cap: its payload is whole
])
def test_the_files_not_noted_are_those_holding_an_input_over_the_cap(stage, error_type, uri, files):
    from transforms.ledger import refused_file
    dead = {"stage": stage, "error_type": error_type, "source": {"uri": uri, "row": None},
            "payload": b""}
    assert refused_file(dead) == files


def _cut_in_a_block(data: bytes) -> bytes:
    return data[:3000]


def _cut_after_the_header(data: bytes) -> bytes:
    """An Avro file of no record, as whole as any: its header, to its sync marker."""
    return data[:data.index(data[-16:]) + 16]


@pytest.mark.parametrize("damage, says", [
    (_cut_in_a_block, "cable-ingest: FAILED: the cable file {cable_file} cannot be read"),
    (_cut_after_the_header, "cable-ingest: FAILED: the ledger file of run {run_id} is missing, "
                            "and its cable files hold 0 cables where its summary"),
])
def test_a_missing_ledger_whose_cables_cannot_be_read_stops_every_run_leaving_no_partial_file(
        tmp_path, damage, says):
    """A run's ledger file deleted and its cable file damaged: the ledger cannot be rebuilt.
    The rebuild left its partial file (`run-...-ledger-rebuilt.avro.partial`), which the next
    run took for the run's ledger, though nothing read it: that run's cables were written
    again; a file cut after a whole block read as whole, and the cables lost with it were
    written again. Now each run stops, one line naming the file and what to do, nothing left."""
    drop, output = tmp_path / "drop", tmp_path / "out"
    drop.mkdir()
    shutil.copy(os.path.join(SAMPLES, "cables-5-rows.csv"), drop)
    args = ["run", "--incremental", "--input", str(drop / "*"), "--output", str(output)]
    assert cable_ingest(*args).returncode == 0
    for ledger in (output / "_ledger").iterdir():
        ledger.unlink()
    (cable_file,) = (output / "cables").iterdir()
    cable_file.write_bytes(damage(cable_file.read_bytes()))
    (run_id,) = os.listdir(output / "_runs")
    for _ in range(2):
        done = cable_ingest(*args)
        assert done.returncode == 1
        said = [line for line in done.stderr.splitlines() if not line.startswith("{")]
        assert len(said) == 1 and said[0].startswith(
            says.format(cable_file=cable_file, run_id=run_id)), done.stderr
        assert "Restore the ledger file or the cable file" in said[0]
        assert os.listdir(output / "_ledger") == [] and os.listdir(output / "cables") == [
            cable_file.name]
        assert not (output / "_LOCK").exists()


# --- the same cable across parser versions, and the versions kept ------------------------------

def _rewrite_ledger(output, change, schema=None):
    """Each ledger file of `output` written anew with `change` applied to its records (and in
    `schema`: by default the one it was written in)."""
    for path in (output / "_ledger").iterdir():
        with open(path, "rb") as stream:
            reader = fastavro.reader(stream)
            records, written_in = [change(dict(record)) for record in reader], reader.writer_schema
        with open(path, "wb") as stream:
            fastavro.writer(stream, fastavro.parse_schema(schema or written_in), records)


def _ledger_before_raw_bytes() -> dict:
    """schemas/ledger.avsc as the code before `source_sha256` wrote it."""
    with open(os.path.join(os.path.dirname(DATA), "..", "schemas", "ledger.avsc")) as stream:
        schema = json.load(stream)
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "source_sha256"]
    return schema


def _a_parser_upgrade(record):
    """The ledger of a run whose parser made other fields of the same bytes."""
    if record["kind"] == "CABLE":
        record["content_hash"] = "0" * 64
    return record


def _two_drops(tmp_path, first, second):
    """drop/d1/a.txt holding `first`, ingested by an incremental run, then drop/d2/again.txt
    holding `second`: (the run's arguments, the output)."""
    drop, output = tmp_path / "drop", tmp_path / "out"
    (drop / "d1").mkdir(parents=True)
    (drop / "d1" / "a.txt").write_bytes(first)
    args = ["run", "--incremental", "--input", str(drop / "*" / "*"), "--output", str(output)]
    done = cable_ingest(*args)
    assert done.returncode == 0, done.stderr[-600:]
    (drop / "d2").mkdir()
    (drop / "d2" / "again.txt").write_bytes(second)
    return args, output


def test_the_same_bytes_under_a_new_name_after_a_parser_upgrade_are_already_ingested(tmp_path):
    """A file ingested, then dropped again under another name after a parser upgrade whose
    body differs a little (9 of the 423 golden cables between aa673a3 and 2026-12-07): its
    content hash was not the ledger's, and the same cable from the same bytes was written a
    second time. The ledger notes each cable's raw bytes (source.sha256) now, and the same
    bytes under the same reference id are the cable an earlier run wrote."""
    with open(SEED, "rb") as stream:
        seed = stream.read()
    args, output = _two_drops(tmp_path, seed, seed)
    _rewrite_ledger(output, _a_parser_upgrade)
    done = cable_ingest(*args)
    assert done.returncode == 0, done.stderr[-600:]
    cables, dead_letters = read_outputs(str(output))
    assert [c["reference_id"] for c in cables] == ["06ALMATY2404"] and dead_letters == []
    summary = json.loads((output / "_SUMMARY.json").read_text())
    assert (summary["cables"], summary["already_ingested_cables"]) == (0, 1)
    assert summary["other_versions_kept"] == 0 and summary["accounted"]


def test_a_ledger_written_before_raw_bytes_were_noted_still_matches_by_content(tmp_path):
    """A ledger of the code before `source_sha256` (the field missing from its schema) is read
    as it was: its cables match by content; and the ledger written now reads in the schema
    before it (an added field with a default: the code before reads it too)."""
    with open(SEED, "rb") as stream:
        seed = stream.read()
    args, output = _two_drops(tmp_path, seed, seed.replace(b"\n", b"\r\n"))  # other bytes
    old_schema = _ledger_before_raw_bytes()
    for path in (output / "_ledger").iterdir():
        with open(path, "rb") as stream:
            assert all(set(record) == {f["name"] for f in old_schema["fields"]}
                       for record in fastavro.reader(stream, reader_schema=old_schema))
    _rewrite_ledger(output, lambda record: {k: v for k, v in record.items()
                                            if k != "source_sha256"}, old_schema)
    done = cable_ingest(*args)
    assert done.returncode == 0, done.stderr[-600:]
    summary = json.loads((output / "_SUMMARY.json").read_text())
    assert (summary["cables"], summary["already_ingested_cables"]) == (0, 1)
    assert len(read_outputs(str(output))[0]) == 1


def test_a_corrected_re_export_kept_beside_the_earlier_version_is_in_the_summary_and_report(
        tmp_path):
    """Day 1 a cable, day 2 the same id with one word changed: both are kept, by design, the
    new record warning that the id names another cable. The quality figures were measured
    before that warning was added: no summary field, no warning kind, no line of the report
    said so (35 ids with 2-3 records in a simulated month, no day's report mentioned one)."""
    with open(SEED, "rb") as stream:
        seed = stream.read()
    corrected = seed.replace(b"Otan and Asar", b"Otan and Nur Otan")
    args, output = _two_drops(tmp_path, seed, corrected)
    done = cable_ingest(*args)
    assert done.returncode == 0, done.stderr[-600:]
    assert re.search(r"cables beside another version +1\n", done.stdout), done.stdout
    summary = json.loads((output / "_SUMMARY.json").read_text())
    assert (summary["cables"], summary["other_versions_kept"]) == (1, 1)
    kinds = {row["kind"]: row["count"] for row in summary["quality"]["warnings"]["by_kind"]}
    assert kinds["reference id ID also names a different cable"] == 1
    report = (output / "_REPORT.html").read_text()
    verdict = report.split('id="verdict"')[1].split("</div>")[0]
    assert ("1 cable written beside another version of its reference id (a corrected "
            "re-export?), each with a warning naming the others") in verdict
    (cable_file,) = summary["cable_files"]  # (the run's own, where the new version is)
    assert (f"cable-ingest show {cable_file} | grep &#x27;also names a different cable&#x27;"
            in verdict)
    (new,) = [c for c in read_outputs(str(output))[0] if "again.txt" in c["source"]["uri"]]
    assert any("also names a different cable: " in w and "a.txt (an earlier run's)" in w
               for w in new["warnings"])


def test_a_file_corrected_in_place_names_its_earlier_version_as_the_same_files(tmp_path):
    """A drop file corrected in place (the same path, one word changed): the next incremental
    run reads it again and keeps both versions, the new one warned of the other; the warning
    named its own file as the other cable (`drop/d1/a.txt` ... `also names a different cable:
    drop/d1/a.txt (an earlier run's)`), as if it were another file. It says it is the same
    file's earlier version."""
    with open(SEED, "rb") as stream:
        seed = stream.read()
    args, output = _two_drops(tmp_path, seed, seed)
    shutil.rmtree(tmp_path / "drop" / "d2")
    edited = tmp_path / "drop" / "d1" / "a.txt"
    edited.write_bytes(seed.replace(b"Otan and Asar", b"Otan and Nur Otan"))
    os.utime(edited, (time.time() + 5, time.time() + 5))  # (a later mtime, whatever the clock)
    done = cable_ingest(*args)
    assert done.returncode == 0, done.stderr[-600:]
    (new,) = [c for c in read_outputs(str(output))[0] if "Nur Otan" in c["body"]]
    (warning,) = [w for w in new["warnings"] if "also names a different cable" in w]
    assert warning.endswith(f"also names a different cable: {edited} (an earlier run's version "
                            "of this file)"), warning
