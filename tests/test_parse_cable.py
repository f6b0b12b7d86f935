"""parse_cable: both halves combined, metadata derived from text, cross-checked with the source's."""
import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from transforms.cable_parser import CableParseError, _parse, parse_cable

DATA = Path(__file__).parent / "data" / "parser_header"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
SCHEMA = Path(__file__).parent.parent / "schemas" / "cable.avsc"
NOT_FROM_PARSER = {"source", "ingested_at", "pipeline_version"}

HEADER = """VZCZCXRO1470
PP RUEHDBU
DE RUEHTA #2404/01 1880653
ZNR UUUUU ZZH
P 070653Z JUL 06
FM AMEMBASSY ALMATY
TO RUEHC/SECSTATE WASHDC PRIORITY 6080"""


def cable_text(name: str) -> str:
    return (DATA / f"{name}.txt").read_text(encoding="utf-8")


def utc(*parts):
    return datetime(*parts, tzinfo=timezone.utc)


def fake_body(**overrides):
    """A stand-in for the body half, so these tests check the combination logic only."""
    body = {"classification": "UNCLASSIFIED", "handling": ["SIPDIS"], "sections": None,
            "executive_order": None, "declassify_on": None, "classified_by": [],
            "classification_reasons": [], "tags": ["PREL"], "subject": "A SUBJECT",
            "references": [], "summary": None, "comment": None, "paragraphs": [],
            "signed_by": [], "body": "TEXT", "partial": False, "redactions": 0,
            "station_serial": ("ALMATY", 2404), "warnings": []}
    body.update(overrides)
    return lambda text, *, year, clean=None: dict(body)


@pytest.fixture
def body_says(monkeypatch):
    def install(**overrides):
        monkeypatch.setattr(_parse, "parse_body", fake_body(**overrides))
    return install


# --- real cables: metadata derived from the text alone -------------------------------------------

# Partial extracts without a DTG: their date can only be estimated (see test_created).
UNDATED = {"04MADRID4687", "05RIODEJANEIRO1238"}


@pytest.mark.parametrize("name, field", [
    (name, field) for name in sorted(EXPECTED) for field in ("reference_id", "created", "origin")
    if name not in UNDATED or field == "origin"])  # the undated ones: see test_created
def test_real_cable_metadata_from_text_alone(name, field):
    got = parse_cable(cable_text(name)).fields[field]
    if field == "created":
        got = got.date().isoformat()
    assert got == EXPECTED[name][field]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_text_fields_are_plain_strings(name):
    """The record holds plain data: no str subclass of the parser's own (which would carry its
    working state, such as a list of the text's lines, along with the record)."""
    fields = parse_cable(cable_text(name)).fields
    for field in ("body", "subject", "summary", "comment"):
        assert fields[field] is None or type(fields[field]) is str, field


def test_real_partial_extract_is_dated_from_its_decl_date():
    fields = parse_cable(cable_text("04MADRID4687")).fields  # DECL: 12/09/2014, sent 2004-12-13
    assert fields["created"] == utc(2004, 12, 9)
    assert fields["reference_id"] == "04MADRID4687"
    assert "created_estimated" in fields["warnings"]



HEADER_FIELDS = ("reference_id", "created", "date_time_group", "precedence", "sender",
                 "recipients", "info_recipients", "transmission_id", "routing", "origin")


@pytest.mark.parametrize("name", sorted(name for name in EXPECTED if name not in UNDATED))
def test_a_lower_cased_scrape_reads_its_header_in_capitals(name):
    """A scrape that lower-cased the whole cable: the telegram header is read as the format
    writes it, in capitals (the same fields as the cable as written), and the paragraphs are
    numbered and marked as written (`(s//nf)`); the body stays as written."""
    text = cable_text(name)
    written, lowered = parse_cable(text).fields, parse_cable(text.lower()).fields
    assert {field: lowered[field] for field in HEADER_FIELDS} == {
        field: written[field] for field in HEADER_FIELDS}
    assert [(p["number"], p["classification"]) for p in lowered["paragraphs"]] == [
        (p["number"], p["classification"]) for p in written["paragraphs"]]


