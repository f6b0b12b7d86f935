"""JSON rendering of records for `parse` and `show`: ISO-8601 timestamps and dates."""
import base64
import json
from datetime import date, datetime, timezone


def _default(value):
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"cannot render {type(value).__name__} as JSON")


def dumps(record: dict) -> str:
    """One line of JSON; payload bytes as text when UTF-8, else {"base64": ...}."""
    return json.dumps(record, default=_default, ensure_ascii=False)
