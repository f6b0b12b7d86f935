"""Fields of the cable body: classification line, markings, TAGS, SUBJECT, REF, paragraphs...

`parse_body` takes the text from the classification line on (`UNCLAS SECTION 01 OF 02 ALMATY
002404`), cleans the scraping damage (see `_text`) and reads one field per function, each in the
module named for it. The header block (classification line, caveats, E.O., TAGS, SUBJECT, REF,
Classified By) ends where the first numbered paragraph begins; its fields are read from the
block as `_body_head` holds it: `_body_classification`, `_body_dates` (the E.O. line),
`_body_tags`, `_body_subject`, `_body_refs`, `_body_classified_by`. The fields after it:
paragraphs (`_body_paragraphs`, with `_body_numbering`, `_body_line_kinds`, `_body_rulers`,
`_body_paragraph_ends`, `_body_blocks`, `_body_headings`), summary (`_body_summary`), comment
(`_body_comment`, `_body_comment_author`), both read from the flow (`_body_flow`), signature and
trailers (`_body_signature`, `_body_notices`).

Here stays what reads the whole body: the header block's extent, the paragraphs a page that lost
its line breaks ran onto one line (set apart before the paragraph rules read them), the
partial-extract notice and the redaction count.
"""
import re
from typing import Any, Sequence

from ._body_classification import (banner_lines, caveat_lines, find_classification, find_classification_line,
                                   find_handling, find_sections, find_station_serial)
from ._body_classified_by import classified_by_block, find_classified_by, find_reasons, order_classifier
from ._body_comment import find_comment
from ._body_dates import find_executive_order, parse_declassify_on
from ._body_flow import flow_text
from ._body_head import HeadBlock
from ._body_line_kinds import paragraph_starts
from ._body_numbering_forms import with_numbers_in_form
from ._body_paragraphs import split_paragraphs
from ._body_refs import lines_read, opens_numbered_entry, parse_references
from ._body_signature import signature_position, without_residue
from ._body_subject import find_subject
from ._body_summary import find_summary, unlabelled_summary
from ._body_tags import find_tags
from ._text import CleanText, Lines, StrippedText, clean_text_and_headers, searchable

HEAD_MAX_LINES = 80        # the header block is never longer; partial extracts may lack paragraphs
TRAILING_CAVEAT_LINES = 5
HEAD_LINE_CHARS = 2000     # header lines run together by a scrape reach a few hundred characters

# The partial-extract notice: a sentence, or `(partial)` on a line of its own; each matched
# where the word `partial` stands (see `is_partial`).
PARTIAL_NOTICE = re.compile(r"partial\s+extract\s+of\s+the\s+original\s+cable", re.IGNORECASE)
PARTIAL_LINE = re.compile(r"^[ \t]*+\(partial\)[ \t]*$", re.IGNORECASE | re.MULTILINE)
# Redaction runs: three or more X standing alone (`XXXXXXXXXXXX`, `XXXX said`, `XXXXXXa U.S.`,
# `whichXXXXXXXX`: the scrape lost the space on either side), lower-cased with the rest of the
# line by some scrapes; `count_redactions` checks the letters around each run (a run inside a
# word of its case such as `MAXXXIMUM` is none).
# One pattern per case, written `XXX+`: a pattern that starts with a literal string is searched
# by a fast scan for it (`X{3,}|x{3,}` is tried at every character).
# Each with the case test of a letter that continues its run (`XXXXa U.S.` is a redaction).
REDACTION_RUNS = ((re.compile(r"XXX+"), str.isupper), (re.compile(r"xxx+"), str.islower))


