"""Beam transforms that turn matched files into RawInputs: one per file, archive member or CSV row.

Files are read as streams: a CSV dump row by row and an archive member by member, so nothing
larger than one input is held in memory. A large CSV dump is planned as byte ranges that tile it
(`CSV_RANGE_BYTES`); only these small read tasks are redistributed, so every worker reads and
parses its own ranges and no runner has to hold the dump in memory for a shuffle. Whatever
cannot be read becomes a READ dead letter here; every input is counted exactly once (metric
`inputs`).
"""
import logging
import os
import re
import warnings
from typing import Iterator, NamedTuple, Optional

import apache_beam as beam
from apache_beam import pvalue
from apache_beam.io.filesystem import CompressionTypes, FileMetadata, FileSystem
from apache_beam.io.filesystems import FileSystems
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

from transforms import formats, metrics
from transforms.expand import SNIFF_BYTES, InputExpander, ReadTask, path_to_open
from transforms.output_lock import LOCK_FILE
from transforms.formats import AUTO, CSV_RANGE_BYTES, MAX_INPUT_BYTES, ROWS
from transforms.records import DEAD_LETTER, Outcome, replayed_input, unreplayable, utc_now
from transforms.tallies import NEW_INPUTS, FirstNames, tally
from transforms.wording import counted

TALLIES = "tallies"  # PlanReadsFn's, with `count`
_LOG = logging.getLogger(__name__)
# A batch pipeline redistributes its small files this many together (fewer when their listed
# sizes reach READ_BATCH_BYTES): every element a Reshuffle moves costs the runner ~80 us (a
# pickled task, a grouping, its window restored), more than reading a 12 KB file.
READ_BATCH_FILES = 64
READ_BATCH_BYTES = 16 * 2**20


class ReadBatch(NamedTuple):
    """ReadTasks redistributed as one element (`ExpandInputFn` reads each in turn)."""

    tasks: tuple


class PlanReadsFn(beam.DoFn):
    """FileMetadata -> ReadTasks: one per file, or one per range of a large CSV dump.

    A compressed dump cannot be entered in the middle: it is one task, read as a stream.
    With `batch` (a batch pipeline: every element in the global window), the tasks leave as
    ReadBatches instead: the small files of a bundle up to READ_BATCH_FILES or
    READ_BATCH_BYTES together, each range or file of unknown size alone, so that large work
    still spreads over the workers.

    With `count`, each bundle ends with the TALLIES of the files it planned (NEW_INPUTS, the
    summary's files read, and the first of their names: `transforms.tallies.tally`): no file
    goes through a step more to be counted or named.
    """

    def __init__(self, format_choice: str = AUTO, range_bytes: int = CSV_RANGE_BYTES,
                 batch: bool = False, count: bool = False):
        self.format_choice = format_choice
        self.range_bytes = range_bytes
        self.batch = batch
        self.count = count

    def start_bundle(self):
        self._pending, self._pending_bytes = [], 0
        self._files, self._names = 0, FirstNames()

    def process(self, metadata):
        if self.count:
            self._files += 1
            self._names.add(metadata.path)
        if not self.batch:
            yield from self._tasks(metadata)
            return
        for task in self._tasks(metadata):
            if task.start is not None or task.size is None:
                yield ReadBatch((task,))
                continue
            self._pending.append(task)
            self._pending_bytes += task.size
            if len(self._pending) >= READ_BATCH_FILES or self._pending_bytes >= READ_BATCH_BYTES:
                yield self._take_batch()

    def finish_bundle(self):
        if self._pending:
            yield WindowedValue(self._take_batch(), MIN_TIMESTAMP, [GlobalWindow()])
        if self._files:
            yield pvalue.TaggedOutput(TALLIES, tally(NEW_INPUTS, self._files,
                                                     names=self._names.take()))
            self._files = 0

    def _take_batch(self) -> ReadBatch:
        batch = ReadBatch(tuple(self._pending))
        self._pending, self._pending_bytes = [], 0
        return batch

    def _tasks(self, metadata):
        path, size = metadata.path, metadata.size_in_bytes
        real = path_to_open(metadata)
        open_as = None if real == path else os.fsencode(real)
        if size is None or size <= self.range_bytes or not self._is_csv(real):
            yield ReadTask(path, size, open_as=open_as)
            return
        for start in range(0, size, self.range_bytes):
            yield ReadTask(path, size, start, min(start + self.range_bytes, size), open_as)

    def _is_csv(self, path):
        try:
            with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as stream:
                head = stream.read(SNIFF_BYTES)
        except OSError:
            return False  # the read task reports the file as unreadable
        return formats.format_of(path, head, self.format_choice).layout == ROWS


