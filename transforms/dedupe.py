"""De-duplication: the stage between parse/validate and the write, shared by `run` and `replay`.

Every cable travels here with the raw input it came from. Its fingerprint (`CableEntry`: reference
id, content hash, uri, row), grouped by reference id with the entries an incremental output's
ledger holds for that id, decides, per id (`decide`):
- copies with the same content (`content_hash`): the first by source uri and row is written,
  every other copy becomes a `duplicate` dead letter naming the kept one, its raw input as
  payload, so every input stays accounted for;
- a content the ledger already holds (an earlier incremental run wrote it): no copy is written
  again, and they are counted as `already_ingested` cables, not made dead letters (a whole dump
  dropped again with 100 new rows must give 100 records, not 251,187 dead letters);
- different contents under one id: each is written, with a warning naming the others (those of
  this run and those of earlier runs).
Nothing is read again and no written file is changed: the decision is made before the write.
The cables themselves wait in spill files of the run's staging folder meanwhile, so memory stays
flat on any runner (`DeduplicateCables`).
"""
import hashlib
import io
import uuid
from collections import defaultdict
from typing import Any, Iterable, NamedTuple, Optional, Tuple

import apache_beam as beam
import fastavro
from apache_beam import pvalue
from apache_beam.io.filesystems import FileSystems
from apache_beam.pvalue import AsDict
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

import schemas
from transforms import metrics
from transforms.records import (CABLE, DEAD_LETTER, VALIDATE, Failure, Outcome, RawInput,
                                dead_letter, utc_now)
from transforms.validate import decoded_cable

DUPLICATE = "duplicate"
# Tags of the stage's outputs besides the cables to write.
DEAD_LETTERS, ALREADY_INGESTED, LEDGER = "dead_letters", "already_ingested", "ledger"
SPILL_FILES = "spill_files"  # the spill files' paths, from SpillCables
SPILL_DIR = "spill"  # in the staging folder: where SpillCables writes them
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


class Copy(NamedTuple):
    """One cable of this run as the decisions see it: its entry and where it is (`at`: any key
    unique within the run, e.g. its spill file and position), and whether it is a replayed
    `duplicate` dead letter."""

    entry: CableEntry
    at: tuple
    replayed_duplicate: bool = False


# What becomes of a cable that is not simply written (a Decision's `kind`).
WRITE_WITH_WARNING, COPY_OF, REPLAYED_DUPLICATE, ALREADY = (
    "warning", "copy_of", "replayed_duplicate", "already_ingested")


class Decision(NamedTuple):
    kind: str
    detail: object = None  # the warning (WRITE_WITH_WARNING), the kept CableEntry (COPY_OF)


def decide(copies: Iterable[Copy], known: Iterable[CableEntry] = (),
           has_ledger: bool = False) -> tuple[list[Copy], dict]:
    """The rules, for the copies of one reference id (`known`: the ledger's entries for it).

    Returns (the copies to write, {copy.at: Decision}) where a copy written as it is has no
    decision: copies with one content are written once (the first by uri and row) and the
    others are COPY_OF it; a content the ledger holds is ALREADY ingested; different contents
    are each written with a warning naming the others. Without a ledger to consult
    (`has_ledger`), a replayed `duplicate` dead letter stays a `duplicate`: the run that made it
    wrote its cable, and the output it replays into cannot say otherwise.
    """
    known_by_content = {}
    for entry in sorted(known, key=lambda e: (e.uri, e.row or 0)):
        known_by_content.setdefault(entry.content_hash, entry)
    versions = defaultdict(list)  # content -> [Copy], in source order
    decisions = {}
    for copy in copies:
        if copy.replayed_duplicate and not has_ledger:
            decisions[copy.at] = Decision(REPLAYED_DUPLICATE)
            continue
        versions[copy.entry.content_hash].append(copy)
    written = []
    for content, same in versions.items():
        same.sort(key=lambda copy: (copy.entry.uri, copy.entry.row or 0))
        if content in known_by_content:
            decisions.update((copy.at, Decision(ALREADY)) for copy in same)
            continue
        written.append(same[0])
        decisions.update((copy.at, Decision(COPY_OF, same[0].entry)) for copy in same[1:])
    labels = ([entry.label for entry in known_by_content.values()]
              + [copy.entry.label for copy in written])
    if len(labels) > 1:
        for copy in written:
            decisions[copy.at] = Decision(WRITE_WITH_WARNING,
                                          _conflict_warning(copy.entry, labels))
    return written, decisions


