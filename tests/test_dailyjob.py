"""The daily job as it is deployed, through failures: deploy/main.py (the Flex Template's entry
point) with deploy/workflow.yaml's parameters (--incremental, the workflow's --run_id, the drop
prefix and the output it reads), on the local runner, one subprocess per day.

A day is crashed (SIGKILL, as a preempted worker or an out-of-memory kill: nothing of the
run's own runs) at the points where its publish moves files into the output
(tests/killpoints), then the next day runs. Whatever day died where, every cable of the drop
ends up in the output exactly once, and in the files the workflow loads into BigQuery (the
cable_files of each summary that is its day's) exactly once.

A day costs a subprocess (~3 s, mostly importing Beam): a test of several kill points or kinds
of damage goes through them in turn in one schedule, each on a day of new inputs.
"""
import collections
import glob
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time

import fastavro

from conftest import SAMPLES
from doors import KILLPOINTS, REPO, daily_run
from emulators import gcs_client, gcs_emulator  # noqa: F401  fixtures
from transforms.dedupe import content_hash

CORPUS = os.path.join(REPO, "tests", "data", "valid")
DAY = 86400.0
FIRST_DAY = 1704162600.0  # 2024-01-02T02:30:00Z, the schedule's time


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=REPO)


def _samples(*names: str) -> list[str]:
    return [os.path.join(SAMPLES, name) for name in names]


def _drop_folder(root: str, day: int) -> str:
    folder = os.path.join(root, "drops", f"2024-01-{2 + day:02d}")
    os.makedirs(folder, exist_ok=True)
    return folder


def _drop(root: str, day: int, paths: list[str]) -> None:
    for path in paths:
        shutil.copy(path, _drop_folder(root, day))


def _not_a_cable(day: int) -> str:
    """The text of day `day`'s dead letter: no other day's is the same."""
    return f"Notes of day {day}, not a cable: call the plumber about the kitchen sink.\n"


def _drop_not_a_cable(root: str, day: int) -> None:
    path = os.path.join(_drop_folder(root, day), f"broken-{day}.txt")
    with open(path, "w", encoding="utf-8") as sink:
        sink.write(_not_a_cable(day))


def _new_cables() -> list[str]:
    """Real text cables of the suite's corpus that no sample holds, in a fixed order: each a new
    cable for a day of a schedule whose first day dropped samples."""
    sampled = {name.split(".")[0] for name in os.listdir(SAMPLES)}
    with open(os.path.join(SAMPLES, "cables-5-rows.csv"), encoding="utf-8") as stream:
        sampled.update(re.findall(r'"(\d\d[A-Z]+\d+)"', stream.read()))
    return [path for path in sorted(glob.glob(os.path.join(CORPUS, "*.txt")))
            if os.path.basename(path)[:-len(".txt")] not in sampled]


def _cables(paths) -> collections.Counter:
    """{(reference id, content hash): how many records} of the cable files `paths`."""
    found = collections.Counter()
    for path in paths:
        with open(path, "rb") as stream:
            found.update((r["reference_id"], content_hash(r)) for r in fastavro.reader(stream))
    return found


def _summary(root: str) -> dict:
    with open(os.path.join(root, "ingest", "_SUMMARY.json"), encoding="utf-8") as stream:
        return json.load(stream)


def _a_day_later(root: str) -> None:
    """What a day does to a killed run's leftovers: its lock and staged files are 24 h older."""
    from datetime import datetime, timedelta

    lock = os.path.join(root, "ingest", "_LOCK")
    if os.path.exists(lock):
        with open(lock, encoding="utf-8") as stream:
            holder = json.load(stream)
        started = datetime.fromisoformat(holder["started_at"]) - timedelta(days=1)
        with open(lock, "w", encoding="utf-8") as stream:
            json.dump({**holder, "started_at": started.isoformat()}, stream)
    for path in glob.glob(os.path.join(root, "ingest", ".staging-*", "**"), recursive=True):
        moment = os.stat(path).st_mtime - DAY
        os.utime(path, (moment, moment))


def _execution(day: int) -> str:
    """The workflow's execution id of the schedule's day `day`."""
    return f"{day:08x}-4b5a-6978-8a9b-0c1d2e3f4a5b"


