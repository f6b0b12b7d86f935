"""The parser's header half: split_header, parse_header, DTG dates and the metadata naming rules."""
import re
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import no_collection

from transforms.cable_parser import _header

from transforms.cable_parser._dates import (LAST_CABLE_YEAR, earliest_drafting, estimate_created,
                                            full_year, latest_drafting, parse_dtg)
from transforms.cable_parser._header import parse_addressee, parse_header, split_header
from transforms.cable_parser._metadata import (post_of_sender, post_of_station, reference_id,
                                               routing_warning)

DATA = Path(__file__).parent / "data" / "parser_header"

SEED_HEADER = """VZCZCXRO1470
PP RUEHDBU RUEHLN RUEHVK RUEHYG
DE RUEHTA #2404/01 1880653
ZNR UUUUU ZZH
P 070653Z JUL 06
FM AMEMBASSY ALMATY
TO RUEHC/SECSTATE WASHDC PRIORITY 6080
INFO RUCNCIS/CIS COLLECTIVE PRIORITY
RUEHNO/USMISSION USNATO PRIORITY 2132
RUEHVEN/USMISSION USOSCE PRIORITY 1609"""

OLD_HEADER = """R 041125Z MAR 75
FM AMEMBASSY TEHRAN
TO SECSTATE WASHDC 475"""

BODY = "UNCLAS SECTION 01 OF 02 ALMATY 002404\n\nSIPDIS\n\nTAGS: PREL\nSUBJECT: TEST"


def utc(*parts):
    return datetime(*parts, tzinfo=timezone.utc)


# --- split_header -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, header_last_line, body_first_line", [
    pytest.param(SEED_HEADER + "\n\n" + BODY, "RUEHVEN/USMISSION USOSCE PRIORITY 1609",
                 "UNCLAS SECTION 01 OF 02 ALMATY 002404", id="full header"),
    pytest.param("\n\n" + SEED_HEADER.replace("\n", "  \n") + "\n\n" + BODY,
                 "RUEHVEN/USMISSION USOSCE PRIORITY 1609", "UNCLAS SECTION 01 OF 02 ALMATY 002404",
                 id="leading blank lines and trailing spaces"),
    pytest.param((SEED_HEADER + "\n\n" + BODY).replace("\n", "\r\n"),
                 "RUEHVEN/USMISSION USOSCE PRIORITY 1609", "UNCLAS SECTION 01 OF 02 ALMATY 002404",
                 id="CRLF line ends"),
    pytest.param((SEED_HEADER + "\n\n" + BODY).replace("\n", "\r"),
                 "RUEHVEN/USMISSION USOSCE PRIORITY 1609", "UNCLAS SECTION 01 OF 02 ALMATY 002404",
                 id="CR line ends"),
    pytest.param(OLD_HEADER + "\n\nC O N F I D E N T I A L SECTION 1 OF 2 TEHRAN 2069",
                 "TO SECSTATE WASHDC 475", "C O N F I D E N T I A L SECTION 1 OF 2 TEHRAN 2069",
                 id="old cable: DTG, FM, TO only"),
    pytest.param(OLD_HEADER + "\nS E C R E T TEHRAN 2069\nTAGS: PINT", "TO SECSTATE WASHDC 475",
                 "S E C R E T TEHRAN 2069", id="classification line without blank line"),
    pytest.param(OLD_HEADER + "\nBT\nSECRET\nTAGS: PINT", "BT", "SECRET", id="BT ends the header"),
    pytest.param(OLD_HEADER + "\nINFO AMEMBASSY PARIS\n\nXMT AMCONSUL LYON\n\nSECRET PARIS 12",
                 "XMT AMCONSUL LYON", "SECRET PARIS 12", id="blank line inside the addressees"),
    pytest.param(OLD_HEADER + "\nUSSS/SECRET SERVICE WASHDC\n\nSECRET TEHRAN 12",
                 "USSS/SECRET SERVICE WASHDC", "SECRET TEHRAN 12", id="addressee named SECRET ..."),
    pytest.param(OLD_HEADER + "\nE.O. 11652: GDS\nTAGS: PINT IR", "TO SECSTATE WASHDC 475",
                 "E.O. 11652: GDS", id="body without classification line right after addressees"),
    pytest.param("  " + OLD_HEADER.replace("\n", "\n  ") + "\n\nSECRET TEHRAN 12", "  TO SECSTATE WASHDC 475",
                 "SECRET TEHRAN 12", id="indented header lines"),
    pytest.param("INFO  LOG-00   EEB-00   AID-00\n      PERC-00  DS-00  /001W\n\n" + OLD_HEADER
                 + "\n\nSECRET TEHRAN 12", "TO SECSTATE WASHDC 475", "SECRET TEHRAN 12",
                 id="distribution block before the DTG stays in the header"),
])
def test_split_header_finds_where_the_body_begins(text, header_last_line, body_first_line):
    header, body = split_header(text)
    assert header.splitlines()[-1] == header_last_line
    assert body.splitlines()[0] == body_first_line
    assert "\r" not in header + body and not any(l.endswith(" ") for l in (header + body).splitlines())


@pytest.mark.parametrize("text", [
    pytest.param("This record is a partial extract of the original cable.\n\n" + BODY, id="partial"),
    pytest.param(BODY + "\n\nFM LAVROV SAID\nDE KLERK WILL ANNOUNCE", id="FM and DE words in body"),
    pytest.param(BODY + "\n\nO 121212Z JAN 09 MEETING WAS HELD", id="DTG line not followed by FM"),
    pytest.param(BODY + "\n\nO 121212Z SEPT 2009 MEETING WAS HELD", id="such a line with a 4-digit year"),
    pytest.param(BODY + "\n\nON 121212Z FEBRUARY 2009\nFM THE MINISTRY WE HEARD", id="a DTG in a sentence"),
    pytest.param("x\n" * 150 + OLD_HEADER + "\n\nSECRET TEHRAN 12", id="header quoted deep in text"),
])
def test_split_header_without_a_header_keeps_everything_in_the_body(text):
    header, body = split_header(text)
    assert header == ""
    assert body == text.strip("\n")


def test_split_header_of_a_page_format_cable_keeps_the_repeated_page_headers_in_the_body():
    header, body = split_header((DATA / "90CAPETOWN97.txt").read_text(encoding="utf-8"))
    assert header.splitlines()[-1] == "AMEMBASSY PARIS"
    assert body.startswith("C O N F I D E N T I A L SECTION 01 OF 03 CAPE TOWN 00097")
    assert "FM AMCONSUL CAPE TOWN" in body  # the section 2 page header: the body half's to drop


