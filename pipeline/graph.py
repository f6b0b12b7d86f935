"""Graph assembly and `run(argv)`: the batch pipeline from file globs to Avro outputs."""
import functools
import time
import uuid
from datetime import datetime, timezone

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import StandardOptions

from pipeline import streaming
from pipeline import summary as run_summary
from pipeline.launch import Submission, runs_locally, submission
from pipeline.options import DEFAULT_BATCH_RUNNER, CableIngestOptions, own_options
from transforms.version import __version__
from transforms.ingest import Limits
from transforms.parse import ParseCables
from transforms.publish import STAGING_PREFIX, PublishRun
from transforms.quality import QualitySettings, QualityStats
from transforms.dedupe import FindDuplicates
from transforms.read import ReadCableInputs, ReadDeadLetters, find_raw_inputs
from transforms.write import CABLES_DIR, DEAD_LETTER_DIR, WriteAvroRecords


def build_batch(pipeline: beam.Pipeline, options: CableIngestOptions, replay: bool = False) -> None:
    """Read -> parse and validate -> write into staging -> publish files and summary.

    With `replay`, the inputs are the dead letters of earlier runs (--input globs of their Avro
    files), each tried once more with `attempt` one higher.
    """
    started_at = datetime.now(timezone.utc).isoformat()
    staging = FileSystems.join(options.output, f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}")
    if replay:
        read = pipeline | "ReadInputs" >> ReadDeadLetters(options.input)
    else:
        read = pipeline | "ReadInputs" >> ReadCableInputs(
            options.input, options.input_format, options.max_input_bytes, options.csv_range_bytes)
    # One PCollection of every input, one of every dead letter: no Flatten anywhere on the data
    # path, which the local runner would materialise whole.
    parsed = read | "ParseCables" >> ParseCables(Limits(options.max_line_chars))
    dead_letters = parsed["dead_letters"]
    staged_files = write_outputs(staging, options, parsed["cables"], dead_letters)
    if replay:  # a replayed payload may differ from its source: copies are not read again
        decisions = pipeline | "NoDuplicateChecks" >> beam.Create([])
    else:
        decisions = parsed["cables"] | "FindDuplicates" >> FindDuplicates()
    raw_inputs_of = functools.partial(find_raw_inputs, format_choice=options.input_format,
                                      max_input_bytes=options.max_input_bytes)
    quality = parsed | "QualityStats" >> QualityStats()
    {"staged_files": staged_files, "inputs": read, "cables": parsed["cables"],
     "dead_letters": dead_letters, "decisions": decisions, "quality": quality} | "PublishRun" >> \
        PublishRun(options.output, staging, started_at, options.max_dead_letter_ratio,
                   __version__, options.codec, raw_inputs_of, quality_settings(options))


def quality_settings(options: CableIngestOptions) -> QualitySettings:
    """The drift baseline and threshold, and the run's runner and options for the report."""
    runner = options.view_as(StandardOptions).runner
    # An incremental output compares each run with the one before it, unless told otherwise.
    previous_run = options.output if getattr(options, "incremental", False) else None
    return QualitySettings(
        baseline=options.baseline or previous_run,
        baseline_optional=not options.baseline and bool(previous_run),
        max_fill_rate_drop=options.max_fill_rate_drop,
        run={"runner": getattr(runner, "__name__", None) or str(runner),
             "options": {name: value for name, value in own_options(options).items()
                         if value is not None}})


def write_outputs(root: str, options, cables, dead_letters):
    """Write ROOT/cables/*.avro and ROOT/dead_letter/*.avro; the PCollection of written paths."""
    cable_files = cables | "WriteCables" >> WriteAvroRecords(
        FileSystems.join(root, CABLES_DIR, "cables"), "cable", options.codec, options.num_shards)
    dead_letter_files = dead_letters | "WriteDeadLetters" >> WriteAvroRecords(
        FileSystems.join(root, DEAD_LETTER_DIR, "dead_letters"), "dead_letter", options.codec,
        options.num_shards)
    return (cable_files, dead_letter_files) | "CollectFiles" >> beam.Flatten()


def make_options(argv) -> CableIngestOptions:
    options = CableIngestOptions(argv)
    standard = options.view_as(StandardOptions)
    if standard.runner is None:
        standard.runner = DEFAULT_BATCH_RUNNER
    # A remote job (or a template, or a dry run) is handed over, not waited for: the launcher
    # returns at submission and the job writes its summary when it finishes.
    standard.no_wait_until_finish = not runs_locally(options)
    return options


def run(argv=None, replay: bool = False) -> run_summary.RunSummary | Submission:
    """Run the pipeline with Beam-style arguments.

    Batch unless --streaming is given (then `pipeline.streaming` builds and runs the graph);
    `replay` re-ingests the dead letters named by --input. A local run is waited for and returns
    its summary; a remote run (DataflowRunner, a --template_location, a --dry_run) returns its
    `Submission` as soon as the runner has it: the job writes OUTPUT/_SUMMARY.json when done.
    """
    options = make_options(argv)
    if options.view_as(StandardOptions).streaming:
        return streaming.run_streaming(options)
    started = time.monotonic()
    with beam.Pipeline(options=options) as pipeline:  # waits unless make_options said not to
        build_batch(pipeline, options, replay)
    if not runs_locally(options):
        return submission(pipeline.result, options)
    return run_summary.read_summary(options.output, time.monotonic() - started)