def _run_id(day: int) -> str:
    """The run id of the schedule's day `day` (the workflow's: its time and execution id)."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(FIRST_DAY + day * DAY))
    return f"{stamp}-{_execution(day)}"


class Schedule:
    """Days of the schedule in one folder; what the workflow would have loaded into BigQuery."""

    def __init__(self, root: str):
        self.root, self.day, self.loaded = root, 0, collections.Counter()

    def run(self, **kill):
        now = FIRST_DAY + self.day * DAY
        execution = _execution(self.day)
        done = daily_run(self.root, now, execution, _env(), **kill)
        # The workflow loads this day's cable files, if it finds the day's kept summary
        kept = os.path.join(self.root, "ingest", "_runs", _run_id(self.day), "_SUMMARY.json")
        if os.path.exists(kept):
            with open(kept, encoding="utf-8") as stream:
                self.loaded += _cables(json.load(stream)["cable_files"])
        self.day += 1
        return done, _summary(self.root)

    def output_cables(self) -> collections.Counter:
        return _cables(glob.glob(os.path.join(self.root, "ingest", "cables", "*.avro")))


def _every_cable_of_the_drop(root: str) -> set:
    """What a full run over the whole drop finds: the cables that must reach the output."""
    out = os.path.join(root, "full")
    done = subprocess.run([os.path.join(os.path.dirname(sys.executable), "cable-ingest"), "run",
                           "--input", os.path.join(root, "drops", "**"), "--output", out],
                          env=_env(), cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return set(_cables(glob.glob(os.path.join(out, "cables", "*.avro"))))


# Where the killed day dies, and what the next day does about it (its summary's `recovered`).
KILL_POINTS = {
    "move:cables": None,  # nothing published yet: its staging folder is left to go stale
    "move:dead_letter": "records withdrawn",  # its cable file published, no summary
    "call:transforms.publish:write_summary": "records withdrawn",  # all records published
    "call:transforms.publish:commit_ledger": "ledger moved into place",  # both summaries written
    "move:_ledger": "ledger moved into place",  # its summary written (its cables loaded)
    "call:transforms.publish:_remove_staging": None,  # its ledger in place: all done
    "call:transforms.publish:write_report": None,
}


def test_days_killed_as_they_publish_lose_no_cable_and_write_none_twice(tmp_path):
    """One schedule through every kill point in turn: a day of new cables and a dead letter
    (so that each point is reached) killed there, then a day later a day that recovers it."""
    root = str(tmp_path)
    schedule = Schedule(root)
    new_cables = iter(_new_cables())
    _drop(root, 0, _samples("06ALMATY2404.txt", "09BRASILIA34.html", "cables-5-rows.csv"))
    done, _ = schedule.run()
    assert done.returncode == 0, done.stderr

    for kill_at, action in KILL_POINTS.items():
        killed_day = schedule.day
        _drop(root, killed_day, [next(new_cables) for _ in range(4)])
        _drop_not_a_cable(root, killed_day)
        killed = os.path.join(root, f"killed-{killed_day}")
        done, _ = schedule.run(kill_at=kill_at, killed=killed)
        assert done.returncode == -9 and os.path.exists(killed), f"{kill_at}: {done.stderr}"

        _a_day_later(root)
        _drop(root, schedule.day, [next(new_cables)])
        done, summary = schedule.run()
        after = f"the day after a kill at {kill_at}"
        assert done.returncode == 0, f"{after}: {done.stderr}"
        assert summary["status"] == "ok" and summary["accounted"], after
        recovered = [(r["run_id"], r["action"].split(":")[0]) for r in summary["recovered"]]
        killed_run = _run_id(killed_day)
        assert recovered == ([(killed_run, action)] if action else []), f"{after}: {recovered}"
        if action:  # the day that failed shows in the next day's report
            assert (f'<span class="bad">run {killed_run} was killed while it published</span>: '
                    f'{action}') in _report(root), after
        assert max(schedule.output_cables().values()) == 1, f"{after}: cables written twice"
        assert max(schedule.loaded.values()) == 1, f"{after}: cables loaded twice"

    expected = _every_cable_of_the_drop(root)
    in_output = schedule.output_cables()
    assert set(in_output) == expected, "cables lost"
    assert max(in_output.values()) == 1, "cables written twice"
    assert set(schedule.loaded) == expected and max(schedule.loaded.values()) == 1


def test_on_cloud_storage_a_killed_publish_is_undone_or_finished(gcs_client,  # noqa: F811
                                                                 tmp_path):
    """The same on Cloud Storage (the emulator): the leftovers are found by a gs:// glob. One
    bucket, a day killed before its summary (undone) and later one after it (finished)."""
    from doors import cable_ingest, launch_environment

    name = "cable-killed"
    bucket = gcs_client.create_bucket(name)
    env = dict(launch_environment(tmp_path), PYTHONPATH=REPO)
    new_cables = iter(_new_cables())
    loaded = collections.Counter()

    def drop(day, paths):
        for path in paths:
            bucket.blob(f"drops/2024-01-{2 + day:02d}/{os.path.basename(path)}"
                        ).upload_from_filename(path)

    def cables(uris):
        found = collections.Counter()
        for uri in uris:
            data = bucket.blob(uri.split(f"gs://{name}/", 1)[1]).download_as_bytes()
            found.update((r["reference_id"], content_hash(r))
                         for r in fastavro.reader(io.BytesIO(data)))
        return found

    def output_cables():
        return cables(f"gs://{name}/{blob.name}"
                      for blob in gcs_client.list_blobs(name, prefix="ingest/cables/"))

    def day(number, **kill):
        done = daily_run(name, FIRST_DAY + number * DAY, _execution(number), env, **kill)
        # what the workflow reads: the day's own kept summary, if the run got that far
        kept = bucket.blob(f"ingest/_runs/{_run_id(number)}/_SUMMARY.json")
        summary = json.loads(kept.download_as_bytes()) if kept.exists() else None
        ours = summary is not None and summary["run_id"] == _run_id(number)
        if ours:  # the workflow loads this day's cable files
            loaded.update(cables(summary["cable_files"]))
        return done, summary, ours

    drop(0, _samples("06ALMATY2404.txt", "cables-5-rows.csv"))
    done, _, _ = day(0)
    assert done.returncode == 0, done.stderr
    for killed_day, kill_at in [(1, "move:dead_letter"), (3, "move:_ledger")]:
        drop(killed_day, [next(new_cables) for _ in range(4)])
        bucket.blob(f"drops/2024-01-{2 + killed_day:02d}/broken-{killed_day}.txt"
                    ).upload_from_string(_not_a_cable(killed_day))
        killed = str(tmp_path / f"killed-{killed_day}")
        done, _, _ = day(killed_day, kill_at=kill_at, killed=killed)
        assert done.returncode == -9 and os.path.exists(killed), f"{kill_at}: {done.stderr}"
        lock = bucket.blob("ingest/_LOCK")  # a day later: the killed run's lock is stale
        holder = json.loads(lock.download_as_bytes())
        lock.upload_from_string(json.dumps({**holder, "started_at": "2024-01-01T00:00:00+00:00"}))
        drop(killed_day + 1, [next(new_cables)])
        done, summary, ours = day(killed_day + 1)
        after = f"the day after a kill at {kill_at}"
        assert done.returncode == 0 and ours, f"{after}: {done.stderr}"
        recovered = [(r["run_id"], r["action"].split(":")[0]) for r in summary["recovered"]]
        assert recovered == [(_run_id(killed_day), KILL_POINTS[kill_at])], f"{after}: {recovered}"
        assert max(output_cables().values()) == 1, f"{after}: cables written twice"
        assert max(loaded.values()) == 1, f"{after}: cables loaded twice"

    in_output = output_cables()
    full = cable_ingest(["run", "--input", f"gs://{name}/drops/**", "--output",
                         f"gs://{name}/full"], env)
    assert full.returncode == 0, full.stderr
    expected = cables(f"gs://{name}/{blob.name}"
                      for blob in gcs_client.list_blobs(name, prefix="full/cables/"))
    assert set(in_output) == set(loaded) == set(expected)
    assert max(in_output.values()) == 1 and max(loaded.values()) == 1


# Summaries left damaged, by what is wrong with them.
DAMAGED_SUMMARIES = {"a list": b"[]", "no run id": b'{"quality": 1}',
                     "a fill rate of 3": b'{"run_id": "x", "quality": {"fill_rate": 3}}',
                     "cut short": b'{"run_id": "x", "sta', "emptied": b""}


def test_damaged_summaries_left_by_an_earlier_day_do_not_stop_the_next(tmp_path):
    """_SUMMARY.json is only the latest day's: each day compares its fill rates with it. One left
    damaged (a hand edit, a copy cut short) is no baseline, said in the drift, not a failed day
    (it failed at publish, after its records were moved, every day until someone mended it).
    One schedule: each kind of damage done to the summary of the day before, then a day runs."""
    root = str(tmp_path)
    schedule = Schedule(root)
    new_cables = iter(_new_cables())
    _drop(root, 0, _samples("06ALMATY2404.txt", "cables-5-rows.csv"))
    done, _ = schedule.run()
    assert done.returncode == 0, done.stderr
    for damage, left in DAMAGED_SUMMARIES.items():
        with open(os.path.join(root, "ingest", "_SUMMARY.json"), "wb") as sink:
            sink.write(left)
        _drop(root, schedule.day, [next(new_cables)])
        done, summary = schedule.run()
        assert done.returncode == 0, f"a summary left {damage}: {done.stderr}"
        assert summary["status"] == "ok" and summary["accounted"] and summary["cables"] == 1, (
            f"a summary left {damage}: {summary}")
        assert schedule.output_cables() == schedule.loaded, f"a summary left {damage}"
        assert max(schedule.loaded.values()) == 1, f"a summary left {damage}"


# Ledger files damaged, by how: the file's bytes -> what is left of them.
LEDGER_DAMAGE = {"cut in half": lambda data: data[:len(data) // 2],
                 "last byte lost": lambda data: data[:-1],
                 "emptied": lambda data: b"", "overwritten": lambda data: b"{}\n"}


def _inputs_noted(ledger: str) -> int:
    """How many input files the ledger file `ledger` notes."""
    with open(ledger, "rb") as stream:
        return sum(record["kind"] == "FILE" for record in fastavro.reader(stream))


def _inputs_dropped(root: str) -> int:
    return sum(os.path.isfile(path) for path in glob.glob(os.path.join(root, "drops", "*", "*")))


def test_a_damaged_ledger_stops_the_day_with_what_to_do_and_deleting_it_recovers(tmp_path):
    """A ledger file cut short (a copy interrupted, a sync tool) stops every later day, loudly:
    exit 1, one line naming the file and what to do; no day ingests again what it noted
    without being told. Deleting it, as the line says, lets the next day run: it rebuilds the
    ledger from that day's cable files (its cables were written again before 2026-12-07, exit
    0, no word), and reads its inputs again. One schedule: each kind of damage done to the
    last good day's ledger."""
    root = str(tmp_path)
    schedule = Schedule(root)
    new_cables = iter(_new_cables())
    _drop(root, 0, _samples("06ALMATY2404.txt", "cables-5-rows.csv", "09BRASILIA34.html"))
    done, good = schedule.run()
    assert done.returncode == 0, done.stderr
    for damage, damaged in LEDGER_DAMAGE.items():
        (ledger,) = good["ledger_files"]
        noted = _inputs_noted(ledger)
        with open(ledger, "rb") as stream:
            data = stream.read()
        with open(ledger, "wb") as sink:
            sink.write(damaged(data))
        _drop(root, schedule.day, [next(new_cables)])
        done, summary = schedule.run()
        assert done.returncode == 1, f"a ledger {damage}: {done.stderr}"
        last = done.stderr.strip().splitlines()[-1]
        assert last.startswith(f"cable-ingest: FAILED: the ledger file {ledger} cannot be "
                               "read"), f"a ledger {damage}: {last}"
        assert "Restore the file" in last and "or delete it" in last, f"a ledger {damage}: {last}"
        assert summary["run_id"] == good["run_id"], f"a ledger {damage}: something published"
        assert not os.path.exists(os.path.join(root, "ingest", "_LOCK")), f"a ledger {damage}"

        os.remove(ledger)
        done, good = schedule.run()
        assert done.returncode == 0, f"a ledger {damage}, deleted: {done.stderr}"
        # The only ledger noted every input dropped before: all read again, with the new one,
        # and only the new one's cable written.
        assert good["new_inputs"] == noted + 1 == _inputs_dropped(root), (
            f"a ledger {damage}, deleted: {good['new_inputs']} new inputs, {noted} noted")
        assert good["accounted"] and good["cables"] == 1, f"a ledger {damage}, deleted: {good}"
        (rebuilt,) = good["recovered"]
        assert rebuilt["found"] == "had cable files but no ledger file (deleted?)"
        assert rebuilt["files"] == [os.path.join(os.path.dirname(ledger),
                                                 f"run-{rebuilt['run_id']}-ledger-rebuilt.avro")]
        assert "had cable files but no ledger file" in _report(root)
    # Each cable once: a deleted ledger is rebuilt, its cables are not written again.
    assert max(schedule.output_cables().values()) == 1
    assert set(schedule.output_cables()) == _every_cable_of_the_drop(root)


