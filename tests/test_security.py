"""Nothing in the input steers the pipeline: no code execution, safe parsers, quiet logs.

- The package source (scanned with `ast`) calls no eval/exec/compile, imports no pickle,
  marshal, shelve, subprocess or yaml, calls no os.system/os.popen/os.exec*/os.spawn*, passes no
  shell=True; the input path (parser, formats, decode, ingest...) imports no XML or network module.
- HTML is read with html.parser, CSV with the csv module; external entities are never fetched.
- Logs, at DEBUG, hold neither a payload nor a credential from the environment.
- Dead-letter messages are short: at most a short excerpt of the input.
"""
import ast
import glob
import logging
import os
import shutil

import pytest

from conftest import DATA, REPO, SAMPLES, read_outputs
from pipeline import graph
from transforms import formats
from transforms.ingest import DEAD_LETTER, ingest
from transforms.records import HTML, TEXT, RawInput

PACKAGES = ("pipeline", "schemas", "transforms")
# The per-input path: what reads, decodes and parses untrusted bytes.
INPUT_PATH = ["transforms/cable_parser/*.py", "transforms/formats/*.py", "transforms/decode.py",
              "transforms/ingest.py", "transforms/parse.py", "transforms/records.py",
              "transforms/validate.py", "transforms/read.py", "transforms/dedupe.py"]

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "input", "breakpoint"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "cloudpickle", "marshal", "shelve",
                     "subprocess", "yaml", "pty", "ctypes"}
FORBIDDEN_OS_CALLS = ("system", "popen", "exec", "spawn", "fork")
# Modules that could resolve external entities or reach the network while parsing an input.
FORBIDDEN_ON_INPUT_PATH = {"xml", "lxml", "bs4", "html5lib", "urllib", "http", "socket",
                           "requests", "ftplib", "smtplib", "xmlrpc", "webbrowser"}
# Genuine needs outside the input path, as (file, name): none so far.
ALLOWED: set[tuple[str, str]] = set()

MAX_ERROR_MESSAGE_CHARS = 500


def source_files(patterns):
    return sorted({path for pattern in patterns
                   for path in glob.glob(os.path.join(REPO, pattern), recursive=True)})


PACKAGE_FILES = source_files(f"{package}/**/*.py" for package in PACKAGES)
INPUT_PATH_FILES = source_files(INPUT_PATH)


def relative(path):
    return os.path.relpath(path, REPO)


def imported_modules(tree):
    """Top-level names of every module a tree imports."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module.split(".")[0]


def dangerous_uses(tree):
    """(what, line) of each forbidden call, import, os call, shell=True, yaml.load."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                yield func.id, node.lineno
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                if func.value.id == "os" and func.attr.startswith(FORBIDDEN_OS_CALLS):
                    yield f"os.{func.attr}", node.lineno
                if func.value.id == "yaml" and func.attr in ("load", "unsafe_load", "full_load"):
                    yield f"yaml.{func.attr}", node.lineno
            for keyword in node.keywords:
                if keyword.arg == "shell" and not (isinstance(keyword.value, ast.Constant)
                                                   and keyword.value.value is False):
                    yield "shell=...", node.lineno
    for module in imported_modules(tree):
        if module in FORBIDDEN_MODULES:
            yield f"import {module}", 0


def parse_file(path):
    with open(path, encoding="utf-8") as f:
        return ast.parse(f.read(), filename=path)


def test_the_scan_covers_the_package():
    names = {relative(path) for path in PACKAGE_FILES}
    assert {"pipeline/cli.py", "transforms/formats/_html.py", "transforms/cable_parser/_parse.py",
            "schemas/__init__.py"} <= names
    assert set(INPUT_PATH_FILES) <= set(PACKAGE_FILES) and len(INPUT_PATH_FILES) > 15


