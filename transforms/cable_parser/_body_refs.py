"""The REF / REFS / REFTEL entries of the header block."""
import heapq
import re
from functools import lru_cache
from typing import Iterable

from ._body_classification import CAVEAT_LINE
from ._body_head import HeadBlock
from ._dates import dtg_year, full_year
from ._body_subject import SUBJECT_STOP
from ._metadata import _posts_by_station, letters, origin_rules
from ._text import fold

# `REF:`, `REFS:`, `REFTEL:`, `REFTELS:`, `REFERENCES:`, `Ref(s):`, indented or not; the plural's
# `(S)` after any of them (`REFTEL(S):`, `REFERENCE(S):`, `REF (S):`: no entry's letter S), a full
# stop or a dash for the colon (`REF.:`, `REF -`).
REF_LABEL = re.compile(r"""
    ^\s*+REF(?:S|TELS?|ERENCES?)?(?:\ ?\(S\))?(?![A-Za-z])\s*\.?\s*[:-]?\s*""", re.IGNORECASE | re.VERBOSE)
# `REF:` run into the SUBJECT line or its wrapped line by a scrape (`SUBJECT: ... SERRA REF: RIO
# DE JANEIRO 32`).
REF_IN_LINE = re.compile(r"(?<=\s)REF(?:S|TELS?|\(S\))?:\s*", re.IGNORECASE)
# Lines that end the REF block: the next header field or the first paragraph or bullet, and the
# notices and addressing lines the header block holds, which may follow the REF line without a
# blank line: the SBU notice (`Sensitive but unclassified; not for Internet Distribution.`), the
# source of a derived classification (`DERIVED FROM: DSCG 05-1 B, D`), `This is an action
# request`, `ACTION REQUEST:`, `POINTS OF CONTACT`, `CORRECTED COPY`, `PASS TO ...`, SIPDIS;
# and (see `reference_text`) the lines that end the subject: caveat lines (`NOFORN`), banners
# (`CONFIDENTIAL`), addressing (`DEPT FOR EUR/CE`), `DECL:` (`_body_subject.SUBJECT_STOP`).
REF_END = re.compile(r"""
    ^\s*+(?:
        Classified\s+by | SUBJ | TAGS\b | E\.?\s?O\.?\s*\d | (?:BEGIN\s+)?SUMMARY\b | -{3,} | --\s
      | ={3,} | \*{3,}                                               # rulers of `=`, `*`
      | ¶[ \t]*\d{1,2}\.\s | \d{1,2}\.\s | \((?:U|C|S|SBU|TS)(?:/\w+)?\)\s
      | Sensitive\s+but\s+unclassified\b | Derived\s+from\b | SIPDIS\b | Pass\s+to\b
      | Corrected\s+copy\b | Points?\s+of\s+contact\b | Action\s+request\b
      | This\s+(?:is\s+an\s+action\s+(?:request|message|cable)|(?:cable|message|telegram)\s+is)\b
    )""", re.VERBOSE | re.IGNORECASE)
# A line that continues the list after a blank line: it starts with a label (`B.`, `(C)`, `d)`);
# scrapes turn the label's anchor into `¶B.`.
LABELLED_LINE = re.compile(r"^\s*+(?:¶\s*)?\(?(?P<letter>[A-Za-z])[.):](?:\s|(?<=\))(?=\w))")
# The entry's letter carried by the REF heading: `REF A: STATE 12345`, `REF (A): ...`.
HEADING_LETTER = re.compile(r"\(?(?P<letter>[A-Za-z])\)?\s*:\s*")
# A line opened by a letter alone (`B KUALA LUMPUR 739` under `A. SECSTATE 90063`): the next
# label, its full stop lost, when the list so far has labels and that letter is the one due.
BARE_LABEL_LINE = re.compile(r"^(?P<indent>\s*+)(?P<letter>[A-Za-z])(?=\ +\S)")

# The heading repeated for an entry on the same line (a scrape ran the lines together: `REF A:
# STATE 1234 REF B: BERLIN 12`, `REF: A) STATE 1 REF: B) BERLIN 2`): the label it carries, or
# nothing before the label that follows it.
REPEATED_HEADING = re.compile(r"""
    [\s;,]+REF(?:S|TELS?)?
    (?: (?:\ (?P<letter>[A-Z])|\ ?\((?P<enclosed>[A-Z])\))\s*:     # its letter: `REF B:`, `REF (B):`
      | \s*:(?=\s*\(?[A-Z][.)]) )               # before the label: `REF: B)`
    \s*""", re.VERBOSE | re.IGNORECASE)

# A line naming the kind of document an entry cites (`E-MAIL TO DS COMMAND CENTER` under
# `(B) MCWHIRTER 12/14/07`): after a blank line, it still continues an entry that is no cable.
DOCUMENT_KIND_LINE = re.compile(r"^\s*+(?:E-?\s?MAILS?|MEMCONS?|TELCONS?|FAX(?:ES)?)\b", re.IGNORECASE)

# An entry label: `A.`, `A)`, `(A)`, `a)`, `A:` at the start or after a space or separator; `(A)`
# may be glued to its item (`(A)STATE 012345`), and `A.`, `A)` to an item in capitals (`A.STATE
# 012345`, `A)STATE 012345`, not the initial of `J.Smith`); `A-` glued to a cable citation
# (`A-STATE 12345; B-BRASILIA 1234`: its station and serial, so not `A-TEAM`, nor `E-MAIL`).
ENTRY_LABEL = re.compile(r"""
    (?:^|(?<=[\s;,]))
    (?: \((?P<enclosed>[A-Za-z])\)(?=\s|$|\w)
      | \(?(?P<letter>[A-Za-z])
        (?: [.):](?=\s|$) | [.)](?=[A-Z]{2})
          | -(?!MAIL)(?=(?:\d{2}(?:\d{2})?\ )?[A-Z]{2}[A-Z' -]{0,40}?\ \d{1,7}(?![\d/])) ) )""", re.VERBOSE)

# A document named within an entry's first words (up to three words before its kind: `ECON/POL
# E-MAIL 5/4/06`, `MEMCON`, `TELCON WITH ...`, `IIR 6 888 0123 08`).
# The kinds of document a REF entry names (written for re.VERBOSE).
DOCUMENT_WORDS = r"""(?:E-?\ ?MAILS?|MEMCONS?|TELCONS?|MEMO(?:RANDUM|S)?|LETTERS?|FAX(?:ES)?|DEMARCHES?
                 |DIPNOTES?|NOTES?|NON-?PAPERS?|IIR|OSC|SVTC|DVC|READOUTS?)"""
DOCUMENT = rf"""(?:[A-Za-z][\w/&.'-]*+\ +){{0,3}}?(?i:{DOCUMENT_WORDS})\b"""
# A label without its full stop or parenthesis, or with a hyphen (`B KUALA LUMPUR 739`, `B- BERLIN
# 12`, `B - BERLIN 12`), run on after the entry above: a letter alone that a cable citation follows
# (`cited`: year, station, serial, no date's slash or digits after it), or the name of a document
# (`document`: `B ECON/POL E-MAIL 5/4/06`, `B MEMCON`, `C TELCON WITH ...`, `D IIR 6 888 0123 08`:
# a kind of document within the first words). `sequential_labels` takes it only as the label due,
# after a serial or a closing parenthesis, its citation a cable's (`citation`) or a document:
# `PLAN B`, `JOHN B SMITH`, `STATE 123 B` before no citation or document stay text.
BARE_LABEL = re.compile(rf"""
    (?:^|(?<=\s))(?P<bare>[A-Za-z])(?:\ ?-)?
    (?=\ +(?: (?P<cited>(?:(?:19|20)?\d{{2}}\ +)?[A-Za-z][A-Za-z'-]*+(?:\ [A-Za-z][A-Za-z'-]*+){{0,3}}?\ +\d{{1,7}})
             (?![\d/]|[.:-]\d)
           | (?P<document>{DOCUMENT}) ))""", re.VERBOSE)
# What ends an entry before a bare label: a serial (`SECSTATE 90063 B ...`), a date's year, or a
# closing parenthesis (`(NOTAL) B ...`).
BARE_LABEL_AFTER = tuple("0123456789)")

# A list numbered instead of lettered (`REF: 1. STATE 12345 2. BERLIN 1234`, `(1)`, `1)`, `1:`,
# `1 -`, Roman numerals `I.`, `II.`, `(iii)`), at the start or after a space or separator; its
# labels are the numbers as written, without their punctuation (`1`, `2`; `I`, `II`).
NUMBERED = r"""
    (?: \((?P<enclosed>\d{1,2}|[IVX]{1,5}|[ivx]{1,5})\)
      | (?P<number>\d{1,2}|[IVX]{1,5}|[ivx]{1,5})(?P<stop>[.):]|\ -) )
    (?=\s)"""
NUMBER_LABEL = re.compile(rf"(?:^|(?<=[\s;,])){NUMBERED}", re.VERBOSE)
# ... opening a line (the scrape's anchor `¶` before it: `¶2. BERLIN 1234`).
NUMBER_LABEL_LINE = re.compile(rf"^[ \t]*+(?:¶[ \t]*)?{NUMBERED}", re.VERBOSE)
# A serial alone opening an entry (`5678` under `2.` after `1. STATE 1234`); not a date (`5/4/06`,
# `12.5`), a count (`2 OF 3`).
SERIAL_START = re.compile(r"\d{1,7}(?![\d/]|[.:-]\d|\s+OF\s+\d)", re.IGNORECASE)
# A citation written as a reference id, at an entry's start (`08STATE12345`, `08STATE 12345`).
GLUED_ID = re.compile(r"\d{2}[A-Z]{3,}\ ?\d{1,7}\b")
# What a numbered list's first label may open with (NUMBER_LABEL's first character).
NUMBER_LABEL_FIRST = frozenset("0123456789(IVXivx")
ROMAN_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
                  "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")
# An entry that names a document (see DOCUMENT), after a numbered label.
DOCUMENT_ENTRY = re.compile(DOCUMENT, re.VERBOSE)
# ... anywhere in it (an entry so far, before a label: `MAY 1 GILLARD-TREMONT LETTER`).
DOCUMENT_KIND = re.compile(rf"\b{DOCUMENT_WORDS}\b", re.VERBOSE | re.IGNORECASE)
# A portion marking opening the text after a number: a paragraph's (`2. (C) TEXT`), no entry's.
MARKING_START = re.compile(r"\((?:U|C|S|SBU|TS|LOU)(?:/[/\w ]*)?\)", re.IGNORECASE)