def _report(root: str) -> str:
    with open(os.path.join(root, "ingest", "_REPORT.html"), encoding="utf-8") as stream:
        return stream.read()


def test_a_day_without_cables_flags_no_fill_rate_drop_and_a_bad_day_shows_in_its_report(
        tmp_path):
    """Each day's report compares it with the day before. A day with nothing new, or whose
    every input is a dead letter, measured no cable: its fill rates are no drop from 100% to 0%
    of every field (which flagged drift at the top of each such day's report), while a day of
    dead letters is flagged for them and its status is failed, at the top of its report."""
    root = str(tmp_path)
    schedule = Schedule(root)
    _drop(root, 0, _samples("06ALMATY2404.txt", "cables-5-rows.csv", "09BRASILIA34.html"))
    done, first = schedule.run()
    assert done.returncode == 0, done.stderr

    done, quiet = schedule.run()  # nothing new
    assert done.returncode == 0 and quiet["nothing_new"], done.stderr
    assert quiet["quality"]["drift"]["fill_rate_drops"] == []
    assert not quiet["quality"]["drift"]["flagged"]
    assert '<strong>No drift</strong>' in _report(root)
    # (the run it was compared with named: the baseline of an incremental output is itself)
    assert quiet["quality"]["drift"]["baseline_run_id"] == first["run_id"]
    assert f"(run {first['run_id']}, finished " in _report(root)

    _drop(root, 2, _samples("08MUNICH355.txt"))  # a day of cables again: compared with none
    done, normal = schedule.run()
    assert done.returncode == 0 and normal["quality"]["drift"]["fill_rate_drops"] == []

    _drop(root, 3, _samples("broken-not-a-cable.txt", "broken-truncated.txt"))
    done, bad = schedule.run()
    assert done.returncode == 1
    drift = bad["quality"]["drift"]
    assert drift["flagged"] and drift["fill_rate_drops"] == []
    assert {row["error_type"] for row in drift["dead_letter_growth"]} == {
        row["error_type"] for row in bad["dead_letters_by_type"]}
    report = _report(root)
    assert report.index('<strong>Drift</strong>') < report.index('id="headline"')
    assert '<span class="bad">failed: dead-letter ratio exceeded</span>' in report

    # The next day replaces the output's report; the bad day's is kept, as is every day's.
    done, after = schedule.run()
    assert done.returncode == 0 and after["nothing_new"], done.stderr
    assert '<span class="bad">failed' not in _report(root)
    history = os.path.join(root, "ingest", "_runs")
    assert sorted(os.listdir(history)) == sorted(
        summary["run_id"] for summary in (first, quiet, normal, bad, after))
    with open(os.path.join(history, bad["run_id"], "_REPORT.html"), encoding="utf-8") as stream:
        assert stream.read() == report
    with open(os.path.join(history, bad["run_id"], "_SUMMARY.json"), encoding="utf-8") as stream:
        assert json.load(stream) == bad


