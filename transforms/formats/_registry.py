"""The input formats, one object each: names, extensions, magic bytes, and how an input is read.

A new format is one `InputFormat` in `FORMATS` (and its reader, when it needs a new one): the
sniffing, the --format choices of `cable-ingest run` and `parse`, the reader that expands a file
(transforms.read) and the extraction of the cable text (transforms.ingest) all look it up here.

Layouts say how a file of the format becomes inputs:
    SINGLE      the file is one cable input (text, html)
    ROWS        one input per row (the cables.csv dump)
    ARCHIVE     one input per regular member, each judged on its own (zip, tar)
    COMPRESSED  one stream inside, judged on its own (gzip, bzip2, xz, zstd): a `.csv.gz` is a
                CSV dump, a `.tar.gz` an archive, a `.txt.gz` one cable
"""
import bz2
import gzip
import lzma
from dataclasses import dataclass
from typing import BinaryIO, Callable

from transforms.records import CSV, HTML, TEXT  # source.format (the Avro enum SourceFormat)

from ._csv import ROW_START, checked_row_fields, csv_row_to_cable
from ._html import html_to_cable
from ._streams import zstd

SINGLE, ROWS, ARCHIVE, COMPRESSED = "single", "rows", "archive", "compressed"
AUTO = "auto"
# A single input (a file, an archive member, a message) larger than this is not read: a
# too_large dead letter (the default of `--max_input_bytes`).
MAX_INPUT_BYTES = 10 * 2**20

_BOM = b"\xef\xbb\xbf"
_HTML_MARKERS = (b"<!doctype html", b"<html")
_HTML_WINDOW = 1024  # an XML prolog or a comment may come before the doctype
# POSIX and GNU tar headers carry 'ustar' at offset 257 of the first 512-byte block.
_TAR_MAGIC_AT = slice(257, 262)


@dataclass(frozen=True)
class InputFormat:
    """One input format.

    name            the --format value and what `sniff_format` returns
    layout          SINGLE, ROWS, ARCHIVE or COMPRESSED (see the module docstring)
    extensions      file name suffixes, lower case; a compressed format maps each to the suffix
                    of what it holds ('.tgz' -> '.tar', '.gz' -> '')
    source_format   `source.format` of its inputs (SINGLE and ROWS)
    magic           head -> whether the content is of this format (None: never by content)
    to_cable        decoded input -> (cable text, source metadata) (SINGLE and ROWS)
    open            compressed stream -> decompressed stream (COMPRESSED)
    """

    name: str
    layout: str
    extensions: tuple | dict = ()
    source_format: str = TEXT
    magic: Callable[[bytes], bool] | None = None
    to_cable: Callable[[str], tuple[str, dict]] | None = None
    open: Callable[[BinaryIO], BinaryIO] | None = None

    @property
    def holds_cables(self) -> bool:
        """Whether its inputs are cables (a --format choice), not other files."""
        return self.to_cable is not None


