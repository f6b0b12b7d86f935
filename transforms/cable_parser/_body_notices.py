"""The post's web site notice (`Visit London's Classified Website: http://...`) and the notices
linking to a classified network's address (a forum, a blog, a portal): whether a text mentions
one, where it starts (with what introduces it) and ends (with the lines its link wrapped onto),
and the text without it.

The signature that may follow a notice on its line is `_body_signature`'s; which paragraph or
flow is cut, `_body_paragraphs`' and `_body_flow`'s.
"""
import re

from ._body_headings import ends_sentence
from ._text import Lines, fold, searchable

# The post's web site notice (`Visit London's Classified Website: http://...`, framed by stars or
# not): where it starts, found from `classified web` back to `visit` (string search, fast).
NOTICE_REACH = 60          # characters between `Visit` and `Classified Web`
# The notice's words in lower case, looked for in any case (see `Lines.mentions`).
WEB_SITE_WORDS = "lassified web"
# The post's web site notice (`Visit Ankara's Classified Web Site at http://www.intelink.s`).
WEB_SITE_NOTICE = re.compile(r"Classified\s+Web|sgov\.gov|intelink\.|gov\.gov/", re.IGNORECASE)
NOTICE_ADDRESS = ("sgov.gov", "intelink.", "gov.gov/")     # (WEB_SITE_NOTICE's words)


def mentions_web_site(lines: Lines) -> bool:
    """The post's web site notice is somewhere in the text (`lassified web` in any case). A
    paragraph or the summary is made of pieces of lines joined by line ends, so without a notice
    here they have none either. Looked for once per text (see `Lines.mentions`)."""
    return lines.mentions(WEB_SITE_WORDS)


def cut_web_site_notice(text: str, to_end: bool, found: bytes | None = None) -> str:
    """`text` without the web site notice: to the end of the text (a paragraph), or to the end
    of the notice's line. The notice's words are looked for in a lower-case form of the text:
    its `searchable` form (`found`, when made already), which costs a third of `lower()` and,
    unlike `lower()`, keeps every character's place: `lower()` makes `İ` two characters, and
    places read in it and cut in the text ran past the notice (a cut that grew the text, found
    the notice again and again: a text holding `İ` and a notice took all the memory)."""
    if found is None:
        found = searchable(text)
    position = found.find(NOTICE_WORDS)
    while position != -1:
        start = found.rfind(b"visit", max(0, position - NOTICE_REACH), position)
        if start != -1:
            start = notice_start(found, start)
            if to_end:
                return text[:start].rstrip()
            line_end = notice_end(text, position)
            text, found = text[:start] + text[line_end:], found[:start] + found[line_end:]
            position = found.find(NOTICE_WORDS, start)
        else:
            position = found.find(NOTICE_WORDS, position + 1)
    return text


NOTICE_WORDS = b"classified web"


# A notice of the post's forum, blog or portal (`Visit Canada,s Economy and Environment Forum at`
# / `http://www.intelink.gov/communities/state/can ada`): `visit`, up to a line's words, `at` or
# a colon, and a link (`http://`, as every notice's) to a classified network's address
# (NOTICE_ADDRESS), on the same line or the next. In the searchable form (lower case).
ADDRESS_NOTICE = re.compile(rb"""
    visit[ \t]+[^\n]{1,60}?(?:[ \t]at[ \t]*:?|:)[ \t]*(?:\n[ \t]*)?
    https?://[^\s]*?(?:sgov\.gov|intelink\.|gov\.gov/)""", re.VERBOSE)
ADDRESS_NOTICE_REACH = 100      # characters from `visit` to the address (ADDRESS_NOTICE's reach)
ADDRESS_NOTICE_TAIL = 600       # characters: the notice, its wrapped link and what introduces it


