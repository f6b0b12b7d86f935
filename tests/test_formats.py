"""transforms.formats: sniffing, Cablegate HTML pages, the cables.csv dump, archives.

Real fixtures: four Cablegate pages of different eras (1975, 1986, 2003 partial extract, 2010)
from the golden set in tests/data/valid/; in tests/data/formats/, the first five rows of the CSV
sample and a variant whose third row has a runaway quote (a stray backslash escapes the closing
quote of its header field).
"""
import bz2
import csv
import gzip
import hashlib
import html
import io
import lzma
import pickle
import random
import re
import stat
import tarfile
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from transforms.formats import (ArchiveMember, CsvRow, FormatError, csv_row_fields,
                                csv_row_to_cable, html_to_cable, iter_archive, iter_csv_rows,
                                sniff_format)
from transforms.formats import _csv

DATA = Path(__file__).parent / "data" / "formats"
SMALL_CSV = DATA / "cables-small.csv"
DAMAGED_CSV = DATA / "cables-small-damaged.csv"


def utc(*parts):
    return datetime(*parts, tzinfo=timezone.utc)


def read_page(name):
    """A real Cablegate page of the golden set (tests/data/valid/)."""
    return (DATA.parent / "valid" / f"{name}.html").read_text(encoding="utf-8")


# --- sniff_format --------------------------------------------------------------------------------

CSV_HEAD = b'"1","3/4/1975 11:11","75TEHRAN2069","Embassy Tehran","CONFIDENTIAL","","R 0411'
PAGE_HEAD = (b"<?xml version='1.0' encoding='utf-8' ?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0"
             b" Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html")
CABLE_HEAD = b"R 041125Z MAR 75\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 475\n"
TAR_HEAD = bytes(257) + b"ustar\x0000" + bytes(243)


@pytest.mark.parametrize("name, head, expected", [
    # the extension decides when it is known, whatever the content
    ("cables/06ALMATY2404.txt", CSV_HEAD, "text"),
    ("PAGE.HTML", b"", "html"),
    ("page.htm", b"", "html"),
    ("gs://bucket/dump/cables.csv", b"", "csv"),
    ("batch.zip", b"", "zip"),
    ("batch.tar", b"", "tar"),
    # a compressed file is the compression first: what it holds is judged once decompressed
    ("batch.tar.gz", b"", "gzip"),
    ("batch.tgz", b"", "gzip"),
    ("cables.csv.gz", b"", "gzip"),
    ("batch.tar.bz2", b"", "bzip2"),
    ("X.html.bz2", b"", "bzip2"),
    ("batch.tar.xz", b"", "xz"),
    ("X.txt.zst", b"", "zstd"),
    ("batch.zip!2006/cable.html", b"", "html"),  # an archive member: the member's name counts
    # binary magic decides whatever the name: no cable starts with it
    ("cable.txt", b"\x1f\x8b\x08\x00", "gzip"),
    ("cables.csv", b"PK\x03\x04\x14\x00", "zip"),
    # otherwise the content decides
    ("", b"PK\x03\x04\x14\x00", "zip"),
    ("upload", b"\x1f\x8b\x08\x00", "gzip"),
    ("upload", b"BZh91AY&SY", "bzip2"),
    ("upload", b"BZh91AY&SY"[:9], "text"),         # too short to be sure
    ("", b"BZh IS HOW THE MEMO BEGINS\n", "text"),  # 'BZh' alone is not bzip2
    ("", bz2.compress(b""), "bzip2"),              # an empty stream: end-of-stream magic
    ("upload", b"\xfd7zXZ\x00\x00", "xz"),
    ("upload", b"\x28\xb5\x2f\xfd\x04\x58", "zstd"),
    ("upload", TAR_HEAD, "tar"),
    ("cable-1a2b3c", PAGE_HEAD, "html"),
    ("", b"<!DOCTYPE html><html><body>", "html"),
    ("", b"\xef\xbb\xbf  \n<html lang='en'>", "html"),
    ("", CSV_HEAD, "csv"),
    ("", b"\xef\xbb\xbf" + CSV_HEAD, "csv"),
    ("", CABLE_HEAD, "text"),
    ("", b"", "text"),
    ("", b"SUBJECT: HOW TO WRITE <html> PAGES\n", "text"),  # markup must come first
    ("", b'"1","not a date","75TEHRAN2069"', "text"),
    ("archive.7z", CABLE_HEAD, "text"),  # unknown extension: content
])
def test_sniff_format(name, head, expected):
    assert sniff_format(name, head) == expected


