"""The streaming pipeline against the Pub/Sub and Cloud Storage emulators.

One run, bounded in time: raw cables and Cloud Storage notifications are published, the pipeline
(BundleBasedDirectRunner, in this process) reads them, and the windowed Avro files it writes are
checked: every message became the expected cables or exactly one dead letter. Then copies are
published (the same cable again in a new message, a notified copy under a new name): each is one
`duplicate` dead letter. Then the subscription is sought back to before the first message, so
Pub/Sub delivers every message again with its own id: nothing more is written.
"""
import bz2
import collections
import contextlib
import datetime
import glob
import gzip
import os
import re
import signal
import subprocess
import threading
import time

import fastavro
import pytest

from conftest import read_avro_dir
from emulators import PROJECT, gcs_client, gcs_emulator, pubsub_emulator  # noqa: F401  fixtures

# The bundled samples (real cables, an HTML page, a CSV dump, a broken input) are the inputs.
DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples")
BUCKET = "cable-drops"
TOPIC, SUBSCRIPTION = "cables", "cable-ingest"
WINDOW_SECONDS = 2
MAX_INPUT_BYTES = 60_000  # above every test file (the HTML page is 55 KB)
CSV_RANGE_BYTES = 10_000  # the 38 KB CSV dump is read in four ranges
RUN_SECONDS = 180  # upper bound; the run stops as soon as every expected record is written
# (60 s was too short on a slow machine: the CLI run, started as a subprocess, outlived it once)
# A window that cannot close while a test runs, for the tests that stop a run while its window is
# still open (or run twice into one window): [1970, 2286). Records are windowed by publish time
# and the local runner moves the watermark to "now" after each pull, so a window of 300 s (or a
# day) closes at the next multiple of it in UTC; when that came between the test's publishing
# and its stopping the run (a few seconds of 300, 20-25 s on a loaded machine), the window fired
# on its own: its file named before the test saw it unnamed ("1 records not read" after
# RUN_SECONDS), or before the folder was moved away (nothing left to fail).
OPEN_WINDOW_SECONDS = 10**10


def _data(name: str) -> bytes:
    with open(os.path.join(DATA, name), "rb") as stream:
        return stream.read()


def _finalize(obj: str, bucket: str = BUCKET, event: str = "OBJECT_FINALIZE") -> dict:
    return {"eventType": event, "bucketId": bucket, "objectId": obj, "objectGeneration": "1"}


# (label, data, attributes, expected: list of (kind, format, stage or error_type)).
MESSAGES = [
    ("raw cable", _data("08MUNICH355.txt"), {}, [("cable", "PUBSUB", "08MUNICH355")]),
    ("raw non-cable", _data("broken-not-a-cable.txt"), {"origin": "test"},
     [("dead", "PUBSUB", "not_a_cable")]),
    ("notified text", b"{}", _finalize("drop/06ALMATY2404.txt"),
     [("cable", "TEXT", "06ALMATY2404")]),
    ("notified html", b"{}", _finalize("drop/09BRASILIA34.html"),
     [("cable", "HTML", "09BRASILIA34")]),
    ("notified csv", b"{}", _finalize("drop/cables-5-rows.csv"),
     [("cable", "CSV", ref) for ref in ("75TEHRAN2069", "86MADRID5480", "90CAPETOWN97",
                                         "02BRASILIA4227", "03ABUDHABI2641")]),
    ("missing object", b"{}", _finalize("drop/gone.txt"), [("dead", "TEXT", "not_found")]),
    ("missing bucket", b"{}", _finalize("x.txt", bucket="no-such-bucket"),
     [("dead", "TEXT", "not_found")]),
    ("notification without object", b"{}",
     {"eventType": "OBJECT_FINALIZE", "bucketId": BUCKET},
     [("dead", "PUBSUB", "bad_notification")]),
    ("raw too large", b"x" * (MAX_INPUT_BYTES + 1), {}, [("dead", "PUBSUB", "too_large")]),
    ("deletion", b"{}", _finalize("drop/old.txt", event="OBJECT_DELETE"), []),
]
# The DirectRunner moves the Pub/Sub watermark to "now" after each pull, and a pull with nothing
# to read waits up to 30 s: a message every half second keeps windows closing promptly. A
# deletion notification is the one message that yields no record.
TICK = _finalize("drop/tick.txt", event="OBJECT_DELETE")
UPLOADS = ("06ALMATY2404.txt", "09BRASILIA34.html", "cables-5-rows.csv")
# Published once the messages above are written: (label, data, attributes, label of the original).
COPIES = [
    ("re-sent raw cable", _data("08MUNICH355.txt"), {}, "raw cable"),
    ("notified copy", b"{}", _finalize("drop/again/06ALMATY2404.txt"), "notified text"),
]
# Published after the subscription is sought back: once it is written, the redeliveries before
# it have been read too.
SENTINEL = ("raw cable after the replay", _data("09STATE14070.txt"), {})
DEDUPE_HORIZON_SECONDS = 600


