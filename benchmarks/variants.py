"""Metamorphic robustness: the parser's fields must not change under realistic scrape damage.

    .venv/bin/python -m benchmarks.variants [--variant NAME] [--field NAME] [--show N]

Each cable text at hand (the corpus' Cablegate pages as `benchmarks.parser_outputs` reads them,
text alone; the repo's text cables in samples/ and tests/data/) is parsed as written and under
each variant below with `parse_cable(text, {})`; the tool reports, per variant and per field, how
many cables changed, with examples (field, as written, under the variant). A variant is a pure,
deterministic function text -> text that must not change what the cable says; a cable it leaves
as it is (nothing to damage) is not counted. Exit status 0 always: this is a report, the test
(tests/test_variants.py) asserts the fields on a few repo cables.

The fields compared: FIELDS, plus `paragraphs` (their count) and `body` where the variant must
not change them, plus `error` (the CableParseError's code, or none). Per variant:

  crlf, cr              Windows / old Mac line ends. (The decoder keeps them; the parser's
                        strip_markup unifies them, so these are expected never to change.)
                        Every field, the paragraph count and the body.
  tabs                  runs of 4+ spaces inside a line as one tab. Every field and the count;
                        not the body (its spacing changes).
  indent1               every non-blank line indented by one space (seen in scrapes). Every
                        field and the count; not the body.
  nbsp                  the spaces of the header blocks' first lines (E.O., TAGS, SUBJECT, REF,
                        Classified By) and of the classification line as U+00A0 (HTML copies).
                        Every field and the count; not the body.
  smart-quotes          ' and " in the header blocks as typographic quotes; the fields are
                        compared with those quotes read back as ASCII (they are the cable's own
                        characters; so are any the cable already had). Every field and the count; not the body.
  en-dash               the header blocks' spaced hyphens and number ranges as en dashes, their
                        `--` as em dashes (a word processor's autoformat); compared as
                        smart-quotes.
  no-blank-lines        the blank lines between two header blocks removed. Every field and the
                        count; not the body.
  extra-blank-lines     every blank line doubled. Every field and the count; not the body.
  rewrap50, rewrap80    the SUBJECT, REF and Classified By blocks re-wrapped at 50 / 80 columns
                        (a cable's wrapping varies by source). Every field and the count; not
                        the body.
  wrap-long-lines       each line after the header blocks longer than 69 columns wrapped at 69
                        (Cablegate holds most paragraphs on one line; telegrams wrap them).
                        Every field and the count; not the body.
  trailing-spaces       two spaces at the end of every line. Every field, the count, the body.
  page-break            `PAGE 02 <STATION> <serial, 8 digits> 002 OF 003` (the cable's own
                        station and serial) and a blank line put in the middle of the middle
                        numbered paragraph, at a line end (or a word break of a long line), as old
                        printouts do. Every field and the count; not the body.
  page-break-plain      the same with Cablegate's own page header, `<STATION> <serial> 002 OF 003`.
  section-break         the same, in a cable in sections, with a later section's head as a raw
                        telegram prints it: the page's foot banner `CONFIDENTIAL`, then
                        `CONFIDENTIAL SECTION 02 OF 03 <STATION> <serial>`.
  trailing-classification  the classification line's first word(s) repeated at the end after the
                        signature, then an `NNNN` end line. Every field and the count; not the body.
  html-escaped          &, <, >, " and ' left as HTML entities (a scrape that did not unescape;
                        strip_markup unescapes them). Every field, the count and the body.
  pilcrow-lost          `¶1.` typed as `1.` (sources that lost the pilcrow). Every field but
                        the body and the paragraphs' text, and the count.
  br-tags               `<br>` ending every line (a scrape of the page's HTML source; the
                        parser removes HTML tags). Every field, the count and the body.
  tag-links             the TAGS line's words as markdown links, `[PREL](#)`, as Cablegate's
                        pages write them. Every field and the count; not the body.
  single-spaces, double-spaces  runs of spaces inside a line as one space; two spaces after
                        `.`, `:` or `;` (typists' and other dumps' spacing). Every field and
                        the count; not the body.
  smart-quotes-everywhere  as smart-quotes, in the whole text.
  leading-blank-lines   blank lines (one of spaces) before the text. Every field, the count
                        and the body.
  indent4, tab-indent   every non-blank line indented by four spaces, or by a tab (a <pre>
                        block's indentation). Every field and the count; not the body.
  pilcrow-space         `¶1.` written `¶ 1.`. Every field and the count; not the body.
  no-space-after-colon, space-before-colon  `TAGS:PREL`, `SUBJECT : ...` for the header
                        blocks' labels. Every field and the count; not the body.
  label-case            the TAGS, SUBJECT and REF labels in mixed case (`Subject:`). Every
                        field and the count; not the body.
  wrap-tags             a TAGS line longer than 50 columns wrapped at 50. Every field and the
                        count; not the body.
  dedent                the indentation of every line removed. Every field and the count; not
                        the body.
  lower                 the whole text in lower case (a corpus damage); the fields are compared
                        in lower case. Every field and the count; not the body. Case is
                        evidence for several rules (portion markings, headings, page headers
                        inside a line), so this variant still changes cables: a report, not a
                        test (tests/test_variants.py leaves it out).
(A byte-order mark is no variant: the decoder removes it, transforms/decode.py.)
"""
import argparse
import html
import json
import os
import re
import sys
import textwrap
from typing import Callable, NamedTuple

