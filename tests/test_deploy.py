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


def test_the_run_id_rule_is_the_command_lines():
    from pipeline.arguments import RUN_ID_PATTERN

    assert _parameters()["run_id"]["regexes"] == [RUN_ID_PATTERN]


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
     ["run", "--input=gs://b/d/*", "--output=gs://b/o", "--lock_at_launch=true"]),
    (["--input_subscription=projects/p/subscriptions/s", "--output=gs://b/o"],
     ["run", "--input_subscription=projects/p/subscriptions/s", "--output=gs://b/o",
      "--streaming"]),
    (["--input_subscription=", "--input=gs://b/d/*"], ["run", "--input_subscription=",
                                                       "--input=gs://b/d/*", "--lock_at_launch=true"]),
    # a batch job locks its output at launch unless told otherwise; a streaming job never does
    (["--input=gs://b/d/*", "--lock_at_launch=false"],
     ["run", "--input=gs://b/d/*", "--lock_at_launch=false"]),
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


# --- deploy/workflow.yaml: what the schedule launches, waits for, loads and fails on ---
# Its decisions run in tests/workflows_subset.py (Workflows' expressions and decision steps);
# the calls to Dataflow, Cloud Storage and BigQuery cannot run here.

WORKFLOW_BUILTINS = {"GOOGLE_CLOUD_PROJECT_ID", "GOOGLE_CLOUD_LOCATION",
                     "GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID"}
ENV = {"GOOGLE_CLOUD_PROJECT_ID": "my-project", "GOOGLE_CLOUD_LOCATION": "europe-west1",
       "GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID": "5b8a1c2d-8f0e-4b6a-9c1d-2e3f4a5b6c7d",
       "TEMPLATE_PATH": "gs://my-cables/templates/cable-ingest.json",
       "IMAGE": "europe-west1-docker.pkg.dev/my-project/cable-ingest/cable-ingest:abc1234",
       "DROP_BUCKET": "my-drops", "OUTPUT_BUCKET": "my-cables",
       "WORKER_SERVICE_ACCOUNT": "cable-ingest-worker@my-project.iam.gserviceaccount.com",
       "BQ_DATASET": "cables", "BQ_TABLE": "cables"}
NOW = 1704162600.25  # 2024-01-02T02:30:00.250Z
RUN_ID = "20240102T023000Z-5b8a1c2d-8f0e-4b6a-9c1d-2e3f4a5b6c7d"
TERMINAL_FAILURES = ("JOB_STATE_FAILED", "JOB_STATE_CANCELLED", "JOB_STATE_DRAINED",
                     "JOB_STATE_UPDATED")


def _workflow_text() -> str:
    with open(os.path.join(DEPLOY, "workflow.yaml"), encoding="utf-8") as stream:
        return stream.read()


def _workflow() -> dict:
    import yaml

    return yaml.safe_load(_workflow_text())


def _steps(subworkflow: str) -> list:
    return _workflow()[subworkflow]["steps"]


def _step(subworkflow: str, name: str) -> dict:
    return next(step[name] for step in _steps(subworkflow) if name in step)


def _library():
    from workflows_subset import functions

    return functions(ENV, NOW)


def _main_variables() -> dict:
    """The variables of `main` after its settings step."""
    from doors import workflow_launch

    return workflow_launch(ENV, NOW)[0]


def _launch() -> dict:
    from doors import workflow_launch

    return workflow_launch(ENV, NOW)[1]


def test_workflow_reads_only_settings_that_deploy_sh_sets():
    read = set(re.findall(r'sys\.get_env\("(\w+)"\)', _workflow_text()))
    exported = re.search(r'--set-env-vars="([^"]+)"', _deploy_sh())[1]
    set_by_deploy = {pair.split("=", 1)[0] for pair in exported.split(",")}
    assert read - WORKFLOW_BUILTINS == set_by_deploy
    assert read == set(ENV)


def test_each_execution_has_its_own_run_id():
    assert _main_variables()["run_id"] == RUN_ID


def test_workflow_launches_an_incremental_run_over_the_whole_drop_prefix():
    from pipeline import checks, graph

    launch = _launch()
    parameter = launch["body"]["launchParameter"]
    parameters = parameter["parameters"]
    assert parameters["input"] == "gs://my-drops/drops/**"  # every day's folder, late files too
    assert parameters["output"] == "gs://my-cables/ingest"  # one output for every run
    assert re.fullmatch(r"[a-z]([-a-z0-9]*[a-z0-9])?", parameter["jobName"])  # Dataflow's rule
    assert parameter["jobName"].startswith("cable-ingest-")
    argv = [f"--{name}={value}" for name, value in parameters.items()]
    checks.reject_unknown_options(argv)  # every parameter is an option of `cable-ingest run`
    options = graph.make_options(argv)
    assert options.incremental is True and options.run_id == RUN_ID
    assert options.input == ["gs://my-drops/drops/**"]
    assert set(parameters) - set(_parameters()) == {"sdk_container_image"}  # a Beam option
    for name, value in parameters.items():
        if name in _parameters():
            assert _matches(_parameters()[name], value), (name, value)


