"""Data-quality figures of a run, computed in the pipeline: the `quality` section of _SUMMARY.json.

`QualityStatsFn` is a Beam CombineFn over the run's cable records and dead letters (told apart
by shape). The batch run's parse step measures its own cables and dead letters with it, bundle
by bundle (`transforms.parse.IngestCableFn`); `QualityStats` measures any other part the same
way (`QualityPartialsFn`), and the publish step merges the partials (`merged`). Its accumulator
is plain dicts of bounded size, whatever the number of inputs: counters keep their largest keys
(`count_into`), each dead-letter type keeps a few short examples. `add_quality` puts them in the
summary at publish, with their drift from a baseline run's (`transforms.drift`).

The field list is the Cable schema's (schemas/cable.avsc), the one source of it.
"""
import dataclasses
from collections import Counter
from typing import Any

import apache_beam as beam
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

import schemas
from transforms.drift import DEFAULT_MAX_FILL_RATE_DROP, drift_from
from transforms.run_summary import OK, RunVerdict
from transforms.warning_kinds import warning_kind

# A counter keeps at most this many keys; the smallest counts of the rest are summed as `other`.
# Counters are trimmed to their largest keys only when they reach twice the cap, so merging
# accumulators stays cheap; keys with many occurrences survive trimming.
COUNTER_CAP = 500
TOP_ORIGINS = 20
TOP_SOURCES = 20
EXAMPLES_PER_TYPE = 3
EXAMPLE_MESSAGE_CHARS = 300
EXAMPLE_PAYLOAD_BYTES = 300

# Body length buckets (characters): (upper bound exclusive, label).
SIZE_BUCKETS = ((1_000, "< 1 K"), (2_000, "1-2 K"), (5_000, "2-5 K"), (10_000, "5-10 K"),
                (20_000, "10-20 K"), (50_000, "20-50 K"), (100_000, "50-100 K"),
                (float("inf"), ">= 100 K"))


def cable_fields() -> list[str]:
    """The top-level Cable fields, in schema order."""
    return list(schemas.field_names("cable"))


# --- bounded counters -------------------------------------------------------------------------

def count_into(counter: dict, key, amount: int = 1) -> None:
    """Add to a bounded counter {'counts': {key: n}, 'other': n}, trimming it when it is full."""
    counts = counter["counts"]
    counts[key] = counts.get(key, 0) + amount
    if len(counts) >= 2 * COUNTER_CAP:
        _trim(counter)


def new_counter() -> dict:
    return {"counts": {}, "other": 0}


def merge_counter(into: dict, other: dict) -> None:
    for key, amount in other["counts"].items():
        count_into(into, key, amount)
    into["other"] += other["other"]


def _trim(counter: dict) -> None:
    ranked = Counter(counter["counts"]).most_common()
    counter["counts"] = dict(ranked[:COUNTER_CAP])
    counter["other"] += sum(amount for _, amount in ranked[COUNTER_CAP:])


def ranked(counter: dict, limit: int | None = None, key_name: str = "key") -> list[dict]:
    """The counter's keys, most frequent first (ties by key), as [{key_name: ..., 'count': n}]."""
    items = sorted(counter["counts"].items(), key=lambda item: (-item[1], str(item[0])))
    return [{key_name: key, "count": count} for key, count in items[:limit]]


def rest_of(counter: dict, limit: int) -> int:
    """How many counted items are not among the first `limit` keys."""
    shown = sum(row["count"] for row in ranked(counter, limit))
    return sum(counter["counts"].values()) + counter["other"] - shown


# --- the CombineFn ----------------------------------------------------------------------------

def is_dead_letter(element: dict) -> bool:
    return "error_type" in element and "payload" in element


def size_bucket(body: str | None) -> str:
    length = len(body or "")
    return next(label for bound, label in SIZE_BUCKETS if length < bound)


def dead_letter_source(uri: str) -> str:
    """The file a dead letter came from: an archive member counts for its archive."""
    return uri.split("!", 1)[0]