class ExpandInputFn(InputExpander, beam.DoFn):
    """ReadTask (or a ReadBatch of them) -> RawInput per cable input; unreadable inputs -> READ
    dead letters.

    The dead letters go to the DEAD_LETTER output, or, with `inline_failures`, into the main
    output as Outcomes (kind DEAD_LETTER) that `ParseCables` passes through: then every input leaves
    through one output and no Flatten is needed to join the dead letters again.
    """

    def __init__(self, format_choice: str = AUTO, max_input_bytes: int = MAX_INPUT_BYTES,
                 inline_failures: bool = False):
        super().__init__(format_choice, max_input_bytes)
        self.inline_failures = inline_failures

    def process(self, task):
        if isinstance(task, ReadBatch):
            for each in task.tasks:
                yield from self.expand_task(each)
        else:
            yield from self.expand_task(task)

    # {scheme: FileSystem}, made on first use: Beam's FileSystems.open lists every FileSystem
    # subclass and makes a new instance for each file (~10 us, as much as reading 12 KB).
    _filesystems = None

    def _open(self, uri):
        if self._filesystems is None:
            self._filesystems = {}
        scheme = FileSystems.get_scheme(uri)
        filesystem = self._filesystems.get(scheme)
        if filesystem is None:
            filesystem = self._filesystems[scheme] = FileSystems.get_filesystem(uri)
        return filesystem.open(uri, compression_type=CompressionTypes.UNCOMPRESSED)

    def _count_input(self):
        metrics.count_input()

    def _dead_letter(self, raw, failure, whole=None):
        metrics.count_input()
        metrics.count_dead_letter(failure.stage, failure.error_type)
        failed = super()._dead_letter(raw, failure, whole)
        return failed if self.inline_failures else pvalue.TaggedOutput(DEAD_LETTER, failed.record)


def match_each_file_once(patterns: list[str], outside: str | None = None) -> Iterator[FileMetadata]:
    """The FileMetadata of every file `patterns` match, each file once however many patterns
    match it (`--input 'day/*' --input day/x.txt` reads x.txt once). Each pattern is matched on
    its own: `FileSystems.match` takes one file system per call.

    `outside`: a folder whose files are never inputs, the run's own output: a glob over a drop
    that holds it (`--input 'drop/**' --output drop/out`) would read an earlier run's records,
    summary and report as cables. Those left out are logged, but for the lock (the run took it
    itself: a first run into the folder has nothing else there)."""
    seen, resolved_folders = set(), {}
    output = _folder_key(outside) if outside else None
    left_out = 0
    for pattern in patterns:
        folders = []
        for metadata in match_pattern(pattern, folders=folders):
            if (key := _file_key(metadata.path, resolved_folders)) in seen:
                continue
            seen.add(key)
            if output and key.startswith(output):
                left_out += key != output + LOCK_FILE
                continue
            yield _labelled(metadata)
        _warn_of_folders_left_out(pattern, folders, output)
    if left_out:
        _LOG.warning("%s matched by --input %s in the output folder %s (an earlier run's "
                     "outputs): not read", counted(left_out, "file"),
                     "is" if left_out == 1 else "are", outside)


def _warn_of_folders_left_out(pattern: str, folders: list, output: str | None) -> None:
    """Log the folders a local glob without `**` matched in the walk that matched its files
    (`--input 'drop/*'` over a drop holding a folder a day, hidden ones too, as `*` matches
    hidden files): the match takes files only, so their files are not read, and nothing else
    would say so. The run's own output folder is no news."""
    folders = sorted(path for path in folders
                     if not (output and _folder_key(path).startswith(output)))
    if not folders or "**" in pattern:
        return
    deeper = os.path.join(os.path.dirname(pattern), "**")
    if len(folders) == 1:
        _LOG.warning("--input %r matches a folder, %s: its files are not read (a * does not go "
                     "into folders; %r does)", pattern, folders[0], deeper)
    else:
        _LOG.warning("--input %r matches %s, %s the first: their files are not read (a * does "
                     "not go into folders; %r does)", pattern, counted(len(folders), "folder"),
                     folders[0], deeper)


_GLOB_CHARACTER = re.compile(r"[\[*?]")