@pytest.fixture(scope="module")
def drop_bucket(gcs_client):  # noqa: F811
    bucket = gcs_client.bucket(BUCKET)
    if not bucket.exists():
        bucket = gcs_client.create_bucket(BUCKET)
    for name in UPLOADS:
        bucket.blob(f"drop/{name}").upload_from_filename(os.path.join(DATA, name))
    bucket.blob("drop/again/06ALMATY2404.txt").upload_from_filename(
        os.path.join(DATA, "06ALMATY2404.txt"))
    return bucket


@pytest.fixture(scope="module")
def subscription(pubsub_emulator):  # noqa: F811
    from google.cloud import pubsub_v1

    publisher = pubsub_v1.PublisherClient()
    subscriber = pubsub_v1.SubscriberClient()
    topic_path = publisher.topic_path(PROJECT, TOPIC)
    subscription_path = subscriber.subscription_path(PROJECT, SUBSCRIPTION)
    publisher.create_topic(name=topic_path)
    # Acknowledged messages are kept, so seeking back delivers them again.
    subscriber.create_subscription(request={"name": subscription_path, "topic": topic_path,
                                            "retain_acked_messages": True})
    yield publisher, topic_path, subscription_path, subscriber
    subscriber.close()


@pytest.fixture(scope="module")
def streamed(drop_bucket, subscription, tmp_path_factory):
    """Publish MESSAGES, then COPIES, then seek back and publish the SENTINEL, the streaming
    pipeline running until all is written; (output, message ids by label, summary)."""
    from google.protobuf import timestamp_pb2

    from pipeline import graph, streaming

    publisher, topic_path, subscription_path, subscriber = subscription
    before = timestamp_pb2.Timestamp()
    before.FromDatetime(datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5))
    output = str(tmp_path_factory.mktemp("streaming") / "out")
    options = graph.make_options([
        "--streaming", f"--input_subscription={subscription_path}", f"--output={output}",
        f"--window_seconds={WINDOW_SECONDS}", f"--project={PROJECT}",
        f"--max_input_bytes={MAX_INPUT_BYTES}", f"--csv_range_bytes={CSV_RANGE_BYTES}",
        f"--dedupe_horizon_seconds={DEDUPE_HORIZON_SECONDS}"])
    started = time.monotonic()
    message_ids = {}  # published first: the subscription keeps them for the pipeline's first pull
    for label, data, attributes, _ in MESSAGES:
        message_ids[label] = publisher.publish(topic_path, data, **attributes).result(timeout=30)
    result = streaming.start_streaming(options)
    expected = sum(len(outcomes) for *_, outcomes in MESSAGES)
    tick = lambda: publisher.publish(topic_path, b"{}", **TICK)  # noqa: E731
    try:
        _wait_for_records(output, expected, tick)
        for label, data, attributes, _ in COPIES:
            message_ids[label] = publisher.publish(topic_path, data, **attributes).result(timeout=30)
        _wait_for_records(output, expected + len(COPIES), tick)
        subscriber.seek(request={"subscription": subscription_path, "time": before})
        label, data, attributes = SENTINEL
        message_ids[label] = publisher.publish(topic_path, data, **attributes).result(timeout=30)
        _wait_for_records(output, expected + len(COPIES) + 1, tick)
    finally:
        _cancel(result, tick)
    summary = streaming.finish_streaming(result, options, time.monotonic() - started)
    return output, message_ids, summary


def _wait_for_records(output: str, expected: int, tick) -> None:
    deadline = time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        cables, dead = _records(output)
        if len(cables) + len(dead) >= expected:
            time.sleep(WINDOW_SECONDS)  # let a stray extra record show up, if there is one
            return
        tick()
        time.sleep(0.5)


def _cancel(result, tick) -> None:
    """Stop the run. The DirectRunner waits for its pending pull first: keep it answered."""
    with _ticking(tick):
        result.cancel()


@contextlib.contextmanager
def _ticking(tick):
    """Publish a tick every half second while the block runs."""
    stop = threading.Event()
    ticker = threading.Thread(target=_tick_until, args=(stop, tick))
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()


def _tick_until(stop: threading.Event, tick) -> None:
    while not stop.wait(0.5):
        tick()


def _records(output: str):
    return (read_avro_dir(os.path.join(output, "cables")),
            read_avro_dir(os.path.join(output, "dead_letter")))


def _outcomes(output: str, uri: str) -> list:
    cables, dead = _records(output)
    found = [("cable", c["source"]["format"], c["reference_id"]) for c in cables
             if c["source"]["uri"] == uri]
    found += [("dead", d["source"]["format"], d["error_type"]) for d in dead
              if d["source"]["uri"] == uri]
    return sorted(found)


def _uri_of(label, attributes, message_ids) -> str:
    if "objectId" in attributes:
        return f"gs://{attributes['bucketId']}/{attributes['objectId']}"
    return f"pubsub://{SUBSCRIPTION}/{message_ids[label]}"


