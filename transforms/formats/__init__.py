"""Input formats of cable-ingest, in plain Python (no Beam): what an input is and how to open it.

    FORMATS, FORMAT_CHOICES, InputFormat     the registry: one object per input format
    format_of(name, head, choice) -> InputFormat      which format reads an input
    sniff_format(name, head) -> 'text' | 'html' | 'csv' | 'zip' | 'tar' | 'gzip' | 'bzip2' | ...
    format_of_source(source_format, text)    the format that extracts a decoded input's cable
    Decompressed(stream, fmt, name)          a compressed stream's content, read in blocks
    peek(stream, size) -> (head, stream)     the first bytes of a stream, which still starts there
    html_to_cable(page) -> (text, metadata)          a Cablegate HTML page
    iter_csv_rows(stream) -> Iterator[CsvRow]        the cables.csv dump, streamed row by row
    iter_csv_range(stream, start, end) -> Iterator[RangedRow]   the rows starting in a byte range
    csv_row_fields(row_text) -> tuple[str, ...]       one row's text -> its eight fields
    csv_row_to_cable(fields) -> (text, metadata)     one row's fields -> cable text and metadata
    iter_archive(stream, name) -> Iterator[ArchiveMember]   zip / tar members (in memory, or streamed)
    FormatError(code, message)                       the only error these raise

`text` is what `transforms.cable_parser.parse_cable` reads (header, blank line, body);
`metadata` what the source itself says (reference_id, created, released, classification,
origin; only the keys found; datetimes are aware UTC).
"""
from ._archive import ArchiveMember, iter_archive
from ._csv import CsvRow, csv_row_fields, csv_row_to_cable, iter_csv_rows
from ._csv_range import CSV_RANGE_BYTES, RangedRow, iter_csv_range
from ._errors import FormatError
from ._html import html_to_cable
from ._registry import (ARCHIVE, AUTO, COMPRESSED, FORMAT_CHOICES, FORMATS, MAX_INPUT_BYTES, ROWS,
                        SINGLE, InputFormat, chosen_format, format_of, format_of_source,
                        inner_name, misread_hint, sniff_format)
from ._streams import Decompressed, Prepended, peek

__all__ = ["ARCHIVE", "AUTO", "ArchiveMember", "COMPRESSED", "CSV_RANGE_BYTES", "CsvRow",
           "Decompressed", "FORMATS", "FORMAT_CHOICES", "FormatError", "InputFormat",
           "MAX_INPUT_BYTES", "ROWS", "RangedRow",
           "SINGLE", "chosen_format", "csv_row_fields", "csv_row_to_cable", "format_of", "format_of_source",
           "html_to_cable", "inner_name", "misread_hint", "iter_archive", "iter_csv_range", "iter_csv_rows",
           "peek", "Prepended", "sniff_format"]
