"""The local worker processes of a run (`--workers N`): who they are, and stopping them; and
whether an error is such a stop (`interrupted`) or the run's own verdict (`run_verdict`).

Each worker (`pipeline.worker`) notes its process id as a file in a folder the launcher names
in the environment (inherited by the workers it starts). When a run is stopped (Ctrl-C,
SIGTERM), the launcher ends them: Beam waits for its workers to end before the stopped run
returns, and a worker busy with a bundle did not end when the launcher closed its connection,
so `timeout 1h cable-ingest run --workers 2 ...` never ended (and kept OUTPUT/_LOCK).
No Beam import: the command's signal handler uses it.
"""
import contextlib
import os
import shutil
import signal
import tempfile

WORKERS_DIR_ENV = "CABLE_INGEST_WORKERS_DIR"


def register() -> None:
    """In a worker process: note it in the launcher's folder, if there is one."""
    folder = os.environ.get(WORKERS_DIR_ENV)
    if folder:
        with contextlib.suppress(OSError):
            open(os.path.join(folder, str(os.getpid())), "x").close()


@contextlib.contextmanager
def registry():
    """Around a run with worker processes: the folder they note themselves in."""
    folder = tempfile.mkdtemp(prefix="cable-ingest-workers-")
    previous = os.environ.get(WORKERS_DIR_ENV)
    os.environ[WORKERS_DIR_ENV] = folder
    try:
        yield folder
    finally:
        if previous is None:
            os.environ.pop(WORKERS_DIR_ENV, None)
        else:
            os.environ[WORKERS_DIR_ENV] = previous
        shutil.rmtree(folder, ignore_errors=True)


def any_ended() -> bool:
    """In the launcher: whether a worker process of the running run has ended (gone, or a
    zombie not yet waited for): known at once, where Beam notes it only once it has waited."""
    folder = os.environ.get(WORKERS_DIR_ENV)
    try:
        names = os.listdir(folder) if folder else []
    except OSError:
        return False
    return any(name.isdigit() and _ended(int(name)) for name in names)


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            state = stream.read().rsplit(b")", 1)[1].split()[0]
    except FileNotFoundError:
        return os.path.isdir("/proc")  # gone (without /proc nothing is known here)
    except (OSError, IndexError):
        return False
    return state == b"Z"


def stop_all() -> int:
    """In the launcher: end every worker process of the running run (SIGKILL: it is stopped,
    what the workers were writing is deleted with its staging folder); how many."""
    folder = os.environ.get(WORKERS_DIR_ENV)
    if not folder:
        return 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    stopped = 0
    for name in names:
        if name.isdigit():
            with contextlib.suppress(OSError):  # it has ended already
                os.kill(int(name), signal.SIGKILL)
                stopped += 1
    return stopped


class WorkerProcessEnded(RuntimeError):
    """A worker process ended while the run was going (killed, or exited on its own): the run
    fails with this one line instead of the traces of every connection it broke."""

    def __init__(self, returncode: int):
        super().__init__(
            f"a worker process {ended_how(returncode)} during the run; the run failed before it "
            "published (its output as it was), or as it published (as a killed run: the next "
            "incremental run finishes or withdraws it; a full run, run it again)")
        self.returncode = returncode


def ended_how(returncode: int) -> str:
    """How a worker process ended, by its exit status (negative: the signal that killed it)."""
    if returncode == 128 + signal.SIGTERM:  # (pipeline.worker's end after a SIGTERM)
        return "was stopped (SIGTERM)"
    if returncode >= 0:
        return f"exited with status {returncode} (its own error, if any, is printed above)"
    number = -returncode
    name = signal.Signals(number).name if number in signal.valid_signals() else f"signal {number}"
    if number == signal.SIGKILL:  # nothing a run sends its workers but when stopped (stop_all)
        return (f"was killed ({name}: by the system's out-of-memory killer? `dmesg` says; "
                "fewer --workers, or more memory)")
    return f"was killed ({name})"


def interrupted(error: BaseException | None) -> KeyboardInterrupt | None:
    """The Ctrl-C (or SIGTERM) that `error` is: a KeyboardInterrupt, or the error Beam raised in
    its stead (a step's RuntimeError whose context is the KeyboardInterrupt); else None."""
    return _in_chain(error, lambda each: isinstance(each, KeyboardInterrupt))


def run_verdict(error: BaseException | None) -> BaseException | None:
    """The run's own verdict (`transforms.run_summary.RunVerdict`: a threshold of the summary,
    raised after everything is written) that `error` is or was raised from (Beam raises a step's
    error again with the step's name), else None."""
    return _in_chain(error, lambda each: getattr(each, "is_run_verdict", False))


def _in_chain(error: BaseException | None, wanted) -> BaseException | None:
    """The first of `error` and the errors it was raised from (its cause, else its context)
    that is `wanted`, else None."""
    seen = set()
    while error is not None and id(error) not in seen:
        if wanted(error):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def not_a_run_verdict(record) -> bool:
    """A log filter (on Beam's `apache_beam.runners.common`, in the launcher and in each worker
    process): False for Beam's record of a step that raised the run's verdict, whose traceback
    would read as a crash above the command's one FAILED line; True for every other record."""
    return run_verdict(record.exc_info[1] if record.exc_info else None) is None
