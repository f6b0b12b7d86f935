"""The Cablegate CSV dump (cables.csv): stream it row by row, keep each row's exact bytes.

Layout: no header; eight columns (row number, date `M/D/YYYY HH:MM`, reference id, origin,
classification, referenced ids, header, body); every field quoted; fields span many lines;
quotes inside fields escaped with a backslash (`\\"`), never doubled (a MySQL export).

Rows are cut at physical lines that start like a row (ROW_START), and each cut is then parsed
on its own, as the csv module reads it (a well-formed row by a split at its delimiters, which
gives the same fields quicker; any other by the csv module). A row with broken quoting therefore
becomes one error row and cannot swallow the rows after it. A row whose start is damaged (its
number or date field malformed) starts no cut, so it is glued to the row before it: a cut that
the csv module reads as several records is cut again at them, and each record is a row of its
own (the well-formed ones read, the damaged one an error row that says what its start lacks).
A row (or a stretch with no row start at all) longer than `max_row_bytes` is one error row that
keeps its first `max_row_bytes` bytes, its true size and sha256 taken while the rest streams by,
so memory stays bounded whatever the file holds (it is not cut again).
"""
import csv
import hashlib
import io
import re
from datetime import datetime, timezone
from typing import BinaryIO, Iterator, NamedTuple

from ._errors import FormatError

COLUMN_COUNT = 8
# The csv module refuses fields over 131,072 characters by default, and real cables run longer.
# Rows are already capped (`max_row_bytes`), so the module's own cap is lifted.
csv.field_size_limit(2**31 - 1)
DEFAULT_MAX_ROW_BYTES = 5 * 2**20
_BLOCK_BYTES = 2**20

# The start of a row: `"<row number>","<M/D/YYYY HH:MM>",`. Cable text never begins a line
# like this, so it marks where the next row begins even after a row with broken quoting.
_ROW_NUMBER = r"\d{1,9}"
_ROW_DATE = r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"  # creation date, M/D/YYYY HH:MM
ROW_START = re.compile(f'"{_ROW_NUMBER}","{_ROW_DATE}",'.encode())
# The same start in a row's text (`checked_row_fields`), ASCII digits only as in the bytes.
_ROW_START_TEXT = re.compile(f'"{_ROW_NUMBER}","{_ROW_DATE}",', re.ASCII)
# The same two fields as the csv module reads them, to say which one a damaged row start has
# wrong (ASCII, as ROW_START's `\d` is, reading bytes).
_ROW_NUMBER_FIELD = re.compile(_ROW_NUMBER, re.ASCII)
_ROW_DATE_FIELD = re.compile(_ROW_DATE, re.ASCII)
# Longer than any ROW_START match: a candidate this close to the end of the buffer is re-read.
_ROW_START_MAX_BYTES = 48
# A row start is always at the beginning of a line: after a `\n` (LF and CRLF line ends), or
# after a `\r` in a dump with CR-only line ends (classic Mac), told by its first block.
_LF, _CR = b"\n", b"\r"


def line_end_of(block: bytes) -> bytes:
    """The byte that ends the lines of a dump, judged by a block of it: `\r` when the block holds
    `\r` and no `\n` (CR-only line ends), else `\n`. (An LF or CRLF dump has a `\n` in any block
    of some rows; a block without line ends at all keeps `\n`.)"""
    return _CR if _LF not in block and _CR in block else _LF

# A backslash escape (`\\"`, `\\\\`): removed before counting the quotes that delimit fields.
_ESCAPE = re.compile(r"\\.", re.DOTALL)
# Every field is quoted: a row has exactly two unescaped quotes per column.
_DELIMITING_QUOTES = 2 * COLUMN_COUNT

# The dump's date column, e.g. `3/4/1975 11:11`.
_CSV_DATE = re.compile(r"""
    (?P<month>\d{1,2}) / (?P<day>\d{1,2}) / (?P<year>\d{4})
    \s+ (?P<hour>\d{1,2}) : (?P<minute>\d{2})
    (?: : \d{2} )?                              # seconds, when a tool added them
    """, re.VERBOSE)