def _refuse(active_jobs: dict):
    from workflows_subset import run_steps

    check = {"check_each": _step("refuse_if_a_run_is_active", "check_each")}
    return run_steps([check], {"active": {"body": active_jobs}}, _library())


def test_a_scheduled_run_still_active_stops_the_next_one_before_it_launches():
    from workflows_subset import Raised

    steps = [next(iter(step)) for step in _steps("main")]
    assert steps.index("one_run_at_a_time") < steps.index("launch")
    earlier = {"id": "2024-01-01_02_30_00-1",
               "name": _launch()["body"]["launchParameter"]["jobName"]}
    streaming = {"id": "2023-12-01_00_00_00-9", "name": "cable-ingest-stream"}
    with pytest.raises(Raised, match="2024-01-01_02_30_00-1"):
        _refuse({"jobs": [streaming, earlier]})
    assert _refuse({"jobs": [streaming]}) is None  # the streaming job runs beside the schedule
    assert _refuse({}) is None  # no active job: the API leaves `jobs` out
    query = _step("refuse_if_a_run_is_active", "list_active_jobs")["try"]["args"]["query"]
    assert query == {"filter": "ACTIVE"}


def test_workflow_waits_for_a_terminal_state_of_the_job():
    from workflows_subset import run_steps

    finished = {"finished": _step("wait_for_job", "finished")}
    terminal = _step("wait_for_job", "terminal_states")
    for state in ("JOB_STATE_PENDING", "JOB_STATE_QUEUED", "JOB_STATE_RUNNING",
                  "JOB_STATE_CANCELLING", "JOB_STATE_DRAINING"):
        variables = {"job": {"body": {"currentState": state}}}
        run_steps([{"terminal_states": terminal}], variables, _library())
        assert run_steps([finished], variables, _library()) is None  # polls again
    assert _step("wait_for_job", "pause")["next"] == "get_job"
    for state in ("JOB_STATE_DONE", *TERMINAL_FAILURES):
        variables = {"job": {"body": {"currentState": state}}}
        run_steps([{"terminal_states": terminal}], variables, _library())
        from workflows_subset import run

        assert run([finished], variables, _library()) == state


def _summary(status_counts=((("PARSE", "not_a_cable"), 1),), cables=9, ratio=0.2, **fields):
    """A run's _SUMMARY.json as the pipeline's own summary builder makes it."""
    from transforms.run_summary import build_summary

    inputs = cables + sum(count for _, count in status_counts)
    summary = build_summary(inputs, cables, list(status_counts), [],
                            max_dead_letter_ratio=ratio).to_json()
    return {**summary, **fields}


def _check(job_state: str, summary: dict | None):
    from workflows_subset import run

    variables = {"job_id": "2024-01-02_02_30_00-123", "job_state": job_state,
                 "summary": summary, "run_id": RUN_ID, "loaded": 1}
    return run(_steps("check_run"), variables, _library())


def test_a_finished_job_with_an_ok_summary_succeeds():
    outcome = _check("JOB_STATE_DONE", _summary(run_id=RUN_ID))
    assert outcome["status"] == "ok" and outcome["run_id"] == RUN_ID
    assert (outcome["cables"], outcome["dead_letters"]) == (9, 1)


@pytest.mark.parametrize("state", TERMINAL_FAILURES)
def test_a_job_that_did_not_finish_fails_the_execution(state):
    from workflows_subset import Raised

    with pytest.raises(Raised, match=state):
        _check(state, None)
    with pytest.raises(Raised, match=state):  # even when it published a summary first
        _check(state, _summary(run_id=RUN_ID))


def test_a_failed_status_fails_the_execution():
    from workflows_subset import Raised

    summary = _summary(status_counts=((("PARSE", "not_a_cable"), 5),), cables=5, ratio=0.2,
                       run_id=RUN_ID)
    assert summary["status"].startswith("failed")  # the pipeline's own verdict
    with pytest.raises(Raised, match="dead-letter ratio exceeded"):
        _check("JOB_STATE_DONE", summary)


