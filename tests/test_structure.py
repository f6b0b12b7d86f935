"""The code's structure the maintainers hold to: data flows one way, and each thing is made in
one place. Checked on the source, so a change that breaks it fails here, not in a review."""
import ast
import json
import os
import subprocess
import sys

import pytest

from conftest import REPO

TRANSFORMS = os.path.join(REPO, "transforms")


def _modules_loaded_by(module: str) -> set[str]:
    code = (f"import json, sys, {module}; print(json.dumps(sorted(name for name in sys.modules "
            "if name.startswith('transforms.'))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, check=True)
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("early", ["transforms.expand", "transforms.read", "transforms.ingest",
                                   "transforms.parse", "transforms.dedupe"])
def test_an_early_stage_imports_no_later_one(early):
    """read -> decode -> parse -> validate -> de-duplicate -> write -> publish: reading files
    and parsing them import no publish step, report or (but the parse's own measure) quality
    figures, nor the pipeline."""
    later = {"transforms.publish", "transforms.report", "transforms.ledger"}
    if early in ("transforms.expand", "transforms.read", "transforms.ingest"):
        later |= {"transforms.quality", "transforms.dedupe", "transforms.write"}
    loaded = _modules_loaded_by(early)
    assert not loaded & later, sorted(loaded & later)
    assert not any(name.startswith("pipeline") for name in loaded)


def _python_files(*folders):
    for folder in folders:
        for root, _, names in os.walk(os.path.join(REPO, folder)):
            yield from (os.path.join(root, name) for name in names if name.endswith(".py"))


def _calls_named(tree, name):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == name]


def test_duplicate_dead_letters_are_made_in_one_place():
    """`dedupe.duplicate_dead_letter`, whichever run (batch, replay, streaming) finds a copy."""
    makers = []
    for path in _python_files("transforms", "pipeline"):
        tree = ast.parse(open(path, encoding="utf-8").read())
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for call in _calls_named(function, "Failure"):
                if any(getattr(arg, "id", None) == "DUPLICATE" for arg in call.args):
                    makers.append(f"{os.path.relpath(path, REPO)}:{function.name}")
    assert makers == ["transforms/dedupe.py:duplicate_dead_letter"]



def test_a_missing_file_is_told_by_one_check():
    """`storage.is_not_found`: every storage says "missing" its own way (FileNotFoundError,
    Cloud Storage's 404, a BeamIOError's message); each caller judged a different subset."""
    judged_by_words = [os.path.relpath(path, REPO) for path in _python_files("transforms")
                       if '"not found" in' in open(path, encoding="utf-8").read()]
    assert judged_by_words == ["transforms/storage.py"]


def test_is_not_found_knows_each_storage_s_way_of_saying_missing():
    from transforms.storage import is_not_found

    class NotFound(Exception):  # google.api_core.exceptions.NotFound, by its name
        code = 404

    class BeamIOError(IOError):
        def __init__(self, message, exception_details):
            super().__init__(message)
            self.exception_details = exception_details

    assert is_not_found(FileNotFoundError(2, "No such file or directory"))
    assert is_not_found(NotFound("gone"))
    assert is_not_found(BeamIOError("Metadata operation failed", {"gs://b/x": NotFound("x")}))
    assert is_not_found(RuntimeError("Object gs://b/x not found"))
    assert not is_not_found(PermissionError(13, "Permission denied"))
    assert not is_not_found(BeamIOError("Metadata operation failed",
                                        {"gs://b/x": PermissionError(13, "denied")}))