# --- parse_header: one field at a time -----------------------------------------------------------

def test_parse_header_of_the_seed():
    header = parse_header(SEED_HEADER)
    assert header["transmission_id"] == "VZCZCXRO1470"
    assert header["routing"] == {"station": "RUEHTA", "sequence": "2404", "part": 1,
                                 "julian_time": "1880653",
                                 "indicators": ["RUEHDBU", "RUEHLN", "RUEHVK", "RUEHYG"]}
    assert header["precedence"] == "PRIORITY"
    assert header["date_time_group"] == "070653Z JUL 06"
    assert header["created"] == utc(2006, 7, 7, 6, 53)
    assert header["year"] == 2006
    assert header["sender"] == "AMEMBASSY ALMATY"
    assert [(r["route"], r["name"], r["precedence"], r["mcn"]) for r in header["recipients"]] == [
        ("RUEHC", "SECSTATE WASHDC", "PRIORITY", "6080")]
    assert [(r["route"], r["name"], r["precedence"], r["mcn"]) for r in header["info_recipients"]] == [
        ("RUCNCIS", "CIS COLLECTIVE", "PRIORITY", None),
        ("RUEHNO", "USMISSION USNATO", "PRIORITY", "2132"),
        ("RUEHVEN", "USMISSION USOSCE", "PRIORITY", "1609")]
    assert header["warnings"] == []


@pytest.mark.parametrize("lines, expected", [
    pytest.param(["PP RUEHDBU RUEHLN", "DE RUEHTA #2404/01 1880653"],
                 {"station": "RUEHTA", "sequence": "2404", "part": 1, "julian_time": "1880653",
                  "indicators": ["RUEHDBU", "RUEHLN"]}, id="indicators and DE"),
    pytest.param(["RR RUEHCD RUEHGD RUEHHO", "RUEHNL RUEHQU", "DE RUEHME #0475/01 0441234"],
                 {"station": "RUEHME", "sequence": "0475", "part": 1, "julian_time": "0441234",
                  "indicators": ["RUEHCD", "RUEHGD", "RUEHHO", "RUEHNL", "RUEHQU"]},
                 id="indicators continue on the next line"),
    pytest.param(["OO RUEHTRO", "DE RUEHC #4577 0441234"],
                 {"station": "RUEHC", "sequence": "4577", "part": None, "julian_time": "0441234",
                  "indicators": ["RUEHTRO"]}, id="DE without part"),
    pytest.param(["DE RUEHAD #2641 1541250"],
                 {"station": "RUEHAD", "sequence": "2641", "part": None, "julian_time": "1541250",
                  "indicators": []}, id="DE without precedence line"),
    pytest.param(["DE RUEHKV#1261/01 0871512"],
                 {"station": "RUEHKV", "sequence": "1261", "part": 1, "julian_time": "0871512",
                  "indicators": []}, id="no space before the sequence's #"),
    pytest.param(["R 041125Z MAR 75"], None, id="old cable: no routing"),
])
def test_parse_header_routing(lines, expected):
    assert parse_header("\n".join(lines + ["FM AMEMBASSY X"]))["routing"] == expected


@pytest.mark.parametrize("lines, expected", [
    (["Z 070653Z JUL 06"], "FLASH"),
    (["O 070653Z JUL 06"], "IMMEDIATE"),
    (["P 070653Z JUL 06"], "PRIORITY"),
    (["R 070653Z JUL 06"], "ROUTINE"),
    (["O P 090422Z APR 09"], "IMMEDIATE"),       # action precedence, then info precedence
    (["P R 151635Z JAN 09"], "PRIORITY"),
    (["R 291207Z OCT 08 ZDS"], "ROUTINE"),
    (["ZZ RUEHLN", "DE RUEHTA #2404 1880653"], "FLASH"),   # no DTG line: the precedence line
    (["OO RUEHLN", "DE RUEHTA #2404 1880653"], "IMMEDIATE"),
    (["PP RUEHLN", "DE RUEHTA #2404 1880653", "R 070653Z JUL 06"], "ROUTINE"),  # DTG line wins
    (["DE RUEHTA #2404 1880653"], None),
    (["O P", "090422Z APR 09"], "IMMEDIATE"),    # the DTG line split: its precedence above it
    (["O 151024Z MAR 2007"], "IMMEDIATE"),       # a four-digit year
    (["O 151024Z MARS 07"], "IMMEDIATE"),        # a date the DTG pattern does not read
    (["PP RUEHLN", "DE RUEHTA #2404 1880653", "R", "070653Z JUL 06"], "ROUTINE"),
])
def test_parse_header_precedence(lines, expected):
    assert parse_header("\n".join(lines + ["FM AMEMBASSY X"]))["precedence"] == expected


@pytest.mark.parametrize("dtg_line, written, created, year", [
    ("P 070653Z JUL 06", "070653Z JUL 06", utc(2006, 7, 7, 6, 53), 2006),
    ("R 041125Z MAR 75", "041125Z MAR 75", utc(1975, 3, 4, 11, 25), 1975),
    ("O 011200Z DEC 66", "011200Z DEC 66", utc(1966, 12, 1, 12, 0), 1966),
    ("O 311259Z DEC 99", "311259Z DEC 99", utc(1999, 12, 31, 12, 59), 1999),
    ("O 010000Z JAN 00", "010000Z JAN 00", utc(2000, 1, 1, 0, 0), 2000),
    ("R 102210Z FEB 10 ZFF3", "102210Z FEB 10", utc(2010, 2, 10, 22, 10), 2010),
    ("O R 041614Z FEB 10     (CCY ADX1C30B8)", "041614Z FEB 10", utc(2010, 2, 4, 16, 14), 2010),
    ("P 290000Z FEB 08", "290000Z FEB 08", utc(2008, 2, 29, 0, 0), 2008),
])
def test_parse_header_date_time_group(dtg_line, written, created, year):
    header = parse_header(dtg_line + "\nFM AMEMBASSY X")
    assert (header["date_time_group"], header["created"], header["year"]) == (written, created, year)


