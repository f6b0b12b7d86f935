"""What a run tells while it works and when it ends: the live progress line on a terminal, the
progress log lines elsewhere, the closing JSON log line, and the Beam Distribution metrics."""
import io
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.metrics.metric import MetricsFilter

from benchmarks import generate
from conftest import SAMPLES
from doors import as_background_job
from pipeline import graph, progress
from transforms import metrics

CLI = [sys.executable, "-m", "pipeline"]
COUNT = 400  # generated cables: a run of several seconds


@pytest.fixture(scope="module")
def many_cables(tmp_path_factory):
    """Enough generated text cables (from the repo's real ones) for a run of several seconds."""
    folder = tmp_path_factory.mktemp("many") / "cables"
    generate.write_files("text", folder, COUNT, seed=3, median_kb=10)
    return str(folder)


def run_on_terminal(argv, interrupt_after_progress=False, timeout=300, signal_number=signal.SIGINT,
                    to_group=False, background_job=False):
    """Run the CLI with stdout and stderr on a pseudo-terminal: (exit status, all it wrote).

    With `interrupt_after_progress`, Ctrl-C (SIGINT, or `signal_number`) once a progress line
    has counted inputs: to the command's process alone (as `timeout` or `kill` send it), or,
    `to_group`, to every process of its group, its worker processes too (as a terminal sends
    Ctrl-C, and systemd SIGTERM). `background_job`: started as a script's `cable-ingest ... &`.
    """
    controller, terminal = pty.openpty()
    command = as_background_job(CLI + argv) if background_job else CLI + argv
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=terminal,
                               stderr=terminal, close_fds=True, start_new_session=True)
    os.close(terminal)
    chunks, deadline, interrupted = [], time.monotonic() + timeout, False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            chunks.append(chunk)
            if interrupt_after_progress and not interrupted and COUNTED.search(b"".join(chunks)):
                if to_group:
                    os.killpg(process.pid, signal_number)
                else:
                    process.send_signal(signal_number)
                interrupted = True
        elif process.poll() is not None:
            break
    os.close(controller)
    try:
        status = process.wait(timeout=60)
    except subprocess.TimeoutExpired:  # it hung: end it and its workers (its own group)
        os.killpg(process.pid, signal.SIGKILL)
        raise
    return status, b"".join(chunks).decode("utf-8", "replace")


# A progress line that has counted at least one input.
COUNTED = re.compile(rb"\rinputs [1-9]")


def json_log_line(text):
    lines = [line.strip() for line in text.replace("\r", "\n").splitlines()]
    (entry,) = [json.loads(line) for line in lines if line.startswith('{"severity"')]
    return entry


def test_a_terminal_shows_progress_before_the_summary_with_two_worker_processes(
        many_cables, tmp_path):
    """The hard case: the counting happens in worker processes, not in the launcher."""
    output = str(tmp_path / "out")
    # Four copies of each cable: the workers count for a second or more, several redraws (400
    # inputs alone were counted and published between two redraws on a loaded machine)
    copies = 4
    status, text = run_on_terminal([
        "run", "--input", many_copies(many_cables, tmp_path, copies), "--output", output,
        "--direct_num_workers=2", "--direct_running_mode=multi_processing"])
    assert status == 0, text[-2000:]
    summary_at = text.index("(inputs = cables + dead letters)")
    updates = [part for part in text[:summary_at].split("\r") if part.startswith("inputs ")]
    counted = [int(part.split()[1].replace(",", "")) for part in updates]
    assert any(0 < count for count in counted), updates[-5:]  # counts seen while it ran
    assert counted == sorted(counted)  # they only grow
    assert all(count <= copies * COUNT for count in counted)
    # The parse's cables show while it runs (the kept ones are counted after the de-duplication).
    parsed = [int(part.split(" | ")[1].removeprefix("parsed ").replace(",", "")) for part in updates]
    assert any(0 < count for count in parsed) and parsed == sorted(parsed), updates[-5:]
    entry = json_log_line(text)
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as stream:
        written = json.load(stream)
    for name in ("inputs", "cables", "dead_letters", "accounted", "status", "dead_letters_by_type",
                 "run_id"):
        assert entry[name] == written[name], name
    assert entry["inputs"] == copies * COUNT and entry["severity"] == "INFO" and entry["output"] == output
    assert entry["run_id"] and entry["seconds"] > 0


