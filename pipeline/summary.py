"""The run summary: OUTPUT/_SUMMARY.json (written by the pipeline itself) and its printed table."""
import json
from dataclasses import dataclass, field, fields

from apache_beam.io.filesystems import FileSystems

from transforms.publish import SUMMARY_FILE


@dataclass
class RunSummary:
    inputs: int = 0
    cables: int = 0
    dead_letters: int = 0
    dead_letters_by_type: list = field(default_factory=list)  # [{stage, error_type, count}]
    accounted: bool = False
    dead_letter_ratio: float = 0.0
    max_dead_letter_ratio: float | None = None
    status: str = ""
    started_at: str = ""
    finished_at: str = ""
    files: list = field(default_factory=list)
    pipeline_version: str = ""
    seconds: float = 0.0  # wall time seen by the launcher; not in the JSON file

    @classmethod
    def from_json(cls, data: dict, seconds: float = 0.0) -> "RunSummary":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known}, seconds=seconds)


def read_summary(output: str, seconds: float = 0.0) -> RunSummary:
    with FileSystems.open(FileSystems.join(output, SUMMARY_FILE)) as source:
        return RunSummary.from_json(json.loads(source.read()), seconds)


def format_table(summary: RunSummary) -> str:
    rate = summary.inputs / summary.seconds if summary.seconds else 0.0
    lines = [
        f"{'inputs':<34}{summary.inputs:>10,}",
        f"{'cables':<34}{summary.cables:>10,}",
        f"{'dead letters':<34}{summary.dead_letters:>10,}",
    ]
    lines += [f"  {row['stage'] + ' ' + row['error_type']:<32}{row['count']:>10,}"
              for row in summary.dead_letters_by_type]
    lines += [
        f"{'accounted (inputs = both)':<34}{'yes' if summary.accounted else 'NO':>10}",
        f"{'files written':<34}{len(summary.files):>10,}",
    ]
    if summary.seconds:
        lines += [f"{'seconds':<34}{summary.seconds:>10.1f}",
                  f"{'inputs per second':<34}{rate:>10,.0f}"]
    return "\n".join(lines)
