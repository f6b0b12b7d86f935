"""The signature closing the cable (`ORDWAY`, `TIMKEN JR`, `... End comment. FEDZER`, a name
after the post's web site notice, `¶3. Koenig`), the trailer lines after it (`NNNN`, page
banners, scrapers' additions) and the lines up to it, which paragraphs and flow are read from
(`visible_lines`).

The web site notice itself (where it starts, the text without it) is `_body_notices`'.
"""
import re
import string
from typing import NamedTuple

from ._body_blocks import continues_sentence
from ._body_line_kinds import paragraph_starts
from ._dates import DTG_MONTH
from ._body_notices import (NOTICE_ADDRESS_BYTES, WEB_SITE_NOTICE, lines_with_notice_pieces,
                            may_hold_web_site_notice, notice_column)
from ._text import ASCII_CAPITALS, LOWER_CASE_LETTER, Lines, WHITE_SPACE, searchable

# A signature line: one to three words, a surname as written (`ORDWAY`, `Herbst`, `TIMKEN JR`,
# `RICE/SMITH`, `SMITH / JONES`), possibly with a stray final ` .`; after one or two initials,
# each closed by a full stop and a space (`J. SMITH`, `J. T. Smith`; not `U.S. POLICY`), kept with
# the name. (An initial glued to the name, `J.KEITH`, is not read: a lettered list typed so,
# `A.VISAS` / `B.TRADE ISSUES`, is far more common at a cable's end.)
SIGNATURE_LINE = re.compile(r"""^\s*+(?P<names>(?P<initials>(?:[A-Z]\.\ ){1,2})?
                                            [A-Za-z][A-Za-z'’-]*
                                            (?:(?:[ ]?/[ ]?|[ ])[A-Za-z][A-Za-z'’.-]*){0,2})
                                (?:\s+\.)?\s*$""", re.VERBOSE)
# A lettered list's item (`A. Participants`): a line of initials under one is the list's.
LETTERED_ITEM = re.compile(r"^\s*+[A-Z]\.\s")
# An initial after a comma (`SMITH, J.`): the name's, not a second signer's.
INITIAL = re.compile(r"[A-Za-z]\.?")
# A joint signature separated by commas (`SMITH, JONES`, `Smith, Jones`, as the cables of two
# posts or two principals are signed), two or three names of one word each; a suffix after a
# comma stays with its name (`TIMKEN, JR.` is one name). Where it may stand: see
# `joint_stands_apart`. A name may carry its suffix after a space (`KOENIG, TIMKEN JR`).
SIGNATURE_NAME = r"[A-Za-z][A-Za-z'’-]*\.?(?:[ ](?i:JR|SR|II|III|IV)\.?)?"
COMMA_SIGNATURE_LINE = re.compile(rf"^\s*+(?P<names>{SIGNATURE_NAME}(?:[ \t]*,[ \t]*{SIGNATURE_NAME}){{1,2}})\s*$")
COMMA = re.compile(r"[ \t]*,[ \t]*")
# A signature closed by a full stop or comma (`CROCKER.`, `Crocker,`): taken only as a block of
# its own (a blank line above), as a wrapped paragraph's last word (`country.`) is none.
SIGNATURE_WITH_STOP = re.compile(r"^\s*+(?P<names>[A-Z][A-Za-z'’-]+)[.,]\s*$")
# A signature after the post's web site notice on the same line (`Visit London's Classified
# Website: http://www.state.sgov.gov/p/eur/london/index. cfm Tuttle`), or after its address
# where the notice was wrapped (`Visit London's Classified Website:` / `http://www.state.sgov.
# gov/p/eur/london/index. cfm Tuttle`). After the whole notice the name may be in any case
# (`... Classified Website at: http://www.intelink.sgov.gov/wiki/Portal:Kuwa it ***** jones`);
# after its address alone it starts with a capital (`Portal:Kuwa it` is the address' end);
# `Visit Ankara's Classified Web Site at`, without the address, names nobody; nor does a piece of
# the notice (`... Portal:Fran ce`, see `piece_of_address`, `in_notice_words`). The last word is
# matched first, in the line's last characters, then the notice looked for before it: a pattern
# running from the notice to the line's end backtracks over the whole line at each notice.
LAST_WORD = re.compile(r"\s(?P<names>[A-Za-z][A-Za-z'’-]+)\s*$")
LAST_WORD_REACH = 100                  # characters: a name and the spaces after it fit in them
CLASSIFIED_WEB_SITE = re.compile(r"Classified\s+Web\s?site\b", re.IGNORECASE)


class NoticeSignature(NamedTuple):
    names: str
    notice: int     # where the notice's words (or, wrapped, its address) start on the line


# A signature run into the last sentence in single-line scrapes: `... End comment. FEDZER`,
# `... as warranted. McMullen`.
# Names as on a signature line: `McMullen`, `O'Brien`, `Thompson-Jones`, a joint `RICE/SMITH`;
# after a number closing the text (`... Abstain/blank/spoiled: 14 EIKENBERRY`) in capitals only
# (see `inline_signature`).
# An initial's full stop followed by one space ends no sentence (`... as Ambassador J. SMITH`,
# `Participants: J. Smith`); two spaces after it end one, as typists set them (`... WHA, and T.
# CLINTON`), and so does a letter naming a reference, an option, a paragraph (`... as requested
# in ref A. CLINTON`, `... recommends option B. Keith`): the match after one space (group
# `after_letter`) stands only after such a letter (see LETTER_NAMING_A_THING). Initials may open
# a name in capitals (`... End comment. J. SMITH`).
INLINE_SIGNATURE = re.compile(r"""
    (?<=[.!?\"”)*\d])(?:(?<![\s(][A-Z]\.)(?<!^[A-Z]\.)\s++|\s{2,}+|(?P<after_letter>\ ))\.?
    (?P<names>
        (?:[A-Z]\.\ ){0,2}[A-Z][A-Z'’-]+(?:\ [A-Z][A-Z'’-]+)?(?:/[A-Z][A-Z'’-]+)*   # in capitals
      | [A-Z](?:[a-z]*[A-Z]?[a-z]+|['’][A-Z][a-z]+)(?:-[A-Z][a-z]+)?     # in mixed case
    )\s*$""", re.VERBOSE)
# A joint signature separated by commas run into the last sentence (`... End comment. CLINTON,
# GATES`): names in capitals only, searched in the line's last LAST_WORD_REACH characters.
INLINE_JOINT_SIGNATURE = re.compile(r"""
    (?<=[.!?\"”)])\s+
    (?P<names>[A-Z][A-Z'’-]+(?:,[ ]?[A-Z][A-Z'’-]+){1,2})\s*$""", re.VERBOSE)
# The same in a lower-cased scrape, whose names have no capital left (`... report as warranted.
# mcmullen`): one word, or a joint `rice/smith`, after initials or not, after a sentence's end (see
# `lower_case_inline_signature`).
LOWER_CASE_INLINE_SIGNATURE = re.compile(r"""
    (?<=[.!?\"”)*\d])(?:(?<![\s(][a-z]\.)(?<!^[a-z]\.)\s++|\s{2,}+|(?P<after_letter>\ ))\.?   # (as above)
    (?P<names>(?:[a-z]\.\ ){0,2}[a-z][a-z'’-]+(?:/[a-z][a-z'’-]+)*)\s*$""", re.VERBOSE)