def parse_body(body: str, *, year: int | None, clean: CleanText | None = None) -> dict:
    """Every body field of the record (see the module docstring); never raises on odd text.
    `clean`: `clean_body(body)`, when the caller made it already."""
    warnings: list[str] = []
    clean = clean_body(body) if clean is None else clean
    text, page_headers = clean.text, clean.page_headers
    first_page_header = page_headers[0] if page_headers else None
    lines = Lines(text, clean.searchable, clean.lines)
    line_index, line_match, tail = find_classification_line(lines)
    start = line_index if line_index is not None else 0
    # Paragraphs numbered `1)` or `PARA 1.` are read as numbered `1.` by the rules that read
    # paragraphs (the header block's end, paragraphs, summary, comment); the body stays as written.
    # (the text opens after the classification line; a text without one, an excerpt that opens
    # with a paragraph, `5. (C) Comment: ...`, at its first line)
    text_start = start + 1 if line_index is not None else 0
    numbered = with_numbers_in_form(lines, text_start)
    head = header_block(numbered, start, page_headers)
    # Caveat lines stand in the header block and, for some scrapes, at the very end.
    # The classification reads the markings of the line and the header block alone.
    head_markings = find_handling(tail, banner_lines(lines.lines, start)
                                  + caveat_lines(head.lines, addressing=True))
    handling = find_handling(None, caveat_lines(lines.lines[-TRAILING_CAVEAT_LINES:]), found=head_markings)
    signature = signature_position(lines)
    after_head = start + len(head.lines)
    # Paragraphs, summary and comment read the paragraphs a page that lost its line breaks ran
    # onto the line above on lines of their own (the body keeps the text as written).
    text_lines = numbered
    text_signature = signature if numbered is lines else signature_position(numbered)
    # (the lines after the text, a trailer's `BT` / `#1234` / `NNNN`, are no lines of the page:
    # an unsigned cable's text ends before `signature.line`, see `unsigned_end`)
    text_line_count = min(len(lines.lines), signature.line + 1 if signature.names else signature.line)
    if len(text) > LOST_BREAKS_AVERAGE * text_line_count and skips_numbers(numbered, after_head):
        text_lines = with_run_on_starts_apart(numbered, after_head)
        if text_lines is not numbered:
            text_signature = signature_position(text_lines)
    # Summary and comment are looked for from the line after the classification line on: a
    # `Summary` heading may stand before the first paragraph, inside the header block.
    # (a text that mentions neither, a third of the short ones, has no flow: both rules would
    # find nothing in it, and are not called)
    flow = flow_text(text_lines, text_start, text_signature) if mentions_summary_or_comment(lines) else ""
    flow_searchable = searchable(flow) if flow else b""     # for both rules that read the flow
    # `Classified By:` may sit in the first paragraph (`1.(U) Classified by ...`).
    station_serial = find_station_serial(tail, first_page_header)
    own_station = station_serial[0] if station_serial else ""     # may name the comment
    classified_by_text = classified_by_block(head, [line[:HEAD_LINE_CHARS]
                                                    for line in lines.lines[after_head:after_head + 3]])
    fields: dict[str, Any] = {
        "classification": find_classification(line_match, head_markings, text, warnings),
        # (the markings of the classification line and header block, in order: read with the
        # header's security line where the classification is not found, `_parse._derive`)
        "head_markings": head_markings,
        # (in alphabetical order: the same markings give the same list, wherever a cable or
        # its scrape writes them, `SIPDIS` above `SENSITIVE` or under it)
        "handling": sorted(handling),
        "sections": find_sections(tail, first_page_header),
        "station_serial": station_serial,
        "executive_order": find_executive_order(head.lines),
        "declassify_on": parse_declassify_on(head, warnings),
        "classified_by": find_classified_by(classified_by_text) or order_classifier(head.lines),
        "classification_reasons": find_reasons(classified_by_text, head, year),
        "tags": find_tags(head),
        "subject": find_subject(head),
        "references": parse_references(head, year),
        "summary": find_summary(flow, flow_searchable, own_station) if flow else None,
        # (not the text of a `Summary and comment:`: the contract's comment is the closing one)
        "comment": find_comment(flow, flow_searchable, own_station) if flow else None,
        "paragraphs": split_paragraphs(text_lines, after_head, text_signature, warnings, text_start=text_start),
        "signed_by": signature.names,
        "body": without_residue(lines, signature),
        "partial": is_partial(lines),
        "redactions": count_redactions(text, clean.searchable),
        "warnings": warnings,
    }
    if fields["summary"] is None and lines.mentions("ummary"):   # (`ummary`: see below)
        fields["summary"] = unlabelled_summary(fields["paragraphs"], own_station)
    return fields


