"""The quality figures (transforms/quality.py) and the page built from them (transforms/report.py),
without a browser: what they count, that they stay bounded, drift, and escaping everywhere."""
import glob
import json
import os
import pickle
import re
import shlex
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from pipeline.cli import main
from tests.conftest import SAMPLES, read_outputs
from transforms import drift, output_lock, quality
from transforms.report import CSP, render_report


# --- warning kinds ----------------------------------------------------------------------------

@pytest.mark.parametrize("warning, kind", [
    ("paragraph 5 renumbered from 15", "paragraph N renumbered from N"),
    ("paragraph 7 follows paragraph 3", "paragraph N follows paragraph N"),
    ("paragraph numbering restarts after paragraph 12",
     "paragraph numbering restarts after paragraph N"),
    ("more than 500 paragraphs: the rest is kept in the last one", "more than N paragraphs"),
    ("declassify_on not understood: 1.4 (B) AND (D)", "declassify_on not understood"),
    ("date_time_group: '321299Z DEC 06' is not a valid date", "date_time_group"),
    ("created: text says '2006-07-07 06:53', source metadata says '2006-07-08 00:00'",
     "created: text says"),
    ("origin: text says 'Embassy Almaty', source metadata says 'Embassy Astana'",
     "origin: text says"),
    ("reference_id: the body's serial line says ALMATY 2404, the header says ALMATY #2405; "
     "using the header", "reference_id: the body's"),
    ("routing: DE station RUEHTA is 'AMEMBASSY ALMATY' in the routing list, FM says 'X'",
     "routing: DE station"),
    ("another message header (DTG 070653Z JUL 06, FM AMEMBASSY X) at line 40 of the body: a "
     "quoted message or a second cable", "another message header"),
    ("not valid UTF-8 (first bad byte at offset 1234); decoded as cp1252", "not valid UTF-8"),
    ("decoded as utf-16 (byte-order mark)", "decoded as utf-16"),
    ("reference id 06ALMATY2404 also names a different cable: a.txt, b.txt",
     "reference id ID also names a different cable"),
    ("created_estimated", "created_estimated"),
])
def test_warning_kind_keeps_the_problem_and_drops_the_values(warning, kind):
    assert quality.warning_kind(warning) == kind


def test_warning_kinds_of_one_problem_are_one_kind():
    texts = [f"paragraph {n} renumbered from {n + 10}" for n in range(1, 200)]
    assert {quality.warning_kind(text) for text in texts} == {"paragraph N renumbered from N"}


# --- bounded counters and accumulators --------------------------------------------------------

def test_a_counter_stays_bounded_keeps_its_heavy_keys_and_loses_no_count():
    counter = quality.new_counter()
    for n in range(20_000):
        quality.count_into(counter, f"rare-{n}")
        if n % 10 == 0:
            quality.count_into(counter, "frequent")
    assert len(counter["counts"]) < 2 * quality.COUNTER_CAP
    assert counter["counts"]["frequent"] == 2_000
    assert sum(counter["counts"].values()) + counter["other"] == 22_000
    assert quality.ranked(counter, 1, "key") == [{"key": "frequent", "count": 2_000}]


def dead_letter(n: int, payload: bytes = b"x" * 100_000) -> dict:
    return {"source": {"uri": f"drop/{n}.txt", "format": "TEXT", "size": len(payload), "row": None},
            "stage": "PARSE", "error_type": f"kind_{n % 7}", "error_message": "m" * 10_000,
            "payload": payload}


def test_the_accumulator_is_bounded_whatever_the_number_of_dead_letters():
    fn = quality.QualityStatsFn()
    sizes = []
    for total in (1_000, 10_000):
        acc = fn.create_accumulator()
        for n in range(total):
            fn.add_input(acc, dead_letter(n))
        sizes.append(len(pickle.dumps(acc)))
    assert sizes[1] < 200_000 and sizes[1] < 1.5 * sizes[0]
    figures = fn.extract_output(acc)
    by_type = figures["dead_letters"]["by_type"]
    assert sum(row["count"] for row in by_type) == 10_000 and len(by_type) == 7
    for row in by_type:
        assert len(row["examples"]) == quality.EXAMPLES_PER_TYPE
        for example in row["examples"]:
            assert len(example["payload_start"]) == quality.EXAMPLE_PAYLOAD_BYTES
            assert len(example["message"]) == quality.EXAMPLE_MESSAGE_CHARS
    assert len(figures["dead_letters"]["top_sources"]) == quality.TOP_SOURCES


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    output = str(tmp_path_factory.mktemp("run") / "out")
    assert main(["run", "--input", os.path.join(SAMPLES, "*"), "--output", output]) == 0
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as f:
        return output, json.load(f)


