"""What the de-duplication and the ledger know of a cable: its fingerprint (`CableEntry`).

A leaf module (the standard library only): the ledger, read before any input, and the
streaming pipeline's copies use it without importing the de-duplication's Beam stage.
"""
import hashlib
from typing import NamedTuple, Optional

# What a cable says: its clean body and the header fields that tell two versions apart. Where it
# came from (source, format, page furniture) and when it was ingested do not count.
_CONTENT_FIELDS = ("date_time_group", "classification", "subject", "body")


class CableEntry(NamedTuple):
    """A cable as the ledger knows it: enough to recognise it and to name it.

    Two entries of one reference id are the same cable when they have the same content, or
    the same raw bytes (`source_sha256`, the record's source.sha256: its file, archive member
    or CSV row): a parser upgrade changes what is made of the bytes, not which cable they are.
    None for an entry of a ledger written before it was noted (it matches by content alone).
    """

    reference_id: str
    content_hash: str
    uri: str
    row: Optional[int]
    source_sha256: Optional[str] = None

    @property
    def label(self) -> str:
        return label(self.uri, self.row)


def content_hash(record: dict) -> str:
    digest = hashlib.sha256()
    for name in _CONTENT_FIELDS:
        digest.update((record.get(name) or "").encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def entry_of(record: dict) -> CableEntry:
    source = record["source"]
    return CableEntry(record["reference_id"], content_hash(record), source["uri"], source["row"],
                      source["sha256"])


def label(uri: str, row: Optional[int]) -> str:
    return uri if row is None else f"{uri} row {row}"
