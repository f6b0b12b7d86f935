"""De-duplication: the stage between parse/validate and the write, shared by `run` and `replay`.

Every cable travels here with the raw input it came from. Its fingerprint (`CableEntry`: reference
id, content hash, uri, row, raw input's sha256), grouped by reference id with the entries an
incremental output's ledger holds for that id, decides, per id (`decide`):
- copies of one cable (same content, `content_hash`, or same raw bytes: `same_cables`): the
  first by source uri and row is written, every other copy becomes a `duplicate` dead letter
  naming the kept one, its raw input as payload, so every input stays accounted for;
- a cable the ledger already holds (an earlier incremental run wrote it, maybe with an older
  parser): no copy is written again, and they are counted as `already_ingested` cables, not
  made dead letters (a whole dump dropped again with 100 new rows must give 100 records, not
  251,187 dead letters);
- different cables under one id: each is written, with a warning naming the others (those of
  this run and those of earlier runs), counted `other_versions_kept`.
Each cable is written once: as it comes, into a cable file of its bundle in the run's staging
folder, with its raw input in a file beside it. Only a file that holds a copy a decision
concerns (a duplicate, a copy already ingested, a warning to add: rare) is read and written anew
(`DeduplicateCables`). Memory stays flat on any runner.
"""
import typing
import uuid
from typing import Any, Iterable, NamedTuple, Optional, Tuple

import apache_beam as beam
import fastavro
from apache_beam import pvalue
from apache_beam.io.filesystems import FileSystems
from apache_beam.pvalue import AsMultiMap
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

import schemas
from transforms import metrics
from transforms.quality import QualityStatsFn
# (content_hash and label: also known as the de-duplication's, by its tests and tools)
from transforms.fingerprint import CableEntry, content_hash, entry_of, label  # noqa: F401
from transforms.records import (CABLE, DEAD_LETTER, DUPLICATE, OTHER_VERSIONS_WARNING, VALIDATE,
                                Failure, Outcome, RawInput, dead_letter, utc_now)
from transforms.tallies import ALREADY_INGESTED_CABLES, DUPLICATES, OTHER_VERSIONS_KEPT, tally
from transforms.tallies import CABLES as WRITTEN
from transforms.write import AvroBlockWriter, create_file

# Tags of the stage's outputs besides the cable files.
DEAD_LETTERS, LEDGER, TALLIES, QUALITY = "dead_letters", "ledger", "tallies", "quality"
STAGED = "staged"  # StageCablesFn's StagedBundles
SPILL_DIR = "spill"  # in the staging folder: where the cables wait to be named


class Copy(NamedTuple):
    """One cable of this run as the decisions see it: its entry and where it is (`at`: any key
    unique within the run: its staged cable file and position), and whether it is a replayed
    `duplicate` dead letter."""

    entry: CableEntry
    at: tuple
    replayed_duplicate: bool = False


# What becomes of a cable that is not simply written (a Decision's `kind`).
WRITE_WITH_WARNING, COPY_OF, REPLAYED_DUPLICATE, ALREADY = (
    "warning", "copy_of", "replayed_duplicate", "already_ingested")


class Decision(NamedTuple):
    kind: str
    # The warning (WRITE_WITH_WARNING), the kept CableEntry (COPY_OF), the copy's own
    # CableEntry (REPLAYED_DUPLICATE).
    detail: object = None


def decide(copies: Iterable[Copy], known: Iterable[CableEntry] = (),
           has_ledger: bool = False) -> tuple[list[Copy], dict]:
    """The rules, for the copies of one reference id (`known`: the ledger's entries for it).

    Returns (the copies to write, {copy.at: Decision}) where a copy written as it is has no
    decision. The copies and entries that are one cable (`same_cables`: same content, or same
    raw bytes) are written once (the first by uri and row) and the others are COPY_OF it; a
    cable the ledger holds is ALREADY ingested; different cables are each written with a
    warning naming the others. Without a ledger to consult (`has_ledger`), a replayed
    `duplicate` dead letter stays a `duplicate`: the run that made it wrote its cable, and the
    output it replays into cannot say otherwise.
    """
    decisions, found = {}, []
    for copy in copies:
        if copy.replayed_duplicate and not has_ledger:
            decisions[copy.at] = Decision(REPLAYED_DUPLICATE, copy.entry)
        else:
            found.append(copy)
    known = sorted(known, key=_source_order)
    found.sort(key=lambda copy: _source_order(copy.entry))
    written, earlier = [], []  # a Copy per cable of this run, a ledger entry per earlier cable
    for cable in same_cables([*known, *found]):
        ours = [item for item in cable if isinstance(item, Copy)]
        if len(ours) < len(cable):  # the ledger holds it: an earlier run wrote this cable
            earlier.append(next(item for item in cable if not isinstance(item, Copy)))
            decisions.update((copy.at, Decision(ALREADY)) for copy in ours)
            continue
        written.append(ours[0])
        decisions.update((copy.at, Decision(COPY_OF, ours[0].entry)) for copy in ours[1:])
    if len(earlier) + len(written) > 1:
        # (each other version by its entry, not by its label: an earlier run's version of the
        # same file has this one's label, and was left out, the warning naming nothing)
        for copy in written:
            others = [other.entry.label for other in written if other is not copy]
            others += [_earlier_version(entry, copy.entry) for entry in earlier]
            decisions[copy.at] = Decision(WRITE_WITH_WARNING,
                                          _conflict_warning(copy.entry, others))
    return written, decisions


