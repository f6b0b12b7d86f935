"""The streaming pipeline: Pub/Sub messages -> cables and dead letters in windowed Avro files.

A message is one of two things:
- a raw cable in its data (source.format PUBSUB, source.uri `pubsub://SUBSCRIPTION/MESSAGE_ID`);
  its dead letter keeps the message whole, a `too_large` one too (an acknowledged message cannot
  be read again at its uri, as a file can). A compressed message (gzip, bzip2, xz, zstd) is
  decompressed first, as a compressed file is;
- a Cloud Storage OBJECT_FINALIZE notification (attributes eventType, bucketId, objectId): the
  new object is read and expanded like a batch input, so its own format applies (a text or HTML
  cable, a CSV dump, an archive). A notification for a missing object is a READ dead letter.

Pub/Sub delivers at least once. Within --dedupe_horizon_seconds (default 3600) of its first
delivery:
- a redelivered message (same message id: an ack that was lost, a subscription sought back) is
  dropped: it is the same input, already counted;
- a re-sent copy (another message, or another notified object, whose cable has the same reference
  id and content as one already written) is a VALIDATE `duplicate` dead letter naming the record
  kept, payload whole, as a copy within one batch run is (transforms.dedupe).
Later than the horizon, a copy is written again: the state of the keys seen is bounded by it.

Records are windowed by publish time into fixed windows (--window_seconds, default 300) and
written (transforms.write.WriteWindowedAvro) to OUTPUT/cables and OUTPUT/dead_letter, one set of
files per firing of a window, named with the window's start and end as plain UTC timestamps, the
firing's pane and the run's id (two runs into one output write apart):
`cables-20240102T030000Z-20240102T030500Z-pane0-run-RUNID-00000-of-00001.avro`. A
message read after its window closed (a redelivery, a backlog) is written in a late pane of its
window (pane1, pane2, ...), never dropped: Pub/Sub keeps a message at most 31 days (a topic's
longest retention; a subscription sought back delivers its old messages).
"""
import collections
import io
import logging
import sys
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Tuple

import apache_beam as beam
import fastavro
from apache_beam import pvalue
from apache_beam.coders import FloatCoder, StrUtf8Coder, TupleCoder
from apache_beam.io.filesystem import CompressionTypes, FileMetadata
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.options.pipeline_options import StandardOptions
from apache_beam.transforms import userstate
from apache_beam.transforms.deduplicate import DeduplicatePerKey
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.utils.timestamp import Duration, Timestamp

from pipeline.launch import Submission, runs_locally, submission
from pipeline.options import DEFAULT_BATCH_RUNNER
from transforms import formats, gcs, metrics
from transforms.ingest import Limits
from transforms.dedupe import duplicate_dead_letter
from transforms.fingerprint import content_hash, label
from transforms.formats import MAX_INPUT_BYTES
from transforms.parse import IngestCableFn
from transforms.read import SNIFF_BYTES, ExpandInputFn, PlanReadsFn
from transforms.records import (CABLES_DIR, DEAD_LETTER, DEAD_LETTER_DIR, DUPLICATE, PUBSUB,
                                READ, TEXT, VALIDATE, Failure, RawInput)
from transforms.run_summary import RunSummary, build_summary, write_summary
from transforms.write import WriteWindowedAvro

LOG = logging.getLogger(__name__)

# The local runner that streams offline: the FnApiRunner does not stream, and the DirectRunner
# would hand a streaming graph to Prism, which it must download first.
LOCAL_STREAMING_RUNNER = "BundleBasedDirectRunner"
SKIPPED_NOTIFICATIONS = "notifications_skipped"
NOTIFIED = "notified_objects"