def clean_body(body: str) -> CleanText:
    """The body's cleaning (see `_text.clean_text_and_headers`), on the body's lines as
    split_header_lines cut them (right-stripped) when it has them."""
    return clean_text_and_headers(body, body.lines if isinstance(body, StrippedText) else None)


# A numbered, marked paragraph run onto the line of the one above after its last sentence, in a
# page that lost its line breaks (`... detailed suggestions. 2. (C) We should`, `9. ( C)`; in a
# lower-cased scrape `2. (c)`, as PARAGRAPH_START reads it).
# (The sentence's end is matched, not looked behind for: a pattern that opens with a character set
# is searched by a fast scan for it.)
RUN_ON_PARAGRAPH_START = re.compile(r"""
    (?P<end>[.!?"”)])[ \t]+                     # after a sentence's end
    (?=¶?(?P<number>\d{1,2})\.[ \t]+\([ \t]?(?:TS|S|C|U|SBU|ts|s|c|u|sbu)(?:[ \t]?/{1,2}[ \t]?(?:NF|nf))?[ \t]?\)[ \t])
    """, re.VERBOSE)
# Characters a line on average above which a page lost its line breaks: three wrapped lines (a
# wrapped cable's lines average 50 to 70; a fifth of the corpus' pages average more than 160,
# a sixth more than 200, and only these are searched).
LOST_BREAKS_AVERAGE = 200

RUN_ON_STARTS_SKIPPED = 2      # paragraphs run on one after another: a larger gap is a skip


def skips_numbers(lines: Lines, after_head: int) -> bool:
    """The numbers of the paragraphs opening a line after the header block skip one or two
    (`1.`, `3.`): where a page lost its line breaks, the missing paragraphs may run on the line
    above.
    (The numbered lines are found once for every rule: see `paragraph_starts`.)"""
    previous = None
    for index, start in paragraph_starts(lines).items():
        if index < after_head:
            continue
        number = int(start["number"])
        if previous is not None and previous + 1 < number <= previous + RUN_ON_STARTS_SKIPPED + 1:
            return True
        previous = number
    return False


def with_run_on_starts_apart(lines: Lines, after_head: int) -> Lines:
    """`lines` with each paragraph start run onto a long line after the header block
    (RUN_ON_PARAGRAPH_START) set on a line of its own after a blank line; `lines` itself when
    there is none. A run-on paragraph goes on with the numbering: its number is above every
    paragraph number before it (opening a line or run on), skipping RUN_ON_STARTS_SKIPPED at
    most. (So a page holds 99 run-on starts at most: a line of thousands of `2. (C)` cut into
    as many blocks, each read by the paragraph rules, took ~40 ms.)"""
    if not RUN_ON_PARAGRAPH_START.search(lines.text):     # (most such pages: one scan in C)
        return lines
    starts = paragraph_starts(lines)
    kept = lines.lines[:after_head]
    changed = False
    previous = 0                        # the highest paragraph number so far
    for index in range(after_head, len(lines.lines)):
        line = lines.lines[index]
        if index in starts:
            previous = max(previous, int(starts[index]["number"]))
        done = 0                        # line[:done] is in `kept`
        if len(line) > LOST_BREAKS_AVERAGE:
            for start in RUN_ON_PARAGRAPH_START.finditer(line):
                number = int(start["number"])
                if previous < number <= previous + RUN_ON_STARTS_SKIPPED + 1:
                    kept.extend((line[done:start.end("end")], ""))
                    done, previous = start.end(), number
        kept.append(line[done:] if done else line)
        changed = changed or done > 0
    if not changed:
        return lines
    text = "\n".join(kept)
    return Lines(text, searchable(text), kept)


def mentions_summary_or_comment(lines: Lines) -> bool:
    """The text holds the word SUMMARY or COMMENT in any case, as the rules' patterns match them
    (`ummary`: the `S` also matches `ſ`, which the searchable form does not keep)."""
    return lines.mentions("ummary") or lines.mentions("omment")


