"""Names of the Beam metrics every run reports, shared by the DoFns and the run summary."""
from apache_beam.metrics import Metrics

NAMESPACE = "cable_ingest"
INPUTS = "inputs"
CABLES = "cables"
DEAD_LETTERS = "dead_letters"
# One counter per (stage, error_type): dead_letter.<STAGE>.<error_type>
DEAD_LETTER_PREFIX = "dead_letter."


def count_input() -> None:
    Metrics.counter(NAMESPACE, INPUTS).inc()


def count_cable() -> None:
    Metrics.counter(NAMESPACE, CABLES).inc()


def count_dead_letter(stage: str, error_type: str) -> None:
    Metrics.counter(NAMESPACE, DEAD_LETTERS).inc()
    Metrics.counter(NAMESPACE, f"{DEAD_LETTER_PREFIX}{stage}.{error_type}").inc()
