"""CableIngestOptions' views: made once per class, with Beam's meaning (one dict of values)."""
import copy
import pickle

from apache_beam.options.pipeline_options import (DebugOptions, PipelineOptions, StandardOptions,
                                                  TypeOptions)

from pipeline.options import CableIngestOptions

FLAGS = ["--input", "in/*", "--output", "out", "--runner", "DirectRunner",
         "--experiments", "a"]


def _use_views(options):
    """The same sets and reads through views, made before and after each set."""
    standard = options.view_as(StandardOptions)
    debug = options.view_as(DebugOptions)
    standard.runner = "FnApiRunner"
    options.view_as(DebugOptions).experiments.append("b")
    options.view_as(TypeOptions).pipeline_type_check = False
    return (options.view_as(StandardOptions).runner, debug.experiments,
            options.view_as(TypeOptions).pipeline_type_check, standard.streaming)


def test_views_are_made_once_per_class():
    options = CableIngestOptions(FLAGS)
    assert options.view_as(TypeOptions) is options.view_as(TypeOptions)
    assert options.view_as(TypeOptions) is not options.view_as(StandardOptions)


def test_a_value_set_through_one_view_is_seen_by_the_others_as_with_beams_views():
    ours, beams = CableIngestOptions(FLAGS), PipelineOptions(FLAGS)
    assert _use_views(ours) == _use_views(beams) == ("FnApiRunner", ["a", "b"], False, False)
    assert ours.get_all_options() == beams.get_all_options()
    ours.run_id = "r1"  # set on the options themselves: a view of our own class reads it
    assert ours.view_as(CableIngestOptions).run_id == "r1"
    ours.view_as(CableIngestOptions).output = "elsewhere"
    assert ours.output == "elsewhere"


def test_a_copy_has_its_own_values_and_views():
    """Beam's pipeline deep-copies its options; Dataflow pickles them."""
    options = CableIngestOptions(FLAGS)
    options.view_as(StandardOptions).runner = "FnApiRunner"
    for other in (copy.deepcopy(options), pickle.loads(pickle.dumps(options))):
        assert other.view_as(StandardOptions) is not options.view_as(StandardOptions)
        assert other.view_as(StandardOptions).runner == "FnApiRunner"
        other.view_as(StandardOptions).runner = "DataflowRunner"
        assert other.view_as(StandardOptions).runner == other.get_all_options()["runner"]
        assert options.view_as(StandardOptions).runner == "FnApiRunner"
        assert "_views" not in other.__getstate__()


def test_replaced_values_get_new_views():
    options = CableIngestOptions(FLAGS)
    before = options.view_as(StandardOptions)
    options._all_options = dict(options._all_options, runner="DataflowRunner")
    assert options.view_as(StandardOptions) is not before
    assert options.view_as(StandardOptions).runner == "DataflowRunner"