def _texts() -> list[str]:
    """Real text cables of the suite's corpus with a SUBJECT line, in a fixed order."""
    found = []
    for path in sorted(glob.glob(os.path.join(CORPUS, "*.txt"))):
        with open(path, encoding="utf-8") as stream:
            if any(line.startswith("SUBJECT") for line in stream):
                found.append(path)
    return found


def test_days_of_a_few_cables_flag_no_drift_by_chance_and_a_field_emptied_is_flagged(tmp_path):
    """Each day's report compares it with the day before: days of 2 to 6 real cables differ in
    most fields' fill rates by chance alone (one cable of three without a comment is 33 points).
    Those are no drift; a day whose cables all lost their subject is, at the top of its report."""
    root = str(tmp_path)
    schedule = Schedule(root)
    texts = _texts()
    sizes = [3, 2, 5, 4, 6, 3, 2, 4]
    start = 0
    flagged = []
    for day, size in enumerate(sizes):
        _drop(root, day, texts[start:start + size])
        start += size
        done, summary = schedule.run()
        assert done.returncode == 0, done.stderr
        drops = summary["quality"].get("drift", {}).get("fill_rate_drops")  # none on day 0
        if drops:
            flagged.append((day, drops[0]))
    assert flagged == []

    folder = os.path.join(root, "drops", "regression")
    os.makedirs(folder)
    for path in texts[start:start + 6]:
        with open(path, encoding="utf-8") as stream:
            kept = [line for line in stream if not line.startswith("SUBJECT")]
        with open(os.path.join(folder, os.path.basename(path)), "w", encoding="utf-8") as sink:
            sink.writelines(kept)
    done, summary = schedule.run()
    assert done.returncode == 0, done.stderr
    drops = {(row["field"], row["scope"]) for row in summary["quality"]["drift"]["fill_rate_drops"]}
    assert ("subject", "all") in drops
    assert '<strong>Drift</strong>' in _report(root)