# A letter that names a thing, closing a sentence (`... in ref A.`, `... option B.`, `... in
# paras C and D.`, `... vitamin A.`): the noun that things are named by a letter after (any
# case), the letter (or letters joined by commas, `and`, `or`) and its full stop, at the end of
# the text searched. A name's initial stands after a first name, a title or a label (`Anne W.
# Patterson`, `Ambassador J. SMITH`, `Participants: J. Smith`), which is no such noun.
LETTER_NAMING_A_THING = re.compile(r"""
    \b(?:REF(?:TEL)?S?|REFERENCES?|PARA(?:GRAPH)?S?|SUBPARA(?:GRAPH)?S?|OPTIONS?|ALTERNATIVES?
      |ANNEX(?:ES)?|APPENDI(?:X|CES)|ATTACHMENTS?|ENCLOSURES?|TABS?|EXHIBITS?|SCHEDULES?|ITEMS?
      |PARTS?|SECTIONS?|POINTS?|PLANS?|CATEGOR(?:Y|IES)|CLASS(?:ES)?|GROUPS?|PHASES?|STAGES?
      |STEPS?|SCENARIOS?|TIERS?|TYPES?|ZONES?|AREAS?|VITAMINS?|HEPATITIS|ARTICLES?|CHAPTERS?
      |SUBSECTIONS?|FORMS?|TEAMS?|TERMINALS?)\.?
    \s+(?:[A-Z](?:\s*,\s*|\s+(?:AND|OR)\s+))*[A-Z]\.$""", re.VERBOSE | re.IGNORECASE)
# What a name's initial stands after on a last line (`... said Ambassador J. SMITH`, `Minister
# K. Lim`, `Participants: J. Smith`, `Anne W. Patterson`): a title, a label's colon, or a given
# name in mixed case. After any other word a letter and its full stop end a sentence (`... in
# refs A through C. CLINTON`, `... influenza A. KEITH`, `... World War I. SMITH`).
TITLES_BEFORE_INITIALS = frozenset("""MR MRS MS MISS DR PROF AMBASSADOR AMB SENATOR SEN
    REPRESENTATIVE REP CONGRESSMAN CONGRESSWOMAN GOVERNOR GOV MINISTER SECRETARY SEC PRESIDENT
    VICE DEPUTY ASSISTANT UNDER GENERAL GEN ADMIRAL ADM COLONEL COL MAJOR MAJ CAPTAIN CAPT
    LIEUTENANT LT JUDGE JUSTICE MAYOR CONSUL CHARGE DIRECTOR CHAIRMAN SPEAKER SIR LORD""".split())
GIVEN_NAME = re.compile(r"[A-Z][a-z]+")
# Every character of an INLINE_SIGNATURE match (white space, `.`, ASCII letters, `'’-/`): a match
# starts inside the run of these that ends the line, so it is searched for from there (the
# pattern, tried at every character of a scrape's single line of 10 KB, costs ~10 us).
INLINE_SIGNATURE_CHARACTERS = ("'’-./" + string.ascii_letters
                               + WHITE_SPACE)
# A signature after the number ending the last sentence, which the scrape set on a line of its
# own with a `¶` (`... posed in paragraph` / blank / `¶3. Koenig`).
SIGNATURE_AFTER_NUMBER = re.compile(r"^\s*+¶?\s*(?P<number>\d{1,3}\.)\s+(?P<names>[A-Z][A-Za-z'’-]+)\s*$")
SENTENCE_ENDS = tuple('.!?:;)"”')
# A date in ISO form closing the last line: a scrape's stamp, no part of the text.
DATE_STAMP_AT_END = re.compile(r"\s\d{4}-\d{2}-\d{2}\s*$")


# A repeated cable ends with the quoted cable's signature, UNQUOTE (old cables: UNQTE), then its
# own.
QUOTED_SIGNATURE = re.compile(r"^\s*(?:[A-Z][A-Za-z'’-]+\s+)?UNQ(?:UO)?TE\s+(?=\S)")
# A classification banner as printed at a page's foot: any level, letter-spaced or not.
CLASSIFICATION_BANNER = r"""
    (?:T\ ?O\ ?P\s+)?S\ ?E\ ?C\ ?R\ ?E\ ?T | C\ ?O\ ?N\ ?F\ ?I\ ?D\ ?E\ ?N\ ?T\ ?I\ ?A\ ?L
  | UNCLAS(?:SIFIED)? | LIMITED\s+OFFICIAL\s+USE | SENSITIVE\s+BUT\s+UNCLASSIFIED"""
CAVEAT_WORD = r"(?:NOFORN|SENSITIVE|SIPDIS|EXDIS|NODIS|LIMDIS|FOR\s+OFFICIAL\s+USE\s+ONLY|ONLY|FOUO|SBU)"
# A scrape's teaser left after the signature: words in capitals cut short by an ellipsis (the
# subject's end, `HTS ACTIVIST LIU XIAOBO...`). Matched only on a line ending with `...`.
ELLIPSIS_TEASER = r"[A-Z][A-Z0-9 ,;:'\"()&/-]*\.\.\."
TEASER_LINE = re.compile(ELLIPSIS_TEASER)
# The lines that close an unsigned cable after its last paragraph: the telegram's end (`NNNN`,
# old printouts' `NNN`, `BT`, `#1234`), the page's foot banner and caveats, rulers, a page
# header in capitals, `<< END OF DOCUMENT >>`, a scrape's date or declassification stamp: no
# paragraph's last line can be one. (TRAILER_LINE's other lines may end a paragraph wrapped
# there, `cleared by the Ambassador.`, `page 3 of the report.`, `Note: ...`, `Systematic review
# of ...`, `END OF TEXT` closing a quote: only a signature above them tells them from text.)
TELEGRAM_TRAILER = r"""
        NNNN? | BT | \#\d+                     # NNN: the end of old printouts
      | Declassified/Released\b.* | [*=_.-]+
      | (?:BANNER)(?:[\s/,-]+CAVEAT)*(?://\w+)*   # the page's foot banner (`SECRET//NOFORN//MR`)
      | (?-i:(?:BANNER)(?:\s+SECTION\s+\d{1,2}\s+OF\s+\d{1,2})?   # the classification line,
             \s+[A-Z][A-Z.'-]*(?:\ [A-Z][A-Z.'-]*)?\s+\d{5,6})      # repeated at the foot, in
                                                 # capitals (`CONFIDENTIAL NAIROBI 000456`)
      | CAVEAT(?:[\s/,-]+CAVEAT)*              # caveats alone (`SBU`, `NODIS, SIPDIS`)
      | \d{4}-\d{2}-\d{2}                       # a scrape's date stamp
      | (?-i:PAGE)\s+\d{1,3}\s.*               # a page header, in capitals
      | (?:<<|\(|\[|-+)?\s*END\s+(?:OF\s+(?:DOCUMENT|MESSAGE)|CABLE\s+TEXT)\s*(?:>>|\)|\]|-+)?
      | [=*-]*\s*(?:CABLE|MESSAGE)\s+ENDS\s*[=*-]*
""".replace("BANNER", CLASSIFICATION_BANNER).replace("CAVEAT", CAVEAT_WORD)
TELEGRAM_TRAILER_LINE = re.compile(f"(?:{TELEGRAM_TRAILER})?", re.VERBOSE | re.IGNORECASE)
# The classification authority block, which the head holds (`Classified By: ... Reasons 1.4 (b)
# and (d)`, the E.O. line and its DECL date) and some drafters type after the signature: the
# lines of the block, each opening with its label, in any case. `Classified by` without a colon
# only with its reasons (not a sentence: `Classified by the host government as ...`). A wrapped
# `Classified By:` line goes on under it (see `wrapped_classified_by`). Read as closing lines
# only after the text's numbered paragraphs (see `authority_block_start`): in an extract cut in
# its header block, the block is the header's (`SUBJECT: ...` / `RUBALCABA` / `Classified By:`).
CLASSIFICATION_AUTHORITY_LINE = re.compile(r"""
        CLASSIFIED\s+BY\s*:.* | CLASSIFIED\s+BY\b.*\b(?:REASONS?\b|1\.[45]).*
      | REASONS?\s*:?\s*1\.[45]\b.*                     # `Reason: 1.4 (b)` (E.O. 12958's sections)
      | (?:DERIVED\s+FROM|DECLASSIFY\s+ON)\s*:.*         # a derivative classification's lines
      | E\.?\ ?O\.?\s*\d{5}\b.* | DECL\s*:.*            # `E.O. 12958: DECL: 05/01/2019`
      | DECL\s+OADR\b.*                                 # (old cables, no colon: `DECL OADR`)
""", re.VERBOSE | re.IGNORECASE)
CLASSIFIED_BY_LINE = re.compile(r"^\s*+CLASSIFIED\s+BY\b", re.IGNORECASE)
# What tells a wrapped `Classified By` block from a sentence opening with those words: the
# label's colon or the reasons.
CLASSIFIED_BY_BLOCK = re.compile(r"^\s*+CLASSIFIED\s+BY\s*:|\bREASONS?\b|\b1\.[45]\b", re.IGNORECASE)
# The lines a `Classified By:` line after the signature wraps onto at most (a title, a name and
# the reasons: `Classified By: Charge d'Affaires a.i. John Smith,` / `reasons 1.4 (b) and (d).`).
CLASSIFIED_BY_WRAPPED_LINES = 2
# The lines of the block read at most, with the trailer and blank lines among them.
AUTHORITY_BLOCK_LINES = 12


