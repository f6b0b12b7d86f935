"""Add real cables to the golden set (tests/data/valid/): fixtures in every format and a DRAFT record.

Usage: .venv/bin/python tests/tools/make_golden.py PAGE.html [PAGE.html ...]
           [--csv ../shared/corpus/cables-sample.csv] [--out tests/data/valid] [--force]

For each Cablegate page it writes, named after the page's reference id:
  ID.html   the page as is (bytes);
  ID.txt    the plain text exactly as ../shared/tools/score-dev builds it: the two <pre> blocks
            with anchors dropped and entities unescaped, joined as header, blank line, body;
  ID.csv    the cable's row of the cables.csv sample, its exact bytes (only when it is there);
  ID.json   a DRAFT of the expected record, parsed from ID.txt by the real code path.
The draft is the parser's opinion, not the truth: read the cable, correct every wrong field by
hand and list each correction in KNOWN_ISSUES.md before committing it. An existing ID.json is
never overwritten without --force, so hand-checked records are not lost by accident.
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

from transforms.formats._csv import iter_csv_rows  # noqa: E402
from transforms.inspect_inputs import parse_file  # noqa: E402

DEFAULT_OUT = os.path.join(REPO, "tests", "data", "valid")
DEFAULT_CSV = os.path.join(REPO, "..", "shared", "corpus", "cables-sample.csv")

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
        record = draft_record(base + ".txt")
        with open(base + ".json", "w", encoding="utf-8") as stream:
            json.dump(record, stream, indent=1, ensure_ascii=False, default=to_json_value)
            stream.write("\n")
    return reference_id


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--csv", default=DEFAULT_CSV)
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="overwrite existing ID.json drafts")
    args = parser.parse_args(argv)
    csv_rows = csv_rows_by_id(args.csv) if os.path.exists(args.csv) else {}
    for page_path in args.pages:
        print(add_page(page_path, args.out, csv_rows, args.force))
    return 0


if __name__ == "__main__":
    sys.exit(main())