def test_without_a_terminal_no_live_line_and_one_json_line_whose_counts_are_the_summarys(tmp_path):
    output = str(tmp_path / "out")
    done = subprocess.run(CLI + ["run", "--input", os.path.join(SAMPLES, "*"), "--output", output,
                                 "--max_dead_letter_ratio=0.05"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1  # the samples' broken inputs exceed 5%
    assert "\r" not in done.stderr
    entry = json_log_line(done.stderr)
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as stream:
        written = json.load(stream)
    assert entry["severity"] == "ERROR" and entry["status"] == written["status"] != "ok"
    assert entry["run_id"] == written["run_id"]  # one id for the log line and the summary
    assert (entry["inputs"], entry["cables"], entry["dead_letters"]) == (
        written["inputs"], written["cables"], written["dead_letters"])


def many_copies(many_cables, tmp_path, copies: int = 20) -> str:
    """The same files in `copies` folders (hard links: each is a file of its own name and an input,
    the copies become duplicate dead letters): a run of many seconds, so a signal lands while it
    works even on a fast machine. (One file matched by 20 patterns, or a symbolic link to it,
    would be read once.) The glob of them all."""
    for copy in range(copies):
        folder = tmp_path / "in" / f"copy{copy}"
        folder.mkdir(parents=True)
        for name in os.listdir(many_cables):
            os.link(os.path.join(many_cables, name), folder / name)
    return str(tmp_path / "in" / "*" / "*")


def test_a_run_stopped_by_ctrl_c_still_logs_its_end(many_cables, tmp_path):
    status, text = run_on_terminal(["run", "--input", many_copies(many_cables, tmp_path),
                                    "--output", str(tmp_path / "out")],
                                   interrupt_after_progress=True)
    assert status == 130, text[-3000:]   # 128 + SIGINT, as a shell reports Ctrl-C
    entry = json_log_line(text)
    assert entry["severity"] == "ERROR" and entry["status"] == "error"
    assert entry["error"] == "KeyboardInterrupt: interrupted (Ctrl-C)" and "inputs" not in entry
    # The output as it was: not there (no summary, no lock, no staging folder of partial files,
    # and not the folder the run made for them either).
    assert not (tmp_path / "out").exists()
    # One line says so: not Beam's log of the interrupted step and the command's traceback
    # (two tracebacks of some 40 lines each).
    assert "Traceback" not in text and "cable-ingest: interrupted (Ctrl-C)" in text


def test_a_run_started_as_a_background_job_leaves_ctrl_c_to_the_script(many_cables, tmp_path):
    """`cable-ingest run ... &` in a script: the shell starts it with SIGINT ignored, so that the
    Ctrl-C meant for the script leaves it running. The run keeps it ignored (it took it over,
    and stopped, before) and ends as if nothing came, its output published."""
    output = tmp_path / "out"
    status, text = run_on_terminal(
        ["run", "--input", many_copies(many_cables, tmp_path, copies=5), "--output", str(output)],
        interrupt_after_progress=True, background_job=True)
    assert status == 0, text[-3000:]
    assert "(inputs = cables + dead letters)" in text and "interrupted" not in text, text[-3000:]
    assert json.loads((output / "_SUMMARY.json").read_text())["inputs"] == 5 * COUNT


@pytest.mark.parametrize("signal_number, status, how", [
    (signal.SIGINT, 130, "interrupted (Ctrl-C)"),
    (signal.SIGTERM, 143, "stopped (SIGTERM)")])
def test_a_run_with_worker_processes_stops_as_a_run_without(many_cables, tmp_path, signal_number,
                                                            status, how):
    """Ctrl-C on a terminal reaches the worker processes too: each printed its own
    KeyboardInterrupt traceback under the command's line. SIGTERM to the command alone (what
    `timeout` sends) could leave it waiting for ever for a worker busy with a bundle, OUTPUT/_LOCK
    kept. Both to the whole group and to the command alone, the stop is one line, and the
    output is as it was."""
    inputs = many_copies(many_cables, tmp_path)
    for to_group in (True, False):
        output = tmp_path / f"out-{to_group}"
        code, text = run_on_terminal(
            ["run", "--input", inputs, "--output", str(output), "--workers", "2"],
            interrupt_after_progress=True, signal_number=signal_number, to_group=to_group,
            timeout=120)
        assert code == status, (to_group, text[-3000:])
        assert "Traceback" not in text and f"cable-ingest: {how}" in text, (to_group, text[-3000:])
        assert json_log_line(text)["error"] == f"KeyboardInterrupt: {how}"
        assert not output.exists(), to_group  # no lock, no summary, no staged files, no folder


def test_the_direct_runner_by_hand_stops_as_a_run_with_workers(many_cables, tmp_path):
    """`--runner DirectRunner --direct_running_mode multi_processing --direct_num_workers 2`, as
    Beam's docs teach a run over worker processes: Ctrl-C on the terminal printed each of
    Beam's own workers' KeyboardInterrupt traceback under the command's line. It now runs on
    the workers `--workers 2` starts: the stop is one line, the output as it was."""
    output = tmp_path / "out"
    code, text = run_on_terminal(
        ["run", "--input", many_copies(many_cables, tmp_path), "--output", str(output),
         "--runner", "DirectRunner", "--direct_running_mode", "multi_processing",
         "--direct_num_workers", "2"],
        interrupt_after_progress=True, to_group=True, timeout=120)
    assert code == 130, text[-3000:]
    assert "Traceback" not in text and "cable-ingest: interrupted (Ctrl-C)" in text, text[-3000:]
    assert json_log_line(text)["error"] == "KeyboardInterrupt: interrupted (Ctrl-C)"
    assert not output.exists()


def test_a_run_stopped_by_sigterm_logs_its_end_and_frees_its_output(many_cables, tmp_path):
    """What `timeout`, systemd or `docker stop` send: the run ended without a word and left
    OUTPUT/_LOCK behind, so every run into that output was refused for --lock_stale_hours."""
    output = tmp_path / "out"
    status, text = run_on_terminal(["run", "--input", many_copies(many_cables, tmp_path),
                                    "--output", str(output)],
                                   interrupt_after_progress=True, signal_number=signal.SIGTERM)
    assert status == 143, text[-3000:]   # 128 + SIGTERM
    entry = json_log_line(text)
    assert entry["severity"] == "ERROR" and entry["error"] == "KeyboardInterrupt: stopped (SIGTERM)"
    assert "Traceback" not in text and "cable-ingest: stopped (SIGTERM)" in text
    assert not output.exists()  # no lock, no summary, no staging folder: no folder it made


@pytest.mark.parametrize("status, accounted, error, severity, verb", [
    ("ok", True, None, "INFO", "finished"),
    ("stopped", True, None, "INFO", "finished"),  # a streaming run its user stopped (Ctrl-C)
    ("submitted", None, None, "INFO", "finished"),  # a Dataflow job handed over: no summary yet
    ("failed: dead-letter ratio exceeded", True, None, "ERROR", "failed"),
    ("ok", False, None, "ERROR", "failed"),  # an input not accounted for
    ("stopped", False, None, "ERROR", "failed"),
    ("error", None, "KeyboardInterrupt: ", "ERROR", "failed"),
])
def test_the_closing_line_is_an_error_only_when_the_run_failed(status, accounted, error,
                                                                severity, verb):
    """A log-based alert fires on ERROR: a stopped stream or a submitted job must not set it off."""
    from transforms.run_summary import build_summary

    summary = None
    if accounted is not None:
        summary = build_summary(3, 2 if accounted else 1, [(("PARSE", "not_a_cable"), 1)], [],
                                status=status)
    entry = progress.run_end_entry(summary, "out", "run-1", 1.0,
                                   status=None if summary else status, error=error)
    assert (entry["severity"], entry["status"]) == (severity, status)
    said = status.removeprefix("failed: ")  # 'failed: dead-letter ratio exceeded' said once
    assert entry["message"] == f"cable-ingest run run-1 {verb}: {said}"


def test_progress_is_logged_when_stderr_is_not_a_terminal(many_cables, tmp_path):
    stream = io.StringIO()
    with progress.Progress(stream=stream, interval=0.5) as reporter:
        assert os.environ[metrics.PROGRESS_DIR_ENV] == reporter.folder
        graph.run(["--input", os.path.join(many_cables, "*"), "--output", str(tmp_path / "out")])
        time.sleep(1.0)  # one more report after the last counts were written
    lines = stream.getvalue().splitlines()
    assert lines and all(line.startswith("cable-ingest progress: inputs ") for line in lines)
    assert f"inputs {COUNT} | parsed {COUNT} | cables {COUNT} | dead letters 0" in lines[-1]
    assert metrics.PROGRESS_DIR_ENV not in os.environ
    assert not Path(reporter.folder).exists()


def test_input_size_and_parse_time_are_beam_distributions(tmp_path):
    names = ["06ALMATY2404.txt", "08MUNICH355.txt", "broken-not-a-cable.txt"]
    options = graph.make_options([f"--input={os.path.join(SAMPLES, n)}" for n in names]
                                 + [f"--output={tmp_path / 'out'}"])
    pipeline = beam.Pipeline(options=options)
    graph.build_batch(pipeline, options)
    result = pipeline.run()
    result.wait_until_finish()
    found = {d.key.metric.name: d.committed for d in result.metrics().query(
        MetricsFilter().with_namespace(metrics.NAMESPACE))["distributions"]}
    sizes = found[metrics.INPUT_BYTES]
    assert sizes.count == 3
    assert sizes.sum == sum(os.path.getsize(os.path.join(SAMPLES, n)) for n in names)
    assert sizes.max == max(os.path.getsize(os.path.join(SAMPLES, n)) for n in names)
    micros = found[metrics.PARSE_MICROS]
    assert micros.count == 3 and 0 < micros.max < 60_000_000


def test_warnings_are_counted_by_kind_as_the_summary_counts_them(tmp_path):
    output = str(tmp_path / "out")
    options = graph.make_options([f"--input={os.path.join(SAMPLES, '*')}", f"--output={output}"])
    pipeline = beam.Pipeline(options=options)
    graph.build_batch(pipeline, options)
    result = pipeline.run()
    result.wait_until_finish()
    counted = {c.key.metric.name[len(metrics.WARNING_PREFIX):]: c.committed
               for c in result.metrics().query(MetricsFilter().with_namespace(
                   metrics.NAMESPACE))["counters"]
               if c.key.metric.name.startswith(metrics.WARNING_PREFIX)}
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as stream:
        warnings = json.load(stream)["quality"]["warnings"]
    assert counted and sum(counted.values()) == warnings["total"]
    assert counted == {row["kind"]: row["count"] for row in warnings["by_kind"]}


def test_a_replay_ends_with_its_json_line_too(tmp_path):
    first = str(tmp_path / "first")
    subprocess.run(CLI + ["run", "--input", os.path.join(SAMPLES, "broken-*"), "--output", first],
                   capture_output=True, text=True, timeout=300, check=False)
    done = subprocess.run(CLI + ["replay", os.path.join(first, "dead_letter", "*.avro"),
                                 "--output", str(tmp_path / "again")],
                          capture_output=True, text=True, timeout=300)
    entry = json_log_line(done.stderr)
    with open(tmp_path / "again" / "_SUMMARY.json", encoding="utf-8") as stream:
        written = json.load(stream)
    assert entry["inputs"] == written["inputs"] == 2
    assert entry["dead_letters"] == written["dead_letters"]
    assert entry["output"] == str(tmp_path / "again")


def test_overlapping_runs_in_one_process_leave_no_progress_folder_behind(monkeypatch):
    """Two runs on threads of one process (as the concurrency tests start them): whichever ends
    first, the variable does not outlive both, and never names a deleted folder."""
    monkeypatch.delenv(metrics.PROGRESS_DIR_ENV, raising=False)
    first, second = progress.Progress(stream=io.StringIO()), progress.Progress(stream=io.StringIO())
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert os.environ[metrics.PROGRESS_DIR_ENV] == second.folder  # still the running one's
    second.__exit__(None, None, None)
    assert metrics.PROGRESS_DIR_ENV not in os.environ
