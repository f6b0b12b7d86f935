"""The Dataflow jobs the real doors make: their steps, type, options and shipped package.

Each job is made the way the deployment makes it, as a subprocess against the Cloud Storage
emulator, and read back from there (tests/doors.py):
- the daily batch job: `python deploy/main.py` with the Flex Template launcher's flags;
- the streaming job: the same entry point given `input_subscription`;
- a job launched from a workstation: `cable-ingest run --runner=DataflowRunner
  --setup_file=./setup.py`, which ships the package as an sdist.
With --template_location the DataflowRunner stages everything and writes the job file instead of
submitting it: nothing reaches Dataflow.
"""
import io
import os
import tarfile

import pytest

from doors import (IMAGE, PROJECT, REGION, REPO, cable_ingest, flex_launch, launch_environment,
                   read_blob, read_job, top_level_steps)
from emulators import gcs_client, gcs_emulator  # noqa: F401  fixtures

BUCKET = "cable-dataflow"
DROPS = f"gs://{BUCKET}/drops/**"
SUBSCRIPTION = f"projects/{PROJECT}/subscriptions/cables"


@pytest.fixture(scope="module")
def bucket(gcs_client):  # noqa: F811
    bucket = gcs_client.create_bucket(BUCKET)
    bucket.blob("drops/2024-01-02/06ALMATY2404.txt").upload_from_filename(
        os.path.join(REPO, "samples", "06ALMATY2404.txt"))
    return bucket


@pytest.fixture(scope="module")
def env(bucket, tmp_path_factory):
    return launch_environment(tmp_path_factory.mktemp("dataflow"))


def _launched(bucket, env, parameters, launch_id) -> dict:
    done, job_file = flex_launch(parameters, BUCKET, launch_id, env)
    assert done.returncode == 0, done.stderr
    return read_job(bucket.client, job_file)


@pytest.fixture(scope="module")
def batch_job(bucket, env):
    return _launched(bucket, env, [f"--input={DROPS}", f"--output=gs://{BUCKET}/out",
                                   "--format=auto", f"--sdk_container_image={IMAGE}"], "daily")


@pytest.fixture(scope="module")
def streaming_job(bucket, env):
    return _launched(bucket, env, [f"--input_subscription={SUBSCRIPTION}", "--window_seconds=60",
                                   f"--output=gs://{BUCKET}/stream",
                                   f"--sdk_container_image={IMAGE}"], "stream")


@pytest.fixture(scope="module")
def workstation_job(bucket, env):
    job_file = f"gs://{BUCKET}/templates/workstation.json"
    done = cable_ingest(["run", f"--input={DROPS}", f"--output=gs://{BUCKET}/out",
                         "--runner=DataflowRunner", f"--project={PROJECT}", f"--region={REGION}",
                         f"--temp_location=gs://{BUCKET}/tmp", "--job_name=from-a-workstation",
                         f"--setup_file={os.path.join(REPO, 'setup.py')}",
                         f"--template_location={job_file}"], env)
    assert done.returncode == 0, done.stderr
    return read_job(bucket.client, job_file)


@pytest.fixture(scope="module")
def replay_job(bucket, env, tmp_path_factory):
    """`cable-ingest replay` of an earlier run's dead letters on Dataflow, from a workstation:
    the Beam options pass through it as through `run` (they were refused as unrecognized)."""
    earlier = tmp_path_factory.mktemp("earlier") / "out"
    done = cable_ingest(["run", "--input", os.path.join(REPO, "samples", "broken-not-a-cable.txt"),
                         "--output", str(earlier)], env)
    assert done.returncode == 0, done.stderr
    for name in os.listdir(earlier / "dead_letter"):
        bucket.blob(f"earlier/dead_letter/{name}").upload_from_filename(
            str(earlier / "dead_letter" / name))
    job_file = f"gs://{BUCKET}/templates/replay.json"
    done = cable_ingest(["replay", f"gs://{BUCKET}/earlier/dead_letter/*.avro",
                         f"--output=gs://{BUCKET}/replayed", "--runner=DataflowRunner",
                         f"--project={PROJECT}", f"--region={REGION}",
                         f"--temp_location=gs://{BUCKET}/tmp", "--job_name=a-replay",
                         f"--setup_file={os.path.join(REPO, 'setup.py')}",
                         f"--template_location={job_file}"], env)
    assert done.returncode == 0, done.stderr
    return read_job(bucket.client, job_file)


