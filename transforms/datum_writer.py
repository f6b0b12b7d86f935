"""A record's schemaless Avro datum, by a writer made once from its schema: fastavro's bytes,
in half fastavro's time.

fastavro's `schemaless_writer` is generic: for every value it looks its schema up again, and it
picks a union's branch by validating the value against each branch in turn. A cable holds ~250
values (~40 fields, ~13 paragraphs of 3, the addressees of 5): ~100 us per cable, the largest
cost of the pipeline outside the parser. `DatumWriter` walks the schema once and keeps one small
function per field; a ["null", X] union is decided by `is None` and a check of X's Python type.

Same bytes, same verdicts: whatever value the fast functions do not take exactly as fastavro
would (an int in a float field, a string for a date, a missing field without a default, any
schema form not listed in `_writer_of`) raises inside them, and `DatumWriter.encode` then asks
fastavro itself, which writes it or raises its own error. tests/test_validate.py compares the
two on the sample cables and on odd values for every field.
"""
import io
from collections.abc import Mapping
from datetime import date, datetime

from fastavro import schemaless_writer
from fastavro.write import LOGICAL_WRITERS

INT_RANGE = range(-2**31, 2**31)
LONG_RANGE = range(-2**63, 2**63)


class Unsupported(Exception):
    """A value (or a schema form) the fast writer leaves to fastavro."""


def _varint(number: int) -> bytes:
    """Avro's zig-zag variable-length encoding of a long."""
    if type(number) is not int or number not in LONG_RANGE:  # (a float `in` a range scans it)
        raise Unsupported(number)  # fastavro: int(3.0), or OverflowError
    number = (number << 1) ^ (number >> 63)
    out = bytearray()
    while number >= 0x80:
        out.append((number & 0x7F) | 0x80)
        number >>= 7
    out.append(number)
    return bytes(out)


# Lengths, counts and small numbers: encoded once.
_SMALL = tuple(_varint(number) for number in range(16_384))


def _long(number) -> bytes:
    if type(number) is int and 0 <= number < 16_384:
        return _SMALL[number]
    return _varint(int(number) if type(number) is bool else number)


def _write_long(out: bytearray, value) -> None:
    out += _long(value)


def _write_string(out: bytearray, value) -> None:
    if not isinstance(value, str):
        raise Unsupported(value)  # fastavro: TypeError, "must be string"
    data = value.encode()  # a lone surrogate raises UnicodeEncodeError, as in fastavro
    out += _long(len(data))
    out += data


def _write_boolean(out: bytearray, value) -> None:
    out.append(1 if value else 0)  # fastavro writes any value's truth


def _logical(prepare, schema, write):
    def write_logical(out, value):
        write(out, prepare(value, schema))
    return write_logical


def _array(write_item):
    def write_array(out, items):
        if len(items) > 0:
            out += _long(len(items))
            for item in items:
                write_item(out, item)
        out.append(0)
    return write_array


def _record(schema: dict, writers: dict):
    # A string field, or a null-or-string one, is written here rather than by a function call:
    # they are most of a cable's ~250 values.
    fields = [(field["name"], _STRING_KINDS.get(_type_key(field["type"]), OTHER),
               writers[field["name"]], "default" in field, field.get("default"))
              for field in schema["fields"]]

    def write_record(out, record):
        for name, kind, write, has_default, default in fields:
            if name in record:
                value = record[name]
            elif has_default:
                value = default
            else:
                raise Unsupported(name)  # fastavro decides: null, or "no value and no default"
            if kind is OTHER or (kind is NULLABLE_STRING and value is not None
                                 and not isinstance(value, str)):
                write(out, value)
                continue
            if value is None and kind is NULLABLE_STRING:
                out.append(0)
                continue
            if not isinstance(value, str):
                raise Unsupported(value)
            if kind is NULLABLE_STRING:
                out.append(2)
            data = value.encode()
            size = len(data)
            out += _SMALL[size] if size < 16_384 else _varint(size)
            out += data
    return write_record


OTHER, STRING, NULLABLE_STRING = "other", "string", "nullable string"
_STRING_KINDS = {"string": STRING, ("null", "string"): NULLABLE_STRING}


