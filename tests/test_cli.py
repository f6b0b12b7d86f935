"""The `cable-ingest` command line: each command, --help, and clear errors for bad arguments."""
import contextlib
import errno
import glob
import gzip
import io
import itertools
import json
import os
import re
import shutil
import shlex
import signal
import subprocess
import sys
import textwrap
import threading
import time
import zipfile

import fastavro
import pytest

from conftest import DATA, REPO, SAMPLES, read_outputs
from doors import KILLPOINTS, cable_ingest_command, cable_ingest_in_process
from pipeline.cli import main

SEED = os.path.join(SAMPLES, "06ALMATY2404.txt")
CLI = [sys.executable, "-m", "pipeline"]


def lines_of(capsys):
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]


def test_parse_prints_one_json_object_per_input(capsys):
    assert main(["parse", SEED, os.path.join(SAMPLES, "cables-5-rows.csv"),
                 os.path.join(DATA, "invalid", "no-date-time-group.txt")]) == 0
    results = lines_of(capsys)
    assert len(results) == 1 + 5 + 1
    seed = results[0]
    assert seed["valid"] is True and seed["errors"] == []
    assert seed["reference_id"] == "06ALMATY2404" and seed["created"] == "2006-07-07T06:53:00Z"
    assert [r["source"]["row"] for r in results[1:6]] == [1, 2, 3, 4, 5]
    undated = results[-1]
    assert undated["valid"] is False and undated["body"]  # the record is shown even when invalid
    assert undated["errors"][0]["error_type"] == "missing_created"


def test_a_dump_or_a_page_named_txt_is_a_dead_letter_that_says_what_it_looks_like(tmp_path):
    """`--format auto` trusts a file's extension over its content (the documented order): a CSV
    dump named .txt was one `multiple_cables` dead letter, a page one that lacked a date, with
    no word of why. The order stands; the dead letter's message says what the content looks
    like and which --format reads it (a look at its head, on the failure's path only)."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(os.path.join(SAMPLES, "cables-5-rows.csv"), folder / "dump.txt")
    shutil.copy(os.path.join(SAMPLES, "09BRASILIA34.html"), folder / "page.txt")
    shutil.copy(os.path.join(SAMPLES, "broken-not-a-cable.txt"), folder)
    output = tmp_path / "out"
    done = cable_ingest_in_process("run", "--input", str(folder / "*"), "--output", str(output))
    assert done.returncode == 0, done.stderr[-600:]
    messages = {os.path.basename(record["source"]["uri"]): record["error_message"]
                for record in read_outputs(str(output))[1]}
    assert messages["dump.txt"].startswith("a second telegram")
    assert messages["dump.txt"].endswith(
        "; read as a text cable, by its .txt name or --format text, but its content starts like "
        "a row of the cables.csv dump: rename it .csv or give --format csv")
    assert messages["page.txt"].endswith(
        "but its content is an HTML page: rename it .html or give --format html")
    assert "--format" not in messages["broken-not-a-cable.txt"]  # a text that is no cable
    parsed = cable_ingest_in_process("parse", str(folder / "dump.txt"))
    assert "give --format csv" in json.loads(parsed.stdout)["errors"][0]["message"]
    # As the message says, --format csv reads it.
    again = cable_ingest_in_process("run", "--format", "csv", "--input", str(folder / "dump.txt"),
                                    "--output", str(tmp_path / "again"))
    assert again.returncode == 0 and len(read_outputs(str(tmp_path / "again"))[0]) == 5


def test_a_dump_named_txt_over_the_size_cap_says_what_it_looks_like(tmp_path):
    """A real cables.csv (1.7 GB) named .txt is far over --max_input_bytes: its dead letter is
    READ too_large, which said only to raise the cap. It names the format too (the file's head
    read as it streams: no second read)."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(os.path.join(SAMPLES, "cables-5-rows.csv"), folder / "dump.txt")
    shutil.copy(os.path.join(SAMPLES, "cables-5-rows.csv"), folder / "dump.csv")
    output = tmp_path / "out"
    done = cable_ingest_in_process("run", "--input", str(folder / "dump.txt"), "--output",
                                   str(output), "--max_input_bytes", "20000")
    assert done.returncode == 0, done.stderr[-600:]
    [dead] = read_outputs(str(output))[1]
    assert (dead["stage"], dead["error_type"]) == ("READ", "too_large")
    assert dead["error_message"].endswith(
        "; read as a text cable, by its .txt name or --format text, but its content starts like "
        "a row of the cables.csv dump: rename it .csv or give --format csv")
    # a text cable over the cap gets no such word
    (folder / "long.txt").write_text(open(SEED, encoding="utf-8").read() * 10, encoding="utf-8")
    again = cable_ingest_in_process("run", "--input", str(folder / "long.txt"), "--output",
                                    str(tmp_path / "again"), "--max_input_bytes", "20000")
    [dead] = read_outputs(str(tmp_path / "again"))[1]
    assert dead["error_type"] == "too_large" and "--format" not in dead["error_message"]


def test_line_ends_written_as_character_references_are_line_ends(tmp_path, capsys):
    """A text copied from a Cablegate page's source writes every line end `&#x000A;` (a page
    escaped twice holds `&amp;#x000A;`): read as the page is, header and all. The header was
    lost (no DTG, sender or routing: `created` estimated from DECL, or from the page's table)."""
    seed = open(SEED, encoding="utf-8").read()
    copied = tmp_path / "copied-from-source.txt"
    copied.write_text(seed.replace("\n", "&#x000A;"), encoding="utf-8")
    page = open(os.path.join(DATA, "valid", "02BRASILIA4227.html"), encoding="utf-8").read()
    twice = tmp_path / "escaped-twice.html"
    twice.write_text(page.replace("&#x000A;", "&amp;#x000A;"), encoding="utf-8")
    assert main(["parse", SEED, str(copied), os.path.join(DATA, "valid", "02BRASILIA4227.html"),
                 str(twice)]) == 0
    plain, from_source, page_record, page_twice = lines_of(capsys)
    header = ("reference_id", "created", "date_time_group", "precedence", "sender", "recipients",
              "routing", "subject", "paragraphs", "signed_by", "body")
    assert {f: from_source[f] for f in header} == {f: plain[f] for f in header}
    assert {f: page_twice[f] for f in header} == {f: page_record[f] for f in header}
    assert "created_estimated" not in from_source["warnings"]


def test_parse_prints_the_fields_in_the_schemas_order(capsys):
    """As `show` and every reader do: the reference id first, not after the body."""
    import schemas

    assert main(["parse", SEED]) == 0
    (result,) = lines_of(capsys)
    fields = [field["name"] for field in schemas.cable_schema()["fields"]]
    assert list(result) == [*fields, "valid", "errors"]


def test_parse_dates_an_extract_without_dtg_within_the_order_it_names(capsys):
    """An extract of a 2008 cable without its telegram header (no DTG), `E.o. 12958: decl:
    05/16/2033`: a 25-year period. Ten years less gave 2023 (23BERLIN643, and its citations
    dated 2023), after E.O. 12958 ended in 2010; the estimate is of 2008."""
    assert main(["parse", os.path.join(DATA, "parser_body", "08BERLIN643.txt")]) == 0
    (result,) = lines_of(capsys)
    assert result["valid"] is True
    assert (result["reference_id"], result["created"]) == ("08BERLIN643", "2008-05-16T00:00:00Z")
    assert "created_estimated" in result["warnings"]
    assert [r["reference_id"] for r in result["references"]] == [
        "07STATE75839", "08STATE15220", "08BERLIN195", "08STATE40087", "08BERLIN511"]


def extract_without_dtg(decl: str, paragraph: str, ref: str = "",
                        station_line: str = "C O N F I D E N T I A L BERLIN 001533",
                        signer: str = "MURPHY") -> str:
    """A partial extract as Cablegate published them: no telegram header, so no DTG."""
    return (f"{station_line}\n\nSIPDIS\n\nE.O. 12958: DECL: {decl}\nTAGS: PREL PGOV GM\n"
            f"SUBJECT: GERMANY: A SUBJECT\n\n{ref}Classified By: Ambassador Philip Murphy, "
            f"reasons 1.4 (b) and (d).\n\n1. (C) {paragraph}\n\n{signer}\n")


@pytest.mark.parametrize("text, reference_id, created", [
    # An event in a month after the DECL date less ten years (May 2009): written in that month
    # or later.
    pytest.param(extract_without_dtg("05/10/2019", "The inquiry into the network first began in "
                                                   "September 2009."),
                 "09BERLIN1533", "2009-09-01", id="not before the month it reports"),
    # An event more than half a year after the DECL date less ten years: the DECL was not set ten
    # years out; the DECL's day in the year after the event, and named for that year.
    pytest.param(extract_without_dtg("02/10/2019", "The hostages were released on November 2, "
                                                   "2009."),
                 "10BERLIN1533", "2010-02-10", id="after an event that rules out ten years"),
    # An e-mail cited by its date three days after the DECL date less ten years.
    pytest.param(extract_without_dtg("10/18/2019", "Text.",
                                     ref="REF: MURPHY-GORDON E-MAIL DATED 21-OCT-2009\n\n"),
                 "09BERLIN1533", "2009-10-21", id="not before the documents it cites"),
    # A meeting reported by its day (`In an October 20 meeting`), two days after.
    pytest.param(extract_without_dtg("10/18/2019", "In an October 20 meeting with Poloff, the "
                                                   "minister's adviser spoke of the budget."),
                 "09BERLIN1533", "2009-10-20", id="not before the meeting it reports"),
    # A cable it repeats, cited by its DTG (`FOLLOWING STATE 123456 DATED 211212Z OCT 09`).
    pytest.param(extract_without_dtg("10/18/2019", "FOLLOWING STATE 123456 DATED 211212Z OCT 09 "
                                                   "SENT ACTION PARIS REPEATED.",
                                     station_line="S E C R E T STATE 123456", signer="CLINTON"),
                 "09STATE123456", "2009-10-21", id="not before a cable it repeats"),
])
def test_parse_dates_an_extract_without_dtg_not_before_the_evidence_of_its_text(
        tmp_path, capsys, text, reference_id, created):
    """`cable-ingest parse` on an extract without a DTG: `created` is estimated from its DECL
    date less ten years (warning `created_estimated`), and never before what its text shows had
    happened by then; the reference id takes that year."""
    extract = tmp_path / "extract.txt"
    extract.write_text(text, encoding="utf-8")
    assert main(["parse", str(extract)]) == 0
    (result,) = lines_of(capsys)
    assert result["valid"] is True
    assert (result["reference_id"], result["created"]) == (reference_id, f"{created}T00:00:00Z")
    assert "created_estimated" in result["warnings"]


