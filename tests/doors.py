"""The deployment's doors, run as the deployment runs them: subprocesses against the emulator.

    flex_launch(...)      `python deploy/main.py PARAMETERS` with the flags the Flex Template
                          launcher adds (DataflowRunner, project, region, staging, and a
                          --template_location where the job file goes)
    cable_ingest(...)     the installed `cable-ingest` command
    cable_ingest_in_process(...)  its function, in this process (no signals, no own process)
    as_background_job(c)  command `c` started as a script's background job starts it
    read_job(...)         the job file, the pipeline proto and the staged files of a written job

Nothing reaches Dataflow: with --template_location the DataflowRunner stages the job's files and
writes the job file to Cloud Storage (the emulator here) instead of submitting it, which is
exactly what the launcher asks of the entry point.
"""
import json
import os
import subprocess
import sys

from apache_beam.portability.api import beam_runner_api_pb2

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLEX_MAIN = os.path.join(REPO, "deploy", "main.py")
PROJECT, REGION = "cable-test", "europe-west1"
IMAGE = f"{REGION}-docker.pkg.dev/{PROJECT}/cable-ingest/cable-ingest:test"
TIMEOUT = 300
# The emulator takes any token. A token that never expires spares Beam its credential lookup
# (four retries, ~30 s, before it connects anonymously) without any network call.
EMULATOR_CREDENTIALS = {"type": "authorized_user", "client_id": "emulator",
                        "client_secret": "emulator", "refresh_token": "emulator",
                        "token": "emulator", "expiry": "2999-01-01T00:00:00Z"}


def cable_ingest_command() -> list[str]:
    """The installed console script next to this Python: what a user types. Missing, it is a
    failure of the installation, not something to route around with `python -m pipeline`."""
    script = os.path.join(os.path.dirname(sys.executable), "cable-ingest")
    assert os.access(script, os.X_OK), f"{script} is not installed (pip install -e .)"
    return [script]


def cable_ingest_in_process(*argv: str, cwd=None) -> subprocess.CompletedProcess:
    """`cable-ingest ARGV` as the console script runs it (its function, pipeline.cli:main), in
    this process, in folder `cwd`: for tests of what a command does, not of the process around
    it (signals, exit by kill, environment), spared a Python start and a Beam import each.

    Its stderr holds what the command logs too, as a process's does: the root logger's
    handlers (pytest's capture) are set aside for the call, so that the command's own
    `logging.basicConfig` writes there; `--help`'s exit is its status."""
    import contextlib
    import io
    import logging

    from pipeline.cli import main

    out, err = io.StringIO(), io.StringIO()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers.clear()
    try:
        with contextlib.chdir(cwd or os.getcwd()), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            try:
                status = main(list(argv))
            except SystemExit as stop:      # argparse's --help and usage errors
                status = stop.code
    finally:
        for handler in root.handlers:       # the command's, writing to `err`
            handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)
    return subprocess.CompletedProcess(["cable-ingest", *argv], status, out.getvalue(),
                                       err.getvalue())


def as_background_job(command: list[str]) -> list[str]:
    """`command` started as a shell without job control starts `command &` (a script's
    background job): with SIGINT ignored, so that the Ctrl-C meant for the script leaves it
    running (and SIGQUIT, as POSIX shells do)."""
    return ["sh", "-c", "trap '' INT QUIT; exec \"$@\"", "sh", *command]


def launch_environment(tmp_dir) -> dict:
    """The environment of a launch: the emulator (already in os.environ) and its credentials."""
    credentials = os.path.join(tmp_dir, "emulator-credentials.json")
    with open(credentials, "w", encoding="utf-8") as stream:
        json.dump(EMULATOR_CREDENTIALS, stream)
    assert os.environ.get("STORAGE_EMULATOR_HOST"), "start the gcs_emulator fixture first"
    return dict(os.environ, GOOGLE_APPLICATION_CREDENTIALS=credentials, NO_GCE_CHECK="True",
                GOOGLE_CLOUD_PROJECT=PROJECT, PYTHONPATH=REPO)


def launcher_flags(bucket: str, launch_id: str) -> list[str]:
    """What the Flex Template launcher adds to the template's parameters."""
    staging = f"gs://{bucket}/staging/template_launches/{launch_id}"
    return ["--runner=DataflowRunner", f"--project={PROJECT}", f"--region={REGION}",
            f"--job_name=cable-ingest-{launch_id}", f"--staging_location={staging}",
            f"--temp_location=gs://{bucket}/tmp", f"--template_location={staging}/job_object"]