def _stagings(root: str) -> list[str]:
    return glob.glob(os.path.join(root, "ingest", ".staging-*"))


def _run_end(stderr: str) -> dict:
    """The closing JSON log line of a run (pipeline.progress)."""
    return json.loads(next(line for line in reversed(stderr.splitlines())
                           if '"cable_ingest.run_end"' in line))


def test_a_day_stopped_by_sigterm_once_it_published_says_it_published(tmp_path):
    """SIGTERM (a scheduler's timeout, systemd) after the day's summary was written exited 143,
    "a run stopped before it publishes leaves its output as it was", its log line `error`, with
    its cables, ledger and summary (ok) in place, no report and its staging folder left for
    good. Now: in the command's own process, the rest of the publish (a second) is let finish,
    and the day ends with its verdict; with worker processes (killed by the stop), the command
    says it published and what is left undone, and the next day finishes it."""
    root = str(tmp_path)
    schedule = Schedule(root)
    new_cables = iter(_new_cables())
    for day, (kill_at, extra) in enumerate([
            ("term:transforms.publish:_remove_staging", ()),
            ("term:transforms.publish:_remove_staging", ("--workers=2",)),
            ("term:transforms.publish:commit_ledger", ("--workers=2",))]):
        _drop(root, day, [next(new_cables) for _ in range(2)])
        killed = os.path.join(root, f"killed-{day}")
        done = daily_run(root, FIRST_DAY + day * DAY, _execution(day), dict(
            _env(), PYTHONPATH=os.pathsep.join([KILLPOINTS, REPO]),
            CABLE_INGEST_KILL_AT=kill_at, CABLE_INGEST_KILLED=killed), *extra)
        where = f"SIGTERM at {kill_at} {extra}"
        assert os.path.exists(killed), where
        assert done.returncode == 0, f"{where}: {done.stderr[-3000:]}"
        assert "before it publishes" not in done.stderr, where
        assert _summary(root)["run_id"] == _run_id(day) and _summary(root)["status"] == "ok"
        assert _run_end(done.stderr)["status"] == "ok", where
        if not extra:  # in-process: finished, and said
            assert ("cable-ingest: stopped (SIGTERM) as the run finished publishing: it "
                    "finished first") in done.stderr, where
            assert not _stagings(root), where
            assert os.path.exists(os.path.join(root, "ingest", "_runs", _run_id(day),
                                               "_REPORT.html")), where
        else:
            assert ("cable-ingest: stopped (SIGTERM) after the run published: its records and "
                    "summary are in place (status ok); left undone: ") in done.stderr, where
            assert "its report (`cable-ingest report" in done.stderr, where
    assert "its ledger's move (the next run into" in done.stderr  # stopped before it: staged
    assert _stagings(root)

    schedule.day = 3  # (not a day later: it is no stale staging folder that is removed)
    _drop(root, 3, [next(new_cables)])
    done, summary = schedule.run()
    assert done.returncode == 0, done.stderr
    assert [(r["run_id"], r["action"].split(":")[0]) for r in summary["recovered"]] == [
        (_run_id(2), "ledger moved into place")]
    assert not _stagings(root), "the stopped day's staging folder was left"
    assert summary["new_inputs"] == 1 and summary["cables"] == 1  # none of the days before again


