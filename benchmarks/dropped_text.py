"""Text dropped from the record: the body's words that are in none of the record's fields.

    .venv/bin/python -m benchmarks.dropped_text                  # lines and words by class
    .venv/bin/python -m benchmarks.dropped_text --show lost      # the lines of a class (`all`: every one)
    .venv/bin/python -m benchmarks.dropped_text --show all --input text/09STATE34688

A user queries the fields (`paragraphs`, `summary`, `comment`, `subject`, `signed_by`,
`references`...), not the `body`: a body line the parser removed as debris (page headers,
banners, trailer lines, headings, web site notices, rulers) is in none of them, and so is real
text that a rule removed by mistake. For every text cable at hand (the corpus' pages as text,
the rows of its `cables-sample.csv`, samples/ and tests/data/), this finds the body's words that
are in no field: a word is in a field when a run of WINDOW words around it (across line ends)
is a run of that field's words (letters and digits, lower case; a paragraph's words also after
its number and marking, as the body writes them), or when it is a short field whole (a tag, a
signature). It lists the body lines holding such words, and sorts them into classes read from
the line and where it stands (not from the parser: a rule that removed too much shows up as
`lost`): the debris the parser means to remove, each class named for it, and `lost` / `lost (a
part of a line)`, which no class names: real text, or debris no class knows yet. Read them.
"""
import argparse
import collections
import re
import sys

from benchmarks.parser_outputs import DEFAULT_CORPUS, REPO, corpus_inputs

WORD = re.compile(r"[^\W_]+")
WINDOW = 4      # words: a body word is in a field when a run of this many around it is
# The fields whose words are the record's text (the `body` is what is compared; `source`,
# `warnings`, timestamps and versions are no text of the cable).
NOT_TEXT_FIELDS = frozenset({"body", "source", "warnings", "ingested_at", "pipeline_version",
                             "released", "created", "declassify_on", "partial", "redactions"})
LEVELS = r"""(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|C\ ?O\ ?N\ ?F\ ?I\ ?D\ ?E\ ?N\ ?T\ ?I\ ?A\ ?L|
    S\ ?E\ ?C\ ?R\ ?E\ ?T|TOP\s+SECRET|LIMITED\s+OFFICIAL\s+USE|SENSITIVE|SIPDIS|NOFORN|NODIS|EXDIS|
    LIMDIS|FOUO|SBU|ONLY|FOR\s+OFFICIAL\s+USE\s+ONLY|STADIS|NOCONTRACT|ORCON|PROPIN|REL\b[\w\s,]*)"""
# Whole lines, matched stripped, ignoring case.
LINE_CLASSES = [
    ("classification banner or caveat", re.compile(rf"(?:{LEVELS}|SECTION\s+\d+\s+OF\s+\d+|[/,\s-]|\d+)+",
                                                   re.VERBOSE | re.IGNORECASE)),
    ("page header", re.compile(r"(?:PAGE\s+\d+|[A-Z][A-Z ]+\s+\d{5,8}\s+\d{3}\s+OF\s+\d{3}|"
                               r"X+\s+\d{3}\s+OF\s+\d{3}).*", re.IGNORECASE)),
    ("trailer line", re.compile(r"(?:NNNN?|BT|#\d+|Declassified/Released.*|Systematic\s+Review.*|"
                                r"\d{4}[A-Z]{3,}\d+\s+-\s+[A-Z\s]+|SELECT\s.*|Track\s+impresi.*|"
                                r"ID:\s*\d+|\d{4}-\d{2}-\d{2}|.*END\s+(?:OF\s+)?(?:DOCUMENT|MESSAGE|"
                                r"CABLE\s+TEXT|TEXT)\W*|\W*UNQUOTE?\W*|Este documento.*)", re.IGNORECASE)),
    ("web site notice", re.compile(r".*(?:Classified\s+Web\s?site|sgov\.gov|intelink|http://|"
                                   r"www\.|\.cfm|Portal:).*", re.IGNORECASE)),
    ("redaction", re.compile(r"[X\s.,;:()-]+", re.IGNORECASE)),
    ("summary or comment label or end marker", re.compile(
        r"\W*(?:END\s+(?:OF\s+)?)?(?:[A-Z]+\s+){0,3}(?:SUMMARY|COMMENTS?|NOTE|INTRODUCTION)"
        r"(?:\s+AND\s+\w+)?\W*", re.IGNORECASE)),
]
# The words lost from a part of a line, as they read (lower case, one space apart).
PART_CLASSES = [
    ("summary or comment label or end marker", re.compile(
        r"(?:(?:begin|end|of|and|summary|comment|comments|introduction|cont|continued|contd|d|"
        r"c|s|u|sbu|nf)\s?)+")),
    ("web site notice", re.compile(r".*\b(?:http|www|sgov|intelink|website|web site)\b.*")),
    ("date stamp", re.compile(r".*\b\d{4} \d{2} \d{2}")),
    ("paragraph number or marking as repaired", re.compile(r"\d{1,3}(?: [a-z]{1,4}){0,2}")),
]
# A line of the header block above the first paragraph (a field's line, a passing line).
HEADER_LINE = re.compile(r"""\W*(?:E\.?\s?O\.?|TAGS|SUBJ(?:ECT)?|REFS?|CLASSIFIED\s+BY|DECL|DERIVED|
    REASONS?|\w+\s+(?:PLEASE\s+)?PASS|\w+(?:\s+\w+)?\s+FOR\b|PASS|DEPT|DEPARTMENT|FOR\b|FROM\b|PERSONAL|
    CORRECTED|C\ O\ R\ R\ E\ C\ T\ E\ D|This\s+record\s+is|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|
    [A-Z/:;,\s()-]+$|                       # an addressee line in capitals
    (?:C\ ?S|S\ ?S|CS)?\ ?(?:UNCLAS|C\ ?O\ ?N|S\ E|E\ C\ R).*\d{3,}$|   # the classification line
    .*\(\w\)\.?$)                                # the end of a `Classified By:` line's reasons
    """, re.VERBOSE | re.IGNORECASE)
