"""Compare two checkouts on one measurement in process CPU time (what a shared machine keeps).

    git archive OLD_COMMIT | tar -x -C /tmp/before      # and NEW_COMMIT into /tmp/after
    .venv/bin/python -m benchmarks.cpu_ab /tmp/before /tmp/after \\
        --data benchmarks/data/text-3000-seed1-median10kb --measure pipeline --rounds 3

Runs `python -m benchmarks.measure MEASURE` inside each checkout, alternating, and reports the
CPU seconds (user + system, the child and every process it waited for) and wall seconds of each
run: wall time on a loaded machine varies several-fold, CPU time by a few percent.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(checkout: str, measure: str, data: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="cable-cpu-ab-") as work:
        before = cpu_seconds()
        done = subprocess.run([sys.executable, "-m", "benchmarks.measure", measure, "--data", data,
                               "--work", work], cwd=checkout, capture_output=True, text=True)
        cpu = cpu_seconds() - before
    if done.returncode != 0 or "BENCH_RESULT " not in done.stdout:
        raise RuntimeError(f"{checkout}: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.split("BENCH_RESULT ", 1)[1].splitlines()[0])
    return {"cables": result["cables"], "wall_s": result["seconds"], "cpu_s": cpu}


def alternate(checkouts: dict[str, str], measure: str, data: str, rounds: int,
              on_run=None) -> dict[str, list[dict]]:
    """{side: [run_once results]}: each round runs `measure` once in every checkout, in turn, so
    both sides of a round see the same machine load. `on_run(round, side, run)` after each run."""
    runs = {side: [] for side in checkouts}
    for round_number in range(1, rounds + 1):
        for side, checkout in checkouts.items():
            run = run_once(checkout, measure, data)
            runs[side].append(run)
            if on_run:
                on_run(round_number, side, run)
    return runs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--data", required=True, help="a corpus folder (benchmarks/data/...)")
    parser.add_argument("--measure", default="pipeline")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    data = os.path.abspath(args.data)  # the runs happen inside the checkouts

    def show(round_number, side, run):
        print(f"round {round_number} {side:6} CPU {run['cpu_s']:6.1f} s "
              f"({run['cables'] / run['cpu_s']:5.0f} cables per CPU-second)  wall "
              f"{run['wall_s']:6.1f} s", flush=True)

    runs = alternate({"before": args.before, "after": args.after}, args.measure, data,
                     args.rounds, show)
    for side, results in runs.items():
        rate = statistics.median(r["cables"] / r["cpu_s"] for r in results)
        print(f"{side:6} median {rate:,.0f} cables per CPU-second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
