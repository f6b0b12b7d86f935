"""A local worker process of a run with worker processes (`--workers N`, Beam's
--direct_running_mode=multi_processing): Beam's SDK worker, stops left to the launcher.

Ctrl-C on a terminal reaches every process of the foreground group (and systemd's SIGTERM every
process of the service), the workers too: each printed its own KeyboardInterrupt traceback (or,
ended by SIGTERM, the launcher a traceback of each worker lost) under the launcher's one line.
A worker now leaves SIGINT to the launcher from its first instant (before Beam loads, ~1 s),
ends 5 s after a SIGTERM, and notes itself for the launcher, which ends its workers when
the run is stopped (`pipeline.workers`).

A day failed by its own verdict (--max_dead_letter_ratio, --max_fill_rate_drop: a
`RunVerdict` raised by the publish step once everything is written) is no crash: the launcher
says it in one FAILED line. The worker that raised it printed its step's trace three times above
that line (Beam's step log, the SDK harness's print to stderr and its log record, both relayed
by the launcher); it now answers the launcher with the same error and says nothing. Any other
error of a step keeps its traces.
"""
import logging
import os
import signal
import sys
import threading
import traceback


def _end_soon(signum, frame):
    """SIGTERM: end in 5 s (silently): the launcher, which got it too, ends its workers itself
    once it has stopped the run (and then says so)."""
    threading.Timer(5.0, os._exit, args=(128 + signum,)).start()


signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, _end_soon)

from pipeline import workers  # noqa: E402  (after the signals are set)

workers.register()

# Beam loads without the collector, as in the launcher
import pipeline.beam_import  # noqa: E402,F401
from apache_beam.portability.api import beam_fn_api_pb2  # noqa: E402
from apache_beam.runners.worker import sdk_worker, sdk_worker_main  # noqa: E402


def _verdicts_unsaid() -> None:
    """The run's verdict answered to the launcher as the error it is, without its traces."""
    logging.getLogger("apache_beam.runners.common").addFilter(workers.not_a_run_verdict)
    execute = sdk_worker.SdkHarness._execute  # prints and logs a failed instruction's trace

    def _execute(self, task, request):
        def task_or_verdict():
            try:
                return task()
            except Exception as error:  # noqa: BLE001  (anything else: Beam's own handling)
                if workers.run_verdict(error) is None:
                    raise
                return beam_fn_api_pb2.InstructionResponse(
                    instruction_id=request.instruction_id, error=traceback.format_exc())
        return execute(self, task_or_verdict, request)

    sdk_worker.SdkHarness._execute = _execute


_verdicts_unsaid()

if __name__ == "__main__":
    sdk_worker_main.main(sys.argv)