# Closing lines after the signature: those, and the scrapers' and relays' own additions
# (`Declassified/Released US Department of State EO Systematic Review 05 JUL 2006`,
# `2004CARACA02200 - CONFIDENTIAL`, `PAGE 03 RUEHFRA0170 S E C R E T`, leaked SQL, web site
# notices).
TRAILER_LINE = re.compile(r"""     # matched against the stripped line
    (?: TELEGRAM_TRAILER
      | Systematic\s+Review\b.* | \d{4}[A-Z]{3,}\d+\s+-\s+[A-Z\s]+
      | PAGE\s+\d+\s+RUE\w+.* | SELECT\s.*\bFROM\b.*
      | Track\s+impresi.* | ID:\s*\d+          # a newspaper's print trailer
      | PAGE\s+\d{1,3}\s.*                     # a page header left at the end, in any case
      | (?:[OPRZ]{1,2}\s+)?\d{6}Z\s*DTG_MONTH\s*\d{2}(?:\d{2})?   # the DTG (`121212Z MAR 08`, `SEPT`)
      | (?:<<|\(|\[|-+)?\s*END\s+OF\s+TEXT\s*(?:>>|\)|\]|-+)?
      | \(?NOTE\s*(?:BY\s+(?:OC/T|O/C|OCT)\b|:).* | NOT\s+PASSED\s+TO\b.*   # a relay's note
      | (?:DRAFTED|CLEARED|APPROVED|RELEASED)\s+BY\b.*   # the drafting block some cables end with
      | (?:DRAFTED|CLEARED|APPROVED)\s*:.*             # ... labelled `Drafted:`, as 5 FAH-2 writes it
    )?""".replace("TELEGRAM_TRAILER", TELEGRAM_TRAILER).replace("DTG_MONTH", DTG_MONTH),
    re.VERBOSE | re.IGNORECASE)
# What a scrape left after the signature (`SELECT * FROM ...`, `Track impresión: ...`).
RESIDUE_LINE = re.compile(r"SELECT\s.*\bFROM\b.*|Track\s+impresi.*|ID:\s*\d+|\d{4}[A-Z]{3,}\d+\s+-\s+[A-Z\s]+|"
                          + ELLIPSIS_TEASER)
# An ellipsis alone after a signature: the teaser without its words (`PEKALA` / `...`). Not a
# full stop alone (`MURRAY` / `.`), with which some cables close; not after an unsigned text,
# whose last paragraph may end with a line of elided text.
ELLIPSIS_LINE = re.compile(r"\.{3,}")
NOT_SIGNATURE = frozenset("""END NOTE COMMENT SUMMARY UNQUOTE QUOTE UNQTE QTE SIPDIS NOFORN SENSITIVE EXDIS
    NODIS LIMDIS BT NNNN DECL TAGS SUBJECT REF CONFIDENTIAL SECRET UNCLAS UNCLASSIFIED THANKS
    REGARDS MINIMIZE CONSIDERED
    ENDS ENDQUOTE TEXT BEGIN FYI NOTAL NIACT SEPTEL PLEASE ADVISE SINCERELY GDS DECONTROLLED
    NONE FOR AMEMBASSY EMBASSY AMCONSUL CONSULATE SECSTATE DEPARTMENT POLOFF ECONOFF
    AMBASSADOR CHARGE DCM ACTING""".split())
# (the telegram's own words closing a text, `TEXT ENDS`, `SEPTEL FOLLOWS`, and a post or office
# named where a person signs, `AMEMBASSY KABUL`, `POLOFF`)


NAME_SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV"})  # `JOHN SMITH JR.`
# The words of a signature line (`CLINTON/SMITH`, `SMITH / JONES`), a redaction among them.
SIGNATURE_WORD_SEPARATOR = re.compile(r"[ ]?/[ ]?|[ ]")
REDACTION_WORD = re.compile(r"X{3,}")


# The signer's title, which some posts type with the name (`AMBASSADOR SOBEL`, `SOBEL,
# AMBASSADOR`) or on the line under it (`KUBISKE` / `CHARGE D'AFFAIRES`): no name of the signer's.
SIGNER_TITLE = r"""(?:(?:ACTING\ )?(?:AMBASSADOR|CHARGE(?:\ D['’]AFFAIRES(?:,?\ A\.\ ?I\.)?)?|DCM
                     |CONSUL\ GENERAL|PRINCIPAL\ OFFICER|DEPUTY\ CHIEF\ OF\ MISSION)
                  |ACTING)"""                                     # (`KUBISKE` / `ACTING`)
