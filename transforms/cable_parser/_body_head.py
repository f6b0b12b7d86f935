"""The header block's lines, and the lines that may hold a field's label.

The header block (classification line to first paragraph, ~14 lines) is read by a dozen field
rules, each looking for its label (`TAGS`, `SUBJECT`, `REF`, `Classified By`, `DECL`) in any
case. A regex call per line and rule was most of these rules' time; so the block is lower-cased
once, and a rule tries its pattern only on the lines that hold a piece of its label.

Here too are the labels more than one field rule reads (TAGS_LABEL, SUBJECT_LABEL) and FIELD_END,
the lines where a multi-line field ends.
"""
import re
from typing import Sequence


class HeadBlock:
    """The header block's lines (each cut to `line_chars`, a safe length, by `header_block`),
    and the page headers the cleaning cut from the text (see `page_break_under`)."""

    def __init__(self, lines: list[str], page_headers: Sequence[re.Match] = (),
                 line_chars: int | None = None):
        self.lines = lines
        self._lower: str | None = None
        self._page_headers = page_headers
        self._line_chars = line_chars

    def page_break_at(self, position: int) -> int:
        """How many lines from head.lines[position] on a page break stands in, inside a field
        wrapped over it (0 when none): the blank line a page header cut by the cleaning left
        (`page_break_under`), or a page header in a form the cleaning leaves (PAGE_HEADER_LINE:
        `CONFIDENTIAL ANKARA 001234 002 OF 003`) with the blank lines around it."""
        lines = self.lines
        if position >= len(lines):
            return 0
        if not lines[position] and self.page_break_under(position - 1):
            return 1
        end = position + 1 if not lines[position] else position
        if end < len(lines) and PAGE_HEADER_LINE.match(lines[end]):
            end += 1
            return end + 1 - position if end < len(lines) and not lines[end] else end - position
        return 0

    def page_break_under(self, index: int) -> bool:
        """A page header stood alone on its line under head.lines[index]: the cleaning cut it and
        left the blank line head.lines[index + 1] (blank lines around it are cut to that one), and
        head.lines[index + 2] goes on from head.lines[index] as if no page broke there (a wrapped
        SUBJECT or TAGS line cut by a page break: `SUBJECT: ... FOR THE BERLIN` / blank / `BERLIN
        00002546 002 OF 003` / blank / `ELECTION OF SEPTEMBER`). Told by the text of the lines
        around each such header (few cables have one in the header block)."""
        lines = self.lines
        if not self._page_headers or index + 2 >= len(lines) or lines[index + 1]:
            return False
        above, below = lines[index], lines[index + 2]
        if not above or not below:
            return False
        return any(line_under(header, self._line_chars) == below
                   and line_above(header, self._line_chars) == above
                   for header in self._page_headers)

    def lines_with(self, piece: str) -> list[int]:
        """Indexes, ascending, of the lines whose lower-case text holds `piece` (lower case).

        A line that a rule's pattern matches must hold `piece` once lower-cased: for a pattern
        compiled with IGNORECASE, `piece` is part of its label and holds no `s` nor `i`, which
        the pattern also matches as `ſ`, `ı` (lower() leaves those as they are)."""
        if self._lower is None:
            self._lower = "\n".join(self.lines).lower()   # lower() never makes a line end
        text, found = self._lower, []
        index, counted = 0, 0
        position = text.find(piece)
        while position != -1:
            index += text.count("\n", counted, position)
            counted = position
            found.append(index)
            line_end = text.find("\n", position)
            if line_end == -1:
                break
            position = text.find(piece, line_end + 1)
        return found


# A page header on its line in a form the cleaning does not cut (it cuts Cablegate's `ANKARA
# 00001234 002 OF 003` and old printouts' `PAGE 02 ...` lines): the classification, then the
# station and a serial of five to eight digits, the page of pages, a DTG (`CONFIDENTIAL ANKARA
# 001234 002 OF 003`). No field's line reads so.
PAGE_HEADER_LINE = re.compile(r"""
    [ \t]*+(?:(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|(?:TOP\ )?SECRET|LIMITED\ OFFICIAL\ USE)[ \t]+)?
    [A-Z][A-Z.'-]*+(?:[ \t][A-Z][A-Z.'-]*+){0,3}?[ \t]+\d{5,8}
    [ \t]+\d{2,3}(?:\.\d)?[ \t]+OF[ \t]+\d{2,3}(?:[ \t]+\d{6}Z)?[ \t]*$""", re.VERBOSE | re.IGNORECASE)


