"""One source for the record's shape: the top-level fields of schemas/cable.avsc.

The parser's fields, every golden record, the BigQuery table schema and the README's `Cable`
table must list exactly those fields (by name: a field's type may change without touching this
test). The parser leaves out what describes the run rather than the cable (`source`,
`ingested_at`, `pipeline_version`); so do the golden records.

So for the run summary, OUTPUT/_SUMMARY.json: the README's table lists exactly the fields
`RunSummary.to_json` writes, and every key of real runs' summaries (and of their `quality`).
"""
import json
import os
import re
import shutil

import pytest

import schemas
from schemas.bigquery import table_schema
from transforms.cable_parser import parse_cable
from transforms.run_summary import HISTORY_DIR, SUMMARY_FILE, RunSummary

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VALID = os.path.join(REPO, "tests", "data", "valid")
SAMPLES = os.path.join(REPO, "samples")
README = os.path.join(REPO, "README.md")
RUN_FIELDS = {"source", "ingested_at", "pipeline_version"}

# A row of a Markdown table whose first cell is a field name in backticks, maybe bold: | **`name`** |
# (a nested one dotted: | `quality.fill_rate` |)
TABLE_ROW = re.compile(r"""
    ^\|\s* (?:\*\*)? `(?P<name>[a-z_]+(?:\.[a-z_]+)*)` (?:\*\*)? \s*\|
    """, re.VERBOSE)


def schema_fields() -> list[str]:
    return [field["name"] for field in schemas.load_json("cable")["fields"]]


def cable_fields() -> set[str]:
    """What a cable itself gives: the schema's fields less the run's."""
    return set(schema_fields()) - RUN_FIELDS


def differences(got, expected) -> str:
    """'missing: ...; extra: ...' for two sets of field names."""
    return f"missing: {sorted(set(expected) - set(got))}; extra: {sorted(set(got) - set(expected))}"


def readme_table(record: str = "Cable", heading: str | None = None) -> list[tuple[str, bool]]:
    """(field name, marked required) of the rows of README.md's table of `record` (the first
    table under `heading`, by default "## The `record` record"), in order."""
    heading = heading or f"## The `{record}` record"
    with open(README, encoding="utf-8") as stream:
        text = stream.read()
    assert heading + "\n" in text, f"README.md has no section {heading!r}"
    lines = text.split(heading + "\n", 1)[1].splitlines()
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


# --- the run summary ---------------------------------------------------------------------------

SUMMARY_HEADING = "## The run summary (`_SUMMARY.json`)"


def readme_summary_table() -> list[str]:
    """Field names of the rows of README.md's run summary table (`quality.X`: a key of
    `quality`), in order."""
    return [name for name, _ in readme_table("run summary", SUMMARY_HEADING)]


def run(*argv: str) -> None:
    from doors import cable_ingest_in_process

    done = cable_ingest_in_process("run", *argv)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def written_summaries(tmp_path_factory) -> dict[str, dict]:
    """{which: _SUMMARY.json} of real runs over samples/: a full run; two incremental runs
    into one output (the second with a file of the drop new, one of the first's record files
    deleted: `missing_files`, and the first run as its drift's baseline), the second's also as
    kept in OUTPUT/_runs/RUNID/."""
    base = tmp_path_factory.mktemp("summaries")
    full, drop, incremental = (str(base / name) for name in ("full", "drop", "incremental"))
    run("--input", os.path.join(SAMPLES, "*"), "--output", full)
    os.makedirs(drop)
    names = sorted(os.listdir(SAMPLES))
    for name in names[:-1]:
        shutil.copy(os.path.join(SAMPLES, name), drop)
    run("--incremental=true", "--input", os.path.join(drop, "*"), "--output", incremental)
    dead_letters = os.path.join(incremental, "dead_letter")
    os.remove(os.path.join(dead_letters, sorted(os.listdir(dead_letters))[0]))
    shutil.copy(os.path.join(SAMPLES, names[-1]), drop)
    run("--incremental=true", "--input", os.path.join(drop, "*"), "--output", incremental)
    summaries = {}
    for which, folder in (("full", full), ("incremental", incremental)):
        with open(os.path.join(folder, SUMMARY_FILE), encoding="utf-8") as stream:
            summaries[which] = json.load(stream)
    kept = os.path.join(incremental, HISTORY_DIR, summaries["incremental"]["run_id"])
    with open(os.path.join(kept, SUMMARY_FILE), encoding="utf-8") as stream:
        summaries["incremental, kept"] = json.load(stream)
    assert summaries["incremental"]["missing_files"], "the second run saw no file missing"
    assert "drift" in summaries["incremental"]["quality"], "the second run had no baseline"
    return summaries


def test_readme_summary_table_has_no_duplicate_rows():
    assert len(readme_summary_table()) == len(set(readme_summary_table()))


def test_readme_summary_table_has_exactly_the_fields_the_summary_writes():
    """The README's top-level rows are the keys `RunSummary.to_json` writes (every run writes
    all of them, a streaming run too): none missing, none the code cannot write."""
    written = set(RunSummary().to_json())
    rows = {name for name in readme_summary_table() if "." not in name}
    assert rows == written, differences(rows, written)


def test_readme_summary_table_has_every_key_of_real_summaries(written_summaries):
    """Every key of a real run's _SUMMARY.json, full and incremental, has its row, and so has
    every key of its `quality` (`quality.drift` included: the second incremental run's); a
    `quality.X` row is a key some real run wrote."""
    rows = readme_summary_table()
    for which, summary in written_summaries.items():
        assert set(summary) <= set(rows), f"{which}: no row for {sorted(set(summary) - set(rows))}"
    quality_keys = {f"quality.{key}" for summary in written_summaries.values()
                    for key in summary["quality"]}
    quality_rows = {name for name in rows if "." in name}
    assert quality_rows == quality_keys, differences(quality_rows, quality_keys)
