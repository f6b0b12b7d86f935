"""Writing records as Avro files with the project's explicit schemas (never Beam-derived ones)."""
import apache_beam as beam

import schemas

# Chosen by the benchmarks (benchmarks/README.md, "Avro codec"): snappy writes 2.3x faster than
# deflate for files 1.7x larger, and BigQuery, Dataflow, Spark and polars all read it.
DEFAULT_CODEC = "snappy"

# The output folders: OUTPUT/cables/ and OUTPUT/dead_letter/.
CABLES_DIR, DEAD_LETTER_DIR = "cables", "dead_letter"


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
        return records | "WriteAvro" >> beam.io.WriteToAvro(
            self.file_path_prefix,
            schema=schemas.load_parsed(self.schema_name),
            codec=self.codec,
            file_name_suffix=".avro",
            num_shards=self.num_shards,
        )
