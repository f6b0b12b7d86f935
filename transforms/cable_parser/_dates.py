"""Dates of the telegram: the date-time group (DTG) and the estimate used when a text has none."""
import re
from datetime import date, datetime, timezone

MONTHS = {name: number for number, name in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}

# A DTG as 5 FAH-2 writes it: day, hour, minute, the zone letter Z (always UTC in cables),
# then the month abbreviation and a two-digit year: '070653Z JUL 06'.
DTG = re.compile(r"""
    \b(?P<day>\d{2}) (?P<hour>\d{2}) (?P<minute>\d{2}) Z
    \s+ (?P<month>[A-Z]{3})
    \s+ (?P<year>\d{2}) \b
""", re.VERBOSE)

# Two-digit years: the corpus runs from 1966 to 2010, so 66-99 are 19xx and 00-65 20xx.
CENTURY_PIVOT = 66

# DECL dates are usually set ten years after drafting (the default declassification period).
DECL_YEARS_AFTER_DRAFTING = 10


def full_year(two_digits: int) -> int:
    """The four-digit year of a two-digit DTG year."""
    return (1900 if two_digits >= CENTURY_PIVOT else 2000) + two_digits


def parse_dtg(text: str) -> tuple[str, datetime | None] | None:
    """(the DTG as written, its UTC datetime) from the first DTG in `text`, or None.

    The datetime is None when the DTG is written but impossible (e.g. '310101Z FEB 09').
    """
    match = DTG.search(text)
    if not match:
        return None
    written = f"{match['day']}{match['hour']}{match['minute']}Z {match['month']} {match['year']}"
    month = MONTHS.get(match["month"])
    if month is None:
        return written, None
    try:
        when = datetime(full_year(int(match["year"])), month, int(match["day"]),
                        int(match["hour"]), int(match["minute"]), tzinfo=timezone.utc)
    except ValueError:
        return written, None
    return written, when


def estimate_created(declassify_on: date | None) -> datetime | None:
    """Drafting time estimated from the DECL date (ten years earlier, at midnight UTC), or None."""
    if declassify_on is None:
        return None
    year = declassify_on.year - DECL_YEARS_AFTER_DRAFTING
    day = declassify_on.day
    if declassify_on.month == 2 and day == 29:
        day = 28  # 29 February ten years earlier may not exist
    return datetime(year, declassify_on.month, day, tzinfo=timezone.utc)
