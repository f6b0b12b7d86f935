"""The end of a batch run: move the staged output files into place and write the run summary.

A batch run writes into OUTPUT/.staging-RUN/ first. Only when every file is complete does
`PublishRun` move them to OUTPUT/cables/ and OUTPUT/dead_letter/, delete the files of earlier runs
that this run did not write again (Beam only overwrites shards of the same count), and write
OUTPUT/_SUMMARY.json last, listing exactly this run's files. A run killed before that leaves its
files in the hidden staging folder only; the next run removes them. Running inside the pipeline
(not in the launcher) keeps this true on Dataflow too.
"""
import logging
import posixpath

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.pvalue import AsList, AsSingleton

from transforms.run_summary import RATIO_EXCEEDED, build_summary, write_summary
from transforms.write import CABLES_DIR, DEAD_LETTER_DIR
from transforms import quality as run_quality

STAGING_PREFIX = ".staging-"
OUTPUT_KINDS = (CABLES_DIR, DEAD_LETTER_DIR)

_log = logging.getLogger(__name__)


class DeadLetterRatioExceeded(RuntimeError):
    """More dead letters than --max_dead_letter_ratio allows; everything was written first."""


def final_path(output: str, staged: str) -> str:
    """OUTPUT/KIND/NAME for a staged file OUTPUT/.staging-RUN/KIND/NAME."""
    kind = posixpath.basename(posixpath.dirname(staged))
    return FileSystems.join(output, kind, posixpath.basename(staged))


def _existing_outputs(output: str) -> list[str]:
    patterns = [FileSystems.join(output, kind, "*.avro") for kind in OUTPUT_KINDS]
    return [m.path for result in FileSystems.match(patterns) for m in result.metadata_list]


def _remove_staging(output: str, staging: str) -> None:
    """Delete this run's staging folder and whatever killed runs left in theirs."""
    pattern = FileSystems.join(output, STAGING_PREFIX + "*", "**")
    leftovers = [m.path for m in FileSystems.match([pattern])[0].metadata_list]
    if leftovers:
        FileSystems.delete(leftovers)
    folders = {staging} | {_staging_root(path) for path in leftovers}
    existing = [folder for folder in folders if FileSystems.exists(folder)]
    if existing:  # local folders; object stores have none once their objects are gone
        FileSystems.delete(existing)


def _staging_root(path: str) -> str:
    head, _, tail = path.partition(STAGING_PREFIX)
    return head + STAGING_PREFIX + tail.split("/", 1)[0]


def _ensure_dir(path: str) -> None:
    if not FileSystems.exists(path):  # object stores have no folders: mkdirs is a no-op there
        FileSystems.mkdirs(path)


def publish_files(output: str, staging: str, staged: list[str]) -> list[str]:
    """Move `staged` into place, delete stale outputs and staging leftovers; the final paths."""
    for kind in OUTPUT_KINDS:
        _ensure_dir(FileSystems.join(output, kind))
    finals = []
    for path in sorted(staged):
        target = final_path(output, path)
        if FileSystems.exists(path):  # idempotent: a retried publish finds them moved already
            if FileSystems.exists(target):
                FileSystems.delete([target])
            FileSystems.rename([path], [target])
        finals.append(target)
    stale = sorted(set(_existing_outputs(output)) - set(finals))
    if stale:
        _log.info("deleting %d output files of earlier runs", len(stale))
        FileSystems.delete(stale)
    _remove_staging(output, staging)
    return finals