def test_a_run_failed_by_its_own_verdict_says_why_though_its_job_failed_too():
    """The pipeline raises once a failed run's summary is written: on Dataflow its job fails
    (JOB_STATE_FAILED after the step's retries). The execution's error says the run's verdict,
    not only the job's state: the operator's first question is why."""
    from workflows_subset import Raised

    summary = _summary(status_counts=((("PARSE", "not_a_cable"), 5),), cables=5, ratio=0.2,
                       run_id=RUN_ID)
    with pytest.raises(Raised) as raised:
        _check("JOB_STATE_FAILED", summary)
    assert "failed: dead-letter ratio exceeded" in raised.value.value
    assert "JOB_STATE_FAILED" in raised.value.value


def test_a_finished_job_without_this_runs_summary_fails_the_execution():
    from workflows_subset import Raised

    with pytest.raises(Raised, match="no summary"):
        _check("JOB_STATE_DONE", None)


@pytest.mark.parametrize("found_run_id, expected", [(RUN_ID, "this"), ("20240101T023000Z-x", None)])
def test_the_summary_read_must_be_this_runs(found_run_id, expected):
    from workflows_subset import run

    summary = _summary(run_id=found_run_id)
    steps = [{name: _step("read_run_summary", name)} for name in ("decode", "this_run", "found")]
    variables = {"summary": json.dumps(summary).encode(), "run_id": RUN_ID}
    found = run(steps, variables, _library())
    assert (found and found["run_id"]) == (RUN_ID if expected else None)


def test_the_summary_read_is_the_one_the_launched_run_writes():
    """The run's own kept summary (OUTPUT/_runs/RUN_ID/), not OUTPUT/_SUMMARY.json: a manual
    replay that published between the job's end and this step replaced that one, and the day's
    cables were never loaded ("wrote no summary of this run")."""
    from workflows_subset import evaluate

    from transforms.run_summary import HISTORY_DIR
    from transforms.run_summary import SUMMARY_FILE

    read = _step("main", "read_summary")["args"]
    variables = _main_variables()
    parameters = _launch()["body"]["launchParameter"]["parameters"]
    assert parameters["run_id"] == variables["run_id"]
    found = f"gs://{ENV['OUTPUT_BUCKET']}/{evaluate(read['object'], variables, _library())}"
    assert found == f"{parameters['output']}/{HISTORY_DIR}/{parameters['run_id']}/{SUMMARY_FILE}"
    assert read["run_id"] == "${run_id}"


def test_workflow_uses_only_fields_the_summary_has():
    from transforms.run_summary import RunSummary

    used = set(re.findall(r'summary\.(\w+)|map\.get\(summary, "(\w+)"\)', _workflow_text()))
    used = {name for pair in used for name in pair if name}
    assert used and used <= set(RunSummary.__dataclass_fields__)
    assert {"run_id", "status", "cable_files"} <= used


def _load_job_id(run_id: str) -> str:
    from workflows_subset import evaluate

    return evaluate(_step("main", "load")["args"]["load_job_id"], {"run_id": run_id},
                    _library())


def test_the_load_job_id_derives_from_the_run_id():
    job_id = _load_job_id(RUN_ID)
    assert job_id == _load_job_id(RUN_ID)  # a retried step asks for the same job id
    assert RUN_ID in job_id
    assert _load_job_id("20240103T023000Z-0f1e2d3c") != job_id
    # BigQuery job ids: letters, digits, '_' and '-' only; a run id may hold dots
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,1024}", _load_job_id("20240102T0230.5Z-a.b"))


def test_the_load_appends_this_runs_new_cable_files_as_avro():
    load_args = _step("main", "load")["args"]
    assert load_args["files"] == "${files}"
    listed = _step("main", "listed_files")["switch"][0]["steps"][0]["listed"]["assign"][0]
    assert listed["files"] == '${default(map.get(summary, "cable_files"), [])}'
    insert = _step("load_cables", "insert")["try"]
    assert insert["args"]["body"]["jobReference"]["jobId"] == "${load_job_id}"
    load = insert["args"]["body"]["configuration"]["load"]
    assert load["sourceUris"] == "${files}"
    assert (load["sourceFormat"], load["useAvroLogicalTypes"]) == ("AVRO", True)
    assert (load["writeDisposition"], load["createDisposition"]) == ("WRITE_APPEND", "CREATE_NEVER")


