"""Dates of the telegram: the date-time group (DTG) and the estimate used when a text has none."""
import re
from datetime import MINYEAR, date, datetime, timezone

MONTHS = {name: number for number, name in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}

# The month and year of a DTG. 5 FAH-2 writes a three-letter month and a two-digit year
# (`JUL 06`); drafters and re-typed copies also write September `SEPT`, a month in full (`JUNE`,
# `SEPTEMBER`), abbreviated with a full stop (`SEPT. 09`, `SEP. 09`) and the year in four digits
# (`FEB 2009`). Any three letters are read as a month (`JLY` is a DTG whose date is not valid,
# kept as written); a longer word only when it is a month's spelling. A four-digit year is of
# the 20th or 21st century (the corpus runs from 1966 to 2010): other digits are no year of a
# DTG; and a date only from FIRST_CABLE_YEAR to LAST_CABLE_YEAR, written in four digits or two
# (`SEPT 1908`, `SEPT 2099`, `FEB 60` are DTGs whose date is not valid, kept as written, with a
# warning).
MONTH_SPELLINGS = "JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|SEPT|OCTOBER|NOVEMBER|DECEMBER"
DTG_MONTH = rf"(?:(?:(?i:{MONTH_SPELLINGS})|[A-Za-z]{{3}})\.?)"
DTG_MONTH_IN_CAPITALS = rf"(?:(?:{MONTH_SPELLINGS}|[A-Z]{{3}})\.?)"
# No cable was sent before the telegraphic formats of the post-war Department (the corpus'
# earliest is of 1966). The last year is a constant, not the clock's: a record must not depend
# on the day it was parsed (a rerun compared with its baseline, a replay); far enough ahead for
# the cables of decades to come, near enough to refuse a mistyped century (`2099`).
FIRST_CABLE_YEAR = 1945
LAST_CABLE_YEAR = 2049
DTG_YEAR = r"(?:(?:19|20)\d{2}|\d{2})\b"     # (four digits first: `2009` is not `20` then `09`)

# A DTG as 5 FAH-2 writes it: day, hour, minute, the zone letter Z (always UTC in cables),
# then the month and year: '070653Z JUL 06' (and the spellings of DTG_MONTH and DTG_YEAR).
# Only header lines are searched for it (`_header`): a space a scrape or a typist put before the
# zone letter (`281512 Z MAR 06`) is read too, and the DTG kept without it.
DTG = re.compile(rf"""
    # no letter or digit before it but a precedence's (the space lost: `P281512Z`): one class,
    # which the engine tries at each place in C (an alternation of `\b` and a look-behind here
    # made the searches of whole texts 2.3 times slower)
    (?<![0-9A-NQSU-Ya-z_])
    (?P<day>\d{{2}}) (?P<hour>\d{{2}}) (?P<minute>\d{{2}}) \ ?(?P<zone>[Zz])
    (?:\s+|(?=[A-Za-z]{{3}}\d))       # (or run together, as a scrape or a military DTG writes
    (?P<month>{DTG_MONTH})            # it: `281512ZMAR06`) `JUL`; `Jul` in some extracts; `SEPT`
    (?:\s+|(?<=[A-Za-z.])(?=\d)) (?P<year>{DTG_YEAR})
""", re.VERBOSE)

# Two-digit years: the corpus runs from 1966 to 2010, so 66-99 are 19xx and 00-65 20xx.
CENTURY_PIVOT = 66

# DECL dates are usually set ten years after drafting (the default declassification period).
DECL_YEARS_AFTER_DRAFTING = 10


def full_year(two_digits: int) -> int:
    """The four-digit year of a two-digit DTG year."""
    return (1900 if two_digits >= CENTURY_PIVOT else 2000) + two_digits


def dtg_year(written: str) -> int:
    """The four-digit year of a DTG's year as written (`06`, `2006`)."""
    return int(written) if len(written) == 4 else full_year(int(written))


