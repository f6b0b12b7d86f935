"""The Avro schemas of cable-ingest, shipped as package data and parsed once.

>>> from schemas import cable_schema, dead_letter_schema
"""
import functools
import json
from importlib import resources

SCHEMA_NAMES = ("cable", "dead_letter", "ledger")


@functools.cache
def load_json(name: str) -> dict:
    """The schema `name` (one of SCHEMA_NAMES) as the JSON dict of its .avsc file."""
    if name not in SCHEMA_NAMES:
        raise ValueError(f"unknown schema {name!r}: choose from {', '.join(SCHEMA_NAMES)}")
    text = resources.files(__name__).joinpath(f"{name}.avsc").read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def load_parsed(name: str) -> dict:
    """The schema `name`, parsed by fastavro (what its reader, writer and validator want)."""
    import fastavro  # deferred: keeps `import schemas` light for tools that only print JSON

    return fastavro.parse_schema(load_json(name))


@functools.cache
def field_names(name: str) -> tuple[str, ...]:
    """The top-level fields of the schema `name`, in its order."""
    return tuple(field["name"] for field in load_json(name)["fields"])


def cable_schema() -> dict:
    return load_parsed("cable")


def dead_letter_schema() -> dict:
    return load_parsed("dead_letter")
