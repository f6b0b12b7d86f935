"""deploy/ against the pipeline: the template's metadata, entry point, image, alert policy and
workflow, each checked against the code it names (options, counters, summary fields)."""
import json
import os
import re

import apache_beam as beam
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPLOY = os.path.join(REPO, "deploy")


def _metadata() -> dict:
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


@pytest.mark.parametrize("name", sorted(_pipeline_flags()))
def test_an_option_with_choices_is_an_enum_of_exactly_those(name):
    action, parameter = _pipeline_flags()[name], _parameters()[name]
    if not action.choices:
        assert parameter["paramType"] != "ENUM"
        return
    assert parameter["paramType"] == "ENUM"
    assert sorted(option["value"] for option in parameter["enumOptions"]) == sorted(action.choices)
    assert all(option["label"] and option["description"] for option in parameter["enumOptions"])


@pytest.mark.parametrize("name", sorted(_pipeline_flags()))
def test_a_numeric_option_with_a_default_is_a_number_with_that_default(name):
    action, parameter = _pipeline_flags()[name], _parameters()[name]
    if parameter["paramType"] == "NUMBER":
        assert action.type in (int, float)
    if action.type in (int, float) and action.default is not None:
        assert parameter["paramType"] == "NUMBER"
    if "defaultValue" in parameter:
        assert parameter["defaultValue"] == str(action.default)
        assert action.type is None or action.type(parameter["defaultValue"]) == action.default


def test_an_unset_ratio_stays_unset():
    # A NUMBER parameter is filled with 0 when left empty in the console: a ratio of 0 would fail
    # every run with a single dead letter, so the ratio stays a TEXT parameter without default.
    parameter = _parameters()["max_dead_letter_ratio"]
    assert _pipeline_flags()["max_dead_letter_ratio"].default is None
    assert parameter["paramType"] == "TEXT" and "defaultValue" not in parameter


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


def _dockerfile() -> str:
    with open(os.path.join(DEPLOY, "Dockerfile"), encoding="utf-8") as stream:
        return stream.read()


def test_image_uses_the_beam_version_the_package_pins():
    with open(os.path.join(DEPLOY, "Dockerfile"), encoding="utf-8") as stream:
        dockerfile = stream.read()
    with open(os.path.join(REPO, "setup.py"), encoding="utf-8") as stream:
        pinned = re.search(r"apache-beam\[gcp\]==([0-9.]+)", stream.read())[1]
    assert re.search(r"^ARG BEAM_VERSION=(\S+)$", dockerfile, re.M)[1] == pinned == beam.__version__
    assert "FROM apache/beam_python3.11_sdk:${BEAM_VERSION}" in dockerfile
    assert "FLEX_TEMPLATE_PYTHON_PY_FILE=/template/main.py" in dockerfile


def test_images_are_pinned_never_latest():
    dockerfile = _dockerfile()
    images = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    arguments = dict(re.findall(r"^ARG (\w+)=(\S+)$", dockerfile, re.M))
    resolved = [re.sub(r"\$\{(\w+)\}", lambda m: arguments[m[1]], image) for image in images]
    assert len(resolved) == 2
    for image in resolved:
        name, _, tag = image.rpartition(":")
        assert name and tag and tag != "latest", image
    launcher_tag = arguments["LAUNCHER_TAG"]
    assert re.search(r"20[0-9]{6}", launcher_tag), "the launcher is pinned to a dated release"
    assert "COPY --from=launcher /opt/google/dataflow/python_template_launcher" in dockerfile
    assert "latest" not in re.sub(r"#.*", "", dockerfile)


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


# --- deploy/alert-policy.json: the counters and the workflow it watches exist ---

def _alert_policy() -> dict:
    with open(os.path.join(DEPLOY, "alert-policy.json"), encoding="utf-8") as stream:
        return json.load(stream)


def _filter_terms(condition: dict) -> dict:
    """{'metric.type': 'dataflow...', ...} of a condition's filter (equalities and prefixes)."""
    terms = re.findall(r'([\w./]+) = (?:starts_with\()?"([^"]*)"',
                       condition["conditionThreshold"]["filter"])
    return dict(terms)


def _conditions() -> dict:
    return {_filter_terms(c)["metric.type"]: c for c in _alert_policy()["conditions"]}


def _deploy_sh() -> str:
    with open(os.path.join(DEPLOY, "deploy.sh"), encoding="utf-8") as stream:
        return stream.read()


def test_alert_policy_watches_the_dead_letter_counter_of_our_jobs():
    from transforms import metrics

    condition = _conditions()["dataflow.googleapis.com/job/user_counter"]
    terms = _filter_terms(condition)
    assert terms["metric.labels.metric_name"] == metrics.DEAD_LETTERS == "dead_letters"
    assert terms["resource.type"] == "dataflow_job"
    assert terms["resource.labels.job_name"] == "cable-ingest"  # a prefix of every job name
    threshold = condition["conditionThreshold"]
    assert threshold["comparison"] == "COMPARISON_GT" and threshold["thresholdValue"] >= 0
    # the counter is counted per step: the policy adds the steps of a job up
    assert threshold["aggregations"][0]["crossSeriesReducer"] == "REDUCE_SUM"
    assert threshold["aggregations"][0]["groupByFields"] == ["resource.labels.job_name"]
    assert f"namespace `{metrics.NAMESPACE}`" in _alert_policy()["documentation"]["content"]


def test_alert_policy_watches_failed_executions_of_the_deployed_workflow():
    terms = _filter_terms(_conditions()["workflows.googleapis.com/finished_execution_count"])
    deployed = re.search(r"^WORKFLOW=(\S+)$", _deploy_sh(), re.M)[1]
    assert terms["resource.labels.workflow_id"] == deployed
    assert terms["metric.labels.status"] == "FAILED"
    assert _alert_policy()["combiner"] == "OR"


def test_a_real_run_reports_the_counter_the_alert_watches(tmp_path):
    """The counter exists under that namespace and name when a run makes dead letters."""
    from apache_beam.metrics.metric import MetricsFilter

    from pipeline import graph
    from transforms import metrics

    options = graph.make_options([f"--input={os.path.join(REPO, 'samples', '*')}",
                                  f"--output={tmp_path / 'out'}"])
    pipeline = beam.Pipeline(options=options)
    graph.build_batch(pipeline, options)
    result = pipeline.run()
    result.wait_until_finish()
    counted = {}
    for counter in result.metrics().query(
            MetricsFilter().with_namespace(metrics.NAMESPACE))["counters"]:
        name = counter.key.metric.name
        counted[name] = counted.get(name, 0) + counter.committed
    summary = json.loads((tmp_path / "out" / "_SUMMARY.json").read_text())
    by_type = {f"{metrics.DEAD_LETTER_PREFIX}{row['stage']}.{row['error_type']}": row["count"]
               for row in summary["dead_letters_by_type"]}
    per_type = {name: count for name, count in counted.items()
                if name.startswith(metrics.DEAD_LETTER_PREFIX)}
    assert counted[metrics.DEAD_LETTERS] > 0  # samples/ holds a broken input
    assert counted[metrics.DEAD_LETTERS] == sum(per_type.values())
    assert all(by_type[name] == count for name, count in per_type.items())