HEADING_FRAME = " \t-/=*_~"
RULER = re.compile(r"[\s*=_.~-]*")
# A paragraph's start as the body writes it: `¶7.`, `7.` (not `1.4`, a reason's figure).
PARAGRAPH_NUMBER = re.compile(r"\s*(?:¶\s*\d{1,3}|\d{1,3}\.(?!\d))")
SENTENCE_END_THEN_WORDS = re.compile(r"[.?!][\"”’')]*\s+(?P<tail>[^.?!]+)$")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def field_texts(value) -> list[str]:
    """Every string inside a field's value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in field_texts(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in field_texts(item)]
    return []


def record_runs(fields: dict) -> set[tuple[str, ...]]:
    """Every run of WINDOW words of the record's text fields (each field apart), and each
    field's words whole where it has fewer (a signature, a tag)."""
    runs = set()
    for name, value in fields.items():
        if name in NOT_TEXT_FIELDS:
            continue
        texts = field_texts(value)
        if name == "paragraphs":      # as the body writes them: `¶7. (C) Text`, `7. Text`
            texts += [f"{p['number']} {p['classification'] or ''} {p['text']}" for p in value]
            texts += [f"{p['number']} {p['text']}" for p in value]
        for text in texts:
            found = words(text)
            if len(found) < WINDOW:
                runs.add(tuple(found))
            runs.update(tuple(found[at:at + WINDOW]) for at in range(len(found) - WINDOW + 1))
    return runs


def words_in_no_field(body_words: list[str], runs: set) -> list[bool]:
    """For each of the body's words (in order, across line ends), whether it is in no field:
    no run of 1 to WINDOW body words holding it is one of `runs`."""
    missing = [True] * len(body_words)
    for size in range(1, WINDOW + 1):
        for at in range(len(body_words) - size + 1):
            if tuple(body_words[at:at + size]) in runs:
                missing[at:at + size] = [False] * size
    return missing


def is_heading(text: str, stands_alone: bool) -> bool:
    """A short line that ends no sentence (`U.S.`, `...` and `?` may end a heading), alone
    between blank lines or rulers, framed (`//...//`, `-- ... --`, a ruler run onto it), or in
    capitals or title case."""
    heading = text.strip(HEADING_FRAME)
    if not heading or len(heading) >= 80:
        return False
    ends = heading[-1:] not in ".;," or heading.endswith(("..", ". .", "U.S."))
    return ends and (stands_alone or heading != text or heading.isupper() or heading.istitle()
                     or sum(word[:1].isupper() for word in heading.split()) * 2 > len(heading.split()))


