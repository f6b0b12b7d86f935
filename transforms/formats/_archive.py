"""Archives (.zip; .tar plain, .gz, .bz2, .xz): their regular files as (name, bytes), in memory
(a dump or another container over the size cap as a stream).

Nothing is extracted to disk and member names are only labels, so hostile names ('../x',
absolute paths) are harmless. Tar archives are read as a stream; zip needs its central
directory at the end, so a non-seekable zip stream is first spooled to a temporary file.
"""
import lzma
import shutil
import stat
import tarfile
import tempfile
import zipfile
import zlib
from typing import BinaryIO, Iterator, NamedTuple

from ._errors import FormatError
from ._registry import ARCHIVE, COMPRESSED, ROWS, TAR, ZIP, format_of
from ._streams import peek

DEFAULT_MAX_MEMBER_BYTES = 64 * 2**20
_HEAD_BYTES = 512
_SPOOL_IN_MEMORY_BYTES = 64 * 2**20
# What a damaged tar stream raises, from tarfile itself or its decompressors (tarfile raises
# TypeError on a gzip header cut short: `ord()` of an empty read).
_TAR_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError, ValueError,
               TypeError)
# What a damaged zip member raises: bad CRC or header, bad deflate data, unknown compression,
# encryption (RuntimeError: password required).
_ZIP_MEMBER_ERRORS = (zipfile.BadZipFile, EOFError, OSError, zlib.error, lzma.LZMAError,
                      NotImplementedError, RuntimeError, ValueError)


class ArchiveMember(NamedTuple):
    """One regular file of an archive, as `iter_archive` yields it.

    name        the member's path inside the archive (a label, never a file system path)
    data        its bytes, or None when it could not be read
    error_code  None, or 'too_large' (over `max_member_bytes`; not read), 'bad_member'
                (damaged or encrypted member of a zip whose other members are fine)
    error       None, or a message for a person
    stream      a member over `max_member_bytes` that holds inputs of its own (a CSV dump, an
                archive, a compressed file: the cap is for each of them), to read as a stream
                (data None), valid until the next member; a damaged one raises FormatError
    """

    name: str
    data: bytes | None
    error_code: str | None = None
    error: str | None = None
    stream: BinaryIO | None = None


def iter_archive(stream: BinaryIO, name: str,
                 max_member_bytes: int | None = DEFAULT_MAX_MEMBER_BYTES) -> Iterator[ArchiveMember]:
    """Yield an ArchiveMember for every regular file of a zip or tar archive, in archive order.

    The kind is taken from the content (zip, gzip, bzip2, xz or tar magic), else from `name`'s
    extension. Directories, links, devices and fifos are skipped. A member larger than
    `max_member_bytes` (None: no cap) is never read whole: yielded as a `stream` when it holds
    inputs of its own (a CSV dump, an archive, a compressed file), else with error_code
    'too_large'. A corrupt or unsupported archive raises FormatError('bad_archive', ...); for a tar
    stream this may happen after the members before the damage were yielded.
    """
    head, stream = peek(stream, _HEAD_BYTES)
    fmt = format_of(name, head)
    if fmt is ZIP:
        yield from _iter_zip(stream, name, max_member_bytes)
    elif fmt is TAR or fmt.layout == COMPRESSED:  # tarfile reads gzip, bzip2 and xz tars itself
        yield from _iter_tar(stream, name, max_member_bytes)
    else:
        raise FormatError("bad_archive", f"{name or 'the input'} is not a zip or tar archive")


def _iter_tar(stream, name, max_member_bytes):
    try:
        with tarfile.open(fileobj=stream, mode="r|*", tarinfo=_CheckedTarInfo) as archive:
            for info in archive:
                if not info.isreg():
                    continue
                member_name = _clean_name(info.name)
                if _over(info.size, max_member_bytes):
                    member = _expandable(archive.extractfile(info), member_name)
                    if member is not None:
                        yield ArchiveMember(member_name, None, stream=member)
                        continue
                    yield _too_large(member_name, info.size, max_member_bytes)
                    continue  # the stream skips the member's data without keeping it
                yield ArchiveMember(member_name, archive.extractfile(info).read())
    except FormatError:  # the compressed stream it reads is damaged: that is the cause
        raise
    except _TAR_ERRORS as error:
        raise FormatError("bad_archive", f"cannot read tar archive {name}: {error}") from None