# The spellings drafters and re-typed copies give a DTG besides 5 FAH-2's `JUL 06`: the date is
# read, the DTG kept as written.
@pytest.mark.parametrize("dtg_line, written, created", [
    ("P 141605Z SEPT 09", "141605Z SEPT 09", utc(2009, 9, 14, 16, 5)),
    ("R 011200Z Sept 09", "011200Z Sept 09", utc(2009, 9, 1, 12, 0)),
    ("O 141605Z FEB 2009", "141605Z FEB 2009", utc(2009, 2, 14, 16, 5)),
    ("R 041125Z MAR 1975", "041125Z MAR 1975", utc(1975, 3, 4, 11, 25)),
    ("P 141605Z SEPT 2009", "141605Z SEPT 2009", utc(2009, 9, 14, 16, 5)),
    ("P 141605Z SEPTEMBER 2009", "141605Z SEPTEMBER 2009", utc(2009, 9, 14, 16, 5)),
    ("O P 301200Z JUNE 08 ZFF3", "301200Z JUNE 08", utc(2008, 6, 30, 12, 0)),
    ("P 010000Z July 2006", "010000Z July 2006", utc(2006, 7, 1, 0, 0)),
    ("R 131708Z SEP. 08", "131708Z SEP. 08", utc(2008, 9, 13, 17, 8)),        # abbreviated with a full stop
    ("R 011200Z Sept. 09", "011200Z Sept. 09", utc(2009, 9, 1, 12, 0)),
    ("R 041125Z MAR 1945", "041125Z MAR 1945", utc(1945, 3, 4, 11, 25)),      # the first cable year
    # Spaces lost: after the precedence, between the DTG's parts (a military DTG's form).
    ("P281512Z MAR 06", "281512Z MAR 06", utc(2006, 3, 28, 15, 12)),
    # (kept with its parts apart, as the DTG's spaces are kept one each: `P  281512Z  MAR  06`)
    ("P 281512ZMAR06", "281512Z MAR 06", utc(2006, 3, 28, 15, 12)),
    ("O 051506ZJUN2008", "051506Z JUN 2008", utc(2008, 6, 5, 15, 6)),
])
def test_parse_header_dtg_with_a_longer_month_or_a_four_digit_year(dtg_line, written, created):
    header = parse_header(dtg_line + "\nFM AMEMBASSY X")
    assert (header["date_time_group"], header["created"], header["year"], header["warnings"]) \
        == (written, created, created.year, [])


# ... and what is no month or year: the line stays the header's DTG line (its precedence is
# read), its date unread, as before.
@pytest.mark.parametrize("dtg_line", ["O 141605Z MARS 09", "O 141605Z SEPTE 09", "O 141605Z FEB 1809",
                                      "O 141605Z FEB 20090", "O 141605Z FEB 209"])
def test_parse_header_dtg_with_no_month_or_year_stays_unread(dtg_line):
    header = parse_header(dtg_line + "\nFM AMEMBASSY X")
    assert (header["date_time_group"], header["created"], header["precedence"]) == (None, None, "IMMEDIATE")
    assert header["warnings"] == [f"date_time_group: '{dtg_line}' is not a DTG that can be read"]


@pytest.mark.parametrize("text, dtg", [
    pytest.param("O P\n141605Z SEPT 09\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 475\n\n" + BODY,
                 "141605Z SEPT 09", id="split after its precedence"),
    pytest.param("This record is a partial extract of the original cable.\n\n141216Z Jul 2005\n\n" + BODY,
                 "141216Z Jul 2005", id="an extract's lone DTG"),
])
def test_a_dtg_with_a_longer_month_or_year_starts_the_header(text, dtg):
    header, _ = split_header(text)
    assert parse_header(header)["date_time_group"] == dtg


@pytest.mark.parametrize("dtg_line", [
    "P 290000Z FEB 09", "P 070653Z JLY 06", "P 321200Z JAN 06",
    # a year no cable has: before 1945, after LAST_CABLE_YEAR (2049)
    "P 131708Z SEPT 1908", "P 131708Z FEB 1944", "P 131708Z SEPT 2099", f"P 131708Z SEPT {LAST_CABLE_YEAR + 1}",
    "P 131708Z FEB 60",                                        # (2060: two digits, as the pivot reads them)
])
def test_parse_header_impossible_dtg_is_kept_as_written_with_a_warning(dtg_line):
    header = parse_header(dtg_line + "\nFM AMEMBASSY X")
    assert header["date_time_group"] == dtg_line[2:]
    assert header["created"] is None and header["year"] is None
    assert header["warnings"] == [f"date_time_group: '{dtg_line[2:]}' is not a valid date"]


@pytest.mark.parametrize("two_digits, year", [(66, 1966), (75, 1975), (99, 1999), (0, 2000),
                                              (10, 2010), (65, 2065)])
def test_two_digit_years_pivot_at_66(two_digits, year):
    assert full_year(two_digits) == year


def test_parse_dtg_finds_nothing_in_text_without_a_dtg():
    assert parse_dtg("PAGE 01 CAPE T 00097 01 OF 03 182017Z") is None