def match_pattern(pattern: str, limit: Optional[int] = None,
                  folders: Optional[list] = None) -> list:
    """The FileMetadata of the files one --input pattern matches: `FileSystems.match`, which
    misses three kinds, matched here as a shell would:

    - a local glob without a folder (`*.txt`, `**`): Beam lists the folder '' of the literal
      part, which holds nothing; it is matched in the current folder, its files named as
      written (`a.txt`, as `--input a.txt` names it);
    - a pattern that matches nothing but is the name of a file (`drop/report[1].txt`,
      `drop/[draft] x.txt`: glob characters in a file name, which Beam cannot escape): that
      file, as a shell passes an unmatched glob through (a glob that matches files, `a[1].txt`
      matching a1.txt, is not also taken literally);
    - a file `X/**/Y` matches with no folder between (`X/Y`): Beam's `**/` needs one folder at
      least, a shell's globstar none (`cablegate/**/*.html` missed the pages in cablegate/).

    `folders`, a list, is given the local folders the glob matches, as the files are matched:
    their files are not inputs (only `**` goes into folders).
    """
    found = _match_here(pattern, limit, folders)
    if found or not _GLOB_CHARACTER.search(pattern):
        return found
    # Each glob character as a class of itself: `[[]`, `[*]`, `[?]` match it literally (the
    # regular expression Beam makes of `[[]` is right, but `re` warns it may be a nested set).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return _match_here(_GLOB_CHARACTER.sub(lambda m: f"[{m.group()}]", pattern), limit)


def _match_here(pattern: str, limit: Optional[int], folders: Optional[list] = None) -> list:
    """`FileSystems.match`, a local glob without a folder matched in the current one."""
    glob_at = _GLOB_CHARACTER.search(pattern)
    if (glob_at is None or FileSystems.get_scheme(pattern) is not None
            or os.path.dirname(pattern[:glob_at.start()]) or os.path.isabs(pattern)):
        return _match(pattern, limit, folders)
    here = [] if folders is not None else None
    found = _match(os.path.join(".", pattern), limit, here)
    if folders is not None:
        folders.extend(path[2:] for path in here)
    return [FileMetadata(each.path[2:], each.size_in_bytes, each.last_updated_in_seconds)
            for each in found]


def _match(pattern: str, limit: Optional[int], folders: Optional[list] = None) -> list:
    if FileSystems.get_scheme(pattern) is None:
        return _match_local(pattern, limit, folders)
    # Beam's `**/` needs a folder at least: each way of keeping or dropping them is matched
    # (`gs://drop/**/*.txt` and `gs://drop/*.txt`), a file matched by several of them once.
    found, seen = [], set()
    for each in _without_any_folders(pattern):
        left = None if limit is None else limit - len(found)
        for metadata in FileSystems.match([each], limits=[left])[0].metadata_list:
            # An object named `drop/` is a folder's marker (the console's "Create folder"), no
            # file: read, it was an `empty_input` dead letter of every drop folder made so.
            if metadata.path not in seen and not metadata.path.endswith("/"):
                seen.add(metadata.path)
                found.append(metadata)
        if limit is not None and len(found) >= limit:
            break
    return found


# A `**` that is a whole part of a path, followed by `/`: zero folders or more, as a shell's
# globstar takes it (Beam's `X/**/Y` needs one folder at least, so missed X/Y).
_ANY_FOLDERS = re.compile(r"(?:(?<=/)|^)\*\*/")


def _without_any_folders(pattern: str) -> list[str]:
    """`pattern`, and it with each combination of its `**/` parts dropped: what `X/**/Y` means
    as a shell's globstar takes it (`X/Y` too), in patterns Beam's matching takes."""
    parts = _ANY_FOLDERS.split(pattern)
    variants = [parts[0]]
    for part in parts[1:]:
        variants = [f"{head}{kept}{part}" for head in variants for kept in ("**/", "")]
    return variants


def _translate_pattern(pattern: str) -> str:
    """Beam's translation of a glob into a regular expression (`*` within one folder, `**`
    across them), but a `**/` part matches zero folders too: `X/**/Y` matches X/Y, as a
    shell's globstar does."""
    translate = FileSystem.translate_pattern
    pieces = [translate(part) for part in _ANY_FOLDERS.split(pattern)]
    if len(pieces) == 1:
        return pieces[0]
    head, tail = "(?ms)", r"\Z"
    assert all(piece.startswith(head) and piece.endswith(tail) for piece in pieces), pieces
    return head + "(?:.*/)?".join(piece[len(head):-len(tail)] for piece in pieces) + tail