def test_a_lower_cased_scrape_loses_its_page_headers():
    """`almaty 00002404 002 of 002` on a line of its own, and an old printout's page break, are
    cut from a lower-cased body as their capitals are from a cable as written."""
    for name in ("06ALMATY2404", "90CAPETOWN97"):
        body = parse_cable(cable_text(name).lower()).fields["body"]
        assert " of 00" not in body and "page 02" not in body
        assert body.startswith(("unclas", "confidential", "c o n f"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_cable_classification_from_text_alone(name):
    assert parse_cable(cable_text(name)).fields["classification"] == EXPECTED[name]["classification"]


def test_seed_gives_the_worked_example_of_the_spec():
    fields = parse_cable(cable_text("06ALMATY2404")).fields
    routing = fields["routing"]
    assert fields["reference_id"] == "06ALMATY2404"
    assert fields["created"] == utc(2006, 7, 7, 6, 53)
    assert fields["date_time_group"] == "070653Z JUL 06"
    assert fields["precedence"] == "PRIORITY"
    assert fields["origin"] == "Embassy Almaty"
    assert fields["sender"] == "AMEMBASSY ALMATY"
    assert fields["transmission_id"] == "VZCZCXRO1470"
    assert (routing["station"], routing["sequence"], routing["part"], routing["julian_time"]) == (
        "RUEHTA", "2404", 1, "1880653")
    assert routing["indicators"] == ["RUEHDBU", "RUEHLN", "RUEHVK", "RUEHYG"]
    assert [(r["route"], r["name"], r["precedence"], r["mcn"]) for r in fields["recipients"]] == [
        ("RUEHC", "SECSTATE WASHDC", "PRIORITY", "6080")]
    assert [(r["route"], r["name"], r["precedence"], r["mcn"]) for r in fields["info_recipients"]] == [
        ("RUCNCIS", "CIS COLLECTIVE", "PRIORITY", None),
        ("RUEHNO", "USMISSION USNATO", "PRIORITY", "2132"),
        ("RUEHVEN", "USMISSION USOSCE", "PRIORITY", "1609")]
    assert fields["released"] is None
    assert fields["partial"] is False
    assert "routing: DE station RUEHTA is 'AMEMBASSY ASTANA' in the routing list, " \
           "FM says 'AMEMBASSY ALMATY'" in fields["warnings"]


def test_seed_evidence():
    evidence = parse_cable(cable_text("06ALMATY2404")).evidence
    assert evidence["station_serial"] == ("ALMATY", 2404)
    assert evidence["body_station_serial"] == ("ALMATY", 2404)
    assert evidence["dtg_year"] == 2006
    assert evidence["derived"]["reference_id"] == "06ALMATY2404"
    assert evidence["metadata"] == {}


def test_body_from_another_cable_does_not_rename_the_cable():
    """09CHISINAU694's page carries an Ulaanbaatar body: the header names the cable."""
    fields, evidence = parse_cable(cable_text("09CHISINAU694"))
    assert fields["reference_id"] == "09CHISINAU694"
    assert evidence["station_serial"] == ("CHISINAU", 694)
    assert evidence["body_station_serial"] == ("ULAANBAATAR", 234)
    assert any(w.startswith("reference_id: the body's serial line says ULAANBAATAR")
               for w in fields["warnings"])


# --- the record's shape --------------------------------------------------------------------------

def test_fields_hold_every_record_field_with_its_default(body_says):
    body_says(handling=None, tags=None, partial=None, redactions=None)
    fields = parse_cable(HEADER + "\n\nUNCLAS ALMATY 002404").fields
    schema_fields = {f["name"] for f in json.loads(SCHEMA.read_text())["fields"]}
    assert set(fields) == schema_fields - NOT_FROM_PARSER
    assert (fields["handling"], fields["tags"], fields["partial"], fields["redactions"]) == ([], [], False, 0)


def test_default_lists_are_not_shared_between_records(body_says):
    body_says(handling=None)
    first = parse_cable(HEADER + "\n\nUNCLAS ALMATY 002404").fields
    first["handling"].append("NOFORN")
    assert parse_cable(HEADER + "\n\nUNCLAS ALMATY 002404").fields["handling"] == []


def test_reference_id_falls_back_to_the_de_sequence_and_the_fm_station(body_says):
    body_says(station_serial=None)
    fields, evidence = parse_cable(HEADER + "\n\nSOME BODY")
    assert fields["reference_id"] == "06ALMATY2404"
    assert (evidence["station_serial"], evidence["body_station_serial"]) == (("ALMATY", 2404), None)


def test_origin_without_fm_line_comes_from_the_body_station(body_says):
    body_says(station_serial=("RIODEJANEIRO", 1238), declassify_on=date(2015, 12, 8))
    fields = parse_cable("UNCLAS RIO DE JANEIRO 001238\n\nTAGS: PREL").fields
    assert fields["origin"] == "Consulate Rio De Janeiro"
    assert fields["reference_id"] == "05RIODEJANEIRO1238"


# --- created: DTG, else metadata, else an estimate from DECL -------------------------------------

@pytest.mark.parametrize("text, declassify_on, metadata, created, estimated", [
    pytest.param(HEADER + "\n\nBODY", date(2016, 7, 7), {}, utc(2006, 7, 7, 6, 53), False, id="DTG"),
    pytest.param("BODY", date(2014, 12, 9), {}, utc(2004, 12, 9), True, id="DECL estimate"),
    pytest.param("BODY", date(2014, 12, 9), {"created": "2004-12-13 15:03"}, utc(2004, 12, 13, 15, 3),
                 False, id="metadata date wins over the estimate"),
    pytest.param("BODY", None, {}, None, False, id="nothing to date it from"),
])
def test_created(body_says, text, declassify_on, metadata, created, estimated):
    body_says(declassify_on=declassify_on)
    fields = parse_cable(text, metadata).fields
    assert fields["created"] == created
    assert ("created_estimated" in fields["warnings"]) == estimated


# --- cross-check with the source's metadata -----------------------------------------------------

@pytest.mark.parametrize("metadata, field, kept, warning", [
    pytest.param({"origin": "Embassy Astana"}, "origin", "Embassy Astana",
                 "origin: text says 'Embassy Almaty', source metadata says 'Embassy Astana'", id="origin"),
    pytest.param({"origin": "EMBASSY ALMATY"}, "origin", "EMBASSY ALMATY", None, id="origin case only"),
    pytest.param({"reference_id": "06ALMATY2405"}, "reference_id", "06ALMATY2405",
                 "reference_id: text says '06ALMATY2404', source metadata says '06ALMATY2405'", id="id"),
    pytest.param({"classification": "SECRET"}, "classification", "SECRET",
                 "classification: text says 'UNCLASSIFIED', source metadata says 'SECRET'", id="class"),
    pytest.param({"created": "2006-07-07 17:05"}, "created", utc(2006, 7, 7, 6, 53), None,
                 id="created: same day, other time: the DTG stays"),
    pytest.param({"created": datetime(2006, 7, 8, 9, 9)}, "created", utc(2006, 7, 8, 9, 9),
                 "created: text says '2006-07-07', source metadata says '2006-07-08'", id="created: other day"),
    pytest.param({"origin": None, "created": ""}, "origin", "Embassy Almaty", None, id="empty values ignored"),
])
def test_metadata_wins_and_disagreement_is_a_warning(body_says, metadata, field, kept, warning):
    body_says()
    parsed = parse_cable(HEADER + "\n\nBODY", metadata)
    assert parsed.fields[field] == kept
    cross_warnings = [w for w in parsed.fields["warnings"] if w.startswith(f"{field}: ")]
    assert cross_warnings == ([warning] if warning else [])
    assert parsed.evidence["derived"]["origin"] == "Embassy Almaty"


def test_released_comes_only_from_metadata(body_says):
    body_says()
    assert parse_cable(HEADER + "\n\nBODY").fields["released"] is None
    assert parse_cable(HEADER + "\n\nBODY", {"released": "2010-11-30 16:04"}).fields["released"] == \
        utc(2010, 11, 30, 16, 4)


# --- errors: only CableParseError, only for what is not a cable --------------------------------

@pytest.mark.parametrize("text, code", [
    ("", "empty_input"),
    ("   \n\r\n  ", "empty_input"),
    (None, "empty_input"),
    # A scrape of an empty page: markup, entities and white space, no text.
    ("<br>\n  <br>\n", "empty_input"),
    ("<p> </p>\n&nbsp;\n<pre>\n</pre>", "empty_input"),
    ("<br>x<br>", "not_a_cable"),                 # one letter is text
    ("[notes](http://example.org)\n", "not_a_cable"),     # a link's label is text
])
def test_empty_input(text, code):
    with pytest.raises(CableParseError) as error:
        parse_cable(text)
    assert error.value.code == code


def test_random_text_is_not_a_cable(body_says):
    body_says(classification=None, station_serial=None, tags=[], subject=None)
    with pytest.raises(CableParseError) as error:
        parse_cable("Dear diary,\nnothing happened today.\n")
    assert error.value.code == "not_a_cable"


def test_random_text_through_both_real_halves_is_not_a_cable():
    with pytest.raises(CableParseError) as error:
        parse_cable("Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit.\n" * 20)
    assert error.value.code == "not_a_cable"


def test_a_failure_inside_a_half_surfaces_as_cable_parse_error(monkeypatch):
    def broken(text, *, year, clean=None):
        raise IndexError("boom")
    monkeypatch.setattr(_parse, "parse_body", broken)
    with pytest.raises(CableParseError) as error:
        parse_cable(HEADER + "\n\nBODY")
    assert error.value.code == "parser_error"


@pytest.mark.parametrize("text, field, value", [
    pytest.param(HEADER, "reference_id", "06ALMATY2404", id="header only: DE sequence + FM station"),
    pytest.param(HEADER + "\n\n", "origin", "Embassy Almaty", id="header and blank line"),
    pytest.param("UNCLAS ALMATY 002404", "origin", "Embassy Almaty", id="classification line only"),
    pytest.param("UNCLAS ALMATY 002404", "reference_id", None, id="no year: no reference id"),
])
def test_fragments_of_a_cable_parse_leniently(text, field, value):
    assert parse_cable(text).fields[field] == value
