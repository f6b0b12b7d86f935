"""The full-dump check: a cables.csv of the real dump's shape through the pipeline with 2 workers.

    .venv/bin/python -m benchmarks.fulldump                      # 10,000, 50,000, 251,287 rows
    .venv/bin/python -m benchmarks.fulldump --rows 10000 50000   # the memory-flatness part only

Generates (once, cached under benchmarks/data/csv-<rows>/cables.csv; seed 1, median 5.2 KB so
251,287 rows weigh ~1.7 GB like the real dump) and runs `pipeline.graph.run` with
--direct_num_workers=2 --direct_running_mode=multi_processing in a child process, recording wall
time, throughput and peak RSS (largest process and the whole process tree). Writes
benchmarks/results/fulldump-<time>.json and fulldump-latest.md. Takes long: run it alone.
"""
import argparse
import datetime
import json
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks import generate
from benchmarks.proc import run_child
from benchmarks.run import DATA_DIR, RESULTS_DIR, machine

FULL_DUMP_ROWS = 251_287
DUMP_MEDIAN_KB = 5.2  # 251,287 rows of this shape weigh ~1.7 GB, as the real cables.csv
FULL_DUMP_MAX_S = 180


def dump(rows: int, seed: int) -> Path:
    """The directory holding the generated cables.csv of `rows` rows."""
    directory = DATA_DIR / f"csv-{rows}-seed{seed}"
    marker = directory.with_suffix(".complete")
    if not marker.exists():
        shutil.rmtree(directory, ignore_errors=True)
        count, size = generate.write_csv(directory / "cables.csv", rows, seed, DUMP_MEDIAN_KB)
        marker.write_text(f"{count} {size}\n")
        print(f"generated {count:,} rows ({size / 1e9:.2f} GB) in {directory}", flush=True)
    return directory


def run_dump(rows: int, seed: int, log: Path) -> dict:
    data = dump(rows, seed)
    work = tempfile.mkdtemp(prefix=f"cable-fulldump-{rows}-")
    try:
        result = run_child("benchmarks.measure", ["pipeline_2workers", "--data", str(data),
                                                   "--work", work], log)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["rows"] = rows
    print(f"{rows:>8,} rows  {result['seconds']:7.1f} s  {result['cables'] / result['seconds']:6,.0f}"
          f" cables/s  peak RSS {result['peak_rss_mb']:,.0f} MB (tree {result['tree_rss_mb']:,.0f}"
          f" MB)  valid {result.get('valid')}", flush=True)
    return result


def markdown(report: dict) -> str:
    lines = [f"# Full-dump check, {report['started']}", "",
             f"Machine: {report['machine']['cpu']}, {report['machine']['cores']} cores; "
             f"command: `{report['command']}`", "",
             "| rows | GB | wall s | rows/s | MB/s | cables written | dead letters | summary "
             "`inputs` | peak RSS, largest process | peak RSS, process tree |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for result in report["results"]:
        rows = result["rows"]
        lines.append(f"| {rows:,} | {result['bytes'] / 1e9:.2f} | {result['seconds']:,.0f} | "
                     f"{rows / result['seconds']:,.0f} | "
                     f"{result['bytes'] / 1e6 / result['seconds']:,.1f} | {result['valid']:,} | "
                     f"{result['dead_letters']:,} | {result.get('summary_inputs', 0):,} | "
                     f"{result['peak_rss_mb']:,.0f} MB | {result['tree_rss_mb']:,.0f} MB |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000, FULL_DUMP_ROWS])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="print the table of an earlier run's JSON report and exit")
    args = parser.parse_args(argv)
    if args.render:
        print(markdown(json.loads(args.render.read_text())), end="")
        return 0
    started = datetime.datetime.now(datetime.timezone.utc)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    if args.generate_only:
        for rows in args.rows:
            dump(rows, args.seed)
        return 0
    log = RESULTS_DIR / f"fulldump-{stamp}.log.tmp"
    results = [run_dump(rows, args.seed, log) for rows in args.rows]
    report = {"started": started.isoformat(timespec="seconds"),
              "command": " ".join(["python -m benchmarks.fulldump", *(argv or sys.argv[1:])]),
              "machine": machine(), "results": results}
    (RESULTS_DIR / f"fulldump-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")
    text = markdown(report)
    (RESULTS_DIR / "fulldump-latest.md").write_text(text)
    print("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