def example_of(dead: dict) -> dict:
    """A short, bounded example of a dead letter (the payload is raw input: shown as text)."""
    source = dead["source"]
    payload = bytes(dead["payload"][:EXAMPLE_PAYLOAD_BYTES])
    return {
        "uri": source["uri"][:EXAMPLE_MESSAGE_CHARS],
        "row": source.get("row"),
        "message": dead["error_message"][:EXAMPLE_MESSAGE_CHARS],
        "payload_start": printable(payload.decode("utf-8", errors="replace")),
        "payload_size": source["size"],
    }


def printable(text: str) -> str:
    """Control characters (a binary payload's) as \\xNN escapes; line breaks and tabs kept."""
    return "".join(char if char.isprintable() or char in "\n\t" else f"\\x{ord(char):02x}"
                   for char in text)


class Quiet(dict):
    """A dict whose repr names its size only. The figures hold excerpts of raw input, and the
    runner's DEBUG log prints the elements it combines: logs must hold no payload."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self)} keys>"


class QualityStatsFn(beam.CombineFn):
    """Cable records and dead letters -> the run's quality figures (see `finish`)."""

    def __init__(self):
        self.fields = cable_fields()

    def create_accumulator(self) -> dict:
        return Quiet({
            "cables": 0,
            "by_format": {},  # format -> {"cables": n, "filled": {field: n}}
            "cables_with_warnings": 0,
            "warnings": new_counter(),
            "sizes": {},
            "years": new_counter(),
            "classifications": new_counter(),
            "origins": new_counter(),
            "dead_letters": 0,
            "dead_letter_types": {},  # "STAGE/error_type" -> {"count": n, "examples": [...]}
            "dead_letter_sources": new_counter(),
        })

    def add_input(self, acc: dict, element: dict) -> dict:
        if is_dead_letter(element):
            self._add_dead_letter(acc, element)
        else:
            self._add_cable(acc, element)
        return acc

    def _add_cable(self, acc: dict, cable: dict) -> None:
        acc["cables"] += 1
        source_format = (cable.get("source") or {}).get("format") or "?"
        per_format = acc["by_format"].setdefault(source_format, {"cables": 0, "filled": {}})
        per_format["cables"] += 1
        filled = per_format["filled"]
        for name in self.fields:
            value = cable.get(name)
            # Filled: holds something, i.e. a true value, or a false one that is not None nor
            # an empty string, list or map (0, False). Inline: once per field of every cable.
            if value or (value is not None and not isinstance(value, (str, list, tuple, dict))):
                filled[name] = filled.get(name, 0) + 1
        warnings = cable.get("warnings") or []
        acc["cables_with_warnings"] += bool(warnings)
        for warning in warnings:
            count_into(acc["warnings"], warning_kind(warning))
        bucket = size_bucket(cable.get("body"))
        acc["sizes"][bucket] = acc["sizes"].get(bucket, 0) + 1
        created = cable.get("created")
        count_into(acc["years"], str(created.year) if hasattr(created, "year") else "?")
        count_into(acc["classifications"], cable.get("classification") or "?")
        count_into(acc["origins"], cable.get("origin") or "?")

    def add_warning(self, acc: dict, cable: dict, warning: str) -> dict:
        """A `warning` added to `cable` (measured already, without it) by a later step: the
        de-duplication's, naming the other versions of its reference id, known only once
        every cable is parsed."""
        acc["cables_with_warnings"] += not cable.get("warnings")
        count_into(acc["warnings"], warning_kind(warning))
        return acc

    def _add_dead_letter(self, acc: dict, dead: dict) -> None:
        acc["dead_letters"] += 1
        key = f"{dead['stage']}/{dead['error_type']}"
        kind = acc["dead_letter_types"].setdefault(key, {"count": 0, "examples": []})
        kind["count"] += 1
        if len(kind["examples"]) < EXAMPLES_PER_TYPE:
            kind["examples"].append(example_of(dead))
        count_into(acc["dead_letter_sources"], dead_letter_source(dead["source"]["uri"]))

    def merge_accumulators(self, accumulators) -> dict:
        accumulators = iter(accumulators)
        merged = next(accumulators)
        for acc in accumulators:
            self._merge(merged, acc)
        return merged

    def _merge(self, into: dict, acc: dict) -> None:
        for name in ("cables", "cables_with_warnings", "dead_letters"):
            into[name] += acc[name]
        for source_format, per_format in acc["by_format"].items():
            target = into["by_format"].setdefault(source_format, {"cables": 0, "filled": {}})
            target["cables"] += per_format["cables"]
            for field, count in per_format["filled"].items():
                target["filled"][field] = target["filled"].get(field, 0) + count
        for bucket, count in acc["sizes"].items():
            into["sizes"][bucket] = into["sizes"].get(bucket, 0) + count
        for name in ("warnings", "years", "classifications", "origins", "dead_letter_sources"):
            merge_counter(into[name], acc[name])
        for key, kind in acc["dead_letter_types"].items():
            target = into["dead_letter_types"].setdefault(key, {"count": 0, "examples": []})
            target["count"] += kind["count"]
            room = EXAMPLES_PER_TYPE - len(target["examples"])
            target["examples"].extend(kind["examples"][:max(room, 0)])

    def extract_output(self, acc: dict) -> dict:
        return finish(acc, self.fields)


