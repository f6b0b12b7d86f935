"""The header block's lines, and the lines that may hold a field's label.

The header block (classification line to first paragraph, ~14 lines) is read by a dozen field
rules, each looking for its label (`TAGS`, `SUBJECT`, `REF`, `Classified By`, `DECL`) in any
case. A regex call per line and rule was most of these rules' time; so the block is lower-cased
once, and a rule tries its pattern only on the lines that hold a piece of its label.
"""


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
