"""A fuzz campaign on damaged real cables: parser crashes and slow parses.

    .venv/bin/python -m benchmarks.fuzz --seconds 600 --seed 1      # 2 processes, ~170,000 parses
    .venv/bin/python -m benchmarks.fuzz --seconds 60 --kinds truncate,insert_field --depth 1

Base inputs: the corpus' 425 page texts (30% of cases with their page's metadata) and its CSV
rows. Each case takes one base and applies 1 to --depth (3) mutations that follow the corpus'
real damage and the format: a cut at any point (often at a field label, a `¶`, a blank line),
lines or blocks deleted, duplicated or swapped, a header or field line (REF:, SUBJECT:, TAGS:,
Classified By:, E.O., DECL:, TO, INFO, FM, BT, PAGE 02, SECTION 02 OF 03, a DTG, ¶3., (C), 1.)
inserted at a random place or repeated up to 5,000 times, lines joined or rewrapped, case
changed, unicode oddities (NBSP, zero-width, lone surrogates, combining marks, RTL marks, `İ`,
\\r, \\f, \\v, \\0), empty fields at the end of the text, very long lines (under the
100,000-character cap of ingest), extreme numbers (¶99999999999., a DTG of day 00 or 32, month
13, DECL years 0001-0010 and 9999), a header alone, the text or a block repeated to 50-100 KB,
a piece of another cable spliced in. Every step's text is cut to 100 KB.

Found: every exception other than CableParseError, and every CableParseError of the catch-all
code `parser_error` (a parser bug swallowed by parse_cable), with the innermost parser frame and
a reproducer shrunk by deleting lines, then characters, while the same failure remains (30 s at
most: a long one may stay large); and every parse of an input of at most 100 KB whose CPU time
exceeds 50 ms, re-timed alone (best of 3) before it counts (a loaded machine inflates CPU time
too: re-time a finding beside benchmarks.adversarial's inputs before trusting it). A parse that
succeeds also goes through `ingest.validate` (the record and its Avro encoding), whose
exceptions would be `internal_error` dead letters too. Each worker may take 3 GB of address
space: a parse that takes more is a MemoryError finding, not the machine's end (the campaign
found one). Findings go to --out (JSON, one entry per distinct failure with its traceback, each
slow input whole) and a summary to stdout. Exit 1 when any is found. Not part of `make test`.
"""
import argparse
import json
import multiprocessing
import random
import re
import resource
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

LIMIT_MS = 50.0
MAX_SIZE = 100_000          # ingest's line cap; the slow-parse target is for inputs of this size
LINE_CAP = 99_000
MEMORY_LIMIT = 3 << 30     # bytes of address space a worker may take

