"""One batch run at a time per output: OUTPUT/_LOCK, created only if absent.

The launcher takes the lock before it starts the run, so a second run into the same output
refuses at once with a clear message (`OutputLocked`) instead of racing the first; the run
releases it when it publishes (inside the pipeline, so on Dataflow too). The lock names the run
and its start; a lock older than `stale_hours` (a run killed before publishing) is taken over.

A local run's lock also names its launcher on this machine (`local`: the boot, the process id
namespace, the launcher's process id and its group, which its worker processes share). A run killed
outright (SIGKILL, an OOM kill) cannot release its lock: every manual run was refused for
`stale_hours`, told to delete the lock "if that run is dead". A run on the same machine now
sees that no process of that run is left, and takes the lock over at once. Anything it cannot
tell for sure (another machine, container or boot, a Dataflow job whose launcher has returned,
a process of that group started between that run's launcher and this run: a worker it left)
is refused as before, with what the operator can check.

Create-if-absent is atomic on a local disk (the lock written whole beside, then hard-linked
into place: never seen empty; where the disk has no hard links, created, then written) and on
Cloud Storage (a write with if_generation_match=0; the
lock is read back twice, a second apart, for emulators that ignore the precondition).
Other filesystems get a check-then-write, which narrows the race without closing it.
"""
import contextlib
import errno
import glob
import json
import os
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

from transforms import storage
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


def acquire(output: str, run_id: str, stale_hours: float = DEFAULT_STALE_HOURS,
            local: bool = False) -> str | None:
    """Take OUTPUT's lock for `run_id`, or raise OutputLocked naming the run that holds it.

    `local`: the run happens in this process (and its worker processes), which the lock then
    names, so that a later run on this machine can tell when it has ended. Returns a line for
    the operator when the lock of a run that has ended was taken over, else None."""
    mine = {"run_id": run_id, "host": socket.gethostname(),
            "started_at": datetime.now(timezone.utc).isoformat()}
    if local:
        mine["local"] = _this_process_group()
    content = json.dumps(mine).encode()
    if _create_if_absent(lock_path(output), content):
        return None
    holder = _read(lock_path(output))
    if not _names_a_run(holder):
        return _take_over_unreadable(output, content, stale_hours)
    ended = _has_ended(holder)
    if ended or _is_stale(holder, stale_hours):
        release(output, holder.get("run_id"))
        if _create_if_absent(lock_path(output), content):
            taken = f"took over {lock_path(output)} of run {holder.get('run_id', '?')}"
            if ended:
                return (f"{taken}, which has ended without releasing it (killed?): no process "
                        "of it is left on this machine")
            # (said too: a run still going after that long, a backfill, would be another)
            return (f"{taken}, started {holder.get('started_at', '?')} on "
                    f"{holder.get('host', '?')}: older than {counted(stale_hours, 'hour')} "
                    "(--lock_stale_hours), taken for a run killed before it published")
        holder = _read(lock_path(output))
    raise OutputLocked(_refusal(output, holder or {}, stale_hours))


def _take_over_unreadable(output: str, content: bytes, stale_hours: float) -> str | None:
    """A lock that names no run (empty or damaged: a run killed, or a disk full, as it wrote it)
    has no one to wait for, and would have refused every run for ever: it is taken over once
    its file is older than `stale_hours`, as a stale lock is; a younger one may be a run's
    lock half-written, and is refused. None when the lock was gone meanwhile and is now ours."""
    path = lock_path(output)
    age = _age_hours(path)
    if age is None and _create_if_absent(path, content):    # released meanwhile
        return None
    if age is not None and age > stale_hours and _still_unreadable(path, stale_hours):
        _filesystems().delete([path])
        if _create_if_absent(path, content):
            return (f"took over {path}, which named no run (empty or damaged) and was "
                    f"{counted(round(age), 'hour')} old")
    holder = _read(path)
    if _names_a_run(holder):    # another run took it meanwhile
        raise OutputLocked(_refusal(output, holder, stale_hours))
    raise OutputLocked(
        f"{output} is locked by {path}, which names no run (empty or damaged: a run killed as it "
        f"took it?); it is taken over once it is {counted(stale_hours, 'hour')} old"
        + (f" ({counted(round(age, 1), 'hour')} now)" if age is not None else "")
        + f". If no run is writing into {output}, delete {path}")


