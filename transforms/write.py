"""Writing records as Avro files with the project's explicit schemas (never Beam-derived ones).

A cable is Avro-encoded once: validation's schema check encodes it (an `EncodedCable` carries the
bytes) and `AvroBlockWriter` appends those bytes to the file's blocks as they are. A record
without an encoding (a dead letter, a record a later stage rebuilt) is encoded here. The files
are ordinary Avro container files: same header, schema, codecs and blocks as fastavro writes.
"""
import io
import posixpath
import random
import uuid
from typing import Any, NamedTuple, Tuple

import apache_beam as beam
import fastavro
from apache_beam.io.filesystem import BeamIOError, CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.pvalue import AsList
from apache_beam.transforms.window import FixedWindows, GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue
from fastavro import schemaless_writer

import schemas

# Chosen by the benchmarks (benchmarks/README.md, "Avro codec"): snappy writes 2.3x faster than
# deflate for files 1.7x larger, and BigQuery, Dataflow, Spark and polars all read it.
DEFAULT_CODEC = "snappy"

# fastavro's default: a block is closed once its uncompressed datums reach 16,000 bytes.
BLOCK_BYTES = 16_000


class _Block(NamedTuple):
    """What fastavro's `Writer.write_block` reads of a block: its datums, uncompressed."""

    num_records: int
    bytes_: io.BytesIO


class AvroBlockWriter:
    """One Avro container file, written from records' pre-encoded datums where they have one.

    The header and the compression of each block (null, deflate, snappy, zstandard) are
    fastavro's own (`Writer.write_block`); only the datums come ready-made.
    """

    def __init__(self, stream, schema: dict, codec: str = DEFAULT_CODEC, sync_marker: bytes = b""):
        self._schema = schema
        self._file = fastavro.write.Writer(stream, schema, codec=codec, sync_marker=sync_marker)
        self._block = io.BytesIO()
        self._count = 0

    def write(self, record: dict) -> None:
        datum = getattr(record, "avro", None)  # an EncodedCable's bytes (transforms.validate)
        if datum is None:
            schemaless_writer(self._block, self._schema, record)
        else:
            self._block.write(datum)
        self._count += 1
        if self._block.tell() >= BLOCK_BYTES:
            self._end_block()

    def flush(self) -> None:
        """Write the last block; the stream stays open (its owner closes it)."""
        if self._count:
            self._end_block()
        self._file.flush()

    def _end_block(self) -> None:
        self._file.write_block(_Block(self._count, self._block))
        self._block = io.BytesIO()
        self._count = 0


# Beam's shard names: PREFIX-00000-of-00003.avro.
SHARD_NAME = "{prefix}-{index:05d}-of-{count:05d}.avro"
MIME_TYPE = "application/x-avro"


def create_file(path: str):
    """A new Avro file's stream. Avro compresses block by block (the codec), not the file."""
    return FileSystems.create(path, mime_type=MIME_TYPE,
                              compression_type=CompressionTypes.UNCOMPRESSED)


def write_avro_file(path: str, schema_name: str, codec: str, records) -> str:
    """One Avro container file of `records` at `path` (no records: the header alone)."""
    with create_file(path) as stream:
        writer = AvroBlockWriter(stream, schemas.load_parsed(schema_name), codec)
        for record in records:
            writer.write(record)
        writer.flush()
    return path


class _AvroFileWriterFn(beam.DoFn):
    """Records -> the path of one temporary Avro file per bundle (or per shard's group).

    A temporary name is new for every bundle attempt, so a retried bundle never mixes with a
    failed one's leftovers; `_name_shards` gives the files their final names once all are
    written (the leftovers go with the staging folder)."""

    def __init__(self, file_path_prefix: str, schema_name: str, codec: str):
        self.file_path_prefix = file_path_prefix
        self.schema_name = schema_name
        self.codec = codec

    def start_bundle(self):
        self._stream = self._writer = self._path = None

    def _temporary_path(self) -> str:
        return f"{self.file_path_prefix}-temp-{uuid.uuid4().hex}.avro"

    def _open(self) -> None:
        self._path = self._temporary_path()
        self._stream = create_file(self._path)
        self._writer = AvroBlockWriter(self._stream, schemas.load_parsed(self.schema_name),
                                       self.codec)

    def _close(self) -> str:
        self._writer.flush()
        self._stream.close()
        path, self._stream, self._writer, self._path = self._path, None, None, None
        return path