def without_address_notice(text: str) -> str:
    """`text` without the notice linking to a classified network's address (ADDRESS_NOTICE)
    that closes it: opening a line (with what introduces it, see `notice_start`), and followed
    by nothing but the lines of its link (see `notice_end`) and stars. A notice naming the post's
    `Classified Web Site` is cut wherever it stands (`cut_web_site_notice`); one naming another
    page (a forum, a blog) only there, where no sentence of the cable stands: a link in the
    text, `visit the portal at http://...` inside a sentence, stays. Unchanged otherwise.
    Only the text's last lines (ADDRESS_NOTICE_TAIL, from a line start) are searched: a search
    of the whole cable for the notice's words first costs more (~9 us a cable, against ~0.5)."""
    tail = text.rfind("\n", 0, len(text) - ADDRESS_NOTICE_TAIL) + 1 if len(text) > ADDRESS_NOTICE_TAIL else 0
    if text.find("://", tail) == -1:        # (the link's, asked first: most texts end without one)
        return text
    found = searchable(text[tail:])
    address = max(found.rfind(piece) for piece in NOTICE_ADDRESS_BYTES)
    if address == -1:
        return text
    visit = found.rfind(b"visit", max(0, address - ADDRESS_NOTICE_REACH), address)
    if visit == -1 or not (notice := ADDRESS_NOTICE.match(found, visit)) or notice.end() < address:
        return text
    start = notice_start(found, visit)
    if found[start - 1:start] not in (b"\n", b"") \
            or text[notice_end(text, tail + address):].strip(" \t\n*"):
        return text
    return text[:tail + start].rstrip()


def notice_end(text: str, position: int) -> int:
    """Where the notice whose words stand at `position` in `text` ends: at its line's end, or
    past the lines it wrapped onto, each holding a link or a notice address (`Visit Mexico
    City's Classified Web Site at` / `http://www.state.sgov.gov/... and the North American` /
    `Partnership Blog at http://www.intelink.gov/...`)."""
    line_end = text.find("\n", position)
    while line_end != -1:
        next_end = text.find("\n", line_end + 1)
        line = searchable(text[line_end + 1:len(text) if next_end == -1 else next_end])
        if not (NOTICE_LINK.match(line) or any(piece in line for piece in NOTICE_ADDRESS_BYTES)):
            return line_end
        line_end = next_end
    return len(text)


NOTICE_ADDRESS_BYTES = tuple(piece.encode("ascii") for piece in NOTICE_ADDRESS)


def notice_start(found: bytes, start: int) -> int:
    """Where the notice whose `visit` stands at `start` in `found` (a text's `searchable` form)
    begins: with what introduces it, `Please` before it and a line above ending `visit:` (`For
    more reporting from Embassy Kuwait, visit:`, the link under it or not), and the stars and
    white space framing it."""
    start = len(found[:start].rstrip(b" \t*"))
    if found.endswith(b"please", 0, start) and not found[start - 7:start - 6].isalnum():
        start = len(found[:start - 6].rstrip(b" \t*"))
    if found[start - 1:start] in (b"\n", b""):         # at a line start: a line may introduce it
        line_start, line = line_above(found, start)
        if NOTICE_LINK.fullmatch(line):                  # the link under the introducing line
            line_start, line = line_above(found, line_start)
        if line.endswith(b"visit:"):
            start = line_start
    return start


def line_above(found: bytes, start: int) -> tuple[int, bytes]:
    """The last line before `start` that is not blank, white space and stars, and where it starts."""
    end = len(found[:start].rstrip(b" \t\n*"))
    line_start = found.rfind(b"\n", 0, end) + 1
    return line_start, found[line_start:end]


# A line that is only a link (`http://www.state.sgov.gov/p/nea/kuwait/?cable s`), searchable form.
NOTICE_LINK = re.compile(rb"[ \t]*(?:https?://|www\.)\S*(?:[ \t]\S{1,8})?")


def notice_column(line: str, words: int) -> int:
    """Where the web site notice whose `Classified Web` starts at `words` in `line` begins: at
    its `visit` (`Visit London’s Classified Website: ...`), or at `words` without one."""
    found = searchable(line)
    start = found.rfind(b"visit", max(0, words - NOTICE_REACH), words)
    return words if start == -1 else notice_start(found, start)


def may_hold_web_site_notice(line: str) -> bool:
    """WEB_SITE_NOTICE or signature_after_notice may match in `line`: it holds a piece of one
    of their branches in any case, found in its `searchable` form. Those patterns, tried at
    every character ignoring case, cost ~70 ns a character: much more than these searches."""
    found = searchable(line)
    # (three tests written out: a generator for `any` costs more than the searches)
    return b"web" in found or b"gov.gov" in found or b"ntel" in found


# A piece of each branch of WEB_SITE_NOTICE and NOTICE_ADDRESS (`Classified\s+Web`,
# `sgov.gov` and `gov.gov/`, `intelink.`) without s, i or k: ſ, İ, ı and the Kelvin sign match
# those ignoring case, and are no ASCII letters in the `searchable` form.
WEB_SITE_PIECES = (b"web", b"gov.gov", b"ntel")      # (also written out in `may_hold_web_site_notice`)