class CsvRow(NamedTuple):
    """One row of the dump, as `iter_csv_rows` yields it.

    row         1-based position of the row in the file (error rows count too)
    raw         the row's exact bytes in the file; concatenated in order they rebuild the file,
                but for a 'too_large' row, whose raw is its first `max_row_bytes` bytes
    fields      the eight column values (str; bytes that are not UTF-8 decoded with
                'surrogateescape', so `raw` is the faithful copy), or None for an error row
    error_code  None, or 'bad_csv_row' (quoting, column count), 'not_a_csv_row' (no row start,
                e.g. a header line or leading junk), 'too_large' (over `max_row_bytes`)
    error       None, or a message for a person
    size        a 'too_large' row's true size in bytes (None: len(raw), the whole row)
    sha256      a 'too_large' row's sha256 (hex) of all its bytes, else None
    glued       whether the row was read out of the cut of the row before it: its own start is
                damaged, so no cut began at it (a byte range reads it with that row)
    """

    row: int
    raw: bytes
    fields: tuple[str, ...] | None
    error_code: str | None = None
    error: str | None = None
    size: int | None = None
    sha256: str | None = None
    glued: bool = False

    @property
    def length(self) -> int:
        """The row's size in the file, whole or cut."""
        return len(self.raw) if self.size is None else self.size


def iter_csv_rows(stream: BinaryIO, max_row_bytes: int = DEFAULT_MAX_ROW_BYTES) -> Iterator[CsvRow]:
    """Stream the rows of a cables.csv dump from a binary file object, never reading it whole.

    Yields one CsvRow per row, in order. A malformed row (wrong column count, broken quoting)
    becomes one error row and reading resumes at the next line that starts a row
    (`"<digits>","<M/D/YYYY HH:MM>",`). A row whose start is damaged is read out of the cut of
    the row before it, an error row of its own ('not_a_csv_row'), and the rows around it are
    read (before 2026-12-07 the two were one 'bad_csv_row', "expected one CSV record, found 2",
    and the well-formed row was lost with the damaged one). A row longer than `max_row_bytes`
    (a runaway field, junk with no row start) is one 'too_large' error row, as every other
    input over the cap: its raw is its first `max_row_bytes` bytes, with the whole row's size
    and sha256, the rest read past and not kept (memory stays bounded). (Before 2026-12-06 it
    was cut into pieces, each an error row and an input of its own, and a piece that began past
    the end of a byte range was read by no range: those bytes were in no dead letter.)
    """
    position = 1
    for raw, size, sha256 in _split_rows(stream, max_row_bytes):
        rows = _make_rows(position, raw, size, sha256, max_row_bytes)
        yield from rows
        position += len(rows)


# Reading checks each row by parsing it, and decoding parses it again for its fields, in the
# same process right after (the steps are fused): the last row's text and fields are kept for
# that, and a text equal to it is not parsed again. Compared, not hashed as a cache key would
# be: the two texts are decoded apart, so each would be hashed whole (~1.4 us a row each), where
# comparing them costs ~0.3 us (and nothing for texts of different lengths).
_last_row: tuple = (None, None)


def checked_row_fields(row_text: str) -> tuple[str, ...]:
    """The eight fields of one row's text, checked as reading the dump checks each row, or
    FormatError: `not_a_csv_row` when it does not start like a row (its number or date field
    malformed, a header line), else `csv_row_fields`' errors. Reading the dump and decoding a
    row (a replayed one too) both check it here: a replay that skipped the start made a cable
    of a row its run had refused for a malformed date."""
    if not _ROW_START_TEXT.match(row_text.removeprefix("\ufeff")):
        raise FormatError("not_a_csv_row",
                          _no_row_start(row_text.encode("utf-8", "surrogateescape")))
    return csv_row_fields(row_text)


def csv_row_fields(row_text: str) -> tuple[str, ...]:
    """The eight fields of one row's text (as decoded from `CsvRow.raw`), or FormatError.

    The same parse `iter_csv_rows` applies, for replaying a row from a dead letter.
    """
    global _last_row
    last_text, last_fields = _last_row
    if row_text == last_text:
        return last_fields
    fields = _row_fields(row_text)
    _last_row = (row_text, fields)
    return fields