TITLE_LINE = re.compile(rf"^\s*+{SIGNER_TITLE}[.,]?\s*$", re.VERBOSE | re.IGNORECASE)
# ... before the name (a space after it) or after it (a comma before it).
TITLE_WITH_NAME = re.compile(rf"""
    ^(?P<indent>\s*+){SIGNER_TITLE}\ +(?=[A-Za-z])         # `AMBASSADOR SOBEL`
  | (?<![ \t])[ \t]*+,[ \t]*{SIGNER_TITLE}\.?(?=\s*$)       # `SOBEL, AMBASSADOR`
    """, re.VERBOSE | re.IGNORECASE)
# (The comma's spaces are matched from the first of a run, possessively, and so are the
# whitespace runs of the INLINE_SIGNATURE patterns: a search tried at every space of a line of
# 100,000 spaces took 16 s, matching the run again from each.)


# The drafter's note that the telegram was weighed against a MINIMIZE order, typed above the
# signature in old cables: no text of the last paragraph.
MINIMIZE_LINE = re.compile(r"^\s*+MINIMIZE\s+CONSIDERED\W*$", re.IGNORECASE)
# The signing formula of an officer who signs for the principal, on the line above the name
# (`FOR THE AMBASSADOR:` / `SMITH`, `For the Charge d'Affaires,`): no list's label, and no text
# of the last paragraph either. (`FOR THE RECORD:` names no principal: a label.)
SIGNING_FORMULA = re.compile(rf"""^\s*+FOR\s+THE\s+
    (?:{SIGNER_TITLE}|SECRETARY|CHIEF\s+OF\s+MISSION)[ \t]*[:,]?[ \t]*$""", re.VERBOSE | re.IGNORECASE)


class Signature(NamedTuple):
    names: list[str]
    line: int      # index of the line holding the signature (len(lines) when there is none)
    column: int    # where the signature starts on that line
    # The number ending the last sentence that stands before the signature on its line, set
    # apart by the scrape (`3.` of `posed in paragraph` / blank / `¶3. Koenig`), or ''.
    sentence_end: str = ""


def signature_position(lines: Lines) -> Signature:
    """The signature at the end (see `signature_as_written`). In a lower-cased scrape, whose
    names lost the capitals the rules read (`timken jr`, `¶3. koenig`, `clinton unquote
    clinton`), the text is read again in ASCII capitals (the same length: the positions hold)
    and the names given back in lower case."""
    last = last_line_before_trailers(lines)
    found = signature_as_written(lines, last)
    if found.names or not lines.text.islower():
        return found
    capitals = signature_as_written(Lines(lines.text.translate(ASCII_CAPITALS)),
                                    last if same_trailers_in_capitals(lines, last) else None)
    if capitals.names and (capitals.column or capitals.sentence_end or after_sentence(lines, capitals.line)):
        return capitals._replace(names=[name.lower() for name in capitals.names])
    return found


def same_trailers_in_capitals(lines: Lines, last: int) -> bool:
    """The text in ASCII capitals ends its trailer lines where the text as written does, at line
    `last` (`last_line_before_trailers`), so its walk need not be made again (15,000 trailer
    lines walked twice: ~25 ms). TRAILER_LINE ignores case, so every line after `last` stays a
    trailer and the lines after it read the same; only the teaser (capitals before `...`) and
    the web site notice (read by its case) may read otherwise: neither may be at `last` or after."""
    tail = lines.lines[max(last, 0):]
    if tail and tail[0].rstrip().endswith("..."):
        return False
    return not may_hold_web_site_notice("\n".join(tail))


def after_sentence(lines: Lines, index: int) -> bool:
    """Line `index` stands after a blank line or a finished sentence: a name line, not the end
    of a wrapped sentence (`... is a bet on the modernizers` / `worth taking.`), which a text in
    capitals cannot tell by the case of its words; or under the signing formula (`for the
    ambassador,` / `j. keith`)."""
    above = lines.lines[index - 1].rstrip() if index > 0 else ""
    return not above or above.endswith(SENTENCE_ENDS) or bool(SIGNING_FORMULA.match(above))


def signature_as_written(lines: Lines, last: int | None = None) -> Signature:
    """The signature at the end: a short name line after a finished sentence, or an upper-case
    name run into the last sentence of a mixed-case line. `last`: the last line that is no
    trailer, when the caller knows it (`last_line_before_trailers`)."""
    index = last_line_before_trailers(lines) if last is None else last
    if index < 0:
        return Signature([], len(lines.lines), 0)
    line = lines.lines[index]
    if index > 0 and (above := titled_signature(lines, index, line)):
        return above                                    # `KUBISKE` / `CHARGE D'AFFAIRES`
    if "UNQ" in line:                                   # (QUOTED_SIGNATURE holds it)
        line = QUOTED_SIGNATURE.sub("", line)           # `CLINTON UNQUOTE CLINTON`
    line = line[:text_end(line)]
    names = SIGNATURE_LINE.match(untitled := without_title(line))
    if names and is_signature(names["names"]) and not ends_wrapped_sentence(lines, index, line) \
            and not ends_name_list(lines, index, names["names"] if untitled is line else line.strip()) \
            and not (names["initials"] and under_lettered_item(lines, index)):
        return Signature(split_names(names["names"]), index, 0)
    if "," in line and (joint := comma_signature(lines, index, line)):
        return Signature(joint, index, 0)
    names = SIGNATURE_WITH_STOP.match(line)      # `CROCKER.` on a line of its own
    if names and index > 0 and not lines.lines[index - 1].strip() and is_signature(names["names"]) \
            and not ends_wrapped_sentence(lines, index, line):
        return Signature(split_names(names["names"]), index, 0)
    if line.lstrip()[:1] in "¶0123456789" and (after_number := signature_after_number(lines, index)):
        return after_number
    line = lines.lines[index]
    tail = max(0, len(line) - LAST_WORD_REACH)
    if "," in line[tail:] and (run_in := INLINE_JOINT_SIGNATURE.search(line, tail)) \
            and in_mixed_case(lines, index, run_in.start()) and (signers := comma_names(lines, run_in["names"])):
        return Signature(signers, index, run_in.start())       # `... End comment. CLINTON, GATES`
    inline = inline_signature(line) or lower_case_inline_signature(lines, line)
    # (a lower-cased scrape's names are read as in capitals: `j. smith`)
    if inline and in_mixed_case(lines, index, inline.start()) \
            and is_signature(inline["names"].upper() if lines.text.islower() else inline["names"]):
        return Signature(split_names(inline["names"]), index, inline.start())
    if not inline and may_hold_web_site_notice(line) and (after := signature_after_notice(line)) \
            and in_mixed_case(lines, index, after.notice) and is_signature(after.names):
        # the notice goes with the signature
        return Signature(split_names(after.names), index, notice_column(line, after.notice))
    return unsigned_end(lines, index)


def titled_signature(lines: Lines, index: int, line: str) -> Signature | None:
    """The signature on the line above line `index` (`line`) when `line` is the signer's title
    alone (`KUBISKE` / `CHARGE D'AFFAIRES`, `SOBEL` / `AMBASSADOR`); None otherwise."""
    above_line = lines.lines[index - 1]
    if line.strip()[:1] not in TITLE_FIRST_LETTERS or not TITLE_LINE.match(line) \
            or not above_line.strip() or TITLE_LINE.match(above_line):
        return None             # (a title under a title names nobody: no line above is read)
    above = signature_as_written(lines, index - 1)
    return above if above.names and above.line == index - 1 else None


