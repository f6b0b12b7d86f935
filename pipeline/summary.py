"""The run summary: figures from the run's Beam metrics, printed as a table and kept as JSON."""
import json
from dataclasses import asdict, dataclass, field

from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics.metric import MetricsFilter

from transforms import metrics

SUMMARY_FILE = "_SUMMARY.json"


@dataclass
class RunSummary:
    inputs: int = 0
    cables: int = 0
    dead_letters: int = 0
    dead_letters_by_type: list = field(default_factory=list)  # [{stage, error_type, count}]
    seconds: float = 0.0
    files: list = field(default_factory=list)
    pipeline_version: str = ""

    @property
    def accounted(self) -> bool:
        """Every input became exactly one cable or one dead letter."""
        return self.inputs == self.cables + self.dead_letters

    @property
    def dead_letter_ratio(self) -> float:
        return self.dead_letters / self.inputs if self.inputs else 0.0

    def to_json(self) -> dict:
        return {**asdict(self), "accounted": self.accounted,
                "dead_letter_ratio": round(self.dead_letter_ratio, 6)}


def counters_of(result) -> dict[str, int]:
    """{counter name: committed value} of cable-ingest's counters in a finished run."""
    query = result.metrics().query(MetricsFilter().with_namespace(metrics.NAMESPACE))
    totals = {}
    for counter in query["counters"]:
        value = counter.committed if counter.committed is not None else counter.attempted
        totals[counter.key.metric.name] = totals.get(counter.key.metric.name, 0) + (value or 0)
    return totals


def summarize(counters: dict[str, int], seconds: float, files: list, version: str) -> RunSummary:
    by_type = []
    for name, count in sorted(counters.items()):
        if name.startswith(metrics.DEAD_LETTER_PREFIX):
            stage, error_type = name[len(metrics.DEAD_LETTER_PREFIX):].split(".", 1)
            by_type.append({"stage": stage, "error_type": error_type, "count": count})
    return RunSummary(
        inputs=counters.get(metrics.INPUTS, 0),
        cables=counters.get(metrics.CABLES, 0),
        dead_letters=counters.get(metrics.DEAD_LETTERS, 0),
        dead_letters_by_type=by_type,
        seconds=round(seconds, 3),
        files=sorted(files),
        pipeline_version=version,
    )


def output_files(output: str) -> list[str]:
    """The Avro files under `output`/cables and `output`/dead_letter."""
    patterns = [FileSystems.join(output, kind, "*.avro") for kind in ("cables", "dead_letter")]
    found = []
    for match in FileSystems.match(patterns):
        found.extend(meta.path for meta in match.metadata_list)
    return found


def write_summary(output: str, summary: RunSummary) -> str:
    path = FileSystems.join(output, SUMMARY_FILE)
    with FileSystems.create(path) as sink:
        sink.write(json.dumps(summary.to_json(), indent=2, sort_keys=True).encode() + b"\n")
    return path


def format_table(summary: RunSummary) -> str:
    rate = summary.inputs / summary.seconds if summary.seconds else 0.0
    lines = [
        f"{'inputs':<32}{summary.inputs:>10,}",
        f"{'cables':<32}{summary.cables:>10,}",
        f"{'dead letters':<32}{summary.dead_letters:>10,}",
    ]
    lines += [f"  {row['stage'] + ' ' + row['error_type']:<30}{row['count']:>10,}"
              for row in summary.dead_letters_by_type]
    lines += [
        f"{'accounted (inputs = both)':<32}{'yes' if summary.accounted else 'NO':>10}",
        f"{'seconds':<32}{summary.seconds:>10.1f}",
        f"{'inputs per second':<32}{rate:>10,.0f}",
        f"{'files written':<32}{len(summary.files):>10,}",
    ]
    return "\n".join(lines)