from benchmarks.parser_outputs import DEFAULT_CORPUS, corpus_inputs, repo_inputs

FIELDS = ("reference_id", "created", "date_time_group", "classification", "handling", "origin",
          "precedence", "recipients", "info_recipients", "executive_order", "declassify_on",
          "classified_by", "classification_reasons", "tags", "subject", "references", "summary",
          "comment", "signed_by")
COUNT, BODY, ERROR = "paragraphs", "body", "error"

# The first line of a header block: the labels the header-block field rules read.
BLOCK_LABEL = re.compile(r"""
    ^[ \t]*(?: E\.?[ \t]?O\.?[ \t]*\d          # E.O. 12958: DECL: 02/13/2014
             | TAGS?\b                          # TAGS: PREL PGOV
             | (?P<wrapped>SUBJ(?:ECT)?\b       # SUBJECT: ..., wrapped over lines
                | REFS?\b | REFERENCES?\b        # REF: A. STATE 1234
                | CLASSIFIED[ \t]+BY\b)          # Classified By: ..., reasons 1.4 (b)
             | DERIVED[ \t]+FROM\b)             # DERIVED FROM: DSCG 05-1 B, D
    """, re.VERBOSE | re.IGNORECASE)
# A line that ends a block even without a blank line before it: a numbered paragraph, a
# `Summary` heading, a portion marking opening a paragraph, a page header of its own.
BLOCK_END = re.compile(r"""
    ^[ \t]*(?:¶|\d{1,3}\.[ \t(]|\d{1,3}\.$|\([A-Z/]{1,4}\)|(?i:summary\b)
             |.*\d{8}[ \t]+\d{3}(?:\.\d)?[ \t]+(?i:OF)[ \t]+\d{3}[ \t]*$)""", re.VERBOSE)
CLASSIFICATION_LINE = re.compile(r"""
    ^[ \t]*(?P<word>UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|LIMITED[ \t]+OFFICIAL[ \t]+USE
             |C[ ]O[ ]N[ ]F[ ]I[ ]D[ ]E[ ]N[ ]T[ ]I[ ]A[ ]L|S[ ]E[ ]C[ ]R[ ]E[ ]T)
    \b(?P<rest>.*)$""", re.VERBOSE)
# `SECTION 01 OF 03 MADRID 000527` or `MADRID 000527` ending the classification line.
STATION_SERIAL = re.compile(r"(?P<station>[A-Z][A-Z .'-]*?)[ \t]+(?P<serial>\d{1,8})[ \t]*$")
NUMBERED = re.compile(r"[ \t]*¶?[ \t]*\d{1,3}\.")
LABEL_SPACE = re.compile(r"(?<=\bClassified) (?=By\b)|(?<=\bCLASSIFIED) (?=BY\b)")
PILCROW = re.compile(r"^([ \t]*)¶[ \t]*(?=\d)", re.MULTILINE)


class Block(NamedTuple):
    start: int          # line index of the label line
    end: int            # line index after the block's last line
    wrapped: bool       # SUBJECT, REF or Classified By: text wrapped over lines