def test_a_run_still_at_work_keeps_its_staging_folder_through_another_runs_recovery(tmp_path):
    """A run that lost its lock by its age alone (a long backfill) may still be at work: its
    ledger staged, nothing published yet. Another day's recovery deleted its staging folder
    (since the stop-signal work), and that run then published a summary naming files that were
    not there. A staging folder whose run published nothing is left (until it is stale); only a
    run the recovery finished or undid is done with."""
    root = str(tmp_path)
    schedule = Schedule(root)
    new_cables = iter(_new_cables())
    _drop(root, 0, [next(new_cables)])
    done, _ = schedule.run()
    assert done.returncode == 0, done.stderr
    [ledger] = glob.glob(os.path.join(root, "ingest", "_ledger", "*.avro"))
    at_work = os.path.join(root, "ingest", ".staging-backfill-1", "_ledger")
    os.makedirs(at_work)
    shutil.copy(ledger, os.path.join(at_work, "run-backfill-1-ledger-00000-of-00001.avro"))
    _drop(root, 1, [next(new_cables)])
    done, summary = schedule.run()
    assert done.returncode == 0, done.stderr
    assert summary["recovered"] == [] and summary["cables"] == 1
    assert os.path.exists(os.path.join(at_work, "run-backfill-1-ledger-00000-of-00001.avro"))


