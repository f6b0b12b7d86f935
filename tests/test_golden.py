"""The golden set: real cables with hand-checked expected records, in every input format.

tests/data/valid/ID.json is the expected record for ID.txt (see tests/data/valid/README.md).
Each format of the cable goes through the real code path (`inspect_inputs.parse_file`, what
`cable-ingest parse` prints) and is compared field by field:
  text  every field of ID.json, warnings included;
  html  the same, except that reference_id, created, classification, origin and released are the
        page's metadata table, and warnings are not compared (they differ by format);
  csv   like html, with the row's columns as metadata and no released.
A field listed in KNOWN_ISSUES.md is a known parser bug: its test is xfail(strict=True), so it
turns red (XPASS) the day the parser is fixed, and the list must then be updated.
"""
import csv
import functools
import json
import os
import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest

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
            if not os.path.exists(os.path.join(VALID, cable + SUFFIX[fmt])):
                continue
            for field in expected_record(cable):
                if field == "warnings" and fmt != "text":
                    continue
                marks = []
                if (cable, field, fmt) in known_issues():
                    marks.append(pytest.mark.xfail(strict=True, reason="listed in KNOWN_ISSUES.md"))
                yield pytest.param(cable, fmt, field, marks=marks, id=f"{cable}-{fmt}-{field}")


@pytest.mark.parametrize("cable, fmt, field", list(cases()))
def test_golden_field(cable, fmt, field):
    got = parsed(cable, fmt)
    assert got.get("valid"), f"{cable} ({fmt}) rejected: {got.get('errors')}"
    assert got.get(field) == expected_value(cable, fmt, field)


RECORD_FIELDS = ("reference_id", "created", "date_time_group", "precedence", "classification", "handling",
                 "origin", "sender", "transmission_id", "routing", "recipients", "info_recipients",
                 "sections", "executive_order", "declassify_on", "classified_by",
                 "classification_reasons", "tags", "subject", "references", "summary", "comment",
                 "paragraphs", "signed_by", "body", "partial", "redactions", "released", "warnings")


@pytest.mark.parametrize("cable", golden_ids())
def test_golden_record_is_complete(cable):
    """Every golden record lists every field of the schema but the run-specific ones."""
    assert sorted(expected_record(cable)) == sorted(RECORD_FIELDS)


@pytest.mark.parametrize("cable", golden_ids())
def test_golden_fixtures_exist(cable):
    """Each golden cable has its text and page; its text is the page's two <pre> blocks."""
    for fmt in ("text", "html"):
        assert os.path.exists(os.path.join(VALID, cable + SUFFIX[fmt])), (cable, fmt)


def test_known_issues_name_golden_cables_and_fields():
    """A row of KNOWN_ISSUES.md that names no golden cable or field would hide nothing: a typo."""
    ids = set(golden_ids())
    for cable, field, _ in known_issues():
        assert cable in ids, cable
        assert field in RECORD_FIELDS, (cable, field)


def test_golden_set_coverage():
    """The set keeps covering every era, post type and classification it was chosen for."""
    records = [expected_record(cable) for cable in golden_ids()]
    assert len(records) >= 60
    years = {int(r["reference_id"][:2]) for r in records}
    assert {75, 86, 90} <= years and set(range(4, 11)) <= years
    classifications = {r["classification"] for r in records}
    assert classifications >= {"UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "CONFIDENTIAL",
                               "CONFIDENTIAL//NOFORN", "SECRET", "SECRET//NOFORN"}
    origins = " ".join(r["origin"] for r in records)
    for post_type in ("Embassy", "Consulate", "Secretary of State", "USEU", "UNVIE", "RPO"):
        assert post_type in origins, post_type
    assert any(r["partial"] for r in records) and any(not r["date_time_group"] for r in records)