def lines_with_notice_pieces(lines: Lines) -> set[int]:
    """The indexes of the lines holding a piece of the web site notice (WEB_SITE_PIECES), from
    the places of the pieces in the text's `searchable` form (no piece holds a line end)."""
    places = sorted(place for piece in WEB_SITE_PIECES
                    for place in lines.places(piece.decode("ascii")))
    indexes, index, previous = set(), 0, 0
    for place in places:
        index += lines.text.count("\n", previous, place)
        previous = place
        indexes.add(index)
    return indexes


def is_provenance_note(block: str) -> bool:
    """A paragraph about the cable itself, one short sentence: who drafted, prepared,
    contributed to, reviewed, cleared or coordinated it (`PRT Anbar contributed to this cable.`,
    `This cable was prepared by PRT Anbar.`, `USUN has reviewed this message.`), what reporting
    it is (`This is a PRT Kirkuk reporting cable.`), or its point of contact (`POC for this
    cable is Poloff John Smith.`, `Embassy POC is ...`). No part of a comment or summary above
    it; it names its cable as `this` cable, message, telegram or report (a comment's sentence
    about another, `We have reviewed the draft cable and agree`, is no note). `_body_headings`'
    `is_admin_note` reads the older forms (`... cleared this message.`, `Minimize considered.`)."""
    if len(block) >= PROVENANCE_NOTE_LENGTH:
        return False
    found = block[:PROVENANCE_NOTE_READ].lower()
    # (each form holds `this` or `poc` or `point`, then the words PROVENANCE_WORDS finds: most
    # paragraphs are not matched at all; a walk over thousands of distinct paragraphs holding
    # them, each matched, cost ~60 us a paragraph)
    if not ("this" in found or "poc" in found or "point" in found):
        return False
    folded = fold(block)
    return PROVENANCE_WORDS.search(folded, 0, PROVENANCE_NOTE_READ) is not None \
        and PROVENANCE_NOTE.match(folded) is not None


PROVENANCE_NOTE_LENGTH = 300    # characters: a note is one sentence (a clearance list may run long)
PROVENANCE_NOTE_READ = 220      # characters: the note's words stand in its first sentence (a subject of
                                # 120 at most, its verbs, its cable; a POC 160 in at most)
# The cable, as a note names it: `this cable`, `this message`, `this telegram`, `this report`
# (`this reporting cable`), not its possessive (`this cable's conclusions`).
THIS_CABLE = r"this\s+(?:reporting\s+)?(?:cable|message|telegram|report)\b(?!['’])"
# The verbs of a cable's making, in the past (active or passive) or the present (`concurs`).
MAKING_VERBS = r"""(?:drafted|prepared|wrote|written|cleared|coordinated|reviewed|approved|edited
                     |compiled|produced|contributed|assisted|concurs?|concurred
                     |helped(?:\s+to)?\s+(?:draft|prepare|write)
                     |(?:provided|gave|given|supplied)\s+(?:input|information|material))"""
# What every form of the note holds: its cable (THIS_CABLE, or `this is a`), or its point of
# contact (POINT_OF_CONTACT, ignoring case here).
PROVENANCE_WORDS = re.compile(r"this\s+(?:reporting\s+)?(?:cable|message|telegram|report|is\s+an?\s)|poc|points?\s+of\s+contact",
                              re.IGNORECASE)