class ReadMessageFn(ExpandInputFn):
    """PubsubMessage -> a RawInput (raw cable), the FileMetadata of a notified new object
    (tagged NOTIFIED), or a READ dead letter (tagged DEAD_LETTER)."""

    def __init__(self, subscription: str, max_input_bytes: int = MAX_INPUT_BYTES):
        super().__init__(max_input_bytes=max_input_bytes)
        self.subscription_name = subscription.rsplit("/", 1)[-1]

    def process(self, message):
        uri = f"pubsub://{self.subscription_name}/{message.message_id}"
        data = message.data or b""
        try:
            notified = gcs.notification_of(message.attributes)
        except Failure as failure:
            yield self._dead_letter(RawInput(uri, PUBSUB, data), failure)
            return
        if notified is None:
            yield from self._message(uri, data)
        elif notified.is_new_object:
            yield from self._notified_object(notified.uri)
        else:  # a deletion or metadata change names no new input
            Metrics.counter(metrics.NAMESPACE, SKIPPED_NOTIFICATIONS).inc()

    def _message(self, uri, data):
        fmt = formats.format_of("", data[:SNIFF_BYTES])
        if fmt.layout == formats.COMPRESSED:
            yield from self._compressed_message(uri, data, fmt)
            return
        if len(data) > self.max_input_bytes:
            # Unlike a file, an acknowledged message cannot be read again at its uri: its dead
            # letter keeps it whole (Pub/Sub caps a message at 10 MB, held in memory already).
            yield self._dead_letter(RawInput(uri, PUBSUB, data), Failure(
                READ, "too_large", f"{len(data):,} bytes exceeds the cap of "
                f"{self.max_input_bytes:,} (--max_input_bytes); the message is the payload"))
            return
        yield from self._single(uri, PUBSUB, io.BytesIO(data), len(data))

    def _compressed_message(self, uri, data, fmt):
        """A gzip, bzip2, xz or zstd message: its cable, decompressed as a compressed file's is
        (the cap on the decompressed size, never decompressed past it); damaged or too large,
        a READ dead letter whose payload is the message."""
        try:
            content = formats.Decompressed(io.BytesIO(data), fmt, uri)
            cable = content.read(self.max_input_bytes + 1)
            if len(cable) > self.max_input_bytes:
                raise Failure(READ, "too_large", f"more than {self.max_input_bytes:,} bytes once "
                              f"decompressed ({fmt.name}), over the cap (--max_input_bytes); the "
                              "compressed message is the payload")
            content.read(1)  # damage at the very end raises here: a cut message is not whole
        except formats.FormatError as error:
            yield self._dead_letter(RawInput(uri, PUBSUB, data), Failure(
                READ, error.code, f"{error} ({fmt.name} message); the message is the payload"))
            return
        except Failure as failure:
            yield self._dead_letter(RawInput(uri, PUBSUB, data), failure)
            return
        self._count_input()
        yield RawInput(uri, PUBSUB, cable)

    def _notified_object(self, uri):
        try:
            size = gcs.object_size(uri)
        except Failure as failure:
            yield self._dead_letter(RawInput(uri, TEXT, b""), failure)
            return
        yield pvalue.TaggedOutput(NOTIFIED, FileMetadata(uri, size))


class ReadMessages(beam.PTransform):
    """PubsubMessages -> {'inputs': RawInputs, 'dead_letters': READ dead letters}.

    A notified object is read like a batch input (transforms.read): planned into read tasks (a
    large CSV dump into ranges), redistributed, then expanded in its own format.
    """

    def __init__(self, subscription, format_choice, max_input_bytes, csv_range_bytes):
        super().__init__()
        self.subscription = subscription
        self.format_choice = format_choice
        self.max_input_bytes = max_input_bytes
        self.csv_range_bytes = csv_range_bytes

    def expand(self, messages):
        read = messages | "ReadMessage" >> beam.ParDo(ReadMessageFn(
            self.subscription, self.max_input_bytes)).with_outputs(
                DEAD_LETTER, NOTIFIED, main="inputs")
        objects = (
            read[NOTIFIED]
            | "PlanReads" >> beam.ParDo(PlanReadsFn(self.format_choice, self.csv_range_bytes))
            | "Redistribute" >> beam.Reshuffle()
            | "ExpandObjects" >> beam.ParDo(ExpandInputFn(
                self.format_choice, self.max_input_bytes)).with_outputs(DEAD_LETTER, main="inputs"))
        return {
            "inputs": (read.inputs, objects.inputs) | "CollectInputs" >> beam.Flatten(),
            "dead_letters": ((read[DEAD_LETTER], objects[DEAD_LETTER])
                             | "CollectReadFailures" >> beam.Flatten()),
        }


