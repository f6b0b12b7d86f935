"""Tests of the corpus generator: `.venv/bin/pytest benchmarks` (not part of `make test`)."""
import csv
import io
import random

import pytest

from benchmarks import generate
from benchmarks.adversarial import CASES, fill
from transforms.ingest import CABLE, ingest
from transforms.records import CSV, HTML, TEXT, RawInput


@pytest.mark.parametrize("text, station, old, new, expected", [
    ("DE RUEHTA #2404/01 1880653", "ALMATY", 2404, 17, "DE RUEHTA #0017/01 1880653"),
    ("DE RUEHC #4070 0451605", "STATE", 14070, 123456, "DE RUEHC #3456 0451605"),
    ("UNCLAS SECTION 01 OF 02 ALMATY 002404", "ALMATY", 2404, 17,
     "UNCLAS SECTION 01 OF 02 ALMATY 000017"),
    ("ALMATY 00002404 002 OF 002", "ALMATY", 2404, 9, "ALMATY 00000009 002 OF 002"),
    ("C O N F I D E N T I A L TEHRAN 2069", "TEHRAN", 2069, 31, "C O N F I D E N T I A L TEHRAN 31"),
    ("RIO DE JANEIRO 000329", "RIODEJANEIRO", 329, 4000, "RIO DE JANEIRO 004000"),
    ("PAGE 01        CAPE T  00097  01 OF 03", "CAPETOWN", 97, 55,
     "PAGE 01        CAPE T  00055  01 OF 03"),
    # left alone: another station's serial, the same number in prose, a REF to another cable
    ("S E C R E T ULAANBAATAR 000234", "CHISINAU", 694, 5, "S E C R E T ULAANBAATAR 000234"),
    ("Some 2404 people came.", "ALMATY", 2404, 17, "Some 2404 people came."),
    ("REF: ALMATY 1418", "ALMATY", 2404, 17, "REF: ALMATY 1418"),
])
def test_rewrite_serial(text, station, old, new, expected):
    assert generate._rewrite_serial(text, station, old, new) == expected


@pytest.mark.parametrize("target", [2_000, 10_000, 40_000, 120_000])
def test_resize_keeps_head_and_signature(target):
    template = next(t for t in generate.load_templates("text") if t.name == "06ALMATY2404.txt")
    resized = generate.resize(template.content, target)
    assert resized.startswith(template.content[:600])         # header and subject kept
    assert resized.rstrip().endswith("ORDWAY")                  # signature kept
    if target > len(template.content):
        assert target * 0.8 < len(resized) <= target + 1_000
    else:
        assert len(resized) < len(template.content)


@pytest.mark.parametrize("median_kb, low, high", [(10, 8_000, 12_500), (5.2, 4_000, 6_500)])
def test_sizes_have_the_requested_median(median_kb, low, high):
    rng = random.Random(3)
    sizes = sorted(generate.draw_size(rng, median_kb * 1000) for _ in range(2_001))
    assert low < sizes[1_000] < high
    assert sizes[-1] > 4 * sizes[1_000]                         # a long tail


def _ingested_ids(kind, count, tmp_path):
    out = tmp_path / kind
    if kind == "csv":
        generate.write_csv(out / "cables.csv", count, seed=5, median_kb=10)
        text = (out / "cables.csv").read_text(encoding="utf-8", errors="surrogateescape")
        rows = list(csv.reader(io.StringIO(text, newline=""), escapechar="\\", doublequote=False))
        raws = [RawInput("dump", CSV, _csv_line(row), row=index)
                for index, row in enumerate(rows, 1)]
        expected = [row[2] for row in rows]
    else:
        generate.write_files(kind, out, count, seed=5, median_kb=10)
        paths = sorted(out.iterdir())
        raws = [RawInput(str(path), TEXT if kind == "text" else HTML, path.read_bytes())
                for path in paths]
        expected = [path.stem for path in paths]
    results = [ingest(raw) for raw in raws]
    return expected, [record.get("reference_id") if kind_ == CABLE else kind_
                      for kind_, record in results]


def _csv_line(row):
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, escapechar="\\", doublequote=False,
               lineterminator="\n").writerow(row)
    return buffer.getvalue().encode("utf-8", "surrogateescape")


@pytest.mark.parametrize("kind", ["text", "html", "csv"])
def test_generated_cables_are_valid_with_unique_ids(kind, tmp_path):
    expected, got = _ingested_ids(kind, 60, tmp_path)
    assert len(expected) == 60 and len(set(expected)) == 60
    assert got == expected


@pytest.mark.parametrize("case", CASES[:3], ids=lambda case: case.name)
def test_adversarial_inputs_are_about_100_kb(case):
    assert 90_000 <= len(case.make()) <= 220_000
    assert len(fill("ab", 7)) == 7


def test_templates_are_the_pinned_ones(tmp_path):
    """The figures are made from the pinned templates: a new golden cable does not join them,
    and a pinned one gone is an error, not a smaller set."""
    pinned = tmp_path / "templates.txt"
    every = generate.load_templates("text", pinned=None)
    pinned.write_text("".join(f"text {t.name}\n" for t in every[:3]) + "csv x.csv:1\n")
    assert [t.name for t in generate.load_templates("text", pinned=pinned)] == [
        t.name for t in every[:3]]
    pinned.write_text("text 99NOWHERE1.txt\n")
    with pytest.raises(SystemExit, match="1 pinned text templates not found"):
        generate.load_templates("text", pinned=pinned)


def test_the_repo_pins_templates_of_every_kind():
    for kind in generate.FORMATS:
        assert len(generate.load_templates(kind)) == len(
            generate.pinned_names(generate.PINNED, kind)) > 100
