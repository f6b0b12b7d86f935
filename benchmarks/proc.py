"""Run one measurement in a child process and watch its memory, with /proc only (no psutil).

Peak RSS is reported two ways:
  * `peak_rss_mb`: the largest single process (ru_maxrss of the child and of every process it
    waited for, e.g. Beam's worker processes), exact;
  * `tree_rss_mb`: the largest sum of the RSS of the child and all its descendants, sampled every
    SAMPLE_SECONDS: what the machine must hold when 2 workers run at once.
"""
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

SAMPLE_SECONDS = 0.1
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
RESULT_PREFIX = "BENCH_RESULT "


def _parents() -> dict[int, int]:
    """pid -> parent pid of every live process."""
    parents = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        # `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so cut at the last ')'
        parents[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
    return parents


def tree_rss_bytes(root: int) -> int:
    """The summed resident set size of `root` and all its descendants."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
        except OSError:
            pass
    return total


class TreeRssSampler(threading.Thread):
    """Samples tree_rss_bytes(pid) until stopped; `peak` is the largest sample."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, tree_rss_bytes(self.pid))

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


def run_child(module: str, args: list[str], log_path: Path, timeout: float | None = None) -> dict:
    """Run `python -m module args...`; returns the dict it printed after RESULT_PREFIX.

    The child's stderr (Beam's logging) goes to `log_path`. Adds `tree_rss_mb` and `wall_s`.
    """
    command = [sys.executable, "-m", module, *args]
    started = time.perf_counter()
    with open(log_path, "a") as log:
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True,
                                 cwd=Path(__file__).resolve().parent.parent)
        sampler = TreeRssSampler(child.pid)
        sampler.start()
        stdout, _ = child.communicate(timeout=timeout)
        peak = sampler.stop()
    wall = time.perf_counter() - started
    lines = [line for line in stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if not lines:  # a result with a non-zero exit (e.g. a target missed) is still a result
        raise RuntimeError(f"{' '.join(command)} failed (exit {child.returncode}); see {log_path}")
    result = json.loads(lines[-1][len(RESULT_PREFIX):])
    result["tree_rss_mb"] = round(peak / 2**20, 1)
    result["wall_s"] = round(wall, 2)
    return result


def report(result: dict) -> None:
    """Print the child's result for run_child (call last, from the child)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    waited = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_rss_mb"] = round(max(own, waited) / 1024, 1)  # ru_maxrss is in KiB on Linux
    print(RESULT_PREFIX + json.dumps(result), flush=True)