def apply(decision: Optional[Decision], entry: CableEntry, raw: RawInput,
          record) -> Optional[Outcome]:
    """What one cable becomes under its decision: a CABLE to write (a record, or the spilled
    cable's datum, an EncodedDatum), a duplicate's DEAD_LETTER, or None when it is already
    ingested. `record()` gives the cable (decoded only for a warning to add)."""
    if decision is None:
        return Outcome(CABLE, record())
    if decision.kind == WRITE_WITH_WARNING:
        cable = record()
        if not isinstance(cable, dict):  # a spilled datum: the one kind of cable decoded again
            cable = decoded_cable(cable.avro)
        return Outcome(CABLE, {**cable, "warnings": list(cable["warnings"]) + [decision.detail]})
    if decision.kind == COPY_OF:
        return Outcome(DEAD_LETTER, _duplicate(raw, decision.detail))
    if decision.kind == REPLAYED_DUPLICATE:
        return Outcome(DEAD_LETTER, _replayed_duplicate(raw, entry))
    return None


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


def _conflict_warning(entry: CableEntry, labels: list[str]) -> str:
    others = ", ".join(other for other in labels if other != entry.label)
    return f"reference id {entry.reference_id} also names a different cable: {others}"


def encoded(record: dict) -> bytes:
    datum = getattr(record, "avro", None)  # an EncodedCable's (transforms.validate)
    if datum is None:
        buffer = io.BytesIO()
        fastavro.schemaless_writer(buffer, schemas.cable_schema(), record)
        datum = buffer.getvalue()
    return datum


class EncodedDatum(NamedTuple):
    """A cable to write as the Avro datum validation made, not decoded: the writer
    (`transforms.write.AvroBlockWriter`) appends `avro` as it is."""

    avro: bytes


# A spilled cable: its entry, its Avro datum and its raw input, as plain fields.
SPILL_SCHEMA = fastavro.parse_schema({
    "type": "record", "name": "SpilledCable", "namespace": "cable_ingest.staging",
    "fields": [{"name": "reference_id", "type": "string"},
               {"name": "content_hash", "type": "string"},
               {"name": "uri", "type": "string"},
               {"name": "row", "type": ["null", "long"]},
               {"name": "datum", "type": "bytes"},
               {"name": "raw_uri", "type": "string"},
               {"name": "raw_row", "type": ["null", "long"]},
               {"name": "format", "type": "string"},
               {"name": "payload", "type": "bytes"},
               {"name": "attempt", "type": "long"},
               {"name": "history", "type": ["null", "string"]},
               {"name": "last_error", "type": ["null", "string"]}]})
# Spill files are read once by this run and deleted with its staging folder: cheap to write.
# zstandard at level 1 rather than snappy, whose Avro blocks also carry a CRC32 of the
# uncompressed bytes (~19 us a generated cable): 1,000 generated cables 51 -> 41 us to write
# one, 26 -> 23 us to read it, files 5x smaller; the 425 corpus pages 171 -> 134 us and
# 71 -> 56 us, 3x smaller (a full dump's spill: ~1.7 GB of staging with snappy).
SPILL_CODEC, SPILL_CODEC_LEVEL = "zstandard", 1
# A block of spilled cables holds this many bytes before it is compressed (fastavro's default,
# 16,000, made a block of every ~36 KB cable): 256 KB blocks take ~15% less CPU to write and
# read and come out ~13% smaller (1,000 generated cables: 61 -> 52 us to write one, 23.5 ->
# 20 us to read it).
SPILL_BLOCK_BYTES = 2**18


