"""Scale the repo's real sample cables into N distinct cables: text files, HTML pages or one CSV dump.

    python -m benchmarks.generate --cables 20000 --format text --out benchmarks/data/text-20000
    python -m benchmarks.generate --cables 2000 --format html --out benchmarks/data/html-2000
    python -m benchmarks.generate --cables 251287 --format csv --median-kb 5.2 \\
        --out benchmarks/data/cables-251287.csv         # the full dump's shape: ~1.7 GB

Templates are the real cables of samples/ (and tests/data/ when it holds more): every .txt file
named after its reference id, every Cablegate .html page, every row of a cables.csv-format file.
Each generated cable is one template with

  * a new serial, rewritten consistently wherever the telegram format carries it (the DE line's
    `#NNNN`, the classification line `ALMATY 002404`, the page headers `ALMATY 00002404 002 OF
    002`), keeping each place's zero padding, so the parsed reference ids stay valid and unique
    (serials are allocated per year and station);
  * a new size, drawn from a log-normal distribution (median `--median-kb`, default 10 KB, which
    puts the 99th percentile near 60 KB and the longest near 150 KB), reached by repeating body
    paragraphs (grow) or dropping them (trim) while the header and the signature stay in place.

The templates are pinned (benchmarks/templates.txt, one `KIND NAME` per line): the golden set in
tests/data/ grows, and a figure made from other templates is not comparable. `--pin` writes the
list anew from every template at hand; do it only with a new round of figures, and say so.

Deterministic for a given --seed and template set. Streams: one cable in memory at a time, so the
full 251,287-row dump is written in constant memory.
"""
import argparse
import csv
import math
import random
import re
import sys
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = (REPO / "samples", REPO / "tests" / "data")
FORMATS = ("text", "html", "csv")
# The templates the figures are made from (see the docstring); pinned 2026-12-05 with the golden
# set at 355 cables: 320 text, 347 HTML and 188 CSV templates.
PINNED = REPO / "benchmarks" / "templates.txt"

DEFAULT_MEDIAN_KB = 10.0
# Spread of the log-normal sizes: exp(2.33 * 0.75) ~ 5.7, so p99 ~ 5.7 x median.
SIZE_SIGMA = 0.75
MIN_BYTES, MAX_BYTES = 1_500, 300_000

# A reference id: 2-digit year, station letters, serial.
REFERENCE_ID = re.compile(r"(?P<year>\d{2})(?P<station>[A-Z]+)(?P<serial>[1-9]\d*)")

# Where the serial appears: after the DE line's '#' (`DE RUEHTA #2404/01`), or after a word of
# the station's name (`ALMATY 002404`, `RIO DE JANEIRO 000329`, page header `CAPE T  00097`).
# Candidates are filtered by value in `_rewrite_serial`, so body numbers are left alone.
SERIAL_SITE = re.compile(r"""
    (?: (?P<hash> \# )                  # DE line sequence
      | (?P<word> \b [A-Z]+ ) [ ]+      # a station word, then spaces
    )
    (?P<digits> \d{1,9} ) \b
    """, re.VERBOSE)

# A date-time group, `070653Z JUL 06`: a text cable without one has no date to parse.
DATE_TIME_GROUP = re.compile(r"\b\d{6}Z\s+[A-Z]{3}\s+\d{2}\b")

# Cable-html newlines are written as this entity inside the <pre> blocks.
HTML_NEWLINE = "&#x000A;"
# The Cablegate page's two <pre> blocks (header, body); non-greedy within one block, no nesting.
HTML_PRE = re.compile(r"<pre>(?P<text>[^<]*(?:<(?!/pre>)[^<]*)*)</pre>")
HTML_REFERENCE_ID = re.compile(r"<a href='/cable/\d{4}/\d{2}/(?P<id>\w+)\.html'>")


def paragraph_breaks(newline: str) -> re.Pattern:
    """A blank line (possibly holding spaces) between two blocks, for a given newline spelling."""
    return re.compile(f"({re.escape(newline)}[ \\t]*{re.escape(newline)})")


TEXT_BREAK = paragraph_breaks("\n")
HTML_BREAK = paragraph_breaks(HTML_NEWLINE)
# A signature block: one short line of capitals (`ORDWAY`, `HELMS`, `BAQUET`).
SIGNATURE = re.compile(r"[ \t]*[A-Z][A-Z .,'/-]{1,40}[ \t]*")


