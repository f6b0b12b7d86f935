"""One table per field rule: short cable texts in context, and the value the rule must give.

Each row is a rule of the telegram format (5 FAH-2) or of the corpus' recurring damage, written
as the smallest cable text that shows it: a few header lines and a short body, parsed whole by
`parse_cable`, as a user's input would be. The awkward variants sit next to the plain form.
"""
import pytest

from transforms.cable_parser import parse_cable

BODY = """
C O N F I D E N T I A L SECTION 01 OF 02 BERLIN 001533

SIPDIS

E.O. 12958: DECL: 10/18/2019
TAGS: PREL PGOV GM
SUBJECT: GERMANY: A SUBJECT

1. (C) Text of the first paragraph.

MURPHY
"""


def fields(text: str) -> dict:
    return parse_cable(text).fields


def addressees(records: list[dict]) -> list[tuple]:
    return [(r["route"], r["name"], r["precedence"], r["mcn"]) for r in records]


# --- Recipients (TO) and info recipients (INFO) --------------------------------------------------

RECIPIENT_CASES = [
    pytest.param("""VZCZCXRO1470
PP RUEHDBU
DE RUEHRL #1533/01 2911324
ZNY CCCCC ZZH
P 181324Z OCT 09
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC PRIORITY 5559
INFO RUCNMEM/EU MEMBER STATES COLLECTIVE PRIORITY
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "5559")],
        [("RUCNMEM", "EU MEMBER STATES COLLECTIVE", "PRIORITY", None)], id="full header"),
    pytest.param("""FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC IMMEDIATE 5559
RUEHLO/AMEMBASSY LONDON PRIORITY 0123
INFO RUEHFR/AMEMBASSY PARIS 0456
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "5559"),
             ("RUEHLO", "AMEMBASSY LONDON", "PRIORITY", "0123")],
        [("RUEHFR", "AMEMBASSY PARIS", None, "0456")], id="extract starting at FM"),
    pytest.param("""TO RUEHC/SECSTATE WASHDC IMMEDIATE 5559
INFO RUEHFR/AMEMBASSY PARIS 0456
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "5559")],
        [("RUEHFR", "AMEMBASSY PARIS", None, "0456")], id="extract starting at TO"),
    pytest.param("""O 121210Z MAR 75
FM SECSTATE WASHDC
TO AMEMBASSY MOSCOW NIACT IMMEDIATE 1234
AMEMBASSY LONDON IMMEDIATE
""" + BODY, [(None, "AMEMBASSY MOSCOW", "NIACT IMMEDIATE", "1234"),
             (None, "AMEMBASSY LONDON", "IMMEDIATE", None)], [], id="NIACT IMMEDIATE kept whole"),
    pytest.param("""R 121210Z MAR 75
FM SECSTATE WASHDC
TO AMEMBASSY MOSCOW
INFO AMEMBASSY PARIS
AMEMBASSY BONN
PAGE 02        STATE  012345 121212Z
AMEMBASSY ROME
""" + BODY, [(None, "AMEMBASSY MOSCOW", None, None)],
        [(None, "AMEMBASSY PARIS", None, None), (None, "AMEMBASSY BONN", None, None),
         (None, "AMEMBASSY ROME", None, None)], id="page header inside the addressees"),
    pytest.param("""PAGE 01        STATE  012345 121212Z
ORIGIN EUR-12

INFO  OCT-01  ISO-00  SS-15  /028 R

DRAFTED BY EUR/SOV:JSMITH
                              ------------------121234Z 012345 /12
R 121210Z MAR 75
FM SECSTATE WASHDC
TO AMEMBASSY MOSCOW
INFO AMEMBASSY PARIS
""" + BODY, [(None, "AMEMBASSY MOSCOW", None, None)], [(None, "AMEMBASSY PARIS", None, None)],
        id="distribution block before the DTG is no addressee"),
    pytest.param("""R 121210Z MAR 75
FM SECSTATE WASHDC
TO AMEMBASSY MOSCOW

PAGE 02        STATE  012345 121212Z
INFO AMEMBASSY PARIS
""" + BODY, [(None, "AMEMBASSY MOSCOW", None, None)], [(None, "AMEMBASSY PARIS", None, None)],
        id="addressees go on over a page break"),
]


@pytest.mark.parametrize("text, to, info", RECIPIENT_CASES)
def test_recipients(text, to, info):
    record = fields(text)
    assert addressees(record["recipients"]) == to
    assert addressees(record["info_recipients"]) == info


def test_xmt_list_excludes_posts_from_the_collective():
    record = fields("""P 181324Z OCT 09
FM SECSTATE WASHDC
TO RUEHC/SECSTATE WASHDC 0001
INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY
XMT AMCONSUL STRASBOURG
AMCONSUL FLORENCE
""" + BODY)
    collective = record["info_recipients"][0]
    assert collective["name"] == "EUROPEAN POLITICAL COLLECTIVE"
    assert collective["excluded"] == ["AMCONSUL STRASBOURG", "AMCONSUL FLORENCE"]


# --- Date-time group -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, dtg, created", [
    pytest.param("141216Z Jul 05\n" + BODY, "141216Z Jul 05", "2005-07-14T12:16:00+00:00",
                 id="lone DTG in mixed case"),
    pytest.param("This record is a partial extract of the original cable.\n\n101512Z MAR 05\n"
                 + BODY, "101512Z MAR 05", "2005-03-10T15:12:00+00:00",
                 id="lone DTG after the partial-extract notice"),
    pytest.param("P 101512Z Mar 05\nFM AMEMBASSY BERLIN\nTO SECSTATE WASHDC 1\n" + BODY,
                 "101512Z Mar 05", "2005-03-10T15:12:00+00:00", id="DTG line in mixed case"),
])
def test_date_time_group(text, dtg, created):
    record = fields(text)
    assert record["date_time_group"] == dtg
    assert record["created"].isoformat() == created
    assert "created_estimated" not in record["warnings"]


def test_lone_dtg_deep_in_the_body_is_body_text():
    text = BODY.replace("1. (C) Text", "1. (C) Text\n\n101512Z MAR 05\n\nmore")
    assert fields(text)["date_time_group"] is None
