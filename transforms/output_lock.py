"""One batch run at a time per output: OUTPUT/_LOCK, created only if absent.

The launcher takes the lock before it starts the run, so a second run into the same output
refuses at once with a clear message (`OutputLocked`) instead of racing the first; the run
releases it when it publishes (inside the pipeline, so on Dataflow too). The lock names the run
and its start; a lock older than `stale_hours` (a run killed before publishing) is taken over.

Create-if-absent is atomic on a local disk (O_EXCL) and on Cloud Storage (a write with
if_generation_match=0; the lock is read back twice, a second apart, for emulators that ignore
the precondition).
Other filesystems get a check-then-write, which narrows the race without closing it.
"""
import json
import os
import socket
import time
from datetime import datetime, timedelta, timezone

from transforms.wording import counted

LOCK_FILE = "_LOCK"
DEFAULT_STALE_HOURS = 12.0
# Cloud Storage without preconditions: how long a lock must stay ours before we trust it.
CONFIRM_SECONDS = 1.0


class OutputLocked(RuntimeError):
    """Another run holds the output's lock."""


def _filesystems():
    # Imported when used: the CLI imports OutputLocked, and must start fast.
    from apache_beam.io.filesystems import FileSystems

    return FileSystems


def lock_path(output: str) -> str:
    return _filesystems().join(output, LOCK_FILE)


def acquire(output: str, run_id: str, stale_hours: float = DEFAULT_STALE_HOURS) -> None:
    """Take OUTPUT's lock for `run_id`, or raise OutputLocked naming the run that holds it."""
    content = json.dumps({"run_id": run_id, "host": socket.gethostname(),
                          "started_at": datetime.now(timezone.utc).isoformat()}).encode()
    if _create_if_absent(lock_path(output), content):
        return
    holder = _read(lock_path(output))
    if holder is not None and _is_stale(holder, stale_hours):
        release(output, holder.get("run_id"))
        if _create_if_absent(lock_path(output), content):
            return
        holder = _read(lock_path(output))
    holder = holder or {}
    raise OutputLocked(
        f"{output} is in use by run {holder.get('run_id', '?')} (started "
        f"{holder.get('started_at', '?')} on {holder.get('host', '?')}): two runs into one "
        f"output would overwrite each other's work. Try again when it has finished. If that run "
        f"is dead, delete {lock_path(output)} (it is taken over after {counted(stale_hours, 'hour')}).")


def release(output: str, run_id: str | None) -> None:
    """Remove OUTPUT's lock if `run_id` holds it (a taken-over lock is not another's to drop)."""
    holder = _read(lock_path(output))
    if holder is not None and holder.get("run_id") == run_id:
        _filesystems().delete([lock_path(output)])


def _is_stale(holder: dict, stale_hours: float) -> bool:
    try:
        started = datetime.fromisoformat(holder["started_at"])
    except (KeyError, TypeError, ValueError):
        return True  # unreadable: a lock nobody can name is nobody's
    return datetime.now(timezone.utc) - started > timedelta(hours=stale_hours)


def _read(path: str) -> dict | None:
    try:
        with _filesystems().open(path) as stream:
            return json.loads(stream.read())
    except (OSError, ValueError):  # gone meanwhile, or half-written
        return None
    except Exception as error:  # BeamIOError of a missing object
        if "not found" in str(error).lower() or "no such" in str(error).lower():
            return None
        raise


def _create_if_absent(path: str, content: bytes) -> bool:
    """Write `content` at `path` unless something is there already; True if written."""
    if path.startswith("gs://"):
        return _create_gcs_object_if_absent(path, content)
    if "://" not in path:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(descriptor, "wb") as sink:
            sink.write(content)
        return True
    if _filesystems().exists(path):
        return False
    with _filesystems().create(path) as sink:
        sink.write(content)
    return True


def _create_gcs_object_if_absent(path: str, content: bytes) -> bool:
    from apache_beam.io.gcp import gcsio
    from google.api_core.exceptions import PreconditionFailed

    bucket, _, name = path[len("gs://"):].partition("/")
    blob = gcsio.GcsIO().client.bucket(bucket).blob(name)
    if blob.exists():  # what stores without preconditions (the test emulator) still get right
        return False
    try:
        blob.upload_from_string(content, if_generation_match=0)
    except PreconditionFailed:
        return False
    # Where the precondition is not honoured (the test emulator), two writers that both found
    # no lock both write: the later write wins. The first may read its own content back before
    # the second's write lands, so it reads again after a pause longer than such a race.
    if blob.download_as_bytes() != content:
        return False
    time.sleep(CONFIRM_SECONDS)
    return blob.download_as_bytes() == content