class Template(NamedTuple):
    """One real cable to scale: its format, id parts and content."""

    name: str
    format: str  # text | html | csv
    year: str
    station: str
    serial: int
    content: object  # text: str; html: str; csv: list of the 8 fields


class CableId(NamedTuple):
    year: str
    station: str
    serial: int

    def __str__(self):
        return f"{self.year}{self.station}{self.serial}"


# --- templates ---------------------------------------------------------------------------------

def load_templates(kind: str, dirs=TEMPLATE_DIRS, pinned: Path | None = PINNED) -> list[Template]:
    """The real cables of `kind` (text, html, csv) found under `dirs`, in a stable order: those
    the `pinned` list names (all of them when it is None or missing)."""
    loaders = {"text": _text_templates, "html": _html_templates, "csv": _csv_templates}
    wanted = pinned_names(pinned, kind) if pinned is not None and pinned.exists() else None
    templates, seen = [], set()
    for directory in dirs:
        if not directory.is_dir():
            continue
        for template in loaders[kind](directory):
            if wanted is not None and template.name not in wanted:
                continue
            key = (template.year, template.station, template.serial)
            if key not in seen and usable(template):  # copies of a cable are common in tests/
                seen.add(key)
                templates.append(template)
    missing = wanted - {template.name for template in templates} if wanted else set()
    if missing:  # a figure silently made from fewer templates would not be comparable either
        raise SystemExit(f"{len(missing)} pinned {kind} templates not found (benchmarks/"
                         f"templates.txt): {', '.join(sorted(missing)[:5])}")
    if not templates:
        raise SystemExit(f"no {kind} templates under {', '.join(map(str, dirs))}")
    return templates


def pinned_names(pinned: Path, kind: str) -> set[str]:
    """The template names of `kind` in a pinned list (lines `KIND NAME`)."""
    names = set()
    with open(pinned, encoding="utf-8") as stream:
        for line in stream:
            line_kind, _, name = line.strip().partition(" ")
            if line_kind == kind:
                names.add(name)
    return names