def spilled(record: dict, raw: RawInput) -> dict:
    entry = entry_of(record)
    return {"reference_id": entry.reference_id, "content_hash": entry.content_hash,
            "uri": entry.uri, "row": entry.row, "datum": encoded(record), "format": raw.format,
            "payload": raw.payload, "attempt": raw.attempt, "history": raw.history,
            "last_error": raw.last_error, "raw_uri": raw.uri, "raw_row": raw.row}


def _spilled_entry(spill: dict) -> CableEntry:
    return CableEntry(spill["reference_id"], spill["content_hash"], spill["uri"], spill["row"])


# (reference id, (CableEntry fields, at, replayed)), typed as Beam infers it (the same coders);
# declared: Beam would infer it from the DoFn's bytecode at every construction (~6 ms).
@beam.typehints.with_output_types(Tuple[Any, Tuple[Tuple[Any, ...], Tuple[Any, Any], bool]])
class SpillCablesFn(beam.DoFn):
    """(record, RawInput) -> fingerprints (reference id, a Copy's fields); SPILL_FILES: the
    files written.

    Each bundle streams its cables into one spill file of its own (a new name per attempt, so
    a retried bundle never mixes with a failed one's leftovers): nothing is held in memory. A
    Copy's `at` is (file, position in it), unique in the run.
    """

    def __init__(self, spill_dir: str):
        self.spill_dir = spill_dir

    def start_bundle(self):
        self._path = self._stream = self._writer = None
        self._count = 0

    def process(self, pair):
        record, raw = pair
        if self._writer is None:
            self._path = FileSystems.join(self.spill_dir, f"{uuid.uuid4().hex}.avro")
            self._stream = FileSystems.create(self._path)
            self._writer = fastavro.write.Writer(self._stream, SPILL_SCHEMA, codec=SPILL_CODEC,
                                                 compression_level=SPILL_CODEC_LEVEL,
                                                 sync_interval=SPILL_BLOCK_BYTES)
        spill = spilled(record, raw)
        self._writer.write(spill)
        at = (self._path, self._count)
        self._count += 1
        yield record["reference_id"], (tuple(_spilled_entry(spill)), at,
                                       raw.last_error == DUPLICATE)

    def finish_bundle(self):
        if self._writer is None:
            return
        self._writer.flush()
        self._stream.close()
        yield pvalue.TaggedOutput(SPILL_FILES, WindowedValue(
            self._path, MIN_TIMESTAMP, [GlobalWindow()]))
        self._writer = None


def _decisions(keyed, has_ledger: bool) -> list:
    """(reference id, {copies, known}) -> [(copy's at, Decision)] for the affected copies."""
    _, groups = keyed
    copies = [Copy(CableEntry(*entry), tuple(at), replayed)
              for entry, at, replayed in groups["copies"]]
    if not copies:
        return []
    known = [CableEntry(*entry) for entry in groups["known"]]
    _, decisions = decide(copies, known, has_ledger)
    return list(decisions.items())


def _decisions_without_ledger(keyed) -> list:
    """(reference id, copies) -> [(copy's at, Decision)], no ledger to consult."""
    reference_id, copies = keyed
    return _decisions((reference_id, {"copies": copies, "known": ()}), False)