@pytest.mark.parametrize("label, data, attributes, expected", MESSAGES,
                         ids=[m[0] for m in MESSAGES])
def test_every_message_becomes_its_cables_or_one_dead_letter(streamed, label, data, attributes,
                                                             expected):
    output, message_ids, _ = streamed
    assert _outcomes(output, _uri_of(label, attributes, message_ids)) == sorted(expected)


@pytest.mark.parametrize("label, data, attributes, original", COPIES, ids=[c[0] for c in COPIES])
def test_a_resent_copy_is_one_duplicate_dead_letter_naming_the_kept_record(
        streamed, label, data, attributes, original):
    output, message_ids, _ = streamed
    _, dead = _records(output)
    kept = _uri_of(original, dict(next(m[2] for m in MESSAGES if m[0] == original)), message_ids)
    [copy] = [d for d in dead if d["source"]["uri"] == _uri_of(label, attributes, message_ids)]
    assert (copy["stage"], copy["error_type"]) == ("VALIDATE", "duplicate")
    assert kept in copy["error_message"]
    assert copy["payload"] == (data if "objectId" not in attributes else _data("06ALMATY2404.txt"))


def test_the_message_after_the_replay_is_written(streamed):
    output, message_ids, _ = streamed
    label, data, attributes = SENTINEL
    assert _outcomes(output, _uri_of(label, attributes, message_ids)) == [
        ("cable", "PUBSUB", "09STATE14070")]


def test_nothing_else_is_written(streamed):
    """Every message once, its redelivery after the seek included, each copy one dead letter."""
    output, _, summary = streamed
    cables, dead = _records(output)
    expected = collections.Counter(kind for *_, outcomes in MESSAGES for kind, _, _ in outcomes)
    expected.update({"dead": len(COPIES), "cable": 1})  # the copies and the sentinel
    assert (len(cables), len(dead)) == (expected["cable"], expected["dead"])
    assert (summary.cables, summary.dead_letters) == (expected["cable"], expected["dead"])
    assert summary.accounted


def test_dead_letters_keep_the_raw_message_whole(streamed):
    output, message_ids, _ = streamed
    _, dead = _records(output)
    raw = [d for d in dead if d["source"]["uri"] == f"pubsub://{SUBSCRIPTION}/"
           f"{message_ids['raw non-cable']}"]
    assert [d["payload"] for d in raw] == [_data("broken-not-a-cable.txt")]
    assert raw[0]["stage"] == "PARSE"


def test_raw_cable_source_is_the_message(streamed):
    output, message_ids, _ = streamed
    cables, _ = _records(output)
    uri = f"pubsub://{SUBSCRIPTION}/{message_ids['raw cable']}"
    [cable] = [c for c in cables if c["source"]["uri"] == uri]
    assert cable["source"]["size"] == len(_data("08MUNICH355.txt"))
    assert cable["source"]["row"] is None


WINDOW_FILE = re.compile(r"""
    (?P<prefix>cables|dead_letters)
    -(?P<start>\d{8}T\d{6}Z)-(?P<end>\d{8}T\d{6}Z)   # the window, as plain UTC timestamps
    -pane\d+(-run-(?P<run>[A-Za-z0-9_.-]+))?           # the firing, the run (if it has an id)
    -\d{5}-of-\d{5}\.avro$                              # the shard
    """, re.VERBOSE)


@pytest.mark.parametrize("kind, prefix", [("cables", "cables"), ("dead_letter", "dead_letters")])
def test_window_files_are_named_by_plain_timestamps(streamed, kind, prefix):
    from datetime import datetime

    output, _, summary = streamed
    names = [os.path.basename(p) for p in glob.glob(os.path.join(output, kind, "*.avro"))]
    assert names
    for name in names:
        assert not set("[](), *?") & set(name), name
        match = WINDOW_FILE.match(name)
        assert match and match["prefix"] == prefix and match["run"] == summary.run_id, name
        start, end = (datetime.strptime(match[key], "%Y%m%dT%H%M%SZ") for key in ("start", "end"))
        assert (end - start).total_seconds() == WINDOW_SECONDS


@pytest.mark.parametrize("start, end, pane_index, shard, total, run_id, expected", [
    (0, 300, 0, 0, 1, "", "cables-19700101T000000Z-19700101T000500Z-pane0-00000-of-00001.avro"),
    (1704164400, 1704164700, 2, 3, 4, "20240102T025959Z-a1b2c3",
     "cables-20240102T030000Z-20240102T030500Z-pane2-run-20240102T025959Z-a1b2c3-00003-of-00004"
     ".avro"),
    (None, None, 0, 0, 1, "", "cables-global-pane0-00000-of-00001.avro"),
])
def test_window_file_name(start, end, pane_index, shard, total, run_id, expected):
    from apache_beam.transforms.window import GlobalWindow, IntervalWindow

    from transforms.write import window_file_name

    window = GlobalWindow() if start is None else IntervalWindow(start, end)
    assert window_file_name("cables", window, pane_index, shard, total, run_id) == expected


