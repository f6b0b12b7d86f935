"""Streams read once from the start: peeking at their head, and compressed ones."""
import lzma
import zlib
from typing import BinaryIO

from ._errors import FormatError

try:  # the standard library's from Python 3.14 on
    from compression import zstd
except ImportError:  # Python 3.11 to 3.13: the backport (setup.py)
    from backports import zstd

# Decompressed in pieces of this size, so what comes before damage is kept.
_PIECE_BYTES = 2**16
# What a damaged compressed stream raises while it is read.
_STREAM_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, zstd.ZstdError, ValueError)


def peek(stream: BinaryIO, size: int) -> tuple[bytes, BinaryIO]:
    """(the first `size` bytes, a stream that still starts at the beginning)."""
    if stream.seekable():
        position = stream.tell()
        head = stream.read(size)
        stream.seek(position)
        return head, stream
    head = stream.read(size)
    return head, Prepended(head, stream)


class Prepended:
    """A read-only stream: `head`, then the rest of `stream` (a peeked non-seekable stream)."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self.head = head
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.stream.read(size)
        if size is None or size < 0:
            data, self.head = self.head + self.stream.read(), b""
        elif size <= len(self.head):
            data, self.head = self.head[:size], self.head[size:]
        else:
            data, self.head = self.head + self.stream.read(size - len(self.head)), b""
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False


class Decompressed:
    """The content of a compressed stream, read in blocks, never whole.

    The decompressors of the standard library stop at the size asked for (a few bytes of a
    bzip2 'bomb' can stand for gigabytes); a damaged stream raises FormatError('bad_compression')
    when the damage is reached, after the data before it was returned. `compressed` is the stream
    it reads, for whoever needs the file's own bytes.

    Beam's CompressedFile (FileSystems.open(compression_type=...)) is not used for inputs: it
    decompresses each 16 MiB it reads whole, and a 785-byte bzip2 file took 2.2 GB of memory to
    give its first 4 KB.
    """

    def __init__(self, stream: BinaryIO, fmt, name: str):
        self.compressed = stream
        self.fmt = fmt
        self.name = name
        self._reader = None
        self._damage = None  # the error met after data that was returned first
        self._returned = False  # whether data came out: gzip then met its end whole

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (all with -1); short only at the end or just before the damage."""
        if self._damage is not None:
            raise self._damage
        pieces, wanted = [], size if size is not None and size >= 0 else None
        while wanted is None or wanted > 0:
            try:
                piece = self._read1(_PIECE_BYTES if wanted is None else min(wanted, _PIECE_BYTES))
            except FormatError as damage:
                if not pieces:
                    raise
                self._damage = damage  # the data before it first
                break
            if not piece:
                break
            pieces.append(piece)
            if wanted is not None:
                wanted -= len(piece)
        return b"".join(pieces)

    def _read1(self, size: int) -> bytes:
        try:
            if self._reader is None:
                self._reader = self.fmt.open(self.compressed)
            piece = self._reader.read1(size)
            self._returned = self._returned or bool(piece)
            return piece
        except _STREAM_ERRORS as error:
            cause = error or type(error).__name__
            # After data, gzip looks for another member only once one ended whole (a cut one
            # raises EOFError, a bad one zlib.error or a CRC error): what follows is no gzip.
            if self._returned and "Not a gzipped file" in str(error):
                cause = (f"bytes after the end of the gzip data are not another gzip stream "
                         f"(junk appended? the data before them is whole): {error}")
            raise FormatError("bad_compression", f"cannot decompress {self.name or 'the input'} "
                              f"({self.fmt.name}): {cause}") from None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False
