"""One measurement, run in its own process by benchmarks.run (so its peak RSS is its own).

    python -m benchmarks.measure parser_samples|parser|bare_loop|pipeline|pipeline_2workers|codecs \\
        --data DIR --work DIR

Prints one `BENCH_RESULT {json}` line: cables, bytes, seconds and what the measurement adds.
"""
import argparse
import glob
import io
import os
import statistics
import sys
import time
from pathlib import Path

from benchmarks.proc import report

CODECS = ("null", "deflate", "snappy", "zstandard")


def input_paths(data: str) -> list[str]:
    return sorted(glob.glob(os.path.join(data, "*")))


def raw_input_of(path: str):
    from transforms.records import HTML, TEXT, RawInput

    with open(path, "rb") as stream:
        payload = stream.read()
    return RawInput(path, HTML if path.endswith(".html") else TEXT, payload)


def measure_parser(data: str, work: str) -> dict:
    """parse_cable alone: reading, decoding and format extraction are outside the clock. The
    clock is this process's CPU time (as for parser_samples): the machine may be shared."""
    from transforms.cable_parser import CableParseError, parse_cable
    from transforms.ingest import decode, extract_cable

    seconds = 0.0
    cables = errors = size = 0
    for path in input_paths(data):
        raw = raw_input_of(path)
        text, metadata = extract_cable(raw.format, decode(raw).text)
        started = time.process_time()
        try:
            parse_cable(text, metadata)
        except CableParseError:
            errors += 1
        seconds += time.process_time() - started
        cables += 1
        size += len(raw.payload)
    return {"cables": cables, "bytes": size, "seconds": seconds, "parse_errors": errors}


def measure_parser_samples(data: str, work: str, parses: int = 2_000) -> dict:
    """parse_cable on the real text cables of samples/ and tests/data/ as they are (no scaling),
    round-robin until `parses` parses: the parser target's "real cables" figure. Timed in CPU
    time of this process (`time.process_time`), so that other processes' load does not count."""
    from benchmarks.generate import load_templates
    from transforms.cable_parser import CableParseError, parse_cable

    texts = [template.content for template in load_templates("text")]
    seconds = 0.0
    size = errors = 0
    for index in range(parses):
        text = texts[index % len(texts)]
        started = time.process_time()
        try:
            parse_cable(text, {})
        except CableParseError:
            errors += 1
        seconds += time.process_time() - started
        size += len(text.encode("utf-8", "surrogateescape"))
    return {"cables": parses, "bytes": size, "seconds": seconds, "parse_errors": errors,
            "distinct_cables": len(texts)}


def measure_bare_loop(data: str, work: str) -> dict:
    """read file -> ingest() -> fastavro Writer (cables, dead letters) with the pipeline's default
    codec: no Beam."""
    from fastavro.write import Writer

    import schemas
    from transforms.ingest import CABLE, ingest
    from transforms.write import DEFAULT_CODEC as codec

    started = time.perf_counter()
    counts = {"cable": 0, "dead_letter": 0}
    size = 0
    with open(os.path.join(work, "cables.avro"), "wb") as cables_out, \
            open(os.path.join(work, "dead_letters.avro"), "wb") as dead_out:
        writers = {"cable": Writer(cables_out, schemas.cable_schema(), codec),
                   "dead_letter": Writer(dead_out, schemas.dead_letter_schema(), codec)}
        for path in input_paths(data):
            raw = raw_input_of(path)
            size += len(raw.payload)
            kind, record = ingest(raw)
            writers[kind].write(record)
            counts[kind] += 1
        for writer in writers.values():
            writer.flush()
    seconds = time.perf_counter() - started
    return {"cables": sum(counts.values()), "bytes": size, "seconds": seconds,
            "valid": counts[CABLE], "dead_letters": counts["dead_letter"]}


def measure_pipeline(data: str, work: str, extra_args: tuple = ()) -> dict:
    """`pipeline.graph.run` end to end (pipeline construction included), FnApiRunner."""
    from pipeline import graph

    paths = input_paths(data)
    size = sum(os.path.getsize(path) for path in paths)
    started, cpu_started = time.perf_counter(), time.process_time()
    summary = graph.run(["--input", os.path.join(data, "*"), "--output", os.path.join(work, "out"),
                         *extra_args])
    seconds = time.perf_counter() - started
    # In process, the runner's CPU time is this process's: what a shared machine cannot inflate
    # (issue 10's pipeline target is compared in it). Worker processes' time is not seen here.
    cpu = {} if extra_args else {"cpu_seconds": time.process_time() - cpu_started}
    # `cables` counts what went in: cables written plus dead letters (the summary's own `inputs`
    # counter is reported beside it, so a counting bug shows).
    return {"cables": summary.cables + summary.dead_letters, "bytes": size, "seconds": seconds,
            "valid": summary.cables, "dead_letters": summary.dead_letters,
            "summary_inputs": summary.inputs, "accounted": summary.accounted,
            "dead_letters_by_type": summary.dead_letters_by_type, **cpu}


def measure_pipeline_2workers(data: str, work: str) -> dict:
    return measure_pipeline(data, work, ("--direct_num_workers=2",
                                         "--direct_running_mode=multi_processing"))


def measure_codecs(data: str, work: str, repeat: int = 3) -> dict:
    """Write and read the same Cable records with each Avro codec; sizes and speeds."""
    import fastavro

    import schemas
    from transforms.ingest import CABLE, ingest

    records = []
    for path in input_paths(data):
        kind, record = ingest(raw_input_of(path))
        if kind == CABLE:
            records.append(record)
    schema = schemas.cable_schema()
    results = {}
    for codec in CODECS:
        try:
            fastavro.writer(io.BytesIO(), schema, records[:1], codec=codec)
        except ValueError as error:  # the codec's library is not installed
            results[codec] = {"error": str(error)}
            continue
        write_times, read_times, size = [], [], 0
        for _ in range(repeat):
            buffer = io.BytesIO()
            started = time.perf_counter()
            fastavro.writer(buffer, schema, records, codec=codec)
            write_times.append(time.perf_counter() - started)
            size = buffer.tell()
            buffer.seek(0)
            started = time.perf_counter()
            count = sum(1 for _ in fastavro.reader(buffer))
            read_times.append(time.perf_counter() - started)
            assert count == len(records)
        results[codec] = {"write_s": statistics.median(write_times),
                          "read_s": statistics.median(read_times), "bytes": size}
    return {"cables": len(records), "bytes": sum(os.path.getsize(p) for p in input_paths(data)),
            "seconds": 0.0, "codecs": results}


MEASUREMENTS = {
    "parser_samples": measure_parser_samples,
    "parser": measure_parser,
    "bare_loop": measure_bare_loop,
    "pipeline": measure_pipeline,
    "pipeline_2workers": measure_pipeline_2workers,
    "codecs": measure_codecs,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("measurement", choices=sorted(MEASUREMENTS))
    parser.add_argument("--data", required=True, help="directory of input files")
    parser.add_argument("--work", required=True, help="scratch directory for outputs")
    args = parser.parse_args(argv)
    Path(args.work).mkdir(parents=True, exist_ok=True)
    result = MEASUREMENTS[args.measurement](args.data, args.work)
    result["measurement"] = args.measurement
    report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
