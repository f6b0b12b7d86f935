"""A scheduled run's daily cost: `cable-ingest run --incremental` finds 1 new file beside a ledger
of 251,287 cables and 10,000 ingested files.

    .venv/bin/python -m benchmarks.incremental                 # the figure of benchmarks/README.md
    .venv/bin/python -m benchmarks.incremental --cables 1000 --files 100   # a quick look

Builds, in a temporary folder, a drop of FILES small files (each a few hundred bytes, never
parsed: the ledger knows them) plus one real cable, and an output whose ledger (one file, as one
earlier run would write it; schemas/ledger.avsc) holds an entry for each of those files, with
its sha256, and CABLES synthetic cable entries. Then runs the `cable-ingest` command in a child
process, exactly as the schedule would, and records wall time and peak RSS. Target: under 30 s.
Writes benchmarks/results/incremental-<time>.json and incremental-latest.md.
"""
import argparse
import datetime
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.proc import report, run_child
from benchmarks.run import RESULTS_DIR, machine

LEDGER_CABLES, LEDGER_FILES = 251_287, 10_000
TARGET_S = 30.0
NEW_FILE = Path(__file__).resolve().parent.parent / "samples" / "06ALMATY2404.txt"
STATIONS = ("STATE", "BAGHDAD", "PARIS", "MOSCOW", "TOKYO", "ANKARA", "CAIRO", "LIMA")


def build(work: Path, cables: int, files: int) -> tuple[Path, Path]:
    """(drop folder, output folder) of the benchmark, under `work`."""
    import fastavro

    import schemas

    drop, output = work / "drop", work / "out"
    (drop / "old").mkdir(parents=True)
    (output / "_ledger").mkdir(parents=True)
    entries = []
    for number in range(files):
        path = drop / "old" / f"cable-{number:06d}.txt"
        data = f"an already ingested input, number {number}\n".encode() * 8
        path.write_bytes(data)
        entries.append({"run_id": "earlier", "kind": "FILE", "uri": str(path),
                        "identity": f"sha256:{hashlib.sha256(data).hexdigest()}", "row": None,
                        "reference_id": None, "content_hash": None})
    for number in range(cables):
        year, station = 66 + number % 44, STATIONS[number % len(STATIONS)]
        entries.append({"run_id": "earlier", "kind": "CABLE", "uri": str(drop / "cables.csv"),
                        "identity": None, "row": number + 1,
                        "reference_id": f"{year % 100:02d}{station}{number}",
                        "content_hash": hashlib.sha256(str(number).encode()).hexdigest()})
    with open(output / "_ledger" / "run-earlier-ledger-00000-of-00001.avro", "wb") as sink:
        fastavro.writer(sink, schemas.load_parsed("ledger"), entries, codec="snappy")
    (drop / "new").mkdir()
    shutil.copy(NEW_FILE, drop / "new" / NEW_FILE.name)
    return drop, output


def child(drop: str, output: str) -> None:
    """Run the command as the schedule does, in this process; report its figures."""
    import time

    from pipeline import cli

    started = time.perf_counter()
    status = cli.main(["run", "--incremental", "--input", f"{drop}/*/*", "--output", output])
    seconds = time.perf_counter() - started
    with open(os.path.join(output, "_SUMMARY.json")) as stream:
        summary = json.load(stream)
    report({"status": status, "seconds": round(seconds, 2),
            **{key: summary[key] for key in ("new_inputs", "already_ingested", "cables",
                                             "dead_letters", "already_ingested_cables",
                                             "accounted")}})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cables", type=int, default=LEDGER_CABLES)
    parser.add_argument("--files", type=int, default=LEDGER_FILES)
    parser.add_argument("--child", nargs=2, metavar=("DROP", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    work = Path(tempfile.mkdtemp(prefix="cable-incremental-"))
    try:
        drop, output = build(work, args.cables, args.files)
        log = work / "child.log"
        result = run_child("benchmarks.incremental", ["--child", str(drop), str(output)], log)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    result.update(ledger_cables=args.cables, ledger_files=args.files, machine=machine(),
                  started=started.isoformat(timespec="seconds"),
                  met=result["seconds"] < TARGET_S and result["new_inputs"] == 1
                  and result["already_ingested"] == args.files and result["status"] == 0)
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    (RESULTS_DIR / f"incremental-{stamp}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS_DIR / "incremental-latest.md").write_text(markdown(result))
    print(markdown(result))
    return 0 if result["met"] else 1


def markdown(result: dict) -> str:
    return "\n".join([
        f"# Incremental run beside a large ledger, {result['started']}", "",
        f"Machine: {result['machine']['cpu']}, {result['machine']['cores']} cores; command: "
        "`.venv/bin/python -m benchmarks.incremental`", "",
        "| ledger cables | ledger files | new files read | files skipped | cables written | "
        "run s (in process) | wall s (with start-up) | peak RSS | process tree | under 30 s |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {result['ledger_cables']:,} | {result['ledger_files']:,} | {result['new_inputs']} | "
        f"{result['already_ingested']:,} | {result['cables']} | {result['seconds']} | "
        f"{result['wall_s']} | {result['peak_rss_mb']:,.0f} MB | {result['tree_rss_mb']:,.0f} MB | "
        f"{'yes' if result['met'] else 'no'} |", ""])


if __name__ == "__main__":
    sys.exit(main())