def _match_local(pattern: str, limit: Optional[int], folders: Optional[list] = None) -> list:
    """Beam's local match (the folder of the pattern's literal part walked, its files matched
    by the pattern as Beam translates it), but a name that cannot be sized, a broken link or a
    loop of links, is kept (size 0) where Beam drops it without a word: reading it makes its
    `unreadable` dead letter, so no file of the drop vanishes. So is a folder that cannot be
    listed (permission denied), whose files the pattern could match: Beam's walk skips it.
    `folders` (a list) is given the folders the pattern matches, skipped as Beam skips them."""
    if pattern.endswith("/"):
        pattern += "*"
    glob_at = _GLOB_CHARACTER.search(pattern)
    if glob_at is None:
        exists = os.path.lexists(pattern) and not os.path.isdir(pattern)
        return [_local_metadata(pattern)] if exists else []
    matches = re.compile(_translate_pattern(pattern)).match
    found, unlisted = [], []

    def not_listed(error):
        if isinstance(error, PermissionError) and _could_hold_matches(error.filename, pattern):
            unlisted.append(FileMetadata(error.filename, 0))

    for folder, subfolders, names in os.walk(os.path.dirname(pattern[:glob_at.start()]),
                                             onerror=not_listed):
        found.extend(unlisted)
        unlisted.clear()
        if folders is not None:
            folders.extend(path for name in subfolders
                           if matches(path := os.path.join(folder, name)))
        for name in names:
            if matches(path := os.path.join(folder, name)):
                found.append(_local_metadata(path))
                if limit is not None and len(found) >= limit:
                    return found
    return found + unlisted


def _could_hold_matches(folder: str, pattern: str) -> bool:
    """Whether files inside `folder` could match `pattern`: the pattern's first parts (as many
    as the folder has, or up to its `**`) match the folder."""
    parts, depth = pattern.split("/"), folder.count("/") + 1
    if depth >= len(parts):
        deep = next((at for at, part in enumerate(parts) if "**" in part), None)
        if deep is None:
            return False
        depth = deep + 1
    head = "/".join(parts[:depth])
    return re.match(FileSystem.translate_pattern(head), folder) is not None \
        or re.match(FileSystem.translate_pattern(head), folder + "/") is not None


def _local_metadata(path: str) -> FileMetadata:
    try:
        status = os.stat(path)  # one look-up for both (os.path.getsize and getmtime are two)
        return FileMetadata(path, status.st_size, status.st_mtime)
    except OSError:  # a broken link, a loop of links (or a file removed meanwhile)
        return FileMetadata(path, 0)


def lies_inside(pattern: str, folder: str) -> bool:
    """Whether every file `pattern` can match lies inside `folder`, judged by the pattern's
    literal part (before its first `*`, `?` or `[`) without listing anything: `drop/**` lies
    inside `drop`, `*.txt` inside `.`, `drop/*` not inside `drop/out`. Those files are never
    inputs of a run writing into `folder` (`match_each_file_once`)."""
    output = _folder_key(folder)
    literal = re.match(r"[^\[*?]*", pattern).group(0)
    if FileSystems.get_scheme(pattern) is not None:
        return literal.startswith(output)
    if literal == pattern:  # one file
        return _file_key(pattern, {}).startswith(output)
    return os.path.join(os.path.realpath(os.path.dirname(literal) or "."), "").startswith(output)


class LabelledFile(FileMetadata):
    """A matched local file whose name is not valid UTF-8 (bytes of a Latin-1 or cp1252 system
    kept as surrogates): `path` is its label, that name with those bytes as `\\xNN`, the uri
    its records carry (a name with surrogates cannot be encoded: not by Beam's coders, not in
    Avro); `real_path` the name it is opened by."""

    def __init__(self, metadata: FileMetadata, label: str):
        super().__init__(label, metadata.size_in_bytes, metadata.last_updated_in_seconds)
        self.real_path = metadata.path


