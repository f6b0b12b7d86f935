"""The parser's speed on real cables in process CPU time, and its profile.

    .venv/bin/python -m benchmarks.parser_speed                 # cables/s, 5 rounds
    .venv/bin/python -m benchmarks.parser_speed --profile 30    # cProfile, top 30 by own time

Texts: the corpus' Cablegate pages as text (`--corpus`, default /work/shared/corpus, 425
pages), else (or with `--repo-texts DIR`) the text cables of a checkout's samples/ and
tests/data/. CPU time of this process (`time.process_time`), not
wall time: the machine is shared, and other processes' load must not count. Each round parses
every text once; the figure is the best round (the least disturbed: cache misses and frequency
changes caused by other processes still slow a round down), with the median beside it.
"""
import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time

from pathlib import Path

from benchmarks.parser_outputs import DEFAULT_CORPUS, REPO, corpus_inputs


def texts(corpus: str) -> list[str]:
    inputs = corpus_inputs(corpus) if os.path.isdir(corpus) else {}
    found = [text for name, (text, _) in inputs.items() if name.startswith("text/")]
    return found or repo_texts(REPO)


def repo_texts(repo: Path) -> list[str]:
    """The text cables of a checkout (samples/, tests/data/): the `parser_samples` texts."""
    paths = sorted([*repo.glob("samples/*.txt"), *repo.glob("tests/data/**/*.txt")])
    return [path.read_text(encoding="utf-8", errors="surrogateescape") for path in paths]


def parse_all(all_texts: list[str]) -> None:
    from transforms.cable_parser import CableParseError, parse_cable

    for text in all_texts:
        try:
            parse_cable(text, {})
        except CableParseError:
            pass


def rounds(all_texts: list[str], count: int) -> list[float]:
    """Cables/s of each round, in CPU time."""
    parse_all(all_texts)        # warm: caches, lazily compiled patterns
    speeds = []
    for _ in range(count):
        started = time.process_time()
        parse_all(all_texts)
        speeds.append(len(all_texts) / (time.process_time() - started))
    return speeds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--repo-texts", metavar="DIR", type=Path,
                        help="parse the text cables of this checkout instead of the corpus (to "
                             "time two versions of the parser on the same texts)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=int, metavar="N", help="print the top N functions")
    args = parser.parse_args(argv)
    all_texts = repo_texts(args.repo_texts) if args.repo_texts else texts(args.corpus)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(parse_all, all_texts * 3)
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
        return 0
    speeds = rounds(all_texts, args.rounds)
    print(f"{len(all_texts)} texts, {sum(map(len, all_texts)) / 1e6:.1f} M characters; "
          f"{args.rounds} rounds, CPU time: best {max(speeds):,.0f} cables/s, "
          f"median {statistics.median(speeds):,.0f}, worst {min(speeds):,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
