"""The BigQuery table schemas generated from the .avsc files follow BigQuery's Avro rules."""
import json
import os

import pytest
from google.cloud import bigquery as bq

from pipeline import cli
from schemas import bigquery

MODES = {"NULLABLE", "REQUIRED", "REPEATED"}
TYPES = {"STRING", "BYTES", "INTEGER", "FLOAT", "BOOLEAN", "TIMESTAMP", "DATE", "TIME", "RECORD"}


def _walk(fields, prefix=""):
    for field in fields:
        path = prefix + field["name"]
        yield path, field
        yield from _walk(field.get("fields", []), path + ".")


def _column(schema_name, path):
    return dict(_walk(bigquery.table_schema(schema_name)))[path]


@pytest.mark.parametrize("schema_name", ["cable", "dead_letter"])
def test_every_column_follows_bigquery_rules(schema_name):
    columns = list(_walk(bigquery.table_schema(schema_name)))
    assert len(columns) > 10
    for path, column in columns:
        assert bigquery.FIELD_NAME.match(column["name"]), path
        assert column["mode"] in MODES, path
        assert column["type"] in TYPES, path
        assert ("fields" in column) == (column["type"] == "RECORD"), path
        assert len(column.get("description", "")) <= 1024, path


@pytest.mark.parametrize("schema_name", ["cable", "dead_letter"])
def test_the_bigquery_client_accepts_the_schema(schema_name):
    fields = [bq.SchemaField.from_api_repr(column) for column in bigquery.table_schema(schema_name)]
    assert [f.to_api_repr()["name"] for f in fields] == [
        c["name"] for c in bigquery.table_schema(schema_name)]


@pytest.mark.parametrize("schema_name", ["cable", "dead_letter"])
def test_one_column_per_avro_field(schema_name):
    import schemas

    avro_names = [f["name"] for f in schemas.load_json(schema_name)["fields"]]
    assert [c["name"] for c in bigquery.table_schema(schema_name)] == avro_names


@pytest.mark.parametrize("schema_name, path, bq_type, mode", [
    ("cable", "reference_id", "STRING", "REQUIRED"),
    ("cable", "created", "TIMESTAMP", "REQUIRED"),           # timestamp-micros
    ("cable", "released", "TIMESTAMP", "NULLABLE"),          # nullable timestamp-micros
    ("cable", "declassify_on", "DATE", "NULLABLE"),          # nullable date
    ("cable", "date_time_group", "STRING", "NULLABLE"),
    ("cable", "handling", "STRING", "REPEATED"),
    ("cable", "routing", "RECORD", "NULLABLE"),
    ("cable", "routing.part", "INTEGER", "NULLABLE"),
    ("cable", "routing.indicators", "STRING", "REPEATED"),
    ("cable", "recipients", "RECORD", "REPEATED"),
    ("cable", "recipients.excluded", "STRING", "REPEATED"),
    ("cable", "info_recipients", "RECORD", "REPEATED"),      # items: InfoRecipient
    ("cable", "info_recipients.name", "STRING", "REQUIRED"),
    ("cable", "paragraphs.number", "INTEGER", "REQUIRED"),
    ("cable", "partial", "BOOLEAN", "NULLABLE"),
    ("cable", "source.size", "INTEGER", "REQUIRED"),
    ("cable", "source.row", "INTEGER", "NULLABLE"),
    ("dead_letter", "stage", "STRING", "REQUIRED"),          # enum
    ("dead_letter", "payload", "BYTES", "REQUIRED"),
    ("dead_letter", "failed_at", "TIMESTAMP", "REQUIRED"),
    ("dead_letter", "attempt", "INTEGER", "REQUIRED"),
])
def test_avro_types_map_to_bigquery_types(schema_name, path, bq_type, mode):
    column = _column(schema_name, path)
    assert (column["type"], column["mode"]) == (bq_type, mode)


def test_info_recipients_have_the_columns_of_recipients():
    assert _column("cable", "info_recipients")["fields"] == _column("cable", "recipients")["fields"]


def test_files_of_the_old_schema_load_into_the_same_table():
    """Before InfoRecipient, info_recipients' items referred to `Recipient` by name: BigQuery
    loads by column (names, types, modes; a description is no part of it), so old and new
    files fill the same table."""
    with open(os.path.join(os.path.dirname(__file__), "data",
                           "cable-v1-recipient-reference.avsc"), encoding="utf-8") as stream:
        old = json.load(stream)
    assert _columns(bigquery._fields(old, bigquery._named_types(old))) == \
        _columns(bigquery.table_schema("cable"))


def _columns(fields: list[dict]) -> list[dict]:
    """A table's columns without their descriptions."""
    return [{key: _columns(value) if key == "fields" else value
             for key, value in field.items() if key != "description"} for field in fields]


def test_a_reference_to_a_named_type_gets_the_fields_of_its_definition():
    named = {"Point": {"type": "record", "name": "Point",
                       "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "int"}]}}
    column = bigquery._column({"name": "points", "type": {"type": "array", "items": "Point"}}, named)
    assert column["mode"] == "REPEATED" and [f["name"] for f in column["fields"]] == ["x", "y"]


@pytest.mark.parametrize("field, message", [
    ({"name": "bad-name", "type": "string"}, "not a valid BigQuery column name"),
    ({"name": "m", "type": {"type": "map", "values": "string"}}, "maps"),
    ({"name": "u", "type": ["null", "string", "long"]}, "union"),
    ({"name": "u", "type": ["string", "long"]}, "union"),
    ({"name": "n", "type": ["null", {"type": "array", "items": "string"}]}, "nullable array"),
    ({"name": "a", "type": {"type": "array", "items": {"type": "array", "items": "int"}}},
     "arrays"),
    ({"name": "f", "type": {"type": "fixed", "name": "F", "size": 4}}, "no BigQuery column"),
])
def test_constructs_bigquery_cannot_load_are_refused(field, message):
    with pytest.raises(bigquery.UnsupportedSchema, match=message):
        bigquery._column(field, {})


@pytest.mark.parametrize("schema_name", ["cable", "dead_letter"])
def test_cli_prints_the_table_schema(schema_name, capsys):
    assert cli.main(["schema", schema_name, "--bigquery"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out) == bigquery.table_schema(schema_name)
