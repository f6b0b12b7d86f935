"""An Avro `fileio.FileSink`, for `fileio.WriteToFiles` (the streaming pipeline's windowed files).

`WriteToFiles` opens one sink per destination, window and shard. Give it a FACTORY
(`sink=avro_sink_factory("cable")`), never a shared sink instance: a sink holds the open writer
of one file, so an instance shared by several open files would mix their records (and windows).
"""
from apache_beam.io import fileio

import schemas
from transforms.write import DEFAULT_CODEC, AvroBlockWriter


class AvroSink(fileio.FileSink):
    """Writes records (dicts) to one Avro container file with an explicit schema; a record that
    carries its encoding (an EncodedCable) is not encoded again."""

    def __init__(self, schema_name: str, codec: str = DEFAULT_CODEC):
        self.schema_name = schema_name
        self.codec = codec
        self._writer = None

    def open(self, fh):
        self._writer = AvroBlockWriter(fh, schemas.load_parsed(self.schema_name), self.codec)

    def write(self, record):
        self._writer.write(record)

    def flush(self):
        # Ends the last block; WriteToFiles closes the file handle itself.
        self._writer.flush()


def avro_sink_factory(schema_name: str, codec: str = DEFAULT_CODEC):
    """The `sink` argument of WriteToFiles: a new AvroSink for every file it opens."""
    return lambda destination: AvroSink(schema_name, codec)
