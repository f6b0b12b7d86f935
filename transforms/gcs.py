"""Cloud Storage notifications: which object a Pub/Sub message names, and opening that object.

A bucket's Pub/Sub notification (`gcloud storage buckets notifications create`) carries the event
in the message attributes: `eventType`, `bucketId`, `objectId` (and `objectGeneration`); its data
is the object's JSON resource, which we do not need. Only OBJECT_FINALIZE (a new or overwritten
object) names an input; OBJECT_DELETE, OBJECT_ARCHIVE and OBJECT_METADATA_UPDATE do not.

Objects are read with Beam's FileSystems, so a run uses the same GCS client and credentials for
its notified objects as for its `--input` globs (and tests can point both at an emulator).
"""
from typing import NamedTuple

from apache_beam.io.filesystem import BeamIOError, CompressionTypes
from apache_beam.io.filesystems import FileSystems

from transforms.records import READ, Failure
from transforms.storage import is_not_found

EVENT_TYPE, BUCKET_ID, OBJECT_ID = "eventType", "bucketId", "objectId"
OBJECT_FINALIZE = "OBJECT_FINALIZE"


class NotifiedObject(NamedTuple):
    """The object a notification names."""

    event_type: str
    bucket: str
    name: str

    @property
    def uri(self) -> str:
        return f"gs://{self.bucket}/{self.name}"

    @property
    def is_new_object(self) -> bool:
        return self.event_type == OBJECT_FINALIZE


def notification_of(attributes: dict | None) -> NotifiedObject | None:
    """The object named by a Cloud Storage notification, or None for any other message.

    A message is a notification when it carries `eventType`; one that lacks the bucket or object
    id is malformed and raises a READ Failure (it must not be taken for a raw cable).
    """
    attributes = attributes or {}
    event_type = attributes.get(EVENT_TYPE)
    if event_type is None:
        return None
    bucket, name = attributes.get(BUCKET_ID), attributes.get(OBJECT_ID)
    if not bucket or not name:
        raise Failure(READ, "bad_notification",
                      f"Cloud Storage notification {event_type} without bucketId or objectId",
                      details=f"attributes: {sorted(attributes.items())}")
    return NotifiedObject(event_type, bucket, name)


def object_size(uri: str) -> int:
    """Size of one object (no glob expansion); a READ Failure if it is missing or unreadable."""
    try:
        return FileSystems.get_filesystem(uri).metadata(uri).size_in_bytes
    except (BeamIOError, OSError) as error:
        if is_not_found(error):
            raise Failure(READ, "not_found", f"notified object {uri} does not exist (deleted "
                          "since, or its bucket is missing)") from None
        raise Failure(READ, "unreadable", f"cannot read {uri}: {error}") from None


def open_object(uri: str):
    """A binary, seekable read stream of one object, bytes as stored (no decompression)."""
    return FileSystems.open(uri, compression_type=CompressionTypes.UNCOMPRESSED)


# The check of a bucket before a run gives up after this long (each request after
# CHECK_REQUEST_SECONDS): Beam's client retries for 120 s per request, so a run without a
# network took ~2.5 minutes to say it could not reach Cloud Storage. The run's own reads and
# writes keep Beam's retries.
CHECK_SECONDS = 20.0
CHECK_REQUEST_SECONDS = 10.0


def missing_bucket(uri: str, options=None) -> str | None:
    """The bucket of a gs:// URI if that bucket does not exist; None otherwise (or not gs://).

    Checked before a run so that a mistyped bucket is one clear error, not a 404 deep in a write;
    with Beam's client (credentials, emulator) and its retries, bounded by CHECK_SECONDS.
    """
    if not uri.startswith("gs://"):
        return None
    from apache_beam.io.gcp import gcsio
    from google.cloud.storage.retry import DEFAULT_RETRY

    bucket = uri[len("gs://"):].split("/", 1)[0]
    client = gcsio.GcsIO(pipeline_options=options).client
    found = client.lookup_bucket(bucket, timeout=CHECK_REQUEST_SECONDS,
                                 retry=DEFAULT_RETRY.with_timeout(CHECK_SECONDS))
    return None if found else bucket
