"""The parser's one error type."""


class CableParseError(ValueError):
    """The text cannot be read as a cable at all.

    `code` is a stable machine-readable error type (`empty_input`, `not_a_cable`, ...),
    `field` the record field being parsed when it failed (or None), `line` the 1-based
    line number in the cable text (or None).
    """

    def __init__(self, code: str, message: str, *, field: str | None = None, line: int | None = None):
        self.code = code
        self.field = field
        self.line = line
        where = ", ".join(part for part in (
            f"field {field}" if field else "",
            f"line {line}" if line else "") if part)
        super().__init__(f"{message} ({where})" if where else message)