FIELD_LINES = [
    "REF:", "REF: A. STATE 12345 B. 08 ALMATY 1418", "REFS: A) 06 STATE 1234", "SUBJECT:",
    "SUBJECT: KAZAKHSTAN: AMBASSADOR MEETS", "SUBJ: X", "TAGS:", "TAGS: PREL PGOV KZ",
    "Classified By: Ambassador John Ordway, reasons 1.4 (b) and (d)", "Classified By:",
    "CLASSIFIED BY: POLOFF, REASON 1.4(B)", "E.O. 12958: N/A", "E.O. 12958: DECL: 07/06/2016",
    "E.O.", "DECL:", "DECL: OADR", "DECL: 13/45/0000", "TO RUEHC/SECSTATE WASHDC PRIORITY 6080",
    "TO", "INFO", "INFO RUCNCIS/CIS COLLECTIVE PRIORITY", "FM AMEMBASSY ALMATY", "FM", "BT",
    "PAGE 02 ALMATY 02404 01 OF 02 070653Z", "PAGE 02", "SECTION 02 OF 03", "SECTION 99 OF 01",
    "¶3.", "¶3. (C)", "(C)", "(S/NF)", "1.", "1. (SBU)", "A.", "-- ", "101512Z MAR 05",
    "P 070653Z JUL 06", "O 001512Z MAR 05", "R 321512Z XYZ 05", "P 101599Z MAR 00",
    "VZCZCXRO1470", "DE RUEHTA #2404/01 1880653", "ZNR UUUUU ZZH", "UNCLAS", "CONFIDENTIAL",
    "SECRET SECTION 01 OF 02 ALMATY 002404", "UNCLAS SECTION 01 OF 02 ALMATY 002404",
    "C O N F I D E N T I A L SECTION 01 OF 02 ALMATY 002404", "SIPDIS", "NOFORN",
    "SUMMARY:", "END SUMMARY.", "Summary.", "COMMENT:", "END COMMENT.", "ORDWAY", "RICE", "NNNN",
    "ALMATY 00002404 002 OF 002", "¶99999999999.", "99999999999.", "¶0.", "(U)", "SENSITIVE",
    "DEPT FOR SCA/CEN", "DRL/PHD", "PASS TO", "RUEHC/SECSTATE WASHDC IMMEDIATE 9999",
    "Reason: 1.4 (b), (d)", "REASONS 1.5 (B) AND (D)", "REF A", "REF: NONE", "REF: (A) ",
    "SUBJECT: REF A", "TAGS: (", "TAGS: OVIP (RICE, CONDOLEEZZA", "E.O. 12958: DECL: 1.4",
    "STATE 123456", "Z 000000Z JAN 00", "ACTION", "END TEXT.", "BEGIN TEXT:", "QUOTE", "UNQUOTE",
]
ODDITIES = ["\u00a0", "\u200b", "\u200e", "\u200f", "\u202e", "\ufeff", "\u0301", "\u0308",
            "\udc80", "\udcff", "\ud800", "\r", "\f", "\v", "\x00", "\x1c", "\u2028", "\u2029",
            "\u0085", "\t", "\uFFFD", "\u00b6", "\u00a7", "\u2013", "\u201c", "\uff11", "\u0661",
            "\U0001d7d9", "İ", "ß", "ﬁ"]
NUMBERS = ["¶99999999999.", "99999999999.", "¶0.", "00.", "SECTION 0 OF 0",
           "SECTION 99999999999 OF 99999999999", "001512Z MAR 05", "321512Z MAR 05",
           "101512Z XXX 05", "101512Z MAR 00", "999999Z DEC 99", "P 310000Z FEB 09",
           "DECL: 02/30/2009", "DECL: 00/00/0000", "DECL: 99/99/9999", "DECL: 13/01/2099",
           "E.O. 99999999999999: DECL: X1", "REF: A. 99 STATE 99999999999999",
           "REF: A. 00 STATE 0", "REF: 99999999999999999999 ALMATY 1", "PAGE 99999999999",
           "ALMATY 99999999999 002 OF 002", "ALMATY 00000000 000 OF 000", "Classified By: 1.4 (z)",
           "1.4(b)(d)(x)(99999999)", "(99999999999)", "B. 12/31/1969", "C. 01/01/0001",
           "DTG 101512Z MAR 05", "Date: 2005-03-10", "10 March 0000", "31 February 2009",
           "DECL: 01/01/0005", "E.O. 12958: DECL: 12/31/0009", "DECL: 0001-01-01", "DECL: 1 JAN 0010",
           "DECL: 12/31/9999", "DECL: 02/29/2000", "DECL: 02/29/0004"]


def base_inputs() -> list[tuple[str, dict]]:
    """(text, source metadata) of the corpus' page texts and CSV rows."""
    from benchmarks.parser_outputs import DEFAULT_CORPUS, corpus_inputs

    inputs = corpus_inputs(DEFAULT_CORPUS)
    return [(text, inputs.get("html/" + name[5:], (None, {}))[1] if name.startswith("text/")
             else metadata)
            for name, (text, metadata) in sorted(inputs.items())
            if name.startswith("text/") or name.startswith("csv/")]


# --- mutations: each takes (rng, text) and returns a text ---------------------------------