# Declared: Beam would infer it from the DoFn's bytecode at every construction.
@beam.typehints.with_output_types(Any)
class _WriteBundleFn(_AvroFileWriterFn):
    """Records -> one temporary file per bundle that has any (its path, at the bundle's end)."""

    def process(self, record):
        if self._writer is None:
            self._open()
        self._writer.write(record)

    def finish_bundle(self):
        if self._writer is not None:
            yield WindowedValue((None, self._close()), MIN_TIMESTAMP, [GlobalWindow()])


# Declared: Beam would infer it from the DoFn's bytecode at every construction.
@beam.typehints.with_output_types(Tuple[Any, Any])
class _WriteShardFn(_AvroFileWriterFn):
    """(shard index, its records) -> (shard index, the temporary file holding them)."""

    def process(self, shard):
        index, records = shard
        yield index, write_avro_file(self._temporary_path(), self.schema_name, self.codec, records)


def _name_shards(_, written, file_path_prefix: str, schema_name: str, codec: str,
                 num_shards: int):
    """Rename the temporary files (shard index or None, path) to PREFIX-SSSSS-of-NNNNN.avro,
    the final paths; an empty shard (or, without a fixed count, no file at all) is written
    as a file with the header alone, as Beam's file sinks do. Idempotent: a retried step
    finds its files renamed already."""
    written = sorted(written, key=lambda item: (item[0] is not None, item[0] or 0, item[1]))
    count = num_shards or max(len(written), 1)
    temporary = ({index: path for index, path in written} if num_shards
                 else dict(enumerate(path for _, path in written)))
    finals = [SHARD_NAME.format(prefix=file_path_prefix, index=index, count=count)
              for index in range(count)]
    _rename_all([(temporary[index], final) for index, final in enumerate(finals)
                 if index in temporary])
    for index, final in enumerate(finals):
        if index not in temporary and not FileSystems.exists(final):
            write_avro_file(final, schema_name, codec, ())
    yield from finals


def _rename_all(renames: list[tuple[str, str]]) -> None:
    """Rename each (temporary, final) pair, in one call: Cloud Storage renames a list in
    batches, where a call per file cost a round trip or two each. A pair whose temporary file
    is gone and whose final file exists was renamed by an earlier attempt of the step."""
    if not renames:
        return
    for folder in {posixpath.dirname(final) for _, final in renames}:
        if not FileSystems.exists(folder):  # a local folder; object stores have none to make
            FileSystems.mkdirs(folder)
    try:
        FileSystems.rename(*map(list, zip(*renames)))
    except BeamIOError as error:
        failed = [pair for pair in renames if pair in error.exception_details]
        if len(failed) != len(error.exception_details) or any(
                FileSystems.exists(temporary) or not FileSystems.exists(final)
                for temporary, final in failed):
            raise


class _ShardKeyFn(beam.DoFn):
    """Record -> (shard index, record), round robin from a random start in each bundle."""

    def __init__(self, num_shards: int):
        self.num_shards = num_shards

    def start_bundle(self):
        self._next = random.randrange(self.num_shards)

    def process(self, record):
        self._next = (self._next + 1) % self.num_shards
        yield self._next, record


def _records_of(paths):
    for path in paths:
        with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as stream:
            yield from fastavro.reader(stream)


# Declared: Beam would infer it from the DoFn's bytecode at every construction.
@beam.typehints.with_output_types(Tuple[Any, Any])
class _CombineFilesFn(_AvroFileWriterFn):
    """(shard index, Avro files) -> (shard index, one temporary file holding their records)."""

    def process(self, shard):
        index, paths = shard
        yield index, write_avro_file(self._temporary_path(), self.schema_name, self.codec,
                                     _records_of(sorted(paths)))


