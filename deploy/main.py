"""Entry point of the Flex Template: `cable-ingest run` with the template's parameters.

The launcher calls `python main.py --input=... --output=...` with every parameter as a flag.
A template parameter cannot be a bare flag like --streaming, so the template's rule is: given
--input_subscription, the job is a streaming job reading that subscription; otherwise a batch job
reading --input.
"""
import sys

from pipeline import cli

STREAMING_FLAG, SUBSCRIPTION = "--streaming", "input_subscription"


def run_arguments(parameters: list[str]) -> list[str]:
    """`cable-ingest` arguments for the template's parameters (flags of the form --name=value)."""
    values = dict(p[2:].split("=", 1) for p in parameters if p.startswith("--") and "=" in p)
    streaming = bool(values.get(SUBSCRIPTION)) and STREAMING_FLAG not in parameters
    return ["run", *parameters, *([STREAMING_FLAG] if streaming else [])]


if __name__ == "__main__":
    sys.exit(cli.main(run_arguments(sys.argv[1:])))
