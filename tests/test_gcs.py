"""Batch runs with gs:// input and output, against gcp-storage-emulator started by the tests.

Every batch format (text, HTML, CSV dump, zip and tar archives) is uploaded to a bucket, one run
reads them through Beam's GCS filesystem and writes its Avro files and summary back to the bucket,
and the records are read back from there.
"""
import io
import json
import os
import tarfile
import zipfile

import fastavro
import pytest

from emulators import gcs_client, gcs_emulator  # noqa: F401  fixtures
from pipeline import cli
from transforms import gcs
from transforms.records import Failure

# The bundled samples (real cables, an HTML page, a CSV dump, a broken input) are the inputs.
DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples")
BUCKET = "cable-batch"
SINGLE_FILES = ("06ALMATY2404.txt", "09BRASILIA34.html", "cables-5-rows.csv",
                "broken-not-a-cable.txt")


def _data(name: str) -> bytes:
    with open(os.path.join(DATA, name), "rb") as stream:
        return stream.read()


def _zip_of(*names) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, _data(name))
    return buffer.getvalue()


def _tar_gz_of(*names) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = len(_data(name))
            archive.addfile(info, io.BytesIO(_data(name)))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bucket(gcs_client):  # noqa: F811
    bucket = gcs_client.create_bucket(BUCKET)
    for name in SINGLE_FILES:
        bucket.blob(f"in/{name}").upload_from_string(_data(name))
    bucket.blob("in/drop.zip").upload_from_string(_zip_of("08MUNICH355.txt"))
    bucket.blob("in/drop.tar.gz").upload_from_string(_tar_gz_of("09STATE14070.txt"))
    return bucket


@pytest.fixture(scope="module")
def batch_run(bucket):
    """(exit status, {source uri: [records]}, summary JSON) of one run from gs:// to gs://."""
    status = cli.main(["run", "--input", f"gs://{BUCKET}/in/*", "--output", f"gs://{BUCKET}/out"])
    records = {}
    for blob in bucket.client.list_blobs(BUCKET, prefix="out/"):
        if blob.name.endswith(".avro"):
            for record in fastavro.reader(io.BytesIO(blob.download_as_bytes())):
                records.setdefault(record["source"]["uri"], []).append(record)
    summary = json.loads(bucket.blob("out/_SUMMARY.json").download_as_bytes())
    return status, records, summary


@pytest.mark.parametrize("uri, source_format, expected", [
    ("in/06ALMATY2404.txt", "TEXT", ["06ALMATY2404"]),
    ("in/09BRASILIA34.html", "HTML", ["09BRASILIA34"]),
    ("in/cables-5-rows.csv", "CSV",
     ["75TEHRAN2069", "86MADRID5480", "90CAPETOWN97", "02BRASILIA4227", "03ABUDHABI2641"]),
    ("in/drop.zip!08MUNICH355.txt", "TEXT", ["08MUNICH355"]),
    ("in/drop.tar.gz!09STATE14070.txt", "TEXT", ["09STATE14070"]),
    ("in/broken-not-a-cable.txt", "TEXT", ["not_a_cable"]),
])
def test_every_batch_format_reads_from_and_writes_to_gcs(batch_run, uri, source_format, expected):
    status, records, _ = batch_run
    found = records[f"gs://{BUCKET}/{uri}"]
    assert sorted(r.get("reference_id") or r.get("error_type") for r in found) == sorted(expected)
    assert {r["source"]["format"] for r in found} == {source_format}


def test_the_run_accounts_for_every_input_and_writes_its_summary_to_the_bucket(batch_run, bucket):
    status, records, summary = batch_run
    assert status == cli.EXIT_OK
    assert summary["accounted"] is True
    assert summary["inputs"] == sum(len(found) for found in records.values()) == 10
    assert all(path.startswith(f"gs://{BUCKET}/out/") for path in summary["files"])
    assert bucket.get_blob("out/_SUMMARY.json").content_type == "application/json"


def test_the_report_is_written_to_the_bucket_as_html_and_again_by_report(batch_run, bucket, capsys):
    report = bucket.get_blob("out/_REPORT.html")
    assert report.content_type.startswith("text/html")
    assert b'data-key="inputs">10<' in report.download_as_bytes()
    output = f"gs://{BUCKET}/out"
    assert cli.main(["report", output, "--baseline", output]) == cli.EXIT_OK
    assert b'id="drift"' in bucket.get_blob("out/_REPORT.html").download_as_bytes()


