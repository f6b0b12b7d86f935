"""De-duplication: the stage between parse/validate and the write, shared by `run` and `replay`.

Every cable travels here with the raw input it came from. Grouping them by reference id (with
the entries an incremental output's ledger holds for that id) decides, per id:
- copies with the same content (`content_hash`): the first by source uri and row is written,
  every other copy becomes a `duplicate` dead letter naming the kept one, its raw input as
  payload, so every input stays accounted for;
- a content the ledger already holds (an earlier incremental run wrote it): no copy is written
  again, and they are counted as `already_ingested` cables, not made dead letters (a whole dump
  dropped again with 100 new rows must give 100 records, not 251,187 dead letters);
- different contents under one id: each is written, with a warning naming the others (those of
  this run and those of earlier runs).
Nothing is read again and no written file is changed: the decision is made before the write.
"""
import hashlib
import io
from collections import defaultdict
from typing import Iterable, NamedTuple, Optional

import apache_beam as beam
import fastavro
from apache_beam import pvalue
from apache_beam.pvalue import AsDict

import schemas
from transforms import metrics
from transforms.records import VALIDATE, Failure, RawInput, dead_letter, utc_now

DUPLICATE = "duplicate"
# Tags of the stage's outputs besides the cables to write.
DEAD_LETTERS, ALREADY_INGESTED, LEDGER = "dead_letters", "already_ingested", "ledger"
# What a cable says: its clean body and the header fields that tell two versions apart. Where it
# came from (source, format, page furniture) and when it was ingested do not count.
_CONTENT_FIELDS = ("date_time_group", "classification", "subject", "body")


class CableEntry(NamedTuple):
    """A cable as the ledger knows it: enough to recognise it and to name it."""

    reference_id: str
    content_hash: str
    uri: str
    row: Optional[int]

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
    return CableEntry(record["reference_id"], content_hash(record), source["uri"], source["row"])


def label(uri: str, row: Optional[int]) -> str:
    return uri if row is None else f"{uri} row {row}"


class Settled(NamedTuple):
    """What becomes of the cables of one reference id."""

    written: list  # (record, CableEntry): to write, conflict warnings added
    duplicates: list  # dead letters of the copies
    already_ingested: int  # copies of a content the ledger holds


def settle(reference_id: str, cables: Iterable[tuple[dict, RawInput]],
           known: Iterable[CableEntry] = (), has_ledger: bool = False) -> Settled:
    """Decide the fate of one reference id's cables (`known`: the ledger's entries for it).

    Without a ledger to consult (`has_ledger`), a replayed `duplicate` dead letter stays a
    `duplicate`: the run that made it wrote its cable, and the output it replays into cannot say
    otherwise. With one, the ledger decides, as for any cable.
    """
    known_by_content = {}
    for entry in sorted(known, key=lambda e: (e.uri, e.row or 0)):
        known_by_content.setdefault(entry.content_hash, entry)
    versions = defaultdict(list)  # content -> [(entry, record, raw)], in source order
    written, duplicates, already = [], [], 0
    for record, raw in cables:
        entry = entry_of(record)
        if raw.last_error == DUPLICATE and not has_ledger:
            duplicates.append(_replayed_duplicate(raw, entry))
            continue
        versions[entry.content_hash].append((entry, record, raw))
    for content, copies in versions.items():
        copies.sort(key=lambda copy: (copy[0].uri, copy[0].row or 0))
        if content in known_by_content:
            already += len(copies)
            continue
        kept = copies[0][0]
        written.append((copies[0][1], kept))
        duplicates += [_duplicate(raw, kept) for _, _, raw in copies[1:]]
    versions_labels = ([entry.label for entry in known_by_content.values()]
                       + [entry.label for _, entry in written])
    if len(versions_labels) > 1:
        written = [(_with_conflict_warning(record, entry, versions_labels), entry)
                   for record, entry in written]
    return Settled(written, duplicates, already)


def _duplicate(raw: RawInput, kept: CableEntry) -> dict:
    return dead_letter(raw, Failure(
        VALIDATE, DUPLICATE, f"same cable as {kept.label} ({kept.reference_id}, same content): "
        "written once", reference_id_hint=kept.reference_id), utc_now())


def _replayed_duplicate(raw: RawInput, entry: CableEntry) -> dict:
    return dead_letter(raw, Failure(
        VALIDATE, DUPLICATE, f"a replayed copy of {entry.reference_id}, whose cable the run that "
        "made this dead letter wrote: not written again (replay with --incremental into that "
        "output to check it against its ledger)", reference_id_hint=entry.reference_id),
        utc_now())