@pytest.mark.parametrize("job_fixture, steps", [
    ("batch_job", {"ReadInputs", "ParseCables", "Deduplicate", "NameCableFiles",
                   "WriteDeadLetters", "PublishRun"}),
    ("replay_job", {"ReadInputs", "ParseCables", "Deduplicate", "NameCableFiles",
                    "WriteDeadLetters", "PublishRun"}),
    ("workstation_job", {"ReadInputs", "ParseCables", "Deduplicate", "NameCableFiles",
                         "WriteDeadLetters", "PublishRun"}),
    ("streaming_job", {"ReadPubSub", "ReadMessages", "ParseCables", "CollectDeadLetters",
                       "WriteCables", "WriteDeadLetters"}),
])
def test_job_has_the_expected_steps(request, job_fixture, steps):
    assert steps <= top_level_steps(request.getfixturevalue(job_fixture)["pipeline"])


def test_streaming_job_writes_a_file_per_window_firing(streaming_job):
    transforms = streaming_job["pipeline"].components.transforms.values()
    names = {t.unique_name for t in transforms}
    assert {"ReadMessages/PlanReads", "ReadMessages/Redistribute",
            "ReadMessages/ExpandObjects"} <= names  # notified objects are read like batch inputs
    for kind in ("WriteCables", "WriteDeadLetters"):
        assert {f"{kind}/{step}" for step in (
            "Window", "WriteBundleFiles", "GroupFilesByWindow", "NameWindowFiles")} <= names


@pytest.mark.parametrize("job_fixture, job_type, streaming_flag", [
    ("batch_job", "JOB_TYPE_BATCH", False),
    ("streaming_job", "JOB_TYPE_STREAMING", True),
])
def test_job_type_is_batch_or_streaming(request, job_fixture, job_type, streaming_flag):
    job = request.getfixturevalue(job_fixture)
    assert job["job"]["type"] == job_type
    assert job["options"]["streaming"] is streaming_flag


@pytest.mark.parametrize("job_fixture, name", [
    ("batch_job", "cable-ingest-daily"), ("streaming_job", "cable-ingest-stream"),
    ("workstation_job", "from-a-workstation"), ("replay_job", "a-replay")])
def test_job_options_are_passed_through(request, job_fixture, name):
    job = request.getfixturevalue(job_fixture)
    options = job["options"]
    assert (options["project"], options["region"]) == (PROJECT, REGION)
    assert options["temp_location"].startswith(f"gs://{BUCKET}/")
    assert job["job"]["name"] == options["job_name"] == name


@pytest.mark.parametrize("job_fixture", ["batch_job", "streaming_job"])
def test_launched_jobs_run_in_the_template_image(request, job_fixture):
    pools = request.getfixturevalue(job_fixture)["job"]["environment"]["workerPools"]
    assert {image["containerImage"] for pool in pools
            for image in pool["sdkHarnessContainerImages"]} == {IMAGE}


def test_cable_ingest_options_reach_the_job(batch_job, streaming_job):
    assert batch_job["options"]["input"] == [DROPS]
    assert batch_job["options"]["output"] == f"gs://{BUCKET}/out"
    assert streaming_job["options"]["input_subscription"] == SUBSCRIPTION
    assert streaming_job["options"]["window_seconds"] == 60


def test_a_replay_job_reads_the_dead_letters_it_was_given(replay_job):
    assert replay_job["options"]["input"] == [f"gs://{BUCKET}/earlier/dead_letter/*.avro"]
    assert replay_job["options"]["output"] == f"gs://{BUCKET}/replayed"
    names = {t.unique_name for t in replay_job["pipeline"].components.transforms.values()}
    assert "ReadInputs/ReadDeadLetters" in names and "ReadInputs/ExpandInputs" not in names


def _shipped_names(bucket, job) -> list[str]:
    sdist = read_blob(bucket.client, job["staged"]["workflow.tar.gz"])
    with tarfile.open(fileobj=io.BytesIO(sdist)) as archive:
        return [name.split("/", 1)[1] for name in archive.getnames() if "/" in name]


@pytest.mark.parametrize("member", [
    "pipeline/streaming.py", "pipeline/launch.py", "transforms/read.py",
    "transforms/write.py", "schemas/cable.avsc", "schemas/dead_letter.avsc",
    "schemas/bigquery.py",
])
def test_setup_file_ships_the_package_with_its_schemas(bucket, workstation_job, member):
    assert member in _shipped_names(bucket, workstation_job)


def test_shipped_package_has_its_parser_data_and_no_tests(bucket, workstation_job):
    names = _shipped_names(bucket, workstation_job)
    assert any(n.startswith("transforms/cable_parser/data/") and n.endswith(".csv") for n in names)
    assert not any(n.startswith("tests/") for n in names)