def test_payload_of_a_gcs_dead_letter_is_the_whole_object(batch_run):
    _, records, _ = batch_run
    [dead] = records[f"gs://{BUCKET}/in/broken-not-a-cable.txt"]
    assert dead["payload"] == _data("broken-not-a-cable.txt")


@pytest.mark.parametrize("args, message", [
    (["--input", f"gs://{BUCKET}/in/missing.txt", "--output", f"gs://{BUCKET}/o1"],
     "no files match --input"),
    (["--input", "gs://no-such-bucket/*", "--output", f"gs://{BUCKET}/o2"],
     "bucket gs://no-such-bucket does not exist"),
    (["--input", f"gs://{BUCKET}/in/*.txt", "--output", "gs://no-such-bucket/out"],
     "bucket gs://no-such-bucket does not exist"),
])
def test_missing_bucket_or_object_is_a_clear_error(bucket, capsys, args, message):
    assert cli.main(["run", *args]) == cli.EXIT_USAGE
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("uri, error_type", [
    (f"gs://{BUCKET}/in/gone.txt", "not_found"),
    ("gs://no-such-bucket/x.txt", "not_found"),
])
def test_size_of_a_missing_object_is_a_read_failure(bucket, uri, error_type):
    with pytest.raises(Failure) as failure:
        gcs.object_size(uri)
    assert (failure.value.stage, failure.value.error_type) == ("READ", error_type)


def test_a_notified_object_is_read_whole(bucket):
    uri = f"gs://{BUCKET}/in/09BRASILIA34.html"
    assert gcs.object_size(uri) == len(_data("09BRASILIA34.html"))
    with gcs.open_object(uri) as stream:
        assert stream.read() == _data("09BRASILIA34.html")


@pytest.mark.parametrize("attributes, expected", [
    ({}, None),
    (None, None),
    ({"origin": "x"}, None),
    ({"eventType": "OBJECT_FINALIZE", "bucketId": "b", "objectId": "d/a.txt"},
     gcs.NotifiedObject("OBJECT_FINALIZE", "b", "d/a.txt")),
    ({"eventType": "OBJECT_DELETE", "bucketId": "b", "objectId": "a [1].txt"},
     gcs.NotifiedObject("OBJECT_DELETE", "b", "a [1].txt")),
])
def test_notification_of(attributes, expected):
    assert gcs.notification_of(attributes) == expected


@pytest.mark.parametrize("attributes", [
    {"eventType": "OBJECT_FINALIZE", "bucketId": "b"},
    {"eventType": "OBJECT_FINALIZE", "objectId": "a.txt"},
    {"eventType": "OBJECT_FINALIZE", "bucketId": "", "objectId": "a.txt"},
])
def test_notification_without_bucket_or_object_is_a_read_failure(attributes):
    with pytest.raises(Failure) as failure:
        gcs.notification_of(attributes)
    assert (failure.value.stage, failure.value.error_type) == ("READ", "bad_notification")


@pytest.mark.parametrize("event, is_new", [("OBJECT_FINALIZE", True), ("OBJECT_DELETE", False),
                                           ("OBJECT_METADATA_UPDATE", False),
                                           ("OBJECT_ARCHIVE", False)])
def test_only_finalize_names_a_new_object(event, is_new):
    notified = gcs.NotifiedObject(event, "b", "o")
    assert (notified.is_new_object, notified.uri) == (is_new, "gs://b/o")


def test_missing_bucket_is_none_for_local_paths_and_existing_buckets(bucket):
    assert gcs.missing_bucket("/tmp/out") is None
    assert gcs.missing_bucket(f"gs://{BUCKET}/out") is None
    assert gcs.missing_bucket("gs://no-such-bucket/out") == "no-such-bucket"


@pytest.fixture
def forbidding_storage(tmp_path):
    """A Cloud Storage endpoint on 127.0.0.1 that answers 403 to everything: what a private
    bucket answers a user who is not logged in (or has no access)."""
    import http.server
    import threading

    from emulators import use_anonymous_gcs_credentials

    class Forbidden(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"error": {"code": 403, "message": "anonymous caller does not "
                                         "have storage.buckets.get access"}}).encode()
            self.send_response(403)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forbidden)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    saved = os.environ.get("STORAGE_EMULATOR_HOST")
    os.environ["STORAGE_EMULATOR_HOST"] = f"http://127.0.0.1:{server.server_port}"
    use_anonymous_gcs_credentials()
    try:
        yield
    finally:
        server.shutdown()
        if saved is None:
            os.environ.pop("STORAGE_EMULATOR_HOST", None)
        else:
            os.environ["STORAGE_EMULATOR_HOST"] = saved


