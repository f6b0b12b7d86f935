"""The Beam DoFn and composite transform that turn raw inputs into cables and dead letters.

`IngestCableFn` runs the plain-Python steps of `transforms.ingest` (decode, parse, validate) on
each input and sends a failing one, with its raw input, to the DEAD_LETTER output instead of
raising. The three steps share one DoFn on purpose: the dead letters then leave through a single
output, with no Flatten to join them, and the local runner materialises a Flatten (it would hold
every dead letter's payload in memory at once); one DoFn also costs a third of the per-element
overhead of three.

With `keep_raw` (the batch pipeline), each cable leaves as a (record, RawInput) pair: the
de-duplication stage after this one needs the raw input to make a copy's dead letter, and counts
the cables it lets through.
"""
import time
from typing import Any

import apache_beam as beam
from apache_beam import pvalue

from transforms import ingest, metrics
from transforms.records import Outcome, utc_now

DEAD_LETTER = "dead_letter"


# Declared: Beam would infer it from the DoFn's bytecode at every construction (~11 ms).
@beam.typehints.with_output_types(Any)
class IngestCableFn(beam.DoFn):
    """RawInput -> Cable record, or a DeadLetter (tagged DEAD_LETTER) naming the failed stage.

    An Outcome (the dead letter of an input that failed while being read, already counted)
    passes through to the dead letters, so every input of the run leaves through this one step.
    """

    def __init__(self, limits: ingest.Limits = ingest.Limits(), keep_raw: bool = False):
        self.limits = limits
        self.keep_raw = keep_raw

    def process(self, element):
        if isinstance(element, Outcome):
            yield pvalue.TaggedOutput(DEAD_LETTER, element.record)
            return
        started = time.perf_counter()
        kind, record = ingest.ingest(element, utc_now(), self.limits)
        metrics.record_ingest(len(element.payload), time.perf_counter() - started)
        if kind != ingest.CABLE:
            metrics.count_dead_letter(record["stage"], record["error_type"])
            yield pvalue.TaggedOutput(DEAD_LETTER, record)
            return
        metrics.count_parsed()
        metrics.count_warnings(record["warnings"])
        if self.keep_raw:  # counted by the de-duplication
            yield record, element
        else:
            metrics.count_cable()
            yield record


class ParseCables(beam.PTransform):
    """RawInputs (and the Outcomes of failed reads) -> {'cables': Cable records,
    'dead_letters': DeadLetters}.

    With `keep_raw`, the cables are (record, RawInput) pairs.
    """

    def __init__(self, limits: ingest.Limits = ingest.Limits(), keep_raw: bool = False):
        super().__init__()
        self.limits = limits
        self.keep_raw = keep_raw

    def expand(self, raw_inputs):
        ingest_fn = IngestCableFn(self.limits, self.keep_raw)
        outputs = raw_inputs | "Ingest" >> beam.ParDo(ingest_fn).with_outputs(
            DEAD_LETTER, main="cables")
        return {"cables": outputs.cables, "dead_letters": outputs[DEAD_LETTER]}
