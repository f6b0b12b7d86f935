"""Shared text cleanup: undo the scraping damage common to every cable source.

The Cablegate dumps carry markdown link residue (`[PREL](#)`), HTML tags and entities, Windows
line ends, trailing spaces, page headers that the telegram system put at the top of every page
(`ALMATY 00002404 002 OF 002`, even in mid-sentence) and section banners (`SECTION 02 OF 03`).
"""
import html
import re

# `[PREL](#)` or `[text](#par3)`: the link text is what the cable said.
MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\(\#?[^()\s]{0,200}\)")

# Any HTML tag (`<a id='par1' href='#par1'>`, `</pre>`); cables never contain '<' followed by a
# letter or '/' and a '>' on the same line except as markup.
HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,300}>")

# A page header: station, the serial padded to eight digits, `002 OF 004`. Scrapes turn the page
# number into `001.2` sometimes, and lower-case it (`Kiev 00001261 004 of 004`). The 8-digit
# padded serial is what makes it safe to remove even in mid-line.
PAGE_HEADER = re.compile(r"""
    (?<![A-Za-z])(?P<station>[A-Z][A-Za-z.'-]*(?:\ [A-Z][A-Za-z.'-]*){0,3})   # one to four capitalised words
    \ +(?P<serial>\d{8})
    \ +(?P<page>\d{3})(?:\.\d)?
    \ +(?i:OF)\ +(?P<pages>\d{3})\b
    """, re.VERBOSE)

# A section banner on a line of its own; the classification line's own `SECTION 01 OF 02`
# is never alone on its line.
SECTION_BANNER = re.compile(r"^\s*SECTION\s+\d{1,3}\s+OF\s+\d{1,3}\s*$", re.IGNORECASE | re.MULTILINE)

# Three or more blank lines are scraping noise; two line breaks keep a paragraph break.
EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)


def strip_markup(text: str) -> str:
    """Line ends unified, markdown link residue and HTML tags removed, entities unescaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "](" in text:
        text = MARKDOWN_LINK.sub(r"\1", text)
    if "<" in text:
        text = HTML_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def remove_page_headers(text: str) -> str:
    """Drop page headers and section banners; a header alone on its line takes the line along."""
    text = PAGE_HEADER.sub("", text)
    return SECTION_BANNER.sub("", text)


def clean_text(text: str) -> str:
    """The clean text: markup, page headers, banners and trailing spaces removed."""
    text = remove_page_headers(strip_markup(text))
    text = TRAILING_SPACE.sub("", text)
    return EXTRA_BLANK_LINES.sub("\n\n", text).strip("\n")


def fold(text: str) -> str:
    """Whitespace folded to single spaces."""
    return " ".join(text.split())