class DropRedeliveries(beam.PTransform):
    """PubsubMessages -> each message id once within the horizon (Beam's DeduplicatePerKey)."""

    def __init__(self, horizon_seconds: int):
        super().__init__()
        self.horizon_seconds = horizon_seconds

    def expand(self, messages):
        return (messages
                | "ByMessageId" >> beam.Map(lambda message: (message.message_id, message))
                .with_output_types(Tuple[str, Any])  # a deterministic key coder: state by key
                | "FirstDelivery" >> DeduplicatePerKey(
                    processing_time_duration=Duration(seconds=self.horizon_seconds))
                | "Messages" >> beam.Values())


class IngestKeyedByCopyFn(IngestCableFn):
    """IngestCableFn whose cables leave as ((reference id, content hash), (raw input, record)):
    the key tells copies apart as the batch run does, the raw input gives a copy's dead letter
    its payload whole."""

    def process(self, element):
        for output in super().process(element):
            if isinstance(output, pvalue.TaggedOutput):
                yield output
            else:
                yield (output["reference_id"], content_hash(output)), (element, output)


class FirstCopyFn(beam.DoFn):
    """Keyed cables -> the first of each key within the horizon; later copies -> `duplicate` dead
    letters (tagged DEAD_LETTER) naming it.

    The state per key is the kept record's label and when it was kept. A copy is judged by that
    time, so the horizon holds exactly; a processing-time timer clears the state after it, so
    the keys kept stay bounded by the horizon.
    """

    KEPT = userstate.BagStateSpec("kept", TupleCoder((StrUtf8Coder(), FloatCoder())))
    EXPIRY = userstate.TimerSpec("expiry", TimeDomain.REAL_TIME)

    def __init__(self, horizon_seconds: int):
        self.horizon_seconds = horizon_seconds

    def process(self, element, kept=beam.DoFn.StateParam(KEPT),
                expiry=beam.DoFn.TimerParam(EXPIRY)):
        (reference_id, _), (raw, record) = element
        now = time.time()
        first = next(iter(kept.read()), None)
        if first is None or now - first[1] > self.horizon_seconds:
            kept.clear()
            kept.add((label(raw.uri, raw.row), now))
            expiry.set(Timestamp.of(now) + Duration(seconds=self.horizon_seconds))
            yield record
            return
        Metrics.counter(metrics.NAMESPACE, metrics.CABLES).dec()  # counted as a cable by Ingest
        metrics.count_dead_letter(VALIDATE, DUPLICATE)
        yield pvalue.TaggedOutput(DEAD_LETTER, duplicate_dead_letter(
            raw, reference_id, kept=first[0], horizon_seconds=self.horizon_seconds))

    @userstate.on_timer(EXPIRY)
    def expire(self, kept=beam.DoFn.StateParam(KEPT)):
        kept.clear()


def build_streaming(pipeline: beam.Pipeline, options) -> None:
    """Pub/Sub -> read messages and notified objects -> parse and validate -> windowed files."""
    messages = (pipeline
                | "ReadPubSub" >> beam.io.ReadFromPubSub(
                    subscription=options.input_subscription, with_attributes=True)
                | "DropRedeliveries" >> DropRedeliveries(options.dedupe_horizon_seconds))
    read = messages | "ReadMessages" >> ReadMessages(
        options.input_subscription, options.input_format, options.max_input_bytes,
        options.csv_range_bytes)
    parsed = read["inputs"] | "ParseCables" >> beam.ParDo(
        IngestKeyedByCopyFn(Limits(options.max_line_chars))).with_output_types(
            Tuple[Tuple[str, str], Any]).with_outputs(DEAD_LETTER, main="cables")
    cables = parsed.cables | "DropCopies" >> beam.ParDo(
        FirstCopyFn(options.dedupe_horizon_seconds)).with_outputs(DEAD_LETTER, main="cables")
    dead_letters = ((read["dead_letters"], parsed[DEAD_LETTER], cables[DEAD_LETTER])
                    | "CollectDeadLetters" >> beam.Flatten())
    output = options.output
    cables.cables | "WriteCables" >> WriteWindowedAvro(
        FileSystems.join(output, CABLES_DIR), "cables", "cable", options.window_seconds,
        options.codec, run_id=options.run_id)
    dead_letters | "WriteDeadLetters" >> WriteWindowedAvro(
        FileSystems.join(output, DEAD_LETTER_DIR), "dead_letters", "dead_letter",
        options.window_seconds, options.codec, run_id=options.run_id)


