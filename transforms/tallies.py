"""The counts a batch run's summary is made of, as the steps that count them hand them on.

A step that has the elements at hand counts them itself, bundle by bundle (the reading its
files, the parse its inputs and dead letters, the de-duplication its written cables and
duplicates), and gives the publish step one `tally` per bundle: no element goes through another
step to be counted. A leaf module (Beam's WindowedValue only): the early steps count without
importing the publish step, its report or its quality figures.
"""
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

# The counted parts, by the step that counts each: the reading (NEW_INPUTS: files read, and an
# incremental run's ALREADY_INGESTED: files skipped), the parse (INPUTS,
# DEAD_LETTERS_OF_PARSE), the de-duplication (CABLES written, ALREADY_INGESTED_CABLES,
# DUPLICATES, OTHER_VERSIONS_KEPT: cables written beside another version of their reference id),
# the ledger's write (LEDGER).
INPUTS, CABLES, DEAD_LETTERS_OF_PARSE, DUPLICATES, LEDGER = (
    "inputs", "cables", "dead_letters_of_parse", "duplicates", "ledger")
ALREADY_INGESTED_CABLES, NEW_INPUTS, ALREADY_INGESTED, OTHER_VERSIONS_KEPT = (
    "already_ingested_cables", "new_inputs", "already_ingested", "other_versions_kept")
COUNTED = (INPUTS, CABLES, DEAD_LETTERS_OF_PARSE, DUPLICATES, LEDGER, ALREADY_INGESTED_CABLES,
           NEW_INPUTS, ALREADY_INGESTED, OTHER_VERSIONS_KEPT)
# The counted parts whose elements are dead letters: counted by (stage, error_type) as well.
DEAD_LETTER_PARTS = (DEAD_LETTERS_OF_PARSE, DUPLICATES)
# A part's elements named in the summary (NEW_INPUTS: the files read) are the first this many
# by name: a drop of 10,000 new files is no summary to read. A bundle's tally carries no more
# names than this, so the publish step holds at most this many per bundle of the reading (for a
# drop read in many small bundles, up to every file's name: bounded by the files, as the ledger
# is); it keeps the first of them all (the count has them all).
NAMES_KEPT = 100


def tally(part: str, count: int, by_type: dict | None = None, names=()) -> WindowedValue:
    """One bundle's tally of a counted part: (part, count, {(stage, error_type): count}, the
    first NAMES_KEPT names of its elements, for a part the summary names: `first_names`), as a
    step's `finish_bundle` yields it."""
    return WindowedValue((part, count, by_type or {}, first_names(names)), MIN_TIMESTAMP,
                         [GlobalWindow()])


def first_names(names) -> tuple:
    """The first NAMES_KEPT of `names` by name, each once."""
    return tuple(sorted(set(names))[:NAMES_KEPT])


class FirstNames:
    """The first NAMES_KEPT names of those a bundle adds, by name, in bounded memory."""

    def __init__(self):
        self._names: list = []

    def add(self, name: str) -> None:
        self._names.append(name)
        if len(self._names) >= 2 * NAMES_KEPT:
            self._names = list(first_names(self._names))

    def take(self) -> tuple:
        """The names kept, and none kept any more (the next bundle's start afresh)."""
        names, self._names = first_names(self._names), []
        return names


def names_of(tallies, part: str) -> list[str]:
    """The first NAMES_KEPT names of a part's elements, from every bundle's tally."""
    return list(first_names(name for each, _, _, names in tallies if each == part
                            for name in names))


def totals(tallies) -> tuple[dict, list]:
    """({part: count}, [((stage, error_type), count)] of each dead-letter part) from the
    tallies; a part without any tally (nothing in it) counts 0."""
    counts = {name: 0 for name in COUNTED}
    by_type = {part: {} for part in DEAD_LETTER_PARTS}
    for part, count, types, _ in tallies:
        counts[part] += count
        for key, amount in types.items():
            by_type[part][key] = by_type[part].get(key, 0) + amount
    return counts, [item for part in DEAD_LETTER_PARTS for item in by_type[part].items()]