def same_cables(items: list) -> list[list]:
    """Copies and ledger entries (CableEntry) of one reference id, grouped by cable: two with
    the same content, or the same raw bytes, are one cable, and so is all that either is one
    with. The groups in the order of their first item, each in the items' order.

    The raw bytes count because the content is what the parser made of them: after a parser
    upgrade the same file, dropped again under another name, parses a little differently, and
    is still the cable an earlier run wrote (an entry of an older ledger, without its raw
    bytes' hash, matches by content alone)."""
    parent = list(range(len(items)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = index = parent[parent[index]]  # (halving the path: chains stay short)
        return index

    first_with: dict[tuple, int] = {}  # ("content" or "raw", hash) -> its first item
    for index, item in enumerate(items):
        entry = item.entry if isinstance(item, Copy) else item
        keys = [("content", entry.content_hash)]
        if entry.source_sha256:
            keys.append(("raw", entry.source_sha256))
        for key in keys:
            if key in first_with:
                parent[root(index)] = root(first_with[key])
            else:
                first_with[key] = index
    groups: dict = {}
    for index, item in enumerate(items):
        groups.setdefault(root(index), []).append(item)
    return list(groups.values())


def _source_order(entry: CableEntry) -> tuple:
    return entry.uri, entry.row or 0


def apply(decision: Optional[Decision], raw: RawInput, record: dict) -> Optional[Outcome]:
    """What one cable (`record`) becomes under its decision: a CABLE to write, a duplicate's
    DEAD_LETTER, or None when it is already ingested."""
    if decision is None:
        return Outcome(CABLE, record)
    if decision.kind == WRITE_WITH_WARNING:
        return Outcome(CABLE, {**record,
                               "warnings": list(record["warnings"]) + [decision.detail]})
    if decision.kind == COPY_OF:
        kept = decision.detail
        if content_hash(record) == kept.content_hash:
            same = "same content"
        elif record["source"]["sha256"] == kept.source_sha256:
            same = "same raw input"
        else:   # (one with it through a third copy: `same_cables` groups so)
            same = "same content or raw input as another copy of it"
        return Outcome(DEAD_LETTER, duplicate_dead_letter(raw, kept.reference_id, kept.label,
                                                          same=same))
    if decision.kind == REPLAYED_DUPLICATE:
        return Outcome(DEAD_LETTER, duplicate_dead_letter(raw, decision.detail.reference_id))
    return None


def duplicate_dead_letter(raw: RawInput, reference_id: str, kept: str | None = None,
                          horizon_seconds: int | None = None, same: str = "same content") -> dict:
    """The `duplicate` dead letter of a copy not written, the one place one is made (a batch
    run's copies, a replayed duplicate's, a streaming run's copies within its horizon).

    `kept`: the label of the copy written (`CableEntry.label`); None for a replayed duplicate,
    whose cable the run that made its dead letter wrote. `horizon_seconds`: a streaming run's
    horizon, within which the copy came. `same`: what makes it that cable (`same_cables`)."""
    if kept is None:
        message = (f"a replayed copy of {reference_id}, whose cable the run that made this dead "
                   "letter wrote: not written again (into an incremental output, replay with "
                   "--incremental to check it against the output's ledger)")
    else:
        within = f", within the {horizon_seconds:,} s horizon" if horizon_seconds else ""
        message = f"same cable as {kept} ({reference_id}, {same}){within}: written once"
    return dead_letter(raw, Failure(VALIDATE, DUPLICATE, message, reference_id_hint=reference_id),
                       utc_now())


def _earlier_version(earlier: CableEntry, entry: CableEntry) -> str:
    """An earlier run's cable of `entry`'s id, as its warning names it: a file corrected in
    place has the same label, and is said to be its earlier version, not another file."""
    if earlier.label == entry.label:
        return f"{earlier.label} (an earlier run's version of this file)"
    return f"{earlier.label} (an earlier run's)"


def _conflict_warning(entry: CableEntry, others: list[str]) -> str:
    named = ", ".join(dict.fromkeys(others))        # (each once: two runs' versions of one file)
    return f"reference id {entry.reference_id} {OTHER_VERSIONS_WARNING}: {named}"


def _avro_type(annotation) -> str | list:
    """The Avro type of a RawInput field's annotation (str, bytes, int, or Optional of one)."""
    avro = {str: "string", bytes: "bytes", int: "long"}
    if typing.get_origin(annotation) is typing.Union:  # Optional[X]: null or X
        (inner,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return ["null", avro[inner]]
    return avro[annotation]


# A staged cable's raw input, kept beside the cable files for the rare copy that becomes a
# duplicate dead letter (its payload whole): RawInput's fields, in its order.
RAW_SCHEMA = fastavro.parse_schema({
    "type": "record", "name": "StagedRawInput", "namespace": "cable_ingest.staging",
    "fields": [{"name": name, "type": _avro_type(annotation)}
               for name, annotation in typing.get_type_hints(RawInput).items()]})
# Raw inputs are read back only for a duplicate, and deleted with the staging folder: cheap to
# write. zstandard at level 1 rather than snappy, whose Avro blocks also carry a CRC32 of the
# uncompressed bytes; 256 KB blocks rather than fastavro's 16,000 bytes (a block of every
# cable): both measured on the spill files that held the raw inputs with the cables' datums
# (benchmarks/README.md).
RAW_CODEC, RAW_CODEC_LEVEL = "zstandard", 1
RAW_BLOCK_BYTES = 2**18


class StagedBundle(NamedTuple):
    """The two files one bundle of StageCablesFn wrote: its cables (the output's schema and
    codec, in their order) and their raw inputs (RAW_SCHEMA, in the same order)."""

    cables: str
    raw_inputs: str


# (reference id, (CableEntry fields, at, replayed)), typed as Beam infers it (the same coders);
# declared: Beam would infer it from the DoFn's bytecode at every construction (~6 ms).
@beam.typehints.with_output_types(Tuple[Any, Tuple[Tuple[Any, ...], Tuple[Any, Any], bool]])
class StageCablesFn(beam.DoFn):
    """(record, RawInput) -> fingerprints (reference id, a Copy's fields); STAGED: the files.

    Each bundle writes its cables into a cable file of its own, as the output will hold them
    (each cable's datum as validation encoded it), and their raw inputs into a raw-input file
    beside it (new names per attempt, so a retried bundle never mixes with a failed one's
    leftovers): nothing is held in memory, and a cable is written once. A Copy's `at` is (its
    cable file, its position in it), unique in the run.
    """

    def __init__(self, staging_dir: str, codec: str):
        self.staging_dir = staging_dir
        self.codec = codec

    def start_bundle(self):
        self._files = self._streams = self._writers = None
        self._count = 0

    def _open(self) -> None:
        name = uuid.uuid4().hex
        self._files = StagedBundle(FileSystems.join(self.staging_dir, f"cables-{name}.avro"),
                                   FileSystems.join(self.staging_dir, f"raw-{name}.avro"))
        self._streams = [create_file(path) for path in self._files]
        self._writers = (
            AvroBlockWriter(self._streams[0], schemas.load_parsed("cable"), self.codec),
            fastavro.write.Writer(self._streams[1], RAW_SCHEMA, codec=RAW_CODEC,
                                  compression_level=RAW_CODEC_LEVEL,
                                  sync_interval=RAW_BLOCK_BYTES))

    def process(self, pair):
        record, raw = pair
        if self._writers is None:
            self._open()
        cables, raw_inputs = self._writers
        cables.write(record)
        raw_inputs.write(raw._asdict())
        at = (self._files.cables, self._count)
        self._count += 1
        yield record["reference_id"], (tuple(entry_of(record)), at, raw.last_error == DUPLICATE)

    def finish_bundle(self):
        if self._writers is None:
            return
        for writer, stream in zip(self._writers, self._streams):
            writer.flush()
            stream.close()
        yield pvalue.TaggedOutput(STAGED, WindowedValue(self._files, MIN_TIMESTAMP,
                                                        [GlobalWindow()]))
        self._writers = None


# Declared: Beam would infer it from the DoFn's bytecode at every construction.
@beam.typehints.with_output_types(Any)
class DecideFn(beam.DoFn):
    """(reference id, {copies, known}), or without a ledger (reference id, copies) -> (cable
    file, (position, Decision)) for each copy a decision concerns; LEDGER: the CableEntry of
    each copy that stays written (with `has_ledger`: an incremental run keeps one); TALLIES,
    per bundle: the copies that stay written (WRITTEN, counted here) and those the ledger holds
    already (ALREADY_INGESTED_CABLES)."""

    def __init__(self, has_ledger: bool):
        self.has_ledger = has_ledger

    def start_bundle(self):
        self._written = self._already = 0

    def process(self, keyed):
        _, groups = keyed
        if self.has_ledger:
            found, known = groups["copies"], [CableEntry(*entry) for entry in groups["known"]]
        else:  # the GroupByKey's copies, no ledger to consult
            found, known = groups, ()
        copies = [Copy(CableEntry(*entry), tuple(at), replayed) for entry, at, replayed in found]
        if not copies:
            return
        written, decisions = decide(copies, known, self.has_ledger)
        self._written += len(written)
        for copy in written:
            metrics.count_cable()
            if self.has_ledger:
                yield pvalue.TaggedOutput(LEDGER, copy.entry)
        for (path, position), decision in decisions.items():
            if decision.kind == ALREADY:
                self._already += 1
            yield path, (position, decision)

    def finish_bundle(self):
        if self._written:
            yield pvalue.TaggedOutput(TALLIES, tally(WRITTEN, self._written))
        if self._already:
            yield pvalue.TaggedOutput(TALLIES, tally(ALREADY_INGESTED_CABLES, self._already))


# Declared: Beam would infer it from the DoFn's bytecode at every construction.
@beam.typehints.with_output_types(Any)
class SettleStagedFn(beam.DoFn):
    """A StagedBundle -> its cable file to publish; DEAD_LETTERS: its duplicates.

    `decisions` ({cable file: [(position, Decision)]}) holds the files a decision concerns
    alone. Any other file is published as it was written, unread. A concerned file is read
    and written anew without the copies that are not to be written (a duplicate becomes a
    dead letter with the raw input kept beside it; a copy already ingested is left out) and
    with each warning added; a file left with no cable is not published.

    With `measure` (as the parse measures its own, `transforms.parse`), each bundle that made
    dead letters or added warnings ends with their QUALITY partial (of
    `transforms.quality.QualityStatsFn`: the dead letters, and the warnings the parse could not
    measure) and their TALLIES (DUPLICATES, by type; OTHER_VERSIONS_KEPT, the cables written
    with a warning naming another version): nothing goes through another step to be counted
    or measured.
    """

    def __init__(self, staging_dir: str, codec: str, measure: bool = False):
        self.staging_dir = staging_dir
        self.codec = codec
        self.measure = measure

    def start_bundle(self):
        self._stats = self._quality = None
        self._dead_letters, self._types, self._other_versions = 0, {}, 0

    def process(self, staged, decisions):
        concerning = dict(decisions[staged.cables])  # a MultiMap: [] for a file not concerned
        if not concerning:
            yield staged.cables
            return
        rewritten = FileSystems.join(self.staging_dir, f"cables-{uuid.uuid4().hex}.avro")
        kept = 0
        with FileSystems.open(staged.cables) as cables, \
                FileSystems.open(staged.raw_inputs) as raw_inputs, \
                create_file(rewritten) as stream:
            writer = AvroBlockWriter(stream, schemas.load_parsed("cable"), self.codec)
            pairs = zip(fastavro.reader(cables), fastavro.reader(raw_inputs))
            for position, (cable, raw) in enumerate(pairs):
                decision = concerning.get(position)
                outcome = apply(decision, RawInput(**raw), cable)
                if outcome is None:  # already ingested: counted by DecideFn
                    continue
                if outcome.kind == CABLE:
                    writer.write(outcome.record)
                    kept += 1
                    if decision and decision.kind == WRITE_WITH_WARNING:
                        self._count_warning(cable, decision.detail)
                else:
                    dead = outcome.record
                    metrics.count_dead_letter(dead["stage"], dead["error_type"])
                    if self.measure:
                        self._measure(dead)
                    yield pvalue.TaggedOutput(DEAD_LETTERS, dead)
            writer.flush()
        if kept:
            yield rewritten

    def _quality_partial(self) -> dict:
        if self._quality is None:
            self._stats = QualityStatsFn()
            self._quality = self._stats.create_accumulator()
        return self._quality

    def _measure(self, dead: dict) -> None:
        partial = self._quality_partial()
        self._stats.add_input(partial, dead)
        self._dead_letters += 1
        key = (dead["stage"], dead["error_type"])
        self._types[key] = self._types.get(key, 0) + 1

    def _count_warning(self, cable: dict, warning: str) -> None:
        """A cable written beside another version of its id: its warning, added here, after the
        parse counted and measured the cable's own (its metric; measured, its kind in the
        quality figures and OTHER_VERSIONS_KEPT)."""
        metrics.count_warnings([warning])
        if self.measure:
            partial = self._quality_partial()
            self._stats.add_warning(partial, cable, warning)
            self._other_versions += 1

    def finish_bundle(self):
        if self._quality is None:  # nothing measured
            return
        yield pvalue.TaggedOutput(QUALITY, WindowedValue(self._quality, MIN_TIMESTAMP,
                                                         [GlobalWindow()]))
        if self._dead_letters:
            yield pvalue.TaggedOutput(TALLIES, tally(DUPLICATES, self._dead_letters, self._types))
        if self._other_versions:
            yield pvalue.TaggedOutput(TALLIES, tally(OTHER_VERSIONS_KEPT, self._other_versions))
        self._quality = None


class DeduplicateCables(beam.PTransform):
    """(record, RawInput) pairs, and the ledger's CableEntries -> the stage's outputs.

    Returns {'cable_files': the cable files to publish (temporary names, in `staging_dir`),
    'tallies': two PCollections of tallies (`transforms.tallies.tally`): per bundle of the
    decisions, the count of cables in them (WRITTEN) and of copies not written again
    (ALREADY_INGESTED_CABLES), and per bundle of the settling, the duplicates it made, by type
    (DUPLICATES), and the cables it wrote beside another version (OTHER_VERSIONS_KEPT),
    'dead_letters': duplicates, 'quality': the partial quality figures of the duplicates and of
    the warnings it added (per bundle that made any), 'ledger': the CableEntry of each written
    cable (empty without `known_cables`: a run that keeps no ledger)}.

    "StageCables" (fused with the parse) writes every cable into a cable file of its bundle
    (the output's schema and `codec`) and its raw input beside it, and passes on a small
    fingerprint; the decisions are made from the fingerprints (grouped by reference id with
    the ledger's entries); "SettleCables" then publishes each cable file as it is, or, if a
    decision concerns one of its cables, writes it anew. The raw-input files and the files
    written anew go with the staging folder when the run publishes.
    """

    def __init__(self, staging_dir: str, codec: str, known_cables=None,
                 spread_files: bool = True):
        super().__init__()
        self.staging_dir = staging_dir
        self.codec = codec
        self.known_cables = known_cables  # a PCollection of CableEntry, or None
        self.spread_files = spread_files  # over the workers (none to spread to: no)

    def expand(self, cables):
        staged = cables | "StageCables" >> beam.ParDo(
            StageCablesFn(self.staging_dir, self.codec)).with_outputs(STAGED, main="copies")
        has_ledger = self.known_cables is not None
        if not has_ledger:  # a GroupByKey: a join with an empty Create costs ~8 steps
            grouped = staged.copies | "GroupById" >> beam.GroupByKey()
        else:
            ledger = self.known_cables | "KeyLedgerById" >> beam.Map(
                lambda entry: (entry.reference_id, tuple(entry)))
            grouped = ({"copies": staged.copies, "known": ledger}
                       | "JoinLedger" >> beam.CoGroupByKey())
        # Without a ledger (a full run) no ledger is written: no entry is made.
        decided = grouped | "Decide" >> beam.ParDo(DecideFn(has_ledger)).with_outputs(
            LEDGER, TALLIES, main="decisions")
        bundles = staged[STAGED]
        if self.spread_files:
            bundles = bundles | "SpreadStagedFiles" >> beam.Reshuffle()
        # The settling counts and measures the duplicates it makes: no step more for them.
        settled = bundles | "SettleCables" >> beam.ParDo(
            SettleStagedFn(self.staging_dir, self.codec, measure=True),
            decisions=AsMultiMap(decided.decisions)).with_outputs(
                DEAD_LETTERS, QUALITY, TALLIES, main="files")
        return {"cable_files": settled.files, "tallies": (decided[TALLIES], settled[TALLIES]),
                "dead_letters": settled[DEAD_LETTERS], "quality": settled[QUALITY],
                "ledger": decided[LEDGER]}