def test_cli_streams_until_ctrl_c_then_writes_its_summary(pubsub_emulator, tmp_path):  # noqa: F811
    """`cable-ingest run --streaming` as a user runs it: a subprocess, stopped by SIGINT."""
    import json
    import sys

    publisher, topic, subscription = _new_subscription("cli-cables", "cli-ingest")
    publisher.publish(topic, _data("06ALMATY2404.txt")).result(timeout=30)
    output = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", "--streaming", f"--output={output}",
               f"--input_subscription={subscription}", f"--window_seconds={WINDOW_SECONDS}"]
    # Its output goes to files, not pipes: a pipe nobody reads while the run waits would stop
    # the run once its buffer is full. On a hang, SIGABRT makes faulthandler print every thread.
    stdout_path, stderr_path = tmp_path / "stdout", tmp_path / "stderr"
    with open(stdout_path, "wb") as stdout, open(stderr_path, "wb") as stderr:
        run = subprocess.Popen(command, stdout=stdout, stderr=stderr, env={
            **os.environ, "PUBSUB_EMULATOR_HOST": pubsub_emulator, "PYTHONFAULTHANDLER": "1"})
    tick = lambda: publisher.publish(topic, b"{}", **TICK)  # noqa: E731
    try:
        _wait_for_records(str(output), 1, tick)
        assert _records(str(output))[0], "no cable written; stderr: " + stderr_path.read_text()
        _stop(run, signal.SIGINT, tick, stderr_path)  # Ctrl-C
    finally:
        run.kill()
    assert run.returncode == 0, stderr_path.read_text()[-2000:]
    assert "(inputs = cables + dead letters)" in stdout_path.read_text()
    written = json.loads((output / "_SUMMARY.json").read_text())
    assert (written["cables"], written["dead_letters"], written["status"]) == (1, 0, "stopped")
    # its times as a batch run's: `""` broke a TIMESTAMP column the summaries were loaded into
    from datetime import datetime, timedelta, timezone
    started, finished = (datetime.fromisoformat(written[key])
                         for key in ("started_at", "finished_at"))
    assert started < finished <= datetime.now(timezone.utc)
    assert finished - started < timedelta(seconds=300)


def test_a_copy_after_the_horizon_is_written_again(pubsub_emulator, tmp_path):  # noqa: F811
    """With a 20 s horizon: a copy at once is a duplicate, a copy 21 s later is a cable again.

    The horizon runs from the first copy's processing: it leaves room for a loaded machine
    between that and the second copy's processing (4 s was seen to be too short)."""
    from pipeline import graph, streaming

    horizon = 20
    publisher, topic, subscription = _new_subscription("horizon-cables", "horizon-ingest")
    output = str(tmp_path / "out")
    options = graph.make_options([
        "--streaming", f"--input_subscription={subscription}", f"--output={output}",
        f"--window_seconds={WINDOW_SECONDS}", f"--project={PROJECT}",
        f"--dedupe_horizon_seconds={horizon}"])
    cable = _data("08MUNICH355.txt")
    ids = [publisher.publish(topic, cable).result(timeout=30)]
    result = streaming.start_streaming(options)
    tick = lambda: publisher.publish(topic, b"{}", **TICK)  # noqa: E731
    try:
        _wait_for_records(output, 1, tick)
        ids.append(publisher.publish(topic, cable).result(timeout=30))
        _wait_for_records(output, 2, tick)
        time.sleep(horizon + 1)
        ids.append(publisher.publish(topic, cable).result(timeout=30))
        _wait_for_records(output, 3, tick)
    finally:
        _cancel(result, tick)
    cables, dead = _records(output)
    outcomes = {r["source"]["uri"]: r.get("error_type", "cable") for r in cables + dead}
    assert outcomes == {f"pubsub://horizon-ingest/{ids[0]}": "cable",
                        f"pubsub://horizon-ingest/{ids[1]}": "duplicate",
                        f"pubsub://horizon-ingest/{ids[2]}": "cable"}


def write_on_time_then_late(folder, late_watermark: int, late_name: str) -> list[str]:
    """Two dead letters of publish time 1 s through WriteWindowedAvro (TestStream): "on-time",
    then, with the watermark moved to `late_watermark`, `late_name`, behind it. The names
    written, sorted."""
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.testing.test_stream import TestStream
    from apache_beam.transforms.window import TimestampedValue

    from pipeline.streaming import LOCAL_STREAMING_RUNNER
    from transforms.records import PUBSUB, VALIDATE, Failure, RawInput, dead_letter
    from transforms.write import WriteWindowedAvro

    def letter(name):
        raw = RawInput(f"pubsub://{SUBSCRIPTION}/{name}", PUBSUB, name.encode())
        return TimestampedValue(dead_letter(raw, Failure(VALIDATE, "duplicate", name)), 1)

    stream = (TestStream()
              .add_elements([letter("on-time")])
              .advance_watermark_to(late_watermark)
              .add_elements([letter(late_name)])
              .advance_watermark_to_infinity())
    options = PipelineOptions([], streaming=True, runner=LOCAL_STREAMING_RUNNER)
    with beam.Pipeline(options=options) as pipeline:
        (pipeline | stream
         | WriteWindowedAvro(str(folder), "dead_letters", "dead_letter", WINDOW_SECONDS, "null"))
    return sorted(record["source"]["uri"].rsplit("/", 1)[-1]
                  for record in read_avro_dir(str(folder)))