def _lines(text):
    return text.split("\n")


def m_truncate(rng, text):
    """Cut at any point, or at a point inside the header, the REF list, a paragraph, the end."""
    if not text:
        return text
    marks = [m.start() for m in re.finditer(r"REF|SUBJ|TAGS|E\.O|Classified|¶|\n\n|FM |TO |"
                                            r"DECL|SECTION|PAGE", text)]
    if marks and rng.random() < 0.6:
        cut = rng.choice(marks) + rng.randint(0, 40)
    else:
        cut = rng.randint(0, len(text))
    return text[:cut] if rng.random() < 0.85 else text[cut:]


def m_delete_lines(rng, text):
    lines = _lines(text)
    if len(lines) < 2:
        return text
    a = rng.randrange(len(lines))
    b = min(len(lines), a + rng.choice([1, 1, 1, 2, 3, 10, 50]))
    return "\n".join(lines[:a] + lines[b:])


def m_duplicate_lines(rng, text):
    lines = _lines(text)
    a = rng.randrange(len(lines))
    b = min(len(lines), a + rng.choice([1, 1, 2, 5, 20]))
    times = rng.choice([1, 1, 2, 10, 100])
    block = lines[a:b] * times
    return "\n".join(lines[:b] + block + lines[b:])


def m_swap_blocks(rng, text):
    blocks = text.split("\n\n") if rng.random() < 0.5 else _lines(text)
    sep = "\n\n" if len(blocks) and "\n\n" in text and rng.random() < 0.5 else "\n"
    if len(blocks) < 2:
        return text
    i, j = rng.randrange(len(blocks)), rng.randrange(len(blocks))
    blocks[i], blocks[j] = blocks[j], blocks[i]
    if rng.random() < 0.2:
        rng.shuffle(blocks)
    return sep.join(blocks)


def m_insert_field(rng, text):
    lines = _lines(text)
    field = rng.choice(FIELD_LINES)
    if rng.random() < 0.3:
        field += " " + rng.choice(FIELD_LINES)
    at = rng.randrange(len(lines) + 1)
    if rng.random() < 0.3:       # inside a line, not on its own
        line = lines[at - 1] if at else ""
        cut = rng.randint(0, len(line))
        lines[at - 1 if at else 0:at if at else 0] = [line[:cut] + field + line[cut:]]
        return "\n".join(lines)
    return "\n".join(lines[:at] + [field] + lines[at:])


def m_repeat_field(rng, text):
    lines = _lines(text)
    field = rng.choice(FIELD_LINES + NUMBERS)
    times = rng.choice([10, 100, 1000, 5000])
    sep = rng.choice(["\n", "\n\n", " ", "\n \n", ""])
    block = sep.join([field] * times)
    block = block[:MAX_SIZE - 2000]
    at = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:at] + [block] + lines[at:])


def m_join_lines(rng, text):
    lines = _lines(text)
    if len(lines) < 2:
        return text
    a = rng.randrange(len(lines))
    b = min(len(lines), a + rng.choice([2, 3, 10, 100, 10_000]))
    joiner = rng.choice([" ", "", "  ", "\t"])
    return "\n".join(lines[:a] + [joiner.join(lines[a:b])] + lines[b:])


def m_rewrap(rng, text):
    width = rng.choice([10, 20, 40, 60, 69, 80, 120])
    words = re.split(r"( +)", text) if rng.random() < 0.5 else None
    out, col = [], 0
    if words is None:   # hard wrap every line at width
        return "\n".join(line[i:i + width] for line in _lines(text)
                         for i in range(0, max(len(line), 1), width))
    for piece in words:
        if "\n" in piece:
            col = len(piece) - piece.rfind("\n") - 1
        elif col + len(piece) > width and piece.strip():
            out.append("\n")
            col = 0
        out.append(piece)
        col += len(piece)
    return "".join(out)


