"""The batch pipeline on the DirectRunner: both outputs, accounting, dead letters kept whole."""
import glob
import json
import os
import shutil
import subprocess
import sys

import apache_beam as beam
import pytest
from apache_beam.testing import test_pipeline
from apache_beam.testing.util import assert_that, equal_to

from conftest import DATA, REPO, SAMPLES, read_outputs
from pipeline import graph
from transforms import output_lock
from transforms.parse import ParseCables
from transforms.records import TEXT, RawInput

INVALID = os.path.join(DATA, "invalid")
SEED = os.path.join(SAMPLES, "06ALMATY2404.txt")


def invalid_cases():
    """(input file, expected {stage, error_type}) for each file of tests/data/invalid/."""
    for expected in sorted(glob.glob(os.path.join(INVALID, "*.expected.json"))):
        stem = expected[: -len(".expected.json")]
        (path,) = [p for p in glob.glob(stem + ".*") if not p.endswith(".expected.json")]
        with open(expected) as f:
            yield path, json.load(f)


INVALID_CASES = list(invalid_cases())


def raw(path):
    with open(path, "rb") as f:
        return RawInput(path, TEXT, f.read())


def test_parse_cables_sends_each_input_to_exactly_one_output():
    inputs = [raw(SEED)] + [raw(path) for path, _ in INVALID_CASES]
    with test_pipeline.TestPipeline(runner="FnApiRunner") as p:
        out = p | beam.Create(inputs) | ParseCables()
        assert_that(out["cables"] | "CableIds" >> beam.Map(lambda r: r["reference_id"]),
                    equal_to(["06ALMATY2404"]), label="OneCableFromTheSeed")
        assert_that(out["dead_letters"] | "DeadLetterCodes" >> beam.Map(
                        lambda d: (os.path.basename(d["source"]["uri"]), d["stage"], d["error_type"])),
                    equal_to([(os.path.basename(path), want["stage"], want["error_type"])
                              for path, want in INVALID_CASES]),
                    label="OneDeadLetterPerBadInput")


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    """One end-to-end run over the samples and every invalid fixture."""
    folder = tmp_path_factory.mktemp("inputs")
    for path in glob.glob(os.path.join(SAMPLES, "*")) + [p for p, _ in INVALID_CASES]:
        shutil.copy(path, folder)
    output = str(tmp_path_factory.mktemp("run") / "out")
    summary = graph.run(["--input", str(folder / "*"), "--output", output])
    cables, dead_letters = read_outputs(output)
    return folder, output, summary, cables, dead_letters


def test_every_input_is_accounted_for_exactly_once(mixed_run):
    folder, output, summary, cables, dead_letters = mixed_run
    uris = [(r["source"]["uri"], r["source"]["row"]) for r in cables + dead_letters]
    assert len(uris) == len(set(uris)), "an input gave more than one output"
    files = [p for p in glob.glob(str(folder / "*")) if not p.endswith(".csv")]
    csv_rows = sum(1 for r in cables + dead_letters if r["source"]["format"] == "CSV")
    assert summary.inputs == len(files) + csv_rows == len(cables) + len(dead_letters)
    assert (summary.cables, summary.dead_letters) == (len(cables), len(dead_letters))
    assert summary.accounted


@pytest.mark.parametrize("path, expected", INVALID_CASES, ids=[os.path.basename(p) for p, _ in INVALID_CASES])
def test_bad_input_gives_one_dead_letter_with_its_payload_whole(mixed_run, path, expected):
    folder, _, _, cables, dead_letters = mixed_run
    name = os.path.basename(path)
    mine = [d for d in dead_letters if os.path.basename(d["source"]["uri"]) == name]
    assert [c for c in cables if os.path.basename(c["source"]["uri"]) == name] == []
    assert len(mine) == 1
    (dead,) = mine
    assert (dead["stage"], dead["error_type"]) == (expected["stage"], expected["error_type"])
    with open(path, "rb") as f:
        assert dead["payload"] == f.read()
    assert dead["attempt"] == 1 and dead["error_message"]


def test_seed_record_read_back_from_avro(mixed_run):
    _, _, _, cables, _ = mixed_run
    (seed,) = [c for c in cables if c["source"]["uri"].endswith("06ALMATY2404.txt")]
    assert seed["reference_id"] == "06ALMATY2404"
    assert seed["created"].isoformat() == "2006-07-07T06:53:00+00:00"
    assert seed["source"]["format"] == "TEXT" and seed["source"]["size"] == os.path.getsize(SEED)
    assert seed["ingested_at"].tzinfo is not None and seed["pipeline_version"]


def test_summary_file_matches_the_run(mixed_run):
    _, output, summary, _, _ = mixed_run
    with open(os.path.join(output, "_SUMMARY.json")) as f:
        written = json.load(f)
    assert written["inputs"] == summary.inputs and written["accounted"] is True
    assert sorted(written["files"]) == sorted(glob.glob(os.path.join(output, "*", "*.avro")))
    by_type = {(row["stage"], row["error_type"]): row["count"] for row in written["dead_letters_by_type"]}
    assert sum(by_type.values()) == written["dead_letters"]