def header_blocks(lines: list[str]) -> list[Block]:
    """The header blocks of a cable's lines, in order: a labelled line and its continuation
    lines up to a blank line, another label or a paragraph start."""
    blocks, index = [], 0
    while index < len(lines):
        label = BLOCK_LABEL.match(lines[index])
        if not label:
            index += 1
            continue
        end = index + 1
        while (end < len(lines) and lines[end].strip() and not BLOCK_LABEL.match(lines[end])
               and not BLOCK_END.match(lines[end])):
            end += 1
        blocks.append(Block(index, end, bool(label.group("wrapped"))))
        index = end
    return blocks


def _in_blocks(text: str, change: Callable[[str], str], first_lines_only: bool = False) -> str:
    lines = text.split("\n")
    for block in header_blocks(lines):
        for index in range(block.start, block.start + 1 if first_lines_only else block.end):
            lines[index] = change(lines[index])
    return "\n".join(lines)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def cr(text: str) -> str:
    return text.replace("\n", "\r")


def tabs(text: str) -> str:
    return re.sub(r"(?<=\S) {4,}(?=\S)", "\t", text)


def indent1(text: str) -> str:
    return re.sub(r"^(?=[^\n])", " ", text, flags=re.MULTILINE)


def nbsp(text: str) -> str:
    text = _in_blocks(text, lambda line: line.replace(" ", "\u00a0"), first_lines_only=True)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if CLASSIFICATION_LINE.match(line):
            lines[index] = line.replace(" ", "\u00a0")
            break
    return "\n".join(lines)


def _smart(line: str) -> str:
    line = re.sub(r"(?<![\w.,])'", "\u2018", line).replace("'", "\u2019")
    line = re.sub(r'(?<![\w.,])"', "\u201c", line)
    return line.replace('"', "\u201d")


def smart_quotes(text: str) -> str:
    return _in_blocks(text, _smart)


# What a word processor's autoformat makes of hyphens: a spaced hyphen and a range of numbers
# become an en dash, a double hyphen an em dash (a hyphen inside a word, `E-MAIL`, stays).
SPACED_HYPHEN = re.compile(r"(?<= )-(?= )|(?<=\d)-(?=\d)")


def en_dash(text: str) -> str:
    return _in_blocks(text, lambda line: SPACED_HYPHEN.sub("\u2013", line.replace("--", "\u2014")))


def no_blank_lines(text: str) -> str:
    """The blank lines between the end of one header block and the next block's label."""
    lines = text.split("\n")
    drop = set()
    blocks = header_blocks(lines)
    for before, after in zip(blocks, blocks[1:]):
        between = range(before.end, after.start)
        if all(not lines[index].strip() for index in between):
            drop.update(between)
    return "\n".join(line for index, line in enumerate(lines) if index not in drop)


def extra_blank_lines(text: str) -> str:
    return re.sub(r"\n[ \t]*\n", "\n\n\n", text)


def _rewrap(width: int) -> Callable[[str], str]:
    def rewrap(text: str) -> str:
        lines = text.split("\n")
        for block in reversed(header_blocks(lines)):
            if not block.wrapped:
                continue
            # (a label is not broken over two lines: `Classified By` run onto the REF line)
            joined = " ".join(line.strip() for line in lines[block.start:block.end])
            joined = LABEL_SPACE.sub("\0", joined)
            lines[block.start:block.end] = [line.replace("\0", " ") for line in textwrap.wrap(
                joined, width, break_long_words=False, break_on_hyphens=False)] or [""]
        return "\n".join(lines)
    rewrap.__name__ = f"rewrap{width}"
    return rewrap


def wrap_long_lines(text: str) -> str:
    """Each line after the header blocks longer than 69 columns wrapped at 69 (Cablegate pages
    hold most paragraphs on one line; telegrams and other dumps wrap them). Lines are not
    joined: a signature or a notice on a line of its own stays there."""
    lines = text.split("\n")
    blocks = header_blocks(lines)
    first = blocks[-1].end if blocks else 0
    kept = lines[:first]
    for line in lines[first:]:
        if len(line) <= 69:
            kept.append(line)
        else:
            kept += textwrap.wrap(line, 69, break_long_words=False, break_on_hyphens=False)
    return "\n".join(kept)