# A label left at the end of an entry: a scrape doubled the next entry's label with one already
# used (`C. STATE 112304` / `¶B. D. STATE 32213`).
TRAILING_LABEL = re.compile(r"\s\(?(?P<letter>[A-Za-z])[.)]$")
LABEL_ENDS = (".", ")", ".\n", ")\n")

# A cable citation: optional year (`06`, `2006`), station (one to four words), serial.
# Words are matched possessively (`*+`): a failed citation never backtracks into a word.
# A letter alone is no station's first word but a label (`B BERLIN 12`, `B- BERLIN 12`, `S.
# STATE 1234`: see BARE_LABEL), never made part of the station (`BBERLIN`, `SSTATE`).
CABLE_CITATION = re.compile(r"""
    ^(?:['’]?(?P<year>\d{4}|\d{2})\s+)?            # the year, its century cut with an apostrophe: `'08`
    (?P<station>[A-Z](?!\.?\ |-\ )[A-Z.'-]*+(?:\ [A-Z][A-Z.'-]*+){0,3}?)
    \ +(?P<serial>\d{1,7})
    (?P<rest>.*)$
    """, re.VERBOSE | re.IGNORECASE)
# A citation written as a reference id (`09STATE12345`, `08RIODEJANEIRO45`, `08STATE 12345`).
GLUED_CITATION = re.compile(r"^(?P<year>\d{2})(?P<station>[A-Z]{3,})\ ?(?P<serial>\d{1,7})(?P<rest>.*)$")
# What may follow a citation's serial: nothing, a trailing year (`MOSCOW 03242 2008`, `ROME 12, 2008`), a
# parenthesis (`(NOTAL)`), `AND PREVIOUS`, punctuation. A digit, slash or other words mean it is
# not a cable (`IIR 6 854 0025 07`, `MCWHIRTER 12/14/07`).
CITATION_REST = re.compile(r"""
    ^\s*+(?: ,?\s*(?P<year>(?:19|20)\d{2})\b.* | [(,;.:].* | AND\s+PREVIOUS\b.* | NOTAL\b.*
          | (?:DTG|DATED|OF)\s.* | \d{6}Z\b.*                    # its DTG or date: `DTG 121212Z JAN 09`
          | (?<=\s)\d{1,2}/\d{1,2}/\d{2,4}\b.*                # `STATE 1234 1/2/09` (not `SMITH 12/14/07`)
          | PARA(?:GRAPH)?S?\.?\s*\d.*                        # the paragraph it points to: `PARA 3`
          | (?:NODIS|EXDIS|LIMDIS|NOFORN|SIPDIS)\b.*            # its caveat: `STATE 12345 NODIS`
          | )$""", re.VERBOSE | re.IGNORECASE)
# What else may follow a citation's serial: the writer's description of the cited telegram,
# after a dash (`08 STATE 456 - USG VIEWS ON IRAN`, `-- GOB VIEWS ON IRAN`, `- NOTAL`), in quotes
# (`STATE 23456 "IRAN SANCTIONS"`) or as words (`STATE 12345 DEMARCHE REQUEST`, `STATE 34567 SENT
# ACTION LONDON`, `BRASILIA 123 AND RELATED`, `... ET AL`): a space, then a word, not a number
# (`IIR 6 854 0025 07`) nor a slash (`SMITH 12/14/07`). Taken only after a station the routing
# list knows (see `described_citation`): words after a number are most often prose.
DESCRIBED_REST = re.compile(r"""
    ^\ +(?: -{1,2}\ *          # a dash or two: `- USG VIEWS`, `--GOB VIEWS`
          | ["“'‘] )?           # an opening quote: `"IRAN SANCTIONS"`
    [A-Za-z]                    # a word
    """, re.VERBOSE)
# The date of the cited telegram written after its serial, which gives its year where the
# citation has none (`STATE 12345 DTG 121212Z MAR 05`, `(DTG 051506ZJUN2008)`, `(121212Z MAR
# 08)`, `OF 3/4/08`, `OF MARCH 4, 2008`, `DATED 12 MARCH 2008`, `OF 2008`, `(2008)`): a cable is
# numbered in the year of its DTG, so a yearless citation is of the year of the date it carries,
# not of the citing cable's. Only a date right after the serial (what introduces it, or a
# parenthesis, before it) and closing the citation: a date further on, or one that opens words
# of the title (`STATE 2311 (2003 HUMAN RIGHTS REPORT)`, `TEHRAN 1788, MARCH 1974 ELECTIONS`),
# is another document's.
MONTH = r"""(?:JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?
             |SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)"""
CITED_DATE = re.compile(rf"""
    ^[\s,(]*+(?:(?:DTG|DATED|OF|SENT)\s++)?
    (?: \d{{6}}\ ?Z\ ?{MONTH}\.?\ ?(?P<dtg>\d{{2}}(?:\d{{2}})?)(?!\d)       # 121212Z MAR 05
      | \d{{1,2}}/\d{{1,2}}/(?P<slashed>\d{{2}}(?:\d{{2}})?)(?![\d/])        # 3/4/08
      | (?:\d{{1,2}}\ )?{MONTH}\.?\ (?:\d{{1,2}},?\ )?(?P<written>(?:19|20)\d{{2}})(?!\d)  # MARCH 4, 2008
      | (?P<alone>(?:19|20)\d{{2}})(?![\d/])                               # OF 2008, (2008)
    )
    (?=\s*(?:[),;.]|AND\b|$))       # the date closes the citation: not `(2003 HUMAN RIGHTS REPORT)`
    """, re.VERBOSE | re.IGNORECASE)
# A portion marking before the citation: `B. (U) BERLIN 2`.
ENTRY_MARKING = re.compile(r"^\((?:U|C|S|SBU|TS)(?://?NF)?\)\s*", re.IGNORECASE)
# Unlabelled lists of citations (`SAO PAULO 433 SAO PAULO 421 2008 SAO PAULO 542`,
# `10 CARACAS 9; 09 CARACAS 1374`): one citation after another, a year prefixing the next.
CITATION_IN_RUN = re.compile(r"""
    (?<![A-Z0-9'-])(?:['’]?(?:19|20)?\d{2}\ +)?
    [A-Z](?!\ |-\ )[A-Z'-]*+(?:\ [A-Z][A-Z'-]*+){0,3}?    # (a letter alone: see CABLE_CITATION)
    \ +\d{1,7}\b
    (?:\ *\([^()\n]{1,30}\))?            # its caveat or note: `06 BERLIN 1234 (NOTAL), 06 BERLIN 1345`
    (?:,?\ +PARA(?:GRAPH)?S?\.?\ *\d{1,2}\b          # the paragraphs it points to: `STATE 1234 PARA 2
       (?:\ *(?:-|,|AND|&)\ *\d{1,2}\b)*)?             # AND BERLIN 12`, `PARAS 2-3, 5`
    (?P<separator>\ +-\ +(?=\d{0,4}\ *[A-Z]) | \ */\ *(?=\d{0,4}\ *[A-Z])   # `STATE 1234 - BERLIN 12`,
      | [\s;,&]+(?:AND\s+)? | $)                # `STATE 1234/BERLIN 12`, `... AND BERLIN 12` (AND is no station's)
    """, re.VERBOSE | re.IGNORECASE)
# A serial after a citation's, sharing its station and year (`STATE 1234 AND 5678`, `ROME 12,
# 34`), once a separator joined them (see `split_citations`).
SERIAL_IN_RUN = re.compile(r"""
    (?P<serial>\d{1,7})\b
    (?:\ *\([^()\n]{1,30}\))?              # its note: `5678 (NOTAL)`
    (?P<separator>\s*[;,&]\s*(?:AND\s+)?|\s+AND\s+|\s*$)
    """, re.VERBOSE | re.IGNORECASE)
# A serial that may be a year instead (`ROME 12, 2008`): a year of the cables (1966-2010), four digits.
YEAR_ALONE = re.compile(r"19[6-9]\d|20[01]\d")
# What a labelled entry of several citations holds (split_citations: a separator), in any case.
LABELLED_RUN_MARK = re.compile(r"[,;&/]|AND|\ -\ ", re.IGNORECASE)
# A serial alone, and what follows it (CITATION_REST must take that): `5678 DTG 121212Z JAN 09`;
# not a number of numbers (`2 OF 3`).
SERIAL_ALONE = re.compile(r"(?P<serial>\d{1,7})(?P<rest>(?!\d|\s+OF\s+\d).*)$", re.IGNORECASE)
# `AND` closing an entry: it joins the next (`A. STATE 1 AND B. STATE 2`).
TRAILING_AND = re.compile(r"[\s,;]+AND$", re.IGNORECASE)
# An entry that is only `AND PREVIOUS` (a label typed before it: `C. 2009 BAKU 972` / `D. AND
# PREVIOUS`): it cites no document of its own but the series the entry above belongs to.
AND_PREVIOUS_ONLY = re.compile(r"AND\s+PREVIOUS\W*", re.IGNORECASE)
# The REF block ends where a field or notice that REF_END ends it at a line's start is run onto
# its text: `Classified By:`, the source of a derived classification (`10 SANTO DOMINGO 67
# DERIVED FROM: DSCG 05-1 B, D`), the SBU notice or a notice about the cable, whole or cut by the
# line's wrap (`BRASILIA 123 (U) THIS CABLE IS SENSITIVE BUT UNCLASSIFIED AND NOT FOR INTERNET
# DISTRIBUTION.`, `BRASILIA 123 (U) THIS CABLE IS` / `SENSITIVE ...`), with the marking before it.
REF_RUN_ON = re.compile(r"""
    \bClassified\s+By\b | \bDerived\s+from\s*:
  | (?:\((?:U|SBU)\)\s*)?
    (?: \bThis\s+(?:cable|message|telegram)\s+is\b | \bThis\s+is\s+an\s+action\s+(?:request|message|cable)\b
      | \bSensitive\s+but\s+unclassified\b )
    """, re.VERBOSE | re.IGNORECASE)