def test_a_late_firing_of_a_window_adds_a_file_and_replaces_none(tmp_path):
    """A window fires again for a record that comes after it closed (a re-sent copy on a loaded
    machine): the second firing's file must sit beside the first one, not replace it."""
    # the window [0, 2) fires (pane 0), then "late" is behind the watermark: a late pane of it
    assert write_on_time_then_late(tmp_path, WINDOW_SECONDS + 1, "late") == ["late", "on-time"]
    names = sorted(os.path.basename(path) for path in glob.glob(str(tmp_path / "*.avro")))
    assert [WINDOW_FILE.match(name)["start"] for name in names] == ["19700101T000000Z"] * 2


def test_a_window_file_that_fails_to_write_leaves_no_temporary_file(tmp_path):
    """A record the schema refuses stops the write: the firing fails (and would be retried),
    and its half-written temporary file is removed, not left beside the window's files."""
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.transforms.window import TimestampedValue

    from transforms.write import WriteWindowedAvro

    with pytest.raises(Exception, match="reference_id|required|no value"):
        with beam.Pipeline(options=PipelineOptions([])) as pipeline:
            (pipeline | beam.Create([TimestampedValue({"subject": "no id"}, 1)])
             | WriteWindowedAvro(str(tmp_path), "cables", "cable", WINDOW_SECONDS, "null"))
    assert os.listdir(tmp_path) == []


def test_every_file_of_the_run_was_named(streamed):
    """Each bundle's temporary file was renamed to its window's name once its firing came."""
    output, _, _ = streamed
    leftovers = [name for kind in ("cables", "dead_letter")
                 for name in os.listdir(os.path.join(output, kind)) if not name.endswith(".avro")]
    assert leftovers == []


def _new_subscription(topic_name: str, subscription_name: str = ""):
    """A topic of the emulator and a subscription to it (the topic's name by default), made
    unless they are there already: (publisher, topic path, subscription path)."""
    from google.api_core.exceptions import AlreadyExists
    from google.cloud import pubsub_v1

    publisher, subscriber = pubsub_v1.PublisherClient(), pubsub_v1.SubscriberClient()
    topic = publisher.topic_path(PROJECT, topic_name)
    subscription = subscriber.subscription_path(PROJECT, subscription_name or topic_name)
    try:
        publisher.create_topic(name=topic)
        subscriber.create_subscription(name=subscription, topic=topic)
    except AlreadyExists:
        pass
    return publisher, topic, subscription


def _stop(run, number: int, tick, stderr_path) -> None:
    """Send signal `number` to the CLI run and wait for it to end, its pending pull answered by
    ticks (the runner stops after it). A run still there after RUN_SECONDS fails the test, after
    SIGABRT has made faulthandler print its threads into its stderr, quoted."""
    run.send_signal(number)
    try:
        with _ticking(tick):
            run.wait(timeout=RUN_SECONDS)
    except subprocess.TimeoutExpired:
        run.send_signal(signal.SIGABRT)
        run.wait(timeout=30)
        pytest.fail(f"the run did not stop after {signal.Signals(number).name}; stderr: "
                    + stderr_path.read_text()[-8000:])


def _start_cli(pubsub_emulator, tmp_path, subscription, *options, output=None,  # noqa: F811
               background_job=False):
    """`cable-ingest run --streaming` as a user starts it: the installed command, a subprocess
    (output to files: a pipe nobody reads would stop it once full), `background_job` as a
    script's `cable-ingest ... &`. (process, output, stderr)"""

    from doors import as_background_job, cable_ingest_command

    output = tmp_path / "out" if output is None else output
    stderr_path = tmp_path / "stderr"
    command = cable_ingest_command() + [
        "run", "--streaming", f"--output={output}", f"--input_subscription={subscription}",
        *options]
    if background_job:
        command = as_background_job(command)
    with open(tmp_path / "stdout", "wb") as stdout, open(stderr_path, "wb") as stderr:
        run = subprocess.Popen(command, stdout=stdout, stderr=stderr, env={
            **os.environ, "PUBSUB_EMULATOR_HOST": pubsub_emulator, "PYTHONFAULTHANDLER": "1"})
    return run, output, stderr_path