def _station_serial(text: str) -> tuple[str, str] | None:
    """The cable's own station and serial, from its classification line."""
    for line in text.split("\n")[:80]:
        found = CLASSIFICATION_LINE.match(line)
        if found and (station := STATION_SERIAL.search(found.group("rest"))):
            name = station.group("station").split(" OF ")[-1].strip()
            name = re.sub(r"^SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]*", "", name)
            if name:
                return name[:10].rstrip(), station.group("serial").zfill(8)
    return None


def _page_break(page_header: Callable[[str, str], str]) -> Callable[[str], str]:
    def page_break(text: str) -> str:
        own = _station_serial(text)
        if not own:
            return text
        header = page_header(*own)
        lines = text.split("\n")
        blocks = header_blocks(lines)
        first = blocks[-1].end if blocks else 0
        # The numbered paragraphs after the header blocks: runs of non-blank lines.
        runs, start = [], None
        for index in range(first, len(lines) + 1):
            blank = index == len(lines) or not lines[index].strip()
            if not blank and start is None:
                start = index
            elif blank and start is not None:
                runs.append((start, index))
                start = None
        runs = [run for run in runs if NUMBERED.match(lines[run[0]])
                and (run[1] - run[0] >= 2 or len(lines[run[0]]) > 120)]
        if not runs:
            return text
        start, end = runs[len(runs) // 2]
        if end - start >= 2:    # a wrapped paragraph: the break comes at a line end
            middle = start + (end - start) // 2
            lines[middle:middle] = ["", header, ""]
        else:                   # a paragraph on one long line: at the word break nearest the middle
            line = lines[start]
            cut = line.rfind(" ", 0, len(line) // 2)
            lines[start:start + 1] = [line[:cut], "", header, "", line[cut + 1:]]
        return "\n".join(lines)
    return page_break


FIRST_SECTION = re.compile(r"^[ \t]*(?P<word>UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|C O N F I D E N T I A L"
                           r"|S E C R E T)\b.*\bSECTION 0?1 OF (?P<sections>\d+)\b", re.MULTILINE)


def section_break(text: str) -> str:
    """A later section's head inside the middle paragraph, for a cable in sections (its line
    says `SECTION 01 OF 03`): the page's foot banner, then the section's classification line."""
    first = FIRST_SECTION.search(text)
    if not first:
        return text
    word, sections = first["word"], first["sections"]
    return _page_break(lambda station, serial: f"{word}\n\n{word} SECTION 02 OF {sections} "
                       f"{station} {serial[2:]}")(text)


def trailing_classification(text: str) -> str:
    for line in text.split("\n")[:80]:
        if found := CLASSIFICATION_LINE.match(line):
            return text.rstrip("\n") + f"\n\n{found.group('word')}\n\nNNNN\n"
    return text


def html_escaped(text: str) -> str:
    return html.escape(text, quote=True)


def line_end_references(text: str) -> str:
    """Every line end written `&#x000A;`, as a Cablegate page's source writes it (a text copied
    from the source, or a page escaped twice)."""
    return text.replace("\n", "&#x000A;")


def pilcrow_lost(text: str) -> str:
    return PILCROW.sub(r"\1", text)


TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                            "\u2013": "-", "\u2014": "--"})


def br_tags(text: str) -> str:
    return text.replace("\n", "<br>\n")


TAGS_LINE = re.compile(r"^([ \t]*TAGS?:?[ \t]*)(.*)$", re.MULTILINE)


def tag_links(text: str) -> str:
    """The TAGS line's words as markdown links (`[PREL](#) [PGOV](#)`), as Cablegate's pages
    write them."""
    return TAGS_LINE.sub(lambda match: match[0] if "](" in match[0] else
                         match[1] + re.sub(r"\b([A-Z]{2,})\b", r"[\1](#)", match[2]), text, count=1)


def single_spaces(text: str) -> str:
    return re.sub(r"(?<=\S)  +(?=\S)", " ", text)


def double_spaces(text: str) -> str:
    return re.sub(r"(?<=[.:;])[ ](?=[A-Z(])", "  ", text)


def smart_quotes_everywhere(text: str) -> str:
    return "\n".join(map(_smart, text.split("\n")))


def leading_blank_lines(text: str) -> str:
    return "\n  \n\n" + text


def indent4(text: str) -> str:
    return re.sub(r"^(?=[^\n])", "    ", text, flags=re.MULTILINE)


def tab_indent(text: str) -> str:
    return re.sub(r"^(?=[^\n])", "\t", text, flags=re.MULTILINE)