def _in_shards(elements, num_shards: int, write_shard_fn):
    """(shard index, temporary file) of each of `num_shards` files: the elements spread round
    robin, each shard's written by `write_shard_fn` (a DoFn of (index, its elements))."""
    return (elements
            | "KeyByShard" >> beam.ParDo(_ShardKeyFn(num_shards))
            | "GroupByShard" >> beam.GroupByKey()
            | "WriteShards" >> beam.ParDo(write_shard_fn))


def _name_written(written, settings: tuple, num_shards: int):
    """(shard index or None, temporary path) pairs -> the final paths, named once all are
    written (`_name_shards`)."""
    return (written.pipeline
            | "Once" >> beam.Impulse()  # one element; a Create([None]) is 4 steps
            | "NameShards" >> beam.FlatMap(_name_shards, AsList(written), *settings, num_shards))


class _AvroFilesTransform(beam.PTransform):
    """What a transform ending in named Avro files is told: their prefix, schema and codec,
    and how many (0: the runner chooses)."""

    def __init__(self, file_path_prefix: str, schema_name: str, codec: str = DEFAULT_CODEC,
                 num_shards: int = 0):
        super().__init__()
        self.file_path_prefix = file_path_prefix
        self.schema_name = schema_name
        self.codec = codec
        self.num_shards = num_shards

    @property
    def settings(self) -> tuple:
        return self.file_path_prefix, self.schema_name, self.codec


class WriteAvroRecords(_AvroFilesTransform):
    """Records (dicts) -> Avro files `PREFIX-SSSSS-of-NNNNN.avro` written with schema `schema_name`;
    returns their paths.

    Without `num_shards`, one file per bundle (as Beam's file sinks do); with it, that many
    files, the records spread round robin. Leaner than `beam.io.iobase.Write` (12 steps, a
    GroupByKey of the written paths and three side inputs for one write): the files go into the
    run's staging folder, which publishing moves whole, so a file needs no temporary folder of
    its own, only its final shard name once all are written.
    """

    def expand(self, records):
        if self.num_shards:
            written = _in_shards(records, self.num_shards, _WriteShardFn(*self.settings))
        else:
            written = records | "WriteBundles" >> beam.ParDo(_WriteBundleFn(*self.settings))
        return _name_written(written, self.settings, self.num_shards)


class NameAvroFiles(_AvroFilesTransform):
    """Avro files an earlier step wrote with schema `schema_name` (their temporary paths) ->
    their final names `PREFIX-SSSSS-of-NNNNN.avro`, as `WriteAvroRecords` names its own.

    With `num_shards`, their records are first written anew into that many files: a fixed
    file count costs reading them back once.
    """

    def expand(self, paths):
        if self.num_shards:
            written = _in_shards(paths, self.num_shards, _CombineFilesFn(*self.settings))
        else:
            written = paths | "Unsharded" >> beam.Map(lambda path: (None, path))
        return _name_written(written, self.settings, self.num_shards)


# How late a record may come and still be written in its window: more than the longest a topic
# keeps messages (31 days), so no message Pub/Sub can deliver is too late. A later one would be
# dropped by the window's GroupByKey, its records left unnamed in a hidden file.
ALLOWED_LATENESS = 32 * 24 * 3600

# The streaming pipeline's files, one per window, firing (pane), run and shard; the window as
# plain UTC timestamps: no ':' and no glob metacharacters ([ ] * ? , or spaces). The run id keeps
# apart the files of two runs into one output that write the same window (a run stopped and
# started again, a new job after a drain): each has its own pane 0.
WINDOW_FILE_NAME = "{prefix}-{span}-pane{pane}{run}-{index:05d}-of-{count:05d}.avro"
WINDOW_STAMP = "%Y%m%dT%H%M%SZ"


def window_file_name(prefix: str, window, pane_index: int, shard: int, shards: int,
                     run_id: str = "") -> str:
    """PREFIX-START-END-paneP[-run-RUNID]-SSSSS-of-NNNNN.avro (`global` for the global
    window)."""
    if window == GlobalWindow():
        span = "global"
    else:
        span = "-".join(t.to_utc_datetime().strftime(WINDOW_STAMP) for t in (window.start,
                                                                              window.end))
    return WINDOW_FILE_NAME.format(prefix=prefix, span=span, pane=pane_index,
                                   run=f"-run-{run_id}" if run_id else "", index=shard,
                                   count=shards)


