"""The benchmark harness: throughput, memory, Avro codecs and adversarial inputs, in one run.

    .venv/bin/python -m benchmarks.run                    # = make bench: 5,000 cables, 3 rounds
    .venv/bin/python -m benchmarks.run --cables 2000 --repeat 1     # a quick look

Generates (once, cached under benchmarks/data/) a corpus of N text cables scaled from the real
samples, then measures, each in a fresh child process so peak RSS is per measurement:

  parser_samples      parse_cable alone on the real sample cables as they are (2,000 parses)
  parser              parse_cable alone on the corpus (reading and decoding outside the clock)
  bare_loop           read -> ingest() -> fastavro writer, no Beam
  pipeline            pipeline.graph.run, FnApiRunner in-process
  pipeline_2workers   the same with --direct_num_workers=2 --direct_running_mode=multi_processing

The five run round-robin, --repeat rounds, so a noisy machine slows all of them alike; each figure
is the median with min and max. With `pipeline` among them, the
same `pipeline` measurement also runs in a checkout of issue 10's start (commit b772a58, taken
with `git archive` into a temporary folder), alternating with the current tree on the same
corpus, both in CPU time of the whole child process (`benchmarks.cpu_ab`): issue 10's target is
twice b772a58's cables per CPU-second. Without the git history (a tarball, a shallow clone) that
row says so and is skipped. Then the Avro codecs (on the first --codec-cables cables) and the
adversarial inputs. Writes benchmarks/results/bench-<time>.json and bench-latest.md.
"""
import argparse
import datetime
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from benchmarks import cpu_ab, generate
from benchmarks.proc import run_child

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
RESULTS_DIR = HERE / "results"
THROUGHPUT = ("parser_samples", "parser", "bare_loop", "pipeline", "pipeline_2workers")

# The targets of issues 5 and 10 (parser: real cables, one core), on a 2-core machine.
PARSER_MIN_CABLES_S = 2_500
PIPELINE_MIN_SHARE_OF_BARE = 0.75
PEAK_RSS_MAX_MB = 1024
ADVERSARIAL_MAX_MS = 50.0
# Issue 10: the whole pipeline at twice the cables per CPU-second of its start, same machine.
ISSUE10_START = "b772a58"
ISSUE10_MIN_RATIO = 2.0


def corpus(count: int, seed: int, median_kb: float) -> Path:
    """The text corpus of `count` cables, generated once and reused by later runs."""
    directory = DATA_DIR / f"text-{count}-seed{seed}-median{median_kb:g}kb"
    marker = directory.with_suffix(".complete")  # beside the files, never among the inputs
    if not marker.exists():
        shutil.rmtree(directory, ignore_errors=True)
        files, size = generate.write_files("text", directory, count, seed, median_kb)
        marker.write_text(f"{files} {size}\n")
        print(f"generated {files:,} text cables ({size / 1e6:,.1f} MB) in {directory}", flush=True)
    return directory


def measure(name: str, data: Path, log: Path) -> dict:
    work = tempfile.mkdtemp(prefix=f"cable-bench-{name}-")
    try:
        return run_child("benchmarks.measure", [name, "--data", str(data), "--work", work], log)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def throughput_rounds(names, data: Path, repeat: int, log: Path) -> dict[str, list[dict]]:
    runs = {name: [] for name in names}
    for round_number in range(1, repeat + 1):
        for name in names:
            result = measure(name, data, log)
            runs[name].append(result)
            per_cpu = (f" ({result['cables'] / result['cpu_seconds']:,.0f} per CPU-second)"
                       if "cpu_seconds" in result else "")
            print(f"round {round_number}/{repeat} {name:18} {result['cables'] / result['seconds']:8,.0f}"
                  f" cables/s{per_cpu}  peak RSS {result['peak_rss_mb']:,.0f} MB"
                  f" (tree {result['tree_rss_mb']:,.0f} MB)", flush=True)
    return runs