# --- html_to_cable -------------------------------------------------------------------------------

# The reading of /work/shared/tools/score-dev, the reference for text and metadata.
SCORE_META = re.compile(r"<table class='cable'>.*?<a href='[^']*'>([^<]+)</a>.*?<a href='[^']*'>"
                        r"([^<]+)</a>.*?<a href='[^']*'>([^<]+)</a>.*?<a href='[^']*' title='[^']*'>"
                        r"([^<]+)</a>.*?<a href='[^']*'>([^<]+)</a>", re.S)
SCORE_PRE = re.compile(r"<code><pre>(.*?)</pre></code>", re.S)
SCORE_ANCHOR = re.compile(r"<a[^>]*>|</a>")


def score_dev_text(page):
    header, body = (html.unescape(SCORE_ANCHOR.sub("", block)) for block in SCORE_PRE.findall(page)[:2])
    return header.rstrip() + "\n\n" + body


@pytest.mark.parametrize("name, metadata, text_start, text_has", [
    ("75TEHRAN2069",
     dict(reference_id="75TEHRAN2069", created=utc(1975, 3, 4, 11, 11), released=utc(2010, 11, 30, 16, 4),
          classification="CONFIDENTIAL", origin="Embassy Tehran"),
     "R 041125Z MAR 75\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 475\n\nC O N F I D E N T I A L",
     ["TAGS: PINT IR\n", "\n\n¶1. SHAH'S LENGTHY STATEMENT"]),
    ("86MADRID5480",
     dict(reference_id="86MADRID5480", created=utc(1986, 5, 12, 17, 5), released=utc(2010, 11, 28, 18, 6),
          classification="SECRET", origin="Embassy Madrid"),
     "O 121758Z MAY 86\nFM AMEMBASSY MADRID\nTO SECSTATE WASHDC IMMEDIATE 8202\n",
     ["¶1."]),
    ("03ABUDHABI2641",
     dict(reference_id="03ABUDHABI2641", created=utc(2003, 6, 3, 12, 12), released=utc(2010, 11, 29, 23, 11),
          classification="CONFIDENTIAL", origin="Embassy Abu Dhabi"),
     "null\nDiana T Fritz  03/21/2007 05:47:09 PM  From  DB/Inbox:  Search Results\n",
     ["C O N F I D E N T I A L ABU DHABI 002641"]),
    ("10MADRID49",
     dict(reference_id="10MADRID49", created=utc(2010, 1, 19, 17, 5), released=utc(2010, 11, 29, 21, 9),
          classification="CONFIDENTIAL", origin="Embassy Madrid"),
     "VZCZCXRO2082\nRR RUEHDBU RUEHFL RUEHKW RUEHLA RUEHNP RUEHROV RUEHSL RUEHSR\nDE RUE",
     []),
])
def test_html_to_cable_real_pages(name, metadata, text_start, text_has):
    page = read_page(name)
    text, found = html_to_cable(page)
    assert found == metadata
    assert text == score_dev_text(page)
    assert text.startswith(text_start)
    for fragment in text_has:
        assert fragment in text
    assert "<a" not in text and "&#x" not in text


