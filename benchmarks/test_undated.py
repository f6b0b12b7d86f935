"""Tests of the undated-extract benchmark's cut: `.venv/bin/pytest benchmarks` (not part of
`make test`)."""
from pathlib import Path

from benchmarks import undated
from transforms.cable_parser import parse_cable
from transforms.cable_parser._dates import DTG

SEED = Path(__file__).resolve().parent.parent / "samples" / "06ALMATY2404.txt"


def test_a_full_cable_loses_its_routing_header_and_opens_as_an_extract():
    extract = undated.as_extract(SEED.read_text(encoding="utf-8"))
    assert extract.startswith(undated.NOTICE + "\n\n")
    assert not DTG.search(extract)
    assert "VZCZC" not in extract and "FM AMEMBASSY" not in extract
    assert extract.split("\n")[2] == "UNCLAS SECTION 01 OF 02 ALMATY 002404"   # the body's first line
    fields = parse_cable(extract).fields
    assert fields["date_time_group"] is None
    assert "created_estimated" in fields["warnings"] or fields["created"] is None


def test_an_extract_loses_its_lone_dtg_line_and_keeps_one_notice():
    text = (f"{undated.NOTICE}\n\n141216Z Jul 05\n\n"
            "C O N F I D E N T I A L SECTION 01 OF 03 MADRID 002653\n\n"
            "E.O. 12958: DECL: 07/13/2015\nTAGS: PREL SP\nSUBJECT: A MEETING\n")
    extract = undated.as_extract(text)
    assert extract.count(undated.NOTICE) == 1
    assert "141216Z" not in extract
    assert "MADRID 002653" in extract and "DECL: 07/13/2015" in extract


def test_a_dtg_inside_a_sentence_or_a_ref_line_stays():
    text = ("R 171512Z JAN 90\nFM AMCONSUL CAPE TOWN\nTO SECSTATE WASHDC 5365\n\n"
            "C O N F I D E N T I A L CAPE TOWN 00097\n\nE.O. 12356: DECL: OADR\nTAGS: PGOV SF\n"
            "SUBJ: A TALK\n\nREF: A. USDAO NAIROBI IIR 6 854 0108 08 291553Z JAN 08\n\n"
            "1. FOLLOWING STATE 127892 DATED 150910Z DEC 09 SENT ACTION RIGA.\n"
            "  O 020304Z FEB 90\n")
    extract = undated.as_extract(text)
    assert "171512Z" not in extract and "020304Z" not in extract
    assert "291553Z JAN 08" in extract and "DATED 150910Z DEC 09" in extract


def test_the_report_counts_years_days_ids_and_errors():
    found = {
        "a": {"truth": "2005-05-09", "created": "2005-05-09", "reference_id": "05PARIS1",
              "true_id": "05PARIS1", "dated": False, "estimated": True, "decl": "2015-05-09"},
        "b": {"truth": "2005-05-09", "created": "2004-05-08", "reference_id": "04PARIS2",
              "true_id": "05PARIS2", "dated": False, "estimated": True, "decl": "2014-05-08"},
        "c": {"truth": "2005-05-09", "created": None, "reference_id": None,
              "true_id": "05PARIS3", "dated": False, "estimated": False, "decl": None},
    }
    lines = undated.report(found)
    assert "2 estimated, 1 without an estimate" in lines[0]
    assert lines[1].split()[-3:] == ["1", "/", "2"]          # right year
    assert lines[2].split()[-3:] == ["1", "/", "2"]          # right day
    assert lines[3].split()[-3:] == ["1", "/", "3"]          # right reference_id
    assert any(line.split()[-1] == "1" and "a year or more early" in line for line in lines)
    assert undated.misses(found, 5) == [
        "  05PARIS2: 2005-05-09 estimated 2004-05-08 (-366 days; DECL 2014-05-08; id 04PARIS2)"]
    moved = undated.moves(found, {**found, "b": {**found["b"], "created": "2005-05-08"}})
    assert moved[-1] == "1 estimates moved: 1 closer, 0 farther"