def checkout_of(commit: str, into: Path) -> str | None:
    """`commit` of this repository extracted into `into` (`git archive`); None, or the reason
    it cannot be, as a string starting with "no ", when the history is not here."""
    git = ["git", "-C", str(HERE.parent)]
    try:
        found = subprocess.run([*git, "cat-file", "-e", f"{commit}^{{commit}}"],
                               capture_output=True)
    except OSError:
        return f"no git on this machine to take commit {commit} from: skipped"
    if found.returncode != 0:
        return (f"no commit {commit} in this checkout (a tarball or a shallow clone has not the "
                "history): skipped")
    archive = subprocess.run([*git, "archive", "--format=tar", commit], capture_output=True,
                             check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        # The "data" filter (no links out, no devices) where this Python has it (3.11.4+).
        tar.extractall(into, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return None


def baseline_rounds(data: Path, repeat: int, commit: str) -> dict:
    """The `pipeline` measurement in a checkout of `commit` and in this tree, alternating, in
    CPU time of each child process (imports, construction and run): {'before': [...],
    'after': [...]} runs of `benchmarks.cpu_ab.run_once`, or {'skipped': reason}."""
    with tempfile.TemporaryDirectory(prefix="cable-bench-baseline-") as folder:
        missing = checkout_of(commit, Path(folder))
        if missing:
            print(missing, flush=True)
            return {"commit": commit, "skipped": missing}

        def show(round_number, side, run):
            print(f"round {round_number}/{repeat} pipeline at "
                  f"{commit if side == 'before' else 'this tree':9} "
                  f"{run['cables'] / run['cpu_s']:8,.0f} cables per CPU-second "
                  f"(CPU {run['cpu_s']:.1f} s, wall {run['wall_s']:.1f} s)", flush=True)

        runs = cpu_ab.alternate({"before": folder, "after": str(HERE.parent)}, "pipeline",
                                str(data), repeat, show)
    return {"commit": commit, **runs}


def baseline_summary(runs: dict) -> dict:
    """Medians of each side and the ratio (round by round too: both runs of a round saw the
    same load)."""
    if "skipped" in runs:
        return runs
    rates = {side: [r["cables"] / r["cpu_s"] for r in runs[side]] for side in ("before", "after")}
    return {"commit": runs["commit"], "cables": runs["after"][0]["cables"],
            "before": spread(rates["before"]), "after": spread(rates["after"]),
            "ratio": statistics.median(rates["after"]) / statistics.median(rates["before"]),
            "ratio_by_round": spread([a / b for a, b in zip(rates["after"], rates["before"])])}


def spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarize(runs: dict[str, list[dict]]) -> dict:
    summary = {}
    for name, results in runs.items():
        if not results:
            continue
        summary[name] = {
            "cables": results[0]["cables"],
            "bytes": results[0]["bytes"],
            "valid": results[0].get("valid"),
            "cables_per_s": spread([r["cables"] / r["seconds"] for r in results]),
            "mb_per_s": spread([r["bytes"] / 1e6 / r["seconds"] for r in results]),
            "seconds": spread([r["seconds"] for r in results]),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
            "tree_rss_mb": max(r["tree_rss_mb"] for r in results),
        }
        if all("cpu_seconds" in r for r in results):  # the in-process pipeline
            summary[name]["cables_per_cpu_s"] = spread([r["cables"] / r["cpu_seconds"]
                                                        for r in results])
    for name in ("pipeline", "pipeline_2workers"):
        if name in runs and runs.get("bare_loop"):
            # Ratio round by round: both figures of a round saw the same machine load.
            ratios = [p["cables"] / p["seconds"] / (b["cables"] / b["seconds"])
                      for p, b in zip(runs[name], runs["bare_loop"])]
            summary[name]["share_of_bare_loop"] = spread(ratios)
    return summary


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    memory_kb = next(int(line.split()[1]) for line in open("/proc/meminfo")
                     if line.startswith("MemTotal"))
    import apache_beam
    import fastavro

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory_kb / 2**20, 1),
            "load_average": os.getloadavg(), "commit": _commit(),
            "python": platform.python_version(), "apache_beam": apache_beam.__version__,
            "fastavro": fastavro.__version__, "kernel": platform.release()}


def _commit() -> str:
    """The measured code's commit, marked `+changes` when the working tree differs from it."""
    def git(*args):
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=HERE.parent).stdout
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "transforms", "pipeline",
                "schemas").strip()
    return git("rev-parse", "--short", "HEAD").strip() + ("+changes" if dirty else "")


def targets(summary: dict, adversarial: dict | None,
            baseline: dict | None = None) -> list[tuple[str, str, bool]]:
    """(target, figure, met) for every target that this run measured."""
    checks = []
    if baseline and "ratio" in baseline:
        checks.append((f"whole pipeline >= {ISSUE10_MIN_RATIO:g}x the cables per CPU-second of "
                       f"{baseline['commit']} (issue 10)", f"{baseline['ratio']:.2f}x",
                       baseline["ratio"] >= ISSUE10_MIN_RATIO))
    for name in ("parser_samples", "parser"):     # real cables first: the target's figure
        if name in summary:
            rate = summary[name]["cables_per_s"]["median"]
            checks.append((f"{name} >= {PARSER_MIN_CABLES_S:,} cables/s (CPU time)",
                           f"{rate:,.0f}", rate >= PARSER_MIN_CABLES_S))
            break
    if "share_of_bare_loop" in summary.get("pipeline", {}):
        share = summary["pipeline"]["share_of_bare_loop"]["median"]
        checks.append((f"in-process pipeline >= {PIPELINE_MIN_SHARE_OF_BARE:.0%} of bare loop",
                       f"{share:.0%}", share >= PIPELINE_MIN_SHARE_OF_BARE))
    for name, figures in summary.items():
        peak = max(figures["peak_rss_mb"], figures["tree_rss_mb"])
        checks.append((f"{name} peak RSS < {PEAK_RSS_MAX_MB:,} MB", f"{peak:,.0f} MB",
                       peak < PEAK_RSS_MAX_MB))
    if adversarial:
        slowest = adversarial["slowest"]
        checks.append((f"every ~100 KB input < {ADVERSARIAL_MAX_MS:.0f} ms",
                       f"slowest {slowest['ms']:.1f} ms ({slowest['name']})",
                       slowest["ms"] < ADVERSARIAL_MAX_MS))
    return checks


