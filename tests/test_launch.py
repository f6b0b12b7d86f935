"""Remote launches through the real doors: they return at submission, say what they did, exit 0.

The Flex Template launcher runs `python deploy/main.py PARAMETERS` with --template_location: the
entry point must write the job file and exit 0 (it used to wait for OUTPUT/_SUMMARY.json, which
no job had written yet: exit 1). `cable-ingest run --runner=DataflowRunner --dry_run=True` must
exit 0 too and say that nothing was submitted. Cloud Storage is gcp-storage-emulator; Dataflow
itself is never called.
"""
import json
import os

import pytest

from doors import IMAGE, PROJECT, REGION, cable_ingest, flex_launch, launch_environment, read_job
from emulators import gcs_client, gcs_emulator  # noqa: F401  fixtures

SAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples")
BUCKET = "cable-launch"
DROPS = f"gs://{BUCKET}/drops/**"
OUTPUT = f"gs://{BUCKET}/ingest"


@pytest.fixture(scope="module")
def bucket(gcs_client):  # noqa: F811
    bucket = gcs_client.create_bucket(BUCKET)
    for day, name in [("2024-01-02", "06ALMATY2404.txt"), ("2024-01-03", "cables-5-rows.csv")]:
        bucket.blob(f"drops/{day}/{name}").upload_from_filename(os.path.join(SAMPLES, name))
    return bucket


@pytest.fixture(scope="module")
def env(bucket, tmp_path_factory):
    return launch_environment(tmp_path_factory.mktemp("launch"))


def _blobs(bucket, prefix: str) -> list[str]:
    return [blob.name for blob in bucket.client.list_blobs(BUCKET, prefix=prefix)]