@pytest.mark.parametrize("code, raised", [(409, False), (403, True), (500, True)])
def test_a_load_job_id_bigquery_already_has_is_waited_for_not_loaded_again(code, raised):
    from workflows_subset import Raised, run_steps

    except_steps = _step("load_cables", "insert")["except"]["steps"]
    variables = {"error": {"code": code, "message": "..."}}
    if raised:
        with pytest.raises(Raised):
            run_steps(except_steps, variables, _library())
    else:
        assert run_steps(except_steps, variables, _library()) is None  # on to get_load


def test_nothing_new_loads_nothing():
    from workflows_subset import run

    assert run([{"nothing_new": _step("load_cables", "nothing_new")}], {"files": []},
               _library()) == 0


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


def test_alert_policy_watches_the_failed_inputs_counter_of_our_jobs():
    from transforms import metrics

    condition = _conditions()["dataflow.googleapis.com/job/user_counter"]
    terms = _filter_terms(condition)
    assert terms["metric.labels.metric_name"] == metrics.FAILED_INPUTS == "failed_inputs"
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


def test_an_alert_fires_when_no_run_succeeded_for_a_day_and_more():
    """A paused, deleted or refused schedule fails no execution (nothing runs): the day's
    failure was silent. A policy of its own (a PromQL condition is alone in its policy) fires
    when the deployed workflow has no succeeded execution for longer than a day."""
    with open(os.path.join(DEPLOY, "alert-policy-no-run.json"), encoding="utf-8") as stream:
        policy = json.load(stream)
    [condition] = policy["conditions"]
    query = condition["conditionPrometheusQueryLanguage"]["query"]
    absent = re.fullmatch(r"absent_over_time\((\w+):(\w+)\{(.*)\}\[(\d+)h\]\)", query)
    assert absent, query
    # (Cloud Monitoring's PromQL name of workflows.googleapis.com/finished_execution_count)
    assert absent[1] == "workflows_googleapis_com" and absent[2] == "finished_execution_count"
    labels = dict(re.findall(r'(\w+)="([^"]*)"', absent[3]))
    deployed = re.search(r"^WORKFLOW=(\S+)$", _deploy_sh(), re.M)[1]
    assert labels == {"monitored_resource": "workflows.googleapis.com/Workflow",
                      "workflow_id": deployed, "status": "SUCCEEDED"}
    window = int(absent[4])
    assert 24 < window <= 30  # a daily schedule's day, and time for the run to end
    assert f"{window} hours" in policy["displayName"] and f"{window} hours" in condition[
        "displayName"]


def test_an_alert_fires_when_a_job_finds_record_files_of_earlier_runs_gone():
    """The daily job's warning that record files earlier runs published are missing from the
    output or changed (deleted by hand: no later run writes their cables again) is logged by
    the job's workers and reaches no terminal: a log-based policy finds it by the phrase every
    such warning holds, in the log entries of the jobs the workflow names."""
    from transforms.run_summary import PUBLISHED_BY_EARLIER_RUNS, published_files_warning

    with open(os.path.join(DEPLOY, "alert-policy-output-damaged.json"), encoding="utf-8") as stream:
        policy = json.load(stream)
    [condition] = policy["conditions"]
    log_filter = condition["conditionMatchedLog"]["filter"]
    assert f'jsonPayload.message:"{PUBLISHED_BY_EARLIER_RUNS}"' in log_filter
    assert 'resource.type="dataflow_step"' in log_filter and "severity=WARNING" in log_filter
    prefix = re.search(r'resource\.labels\.job_name=~"\^([^"]+)"', log_filter)[1]
    with open(os.path.join(DEPLOY, "workflow.yaml"), encoding="utf-8") as stream:
        assert f'jobName: ${{"{prefix}" + ' in stream.read()
    for damage in ({"missing": 2, "missing_files": ["gs://b/ingest/cables/x.avro"]},
                   {"changed": 1, "changed_files": [{"path": "gs://b/ingest/cables/y.avro"}]}):
        assert PUBLISHED_BY_EARLIER_RUNS in published_files_warning(damage)
    # (a log-based policy notifies at most once per its period, and must say how often)
    assert policy["alertStrategy"]["notificationRateLimit"]["period"] == "86400s"


