"""The run report, _REPORT.html, rendered in a real browser: headless Chromium (Debian `chromium`,
found or installed by scripts/ensure-chromium).

A run over good and hostile inputs (script tags, event handlers, a closing </pre> in payloads,
an origin and a file name made of markup) must leave a page that is not blank, states the
summary's figures, names every dead-letter type and every Cable field, and runs no script of
the input. A drift test runs a baseline, then the same cables without their SUBJECT lines.
"""
import csv
import glob
import io
import json
import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser

import pytest

from pipeline.cli import main
from tests.conftest import REPO, SAMPLES
from transforms.quality import cable_fields
from transforms.report import CSP, REPORT_FILE

MARKER = "PWNED"  # what a script of the input would write into the page's title or body
HOSTILE_SCRIPT = f"<script>document.title='{MARKER}';document.body.innerHTML='{MARKER}'</script>"
HOSTILE_IMG = f"<img src=x onerror=\"document.title='{MARKER}'\">"
HOSTILE_SVG = f"<svg onload=\"document.title='{MARKER}'\"></svg>"
HOSTILE_TEXT = (f"</pre></code></div>{HOSTILE_SCRIPT}\n{HOSTILE_IMG}\n</textarea></title>"
                f"{HOSTILE_SVG}\n<style>body{{display:none}}</style>\nnot a cable at all\n")
HOSTILE_PAGE = (f"<html><head><title>{MARKER}</title>{HOSTILE_SCRIPT}</head>"
                f"<body onload=\"document.title='{MARKER}'\">{HOSTILE_IMG}<p>no cable here</p>"
                "</body></html>\n")
HOSTILE_FILE_NAME = f"<img src=x onerror=document.title='{MARKER}'>.txt"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


# --- the browser ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    done = subprocess.run([os.path.join(REPO, "scripts", "ensure-chromium")],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"headless Chromium is needed: {done.stderr}"
    return done.stdout.strip().splitlines()[-1]


def browse(chromium: str, page: str, tmp_path, *actions: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    done = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1200,2000",
         *actions, "file://" + os.path.abspath(page)],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def dump_dom(chromium: str, page: str, tmp_path) -> str:
    """The page's DOM after it loaded (and after any script on it ran)."""
    return browse(chromium, page, tmp_path, "--dump-dom").stdout


def screenshot(chromium: str, page: str, tmp_path) -> bytes:
    target = tmp_path / "screenshot.png"
    browse(chromium, page, tmp_path, f"--screenshot={target}")
    return target.read_bytes()


def png_pixel_bytes(png: bytes) -> bytes:
    """The decompressed scanlines of a PNG (enough to tell a blank image from a drawn one)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    position, data = 8, b""
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        if kind == b"IDAT":
            data += png[position + 8:position + 8 + length]
        position += 12 + length
    return zlib.decompress(data)


class Dom(HTMLParser):
    """The parts of a dumped DOM the tests look at."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.handlers, self.title, self.texts = [], [], "", []
        self.data_keys, self.ids, self.metas = {}, set(), []
        self._open = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "meta":
            self.metas.append(attrs)
        self._open.append((tag, attrs.get("data-key")))

    def handle_endtag(self, tag):
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        self.texts.append(data)
        if self._open and self._open[-1][0] == "title" and ("head", None) in self._open:
            self.title += data
        for tag, key in self._open:
            if key:
                self.data_keys[key] = self.data_keys.get(key, "") + data

    @property
    def text(self) -> str:
        return " ".join(self.texts)


# --- the runs ---------------------------------------------------------------------------------

