"""Input formats of cable-ingest, in plain Python (no Beam): what an input is and how to open it.

    sniff_format(name, head) -> 'text' | 'html' | 'csv' | 'zip' | 'tar'
    html_to_cable(page) -> (text, metadata)          a Cablegate HTML page
    iter_csv_rows(stream) -> Iterator[CsvRow]        the cables.csv dump, streamed row by row
    iter_csv_range(stream, start, end) -> Iterator[RangedRow]   the rows starting in a byte range
    csv_row_fields(row_text) -> list[str]            one row's text -> its eight fields
    csv_row_to_cable(fields) -> (text, metadata)     one row's fields -> cable text and metadata
    iter_archive(stream, name) -> Iterator[ArchiveMember]   zip / tar members, in memory
    FormatError(code, message)                       the only error these raise

`text` is what `transforms.cable_parser.parse_cable` reads (header, blank line, body);
`metadata` what the source itself says (reference_id, created, released, classification,
origin; only the keys found; datetimes are aware UTC).
"""
from ._archive import ArchiveMember, iter_archive
from ._csv import CsvRow, csv_row_fields, csv_row_to_cable, iter_csv_rows
from ._csv_range import RangedRow, iter_csv_range
from ._errors import FormatError
from ._html import html_to_cable
from ._sniff import sniff_format

__all__ = ["ArchiveMember", "CsvRow", "FormatError", "csv_row_fields", "csv_row_to_cable",
           "html_to_cable", "iter_archive", "iter_csv_range", "iter_csv_rows", "RangedRow",
           "sniff_format"]
