"""A crash at a chosen point of a run, for tests that kill a run where a signal cannot aim.

On the PYTHONPATH of a subprocess (tests/doors.py `killed_at`), with CABLE_INGEST_KILL_AT set:
- `move:KIND` kills the process (SIGKILL: no handler runs, as a preempted worker or an OOM
  kill) just before the first file is moved into OUTPUT/KIND/ (cables, dead_letter, _ledger);
- `call:MODULE:FUNCTION` kills it just before MODULE.FUNCTION is called;
- `raise:MODULE:FUNCTION` raises a RuntimeError (a crash, no kill) instead of calling it;
- `write:NAME` kills it once a run's small file named NAME (`_SUMMARY.json`, `_REPORT.html`:
  transforms.storage.create) is opened to be written, before its first byte is written;
- `term:MODULE:FUNCTION` sends SIGTERM to the command (`timeout`, systemd) just before
  MODULE.FUNCTION is called, then calls it: in a worker process (`--workers N`), to the
  launcher, and waits for the launcher to end the worker; `term:MODULE:FUNCTION@N` before its
  Nth call in that process.
- `lose:SUFFIX` makes the parse step lose each input whose uri ends with SUFFIX: it leaves the
  step as nothing (no cable, no dead letter), as a defect of the run's own code would.
It writes what it killed at to CABLE_INGEST_KILLED (a file) first, so a test knows the kill came.
"""
import importlib
import os
import signal
import time

_AT = os.environ.get("CABLE_INGEST_KILL_AT")


def _kill(where: str) -> None:
    with open(os.environ["CABLE_INGEST_KILLED"], "a", encoding="utf-8") as sink:
        sink.write(where + "\n")
    os.kill(os.getpid(), signal.SIGKILL)


def _kill_before_moving_into(kind: str) -> None:
    from apache_beam.io.filesystems import FileSystems

    rename = FileSystems.rename

    def renamed(sources, destinations, *args, **kwargs):
        for destination in destinations:
            folder = os.path.dirname(destination.rstrip("/"))
            if os.path.basename(folder) == kind and ".staging-" not in destination:
                _kill(f"move into {kind}: {destination}")
        return rename(sources, destinations, *args, **kwargs)

    FileSystems.rename = staticmethod(renamed)


def _kill_before_calling(module_name: str, function: str) -> None:
    module = importlib.import_module(module_name)
    original = getattr(module, function)

    def called(*args, **kwargs):
        _kill(f"call {module_name}.{function}")
        return original(*args, **kwargs)

    setattr(module, function, called)


def _raise_instead_of_calling(module_name: str, function: str) -> None:
    module = importlib.import_module(module_name)

    def called(*args, **kwargs):
        with open(os.environ["CABLE_INGEST_KILLED"], "a", encoding="utf-8") as sink:
            sink.write(f"raise in {module_name}.{function}\n")
        raise RuntimeError(f"a crash at {module_name}.{function} (tests/killpoints)")

    setattr(module, function, called)


def _terminate_before_calling(module_name: str, function: str) -> None:
    function, _, nth = function.partition("@")     # `write_summary@2`: at its second call
    module = importlib.import_module(module_name)
    original = getattr(module, function)
    calls = [0]

    def called(*args, **kwargs):
        calls[0] += 1
        if calls[0] != int(nth or 1):
            return original(*args, **kwargs)
        with open(os.environ["CABLE_INGEST_KILLED"], "a", encoding="utf-8") as sink:
            sink.write(f"SIGTERM at {module_name}.{function}\n")
        in_worker = bool(os.environ.get("CABLE_INGEST_WORKERS_DIR"))
        os.kill(os.getppid() if in_worker else os.getpid(), signal.SIGTERM)
        if in_worker:
            time.sleep(30)  # the launcher kills this worker (pipeline.workers.stop_all)
        return original(*args, **kwargs)

    setattr(module, function, called)


def _kill_as_it_writes(name: str) -> None:
    storage = importlib.import_module("transforms.storage")
    create = storage.create

    def created(path, *args, **kwargs):
        sink = create(path, *args, **kwargs)
        if os.path.basename(path) == name:
            _kill(f"write {path}")
        return sink

    storage.create = created


def _lose_inputs(suffix: str) -> None:
    parse = importlib.import_module("transforms.parse")
    ingested = parse.IngestCableFn._ingested

    def losing(self, element):
        if getattr(element, "uri", "").endswith(suffix):
            with open(os.environ["CABLE_INGEST_KILLED"], "a", encoding="utf-8") as sink:
                sink.write(f"lost {element.uri}\n")
            return iter(())
        return ingested(self, element)

    parse.IngestCableFn._ingested = losing


if _AT:
    how, _, what = _AT.partition(":")
    if how == "move":
        _kill_before_moving_into(what)
    elif how == "call":
        _kill_before_calling(*what.split(":", 1))
    elif how == "raise":
        _raise_instead_of_calling(*what.split(":", 1))
    elif how == "write":
        _kill_as_it_writes(what)
    elif how == "term":
        _terminate_before_calling(*what.split(":", 1))
    elif how == "lose":
        _lose_inputs(what)