def markdown(report: dict) -> str:
    lines = [f"# Benchmark results, {report['started']}", "",
             f"Machine: {report['machine']['cpu']}, {report['machine']['cores']} cores, "
             f"{report['machine']['memory_gb']} GB; Python {report['machine']['python']}, "
             f"Beam {report['machine']['apache_beam']}, fastavro {report['machine']['fastavro']}; "
             f"commit {report['machine'].get('commit', 'not recorded')}, load average at the end "
             f"{', '.join(f'{load:.1f}' for load in report['machine'].get('load_average', ())) or 'not recorded'}.",
             f"Command: `{report['command']}`", ""]
    lines += throughput_table(report["summary"], report["corpus"])
    if report.get("baseline"):
        lines += [""] + baseline_table(report["baseline"])
    if report.get("codecs"):
        lines += [""] + codec_table(report["codecs"])
    if report.get("adversarial"):
        lines += [""] + adversarial_table(report["adversarial"])
    lines += ["", "| target | figure | met |", "|---|---|---|"]
    lines += [f"| {name} | {figure} | {'yes' if met else '**no**'} |"
              for name, figure, met in report["targets"]]
    return "\n".join(lines) + "\n"


def _range(figures: dict, fmt: str) -> str:
    return (f"{figures['median']:{fmt}} ({figures['min']:{fmt}}-{figures['max']:{fmt}})")


def throughput_table(summary: dict, corpus_info: dict) -> list[str]:
    lines = [f"Corpus: {corpus_info['cables']:,} text cables, {corpus_info['bytes'] / 1e6:,.1f} MB "
             f"(median {corpus_info['median_kb']:g} KB, seed {corpus_info['seed']}); "
             f"{corpus_info['repeat']} rounds, median (min-max).", "",
             "| measurement | cables/s | cables per CPU-second | MB/s | seconds | share of bare "
             "loop | peak RSS, largest process | peak RSS, process tree |",
             "|---|---|---|---|---|---|---|---|"]
    for name, figures in summary.items():
        share = figures.get("share_of_bare_loop")
        per_cpu = figures.get("cables_per_cpu_s")
        lines.append(f"| {name} | {_range(figures['cables_per_s'], ',.0f')} | "
                     f"{_range(per_cpu, ',.0f') if per_cpu else ''} | "
                     f"{_range(figures['mb_per_s'], ',.1f')} | {_range(figures['seconds'], ',.1f')} | "
                     f"{_range(share, '.0%') if share else ''} | {figures['peak_rss_mb']:,.0f} MB | "
                     f"{figures['tree_rss_mb']:,.0f} MB |")
    return lines


def baseline_table(baseline: dict) -> list[str]:
    commit = baseline["commit"]
    title = (f"Issue 10: the whole pipeline against its start ({commit}), the same `pipeline` "
             "measurement in both checkouts, alternating, on the corpus above; CPU time of the "
             "whole child process (imports, graph construction and run; `benchmarks.cpu_ab`)")
    if "skipped" in baseline:
        return [title + ":", "", f"Not measured: {baseline['skipped']}."]
    return [title + f", median (min-max) of {baseline['cables']:,} cables:", "",
            "| checkout | cables per CPU-second |", "|---|---|",
            f"| {commit} (issue 10's start) | {_range(baseline['before'], ',.0f')} |",
            f"| this tree | {_range(baseline['after'], ',.0f')} |",
            f"| ratio (target {ISSUE10_MIN_RATIO:g}x) | **{baseline['ratio']:.2f}x** (round by "
            f"round {_range(baseline['ratio_by_round'], '.2f')}) |"]


def codec_table(codecs: dict) -> list[str]:
    count = codecs["cables"]
    null_size = codecs["codecs"]["null"]["bytes"]
    lines = [f"Avro codecs, the same {count:,} Cable records (fastavro, median of 3):", "",
             "| codec | write records/s | read records/s | size MB | size vs null |",
             "|---|---|---|---|---|"]
    for codec, figures in codecs["codecs"].items():
        if "error" in figures:
            lines.append(f"| {codec} | not measured: {figures['error']} | | | |")
            continue
        lines.append(f"| {codec} | {count / figures['write_s']:,.0f} | "
                     f"{count / figures['read_s']:,.0f} | {figures['bytes'] / 1e6:,.2f} | "
                     f"{figures['bytes'] / null_size:.0%} |")
    return lines