# Declared: Beam would infer it from the DoFn's bytecode at every construction.
@beam.typehints.with_output_types(Any)
class SettleSpilledFn(beam.DoFn):
    """A spill file -> its cables to write (as their datums); DEAD_LETTERS, ALREADY_INGESTED,
    LEDGER (the entry of each cable written, with `keeps_ledger`: an incremental run's).
    `decisions` ({(file, position): Decision}) holds the affected cables alone."""

    def __init__(self, keeps_ledger: bool = True):
        self.keeps_ledger = keeps_ledger

    def process(self, path, decisions):
        with FileSystems.open(path) as stream:
            for position, spill in enumerate(fastavro.reader(stream)):
                entry = _spilled_entry(spill)
                raw = RawInput(spill["raw_uri"], spill["format"], spill["payload"],
                               spill["raw_row"], spill["attempt"], spill["history"],
                               spill["last_error"])
                outcome = apply(decisions.get((path, position)), entry, raw,
                                lambda datum=spill["datum"]: EncodedDatum(datum))
                if outcome is None:
                    yield pvalue.TaggedOutput(ALREADY_INGESTED, entry.reference_id)
                elif outcome.kind == CABLE:
                    metrics.count_cable()
                    yield outcome.record
                    if self.keeps_ledger:
                        yield pvalue.TaggedOutput(LEDGER, entry)
                else:
                    dead = outcome.record
                    metrics.count_dead_letter(dead["stage"], dead["error_type"])
                    yield pvalue.TaggedOutput(DEAD_LETTERS, dead)


class DeduplicateCables(beam.PTransform):
    """(record, RawInput) pairs, and the ledger's CableEntries -> the stage's outputs.

    Returns {'cables': records to write, 'dead_letters': duplicates, 'already_ingested': one
    reference id per copy not written again, 'ledger': the CableEntry of each written cable
    (empty without `known_cables`: a run that keeps no ledger)}.

    Memory stays flat on any runner: "SpillCables" (fused with the parse) streams every cable
    and its raw input into spill files under `spill_dir` and passes on a small fingerprint; the
    decisions are made from the fingerprints (grouped by reference id with the ledger's
    entries) for the cables they concern alone; "SettleCables" then streams each spill file
    once, writing an unaffected cable as its datum without decoding it. The spill files go
    with the staging folder when the run publishes.
    """

    def __init__(self, spill_dir: str, known_cables=None, spread_spill_files: bool = True):
        super().__init__()
        self.spill_dir = spill_dir
        self.known_cables = known_cables  # a PCollection of CableEntry, or None
        self.spread_spill_files = spread_spill_files  # over the workers (none to spread to: no)

    def expand(self, cables):
        spilled_cables = cables | "SpillCables" >> beam.ParDo(
            SpillCablesFn(self.spill_dir)).with_outputs(SPILL_FILES, main="copies")
        if self.known_cables is None:  # a GroupByKey: a join with an empty Create costs ~8 steps
            decisions = (spilled_cables.copies
                         | "GroupById" >> beam.GroupByKey()
                         | "Decide" >> beam.FlatMap(_decisions_without_ledger))
        else:
            ledger = self.known_cables | "KeyLedgerById" >> beam.Map(
                lambda entry: (entry.reference_id, tuple(entry)))
            decisions = ({"copies": spilled_cables.copies, "known": ledger}
                         | "JoinLedger" >> beam.CoGroupByKey()
                         | "Decide" >> beam.FlatMap(_decisions, True))
        spill_files = spilled_cables[SPILL_FILES]
        if self.spread_spill_files:
            spill_files = spill_files | "SpreadSpillFiles" >> beam.Reshuffle()
        outputs = (spill_files
                   # Without a ledger (a full run) no ledger is written: no entry is made.
                   | "SettleCables" >> beam.ParDo(SettleSpilledFn(self.known_cables is not None),
                                                  decisions=AsDict(decisions))
                   .with_outputs(DEAD_LETTERS, ALREADY_INGESTED, LEDGER, main="cables"))
        return {"cables": outputs.cables, "dead_letters": outputs[DEAD_LETTERS],
                "already_ingested": outputs[ALREADY_INGESTED], "ledger": outputs[LEDGER]}