def m_case(rng, text):
    choice = rng.random()
    if choice < 0.25:
        return text.lower()
    if choice < 0.5:
        return text.upper()
    if choice < 0.7:
        return text.swapcase()
    chars = list(text)
    for _ in range(max(1, len(chars) // 20)):
        i = rng.randrange(len(chars)) if chars else 0
        if chars:
            chars[i] = chars[i].swapcase()
    return "".join(chars)


def m_unicode(rng, text):
    odd = rng.choice(ODDITIES)
    choice = rng.random()
    if choice < 0.25:       # replace every space, or every newline
        return text.replace(rng.choice([" ", "\n"]), odd if rng.random() < 0.5 else odd + " ")
    if choice < 0.35 and text:
        return text.replace("\n", odd + "\n")
    chars = list(text)
    for _ in range(rng.choice([1, 3, 20, 200])):
        at = rng.randint(0, len(chars))
        chars.insert(at, rng.choice(ODDITIES))
    return "".join(chars)


def m_empty_field_at_end(rng, text):
    field = rng.choice(["SUBJECT:", "REF:", "TAGS:", "E.O.", "DECL:", "Classified By:",
                        "REF: A.", "SUBJECT: ", "TAGS: ", "REF:\n", "¶1.", "(C)", "1.",
                        "SECTION 02 OF", "PAGE 02", "FM", "TO", "BT", "E.O. 12958: DECL:",
                        "SUBJ", "REFS", "Classified By: ", "Reason"])
    return text.rstrip("\n") + rng.choice(["\n", "\n\n", " ", ""]) + field


def m_long_line(rng, text):
    lines = _lines(text)
    unit = rng.choice(["x", " ", "X", "word ", "1", "¶", "(", ")", ". ", "-", "A. ", "1. ",
                       "(C) ", "REF ", "TAGS ", "STATE 12345 ", "/", ":", "..", "\t", "ALMATY ",
                       "(b) and (d) ", "1.4 ", "PREL ", "SECTION ", "a.b.c.", "E.O. "])
    length = rng.choice([1_000, 10_000, 50_000, LINE_CAP - 1000])
    line = (unit * (length // len(unit) + 1))[:length]
    if rng.random() < 0.5:
        line = rng.choice(FIELD_LINES) + " " + line
    line += rng.choice(["", "x", "!", "\u00a0"])
    at = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:at] + [line] + lines[at:])


def m_numbers(rng, text):
    lines = _lines(text)
    number = rng.choice(NUMBERS)
    if rng.random() < 0.5:       # replace a number in the text
        digits = list(re.finditer(r"\d+", text))
        if digits:
            m = rng.choice(digits)
            repl = rng.choice(["0", "00", "32", "13", "99999999999", "0" * 30, "1" * 300,
                               "0001", "0005", "9999", "29", "٣", "𝟙"])
            return text[:m.start()] + repl + text[m.end():]
    at = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:at] + [number] + lines[at:])


def m_header_only(rng, text):
    blank = text.find("\n\n", text.find("VZCZC") if "VZCZC" in text else 0)
    lines = _lines(text)
    if rng.random() < 0.5 and blank > 0:
        return text[:blank + rng.choice([0, 1, 2])]
    n = rng.randint(1, min(len(lines), 30))
    return "\n".join(lines[:n])


def m_char_edit(rng, text):
    chars = list(text)
    for _ in range(rng.choice([1, 5, 50])):
        if not chars:
            break
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.4:
            del chars[i]
        elif op < 0.7:
            chars.insert(i, rng.choice("\n .:/()-¶0123456789ABCXZ,;\t"))
        else:
            chars[i] = rng.choice("\n .:/()-¶0123456789ABCXZ")
    return "".join(chars)