def _wait_for_bundle_records(output, expected: int, run, stderr_path, tick) -> None:
    """Until `expected` records are in the temporary bundle files of open windows; the runner's
    pending pull answered by ticks meanwhile (without them, a loaded machine saw nothing read in
    RUN_SECONDS, its messages published before the run started)."""
    deadline = time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        assert run.poll() is None, stderr_path.read_text()[-4000:]
        tick()
        found = 0
        for path in glob.glob(str(output / "*" / ".*.tmp")):
            with contextlib.suppress(Exception):  # still being written
                with open(path, "rb") as stream:
                    found += sum(1 for _ in fastavro.reader(stream))
        if found >= expected:
            return
        time.sleep(0.5)
    pytest.fail(f"{expected} records not read; stderr: " + stderr_path.read_text()[-4000:])


def _hidden_files(output) -> list[str]:
    """The temporary files of bundles whose window has not fired yet (not yet named)."""
    return [name for kind in ("cables", "dead_letter") if os.path.isdir(output / kind)
            for name in os.listdir(output / kind) if not name.endswith(".avro")]


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_stopping_the_cli_writes_what_it_read_in_the_open_window(pubsub_emulator, tmp_path,
                                                                 stop):  # noqa: F811
    """Ctrl-C or SIGTERM (systemd, `docker stop`) while a window is open (the default window is
    five minutes): the local runner acknowledged the messages when it pulled them, so Pub/Sub
    will not deliver them again; their cables and dead letters must be written before the run
    ends, and its summary must count them."""
    import json

    publisher, topic, subscription = _new_subscription(f"stop-{stop.lower()}")
    sent = {name: publisher.publish(topic, _data(name)).result(timeout=30)
            for name in ("08MUNICH355.txt", "06ALMATY2404.txt", "broken-not-a-cable.txt")}
    run, output, stderr_path = _start_cli(pubsub_emulator, tmp_path, subscription,
                                          f"--window_seconds={OPEN_WINDOW_SECONDS}")
    tick = lambda: publisher.publish(topic, b"{}", **TICK)  # noqa: E731
    try:
        deadline = time.monotonic() + RUN_SECONDS
        while len(_hidden_files(output)) < 2 and time.monotonic() < deadline:
            assert run.poll() is None, stderr_path.read_text()[-4000:]
            tick()      # (its pending pull answered: see _wait_for_bundle_records)
            time.sleep(0.5)
        assert len(_hidden_files(output)) >= 2, "nothing read: " + stderr_path.read_text()
        _stop(run, getattr(signal, stop), tick, stderr_path)
    finally:
        run.kill()
    assert run.returncode == 0, stderr_path.read_text()[-4000:]
    cables, dead = _records(str(output))
    by_message = {f"pubsub://{subscription.rsplit('/', 1)[-1]}/{message_id}": name
                  for name, message_id in sent.items()}
    assert sorted((by_message[c["source"]["uri"]], c["reference_id"]) for c in cables) == [
        ("06ALMATY2404.txt", "06ALMATY2404"), ("08MUNICH355.txt", "08MUNICH355")]
    assert [(by_message[d["source"]["uri"]], d["error_type"], d["payload"]) for d in dead] == [
        ("broken-not-a-cable.txt", "not_a_cable", _data("broken-not-a-cable.txt"))]
    assert _hidden_files(output) == []
    # Keyed state has deterministic key coders: Beam does not warn they "may not be".
    assert "may not be deterministic" not in stderr_path.read_text()
    written = json.loads((output / "_SUMMARY.json").read_text())
    assert (written["inputs"], written["cables"], written["dead_letters"], written["status"]) == (
        3, 2, 1, "stopped")


def test_a_run_started_as_a_background_job_is_stopped_by_sigterm_not_ctrl_c(
        pubsub_emulator, tmp_path):  # noqa: F811
    """`cable-ingest run --streaming ... &` in a script starts with SIGINT ignored, so that the
    Ctrl-C meant for the script leaves it running: it keeps it ignored, as any command does.
    SIGTERM (`kill`) stops it, and it writes what it read."""
    import json

    publisher, topic, subscription = _new_subscription("background")
    publisher.publish(topic, _data("08MUNICH355.txt")).result(timeout=30)
    run, output, stderr_path = _start_cli(pubsub_emulator, tmp_path, subscription,
                                          f"--window_seconds={OPEN_WINDOW_SECONDS}",
                                          background_job=True)
    tick = lambda: publisher.publish(topic, b"{}", **TICK)  # noqa: E731
    try:
        _wait_for_bundle_records(output, 1, run, stderr_path, tick)
        run.send_signal(signal.SIGINT)
        with _ticking(tick):  # its pulls answered: nothing holds it but the run itself
            time.sleep(3)
        assert run.poll() is None, stderr_path.read_text()[-4000:]
        assert "stopping" not in stderr_path.read_text()
        _stop(run, signal.SIGTERM, tick, stderr_path)
    finally:
        run.kill()
    assert run.returncode == 0, stderr_path.read_text()[-4000:]
    assert [c["reference_id"] for c in _records(str(output))[0]] == ["08MUNICH355"]
    written = json.loads((output / "_SUMMARY.json").read_text())
    assert (written["inputs"], written["cables"], written["status"]) == (1, 1, "stopped")


