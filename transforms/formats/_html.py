"""Cablegate HTML pages: the metadata table and the two <pre> blocks, with html.parser.

A page holds a navigation pane, then `<table class='cable'>` (Reference ID, Created, Released,
Classification, Origin) and two `<code><pre>` blocks: the telegram header and the body. Inside
them newlines are written `&#x000A;`, paragraph marks are anchors (`<a id='par1' ...>¶</a>`) and
TAGS are links; the anchors and links are dropped and their text kept.
"""
import re
from datetime import datetime, timezone
from html.parser import HTMLParser

from transforms.wording import counted

from ._errors import FormatError

# Column header (folded to lower case) -> metadata key.
_COLUMNS = {"reference id": "reference_id", "created": "created", "released": "released",
            "classification": "classification", "origin": "origin"}
# The column order of Cablegate pages, for a table that lacks its <th> row.
_DEFAULT_ORDER = ("reference_id", "created", "released", "classification", "origin")
_DATE_KEYS = ("created", "released")
# Active content has no place in a cable: a page carrying it inside the cable is not trusted.
_ACTIVE_TAGS = frozenset({"script", "style", "iframe", "object", "embed"})
_CELL_TAGS = frozenset({"td", "th"})
_NEWLINE_REFERENCE = "&#x000A;"
# Caps on the markup around the cable (see _screen_markup): ten times what real pages hold.
_MAX_TAGS = 2_000
_MAX_STRAY_BRACKETS = 100
_MAX_TAG_CHARS = 1_000

# The table's dates, e.g. `1975-03-04 11:11` (seconds tolerated).
_PAGE_DATE = re.compile(r"""
    (?P<year>\d{4}) - (?P<month>\d{2}) - (?P<day>\d{2})
    (?: [\sT]+ (?P<hour>\d{2}) : (?P<minute>\d{2}) (?: : \d{2} )? )?
    """, re.VERBOSE)


def html_to_cable(page: str) -> tuple[str, dict]:
    """(text, metadata) of a Cablegate cable page.

    text = header.rstrip() + "\\n\\n" + body, from the two <pre> blocks that follow the metadata
    table, entities unescaped and anchors/links dropped (their text kept). metadata holds the
    table's values that are present: reference_id, created and released (aware UTC datetimes
    from 'YYYY-MM-DD HH:MM'; a value that does not read as a date is left out), classification,
    origin.

    Raises FormatError (and nothing else): 'no_cable_in_page' without the table or the two
    <pre> blocks; 'unbalanced_markup' when the table or a block is not closed or a link inside a
    block does not close (a truncated page); 'active_content' for <script> and the like inside
    the table or the blocks (scripts elsewhere in the page are ignored); 'bad_html' when the
    markup cannot be read at all.
    """
    region = _screen_markup(_cable_region(page))
    reader = _CablePageReader()
    try:
        reader.feed(region)
        reader.close()
    except _Done:
        pass
    except FormatError:
        raise
    except Exception as error:  # html.parser does not document how hostile markup fails
        raise FormatError("bad_html", f"cannot read the page's markup: {error!r}") from None
    reader.check_complete()
    header, body = reader.blocks
    return header.rstrip() + "\n\n" + body, reader.metadata()


def _cable_region(page: str) -> str:
    """The part of the page that holds the cable: from the first <table> to the second </pre>.

    The navigation pane before it is nine tenths of a page's tags and the script after it is of
    no use, so html.parser gets a tenth of the work. Only a table tag inside a comment or a
    script before the cable table could mislead this, which Cablegate pages do not have. Tags
    are looked for in lower and upper case ('<Table' is taken for no table).
    """
    start = _find_tag(page, "<table", 0)
    if start < 0:
        raise FormatError("no_cable_in_page", "no <table class='cable'> metadata table")
    first_end = _find_tag(page, "</pre>", start)
    second_end = _find_tag(page, "</pre>", first_end + 1) if first_end >= 0 else -1
    end = len(page) if second_end < 0 else second_end + len("</pre>")
    # Every line end of the cable is written '&#x000A;': turning them into newlines here, in C,
    # spares html.parser a Python call per line (a third of its time). Same text either way.
    return page[start:end].replace(_NEWLINE_REFERENCE, "\n")


def _find_tag(page: str, tag: str, start: int) -> int:
    found = [at for at in (page.find(tag, start), page.find(tag.upper(), start)) if at >= 0]
    return min(found, default=-1)


def _screen_markup(region: str) -> str:
    """The region with stray '<' escaped, or FormatError('bad_html') for markup no page has.

    html.parser is slow on hostile markup: it rescans the rest of the input for every '<' that
    no '>' closes (90 KB of '<b <b ...' takes minutes), and spends about 5 us per tag, more on
    long tags. The cable region of a Cablegate page holds a few dozen short tags (at most 210 in
    the corpus), so generous caps keep any input far under 50 ms. A stray '<' (no '>' before the
    next '<') is kept as text, as a browser shows it.
    """
    brackets = region.count("<")
    if brackets > _MAX_TAGS + _MAX_STRAY_BRACKETS:
        raise FormatError("bad_html", f"{brackets:,} '<' around the cable: not a cable page")
    pieces = region.split("<")
    strays = 0
    for piece in pieces[1:]:
        close = piece.find(">")
        if close < 0:
            strays += 1
        elif close > _MAX_TAG_CHARS and piece[:1].isalpha():
            raise FormatError("bad_html", f"a tag of {close:,} characters: not a cable page")
    if strays > _MAX_STRAY_BRACKETS or brackets - strays > _MAX_TAGS:
        raise FormatError("bad_html", f"{counted(brackets - strays, 'tag')} and {strays:,} unclosed '<' "
                          "around the cable: not a cable page")
    if not strays:
        return region
    return pieces[0] + "".join(("<" if ">" in piece else "&lt;") + piece for piece in pieces[1:])