@pytest.mark.parametrize("line, route, name, precedence, mcn", [
    ("RUEHC/SECSTATE WASHDC PRIORITY 6080", "RUEHC", "SECSTATE WASHDC", "PRIORITY", "6080"),
    ("RUCNCIS/CIS COLLECTIVE PRIORITY", "RUCNCIS", "CIS COLLECTIVE", "PRIORITY", None),
    ("RUEHZL/EUROPEAN POLITICAL COLLECTIVE", "RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", None, None),
    ("RUEHC/SECSTATE WASHDC 1374", "RUEHC", "SECSTATE WASHDC", None, "1374"),
    ("SECSTATE WASHDC 475", None, "SECSTATE WASHDC", None, "475"),
    ("AMEMBASSY KABUL", None, "AMEMBASSY KABUL", None, None),
    ("SECSTATE WASHDC IMMEDIATE 4799", None, "SECSTATE WASHDC", "IMMEDIATE", "4799"),
    ("HQ USNORTHCOM  PRIORITY", None, "HQ USNORTHCOM", "PRIORITY", None),
    ("AMEMBASSY LONDON FLASH 12", None, "AMEMBASSY LONDON", "FLASH", "12"),
    ("AMCONSUL LAHORE ROUTINE", None, "AMCONSUL LAHORE", "ROUTINE", None),
    ("AMEMBASSY TEHRAN NIACT IMMEDIATE 812", None, "AMEMBASSY TEHRAN", "NIACT IMMEDIATE", "812"),
    # two letters of the precedence swapped: a typing error, the precedence all the same
    ("RUEHNE/AMEMBASSY NEW DELHI PRIOIRTY 0123", "RUEHNE", "AMEMBASSY NEW DELHI", "PRIORITY", "0123"),
    ("AMEMBASSY LONDON IMMEDAITE", None, "AMEMBASSY LONDON", "IMMEDIATE", None),
    # the space between precedence and MCN lost
    ("RUEHC/SECSTATE WASHDC IMMEDIATE5728", "RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "5728"),
    ("AMEMBASSY ROME PRIORITY0012", None, "AMEMBASSY ROME", "PRIORITY", "0012"),
    # characters a web page hides in words: no part of the name
    ("RUEHMO/AMEMBASSY MOS\u00adCOW IMMEDIATE 5678", "RUEHMO", "AMEMBASSY MOSCOW", "IMMEDIATE", "5678"),
    ("RUEHMO/AMEMBASSY\u200b MOSCOW\u200b", "RUEHMO", "AMEMBASSY MOSCOW", None, None),
    # NIACT without IMMEDIATE (wrapped away): the night action, no word of the name
    ("RUEHTH/AMEMBASSY ATHENS NIACT", "RUEHTH", "AMEMBASSY ATHENS", "NIACT", None),
    ("RUCJACC/USCINCCENT MACDILL AFB FL//CCJ2/POLAD//", "RUCJACC",
     "USCINCCENT MACDILL AFB FL//CCJ2/POLAD//", None, None),
])
def test_parse_addressee(line, route, name, precedence, mcn):
    assert parse_addressee(line) == {"route": route, "name": name, "precedence": precedence,
                                     "mcn": mcn, "excluded": []}


# The addressee pattern `_header._addressee_parts` replaced (read from the end instead): the name
# runs word by word to the first space that precedence and MCN (either, or both) follow to the end.
PLAIN_PRECEDENCE = r"(?:NIACT\ )?IMMEDIATE|FLASH|PRIORITY|ROUTINE"
PLAIN_MCN = r"\d{1,6}(?:-\d{1,6})?"
PLAIN_ADDRESSEE = re.compile(rf"""
    ^(?:(?P<route>[A-Z][A-Z0-9]{{2,7}})/)?
    (?P<name>\S[^\ \n]*
        (?:\ (?!(?:{PLAIN_PRECEDENCE})(?:\ {PLAIN_MCN})?$ | {PLAIN_MCN}$)
           [^\ \n]*)*)
    (?:\ (?P<precedence>{PLAIN_PRECEDENCE}))?
    (?:\ (?P<mcn>{PLAIN_MCN}))?$
""", re.VERBOSE)
ADDRESSEE_TOKENS = ["RUEHC/", "RU/", "R1234567/", "R12345678/", "RUEHC/SECSTATE", "AMEMBASSY", "PARIS",
                    "NIACT", "IMMEDIATE", "PRIORITY", "FLASH", "ROUTINE", "PIORITY", "1234", "12-34",
                    "1234567", "123-", "-12", "\u0663\u0664", "X", "/", "A/B", "NIACT/", "IMMEDIATE1",
                    "0", "1-1234567", "ab/c", "AB1/X", "RUEHC/1234", "Ruehc/X"]


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(ADDRESSEE_TOKENS), max_size=7))
def test_addressee_parts_are_the_plain_patterns_groups(words):
    line = _header._fold(" ".join(words))
    match = PLAIN_ADDRESSEE.match(line)
    expected = match.group("route", "name", "precedence", "mcn") if match else (None, line, None, None)
    assert _header._addressee_parts(line)[:4] == expected


# What a header line may hold around its words: `_folded_lines` tells the lines already folded
# by one test of the block, and must give what folding each line gives.
FOLD_TOKENS = ["RUEHC/SECSTATE", "WASHDC", "", " ", "  ", "\t", "\u00a0", "\u2003", "\x0c", "[X](#)",
               "[", "]", "x", "1234", "\u200b", "\u00ad"]


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.sampled_from(FOLD_TOKENS), max_size=4).map("".join), max_size=5))
def test_folded_lines_are_the_lines_folded_one_by_one(lines):
    lines = [line.rstrip() for line in lines]    # (the header's lines are right-stripped)
    assert _header._folded_lines(lines) == [folded for folded in map(_header._fold, lines) if folded]


HEADER_LINE_TOKENS = ["VZCZCXRO1470", "VZCZC", "PP", "RR", "P", "O P", "DE", "#2404/01", "1880653",
                      "ZNR", "ZNY", "UUUUU", "070653Z", "070653z", "JUL", "Jul", "06", "FM", "TO", "INFO",
                      "RUEHC/SECSTATE", "AMEMBASSY", "SECSTATE", "WASHDC", "UNCLAS", "SECRET", "SECTION",
                      "C O N F I D E N T I A L", "E.O.", "12958:", "TAGS", "SUBJECT:", "REF:", "SIPDIS",
                      "ALL DIPLOMATIC", "LOG-00", "1", "x", "/", "-"]
UNIONS = {
    "PRE_SENDER_LINE": (_header.TRANSMISSION_ID, _header.PRECEDENCE_LINE, _header.DE_LINE,
                        _header.SECURITY_LINE, _header.DTG_LINE, _header.INDICATORS_ONLY,
                        _header.LONE_DTG_LINE, _header.SPLIT_PRECEDENCE_LINE,
                        _header.UNREAD_DTG_LINE),
    "ANCHOR_CANDIDATE": (_header.TRANSMISSION_ID, _header.DE_LINE, _header.DTG_LINE, _header.FM_LINE,
                         _header.ROUTED_BLOCK_START, _header.POST_BLOCK_START,
                         _header.ADDRESSEE_LINE_START, _header.LONE_DTG_LINE, _header.LONE_TO),
    "BODY_START": (_header.CLASSIFICATION_LINE, _header.BODY_MARKER),
}


def opens_addressees(line):
    """OPENS_ADDRESSEES' plain form: the FM line, or a TO / INFO / XMT line but the distribution
    block's."""
    return bool(_header.FM_LINE.match(line) or (
        _header.BLOCK_START.match(line) and not _header.DISTRIBUTION_LINE.match(line)))


@pytest.mark.parametrize("name", sorted(UNIONS))
@settings(max_examples=500, deadline=None, derandomize=True)
@given(words=st.lists(st.sampled_from(HEADER_LINE_TOKENS), max_size=6),
       separator=st.sampled_from([" ", "  ", "\t"]))
def test_header_line_unions_match_where_one_of_their_patterns_does(name, words, separator):
    line = separator.join(words)
    assert bool(getattr(_header, name).match(line)) == \
        any(pattern.match(line) for pattern in UNIONS[name])


@settings(max_examples=500, deadline=None, derandomize=True)
@given(words=st.lists(st.sampled_from(HEADER_LINE_TOKENS + ["OCT-01", "INFO OCT-01", "ACTION EUR-12",
                                                            "XMT", "BT", "OCT-012"]), max_size=5),
       separator=st.sampled_from([" ", "  ", "\t"]))
