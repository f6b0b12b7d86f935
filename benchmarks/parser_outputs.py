"""Whole parser outputs on every input at hand, saved and compared: proof that a parser change
kept the output (or a list of exactly what it changed).

    .venv/bin/python -m benchmarks.parser_outputs save /tmp/before.json
    <change the parser>
    .venv/bin/python -m benchmarks.parser_outputs compare /tmp/before.json   # exit 1 on a change

Inputs: the corpus' Cablegate pages (`--corpus`, default /work/shared/corpus when present) as
text alone and with their metadata, the rows of its `cables-sample.csv`, the repo's own text
cables (samples/, tests/data/), the adversarial inputs, and three variants of every text (lower
case, trailing spaces on every line, everything on one line) that reach other code paths. Each
output is `parse_cable`'s fields and evidence, or the CableParseError's code and message.
"""
import argparse
import csv
import glob
import json
import os
import sys
from pathlib import Path

from benchmarks.adversarial import CASES

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = "/work/shared/corpus"


def corpus_inputs(corpus: str) -> dict[str, tuple[str, dict]]:
    """{name: (text, metadata)} of the pages and CSV rows of a corpus directory."""
    from transforms import formats

    inputs = {}
    for path in sorted(glob.glob(os.path.join(corpus, "cablegate-html", "**", "*.html"),
                                 recursive=True)):
        page = Path(path).read_text(encoding="utf-8", errors="surrogateescape")
        try:
            text, metadata = formats.html_to_cable(page)
        except formats.FormatError:
            continue
        name = Path(path).stem
        inputs[f"html/{name}"] = (text, metadata)
        inputs[f"text/{name}"] = (text, {})
    sample = os.path.join(corpus, "cables-sample.csv")
    if os.path.exists(sample):
        csv.field_size_limit(sys.maxsize)
        with open(sample, encoding="utf-8", newline="") as stream:
            reader = csv.reader(stream, escapechar="\\", doublequote=False)
            for number, fields in enumerate(reader):
                try:
                    inputs[f"csv/{number}"] = formats.csv_row_to_cable(fields)
                except formats.FormatError:
                    continue
    return inputs


def repo_inputs() -> dict[str, tuple[str, dict]]:
    """The repo's text cables and the adversarial inputs."""
    inputs = {}
    for path in sorted([*REPO.glob("samples/*.txt"), *REPO.glob("tests/data/**/*.txt")]):
        inputs[f"repo/{path.relative_to(REPO)}"] = (
            path.read_text(encoding="utf-8", errors="surrogateescape"), {})
    for case in CASES:
        inputs[f"adversarial/{case.name}"] = (case.make(), {})
    return inputs


def variants(inputs: dict[str, tuple[str, dict]]) -> dict[str, tuple[str, dict]]:
    """Lower case, trailing spaces, one line: for the texts without metadata."""
    made = {}
    for name, (text, metadata) in inputs.items():
        if metadata or name.startswith("adversarial/"):
            continue
        made[f"lower/{name}"] = (text.lower(), {})
        made[f"spaced/{name}"] = (text.replace("\n", "  \n"), {})
        made[f"oneline/{name}"] = (text.replace("\n", " "), {})
    return made


def all_inputs(corpus: str) -> dict[str, tuple[str, dict]]:
    inputs = {**(corpus_inputs(corpus) if os.path.isdir(corpus) else {}), **repo_inputs()}
    return {**inputs, **variants(inputs)}


def output_of(text: str, metadata: dict) -> dict:
    from transforms.cable_parser import CableParseError, parse_cable

    try:
        parsed = parse_cable(text, metadata)
    except CableParseError as error:
        return {"error": error.code, "message": str(error)}
    return {"fields": parsed.fields, "evidence": parsed.evidence}


def as_json(value) -> str:
    return json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False)


def outputs(corpus: str) -> dict[str, str]:
    return {name: as_json(output_of(text, metadata))
            for name, (text, metadata) in all_inputs(corpus).items()}


def differences(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """One line per input whose output changed, naming the fields that changed."""
    lines = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if old is None or new is None:
            lines.append(f"{name}: {'new input' if old is None else 'input gone'}")
            continue
        old, new = json.loads(old), json.loads(new)
        fields = sorted(key for part in ("fields", "evidence", "error", "message")
                        for key in _changed_keys(old.get(part), new.get(part), part))
        lines.append(f"{name}: {', '.join(fields)}")
    return lines


def _changed_keys(old, new, part: str) -> list[str]:
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return [f"{part}.{key}" for key in old.keys() | new.keys() if old.get(key) != new.get(key)]
    return [part]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("file")
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--show", metavar="NAME", help="print both outputs of one input")
    args = parser.parse_args(argv)
    now = outputs(args.corpus)
    if args.action == "save":
        Path(args.file).write_text(json.dumps(now), encoding="utf-8")
        print(f"{len(now)} outputs saved to {args.file}")
        return 0
    before = json.loads(Path(args.file).read_text(encoding="utf-8"))
    if args.show:
        print("before:", before.get(args.show), "\nafter: ", now.get(args.show), sep="\n")
    changed = differences(before, now)
    print("\n".join(changed))
    print(f"{len(changed)} of {len(now)} outputs changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
