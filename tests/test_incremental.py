"""A week of the daily schedule (`cable-ingest run --incremental` over the whole drop prefix), on
local folders and on the Cloud Storage emulator, through the `cable-ingest` command.

Day 1 ingests a first drop; day 2 brings new files, copies of day-1 cables under new names, a
copy within the day and a late file in day 1's folder; day 3 brings nothing; day 4 replays every
dead letter into the same output; day 5 starts two runs at once. At the end every cable of the
drop is a record exactly once, every file an earlier run published is byte for byte unchanged,
and the run with nothing new wrote nothing.
Day 2 also brings compressed single files: a new cable gzipped, and day 1's CSV dump again as
.xz and .bz2 (its cables are already ingested, whatever the wrapping).
"""
import bz2
import collections
import gzip
import hashlib
import lzma
import io
import os
import threading

import fastavro

from conftest import SAMPLES
from doors import cable_ingest_in_process
from emulators import gcs_client, gcs_emulator  # noqa: F401  fixtures
from pipeline import cli
from transforms.dedupe import content_hash
from transforms.output_lock import LOCK_FILE
from transforms.report import REPORT_FILE
from transforms.run_summary import SUMMARY_FILE

BUCKET = "cable-week"


def sample(name: str) -> bytes:
    with open(os.path.join(SAMPLES, name), "rb") as stream:
        return stream.read()


class LocalStore:
    """The drop and the output as local folders."""

    def __init__(self, root):
        self.root = str(root)

    def uri(self, name: str) -> str:
        return os.path.join(self.root, name)

    def put(self, name: str, data: bytes) -> None:
        os.makedirs(os.path.dirname(self.uri(name)), exist_ok=True)
        with open(self.uri(name), "wb") as sink:
            sink.write(data)

    def files(self, prefix: str) -> dict:
        """{name under prefix: sha256} of every file (hidden ones included)."""
        found = {}
        for folder, _, names in os.walk(self.uri(prefix)):
            for name in names:
                path = os.path.join(folder, name)
                with open(path, "rb") as stream:
                    found[os.path.relpath(path, self.uri(prefix))] = _sha(stream.read())
        return found

    def get(self, name: str) -> bytes:
        with open(self.uri(name), "rb") as stream:
            return stream.read()


class GcsStore:
    """The drop and the output in a bucket of the Cloud Storage emulator."""

    def __init__(self, bucket):
        self.bucket = bucket

    def uri(self, name: str) -> str:
        return f"gs://{self.bucket.name}/{name}"

    def put(self, name: str, data: bytes) -> None:
        self.bucket.blob(name).upload_from_string(data)

    def files(self, prefix: str) -> dict:
        prefix = prefix.rstrip("/") + "/"
        return {blob.name[len(prefix):]: _sha(blob.download_as_bytes())
                for blob in self.bucket.client.list_blobs(self.bucket.name, prefix=prefix)}

    def get(self, name: str) -> bytes:
        return self.bucket.blob(name).download_as_bytes()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def records(store, names) -> list[dict]:
    found = []
    for name in sorted(names):
        found.extend(fastavro.reader(io.BytesIO(store.get(f"out/{name}"))))
    return found


def published(store) -> dict:
    """{name: sha256} of the output's files but the summary and report each run rewrites."""
    return {name: sha for name, sha in store.files("out").items()
            if name not in (SUMMARY_FILE, REPORT_FILE)}


def summary(store) -> dict:
    import json

    return json.loads(store.get(f"out/{SUMMARY_FILE}"))


def run(store, *extra) -> int:
    return cli.main(["run", "--incremental", "--input", store.uri("drop/*/*"),
                     "--output", store.uri("out"), *extra])


def check_untouched(before: dict, after: dict) -> None:
    """Every file published before is still there, byte for byte."""
    assert {name: after.get(name) for name in before} == before


