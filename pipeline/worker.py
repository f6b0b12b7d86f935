"""A local worker process of a run with worker processes (`--workers N`, Beam's
--direct_running_mode=multi_processing): Beam's SDK worker, stops left to the launcher.

Ctrl-C on a terminal reaches every process of the foreground group (and systemd's SIGTERM every
process of the service), the workers too: each printed its own KeyboardInterrupt traceback (or,
ended by SIGTERM, the launcher a traceback of each worker lost) under the launcher's one line.
A worker now leaves SIGINT to the launcher from its first instant (before Beam loads, ~1 s),
ends 5 s after a SIGTERM, and notes itself for the launcher, which ends its workers when
the run is stopped (`pipeline.workers`).
"""
import os
import signal
import sys
import threading


def _end_soon(signum, frame):
    """SIGTERM: end in 5 s (silently): the launcher, which got it too, ends its workers itself
    once it has stopped the run (and then says so)."""
    threading.Timer(5.0, os._exit, args=(128 + signum,)).start()


signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, _end_soon)

from pipeline import workers  # noqa: E402  (after the signals are set)

workers.register()

from apache_beam.runners.worker import sdk_worker_main  # noqa: E402

if __name__ == "__main__":
    sdk_worker_main.main(sys.argv)