def streaming_options(options):
    """The options with streaming on and, for a local run, a runner that streams offline."""
    standard = options.view_as(StandardOptions)
    standard.streaming = True
    if standard.runner in (None, DEFAULT_BATCH_RUNNER, "DirectRunner"):
        standard.runner = LOCAL_STREAMING_RUNNER
    return options


def start_streaming(options) -> beam.runners.runner.PipelineResult:
    """Build and start the streaming pipeline; returns at once with the running result."""
    options = streaming_options(options)
    if options.window_seconds <= 0:
        raise ValueError(f"--window_seconds must be positive, not {options.window_seconds}")
    if options.dedupe_horizon_seconds <= 0:
        raise ValueError("--dedupe_horizon_seconds must be positive, not "
                         f"{options.dedupe_horizon_seconds}")
    pipeline = beam.Pipeline(options=options)
    build_streaming(pipeline, options)
    return pipeline.run()


def run_streaming(options) -> RunSummary | Submission:
    """Run the streaming pipeline. Locally: until it is stopped (Ctrl-C), then write the summary.

    Stopped, a local run drains (`stop_local`): what it read is written before it ends.
    On a remote runner (Dataflow) it returns its `Submission` once the job is submitted, like a
    batch run; the job runs until it is drained or cancelled, its figures in the job's metrics.
    """
    started = time.monotonic()
    result = start_streaming(options)
    if not runs_locally(options):
        return submission(result, options)
    stopped = False
    try:
        result.wait_until_finish()
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (pipeline.cli): the normal end of a local run
        stopped = True
    if stopped:  # out of the except block: a failure while it drains is no KeyboardInterrupt
        stop_local(result)
    return finish_streaming(result, options, time.monotonic() - started)


# The local runner acknowledges each message as soon as it pulls it (Beam's DirectRunner has no
# checkpoint to wait for): a message pulled is never delivered again. So a local run does not
# just cancel when it is stopped, which would lose every record of the windows still open (the
# whole last five minutes with the default --window_seconds): it drains, as Dataflow's drain
# does. It stops pulling, the read ends, the watermark reaches the end of time, every open
# window fires and its files are named; then the runner (kept alive by the de-duplication's
# processing-time timers) is cancelled.
DRAINING = "_cable_ingest_draining"  # set on the runner's EvaluationContext
DRAIN_SECONDS = 600  # a pull pending when the run is stopped waits up to 30 s for messages


def stop_local(result, drain_seconds: float = DRAIN_SECONDS) -> bool:
    """Stop a local streaming run after writing everything it has read (Ctrl-C again, or
    `drain_seconds`, stops it at once). Whether it drained; a step's failure while it drains
    is raised (it would never drain)."""
    drained, failure = False, None
    context = getattr(result, "_evaluation_context", None)
    try:
        if context is not None and _DRAINABLE_READ_INSTALLED:
            print("cable-ingest: stopping: no more messages are read; writing the windows still "
                  "open (Ctrl-C again stops at once)", file=sys.stderr, flush=True)
            setattr(context, DRAINING, True)
            deadline = time.monotonic() + drain_seconds
            while not (drained := context.is_done()) and time.monotonic() < deadline:
                if (failure := _failure(result)) is not None:  # it will never drain
                    break
                time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        result.cancel()
    if failure is not None:  # as wait_until_finish raises a step's failure while the run runs
        raise failure
    return drained


def _failure(result) -> BaseException | None:
    """The error a step of the local runner met, if it has reported one (the runner would have
    raised it from wait_until_finish)."""
    executor = getattr(getattr(result, "_executor", None), "_executor", None)
    updates = getattr(executor, "visible_updates", None)
    update = updates.poll() if updates is not None else None
    return getattr(update, "exception", None)


