"""A run's small whole files (its summary, its report, a record file `show` reads): on a local
disk by the standard library, anywhere else (`gs://`...) by Beam's file systems, imported only
then. The commands that run no pipeline (`parse`, `show`, `report`) start without Beam's import
(~2 s) when their files are local.
"""
import contextlib
import glob
import io
import os
import re
import secrets
import time
from typing import BinaryIO

# A uri with a scheme (gs://...) names no local file: the pattern of Beam's FileSystems.get_scheme.
_URI_SCHEME = re.compile(r"[a-zA-Z][-a-zA-Z0-9+.]*://")


def has_scheme(path: str) -> bool:
    return _URI_SCHEME.match(path.strip()) is not None


def same_folder(one: str, other: str) -> bool:
    """Whether two folders given are one (`out`, `./out/`, its absolute path)."""
    if has_scheme(one) or has_scheme(other):
        return one.rstrip("/") == other.rstrip("/")
    return os.path.realpath(one) == os.path.realpath(other)


def join(folder: str, name: str) -> str:
    if not has_scheme(folder):
        return os.path.join(folder, name)
    from apache_beam.io.filesystems import FileSystems

    return FileSystems.join(folder, name)


def open_to_read(path: str) -> BinaryIO:
    """`path` opened to read its bytes as they are (no decompression by its name)."""
    if not has_scheme(path):
        return open(path, "rb")
    from apache_beam.io.filesystem import CompressionTypes
    from apache_beam.io.filesystems import FileSystems

    return FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)


def is_not_found(error: BaseException) -> bool:
    """Whether `error` says the file or object is missing, however the storage said it: Python's
    FileNotFoundError, Cloud Storage's NotFound (HTTP 404), or Beam's BeamIOError, which holds
    the error of each path it tried (`exception_details`) and otherwise says it in its message
    only. Judged without importing Beam or a storage client (`parse`, `show` and `report`
    start without them)."""
    causes = list((getattr(error, "exception_details", None) or {}).values())
    for cause in [error, *causes]:
        if (isinstance(cause, FileNotFoundError) or type(cause).__name__ == "NotFound"
                or getattr(cause, "code", None) == 404):
            return True
    said = str(error).lower()
    return "not found" in said or "no such" in said


def create(path: str, mime_type: str = "application/octet-stream") -> BinaryIO:
    """`path` to be written whole, its folder made when missing, as Beam's local file system
    does; `mime_type` is what Cloud Storage serves it as. Closed, the file is in place: on a
    local disk it is written beside it and moved over it (`_WrittenWhole`), as an object
    store publishes an upload, so that a run killed as it writes leaves the file as it was,
    never empty or cut short (`cable-ingest report` then found no summary to read)."""
    if not has_scheme(path):
        if folder := os.path.dirname(path):
            os.makedirs(folder, exist_ok=True)
        return _WrittenWhole(path)
    from apache_beam.io.filesystem import CompressionTypes
    from apache_beam.io.filesystems import FileSystems

    return FileSystems.create(path, mime_type=mime_type,
                              compression_type=CompressionTypes.UNCOMPRESSED)


# A writer killed (-9) before its move leaves its hidden file: the next write of the same file
# removes those this old (a younger one may be another process's, still writing: `report`
# beside a run).
LEFT_PARTIAL_SECONDS = 3600


def _remove_left_partials(path: str) -> None:
    folder, name = os.path.split(path)
    pattern = os.path.join(glob.escape(folder or "."), f".{glob.escape(name)}.*.partial")
    for left in glob.glob(pattern):
        with contextlib.suppress(OSError):  # (gone already: another writer removed it)
            if time.time() - os.path.getmtime(left) > LEFT_PARTIAL_SECONDS:
                os.remove(left)


class _WrittenWhole(io.BufferedWriter):
    """A local file written as a hidden file beside `path` (its name a dot, the file's name and
    a random part), moved over `path` when closed (`os.replace`: whole or not at all). Left
    unclosed by an error inside a `with`, the hidden file is deleted and `path` is unchanged."""

    def __init__(self, path: str):
        folder, name = os.path.split(path)
        self._path = path
        self._partial = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.partial")
        # (created as open() does: the umask applies)
        super().__init__(io.FileIO(self._partial, "xb"))

    def close(self) -> None:
        if self.closed:
            return
        self.flush()
        os.fsync(self.fileno())  # (its bytes on the disk before it takes the file's name)
        super().close()
        os.replace(self._partial, self._path)
        _remove_left_partials(self._path)

    def __exit__(self, kind, error, trace):
        if kind is None:
            self.close()
            return
        super().close()
        with contextlib.suppress(OSError):
            os.remove(self._partial)