def test_opens_addressees_is_fm_or_a_block_start_but_the_distribution_block(words, separator):
    line = separator.join(words)
    match = _header.OPENS_ADDRESSEES.match(line)
    assert bool(match) == opens_addressees(line)
    if match and match["sender"] is None:
        assert match.group("keyword", "rest") == _header.BLOCK_START.match(line).group("keyword", "rest")


def test_parse_header_addressee_blocks_span_lines_and_xmt_excludes_from_the_collective():
    header = parse_header("\n".join([
        "P 291659Z JUN 09", "FM SECSTATE WASHDC",
        "TO SECURITY OFFICER COLLECTIVE PRIORITY", "AMEMBASSY TRIPOLI PRIORITY",
        "INFO AMCONSUL CASABLANCA PRIORITY", "AMEMBASSY RABAT",
        "XMT AMCONSUL JOHANNESBURG", "AMCONSUL DURBAN"]))
    assert [r["name"] for r in header["recipients"]] == ["SECURITY OFFICER COLLECTIVE", "AMEMBASSY TRIPOLI"]
    assert [r["name"] for r in header["info_recipients"]] == ["AMCONSUL CASABLANCA", "AMEMBASSY RABAT"]
    assert header["recipients"][0]["excluded"] == ["AMCONSUL JOHANNESBURG", "AMCONSUL DURBAN"]
    assert all(r["excluded"] == [] for r in header["recipients"][1:] + header["info_recipients"])


def test_parse_header_xmt_without_a_collective_excludes_from_the_last_addressee():
    header = parse_header("R 091233Z FEB 10\nFM AMEMBASSY SARAJEVO\nTO RUEHC/SECSTATE WASHDC 1374\n"
                          "XMT AMCONSUL STRASBOURG")
    assert header["recipients"][0]["excluded"] == ["AMCONSUL STRASBOURG"]


WRAPPED = "P 070653Z JUL 06\nFM AMEMBASSY ALMATY\nTO RUEHC/SECSTATE WASHDC 6080\nINFO "


@pytest.mark.parametrize("lines, expected", [
    (["RUEHVEN/USMISSION USOSCE", "PRIORITY 1609"], [("USMISSION USOSCE", "PRIORITY", "1609")]),
    (["RUEHVEN/USMISSION USOSCE PRIORITY", "1609"], [("USMISSION USOSCE", "PRIORITY", "1609")]),
    (["RUEHVEN/USMISSION USOSCE", "NIACT IMMEDIATE 1609-1610"],
     [("USMISSION USOSCE", "NIACT IMMEDIATE", "1609-1610")]),
    (["AMEMBASSY ASTANA", "ROUTINE"], [("AMEMBASSY ASTANA", "ROUTINE", None)]),
    # NIACT IMMEDIATE split by the wrap: NIACT is no word of the name
    (["RUEHVEN/USMISSION USOSCE NIACT", "IMMEDIATE 1609"],
     [("USMISSION USOSCE", "NIACT IMMEDIATE", "1609")]),
    (["AMEMBASSY ASTANA NIACT", "IMMEDIATE"], [("AMEMBASSY ASTANA", "NIACT IMMEDIATE", None)]),
    (["RUEHVEN/USMISSION USOSCE", "PRIORITY 1609", "RUEHNO/USMISSION USNATO PRIORITY 2132"],
     [("USMISSION USOSCE", "PRIORITY", "1609"), ("USMISSION USNATO", "PRIORITY", "2132")]),
    # what the addressee above already has is not given twice: the line stays an addressee
    (["RUEHVEN/USMISSION USOSCE PRIORITY 1609", "2132"],
     [("USMISSION USOSCE", "PRIORITY", "1609"), ("2132", None, None)]),
    (["RUEHVEN/USMISSION USOSCE PRIORITY", "PRIORITY 1609"],
     [("USMISSION USOSCE", "PRIORITY", None), ("PRIORITY", None, "1609")]),
    # a word that is no precedence starts an addressee
    (["RUEHVEN/USMISSION USOSCE", "GENEVA 1609"],
     [("USMISSION USOSCE", None, None), ("GENEVA", None, "1609")]),
])
def test_parse_header_an_addressees_precedence_and_mcn_wrapped_onto_the_next_line(lines, expected):
    header = parse_header(WRAPPED + "\n".join(lines))
    assert [(r["name"], r["precedence"], r["mcn"]) for r in header["info_recipients"]] == expected
    assert [(r["name"], r["mcn"]) for r in header["recipients"]] == [("SECSTATE WASHDC", "6080")]


@pytest.mark.parametrize("lines, expected", [
    (["RUEHVEN/USMISSION", "USOSCE PRIORITY 1609"], [("RUEHVEN", "USMISSION USOSCE", "PRIORITY", "1609")]),
    (["RUEHAM/AMEMBASSY", "AMMAN"], [("RUEHAM", "AMEMBASSY AMMAN", None, None)]),
    (["RUEHRI/AMCONSUL", "RIO DE JANEIRO NIACT IMMEDIATE 0101", "RUEHBS/USEU BRUSSELS PRIORITY"],
     [("RUEHRI", "AMCONSUL RIO DE JANEIRO", "NIACT IMMEDIATE", "0101"),
      ("RUEHBS", "USEU BRUSSELS", "PRIORITY", None)]),
    # a routed line under it is an addressee of its own, the post type alone kept as written
    (["RUEHVEN/USMISSION", "RUEHBS/USEU BRUSSELS PRIORITY"],
     [("RUEHVEN", "USMISSION", None, None), ("RUEHBS", "USEU BRUSSELS", "PRIORITY", None)]),
    # an unrouted line under a whole name is another addressee, as before
    (["RUEHVEN/USMISSION USOSCE", "AMEMBASSY VIENNA PRIORITY 1609"],
     [("RUEHVEN", "USMISSION USOSCE", None, None), (None, "AMEMBASSY VIENNA", "PRIORITY", "1609")]),
    # an unrouted line opening with a post type is an addressee of its own
    (["RUEHVEN/USMISSION", "AMEMBASSY BERLIN PRIORITY"],
     [("RUEHVEN", "USMISSION", None, None), (None, "AMEMBASSY BERLIN", "PRIORITY", None)]),
    # an old cable's unrouted addressee wraps so too
    (["AMEMBASSY", "AMMAN PRIORITY"], [(None, "AMEMBASSY AMMAN", "PRIORITY", None)]),
])
def test_parse_header_an_addressees_name_wrapped_after_its_post_type(lines, expected):
    """`RUEHVEN/USMISSION` / `USOSCE PRIORITY 1609`: a post type names no post alone, so the
    unrouted line under it is the rest of its name, not an addressee of its own."""
    header = parse_header(WRAPPED + "\n".join(lines))
    assert [(r["route"], r["name"], r["precedence"], r["mcn"])
            for r in header["info_recipients"]] == expected


