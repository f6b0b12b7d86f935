"""One source for the record's shape: the top-level fields of schemas/cable.avsc.

The parser's fields, every golden record, the BigQuery table schema and the README's `Cable`
table must list exactly those fields (by name: a field's type may change without touching this
test). The parser leaves out what describes the run rather than the cable (`source`,
`ingested_at`, `pipeline_version`); so do the golden records.
"""
import json
import os
import re

import pytest

import schemas
from schemas.bigquery import table_schema
from transforms.cable_parser import parse_cable

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VALID = os.path.join(REPO, "tests", "data", "valid")
README = os.path.join(REPO, "README.md")
RUN_FIELDS = {"source", "ingested_at", "pipeline_version"}

# A row of a Markdown table whose first cell is a field name in backticks, maybe bold: | **`name`** |
TABLE_ROW = re.compile(r"""
    ^\|\s* (?:\*\*)? `(?P<name>[a-z_]+)` (?:\*\*)? \s*\|
    """, re.VERBOSE)


def schema_fields() -> list[str]:
    return [field["name"] for field in schemas.load_json("cable")["fields"]]


def cable_fields() -> set[str]:
    """What a cable itself gives: the schema's fields less the run's."""
    return set(schema_fields()) - RUN_FIELDS


def differences(got, expected) -> str:
    """'missing: ...; extra: ...' for two sets of field names."""
    return f"missing: {sorted(set(expected) - set(got))}; extra: {sorted(set(got) - set(expected))}"


def readme_table(record: str = "Cable") -> list[tuple[str, bool]]:
    """(field name, marked required) of the rows of README.md's table of `record`, in order."""
    with open(README, encoding="utf-8") as stream:
        lines = stream.read().split(f"## The `{record}` record", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| field |"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        match = TABLE_ROW.match(line)
        assert match, f"README.md: a {record} table row without a field name: {line!r}"
        rows.append((match["name"], line.startswith("| **")))
    return rows


def readme_cable_table() -> list[str]:
    """Field names of the rows of README.md's `Cable` table, in order."""
    return [name for name, _ in readme_table("Cable")]


def test_schema_has_no_duplicate_fields():
    assert len(schema_fields()) == len(set(schema_fields()))
    assert RUN_FIELDS <= set(schema_fields())


def test_parser_gives_exactly_the_cable_fields():
    with open(os.path.join(VALID, "06BRUSSELS524.txt"), encoding="utf-8") as stream:
        fields = parse_cable(stream.read()).fields
    assert set(fields) == cable_fields(), differences(fields, cable_fields())


def golden_records() -> list[str]:
    return sorted(name for name in os.listdir(VALID) if name.endswith(".json"))


@pytest.mark.parametrize("name", golden_records())
def test_golden_record_has_exactly_the_cable_fields(name):
    with open(os.path.join(VALID, name), encoding="utf-8") as stream:
        record = json.load(stream)
    assert set(record) == cable_fields(), differences(record, cable_fields())


def test_bigquery_schema_has_exactly_the_schema_fields_in_order():
    assert [column["name"] for column in table_schema("cable")] == schema_fields()


def test_readme_cable_table_has_exactly_the_schema_fields_in_order():
    assert readme_cable_table() == schema_fields(), differences(readme_cable_table(), schema_fields())


@pytest.mark.parametrize("record, schema", [("Cable", "cable"), ("DeadLetter", "dead_letter")])
def test_readme_tables_mark_the_required_fields_in_bold(record, schema):
    """Required: neither nullable nor with a default (an array defaults to `[]`)."""
    with open(os.path.join(REPO, "schemas", f"{schema}.avsc"), encoding="utf-8") as stream:
        fields = json.load(stream)["fields"]
    expected = [(field["name"], "default" not in field
                 and not (isinstance(field["type"], list) and "null" in field["type"]))
                for field in fields]
    assert readme_table(record) == expected