def finish(acc: dict, fields: list[str]) -> dict:
    """The `quality` section of the summary from a combined accumulator (JSON-ready)."""
    return Quiet({
        "cables_measured": acc["cables"],
        "fields": fields,
        "fill_rate": fill_rates(acc["by_format"].values(), fields),
        "fill_rate_by_format": {
            source_format: {"cables": per_format["cables"],
                            "fill_rate": fill_rates([per_format], fields)}
            for source_format, per_format in sorted(acc["by_format"].items())},
        "warnings": {
            "cables_with_warnings": acc["cables_with_warnings"],
            "total": sum(acc["warnings"]["counts"].values()) + acc["warnings"]["other"],
            "by_kind": ranked(acc["warnings"], key_name="kind"),
            "other_kinds": acc["warnings"]["other"],
        },
        "distributions": {
            "body_chars": [{"bucket": label, "count": acc["sizes"].get(label, 0)}
                           for _, label in SIZE_BUCKETS],
            "year": sorted(ranked(acc["years"], key_name="year"), key=lambda row: row["year"]),
            "classification": ranked(acc["classifications"], key_name="classification"),
            "origin": ranked(acc["origins"], TOP_ORIGINS, key_name="origin"),
            "origin_others": rest_of(acc["origins"], TOP_ORIGINS),
        },
        "dead_letters": {
            "measured": acc["dead_letters"],
            "by_type": [{"stage": key.split("/", 1)[0], "error_type": key.split("/", 1)[1],
                         "count": kind["count"], "examples": kind["examples"]}
                        for key, kind in sorted(acc["dead_letter_types"].items())],
            "top_sources": ranked(acc["dead_letter_sources"], TOP_SOURCES, key_name="source"),
        },
    })


def fill_rates(per_formats, fields: list[str]) -> dict:
    """{field: share of cables with the field filled} over the given per-format counts."""
    per_formats = list(per_formats)
    cables = sum(per_format["cables"] for per_format in per_formats)
    return {field: round(sum(p["filled"].get(field, 0) for p in per_formats) / cables, 6)
            if cables else 0.0 for field in fields}


# Declared: Beam would infer it from the DoFn's bytecode at every construction (~7 ms).
@beam.typehints.with_output_types(Any)
class QualityPartialsFn(beam.DoFn):
    """Cable records and dead letters -> one partial accumulator of QualityStatsFn per bundle.

    Counted where the records are, in the step's own bundle: no record goes through another
    step or a GroupByKey to be measured. A (record, raw input) pair counts as its record.
    """

    def __init__(self):
        self.stats = QualityStatsFn()

    def start_bundle(self):
        self._acc = None

    def process(self, element):
        if isinstance(element, tuple):
            element = element[0]
        if self._acc is None:
            self._acc = self.stats.create_accumulator()
        self.stats.add_input(self._acc, element)

    def finish_bundle(self):
        if self._acc is not None:
            yield WindowedValue(self._acc, MIN_TIMESTAMP, [GlobalWindow()])
            self._acc = None