def pilcrow_space(text: str) -> str:
    return re.sub(r"^([ \t]*)¶(?=\d)", r"\1¶ ", text, flags=re.MULTILINE)


LABEL_COLON = re.compile(r"^([ \t]*(?:E\.O\.[ \t]*\d+|TAGS|SUBJECT|SUBJ|REF|REFS|Classified[ \t]+By|"
                         r"CLASSIFIED[ \t]+BY)):[ \t]*", re.MULTILINE)


def no_space_after_colon(text: str) -> str:
    return LABEL_COLON.sub(r"\1:", text)


def space_before_colon(text: str) -> str:
    return LABEL_COLON.sub(r"\1 : ", text)


LABEL_WORD = re.compile(r"^([ \t]*)(TAGS|SUBJECT|SUBJ|REF|REFS)(?=:)", re.MULTILINE)


def label_case(text: str) -> str:
    return LABEL_WORD.sub(lambda match: match[1] + match[2].capitalize(), text)


def wrap_tags(text: str) -> str:
    """The TAGS line wrapped at 50 columns (a long TAGS line wraps in the telegram too)."""
    def wrap(match: re.Match) -> str:
        return "\n".join(textwrap.wrap(match[0], 50, break_long_words=False, break_on_hyphens=False))
    return re.sub(r"^[ \t]*TAGS?:?[^\n]{51,}$", wrap, text, count=1, flags=re.MULTILINE)


def dedent(text: str) -> str:
    return re.sub(r"^[ \t]+(?=\S)", "", text, flags=re.MULTILINE)


def _lower_case(value: str) -> str:
    """A field's JSON in lower case (a lower-cased scrape keeps the case it has)."""
    return value.lower()


def _undo_typography(value: str) -> str:
    """A field's JSON with the typographic quotes and dashes read back as ASCII."""
    return json.dumps(_ascii_typography(json.loads(value)), sort_keys=True, ensure_ascii=False)


def _ascii_typography(value):
    if isinstance(value, str):
        return value.translate(TYPOGRAPHY)
    if isinstance(value, list):
        return [_ascii_typography(item) for item in value]
    if isinstance(value, dict):
        return {key: _ascii_typography(item) for key, item in value.items()}
    return value


class Variant(NamedTuple):
    make: Callable[[str], str]
    compared: tuple[str, ...]
    undo: Callable[[str], str] | None = None    # applied to a field's values before comparing


ALL = FIELDS + (COUNT, BODY, ERROR)
NO_BODY = FIELDS + (COUNT, ERROR)
VARIANTS = {
    "crlf": Variant(crlf, ALL),
    "cr": Variant(cr, ALL),
    "tabs": Variant(tabs, NO_BODY),
    "indent1": Variant(indent1, NO_BODY),
    "nbsp": Variant(nbsp, NO_BODY),
    "smart-quotes": Variant(smart_quotes, NO_BODY, _undo_typography),
    "en-dash": Variant(en_dash, NO_BODY, _undo_typography),
    "no-blank-lines": Variant(no_blank_lines, NO_BODY),
    "extra-blank-lines": Variant(extra_blank_lines, NO_BODY),
    "rewrap50": Variant(_rewrap(50), NO_BODY),
    "rewrap80": Variant(_rewrap(80), NO_BODY),
    "wrap-long-lines": Variant(wrap_long_lines, NO_BODY),
    "trailing-spaces": Variant(lambda text: text.replace("\n", "  \n"), ALL),
    "page-break": Variant(_page_break(
        lambda station, serial: f"PAGE 02 {station} {serial} 002 OF 003"), NO_BODY),
    "page-break-plain": Variant(_page_break(
        lambda station, serial: f"{station} {serial} 002 OF 003"), NO_BODY),
    "section-break": Variant(section_break, NO_BODY),
    "trailing-classification": Variant(trailing_classification, NO_BODY),
    "html-escaped": Variant(html_escaped, ALL),
    "br-tags": Variant(br_tags, ALL),
    "line-end-references": Variant(line_end_references, ALL),
    "tag-links": Variant(tag_links, NO_BODY),
    "single-spaces": Variant(single_spaces, NO_BODY),
    "double-spaces": Variant(double_spaces, NO_BODY),
    "smart-quotes-everywhere": Variant(smart_quotes_everywhere, NO_BODY, _undo_typography),
    "leading-blank-lines": Variant(leading_blank_lines, ALL),
    "indent4": Variant(indent4, NO_BODY),
    "tab-indent": Variant(tab_indent, NO_BODY),
    "pilcrow-space": Variant(pilcrow_space, NO_BODY),
    "no-space-after-colon": Variant(no_space_after_colon, NO_BODY),
    "space-before-colon": Variant(space_before_colon, NO_BODY),
    "label-case": Variant(label_case, NO_BODY),
    "wrap-tags": Variant(wrap_tags, NO_BODY),
    "dedent": Variant(dedent, NO_BODY),
    "lower": Variant(str.lower, NO_BODY, _lower_case),
    "pilcrow-lost": Variant(pilcrow_lost, NO_BODY),
}