# The first letters of SIGNER_TITLE, any case (most last lines open otherwise).
TITLE_FIRST_LETTERS = frozenset("ACDP" + "acdp")


def without_title(line: str) -> str:
    """`line` without the signer's title typed with the name (`AMBASSADOR SOBEL`, `SOBEL,
    AMBASSADOR` -> `SOBEL`); `line` itself when it holds none."""
    if "," not in line and line.lstrip()[:1] not in TITLE_FIRST_LETTERS:
        return line
    untitled = TITLE_WITH_NAME.sub(lambda title: title["indent"] or "", line)
    return untitled if untitled.strip() else line


def unsigned_end(lines: Lines, last_text: int) -> Signature:
    """No signature: where the text ends, before the telegram's trailer lines that close it
    (TELEGRAM_TRAILER_LINE, with the blank lines among them: `NNNN`, `BT` / `#1234`, the foot
    banner), which are no part of the last paragraph; at the end when none follows. The line
    given is the first after the text (blank or a trailer), cut whole (`visible_lines`).
    `last_text`: the last line that is no TRAILER_LINE: every line after it is blank or one of
    those. The last TRAILER_LINES_READ_ALONE lines are read back from the end; a longer run of
    trailer lines (no cable has one) ends the text only where its first line is a telegram's
    (`NNNN`: what follows is no text either), so that no input costs a read of every line."""
    index = len(lines.lines)
    found = False
    stop = max(last_text, index - 1 - TRAILER_LINES_READ_ALONE)
    while index - 1 > stop:
        stripped = lines.lines[index - 1].strip()
        if stripped:
            if not TELEGRAM_TRAILER_LINE.fullmatch(stripped):
                break
            found = True
        index -= 1
    else:
        if index - 1 > last_text:           # a long run: its first line decides
            first = next((position for position in range(last_text + 1, len(lines.lines))
                          if lines.lines[position].strip()), None)
            found = first is not None \
                and bool(TELEGRAM_TRAILER_LINE.fullmatch(lines.lines[first].strip()))
            index = last_text + 1
    return Signature([], index if found else len(lines.lines), 0)


def ends_wrapped_sentence(lines: Lines, index: int, line: str) -> bool:
    """Line `index` (`line`, its text) is words closed by a full stop under text that stops
    inside a sentence (a full line ending with a word or a comma, also over blank lines: a page
    break): the end of that sentence wrapped onto a line of its own (`... at the level of Under
    Secretary of` / `Defense Flournoy.`, `... policy on` / page break / `China.`), no
    signature. A signature is seldom closed by a full stop, and then after a finished text.
    Also one word without a full stop right under such a line that ends with a word no sentence
    ends with, no blank line between (`... HE ADDED THAT GOK WOULD` / `AGREE`: an unsigned
    cable's sentence, wrapped at its last word; see `ends_inside_sentence`)."""
    end = line.rstrip()
    if not (end.endswith(".") and end[-2:-1].isalpha()):
        return index > 0 and len(end.split()) == 1 and "/" not in end \
            and ends_inside_sentence(lines.lines[index - 1])
    above = next((text for text in reversed(lines.lines[max(0, index - BLANK_LINES_ABOVE):index])
                  if text.strip()), "")
    return bool(above) and continues_sentence(above)


# Words no sentence ends with: articles, prepositions, conjunctions, modals and auxiliaries,
# possessives. A wrapped line ending with one goes on in the next (`... GOK WOULD` / `AGREE`).
# (Not `A`, which ends `ANNEX A`, `REF A`; not `MAY`, the month; not `AT`, which ends the web
# site notice's line when the scrape lost its address: `... Web Site at` / `CROCKER`.)
WORDS_ENDING_NO_SENTENCE = frozenset("""AN THE OF TO IN ON BY FOR FROM WITH INTO ONTO UPON
    ABOUT AGAINST AMONG BETWEEN THROUGH TOWARD TOWARDS AND OR BUT NOR THAT WHICH WHOSE IF THAN
    BECAUSE WHILE WHETHER WOULD WILL SHALL SHOULD CAN COULD MIGHT MUST IS ARE WAS WERE BEEN
    HAS HAVE HAD ITS HIS THEIR OUR MY YOUR""".split())


def ends_inside_sentence(line: str) -> bool:
    """`line` is a wrapped line (`continues_sentence`) whose last word no sentence ends with
    (WORDS_ENDING_NO_SENTENCE: `... HE ADDED THAT GOK WOULD`): a one-word line right under it
    is its sentence's end, no signature. A line ending otherwise (a list's entry, `Vadim Sergeev,
    Interpreter, Russian Embassy` / `CLINTON`; the web site notice's address, `... index.c fm` /
    `TUTTLE`) may stand right above a signature."""
    words = line.split()
    return bool(words) and words[-1].upper() in WORDS_ENDING_NO_SENTENCE and continues_sentence(line)


def comma_signature(lines: Lines, index: int, line: str) -> list[str]:
    """The names of a joint signature separated by commas on line `index` (`line`, its text:
    COMMA_SIGNATURE_LINE), a suffix kept with the name before it (`TIMKEN, JR.`); [] when a
    name is no signer's (`FYI`, `POLOFF`) or the line does not stand apart as a signature does
    (`joint_stands_apart`)."""
    found = COMMA_SIGNATURE_LINE.match(line)
    if not found:
        return []
    names = comma_names(lines, found["names"])
    return names if names and joint_stands_apart(lines, index, found["names"]) else []


def comma_names(lines: Lines, names: str) -> list[str]:
    """The names of `names` separated by commas (`CLINTON, GATES`), a suffix after a comma kept
    with the name before it (`TIMKEN, JR.`); [] when one is no signer's or there is one name."""
    found: list[str] = []
    for part in COMMA.split(names.strip()):
        if found and is_name_suffix_word(part):
            found[-1] = f"{found[-1]}, {part.rstrip('.')}"
        elif found and INITIAL.fullmatch(part):         # `SMITH, J.`: as written
            found[-1] = f"{found[-1]}, {part}"
        elif is_signature(part) and (part[0].isupper() or lines.text.islower()):
            found.append(part.rstrip("."))      # (in lower case only in a lower-cased scrape)
        else:
            return []
    if len(found) < 2 and not any(", " in name for name in found):
        return []
    return found


def joint_stands_apart(lines: Lines, index: int, names: str) -> bool:
    """A line of names separated by commas (`names`) on line `index` stands as a signature
    does: after a blank line or a finished sentence, or in capitals under a text in mixed case
    (`CLINTON, GATES` under a participants list in mixed case, as `CLINTON` alone stands). Under
    a label (`Russia:`), a line ending with a comma or any other line that ends no sentence it
    is a list's line (`Croatia, France,` / `Uganda, Vietnam`, `LAVROV, RYABKOV`)."""
    above = lines.lines[index - 1].rstrip() if index > 0 else ""
    if not above:
        return True
    if above.endswith((":", ",")):
        return False
    if above.endswith(SENTENCE_ENDS):
        return True
    return names.isupper() and bool(LOWER_CASE_LETTER.search(above))


