"""BigQuery JSON table schemas generated from the Avro schemas.

They describe the table that `bq load --source_format=AVRO --use_avro_logical_types` makes of our
Avro files, so a table can be created (or checked) before the first load:

    cable-ingest schema cable --bigquery > cable.json
    bq mk --table DATASET.cables cable.json

BigQuery's Avro mapping: a union of null and one type is that type, NULLABLE; an array is
REPEATED; a record is a RECORD with its fields; an enum is a STRING; bytes are BYTES;
timestamp-micros is a TIMESTAMP and date a DATE (with --use_avro_logical_types).
"""
import re

import schemas

# BigQuery column names: letters, digits and underscores, not starting with a digit.
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
PRIMITIVE_TYPES = {
    "string": "STRING", "bytes": "BYTES", "boolean": "BOOLEAN", "int": "INTEGER",
    "long": "INTEGER", "float": "FLOAT", "double": "FLOAT", "enum": "STRING",
}
LOGICAL_TYPES = {
    "timestamp-micros": "TIMESTAMP", "timestamp-millis": "TIMESTAMP", "date": "DATE",
    "time-micros": "TIME", "time-millis": "TIME",
}


class UnsupportedSchema(ValueError):
    """An Avro construct with no BigQuery column (a map, or a union of several types)."""


def table_schema(name: str) -> list[dict]:
    """The BigQuery table schema (a list of field dicts) of the Avro schema `name`."""
    record = schemas.load_json(name)
    return _fields(record, _named_types(record))


def _named_types(schema, found=None) -> dict:
    """{name: definition} of every named record and enum, so later references resolve."""
    found = {} if found is None else found
    if isinstance(schema, list):
        for branch in schema:
            _named_types(branch, found)
    elif isinstance(schema, dict):
        if schema.get("type") in ("record", "enum") and "name" in schema:
            found[schema["name"]] = schema
            if "namespace" in schema:
                found[f"{schema['namespace']}.{schema['name']}"] = schema
        for field in schema.get("fields", []):
            _named_types(field["type"], found)
        if schema.get("type") == "array":
            _named_types(schema["items"], found)
    return found


def _fields(record: dict, named: dict) -> list[dict]:
    return [_column(field, named) for field in record["fields"]]


def _column(field: dict, named: dict) -> dict:
    name = field["name"]
    if not FIELD_NAME.match(name):
        raise UnsupportedSchema(f"{name!r} is not a valid BigQuery column name")
    avro_type, mode = _mode(field["type"], name)
    column = {"name": name, "mode": mode}
    column.update(_column_type(_resolve(avro_type, named), named, name))
    if field.get("doc"):
        column["description"] = field["doc"]
    return column


def _mode(avro_type, name: str):
    """(inner type, NULLABLE | REQUIRED | REPEATED)."""
    if isinstance(avro_type, list):
        branches = [branch for branch in avro_type if branch != "null"]
        if len(branches) != 1 or len(avro_type) != 2:
            raise UnsupportedSchema(f"{name}: only a union of null and one type maps to BigQuery")
        inner, mode = branches[0], "NULLABLE"
        if isinstance(inner, dict) and inner.get("type") == "array":
            raise UnsupportedSchema(f"{name}: a nullable array has no BigQuery equivalent")
        return inner, mode
    if isinstance(avro_type, dict) and avro_type.get("type") == "array":
        items = avro_type["items"]
        if isinstance(items, list) or (isinstance(items, dict) and items.get("type") == "array"):
            raise UnsupportedSchema(f"{name}: arrays of unions or arrays have no BigQuery column")
        return items, "REPEATED"
    return avro_type, "REQUIRED"


def _resolve(avro_type, named: dict):
    if isinstance(avro_type, str) and avro_type in named:
        return named[avro_type]
    return avro_type


def _column_type(avro_type, named: dict, name: str) -> dict:
    if isinstance(avro_type, str):
        return {"type": _primitive(avro_type, name)}
    kind = avro_type["type"]
    if kind == "record":
        return {"type": "RECORD", "fields": _fields(avro_type, named)}
    if kind == "map":
        raise UnsupportedSchema(f"{name}: Avro maps load badly into BigQuery")
    logical = avro_type.get("logicalType")
    if logical in LOGICAL_TYPES:
        return {"type": LOGICAL_TYPES[logical]}
    return {"type": _primitive(kind, name)}


def _primitive(kind: str, name: str) -> str:
    if kind not in PRIMITIVE_TYPES:
        raise UnsupportedSchema(f"{name}: Avro type {kind!r} has no BigQuery column type")
    return PRIMITIVE_TYPES[kind]
