"""The E.O. line: the executive order's number (`E.O. 12958`) and the `DECL:` (declassify on) date."""
import datetime
import re

from ._body_head import HeadBlock

# `DECL: 07/07/2016`, `DECL 1.6X1`, `Declassify on 9/30/2018`; the value runs to TAGS or line end.
# The lookaheads `(?=d)`, `(?=[ts])` hold the first letters of a match: the patterns have no
# literal start (case-insensitive letters are none), so they are tried at every character, and
# most characters fail at once there.
DECL_LABEL = re.compile(r"(?=d)\bDECL(?:ASSIFY(?:\s+ON)?)?\b\s*:?\s*", re.IGNORECASE)
# `E.O. 12958`, `EO 12958`, `E. O. 11652`, `E.o. 12958` and `E.0. 12958` (scraping damage).
# Possessive runs (`\s*+`): with plain `\s*:?\s*` a failing match tries every split of a long
# run of spaces between the two (quadratic: 8 KB of spaces took 0.35 s).
# `(?=e)`: a pattern without a literal start (case-insensitive letters are none) is tried at
# every character; the lookahead makes most characters fail at once.
EXECUTIVE_ORDER = re.compile(r"(?=e)(?<![A-Za-z])E\.?\s?[O0]\.?\s*+:?\s*+(?P<number>1\d{4})\b", re.IGNORECASE)
# The E.O. line itself: `E.O. 12958: 07/07/2016` has a date without the DECL label; the order
# is read in every spelling EXECUTIVE_ORDER reads (`E.o. 12958 03/24/2019` of a scrape that
# sentence-cased the header, `e.o.` lower-cased, `E.0.`), then the separator before the date.
EO_PREFIX = re.compile(EXECUTIVE_ORDER.pattern + r"\s*:?\s*", re.IGNORECASE)
VALUE_END = re.compile(r"(?=[ts])(?:\bTAGS\b|\bSUBJ)", re.IGNORECASE)

# E.O. 12065 (1978-82) writes its schedule before the date: GDS (the general declassification
# schedule, the date the cable is declassified on), XDS-1..4 (extended) or RDS-1..3 (review,
# several categories joined by commas: `RDS-1,3`), and the date they name; then the classifier
# and office (`E.O. 12065: XDS-1 5/15/96 (HARTMAN, ARTHUR A.) OR-M`). E.O. 11652's advance
# schedule writes its date so too (`ADS 12/31/76`, `ADS, DECLAS 12/31/76`). A schedule without a
# date (`E.O. 11652: GDS`) is NO_DATE's. (SCHEDULE_12065 is `_body_classified_by`'s too.)
SCHEDULE_12065 = r"(?:GDS|XDS-?[1-4]|RDS-?[1-3](?:[ ]?,[ ]?[1-3])*)"
ORDER_SCHEDULE = re.compile(r"""
    (?:""" + SCHEDULE_12065 + r"""
      | ADS,?(?:[ \t]+DECLAS)? )
    (?:[ \t]+|[ \t]*-[ \t]*)(?=\d)         # a space before the date, or a dash (`GDS-3/12/85`)
    """, re.VERBOSE | re.IGNORECASE)

# Values that mean "no date" on purpose: not applicable, originating agency's determination
# required, general declassification schedule, and the X1..X8 / 25X exemption codes.
NO_DATE = re.compile(r"^(?:N/?A|OADR|GDS|NONE|MR|\S*X\d)\b", re.IGNORECASE)