# Blank lines (white space alone, then the line's end), as `str.strip` tells them.
BLANK_LINES = re.compile(r"(?:[^\S\n]*+\n)*+")
REST_OF_LINE_BLANK = re.compile(r"[^\S\n]*+(?:\n|\Z)")


def line_under(header: re.Match, line_chars: int | None) -> str:
    """The first line that is not blank under a page header standing alone on its line, as the
    clean text has it (right-stripped, cut to `line_chars`); "" when the header shares its line
    with text after it or no line follows. Regex steps, not a walk line by line: a cable of many
    pages asks this of each of its headers."""
    text = header.string
    rest = REST_OF_LINE_BLANK.match(text, header.end())
    if rest is None:
        return ""                       # in mid-line: its line stays, without it
    blanks = BLANK_LINES.match(text, rest.end())     # (it matches always: zero lines or more)
    start = blanks.end() if blanks else rest.end()
    end = text.find("\n", start)
    return text[start:len(text) if end == -1 else end].rstrip()[:line_chars]


def line_above(header: re.Match, line_chars: int | None) -> str:
    """The first line that is not blank above a page header standing alone on its line, as
    `line_under` has it; "" when the header shares its line with text before it or none is
    above."""
    text = header.string
    start = text.rfind("\n", 0, header.start()) + 1
    if text[start:header.start()].strip():
        return ""                       # in mid-line
    return line_not_blank(text, start - 1, -1).rstrip()[:line_chars]


def line_not_blank(text: str, position: int, step: int) -> str:
    """The first line that is not blank from the line holding `position` on, going down the
    text (`step` 1) or up (-1); "" when there is none."""
    while 0 <= position < len(text):
        start = text.rfind("\n", 0, position) + 1
        end = text.find("\n", position)
        end = len(text) if end == -1 else end
        if text[start:end].strip():
            return text[start:end]
        position = end + 1 if step > 0 else start - 1
    return ""


# `TAGS:` / `TAGS` / `Tags:` (`TAG` once) at a line start, or after the E.O. line run into it.
TAGS_LABEL = re.compile(r"(?:^\s*+|(?<=\s))TAGS?\b\s*:?\s*", re.IGNORECASE)

# `SUBJECT:`, `Subj:`, `(U) SUBJECT:` (a marking before the label), `SUBJECT (U):`, `SUBJ.:`,
# `SUBJ.`, `SUBJECT -`, `SUBJECT--`, `SUBJECT;`.
SUBJECT_LABEL = re.compile(r"""
    ^\s*+(?:\((?:U|C|S|SBU)\)\s*)?SUBJ(?:ECT)?\b
    (?:\s*\((?:U|C|S|SBU)\)(?=\s*:))?            # its marking before the colon: `SUBJECT (U):`
    \s*\.?\s*(?::|;|-{1,2})?\s*                     # a full stop, semicolon or dash for the colon
    """, re.IGNORECASE | re.VERBOSE)
# Lines that end a multi-line field (SUBJECT, TAGS): another header label or a paragraph.
FIELD_END = re.compile(r"""
    ^\s*+(?:
        REF(?:S|TEL|ERENCES?)?\b | SUBJ | TAGS\b | E\.?\s?O\.?\s*\d | Classified\s+by
      | ¶ | \d{1,2}\.\s | \(\w{1,5}\)\s | -{3,} | ={3,} | \*{3,}                      # rulers
      # the summary's marker, not a wrapped subject's word (`... A FULL` / `SUMMARY OF THE TALKS`)
      | BEGIN\s+SUMMARY\b | SUMMARY(?:\s*+(?:AND|&)\s*+\w+)?\s*+(?:[:.\-]|$)
    )""", re.VERBOSE | re.IGNORECASE)
