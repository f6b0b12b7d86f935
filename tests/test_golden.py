"""The golden set: real cables with hand-checked expected records, in every input format.

tests/data/valid/ID.json is the expected record for ID.txt (see tests/data/valid/README.md).
Each format of the cable goes through the real code path (`inspect_inputs.parse_file`, what
`cable-ingest parse` prints) and the whole record is compared with the expected one, one test per
(cable, format), whose failure lists every differing field as `field: expected X, got Y`:
  text  every field of ID.json, warnings included;
  html  the same, except that reference_id, created, classification, origin and released are the
        page's metadata table, and warnings are not compared (they differ by format);
  csv   like html, with the row's columns as metadata and no released.
A (cable, field, format) listed in KNOWN_ISSUES.md is a known parser bug: that field must differ
(strict: the test fails the day the parser gets it right, and the row must then be deleted); any
other differing field fails the test.
"""
import csv
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from html.parser import HTMLParser

import pytest

import schemas

from transforms.inspect_inputs import parse_file

VALID = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "valid")
KNOWN_ISSUES = os.path.join(VALID, "KNOWN_ISSUES.md")
FORMATS = ("text", "html", "csv")
SUFFIX = {"text": ".txt", "html": ".html", "csv": ".csv"}
METADATA_FIELDS = ("reference_id", "created", "classification", "origin", "released")

# A row of the table in KNOWN_ISSUES.md: | cable | field | formats | expected | got | cause |
ISSUE_ROW = re.compile(r"""
    ^\|\s* (?P<cable>\d{2}[A-Z]+\d+) \s*      # reference id of a golden cable
    \|\s* `?(?P<field>[a-z_]+)`? \s*          # record field
    \|\s* (?P<formats>[a-z, ]+?) \s*\|        # 'all' or a list of text, html, csv
    """, re.VERBOSE)


def golden_ids() -> list[str]:
    return sorted(name[:-5] for name in os.listdir(VALID) if name.endswith(".json"))


@functools.cache
def known_issues() -> frozenset:
    """(cable, field, format) triples the parser is known to get wrong."""
    issues = set()
    with open(KNOWN_ISSUES, encoding="utf-8") as stream:
        for line in stream:
            match = ISSUE_ROW.match(line)
            if not match:
                continue
            formats = [f.strip() for f in match["formats"].split(",")]
            for fmt in FORMATS if formats == ["all"] else formats:
                assert fmt in FORMATS, f"KNOWN_ISSUES.md: unknown format {fmt!r} in {line!r}"
                issues.add((match["cable"], match["field"], fmt))
    return frozenset(issues)


def as_json(value):
    """Record values as ID.json writes them: ISO-8601 timestamps with Z, ISO dates."""
    def default(item):
        if isinstance(item, (datetime, date)):
            return item.isoformat().replace("+00:00", "Z")
        raise TypeError(repr(item))
    return json.loads(json.dumps(value, default=default))


@functools.cache
def expected_record(cable: str) -> dict:
    with open(os.path.join(VALID, cable + ".json"), encoding="utf-8") as stream:
        return json.load(stream)


@functools.cache
def parsed(cable: str, fmt: str) -> dict:
    results = list(parse_file(os.path.join(VALID, cable + SUFFIX[fmt]), fmt))
    assert len(results) == 1, f"{cable}{SUFFIX[fmt]}: {len(results)} results"
    return as_json(results[0])


class _MetadataTable(HTMLParser):
    """Cell texts of the page's metadata table (<table class='cable'>), header row skipped."""

    def __init__(self):
        super().__init__()
        self.in_table = self.in_cell = False
        self.cells: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "cable") in attrs:
            self.in_table = True
        elif tag == "td" and self.in_table:
            self.in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif tag == "td":
            self.in_cell = False

    def handle_data(self, data):
        if self.in_cell:
            self.cells[-1] += data.strip()


def page_timestamp(text: str) -> str:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").isoformat() + "Z"


def csv_timestamp(text: str) -> str:
    return datetime.strptime(text, "%m/%d/%Y %H:%M").isoformat() + "Z"