# The first paragraph run onto the REF text by a scrape that lost the line ends (`REF: STATE
# 12345 1. (C) Summary: ...`, `... B. BRASILIA 1500 ¶1. (C) ...`, `... SUMMARY: ¶1. (SBU) ...`):
# its number and portion marking, and a summary heading above them, end the block (so the
# marking's `(C)` is no label C). A number with a marking after it is no entry of a numbered list
# either (`REF: 1. STATE 12345 2. (C) TEXT`: see `entry_at`).
PARAGRAPH_RUN_ON = re.compile(r"""
    (?<!PARA)(?<!PARAS)(?<!PARAGRAPH)(?<!PARAGRAPHS)(?<!PARA\.)   # not a cited paragraph: `STATE 1234 PARA 3. (C)`
    \s(?:(?:BEGIN\s+)?SUMMARY[:.]?\s+)?         # the summary's heading above it: `SUMMARY: 1. (C)`
    \d{1,2}\.\s*+                               # the paragraph's number (its `¶` is a space here)
    \((?:U|C|S|SBU|TS|LOU)(?:/[/\w ]*)?\)        # its marking: `(C)`, `(S/NF)`, `(SBU)`
    """, re.VERBOSE | re.IGNORECASE)
# Pieces of REF_RUN_ON's words, lower case: a REF text holding none is not searched (most).
REF_RUN_ON_PIECES = ("cla", "derived", "this")
# Words that are never part of a station name (report series, months, document words; the
# numbered acts REF lines cite besides cables: `UNSC RES 1737`, `EO 13224`, `E.O. 13224`,
# `EXECUTIVE ORDER 13224`, `PUBLIC LAW 109`, `ARTICLE 5`, `NSPD 44`, `NSDM 242`, `22 CFR 42`, `22
# USC 2151`; a citation's caveat: `STATE 1234 NODIS B BERLIN 12`), unless a truncated long name
# (`RIO DE JAN`).
NOT_STATIONS = frozenset("""
    IIR OSC DTG EMAIL E-MAIL MEMCON PARA PARAGRAPH PARAS SECTION PAGE NO NUMBER TD FBIS DOC
    JAN JANUARY FEB FEBRUARY MAR MARCH APR APRIL MAY JUN JUNE JUL JULY AUG AUGUST SEP SEPT
    SEPTEMBER OCT OCTOBER NOV NOVEMBER DEC DECEMBER LETTER TELCON FAX NOTE DIPNOTE UNSCR
    MEMO MEMORANDUM DEMARCHE NONPAPER NON-PAPER SVTC DVC READOUT REPORT
    RES RESOLUTION RESOLUTIONS UNSC UNGA ARTICLE ARTICLES CHAPTER LAW ACT BILL DECREE TREATY
    ANNEX VOL VOLUME EO NSPD HSPD PDD NSDD NODIS EXDIS LIMDIS STADIS NOFORN SIPDIS NOTAL
    OF DATED EXECUTIVE ORDER NSDM NSAM NSSM PRM CFR USC
""".split())
EMAIL = re.compile(r"\bE-?\s?MAILS?\b", re.IGNORECASE)
# Long post names that REF lines truncate (`RIO DE JAN 138`); Cablegate writes them whole.
LONG_STATIONS = ("ADDISABABA", "BANDARSERIBEGAWAN", "BUENOSAIRES", "CIUDADJUAREZ", "DARESSALAAM",
                 "HOCHIMINHCITY", "KUALALUMPUR", "NUEVOLAREDO", "PONTADELGADA", "PORTAUPRINCE",
                 "PORTMORESBY", "PORTOFSPAIN", "RIODEJANEIRO", "SANSALVADOR", "SANTODOMINGO",
                 "STPETERSBURG", "JOHANNESBURG", "PARAMARIBO", "PORTLOUIS",
                 "YEKATERINBURG", "VLADIVOSTOK", "THESSALONIKI", "BRAZZAVILLE", "FRANKFURT")
# Words naming the kind of post before its place, no part of Cablegate's station name
# (`USINT HAVANA 123` is HAVANA, `USOFFICE PRISTINA` PRISTINA, `USLO TRIPOLI` TRIPOLI, `AIT
# TAIPEI` TAIPEI: the American Institute in Taiwan's telegrams are numbered as TAIPEI's, the
# station their classification line and the parser's own ids name; `USEU BRUSSELS` BRUSSELS:
# the corpus's telegrams FM USEU BRUSSELS are 09BRUSSELS269, 09BRUSSELS536, ..., no id names
# USEUBRUSSELS; `REO BASRAH` BASRAH: a Regional Embassy Office's telegrams are numbered as its
# place's, `BASRAH 000045` on their classification line).
# The missions whose telegrams are numbered as their place's, and that place: the mission is a
# kind of post before it (`USEU BRUSSELS 1234`, see POST_KINDS) and its short name alone is the
# place (`USEU 1234`, see STATION_ALIASES). (The FM line `USEU BRUSSELS` has its origin rule in
# data/origin_rules.csv besides: the origin's name, `USEU Brussels`.)
MISSIONS_NUMBERED_AS_THEIR_PLACE = {"USEU": "BRUSSELS"}
POST_KINDS = frozenset("""EMBASSY AMEMBASSY CONSULATE AMCONSUL AMCONGEN USMISSION MISSION USINT
                          USOFFICE USLO AIT REO""".split()) | frozenset(MISSIONS_NUMBERED_AS_THEIR_PLACE)
# The same kinds spelled out in words before the place (`US MISSION GENEVA 211`, as the routing
# list writes `US MISSION USNATO BRUSSELS BE`; `U.S. EMBASSY PARIS`, `AMERICAN CONSULATE GENERAL
# JERUSALEM`, `US LIAISON OFFICE TRIPOLI`): the country's word, the kind's, and the word that
# completes a kind of two (`GENERAL`, `OFFICE`), dropped as `USMISSION` is.
SPELLED_KIND_COUNTRY = frozenset(("US", "U.S.", "AMERICAN"))
SPELLED_KINDS = frozenset(("MISSION", "EMBASSY", "CONSULATE", "OFFICE", "LIAISON"))
SPELLED_KIND_ENDS = {"CONSULATE": "GENERAL", "LIAISON": "OFFICE"}
# A mission to an organisation written out (`US MISSION TO NATO 123`, `USMISSION TO THE OSCE 5`,
# `US MISSION TO THE UN 45`): the routing list and Cablegate's ids name it `US` and the
# organisation's short name (USNATO, USOSCE, USUN, USEU, USAU), which the aliases below read.
# Only a mission's (`EMBASSY TO THE HOLY SEE` is no `USHOLY`).
MISSION_WORDS = frozenset(("MISSION", "USMISSION"))
# Cablegate's names for stations the telegrams spell otherwise, and the short names REF lines
# use for missions and long names (`USUN 123`, `UNVIE 45`, `USEU 67`, `HCMC 89`, `RIO 329`).
# The Department's telegrams are STATE however a post cites them (`SECSTATE 123`, `DEPT 45`,
# old cables' `DEPTEL 67`).
# USEU's telegrams are BRUSSELS's (see MISSIONS_NUMBERED_AS_THEIR_PLACE).
STATION_ALIASES = {"SECSTATE": "STATE", "SECSTATEWASHDC": "STATE", "DEPT": "STATE",
                   "DEPARTMENT": "STATE", "DEPTEL": "STATE", "DEPTTEL": "STATE",   # (`DEPT TEL 67`)
                   "USUN": "USUNNEWYORK", "UNVIE": "UNVIEVIENNA",
                   "HCMC": "HOCHIMINHCITY", "RIO": "RIODEJANEIRO",
                   "HOLYSEE": "VATICAN",  # (`HOLY SEE 34`: the embassy's FM line is VATICAN)
                   **MISSIONS_NUMBERED_AS_THEIR_PLACE}
# Old cables cite their own post's telegrams by kind (`EMBTEL 1234`, `CONTEL 56`, `MYTEL 7`):
# the citing cable's station, once it is known (see `date_references`). The Department's own
# are DEPTELs (above): in its cables, EMBTEL and CONTEL are the telegrams of the post it writes
# to (`REF: EMBTEL 1234` from SECSTATE to Berlin is Berlin's), whose id is not read here.
OWN_TELEGRAMS = frozenset({"EMBTEL", "CONTEL", "MYTEL", "OURTEL"})
POST_TELEGRAMS = frozenset({"EMBTEL", "CONTEL"})
# ... and the telegrams of the post they write to as the addressee's (`URTEL 1234`, `YOURTEL 56`,
# `YOUR 7`): cables, whose station is not read here (no id; `06URTEL1234` is none).
ADDRESSEE_TELEGRAMS = frozenset({"URTEL", "YOURTEL", "YOUR"})
DEPARTMENT = "STATE"
# The telegrams named by kind, whose plural cites several (`DEPTELS 12 AND 13`, `EMBTELS 5, 6`).
TELEGRAM_KINDS = OWN_TELEGRAMS | ADDRESSEE_TELEGRAMS | {"DEPTEL", "DEPTTEL"}
# Words for "telegram" written between a station and its serial (`STATE TEL 12345`, `SECSTATE
# TELEGRAM 23456`, `EMBASSY BRASILIA CABLE 1500`): no part of the station (`DEPT TEL 67` is a
# DEPTEL, see STATION_ALIASES).
TELEGRAM_WORDS = frozenset({"TEL", "TELS", "TELEGRAM", "TELEGRAMS", "CABLE", "CABLES"})
# Station names cut to the ten characters of the telegram's station field (`TEGUCIGALP`,
# `RIO DE JAN`, `USUN NEW Y`).
STATION_FIELD_CHARS = 10


# A REF line that says the cable cites nothing (`REF: NONE`, `Ref: None.`, `REF: N/A`, as `TAGS:
# N/A` says it has no tags): no entries.
NO_REFERENCES = re.compile(r"(?:NONE|N/?A|NIL)\.?", re.IGNORECASE)
NO_REFERENCES_CHARS = 5


def parse_references(head: HeadBlock, year: int | None) -> list[dict]:
    """REF entries in order: {label, text, reference_id, kind}."""
    text = reference_text(head)
    if not text or (len(text) <= NO_REFERENCES_CHARS and NO_REFERENCES.fullmatch(text)):
        return []
    references = [make_reference(label, entry, year) for label, entry in split_entries(text)]
    if len(references) > 1:         # a serial alone after a citation (see `citations`)
        for reference, parts in zip(references, citations(references)):
            if parts is not None and reference["reference_id"] is None and reference["kind"] != "CABLE":
                reference["kind"] = "CABLE"
                reference["reference_id"] = id_of_citation(parts, year)
    return references