_FAKE_CLOUD = """#!/usr/bin/env python3
# gcloud or bq as deploy.sh calls them: each call logged; nothing exists in the project
# unless FAKE_EXISTING is set; a policy created or updated logged with its file's content.
import hashlib, json, os, sys

tool, args = os.path.basename(sys.argv[0]), sys.argv[1:]
existing = bool(os.environ.get("FAKE_EXISTING"))
entry = {"tool": tool, "args": args}
for arg in args:
    if arg.startswith("--policy-from-file="):
        with open(arg.split("=", 1)[1]) as stream:
            entry["policy"] = json.load(stream)
with open(os.environ["FAKE_CLOUD_LOG"], "a") as log:
    log.write(json.dumps(entry) + "\\n")
if "describe" in args or (tool == "bq" and "show" in args):
    sys.exit(0 if existing else 1)
if "list-tags" in args:
    print("20250101-rc00")
if args[:3] == ["beta", "monitoring", "channels"]:
    if "create" in args or existing:
        print("projects/p/notificationChannels/7")
if args[:3] == ["alpha", "monitoring", "policies"] and "list" in args and existing:
    # (an id of the policy the filter names: each update must name the one found for its file)
    found = "projects/p/alertPolicies/" + hashlib.sha256(" ".join(args).encode()).hexdigest()[:8]
    print(found)
    with open(os.environ["FAKE_CLOUD_LOG"], "a") as log:
        log.write(json.dumps({"tool": tool, "args": args, "printed": found}) + "\\n")
"""


def _deploy_with_fake_cloud(tmp_path, existing: bool) -> list[dict]:
    """deploy.sh run whole, gcloud and bq replaced by loggers (the real ones first on no PATH):
    the calls it made."""
    import subprocess
    import sys

    fake_bin = tmp_path / "bin"
    fake_bin.mkdir(exist_ok=True)
    for tool in ("gcloud", "bq"):
        (fake_bin / tool).write_text(_FAKE_CLOUD)
        (fake_bin / tool).chmod(0o755)
    log = tmp_path / f"calls-{existing}.jsonl"
    environment = {**os.environ, "PATH": f"{fake_bin}:{os.environ['PATH']}",
                   "FAKE_CLOUD_LOG": str(log), "FAKE_EXISTING": "1" if existing else "",
                   "PROJECT": "p", "DROP_BUCKET": "drops", "OUTPUT_BUCKET": "cables",
                   "ALERT_EMAIL": "archive@example.org",
                   "CABLE_INGEST": os.path.join(os.path.dirname(sys.executable), "cable-ingest")}
    done = subprocess.run(["bash", os.path.join(DEPLOY, "deploy.sh")], env=environment,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in log.read_text().splitlines()]


def _policy_calls(calls: list[dict]) -> dict:
    """{verb: [(policy's displayName, policy)]} of deploy.sh's creates and updates."""
    made: dict = {}
    for call in calls:
        if "policy" in call:
            verb = call["args"][3]
            made.setdefault(verb, []).append((call["policy"]["displayName"], call["policy"]))
    return made


def test_deploy_sh_creates_every_alert_policy_then_updates_them(tmp_path):
    """deploy.sh run whole against a fake gcloud: a first deploy creates each alert policy with
    the e-mail channel; a second finds them by name and updates them (no second copy)."""
    sources = {}
    names = sorted(name for name in os.listdir(DEPLOY)
                   if re.fullmatch(r"alert-policy.*\.json", name))
    assert len(names) == 3, names
    for name in names:
        with open(os.path.join(DEPLOY, name), encoding="utf-8") as stream:
            policy = json.load(stream)
        sources[policy["displayName"]] = policy
    channel = "projects/p/notificationChannels/7"
    for existing, verb in ((False, "create"), (True, "update")):
        calls = _deploy_with_fake_cloud(tmp_path, existing)
        made = _policy_calls(calls)
        assert list(made) == [verb], made.keys()
        assert sorted(name for name, _ in made[verb]) == sorted(sources)
        for name, policy in made[verb]:
            assert policy == {**sources[name], "notificationChannels": [channel]}
    # Each update names the policy found by its own file's name.
    found = {re.search(r'displayName="([^"]+)"', " ".join(call["args"]))[1]: call["printed"]
             for call in calls if "printed" in call}
    assert sorted(found) == sorted(sources)
    updated = {call["policy"]["displayName"]: call["args"][4] for call in calls
               if "policy" in call}
    assert updated == found


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
    assert counted[metrics.DEAD_LETTERS] > 0  # samples/ holds a broken input and copies
    # the counters count every dead letter the summary counts, duplicates included
    assert counted[metrics.DEAD_LETTERS] == summary["dead_letters"] == sum(per_type.values())
    assert per_type == by_type
    # the alert watches the failures only: copies of a cable written are good inputs, as the
    # summary's failure_ratio (what --max_dead_letter_ratio checks) counts them
    assert summary["duplicate_dead_letters"] > 0
    assert counted[metrics.FAILED_INPUTS] == (summary["dead_letters"]
                                              - summary["duplicate_dead_letters"]) > 0
