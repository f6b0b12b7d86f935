"""Who a comment names as its author (`EMBASSY COMMENT:`, `RIYADH COMMENT:`, `END SAO PAULO
COMMENT.`): the words the comment patterns take before COMMENT (COMMENT_AUTHOR_WORDS), whether
they name an office, a station of the routing list or the cable's own station
(`is_comment_author`), and where such a name starts, read back from the word COMMENT
(`author_start`).

Where a comment starts and ends is `_body_comment`'s.
"""
import functools
import re
import string

from ._body_refs import STATION_ALIASES
from ._metadata import letters, station_places
from ._text import WHITE_SPACE, run_start

# A comment may name its author before the word (COMMENT_AUTHOR_WORDS: `EMBASSY COMMENT:`,
# `(Embassy comment: ...`, `END POST COMMENT.`, `RIYADH COMMENT:`, `END SAO PAULO COMMENT.`,
# `AMBASSADOR'S COMMENT:`): one to four words of letters, the last maybe in the possessive, that
# the patterns take whatever they are, and that name an author only if `is_comment_author` says so
# (an office or member of the mission, a station of the routing list, the cable's own station); a
# match whose words name none is no label (`PRESS COMMENT:`, `NO COMMENT.`). The first word is
# none of the words around the slot (BEGIN, END, OF, COMMENT) and no later word is COMMENT: where
# a pattern matches, its words are the only ones it can take.
MOST_AUTHOR_WORDS = 4       # `HO CHI MINH CITY`, `EMBASSY AND CONSULATE GENERAL`
# (Each word's letters and the white space after it are taken whole, `++`: a shorter run could
# only be followed by a letter, which nothing here takes; tried letter by letter, a text of one
# word a line, each line start a try, took 60 ms for 100 KB.)
COMMENT_AUTHOR_WORDS = rf"""(?P<author>(?!(?:BEGIN|END|OF|COMMENT)\b)[A-Z]++
                             (?:\s++(?!COMMENT\b)[A-Z]++){{0,{MOST_AUTHOR_WORDS - 1}}}
                             (?:['’]S?)?)"""
# The possessive ending of the author's last word (`AMBASSADOR'S`, `Poloffs'`, either apostrophe).
POSSESSIVE = re.compile(r"['’]S?\Z", re.IGNORECASE)
APOSTROPHES = "'’"
# Who writes the post's comment, by the names telegrams give them: the mission and its offices
# (`EMBASSY`, `USEU`, `AIT` for Taipei, `USDEL` and `DELEGATION` at a conference, `COUNTRY
# TEAM`), and its officers (`POLOFF`, `ECONOFFS`, `DCM`, `CHARGE`, `AMBASSADOR`, the defense
# attache `DATT`, the regional security officer `RSO`, the public affairs officer `PAO`). The
# stations are the places of the routing list's posts (`station_places`: `RIYADH`, `SAO PAULO`)
# and the short names telegrams use for some (`USUN`, `HCMC`, `RIO`). Two offices may sign one
# comment (`EMBASSY AND CONSULATE`, see `comment_author_names`). Not the press's or an
# editorial's comment (`PRESS COMMENT:`, `MEDIA COMMENT:`) that a media reaction cable quotes.
COMMENT_OFFICES = frozenset("""
    EMBASSY MISSION POST CONSULATE CONGEN DEPARTMENT USEU USNATO USUN USOSCE UNVIE
    USMISSION USDEL DELEGATION AIT USINT USLO USAID DAO
    """.split()) | frozenset(["CONSULATE GENERAL", "COUNTRY TEAM"])
COMMENT_OFFICERS = frozenset("""
    EMBOFF POLOFF ECONOFF CONOFF POLECONOFF EMBOFFS POLOFFS ECONOFFS CONOFFS POLECONOFFS
    POLECON POLCOUNS ECONCOUNS POLCHIEF ECONCHIEF POLECONCHIEF PAO DATT RSO DCM CHARGE AMBASSADOR""".split())
