"""One file's inputs, read without Beam: a cable file, a CSV dump row by row, an archive member
by member, a compressed file as a stream, so that nothing larger than one input is held.

`InputExpander` is what the pipeline's read step (`transforms.read.ExpandInputFn`, which adds
Beam's file systems, metrics and tagged outputs) does with each file, and what `cable-ingest
parse` does with the files it is given: it imports no Beam, so `parse` starts in a fraction of
a second. Every input becomes a RawInput, or, when it cannot be read, a READ dead letter: an
Outcome of kind DEAD_LETTER. Nothing is skipped.
"""
import errno
import hashlib
import io
import os
import stat
from typing import NamedTuple, Optional

from transforms import formats
from transforms.formats import ARCHIVE, AUTO, COMPRESSED, MAX_INPUT_BYTES, ROWS
from transforms.records import (CSV, DEAD_LETTER, READ, TEXT, Failure, Outcome, RawInput,
                                dead_letter, internal_error, utc_now)
from transforms.storage import has_scheme

EMPTY_FILE = "the input is empty (0 bytes)"  # as decode says of a cable file of 0 bytes
SNIFF_BYTES = 4096
# Archives and compressed files inside archives are expanded this deep; deeper (or a zip quine)
# is a dead letter, never a RecursionError that would fail the run.
MAX_ARCHIVE_DEPTH = 8


class ReadTask(NamedTuple):
    """One unit of reading: a whole file, or the rows starting in [start, end) of a CSV dump."""

    path: str  # the file's uri, as the records name it (`file_label`)
    size: Optional[int]
    start: Optional[int] = None  # None: the whole file
    end: Optional[int] = None
    # A local name that is not UTF-8, as bytes (`path` is its label): what is opened.
    open_as: Optional[bytes] = None

    @property
    def path_to_open(self) -> str:
        return self.path if self.open_as is None else os.fsdecode(self.open_as)


def path_to_open(metadata) -> str:
    """What a matched file (Beam's FileMetadata) is opened by: the real name of one whose name
    is not UTF-8 (`transforms.read.LabelledFile`), else its path."""
    return getattr(metadata, "real_path", metadata.path)