def ends_name_list(lines: Lines, index: int, names: str) -> bool:
    """The name line `index` (`names`) is a list's last line, no signature (a participants
    list closing an unsigned cable): right under a label (`Russian Embassy:`; not a signing
    formula, with its colon or comma: `For the Ambassador,` / `J. Keith`), or, when it is
    a person's full name (several words, no suffix, not joint, not a surname opening with its
    particle: `Maxim Elovik`, `JOHN SMITH`), right under a line that ends no sentence (but the
    post's web site notice, which posts type right above the signature: `... index.cfm` /
    `J. STAPLETON`). The corpus' signatures of several words are surnames with a suffix
    (`TIMKEN JR`, `Timken jr`) or joint (`RICE/SMITH`); none stands under a label. A surname
    alone under a line that ends no sentence stays the signature: the corpus' signatures stand
    so under the lists that close their cables (`Maxim Elovik` / `CLINTON`)."""
    if index == 0 or not (above := lines.lines[index - 1].rstrip()):
        return False
    if SIGNING_FORMULA.match(above):   # `FOR THE AMBASSADOR:`, `For the Ambassador,` / `J. Smith`
        return False
    if above.endswith(":"):
        return True
    words = names.split()
    if len(words) < 2 or "/" in names or is_name_suffix_word(words[-1]) \
            or words[0].upper().rstrip(".'’") in SURNAME_PARTICLES and not is_initial(words[0]):
        return False
    if may_hold_web_site_notice(above) and WEB_SITE_NOTICE.search(above):
        return False            # the post's web site notice, typed right above the signature
    return not above.endswith(SENTENCE_ENDS)


# The particles a surname may open with (`VAN VOORST`, `De Santis`, `ST. JOHN`, `MC CORMICK`):
# such a name of two words may be a signature.
SURNAME_PARTICLES = frozenset("""VAN VON DE DEL DELLA DER DEN DI DA DAS DOS DU LA LE LO MC MAC ST
    SAINT O BIN BEN AL EL TEN TER""".split())


def under_lettered_item(lines: Lines, index: int) -> bool:
    """The nearest line above line `index` that is not blank (BLANK_LINES_ABOVE lines up at
    most) is a lettered list's item (`A. Participants` / blank / `B. Smith`), or opens the block
    that ends there with the item whose letter comes before line `index`'s (an item wrapped over
    lines: `A. Text of the note, in Malay` / `and English.` / blank / `B. Visa statistics`, a
    lower-cased scrape's line once read in capitals): a line opening with a letter and a full
    stop under it is the list's next item, not initials. (Under a wrapped item, another letter
    may be a signer's initial: `A. Participants:` / `Minister Jones` / blank / `J. SMITH`.)"""
    above = lines.lines[max(0, index - BLANK_LINES_ABOVE):index]
    while above and not above[-1].strip():          # the blank lines between
        above = above[:-1]
    if not above or LETTERED_ITEM.match(above[-1]):
        return bool(above)
    first = len(above) - 1
    while first > 0 and above[first - 1].strip():   # up to the block's first line
        first -= 1
    item = LETTERED_ITEM.match(above[first])
    letter = lines.lines[index].lstrip()[:1]
    if item is None or not letter:
        return False
    return ord(letter) == ord(item.group().strip()[0]) + 1


def is_initial(word: str) -> bool:
    """`word` is a name's initial (`O.`, `J.`): no surname particle (`O` of `O BRIEN`)."""
    return len(word) == 2 and word[1] == "." and word[0].isalpha()


def is_name_suffix_word(word: str) -> bool:
    return word.strip(".").upper() in NAME_SUFFIXES


# Blank lines looked over, above a name line, for the text it closes (a page break's).
BLANK_LINES_ABOVE = 8


def text_end(line: str) -> int:
    """Where the text of the last line ends: before a scrape's date stamp closing it
    (`DANILOVICH 2005-05-06`), else at the line's end."""
    if "-" in line[-6:] and (stamp := DATE_STAMP_AT_END.search(line)):
        return stamp.start()
    return len(line)


def in_mixed_case(lines: Lines, index: int, column: int) -> bool:
    """The text before column `column` of line `index` is in mixed case: a lower-case letter
    stands there, or on the line above when the text goes on from it (a wrapped paragraph whose
    last line holds none: `202-736-7847). CLINTON`, `COMMENT. DUDDY`)."""
    return bool(LOWER_CASE_LETTER.search(lines.lines[index][:column])) or (
        index > 0 and bool(LOWER_CASE_LETTER.search(lines.lines[index - 1])))


def signature_after_number(lines: Lines, index: int) -> Signature | None:
    """The name on line `index` after a number (`¶3. Koenig`) when the text above stops inside
    a sentence: the number ends that sentence, it opens no paragraph."""
    names = SIGNATURE_AFTER_NUMBER.match(lines.lines[index])
    if not names or not is_signature(names["names"]):
        return None
    above = next((line.rstrip() for line in reversed(lines.lines[:index]) if line.strip()), "")
    if not above or above.endswith(SENTENCE_ENDS):
        return None
    return Signature(split_names(names["names"]), index, names.start("names"), names["number"])


def inline_signature(line: str) -> re.Match | None:
    """`INLINE_SIGNATURE.search(line)`, from the run of INLINE_SIGNATURE_CHARACTERS that ends
    the line (its lookbehind still reads the character before) but in its last LAST_WORD_REACH
    characters (a line of prose without a digit or a comma is all such a run: a line of 93,000
    letters and spaces took 80 ms), before a scrape's date stamp closing it (`... interests.
    DANILOVICH 2005-05-06`)."""
    end = text_end(line)
    start = max(len(line[:end].rstrip(INLINE_SIGNATURE_CHARACTERS)), end - LAST_WORD_REACH)
    found = INLINE_SIGNATURE.search(line, start, end)
    if found and line[found.start() - 1].isdigit() and not found["names"].isupper():
        return None                  # `... 14 Members`: after a number, only a name in capitals
    if found and (letter := names_a_thing(line, found)):
        found = INLINE_SIGNATURE.search(line, letter, end)     # the name after that letter
    return found if found and not after_initial(line, found) else None


def names_a_thing(line: str, found: re.Match) -> int | None:
    """Where the letter opening the names `found` ends, when it is no initial but a letter
    naming a thing after a full stop (`... in Ref. A. CLINTON`: the names are `CLINTON`, not
    `A. CLINTON`); None otherwise."""
    names = found.start("names")
    if not INITIAL_OPENING.match(line, names):
        return None
    before = line[max(0, names - LAST_WORD_REACH):names + 2]    # through the letter's stop
    return names + 2 if LETTER_NAMING_A_THING.search(before) else None


# A capital and its full stop opening a run-in signature's names (`A. CLINTON`).
INITIAL_OPENING = re.compile(r"[A-Z]\.\ ")


def after_initial(line: str, found: re.Match) -> bool:
    """The run-in name `found` stands after a letter and a full stop and one space that end no
    sentence: a name's initial (`Ambassador J. SMITH`: TITLES_BEFORE_INITIALS), not a letter
    naming a thing (`... in ref A. CLINTON`: LETTER_NAMING_A_THING) nor a letter after another
    word (`... in refs A through C. CLINTON`)."""
    if found["after_letter"] is None:
        return False
    before = line[max(0, found.start() - LAST_WORD_REACH):found.start()]
    if LETTER_NAMING_A_THING.search(before):
        return False
    word = before.rstrip()[:-2].split()[-1:]        # the word before the letter and its stop
    if not word:
        return True                                  # (the letter opens the line)
    return word[0].endswith(":") or word[0].strip(".,;()'\"").upper() in TITLES_BEFORE_INITIALS \
        or bool(GIVEN_NAME.fullmatch(word[0]))