def adversarial_table(adversarial: dict) -> list[str]:
    if any("worst_ms" not in item for item in adversarial["inputs"]):  # reports before best/worst
        lines = [f"Adversarial inputs (parse_cable, worst of {adversarial['repeat']} runs each):",
                 "", "| input | KB | worst ms | outcome |", "|---|---|---|---|"]
        return lines + [f"| {item['name']} | {item['bytes'] / 1000:.0f} | {item['ms']:.1f} | "
                        f"{item['outcome']} |"
                        for item in sorted(adversarial["inputs"], key=lambda item: -item["ms"])]
    cpu = any("wall_ms" in item for item in adversarial["inputs"])    # CPU time since issue 10
    clock = "CPU time of the process; best wall time beside it" if cpu else "wall time"
    lines = [f"Adversarial inputs (parse_cable, {clock}; best and worst of "
             f"{adversarial['repeat']} runs each, the target is checked on the best, which load "
             "on the machine cannot inflate):", "",
             "| input | KB | best ms | worst ms | " + ("best wall ms | " if cpu else "") + "outcome |",
             "|---|---|---|---|" + ("---|" if cpu else "") + "---|"]
    for item in sorted(adversarial["inputs"], key=lambda item: -item["ms"]):
        wall = f"{item['wall_ms']:.1f} | " if cpu else ""
        lines.append(f"| {item['name']} | {item['bytes'] / 1000:.0f} | {item['ms']:.1f} | "
                     f"{item.get('worst_ms', item['ms']):.1f} | {wall}{item['outcome']} |")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cables", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the measurements")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--median-kb", type=float, default=generate.DEFAULT_MEDIAN_KB)
    parser.add_argument("--only", default=",".join(THROUGHPUT),
                        help=f"comma-separated subset of {','.join(THROUGHPUT)}")
    parser.add_argument("--codec-cables", type=int, default=2_000,
                        help="cables for the codec comparison (0 skips it)")
    parser.add_argument("--no-adversarial", action="store_true")
    parser.add_argument("--baseline", default=ISSUE10_START, metavar="COMMIT",
                        help="the commit the pipeline is compared with (issue 10's start)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the pipeline run of the baseline commit")
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="print the tables of an earlier run's JSON report and exit")
    args = parser.parse_args(argv)
    if args.render:
        print(markdown(json.loads(args.render.read_text())), end="")
        return 0
    names = [name for name in args.only.split(",") if name]
    unknown = set(names) - set(THROUGHPUT)
    if unknown:
        parser.error(f"unknown measurements: {', '.join(sorted(unknown))}")

    started = datetime.datetime.now(datetime.timezone.utc)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    log = RESULTS_DIR / f"bench-{stamp}.log.tmp"
    data = corpus(args.cables, args.seed, args.median_kb)
    runs = throughput_rounds(names, data, args.repeat, log)
    summary = summarize(runs)
    codecs = adversarial = baseline = None
    if "pipeline" in names and not args.no_baseline:
        try:
            baseline = baseline_summary(baseline_rounds(data, args.repeat, args.baseline))
        except (RuntimeError, subprocess.CalledProcessError) as error:  # keep the rest
            print(f"no baseline figure: {error}", file=sys.stderr)
            baseline = {"commit": args.baseline, "skipped": f"no figure, the run failed: {error}"}
    try:
        if args.codec_cables:
            codecs = measure("codecs", corpus(min(args.codec_cables, args.cables), args.seed,
                                              args.median_kb), log)
        if not args.no_adversarial:
            adversarial = run_child("benchmarks.adversarial", ["--json"], log)
    except RuntimeError as error:  # keep the throughput figures of the last minutes
        print(f"skipped the rest: {error}", file=sys.stderr)
    files, size = (int(value) for value in data.with_suffix(".complete").read_text().split())
    report = {
        "started": started.isoformat(timespec="seconds"),
        "command": " ".join(["python -m benchmarks.run", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "corpus": {"cables": files, "bytes": size, "seed": args.seed,
                   "median_kb": args.median_kb, "repeat": args.repeat},
        "summary": summary, "runs": runs, "codecs": codecs, "adversarial": adversarial,
        "baseline": baseline,
    }
    report["targets"] = targets(summary, adversarial, baseline)
    (RESULTS_DIR / f"bench-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")
    text = markdown(report)
    (RESULTS_DIR / "bench-latest.md").write_text(text)
    print("\n" + text)
    return 0 if all(met for _, _, met in report["targets"]) else 1


if __name__ == "__main__":
    sys.exit(main())