def _install_drainable_read() -> bool:
    """Make the local runner's Pub/Sub read end once its run is draining (see DRAINING)."""
    try:
        from apache_beam.runners.direct import transform_evaluator
        from apache_beam.runners.direct.direct_runner import _DirectReadFromPubSub
        from apache_beam.runners.direct.util import TransformResult
        base = transform_evaluator._PubSubReadEvaluator
        overrides = transform_evaluator.TransformEvaluatorRegistry._test_evaluators_overrides
    except (ImportError, AttributeError):  # another Beam: a stop cancels, as before
        LOG.warning("this Beam's local runner cannot be drained: stopping a streaming run "
                    "loses the records of its open windows")
        return False

    class DrainablePubSubReadEvaluator(base):
        def finish_bundle(self):
            if not getattr(self._evaluation_context, DRAINING, False):
                return super().finish_bundle()
            # No pull (nothing more is acknowledged), no bundle to come back to and no hold on
            # the watermark: the read is done.
            return TransformResult(self, [], [], None, {None: None})

    overrides.setdefault(_DirectReadFromPubSub, DrainablePubSubReadEvaluator)
    return True


_DRAINABLE_READ_INSTALLED = _install_drainable_read()


def finish_streaming(result, options, seconds: float) -> RunSummary:
    """The summary of a stopped local streaming run, also written to OUTPUT/_SUMMARY.json: the
    files this run wrote (named with its run id), not those of earlier runs beside them.

    Its figures are counted from the files written, not from Beam metrics: the DirectRunner
    loses counter updates in streaming mode. Every input of a stream becomes exactly one record
    (a dead letter when anything fails), so inputs are the records written, plus those of the
    temporary files of windows that never fired (a run stopped at once): then the run is not
    accounted for.
    """
    files = _output_files(options.output, options.run_id)
    unnamed = _unnamed_files(options.output)
    unwritten = sum(_count_readable_records(path) for path in unnamed)
    if unnamed:
        LOG.warning("%d temporary file(s) of windows that never fired are left in %s (the run "
                    "was stopped at once), %d record(s) in them not written: %s", len(unnamed),
                    options.output, unwritten, ", ".join(unnamed[:5]))
    cables = sum(_count_records(path) for path in files if f"/{CABLES_DIR}/" in path)
    by_type = collections.Counter(
        (record["stage"], record["error_type"])
        for path in files if f"/{DEAD_LETTER_DIR}/" in path for record in _read_records(path))
    inputs = cables + sum(by_type.values()) + unwritten  # not accounted for when unwritten
    # (its times as a batch run's are: a summary loaded into a TIMESTAMP column had `""` here)
    started = datetime.now(timezone.utc) - timedelta(seconds=seconds)
    summary = build_summary(inputs, cables, by_type.items(), files, status="stopped",
                            started_at=started.isoformat(), run_id=options.run_id,
                            cable_files=[path for path in files if f"/{CABLES_DIR}/" in path])
    summary.seconds = round(seconds, 3)
    write_summary(options.output, summary)
    LOG.info("streaming run stopped: %s", summary)
    return summary


def _count_records(path: str) -> int:
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as stream:
        return sum(block.num_records for block in fastavro.block_reader(stream))


def _count_readable_records(path: str) -> int:
    """The records of an unnamed temporary file, as far as it can be read (its bundle may have
    been cut mid-write): at least 1, so that a file left over never balances the accounts."""
    count = 0
    try:
        with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as stream:
            for block in fastavro.block_reader(stream):
                count += block.num_records
    except Exception:  # noqa: BLE001  cut mid-write: what came before the cut is counted
        pass
    return max(count, 1)


def _read_records(path: str):
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as stream:
        yield from fastavro.reader(stream)


def _unnamed_files(output: str) -> list[str]:
    patterns = [FileSystems.join(output, kind, ".*.tmp") for kind in (CABLES_DIR, DEAD_LETTER_DIR)]
    return sorted(meta.path for match in FileSystems.match(patterns)
                  for meta in match.metadata_list)


def _output_files(output: str, run_id: str = "") -> list[str]:
    """The window files of run `run_id` (of any run without one): an earlier run's beside them
    are not this run's inputs."""
    name = f"*-run-{run_id}-*.avro" if run_id else "*.avro"
    patterns = [FileSystems.join(output, kind, name) for kind in (CABLES_DIR, DEAD_LETTER_DIR)]
    return sorted(meta.path for match in FileSystems.match(patterns)
                  for meta in match.metadata_list)