class PublishRunFn(beam.DoFn):
    """Runs once, after both writes: publish the files, write the summary, check the ratio."""

    def __init__(self, output: str, staging: str, started_at: str,
                 max_dead_letter_ratio: float | None, version: str, codec: str = "snappy",
                 raw_inputs_of=None, quality_settings=run_quality.QualitySettings()):
        self.output = output
        self.quality_settings = quality_settings
        self.staging = staging
        self.codec = codec
        self.raw_inputs_of = raw_inputs_of  # {(uri, row)} -> {(uri, row): RawInput}, for copies
        self.started_at = started_at
        self.max_dead_letter_ratio = max_dead_letter_ratio
        self.version = version

    def process(self, _, staged_files, inputs, cables, dead_letter_counts, decisions=(),
                quality=None):
        staged_files, dead_letter_counts = list(staged_files), list(dead_letter_counts)
        if decisions:
            duplicates = self._settle_duplicates(staged_files, list(decisions))
            cables -= duplicates
            if duplicates:
                staged_files.append(self._duplicates_file())
                dead_letter_counts.append((("VALIDATE", "duplicate"), duplicates))
        files = publish_files(self.output, self.staging, staged_files)
        summary = build_summary(inputs, cables, dead_letter_counts, files,
                                max_dead_letter_ratio=self.max_dead_letter_ratio,
                                started_at=self.started_at, pipeline_version=self.version)
        run_quality.add_quality(summary, quality or {}, self.quality_settings)
        write_summary(self.output, summary)
        run_quality.write_report(self.output, summary.to_json())
        if summary.status == RATIO_EXCEEDED:
            raise DeadLetterRatioExceeded(
                f"{summary.dead_letters} of {inputs} inputs became dead letters "
                f"({summary.dead_letters / inputs:.1%}), more than --max_dead_letter_ratio "
                f"{self.max_dead_letter_ratio:.1%}; see {self.output}/dead_letter/")
        if run_quality.fill_rate_failure(summary.to_json()):
            raise run_quality.FillRateDropped(run_quality.fill_rate_failure(summary.to_json()))
        yield summary.to_json()

    def _duplicates_file(self) -> str:
        return FileSystems.join(self.staging, "dead_letter", "dead_letters-duplicates.avro")

    def _settle_duplicates(self, staged_files, decisions) -> int:
        """Apply the duplicate decisions to the staged cables; how many became dead letters."""
        import fastavro

        import schemas
        from transforms.dedupe import apply_decisions, duplicate_dead_letters

        cable_files = [f for f in staged_files if posixpath.basename(posixpath.dirname(f)) == "cables"]
        duplicates = apply_decisions(cable_files, decisions, self.codec)
        if duplicates:
            # Each source file holding copies is read once, whatever the number of copies in it.
            raw_inputs = self.raw_inputs_of({(copy.uri, copy.row) for copy in duplicates})
            with FileSystems.create(self._duplicates_file()) as sink:
                writer = fastavro.write.Writer(sink, schemas.dead_letter_schema(), codec=self.codec)
                for record in duplicate_dead_letters(duplicates, raw_inputs):
                    writer.write(record)
                writer.flush()
        return len(duplicates)


class PublishRun(beam.PTransform):
    """{staged_files, inputs, cables, dead_letters, decisions, quality} -> the summary, once all
    is written (quality: the figures of transforms.quality.QualityStats).

    `inputs` holds every input of the run (RawInputs and the ReadFailures of what could not be
    read), so the summary's accounting compares two independent counts.
    """

    def __init__(self, output, staging, started_at, max_dead_letter_ratio, version,
                 codec="snappy", raw_inputs_of=None, quality_settings=None):
        super().__init__()
        self.fn = PublishRunFn(output, staging, started_at, max_dead_letter_ratio, version, codec,
                               raw_inputs_of, quality_settings or run_quality.QualitySettings())

    def expand(self, parts):
        count = beam.combiners.Count
        inputs = parts["inputs"] | "CountInputs" >> count.Globally()
        cables = parts["cables"] | "CountCables" >> count.Globally()
        by_type = (parts["dead_letters"]
                   | "DeadLetterType" >> beam.Map(lambda d: (d["stage"], d["error_type"]))
                   | "CountDeadLetters" >> count.PerElement())
        return (parts["staged_files"].pipeline
                | "Once" >> beam.Create([None])
                | "PublishFiles" >> beam.ParDo(
                    self.fn, staged_files=AsList(parts["staged_files"]),
                    inputs=AsSingleton(inputs), cables=AsSingleton(cables),
                    dead_letter_counts=AsList(by_type), decisions=AsList(parts["decisions"]),
                    quality=AsSingleton(parts["quality"])))