def minimal_page(cells=("<a href='/c'>06ALMATY2404</a>", "2006-07-07 06:53", "2010-11-30 16:04",
                        "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "Embassy Almaty"),
                 headers=("Reference ID", "Created", "Released", "Classification", "Origin"),
                 header="R 070653Z JUL 06&#x000A;FM AMEMBASSY ALMATY   &#x000A;",
                 body="SUBJECT: TEST&#x000A;"):
    head_row = "<tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr>" if headers else ""
    return ("<html><body><div>nav <a href='/x'>x</a></div><table class='cable'>" + head_row +
            "<tr>" + "".join(f"<td>\n{c}\n</td>" for c in cells) + "</tr></table>"
            f"<code><pre>{header}</pre></code><code><pre>{body}</pre></code>"
            "<script src='/static/js/js.js'></script></body></html>")


FULL_METADATA = dict(reference_id="06ALMATY2404", created=utc(2006, 7, 7, 6, 53), released=utc(2010, 11, 30, 16, 4),
                     classification="UNCLASSIFIED//FOR OFFICIAL USE ONLY", origin="Embassy Almaty")


@pytest.mark.parametrize("page, text, metadata", [
    (minimal_page(), "R 070653Z JUL 06\nFM AMEMBASSY ALMATY\n\nSUBJECT: TEST\n", FULL_METADATA),
    # entities unescaped, links and anchors dropped with their text kept, <br> is a line end
    (minimal_page(body="TAGS: <a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/KZ'>KZ</a>&#x000A;"
                       "<a id='par1' href='#par1'>¶</a>1. AT&amp;T &lt;SBU&gt; &quot;Q&quot;<br/>END"),
     "R 070653Z JUL 06\nFM AMEMBASSY ALMATY\n\nTAGS: PREL KZ\n¶1. AT&T <SBU> \"Q\"\nEND", FULL_METADATA),
    # a stray '<' in the text stays text
    (minimal_page(body="A < B AND C<D"), "R 070653Z JUL 06\nFM AMEMBASSY ALMATY\n\nA < B AND C<D", FULL_METADATA),
    # no <th> row: Cablegate's column order
    (minimal_page(headers=()), "R 070653Z JUL 06\nFM AMEMBASSY ALMATY\n\nSUBJECT: TEST\n", FULL_METADATA),
    # columns found by their header, in any order; missing and empty ones left out
    (minimal_page(cells=("Embassy Almaty", "", "06ALMATY2404"), headers=("Origin", "Classification", "Reference ID")),
     "R 070653Z JUL 06\nFM AMEMBASSY ALMATY\n\nSUBJECT: TEST\n",
     dict(origin="Embassy Almaty", reference_id="06ALMATY2404")),
    # a date that is not a date is left out, the text has its own
    (minimal_page(cells=("06ALMATY2404", "2006-13-07 06:53", "soon", "SECRET", "Embassy Almaty")),
     "R 070653Z JUL 06\nFM AMEMBASSY ALMATY\n\nSUBJECT: TEST\n",
     dict(reference_id="06ALMATY2404", classification="SECRET", origin="Embassy Almaty")),
    # upper-case tags and an empty header block
    (minimal_page(header="").replace("<table class='cable'>", "<TABLE class='cable'>").replace("pre>", "PRE>"),
     "\n\nSUBJECT: TEST\n", FULL_METADATA),
])
def test_html_to_cable_markup(page, text, metadata):
    assert html_to_cable(page) == (text, metadata)


REAL = read_page("75TEHRAN2069")
BODY_START = REAL.index("<code><pre>C O N F")


@pytest.mark.parametrize("page, code", [
    ("", "no_cable_in_page"),
    ("<html><body><p>Nothing here</p></body></html>", "no_cable_in_page"),
    (REAL.replace("<table class='cable'>", "<table class='other'>"), "no_cable_in_page"),
    (REAL[:BODY_START] + "</div></body></html>", "no_cable_in_page"),          # body block missing
    (REAL[:BODY_START + 5000], "unbalanced_markup"),                           # truncated download
    (REAL[:REAL.index("</table>")], "unbalanced_markup"),                      # truncated in the table
    (REAL.replace("HELMS", "<script>alert(1)</script>HELMS"), "active_content"),
    (REAL.replace("<td>", "<td><style>td{}</style>", 1), "active_content"),
    (REAL.replace("<a id='par2' href='#par2'>¶</a>", "<a id='par2' href='#par2'>¶"), "unbalanced_markup"),
    (REAL.replace("HELMS", "</a>HELMS"), "unbalanced_markup"),
    (REAL.replace("HELMS", "<pre>HELMS"), "unbalanced_markup"),
    ("<table class='cable'><td>" + "<b " * 30_000, "bad_html"),                  # html.parser is quadratic here
    ("<table class='cable'></table><pre>" + "<a>" * 30_000, "bad_html"),
    ("<table class='cable'><td " + "a=b " * 25_000 + ">", "bad_html"),
])
def test_html_to_cable_rejects(page, code):
    with pytest.raises(FormatError) as caught:
        html_to_cable(page)
    assert caught.value.code == code
    assert str(caught.value)


@pytest.mark.parametrize("page", [
    "<" * 100_000,
    "<table class='cable'><td>" + "<b " * 30_000,
    "<table class='cable'></table><pre>" + "<a>" * 1_990 + "x" * 90_000,
    "<table class='cable'></table><pre>" + "&#10;" * 20_000,
    "<table class='cable'><td a='" + "<" * 50_000,
    REAL + "x" * 55_000,
])
def test_html_to_cable_is_fast_on_any_100kb(page):
    def cpu_seconds():  # CPU time, not wall time: other jobs share the two cores
        started = time.process_time()
        try:
            html_to_cable(page)
        except FormatError:
            pass
        return time.process_time() - started
    assert min(cpu_seconds() for _ in range(3)) < 0.05


# --- the CSV dump --------------------------------------------------------------------------------

def reference_rows(data: bytes):
    """The csv module's reading of a whole (well-formed) dump, as score-dev reads it."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), escapechar="\\", doublequote=False))


def test_iter_csv_rows_real_rows():
    data = SMALL_CSV.read_bytes()
    rows = list(iter_csv_rows(io.BytesIO(data)))
    assert [row.row for row in rows] == [1, 2, 3, 4, 5]
    assert b"".join(row.raw for row in rows) == data
    assert [list(row.fields) for row in rows] == reference_rows(data)
    assert [row.fields[2] for row in rows] == ["75TEHRAN2069", "86MADRID5480", "90CAPETOWN97",
                                               "02BRASILIA4227", "03ABUDHABI2641"]
    assert all(row.error is None and row.error_code is None for row in rows)


def test_iter_csv_rows_runaway_quote_costs_one_row():
    data = DAMAGED_CSV.read_bytes()
    rows = list(iter_csv_rows(io.BytesIO(data)))
    assert b"".join(row.raw for row in rows) == data
    assert [(row.row, row.error_code) for row in rows] == [
        (1, None), (2, None), (3, "bad_csv_row"), (4, None), (5, None)]
    assert rows[2].fields is None and rows[2].error
    assert rows[2].raw.startswith(b'"3","1/17/1990 15:03","90CAPETOWN97"')
    good = reference_rows(SMALL_CSV.read_bytes())
    assert [list(row.fields) for row in rows if row.fields] == [good[0], good[1], good[3], good[4]]


SMALL_ROWS = [row.raw for row in iter_csv_rows(io.BytesIO(SMALL_CSV.read_bytes()))]


def drop_last_column(raw):
    return raw[:raw.rindex(b',"')] + b"\n"


@pytest.mark.parametrize("chunks, expected", [
    # (row bytes in file order, [(error_code, reference id or None)] per yielded row)
    ([SMALL_ROWS[0], drop_last_column(SMALL_ROWS[1]), SMALL_ROWS[2]],
     [(None, "75TEHRAN2069"), ("bad_csv_row", None), (None, "90CAPETOWN97")]),
    ([SMALL_ROWS[0], SMALL_ROWS[1].replace(b'"","O 1217', b'"","","O 1217'), SMALL_ROWS[2]],   # 9 columns
     [(None, "75TEHRAN2069"), ("bad_csv_row", None), (None, "90CAPETOWN97")]),
    ([b'"id","date","reference_id","origin","classification","refs","header","body"\n', SMALL_ROWS[0]],
     [("not_a_csv_row", None), (None, "75TEHRAN2069")]),
    ([b"\xef\xbb\xbf" + SMALL_ROWS[0], SMALL_ROWS[1]], [(None, "75TEHRAN2069"), (None, "86MADRID5480")]),
    ([SMALL_ROWS[0], SMALL_ROWS[1][:1500]], [(None, "75TEHRAN2069"), ("bad_csv_row", None)]),  # cut-off file
    ([SMALL_ROWS[0], b"\n\n", SMALL_ROWS[1]], [(None, "75TEHRAN2069"), (None, "86MADRID5480")]),
    ([SMALL_ROWS[0].replace(b"\n", b"\r\n"), SMALL_ROWS[1]], [(None, "75TEHRAN2069"), (None, "86MADRID5480")]),
    ([SMALL_ROWS[0].replace(b"HELMS", b"HELMS \xe9\xff"), SMALL_ROWS[1]],                         # not UTF-8
     [(None, "75TEHRAN2069"), (None, "86MADRID5480")]),
    ([], []),
])
def test_iter_csv_rows_damage(chunks, expected):
    data = b"".join(chunks)
    rows = list(iter_csv_rows(io.BytesIO(data)))
    assert b"".join(row.raw for row in rows) == data
    assert [row.row for row in rows] == list(range(1, len(rows) + 1))
    assert [(row.error_code, row.fields[2] if row.fields else None) for row in rows] == expected
    for row in rows:
        assert (row.fields is None) == (row.error is not None)


def test_iter_csv_rows_keeps_undecodable_bytes():
    raw = SMALL_ROWS[0].replace(b"HELMS", b"HELMS \xe9\xff")
    row, = iter_csv_rows(io.BytesIO(raw))
    assert row.fields[7].encode("utf-8", "surrogateescape") in raw


@pytest.mark.parametrize("max_row_bytes", [3_000, 5_000, 9_000])
def test_iter_csv_rows_caps_a_row(max_row_bytes):
    """Each row is one CsvRow: a row over the cap is one 'too_large' row holding its first
    `max_row_bytes` bytes, with the whole row's size and sha256 (before 2026-12-06: several
    pieces, each an input of its own)."""
    data = SMALL_CSV.read_bytes()
    rows = list(iter_csv_rows(io.BytesIO(data), max_row_bytes=max_row_bytes))
    assert len(rows) == len(SMALL_ROWS)
    for row, whole in zip(rows, SMALL_ROWS):
        if len(whole) <= max_row_bytes:
            assert (row.raw, row.size, row.sha256) == (whole, None, None)
        else:
            assert row.error_code == "too_large" and row.fields is None
            assert row.raw == whole[:max_row_bytes]
            assert (row.size, row.sha256) == (len(whole), hashlib.sha256(whole).hexdigest())
            assert f"a row of {len(whole):,} bytes" in row.error
    assert sum(row.length for row in rows) == len(data)
    kept = {row.fields[2] for row in rows if row.fields}
    assert kept == {row[2] for row, raw in zip(reference_rows(data), SMALL_ROWS) if len(raw) <= max_row_bytes}
    assert {row.error_code for row in rows if not row.fields} <= {"too_large"}


def test_iter_csv_rows_runaway_without_row_start_is_bounded():
    """A stretch of 2.9 MB with no row start is one 'too_large' row (its head, its size and
    sha256), then the next row reads normally."""
    junk = b'"1","3/4/1975 11:11","X","' + b"no closing quote, no new row\n" * 100_000
    rows = list(iter_csv_rows(io.BytesIO(junk + SMALL_ROWS[1]), max_row_bytes=100_000))
    assert len(rows) == 2
    assert (rows[0].error_code, rows[0].raw) == ("too_large", junk[:100_000])
    assert (rows[0].size, rows[0].sha256) == (len(junk), hashlib.sha256(junk).hexdigest())
    assert rows[1].raw == SMALL_ROWS[1] and rows[1].fields[2] == "86MADRID5480"


class Trickle(io.RawIOBase):
    """A stream that returns at most `step` bytes per read, like a slow network."""

    def __init__(self, data, step):
        self.data, self.offset, self.step = data, 0, step

    def readable(self):
        return True

    def read(self, size=-1):
        size = self.step if size is None or size < 0 else min(size, self.step)
        piece = self.data[self.offset:self.offset + size]
        self.offset += len(piece)
        return piece


@pytest.mark.parametrize("block_bytes", [1, 2, 7, 31, 4096])
def test_iter_csv_rows_does_not_depend_on_block_boundaries(monkeypatch, block_bytes):
    monkeypatch.setattr(_csv, "_BLOCK_BYTES", block_bytes)
    data = DAMAGED_CSV.read_bytes()
    rows = list(iter_csv_rows(Trickle(data, block_bytes)))
    assert b"".join(row.raw for row in rows) == data
    assert [row.error_code for row in rows] == [None, None, "bad_csv_row", None, None]


@pytest.mark.parametrize("block_bytes", [1, 7, 31, 4096])
def test_a_row_over_the_cap_is_one_row_whatever_the_block_boundaries(monkeypatch, block_bytes):
    """The row over the cap streams by in blocks of any size: the same one 'too_large' row
    (head, size, sha256), and the rows around it unchanged."""
    data = SMALL_CSV.read_bytes()
    cap = 3_000
    whole = list(iter_csv_rows(io.BytesIO(data), max_row_bytes=cap))
    monkeypatch.setattr(_csv, "_BLOCK_BYTES", block_bytes)
    rows = list(iter_csv_rows(Trickle(data, block_bytes), max_row_bytes=cap))
    assert rows == whole and any(row.size for row in rows)


@pytest.mark.parametrize("text, fields", [
    ('"1","3/4/1975 11:11","75TEHRAN2069","Embassy Tehran","SECRET","","H",'
     '"SAID \\"NO\\" TWICE\nC:\\\\TEMP"\n',
     ["1", "3/4/1975 11:11", "75TEHRAN2069", "Embassy Tehran", "SECRET", "", "H", 'SAID "NO" TWICE\nC:\\TEMP']),
    ('\ufeff"2","1/1/2001 00:00","01X1","O","C","","",""\r\n', ["2", "1/1/2001 00:00", "01X1", "O", "C", "", "", ""]),
])
def test_csv_row_fields(text, fields):
    assert csv_row_fields(text) == tuple(fields)


def test_csv_row_fields_parses_a_row_decoded_again_once(monkeypatch):
    """The read checks a row by parsing it and the decode step asks for its fields again, from
    a text decoded apart: an equal text is not parsed again, any other text is."""
    parsed = []
    monkeypatch.setattr(_csv, "_row_fields", lambda text: parsed.append(text) or (text,))
    monkeypatch.setattr(_csv, "_last_row", (None, None))
    row = b'"1","3/4/1975 11:11","A","B","C","","H","B"\n'
    other = row.replace(b"H", b"I")
    for text in (row.decode("utf-8", "surrogateescape"), row.decode("utf-8"),
                 other.decode("utf-8"), row.decode("utf-8")):
        assert csv_row_fields(text) == (text,)
    assert parsed == [row.decode(), other.decode(), row.decode()]


@pytest.mark.parametrize("text", [
    '"1","3/4/1975 11:11","A","B","C","","H"\n',                                     # 7 columns
    '"1","3/4/1975 11:11","A","B","C","","H","B"\n"2","3/4/1975 11:11","A","B","C","","H","B"\n',
    '"1","3/4/1975 11:11","A","B","C","","H","B\n',                                  # quote never closes
    '',
])
def test_csv_row_fields_rejects(text):
    with pytest.raises(FormatError) as caught:
        csv_row_fields(text)
    assert caught.value.code == "bad_csv_row"


@pytest.mark.parametrize("text", [
    '"2","notadate 3/4/1975 11:11","A","B","C","","H","B"\n',       # its date malformed
    '"2x","3/4/1975 11:11","A","B","C","","H","B"\n',               # its number
    '2,"3/4/1975 11:11","A","B","C","","H","B"\n',                  # its number unquoted
    '"number","date","reference id","origin","classification","","header","body"\n',
])
def test_checked_row_fields_refuses_a_row_that_does_not_start_like_one_as_reading_does(text):
    """The decode step (a replayed row's too) checks a row's start as reading the dump does."""
    (read,) = iter_csv_rows(io.BytesIO(text.encode()))
    with pytest.raises(FormatError) as caught:
        _csv.checked_row_fields(text)
    assert (caught.value.code, caught.value.message) == ("not_a_csv_row", read.error)
    assert read.error_code == "not_a_csv_row"


def _reading(read, text):
    try:
        return read(text)
    except FormatError as error:
        return error.code, error.message


def _generated_rows(count, seed):
    """Rows as the dump writes them (quotes and backslashes escaped, or left bare), with line
    ends, NULs, BOMs, undecodable bytes, commas and `","` in their fields, some damaged."""
    rng = random.Random(seed)
    pieces = ["a", "b", " ", '"', '"', "\n", "\r\n", "\r", "\xe9", ",", '","', "\0", "\udc80"]
    damage = ['"', "\\", ",", "\r", "\n", "\0", "\ufeff", '","', '\\"', "\\\\", "a"]
    for _ in range(count):
        fields = ["".join(rng.choice(pieces) for _ in range(rng.randrange(6)))
                  + ("\\" if rng.random() < 0.02 else "") for _ in range(_csv.COLUMN_COUNT)]
        if rng.random() < 0.97:
            fields = [field.replace("\\", "\\\\").replace('"', '\\"').replace("a", "\\a")
                      for field in fields]
        text = ",".join(f'"{field}"' for field in fields) + rng.choice(
            ["", "\n", "\r\n", "\n\n", "\r", "\n\r\n"])
        if rng.random() < 0.2:
            text = "\ufeff" + text
        for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
            at = rng.randrange(len(text) + 1)
            text = (text[:at] + rng.choice(damage) + text[at:] if rng.random() < 0.6
                    else text[:at] + text[at + 1:])
        yield text


def test_csv_row_fields_reads_rows_as_the_csv_module_does():
    """The quick reading of well-formed rows (`_csv._well_formed_fields`) gives what the csv
    module gives, fields or error, on 30,000 generated rows (half of them quick) and every row
    of the repo's CSV files."""
    texts = list(_generated_rows(30_000, seed=10))
    for path in sorted(Path(__file__).parent.glob("data/**/*.csv")):
        texts += [row.raw.decode("utf-8", "surrogateescape")
                  for row in iter_csv_rows(io.BytesIO(path.read_bytes()))]
    quick = 0
    for text in texts:
        without_bom = text.removeprefix("\ufeff")
        assert (_reading(_csv._row_fields, text)
                == _reading(_csv._csv_module_fields, without_bom)), text
        quick += _csv._well_formed_fields(without_bom) is not None
    assert quick > len(texts) / 3


def fields_with(date="3/4/1975 11:11", reference_id="75TEHRAN2069", origin="Embassy Tehran",
                classification="CONFIDENTIAL", header="R 041125Z MAR 75\nFM AMEMBASSY TEHRAN", body="BODY\n"):
    return ["1", date, reference_id, origin, classification, "", header, body]


@pytest.mark.parametrize("fields, text, metadata", [
    (fields_with(), "R 041125Z MAR 75\nFM AMEMBASSY TEHRAN\n\nBODY\n",
     dict(reference_id="75TEHRAN2069", created=utc(1975, 3, 4, 11, 11), classification="CONFIDENTIAL",
          origin="Embassy Tehran")),
    (fields_with(date="12/31/2010 23:59", origin=" Mission USNATO "), "R 041125Z MAR 75\nFM AMEMBASSY TEHRAN\n\nBODY\n",
     dict(reference_id="75TEHRAN2069", created=utc(2010, 12, 31, 23, 59), classification="CONFIDENTIAL",
          origin="Mission USNATO")),
    (fields_with(date="2/30/2005 10:00", classification="", header=""), "\n\nBODY\n",
     dict(reference_id="75TEHRAN2069", origin="Embassy Tehran")),
    (fields_with(date="1975-03-04"), "R 041125Z MAR 75\nFM AMEMBASSY TEHRAN\n\nBODY\n",
     dict(reference_id="75TEHRAN2069", classification="CONFIDENTIAL", origin="Embassy Tehran")),
])
def test_csv_row_to_cable(fields, text, metadata):
    assert csv_row_to_cable(fields) == (text, metadata)


def test_csv_row_to_cable_real_row():
    row = next(iter_csv_rows(io.BytesIO(SMALL_ROWS[0])))
    text, metadata = csv_row_to_cable(row.fields)
    assert metadata == dict(reference_id="75TEHRAN2069", created=utc(1975, 3, 4, 11, 11),
                            classification="CONFIDENTIAL", origin="Embassy Tehran")
    # the same cable text as the Cablegate page gives
    assert text == html_to_cable(read_page("75TEHRAN2069"))[0]


@pytest.mark.parametrize("fields", [[], fields_with()[:7], fields_with() + ["extra"]])
def test_csv_row_to_cable_rejects_wrong_column_count(fields):
    with pytest.raises(FormatError) as caught:
        csv_row_to_cable(fields)
    assert caught.value.code == "bad_csv_row"


# --- archives ------------------------------------------------------------------------------------

MEMBERS = {"06ALMATY2404.txt": CABLE_HEAD, "pages/75TEHRAN2069.html": REAL.encode("utf-8"),
           "empty.txt": b"", "dump/cables.csv": SMALL_ROWS[0]}


def build_zip(path, members):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pages/", b"")  # a directory entry
        link = zipfile.ZipInfo("link-to-cable")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16  # a symbolic link, as Unix zip stores it
        archive.writestr(link, "06ALMATY2404.txt")
        for name, data in members.items():
            archive.writestr(name, data)


def build_tar(path, members, mode):
    with tarfile.open(path, mode) as archive:
        directory = tarfile.TarInfo("pages")
        directory.type = tarfile.DIRTYPE
        archive.addfile(directory)
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("link-to-cable")
        link.type, link.linkname = tarfile.SYMTYPE, "06ALMATY2404.txt"
        archive.addfile(link)
        fifo = tarfile.TarInfo("fifo")
        fifo.type = tarfile.FIFOTYPE
        archive.addfile(fifo)


ARCHIVES = [("batch.zip", lambda path, members: build_zip(path, members)),
            ("batch.tar", lambda path, members: build_tar(path, members, "w")),
            ("batch.tar.gz", lambda path, members: build_tar(path, members, "w:gz")),
            ("batch.tar.bz2", lambda path, members: build_tar(path, members, "w:bz2")),
            ("batch.tar.xz", lambda path, members: build_tar(path, members, "w:xz"))]


class OneWay(io.RawIOBase):
    """A non-seekable stream (a pipe, a download)."""

    def __init__(self, data):
        self._inner = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._inner.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


@pytest.mark.parametrize("name, build", ARCHIVES)
@pytest.mark.parametrize("seekable", [True, False])
def test_iter_archive_round_trip(tmp_path, name, build, seekable):
    path = tmp_path / name
    build(path, MEMBERS)
    stream = path.open("rb") if seekable else OneWay(path.read_bytes())
    with stream:
        members = list(iter_archive(stream, str(path)))
    assert {member.name: member.data for member in members} == MEMBERS
    assert [member.name for member in members] == list(MEMBERS)
    assert all(member.error is None and member.error_code is None for member in members)
    assert sniff_format(name, path.read_bytes()[:512]) == {
        "zip": "zip", "tar": "tar", "gz": "gzip", "bz2": "bzip2", "xz": "xz"}[name.rsplit(".", 1)[1]]


@pytest.mark.parametrize("name, build", ARCHIVES)
def test_iter_archive_caps_member_size(tmp_path, name, build):
    path = tmp_path / name
    build(path, MEMBERS)
    with path.open("rb") as stream:
        members = {member.name: member for member in iter_archive(stream, name, max_member_bytes=1_000)}
    big = members["pages/75TEHRAN2069.html"]
    assert (big.data, big.error_code) == (None, "too_large")
    assert "1,000" in big.error
    assert members["06ALMATY2404.txt"] == ArchiveMember("06ALMATY2404.txt", CABLE_HEAD)


def test_iter_archive_zip_size_that_lies(tmp_path):
    path = tmp_path / "lies.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", b"x" * 5000)
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")  # claimed uncompressed size: 10
    members = list(iter_archive(io.BytesIO(bytes(data)), "lies.zip", max_member_bytes=1000))
    # zipfile reads no more than the claimed size, then the CRC check fails
    assert [(member.name, member.data, member.error_code) for member in members] == [("a.txt", None, "bad_member")]