class _WriteBundleFilesFn(beam.DoFn):
    """Records -> one temporary Avro file per window of the bundle, written as the records come
    (memory holds a block, not the records): (None, its path) in that window, at the bundle's
    end. A write that fails removes the bundle's temporary files (a retry writes new ones)."""

    def __init__(self, directory: str, schema_name: str, codec: str):
        self.directory = directory
        self.schema_name = schema_name
        self.codec = codec

    def start_bundle(self):
        self._files = {}                # window -> (path, stream, AvroBlockWriter)

    def process(self, record, window=beam.DoFn.WindowParam):
        try:
            if window not in self._files:
                self._files[window] = self._open()
            self._files[window][2].write(record)
        except BaseException:
            self._discard()
            raise

    def finish_bundle(self):
        for window, (path, stream, writer) in self._files.items():
            writer.flush()
            stream.close()
            yield WindowedValue((None, path), window.max_timestamp(), [window])
        self._files = {}

    def _open(self) -> tuple:
        path = FileSystems.join(self.directory, f".{uuid.uuid4().hex}.tmp")
        stream = create_file(path)
        return path, stream, AvroBlockWriter(stream, schemas.load_parsed(self.schema_name),
                                             self.codec)

    def _discard(self) -> None:
        for path, stream, _ in self._files.values():
            stream.close()
            if FileSystems.exists(path):
                FileSystems.delete([path])
        self._files = {}


class _NameWindowFilesFn(beam.DoFn):
    """(None, the temporary files of one firing of a window) -> their final paths,
    PREFIX-START-END-paneP-IIIII-of-NNNNN.avro: the firing's pane index keeps each firing's
    names apart, the run id those of another run; a retried firing gives the same names
    (renamed already: left as they are)."""

    def __init__(self, directory: str, prefix: str, run_id: str = ""):
        self.directory = directory
        self.prefix = prefix
        self.run_id = run_id

    def process(self, element, window=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        paths = sorted(element[1])
        finals = [FileSystems.join(self.directory, window_file_name(
            self.prefix, window, pane.index, index, len(paths), self.run_id))
            for index in range(len(paths))]
        _rename_all(list(zip(paths, finals)))
        yield from finals


class WriteWindowedAvro(beam.PTransform):
    """Records -> Avro files per fixed window in DIRECTORY, `PREFIX-START-END-paneP-run-RUNID-
    IIIII-of-NNNNN.avro` (one per bundle that held records of the window); returns their paths.

    A record that comes after its window closed (a redelivery, a backlog, a loaded machine) is
    written in a late firing of its window, pane1, pane2, ..., never dropped, up to
    `allowed_lateness` (a subscription keeps a message 7 days, a topic up to 31, and a
    subscription sought back delivers a topic's old messages).

    `fileio.WriteToFiles`' design (files written bundle by bundle, then named per window once a
    GroupByKey of their paths fires), with the pane taken from that GroupByKey's firing: WriteToFiles
    (Beam 2.77) names its files by the pane of the bundle files, which is None (`pane=None  #
    TODO`), so every firing of a window got the same names and a late firing's file replaced the
    window's earlier one, its records lost without a word.
    """

    def __init__(self, directory: str, prefix: str, schema_name: str, window_seconds: int,
                 codec: str = DEFAULT_CODEC, allowed_lateness: int = ALLOWED_LATENESS,
                 run_id: str = ""):
        super().__init__()
        self.directory = directory
        self.prefix = prefix
        self.schema_name = schema_name
        self.window_seconds = window_seconds
        self.codec = codec
        self.allowed_lateness = allowed_lateness
        self.run_id = run_id

    def expand(self, records):
        return (records
                | "Window" >> beam.WindowInto(FixedWindows(self.window_seconds),
                                             allowed_lateness=self.allowed_lateness)
                | "WriteBundleFiles" >> beam.ParDo(_WriteBundleFilesFn(
                    self.directory, self.schema_name, self.codec))
                | "GroupFilesByWindow" >> beam.GroupByKey()
                | "NameWindowFiles" >> beam.ParDo(_NameWindowFilesFn(self.directory, self.prefix,
                                                                     self.run_id)))