def flex_launch(parameters: list[str], bucket: str, launch_id: str, env: dict):
    """Run the template's entry point as the launcher does; (completed process, job file)."""
    flags = launcher_flags(bucket, launch_id)
    done = subprocess.run([sys.executable, FLEX_MAIN, *flags, *parameters], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=TIMEOUT)
    return done, flags[-1].split("=", 1)[1]


def cable_ingest(argv: list[str], env: dict):
    return subprocess.run(cable_ingest_command() + argv, env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=TIMEOUT)


def read_blob(client, uri: str) -> bytes:
    bucket, name = uri[len("gs://"):].split("/", 1)
    return client.bucket(bucket).blob(name).download_as_bytes()


def read_job(client, job_file: str) -> dict:
    """{'job': the job file's JSON, 'options': its pipeline options, 'pipeline': the Beam
    pipeline proto it names, 'staged': {name: gs:// uri} of the files staged for the workers}."""
    job = json.loads(read_blob(client, job_file))
    options = job["environment"]["sdkPipelineOptions"]["options"]
    pipeline = beam_runner_api_pb2.Pipeline.FromString(read_blob(client, options["pipelineUrl"]))
    staged = {package["name"]: "gs://" + package["location"].split("/", 1)[1]
              for pool in job["environment"]["workerPools"] for package in pool["packages"]}
    return {"job": job, "options": options, "pipeline": pipeline, "staged": staged}


def top_level_steps(pipeline) -> set:
    return {t.unique_name for t in pipeline.components.transforms.values()
            if "/" not in t.unique_name and not t.unique_name.startswith("ref_")}


def workflow_launch(settings: dict, now: float) -> tuple[dict, dict]:
    """(main's variables, the launch request's arguments) of deploy/workflow.yaml, evaluated with
    `settings` as its environment and `now` as the time (see tests/workflows_subset.py)."""
    import yaml

    from workflows_subset import evaluate, functions, run_steps

    with open(os.path.join(REPO, "deploy", "workflow.yaml"), encoding="utf-8") as stream:
        steps = {name: body for step in yaml.safe_load(stream)["main"]["steps"]
                 for name, body in step.items()}
    library, variables = functions(settings, now), {"args": {}}
    run_steps([{"settings": steps["settings"]}], variables, library)
    return variables, evaluate(steps["launch"]["args"], variables, library)


KILLPOINTS = os.path.join(REPO, "tests", "killpoints")


def schedule_parameters(root: str, now: float, execution: str) -> list[str]:
    """The run parameters deploy/workflow.yaml launches with at `now`, its buckets mapped to the
    folder `root` (drops under ROOT/drops/, the output ROOT/ingest) when `root` is local, or
    gs://ROOT/... when `root` is a bucket name."""
    settings = {"GOOGLE_CLOUD_PROJECT_ID": PROJECT, "GOOGLE_CLOUD_LOCATION": REGION,
                "GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID": execution,
                "TEMPLATE_PATH": "gs://bucket/templates/cable-ingest.json", "IMAGE": IMAGE,
                "DROP_BUCKET": "bucket", "OUTPUT_BUCKET": "bucket",
                "WORKER_SERVICE_ACCOUNT": f"worker@{PROJECT}.iam.gserviceaccount.com",
                "BQ_DATASET": "cables", "BQ_TABLE": "cables"}
    _, launch = workflow_launch(settings, now)
    parameters = launch["body"]["launchParameter"]["parameters"]
    where = root if root.startswith("/") else f"gs://{root}"
    return [f"--{name}={str(value).replace('gs://bucket', where)}"
            for name, value in parameters.items() if name != "sdk_container_image"]


def daily_run(root: str, now: float, execution: str, env: dict, *extra: str,
              kill_at: str | None = None, killed: str | None = None):
    """One scheduled day as the job runs it: deploy/main.py (the template's entry point) with the
    workflow's parameters, on the local runner; with `kill_at`, crashed at that point (see
    tests/killpoints/sitecustomize.py), noting the kill in the file `killed`."""
    if kill_at:
        env = dict(env, PYTHONPATH=os.pathsep.join([KILLPOINTS, env.get("PYTHONPATH", REPO)]),
                   CABLE_INGEST_KILL_AT=kill_at, CABLE_INGEST_KILLED=killed)
    return subprocess.run([sys.executable, FLEX_MAIN, *schedule_parameters(root, now, execution),
                           *extra], env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=TIMEOUT)