# Words before COMMENT that make the comment the cable's own without naming who wrote it, taken
# as an office's name is (see `comment_author_names`): where it stands in the cable (`Final
# comment:`, `Concluding comment:`, `Closing comment:`, `Overall comment:`), or one of the post's
# own sections that a label joins to it (`Analysis and comment:`, `Conclusion and Comment:`,
# `Action Request and Comment:`; `Summary and comment` is the summary's label, not here). The
# list is explicit: any other words name someone else's comment (`Press comment`, `public
# comment`, `Government comment`) or are a sentence's (`No comment`, `For comment`).
COMMENT_QUALIFIERS = frozenset("FINAL CONCLUDING CLOSING OVERALL".split())
SECTIONS_JOINED = frozenset([
    "ANALYSIS", "ASSESSMENT", "BACKGROUND", "CONCLUSION", "CONCLUSIONS", "OUTLOOK", "RECOMMENDATION",
    "RECOMMENDATIONS", "ACTION REQUEST", "ACTION REQUESTED", "NEXT STEPS"])
OWN_COMMENT_WORDS = COMMENT_QUALIFIERS | frozenset(f"{section} AND" for section in SECTIONS_JOINED)
# Every character COMMENT_AUTHOR_WORDS's `[A-Z]` matches ignoring case (`ı`, `ſ`, `İ`, the Kelvin
# sign): the words before the word COMMENT are read back over these.
AUTHOR_LETTERS = string.ascii_letters + "İıſ\u212a"
NOT_FIRST_AUTHOR_WORD = re.compile(r"(?:BEGIN|END|OF|COMMENT)\Z", re.IGNORECASE)


def names_author(match: re.Match, own_station: str = "") -> bool:
    """The comment pattern's `match` names no author, or one that `is_comment_author`."""
    author = match["author"]
    return author is None or is_comment_author(author, own_station)


def is_comment_author(words: str, own_station: str = "") -> bool:
    """`words` (as COMMENT_AUTHOR_WORDS takes them) name an office, an officer or a station, in
    any case and spacing (`Sao  Paulo`), or the cable's own station (`own_station`: letters only,
    as `letters` writes it); in the possessive or not."""
    words = POSSESSIVE.sub("", words)
    return (" ".join(words.upper().split()) in comment_author_names()
            or (bool(own_station) and letters(words) == own_station))


@functools.cache
def comment_author_names() -> frozenset:
    """Every office, officer and station a comment may be named by, in capitals, its words one
    space apart (`SAO PAULO`); and two of the offices and officers joined by AND (`EMBASSY AND
    CONSULATE`, `DCM AND POLOFF`) in MOST_AUTHOR_WORDS words at most; a post named with its
    station (`EMBASSY NAIROBI`, `CONSULATE SAO PAULO`, see STATION_OFFICES); and the words that
    make a comment the cable's own without naming its author (OWN_COMMENT_WORDS: `FINAL`,
    `ANALYSIS AND`)."""
    single = COMMENT_OFFICES | COMMENT_OFFICERS
    joined = frozenset(f"{first} AND {second}" for first in single for second in single
                       if first != second and len(f"{first} {second}".split()) < MOST_AUTHOR_WORDS)
    stations = station_places() | frozenset(STATION_ALIASES)
    posts = frozenset(f"{office} {station}" for office in STATION_OFFICES for station in stations
                      if len(station.split()) < MOST_AUTHOR_WORDS)
    return single | joined | stations | posts | OWN_COMMENT_WORDS


# The offices a post is named by before its station (`EMBASSY NAIROBI COMMENT:`).
STATION_OFFICES = ("EMBASSY", "CONSULATE", "CONGEN", "MISSION")


@functools.cache
def comment_author_endings() -> frozenset:
    """The last words of each of `comment_author_names` (`CITY`, `MINH CITY`, ..., `HO CHI MINH
    CITY`): the words before COMMENT end an author's name only if they are one."""
    return frozenset(" ".join(words[cut:]) for words in map(str.split, comment_author_names())
                     for cut in range(len(words)))


@functools.cache
def longest_last_word() -> int:
    return max(len(name.rsplit(" ", 1)[-1]) for name in comment_author_names())


def author_start(flow: str, word: int, own_station: str = "") -> int:
    """Where the author named just before the word at `word` starts (`EMBASSY COMMENT`, `SAO
    PAULO COMMENT`: the most words, up to MOST_AUTHOR_WORDS and as COMMENT_AUTHOR_WORDS takes
    them, that `is_comment_author`), else `word`. The word before is looked up once among the
    names' endings (most words end none: `to comment`, `Press comment`); only then are the
    words before it read, one more while they end a name."""
    return author_and_gap(flow, word, own_station)[0]