@pytest.mark.parametrize("lines, expected", [
    # the routing list names the route so
    (["RHEHNSC/WHITE HOUSE NATIONAL SECURITY COUNCIL", "WASHINGTON DC PRIORITY 1234"],
     [("RHEHNSC", "WHITE HOUSE NATIONAL SECURITY COUNCIL WASHINGTON DC", "PRIORITY", "1234")]),
    # a name ending with a connective goes on
    (["RUEHZN/ENVIRONMENT SCIENCE AND", "TECHNOLOGY COLLECTIVE"],
     [("RUEHZN", "ENVIRONMENT SCIENCE AND TECHNOLOGY COLLECTIVE", None, None)]),
    # COLLECTIVE alone names nothing
    (["RUEHOO/CHINA POSTS", "COLLECTIVE PRIORITY"], [("RUEHOO", "CHINA POSTS COLLECTIVE", "PRIORITY", None)]),
    # a state or country code alone, or the end of the office symbols, names nothing
    (["RHEHAAA/NATIONAL SECURITY COUNCIL WASHINGTON", "DC PRIORITY"],
     [("RHEHAAA", "NATIONAL SECURITY COUNCIL WASHINGTON DC", "PRIORITY", None)]),
    (["RHMFISS/HQ USEUCOM VAIHINGEN GE//J5 DIRECTORATE", "(MC)//"],
     [("RHMFISS", "HQ USEUCOM VAIHINGEN GE//J5 DIRECTORATE (MC)//", None, None)]),
    (["RUCJACC/USCINCCENT MACDILL AFB FL//CCJ2/", "POLAD//"],
     [("RUCJACC", "USCINCCENT MACDILL AFB FL//CCJ2/ POLAD//", None, None)]),
    # an unrouted collective under a whole name is an addressee of its own
    (["RHEHNSC/NSC WASHDC", "UN SECURITY COUNCIL COLLECTIVE"],
     [("RHEHNSC", "NSC WASHDC", None, None), (None, "UN SECURITY COUNCIL COLLECTIVE", None, None)]),
    (["RHEHNSC/WHITE HOUSE NATIONAL SECURITY COUNCIL", "CIA WASHDC"],
     [("RHEHNSC", "WHITE HOUSE NATIONAL SECURITY COUNCIL", None, None), (None, "CIA WASHDC", None, None)]),
    # ... and so is one under an addressee with a precedence or an MCN
    (["RUEHOO/CHINA POSTS 0001", "COLLECTIVE"], [("RUEHOO", "CHINA POSTS", None, "0001"), (None, "COLLECTIVE", None, None)]),
])
def test_parse_header_a_routed_addressees_name_wrapped(lines, expected):
    """A routed addressee's name wrapped where no post type tells it: the unrouted line under it
    is the rest of its name where the routing list names the route so, where the name above
    ends with a connective, or where the line is COLLECTIVE alone."""
    header = parse_header(WRAPPED + "\n".join(lines))
    assert [(r["route"], r["name"], r["precedence"], r["mcn"])
            for r in header["info_recipients"]] == expected


@pytest.mark.parametrize("lines, expected", [
    (["AMEMBASSY SANTO", "DOMINGO 1234"], [(None, "AMEMBASSY SANTO DOMINGO", None, "1234")]),
    (["RUEHXX/AMEMBASSY SANTO", "DOMINGO PRIORITY 1234"], [("RUEHXX", "AMEMBASSY SANTO DOMINGO", "PRIORITY", "1234")]),
    (["AMCONSUL RIO DE", "JANEIRO"], [(None, "AMCONSUL RIO DE JANEIRO", None, None)]),
    (["AMEMBASSY KUALA", "LUMPUR IMMEDIATE"], [(None, "AMEMBASSY KUALA LUMPUR", "IMMEDIATE", None)]),
    # a whole name above, a precedence or MCN after it, or a name the routing list does not hold
    (["AMEMBASSY PARIS", "LONDON 12"], [(None, "AMEMBASSY PARIS", None, None), (None, "LONDON", None, "12")]),
    (["AMEMBASSY SANTO 0001", "DOMINGO"], [(None, "AMEMBASSY SANTO", None, "0001"), (None, "DOMINGO", None, None)]),
    (["AMEMBASSY SANTO", "CRUZ 12"], [(None, "AMEMBASSY SANTO", None, None), (None, "CRUZ", None, "12")]),
])
def test_parse_header_an_addressees_name_wrapped_inside_its_place(lines, expected):
    """`AMEMBASSY SANTO` / `DOMINGO 1234`: a name the routing list does not hold, which with the
    unrouted line under it makes one it holds, was wrapped there."""
    header = parse_header(WRAPPED + "\n".join(lines))
    assert [(r["route"], r["name"], r["precedence"], r["mcn"])
            for r in header["info_recipients"]] == expected


def test_parse_header_unwraps_markdown_link_residue():
    header = parse_header("P 070653Z JUL 06\nFM [AMEMBASSY ALMATY](#)\nTO [RUEHC](#)/SECSTATE WASHDC 6080")
    assert header["sender"] == "AMEMBASSY ALMATY"
    assert header["recipients"][0]["route"] == "RUEHC"


def test_parse_header_ignores_distribution_lines_before_the_sender():
    header = parse_header("ACTION SCA-00\n\nINFO LOG-00 EEB-00 AID-00\n\n" + OLD_HEADER)
    assert header["info_recipients"] == []
    assert header["sender"] == "AMEMBASSY TEHRAN"
    assert [r["name"] for r in header["recipients"]] == ["SECSTATE WASHDC"]


@pytest.mark.parametrize("header, missing", [
    ("", ["transmission_id", "routing", "precedence", "date_time_group", "created", "year", "sender"]),
    ("FM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC", ["routing", "date_time_group", "precedence", "year"]),
    ("P 070653Z JUL 06\nFM AMEMBASSY ALMATY", ["transmission_id", "routing"]),
])
def test_parse_header_missing_pieces_are_none(header, missing):
    result = parse_header(header)
    assert all(result[key] is None for key in missing)
    assert result["warnings"] == []


# --- metadata naming rules -----------------------------------------------------------------------