def _with_conflict_warning(record: dict, entry: CableEntry, labels: list[str]) -> dict:
    others = ", ".join(other for other in labels if other != entry.label)
    warning = f"reference id {record['reference_id']} also names a different cable: {others}"
    return {**record, "warnings": list(record["warnings"]) + [warning]}


def pack(pair: tuple[dict, RawInput]) -> tuple[str, tuple]:
    """(record, raw input) -> (reference id, a tuple of bytes and plain values).

    What goes through the grouping is held by the local runner until every cable is grouped:
    the record travels as its Avro datum (made once by validation) and the raw input as a plain
    tuple, about the size of the two texts, instead of pickled Python objects (~10x larger).
    """
    record, raw = pair
    return record["reference_id"], (encoded(record), tuple(raw))


def unpack(value: tuple) -> tuple[dict, RawInput]:
    from transforms.validate import EncodedCable

    datum, raw = value
    record = fastavro.schemaless_reader(io.BytesIO(datum), schemas.cable_schema(), None)
    return EncodedCable(record, datum), RawInput(*raw)


def encoded(record: dict) -> bytes:
    datum = getattr(record, "avro", None)  # an EncodedCable's (transforms.validate)
    if datum is None:
        buffer = io.BytesIO()
        fastavro.schemaless_writer(buffer, schemas.cable_schema(), record)
        datum = buffer.getvalue()
    return datum


class SettleCopiesFn(beam.DoFn):
    """(reference id, cables) -> records to write; DEAD_LETTERS, ALREADY_INGESTED, LEDGER.

    `known` maps the reference ids of this run that the ledger holds to its CableEntries: a
    dict side input, read once per bundle (a multimap looked up per key costs the local
    runner milliseconds per lookup).
    """

    def __init__(self, has_ledger: bool):
        self.has_ledger = has_ledger

    def process(self, keyed, known):
        reference_id, packed = keyed
        cables = [unpack(value) for value in packed]
        settled = settle(reference_id, cables, known.get(reference_id, ()), self.has_ledger)
        for record, entry in settled.written:
            metrics.count_cable()
            yield record
            yield pvalue.TaggedOutput(LEDGER, entry)
        for dead in settled.duplicates:
            metrics.count_dead_letter(dead["stage"], dead["error_type"])
            yield pvalue.TaggedOutput(DEAD_LETTERS, dead)
        for _ in range(settled.already_ingested):
            yield pvalue.TaggedOutput(ALREADY_INGESTED, reference_id)


def _known_for_this_run(keyed) -> list:
    """(reference id, {run, known}) -> [(reference id, [CableEntry])] when both have it."""
    reference_id, groups = keyed
    known = [CableEntry(*entry) for entry in groups["known"]]
    return [(reference_id, known)] if known and any(True for _ in groups["run"]) else []


class DeduplicateCables(beam.PTransform):
    """(record, RawInput) pairs, and the ledger's CableEntries -> the stage's outputs.

    Returns {'cables': records to write, 'dead_letters': duplicates, 'already_ingested': one
    reference id per copy not written again, 'ledger': the CableEntry of each written cable}.

    The ledger, which may hold millions of cables, is joined with this run's reference ids
    alone (a CoGroupByKey of ids and hashes); only the entries of ids this run has reach the
    settling step. The cables themselves go through a plain GroupByKey: a CoGroupByKey's Flatten
    would log every payload at DEBUG.
    """

    def __init__(self, known_cables=None):
        super().__init__()
        self.known_cables = known_cables  # a PCollection of CableEntry, or None

    def expand(self, cables):
        pipeline = cables.pipeline
        if self.known_cables is None:
            known = pipeline | "NoLedger" >> beam.Create([])
        else:
            run_ids = cables | "RunIds" >> beam.Map(lambda pair: (pair[0]["reference_id"], 1))
            ledger = self.known_cables | "KeyLedgerById" >> beam.Map(
                lambda entry: (entry.reference_id, tuple(entry)))
            known = ({"run": run_ids, "known": ledger}
                     | "JoinLedger" >> beam.CoGroupByKey()
                     | "KnownForThisRun" >> beam.FlatMap(_known_for_this_run))
        outputs = (cables
                   | "Pack" >> beam.Map(pack)
                   | "GroupById" >> beam.GroupByKey()
                   | "Settle" >> beam.ParDo(SettleCopiesFn(self.known_cables is not None),
                                            known=AsDict(known))
                   .with_outputs(DEAD_LETTERS, ALREADY_INGESTED, LEDGER, main="cables"))
        return {"cables": outputs.cables, "dead_letters": outputs[DEAD_LETTERS],
                "already_ingested": outputs[ALREADY_INGESTED], "ledger": outputs[LEDGER]}