def class_of(line: str, lost: str, where: str, stands_alone: bool) -> str:
    """The class of a body line holding `lost` (its words in no field, as `words` writes them);
    `where`: `no paragraphs` (the cable has none), `header` (above the first paragraph),
    `signature` (after the last paragraph's first line, in the last lines), or `text`."""
    text = line.strip()
    whole = lost == " ".join(words(line))
    if where == "no paragraphs":
        return "text of a cable without numbered paragraphs"
    if where == "header":
        return "header line or passing line" if HEADER_LINE.match(text) or not whole \
            else "header area: other line above the first paragraph"
    for name, pattern in LINE_CLASSES:
        if pattern.fullmatch(text):
            return name
    if not whole:
        for name, pattern in PART_CLASSES:
            if pattern.fullmatch(lost):
                return name
        tail = SENTENCE_END_THEN_WORDS.search(text)
        if tail and " ".join(words(tail["tail"])) == lost:
            return "heading run onto the paragraph's last line"
    if is_heading(text, stands_alone):
        return "heading"
    if where == "signature" and len(text) < 40 and len(text.split()) <= 3:
        return "signature area"
    return "lost" if whole else "lost (a part of a line)"


def dropped_lines(text: str, metadata: dict):
    """(line, class, its words in no field) for each body line holding such words; None for
    a text that is no cable."""
    from transforms.cable_parser import CableParseError, parse_cable

    try:
        fields = parse_cable(text, metadata).fields
    except CableParseError:
        return None
    runs = record_runs(fields)
    lines = fields["body"].split("\n")
    line_words = [words(line) for line in lines]
    missing = words_in_no_field([word for found in line_words for word in found], runs)
    starts = [at for at, line in enumerate(lines) if PARAGRAPH_NUMBER.match(line)]
    first, last = (starts[0], starts[-1]) if starts else (None, None)
    dropped = []
    position = 0
    for index, line in enumerate(lines):
        count = len(line_words[index])
        lost = [word for word, gone in zip(line_words[index], missing[position:position + count]) if gone]
        position += count
        if not lost:
            continue
        if not fields["paragraphs"]:
            where = "no paragraphs"
        elif first is None or index < first:
            where = "header"
        elif index > last and len(lines) - index <= SIGNATURE_LINES:
            where = "signature"
        else:
            where = "text"
        above = lines[index - 1] if index > 0 else ""
        below = lines[index + 1] if index + 1 < len(lines) else ""
        alone = RULER.fullmatch(above) is not None or RULER.fullmatch(below) is not None
        dropped.append((line, class_of(line, " ".join(lost), where, alone), " ".join(lost)))
    return dropped


SIGNATURE_LINES = 4


def inputs(corpus: str) -> dict[str, tuple[str, dict]]:
    """The corpus' pages as text alone, its CSV rows, the repo's text cables."""
    texts = {name: item for name, item in corpus_inputs(corpus).items() if not name.startswith("html/")}
    for path in sorted([*REPO.glob("samples/*.txt"), *REPO.glob("tests/data/**/*.txt")]):
        texts[f"repo/{path.relative_to(REPO)}"] = (
            path.read_text(encoding="utf-8", errors="surrogateescape"), {})
    return texts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--show", metavar="CLASS",
                        help="print the lines of a class (`all`: every class; `lost`: both lost classes)")
    parser.add_argument("--input", metavar="NAME", help="only this input (text/ID, csv/N, repo/PATH)")
    args = parser.parse_args(argv)
    texts = inputs(args.corpus)
    if args.input:
        texts = {args.input: texts[args.input]}
    lines: collections.Counter = collections.Counter()
    lost_words: collections.Counter = collections.Counter()
    cables: dict[str, set] = collections.defaultdict(set)
    parsed = 0
    for name, (text, metadata) in texts.items():
        found = dropped_lines(text, metadata)
        if found is None:
            continue
        parsed += 1
        for line, kind, lost in found:
            lines[kind] += 1
            lost_words[kind] += len(lost.split())
            cables[kind].add(name)
            if args.show in ("all", kind) or (args.show == "lost" and kind.startswith("lost")):
                print(f"{name}\t{kind}\t{lost[:100]}\t{line.strip()[:160]}")
    print(f"{parsed} cables parsed; body lines holding words in no field, by class:")
    for kind, count in lines.most_common():
        print(f"  {kind:50} {count:6} lines {lost_words[kind]:7} words in {len(cables[kind]):4} cables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
