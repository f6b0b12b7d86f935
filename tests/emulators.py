"""Local Google Cloud servers for the tests: Cloud Storage and Pub/Sub emulators on 127.0.0.1.

Both bind a free loopback port, are waited for until they answer, and are torn down after the
test module that uses them (import the fixtures into the module). Clients find them through the
usual variables (STORAGE_EMULATOR_HOST, PUBSUB_EMULATOR_HOST), so the pipeline code under test
is the code that runs on Google Cloud.

    gcs_emulator      gcp-storage-emulator (PyPI), in this process: yields its base URL
    pubsub_emulator   the Pub/Sub emulator (Debian package google-cloud-cli-pubsub-emulator, a
                      Java server), in a subprocess: yields its host:port
"""
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

HOST = "127.0.0.1"
PROJECT = "cable-test"
STARTUP_SECONDS = 60
# Where the Debian package puts the emulator's launcher (gcloud runs the same script).
PUBSUB_LAUNCHERS = (
    "/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator",
    "/usr/share/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator",
)
PUBSUB_MISSING = ("the Pub/Sub emulator is not installed: run scripts/ensure-pubsub-emulator "
                  "(it installs the Debian package google-cloud-cli-pubsub-emulator and Java)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen | None = None) -> None:
    """Poll `url` until it answers (any HTTP status); fail if the server dies or never answers."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"emulator exited with status {process.returncode} before {url} "
                               "answered")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} after {STARTUP_SECONDS} s")


def use_anonymous_gcs_credentials() -> None:
    """Make Beam's GCS client connect anonymously at once.

    Beam looks for Application Default Credentials first and retries that lookup for ~26 s before
    it gives up and connects anonymously. Its cache of the answer is process-wide: filling it
    with "no credentials" makes `gcsio.create_storage_client` use an anonymous client directly,
    which is what an emulator wants.
    """
    from apache_beam.internal.gcp import auth

    auth._Credentials._credentials = None
    auth._Credentials._credentials_init = True


def find_pubsub_launcher() -> str | None:
    for path in PUBSUB_LAUNCHERS:
        if os.access(path, os.X_OK):
            return path
    gcloud = shutil.which("gcloud")
    if gcloud:
        sdk_root = os.path.dirname(os.path.dirname(os.path.realpath(gcloud)))
        path = os.path.join(sdk_root, "platform", "pubsub-emulator", "bin",
                            "cloud-pubsub-emulator")
        if os.access(path, os.X_OK):
            return path
    return None


@pytest.fixture(scope="module")
def gcs_emulator():
    """gcp-storage-emulator on a free port, in memory; STORAGE_EMULATOR_HOST points at it."""
    from gcp_storage_emulator.server import create_server

    port = free_port()
    server = create_server(HOST, port, in_memory=True)
    server.start()
    url = f"http://{HOST}:{port}"
    saved = os.environ.get("STORAGE_EMULATOR_HOST")
    os.environ["STORAGE_EMULATOR_HOST"] = url
    use_anonymous_gcs_credentials()
    try:
        wait_until_up(f"{url}/storage/v1/b")
        yield url
    finally:
        server.stop()
        _restore("STORAGE_EMULATOR_HOST", saved)


@pytest.fixture(scope="module")
def gcs_client(gcs_emulator):
    """A google-cloud-storage client of the emulator."""
    from google.cloud import storage

    return storage.Client.create_anonymous_client()


@pytest.fixture(scope="module")
def pubsub_emulator(tmp_path_factory):
    """The Pub/Sub emulator on a free port; PUBSUB_EMULATOR_HOST points at it."""
    launcher = find_pubsub_launcher()
    if launcher is None:
        pytest.fail(PUBSUB_MISSING)
    port = free_port()
    log_path = tmp_path_factory.mktemp("pubsub") / "emulator.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [launcher, f"--host={HOST}", f"--port={port}"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    host_port = f"{HOST}:{port}"
    saved = os.environ.get("PUBSUB_EMULATOR_HOST")
    os.environ["PUBSUB_EMULATOR_HOST"] = host_port
    try:
        wait_until_up(f"http://{host_port}/", process)
        yield host_port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        _restore("PUBSUB_EMULATOR_HOST", saved)


def _restore(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