@pytest.mark.parametrize("source, found", [
    ("eval(x)", "eval"), ("exec('1')", "exec"), ("import pickle", "import pickle"),
    ("from marshal import loads", "import marshal"),
    ("import subprocess as sp", "import subprocess"),
    ("os.system('ls')", "os.system"), ("os.popen('ls')", "os.popen"),
    ("os.execv('/bin/sh', [])", "os.execv"),
    ("run(cmd, shell=True)", "shell=..."), ("run(cmd, shell=flag)", "shell=..."),
    ("yaml.load(text)", "yaml.load"),
])
def test_the_scan_finds_what_it_forbids(source, found):
    assert found in [what for what, _ in dangerous_uses(ast.parse(source))]


@pytest.mark.parametrize("source", ["re.compile('x')", "run(cmd, shell=False)",
                                    "ast.literal_eval(x)", "import json", "os.path.join(a, b)"])
def test_the_scan_lets_harmless_code_pass(source):
    assert list(dangerous_uses(ast.parse(source))) == []


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=relative)
def test_no_code_execution_pickling_or_shell_in_the_package(path):
    found = [(what, line) for what, line in dangerous_uses(parse_file(path))
             if (relative(path), what) not in ALLOWED]
    assert found == [], f"{relative(path)}: {found}"


@pytest.mark.parametrize("path", INPUT_PATH_FILES, ids=relative)
def test_the_input_path_imports_no_xml_or_network_module(path):
    modules = set(imported_modules(parse_file(path)))
    assert modules & FORBIDDEN_ON_INPUT_PATH == set()


def test_html_is_read_with_html_parser_and_csv_with_the_csv_module():
    html_imports = set(imported_modules(parse_file(os.path.join(REPO, "transforms/formats/_html.py"))))
    csv_imports = set(imported_modules(parse_file(os.path.join(REPO, "transforms/formats/_csv.py"))))
    assert "html" in html_imports and csv_imports >= {"csv"}


@pytest.mark.parametrize("entity", [
    '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE html [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>',
])
def test_external_entities_are_never_resolved(entity):
    with open(os.path.join(SAMPLES, "09BRASILIA34.html"), encoding="utf-8") as f:
        page = f.read()
    page = entity + page.replace("SUBJECT: BRAZIL", "SUBJECT: &xxe; BRAZIL", 1)
    text, _ = formats.html_to_cable(page)
    assert "&xxe;" in text and "root:" not in text  # left as written, never fetched


# --- logs and messages ---------------------------------------------------------------------------

MARKER = "ZQX-PAYLOAD-MARKER-7781"
SECRET = "ZQX-SECRET-CREDENTIAL-4410"


@pytest.fixture
def marked_inputs(tmp_path):
    """A cable, a broken input and a CSV row, each carrying MARKER in its text."""
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(SAMPLES, "06ALMATY2404.txt"), encoding="utf-8") as f:
        seed = f.read()
    (folder / "cable.txt").write_text(seed.replace("Ashimbayev conceded", f"{MARKER} conceded"))
    (folder / "broken.txt").write_text(f"nothing like a cable {MARKER} " * 200)
    (folder / "long-line.txt").write_text(seed + MARKER * 10_000 + "\n")
    with open(os.path.join(SAMPLES, "cables-5-rows.csv"), encoding="utf-8") as f:
        rows = f.read()
    (folder / "dump.csv").write_text(rows.replace("Embassy Tehran", f'Embassy "{MARKER}" Tehran', 1))
    return folder


def test_logs_hold_no_payload_and_no_credential(marked_inputs, tmp_path, caplog, capfd, monkeypatch):
    monkeypatch.setenv("GOOGLE_API_KEY", SECRET)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    caplog.set_level(logging.DEBUG)
    output = str(tmp_path / "out")
    summary = graph.run(["--input", str(marked_inputs / "*"), "--output", output])
    assert summary.accounted and summary.inputs == 8
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert len(caplog.records) > 0  # DEBUG logging was on and captured
    printed = "".join(capfd.readouterr())
    for text in (logged, printed):
        assert MARKER not in text and SECRET not in text
    cables, dead_letters = read_outputs(output)
    assert any(MARKER in c["body"] for c in cables)  # the marker did go through the pipeline
    assert sum(MARKER.encode() in d["payload"] for d in dead_letters) == 3