class _CheckedTarInfo(tarfile.TarInfo):
    """A tar header that is cut short is damage, never the archive's end.

    tarfile takes a header block cut short after the first member for the end of the archive,
    without a word: a tar cut inside the header of its second member gave its first member
    alone, the second vanished. Only a cut inside the zero blocks that end an archive (every
    member whole) stays the end.
    """

    @classmethod
    def frombuf(cls, buf, encoding, errors):
        if 0 < len(buf) < tarfile.BLOCKSIZE and buf.strip(b"\0"):
            raise tarfile.SubsequentHeaderError(  # tarfile's own: a ReadError, whatever the offset
                f"the archive ends inside a member's header ({len(buf)} of its "
                f"{tarfile.BLOCKSIZE} bytes): cut short? the members after it are lost")
        return super().frombuf(buf, encoding, errors)


def _iter_zip(stream, name, max_member_bytes):
    if not stream.seekable():
        stream = _spool(stream)
    try:
        archive = zipfile.ZipFile(stream)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise FormatError("bad_archive", f"cannot read zip archive {name}: {error}") from None
    with archive:
        for info in infos:
            if not _is_regular_zip_member(info):
                continue
            raw = member = None
            if _over(info.file_size, max_member_bytes):
                try:
                    raw = archive.open(info)
                    member = _expandable(raw, info.filename)
                except (FormatError, *_ZIP_MEMBER_ERRORS):
                    member = None  # read below: a bad_member
            if member is None:
                yield _read_zip_member(archive, info, max_member_bytes)
                continue
            try:
                yield ArchiveMember(info.filename, None, stream=member)
            finally:
                raw.close()


def _is_regular_zip_member(info: zipfile.ZipInfo) -> bool:
    # The Unix file type, when a Unix tool wrote the archive: 0 (not given) or a regular file.
    file_type = stat.S_IFMT(info.external_attr >> 16)
    return not info.is_dir() and file_type in (0, stat.S_IFREG)


def _read_zip_member(archive, info, max_member_bytes) -> ArchiveMember:
    if info.flag_bits & 0x1:  # zipfile's own words name the ZipInfo's repr, then the cause
        return ArchiveMember(info.filename, None, "bad_member",
                             f"zip member {info.filename} is encrypted: no password is taken; "
                             "decrypt the archive and ingest it again")
    if _over(info.file_size, max_member_bytes):
        return _too_large(info.filename, info.file_size, max_member_bytes)
    try:
        with archive.open(info) as member:
            # Read one byte past the cap: the header's size may lie.
            data = member.read() if max_member_bytes is None else member.read(max_member_bytes + 1)
    except _ZIP_MEMBER_ERRORS as error:
        return ArchiveMember(info.filename, None, "bad_member",
                             f"cannot read zip member {info.filename}: {error}")
    if _over(len(data), max_member_bytes):
        return _too_large(info.filename, len(data), max_member_bytes)
    return ArchiveMember(info.filename, data)


_SNIFF_BYTES = 4096


def _expandable(raw, name: str):
    """The member `raw` as a stream when it holds inputs of its own (a CSV dump, an archive, a
    compressed file, judged as the reader judges a file: magic bytes, name, content), else None
    (`raw` closed): a single input over the cap is too large, one dump of many rows is not."""
    head, stream = peek(_MemberStream(raw, name), _SNIFF_BYTES)
    if format_of(name, head).layout in (ROWS, ARCHIVE, COMPRESSED):
        return stream
    raw.close()
    return None


class _MemberStream:
    """A member read as a stream: what its archive raises when damaged is a FormatError."""

    def __init__(self, raw, name: str):
        self.raw = raw
        self.name = name

    def read(self, size: int = -1) -> bytes:
        try:
            return self.raw.read(size)
        except _ZIP_MEMBER_ERRORS + _TAR_ERRORS as error:
            raise FormatError("bad_member", f"cannot read member {self.name}: {error}") from None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        self.raw.close()


def _over(size: int, max_member_bytes: int | None) -> bool:
    return max_member_bytes is not None and size > max_member_bytes


def _too_large(name, size, max_member_bytes) -> ArchiveMember:
    return ArchiveMember(name, None, "too_large", f"member {name} holds {size:,} bytes or more, "
                         f"over the cap of {max_member_bytes:,}; it was not read whole")


def _clean_name(name: str) -> str:
    # tarfile decodes names with 'surrogateescape'; a label must be valid text for the records.
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _spool(stream):
    spooled = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY_BYTES)
    shutil.copyfileobj(stream, spooled)
    spooled.seek(0)
    return spooled