def _still_unreadable(path: str, stale_hours: float) -> bool:
    """The lock at `path` still names no run and is still that old, read again right before it
    is deleted: another run may have taken it over meanwhile (its lock then new and readable),
    as a stale lock is released only if it still names its run (`release`)."""
    age = _age_hours(path)
    return not _names_a_run(_read(path)) and age is not None and age > stale_hours


def _names_a_run(holder: dict | None) -> bool:
    """A lock that says which run holds it and since when (`{"run_id": "someone"}` alone
    does not: it has no age to go stale by but its file's)."""
    if holder is None or not holder.get("run_id"):
        return False
    try:
        started = datetime.fromisoformat(holder["started_at"])
    except (KeyError, TypeError, ValueError):
        return False
    return started.tzinfo is not None   # (a run writes UTC: one without a zone is no run's)


def _age_hours(path: str) -> float | None:
    """Hours since the file at `path` was last written, None if it is gone."""
    try:
        (found,) = _filesystems().match([path])[0].metadata_list
    except Exception:  # noqa: BLE001  (gone: no match, or a client's NotFound)
        return None
    return (time.time() - found.last_updated_in_seconds) / 3600


def _refusal(output: str, holder: dict, stale_hours: float) -> str:
    """Why OUTPUT is refused, and how the operator goes on safely."""
    started = f"started {holder.get('started_at', '?')} on {holder.get('host', '?')}"
    local = holder.get("local")
    delete = (f"delete {lock_path(output)} (it is taken over after "
              f"{counted(stale_hours, 'hour')}; the next run mends what a run killed while it "
              "published left)")
    if isinstance(local, dict) and _same_process_table(local):
        launcher, group = local.get("pid"), local.get("group")
        if _in_group(launcher, group):
            how = (f"it is still running here (process {launcher}): wait for it to finish, or "
                   f"stop it (Ctrl-C in its terminal, or `kill {launcher}`), which releases the "
                   "lock")
        else:  # its launcher is gone, something of its process group is not
            how = (f"its launcher (process {launcher}) has ended without releasing the lock "
                   f"(killed?), but its process group {group} lives on (worker processes it "
                   f"left, or whatever started it: `pgrep -a -g {group}`): once no worker of "
                   f"that run is left, {delete}")
    elif isinstance(local, dict):
        how = (f"it ran on {holder.get('host', '?')} as process group {local.get('group')}: "
               f"wait for it to finish; if no process of that group is left there, {delete}")
    else:
        how = ("wait for it to finish; if it has ended without releasing the lock (a Dataflow "
               f"job that failed or was cancelled: its option run_id is "
               f"{holder.get('run_id', '?')}; a run killed), {delete}")
    return (f"{output} is in use by run {holder.get('run_id', '?')} ({started}): two runs "
            f"into one output would overwrite each other's work. {how[0].upper()}{how[1:]}.")


def release(output: str, run_id: str | None) -> None:
    """Remove OUTPUT's lock if `run_id` holds it (a taken-over lock is not another's to drop),
    and the copy this process was writing, if it was stopped before it removed it."""
    holder = _read(lock_path(output))
    if holder is not None and holder.get("run_id") == run_id:
        _filesystems().delete([lock_path(output)])
    if not storage.has_scheme(output):
        _remove_copies_left(lock_path(output))


# A lock's copy (`_create_local_file_if_absent`) lives for the microseconds of a write and a
# link: one older than this was left by a run killed as it took the lock (SIGKILL, a power cut).
COPY_LEFT_SECONDS = 60.0


# The copies other threads of this process are writing now, {copy: thread}: two runs in one
# process (threads) each take the lock, and one's cleaning removed the other's copy before its
# link (FileNotFoundError). A thread's own copy, left by a stop of its take, is its to remove.
_COPIES_BEING_WRITTEN: dict[str, int] = {}


def _remove_copies_left(path: str) -> None:
    """Remove the copies of the lock at `path` that a run stopped as it took it left: this
    process's (Ctrl-C between the write and the removal), but those it is writing now, and any
    other process's older than COPY_LEFT_SECONDS (killed outright): nothing else ever would."""
    for whole in glob.glob(glob.escape(path) + ".*.taking"):
        with contextlib.suppress(OSError):
            if _COPIES_BEING_WRITTEN.get(whole, threading.get_ident()) != threading.get_ident():
                continue
            if f".{os.getpid()}." in whole[len(path):] \
                    or time.time() - os.stat(whole).st_mtime > COPY_LEFT_SECONDS:
                os.unlink(whole)