@functools.cache
def source_metadata(cable: str, fmt: str) -> dict:
    """The metadata the HTML page's table or the CSV row's columns carry."""
    path = os.path.join(VALID, cable + SUFFIX[fmt])
    if fmt == "html":
        table = _MetadataTable()
        with open(path, encoding="utf-8") as stream:
            table.feed(stream.read())
        reference_id, created, released, classification, origin = table.cells[:5]
        return dict(reference_id=reference_id, created=page_timestamp(created),
                    released=page_timestamp(released), classification=classification, origin=origin)
    with open(path, encoding="utf-8", newline="") as stream:
        (row,) = list(csv.reader(stream, escapechar="\\", doublequote=False))
    return dict(reference_id=row[2], created=csv_timestamp(row[1]), released=None,
                classification=row[4], origin=row[3])


def expected_value(cable: str, fmt: str, field: str):
    record = expected_record(cable)
    if fmt == "text" or field not in METADATA_FIELDS:
        return record[field]
    metadata = source_metadata(cable, fmt)
    if field == "created" and record["date_time_group"] and record["created"][:10] == metadata["created"][:10]:
        return record["created"]  # same day: the metadata time is not the DTG's, the DTG is kept
    return metadata[field]


def cases():
    for cable in golden_ids():
        for fmt in FORMATS:
            if os.path.exists(os.path.join(VALID, cable + SUFFIX[fmt])):
                yield pytest.param(cable, fmt, id=f"{cable}-{fmt}")


def compared_fields(cable: str, fmt: str) -> list[str]:
    return [field for field in expected_record(cable) if field != "warnings" or fmt == "text"]


# A differing value is shown whole when short, else around its first difference.
SHOWN_CHARS = 160