def _stream_messages_through_cli(pubsub_emulator, tmp_path, name, messages, expected,  # noqa: F811
                                 *options, output=None, window_seconds=WINDOW_SECONDS):
    """Publish `messages` ((data, attributes) pairs) to topic `name` (made on first use), run
    `cable-ingest run --streaming` on it until `expected` records are written (with a window
    longer than a minute: until they are in the bundle files of the open window), stop it with
    Ctrl-C. (message ids, cables, dead letters, the run's _SUMMARY.json)."""
    import json

    publisher, topic, subscription = _new_subscription(name)  # (made on first use)
    ids = [publisher.publish(topic, data, **attributes).result(timeout=30)
           for data, attributes in messages]
    run, output, stderr_path = _start_cli(pubsub_emulator, tmp_path, subscription,
                                          f"--window_seconds={window_seconds}", *options,
                                          output=output)
    tick = lambda: publisher.publish(topic, b"{}", **TICK)  # noqa: E731
    try:
        if window_seconds > 60:
            _wait_for_bundle_records(output, expected, run, stderr_path, tick)
        else:
            _wait_for_records(str(output), expected, tick)
        _stop(run, signal.SIGINT, tick, stderr_path)  # Ctrl-C
    finally:
        run.kill()
    assert run.returncode == 0, stderr_path.read_text()[-4000:]
    cables, dead = _records(str(output))
    return ids, cables, dead, json.loads((output / "_SUMMARY.json").read_text())


def test_a_message_over_the_size_cap_is_a_dead_letter_that_keeps_the_message(
        pubsub_emulator, tmp_path):  # noqa: F811
    """A file over --max_input_bytes stays at its uri, so its dead letter need not copy it; a
    message does not: once acknowledged, `pubsub://SUBSCRIPTION/ID` names nothing that can be
    read again. Its dead letter must carry it whole (Pub/Sub caps a message at 10 MB)."""
    cable = _data("08MUNICH355.txt")
    ids, cables, dead, summary = _stream_messages_through_cli(
        pubsub_emulator, tmp_path, "too-large", [(cable, {})], 1,
        f"--max_input_bytes={len(cable) - 1}")
    assert cables == []
    [letter] = dead
    assert letter["source"]["uri"] == f"pubsub://too-large/{ids[0]}"
    assert (letter["stage"], letter["error_type"]) == ("READ", "too_large")
    assert letter["payload"] == cable
    assert (letter["source"]["size"], letter["source"]["format"]) == (len(cable), "PUBSUB")
    assert (summary["inputs"], summary["dead_letters"], summary["accounted"]) == (1, 1, True)


def test_a_run_restarted_into_the_same_output_keeps_the_earlier_runs_files(pubsub_emulator,
                                                                          tmp_path):  # noqa: F811
    """Stopped and started again (a restart, a new Dataflow job after a drain) into the same
    --output: both runs write the same window, each its first firing. The second run's files
    must sit beside the first one's, not replace them (window files were named by window, pane
    and shard only: the same names)."""
    output = tmp_path / "out"
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    ids, summaries = [], []
    for logs, name in ((first, "08MUNICH355.txt"), (second, "06ALMATY2404.txt")):
        sent, _, _, summary = _stream_messages_through_cli(
            pubsub_emulator, logs, "restarted", [(_data(name), {})], 1, output=output,
            window_seconds=OPEN_WINDOW_SECONDS)  # both runs in one window
        ids += sent
        summaries.append(summary)
    cables, dead = _records(str(output))
    assert sorted(c["source"]["uri"] for c in cables) == sorted(
        f"pubsub://restarted/{message_id}" for message_id in ids)
    assert dead == []
    # Each run's summary counts its own files, not the earlier run's beside them.
    assert [(s["inputs"], s["cables"], len(s["files"])) for s in summaries] == [(1, 1, 1)] * 2


