"""OUTPUT/_REPORT.html: the run summary as one self-contained page a person reads.

Plain Python, no Beam: the batch run writes it at publish, right after _SUMMARY.json, and
`cable-ingest report OUTPUT` writes it again from _SUMMARY.json. Everything it shows comes from
the summary (and its `quality` section, see transforms.quality), so the page and the JSON agree.

The page loads nothing: inline CSS, inline SVG charts, no script. Dead-letter examples quote raw
input, which may be hostile: every value goes through `esc` (html.escape), and the page's
Content-Security-Policy forbids scripts and every fetch as a second guard.
"""
import html
import posixpath
import shlex
from datetime import datetime, timezone

from transforms import storage
from transforms.records import DUPLICATE, OTHER_VERSIONS_WARNING
from transforms.run_summary import files_read_kind, published_files_warning, too_young_warning
from transforms.wording import counted

REPORT_FILE = "_REPORT.html"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CHART_WIDTH = 760
LABEL_WIDTH = 330
BAR_HEIGHT = 18
ROW_HEIGHT = 22
MAX_LABEL_CHARS = 52

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #1d232a;
       padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; overflow-wrap: anywhere; }
code { overflow-wrap: anywhere; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #d0d7de; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.headline td:first-child { color: #57606a; }
.ok { color: #1a7f37; font-weight: 600; }
.bad { color: #cf222e; font-weight: 600; }
.drift { border: 2px solid #cf222e; background: #fff5f5; padding: .6em 1em; border-radius: 6px; }
.verdict { padding: .6em 1em; border-radius: 6px; margin: .8em 0; }
.verdict.good { border: 1px solid #1a7f37; background: #f4fff6; }
.verdict.failed { border: 2px solid #cf222e; background: #fff5f5; }
.verdict.warned { border: 2px solid #bf8700; background: #fff8c5; }
.verdict p { margin: .3em 0; }
.nodrift { border: 1px solid #1a7f37; background: #f4fff6; padding: .6em 1em; border-radius: 6px; }
.fill { display: inline-block; height: 10px; background: #0969da; vertical-align: middle; }
.fillbox { display: inline-block; width: 80px; background: #eaeef2; margin-right: 6px; }
pre { background: #f6f8fa; padding: .5em; white-space: pre-wrap; word-break: break-all;
      max-height: 12em; overflow: auto; margin: .3em 0 1em; }
.muted { color: #57606a; }
svg text { font: 12px system-ui, sans-serif; fill: #1d232a; }
"""


def esc(value) -> str:
    """Any value as HTML text: the one way input reaches the page."""
    return html.escape("" if value is None else str(value), quote=True)


def fmt_count(value) -> str:
    return f"{value:,}" if isinstance(value, int) else esc(value)


def fmt_rate(value: float) -> str:
    return f"{value:.1%}"


def fmt_time(value) -> str:
    """A summary's ISO timestamp as a person reads it, `2026-12-06 02:34:05 UTC`; anything
    else as it is."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return esc(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return esc(moment.strftime("%Y-%m-%d %H:%M:%S") + " UTC")


def fmt_option(value) -> str:
    """A run option's value as it is written on the command line: a list as its items, a flag
    as true or false, a number with thousands separators, nothing as `none`."""
    if value is None or value == []:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, (int, float)):
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        return "<br>".join(fmt_option(item) for item in value)
    return esc(value)


# --- the page ---------------------------------------------------------------------------------

def render_report(summary: dict, output: str = "") -> str:
    """The whole HTML page of a run's summary."""
    quality = summary.get("quality") or {}
    title = "cable-ingest run report"
    # (the run's id first: every day's page of one output had the same heading)
    said = [f"run {summary['run_id']}" if summary.get("run_id") else "", output]
    if any(said):
        title += ": " + ", ".join(part for part in said if part)
    sections = [
        f"<h1>{esc(title)}</h1>",
        verdict_section(summary, output),
        drift_section(quality.get("drift")),
        recovered_section(summary.get("recovered") or []),
        headline_section(summary),
        incremental_section(summary, output),
        dead_letters_section(summary, quality),
        *cable_sections(quality),
        top_sources_section(quality),
    ]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head><body>",
        *[section for section in sections if section],
        "</body></html>",
    ]) + "\n"


# --- the verdict: is the day good, what failed and why, where the files are -------------------

def duplicates_of(summary: dict) -> int | None:
    """The `duplicate` dead letters among a run's (a summary written before the field was:
    counted from `dead_letters_by_type`); None when neither says."""
    if isinstance(duplicates := summary.get("duplicate_dead_letters"), int):
        return duplicates
    rows = summary.get("dead_letters_by_type")
    if not isinstance(rows, list):
        return None
    return sum(row.get("count", 0) for row in rows
               if isinstance(row, dict) and row.get("error_type") == DUPLICATE)


def failure_share(summary: dict):
    """The share of the inputs that failed: the dead letters but the duplicates
    (`failure_ratio`; for a summary written before it, worked out from its counts)."""
    if isinstance(failure := summary.get("failure_ratio"), (int, float)):
        return failure
    inputs, dead_letters = summary.get("inputs"), summary.get("dead_letters")
    duplicates = duplicates_of(summary)
    if isinstance(inputs, int) and inputs and isinstance(dead_letters, int) and duplicates is not None:
        return round((dead_letters - duplicates) / inputs, 6)
    return summary.get("dead_letter_ratio")


def _ratio_exceeded(summary: dict) -> bool:
    limit, failure = summary.get("max_dead_letter_ratio"), summary.get("failure_ratio")
    return (isinstance(limit, (int, float)) and isinstance(failure, (int, float))
            and failure > limit)


def ratio_failure(summary: dict) -> str | None:
    """The message of a run failed by --max_dead_letter_ratio (its figures), else None: the
    share it compared, the failed inputs' (`failure_ratio`), or, in a summary written before
    that field, every dead letter's (`dead_letter_ratio`, compared then)."""
    limit = summary.get("max_dead_letter_ratio")
    failure = summary.get("failure_ratio")
    ratio = failure if isinstance(failure, (int, float)) else summary.get("dead_letter_ratio")
    if not (isinstance(ratio, (int, float)) and isinstance(limit, (int, float))):
        return None
    duplicates = summary.get("duplicate_dead_letters")
    if isinstance(failure, (int, float)) and isinstance(duplicates, int) and duplicates:
        return (f"failure ratio {ratio:.1%} (the dead letters but {counted(duplicates, 'duplicate')}) "
                f"exceeds --max_dead_letter_ratio {limit:.1%}")
    return f"dead-letter ratio {ratio:.1%} exceeds --max_dead_letter_ratio {limit:.1%}"


def fill_rate_failure(summary: dict) -> str | None:
    """The message of a run failed by --max_fill_rate_drop, else None."""
    drift_found = (summary.get("quality") or {}).get("drift") or {}
    if not drift_found.get("failed"):
        return None
    drops = ", ".join(f"{row['field']} ({row['scope']}) {row['baseline']:.1%} -> {row['now']:.1%}"
                      for row in drift_found["fill_rate_drops"])
    return (f"fill rates dropped by more than --max_fill_rate_drop "
            f"{drift_found['max_fill_rate_drop']:.1%} against {drift_found['baseline']}: {drops}")


def failure_reasons(summary: dict) -> list[str]:
    """Why the run failed, one sentence a reason (none for a good run): the same words as the
    command's FAILED line."""
    reasons = []
    if not isinstance(summary.get("accounted"), bool):   # (a summary edited or cut by hand)
        reasons.append("the summary does not say whether every input was accounted for")
    elif summary.get("accounted") is False:
        already = summary.get("already_ingested_cables") or 0
        reasons.append(
            f"inputs not accounted for: {fmt_count(summary.get('inputs', 0))} inputs, but "
            f"{fmt_count(summary.get('cables', 0))} cables + "
            f"{fmt_count(summary.get('dead_letters', 0))} dead letters"
            + (f" + {fmt_count(already)} cables already ingested" if already else ""))
    status = str(summary.get("status") or "")
    # (by the figures where the status is another's: inputs not accounted for is checked first)
    exceeded = status == "failed: dead-letter ratio exceeded" or (
        status == "failed: inputs not accounted for" and _ratio_exceeded(summary))
    if exceeded and (ratio := ratio_failure(summary)):
        reasons.append(ratio)
    # (a run failed by both thresholds has the first one's status; the drift records its own
    # failure, which the verdict named only further down the page)
    if fill_rate := fill_rate_failure(summary):
        reasons.append(fill_rate)
    if status not in ("", "ok", "stopped") and not reasons:
        reasons.append(status)
    return reasons


def written_files(summary: dict) -> tuple[list[str], list[str]]:
    """(cable files, dead-letter files) this run wrote, as _SUMMARY.json lists them."""
    files = [str(path) for path in summary.get("files") or []]
    cables = [str(path) for path in summary.get("cable_files") or []]
    if not cables:
        cables = [path for path in files if posixpath.basename(posixpath.dirname(path)) == "cables"]
    return cables, [path for path in files if path not in cables]


def show_pattern(paths: list[str], summary: dict) -> str:
    """One glob that names exactly these files of the run: every file of their folder for a
    run that replaces its output, this run's `run-RUNID-*` files in an incremental one. Shell
    words, each quoted as needed, to paste as they are (`out put/...`): a quoted glob is one
    argument that `show` expands itself, local or gs:// (no shell expands those)."""
    folders = {posixpath.dirname(path) for path in paths}
    if len(folders) != 1 or len(paths) == 1:
        return " ".join(map(shlex.quote, paths))
    folder = folders.pop()
    if summary.get("incremental") is True and summary.get("run_id"):
        return shlex.quote(posixpath.join(folder, f"run-{summary['run_id']}-*.avro"))
    return shlex.quote(posixpath.join(folder, "*.avro"))


def verdict_section(summary: dict, output: str = "") -> str:
    """The first thing on the page: whether the run is good, why not, and where its records and
    dead letters are (with the command that prints each dead letter, its reason and raw input)."""
    reasons = failure_reasons(summary)
    inputs, cables = summary.get("inputs", 0), summary.get("cables", 0)
    dead_letters = summary.get("dead_letters", 0)
    damaged = published_files_warning(summary)  # (the output's, not the day's: no failure)
    if reasons:
        head = "<strong>FAILED</strong>: " + "; ".join(esc(reason) for reason in reasons) + "."
    elif damaged and summary.get("published_files_checked") is False:
        head = ("<strong>OK, but the earlier runs' files were not checked</strong>: every input "
                "accounted for; whether files earlier runs published are still there is not "
                "known today (below).")
    elif damaged:
        head = ("<strong>OK, but the output is damaged</strong>: every input accounted for; "
                "files earlier runs published are missing or changed (below).")
    elif summary.get("nothing_new"):
        head = "<strong>OK</strong>: nothing new since the earlier runs; no record file written."
    else:
        head = "<strong>OK</strong>: every input accounted for."
    counts = (f"{counted(inputs, 'input')}: {counted(cables, 'cable')} written, "
              f"{counted(dead_letters, 'dead letter')}")
    if isinstance(summary.get("dead_letter_ratio"), (int, float)) and inputs:
        counts += f" ({fmt_rate(summary['dead_letter_ratio'])} of the inputs)"
        duplicates = duplicates_of(summary)
        if duplicates:
            # (the share a day fails by: a copy of a good cable is no bad input)
            counts += (f", {counted(duplicates, 'duplicate')} among them (copies of cables "
                       f"written): {fmt_rate(failure_share(summary))} of the inputs failed")
    if summary.get("already_ingested_cables"):
        counts += (f", {counted(summary['already_ingested_cables'], 'cable')} already ingested "
                   "by earlier runs (not written again)")
    if summary.get("nothing_new") and not reasons:
        files, skipped = files_read_kind(summary.get("replay") is True)
        counts = (f"{counted(summary.get('already_ingested') or 0, files)} {skipped} by "
                  "earlier runs, none new")
    if reasons:
        counts += ". Everything was written and published: the files below are complete"
    parts = [f"<p>{head}</p>", f"<p>{counts}.</p>"]
    if summary.get("too_young"):  # (a warning, not a failure: the next run reads them)
        parts.append(f'<p id="too-young"><span class="bad">Warning</span>: '
                     f"{esc(too_young_warning(summary))}.</p>")
    if damaged:
        parts.append(f'<p id="damaged-output"><span class="bad">Warning</span>: {esc(damaged)}.'
                     "</p>")
    cable_files, dead_letter_files = written_files(summary)
    if cable_files and cables:
        parts.append(f"<p>Records ({counted(len(cable_files), 'file')}): "
                     f"<code>{esc(show_pattern(cable_files, summary))}</code></p>")
        parts.append(other_versions_line(summary, cable_files))
    if dead_letter_files and dead_letters:
        command = f"cable-ingest show {show_pattern(dead_letter_files, summary)}"
        parts.append(
            f"<p>Dead letters ({counted(len(dead_letter_files), 'file')}): each with its "
            "reason (<code>error_message</code>, <code>details</code>) and its raw input "
            f"(<code>payload</code>): <code>{esc(command)}</code></p>")
    css = "failed" if reasons else "warned" if damaged else "good"
    return f'<div class="verdict {css}" id="verdict">{"".join(parts)}</div>'


def other_versions_line(summary: dict, cable_files: list[str]) -> str:
    """The cables written beside another version of their reference id (a corrected re-export:
    both kept, by design), and how to list them: each says so in a warning, the day it
    happens, rather than be found months later as two records of one id."""
    kept = summary.get("other_versions_kept")
    if not isinstance(kept, int) or not kept:
        return ""
    command = (f"cable-ingest show {show_pattern(cable_files, summary)} | "
               f"grep {shlex.quote(OTHER_VERSIONS_WARNING)}")
    its = "its" if kept == 1 else "their"
    return (f"<p>{counted(kept, 'cable')} written beside another version of {its} reference id "
            "(a corrected re-export?), each with a warning naming the others: "
            f"<code>{esc(command)}</code></p>")


# --- drift ------------------------------------------------------------------------------------

def drift_section(drift: dict | None) -> str:
    if not drift:
        return ""
    run = f"run {esc(drift['baseline_run_id'])}, " if drift.get("baseline_run_id") else ""
    baseline = (f"baseline {esc(drift.get('baseline'))} "
                f"({run}finished {fmt_time(drift.get('baseline_finished_at'))})")
    if drift.get("error"):
        return f'<div class="drift" id="drift"><strong>No drift check</strong>: {baseline} ' \
               f'{esc(drift["error"])}</div>'
    if not drift.get("flagged"):
        return (f'<div class="nodrift" id="drift"><strong>No drift</strong> against {baseline}: no '
                f"fill rate dropped by more than {fmt_rate(drift['max_fill_rate_drop'])} (and "
                "more than chance explains), no "
                "dead-letter type grew.</div>")
    parts = [f'<div class="drift" id="drift"><strong>Drift</strong> against {baseline}']
    if drift.get("fill_rate_drops"):
        parts.append(f"<p>Fill rates that dropped by more than "
                     f"{fmt_rate(drift['max_fill_rate_drop'])}, and more than chance explains "
                     "between runs of so many cables:</p>")
        parts.append(table(["field", "input format", "baseline", "now", "drop"], [
            [esc(row["field"]), esc(row["scope"]), fmt_rate(row["baseline"]),
             fmt_rate(row["now"]), fmt_rate(row["drop"])] for row in drift["fill_rate_drops"]],
            numeric={2, 3, 4}, css_class="drift-fields"))
    if drift.get("dead_letter_growth"):
        parts.append("<p>Dead-letter types that grew (share of the inputs) or are new:</p>")
        parts.append(table(["stage", "error type", "baseline", "now"], [
            [esc(row["stage"]), esc(row["error_type"]),
             f"{fmt_count(row['baseline_count'])} ({fmt_rate(row['baseline_share'])})",
             f"{fmt_count(row['count'])} ({fmt_rate(row['share'])})"
             + (" <strong>new</strong>" if row.get("new") else "")]
            for row in drift["dead_letter_growth"]], numeric={2, 3}, css_class="drift-types"))
    if drift.get("failed"):
        parts.append('<p class="bad">The run failed: --max_fill_rate_drop was exceeded.</p>')
    parts.append("</div>")
    return "\n".join(parts)


# --- headline ---------------------------------------------------------------------------------

def duration_seconds(summary: dict) -> float | None:
    try:
        started = datetime.fromisoformat(summary["started_at"])
        finished = datetime.fromisoformat(summary["finished_at"])
    except (KeyError, TypeError, ValueError):
        return None
    return max((finished - started).total_seconds(), 0.0)


def headline_section(summary: dict) -> str:
    seconds = duration_seconds(summary)
    run = summary.get("run") or {}
    accounted = summary.get("accounted")
    status = summary.get("status", "")
    rows = [("run id", "run_id", esc(summary["run_id"]))] if summary.get("run_id") else []
    rows += [
        ("inputs", "inputs", fmt_count(summary.get("inputs", 0))),
        ("cables", "cables", fmt_count(summary.get("cables", 0))),
        ("dead letters", "dead_letters", fmt_count(summary.get("dead_letters", 0))),
        ("dead-letter ratio", "dead_letter_ratio", fmt_rate(summary.get("dead_letter_ratio", 0))),
        ("duplicates among the dead letters (copies of cables written)",
         "duplicate_dead_letters", fmt_count(duplicates_of(summary) or 0)),
        ("failure ratio (duplicates not counted: what --max_dead_letter_ratio checks)",
         "failure_ratio", fmt_rate(failure_share(summary) or 0)),
        ("accounted (inputs = cables + dead letters"
         + (" + cables already ingested)" if summary.get("incremental") is True else ")"),
         "accounted",
         '<span class="ok">yes</span>' if accounted else '<span class="bad">NO</span>'),
        ("status", "status",
         f'<span class="{"ok" if status == "ok" else "bad"}">{esc(status)}</span>'),
        ("duration", "duration", f"{seconds:,.1f} s" if seconds is not None else "?"),
        ("rate", "rate", f"{summary.get('inputs', 0) / seconds:,.0f} inputs/s"
         if seconds else "?"),
        ("started", "started_at", fmt_time(summary.get("started_at"))),
        ("finished", "finished_at", fmt_time(summary.get("finished_at"))),
        ("runner", "runner", esc(run.get("runner", "?"))),
        ("version", "pipeline_version", esc(summary.get("pipeline_version"))),
        ("output files", "files", fmt_count(len(summary.get("files", [])))),
    ]
    body = "\n".join(f'<tr><td>{label}</td><td class="num" data-key="{key}">{value}</td></tr>'
                     for label, key, value in rows)
    options = run.get("options") or {}
    option_rows = "\n".join(f"<tr><td>--{esc(name)}</td><td>{fmt_option(value)}</td></tr>"
                            for name, value in sorted(options.items()))
    return "\n".join([
        '<h2 id="headline">Headline</h2>',
        f'<table class="headline">{body}</table>',
        f'<details><summary>options</summary><table class="options">{option_rows}</table></details>'
        if option_rows else "",
    ])


def incremental_section(summary: dict, output: str = "") -> str:
    """What an incremental run found new, already ingested or duplicate."""
    if summary.get("incremental") is not True:
        return ""
    duplicates = sum(row["count"] for row in summary.get("dead_letters_by_type") or []
                     if row["error_type"] == "duplicate")
    files, skipped = files_read_kind(summary.get("replay") is True)
    rows = [
        (f"{files}s read (new)", "new_inputs", summary.get("new_inputs") or 0),
        (f"{files}s {skipped} (skipped)", "already_ingested",
         summary.get("already_ingested", 0)),
        ("cables already ingested (not written again)", "already_ingested_cables",
         summary.get("already_ingested_cables", 0)),
        ("duplicates within this run (dead letters)", "duplicates", duplicates),
    ]
    if summary.get("too_young"):
        rows.append((f"{files}s too young (left to the next run)", "too_young",
                     summary["too_young"]))
    body = "\n".join(f'<tr><td>{label}</td><td class="num" data-key="{key}">{fmt_count(value)}'
                     "</td></tr>" for label, key, value in rows)
    note = ("<p><strong>Nothing new</strong>: this run wrote no record file.</p>"
            if summary.get("nothing_new") else "")
    return "\n".join(['<h2 id="incremental">Incremental run</h2>',
                      f'<table class="headline">{body}</table>', note,
                      new_files_list(summary, files, output)])


def new_files_list(summary: dict, files: str, output: str) -> str:
    """The input files the run read as new, by name: what an archivist looks for in the day's
    report. The summary keeps the first 100 by name (a drop of 10,000 files is no page to read):
    the rest are counted, and the command that lists every one (its ledger notes them) given."""
    names = [str(name) for name in summary.get("new_input_files") or []]
    if not names:  # (a summary written before the field, or a run that read none)
        return ""
    count = summary.get("new_inputs")
    more = count - len(names) if isinstance(count, int) and count > len(names) else 0
    items = "\n".join(f"<li><code>{esc(name)}</code></li>" for name in names)
    parts = [f'<h3 id="new-input-files">The {files}s read (new)</h3>',
             f'<ul class="new-input-files">{items}</ul>']
    if more:
        # (the ledger files the run published, by their paths: a report drawn again from the
        # run's kept summary, OUTPUT/_runs/RUNID, is not in the output's folder)
        ledgers = [str(path) for path in summary.get("ledger_files") or []] or [posixpath.join(
            output or "OUTPUT", "_ledger", f"run-{summary.get('run_id')}-ledger-*.avro")]
        command = (f"cable-ingest show {' '.join(shlex.quote(path) for path in ledgers)} "
                   "| grep '\"kind\": \"FILE\"'")
        parts.append(f"<p>and {counted(more, files)} more (the first {len(names):,} by name "
                     f"are listed); the run's ledger notes each: <code>{esc(command)}</code></p>")
    return "\n".join(parts)


# What `recovered` said of every run before it said what was found (`found`).
KILLED_PUBLISHING = "was killed while it published"


def recovered_section(recovered: list) -> str:
    """Earlier runs killed while they published, or whose ledger is missing, and what this run
    did about each: a day that failed shows in the next day's report."""
    if not recovered:
        return ""
    items = "\n".join(
        f'<li><span class="bad">run {esc(each.get("run_id"))} '
        f'{esc(each.get("found", KILLED_PUBLISHING))}'
        f'</span>: {esc(each.get("action"))} ({counted(len(each.get("files") or []), "file")})'
        "</li>" for each in recovered if isinstance(each, dict))
    return f'<div class="drift" id="recovered"><ul>{items}</ul></div>'


# --- dead letters -----------------------------------------------------------------------------

def dead_letters_section(summary: dict, quality: dict) -> str:
    by_type = summary.get("dead_letters_by_type") or []
    parts = ['<h2 id="dead-letters">Dead letters by stage and error type</h2>']
    if not by_type:
        return "\n".join(parts + ["<p>No dead letters.</p>"])
    parts.append(bar_chart([(f"{row['stage']} {row['error_type']}", row["count"])
                            for row in by_type], "dead letters by type"))
    examples = {(row["stage"], row["error_type"]): row.get("examples", [])
                for row in (quality.get("dead_letters") or {}).get("by_type", [])}
    for row in by_type:
        key = (row["stage"], row["error_type"])
        parts.append(f'<h3 class="dead-letter-type">{esc(row["stage"])} '
                     f'<code>{esc(row["error_type"])}</code>: {fmt_count(row["count"])}</h3>')
        found = examples.get(key, [])
        parts += [example_html(example) for example in found] or [
            '<p class="muted">No examples of this type in the quality figures; its dead '
            "letters are in dead_letter/.</p>"]
    return "\n".join(parts)


def example_html(example: dict) -> str:
    source = example.get("uri", "")
    if example.get("row") is not None:
        source += f" row {example['row']}"
    return "\n".join([
        f'<div class="example"><div><span class="muted">source</span> <code>{esc(source)}</code>'
        f' <span class="muted">({fmt_count(example.get("payload_size", 0))} bytes)</span></div>',
        f'<div><span class="muted">message</span> {esc(example.get("message"))}</div>',
        f'<pre class="payload">{esc(example.get("payload_start"))}</pre></div>',
    ])


def top_sources_section(quality: dict) -> str:
    sources = (quality.get("dead_letters") or {}).get("top_sources") or []
    if not sources:
        return ""
    return "\n".join(['<h2 id="top-sources">Sources with the most dead letters</h2>',
                      table(["source", "dead letters"],
                            [[f"<code>{esc(row['source'])}</code>", fmt_count(row["count"])]
                             for row in sources], numeric={1})])


# --- warnings, fill rates, distributions ------------------------------------------------------

def cable_sections(quality: dict) -> list[str]:
    """What the run's cables were like; one line when it parsed none (a day with nothing new):
    a table of every field at 0.0% read as a day on which every field was lost."""
    if quality and not quality.get("cables_measured"):
        return ['<h2 id="fill-rates">Warnings, fill rates, distributions</h2>',
                '<p class="muted">No cable was parsed in this run: nothing to measure.</p>']
    return [warnings_section(quality), fill_rate_section(quality), distributions_section(quality)]


def warnings_section(quality: dict) -> str:
    warnings = quality.get("warnings")
    if warnings is None:
        return ""
    with_warnings, measured = warnings["cables_with_warnings"], quality.get("cables_measured", 0)
    if with_warnings == measured:  # not '1 of the 1 cable parsed'
        who = f"{'The' if measured == 1 else 'All'} {counted(measured, 'cable')} parsed"
    else:
        who = f"{fmt_count(with_warnings)} of the {counted(measured, 'cable')} parsed"
    parts = ['<h2 id="warnings">Warnings by kind</h2>',
             f"<p>{who} {'carries' if with_warnings == 1 else 'carry'} "
             f"{counted(warnings['total'], 'warning')}.</p>"]
    if warnings["by_kind"]:
        rows = [(row["kind"], row["count"]) for row in warnings["by_kind"]]
        if warnings.get("other_kinds"):
            rows.append(("(other kinds)", warnings["other_kinds"]))
        parts.append(bar_chart(rows, "warnings by kind"))
    return "\n".join(parts)


def fill_rate_section(quality: dict) -> str:
    fields = quality.get("fields")
    if not fields:
        return ""
    by_format = quality.get("fill_rate_by_format") or {}
    formats = sorted(by_format)
    header = ["field", f"all ({fmt_count(quality.get('cables_measured', 0))})"] + [
        f"{name} ({fmt_count(by_format[name]['cables'])})" for name in formats]
    rows = [[f"<code>{esc(field)}</code>", fill_bar(quality["fill_rate"].get(field, 0.0))]
            + [fill_bar(by_format[name]["fill_rate"].get(field, 0.0)) for name in formats]
            for field in fields]
    return "\n".join(['<h2 id="fill-rates">Fill rate of every Cable field</h2>',
                      '<p class="muted">Share of cables in which the field is not null and not '
                      "empty; columns: all cables, then each input format. Measured on the "
                      f"{counted(quality.get('cables_measured', 0), 'cable')} parsed, duplicate "
                      "copies included.</p>",
                      table([esc(name) for name in header], rows, css_class="fill-rates")])


def fill_bar(rate: float) -> str:
    width = max(0.0, min(rate, 1.0)) * 100
    return (f'<span class="fillbox"><span class="fill" style="width:{width:.0f}%"></span></span>'
            f"{fmt_rate(rate)}")


def distributions_section(quality: dict) -> str:
    distributions = quality.get("distributions")
    if not distributions:
        return ""
    origins = [(row["origin"], row["count"]) for row in distributions["origin"]]
    if distributions.get("origin_others"):
        origins.append(("(all other origins)", distributions["origin_others"]))
    return "\n".join([
        '<h2 id="distributions">Distributions</h2>',
        "<h3>Cable size (characters of the body)</h3>",
        bar_chart([(row["bucket"], row["count"]) for row in distributions["body_chars"]],
                  "cable size"),
        "<h3>Year of <code>created</code></h3>",
        bar_chart([(row["year"], row["count"]) for row in distributions["year"]], "year"),
        "<h3>Classification</h3>",
        bar_chart([(row["classification"], row["count"])
                   for row in distributions["classification"]], "classification"),
        "<h3>Origin (top 20)</h3>",
        bar_chart(origins, "origin"),
    ])


# --- building blocks --------------------------------------------------------------------------

def table(header: list[str], rows: list[list[str]], numeric=frozenset(), css_class="") -> str:
    """An HTML table of cells that are already HTML (escaped by the caller)."""
    def cell(tag, index, content):
        return f'<{tag} class="num">{content}</{tag}>' if index in numeric \
            else f"<{tag}>{content}</{tag}>"

    head = "".join(cell("th", i, name) for i, name in enumerate(header))
    body = "\n".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
                     for row in rows)
    class_attribute = f' class="{css_class}"' if css_class else ""
    return f"<table{class_attribute}><tr>{head}</tr>\n{body}</table>"


def bar_chart(rows: list[tuple], title: str) -> str:
    """A horizontal bar chart as inline SVG: one labelled bar per (label, count)."""
    if not rows:
        return '<p class="muted">none</p>'
    largest = max(count for _, count in rows) or 1
    bar_space = CHART_WIDTH - LABEL_WIDTH - 70
    height = ROW_HEIGHT * len(rows) + 4
    bars = []
    for index, (label, count) in enumerate(rows):
        y = index * ROW_HEIGHT + 2
        width = max(count / largest * bar_space, 1 if count else 0)
        text = str(label)
        shown = text if len(text) <= MAX_LABEL_CHARS else text[:MAX_LABEL_CHARS - 1] + "…"
        bars.append(
            f'<g><title>{esc(text)}: {count:,}</title>'
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{esc(shown)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="#0969da"></rect>'
            f'<text x="{LABEL_WIDTH + width + 5:.1f}" y="{y + 13}">{count:,}</text></g>')
    return (f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{CHART_WIDTH}" '
            f'height="{height}" viewBox="0 0 {CHART_WIDTH} {height}">{"".join(bars)}</svg>')


def report_bytes(summary: dict, output: str = "") -> bytes:
    """The page as UTF-8; a file name that is not valid Unicode is shown with escapes."""
    return render_report(summary, output).encode("utf-8", errors="backslashreplace")


def write_report(output: str, summary: dict, folder: str | None = None) -> str:
    """Write OUTPUT/_REPORT.html from a summary (or into `folder`, a run's folder in
    OUTPUT/_runs/, its commands still naming OUTPUT); its path. Typed as HTML, so that the Cloud
    Storage console and a browser show it rather than download it."""
    path = storage.join(folder or output, REPORT_FILE)
    with storage.create(path, mime_type="text/html; charset=utf-8") as sink:
        sink.write(report_bytes(summary, output))
    return path
