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

    def view_as(self, cls):
        """Beam's view of these options as `cls`, made once per class: Beam makes a new one on
        every call (an argparse parser built and the flags parsed again, ~0.3 ms), and asks
        ~200 times a run. Views hold no values of their own (each reads and writes this
        object's `_all_options`), so one view per class sees and sets what a new one would; a
        view is made again if the flags or the values dict were replaced."""
        views = self.__dict__.setdefault("_views", {})  # not through __setattr__: not an option
        view = views.get(cls)
        if (view is None or view._all_options is not self._all_options
                or view._flags is not self._flags):
            view = views[cls] = super().view_as(cls)
        return view

    def __getstate__(self):
        """Pickled and deep-copied without the views (Beam's pipeline copies its options): a copy
        makes its own, over its own copy of the values."""
        state = dict(super().__getstate__())
        state.pop("_views", None)
        return state


def own_options(options: PipelineOptions) -> dict:
    """cable-ingest's own options and their values (Beam's are left out: they may name accounts)."""
    parser = argparse.ArgumentParser(add_help=False)
    CableIngestOptions._add_argparse_args(parser)
    values = options.get_all_options()
    return {action.option_strings[0].lstrip("-"): values.get(action.dest)
            for action in parser._actions}