class _Done(Exception):
    """Raised by the reader once it has the table and both blocks: the rest is navigation."""


class _CablePageReader(HTMLParser):
    """Collects the cells of the cable table and the text of the <pre> blocks after it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.table_state = "before"  # before -> inside -> after
        self.headers: list[str] = []
        self.cells: list[str] = []
        self.blocks: list[str] = []
        self._cell: list[str] | None = None  # text of the open <td>/<th>
        self._cell_is_header = False
        self._block: list[str] | None = None  # text of the open <pre>
        self._open_links = 0  # <a> open inside the current <pre>

    # --- html.parser callbacks ---------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        in_cable = self.table_state == "inside" or self._block is not None
        if tag in _ACTIVE_TAGS and in_cable:
            raise FormatError("active_content", f"<{tag}> inside the cable table or text")
        if tag == "table":
            self._start_table(attrs)
        elif self.table_state == "inside":
            self._start_in_table(tag)
        elif self.table_state == "after":
            self._start_after_table(tag)

    def handle_endtag(self, tag):
        if self.table_state == "inside":
            self._end_in_table(tag)
        elif self.table_state == "after":
            self._end_after_table(tag)

    def handle_data(self, data):
        if self._block is not None:
            self._block.append(data)
        elif self._cell is not None:
            self._cell.append(data)

    # --- the metadata table ------------------------------------------------------------------

    def _start_table(self, attrs):
        if self.table_state == "inside":
            raise FormatError("unbalanced_markup", "a table opens inside the cable table")
        if self.table_state == "before" and "cable" in (dict(attrs).get("class") or "").split():
            self.table_state = "inside"

    def _start_in_table(self, tag):
        if tag in _CELL_TAGS:
            self._close_cell()  # HTML lets </td> be omitted
            self._cell, self._cell_is_header = [], tag == "th"
        elif tag == "tr":
            self._close_cell()

    def _end_in_table(self, tag):
        if tag in _CELL_TAGS or tag == "tr":
            self._close_cell()
        elif tag == "table":
            self._close_cell()
            self.table_state = "after"

    def _close_cell(self):
        if self._cell is None:
            return
        text = " ".join("".join(self._cell).split())
        (self.headers if self._cell_is_header else self.cells).append(text)
        self._cell = None

    # --- the <pre> blocks --------------------------------------------------------------------

    def _start_after_table(self, tag):
        if tag == "pre":
            if self._block is not None:
                raise FormatError("unbalanced_markup", "a <pre> block opens inside another")
            self._block, self._open_links = [], 0
        elif self._block is None:
            return
        elif tag == "a":
            self._open_links += 1
        elif tag == "br":
            self._block.append("\n")

    def _end_after_table(self, tag):
        if self._block is None:
            return
        if tag == "a":
            self._open_links -= 1
            if self._open_links < 0:
                raise FormatError("unbalanced_markup", "a </a> without <a> in a <pre> block")
        elif tag == "pre":
            if self._open_links:
                raise FormatError("unbalanced_markup", "a link in a <pre> block is not closed")
            self.blocks.append("".join(self._block))
            self._block = None
            if len(self.blocks) == 2:
                raise _Done()

    # --- results -----------------------------------------------------------------------------

    def check_complete(self):
        if self.table_state == "before":
            raise FormatError("no_cable_in_page", "no <table class='cable'> metadata table")
        if self.table_state == "inside":
            raise FormatError("unbalanced_markup", "the cable table is not closed (truncated page?)")
        if self._block is not None:
            raise FormatError("unbalanced_markup", "a <pre> block is not closed (truncated page?)")
        if len(self.blocks) < 2:
            raise FormatError("no_cable_in_page", f"found {len(self.blocks)} of the 2 <pre> "
                              "blocks (header, body) after the metadata table")
        if not self.cells:
            raise FormatError("no_cable_in_page", "the metadata table has no cells")

    def metadata(self) -> dict:
        keys = [_COLUMNS.get(header.lower()) for header in self.headers] or _DEFAULT_ORDER
        found = {}
        for key, value in zip(keys, self.cells):
            if key is None or not value:
                continue
            if key in _DATE_KEYS:
                value = _parse_page_date(value)
                if value is None:
                    continue
            found[key] = value
        return found


def _parse_page_date(value: str) -> datetime | None:
    match = _PAGE_DATE.fullmatch(value)
    if not match:
        return None
    parts = {name: int(number or 0) for name, number in match.groupdict().items()}
    try:
        return datetime(parts["year"], parts["month"], parts["day"], parts["hour"], parts["minute"],
                        tzinfo=timezone.utc)
    except ValueError:  # 2005-02-30 and the like
        return None