def date_references(references: list[dict], year: int | None, own: tuple[str, int] | None,
                    day_of_year: int | None = None, addressee: str | None = None) -> None:
    """Date the cable citations that lack a year (`STATE 1234`), in place, once the cable's own
    year and (station, serial) are known (extracts without a DTG know the year only from the
    DECL date or the source): the cable's year, or the year before for a serial
    - of its own station above its own (serials only grow within a year: `PARIS 8729` cited by
      PARIS 104 of January is last year's), by more than a month of the station's serials at
      its own pace when the cable's day is known (a cable numbered when drafted may be sent
      after a later one it cites: BUENOS AIRES 95 of 17 February cites BUENOS AIRES 118, cited
      as `10 BUENOS AIRES 118` on 25 February);
    - of any station above what it can have sent by the cable's `day_of_year` (its DTG's; None
      for a date only estimated): `SECSTATE 127215` cited on 19 January is last year's.
    A telegram cited by kind is of the cable's own station (`EMBTEL 1234`, see OWN_TELEGRAMS), or
    of its one action `addressee` (see `addressee_station`): `URTEL 1234`, and in the Department's
    cables `EMBTEL 1234` (the post's it writes to)."""
    if year is None:
        return
    most_by_then = most_serials_a_day(year) * day_of_year if day_of_year else None
    for reference, parts in zip(references, citations(references)):
        if parts is None or parts[0]:
            continue
        _, station, serial = parts
        if station in OWN_TELEGRAMS or station in ADDRESSEE_TELEGRAMS:
            if (cited := telegram_station(station, own, addressee)) is None:
                continue
            station = cited
            parts = (None, station, serial)
        last_year = ((own is not None and station == own[0]
                      and serial > own[1] + month_ahead(own[1], day_of_year))
                     or (most_by_then is not None and serial > most_by_then))
        reference["reference_id"] = id_of_citation(parts, year - 1 if last_year else year)


def telegram_station(kind: str, own: tuple[str, int] | None, addressee: str | None) -> str | None:
    """The station of a telegram cited by `kind` (`EMBTEL`, `URTEL`: see OWN_TELEGRAMS): the
    cable's own, or its addressee's (`URTEL`; `EMBTEL` in the Department's cables); None when
    that is not known."""
    if kind in ADDRESSEE_TELEGRAMS or (kind in POST_TELEGRAMS and own is not None and own[0] == DEPARTMENT):
        return addressee
    return own[0] if own is not None else None


def addressee_station(recipients: list[dict]) -> str | None:
    """The station of the cable's one action addressee, a post or the Department (`AMEMBASSY
    PARIS` is PARIS, `SECSTATE WASHDC` STATE), whose telegrams the cable cites as `URTEL`; None
    for several (a collective: whose?) or an addressee that numbers no telegrams of this series
    (`CIA WASHDC`)."""
    if len(recipients) != 1 or not (name := recipients[0].get("name")):
        return None
    words = name.upper().split()
    station = station_name(words)
    return station if station == DEPARTMENT or (len(words) > 1 and words[0] in POST_KINDS) else None


def earliest_year_citing(references: list[dict], own: tuple[str, int] | None) -> int | None:
    """The earliest year a cable can be of, by the cables it cites with their year (`REF: 04
    PARIS 8760`): none is later than the cable, and one of its own station with a serial far
    above its own is of an earlier year (a station's serials grow through a year: PARIS 482
    citing 04 PARIS 8760 is of 2005 or later). Far above: serials a little out of order are
    seen (BUENOS AIRES 111 citing 10 BUENOS AIRES 118, both of 2010). None without a citation
    with its year."""
    years = []
    for parts in citations(references):
        if parts is None:
            continue
        cited_year, station, serial = parts
        if not cited_year:
            continue
        year = full_year(int(cited_year[-2:]))
        later = own is not None and station == own[0] and serial > SERIALS_APART * own[1]
        years.append(year + 1 if later else year)
    return max(years, default=None)


# A cited serial of the cable's own station more than this many times its own is of an
# earlier year (see `earliest_year_citing`). Dating a yearless citation (`date_references`)
# must choose between two years and takes a higher serial as last year's (beyond a month of the
# station's serials, see `month_ahead`); moving the cable's own estimated year takes the
# stronger evidence.
SERIALS_APART = 2
DAYS_A_MONTH = 30
# No station numbers more cables a day than this: the Department, by far the busiest, reached
# serials of ~130,000-160,000 a year (~400 a day) in the 2000s; an embassy a few thousand. So a
# yearless citation above this many serials per day of the year so far cannot be of this year.
MOST_SERIALS_A_DAY = 1_000
# ... but the Department of the old printouts' years numbered far more: its serials passed
# 300,000 a year in the 1970s and neared 400,000 in the 1980s (STATE 355512 of early December
# 1984 is that year's, over 1,000 a day), so for the years before 2000 the bound is higher.
OLD_PRINTOUT_YEARS_END = 2000
MOST_SERIALS_A_DAY_BEFORE_2000 = 1_400


def most_serials_a_day(year: int) -> int:
    """The most serials any station numbers a day in `year` (see MOST_SERIALS_A_DAY)."""
    return MOST_SERIALS_A_DAY_BEFORE_2000 if year < OLD_PRINTOUT_YEARS_END else MOST_SERIALS_A_DAY


def month_ahead(own_serial: int, day_of_year: int | None) -> float:
    """How many serials a station numbers in a month at the pace its own serial shows by the
    cable's day (0 when the day is not known: then any higher serial is last year's)."""
    return own_serial * DAYS_A_MONTH / day_of_year if day_of_year else 0


def reference_text(head: HeadBlock) -> str:
    """The REF block's text (see `reference_block`)."""
    return reference_block(head)[0]


def reference_block(head: HeadBlock) -> tuple[str, int]:
    """The REF block's text, and the index of the head's line after the last it read (0 for
    none): the text from the label to the next field, each line folded, the lines kept
    apart by a line end (`sequential_labels` reads a label opening a line; the entries are read
    with the line ends as spaces). A page break inside the block (`HeadBlock.page_break_at`: the
    blank line a page header cut by the cleaning left, or a page header the cleaning leaves, with
    the blank lines around it) is none: the line under it is read as if it stood right under the
    line above it, between two entries or inside one."""
    lines = head.lines
    for index in head.lines_with("ref"):
        line = lines[index]
        # `REF:` opening the line, or run into it (the SUBJECT line, its wrapped line): with a colon
        label = REF_LABEL.match(line) or REF_IN_LINE.search(line)
        if label:
            parts = [after_heading(line, label.end()).replace("¶", " ")]   # `... ¶B. BERLIN 12`
            previous, position, bridged, read = line, index, False, index + 1
            due = None          # the label due after a numbered line read last (`3` after `2. BERLIN 12`)
            while (position := position + 1) < len(lines):
                if may_break_page(lines[position]) and (skip := head.page_break_at(position)):
                    position += skip - 1        # (`previous` stays the line above the break)
                    bridged = True
                    continue
                following = lines[position]
                if following.lstrip()[:1] == "1":               # `1B. BERLIN 1234` for `¶B.`
                    following = pilcrow_read_as_one(parts, following)
                if following.lstrip()[:3].upper() == "REF":     # `REF B: BERLIN 1234`
                    following = without_repeated_heading(following)
                labelled = LABELLED_LINE.match(following)
                numbered = numbered_line_due(parts, following, due)       # `2. BERLIN 1234` after `1.`
                if REF_END.match(following) and not numbered and not (        # `(C) LONDON 3` after `(B)`
                        labelled is not None and labelled["letter"].upper() == next_letter(joined(parts))
                        and marked_entry(following[labelled.end():])):
                    break
                if CAVEAT_LINE.match(following) or SUBJECT_STOP.match(following):
                    break       # a caveat line, a banner, addressing, `DECL:` (as for the subject)
                if not previous.strip() and not labelled and not numbered \
                        and not continues_entry(parts, following):
                    break
                if bridged and not labelled and not numbered and not unfinished(parts) \
                        and not continues_entry(parts, following):
                    break       # after a page break, a heading (`INTRODUCTION`) under a whole entry
                cleaned = following.replace("¶", " ")
                line = with_bare_label(parts, cleaned)      # (a bare label made one: a label)
                if not labelled and not numbered and line == cleaned and not continues_citation(line) \
                        and ends_with_citation(parts) and not label_follows(lines, position) \
                        and reads_as_text(line):
                    break       # a sentence or heading right under a whole citation
                parts.append(line)
                previous, bridged, read = following, False, position + 1
                due = numbered if numbered and numbered != DUE_UNKNOWN else None
            text = joined(parts)
            lowered = text.lower()
            if any(piece in lowered for piece in REF_RUN_ON_PIECES):   # (REF_RUN_ON's)
                text = REF_RUN_ON.split(text, maxsplit=1)[0]
            if "ref" in lowered:                                       # (REPEATED_HEADING's)
                text = REPEATED_HEADING.sub(heading_as_label, text)
            if ")" in text and (paragraph := PARAGRAPH_RUN_ON.search(text)) is not None:
                text = text[:paragraph.start()]
            return text.strip(), read
    return "", 0


def marked_entry(entry: str) -> bool:
    """`entry`, after a label that is also a portion marking (`(C)` after `(B)`), is the list's
    next entry: it cites a cable or names a document (`(C) LONDON 3`, `(C) MEMCON 3/4/08`), or is
    a short title with no sentence's stop or label's colon in it (`(C) USDAO DAILY REPORT`); not
    the first paragraph, opened by its marking alone (`(C) Summary: The talks ...`, `(C) The
    minister said ...`)."""
    entry = entry.strip()
    if cites_at(entry, 0):
        return True
    return len(entry) <= MARKED_ENTRY_CHARS and SENTENCE_MARK.search(entry) is None


# The longest entry without a citation that a label like a marking opens (see `marked_entry`).
MARKED_ENTRY_CHARS = 60
# A sentence's stop or a label's colon inside a text (`Summary: The`, `said. He`), or ending it.
SENTENCE_MARK = re.compile(r"[.:!?](?:\s|$)")


