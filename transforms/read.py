"""Beam transforms that turn matched files into RawInputs: one per file, archive member or CSV row.

Files are read once, as streams: a CSV dump is walked row by row and an archive member by member,
so nothing larger than one input is held in memory. Whatever cannot be read becomes a READ dead
letter here; every input is counted exactly once (metric `inputs`).
"""
import io

import apache_beam as beam
from apache_beam import pvalue
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes

from transforms import formats, metrics
from transforms.records import CSV, HTML, READ, TEXT, Failure, RawInput, dead_letter, utc_now

DEAD_LETTER = "dead_letter"
AUTO = "auto"
# --format values and the source format of a single-cable file of that kind.
FILE_FORMATS = {"text": TEXT, "html": HTML, "csv": CSV}
SNIFF_BYTES = 4096


class ExpandInputFn(beam.DoFn):
    """fileio.ReadableFile -> RawInput per cable input; unreadable inputs -> READ dead letters."""

    def __init__(self, format_choice: str = AUTO, max_input_bytes: int = 10 * 2**20):
        self.format_choice = format_choice
        self.max_input_bytes = max_input_bytes

    def process(self, readable):
        uri = readable.metadata.path
        try:
            with readable.open(compression_type=CompressionTypes.UNCOMPRESSED) as stream:
                head = stream.read(SNIFF_BYTES)
                stream.seek(0)
                yield from self.expand_stream(uri, stream, head, readable.metadata.size_in_bytes)
        except Failure as failure:  # the whole file failed before any input was taken from it
            yield self._dead_letter(RawInput(uri, TEXT, b""), failure)
        except OSError as error:
            yield self._dead_letter(RawInput(uri, TEXT, b""),
                                    Failure(READ, "unreadable", f"cannot read {uri}: {error}"))

    def expand_stream(self, uri, stream, head, size):
        kind = formats.sniff_format(uri, head)
        if kind in ("zip", "tar"):
            yield from self._expand_archive(uri, stream)
        elif self._kind(kind) == "csv":
            yield from self._expand_csv(uri, stream)
        else:
            yield from self._single(uri, FILE_FORMATS[self._kind(kind)], stream, size)

    def _kind(self, sniffed):
        return sniffed if self.format_choice == AUTO else self.format_choice

    def _single(self, uri, source_format, stream, size):
        if size is not None and size > self.max_input_bytes:
            yield self._too_large(uri, source_format, size)
            return
        data = stream.read(self.max_input_bytes + 1)
        if len(data) > self.max_input_bytes:
            yield self._too_large(uri, source_format, len(data))
            return
        metrics.count_input()
        yield RawInput(uri, source_format, data)

    def _expand_csv(self, uri, stream):
        for row in formats.iter_csv_rows(stream):
            raw = RawInput(uri, CSV, row.raw, row=row.row)
            if row.error_code:
                yield self._dead_letter(raw, Failure(READ, row.error_code, row.error))
            else:
                metrics.count_input()
                yield raw

    def _expand_archive(self, uri, stream):
        try:
            for member in formats.iter_archive(stream, uri, max_member_bytes=self.max_input_bytes):
                member_uri = f"{uri}!{member.name}"
                if member.error_code:
                    yield self._dead_letter(RawInput(member_uri, TEXT, b""),
                                            Failure(READ, member.error_code, member.error))
                    continue
                head = member.data[:SNIFF_BYTES]
                yield from self.expand_stream(member_uri, io.BytesIO(member.data), head,
                                              len(member.data))
        except formats.FormatError as error:
            yield self._dead_letter(RawInput(uri, TEXT, b""), Failure(READ, error.code, str(error)))

    def _too_large(self, uri, source_format, size):
        return self._dead_letter(RawInput(uri, source_format, b""), Failure(
            READ, "too_large", f"{size:,} bytes exceeds the cap of {self.max_input_bytes:,} "
            "(--max_input_bytes); the payload is not copied, the input stays at its uri"))

    @staticmethod
    def _dead_letter(raw, failure):
        metrics.count_input()
        metrics.count_dead_letter(failure.stage, failure.error_type)
        return pvalue.TaggedOutput(DEAD_LETTER, dead_letter(raw, failure, utc_now()))


class ReadCableInputs(beam.PTransform):
    """File pattern(s) -> {'inputs': RawInputs (redistributed), 'dead_letters': READ dead letters}."""

    def __init__(self, patterns, format_choice=AUTO, max_input_bytes=10 * 2**20):
        super().__init__()
        self.patterns = [patterns] if isinstance(patterns, str) else list(patterns)
        self.format_choice = format_choice
        self.max_input_bytes = max_input_bytes

    def expand(self, pbegin):
        expanded = (
            pbegin
            | "Patterns" >> beam.Create(self.patterns)
            | "MatchFiles" >> fileio.MatchAll()
            | "OpenFiles" >> fileio.ReadMatches(compression=CompressionTypes.UNCOMPRESSED)
            | "ExpandInputs" >> beam.ParDo(ExpandInputFn(self.format_choice, self.max_input_bytes))
            .with_outputs(DEAD_LETTER, main="inputs"))
        # One CSV dump is read by one worker; redistribute its rows so all workers parse.
        inputs = expanded.inputs | "Redistribute" >> beam.Reshuffle()
        return {"inputs": inputs, "dead_letters": expanded[DEAD_LETTER]}