def author_and_gap(flow: str, word: int, own_station: str = "") -> tuple[int, int]:
    """`author_start`, and where the run of white space that ends at `word` starts (`word` when
    none): the comment rules read the gap before the word too (`End summary and comment`, `END
    COMMENT`), and need not find it again."""
    if word > 1 and flow[word - 1] in WHITE_SPACE and flow[word - 2] not in WHITE_SPACE:
        end = word - 1      # (most words follow one space: read without a call)
    else:
        end = run_start(flow, word, WHITE_SPACE, WORD_GAP_REACH)
    if end == word:
        return word, end
    name_end = possessive_start(flow, end)      # (the name's letters end before a possessive)
    if name_end == 0 or flow[name_end - 1] not in AUTHOR_LETTERS:
        return word, end
    # The word before, read in a window one longer than the longest word it may be.
    reach = max(longest_last_word(), len(own_station)) + 1
    window = max(0, name_end - reach)
    first = window + len(flow[window:name_end].rstrip(AUTHOR_LETTERS))
    if first == window != 0:                # longer than any word it may be
        return word, end
    last = flow[first:name_end].upper()
    key = last if last.isascii() else letters(last)        # (ASCII capitals: their letters)
    if last not in comment_author_endings() and not (own_station and key and own_station.endswith(key)):
        return word, end
    # The words before it, one more at a time while they end a name (`CITY`, `MINH CITY`, ...) or
    # the own station's letters: `suffix` in capitals, its words one space apart, and `key` its
    # letters, as `is_comment_author` reads them.
    found, suffix, key = word, "", ""
    for first, word_end in words_before(flow, name_end, reach):
        capitals = flow[first:word_end].upper()
        if capitals == "COMMENT":                 # no author's word (see COMMENT_AUTHOR_WORDS)
            break
        suffix = f"{capitals} {suffix}" if suffix else capitals
        key = (capitals if capitals.isascii() else letters(capitals)) + key
        if not (suffix in comment_author_endings() or own_station and key and own_station.endswith(key)):
            break
        if (suffix in comment_author_names() or own_station and own_station == key) \
                and not NOT_FIRST_AUTHOR_WORD.match(capitals):
            found = first
    return found, end


def possessive_start(flow: str, end: int) -> int:
    """Where the possessive ending that ends at `end` starts (`AMBASSADOR'S`, `POLOFFS'`: its
    apostrophe), else `end`."""
    if end >= 1 and flow[end - 1] in APOSTROPHES:
        return end - 1
    if end >= 2 and flow[end - 1] in "sS" and flow[end - 2] in APOSTROPHES:
        return end - 2
    return end


def words_before(flow: str, end: int, reach: int) -> list[tuple[int, int]]:
    """The words (start, end) of AUTHOR_LETTERS, apart by white space, up to MOST_AUTHOR_WORDS,
    of which the last ends at `end` (the character before it is one), the last first: one match
    in a window read backwards (`reach` characters a word at first, twice as many while what
    the window holds after the match, white space or nothing, may go on with another word)."""
    span = MOST_AUTHOR_WORDS * (reach + WORD_GAP_REACH)
    while True:
        window = max(0, end - span)
        backwards = flow[window:end][::-1]
        match = WORDS_BACKWARDS.match(backwards)
        # The callers' `end` follows an AUTHOR_LETTERS character (author_start tests it,
        # summary_and_start's `AND` ends with one): `backwards` opens with one, and matches.
        assert match is not None
        rest = backwards[match.end():]
        if window == 0 or match.start(MOST_AUTHOR_WORDS) != -1 or (rest and not rest.isspace()):
            return [(end - match.end(group), end - match.start(group))
                    for group in range(1, MOST_AUTHOR_WORDS + 1) if match.start(group) != -1]
        span *= 2


# Up to MOST_AUTHOR_WORDS words of AUTHOR_LETTERS apart by white space, matched at the start of
# the reversed text before where the last one ends (see `words_before`): each word a group, each
# earlier one optional inside the one after (`(W)(?:\s+(W)(?:\s+(W)...)?)?`).
AUTHOR_WORD = "[" + re.escape(AUTHOR_LETTERS) + "]+"
WORDS_BACKWARDS = re.compile(f"({AUTHOR_WORD})" + functools.reduce(
    lambda inner, _: rf"(?:\s+({AUTHOR_WORD}){inner})?", range(MOST_AUTHOR_WORDS - 1), ""))

WORD_GAP_REACH = 8      # characters: the white space between two words is short