def ends_with_citation(parts: list[str]) -> bool:
    """The REF text so far ends with a whole cable citation: its last line ends with a serial,
    a date's year or a closed parenthesis (`STATE 12345`, `B. BRASILIA 1500`, `BERLIN 12
    (NOTAL)`), and what follows the last label of that line is a citation with what may follow
    one (`STATE 12345 DTG 121212Z MAR 05`; not `STATE 12345 - USG VIEWS ON`, `MEETING OF MAY 5`),
    or ends with a serial that goes with one (`STATE 1234 AND 5678`; `5678` under `B. MOSCOW`).
    Only the last line is read (the block may have many lines, each short)."""
    last = fold(parts[-1]) if parts else ""
    if not last.endswith(BARE_LABEL_AFTER) or last.count("(") != last.count(")"):
        return False
    start = 0
    for label in ENTRY_LABEL.finditer(last):        # (any letter: an initial opens no citation)
        start = label.end()
    pieces = split_citations(last[start:].strip(" ,;"))
    return citation(pieces[-1]) is not None \
        or ((len(pieces) > 1 or len(parts) > 1) and serial_alone(pieces[-1]) is not None)


def label_follows(lines: list[str], index: int) -> bool:
    """A line opening with a label (LABELLED_LINE) stands within LABEL_FOLLOWS_LINES lines
    under line `index`, no blank line between: the line is an entry's wrapped description
    (`A. STATE 12345` / `SECRETARY'S MEETING WITH FM AMORIM` / `B. BRASILIA 1234`), the list
    goes on."""
    for line in lines[index + 1:index + 1 + LABEL_FOLLOWS_LINES]:
        if not line.strip():
            return False
        if LABELLED_LINE.match(line):
            return True
    return False


LABEL_FOLLOWS_LINES = 3


def reads_as_text(line: str) -> bool:
    """`line`, under a whole citation, reads as the text's: a sentence (`The Ambassador delivered
    reftel demarche ... March 3.`, `BACKGROUND: THE GOB HAS LONG RESISTED.`) or a line without a
    figure (a heading, `KEY POINTS`). A line holding one is another document the list names
    (`USDAO DAILY REPORT 12 MARCH`, `UNSCR 1737`)."""
    stripped = line.rstrip()
    return stripped.endswith((".", "!", "?", ":")) or not any(map(str.isdigit, stripped))


def continues_citation(line: str) -> bool:
    """`line`, under a whole citation, goes on with the REF block: a piece of a citation
    wrapped onto it (a serial or a date, `5678`, `3/4/08`; a bracketed note, `(NOTAL)`; a
    separator or what may follow a serial, `AND 5678`, `, 2008`, `DTG 121212Z MAR 05`, `PARA
    3`), or another entry of an unlabelled list (`BERLIN 1234`, `08STATE12345`, `E-MAIL FROM
    ...`). Not a sentence (`The Ambassador delivered reftel demarche ...`) nor a heading
    (`BACKGROUND: ...`, `KEY POINTS`): the REF block ends above them."""
    stripped = line.lstrip()
    if not stripped or stripped[0] in CITATION_PIECE_FIRST:
        return True
    if CITATION_PIECE.match(stripped):
        return True
    return cites_at(stripped, 0)


# What a piece of a citation opens with (see `continues_citation`): a digit, a bracket, a separator.
CITATION_PIECE_FIRST = frozenset("0123456789([,;&/-")
# ... or a word that joins or follows a serial.
CITATION_PIECE = re.compile(r"""
    (?: AND | DTG | DATED | OF | NOTAL | PARA(?:GRAPH)?S? | NODIS | EXDIS | LIMDIS | NOFORN | SIPDIS )\b
    """, re.VERBOSE | re.IGNORECASE)


def unfinished(parts: list[str]) -> bool:
    """The REF text so far stops short of its entry's end: not after a serial, a date's year or
    a parenthesis (`B. MOSCOW`, `B. MEMO FROM THE`), or after a separator (`STATE 1234,`, `...
    AND`): a page break there cut an entry or the list in two."""
    last = parts[-1].rstrip() if parts else ""
    return not last.endswith(BARE_LABEL_AFTER) or bool(TRAILING_AND.search(last))


def may_break_page(line: str) -> bool:
    """`line` may be where a page break stands (see `HeadBlock.page_break_at`): blank (the line
    a page header cut by the cleaning left) or ending as a page header does (`... 002 OF 003`, its
    DTG's `Z`); most lines of a REF block end otherwise, or with a serial."""
    return not line or line.rstrip()[-1:] in PAGE_HEADER_ENDS


# The last character of a page header's line (see `may_break_page`).
PAGE_HEADER_ENDS = frozenset("0123456789Zz")


def joined(parts: list[str]) -> str:
    """The REF block's lines so far, each folded, blank ones left out, one under the other."""
    return "\n".join(folded for part in parts if (folded := fold(part)))


def heading_as_label(heading: re.Match) -> str:
    """REPEATED_HEADING's match made the label it carries (` B. `), or a space."""
    letter = heading["letter"] or heading["enclosed"]
    return f" {letter}. " if letter else " "


def after_heading(line: str, end: int) -> str:
    """The text after the REF heading ending at `end`, with the entry's letter the heading may
    carry made a label (`REF A: STATE 12345`, `REF (A): ...` -> `A. STATE 12345`)."""
    rest = line[end:]
    if (letter := HEADING_LETTER.match(rest)) is None:
        return rest
    return f"{letter['letter']}. {rest[letter.end():]}"


def without_repeated_heading(line: str) -> str:
    """A line under the REF line that repeats the heading for its entry (`REF B: BERLIN 1234`,
    `REF: B) BERLIN 1234`): the entry, labelled; other lines as they are."""
    heading = REF_LABEL.match(line)
    if heading is None:
        return line
    rest = after_heading(line, heading.end())
    return rest if LABELLED_LINE.match(rest) else line


# A label opening a line after a `1` (`1B. BRASILIA 1234`): the scrape's anchor `¶` read as a 1,
# as in paragraph numbers (`15.` for `¶5.`, see `_body_numbering`).
LABEL_AFTER_ONE = re.compile(r"^(?P<indent>\s*)1(?=\(?(?P<letter>[A-Za-z])[.)]\s)")


def pilcrow_read_as_one(parts: list[str], line: str) -> str:
    """`line` with the `1` before its label made the `¶` it was (a space) when that label is
    the one due in the list so far (`1B. BRASILIA 1234` under `A. STATE 12345`); other lines as
    they are (`1A.`, or `1C.` under `A.`, is no anchor's)."""
    match = LABEL_AFTER_ONE.match(line)
    if match is None or not parts or match["letter"].upper() == "A" \
            or sum(map(len, parts)) > PILCROW_REPAIR_CHARS \
            or match["letter"].upper() != next_letter(joined(parts)):
        return line
    return f"{match['indent']} {line[match.end():]}"


# The REF text read for the label due, above which a `1B.` is left as written and a bare letter
# given no stop: a list of labelled citations is a few hundred characters (a block of 80 lines
# of 1,200 re-read at each line: 0.3 s; 70 lines opening with a letter, `C O N F I D E N T I A
# L ...` repeated: 45 ms).
PILCROW_REPAIR_CHARS = 2_000


def with_bare_label(parts: list[str], line: str) -> str:
    """`line`, its opening letter given the full stop it lost when it is the list's next label
    (`B KUALA LUMPUR 739` -> `B. KUALA LUMPUR 739`)."""
    stripped = line.lstrip()
    if stripped[1:2] != " " or not (match := BARE_LABEL_LINE.match(line)):   # (most lines)
        return line
    if sum(map(len, parts)) > PILCROW_REPAIR_CHARS:
        return line     # (as `pilcrow_read_as_one`: a long block re-read at each line)
    due = next_letter(joined(parts))
    if due == "A" or match["letter"].upper() != due:     # no labels so far, or another letter
        return line
    return f"{line[:match.end()]}.{line[match.end():]}"


def continues_entry(parts: list[str], line: str) -> bool:
    """`line`, after a blank line, names the kind of document the last entry so far cites, and
    that entry is no cable citation."""
    if not DOCUMENT_KIND_LINE.match(line):
        return False
    entries = split_entries(joined(parts))
    return bool(entries) and citation(entries[-1][1]) is None


def next_letter(text: str) -> str:
    """The label that would come next in the REF text so far (`A` when it has none; `3` after
    `2`, `III` after `II` in a numbered list)."""
    labels = sequential_labels(text)
    if not labels:
        return "A"
    last = labels[-1][0]
    return chr(ord(last) + 1) if labels[0][0] == "A" else next_number(last)   # (or numbered)


def split_entries(text: str) -> list[tuple[str | None, str]]:
    """Split at labels A, B, C... taken in sequence (so initials such as `J. SMITH` inside an
    entry stay; see `sequential_labels` for the labels out of sequence it takes); a doubled
    label (`A. A)`) counts once. Unlabelled text is one entry. An entry that is a run of cable
    citations (`STATE 1234; BERLIN 12`, `STATE 1234 AND 5678`: see `split_citations`) is one
    entry per cable cited, each with the entry's label. `text`'s line ends are spaces in the
    entries."""
    labels = sequential_labels(text)
    if not labels:
        return [(None, part) for part in split_citations(text.replace("\n", " ").strip(" ,;"))]
    if len(labels) > 1 and labels[-1][2] >= len(text.rstrip()) and text[labels[-1][1]] == "(":
        labels.pop()            # `B. BERLIN 12 (C)`: a marking closing the last entry
    entries: list[tuple[str | None, str]] = []
    lettered = labels[0][0] == "A"         # (not numbered: `1.`, `I.`)
    for (letter, _, body_start), following in zip(labels, labels[1:] + [(None, len(text), None)]):
        # (a separator between two entries is none of theirs: `A) STATE 1 - B) BERLIN 2`)
        entry = text[body_start:following[1]].replace("\n", " ").strip(" ,;/-")
        if entry[-3:].upper() == "AND":
            entry = TRAILING_AND.sub("", entry)
        # TRAILING_LABEL ends with `[.)]$` (`$`: also before a last line end); it has no literal
        # start, so a search tries every character: most entries end otherwise.
        stray = TRAILING_LABEL.search(entry) if entry.endswith(LABEL_ENDS) else None
        if stray and stray["letter"].upper() < letter and lettered:   # `C. STATE 112304 B. D. STATE 32213`
            entry = entry[:stray.start()].rstrip(" ,;")
        if entries and entry[:3].upper() == "AND" and AND_PREVIOUS_ONLY.fullmatch(entry):
            entries[-1] = (entries[-1][0], entries[-1][1] + " " + entry)    # (see AND_PREVIOUS_ONLY)
            continue
        entries.extend((letter, part) for part in split_citations(entry, labelled=True))
    return entries