def _starts_with(*magic: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(magic)


def _is_bzip2(head: bytes) -> bool:
    # 'BZh' could begin a text: the block size digit and a block (or end-of-stream) magic follow.
    return (head[:3] == b"BZh" and head[3:4] in b"123456789" and len(head) >= 10
            and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90"))


def _is_tar(head: bytes) -> bool:
    return head[_TAR_MAGIC_AT] == b"ustar"


def _is_html(head: bytes) -> bool:
    # Markup starts with '<'; a cable never does. Then look for the markers a little way in.
    text = head.removeprefix(_BOM).lstrip()
    if not text.startswith(b"<"):
        return False
    window = text[:_HTML_WINDOW].lower()
    return any(marker in window for marker in _HTML_MARKERS)


def _is_csv_dump(head: bytes) -> bool:
    return ROW_START.match(head.removeprefix(_BOM).lstrip()) is not None


def _csv_row_to_cable(text: str) -> tuple[str, dict]:
    return csv_row_to_cable(checked_row_fields(text))


def _as_is(text: str) -> tuple[str, dict]:
    return text, {}


def _gzip(stream):
    return gzip.GzipFile(fileobj=stream, mode="rb")


def _bzip2(stream):
    return bz2.BZ2File(stream, mode="rb")


def _xz(stream):
    return lzma.LZMAFile(stream, mode="rb")


def _zstd(stream):
    return zstd.ZstdFile(stream, mode="rb")


# In the order content is sniffed: binary magic first (no cable starts with it), text last.
GZIP = InputFormat("gzip", COMPRESSED, {".tgz": ".tar", ".gz": ""},
                   magic=_starts_with(b"\x1f\x8b"), open=_gzip)
BZIP2 = InputFormat("bzip2", COMPRESSED, {".tbz2": ".tar", ".tbz": ".tar", ".bz2": ""},
                    magic=_is_bzip2, open=_bzip2)
XZ = InputFormat("xz", COMPRESSED, {".txz": ".tar", ".xz": ""},
                 magic=_starts_with(b"\xfd7zXZ\x00"), open=_xz)
ZSTD = InputFormat("zstd", COMPRESSED, {".tzst": ".tar", ".zst": "", ".zstd": ""},
                   magic=_starts_with(b"\x28\xb5\x2f\xfd"), open=_zstd)
# Local file header, empty archive, spanned archive.
ZIP = InputFormat("zip", ARCHIVE, (".zip",),
                  magic=_starts_with(b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"))
TAR = InputFormat("tar", ARCHIVE, (".tar",), magic=_is_tar)
HTML_PAGE = InputFormat("html", SINGLE, (".html", ".htm", ".xhtml"), HTML, _is_html,
                        html_to_cable)
CSV_DUMP = InputFormat("csv", ROWS, (".csv",), CSV, _is_csv_dump, _csv_row_to_cable)
TEXT_CABLE = InputFormat("text", SINGLE, (".txt",), TEXT, None, _as_is)  # anything else

FORMATS = (GZIP, BZIP2, XZ, ZSTD, ZIP, TAR, HTML_PAGE, CSV_DUMP, TEXT_CABLE)
BY_NAME = {fmt.name: fmt for fmt in FORMATS}
# --format: what the cable files are (containers are always recognised by their content).
FORMAT_CHOICES = (AUTO,) + tuple(fmt.name for fmt in FORMATS if fmt.holds_cables)
_BY_SOURCE_FORMAT = {fmt.source_format: fmt for fmt in FORMATS if fmt.holds_cables}
# Every known suffix, longest first, so '.tar.gz' is not taken for '.gz' nor '.tgz' for '.gz'.
_SUFFIXES = sorted(((suffix, fmt) for fmt in FORMATS for suffix in fmt.extensions),
                   key=lambda pair: -len(pair[0]))
_CONTAINERS = tuple(fmt for fmt in FORMATS if fmt.layout in (COMPRESSED, ARCHIVE))


def chosen_format(choice: str) -> InputFormat | None:
    """The format a --format choice names; None for `auto`."""
    return BY_NAME.get(choice)


def format_of(name: str, head: bytes, choice: str = AUTO) -> InputFormat:
    """The format of an input named `name` ('' for none) that starts with `head`.

    A container's magic bytes decide first (a gzip stream is one whatever its name), then a
    container's extension; then the --format `choice` unless it is 'auto'; then the extension;
    then the content.
    """
    for fmt in _CONTAINERS:
        if fmt.magic(head):
            return fmt
    by_name = format_by_name(name)
    if by_name is not None and not by_name.holds_cables:
        return by_name  # a damaged container: its reader says what is wrong
    if choice != AUTO:
        return BY_NAME[choice]
    return by_name or format_by_content(head)


def format_by_name(name: str) -> InputFormat | None:
    """The format its extension names; an archive member's 'ARCHIVE!MEMBER' by the member's."""
    base = _base_name(name).lower()
    return next((fmt for suffix, fmt in _SUFFIXES if base.endswith(suffix)), None)


def format_by_content(head: bytes) -> InputFormat:
    return next((fmt for fmt in FORMATS if fmt.magic and fmt.magic(head)), TEXT_CABLE)


def format_of_source(source_format: str, text: str) -> InputFormat:
    """The format that reads a decoded input of `source_format`; a Pub/Sub message's by content."""
    fmt = _BY_SOURCE_FORMAT.get(source_format)
    if fmt is not None:
        return fmt
    head = text[:_HTML_WINDOW].encode("utf-8", "replace")
    return HTML_PAGE if _is_html(head) else TEXT_CABLE


def misread_hint(source_format: str, payload: bytes) -> str | None:
    """For an input read as a text cable that failed: what its head looks like when it is
    another cable format's (a CSV dump, an HTML page) and how to read it so; else None.

    `--format auto` trusts a `.txt` name over the content (the documented order), so a dump
    named `.txt` became one `multiple_cables` dead letter that said nothing of why. A look at
    the first line (the first KB for a page) only, on the failure's path: no second parse."""
    if source_format != TEXT:
        return None
    head = payload[:_HTML_WINDOW]
    if CSV_DUMP.magic(head):
        looks, fmt = "starts like a row of the cables.csv dump", CSV_DUMP
    elif HTML_PAGE.magic(head):
        looks, fmt = "is an HTML page", HTML_PAGE
    else:
        return None
    return (f"read as a text cable, by its .txt name or --format text, but its content {looks}: "
            f"rename it .{fmt.name} or give --format {fmt.name}")


def sniff_format(name: str, head: bytes) -> str:
    """The name of the format of an input (see `format_of`)."""
    return format_of(name, head).name


def inner_name(name: str, fmt: InputFormat) -> str:
    """The name of what a compressed file holds: 'X.csv.gz' -> 'X.csv', 'X.tgz' -> 'X.tar'."""
    base = _base_name(name).lower()
    for suffix, replacement in fmt.extensions.items():
        if base.endswith(suffix):
            return name[:len(name) - len(suffix)] + replacement
    return name


def _base_name(name: str) -> str:
    return name.rsplit("/", 1)[-1].rsplit("!", 1)[-1]
