"""Counts in messages: `1 file`, `2 files`, never `1 files`."""


def counted(count, noun: str, plural: str | None = None) -> str:
    """The count and its noun, singular for exactly 1 (`1 file`, `0 files`, `1.5 hours`)."""
    number = f"{count:,}" if isinstance(count, int) else f"{count:g}"
    return f"{number} {noun if count == 1 else plural or noun + 's'}"
