"""Parse one US diplomatic cable (Cablegate telegram format) into the fields of a `Cable` record.

The public surface is small:

    parse_cable(text, metadata=None) -> ParsedCable
    ParsedCable.fields     the record fields (see schemas/cable.avsc), Python values
    ParsedCable.evidence   what the fields were derived from, for validation
    CableParseError        the only error `parse_cable` raises; says where (field, line)

No Beam import here: the parser is plain Python, testable and timeable on its own.
"""
from ._errors import CableParseError
from ._parse import ParsedCable, parse_cable

__all__ = ["CableParseError", "ParsedCable", "parse_cable"]