def _row_fields(row_text: str) -> tuple[str, ...]:
    """`csv_row_fields`, the row parsed."""
    text = row_text.removeprefix("\ufeff")
    fields = _well_formed_fields(text)
    return fields if fields is not None else _csv_module_fields(text)


def _csv_module_fields(text: str) -> tuple[str, ...]:
    """`csv_row_fields` by the csv module, which reads any text (a row's, without its BOM)."""
    reader = csv.reader(io.StringIO(text, newline=""),
                        escapechar="\\", doublequote=False, strict=True)
    try:
        records = [record for record in reader if record]  # blank lines between rows are no rows
    except csv.Error as error:
        raise FormatError("bad_csv_row", f"broken quoting: {error}") from None
    if len(records) != 1:
        raise FormatError("bad_csv_row", f"expected one CSV record, found {len(records)}")
    fields = records[0]
    if len(fields) != COLUMN_COUNT:
        raise FormatError("bad_csv_row", f"expected {COLUMN_COUNT} columns, found {len(fields)}")
    _check_quotes(text)
    return tuple(fields)


def _well_formed_fields(text: str) -> tuple[str, ...] | None:
    """The eight fields of a well-formed row, as the csv module reads them, or None: then the
    csv module reads the row (and says what is wrong with it). Half the time of the csv module
    on the dump's rows (~20 against ~41 us a row: the module reads a StringIO a line at a time
    and calls a function per character).

    Well formed: `"f1","f2",...,"f8"`, then line ends only (blank lines are no rows), where no
    field holds an unescaped quote or ends in a backslash (which would escape the quote after
    it), and no backslash follows a backslash. Then every backslash escapes the character after
    it, which the csv module keeps without the backslash; and the only unescaped quotes are the
    sixteen around the fields, so `_check_quotes` holds. A `\\\\` (an escaped backslash)
    anywhere is left to the csv module: which backslash escapes which needs reading left to
    right. tests/test_formats.py compares the two readings on generated and damaged rows.
    """
    parts = text.split('","')
    if len(parts) != COLUMN_COUNT:
        return None
    first, last = parts[0], parts[-1].rstrip("\r\n")
    if first[:1] != '"' or last[-1:] != '"':
        return None
    parts[0], parts[-1] = first[1:], last[:-1]
    if "\\" not in text:
        return None if any('"' in part for part in parts) else tuple(parts)
    if "\\\\" in text or any(part.endswith("\\") or part.count('"') != part.count('\\"')
                               for part in parts):
        return None
    return tuple(part.replace("\\", "") for part in parts)


def _check_quotes(row_text: str) -> None:
    """FormatError for a stray unescaped quote, which the csv module silently folds into a field.

    Without doubled quotes, csv reads `"Embassy "Cape" Town"` as `Embassy Cape" Town"`: the
    column count stays right and the damage would go unnoticed.
    """
    quotes = _ESCAPE.sub("", row_text).count('"')
    if quotes != _DELIMITING_QUOTES:
        raise FormatError("bad_csv_row", f"broken quoting: {quotes} unescaped quotes, where "
                          f"{COLUMN_COUNT} quoted fields have {_DELIMITING_QUOTES}")


def csv_row_to_cable(fields: list[str]) -> tuple[str, dict]:
    """(text, metadata) of one row's fields.

    text = header + "\\n\\n" + body. metadata holds those of reference_id, created (aware UTC
    datetime), classification and origin that the row gives (stripped, non-empty; a date that
    does not read as M/D/YYYY HH:MM is left out, the cable text has its own). The
    referenced-ids column is not used.
    """
    if len(fields) != COLUMN_COUNT:
        raise FormatError("bad_csv_row", f"expected {COLUMN_COUNT} columns, found {len(fields)}")
    _number, created, reference_id, origin, classification, _references, header, body = fields
    text = header + "\n\n" + body
    metadata = {key: value.strip() for key, value in (
        ("reference_id", reference_id), ("classification", classification), ("origin", origin))
        if value.strip()}
    created_at = _parse_csv_date(created)
    if created_at is not None:
        metadata["created"] = created_at
    return text, metadata