def lower_case_inline_signature(lines: Lines, line: str) -> re.Match | None:
    """LOWER_CASE_INLINE_SIGNATURE's match at the end of `line` (its last characters searched),
    in a text that holds no capital: a lower-cased scrape, where INLINE_SIGNATURE, which needs
    the name's capitals, finds none."""
    if not lines.text.islower():       # (stops at the first capital)
        return None
    end = text_end(line)                # `... interests. danilovich 2005-05-06`
    found = LOWER_CASE_INLINE_SIGNATURE.search(line, max(0, end - LAST_WORD_REACH), end)
    return found if found and not after_initial(line, found) else None


def signature_after_notice(line: str) -> NoticeSignature | None:
    """The name after the web site notice on `line`, or after its address (the notice wrapped
    over two lines); see LAST_WORD. The address is looked for in the `searchable` form of the
    text before the name, which keeps every character's place: `lower()` makes `İ` two
    characters, and a place read in it and used in the text fell past the notice's start (a
    line holding many `İ` kept `Visit our web site: http://...index.` in the paragraph)."""
    tail_start = max(0, len(line) - LAST_WORD_REACH)
    last = LAST_WORD.search(line, tail_start)
    if not last:
        return None
    before = line[:last.start()]
    found = searchable(before)
    address = max(found.rfind(piece) for piece in NOTICE_ADDRESS_BYTES)
    if address == -1:
        return None
    words_from_address = before[address:].split()
    if piece_of_address(last["names"], words_from_address):
        return None
    if words := CLASSIFIED_WEB_SITE.search(before, 0, address):
        return NoticeSignature(last["names"], words.start())
    if not last["names"][0].isupper() or in_notice_words(words_from_address):
        return None
    return NoticeSignature(last["names"], before.rfind(" ", 0, address) + 1)


# The words from the notice's address to the name after it, on a line that holds the address
# without the notice's words: the address and a piece the scrape split from it (`http://www.state
# .sgov.gov/p/eur/london/index. cfm Tuttle`).
WORDS_FROM_ADDRESS_TO_NAME = 2


def in_notice_words(words_from_address: list[str]) -> bool:
    """A capitalized word after the notice's address (`words_from_address`: the words from the
    address to it) is one of the notice's own words, no name, when more words than the address
    and a piece of it stand between and end no sentence (`Visit Mexico City's Classified Web
    Site at` / `http://www.state.sgov.gov/p/wha/mexicocity and the North American` /
    `Partnership Blog at ...`); after a finished sentence it is a run-in signature (a one-line
    scrape: `... YoungNH@state.sgov.gov. Please slug all replies to WHA/AND.   CLINTON`)."""
    return len(words_from_address) > WORDS_FROM_ADDRESS_TO_NAME \
        and not words_from_address[-1].endswith(SENTENCE_ENDS)


def piece_of_address(names: str, words_from_address: list[str]) -> bool:
    """The last word of a notice's line (`names`) is the end of its address, which the scrape
    split by a space (`Portal:Fran ce`, `index.c fm`, `INDEX.C FM`): it stands right after the
    address (`words_from_address`: the address' word alone) and in its case, in lower case or,
    under an address in capitals, in capitals. A name in capitals after an address in lower
    case, or capitalized, is a signature (`... index.cfm TUTTLE`, `... index.cfm Tuttle`)."""
    if len(words_from_address) != 1:
        return False
    if words_from_address[0].islower() and names.islower() and len(names) > PIECE_LETTERS:
        return False        # a lower-cased scrape's name (`index.cfm tuttle`), not `ce`, `fm`
    return names.islower() or (names.isupper() and words_from_address[0].isupper())


# The letters of an address' piece split off by a scrape at most (`ce`, `fm`, `it`, `cfm`).
PIECE_LETTERS = 3


# Trailer lines read each on its own before the walk turns to the text-wide search below: a
# cable has a few (NNNN, a notice, a classification line), found in microseconds.
TRAILER_LINES_READ_ALONE = 32


def last_line_before_trailers(lines: Lines) -> int:
    """The index of the last line that is no trailer (-1 when all are): see `trailer_walk`.
    The classification authority block after the signature (`authority_block_start`) closes
    the text too: the walk goes on above it (once: one such block closes a cable)."""
    last = trailer_walk(lines, len(lines.lines) - 1)
    if last > 0 and (block := authority_block_start(lines, last)) is not None \
            and not in_name_list(lines, above := trailer_walk(lines, block - 1)):
        last = above
    return last


def in_name_list(lines: Lines, index: int) -> bool:
    """Line `index`, right above a classification authority block, is a name line (as a
    signature's, a title under it looked over: `J. SMITH` / `AMBASSADOR`) under a line that ends
    no sentence: a list's last line (`3. (C) Participants:` / `MFA` / `DG Rahman` / `KLIM`), which
    an unsigned cable ends with, no signature. A signature above the block stands apart, under a
    blank line, a finished sentence or the signing formula; the corpus' surnames standing right
    under a list (`Maxim Elovik` / `CLINTON`) have no block after them, and with one are left
    unread."""
    if index > 0 and TITLE_LINE.match(lines.lines[index]):
        index -= 1
    line = lines.lines[index] if index >= 0 else ""
    if not (SIGNATURE_LINE.match(without_title(line)) or COMMA_SIGNATURE_LINE.match(line)):
        return False
    above = lines.lines[index - 1].rstrip() if index > 0 else ""
    return above.endswith(":") and not SIGNING_FORMULA.match(above) or is_list_line(above)


def is_list_line(line: str) -> bool:
    """`line` reads as a names list's line (`DG Rahman`, `MFA`): a name line that is neither a
    telegram's line (`MINIMIZE CONSIDERED`, `SIPDIS`, the web site notice) nor the signing
    formula. A signer under anything else (an address, a sentence cut by a scrape, `END
    COMMENT`) stands apart from it."""
    stripped = line.strip()
    if not stripped or stripped.endswith(SENTENCE_ENDS) or SIGNING_FORMULA.match(line) \
            or MINIMIZE_LINE.match(line) or is_trailer(line):
        return False
    return bool(SIGNATURE_LINE.match(without_title(line)) or COMMA_SIGNATURE_LINE.match(line))


def authority_block_start(lines: Lines, index: int) -> int | None:
    """The index of the first line of the classification authority block that ends on line
    `index` (CLASSIFICATION_AUTHORITY_LINE's lines, a wrapped `Classified By:` line with the
    lines it wraps onto, and trailer and blank lines among them; AUTHORITY_BLOCK_LINES at
    most), when a numbered paragraph stands above it: after the text, not in the header block
    of an extract cut there. None when there is none."""
    start = None
    position = index
    floor = max(-1, index - AUTHORITY_BLOCK_LINES)
    while position > floor:
        stripped = lines.lines[position].strip()
        if stripped and CLASSIFICATION_AUTHORITY_LINE.fullmatch(stripped):
            start = position
        elif stripped and (wrapped := wrapped_classified_by(lines, position)) is not None:
            start = position = wrapped
        elif stripped and start is not None and not is_trailer(lines.lines[position]):
            break
        elif stripped and start is None:
            return None                     # line `index` is no line of the block
        position -= 1
    if start is None or not any(number < start for number in paragraph_starts(lines)):
        return None
    return start