class InputExpander:
    """ReadTask -> a RawInput per cable input of the file; a READ dead letter (an Outcome of kind
    DEAD_LETTER) per input that cannot be read, or for the whole file when none can be.

    It opens local files; `transforms.read.ExpandInputFn` opens any file system's.
    """

    def __init__(self, format_choice: str = AUTO, max_input_bytes: int = MAX_INPUT_BYTES):
        self.format_choice = format_choice
        self.max_input_bytes = max_input_bytes

    def expand_task(self, task: ReadTask):
        """The inputs of one file, or of one range of a CSV dump."""
        uri, path = task.path, task.path_to_open
        try:
            if (kind := special_file_kind(path)) is not None:  # open() or read() never returns
                raise Failure(READ, "unreadable", f"{uri} is {kind}, not a regular file: not "
                              "read (reading it could wait for a writer or never end)")
            with self._open(path) as stream:
                if task.start is not None:
                    yield from self._expand_csv_range(uri, stream, task.start, task.end)
                    return
                head = stream.read(SNIFF_BYTES)
                stream.seek(0)
                yield from self.expand_stream(uri, stream, head, task.size)
        except Failure as failure:  # the whole file failed before any input was taken from it
            yield self._dead_letter(RawInput(uri, TEXT, b""), failure)
        except OSError as error:
            yield self._dead_letter(RawInput(uri, TEXT, b""), Failure(
                READ, "unreadable", f"cannot read {uri}: {broken_link(path) or error}"))
        except Exception as error:  # a reader bug must cost one dead letter, never the run
            yield self._dead_letter(RawInput(uri, TEXT, b""), internal_error(READ, error))

    def _open(self, uri):
        """A local file (ExpandInputFn opens any of Beam's file systems)."""
        return open(uri, "rb")

    def expand_stream(self, uri, stream, head, size, depth=0, name=None):
        """The inputs in `stream` (at its start; `head` its first bytes), by its format.

        `name` is what the format is judged by, `uri` by default (a compressed file's content
        is judged by its name without the compression suffix).
        """
        name = uri if name is None else name
        fmt = formats.format_of(name, head, self.format_choice)
        if not head and fmt.layout in (COMPRESSED, ARCHIVE, ROWS):
            # 0 bytes named as a dump, an archive or a compressed file: empty, as a cable file
            # of 0 bytes is, not a damaged archive or stream (nothing in it is damaged).
            yield self._dead_letter(RawInput(uri, CSV if fmt.layout == ROWS else TEXT, b""),
                                    Failure(READ, "empty_input", EMPTY_FILE))
            return
        if fmt.layout == COMPRESSED:
            yield from self._expand_compressed(uri, name, fmt, stream, depth)
        elif fmt.layout == ARCHIVE:
            yield from self._at_least_one(self._expand_archive(uri, stream, depth), uri, TEXT,
                                          "the archive holds no regular file")
        elif fmt.layout == ROWS:
            yield from self._at_least_one(self._expand_csv(uri, stream), uri, CSV,
                                          "the CSV dump holds no row")
        else:
            yield from self._single(uri, fmt.source_format, stream, size, head)

    def _expand_compressed(self, uri, name, fmt, stream, depth):
        """What a compressed file holds, read as a stream, never whole: a cable, a CSV dump
        (row by row), an archive. The size cap applies to the decompressed content; a damaged
        stream is one READ dead letter, after the inputs read before the damage."""
        if depth >= MAX_ARCHIVE_DEPTH:
            yield self._nested_too_deep(uri)
            return
        try:
            head, content = formats.peek(formats.Decompressed(stream, fmt, uri), SNIFF_BYTES)
            yield from self.expand_stream(uri, content, head, None, depth + 1,
                                          formats.inner_name(name, fmt))
        except formats.FormatError as error:
            yield self._dead_letter(RawInput(uri, TEXT, b""), Failure(READ, error.code, str(error)),
                                    _file_figures(stream))

    def _at_least_one(self, items, uri, source_format, message):
        """`items`, or one READ empty_input dead letter when there are none: no file vanishes."""
        empty = True
        for item in items:
            empty = False
            yield item
        if empty:
            yield self._dead_letter(RawInput(uri, source_format, b""),
                                    Failure(READ, "empty_input", message))

    def _single(self, uri, source_format, stream, size, head=b""):
        if size is not None and size > self.max_input_bytes:
            yield self._too_large(uri, source_format, stream, b"", hint_head=head)
            return
        data = _read_capped(stream, self.max_input_bytes, size)
        if len(data) > self.max_input_bytes:  # the listed size was smaller, or unknown
            yield self._too_large(uri, source_format, stream, data, hint_head=data)
            return
        # A read falls short only at the end, or just before the damage of a compressed stream:
        # reading on raises it (FormatError), so a cut file is never taken for a whole one.
        stream.read(1)
        self._count_input()
        yield RawInput(uri, source_format, data)

    def _expand_csv(self, uri, stream):
        yield from self._expand_csv_range(uri, stream, 0, None)

    def _expand_csv_range(self, uri, stream, start, end):
        """One RawInput per row starting in [start, end); `row` is the dump's own row number."""
        for ranged in formats.iter_csv_range(stream, start, end, self.max_input_bytes):
            row = ranged.row
            # A row whose number cannot be read is told apart by its byte offset.
            row_uri = uri if ranged.number is not None else f"{uri}#offset={ranged.offset}"
            raw = RawInput(row_uri, CSV, row.raw, row=ranged.number)
            if row.error_code:
                # A row over the cap keeps its head, and is described by the whole row's figures.
                whole = (row.size, row.sha256) if row.size is not None else None
                yield self._dead_letter(raw, Failure(READ, row.error_code, row.error), whole)
            else:
                self._count_input()
                yield raw

    def _expand_archive(self, uri, stream, depth=0):
        if depth >= MAX_ARCHIVE_DEPTH:
            yield self._nested_too_deep(uri)
            return
        try:
            for member in formats.iter_archive(stream, uri, max_member_bytes=self.max_input_bytes):
                member_uri = f"{uri}!{member.name}"
                if member.error_code:
                    yield self._dead_letter(RawInput(member_uri, TEXT, b""),
                                            Failure(READ, member.error_code, member.error))
                    continue
                if member.stream is not None:  # a dump, archive... over the cap: streamed
                    try:
                        head, member_stream = formats.peek(member.stream, SNIFF_BYTES)
                        yield from self.expand_stream(member_uri, member_stream, head, None,
                                                      depth + 1)
                    except formats.FormatError as error:  # after the inputs read before it
                        yield self._dead_letter(RawInput(member_uri, TEXT, b""),
                                                Failure(READ, error.code, str(error)),
                                                _file_figures(member.stream))
                    continue
                head = member.data[:SNIFF_BYTES]
                yield from self.expand_stream(member_uri, io.BytesIO(member.data), head,
                                              len(member.data), depth + 1)
        except formats.FormatError as error:
            yield self._dead_letter(RawInput(uri, TEXT, b""), Failure(READ, error.code, str(error)),
                                    _file_figures(stream))

    def _nested_too_deep(self, uri):
        return self._dead_letter(RawInput(uri, TEXT, b""), Failure(
            READ, "bad_archive", f"archives nested more than {MAX_ARCHIVE_DEPTH} deep"))

    def _too_large(self, uri, source_format, stream, head, hint_head=b""):
        """The dead letter of an input over the cap: no payload, but the input's true size and
        sha256, taken while streaming through it (it is never held whole).

        A compressed input is not decompressed to its end (a few KB of bzip2 can stand for
        terabytes): its size and sha256 are those of the file it was decompressed from.
        `hint_head`: its first bytes, which may show a text cable's name on a dump or a page
        (`formats.misread_hint`: a cables.csv named .txt is far over the cap, and the way to
        read it is --format csv, not a larger cap)."""
        compressed, file = _compressed_file(stream)
        if compressed:
            message = (f"more than {self.max_input_bytes:,} bytes once decompressed, over the "
                       "cap (--max_input_bytes); size and sha256 are the compressed file's")
            stream, head = file, b""
            if file is not None:
                file.seek(0)
        size, sha256 = _measured(stream, head)
        if not compressed:
            message = (f"{size:,} bytes exceeds the cap of {self.max_input_bytes:,} "
                       "(--max_input_bytes)")
        hint = formats.misread_hint(source_format, hint_head[:SNIFF_BYTES])
        message += "; the payload is not copied, the input stays at its uri"
        return self._dead_letter(RawInput(uri, source_format, b""), Failure(
            READ, "too_large", f"{message}; {hint}" if hint else message), whole=(size, sha256))

    def _count_input(self):
        """Called once per input taken (ExpandInputFn counts it in the run's metrics)."""

    def _dead_letter(self, raw, failure, whole=None):
        """The dead letter of `raw`. `whole`: (size, sha256) of an input whose payload holds
        less than all of it (over the cap), which its source names instead of the payload's."""
        record = dead_letter(raw, failure, utc_now())
        if whole is not None:
            record["source"].update(size=whole[0], sha256=whole[1])
        return Outcome(DEAD_LETTER, record)


