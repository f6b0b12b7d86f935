"""Writing records as Avro files with the project's explicit schemas (never Beam-derived ones).

A cable is Avro-encoded once: validation's schema check encodes it (an `EncodedCable` carries the
bytes) and `AvroBlockWriter` appends those bytes to the file's blocks as they are. A record
without an encoding (a dead letter, a record a later stage rebuilt) is encoded here. The files
are ordinary Avro container files: same header, schema, codecs and blocks as fastavro writes.
"""
import io
from typing import NamedTuple

import apache_beam as beam
import fastavro
from apache_beam.io import filebasedsink
from apache_beam.io.filesystem import CompressionTypes
from fastavro import schemaless_writer

import schemas

# Chosen by the benchmarks (benchmarks/README.md, "Avro codec"): snappy writes 2.3x faster than
# deflate for files 1.7x larger, and BigQuery, Dataflow, Spark and polars all read it.
DEFAULT_CODEC = "snappy"

# The output folders: OUTPUT/cables/ and OUTPUT/dead_letter/.
CABLES_DIR, DEAD_LETTER_DIR = "cables", "dead_letter"

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


class _AvroFileSink(filebasedsink.FileBasedSink):
    """Beam's file sink (sharding, temp files, finalize) writing with AvroBlockWriter."""

    def __init__(self, file_path_prefix: str, schema_name: str, codec: str, num_shards: int):
        super().__init__(file_path_prefix, coder=None, file_name_suffix=".avro",
                         num_shards=num_shards, mime_type="application/x-avro",
                         # Avro compresses block by block (the codec), not the whole file.
                         compression_type=CompressionTypes.UNCOMPRESSED)
        self.schema_name = schema_name
        self.codec = codec

    def open(self, temp_path):
        stream = super().open(temp_path)
        return stream, AvroBlockWriter(stream, schemas.load_parsed(self.schema_name), self.codec)

    def write_record(self, handle, value):
        handle[1].write(value)

    def close(self, handle):
        stream, writer = handle
        writer.flush()
        stream.close()

    def display_data(self):
        return {**super().display_data(), "codec": self.codec, "schema": self.schema_name}


class WriteAvroRecords(beam.PTransform):
    """Records (dicts) -> Avro files `PREFIX-SSSSS-of-NNNNN.avro` written with schema `schema_name`."""

    def __init__(self, file_path_prefix: str, schema_name: str, codec: str = DEFAULT_CODEC,
                 num_shards: int = 0):
        super().__init__()
        self.file_path_prefix = file_path_prefix
        self.schema_name = schema_name
        self.codec = codec
        self.num_shards = num_shards

    def expand(self, records):
        return records | "WriteAvro" >> beam.io.iobase.Write(_AvroFileSink(
            self.file_path_prefix, self.schema_name, self.codec, self.num_shards))
