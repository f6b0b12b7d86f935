"""How well the parser dates a partial extract without a DTG, measured where the answer is known:
the corpus' dated text cables made into such extracts.

    .venv/bin/python -m benchmarks.undated                  # the figures
    .venv/bin/python -m benchmarks.undated --show 20        # and the first 20 wrong days
    .venv/bin/python -m benchmarks.undated --save /tmp/a.json   # each cable's estimate, to...
    .venv/bin/python -m benchmarks.undated --compare /tmp/a.json  # ...count the moves of a rule

The partial extracts of the Cablegate release (29 in the development corpus) lack the routing
header: they open with the release's notice and go on at the body's classification line, with
no transmission line, DE line, precedence and DTG line, FM, TO or INFO. Some keep their DTG
alone on a line of its own (`141216Z Jul 05`); those are dated by it. So each dated corpus text
(its two <pre> blocks, as `benchmarks.parser_outputs` reads them) is cut the same way
(`as_extract`): the notice, then the body as the parser splits it off the header, without a line
that is a DTG with or without its precedence (`R 171512Z JAN 90`, `141216Z Jul 05`). What the
body says of dates stays: REF lines with a DTG, `FOLLOWING STATE 127892 DATED 150910Z DEC 09`.

Each extract is parsed (parse_cable, text alone) and its `created` and `reference_id` compared
with the Cablegate page's: right year, right day, right reference id, and the error in days of
every estimate (estimate less the cable's day). The 29 real extracts are not in this set (they
are scored by score-dev's `text, partial extracts without a DTG` row): rules are judged here,
not on them.
"""
import argparse
import json
import os
import re
import sys
from pathlib import Path

from benchmarks.parser_outputs import DEFAULT_CORPUS, corpus_inputs

# The release's notice over every partial extract.
NOTICE = ("This record is a partial extract of the original cable. The full text of the "
          "original cable is not available.")
# A line that is a DTG, with or without its precedence letters: what an extract lacks.
DTG_LINE = re.compile(r"""
    ^\s*(?:[OPRZ]{1,2}\s+)?                        # the precedence: R, O, OO, PP, Z...
    \d{6}Z\s+[A-Za-z]{3}\s+\d{2}                   # 171512Z JAN 90, 141216Z Jul 05
    \s*$
""", re.VERBOSE)
# The error buckets, in days (estimate less the cable's day): (label, lowest, highest).
BUCKETS = (
    ("a year or more early", None, -365), ("1-12 months early", -364, -32),
    ("8-31 days early", -31, -8), ("2-7 days early", -7, -2), ("1 day early", -1, -1),
    ("right day", 0, 0), ("1 day late", 1, 1), ("2-7 days late", 2, 7),
    ("8-31 days late", 8, 31), ("1-12 months late", 32, 364), ("a year or more late", 365, None),
)


def as_extract(text: str) -> str:
    """A dated cable's text as a partial extract without its DTG (see the module's docstring)."""
    from transforms.cable_parser._header import split_header_lines

    _, body = split_header_lines(text)
    lines = [line for line in str(body).split("\n") if not DTG_LINE.match(line)]
    body = "\n".join(lines).strip("\n")
    if body.startswith(NOTICE):     # an extract that kept its DTG line under the notice
        body = body[len(NOTICE):].lstrip("\n")
    return f"{NOTICE}\n\n{body}\n"


def dated_cables(corpus: str) -> dict[str, tuple[str, dict]]:
    """{name: (text, page metadata)} of the corpus' text cables that hold a DTG (as score-dev
    tells them: a DTG anywhere in the text)."""
    from transforms.cable_parser._dates import DTG

    inputs = corpus_inputs(corpus)
    return {name[len("text/"):]: (text, inputs[f"html/{name[len('text/'):]}"][1])
            for name, (text, _) in inputs.items()
            if name.startswith("text/") and DTG.search(text)}


def estimates(corpus: str) -> dict[str, dict]:
    """{name: {truth, created, reference_id, true_id, dated, decl}} of every dated cable as an
    extract; created None when there is no estimate (or the parse failed)."""
    from transforms.cable_parser import CableParseError, parse_cable

    found = {}
    for name, (text, page) in sorted(dated_cables(corpus).items()):
        try:
            fields = parse_cable(as_extract(text)).fields
        except CableParseError:
            fields = {}
        found[name] = {
            "truth": _day(page.get("created")),
            "true_id": page.get("reference_id"),
            "created": _day(fields.get("created")),
            "reference_id": fields.get("reference_id"),
            "dated": bool(fields.get("date_time_group")),
            "estimated": "created_estimated" in (fields.get("warnings") or []),
            "decl": _day(fields.get("declassify_on")),
        }
    return found