def test_iter_archive_damaged_zip_member(tmp_path):
    path = tmp_path / "crc.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("good.txt", b"GOOD CABLE")
        archive.writestr("bad.txt", b"BAD CABLE")
    data = path.read_bytes().replace(b"BAD CABLE", b"BAD CABLF")
    members = list(iter_archive(io.BytesIO(data), "crc.zip"))
    assert [(m.name, m.data, m.error_code) for m in members] == [
        ("good.txt", b"GOOD CABLE", None), ("bad.txt", None, "bad_member")]


def gzip_tar_bytes(tmp_path):
    path = tmp_path / "batch.tar.gz"
    build_tar(path, MEMBERS, "w:gz")
    return path.read_bytes()


@pytest.mark.parametrize("name, make", [
    ("batch.zip", lambda tmp: b"PK\x03\x04 not really a zip archive at all"),
    ("batch.zip", lambda tmp: b""),
    ("batch.tar.gz", lambda tmp: gzip_tar_bytes(tmp)[:200]),                     # truncated download
    ("batch.tar.gz", lambda tmp: gzip.compress(b"just a cable, no tar\n" * 40)),
    ("batch.tar.bz2", lambda tmp: bz2.compress(b"x" * 600)[:-8]),
    ("batch.tar.xz", lambda tmp: b"\xfd7zXZ\x00 broken"),
    ("batch.tar", lambda tmp: b"\x00garbage header block" * 40),
    ("cable.txt", lambda tmp: CABLE_HEAD),                                       # not an archive
])
def test_iter_archive_rejects_corrupt(tmp_path, name, make):
    with pytest.raises(FormatError) as caught:
        list(iter_archive(io.BytesIO(make(tmp_path)), name))
    assert caught.value.code == "bad_archive"
    assert str(caught.value)


def test_iter_archive_xz_round_trip_from_content_alone(tmp_path):
    payload = io.BytesIO()
    with tarfile.open(fileobj=payload, mode="w") as archive:
        info = tarfile.TarInfo("a.txt")
        info.size = 3
        archive.addfile(info, io.BytesIO(b"abc"))
    data = lzma.compress(payload.getvalue())
    assert list(iter_archive(io.BytesIO(data), "upload-without-extension")) == [ArchiveMember("a.txt", b"abc")]


# --- FormatError ---------------------------------------------------------------------------------

def test_format_error_carries_code_and_message_and_pickles():
    error = FormatError("bad_csv_row", "expected 8 columns, found 7")
    assert (error.code, error.message, str(error)) == (
        "bad_csv_row", "expected 8 columns, found 7", "expected 8 columns, found 7")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, str(copy)) == (error.code, str(error))
    assert isinstance(error, ValueError)


def test_csv_row_is_a_plain_record():
    row = CsvRow(1, b"x", None, "bad_csv_row", "why")
    assert pickle.loads(pickle.dumps(row)) == row
