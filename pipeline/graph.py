"""Graph assembly and `run(argv)`: the batch pipeline from file globs to Avro outputs."""
import logging
import time

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import StandardOptions

from pipeline import summary as run_summary
from pipeline.options import CableIngestOptions
from pipeline.version import __version__
from transforms.ingest import Limits
from transforms.parse import ParseCables
from transforms.read import ReadCableInputs
from transforms.write import WriteAvroRecords

# Beam 2.68+'s DirectRunner first tries Prism, a binary it downloads; the FnApiRunner runs the
# same batch graph in-process (or on --direct_num_workers processes) with nothing to download.
DEFAULT_BATCH_RUNNER = "FnApiRunner"

CABLES_DIR, DEAD_LETTER_DIR = "cables", "dead_letter"


def build_batch(pipeline: beam.Pipeline, options: CableIngestOptions) -> None:
    """Read -> parse and validate -> write cables and dead letters."""
    read = pipeline | "ReadInputs" >> ReadCableInputs(
        options.input, options.input_format, options.max_input_bytes)
    parsed = read["inputs"] | "ParseCables" >> ParseCables(Limits(options.max_line_chars))
    dead_letters = ((read["dead_letters"], parsed["dead_letters"])
                    | "CollectDeadLetters" >> beam.Flatten())
    write_outputs(options, parsed["cables"], dead_letters)


def write_outputs(options, cables, dead_letters) -> None:
    output = options.output
    cables | "WriteCables" >> WriteAvroRecords(
        FileSystems.join(output, CABLES_DIR, "cables"), "cable", options.codec, options.num_shards)
    dead_letters | "WriteDeadLetters" >> WriteAvroRecords(
        FileSystems.join(output, DEAD_LETTER_DIR, "dead_letters"), "dead_letter", options.codec,
        options.num_shards)


def make_options(argv) -> CableIngestOptions:
    options = CableIngestOptions(argv)
    standard = options.view_as(StandardOptions)
    if standard.runner is None:
        standard.runner = DEFAULT_BATCH_RUNNER
    return options


def run(argv=None) -> run_summary.RunSummary:
    """Run the pipeline with Beam-style arguments; returns the run summary.

    Batch unless --streaming is given (then `pipeline.streaming` builds and runs the graph).

    Tests and the CLI call this; it blocks until the run is finished.
    """
    options = make_options(argv)
    if options.view_as(StandardOptions).streaming:
        from pipeline import streaming

        return streaming.run_streaming(options)
    started = time.monotonic()
    with beam.Pipeline(options=options) as pipeline:
        build_batch(pipeline, options)
    counters = run_summary.counters_of(pipeline.result)
    summary = run_summary.summarize(counters, time.monotonic() - started,
                                    run_summary.output_files(options.output), __version__)
    run_summary.write_summary(options.output, summary)
    logging.getLogger(__name__).info("run finished: %s", summary.to_json())
    return summary
