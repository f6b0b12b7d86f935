"""Metadata derived from the cable text alone: reference id, origin, and the routing check.

The naming data lives in data/ (learned from the Cablegate metadata tables of the corpus):
    origin_rules.csv  FM-line rules: a post-type prefix (AMEMBASSY -> 'Embassy {place}') or a
                      whole FM line ('SECSTATE WASHDC' -> 'Secretary of State'), with the station
                      that reference ids use for that post.
    place_names.csv   place spellings where title-casing the FM name is not Cablegate's name
                      (KIEV -> Kyiv, USNATO stays USNATO).
    route2name.csv    routing indicator -> station name (2010 routing list).
"""
import csv
import io
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from ._text import one_edit_apart

NOT_LETTERS = re.compile(r"[^A-Z]")


class Post(NamedTuple):
    """A sending post as Cablegate names it, and its station in reference ids."""
    origin: str
    station: str


class OriginRule(NamedTuple):
    kind: str      # 'prefix' or 'exact'
    written: str   # the FM prefix or the whole FM line
    origin: str    # template with {place}
    station: str   # template with {place}


def _data_file(name: str) -> io.TextIOWrapper:
    # (Traversable.open promises no `newline`: the binary file is wrapped instead, as the
    # package's open in text mode does; csv wants newline="")
    return io.TextIOWrapper(resources.files(__package__).joinpath("data", name).open("rb"),
                            encoding="utf-8", newline="")


def _read_csv(name: str) -> list[dict]:
    with _data_file(name) as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def origin_rules() -> tuple[OriginRule, ...]:
    return tuple(OriginRule(**row) for row in _read_csv("origin_rules.csv"))


@lru_cache(maxsize=1)
def place_names() -> dict[str, str]:
    """Letters-only upper-case place -> Cablegate spelling."""
    return {letters(row["written"]): row["name"] for row in _read_csv("place_names.csv")}


@lru_cache(maxsize=1)
def route_names() -> dict[str, str]:
    """Routing indicator -> station name."""
    with _data_file("route2name.csv") as f:
        return {route: name for route, name in csv.reader(f)}


def letters(text: str) -> str:
    """Upper-case letters only, as stations are written in reference ids: CAPE TOWN -> CAPETOWN."""
    if text.isascii() and text.isalpha() and text.isupper():    # (a station so written already:
        return text                                             # most calls, no regex call)
    return NOT_LETTERS.sub("", text.upper())


def spell_place(place: str) -> str:
    """Cablegate's spelling of a place: the table's entry, else the place title-cased."""
    return place_names().get(letters(place)) or place.title()


# FM lines repeat from cable to cable (a few hundred posts), so what they name is remembered;
# not for longer lines (an FM line can be any length in a damaged input: the cache stays small).
REMEMBERED_SENDER_CHARS = 200
REMEMBERED_SENDERS = 4096


def post_of_sender(sender: str) -> Post:
    """The post that an FM line names ('AMEMBASSY ALMATY' -> Embassy Almaty, ALMATY)."""
    if len(sender) <= REMEMBERED_SENDER_CHARS:
        return _remembered_post_of_sender(sender)
    return _post_of_sender(sender)


def _post_of_sender(sender: str) -> Post:
    sender = " ".join(sender.upper().split())
    for rule in origin_rules():
        if rule.kind == "exact" and sender == rule.written:
            return Post(rule.origin, rule.station)
    for rule in origin_rules():
        if rule.kind == "prefix" and sender.startswith(rule.written + " "):
            place = sender[len(rule.written) + 1:]
            return Post(rule.origin.format(place=spell_place(place)),
                        rule.station.format(place=letters(place)))
    return _unknown_post(sender)


_remembered_post_of_sender = lru_cache(maxsize=REMEMBERED_SENDERS)(_post_of_sender)


def _unknown_post(sender: str) -> Post:
    """General fallback: an organisation code kept as written, the place title-cased."""
    first, _, place = sender.partition(" ")
    if not place:
        return Post(spell_place(first), letters(first))
    return Post(f"{first} {spell_place(place)}", letters(place))


@lru_cache(maxsize=1)
def _posts_by_station() -> dict[str, Post]:
    """Station (letters only) -> post, from the routing list's names and the exact rules.

    Rules are tried in file order, so an embassy wins over other posts of the same city
    (BRUSSELS is Embassy Brussels, not USEU Brussels, when nothing else tells them apart).
    """
    posts: dict[str, Post] = {}
    names = sorted(set(route_names().values()))
    for rule in origin_rules():
        candidates = [rule.written] if rule.kind == "exact" else \
            [name for name in names if name.startswith(rule.written + " ")]
        for name in candidates:
            post = post_of_sender(name)
            posts.setdefault(letters(spell_place(post.station)), post)
    return posts


@lru_cache(maxsize=1)
def station_places() -> frozenset[str]:
    """The places of the routing list's posts as written, one space between words: the part of
    each name after a post-type prefix of the origin rules (`AMEMBASSY SAO PAULO` -> `SAO
    PAULO`, `AMCONSUL RIYADH` -> `RIYADH`)."""
    prefixes = [rule.written + " " for rule in origin_rules() if rule.kind == "prefix"]
    return frozenset(" ".join(name[len(prefix):].split()) for name in route_names().values()
                     for prefix in prefixes if name.startswith(prefix))


def post_of_station(station: str) -> Post:
    """The post of a station as the body writes it ('RIODEJANEIRO' -> Consulate Rio De Janeiro)."""
    key = letters(spell_place(station))
    return _posts_by_station().get(key) or Post(f"Embassy {spell_place(station)}", letters(station))


def reference_id(year: int | None, station: str | None, serial: int | str | None) -> str | None:
    """'06ALMATY2404' from 2006, 'ALMATY', 2404; None when a part is missing."""
    if year is None or not station or serial is None or not str(serial).isdigit():
        return None
    return f"{year % 100:02d}{letters(station)}{int(serial)}"


def routing_warning(de_station: str | None, sender: str | None) -> str | None:
    """A warning when the DE station's routing-list name is another post than the FM line's.

    Stations moved over the years (the list is from 2010), so this never rejects a cable.
    """
    if not de_station or not sender:
        return None
    listed = route_names().get(de_station)
    if listed is None:
        return None
    same = _remembered_same_post if len(sender) <= REMEMBERED_SENDER_CHARS else _same_post
    if same(listed, sender):
        return None
    return f"routing: DE station {de_station} is '{listed}' in the routing list, FM says '{sender}'"


def _same_post(listed: str, sender: str) -> bool:
    listed_station, sender_station = post_of_sender(listed).station, post_of_sender(sender).station
    if listed_station == sender_station or _misspelt(listed_station, sender_station):
        return True
    # 'US MISSION USNATO BRUSSELS BE' lists the FM 'USMISSION USNATO': every word of the
    # sender's place appears in the listed name.
    listed_words = {letters(spell_place(word)) for word in listed.split()}
    place_words = sender.split()[1:]
    return bool(place_words) and all(letters(spell_place(w)) in listed_words for w in place_words)


def _misspelt(one: str, other: str) -> bool:
    """Two station names one letter apart (one added, dropped or changed): the same post, one
    of them misspelt (the routing list itself writes `PRINSTINA`, `COLUMBO`). Names of six
    letters or more only: no two posts of the list are that close (a few military units are)."""
    return min(len(one), len(other)) >= 6 and one_edit_apart(one, other)


_remembered_same_post = lru_cache(maxsize=REMEMBERED_SENDERS)(_same_post)