def test_a_bucket_it_may_not_read_is_a_clear_error(forbidding_storage, tmp_path, capsys):
    """It was a traceback of the client library (Forbidden: 403 GET ...)."""
    assert cli.main(["run", "--input", "gs://someone-elses/drops/*",
                     "--output", str(tmp_path / "out")]) == cli.EXIT_USAGE
    assert ("--input 'gs://someone-elses/drops/*': cannot check Cloud Storage bucket "
            "gs://someone-elses: 403" in capsys.readouterr().err)


def test_the_reports_show_command_reads_the_dead_letters_from_the_bucket(batch_run, bucket,
                                                                         tmp_path):
    """A run's report names its dead letters with a `cable-ingest show` command. For an output
    on Cloud Storage (a Dataflow run's) that command said 'no such file': `show` read only local
    files. Run as the report gives it, it prints the run's dead letters from the bucket."""
    import re
    import shlex
    import subprocess

    from doors import cable_ingest_command, launch_environment

    page = bucket.get_blob("out/_REPORT.html").download_as_bytes().decode("utf-8")
    found = re.search(r"<code>cable-ingest show ([^<]+)</code>", page)
    assert found, "the report gives no show command"
    argv = shlex.split(found[1].replace("&#x27;", "'"))
    assert argv == [f"gs://{BUCKET}/out/dead_letter/*.avro"] or all(
        path.startswith(f"gs://{BUCKET}/out/dead_letter/") for path in argv)
    done = subprocess.run(cable_ingest_command() + ["show", *argv],
                          env=launch_environment(str(tmp_path)), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    _, records, summary = batch_run
    letters = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(letters) == summary["dead_letters"] == 1
    assert letters[0]["source"]["uri"] == f"gs://{BUCKET}/in/broken-not-a-cable.txt"
    assert letters[0]["payload"] == _data("broken-not-a-cable.txt").decode("utf-8")


def test_parse_reads_objects_and_globs_from_the_bucket(bucket, tmp_path):
    """`cable-ingest parse gs://...` prints the inputs of an object (or of each object a glob
    matches) as the run reads them, named by their uri; a missing object is a clear error."""
    import subprocess

    from doors import cable_ingest_command, launch_environment

    def parse(*uris):
        return subprocess.run(cable_ingest_command() + ["parse", *uris],
                              env=launch_environment(str(tmp_path)), capture_output=True,
                              text=True, timeout=120)

    done = parse(f"gs://{BUCKET}/in/drop.*", f"gs://{BUCKET}/in/06ALMATY2404.txt")
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["source"]["uri"], r.get("reference_id"), r["valid"]) for r in results] == [
        (f"gs://{BUCKET}/in/drop.tar.gz!09STATE14070.txt", "09STATE14070", True),
        (f"gs://{BUCKET}/in/drop.zip!08MUNICH355.txt", "08MUNICH355", True),
        (f"gs://{BUCKET}/in/06ALMATY2404.txt", "06ALMATY2404", True)]
    assert results[2]["source"]["size"] == len(_data("06ALMATY2404.txt"))
    done = parse(f"gs://{BUCKET}/in/gone.txt")
    assert done.returncode == 2 and f"no files match 'gs://{BUCKET}/in/gone.txt'" in done.stderr


def test_a_globstar_in_the_bucket_matches_no_folder_too(bucket, tmp_path):
    """`gs://.../deep/**/*.txt` matches deep/top.txt too, as a shell's globstar does and as a
    local glob does (Beam's `**/` needs a folder at least), each object once."""
    import subprocess

    from doors import cable_ingest_command, launch_environment
    from transforms.read import match_pattern

    for name, sample in (("top.txt", "06ALMATY2404.txt"), ("a/one.txt", "08MUNICH355.txt"),
                         ("a/b/two.txt", "09STATE14070.txt")):
        bucket.blob(f"deep/{name}").upload_from_string(_data(sample))
    done = subprocess.run(cable_ingest_command() + ["parse", f"gs://{BUCKET}/deep/**/*.txt",
                                                    f"gs://{BUCKET}/deep/*.txt"],
                          env=launch_environment(str(tmp_path)), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["source"]["uri"] for line in done.stdout.splitlines()] == [
        f"gs://{BUCKET}/deep/{name}" for name in ("a/b/two.txt", "a/one.txt", "top.txt")]
    assert len(match_pattern(f"gs://{BUCKET}/deep/**/*.txt", limit=2)) == 2
    assert [m.path for m in match_pattern(f"gs://{BUCKET}/deep/**/top.txt")] == [
        f"gs://{BUCKET}/deep/top.txt"]