def file_label(path: str) -> str:
    """`path` as text that encodes: the bytes of a name that are not UTF-8 as `\\xNN`."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _labelled(metadata: FileMetadata) -> FileMetadata:
    label = file_label(metadata.path)
    return metadata if label == metadata.path else LabelledFile(metadata, label)


def _folder_key(folder: str) -> str:
    """What every file key (`_file_key`) inside `folder` starts with."""
    if FileSystems.get_scheme(folder) is not None:
        return folder.rstrip("/") + "/"
    return os.path.join(os.path.realpath(folder), "")


def _file_key(path: str, resolved_folders: dict) -> str:
    """What names one file however its path is spelled: a local path resolved (`./day/x.txt`,
    `day//x.txt`, `/abs/day/x.txt`, a link); a remote one as written.

    `os.path.realpath` looks up every part of the path (~14 us a file): a local file's folder
    is resolved once ({folder as written: resolved} in `resolved_folders`), and the file's own
    name only when it is a link. Hard links stay two files: each is a name of its own."""
    if FileSystems.get_scheme(path) is not None:
        return path
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    resolved = resolved_folders.get(folder)
    if resolved is None:
        resolved = resolved_folders[folder] = os.path.realpath(folder)
    return os.path.join(resolved, name)


def _match_on_impulse(impulse: bytes, patterns: list, outside=None) -> Iterator[FileMetadata]:
    return match_each_file_once(patterns, outside)


def match_files(pbegin, patterns: list, outside: str | None = None):
    """The FileMetadata of every file `patterns` match, each once: one step sees all the
    patterns (they travel with it). Started from an Impulse, not a Create of the patterns: a
    Create is four steps (Impulse, FlatMap, a reshuffle placeholder, Map), each planned and run."""
    return (pbegin
            | "Once" >> beam.Impulse()
            | "MatchFiles" >> beam.FlatMap(_match_on_impulse, patterns, outside))


class MatchInputFiles(beam.PTransform):
    """File pattern(s) -> the FileMetadata of every matched file, each once; none inside the
    folder `outside` (the run's output, see `match_each_file_once`)."""

    def __init__(self, patterns, outside: str | None = None):
        super().__init__()
        self.patterns = [patterns] if isinstance(patterns, str) else list(patterns)
        self.outside = outside

    def expand(self, pbegin):
        return match_files(pbegin, self.patterns, self.outside)


TOO_YOUNG = "too_young"  # LeaveYoungFiles' files left to the next run


class LeaveYoungFiles(beam.PTransform):
    """FileMetadata -> {'files': those modified before `cutoff` (seconds since the epoch: the
    run's start less --min_file_age_seconds), TOO_YOUNG: the paths of the others}.

    A file copied into a local or mounted drop is there, growing, before the copy ends: read
    then, a cut cable parses as a valid one, and the whole file adds a second record under the
    same id the next day (a cloud upload appears whole). A file too young is not read, so it
    is not in the ledger: the next run takes it, whole."""

    def __init__(self, cutoff: float):
        super().__init__()
        self.cutoff = cutoff

    def expand(self, files):
        split = files | "SplitByAge" >> beam.ParDo(_SplitByAge(self.cutoff)).with_outputs(
            TOO_YOUNG, main="files")
        return {"files": split.files, TOO_YOUNG: split[TOO_YOUNG]}


class _SplitByAge(beam.DoFn):
    def __init__(self, cutoff: float):
        self.cutoff = cutoff

    def process(self, metadata: FileMetadata):
        if (metadata.last_updated_in_seconds or 0.0) > self.cutoff:
            yield pvalue.TaggedOutput(TOO_YOUNG, metadata.path)
        else:
            yield metadata


class ReadMatchedFiles(beam.PTransform):
    """FileMetadata -> {'inputs': every input: RawInputs, and the dead-letter Outcomes of what
    could not be read; 'tallies': per bundle of the planning, the count of files read
    (NEW_INPUTS, `transforms.tallies.tally`)}.

    With `redistribute` (the default), the read tasks are spread over the workers; a run with
    one worker has none to spread them to and leaves that step out.
    """

    def __init__(self, format_choice=AUTO, max_input_bytes=MAX_INPUT_BYTES,
                 csv_range_bytes=CSV_RANGE_BYTES, redistribute: bool = True):
        super().__init__()
        self.csv_range_bytes = csv_range_bytes
        self.format_choice = format_choice
        self.max_input_bytes = max_input_bytes
        self.redistribute = redistribute

    def expand(self, files):
        # The small files travel 64 together only to make the Reshuffle cheaper (per element).
        # The planning counts the files: no file goes through a step more to be counted.
        planned = files | "PlanReads" >> beam.ParDo(PlanReadsFn(
            self.format_choice, self.csv_range_bytes, batch=self.redistribute,
            count=True)).with_outputs(TALLIES, main="tasks")
        tasks = planned.tasks
        if self.redistribute:
            # Only the small read tasks move between workers; each reads and parses its own.
            tasks = tasks | "Redistribute" >> beam.Reshuffle()
        inputs = tasks | "ExpandInputs" >> beam.ParDo(ExpandInputFn(
            self.format_choice, self.max_input_bytes, inline_failures=True))
        return {"inputs": inputs, "tallies": planned[TALLIES]}


class DeadLetterFileUnreadable(RuntimeError):
    """A dead-letter file a replay reads cannot be read through (cut short, overwritten, of
    another schema) though the launcher read it through before the run (`cable-ingest replay`
    checks each file): changed since. The replay stops before it publishes, one line naming
    the file, rather than replay part of it or crash with the reader's traceback."""
    # Said as a run's verdict is (pipeline.workers' log filters): its message is the command's
    # FAILED line; the trace above it would read as a crash.
    is_run_verdict = True


DEAD_LETTER_SCHEMA_NAME = "cables.v1.DeadLetter"


def dead_letters_in(readable):
    """The dead letters of an Avro file (a ReadableFile), one at a time;
    DeadLetterFileUnreadable, naming the file and how many were read, where they stop making
    sense."""
    import fastavro  # the workers of a replay need it; the import is cheap once loaded

    path, read = readable.metadata.path, 0
    try:
        with readable.open(compression_type=CompressionTypes.UNCOMPRESSED) as stream:
            reader = fastavro.reader(stream)
            if (name := reader.writer_schema.get("name")) != DEAD_LETTER_SCHEMA_NAME:
                raise ValueError(f"it holds {name or 'unknown'} records, not "
                                 f"{DEAD_LETTER_SCHEMA_NAME}")
            for dead in reader:
                yield dead
                read += 1
    except Exception as error:  # gone, or fastavro's errors of a file cut short or damaged
        raise DeadLetterFileUnreadable(
            f"the dead-letter file {path} cannot be read after its first "
            f"{counted(read, 'dead letter')} ({_said(error)}): changed since "
            "the replay checked it? The replay stops before it publishes, its output as it was; "
            "replay it again once the file is whole") from error


def _said(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class ReadDeadLetterFileFn(beam.DoFn):
    """A DeadLetter Avro file -> one RawInput per dead letter, for one more attempt (its payload
    read as `source_format`, when given: see `replayed_input`). Each bundle ends with the
    TALLIES of the files it read (NEW_INPUTS, the summary's files read, and their first names),
    as PlanReadsFn's; a file that cannot be read through stops the run
    (DeadLetterFileUnreadable)."""

    def __init__(self, source_format: str | None = None):
        self.source_format = source_format

    def start_bundle(self):
        self._files, self._names = 0, FirstNames()

    def finish_bundle(self):
        if self._files:
            yield pvalue.TaggedOutput(TALLIES, tally(NEW_INPUTS, self._files,
                                                     names=self._names.take()))
            self._files = 0

    def process(self, readable):
        self._files += 1
        self._names.add(readable.metadata.path)
        for dead in dead_letters_in(readable):
            metrics.count_input()
            kept = unreplayable(dead, utc_now())
            if kept is None:
                yield replayed_input(dead, self.source_format)
                continue
            metrics.count_dead_letter(kept["stage"], kept["error_type"])
            yield Outcome(DEAD_LETTER, kept)


class ReadDeadLetters(beam.PTransform):
    """The FileMetadata of dead-letter Avro files -> {'inputs': RawInputs with attempt + 1,
    'tallies': per bundle, the count of files read (NEW_INPUTS)} (files matched by
    `MatchInputFiles`, and, replaying into an incremental output, those no earlier replay read:
    `SelectNewFiles`). `format_choice`: replay's --format, what every payload is read as
    (`auto`: what each was read as)."""

    def __init__(self, format_choice: str = AUTO):
        super().__init__()
        chosen = formats.chosen_format(format_choice)
        self.source_format = chosen.source_format if chosen else None

    def expand(self, files):
        # Loaded here: a run that replays nothing never uses Beam's fileio (~4 ms to import).
        from apache_beam.io import fileio

        read = (
            files
            | "OpenFiles" >> fileio.ReadMatches(compression=CompressionTypes.UNCOMPRESSED)
            | "ReadDeadLetters" >> beam.ParDo(ReadDeadLetterFileFn(
                self.source_format)).with_outputs(TALLIES, main="inputs"))
        return {"inputs": read.inputs | "Redistribute" >> beam.Reshuffle(),
                "tallies": read[TALLIES]}
