"""Add real cables to the golden set (tests/data/valid/): fixtures in every format and a DRAFT record.

Usage: .venv/bin/python tests/tools/make_golden.py PAGE.html [PAGE.html ...]
           [--csv ../shared/corpus/cables-sample.csv] [--out tests/data/valid] [--force]
       .venv/bin/python tests/tools/make_golden.py --add-field NAME [--out tests/data/valid]

For each Cablegate page it writes, named after the page's reference id:
  ID.html   the page as is (bytes);
  ID.txt    the plain text exactly as ../shared/tools/score-dev builds it: the two <pre> blocks
            with anchors dropped and entities unescaped, joined as header, blank line, body;
  ID.csv    the cable's row of the cables.csv sample, its exact bytes (only when it is there);
  ID.json   a DRAFT of the expected record, parsed from ID.txt by the real code path.
The draft is the parser's opinion, not the truth: read the cable, correct every wrong field by
hand and list each correction in KNOWN_ISSUES.md before committing it. An existing ID.json is
never overwritten without --force, so hand-checked records are not lost by accident.

--add-field NAME, after a field NAME was added to schemas/cable.avsc, fills that one field of every
golden ID.json from the parser's record of its ID.txt, at the schema's position, and leaves every
other (hand-checked) value as it is. A record that already has the field is left alone. The new
values are drafts too: check them by hand like any other.
"""
import argparse
import csv
import html
import io
import json
import os
import re
import shutil
import sys
from datetime import date, datetime

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, REPO)

import schemas  # noqa: E402
from transforms.formats._csv import iter_csv_rows  # noqa: E402
from transforms.inspect_inputs import parse_file  # noqa: E402

DEFAULT_OUT = os.path.join(REPO, "tests", "data", "valid")
def default_csv() -> str:
    """The shared corpus' CSV sample, looked for beside the checkout and beside its parents (a
    worktree sits deeper than the main checkout)."""
    here = REPO
    for _ in range(3):
        here = os.path.dirname(here)
        candidate = os.path.join(here, "shared", "corpus", "cables-sample.csv")
        if os.path.exists(candidate):
            return candidate
    return os.path.join(os.path.dirname(REPO), "shared", "corpus", "cables-sample.csv")

# Fields of the record the golden JSON leaves out: they describe the run, not the cable.
NOT_GOLDEN = ("source", "ingested_at", "pipeline_version", "valid", "errors")

# The same extraction as score-dev, so ID.txt is byte for byte the text-mode input it scores.
# The first link of the metadata table is the reference id.
REFERENCE_ID = re.compile(r"<table class='cable'>.*?<a href='[^']*'>([^<]+)</a>", re.S)
PRE_BLOCK = re.compile(r"<code><pre>(.*?)</pre></code>", re.S)
ANCHOR = re.compile(r"<a[^>]*>|</a>")


def page_text(page: str) -> str:
    """Header and body <pre> blocks as plain text, the way score-dev writes its text inputs."""
    blocks = [html.unescape(ANCHOR.sub("", block)) for block in PRE_BLOCK.findall(page)[:2]]
    return blocks[0].rstrip() + "\n\n" + blocks[1]


def csv_rows_by_id(csv_path: str) -> dict[str, bytes]:
    """Raw bytes of each row of the CSV sample, by reference id (third column)."""
    rows = {}
    with open(csv_path, "rb") as stream:
        for row in iter_csv_rows(stream):
            if row.fields:
                rows[row.fields[2]] = row.raw
    return rows


def check_single_row(raw: bytes, reference_id: str) -> None:
    """The cut row must read back, with the csv module alone, as one 8-column row of this cable."""
    reader = csv.reader(io.StringIO(raw.decode("utf-8")), escapechar="\\", doublequote=False)
    rows = list(reader)
    if len(rows) != 1 or len(rows[0]) != 8 or rows[0][2] != reference_id:
        raise SystemExit(f"{reference_id}: the CSV row does not read back as one row")


def to_json_value(value):
    if isinstance(value, (datetime, date)):
        text = value.isoformat()
        return text.replace("+00:00", "Z")
    raise TypeError(f"not JSON serialisable: {value!r}")


def draft_record(txt_path: str) -> dict:
    """The parser's record for the text fixture, without the run-specific fields."""
    results = list(parse_file(txt_path, "text"))
    if len(results) != 1:
        raise SystemExit(f"{txt_path}: {len(results)} results, expected one")
    result = results[0]
    if not result.get("valid"):
        print(f"  warning: {txt_path} is not valid: {result.get('errors')}")
    return {key: value for key, value in result.items() if key not in NOT_GOLDEN}


def write_record(path: str, record: dict) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(record, stream, indent=1, ensure_ascii=False, default=to_json_value)
        stream.write("\n")


def add_field(name: str, out: str) -> list[str]:
    """Fill field `name` of every golden record in `out` from the parser; return the ids changed."""
    schema_order = [field["name"] for field in schemas.load_json("cable")["fields"]]
    if name not in schema_order or name in NOT_GOLDEN:
        raise SystemExit(f"--add-field {name}: not a field of a golden record in schemas/cable.avsc")
    changed = []
    for json_name in sorted(os.listdir(out)):
        if not json_name.endswith(".json"):
            continue
        path = os.path.join(out, json_name)
        with open(path, encoding="utf-8") as stream:
            record = json.load(stream)
        if name in record:
            continue
        record[name] = draft_record(path[:-5] + ".txt")[name]
        rank = {field: index for index, field in enumerate(schema_order)}
        record = dict(sorted(record.items(), key=lambda item: rank.get(item[0], len(rank))))
        write_record(path, record)
        changed.append(json_name[:-5])
    return changed


def add_page(page_path: str, out: str, csv_rows: dict, force: bool) -> str:
    with open(page_path, "rb") as stream:
        page_bytes = stream.read()
    page = page_bytes.decode("utf-8")
    reference_id = REFERENCE_ID.search(page).group(1)
    base = os.path.join(out, reference_id)
    shutil.copyfile(page_path, base + ".html")
    with open(base + ".txt", "w", encoding="utf-8", newline="") as stream:
        stream.write(page_text(page))
    if reference_id in csv_rows:
        check_single_row(csv_rows[reference_id], reference_id)
        with open(base + ".csv", "wb") as stream:
            stream.write(csv_rows[reference_id])
    if force or not os.path.exists(base + ".json"):
        write_record(base + ".json", draft_record(base + ".txt"))
    return reference_id


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--csv", default=default_csv())
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="overwrite existing ID.json drafts")
    parser.add_argument("--add-field", metavar="NAME",
                        help="fill only field NAME of every golden ID.json from the parser")
    args = parser.parse_args(argv)
    if args.add_field:
        for reference_id in add_field(args.add_field, args.out):
            print(reference_id)
        return 0
    if not args.pages:
        parser.error("give Cablegate pages to add, or --add-field NAME")
    if not os.path.exists(args.csv):
        parser.error(f"no CSV sample at {args.csv}: give --csv (the .csv fixtures come from it)")
    csv_rows = csv_rows_by_id(args.csv)
    for page_path in args.pages:
        print(add_page(page_path, args.out, csv_rows, args.force))
    return 0


if __name__ == "__main__":
    sys.exit(main())