def test_a_day_stopped_between_its_kept_summary_and_the_outputs_says_which_is_left(tmp_path):
    """With worker processes, a stop between the run's kept summary (`_runs/RUNID/`) and the
    output's own said "its records and summary are in place" and named only the kept report as
    left undone, while OUTPUT/_SUMMARY.json and _REPORT.html were still the day before's."""
    root = str(tmp_path)
    schedule = Schedule(root)
    new_cables = iter(_new_cables())
    _drop(root, 0, [next(new_cables)])
    assert schedule.run()[0].returncode == 0
    _drop(root, 1, [next(new_cables)])
    killed = os.path.join(root, "killed")
    done = daily_run(root, FIRST_DAY + DAY, _execution(1), dict(
        _env(), PYTHONPATH=os.pathsep.join([KILLPOINTS, REPO]),
        CABLE_INGEST_KILL_AT="term:transforms.publish:write_summary@2",
        CABLE_INGEST_KILLED=killed), "--workers=2")
    assert os.path.exists(killed) and done.returncode == 0, done.stderr[-3000:]
    assert _summary(root)["run_id"] == _run_id(0)  # the output's: still the day before's
    assert ("left undone: its ledger's move (the next run into" in done.stderr
            and "the output's _SUMMARY.json and _REPORT.html, still the run before's (this "
                f"run's summary is in {os.path.join(root, 'ingest', '_runs', _run_id(1))}"
            in done.stderr), done.stderr[-2000:]


def test_a_day_that_lost_an_input_fails(tmp_path):
    """A run whose inputs are not all accounted for (one became no cable, no dead letter: a
    defect of the run's own code) exited 1 from the command, but its summary's status was "ok":
    the daily job's Dataflow run succeeded and its workflow, which checks the status, loaded
    the day as a good one. Its status is now failed (the records written first, as for a
    threshold): the day fails, in one FAILED line, and its report says why."""
    root = str(tmp_path)
    killed = str(tmp_path / "killed")
    schedule = Schedule(root)
    _drop(root, 0, _samples("06ALMATY2404.txt", "08MUNICH355.txt"))
    done, summary = schedule.run(kill_at="lose:08MUNICH355.txt", killed=killed)
    with open(killed, encoding="utf-8") as stream:
        (lost,) = stream.read().splitlines()
    assert lost.startswith("lost ") and lost.endswith("08MUNICH355.txt"), lost
    assert done.returncode == 1, done.stderr
    assert (summary["status"], summary["accounted"]) == ("failed: inputs not accounted for",
                                                         False)
    assert (summary["inputs"], summary["cables"], summary["dead_letters"]) == (2, 1, 0)
    kept = os.path.join(root, "ingest", "_runs", summary["run_id"], "_SUMMARY.json")
    with open(kept, encoding="utf-8") as stream:  # what the workflow reads: ^failed
        assert json.load(stream)["status"] == "failed: inputs not accounted for"
    said = [line for line in done.stderr.splitlines() if line.startswith("cable-ingest: ")]
    assert said == ["cable-ingest: FAILED: inputs not accounted for: 2 inputs, but 1 cables + 0 "
                    "dead letters"], done.stderr
    assert "Traceback" not in done.stderr
    assert '<span class="bad">failed: inputs not accounted for</span>' in _report(root)