def _this_process_group() -> dict:
    """This process's group, and what tells whether another process sees the same processes:
    the machine's boot and the process id namespace (a container has its own)."""
    mine = _process_stat(os.getpid())
    return {"pid": os.getpid(), "group": os.getpgrp(), "boot": _boot_id(),
            "pid_namespace": _pid_namespace(),
            "start_ticks": mine["start_ticks"] if mine else None}


def _in_group(pid, group) -> bool:
    """True when process `pid` lives and belongs to process group `group` (not a process that
    took a dead launcher's id since)."""
    if not isinstance(pid, int) or not isinstance(group, int) or pid <= 1:
        return False
    try:
        alive = os.getpgid(pid) == group
    except (OSError, OverflowError):  # (gone; a damaged lock's number no process can have)
        return False
    # (killed, not yet reaped by what started it: a zombie is no running process)
    return alive and (_process_stat(pid) or {}).get("state") != "Z"


def _boot_id() -> str | None:
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as stream:
            return stream.read().strip()
    except OSError:
        return None


def _pid_namespace() -> str | None:
    try:
        return os.readlink("/proc/self/ns/pid")
    except OSError:
        return None


def _same_process_table(local: dict) -> bool:
    """True when the lock's run ran where this process sees its processes: this machine, this
    boot, this process id namespace (Linux); never guessed."""
    here = _this_process_group()
    return (here["boot"] is not None and here["pid_namespace"] is not None
            and (local.get("boot"), local.get("pid_namespace"))
            == (here["boot"], here["pid_namespace"]))


def _has_ended(holder: dict) -> bool:
    """True when the lock's run was a local one on this machine and no process of its group is
    left (its launcher and worker processes all gone: killed, since a run that ends otherwise
    releases its lock)."""
    local = holder.get("local")
    if not isinstance(local, dict) or not _same_process_table(local):
        return False
    group = local.get("group")
    if not isinstance(group, int) or group <= 1:
        return False
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):  # alive, another user's; a damaged lock's number
        return False
    # The group lives on. A script that started the run without job control (a retry loop, a
    # cron line with two commands) shares its group, and so does this run, started by it again,
    # and what the script starts beside it (`| tee run.log`): the killed run was refused until
    # stale. It has ended all the same when its launcher is gone and no process of the group but
    # this one and its ancestors started between that launcher and this run (its workers).
    return (not _in_group(local.get("pid"), group)
            and not _run_processes_left(local, holder["started_at"]))


# What starts beside a run: a process the script that starts it starts with it (`cable-ingest
# run | tee log`, `> >(logger)`) starts within milliseconds of it (or of the wrapper between the
# script and it), before or after.
BESIDE_THE_RUN_SECONDS = 0.1


def _run_processes_left(local: dict, started_at: str) -> bool:
    """Whether a live process of the lock's process group may be the killed run's (a worker it
    left): any other than this process's ancestors that started since that run's launcher, but
    those the script started beside this run (a sibling of one of this run's own ancestors
    started since: the same parent, not process 1, which adopts the orphans a killed launcher
    leaves; its start within BESIDE_THE_RUN_SECONDS of that ancestor's). Start
    times are /proc's clock ticks since the boot, as the lock notes its launcher's
    (`start_ticks`), never stepped as the wall clock may be; a lock without them is timed by its
    `started_at`, less a second. True when it cannot tell (Linux's /proc): a live run is never
    taken for ended."""
    try:
        per_second = os.sysconf("SC_CLK_TCK")
        after = local.get("start_ticks")
        if not isinstance(after, int):
            since = datetime.fromisoformat(started_at).timestamp() - _boot_seconds()
            after = int((since - 1.0) * per_second)
        ancestry = _ancestors()
        if os.getpid() not in ancestry:
            return True
        # (parent, start) of this run and the wrappers between the script and it
        ours = [(stat["parent"], stat["start_ticks"]) for stat in ancestry.values()
                if stat["start_ticks"] >= after and stat["parent"] > 1]
        window = BESIDE_THE_RUN_SECONDS * per_second
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) in ancestry:
                continue
            stat = _process_stat(int(entry))
            if (stat is None or stat["group"] != local["group"] or stat["state"] == "Z"
                    or stat["start_ticks"] < after):
                continue
            beside = any(stat["parent"] == parent and abs(stat["start_ticks"] - start) <= window
                         for parent, start in ours)
            if not beside:
                return True
        return False
    except (OSError, ValueError, StopIteration, KeyError):
        return True