def test_merging_accumulators_gives_what_one_pass_gives(sample_run):
    cables, dead_letters = read_outputs(sample_run[0])
    records = cables + dead_letters
    fn = quality.QualityStatsFn()
    whole = fn.create_accumulator()
    for record in records:
        fn.add_input(whole, record)
    parts = [fn.create_accumulator() for _ in range(3)]
    for index, record in enumerate(records):
        fn.add_input(parts[index % 3], record)
    assert fn.extract_output(fn.merge_accumulators(parts)) == fn.extract_output(whole)


def test_the_run_summary_holds_the_quality_figures_of_its_records(sample_run):
    output, summary = sample_run
    figures = summary["quality"]
    cables, _ = read_outputs(output)
    duplicates = sum(row["count"] for row in summary["dead_letters_by_type"]
                     if row["error_type"] == "duplicate")
    # Measured before de-duplication: each duplicate was a parsed cable then.
    assert figures["cables_measured"] == len(cables) + duplicates == summary["cables"] + duplicates
    assert duplicates > 0
    assert figures["fields"][0] == "reference_id" and len(figures["fields"]) >= 30
    assert figures["fill_rate"]["reference_id"] == 1.0
    html_rates = figures["fill_rate_by_format"]["HTML"]["fill_rate"]
    assert html_rates["released"] == 1.0  # only the Cablegate pages carry a release time
    assert figures["fill_rate_by_format"]["TEXT"]["fill_rate"]["released"] == 0.0
    with_subject = sum(bool(cable["subject"]) for cable in cables)
    assert abs(figures["fill_rate"]["subject"] - with_subject / len(cables)) < 0.1
    warned = sum(bool(cable["warnings"]) for cable in cables)
    assert figures["warnings"]["cables_with_warnings"] == warned > 0
    kinds = {row["kind"] for row in figures["warnings"]["by_kind"]}
    assert "paragraph N renumbered from N" in kinds
    years = {row["year"]: row["count"] for row in figures["distributions"]["year"]}
    assert years["1975"] == 2  # 75TEHRAN2069 as a text and as a CSV row (a duplicate)
    assert sum(row["count"] for row in figures["distributions"]["body_chars"]) == \
        figures["cables_measured"]
    types = {row["error_type"] for row in figures["dead_letters"]["by_type"]}
    assert types == {row["error_type"] for row in summary["dead_letters_by_type"]}
    assert "duplicate" in types  # de-duplication's dead letters are counted with the parse's
    assert summary["run"]["options"]["input"] == [os.path.join(SAMPLES, "*")]


# --- drift ------------------------------------------------------------------------------------

def run_summary(fill_rate: dict, types: dict, inputs: int = 100, cables: int = 90) -> dict:
    return {"inputs": inputs, "finished_at": "2024-01-01T00:00:00+00:00",
            "dead_letters_by_type": [{"stage": "PARSE", "error_type": name, "count": count}
                                     for name, count in types.items()],
            "quality": {"fill_rate": fill_rate, "cables_measured": cables,
                        "fill_rate_by_format": {"TEXT": {"cables": cables,
                                                         "fill_rate": fill_rate}}}}


def test_drift_flags_drops_over_the_threshold_and_types_that_grow():
    before = run_summary({"subject": 0.90, "tags": 1.0, "comment": 0.5},
                         {"not_a_cable": 2, "empty_body": 5})
    after = run_summary({"subject": 0.50, "tags": 0.95, "comment": 0.6},
                        {"not_a_cable": 2, "empty_body": 9, "too_large": 1})
    fewer_inputs = run_summary({}, {"not_a_cable": 2}, inputs=50)  # 2% -> 4%, the same count
    found = drift.drift(after["quality"], after, before, 0.05, "base")
    assert {(row["field"], row["scope"]) for row in found["fill_rate_drops"]} == {
        ("subject", "all"), ("subject", "TEXT")}  # tags dropped by exactly 0.05: not more
    assert [(row["error_type"], row["new"]) for row in found["dead_letter_growth"]] == [
        ("empty_body", False), ("too_large", True)]
    assert found["flagged"]
    assert not drift.drift({}, fewer_inputs, before, 0.05)["dead_letter_growth"]
    calm = drift.drift(before["quality"], before, before, 0.05, "base")
    assert not calm["flagged"] and not calm["fill_rate_drops"] and not calm["dead_letter_growth"]


@pytest.mark.parametrize("cables, flagged", [(5, False), (10, False), (40, True), (1000, True)])
def test_a_fill_rate_drop_is_flagged_when_chance_does_not_explain_it(cables, flagged):
    """Two days of 5 cables differ by 40 points by chance; of 1,000, by a point or two."""
    before = run_summary({"subject": 0.9}, {}, cables=cables)
    after = run_summary({"subject": 0.5}, {}, cables=cables)
    found = drift.drift(after["quality"], after, before, 0.05, "base")
    assert bool(found["fill_rate_drops"]) is flagged and found["flagged"] is flagged


