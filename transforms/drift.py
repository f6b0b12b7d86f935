"""Drift: what changed against a baseline run's summary that needs a person's eyes (a field's
fill rate dropped beyond chance, a dead-letter type new or grown). The batch run's publish step
adds it to the summary's `quality` section (`transforms.quality.add_quality`); `cable-ingest
report --baseline` computes it again. Plain Python, no Beam.
"""
import math

from transforms.run_summary import SUMMARY_FILE, read_summary_json

OVERALL = "all"  # the scope of figures over every input format
# A dead-letter type is flagged when its share of the inputs grows by more than this.
DEAD_LETTER_GROWTH = 0.01
DEFAULT_MAX_FILL_RATE_DROP = 0.05
# A fill-rate drop is flagged only when it is also larger than chance explains between runs of
# that many cables: a one-sided two-proportion z score of at least this (about 1 in 740 by
# chance for one field). Days of a few cables each differ by 20-100 points by chance alone; a
# field emptied in 5 cables of 5 filled ones before still scores 3.2.
DRIFT_Z = 3.0
# Fields whose emptying is good news: fewer cables with `warnings` means cleaner input (a source
# that stopped sending cp1252), not a parser that lost a field. Their fill rates are shown, not
# compared.
LESS_IS_BETTER = frozenset({"warnings"})


def drift_from(summary: dict, quality: dict, baseline: str, threshold: float) -> dict:
    """Drift against the summary in the folder `baseline`; an unreadable one is said, not fatal."""
    try:
        old = read_summary_json(baseline)
    except Exception as error:  # OSError, ValueError, or a client's NotFound (Cloud Storage)
        return _unreadable_baseline(baseline, f"cannot read its {SUMMARY_FILE}: {error}",
                                    threshold)
    if not isinstance(old, dict) or not isinstance(old.get("quality") or {}, dict):
        return _unreadable_baseline(baseline, f"its {SUMMARY_FILE} is not a run summary (a JSON "
                                    "object whose quality section is an object)", threshold)
    try:
        return drift(quality, summary, old, threshold, baseline)
    except (AttributeError, KeyError, TypeError, ValueError) as error:  # a hand-edited summary
        return _unreadable_baseline(baseline, f"its {SUMMARY_FILE} is not a summary cable-ingest "
                                    f"wrote: {type(error).__name__}: {error}", threshold)


def _unreadable_baseline(baseline: str, error: str, threshold: float) -> dict:
    return {"baseline": baseline, "error": error, "max_fill_rate_drop": threshold,
            "fill_rate_drops": [], "dead_letter_growth": [], "flagged": False}


def drift(quality: dict, summary: dict, baseline: dict, max_fill_rate_drop: float,
          baseline_name: str = "") -> dict:
    """The changes against a baseline run's summary that need a person's eyes.

    A field's fill rate dropping by more than `max_fill_rate_drop` (over all cables, and per input
    format present in both runs); a dead-letter type that is new, or whose count grew and whose
    share of the inputs grew by more than DEAD_LETTER_GROWTH.
    """
    old_quality = baseline.get("quality") or {}
    # A run that measured no cable (nothing new, or every input a dead letter) has no fill
    # rates: its 0.0s are no drop (its dead letters still count below), nor a baseline's.
    measured = all(q.get("cables_measured") != 0 for q in (quality, old_quality))
    drops = _fill_rate_drops(OVERALL, quality.get("fill_rate", {}) if measured else {},
                             old_quality.get("fill_rate", {}), max_fill_rate_drop,
                             (quality.get("cables_measured"), old_quality.get("cables_measured")))
    old_formats = old_quality.get("fill_rate_by_format", {})
    for source_format, now in sorted(quality.get("fill_rate_by_format", {}).items()):
        if source_format in old_formats:
            old = old_formats[source_format]
            drops += _fill_rate_drops(source_format, now["fill_rate"], old["fill_rate"],
                                      max_fill_rate_drop, (now.get("cables"), old.get("cables")))
    growth = _dead_letter_growth(summary, baseline)
    return {
        "baseline": baseline_name,
        # (which run: an incremental output's baseline is itself, its run before this one)
        "baseline_run_id": baseline.get("run_id", ""),
        "baseline_finished_at": baseline.get("finished_at", ""),
        "max_fill_rate_drop": max_fill_rate_drop,
        "fill_rate_drops": drops,
        "dead_letter_growth": growth,
        "flagged": bool(drops or growth),
    }


def _fill_rate_drops(scope: str, now: dict, before: dict, max_drop: float,
                     cables: tuple = (None, None)) -> list[dict]:
    """The fields whose fill rate dropped by more than `max_drop`, and by more than chance
    explains between runs of `cables` (now, before) cables (unknown in older summaries: not
    judged); fields LESS_IS_BETTER left out."""
    return [{"field": field, "scope": scope, "baseline": before[field], "now": rate,
             "drop": round(before[field] - rate, 6)}
            for field, rate in now.items()
            if field in before and field not in LESS_IS_BETTER
            and before[field] - rate > max_drop + 1e-9
            and beyond_chance(before[field], rate, *reversed(cables))]


def beyond_chance(before: float, now: float, cables_before, cables_now) -> bool:
    """Whether a fill rate's drop from `before` (over `cables_before` cables) to `now` (over
    `cables_now`) is larger than chance explains: a one-sided two-proportion z test, z >=
    DRIFT_Z. True when a count is not known."""
    if not cables_before or not cables_now:
        return True
    pooled = (before * cables_before + now * cables_now) / (cables_before + cables_now)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / cables_before + 1 / cables_now))
    return spread == 0 or (before - now) / spread >= DRIFT_Z


def _dead_letter_growth(summary: dict, baseline: dict) -> list[dict]:
    def shares(run: dict) -> dict:
        inputs = run.get("inputs") or 0
        return {(row["stage"], row["error_type"]): (row["count"], row["count"] / inputs)
                for row in run.get("dead_letters_by_type", []) if inputs}

    now, before = shares(summary), shares(baseline)
    growth = []
    for (stage, error_type), (count, share) in sorted(now.items()):
        old_count, old_share = before.get((stage, error_type), (0, 0.0))
        if old_count == 0 or (count > old_count and share - old_share > DEAD_LETTER_GROWTH):
            growth.append({"stage": stage, "error_type": error_type, "baseline_count": old_count,
                           "baseline_share": round(old_share, 6), "count": count,
                           "share": round(share, 6), "new": old_count == 0})
    return growth
