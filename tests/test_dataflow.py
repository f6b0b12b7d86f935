"""The Dataflow job, built offline: DataflowRunner with --dry_run=True, a fake project and bucket.

Nothing is submitted: the runner translates the graph, packages the code with --setup_file and
stops before calling the Dataflow API. The tests check the job's steps, its type (batch or
streaming), its options and the package the workers would install.
"""
import os
import tarfile

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import GoogleCloudOptions, SetupOptions, StandardOptions
from apache_beam.portability.api import beam_runner_api_pb2

from pipeline import graph, streaming

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATAFLOW = [
    "--runner=DataflowRunner", "--dry_run=True", "--project=fake-project",
    "--region=europe-west1", "--temp_location=gs://fake-bucket/tmp",
    f"--setup_file={os.path.join(REPO, 'setup.py')}", "--output=gs://fake-bucket/out",
]
BATCH = DATAFLOW + ["--input=gs://fake-bucket/drops/2024-01-02/*", "--format=auto"]
STREAMING = DATAFLOW + ["--streaming", "--window_seconds=60",
                        "--input_subscription=projects/fake-project/subscriptions/cables"]


def _dry_run(argv, build):
    options = graph.make_options(argv)
    pipeline = beam.Pipeline(options=options)
    build(pipeline, options)
    return pipeline.run().job


@pytest.fixture(scope="module")
def batch_job():
    return _dry_run(BATCH, graph.build_batch)


@pytest.fixture(scope="module")
def streaming_job():
    options = graph.make_options(STREAMING)
    return streaming.start_streaming(options).job


def _top_level_steps(job) -> set:
    transforms = job.proto_pipeline.components.transforms.values()
    return {t.unique_name for t in transforms if "/" not in t.unique_name
            and not t.unique_name.startswith("ref_")}


def _artifacts(job) -> dict:
    """{staged name: local path} of what the workers would download."""
    found = {}
    for environment in job.proto_pipeline.components.environments.values():
        for dependency in environment.dependencies:
            path = beam_runner_api_pb2.ArtifactFilePayload.FromString(dependency.type_payload).path
            role = beam_runner_api_pb2.ArtifactStagingToRolePayload.FromString(
                dependency.role_payload)
            found[role.staged_name] = path
    return found


@pytest.mark.parametrize("job_fixture, steps", [
    ("batch_job", {"ReadInputs", "ParseCables", "CollectDeadLetters", "WriteCables",
                   "WriteDeadLetters"}),
    ("streaming_job", {"ReadPubSub", "ExpandMessages", "Redistribute", "ParseCables",
                       "CollectDeadLetters", "WriteCables", "WriteDeadLetters"}),
])
def test_job_has_the_expected_steps(request, job_fixture, steps):
    assert steps <= _top_level_steps(request.getfixturevalue(job_fixture))


def test_streaming_job_writes_windowed_files_with_writetofiles(streaming_job):
    names = {t.unique_name for t in streaming_job.proto_pipeline.components.transforms.values()}
    for kind in ("WriteCables", "WriteDeadLetters"):
        assert f"{kind}/Window" in names
        assert f"{kind}/WriteFiles" in names


@pytest.mark.parametrize("job_fixture, job_type, streaming_flag", [
    ("batch_job", "JOB_TYPE_BATCH", False),
    ("streaming_job", "JOB_TYPE_STREAMING", True),
])
def test_job_type_is_batch_or_streaming(request, job_fixture, job_type, streaming_flag):
    job = request.getfixturevalue(job_fixture)
    assert job.proto.type.name == job_type
    assert job.options.view_as(StandardOptions).streaming is streaming_flag


@pytest.mark.parametrize("job_fixture", ["batch_job", "streaming_job"])
def test_job_options_are_passed_through(request, job_fixture):
    job = request.getfixturevalue(job_fixture)
    cloud = job.options.view_as(GoogleCloudOptions)
    assert (cloud.project, cloud.region) == ("fake-project", "europe-west1")
    assert cloud.temp_location.startswith("gs://fake-bucket/tmp/")  # the runner adds the job's
    assert job.proto.name == cloud.job_name
    assert job.options.view_as(SetupOptions).setup_file.endswith("setup.py")
    assert job.options.output == "gs://fake-bucket/out"


def test_cable_ingest_options_reach_the_job(batch_job, streaming_job):
    assert batch_job.options.input == ["gs://fake-bucket/drops/2024-01-02/*"]
    assert streaming_job.options.input_subscription == "projects/fake-project/subscriptions/cables"
    assert streaming_job.options.window_seconds == 60


@pytest.mark.parametrize("member", [
    "pipeline/streaming.py", "transforms/read.py", "transforms/avro_sink.py",
    "schemas/cable.avsc", "schemas/dead_letter.avsc", "schemas/bigquery.py",
])
def test_setup_file_ships_the_package_with_its_schemas(batch_job, member):
    workflow = _artifacts(batch_job)["workflow.tar.gz"]
    with tarfile.open(workflow) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert member in names


def test_shipped_package_has_its_parser_data_and_no_tests(batch_job):
    with tarfile.open(_artifacts(batch_job)["workflow.tar.gz"]) as sdist:
        names = [name.split("/", 1)[1] for name in sdist.getnames() if "/" in name]
    assert any(n.startswith("transforms/cable_parser/data/") and n.endswith(".csv") for n in names)
    assert not any(n.startswith("tests/") for n in names)