def parse_dtg(text: str) -> tuple[str, datetime | None] | None:
    """(the DTG as written, its UTC datetime) from the first DTG in `text`, or None.

    The datetime is None when the DTG is written but impossible (e.g. '310101Z FEB 09').
    """
    match = DTG.search(text)
    if not match:
        return None
    day, hour, minute, zone, month_name, year = match.groups()
    written = f"{day}{hour}{minute}{zone} {month_name} {year}"
    month = MONTHS.get(month_name[:3].upper())     # (a longer word is a month's: DTG_MONTH)
    if month is None or not FIRST_CABLE_YEAR <= dtg_year(year) <= LAST_CABLE_YEAR:
        return written, None
    try:
        # (tzinfo given by position, after second and microsecond: a keyword costs twice that)
        when = datetime(dtg_year(year), month, int(day), int(hour), int(minute), 0, 0,
                        timezone.utc)
    except ValueError:
        return written, None
    return written, when


# An estimate cannot precede the order the cable was classified under. Executive orders by the
# date they took effect; reasons numbered '1.4 (x)' exist since E.O. 13292 (25 March 2003)
# renumbered E.O. 12958's classification categories from section 1.5 to 1.4.
EXECUTIVE_ORDER_SINCE = {
    "E.O. 11652": date(1972, 6, 1),
    "E.O. 12065": date(1978, 12, 1),
    "E.O. 12356": date(1982, 8, 1),
    "E.O. 12958": date(1995, 10, 14),
    "E.O. 13526": date(2009, 12, 29),
}
# Nor can it follow the day the next order replaced that one: a cable names the order in force
# when it was classified. E.O. 13526, signed 29 December 2009, took effect (revoking E.O. 12958)
# 180 days later, on 27 June 2010. (E.O. 13526 itself is in force: no bound.)
EXECUTIVE_ORDER_UNTIL = {
    "E.O. 11652": EXECUTIVE_ORDER_SINCE["E.O. 12065"],
    "E.O. 12065": EXECUTIVE_ORDER_SINCE["E.O. 12356"],
    "E.O. 12356": EXECUTIVE_ORDER_SINCE["E.O. 12958"],
    "E.O. 12958": date(2010, 6, 27),
}
SECTION_1_4_REASONS_SINCE = date(2003, 3, 25)
REASON_IN_SECTION_1_4 = re.compile(r"^1\.4\b")

# When ten years before DECL is impossible, the next usual period is five years.
SHORT_DECL_YEARS = 5
# When ten years before DECL would follow the order's end, the period was longer: the periods
# posts set beyond ten years are 15, 20 and 25 (the longest E.O. 12958 allows but for exempted
# information; of the corpus' E.O. 12958 cables of 2007-2010, one in six has 20 or 25 years),
# so the estimate steps back five years at a time until it falls within the order.
LONGER_DECL_STEP = 5


def earliest_drafting(executive_order: str | None, reasons: list[str]) -> date | None:
    """The earliest date a cable classified under this order and these reasons can have."""
    bounds = [EXECUTIVE_ORDER_SINCE.get(executive_order or "")]
    if any(REASON_IN_SECTION_1_4.match(reason) for reason in reasons):
        bounds.append(SECTION_1_4_REASONS_SINCE)
    known = [bound for bound in bounds if bound]
    return max(known) if known else None


def latest_drafting(executive_order: str | None) -> date | None:
    """The last day a cable can be classified under this order (None: in force, or unknown)."""
    return EXECUTIVE_ORDER_UNTIL.get(executive_order or "")


def estimate_created(declassify_on: date | None, not_before: date | None = None,
                     earliest_year: int | None = None,
                     not_after: date | None = None) -> datetime | None:
    """Drafting time estimated from the DECL date (midnight UTC), or None without one.

    Ten years before DECL; five when ten would precede `not_before` (see earliest_drafting); 15,
    20, 25... when ten would follow `not_after` (see latest_drafting: `DECL: 03/20/2034` under
    E.O. 12958, which ended in 2010, is of 2009, a 25-year period).
    A year before `earliest_year` (the cable cites a cable of that year) moves to the DECL's
    day in that year, if that is still before DECL (a post that set DECL nine years out).
    None, too, for a DECL date within ten years of year 1 (`DECL: 01/01/0005`, a damaged year):
    no calendar day lies that far before it.
    """
    if declassify_on is None or declassify_on.year - DECL_YEARS_AFTER_DRAFTING < MINYEAR:
        return None
    estimate = _years_before(declassify_on, DECL_YEARS_AFTER_DRAFTING)
    if not_before and estimate < not_before:
        estimate = max(_years_before(declassify_on, SHORT_DECL_YEARS), not_before)
    years = DECL_YEARS_AFTER_DRAFTING
    while not_after and estimate > not_after and declassify_on.year - years > LONGER_DECL_STEP:
        years += LONGER_DECL_STEP
        estimate = _years_before(declassify_on, years)
    if not_before and estimate < not_before:    # (an order in force for less than five years)
        estimate = not_before
    if earliest_year and estimate.year < earliest_year < declassify_on.year:
        estimate = _years_before(declassify_on, declassify_on.year - earliest_year)
    return datetime(estimate.year, estimate.month, estimate.day, tzinfo=timezone.utc)