def _parse_csv_date(value: str) -> datetime | None:
    match = _CSV_DATE.fullmatch(value.strip())
    if not match:
        return None
    parts = {name: int(number) for name, number in match.groupdict().items()}
    try:
        return datetime(parts["year"], parts["month"], parts["day"], parts["hour"], parts["minute"],
                        tzinfo=timezone.utc)
    except ValueError:  # 2/30/2005 and the like
        return None


def _make_rows(position: int, raw: bytes, size: int | None, sha256: str | None,
               max_row_bytes: int) -> list[CsvRow]:
    """The rows of one cut: the cut, or, when it does not read as one row and holds several
    rows glued together (a row whose start is damaged starts no cut), each of them."""
    row = _make_row(position, raw, size, sha256, max_row_bytes)
    if row.fields is not None or row.size is not None:  # read, or over the cap: never cut again
        return [row]
    glued = _glued_rows(raw)
    if len(glued) == 1:
        return [row]
    return [_make_row(position + index, piece, None, None, max_row_bytes, glued=index > 0)
            for index, piece in enumerate(glued)]


def _glued_rows(raw: bytes) -> list[bytes]:
    """The rows in one cut, as the csv module reads its records: each record that reads as a row
    (eight quoted fields) on its own; records that do not (broken quoting, a wrong column count)
    together while they follow one another, as one damaged row may read as several records.
    Joined, they give `raw`."""
    pieces: list[list[str]] = []
    after_a_row = True  # a row that reads is never joined by what follows
    for record in _record_texts(raw.decode("utf-8", "surrogateescape")):
        reads = _reads_as_row(record)
        if reads or after_a_row:
            pieces.append([record])
        else:
            pieces[-1].append(record)
        after_a_row = reads
    return ["".join(piece).encode("utf-8", "surrogateescape") for piece in pieces]


def _record_texts(text: str) -> list[str]:
    """The texts of the CSV records in `text`, as the csv module reads them: each from the line
    where it begins to the line where the next begins (blank lines go with the record before
    them); where broken quoting stops the module, the rest is one text. Joined, they give `text`.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = io.StringIO(text[len(bom):], newline="").readlines()
    reader = csv.reader(lines, escapechar="\\", doublequote=False, strict=True)
    starts, read = [], 0  # the line each record begins at; the lines read so far
    try:
        for record in reader:
            if record:  # a blank line is no record
                starts.append(read)
            read = reader.line_num
    except csv.Error:
        starts.append(read)
    starts[:1] = [0]  # what comes before the first record goes with it
    bounds = starts + [len(lines)]
    return [bom * (index == 0) + "".join(lines[begin:end])
            for index, (begin, end) in enumerate(zip(bounds, bounds[1:]))]


def _reads_as_row(text: str) -> bool:
    """Whether `text` reads as one row: eight quoted fields, as `csv_row_fields` reads them."""
    try:
        _row_fields(text)
    except FormatError:
        return False
    return True


def _no_row_start(raw: bytes) -> str:
    """The message of a row that does not start like a row: what its number or date field lacks,
    when the csv module reads two fields in it."""
    message = 'does not start like a row ("<number>","<M/D/YYYY HH:MM>",...)'
    fields = _first_record(raw)
    if fields is None or len(fields) < 2:
        return f"{message}: {raw[:60]!r}"
    number, date = fields[:2]
    lacks = []
    if not _ROW_NUMBER_FIELD.fullmatch(number):
        lacks.append(f"its number field is {_shown(number)}, not a row number")
    if not _ROW_DATE_FIELD.fullmatch(date):
        lacks.append(f"its date field is {_shown(date)}, not M/D/YYYY HH:MM")
    if not lacks:  # e.g. `2,"3/4/1975 11:11",...`: the fields read, their quotes do not
        lacks.append("its number and date fields are not quoted as a row's, at the start of a "
                     "line")
    return f"{message}: {'; '.join(lacks)}; it begins {raw[:60]!r}"


def _first_record(raw: bytes) -> list[str] | None:
    """The first CSV record of a row's bytes, as the csv module reads it, leniently (a damaged
    row's first fields are still read), or None."""
    text = raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), escapechar="\\", doublequote=False)
    try:
        return next((record for record in reader if record), None)
    except csv.Error:
        return None