_SPECIAL_FILES = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISDIR, "a folder that cannot be listed (none of its files is read)"))


def special_file_kind(path: str) -> Optional[str]:
    """What a local path names when it is no regular file once links are followed: a FIFO
    (whose open waits for a writer forever), a device (/dev/zero never ends), a socket. None for
    a regular file, a remote object, or a path that cannot be looked at (its open says why)."""
    if has_scheme(path):
        return None
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _SPECIAL_FILES if test(mode)), "of an unknown kind")


def broken_link(path: str) -> Optional[str]:
    """What is wrong with a local link that leads to no file (missing target, loop), else None."""
    if has_scheme(path):
        return None
    try:
        os.stat(path)
        return None
    except OSError as error:
        try:
            if not os.path.islink(path):
                return None
            if error.errno == errno.ELOOP:
                return f"it is a link to {os.readlink(path)} in a loop of links"
            return f"it is a link to {os.readlink(path)}, which does not exist"
        except (OSError, ValueError):
            return None
    except ValueError:
        return None


def _read_capped(stream, cap: int, listed_size: Optional[int]) -> bytes:
    """The first cap + 1 bytes of `stream` (fewer at its end): more than `cap` is too large.

    Asks for the listed size (+ 1) first, then for the rest up to the cap only when the stream
    holds more: a read of cap + 1 bytes allocates a buffer that large (10 MB, ~20 us) for every
    small file."""
    if listed_size is None or listed_size >= cap:
        return stream.read(cap + 1)
    data = stream.read(listed_size + 1)
    if len(data) <= listed_size:
        return data
    return data + stream.read(cap - listed_size)


def _file_figures(stream) -> tuple[int, str] | None:
    """(size, sha256) of the file `stream` reads, read again from its start (under any
    decompression): a damaged archive or compressed file is refused whole, its payload empty,
    and its dead letter's source must still describe the file, not the empty payload. None when
    the file cannot be read again (a member streamed out of an archive)."""
    _, stream = _under_decompression(stream)
    try:
        if not stream.seekable():
            return None
        stream.seek(0)
        return _measured(stream)
    except (OSError, ValueError, AttributeError):  # closed, not seekable after all, no seek
        return None


def _measured(stream, head: bytes = b"") -> tuple[int, str]:
    """(size, sha256) of `head` and what `stream` (None: nothing) reads on, a MiB at a time."""
    digest, size = hashlib.sha256(head), len(head)
    while stream is not None and (block := stream.read(2**20)):
        digest.update(block)
        size += len(block)
    return size, digest.hexdigest()


def _under_decompression(stream) -> tuple[bool, object]:
    """(whether `stream` is decompressed, the outermost stream under it: the file read)."""
    compressed = False
    while isinstance(stream, (formats.Prepended, formats.Decompressed)):
        if isinstance(stream, formats.Decompressed):
            compressed, stream = True, stream.compressed
        else:
            stream = stream.stream
    return compressed, stream


def _compressed_file(stream) -> tuple[bool, object]:
    """(whether `stream` is decompressed, the file under it when it can be read from its start).

    The file is the outermost one: a gzip inside a gzip is measured by the file read."""
    compressed, stream = _under_decompression(stream)
    return compressed, (stream if compressed and stream.seekable() else None)
