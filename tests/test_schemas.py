"""The .avsc files follow the output contract: names, types, docs, nullability."""
import io
from datetime import date, datetime, timezone

import fastavro
import pytest

import schemas

# The contract's field names (spec: cable-record.md); they may never be renamed or dropped.
CABLE_FIELDS = """reference_id created date_time_group precedence classification handling origin sender
    transmission_id routing recipients info_recipients sections executive_order declassify_on
    classified_by classification_reasons tags subject references summary comment paragraphs
    signed_by body partial redactions released source warnings ingested_at pipeline_version""".split()
REQUIRED = {"reference_id", "created", "classification", "origin", "body", "source", "ingested_at",
            "pipeline_version"}
DEAD_LETTER_FIELDS = """source stage error_type error_message details reference_id_hint payload
    failed_at attempt pipeline_version""".split()
NAMED_TYPES = {"Cable", "Recipient", "InfoRecipient", "Reference", "Paragraph", "Routing", "Source"}


def walk_records(schema):
    """Every record schema nested in `schema` (a JSON schema dict)."""
    if isinstance(schema, dict):
        if schema.get("type") == "record":
            yield schema
            for field in schema["fields"]:
                yield from walk_records(field["type"])
        elif schema.get("type") == "array":
            yield from walk_records(schema["items"])
    elif isinstance(schema, list):
        for branch in schema:
            yield from walk_records(branch)


def test_cable_schema_has_every_contract_field_in_namespace():
    cable = schemas.load_json("cable")
    assert cable["namespace"] == "cables.v1" and cable["name"] == "Cable"
    assert [f["name"] for f in cable["fields"]] == CABLE_FIELDS
    assert {r["name"] for r in walk_records(cable)} == NAMED_TYPES


def test_dead_letter_schema_fields_and_stage_enum():
    dead = schemas.load_json("dead_letter")
    assert dead["namespace"] == "cables.v1"
    assert [f["name"] for f in dead["fields"]] == DEAD_LETTER_FIELDS
    stage = next(f for f in dead["fields"] if f["name"] == "stage")["type"]
    assert stage["symbols"] == ["READ", "DECODE", "PARSE", "VALIDATE", "WRITE"]


@pytest.mark.parametrize("name", schemas.SCHEMA_NAMES)
def test_every_field_is_documented_and_optional_fields_default(name):
    for record in walk_records(schemas.load_json(name)):
        assert record.get("doc"), record["name"]
        for field in record["fields"]:
            assert field.get("doc"), f"{record['name']}.{field['name']} has no doc"
            kind = field["type"]
            if isinstance(kind, list):  # nullable: null first, default null
                assert kind[0] == "null" and field.get("default", "missing") is None, field["name"]
            if isinstance(kind, dict) and kind.get("type") == "array":
                assert field.get("default") == [], field["name"]
            assert "map" not in str(kind), "no Avro maps: BigQuery and several readers mishandle them"


def test_required_fields_are_not_nullable():
    fields = {f["name"]: f for f in schemas.load_json("cable")["fields"]}
    for name in REQUIRED:
        assert not isinstance(fields[name]["type"], list), name


def test_round_trip_keeps_utc_timestamps_and_dates():
    record = {
        "reference_id": "06ALMATY2404", "classification": "SECRET", "origin": "Embassy Almaty",
        "created": datetime(2006, 7, 7, 6, 53, tzinfo=timezone.utc), "body": "text",
        "declassify_on": date(2016, 7, 7),
        "source": {"uri": "x.txt", "format": "TEXT", "sha256": "0" * 64, "size": 4, "row": None},
        "ingested_at": datetime(2026, 1, 1, tzinfo=timezone.utc), "pipeline_version": "0",
    }
    buffer = io.BytesIO()
    fastavro.writer(buffer, schemas.cable_schema(), [record])
    buffer.seek(0)
    (back,) = list(fastavro.reader(buffer))
    assert back["created"] == record["created"] and back["created"].utcoffset().total_seconds() == 0
    assert back["declassify_on"] == date(2016, 7, 7)
    assert back["handling"] == [] and back["partial"] is None and back["redactions"] is None


def test_unknown_schema_name_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown schema"):
        schemas.load_json("cables")


def test_schemas_are_parsed_once():
    assert schemas.cable_schema() is schemas.cable_schema()


def _types(schema):
    """Every type in `schema` (a JSON schema dict), nested ones included."""
    yield schema
    if isinstance(schema, list):
        for branch in schema:
            yield from _types(branch)
    elif isinstance(schema, dict):
        for field in schema.get("fields", []):
            yield from _types(field["type"])
        if schema.get("type") == "array":
            yield from _types(schema["items"])


PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


@pytest.mark.parametrize("name", schemas.SCHEMA_NAMES)
def test_no_type_is_a_reference_to_a_named_type(name):
    """polars' Avro reader cannot follow a reference to a named type defined earlier."""
    references = [t for t in _types(schemas.load_json(name))
                  if isinstance(t, str) and t not in PRIMITIVES]
    assert references == []


def test_info_recipients_have_the_fields_of_recipients_and_resolve_old_files():
    fields = {f["name"]: f["type"] for f in schemas.load_json("cable")["fields"]}
    recipient, info = fields["recipients"]["items"], fields["info_recipients"]["items"]
    assert info["name"] == "InfoRecipient" and "Recipient" in info["aliases"]
    assert info["fields"] == recipient["fields"]