@pytest.mark.parametrize("sender, origin, station", [
    ("AMEMBASSY ALMATY", "Embassy Almaty", "ALMATY"),
    ("AMEMBASSY PORT AU PRINCE", "Embassy Port Au Prince", "PORTAUPRINCE"),
    ("AMCONSUL CAPE TOWN", "Consulate Cape Town", "CAPETOWN"),
    ("AMCONSUL RIO DE JANEIRO", "Consulate Rio De Janeiro", "RIODEJANEIRO"),
    ("AMEMBASSY KIEV", "Embassy Kyiv", "KIEV"),
    ("SECSTATE WASHDC", "Secretary of State", "STATE"),
    ("USMISSION USNATO", "Mission USNATO", "USNATO"),
    ("USMISSION GENEVA", "Mission Geneva", "GENEVA"),
    ("USMISSION USUN NEW YORK", "USUN New York", "USUNNEWYORK"),
    ("USMISSION UNVIE VIENNA", "UNVIE", "UNVIEVIENNA"),
    ("USEU BRUSSELS", "USEU Brussels", "BRUSSELS"),
    ("USINT HAVANA", "US Interests Section Havana", "HAVANA"),
    ("RPO DUBAI", "Iran RPO Dubai", "RPODUBAI"),
    ("IRAN RPO DUBAI", "Iran RPO Dubai", "RPODUBAI"),    # the routing list's name of the post
    ("REO BASRAH", "REO Basrah", "BASRAH"),
    ("USMISSION UN ROME", "UN Rome", "UNROME"),
    ("USOFFICE ALMATY", "US Office Almaty", "ALMATY"),
    ("AMCONGEN HONG KONG", "Consulate Hong Kong", "HONGKONG"),
    ("USDAO NAIROBI", "USDAO Nairobi", "NAIROBI"),        # unknown post type: general fallback
    ("WHATEVER", "Whatever", "WHATEVER"),
])
def test_post_of_sender(sender, origin, station):
    assert tuple(post_of_sender(sender)) == (origin, station)


@pytest.mark.parametrize("station, origin", [
    ("MADRID", "Embassy Madrid"),
    ("RIODEJANEIRO", "Consulate Rio De Janeiro"),   # the routing list knows it is a consulate
    ("BRUSSELS", "Embassy Brussels"),
    ("STATE", "Secretary of State"),
    ("KIEV", "Embassy Kyiv"),
    ("NOWHERETOWN", "Embassy Nowheretown"),
])
def test_post_of_station(station, origin):
    assert post_of_station(station).origin == origin


@pytest.mark.parametrize("year, station, serial, expected", [
    (2006, "ALMATY", 2404, "06ALMATY2404"),
    (1975, "TEHRAN", "002069", "75TEHRAN2069"),
    (2009, "UNVIE VIENNA", 540, "09UNVIEVIENNA540"),
    (2000, "STATE", 100153, "00STATE100153"),
    (None, "ALMATY", 2404, None),
    (2006, None, 2404, None),
    (2006, "ALMATY", None, None),
])
def test_reference_id(year, station, serial, expected):
    assert reference_id(year, station, serial) == expected


@pytest.mark.parametrize("station, sender, warns", [
    ("RUEHTA", "AMEMBASSY ALMATY", True),       # RUEHTA is Astana in the 2010 list
    ("RUEHTA", "AMEMBASSY ASTANA", False),
    ("RUEHC", "SECSTATE WASHDC", False),        # listed as DEPT OF STATE WASHINGTON DC
    ("RUEHNO", "USMISSION USNATO", False),      # listed as US MISSION USNATO BRUSSELS BE
    ("RUEHKV", "AMEMBASSY KIEV", False),        # listed as KYIV
    ("RUEHPS", "AMEMBASSY PRISTINA", False),    # the list misspells it PRINSTINA
    ("RUEHLM", "AMEMBASSY COLOMBO", False),     # ... and COLUMBO
    ("RUEHLM", "AMEMBASSY COLOMBIA", True),     # two letters apart: another place
    ("RUEHDIR", "AMCONSUL NAGOYA", False),
    ("RUEHDIR", "RPO DUBAI", True),             # the station moved: a warning, as it should
    ("RUEHXXX", "AMEMBASSY ALMATY", False),     # not in the list: nothing to say
    (None, "AMEMBASSY ALMATY", False),
])
def test_routing_warning(station, sender, warns):
    assert (routing_warning(station, sender) is not None) == warns


def test_estimate_created_is_ten_years_before_the_decl_date():
    assert estimate_created(date(2014, 12, 9)) == utc(2004, 12, 9)
    assert estimate_created(date(2016, 2, 29)) == utc(2006, 2, 28)
    assert estimate_created(None) is None


@pytest.mark.parametrize("declassify_on", [date(5, 1, 1), date(10, 12, 31), date(1, 1, 1)])
def test_no_estimate_from_a_decl_date_too_early_to_have_ten_years_before_it(declassify_on):
    # A damaged DECL year (`01/01/0005`) leaves no calendar day ten years earlier.
    assert estimate_created(declassify_on) is None
    assert estimate_created(declassify_on, date(2003, 3, 25)) is None


@pytest.mark.parametrize("declassify_on, not_before, created", [
    pytest.param(date(2010, 3, 15), date(2003, 3, 25), utc(2005, 3, 15), id="ten years impossible: five"),
    pytest.param(date(2014, 1, 25), date(2003, 3, 25), utc(2004, 1, 25), id="ten years possible"),
    pytest.param(date(2012, 1, 5), date(2009, 12, 29), utc(2009, 12, 29), id="five impossible too"),
])
def test_estimate_created_never_precedes_the_order_in_force(declassify_on, not_before, created):
    assert estimate_created(declassify_on, not_before) == created


@pytest.mark.parametrize("declassify_on, not_before, not_after, created", [
    pytest.param(date(2034, 3, 20), date(2003, 3, 25), date(2010, 6, 27), utc(2009, 3, 20),
                 id="ten, 15 and 20 years after the order's end: 25"),
    pytest.param(date(2019, 3, 20), date(2003, 3, 25), date(2010, 6, 27), utc(2009, 3, 20),
                 id="ten years within the order"),
    pytest.param(date(1993, 1, 5), date(1978, 12, 1), date(1982, 8, 1), utc(1978, 12, 1),
                 id="the step of five passes an order of under five years: its first day"),
])
def test_estimate_created_never_follows_the_order_in_force(declassify_on, not_before, not_after,
                                                           created):
    assert estimate_created(declassify_on, not_before, None, not_after) == created


@pytest.mark.parametrize("executive_order, latest", [
    ("E.O. 12958", date(2010, 6, 27)), ("E.O. 12356", date(1995, 10, 14)),
    ("E.O. 13526", None), (None, None), ("E.O. 12598", None),
])
def test_latest_drafting(executive_order, latest):
    assert latest_drafting(executive_order) == latest