def copy_cables(folder, cp1252_byte: bool) -> None:
    """Four sample cables (all text), as they are or each with a cp1252 byte (a smart quote)
    near its end: every such cable warns "not valid UTF-8 ... decoded as cp1252"."""
    folder.mkdir()
    for pattern in ("0[89]*.txt", "75*", "90*"):
        for path in glob.glob(os.path.join(SAMPLES, pattern)):
            with open(path, "rb") as stream:
                data = stream.read()
            if cp1252_byte:
                data = data[:-40] + b"\x92" + data[-40:]
            (folder / os.path.basename(path)).write_bytes(data)


@pytest.mark.parametrize("command", ["run", "report"])
def test_fewer_warnings_are_no_fill_rate_drop(tmp_path, capsys, command):
    """A day whose cables no longer warn (the source stopped sending cp1252) is cleaner input:
    `warnings` 100% -> 0% failed `run --max_fill_rate_drop` (exit 1) and was flagged as drift."""
    for name, cp1252_byte in (("day1", True), ("day2", False)):
        copy_cables(tmp_path / name, cp1252_byte)
    day1, day2 = str(tmp_path / "out1"), str(tmp_path / "out2")
    assert main(["run", "--input", str(tmp_path / "day1" / "*"), "--output", day1]) == 0
    with open(os.path.join(day1, "_SUMMARY.json"), encoding="utf-8") as f:
        assert json.load(f)["quality"]["fill_rate"]["warnings"] == 1.0
    drift_options = ["--baseline", day1, "--max_fill_rate_drop", "0.05"]
    run = ["run", "--input", str(tmp_path / "day2" / "*"), "--output", day2]
    assert main(run + (drift_options if command == "run" else [])) == 0
    if command == "report":
        assert main(["report", day2, *drift_options]) == 0
    with open(os.path.join(day2, "_SUMMARY.json"), encoding="utf-8") as f:
        quality_now = json.load(f)["quality"]
    with open(os.path.join(day2, "_REPORT.html"), encoding="utf-8") as f:
        page = f.read()
    assert quality_now["fill_rate"]["warnings"] == 0.0
    if command == "run":
        assert not quality_now["drift"]["fill_rate_drops"] and not quality_now["drift"]["flagged"]
    assert "<strong>No drift</strong>" in page and "FAILED" not in capsys.readouterr().err


def test_a_day_failed_by_both_thresholds_names_both_at_the_top(tmp_path, capsys):
    """Too many dead letters and a fill rate dropped past its limit: the FAILED line and the
    report's verdict named only the first (the summary's one status); the drop was said only
    in the drift section further down."""
    for name, drop_subject in (("before", False), ("after", True)):
        (tmp_path / name).mkdir()
        for path in glob.glob(os.path.join(SAMPLES, "*.txt")):   # 2 of them not cables
            with open(path, encoding="utf-8") as f:
                lines = [line for line in f if not (drop_subject and line.startswith("SUBJECT"))]
            (tmp_path / name / os.path.basename(path)).write_text("".join(lines), encoding="utf-8")
    baseline, output = str(tmp_path / "baseline"), str(tmp_path / "out")
    assert main(["run", "--input", str(tmp_path / "before" / "*"), "--output", baseline]) == 0
    capsys.readouterr()
    assert main(["run", "--input", str(tmp_path / "after" / "*"), "--output", output,
                 "--baseline", baseline, "--max_fill_rate_drop", "0.05",
                 "--max_dead_letter_ratio", "0.1"]) == 1
    failed = capsys.readouterr().err.strip().splitlines()[-1]
    both = ("exceeds --max_dead_letter_ratio 10.0%; fill rates dropped by more than "
            "--max_fill_rate_drop 5.0% against ")
    assert failed.startswith("cable-ingest: FAILED: dead-letter ratio ") and both in failed, failed
    with open(os.path.join(output, "_REPORT.html"), encoding="utf-8") as f:
        verdict = f.read().split("<strong>FAILED</strong>: ", 1)[1].split("</p>", 1)[0]
    assert verdict.startswith("dead-letter ratio ") and both in verdict, verdict
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as f:
        assert json.load(f)["status"] == "failed: dead-letter ratio exceeded"   # (the first)


@pytest.mark.parametrize("summary", ["{}", '{"inputs": 3, "cables": 3, "accounted": "yes"}'])
def test_a_summary_that_does_not_say_it_accounted_for_every_input_is_no_ok_day(tmp_path, summary):
    """Its verdict said `OK: every input accounted for.` above a counts table saying `accounted
    NO`."""
    (tmp_path / "_SUMMARY.json").write_text(summary + "\n", encoding="utf-8")
    assert main(["report", str(tmp_path)]) == 0
    with open(tmp_path / "_REPORT.html", encoding="utf-8") as f:
        page = f.read()
    assert "<strong>FAILED</strong>: the summary does not say whether every input was " \
           "accounted for." in page and "<strong>OK</strong>" not in page