# A date the text writes without its year is taken in the year that puts it nearest the estimate,
# within half a year (`told Poloff January 3` in an extract estimated on 30 December is of the
# next year); the estimate is days off, rarely months.
HALF_A_YEAR_DAYS = 182


def after_reported_events(estimate: datetime, reported: list[tuple[int | None, int, int]],
                          not_after: date | None, declassify_on: date | None = None) -> datetime:
    """The estimate, moved to the latest day the text reports an event on if that is later (see
    `_body_dates.REPORTED_DATE`): the cable was written that day or after. First the dates
    written with their year (`The hostages were released December 21, 2004` in an extract whose
    nine-year DECL gave January 2004), then those without, each taken in the year nearest the
    estimate so moved (not the one the next date moves it to: the estimate cannot creep on by
    half a year at a time). A day from `not_after` on (the DECL date, the order's end) is no
    evidence.
    A dated event more than half a year after the estimate rules out the DECL period it was
    made with (drafting takes days, rarely months): the DECL was set another number of years
    out, so the estimate is the DECL's day in the first year on or after the event, if that
    is still before `not_after` (see OTHER_DECL_PERIOD_DAYS)."""
    day = estimate.date()
    for with_year in (True, False):
        near = day
        for year, month, day_of_month in reported:
            if (year is not None) != with_year:
                continue
            when = _reported_day(year, month, day_of_month, near)
            if when and day < when and (not_after is None or when < not_after):
                day = when
        if with_year and declassify_on and (day - estimate.date()).days > OTHER_DECL_PERIOD_DAYS:
            day = _decl_day_from(declassify_on, day, not_after)
    if day == estimate.date():
        return estimate
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


# How far after the DECL estimate an event must lie to rule out the period it assumed. On the
# corpus' dated cables the DTG falls 0-30 days after the DECL's day less ten years 262 times
# (drafting takes days), 31-182 days after it 11 times and 183-364 days 3 times (a DECL copied
# from an earlier cable), 365-366 days 4 times (a DECL set nine years out) and years after it
# 9 times (a DECL set five or two years out, or copied from an older cable).
OTHER_DECL_PERIOD_DAYS = HALF_A_YEAR_DAYS


def _decl_day_from(declassify_on: date, event: date, not_after: date | None) -> date:
    """The DECL's month and day in the first year on or after `event` (before `not_after`), else
    the event's day."""
    for year in (event.year, event.year + 1):
        try:
            candidate = declassify_on.replace(year=year)
        except ValueError:          # 29 February in a year without one
            candidate = date(year, 2, 28)
        if candidate >= event:
            return candidate if not_after is None or candidate < not_after else event
    return event


def _reported_day(year: int | None, month: int, day: int, near: date) -> date | None:
    """The date, in its year or (without one) in the year nearest `near`; None if none is valid
    or within half a year."""
    for candidate_year in ((year,) if year else (near.year, near.year + 1, near.year - 1)):
        try:
            when = date(candidate_year, month, day)
        except ValueError:
            continue
        if year or abs((when - near).days) <= HALF_A_YEAR_DAYS:
            return when
    return None


def _years_before(day: date, years: int) -> date:
    if day.month == 2 and day.day == 29:
        day = day.replace(day=28)  # 29 February may not exist that many years earlier
    return day.replace(year=day.year - years)