def write_pinned(out: Path = PINNED) -> int:
    """Pin every template at hand (all kinds); the number pinned."""
    lines = [f"{kind} {template.name}" for kind in FORMATS
             for template in load_templates(kind, pinned=None)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def usable(template: Template) -> bool:
    """Whether every cable made from `template` is a valid cable with the new id.

    Skips real cables that are dead letters by nature: a serial line naming another cable (a
    mis-filed text) and, for plain text with no source metadata, no date-time group at all.
    """
    if template.format == "csv":
        text = template.content[6] + "\n" + template.content[7]
    else:
        text = template.content
    if not any(_is_serial_site(match, template.station, template.serial)
               for match in SERIAL_SITE.finditer(text)):
        return False
    return template.format != "text" or DATE_TIME_GROUP.search(text) is not None


def _read_text(path: Path) -> str:
    # surrogateescape keeps a cp1252 byte exactly as it was when written back out
    return path.read_bytes().decode("utf-8", "surrogateescape")


def _text_templates(directory: Path) -> Iterator[Template]:
    for path in sorted(directory.rglob("*.txt")):
        match = REFERENCE_ID.fullmatch(path.stem)
        if match:
            yield Template(path.name, "text", match["year"], match["station"],
                           int(match["serial"]), _read_text(path))


def _html_templates(directory: Path) -> Iterator[Template]:
    for path in sorted(directory.rglob("*.html")):
        page = _read_text(path)
        found = HTML_REFERENCE_ID.search(page)
        match = found and REFERENCE_ID.fullmatch(found["id"])
        if match and len(HTML_PRE.findall(page)) >= 2:
            yield Template(path.name, "html", match["year"], match["station"],
                           int(match["serial"]), page)


def _csv_templates(directory: Path) -> Iterator[Template]:
    for path in sorted(directory.rglob("*.csv")):
        with open(path, newline="", encoding="utf-8", errors="surrogateescape") as stream:
            for fields in csv.reader(stream, escapechar="\\", doublequote=False):
                match = len(fields) == 8 and REFERENCE_ID.fullmatch(fields[2])
                if match:
                    yield Template(f"{path.name}:{fields[0]}", "csv", match["year"],
                                   match["station"], int(match["serial"]), fields)


# --- serials -----------------------------------------------------------------------------------

class SerialAllocator:
    """Unique serials per (year, station): each key counts up from a random start."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.next_serial: dict[tuple[str, str], int] = {}

    def allocate(self, template: Template) -> CableId:
        key = (template.year, template.station)
        serial = self.next_serial.get(key) or self.rng.randrange(1, 1000)
        self.next_serial[key] = serial + 1
        return CableId(template.year, template.station, serial)


def _rewrite_serial(text: str, station: str, old: int, new: int) -> str:
    """`text` with every place that carries serial `old` carrying `new`, padding kept."""

    def replace(match: re.Match) -> str:
        digits = match["digits"]
        if match["hash"]:
            return _rewrite_de_sequence(match.group(0), digits, old, new)
        if not _is_serial_site(match, station, old):
            return match.group(0)
        padded = str(new).zfill(len(digits)) if digits.startswith("0") else str(new)
        return match.group(0)[:match.start("digits") - match.start()] + padded

    return SERIAL_SITE.sub(replace, text)


def _is_serial_site(match: re.Match, station: str, serial: int) -> bool:
    return bool(match["word"]) and match["word"] in station and int(match["digits"]) == serial


def _rewrite_de_sequence(site: str, digits: str, old: int, new: int) -> str:
    # The DE line carries the serial modulo 10**width (four digits: 14070 is written 4070).
    width = len(digits)
    if int(digits) != old % 10**width:
        return site
    return f"#{new % 10**width:0{width}d}"


# --- sizes -------------------------------------------------------------------------------------

def draw_size(rng: random.Random, median_bytes: float) -> int:
    """A cable size from the log-normal distribution of the real corpus' shape."""
    size = median_bytes * math.exp(rng.gauss(0.0, SIZE_SIGMA))
    return int(min(max(size, MIN_BYTES), MAX_BYTES))


def resize(text: str, target: int, breaks: re.Pattern = TEXT_BREAK) -> str:
    """`text` grown or trimmed to about `target` characters by repeating or dropping body blocks.

    Blocks are separated by blank lines. The head (up to the block after SUBJECT) and the tail
    (from the signature on) are kept; the body blocks between them are repeated in order, or
    dropped from the end, keeping at least one.
    """
    parts = breaks.split(text)  # block, break, block, break, ..., block
    blocks, seps = parts[0::2], parts[1::2]
    head_end, tail_start = _body_span(blocks)
    if tail_start - head_end < 1:
        return text
    sep = seps[0] if seps else "\n\n"
    head = _join(blocks[:head_end], seps[:head_end])
    tail = _join(blocks[tail_start:], seps[tail_start:])
    body = list(blocks[head_end:tail_start])
    fixed = len(head) + len(tail) + 2 * len(sep)
    return head + sep + sep.join(_fit_blocks(body, target - fixed, len(sep))) + sep + tail


def _join(blocks: list[str], seps: list[str]) -> str:
    out = [blocks[0]] if blocks else []
    for sep, block in zip(seps, blocks[1:]):
        out.extend((sep, block))
    return "".join(out)


def _body_span(blocks: list[str]) -> tuple[int, int]:
    """(first body block, first tail block): after the SUBJECT block, up to the signature."""
    head_end = next((i + 1 for i, block in enumerate(blocks) if "SUBJECT" in block), 1)
    tail_start = len(blocks) - 1
    for i in range(len(blocks) - 1, head_end, -1):
        if SIGNATURE.fullmatch(blocks[i]):
            tail_start = i
            break
    return head_end, max(tail_start, head_end)


def _fit_blocks(body: list[str], budget: int, sep_len: int) -> list[str]:
    chosen, used = [body[0]], len(body[0])
    for i in range(1, 10**6):
        block = body[i % len(body)]
        if used + sep_len + len(block) > budget:
            break
        chosen.append(block)
        used += sep_len + len(block)
    return chosen


# --- one cable per format ----------------------------------------------------------------------

def make_text(template: Template, cable_id: CableId, size: int) -> str:
    text = resize(template.content, size)
    return _rewrite_serial(text, template.station, template.serial, cable_id.serial)


def make_html(template: Template, cable_id: CableId, size: int) -> str:
    old_id = f"{template.year}{template.station}{template.serial}"
    page = template.content
    blocks = list(HTML_PRE.finditer(page))
    header, body = blocks[0], blocks[1]
    new_body = resize(body["text"], size, HTML_BREAK)
    pieces = [page[:header.start("text")], header["text"], page[header.end("text"):body.start("text")],
              new_body, page[body.end("text"):]]
    pieces = [_rewrite_serial(piece, template.station, template.serial, cable_id.serial)
              if i in (1, 3) else piece for i, piece in enumerate(pieces)]
    return re.sub(rf"\b{old_id}\b", str(cable_id), "".join(pieces))


def make_csv_fields(template: Template, cable_id: CableId, size: int, row: int) -> list[str]:
    fields = list(template.content)
    header, body = fields[6], fields[7]
    body = resize(body, size - len(header))
    fields[0] = str(row)
    fields[2] = str(cable_id)
    fields[6] = _rewrite_serial(header, template.station, template.serial, cable_id.serial)
    fields[7] = _rewrite_serial(body, template.station, template.serial, cable_id.serial)
    return fields


# --- corpora -----------------------------------------------------------------------------------

class Generated(NamedTuple):
    cable_id: CableId
    template: Template
    size: int


def plan(templates: list[Template], count: int, seed: int, median_kb: float) -> Iterator[Generated]:
    """The cables to generate, in order: (new id, template, target size), deterministic."""
    rng = random.Random(seed)
    serials = SerialAllocator(rng)
    for _ in range(count):
        template = rng.choice(templates)
        yield Generated(serials.allocate(template), template, draw_size(rng, median_kb * 1000))


def write_files(kind: str, out: Path, count: int, seed: int, median_kb: float,
                templates: list[Template] | None = None) -> tuple[int, int]:
    """Write `count` text or HTML cables into directory `out`; returns (files, bytes)."""
    make: Callable = make_text if kind == "text" else make_html
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for item in plan(templates or load_templates(kind), count, seed, median_kb):
        data = make(item.template, item.cable_id, item.size).encode("utf-8", "surrogateescape")
        (out / f"{item.cable_id}.{'txt' if kind == 'text' else 'html'}").write_bytes(data)
        total += len(data)
    return count, total


def write_csv(out: Path, count: int, seed: int, median_kb: float,
              templates: list[Template] | None = None) -> tuple[int, int]:
    """Write one cables.csv-format file of `count` rows to `out`; returns (rows, bytes).

    As in the real dump: no header, every field quoted, quotes escaped with a backslash.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8", errors="surrogateescape",
              buffering=2**20) as stream:
        writer = csv.writer(stream, quoting=csv.QUOTE_ALL, escapechar="\\", doublequote=False,
                            lineterminator="\n")
        for row, item in enumerate(plan(templates or load_templates("csv"), count, seed,
                                        median_kb), start=1):
            writer.writerow(make_csv_fields(item.template, item.cable_id, item.size, row))
    return count, out.stat().st_size


def generate(kind: str, out: Path, count: int, seed: int = 1,
             median_kb: float = DEFAULT_MEDIAN_KB) -> tuple[int, int]:
    if kind == "csv":
        return write_csv(out, count, seed, median_kb)
    return write_files(kind, out, count, seed, median_kb)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pin", action="store_true",
                        help="write benchmarks/templates.txt from every template at hand, and stop")
    parser.add_argument("--cables", type=int, help="number of cables (CSV rows)")
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--out", type=Path, help="a directory (text, html) or a file (csv)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--median-kb", type=float, default=DEFAULT_MEDIAN_KB,
                        help="median cable size in KB (default 10; 5.2 gives the real dump's "
                             "~1.7 GB for 251,287 rows)")
    args = parser.parse_args(argv)
    if args.pin:
        print(f"pinned {write_pinned():,} templates in {PINNED}")
        return 0
    if args.cables is None or args.out is None:
        parser.error("--cables and --out are required (or --pin)")
    count, size = generate(args.format, args.out, args.cables, args.seed, args.median_kb)
    print(f"wrote {count:,} {args.format} cables, {size / 1e6:,.1f} MB, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
