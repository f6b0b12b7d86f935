"""Duplicate cables within one batch run, found without holding the records in memory.

Each cable leaves a small fingerprint (reference id, content hash, where it came from). Grouping
the fingerprints by reference id decides, per id:
- copies with the same content: the first (by source uri and row) is kept, every other copy
  becomes a dead letter `duplicate` naming the kept one, so every input stays accounted for;
- different contents under one id: all are kept, each with a warning naming the others.
The decisions are few; `apply_decisions` carries them out on the staged files when the run is
published, rewriting only the files that hold an affected record. Runs without duplicates pay
for the fingerprints only.
"""
import hashlib
from collections import defaultdict
from typing import Iterable, Iterator, NamedTuple, Optional

import apache_beam as beam
import fastavro
from apache_beam.io.filesystems import FileSystems

import schemas
from transforms.records import TEXT, VALIDATE, Failure, RawInput, dead_letter, utc_now

DUPLICATE, CONFLICT = "duplicate", "conflict"
# What a cable says: its clean body and the header fields that tell two versions apart. Where it
# came from (source, format, page furniture) and when it was ingested do not count.
_CONTENT_FIELDS = ("date_time_group", "classification", "subject", "body")


class Fingerprint(NamedTuple):
    content: str  # sha256 of the record's content fields
    uri: str
    row: Optional[int]


class Decision(NamedTuple):
    uri: str
    row: Optional[int]
    reference_id: str  # with uri and row, names the record (a dump's row numbers may repeat)
    action: str  # DUPLICATE: becomes a dead letter; CONFLICT: kept with a warning
    others: str  # the kept copy (DUPLICATE) or the other versions (CONFLICT), as labels


def content_hash(record: dict) -> str:
    digest = hashlib.sha256()
    for name in _CONTENT_FIELDS:
        digest.update((record.get(name) or "").encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def fingerprint(record: dict) -> tuple[str, Fingerprint]:
    source = record["source"]
    return record["reference_id"], Fingerprint(content_hash(record), source["uri"], source["row"])


def label(uri: str, row: Optional[int]) -> str:
    return uri if row is None else f"{uri} row {row}"


def decide(prints: Iterable[Fingerprint], reference_id: str = "") -> list[Decision]:
    """The decisions for the fingerprints of one reference id (none when it is unique)."""
    members = sorted(prints, key=lambda p: (p.uri, p.row or 0))
    if len(members) < 2:
        return []
    versions = defaultdict(list)  # content -> copies, in source order
    for member in members:
        versions[member.content].append(member)
    decisions = []
    for copies in versions.values():
        kept = copies[0]
        decisions += [Decision(c.uri, c.row, reference_id, DUPLICATE, label(kept.uri, kept.row)) for c in copies[1:]]
    kept_versions = [copies[0] for copies in versions.values()]
    if len(kept_versions) > 1:
        for kept in kept_versions:
            others = ", ".join(label(o.uri, o.row) for o in kept_versions if o is not kept)
            decisions.append(Decision(kept.uri, kept.row, reference_id, CONFLICT, others))
    return decisions


class FindDuplicates(beam.PTransform):
    """Cable records -> the Decisions of this run (usually none)."""

    def expand(self, cables):
        return (cables
                | "Fingerprint" >> beam.Map(fingerprint)
                | "GroupById" >> beam.GroupByKey()
                | "Decide" >> beam.FlatMap(lambda keyed: decide(keyed[1], keyed[0])))


class Duplicate(NamedTuple):
    """A copy removed from the cables: it becomes a dead letter once its raw input is read again."""

    uri: str
    row: Optional[int]
    reference_id: str
    kept: str  # the label of the copy that was kept


def apply_decisions(cable_files: list[str], decisions: list[Decision], codec: str) -> list[Duplicate]:
    """Rewrite the staged cable files the decisions touch; the copies taken out of them.

    Files are streamed record by record, and only a file that changes is replaced.
    """
    by_source = {(d.uri, d.row, d.reference_id): d for d in decisions}
    duplicates = []
    # A dump whose row numbers repeat (appended to itself) gives copies with the kept copy's own
    # uri and row: the first record met under such a source is the one kept.
    kept_in_place = set()
    for path in cable_files:
        rewritten = path + ".dedupe"
        with FileSystems.open(path) as stream, FileSystems.create(rewritten) as sink:
            writer = fastavro.write.Writer(sink, schemas.cable_schema(), codec=codec)
            changed = False
            for record in fastavro.reader(stream):
                source = (record["source"]["uri"], record["source"]["row"], record["reference_id"])
                decision = by_source.get(source)
                if _names_itself(decision, source) and source not in kept_in_place:
                    kept_in_place.add(source)
                    decision = None
                changed |= decision is not None
                if decision is None or decision.action == CONFLICT:
                    writer.write(_with_conflict_warning(record, decision))
                else:
                    duplicates.append(Duplicate(*source, kept=decision.others))
            writer.flush()
        if changed:
            FileSystems.delete([path])
            FileSystems.rename([rewritten], [path])
        else:
            FileSystems.delete([rewritten])
    return duplicates


def duplicate_dead_letters(duplicates: list[Duplicate], raw_inputs: dict) -> Iterator[dict]:
    """The dead letter of each copy; `raw_inputs` maps (uri, row) to its RawInput read again."""
    for copy in duplicates:
        raw = raw_inputs.get((copy.uri, copy.row))
        note = ""
        if raw is None:  # the source changed or vanished since the run read it
            raw = RawInput(copy.uri, TEXT, b"", copy.row)
            note = "; its source can no longer be read, so the payload is empty"
        yield dead_letter(raw, Failure(
            VALIDATE, DUPLICATE, f"same cable as {copy.kept} ({copy.reference_id}, same content): "
            f"written once{note}", reference_id_hint=copy.reference_id), utc_now())


def _names_itself(decision: Optional[Decision], source: tuple) -> bool:
    return (decision is not None and decision.action == DUPLICATE
            and decision.others == label(*source[:2]))


def _with_conflict_warning(record: dict, decision: Optional[Decision]) -> dict:
    if decision is None:
        return record
    warning = (f"reference id {record['reference_id']} also names a different cable: "
               f"{decision.others}")
    return {**record, "warnings": list(record["warnings"]) + [warning]}