def hostile_csv(path) -> None:
    """The sample dump's first row twice: once as it is, once with markup as its origin."""
    with open(os.path.join(SAMPLES, "cables-5-rows.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    first = rows[0]
    hostile = list(first)
    hostile[0], hostile[2], hostile[3] = "9", first[2] + "0", f"Embassy {HOSTILE_SCRIPT}"
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL).writerows([rows[1], hostile])
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """A run over good samples and hostile inputs: (output folder, summary)."""
    folder = tmp_path_factory.mktemp("inputs")
    for name in ("06ALMATY2404.txt", "09BRASILIA34.html", "broken-truncated.txt",
                 "broken-not-a-cable.txt"):
        shutil.copy(os.path.join(SAMPLES, name), folder)
    (folder / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (folder / "hostile.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    (folder / HOSTILE_FILE_NAME).write_text(HOSTILE_TEXT, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\0\1\2<script>" + bytes(range(256)))
    hostile_csv(folder / "dump.csv")
    output = str(tmp_path_factory.mktemp("run") / "out")
    assert main(["run", "--input", str(folder / "*"), "--output", output]) == 0
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as f:
        return output, json.load(f)


def test_the_browser_would_run_a_script_left_unescaped(chromium, tmp_path):
    """The control: the way these tests look for a script that ran does see one."""
    page = tmp_path / "unsafe.html"
    page.write_text(f"<html><head><title>safe</title></head><body>{HOSTILE_SCRIPT}"
                    "</body></html>", encoding="utf-8")
    dom = Dom(dump_dom(chromium, str(page), tmp_path))
    assert dom.title == MARKER and MARKER in dom.text


def test_report_is_drawn_and_states_the_summary(chromium, hostile_run, tmp_path):
    output, summary = hostile_run
    page = os.path.join(output, REPORT_FILE)
    pixels = png_pixel_bytes(screenshot(chromium, page, tmp_path))
    assert len(set(pixels)) > 20, "the screenshot is blank"
    dom = Dom(dump_dom(chromium, page, tmp_path))
    assert "headline" in dom.ids and "svg" in dom.tags and "rect" in dom.tags
    numbers = {key: value.replace(",", "").strip() for key, value in dom.data_keys.items()}
    for key in ("inputs", "cables", "dead_letters"):
        assert int(numbers[key]) == summary[key], key
    assert numbers["accounted"] == ("yes" if summary["accounted"] else "NO")
    assert numbers["status"] == summary["status"] == "ok"
    assert numbers["pipeline_version"] == summary["pipeline_version"]
    assert numbers["runner"] == summary["run"]["runner"] == "FnApiRunner"
    assert summary["inputs"] == 10 and summary["accounted"]


def test_report_names_every_dead_letter_type_and_cable_field(chromium, hostile_run, tmp_path):
    output, summary = hostile_run
    dom = Dom(dump_dom(chromium, os.path.join(output, REPORT_FILE), tmp_path))
    types = {(row["stage"], row["error_type"]): row["count"]
             for row in summary["dead_letters_by_type"]}
    assert {("PARSE", "not_a_cable"), ("DECODE", "binary_input")} <= set(types)
    for (stage, error_type), count in types.items():
        assert f"{stage} {error_type}: {count:,}" in dom.text
    for field in cable_fields():
        assert field in dom.text, field
    quality = summary["quality"]
    for field, rate in quality["fill_rate"].items():
        assert f"{rate:.1%}" in dom.text
    assert set(quality["fill_rate_by_format"]) == {"CSV", "HTML", "TEXT"}


def test_no_script_of_the_input_runs(chromium, hostile_run, tmp_path):
    output, summary = hostile_run
    page = os.path.join(output, REPORT_FILE)
    with open(page, encoding="utf-8") as f:
        source = f.read()
    assert MARKER in source  # the hostile payloads are shown...
    dom = Dom(dump_dom(chromium, page, tmp_path))
    assert dom.title.startswith("cable-ingest run report")  # ...and none of them ran
    assert MARKER not in dom.title
    assert "script" not in dom.tags and "img" not in dom.tags and "style" in dom.tags
    assert not dom.handlers, dom.handlers
    assert HOSTILE_SCRIPT in dom.text  # shown as text, whole
    assert {"http-equiv": "Content-Security-Policy", "content": CSP} in dom.metas
    examples = [example for row in summary["quality"]["dead_letters"]["by_type"]
                for example in row["examples"]]
    assert any(HOSTILE_FILE_NAME in example["uri"] for example in examples)
    assert HOSTILE_FILE_NAME.split(".")[0] in dom.text


# --- drift ------------------------------------------------------------------------------------

def copy_samples(folder, drop_subject: bool) -> None:
    folder.mkdir()
    for path in glob.glob(os.path.join(SAMPLES, "*.txt")):
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
        if drop_subject:
            lines = [line for line in lines if not line.startswith("SUBJECT")]
        (folder / os.path.basename(path)).write_text("".join(lines), encoding="utf-8")


def test_drift_flags_a_field_emptied_and_fails_when_asked(chromium, tmp_path, capsys):
    copy_samples(tmp_path / "before", drop_subject=False)
    copy_samples(tmp_path / "after", drop_subject=True)
    baseline, output = str(tmp_path / "baseline"), str(tmp_path / "out")
    assert main(["run", "--input", str(tmp_path / "before" / "*"), "--output", baseline]) == 0
    after = ["run", "--input", str(tmp_path / "after" / "*"), "--output", output,
             "--baseline", baseline]

    assert main(after) == 0  # without --max_fill_rate_drop, drift is flagged only
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as f:
        drift = json.load(f)["quality"]["drift"]
    assert drift["flagged"] and not drift["failed"] and drift["max_fill_rate_drop"] == 0.05
    assert {row["field"] for row in drift["fill_rate_drops"]} == {"subject"}

    capsys.readouterr()
    assert main(after + ["--max_fill_rate_drop", "0.05"]) == 1
    assert "FAILED: fill rates dropped by more than --max_fill_rate_drop 5.0%" in \
        capsys.readouterr().err
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as f:
        summary = json.load(f)
    assert summary["status"] == "failed: fill rate dropped"
    assert summary["quality"]["drift"]["failed"]
    dom = Dom(dump_dom(chromium, os.path.join(output, REPORT_FILE), tmp_path))
    assert "drift" in dom.ids and "subject" in dom.text and "The run failed" in dom.text
    with open(os.path.join(output, REPORT_FILE), encoding="utf-8") as f:
        page = f.read()
    assert page.index('id="drift"') < page.index('id="headline"')  # drift comes first

    # A drop within the threshold passes; the same outputs compared again by `report`.
    assert main(after + ["--max_fill_rate_drop", "0.9"]) == 0
    os.remove(os.path.join(output, REPORT_FILE))
    assert main(["report", output, "--baseline", baseline]) == 0
    with open(os.path.join(output, REPORT_FILE), encoding="utf-8") as f:
        page = f.read()
    drift_part = page[page.index('id="drift"'):page.index('id="headline"')]
    assert 'class="drift"' in page and "subject" in drift_part


def test_report_command_needs_a_run_output(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "holds no _SUMMARY.json" in capsys.readouterr().err


def test_the_output_itself_as_baseline_compares_with_the_run_it_replaces(tmp_path):
    copy_samples(tmp_path / "before", drop_subject=False)
    copy_samples(tmp_path / "after", drop_subject=True)
    output = str(tmp_path / "out")
    assert main(["run", "--input", str(tmp_path / "before" / "*"), "--output", output]) == 0
    assert main(["run", "--input", str(tmp_path / "after" / "*"), "--output", output,
                 "--baseline", output]) == 0
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as f:
        drift = json.load(f)["quality"]["drift"]
    assert {row["field"] for row in drift["fill_rate_drops"]} == {"subject"}


def test_a_long_output_name_wraps_inside_a_narrow_window(chromium, tmp_path):
    """The title (`cable-ingest run report: OUTPUT`) and the verdict's paths are single words
    when the output's name has no space: in a 700-pixel window the title ran off the page's
    right edge (cut there, the rest behind a horizontal scroll). Now they wrap: the page's right
    margin stays blank."""
    from PIL import Image

    from tests.doors import cable_ingest_command

    name = "drop_of_cables_from_the_archive_kept_under_a_very_long_folder_name_2026_12_06"
    (tmp_path / name).mkdir()
    shutil.copy(os.path.join(SAMPLES, "06ALMATY2404.txt"), tmp_path / name)
    done = subprocess.run(cable_ingest_command() + ["run", "--input", f"{name}/*", "--output",
                                                    f"{name}-output"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    target = tmp_path / "narrow.png"
    browse(chromium, str(tmp_path / f"{name}-output" / REPORT_FILE), tmp_path,
           "--window-size=700,600", "--hide-scrollbars", f"--screenshot={target}")
    with Image.open(target) as shot:
        image = shot.convert("L")
        width, height = image.size
        margin = image.crop((width - 8, 0, width, height))  # inside the body's 1em padding
        assert margin.getextrema()[0] > 200, "something is drawn in the right margin"