def sequential_labels(text: str) -> list[tuple[str, int, int]]:
    """(letter, label start, entry start) for labels A, B, C... in order; the first must open
    the text, but for a `B` after a first entry written without its label (`BERLIN 1234 (B)
    BERLIN 1345`, `STATE 1234 B BERLIN 12`: that entry is A, at 0). A label without its stop (BARE_LABEL) counts only
    where it is due, after a serial or a parenthesis (or opening the text: `A STATE 1`), and a
    cable citation or a document (`B ECON/POL E-MAIL 5/4/06`) follows it. A label out of
    sequence counts where it opens a line of a list written one entry a line (`(I) CIS DOC.`
    under `(D) 2005 MOSCOW 8915`: see `opens_a_line_of_the_list`). A list numbered instead
    (`1. STATE 12345 2. BERLIN 1234`): its labels, see `numbered_labels`."""
    if text[:1] in NUMBER_LABEL_FIRST and (numbered := numbered_labels(text)):
        return numbered         # `1. STATE 12345 2. BERLIN 1234`, `I. ... II. ...`
    bare = BARE_LABEL.finditer(text)
    if "." not in text and ")" not in text and ":" not in text and "-" not in text:
        # (every other label holds one of them: `STATE 2311`)
        candidates: Iterable[re.Match] = bare
    else:
        candidates = heapq.merge(ENTRY_LABEL.finditer(text), bare, key=re.Match.start)
    found: list[tuple[str, int, int]] = []
    expected = "A"
    for match in candidates:
        if match.re is BARE_LABEL:
            if not found and match.start() > 0 and is_bare_label(text, match, "B", True) \
                    and citation(text[:match.start()].rstrip(" ,;\n")) is not None:
                found.append(("A", 0, 0))       # `STATE 1234 B BERLIN 12`: (see `first_entry_unlabelled`)
                expected = "B"
            if is_bare_label(text, match, expected, bool(found)):
                found.append((expected, match.start(), skip_spaces(text, match.end())))
                expected = chr(ord(expected) + 1)
            continue
        letter = (match["enclosed"] or match["letter"]).upper()
        if not found and match.start() > 0:
            if letter != "B" or not first_entry_unlabelled(text, match):
                return []
            found.append(("A", 0, 0))
            expected = "B"
        if found and letter == found[-1][0] and match.start() <= found[-1][2] + 1:
            found[-1] = (letter, found[-1][1], skip_spaces(text, match.end()))   # `A. A)`
        elif found and match["enclosed"] and match.start() <= found[-1][2]:
            continue            # `B. (C) BERLIN 12`: a portion marking, an entry is never empty
        elif letter == expected or (letter > expected and (
                opens_a_line_of_the_list(text, match, found) or skips_to_a_citation(text, match, found))):
            found.append((letter, match.start(), skip_spaces(text, match.end())))
            expected = chr(ord(letter) + 1)
    return found


def numbered_labels(text: str) -> list[tuple[str, int, int]]:
    """(label, label start, entry start) of a list numbered `1.`, `2.`... or `I.`, `II.`...
    (NUMBER_LABEL: also `(1)`, `1)`, `1:`, `1 -`), [] when `text` opens with no such list. A
    number is a label only in sequence from the first, `1` or `I`, which opens the text; each
    where it is the one due, opening a line or after the end of the entry before it (a serial,
    a date's year, a closing parenthesis; any word of an entry naming a document: `ends_entry`),
    and before an entry (`entry_at`: not a paragraph's portion marking, `2. (C) TEXT`). So
    serials, years and paragraph numbers stay text (`08 STATE 1234`, `ROME 12, 2008`, `STATE 1234
    PARA 2`). A label doubled (`1. 1)`, as the scrape doubles letters) counts once."""
    first = NUMBER_LABEL.match(text)
    if first is None:
        return []
    label = (first["enclosed"] or first["number"]).upper()
    entry = after_doubled(text, skip_spaces(text, first.end()), label)
    if label not in FIRST_NUMBERS or not entry_at(text, entry):
        return []
    found = [(label, 0, entry)]
    due = next_number(label)
    for match in NUMBER_LABEL.finditer(text, entry):
        start = match.start()
        if start < found[-1][2] or (match["enclosed"] or match["number"]).upper() != due \
                or not (text[start - 1] == "\n" or ends_entry(text, found[-1][2], start)):
            continue
        entry = after_doubled(text, skip_spaces(text, match.end()), due)
        if entry_at(text, entry):
            found.append((due, start, entry))
            due = next_number(due)
    return found


def after_doubled(text: str, position: int, label: str) -> int:
    """`position`, or past the label `label` written again there (`1. 1) RIO 329`)."""
    doubled = NUMBER_LABEL.match(text, position) if text[position:position + 1] in NUMBER_LABEL_FIRST else None
    if doubled is not None and (doubled["enclosed"] or doubled["number"]).upper() == label:
        return skip_spaces(text, doubled.end())
    return position


# The first label of a numbered list.
FIRST_NUMBERS = frozenset({"1", "I"})


def next_number(label: str) -> str:
    """The label after `label` in a numbered list: `2` after `1`, `II` after `I`."""
    if label.isdigit():
        return str(int(label) + 1)
    position = ROMAN_NUMERALS.index(label) + 1 if label in ROMAN_NUMERALS else len(ROMAN_NUMERALS)
    return ROMAN_NUMERALS[position] if position < len(ROMAN_NUMERALS) else ""


def ends_entry(text: str, start: int, end: int) -> bool:
    """`text[start:end]` (from an entry's start to a number) is a whole entry before the next
    label: it ends with a serial, a date's year or a closing parenthesis, is a citation with what
    may follow one (`MOSCOW 3495 AND PREVIOUS`), or names a document (whose name may end with any
    word: `E-MAIL FROM J. SMITH`, `MAY 1 GILLARD-TREMONT LETTER`). An entry is short: a longer
    text is read only for its last character (no slice of it: a text of many numbers not due
    would be read again for each)."""
    last = end - 1
    while last >= start and text[last] in " ,;\n":
        last -= 1
    if last < start:
        return False
    if text[last] in BARE_LABEL_AFTER:
        return True
    if last - start >= ENTRY_CHARS:
        return False
    entry = text[start:last + 1]
    return DOCUMENT_KIND.search(entry) is not None \
        or citation(entry.replace("\n", " ")) is not None       # `MOSCOW 3495 AND PREVIOUS`, `... NODIS`


# The longest REF entry `ends_entry` reads whole (entries are a line or two).
ENTRY_CHARS = 300


def entry_at(text: str, position: int) -> bool:
    """An entry opens at `position` of `text`, after a numbered label (or on the next line: `3)`
    / `PARIS 2359`): some text, not a paragraph's portion marking (`2. (C) TEXT`)."""
    if text[position:position + 1] == "\n":
        position = skip_spaces(text, position + 1)
    return text[position:position + 1] not in ("", "\n") and MARKING_START.match(text, position) is None


def cites_at(text: str, position: int) -> bool:
    """A cable citation (`STATE 12345`, `08 BERLIN 12`, `08STATE12345`) or a document named
    within its first words (`E-MAIL FROM ...`, `MEMCON`) opens at `position` of `text`."""
    cited = CITATION_IN_RUN.match(text, position)
    if cited is not None and citation(TRAILING_AND.sub("", cited.group().strip(" ,;&/-\n"))) is not None:
        return True
    return GLUED_ID.match(text, position) is not None or DOCUMENT_ENTRY.match(text, position) is not None


def numbered_line_due(parts: list[str], line: str, due: str | None = None) -> str:
    """The label due after `line` when `line`, under the REF block's lines so far (`parts`), is
    the next entry of its numbered list ("" when it is not; DUE_UNKNOWN when the line holds more
    labels): it opens with the label due (`1` or `I` under the heading alone, `2` after `1.`...;
    `due`, when the caller knows it) before an entry that fills the line up to the next label
    (`fills_entry`: `2. BERLIN 1234`; not a paragraph, `2. (C) TEXT`, `2. STATE 1234 ASKED ...`)."""
    if line.lstrip(" \t¶")[:1] not in NUMBER_LABEL_FIRST or (match := NUMBER_LABEL_LINE.match(line)) is None:
        return ""
    label = (match["enclosed"] or match["number"]).upper()
    serial = True               # (a serial alone is an entry after the first)
    if due is None:
        if text := joined(parts):
            labels = numbered_labels(text)
            due = next_number(labels[-1][0]) if labels else None
        else:                   # under the heading alone: the first
            due, serial = (label if label in FIRST_NUMBERS else None), False
    if label != due:
        return ""
    entry = line[after_doubled(line, skip_spaces(line, match.end()), label):].rstrip()
    # under the heading alone, `1.` may open the first paragraph (`1. STATE 12345 ASKED ...`): its
    # entry must fill the line; other labels (`1)`, `(1)`, `I.`) open none, and under a numbered
    # list the label due is no paragraph's (they are numbered from 1): any entry
    strict = not serial and match["stop"] == "." and label.isdigit()
    following = next_number(label)
    for later in NUMBER_LABEL.finditer(entry):
        if (later["enclosed"] or later["number"]).upper() == following:
            entry = entry[:later.start()].rstrip()
            return DUE_UNKNOWN if (fills_entry(entry, serial) if strict else entry_at(entry, 0)) else ""
    return following if (fills_entry(entry, serial) if strict else entry_at(entry, 0)) else ""


# (see numbered_line_due)
DUE_UNKNOWN = "?"


def fills_entry(entry: str, serial: bool = True) -> bool:
    """`entry` is an entry whole: a cable citation with what may follow it (`BERLIN 1234
    (NOTAL)`), several (`STATE 1234 AND 5678`), or a document named within its first words; or,
    after the first (`serial`), a serial alone (`5678`: see `citations`)."""
    if DOCUMENT_ENTRY.match(entry) is not None or (serial and serial_alone(entry) is not None):
        return True
    parts = split_citations(entry)
    return citation(parts[0]) is not None or cites_redacted_serial(parts[0])