def is_partial(lines: Lines) -> bool:
    """The source says it is a partial extract (`This record is a partial extract of the original
    cable`, or `(partial)` on a line of its own). Both notices start with the word `partial`:
    they are matched only where the clean text holds it (one search of its searchable form;
    most texts have none, and PARTIAL_NOTICE, ignoring case, has no literal start for the regex
    engine to scan for). The line start before each word is looked for back to the word before
    only, and each line matched once: a search back to the line start for each word of a long
    line was quadratic (99 KB of `(partial) `: 11 ms, 98 ms for 400 KB)."""
    text = lines.text
    line_start, searched, line_tried = 0, 0, -1
    for position in lines.places("partial"):
        if (newline := text.rfind("\n", searched, position)) != -1:
            line_start = newline + 1
        searched = position
        if PARTIAL_NOTICE.match(text, position):
            return True
        if line_start != line_tried:
            line_tried = line_start
            if PARTIAL_LINE.match(text, line_start):
                return True
    return False


def count_redactions(text: str, found: bytes | None = None) -> int:
    """The redaction runs of `text` (see REDACTION_RUNS). `found`: its searchable form (or the
    words of it), where every run reads `xxx`: most texts have none (76 of 100), told by one
    search of it instead of the two patterns' scans (~7 us on a 10 KB text)."""
    # The search runs backwards: on this interpreter `bytes.rfind` of a needle that is absent
    # and made of a rare letter costs a third of `in` or `find` (1.9 against 5.2 us).
    if found is not None and found.rfind(b"xxx") == -1:
        return 0
    count = 0
    for pattern, same_case in REDACTION_RUNS:
        for run in pattern.finditer(text):
            start, end = run.span()
            # Four x or more are no word's letters (a Roman numeral has three at most): such a
            # run glued onto a word in its case is a redaction that ate the space (`toxxxxx`).
            if end - start > 3:
                count += 1
                continue
            before, after = text[start - 1:start], text[end:end + 1]
            if not (before.isalpha() and same_case(before)) and not (after.isalpha() and same_case(after)):
                count += 1
    return count


def header_block(lines: Lines, start: int, page_headers: Sequence[re.Match] = ()) -> HeadBlock:
    """Lines from the classification line to the first numbered paragraph (exclusive), each cut
    to HEAD_LINE_CHARS so that no header field ever reads a huge line; with the page headers the
    cleaning cut (a wrapped field reads on across one: see `HeadBlock.page_break_at`). A REF
    list numbered `1.`, `2.` (`REF:` / `1. STATE 12345` / `2. BERLIN 1234`) is no paragraph:
    the block holds the lines its REF block reads on into (`_body_refs.lines_read`)."""
    end = min(len(lines), start + HEAD_MAX_LINES)
    first = end
    starts = paragraph_starts(lines)
    for index in starts:                  # in ascending order
        if index >= start:    # (a body with no classification line may open with paragraph 1)
            first = min(index, end)
            break
    head = HeadBlock([line[:HEAD_LINE_CHARS] for line in lines.lines[start:first]], page_headers,
                     HEAD_LINE_CHARS)
    # (rare: guards the rule) the first numbered line holds a whole REF entry, under a REF heading:
    # the head is read on to the first numbered line that holds none, and ends under the last line
    # its REF block reads (or where it did, when it reads none of the lines added)
    if first < end and head.lines_with("ref") and opens_numbered_entry(lines.lines[first][:HEAD_LINE_CHARS]):
        later = [index for index in starts if first < index < end]
        limit = next((index for index in later if not opens_numbered_entry(lines.lines[index][:HEAD_LINE_CHARS])), end)
        longer = HeadBlock([line[:HEAD_LINE_CHARS] for line in lines.lines[start:limit]], page_headers,
                           HEAD_LINE_CHARS)
        read = start + lines_read(longer)
        if read > first:
            first = next((index for index in later if index >= read), limit)
            head = HeadBlock([line[:HEAD_LINE_CHARS] for line in lines.lines[start:first]], page_headers,
                             HEAD_LINE_CHARS)
    return head
