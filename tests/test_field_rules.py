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
    pytest.param("""TO SECSTATE WASHDC IMMEDIATE 1234
INFO AMEMBASSY PARIS
""" + BODY, [(None, "SECSTATE WASHDC", "IMMEDIATE", "1234")],
        [(None, "AMEMBASSY PARIS", None, None)], id="extract starting at an unrouted TO"),
    pytest.param("""P 121210Z MAR 09
FM SECSTATE WASHDC
TO RUEHAK/AMEMBASSY ANKARA IMMEDIATE 7721-7722
INFO AMEMBASSY NEW DELHI PIORITY
AMEMBASSY ROME IMMEDIAT 0012
""" + BODY, [("RUEHAK", "AMEMBASSY ANKARA", "IMMEDIATE", "7721-7722")],
        [(None, "AMEMBASSY NEW DELHI", "PRIORITY", None), (None, "AMEMBASSY ROME", "IMMEDIATE", "0012")],
        id="MCN range of a cable in sections; misspelled precedence"),
    pytest.param("""P 142049Z AUG 09
FM AMEMBASSY LIMA
TO RUEHC/SECSTATE WASHDC PRIORITY 1068
INFO RUEHLP/AMEMBASSY LA PAZ AUG 5274
RUEHLP/AMEMBASSY LA PAZ DEC
AMEMBASSY LA PAZ CITY 0001
RUEHXX/AMEMBASSY NOWHERE AUG 0002
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "1068")],
        [("RUEHLP", "AMEMBASSY LA PAZ", None, "5274"), ("RUEHLP", "AMEMBASSY LA PAZ", None, None),
         (None, "AMEMBASSY LA PAZ CITY", None, "0001"), ("RUEHXX", "AMEMBASSY NOWHERE AUG", None, "0002")],
        id="garbled precedence after a listed station dropped; a station-name word or an unknown station kept"),
    pytest.param("""P 121210Z MAR 09
FM SECSTATE WASHDC
TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234 RUEHBJ/AMEMBASSY BEIJING PRIORITY 0001
INFO RHEHNSC/NSC WASHDC RUEKJCS/SECDEF WASHDC 0002
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "1234"),
             ("RUEHBJ", "AMEMBASSY BEIJING", "PRIORITY", "0001")],
        [("RHEHNSC", "NSC WASHDC", None, None), ("RUEKJCS", "SECDEF WASHDC", None, "0002")],
        id="routed addressees run onto one line"),
    pytest.param("""TO DIA WASHDC
INFO JOINT STAFF WASHDC
""" + BODY, [(None, "DIA WASHDC", None, None)], [(None, "JOINT STAFF WASHDC", None, None)],
        id="extract starting at a TO line in capitals"),
    pytest.param("""R 121210Z MAR 75
TO AMEMBASSY MOSCOW
INFO AMEMBASSY PARIS
""" + BODY, [(None, "AMEMBASSY MOSCOW", None, None)], [(None, "AMEMBASSY PARIS", None, None)],
        id="DTG line followed by TO without FM"),
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
    pytest.param("""R 121210Z MAR 75
FM SECSTATE WASHDC
TO AMEMBASSY MOSCOW
INFO AMEMBASSY PARIS
CONFIDENTIAL

CONFIDENTIAL

PAGE 02        STATE  012345 121212Z
AMEMBASSY ROME
""" + BODY, [(None, "AMEMBASSY MOSCOW", None, None)],
        [(None, "AMEMBASSY PARIS", None, None), (None, "AMEMBASSY ROME", None, None)],
        id="page break with banners inside the addressees"),
    pytest.param("""O 121210Z MAR 09
FM SECSTATE WASHDC
TO ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE IMMEDIATE
INFO RUEHBS/USEU BRUSSELS PRIORITY 0001
""" + BODY, [(None, "ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE", "IMMEDIATE", None)],
        [("RUEHBS", "USEU BRUSSELS", "PRIORITY", "0001")], id="collective of all posts, unrouted"),
    pytest.param("""P 121210Z MAR 09
FM SECSTATE WASHDC
TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234 INFO RUEHBJ/AMEMBASSY BEIJING 0001
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "1234")],
        [("RUEHBJ", "AMEMBASSY BEIJING", None, "0001")], id="INFO run into the TO line"),
    pytest.param("""R 121210Z MAR 75
FM AMEMBASSY MOSCOW
TO SECSTATE WASHDC 1234 INFO AMEMBASSY BONN AMEMBASSY PARIS
""" + BODY, [(None, "SECSTATE WASHDC", None, "1234")],
        [(None, "AMEMBASSY BONN", None, None), (None, "AMEMBASSY PARIS", None, None)],
        id="unrouted addressees and INFO run onto one line"),
    pytest.param("""O 121210Z MAR 75
FM SECSTATE WASHDC
TO AMEMBASSY BONN IMMEDIATE 1234 AMEMBASSY PARIS IMMEDIATE 1235 USMISSION USNATO 0001
""" + BODY, [(None, "AMEMBASSY BONN", "IMMEDIATE", "1234"), (None, "AMEMBASSY PARIS", "IMMEDIATE", "1235"),
             (None, "USMISSION USNATO", None, "0001")], [],
        id="unrouted addressees with precedence and MCN run onto one line"),
    pytest.param("""R 121210Z MAR 75
FM AMEMBASSY BELGRADE
TO SECSTATE WASHDC 0713
INFO AMEMBASSY ANKARA PASS TO AMCONSUL ADANA
""" + BODY, [(None, "SECSTATE WASHDC", None, "0713")],
        [(None, "AMEMBASSY ANKARA PASS TO AMCONSUL ADANA", None, None)],
        id="a post to pass the cable to is no addressee of its own"),
    pytest.param("""P 121210Z MAR 09
FM SECSTATE WASHDC
TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234,
RUEHLO/AMEMBASSY LONDON PRIORITY 0001 BT
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "1234"), ("RUEHLO", "AMEMBASSY LONDON", "PRIORITY", "0001")],
        [], id="punctuation and the break BT closing an addressee line"),
    pytest.param("""P 121210Z MAR 09
FM SECSTATE WASHDC
TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234.
INFO RUEHXX/DEA WASHINGTON D.C.
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "1234")], [("RUEHXX", "DEA WASHINGTON D.C.", None, None)],
        id="a full stop after the MCN is punctuation, after an abbreviation part of the name"),
    pytest.param("""R 121210Z MAR 75
FM AMEMBASSY MOSCOW
TO SECSTATE WASHDC 1234
INFO AMEMBASSY BONN, AMEMBASSY PARIS, USMISSION USNATO
""" + BODY, [(None, "SECSTATE WASHDC", None, "1234")],
        [(None, "AMEMBASSY BONN", None, None), (None, "AMEMBASSY PARIS", None, None),
         (None, "USMISSION USNATO", None, None)], id="unrouted addressees run onto one line with commas"),
    pytest.param("""R 151200Z MAY 76
FM AMEMBASSY PARIS
TO SECSTATE WASHDC IMMEDIATE 1234
INFO AMEMBASSY BONN, AMEMBASSY LONDON, USMISSION NATO, USCINCEUR VAIHINGEN GE
""" + BODY, [(None, "SECSTATE WASHDC", "IMMEDIATE", "1234")],
        [(None, "AMEMBASSY BONN", None, None), (None, "AMEMBASSY LONDON", None, None),
         (None, "USMISSION NATO", None, None), (None, "USCINCEUR VAIHINGEN GE", None, None)],
        id="a comma separates an addressee not named by a kind of post"),
    pytest.param("""R 151200Z MAY 76
FM AMEMBASSY PARIS
TO SECSTATE WASHDC IMMEDIATE 1234
INFO AMEMBASSY LONDON, ATTENTION POLCOUNS
""" + BODY, [(None, "SECSTATE WASHDC", "IMMEDIATE", "1234")],
        [(None, "AMEMBASSY LONDON, ATTENTION POLCOUNS", None, None)],
        id="a comma before the passing words separates no addressee"),
    *[pytest.param(f"""R 121210Z MAR 75
FM AMEMBASSY MOSCOW
TO SECSTATE WASHDC 1234

{sentence}
""" + BODY.replace("C O N F I D E N T I A L SECTION 01 OF 02 BERLIN 001533", ""),
        [(None, "SECSTATE WASHDC", None, "1234")], [],
        id=f"a body sentence opening with a post after the list: {sentence[:30]}")
      for sentence in ("AMEMBASSY LONDON HAS SEEN\nTHE SHAH'S STATEMENT AND AGREES.",
                       "AMEMBASSY LONDON WILL CONCUR",
                       "AMEMBASSY LONDON AND PARIS\nSHARE THIS VIEW.")],
    pytest.param("""R 151200Z MAY 76
FM AMEMBASSY PARIS
TO SECSTATE WASHDC, CINCPAC HONOLULU HI, USCINCEUR VAIHINGEN GE PRIORITY 0002
""" + BODY, [(None, "SECSTATE WASHDC", None, None), (None, "CINCPAC HONOLULU HI", None, None),
             (None, "USCINCEUR VAIHINGEN GE", "PRIORITY", "0002")], [],
        id="a comma list opening with a post"),
    pytest.param("""R 151200Z MAY 76
FM AMEMBASSY PARIS
TO SECSTATE WASHDC, IMMEDIATE 1234
""" + BODY, [(None, "SECSTATE WASHDC", "IMMEDIATE", "1234")], [],
        id="a comma before the precedence separates no addressee"),
    pytest.param("""O 151200Z MAY 76
FM AMEMBASSY PARIS TO SECSTATE WASHDC IMMEDIATE 1234
INFO AMCONSUL MARSEILLE
""" + BODY, [(None, "SECSTATE WASHDC", "IMMEDIATE", "1234")], [(None, "AMCONSUL MARSEILLE", None, None)],
        id="the TO line run onto the FM line"),
    pytest.param("""P 121210Z MAR 09
FM AMEMBASSY BERLIN TO RUEHC/SECSTATE WASHDC PRIORITY 5559 INFO RUEHFR/AMEMBASSY PARIS 0456
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "5559")], [("RUEHFR", "AMEMBASSY PARIS", None, "0456")],
        id="the routed TO and INFO lines run onto the FM line"),
    pytest.param("""O 121212Z MAR 09
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234

INFO RUEHFR/AMEMBASSY PARIS 0567

RUEHLO/AMEMBASSY LONDON 0568
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "1234")],
        [("RUEHFR", "AMEMBASSY PARIS", None, "0567"), ("RUEHLO", "AMEMBASSY LONDON", None, "0568")],
        id="a routed addressee after a blank line inside the list"),
    pytest.param("""FM AMEMBASSY MOSCOW
TO RUEHC/SECSTATE WASHDC 1234

RUSSIA/GEORGIA: TALKS STALL

1. (C) Text.
""", [("RUEHC", "SECSTATE WASHDC", None, "1234")], [],
        id="a body line opening with a word and a slash after the list is no addressee"),
    pytest.param("""O 151200Z MAY 76
FM AMEMBASSY PARIS
TO SECSTATE WASHDC IMMEDIATE 1234
INFO AMCONSUL MARSEILLE

AMEMBASSY LONDON
USMISSION NATO
BT
""" + BODY, [(None, "SECSTATE WASHDC", "IMMEDIATE", "1234")],
        [(None, "AMCONSUL MARSEILLE", None, None), (None, "AMEMBASSY LONDON", None, None),
         (None, "USMISSION NATO", None, None)], id="an unrouted post after a blank line inside the list"),
    pytest.param("""O 151200Z MAY 76
FM AMEMBASSY PARIS
TO SECSTATE WASHDC IMMEDIATE 1234
INFO AMCONSUL MARSEILLE
AMEMBASSY BONN

PAGE 02  PARIS  00123  151245Z

AMEMBASSY LONDON PRIORITY 0002
USMISSION NATO
""" + BODY, [(None, "SECSTATE WASHDC", "IMMEDIATE", "1234")],
        [(None, "AMCONSUL MARSEILLE", None, None), (None, "AMEMBASSY BONN", None, None),
         (None, "AMEMBASSY LONDON", "PRIORITY", "0002"), (None, "USMISSION NATO", None, None)],
        id="an unrouted post after a page break between blank lines"),
    pytest.param("""O 011200Z JAN 76
FM AMEMBASSY PARIS
TO SECSTATE WASHDC IMMEDIATE 1234
INFO AMCONSUL MARSEILLE

LIMITED OFFICIAL USE

PAGE 02  PARIS  00123  011245Z

AMEMBASSY LONDON
BT
""" + BODY, [(None, "SECSTATE WASHDC", "IMMEDIATE", "1234")],
        [(None, "AMCONSUL MARSEILLE", None, None), (None, "AMEMBASSY LONDON", None, None)],
        id="an unrouted post after a page break with its banner"),
    pytest.param("""R 121210Z MAR 75
FM AMEMBASSY MOSCOW
TO SECSTATE WASHDC 1234

AMEMBASSY LONDON WILL TAKE UP THE QUESTION WITH THE FOREIGN OFFICE
AND REPORT.
""" + BODY.replace("C O N F I D E N T I A L SECTION 01 OF 02 BERLIN 001533", ""),
        [(None, "SECSTATE WASHDC", None, "1234")], [],
        id="a body sentence opening with a post after the list is no addressee"),
    *[pytest.param(f"""R 121210Z MAR 75
FM AMEMBASSY MOSCOW
TO SECSTATE WASHDC 1234
INFO AMCONSUL LENINGRAD

{passing}
""" + BODY.replace("C O N F I D E N T I A L SECTION 01 OF 02 BERLIN 001533", ""),
        [(None, "SECSTATE WASHDC", None, "1234")], [(None, "AMCONSUL LENINGRAD", None, None)],
        id=f"a passing line after the list is no addressee: {passing}")
      for passing in ("AMEMBASSY LONDON FOR AMBASSADOR TUTTLE", "SECSTATE PASS TO TREASURY")],
    # Header lines written with capital initials (a scrape, a re-typed cable) read in capitals.
    pytest.param("""R 301538Z Aug 06
Fm Amembassy Berlin
To Ruehc/Secstate Washdc Priority 1234
Info Ruehzl/European Political Collective
Rucnfrg/Frg Collective
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "1234")],
        [("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", None, None), ("RUCNFRG", "FRG COLLECTIVE", None, None)],
        id="title-cased header lines"),
    pytest.param("""VZCZCXRO1470
PP RUEHDBU
DE RUEHRL #1533/01 2911324
ZNY CCCCC ZZH
P 181324Z OCT 09
Fm Amembassy Berlin
To Ruehc/Secstate Washdc Niact Immediate 1234
Info Amembassy Paris
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "NIACT IMMEDIATE", "1234")], [(None, "AMEMBASSY PARIS", None, None)],
        id="title-cased lines from FM on under routing lines in capitals"),
    pytest.param("""P 181324Z OCT 09
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC PRIORITY 1234
Info Ruehzl/European Political Collective
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "1234")],
        [("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", None, None)], id="a title-cased INFO line among capitals"),
    pytest.param("""P 181324Z OCT 09
FM AMEMBASSY BERLIN
TO Ruehc/Secstate Washdc Priority 1234
INFO Amembassy Paris
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "1234")], [(None, "AMEMBASSY PARIS", None, None)],
        id="title-cased addressees after keywords in capitals"),
    pytest.param("""Fm Amembassy Berlin
To Secstate Washdc Immediate 1234
""" + BODY, [(None, "SECSTATE WASHDC", "IMMEDIATE", "1234")], [],
        id="an extract starting at a title-cased FM line"),
    pytest.param("""To Be Announced
""" + BODY, [], [], id="a title-cased line of no header stays text"),
    # TO and INFO alone on their lines, the addressees under them.
    pytest.param("""P 181324Z OCT 09
FM AMEMBASSY BERLIN
TO
RUEHC/SECSTATE WASHDC PRIORITY 1234
RUEHLO/AMEMBASSY LONDON 0001
INFO
RUEHZL/EUROPEAN POLITICAL COLLECTIVE
BT
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "1234"), ("RUEHLO", "AMEMBASSY LONDON", None, "0001")],
        [("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", None, None)], id="TO and INFO alone on their lines"),
    pytest.param("""R 301538Z AUG 76
FM AMEMBASSY BONN
TO
SECSTATE WASHDC 1234
INFO
AMEMBASSY LONDON
USMISSION USNATO
""" + BODY, [(None, "SECSTATE WASHDC", None, "1234")],
        [(None, "AMEMBASSY LONDON", None, None), (None, "USMISSION USNATO", None, None)],
        id="TO and INFO alone over unrouted addressees"),
    pytest.param("""TO
RUEHC/SECSTATE WASHDC PRIORITY 1234
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "1234")], [],
        id="an extract starting at TO alone"),
    # ZEN where the routing indicator stands: an addressee this transmission does not serve.
    pytest.param("""P 181324Z OCT 09
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC PRIORITY 1234
INFO ZEN/AMEMBASSY PARIS
ZEN/AMCONSUL FRANKFURT 0005 RUEHLO/AMEMBASSY LONDON 0006
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "1234")],
        [(None, "AMEMBASSY PARIS", None, None), (None, "AMCONSUL FRANKFURT", None, "0005"),
         ("RUEHLO", "AMEMBASSY LONDON", None, "0006")], id="ZEN is no route"),
    pytest.param("""P 181324Z OCT 09
FM SECSTATE WASHDC
TO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY
XMT AMEMBASSY BERLIN
ZEN/AMEMBASSY PARIS
""" + BODY, [("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", "PRIORITY", None), (None, "AMEMBASSY PARIS", None, None)],
        [], id="a ZEN addressee after an XMT list is an addressee again"),
    # The DTG line split after its precedence letters, or the DTG alone over the FM line: the
    # header goes on to FM and the addressees.
    pytest.param("""VZCZCXRO1470
PP RUEHDBU
DE RUEHRL #1533/01 2911324
ZNY CCCCC ZZH
O P
181324Z OCT 09
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC IMMEDIATE 5559
INFO RUEHFR/AMEMBASSY PARIS 0456
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "5559")],
        [("RUEHFR", "AMEMBASSY PARIS", None, "0456")], id="precedence and DTG on lines of their own"),
    pytest.param("""181324Z OCT 09
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC IMMEDIATE 5559
INFO RUEHFR/AMEMBASSY PARIS 0456
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "5559")],
        [("RUEHFR", "AMEMBASSY PARIS", None, "0456")], id="a lone DTG over the FM line"),
    pytest.param("""VZCZCXRO1470
PP RUEHDBU
DE RUEHRL #1533/01 2911324
ZNY CCCCC ZZH
R 181324Z SEPT 2009
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC 5559
""" + BODY, [("RUEHC", "SECSTATE WASHDC", None, "5559")], [],
        id="a DTG line whose date is not read does not end the header"),
    # A post's name wrapped inside its place (2026-12-07, night).
    pytest.param("""P 181324Z OCT 09
FM AMEMBASSY BERLIN
TO SECSTATE WASHDC PRIORITY 5559 AMEMBASSY SAN
JOSE IMMEDIATE 12
INFO AMEMBASSY PARIS 0456 AMEMBASSY SANTO
DOMINGO 1234
""" + BODY, [(None, "SECSTATE WASHDC", "PRIORITY", "5559"), (None, "AMEMBASSY SAN JOSE", "IMMEDIATE", "12")],
        [(None, "AMEMBASSY PARIS", None, "0456"), (None, "AMEMBASSY SANTO DOMINGO", None, "1234")],
        id="a name wrapped inside its place"),
    pytest.param("""P 181324Z OCT 09
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC PRIORITY 5559
INFO RUEHXX/AMEMBASSY PORT AU
PRINCE PRIORITY 1234
AMEMBASSY PARIS
LONDON 12
""" + BODY, [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "5559")],
        [("RUEHXX", "AMEMBASSY PORT AU PRINCE", "PRIORITY", "1234"), (None, "AMEMBASSY PARIS", None, None),
         (None, "LONDON", None, "12")],
        id="a routed name wrapped inside its place; a line under a whole name stays an addressee"),
]


@pytest.mark.parametrize("text, to, info", RECIPIENT_CASES)
def test_recipients(text, to, info):
    record = fields(text)
    assert addressees(record["recipients"]) == to
    assert addressees(record["info_recipients"]) == info


RUN_TOGETHER_HEADER = ("VZCZCXRO1470", "PP RUEHDBU", "DE RUEHRL #1533/01 2911324", "ZNY CCCCC ZZH",
                       "P 181324Z OCT 09", "FM AMEMBASSY BERLIN", "TO RUEHC/SECSTATE WASHDC PRIORITY 5559",
                       "INFO RUEHFR/AMEMBASSY PARIS 0456")


def header_joined(*joins: int) -> str:
    """RUN_TOGETHER_HEADER with the line ends after the lines numbered `joins` lost."""
    lines = list(RUN_TOGETHER_HEADER)
    for index in sorted(joins, reverse=True):
        lines[index:index + 2] = [lines[index] + " " + lines[index + 1]]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("header", [
    pytest.param(header_joined(3), id="ZNY and the DTG on one line"),
    pytest.param(header_joined(4), id="the DTG and FM on one line"),
    pytest.param(header_joined(0, 1), id="VZCZC, the routing and DE on one line"),
    pytest.param(header_joined(*range(7)), id="the whole header on one line"),
])
def test_header_lines_run_together(header):
    record = fields(header + BODY)
    assert (record["date_time_group"], record["precedence"], record["sender"], record["transmission_id"],
            record["routing"]["station"]) == ("181324Z OCT 09", "PRIORITY", "AMEMBASSY BERLIN",
                                              "VZCZCXRO1470", "RUEHRL")
    assert addressees(record["recipients"]) == [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "5559")]
    assert addressees(record["info_recipients"]) == [("RUEHFR", "AMEMBASSY PARIS", None, "0456")]


def test_a_whole_cable_on_one_line_has_its_header_and_its_body():
    record = fields((header_joined(*range(7)) + BODY).replace("\n", " "))
    assert (record["date_time_group"], record["sender"], record["reference_id"]) == (
        "181324Z OCT 09", "AMEMBASSY BERLIN", "09BERLIN1533")
    assert addressees(record["info_recipients"]) == [("RUEHFR", "AMEMBASSY PARIS", None, "0456")]
    assert record["classification"] == "CONFIDENTIAL" and record["tags"] == ["PREL", "PGOV", "GM"]


def test_a_last_line_opening_with_a_level_s_word_is_the_text_s():
    """A trailer repeats the classification line with a serial of five or six figures (`SECRET
    BERLIN 001533`), not a sentence's last line with a year (`SECRET BALLOT IN 2009`)."""
    record = fields(BODY.replace("MURPHY\n", "") + "\n2. THE LEADER WILL BE CHOSEN, THE PARTY SAID, BY\n"
                    "SECRET BALLOT IN 2009\n")
    assert record["paragraphs"][-1]["text"].endswith("BY SECRET BALLOT IN 2009")


def test_decl_s_reasons_under_its_label_are_no_date():
    record = fields(BODY.replace("E.O. 12958: DECL: 10/18/2019", "E.O. 12958: DECL:\n1.4 (B) AND (D)"))
    assert record["declassify_on"] is None
    assert not [warning for warning in record["warnings"] if "declassify_on" in warning]


def test_body_lines_under_a_header_run_together_are_not_cut():
    """A header on one line is cut apart; the body under it is not (it was, once one line had
    been cut: `FM LAVROV ... INFO ...` lost its end)."""
    record = fields(header_joined(*range(7)) + "\nCONFIDENTIAL BERLIN 001533\n\nSUBJECT: GERMANY: A SUBJECT\n\n"
                    "1. (C) IN A MEETING MARCH 3,\nFM LAVROV ASKED FOR MORE INFO ON THE SECRET TALKS\n"
                    "AND SAID NO.\n\nMURPHY\n")
    assert record["sender"] == "AMEMBASSY BERLIN"
    assert "\nFM LAVROV ASKED FOR MORE INFO ON THE SECRET TALKS\nAND SAID NO." in record["body"]


def test_body_lines_opening_as_header_lines_are_not_cut():
    """`FM` (a foreign minister), `INFO`, `DE LA RUA` open lines of the body too: below the
    body's first line nothing is cut (a subject and a paragraph lost their ends)."""
    record = fields("CONFIDENTIAL MOSCOW 001234\n\nSUBJECT: RUSSIA: PREPARATIONS FOR\n"
                    "FM LAVROV'S VISIT; MFA SEEKS INFO ON AGENDA\n\n1. (C) IN A MEETING MARCH 3,\n"
                    "FM LAVROV ASKED FOR MORE INFO ON THE SECRET TALKS IN GENEVA\nAND SAID NO.\n\nBURNS\n")
    assert record["subject"] == "RUSSIA: PREPARATIONS FOR FM LAVROV'S VISIT; MFA SEEKS INFO ON AGENDA"
    assert record["paragraphs"][0]["text"].endswith("SECRET TALKS IN GENEVA AND SAID NO.")


@pytest.mark.parametrize("line", ["O R 261612Z FEB 10", "FM USDEL TO THE CD GENEVA"])
def test_a_header_line_holding_what_looks_like_a_later_field_is_kept_whole(line):
    from transforms.cable_parser._header import with_header_fields_apart
    assert with_header_fields_apart([line, ""]) == [line, ""]


@pytest.mark.parametrize("fm_line, sender, origin", [
    pytest.param("FM AMEMBASSY PARIS TO SECSTATE WASHDC IMMEDIATE 1234", "AMEMBASSY PARIS", "Embassy Paris",
                 id="TO run onto the FM line"),
    pytest.param("FM AMEMBASSY BERLIN TO RUEHC/SECSTATE WASHDC PRIORITY 5559", "AMEMBASSY BERLIN",
                 "Embassy Berlin", id="routed TO run onto the FM line"),
    pytest.param("FM USDEL TO THE CD GENEVA", "USDEL TO THE CD GENEVA", None,
                 id="TO inside the sender's name, no post after it"),
    pytest.param("FM USDEL TO USUN GENERAL ASSEMBLY", "USDEL TO USUN GENERAL ASSEMBLY", None,
                 id="a delegation's name says whom it is sent to"),
])
def test_sender_of_an_fm_line_with_the_to_line_run_on(fm_line, sender, origin):
    record = fields("O 151200Z MAY 06\n" + fm_line + "\nINFO AMCONSUL MARSEILLE\n" + BODY)
    assert record["sender"] == sender
    if origin is not None:
        assert record["origin"] == origin


@pytest.mark.parametrize("fm_line, serial_line, reference_id", [
    # Old printouts write the own station short on the serial line, as the station field and the
    # page header cut it: the FM line's station, which starts with it, is the id's.
    pytest.param("FM USMISSION USUN NEW YORK", "LIMITED OFFICIAL USE USUN 4870", "75USUNNEWYORK4870",
                 id="USUN for USUN NEW YORK"),
    pytest.param("FM USMISSION USUN NEW YORK", "LIMITED OFFICIAL USE SECTION 1 OF 2 USUN N 05012",
                 "75USUNNEWYORK5012", id="USUN N, cut at the field's width"),
    pytest.param("FM AMCONSUL CAPE TOWN", "C O N F I D E N T I A L CAPE T 00097", "75CAPETOWN97",
                 id="CAPE T for CAPE TOWN"),
    # Negative rows: the station written whole, or another station than the FM line's.
    pytest.param("FM USMISSION USUN NEW YORK", "CONFIDENTIAL USUN NEW YORK 04870", "75USUNNEWYORK4870",
                 id="the station written whole"),
    pytest.param("FM AMEMBASSY PARIS", "CONFIDENTIAL PARIS 04870", "75PARIS4870", id="the same station"),
    pytest.param("FM SECSTATE WASHDC", "CONFIDENTIAL STATE 104870", "75STATE104870",
                 id="the Department's STATE"),
    pytest.param("FM AMEMBASSY BERLIN", "CONFIDENTIAL BONN 04870", "75BONN4870",
                 id="another station stays (no sequence to say otherwise)"),
    pytest.param("FM AMEMBASSY SANAA", "CONFIDENTIAL SA 04870", "75SA4870",
                 id="two letters are no station's short form"),
    pytest.param("FM AMEMBASSY ISLAMABAD TO JOINT STAFF WASHINGTON DC", "SECRET ISLAMABAD 00525",
                 "75ISLAMABAD525", id="a station known whole under an FM line run on with its TO"),
])
def test_own_station_written_short_on_the_serial_line(fm_line, serial_line, reference_id):
    text = ("R 041125Z MAR 75\n" + fm_line + "\nTO SECSTATE WASHDC 475\n\n" + serial_line
            + "\n\nE.O. 11652: GDS\nTAGS: PFOR, UN\nSUBJECT: A SUBJECT\n\n1. TEXT.\nSCALI\n")
    assert fields(text)["reference_id"] == reference_id


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


def test_xmt_posts_run_onto_one_line():
    record = fields("""P 181324Z OCT 09
FM SECSTATE WASHDC
TO RUEHC/SECSTATE WASHDC 0001
INFO RUEHOO/CHINA POSTS COLLECTIVE PRIORITY XMT AMCONSUL CHENGDU, AMCONSUL SHENYANG
""" + BODY)
    collective = record["info_recipients"][0]
    assert collective["name"] == "CHINA POSTS COLLECTIVE"
    assert collective["excluded"] == ["AMCONSUL CHENGDU", "AMCONSUL SHENYANG"]


def test_xmt_list_belongs_to_an_all_posts_addressee():
    record = fields("""O 181324Z OCT 09
FM SECSTATE WASHDC
TO ALL DIPLOMATIC AND CONSULAR POSTS IMMEDIATE
INFO RUEHNO/USMISSION USNATO IMMEDIATE 0001
XMT AMEMBASSY TRIPOLI
""" + BODY)
    assert record["recipients"][0]["excluded"] == ["AMEMBASSY TRIPOLI"]
    assert record["info_recipients"][0]["excluded"] == []


def test_xmt_list_belongs_to_a_group_of_posts_named_without_collective():
    """`WESTERN HEMISPHERIC AFFAIRS DIPL POSTS` is a collective by another name: an XMT line
    after the addressees under it excludes from it, not from the last addressee."""
    record = fields("""O 181324Z OCT 09
FM SECSTATE WASHDC
TO RUEHWH/WESTERN HEMISPHERIC AFFAIRS DIPL POSTS IMMEDIATE
INFO RHEHNSC/NSC WASHDC IMMEDIATE
XMT AMEMBASSY CARACAS
""" + BODY)
    assert record["recipients"][0]["excluded"] == ["AMEMBASSY CARACAS"]
    assert record["info_recipients"][0]["excluded"] == []


def test_xmt_list_belongs_to_the_collective_before_it():
    record = fields("""P 181324Z OCT 09
FM SECSTATE WASHDC
TO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY
XMT AMCONSUL STRASBOURG
INFO RUEHXK/ARAB ISRAELI COLLECTIVE
""" + BODY)
    assert record["recipients"][0]["excluded"] == ["AMCONSUL STRASBOURG"]
    assert record["info_recipients"][0]["excluded"] == []


@pytest.mark.parametrize("block", ["INFO", "TO"])
def test_routed_addressee_after_an_xmt_list_is_an_addressee_again(block):
    """An XMT list names its posts without routing indicators: a routed line after it goes on
    with the TO or INFO block the XMT line stood in."""
    record = fields(f"""O 181324Z OCT 09
FM SECSTATE WASHDC
{block} RUEHZL/EUROPEAN POLITICAL COLLECTIVE IMMEDIATE
XMT AMEMBASSY BERLIN
AMEMBASSY PARIS
RUEHBW/AMEMBASSY BELGRADE PRIORITY 0002
""" + BODY)
    listed = record["info_recipients" if block == "INFO" else "recipients"]
    assert addressees(listed) == [("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", "IMMEDIATE", None),
                                  ("RUEHBW", "AMEMBASSY BELGRADE", "PRIORITY", "0002")]
    assert listed[0]["excluded"] == ["AMEMBASSY BERLIN", "AMEMBASSY PARIS"]


# --- Date-time group -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, dtg, created", [
    pytest.param("141216Z Jul 05\n" + BODY, "141216Z Jul 05", "2005-07-14T12:16:00+00:00",
                 id="lone DTG in mixed case"),
    pytest.param("This record is a partial extract of the original cable.\n\n101512Z MAR 05\n"
                 + BODY, "101512Z MAR 05", "2005-03-10T15:12:00+00:00",
                 id="lone DTG after the partial-extract notice"),
    pytest.param("P 101512Z Mar 05\nFM AMEMBASSY BERLIN\nTO SECSTATE WASHDC 1\n" + BODY,
                 "101512Z Mar 05", "2005-03-10T15:12:00+00:00", id="DTG line in mixed case"),
    pytest.param("101512z mar 05\n" + BODY, "101512z mar 05", "2005-03-10T15:12:00+00:00",
                 id="lone DTG in lower case"),
    pytest.param("C O N F I D E N T I A L BERLIN 000233\n101512Z Mar 05\n" + BODY.split("\n", 2)[2],
                 "101512Z Mar 05", "2005-03-10T15:12:00+00:00", id="lone DTG under the classification line"),
    pytest.param("O P\n101512Z MAR 05\nFM AMEMBASSY BERLIN\nTO SECSTATE WASHDC 1\n" + BODY,
                 "101512Z MAR 05", "2005-03-10T15:12:00+00:00", id="DTG under its precedence letters"),
    pytest.param("101512Z MAR 05\n\nFM AMEMBASSY BERLIN\nTO SECSTATE WASHDC 1\n" + BODY,
                 "101512Z MAR 05", "2005-03-10T15:12:00+00:00", id="lone DTG over the FM line"),
    pytest.param("O 181324Z SEPT 2009\nFM AMEMBASSY BERLIN\nTO RUEHC/SECSTATE WASHDC 5559\n" + BODY,
                 "181324Z SEPT 2009", "2009-09-18T13:24:00+00:00", id="SEPT and a four-digit year"),
    pytest.param("101512 Z MAR 05\n" + BODY, "101512Z MAR 05", "2005-03-10T15:12:00+00:00",
                 id="lone DTG with a space before the zone letter"),
])
def test_date_time_group(text, dtg, created):
    record = fields(text)
    assert record["date_time_group"] == dtg
    assert record["created"].isoformat() == created
    assert "created_estimated" not in record["warnings"]


def dtg_line_header(dtg_line: str, routing: bool = True) -> str:
    """A header (with its routing lines, or from the DTG line on) whose DTG line is `dtg_line`."""
    lines = list(RUN_TOGETHER_HEADER[4 if not routing else 0:])
    lines[lines.index("P 181324Z OCT 09")] = dtg_line
    return "\n".join(lines) + "\n"


# The DTG line as typed copies and scrapes write it: a space before the zone letter, the
# precedence letters run together or doubled, the precedence spelled out, the line in small
# letters in a text in capitals. The DTG, the precedence, the sender and the addressees under it
# are read (the line ended the header, or was no header line: the DTG, `created` and the
# addressees were lost).
@pytest.mark.parametrize("dtg_line, dtg, precedence", [
    pytest.param("P 181324 Z OCT 09", "181324Z OCT 09", "PRIORITY", id="a space before the zone letter"),
    pytest.param("PP 181324Z OCT 09", "181324Z OCT 09", "PRIORITY", id="the precedence letter doubled"),
    pytest.param("OO 181324Z OCT 09", "181324Z OCT 09", "IMMEDIATE", id="OO"),
    pytest.param("OR 181324Z OCT 09", "181324Z OCT 09", "IMMEDIATE", id="action and info precedence run together"),
    pytest.param("FLASH 181324Z OCT 09", "181324Z OCT 09", "FLASH", id="FLASH spelled out"),
    pytest.param("IMMEDIATE 181324Z OCT 09", "181324Z OCT 09", "IMMEDIATE", id="IMMEDIATE spelled out"),
    pytest.param("NIACT IMMEDIATE 181324Z OCT 09", "181324Z OCT 09", "IMMEDIATE", id="NIACT IMMEDIATE"),
    pytest.param("PRIORITY 181324Z OCT 09", "181324Z OCT 09", "PRIORITY", id="PRIORITY spelled out"),
    pytest.param("Routine 181324Z Oct 09", "181324Z Oct 09", "ROUTINE", id="Routine with a capital initial"),
    pytest.param("p 181324z oct 09", "181324z oct 09", "PRIORITY", id="the line in small letters"),
    pytest.param("o r 181324z oct 09", "181324z oct 09", "IMMEDIATE", id="O R in small letters"),
])
@pytest.mark.parametrize("routing", [True, False], ids=["with routing lines", "from the DTG line"])
def test_dtg_line_written_otherwise(dtg_line, dtg, precedence, routing):
    record = fields(dtg_line_header(dtg_line, routing) + BODY)
    assert (record["date_time_group"], record["created"].isoformat(), record["precedence"],
            record["sender"]) == (dtg, "2009-10-18T13:24:00+00:00", precedence, "AMEMBASSY BERLIN")
    assert addressees(record["recipients"]) == [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "5559")]
    assert "created_estimated" not in record["warnings"]


# ... and body text that opens as such a line: a sentence (the DTG does not end the line), a
# quoted message's DTG line (a spelled precedence starts no header: `TO THE PRESS` would have
# taken the text down to it as the header, and the paragraphs with it).
@pytest.mark.parametrize("line, under", [
    pytest.param("IMMEDIATE 181324Z OCT 09 MESSAGE FROM THE MINISTER", "TO THE EMBASSY", id="a sentence"),
    pytest.param("FLASH 181324Z OCT 09 REPORTS SAID", "TO THE PRESS", id="FLASH opening a sentence"),
    pytest.param("PRIORITY 181324Z OCT 09", "TO THE PRESS", id="a quoted DTG line over TO"),
    pytest.param("IMMEDIATE 181324Z OCT 09", "FM AMEMBASSY PARIS", id="a quoted DTG line over FM"),
    pytest.param("p 181324z oct 09", "to the press", id="in small letters"),
])
def test_body_line_opening_as_a_dtg_line_written_otherwise_is_body_text(line, under):
    record = fields(BODY.replace("1. (C) Text of the first paragraph.",
                                 f"1. (C) Text of the first paragraph.\n\n2. (C) THEY SAID:\n{line}\n{under}\nAND NO MORE."))
    assert (record["date_time_group"], record["precedence"], record["sender"], record["recipients"]) == \
        (None, None, None, [])
    assert record["classification"] == "CONFIDENTIAL" and len(record["paragraphs"]) == 2
    assert f"{line}\n{under}" in record["body"]


def test_a_sentence_opening_with_a_spelled_precedence_and_a_dtg_is_no_dtg_line():
    """Above an extract's FM line (the header's lines, read for its DTG line), a sentence that
    opens as a spelled DTG line goes on after the DTG: it is no DTG line."""
    record = fields("ROUTINE 181324Z OCT 09 TRAFFIC WAS LOST, THE CENTER SAID.\n\n"
                    + dtg_line_header("P 181324Z OCT 09", routing=False).split("\n", 1)[1] + BODY)
    assert (record["date_time_group"], record["precedence"], record["sender"]) == \
        (None, None, "AMEMBASSY BERLIN")


def test_a_dtg_line_whose_date_is_not_read_gives_the_precedence_and_a_warning():
    record = fields("O 181324Z SEPTE 2009\nFM AMEMBASSY BERLIN\nTO RUEHC/SECSTATE WASHDC 5559\n" + BODY)
    assert (record["date_time_group"], record["precedence"], record["sender"]) == \
        (None, "IMMEDIATE", "AMEMBASSY BERLIN")
    assert "date_time_group: 'O 181324Z SEPTE 2009' is not a DTG that can be read" in record["warnings"]


def test_lone_dtg_deep_in_the_body_is_body_text():
    text = BODY.replace("1. (C) Text", "1. (C) Text\n\n101512Z MAR 05\n\nmore")
    assert fields(text)["date_time_group"] is None


# --- References ----------------------------------------------------------------------------------

REF_HEAD = """P 181324Z OCT 09
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC PRIORITY 5559

C O N F I D E N T I A L BERLIN 001533

E.O. 12958: DECL: 10/18/2019
TAGS: PREL PGOV GM
SUBJECT: GERMANY: A SUBJECT
"""


def references(ref_block: str, head: str = REF_HEAD) -> list[tuple]:
    text = head + ref_block + "\n\n1. (C) Text of the first paragraph.\n\nMURPHY\n"
    return [(r["label"], r["reference_id"], r["kind"]) for r in fields(text)["references"]]


@pytest.mark.parametrize("ref_block, expected", [
    pytest.param("REF: STATE 012345", [(None, "09STATE12345", "CABLE")], id="plain, year of the cable"),
    pytest.param(" REF: STATE 012345", [(None, "09STATE12345", "CABLE")], id="indented by a space"),
    pytest.param("Ref: Beijing XXXXXXXXXXXXX", [(None, None, "CABLE")], id="a station's serial redacted"),
    pytest.param("REF: A. 08 MOSCOW XXXXXXXX\nB. SMITH XXXXXXXX\nC. XXXXXXXXXXXX",
                 [("A", None, "CABLE"), ("B", None, "OTHER"), ("C", None, "OTHER")],
                 id="a redaction after no station, or alone, cites no cable"),
    pytest.param("REF: (A)STATE 012345 (B)BERLIN 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN1234", "CABLE")],
                 id="item glued to its letter"),
    pytest.param("REF: A. STATE 012345\n     B. BERLIN 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN1234", "CABLE")], id="one a line"),
    pytest.param("REF: A. STATE 012345 \u00b6B. BERLIN 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN1234", "CABLE")],
                 id="the scrape's anchor before a label on the REF line"),
    pytest.param("REF: (A) STATE 1\n(B) PARIS 2\n(C) LONDON 3\n(D) BEIJING\n1234",
                 [("A", "09STATE1", "CABLE"), ("B", "09PARIS2", "CABLE"),
                  ("C", "09LONDON3", "CABLE"), ("D", "09BEIJING1234", "CABLE")],
                 id="(C) label is no portion marking; item split over two lines"),
    pytest.param("REF: (A) BUENOS AIRES 2336 (B) MCWHIRTER 12/14/07\n\nE-MAIL TO DS COMMAND CENTER",
                 [("A", "09BUENOSAIRES2336", "CABLE"), ("B", None, "EMAIL")],
                 id="the kind of document on a line after a blank line"),
    pytest.param("REF: A. STATE 012345\n\nE-MAIL TO DS COMMAND CENTER", [("A", "09STATE12345", "CABLE")],
                 id="no kind of document after a cable citation"),
    pytest.param("REF: (A) MCWHIRTER 12/14/07\n\nTHE E-MAIL SAID", [("A", None, "OTHER")],
                 id="a line not opening with the kind of document is no continuation"),
    pytest.param("REF: A) STATE 012345 B) SMITH EMAIL 05/11/07 C) TALLINN 123",
                 [("A", "09STATE12345", "CABLE"), ("B", None, "EMAIL"), ("C", "09TALLINN123", "CABLE")],
                 id="cable after a non-cable item"),
    pytest.param("REFTELS: A) 08 STATE 1234 B) 2008 BRASILIA 123",
                 [("A", "08STATE1234", "CABLE"), ("B", "08BRASILIA123", "CABLE")],
                 id="REFTELS heading, two- and four-digit years"),
    pytest.param("Ref(s): A. 08 RIO DE JAN 45 B. 07 SAO PAULO 12",
                 [("A", "08RIODEJANEIRO45", "CABLE"), ("B", "07SAOPAULO12", "CABLE")],
                 id="Ref(s) heading, abbreviated station completed"),
    pytest.param("REF: A. 07 HO CHI MINH 123", [("A", "07HOCHIMINHCITY123", "CABLE")],
                 id="abbreviation completed from the routing list"),
    pytest.param("REF: A. MEXICO 3076 B. GUATEMALA 12", [("A", "09MEXICO3076", "CABLE"),
                                                        ("B", "09GUATEMALA12", "CABLE")],
                 id="a short word is not completed"),
    pytest.param("REF: A. TEGUCIGALP 123 B. USUN NEW Y 45 C. 08 JOHANNESBU 5",
                 [("A", "09TEGUCIGALPA123", "CABLE"), ("B", "09USUNNEWYORK45", "CABLE"),
                  ("C", "08JOHANNESBURG5", "CABLE")], id="cut to the ten-character station field"),
    pytest.param("REF: A. USUN 123 B. UNVIE 45 C. USEU 67 D. 08 HCMC 89",
                 [("A", "09USUNNEWYORK123", "CABLE"), ("B", "09UNVIEVIENNA45", "CABLE"),
                  ("C", "09BRUSSELS67", "CABLE"), ("D", "08HOCHIMINHCITY89", "CABLE")],
                 id="short names of missions"),
    pytest.param("REF: A. HOLY SEE 34 B. 08 HOLY SEE 12 C. VATICAN 5",
                 [("A", "09VATICAN34", "CABLE"), ("B", "08VATICAN12", "CABLE"),
                  ("C", "09VATICAN5", "CABLE")],
                 id="the Holy See's embassy is Cablegate's VATICAN, however written"),
    pytest.param("REF: A. USEU BRUSSELS 1234 B. REO BASRAH 45 C. IRAN RPO DUBAI 49 D. RPO DUBAI 50",
                 [("A", "09BRUSSELS1234", "CABLE"), ("B", "09BASRAH45", "CABLE"),
                  ("C", "09RPODUBAI49", "CABLE"), ("D", "09RPODUBAI50", "CABLE")],
                 id="a mission's telegrams are numbered as its FM line's station"),
    pytest.param("REF: A. US MISSION GENEVA 211 B. U.S. EMBASSY PARIS 12 C. AMERICAN CONSULATE GENERAL JERUSALEM 4",
                 [("A", "09GENEVA211", "CABLE"), ("B", "09PARIS12", "CABLE"), ("C", "09JERUSALEM4", "CABLE")],
                 id="the kind of post spelled out in words"),
    # A mission to an organisation written out, the station field cut after USEU (2026-12-07, night).
    pytest.param("REF: A. US MISSION TO NATO 123 B. USMISSION TO THE OSCE 12 C. USMISSION TO THE UN 45 D. MISSION TO NATO 6",
                 [("A", "09USNATO123", "CABLE"), ("B", "09USOSCE12", "CABLE"), ("C", "09USUNNEWYORK45", "CABLE"),
                  ("D", "09USNATO6", "CABLE")], id="a mission to an organisation is US and its short name"),
    pytest.param("REF: A. USMISSION TO THE EU 7 B. US EMBASSY TO THE VATICAN 5 C. US MISSION NATO 8",
                 [("A", "09BRUSSELS7", "CABLE"), ("B", None, "OTHER"), ("C", "09NATO8", "CABLE")],
                 id="USEU's is BRUSSELS; an embassy's or a mission's without TO is no such name"),
    pytest.param("REF: A. USEU BRUSS 1234 B. BRUSS 12", [("A", "09BRUSSELS1234", "CABLE"), ("B", "09BRUSS12", "CABLE")],
                 id="the place cut short after USEU in the ten-character field; a short word alone is not"),
    pytest.param("REF: A. AMCONSUL GUADALAJAR 1186 B. AMCONSUL JOHANNESBU 45 C. AMEMBASSY TEGUCIGALP 9",
                 [("A", "09GUADALAJARA1186", "CABLE"), ("B", "09JOHANNESBURG45", "CABLE"),
                  ("C", "09TEGUCIGALPA9", "CABLE")],
                 id="a place that fills the ten-character field alone is cut, the kind of post before it or not"),
    pytest.param("REF: A. USNATO 341 B. USOSCE 12 C. AIT TAIPEI 5 D. US 12 E. RIO DE JANEIRO 7",
                 [("A", "09USNATO341", "CABLE"), ("B", "09USOSCE12", "CABLE"), ("C", "09TAIPEI5", "CABLE"),
                  ("D", "09US12", "CABLE"), ("E", "09RIODEJANEIRO7", "CABLE")],
                 id="missions whose ids keep their names; no kind without a place after it"),
    pytest.param("REF: RIO 329", [(None, "09RIODEJANEIRO329", "CABLE")], id="RIO is Rio de Janeiro"),
    pytest.param("REF: A. MEXICO CITY 3076 B. GUATEMALA CITY 12 C. HO CHI MINH CITY 5",
                 [("A", "09MEXICO3076", "CABLE"), ("B", "09GUATEMALA12", "CABLE"),
                  ("C", "09HOCHIMINHCITY5", "CABLE")],
                 id="a capital named with CITY is Cablegate's name without it, but Ho Chi Minh City"),
    pytest.param("REF: A. USINT HAVANA 123 B. USOFFICE PRISTINA 45 C. AMCONSUL JERUSALEM 6",
                 [("A", "09HAVANA123", "CABLE"), ("B", "09PRISTINA45", "CABLE"), ("C", "09JERUSALEM6", "CABLE")],
                 id="the kind of post before its place is no part of the station"),
    pytest.param("REF: A. 09STATE12345 B. 08BERLIN1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "08BERLIN1234", "CABLE")],
                 id="written as reference ids"),
    pytest.param("REF: 08STATE 12345", [(None, "08STATE12345", "CABLE")], id="year glued to the station"),
    pytest.param("REF: A. A. STATE 99125 B. B. SOFIA 1046",
                 [("A", "09STATE99125", "CABLE"), ("B", "09SOFIA1046", "CABLE")], id="doubled labels"),
    pytest.param("REF: A. A. STATE 15 B. STATE 10 C. STATE 11\n\u00b6B. D. STATE 12",
                 [("A", "09STATE15", "CABLE"), ("B", "09STATE10", "CABLE"), ("C", "09STATE11", "CABLE"),
                  ("D", "09STATE12", "CABLE")], id="a used label doubled before the next"),
    pytest.param("REF: 09 SECSTATE 1234", [(None, "09STATE1234", "CABLE")], id="SECSTATE is STATE"),
    pytest.param("REF: USUN NEW YORK 123", [(None, "09USUNNEWYORK123", "CABLE")],
                 id="known station not completed further"),
    pytest.param("REF: MADRID SP 0307", [(None, "09MADRID307", "CABLE")],
                 id="country code after the post"),
    pytest.param("REF: STATE 1234 DTG 121212Z JAN 09", [(None, "09STATE1234", "CABLE")],
                 id="citation followed by its DTG"),
    pytest.param("REF: STATE 123456 DATED 1/2/09", [(None, "09STATE123456", "CABLE")],
                 id="citation followed by its date"),
    pytest.param("REF: A) STATE 12345 - B) PARIS 678", [("A", "09STATE12345", "CABLE"), ("B", "09PARIS678", "CABLE")],
                 id="a dash between two labelled entries"),
    pytest.param("REF: A - STATE 12345, B - PARIS 678", [("A", "09STATE12345", "CABLE"), ("B", "09PARIS678", "CABLE")],
                 id="labels with a dash, the entries separated by a comma"),
    pytest.param("REF: A. STATE 12345 B. PARIS 678\n\n(C) Summary: The talks went well.",
                 [("A", "09STATE12345", "CABLE"), ("B", "09PARIS678", "CABLE")],
                 id="the first paragraph opened by its marking alone, the letter due after B"),
    pytest.param("REF: A. STATE 12345\nB. PARIS 678\n(C) THE MINISTER SAID ON MONDAY THAT THE TALKS WITH THE "
                 "OPPOSITION WOULD\nGO ON.",
                 [("A", "09STATE12345", "CABLE"), ("B", "09PARIS678", "CABLE")],
                 id="... without a blank line, a long sentence"),
    pytest.param("REF: (A) STATE 12345\n(B) PARIS 678\n(C) USDAO DAILY REPORT",
                 [("A", "09STATE12345", "CABLE"), ("B", "09PARIS678", "CABLE"), ("C", None, "OTHER")],
                 id="a short title after the label like a marking is the next entry"),
    # the date written after a yearless citation gives its year, not the citing cable's
    pytest.param("REF: STATE 12345 DTG 121212Z MAR 05", [(None, "05STATE12345", "CABLE")],
                 id="year of the cited telegram's DTG"),
    pytest.param("REF: A. STATE 12345 (DTG 051506ZJUN2008) B. PARIS 678",
                 [("A", "08STATE12345", "CABLE"), ("B", "09PARIS678", "CABLE")],
                 id="year of its DTG in parentheses, four digits, glued"),
    pytest.param("REF: STATE 12345 (121212Z MAR 08)", [(None, "08STATE12345", "CABLE")],
                 id="year of its DTG without the word"),
    pytest.param("REF: STATE 12345 OF 3/4/08", [(None, "08STATE12345", "CABLE")], id="year of its date"),
    pytest.param("REF: STATE 12345 OF MARCH 4, 2008", [(None, "08STATE12345", "CABLE")],
                 id="year of its date in words"),
    pytest.param("REF: STATE 12345 DATED 12 MARCH 2008", [(None, "08STATE12345", "CABLE")],
                 id="year of its date, the day first"),
    pytest.param("REF: STATE 12345 OF 2008", [(None, "08STATE12345", "CABLE")],
                 id="a year after OF, no citation of its own"),
    pytest.param("REF: STATE 12345 (2008)", [(None, "08STATE12345", "CABLE")], id="a year in parentheses"),
    pytest.param("REF: STATE 12345 (NOTAL, AS OF 3/4/08)", [(None, "09STATE12345", "CABLE")],
                 id="a date further on is not the citation's"),
    pytest.param("REF: STATE 2311 (2003 HUMAN RIGHTS REPORT)", [(None, "09STATE2311", "CABLE")],
                 id="a year opening the cited document's title is not the citation's"),
    pytest.param("REF: STATE 2311 (1998 AGREEMENT)", [(None, "09STATE2311", "CABLE")],
                 id="a year opening a title in parentheses"),
    pytest.param("REF: TEHRAN 1788, MARCH 1974 ELECTIONS", [(None, "09TEHRAN1788", "CABLE")],
                 id="a month and year opening a title after a comma"),
    pytest.param("REF: A. STATE 1\n     B. (U) BERLIN 2", [("A", "09STATE1", "CABLE"),
                                                     ("B", "09BERLIN2", "CABLE")],
                 id="portion marking before the citation"),
    pytest.param("REF: A. SMITH 12/14/07", [("A", None, "OTHER")], id="a name and a date is no cable"),
    pytest.param("REF: MOSCOW 03242 2008", [(None, "08MOSCOW3242", "CABLE")], id="trailing year"),
    pytest.param("REF: A. STATE 1234\n\nB. BERLIN 567",
                 [("A", "09STATE1234", "CABLE"), ("B", "09BERLIN567", "CABLE")],
                 id="blank line inside the list"),
    pytest.param("REF: A. STATE 1234 B. BERLIN 12 CLASSIFIED BY: AMBASSADOR PHILIP MURPHY, "
                 "REASONS 1.4 (B) AND (D)",
                 [("A", "09STATE1234", "CABLE"), ("B", "09BERLIN12", "CABLE")],
                 id="CLASSIFIED BY run into the REF line"),
    pytest.param("REF: STATE 12345\nSensitive but unclassified; not for Internet Distribution.",
                 [(None, "09STATE12345", "CABLE")], id="SBU notice under the REF line"),
    pytest.param("REF: A. STATE 1 B. BERLIN 2\nSENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY",
                 [("A", "09STATE1", "CABLE"), ("B", "09BERLIN2", "CABLE")],
                 id="SBU notice in capitals under a labelled list"),
    pytest.param("REF: 09 MEXICO 127; 09 SANTIAGO 51\nDERIVED FROM: DSCG 05-1 B, D",
                 [(None, "09MEXICO127", "CABLE"), (None, "09SANTIAGO51", "CABLE")],
                 id="DERIVED FROM line under the REF line"),
    pytest.param("REF: STATE 12345\nThis is an action request. See paragraph 4.",
                 [(None, "09STATE12345", "CABLE")], id="action request notice under the REF line"),
    pytest.param("REF: STATE 12345\nSIPDIS", [(None, "09STATE12345", "CABLE")],
                 id="SIPDIS under the REF line"),
    pytest.param("REF: STATE 12345\nACTION REQUEST: see paragraph 4.", [(None, "09STATE12345", "CABLE")],
                 id="ACTION REQUEST under the REF line"),
    pytest.param("REF: STATE 12345\nPOINTS OF CONTACT: JOHN SMITH", [(None, "09STATE12345", "CABLE")],
                 id="POINTS OF CONTACT under the REF line"),
    pytest.param("REF: STATE 12345\nPASS TO AMCONSUL FRANKFURT", [(None, "09STATE12345", "CABLE")],
                 id="PASS TO line under the REF line"),
    pytest.param("REF: STATE 12345\nCORRECTED COPY: ADDED REF", [(None, "09STATE12345", "CABLE")],
                 id="CORRECTED COPY under the REF line"),
    pytest.param("REF: STATE 12345\n-- the first bullet", [(None, "09STATE12345", "CABLE")],
                 id="a bullet under the REF line"),
    pytest.param("REF: STATE 12345\nSENSITIVE", [(None, "09STATE12345", "CABLE")], id="a caveat line under the REF line"),
    pytest.param("REF: STATE 12345\nCONFIDENTIAL", [(None, "09STATE12345", "CABLE")], id="a banner under the REF line"),
    pytest.param("REF: STATE 12345\nDEPT FOR EUR/CE", [(None, "09STATE12345", "CABLE")],
                 id="addressing under the REF line"),
    pytest.param("REF: STATE 12345\nDECL: 10/18/2019", [(None, "09STATE12345", "CABLE")], id="DECL under the REF line"),
    pytest.param("REF: STATE 12345\n==========", [(None, "09STATE12345", "CABLE")], id="a ruler of = under the REF line"),
    pytest.param("REF: A. MEMCON OF THE\nSECRET TALKS", [("A", None, "OTHER")],
                 id="a line opening with a level's word is no banner"),
    pytest.param("REF: A. SECSTATE 90063\nB KUALA LUMPUR 739",
                 [("A", "09STATE90063", "CABLE"), ("B", "09KUALALUMPUR739", "CABLE")],
                 id="the next label without its full stop, opening a line"),
    pytest.param("REF: STATE 012345\nA MEETING", [(None, "09STATE12345", "CABLE")],
                 id="a word opening a line of an unlabelled entry is no label"),
    # The next label without its full stop on the same line: a letter alone, the one due, after
    # a serial or a parenthesis, and a cable citation after it.
    pytest.param("REF: A. SECSTATE 90063 B KUALA LUMPUR 739",
                 [("A", "09STATE90063", "CABLE"), ("B", "09KUALALUMPUR739", "CABLE")],
                 id="the next label without its full stop, on the same line"),
    pytest.param("REF: A. STATE 123 B. BERLIN 12 C 08 PARIS 45 D 2008 ROME 6",
                 [("A", "09STATE123", "CABLE"), ("B", "09BERLIN12", "CABLE"), ("C", "08PARIS45", "CABLE"),
                  ("D", "08ROME6", "CABLE")], id="a label without its full stop before a cited year"),
    pytest.param("REF: A) STATE 1234 (NOTAL) B BERLIN 12",
                 [("A", "09STATE1234", "CABLE"), ("B", "09BERLIN12", "CABLE")],
                 id="a label without its parenthesis after a parenthesis"),
    pytest.param("REF: A STATE 1234 B BERLIN 12",
                 [("A", "09STATE1234", "CABLE"), ("B", "09BERLIN12", "CABLE")], id="every label bare"),
    pytest.param("REF: A- STATE 1234 B- BERLIN 12",
                 [("A", "09STATE1234", "CABLE"), ("B", "09BERLIN12", "CABLE")], id="labels with a hyphen"),
    pytest.param("REF: A - STATE 1234 B - BERLIN 12",
                 [("A", "09STATE1234", "CABLE"), ("B", "09BERLIN12", "CABLE")],
                 id="labels with a spaced hyphen"),
    pytest.param("ref: a. secstate 90063 b kuala lumpur 739",
                 [("A", "09STATE90063", "CABLE"), ("B", "09KUALALUMPUR739", "CABLE")],
                 id="lower case, the next label without its full stop"),
    pytest.param("REF: A. STATE 1234 PLAN B BERLIN 12", [("A", "09STATE1234", "CABLE")],
                 id="a letter after a word is no label"),
    pytest.param("REF: A. STATE 1234 B. MEMO FROM JOHN C SMITH 12 MARCH",
                 [("A", "09STATE1234", "CABLE"), ("B", None, "OTHER")], id="nor an initial"),
    pytest.param("REF: A. STATE 1234 B. TELCON 3/4 C SMITH 12/14/07",
                 [("A", "09STATE1234", "CABLE"), ("B", None, "OTHER")],
                 id="nor a letter before a name and a date"),
    pytest.param("REF: A. STATE 1234 B 12 MARCH 2008 MEETING", [("A", "09STATE1234", "CABLE")],
                 id="nor a letter before a date"),
    pytest.param("REF: A. STATE 1234 C BERLIN 12", [("A", "09STATE1234", "CABLE")],
                 id="nor a letter that is not the one due"),
    pytest.param("REF: STATE 1234 B BERLIN 12", [("A", "09STATE1234", "CABLE"), ("B", "09BERLIN12", "CABLE")],
                 id="a letter alone is no part of a station: the next label, the first entry A"),
    pytest.param("REF: STATE 1234 NODIS B BERLIN 12", [(None, "09STATE1234", "CABLE")],
                 id="a caveat is no part of a station"),
    pytest.param("REF: JOHN B SMITH 12 MAY", [(None, None, "OTHER")], id="an initial after no citation"),
    pytest.param("REF: A. URTEL 1234 B. YOUR 56 C. YOURTEL 7 D. STATE 8",
                 [("A", "09STATE1234", "CABLE"), ("B", "09STATE56", "CABLE"), ("C", "09STATE7", "CABLE"),
                  ("D", "09STATE8", "CABLE")],
                 id="the addressee's telegrams: the Department's, the one addressee"),
    pytest.param("REF: 08 BERLIN 1234 (NOTAL), 08 BERLIN 1345",
                 [(None, "08BERLIN1234", "CABLE"), (None, "08BERLIN1345", "CABLE")],
                 id="unlabelled citations, one with its caveat in parentheses"),
    pytest.param("REF: STATE 012345 AND BERLIN 1234",
                 [(None, "09STATE12345", "CABLE"), (None, "09BERLIN1234", "CABLE")],
                 id="two citations joined by AND"),
    pytest.param("REF: A. STATE 1 AND B. STATE 2",
                 [("A", "09STATE1", "CABLE"), ("B", "09STATE2", "CABLE")], id="labelled entries joined by AND"),
    pytest.param("REF: STATE 1234 PARA 3", [(None, "09STATE1234", "CABLE")],
                 id="citation followed by the paragraph it points to"),
    pytest.param("REF: STATE 1234, PARAS 4-5", [(None, "09STATE1234", "CABLE")],
                 id="paragraphs after a comma are no second entry"),
    pytest.param("REF: A. STATE 1234 PARA 3 B. BERLIN 1",
                 [("A", "09STATE1234", "CABLE"), ("B", "09BERLIN1", "CABLE")],
                 id="labelled citation followed by its paragraph"),
    pytest.param("REF: A.STATE 012345 B.BERLIN 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN1234", "CABLE")],
                 id="item glued to its letter and full stop"),
    pytest.param("REF: A. MEMCON WITH U.S. AMBASSADOR J.SMITH", [("A", None, "OTHER")],
                 id="initials glued to a name are no labels"),
    pytest.param("REF: STATE 12345 NODIS", [(None, "09STATE12345", "CABLE")],
                 id="citation followed by its caveat"),
    pytest.param("REF: A. STATE 1234\nB. (C) BERLIN 12",
                 [("A", "09STATE1234", "CABLE"), ("B", "09BERLIN12", "CABLE")],
                 id="a marking right after a label is no label, also (C) after B"),
    pytest.param("REF: A. STATE 12345 (U) B. BERLIN 12 (C)",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN12", "CABLE")],
                 id="a marking after the last entry is no label"),
    pytest.param("REF: A. DEPTEL 12345 B. EMBTEL 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN1234", "CABLE")],
                 id="old cables' DEPTEL (the Department's) and EMBTEL (the post's own)"),
    pytest.param("REF: A. DEPT 12345 B. 08 DEPT 678",
                 [("A", "09STATE12345", "CABLE"), ("B", "08STATE678", "CABLE")],
                 id="the Department's telegrams cited as DEPT"),
    pytest.param("REF: A. DEPT TEL 12345 B. DEPARTMENT 678",
                 [("A", "09STATE12345", "CABLE"), ("B", "09STATE678", "CABLE")],
                 id="the Department's telegrams cited as DEPT TEL, DEPARTMENT"),
    pytest.param("REF: A. DEPTELS 12345 AND 12400 B. EMBTELS 567, 590",
                 [("A", "09STATE12345", "CABLE"), ("A", "09STATE12400", "CABLE"),
                  ("B", "09BERLIN567", "CABLE"), ("B", "09BERLIN590", "CABLE")],
                 id="telegrams by kind in the plural"),
    pytest.param("REF: A. '08 STATE 12345 B. '08 PARIS 678",
                 [("A", "08STATE12345", "CABLE"), ("B", "08PARIS678", "CABLE")],
                 id="the year's century cut with an apostrophe"),
    pytest.param("REF: '08 STATE 12345; '07 PARIS 678",
                 [(None, "08STATE12345", "CABLE"), (None, "07PARIS678", "CABLE")],
                 id="the year's century cut with an apostrophe, unlabelled"),
    pytest.param("REF A: STATE 12345\nREF B: BERLIN 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN1234", "CABLE")],
                 id="the heading carrying each entry's letter, one a line"),
    pytest.param("REF: A) STATE 12345\nREF: B) BERLIN 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN1234", "CABLE")],
                 id="the heading repeated for each entry"),
    pytest.param("REF (A): STATE 12345", [("A", "09STATE12345", "CABLE")],
                 id="the entry's letter in parentheses after the heading"),
    pytest.param("REF A: STATE 12345 REF B: BERLIN 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN1234", "CABLE")],
                 id="the heading carrying each entry's letter, on one line"),
    pytest.param("REF: A) STATE 12345 REF: B) BERLIN 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN1234", "CABLE")],
                 id="the heading repeated for each entry, on one line"),
    pytest.param("REF (A): STATE 12345; REF (B): BERLIN 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN1234", "CABLE")],
                 id="the heading carrying each entry's letter in parentheses, on one line"),
    pytest.param("REFTEL(S): A. STATE 12345 B. BERLIN 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BERLIN1234", "CABLE")], id="REFTEL(S) heading"),
    pytest.param("REFERENCE(S): STATE 12345", [(None, "09STATE12345", "CABLE")],
                 id="the plural's (S) after any heading is no entry's letter"),
    pytest.param("REF (S): STATE 12345", [(None, "09STATE12345", "CABLE")], id="nor after a space"),
    pytest.param("REF.: STATE 12345", [(None, "09STATE12345", "CABLE")], id="a full stop after the heading"),
    pytest.param("REF - STATE 12345", [(None, "09STATE12345", "CABLE")], id="a dash for the heading's colon"),
    pytest.param("REF: S. STATE 12345", [(None, None, "OTHER")], id="a letter and a full stop are no station's word"),
    pytest.param("REF: A. A) BAKU 91\n\u00b6B. B) BAKU 30\n\u00b6C. C) 2009 BAKU 972\n\u00b6D. AND PREVIOUS",
                 [("A", "09BAKU91", "CABLE"), ("B", "09BAKU30", "CABLE"), ("C", "09BAKU972", "CABLE")],
                 id="a label typed before AND PREVIOUS opens no entry"),
    pytest.param("REF: A. STATE 12345\nB. ANDREWS MEMO OF MAY 3",
                 [("A", "09STATE12345", "CABLE"), ("B", None, "OTHER")],
                 id="an entry opening with AND in a word stays"),
    # Serials after the first that share its station: one entry per cable cited, the entry's label.
    pytest.param("REF: STATE 1234 AND 5678", [(None, "09STATE1234", "CABLE"), (None, "09STATE5678", "CABLE")],
                 id="a second serial of the same station"),
    pytest.param("REF: A. STATE 1234, 5678 AND 9012 B. BERLIN 12",
                 [("A", "09STATE1234", "CABLE"), ("A", "09STATE5678", "CABLE"), ("A", "09STATE9012", "CABLE"),
                  ("B", "09BERLIN12", "CABLE")], id="serials of one labelled entry: each with its label"),
    pytest.param("REF: 08 BERLIN 123 AND 456", [(None, "08BERLIN123", "CABLE"), (None, "08BERLIN456", "CABLE")],
                 id="the later serial takes the first's year"),
    pytest.param("REF: ROME 12, 34", [(None, "09ROME12", "CABLE"), (None, "09ROME34", "CABLE")],
                 id="serials after a comma"),
    pytest.param("REF: 08 STATE 1234, 1235, AND 1236 (NOTAL)",
                 [(None, "08STATE1234", "CABLE"), (None, "08STATE1235", "CABLE"), (None, "08STATE1236", "CABLE")],
                 id="serials after a comma and AND, the last with its caveat"),
    pytest.param("REF: STATE 1234 & 5678 DTG 121212Z JAN 09",
                 [(None, "09STATE1234", "CABLE"), (None, "09STATE5678", "CABLE")],
                 id="serials joined by &, the last with its DTG"),
    pytest.param("REF: A. STATE 1234 AND STATE 5678",
                 [("A", "09STATE1234", "CABLE"), ("A", "09STATE5678", "CABLE")],
                 id="two citations of one labelled entry"),
    pytest.param("REF: A. STATE 1234 B. 5678", [("A", "09STATE1234", "CABLE"), ("B", "09STATE5678", "CABLE")],
                 id="a serial alone under another label is a cable of the station above"),
    pytest.param("REF: A. 08 STATE 1234\nB. 5678 (NOTAL)\nC. MEMCON 12 D. 34",
                 [("A", "08STATE1234", "CABLE"), ("B", "08STATE5678", "CABLE"), ("C", None, "OTHER"),
                  ("D", None, "OTHER")], id="a serial alone under its label, its year the citation's; not after no cable"),
    pytest.param("REF: STATE 1234 AND 08 STATE 5678",
                 [(None, "09STATE1234", "CABLE"), (None, "08STATE5678", "CABLE")], id="a year after AND: its citation's"),
    pytest.param("REF: A. MEETING OF MAY 5 AND 6", [("A", None, "OTHER")], id="no split of dates"),
    pytest.param("REF: STATE 1234 PARA 3 AND 4", [(None, "09STATE1234", "CABLE")],
                 id="nor of paragraph numbers"),
    pytest.param("REF: STATE 1234 AND 2 OTHERS", [(None, "09STATE1234", "CABLE")], id="nor of a count"),
    pytest.param("REF: ROME 12, 2008", [(None, "08ROME12", "CABLE")], id="nor of a year after a comma: its year"),
    pytest.param("REF: MADRID 417 AND PREVIOUS", [(None, "09MADRID417", "CABLE")], id="nor of AND PREVIOUS"),
    pytest.param("REF: A. STATE 1234 PLAN B BERLIN 12", [("A", "09STATE1234", "CABLE")],
                 id="nor of a labelled entry at a space alone"),
    # A label that lost its stop before a document, the first entry without its label.
    pytest.param("REF: A. STATE 1234 B ECON/POL E-MAIL 5/4/06",
                 [("A", "09STATE1234", "CABLE"), ("B", None, "EMAIL")],
                 id="a label without its stop before a document"),
    pytest.param("REF: (A) STATE 1234 (B) MEMCON 5/4/06 C TELCON WITH MFA",
                 [("A", "09STATE1234", "CABLE"), ("B", None, "OTHER"), ("C", None, "OTHER")],
                 id="a label without its parenthesis before a document"),
    pytest.param("REF: A. STATE 1234 B SMITH 12/14/07", [("A", "09STATE1234", "CABLE")],
                 id="no label before a name and a date"),
    pytest.param("REF: BERLIN 1234 (B) BERLIN 1345",
                 [("A", "09BERLIN1234", "CABLE"), ("B", "09BERLIN1345", "CABLE")],
                 id="the first entry without its label is A"),
    pytest.param("REF: STATE 1234 B. MEMO OF MAY 3",
                 [("A", "09STATE1234", "CABLE"), ("B", None, "OTHER")], id="also before B."),
    pytest.param("REF: STATE 1234 (B)", [(None, "09STATE1234", "CABLE")],
                 id="no label B closing the list"),
    pytest.param("REF: MEMO FROM JOHN B. SMITH", [(None, None, "OTHER")], id="nor an initial after a word"),
    # A label out of sequence opening a line of a list written one entry a line.
    pytest.param("REFS:\n(A) STATE 1\n(B) MOSCOW 2\n(E) CIS DOC.",
                 [("A", "09STATE1", "CABLE"), ("B", "09MOSCOW2", "CABLE"), ("E", None, "OTHER")],
                 id="a label out of sequence opening a line"),
    pytest.param("REF: A. STATE 1 B. MOSCOW 2\nE. SMITH MEMO",
                 [("A", "09STATE1", "CABLE"), ("B", "09MOSCOW2", "CABLE")],
                 id="not when the list is not one entry a line"),
    pytest.param("REF: A. MEMCON OF THE\nJ. SMITH MEETING", [("A", None, "OTHER")],
                 id="nor an initial opening the second line"),
    pytest.param("REF: A. BERLIN 1234 B. BERLIN 1345 D. BERLIN 1400 E. STATE 5",
                 [("A", "09BERLIN1234", "CABLE"), ("B", "09BERLIN1345", "CABLE"), ("D", "09BERLIN1400", "CABLE"),
                  ("E", "09STATE5", "CABLE")], id="a letter skipped between two citations"),
    pytest.param("REF: A. STATE 1234 D. SMITH 5/4/06", [("A", "09STATE1234", "CABLE")],
                 id="not before a name and a date"),
    pytest.param("REF: A. STATE 1234 B. MEMO FROM JOHN D. SMITH 1",
                 [("A", "09STATE1234", "CABLE"), ("B", None, "OTHER")], id="nor after a word"),
    pytest.param("REF: STATE 12345 PARA 2 AND BERLIN 1234",
                 [(None, "09STATE12345", "CABLE"), (None, "09BERLIN1234", "CABLE")],
                 id="a citation after another's paragraph"),
    pytest.param("REF: A. STATE 1234 PARAS 2 AND 3, BERLIN 12 PARA 4",
                 [("A", "09STATE1234", "CABLE"), ("A", "09BERLIN12", "CABLE")],
                 id="a citation after another's paragraphs, in a labelled entry"),
    pytest.param("REF: STATE 1234/BERLIN 567 - 08 PARIS 12",
                 [(None, "09STATE1234", "CABLE"), (None, "09BERLIN567", "CABLE"), (None, "08PARIS12", "CABLE")],
                 id="citations separated by a slash or a dash"),
    pytest.param("REF: A. STATE 1234 / B. BERLIN 567",
                 [("A", "09STATE1234", "CABLE"), ("B", "09BERLIN567", "CABLE")], id="a slash closing an entry"),
    pytest.param("REF: STATE 1234/5678", [(None, None, "OTHER")], id="no serial after a slash"),
    # Numbered acts and documents are no cables.
    pytest.param("REF: A. UNSC RES 1737 B. EO 13224 C. PUBLIC LAW 109 D. ARTICLE 5 E. NSPD 44 F. MEMO 12",
                 [("A", None, "OTHER"), ("B", None, "OTHER"), ("C", None, "OTHER"), ("D", None, "OTHER"),
                  ("E", None, "OTHER"), ("F", None, "OTHER")], id="numbered acts and documents"),
    # The REF block across a page break (the cleaning cuts `BERLIN 00001533 002 OF 003`).
    pytest.param("REF: A. STATE 1234\n\nBERLIN 00001533  002 OF 003\n\nB. BERLIN 12",
                 [("A", "09STATE1234", "CABLE"), ("B", "09BERLIN12", "CABLE")],
                 id="a page break between two entries"),
    pytest.param("REF: A. STATE 1234 B. MOSCOW\n\nBERLIN 00001533  002 OF 003\n\n5678",
                 [("A", "09STATE1234", "CABLE"), ("B", "09MOSCOW5678", "CABLE")],
                 id="a page break inside an entry"),
    pytest.param("REF: STATE 1234,\n\nBERLIN 00001533  002 OF 003\n\nMOSCOW 5678",
                 [(None, "09STATE1234", "CABLE"), (None, "09MOSCOW5678", "CABLE")],
                 id="a page break inside an unlabelled list"),
    pytest.param("REF: A. STATE 1234\nB. MOSCOW 5678\nCONFIDENTIAL BERLIN 001533 002 OF 003\nC. PARIS 9",
                 [("A", "09STATE1234", "CABLE"), ("B", "09MOSCOW5678", "CABLE"), ("C", "09PARIS9", "CABLE")],
                 id="a page header the cleaning leaves"),
    pytest.param("REF: A. STATE 1234\nB. MOSCOW 5678\n\nCONFIDENTIAL BERLIN 001533 002 OF 003\n\nC. PARIS 9",
                 [("A", "09STATE1234", "CABLE"), ("B", "09MOSCOW5678", "CABLE"), ("C", "09PARIS9", "CABLE")],
                 id="a page header the cleaning leaves, between blank lines"),
    pytest.param("REF: A. STATE 1234\n\nBERLIN 00001533  002 OF 003\n\nINTRODUCTION",
                 [("A", "09STATE1234", "CABLE")], id="a heading after a page break under a whole entry"),
    pytest.param("REF: A. STATE 1234\nCONFIDENTIAL BERLIN 001533 002 OF 003\nBACKGROUND",
                 [("A", "09STATE1234", "CABLE")], id="a heading after a page header left under a whole entry"),
    pytest.param("REF: STATE 1234 AND\n\nBERLIN 00001533  002 OF 003\n\n5678",
                 [(None, "09STATE1234", "CABLE"), (None, "09STATE5678", "CABLE")],
                 id="a page break after AND"),
    # Lists numbered instead of lettered: the labels as written, without their punctuation.
    pytest.param("REF: 1. STATE 12345 2. BERLIN 1234",
                 [("1", "09STATE12345", "CABLE"), ("2", "09BERLIN1234", "CABLE")], id="numbered, one line"),
    pytest.param("REF: I. STATE 12345 II. BERLIN 1234 III. 08 PARIS 45",
                 [("I", "09STATE12345", "CABLE"), ("II", "09BERLIN1234", "CABLE"), ("III", "08PARIS45", "CABLE")],
                 id="Roman numerals"),
    pytest.param("REF: i) STATE 12345 ii) BERLIN 1234",
                 [("I", "09STATE12345", "CABLE"), ("II", "09BERLIN1234", "CABLE")], id="Roman numerals in lower case"),
    pytest.param("REF: (1) STATE 12345 (2) BERLIN 1234",
                 [("1", "09STATE12345", "CABLE"), ("2", "09BERLIN1234", "CABLE")], id="numbers in parentheses"),
    pytest.param("REFS: 1) 08 STATE 12345, 2) 2008 BERLIN 1234",
                 [("1", "08STATE12345", "CABLE"), ("2", "08BERLIN1234", "CABLE")], id="numbers with a parenthesis"),
    pytest.param("REF: 1: STATE 12345 2: BERLIN 1234",
                 [("1", "09STATE12345", "CABLE"), ("2", "09BERLIN1234", "CABLE")], id="numbers with a colon"),
    pytest.param("REF: 1 - STATE 12345 2 - BERLIN 1234",
                 [("1", "09STATE12345", "CABLE"), ("2", "09BERLIN1234", "CABLE")], id="numbers with a dash"),
    pytest.param("REF: 1. 09STATE12345 2. 08BERLIN1234",
                 [("1", "09STATE12345", "CABLE"), ("2", "08BERLIN1234", "CABLE")], id="numbered reference ids"),
    pytest.param("REF:\n1. STATE 12345\n2. BERLIN 1234",
                 [("1", "09STATE12345", "CABLE"), ("2", "09BERLIN1234", "CABLE")],
                 id="numbered one a line under the heading alone"),
    pytest.param("REF: 1. STATE 12345\n2. BERLIN 1234\n3. 08 PARIS 45 (NOTAL)",
                 [("1", "09STATE12345", "CABLE"), ("2", "09BERLIN1234", "CABLE"), ("3", "08PARIS45", "CABLE")],
                 id="numbered list run onto the REF line"),
    pytest.param("REFTEL: (I) STATE 12345\n(II) BERLIN 1234\n\n\u00b6(III) MOSCOW 5",
                 [("I", "09STATE12345", "CABLE"), ("II", "09BERLIN1234", "CABLE"), ("III", "09MOSCOW5", "CABLE")],
                 id="REFTEL, numbered one a line, a blank line and the scrape's anchor"),
    pytest.param("REF: 1. STATE 12345\n\n\u00b62. BERLIN 1234",
                 [("1", "09STATE12345", "CABLE"), ("2", "09BERLIN1234", "CABLE")],
                 id="a numbered line after a blank line, with the scrape's anchor"),
    pytest.param("REF: 1. STATE 12345 2. E-MAIL FROM J. SMITH 5/4/06 3. MEMCON 3. BERLIN 1234",
                 [("1", "09STATE12345", "CABLE"), ("2", None, "EMAIL"), ("3", None, "OTHER")],
                 id="numbered cables and documents"),
    pytest.param("REF: 1. E-MAIL FROM J. SMITH 2. STATE 1234",
                 [("1", None, "EMAIL"), ("2", "09STATE1234", "CABLE")], id="a number after a document's words"),
    pytest.param("REF: 1. STATE 1234 2. 5678", [("1", "09STATE1234", "CABLE"), ("2", "09STATE5678", "CABLE")],
                 id="a numbered serial alone after a citation"),
    pytest.param("REF: 1. SMITH 12/14/07 2. BERLIN 12", [("1", None, "OTHER"), ("2", "09BERLIN12", "CABLE")],
                 id="a numbered entry neither cable nor named document"),
    pytest.param("REF: 1. LONDON 825  2. EMBASSY LONDON DAILY REPORT - APRIL 3 (NOTAL)  3. STATE 33008",
                 [("1", "09LONDON825", "CABLE"), ("2", None, "OTHER"), ("3", "09STATE33008", "CABLE")],
                 id="a number after a parenthesis"),
    pytest.param("REF: 1) MOSCOW 3495 AND PREVIOUS 2) MOSCOW 673",
                 [("1", "09MOSCOW3495", "CABLE"), ("2", "09MOSCOW673", "CABLE")], id="a number after AND PREVIOUS"),
    pytest.param("REF: 1) PARIS 2208 (NOTAL) 2)\nPARIS 2257 (NOTAL)",
                 [("1", "09PARIS2208", "CABLE"), ("2", "09PARIS2257", "CABLE")], id="a number closing a line"),
    pytest.param("REF: 1. 1) RIO 329\n\u00b62. 2) RIO 346",
                 [("1", "09RIODEJANEIRO329", "CABLE"), ("2", "09RIODEJANEIRO346", "CABLE")], id="doubled numbers"),
    pytest.param("REF: 1. 05 PARIS 7528 AND PREVIOUS\n\u00b62. 01/11/06 PARIS POINTS",
                 [("1", "05PARIS7528", "CABLE"), ("2", None, "OTHER")],
                 id="a numbered line of no cable nor document under a numbered list"),
    # ... and numbers that are no labels.
    pytest.param("REF: 08 STATE 1234", [(None, "08STATE1234", "CABLE")], id="a year is no label"),
    pytest.param("REF: STATE 1234 PARA 2", [(None, "09STATE1234", "CABLE")], id="nor a paragraph's number"),
    pytest.param("REF: STATE 1234 2. BERLIN 12", [(None, None, "OTHER")], id="nor a number not from 1"),
    pytest.param("REF: 1. STATE 1234 PARA 2. BERLIN 12", [("1", "09STATE1234", "CABLE")],
                 id="nor a number after a word of a cable's entry (its paragraph)"),
    pytest.param("REF: STATE 12345\n2. (C) TEXT OF THE PARAGRAPH.", [(None, "09STATE12345", "CABLE")],
                 id="the first paragraph after the REF line"),
    pytest.param("REF: 1. STATE 12345\n2. (C) TEXT OF THE PARAGRAPH.", [("1", "09STATE12345", "CABLE")],
                 id="the next paragraph after a numbered entry"),
    pytest.param("REF: 1. STATE 12345 2. (C) TEXT OF THE PARAGRAPH.", [("1", "09STATE12345", "CABLE")],
                 id="a paragraph run onto a numbered entry"),
    pytest.param("REF:\n1. STATE 12345 ASKED POSTS TO REPORT.", [],
                 id="a paragraph opening with a citation under the heading alone"),
    # A citation followed by its description, without brackets or a comma (the 2026-12-07 audit).
    pytest.param("REF: A. 08 STATE 456 - USG VIEWS ON IRAN\nB. 08 BRASILIA 123 -- GOB VIEWS ON IRAN",
                 [("A", "08STATE456", "CABLE"), ("B", "08BRASILIA123", "CABLE")],
                 id="a description after a dash"),
    pytest.param("REF: A. STATE 12345 DEMARCHE REQUEST B. STATE 23456 \"IRAN SANCTIONS\" "
                 "C. STATE 34567 SENT ACTION LONDON",
                 [("A", "09STATE12345", "CABLE"), ("B", "09STATE23456", "CABLE"), ("C", "09STATE34567", "CABLE")],
                 id="a description in words or quotes"),
    pytest.param("REF: A. STATE 456 - NOTAL B. BRASILIA 123 AND RELATED C. 08 MOSCOW 12 ET AL",
                 [("A", "09STATE456", "CABLE"), ("B", "09BRASILIA123", "CABLE"), ("C", "08MOSCOW12", "CABLE")],
                 id="NOTAL after a dash, AND RELATED, ET AL"),
    pytest.param("REF: DEPTEL 456 ON IRAN", [(None, "09STATE456", "CABLE")], id="a description after DEPTEL"),
    pytest.param("REF: USDAO DAILY REPORT 12 MARCH", [(None, None, "OTHER")],
                 id="words after a number of no known station stay no cable"),
    pytest.param("REF: THE MINISTER MET 3 ENVOYS", [(None, None, "OTHER")], id="nor prose with a number"),
    pytest.param("REF: PARA 3 OF REFTEL", [(None, None, "OTHER")], id="nor a paragraph of reftel"),
    pytest.param("REF: MEMCON 12 MARCH 2008 WITH FM", [(None, None, "OTHER")], id="nor a memcon"),
    pytest.param("REF: SMITH EMAIL 3 MARCH TO POL", [(None, None, "EMAIL")], id="nor an e-mail"),
    pytest.param("REF: IIR 6 854 0025 07", [(None, None, "OTHER")], id="nor an IIR's numbers"),
    # A REF line that says there is none (as `TAGS: N/A`).
    pytest.param("REF: NONE", [], id="REF NONE"),
    pytest.param("Ref: None.", [], id="Ref None with a full stop"),
    pytest.param("REF: N/A", [], id="REF N/A"),
    pytest.param("REF: NONE RECEIVED FROM POST", [(None, None, "OTHER")], id="NONE opening an entry stays one"),
    # Words before the serial that are no station's: a word for "telegram", an act's name.
    pytest.param("REF: A. STATE TEL 12345 B. SECSTATE TELEGRAM 23456 C. EMBASSY BRASILIA CABLE 1500",
                 [("A", "09STATE12345", "CABLE"), ("B", "09STATE23456", "CABLE"), ("C", "09BRASILIA1500", "CABLE")],
                 id="TEL, TELEGRAM, CABLE between the station and the serial"),
    pytest.param("REF: DEPT'S 34567", [(None, "09STATE34567", "CABLE")], id="the sender's possessive"),
    pytest.param("REF: DEPT TEL 67", [(None, "09STATE67", "CABLE")], id="DEPT TEL is a DEPTEL"),
    pytest.param("REF: A. E.O. 13224 B. EXECUTIVE ORDER 13224 C. 22 CFR 42.12 D. NSDM 242",
                 [("A", None, "OTHER"), ("B", None, "OTHER"), ("C", None, "OTHER"), ("D", None, "OTHER")],
                 id="orders, a code's section, a memorandum"),
    pytest.param("REF: 45 BRASILIA 123", [(None, None, "OTHER")], id="a number no cable's year"),
    pytest.param("REF: 10 BRASILIA 123", [(None, "10BRASILIA123", "CABLE")],
                 id="a year after the citing cable's is a cable's still (a retransmission, a DTG's old year)"),
    pytest.param("REF: 11 BRASILIA 123", [(None, None, "OTHER")], id="a year after Cablegate's last"),
    pytest.param("REF: STATE 2008 HUMAN RIGHTS REPORT", [(None, None, "OTHER")], id="a year and its report"),
    pytest.param("REF: STATE 12345 AND E-MAIL OF 3/4/08", [(None, None, "EMAIL")],
                 id="an e-mail's entry names no cable"),
    pytest.param("REF: A. STATE 12345\nSECRETARY'S MEETING WITH FM AMORIM\nB. BRASILIA 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BRASILIA1234", "CABLE")],
                 id="a wrapped description under a whole citation, the list going on"),
    pytest.param("REF: BRASILIA 1234\nUNSCR 1737", [(None, "09BRASILIA1234", "CABLE")],
                 id="a document with a figure under a whole citation stays in the block"),
    pytest.param("REF: 09 BRASILIA 123", [(None, "09BRASILIA123", "CABLE")], id="the citing cable's year is a cable's"),
    pytest.param("REF: A. 66 STATE 12 B. 1999 BERLIN 3",
                 [("A", "66STATE12", "CABLE"), ("B", "99BERLIN3", "CABLE")], id="years of the cables' first and last"),
    # Stations as the parser names the posts' own telegrams.
    pytest.param("REF: A. AIT TAIPEI 123 B. HAGUE 456 C. USUN NY 789",
                 [("A", "09TAIPEI123", "CABLE"), ("B", "09THEHAGUE456", "CABLE"), ("C", "09USUNNEWYORK789", "CABLE")],
                 id="AIT is a kind of post, THE HAGUE's article left out, USUN's state code"),
    pytest.param("REF: A. THE HAGUE 456 B. TAIPEI 12 C. USUN NEW YORK 7 D. USMISSION USUN NEW YORK 8",
                 [("A", "09THEHAGUE456", "CABLE"), ("B", "09TAIPEI12", "CABLE"), ("C", "09USUNNEWYORK7", "CABLE"),
                  ("D", "09USUNNEWYORK8", "CABLE")], id="the same posts named in full"),
    # Labels punctuated otherwise.
    pytest.param("REF: A: STATE 12345 B: BRASILIA 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BRASILIA1234", "CABLE")], id="labels with a colon"),
    pytest.param("REF: A: STATE 12345\nB: BRASILIA 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BRASILIA1234", "CABLE")], id="labels with a colon, one a line"),
    pytest.param("REF: A)STATE 12345 B)BRASILIA 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BRASILIA1234", "CABLE")], id="a parenthesis glued to the item"),
    pytest.param("REF: A-STATE 12345; B-BRASILIA 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BRASILIA1234", "CABLE")], id="a hyphen glued to the item"),
    pytest.param("REF: A-08 STATE 12345 B-BRASILIA 1234",
                 [("A", "08STATE12345", "CABLE"), ("B", "09BRASILIA1234", "CABLE")], id="a hyphen glued to a year"),
    pytest.param("REF: A. STATE 12345\n1B. BRASILIA 1234",
                 [("A", "09STATE12345", "CABLE"), ("B", "09BRASILIA1234", "CABLE")],
                 id="the scrape's anchor read as a 1 before the label due"),
    pytest.param("REF: A. STATE 1 B. BERLIN 2 C. PARIS 3 D. ROME 4 E-MAIL FROM SMITH 12 MARCH",
                 [("A", "09STATE1", "CABLE"), ("B", "09BERLIN2", "CABLE"), ("C", "09PARIS3", "CABLE"),
                  ("D", None, "EMAIL")], id="E-MAIL is no label E"),
    pytest.param("REF: A-TEAM VISIT REPORT", [(None, None, "OTHER")], id="nor a hyphen before words"),
    pytest.param("REF: A. STATE 12345\n1C. BRASILIA 1234", [("A", None, "OTHER")],
                 id="nor a 1 before a letter not due"),
])
def test_references(ref_block, expected):
    assert references(ref_block) == expected


@pytest.mark.parametrize("ref_block, expected", [
    pytest.param("REF: STATE 12345\nThe Ambassador delivered reftel demarche to FM Amorim on March 3.",
                 [("STATE 12345", "09STATE12345")], id="a sentence right under the REF line"),
    pytest.param("REF: A. STATE 12345\nB. BRASILIA 1500\nBACKGROUND: THE GOB HAS LONG RESISTED.",
                 [("STATE 12345", "09STATE12345"), ("BRASILIA 1500", "09BRASILIA1500")], id="a heading and text"),
    pytest.param("REF: BERLIN 12 (NOTAL)\nKEY POINTS", [("BERLIN 12 (NOTAL)", "09BERLIN12")],
                 id="a heading alone under a note"),
    pytest.param("REF: STATE 12345 DTG 121212Z MAR 05\nKEY POINTS", [("STATE 12345 DTG 121212Z MAR 05", "05STATE12345")],
                 id="a heading under a citation's DTG"),
    # A paragraph run onto the REF line (a scrape that lost the line ends): its number and marking end it.
    pytest.param("REF: STATE 12345 1. (C) Summary: President Lula met his counterpart. End summary.",
                 [("STATE 12345", "09STATE12345")], id="the first paragraph run onto the REF line"),
    pytest.param("REF: A. STATE 12345 B. BRASILIA 1500 \u00b61. (S/NF) Summary: Lula met Kirchner.",
                 [("STATE 12345", "09STATE12345"), ("BRASILIA 1500", "09BRASILIA1500")],
                 id="after a lettered list, the marking no label C"),
    pytest.param("REF: 09 MADRID 1161 SUMMARY: \u00b61. (SBU) Ambassador met the Minister.",
                 [("09 MADRID 1161", "09MADRID1161")], id="with the summary's heading"),
    pytest.param("REF: STATE 1234 PARA 3. (C) TEXT", [("STATE 1234 PARA 3. (C) TEXT", "09STATE1234")],
                 id="not a cited paragraph's number"),
    pytest.param("REF: A. STATE 1234 B. (C) BERLIN 12", [("STATE 1234", "09STATE1234"), ("(C) BERLIN 12", "09BERLIN12")],
                 id="nor a label's marking"),
    # ... but a piece of the citation or another entry is.
    pytest.param("REF: STATE 12345,\nBERLIN 1234\nMOSCOW 56",
                 [("STATE 12345", "09STATE12345"), ("BERLIN 1234", "09BERLIN1234"), ("MOSCOW 56", "09MOSCOW56")],
                 id="a citation under a citation"),
    pytest.param("REF: STATE 12345 AND\n5678", [("STATE 12345", "09STATE12345"), ("5678", "09STATE5678")],
                 id="a serial after AND"),
    pytest.param("REF: STATE 12345\n(NOTAL)", [("STATE 12345 (NOTAL)", "09STATE12345")], id="a note wrapped"),
    pytest.param("REF: STATE 12345\nDTG 121212Z MAR 05", [("STATE 12345 DTG 121212Z MAR 05", "05STATE12345")],
                 id="a DTG wrapped"),
    pytest.param("REF: A. STATE 12345\nE-MAIL FROM J. SMITH", [("STATE 12345 E-MAIL FROM J. SMITH", None)],
                 id="a document named (the entry an e-mail's, which names no cable)"),
    pytest.param("REF: A. STATE 12345 - USG VIEWS ON\nIRAN AND ITS NEIGHBORS",
                 [("STATE 12345 - USG VIEWS ON IRAN AND ITS NEIGHBORS", "09STATE12345")], id="a description wrapped"),
    pytest.param("REF: A. MEMCON OF MAY 5\nWITH FM AMORIM", [("MEMCON OF MAY 5 WITH FM AMORIM", None)],
                 id="a document's words wrapped"),
    pytest.param("REF: A. STATE 12345 (IRAN\nSANCTIONS)", [("STATE 12345 (IRAN SANCTIONS)", "09STATE12345")],
                 id="a note wrapped in its brackets"),
])
def test_a_line_under_a_whole_citation_or_a_paragraph_run_on_is_no_part_of_it(ref_block, expected):
    text = REF_HEAD + ref_block + "\n\n1. (SBU) Text.\n\nMURPHY\n"
    assert [(r["text"], r["reference_id"]) for r in fields(text)["references"]] == expected


@pytest.mark.parametrize("ref_block, expected", [
    pytest.param("REF: BERLIN 123 (U) THIS CABLE IS\nSENSITIVE BUT UNCLASSIFIED AND NOT FOR INTERNET DISTRIBUTION.",
                 [("BERLIN 123", "09BERLIN123")], id="the SBU notice run on, cut by the line's wrap"),
    pytest.param("REF: 09 MEXICO 127; 09 SANTIAGO 51; 09 SANTO DOMINGO 67 DERIVED FROM: DSCG 05-1 B, D",
                 [("09 MEXICO 127", "09MEXICO127"), ("09 SANTIAGO 51", "09SANTIAGO51"),
                  ("09 SANTO DOMINGO 67", "09SANTODOMINGO67")], id="DERIVED FROM run on"),
    pytest.param("REF: STATE 12345 This is an action request. See paragraph 4.",
                 [("STATE 12345", "09STATE12345")], id="an action request run on"),
    pytest.param("REF: USDAO PARIS REPORT DERIVED FROM IIR 6 832 0617 08",
                 [("USDAO PARIS REPORT DERIVED FROM IIR 6 832 0617 08", None)],
                 id="the words without the label's colon stay in the entry"),
    pytest.param("REF: EMBASSY PARIS DAILY REPORT OF THIS WEEK",
                 [("EMBASSY PARIS DAILY REPORT OF THIS WEEK", None)], id="nor THIS alone"),
])
def test_a_field_or_notice_run_onto_the_ref_line_ends_it(ref_block, expected):
    text = REF_HEAD + ref_block + "\n\n1. (SBU) Text.\n\nMURPHY\n"
    assert [(r["text"], r["reference_id"]) for r in fields(text)["references"]] == expected


def test_sbu_notice_run_into_the_ref_line_is_no_part_of_the_entry():
    text = REF_HEAD + ("REF: BERLIN 123 (U) THIS CABLE IS SENSITIVE BUT UNCLASSIFIED AND NOT FOR "
                       "INTERNET DISTRIBUTION.\n\n1. (SBU) Text.\n\nMURPHY\n")
    assert [(r["text"], r["reference_id"]) for r in fields(text)["references"]] == \
        [("BERLIN 123", "09BERLIN123")]


@pytest.mark.parametrize("ref_block, expected", [
    pytest.param("REF: A. EMBTEL 1234 B. DEPTEL 1000 C. MYTEL 90 D. URTEL 77",
                 [("A", "09BERLIN1234", "CABLE"), ("B", "09STATE1000", "CABLE"), ("C", "09STATE90", "CABLE"),
                  ("D", "09BERLIN77", "CABLE")],
                 id="the Department's EMBTEL and URTEL are the post's it writes to"),
])
def test_telegrams_by_kind_in_a_department_cable(ref_block, expected):
    head = (REF_HEAD.replace("FM AMEMBASSY BERLIN", "FM SECSTATE WASHDC")
            .replace("TO RUEHC/SECSTATE WASHDC PRIORITY 5559", "TO AMEMBASSY BERLIN PRIORITY 5559")
            .replace("BERLIN 001533", "STATE 001533"))
    assert references(ref_block, head) == expected


@pytest.mark.parametrize("to_block", [
    pytest.param("TO AMEMBASSY BERLIN PRIORITY 5559\nAMEMBASSY PARIS PRIORITY 1234", id="two addressees"),
    pytest.param("TO CIA WASHDC PRIORITY 5559", id="an addressee that numbers no telegrams of this series"),
])
def test_telegrams_of_an_addressee_not_known_have_no_id(to_block):
    head = (REF_HEAD.replace("FM AMEMBASSY BERLIN", "FM SECSTATE WASHDC")
            .replace("TO RUEHC/SECSTATE WASHDC PRIORITY 5559", to_block)
            .replace("BERLIN 001533", "STATE 001533"))
    assert references("REF: A. EMBTEL 1234 B. URTEL 77", head) == [("A", None, "CABLE"), ("B", None, "CABLE")]


@pytest.mark.parametrize("ref_block, paragraphs", [
    pytest.param("REF:\n1. STATE 12345\n2. BERLIN 1234", [(1, "Text of the first paragraph.")],
                 id="a numbered REF list is no paragraph"),     # (were paragraphs 1 and 2)
    pytest.param("REF:\n1. STATE 12345 ASKED POSTS TO REPORT.",
                 [(1, "STATE 12345 ASKED POSTS TO REPORT."), (2, "Text of the first paragraph.")],
                 id="a paragraph under an empty heading stays one"),
])
def test_paragraphs_after_a_numbered_ref_list(ref_block, paragraphs):
    text = REF_HEAD + ref_block + "\n\n1. (C) Text of the first paragraph.\n\nMURPHY\n"
    assert [(p["number"], p["text"]) for p in fields(text)["paragraphs"]] == paragraphs


def test_references_a_later_serial_of_the_same_station_is_written_alone():
    text = REF_HEAD + "REF: A. 08 STATE 1234, 5678 AND 9012 (NOTAL)\n\n1. (C) Text.\n\nMURPHY\n"
    assert [(r["label"], r["text"], r["reference_id"]) for r in fields(text)["references"]] == \
        [("A", "08 STATE 1234", "08STATE1234"), ("A", "5678", "08STATE5678"), ("A", "9012 (NOTAL)", "08STATE9012")]


def test_references_and_previous_after_a_label_goes_with_the_entry_above():
    text = REF_HEAD + "REF: A. BAKU 91\nB. 2009 BAKU 972\nC. AND PREVIOUS\n\n1. (C) Text.\n\nMURPHY\n"
    assert [(r["label"], r["text"]) for r in fields(text)["references"]] == \
        [("A", "BAKU 91"), ("B", "2009 BAKU 972 AND PREVIOUS")]


def test_references_run_into_the_subject_line():
    head = REF_HEAD.replace("SUBJECT: GERMANY: A SUBJECT", "SUBJECT: GERMANY: A SUBJECT REF: STATE 1234")
    record = fields(head + "\n1. (C) Text.\n\nMURPHY\n")
    assert record["subject"] == "GERMANY: A SUBJECT"
    assert [r["reference_id"] for r in record["references"]] == ["09STATE1234"]


def test_references_run_into_the_subject_s_wrapped_line():
    head = REF_HEAD.replace("SUBJECT: GERMANY: A SUBJECT", "SUBJECT: GERMANY: A VERY LONG SUBJECT LINE THAT "
                            "WRAPS ONTO THE NEXT LINE OF\nTHE HEADER REF: STATE 1234")
    record = fields(head + "\n1. (C) Text.\n\nMURPHY\n")
    assert record["subject"].endswith("LINE OF THE HEADER")
    assert [r["reference_id"] for r in record["references"]] == ["09STATE1234"]


@pytest.mark.parametrize("ref_block, expected", [
    pytest.param("REF: A. BERLIN 1234 B. BERLIN 1000 C. 08 BERLIN 1600 D. STATE 99999",
                 ["08BERLIN1234", "09BERLIN1000", "08BERLIN1600", "09STATE99999"],
                 id="own station, serial above the cable's own: last year's"),
])
def test_reference_of_own_station_above_own_serial_is_last_years(ref_block, expected):
    # The cable is BERLIN 1100 of 2009: serials only grow within a year, so BERLIN 1234 can only
    # be from 2008; BERLIN 1000 and other stations' citations take the cable's year.
    head = REF_HEAD.replace("BERLIN 001533", "BERLIN 001100")
    record = fields(head + ref_block + "\n\n1. (C) Text.\n\nMURPHY\n")
    assert [r["reference_id"] for r in record["references"]] == expected


@pytest.mark.parametrize("dtg, own, ref_block, expected", [
    pytest.param("172240Z FEB 10", "BUENOS AIRES 000095", "REF: Buenos Aires 0118; Buenos Aires 0071",
                 ["10BUENOSAIRES118", "10BUENOSAIRES71"],
                 id="within a month at the station's pace (95 by day 48: ~59 a month): this year's"),
    pytest.param("172240Z FEB 10", "BUENOS AIRES 000095", "REF: Buenos Aires 0160",
                 ["09BUENOSAIRES160"], id="beyond a month at its pace: last year's"),
    pytest.param("101200Z JAN 10", "PARIS 000104", "REF: PARIS 8729", ["09PARIS8729"],
                 id="far above in January: last year's"),
])
def test_reference_of_own_station_a_little_above_own_serial_is_this_years(dtg, own, ref_block,
                                                                          expected):
    # A cable is numbered when drafted: one drafted later may be sent first and cited.
    head = (REF_HEAD.replace("181324Z OCT 09", dtg).replace("BERLIN 001533", own)
            .replace("AMEMBASSY BERLIN", "AMEMBASSY " + own.rsplit(" ", 1)[0]))
    record = fields(head + ref_block + "\n\n1. (C) Text.\n\nMURPHY\n")
    assert [r["reference_id"] for r in record["references"]] == expected


@pytest.mark.parametrize("dtg, ref_block, expected", [
    pytest.param("190924Z JAN 10", "REF: A. SECSTATE 127215 B. STATE 9000 C. 09 STATE 130001",
                 ["09STATE127215", "10STATE9000", "09STATE130001"],
                 id="19 January: a Department serial of 127,215 is last year's, 9,000 this year's"),
    pytest.param("031200Z JAN 10", "REF: PARIS 4567", ["09PARIS4567"],
                 id="3 January: another station's 4,567 is last year's"),
    pytest.param("031200Z JAN 10", "REF: PARIS 2999", ["10PARIS2999"],
                 id="3 January: 2,999 may be this year's"),
    pytest.param("181324Z OCT 09", "REF: STATE 127215", ["09STATE127215"],
                 id="October: any serial may be this year's"),
    pytest.param("010001Z JAN 10", "REF: STATE 1001", ["09STATE1001"],
                 id="1 January: above 1,000 is last year's"),
    # The Department of the old printouts' years numbered up to ~400,000 cables a year.
    pytest.param("101200Z DEC 84", "REF: (A) ROME 28811, (B) STATE 355512",
                 ["84ROME28811", "84STATE355512"],
                 id="10 December 1984: a Department serial of 355,512 is this year's"),
    pytest.param("101200Z DEC 09", "REF: STATE 355512", ["08STATE355512"],
                 id="10 December 2009: the same serial is last year's (not in the 2000s' pace)"),
    pytest.param("031200Z JAN 84", "REF: STATE 4500", ["83STATE4500"],
                 id="3 January 1984: above 1,400 a day is last year's still"),
    pytest.param("031200Z JAN 84", "REF: STATE 4100", ["84STATE4100"],
                 id="3 January 1984: 4,100 may be this year's"),
])
def test_reference_above_what_any_station_sends_by_the_cable_s_day_is_last_years(
        dtg, ref_block, expected):
    head = REF_HEAD.replace("181324Z OCT 09", dtg)
    record = fields(head + ref_block + "\n\n1. (C) Text.\n\nMURPHY\n")
    assert [r["reference_id"] for r in record["references"]] == expected


def test_a_yearless_reference_of_an_extract_without_dtg_is_not_dated_by_its_estimate():
    # An estimated date runs days early: it must not move a citation to the year before.
    text = REF_HEAD.replace("P 181324Z OCT 09\n", "").replace("10/18/2019", "01/02/2020")
    record = fields(text + "REF: STATE 5000\n\n1. (C) Text.\n\nMURPHY\n")
    assert "created_estimated" in record["warnings"]
    assert [r["reference_id"] for r in record["references"]] == ["10STATE5000"]


def test_reference_year_of_an_extract_without_dtg_comes_from_the_decl_date():
    head = REF_HEAD.split("\n\n", 1)[1]          # no telegram header: the year is estimated
    assert references("REF: STATE 012345", head) == [(None, "09STATE12345", "CABLE")]


@pytest.mark.parametrize("ref_block, created, reference_id", [
    pytest.param("REF: STATE 012345", "2009-10-18", "09BERLIN1533", id="no year cited: DECL less ten"),
    pytest.param("REF: 10 STATE 012345", "2010-10-18", "10BERLIN1533",
                 id="a cable of a later year cited: that year"),
    pytest.param("REF: 09 BERLIN 4000", "2010-10-18", "10BERLIN1533",
                 id="own station's serial more than twice its own: the year after the cited"),
    pytest.param("REF: 09 BERLIN 2000", "2009-10-18", "09BERLIN1533",
                 id="own station's serial a little above its own: out of order, no year after"),
    pytest.param("REF: 19 STATE 012345", "2009-10-18", "09BERLIN1533",
                 id="a cited year not before the DECL's: no estimate in it"),
    pytest.param("REF: A. STATE 12345 DTG 211212Z OCT 09", "2009-10-21", "09BERLIN1533",
                 id="a cited cable's DTG: not before its day"),
    pytest.param("REF: USDAO BERLIN DTG 211506ZOCT2009", "2009-10-21", "09BERLIN1533",
                 id="a DTG written without spaces, its year in four figures"),
    pytest.param("REF: MURPHY-GORDON E-MAIL DATED 21-OCT-2009", "2009-10-21", "09BERLIN1533",
                 id="an e-mail's date, day first"),
    pytest.param("REF: MURPHY E-MAIL OF 10/21/09", "2009-10-21", "09BERLIN1533",
                 id="a date in figures, month first"),
    pytest.param("REF: EMBASSY BERLIN DAILY REPORT - OCTOBER 21 (NOTAL)", "2009-10-21",
                 "09BERLIN1533", id="a date without its year: near the estimate"),
    pytest.param("REF: E-MAIL DATED 11.10.2009", "2009-10-18", "09BERLIN1533",
                 id="a date in figures read both ways (11 October, 10 November): the earlier"),
    pytest.param("REF: A. NON-PAPER OF 10 MAY 2010", "2010-05-10", "10BERLIN1533",
                 id="a date over half a year after the estimate, the DECL's day after it past "
                    "the order's end: its day"),
    pytest.param("REF: EMBASSY BERLIN REPORT ON THE MEETINGS OF THE COALITION PARTIES AND THE "
                 "TRADE UNIONS ON THE BUDGET AND THE PENSIONS AND THE MINIMUM WAGE AND THE "
                 "HEALTH REFORM OF OCTOBER 21", "2009-10-18", "09BERLIN1533",
                 id="an entry longer than two lines is no one citation: its date not read"),
])
def test_created_of_an_extract_without_dtg_is_not_before_what_it_cites(ref_block, created,
                                                                        reference_id):
    head = REF_HEAD.split("\n\n", 1)[1]          # no telegram header: the date is estimated
    record = fields(head + ref_block + "\n\n1. (C) Text.\n\nMURPHY\n")
    assert (record["created"].date().isoformat(), record["reference_id"]) == (created, reference_id)
    assert "created_estimated" in record["warnings"]


@pytest.mark.parametrize("eo_line, created, reference_id", [
    pytest.param("E.O. 12958: DECL: 10/18/2019", "2009-10-18", "09BERLIN1533", id="ten years"),
    pytest.param("E.O. 12958: DECL: 10/18/2034", "2009-10-18", "09BERLIN1533",
                 id="E.O. 12958 ended in June 2010: 25 years, not 2024"),
    pytest.param("E.O. 12958: DECL: 10/18/2029", "2009-10-18", "09BERLIN1533",
                 id="20 years: 2019 and 2014 are after the order's end"),
    pytest.param("E.O. 12958: DECL: 08/27/2021", "2006-08-27", "06BERLIN1533", id="15 years"),
    pytest.param("E.O. 12958: DECL: 03/20/2020", "2010-03-20", "10BERLIN1533",
                 id="ten years still within E.O. 12958"),
    pytest.param("E.O. 13526: DECL: 10/18/2035", "2025-10-18", "25BERLIN1533",
                 id="E.O. 13526 is in force: no end to bound the estimate"),
    pytest.param("DECL: 10/18/2034", "2024-10-18", "24BERLIN1533", id="no order named: no end"),
])
def test_created_of_an_extract_without_dtg_falls_within_the_order_it_names(eo_line, created,
                                                                            reference_id):
    # A cable names the order in force when it was classified: E.O. 12958 until E.O. 13526 took
    # effect on 27 June 2010. DECL periods beyond ten years are 15, 20 or 25 years.
    head = REF_HEAD.split("\n\n", 1)[1].replace("E.O. 12958: DECL: 10/18/2019", eo_line)
    record = fields(head + "\n1. (C) Text.\n\nMURPHY\n")
    assert (record["created"].date().isoformat(), record["reference_id"]) == (created, reference_id)
    assert "created_estimated" in record["warnings"]


# An extract without a DTG: REF_HEAD's body lines (BERLIN 001533, DECL: 10/18/2019).
EXTRACT_HEAD = REF_HEAD.split("\n\n", 1)[1]



def estimated(paragraph: str, head: str = EXTRACT_HEAD) -> tuple[str, str]:
    record = fields(head + "\n1. (C) " + paragraph + "\n\nMURPHY\n")
    assert "created_estimated" in record["warnings"]
    return record["created"].date().isoformat(), record["reference_id"]


@pytest.mark.parametrize("paragraph, created", [
    pytest.param("Ricard told Poloff October 20 that the inquiry goes on.", "2009-10-20",
                 id="told someone on a day after the DECL's: sent that day or later"),
    pytest.param("Ricard told the Ambassador on October 20 that it goes on.", "2009-10-20",
                 id="told, the object in words and on"),
    pytest.param("The minister said on October 21 that the talks go on.", "2009-10-21",
                 id="said on"),
    pytest.param("The press reported October 21 that the talks go on.", "2009-10-21",
                 id="reported"),
    pytest.param("Four suspects were arrested on October 22 in Hamburg.", "2009-10-22",
                 id="the past passive"),
    pytest.param("Four suspects were arrested on 22 October in Hamburg.", "2009-10-22",
                 id="day before month"),
    pytest.param("RICARD TOLD POLOFF OCTOBER 20 THAT IT GOES ON.", "2009-10-20",
                 id="in capitals"),
    pytest.param("Ricard told Poloff October 12 that it goes on.", "2009-10-18",
                 id="an event before the estimate: no change"),
    pytest.param("Ricard told Poloff October 20 and said October 21 it goes on.", "2009-10-21",
                 id="the latest event"),
    pytest.param("The minister told us he would see them on October 22.", "2009-10-18",
                 id="a plan told: not read"),
    pytest.param("The minister told us that on October 22 he will see them.", "2009-10-18",
                 id="told that: a clause, not read"),
    pytest.param("The vote was scheduled on October 22.", "2009-10-18",
                 id="a verb that schedules: not read"),
    pytest.param("He said October 22 would be the deadline.", "2009-10-18",
                 id="a date said as the subject of what was said: not read"),
    pytest.param("The parties will meet on October 22 in Berlin.", "2009-10-18",
                 id="the future: not read"),
    pytest.param("The report was released October 19, 2029.", "2009-10-18",
                 id="a day after the DECL date is no evidence"),
    pytest.param("In an October 20 meeting with Poloff, Ricard said it goes on.", "2009-10-20",
                 id="a meeting named by its day with an article"),
    pytest.param("During an October 20-21 visit to Hamburg, the minister saw the mayor.",
                 "2009-10-20", id="a visit over two days: its first"),
    pytest.param("At an October 21 working lunch, the minister spoke.", "2009-10-21",
                 id="one word before the meeting's noun"),
    pytest.param("In an October 20, 2009 meeting, Ricard spoke.", "2009-10-20",
                 id="a meeting's day with its year"),
    pytest.param("The FM may raise this in his October 20 meeting with the Secretary.",
                 "2009-10-18", id="a meeting named with a possessive: a plan as often, not read"),
    pytest.param("He will speak in the October 20 session.", "2009-10-18",
                 id="a meeting named with the: not read"),
    pytest.param("FOLLOWING STATE 123456 DATED 211212Z OCT 09 SENT ACTION PARIS.", "2009-10-21",
                 id="a cable cited by its DTG after DATED: a repeat"),
    pytest.param("The minister showed Poloff a letter dated October 21.", "2009-10-21",
                 id="a document dated a day without its year"),
    pytest.param("The minister showed a note dated 21 October 2009.", "2009-10-21",
                 id="a document dated a day with its year"),
    pytest.param("The outdated October 21 plan goes on.", "2009-10-18",
                 id="dated inside another word: not read"),
])
def test_created_of_an_extract_without_dtg_is_not_before_the_events_it_reports(paragraph,
                                                                               created):
    assert estimated(paragraph)[0] == created


@pytest.mark.parametrize("paragraph, created", [
    pytest.param("The inquiry first began in November 2009 and goes on.", "2009-11-01",
                 id="a past verb, then the month with its year: its first day"),
    pytest.param("Six suspects were arrested in mid-November 2009 in Hamburg.", "2009-11-01",
                 id="the past passive, mid-month"),
    pytest.param("The party's congress met in late November 2009.", "2009-11-01",
                 id="an irregular past, late in the month"),
    pytest.param("He has been in custody since November 2009.", "2009-11-01", id="since"),
    pytest.param("In November 2009, the party held its congress.", "2009-11-01",
                 id="at the sentence's start, a past verb after it"),
    pytest.param("(C) In Nov. 2009 we had a breakthrough.", "2009-11-01",
                 id="at the paragraph's start, the month cut short"),
    pytest.param("The inquiry first began in September 2009 and goes on.", "2009-10-18",
                 id="a month before the estimate: no change"),
    pytest.param("He could be released in November 2009.", "2009-10-18",
                 id="a passive to come, after a modal: not read"),
    pytest.param("The congress is to be held in November 2009.", "2009-10-18",
                 id="an infinitive: not read"),
    pytest.param("The vote scheduled in November 2009 goes ahead.", "2009-10-18",
                 id="a verb that schedules: not read"),
    pytest.param("In November 2009, the party will hold its congress.", "2009-10-18",
                 id="at the sentence's start, the future after it: not read"),
    pytest.param("In November 2009, the United Nations will meet.", "2009-10-18",
                 id="at the sentence's start, an adjective in -ed after an article: not read"),
    pytest.param("At a November 2009 meeting the party will decide.", "2009-10-18",
                 id="no verb of the past before or after it: not read"),
    pytest.param("The talks went on in the November 2009 round.", "2009-10-18",
                 id="not right after the verb: not read"),
    pytest.param("The party held its congress in November 2009.", "2009-10-18",
                 id="an object between the verb and the month: not read (plans have them too)"),
])
def test_created_of_an_extract_without_dtg_is_not_before_the_months_it_reports(paragraph,
                                                                               created):
    # A month with its year and no day, in the past: the cable is of its first day or later.
    assert estimated(paragraph)[0] == created


@pytest.mark.parametrize("decl, paragraph, created, reference_id", [
    pytest.param("01/25/2019", "The hostages were released December 21, 2009. Ricard told "
                 "Poloff January 26 that more were arrested.", "2010-01-26", "10BERLIN1533",
                 id="a nine-year DECL: a dated event of the year after, then the day"),
    pytest.param("12/30/2019", "Ricard told Poloff January 3 that it goes on.", "2010-01-03",
                 "10BERLIN1533", id="a date without its year near the year's end: the next"),
    pytest.param("01/25/2019", "Ricard told Poloff September 20 that it goes on.", "2009-01-25",
                 "09BERLIN1533", id="a date without its year nearest in the year before: none"),
    pytest.param("01/25/2019", "Ricard told Poloff June 20 and said December 1 it goes on.",
                 "2009-06-20", "09BERLIN1533",
                 id="dates without their year near the estimate, not near each other"),
    pytest.param("01/25/2019", "The hostages were released September 21, 2009.", "2010-01-25",
                 "10BERLIN1533", id="a dated event over half a year after the ten-year "
                 "estimate: the DECL's day in the year after it"),
    pytest.param("02/10/2019", "The inquiry first began in November 2009.", "2010-02-10",
                 "10BERLIN1533", id="a past month over half a year after it: the same"),
    pytest.param("01/25/2019", "The hostages were released on July 21, 2009.", "2009-07-21",
                 "09BERLIN1533", id="a dated event under half a year after it: that day "
                 "(drafting that took months)"),
    pytest.param("01/25/2019", "The hostages were released September 21, 2009. Ricard told "
                 "Poloff February 2 that more were arrested.", "2010-02-02", "10BERLIN1533",
                 id="a date without its year then taken near the DECL's day after the event"),
    pytest.param("03/01/2019", "The hostages were released May 2, 2010.", "2010-05-02",
                 "10BERLIN1533", id="the DECL's day after the event past the order's end: "
                 "the event's day"),
])
def test_reported_events_give_an_extract_without_dtg_its_year(decl, paragraph, created,
                                                              reference_id):
    head = EXTRACT_HEAD.replace("10/18/2019", decl)
    assert estimated(paragraph, head) == (created, reference_id)


@pytest.mark.parametrize("line, created, reference_id", [
    pytest.param("Friday, 16 October 2009, 13:24\n", "2009-10-16T13:24:00+00:00",
                 "09BERLIN1533", id="the date line above the classification line"),
    pytest.param("Friday, 16 October 2009, 13:24\n\n", "2009-10-16T13:24:00+00:00",
                 "09BERLIN1533", id="a blank line after it"),
    pytest.param("This record is a partial extract of the original cable.\n\n"
                 "Friday, 16 October 2009, 13:24\n", "2009-10-16T13:24:00+00:00",
                 "09BERLIN1533", id="under the source's notice"),
    pytest.param("Tuesday, 16 October 2009, 13:24\n", "2009-10-18T00:00:00+00:00",
                 "09BERLIN1533", id="a weekday not the date's: not read, DECL estimate"),
    pytest.param("", "2009-10-18T00:00:00+00:00", "09BERLIN1533", id="none: DECL estimate"),
])
def test_created_of_an_extract_without_dtg_from_its_date_line(line, created, reference_id):
    # Newspapers published cables under a line with the DTG's date and UTC time.
    record = fields(line + EXTRACT_HEAD + "\n1. (C) Text.\n\nMURPHY\n")
    assert (record["created"].isoformat(), record["reference_id"]) == (created, reference_id)
    assert "created_estimated" in record["warnings"]


# --- Subject -------------------------------------------------------------------------------------

SUBJECT_HEAD = REF_HEAD.split("TAGS:")[0] + "TAGS: PREL PGOV GM\n"


WRAPPED_TEXT = "GERMANY: THE COALITION TALKS BETWEEN THE PARTIES GO ON"
WRAPPED = "SUBJECT: " + WRAPPED_TEXT          # a full line: the subject may wrap onto the next one
STALLS_TEXT = "GERMANY: THE COALITION TALKS BETWEEN THE PARTIES STALL"     # finished on its last word
STALLS = "SUBJECT: " + STALLS_TEXT


def subject(block: str) -> str | None:
    return fields(SUBJECT_HEAD + block + "\n\n1. (C) Text of the first paragraph.\n\nMURPHY\n")["subject"]


@pytest.mark.parametrize("block, expected", [
    pytest.param("SUBJECT: GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="plain"),
    pytest.param("subject: germany: a subject", "germany: a subject", id="lower case"),
    pytest.param("Subject: Germany: A Subject", "Germany: A Subject", id="mixed case"),
    pytest.param("SUBJ: (C) GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="SUBJ, marking removed"),
    pytest.param("SUBJECT: CHIRAC'S ENVOY TO IRAN -- WHAT'S PROMPTING THIS\nAND WHAT WE SHOULD DO "
                 "ABOUT IT", "CHIRAC'S ENVOY TO IRAN -- WHAT'S PROMPTING THIS AND WHAT WE SHOULD DO "
                 "ABOUT IT", id="wrapped from a full line"),
    pytest.param("SUBJECT: GERMANY: A SUBJECT\nREF: STATE 1234", "GERMANY: A SUBJECT",
                 id="REF right under"),
    pytest.param("SUBJECT:\nGERMANY: THE SUBJECT ON THE NEXT LINE", "GERMANY: THE SUBJECT ON THE NEXT LINE",
                 id="label alone, text on the next line"),
    pytest.param("SUBJECT: GERMANY: A SUBJECT\nRef(s): STATE 1234", "GERMANY: A SUBJECT",
                 id="Ref(s) right under"),
    pytest.param("Subject: Germany: A Subject\nClassified By: Ambassador Philip Murphy for reasons "
                 "1.4 (b) and (d)", "Germany: A Subject", id="Classified By right under"),
    pytest.param("SUBJECT: GERMANY: A SUBJECT\nThis is an Action request. Please see paragraph 5.",
                 "GERMANY: A SUBJECT", id="action request notice right under"),
    pytest.param("SUBJECT: GERMANY: THE COALITION TALKS AND THEIR RESULTS\nThis message is "
                 "sensitive but unclassified.", "GERMANY: THE COALITION TALKS AND THEIR RESULTS",
                 id="mixed-case line under a subject in capitals"),
    pytest.param("Subject: Scenesetter for the Opening of the Defense Bilateral Working Group,\n"
                 "Washington, D.C., February 1\nDERIVED FROM: DSCG 05-1 B, D",
                 "Scenesetter for the Opening of the Defense Bilateral Working Group, Washington, "
                 "D.C., February 1", id="DERIVED FROM under a wrapped subject"),
    pytest.param("SUBJECT: GERMANY: A SUBJECT REF: STATE 1234", "GERMANY: A SUBJECT",
                 id="REF run into the subject's line"),
    pytest.param("Subject: Germany: a subject Classified By: Ambassador Philip Murphy, reasons 1.4 (d)",
                 "Germany: a subject", id="Classified By run into the subject's line"),
    pytest.param("SUBJECT: GERMANY: A SUBJECT\nLINE OF ADDRESSEES FOR ACTION",
                 "GERMANY: A SUBJECT", id="a short line is the whole subject"),
    pytest.param("SUBJECT: (C-NF) GERMANY: A SUBJECT", "GERMANY: A SUBJECT",
                 id="marking with NOFORN after a hyphen"),
    pytest.param("SUBJECT: (U) GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="(U) marking removed"),
    pytest.param("SUBJECT: (U) - GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="a marking, then a dash"),
    pytest.param("SUBJECT: GERMANY:\nTHE COALITION TALKS GO ON", "GERMANY: THE COALITION TALKS GO ON",
                 id="a short line ending on a colon goes on"),
    pytest.param("Subject: Germany -\nthe coalition talks go on", "Germany - the coalition talks go on",
                 id="a short line ending on a dash goes on"),
    pytest.param("SUBJECT: GERMANY: A SUBJECT\nACTION REQUEST: SEE PARAGRAPH 5", "GERMANY: A SUBJECT",
                 id="an action request right under a finished subject"),
    pytest.param("SUBJECT: GERMANY: THE COALITION RESPONDS TO THE DEPARTMENT'S\nACTION REQUEST ON TRADE",
                 "GERMANY: THE COALITION RESPONDS TO THE DEPARTMENT'S ACTION REQUEST ON TRADE",
                 id="ACTION REQUEST after a line cut off unfinished is the subject's"),
    pytest.param("SUBJECT: MILITARY ASSISTANCE TO THE ARMED FORCES OF THE\nACTION REQUEST FOLLOWS IN PARA 5",
                 "MILITARY ASSISTANCE TO THE ARMED FORCES OF THE", id="the action request notice stays out"),
    pytest.param("SUBJECT: DEMARCHE ON IRAN --\nEMBASSY DELIVERED THE DEMARCHE MARCH 3.",
                 "DEMARCHE ON IRAN --", id="a sentence under a short line ending open is not the subject's"),
    pytest.param("SUBJECT (C) GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="no colon, marking removed"),
    pytest.param("SUBJECT (U): GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="marking between label and colon"),
    pytest.param("SUBJ.: GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="a full stop after the label"),
    pytest.param("SUBJ. GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="a full stop for the colon"),
    pytest.param("SUBJECT - GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="a dash for the colon"),
    pytest.param("SUBJECT-- GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="two dashes for the colon"),
    pytest.param("SUBJECT:: GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="a colon doubled"),
    pytest.param("SUBJECT: - (C) GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="a colon and a dash, then a marking"),
    pytest.param("SUBJECT: (S//REL TO USA, ACGU) GERMANY: A SUBJECT", "GERMANY: A SUBJECT",
                 id="marking with a release list removed"),
    pytest.param("SUBJECT: (S/REL FRANCE, BRITAIN, AND QATAR) GERMANY: A SUBJECT", "GERMANY: A SUBJECT",
                 id="marking with a release list of names removed"),
    pytest.param("SUBJECT: (C)\nGERMANY: THE SUBJECT ON THE NEXT LINE", "GERMANY: THE SUBJECT ON THE NEXT LINE",
                 id="label and marking alone, text on the next line"),
    pytest.param(WRAPPED + "\nCORRECTED COPY - TEXT OF PARA 3", WRAPPED_TEXT,
                 id="CORRECTED COPY right under"),
    pytest.param(WRAPPED + "\nDECL: 10/18/2019", WRAPPED_TEXT, id="DECL right under"),
    pytest.param(WRAPPED + "\nDEPT PASS TO USTR", WRAPPED_TEXT, id="DEPT PASS TO right under"),
    pytest.param(WRAPPED + "\nPASS TO USTR", WRAPPED_TEXT, id="PASS TO right under"),
    pytest.param(WRAPPED + "\nCONFIDENTIAL", WRAPPED_TEXT, id="banner right under"),
    pytest.param(WRAPPED + "\nLIMITED OFFICIAL USE", WRAPPED_TEXT, id="LOU banner right under"),
    pytest.param(WRAPPED + "\nFOR OFFICIAL USE ONLY", WRAPPED_TEXT, id="FOUO right under"),
    pytest.param(WRAPPED + "\nSBU - PLEASE HANDLE ACCORDINGLY", WRAPPED_TEXT, id="SBU notice right under"),
    pytest.param(WRAPPED + "\nTHIS IS AN INFORMATION CABLE", WRAPPED_TEXT,
                 id="information cable notice right under"),
    pytest.param(WRAPPED + "\nSECRET TALKS", WRAPPED_TEXT + " SECRET TALKS",
                 id="a wrapped line opening with a level's word is no banner"),
    pytest.param(WRAPPED + "\nREFTELS: A. STATE 1234 B. STATE 5678", WRAPPED_TEXT,
                 id="REFTELS right under"),
    pytest.param(WRAPPED.lower() + "\nref: state 1234", WRAPPED_TEXT.lower(),
                 id="lower case, ref right under"),
    pytest.param("(U) SUBJECT: GERMANY: A SUBJECT", "GERMANY: A SUBJECT", id="marking before the label"),
    pytest.param(WRAPPED + "\n=========", WRAPPED_TEXT, id="ruler of = right under"),
    pytest.param(WRAPPED + "\nDEPT FOR EUR/CE", WRAPPED_TEXT, id="DEPT FOR right under"),
    pytest.param(WRAPPED + "\nSECSTATE FOR EUR", WRAPPED_TEXT, id="SECSTATE FOR right under"),
    pytest.param(WRAPPED + "\nUNCLAS SENSITIVE", WRAPPED_TEXT, id="UNCLAS SENSITIVE banner right under"),
    pytest.param("SUBJECT: SPAIN/IRAQ: SOCIALISTS FIRE UP ANTI-WAR RHETORIC\nFOR ELECTORAL SEASON",
                 "SPAIN/IRAQ: SOCIALISTS FIRE UP ANTI-WAR RHETORIC FOR ELECTORAL SEASON",
                 id="a wrapped line opening with FOR is the subject's"),
    pytest.param(WRAPPED + "\nSUMMARY OF THE COALITION TALKS", WRAPPED_TEXT + " SUMMARY OF THE COALITION TALKS",
                 id="a wrapped line opening with the word SUMMARY is the subject's"),
    pytest.param(WRAPPED + "\nSUMMARY AND COMMENT: THE TALKS GO ON.", WRAPPED_TEXT,
                 id="SUMMARY AND COMMENT right under"),
    # A blank line the scrape put inside the subject, after a word a title cannot end on.
    pytest.param("SUBJECT: CONSERVATIVE PARTY CAUGHT FLAT-FOOTED BY BROWN'S\n\nQUICK MANEUVERS ON "
                 "FINANCIAL CRISIS\nREF: A. LONDON 2666", "CONSERVATIVE PARTY CAUGHT FLAT-FOOTED BY "
                 "BROWN'S QUICK MANEUVERS ON FINANCIAL CRISIS", id="blank line after a possessive"),
    pytest.param("Subject: CONSERVATIVE PARTY CAUGHT FLAT-FOOTED BY BROWN'S\n\nQUICK MANEUVERS ON "
                 "FINANCIAL CRISIS\nREF: A. LONDON 2666", "CONSERVATIVE PARTY CAUGHT FLAT-FOOTED BY "
                 "BROWN'S QUICK MANEUVERS ON FINANCIAL CRISIS",
                 id="blank line after a possessive, the label in mixed case"),
    pytest.param("Subject: Conservative party caught flat-footed by Brown's\n\nQuick maneuvers",
                 "Conservative party caught flat-footed by Brown's", id="a subject in mixed case does not cross it"),
    pytest.param("SUBJECT: THE MINISTER OF FOREIGN AFFAIRS MEETS WITH THE\n\nAMBASSADOR ON TRADE",
                 "THE MINISTER OF FOREIGN AFFAIRS MEETS WITH THE AMBASSADOR ON TRADE",
                 id="blank line after an article"),
    pytest.param("SUBJECT: THE MINISTER OF FOREIGN AFFAIRS MEETS THE AMBASSADOR\n\nDEPT ALSO READ",
                 "THE MINISTER OF FOREIGN AFFAIRS MEETS THE AMBASSADOR",
                 id="a finished subject: the line after the blank is not its"),
    pytest.param("SUBJECT: THE MINISTER OF FOREIGN AFFAIRS MEETS WITH THE\n\nREF: STATE 1234",
                 "THE MINISTER OF FOREIGN AFFAIRS MEETS WITH THE",
                 id="unfinished, but a field follows the blank"),
    pytest.param("SUBJECT: THE MINISTER OF FOREIGN AFFAIRS MEETS WITH THE\n\nThe Ambassador met him.",
                 "THE MINISTER OF FOREIGN AFFAIRS MEETS WITH THE",
                 id="unfinished, but mixed case follows the blank"),
    # The last word set apart by blank lines, before the REF or Classified By field.
    pytest.param("SUBJECT: WAITING AND WATCHING: NORTH KOREA AFTER CURRENCY\n\nREFORM\n\nREF: 09 SHENYANG 167",
                 "WAITING AND WATCHING: NORTH KOREA AFTER CURRENCY REFORM", id="the last word between blank lines"),
    pytest.param("SUBJECT: (C) RUSSIAN VIEWS OF THE NORTH KOREAN CURRENCY\n\nREFORM'S\n\n\nClassified By: "
                 "Consul General Stephen B. Wickman, Reasons 1.4 (b) and (d)",
                 "RUSSIAN VIEWS OF THE NORTH KOREAN CURRENCY REFORM'S",
                 id="the last word between blank lines, before Classified By"),
    pytest.param("SUBJECT: KOREA: CURRENCY\n\nREFORM\n\nREF: 09 SHENYANG 167", "KOREA: CURRENCY",
                 id="under a short line no word goes on"),
    pytest.param("SUBJECT: WAITING AND WATCHING: NORTH KOREA AFTER CURRENCY\n\nNOFORN\n\nREF: 09 SHENYANG 167",
                 "WAITING AND WATCHING: NORTH KOREA AFTER CURRENCY", id="a caveat between blank lines"),
    pytest.param("SUBJECT: WAITING AND WATCHING: NORTH KOREA AFTER CURRENCY\n\nBACKGROUND\n\n1. (C) Text.",
                 "WAITING AND WATCHING: NORTH KOREA AFTER CURRENCY", id="a heading before the first paragraph"),
    pytest.param("SUBJECT: WAITING AND WATCHING: NORTH KOREA AFTER CURRENCY\n\nREFORM\n\nThe ambassador met him.",
                 "WAITING AND WATCHING: NORTH KOREA AFTER CURRENCY", id="a word that no header field follows"),
    pytest.param("Subject: Waiting and Watching: North Korea After Currency\n\nReform\n\nREF: 09 SHENYANG 167",
                 "Waiting and Watching: North Korea After Currency", id="a subject in mixed case does not take it"),
    # A short line wraps too when it is cut off on such a word.
    pytest.param("SUBJECT: GERMANY: THE ANSWER TO\nQUESTIONS ON TRADE",
                 "GERMANY: THE ANSWER TO QUESTIONS ON TRADE", id="short line cut off on a preposition"),
    pytest.param("SUBJECT: GERMANY: TRADE TALKS\nQUESTIONS ON TRADE", "GERMANY: TRADE TALKS",
                 id="a short finished line is the whole subject"),
    # A short line wrapped at 40 columns: the next line's first word would not have fit on it.
    pytest.param("SUBJECT: GERMANY: SPD LEADS\nCONSERVATIVES IN BERLIN POLLS",
                 "GERMANY: SPD LEADS CONSERVATIVES IN BERLIN POLLS", id="wrapped at 40 columns"),
    pytest.param("Subject: Germany: SPD Leads\nConservatives in Berlin Polls",
                 "Germany: SPD Leads Conservatives in Berlin Polls", id="wrapped at 40 columns, mixed case"),
    pytest.param("SUBJECT: GERMANY: SPD LEADS\nCONSERVATIVES; INTERNATIONALISTS\nUNIMPRESSED",
                 "GERMANY: SPD LEADS CONSERVATIVES; INTERNATIONALISTS UNIMPRESSED",
                 id="wrapped at 40 columns onto three lines"),
    pytest.param("SUBJECT: GERMANY: SPD LEADS\nConservatives trail in all the polls.", "GERMANY: SPD LEADS",
                 id="wrapped at 40 columns: not onto a line in mixed case"),
    pytest.param("SUBJECT: GERMANY: SPD LEADS\nDEPARTMENT PASS TO USTR", "GERMANY: SPD LEADS",
                 id="wrapped at 40 columns: not onto a line of addressing"),
    pytest.param("SUBJECT: GERMANY: SPD LEADS\nCLASSIFIED BY AMBASSADOR PHILIP MURPHY", "GERMANY: SPD LEADS",
                 id="wrapped at 40 columns: not onto another field"),
    # A page header cut from between two lines of the subject leaves a blank line, which is none.
    pytest.param(STALLS + "\n\nBERLIN 00001533 002 OF 003\n\nAS THE ELECTIONS NEAR", STALLS_TEXT + " AS THE ELECTIONS NEAR",
                 id="a page header inside the subject, blank lines around it"),
    pytest.param(STALLS + "\nBERLIN 00001533 002 OF 003\nAS THE ELECTIONS NEAR", STALLS_TEXT + " AS THE ELECTIONS NEAR",
                 id="a page header inside the subject"),
    pytest.param(STALLS.lower() + "\n\nberlin 00001533 002 of 003\n\nas the elections near",
                 STALLS_TEXT.lower() + " as the elections near", id="a page header inside the subject, lower case"),
    pytest.param(STALLS + "\nCONFIDENTIAL BERLIN 001533 002 OF 003\nAS THE ELECTIONS NEAR",
                 STALLS_TEXT + " AS THE ELECTIONS NEAR", id="a page header the cleaning leaves inside the subject"),
    pytest.param(STALLS + "\n\nBERLIN 001533 002 OF 003 181324Z\n\nAS THE ELECTIONS NEAR",
                 STALLS_TEXT + " AS THE ELECTIONS NEAR", id="the same with its DTG, blank lines around it"),
    pytest.param(STALLS + "\n\nAS THE ELECTIONS NEAR", STALLS_TEXT, id="a blank line with no page header ends it"),
    pytest.param(STALLS + "\n\nBERLIN 00001533 002 OF 003\n\nREF: STATE 1234", STALLS_TEXT,
                 id="a page header between the subject and the next field"),
    pytest.param(STALLS + "\n\nBERLIN 00001533 002 OF 003\n\nBACKGROUND\n----------", STALLS_TEXT,
                 id="a page header between the subject and a heading"),
    # A wrapped line opening with an abbreviation in parentheses goes on with the subject; one
    # opening with a portion marking is the first paragraph.
    pytest.param("SUBJECT: PAKISTANI VIEWS ON FISSILE MATERIAL CUTOFF TREATY\n(FMCT) STILL MALEABLE",
                 "PAKISTANI VIEWS ON FISSILE MATERIAL CUTOFF TREATY (FMCT) STILL MALEABLE",
                 id="wrapped line opening with an abbreviation in parentheses"),
    pytest.param("SUBJECT: PAKISTANI VIEWS ON FISSILE MATERIAL\nCUTOFF TREATY\n(FMCT) STILL MALEABLE",
                 "PAKISTANI VIEWS ON FISSILE MATERIAL CUTOFF TREATY (FMCT) STILL MALEABLE",
                 id="an abbreviation in parentheses goes on with a short line above"),
    pytest.param("SUBJECT: PAKISTANI VIEWS ON FISSILE MATERIAL CUTOFF TREATY\n(SBU) THE TALKS WENT ON.",
                 "PAKISTANI VIEWS ON FISSILE MATERIAL CUTOFF TREATY", id="a marking under it opens the text"),
    pytest.param("SUBJECT: PAKISTANI VIEWS ON FISSILE MATERIAL CUTOFF TREATY\n(C) THE TALKS WENT ON.",
                 "PAKISTANI VIEWS ON FISSILE MATERIAL CUTOFF TREATY", id="a one-letter marking under it too"),
    pytest.param("subject: pakistani views on fissile material cutoff treaty\n(fmct) still maleable",
                 "pakistani views on fissile material cutoff treaty (fmct) still maleable",
                 id="lower-cased: wrapped line opening with an abbreviation in parentheses"),
    pytest.param("subject: pakistani views on fissile material cutoff treaty\n(sbu) the talks went on.",
                 "pakistani views on fissile material cutoff treaty", id="lower-cased: a marking under it"),
    # An addressing line right under the subject: a post or an agency, FOR an office or PASS TO.
    pytest.param(STALLS + "\nBERLIN FOR POL", STALLS_TEXT, id="a post FOR an office right under"),
    pytest.param(STALLS + "\nSTATE FOR EUR/CE", STALLS_TEXT, id="STATE FOR right under"),
    pytest.param(STALLS + "\nTREASURY FOR OASIA/ICN", STALLS_TEXT, id="an agency FOR an office right under"),
    pytest.param(STALLS + "\nNEW DELHI ALSO FOR USAID", STALLS_TEXT, id="a post of two words ALSO FOR"),
    pytest.param(STALLS + "\nROME PLEASE PASS TO FODAG", STALLS_TEXT, id="a post PLEASE PASS TO"),
    pytest.param(STALLS + "\nDEPT PLS PASS USTR", STALLS_TEXT, id="an agency PLS PASS"),
    pytest.param(STALLS.lower() + "\nberlin for pol", STALLS_TEXT.lower(), id="lower-cased: a post FOR an office"),
    pytest.param("SUBJECT: GERMANY: SPD LEADS POLLS\nTREASURY FOR OASIA", "GERMANY: SPD LEADS POLLS",
                 id="wrapped at 40 columns: not onto an agency FOR an office"),
    # ... and a subject's wrapped line that opens with a place, or with words and FOR.
    pytest.param("SUBJECT: SCENESETTER FOR THE SECRETARY'S VISIT TO\nBERLIN FOR THE NATO MINISTERIAL",
                 "SCENESETTER FOR THE SECRETARY'S VISIT TO BERLIN FOR THE NATO MINISTERIAL",
                 id="a place FOR after a line cut off unfinished is the subject's"),
    pytest.param("SUBJECT: LATIN AMERICA AND THE HEMISPHERE: U.S.-BRAZIL RELATION,\nSAO PAULO FOR THE SUMMIT",
                 "LATIN AMERICA AND THE HEMISPHERE: U.S.-BRAZIL RELATION, SAO PAULO FOR THE SUMMIT",
                 id="a place FOR after a line ending on a comma is the subject's"),
    pytest.param("SUBJECT: BRAZIL FIGHTER COMPETITION: UNDER SECRETARY'S VISIT BUILDS\nMOMENTUM FOR BOEING",
                 "BRAZIL FIGHTER COMPETITION: UNDER SECRETARY'S VISIT BUILDS MOMENTUM FOR BOEING",
                 id="a word that names no post before FOR is the subject's"),
    pytest.param("SUBJECT: PRESIDENT KARZAI PREVIEWS STRATEGIC REVIEW IDEAS\nFOR USD/P FLOURNOY",
                 "PRESIDENT KARZAI PREVIEWS STRATEGIC REVIEW IDEAS FOR USD/P FLOURNOY",
                 id="a wrapped line opening with FOR and an office is the subject's"),
    # A portion marking at the end, where some drafters put it, is a marking too; an
    # abbreviation or a record number in parentheses is the subject's.
    pytest.param("SUBJECT: IRAN SEEKS TEST EQUIPMENT FROM GERMAN FIRMS (S)",
                 "IRAN SEEKS TEST EQUIPMENT FROM GERMAN FIRMS", id="a marking at the end"),
    pytest.param("SUBJECT: IRAN SEEKS TEST EQUIPMENT FROM GERMAN FIRMS (S//NF)",
                 "IRAN SEEKS TEST EQUIPMENT FROM GERMAN FIRMS", id="a marking with NOFORN at the end"),
    pytest.param("subject: test chamber sold to iran's dio (s)", "test chamber sold to iran's dio",
                 id="lower-cased: a marking at the end"),
    pytest.param("SUBJECT: (C) TEST CHAMBER SOLD TO IRAN (C)", "TEST CHAMBER SOLD TO IRAN",
                 id="a marking at both ends"),
    pytest.param("SUBJECT: THE CRIMES OF THE SANDINISTAS (FSLN)", "THE CRIMES OF THE SANDINISTAS (FSLN)",
                 id="an abbreviation at the end stays"),
    pytest.param("SUBJECT: KUDOS FOR POLITICAL REPORTING (C-AL9-01632)",
                 "KUDOS FOR POLITICAL REPORTING (C-AL9-01632)", id="a tasking number at the end stays"),
    pytest.param("SUBJECT: CHANGE OF AMBASSADOR(S)", "CHANGE OF AMBASSADOR(S)",
                 id="a plural's (S) stays"),
])
def test_subject(block, expected):
    assert subject(block) == expected


@pytest.mark.parametrize("old, new, expected", [
    pytest.param("TAGS: PREL PGOV GM", "TAGS: PREL PGOV GM SUBJECT: GERMANY: RUN ON", "GERMANY: RUN ON",
                 id="into the TAGS line"),
    # A scrape that lost the line ends of the whole block: E.O., TAGS and SUBJECT on one line.
    pytest.param("E.O. 12958: DECL: 10/18/2019\nTAGS: PREL PGOV GM",
                 "E.O. 12958: DECL: 10/18/2019 TAGS: PREL PGOV GM SUBJECT: GERMANY: RUN ON",
                 "GERMANY: RUN ON", id="into the TAGS line run into the E.O. line"),
    pytest.param("E.O. 12958: DECL: 10/18/2019\nTAGS: PREL PGOV GM",
                 "E.O. 12958: DECL: 10/18/2019 TAGS: PREL, PGOV, GM SUBJECT: GERMANY: RUN ON",
                 "GERMANY: RUN ON", id="the same with commas"),
    # ... and the lines under it too: the subject ends at the next field or the first paragraph.
    pytest.param("E.O. 12958: DECL: 10/18/2019\nTAGS: PREL PGOV GM",
                 "E.O. 12958: DECL: 10/18/2019 TAGS: PREL PGOV GM SUBJECT: GERMANY: RUN ON "
                 "Classified By: CDA John Koenig for reasons 1.4 (b) and (d)", "GERMANY: RUN ON",
                 id="the line goes on with Classified By"),
    pytest.param("E.O. 12958: DECL: 10/18/2019\nTAGS: PREL PGOV GM",
                 "E.O. 12958: DECL: 10/18/2019 TAGS: PREL PGOV GM SUBJECT: GERMANY: RUN ON  1. (C) Text of "
                 "the first paragraph.", "GERMANY: RUN ON", id="the line goes on with the first paragraph"),
    pytest.param("E.O. 12958: DECL: 10/18/2019\nTAGS: PREL PGOV GM",
                 "E.O. 12958: DECL: 10/18/2019 TAGS: PREL PGOV GM SUBJECT: GERMANY: RUN ON " + "AND ON " * 40,
                 None, id="text no rule ends is no subject"),
])
def test_subject_run_into_the_tags_line(old, new, expected):
    text = SUBJECT_HEAD.replace(old, new)
    assert new in text
    record = fields(text + "\n1. (C) Text.\n\nMURPHY\n")
    assert record["subject"] == expected
    assert record["tags"] == ["PREL", "PGOV", "GM"]
    assert record["declassify_on"].isoformat() == "2019-10-18"


# --- Tags ----------------------------------------------------------------------------------------

def tags(block: str) -> list[str]:
    head = REF_HEAD.split("TAGS:")[0]
    return fields(head + block + "\n\n1. (C) Text of the first paragraph.\n\nMURPHY\n")["tags"]


@pytest.mark.parametrize("block, expected", [
    pytest.param("TAGS: PREL PGOV GM\nSUBJECT: X", ["PREL", "PGOV", "GM"], id="plain"),
    pytest.param("TAGS: PREL,PGOV,GM\nSUBJECT: X", ["PREL", "PGOV", "GM"], id="commas without spaces"),
    pytest.param("TAGS: PREL, PGOV, GM, PREL\nSUBJECT: X", ["PREL", "PGOV", "GM"], id="repeated"),
    pytest.param("TAGS: PGOVPREL GM\nSUBJECT: X", ["PGOV", "PREL", "GM"], id="run together"),
    pytest.param("TAGS: PHUMPGOVPRELKDEMKJUS\nSUBJECT: X", ["PHUM", "PGOV", "PREL", "KDEM", "KJUS"],
                 id="five run together"),
    pytest.param("TAGS: PREL PRELGM\nSUBJECT: X", ["PREL", "GM"],
                 id="run together with a country code, deduplicated"),
    pytest.param("TAGS: BRPREL PGOV\nSUBJECT: X", ["BR", "PREL", "PGOV"],
                 id="run together with the country code first"),
    pytest.param("TAGS: ECONOMIC POLITICS\nSUBJECT: X", ["ECONOMIC", "POLITICS"],
                 id="words that only look run together"),
    pytest.param("TAGS: PREL PGOV IMPROV\nSUBJECT: X", ["PREL", "PGOV", "IMPROV"],
                 id="a six-letter word is no country code and a tag"),
    pytest.param("TAGS: OVIP (STEINBERG, JAMES B.) PREL\nSUBJECT: X",
                 ["OVIP", "STEINBERG, JAMES B.", "PREL"], id="person tag"),
    pytest.param("TAGS OVIP (STEINBERG, JAMES\nB.), PREL, PGOV, PARM, MNUC,\nCH, KN, KS\nSUBJECT: X",
                 ["OVIP", "STEINBERG, JAMES B.", "PREL", "PGOV", "PARM", "MNUC", "CH", "KN", "KS"],
                 id="person tag wrapped inside its parentheses"),
    pytest.param("TAGS: OVIP (STEINBERG) PREL\nTHE MINISTER SPOKE ON TRADE\nSUBJECT: X",
                 ["OVIP", "STEINBERG", "PREL"], id="closed parentheses continue nothing"),
    pytest.param("TAGS: OVIP BIDEN JOSEPH PREL ECON UK\nSUBJECT: X",
                 ["OVIP", "BIDEN, JOSEPH", "PREL", "ECON", "UK"], id="person after OVIP without commas"),
    pytest.param("TAGS: ECON, EFIN, GOI EXTERNAL\nSUBJECT: X", ["ECON", "EFIN", "GOI EXTERNAL"],
                 id="multi-word tag"),
    pytest.param("TAGS: PTER PREL PGOV ASEC IZ IR SY KDEM\nPHUM KISL UNMIK\nSUBJECT: X",
                 ["PTER", "PREL", "PGOV", "ASEC", "IZ", "IR", "SY", "KDEM", "PHUM", "KISL", "UNMIK"],
                 id="continuation line of tags"),
    pytest.param("TAGS: PINR, PREL, PGOV, ENRG,\nKCRM, SNAR, GM\nSUBJECT: X",
                 ["PINR", "PREL", "PGOV", "ENRG", "KCRM", "SNAR", "GM"], id="after a trailing comma"),
    pytest.param("TAGS: PREL PGOV GM\nTHE AMBASSADOR MET WITH\nSUBJECT: X", ["PREL", "PGOV", "GM"],
                 id="a line of prose is no continuation"),
    pytest.param("TAGS: PREL PGOV GM\nGERMANY: THE SUBJECT LINE LOST ITS LABEL", ["PREL", "PGOV", "GM"],
                 id="an unlabelled subject is no continuation"),
    pytest.param("TAGS: ETRD ECON GM\nDEPT PASS TO USTR\nSUBJECT: X", ["ETRD", "ECON", "GM"],
                 id="DEPT PASS TO under the tags is no continuation"),
    pytest.param("TAGS: ETRD ECON GM\nPASS TO USTR\nSUBJECT: X", ["ETRD", "ECON", "GM"],
                 id="PASS TO under the tags is no continuation"),
    pytest.param("TAGS: ETRD ECON GM\nDEPT FOR EUR\nSUBJECT: X", ["ETRD", "ECON", "GM"],
                 id="DEPT FOR under the tags is no continuation"),
    pytest.param("TAGS: ETRD ECON EINV EFIN\nEAGR GM\nSUBJECT: X",
                 ["ETRD", "ECON", "EINV", "EFIN", "EAGR", "GM"], id="continuation line of two tags"),
    # A continuation line holding a longer code (an organisation, a numbered tag) among tags.
    pytest.param("TAGS: PREL PGOV PHUM KPKO MOPS UNSC EAID\n      AU-1 SU FR\nSUBJECT: X",
                 ["PREL", "PGOV", "PHUM", "KPKO", "MOPS", "UNSC", "EAID", "AU-1", "SU", "FR"],
                 id="continuation line with a numbered code"),
    pytest.param("TAGS: SCUL PFOR\n      UNESCO IAEA FR\nSUBJECT: X",
                 ["SCUL", "PFOR", "UNESCO", "IAEA", "FR"], id="continuation line with a longer acronym"),
    pytest.param("TAGS: PREL PGOV PHUM ECON ETRD EINV KDEM KIRF SOCI\n      UNESCO FR\nSUBJECT: X",
                 ["PREL", "PGOV", "PHUM", "ECON", "ETRD", "EINV", "KDEM", "KIRF", "SOCI", "UNESCO", "FR"],
                 id="continuation line of an acronym and a country code"),
    pytest.param("TAGS: PREL PGOV FR\nSARKOZY MET WITH\nSUBJECT: X", ["PREL", "PGOV", "FR"],
                 id="a line of prose with a longer word is no continuation"),
    pytest.param("TAGS: PGOV GM\nWOWEREIT VISIT TO THE UK\nSUBJECT: X", ["PGOV", "GM"],
                 id="a heading in capitals with words of prose is no continuation"),
    pytest.param("TAGS: PREL PGOV FR\nFRANCE WELCOMES UN\nSUBJECT: X", ["PREL", "PGOV", "FR"],
                 id="more longer words than tags is no continuation"),
    pytest.param("TAGS PREL PGOV GM\nSUBJECT: X", ["PREL", "PGOV", "GM"], id="TAGS without colon"),
    pytest.param("TAGS: KPAO, OVIP, PREL\nSUBJECT: X", ["KPAO", "OVIP", "PREL"],
                 id="unknown-looking tags, OVIP without a person"),
    pytest.param("TAGS: OVIP (RICE, CONDOLEEZZA) PREL GM\nSUBJECT: X",
                 ["OVIP", "RICE, CONDOLEEZZA", "PREL", "GM"], id="person tag of a visitor"),
    pytest.param("TAGS: PREL, OVIP (RICE,\nCONDOLEEZZA), GM\nSUBJECT: X",
                 ["PREL", "OVIP", "RICE, CONDOLEEZZA", "GM"], id="person tag wrapped to the next line"),
    pytest.param("TAGS: PREL; PGOV; GM\nSUBJECT: X", ["PREL", "PGOV", "GM"], id="semicolons"),
    pytest.param("Tags: prel pgov gm\nSubject: x", ["PREL", "PGOV", "GM"], id="lower case"),
    pytest.param("TAGS: PREL PGOV GM\nPARIS FOR JONES\nSUBJECT: X", ["PREL", "PGOV", "GM"],
                 id="a post's passing line under the tags is no continuation"),
    pytest.param("Tags: parm, prel, ir, gm Subject: (s) germany requests information", ["PARM", "PREL", "IR", "GM"],
                 id="a subject in mixed case run onto the tags line"),
    pytest.param("TAGS: PREL, EPET, PGOV     Captions: None     Subject: UAE OIL\nREF: ABU DHABI 1384",
                 ["PREL", "EPET", "PGOV"], id="captions and subject run onto the tags line"),
    pytest.param("TAGS: PGOV, PREL, BR CLASSIFIED BY: POLOFF RICHARD REITER FOR REASONS 1.5 (B)",
                 ["PGOV", "PREL", "BR"], id="classified by run onto the tags line"),
    pytest.param("TAGS: OVIP (STEINBERG, JAMES B.) PREL, IR Ref: A. Beijing 123\nSUBJECT: X",
                 ["OVIP", "STEINBERG, JAMES B.", "PREL", "IR"], id="a reference run onto a person's tags"),
    pytest.param("TAGS: PREF, SREF, KCRS, GM\nSUBJECT: X", ["PREF", "SREF", "KCRS", "GM"],
                 id="tags holding a label's letters are no run-on field"),
    pytest.param("TAGS: PGOV PREL KDEM ASEC ECON EFIN ELAB ETRD PHUM SOCI\n\nBERLIN 00001533 002 OF 003\n\n"
                 "KCRM GM\nSUBJECT: X",
                 ["PGOV", "PREL", "KDEM", "ASEC", "ECON", "EFIN", "ELAB", "ETRD", "PHUM", "SOCI", "KCRM", "GM"],
                 id="a page header inside the tags"),
    pytest.param("TAGS: PGOV PREL KDEM ASEC\nCONFIDENTIAL BERLIN 001533 002 OF 003\nKCRM GM\nSUBJECT: X",
                 ["PGOV", "PREL", "KDEM", "ASEC", "KCRM", "GM"], id="a page header the cleaning leaves inside the tags"),
    pytest.param("TAGS: OVIP (STEINBERG, JAMES\nBERLIN 00001533 002 OF 003\nB.), PREL\nSUBJECT: X",
                 ["OVIP", "STEINBERG, JAMES B.", "PREL"], id="a page header inside a person's tag"),
    pytest.param("TAGS: PGOV PREL\n\nKCRM GM\nSUBJECT: X", ["PGOV", "PREL"],
                 id="a blank line with no page header ends the tags"),
    pytest.param("TAGS: MOPS, PREL, AF -- ISAF\nSUBJECT: X", ["MOPS", "PREL", "AF", "ISAF"],
                 id="dashes between tags are no tag"),
    pytest.param("TAGS: PREL - PGOV - GM\nSUBJECT: X", ["PREL", "PGOV", "GM"], id="nor is a hyphen"),
    pytest.param("TAGS: PREL, GM - GERMANY, PGOV\nSUBJECT: X", ["PREL", "GM", "GERMANY", "PGOV"],
                 id="a hyphen before a long word inside a comma item"),  # it gave `- GERMANY`
    pytest.param("TAGS: GM - GERMANY\nSUBJECT: X", ["GM", "GERMANY"], id="the same without commas"),
    pytest.param("TAGS: PREL/PGOV/GM\nSUBJECT: X", ["PREL", "PGOV", "GM"], id="tags separated by slashes"),
    pytest.param("TAGS: PREL/PGOV/GM/\nSUBJECT: X", ["PREL", "PGOV", "GM"], id="a slash closing them"),
    pytest.param("TAGS: PRELGM/ECON\nSUBJECT: X", ["PREL", "GM", "ECON"], id="slashes between tags run together"),
    pytest.param("tags: prel/pgov/gm\nsubject: x", ["PREL", "PGOV", "GM"], id="lower-cased: slashes"),
    pytest.param("TAGS: PREL PGOV\nKCRM/GM\nSUBJECT: X", ["PREL", "PGOV", "KCRM", "GM"],
                 id="a continuation line of tags separated by slashes"),
    pytest.param("TAGS: PREL, OVIP (SMITH/JONES, A.)\nSUBJECT: X", ["PREL", "OVIP", "SMITH/JONES, A."],
                 id="a slash inside a person's parentheses stays"),
    pytest.param("TAGS: PREL, PGOV (U)\nSUBJECT: X", ["PREL", "PGOV"], id="a portion marking after the tags"),
    pytest.param("TAGS: (C) PREL PGOV GM\nSUBJECT: X", ["PREL", "PGOV", "GM"], id="a portion marking before the tags"),
    pytest.param("TAGS: PREL PGOV GM (S/NF)\nSUBJECT: X", ["PREL", "PGOV", "GM"], id="a marking with a caveat"),
    pytest.param("TAGS: OVIP (RICE, CONDOLEEZZA) PREL (SBU)\nSUBJECT: X", ["OVIP", "RICE, CONDOLEEZZA", "PREL"],
                 id="a marking after a person's tag"),
    pytest.param("tags: prel, pgov (u)\nsubject: x", ["PREL", "PGOV"], id="lower-cased: a portion marking"),
    pytest.param("(U) TAGS: PREL, PGOV\nSUBJECT: X", ["PREL", "PGOV"], id="a portion marking before the label"),
    pytest.param("TAGS: N/A\nSUBJECT: X", [], id="N/A: no tags"),    # it gave the tag `N/A`
    pytest.param("Tags: None.\nSubject: x", [], id="none: no tags"),
    pytest.param("TAGS: NA, PREL\nSUBJECT: X", ["NA", "PREL"], id="a country code NA is a tag"),
])
def test_tags(block, expected):
    assert tags(block) == expected


# --- Classified by and reasons -------------------------------------------------------------------

def classified(line: str) -> tuple[list[str], list[str]]:
    record = fields(REF_HEAD + "\n" + line + "\n\n1. (C) Text of the first paragraph.\n\nMURPHY\n")
    return record["classified_by"], record["classification_reasons"]


BD = ["1.4 (b)", "1.4 (d)"]


@pytest.mark.parametrize("line, names, reasons", [
    pytest.param("Classified By: Ambassador Philip D. Murphy for reasons 1.4 (b) and (d)",
                 ["Philip D. Murphy"], BD, id="plain"),
    pytest.param("Classified By: Ambassador William R. Brownfield, Jr., for reasons 1.4 (b) and (d)",
                 ["William R. Brownfield, Jr."], BD, id="suffix after a comma"),
    pytest.param("CLASSIFIED BY: AMBASSADOR WILLIAM R. BROWNFIELD JR. FOR REASONS 1.4 (B) AND (D)",
                 ["WILLIAM R. BROWNFIELD JR."], BD, id="suffix, capitals"),
    pytest.param("Classified By: DCM John Doe III, reasons 1.4 (b,d)", ["John Doe III"], BD,
                 id="roman numeral suffix is no office"),
    pytest.param("CLASSIFIED BY: AMBASSADOR TO KENYA JOHN SMITH, REASONS 1.4 (B) AND (D)",
                 ["JOHN SMITH"], BD, id="post after the title, capitals"),
    pytest.param("Classified By: Ambassador to Kenya Michael Ranneberger, reasons 1.4 (b,d)",
                 ["Michael Ranneberger"], BD, id="post after the title"),
    pytest.param("CLASSIFIED BY: POLITICAL COUNSELOR JOHN 0. DOE, REASONS 1.4 (B) AND (D)",
                 ["JOHN O. DOE"], BD, id="OCR zero for an initial"),
    pytest.param("Classified By: Ambassador John Smith and DCM Jane Doe for reasons 1.4 (b) and (d)",
                 ["John Smith", "Jane Doe"], BD, id="two names"),
    pytest.param("CLASSIFIED BY: POLOFF J. SMITH AND ECONOFF M. JONES, REASONS 1.4 (B) AND (D)",
                 ["J. SMITH", "M. JONES"], BD, id="two names in capitals"),
    pytest.param("CLASSIFIED BY: POLITICAL AND ECONOMIC COUNSELOR JOHN SMITH, REASONS 1.4 (B) AND (D)",
                 ["JOHN SMITH"], BD, id="AND inside a title in capitals joins no names"),
    pytest.param("Classified By: PolOff Jane Doe FOR REASONS 1.4(B),(D)", ["Jane Doe"], BD,
                 id="reasons written without spaces"),
    pytest.param("Classified By: Charge d'Affaires, a.i., Lisa Kubiske for Reasons 1.4 (b) & (d)",
                 ["Lisa Kubiske"], BD, id="title with commas"),
    pytest.param("CLASSIFIED BY AMBASSADOR ROBERT A. BRADTKE. REASONS 1.4 (B) AND (D)",
                 ["ROBERT A. BRADTKE"], BD, id="no colon, reasons after a full stop"),
    pytest.param("Classified By: Ambassador Ryan C. Crocker for reasons 1.4 (b), (d), (e), and (h)",
                 ["Ryan C. Crocker"], ["1.4 (b)", "1.4 (d)", "1.4 (e)", "1.4 (h)"], id="four reasons"),
    pytest.param("Classified By: Derived from multiple sources", [], [], id="no name"),
    pytest.param("Classified By: Under Secretary Maria Otero for reasons 1.4 (B) and (D).",
                 ["Maria Otero"], BD, id="Under Secretary is a title"),
    pytest.param("Classified By: Ambassador for reasons 1.4 (b) and (d)", [], BD, id="title only"),
    pytest.param("Classified By: (U) Ambassador John Doe, reasons 1.4 (b) and (d)", ["John Doe"], BD,
                 id="portion marking after the label"),
    pytest.param("Classified By: Deputy Chief of Mission Scott F. Kilner for reasons 1.4\n(b) and (d).",
                 ["Scott F. Kilner"], BD, id="reason letters on the next line"),
    pytest.param("Classified By: Consul General Conrad Tribble for reasons 1.4\n(b) and (d )",
                 ["Conrad Tribble"], BD, id="reason letters on the next line, a space before a parenthesis"),
    pytest.param("Classified By: Ambassador Karl W. Eikenberry for reasons 1.4\n( b) and ( d ).",
                 ["Karl W. Eikenberry"], BD, id="reason letters on the next line, spaces inside parentheses"),
    pytest.param("CLASSIFIED BY: POLITICAL MINISTER-COUNSELOR JOSIAH ROSENBLATT, FOR REASO\nNS 1.4 (B) "
                 "AND (D).", ["JOSIAH ROSENBLATT"], BD, id="word split by the line break"),
    pytest.param("CLASSIFIED BY: Marc Nordberg, Political/Economic Chief; REASON: 1.4(B), (D)\n"
                 "Classified by DCM Karen Decker for Reasons 1.4 B & D.",
                 ["Marc Nordberg", "Karen Decker"], BD, id="two classified-by lines"),
    pytest.param(" CLASSIFIED BY: Marc Nordberg, Political/Economic Chief; REASON: 1.4(B), (D)\n"
                 " Classified by DCM Karen Decker for Reasons 1.4 B & D.",
                 ["Marc Nordberg", "Karen Decker"], BD, id="two classified-by lines, indented"),
    pytest.param(" CLASSIFIED BY: Marc Nordberg, Political/Economic Chief; REASON: 1.4(B), (D)\n"
                 " Classification of the talks by DCM Karen Decker.",
                 ["Marc Nordberg"], BD, id="an indented line that opens with another word ends the block"),
    pytest.param("CLASSIFIED BY: MINISTER-COUNSELOR FOR POLITICAL AFFAIRS GEORGE GLASS FO\nR REASONS 1.4 (B) "
                 "AND (D)", ["GEORGE GLASS"], BD, id="FOR split by the line break"),
    pytest.param("CLASSIFIED BY: AMBASSADOR JOHN SMITH FOR RE\nASONS 1.4 (B) AND (D)", ["JOHN SMITH"], BD,
                 id="REASONS split by the line break, capitals"),
    pytest.param("Classified By: Charge d'Affaires Arnold A. Chacon for reasons 1.4 (b) a nd (d)",
                 ["Arnold A. Chacon"], BD, id="and split after its a"),
    pytest.param("Classified By: Global Affairs Unit Chief Don Brown for Reasons 1.4(b) a\nnd (d).",
                 ["Don Brown"], BD, id="and split by the line break"),
    pytest.param("Classified By: Charge d'Affaires Todd Chapman, Reasons 1.4(b+d)", ["Todd Chapman"], BD,
                 id="letters joined by a plus"),
    pytest.param("Classified By: PolChief John Smith for reasons 1.4 (b) and (d)", ["John Smith"], BD,
                 id="a section chief in one word"),
    pytest.param("CLASSIFIED BY: EAP DAS JOHN SMITH, REASONS 1.4 (B) AND (D)", ["JOHN SMITH"], BD,
                 id="DAS, capitals"),
    pytest.param("CLASSIFIED BY: DEFENSE ATTACHE COL JOHN SMITH, REASONS 1.4 (B) AND (D)", ["JOHN SMITH"],
                 BD, id="military rank, capitals"),
    pytest.param("CLASSIFIED BY DCM JOHN SMITH; REASON: 1.4(B)", ["JOHN SMITH"], ["1.4 (b)"],
                 id="no colon, REASON after a semicolon"),
    pytest.param("Classified By: Ambassador John Smith, E.O. 12958 REASONS 1.5 (B),(D)", ["John Smith"],
                 ["1.5 (b)", "1.5 (d)"], id="E.O. before the reasons"),
    pytest.param("Classified by: A/DCM John Smith, reasons 1.4 (b) and (d)", ["John Smith"], BD,
                 id="A/DCM"),
    pytest.param("Classified By: Political Counselor John Smith for reasons 1.4 (b) and (d)",
                 ["John Smith"], BD, id="two-word title"),
    pytest.param("CLASSIFIED BY: AMBASSADOR JOHN SMITH, DCM JANE DOE; REASONS 1.4 (B,D)",
                 ["JOHN SMITH", "JANE DOE"], BD, id="two titled names separated by a comma"),
    pytest.param("Classified By: Ambassador John Smith, DCM Jane Q. Doe, reasons 1.4 (b) and (d)",
                 ["John Smith", "Jane Q. Doe"], BD, id="two titled names, mixed case"),
    pytest.param("CLASSIFIED BY: Andres Barcenas, ARSO, Dept. of State, RSO Caracas; REASON: 1.4(B), (D)",
                 ["Andres Barcenas"], BD, id="a post after a title is no second name"),
    pytest.param("CLASSIFIED BY: Timothy Richardson, Acting Director, Iran Regional Presence Office, "
                 "Department of State. REASON: 1.4 (b), (d)", ["Timothy Richardson"], BD,
                 id="title and office after the name are no second name"),
    pytest.param("Classified By: Mark Scheland, Counselor for Nuclear Policy; reasons 1.4 (b) and (d)",
                 ["Mark Scheland"], BD, id="a title with its field after the name"),
    pytest.param("Classified By: Assistant Secretary of State John Smith for reasons 1.4 (b) and (d)",
                 ["John Smith"], BD, id="Secretary of State: the title's object"),
    pytest.param("CLASSIFIED BY: DEPUTY SECRETARY OF STATE J. THOMAS SMITH, REASONS 1.4 (B) AND (D)",
                 ["J. THOMAS SMITH"], BD, id="of State, capitals, a leading initial"),
    pytest.param("Classified By: Director of Policy Planning Jane Doe for reasons 1.4 (b) and (d)",
                 ["Jane Doe"], BD, id="an object of two words"),
    pytest.param("Classified By: Coordinator for Counterterrorism Dell Dailey, reasons 1.4 (b) and (d)",
                 ["Dell Dailey"], BD, id="the title's object after for"),
    pytest.param("Classified By: Counselor for Nuclear Policy, reasons 1.4 (b) and (d)", [], BD,
                 id="a title and its object alone"),
    pytest.param("CLASSIFIED BY: PO JOHN SMITH, REASONS 1.4 (B) AND (D)", ["JOHN SMITH"], BD,
                 id="PO (principal officer), capitals"),
    pytest.param("CLASSIFIED BY: DATT JOHN SMITH, REASONS 1.4 (B) AND (D)", ["JOHN SMITH"], BD,
                 id="DATT (defense attache), capitals"),
    pytest.param("Classified By: Ambassador-at-Large John Smith, reasons 1.4 (b) and (d)", ["John Smith"], BD,
                 id="Ambassador-at-Large"),
    pytest.param("classified by: ambassador philip d. murphy for reasons 1.4 (b) and (d)",
                 ["philip d. murphy"], BD, id="lower-cased scrape: the name as written"),
    pytest.param("classified by: charge d,affaires j. robert smith, reasons 1.4 (b) and (d).",
                 ["j. robert smith"], BD, id="lower-cased, a letter cut from its title is no name"),
    pytest.param("Classified By: DCM Robert Goldberg fo Reasons: 1.4(B), (D).", ["Robert Goldberg"], BD,
                 id="for cut short before the reason"),
    pytest.param("CLASSIFIED BY: SCA RICHARD A. BOUCHER, REASONS: 1.4 B C AND D", ["RICHARD A. BOUCHER"],
                 ["1.4 (b)", "1.4 (c)", "1.4 (d)"], id="the Department's bureau before the name, capitals"),
    pytest.param("Classified By: EUR/PRA Director Stephanie Miley \u00b61. (U) This is an action request.",
                 ["Stephanie Miley"], [], id="the first paragraph run on after a line without reason"),
    pytest.param("Classified By: DCM Tom Kelly for reasons b, d.", ["Tom Kelly"], BD,
                 id="letters without their section: 1.4"),
    pytest.param("Classified By: Acting Deputy Ambassador Joseph A. Mussomeli; Reasons ( b) and (d)",
                 ["Joseph A. Mussomeli"], BD, id="letters without their section, a space in a parenthesis"),
    pytest.param("CLASSIFIED BY: DCM TOM KELLY, REASON: D", ["TOM KELLY"], ["1.4 (d)"],
                 id="one letter without its section, capitals"),
    pytest.param("Classified By: DCM Tom Kelly for reasons of security.", ["Tom Kelly"], [],
                 id="a word after reasons is no letter"),
    pytest.param("Classified By: DCM Tom Kelly for reasons a bad idea.", ["Tom Kelly"], [],
                 id="the article a is no letter"),
    pytest.param("Classified By: DCM Tom Kelly, Reason: E.O. 12958", ["Tom Kelly"], [],
                 id="the E of E.O. is no letter"),
    pytest.param("Classified By: Ambassador Eunice S. Reddick, reasons 1.4 (b) and (d), E.O. 12958",
                 ["Eunice S. Reddick"], BD, id="the E of E.O. after the letters is none of them"),
    pytest.param("Classified By: Ambassador Eunice S. Reddick, reasons 1.4 b, d, E. O. 12958",
                 ["Eunice S. Reddick"], BD, id="the E of E. O. after bare letters is none of them"),
    pytest.param("Classified By: DCM Tom Kelly, reasons 1.4 (b) and (e). Other text.", ["Tom Kelly"],
                 ["1.4 (b)", "1.4 (e)"], id="a letter e before a full stop is a reason"),
    pytest.param("Classified By: Ambassador Eunice S. Reddick - 1.4 (b), (d)", ["Eunice S. Reddick"], BD,
                 id="a dash between the name and the reasons"),
    pytest.param("CLASSIFIED BY: DCM TOM KELLY -- REASONS 1.4 (B) AND (D)", ["TOM KELLY"], BD,
                 id="two dashes before the reasons, capitals"),
    pytest.param("Classified By: Ambassador John Smith-Jones for reasons 1.4 (b) and (d)",
                 ["John Smith-Jones"], BD, id="a hyphen inside the name stays"),
    pytest.param("Classified By: Ambassador John Smith, DCM Jane Doe and PolCouns Bob Brown, reasons 1.4 (b), (d)",
                 ["John Smith", "Jane Doe", "Bob Brown"], BD, id="three titled names, the last two joined by and"),
    pytest.param("Classified By: Ambassador John Smith for reasons 1.4 (b) foreign government information "
                 "and (d) foreign relations", ["John Smith"], BD, id="reasons written out after their letters"),
    # An office's officer in one word, the titles and role nouns of the 2026-12-07 audit.
    *[pytest.param(f"Classified By: {title} Jane Q. Doe, reasons 1.4 (b) and (d)", ["Jane Q. Doe"], BD,
                   id=f"title {title}")
      for title in ("PolMilOff", "Polmiloff", "PolEconOff", "Pol-EconOff", "Conoff", "ConOff", "Pol/Econ Off",
                    "ConGen", "Spokesman", "Political Specialist", "PRT Leader", "PRT Team Leader",
                    "Team Leader", "Provincial Reconstruction Team Leader")],
    *[pytest.param(f"CLASSIFIED BY: {title} JANE Q. DOE, REASONS 1.4 (B) AND (D)", ["JANE Q. DOE"], BD,
                   id=f"title {title}, capitals")
      for title in ("POLMILOFF", "POLAD", "EMIN", "PMIN", "DDCM", "ARSO", "CONOFF", "PRT TEAM LEADER")],
    pytest.param("Classified By: PolMilOff for reasons 1.4 (b) and (d)", [], BD, id="an officer alone"),
    pytest.param("Classified By: Team Leader for reasons 1.4 (b) and (d)", [], BD, id="a role alone"),
    pytest.param("Classified By: Embassy Nairobi, reasons 1.4 (b) and (d)", [], BD, id="a post alone"),
    pytest.param("Classified By: Embassy Nairobi, Ambassador John Smith, reasons 1.4 (b) and (d)",
                 ["John Smith"], BD, id="a post, then a titled name"),
    pytest.param("Classified By: Ambassador Boris Ivanoff, reasons 1.4 (b) and (d)", ["Boris Ivanoff"], BD,
                 id="a surname in -off stays"),
    pytest.param("Classified By: Jane Petroff, reasons 1.4 (b) and (d)", ["Jane Petroff"], BD,
                 id="a surname in -off without a title stays"),
    pytest.param("CLASSIFIED BY: POLOFF MIKE MILOFF JR., REASONS 1.4 (B) AND (D)", ["MIKE MILOFF JR."], BD,
                 id="a surname in -off before a suffix stays, capitals"),
    # Two titled names joined by a slash.
    pytest.param("Classified By: Ambassador John Smith/DCM Jane Doe, reasons 1.4 (b) and (d)",
                 ["John Smith", "Jane Doe"], BD, id="two titled names joined by a slash"),
    pytest.param("CLASSIFIED BY: AMBASSADOR JOHN SMITH / DCM JANE DOE, REASONS 1.4 (B) AND (D)",
                 ["JOHN SMITH", "JANE DOE"], BD, id="two titled names joined by a slash, capitals"),
    pytest.param("Classified By: Pol/Econ Chief John Smith, reasons 1.4 (b) and (d)", ["John Smith"], BD,
                 id="a slash inside a title joins no names"),
])
def test_classified_by(line, names, reasons):
    assert classified(line) == (names, reasons)


def test_reason_letters_without_their_section_before_2003_are_of_section_1_5():
    # E.O. 12958 put the reasons in section 1.5 until its amendment of 25 March 2003 (1.4 since).
    head = REF_HEAD.replace("181324Z OCT 09", "181324Z OCT 02").replace("10/18/2019", "10/18/2012")
    record = fields(head + "\nClassified By: DCM Tom Kelly for reasons b, d.\n\n1. (C) Text.\n\nMURPHY\n")
    assert record["classification_reasons"] == ["1.5 (b)", "1.5 (d)"]


@pytest.mark.parametrize("foot", ["CONFIDENTIAL", "C O N F I D E N T I A L", "NNNN", "BT\n#1533"])
def test_classified_by_cut_short_ends_at_the_cable_s_foot(foot):
    """An extract cut inside its `Classified By:` line (`A...`) followed by the page's foot
    banner or the telegram's end: those lines are no name."""
    record = fields(REF_HEAD + "\nClassified By: A...\n\n" + foot + "\n")
    assert record["classified_by"] == []


def test_classified_by_reason_letters_on_the_next_line_still_read():
    # (the foot's letters are not a wrapped line of reasons, and a reason line is no foot)
    record = fields(REF_HEAD + "\nClassified By: DCM Tom Kelly for reasons 1.4\n(b) and (d)\n\n"
                    "1. (C) Text.\n\nMURPHY\n")
    assert record["classified_by"] == ["Tom Kelly"] and record["classification_reasons"] == BD


def test_classified_by_in_capitals_on_the_ref_line():
    record = fields(REF_HEAD + "REF: STATE 1234 CLASSIFIED BY: DCM JOHN SMITH. REASONS 1.4 (B) AND (D)"
                    "\n\n1. (C) Text.\n\nMURPHY\n")
    assert record["classified_by"] == ["JOHN SMITH"]
    assert record["classification_reasons"] == BD
    assert [r["reference_id"] for r in record["references"]] == ["09STATE1234"]


# --- E.O. line: declassify on, and E.O. 12065's classifier --------------------------------------

def order_line(line: str, dtg: str = "181324Z OCT 09") -> tuple[str | None, str | None, list[str]]:
    """executive_order, declassify_on (ISO) and classified_by of a cable whose E.O. line is
    `line` (and no `Classified By:` line)."""
    head = REF_HEAD.replace("E.O. 12958: DECL: 10/18/2019", line).replace("181324Z OCT 09", dtg)
    record = fields(head + "\n1. (C) Text of the first paragraph.\n\nMURPHY\n")
    declassify_on = record["declassify_on"]
    return (record["executive_order"], declassify_on.isoformat() if declassify_on else None,
            record["classified_by"])


E12958 = "E.O. 12958"
REF_DTG = "181324Z OCT 09"
E12065 = "E.O. 12065"
OLD = "121212Z MAR 79"          # a cable of E.O. 12065's years (1978-82)


@pytest.mark.parametrize("line, dtg, expected", [
    pytest.param("E.O. 12958: DECL: 03/12/2018", REF_DTG, (E12958, "2018-03-12", []), id="plain"),
    pytest.param("E.O. 12958: DECL: 03-12-2018", REF_DTG, (E12958, "2018-03-12", []), id="dashes"),
    pytest.param("E.O. 12958: DECL: 3-2-18", REF_DTG, (E12958, "2018-03-02", []), id="dashes, short"),
    pytest.param("E.O. 12958: DECL: 03-12/2018", REF_DTG, (E12958, None, []),
                 id="two separators are no date"),
    pytest.param("E.O. 12958: DECL:\n03/12/2018", REF_DTG, (E12958, "2018-03-12", []),
                 id="the date wrapped onto the next line"),
    pytest.param("E.O. 12958: DECL:\nTAGS: PREL 2018", REF_DTG, (E12958, None, []),
                 id="a field under an empty DECL is no date"),
    pytest.param("E.O. 12958: DECL: 31/12/2018", REF_DTG, (E12958, "2018-12-31", []),
                 id="day first where month first cannot be"),
    pytest.param("E.O. 12958: DECL: 03/12/2018", REF_DTG, (E12958, "2018-03-12", []),
                 id="month first where both can be"),
    pytest.param("E.O. 12958: DECL: 1.6X6", REF_DTG, (E12958, None, []), id="an exemption is no date"),
    pytest.param("E.O. 12065: XDS-4 3/12/99 (SMITH, J.)", OLD, (E12065, "1999-03-12", ["SMITH, J."]),
                 id="E.O. 12065 XDS-4"),
    pytest.param("E.O. 12065: XDS-1 3/12/99 (SMITH, J.)", OLD, (E12065, "1999-03-12", ["SMITH, J."]),
                 id="E.O. 12065 XDS-1"),
    pytest.param("E.O. 12065: RDS-1,3 3/12/99 (HARTMAN, ARTHUR A.) OR-M", OLD,
                 (E12065, "1999-03-12", ["HARTMAN, ARTHUR A."]), id="E.O. 12065 two review categories"),
    pytest.param("E.O. 12065: RDS-2, 3 3/12/99 (HARTMAN, ARTHUR A.) OR-M", OLD,
                 (E12065, "1999-03-12", ["HARTMAN, ARTHUR A."]), id="E.O. 12065 two categories, a space"),
    pytest.param("E.O. 12065: GDS-3/12/85 (HARTMAN, A.A.) OR-M", OLD,
                 (E12065, "1985-03-12", ["HARTMAN, A.A."]), id="E.O. 12065 a dash before the date"),
    pytest.param("E.O. 12065: GDS 3/12/85 (SMITH, JOHN, EUR/WE)", OLD,
                 (E12065, "1985-03-12", ["SMITH, JOHN"]), id="E.O. 12065 an office after the name"),
    pytest.param("E.O. 12065: RDS-3 2/1/99 (ATHERTON, A.L., JR.) OR-M", OLD,
                 (E12065, "1999-02-01", ["ATHERTON, A.L., JR."]), id="E.O. 12065 a suffix stays"),
    pytest.param("E.O. 12065: GDS 3/12/85 (HARTMAN, ARTHUR\nA.) OR-M", OLD,
                 (E12065, "1985-03-12", ["HARTMAN, ARTHUR A."]), id="E.O. 12065 the name wrapped"),
    pytest.param("E.O. 12065: GDS 3/12/85 (AMB HARTMAN)", OLD, (E12065, "1985-03-12", ["HARTMAN"]),
                 id="E.O. 12065 a title before the name"),
    pytest.param("E.O. 12065: XDS-5 3/12/99 (SMITH, J.)", OLD, (E12065, None, []),
                 id="E.O. 12065 no fifth extended category"),
    pytest.param("E.O. 11652: ADS, DECLAS 12/31/76", "121212Z MAR 74", ("E.O. 11652", "1976-12-31", []),
                 id="E.O. 11652 advance schedule and its date"),
    pytest.param("E.O. 11652: XGDS-3", "121212Z MAR 74", ("E.O. 11652", None, []),
                 id="E.O. 11652 exemption: no date"),
])
def test_order_line(line, dtg, expected):
    assert order_line(line, dtg) == expected


# --- Signers -------------------------------------------------------------------------------------

def signers(ending: str) -> list[str]:
    return fields(REF_HEAD + "\n1. (C) Text of the first paragraph.\n\n" + ending + "\n")["signed_by"]


@pytest.mark.parametrize("ending, expected", [
    pytest.param("MURPHY", ["MURPHY"], id="plain"),
    pytest.param("Murphy", ["Murphy"], id="mixed case"),
    pytest.param("MURPHY\n\nCONFIDENTIAL\n\nNNNN", ["MURPHY"], id="banner and NNNN"),
    pytest.param("MURPHY\nCONFIDENTIAL\n#1533", ["MURPHY"], id="banner and sequence number"),
    pytest.param("MURPHY\n\nC O N F I D E N T I A L", ["MURPHY"], id="letter-spaced banner"),
    pytest.param("MURPHY\n\nLIMITED OFFICIAL USE\n\nNNNN", ["MURPHY"], id="LOU banner is no name"),
    pytest.param("MURPHY\n\nSECRET//NOFORN", ["MURPHY"], id="banner with caveat"),
    pytest.param("MURPHY\n\nSENSITIVE BUT UNCLASSIFIED", ["MURPHY"], id="SBU banner"),
    pytest.param("MURPHY\n\nUNCLAS", ["MURPHY"], id="UNCLAS banner"),
    pytest.param("KISSINGER\n\n\nCONFIDENTIAL\n\n<< END OF DOCUMENT >>", ["KISSINGER"],
                 id="end of document marker"),
    pytest.param("MURPHY\n\n(END OF MESSAGE)", ["MURPHY"], id="end of message marker"),
    pytest.param("KISSINGER\n\nNOTE BY OC/T: NOT PASSED TO ABOVE ADDRESSEES.", ["KISSINGER"],
                 id="communications center note"),
    pytest.param("MURPHY\n\nCONFIDENTIAL\nPAGE 03 BERLIN 01533 181324Z", ["MURPHY"],
                 id="page header after the banner"),
    pytest.param("RICE/SMITH", ["RICE", "SMITH"], id="joint signature"),
    pytest.param("Timken jr", ["Timken jr"], id="suffix in lower case"),
    pytest.param("CROCKER.", ["CROCKER"], id="closed by a full stop"),
    pytest.param("Crocker,", ["Crocker"], id="closed by a comma"),
    pytest.param("in the days ahead", [], id="the end of a sentence is no name"),
    pytest.param("The text follows.\n\nTEXT ENDS", [], id="TEXT ENDS is no name"),
    pytest.param("SEPTEL FOLLOWS", [], id="SEPTEL FOLLOWS is no name"),
    pytest.param("FYI", [], id="FYI is no name"),
    pytest.param("PLEASE ADVISE", [], id="PLEASE ADVISE is no name"),
    pytest.param("FOR THE AMBASSADOR", [], id="FOR THE AMBASSADOR without a name is none"),
    pytest.param("AMEMBASSY KABUL", [], id="a post is no signer"),
    pytest.param("POLOFF", [], id="an office is no signer"),
    pytest.param("CLINTON\nUNQUOTE CLINTON", ["CLINTON"], id="repeated cable: UNQUOTE then the signer"),
    pytest.param("KISSINGER UNQTE INGERSOLL", ["INGERSOLL"], id="old repeated cable: UNQTE then the signer"),
    pytest.param("INGERSOLL\nUNQTE", [], id="UNQTE is no name"),
    pytest.param("KEEGAN\n\nNOTE: MESSAGE RECEIVED GARBLED. CORRECTION TO FOLLOW.", ["KEEGAN"],
                 id="relay note"),
    pytest.param("KINNEY\n\nDrafted by: POL:JSMITH\nApproved by: DCM:JDOE", ["KINNEY"],
                 id="drafting block after the signature"),
    pytest.param("HELMS\n\nDeclassified/Released US Department of State EO\nSystematic Review 05 JUL 2006",
                 ["HELMS"], id="archive marking after the signature"),
    pytest.param("KISSINGER\n\n\nCONFIDENTIAL\n\n\n\n\nNNN", ["KISSINGER"],
                 id="NNN closing an old printout"),
    pytest.param("CLINTON\n\nSECRET//NOFORN//MR", ["CLINTON"], id="banner with two caveats"),
    pytest.param("MURPHY\n\nSBU", ["MURPHY"], id="a caveat alone is no name"),
    pytest.param("MURPHY\n\nFOR OFFICIAL USE ONLY", ["MURPHY"], id="FOR OFFICIAL USE ONLY"),
    pytest.param("MURPHY\n\nNODIS, SIPDIS", ["MURPHY"], id="caveats after the signature"),
    pytest.param("MURPHY\n\n<< End Cable Text >>", ["MURPHY"], id="end of cable text marker"),
    pytest.param("MURPHY\n\n-- END OF MESSAGE --", ["MURPHY"], id="end of message between dashes"),
    pytest.param("All in all, it bodes well for U.S. interests. DANILOVICH 2005-05-06", ["DANILOVICH"],
                 id="run into the last line, a date stamp after it"),
    pytest.param("MURPHY\n2009-10-18", ["MURPHY"], id="a date stamp on the line after"),
    pytest.param("affairs.\nRandt\n\nHTS ACTIVIST LIU XIAOBO...", ["Randt"],
                 id="a scrape's teaser in capitals cut by an ellipsis after it"),
    pytest.param("It will go on and on...\nMURPHY", ["MURPHY"], id="an ellipsis ending the last sentence"),
    pytest.param("Post requests guidance on the request posed in paragraph\n\n\u00b63. Koenig", ["Koenig"],
                 id="after the number ending the last sentence, set on a line of its own"),
    pytest.param("Post requests guidance on the request.\n\n\u00b63. Koenig", [],
                 id="a numbered line after a finished sentence is no signature"),
    pytest.param("We will follow up. End comment. O'Brien", ["O'Brien"],
                 id="run into the last sentence: a name with an apostrophe"),
    pytest.param("We will follow up. End comment. Thompson-Jones", ["Thompson-Jones"],
                 id="run into the last sentence: a hyphenated name"),
    pytest.param("We will follow up. End comment. RICE/SMITH", ["RICE", "SMITH"],
                 id="run into the last sentence: a joint signature"),
    pytest.param("Yea: 105 Nay: 104 Abstain/blank/spoiled: 14 EIKENBERRY", ["EIKENBERRY"],
                 id="run into the last line after a number"),
    pytest.param("The vote was postponed to March 14 Sunday", [],
                 id="a word in mixed case after a number is no signature"),
    # Lines wrapped at 69 columns (telegrams; Cablegate holds a paragraph on one line).
    pytest.param("2. (C) The talks went on. All in all, his continued presence bodes well.\n"
                 "DANILOVICH 2005-05-06", ["DANILOVICH"], id="signature line before a scrape's date stamp"),
    pytest.param("2. (U) Questions may be directed to IO/PSC (Erin Crowe,\n202-736-7847). CLINTON",
                 ["CLINTON"], id="run into a wrapped line without letters before it"),
    pytest.param("2. (C) The failed Mariscal Sucre natural gas bid round. END\nCOMMENT. DUDDY", ["DUDDY"],
                 id="run into a wrapped line in capitals"),
    pytest.param("2. (C) MORE TALKS. END\nCOMMENT. DUDDY", [],
                 id="not after a text in capitals: the line's last words"),
    pytest.param("2. (C) Text.\nVisit London's Classified Website:\nhttp://www.state.sgov.gov/p/eur/london/index. cfm"
                 " Tuttle", ["Tuttle"], id="after the web site notice wrapped over two lines"),
    pytest.param("2. (C) Text.\nVisit London's Classified Website: http://www.state.sgov.gov/p/eur/london/index."
                 " cfm tuttle", ["tuttle"], id="after the whole notice, in any case"),
    pytest.param("2. (C) Text.\n\nJEFFREY\n\n\"Visit Ankara's Classified Web Site at\nhttp://www.intelink.s\n"
                 "gov.gov/wiki/Portal:Turkey\"", ["JEFFREY"], id="the notice's own words name nobody"),
    pytest.param("2. (C) Text.\n\nVisit Kuwait's Classified Website at:\nhttp://www.intelink.sgov.gov/wiki/Portal:Kuwa it",
                 [], id="the address' wrapped end is no name"),
    # An unsigned cable's last sentence wrapped onto a short line of its own.
    pytest.param("2. (SBU) They hoped to see USG participation at the level of Under Secretary of\n"
                 "Defense Flournoy.", [], id="words closed by a full stop under a line inside a sentence"),
    pytest.param("2. (C) Whether the speech is a new direction for U.S. foreign policy on\n\n\n\nChina.", [],
                 id="the same over a page break"),
    pytest.param("2. (C) Please slug all replies to ISN/CATR, EUR/PRA, and\nWHA/AND.", [],
                 id="offices closed by a full stop under a line ending with a comma or word"),
    pytest.param("2. (C) A long line of text that stops inside its sentence at the end of\n\nMURPHY",
                 ["MURPHY"], id="a name without a full stop under such a line is still the signature"),
    pytest.param("2. (C) We will follow up on this matter with the ministry next week.\n\nCROCKER.",
                 ["CROCKER"], id="a name closed by a full stop after a finished text"),
    pytest.param("2. (U) Participants:\nMFA Denis Davydov\nRussian Embassy Alexei Markov\nMaxim Elovik", [],
                 id="a full name under a line that ends no sentence: a list's last line"),
    pytest.param("2. (U) We will follow up.\nMaxim Elovik", ["Maxim Elovik"],
                 id="a full name after a finished sentence is the signature"),
    pytest.param("2. (U) Participants:\nMFA Denis Davydov\nTimken jr", ["Timken jr"],
                 id="a surname with a suffix under such a line is the signature"),
    # A joint signature separated by commas (two posts' or two principals' cable).
    pytest.param("CLINTON, GATES", ["CLINTON", "GATES"], id="joint signature separated by a comma"),
    pytest.param("Clinton, Gates", ["Clinton", "Gates"], id="joint signature separated by a comma, mixed case"),
    pytest.param("2. (U) We will follow up.\nCLINTON, GATES, HOLDER", ["CLINTON", "GATES", "HOLDER"],
                 id="three names separated by commas after a finished sentence"),
    pytest.param("TIMKEN, JR.", ["TIMKEN, JR"], id="a suffix after a comma stays with its name"),
    pytest.param("2. (U) Participants:\nMFA Denis Davydov\nCLINTON, GATES", ["CLINTON", "GATES"],
                 id="joint signature in capitals under a list in mixed case"),
    pytest.param("2. (U) Countries: Austria, Burkina Faso, China, Costa Rica,\nUganda, Vietnam", [],
                 id="a list's last line under a line ending with a comma is no joint signature"),
    pytest.param("2. (U) Participants:\nRussia:\nLAVROV, RYABKOV", [],
                 id="names separated by commas under a label are a list's entry"),
    pytest.param("2. (U) PARTICIPANTS:\nRUSSIAN EMBASSY\nLAVROV, RYABKOV", [],
                 id="names in capitals under a line in capitals ending no sentence are a list's line"),
    pytest.param("POLOFF, ECONOFF", [], id="offices separated by a comma are no signers"),
    pytest.param("KOENIG, TIMKEN JR", ["KOENIG", "TIMKEN JR"], id="a joint signature, a suffix after a space"),
    pytest.param("We will follow up. End comment. CLINTON, GATES", ["CLINTON", "GATES"],
                 id="a joint signature separated by a comma run into the last sentence"),
    pytest.param("We will follow up. End comment. FYI, GATES", [],
                 id="run into the last sentence: a word that names no signer among them"),
    # A participants list closing an unsigned cable, its last line in capitals.
    pytest.param("2. (U) Participants:\nMFA Denis Davydov\nRussian Embassy Alexei Markov\nMAXIM ELOVIK", [],
                 id="a full name in capitals under a line that ends no sentence: a list's last line"),
    pytest.param("2. (U) PARTICIPANTS:\nRUSSIAN EMBASSY\nALEXEI MARKOV", [],
                 id="the same in a list in capitals"),
    pytest.param("2. (U) Participants:\nRussian Embassy:\nMARKOV", [],
                 id="a surname right under a label is a list's entry"),
    pytest.param("2. (U) We will follow up.\nJOHN SMITH", ["JOHN SMITH"],
                 id="a full name in capitals after a finished sentence is the signature"),
    pytest.param("2. (U) Participants:\nMFA Denis Davydov\nVAN VOORST", ["VAN VOORST"],
                 id="a surname opening with its particle under a list is the signature"),
    pytest.param("2. (U) Participants:\nRussian Embassy\nMaxim Elovik\nCLINTON", ["CLINTON"],
                 id="a surname alone under a list is the signature, as the corpus' signed lists close"),
    # Forms of the 2026-12-07 audit.
    pytest.param("SMITH / JONES", ["SMITH", "JONES"], id="joint signature, a slash between spaces"),
    pytest.param("Smith / Jones", ["Smith", "Jones"], id="joint signature, a slash between spaces, mixed case"),
    pytest.param("SMITH /JONES", ["SMITH", "JONES"], id="joint signature, a space before the slash"),
    pytest.param("MURPHY\n\n\nCONFIDENTIAL BERLIN 001533", ["MURPHY"],
                 id="the classification line with station and serial after the signature"),
    pytest.param("MURPHY\n\n\nC O N F I D E N T I A L BERLIN 001533", ["MURPHY"],
                 id="the same, letter-spaced"),
    pytest.param("MURPHY\n\nC O N F I D E N T I A L SECTION 02 OF 02 BERLIN 001533\n\nNNNN", ["MURPHY"],
                 id="the same with its section, then NNNN"),
    pytest.param("MURPHY\n\nUNCLAS NEW DELHI 001533", ["MURPHY"], id="the same, a station of two words"),
    pytest.param("MURPHY\n\n\n181324Z OCT 09", ["MURPHY"], id="a DTG line after the signature"),
    pytest.param("MURPHY\n\nP 181324Z OCT 09", ["MURPHY"], id="a DTG line with its precedence after the signature"),
    pytest.param("2. (C) MINISTER SAID TALKS WOULD CONTINUE. HE ADDED THAT GOK WOULD\nAGREE", [],
                 id="one word right under a line that ends no sentence: the sentence's end"),
    pytest.param("2. (C) MINISTER SAID TALKS WOULD CONTINUE. HE ADDED THAT GOK WOULD\nAGREE\n\nBT\n#1533\nNNNN",
                 [], id="the same before the telegram's trailer"),
    pytest.param("2. (C) The Minister said talks would continue, and he added that they would\nagree", [],
                 id="the same in mixed case"),
    pytest.param("2. (C) MINISTER SAID TALKS WOULD CONTINUE. HE ADDED THAT GOK WOULD\n\nMURPHY", ["MURPHY"],
                 id="a name under such a line over a blank line is the signature"),
    pytest.param("2. (C) MINISTER SAID TALKS WOULD CONTINUE.\nMURPHY", ["MURPHY"],
                 id="a name right under a finished sentence is the signature"),
    pytest.param("2. THE NEXT ROUND OF TALKS IS SCHEDULED FOR 15 MAY\nRICE", ["RICE"],
                 id="a name right under a line ending with the month MAY"),
    pytest.param("2. THE TEXT OF THE POINTS THE DEPARTMENT WILL MAKE IS IN ANNEX A\nRICE", ["RICE"],
                 id="a name right under a line ending with a lettered annex"),
    pytest.param("2. (U) Russian participants:\nOleg Pozdnyakov, First Secretary, Russian Embassy\nCLINTON",
                 ["CLINTON"], id="a name right under a long list entry is the signature"),
    pytest.param("2. (C) Text.\n\nVisit London's Classified Website:\n"
                 "http://www.intelink.sgov.gov/wiki/Portal:Unit ed_Kingdom\nTUTTLE", ["TUTTLE"],
                 id="a name right under the web site notice's address is the signature"),
    pytest.param("2. (C) Text.\nPlease visit Paris' Classified Website at: http://www.state.sgov.gov/p/eur/paris/index.c fm"
                 "\nSTAPLETON", ["STAPLETON"], id="a name right under the whole notice on one line is the signature"),
])
def test_signers(ending, expected):
    assert signers(ending) == expected


@pytest.mark.parametrize("ending", [
    "NNNN", "\nNNNN", "BT\n#1533\nNNNN", "BT", "#1533", "CONFIDENTIAL", "\nC O N F I D E N T I A L\n\nNNNN",
    "NNN", "\nCONFIDENTIAL\n\n\n\nNNNN\n", "BT\n#1533\n\nNNNN\n<< END OF DOCUMENT >>",
    "SECRET//NOFORN", "SIPDIS", "PAGE 03 BERLIN 01533 181324Z", "2009-10-18", "------",
    "\nCONFIDENTIAL BERLIN 001533", "\nC O N F I D E N T I A L BERLIN 001533\n\nNNNN",
])
def test_trailer_closing_an_unsigned_cable_is_no_text(ending):
    """The telegram's trailer lines after an unsigned cable's last paragraph (`NNNN`, `BT`,
    `#1533`, the foot banner...) are no part of it: the paragraph, summary and comment end
    before them, as they do before a signature."""
    record = fields(REF_HEAD + "\n1. (C) Summary: Text of the first paragraph.\n\n"
                    "2. (C) Comment: Text of the last paragraph. End Comment.\n" + ending + "\n")
    assert record["signed_by"] == []
    assert record["paragraphs"][-1]["text"] == "Comment: Text of the last paragraph. End Comment."
    assert record["comment"] == "Text of the last paragraph."
    assert "NNNN" not in record["body"]


@pytest.mark.parametrize("ending, last", [
    # Lines that may end a paragraph, wrapped there: only a signature above tells them apart.
    ("This message was\ncleared by the Ambassador.", "This message was cleared by the Ambassador."),
    ("The figures are on\npage 3 of the report.", "The figures are on page 3 of the report."),
    ("It said\nnote: more to follow.", "It said note: more to follow."),
    ("THE MINISTER SAID THAT...", "THE MINISTER SAID THAT..."),
    ("MINISTER SAID TALKS WOULD CONTINUE. HE ADDED THAT GOK WOULD\nAGREE\n\nBT\n#1533\nNNNN",
     "MINISTER SAID TALKS WOULD CONTINUE. HE ADDED THAT GOK WOULD AGREE"),
])
def test_a_wrapped_last_line_of_an_unsigned_cable_stays_text(ending, last):
    record = fields(REF_HEAD + "\n1. (C) Text of the first paragraph.\n\n2. (C) " + ending + "\n")
    assert record["paragraphs"][-1]["text"] == last


def test_number_ending_the_last_sentence_goes_back_to_it():
    record = fields(REF_HEAD + "\n1. (C) Text.\n\n2. (SBU) Post requests guidance on the request posed in"
                    " paragraph\n\n\u00b61. Koenig\n")
    assert record["signed_by"] == ["Koenig"]
    assert record["paragraphs"][-1]["text"].endswith("posed in paragraph 1.")


# --- Summary -------------------------------------------------------------------------------------

def summary(body: str) -> str | None:
    return fields(REF_HEAD + "\n" + body + "\n\nMURPHY\n")["summary"]


@pytest.mark.parametrize("body, expected", [
    pytest.param("1. (C) Summary: The summary text. End Summary.\n\n2. (C) More.", "The summary text.",
                 id="marked paragraph, End Summary"),
    pytest.param("1. (C) SUMMARY: THE SUMMARY TEXT. END SUMMARY AND COMMENT.\n\n2. (C) MORE.",
                 "THE SUMMARY TEXT.", id="END SUMMARY AND COMMENT"),
    pytest.param("1. (C) Summary and comment: The text. End summary and comment.\n\n2. (C) More.",
                 "The text.", id="Summary and comment"),
    pytest.param("1. (C) BEGIN SUMMARY: The text. END SUMMARY\n\n2. (C) More.", "The text.",
                 id="BEGIN SUMMARY, end marker without a full stop"),
    pytest.param("1. (C). Summary: The talks went well. End summary.\n\n2. (C) Two.", "The talks went well.",
                 id="a full stop typed after the marking before the label"),
    pytest.param("1. Summary: The summary text. END SUMMARY.\n\n2. More.", "The summary text.",
                 id="unmarked paragraph"),
    pytest.param("1.  SUMMARY:  THE TEXT.  END SUMMARY.\n\n2.  MORE", "THE TEXT.",
                 id="unmarked paragraph, capitals, double spaces"),
    pytest.param("1. (C) Executive Summary: The text. End Summary.\n\n2. More.", "The text.",
                 id="Executive Summary"),
    pytest.param("(C) Summary: The summary text. End Summary.\n\n(C) More.", "The summary text.",
                 id="marked paragraph without a number"),
    pytest.param("1.  (C)  SUMMARY  AND  COMMENT:  The text. END SUMMARY AND COMMENT.\n\n2. More.",
                 "The text.", id="double spaces in the marker"),
    pytest.param("1. (C) Summary & Comment: The text. End Summary & Comment.\n\n2. More.", "The text.",
                 id="Summary & Comment"),
    pytest.param("1. (C) Introduction and Summary: The text. End Summary.\n\n2. More.", "The text.",
                 id="Introduction and Summary"),
    pytest.param("1. (C) Summary:  The text.  (End summary)\n\n2. More.", "The text.",
                 id="end marker in parentheses"),
    pytest.param("1. (C) SUMMARY: The summary text.\n\n2. (C) More text.", "The summary text.",
                 id="no end marker: ends with the paragraph"),
    pytest.param("1. (C) Summary: First.\n\n2. (C) Second.\n\n3. (C) Third. End Summary.\n\n4. (C) Rest.",
                 "First.\n\nSecond.\n\nThird.", id="several paragraphs up to the end marker"),
    pytest.param("---------\nSummary\n---------\n\n1. (C) The summary text.\n\n2. (C) More.",
                 "The summary text.", id="heading between rulers"),
    pytest.param("1. (C) Text.\n\n2. (C) The ambassador met X. Summary: not a summary.\n\n3. More.", None,
                 id="the word inside a later paragraph is no marker"),
    pytest.param("1. (C) Summary: First.\n\n2. (C) Summary continued: Second.\n\n3. (C) Cont'd: "
                 "Third. End Summary.\n\n4. (C) Rest.", "First.\n\nSecond.\n\nThird.",
                 id="continuation labels removed"),
    pytest.param("1. (C) Summary: The text. Comment: An opinion. End summary and\ncomment.\n\n2. More.",
                 "The text.", id="comment inside, closed by End summary and comment"),
    pytest.param("1. (C) Summary: The text. Comment: An opinion. End\ncomment and summary.\n\n2. More.",
                 "The text.", id="comment inside, closed by End comment and summary"),
    pytest.param("1. (C) SUMMARY: THE TEXT. END COMMENT AND SUMMARY.\n\n2. (C) MORE.",
                 "THE TEXT.", id="END COMMENT AND SUMMARY"),
    pytest.param("1. (C) Summary: The text ends with the comment and summary of it.\n\n2. More.",
                 "The text ends with the comment and summary of it.",
                 id="the words comment and summary in a sentence end nothing"),
    pytest.param("1. SUMMARY: FIRST PART.\n-\n2. SECOND PART. END SUMMARY.\n\n3. MORE.",
                 "FIRST PART.\n\nSECOND PART.", id="teletype '-' placeholder line is a paragraph break"),
    pytest.param(" 1. SUMMARY: FIRST PART.\n -\n 2. SECOND PART. END SUMMARY.\n\n 3. MORE.",
                 "FIRST PART.\n\nSECOND PART.", id="teletype '-' placeholder line in an indented scrape"),
    pytest.param("1. SUMMARY: FIRST PART.\n\n -- A POINT.\n\n2. SECOND PART. END SUMMARY.\n\n3. MORE.",
                 "FIRST PART.\n\n-- A POINT.\n\nSECOND PART.", id="an indented dash bullet is no placeholder"),
    pytest.param("1. (C) Summary: Weapons sold in\n\u00b61988. More text. End Summary.\n\n2. More.",
                 "Weapons sold in 1988. More text.", id="stray pilcrow before a number"),
    pytest.param("1. CONFIDENTIAL - ENTIRE TEXT.\n\n--------\nSUMMARY\n--------\n2. THE SUMMARY TEXT.\n\n"
                 "3. MORE.", "THE SUMMARY TEXT.",
                 id="heading summary: an unmarked paragraph's number without a pilcrow is cut as with one"),
    pytest.param("1. (C) Summary: Weapons sold in\n\u00b6 1988. More text. End Summary.\n\n2. More.",
                 "Weapons sold in 1988. More text.", id="stray pilcrow and a space before a number"),
    pytest.param("1. (C) Summary: Weapons sold in\n1988. More text. End Summary.\n\n2. More.",
                 "Weapons sold in 1988. More text.", id="a year opening a wrapped line is no paragraph number"),
    pytest.param("----------\nSUMMARY AND OBJECTIVES\n----------\n2. (C) The summary.\n----------\n"
                 "BACKGROUND\n----------\n3. (C) Background.\n\n4. (C) Quoted: SUMMARY\nQuoted text.\n"
                 "END SUMMARY\n\n5. More.", "The summary.",
                 id="heading summary ends at the next heading before a far END SUMMARY"),
    pytest.param("1. (C) Summary: The text. [End Summary]\n\n2. (C) More.", "The text.",
                 id="end marker in brackets"),
    pytest.param("1. (C) Summary: The text. ENDSUMMARY.\n\n2. (C) More.", "The text.",
                 id="END and SUMMARY run together"),
    pytest.param("1. (C) Overview and Summary: The text. End Summary.\n\n2. (C) More.", "The text.",
                 id="Overview and Summary"),
    pytest.param("1. (C) Background and Summary: The text.\n\n2. (C) More.", "The text.",
                 id="Background and Summary, no end marker"),
    pytest.param("Summary.\n\n1. (C) The summary text.\n\n2. (C) More.", "The summary text.",
                 id="Summary. heading line"),
    pytest.param("1. (C) Summary. The text. End Summary.\n\n2. (C) More.", "The text.",
                 id="Summary. label in the paragraph"),
    pytest.param("1. BEGIN SUMMARY. THE TEXT. END SUMMARY.\n\n2. MORE.", "THE TEXT.",
                 id="BEGIN SUMMARY. in an unmarked paragraph"),
    pytest.param("1. (C) SUMMARY -- THE TEXT. END SUMMARY.\n\n2. (C) MORE.", "THE TEXT.",
                 id="label closed by dashes"),
    pytest.param("1. (C) Summary: First.\n\n2. (C) Second.\n\nEnd Summary.\n\n3. (C) Rest.",
                 "First.\n\nSecond.", id="end marker on a line of its own"),
    pytest.param("1. (C) Summary: The text. -- End Summary --\n\n2. (C) More.", "The text.",
                 id="end marker between dashes"),
    pytest.param("1. (C) SUMMARY/COMMENT: THE TEXT. END SUMMARY/COMMENT.\n\n2. (C) MORE.", "THE TEXT.",
                 id="SUMMARY/COMMENT"),
    pytest.param("1. (C) Summary and Action Request: The text. End Summary and Action Request.\n\n"
                 "2. (C) More.", "The text.", id="Summary and Action Request"),
    pytest.param("(S//NF) Summary: The text. End Summary.\n\n(S//NF) More.", "The text.",
                 id="marking with a caveat, without a number"),
    pytest.param("(S/REL UK) Summary: The text. End Summary.\n\n(S/REL UK) More.", "The text.",
                 id="marking with a release, without a number"),
    pytest.param("1. (c//nf) summary: the text. end summary.\n\n2. (c//nf) more.", "the text.",
                 id="lower-cased scrape, marking with a caveat"),
    pytest.param("1. (C) Summary: First.\n\n2. (C) Summary (cont'd): Second. End Summary.\n\n3. (C) Rest.",
                 "First.\n\nSecond.", id="continuation label in parentheses"),
    pytest.param("1. (C) Summary: First.\n\n2. (C) Summary, continued: Second. End Summary.\n\n3. (C) Rest.",
                 "First.\n\nSecond.", id="continuation label after a comma"),
    pytest.param("1. (C) Summary: First.\n\n2. (C) (Summary cont'd) Second. End Summary.\n\n3. (C) Rest.",
                 "First.\n\nSecond.", id="continuation label wholly in parentheses"),
    pytest.param("1. (C) SUMMARY: FIRST.\n\n2. (C) SUMMARY CONTINUED: SECOND. END SUMMARY.\n\n3. (C) REST.",
                 "FIRST.\n\nSECOND.", id="continuation label in capitals"),
    pytest.param("1. (C) Summary: First.\n\n2. (C) SUMMARY (CONT'D): Second. End Summary.\n\n3. (C) Rest.",
                 "First.\n\nSecond.", id="continuation label in capitals, in parentheses"),
    pytest.param("1. (C) Summary and comment: First.\n\n2. (C) Summary and comment con\u2019t. Second. "
                 "End summary and comment.\n\n3. (C) Rest.", "First.\n\nSecond.",
                 id="continuation label of a summary and comment, con't"),
    pytest.param("1. (C) Summary: First.\n\n2. (C) Continental ministers: Second. End Summary.\n\n3. (C) Rest.",
                 "First.\n\nContinental ministers: Second.", id="a word opening with cont is no label"),
    pytest.param("1. (C) Summary: The talks went on.\n\n-- The minister spoke.\n\n"
                 "-- The talks will resume.\n\n2. (C) More text.",
                 "The talks went on.\n\n-- The minister spoke.\n\n-- The talks will resume.",
                 id="no end marker: the summary's bulleted points"),
    pytest.param("1. (C) The CDA paid a call on the minister. He agreed. End summary.\n\n2. (C) More.",
                 "The CDA paid a call on the minister. He agreed.",
                 id="unlabelled, closed by End summary in paragraph 1"),
    pytest.param("1. (C) The CDA paid a call.\n\n2. (C) He agreed. END SUMMARY.\n\n3. (C) More.", None,
                 id="unlabelled, End summary in a later paragraph: no start to tell"),
    pytest.param("1. C) Summary: The text. End Summary.\n\n2. C) More.", "The text.",
                 id="marking without its opening parenthesis"),
    # A day wrapped onto a line of its own (Cablegate put its `\u00b6` before it, as before every
    # number opening a line) keeps its number in the summary, with or without a web site notice.
    pytest.param("1. (S) SUMMARY. Yemenis have talked of little else since news broke of the raids on December\n"
                 "\u00b617. Official media have focused on it. END SUMMARY.\n\n2. (C) More.",
                 "Yemenis have talked of little else since news broke of the raids on December 17. "
                 "Official media have focused on it.", id="a day wrapped after its month keeps its number"),
    pytest.param("1. (C) SUMMARY: The Ambassador hosted Aznar for a private lunch at his residence on October\n"
                 "\u00b616. President Aznar offered his opinions. END SUMMARY.\n\n2. (C) More.\n\n"
                 "Visit Embassy Madrid's Classified Website;\nhttp://www.state.sgov.gov/p/eur/madrid/",
                 "The Ambassador hosted Aznar for a private lunch at his residence on October 16. "
                 "President Aznar offered his opinions.", id="the same in a cable with a web site notice"),
    # Not wrapped figures: paragraph numbers, and the items of a list, lose their numbers.
    pytest.param("1. (C) Summary: The paper lists the reforms the new government must carry out first\n"
                 "\u00b61. Pension age increase\n\u00b62. Abolish special pensions and the benefits of the\n"
                 "\u00b63. Limit pensions. End Summary.\n\n2. (C) More.",
                 "The paper lists the reforms the new government must carry out first\n\nPension age increase"
                 "\n\nAbolish special pensions and the benefits of the\n\nLimit pensions.",
                 id="numbered items after a wrapped line lose their numbers"),
    pytest.param("1. Summary: The text runs on here and on until the end of this long line\n\n"
                 "2. More of the summary. End Summary.\n\n3. Other.",
                 "The text runs on here and on until the end of this long line\n\nMore of the summary.",
                 id="an unmarked paragraph after a blank line loses its number"),
    # A `Summary` heading framed by its rulers on its line.
    pytest.param("------- Summary -------\n\n1. (C) The talks went on.\n\n2. (C) They ended. End Summary."
                 "\n\n3. (C) More.", "The talks went on.\n\nThey ended.", id="heading framed by its rulers"),
    pytest.param("-- Summary: the talks went on --\n\n1. (C) The CDA paid a call.\n\n2. (C) More.", None,
                 id="a dash line holding the word is no heading"),
    # The marking after the label, in lower case (typed so, or a scrape's): no part of the text.
    pytest.param("Summary: (c) In a January 20 meeting the minister spoke. End summary.\n\n1. (C) More.",
                 "In a January 20 meeting the minister spoke.", id="lower-case marking after the label"),
    pytest.param("\u00b61.  summary:  (s/nf) president karzai has appointed a new mayor. end summary.\n\n"
                 "\u00b62. (s/nf) more.", "president karzai has appointed a new mayor.",
                 id="lower-cased scrape: a marking with its caveat after the label"),
    pytest.param("Summary: (C) The minister spoke. End summary.\n\n1. (C) More.", "The minister spoke.",
                 id="capital marking after the label"),
    pytest.param("Summary: (cf. the talks of May) the minister spoke. End summary.\n\n1. (C) More.",
                 "(cf. the talks of May) the minister spoke.", id="an aside in parentheses is no marking"),
    # Labels naming other words with the summary: two or three before `and Summary`.
    pytest.param("1. (C) Action Request and Summary: Post requests guidance. The minister asked for help.\n"
                 "End Action Request and Summary.\n\n2. (C) More.", "Post requests guidance. The minister asked "
                 "for help.", id="Action Request and Summary, its own end marker"),
    pytest.param("1. (C) ACTION REQUEST AND SUMMARY: POST REQUESTS GUIDANCE.\n\n2. (C) MORE.",
                 "POST REQUESTS GUIDANCE.", id="ACTION REQUEST AND SUMMARY, no end marker"),
    pytest.param("1. (C) Action request and summary: Post requests guidance. End summary.\n\n2. (C) More.",
                 "Post requests guidance.", id="words in lower case before and summary with its colon"),
    pytest.param("1. (C) Background, Action Request and Summary: The text. End Summary.\n\n2. (C) More.",
                 "The text.", id="three words before and Summary"),
    pytest.param("Action Request and Summary\n--------------------------\n\n1. (C) The text.\n\n2. (C) More.",
                 "The text.", id="Action Request and Summary as a heading"),
    pytest.param("1. (C) Summary/Action Request: The text. End Summary.\n\n2. (C) More.", "The text.",
                 id="Summary/Action Request"),
    pytest.param("1. (C) Summary and Introduction: The text. End summary.\n\n2. (C) More.", "The text.",
                 id="Summary and Introduction"),
    pytest.param("1. (C) The figures are in the annex of the two papers handed over on\nthe report and "
                 "summary.\n\n2. (C) More.", None,
                 id="a sentence's last words wrapped onto a line are no label"),
    # An end marker split by a line break opens no summary.
    pytest.param("1. (C) The CDA paid a call. End\nsummary.\n\n2. (C) More text.", "The CDA paid a call.",
                 id="End / summary split over two lines opens none"),
    pytest.param("1. (C) The CDA paid a call. END OF\nSUMMARY.\n\n2. (C) More text.", "The CDA paid a call.",
                 id="END OF / SUMMARY split over two lines opens none"),
    # Lettered sub-items of an unclosed summary's paragraph, as its bullets, are its own.
    pytest.param("1. (C) Summary: The minister raised three points:\n\nA. The border.\n\nB. The trade talks."
                 "\n\n2. (C) More.", "The minister raised three points:\n\nA. The border.\n\nB. The trade talks.",
                 id="lettered sub-items of the summary's paragraph"),
    pytest.param("1. (C) Summary: The minister raised two points:\n\n(A) The border.\n\n-- and its crossings;"
                 "\n\n(B) The trade talks.\n\n2. (C) More.",
                 "The minister raised two points:\n\n(A) The border.\n\n-- and its crossings;\n\n(B) The trade talks.",
                 id="letters in parentheses, a bullet under an item"),
    pytest.param("1. (C) Summary: The minister raised a point:\n\nA. The border.\n\n2. (C) More.",
                 "The minister raised a point:\n\nA. The border.", id="one item after a lead closed by a colon"),
    pytest.param("1. (C) Summary: The talks went on.\n\nA. Smith spoke.\n\n2. (C) More.", "The talks went on.",
                 id="one lettered block after a finished sentence is not the summary's"),
    pytest.param("1. (C) Summary: The talks went on:\n\nB. The border.\n\nC. Trade.\n\n2. (C) More.",
                 "The talks went on:", id="letters not from A are not the summary's"),
    # A label opening a line that the sentence above runs on into is a wrapped word (2026-12-07 audit).
    pytest.param("1. MINISTER GAVE AMBASSADOR BRIEF\nSUMMARY: TALKS WILL GO ON.\n\n2. MORE TEXT.", None,
                 id="a wrapped SUMMARY: in capitals"),
    pytest.param("1. MINISTER SAID HE WOULD SEND A WRITTEN\nSUMMARY. HE THEN LEFT.\n\n2. MORE TEXT.", None,
                 id="a wrapped SUMMARY. in capitals"),
    pytest.param("1. (C) The Minister said the talks would continue. He gave a brief\nsummary: talks will go on."
                 "\n\n2. (C) More.", None, id="a wrapped summary: in lower case"),
    # ... but not under a finished sentence, a line of the head, or in mixed case under a capital.
    pytest.param("1. (C) This is an action request; see paragraph 6.\nSummary: The talks went on. End summary."
                 "\n\n2. (C) More.", "The talks went on.", id="a label under a finished sentence"),
    pytest.param("REF: STATE 54321\nSUMMARY: THE TALKS WENT ON. END SUMMARY.\n\n1. MORE.", "THE TALKS WENT ON.",
                 id="a label right under the REF line"),
    pytest.param("1. (C) The talks, in brief\nSummary: They went on. End summary.\n\n2. (C) More.",
                 "They went on.", id="a capitalised label under a line in mixed case"),
    # The label after the first paragraph's opening note (a sentence or two, or the old `ENTIRE
    # TEXT` note): the summary without the note (2026-12-07 audit).
    pytest.param("1. (C) This is an action request; see paragraph 6. Summary: The Minister said the talks would "
                 "continue. End summary.\n\n2. (C) More.", "The Minister said the talks would continue.",
                 id="Summary: after an opening note"),
    pytest.param("1. (C) This is an action request. Summary: The Minister said the talks would continue.\n\n"
                 "2. (C) More.", "The Minister said the talks would continue.",
                 id="Summary: after an opening note, no end marker"),
    pytest.param("1. (C) This is an information cable. Summary: The talks went on.\n\n2. (C) They will "
                 "resume. End summary.\n\n3. (C) More.", "The talks went on.\n\nThey will resume.",
                 id="Summary: after an opening note, closed in a later paragraph"),
    pytest.param("1. (C) THIS IS AN ACTION REQUEST. SEE PARA 6. SUMMARY: THE TALKS WENT ON. END SUMMARY.\n\n"
                 "2. (C) MORE.", "THE TALKS WENT ON.", id="SUMMARY: after an opening note in capitals"),
    pytest.param("1. C - ENTIRE TEXT. SUMMARY: MINISTER SAID TALKS WOULD CONTINUE. END SUMMARY.\n\n2. MORE TEXT.",
                 "MINISTER SAID TALKS WOULD CONTINUE.", id="SUMMARY: after C - ENTIRE TEXT."),
    pytest.param("1. (C - ENTIRE TEXT) SUMMARY: MINISTER SAID TALKS WOULD CONTINUE. END SUMMARY.\n\n"
                 "2. MORE TEXT.", "MINISTER SAID TALKS WOULD CONTINUE.", id="SUMMARY: after (C - ENTIRE TEXT)"),
    pytest.param("1. (C) This is an action request. Summary -- The talks went on.\n\n2. (C) More.",
                 "The talks went on.", id="Summary -- after an opening note"),
    # ... not the word inside a sentence, before other words, or after a long first sentence.
    pytest.param("1. (C) The Minister gave a summary: the talks would continue.\n\n2. (C) More.", None,
                 id="a summary: inside a sentence"),
    pytest.param("1. (C) The talks went on. Summary of Conclusions: the talks would continue.\n\n2. (C) More.",
                 None, id="Summary of Conclusions after a sentence"),
    pytest.param("1. (C) " + "The deputies went over the border points again and agreed on a text. " * 5
                 + "Summary: the talks would continue.\n\n2. (C) More.", None,
                 id="Summary: after a long first sentence"),
    # A bullet opening the line under the label keeps its dash: it is no `Summary --` separator,
    # which stands on the label's line (2026-12-07 audit).
    pytest.param("1. (C) Summary:\n\n-- The Minister said the talks would continue.\n\n-- He expects a deal by "
                 "June.\n\nEnd Summary.\n\n2. (C) More.",
                 "-- The Minister said the talks would continue.\n\n-- He expects a deal by June.",
                 id="bullets under the label, blank lines"),
    pytest.param("1. (C) Summary:\n-- The Minister said the talks would continue.\n-- He expects a deal by June."
                 "\n\n2. (C) More.", "-- The Minister said the talks would continue. -- He expects a deal by June.",
                 id="bullets under the label, no end marker"),
    pytest.param("1. (C) SUMMARY:\n-- THE TALKS WENT ON.\n-- A DEAL BY JUNE.\nEND SUMMARY.\n\n2. (C) MORE.",
                 "-- THE TALKS WENT ON. -- A DEAL BY JUNE.", id="bullets under the label in capitals"),
    pytest.param("1. (C) Summary: -- The talks went on. End summary.\n\n2. (C) More.", "The talks went on.",
                 id="a dash on the label's line is its separator"),
    pytest.param("1. (C) Summary --\nThe talks went on. End summary.\n\n2. (C) More.", "The talks went on.",
                 id="a dash closing the label's line is its separator"),
    # Labels of three parts, a section named before a slash, odd punctuation; `End Executive
    # Summary.`, `Summary ends.` (2026-12-07 audit).
    *[pytest.param(f"1. (C) {label} The talks went on. End summary.\n\n2. (C) More.", "The talks went on.",
                   id=f"label {label}")
      for label in ["Summary, Comment and Action Request:", "Summary and Comment and Action Request:",
                    "Introduction/Summary:", "Summary;", "Summary Begins:", "SUMMARY BEGINS."]],
    *[pytest.param(f"1. (C) Summary: The talks went on. {end} Then the detail.\n\n2. (C) More.",
                   "The talks went on.", id=f"end marker {end}")
      for end in ["End Executive Summary.", "END EXECUTIVE SUMMARY", "Summary ends.", " Summary ends."]],
    pytest.param("1. (C) Summary: The summary ends with a call. Then the detail.\n\n2. (C) More.",
                 "The summary ends with a call. Then the detail.", id="the summary ends inside a sentence ends none"),
    pytest.param("1. (C) Summary: The talks went on; the summary ends. More. End summary.\n\n2. (C) More.",
                 "The talks went on; the summary ends. More.", id="nor after a semicolon, in lower case"),
    pytest.param("1. (C) Summary, he said, the talks went on.\n\n2. (C) More.", None,
                 id="a comma after the word without a joined section is no label"),
    # A label inside quoted text: at least the quote's closing marker is no part of the summary.
    pytest.param("1. (C) Text.\n\n2. (U) Begin text:\nSummary: the government welcomes the proposal.\nEnd text.",
                 "the government welcomes the proposal.", id="the closing marker of quoted text is cut"),
    pytest.param("1. (C) Summary: The minister read: begin text: we agree. End text. We doubt it.\n\n2. (C) More.",
                 "The minister read: begin text: we agree. End text. We doubt it.",
                 id="a quote opened and closed inside the summary stays"),
])
def test_summary(body, expected):
    assert summary(body) == expected


def summary_and_comment(body: str) -> tuple[str | None, str | None]:
    record = fields(REF_HEAD + "\n" + body + "\n\nMURPHY\n")
    return record["summary"], record["comment"]


# A label naming the comment with the summary (`Summary and comment:`) gives the summary, not a
# comment: the contract's comment is the closing one, where marked; `Comment and Summary:` is the
# summary's label, which `End summary.` closes (the comment rule ran past it).
@pytest.mark.parametrize("body, expected", [
    pytest.param("1. (C) Summary and comment: The talks went well. We doubt it will last. End summary and comment."
                 "\n\n2. (C) More.", ("The talks went well. We doubt it will last.", None), id="Summary and comment:"),
    pytest.param("1. (C) Summary and Comment. The talks went well.\n\n2. (C) More.", ("The talks went well.", None),
                 id="Summary and Comment., unclosed"),
    pytest.param("1. (C) SUMMARY AND COMMENT: THE TALKS WENT WELL. END SUMMARY AND COMMENT.\n\n2. (C) MORE.",
                 ("THE TALKS WENT WELL.", None), id="SUMMARY AND COMMENT:"),
    pytest.param("1. (C) Summary & Comment: The talks went well. End summary.\n\n2. (C) More.",
                 ("The talks went well.", None), id="Summary & Comment:"),
    pytest.param("1. (C) Summary, Comment and Action Request: The talks went well. End summary.\n\n2. (C) More.",
                 ("The talks went well.", None), id="a label of three parts"),
    pytest.param("1. (C) Comment and Summary: The talks went well. End summary.\n\n2. (C) More.",
                 ("The talks went well.", None), id="Comment and Summary: closed by End summary, as a summary"),
    pytest.param("1. (C) Summary and comment: The talks went well. End summary and comment.\n\n2. (C) More."
                 "\n\n3. (C) Comment: We doubt it.", ("The talks went well.", "We doubt it."),
                 id="a closing comment marked besides is the comment"),
    pytest.param("1. (C) Summary and comment: The talks went well. Comment: we doubt it. End summary and comment."
                 "\n\n2. (C) More.", ("The talks went well.", "we doubt it."),
                 id="a comment marked inside is the comment"),
    pytest.param("1. (C) Summary and Action Request: The talks went well. End summary.\n\n2. (C) More.",
                 ("The talks went well.", None), id="a label naming no comment"),
])
def test_summary_labelled_with_its_comment(body, expected):
    assert summary_and_comment(body) == expected


# A summary under a heading, without end marker, runs to the next heading (2026-12-07, night).
TWO_PARAGRAPHS = "1. (C) The talks went well.\n\n2. (C) A deal is near."


@pytest.mark.parametrize("body, expected", [
    pytest.param(f"-------\nSummary\n-------\n\n{TWO_PARAGRAPHS}\n\nBackground\n----------\n\n3. (C) More.",
                 "The talks went well.\n\nA deal is near.", id="a heading between rulers"),
    pytest.param(f"Summary\n-------\n\n{TWO_PARAGRAPHS}\n\nBackground\n----------\n\n3. (C) More.",
                 "The talks went well.\n\nA deal is near.", id="a heading over its ruler"),
    pytest.param(f"SUMMARY\n\n{TWO_PARAGRAPHS}\n\nBACKGROUND\n\n3. (C) More.",
                 "The talks went well.\n\nA deal is near.", id="a heading in capitals"),
    pytest.param(f"--- Summary ---\n\n{TWO_PARAGRAPHS}\n\n--- Background ---\n\n3. (C) More.",
                 "The talks went well.\n\nA deal is near.", id="a heading framed by dashes"),
    pytest.param(f"Summary\n-------\n\n{TWO_PARAGRAPHS}\n\n3. (C) More.", "The talks went well.",
                 id="no heading after it: its first block"),
    pytest.param(f"SUMMARY\n\n{TWO_PARAGRAPHS}\n\nEND SUMMARY\n\n3. (C) More.", "The talks went well.\n\nA deal is near.",
                 id="an end marker closes it, as before"),
    pytest.param("1. (C) Summary: The talks went well.\n\n2. (C) A deal is near.\n\nBackground\n----------\n\n3. (C) More.",
                 "The talks went well.", id="negative: a label opening its paragraph ends with it"),
    pytest.param("1. (C) Summary:\nThe talks went well.\n\n2. (C) A deal is near.\n\nBackground\n----------\n\n3. (C) More.",
                 "The talks went well.", id="negative: a label alone on its paragraph's first line"),
    pytest.param("1. (C) Summary:\n-- The talks went well.\n-- A deal is near.\n\n2. (C) More.\n\nBackground\n------"
                 "\n\n3. (C) More.", "-- The talks went well. -- A deal is near.",
                 id="negative: a label over its bullets"),
    pytest.param("1. (C) Summary --\nThe talks went well.\n\n2. (C) A deal is near.\n\nBackground\n----------",
                 "The talks went well.", id="negative: a label closed by a dash"),
])
def test_summary_under_a_heading_runs_to_the_next_heading(body, expected):
    assert summary(body) == expected


# --- Scrape damage that must not change a field (see benchmarks/variants.py) --------------------

DAMAGE_FIELDS = ("reference_id", "classification", "origin", "executive_order", "declassify_on",
                 "tags", "subject", "classified_by", "classification_reasons", "references")
CLASSIFIED_BODY = BODY.replace("SUBJECT: GERMANY: A SUBJECT\n", "SUBJECT: GERMANY: A SUBJECT\n\n"
                               "REF: BERLIN 1234\n\nClassified By: John Smith, Reasons 1.4 (b) and (d)\n")


def damage_kept(damaged: str) -> list[str]:
    """The fields of DAMAGE_FIELDS that differ between CLASSIFIED_BODY and its damaged form."""
    written, read = fields(CLASSIFIED_BODY), fields(damaged)
    return [name for name in DAMAGE_FIELDS if written[name] != read[name]]


NBSP = "\u00a0"


@pytest.mark.parametrize("damaged", [
    pytest.param(CLASSIFIED_BODY.replace("C O N F I D E N T I A L SECTION 01 OF 02 BERLIN 001533",
                                         "C O N F I D E N T I A L SECTION 01 OF 02 BERLIN 001533"
                                         .replace(" ", NBSP)),
                 id="no-break spaces in the classification line"),
    pytest.param(CLASSIFIED_BODY.replace("E.O. 12958: DECL: 10/18/2019",
                                         f"E.O.{NBSP}12958:{NBSP}DECL:{NBSP}10/18/2019")
                 .replace("TAGS: PREL PGOV GM", f"TAGS:{NBSP}PREL{NBSP}PGOV{NBSP}GM")
                 .replace("REF: BERLIN 1234", f"REF:{NBSP}BERLIN{NBSP}1234")
                 .replace("Classified By: John", f"Classified{NBSP}By:{NBSP}John"),
                 id="no-break spaces in the header blocks"),
    pytest.param(CLASSIFIED_BODY.replace("TAGS: PREL PGOV GM", "TAGS:&nbsp;PREL&nbsp;PGOV&nbsp;GM")
                 .replace("C O N F I D E N T I A L", "C&nbsp;O&nbsp;N&nbsp;F&nbsp;I&nbsp;D&nbsp;"
                          "E&nbsp;N&nbsp;T&nbsp;I&nbsp;A&nbsp;L"),
                 id="&nbsp; entities left in the text"),
])
def test_scrape_damage_keeps_the_fields(damaged):
    assert damage_kept(damaged) == []


TELEGRAM = """VZCZCXRO1470
PP RUEHDBU
DE RUEHRL #1533/01 2911324
ZNY CCCCC ZZH
P 181324Z OCT 09
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC PRIORITY 5559
INFO RUCNMEM/EU MEMBER STATES COLLECTIVE PRIORITY
""" + CLASSIFIED_BODY


@pytest.mark.parametrize("damaged", [
    pytest.param(TELEGRAM.replace("\n", "<br>\n"), id="an HTML tag ending every line"),
    pytest.param(TELEGRAM.replace("\n", "<br />\r\n"), id="an HTML tag and a Windows line end"),
    pytest.param(TELEGRAM.replace("TAGS: PREL PGOV GM", "TAGS: [PREL](#) [PGOV](#) [GM](#)"),
                 id="markdown links in the TAGS line"),
])
def test_markup_keeps_the_telegram_s_fields(damaged):
    written, read = fields(TELEGRAM), fields(damaged)
    names = DAMAGE_FIELDS + ("date_time_group", "recipients", "info_recipients", "precedence",
                             "summary", "signed_by", "paragraphs")
    assert written["recipients"] and written["signed_by"]
    assert [read[name] for name in names] == [written[name] for name in names]


def test_an_entity_is_unescaped_once():
    record = fields(TELEGRAM.replace("GERMANY: A SUBJECT", "GERMANY: A&amp;lt;B SUBJECT<br>"))
    assert record["subject"] == "GERMANY: A&lt;B SUBJECT"


def test_no_break_space_reads_as_a_space_not_as_nothing():
    record = fields(CLASSIFIED_BODY.replace("GERMANY: A SUBJECT", f"GERMANY:{NBSP}A{NBSP}SUBJECT")
                    .replace("Text of the first", f"Text{NBSP}of the first"))
    assert record["subject"] == "GERMANY: A SUBJECT"
    assert record["paragraphs"][0]["text"] == "Text of the first paragraph."


# A scrape that ran the header block into the classification line, its paragraphs on one line
# each: the classification repeated at the end (`NNNN` under it) is no classification line.
RUN_ON_HEAD = ("C O N F I D E N T I A L SECTION 01 OF 02 MOSCOW 000228  SIPDIS  E.O. 12958: DECL: "
               "01/28/2020\n\nTAGS: EINV ETRD RS\n\nSUBJECT: A DRAFT LAW  REF: MOSCOW 00079  Classified By: "
               "John Smith for Reasons 1.4(b) and (d)\n\n1.(C) SUMMARY: The text. END SUMMARY.\n\n"
               "2. (C) More.\n\nBEYRLE\n")


@pytest.mark.parametrize("text", [
    pytest.param(RUN_ON_HEAD + "\nC O N F I D E N T I A L\n\nNNNN\n", id="run-on classification line"),
    pytest.param(CLASSIFIED_BODY + "\nC O N F I D E N T I A L\n\nNNNN\n", id="classification line alone"),
])
def test_classification_repeated_at_the_end_is_not_the_cable_s_line(text):
    written = fields(text.split("\nC O N F I D E N T I A L\n\nNNNN")[0])
    repeated = fields(text)
    assert written["tags"] and written["summary" if "SUMMARY" in text else "subject"]
    assert [repeated[name] for name in DAMAGE_FIELDS + ("summary", "paragraphs")] == \
        [written[name] for name in DAMAGE_FIELDS + ("summary", "paragraphs")]



@pytest.mark.parametrize("line", ["\u00b61988. More.", "\u00b6 1988. More."])
def test_stray_pilcrow_before_a_number_leaves_the_paragraph(line):
    record = fields(REF_HEAD + "\n1. (C) Weapons sold in\n" + line + "\n\n2. (C) Next.\n\nMURPHY\n")
    assert record["paragraphs"][0]["text"] == "Weapons sold in 1988. More."


@pytest.mark.parametrize("ending, lower_cased, expected", [
    pytest.param("Post will report as warranted. McMullen", True, ["mcmullen"],
                 id="lower-cased scrape: the name run into the last sentence"),
    pytest.param("Visit the site. ******************** KURTZER", True, ["kurtzer"],
                 id="lower-cased scrape: after the notice's stars"),
    pytest.param("Post will report as warranted. Thanks", True, [], id="lower-cased scrape: a closing word"),
    pytest.param("Post will report as warranted. mcmullen", False, [],
                 id="a word in lower case in a text that is not lower-cased"),
    pytest.param("It will turn out well.\nTIMKEN JR", True, ["timken jr"],
                 id="lower-cased scrape: a name line of two words"),
    pytest.param("Post requests guidance on the request posed in paragraph\n\n\u00b63. Koenig", True, ["koenig"],
                 id="lower-cased scrape: after the number ending the last sentence"),
    pytest.param("QUOTE We have plans for threats, wherever they may come from.\"\nCLINTON UNQUOTE CLINTON",
                 True, ["clinton"],
                 id="lower-cased scrape: the quoted cable's signature"),
    pytest.param("His presence bodes well for U.S. interests. DANILOVICH 2005-05-06", True, ["danilovich"],
                 id="lower-cased scrape: before a date stamp"),
    pytest.param("Doing so is a bet on the modernizers\nworth taking.", True, [],
                 id="lower-cased scrape: a wrapped sentence's last words are no name line"),
    pytest.param("It will turn out well.\nCLINTON, GATES", True, ["clinton", "gates"],
                 id="lower-cased scrape: a joint signature separated by a comma"),
    pytest.param("It will turn out well.\nclinton, gates", False, [],
                 id="words in lower case separated by a comma in a text that is not lower-cased"),
    pytest.param("It will turn out well.\n\nJ. SMITH", True, ["j. smith"],
                 id="lower-cased scrape: a name line with an initial"),
    pytest.param("Post will report as warranted. J. SMITH", True, ["j. smith"],
                 id="lower-cased scrape: a name with an initial run into the last sentence"),
    pytest.param("The delegation:\nJ. Smith", True, [],
                 id="lower-cased scrape: a name with an initial under a label is no signature"),
    pytest.param("Post will follow up as requested in ref A. CLINTON", True, ["clinton"],
                 id="lower-cased scrape: a name run in after a letter naming a reference"),
    pytest.param("Post will report as said Ambassador J. SMITH", True, [],
                 id="lower-cased scrape: a name after its initial is no run-in signature"),
    pytest.param("Post will follow up.\n\nFor the Ambassador,\nJ. Keith", True, ["j. keith"],
                 id="lower-cased scrape: a name line under the signing formula and its comma"),
    pytest.param("Attached:\n\nA. Text of the note, in Malay\nand English.\n\nB. Visa statistics", True, [],
                 id="lower-cased scrape: a lettered list's next item under a wrapped item"),
])
def test_signature_of_a_lower_cased_scrape(ending, lower_cased, expected):
    text = REF_HEAD + "\n1. (C) Text of the first paragraph.\n\n2. (C) " + ending + "\n"
    assert fields(text.lower() if lower_cased else text)["signed_by"] == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("SUBJECT: TALKS\n\n1. (S) One.\n\n2. (C//NF) Two.\n\nSMITH\n", "SECRET//NOFORN",
                 id="no classification line: the highest portion marking"),
    pytest.param("subject: talks\n\n1. (s) one.\n\n2. (c//nf) two.\n\nsmith\n", "SECRET//NOFORN",
                 id="the same lower-cased"),
    pytest.param("Subject: Talks\n\n1. The points: (a) one, (c) two.\n\nSmith\n", None,
                 id="a list's letter in a text in mixed case is no marking"),
    pytest.param("unclas paris 000100\n\nsubject: talks\n\n1. (sbu) one.\n\nsmith\n",
                 "UNCLASSIFIED//FOR OFFICIAL USE ONLY", id="lower-cased: an SBU portion under UNCLAS"),
])
def test_classification_of_a_lower_cased_scrape(text, expected):
    assert fields(text)["classification"] == expected


# The security line of the transmission header (`ZNY CCCCC ZZH`) says the message's level: where
# the classification line is lost and no paragraph is marked, it gives the classification, with
# the header block's caveats read as the line's are, and a warning (it gave none: a dead letter).
SECURITY_LINE_HEAD = ("VZCZCXRO1470\nPP RUEHDBU\nDE RUEHRL #1533/01 2911324\n{security}\nP 181324Z OCT 09\n"
                      "FM AMEMBASSY BERLIN\nTO RUEHC/SECSTATE WASHDC PRIORITY 5559\n\n")
SECURITY_LINE_BODY = ("{line}{caveats}E.O. 12958: DECL: 10/18/2019\nTAGS: PREL PGOV GM\nSUBJECT: GERMANY: A SUBJECT\n\n"
                      "1. {marking}Text of the first paragraph.\n\nMURPHY\n")
FROM_THE_SECURITY_LINE = "classification inferred from the header's security line"


@pytest.mark.parametrize("security, caveats, expected", [
    pytest.param("ZNY CCCCC ZZH", "", "CONFIDENTIAL", id="CCCCC"),
    pytest.param("ZNY SSSSS ZZH", "", "SECRET", id="SSSSS"),
    pytest.param("ZNY TTTTT ZZH", "", "TOP SECRET", id="TTTTT"),
    pytest.param("ZNR UUUUU ZZH", "", "UNCLASSIFIED", id="UUUUU"),
    pytest.param("ZNY EEEEE ZZH", "", "UNCLASSIFIED", id="EEEEE: unclassified EFTO"),
    pytest.param("ZNY SSSSS ZZH", "NOFORN\n\n", "SECRET//NOFORN", id="with a NOFORN caveat line"),
    pytest.param("ZNR UUUUU ZZH", "SENSITIVE\nSIPDIS\n\n", "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
                 id="UUUUU with SENSITIVE"),
])
def test_classification_from_the_security_line_when_the_classification_line_is_lost(security, caveats,
                                                                                      expected):
    text = SECURITY_LINE_HEAD.format(security=security) + SECURITY_LINE_BODY.format(
        line="", caveats=caveats, marking="")
    for written in (text, text.lower()):        # (a lower-cased scrape's header is read in capitals)
        record = fields(written)
        assert record["classification"] == expected
        assert FROM_THE_SECURITY_LINE in record["warnings"]


# ... and never over stronger evidence: the classification line, a portion marking; nor from a
# line that is no security line (four letters, none).
@pytest.mark.parametrize("security, line, marking, expected", [
    pytest.param("ZNY SSSSS ZZH", "UNCLAS BERLIN 001533\n\n", "", "UNCLASSIFIED", id="the classification line wins"),
    pytest.param("ZNR UUUUU ZZH", "C O N F I D E N T I A L BERLIN 001533\n\n", "", "CONFIDENTIAL",
                 id="the classification line wins over UUUUU"),
    pytest.param("ZNY CCCCC ZZH", "", "(S) ", "SECRET", id="a portion marking wins"),
    # (the text's old marking of the whole text is its own statement: the security line says the
    # transmission's; it was read after it, a SECRET text under CCCCC CONFIDENTIAL)
    pytest.param("ZNY CCCCC ZZH", "", "SECRET - ENTIRE TEXT. ", "SECRET",
                 id="an old marking of the whole text wins"),
    pytest.param("ZNR UUUUU ZZH", "", "LIMITED OFFICIAL USE - ENTIRE TEXT. ",
                 "UNCLASSIFIED//FOR OFFICIAL USE ONLY", id="an old LOU marking wins over UUUUU"),
    pytest.param("ZNY CCCC ZZH", "", "", None, id="four letters are no level"),
    pytest.param("ZNY ZZH", "", "", None, id="no level on the line"),
])
def test_the_security_line_gives_no_classification_over_stronger_evidence(security, line, marking, expected):
    record = fields(SECURITY_LINE_HEAD.format(security=security)
                    + SECURITY_LINE_BODY.format(line=line, caveats="", marking=marking))
    assert record["classification"] == expected
    assert FROM_THE_SECURITY_LINE not in record["warnings"]


def test_a_dotted_capital_i_in_a_spelled_precedence_or_an_old_marking_reads_no_level():
    """`İ` matched `I` ignoring case, and then was no key of the precedences: `İMMEDIATE
    181324Z OCT 09` made the cable a `parser_error` dead letter (KeyError); `1. CONFİDENTİAL -
    ENTIRE TEXT.` gave the paragraph the classification `CONFİDENTİAL`, no marking."""
    text = SECURITY_LINE_HEAD.replace("P 181324Z", "İMMEDIATE 181324Z").format(security="ZNY CCCCC ZZH") \
        + SECURITY_LINE_BODY.format(line="", caveats="", marking="CONFİDENTİAL - ENTIRE TEXT. ")
    record = fields(text)
    assert record["paragraphs"][0]["classification"] is None
    assert record["classification"] == "CONFIDENTIAL"       # (the security line's)


# --- Paragraphs: markings, and the headings between them -------------------------------------------

def paragraphs(body: str) -> list[tuple]:
    record = fields(REF_HEAD + "\n" + body + "\n\nMURPHY\n")
    return [(p["number"], p["classification"], p["text"]) for p in record["paragraphs"]]


RULER = "-" * 45
# A paragraph's text on one line, as in a page that lost its line breaks.
LOST_BREAKS = ("The Presidential Palace is not hiding information related to her illness and is trying "
               "to be as transparent as possible but might be overly optimistic about her prognosis.")


@pytest.mark.parametrize("body, expected", [
    pytest.param("1. (C NF) One.\n\n2. (S NF) Two.", [(1, "C/NF", "One."), (2, "S/NF", "Two.")],
                 id="NOFORN after the level and a space"),
    pytest.param("\u00b61. (c nf) one.\n\n\u00b62. (s nf) two.", [(1, "C/NF", "one."), (2, "S/NF", "two.")],
                 id="lower-cased scrape: NOFORN after the level and a space"),
    pytest.param("\u00b61. (s/nf) one.\n\n\u00b62. (snf) two.\n\n\u00b63. (cnf) three.",
                 [(1, "S/NF", "one."), (2, "S/NF", "two."), (3, "C/NF", "three.")],
                 id="lower-cased scrape: NOFORN run on to the level"),
    pytest.param("1. (c) one, and (c nf) the letters.\n\n2. (c) two.",
                 [(1, "C", "one, and (c nf) the letters."), (2, "C", "two.")],
                 id="lower-cased scrape: such a marking inside the text stays"),
    pytest.param("1. (C) Implemented:\n\n\u00b6A. (C) Recommendation 12 - Joint Review\nBoard\n\u00b6B. (C) "
                 "Recommendation 17;\n\u00b6C. (C) Recommendation 18.",
                 [(1, "C", "Implemented:\n\n\u00b6A. (C) Recommendation 12 - Joint Review Board\n"
                           "\u00b6B. (C) Recommendation 17;\n\u00b6C. (C) Recommendation 18.")],
                 id="lettered sub-items with the scrape's pilcrow keep their lines"),
    pytest.param("1. (C) It was released in June\n\u00b62006. Then more.",
                 [(1, "C", "It was released in June 2006. Then more.")],
                 id="a pilcrow before a number inside a sentence opens no sub-item"),
    pytest.param("1. (C) One.\n\n2. (SBU) Two.", [(1, "C", "One."), (2, "SBU", "Two.")],
                 id="plain markings stay"),
    pytest.param("1. (C ) One.\n\n2. ( SBU) Two.\n\n3. ( S/NF ) Three.",
                 [(1, "C", "One."), (2, "SBU", "Two."), (3, "S/NF", "Three.")],
                 id="a space typed inside the marking's parentheses"),
    pytest.param("1. (C) One.\n\n2. (C). Prince Torki agreed.", [(1, "C", "One."), (2, "C", "Prince Torki agreed.")],
                 id="a full stop typed after the marking is cut"),
    pytest.param("\u00b61. (SBU): The talks.\n\n\u00b62. (C), Two.\n\n3. (S/NF).\nThree.",
                 [(1, "SBU", "The talks."), (2, "C", "Two."), (3, "S/NF", "Three.")],
                 id="a colon, a comma, a full stop ending the line after the marking are cut"),
    pytest.param("1. (C) One.\n\n2. (C)... and then nothing.\n\n3. (C).5 percent more.",
                 [(1, "C", "One."), (2, "C", "... and then nothing."), (3, "C", ".5 percent more.")],
                 id="an ellipsis or a decimal after the marking stays"),
    # A marking typed twice, the repeat with or without its `(`: cut with the marking.
    pytest.param("1. (C) One.\n\n2. (C) C) In interactions with post, he is direct.",
                 [(1, "C", "One."), (2, "C", "In interactions with post, he is direct.")],
                 id="a marking repeated without its opening parenthesis is cut"),
    pytest.param("1. (SBU) (SBU) One.\n\n2. (S/NF) S/NF) Two.\n\n\u00b63. (c) c) three.",
                 [(1, "SBU", "One."), (2, "S/NF", "Two."), (3, "C", "three.")],
                 id="a marking repeated whole, a longer one, in a lower-cased scrape"),
    pytest.param("1. (C) One.\n\n2. (C) A) The first option.\n\n3. (C) (U) Two markings.\n\n"
                 "4. (C) CC) A label.",
                 [(1, "C", "One."), (2, "C", "A) The first option."), (3, "C", "(U) Two markings."),
                  (4, "C", "CC) A label.")],
                 id="a list label or a marking of another letter after the marking stays"),
    pytest.param("1. (C) A) The first.\n\n2. (C) B) The second.\n\n3. (C) C) The third.",
                 [(1, "C", "A) The first."), (2, "C", "B) The second."), (3, "C", "C) The third.")],
                 id="the marking's letter as the label of a list A), B), C) over paragraphs stays"),
    pytest.param("1. (C) The options:\nA) the first;\nb. the second.\n\n2. (C) (C) The third.",
                 [(1, "C", "The options:\nA) the first;\nb. the second."), (2, "C", "(C) The third.")],
                 id="and after a list A), B) in the paragraph above"),
    pytest.param("1. (C) The options:\nA) the first;\nB) the second.\n\n2. (C) One.\n\n3. (C) C) Two.",
                 [(1, "C", "The options:\nA) the first;\nB) the second."), (2, "C", "One."), (3, "C", "Two.")],
                 id="a list two paragraphs above is no list going on"),
    # A number run into the paragraph's first word (`18.This`), taken as the number due only.
    pytest.param("1. (C) One.\n\n2. (U) Participants: the minister.\n\n3.This cable was cleared by U/S Burns.",
                 [(1, "C", "One."), (2, "U", "Participants: the minister."),
                  (3, None, "This cable was cleared by U/S Burns.")],
                 id="a last paragraph without a space after its number"),
    pytest.param("1. One.\n\n\u00b62.The second paragraph.\n\n3. Three.",
                 [(1, None, "One."), (2, None, "The second paragraph."), (3, None, "Three.")],
                 id="a paragraph without a space after its number in an unmarked cable"),
    pytest.param("1. (C) One:\n\n2.The second paragraph.\n\n3. (C) Three.",
                 [(1, "C", "One:"), (2, None, "The second paragraph."), (3, "C", "Three.")],
                 id="a paragraph without a space after its number before the next marked one"),
    pytest.param("1. (C) Growth fell to\n2.5 percent.\n\n2. (C) Two, as in\n3.FAH-2 H-100.",
                 [(1, "C", "Growth fell to 2.5 percent."), (2, "C", "Two, as in 3.FAH-2 H-100.")],
                 id="a decimal or a section number opening a line opens no paragraph"),
    pytest.param("1. (C) One.\n\n2. (C) Two.\n\n3. (C) Three.\n\n2.This cable was cleared by U/S Burns.",
                 [(1, "C", "One."), (2, "C", "Two."), (3, "C", "Three.\n\n2.This cable was cleared by U/S Burns.")],
                 id="a number run into its word that is not the one due opens no paragraph"),
    pytest.param("1. (C) One.\n\n2. (C) Two:\n\n1.First item.\n3.Another item.",
                 [(1, "C", "One."), (2, "C", "Two:\n\n1.First item. 3.Another item.")],
                 id="the number due run into a list item of a marked cable opens no paragraph"),
    # `End` / blank line / `Summary`: the marker's last word is no heading of the next paragraph.
    pytest.param("1. (SBU) Summary: The talks went well in the region. End\n\nSummary\n\n2. (SBU) Two.",
                 [(1, "SBU", "Summary: The talks went well in the region. End Summary"), (2, "SBU", "Two.")],
                 id="an end marker's last word after a blank line joins its End"),
    pytest.param("1. (C) the talks went well. end\n\ncomment\n\n2. (C) Two.",
                 [(1, "C", "the talks went well. end comment"), (2, "C", "Two.")],
                 id="an end marker's last word after a blank line, in small letters"),
    pytest.param("1. (C) The talks reached a dead end\n\nSummary\n\n2. (C) Two.\n\n3. (C) They went well. End"
                 "\n\nSummary of the talks\n\n4. (C) Four.",
                 [(1, "C", "The talks reached a dead end"), (2, "C", "Two."), (3, "C", "They went well. End"),
                  (4, "C", "Four.")],
                 id="a heading after a word end that closes no marker goes"),
    # The notice of a forum or blog on a classified network closing the last paragraph goes.
    pytest.param("1. (C) One.\n\n2. (C) The last sentence.\n\nVisit Canada,s Economy and Environment Forum at\n"
                 "http://www.intelink.gov/communities/state/can ada",
                 [(1, "C", "One."), (2, "C", "The last sentence.")],
                 id="a forum's notice with its link wrapped under it"),
    pytest.param("1. (C) One.\n\n2. (C) Comment: The last sentence.\nVisit Embassy Ottawa's blog at "
                 "https://blogs.state.sgov.gov/ottawa",
                 [(1, "C", "One."), (2, "C", "Comment: The last sentence.")],
                 id="a blog's notice on the line under the last sentence"),
    pytest.param("1. (C) One.\n\n2. (C) The last sentence.\n\nVisit the ministry's site at http://www.mfa.gov.ca/news",
                 [(1, "C", "One."), (2, "C", "The last sentence.\n\nVisit the ministry's site at http://www.mfa.gov.ca/news")],
                 id="a public site's address stays"),
    pytest.param("1. (C) One.\n\n2. (C) The last.\n\nVisit the forum at http://www.intelink.gov/x\n\nMore text follows.",
                 [(1, "C", "One."), (2, "C", "The last.\n\nVisit the forum at http://www.intelink.gov/x\n\nMore text follows.")],
                 id="a notice that text follows stays"),
    pytest.param("1. (C) One.\n\n2. (C) The Department asks posts to visit the portal at\nhttp://www.intelink.gov/x",
                 [(1, "C", "One."), (2, "C", "The Department asks posts to visit the portal at http://www.intelink.gov/x")],
                 id="a link in a sentence stays"),
    pytest.param(f"1. (S) One ends.\n\n{RULER}\n(U) Russian presentation of a framework for evaluating\n"
                 f"missile risks, dangers and threats; and discussion\n{RULER}\n\n2. (S) Two.",
                 [(1, "S", "One ends."), (2, "S", "Two.")],
                 id="a heading between rulers wrapped over two lines"),
    pytest.param(f"1. (S) One ends.\n\n{RULER}\nPart one of the talks\non the\nnew treaty\n{RULER}\n\n2. (S) Two.",
                 [(1, "S", "One ends."), (2, "S", "Two.")],
                 id="a heading between rulers wrapped over three lines"),
    pytest.param(f"1. (S) The talks went on for days\nand ended well.\nHeading\n{RULER}\n\n2. (S) Two.",
                 [(1, "S", "The talks went on for days and ended well."), (2, "S", "Two.")],
                 id="no upper ruler: only the line over the ruler is the heading"),
    pytest.param(f"1. (C) They show an alacrity for moving on to other\n\nneighbors in the region. "
                 f"TURKEY: BETTER THAN THE REST\n{RULER}\n\n2. (C) Two.",
                 [(1, "C", "They show an alacrity for moving on to other neighbors in the region."),
                  (2, "C", "Two.")],
                 id="the sentence's end run with the heading over its ruler stays"),
    pytest.param(f"1. (C) One ends.\n\nTurkey: Better Than the Rest\n{RULER}\n\n2. (C) Two.",
                 [(1, "C", "One ends."), (2, "C", "Two.")],
                 id="a heading with a colon over its ruler goes"),
    pytest.param("1. (C) He said that while Minister of Interior he was the first European minister to visit the U.S. after the\n\n9/11 attacks. More.",
                 [(1, "C", "He said that while Minister of Interior he was the first European minister to visit the U.S. after the 9/11 attacks. More.")],
                 id="a sentence a page break cut goes on with a number"),
    pytest.param("1. (C) Trouble is already brewing between Kadyrov and two of the most powerful warlords, "
                 "Sulim Yamadayev of the\n\n\"East\" Battalion and another.",
                 [(1, "C", "Trouble is already brewing between Kadyrov and two of the most powerful warlords, "
                           "Sulim Yamadayev of the \"East\" Battalion and another.")],
                 id="a sentence a page break cut goes on with a quotation"),
    pytest.param("1. (C) The priority issues, each with the international organizations that follow it: AU, EU, UN"
                 "\n\n2) Afghanistan (FPOL-1).",
                 [(1, "C", "The priority issues, each with the international organizations that follow it: AU, EU, "
                           "UN\n\n2) Afghanistan (FPOL-1).")],
                 id="a list's number after a block that ends no sentence opens its own block"),
    pytest.param("1. (C) One ends.\n\n- - - Concerns about TFCA - - -\n\n2. (C) Two.",
                 [(1, "C", "One ends."), (2, "C", "Two.")],
                 id="a heading framed by spaced dashes"),
    pytest.param("1. (C) One ends. End comment.)\n\n- - - Honduras, Colombia Bases Not Positive for U.S.\n"
                 "Relations - - -\n\n2. (C) Two.",
                 [(1, "C", "One ends. End comment.)"), (2, "C", "Two.")],
                 id="a heading framed by spaced dashes, wrapped"),
    pytest.param("1. (C) He listed the issue:\n\n- - the border - - and the trade\n\n2. (C) Two.",
                 [(1, "C", "He listed the issue:\n\n- - the border - - and the trade"), (2, "C", "Two.")],
                 id="an item opened by spaced dashes, not closed by them, is no heading"),
    pytest.param("1. (C) One ends.\n\n\"We Saved the Tibetans\"\n\n2. (C) Two.",
                 [(1, "C", "One ends."), (2, "C", "Two.")],
                 id="a heading that is a quotation"),
    pytest.param("1. (C) He closed:\n\n\"We will see.\"\n\n2. (C) Two.",
                 [(1, "C", "He closed:\n\n\"We will see.\""), (2, "C", "Two.")],
                 id="a quoted sentence closing a paragraph is no heading"),
    pytest.param("1. (S) One ends.\n\nIran:\n\n2. (S) Two.\n\nNorth Korea:\n\n3. (S) Three.",
                 [(1, "S", "One ends."), (2, "S", "Two."), (3, "S", "Three.")],
                 id="a label of a few words closing a paragraph heads the next"),
    pytest.param("1. (S) One ends.\n\nMinistry of Foreign Affairs Says the Following:\n\n2. (S) Two.",
                 [(1, "S", "One ends."), (2, "S", "Two.")],
                 id="a longer label in title case too"),
    pytest.param("1. (S) He said:\n\nwe will see what they do:\n\n2. (S) Two.",
                 [(1, "S", "He said:\n\nwe will see what they do:"), (2, "S", "Two.")],
                 id="a block in lower case ending with a colon is no label"),
    pytest.param("1. (S) The points are these.\n\nThe Minister then made three points about it:\n\n2. (S) Two.",
                 [(1, "S", "The points are these.\n\nThe Minister then made three points about it:"),
                  (2, "S", "Two.")],
                 id="a sentence ending with a colon is no label"),
    pytest.param("1. (C) No legal steps have been taken to do\nso. End Note.\n\n2. (C) Two.",
                 [(1, "C", "No legal steps have been taken to do so. End Note."), (2, "C", "Two.")],
                 id="a wrapped line opening with a word of two letters and a full stop"),
    pytest.param("1. (C) Several interlocutors told\nus.  Numerous outlets reported it.\n\n2. (C) Two.",
                 [(1, "C", "Several interlocutors told us. Numerous outlets reported it."), (2, "C", "Two.")],
                 id="the same, double spaces after it"),
    pytest.param("1. (C) The points:\ni. the first;\nii. the second;\naa. a third;\nB. a fourth.\n\n2. (C) Two.",
                 [(1, "C", "The points:\ni. the first;\nii. the second;\naa. a third;\nB. a fourth."),
                  (2, "C", "Two.")],
                 id="sub-items labelled by a roman numeral, a doubled letter, a capital stay"),
    pytest.param("1. (C) The French agreed that the European Union\n(EU) was more unified than ever.\n\n"
                 "2. (C) Two.", [(1, "C", "The French agreed that the European Union (EU) was more unified "
                                 "than ever."), (2, "C", "Two.")],
                 id="a wrapped line opening with an abbreviation of two capitals opens no sub-item"),
    pytest.param("1. (C) The UN Office and African Union\n(AU) Mission in Somalia (AMISOM).\n"
                 "-- Plans of the TFG.\n\n2. (C) Two.",
                 [(1, "C", "The UN Office and African Union (AU) Mission in Somalia (AMISOM).\n-- Plans of the TFG."),
                  (2, "C", "Two.")], id="the same before a capital, a dash item after it"),
    pytest.param("1. (C) The points:\n(IV) the fourth;\n(AA) a doubled;\n(B) a capital;\n(12) a number.\n\n"
                 "2. (C) Two.",
                 [(1, "C", "The points:\n(IV) the fourth;\n(AA) a doubled;\n(B) a capital;\n(12) a number."),
                  (2, "C", "Two.")],
                 id="sub-items labelled in parentheses by a roman numeral, a doubled letter, a capital stay"),
    pytest.param("1. (C) The contract is among the CIF, Sinopec, and\nBP. Zhang said Sinopec ships the oil.\n\n"
                 "2. (C) Two.", [(1, "C", "The contract is among the CIF, Sinopec, and BP. Zhang said Sinopec "
                                 "ships the oil."), (2, "C", "Two.")],
                 id="a wrapped line opening with a two-capital word ending its sentence opens no sub-item"),
    pytest.param("1. (C) He noted that Kuwait's Foreign Minister\nDr. Sheikh Mohammed was there, as was\n"
                 "Mr. Smith.\n\n2. (C) Two.",
                 [(1, "C", "He noted that Kuwait's Foreign Minister Dr. Sheikh Mohammed was there, as was Mr. Smith."),
                  (2, "C", "Two.")], id="nor one opening with a title's abbreviation"),
    pytest.param("1. (C) The points:\nIV. the fourth;\nBB. a doubled;\n12. a number;\nA1. a combined one.\n\n"
                 "2. (C) Two.",
                 [(1, "C", "The points:\nIV. the fourth;\nBB. a doubled;\n12. a number;\nA1. a combined one."),
                  (2, "C", "Two.")],
                 id="sub-items labelled by a roman numeral, doubled capitals, two digits, a letter and a digit"),
    pytest.param("1. (C) The campaign was launched. END SUMMARY.\nGOVERNMENT LAUNCHES A CAMPAIGN\n"
                 "2. (C) Two ends.\nBIG FISH OR SMALL FRY?\n3. (C) Three.",
                 [(1, "C", "The campaign was launched. END SUMMARY."), (2, "C", "Two ends."), (3, "C", "Three.")],
                 id="a heading in capitals on the line under the paragraph's last sentence"),
    pytest.param("1. (C) The talks went on.\nEND SUMMARY\n2. (C) Two.\nTHE TALKS FAILED.\n3. (C) Three.",
                 [(1, "C", "The talks went on. END SUMMARY"), (2, "C", "Two. THE TALKS FAILED."), (3, "C", "Three.")],
                 id="an end marker or a sentence in capitals under it stays"),
    pytest.param("1. (C) THE TALKS WENT ON.\nNEXT STEPS\n2. (C) TWO.",
                 [(1, "C", "THE TALKS WENT ON. NEXT STEPS"), (2, "C", "TWO.")],
                 id="a cable in capitals: the line under a line in capitals stays"),
    pytest.param("1. (C) One.\n\n2. (U) Two.\n\n3. A/S Gordon has cleared this cable.",
                 [(1, "C", "One."), (2, "U", "Two."), (3, None, "A/S Gordon has cleared this cable.")],
                 id="an unmarked last paragraph, the clearance note, in a marked cable"),
    pytest.param("1. (S) ENTIRE TEXT.\n\n2. MARCOS LEFT MANILA ON MONDAY.\n\n3. HE WILL RETURN.",
                 [(1, "S", "ENTIRE TEXT."), (2, None, "MARCOS LEFT MANILA ON MONDAY."), (3, None, "HE WILL RETURN.")],
                 id="only the first paragraph marked: the unmarked ones after it are paragraphs"),
    pytest.param("1. (C) One.\n\n2. The talks went on.\n\n3. They ended.\n\n4. (C) Four.",
                 [(1, "C", "One."), (2, None, "The talks went on."), (3, None, "They ended."), (4, "C", "Four.")],
                 id="unmarked paragraphs whose numbers reach the next marked one's are paragraphs"),
    pytest.param("1. (C) One.\n\n2. (C) The steps:\n\n1. talk\n\n2. sign\n\n3. ratify",
                 [(1, "C", "One."), (2, "C", "The steps:\n\n1. talk\n\n2. sign\n\n3. ratify")],
                 id="a list from 1 inside the last marked paragraph stays a list"),
    pytest.param("1. (C) The steps:\n\n2. (C) Two, in steps:\n3. the talks go on.",
                 [(1, "C", "The steps:"), (2, "C", "Two, in steps:\n3. the talks go on.")],
                 id="an unmarked number due that is no clearance note stays a list item"),
    pytest.param("1. (S) He spoke.  Then he listed:\n-- first,  the plan;\n-- second.  More.\n\n2. (S) Two.",
                 [(1, "S", "He spoke. Then he listed:\n-- first, the plan;\n-- second. More."), (2, "S", "Two.")],
                 id="a paragraph with sub-items: double spaces folded as in any other"),
    # A dash aside the scrape wrapped onto a line of its own goes on with the sentence above.
    pytest.param("1. (C) The three designees continue to try to use the media\n"
                 "-- with limited success -- to gain advantage with the audience.\n\n2. (C) Two.",
                 [(1, "C", "The three designees continue to try to use the media -- with limited "
                           "success -- to gain advantage with the audience."), (2, "C", "Two.")],
                 id="a dash aside wrapped onto its own line joins its sentence"),
    pytest.param("1. (C) Contact information for the engagement officers - Ms. Smith and\n"
                 "PolOff William Stephen Wells and the others in the section\n"
                 "- is in the last paragraph. End summary.\n\n2. (C) Two.",
                 [(1, "C", "Contact information for the engagement officers - Ms. Smith and PolOff "
                           "William Stephen Wells and the others in the section - is in the last "
                           "paragraph. End summary."), (2, "C", "Two.")],
                 id="a single dash before a lower-case word after a wrapped line joins"),
    pytest.param("1. (C) Moscow's business community, the mayor's base of power\n"
                 "-- the big and legitimate as well as the marginal and corrupt\n"
                 "-- has enabled him to call for support.\n\n2. (C) Two.",
                 [(1, "C", "Moscow's business community, the mayor's base of power -- the big and "
                           "legitimate as well as the marginal and corrupt -- has enabled him to "
                           "call for support."), (2, "C", "Two.")],
                 id="an aside wrapped over two dash lines joins"),
    pytest.param("1. (C) The designees continue to use every medium they can find for it\n"
                 "-- President Obama's visit -- will test them.\n\n2. (C) Two.",
                 [(1, "C", "The designees continue to use every medium they can find for it -- "
                           "President Obama's visit -- will test them."), (2, "C", "Two.")],
                 id="a capitalised aside closed by a second dash joins"),
    # A day or figure that ends a sentence, wrapped onto a line of its own (Cablegate put its
    # `\u00b6` before it as before every number opening a line), goes on with that sentence.
    pytest.param("1. (C) The FDP scheduled three more plenary sessions for October 21, 22 and\n"
                 "\u00b623.  He noted that it is feasible.\n\n2. (C) Two.",
                 [(1, "C", "The FDP scheduled three more plenary sessions for October 21, 22 and 23. "
                           "He noted that it is feasible."), (2, "C", "Two.")],
                 id="a day wrapped onto its own line after and joins its sentence"),
    pytest.param("1. (C) The Ambassador met Aznar for a private lunch at his residence on October\n"
                 "16. President Aznar offered his opinions.\n\n2. (C) Two.",
                 [(1, "C", "The Ambassador met Aznar for a private lunch at his residence on October 16. "
                           "President Aznar offered his opinions."), (2, "C", "Two.")],
                 id="a day wrapped after its month without pilcrow joins its sentence"),
    # Not wrapped numbers: a list's items.
    pytest.param("1. (C) The paper lists the reforms the new government must carry out first\n"
                 "1. Pension age increase\n2. Abolish special pensions and the benefits of the\n"
                 "3. Limit pensions to working pensioners\n\n2. (C) Two.",
                 [(1, "C", "The paper lists the reforms the new government must carry out first\n"
                           "1. Pension age increase\n2. Abolish special pensions and the benefits of the\n"
                           "3. Limit pensions to working pensioners"), (2, "C", "Two.")],
                 id="numbered items after a wrapped line stay items"),
    pytest.param("1. (C) The minister raised a number of points with the Ambassador\n"
                 "\u00b61. Border security\n\u00b62. Trade\n\n2. (C) Two.",
                 [(1, "C", "The minister raised a number of points with the Ambassador\n"
                           "1. Border security\n2. Trade"), (2, "C", "Two.")],
                 id="numbered items from 1 after a wrapped line without colon stay items"),
    # A page that lost its line breaks ran the next paragraph's heading (its ruler lost too)
    # onto the paragraph's last sentence, or set it on a line of its own under it.
    pytest.param(f"1. (C) {LOST_BREAKS} She should be fit enough for a campaign, he said. Possible scenarios"
                 "\n\n2. (C) Two.",
                 [(1, "C", f"{LOST_BREAKS} She should be fit enough for a campaign, he said."), (2, "C", "Two.")],
                 id="lost breaks: a short heading run onto the last sentence"),
    pytest.param(f"1. (C) {LOST_BREAKS} End summary. 2009: The Year the Bubble Burst\n\n2. (C) Two.",
                 [(1, "C", f"{LOST_BREAKS} End summary."), (2, "C", "Two.")],
                 id="lost breaks: a label heading run onto the last sentence"),
    pytest.param(f"1. (C) {LOST_BREAKS} We need the \"fighters.\"\nSupporting Democracy/Defeating Extremism\n\n"
                 "2. (C) Two.",
                 [(1, "C", f"{LOST_BREAKS} We need the \"fighters.\""), (2, "C", "Two.")],
                 id="lost breaks: a heading in title case on its own line under the last sentence"),
    pytest.param(f"1. (C) {LOST_BREAKS} (He supports Gomes.) Rousseff: The Start of Something Big or the Best "
                 "She'll Get?\n\n2. (C) Two.",
                 [(1, "C", f"{LOST_BREAKS} (He supports Gomes.)"), (2, "C", "Two.")],
                 id="lost breaks: a label heading asking a question"),
    pytest.param(f"1. (C) {LOST_BREAKS} The elections are over. What next?\n\n2. (C) Two.",
                 [(1, "C", f"{LOST_BREAKS} The elections are over. What next?"), (2, "C", "Two.")],
                 id="lost breaks: a short question closing the paragraph stays"),
    # A page that lost its line breaks ran a numbered, marked paragraph onto the line above.
    pytest.param(f"1. (C) {LOST_BREAKS * 5} Septel provides suggestions. 2. (C) {LOST_BREAKS * 5}\n\n"
                 f"3. (S/NF) {LOST_BREAKS * 5} They fail. 4. ( S/NF) When we have it, we say so.",
                 [(1, "C", f"{LOST_BREAKS * 5} Septel provides suggestions."), (2, "C", LOST_BREAKS * 5),
                  (3, "S/NF", f"{LOST_BREAKS * 5} They fail."), (4, "S/NF", "When we have it, we say so.")],
                 id="lost breaks: marked paragraphs run onto the line above"),
    pytest.param(f"1. (c) {LOST_BREAKS * 5} Septel provides suggestions. 2. (c) {LOST_BREAKS * 5}\n\n"
                 f"3. (c) {LOST_BREAKS * 5}",
                 [(1, "C", f"{LOST_BREAKS * 5} Septel provides suggestions."), (2, "C", LOST_BREAKS * 5),
                  (3, "C", LOST_BREAKS * 5)],
                 id="lost breaks: a paragraph run onto the line above in a lower-cased scrape"),
    # ... only where it goes on with the numbering (above every number before it, by three at
    # most): no `2. (C)` after paragraph 3, no `9. (C)` after 3.
    pytest.param(f"1. (C) {LOST_BREAKS * 5}\n\n3. (C) {LOST_BREAKS * 5} As we said. 2. (C) {LOST_BREAKS * 5} They fell. 9. (C) "
                 f"Text.\n\n5. (C) {LOST_BREAKS * 5}",
                 [(1, "C", LOST_BREAKS * 5),
                  (3, "C", f"{LOST_BREAKS * 5} As we said. 2. (C) {LOST_BREAKS * 5} They fell. 9. (C) Text."),
                  (5, "C", LOST_BREAKS * 5)],
                 id="lost breaks: a marked number run on out of the numbering stays"),
    pytest.param(f"1. (C) {LOST_BREAKS * 5} As in paragraph 2. (C) {LOST_BREAKS * 5}\n\n2. (C) Two.",
                 [(1, "C", f"{LOST_BREAKS * 5} As in paragraph 2. (C) {LOST_BREAKS * 5}"), (2, "C", "Two.")],
                 id="lost breaks: a number inside a sentence stays"),
    # (in wrapped lines too, the number due in a gap of the numbering: see
    # test_paragraph_starts_in_a_gap_of_the_numbering)
    pytest.param("1. (C) The talks went on. 2. (C) They ended.\n\n3. (C) More.",
                 [(1, "C", "The talks went on."), (2, "C", "They ended."), (3, "C", "More.")],
                 id="wrapped lines: a marked number due in a gap opens its paragraph"),
    pytest.param("1. (C) The talks went on. 2. (C) They ended.\n\n2. (C) More.",
                 [(1, "C", "The talks went on. 2. (C) They ended."), (2, "C", "More.")],
                 id="wrapped lines: a marked number inside a line, no gap, stays"),
    # Not headings: a sentence without its full stop, a tally, an end marker, the last paragraph.
    pytest.param(f"1. (C) {LOST_BREAKS} He speaks Dari. Yea: 162 Nay: 56 Abstain/blank/spoiled: 5\n\n2. (C) Two.",
                 [(1, "C", f"{LOST_BREAKS} He speaks Dari. Yea: 162 Nay: 56 Abstain/blank/spoiled: 5"),
                  (2, "C", "Two.")],
                 id="lost breaks: a tally closing the paragraph stays"),
    pytest.param(f"1. (C) {LOST_BREAKS} He left. The talks will go on next week\n\n2. (C) Two.",
                 [(1, "C", f"{LOST_BREAKS} He left. The talks will go on next week"), (2, "C", "Two.")],
                 id="lost breaks: a last sentence without its full stop stays"),
    pytest.param(f"1. (C) {LOST_BREAKS} The talks went on. End Summary\n\n2. (C) Two.",
                 [(1, "C", f"{LOST_BREAKS} The talks went on. End Summary"), (2, "C", "Two.")],
                 id="lost breaks: an end marker stays"),
    pytest.param("1. (C) The talks went on\nfor days. In the wings\n\n2. (C) Two.",
                 [(1, "C", "The talks went on for days. In the wings"), (2, "C", "Two.")],
                 id="wrapped lines: words after the last sentence stay"),
    # A dash inside a quoted title, wrapped before a capital, goes on with the sentence: the
    # dash line closes the quotation the wrapped line above left open (no item opens inside one).
    pytest.param("1. (SBU) He noted that the MFA is working with the MoD to flesh out the paper \"Beyond the "
                 "Missile Defense Review\n- The Way Forward in Strategic Cooperation.\" Sramek noted\n"
                 "that this paper will add detail.\n\n2. (C) Two.",
                 [(1, "SBU", "He noted that the MFA is working with the MoD to flesh out the paper \"Beyond the "
                             "Missile Defense Review - The Way Forward in Strategic Cooperation.\" Sramek noted "
                             "that this paper will add detail."), (2, "C", "Two.")],
                 id="a dash inside a quoted title wrapped before a capital joins its sentence"),
    pytest.param("1. (SBU) He noted that the MFA is working with the MoD to flesh out the paper \u201cBeyond the "
                 "Missile Defense Review\n- The Way Forward in Strategic Cooperation.\u201d Sramek noted\n"
                 "that this paper will add detail.\n\n2. (C) Two.",
                 [(1, "SBU", "He noted that the MFA is working with the MoD to flesh out the paper \u201cBeyond the "
                             "Missile Defense Review - The Way Forward in Strategic Cooperation.\u201d Sramek noted "
                             "that this paper will add detail."), (2, "C", "Two.")],
                 id="the same in curly quotation marks"),
    pytest.param("1. (SBU) He noted that the MFA is working with the MoD to flesh out the paper \"Beyond the\n"
                 "Missile Defense Review and the Other Reviews of the Last Two Years\n-- The Way Forward.\" "
                 "Sramek noted\nthat this paper will add detail.\n\n2. (C) Two.",
                 [(1, "SBU", "He noted that the MFA is working with the MoD to flesh out the paper \"Beyond the "
                             "Missile Defense Review and the Other Reviews of the Last Two Years -- The Way "
                             "Forward.\" Sramek noted that this paper will add detail."), (2, "C", "Two.")],
                 id="a double dash inside a quoted title opened on the line above"),
    # Not asides: a list's items.
    pytest.param("1. (C) The minister raised the points of the paper \"Next Steps\" with the Ambassador\n"
                 "- Border security and the crossing points\n- Trade\n\n2. (C) Two.",
                 [(1, "C", "The minister raised the points of the paper \"Next Steps\" with the Ambassador\n"
                           "- Border security and the crossing points\n- Trade"), (2, "C", "Two.")],
                 id="items after a wrapped line whose quotation is closed stay items"),
    pytest.param("1. (C) The statement the two ministers signed read \"The parties agreed on these steps\n"
                 "- Continue the talks;\n- Meet again in May.\"\n\n2. (C) Two.",
                 [(1, "C", "The statement the two ministers signed read \"The parties agreed on these steps\n"
                           "- Continue the talks;\n- Meet again in May.\""), (2, "C", "Two.")],
                 id="items of a quoted list whose first item does not close the quotation stay items"),
    pytest.param("1. (C) The minister raised three points with the Ambassador today:\n"
                 "-- the border;\n-- trade.\n\n2. (C) Two.",
                 [(1, "C", "The minister raised three points with the Ambassador today:\n"
                           "-- the border;\n-- trade."), (2, "C", "Two.")],
                 id="items after a colon stay items"),
    pytest.param("1. (C) Key points\n-- the border\n-- trade\n\n2. (C) Two.",
                 [(1, "C", "Key points\n-- the border\n-- trade"), (2, "C", "Two.")],
                 id="items after a short line stay items"),
    pytest.param("1. (C) The minister raised a number of points with the Ambassador\n"
                 "-- Border security and the crossing points\n-- Trade\n\n2. (C) Two.",
                 [(1, "C", "The minister raised a number of points with the Ambassador\n"
                           "-- Border security and the crossing points\n-- Trade"), (2, "C", "Two.")],
                 id="capitalised items after a wrapped line without colon stay items"),
    pytest.param("1. (C) He listed what the ministry has done since the last meeting.\n"
                 "-- the border\n-- trade\n\n2. (C) Two.",
                 [(1, "C", "He listed what the ministry has done since the last meeting.\n"
                           "-- the border\n-- trade"), (2, "C", "Two.")],
                 id="items after a sentence's full stop stay items"),
    pytest.param("1. (C) First the lead:\n-- an item that is wrapped over the line width of the\n"
                 "-- and a second item\n\n2. (C) Two.",
                 [(1, "C", "First the lead:\n-- an item that is wrapped over the line width of the\n"
                           "-- and a second item"), (2, "C", "Two.")],
                 id="a dash line after an item stays an item"),
    pytest.param("1. (C) First the lead:\n\n-- an item that is wrapped over the line width of the\n"
                 "-- and a second item\n\n2. (C) Two.",
                 [(1, "C", "First the lead:\n\n-- an item that is wrapped over the line width of the\n"
                           "-- and a second item"), (2, "C", "Two.")],
                 id="a dash line after a block's first item stays an item"),
    # A heading that opens with a year, between blank lines over its ruler, belongs to the next
    # paragraph; figures opening with a year are no heading.
    pytest.param("1. (C) The Paris Club would review it (in the OECD, in which it is not.)\n\n\n"
                 "2009 BCRA Profits to Treasury\n\n--------------\n\n2. (C) Two.",
                 [(1, "C", "The Paris Club would review it (in the OECD, in which it is not.)"), (2, "C", "Two.")],
                 id="a heading opening with a year"),
    pytest.param("1. (C) Killings by year:\n\n2007 3038\n\n2008 6380\n\n2. (C) Two.",
                 [(1, "C", "Killings by year:\n\n2007 3038\n\n2008 6380"), (2, "C", "Two.")],
                 id="a year and a figure are no heading"),
    # A page break after an abbreviation in capitals (`U.S.`), the sentence going on in lower case.
    pytest.param("1. (C) She asked us to confirm that the USG is not aware of such approaches, either to U.S.\n\n\n"
                 "companies or to the USG itself.\n\n2. (C) Two.",
                 [(1, "C", "She asked us to confirm that the USG is not aware of such approaches, either to U.S. "
                           "companies or to the USG itself."), (2, "C", "Two.")],
                 id="a sentence broken after U.S. goes on in lower case"),
    pytest.param("1. (C) She asked us to confirm that the USG is not aware of such approaches to the U.S.\n\n"
                 "The minister agreed.\n\n2. (C) Two.",
                 [(1, "C", "She asked us to confirm that the USG is not aware of such approaches to the U.S."
                           "\n\nThe minister agreed."), (2, "C", "Two.")],
                 id="a block after U.S. opening in capitals stays apart"),
    pytest.param("1. (C) She asked us to confirm that the USG is not aware of such approaches today.\n\n"
                 "companies say nothing.\n\n2. (C) Two.",
                 [(1, "C", "She asked us to confirm that the USG is not aware of such approaches today."
                           "\n\ncompanies say nothing."), (2, "C", "Two.")],
                 id="a block in lower case after a sentence's end stays apart"),
    # A page break after the paragraph's first line, mid-sentence: the sentence goes on.
    pytest.param("1. (S) Daudzai said Iran's influence in Afghanistan, like\n\n"
                 "Pakistan's, has been both helpful and hurtful.\n\n2. (S) Two.",
                 [(1, "S", "Daudzai said Iran's influence in Afghanistan, like Pakistan's, has been both helpful "
                           "and hurtful."), (2, "S", "Two.")],
                 id="a short first block that opens a sentence goes on after a page break"),
    # Not so a heading typed after the number.
    pytest.param("1. (S) Shahab-3 Reentry Vehicle Mass\n\nThe U.S. noted that it assesses the mass.\n\n2. (S) Two.",
                 [(1, "S", "Shahab-3 Reentry Vehicle Mass\n\nThe U.S. noted that it assesses the mass."), (2, "S", "Two.")],
                 id="a heading after the number keeps its break"),
    pytest.param("1. (U) Participants\n\nUnder Secretary Burns met the minister with the Ambassador.\n\n2. (C) Two.",
                 [(1, "U", "Participants\n\nUnder Secretary Burns met the minister with the Ambassador."), (2, "C", "Two.")],
                 id="a one-word label after the number keeps its break"),
    # A short block between two breaks in a row that ends a sentence and opens the next: text.
    pytest.param("1. (C) Nearly every paper ran \"Hu Jintao Elected General\n\nBERLIN 00001533 002 OF 003\n\n"
                 "Secretary\" as the top headline.  The Southern\n\nSIPDIS\nMetropolis News was the only paper "
                 "to push these limits.\n\n2. (C) Two.",
                 [(1, "C", "Nearly every paper ran \"Hu Jintao Elected General Secretary\" as the top headline. "
                           "The Southern Metropolis News was the only paper to push these limits."),
                  (2, "C", "Two.")],
                 id="a sentence broken by two page breaks in a row goes on"),
    pytest.param("1. (C) The minister left early.\n\nThe talks ended.  The Southern\n\nMetropolis News was the "
                 "only paper.\n\n2. (C) Two.",
                 [(1, "C", "The minister left early.\n\nThe talks ended. The Southern Metropolis News was the "
                           "only paper."), (2, "C", "Two.")],
                 id="a short block that ends a sentence and opens the next goes on with the block below"),
    pytest.param("1. (C) The papers led with the attack. Most reported on the attack on a\n\nDelta Airlines jet in "
                 "Detroit.\n\n2. (C) Two.",
                 [(1, "C", "The papers led with the attack. Most reported on the attack on a Delta Airlines jet in "
                           "Detroit."), (2, "C", "Two.")],
                 id="the short block ending a paragraph under an open word is its sentence's end, no heading"),
    pytest.param("1. (C) The papers led with the attack.\n\nDelta Airlines in Detroit\n\n2. (C) Two.",
                 [(1, "C", "The papers led with the attack."), (2, "C", "Two.")],
                 id="a heading ending a paragraph under a finished sentence is the next one's"),
    # Not a short block whose full stops close abbreviations, nor one that ends its sentence.
    pytest.param("1. (C) The talks ended.\n\nwith Amb. Smith and Dr. Ali\n\nThe minister spoke.\n\n2. (C) Two.",
                 [(1, "C", "The talks ended.\n\nwith Amb. Smith and Dr. Ali\n\nThe minister spoke."), (2, "C", "Two.")],
                 id="a short block whose full stops close abbreviations keeps its break"),
    pytest.param("1. (C) The talks ended.\n\nU.S. Policy Options\n\nThe U.S. may act.\n\n2. (C) Two.",
                 [(1, "C", "The talks ended.\n\nU.S. Policy Options\n\nThe U.S. may act."), (2, "C", "Two.")],
                 id="a short heading with a capital abbreviation keeps its break"),
    pytest.param("1. (C) The talks ended.\n\nHe left.  She stayed.\n\nThe minister spoke.\n\n2. (C) Two.",
                 [(1, "C", "The talks ended.\n\nHe left. She stayed.\n\nThe minister spoke."), (2, "C", "Two.")],
                 id="a short block that ends its last sentence keeps its break"),
    # A long heading wrapped over two lines between blank lines, without a ruler, belongs to the
    # next paragraph; a list of names in title case is no heading.
    pytest.param("1. (C) The decree threatens the operations of any company there.\n\n\n"
                 "UK Expects Continued GoA Moves to Discourage Oil & Gas Exploration\nOff Falklands\n\n\n2. (C) Two.",
                 [(1, "C", "The decree threatens the operations of any company there."), (2, "C", "Two.")],
                 id="a long title wrapped over two lines"),
    pytest.param("1. (C) Views of member states on the mission.\n\nCountries: Austria, Burkina Faso, China, Costa Rica,\n"
                 "Croatia, France, Japan, Libya, Mexico\n\n2. (C) Two.",
                 [(1, "C", "Views of member states on the mission.\n\nCountries: Austria, Burkina Faso, China, Costa Rica, "
                           "Croatia, France, Japan, Libya, Mexico"), (2, "C", "Two.")],
                 id="a list of names in title case stays"),
    # A table's last row over the table's closing rule is a row, not a heading.
    pytest.param(f"1. (C) Killings by month:\n\nOct 847\nNov 843\nDec 708\n{RULER}\n*Source: SEDENA\n\n2. (C) Two.",
                 [(1, "C", "Killings by month:\n\nOct 847\nNov 843\nDec 708\n\n*Source: SEDENA"), (2, "C", "Two.")],
                 id="a table's last row over its rule stays"),
    pytest.param(f"1. (C) The toll rose in 2008.\n2009 Outlook\n{RULER}\n\n2. (C) Two.",
                 [(1, "C", "The toll rose in 2008."), (2, "C", "Two.")],
                 id="a heading with a figure under a sentence is a heading"),
    pytest.param(f"1. (C) Killings rose to 847 in October and 843 in November as the year went on\nOutlook\n"
                 f"{RULER}\n\n2. (C) Two.",
                 [(1, "C", "Killings rose to 847 in October and 843 in November as the year went on"), (2, "C", "Two.")],
                 id="a heading without a figure under a line with figures is a heading"),
    # An end marker alone on its line without its full stop closes the paragraph above, as
    # `End comment.` does: it stays there (a heading's place, but no heading).
    pytest.param("1. (C) Comment: The view is this.\n\nEnd Comment\n\n2. (C) Two.",
                 [(1, "C", "Comment: The view is this.\n\nEnd Comment"), (2, "C", "Two.")],
                 id="End Comment alone between paragraphs stays"),
    pytest.param("1. (C) Summary: The talks.\n\nEND SUMMARY\n\n2. (C) Two.",
                 [(1, "C", "Summary: The talks.\n\nEND SUMMARY"), (2, "C", "Two.")],
                 id="END SUMMARY alone between paragraphs stays"),
    pytest.param(f"1. (C) Comment: The view.\n\n[End Embassy Comment]\n\nNext Topic\n{RULER}\n\n2. (C) Two.",
                 [(1, "C", "Comment: The view.\n\n[End Embassy Comment]"), (2, "C", "Two.")],
                 id="a bracketed end marker naming its author stays, the heading after it goes"),
    pytest.param(f"1. (C) Comment: The view.\n\nEND COMMENT\n{RULER}\n\n2. (C) Two.",
                 [(1, "C", "Comment: The view.\n\nEND COMMENT"), (2, "C", "Two.")],
                 id="an end marker over a ruler stays"),
    pytest.param("1. (C) Note: The view.\n\nEnd Note\n\n2. (C) Two.",
                 [(1, "C", "Note: The view.\n\nEnd Note"), (2, "C", "Two.")], id="End Note alone stays"),
    pytest.param("1. (C) It ends.\n\nEnd of an Era\n\n2. (C) Two.", [(1, "C", "It ends."), (2, "C", "Two.")],
                 id="a heading opening with End is still a heading"),
    # The opening marker of quoted text, the last line of the paragraph that introduces the
    # quoted paragraphs, stays there as its closing marker (`END TEXT`) stays in theirs.
    pytest.param("1. (U) The letter follows.\n\nBEGIN TEXT\n\n2. (U) Dear Minister.\n\nEND TEXT\n\n3. (C) Three.",
                 [(1, "U", "The letter follows.\n\nBEGIN TEXT"), (2, "U", "Dear Minister.\n\nEND TEXT"),
                  (3, "C", "Three.")], id="BEGIN TEXT alone before the quoted paragraphs stays"),
    pytest.param(f"1. (U) The points follow.\n\n(Begin talking points)\n{RULER}\n\n2. (U) We support you.",
                 [(1, "U", "The points follow.\n\n(Begin talking points)"), (2, "U", "We support you.")],
                 id="a bracketed opening marker over a ruler stays"),
    pytest.param("1. (C) The view is this.\n\nBEGIN COMMENT\n\n2. (C) It is.",
                 [(1, "C", "The view is this."), (2, "C", "It is.")],
                 id="BEGIN COMMENT alone labels what follows: no part of the paragraph above"),
    pytest.param("1. (C) It ends.\n\nBeginning of the Text Era\n\n2. (C) Two.",
                 [(1, "C", "It ends."), (2, "C", "Two.")], id="a heading opening with Beginning is a heading"),
    pytest.param(f"1. (C) It ends.\n\nEnd Game in Gaza\n{RULER}\n\n2. (C) Two.",
                 [(1, "C", "It ends."), (2, "C", "Two.")], id="and over a ruler"),
    # The marking of the whole text that old cables write after the first number, in place of a
    # portion marking: its level marks the paragraph (as `1. (S) ENTIRE TEXT.`'s does), the text
    # keeps it as written.
    pytest.param("1. (C - ENTIRE TEXT)\n\n2. MARCOS LEFT MANILA.",
                 [(1, "C", "(C - ENTIRE TEXT)"), (2, None, "MARCOS LEFT MANILA.")], id="(C - ENTIRE TEXT)"),
    pytest.param("1. C - ENTIRE TEXT.\n\n2. MARCOS LEFT MANILA.",
                 [(1, "C", "C - ENTIRE TEXT."), (2, None, "MARCOS LEFT MANILA.")], id="C - ENTIRE TEXT."),
    pytest.param("1. (S - ENTIRE TEXT)\n\n2. MARCOS LEFT MANILA.",
                 [(1, "S", "(S - ENTIRE TEXT)"), (2, None, "MARCOS LEFT MANILA.")], id="(S - ENTIRE TEXT)"),
    pytest.param("1. CONFIDENTIAL - ENTIRE TEXT.\n\n2. MARCOS LEFT MANILA.",
                 [(1, "C", "CONFIDENTIAL - ENTIRE TEXT."), (2, None, "MARCOS LEFT MANILA.")],
                 id="the level in full"),
    pytest.param("1. LIMITED OFFICIAL USE--ENTIRE TEXT\n\n2. MARCOS LEFT MANILA.",
                 [(1, "LOU", "LIMITED OFFICIAL USE--ENTIRE TEXT"), (2, None, "MARCOS LEFT MANILA.")],
                 id="LIMITED OFFICIAL USE, two dashes"),
    pytest.param("1. (TS-ENTIRE TEXT) SUMMARY: MARCOS LEFT.\n\n2. MORE.",
                 [(1, "TS", "(TS-ENTIRE TEXT) SUMMARY: MARCOS LEFT."), (2, None, "MORE.")],
                 id="(TS-ENTIRE TEXT) before the summary"),
    # ... and no marking where the words stand otherwise, or the level is no level.
    pytest.param("1. THE ENTIRE TEXT OF THE NOTE FOLLOWS.\n\n2. MARCOS LEFT MANILA.",
                 [(1, None, "THE ENTIRE TEXT OF THE NOTE FOLLOWS."), (2, None, "MARCOS LEFT MANILA.")],
                 id="ENTIRE TEXT in a sentence"),
    pytest.param("1. ENTIRE TEXT CONFIDENTIAL.\n\n2. MARCOS LEFT MANILA.",
                 [(1, None, "ENTIRE TEXT CONFIDENTIAL."), (2, None, "MARCOS LEFT MANILA.")],
                 id="the level after the words"),
    pytest.param("1. A - ENTIRE TEXT OF THE AGREEMENT.\n\n2. MARCOS LEFT MANILA.",
                 [(1, None, "A - ENTIRE TEXT OF THE AGREEMENT."), (2, None, "MARCOS LEFT MANILA.")],
                 id="a list's letter"),
    pytest.param("1. C - ENTIRE TEXT OF THE AGREEMENT.\n\n2. MARCOS LEFT MANILA.",
                 [(1, None, "C - ENTIRE TEXT OF THE AGREEMENT."), (2, None, "MARCOS LEFT MANILA.")],
                 id="the words going on"),
    pytest.param("1. CS - ENTIRE TEXT\n\n2. MARCOS LEFT MANILA.",
                 [(1, None, "CS - ENTIRE TEXT"), (2, None, "MARCOS LEFT MANILA.")], id="no level's letters"),
])
def test_paragraphs(body, expected):
    assert paragraphs(body) == expected


@pytest.mark.parametrize("ending", [
    "MURPHY\n\nDrafted by: POL:JSMITH\nCleared by: DCM:JDOE\n\nCONFIDENTIAL\n\nBT\n#1533\n\n\nNNNN",
    "CONFIDENTIAL\n\nBT\n#1533\n\n\nNNNN"])
def test_trailer_lines_do_not_hide_a_page_that_lost_its_line_breaks(ending):
    """The average line length that tells a page that lost its line breaks (paragraphs run onto
    the line above) is of the text's lines: the trailer after it (`BT`, `#1533`, `NNNN`, short
    lines) made it look wrapped, and the run-on paragraphs stayed inside their neighbours."""
    body = (f"1. (C) {LOST_BREAKS * 5} Septel provides suggestions. 2. (C) {LOST_BREAKS * 5}\n\n"
            f"3. (C) {LOST_BREAKS * 5} They fail. 4. (C) {LOST_BREAKS * 5}\n\n")
    record = fields(REF_HEAD + "\n" + body + ending + "\n")
    assert [p["number"] for p in record["paragraphs"]] == [1, 2, 3, 4]
    assert record["paragraphs"][-1]["text"] == LOST_BREAKS * 5


# --- Paragraphs: a media reaction's table of contents ---------------------------------------------

MEDIA_REACTION_HEAD = """R 290713Z DEC 09
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC 6139

UNCLAS SECTION 01 OF 02 BERLIN 001626

SIPDIS

E.O. 12958: N/A
TAGS: OPRC KMDR US IR
SUBJECT: MEDIA REACTION: TERRORISM, IRAN; BERLIN
"""
LEAD = "The majority of dailies opened with reports on the failed attack."
IRAN = "All papers carry extensive coverage of the new clashes in Iran."
NINE_HEADINGS = ["Lead Stories Summary", "(Iran) New Protests", "(China) Reaction to Jailing of Liu Xiabo",
                 "(U.S.) Healthcare Reform", "(Afghanistan) Troop Levels", "(Economy) Budget Talks", "(Europe) Lisbon Treaty",
                 "(Russia) Gas Prices", "(Germany) Coalition Dispute"]
HEALTH = "Sueddeutsche Zeitung had this to say: \"There is no doubt.\""


def numbered_texts(body: str, head: str = MEDIA_REACTION_HEAD) -> list[tuple]:
    record = fields(head + "\n" + body + "\n\nDELAWIE\n")
    return [(p["number"], p["text"]) for p in record["paragraphs"]]


@pytest.mark.parametrize("body, expected", [
    # The list of the sections, numbered, one heading a line, then the sections numbered again
    # from 1, each opening with its heading: the list is no paragraph (it stays in the body).
    pytest.param(f"\u00b61.    Lead Stories Summary\n\u00b62.   (Iran)   New Protests\n\u00b63.   (U.S.)   Healthcare Reform\n"
                 f"\n\n\u00b61.   Lead Stories Summary\n\n{LEAD}\n\n\u00b62.   (Iran)   New Protests\n\n{IRAN}\n\n"
                 f"\u00b63.   (U.S.)   Healthcare Reform\n\n{HEALTH}",
                 [(1, f"Lead Stories Summary\n\n{LEAD}"), (2, f"(Iran) New Protests\n\n{IRAN}"),
                  (3, f"(U.S.) Healthcare Reform\n\n{HEALTH}")], id="a table of contents with topics"),
    pytest.param(f"1. LEAD STORIES SUMMARY\n2. (IRAN) NEW PROTESTS\n3. (EU) LISBON TREATY\n\n"
                 f"1. LEAD STORIES SUMMARY\n\n{LEAD}\n\n2. (IRAN) NEW PROTESTS\n\n{IRAN}\n\n"
                 f"3. (EU) LISBON TREATY\n\n{HEALTH}",
                 [(1, f"LEAD STORIES SUMMARY\n\n{LEAD}"), (2, f"(IRAN) NEW PROTESTS\n\n{IRAN}"),
                  (3, f"(EU) LISBON TREATY\n\n{HEALTH}")], id="topics in capitals are no marking"),
    pytest.param(f"1. Lead Stories Summary\n2. New Protests\n\n1. Lead Stories Summary\n\n{LEAD}\n\n"
                 f"2. New Protests\n\n{IRAN}",
                 [(1, f"Lead Stories Summary\n\n{LEAD}"), (2, f"New Protests\n\n{IRAN}")],
                 id="two entries without topics nor pilcrows, closed by a blank line"),
    pytest.param(f"1. Lead Stories Summary\n2. New Protests\n1. Lead Stories Summary\n\n{LEAD}\n\n"
                 f"2. New Protests\n\n{IRAN}",
                 [(1, f"Lead Stories Summary\n\n{LEAD}"), (2, f"New Protests\n\n{IRAN}")],
                 id="the first section right under the list"),
    pytest.param(f"\u00b61.    Lead Stories Summary\n\u00b62.   (Iran)   New Protestsn3\n\u00b63.   (U.S.)   Healthcare Reform\n"
                 f"\n\u00b61.   Lead Stories Summary\n\n{LEAD}\n\n\u00b62.   (Iran)   New Protests\n\n{IRAN}\n\n"
                 f"\u00b63.   (U.S.)   Healthcare Reform\n\n{HEALTH}",
                 [(1, f"Lead Stories Summary\n\n{LEAD}"), (2, f"(Iran) New Protests\n\n{IRAN}"),
                  (3, f"(U.S.) Healthcare Reform\n\n{HEALTH}")],
                 id="an entry the scrape damaged, nearly its section's heading"),
    pytest.param("".join(f"{n}. {heading}\n" for n, heading in enumerate(NINE_HEADINGS, start=1)) + "\n"
                 + "\n\n".join(f"{n}. {heading}\n\n{LEAD}" for n, heading in enumerate(NINE_HEADINGS, start=1)),
                 [(n, f"{heading}\n\n{LEAD}") for n, heading in enumerate(NINE_HEADINGS, start=1)],
                 id="nine entries"),
    pytest.param(f"1. (Iran) What Comes Next?\n2. (U.S.) Healthcare Reform\n\n1. (Iran) What Comes Next?\n\n{IRAN}\n\n"
                 f"2. (U.S.) Healthcare Reform\n\n{HEALTH}",
                 [(1, f"(Iran) What Comes Next?\n\n{IRAN}"), (2, f"(U.S.) Healthcare Reform\n\n{HEALTH}")],
                 id="a heading in title case ending with its question mark"),
    # Guards: numbered one-liners that no renumbering from 1 with their headings follows stay
    # paragraphs (as before the rule).
    pytest.param(f"1. Lead Stories Summary\n2. New Protests\n\n3. More.\n\n{LEAD}",
                 [(1, "Lead Stories Summary"), (2, "New Protests"), (3, f"More.\n\n{LEAD}")],
                 id="numbered headings without a renumbering stay"),
    pytest.param(f"1. Agreed at once.\n2. Signed today.\n\n1. Agreed at once.\n\n{LEAD}",
                 [(1, "Agreed at once."), (2, f"Signed today.\n\n1. Agreed at once.\n\n{LEAD}")],
                 id="short one-line sentences stay"),
    pytest.param(f"1. Lead Stories Summary\n2. New Protests\n\n1. Budget Talks\n\n{LEAD}\n\n2. Trade\n\n{IRAN}",
                 [(1, "Lead Stories Summary"), (2, f"New Protests\n\n1. Budget Talks\n\n{LEAD}\n\n2. Trade\n\n{IRAN}")],
                 id="a renumbering from 1 under other headings is no table of contents"),
    pytest.param(f"1. Lead Stories Summary\n2. New Protests\n\n1. Lead Stories Summary\n\n{LEAD}\n\n2. Trade\n\n{IRAN}",
                 [(1, "Lead Stories Summary"),
                  (2, f"New Protests\n\n1. Lead Stories Summary\n\n{LEAD}\n\n2. Trade\n\n{IRAN}")],
                 id="half the headings again is not enough"),
    pytest.param(f"1. Lead Stories Summary\n\n{LEAD}\n\n2. New Protests\n\n{IRAN}\n\n"
                 f"1. Lead Stories Summary\n\n{LEAD}",
                 [(1, f"Lead Stories Summary\n\n{LEAD}"), (2, f"New Protests\n\n{IRAN}\n\n1. Lead Stories Summary\n\n{LEAD}")],
                 id="sections that restart at 1 in a second part, no list before them"),
])
def test_a_table_of_contents_is_no_paragraph(body, expected):
    assert numbered_texts(body) == expected


# --- Comment -------------------------------------------------------------------------------------

MORE_REPORTING = ("The talks resumed the next day with the deputies, who went over the border points again and "
                  "agreed on a text for the ministers to sign at their next meeting, which is set for the spring "
                  "in the capital.")


def comment(body: str) -> str | None:
    return fields(REF_HEAD + "\n" + body + "\n\nMURPHY\n")["comment"]


@pytest.mark.parametrize("body, expected", [
    pytest.param("1. (C) Text.\n\nComment\n-------\n13. C) The view.\n\n14. C) More of it.",
                 "The view.\n\nMore of it.", id="markings that lost their opening parenthesis"),
    pytest.param("1. (C) Text.\n\nComment\n-------\n13. (C) The view.", "The view.",
                 id="a marking in parentheses"),
    pytest.param("1. (C) Text.\n\nComment: Stage is Set\n------------\n\n2. (C) The view is this.\n\n"
                 "COUP DIARIES\n------------\n\n3. (SBU) Diaries were published (Comment: The magazine "
                 "closed. End Comment). More text follows here.\n\n4. (SBU) Four.", "The view is this.",
                 id="a titled comment heading ends at the next heading, before a later aside's end"),
    pytest.param("1. (C) Text.\n\nComment: Stage is Set\n------------\n\n2. (C) The view is this.\n\n"
                 "3. (C) And more (as ever). End Comment.\n\n4. (SBU) Four.",
                 "The view is this.\n\nAnd more (as ever).", id="a titled comment heading to its end marker"),
    pytest.param("1. (C) Text.\n\nComment\n-------\n13. (C ) The view.\n\n14. ( C) More of it.",
                 "The view.\n\nMore of it.", id="markings with a space typed inside their parentheses"),
    pytest.param("1. (C) Text.\n\nComment\n-------\n13. c) the view.", "c) the view.",
                 id="a list letter in lower case after the number is text"),
    pytest.param("1. (C) Text.\n\n9. (C) Comment. The view.\n\n10. (C) More of the view.",
                 "The view.\n\nMore of the view.", id="an unclosed comment goes on in the last paragraph"),
    pytest.param("1. (C) Text.\n\n9. (C) Comment: The view.\n\n10. (U) A/S Smith cleared this cable.",
                 "The view.", id="but not in a closing administrative note"),
    pytest.param("1. (C) Text.\n\n9. (C) Comment: The view.\n\n10. (U) Minimize considered.",
                 "The view.", id="nor in a minimize note"),
    pytest.param("1. (C) Text.\n\n9. (C) Comment: The view.\n\n10. (U) Conakry and Tripoli minimize considered.",
                 "The view.", id="nor in a minimize note naming the posts"),
    pytest.param("1. (C) Text.\n\n9. (C) Comment: The view.\n\n10. (C) We should minimize the risks considered here.",
                 "The view.\n\nWe should minimize the risks considered here.", id="a last paragraph on minimizing stays"),
    pytest.param("1. (C) Text.\n\n9. (C) Comment: The view.\n\n10. (U) This cable was cleared by A/S Smith.",
                 "The view.", id="nor in one written in the passive"),
    pytest.param("1. (C) Text.\n\n9. (C) Comment: The view.\n\n10. (U) This message has been cleared by PDAS Kelly.",
                 "The view.", id="nor in one written in the passive, has been"),
    pytest.param("1. (C) Text.\n\nComment\n-------\n\n9. (C) The view.\n\n10. (U) This message was drafted at the "
                 "PRT in Herat.", "The view.", id="nor in a drafting note"),
    # A paragraph about the cable itself closes it too: who drafted, prepared, contributed to,
    # reviewed or coordinated it, what reporting it is, its point of contact (2026-12-07 audit,
    # night: c52, v13).
    *[pytest.param(f"1. (C) Text.\n\n2. (C) Comment: Hashimi has overplayed his hand.\n\n3. (U) {note}",
                   "Hashimi has overplayed his hand.", id=f"nor in a note about the cable: {note}")
      for note in ["PRT Anbar contributed to this cable.", "This is a PRT Kirkuk reporting cable.",
                   "This cable was prepared by PRT Anbar.", "This cable was coordinated with\nEmbassy Baghdad.",
                   "POC for this cable is Poloff John Smith.", "Embassy Baghdad POC is Poloff John Smith.",
                   "USUN has reviewed and concurs with this message.", "REO Basrah contributed to this report.",
                   "Jane Doe (doej@state.gov) is the Department's POC for\nthis cable.",
                   "THIS IS A JOINT EMBASSY/PRT CABLE."]],
    pytest.param("1. (C) Text.\n\nCOMMENT\n-------\n\n2. (C) Hashimi has overplayed his hand.\n\n3. (C) His allies "
                 "leave.\n\n4. (U) PRT Anbar contributed to this cable.\n\n5. (U) Two.",
                 "Hashimi has overplayed his hand.\n\nHis allies leave.", id="a heading's comment ends at the note"),
    *[pytest.param(f"1. (C) Text.\n\n2. (C) Comment: Hashimi has overplayed his hand.\n\n3. (C) {sentence}",
                   f"Hashimi has overplayed his hand.\n\n{sentence}", id=f"a last paragraph of the comment: {sentence}")
      for sentence in ["We have reviewed the draft cable and agree that the Ministry must act.",
                       "This is a tough message for the Sunnis.", "This is a tough message.",
                       "We have reviewed this cable's recommendations with the PRT.",
                       "The Council prepared this report for the Prime Minister, who ignored it.",
                       "On this point, the Minister is right: we must act.",
                       # (found by review: another body's review of a report, the host's contact)
                       "The Ministry of Justice has reviewed this report and rejected it as biased.",
                       "Our MFA POC is Deputy Director Ivanov, who told us the Ministry would not budge."]],
    pytest.param("1. (C) TEXT.\n\n2. (C) COMMENT: HASHIMI HAS OVERPLAYED HIS HAND.\n\n3. (U) THIS IS A PRT ANBAR "
                 "REPORTING CABLE.", "HASHIMI HAS OVERPLAYED HIS HAND.", id="nor in a note about the cable in capitals"),
    pytest.param("1. (C) Text.\n\nComment\n-------\n\n9. (C) The view.\n\n10. (U) PRT Herat drafted this cable.",
                 "The view.", id="nor in a drafting note, active"),
    pytest.param("1. (C) Text.\n\n9. (C) Comment. The view.\n\n10. (C) This cable was sent to the minister.",
                 "The view.\n\nThis cable was sent to the minister.", id="a last paragraph about the cable, no clearance"),
    pytest.param("1. (C) Text.\n\n9. (C) Comment: The view.\n\n10. (C) Reporting.\n\n11. (C) More reporting.",
                 "The view.", id="nor in two paragraphs after it"),
    pytest.param("1. (C) Text.\n\n-------\nComment: Not Thoroughly-Corrupted, but Cause for Concern\n-------\n\n"
                 "2. (C) The view.\n\n3. (C) More of it.", "The view.\n\nMore of it.",
                 id="a heading with a title after its label: what follows the title"),
    pytest.param("1. (C) Text.\n\nComment: The Race Is About to Begin\n\n2. (C) The view. End comment.\n\n3. (C) Other.",
                 "The view.", id="the same, closed by End comment"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment: Post will follow up with the ministry\n\n3. (C) Other.\n\n4. (C) More.",
                 "Post will follow up with the ministry", id="a first sentence not in title case is the comment"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment: The Talks Will Go On. We Expect No Change.",
                 "The Talks Will Go On. We Expect No Change.", id="sentences in title case are the comment"),
    pytest.param("1. (C) Text.\n\n------- COMMENT -------\n\n13. (C) The view.", "The view.",
                 id="a heading with its rulers run onto its line"),
    pytest.param("1. (C) Text.\n\n-- Comment --\n\n13. (C) The view.", "The view.",
                 id="a heading between double hyphens"),
    pytest.param("1. (C) Text.\n\nCOMMENT: An aside.\n\n2. (C) More. END COMMENT.\n\n3. (C) Reporting.\n\n"
                 "COMMENTS --------\n\n4. (C) The view.\n\n5. (C) More of it.", "The view.\n\nMore of it.",
                 id="a heading COMMENTS with its ruler"),
    pytest.param("1. (C) Text.\n\n2. (C) The generals were allowed to provide\ncomments.\n\n3. (C) Reporting.",
                 None, id="a wrapped line opening with comments. opens none"),
    pytest.param("1. (C) Text.\n\nComment\n-------\n\n2. (C) The view.\n\nVisit Mexico City's Classified Web Site at\n"
                 "http://www.state.sgov.gov/p/wha/mexicocity and the North American\n"
                 "Partnership Blog at http://www.intelink.gov/communities/state/nap /",
                 "The view.", id="the web site notice wrapped over lines of addresses is no part of it"),
    pytest.param("1. (C) Text.\n\nComment\n-------\n\n2. (C) The view.\n\nVisit London's Classified Website:\n"
                 "http://www.state.sgov.gov/p/eur/london/index. cfm", "The view.",
                 id="nor the notice over its link alone"),
    pytest.param("1. (C) Text.\n\nComment\n-------\n\n2. (C) The view.\n"
                 "Visit Our Classified Web Site at http://www.state.sgov.gov/p/x\nMore of the view.",
                 "The view.\n\nMore of the view.", id="a line under the notice holding no address stays"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment: The view is this.\n\nEnd Comment\n\n3. (C) More reporting.",
                 "The view is this.", id="closed by End Comment alone between paragraphs"),
    pytest.param("1. (C) Text.\n\nCOMMENT\n-------\n\n2. (C) The view.\n\n3. (C) More view.\n\nEnd Comment\n\n"
                 "4. (C) Reporting.\n\n5. (C) Other.", "The view.\n\nMore view.",
                 id="a COMMENT heading closed by End Comment alone"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment: The view is this. (End Comment)\n\n3. (C) More reporting.",
                 "The view is this.", id="the bracket opening the end marker is no part of it"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment: The view is this.\n\n[END EMBASSY COMMENT]\n\n3. (C) More.",
                 "The view is this.", id="nor a square bracket, the marker alone on its line"),
    pytest.param("1. (C) Text.\n\nComment: Stage is Set\n------------\n\n2. (C) The view is this. (End Comment)"
                 "\n\n3. (SBU) Four.", "The view is this.", id="nor after a titled comment heading"),
    # A label closed by dashes, a comment in brackets, an aside opening its line.
    pytest.param("1. (C) Text.\n\n2. (C) COMMENT -- WE THINK SO. END COMMENT.", "WE THINK SO.",
                 id="COMMENT closed by two dashes"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment \u2014 We think so. End comment.", "We think so.",
                 id="Comment closed by a dash"),
    pytest.param("1. (C) Text.\n\n2. (C) THE MINISTER DECLINED TO\nCOMMENT -- A SIGN THAT HE IS UNSURE.", None,
                 id="a wrapped sentence's comment and dashes are no label"),
    pytest.param("1. (C) Text.\n\n2. (C) The minister agreed. [Comment: We doubt it. End Comment.]", "We doubt it.",
                 id="a comment in square brackets"),
    pytest.param("1. (C) Text.\n\n2. (C) The minister agreed.\n(Comment: We doubt he will follow through. End\n"
                 "comment.)\n\n3. (U) A/S Smith cleared this cable.", "We doubt he will follow through.",
                 id="a comment in parentheses opening the line, only a note after it"),
    pytest.param("1. (C) Text.\n\n2. (C) [Comment: We doubt it. End Comment.]", "We doubt it.",
                 id="a paragraph that is a comment in brackets"),
    pytest.param("1. (C) Text.\n\n2. (C) The minister agreed.\n(Comment: We doubt he will follow through. End "
                 "comment.)\n\n3. (C) The talks resumed the next day with the deputies, who went over the "
                 "border points again and agreed on a text for the ministers to sign at their next meeting, "
                 "which is set for the spring in the capital.", None,
                 id="the same followed by more reporting is an aside"),
    # An end marker split over a line break after `End of` (`... End of` / `comment.`) closes
    # the comment, as after `End`: the line's `comment.` opens none (it gave the next paragraph).
    pytest.param("1. (C) Text.\n\n2. (C) Comment: We doubt it. End of\ncomment.\n\n3. (C) More.",
                 "We doubt it.", id="End of / comment. split over two lines closes the comment"),
    pytest.param("1. (C) Text. End of\ncomment.\n\n2. (C) More text here.", None,
                 id="End of / comment. split over two lines opens none"),
    pytest.param("1. (C) Comment: We doubt it. End Comment.\n\n2. (C) More. END OF\nCOMMENT.\n\n"
                 "3. (C) Other.", "We doubt it.", id="END OF / COMMENT. after a comment opens none"),
    # An aside whose opening bracket, and its author, end the line above (`... a first step.  (Post`
    # / `Comment: ...)`) is the aside in one line: no comment when reporting follows it.
    pytest.param("1. (C) Text.\n\n2. (C) The minister agreed to a first step.  (Post\nComment: We doubt he will "
                 "follow through.)  The talks resumed.\n\n3. (C) " + MORE_REPORTING, None,
                 id="an aside whose bracket and author end the line above"),
    pytest.param("1. (C) Text.\n\n2. (C) The minister agreed to a first step.  (\nComment: We doubt he will "
                 "follow through.)  The talks resumed.\n\n3. (C) " + MORE_REPORTING, None,
                 id="an aside whose bracket ends the line above"),
    pytest.param("1. (C) Text.\n\n2. (C) The minister agreed to a first step.  (Embassy\ncomment: We doubt "
                 "he will follow through.)  The talks resumed.\n\n3. (C) " + MORE_REPORTING, None,
                 id="an aside whose bracket and author end the line above, lower case"),
    pytest.param("1. (C) Text.\n\n2. (C) The minister agreed to a first step.  (Post Comment: We doubt he will "
                 "follow through.)  The talks resumed.\n\n3. (C) " + MORE_REPORTING, None,
                 id="the same aside in one line"),
    pytest.param("1. (C) Text.\n\n2. (C) The minister agreed to a first step.  (Post\nComment: We doubt he will "
                 "follow through. End comment.)\n\n3. (U) A/S Smith cleared this cable.",
                 "We doubt he will follow through.", id="the wrapped aside with only a note after it"),
    pytest.param("1. (C) Text.\n\n2. (C) The minister agreed (in private).\nComment: We doubt he will follow "
                 "through.\n\n3. (C) Reporting.\n\n4. (C) More reporting.", "We doubt he will follow through.",
                 id="a bracket closed on the line above opens no aside"),
    pytest.param("1. (C) Text.\n\n2. (C) The minister agreed.\n(\nComment: We doubt he will follow "
                 "through.\n\n3. (C) Reporting.\n\n4. (C) More reporting.", "We doubt he will follow through.",
                 id="nor a line of a bracket alone"),
    # A `Comment:` opening a line inside the paragraph a `Comment:` label opened, unclosed, goes on
    # with that comment: not a new one.
    pytest.param("1. (C) Text.\n\n2. (C) Reporting.\n\n3. (C) Comment: We doubt he will follow\nthrough on "
                 "the deal\nComment: [DETAILS REMOVED]", "We doubt he will follow through on the deal Comment: "
                 "[DETAILS REMOVED]", id="a second Comment: opening a line in the comment's paragraph"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment: We doubt he will\nfollow through.\nComment: Nor will his "
                 "deputy.\n\n3. (C) Reporting.\n\n4. (C) More reporting.",
                 "We doubt he will follow through. Comment: Nor will his deputy.",
                 id="the same in a paragraph followed by reporting"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment: We doubt he will follow through. Comment: Nor will his "
                 "deputy.\n\n3. (C) Reporting.\n\n4. (C) More reporting.",
                 "We doubt he will follow through. Comment: Nor will his deputy.",
                 id="the same in the line"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment: We doubt it. End comment. The talks went on.\nComment: "
                 "A second view\nComment: [DETAILS REMOVED]", "A second view Comment: [DETAILS REMOVED]",
                 id="the first label of the paragraph that no end marker closes"),
    pytest.param("1. (C) Text.\n\nCOMMENT\nThe talks went on.\nComment: A second view.", "A second view.",
                 id="a COMMENT heading above is no label of the paragraph"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment: We doubt it.\n\n3. (C) Comment: A second view.",
                 "A second view.", id="a Comment: opening a later paragraph is a new comment"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment: We doubt it. End comment. The talks went on.\nComment: "
                 "A second view.", "A second view.", id="and one after the end marker of the first"),
    pytest.param("1. (C) Text.\n\n2. (C) Reporting on the\ncomment of the minister.\nComment: A view.",
                 "A view.", id="a word comment inside a sentence above opens none"),
    # (its last words, in title case after a small one, were read as the next heading: cut)
    pytest.param("1. (C) Text.\n\n//COMMENT//\n\n2. (C) He will lead, according to a recent poll\n\n"
                 "MADRID 00000348 003 OF 003\n\nfrom Sigma Dos.",
                 "He will lead, according to a recent poll from Sigma Dos.",
                 id="a sentence a page break cut goes on in title case after a small word"),
    pytest.param("1. (C) Text.\n\n//COMMENT//\n\n2. (C) He will lead the party.\n\n"
                 "Role of the Opposition\n\n3. (C) More.", "He will lead the party.",
                 id="a heading opening with a capital still ends the comment"),
    # A label joining the comment to another section of the post's own, after it (`Comment and
    # Action Request`, `Comment/Analysis`) or before it (`Analysis and Comment`), or saying where it
    # stands (`Final comment`): the cable's comment, as `Embassy comment` is (2026-12-07 audit).
    *[pytest.param(f"1. (C) Text.\n\n2. (C) Reporting.\n\n3. (C) {label} We doubt it. End comment.\n\n"
                   f"4. (C) {MORE_REPORTING}", "We doubt it.", id=f"label {label}")
      for label in ["Comment and Action Request:", "Comment and Next Steps:", "Comment and Way Forward:",
                    "COMMENT AND ACTION REQUESTED:", "Comments and Recommendations:", "Comment/Recommendation:",
                    "Comment/Analysis:", "COMMENT/ANALYSIS:", "Comment & Recommendation:", "Analysis and Comment:",
                    "Conclusion and Comment:", "Action Request and Comment:", "Final Comment:",
                    "Concluding Comment:", "Closing Comment:", "Overall comment:", "Mission Comment:",
                    "Polchief comment:", "EMBASSY NAIROBI COMMENT:", "Embassy Sao Paulo comment:"]],
    pytest.param("1. (C) Text.\n\n2. (C) Comment and Action Request: We doubt it. Post requests guidance.",
                 "We doubt it. Post requests guidance.", id="Comment and Action Request, unclosed"),
    pytest.param("1. (C) Text.\n\n2. (C) Final comment: We doubt it. End final comment.\n\n3. (C) " + MORE_REPORTING,
                 "We doubt it.", id="Final comment closed by its own end marker"),
    pytest.param("1. (C) Text.\n\n2. (C) Action Request and Comment: We doubt it. END ACTION REQUEST AND "
                 "COMMENT.\n\n3. (C) " + MORE_REPORTING, "We doubt it.",
                 id="Action Request and Comment closed by its own end marker"),
    pytest.param("1. (C) Text.\n\n2. (C) The minister agreed. Comment and Action Request: We doubt it. End "
                 "comment.\n\n3. (U) A/S Smith cleared this cable.", "We doubt it.",
                 id="Comment and Action Request after a sentence"),
    # ... while other words before COMMENT name someone else's, or are a sentence's.
    *[pytest.param(f"1. (C) Text.\n\n2. (C) {words}", None, id=f"no label: {words}")
      for words in ["Press comment: the papers agree.", "public comment: the period ends in May.",
                    "Press analysis and comment: the papers agree.", "Final press comment: none.",
                    "Embassy press comment: the papers agree.",
                    "The draft went out for comment: the ministry has it.", "He would not comment on the talks.",
                    "The minister declined to comment. He left.",
                    "The Russians raised questions about U.S.\ncomments and the U.S. presentations.",
                    "The Russians had several\ncomments and questions."]],
    # A label opening a line that the sentence above runs on into is a wrapped word: it neither
    # opens a comment nor takes the place of the cable's real one (2026-12-07 audit).
    pytest.param("1. (C) Summary: The talks went on. End summary.\n\n2. (C) Comment: We doubt it. End comment."
                 "\n\n3. (C) Asked about the boycott, the Minister declined to\ncomment. He said he would brief "
                 "the corps next week.", "We doubt it.", id="a wrapped comment. after the real comment"),
    *[pytest.param(f"1. (C) Text.\n\n2. (C) {words}\n\n3. (C) More.", None, id=f"wrapped: {words}")
      for words in ["MINISTER SAID TALKS WOULD CONTINUE. HE DECLINED TO\nCOMMENT. HE THEN LEFT FOR MOMBASA.",
                    "MINISTER SAID TALKS WOULD CONTINUE AND THAT GOK HAD NO\nCOMMENT.",
                    "The Minister said the talks would continue. He offered no\ncomment: he left.",
                    "The Minister declined to\ncomment. He left."]],
    # ... but a capital label under a line in mixed case, or under a heading framed by its marks
    # or a line of the head, is a label.
    pytest.param("1. (C) Text.\n\n2. (C) The minister will attend\nCOMMENT: WE DOUBT IT.", "WE DOUBT IT.",
                 id="a capital label under a line in mixed case"),
    pytest.param("1. (C) TEXT.\n\n//THE TALKS//\nCOMMENT: WE DOUBT IT.", "WE DOUBT IT.",
                 id="a label under a heading framed by slashes"),
    # A bullet opening the line under the label keeps its dash (2026-12-07 audit).
    pytest.param("1. (C) Text.\n\n2. (C) Comment:\n\n-- We doubt it.\n\n-- He is weak.\n\nEnd Comment.",
                 "-- We doubt it.\n\n-- He is weak.", id="bullets under the label, closed"),
    pytest.param("1. (C) Text.\n\nCOMMENT\n\n-- We doubt it.\n\n-- He is weak.", "-- We doubt it.\n\n-- He is weak.",
                 id="bullets under a heading"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment:\n-- We doubt it.\n-- He is weak.", "-- We doubt it. -- He is weak.",
                 id="bullets under the label, unclosed"),
    pytest.param("1. (C) Text.\n\n2. (C) COMMENT -- WE THINK SO. END COMMENT.", "WE THINK SO.",
                 id="a dash on the label's line is its separator"),
    # A label inside quoted text: at least the quote's closing marker is no part of the comment.
    pytest.param("1. (C) Text.\n\n2. (U) Begin text:\nComment: the government welcomes the proposal.\nEnd text.",
                 "the government welcomes the proposal.", id="the closing marker of quoted text is cut"),
    pytest.param("1. (C) Text.\n\n2. (C) Comment: The minister read: begin text: we agree. End text. We doubt it.",
                 "The minister read: begin text: we agree. End text. We doubt it.",
                 id="a quote opened and closed inside the comment stays"),
])
def test_comment(body, expected):
    assert comment(body) == expected


@pytest.mark.parametrize("body, expected", [
    pytest.param("1. (C) Text.\n\n2. (C) Comment: At the end of his remarks the FM thanked the U.S. End comment.",
                 "At the end of his remarks the FM thanked the U.S.", id="the end of a statement is no quote's end"),
    pytest.param("1. (C) THE POINTS:\n-- TRADE\n-- ENERGY SECURITY\nCOMMENT: THE LIST IS FAMILIAR. END COMMENT.",
                 "THE LIST IS FAMILIAR.", id="a label under a bullet in capitals"),
    pytest.param("1. (C) THE MINISTER SAID QTE THE GOVERNMENT WILL NOT\nYIELD UNQTE\nCOMMENT: HE MEANT IT. END COMMENT.",
                 "HE MEANT IT.", id="a label under a quote's end in capitals"),
])
def test_comment_labels_the_review_found_lost(body, expected):
    assert comment(body) == expected


# --- Paragraphs: headings over rulers of spaced dashes, framed headings ---------------------------

@pytest.mark.parametrize("ending, last", [
    # A heading over a ruler of spaced dashes (`- - - -`) belongs to the next paragraph, like one
    # over a ruler of dashes: one word, short words, lower-case words, two lines.
    pytest.param("\n\nSummary\n- - - - -", "It ends.", id="one word over spaced dashes"),
    pytest.param("\n\nIran, Iran, Iran\n- - - - - - - - -", "It ends.", id="short words over spaced dashes"),
    pytest.param("\n\nEconomy Set back 50 years\n- - - - - - - - - - -", "It ends.",
                 id="lower-case words over spaced dashes"),
    pytest.param("\n\nAbuses, including Torture,\nDisappearances, and Murder\n- - - - - - - - -", "It ends.",
                 id="a heading wrapped over two lines over spaced dashes"),
    pytest.param("\n\nA Point:\n- - - - -\n- - -", "It ends.", id="a ruler of spaced dashes wrapped"),
    # A heading framed by rulers right under the paragraph's last line: the line above the upper
    # ruler is the paragraph's, with either kind of ruler.
    pytest.param(" End comment.)\n- - - - - - - -\nComment: A Way Forward\n- - - - - - - -",
                 "It ends. End comment.)", id="framed by spaced dashes under the last line"),
    pytest.param("\nFrench readers.\n---------\nTwo Framed Words\n---------", "It ends. French readers.",
                 id="framed by dashes under the last line"),
    pytest.param("\n\n---------\n(U) A framed heading of\ntwo lines; and more\n---------", "It ends.",
                 id="a framed heading of two lines"),
    # A heading of two over a ruler exactly as long (`G8` / `--`): an underline, as rulers of
    # three or more are; its heading stands apart from the text above it.
    pytest.param("\n\nG8\n--", "It ends.", id="a heading of two over a ruler of two"),
    pytest.param("\n\nG8\n-- \nThe talks.", "It ends.\n\nThe talks.",
                 id="a heading of two over a ruler of two, the text right under it"),
    pytest.param("\nG8\n--", "It ends.", id="a heading of two over a ruler of two under the last sentence"),
    pytest.param("\n\ng8\n--", "It ends.", id="a heading of two over a ruler of two, lower-cased scrape"),
    pytest.param("\n\nEU\n==", "It ends.", id="a heading of two over a ruler of two equals signs"),
    # Not underlines: `--` under a heading of another length, under a line that goes on with
    # a sentence, over text that goes on in lower case, alone; the teletype's `-` placeholder.
    pytest.param("\n\nG20\n--", "It ends.\n\nG20\n--", id="a ruler of two under a heading of three"),
    pytest.param(" It ends with the leaders of the\nG8\n--", "It ends with the leaders of the G8\n--",
                 id="a word of two wrapped under a sentence that goes on, over two dashes"),
    pytest.param("\n\nOK\n--\nand more.", "It ends.\n\nOK\n-- and more.",
                 id="two dashes under a word of two over text in lower case"),
    pytest.param("\n\n--", "It ends.\n\n--", id="two dashes alone"),
    pytest.param("\n\nG8:\n--", "It ends.\n\nG8:\n--", id="two dashes under a label"),
    # Not rulers: a sub-item that opens with a dash, dashes in a sentence.
    pytest.param("\n\n- a point - and - more -", "- a point - and - more -", id="a sub-item of dashes and words"),
    pytest.param(" It ends - - - well.", "It ends - - - well.", id="spaced dashes inside a sentence"),
    # A heading with its rulers run onto its line (line ends lost): `------- Heading -------`.
    pytest.param("\n\n-------------- Know Thy Enemy --------------", "It ends.",
                 id="a heading between rulers on one line"),
    pytest.param("\n\n--------- Play to our Mil-Mil Advantage ---------", "It ends.",
                 id="a heading with a hyphenated word between rulers on one line"),
    pytest.param("\n\n-- and so -- it went on.", "-- and so -- it went on.",
                 id="an aside between dashes that goes on is no heading"),
    # A heading between `//` marks: wrapped over two lines, or right under the last sentence.
    pytest.param("\n\n//FOREIGN MINISTER CALLS FOR FORMATION OF U.S.-SPAIN\nBILATERAL COMMISSION//", "It ends.",
                 id="a heading between slashes wrapped over two lines"),
    pytest.param("\n//BILATERAL ISSUES - CUBA, 3U COMMERCIAL DISPUTE//", "It ends.",
                 id="a heading between slashes right under the last sentence"),
    pytest.param(" It read\n//A QUOTED LINE//", "It read //A QUOTED LINE//",
                 id="slashes after no sentence's end stay"),
])
def test_heading_between_paragraphs_is_no_part_of_either(ending, last):
    text = REF_HEAD + "\n1. (C) It ends." + ending + "\n\n2. (C) Second.\n\nMURPHY\n"
    paragraphs = fields(text)["paragraphs"]
    assert paragraphs[0]["text"].endswith(last) and paragraphs[1]["text"] == "Second."


# --- Redactions ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    pytest.param("He met XXXXXXXXXXXX and XXXXXXXXXXXX.", 2, id="runs standing alone"),
    pytest.param("He told us about it, whichXXXXXXXXXXXX reportedly believes.", 1,
                 id="a run glued onto the word in lower case before it"),
    pytest.param("The party at PrinceXXXXXXXXXXXX residence.", 1, id="glued onto a capitalised word"),
    pytest.param("Funded by XXXXXXa U.S.-based company.", 1, id="a word in lower case glued after it"),
    pytest.param("MAXXXIMUM and EXXXON are words.", 0, id="inside a word in capitals: none"),
    pytest.param("It was, according toxxxxx with close ties, true.", 1,
                 id="a short run glued onto the lower-case word before it"),
    pytest.param("Those discussing werexxxxxxxxxxxx. Both left.", 1, id="a long run glued after a word"),
    pytest.param("The XXXIII Congress, in Chapter xxxiv and in LUXXX.", 0,
                 id="three x inside a numeral or word: none"),
])
def test_redactions(sentence, expected):
    assert fields(REF_HEAD + "\n1. (C) " + sentence + "\n\nMURPHY\n")["redactions"] == expected


# --- Paragraph forms from a whole-cable audit (2026-12-07, night) ----------------------------------

@pytest.mark.parametrize("body, expected", [
    pytest.param("1. (C) The Secretary's letter to FM Bot\n\nSIPDIS\nwas cited by several ministers.\n\n2. (C) Two.",
                 [(1, "C", "The Secretary's letter to FM Bot was cited by several ministers."), (2, "C", "Two.")],
                 id="SIPDIS inserted under a line inside a sentence goes with its blank line"),
    pytest.param("1. (C) The Secretary's letter to FM Bot\n\nSIPDIS\n\nwas cited by several ministers.",
                 [(1, "C", "The Secretary's letter to FM Bot was cited by several ministers.")],
                 id="SIPDIS between blank lines inside a sentence"),
    pytest.param("1. (C) He thanked Secretary Powell for his call.\n\nSIPDIS\nMoratinos said more.",
                 [(1, "C", "He thanked Secretary Powell for his call. Moratinos said more.")],
                 id="SIPDIS inserted after a sentence's end: the sentences run on"),
    pytest.param("1. (C) He thanked Secretary Rice.\n\nSIPDIS\n\nThe Minister said more.",
                 [(1, "C", "He thanked Secretary Rice.\n\nThe Minister said more.")],
                 id="a blank line under the SIPDIS line was the text's: it stays"),
    pytest.param("1. (C) The next step\n\nSIPDIS\nwould be the League's.\n\nSIPDIS",
                 [(1, "C", "The next step would be the League's.")],
                 id="SIPDIS closing the paragraph goes"),
    pytest.param(f"1. (C) {LOST_BREAKS[:-1]}, said a close\nSIPDIS political ally of the Minister.",
                 [(1, "C", f"{LOST_BREAKS[:-1]}, said a close political ally of the Minister.")],
                 id="SIPDIS run onto the text under a line that lost its breaks"),
    pytest.param("1. (C) The cables were all marked\nSIPDIS and sent to the Department.",
                 [(1, "C", "The cables were all marked SIPDIS and sent to the Department.")],
                 id="negative: the word opening a wrapped line stays"),
    pytest.param(f"1. (C) {LOST_BREAKS}\nSIPDIS cables are posted on the site.",
                 [(1, "C", f"{LOST_BREAKS} SIPDIS cables are posted on the site.")],
                 id="negative: the word opening a sentence under a sentence's end stays"),
    pytest.param("1. (C) The SIPDIS caveat stays in the text.",
                 [(1, "C", "The SIPDIS caveat stays in the text.")], id="negative: the word inside a line stays"),
])
def test_sipdis_inserted_in_a_paragraph(body, expected):
    assert paragraphs(body) == expected


# A title-case heading carrying its own marking opens the next paragraph (2026-12-07, night).
@pytest.mark.parametrize("body, expected", [
    pytest.param("1. (C) Thousands rallied in the square.\n\n(U) Mukalla Rally\n\n2. (C) Protesters marched.",
                 [(1, "C", "Thousands rallied in the square."), (2, "C", "Protesters marched.")],
                 id="in a block of its own"),
    pytest.param("1. (C) Thousands rallied in the square.\n(SBU) The Way Ahead\n2. (C) Protesters marched.",
                 [(1, "C", "Thousands rallied in the square."), (2, "C", "Protesters marched.")],
                 id="on the line under the last sentence"),
    pytest.param("1. (C) Thousands rallied in the square.\n\n(C) The minister declined\n\n2. (C) Protesters marched.",
                 [(1, "C", "Thousands rallied in the square.\n\n(C) The minister declined"), (2, "C", "Protesters marched.")],
                 id="negative: a marked line of a sentence's words stays"),
])
def test_marked_title_heading(body, expected):
    assert paragraphs(body) == expected


# The same `SIPDIS` lines in the text a summary or comment is read from (2026-12-07, night).
@pytest.mark.parametrize("read, body, expected", [
    pytest.param(summary, "1. (C) Summary: The DCM asked Secretary Blanco to avoid dragging the\n\nSIPDIS\n"
                 "USG into the campaign. End summary.\n\n2. (C) More.",
                 "The DCM asked Secretary Blanco to avoid dragging the USG into the campaign.",
                 id="summary: inserted inside a sentence"),
    pytest.param(summary, "1. (C) Summary: He thanked Secretary Powell for his call.\n\nSIPDIS\n"
                 "Moratinos said more. End summary.\n\n2. (C) More.",
                 "He thanked Secretary Powell for his call. Moratinos said more.",
                 id="summary: inserted after a sentence's end"),
    pytest.param(summary, "1. (C) Summary: The Secretary's letter to FM Bot\n\nSIPDIS\n"
                 "was cited by several ministers.\n\n2. (C) More.",
                 "The Secretary's letter to FM Bot was cited by several ministers.",
                 id="summary without end marker: its first block runs on across the line"),
    pytest.param(comment, "1. (C) Text.\n\n2. (C) Comment: We doubt that the\n\nSIPDIS\nMinister will go. End comment.",
                 "We doubt that the Minister will go.", id="comment: inserted inside a sentence"),
    pytest.param(comment, "1. (C) Text.\n\nCOMMENT\n-------\n\n2. (C) We doubt it, said Secretary Rice.\n\nSIPDIS\n\n"
                 "3. (C) He is weak.", "We doubt it, said Secretary Rice.\n\nHe is weak.",
                 id="a heading's comment: the caveat line is no heading ending it"),
    pytest.param(summary, "1. (C) Summary: The SIPDIS caveat stays in the text. End summary.\n\n2. (C) More.",
                 "The SIPDIS caveat stays in the text.", id="negative: the word inside a line stays"),
    pytest.param(summary, "1. (C) Summary: Posts should mark such cables\nSIPDIS and send them. End summary."
                 "\n\n2. (C) More.", "Posts should mark such cables SIPDIS and send them.",
                 id="negative: the word opening a wrapped line stays"),
])
def test_sipdis_inserted_in_a_summary_or_comment(read, body, expected):
    assert read(body) == expected


def test_the_head_s_sipdis_line_leaves_a_summary_under_it():
    head = REF_HEAD.replace("BERLIN 001533\n", "BERLIN 001533\n\nSIPDIS\n")
    assert fields(head + "\nSUMMARY: THE TALKS WENT ON.\n\n1. (C) More.\n\nMURPHY\n")["summary"] == "THE TALKS WENT ON."


# A first paragraph wrapped at 65 characters, as a cable's are: the width its lists are read against.
WRAPPED_FIRST = """1. (C) Summary: Prime Minister Stanishev told the Ambassador May 31
that the government would name a new anti-corruption czar before
the European Commission's June monitoring report. He conceded that
the judiciary had moved too slowly, and that the prosecutors would
need more help from their European partners in the coming months,
which the Ambassador offered on behalf of the United States. He
asked for FBI training for prosecutors and for judges in the fall,
and for a visit by the Attorney General before the end of the year.
End Summary."""


def listed(body: str) -> list[tuple]:
    """The paragraphs after WRAPPED_FIRST (paragraph 1)."""
    return paragraphs(WRAPPED_FIRST + "\n\n" + body)[1:]


@pytest.mark.parametrize("body, expected", [
    pytest.param("2. (U) Participants:\n\nU.S.\nThe Secretary\nUnder Secretary Burns\nEUR A/S Gordon\n\n"
                 "Russia\nFM Lavrov\nAmbassador Churkin\n\n3. (C) Lavrov said more.",
                 [(2, "U", "Participants:\n\nU.S.\nThe Secretary\nUnder Secretary Burns\nEUR A/S Gordon\n\n"
                           "Russia\nFM Lavrov\nAmbassador Churkin"), (3, "C", "Lavrov said more.")],
                 id="a participants list keeps its lines and is no heading of the next paragraph"),
    pytest.param("2. (S/NF) Subject 1:\n\nName: DOE, JOHN\nDOB: 01/01/1970\nPOB: BIRMINGHAM, UK\n\n3. (U) Three.",
                 [(2, "S/NF", "Subject 1:\n\nName: DOE, JOHN\nDOB: 01/01/1970\nPOB: BIRMINGHAM, UK"),
                  (3, "U", "Three.")], id="a name and birth date block"),
    pytest.param("2. (C) Stanishev named three priorities:\nJudicial reform\nMedia freedom\nBorder security\n\n3. (C) Three.",
                 [(2, "C", "Stanishev named three priorities:\nJudicial reform\nMedia freedom\nBorder security"),
                  (3, "C", "Three.")], id="a list right under the paragraph's first line"),
    pytest.param("2. (C) Stanishev, who spoke for an hour with the Ambassador, named the\nthree priorities:\n"
                 "Judicial reform\nMedia freedom\nBorder security\n\n3. (C) Three.",
                 [(2, "C", "Stanishev, who spoke for an hour with the Ambassador, named the three priorities:\n"
                           "Judicial reform\nMedia freedom\nBorder security"), (3, "C", "Three.")],
                 id="a list under the wrapped sentence its label ends"),
    pytest.param("2. (U) Codel schedule:\n\nMeetings at MFA\n\n3. (C) Three.",
                 [(2, "U", "Codel schedule:\n\nMeetings at MFA"), (3, "C", "Three.")],
                 id="a block under a label's colon is no heading of the next paragraph"),
    pytest.param("2. (C) Participants:\nPRIME MINISTER ERDOGAN\n\n3. (C) Three.",
                 [(2, "C", "Participants: PRIME MINISTER ERDOGAN"), (3, "C", "Three.")],
                 id="a line in capitals under a label's colon is no heading of the next paragraph"),
    pytest.param("2. (U) The delegation met the Minister.\n\nMeetings at MFA\n\n3. (C) Three.",
                 [(2, "U", "The delegation met the Minister."), (3, "C", "Three.")],
                 id="negative: a heading under a sentence's end still goes"),
    pytest.param("2. (U) Please contact ISN/MTR's John Paul\nHerrmann with any questions or follow-up issues\n"
                 "related to this case and slug any\nreporting on this issue for ISN/MTR.\n\n3. (C) Three.",
                 [(2, "U", "Please contact ISN/MTR's John Paul Herrmann with any questions or follow-up issues "
                           "related to this case and slug any reporting on this issue for ISN/MTR."),
                  (3, "C", "Three.")], id="negative: a sentence typed with short lines is one text"),
    pytest.param("2. (U) Participants:\n\nUnited Kingdom\nGordon Brown, Prime Minister\n"
                 "Douglas Alexander, Secretary of State for\nInternational Development\n\n3. (C) Three.",
                 [(2, "U", "Participants:\n\nUnited Kingdom Gordon Brown, Prime Minister Douglas Alexander, "
                           "Secretary of State for International Development"), (3, "C", "Three.")],
                 id="negative: a list whose entries wrap is left folded"),
    pytest.param("2. (U) Q: Does Islam call for a truce like what happened with\nSaladin?\n"
                 "A: Saladin made a truce while he was in power.\n\n3. (C) Three.",
                 [(2, "U", "Q: Does Islam call for a truce like what happened with Saladin? A: Saladin made a "
                           "truce while he was in power."), (3, "C", "Three.")],
                 id="negative: a line ending on an open word is wrapped"),
    pytest.param("2. (SBU) The poll surveyed 1,600 voters in all fifteen departments\nand both regions "
                 "between April 20 and April 30 and it has a\nmargin of error of 2.5 percent.\n\n3. (C) Three.",
                 [(2, "SBU", "The poll surveyed 1,600 voters in all fifteen departments and both regions between "
                             "April 20 and April 30 and it has a margin of error of 2.5 percent."), (3, "C", "Three.")],
                 id="negative: a wrapped first line, its number and marking cut, is no list's"),
    pytest.param("2. (C) The Minister listed the points.\nJudicial reform\n\n3. (C) Three.",
                 [(2, "C", "The Minister listed the points. Judicial reform"), (3, "C", "Three.")],
                 id="negative: two short lines are no list"),
    # (found by review: a text in capitals, whose line starts say nothing, quoting a passage
    # wrapped narrower than the cable under a colon; and an open word in capitals)
    pytest.param("1. (C) THE FOREIGN MINISTERS OF THE TWO COUNTRIES MET IN THE CAPITAL ON\nTUESDAY AND "
                 "DISCUSSED THE FULL RANGE OF BILATERAL AND REGIONAL ISSUES\nBEFORE THEM, AND THEY ISSUED A "
                 "JOINT COMMUNIQUE AT THE END OF THE DAY.\n\n"
                 "2. (C) THE TEXT OF THE COMMUNIQUE AS RELEASED READS:\n"
                 "    THE TWO SIDES AGREED TO CONTINUE\n    CONSULTATIONS ON ALL MATTERS OF\n"
                 "    MUTUAL INTEREST AND TO MEET AGAIN\n    IN THE SPRING.\n\n3. (C) THREE.",
                 [(2, "C", "THE TEXT OF THE COMMUNIQUE AS RELEASED READS: THE TWO SIDES AGREED TO CONTINUE "
                           "CONSULTATIONS ON ALL MATTERS OF MUTUAL INTEREST AND TO MEET AGAIN IN THE SPRING."),
                  (3, "C", "THREE.")],
                 id="negative: a passage in capitals under a colon is wrapped text"),
])
def test_a_list_without_bullets_keeps_its_lines(body, expected):
    assert listed(body) == expected


def numbered_with_warnings(body: str) -> tuple[list[tuple], list[str]]:
    record = fields(REF_HEAD + "\n" + body + "\n\nMURPHY\n")
    return ([(p["number"], p["classification"], p["text"]) for p in record["paragraphs"]],
            [w for w in record["warnings"] if "paragraph" in w])


@pytest.mark.parametrize("body, expected, warned", [
    pytest.param("1. (SBU) Summary: Ortega leads. Montealegre is second. End Summary. \u00b62. (SBU) The poll\n"
                 "surveyed 1,600 voters.\n\n\u00b63. (U) The election is set.",
                 [(1, "SBU", "Summary: Ortega leads. Montealegre is second. End Summary."),
                  (2, "SBU", "The poll surveyed 1,600 voters."), (3, "U", "The election is set.")], [],
                 id="a paragraph run onto the line above after a sentence's end, with its pilcrow"),
    pytest.param("1. (SBU) Summary: Ortega leads. End Summary. 2. (SBU) The poll\nsurveyed 1,600 voters.\n\n"
                 "3. (U) The election is set.",
                 [(1, "SBU", "Summary: Ortega leads. End Summary."), (2, "SBU", "The poll surveyed 1,600 voters."),
                  (3, "U", "The election is set.")], [], id="and with its marking, without a pilcrow"),
    pytest.param("1. (SBU) One.\n\n2. (SBU) The poll surveyed 1,600 voters and has a margin of error of 2.5 percent. "
                 "\u00b63. (U) The election is set.",
                 [(1, "SBU", "One."), (2, "SBU", "The poll surveyed 1,600 voters and has a margin of error of 2.5 "
                                                 "percent."), (3, "U", "The election is set.")], [],
                 id="the last paragraph run onto the one above"),
    pytest.param("1. (C) One.\n\n\u00b62 (C) Two said more.\n\n\u00b63 (SBU) Three.\n\n4. (C) Four.",
                 [(1, "C", "One."), (2, "C", "Two said more."), (3, "SBU", "Three."), (4, "C", "Four.")], [],
                 id="numbers without their full stop, with markings, in sequence"),
    pytest.param("1. (C) One.\n\n2) (C) Two said more.\n\n3) (SBU) Three.\n\n4. (C) Four.",
                 [(1, "C", "One."), (2, "C", "Two said more."), (3, "SBU", "Three."), (4, "C", "Four.")], [],
                 id="numbers with a parenthesis for their full stop"),
    pytest.param("1. (C) It grew by 2.5 percent. The rest.\n\n3. (C) Three.",
                 [(1, "C", "It grew by 2.5 percent. The rest."), (3, "C", "Three.")],
                 ["paragraph 3 follows paragraph 1"], id="negative: a decimal"),
    pytest.param("1. (C) See the law. 2. The rest.\n\n3. (C) Three.",
                 [(1, "C", "See the law. 2. The rest."), (3, "C", "Three.")],
                 ["paragraph 3 follows paragraph 1"], id="negative: a number without marking nor pilcrow"),
    pytest.param("1. (C) As para 2. (C) of reftel says, more.\n\n3. (C) Three.",
                 [(1, "C", "As para 2. (C) of reftel says, more."), (3, "C", "Three.")],
                 ["paragraph 3 follows paragraph 1"], id="negative: a paragraph cited, no sentence's end before it"),
    pytest.param("2. (C) Post should deliver the following points:\n\n1) (U) We welcome it.\n\n"
                 "2) (C) We urge more.\n\n3) (C) We stand ready.\n\n4. (C) Four.",
                 [(2, "C", "Post should deliver the following points:\n\n1) (U) We welcome it.\n\n"
                   "2) (C) We urge more.\n\n3) (C) We stand ready."), (4, "C", "Four.")],
                 ["paragraph 4 follows paragraph 2"], id="negative: the items of a list numbered 1), 2), 3)"),
    pytest.param("1. (C) As noted in reftel para. 2. (C) the Minister agreed.\n\n3. (C) Three.",
                 [(1, "C", "As noted in reftel para. 2. (C) the Minister agreed."), (3, "C", "Three.")],
                 ["paragraph 3 follows paragraph 1"], id="negative: a paragraph cited after an abbreviation's stop"),
    pytest.param("1. (C) One ends. 4. (C) Four is not due.\n\n3. (C) Three.",
                 [(1, "C", "One ends. 4. (C) Four is not due."), (3, "C", "Three.")],
                 ["paragraph 3 follows paragraph 1"], id="negative: a number not due"),
    pytest.param("1. (C) The list of\n2 (C) items goes on.\n\n3. (C) Three.",
                 [(1, "C", "The list of 2 (C) items goes on."), (3, "C", "Three.")],
                 ["paragraph 3 follows paragraph 1"], id="negative: a number without stop opening no block"),
    pytest.param("1. (C) One. 2. (C) Two.\n\n2. (C) Two again.",
                 [(1, "C", "One. 2. (C) Two."), (2, "C", "Two again.")], [],
                 id="negative: no gap, nothing looked for"),
])
def test_paragraph_starts_in_a_gap_of_the_numbering(body, expected, warned):
    assert numbered_with_warnings(body) == (expected, warned)


# --- Field forms from the 2026-12-08 audit -------------------------------------------------------

# An excerpt without its classification line, opening with a paragraph: its first line is text
# (the flow of summary and comment, and a first paragraph that lost its number, read it).
@pytest.mark.parametrize("excerpt, field, expected", [
    pytest.param("8. (C) Comment: The PA head's promises are cheap.\n\n9. (U) Minimize considered.\n\nORDWAY\n",
                 "comment", "The PA head's promises are cheap.", id="a comment in the first paragraph"),
    pytest.param("5. (C) Comment: We doubt it. End Comment.\n\n6. (C) Text.\n", "comment", "We doubt it.",
                 id="a closed comment in the first paragraph"),
    pytest.param("Summary: The PA head was upbeat. End summary.\n\n2. (C) Text.\n", "summary",
                 "The PA head was upbeat.", id="an unnumbered summary on the first line"),
    pytest.param("(SBU) The PA head was upbeat.\n\n2. (SBU) Text.\n", "paragraphs", [1, 2],
                 id="a first paragraph that lost its number"),
    pytest.param("C O N F I D E N T I A L KABUL 000234\n8. (C) Comment: We doubt it.\n", "comment",
                 "We doubt it.", id="the line under a classification line, as before"),
])
def test_an_excerpt_without_classification_line_reads_its_first_line(excerpt, field, expected):
    value = fields(excerpt)[field]
    assert ([paragraph["number"] for paragraph in value] if field == "paragraphs" else value) == expected


# A joint signature written out with AND, in capitals: two signers, as `RICE/SMITH`.
@pytest.mark.parametrize("ending, expected", [
    pytest.param("CROCKER AND PETRAEUS", ["CROCKER", "PETRAEUS"], id="two surnames joined by AND"),
    pytest.param("CROCKER AND PETRAEUS.", ["CROCKER", "PETRAEUS"], id="closed by a full stop"),
    pytest.param("O'BRIEN AND THOMPSON-JONES", ["O'BRIEN", "THOMPSON-JONES"], id="an apostrophe, a hyphen"),
    pytest.param("Crocker and Petraeus", [], id="negative: a lower-case and is no signature's word"),
    pytest.param("VAN VOORST", ["VAN VOORST"], id="negative: a surname of two words stays one"),
    pytest.param("SMITH AND SMITH", ["SMITH"], id="one name twice is one signer"),
    pytest.param("SMITH/SMITH", ["SMITH"], id="one name twice with a slash too"),
])
def test_joint_signature_joined_by_and(ending, expected):
    assert signers(ending) == expected



# A later section's head repeated inside the text with the header fields under it (the caveat
# line, E.O., TAGS, SUBJECT), as the sections of a cable print: no words of the paragraph.
SECTION_ONE = ("C O N F I D E N T I A L SECTION 01 OF 02 WARSAW 000234\n\nSIPDIS\n\n"
               "E.O. 12958: DECL: 03/04/2019\nTAGS: PREL, PGOV, PL\nSUBJECT: POLAND: TALKS\n\n")
SECTION_TWO = "C O N F I D E N T I A L SECTION 02 OF 02 WARSAW 000234\n\n"
# The first paragraph as read: without the repeated head, or with the words the rule must keep.
CLEAN = "Summary: Tusk is strong, and the opposition knows it. End Summary."


def kept(words: str) -> str:
    return f"Summary: Tusk is strong, and the {words} opposition knows it. End Summary."


@pytest.mark.parametrize("repeated, text", [
    pytest.param("SIPDIS\n\nE.O. 12958: DECL: 03/04/2019\nTAGS: PREL, PGOV, PL\nSUBJECT: POLAND: TALKS\n\n",
                 CLEAN, id="caveat, E.O., TAGS, SUBJECT"),
    pytest.param("E.O. 12958: DECL: 03/04/2019\nTAGS: PREL, PGOV, PL\nSUBJECT: POLAND: PRIME MINISTER TUSK'S TALKS ON\n"
                 "THE BUDGET\n\n",
                 CLEAN, id="a wrapped subject"),
    pytest.param("NOFORN\nSIPDIS\nDEPT FOR EUR/CE\n\nE.O. 12958: DECL: 03/04/2019\nTAGS: PREL\nSUBJ: POLAND: TALKS\n\n",
                 CLEAN, id="caveats and an addressing line"),
    pytest.param("SUBJECT: POLAND: TALKS\nopposition knows it. End Summary.\n",
                 CLEAN,
                 id="a text line in mixed case under a subject in capitals stays"),
    pytest.param("The talks are stalled.\nTAGS: PREL\n\n",
                 kept("The talks are stalled. TAGS: PREL"),
                 id="negative: a line of text before a label stops the walk"),
    # (the head's other forms: a wrapped TAGS line, addressing lines with digits and semicolons,
    # caveats spelled out, a subject wrapped onto an abbreviation)
    pytest.param("E.O. 12958: DECL: 03/04/2019\nTAGS: PREL, PGOV, ETRD, EINV, ECON, EFIN, KTFN,\nAF, PK, PL\n"
                 "SUBJECT: POLAND: TALKS\n\n",
                 CLEAN, id="a wrapped TAGS line"),
    pytest.param("SENSITIVE BUT UNCLASSIFIED\nDEPT FOR EUR/CE; NSC FOR HELGERSON\nUSDOC FOR 4231/ITA/MAC/EUR/CE\n"
                 "INFORM CONSULS\n\nE.O. 12958: N/A\nTAGS: PREL, PL\nSUBJECT: POLAND: TALKS\n\n",
                 CLEAN,
                 id="caveats spelled out, addressing lines"),
    pytest.param("E.O. 12958: DECL: 03/04/2019\nTAGS: PREL, PL\nSUBJECT: POLAND: PRIME MINISTER TUSK'S TALKS WITH THE\n"
                 "U.S.\n\n",
                 CLEAN,
                 id="a subject wrapped onto an abbreviation"),
    pytest.param("E.O. 13224 designations of the\n",
                 kept("E.O. 13224 designations of the"), id="negative: an executive order named in a sentence"),
    pytest.param("TAGS: the word we used, and\n",
                 kept("TAGS: the word we used, and"), id="negative: TAGS: in a sentence"),
    # (a sentence's words that open as a field's label does: no label in the head's form)
    pytest.param("subject to a vote in the Sejm, and\n",
                 kept("subject to a vote in the Sejm, and"), id="negative: subject in a sentence"),
    pytest.param("tags along with the French, and\n",
                 kept("tags along with the French, and"), id="negative: tags in a sentence"),
    pytest.param("SENATORS SAID\nTAGS ON THE BILL WERE ADDED LATE, AND\n",
                 kept("SENATORS SAID TAGS ON THE BILL WERE ADDED LATE, AND"),
                 id="negative: a sentence in capitals"),
    pytest.param("SUBJECT: POLAND: PRIME MINISTER TUSK'S TALKS ON THE BUDGET\nTHE SEJM, AND\n",
                 kept("THE SEJM, AND"),
                 id="a subject's line followed by text without a blank line: the subject's line alone"),
])
def test_a_later_section_s_repeated_head_fields_are_no_text(repeated, text):
    body = "" if "opposition knows it" in repeated else "opposition knows it. End Summary.\n"
    record = fields(SECTION_ONE + "1. (C) Summary: Tusk is strong, and the\n\n" + SECTION_TWO + repeated + body
                    + "\n2. (C) Text.\n\nASHE\n")
    assert record["paragraphs"][0]["text"] == text
    assert record["subject"].startswith("POLAND: TALKS") and record["signed_by"] == ["ASHE"]