# The note's point of contact: `POC` in capitals (no word's letters), or spelled out.
POINT_OF_CONTACT = r"(?:\b(?-i:POCs?)|\bpoints?\s+of\s+contact)\b"
# Whose POC a note names: the mission's, an office's, Washington's (`Embassy Baghdad POC is ...`;
# not `Our MFA POC is Deputy Director Ivanov, who told us ...`, the host government's contact).
POC_OFFICES = r"(?:embassy|post|department|washington|consulate|mission|usun|useu|usnato|ait|prt|reo)"
PROVENANCE_NOTE = re.compile(rf"""
    (?:\(\w+(?:/\w+)?\)\s*)?                    # a marking the flow kept
    (?: [^.\n]{{0,120}}?\b{MAKING_VERBS}        # `PRT Anbar contributed to this cable`, `Embassy X has
        (?:\s+(?:and|&)\s+{MAKING_VERBS})?      # reviewed and concurs with this message`
        (?:\s+(?:to|in|on|with|for|of))?
        (?:\s+the\s+(?:preparation|drafting)\s+of)?
        \s+{THIS_CABLE}(?=[ \t]*(?:[.;,)]|$|\s(?:as|in|at|before|prior)\b))   # the sentence's end (not
                                                # `and`: `The Ministry reviewed this report and rejected it`)
      | {THIS_CABLE}\s+(?:has\s+been|was|is|were)\s+(?:\w+ly\s+)?   # `This cable was (jointly) prepared
        (?:{MAKING_VERBS})\s+(?:by|with|in|at|jointly)\b           # by PRT Anbar`
      | this\s+is\s+an?\s+                      # `This is a PRT Kirkuk reporting cable.`, `This is a
        (?=[^.\n]{{0,80}}?(?:\breporting\b|\bjoint\b       # joint State/USAID message.`: a post's name
           |\b(?-i:[A-Z][a-z]|[A-Z]{{2}}(?=[^.\n]*[a-z]))))  # or its kind, not `This is a tough message.`
        (?:[\w/&'’.-]+\s+){{0,6}}?              # (capitals: a name's in mixed case, not `THIS IS A TOUGH MESSAGE.`)
        (?:cable|message|telegram)\b\s*(?:[.;,)]|$)
      | (?:(?:the\s+)?{POC_OFFICES}(?:\s+[\w'’/.-]+)?\s+)?   # `POC for this cable is ...`, `Embassy
        {POINT_OF_CONTACT}                        # POC is ...`, `Washington POC is ...`, `Point of contact for this
        (?:\s+(?:for|on|regarding)\s+[^.\n]{{0,60}}?)?     # message:`
        \s*(?:(?:is|are)\b|:|-|–|—)
      | [^\n]{{0,160}}?{POINT_OF_CONTACT}\s+(?:for|on)\s+{THIS_CABLE}   # `Jane Doe (doej@state.gov) is
    )""", re.VERBOSE | re.IGNORECASE)               # the Department's POC for this cable.`


# The `SIPDIS` caveat alone on a line after a paragraph's first: the scrape's insertion inside
# the text (a line end, a blank line and `SIPDIS` put under a line naming the Secretary: `...
# releasability to Spain of the` / blank / `SIPDIS` / `Tomahawk missile.`), or the caveat line
# of a later section's head whose banner the cleaning cut (`the next step` / `SIPDIS` / `would
# be`); or, in a scrape that lost the line breaks inside paragraphs, run onto the text that
# followed it (`run_on`: `... as Party Secretary, Li related` / `SIPDIS 12.8 percent in 2006`).
# No word of the paragraph. Starts with a literal line end: the engine scans for it.
INSERTED_SIPDIS = re.compile(r"\n[ \t]*+SIPDIS(?:[ \t]*+(?=\n|\Z)|(?P<run_on>[ \t]++)(?=\S))")
# A line that lost its paragraph's line breaks is longer than any wrapped line (60-70
# characters); a wrapped cable's line may open with the word `SIPDIS` (`... marked` / `SIPDIS
# and ...`): the run-on caveat is cut only under a line this long that ends inside a sentence.
UNWRAPPED_LINE = 100


def without_inserted_sipdis(text: str) -> str:
    """A paragraph's `text` without INSERTED_SIPDIS lines and the blank lines right above each
    (the insertion's): `letter to FM Bot` / blank / `SIPDIS` / `was cited` is `letter to FM Bot`
    / `was cited`, one wrapped sentence again; a blank line below the caveat stays (it was the
    text's: `Secretary Rice.` / blank / `SIPDIS` / blank / `The Minister` keeps its break). The
    caveat run onto a line of text goes from it when the line above is an unwrapped one that
    ends inside a sentence (see UNWRAPPED_LINE). The text above each is cut at its last
    character that is no white space, from where the last cut ended (linear: a text of
    thousands of such lines is read once)."""
    pieces, position = [], 0
    for match in INSERTED_SIPDIS.finditer(text):
        if match["run_on"]:
            above = text[text.rfind("\n", 0, match.start()) + 1:match.start()]
            if len(above) > UNWRAPPED_LINE and not ends_sentence(above):
                pieces.append(text[position:match.start() + 1])      # (its line end kept)
                position = match.end()
            continue
        pieces.append(text[position:match.start()].rstrip(" \t\n"))
        position = match.end()
    if not position:                # (no cut: each ends past a line end)
        return text
    pieces.append(text[position:])
    return "".join(pieces)