MONTHS = {name: number for number, name in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
# (the separator `/` or, the same both times, `-`: `03-12-2018`)
NUMERIC_MDY = re.compile(r"\b(?P<month>\d{1,2})(?P<separator>[/-])(?P<day>\d{1,2})(?P=separator)(?P<year>\d{4}|\d{2})\b")
NUMERIC_YMD = re.compile(r"\b(?P<year>\d{4})[/-](?P<month>\d{1,2})[/-](?P<day>\d{1,2})\b")
DAY_MONTH_YEAR = re.compile(r"\b(?P<day>\d{1,2})\s*(?P<month>[A-Za-z]{3})[A-Za-z]*\.?,?\s*(?P<year>\d{4}|\d{2})\b")
MONTH_DAY_YEAR = re.compile(r"\b(?P<month>[A-Za-z]{3})[A-Za-z]*\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\b")
DATE_FORMATS = (NUMERIC_YMD, NUMERIC_MDY, DAY_MONTH_YEAR, MONTH_DAY_YEAR)


def parse_declassify_on(head: HeadBlock, warnings: list[str]) -> datetime.date | None:
    """The DECL date of the header block; None for N/A, OADR and the like, or if absent.
    A value that cannot be read gives None and a warning."""
    value = declassify_value(head)
    if value is None or not value or NO_DATE.match(value):
        return None
    date = parse_date(value)
    if date is None:
        warnings.append(f"declassify_on not understood: {value[:60]}")
    return date


# A date wrapped onto the line under `DECL:` (`03/12/2018`, `3-12-18`), not the reasons (`1.4 (B)`).
WRAPPED_DATE = re.compile(r"\d{1,4}[/-]\d")


def declassify_value(head: HeadBlock) -> str | None:
    """The text after `DECL:` (or after `E.O. 12958:` when it is a date), or None. A label that
    closes its line (`E.O. 12958: DECL:` / `03/12/2018`) takes the next line when that opens
    with a figure: its date, wrapped."""
    for index in head.lines_with("decl"):
        label = DECL_LABEL.search(head.lines[index])
        if label:
            value = before_value_end(head.lines[index][label.end():]).strip(" .:")
            if not value and index + 1 < len(head.lines) \
                    and WRAPPED_DATE.match(wrapped := head.lines[index + 1].strip()):
                value = before_value_end(wrapped).strip(" .:")
            return value
    for line in head.lines:
        prefix = EO_PREFIX.search(line) if "1" in line else None    # (the order's number holds one)
        if prefix:
            rest = before_value_end(line[prefix.end():]).strip(" .:")
            if schedule := ORDER_SCHEDULE.match(rest):
                rest = rest[schedule.end():]
            return rest if rest[:1].isdigit() else None
    return None


def before_value_end(text: str) -> str:
    """`text` up to VALUE_END (`TAGS`, `SUBJ` run into the line), or all of it."""
    end = VALUE_END.search(text)
    return text[:end.start()] if end else text


def parse_date(value: str) -> datetime.date | None:
    """A date in MM/DD/YYYY (also MM-DD-YYYY), YYYY/MM/DD, DD MMM YYYY or MMM DD, YYYY; None if
    none is valid. Figures that cannot be month first, day second (`31/12/2018`: no month 31)
    are read day first, the one reading left; a date that fits both is read month first, as the
    telegram writes it."""
    for pattern in DATE_FORMATS:
        match = pattern.search(value)
        if match:
            date = make_date(match["year"], match["month"], match["day"])
            if date is None and pattern is NUMERIC_MDY and int(match["month"]) > 12:
                date = make_date(match["year"], match["day"], match["month"])
            return date
    return None


def make_date(year: str, month: str, day: str) -> datetime.date | None:
    """A date from its parts; a two-digit year is 19YY from 50 on, else 20YY."""
    month_number = int(month) if month.isdigit() else MONTHS.get(month[:3].upper())
    full_year = int(year) if len(year) == 4 else int(year) + (1900 if int(year) >= 50 else 2000)
    try:
        return datetime.date(full_year, month_number or 0, int(day))
    except ValueError:
        return None


def find_executive_order(head: list[str]) -> str | None:
    """`E.O. 12958` in any spelling, normalised. (The order's number holds a `1`: the lines above
    the E.O. line, most without one, are told so by a substring search instead of the pattern.)"""
    for line in head:
        match = EXECUTIVE_ORDER.search(line) if "1" in line else None
        if match:
            return f"E.O. {match['number']}"
    return None


# A month's name, written out or cut short: `January`, `Jan`, `Sept`.
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")

# The date line newspapers published cables under, alone on a line above the classification
# line: `Friday, 27 August 2004, 08:08`, the cable's DTG as a date and UTC time. The weekday
# must be the date's (a check that the line is what it says).
DATE_LINE = re.compile(r"""
    ^\s*+(?P<weekday>Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s++
    (?P<day>\d{1,2})\s++(?P<month>""" + _MONTH + r""")\s++(?P<year>(?:19|20)\d\d),\s++
    (?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)\s*+$
""", re.VERBOSE | re.IGNORECASE)
WEEKDAYS = {name: number for number, name in enumerate(
    ("MON", "TUES", "WEDNES", "THURS", "FRI", "SATUR", "SUN"))}
# How many lines from the top of an extract the date line is looked for in (it stands right
# above the classification line, under the source's notice and blank lines).
DATE_LINE_LINES = 8


def date_line(text: str) -> datetime.datetime | None:
    """The date and UTC time of the date line among the first lines of `text` (see DATE_LINE),
    or None: without one, or when its weekday is not its date's."""
    for line in text.split("\n", DATE_LINE_LINES)[:DATE_LINE_LINES]:
        match = DATE_LINE.match(line) if "day," in line.lower() else None
        if match is None:
            continue
        day = make_date(match["year"], match["month"], match["day"])
        if day is None or day.weekday() != WEEKDAYS[match["weekday"].upper()]:
            return None
        return datetime.datetime(day.year, day.month, day.day, int(match["hour"]),
                                 int(match["minute"]), tzinfo=datetime.timezone.utc)
    return None


# A day the text reports an event on, in the past: the cable was written on that day or later.
# Read only where the grammar says the event is past, so that plans (`will meet on March 3`, `by
# March 3`, `scheduled for March 3`) are not:
# - a verb of reporting in the past tense before the date, with the object of `told` (four
#   words at most, none opening a clause or a future): `told Poloff January 26`, `told the
#   Ambassador on May 4`, `said March 3`, `announced on May 3`;
# - the past passive, `were arrested on January 26`, `was begun in September 2004`, but for the
#   verbs that schedule (`was scheduled`, `was expected`, `was set`...).
# The date: `January 26`, `Jan. 26, 2005`, `26 January 2005`, `September 2004`; not before a
# verb that makes it the subject of what was said (`said March 3 would be the deadline`).
# Matched in the lower-cased text, from each cue word (_CUE_WORDS, found by DATE_CUE) on: with
# IGNORECASE and no literal start the pattern would be tried at every character.
_MONTH_LOWER = _MONTH.lower()
REPORTED_DATE = re.compile(r"""
    (?:
        (?:told|informed|briefed)\b
        (?:\s++(?!(?:that|would|will|to|by|until|before|after|next|when|if|on|in)\b)
           [^\s,.;:]++){0,4}?                          # its object, in the clause
      | (?:said|stated|noted|explained|announced|reported|confirmed|declared)
      | (?:was|were|had\s++been|has\s++been|have\s++been)\s++
        (?!(?:scheduled|expected|planned|slated|set|due|postponed|delayed|rescheduled|moved
            |supposed|intended|proposed|tentatively|asked|invited|urged|told|informed)\b)
        [a-z]+(?:ed|en|wn|nt|ld|un|ght)\b
    )
    \s++(?:on\s++|in\s++)?
    (?=[adfjmnos\d])                                   # a month's or a day's first character
    (?:
        (?P<month>""" + _MONTH_LOWER + r""")\.?\s++(?P<day>\d{1,2})(?:st|nd|rd|th)?\b
        (?:,?\s++(?P<year>(?:19|20)\d\d)\b)?
      | (?P<day_first>\d{1,2})\s++(?P<month_second>""" + _MONTH_LOWER + r""")\b\.?
        (?:,?\s++(?P<year_second>(?:19|20)\d\d)\b)?
      | (?P<month_only>""" + _MONTH_LOWER + r""")\.?,?\s++(?P<year_only>(?:19|20)\d\d)\b
    )
    (?!\s++(?:would|will|is|as|was\s++to)\b)
""", re.VERBOSE)
# The cue words REPORTED_DATE is matched after (found by DATE_CUE, below).
_CUE_WORDS = ("told|informed|briefed|said|stated|noted|explained|announced|reported|confirmed"
              "|declared|was|were|had|has|have")
# The cue words read in one text: a bound on the work a hostile text can ask for (a corpus
# cable holds 32 at the median, 308 at most).
MOST_CUE_WORDS = 1_000


# A month the text says an event happened in, written with its year and no day, in the past:
# `first began in September 2004`, `were arrested in March 2005`, `held talks in May 2008`,
# `has been in custody since March 2005`. The cable was written in that month or later (its
# first day is the bound). Read after `since`, or after a verb in the past tense (a regular
# one's `-ed`, or an irregular past) that no word making it an infinitive, a passive to come or
# a modal's stands before (`could be released in May 2015`, `to be held in June 2008`, `will
# have started in`), and not after the verbs that schedule (`scheduled in March 2006`).
# Matched on the words before each written year (PAST_MONTH_BEFORE, anchored at their end).
_IRREGULAR_PAST = ("began|begun|took|taken|met|came|went|held|won|lost|made|gave|given|left"
                   "|became|fell|fallen|rose|risen|saw|seen|sent|broke|broken|fought|led|paid"
                   "|sold|spoke|spoken|spent|stood|told|wrote|written|built|brought|bought|chose"
                   "|chosen|drew|drawn|fled|flew|flown|found|froze|frozen|got|grew|grown|heard"
                   "|kept|knew|known|laid|meant|ran|said|shot|sought|struck|swore|sworn|taught"
                   "|thought|threw|thrown|withdrew|withdrawn|overthrew|arose|arisen|sank|sunk")
# Words in -ed that are no past of an event: the verbs that schedule (`scheduled in March 2006`)
# and words that only end so (`proceed`, `hundred`).
_NO_PAST_VERB = ("scheduled|expected|planned|slated|rescheduled|postponed|delayed|proposed"
                 "|intended|need|proceed|exceed|succeed|indeed|hundred")
# Words that make the verb after them no past: a modal's, an infinitive's, a passive to come.
_NOT_BEFORE_A_PAST = "will|would|could|should|may|might|must|can|shall|to|be|is|are|am"
PAST_MONTH_BEFORE = re.compile(r"""
    (?:
        (?<![a-z])since
      | (?<![a-z])(?!(?:being|""" + _NOT_BEFORE_A_PAST + r""")\b)
        [a-z]+\s++                                       # the word before the verb
        (?!(?:""" + _NO_PAST_VERB + r""")\b)
        (?:[a-z]+ed|""" + _IRREGULAR_PAST + r""")
        \s++(?:(?:in|during)\s++)?
    )
    \s*+(?:(?:early|mid|late)[\s-]++)?
    (?P<month>""" + _MONTH_LOWER + r""")\.?,?\s*+\Z
""", re.VERBOSE)
# The other order, at a sentence's start: `In November 2009, we had a breakthrough`, `In
# mid-January 2002, Lt. was...`: the month with its year (SENTENCE_MONTH_BEFORE, anchored at the
# year), then a verb in the past tense within the sentence's first four words after it
# (PAST_VERB_AFTER), none of them a modal's or an infinitive's (`In January 2007, the party will
# hold`), nor the verb one after an article (`In May 2011, the United Nations`).
SENTENCE_MONTH_BEFORE = re.compile(r"""
    (?:\A|[.!?)\n])\s*+in\s++(?:(?:early|mid|late)[\s-]++)?
    (?P<month>""" + _MONTH_LOWER + r""")\.?\s*+\Z
""", re.VERBOSE)
PAST_VERB_AFTER = re.compile(r"""
    ,?(?:\s++(?!(?:""" + _NOT_BEFORE_A_PAST + r""")\b)
       [^\s,.;:]++){0,3}?
    \s++(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)
    (?!(?:""" + _NO_PAST_VERB + r""")\b)
    (?:[a-z]+ed|had|was|were|did|""" + _IRREGULAR_PAST + r""")\b
""", re.VERBOSE)
# How far before a year (four digits after white space, found by DATE_CUE) the words
# PAST_MONTH_BEFORE reads are looked at, and how many years of one text are looked at (a bound
# on a hostile text's work: a corpus cable writes 139 at most).
PAST_MONTH_CHARS = 60
MOST_WRITTEN_YEARS = 1_000


# A meeting the text reports by its day, named with an article: `In a July 3 meeting with the
# Ambassador`, `during an April 9-10 visit`, `at a May 6 working lunch`. The cable was written on
# that day or later. Not with a possessive or `the` (`FM Moratinos may raise this in his June 19
# meeting with the Secretary`, `plans to raise it during his May 12 visit`): those name plans
# as often as events.
_MEETING_PREPOSITIONS = "in|during|at"
MEETING_DATE = re.compile(r"""
    \s(?:""" + _MEETING_PREPOSITIONS + r""")\s++an?\s++
    (?P<month>""" + _MONTH_LOWER + r""")\.?\s++(?P<day>\d{1,2})(?:st|nd|rd|th)?\b
    (?:\s*+-\s*+\d{1,2}\b)?                             # a span: `an April 9-10 visit`
    (?:,?\s++(?P<year>(?:19|20)\d\d)\b,?)?
    \s++(?:[a-z-]++\s++)?                                # `a May 6 working lunch`
    (?:meeting|conversation|call|discussion|lunch|dinner|breakfast|session|exchange|briefing
      |visit|demarche|talk|telcon|interview|press\s++conference|speech|statement)s?\b
""", re.VERBOSE)
# The meetings read in one text: a bound on a hostile text's work.
MOST_MEETING_DATES = 1_000

# Where the patterns above may match in a text: the white space before a cue word (REPORTED_DATE
# is matched after it), a year as the text writes it (PAST_MONTH_BEFORE is read back from it:
# where a month may end before it) or the preposition of a meeting's day before its article
# (MEETING_DATE is matched there). One scan of the text finds the three, in order: a scan for
# each stopped at every white space character three times (an undated extract's reported dates
# in ~2/3 of the time). Each alternative consumes no more than its word: the white space after
# it may start the next one. (The white space before the word is part of the pattern: a pattern
# opening with a literal or a class is searched for that first, three times faster here than
# one opening with `\b`.)
DATE_CUE = re.compile(r"""
    \s(?:
        (?P<cue>""" + _CUE_WORDS + r""")\b
      | (?P<year>(?:19|20)\d\d)\b
      | (?P<meeting>""" + _MEETING_PREPOSITIONS + r""")(?=\s++an?\s)
    )""", re.VERBOSE)


def reported_dates(text: str) -> list[tuple[int | None, int, int]]:
    """(year or None when not written, month, day) of each day the text reports an event on in
    the past (see REPORTED_DATE, PAST_MONTH_BEFORE, MEETING_DATE), or the day of a document it
    cites by its date (DATED_CUE); a month written with its year alone is its first day. Listed
    by kind: the reported days, the months, the meetings, the documents."""
    lowered = text.lower()
    days: list[tuple[int | None, int, int]] = []
    months: list[tuple[int | None, int, int]] = []
    meetings: list[tuple[int | None, int, int]] = []
    cues = years = 0
    meeting_end = 0             # where the last meeting's match ended (they do not overlap)
    for found in DATE_CUE.finditer(lowered):
        kind = found.lastgroup
        if kind == "cue":
            if cues < MOST_CUE_WORDS:
                cues += 1
                if day := reported_day(lowered, found.start() + 1):
                    days.append(day)
        elif kind == "year":
            if years < MOST_WRITTEN_YEARS:
                years += 1
                if month := past_month(lowered, found.start(), found.end(), int(found["year"])):
                    months.append(month)
        elif len(meetings) < MOST_MEETING_DATES and found.start() >= meeting_end \
                and (meeting := MEETING_DATE.match(lowered, found.start())):
            meeting_end = meeting.end()
            meetings.append((int(meeting["year"]) if meeting["year"] else None,
                             MONTHS[meeting["month"][:3].upper()], int(meeting["day"])))
    found_dates = days + months + meetings
    if "dated" in lowered or "dtg" in lowered:
        found_dates.extend(dated_documents(lowered))
    return found_dates


def reported_day(lowered: str, position: int) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of the date REPORTED_DATE reads after the cue word at
    `position` of the lower-cased text, or None."""
    match = REPORTED_DATE.match(lowered, position)
    if match is None:
        return None
    month = match["month"] or match["month_second"] or match["month_only"]
    day = match["day"] or match["day_first"] or "1"
    year = match["year"] or match["year_second"] or match["year_only"]
    return (int(year) if year else None, MONTHS[month[:3].upper()], int(day))


# A document the text cites by its date, after `dated` or `DTG`: `FOLLOWING STATE 127892 DATED
# 150910Z DEC 09 SENT ACTION RIGA` (a repeated cable), `a bogus resignation letter dated June 25`.
# It exists, so the cable is of its day or later. The date in any form a REF entry writes one
# (REFERENCED_DATE).
DATED_CUE = re.compile(r"(?:dated|dtg)\s*+:?\s*+(?:(?:on|of)\s++)?")
MOST_DATED_CUES = 1_000


def dated_documents(lowered: str) -> list[tuple[int | None, int, int]]:
    """(year or None, month, day) of each date the lower-cased text writes after `dated` or
    `DTG` (see DATED_CUE)."""
    found: list[tuple[int | None, int, int]] = []
    for count, cue in enumerate(DATED_CUE.finditer(lowered)):
        if count == MOST_DATED_CUES:
            break
        if cue.start() and lowered[cue.start() - 1].isalnum():     # `outdated`, `undated`
            continue
        match = REFERENCED_DATE.match(lowered, cue.end())
        if match:
            found.extend(_referenced_date(match))
    return found


def past_month(lowered: str, start: int, end: int, year: int) -> tuple[int, int, int] | None:
    """(year, month, 1) of the month the lower-cased text says an event happened in, in the past,
    with the year written from `start` (the white space before it) to `end` (see
    PAST_MONTH_BEFORE, SENTENCE_MONTH_BEFORE), or None."""
    before = PAST_MONTH_BEFORE.search(lowered, max(0, start - PAST_MONTH_CHARS), start + 1)
    if before is None:
        before = SENTENCE_MONTH_BEFORE.search(lowered, max(0, start - PAST_MONTH_CHARS), start + 1)
        if before is not None and not PAST_VERB_AFTER.match(lowered, end):
            before = None
    return (year, MONTHS[before["month"][:3].upper()], 1) if before is not None else None


# A date written in a REF entry: the day of the document it cites (a cable's DTG, a letter's,
# an e-mail's, a report's date), which the cable cannot precede. `(A) STATE 12345 DTG 121212Z
# MAR 05`, `USDAO STOCKHOLM DTG 051506ZJUN2008`, `E-MAIL DATED 21-APR-2007`, `8 May 08`, `30
# APRIL 2009`, `APRIL 30, 2009`, `12/14/07`, `10.01.2009`, and without a year `DAILY REPORT -
# APRIL 3`, `HANKINS JUNE 18 E-MAIL`. A date in figures is read both ways (`10.01.2009` is 10
# January or 1 October) and the earlier taken: a bound must hold for either.
REFERENCED_DATE = re.compile(r"""
    (?<![\w/.-])
    (?:
        (?P<dtg_day>\d{2})\d{4}z\s*+(?P<dtg_month>""" + _MONTH_LOWER + r""")\s*+
        (?P<dtg_year>\d{4}|\d{2})
      | (?P<first>\d{1,2})(?P<sep>[/.-])(?P<second>\d{1,2})(?P=sep)(?P<numeric_year>\d{4}|\d{2})
      | (?P<day_first>\d{1,2})[\s-]++(?P<month_second>""" + _MONTH_LOWER + r""")\.?[\s-]++
        (?P<year_second>(?:19|20)\d\d|\d{2})
      | (?P<month>""" + _MONTH_LOWER + r""")\.?\s++(?P<day>\d{1,2})(?:st|nd|rd|th)?
        (?:,?\s++(?P<year>(?:19|20)\d\d))?
    )
    (?![\w/.-]*\d)
""", re.VERBOSE)
# A REF entry longer than two lines of a telegram's 69 columns is no one citation but a REF
# read over other text (a scrape that put the cable on one line: its header's DECL date and
# DTG), whose dates are not read. The corpus' 1,407 REF entries are of 79 characters at most.
MOST_REFERENCE_CHARS = 138


def referenced_dates(references: list[dict]) -> list[tuple[int | None, int, int]]:
    """(year or None when not written, month, day) of each date the REF entries write (see
    REFERENCED_DATE)."""
    found: list[tuple[int | None, int, int]] = []
    for reference in references:
        text = (reference.get("text") or "").lower()
        if len(text) > MOST_REFERENCE_CHARS or not any(character.isdigit() for character in text):
            continue
        for match in REFERENCED_DATE.finditer(text):
            found.extend(_referenced_date(match))
    return found


def _referenced_date(match: re.Match) -> list[tuple[int | None, int, int]]:
    """The date of one REFERENCED_DATE match: none when it is no valid date; of a date in
    figures, the earlier of its two readings that are valid."""
    if match["dtg_day"]:
        readings = [(match["dtg_year"], MONTHS[match["dtg_month"][:3].upper()], match["dtg_day"])]
    elif match["first"]:
        readings = [(match["numeric_year"], int(match["first"]), match["second"]),
                    (match["numeric_year"], int(match["second"]), match["first"])]
    elif match["day_first"]:
        readings = [(match["year_second"], MONTHS[match["month_second"][:3].upper()],
                     match["day_first"])]
    else:
        readings = [(match["year"], MONTHS[match["month"][:3].upper()], match["day"])]
    valid: list[tuple[int | None, int, int]] = []
    for year, month, day in readings:
        if year is None:
            if 1 <= month <= 12 and 1 <= int(day) <= 31:
                valid.append((None, month, int(day)))
            continue
        when = make_date(year, str(month), day)
        if when is not None:
            valid.append((when.year, when.month, when.day))
    return [min(valid)] if valid else []
