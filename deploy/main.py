"""Entry point of the Flex Template: `cable-ingest run` with the template's parameters.

The launcher calls `python main.py --input=... --output=...` with every parameter as a flag.
A template parameter cannot be a bare flag like --streaming, so the template's rule is: given
--input_subscription, the job is a streaming job reading that subscription; otherwise a batch job
reading --input, which takes the output's lock as it is launched (--lock_at_launch): a manual
run or replay into the output is refused while the job runs, as it is beside a local run.
"""
import sys

from pipeline import cli

STREAMING_FLAG, SUBSCRIPTION, LOCK = "--streaming", "input_subscription", "lock_at_launch"


def run_arguments(parameters: list[str]) -> list[str]:
    """`cable-ingest` arguments for the template's parameters (flags of the form --name=value)."""
    values = dict(p[2:].split("=", 1) for p in parameters if p.startswith("--") and "=" in p)
    streaming = bool(values.get(SUBSCRIPTION)) or STREAMING_FLAG in parameters
    added = [STREAMING_FLAG] if streaming and STREAMING_FLAG not in parameters else []
    if not streaming and LOCK not in values:
        added.append(f"--{LOCK}=true")
    return ["run", *parameters, *added]


if __name__ == "__main__":
    sys.exit(cli.main(run_arguments(sys.argv[1:])))