def opens_numbered_entry(line: str) -> bool:
    """`line`, a numbered line where the header block would end (`_body.header_block`), may be
    an entry of a numbered REF list (`2. BERLIN 1234`): its number, two digits at most, before an
    entry that fills the line up to the next label, or (a number after 1, which opens no first
    paragraph) any entry; not a paragraph (`1. (C) ...`, `1. The ...`)."""
    match = NUMBER_LABEL_LINE.match(line)
    if match is None or match["number"] is None:
        return False
    position = after_doubled(line, skip_spaces(line, match.end()), match["number"])
    if line[position:position + 1] == "(" or not entry_at(line, position):
        return False            # (most: `1. (C) ...`)
    if match["number"] != "1":  # after a list run onto the REF line (`REF: 1. 05 PARIS 7528` /
        return True             # `2. 01/11/06 PARIS POINTS`): `lines_read` tells
    if not (cites_at(line, position) or SERIAL_START.match(line, position)):
        return False            # (most others: `1. The ...`, `1. Summary: ...`)
    entry = line[position:].rstrip()
    for later in NUMBER_LABEL.finditer(entry):
        if later["number"] == "2":
            entry = entry[:later.start()].rstrip()
            break
    return fills_entry(entry, serial=False)


def lines_read(head: HeadBlock) -> int:
    """How many of `head`'s lines its REF block reads (to the last line it reads, from the
    head's first line; 0 without a REF block): `_body.header_block` ends the head under them when
    they are entries of a numbered list (`2. BERLIN 1234`), which would be paragraphs."""
    return reference_block(head)[1]


def first_entry_unlabelled(text: str, label: re.Match) -> bool:
    """`label` (a `B`, the first label of `text`) follows a first entry written without its
    label: a cable citation or an entry closed by a serial, a date's year or a parenthesis
    (`BERLIN 1234 (B) BERLIN 1345`), and an entry follows it (not `STATE 1234 (B)`, a marking)."""
    before = text[:label.start()].rstrip(" ,;\n")
    return before.endswith(BARE_LABEL_AFTER) and skip_spaces(text, label.end()) < len(text.rstrip())


def opens_a_line_of_the_list(text: str, label: re.Match, found: list[tuple[str, int, int]]) -> bool:
    """`label` opens a line of a list written one labelled entry a line: two labels or more
    found so far, each opening a line before it, every one of which one of them opens."""
    start = label.start()
    if len(found) < 2 or start == 0 or text[start - 1] != "\n":
        return False
    line_starts = [0]
    while line_starts[-1] < start:
        line_starts.append(text.index("\n", line_starts[-1]) + 1)
    return line_starts[:-1] == [label_start for _, label_start, _ in found]


def ends_before(text: str, end: int, endings: tuple[str, ...], strip: str | None = None) -> bool:
    """`text[:end].rstrip(strip).endswith(endings)` (endings of one character), read in the last
    ENDING_WINDOW characters before `end` unless they are all stripped: each label of a long REF
    text copied the text before it (a 33 KB text of 5,500 labels: 75 ms)."""
    window = text[max(0, end - ENDING_WINDOW):end].rstrip(strip)
    if not window and end > ENDING_WINDOW:
        window = text[:end].rstrip(strip)
    return window.endswith(endings)


ENDING_WINDOW = 64


def skips_to_a_citation(text: str, label: re.Match, found: list[tuple[str, int, int]]) -> bool:
    """`label`, a letter past the one due with its stop or parentheses (`D.` after `B.`: a letter
    skipped), stands between two cable citations: after a serial or a parenthesis closing the
    entry so far, before a citation (`B. BERLIN 1345 D. BERLIN 1400`; not `B. MEMO FROM JOHN D.
    SMITH`, nor `D. SMITH 5/4/06`)."""
    if not found or not ends_before(text, label.start(), BARE_LABEL_AFTER):
        return False
    cited = CITATION_IN_RUN.match(text, skip_spaces(text, label.end()))
    return cited is not None and citation(cited.group().strip(" ,;&\n")) is not None


def is_bare_label(text: str, match: re.Match, expected: str, after_entry: bool) -> bool:
    """BARE_LABEL's `match` is the label `expected`: its letter, after an entry's serial or
    parenthesis (`after_entry`) or opening the text, a cable's citation or a document after it."""
    if match["bare"].upper() != expected:
        return False
    if after_entry:
        if not ends_before(text, match.start(), BARE_LABEL_AFTER, " ,;\n"):   # `STATE 1, B - BERLIN 2`
            return False
    elif match.start() > 0:
        return False
    return match["document"] is not None or citation(match["cited"]) is not None


def skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] == " ":
        position += 1
    return position


def split_citations(text: str, labelled: bool = False) -> list[str]:
    """Several citations one after another are several entries (`SAO PAULO 433 SAO PAULO 421`,
    `10 CARACAS 9; 09 CARACAS 1374`), and so are serials after the first that share its station
    and year, each written alone after a separator (`STATE 1234 AND 5678`, `STATE 1234, 5678 AND
    9012`: `STATE 1234`, `5678`, `9012`; see `citations`); the last may carry what a citation
    may (`STATE 1234 AND 5678 DTG 121212Z JAN 09`). Anything else is one entry (also a citation
    followed by what only looks like one: `STATE 1234 PARA 3 AND 4`, `MAY 5 AND 6`, `STATE 1234
    AND 2 OTHERS`, `MADRID 417 AND PREVIOUS`, a year after a comma: `ROME 12, 2008`). A
    `labelled` entry's citations are joined by a separator (`,`, `;`, `&`, `AND`), not by a
    space alone (`A. STATE 1234 PLAN B BERLIN 12` is one entry)."""
    if labelled and not LABELLED_RUN_MARK.search(text):
        return [text]           # (most labelled entries: one citation, no separator)
    parts: list[str] = []
    position, last_start, separator = 0, 0, ""
    while position < len(text):
        separated = any(mark in separator for mark in ",;&") or "AND" in separator.upper()
        match = CITATION_IN_RUN.match(text, position) \
            if separated or not (parts and labelled) or "/" in separator or "-" in separator else None
        if match is None and separated:
            match = SERIAL_IN_RUN.match(text, position)
            if match is not None and match.end() == len(text) and YEAR_ALONE.fullmatch(match["serial"]) \
                    and "AND" not in separator.upper():
                return [text]           # `ROME 12, 2008`: the year of the citation
        if match is None:
            # the last citation with what may follow it: `... AND 5678 DTG 121212Z JAN 09`, `...
            # AND BERLIN 12 DTG 121212Z JAN 09`
            if separated and serial_alone(text[position:]) is not None:
                parts.append(text[position:])
                break
            last = text[last_start:]
            if len(parts) > 1 and (citation(last) is not None or serial_alone(last) is not None):
                parts[-1] = last
                break
            return [text]
        parts.append(TRAILING_AND.sub("", match.group().strip(" ,;&/-")))
        last_start, separator, position = position, match["separator"], match.end()
    if len(parts) > 1 and (citation(parts[0]) is None or any(
            citation(part) is None and serial_alone(part) is None for part in parts[1:])):
        return [text]
    return parts or [text]


def serial_alone(text: str) -> int | None:
    """The serial of `text` when it is a serial alone, with what may follow a citation's serial
    (`5678`, `5678 (NOTAL)`, `5678 DTG 121212Z JAN 09`): a cable of the station of the citation
    before it; None for other text."""
    match = SERIAL_ALONE.match(text)
    if match is None or CITATION_REST.match(match["rest"]) is None:
        return None
    return int(match["serial"])


def citations(references: list[dict]) -> list[tuple[str | None, str, int] | None]:
    """Each reference's citation (see `citation`), a serial alone (`5678` after `STATE 1234`,
    with the same label: see `split_citations`; or under a label of its own, `A. STATE 1234 B.
    5678`, a later telegram of the same station and year) that of the citation before it with
    its serial; None for no cable."""
    found: list[tuple[str | None, str, int] | None] = []
    for number, reference in enumerate(references):
        parts = described_citation(reference["text"]) if reference["kind"] == "CABLE" else None
        if parts is None and number and found[-1] is not None \
                and (serial := serial_alone(reference["text"])) is not None:
            parts = (found[-1][0], found[-1][1], serial)
        found.append(parts)
    return found


def make_reference(label: str | None, text: str, year: int | None) -> dict:
    email = "ma" in text.lower() and EMAIL.search(text) is not None   # `E-MAIL` but its `i` (see HeadBlock)
    # (an e-mail's entry names a cable only as `citation` reads one: `STATE 12345 AND E-MAIL OF
    # 3/4/08` is the e-mail's, no id, as the contract's `reference_id` is a cable's)
    parts = citation(text) if email else described_citation(text)
    if parts is not None and parts[0] and not may_be_cited_year(parts[0]):
        parts = None            # `22 CFR 42.12`: a number before a word, no cable's year
    reference_id = id_of_citation(parts, year)
    if email:
        kind = "EMAIL"
    elif parts is not None or cites_redacted_serial(text):
        kind = "CABLE"
    else:
        kind = "OTHER"
    return {"label": label, "text": text, "reference_id": reference_id, "kind": kind}


def may_be_cited_year(written: str) -> bool:
    """The year `written` before or after a citation (`08`, `2008`) may be a cited telegram's:
    within the cables' years. A number before a word that is not is no year, and the entry no
    cable (`22 CFR 42.12`, a volume and section of a code). (Not bounded by the citing cable's
    own year: a retransmission, or a DTG typed with the old year, cites later telegrams.)"""
    return FIRST_CITED_YEAR <= dtg_year(written) <= LAST_CITED_YEAR


# The years of the telegrams a REF line may cite: Cablegate's, 1966-2010 (narrower than the years a
# DTG may carry, `_dates.FIRST_CABLE_YEAR`: a number before a word is more often no year).
FIRST_CITED_YEAR, LAST_CITED_YEAR = 1966, 2010


def cites_redacted_serial(text: str) -> bool:
    """`text` cites a telegram of a known station whose serial was redacted (`Beijing
    XXXXXXXXXXXXX`, `08 BEIJING XXXXXXXX`): a cable, its id unknown."""
    match = REDACTED_CITATION.match(text) if "xxx" in text.lower() else None
    return match is not None and station_name(match["station"].upper().split()) in known_stations()