def test_a_record_file_deleted_or_edited_by_hand_is_said_every_day_until_it_is_restored(
        tmp_path):
    """A cable file an earlier day published, deleted by hand, left its cables in the ledger: no
    later day wrote them again, and no day said they were gone. Each day now checks, before it
    publishes, the files the earlier days' kept summaries list against the output: one missing,
    or of another size (edited), is named in the day's summary, its report's verdict, the
    command's warning and a WARNING log entry, with the way back; the day itself is ingested
    and exits 0. Restored, the next day says nothing."""
    root = str(tmp_path)
    schedule = Schedule(root)
    new_cables = iter(_new_cables())
    _drop(root, 0, _samples("06ALMATY2404.txt", "cables-5-rows.csv"))
    _drop_not_a_cable(root, 0)
    done, first = schedule.run()
    assert done.returncode == 0, done.stderr
    assert _run_end(done.stderr)["severity"] == "INFO" and first["missing"] == 0
    (cable_file,) = first["cable_files"]
    (dead_letter_file,) = [path for path in first["files"] if "/dead_letter/" in path]
    kept = {path: open(path, "rb").read() for path in (cable_file, dead_letter_file)}
    os.remove(cable_file)
    with open(dead_letter_file, "ab") as sink:  # edited: another size
        sink.write(b"\n")

    new = next(new_cables)
    _drop(root, 1, [new])
    done, second = schedule.run()
    assert done.returncode == 0, done.stderr
    assert second["status"] == "ok" and second["cables"] == 1
    assert second["new_input_files"] == [os.path.join(_drop_folder(root, 1),
                                                      os.path.basename(new))]
    assert (second["missing"], second["missing_files"]) == (1, [cable_file])
    assert second["changed"] == 1 and second["changed_files"] == [{
        "path": dead_letter_file, "published_bytes": len(kept[dead_letter_file]),
        "bytes": len(kept[dead_letter_file]) + 1}]
    assert (f"cable-ingest: warning: 1 record file that earlier runs published is missing from "
            f"the output (deleted?): {cable_file}; 1 record file that earlier runs published "
            f"has another size than it had (edited, replaced?): {dead_letter_file}. The ledger "
            "still notes their cables") in done.stderr
    assert 'README: "Files missing from the output"' in done.stderr
    # said once, after the table (the publish step's log of it said it a second time above)
    assert done.stderr.count("is missing from the output (deleted?)") == 1, done.stderr
    # (the three ways back: restore, a new output, or, for a file removed on purpose, its run's
    # kept summary without it: the last was in the README only, a new user saw)
    assert "a file removed on purpose, take it out of its run's kept summary" in done.stderr
    entry = _run_end(done.stderr)
    assert (entry["severity"], entry["missing"], entry["changed"]) == (
        "WARNING", 1, 1)
    report = _report(root)
    assert '<div class="verdict warned" id="verdict">' in report
    assert report.index('id="damaged-output"') < report.index('id="headline"')
    assert cable_file in report[report.index('id="damaged-output"'):]

    _drop(root, 2, [next(new_cables)])  # not restored yet: said again the next day
    done, third = schedule.run()
    assert done.returncode == 0 and third["missing_files"] == [cable_file], done.stderr

    for path, data in kept.items():  # restored (a backup): nothing more to say
        with open(path, "wb") as sink:
            sink.write(data)
    done, fourth = schedule.run()
    assert done.returncode == 0, done.stderr
    assert (fourth["missing"], fourth["changed"]) == (0, 0) and "warning" not in done.stderr
    assert _run_end(done.stderr)["severity"] == "INFO"
    assert '<div class="verdict good" id="verdict">' in _report(root)
