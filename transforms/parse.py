"""Beam DoFns and the composite transform that turn raw inputs into cables and dead letters.

Each DoFn wraps one plain-Python step of `transforms.ingest` and sends a failing element, with
its raw input, to the DEAD_LETTER output instead of raising.
"""
import apache_beam as beam
from apache_beam import pvalue

from transforms import ingest, metrics
from transforms.records import Failure, dead_letter, utc_now

DEAD_LETTER = "dead_letter"


class _FailsafeFn(beam.DoFn):
    """Runs `step(element)`; a Failure or any other error becomes one dead letter."""

    stage = None  # set by subclasses

    def step(self, element):
        raise NotImplementedError

    def process(self, element):
        try:
            result = self.step(element)
        except Failure as failure:
            yield self._dead_letter(element.raw if hasattr(element, "raw") else element, failure)
            return
        except Exception as error:  # a bug costs one dead letter, never the run
            yield self._dead_letter(element.raw if hasattr(element, "raw") else element,
                                    ingest.internal_error(self.stage, error))
            return
        yield result

    @staticmethod
    def _dead_letter(raw, failure):
        metrics.count_dead_letter(failure.stage, failure.error_type)
        return pvalue.TaggedOutput(DEAD_LETTER, dead_letter(raw, failure, utc_now()))


class DecodeCableFn(_FailsafeFn):
    """RawInput -> Decoded text (UTF-8, or a declared fallback with a warning)."""

    stage = "DECODE"

    def step(self, raw):
        return ingest.decode(raw)


class ParseCableFn(_FailsafeFn):
    """Decoded -> Parsed record fields (format extraction, then the cable parser)."""

    stage = "PARSE"

    def __init__(self, limits: ingest.Limits = ingest.Limits()):
        self.limits = limits

    def step(self, decoded):
        return ingest.parse(decoded, self.limits)


class ValidateCableFn(_FailsafeFn):
    """Parsed -> the complete, checked Cable record."""

    stage = "VALIDATE"

    def step(self, parsed):
        record = ingest.validate(parsed, utc_now())
        metrics.count_cable()
        return record


class ParseCables(beam.PTransform):
    """RawInputs -> {'cables': Cable records, 'dead_letters': DeadLetter records}."""

    def __init__(self, limits: ingest.Limits = ingest.Limits()):
        super().__init__()
        self.limits = limits

    def expand(self, raw_inputs):
        decoded = raw_inputs | "Decode" >> beam.ParDo(DecodeCableFn()).with_outputs(
            DEAD_LETTER, main="decoded")
        parsed = decoded.decoded | "Parse" >> beam.ParDo(ParseCableFn(self.limits)).with_outputs(
            DEAD_LETTER, main="parsed")
        validated = parsed.parsed | "Validate" >> beam.ParDo(ValidateCableFn()).with_outputs(
            DEAD_LETTER, main="cables")
        dead_letters = ((decoded[DEAD_LETTER], parsed[DEAD_LETTER], validated[DEAD_LETTER])
                        | "FlattenDeadLetters" >> beam.Flatten())
        return {"cables": validated.cables, "dead_letters": dead_letters}