def _cut(data: bytes) -> bytes:
    return data[:len(data) // 2]


# (label, message data, expected (kind, stage, error_type or reference id), payload kept: the
# message itself, or None for the decompressed cable). A message holds one raw cable; what is
# not one is one dead letter with the message whole. (Pub/Sub refuses a message with neither
# data nor attributes: the empty one has an attribute, which names no format.)
ODD_MESSAGES = [
    ("empty", b"", ("dead", "DECODE", "empty_input"), b""),
    ("binary", bytes(range(256)) * 8, ("dead", "DECODE", "binary_input"), "message"),
    ("a CSV dump", _data("cables-5-rows.csv"), ("dead", "PARSE", "multiple_cables"), "message"),
    ("an HTML page", _data("09BRASILIA34.html"), ("cable", None, "09BRASILIA34"), None),
    ("gzip cable", gzip.compress(_data("06ALMATY2404.txt")), ("cable", None, "06ALMATY2404"),
     None),
    ("bzip2 cable", bz2.compress(_data("09STATE14070.txt")), ("cable", None, "09STATE14070"),
     None),
    ("cut gzip", _cut(gzip.compress(_data("09BRUSSELS536.txt"))),
     ("dead", "READ", "bad_compression"), "message"),
    ("gzip over the cap", gzip.compress(b"x" * 200_000), ("dead", "READ", "too_large"),
     "message"),
]


def test_odd_messages_are_one_record_each_and_compressed_cables_are_read(pubsub_emulator,
                                                                         tmp_path):  # noqa: F811
    """Messages that are not one plain cable, as a user's publisher may send them. A compressed
    message (gzip, bzip2...) is read as a compressed file is: its cable is ingested, the cap
    is on the decompressed size; it was a DECODE `binary_input` dead letter ("NUL bytes").
    A damaged one or one over the cap is a READ dead letter with the message as payload."""
    messages = [(data, {} if data else {"filename": "cable.txt"}) for _, data, _, _ in ODD_MESSAGES]
    ids, cables, dead, summary = _stream_messages_through_cli(
        pubsub_emulator, tmp_path, "odd", messages, len(messages), "--max_input_bytes=100000")
    records = {r["source"]["uri"]: r for r in cables + dead}
    assert len(records) == len(cables) + len(dead) == len(messages)
    for message_id, (label, data, (kind, stage, what), payload) in zip(ids, ODD_MESSAGES):
        record = records[f"pubsub://odd/{message_id}"]
        assert record["source"]["format"] == "PUBSUB", label
        if kind == "cable":
            assert record.get("reference_id") == what, (label, record.get("error_message"))
            continue
        assert (record["stage"], record["error_type"]) == (stage, what), label
        assert record["payload"] == (data if payload == "message" else payload), label
    assert (summary["inputs"], summary["accounted"]) == (len(messages), True)


@pytest.mark.parametrize("name, message", [
    ("no-such-subscription", "does not exist"),
    ("ab", "is not a valid subscription name"),  # Pub/Sub's names are 3 to 255 characters
])
def test_a_subscription_that_is_not_there_is_a_usage_error(pubsub_emulator, tmp_path, name,
                                                           message):  # noqa: F811
    """A mistyped subscription was a 404 (or 400) traceback from the first pull, status 1,
    where a glob that matches no file is one line and status 2."""
    from doors import cable_ingest_command

    subscription = f"projects/{PROJECT}/subscriptions/{name}"
    done = subprocess.run(
        cable_ingest_command() + ["run", "--streaming", f"--input_subscription={subscription}",
                                  f"--output={tmp_path / 'out'}"],
        env={**os.environ, "PUBSUB_EMULATOR_HOST": pubsub_emulator}, capture_output=True,
        text=True, timeout=RUN_SECONDS)
    assert done.returncode == 2, done.stderr[-4000:]
    assert f"cable-ingest: error: --input_subscription {subscription!r} {message}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_message_a_month_late_is_still_written(tmp_path):
    """Pub/Sub keeps a subscription's messages 7 days, but a topic's up to 31: a subscription
    sought back to a topic's old messages delivers them weeks after their window closed. They
    were past the windows' allowed lateness (7 days): the window's GroupByKey dropped their
    bundle files' paths, the records left in hidden files, never named, never counted."""
    month = 31 * 24 * 3600  # a topic's longest retention later
    assert write_on_time_then_late(tmp_path, month, "a month late") == ["a month late", "on-time"]
    assert [name for name in os.listdir(tmp_path) if not name.endswith(".avro")] == []


def test_a_failure_while_the_run_drains_ends_it_at_once(pubsub_emulator, tmp_path):  # noqa: F811
    """A step that fails while a stopped run writes its open windows (here: the folder of the
    window's bundle files is moved away, so naming them fails) can never let the run drain: the
    run must end with that error, not wait out the drain's ten minutes."""

    publisher, topic, subscription = _new_subscription("drain-fails")
    publisher.publish(topic, _data("08MUNICH355.txt")).result(timeout=30)
    run, output, stderr_path = _start_cli(pubsub_emulator, tmp_path, subscription,
                                          f"--window_seconds={OPEN_WINDOW_SECONDS}")
    tick = lambda: publisher.publish(topic, b"{}", **TICK)  # noqa: E731
    try:
        _wait_for_bundle_records(output, 1, run, stderr_path, tick)
        os.rename(output / "cables", tmp_path / "moved")
        started = time.monotonic()
        run.send_signal(signal.SIGINT)
        with _ticking(tick):
            run.wait(timeout=RUN_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail("the run did not stop after its drain failed; stderr: "
                    + stderr_path.read_text()[-8000:])
    finally:
        run.kill()
    assert run.returncode == 1, stderr_path.read_text()[-4000:]
    assert time.monotonic() - started < RUN_SECONDS
    assert "stopping: no more messages are read" in stderr_path.read_text()