def cable_texts(corpus: str = DEFAULT_CORPUS) -> dict[str, str]:
    """{name: text}: the corpus' pages as text alone, the repo's text cables."""
    texts = {name: text for name, (text, metadata) in
             (corpus_inputs(corpus) if os.path.isdir(corpus) else {}).items()
             if name.startswith("text/")}
    texts.update({name: text for name, (text, _) in repo_inputs().items()
                  if name.startswith("repo/")})
    return texts


def observed(text: str) -> dict[str, str]:
    """{field: its value as JSON} of `parse_cable(text, {})` (`error`: null), or just the
    error's code."""
    from transforms.cable_parser import CableParseError, parse_cable

    try:
        fields = parse_cable(text, {}).fields
    except CableParseError as error:
        return {ERROR: json.dumps(error.code)}
    seen = {name: json.dumps(fields[name], sort_keys=True, default=str, ensure_ascii=False)
            for name in FIELDS}
    seen[COUNT] = str(len(fields["paragraphs"]))
    seen[BODY] = json.dumps(fields["body"], ensure_ascii=False)
    seen[ERROR] = "null"
    return seen


def changed_fields(written: dict[str, str], damaged: dict[str, str], variant: Variant) -> list[str]:
    """The fields `variant` must keep that differ between the two observations."""
    undo = variant.undo or (lambda value: value)
    return [name for name in variant.compared
            if (undo(written[name]) if name in written else None)
            != (undo(damaged[name]) if name in damaged else None)]


def compare(texts: dict[str, str], names: list[str]) -> dict[str, dict]:
    """{variant: {"applied": n, "changed": {cable: [fields]}, "examples": {field: [...]}}}."""
    report = {name: {"applied": 0, "changed": {}, "examples": {}} for name in names}
    for cable, text in texts.items():
        written = observed(text)
        for name in names:
            variant = VARIANTS[name]
            damaged_text = variant.make(text)
            if damaged_text == text:
                continue
            report[name]["applied"] += 1
            damaged = observed(damaged_text)
            changed = changed_fields(written, damaged, variant)
            if changed:
                report[name]["changed"][cable] = changed
                for field in changed:
                    report[name]["examples"].setdefault(field, []).append(
                        (cable, written.get(field), damaged.get(field)))
    return report


def _short(value, limit: int = 160) -> str:
    value = str(value)
    return value if len(value) <= limit else value[:limit] + "..."


def print_report(report: dict[str, dict], field: str | None, show: int) -> None:
    for name, result in report.items():
        print(f"{name}: {len(result['changed'])} of {result['applied']} cables changed")
        counts = sorted(((len(examples), field_name)
                         for field_name, examples in result["examples"].items()), reverse=True)
        for count, field_name in counts:
            if field and field_name != field:
                continue
            print(f"    {field_name}: {count}")
            for cable, written, damaged in result["examples"][field_name][:show]:
                print(f"        {cable}\n            as written: {_short(written)}"
                      f"\n            {name}: {_short(damaged)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", action="append", choices=sorted(VARIANTS),
                        help="only this variant (repeatable); default all")
    parser.add_argument("--field", help="only this field's counts and examples")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="N examples per field")
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--cable", help="only the cables whose name holds this")
    args = parser.parse_args(argv)
    texts = cable_texts(args.corpus)
    if args.cable:
        texts = {name: text for name, text in texts.items() if args.cable in name}
    report = compare(texts, args.variant or list(VARIANTS))
    print(f"{len(texts)} cables")
    print_report(report, args.field, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
