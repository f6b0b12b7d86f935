"""`cable-ingest replay`: dead letters go round once more and stay accounted for."""
import glob
import json
import os
import shutil

import fastavro
import pytest

import schemas
from conftest import DATA, SAMPLES, read_outputs
from pipeline.cli import main


def write_dead_letters(path, records):
    with open(path, "wb") as f:
        fastavro.writer(f, schemas.dead_letter_schema(), records)


def test_replay_turns_fixed_payloads_into_cables_and_keeps_history(tmp_path, capsys):
    first = str(tmp_path / "first")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("random-text.txt", "no-date-time-group.txt"):
        os.link(os.path.join(DATA, "invalid", name), inputs / name)
    assert main(["run", "--input", str(inputs / "*"), "--output", first]) == 0
    _, dead_letters = read_outputs(first)
    assert len(dead_letters) == 2

    # Somebody fixes one payload by hand (here: replaces it with a good cable).
    with open(os.path.join(SAMPLES, "06ALMATY2404.txt"), "rb") as f:
        fixed_payload = f.read()
    fixed = [dict(d, payload=fixed_payload) if d["error_type"] == "not_a_cable" else d
             for d in dead_letters]
    edited = tmp_path / "edited"
    edited.mkdir()
    write_dead_letters(edited / "dead.avro", fixed)

    second = str(tmp_path / "second")
    assert main(["replay", str(edited / "*.avro"), "--output", second]) == 0
    cables, again = read_outputs(second)
    assert [c["reference_id"] for c in cables] == ["06ALMATY2404"]
    (still_bad,) = again
    assert still_bad["attempt"] == 2 and still_bad["error_type"] == "missing_created"
    assert "attempt 1 failed at VALIDATE (missing_created)" in still_bad["details"]
    with open(os.path.join(DATA, "invalid", "no-date-time-group.txt"), "rb") as f:
        assert still_bad["payload"] == f.read()

    third = str(tmp_path / "third")     # a run's output folder: its dead letters
    assert main(["replay", second, "--output", third]) == 0
    _, (third_try,) = read_outputs(third)
    assert third_try["attempt"] == 3
    assert "attempt 1 failed" in third_try["details"] and "attempt 2 failed" in third_try["details"]


def test_replay_refuses_files_that_are_not_dead_letters(tmp_path, capsys):
    output = str(tmp_path / "out")
    assert main(["run", "--input", os.path.join(SAMPLES, "06ALMATY2404.txt"), "--output", output]) == 0
    (cable_file,) = glob.glob(os.path.join(output, "cables", "*.avro"))
    assert main(["replay", cable_file, "--output", str(tmp_path / "r")]) == 2
    assert "not cables.v1.DeadLetter" in capsys.readouterr().err