def _boot_seconds() -> int:
    """When this machine booted, in seconds since the epoch (/proc/stat's `btime`)."""
    with open("/proc/stat", encoding="ascii") as stream:
        return next(int(line.split()[1]) for line in stream if line.startswith("btime "))


def _process_stat(pid: int) -> dict | None:
    """The fields of /proc/PID/stat this module reads; None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stream:
            text = stream.read()
    except OSError:
        return None
    # (the command's name, in brackets, may hold spaces and brackets: the fields follow the last)
    fields = text[text.rindex(")") + 2:].split()
    return {"state": fields[0], "parent": int(fields[1]), "group": int(fields[2]),
            "start_ticks": int(fields[19])}


def _ancestors() -> dict[int, dict]:
    """{pid: `_process_stat`} of this process and the processes that started it, up to the
    first."""
    found: dict[int, dict] = {}
    pid = os.getpid()
    while pid > 0 and pid not in found:
        stat = _process_stat(pid)
        if stat is None:
            break
        found[pid] = stat
        pid = stat["parent"]
    return found


def _is_stale(holder: dict, stale_hours: float) -> bool:
    """Whether a lock that names its run (`_names_a_run`) is older than `stale_hours`."""
    started = datetime.fromisoformat(holder["started_at"])
    return datetime.now(timezone.utc) - started > timedelta(hours=stale_hours)


def _read(path: str) -> dict | None:
    try:
        with _filesystems().open(path) as stream:
            found = json.loads(stream.read())
        return found if isinstance(found, dict) else None   # `[]`, `null`: no run named
    except (OSError, ValueError):  # gone meanwhile, or half-written
        return None
    except Exception as error:  # BeamIOError of a missing object
        if storage.is_not_found(error):
            return None
        raise


def _create_if_absent(path: str, content: bytes) -> bool:
    """Write `content` at `path` unless something is there already; True if written."""
    if path.startswith("gs://"):
        return _create_gcs_object_if_absent(path, content)
    if not storage.has_scheme(path):
        return _create_local_file_if_absent(path, content)
    if _filesystems().exists(path):
        return False
    with _filesystems().create(path) as sink:
        sink.write(content)
    return True


def _create_local_file_if_absent(path: str, content: bytes) -> bool:
    """The file is written whole beside `path` first, then linked to it (a link fails if `path`
    exists): `path` never exists empty. Created empty and then written, a lock stopped between
    the two (Ctrl-C as the run starts) was left empty, named no run, and refused every run for
    --lock_stale_hours. (A filesystem without hard links gets that way still.)"""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    _remove_copies_left(path)
    whole = f"{path}.{os.getpid()}.{uuid.uuid4().hex[:8]}.taking"
    try:
        _COPIES_BEING_WRITTEN[whole] = threading.get_ident()
        with open(whole, "xb") as sink:
            sink.write(content)
        os.link(whole, path)
    except FileExistsError:
        # (NFS may answer a link it made, its reply lost and the call sent again, with EEXIST:
        # the copy then has two names)
        return os.stat(whole).st_nlink == 2
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
        return _create_by_exclusive_open(path, content)
    finally:
        _COPIES_BEING_WRITTEN.pop(whole, None)
        with contextlib.suppress(OSError):
            os.unlink(whole)
    return True


# What a filesystem without hard links (some network and FUSE mounts) answers os.link with.
NO_HARD_LINKS = (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS)


def _create_by_exclusive_open(path: str, content: bytes) -> bool:
    """Created empty, then written: the lock is empty for a moment."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "wb") as sink:
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
        blob.upload_from_string(content, content_type="application/json", if_generation_match=0)
    except PreconditionFailed:
        return False
    # Where the precondition is not honoured (the test emulator), two writers that both found
    # no lock both write: the later write wins. The first may read its own content back before
    # the second's write lands, so it reads again after a pause longer than such a race.
    if blob.download_as_bytes() != content:
        return False
    time.sleep(CONFIRM_SECONDS)
    return blob.download_as_bytes() == content