def test_parse_gives_every_cable_a_ref_block_cites_its_own_entry(tmp_path):
    """`cable-ingest parse` on a real cable given a REF block as cables write it: serials sharing
    the station of the one before (`AND 5678`), a page break in the block (the page header cut by
    the cleaning), a label out of sequence opening its line after it. Users query references by
    `reference_id`: each cable cited is an entry, the later serial's text as written."""
    cable = tmp_path / "refs.txt"
    with open(SEED, encoding="utf-8") as stream:
        text = stream.read()
    cable.write_text(text.replace("REF: ALMATY 1418", (
        "REFS:\n(A) 06 STATE 1234 AND 5678\n(B) ALMATY 1300\n\nALMATY 00002404  002 OF 003\n\n"
        "(E) MFA DIPLOMATIC NOTE OF MAY 5")), encoding="utf-8")
    done = subprocess.run(cable_ingest_command() + ["parse", str(cable)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    record = json.loads(done.stdout)
    assert [(r["label"], r["text"], r["reference_id"], r["kind"]) for r in record["references"]] == [
        ("A", "06 STATE 1234", "06STATE1234", "CABLE"), ("A", "5678", "06STATE5678", "CABLE"),
        ("B", "ALMATY 1300", "06ALMATY1300", "CABLE"), ("E", "MFA DIPLOMATIC NOTE OF MAY 5", None, "OTHER")]


def test_parse_ends_an_unsigned_cable_before_its_trailer(tmp_path):
    """`cable-ingest parse` on an unsigned cable closed by the telegram's trailer (`BT`, `#0123`,
    the foot banner, `NNNN`): the last paragraph, the comment and the body end with the text."""
    cable = tmp_path / "unsigned.txt"
    with open(SEED, encoding="utf-8") as stream:
        text = stream.read().rstrip()
    head, _, _ = text.rpartition("\n")                      # the seed without its signature
    cable.write_text(head + "\n\nBT\n#2404\n\nUNCLASSIFIED\n\nNNNN\n", encoding="utf-8")
    done = subprocess.run(cable_ingest_command() + ["parse", str(cable)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    record = json.loads(done.stdout)
    assert record["valid"] and record["signed_by"] == []
    last = record["paragraphs"][-1]["text"]
    assert last.endswith(".") and not any(word in last for word in ("BT", "#2404", "NNNN"))
    assert "NNNN" not in record["body"]


def test_parse_says_what_an_unclassified_extract_without_a_date_lacks(tmp_path, capsys):
    """An unclassified extract has no DECL date (`E.O. 12958: N/A`) to estimate a date from: its
    station line names it, but no year; the message said it had no station and serial line."""
    extract = tmp_path / "extract.txt"
    extract.write_text("UNCLAS SECTION 01 OF 04 PARIS 008983\n\nSIPDIS\n\nE.O. 12958: N/A\n"
                       "TAGS: PTER ASEC FR\nSUBJECT: FRANCE: ANNUAL TERRORISM REPORT\n\n"
                       "1. (U) Post encloses the annual terrorism report.\n\nLEACH\n")
    assert main(["parse", str(extract)]) == 0
    (result,) = lines_of(capsys)
    assert [e["error_type"] for e in result["errors"]] == ["missing_created", "missing_reference_id"]
    assert "names the cable (PARIS 8983) but gives no year" in result["errors"][1]["message"]


def test_parse_shows_decode_failures_as_errors(capsys):
    main(["parse", os.path.join(DATA, "invalid", "binary.png")])
    (result,) = lines_of(capsys)
    assert result["valid"] is False
    assert result["errors"] == [{"stage": "DECODE", "error_type": "binary_input",
                                 "message": result["errors"][0]["message"]}]



def run_without_beam(argv: list[str]) -> tuple[subprocess.CompletedProcess, list[str]]:
    """`cable-ingest ARGV` in a process that then names the Beam modules it loaded."""
    script = ("import sys\nfrom pipeline.cli import main\nstatus = main(sys.argv[1:])\n"
              "print(sorted(name for name in sys.modules if name.startswith('apache_beam')),"
              " file=sys.stderr)\nsys.exit(status)")
    done = subprocess.run([sys.executable, "-c", script, *argv], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    lines = done.stderr.strip().splitlines()
    return done, json.loads(lines[-1].replace("'", '"')) if lines else ["(no list printed)"]


def test_parse_reads_a_file_as_the_run_does_without_loading_beam(tmp_path):
    """`parse` is the quick look at one file: it finds the inputs the run's read step finds (an
    archive's members, a compressed member, a damaged one as a READ error), by the same code, but
    starts without Apache Beam, whose import was most of its start (2.5 of 3 seconds)."""
    with open(os.path.join(SAMPLES, "06ALMATY2404.txt"), "rb") as stream:
        cable = stream.read()
    archive = tmp_path / "drop.zip"
    with zipfile.ZipFile(archive, "w") as sink:
        sink.writestr("a.txt", cable)
        sink.writestr("b.txt.gz", gzip.compress(cable))
        sink.writestr("c.txt.gz", b"\x1f\x8b\x08")  # a gzip header cut short
    done, beam = run_without_beam(["parse", str(archive)])
    assert done.returncode == 0, done.stderr[-2000:]
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["source"]["uri"].rsplit("!", 1)[1], r.get("reference_id"), r["valid"],
             [(e["stage"], e["error_type"]) for e in r["errors"]]) for r in results] == [
        ("a.txt", "06ALMATY2404", True, []), ("b.txt.gz", "06ALMATY2404", True, []),
        ("c.txt.gz", None, False, [("READ", "bad_compression")])]
    assert beam == [], "parse loaded Beam"


def test_parse_reads_standard_input_given_as_a_dash(tmp_path):
    """`cable-ingest parse -` reads what is piped to it as it reads a file (here an archive, told
    by its content), its inputs named `<stdin>`, beside files given after it."""
    with open(SEED, "rb") as stream:
        cable = stream.read()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as sink:
        sink.writestr("a.txt", cable)
        sink.writestr("c.txt.gz", b"\x1f\x8b\x08")  # a gzip header cut short
    done = subprocess.run(cable_ingest_command() + ["parse", "-", SEED], input=archive.getvalue(),
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["source"]["uri"], r.get("reference_id"), r["valid"]) for r in results] == [
        ("<stdin>!a.txt", "06ALMATY2404", True), ("<stdin>!c.txt.gz", None, False),
        (SEED, "06ALMATY2404", True)]
    from_stdin, from_file = results[0], results[2]
    for result in (from_stdin, from_file):  # what tells them apart: the name and the time
        del result["source"]["uri"], result["ingested_at"]
    assert from_stdin == from_file
    done = subprocess.run(cable_ingest_command() + ["parse", "-"], input=cable,
                          capture_output=True, timeout=300)
    [result] = [json.loads(line) for line in done.stdout.splitlines()]
    assert (result["source"]["uri"], result["source"]["size"]) == ("<stdin>", len(cable))


def test_report_and_show_of_a_local_output_start_without_loading_beam(tmp_path):
    """`report` (with a baseline) and `show` read and write a run's files: a local output by the
    standard library, so that they too start without Beam (2.6 s of `report`'s start)."""
    output = tmp_path / "out"
    done = subprocess.run(CLI + ["run", "--input", os.path.join(SAMPLES, "08MUNICH355.txt"),
                                 "--output", str(output)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    (output / "_REPORT.html").unlink()
    done, beam = run_without_beam(["report", str(output), "--baseline", str(output)])
    assert done.returncode == 0 and beam == [], (beam, done.stderr[-2000:])
    assert "<strong>No drift</strong>" in (output / "_REPORT.html").read_text(encoding="utf-8")
    done, beam = run_without_beam(["show", *map(str, (output / "cables").glob("*.avro"))])
    assert done.returncode == 0 and beam == [], (beam, done.stderr[-2000:])
    assert [json.loads(line)["reference_id"] for line in done.stdout.splitlines()] == [
        "08MUNICH355"]
    done, beam = run_without_beam(["show", str(output / "cables")])   # a folder: its files
    assert done.returncode == 0 and beam == [], (beam, done.stderr[-2000:])
    assert [json.loads(line)["reference_id"] for line in done.stdout.splitlines()] == [
        "08MUNICH355"]

# A golden cable whose header block is rewritten as other cables write it (the TAGS, SUBJECT and
# REF blocks between its E.O. line and its Classified By line), with the fields it must give.
HEADER_CABLE = os.path.join(DATA, "valid", "06BERLIN2546.txt")
HEADER_BLOCKS = [
    ("TAGS: PGOV GM\nSUBJECT: SPD IN DRIVER'S SEAT FOR BERLIN ELECTION\n\n"
     "REF: A. SECSTATE 90063 B KUALA LUMPUR 739",         # the next label without its full stop
     {"references": ["06STATE90063", "06KUALALUMPUR739"]}),
    ("TAGS: PGOV GM\nSUBJECT: GERMANY: SPD LEADS\nCONSERVATIVES; INTERNATIONALISTS\nUNIMPRESSED",
     {"subject": "GERMANY: SPD LEADS CONSERVATIVES; INTERNATIONALISTS UNIMPRESSED"}),  # wrapped at 40
    ("TAGS: PGOV PREL KDEM ASEC ECON EFIN ELAB ETRD PHUM SOCI\n\nBERLIN 00002546 002 OF 003\n\nKCRM GM\n"
     "SUBJECT: GERMANY: THE COALITION TALKS BETWEEN THE PARTIES STALL\n\nBERLIN 00002546 003 OF 003\n\n"
     "AS THE ELECTIONS NEAR",                             # page headers inside the tags and subject
     {"tags": ["PGOV", "PREL", "KDEM", "ASEC", "ECON", "EFIN", "ELAB", "ETRD", "PHUM", "SOCI", "KCRM", "GM"],
      "subject": "GERMANY: THE COALITION TALKS BETWEEN THE PARTIES STALL AS THE ELECTIONS NEAR"}),
    ("TAGS: PGOV GM\nSUBJECT: GERMANY: THE COALITION TALKS BETWEEN THE PARTIES STALL\n"
     "CONFIDENTIAL BERLIN 002546 002 OF 003\nAS THE ELECTIONS NEAR",   # a page header left by the cleaning
     {"subject": "GERMANY: THE COALITION TALKS BETWEEN THE PARTIES STALL AS THE ELECTIONS NEAR"}),
    ("TAGS: PGOV/PREL/GM (C)\nSUBJECT: GERMANY: THE COALITION TALKS BETWEEN THE PARTIES STALL\n"
     "STATE FOR EUR/CE",                                  # slashes, a marking; addressing right under
     {"tags": ["PGOV", "PREL", "GM"], "subject": "GERMANY: THE COALITION TALKS BETWEEN THE PARTIES STALL"}),
]


def parse_texts(tmp_path, texts: list[str]) -> list[dict]:
    """`cable-ingest parse` on each text, written to a file of its own, in one run: the records
    as it prints them, one a text, in order."""
    paths = []
    for number, text in enumerate(texts):
        paths.append(tmp_path / f"cable-{number}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    parsed = subprocess.run(cable_ingest_command() + ["parse", *map(str, paths)],
                            capture_output=True, text=True, timeout=300)
    assert parsed.returncode == 0, parsed.stderr[-2000:]
    records = [json.loads(line) for line in parsed.stdout.splitlines()]
    assert len(records) == len(texts)
    return records


def test_parse_reads_the_header_fields_as_other_cables_write_them(tmp_path):
    text = open(HEADER_CABLE, encoding="utf-8").read()
    start, end = text.index("TAGS:"), text.index("Classified By:")
    records = parse_texts(tmp_path, [text[:start] + block + "\n\n" + text[end:]
                                     for block, _ in HEADER_BLOCKS])
    assert len(records) == len(HEADER_BLOCKS)
    for (block, expected), record in zip(HEADER_BLOCKS, records):
        assert record["valid"], record["errors"]
        fields = {"references": [r["reference_id"] for r in record["references"]],
                  "subject": record["subject"], "tags": record["tags"]}
        assert {name: fields[name] for name in expected} == expected, block


# The same cable with its telegram header (routing lines to BT) written as other cables and
# scrapes write it, with the addressees it must give: (route, name, precedence, mcn) each.
TELEGRAM_HEADERS = [
    ("R 301538Z Aug 06\nFm Amembassy Berlin\nTo Ruehc/Secstate Washdc Priority 1234\n"
     "Info Ruehzl/European Political Collective",          # capital initials, as some scrapes
     {"recipients": [["RUEHC", "SECSTATE WASHDC", "PRIORITY", "1234"]],
      "info_recipients": [["RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", None, None]]}),
    ("VZCZCXYZ0005\nRR RUEHWEB\nDE RUEHRL #2546/01 2421538\nZNY CCCCC ZZH\nR 301538Z AUG 06\n"
     "FM AMEMBASSY BERLIN\nTO\nRUEHC/SECSTATE WASHDC NIACT IMMEDIATE 5009\nINFO\n"
     "ZEN/AMEMBASSY PARIS\nRUEHZL/EUROPEAN POLITICAL COLLECTIVE\nBT",   # TO, INFO alone; ZEN
     {"recipients": [["RUEHC", "SECSTATE WASHDC", "NIACT IMMEDIATE", "5009"]],
      "info_recipients": [[None, "AMEMBASSY PARIS", None, None],
                          ["RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", None, None]]}),
]


def test_parse_reads_the_addressees_as_other_cables_write_them(tmp_path):
    text = open(HEADER_CABLE, encoding="utf-8").read()
    body = text[text.index("C O N F I D E N T I A L BERLIN"):]
    records = parse_texts(tmp_path, [header + "\n\n" + body for header, _ in TELEGRAM_HEADERS])
    assert len(records) == len(TELEGRAM_HEADERS)
    for (header, expected), record in zip(TELEGRAM_HEADERS, records):
        assert record["valid"], record["errors"]
        assert record["sender"] == "AMEMBASSY BERLIN" and record["origin"] == "Embassy Berlin"
        assert record["body"].startswith("C O N F I D E N T I A L BERLIN 002546"), header
        for field, addressees in expected.items():
            assert [[r["route"], r["name"], r["precedence"], r["mcn"]] for r in record[field]] \
                == addressees, header


# The same cable with its closing (its signature `KOENIG` and what follows) written as other
# cables close, with the signers it must give.
CLOSINGS = [
    ("KOENIG, TIMKEN\n\nBT\n#2546\n\nNNNN", ["KOENIG", "TIMKEN"]),     # two principals' joint cable
    ("TIMKEN, JR.\n\nCONFIDENTIAL\n\nNNNN\n\n<< END OF DOCUMENT >>", ["TIMKEN, JR"]),   # one, a suffix
    ("\n\u00b67. (U) Participants:\nSPD\nRuediger Scholz\nKLAUS WOWEREIT\n\nNNNN", []),   # unsigned
]


def test_parse_reads_the_signers_as_other_cables_close(tmp_path):
    text = open(HEADER_CABLE, encoding="utf-8").read()
    end = text.rindex("KOENIG")
    records = parse_texts(tmp_path, [text[:end] + closing + "\n" for closing, _ in CLOSINGS])
    assert [record["signed_by"] for record in records] == [signers for _, signers in CLOSINGS]
    assert all(record["valid"] for record in records)


# The same cable with its summary paragraph and its comment written as other cables write them,
# with the summary and comment they must give.
SUMMARY_AND_COMMENT = [
    ("\u00b61. (C) Action Request and Summary: Post requests guidance on the SPD's offer. End Action "
     "Request and Summary.", "Comment\n-------\n\n\u00b66. (C) The election matters little. End Comment.",
     "Post requests guidance on the SPD's offer.", "The election matters little."),
    ("\u00b61. (C) Summary: Polls agree on two points:\n\nA. The SPD leads.\n\nB. Turnout will be low.",
     "\u00b66. (C) The election matters little.\n[Comment: We agree. End Comment.]",
     "Polls agree on two points:\n\nA. The SPD leads.\n\nB. Turnout will be low.", "We agree."),
    ("\u00b61. (C) The SPD leads the polls. End\nSummary.", "\u00b66. (C) COMMENT -- THE ELECTION MATTERS LITTLE.",
     "The SPD leads the polls.", "THE ELECTION MATTERS LITTLE."),
]


def test_parse_reads_the_summary_and_comment_as_other_cables_write_them(tmp_path):
    text = open(HEADER_CABLE, encoding="utf-8").read()
    summary_start = text.index("\u00b61. (U) Summary.")
    summary_end = text.index("\n", summary_start)
    comment_start, comment_end = text.index("Comment\n-------"), text.rindex("KOENIG")
    records = parse_texts(tmp_path, [text[:summary_start] + summary + text[summary_end:comment_start]
                                     + comment + "\n" + text[comment_end:]
                                     for summary, comment, _, _ in SUMMARY_AND_COMMENT])
    assert [(record["summary"], record["comment"]) for record in records] \
        == [(summary, comment) for _, _, summary, comment in SUMMARY_AND_COMMENT]
    assert all(record["valid"] and record["signed_by"] == ["KOENIG"] for record in records)


def test_run_then_show_reads_the_records_back(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder)
    shutil.copy(os.path.join(DATA, "invalid", "random-text.txt"), folder)
    output = str(tmp_path / "out")
    assert main(["run", "--input", str(folder / "*"), "--output", output]) == 0
    table = capsys.readouterr().out
    assert "(inputs = cables + dead letters)" in table and "yes" in table
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as stream:
        assert "run id" in table and json.load(stream)["run_id"] in table
    cable_files = sorted(os.listdir(os.path.join(output, "cables")))
    assert main(["show", *[os.path.join(output, "cables", f) for f in cable_files]]) == 0
    (record,) = lines_of(capsys)
    assert record["reference_id"] == "06ALMATY2404" and record["source"]["format"] == "TEXT"
    dead_files = sorted(os.listdir(os.path.join(output, "dead_letter")))
    main(["show", "--limit", "5", *[os.path.join(output, "dead_letter", f) for f in dead_files]])
    (dead,) = lines_of(capsys)
    assert dead["error_type"] == "not_a_cable"
    assert dead["payload"].startswith("Lorem ipsum")


def _readme_dead_letter_recipe() -> str:
    """The README's shell lines that write a dead letter's raw input back into a file."""
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as f:
        section = f.read().split("## The `DeadLetter` record", 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def test_show_gives_back_every_dead_letters_raw_input_byte_for_byte(tmp_path):
    """A user looks at a drop's dead letters with `cable-ingest show` and wants each input back
    as it was: UTF-8 text, cp1252 bytes, a PNG with NUL bytes, CRLF and form feeds. `show`
    prints a payload that is not UTF-8 as {"base64": ...}, which no help or README said; the
    README's recipe, run by the shell as written, gives back the bytes of each."""
    from tests.doors import cable_ingest_command

    drop = tmp_path / "drop"
    drop.mkdir()
    inputs = {"random-text.txt": None, "binary.png": None, "whitespace-crlf-formfeed.txt": None,
              "nul-bytes.txt": None, "utf16-odd-length.txt": None}
    for name in inputs:
        shutil.copy(os.path.join(DATA, "invalid", name), drop)
    (drop / "cp1252.txt").write_bytes(b"caf\xe9 au lait, not a cable\r\n")
    for name in os.listdir(drop):
        inputs[name] = (drop / name).read_bytes()
    command = cable_ingest_command()
    done = subprocess.run(command + ["run", "--input", "drop/*", "--output", "out"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    files = sorted(glob.glob(str(tmp_path / "out" / "dead_letter" / "*.avro")))
    shown = subprocess.run(command + ["show", *files], capture_output=True, text=True,
                           timeout=120)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert sorted(os.path.basename(json.loads(line)["source"]["uri"]) for line in lines) == \
        sorted(inputs)  # every input is a dead letter, once
    assert any(isinstance(json.loads(line)["payload"], dict) for line in lines)
    recipe = _readme_dead_letter_recipe()
    environment = dict(os.environ, PATH=os.path.dirname(command[0]) + os.pathsep
                       + os.environ.get("PATH", ""))
    for line in lines:   # the recipe's decoding of each line of `show`
        decoder = recipe.split("python3 -c '", 1)[1].rsplit("'", 1)[0]
        raw = subprocess.run([sys.executable, "-c", decoder], input=line.encode() + b"\n",
                             capture_output=True, timeout=60).stdout
        assert raw == inputs[os.path.basename(json.loads(line)["source"]["uri"])]
    # and the recipe as the shell runs it, on the first dead letter of the files
    first = json.loads(lines[0])
    done = subprocess.run(["sh", "-c", recipe], cwd=tmp_path, env=environment,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "raw").read_bytes() == inputs[os.path.basename(first["source"]["uri"])]


@pytest.mark.parametrize("name", ["cable", "dead_letter"])
def test_schema_prints_the_avsc(capsys, name):
    assert main(["schema", name]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["namespace"] == "cables.v1"


@pytest.mark.parametrize("summary, message", [
    ("[]", "is not a run summary"),
    ('{"quality": 5}', "is not a run summary"),
    ('{"inputs": "many", "dead_letters_by_type": 7}', "is not a summary cable-ingest wrote"),
])
def test_report_on_a_summary_that_is_not_one_cable_ingest_wrote_is_a_usage_error(
        tmp_path, capsys, summary, message):
    (tmp_path / "_SUMMARY.json").write_text(summary + "\n")
    assert main(["report", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["run", "--output", "x"], "--input GLOB is required"),
    (["run", "--input", "/nonexistent/*.txt", "--output", "x"], "no files match"),
    (["run", "--input", SAMPLES, "--output", "x"],   # it was one `unreadable` dead letter
     f"--input {SAMPLES!r} is a folder: give its files as a glob, --input '{SAMPLES}/*'"),
    (["run", "--input", SEED], "--output DIR is required"),
    (["run", "--input", SEED, "--output", "/proc/forbidden/out"], "cannot create --output"),
    (["run", "--input", SEED, "--output", SEED],    # it said "cannot create ...: File exists"
     f"--output {SEED!r} is a file: give a folder"),
    (["run", "--streaming", "--input_subscription", "cable-drops", "--output", "x"],  # a traceback
     "--input_subscription 'cable-drops' is not a subscription: give projects/P/subscriptions/S"),
    (["run", "--input_subscription", "projects/p/subscriptions/s", "--output", "x"],
     "--input_subscription reads Pub/Sub in a streaming run: add --streaming"),
    # a batch run over --input read no subscription and no window, and said nothing
    (["run", "--input", SEED, "--input_subscription", "projects/p/subscriptions/s", "--output",
      "x"], "--input_subscription reads Pub/Sub in a streaming run: add --streaming and leave "
            "out --input"),
    (["run", "--input", SEED, "--output", "x", "--window_seconds", "10"],
     "--window_seconds is a streaming run's (--streaming --input_subscription ...): a batch run "
     "takes none"),
    (["run", "--input", SEED, "--output", "x", "--dedupe_horizon_seconds=5"],
     "--dedupe_horizon_seconds is a streaming run's"),
    # a full run left the young files out of the output it replaced: their records were gone
    (["run", "--input", SEED, "--output", "x", "--min_file_age_seconds", "300"],
     "--min_file_age_seconds leaves young files to the next scheduled run: give it with "
     "--incremental"),
    # both were a traceback of Beam's, exit status 1
    (["run", "--streaming", "--input_subscription", "projects/p/subscriptions/s", "--output",
      "x"], "--input_subscription 'projects/p/subscriptions/s': Invalid PubSub project name"),
    (["run", "--streaming", "--input_subscription", "projects/my-project/subscriptions/s",
      "--output", "x", "--dedupe_horizon_seconds=0"],
     "--dedupe_horizon_seconds 0 is not a number of seconds of at least 1"),
    (["parse", "/nonexistent.txt"], "no such file"),
    (["parse", "-", SEED, "-"], "give - (standard input) once"),
    (["parse", SAMPLES], f"{SAMPLES} is a folder: give its files ({SAMPLES}/*)"),
    (["show", SAMPLES], f"{SAMPLES} holds no .avro file"),
    (["run", "--input", SEED, "--output", "x", "--num_shard=2"], "did you mean --num_shards"),
    # replay passes Beam's options through as run does (they were all refused), typos not
    (["replay", SEED, "--output", "x", "--runer=DataflowRunner"], "did you mean --runner"),
    # `--input samples/*` unquoted: the shell gave the files, the second one was "unrecognized"
    (["run", "--input", SEED, os.path.join(SAMPLES, "08MUNICH355.txt"), "--output", "x"],
     "(a glob the shell expanded? quote it: --input 'DIR/*')"),
    (["show", SEED], "is not an Avro file"),
    (["show", "--limit", "-1", SEED], "--limit must be 0 or more"),
    (["run", "--input", SEED, "--output", "x", "--max_input_bytes=0"],
     "--max_input_bytes 0 is not a size"),  # a 0 cap stalled the CSV reader, never ending
    (["run", "--input", SEED, "--output", "x", "--max_dead_letter_ratio=5"],
     "not a share between 0 and 1"),
    (["run", "--input", SEED, "--output", "x", "--workers=-2"], "--workers -2 is not a number"),
    (["run", "--input", SEED, "--output", "x", "--workers=2", "--direct_num_workers=3"],
     "give --workers or --direct_num_workers, not both"),
    (["run", "--input", SEED, "--output", "gs://bucket/out", "--workers=4",
      "--runner=DataflowRunner"], "--workers is for local batch runs"),
    # as for `run`: without a baseline it compared nothing, and said nothing
    (["report", "x", "--max_fill_rate_drop=0.01"], "--max_fill_rate_drop needs --baseline"),
    (["report", "x", "--max_fill_rate_drop=5"], "--max_fill_rate_drop 5.0 is not a share"),
])
def test_bad_arguments_give_a_clear_message_and_status_2(capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("limit, status", [([], 0), (["--max_dead_letter_ratio", "0.1"], 1)])
def test_a_run_names_its_summary_and_its_report_failed_or_not(tmp_path, capsys, limit, status):
    """No line named the report, the page that says whether the day is good; a run failed by
    its verdict named neither."""
    output = tmp_path / "out"
    assert main(["run", "--input", os.path.join(SAMPLES, "*"), "--output", str(output), *limit]) \
        == status
    assert capsys.readouterr().out.strip().splitlines()[-2:] == [
        f"summary written to {output / '_SUMMARY.json'}",
        f"report written to {output / '_REPORT.html'}"]


def test_a_local_streaming_run_without_credentials_is_one_line(tmp_path, monkeypatch, capsys):
    """Without Google credentials (and no emulator), the subscription's check let the run start,
    which retried, printed 200 lines of DefaultCredentialsError traces and exited 1."""
    for name in ("GOOGLE_APPLICATION_CREDENTIALS", "PUBSUB_EMULATOR_HOST"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path))  # (no gcloud login found there)
    monkeypatch.setenv("NO_GCE_CHECK", "True")            # (nor a metadata server asked)
    output = tmp_path / "out"
    assert main(["run", "--streaming", "--input_subscription",
                 "projects/my-project/subscriptions/drops", "--output", str(output)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line == ("cable-ingest: error: --input_subscription 'projects/my-project/subscriptions/"
                    "drops': no Google credentials to read it with: `gcloud auth "
                    "application-default login` (or PUBSUB_EMULATOR_HOST for the Pub/Sub "
                    "emulator)"), line
    assert not output.exists()


@pytest.mark.parametrize("argv", [
    ["run", "--input", SEED, "--output", "x", "--direct_num_workers=abc"],
    ["replay", SEED, "--output", "x", "--direct_running_mode=foo"],
])
def test_a_value_beam_refuses_is_one_line_without_beam_s_usage(capsys, argv):
    """Beam's parser printed the usage of each of its options (150 lines) above its error."""
    assert main(argv) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("cable-ingest: error: argument --direct_") and "invalid" in line, line


@pytest.mark.parametrize("refused", [
    ["--baseline", "nothere"],                  # checked after the output folder
    ["--max_fill_rate_drop", "0.1"],            # (needs --baseline)
])
def test_a_run_refused_for_its_arguments_leaves_no_output_folder(tmp_path, refused):
    """The run's checks made its --output, and the folders above it, before a later check
    refused the command: the empty folders stayed behind. A refused command leaves the
    filesystem as it was."""
    done = subprocess.run(cable_ingest_command() + ["run", "--input", SEED, "--output",
                                                    "new/out", *refused],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "cable-ingest: error: " in done.stderr, done.stderr
    assert os.listdir(tmp_path) == []


def test_show_takes_a_folder_of_record_files_and_show_and_parse_a_quoted_glob(tmp_path):
    """`show out` said "give its files (out/*)", and `show 'out/*'` then said "no such file":
    a local glob was left to the shell, whose `out/*` is the report, the summary and two
    folders. Now a folder of Avro files stands for its files; a run's output folder, which
    holds two kinds of record, names both; a quoted local glob is matched, as a gs:// one is."""
    output = tmp_path / "out"
    done = subprocess.run(cable_ingest_command() + ["run", "--input", SEED, "--output",
                                                    str(output)], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]

    def command(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(cable_ingest_command() + list(argv), capture_output=True,
                              text=True, timeout=120)

    files = sorted(map(str, (output / "cables").glob("*.avro")))
    by_folder, by_files, by_glob = (command("show", str(output / "cables")),
                                    command("show", *files),
                                    command("show", str(output / "cables" / "*.avro")))
    assert by_folder.returncode == 0, by_folder.stderr
    assert by_folder.stdout == by_files.stdout == by_glob.stdout
    assert [json.loads(line)["reference_id"] for line in by_folder.stdout.splitlines()] == [
        "06ALMATY2404"]
    whole = command("show", str(output))
    assert whole.returncode == 2
    assert (f"{output} is a run's output folder: give its cables ({output}/cables) or its "
            f"dead letters ({output}/dead_letter)") in whole.stderr
    nothing = command("show", str(tmp_path / "elsewhere" / "*.avro"))
    assert nothing.returncode == 2 and "no files match" in nothing.stderr
    pattern = os.path.join(SAMPLES, "0[68]*.txt")
    parsed = command("parse", pattern)
    assert parsed.returncode == 0, parsed.stderr
    assert [json.loads(line)["source"]["uri"] for line in parsed.stdout.splitlines()] == \
        sorted(glob.glob(pattern)) and len(parsed.stdout.splitlines()) >= 2


@pytest.mark.parametrize("run_id, extra", [("daily/1", []), ("../../elsewhere", ["--incremental"]),
                                           ("two words", [])])
def test_a_run_id_that_is_no_file_name_is_a_usage_error(tmp_path, capsys, run_id, extra):
    """A run id names the staging folder and an incremental run's files (run-RUNID-*): a slash
    made folders of its own (an incremental run failed at publish with a traceback), `../`
    wrote outside the output. The rule is the template's (deploy/metadata.json)."""
    output = tmp_path / "out"
    assert main(["run", "--input", SEED, "--output", str(output), "--run_id", run_id, *extra]) == 2
    assert f"--run_id {run_id!r} is not a run id" in capsys.readouterr().err
    assert not output.exists()   # refused before anything is written
    assert main(["run", "--input", SEED, "--output", str(output), "--run_id", "2024-01-02_daily.1"]
                + extra) == 0


def test_an_incremental_run_id_that_published_before_is_refused(tmp_path, capsys):
    """Its files are named by its run id: the second run would have replaced the first's cables
    (11 of them) by its own one, and the first's ledger by its own."""
    drop, output = tmp_path / "drop", str(tmp_path / "out")
    drop.mkdir()
    for name in os.listdir(SAMPLES):
        shutil.copy(os.path.join(SAMPLES, name), drop)
    run = ["run", "--incremental", "--input", str(drop / "*"), "--output", output]
    assert main(run + ["--run_id", "daily-1"]) == 0
    first, _ = read_outputs(output)
    shutil.copy(os.path.join(DATA, "valid", "10PARIS58.txt"), drop)   # a new file lands
    capsys.readouterr()
    assert main(run + ["--run_id", "daily-1"]) == 2
    assert "--run_id 'daily-1' has published to" in capsys.readouterr().err
    assert read_outputs(output)[0] == first
    assert main(run + ["--run_id", "daily-2"]) == 0       # another id: the new file only
    cables, _ = read_outputs(output)
    assert len(cables) == len(first) + 1 and len(first) == 11
    # A run with nothing new published no record, but kept its summary (_runs/daily-3/): its
    # id reused, that summary would be taken for the new run's by a later recovery.
    assert main(run + ["--run_id", "daily-3"]) == 0
    assert os.path.exists(os.path.join(output, "_runs", "daily-3", "_SUMMARY.json"))
    shutil.copy(os.path.join(DATA, "valid", "10MADRID133.txt"), drop)
    capsys.readouterr()
    assert main(run + ["--run_id", "daily-3"]) == 2
    assert "--run_id 'daily-3' has published to" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["parse", "--help"],
                                  ["show", "--help"], ["schema", "--help"]])
def test_help_everywhere(argv):
    done = subprocess.run(CLI + argv, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "usage: cable-ingest" in done.stdout


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["schema", "cable"]])
def test_help_and_schema_start_without_loading_beam(argv):
    """Beam's import costs ~1 s: commands that do not run a pipeline answer without it (the run
    options are declared in pipeline.arguments, which does not import Beam)."""
    script = ("import sys; from pipeline.cli import main\n"
              "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
              "print('beam loaded' if 'apache_beam' in sys.modules else 'no beam', file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout and done.stderr.strip().endswith("no beam"), done.stderr[-500:]


def test_run_help_lists_every_run_option_beam_parses():
    """The help's options (pipeline.arguments) are those Beam's parser takes (CableIngestOptions)."""
    from pipeline.options import CableIngestOptions, own_options

    done = subprocess.run(CLI + ["run", "--help"], capture_output=True, text=True, timeout=120)
    for name in own_options(CableIngestOptions([])):
        assert f"--{name}" in done.stdout


def test_the_exit_statuses_are_those_the_readme_and_the_help_name():
    """A scheduler's wrapper retries a busy output (75) and pages for a failed day (1): the
    README's table, run's and replay's help list the statuses the command returns."""
    from pipeline import cli

    statuses = {cli.EXIT_OK, cli.EXIT_FAILED, cli.EXIT_USAGE, cli.EXIT_BUSY,
                cli.EXIT_INTERRUPTED, cli.EXIT_TERMINATED}
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as f:
        table = f.read().split("The exit status, for scripts and schedulers:")[1].split("\n\n")[1]
    in_readme = {int(code) for row in table.splitlines()[2:]
                 for code in row.split("|")[1].split(",")}
    assert in_readme == statuses
    for command in ("run", "replay"):
        done = subprocess.run(CLI + [command, "--help"], capture_output=True, text=True,
                              timeout=120)
        said = done.stdout.split("Exit status:")[1]
        assert {int(code) for code in re.findall(r"\b\d+\b", said)} == statuses, said


def test_unknown_command_and_bad_choice_exit_2():
    for argv in (["frobnicate"], ["schema", "cables"], ["run", "--format", "pdf"]):
        done = subprocess.run(CLI + argv, capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and "error" in done.stderr


def test_a_bad_incremental_value_names_what_it_takes():
    done = subprocess.run(CLI + ["run", "--input", SEED, "--output", "x", "--incremental=yes"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "argument --incremental: expected true or false, not 'yes'" in done.stderr
    assert "_true_or_false" not in done.stderr   # argparse named the function


def test_max_dead_letter_ratio_fails_loudly_after_writing_everything(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder)
    shutil.copy(os.path.join(DATA, "invalid", "random-text.txt"), folder)
    output = str(tmp_path / "out")
    assert main(["run", "--input", str(folder / "*"), "--output", output,
                 "--max_dead_letter_ratio", "0.25"]) == 1
    out, err = capsys.readouterr()
    assert "FAILED: dead-letter ratio 50.0% exceeds --max_dead_letter_ratio 25.0%" in err
    # The table shows the share it failed by (without duplicates, the one share: a new user
    # saw no ratio at all in the table of a day of 50% dead letters)
    assert re.search(r"\ndead-letter ratio +50\.0%  \(what --max_dead_letter_ratio checks\)\n", out)
    assert "failure ratio" not in out
    with open(os.path.join(output, "_SUMMARY.json")) as f:
        summary = json.load(f)
    assert summary["status"].startswith("failed") and summary["cables"] == 1
    assert len(summary["files"]) == 2 and all(os.path.exists(p) for p in summary["files"])
    assert main(["run", "--input", str(folder / "*"), "--output", output,
                 "--max_dead_letter_ratio", "0.5"]) == 0


def test_duplicates_within_a_run_do_not_count_toward_max_dead_letter_ratio(tmp_path):
    """A drop holding cables twice (two as .txt files and as rows of the dump): their copies
    are `duplicate` dead letters, and 2 of 7 inputs failed a day, at the schedule's 0.2, whose
    inputs were all good. The ratio checked counts the dead letters of failure; the duplicates
    are still dead letters, counted and accounted for, and the summary shows both shares."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("cables-5-rows.csv", "75TEHRAN2069.txt", "90CAPETOWN97.txt"):
        shutil.copy(os.path.join(SAMPLES, name), folder)
    output = tmp_path / "out"
    done = cable_ingest_in_process("run", "--input", str(folder / "*"), "--output", str(output),
                                   "--max_dead_letter_ratio", "0.2")
    assert done.returncode == 0, done.stderr[-800:]
    summary = json.loads((output / "_SUMMARY.json").read_text())
    assert (summary["status"], summary["inputs"], summary["cables"], summary["dead_letters"],
            summary["accounted"]) == ("ok", 7, 5, 2, True)
    assert summary["dead_letter_ratio"] == 0.285714  # every dead letter's share, as before
    assert (summary["duplicate_dead_letters"], summary["failure_ratio"]) == (2, 0.0)
    assert re.search(r"dead-letter ratio +28\.6%\n", done.stdout)
    assert re.search(r"failure ratio +0\.0% +\(duplicates not counted", done.stdout)
    report = (output / "_REPORT.html").read_text()
    assert "2 duplicates among them (copies of cables written): 0.0% of the inputs failed" in report
    # A bad input beside them fails the day by its own share, which says what it left out.
    shutil.copy(os.path.join(SAMPLES, "broken-not-a-cable.txt"), folder)
    failed = cable_ingest_in_process("run", "--input", str(folder / "*"), "--output",
                                     str(output), "--max_dead_letter_ratio", "0.1")
    assert failed.returncode == 1
    assert ("cable-ingest: FAILED: failure ratio 12.5% (the dead letters but 2 duplicates) exceeds "
            "--max_dead_letter_ratio 10.0%") in failed.stderr


BY_HAND = ["--runner", "DirectRunner", "--direct_running_mode", "multi_processing",
           "--direct_num_workers", "2"]  # worker processes as Beam's docs teach them


@pytest.mark.parametrize("workers", [["--workers", "1"], ["--workers", "2"], BY_HAND],
                         ids=["1", "2", "by-hand"])
def test_a_run_failed_by_its_verdict_says_so_in_one_line_without_a_traceback(tmp_path, workers):
    """`cable-ingest run` over a day with too many dead letters: the summary's verdict, one
    FAILED line and status 1. Beam's traceback of the step that raised the verdict read as a
    crash above it; with worker processes the verdict reached the command as a RuntimeError
    holding the worker's trace: the run ended logged as an `error`, with the launcher's own
    traceback and no FAILED line; and the worker that raised it printed its step's trace three
    times above that line (Beam's step log, the SDK harness's print and its log record). Beam's
    own worker processes (the DirectRunner by hand) printed the same."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder)
    shutil.copy(os.path.join(DATA, "invalid", "random-text.txt"), folder)
    output = str(tmp_path / "out")
    done = subprocess.run(cable_ingest_command() + [
        "run", "--input", str(folder / "*"), "--output", output,
        "--max_dead_letter_ratio", "0.25", *workers],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    end, failed = done.stderr.strip().splitlines()  # nothing else: no worker's trace above
    assert failed == "cable-ingest: FAILED: dead-letter ratio 50.0% exceeds --max_dead_letter_ratio 25.0%"
    end = json.loads(end)
    assert end["status"] == "failed: dead-letter ratio exceeded"
    # the log line's message says 'failed' once, not 'failed: failed: dead-letter ratio ...'
    assert end["message"] == f"cable-ingest run {end['run_id']} failed: dead-letter ratio exceeded"
    assert "(inputs = cables + dead letters)" in done.stdout


def test_a_day_failed_by_a_fill_rate_drop_with_worker_processes_is_one_failed_line(tmp_path):
    """The other verdict, --max_fill_rate_drop against a baseline, with `--workers 2`: the day's
    log is the closing JSON line and the FAILED line, no worker's trace of the step."""
    for name, drop_subject in (("before", False), ("after", True)):
        (tmp_path / name).mkdir()
        for path in glob.glob(os.path.join(SAMPLES, "*.txt")):
            with open(path, encoding="utf-8") as f:
                lines = [line for line in f if not (drop_subject and line.startswith("SUBJECT"))]
            (tmp_path / name / os.path.basename(path)).write_text("".join(lines), encoding="utf-8")
    baseline, output = str(tmp_path / "baseline"), str(tmp_path / "out")
    command = cable_ingest_command()
    assert subprocess.run(command + ["run", "--input", str(tmp_path / "before" / "*"),
                                     "--output", baseline], capture_output=True,
                          timeout=300).returncode == 0
    done = subprocess.run(command + ["run", "--input", str(tmp_path / "after" / "*"),
                                     "--output", output, "--baseline", baseline,
                                     "--max_fill_rate_drop", "0.05", "--workers", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    end, failed = done.stderr.strip().splitlines()
    assert failed.startswith("cable-ingest: FAILED: fill rates dropped by more than "
                             "--max_fill_rate_drop 5.0%"), failed
    assert json.loads(end)["status"] == "failed: fill rate dropped"


def test_a_crash_in_a_worker_process_still_shows_its_trace(tmp_path):
    """Only the run's verdict is left unsaid by the worker processes: a step that crashes in a
    worker (a RuntimeError raised where the publish step checks the day, tests/killpoints)
    still has the worker's trace of it on stderr, and the command fails with it."""
    killed = tmp_path / "killed"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([KILLPOINTS, REPO]),
               CABLE_INGEST_KILL_AT="raise:transforms.publish:_fail_if_failed",
               CABLE_INGEST_KILLED=str(killed))
    done = subprocess.run(cable_ingest_command() + ["run", "--input", SEED, "--output",
                                                    str(tmp_path / "out"), "--workers", "2"],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 1, done.stderr
    assert killed.read_text() == "raise in transforms.publish._fail_if_failed\n"
    worker_says = done.stderr.split("\n{", 1)[0]  # before the launcher's closing JSON line
    assert "Error processing instruction" in worker_says  # the worker's own record of it
    assert "RuntimeError: a crash at transforms.publish._fail_if_failed" in worker_says
    assert 'in called\n    raise RuntimeError' in worker_says  # with its trace


def test_a_worker_process_killed_mid_run_is_one_failed_line(tmp_path):
    """A worker process killed while the run goes (the out-of-memory killer: SIGKILL, here
    by tests/killpoints as it starts parsing) failed the run with ~200 lines of traces of the
    connections it broke, the last `RuntimeError: Channel closed prematurely.`, which says
    nothing of a worker. The run now fails in one line that says which end the worker met and
    where to look, and publishes nothing."""
    killed = tmp_path / "killed"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([KILLPOINTS, REPO]),
               CABLE_INGEST_KILL_AT="call:transforms.ingest:ingest",
               CABLE_INGEST_KILLED=str(killed))
    output = tmp_path / "out"
    done = subprocess.run(cable_ingest_command() + ["run", "--input", SEED, "--output",
                                                    str(output), "--workers", "2"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 1, done.stderr
    assert killed.read_text().startswith("call transforms.ingest.ingest\n")
    assert _worker_ended_line(done.stderr) == (
        "cable-ingest: FAILED: a worker process was killed (SIGKILL: by the system's "
        "out-of-memory killer? `dmesg` says; fewer --workers, or more memory) during the run; "
        + WORKER_ENDED_TAIL), done.stderr
    assert not os.path.exists(output)  # (the folder the run made, removed again)


# How the line of a run whose worker process ended goes on.
WORKER_ENDED_TAIL = ("the run failed before it published (its output as it was), or as it "
                     "published (as a killed run: the next incremental run finishes or withdraws "
                     "it; a full run, run it again)")


def _worker_ended_line(stderr: str) -> str:
    """The command's last line, once what it says of the run's failure is only that line (the
    other worker, still working when the run failed, may print its bundle's trace: its own
    words, not the run's), never Beam's misleading `Channel closed prematurely`."""
    assert "Channel closed prematurely" not in stderr, stderr
    said = [line for line in stderr.splitlines() if not line.startswith("{")]
    assert [line for line in said if line.startswith("cable-ingest: ")] == said[-1:], stderr
    return said[-1]


@pytest.mark.parametrize("kill_at", ["write:_REPORT.html", "move:cables"])
def test_a_worker_process_killed_as_the_run_publishes_fails_it(tmp_path, kill_at):
    """A worker killed as the run publishes (a step that sends nothing back to the launcher, so
    that nothing broke on its side) left the run waiting for ever, without a word. It fails in
    one line, which does not claim the output is as it was."""
    killed = tmp_path / "killed"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([KILLPOINTS, REPO]),
               CABLE_INGEST_KILL_AT=kill_at, CABLE_INGEST_KILLED=str(killed))
    done = subprocess.run(cable_ingest_command() + ["run", "--input", os.path.join(SAMPLES, "*"),
                                                    "--output", str(tmp_path / "out"),
                                                    "--workers", "2"],
                          capture_output=True, text=True, timeout=90, env=env)
    assert done.returncode == 1, done.stderr
    assert killed.read_text().startswith(kill_at.split(":")[0] + " ")
    assert _worker_ended_line(done.stderr).endswith(" during the run; " + WORKER_ENDED_TAIL)


def test_a_run_after_one_whose_worker_ended_is_not_failed_by_it(tmp_path):
    """Two runs in one process (a script calling pipeline.cli.main): after a run whose worker
    process ended, a run with threads (`--direct_running_mode multi_threading`, which shares
    Beam's connection class) took the failed run's error as its own. It runs as it would."""
    script = ("import sys; from pipeline import cli, graph; "
              "runner = graph.FnApiRunnerWithQuietWorkers; ours = runner.OURS; "
              "runner.OURS = 'exit 3; ' + ours; "
              f"first = cli.main(['run', '--input', {SEED!r}, '--output', {str(tmp_path / 'a')!r},"
              " '--workers', '2']); runner.OURS = ours; "
              f"second = cli.main(['run', '--input', {SEED!r}, '--output', "
              f"{str(tmp_path / 'b')!r}, '--direct_running_mode=multi_threading']); "
              "print('statuses', first, second)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert "statuses 1 0" in done.stdout, done.stderr[-3000:]


@pytest.mark.parametrize("failing, late, status", [
    ("*[02468]", 0, 3), ("*[13579]", 0, 3),  # (one of the two hung: the work queued for it)
    ("*[02468]", 3, 3),  # the run sends its first work 3 s late: the worker has ended by then
    ("*[02468]", 0, 0),  # a worker that ends without an error status, before its time
    ("*[02468]", 0, 143)])  # pipeline.worker's end after a SIGTERM sent to it alone
def test_a_worker_process_that_ends_before_it_connects_fails_the_run(tmp_path, failing, late,
                                                                      status):
    """A worker process that ends as it starts, before it connects (an error of its
    environment, or killed as it starts): the work the run had queued for it, or queued
    later, waited for ever for its answers, and the run with it. The run now fails in one
    line, at once. Here one of the two workers exits with `status` before it starts (by its
    id's parity)."""
    failing_workers = ("import sys, time; from pipeline import cli, graph; "
                       "from apache_beam.runners.portability.fn_api_runner import fn_runner; "
                       "bundle = fn_runner.BundleManager.process_bundle; "
                       "fn_runner.BundleManager.process_bundle = lambda *args, **kwargs: ("
                       f"time.sleep({late}), bundle(*args, **kwargs))[1]; "
                       "runner = graph.FnApiRunnerWithQuietWorkers; "
                       f"runner.OURS = 'case $WORKER_ID in {failing}) exit {status};; esac; ' "
                       "+ runner.OURS; sys.exit(cli.main(sys.argv[1:]))")
    output = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", failing_workers, "run", "--input", SEED,
                           "--output", str(output), "--workers", "2"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    how = ("was stopped (SIGTERM)" if status == 143 else
           f"exited with status {status} (its own error, if any, is printed above)")
    assert _worker_ended_line(done.stderr) == (
        f"cable-ingest: FAILED: a worker process {how} during the run; {WORKER_ENDED_TAIL}")
    assert not os.path.exists(output)


def test_worker_processes_ignore_ctrl_c_from_their_first_instant(tmp_path):
    """Ctrl-C reaches every process of the terminal's group: a worker in its first instant
    (Python starting, before pipeline.worker ignores SIGINT) printed a "Fatal Python error:
    init_import_site ... KeyboardInterrupt" block above the launcher's one line. The worker
    command ignores SIGINT before Python starts: here each worker notes, as its first
    statement, whether SIGINT was ignored when Python started."""
    noted = tmp_path / "noted"
    wrapper = tmp_path / "noting.py"
    wrapper.write_text(
        "import sys\n"
        "from pipeline import cli, graph\n"
        "runner = graph.FnApiRunnerWithQuietWorkers\n"
        "first = (\"import signal, runpy; open(%r, 'a').write(str(signal.getsignal(\"\n"
        "         \"signal.SIGINT) is signal.SIG_IGN) + chr(10)); \"\n"
        "         \"runpy.run_module('pipeline.worker', run_name='__main__')\")\n"
        f"runner.OURS = runner.OURS.replace('-m pipeline.worker', '-c \"%s\"' % first % "
        f"{str(noted)!r})\n"
        "sys.exit(cli.main(sys.argv[1:]))\n")
    done = subprocess.run([sys.executable, str(wrapper), "run", "--input", SEED, "--output",
                           str(tmp_path / "out"), "--workers", "2"],
                          capture_output=True, text=True, timeout=90, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    assert noted.read_text().splitlines() == ["True", "True"]


def test_worker_processes_reach_their_launcher_whatever_proxy_is_set(tmp_path):
    """A worker process dials its launcher on localhost; with `https_proxy` set (as behind a
    corporate proxy) and no `no_proxy` for localhost, it dialled through the proxy, and the run
    failed after two minutes of "inputs 0" with gRPC's timeout traces. Here the proxy is a
    port where nothing listens: the run is not affected."""
    env = dict(os.environ, https_proxy="http://127.0.0.1:9", http_proxy="http://127.0.0.1:9")
    env.pop("no_proxy", None), env.pop("NO_PROXY", None), env.pop("no_grpc_proxy", None)
    output = tmp_path / "out"
    done = subprocess.run(cable_ingest_command() + ["run", "--input", SEED, "--output",
                                                    str(output), "--workers", "2"],
                          capture_output=True, text=True, timeout=90, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads((output / "_SUMMARY.json").read_text())["cables"] == 1


def test_a_damaged_ledger_with_worker_processes_is_one_failed_line(tmp_path):
    """An incremental run with `--workers 2` over an output whose ledger file was cut: the
    ledger's error reached the command as a RuntimeError holding the worker's trace, and the
    command ended with its own traceback instead of the line that names the file and what to
    do (the one a run without worker processes gives)."""
    output = str(tmp_path / "out")
    argv = CLI + ["run", "--input", SEED, "--output", output, "--incremental=true"]
    assert subprocess.run(argv, capture_output=True, timeout=300).returncode == 0
    (ledger,) = (tmp_path / "out" / "_ledger").glob("*.avro")
    ledger.write_bytes(ledger.read_bytes()[:100])
    for workers in (["--workers", "2"], []):
        done = subprocess.run(argv + workers, capture_output=True, text=True, timeout=300)
        assert done.returncode == 1
        last = done.stderr.strip().splitlines()[-1]
        assert last.startswith(f"cable-ingest: FAILED: the ledger file {ledger} cannot be "
                               "read"), last
        assert last.endswith("so none of its cables is written again, and reads again the "
                             "input files it noted")
        # the line says it all: no trace above it (in process, ~30 lines of one; the log's
        # closing JSON line, for machines, keeps the error whole)
        said = [line for line in done.stderr.splitlines() if not line.startswith("{")]
        assert said == [last], (workers, done.stderr)


def test_a_file_matched_by_several_inputs_is_read_once(tmp_path):
    """`--input 'day/*' --input day/x.txt`: x.txt is one input, not a cable and its duplicate,
    however its path is spelled."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("06ALMATY2404.txt", "09BRASILIA34.html"):
        shutil.copy(os.path.join(SAMPLES, name), folder)
    (tmp_path / "alias").symlink_to(folder)  # the folder by another name
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "almaty.txt").symlink_to(folder / "06ALMATY2404.txt")
    output = str(tmp_path / "out")
    spellings = [str(folder / "06ALMATY2404.txt"), f"{folder}//06ALMATY2404.txt",
                 os.path.relpath(folder / "06ALMATY2404.txt"),
                 str(tmp_path / "alias" / "06ALMATY2404.txt"), str(tmp_path / "links" / "*"),
                 f"{folder}/../in/06ALMATY2404.txt"]
    assert main(["run", "--input", str(folder / "*"), "--input", str(folder / "*.html"),
                 *[arg for path in spellings for arg in ("--input", path)],
                 "--output", output]) == 0
    with open(os.path.join(output, "_SUMMARY.json")) as f:
        summary = json.load(f)
    assert (summary["inputs"], summary["cables"], summary["dead_letters"]) == (2, 2, 0)


def _worker_processes_of(pid: int) -> set[int]:
    """The worker processes (pipeline.worker, Beam's SDK worker) among the descendants of `pid`
    (Linux /proc)."""
    children, workers = {pid}, set()
    for _ in range(3):  # cable-ingest -> the worker (`sh -c 'exec ...'` becomes it)
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    command = cmdline.read()
            except (OSError, ValueError, IndexError):
                continue  # ended meanwhile
            if parent in children:
                children.add(int(entry))
                if b"-m\0pipeline.worker\0" in command:  # not a shell before its exec
                    workers.add(int(entry))
    return workers


def _run_watching_workers(argv: list) -> set[int]:
    """Run `cable-ingest ARGV` in a process of its own; the worker processes seen meanwhile."""
    run = subprocess.Popen(CLI + argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = set()
    while run.poll() is None:
        seen |= _worker_processes_of(run.pid)
        time.sleep(0.05)
    _, err = run.communicate()
    assert run.returncode == 0, err.decode()[-2000:]
    return seen


def _records(output) -> tuple[list, list]:
    cables, dead_letters = read_outputs(str(output))
    return (sorted((c["reference_id"], c["body"]) for c in cables),
            sorted((d["source"]["uri"], d["error_type"]) for d in dead_letters))


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process tree in /proc")
def test_workers_spreads_a_run_over_worker_processes_with_the_same_records(tmp_path):
    """`--workers 2` starts two worker processes (seen in the process tree while the command
    runs) and writes the records a run in this process writes; so does `replay`."""
    inputs = os.path.join(SAMPLES, "*")
    alone, spread = tmp_path / "alone", tmp_path / "spread"
    assert main(["run", "--input", inputs, "--output", str(alone)]) == 0
    assert len(_run_watching_workers(["run", "--input", inputs, "--output", str(spread),
                                      "--workers", "2"])) == 2
    assert _records(spread) == _records(alone)

    dead_letters = str(alone / "dead_letter" / "*.avro")
    replayed_alone, replayed_spread = tmp_path / "replayed-alone", tmp_path / "replayed-spread"
    assert main(["replay", dead_letters, "--output", str(replayed_alone)]) == 0
    assert len(_run_watching_workers(["replay", dead_letters, "--output", str(replayed_spread),
                                      "--workers", "2"])) == 2
    assert _records(replayed_spread) == _records(replayed_alone)
    assert _records(replayed_alone)[1]  # (the samples' dead letters fail again: not vacuous)


def test_a_run_whose_output_is_inside_its_input_glob_never_reads_its_own_outputs(tmp_path, caplog):
    """`--input 'drop/**' --output drop/out`, run twice: the second run reads the drop's cables
    only, not the first run's records, summary, report or lock. The first is not warned about
    "an earlier run's outputs" for the lock it took itself."""
    def inputs(output):
        with open(output / "_SUMMARY.json", encoding="utf-8") as stream:
            return json.load(stream)["inputs"]

    drop, elsewhere = tmp_path / "drop", tmp_path / "elsewhere"
    shutil.copytree(SAMPLES, drop)
    assert main(["run", "--input", str(drop / "**"), "--output", str(elsewhere)]) == 0
    argv = ["run", "--input", str(drop / "**"), "--output", str(drop / "out")]
    for run in range(2):  # (the first run finds its own lock there; the second, all its outputs)
        caplog.clear()
        assert main(argv) == 0
        assert _records(drop / "out") == _records(elsewhere)
        assert inputs(drop / "out") == inputs(elsewhere)
        assert ("files matched by --input are in the output folder" in caplog.text) is (run == 1)


def test_a_star_glob_that_matches_folders_says_their_files_are_not_read(tmp_path, caplog):
    """`--input 'drop/*'` over a drop holding a folder (a folder a day): the folder's cables are
    not inputs of a `*` glob, and the run says so, naming the `**` glob that reads them; with
    `**` it reads them and says nothing."""
    def inputs(output):
        with open(output / "_SUMMARY.json", encoding="utf-8") as stream:
            return json.load(stream)["inputs"]

    drop = tmp_path / "drop"
    (drop / "2008-05-06").mkdir(parents=True)
    shutil.copy(os.path.join(SAMPLES, "08MUNICH355.txt"), drop)
    shutil.copy(os.path.join(SAMPLES, "06ALMATY2404.txt"), drop / "2008-05-06")
    assert main(["run", "--input", str(drop / "*"), "--output", str(tmp_path / "star")]) == 0
    assert inputs(tmp_path / "star") == 1
    assert "matches a folder" in caplog.text and "2008-05-06" in caplog.text
    assert repr(str(drop / "**")) in caplog.text
    caplog.clear()
    assert main(["run", "--input", str(drop / "**"), "--output", str(tmp_path / "both")]) == 0
    assert inputs(tmp_path / "both") == 2
    assert "matches" not in caplog.text


def test_the_folder_warning_names_the_folders_the_read_skipped_hidden_ones_too(tmp_path):
    """`*` matches hidden names (rsync's partial files are read): a hidden folder is skipped
    by a `*` glob as any other, and the warning names it. It listed the folder again with
    `glob.glob`, whose `*` leaves hidden names out: a drop whose cables wait in `.incoming/`
    lost them without a word. The counts read right: `a folder`, `2 folders`."""
    drop = tmp_path / "drop"
    (drop / ".incoming").mkdir(parents=True)
    shutil.copy(os.path.join(SAMPLES, "08MUNICH355.txt"), drop)
    shutil.copy(os.path.join(SAMPLES, "06ALMATY2404.txt"), drop / ".incoming")
    done = subprocess.run(CLI + ["run", "--input", str(drop / "*"), "--output",
                                 str(tmp_path / "one")], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"matches a folder, {drop / '.incoming'}: its files are not read" in done.stderr
    (drop / "2008-05-06").mkdir()
    done = subprocess.run(CLI + ["run", "--input", str(drop / "*"), "--output",
                                 str(tmp_path / "two")], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"matches 2 folders, {drop / '.incoming'} the first" in done.stderr
    assert "folder(s)" not in done.stderr


def test_one_file_left_out_of_the_output_folder_is_one_file(tmp_path):
    """The warning for the files in the output folder said `1 files ... are`."""
    drop = tmp_path / "drop"
    (drop / "out").mkdir(parents=True)
    shutil.copy(os.path.join(SAMPLES, "08MUNICH355.txt"), drop)
    (drop / "out" / "notes.txt").write_text("not an input\n")
    done = subprocess.run(CLI + ["run", "--input", str(drop / "**"), "--output",
                                 str(drop / "out")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1 file matched by --input is in the output folder" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
def test_a_fifo_or_a_link_to_a_device_in_the_drop_is_an_unreadable_dead_letter_not_a_hang(tmp_path):
    """A named pipe in a drop (its open waits for a writer forever) or a link to /dev/zero (its
    read never ends; nor did the sha256 of an incremental run's ledger): each is one READ
    `unreadable` dead letter naming what it is, the cable beside them is written, and the run
    ends, full or incremental."""
    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(SEED, drop)
    os.mkfifo(drop / "pipe.txt")
    (drop / "zero.txt").symlink_to("/dev/zero")
    for extra in ([], ["--incremental"]):
        output = tmp_path / f"out{len(extra)}"
        done = subprocess.run(CLI + ["run", "--input", str(drop / "*"), "--output", str(output),
                                     *extra], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "Traceback" not in done.stderr
        cables, dead_letters = read_outputs(str(output))
        assert [cable["reference_id"] for cable in cables] == ["06ALMATY2404"]
        assert sorted((d["source"]["uri"], d["stage"], d["error_type"]) for d in dead_letters) == [
            (str(drop / "pipe.txt"), "READ", "unreadable"),
            (str(drop / "zero.txt"), "READ", "unreadable")]
        messages = sorted(d["error_message"] for d in dead_letters)
        assert "is a FIFO (named pipe), not a regular file" in messages[0]
        assert "is a character device, not a regular file" in messages[1]


def test_an_input_inside_the_output_folder_is_a_usage_error_not_a_run_that_reads_nothing(
        tmp_path, capsys, monkeypatch):
    """`--input 'drop/**' --output drop` (or `--input './*.txt' --output .`): the run's output
    folder is never read, so such a run read none of the drop's files and ended `accounted`
    with 0 inputs and status 0. It is a usage error naming the glob, before anything is
    written; an output inside the drop (`--output drop/out`) is still fine."""
    drop = tmp_path / "drop"
    (drop / "day").mkdir(parents=True)
    shutil.copy(SEED, drop / "day")
    monkeypatch.chdir(drop)
    for pattern, output in [(str(drop / "**"), str(drop)), ("day/*", "."), ("./day/*", "day/"),
                            (str(drop / "day" / "06ALMATY2404.txt"), str(drop))]:
        assert main(["run", "--input", pattern, "--output", output]) == 2, (pattern, output)
        assert (f"--input {pattern!r} lies inside --output {output!r}: a run never reads its own "
                "output folder" in capsys.readouterr().err)
    assert sorted(os.listdir(drop)) == ["day"] and os.listdir(drop / "day") == ["06ALMATY2404.txt"]
    assert main(["run", "--input", str(drop / "**"), "--output", str(drop / "out")]) == 0
    assert [cable["reference_id"] for cable in read_outputs(str(drop / "out"))[0]] == ["06ALMATY2404"]


def test_a_glob_without_a_folder_matches_in_the_current_folder(tmp_path, monkeypatch):
    """`cd drop && cable-ingest run --input '*.txt' --output ../out`: Beam lists the folder ''
    for such a glob and found nothing ('no files match', status 2). The files of the current
    folder are matched, named as `--input 06ALMATY2404.txt` names them."""
    drop = tmp_path / "drop"
    (drop / "sub").mkdir(parents=True)
    shutil.copy(SEED, drop)
    shutil.copy(os.path.join(SAMPLES, "08MUNICH355.txt"), drop / "sub")
    monkeypatch.chdir(drop)
    for pattern, uris in [("*.txt", ["06ALMATY2404.txt"]), ("*", ["06ALMATY2404.txt"]),
                          ("**", ["06ALMATY2404.txt", "sub/08MUNICH355.txt"]),
                          ("06ALMATY24??.txt", ["06ALMATY2404.txt"])]:
        output = tmp_path / "out"
        assert main(["run", "--input", pattern, "--output", str(output)]) == 0, pattern
        assert sorted(cable["source"]["uri"] for cable in read_outputs(str(output))[0]) == uris


def test_a_file_whose_name_holds_glob_characters_is_read_when_given_by_name(tmp_path,
                                                                            monkeypatch):
    """`--input 'drop/report[1].txt'`, the file's own name: Beam's glob has no escape and took
    `[1]` for a class, 'no files match' (status 2). A pattern that matches nothing but names a
    file is that file, as a shell passes an unmatched glob through; one that matches files
    (`a[1].txt` matching a1.txt) is not also taken literally."""
    drop = tmp_path / "drop"
    drop.mkdir()
    for name, sample in [("report[1].txt", "06ALMATY2404.txt"), ("[draft] x?.txt", "08MUNICH355.txt"),
                         ("a1.txt", "09BRUSSELS536.txt"), ("a[1].txt", "09STATE14070.txt")]:
        shutil.copy(os.path.join(SAMPLES, sample), drop / name)
    monkeypatch.chdir(drop)
    for pattern, expected in [(str(drop / "report[1].txt"), ["report[1].txt"]),
                              ("report[1].txt", ["report[1].txt"]),
                              (str(drop / "[draft] x?.txt"), ["[draft] x?.txt"]),
                              (str(drop / "a[1].txt"), ["a1.txt"])]:
        output = tmp_path / "out"
        assert main(["run", "--input", pattern, "--output", str(output)]) == 0, pattern
        assert [os.path.basename(cable["source"]["uri"])
                for cable in read_outputs(str(output))[0]] == expected


def test_a_broken_link_in_the_drop_is_an_unreadable_dead_letter_not_a_silent_skip(tmp_path):
    """A link whose target is gone, or two links to each other, in a drop: Beam's match drops a
    name it cannot size without a word, so they were no input and no dead letter (accounted,
    status 0), and named alone they were 'no files match'. Each is one READ `unreadable` dead
    letter saying what the link is; the cable beside them is written."""
    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(SEED, drop)
    (drop / "gone.txt").symlink_to("removed-meanwhile.txt")
    (drop / "loop-a.txt").symlink_to("loop-b.txt")
    (drop / "loop-b.txt").symlink_to("loop-a.txt")
    for pattern, output in [(str(drop / "*"), tmp_path / "out"),
                            (str(drop / "gone.txt"), tmp_path / "alone")]:
        assert main(["run", "--input", pattern, "--output", str(output)]) == 0
        cables, dead_letters = read_outputs(str(output))
        assert all((d["stage"], d["error_type"]) == ("READ", "unreadable") for d in dead_letters)
        messages = {os.path.basename(d["source"]["uri"]): d["error_message"] for d in dead_letters}
        assert "it is a link to removed-meanwhile.txt, which does not exist" in messages["gone.txt"]
        with open(output / "_SUMMARY.json", encoding="utf-8") as stream:
            summary = json.load(stream)
        assert summary["accounted"] and summary["inputs"] == len(cables) + len(dead_letters)
    assert [c["reference_id"] for c in read_outputs(str(tmp_path / "out"))[0]] == ["06ALMATY2404"]
    assert sorted(messages) == ["gone.txt"]
    _, dead_letters = read_outputs(str(tmp_path / "out"))
    assert sorted(os.path.basename(d["source"]["uri"]) for d in dead_letters) == [
        "gone.txt", "loop-a.txt", "loop-b.txt"]
    assert all("in a loop of links" in d["error_message"] for d in dead_letters
               if "loop" in d["source"]["uri"])


def test_a_file_name_that_is_not_utf8_is_read_and_labelled(tmp_path):
    """A file named on a Latin-1 system (`caf\\xe9.txt`, unzipped from an old archive): Python
    keeps the byte as a surrogate, which neither Beam's coders nor Avro can encode, so the run
    crashed with a traceback (status 1, no summary). The file is read, its records' uri shows
    the byte as `\\xe9`, given by a glob or by its name, full or incremental (whose second run
    knows it)."""
    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(SEED, os.fsdecode(bytes(drop) + b"/caf\xe9.txt"))
    name = os.fsdecode(bytes(drop) + b"/caf\xe9.txt")
    label = str(drop) + "/caf\\xe9.txt"
    for pattern, extra in [(str(drop / "*"), []), (name, []), (str(drop / "*"), ["--incremental"])]:
        output = tmp_path / f"out-{len(extra)}"
        assert main(["run", "--input", pattern, "--output", str(output), *extra]) == 0
        cables, dead_letters = read_outputs(str(output))
        assert [c["source"]["uri"] for c in cables] == [label] and not dead_letters
    assert main(["run", "--input", str(drop / "*"), "--output", str(output), *extra]) == 0
    with open(output / "_SUMMARY.json", encoding="utf-8") as stream:
        assert json.load(stream)["already_ingested"] == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_parse_says_what_a_path_that_is_no_file_is(tmp_path, capsys):
    """`cable-ingest parse` of a FIFO or a broken link said 'no such file' of a path that is
    there; it says what the path is (status 2, as before)."""
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "gone.txt").symlink_to("removed.txt")
    assert main(["parse", str(tmp_path / "pipe.txt")]) == 2
    assert "pipe.txt is a FIFO (named pipe), not a regular file" in capsys.readouterr().err
    assert main(["parse", str(tmp_path / "gone.txt")]) == 2
    assert "gone.txt: it is a link to removed.txt, which does not exist" in capsys.readouterr().err


def test_a_folder_of_the_drop_that_cannot_be_listed_is_an_unreadable_dead_letter(
        tmp_path, monkeypatch):
    """A subfolder the run may not list (permission denied; simulated here, as root lists
    everything): Beam's walk skips it without a word, so its files were no inputs and the run
    said accounted. The folder is one READ `unreadable` dead letter saying none of its files
    is read, when the glob could match files in it (not for `drop/*`: its files are not
    asked for)."""
    drop = tmp_path / "drop"
    (drop / "locked").mkdir(parents=True)
    shutil.copy(SEED, drop)
    shutil.copy(os.path.join(SAMPLES, "08MUNICH355.txt"), drop / "locked")
    real_scandir = os.scandir

    def scandir(path="."):
        if not isinstance(path, int) and os.fspath(path) == str(drop / "locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for pattern, locked_dead in [(str(drop / "**"), True), (str(drop / "*"), False)]:
        output = tmp_path / "out"
        assert main(["run", "--input", pattern, "--output", str(output)]) == 0
        cables, dead_letters = read_outputs(str(output))
        assert [cable["reference_id"] for cable in cables] == ["06ALMATY2404"]
        assert [(d["source"]["uri"], d["error_type"]) for d in dead_letters] == (
            [(str(drop / "locked"), "unreadable")] if locked_dead else [])
        if locked_dead:
            assert "a folder that cannot be listed (none of its files is read)" in \
                dead_letters[0]["error_message"]


def test_counts_of_one_read_in_the_singular(tmp_path):
    """`1 cables parsed carry 5 warnings` in the report of a run of one cable, `1 control
    bytes` in the dead letter of a one-byte binary input: a count of 1 takes the singular."""
    done = subprocess.run(CLI + ["run", "--input", os.path.join(SAMPLES, "06ALMATY2404.txt"),
                                 "--output", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = (tmp_path / "out" / "_REPORT.html").read_text(encoding="utf-8")
    assert "The 1 cable parsed carries 5 warnings." in report  # not "1 of the 1 cable"
    assert "the 1 cable parsed, duplicate" in report and "1 cables" not in report
    (tmp_path / "binary.txt").write_bytes(b"\x01")
    parsed = subprocess.run(CLI + ["parse", str(tmp_path / "binary.txt")],
                            capture_output=True, text=True, timeout=300)
    (error,) = json.loads(parsed.stdout)["errors"]
    assert error["message"] == "the input looks binary: 1 control byte in its first 1"


def test_cloud_storage_out_of_reach_is_a_clear_error_in_seconds_not_minutes(tmp_path):
    """Without a network (here: Cloud Storage's address where nothing listens), the bucket
    check before a run retried for ~2.5 minutes before its error, which then asked whether the
    user was logged in. It gives up after CHECK_SECONDS and says it could not reach the service."""
    from doors import EMULATOR_CREDENTIALS, cable_ingest_command
    from emulators import free_port

    credentials = tmp_path / "credentials.json"
    credentials.write_text(json.dumps(EMULATOR_CREDENTIALS))
    env = dict(os.environ, STORAGE_EMULATOR_HOST=f"http://127.0.0.1:{free_port()}",
               GOOGLE_APPLICATION_CREDENTIALS=str(credentials), NO_GCE_CHECK="True",
               GOOGLE_CLOUD_PROJECT="cable-test")
    # ... and so do the commands that read what a run wrote, which waited for Beam's retries
    # (134-153 s), then printed its traceback and exited 1. (Started together: the checks wait.)
    commands = {
        "run": (["run", "--input", "gs://drops/day/*", "--output", str(tmp_path / "out")],
                "--input 'gs://drops/day/*'"),
        "replay": (["replay", "gs://drops/out/dead_letter/*.avro", "--output", str(tmp_path / "r")],
                   "'gs://drops/out/dead_letter/*.avro'"),
        "show": (["show", "gs://drops/out/cables/*.avro"], "'gs://drops/out/cables/*.avro'"),
        "parse": (["parse", "gs://drops/day/x.txt"], "'gs://drops/day/x.txt'"),
        "report": (["report", "gs://drops/out"], "'gs://drops/out'"),
    }
    started = time.monotonic()
    running = {name: subprocess.Popen(cable_ingest_command() + argv, env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for name, (argv, _) in commands.items()}
    for name, command in running.items():
        _, stderr = command.communicate(timeout=300)
        seconds = time.monotonic() - started
        assert command.returncode == 2, f"{name}: {stderr[-2000:]}"
        assert stderr.strip().splitlines()[-1] == (
            f"cable-ingest: error: {commands[name][1]}: cannot reach Cloud Storage to check bucket "
            "gs://drops (no answer in 20 s: connection refused): no network, or a proxy or "
            "firewall in the way?"), f"{name}: {stderr[-2000:]}"
        assert "Traceback" not in stderr and "logged in" not in stderr, f"{name}: {stderr}"
        assert seconds < 90, (name, seconds)  # ~10-25 s alone; it was ~100-150 s


def test_the_report_of_a_run_that_recovered_one_file_says_1_file(tmp_path):
    """An earlier run killed while it published, one file of it dealt with: `(1 files)`."""
    output = tmp_path / "out"
    done = subprocess.run(CLI + ["run", "--input", os.path.join(SAMPLES, "08MUNICH355.txt"),
                                 "--output", str(output)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads((output / "_SUMMARY.json").read_text(encoding="utf-8"))
    summary["recovered"] = [{"run_id": "20240103T023000Z-abc", "action": "records withdrawn: it "
                             "was killed before its summary", "files": ["cables/x.avro"]}]
    (output / "_SUMMARY.json").write_text(json.dumps(summary), encoding="utf-8")
    done = subprocess.run(CLI + ["report", str(output)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = (output / "_REPORT.html").read_text(encoding="utf-8")
    assert "it was killed before its summary (1 file)</li>" in report


def test_the_lock_of_a_killed_run_is_taken_over_by_the_next_run_on_this_machine(tmp_path):
    """A run killed outright (SIGKILL, an OOM kill: here just before it publishes,
    tests/killpoints) cannot release OUTPUT/_LOCK. The next run was refused for
    --lock_stale_hours (12 h), told to delete the lock "if that run is dead"; on the same
    machine it now sees that no process of the killed run's process group is left, takes the
    lock over and says so. Every input is accounted for by the run that goes on."""
    output = str(tmp_path / "out")
    killed = tmp_path / "killed"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([KILLPOINTS, REPO]),
               CABLE_INGEST_KILL_AT="call:transforms.publish:publish_files",
               CABLE_INGEST_KILLED=str(killed))
    argv = cable_ingest_command() + ["run", "--input", SEED, "--output", output]
    # (in a process group of its own, as a shell's job or a service runs it)
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, env=env,
                          start_new_session=True)
    assert done.returncode == -9 and killed.exists(), done.stderr
    with open(os.path.join(output, "_LOCK"), encoding="utf-8") as stream:
        holder = json.load(stream)
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (f"cable-ingest: took over {output}/_LOCK of run {holder['run_id']}, which has ended "
            "without releasing it") in done.stderr
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as stream:
        summary = json.load(stream)
    assert (summary["inputs"], summary["cables"], summary["dead_letters"]) == (1, 1, 0)
    assert not os.path.exists(os.path.join(output, "_LOCK"))


def test_a_script_that_runs_again_after_its_run_was_killed_takes_the_lock_over(tmp_path):
    """A script without job control (a retry loop, a cron line of two commands) shares its
    process group with the runs it starts and what it starts beside them (`| tee run.log`): the
    run after a killed one (SIGKILL, an OOM kill) found that group alive, the script's own, and
    was refused (exit 75) for --lock_stale_hours. The killed run has ended all the same: its
    launcher is gone and no process of the group started between it and the new run but those
    that started with the new run (its `tee`) and what started it."""
    output = str(tmp_path / "out")
    killed = tmp_path / "killed"
    command = " ".join(shlex.quote(part) for part in cable_ingest_command()
                       + ["run", "--input", SEED, "--output", output])
    # (each run's output kept by `tee`, a process the script starts beside the run, in the
    # same group: the killed run's exited with it, the next run's starts with that run)
    # (the second through a wrapper that starts the run as its child a moment after its `tee`)
    script = (f"set -o pipefail; CABLE_INGEST_KILL_AT=call:transforms.publish:publish_files "
              f"{command} 2>&1 | tee {tmp_path / 'first.log'}; echo killed with $? >&2; "
              f"bash -c {shlex.quote(f'sleep 0.5; {command}; exit $?')} 2>&1 "
              f"| tee {tmp_path / 'second.log'}")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([KILLPOINTS, REPO]),
               CABLE_INGEST_KILLED=str(killed))
    # (the script in a process group of its own, as cron or a service starts it)
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300,
                          env=env, start_new_session=True)
    assert killed.exists() and "killed with 137" in done.stderr, done.stderr[-3000:]
    assert done.returncode == 0, done.stderr[-3000:]
    assert "which has ended without releasing it" in done.stdout, done.stdout[-3000:]
    with open(os.path.join(output, "_SUMMARY.json"), encoding="utf-8") as stream:
        summary = json.load(stream)
    assert (summary["inputs"], summary["cables"], summary["dead_letters"]) == (1, 1, 0)
    assert not os.path.exists(os.path.join(output, "_LOCK"))


def test_a_worker_the_killed_run_left_keeps_its_lock_whatever_started_beside(tmp_path):
    """The lock of a run killed outright whose worker lives on is never taken over, though the
    script's group holds the next run too: the worker started after the killed run's launcher
    and is nothing the script started beside the next run (a review found a worker started
    after the next run's own start taken for one of its `tee`s)."""
    output = tmp_path / "out"
    output.mkdir()
    killed, noted = tmp_path / "killed.py", tmp_path / "noted"
    killed.write_text(textwrap.dedent(f"""
        import os, signal, subprocess, time
        from transforms import output_lock
        output_lock.acquire({str(output)!r}, "20240101T000000Z-killed", local=True)
        time.sleep(0.5)
        worker = subprocess.Popen(["sleep", "60"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)  # its worker, after the next run
        with open({str(noted) + ".partial"!r}, "w") as note:
            note.write(f"{{os.getpid()}} {{worker.pid}}")
        os.replace({str(noted) + ".partial"!r}, {str(noted)!r})
        os.kill(os.getpid(), signal.SIGKILL)
        """))
    following = tmp_path / "following.py"
    following.write_text(textwrap.dedent(f"""
        import os, time
        from transforms import output_lock
        # (until the killed run's worker started and its launcher is gone)
        while not os.path.exists({str(noted)!r}) or output_lock._in_group(
                int(open({str(noted)!r}).read().split()[0]), os.getpgrp()):
            time.sleep(0.1)
        try:
            output_lock.acquire({str(output)!r}, "20240101T000000Z-next", local=True)
            print("taken over")
        except output_lock.OutputLocked as refused:
            print("refused:", refused)
        """))
    python = shlex.quote(sys.executable)
    script = (f"{python} {shlex.quote(str(killed))} & sleep 0.2; "
              f"{python} {shlex.quote(str(following))}")
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=REPO), start_new_session=True)
    try:
        assert done.stdout.startswith("refused:"), (done.stdout, done.stderr[-2000:])
        assert "its process group" in done.stdout and "lives on" in done.stdout
    finally:
        with contextlib.suppress(OSError, ValueError, IndexError):
            os.kill(int(noted.read_text().split()[1]), signal.SIGKILL)


def test_two_runs_of_one_process_take_the_lock_at_once_without_a_crash(tmp_path, monkeypatch):
    """Two runs started at once in one process (threads: a scheduler's, a test's) each take
    the lock through a copy written beside it and linked into place; a take cleans the copies
    its process left, and removed the other's before its link: FileNotFoundError, the thread's
    run crashed (seen in a fresh clone's make test). Here the other take's cleaning comes
    between this one's write and its link."""
    from transforms import output_lock

    link = os.link

    def link_after_another_take_began(source, target):
        # (what the other thread's take does first, in that thread)
        other = threading.Thread(target=output_lock._remove_copies_left, args=(target,))
        other.start()
        other.join()
        link(source, target)

    monkeypatch.setattr(output_lock.os, "link", link_after_another_take_began)
    output = tmp_path / "out"
    assert output_lock.acquire(str(output), "20240101T000000Z-one") is None
    assert json.loads((output / "_LOCK").read_text())["run_id"] == "20240101T000000Z-one"
    assert [path.name for path in output.iterdir()] == ["_LOCK"]  # (no copy left either)


def test_a_lock_naming_a_process_no_system_can_have_is_refused_not_a_crash(tmp_path):
    """A damaged lock whose launcher or group number is out of any system's range (a bit flip,
    a hand edit) crashed the run with an OverflowError traceback: it is refused as a lock this
    machine cannot judge, with the way on."""
    from datetime import datetime, timezone

    from transforms import output_lock

    output = tmp_path / "out"
    output.mkdir()
    started = datetime.now(timezone.utc).isoformat()
    live = subprocess.Popen(["sleep", "120"], start_new_session=True)  # (its group lives on)
    time.sleep(0.5)  # (not started beside the runs below: their sibling, started with them)
    try:
        for odd in ({"pid": 2**63}, {"group": 2**63}):
            lock = {"run_id": "20240101T000000Z-odd", "host": "here", "started_at": started,
                    "local": {**output_lock._this_process_group(), "group": live.pid, **odd}}
            (output / "_LOCK").write_text(json.dumps(lock), encoding="utf-8")
            done = subprocess.run(cable_ingest_command() + ["run", "--input", SEED, "--output",
                                                            str(output)],
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 75, (odd, done.stderr[-2000:])
            assert "Traceback" not in done.stderr, (odd, done.stderr[-2000:])
            assert "is in use by run 20240101T000000Z-odd" in done.stderr, done.stderr[-2000:]
    finally:
        live.kill()
        live.wait()


def test_a_live_run_keeps_its_lock_and_the_refusal_says_how_to_go_on(tmp_path):
    """Two live runs never write one output: a run whose launcher is alive on this machine
    (here a stand-in, `sleep`, in a process group of its own) keeps OUTPUT/_LOCK, whatever the
    lock's age short of --lock_stale_hours; the refusal says the run is still running here and
    how to stop it (which releases the lock), not to delete the lock. Its launcher gone and its
    group alive (a worker it left), the lock is kept and the refusal says what to look for.
    Once the group is gone, the next run goes on."""
    from transforms import output_lock

    from datetime import datetime, timezone

    output = tmp_path / "out"
    output.mkdir()
    started = datetime.now(timezone.utc).isoformat()  # (the stand-in started after the lock)
    live = subprocess.Popen(["sleep", "120"], start_new_session=True)
    argv = cable_ingest_command() + ["run", "--input", SEED, "--output", str(output)]
    try:
        gone = ("(worker processes it left, or whatever started it: "
                f"`pgrep -a -g {live.pid}`): once no worker of that run is "
                f"left, delete {output}/_LOCK (it is taken over after 12 hours; "
                "the next run mends what a run killed while it published left).")
        # (the last: a lock written before locks noted their launcher's start, timed by its
        # started_at)
        for launcher, ends, ticks in [
                (live.pid, f"It is still running here (process {live.pid}): wait for it to "
                 f"finish, or stop it (Ctrl-C in its terminal, or `kill {live.pid}`), which "
                 "releases the lock.", True),
                (2**22 + 1, gone, True), (2**22 + 1, gone, False)]:
            here = output_lock._this_process_group()
            if not ticks:
                del here["start_ticks"]
            lock = {"run_id": "20240101T000000Z-live", "host": "here", "started_at": started,
                    "local": {**here, "pid": launcher, "group": live.pid}}
            (output / "_LOCK").write_text(json.dumps(lock), encoding="utf-8")
            done = subprocess.run(argv, capture_output=True, text=True, timeout=300)
            assert done.returncode == 75, done.stderr  # EX_TEMPFAIL: try again later
            line = done.stderr.strip().splitlines()[-1]
            assert line.startswith(f"cable-ingest: error: {output} is in use by run 20240101T00"
                                   f"0000Z-live (started {started} on here)")
            assert line.endswith(ends), line
            assert os.listdir(output) == ["_LOCK"]
    finally:
        live.kill()
        live.wait()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "took over" in done.stderr and "20240101T000000Z-live" in done.stderr


def test_the_refusal_of_a_lock_held_by_a_job_elsewhere_says_to_delete_it_once_that_job_ended(
        tmp_path):
    """A lock this machine cannot judge (a Dataflow job submitted directly, whose launcher has
    returned; a run on another machine; a lock written before locks named their process
    group) is refused until stale, and the refusal names the run id to look the job up by and
    when deleting the lock is safe."""
    output = tmp_path / "out"
    output.mkdir()
    from datetime import datetime, timezone

    started = datetime.now(timezone.utc).isoformat()
    (output / "_LOCK").write_text(json.dumps({"run_id": "20240101T000000Z-remote",
                                              "host": "launcher", "started_at": started}))
    done = subprocess.run(cable_ingest_command() + ["run", "--input", SEED, "--output",
                                                    str(output), "--lock_stale_hours", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 75, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"cable-ingest: error: {output} is in use by run 20240101T000000Z-remote (started "
        f"{started} on launcher): two runs into one output would overwrite each other's work. "
        "Wait for it to finish; if it has ended without releasing the lock (a Dataflow job that "
        "failed or was cancelled: its option run_id is 20240101T000000Z-remote; a run killed), "
        f"delete {output}/_LOCK (it is taken over after 2 hours; the next run mends what a run "
        "killed while it published left).")
    assert os.listdir(output) == ["_LOCK"]
    # Once stale, it is taken over, and said so (it was taken over without a word).
    (output / "_LOCK").write_text(json.dumps({"run_id": "20240101T000000Z-remote",
                                              "host": "launcher",
                                              "started_at": "2024-01-01T00:00:00+00:00"}))
    done = subprocess.run(cable_ingest_command() + ["run", "--input", SEED, "--output",
                                                    str(output), "--lock_stale_hours", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (f"cable-ingest: took over {output}/_LOCK of run 20240101T000000Z-remote, started "
            "2024-01-01T00:00:00+00:00 on launcher: older than 2 hours (--lock_stale_hours), "
            "taken for a run killed before it published") in done.stderr


def test_show_of_an_avro_file_cut_short_prints_what_it_holds_and_one_line(tmp_path):
    """`cable-ingest show` of an Avro file cut in a block (a copy interrupted, a run killed
    while it wrote): the records before the damage, then one line saying where; it was the
    records and then a traceback of the decompressor. Cut in its header: it was "not an Avro
    file"; it is one, cut short."""
    import fastavro

    schema = {"type": "record", "name": "Row", "fields": [{"name": "n", "type": "int"}]}
    whole = tmp_path / "whole.avro"
    with whole.open("wb") as sink:  # a block of 10 records every ~40 bytes: several blocks
        fastavro.writer(sink, schema, ({"n": n} for n in range(400)), codec="deflate",
                        sync_interval=40)
    data = whole.read_bytes()
    (tmp_path / "cut.avro").write_bytes(data[:-25])
    (tmp_path / "header.avro").write_bytes(data[:30])
    command = cable_ingest_command()
    done = subprocess.run(command + ["show", str(tmp_path / "cut.avro")], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    printed = [json.loads(line)["n"] for line in done.stdout.splitlines()]
    assert 0 < len(printed) < 400 and printed == list(range(len(printed)))
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"cable-ingest: error: {tmp_path / 'cut.avro'} is damaged after its "
                           f"first {len(printed)} records (those are printed): "), line
    done = subprocess.run(command + ["show", str(tmp_path / "header.avro")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and not done.stdout
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"cable-ingest: error: {tmp_path / 'header.avro'} is an Avro file "
                           "cut short or damaged in its header"), line

    # A file grown by hand (a line appended by an editor): every record, then the line, which
    # no longer says only "cut short".
    (tmp_path / "grown.avro").write_bytes(data + b"\n")
    done = subprocess.run(command + ["show", str(tmp_path / "grown.avro")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and len(done.stdout.splitlines()) == 400, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"cable-ingest: error: {tmp_path / 'grown.avro'} is damaged after "
                           "its first 400 records (those are printed): "), line
    assert line.endswith(", or edited by hand?)"), line


@pytest.mark.parametrize("argv, line", [
    # report of no folder, or of a file: "holds no _SUMMARY.json: is it a run's output directory?"
    (["report", "/nonexistent/out"], "no such folder: '/nonexistent/out' (give a run's output "
     "folder, the --output of `cable-ingest run`)"),
    (["report", SEED], f"{SEED!r} is a file: give a run's output folder (the --output of "
     "`cable-ingest run`)"),
    (["report", SAMPLES], f"{SAMPLES!r} holds no _SUMMARY.json: is it a run's output directory?"),
])
def test_the_common_mistakes_of_report_say_what_was_given(argv, line):
    done = subprocess.run(cable_ingest_command() + argv, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"cable-ingest: error: {line}"]


def test_a_quoted_tilde_is_the_home_folder_for_every_command(tmp_path, monkeypatch):
    """`--output '~/out'` (quoted, or after `=`: no shell expands it) made a folder named `~` in
    the current one, and `--input '~/drop/*'` matched no file. A leading `~` of a path is the
    home folder wherever a command takes a path."""
    home, here = tmp_path / "home", tmp_path / "here"
    (home / "drop").mkdir(parents=True)
    here.mkdir()
    for name in ("06ALMATY2404.txt", "broken-not-a-cable.txt"):
        shutil.copy(os.path.join(SAMPLES, name), home / "drop")
    monkeypatch.setenv("HOME", str(home))
    for argv, written in [
            (["run", "--input", "~/drop/*", "--output", "~/out"], "out/_SUMMARY.json"),
            (["run", "--input=~/drop/*", "--output=~/again", "--baseline=~/out"],
             "again/_SUMMARY.json"),
            (["replay", "~/out", "--output", "~/replayed"], "replayed/_SUMMARY.json"),
            (["replay", "~/out/dead_letter/*.avro", "--output", "~/twice"], "twice/_SUMMARY.json"),
            (["report", "~/again", "--baseline", "~/out"], "again/_REPORT.html"),
            (["parse", "~/drop/06ALMATY2404.txt"], None),
            (["show", "~/out/cables", "~/out/dead_letter/*.avro"], None)]:
        done = cable_ingest_in_process(*argv, cwd=here)  # (one Beam import for them all)
        out = done.stdout
        assert done.returncode == 0, (argv, done.stderr)
        assert os.listdir(here) == [], argv
        assert written is None or os.path.isfile(home / written), argv
        if argv[0] in ("parse", "show"):
            assert '"reference_id": "06ALMATY2404"' in out, argv
    done = subprocess.run(cable_ingest_command() + ["parse", "~/drop/*"], cwd=here,
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, HOME=str(home)))  # and through the command itself
    assert done.returncode == 0 and '"reference_id": "06ALMATY2404"' in done.stdout, done.stderr


@pytest.mark.parametrize("content", [b"", b"{\"run_id\": \"2024", b"[]", b"null",
                                     b"{\"run_id\": \"someone\"}",
                                     b"{\"run_id\": \"x\", \"started_at\": \"2026-12-01T00:00:00\"}"])
def test_a_lock_that_names_no_run_is_refused_while_young_and_taken_over_once_stale(tmp_path,
                                                                                    content):
    """A lock left empty or damaged (a run killed, or a disk full, as it wrote it) named no run
    to wait for and no start to age by: every run was refused for ever, told it would be taken
    over after 12 hours. Its file's age now stands for the start: refused while young (it may be
    a run's lock half-written), taken over once stale, and each says so."""
    output = tmp_path / "out"
    output.mkdir()
    lock = output / "_LOCK"
    lock.write_bytes(content)
    argv = ["run", "--input", SEED, "--output", str(output)]
    done = cable_ingest_in_process(*argv)   # (the console script's function, in this process)
    assert done.returncode == 75, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"cable-ingest: error: {output} is locked by {lock}, which names no run (empty or "
        "damaged: a run killed as it took it?); it is taken over once it is 12 hours old (0 "
        f"hours now). If no run is writing into {output}, delete {lock}")
    assert os.listdir(output) == ["_LOCK"]
    two_days_ago = time.time() - 48 * 3600
    os.utime(lock, (two_days_ago, two_days_ago))
    done = cable_ingest_in_process(*argv)
    assert done.returncode == 0, done.stderr
    assert (f"cable-ingest: took over {lock}, which named no run (empty or damaged) and was "
            "48 hours old") in done.stderr
    assert not lock.exists()


def test_a_command_run_in_process_says_on_stderr_what_its_process_says(tmp_path):
    """The in-process door (doors.cable_ingest_in_process) gives the stderr of the process:
    the command's log lines too (pytest's own log capture had taken them: a stray warning or a
    logged traceback went unseen by tests that read stderr), and `--help`'s exit status."""
    (tmp_path / "drop").mkdir()
    shutil.copy(SEED, tmp_path / "drop")
    argv = ["run", "--input", "drop/**", "--output", "drop/out"]
    for _ in range(2):  # the second run finds the first one's files among its inputs
        in_process = cable_ingest_in_process(*argv, cwd=tmp_path)
    process = subprocess.run(cable_ingest_command() + argv, cwd=tmp_path, capture_output=True,
                             text=True, timeout=300)
    warning = "files matched by --input are in the output folder drop/out"
    assert warning in process.stderr and warning in in_process.stderr, in_process.stderr
    assert cable_ingest_in_process("run", "--help").returncode == 0


def _interrupted_at_line(number: int, module_file: str):
    """A trace that raises KeyboardInterrupt at the `number`th line run in `module_file`: a
    Ctrl-C that lands there (Python takes a signal between any two of its steps)."""
    seen = 0

    def trace(frame, event, arg):
        nonlocal seen
        if frame.f_code.co_filename != module_file:
            return None
        if event == "line":
            seen += 1
            if seen == number:
                raise KeyboardInterrupt
        return trace

    return trace


def test_a_run_stopped_as_it_takes_its_lock_leaves_the_lock_whole_or_none(tmp_path):
    """Ctrl-C as a run starts (a run stopped in the moment it took its lock, seen in CI) left
    OUTPUT/_LOCK empty: the lock was created, then written. An empty lock names no run, so every
    run was refused for 12 hours, and the stopped run's output folder stayed. Stopped at any
    line of taking the lock, the lock is now written whole or not at all, and releasing it
    leaves nothing behind."""
    from transforms import output_lock

    for number in itertools.count(1):
        output = tmp_path / f"out{number}"
        tracing = sys.gettrace()    # (a coverage run's or a debugger's, given back after)
        sys.settrace(_interrupted_at_line(number, output_lock.__file__))
        try:
            output_lock.acquire(str(output), "the-run", local=True)
        except KeyboardInterrupt:
            interrupted = True
        else:
            interrupted = False
        finally:
            sys.settrace(tracing)
        lock = output / "_LOCK"
        if lock.exists():
            assert json.loads(lock.read_bytes())["run_id"] == "the-run", number
        output_lock.release(str(output), "the-run")  # as a stopped run does
        assert not output.exists() or os.listdir(output) == [], number
        if not interrupted:
            break
    assert number > 10  # every line of taking it was a stop


def test_a_lock_is_taken_and_released_on_a_disk_without_hard_links_too(tmp_path, monkeypatch):
    """Where os.link is refused (some network and FUSE mounts), the lock is created, then
    written, as before the copy-and-link way: taken, refused to a second run, released."""
    from transforms import output_lock

    def no_links(source, target):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(output_lock.os, "link", no_links)
    output = str(tmp_path / "out")
    assert output_lock.acquire(output, "first", local=True) is None
    assert json.loads((tmp_path / "out" / "_LOCK").read_bytes())["run_id"] == "first"
    with pytest.raises(output_lock.OutputLocked, match="in use by run first"):
        output_lock.acquire(output, "second", local=True)
    output_lock.release(output, "first")
    assert os.listdir(output) == []


def test_a_copy_of_the_lock_left_by_a_run_killed_as_it_took_it_is_removed(tmp_path):
    """A run killed outright (SIGKILL) between writing the lock's copy and removing it left
    `_LOCK.PID.X.taking` for ever: the next run that takes or releases the lock removes one
    older than a minute (a copy lives for microseconds), not a younger one of another run."""
    from transforms import output_lock

    output = tmp_path / "out"
    output.mkdir()
    old, young = output / "_LOCK.1.aaaa.taking", output / "_LOCK.2.bbbb.taking"
    for copy in (old, young):
        copy.write_bytes(b'{"run_id": "killed"}')
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    output_lock.acquire(str(output), "next", local=True)
    assert sorted(os.listdir(output)) == ["_LOCK", young.name]
    output_lock.release(str(output), "next")
    assert os.listdir(output) == [young.name]


def _deep_drop(root) -> list[str]:
    """A drop with files at its top and in subfolders: deep/top.txt, deep/a/one.txt,
    deep/a/b/two.txt (three cables) and deep/a/broken.txt (a dead letter)."""
    (root / "deep" / "a" / "b").mkdir(parents=True)
    names = {"top.txt": "06ALMATY2404.txt", "a/one.txt": "08MUNICH355.txt",
             "a/b/two.txt": "09BRUSSELS536.txt", "a/broken.txt": "broken-not-a-cable.txt"}
    for name, sample in names.items():
        shutil.copy(os.path.join(SAMPLES, sample), root / "deep" / name)
    return sorted(f"deep/{name}" for name in names)


def test_a_quoted_glob_matches_the_same_files_in_every_command(tmp_path):
    """`parse 'deep/**'` read deep/top.txt alone and `show 'out/**'` said "no files match",
    where `run` and `replay` went into the subfolders: parse and show expanded globs by
    Python's glob, the others by Beam's matching. Now every command matches as `run` does, and
    `X/**/Y` matches X/Y too, as a shell's globstar does (`run --input 'deep/**/*.txt'` missed
    deep/top.txt; the README's `'cablegate/**/*.html'` the pages in cablegate/), each file
    once however many globs match it."""
    every = _deep_drop(tmp_path)

    def command(*argv: str) -> subprocess.CompletedProcess:
        """The command's own function, in this process (the console script calls it): one
        Python and one Beam import for the dozen commands."""
        done = cable_ingest_in_process(*argv, cwd=tmp_path)
        assert done.returncode == 0, (argv, done.stderr[-2000:])
        return done

    def uris(done) -> list[str]:
        return sorted(json.loads(line)["source"]["uri"] for line in done.stdout.splitlines())

    for pattern in ("deep/**", "deep/**/*.txt", "deep/**/**/*.txt", "**/*.txt"):
        assert uris(command("parse", pattern)) == every, pattern
    assert uris(command("parse", "deep/**/top.txt")) == ["deep/top.txt"]
    assert uris(command("parse", "deep/**/*.txt", "deep/top.txt", "deep/*")) == every
    command("run", "--input", "deep/**/*.txt", "--input", "deep/*.txt", "--input",
            "deep/top.txt", "--output", "out")
    summary = json.loads((tmp_path / "out" / "_SUMMARY.json").read_text())
    assert (summary["inputs"], summary["cables"], summary["dead_letters"]) == (4, 3, 1)
    cables = sorted(json.loads(line)["reference_id"]
                    for line in command("show", "out/cables/**/*.avro").stdout.splitlines())
    assert cables == ["06ALMATY2404", "08MUNICH355", "09BRUSSELS536"]
    records = command("show", "out/*/**").stdout.splitlines()  # in the output's subfolders
    assert len(records) == 4 == len(command("show", "out/**/*.avro").stdout.splitlines())
    command("replay", "out/dead_letter/**/*.avro", "--output", "replayed")
    replayed = json.loads((tmp_path / "replayed" / "_SUMMARY.json").read_text())
    assert (replayed["inputs"], replayed["dead_letters"]) == (1, 1)


def _many_files(folder, count: int = 300) -> str:
    """`count` copies of a cable: a run of a few seconds, long enough to be stopped."""
    folder.mkdir(parents=True)
    with open(SEED, "rb") as stream:
        cable = stream.read()
    for number in range(count):
        (folder / f"{number:04d}.txt").write_bytes(cable)
    return str(folder / "*")


def _signals_caught(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as stream:
        return int(next(line for line in stream if line.startswith("SigCgt:")).split()[1], 16)


@pytest.mark.parametrize("signal_number, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_run_stopped_once_it_took_its_output_leaves_no_folder_it_made(tmp_path, signal_number,
                                                                       status):
    """A stopped run said "a run stopped before it publishes leaves its output as it was", yet
    left behind the --output folder (and those above it) that it had made for its lock, empty.
    A folder that was there stays, empty as it was."""
    inputs = _many_files(tmp_path / "drop")
    for output, made in ((tmp_path / "new" / "out", tmp_path / "new"),
                         (tmp_path / "there", None)):
        if made is None:
            output.mkdir()
        process = subprocess.Popen(cable_ingest_command() + ["run", "--input", inputs,
                                                             "--output", str(output)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while not (output / "_LOCK").exists() and time.monotonic() < deadline:
            time.sleep(0.005)  # until the run took its output's lock
        process.send_signal(signal_number)
        out, err = process.communicate(timeout=120)
        assert process.returncode == status, err[-2000:]
        assert "a run stopped before it publishes leaves its output as it was" in err
        if made is None:
            assert os.listdir(output) == []
        else:
            assert not made.exists(), list(made.rglob("*"))


def test_sigterm_before_the_run_begins_stops_it_in_one_line_too(tmp_path):
    """SIGTERM in a run's first second (`timeout 1 cable-ingest run ...`) ended it without a
    word, exit 143, where Ctrl-C printed its line: SIGTERM was taken over only around the run
    itself, after Beam's import and the checks. It is taken before Beam is loaded now."""
    inputs = _many_files(tmp_path / "drop")
    process = subprocess.Popen(cable_ingest_command() + ["run", "--input", inputs,
                                                         "--output", str(tmp_path / "out")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not _signals_caught(process.pid) & 1 << (signal.SIGTERM - 1):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.001)
    process.send_signal(signal.SIGSTOP)  # held while it is looked at
    with open(f"/proc/{process.pid}/maps", encoding="utf-8", errors="replace") as stream:
        beam_loaded = "apache_beam" in stream.read()
    process.send_signal(signal.SIGTERM)
    process.send_signal(signal.SIGCONT)
    out, err = process.communicate(timeout=120)
    assert not beam_loaded, "SIGTERM was taken over only once Beam was loaded"
    assert process.returncode == 143
    assert err.splitlines()[-1] == ("cable-ingest: stopped (SIGTERM): a run stopped before it "
                                    "publishes leaves its output as it was"), err[-2000:]
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_replay_lists_the_run_options_it_applies_and_refuses_those_it_cannot(tmp_path):
    """`replay --help` listed --output, --format, --incremental and --workers, yet replay took
    and applied --codec, --num_shards, --run_id...; `replay ... --streaming` answered
    "--streaming needs --input_subscription". Its help lists the run's options it applies,
    from run's declaration (pipeline.arguments); those that make no sense for a replay are a
    usage error in one line. `--incremental=true` is taken as `run` takes it."""
    from pipeline.arguments import NOT_FOR_REPLAY

    def command(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(cable_ingest_command() + list(argv), cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)

    replay_help, run_help = command("replay", "--help").stdout, command("run", "--help").stdout
    for flag in ("--codec", "--num_shards", "--max_line_chars", "--max_dead_letter_ratio",
                 "--baseline", "--max_fill_rate_drop", "--incremental [true|false]", "--run_id",
                 "--lock_stale_hours", "--output", "--format", "--workers"):
        assert flag in replay_help and flag in run_help, flag
    assert "--streaming" in run_help.split("options:")[-1]  # an option of its own, not prose only
    for flag in ("--streaming", "--input ", *NOT_FOR_REPLAY):
        assert flag not in replay_help, flag
    for flag in ("--streaming", *NOT_FOR_REPLAY):
        for argv in ([flag], [f"{flag}=5"], [flag, "5"]):
            done = command("replay", SEED, "--output", "x", *argv)
            assert done.returncode == 2, (argv, done.stderr)
            assert done.stderr.splitlines() == [
                f"cable-ingest: error: replay takes no {flag}: a replay reads the dead letters' "
                "own payloads in one batch run (no raw file read whole or in ranges, no "
                "Pub/Sub, no window); see cable-ingest replay --help"], done.stderr
    assert not (tmp_path / "x").exists()
    shutil.copy(os.path.join(DATA, "invalid", "random-text.txt"), tmp_path / "broken.txt")
    assert command("run", "--input", "broken.txt", "--output", "first").returncode == 0
    done = command("replay", "first", "--output", "again", "--incremental=true",
                   "--codec", "deflate", "--run_id", "again-1", "--num_shards", "1")
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads((tmp_path / "again" / "_SUMMARY.json").read_text())
    assert summary["run_id"] == "again-1" and summary["dead_letters"] == 1
    (dead,) = (tmp_path / "again" / "dead_letter").glob("run-again-1-*.avro")  # incremental
    with open(dead, "rb") as stream:
        assert fastavro.reader(stream).codec == "deflate"
    done = command("replay", "first", "--output", "twice", "--incremental=false")
    assert done.returncode == 0 and not (tmp_path / "twice" / "_ledger").exists(), done.stderr


@pytest.mark.parametrize("argv, line", [
    (["run", "--input", SEED, "--output", "x", "--codec", "foo"],
     "cable-ingest: error: argument --codec: invalid choice: 'foo' (choose from 'null', "
     "'deflate', 'snappy', 'zstandard') (see cable-ingest run --help)"),
    (["replay", SEED, "--output", "x", "--num_shards", "many"],
     "cable-ingest: error: argument --num_shards: invalid int value: 'many' (see cable-ingest "
     "replay --help)"),
    (["parse"], "cable-ingest: error: the following arguments are required: FILE (see "
     "cable-ingest parse --help)"),
])
def test_an_argument_argparse_refuses_is_one_line_as_the_commands_own_checks(argv, line):
    """`--codec foo` printed run's 20-line usage above "cable-ingest run: error: ...", where
    the command's own checks say "cable-ingest: error: ..." in one line."""
    done = subprocess.run(cable_ingest_command() + argv, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and done.stderr.splitlines() == [line], done.stderr


def test_ctrl_c_in_parse_says_it_stopped_and_no_word_of_a_run():
    """`parse -` waiting on its standard input, stopped by Ctrl-C: one line, without the run's
    "a run stopped before it publishes leaves its output as it was", which `parse` has none of."""
    waiting = subprocess.Popen(CLI + ["parse", "-"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until it waits in read(2) on its standard input
            with open(f"/proc/{waiting.pid}/syscall", encoding="ascii") as stream:
                if stream.read().split()[0] == "0":
                    break
            time.sleep(0.05)
        waiting.send_signal(signal.SIGINT)
        _, stderr = waiting.communicate(timeout=60)
    finally:
        waiting.kill()
    assert waiting.returncode == 130, stderr
    assert stderr.strip() == "cable-ingest: interrupted (Ctrl-C)", stderr


def test_parse_makes_an_unexpected_error_the_pipeline_s_internal_error(capsys, monkeypatch):
    """`parse` goes through the pipeline's own door (`transforms.ingest`): a bug in a check is
    the input's VALIDATE internal_error there too, the record as parsed shown, not a crash of
    the command with a traceback."""
    from transforms import ingest

    def broken_checks(record, evidence):
        raise KeyError("a bug in a check")

    monkeypatch.setattr(ingest, "check_and_encode", broken_checks)
    assert main(["parse", SEED]) == 0
    (result,) = lines_of(capsys)
    assert result["valid"] is False and result["reference_id"] == "06ALMATY2404"
    (error,) = result["errors"]
    assert (error["stage"], error["error_type"]) == ("VALIDATE", "internal_error")
    assert error["message"] == "unexpected KeyError: 'a bug in a check'"
    outcome = ingest.ingest(next(iter(_inputs_of(SEED))))
    assert (outcome.record["stage"], outcome.record["error_type"]) == ("VALIDATE", "internal_error")


def _inputs_of(path):
    from transforms.expand import InputExpander, ReadTask

    return InputExpander().expand_task(ReadTask(path, os.path.getsize(path)))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_full_run_stopped_once_its_summary_is_written_says_it_published(tmp_path, workers):
    """A full run's commit is its summary's write: SIGTERM from then on (here as it removes its
    staging folder) exited 143 with "a run stopped before it publishes leaves its output as it
    was", its output replaced. In the command's own process the publish's last second is let
    finish; with worker processes (killed by the stop) the command says what it published."""
    output = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([KILLPOINTS, REPO]),
               CABLE_INGEST_KILL_AT="term:transforms.publish:_remove_staging",
               CABLE_INGEST_KILLED=str(tmp_path / "killed"))
    done = subprocess.run(cable_ingest_command() + [
        "run", "--input", os.path.join(SAMPLES, "0*.txt"), "--output", str(output),
        "--run_id", "R1", "--workers", str(workers)], env=env, capture_output=True, text=True,
        timeout=300)
    assert (tmp_path / "killed").exists()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "before it publishes" not in done.stderr
    assert json.loads((output / "_SUMMARY.json").read_text())["status"] == "ok"
    assert not glob.glob(str(output / ".staging-*"))
    if workers == 1:
        assert "stopped (SIGTERM) as the run finished publishing: it finished first" in done.stderr
        assert (output / "_REPORT.html").exists()
    else:
        assert (f"stopped (SIGTERM) after the run published: its records and summary are in "
                f"place (status ok); left undone: its report (`cable-ingest report {output}` "
                "writes it)") in done.stderr


@pytest.mark.parametrize("name", ["_SUMMARY.json", "_REPORT.html"])
def test_a_run_killed_as_it_writes_its_summary_or_report_leaves_the_one_before(tmp_path, name):
    """The summary and the report were written in place on a local disk: a run killed (-9)
    between their open and their write left a 0-byte _SUMMARY.json, and `cable-ingest report
    OUTPUT` then exited 2 "not valid JSON" (an empty page for _REPORT.html). Written beside and
    moved into place, the file is the one before, whole, and nothing else is left visible."""
    output = tmp_path / "out"
    inputs = os.path.join(SAMPLES, "0*.txt")
    first = subprocess.run(cable_ingest_command() + ["run", "--input", inputs, "--output",
                                                     str(output), "--run_id", "R1"],
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr[-2000:]
    before = (output / name).read_bytes()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([KILLPOINTS, REPO]),
               CABLE_INGEST_KILL_AT=f"write:{name}", CABLE_INGEST_KILLED=str(tmp_path / "killed"))
    killed = subprocess.run(cable_ingest_command() + ["run", "--input", inputs, "--output",
                                                      str(output), "--run_id", "R2"],
                            env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9 and (tmp_path / "killed").exists(), killed.stderr[-2000:]
    assert (output / name).read_bytes() == before
    assert sorted(path.name for path in output.iterdir() if not path.name.startswith(".")) == [
        "_LOCK", "_REPORT.html", "_SUMMARY.json", "cables", "dead_letter"]  # (killed: its lock)
    report = subprocess.run(cable_ingest_command() + ["report", str(output)],
                            capture_output=True, text=True, timeout=300)
    assert report.returncode == 0, report.stderr
    # The killed writer's hidden file is removed by a later write of the same file once it is
    # an hour old (a younger one may be another process's, still writing).
    [left] = output.glob(f".{name}.*.partial")
    os.utime(left, (time.time() - 7200,) * 2)
    young = output / f".{name}.0000beef.partial"
    young.write_bytes(b"")
    (output / "_LOCK").unlink()  # (the killed run's, its process group this test's: see its message)
    again = subprocess.run(cable_ingest_command() + ["run", "--input", inputs, "--output",
                                                     str(output), "--run_id", "R3"],
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert sorted(output.glob(f".{name}.*.partial")) == [young]


def test_the_readme_quickstart_table_is_what_make_run_prints(tmp_path):
    """The README's quickstart shows the table `make run` prints: it lacked the ratio lines a
    run prints since the failure ratio. Its lines, but the run's own id and timings, as the
    command prints them over samples/."""
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as stream:
        readme = stream.read()
    quickstart = readme[readme.index("## Quickstart"):readme.index("## The command line")]
    shown = re.search(r"```\n(run id .*?)```", quickstart, re.S)[1].splitlines()
    done = subprocess.run([*cable_ingest_command(), "run", "--input", "samples/*", "--output",
                           str(tmp_path / "out")], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    printed = done.stdout.replace(str(tmp_path / "out"), "out").splitlines() + [
        line for line in done.stderr.splitlines() if line.endswith(("_SUMMARY.json", "_REPORT.html"))]

    def steady(lines):  # (the run id, its seconds and rate vary from run to run)
        return [re.sub(r"^(run id|seconds|inputs per second)\s.*", r"\1", line) for line in lines]

    assert steady(shown) == steady(printed)
