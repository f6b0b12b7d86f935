"""sniff_format: which reader an input needs, from its name and its first bytes."""
from ._csv import ROW_START

# Extension -> format. Longest suffixes first, so '.tar.gz' is seen before a shorter suffix.
_EXTENSIONS = (
    (".tar.gz", "tar"), (".tar.bz2", "tar"), (".tar.xz", "tar"),
    (".tgz", "tar"), (".tbz2", "tar"), (".tbz", "tar"), (".txz", "tar"), (".tar", "tar"),
    (".zip", "zip"),
    (".html", "html"), (".htm", "html"), (".xhtml", "html"),
    (".csv", "csv"),
    (".txt", "text"),
)
# Local file header, empty archive, spanned archive.
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# gzip, bzip2, xz: the only compressed inputs we read are compressed tar archives.
_COMPRESSED_MAGIC = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")
# POSIX and GNU tar headers carry 'ustar' at offset 257 of the first 512-byte block.
_TAR_MAGIC_AT = slice(257, 262)
_BOM = b"\xef\xbb\xbf"
_HTML_MARKERS = (b"<!doctype html", b"<html")
_HTML_WINDOW = 1024  # an XML prolog or a comment may come before the doctype


def sniff_format(name: str, head: bytes) -> str:
    """The format of an input: 'text', 'html', 'csv', 'zip' or 'tar'.

    `name` is the file name, path or URI ('' when there is none, e.g. a Pub/Sub message); an
    archive member's 'ARCHIVE!MEMBER' is judged by the member's name. Its extension decides when
    it is known (.txt, .html/.htm, .csv, .zip, .tar, .tar.gz/.tgz, .tar.bz2, .tar.xz). Otherwise
    `head` (the first few KB) does: zip magic -> 'zip'; gzip, bzip2 or xz magic, or a tar header
    -> 'tar' (compressed single files are not supported, `iter_archive` reports them clearly);
    `<!DOCTYPE html` or `<html` near the start -> 'html'; a first line like
    `"1","3/4/1975 11:11",...` -> 'csv'; anything else -> 'text'.
    """
    return _format_by_name(name) or _format_by_content(head)


def _format_by_name(name: str) -> str | None:
    base = name.rsplit("/", 1)[-1].rsplit("!", 1)[-1].lower()
    for suffix, kind in _EXTENSIONS:
        if base.endswith(suffix):
            return kind
    return None


def _format_by_content(head: bytes) -> str:
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_COMPRESSED_MAGIC) or head[_TAR_MAGIC_AT] == b"ustar":
        return "tar"
    text = head.removeprefix(_BOM).lstrip()
    if _looks_like_html(text):
        return "html"
    if ROW_START.match(text):
        return "csv"
    return "text"


def _looks_like_html(text: bytes) -> bool:
    # Markup starts with '<'; a cable never does. Then look for the markers a little way in.
    if not text.startswith(b"<"):
        return False
    window = text[:_HTML_WINDOW].lower()
    return any(marker in window for marker in _HTML_MARKERS)