def m_grow(rng, text):
    """The text, or one of its blocks, repeated to 50-100 KB (a scrape that loops)."""
    if not text.strip():
        return text
    size = rng.randint(50_000, MAX_SIZE - 1000)
    if rng.random() < 0.5:
        blocks = text.split("\n\n")
        unit = rng.choice(blocks) + "\n\n"
        a = text.find(unit) if unit in text else len(text)
        filler = (unit * (size // max(len(unit), 1) + 1))[:size]
        return text[:a] + filler + text[a:]
    return (text + "\n") * (size // (len(text) + 1) + 1)


def m_splice(rng, text, others=None):
    """A piece of another cable pasted in (scrapes glue cables)."""
    if not others:
        return text
    other = rng.choice(others)[0]
    a = rng.randint(0, len(other))
    piece = other[a:a + rng.choice([100, 1000, 10_000])]
    at = rng.randint(0, len(text))
    return text[:at] + piece + text[at:]


MUTATIONS = {
    "truncate": m_truncate, "delete_lines": m_delete_lines, "duplicate_lines": m_duplicate_lines,
    "swap_blocks": m_swap_blocks, "insert_field": m_insert_field, "repeat_field": m_repeat_field,
    "join_lines": m_join_lines, "rewrap": m_rewrap, "case": m_case, "unicode": m_unicode,
    "empty_field_at_end": m_empty_field_at_end, "long_line": m_long_line, "numbers": m_numbers,
    "header_only": m_header_only, "char_edit": m_char_edit, "splice": m_splice, "grow": m_grow,
}


def mutate(rng, text, kinds, others, depth=3):
    applied = []
    for _ in range(rng.randint(1, depth)):
        kind = rng.choice(kinds)
        text = (m_splice(rng, text, others) if kind == "splice"
                else MUTATIONS[kind](rng, text))
        applied.append(kind)
        if len(text) > MAX_SIZE:    # (each step: stacked duplications would grow without end)
            text = text[:MAX_SIZE]
    if max(map(len, text.split("\n")), default=0) > LINE_CAP:
        text = "\n".join(line[:LINE_CAP] for line in text.split("\n"))
    return text, applied


# --- checking one input -------------------------------------------------------------------

def failure_of(text, metadata=None):
    """None, or (kind, signature, detail) of a parser bug on `text`."""
    from transforms.cable_parser import CableParseError, parse_cable
    from transforms.ingest import validate
    from transforms.records import Failure, Parsed, RawInput, TEXT

    try:
        parsed = parse_cable(text, metadata or {})
    except CableParseError as error:
        if error.code != "parser_error":
            return None
        cause = error.__cause__ or error
        return _signature("parse", cause)
    except Exception as error:      # noqa: BLE001 - what we hunt
        return _signature("parse", error)
    try:
        validate(Parsed(RawInput("fuzz://x", TEXT, b"", row=None), parsed.fields,
                        parsed.evidence))
    except Failure:
        return None
    except Exception as error:      # noqa: BLE001
        return _signature("validate", error)
    return None


def _signature(stage, error):
    frames = traceback.extract_tb(error.__traceback__)
    inner = [f for f in frames if "cable_parser" in f.filename or "transforms" in f.filename]
    frame = (inner or frames or [None])[-1]
    where = f"{Path(frame.filename).name}:{frame.lineno} {frame.name}" if frame else "?"
    detail = "".join(traceback.format_exception(type(error), error, error.__traceback__))[-3000:]
    return (stage, f"{type(error).__name__} at {where}", f"{type(error).__name__}: {error}",
            detail)


def cpu_ms(text, repeat=1):
    from transforms.cable_parser import parse_cable

    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        try:
            parse_cable(text, {})
        except Exception:   # noqa: BLE001
            pass
        best = min(best, (time.process_time() - start) * 1000)
    return best


def shrink(text, still_fails, budget=30.0):
    """Delete lines, then chunks of characters, then characters, while `still_fails`."""
    deadline = time.monotonic() + budget
    for sep in ("\n", None):
        units = text.split("\n") if sep else list(text)
        join = (lambda parts: "\n".join(parts)) if sep else (lambda parts: "".join(parts))
        chunk = max(1, len(units) // 2)
        while chunk >= 1 and time.monotonic() < deadline:
            i, changed = 0, False
            while i < len(units) and time.monotonic() < deadline:
                trial = units[:i] + units[i + chunk:]
                if trial != units and still_fails(join(trial)):
                    units, changed = trial, True
                else:
                    i += chunk
            if not changed:
                chunk //= 2
        text = join(units)
    return text


# --- the campaign -------------------------------------------------------------------------

def worker(args):
    seed, seconds, kinds, depth = args
    # A parse that takes gigabytes is a finding (MemoryError), not the machine's end.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    rng = random.Random(seed)
    bases = base_inputs()
    found, slow, counts = {}, [], Counter()
    parses = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        base, metadata = rng.choice(bases)
        metadata = metadata if rng.random() < 0.3 else {}
        try:
            text, applied = mutate(rng, base, kinds, bases, depth)
        except MemoryError:         # (the mutation's own: not the parser's)
            counts["mutation out of memory"] += 1
            continue
        counts.update(applied)
        start = time.process_time()
        failure = failure_of(text, metadata)
        ms = (time.process_time() - start) * 1000
        parses += 1
        if failure:
            stage, sig, message, detail = failure
            if sig not in found:
                small = shrink(text, lambda t, s=sig, m=metadata: (f := failure_of(t, m)) is not None
                               and f[1] == s)
                found[sig] = {"stage": stage, "metadata": metadata, "signature": sig, "message": message,
                              "mutations": applied, "reproducer": small, "traceback": detail,
                              "count": 0}
            found[sig]["count"] += 1
        elif ms > LIMIT_MS and len(text) <= MAX_SIZE:
            again = cpu_ms(text, repeat=3)
            if again > LIMIT_MS:
                slow.append({"ms": round(again, 1), "size": len(text), "mutations": applied,
                             "input": text})
    return {"parses": parses, "counts": counts, "found": found, "slow": slow}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--depth", type=int, default=3, help="at most this many mutations a case")
    parser.add_argument("--kinds", default=",".join(MUTATIONS),
                        help="comma-separated mutation kinds (default: all)")
    parser.add_argument("--out", default="/tmp/fuzz-findings.json")
    args = parser.parse_args(argv)
    kinds = args.kinds.split(",")
    unknown = set(kinds) - set(MUTATIONS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    jobs = [(args.seed * 1000 + n, args.seconds, kinds, args.depth) for n in range(args.processes)]
    with multiprocessing.Pool(args.processes) as pool:
        results = pool.map(worker, jobs)
    parses = sum(r["parses"] for r in results)
    counts = sum((r["counts"] for r in results), Counter())
    found = {}
    for result in results:
        for sig, entry in result["found"].items():
            if sig in found:
                found[sig]["count"] += entry["count"]
            else:
                found[sig] = entry
    slow = sorted((s for r in results for s in r["slow"]), key=lambda s: -s["ms"])
    Path(args.out).write_text(json.dumps({"parses": parses, "mutations": counts,
                                          "found": list(found.values()), "slow": slow},
                                         ensure_ascii=True, indent=1,
                                         default=repr), encoding="utf-8")
    print(f"{parses:,} parses in {args.seconds:.0f} s x {args.processes} processes "
          f"(seed {args.seed})")
    print("mutations applied: " + ", ".join(f"{k} {v:,}" for k, v in counts.most_common()))
    for entry in found.values():
        print(f"BUG {entry['stage']}: {entry['signature']} x{entry['count']} "
              f"({entry['message'][:120]}); reproducer {len(entry['reproducer'])} chars: "
              f"{entry['reproducer'][:200]!r}")
    for entry in slow[:20]:
        print(f"SLOW {entry['ms']} ms, {entry['size']:,} chars, {'+'.join(entry['mutations'])}")
    print(f"{len(found)} distinct failures, {len(slow)} slow parses; details in {args.out}")
    return 1 if found or slow else 0


if __name__ == "__main__":
    sys.exit(main())
