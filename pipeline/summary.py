"""The run summary as the launcher prints it; built and written by transforms.run_summary."""
import posixpath

from transforms.run_summary import SUMMARY_FILE, RunSummary, files_read_kind, read_summary

__all__ = ["SUMMARY_FILE", "RunSummary", "format_table", "read_summary"]

# What `accounted` checks, said beside it: "inputs = all three" left the reader to guess which.
BALANCE = "inputs = cables + dead letters"
BALANCE_INCREMENTAL = "inputs = cables + dead letters + cables already ingested"


# The width of the line naming the new files: the table's, a little more (the report names them
# in full, the summary up to tallies.NAMES_KEPT).
NAMES_WIDTH = 76


def named_briefly(paths: list[str], count: int) -> str:
    """The files' names (without their folders) as fit on one short line, at least one, and
    how many more there are: `a.txt, b.html and 3 more`."""
    names = [posixpath.basename(path) or path for path in paths]
    shown = names[:1]
    for name in names[1:]:
        if len(", ".join(shown + [name])) + len(f" and {count:,} more") > NAMES_WIDTH:
            break
        shown.append(name)
    rest = max(count - len(shown), len(names) - len(shown))
    return ", ".join(shown) + (f" and {rest:,} more" if rest else "")


def format_table(summary: RunSummary) -> str:
    rate = summary.inputs / summary.seconds if summary.seconds else 0.0
    lines = [f"{'run id':<10}{summary.run_id:>34}"] if summary.run_id else []
    lines += [
        f"{'inputs':<34}{summary.inputs:>10,}",
        f"{'cables':<34}{summary.cables:>10,}",
        f"{'dead letters':<34}{summary.dead_letters:>10,}",
    ]
    lines += [f"  {row['stage'] + ' ' + row['error_type']:<32}{row['count']:>10,}"
              for row in summary.dead_letters_by_type]
    if summary.duplicate_dead_letters and summary.failure_ratio is not None:
        # Both shares: a day is failed by the second (copies of good cables are no bad input).
        lines += [f"{'dead-letter ratio':<34}{summary.dead_letter_ratio:>10.1%}",
                  f"{'failure ratio':<34}{summary.failure_ratio:>10.1%}  (duplicates not "
                  "counted: what --max_dead_letter_ratio checks)"]
    elif summary.dead_letters and summary.inputs:
        # (without duplicates the two are one share: said once, as what fails a day)
        lines.append(f"{'dead-letter ratio':<34}{summary.dead_letter_ratio:>10.1%}  (what "
                     "--max_dead_letter_ratio checks)")
    if summary.other_versions_kept:  # each with a warning naming the others
        lines.append(f"{'cables beside another version':<34}{summary.other_versions_kept:>10,}")
    files, skipped = files_read_kind(summary.replay)
    if summary.incremental:
        lines += [f"{'cables already ingested':<34}{summary.already_ingested_cables:>10,}",
                  f"{files + 's read (new)':<34}{summary.new_inputs or 0:>10,}"]
        if summary.new_input_files:
            lines.append("  " + named_briefly(summary.new_input_files, summary.new_inputs or 0))
        lines.append(f"{files + 's ' + skipped:<34}{summary.already_ingested:>10,}")
        if summary.too_young:
            lines.append(f"{files + 's too young (next run)':<34}{summary.too_young:>10,}")
        if summary.nothing_new:
            lines.append("nothing new: this run wrote no record file")
        if summary.missing:  # (named in the warning below the table)
            lines.append(f"{'earlier record files missing':<34}{summary.missing:>10,}  (WARNING)")
        if summary.changed:
            lines.append(f"{'earlier record files changed':<34}{summary.changed:>10,}  (WARNING)")
        if summary.published_files_checked is False:
            lines.append(f"{'earlier record files checked':<34}{'no':>10}  (WARNING)")
    elif summary.replay:  # what it read: its inputs are the dead letters in them
        lines.append(f"{files + 's read':<34}{summary.new_inputs or 0:>10,}")
    # An incremental run's inputs are its cables, dead letters and cables already ingested.
    balance = BALANCE_INCREMENTAL if summary.incremental else BALANCE
    lines += [
        f"{'accounted':<34}{'yes' if summary.accounted else 'NO':>10}  ({balance})",
        f"{'files written':<34}{len(summary.files):>10,}",
    ]
    if summary.seconds:
        lines += [f"{'seconds':<34}{summary.seconds:>10.1f}",
                  f"{'inputs per second':<34}{rate:>10,.0f}"]
    return "\n".join(lines)