# A cable citation whose serial is a redaction run: year, station, `XXX...`.
REDACTED_CITATION = re.compile(r"""
    ^(?:\d{2}(?:\d{2})?\s+)?(?P<station>[A-Z][A-Z.'-]*+(?:\ [A-Z][A-Z.'-]*+){0,3}?)\s+X{3,}\W*$
    """, re.VERBOSE | re.IGNORECASE)


def cable_id(text: str, year: int | None) -> str | None:
    """`06 TBILISI 2601` -> `06TBILISI2601`; `STATE 80908` cited in 2006 -> `06STATE80908`;
    None when the text is no cable or the year cannot be known."""
    return id_of_citation(citation(text), year)


def id_of_citation(parts: tuple[str | None, str, int] | None, year: int | None) -> str | None:
    """`cable_id` of a citation's parts (see `citation`)."""
    if parts is None:
        return None
    cited_year, station, serial = parts
    if station in OWN_TELEGRAMS or station in ADDRESSEE_TELEGRAMS:   # (see OWN_TELEGRAMS)
        return None
    if cited_year:
        year_digits = cited_year[-2:]
    elif year is not None:
        year_digits = f"{year % 100:02d}"
    else:
        return None
    return f"{year_digits}{station}{serial}"


@lru_cache(maxsize=1024)
def citation(text: str) -> tuple[str | None, str, int] | None:
    """(the year as written or None, station, serial) of a cable citation; None for no cable.
    Cached: a reference's citation is read when it is made and again when it is dated."""
    match = citation_match(text)
    if not match:
        return None
    rest = CITATION_REST.match(match["rest"])
    if not rest:
        return None
    words = match["station"].upper().split()
    station = station_name(words)
    if station not in LONG_STATIONS and not_a_station(words):
        return None
    return match["year"] or rest["year"] or year_of_date(match["rest"]), station, int(match["serial"])


def citation_match(text: str) -> re.Match | None:
    """CABLE_CITATION's (or GLUED_CITATION's) match of `text`, its portion marking dropped
    (`(C) STATE 12345`): a station and serial opening it, what follows them unread."""
    if text.startswith("("):
        text = ENTRY_MARKING.sub("", text)
    return CABLE_CITATION.match(text) or GLUED_CITATION.match(text)


@lru_cache(maxsize=1024)
def described_citation(text: str) -> tuple[str | None, str, int] | None:
    """`citation`'s parts of `text`, or of a citation followed by its description
    (DESCRIBED_REST: `08 STATE 456 - USG VIEWS ON IRAN`, `STATE 12345 DEMARCHE REQUEST`) whose
    station is one the routing list or the REF lines' short names know (`STATE`, `BRASILIA`,
    `DEPTEL`): a station and serial at the entry's start, not prose that mentions a number
    (`THE MINISTER MET 3 ENVOYS`). Only an entry's cable is read so; the rules that tell where
    entries and the REF block end read `citation`, which takes no words after the serial (a
    paragraph, `STATE 12345 ASKED POSTS TO REPORT.`, is no REF entry by them)."""
    parts = citation(text)
    if parts is not None:
        return parts
    match = citation_match(text)
    if match is None or DESCRIBED_REST.match(match["rest"]) is None:
        return None
    words = match["station"].upper().split()
    station = station_name(words)
    if station not in described_stations() or not_a_station(words):
        return None
    if len(match["serial"]) == 4 and FIRST_CITED_YEAR <= int(match["serial"]) <= LAST_CITED_YEAR:
        return None         # a year and its report, no serial: `STATE 2008 HUMAN RIGHTS REPORT`
    return match["year"], station, int(match["serial"])


@lru_cache(maxsize=1)
def described_stations() -> frozenset:
    """The stations a described citation may name (see `described_citation`): the routing
    list's, the long names, the Department and the telegrams named by kind."""
    return known_stations() | {DEPARTMENT} | TELEGRAM_KINDS


def not_a_station(words: list[str]) -> bool:
    """A word of `words` is never a station's (NOT_STATIONS), as written or without its full
    stops (`E.O. 13224` is an executive order, as `EO 13224` is)."""
    return not NOT_STATIONS.isdisjoint(words) or any(
        "." in word and word.replace(".", "") in NOT_STATIONS for word in words)


def year_of_date(rest: str) -> str | None:
    """The year of the date written after a citation's serial (see CITED_DATE), as written
    (`05`, `2008`); None when no date follows it."""
    if not rest or not any(character.isdigit() for character in rest[:40]):
        return None             # (most: nothing, `(NOTAL)`, `AND PREVIOUS`)
    date = CITED_DATE.match(rest)
    return date and (date["dtg"] or date["slashed"] or date["written"] or date["alone"])


def station_name(words: list[str]) -> str:
    """Letters only, Cablegate's spelling, truncated long names completed (`RIO DE JAN`), the
    kind of post dropped (`EMBASSY VIENNA` is `VIENNA`)."""
    if words[-1].endswith(("'S", "’S")):
        words = words[:-1] + [words[-1][:-2]]     # the sender's telegram: `DEPT'S 34567`
    if len(words) > 1 and words[-1] in TELEGRAM_WORDS:
        words = words[:-1]                  # `STATE TEL 12345`, `EMBASSY BRASILIA CABLE 1500`
    # The field is cut at its width, which may hold the kind of post (`USEU BRUSS`, whose
    # `BRUSS` is short) or not (`AMEMBASSY TEGUCIGALP`: `TEGUCIGALP` fills it alone).
    as_written = len(" ".join(words)) == STATION_FIELD_CHARS
    words = without_post_kind(words)
    if (station := exact_rule_stations().get(" ".join(words))) is not None:
        return station                      # a post the FM rules name whole: `IRAN RPO DUBAI`
    if len(words) > 1 and len(words[-1]) == 2 and is_known(letters("".join(words[:-1]))):
        words = words[:-1]                  # a country code after the post (`MADRID SP 0307`, `USUN NY`)
    if len(words) > 1 and words[-1] == "CITY" and letters("".join(words)) not in LONG_STATIONS:
        words = words[:-1]                  # Cablegate's `MEXICO` for `MEXICO CITY 123`
    name = letters("".join(words))
    if name.endswith("TELS") and name[:-1] in TELEGRAM_KINDS:
        name = name[:-1]                    # several telegrams by kind: `EMBTELS 567 AND 590`
    if name in STATION_ALIASES:
        return STATION_ALIASES[name]        # Cablegate's name, whole (`HOLY SEE` is VATICAN)
    cut = as_written or len(" ".join(words)) == STATION_FIELD_CHARS
    return completed_station(name, may_be_cut=cut or len(words) > 1, field_cut=cut)


def without_post_kind(words: list[str]) -> list[str]:
    """`words` without the kind of post before the place (POST_KINDS: `USMISSION GENEVA`; or
    SPELLED_KINDS after their country's word: `US MISSION GENEVA`, `AMERICAN CONSULATE GENERAL
    JERUSALEM`), when a place follows it; a mission `TO` an organisation is the mission's short
    name (`US MISSION TO NATO` is `USNATO`, see MISSION_WORDS)."""
    place = after_post_kind(words)
    if len(place) > 1 and place[0] == "TO" and not MISSION_WORDS.isdisjoint(words[:len(words) - len(place)]):
        organisation = place[2:] if place[1] == "THE" and len(place) > 2 else place[1:]
        return ["US" + organisation[0], *organisation[1:]]
    return place


def after_post_kind(words: list[str]) -> list[str]:
    """`words` after the kind of post that opens them (see `without_post_kind`), when a word
    follows it; else `words`."""
    if len(words) > 1 and words[0] in POST_KINDS:
        return words[1:]
    if len(words) > 2 and words[0] in SPELLED_KIND_COUNTRY and words[1] in SPELLED_KINDS:
        cut = 3 if SPELLED_KIND_ENDS.get(words[1]) == words[2] else 2
        return words[cut:] if len(words) > cut else words
    return words


@lru_cache(maxsize=1)
def exact_rule_stations() -> dict[str, str]:
    """The station of each post the origin rules name by its whole FM line (`RPO DUBAI`, `IRAN
    RPO DUBAI`, `SECSTATE WASHDC`): a REF that names a post so cites the telegrams the parser
    would give that station in their ids. (`AIT TAIPEI` is read without its kind first, see
    POST_KINDS.)"""
    return {rule.written: rule.station for rule in origin_rules() if rule.kind == "exact"}


def is_known(name: str) -> bool:
    """`name` (letters) is a known station, or a short name of one (`USUN`: see STATION_ALIASES)."""
    return STATION_ALIASES.get(name, name) in known_stations()


# Words Cablegate's station names begin with that REF lines leave out: the article of `THE
# HAGUE` (`HAGUE 456` is THEHAGUE's, as the parser names The Hague's own telegrams).
LEFT_OUT_WORDS = ("THE",)


@lru_cache(maxsize=1024)      # each call reads every known station
def completed_station(key: str, may_be_cut: bool, field_cut: bool = False) -> str:
    """A truncated station name completed (`RIO DE JAN` -> `RIODEJANEIRO`, `TEGUCIGALP` ->
    `TEGUCIGALPA`) when one known station starts with it (or one that all others start with:
    `USUNNEWYORK`, not `USUNNEWYORKNY`); known stations are those of the routing list and the
    long names REF lines cut. A name may be cut when it has several words or fills the station
    field; a shorter single word is left as it is: Cablegate writes `MEXICO` and `GUATEMALA`
    where the routing list says `MEXICO CITY` and `GUATEMALA CITY`. A name under 6 letters is
    completed only where the field was filled (`field_cut`: `USEU BRUSS`, its kind before it)."""
    stations = known_stations()
    if key in stations:
        return key
    if (whole := next((word + key for word in LEFT_OUT_WORDS if word + key in stations), None)) is not None:
        return whole            # `HAGUE 456`
    if not may_be_cut or (len(key) < 6 and not field_cut):
        return key
    candidates = sorted((name for name in stations if name.startswith(key)), key=len)
    if candidates and all(name.startswith(candidates[0]) for name in candidates):
        return candidates[0]
    return key


@lru_cache(maxsize=1)
def known_stations() -> frozenset:
    return frozenset(_posts_by_station()) | frozenset(LONG_STATIONS)