def test_two_worker_processes_give_the_same_records(mixed_run, tmp_path):
    folder, _, summary, cables, dead_letters = mixed_run
    output = str(tmp_path / "mp")
    again = graph.run(["--input", str(folder / "*"), "--output", output,
                       "--direct_num_workers=2", "--direct_running_mode=multi_processing"])
    cables2, dead2 = read_outputs(output)
    assert again.inputs == summary.inputs and again.accounted
    key = lambda r: (r["source"]["uri"], r["source"]["row"] or 0)
    strip = lambda r: {k: v for k, v in r.items() if k not in ("ingested_at", "failed_at")}
    assert sorted(map(strip, cables2), key=key) == sorted(map(strip, cables), key=key)
    assert sorted(map(strip, dead2), key=key) == sorted(map(strip, dead_letters), key=key)


@pytest.mark.parametrize("module", ["pipeline.graph", "pipeline.worker"])
def test_beam_loads_with_the_collector_paused_then_frozen_and_collecting_again(module):
    """pipeline.beam_import: what Beam's import made is out of the collector's sight (so no full
    collection scans it again), and the collector runs again afterwards: in the launcher
    (`pipeline.graph`) and in each local worker process (`pipeline.worker`)."""
    code = f"import gc, {module}; print(gc.isenabled(), gc.get_freeze_count())"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          check=True)
    enabled, frozen = done.stdout.split()
    assert enabled == "True" and int(frozen) > 100_000


def _step_names(argv, tmp_path) -> set[str]:
    """The full names of the batch graph's steps for these options (built, not run)."""
    options = graph.make_options(["--input", SEED, "--output", str(tmp_path / "out"),
                                  "--run_id", "graph-only", *argv])
    pipeline = beam.Pipeline(options=options)
    try:
        graph.build_batch(pipeline, options)
    finally:
        output_lock.release(options.output, "graph-only")
    names = set()

    class Names(beam.pipeline.PipelineVisitor):
        def enter_composite_transform(self, node):
            names.add(node.full_label)

        def visit_transform(self, node):
            names.add(node.full_label)

    pipeline.visit(Names())
    return names


@pytest.mark.parametrize("argv, spread", [
    ([], False),
    (["--direct_num_workers=2", "--direct_running_mode=multi_processing"], True),
    (["--direct_num_workers=2", "--direct_running_mode=multi_threading"], True),
    (["--runner=DirectRunner"], True)], ids=["in-process", "2-processes", "2-threads", "direct"])
def test_only_a_run_with_one_worker_leaves_out_the_redistributions(tmp_path, argv, spread):
    """Spreading the read tasks and the staged cable files over workers is a Reshuffle each, which the
    local runner pays for even with no other worker; with other workers they must be there."""
    names = _step_names(argv, tmp_path)
    assert "ReadInputs/ExpandInputs" in names and "Deduplicate/SettleCables" in names
    assert ("ReadInputs/Redistribute" in names) is spread
    assert ("Deduplicate/SpreadStagedFiles" in names) is spread


def test_the_files_are_matched_in_two_steps(tmp_path):
    """An Impulse and the match (the patterns travel with it): a Create of the patterns was four
    steps before the match, each planned and run."""
    names = _step_names([], tmp_path)
    assert {name for name in names if name.startswith("MatchInputs/")} == {
        "MatchInputs/Once", "MatchInputs/MatchFiles"}


def test_each_input_goes_through_the_read_parse_stage_and_decide_steps_alone(tmp_path):
    """Every step an element passes costs the runner ~5 us: the inputs, the cables and their
    fingerprints go on to the next stage's step only; the parse counts its inputs and dead
    letters and measures their quality itself, the decisions count the cables kept (per bundle),
    so no step counts or measures them one by one (four did, for every cable)."""
    options = graph.make_options(["--input", SEED, "--output", str(tmp_path / "out"),
                                  "--run_id", "graph-only"])
    pipeline = beam.Pipeline(options=options)
    try:
        graph.build_batch(pipeline, options)
    finally:
        output_lock.release(options.output, "graph-only")
    consumers = {}

    class Consumers(beam.pipeline.PipelineVisitor):
        def visit_transform(self, node):
            for pcollection in node.inputs:
                if pcollection.producer is not None:
                    consumers.setdefault((pcollection.producer.full_label, pcollection.tag),
                                         set()).add(node.full_label)

    pipeline.visit(Consumers())
    ingest = "ParseCables/Ingest/ParDo(IngestCableFn)"
    stage = "Deduplicate/StageCables/ParDo(StageCablesFn)"
    assert consumers[("ReadInputs/ExpandInputs", None)] == {ingest}
    assert consumers[(ingest, None)] == {stage}
    assert consumers[(stage, None)] == {"Deduplicate/GroupById"}
    decide = "Deduplicate/Decide/ParDo(DecideFn)"
    assert consumers[("Deduplicate/GroupById", None)] == {decide}
    assert consumers[(decide, "tallies")] == {"PublishRun/AllCounted"}
    assert consumers[(ingest, "tallies")] == {"PublishRun/AllCounted"}
    assert consumers[(ingest, "quality")] == {"QualityStats/AllParts"}


@pytest.mark.parametrize("workers", [[], ["--direct_num_workers=2",
                                         "--direct_running_mode=multi_processing"]],
                         ids=["in-process", "2-workers"])
def test_a_csv_dump_read_in_ranges_gives_each_row_once(tmp_path, workers):
    output = str(tmp_path / "ranges")
    summary = graph.run(["--input", os.path.join(SAMPLES, "cables-5-rows.csv"), "--output", output,
                         "--csv_range_bytes=3000", *workers])
    cables, dead_letters = read_outputs(output)
    # Two of the rows repeat sample text files, not each other: all five are cables here.
    assert dead_letters == [] and summary.inputs == 5 and summary.accounted
    assert sorted(c["source"]["row"] for c in cables) == [1, 2, 3, 4, 5]