def _type_key(schema):
    """A field's type as a dict key: a primitive's name, a union of primitives as a tuple."""
    if isinstance(schema, list) and all(isinstance(branch, str) for branch in schema):
        return tuple(schema)
    return schema if isinstance(schema, str) else None


def _fits(schema):
    """fits(value): whether fastavro's validation takes `value` for `schema` (how it picks a
    union's branch), made cheap for the common Python types; None for other schema forms."""
    if isinstance(schema, list):
        if len(schema) != 2 or schema[0] != "null":
            return None
        fits_branch = _fits(schema[1])
        return None if fits_branch is None else (
            lambda value: value is None or fits_branch(value))
    kind = schema if isinstance(schema, str) else schema["type"]
    logical = None if isinstance(schema, str) else schema.get("logicalType")
    if logical is not None:
        python_type = {"date": date, "timestamp-micros": datetime}.get(logical)
        return None if python_type is None else (lambda value: type(value) is python_type)
    if kind == "record":
        return _fits_record(schema)
    if kind == "array":
        fits_item = _fits(schema["items"])
        return None if fits_item is None else (
            lambda value: type(value) in (list, tuple) and all(map(fits_item, value)))
    return _FITS_PRIMITIVE.get(kind)


def _fits_record(schema):
    fields = [(field["name"], field.get("default"), _fits(field["type"]))
              for field in schema["fields"]]
    if any(fits is None for _, _, fits in fields):
        return None
    return lambda value: isinstance(value, Mapping) and all(
        fits(value.get(name, default)) for name, default, fits in fields)


_FITS_PRIMITIVE = {
    "string": lambda value: isinstance(value, str),
    "int": lambda value: type(value) is int and value in INT_RANGE,
    "long": lambda value: type(value) is int and value in LONG_RANGE,
    "boolean": lambda value: type(value) is bool,
}


def _nullable(branch, write):
    fits = _fits(branch)
    if fits is None:
        raise Unsupported(branch)

    def write_nullable(out, value):
        if value is None:
            out.append(0)
        elif fits(value):
            out.append(2)
            write(out, value)
        else:
            raise Unsupported(value)  # fastavro: "do not match" the union, or its own pick
    return write_nullable


_PRIMITIVES = {"string": _write_string, "int": _write_long, "long": _write_long,
               "boolean": _write_boolean}


def _writer_of(schema):
    """The write(out, value) function of a (parsed) schema; Unsupported for other forms."""
    if isinstance(schema, str):
        if schema not in _PRIMITIVES:
            raise Unsupported(schema)
        return _PRIMITIVES[schema]
    if isinstance(schema, list):
        if len(schema) != 2 or schema[0] != "null":
            raise Unsupported(schema)
        return _nullable(schema[1], _writer_of(schema[1]))
    kind, logical = schema["type"], schema.get("logicalType")
    if logical is not None:
        prepare = LOGICAL_WRITERS.get(f"{kind}-{logical}")
        if prepare is None or kind not in _PRIMITIVES:
            raise Unsupported(schema)
        return _logical(prepare, schema, _PRIMITIVES[kind])
    if kind == "array":
        return _array(_writer_of(schema["items"]))
    if kind == "record":
        return _record(schema, {field["name"]: _writer_of(field["type"])
                                for field in schema["fields"]})
    if kind in _PRIMITIVES:
        return _PRIMITIVES[kind]
    raise Unsupported(schema)


class DatumWriter:
    """`encode(record)`: the record's schemaless datum in `schema` (parsed by fastavro), the
    bytes `fastavro.schemaless_writer` makes, or its error."""

    def __init__(self, schema: dict):
        self.schema = schema
        try:
            self._write = _writer_of(schema)
        except Unsupported:
            self._write = None  # a schema form of its own: fastavro writes every record

    def encode(self, record: dict) -> bytes:
        if self._write is not None:
            out = bytearray()
            try:
                self._write(out, record)
                return bytes(out)
            except (Unsupported, TypeError, AttributeError, KeyError, ValueError):
                pass  # fastavro decides, and words the error
        buffer = io.BytesIO()
        schemaless_writer(buffer, self.schema, record)
        return buffer.getvalue()
