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

With `measure` (the batch pipeline), the step also measures what goes through it, bundle by
bundle: the inputs it takes and the dead letters it sends (the summary's tallies,
`transforms.tallies.tally`) and the quality figures of its cables and dead letters (a partial
accumulator of `transforms.quality.QualityStatsFn`). Measured here, where every input and
record already is, no input or record goes through another step to be counted: each step an
element passes costs the runner ~5 us, as much as measuring it.
"""
import time
from typing import Any

import apache_beam as beam
from apache_beam import pvalue
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

from transforms import ingest, metrics
from transforms.quality import QualityStatsFn
from transforms.records import DEAD_LETTER, Outcome, utc_now
from transforms.tallies import DEAD_LETTERS_OF_PARSE, INPUTS, tally

# The outputs of a measuring IngestCableFn, one element each per bundle.
QUALITY, TALLIES = "quality", "tallies"


# Declared: Beam would infer it from the DoFn's bytecode at every construction (~11 ms).
@beam.typehints.with_output_types(Any)
class IngestCableFn(beam.DoFn):
    """RawInput -> Cable record, or a DeadLetter (tagged DEAD_LETTER) naming the failed stage.

    An Outcome (the dead letter of an input that failed while being read, already counted)
    passes through to the dead letters, so every input of the run leaves through this one step.
    With `measure`, each bundle ends with its QUALITY partial and its TALLIES (`inputs`, and
    `dead_letters_of_parse` with their types).
    """

    def __init__(self, limits: ingest.Limits = ingest.Limits(), keep_raw: bool = False,
                 measure: bool = False):
        self.limits = limits
        self.keep_raw = keep_raw
        self.measure = measure

    def start_bundle(self):
        self._stats = self._quality = None
        self._inputs = self._dead_letters = 0
        self._types = {}

    def process(self, element):
        if self.measure:
            yield from self._measured(self._ingested(element))
        else:
            yield from self._ingested(element)

    def _ingested(self, element):
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

    def _measured(self, outputs):
        """`outputs` (of one input), measured as they leave."""
        if self._quality is None:
            self._stats = QualityStatsFn()
            self._quality = self._stats.create_accumulator()
        self._inputs += 1
        for output in outputs:
            if isinstance(output, pvalue.TaggedOutput):
                dead = output.value
                self._stats.add_input(self._quality, dead)
                self._dead_letters += 1
                key = (dead["stage"], dead["error_type"])
                self._types[key] = self._types.get(key, 0) + 1
            else:
                self._stats.add_input(self._quality, output[0] if self.keep_raw else output)
            yield output

    def finish_bundle(self):
        if not self.measure or not self._inputs:
            return
        yield pvalue.TaggedOutput(QUALITY, WindowedValue(self._quality, MIN_TIMESTAMP,
                                                         [GlobalWindow()]))
        yield pvalue.TaggedOutput(TALLIES, tally(INPUTS, self._inputs))
        if self._dead_letters:
            yield pvalue.TaggedOutput(TALLIES, tally(DEAD_LETTERS_OF_PARSE, self._dead_letters,
                                                     self._types))
        self._quality = None


class ParseCables(beam.PTransform):
    """RawInputs (and the Outcomes of failed reads) -> {'cables': Cable records,
    'dead_letters': DeadLetters}.

    With `keep_raw`, the cables are (record, RawInput) pairs. With `measure`, also 'quality':
    the partial quality figures of the cables and dead letters, and 'tallies': the counts of
    inputs and dead letters (both per bundle).
    """

    def __init__(self, limits: ingest.Limits = ingest.Limits(), keep_raw: bool = False,
                 measure: bool = False):
        super().__init__()
        self.limits = limits
        self.keep_raw = keep_raw
        self.measure = measure

    def expand(self, raw_inputs):
        ingest_fn = IngestCableFn(self.limits, self.keep_raw, self.measure)
        tags = (DEAD_LETTER, QUALITY, TALLIES) if self.measure else (DEAD_LETTER,)
        outputs = raw_inputs | "Ingest" >> beam.ParDo(ingest_fn).with_outputs(*tags, main="cables")
        parts = {"cables": outputs.cables, "dead_letters": outputs[DEAD_LETTER]}
        if self.measure:
            parts.update(quality=outputs[QUALITY], tallies=outputs[TALLIES])
        return parts