def test_flex_launch_writes_the_job_file_and_exits_0(bucket, env):
    done, job_file = flex_launch([f"--input={DROPS}", f"--output={OUTPUT}-flex",
                                  f"--sdk_container_image={IMAGE}", "--max_dead_letter_ratio=0.2"],
                                 BUCKET, "batch-1", env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"batch job cable-ingest-batch-1 written to {job_file}" in done.stdout
    job = read_job(bucket.client, job_file)
    assert job["job"]["type"] == "JOB_TYPE_BATCH"
    assert (job["options"]["input"], job["options"]["output"]) == ([DROPS], f"{OUTPUT}-flex")
    assert job["options"]["max_dead_letter_ratio"] == 0.2
    # handed over, not run: no summary, no records; only the lock the job releases as it publishes
    assert _blobs(bucket, "ingest-flex/") == ["ingest-flex/_LOCK"]
    holder = json.loads(bucket.blob("ingest-flex/_LOCK").download_as_bytes())
    assert holder["run_id"] == job["options"]["run_id"]


def test_a_run_into_the_output_of_a_launched_job_is_refused_while_it_holds_the_lock(bucket, env):
    """A template job took no lock: a manual `replay --incremental` while the scheduled job
    published took its staged ledger for a killed run's and withdrew its records, which its
    ledger then noted as ingested: lost. The launch now locks the output for the job."""
    output = f"{OUTPUT}-locked"
    done, job_file = flex_launch([f"--input={DROPS}", f"--output={output}", "--incremental=true",
                                  "--run_id=20240102T023000Z-scheduled"], BUCKET, "locked", env)
    assert done.returncode == 0, done.stderr
    manual = cable_ingest(["run", "--incremental", f"--input={DROPS}", f"--output={output}"], env)
    assert manual.returncode == 75, manual.stderr  # busy, not a failed day
    assert "20240102T023000Z-scheduled" in manual.stderr and "Traceback" not in manual.stderr
    assert _blobs(bucket, "ingest-locked/") == ["ingest-locked/_LOCK"]  # nothing written


def test_a_flex_launch_told_not_to_lock_takes_no_lock(bucket, env):
    done, _ = flex_launch([f"--input={DROPS}", f"--output={OUTPUT}-unlocked",
                           "--lock_at_launch=false"], BUCKET, "unlocked", env)
    assert done.returncode == 0, done.stderr
    assert not _blobs(bucket, "ingest-unlocked/")


def test_flex_launch_with_a_subscription_writes_a_streaming_job(bucket, env):
    subscription = f"projects/{PROJECT}/subscriptions/cable-drops"
    done, job_file = flex_launch([f"--input_subscription={subscription}",
                                  f"--output={OUTPUT}-stream", "--window_seconds=60"],
                                 BUCKET, "stream-1", env)
    assert done.returncode == 0, done.stderr
    assert f"streaming job cable-ingest-stream-1 written to {job_file}" in done.stdout
    job = read_job(bucket.client, job_file)
    assert job["job"]["type"] == "JOB_TYPE_STREAMING"
    assert job["options"]["input_subscription"] == subscription
    assert not _blobs(bucket, "ingest-stream/")   # a streaming job takes no lock


DATAFLOW = ["--runner=DataflowRunner", f"--project={PROJECT}", f"--region={REGION}",
            f"--temp_location=gs://{BUCKET}/tmp", "--dry_run=True"]


@pytest.mark.parametrize("argv, kind", [
    ([f"--input={DROPS}", f"--output={OUTPUT}-dry"], "batch"),
    ([f"--input_subscription=projects/{PROJECT}/subscriptions/s", "--streaming",
      f"--output={OUTPUT}-dry"], "streaming"),
])
def test_dry_run_on_dataflow_exits_0_and_says_nothing_was_submitted(bucket, env, argv, kind):
    done = cable_ingest(["run", *argv, *DATAFLOW, "--job_name=dry-one"], env)
    assert done.returncode == 0, done.stderr
    assert (f"dry run: DataflowRunner {kind} job dry-one built and checked, not submitted"
            in done.stdout)
    assert not _blobs(bucket, "ingest-dry")


@pytest.mark.parametrize("parameters, message", [
    ([f"--input=gs://{BUCKET}/drops/1999-01-01/*", f"--output={OUTPUT}"], "no files match --input"),
    (["--input=gs://no-such-drops/*", f"--output={OUTPUT}"],
     "bucket gs://no-such-drops does not exist"),
    ([f"--input={DROPS}", f"--output={OUTPUT}", "--project=Not A Project"], "Invalid Project ID"),
])
def test_a_launch_that_cannot_start_is_one_clear_error(bucket, env, parameters, message):
    done, job_file = flex_launch(parameters, BUCKET, "bad", env)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not _blobs(bucket, "staging/template_launches/bad/job_object")


def test_the_workflows_launch_request_goes_through_the_entry_point(bucket, env):
    """deploy/workflow.yaml's launch parameters, as the launcher hands them to deploy/main.py."""
    from doors import workflow_launch

    settings = {"GOOGLE_CLOUD_PROJECT_ID": PROJECT, "GOOGLE_CLOUD_LOCATION": REGION,
                "GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID": "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                "TEMPLATE_PATH": f"gs://{BUCKET}/templates/cable-ingest.json", "IMAGE": IMAGE,
                "DROP_BUCKET": BUCKET, "OUTPUT_BUCKET": BUCKET,
                "WORKER_SERVICE_ACCOUNT": f"worker@{PROJECT}.iam.gserviceaccount.com",
                "BQ_DATASET": "cables", "BQ_TABLE": "cables"}
    variables, launch = workflow_launch(settings, 1704162600.0)
    parameters = launch["body"]["launchParameter"]["parameters"]
    done, job_file = flex_launch([f"--{name}={value}" for name, value in parameters.items()],
                                 BUCKET, "scheduled", env)
    assert done.returncode == 0, done.stderr
    options = read_job(bucket.client, job_file)["options"]
    assert options["input"] == [DROPS] and options["output"] == OUTPUT
    assert options["incremental"] is True and options["run_id"] == variables["run_id"]


def test_a_submitted_job_is_reported_with_its_id_and_console_page():
    """What the launcher prints for a job Dataflow accepted (the runner's own result type)."""
    from apache_beam.runners.dataflow.dataflow_runner import DataflowPipelineResult
    from google.cloud import dataflow

    from pipeline import graph, launch

    options = graph.make_options(["--runner=DataflowRunner", f"--project={PROJECT}",
                                  f"--region={REGION}", "--job_name=cable-ingest-manual",
                                  f"--output={OUTPUT}"])
    result = DataflowPipelineResult(dataflow.Job(id="2024-01-02_02_30_00-123"), runner=None)
    described = launch.submission(result, options).describe()
    assert "submitted DataflowRunner batch job 2024-01-02_02_30_00-123" in described
    assert (f"/dataflow/jobs/{REGION}/2024-01-02_02_30_00-123?project={PROJECT}"
            in described)
    assert f"{OUTPUT}/_SUMMARY.json" in described


def _schedule_parameters(bucket_name: str, now: float) -> list[str]:
    """The run parameters deploy/workflow.yaml launches with, for a day at `now`."""
    from doors import workflow_launch

    settings = {"GOOGLE_CLOUD_PROJECT_ID": PROJECT, "GOOGLE_CLOUD_LOCATION": REGION,
                "GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID": f"{int(now):x}-4b5a-6978-8a9b-0c1d2e3f4a5b",
                "TEMPLATE_PATH": f"gs://{bucket_name}/templates/cable-ingest.json",
                "IMAGE": IMAGE, "DROP_BUCKET": bucket_name, "OUTPUT_BUCKET": bucket_name,
                "WORKER_SERVICE_ACCOUNT": f"worker@{PROJECT}.iam.gserviceaccount.com",
                "BQ_DATASET": "cables", "BQ_TABLE": "cables"}
    _, launch = workflow_launch(settings, now)
    parameters = launch["body"]["launchParameter"]["parameters"]
    return [f"--{name}={value}" for name, value in parameters.items()]


def test_the_schedules_parameters_ingest_a_day_and_fail_loudly_on_a_bad_one(gcs_client, env):  # noqa: F811
    """deploy/README's "Try it", run for real on the local runner: the schedule's own parameters
    through the installed `cable-ingest`, against Cloud Storage (the emulator). A good day is
    ingested and accounted for; a day of broken files exceeds the schedule's dead-letter ratio
    and the command fails, as the workflow's check expects."""
    import json

    bucket = gcs_client.create_bucket("cable-try")
    good = [name for name in sorted(os.listdir(SAMPLES)) if not name.startswith("broken-")]
    for name in good:
        bucket.blob(f"drops/2024-01-02/{name}").upload_from_filename(os.path.join(SAMPLES, name))
    done = cable_ingest(["run", *_schedule_parameters("cable-try", 1704162600.0)], env)
    assert done.returncode == 0, done.stderr
    summary = json.loads(bucket.blob("ingest/_SUMMARY.json").download_as_bytes())
    assert summary["status"] == "ok" and summary["accounted"]
    assert summary["cables"] + summary["dead_letters"] == summary["inputs"] == len(good) + 4
    assert summary["cables"] > 0 and summary["incremental"]

    for name in sorted(os.listdir(SAMPLES)):
        if name.startswith("broken-"):
            bucket.blob(f"drops/2024-01-03/{name}").upload_from_filename(
                os.path.join(SAMPLES, name))
    done = cable_ingest(["run", *_schedule_parameters("cable-try", 1704249000.0)], env)
    assert done.returncode == 1
    summary = json.loads(bucket.blob("ingest/_SUMMARY.json").download_as_bytes())
    assert summary["status"] == "failed: dead-letter ratio exceeded"
    assert summary["new_inputs"] == 2 and summary["dead_letters"] == summary["inputs"] == 2
