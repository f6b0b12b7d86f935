"""A record's schemaless Avro datum, by a writer made once from its schema: fastavro's bytes,
in half fastavro's time.

fastavro's `schemaless_writer` is generic: for every value it looks its schema up again, and it
picks a union's branch by validating the value against each branch in turn. A cable holds ~250
values (~40 fields, ~13 paragraphs of 3, the addressees of 5): ~100 us per cable, the largest
cost of the pipeline outside the parser. `DatumWriter` walks the schema once and keeps one small
function per type (a record's is generated from its fields, see `_record`); a ["null", X] union
is decided by `is None` and a check of X's Python type.

Same bytes, same verdicts: whatever value the fast functions do not take exactly as fastavro
would (an int in a float field, a string for a date, a missing field without a default, any
schema form not listed in `_writer_of`) raises inside them, and `DatumWriter.encode` then asks
fastavro itself, which writes it or raises its own error. tests/test_validate.py compares the
two on the sample cables and on odd values for every field.
"""
import io
import re
import textwrap
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


def _string_array(out, items):
    """An array of strings, each written inline (tags, warnings, indicators...)."""
    if len(items) > 0:
        out += _long(len(items))
        for item in items:
            if not isinstance(item, str):
                raise Unsupported(item)
            data = item.encode()
            size = len(data)
            out += _SMALL[size] if size < 16_384 else _varint(size)
            out += data
    out.append(0)


# A record's writer is generated from its schema, once: one block of source per field, in
# schema order. A loop over the fields (unpacking each field's settings, testing its kind) cost
# half the encoding of a cable, which holds ~250 values in ~30 records (paragraphs,
# addressees, references). Strings and ints, alone or in a null-or-X union, are written
# inline; any other field calls its writer (`write_N`, made by `_writer_of`).
OTHER, STRING, NULLABLE_STRING, LONG, NULLABLE_INT = (
    "other", "string", "nullable string", "long", "nullable int")
_INLINE_KINDS = {"string": STRING, ("null", "string"): NULLABLE_STRING, "int": LONG,
                 "long": LONG, ("null", "int"): NULLABLE_INT}

_WRITE_STRING = """\
data = value.encode()  # a lone surrogate raises UnicodeEncodeError, as in fastavro
size = len(data)
out += _SMALL[size] if size < 16_384 else _varint(size)
out += data
"""
_FIELD_SOURCE = {
    STRING: """\
if not isinstance(value, str):
    raise Unsupported(value)  # fastavro: TypeError, "must be string"
""" + _WRITE_STRING,
    NULLABLE_STRING: """\
if value is None:
    out.append(0)
elif not isinstance(value, str):
    raise Unsupported(value)  # fastavro: "do not match" the union
else:
    out.append(2)
""" + textwrap.indent(_WRITE_STRING, "    "),
    LONG: """\
out += _long(value)
""",
    NULLABLE_INT: """\
if value is None:
    out.append(0)
elif type(value) is int and value in INT_RANGE:  # what fastavro's validation takes for "int"
    out.append(2)
    out += _long(value)
else:
    raise Unsupported(value)
""",
    OTHER: """\
write_{index}(out, value)
""",
}
_FIELD_VALUE = {True: "value = record.get({name!r}, default_{index})\n",
                False: "value = record[{name!r}]\n"}  # missing: KeyError, fastavro decides


# An Avro name (the specification's rule): what a field name may be for its source to be made.
AVRO_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _record(schema: dict, writers: dict):
    """A record's write function, generated from its fields (see above); Unsupported when a
    field's name is not an Avro name (only such names are written into the source)."""
    if not all(AVRO_NAME.fullmatch(field["name"]) for field in schema["fields"]):
        raise Unsupported(schema.get("name"))
    namespace = {"Unsupported": Unsupported, "_SMALL": _SMALL, "_varint": _varint,
                 "_long": _long, "INT_RANGE": INT_RANGE}
    body = []
    for index, field in enumerate(schema["fields"]):
        name = field["name"]
        namespace[f"default_{index}"] = field.get("default")
        namespace[f"write_{index}"] = writers[name]
        body.append(_FIELD_VALUE["default" in field].format(name=name, index=index))
        kind = _INLINE_KINDS.get(_type_key(field["type"]), OTHER)
        body.append(_FIELD_SOURCE[kind].format(index=index))
    source = "def write_record(out, record):\n" + textwrap.indent("".join(body), "    ")
    exec(source, namespace)  # the source is made here, from the schema's field names and kinds
    return namespace["write_record"]


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
        if schema["items"] == "string":
            return _string_array
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