def _day(value) -> str | None:
    """'YYYY-MM-DD' of a date, datetime or ISO string; None for None."""
    if value is None or value == "":
        return None
    return (value.isoformat() if hasattr(value, "isoformat") else str(value))[:10]


def error_days(entry: dict) -> int | None:
    """The estimate less the cable's day, in days; None without an estimate."""
    from datetime import date

    if not entry["created"] or not entry["truth"]:
        return None
    return (date.fromisoformat(entry["created"]) - date.fromisoformat(entry["truth"])).days


def report(found: dict[str, dict]) -> list[str]:
    """The figures, as lines."""
    errors = {name: error_days(entry) for name, entry in found.items()}
    made = [days for days in errors.values() if days is not None]
    years = sum(found[name]["created"][:4] == found[name]["truth"][:4]
                for name, days in errors.items() if days is not None)
    ids = sum(entry["reference_id"] == entry["true_id"] for entry in found.values())
    dated = sum(entry["dated"] for entry in found.values())
    unwarned = sum(not entry["estimated"] for name, entry in found.items()
                   if errors[name] is not None)
    lines = [
        f"{len(found)} dated corpus texts as extracts without their DTG: {len(made)} estimated, "
        f"{len(found) - len(made)} without an estimate (no DECL date)"
        + (f", {dated} still dated by a DTG (the cut missed it)" if dated else ""),
        f"  right year          {years:>4} / {len(made)}",
        f"  right day           {made.count(0):>4} / {len(made)}",
        f"  right reference_id  {ids:>4} / {len(found)}",
    ]
    if unwarned:
        lines.append(f"  estimates without the warning created_estimated: {unwarned}")
    lines.append("  error of the estimate (estimate less the cable's day):")
    for label, low, high in BUCKETS:
        count = sum((low is None or days >= low) and (high is None or days <= high)
                    for days in made)
        lines.append(f"    {label:<22} {count:>4}")
    return lines


def misses(found: dict[str, dict], limit: int) -> list[str]:
    """The first `limit` estimates off by a day or more, largest error first."""
    wrong = sorted(((abs(days), name, days) for name, entry in found.items()
                    if (days := error_days(entry))), reverse=True)
    return [f"  {found[name]['true_id']}: {found[name]['truth']} estimated {found[name]['created']}"
            f" ({days:+d} days; DECL {found[name]['decl']}; id {found[name]['reference_id']})"
            for _, name, days in wrong[:limit]]


def moves(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    """The estimates a change moved, each closer to the cable's day or farther."""
    closer, farther, lines = 0, 0, []
    for name in sorted(before.keys() & after.keys()):
        old, new = error_days(before[name]), error_days(after[name])
        if old == new:
            continue
        if old is not None and new is not None and abs(new) < abs(old):
            closer += 1
            how = "closer"
        elif old is not None and new is not None and abs(new) == abs(old):
            how = "as far"
        else:
            farther += 1
            how = "farther"
        lines.append(f"  {after[name]['true_id']}: {before[name]['created']} -> "
                     f"{after[name]['created']} (truth {after[name]['truth']}): {how}")
    lines.append(f"{len(lines)} estimates moved: {closer} closer, {farther} farther")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--show", type=int, default=0, metavar="N",
                        help="print the N estimates farthest from their cable's day")
    parser.add_argument("--save", metavar="FILE", help="write each cable's estimate to FILE")
    parser.add_argument("--compare", metavar="FILE",
                        help="list the estimates that moved since --save wrote FILE")
    args = parser.parse_args(argv)
    if not os.path.isdir(os.path.join(args.corpus, "cablegate-html")):
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    found = estimates(args.corpus)
    print("\n".join(report(found)))
    if args.show:
        print("\n".join(misses(found, args.show)))
    if args.save:
        Path(args.save).write_text(json.dumps(found), encoding="utf-8")
    if args.compare:
        before = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        print("\n".join(moves(before, found)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