# --- escaping ---------------------------------------------------------------------------------

HOSTILE = "</pre><script>alert(1)</script><img src=x onerror=alert(2)>\"'&<!--"
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "div",
                "span", "strong", "code", "pre", "table", "tr", "th", "td", "details", "summary",
                "svg", "g", "text", "rect"}


class Tags(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.tags, self.attributes = [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]


def hostile_summary() -> dict:
    counter = [{"kind": HOSTILE, "count": 2}]
    example = {"uri": HOSTILE, "row": 3, "message": HOSTILE, "payload_start": HOSTILE,
               "payload_size": 9}
    return {
        "inputs": 3, "cables": 1, "dead_letters": 2, "accounted": True, "status": "ok",
        "dead_letters_by_type": [{"stage": "PARSE", "error_type": HOSTILE, "count": 2}],
        "started_at": HOSTILE, "finished_at": HOSTILE, "files": [HOSTILE],
        "pipeline_version": HOSTILE, "incremental": True, "new_inputs": 2,
        "already_ingested": 1, "already_ingested_cables": 5, "nothing_new": False,
        "run": {"runner": HOSTILE, "options": {HOSTILE: HOSTILE}},
        "quality": {
            "cables_measured": 1, "fields": ["subject"], "fill_rate": {"subject": 1.0},
            "fill_rate_by_format": {HOSTILE: {"cables": 1, "fill_rate": {"subject": 1.0}}},
            "warnings": {"cables_with_warnings": 1, "total": 2, "by_kind": counter,
                         "other_kinds": 0},
            "distributions": {"body_chars": [{"bucket": HOSTILE, "count": 1}],
                              "year": [{"year": HOSTILE, "count": 1}],
                              "classification": [{"classification": HOSTILE, "count": 1}],
                              "origin": [{"origin": HOSTILE, "count": 1}], "origin_others": 0},
            "dead_letters": {"by_type": [{"stage": "PARSE", "error_type": HOSTILE, "count": 2,
                                          "examples": [example]}],
                             "top_sources": [{"source": HOSTILE, "count": 2}]},
            "drift": {"baseline": HOSTILE, "baseline_finished_at": HOSTILE, "flagged": True,
                      "failed": True, "max_fill_rate_drop": 0.05,
                      "fill_rate_drops": [{"field": HOSTILE, "scope": HOSTILE, "baseline": 1.0,
                                           "now": 0.0, "drop": 1.0}],
                      "dead_letter_growth": [{"stage": "PARSE", "error_type": HOSTILE,
                                              "baseline_count": 0, "baseline_share": 0.0,
                                              "count": 2, "share": 0.67, "new": True}]},
        },
    }


def test_every_value_of_the_summary_is_escaped():
    page = render_report(hostile_summary(), output=HOSTILE)
    tags = Tags(page)
    assert set(tags.tags) <= ALLOWED_TAGS, set(tags.tags) - ALLOWED_TAGS
    assert not [name for name in tags.attributes if name.startswith("on")]
    assert "<script" not in page and "<!--" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 15  # shown, as text
    head = page[:page.index("</head>")]
    csp = CSP.replace("'", "&#x27;")
    assert f'<meta http-equiv="Content-Security-Policy" content="{csp}">' in head
    assert head.index("Content-Security-Policy") < head.index("<title>")


def test_an_incremental_run_says_what_was_new_already_ingested_or_duplicate():
    summary = {"inputs": 4, "cables": 1, "dead_letters": 1, "accounted": True,
               "incremental": True, "new_inputs": 2, "already_ingested": 7,
               "already_ingested_cables": 2,
               "dead_letters_by_type": [{"stage": "VALIDATE", "error_type": "duplicate",
                                         "count": 1}]}
    page = render_report(summary)
    for key, value in [("new_inputs", 2), ("already_ingested", 7), ("already_ingested_cables", 2),
                       ("duplicates", 1)]:
        assert f'data-key="{key}">{value}</td>' in page
    assert 'id="incremental"' not in render_report({**summary, "incremental": False})


@pytest.mark.parametrize("options, message", [
    (["--max_fill_rate_drop", "0.05"], "--max_fill_rate_drop needs --baseline"),
    (["--baseline", "nowhere", "--max_fill_rate_drop", "0.05"],
     "no such folder: --baseline 'nowhere' (give a run's output folder"),
    (["--baseline", SAMPLES, "--max_fill_rate_drop", "0.05"], "holds no _SUMMARY.json"),
])
def test_drift_options_are_checked_before_the_run(tmp_path, capsys, options, message):
    argv = ["run", "--input", os.path.join(SAMPLES, "*.txt"), "--output", str(tmp_path / "out")]
    assert main(argv + options) == 2
    assert message in capsys.readouterr().err
    assert not os.path.exists(tmp_path / "out" / "_SUMMARY.json")


@pytest.mark.parametrize("output, baseline", [
    ("out", "out"), ("out", "./out/"), ("out", "{tmp_path}/out"), ("{tmp_path}/out", "out")])
def test_a_run_given_its_own_output_as_baseline_starts_without_one(
        tmp_path, monkeypatch, caplog, output, baseline):
    """The README's daily schedule, `--output out --baseline out`: the first run failed "'out'
    holds no _SUMMARY.json" (exit 2). It warns and runs without a baseline; the next compares
    with the run it replaces."""
    monkeypatch.chdir(tmp_path)
    output, baseline = (name.format(tmp_path=tmp_path) for name in (output, baseline))
    argv = ["run", "--input", os.path.join(SAMPLES, "*.txt"), "--output", output,
            "--baseline", baseline, "--max_fill_rate_drop", "0.05"]
    assert main(argv) == 0
    assert f"no baseline yet: --baseline {baseline!r} is this run's --output" in caplog.text
    with open(tmp_path / "out" / "_SUMMARY.json", encoding="utf-8") as f:
        assert "drift" not in json.load(f)["quality"]
    assert main(argv) == 0
    with open(tmp_path / "out" / "_SUMMARY.json", encoding="utf-8") as f:
        found = json.load(f)["quality"]["drift"]
    assert found["baseline"] == baseline and "error" not in found and not found["flagged"]


def test_a_drop_threshold_must_be_a_share(sample_run, tmp_path, capsys):
    argv = ["run", "--input", os.path.join(SAMPLES, "*.txt"), "--output", str(tmp_path / "out"),
            "--baseline", sample_run[0], "--max_fill_rate_drop", "5"]
    assert main(argv) == 2
    assert "is not a share between 0 and 1" in capsys.readouterr().err


def test_a_summary_without_quality_still_renders():
    page = render_report({"inputs": 0, "cables": 0, "dead_letters": 0, "accounted": True})
    assert "Headline" in page and "No dead letters." in page


def test_quality_stats_take_the_dead_letters_of_several_stages(sample_run):
    import apache_beam as beam
    from apache_beam.testing.util import assert_that

    cables, dead_letters = read_outputs(sample_run[0])
    halves = dead_letters[:1], dead_letters[1:]

    def check(partials):  # one per bundle of each part: the publish step merges them
        figures = quality.merged(partials)
        assert figures["cables_measured"] == len(cables)
        assert sum(row["count"] for row in figures["dead_letters"]["by_type"]) == len(dead_letters)

    with beam.Pipeline() as pipeline:
        parts = {"cables": pipeline | "Cables" >> beam.Create(cables),
                 "dead_letters": tuple(pipeline | f"DeadLetters{i}" >> beam.Create(half)
                                       for i, half in enumerate(halves))}
        assert_that(parts | quality.QualityStats(), check)


def test_an_incremental_output_reports_what_was_new_and_compares_with_the_run_before(tmp_path):
    folder, output = tmp_path / "in", str(tmp_path / "out")
    folder.mkdir()
    shutil.copy(os.path.join(SAMPLES, "06ALMATY2404.txt"), folder)
    argv = ["run", "--incremental", "--input", str(folder / "*"), "--output", output]
    assert main(argv) == 0
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as f:
        assert "drift" not in json.load(f)["quality"]  # the first run has no run before it
    for name in ("08MUNICH355.txt", "broken-not-a-cable.txt"):
        shutil.copy(os.path.join(SAMPLES, name), folder)
    assert main(argv) == 0
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as f:
        summary = json.load(f)
    with open(os.path.join(output, "_REPORT.html"), encoding="utf-8") as f:
        page = f.read()
    assert (summary["new_inputs"], summary["already_ingested"]) == (2, 1)
    for key in ("new_inputs", "already_ingested", "already_ingested_cables"):
        assert f'data-key="{key}">{summary[key]}</td>' in page
    drift = summary["quality"]["drift"]
    assert drift["baseline"] == output and not drift["failed"]
    assert [row["error_type"] for row in drift["dead_letter_growth"]] == ["not_a_cable"]


def copy_texts(folder, drop_subject: bool) -> None:
    """The sample text cables, as they are or with their SUBJECT lines taken out."""
    folder.mkdir()
    for path in sorted(os.listdir(SAMPLES)):
        if not path.endswith(".txt"):
            continue
        with open(os.path.join(SAMPLES, path), encoding="utf-8") as f:
            lines = [line for line in f if not (drop_subject and line.startswith("SUBJECT"))]
        (folder / f"{'day2-' if drop_subject else ''}{path}").write_text("".join(lines), "utf-8")


@pytest.mark.parametrize("died_before_outputs_summary", [False, True])
def test_a_retried_publish_step_keeps_the_incremental_runs_failure(tmp_path,
                                                                   died_before_outputs_summary):
    """Dataflow retries a failed bundle: the publish step run again must fail again, not compare
    the run with the summary it just wrote (no drop, status ok). The first attempt died after
    writing OUTPUT/_SUMMARY.json, or after keeping its summary (OUTPUT/_runs/RUNID/, written
    first) but before OUTPUT's: that one is written then."""
    from transforms.publish import PublishRunFn, RunInfo

    drops, output = tmp_path / "drops", str(tmp_path / "out")
    drops.mkdir()
    copy_texts(drops / "day1", drop_subject=False)
    assert main(["run", "--incremental", "--input", str(drops / "**"), "--output", output]) == 0
    with open(os.path.join(output, "_SUMMARY.json"), "rb") as f:
        day1 = f.read()
    copy_texts(drops / "day2", drop_subject=True)
    assert main(["run", "--incremental", "--input", str(drops / "**"), "--output", output,
                 "--max_fill_rate_drop", "0.05"]) == 1
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as f:
        failed = json.load(f)
    assert failed["status"] == "failed: fill rate dropped"

    run = RunInfo(output=output, staging=os.path.join(output, ".staging-" + failed["run_id"]),
                  run_id=failed["run_id"], incremental=True, started_at=failed["started_at"],
                  max_dead_letter_ratio=None, version=failed["pipeline_version"],
                  quality_settings=quality.QualitySettings(
                      baseline=output, baseline_optional=True, max_fill_rate_drop=0.05))
    # The first attempt died after writing the summary: no report yet, the lock still held.
    os.remove(os.path.join(output, "_REPORT.html"))
    if died_before_outputs_summary:
        with open(os.path.join(output, "_SUMMARY.json"), "wb") as f:
            f.write(day1)
    output_lock.acquire(output, failed["run_id"])
    with pytest.raises(quality.FillRateDropped):
        list(PublishRunFn(run).process(None, [], []))
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as f:
        assert json.load(f) == failed  # the summary stays the run's own
    assert os.path.exists(os.path.join(output, "_REPORT.html"))
    assert not os.path.exists(output_lock.lock_path(output))  # the next run is not locked out


# --- the report as a user opens it after `cable-ingest run` -----------------------------------

class _PageText(HTMLParser):
    """The text of a page (cells and blocks apart, styles left out) and its elements' ids."""

    def __init__(self):
        super().__init__()
        self.parts, self.ids = [], []
        self.in_style = False

    BLOCKS = {"p", "div", "tr", "td", "th", "li", "br", "h1", "h2", "h3", "pre", "summary"}

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append(" ")
        self.in_style = tag == "style"
        if dict(attrs).get("id"):
            self.ids.append(dict(attrs)["id"])

    def handle_data(self, data):
        if not self.in_style:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def _page(path) -> _PageText:
    page = _PageText()
    with open(path, encoding="utf-8") as stream:
        page.feed(stream.read())
    return page


def _verdict_text(path) -> str:
    """The text of the page's verdict block (its first <div id="verdict">)."""
    with open(path, encoding="utf-8") as stream:
        html_text = stream.read()
    start = html_text.index('<div class="verdict')
    block = _PageText()
    block.feed(html_text[start:html_text.index("</div>", start)])
    return block.text()


def test_the_report_says_first_whether_the_day_is_good_why_not_and_where_its_files_are(tmp_path):
    """`cable-ingest run` over a day with too many dead letters, then the same day without the
    limit: the report's first block says FAILED with the command's own reason, or OK, names the
    record files and gives a `cable-ingest show` command that prints every dead letter of the
    run. Before, the page opened on the headline table: a failed day read 'status failed:
    dead-letter ratio exceeded' in its 6th row, with no reason and no path to the dead letters."""
    from tests.doors import cable_ingest_command

    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(os.path.join(SAMPLES, "06ALMATY2404.txt"), drop)
    shutil.copy(os.path.join(SAMPLES, "broken-not-a-cable.txt"), drop)
    shutil.copy(os.path.join(SAMPLES, "broken-truncated.txt"), drop)
    command = cable_ingest_command() + ["run", "--input", "drop/*", "--output", "out"]
    failed = subprocess.run(command + ["--max_dead_letter_ratio", "0.25"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert failed.returncode == 1, failed.stderr
    reason = failed.stderr.strip().splitlines()[-1].removeprefix("cable-ingest: FAILED: ")
    report = tmp_path / "out" / "_REPORT.html"
    page = _page(report)
    assert page.ids.index("verdict") < page.ids.index("headline")
    verdict = _verdict_text(report)
    assert verdict.startswith(f"FAILED: {reason}."), verdict
    assert "3 inputs: 1 cable written, 2 dead letters (66.7% of the inputs)" in verdict
    assert "Records (1 file): out/cables/cables-00000-of-00001.avro" in verdict
    assert os.path.isfile(tmp_path / "out" / "cables" / "cables-00000-of-00001.avro")
    shown = re.search(r"cable-ingest show (\S+)", verdict)
    assert shown, verdict
    printed = subprocess.run(cable_ingest_command() + ["show", *shlex.split(shown[1])],
                             cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert printed.returncode == 0, printed.stderr
    letters = [json.loads(line) for line in printed.stdout.splitlines()]
    with open(tmp_path / "out" / "_SUMMARY.json", encoding="utf-8") as stream:
        summary = json.load(stream)
    assert len(letters) == summary["dead_letters"] == 2
    assert sorted(letter["source"]["uri"] for letter in letters) == [
        "drop/broken-not-a-cable.txt", "drop/broken-truncated.txt"]

    good = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert good.returncode == 0, good.stderr
    verdict = _verdict_text(report)
    assert verdict.startswith("OK: every input accounted for."), verdict
    assert "cable-ingest show out/dead_letter/dead_letters-00000-of-00001.avro" in verdict


@pytest.mark.parametrize("output, inputs, files", [
    # two kinds of dead letter (a duplicate): two files, one glob
    ("out put", ["06ALMATY2404.txt", "broken-not-a-cable.txt", "75TEHRAN2069.txt",
                 "cables-5-rows.csv"], 2),
    ("it's out", ["06ALMATY2404.txt", "broken-not-a-cable.txt"], 1),
])
def test_the_reports_show_command_works_pasted_whatever_the_output_is_named(
        tmp_path, output, inputs, files):
    """With `--output 'out put'` the report said `cable-ingest show out put/dead_letter/...`,
    two arguments to the shell it is pasted into: 'no such file: out'. Its paths are quoted."""
    from tests.doors import cable_ingest_command, cable_ingest_in_process

    drop = tmp_path / "drop"
    drop.mkdir()
    for name in inputs:
        shutil.copy(os.path.join(SAMPLES, name), drop)
    done = cable_ingest_in_process("run", "--input", "drop/*", "--output", output, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(os.listdir(tmp_path / output / "dead_letter")) == files
    verdict = _verdict_text(tmp_path / output / "_REPORT.html")
    command = re.search(r"(cable-ingest show .*?)$", verdict)[1]
    pasted = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, env=dict(os.environ, PATH=os.pathsep.join([
                                os.path.dirname(cable_ingest_command()[0]), os.environ["PATH"]])))
    assert pasted.returncode == 0, (command, pasted.stderr)
    letters = [json.loads(line) for line in pasted.stdout.splitlines()]
    with open(tmp_path / output / "_SUMMARY.json", encoding="utf-8") as stream:
        assert len(letters) == json.load(stream)["dead_letters"] >= files


def test_the_report_shows_the_run_options_and_times_as_a_person_writes_them(tmp_path):
    """The options block read `--input ['drop/*']`, `--incremental False`,
    `--max_input_bytes 10485760`, and the run started at `2026-12-06T02:34:05.592434+00:00`."""
    from tests.doors import cable_ingest_in_process

    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(os.path.join(SAMPLES, "06ALMATY2404.txt"), drop)
    done = cable_ingest_in_process("run", "--input", "drop/*", "--output", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = _page(tmp_path / "out" / "_REPORT.html").text()
    assert "--input drop/* " in text and "['" not in text
    assert "--incremental false " in text and "False" not in text and "True" not in text
    assert "--max_input_bytes 10,485,760 " in text and "--lock_stale_hours 12 " in text
    assert re.search(r"started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC finished \d{4}-\d\d-\d\d "
                     r"\d\d:\d\d:\d\d UTC", text), text
    assert "+00:00" not in text
    # one cable, with warnings: not '1 of the 1 cable parsed carries'
    assert "The 1 cable parsed carries" in text and "1 of the 1 cable" not in text


def test_the_verdict_of_a_day_with_nothing_new_says_what_was_already_there(tmp_path):
    """A scheduled day with no new file read '0 inputs: 0 cables written, 0 dead letters'."""
    from tests.doors import cable_ingest_command

    drop = tmp_path / "drop"
    drop.mkdir()
    for name in ("06ALMATY2404.txt", "08MUNICH355.txt"):
        shutil.copy(os.path.join(SAMPLES, name), drop)
    command = cable_ingest_command() + ["run", "--incremental", "--input", "drop/*",
                                        "--output", "out"]
    for _ in range(2):
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    verdict = _verdict_text(tmp_path / "out" / "_REPORT.html")
    assert verdict == ("OK: nothing new since the earlier runs; no record file written. "
                       "2 input files already ingested by earlier runs, none new."), verdict
    # and no table of every field at 0.0%, which read as a day on which every field was lost
    page = _page(tmp_path / "out" / "_REPORT.html").text()
    assert "No cable was parsed in this run: nothing to measure." in page
    assert "Fill rate of every Cable field" not in page and "Measured on the 0" not in page, page


def test_the_report_heading_and_headline_name_the_run(sample_run):
    """Every day's page of a scheduled output was headed by the output's path alone: the run id
    was only in the collapsed options. It is in the heading (and the page's title) and first in
    the headline."""
    output, summary = sample_run
    with open(os.path.join(output, "_REPORT.html"), encoding="utf-8") as f:
        page = f.read()
    heading = f"cable-ingest run report: run {summary['run_id']}, {output}"
    assert f"<h1>{heading}</h1>" in page and f"<title>{heading}</title>" in page
    assert re.search(r'<tr><td>run id</td><td class="num" data-key="run_id">'
                     + re.escape(summary["run_id"]) + "</td></tr>", page)


def test_report_of_a_summary_written_before_the_failure_ratio_reads_its_duplicates(sample_run, tmp_path):
    """`cable-ingest report` of an output whose summary was written before `duplicate_dead_letters`
    and `failure_ratio` were: the headline showed 0 duplicates and every dead letter's share as
    the failure ratio. Both are worked out from its counts; a failed verdict of then names the
    share compared then (every dead letter's)."""
    output = tmp_path / "out"
    shutil.copytree(sample_run[0], output)
    summary_path = output / "_SUMMARY.json"
    old = json.loads(summary_path.read_text())
    for field in ("duplicate_dead_letters", "failure_ratio", "other_versions_kept"):
        old.pop(field, None)
    duplicates = sum(row["count"] for row in old["dead_letters_by_type"]
                     if row["error_type"] == "duplicate")
    assert duplicates > 0  # samples/ holds copies of two cables
    summary_path.write_text(json.dumps(old))
    assert main(["report", str(output)]) == 0
    page = (output / "_REPORT.html").read_text()
    failed = (old["dead_letters"] - duplicates) / old["inputs"]
    assert f'data-key="duplicate_dead_letters">{duplicates}</td>' in page
    assert f'data-key="failure_ratio">{failed:.1%}</td>' in page
    summary_path.write_text(json.dumps({**old, "status": "failed: dead-letter ratio exceeded",
                                        "max_dead_letter_ratio": 0.2}))
    assert main(["report", str(output)]) == 0
    page = (output / "_REPORT.html").read_text()
    assert f"dead-letter ratio {old['dead_letter_ratio']:.1%} exceeds --max_dead_letter_ratio 20.0%" in page


def test_the_report_of_a_summary_written_before_the_named_fields_is_drawn_without_them(tmp_path):
    """`cable-ingest report` of an incremental run's summary written before the summary named
    the files read as new and the earlier runs' files missing from the output (no
    `new_input_files`, `missing`, `changed`...): the page is drawn, its verdict OK, no list of
    names and no warning."""
    from doors import cable_ingest_in_process

    folder, output = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(os.path.join(SAMPLES, "06ALMATY2404.txt"), folder)
    assert main(["run", "--incremental", "--input", str(folder / "*"),
                 "--output", str(output)]) == 0
    summary = json.loads((output / "_SUMMARY.json").read_text())
    assert summary["new_input_files"] == [str(folder / "06ALMATY2404.txt")]
    old = {key: value for key, value in summary.items()
           if key not in ("new_input_files", "file_bytes", "missing", "missing_files", "changed",
                          "changed_files")}
    (output / "_SUMMARY.json").write_text(json.dumps(old))
    done = cable_ingest_in_process("report", str(output))
    assert done.returncode == 0, done.stderr
    page = (output / "_REPORT.html").read_text()
    assert "<strong>OK</strong>: every input accounted for." in page
    assert 'id="new-input-files"' not in page and 'id="damaged-output"' not in page
    assert 'data-key="new_inputs">1</td>' in page


def test_a_run_not_accounted_for_and_over_its_ratio_is_failed_for_both():
    """Inputs not accounted for are the first verdict a summary's status names: the dead-letter
    ratio the same run exceeded went unsaid in its FAILED line and its report (the reasons read
    the ratio's failure from the status alone)."""
    from transforms.report import failure_reasons
    from transforms.run_summary import build_summary

    summary = build_summary(10, 1, [(("PARSE", "not_a_cable"), 8)], [],
                            max_dead_letter_ratio=0.1).to_json()
    assert summary["status"] == "failed: inputs not accounted for"
    assert failure_reasons(summary) == [
        "inputs not accounted for: 10 inputs, but 1 cables + 8 dead letters",
        "dead-letter ratio 80.0% exceeds --max_dead_letter_ratio 10.0%"]