def merged(partials) -> dict:
    """The quality figures (`finish`) of the partial accumulators of QualityPartialsFn."""
    stats = QualityStatsFn()
    acc = stats.create_accumulator()
    for partial in partials:
        stats._merge(acc, partial)
    return stats.extract_output(acc)


class QualityStats(beam.PTransform):
    """{cables, dead_letters, partials} -> the partial figures of each bundle (`merged` makes
    the quality figures of them; the publish step does, from a side input).

    `dead_letters` is a PCollection, or a tuple of them (the dead letters of several stages);
    `cables` a PCollection; `partials` a PCollection, or a tuple of them, of partial
    accumulators a step made of its own elements (`transforms.parse.IngestCableFn` and
    `transforms.dedupe.SettleStagedFn` with `measure`); each may be left out.
    Each PCollection is measured on its own, bundle by bundle, and only the small partials are
    joined: a Flatten of the records themselves would be materialised whole by the local
    runner. Two steps per part and no GroupByKey: every step, and every GroupByKey, costs the
    runner at start-up and per bundle.
    """

    def expand(self, parts):
        dead_letters = parts.get("dead_letters", ())
        if not isinstance(dead_letters, (tuple, list)):
            dead_letters = (dead_letters,)
        partials = parts.get("partials")
        if not isinstance(partials, (tuple, list)):
            partials = () if partials is None else (partials,)
        partials = list(partials)
        if parts.get("cables") is not None:
            partials.append(parts["cables"] | "CableQuality" >> beam.ParDo(QualityPartialsFn()))
        partials += [records | f"DeadLetterQuality{index}" >> beam.ParDo(QualityPartialsFn())
                     for index, records in enumerate(dead_letters)]
        return tuple(partials) | "AllParts" >> beam.Flatten()


# --- the summary's quality section and drift --------------------------------------------------

FILL_RATE_DROPPED = "failed: fill rate dropped"


class FillRateDropped(RunVerdict):
    """A fill rate dropped by more than --max_fill_rate_drop; everything was written first."""


@dataclasses.dataclass(frozen=True)
class QualitySettings:
    """What the publish step needs besides the figures: the baseline, the threshold, the run."""

    baseline: str | None = None  # an earlier OUTPUT, whose _SUMMARY.json is the baseline
    # True when the baseline is the output itself (an incremental run compares with the run
    # before it, whose summary this run replaces): its first run has none, and that is fine.
    baseline_optional: bool = False
    max_fill_rate_drop: float | None = None  # given: a larger drop fails the run
    # {"runner": ..., "options": {...}}: shown in the report
    run: dict = dataclasses.field(default_factory=dict)

    @property
    def flag_threshold(self) -> float:
        if self.max_fill_rate_drop is None:
            return DEFAULT_MAX_FILL_RATE_DROP
        return self.max_fill_rate_drop




def add_quality(summary, quality: dict, settings: QualitySettings) -> None:
    """Give a RunSummary its `quality` section (drift included when there is a baseline) and
    `run`; its status says so when --max_fill_rate_drop was given and exceeded.

    Call it before the summary is written: the baseline may be the summary this run replaces.
    """
    quality = Quiet(quality)
    found = None
    if settings.baseline:
        found = drift_from(summary.to_json(), quality, settings.baseline, settings.flag_threshold)
    if found and not (settings.baseline_optional and found.get("error")):
        found["failed"] = settings.max_fill_rate_drop is not None and bool(found["fill_rate_drops"])
        if found["failed"] and summary.status == OK:
            summary.status = FILL_RATE_DROPPED
        quality["drift"] = found
    summary.quality, summary.run = quality, settings.run