def wrapped_classified_by(lines: Lines, index: int) -> int | None:
    """The index of the `Classified By` line that line `index` goes on from, in a block of
    lines with no blank line between (`Classified By: Polcouns Joe Jones` / `for reasons 1.4
    (b) and (d).`), CLASSIFIED_BY_WRAPPED_LINES lines up at most, that holds the label's colon
    or the reasons (CLASSIFIED_BY_BLOCK); None when there is none."""
    for above in range(index - 1, max(-1, index - 1 - CLASSIFIED_BY_WRAPPED_LINES), -1):
        line = lines.lines[above]
        if not line.strip():
            return None
        if CLASSIFIED_BY_LINE.match(line):
            block = "\n".join(lines.lines[above:index + 1])
            return above if CLASSIFIED_BY_BLOCK.search(block) else None
    return None


def trailer_walk(lines: Lines, last: int) -> int:
    """The index of the last line up to line `last` that is no trailer (-1 when all are). The
    last lines are read each on its own; past TRAILER_LINES_READ_ALONE of them, the text is
    searched once for the web site notice's pieces, and each distinct line read once (per
    whether it holds a piece): 50,000 lines of `-` cost 80 ms read each on its own (a
    `searchable` copy and three searches a line), and the text-wide search costs a usual cable
    more than its few lines."""
    stop = max(-1, last - TRAILER_LINES_READ_ALONE)
    for index in range(last, stop, -1):
        if not is_trailer(lines.lines[index]):
            return index
    if stop < 0:
        return -1
    index = stop
    notice_lines = lines_with_notice_pieces(lines)
    read: dict[tuple[str, bool], bool] = {}
    while index >= 0:
        key = (lines.lines[index], index in notice_lines)
        if key not in read:
            read[key] = is_trailer(*key)
        if not read[key]:
            break
        index -= 1
    return index


def is_trailer(line: str, notices: bool = True) -> bool:
    """`line` closes the text after the signature (see TRAILER_LINE); `notices`: the line may
    hold the web site notice (False when its `searchable` form holds none of its pieces)."""
    if notices and may_hold_web_site_notice(line) and WEB_SITE_NOTICE.search(line):
        return not signature_after_notice(line)
    stripped = line.strip()
    return bool(TRAILER_LINE.fullmatch(stripped)) \
        or (stripped[-3:] == "..." and bool(TEASER_LINE.fullmatch(stripped)))


def is_signature(names: str) -> bool:
    words = SIGNATURE_WORD_SEPARATOR.split(names.upper())
    for word in words:      # (a loop: a generator for `any` costs more than the one or two words)
        if word.strip(".") in NOT_SIGNATURE or REDACTION_WORD.fullmatch(word):
            return False
    # Several words must look like a name, not the end of a sentence (`in the days ahead`); a
    # name suffix may be in lower case (`Timken jr`).
    return len(words) == 1 or all(word[:1].isupper() or word.strip(".").upper() in NAME_SUFFIXES
                                  for word in names.replace("/", " ").split())


# A joint signature of two surnames in capitals joined by the word AND (`CROCKER AND PETRAEUS`,
# the form of `RICE/SMITH` written out, as a cable of two principals is signed); in mixed case
# the lower-case `and` is no signature's word (`is_signature`).
JOINT_WITH_AND = re.compile(r"""
    [ ]*(?P<first>[A-Z][A-Z'’-]+)     # one surname in capitals
    [ ]+AND[ ]+                      # the word, spaces around it
    (?P<second>[A-Z][A-Z'’-]+)\.?[ ]*   # the other (its full stop: `CROCKER AND PETRAEUS.`)""", re.VERBOSE)


def split_names(names: str) -> list[str]:
    """`RICE/SMITH` and `RICE AND SMITH` give two names; a name doubled by the scrape (`PARDEW
    PARDEW`) one."""
    words = names.split()
    if len(words) == 2 and words[0] == words[1]:
        names = words[0]
    if len(words) == 3 and words[1] == "AND" and (joint := JOINT_WITH_AND.fullmatch(names)):
        return list(dict.fromkeys((joint["first"], joint["second"])))  # (one name twice: one)
    return list(dict.fromkeys(name.strip(" .") for name in names.split("/") if name.strip(" .")))


def without_residue(lines: Lines, signature: Signature) -> str:
    """The text without the scrape's residue after the signature: the end-of-message `NNNN` and
    all after it, SQL lines, a newspaper's print trailer, a teaser (also one of dots alone)."""
    # (no signature: the text ends before line `signature.line`, see `unsigned_end`)
    after = signature.line + 1 if signature.names else signature.line
    if after >= len(lines.lines):
        return lines.text
    kept = lines.lines[:after]
    for line in lines.lines[after:]:
        stripped = line.strip()
        if stripped.startswith("NNNN"):
            break
        if not (RESIDUE_LINE.fullmatch(stripped) or signature.names and ELLIPSIS_LINE.fullmatch(stripped)):
            kept.append(line)
    return "\n".join(kept).rstrip()


def visible_lines(lines: Lines, signature: Signature) -> list[str]:
    """The lines up to the signature (cut on its line when it was run into the text): a new
    list, which the caller may change (one copy of the lines). The telegram's `MINIMIZE
    CONSIDERED` on a line of its own above the signature, and the signing formula (`FOR THE
    AMBASSADOR:`), are no part of the text."""
    visible = lines.lines[:signature.line + 1]
    if signature.line < len(lines.lines):
        visible[-1] = visible[-1][:signature.column]
    if signature.names and signature.column == 0:
        without_signing_lines(visible, signature.line)
    if signature.sentence_end:          # `3.` goes back to the end of its sentence
        visible[-1] = ""
        above = max((index for index, line in enumerate(visible) if line.strip()), default=None)
        if above is not None:
            visible[above] = f"{visible[above].rstrip()} {signature.sentence_end}"
    return visible


# The lines typed above a signature that are no text: the formula and `MINIMIZE CONSIDERED`
# above it (`MINIMIZE CONSIDERED` / `FOR THE AMBASSADOR:` / `SMITH`), each at most once.
SIGNING_LINES_ABOVE = 2


def without_signing_lines(visible: list[str], index: int) -> None:
    """Blanks in `visible` the `MINIMIZE CONSIDERED` line and the signing formula (`FOR THE
    AMBASSADOR:`) standing above the signature on line `index`, one or both, blank lines among
    them."""
    line_above = index - 1
    for _ in range(SIGNING_LINES_ABOVE):
        while line_above >= 0 and not visible[line_above].strip():
            line_above -= 1
        if line_above < 0 or not (MINIMIZE_LINE.match(visible[line_above])
                                  or SIGNING_FORMULA.match(visible[line_above])):
            return
        visible[line_above] = ""
