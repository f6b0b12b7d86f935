"""The kind of a warning: what the run's metrics (`transforms.metrics`) and its quality figures
(`transforms.quality`) count warnings by. A leaf module (the standard library only): the steps
that count their warnings import no quality figures, publish step or report.
"""
import functools
import re

# A warning is a sentence that may quote values from the input. Its kind keeps the words that
# name the problem and drops the values, so that one kind counts every cable with that problem.
_QUOTED = re.compile(r"""
    '[^']*'            # a value quoted with single quotes
  | "[^"]*"            # or double quotes
""", re.VERBOSE)
_REFERENCE_ID = re.compile(r"""
    \b\d{2}[A-Z]+\d+\b     # a cable reference id: two-digit year, station letters, serial
""", re.VERBOSE)
_NUMBER = re.compile(r"""
    (?<![\w.-]) \d+ (?![\w-])   # a number standing alone (not the 8 of UTF-8, not inside a word)
""", re.VERBOSE)
_VALUES_START = re.compile(r"""
    [(;:]              # a parenthesis, semicolon or colon starts the details of a warning
""", re.VERBOSE)
WORDS_AFTER_FIELD = 2  # 'created: text says ...' -> 'created: text says'
MAX_KIND_CHARS = 80


# Remembered: a run has few distinct warnings, and each is classified twice (its metric counter
# and the quality figures).
@functools.lru_cache(maxsize=4096)
def warning_kind(warning: str) -> str:
    """The kind of a warning: its text up to its details, values replaced.

    'paragraph 5 renumbered from 15' -> 'paragraph N renumbered from N';
    "created: text says '2006-07-07', source metadata says ..." -> 'created: text says'.
    A warning that starts with a field name and a colon keeps the first words after the colon,
    up to the first quoted value, so the field's different problems stay apart.
    """
    text = _REFERENCE_ID.sub("ID", warning)
    text = _NUMBER.sub("N", text)
    head, separator, rest = _split_at_details(text)
    if separator == ":" and " " not in head.strip():
        words = _QUOTED.split(rest, maxsplit=1)[0].split()[:WORDS_AFTER_FIELD]
        head = f"{head.strip()}: {' '.join(words)}" if words else head
    kind = " ".join(_QUOTED.sub("…", head).split())
    return kind[:MAX_KIND_CHARS] or "(empty warning)"


def _split_at_details(text: str) -> tuple[str, str, str]:
    match = _VALUES_START.search(text)
    if not match:
        return text, "", ""
    return text[:match.start()], match.group(), text[match.end():]
