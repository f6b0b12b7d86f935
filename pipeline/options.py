"""Pipeline options: cable-ingest's own, on top of every Beam option (runner, workers, Dataflow)."""
import argparse

import pipeline.beam_import  # noqa: F401  (first: Beam loads without garbage collection)
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline.arguments import add_run_arguments

# Beam 2.68+'s DirectRunner first tries Prism, a binary it downloads; the FnApiRunner runs the
# same batch graph in-process (or on --direct_num_workers processes) with nothing to download.
DEFAULT_BATCH_RUNNER = "FnApiRunner"


class CableIngestOptions(PipelineOptions):
    """Options of `cable-ingest run` (declared in pipeline.arguments); any other Beam option
    passes through unchanged."""

    @classmethod
    def _add_argparse_args(cls, parser):
        add_run_arguments(parser)


def own_options(options: PipelineOptions) -> dict:
    """cable-ingest's own options and their values (Beam's are left out: they may name accounts)."""
    parser = argparse.ArgumentParser(add_help=False)
    CableIngestOptions._add_argparse_args(parser)
    values = options.get_all_options()
    return {action.option_strings[0].lstrip("-"): values.get(action.dest)
            for action in parser._actions}
