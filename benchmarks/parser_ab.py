"""Two versions of the parser timed side by side in one process, rounds alternating.

    .venv/bin/python -m benchmarks.parser_ab BASE_REV            # BASE_REV against the working tree
    .venv/bin/python -m benchmarks.parser_ab BASE_REV OTHER_REV  # two commits
    .venv/bin/python -m benchmarks.parser_ab main --rounds 20 --texts small

Figures of separate processes on this shared machine differ by up to 1.8x (benchmarks/README.md):
too much to see a change of a few percent. Here both versions parse the same texts in the same
process, one round each in turn (ABAB...; the order flips every pair, so neither always runs
second), and the figure is the median of the per-pair ratios: what the machine does to one round
it mostly does to its neighbour. Each version is the `transforms/cable_parser` package of a git
revision (`git archive`) or of the working tree, copied into a temporary folder under a name of
its own (its imports are relative), so the two never share a module.

Texts (`--texts`): `corpus`, the corpus' 425 pages as text (the `parser_speed` texts); `small`,
the shortest quarter of them (the fixed cost a cable pays); `large`, the longest quarter.
"""
import argparse
import importlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import types
from pathlib import Path

from benchmarks.parser_outputs import DEFAULT_CORPUS, REPO
from benchmarks.parser_speed import texts as corpus_texts

PACKAGE = "transforms/cable_parser"


def copy_package(revision: str | None, folder: Path, name: str) -> types.ModuleType:
    """Import the parser of `revision` (None: the working tree) as the package `name`."""
    target = folder / name
    if revision is None:
        subprocess.run(["cp", "-r", str(REPO / PACKAGE), str(target)], check=True)
    else:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, PACKAGE],
                                 check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder / "_archive", filter="data")
        (folder / "_archive" / PACKAGE).rename(target)
    return importlib.import_module(name)


def chosen_texts(which: str, corpus: str) -> list[str]:
    found = sorted(corpus_texts(corpus), key=len)
    quarter = len(found) // 4
    return {"corpus": found, "small": found[:quarter], "large": found[-quarter:]}[which]


def one_round(parser: types.ModuleType, all_texts: list[str]) -> float:
    """Cables per CPU-second of one pass over the texts."""
    started = time.process_time()
    for text in all_texts:
        try:
            parser.parse_cable(text, {})
        except parser.CableParseError:
            pass
    return len(all_texts) / (time.process_time() - started)


def compare(base: types.ModuleType, other: types.ModuleType, all_texts: list[str],
            pairs: int) -> tuple[list[float], list[float]]:
    one_round(base, all_texts)      # warm both: caches, lazily compiled patterns
    one_round(other, all_texts)
    base_speeds, other_speeds = [], []
    for pair in range(pairs):
        order = [(base, base_speeds), (other, other_speeds)]
        for parser, speeds in order if pair % 2 == 0 else reversed(order):
            speeds.append(one_round(parser, all_texts))
    return base_speeds, other_speeds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="git revision of the version to compare against")
    parser.add_argument("other", nargs="?", help="git revision (default: the working tree)")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of each version")
    parser.add_argument("--texts", choices=["corpus", "small", "large"], default="corpus")
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    all_texts = chosen_texts(args.texts, args.corpus)
    with tempfile.TemporaryDirectory() as folder:
        sys.path.insert(0, folder)
        base = copy_package(args.base, Path(folder), "parser_base")
        other = copy_package(args.other, Path(folder), "parser_other")
        base_speeds, other_speeds = compare(base, other, all_texts, args.rounds)
    ratios = [after / before for before, after in zip(base_speeds, other_speeds)]
    faster = sum(ratio > 1 for ratio in ratios)
    print(f"{len(all_texts)} texts ({args.texts}), {args.rounds} rounds each, cables per "
          f"CPU-second, median: {args.base} {statistics.median(base_speeds):,.0f}, "
          f"{args.other or 'working tree'} {statistics.median(other_speeds):,.0f}")
    print(f"ratio (other / base), median of the pairs: {statistics.median(ratios):.3f} "
          f"(range {min(ratios):.3f}-{max(ratios):.3f}; faster in {faster} of {len(ratios)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