def simulate_week(store, capsys):
    # Day 1.
    store.put("drop/d1/06ALMATY2404.txt", sample("06ALMATY2404.txt"))
    store.put("drop/d1/cables-5-rows.csv", sample("cables-5-rows.csv"))
    store.put("drop/d1/09BRASILIA34.html", sample("09BRASILIA34.html"))
    store.put("drop/d1/broken-not-a-cable.txt", sample("broken-not-a-cable.txt"))
    assert run(store) == 0
    day1 = summary(store)
    assert (day1["incremental"], day1["new_inputs"], day1["already_ingested"]) == (True, 4, 0)
    assert (day1["cables"], day1["dead_letters"], day1["accounted"]) == (7, 1, True)
    after_day1 = published(store)
    assert any(name.startswith("_ledger/") for name in after_day1)
    assert all(f"run-{day1['run_id']}-" in name or name.startswith(f"_runs/{day1['run_id']}/")
               for name in after_day1)  # the run's own files, and its kept summary and report
    assert {name for name in after_day1 if name.startswith("_runs/")} == {
        f"_runs/{day1['run_id']}/{SUMMARY_FILE}", f"_runs/{day1['run_id']}/{REPORT_FILE}"}

    # Day 2: a new cable and a copy of it, day-1 cables under new names, a late day-1 file.
    store.put("drop/d2/09STATE14070.txt", sample("09STATE14070.txt"))
    store.put("drop/d2/state-again.txt", sample("09STATE14070.txt"))
    store.put("drop/d2/almaty-renamed.txt", sample("06ALMATY2404.txt"))
    store.put("drop/d2/brasilia-renamed.html", sample("09BRASILIA34.html"))
    store.put("drop/d1/08MUNICH355-late.txt", sample("08MUNICH355.txt"))
    store.put("drop/d2/09RIODEJANEIRO329.txt.gz", gzip.compress(sample("09RIODEJANEIRO329.txt")))
    store.put("drop/d2/cables-5-rows.csv.xz", lzma.compress(sample("cables-5-rows.csv")))
    store.put("drop/d2/cables-5-rows.csv.bz2", bz2.compress(sample("cables-5-rows.csv")))
    assert run(store) == 0
    day2 = summary(store)
    assert (day2["new_inputs"], day2["already_ingested"]) == (8, 4)
    # Written: STATE, MUNICH, RIO. Not again: ALMATY, BRASILIA and twice the dump's five rows.
    assert (day2["cables"], day2["already_ingested_cables"]) == (3, 12)
    assert [t["error_type"] for t in day2["dead_letters_by_type"]] == ["duplicate"]
    assert day2["accounted"] and len(day2["cable_files"]) == 1
    (copy,) = records(store, [f.split("/out/", 1)[1] for f in day2["files"] if "/dead_letter/" in f])
    assert copy["payload"] == sample("09STATE14070.txt") and "09STATE14070.txt" in copy["error_message"]
    after_day2 = published(store)
    check_untouched(after_day1, after_day2)

    # Day 3: nothing new. The run says so and writes nothing.
    capsys.readouterr()
    assert run(store) == 0
    printed = capsys.readouterr().out
    assert "nothing new" in printed and "(inputs = cables + dead letters + cables already ingested)" in printed
    day3 = summary(store)
    assert (day3["nothing_new"], day3["new_inputs"], day3["already_ingested"]) == (True, 0, 12)
    assert day3["files"] == [] and day3["inputs"] == 0
    # no record file: only the day's summary and report, kept as every day's are
    assert set(published(store)) - set(after_day2) == {
        f"_runs/{day3['run_id']}/{SUMMARY_FILE}", f"_runs/{day3['run_id']}/{REPORT_FILE}"}
    check_untouched(after_day2, published(store))

    # Day 4: every dead letter replayed into the same output; the copy stays unwritten.
    assert cli.main(["replay", store.uri("out/dead_letter/*.avro"), "--output", store.uri("out"),
                     "--incremental"]) == 0
    day4 = summary(store)
    assert (day4["inputs"], day4["cables"], day4["already_ingested_cables"]) == (2, 0, 1)
    assert [t["error_type"] for t in day4["dead_letters_by_type"]] == ["not_a_cable"]
    after_day4 = published(store)
    check_untouched(after_day2, after_day4)

    # Day 5: new files, and two runs started at once: both succeed, or one refuses clearly.
    store.put("drop/d5/09BRUSSELS536.txt", sample("09BRUSSELS536.txt"))
    store.put("drop/d5/90CAPETOWN97.txt", sample("90CAPETOWN97.txt"))
    capsys.readouterr()
    codes = []
    runs = [threading.Thread(target=lambda: codes.append(run(store))) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    printed = capsys.readouterr()
    print("day 5 exit codes:", codes)
    assert len(codes) == 2 and 0 in codes and set(codes) <= {0, 75}, codes  # (none raised)
    if 75 in codes:
        assert "is in use by run" in printed.err
    # (logging's own "--- Logging error ---" reports, of handlers left on an earlier test's
    # captured stream, are not the run's)
    assert printed.err.count("Traceback") == printed.err.count("--- Logging error ---")
    assert run(store) == 0  # whatever a refused run left is picked up by the next
    check_untouched(after_day4, published(store))
    return store.files("out")


def check_every_cable_once(store, files: dict, full_run_ids: set):
    cables = records(store, [name for name in files if name.startswith("cables/")])
    copies = collections.Counter((c["reference_id"], content_hash(c)) for c in cables)
    assert max(copies.values()) == 1, copies
    assert {c["reference_id"] for c in cables} == full_run_ids
    assert LOCK_FILE not in files and not any(".staging-" in name for name in files)


def full_run_ids(store) -> set:
    """The reference ids a full (non-incremental) run finds in the whole drop."""
    assert cli.main(["run", "--input", store.uri("drop/*/*"), "--output", store.uri("full")]) == 0
    names = [name for name in store.files("full") if name.startswith("cables/")]
    found = []
    for name in names:
        found.extend(fastavro.reader(io.BytesIO(store.get(f"full/{name}"))))
    return {c["reference_id"] for c in found}


def test_a_week_of_the_schedule_on_local_folders(tmp_path, capsys):
    store = LocalStore(tmp_path)
    files = simulate_week(store, capsys)
    check_every_cable_once(store, files, full_run_ids(store))


def test_a_week_of_the_schedule_on_cloud_storage(gcs_client, capsys):  # noqa: F811
    store = GcsStore(gcs_client.create_bucket(BUCKET))
    files = simulate_week(store, capsys)
    check_every_cable_once(store, files, full_run_ids(store))


def test_a_cloud_storage_lock_is_json_and_gone_once_released(gcs_client):  # noqa: F811
    """The lock on a gs:// output is a JSON object naming its run, served as JSON (an operator
    opening it in the console reads who holds the output), and released with the run."""
    import json

    from transforms import output_lock

    bucket = gcs_client.create_bucket("cable-lock-json")
    assert output_lock.acquire("gs://cable-lock-json/out", "daily-1") is None
    blob = bucket.get_blob("out/" + LOCK_FILE)
    assert blob.content_type == "application/json"
    assert json.loads(blob.download_as_bytes())["run_id"] == "daily-1"
    output_lock.release("gs://cable-lock-json/out", "daily-1")
    assert bucket.get_blob("out/" + LOCK_FILE) is None


def test_a_cloud_storage_lock_overwritten_by_a_racing_run_is_not_held(gcs_client):  # noqa: F811
    """The emulator ignores if_generation_match, so two runs that both found no lock both write
    it. The one whose write landed first reads its own lock back at once; it must not take that
    for holding it when the other's write lands just after (the race of day 5)."""
    import json
    import time

    from transforms import output_lock

    bucket = gcs_client.create_bucket("cable-lock")
    blob = bucket.blob("out/" + LOCK_FILE)
    outcome = []

    def take():
        try:
            output_lock.acquire("gs://cable-lock/out", "first")
            outcome.append("held")
        except output_lock.OutputLocked as refused:
            outcome.append(str(refused))

    taker = threading.Thread(target=take)
    taker.start()
    deadline = time.monotonic() + 30
    while not blob.exists() and time.monotonic() < deadline:  # the first run's write landed
        time.sleep(0.01)
    racer = {"run_id": "second", "host": "h", "started_at": "2099-01-01T00:00:00+00:00"}
    blob.upload_from_string(json.dumps(racer).encode())  # the second run's write lands after
    taker.join()
    assert outcome and "in use by run second" in outcome[0], outcome


def _empty_drop_runs(store, capsys):
    """The schedule's run over a drop that holds no file yet, and mistakes beside it."""
    assert cli.main(["run", "--incremental", "--input", store.uri("drop/*"),
                     "--output", store.uri("out")]) == 0
    day = summary(store)
    assert (day["status"], day["nothing_new"], day["inputs"], day["accounted"]) == (
        "ok", True, 0, True)
    assert day["files"] == [] and "nothing new" in capsys.readouterr().out
    # A folder that is not there is a typo, and a full run would replace its output with
    # nothing: both stay usage errors.
    assert cli.main(["run", "--incremental", "--input", store.uri("dorp/*"),
                     "--output", store.uri("out")]) == 2
    assert (f"no files match --input {store.uri('dorp/*')!r} (no folder "
            f"{store.uri('dorp')!r})") in capsys.readouterr().err
    assert cli.main(["run", "--input", store.uri("drop/*"), "--output",
                     store.uri("full")]) == 2
    assert f"no files match --input {store.uri('drop/*')!r}" in capsys.readouterr().err


def test_an_incremental_run_over_an_empty_drop_folder_has_nothing_new(tmp_path, capsys):
    """A scheduled run over a drop folder with no file in it today was a usage error (exit 2),
    which failed the day, where one over a folder of files ingested already has `nothing_new`
    (exit 0). A glob whose folder is not there stays one."""
    store = LocalStore(tmp_path)
    os.makedirs(store.uri("drop"))
    _empty_drop_runs(store, capsys)


def test_on_cloud_storage_a_drop_prefix_without_objects_is_no_folder(gcs_client, capsys):  # noqa: F811
    """On Cloud Storage a folder is there once an object lies under it (the console's "Create
    folder" writes one, `drop/`, which is no input): until then a glob over it is a usage error,
    as a typo is."""
    store = GcsStore(gcs_client.create_bucket("cable-empty-drop"))
    assert cli.main(["run", "--incremental", "--input", store.uri("drop/*"),
                     "--output", store.uri("out")]) == 2
    assert "(no folder 'gs://cable-empty-drop/drop')" in capsys.readouterr().err
    store.put("drop/", b"")  # the console's folder
    _empty_drop_runs(store, capsys)


def _aged(path: str, seconds: float = 3600) -> None:
    """`path` as last modified `seconds` ago."""
    import time

    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_file_caught_mid_copy_is_left_to_the_next_run_with_min_file_age_seconds(tmp_path,
                                                                                   capsys):
    """A local drop's file being copied is there, cut, before the copy ends: read then, the cut
    cable parsed as a valid one, and the whole file the next day added a second record under the
    same id. With --min_file_age_seconds, a file modified that recently is not read (not in the
    ledger), named in a warning, counted in the summary and the report; the next run reads it
    whole. A run whose files are all too young is nothing_new, the warning said."""
    import json

    drop, out = tmp_path / "drop", str(tmp_path / "out")
    drop.mkdir()
    whole = sample("06ALMATY2404.txt")
    (drop / "old.txt").write_bytes(sample("09BRUSSELS536.txt"))  # copied an hour ago
    _aged(str(drop / "old.txt"))
    copying = drop / "copying.txt"
    copying.write_bytes(whole[:len(whole) // 2])  # being copied now: half of it there
    run = ["run", "--input", str(drop / "*"), "--output", out, "--incremental",
           "--min_file_age_seconds", "300"]

    done = cable_ingest_in_process(*run)  # (its stderr holds the log's records too)
    assert done.returncode == 0, done.stderr
    err = done.stderr
    first = json.loads((tmp_path / "out" / SUMMARY_FILE).read_text())
    assert first["too_young"] == 1 and first["too_young_files"] == [str(copying)]
    assert first["new_inputs"] == 1 and first["status"] == "ok" and not first["nothing_new"]
    assert (f"cable-ingest: warning: 1 input file modified less than --min_file_age_seconds "
            f"before the run started (still being copied?) was not read, left to the next run: "
            f"{copying}") in err
    assert err.count("still being copied?") == 1, err  # (the publish step's log said it too)
    assert f"left to the next run: {copying}" in (tmp_path / "out" / REPORT_FILE).read_text()

    copying.write_bytes(whole)  # the copy ended; the next day's run
    _aged(str(copying))
    assert cli.main(run) == 0
    second = json.loads((tmp_path / "out" / SUMMARY_FILE).read_text())
    assert second["too_young"] == 0 and second["new_inputs"] == 1 and second["cables"] == 1
    assert "warning" not in capsys.readouterr().err

    (drop / "late.txt").write_bytes(whole)  # only a file too young: nothing new, said
    assert cli.main(run) == 0
    third = json.loads((tmp_path / "out" / SUMMARY_FILE).read_text())
    assert third["nothing_new"] and third["status"] == "ok" and third["too_young"] == 1
    assert f"left to the next run: {drop / 'late.txt'}" in capsys.readouterr().err

    cables = [record for path in (tmp_path / "out" / "cables").iterdir()
              for record in fastavro.reader(io.BytesIO(path.read_bytes()))]
    ids = collections.Counter(cable["reference_id"] for cable in cables)
    assert ids["06ALMATY2404"] == 1 and max(ids.values()) == 1, ids


def test_a_drop_of_many_files_still_being_copied_is_counted_whole_and_named_in_part(tmp_path,
                                                                                     capsys):
    """A drop of thousands of files copied as the run starts: the summary named every one of
    them (a list of 10,000 paths in `_SUMMARY.json`), and the warning said "and N more" of the
    names it had, not of the files. It counts them all and names the first 100 by name, as
    the lists of new and missing files do; the warning names ten and counts the rest."""
    import json

    from transforms.run_summary import MAX_NAMED, NAMED_IN_A_LINE

    drop = tmp_path / "drop"
    drop.mkdir()
    young = [drop / f"young-{number:03d}.txt" for number in range(MAX_NAMED + 30)]
    for path in young:
        path.write_bytes(b"being copied")
    assert cli.main(["run", "--input", str(drop / "*"), "--output", str(tmp_path / "out"),
                     "--incremental", "--min_file_age_seconds", "300"]) == 0
    summary = json.loads((tmp_path / "out" / SUMMARY_FILE).read_text())
    assert summary["too_young"] == len(young) and summary["nothing_new"]
    assert summary["too_young_files"] == [str(path) for path in young[:MAX_NAMED]]
    more = len(young) - NAMED_IN_A_LINE
    assert f"{young[NAMED_IN_A_LINE - 1]} and {more:,} more" in capsys.readouterr().err


def test_the_summary_report_and_command_name_the_input_files_read_as_new(tmp_path):
    """An archivist opening a day's report saw how many input files were new, not which. Each
    incremental run names them: the summary (`new_input_files`), the report (a list), the
    command (a short line under the count); a drop of many files keeps the first 100 by name,
    the rest counted, the page saying how to list every one (the run's ledger notes each)."""
    import html
    import json
    import shlex
    import subprocess
    import sys

    from doors import cable_ingest_in_process

    drop, out = tmp_path / "drop", tmp_path / "out"
    (drop / "day1").mkdir(parents=True)
    for name in ("09BRUSSELS536.txt", "06ALMATY2404.txt"):
        (drop / "day1" / name).write_bytes(sample(name))
    run = ["run", "--incremental", "--input", str(drop / "**"), "--output", str(out)]
    done = cable_ingest_in_process(*run)
    assert done.returncode == 0, done.stderr
    first = json.loads((out / SUMMARY_FILE).read_text())
    assert first["new_input_files"] == [str(drop / "day1" / "06ALMATY2404.txt"),
                                        str(drop / "day1" / "09BRUSSELS536.txt")]
    assert "\n  06ALMATY2404.txt, 09BRUSSELS536.txt\n" in done.stdout
    page = (out / REPORT_FILE).read_text()
    assert all(f"<li><code>{name}</code></li>" in page for name in first["new_input_files"])

    (drop / "day2").mkdir()  # a drop of 130 files: 100 named, 30 counted
    for number in range(130):
        (drop / "day2" / f"note-{number:03d}.txt").write_text(f"not a cable, note {number}\n")
    done = cable_ingest_in_process(*run)
    assert done.returncode == 0, done.stderr
    second = json.loads((out / SUMMARY_FILE).read_text())
    assert second["new_inputs"] == 130
    assert second["new_input_files"] == [str(drop / "day2" / f"note-{number:03d}.txt")
                                         for number in range(100)]
    (line,) = [line for line in done.stdout.splitlines() if "note-000.txt" in line]
    assert line.startswith("  note-000.txt, note-001.txt") and line.endswith(" more")
    assert len(line) <= 80, line
    page = (out / REPORT_FILE).read_text()
    assert page.count('<li><code>') == 100 and "and 30 input files more" in page
    [ledger] = second["ledger_files"]
    command = f"cable-ingest show {shlex.quote(ledger)} | grep '\"kind\": \"FILE\"'"
    assert html.escape(command) in page
    # The command lists every file; the report drawn again from the run's kept summary (its
    # folder not the output's) gives the same one.
    bin_folder = os.path.dirname(sys.executable)
    listed = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PATH": f"{bin_folder}:{os.environ['PATH']}"})
    assert len(listed.stdout.splitlines()) == 130, listed.stderr[-2000:]
    kept = out / "_runs" / second["run_id"]
    assert cable_ingest_in_process("report", str(kept)).returncode == 0
    redrawn = (kept / REPORT_FILE).read_text()
    assert html.escape(command) in redrawn
    # (headed by the run's output, as the run wrote it: it named OUT/_runs/RUNID, a new user saw)
    heading = f"cable-ingest run report: run {second['run_id']}, {out}"
    assert f"<h1>{html.escape(heading)}</h1>" in redrawn and heading in page

    done = cable_ingest_in_process(*run)  # nothing new: none named
    third = json.loads((out / SUMMARY_FILE).read_text())
    assert third["nothing_new"] and third["new_input_files"] == []
    assert 'id="new-input-files"' not in (out / REPORT_FILE).read_text()


def test_a_bundle_of_many_files_hands_on_the_first_names_only():
    """The reading names its files in its tally, bundle by bundle, in bounded memory: the
    first NAMES_KEPT by name of a bundle of any size, the count of them all."""
    from apache_beam.io.filesystem import FileMetadata

    from transforms.read import PlanReadsFn
    from transforms.tallies import NAMES_KEPT, names_of, totals

    plan = PlanReadsFn(count=True)
    plan.start_bundle()
    for number in reversed(range(1_000)):
        plan._names.add(f"drop/{number:04d}.txt")  # (as `process` does, without planning)
        plan._files += 1
        assert len(plan._names._names) < 2 * NAMES_KEPT
    tallies = [item.value[1] if isinstance(item.value, tuple) else item.value.value
               for item in plan.finish_bundle()]
    assert totals(tallies)[0]["new_inputs"] == 1_000
    assert names_of(tallies, "new_inputs") == [f"drop/{n:04d}.txt" for n in range(NAMES_KEPT)]


def test_a_storage_error_in_the_check_of_earlier_files_does_not_fail_the_day(
        tmp_path, monkeypatch, caplog, capsys):
    """The check that earlier runs' record files are still in the output is a warning's, never
    a reason to fail the day: a storage error while it lists the output (a transient Cloud
    Storage error) failed the publish step, and with it the day's ingest. It is said, the day
    publishes, and the next run checks again."""
    import json
    import logging

    from transforms import publish

    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.txt").write_bytes(sample("06ALMATY2404.txt"))
    run = ["run", "--incremental", "--input", str(drop / "*"), "--output", str(tmp_path / "out")]
    assert cli.main(run) == 0

    def unreachable(output, run_id):
        raise OSError("503 Service Unavailable")

    monkeypatch.setattr(publish, "check_published_files", unreachable)
    (drop / "b.txt").write_bytes(sample("09BRUSSELS536.txt"))
    with caplog.at_level(logging.WARNING):
        assert cli.main(run) == 0
    summary = json.loads((tmp_path / "out" / SUMMARY_FILE).read_text())
    assert summary["status"] == "ok" and summary["cables"] == 1
    # Not a clean check (missing 0): one not made, said in the summary, the command, the report
    assert summary["published_files_checked"] is False
    assert "were not checked today (OSError: 503 Service Unavailable)" in caplog.text
    out, err = capsys.readouterr()
    assert "earlier record files checked              no  (WARNING)" in out
    assert ("cable-ingest: warning: the record files that earlier runs published into this "
            "output were not checked") in err
    assert "OK, but the earlier runs' files were not checked" in (
        tmp_path / "out" / REPORT_FILE).read_text()

    monkeypatch.undo()  # the next run checks them again
    (drop / "c.txt").write_bytes(sample("08MUNICH355.txt"))
    assert cli.main(run) == 0
    summary = json.loads((tmp_path / "out" / SUMMARY_FILE).read_text())
    assert summary["published_files_checked"] is True and summary["missing"] == 0


def test_show_of_a_kept_run_folder_names_where_that_runs_records_are(tmp_path):
    """`cable-ingest show OUT/_runs/RUNID` (the folder a day's report is kept in) said to give
    its cables, `OUT/_runs/RUNID/cables`, a folder that is not there (a new user's audit): it
    names the run's record files in the output's folders, and that glob shows them."""
    import json

    from doors import cable_ingest_in_process

    drop, out = tmp_path / "drop", tmp_path / "out"
    drop.mkdir()
    (drop / "a.txt").write_bytes(sample("06ALMATY2404.txt"))
    assert cable_ingest_in_process("run", "--incremental", "--input", str(drop / "*"),
                                   "--output", str(out)).returncode == 0
    run_id = json.loads((out / SUMMARY_FILE).read_text())["run_id"]
    kept = cable_ingest_in_process("show", str(out / "_runs" / run_id))
    assert kept.returncode == 2
    named = f"{out}/cables/run-{run_id}-*.avro"
    assert (f"holds run {run_id}'s kept summary and report: its records are {named} and its "
            f"dead letters {out}/dead_letter/run-{run_id}-*.avro") in kept.stderr, kept.stderr
    shown = cable_ingest_in_process("show", named)
    assert shown.returncode == 0 and '"reference_id": "06ALMATY2404"' in shown.stdout