@pytest.mark.parametrize("executive_order, reasons, earliest", [
    ("E.O. 12958", ["1.4 (b)", "1.4 (d)"], date(2003, 3, 25)),
    ("E.O. 12958", ["1.5 (b)"], date(1995, 10, 14)),
    ("E.O. 13526", ["1.4 (b)"], date(2009, 12, 29)),
    ("E.O. 11652", [], date(1972, 6, 1)),
    (None, ["1.4 (c)"], date(2003, 3, 25)),
    (None, [], None),
    ("E.O. 99999", [], None),
])
def test_earliest_drafting(executive_order, reasons, earliest):
    assert earliest_drafting(executive_order, reasons) == earliest


# --- speed: any 100 KB input splits and parses in well under 50 ms ------------------------------

HUGE = 100_000


@pytest.mark.parametrize("text", [
    pytest.param("P 070653Z JUL 06\nFM X\n" + "\n" * HUGE, id="blank lines after FM"),
    pytest.param("VZCZCX\n" + "\n" * HUGE, id="blank lines after VZCZC"),
    pytest.param("P 070653Z JUL 06\nFM X\nTO A\n" + "\nINFO B" * HUGE, id="endless addressees"),
    pytest.param("P 070653Z JUL 06\nFM X\nTO " + "A/B PRIORITY " * HUGE, id="one huge addressee"),
    pytest.param("P 070653Z JUL 06\nFM X\nTO " + "[a](#" * HUGE, id="unclosed markdown links"),
    pytest.param("P 070653Z JUL 06\nFM X\nINFO " + "R123/A B\nXMT C\n" * HUGE,
                 id="XMT lines between addressees without a collective"),
    pytest.param("P 070653Z JUL 06\nFM X\nINFO " + "R123/A POSTS\nCOLLECTIVE\nXMT C\n" * HUGE,
                 id="XMT lines under wrapped collectives"),
    pytest.param("VZCZCX\n" + "O P\n" * HUGE, id="precedence letters alone"),
    pytest.param("VZCZCX\n" + "O 070653Z JULY 2006\n" * HUGE, id="DTG lines whose date is not read"),
    pytest.param("PP " + "RUEHAA " * HUGE, id="endless indicators"),
    pytest.param("DE RUEHAA #" + "1" * HUGE, id="endless sequence"),
    pytest.param("VZCZCXRO1 " + "P 121212Z MAR 08 " * HUGE, id="a routing line run on with DTGs"),
    pytest.param("FM X" + " " * (HUGE - 10) + "x", id="an FM line and a run of spaces"),
    pytest.param("P " + "\t" * (HUGE - 20) + "x\nSUBJECT: X\n", id="a precedence and a run of tabs"),
    pytest.param("VZCZC1 " + "INFO AMEMBASSY X FM Y ZNY CCCCC " * HUGE, id="a routing line run on with fields"),
    pytest.param("\r" * HUGE, id="CR only"),
    pytest.param(" " * HUGE + "x", id="spaces"),
])
def test_header_half_is_fast_on_any_100kb_input(text):
    text = text[:HUGE]

    with no_collection():
        started = time.process_time()
        header, _ = split_header(text)
        parse_header(header)
        spent = time.process_time() - started
    # A guard against catastrophic backtracking (seconds), in CPU time so a busy machine does not
    # fail it; the 50 ms target itself is measured by benchmarks/adversarial.py.
    assert spent < 0.5


@pytest.mark.parametrize("text", [
    pytest.param("told " * HUGE, id="cue words"),
    pytest.param("told a b c d " * HUGE, id="cue words and their objects"),
    pytest.param("said on May 3 " * HUGE, id="reported dates"),
    pytest.param(("told" + " " * 1000) * 100, id="cue words apart by runs of spaces"),
    pytest.param(("was " + "a" * 5000 + " ") * 20, id="long words after the passive's verb"),
    pytest.param("began in May 2005 " * HUGE, id="past months"),
    pytest.param(" 2005" * HUGE, id="years"),
    pytest.param(("a" * 5000 + " 2005 ") * 20, id="long words before years"),
    pytest.param(". In May 2005, " + "a" * HUGE, id="a long word after a month at a sentence's start"),
    pytest.param(". In May 2005, " * HUGE, id="months at sentences' starts"),
    pytest.param(" in a May 6 meeting" * HUGE, id="meetings by their day"),
    pytest.param(" in an" * HUGE, id="articles after in"),
    pytest.param((" at a May 6 " + "x" * 5000) * 20, id="a long word after a meeting's day"),
    pytest.param(" dated" * HUGE, id="dated cues"),
    pytest.param("dtg 211212z oct 09 " * HUGE, id="cited DTGs"),
    pytest.param(("dated " + " " * 5000) * 20, id="dated cues before runs of spaces"),
])
def test_reported_dates_are_fast_on_any_100kb_text(text):
    from transforms.cable_parser._body_dates import reported_dates

    with no_collection():
        started = time.process_time()
        reported_dates(text[:HUGE])
        spent = time.process_time() - started
    assert spent < 0.5     # a guard against catastrophic backtracking


@pytest.mark.parametrize("indent", ["", " ", "    ", "\t"])
def test_a_second_transmission_is_found_in_a_scrape_that_indents_every_line(indent):
    from transforms.cable_parser import CableParseError, parse_cable

    first = SEED_HEADER + "\n\nUNCLAS ALMATY 002404\n\nSUBJECT: ONE\n\n1. Text.\n\nORDWAY\n"
    second = ("VZCZCXRO2635\nDE RUEHMO #0228/01 0320441\nZNY CCCCC ZZH\nO 010441Z FEB 10\n"
              "FM AMEMBASSY MOSCOW\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 6119\n\n"
              "CONFIDENTIAL MOSCOW 000228\n\nSUBJECT: TWO\n\n1. Text.\n\nBEYRLE\n")
    text = "\n".join(indent + line if line else line for line in (first + "\n" + second).split("\n"))
    with pytest.raises(CableParseError) as caught:
        parse_cable(text)
    assert caught.value.code == "multiple_cables"


def test_an_indented_dtg_and_fm_in_the_body_are_a_quoted_message_not_a_second_cable():
    from transforms.cable_parser import parse_cable

    text = (SEED_HEADER + "\n\nUNCLAS ALMATY 002404\n\nSUBJECT: ONE\n\n1. The cable quoted:\n\n"
            "    O 010441Z FEB 10\n    FM AMEMBASSY MOSCOW\n    TO SECSTATE WASHDC\n\n2. More.\n\nORDWAY\n")
    assert parse_cable(text).fields["signed_by"] == ["ORDWAY"]