def shown(value, other) -> str:
    text, other_text = json.dumps(value, ensure_ascii=False), json.dumps(other, ensure_ascii=False)
    if len(text) <= SHOWN_CHARS:
        return text
    start = next((i for i, (a, b) in enumerate(zip(text, other_text)) if a != b), len(other_text))
    start = max(0, start - SHOWN_CHARS // 4)
    return ("..." if start else "") + text[start:start + SHOWN_CHARS] + "..."


def field_diff(field: str, expected, got) -> str:
    """`field: expected X, got Y`; for lists, the first differing item and the lengths."""
    if isinstance(expected, list) and isinstance(got, list):
        index = next((i for i, (a, b) in enumerate(zip(expected, got)) if a != b), min(len(expected), len(got)))
        item_expected = expected[index] if index < len(expected) else "(none)"
        item_got = got[index] if index < len(got) else "(none)"
        return (f"{field}: expected {len(expected)} items, got {len(got)}; item [{index}]: "
                f"expected {shown(item_expected, item_got)}, got {shown(item_got, item_expected)}")
    return f"{field}: expected {shown(expected, got)}, got {shown(got, expected)}"


@pytest.mark.parametrize("cable, fmt", list(cases()))
def test_golden_record(cable, fmt):
    got = parsed(cable, fmt)
    assert got.get("valid"), f"{cable} ({fmt}) rejected: {got.get('errors')}"
    differing = {field for field in compared_fields(cable, fmt)
                 if got.get(field) != expected_value(cable, fmt, field)}
    known = {field for (known_cable, field, known_fmt) in known_issues()
             if known_cable == cable and known_fmt == fmt}
    problems = [field_diff(field, expected_value(cable, fmt, field), got.get(field))
                for field in compared_fields(cable, fmt) if field in differing - known]
    problems += [f"{field}: listed in KNOWN_ISSUES.md but now right: delete the row"
                 for field in sorted(known - differing)]
    if problems:
        pytest.fail(f"{cable} ({fmt}):\n  " + "\n  ".join(problems), pytrace=False)
    if known:
        pytest.xfail(f"known issues (KNOWN_ISSUES.md): {', '.join(sorted(known))}")


def record_fields() -> set[str]:
    """The fields of a golden record: the schema's, less those describing the run."""
    return {field["name"] for field in schemas.load_json("cable")["fields"]} - {
        "source", "ingested_at", "pipeline_version"}


@pytest.mark.parametrize("cable", golden_ids())
def test_golden_fixtures_exist(cable):
    """Each golden cable has its text and page, and its record is named after its reference id."""
    assert expected_record(cable)["reference_id"] == cable
    for fmt in ("text", "html"):
        assert os.path.exists(os.path.join(VALID, cable + SUFFIX[fmt])), (cable, fmt)


def test_known_issues_name_golden_cables_and_fields():
    """A row of KNOWN_ISSUES.md that names no golden cable, field or fixture would hide nothing: a typo."""
    ids = set(golden_ids())
    for cable, field, fmt in known_issues():
        assert cable in ids, cable
        assert field in record_fields(), (cable, field)
        assert os.path.exists(os.path.join(VALID, cable + SUFFIX[fmt])), (cable, fmt)
        assert field != "warnings" or fmt == "text", (cable, "warnings are compared for text only")


def test_golden_set_coverage():
    """The set keeps covering every era, post type and classification it was chosen for."""
    records = [expected_record(cable) for cable in golden_ids()]
    assert len(records) >= 150
    years = {int(r["reference_id"][:2]) for r in records}
    assert {75, 86, 90} <= years and set(range(2, 11)) <= years
    classifications = {r["classification"] for r in records}
    assert classifications >= {"UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "CONFIDENTIAL",
                               "CONFIDENTIAL//NOFORN", "SECRET", "SECRET//NOFORN"}
    origins = " ".join(r["origin"] for r in records)
    for post_type in ("Embassy", "Consulate", "Secretary of State", "USEU", "UNVIE", "RPO"):
        assert post_type in origins, post_type
    assert sum(r["partial"] for r in records) >= 15 and any(not r["date_time_group"] for r in records)
    assert len({r["origin"] for r in records if r["origin"].startswith("Embassy")}) >= 50, "embassies"
    assert sum((r["sections"] or 0) > 1 for r in records) >= 50, "multi-section cables"
    assert sum(any(", " in tag for tag in r["tags"]) for r in records) >= 3, "person tags"
    assert sum(bool(r["references"]) for r in records) >= 50, "REF lists"


MAKE_GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tools", "make_golden.py")


def test_make_golden_add_field_fills_only_the_new_field(tmp_path):
    """--add-field NAME fills NAME from the parser in every golden record and keeps the hand values."""
    for cable in ("05SOFIA1207", "08BERLIN1068"):
        shutil.copyfile(os.path.join(VALID, cable + ".txt"), tmp_path / (cable + ".txt"))
        record = dict(expected_record(cable))
        del record["subject"]  # as if `subject` were new in the schema
        record["comment"] = "hand-corrected value"
        (tmp_path / (cable + ".json")).write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "05SOFIA1207.json").write_text(
        json.dumps({**json.loads((tmp_path / "05SOFIA1207.json").read_text()), "subject": "kept"}))

    result = subprocess.run([sys.executable, MAKE_GOLDEN, "--add-field", "subject", "--out", str(tmp_path)],
                            capture_output=True, text=True, check=True)

    assert result.stdout.split() == ["08BERLIN1068"]
    berlin = json.loads((tmp_path / "08BERLIN1068.json").read_text(encoding="utf-8"))
    assert berlin["subject"] == parsed("08BERLIN1068", "text")["subject"] is not None
    assert berlin["comment"] == "hand-corrected value"
    assert {k: v for k, v in berlin.items() if k not in ("subject", "comment")} == {
        k: v for k, v in expected_record("08BERLIN1068").items() if k not in ("subject", "comment")}
    assert list(berlin) == [name for name in (f["name"] for f in schemas.load_json("cable")["fields"])
                            if name in berlin], "fields in the schema's order"
    assert json.loads((tmp_path / "05SOFIA1207.json").read_text())["subject"] == "kept"


def test_make_golden_add_field_refuses_an_unknown_field(tmp_path):
    result = subprocess.run([sys.executable, MAKE_GOLDEN, "--add-field", "no_such_field", "--out", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "no_such_field" in result.stderr
