"""The parser package's annotations are true: mypy finds no error in transforms/cable_parser.

The settings are mypy.ini's, at the repo root (`python -m mypy` there checks the same). A
compiled build (mypyc) fails at run time exactly where an annotation lies, so they are checked
like the code is. mypy's cache is .mypy_cache (ignored by git): a run after the first reads only
the files that changed.
"""
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join("transforms", "cable_parser")


def test_the_parser_package_passes_mypy():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", PACKAGE],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    if result.returncode != 0 or errors:
        pytest.fail(f"mypy (exit {result.returncode}) on {PACKAGE}: {len(errors)} error(s)\n"
                    + result.stdout + result.stderr, pytrace=False)
