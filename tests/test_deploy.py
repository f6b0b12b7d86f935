"""deploy/ against the pipeline: the template's metadata, entry point, image and workflow."""
import os

import apache_beam as beam
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPLOY = os.path.join(REPO, "deploy")


def _metadata() -> dict:
    import json

    with open(os.path.join(DEPLOY, "metadata.json"), encoding="utf-8") as stream:
        return json.load(stream)


def _parameters() -> dict:
    return {p["name"]: p for p in _metadata()["parameters"]}


def _pipeline_flags() -> dict:
    """{flag name without '--': argparse action} of cable-ingest's own options."""
    import argparse

    from pipeline.options import CableIngestOptions

    parser = argparse.ArgumentParser()
    CableIngestOptions._add_argparse_args(parser)
    return {s[2:]: action for action in parser._actions for s in action.option_strings
            if s.startswith("--") and s != "--help"}


def _matches(parameter: dict, value: str) -> bool:
    import re

    return all(re.fullmatch(regex, value) for regex in parameter["regexes"])


def test_metadata_has_exactly_the_pipeline_options():
    assert sorted(_parameters()) == sorted(_pipeline_flags())
    assert len(_metadata()["parameters"]) == len(_parameters())  # no duplicates


@pytest.mark.parametrize("name", sorted(_pipeline_flags()))
def test_every_parameter_is_labelled_described_and_validated(name):
    parameter = _parameters()[name]
    assert parameter["label"].strip() and len(parameter["helpText"]) >= 30
    assert parameter["regexes"] and isinstance(parameter["isOptional"], bool)
    assert parameter["isOptional"] is (name != "output")


@pytest.mark.parametrize("name", sorted(_pipeline_flags()))
def test_option_defaults_and_choices_pass_the_regexes(name):
    action = _pipeline_flags()[name]
    values = [str(choice) for choice in action.choices or ()]
    if action.default is not None:
        values.append(str(action.default))
    for value in values:
        assert _matches(_parameters()[name], value), value


@pytest.mark.parametrize("name, value, valid", [
    ("input", "gs://my-drops/drops/2024-01-02/*", True),
    ("input", "gs://my-drops/cables.csv", True),
    ("input", "/local/path/*", False),
    ("input", "gs://Bad_Bucket/x", False),
    ("output", "gs://my-cables/ingest/2024-01-02", True),
    ("output", "gs://my-cables", True),
    ("output", "gs://my-cables/out[1]", False),
    ("format", "html", True),
    ("format", "xml", False),
    ("codec", "snappy", True),
    ("codec", "gzip", False),
    ("num_shards", "0", True),
    ("num_shards", "-1", False),
    ("max_input_bytes", "0", False),
    ("max_dead_letter_ratio", "0.05", True),
    ("max_dead_letter_ratio", "1", True),
    ("max_dead_letter_ratio", "1.5", False),
    ("max_dead_letter_ratio", "5%", False),
    ("input_subscription", "projects/my-project/subscriptions/cable-drops", True),
    ("input_subscription", "my-project/cable-drops", False),
    ("input_subscription", "projects/my-project/topics/cable-drops", False),
    ("window_seconds", "300", True),
    ("window_seconds", "0", False),
    ("window_seconds", "5m", False),
])
def test_parameter_regexes(name, value, valid):
    assert _matches(_parameters()[name], value) is valid


@pytest.mark.parametrize("name, value", [
    ("input", "gs://my-drops/drops/2024-01-02/*"), ("format", "csv"), ("codec", "zstandard"),
    ("num_shards", "3"), ("max_input_bytes", "2048"), ("max_line_chars", "500"),
    ("csv_range_bytes", "1048576"), ("max_dead_letter_ratio", "0.1"), ("window_seconds", "60"),
    ("input_subscription", "projects/my-project/subscriptions/sub1"),
])
def test_valid_parameter_values_are_accepted_by_the_pipeline(name, value):
    from pipeline.options import CableIngestOptions

    assert _matches(_parameters()[name], value)
    options = CableIngestOptions([f"--{name}={value}"])
    action = _pipeline_flags()[name]
    parsed = getattr(options, action.dest)
    assert parsed == ([value] if name == "input" else action.type(value) if action.type else value)


def _template_main():
    import importlib.util

    spec = importlib.util.spec_from_file_location("template_main",
                                                  os.path.join(DEPLOY, "main.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("parameters, expected", [
    (["--input=gs://b/d/*", "--output=gs://b/o"],
     ["run", "--input=gs://b/d/*", "--output=gs://b/o"]),
    (["--input_subscription=projects/p/subscriptions/s", "--output=gs://b/o"],
     ["run", "--input_subscription=projects/p/subscriptions/s", "--output=gs://b/o",
      "--streaming"]),
    (["--input_subscription=", "--input=gs://b/d/*"], ["run", "--input_subscription=",
                                                       "--input=gs://b/d/*"]),
])
def test_template_entry_point_makes_a_subscription_a_streaming_job(parameters, expected):
    assert _template_main().run_arguments(parameters) == expected


def test_image_uses_the_beam_version_the_package_pins():
    import re

    with open(os.path.join(DEPLOY, "Dockerfile"), encoding="utf-8") as stream:
        dockerfile = stream.read()
    with open(os.path.join(REPO, "setup.py"), encoding="utf-8") as stream:
        pinned = re.search(r"apache-beam\[gcp\]==([0-9.]+)", stream.read())[1]
    assert re.search(r"^ARG BEAM_VERSION=(\S+)$", dockerfile, re.M)[1] == pinned == beam.__version__
    assert "FROM apache/beam_python3.11_sdk:${BEAM_VERSION}" in dockerfile
    assert "FLEX_TEMPLATE_PYTHON_PY_FILE=/template/main.py" in dockerfile


def test_workflow_launches_the_template_with_known_parameters():
    import yaml

    with open(os.path.join(DEPLOY, "workflow.yaml"), encoding="utf-8") as stream:
        workflow = yaml.safe_load(stream)
    launch = next(step["launch"] for step in workflow["main"]["steps"] if "launch" in step)
    parameters = launch["args"]["body"]["launchParameter"]["parameters"]
    beam_options = {"sdk_container_image"}
    assert set(parameters) <= set(_parameters()) | beam_options
    assert {"input", "output"} <= set(parameters)
    assert _matches(_parameters()["max_dead_letter_ratio"], parameters["max_dead_letter_ratio"])