def _shown(value: str) -> str:
    """A field in a message: its first 40 characters."""
    return repr(value if len(value) <= 40 else value[:40] + "...")


def _make_row(position: int, raw: bytes, size: int | None, sha256: str | None,
              max_row_bytes: int, glued: bool = False) -> CsvRow:
    if size is not None:
        return CsvRow(position, raw, None, "too_large",
                      f"a row of {size:,} bytes (to the next row start: a runaway field, or text "
                      f"that is no row?) exceeds the cap of {max_row_bytes:,} (--max_input_bytes): "
                      f"the payload holds its first {len(raw):,} bytes; source.size and "
                      f"source.sha256 are the whole row's, which stays in the file",
                      size=size, sha256=sha256)
    try:
        fields = checked_row_fields(raw.decode("utf-8", "surrogateescape"))
    except FormatError as error:
        return CsvRow(position, raw, None, error.code, error.message, glued=glued)
    return CsvRow(position, raw, fields, glued=glued)


def _split_rows(stream: BinaryIO, max_row_bytes: int
                ) -> Iterator[tuple[bytes, int | None, str | None]]:
    """(raw bytes, None, None) per row: the bytes from one row start to the next; for a row
    over `max_row_bytes`, (its first `max_row_bytes` bytes, its size, its sha256), the rest of it
    hashed and counted as it streams by, never held.

    Reads blocks and looks for row starts with bytes.find, so the cost is per row, not per line.
    `buffer[start:]` is the row being assembled; `search_from` is where the next row start may be.
    """
    buffer, start, search_from = b"", 0, 0
    eof = False
    line_end = None  # judged by the first block
    cut = None  # a row over the cap, while it streams by: [its head, sha256 so far, size so far]
    while True:
        boundary, search_from = _next_row_start(buffer, search_from, eof, line_end or _LF)
        end = boundary if boundary is not None else len(buffer)
        # Over the cap: keep its head. Without a boundary, leave a margin for a row start that
        # waits for more data, so that a row just under the cap is not taken for one over it.
        margin = 0 if boundary is not None else _ROW_START_MAX_BYTES
        if cut is None and end - start > max_row_bytes + margin:
            cut = [buffer[start:start + max_row_bytes], hashlib.sha256(), 0]
        if cut is not None:
            # Pass by what cannot be the next row's: up to its start, or up to where it may be.
            passed = end if boundary is not None or eof else max(start, search_from)
            cut[1].update(memoryview(buffer)[start:passed])
            cut[2] += passed - start
            start = passed
            if boundary is not None or (eof and start == len(buffer)):
                yield cut[0], cut[2], cut[1].hexdigest()
                cut = None
                if boundary is None:
                    return
                search_from = boundary
                continue
        elif boundary is not None:
            yield buffer[start:boundary], None, None
            start = search_from = boundary
            continue
        elif eof:
            if len(buffer) > start:
                yield buffer[start:], None, None
            return
        block = stream.read(_BLOCK_BYTES)
        eof = not block
        if line_end is None and block:
            line_end = line_end_of(block)
        buffer, search_from = buffer[start:] + block, search_from - start
        start = 0


def _next_row_start(buffer: bytes, search_from: int, eof: bool,
                    line_end: bytes = _LF) -> tuple[int | None, int]:
    """(offset of the next row start or None, where to resume the search after more data)."""
    line_then_quote = line_end + b'"'
    while True:
        newline = buffer.find(line_then_quote, search_from)
        if newline < 0:
            # Keep the last byte: it may be the newline of a '\n"' split across blocks.
            return None, max(search_from, len(buffer) - 1)
        line = newline + 1
        if ROW_START.match(buffer, line):
            return line, newline  # resuming at the newline finds this row start again
        if not eof and len(buffer) - line < _ROW_START_MAX_BYTES:
            return None, newline  # the row start may be cut by the block end: look again later
        search_from = line