def dead_letters_of_every_kind(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in glob.glob(os.path.join(DATA, "invalid", "*")) + glob.glob(os.path.join(DATA, "robust", "*")):
        if not path.endswith(".json"):
            shutil.copy(path, folder)
    (folder / "junk.txt").write_bytes(b"\xff\xfe" + b"A\x00" * 3 + b"\x01" * 5000)
    (folder / "junk.csv").write_bytes(b'"1","3/4/1975 11:11",' + b'"x' * 5000 + b"\n")
    (folder / "junk.html").write_text("<!DOCTYPE html><table class='cable'><tr><td>"
                                      + "<b " * 3000 + "</table>")
    return folder


def test_dead_letter_messages_are_short_and_name_no_more_than_an_excerpt(tmp_path):
    folder = dead_letters_of_every_kind(tmp_path)
    outputs = []
    for path in sorted(folder.iterdir()):
        source_format = HTML if path.suffix == ".html" else TEXT
        kind, record = ingest(RawInput(str(path), source_format, path.read_bytes()))
        if kind == DEAD_LETTER:
            outputs.append(record)
    assert len({d["error_type"] for d in outputs}) >= 8
    for dead in outputs:
        assert 0 < len(dead["error_message"]) <= MAX_ERROR_MESSAGE_CHARS, dead["error_message"]
        assert dead["source"]["uri"]  # the message's context: where the input is


def test_csv_row_messages_quote_at_most_a_short_excerpt(tmp_path):
    dump = tmp_path / "dump.csv"
    dump.write_bytes(b"junk before the first row " + MARKER.encode() * 1000 + b"\n"
                     + b'"1","3/4/1975 11:11","' + MARKER.encode() * 1000 + b'"\n')
    output = str(tmp_path / "out")
    graph.run(["--input", str(dump), "--output", output])
    _, dead_letters = read_outputs(output)
    assert len(dead_letters) == 2
    for dead in dead_letters:
        assert len(dead["error_message"]) <= MAX_ERROR_MESSAGE_CHARS
        assert dead["error_message"].count(MARKER) <= 2


HUGE = "Q" * 20_000


def csv_row_with(column: int, value: str) -> bytes:
    with open(os.path.join(SAMPLES, "cables-5-rows.csv"), "rb") as f:
        (first_row, *_) = f.read().split(b'\n"2",')
    fields = first_row.split(b'","', 6)
    fields[column] = value.encode()
    return b'","'.join(fields) + b"\n"


def seed_then_routed_header_from(sender: str) -> bytes:
    with open(os.path.join(SAMPLES, "06ALMATY2404.txt"), encoding="utf-8") as f:
        seed = f.read()
    return (seed + f"\nVZCZCXYZ1\nDE RUEHXX #1 0011111\nR 011111Z JAN 07\nFM {sender}\n"
            "TO SECSTATE WASHDC\n\nUNCLAS X 1\n").encode()


@pytest.mark.parametrize("source_format, payload, error_type", [
    ("CSV", csv_row_with(2, HUGE), "bad_reference_id"),         # the reference id column
    ("CSV", csv_row_with(4, HUGE), "bad_classification"),       # the classification column
    ("TEXT", seed_then_routed_header_from(HUGE), "multiple_cables"),
])
def test_huge_values_in_the_input_give_short_error_messages(source_format, payload, error_type):
    kind, dead = ingest(RawInput("huge", source_format, payload))
    assert kind == DEAD_LETTER and dead["error_type"] == error_type
    assert len(dead["error_message"]) <= MAX_ERROR_MESSAGE_CHARS
    assert dead["payload"] == payload
