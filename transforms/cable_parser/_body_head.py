"""The header block's lines, and the lines that may hold a field's label.

The header block (classification line to first paragraph, ~14 lines) is read by a dozen field
rules, each looking for its label (`TAGS`, `SUBJECT`, `REF`, `Classified By`, `DECL`) in any
case. A regex call per line and rule was most of these rules' time; so the block is lower-cased
once, and a rule tries its pattern only on the lines that hold a piece of its label.

Here too are the labels more than one field rule reads (TAGS_LABEL, SUBJECT_LABEL) and FIELD_END,
the lines where a multi-line field ends.
"""
import re


class HeadBlock:
    """The header block's lines (each cut to a safe length by `header_block`)."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self._lower: str | None = None

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


# `TAGS:` / `TAGS` / `Tags:` (`TAG` once) at a line start, or after the E.O. line run into it.
TAGS_LABEL = re.compile(r"(?:^\s*+|(?<=\s))TAGS?\b\s*:?\s*", re.IGNORECASE)

# `SUBJECT:`, `Subj:`, `(U) SUBJECT:` (a marking before the label).
SUBJECT_LABEL = re.compile(r"^\s*+(?:\((?:U|C|S|SBU)\)\s*)?SUBJ(?:ECT)?\b\s*:?\s*", re.IGNORECASE)
# Lines that end a multi-line field (SUBJECT, TAGS): another header label or a paragraph.
FIELD_END = re.compile(r"""
    ^\s*+(?:
        REF(?:S|TEL|ERENCES?)?\b | SUBJ | TAGS\b | E\.?\s?O\.?\s*\d | Classified\s+by
      | ¶ | \d{1,2}\.\s | \(\w{1,5}\)\s | -{3,} | ={3,} | \*{3,}                      # rulers
      # the summary's marker, not a wrapped subject's word (`... A FULL` / `SUMMARY OF THE TALKS`)
      | BEGIN\s+SUMMARY\b | SUMMARY(?:\s*+(?:AND|&)\s*+\w+)?\s*+(?:[:.\-]|$)
    )""", re.VERBOSE | re.IGNORECASE)