def test_a_replayed_duplicate_is_not_written_again(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a.txt", "b.txt"):
        os.link(os.path.join(SAMPLES, "06ALMATY2404.txt"), inputs / name)
    first = str(tmp_path / "first")
    assert main(["run", "--input", str(inputs / "*"), "--output", first]) == 0
    (copy,) = read_outputs(first)[1]
    assert copy["error_type"] == "duplicate"

    replayed = str(tmp_path / "replayed")  # no ledger to consult: it stays a duplicate
    assert main(["replay", os.path.join(first, "dead_letter", "*.avro"), "--output", replayed]) == 0
    cables, (again,) = read_outputs(replayed)
    assert cables == [] and (again["error_type"], again["attempt"]) == ("duplicate", 2)
    assert again["payload"] == copy["payload"]


def test_a_replay_into_the_output_its_dead_letters_are_in_is_refused(tmp_path, capsys):
    """`replay 'out/dead_letter/*.avro' --output out` replaced that output, as a full run does:
    its 11 cables were gone, an empty cable file in their place, without a word."""
    output = str(tmp_path / "out")
    assert main(["run", "--input", os.path.join(SAMPLES, "*"), "--output", output]) == 0
    before = read_outputs(output)
    capsys.readouterr()
    for given in (os.path.join(output, "dead_letter", "*.avro"), output):
        assert main(["replay", given, "--output", output]) == 2
        assert (f"--output {output!r} holds the dead letters to replay: a replay replaces its "
                "output" in capsys.readouterr().err)
    assert read_outputs(output) == before and len(before[0]) == 11


def test_a_dead_letter_without_its_input_is_kept_as_it_failed_not_replayed_as_empty(tmp_path):
    """A file over --max_input_bytes is a READ `too_large` dead letter without a payload (the
    input stays at its uri). `cable-ingest replay` of it used to make a DECODE `empty_input`
    dead letter, 'the input is empty (0 bytes)', with the sha256 and size of nothing: the reason
    and the file's true size and hash were gone. Now it stays `too_large`, says it was not
    replayed and where the input is, and keeps its source; a replay of that again still does."""
    import json
    from tests.doors import cable_ingest_in_process

    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(os.path.join(SAMPLES, "06ALMATY2404.txt"), drop)
    shutil.copy(os.path.join(DATA, "invalid", "random-text.txt"), drop)

    def command(*argv):
        done = cable_ingest_in_process(*argv, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout

    command("run", "--input", "drop/*", "--output", "first", "--max_input_bytes", "1000")
    (first,) = [d for d in read_outputs(str(tmp_path / "first"))[1]
                if d["error_type"] == "too_large"]
    assert first["source"]["size"] == os.path.getsize(drop / "06ALMATY2404.txt")
    for attempt, (source, replayed) in enumerate([("first", "second"), ("second", "third")], 2):
        command("replay", f"{source}/dead_letter/*.avro", "--output", replayed)
        summary = json.loads((tmp_path / replayed / "_SUMMARY.json").read_text())
        assert summary["accounted"] and summary["inputs"] == summary["dead_letters"] == 2
        shown = [json.loads(line) for line in command(
            "show", *sorted(glob.glob(str(tmp_path / replayed / "dead_letter" / "*.avro"))))
            .splitlines()]
        (again,) = [d for d in shown if d["source"]["uri"] == "drop/06ALMATY2404.txt"]
        assert (again["stage"], again["error_type"], again["attempt"]) == (
            "READ", "too_large", attempt)
        assert again["source"] == first["source"]  # the file's true size and sha256
        assert again["error_message"].startswith(
            "not replayed: the dead letter holds no copy of its input, which stays at "
            "drop/06ALMATY2404.txt")
        assert first["error_message"] in again["error_message"]
        assert again["details"].count("failed at READ (too_large)") == attempt - 1
        (other,) = [d for d in shown if d is not again]
        assert (other["error_type"], other["attempt"]) == ("not_a_cable", attempt)


def test_a_csv_row_over_the_cap_is_kept_as_it_failed_not_replayed_from_its_first_bytes(tmp_path):
    """A CSV row over --max_input_bytes is a READ `too_large` dead letter holding the row's
    first bytes, with the whole row's size and sha256. `cable-ingest replay` of it parsed those
    first bytes into a PARSE `bad_csv_row` ('broken quoting'), its size and sha256 the cut's:
    the reason and the row's true figures were lost. Now it stays as it failed."""
    import json
    from tests.doors import cable_ingest_in_process

    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(os.path.join(SAMPLES, "cables-5-rows.csv"), drop)

    def command(*argv):
        done = cable_ingest_in_process(*argv, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout

    command("run", "--input", "drop/*", "--output", "first", "--max_input_bytes", "5000")
    first = {d["source"]["row"]: d for d in read_outputs(str(tmp_path / "first"))[1]}
    assert first and {d["error_type"] for d in first.values()} == {"too_large"}
    assert all(d["source"]["size"] > len(d["payload"]) == 5000 for d in first.values())
    command("replay", "first/dead_letter/*.avro", "--output", "second")
    summary = json.loads((tmp_path / "second" / "_SUMMARY.json").read_text())
    assert summary["accounted"] and summary["inputs"] == summary["dead_letters"] == len(first)
    for again in read_outputs(str(tmp_path / "second"))[1]:
        before = first[again["source"]["row"]]
        assert (again["stage"], again["error_type"], again["attempt"]) == ("READ", "too_large", 2)
        assert again["source"] == before["source"] and again["payload"] == before["payload"]
        assert again["error_message"].startswith(
            f"not replayed: the dead letter holds only the first 5,000 of the "
            f"{before['source']['size']:,} bytes of its input, which stays at "
            f"drop/cables-5-rows.csv (row {before['source']['row']})")


def test_a_replay_glob_that_matches_nothing_or_names_a_folder_is_named_as_typed(tmp_path):
    """`cable-ingest replay 'out/dead_letter' --output x` answered that "--input 'out/dead_letter'
    is a folder: give its files as a glob, --input 'out/dead_letter/*'": replay takes its globs
    without --input, and a user who typed the suggestion got 'unrecognized arguments'. A folder
    now stands for its .avro files, and a run's output folder for its dead letters: a folder
    holding none is named with the glob read."""
    from tests.doors import cable_ingest_in_process

    (tmp_path / "out" / "dead_letter").mkdir(parents=True)
    (tmp_path / "avro").mkdir()
    for argv, message in [
            (["out/dead_letter"], "cable-ingest: error: no files match 'out/dead_letter/*.avro'"),
            (["avro"], "cable-ingest: error: no files match 'avro/*.avro'"),
            (["nope/*.avro"], "cable-ingest: error: no files match 'nope/*.avro'")]:
        done = cable_ingest_in_process(*["replay", *argv, "--output", "x"], cwd=tmp_path)
        assert done.returncode == 2 and message in done.stderr, done.stderr
        assert "--input" not in done.stderr


def test_a_replay_of_a_damaged_dead_letter_file_is_one_line_and_replays_nothing(tmp_path):
    """`cable-ingest replay` of a dead-letter file cut short (a copy interrupted) printed ~116
    lines of the reader's traceback from inside the run and exited 1; `show` of the same file
    said in one line where it is damaged. The replay now reads each file through first."""
    from tests.doors import cable_ingest_in_process

    with open(os.path.join(DATA, "invalid", "random-text.txt"), "rb") as f:
        cut = _cut_dead_letter_file(tmp_path, f.read())
    done = cable_ingest_in_process(*["replay", str(cut), "--output", "x"], cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"cable-ingest: error: {cut} is damaged after its first "), line
    assert line.endswith(" (a file cut short by a copy, written by a run that was killed, or "
                         "edited by hand?)")
    assert "records (none is replayed): " in line and " first 0 records" not in line


def _cut_dead_letter_file(folder, payload: bytes):
    """FOLDER/cut.avro: 40 dead letters of `payload` in several blocks, its last 100 bytes cut."""
    whole, cut = folder / "whole.avro", folder / "cut.avro"
    dead = {"source": {"uri": "drop/x.txt", "format": "TEXT", "sha256": "0" * 64, "size": 3,
                       "row": None}, "stage": "PARSE", "error_type": "not_a_cable",
            "error_message": "not a cable", "payload": payload, "attempt": 1,
            "failed_at": 0, "pipeline_version": "0.1.0"}
    with whole.open("wb") as sink:  # a few records a block: several blocks
        fastavro.writer(sink, schemas.dead_letter_schema(),
                        [dict(dead, attempt=n) for n in range(1, 41)],
                        codec="deflate", sync_interval=500)
    cut.write_bytes(whole.read_bytes()[:-100])
    return cut


@pytest.mark.parametrize("layout", [
    "incremental",  # a real incremental run without dead letters: it writes no dead_letter/
    "_SUMMARY.json", "cables/", "dead_letter/", "cables/ dead_letter/"])
def test_a_replay_of_a_run_output_without_dead_letters_says_so_and_succeeds(tmp_path, layout):
    """`cable-ingest replay OUTPUT` of a clean day's incremental output said "no files match
    'OUTPUT/*.avro'" (a path never typed) and exited 2: a replay script after a fix failed on
    a clean day. A run's output without a dead-letter file has nothing to replay: exit 0."""
    from tests.doors import cable_ingest_in_process

    def command(*argv):
        return cable_ingest_in_process(*argv, cwd=tmp_path)

    if layout == "incremental":
        (tmp_path / "drop").mkdir()
        shutil.copy(os.path.join(SAMPLES, "09STATE14070.txt"), tmp_path / "drop")
        assert command("run", "--incremental", "--input", "drop/*", "--output", "out")\
            .returncode == 0
        assert not os.path.exists(tmp_path / "out" / "dead_letter")
    else:
        for name in layout.split():
            made = tmp_path / "out" / name.rstrip("/")
            made.parent.mkdir(parents=True, exist_ok=True)
            made.mkdir() if name.endswith("/") else made.write_text("{}")
    done = command("replay", "out", "--output", "replayed")
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "no dead letters to replay in out\n", "")
    assert not os.path.exists(tmp_path / "replayed")


NO_INPUT = ("replay takes its dead-letter files without --input: cable-ingest replay "
            "'DIR/*.avro' --output DIR (or a run's output folder: its dead letters)")


@pytest.mark.parametrize("argv, line", [
    # It said "quote it: --input 'DIR/*'": replay has no --input
    (["out", "--output", "x", "extra"],
     "unrecognized argument 'extra' (a glob the shell expanded? quote it: 'DIR/*.avro')"),
    # ~150 lines of Beam's usage, then "argument --input: expected one argument"
    (["--input", "out", "--output", "x"], NO_INPUT),
    # "the following arguments are required: DEAD_LETTER_GLOB|FOLDER"
    (["--input=out", "--output", "x"], NO_INPUT),
    # read as run's --input: "'out' is a folder: give its files as a glob, 'out/*'"
    (["out", "--input=out", "--output", "x"], NO_INPUT),
])
def test_replays_argument_errors_give_replays_advice_in_one_line(tmp_path, argv, line):
    from tests.doors import cable_ingest_in_process

    (tmp_path / "out" / "dead_letter").mkdir(parents=True)
    done = cable_ingest_in_process(*["replay", *argv], cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"cable-ingest: error: {line}\n")


def test_a_replay_reads_the_payloads_as_its_format_says(tmp_path):
    """A run given the wrong --format (a text cable read as a CSV row) made dead letters whose
    replay read them the same way again, `--format` accepted and ignored: a scheduled output
    could never ingest them (its ledger notes the file as read). A replay's --format is what
    every payload is read as; without it, each is read as it was."""
    from tests.doors import cable_ingest_in_process

    def cable_ingest(*argv):
        return cable_ingest_in_process(*argv, cwd=tmp_path)

    shutil.copy(os.path.join(SAMPLES, "06ALMATY2404.txt"), tmp_path / "a.txt")
    assert cable_ingest("run", "--format", "csv", "--input", "a.txt", "--output", "o1"
                        ).returncode == 0
    _, (dead,) = read_outputs(str(tmp_path / "o1"))
    assert (dead["stage"], dead["error_type"]) == ("READ", "not_a_csv_row")
    again = cable_ingest("replay", "o1", "--output", "o2")             # as it was read: again
    assert again.returncode == 0, again.stderr[-600:]
    assert read_outputs(str(tmp_path / "o2"))[1][0]["error_type"] == "not_a_csv_row"  # (PARSE)
    fixed = cable_ingest("replay", "o1", "--output", "o3", "--format", "text")
    assert fixed.returncode == 0, fixed.stderr[-600:]
    (cable,), dead_letters = read_outputs(str(tmp_path / "o3"))
    assert dead_letters == [] and cable["reference_id"] == "06ALMATY2404"
    assert cable["source"]["format"] == "TEXT"
    assert cable["source"]["sha256"] == dead["source"]["sha256"]


def test_replays_into_an_incremental_output_each_read_only_the_dead_letters_not_yet_replayed(
        tmp_path):
    """Each `replay OUT --incremental --output OUT` read every dead-letter file of the output,
    the earlier replays' too: a broken input was retried once more for each earlier attempt
    (attempts 1, 2, 2, 3 after two replays). The ledger notes the dead-letter files a replay
    read, as it notes a run's input files: the next replay reads only the newer ones."""
    from tests.doors import cable_ingest_in_process

    def cable_ingest(*argv):
        return cable_ingest_in_process(*argv, cwd=tmp_path)

    (tmp_path / "drop").mkdir()
    shutil.copy(os.path.join(SAMPLES, "06ALMATY2404.txt"), tmp_path / "drop")
    shutil.copy(os.path.join(SAMPLES, "broken-truncated.txt"), tmp_path / "drop")
    assert cable_ingest("run", "--incremental", "--input", "drop/*", "--output", "out"
                        ).returncode == 0
    inputs = []
    for _ in range(2):
        done = cable_ingest("replay", "out", "--incremental", "--output", "out")
        assert done.returncode == 0, done.stderr[-600:]
        with open(tmp_path / "out" / "_SUMMARY.json", encoding="utf-8") as stream:
            inputs.append(json.load(stream)["inputs"])
    assert inputs == [1, 1]
    cables, dead = read_outputs(str(tmp_path / "out"))
    assert [c["reference_id"] for c in cables] == ["06ALMATY2404"]
    assert sorted(d["attempt"] for d in dead) == [1, 2, 3]
    assert {d["source"]["uri"] for d in dead} == {"drop/broken-truncated.txt"}



@pytest.mark.parametrize("given, message", [
    ("out/cables/c.avro", "holds cables.v1.Cable records, not cables.v1.DeadLetter"),
    ("drop/random-text.txt", "is not an Avro file"),
])
def test_a_replay_refused_for_its_dead_letter_files_leaves_no_output_folder(
        tmp_path, given, message):
    """`replay` made its --output (and the folders above it) as it checked its options, then
    refused a dead-letter file that was none: the empty folders stayed behind. A refused
    command leaves the filesystem as it was."""
    from tests.doors import cable_ingest_in_process

    (tmp_path / "out" / "cables").mkdir(parents=True)
    with open(tmp_path / "out" / "cables" / "c.avro", "wb") as sink:
        fastavro.writer(sink, schemas.cable_schema(), [])
    (tmp_path / "drop").mkdir()
    shutil.copy(os.path.join(DATA, "invalid", "random-text.txt"), tmp_path / "drop")
    done = cable_ingest_in_process(*["replay", given, "--output", "new/replayed"], cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert sorted(os.listdir(tmp_path)) == ["drop", "out"]


@pytest.mark.parametrize("kept", [20, 4, 0])
def test_a_replay_of_a_dead_letter_file_cut_in_its_header_says_so_as_show_does(tmp_path, kept):
    """A dead-letter file cut inside its header (a copy interrupted) was "not an Avro file" to
    `replay`, while `show` said it is an Avro file cut short in its header: one check says it
    for both now. A file cut before Avro's magic bytes is no Avro file to either."""
    from tests.doors import cable_ingest_in_process

    whole = tmp_path / "whole.avro"
    write_dead_letters(whole, [])
    (tmp_path / "cut.avro").write_bytes(whole.read_bytes()[:kept])

    def error_line(*argv):
        done = cable_ingest_in_process(*argv, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        (line,) = done.stderr.splitlines()
        return line

    shown = error_line("show", "cut.avro")
    assert error_line("replay", "cut.avro", "--output", "replayed") == shown
    assert (" is an Avro file cut short or damaged in its header " in shown) == (kept >= 4)


ABBREVIATED = "options are not abbreviated"


@pytest.mark.parametrize("argv, line", [
    # "ambiguous option: --in could match --input, --incremental", under replay's whole usage
    (["replay", "out", "--in", "--output", "x"],
     f"unrecognized argument '--in': {ABBREVIATED} (did you mean --incremental?)"),
    # taken for --incremental: an incremental replay into a folder that was none
    (["replay", "out", "--inc", "--output", "x"],
     f"unrecognized argument '--inc': {ABBREVIATED} (did you mean --incremental?)"),
    (["replay", "out", "--out", "x"],
     f"unrecognized argument '--out': {ABBREVIATED} (did you mean --output?)"),
    (["replay", "out", "--output", "x", "--work", "2"],
     f"unrecognized argument '--work': {ABBREVIATED} (did you mean --workers?)"),
    (["replay", "--inp", "out", "--output", "x"],  # replay has no --input to name
     f"unrecognized argument '--inp': {ABBREVIATED}"),
    (["replay", "out"], "--output DIR is required (e.g. --output out-replayed)"),
    # run refused them already (Beam's parser), but for "ambiguous option" under its usage
    (["run", "--in", "drop/*", "--output", "x"],
     f"unrecognized argument '--in': {ABBREVIATED} (did you mean --input?)"),
    (["run", "--input", "drop/*", "--output", "x", "--incr"],
     f"unrecognized argument '--incr': {ABBREVIATED} (did you mean --incremental?)"),
    (["show", "out/dead_letter", "--lim", "1"],
     f"unrecognized argument '--lim': {ABBREVIATED} (did you mean --limit?)"),
    (["schema", "cable", "--big"],
     f"unrecognized argument '--big': {ABBREVIATED} (did you mean --bigquery?)"),
])
def test_an_abbreviated_option_is_refused_in_every_command_naming_the_option_meant(
        tmp_path, argv, line):
    """argparse took `--inc` for --incremental in replay, show and the others, while run
    refused it (Beam's parser), and `--in` was "ambiguous" under a whole usage: an abbreviation
    in a script worked in one command, and would change meaning the day an option beginning
    the same is added. Long options are taken whole only, in every command."""
    from tests.doors import cable_ingest_in_process

    (tmp_path / "out" / "dead_letter").mkdir(parents=True)
    write_dead_letters(tmp_path / "out" / "dead_letter" / "d.avro", [])
    done = cable_ingest_in_process(*argv, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"cable-ingest: error: {line}\n")
    assert sorted(os.listdir(tmp_path)) == ["out"]


def test_a_replays_summary_says_how_many_dead_letter_files_it_read(tmp_path):
    """An incremental replay's summary said "input files read (new) 0" and counted the
    dead-letter files an earlier replay read as "input files already ingested": a replay reads
    dead-letter files, and it counted none. Its table, _SUMMARY.json and report say how many it
    read and skipped; a full replay says how many it read."""
    from tests.doors import cable_ingest_in_process

    def table(*argv):
        done = cable_ingest_in_process(*argv, cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-600:]
        assert "input file" not in done.stdout
        return dict(line.rsplit(None, 1) for line in done.stdout.splitlines()
                    if line.startswith("dead-letter files"))

    (tmp_path / "drop").mkdir()
    shutil.copy(os.path.join(SAMPLES, "06ALMATY2404.txt"), tmp_path / "drop")
    shutil.copy(os.path.join(SAMPLES, "broken-truncated.txt"), tmp_path / "drop")
    assert cable_ingest_in_process("run", "--incremental", "--input", "drop/*", "--output", "out",
                                   cwd=tmp_path).returncode == 0
    written = len(os.listdir(tmp_path / "out" / "dead_letter"))
    for replayed, skipped in [(written, 0), (1, written)]:  # then the first replay's file
        assert table("replay", "out", "--incremental", "--output", "out") == {
            "dead-letter files read (new)": str(replayed),
            "dead-letter files already replayed": str(skipped)}
        summary = json.loads((tmp_path / "out" / "_SUMMARY.json").read_text())
        assert (summary["replay"], summary["new_inputs"], summary["already_ingested"]) == (
            True, replayed, skipped)
    report = (tmp_path / "out" / "_REPORT.html").read_text()
    assert "dead-letter files read (new)" in report and "input files" not in report
    assert table("replay", "out", "--output", "full") == {
        "dead-letter files read": str(written + 2)}


def test_a_replayed_csv_row_is_checked_as_its_run_checked_it(tmp_path):
    """A row whose number or date field is malformed is a `not_a_csv_row` dead letter of the
    run; its replay read the row's fields without checking its start, and made a cable of it
    (the cable text has a date of its own). A replay checks a row as the run did: it fails the
    same way until its payload is fixed."""
    import re
    from tests.doors import cable_ingest_in_process

    def cable_ingest(*argv):
        done = cable_ingest_in_process(*argv, cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-600:]

    with open(os.path.join(SAMPLES, "cables-5-rows.csv"), "rb") as stream:
        dump = stream.read()
    starts = [found.start() for found in re.finditer(rb'(?m)^"\d+","', dump)] + [len(dump)]
    rows = [dump[begin:end] for begin, end in zip(starts, starts[1:])]
    # A date and a number mistyped; fixed by hand, each is shorter than it was (a READ dead
    # letter whose payload was not as long as its input was taken for a cut copy, and not
    # replayed: only a `too_large` one's is).
    damages = {1: (b'"2","5/12/1986 ', b'"2","5/12/1986x '), 3: (b'"4",', b'"4x",')}
    for index, (good, bad) in damages.items():
        rows[index] = rows[index].replace(good, bad, 1)
    (tmp_path / "cables.csv").write_bytes(b"".join(rows))
    cable_ingest("run", "--input", "cables.csv", "--output", "first")
    cables, dead = read_outputs(str(tmp_path / "first"))
    assert len(cables) == 3 and {d["error_type"] for d in dead} == {"not_a_csv_row"}

    cable_ingest("replay", "first", "--output", "again")
    assert read_outputs(str(tmp_path / "again"))[0] == []
    assert sorted((d["error_type"], d["error_message"], d["payload"], d["attempt"])
                  for d in read_outputs(str(tmp_path / "again"))[1]) == sorted(
        (d["error_type"], d["error_message"], d["payload"], 2) for d in dead)

    undone = {bad: good for good, bad in damages.values()}
    fixed = [dict(d, payload=next(d["payload"].replace(bad, good, 1) for bad, good in
                                  undone.items() if bad in d["payload"])) for d in dead]
    (tmp_path / "edited").mkdir()
    write_dead_letters(tmp_path / "edited" / "dead.avro", fixed)
    cable_ingest("replay", "edited", "--output", "fixed")
    cables, still_dead = read_outputs(str(tmp_path / "fixed"))
    assert still_dead == [] and sorted(c["reference_id"] for c in cables) == [
        "02BRASILIA4227", "86MADRID5480"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_dead_letter_file_damaged_after_the_check_stops_the_replay_in_one_line(tmp_path, workers):
    """The launcher reads each dead-letter file through before the replay, but a file can change
    between (a copy still being written): the run's own read of it stopped the command with
    Beam's traceback of the step and fastavro's EOFError. It stops the replay before it
    publishes, in one FAILED line naming the file, with worker processes too."""
    import subprocess
    import sys

    cut = _cut_dead_letter_file(tmp_path, b"just text")
    # The launcher's check of the file passes (it was whole then); the run meets it cut.
    replay_checked_whole = ("import sys; from pipeline import checks, cli; "
                            "checks.check_dead_letter_file = lambda path: None; "
                            "sys.exit(cli.main(sys.argv[1:]))")
    output = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", replay_checked_whole, "replay", str(cut),
                           "--output", str(output), "--workers", workers],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    # (the closing JSON log line says the error as the run met it: with workers, their trace)
    said = [line for line in done.stderr.splitlines() if not line.startswith("{")]
    (failed,) = said
    assert failed.startswith(f"cable-ingest: FAILED: the dead-letter file {cut} cannot be read "
                             "after its first "), failed
    assert "(EOFError): changed since the replay checked it?" in failed
    assert not os.path.exists(output / "_SUMMARY.json")
    assert not glob.glob(str(output / "cables" / "*.avro"))


@pytest.mark.parametrize("late", ["*[02468]", "*[13579]"])  # (one of the two hung)
def test_a_run_failed_before_a_worker_process_has_started_ends(tmp_path, late):
    """Beam ends each worker process at the run's end by telling it so over its connection,
    but only a worker that has connected: one still starting when the run failed (its first
    step failing on the other worker, on a loaded machine) connected afterwards, waited for
    work for ever, and the run waited for it (CI: a replay with `--workers 2` hung until its
    test's timeout). Here one of the two workers is made to start 8 s late (by its id's
    parity): the run fails as it would have, once that worker has started and been told the
    run is done."""
    import subprocess
    import sys

    cut = _cut_dead_letter_file(tmp_path, b"just text")
    late_workers = ("import sys; from pipeline import checks, cli, graph; "
                    "checks.check_dead_letter_file = lambda path: None; "
                    "runner = graph.FnApiRunnerWithQuietWorkers; "
                    f"runner.OURS = 'case $WORKER_ID in {late}) sleep 8;; esac; ' + runner.OURS; "
                    "sys.exit(cli.main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", late_workers, "replay", str(cut),
                           "--output", str(tmp_path / "out"), "--workers", "2"],
                          capture_output=True, text=True, timeout=90)
    assert done.returncode == 1, done.stderr
    said = [line for line in done.stderr.splitlines() if not line.startswith("{")]
    assert said == [f"cable-ingest: FAILED: the dead-letter file {cut} cannot be read after "
                    f"its first 36 dead letters (EOFError): changed since the replay checked "
                    "it? The replay stops before it publishes, its output as it was; replay it "
                    "again once the file is whole"], done.stderr
