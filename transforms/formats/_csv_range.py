"""Reading one byte range of a cables.csv dump, so several workers can share one large file.

A range [start, end) owns the rows that START inside it: the reader skips to the first row start
at or after `start` and reads on past `end` to finish the last row it owns. A row whose start is
damaged is no row start: it goes with the row before it, whose cut it was read out of, wherever
it lies (the next range skips it, as it skips to a row start). Ranges that tile the file
therefore yield every row exactly once, whatever their boundaries cut.
"""
import re
from typing import BinaryIO, Iterator, NamedTuple

from ._csv import DEFAULT_MAX_ROW_BYTES, ROW_START, CsvRow, iter_csv_rows, line_end_of

# A CSV dump larger than this is read as ranges of this size by as many tasks (the default of
# `--csv_range_bytes`).
CSV_RANGE_BYTES = 32 * 2**20
_BLOCK_BYTES = 2**20
_ROW_NUMBER = re.compile(rb'(?:\xef\xbb\xbf)?\s*"(\d{1,9})",')  # the first column (after a BOM)


class RangedRow(NamedTuple):
    offset: int  # byte offset of the row in the file
    number: int | None  # the dump's own row number (first column), when it can be read
    row: CsvRow


def iter_csv_range(stream: BinaryIO, start: int, end: int | None,
                   max_row_bytes: int = DEFAULT_MAX_ROW_BYTES) -> Iterator[RangedRow]:
    """The rows that start in [start, end) of a dump stream (end None: to the end). From 0 the
    stream is read on from where it is, its start (a decompressed stream cannot seek)."""
    offset = _first_row_start(stream, start)
    if offset is None:
        return
    if offset:
        stream.seek(offset)
    for row in iter_csv_rows(stream, max_row_bytes):
        if end is not None and offset >= end and not row.glued:
            return
        number = _ROW_NUMBER.match(row.raw)
        yield RangedRow(offset, int(number.group(1)) if number else None, row)
        offset += row.length


def _first_row_start(stream: BinaryIO, start: int) -> int | None:
    """Offset of the first row start at or after `start` (0 is always one), None if none."""
    if start == 0:
        return 0
    stream.seek(start - 1)  # a row start must follow a line end: read the byte before too
    position, carry, line_then_quote = start - 1, b"", None
    while True:
        block = stream.read(_BLOCK_BYTES)
        if not block:
            return None
        if line_then_quote is None:  # judged as the rows' reader judges its first block
            line_then_quote = line_end_of(block) + b'"'
        buffer = carry + block
        base = position - len(carry)
        search = 0
        while (newline := buffer.find(line_then_quote, search)) >= 0:
            if ROW_START.match(buffer, newline + 1):
                return base + newline + 1
            if len(buffer) - newline < 64:  # the row start may be cut by the block end
                break
            search = newline + 1
        carry = buffer[-64:]
        position += len(block)
