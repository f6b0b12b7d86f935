"""Validation: each check, its stable error code, and the first failure naming the dead letter."""
from datetime import datetime, timezone

import pytest

from transforms.validate import check_record

GOOD = {
    "reference_id": "06ALMATY2404", "created": datetime(2006, 7, 7, 6, 53, tzinfo=timezone.utc),
    "classification": "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "origin": "Embassy Almaty",
    "body": "text", "source": {"uri": "x.txt", "format": "TEXT", "sha256": "0" * 64, "size": 4,
                               "row": None},
    "ingested_at": datetime(2026, 1, 1, tzinfo=timezone.utc), "pipeline_version": "0.1.0",
}
EVIDENCE = {"station_serial": ("ALMATY", 2404), "dtg_year": 2006, "metadata": {}}


def codes(record, evidence=EVIDENCE):
    return [p.code for p in check_record(record, evidence)]


def test_a_good_record_passes():
    assert codes(GOOD) == []


@pytest.mark.parametrize("change, code", [
    ({"reference_id": None}, "missing_reference_id"),
    ({"reference_id": "06 ALMATY 2404"}, "bad_reference_id"),
    ({"reference_id": "06ALMATY02404"}, "bad_reference_id"),  # leading zero
    ({"reference_id": "06ALMATY2405"}, "reference_id_mismatch"),
    ({"reference_id": "07ALMATY2404"}, "reference_id_mismatch"),
    ({"created": None}, "missing_created"),
    ({"created": datetime(2006, 7, 7)}, "bad_created"),  # naive: fastavro would read it as local time
    ({"created": datetime(1900, 1, 1, tzinfo=timezone.utc)}, "bad_created"),
    ({"classification": None}, "missing_classification"),
    ({"classification": "SECRET//REL UK"}, "bad_classification"),
    ({"origin": ""}, "missing_origin"),
    ({"body": "  \n "}, "empty_body"),
    ({"sections": "two"}, "schema_mismatch"),
    ({"tags": ["PREL", None]}, "schema_mismatch"),
])
def test_each_check_has_a_stable_code(change, code):
    assert codes({**GOOD, **change}) == [code]


def test_the_source_metadata_id_is_trusted_over_the_text():
    record = {**GOOD, "reference_id": "06ASTANA2404"}
    evidence = {**EVIDENCE, "metadata": {"reference_id": "06ASTANA2404"}}
    assert codes(record, evidence) == []


def test_every_failure_is_listed_most_fundamental_first():
    record = {**GOOD, "body": "", "created": None, "classification": "BOGUS"}
    assert codes(record) == ["empty_body", "missing_created", "bad_classification"]