def test_an_incremental_run_over_an_empty_drop_folder_in_the_bucket_has_nothing_new(bucket, capsys):
    """A drop folder made in the console ("Create folder": an object `drop/`) with nothing in it
    today: a scheduled run has nothing new (exit 0), the folder's marker read as no input; a
    prefix holding no object at all is no folder, a usage error naming it."""
    from pipeline import cli

    bucket.blob("empty-drop/").upload_from_string(b"")
    output = f"gs://{BUCKET}/scheduled"
    assert cli.main(["run", "--incremental", "--input", f"gs://{BUCKET}/empty-drop/*",
                     "--output", output]) == 0
    summary = json.loads(bucket.blob("scheduled/_SUMMARY.json").download_as_bytes())
    assert summary["nothing_new"] is True and summary["inputs"] == 0
    capsys.readouterr()
    assert cli.main(["run", "--incremental", "--input", f"gs://{BUCKET}/no-drop/*",
                     "--output", output]) == 2
    assert f"(no folder 'gs://{BUCKET}/no-drop')" in capsys.readouterr().err


def test_a_run_stopped_before_it_published_leaves_no_staged_objects(bucket, monkeypatch, capsys):
    """A local run into a bucket, stopped (Ctrl-C, SIGTERM) before it published: its output as
    it was, as on a local disk. The bucket kept the run's staged files (records, dead letters,
    the de-duplication's spill) until a later run found them stale: the stopped run deleted its
    staging folder's own path, which in an object store names no object."""
    from pipeline import cli
    from transforms import publish

    def stopped_as_it_publishes(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(publish.PublishRunFn, "publish_records", stopped_as_it_publishes)
    assert cli.main(["run", "--input", f"gs://{BUCKET}/in/06ALMATY2404.txt",
                     "--output", f"gs://{BUCKET}/stopped"]) == 130
    assert "interrupted (Ctrl-C)" in capsys.readouterr().err
    assert [blob.name for blob in bucket.client.list_blobs(BUCKET, prefix="stopped/")] == []


def test_an_incremental_run_says_which_objects_of_earlier_runs_are_gone_from_the_bucket(bucket,
                                                                                        capsys):
    """The check of the earlier runs' record files, through the emulator: one listing of the
    output's objects, the kept summaries read from the bucket. A cable object deleted (the
    console's Delete) and a dead-letter object overwritten with other bytes are named; the run
    ingests its day and exits 0."""
    from pipeline import cli

    output, drop = f"gs://{BUCKET}/watched", f"gs://{BUCKET}/watched-drop"
    for name in ("06ALMATY2404.txt", "broken-not-a-cable.txt"):
        bucket.blob(f"watched-drop/{name}").upload_from_string(_data(name))
    run = ["run", "--incremental", "--input", f"{drop}/*", "--output", output]
    assert cli.main(run) == 0
    first = json.loads(bucket.blob("watched/_SUMMARY.json").download_as_bytes())
    assert first["missing"] == 0 and set(first["file_bytes"]) == set(first["files"])
    (cable_file,) = first["cable_files"]
    (dead_letter_file,) = [path for path in first["files"] if "/dead_letter/" in path]
    bucket.blob(cable_file.split(f"gs://{BUCKET}/", 1)[1]).delete()
    bucket.blob(dead_letter_file.split(f"gs://{BUCKET}/", 1)[1]).upload_from_string(b"edited")
    bucket.blob("watched-drop/08MUNICH355.txt").upload_from_string(_data("08MUNICH355.txt"))
    capsys.readouterr()

    assert cli.main(run) == 0
    second = json.loads(bucket.blob("watched/_SUMMARY.json").download_as_bytes())
    assert second["missing_files"] == [cable_file] and second["cables"] == 1
    assert [each["path"] for each in second["changed_files"]] == [dead_letter_file]
    assert second["changed_files"][0]["bytes"] == len(b"edited")
    assert second["new_input_files"] == [f"{drop}/08MUNICH355.txt"]
    err = capsys.readouterr().err
    assert f"missing from the output (deleted?): {cable_file};" in err
    report = bucket.blob("watched/_REPORT.html").download_as_bytes().decode()
    assert '<div class="verdict warned" id="verdict">' in report
