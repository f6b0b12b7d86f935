"""Compressed single files (.gz, .bz2, .xz, .zst) through `cable-ingest run`.

The fixtures are made at test time from samples/: each compressed file must give exactly what
its plain sample gives (same outcomes, same payload sha256), under the compressed file's uri;
a damaged stream is one READ bad_compression dead letter after the rows read before the damage;
the size cap applies to the decompressed content. The same from a Cloud Storage bucket (the
emulator), as Dataflow reads them.
"""
import bz2
import gzip
import io
import json
import lzma
import os
import shutil
import tarfile

import pytest

from conftest import SAMPLES, read_outputs
from emulators import gcs_client, gcs_emulator  # noqa: F401  fixtures
from pipeline.cli import main
from transforms.formats._streams import zstd

CSV = "cables-5-rows.csv"
# compressed name -> (compress, samples it holds); a tar is made of several samples
COMPRESSED = {
    "cables.csv.gz": (gzip.compress, [CSV]),
    "06ALMATY2404.txt.gz": (gzip.compress, ["06ALMATY2404.txt"]),
    "09BRASILIA34.html.bz2": (bz2.compress, ["09BRASILIA34.html"]),
    "08MUNICH355.txt.xz": (lzma.compress, ["08MUNICH355.txt"]),
    "09STATE14070.txt.zst": (zstd.compress, ["09STATE14070.txt"]),
    "upload-without-extension": (gzip.compress, ["09BRUSSELS536.txt"]),  # magic bytes alone
    "batch.tar.gz": (gzip.compress, ["75TEHRAN2069.txt", "90CAPETOWN97.txt"]),
    "batch.tar.zst": (zstd.compress, ["09RIODEJANEIRO329.txt", "broken-truncated.txt"]),
}


def tar_of(names) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name in names:
            archive.add(os.path.join(SAMPLES, name), arcname=name)
    return buffer.getvalue()


def sample_bytes(names) -> bytes:
    if len(names) > 1:
        return tar_of(names)
    with open(os.path.join(SAMPLES, names[0]), "rb") as stream:
        return stream.read()


def run(folder, output, *options) -> dict:
    """`cable-ingest run` over FOLDER/*; the summary it wrote."""
    status = main(["run", "--input", str(folder / "*"), "--output", str(output),
                   "--csv_range_bytes", "4096", *options])  # a plain dump is read in ranges
    with open(os.path.join(output, "_SUMMARY.json")) as stream:
        summary = json.load(stream)
    summary["exit_status"] = status
    return summary


def outcomes(output) -> dict:
    """{(sample name, row): (outcome, source format, payload sha256)} of a run's outputs."""
    cables, dead_letters = read_outputs(str(output))
    found = {}
    for record in cables + dead_letters:
        source = record["source"]
        outcome = record.get("reference_id") or f"{record['stage']} {record['error_type']}"
        found[(_sample_of(source["uri"]), source["row"])] = (outcome, source["format"],
                                                              source["sha256"])
    return found


def _sample_of(uri: str) -> str:
    """The sample an input came from: an archive member's name, else the file's first name."""
    name = uri.rsplit("/", 1)[-1].rsplit("!", 1)[-1]
    for compressed, (_, samples) in COMPRESSED.items():
        if name == compressed:
            return samples[0]
    return name


@pytest.fixture(scope="module")
def plain_and_compressed(tmp_path_factory):
    root = tmp_path_factory.mktemp("compressed")
    plain, packed = root / "plain", root / "packed"
    plain.mkdir()
    packed.mkdir()
    for name, (compress, samples) in COMPRESSED.items():
        for sample in samples:
            shutil.copy(os.path.join(SAMPLES, sample), plain / sample)
        (packed / name).write_bytes(compress(sample_bytes(samples)))
    return (run(plain, root / "plain-out"), outcomes(root / "plain-out"),
            run(packed, root / "packed-out"), outcomes(root / "packed-out"))


def test_a_compressed_file_gives_what_its_plain_file_gives(plain_and_compressed):
    plain_summary, plain, packed_summary, packed = plain_and_compressed
    assert packed == plain
    assert packed_summary["inputs"] == plain_summary["inputs"] == len(plain)
    assert packed_summary["accounted"] and packed_summary["exit_status"] == 0
    formats = {fmt for _, fmt, _ in packed.values()}
    assert formats == {"TEXT", "HTML", "CSV"}
    assert sum(fmt == "CSV" for _, fmt, _ in packed.values()) == 5  # one task, every row once


def test_compressed_inputs_keep_the_compressed_file_as_uri(plain_and_compressed, tmp_path):
    _, _, packed_summary, _ = plain_and_compressed
    output = os.path.dirname(packed_summary["files"][0]).rsplit("/", 1)[0]
    cables, dead_letters = read_outputs(output)
    uris = {record["source"]["uri"].rsplit("/", 1)[-1] for record in cables + dead_letters}
    assert {"cables.csv.gz", "06ALMATY2404.txt.gz", "09BRASILIA34.html.bz2",
            "08MUNICH355.txt.xz", "09STATE14070.txt.zst", "upload-without-extension",
            "batch.tar.gz!75TEHRAN2069.txt", "batch.tar.gz!90CAPETOWN97.txt",
            "batch.tar.zst!09RIODEJANEIRO329.txt", "batch.tar.zst!broken-truncated.txt"} == uris


def bzip2_bomb(size: int) -> bytes:
    """`size` zero bytes in bzip2: a few hundred bytes that stand for much more."""
    compressor = bz2.BZ2Compressor(9)
    block = bytes(2**20)
    return b"".join(compressor.compress(block) for _ in range(size // 2**20)) + compressor.flush()


def test_damaged_and_oversized_compressed_files(tmp_path):
    with open(os.path.join(SAMPLES, CSV), "rb") as stream:
        dump = stream.read()
    whole = gzip.compress(dump)
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "cut.csv.gz").write_bytes(whole[:len(whole) * 7 // 10])  # a download cut short
    (folder / "garbage.txt.gz").write_bytes(b"\x1f\x8b" + b"not gzip at all" * 10)
    (folder / "cut.txt.gz").write_bytes(gzip.compress(dump)[:-100])  # its data ends early
    (folder / "bomb.txt.bz2").write_bytes(bzip2_bomb(2**30))  # 1 GiB of zeros
    summary = run(folder, tmp_path / "out", "--max_input_bytes", str(2**20))
    cables, dead_letters = read_outputs(str(tmp_path / "out"))

    kept_rows = sorted(record["source"]["row"] for record in cables)
    assert kept_rows and kept_rows == list(range(1, len(kept_rows) + 1)) and len(kept_rows) < 5
    assert all(record["source"]["uri"].endswith("cut.csv.gz") for record in cables)
    by_file = {d["source"]["uri"].rsplit("/", 1)[-1]: d for d in dead_letters}
    assert sorted(by_file) == ["bomb.txt.bz2", "cut.csv.gz", "cut.txt.gz", "garbage.txt.gz"]
    for name in ("cut.csv.gz", "cut.txt.gz", "garbage.txt.gz"):
        dead = by_file[name]
        assert (dead["stage"], dead["error_type"]) == ("READ", "bad_compression")
        assert "gzip" in dead["error_message"] and name in dead["error_message"]
    bomb = by_file["bomb.txt.bz2"]
    assert (bomb["stage"], bomb["error_type"]) == ("READ", "too_large")
    assert "once decompressed" in bomb["error_message"]
    assert bomb["source"]["size"] == (folder / "bomb.txt.bz2").stat().st_size
    assert summary["accounted"] and summary["inputs"] == len(kept_rows) + 4


def test_a_tar_cut_inside_a_member_header_is_a_bad_archive_after_the_members_before(tmp_path):
    """A tar (plain or gzipped whole) cut inside the header of its second member: tarfile took
    the short header for the archive's end, so the first member was read and the second
    vanished without a word (inputs 1, accounted). The archive is one READ bad_archive dead
    letter after the first member's cable. A tar cut inside its end-of-archive zero blocks has
    every member whole: it is read as it is."""
    def cut(first, second, at_second_header=None, into_end_blocks=None):
        whole = tar_of([first, second])
        if at_second_header is not None:
            with tarfile.open(fileobj=io.BytesIO(whole)) as archive:  # (its pax header's offset)
                return whole[:archive.getmembers()[1].offset + at_second_header]
        return whole[:(len(whole.rstrip(b"\0")) + 511) // 512 * 512 + into_end_blocks]

    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "cut.tar").write_bytes(cut("06ALMATY2404.txt", "08MUNICH355.txt", 300))
    (folder / "cut-then-gzipped.tar.gz").write_bytes(
        gzip.compress(cut("09BRUSSELS536.txt", "09STATE14070.txt", 100)))
    (folder / "cut-in-end-blocks.tar").write_bytes(
        cut("75TEHRAN2069.txt", "90CAPETOWN97.txt", into_end_blocks=200))
    summary = run(folder, tmp_path / "out")
    cables, dead_letters = read_outputs(str(tmp_path / "out"))
    assert sorted(cable["source"]["uri"].rsplit("/", 1)[-1] for cable in cables) == [
        "cut-in-end-blocks.tar!75TEHRAN2069.txt", "cut-in-end-blocks.tar!90CAPETOWN97.txt",
        "cut-then-gzipped.tar.gz!09BRUSSELS536.txt", "cut.tar!06ALMATY2404.txt"]
    assert sorted((d["source"]["uri"].rsplit("/", 1)[-1], d["stage"], d["error_type"])
                  for d in dead_letters) == [("cut-then-gzipped.tar.gz", "READ", "bad_archive"),
                                             ("cut.tar", "READ", "bad_archive")]
    assert all("ends inside a member's header" in d["error_message"] for d in dead_letters)
    assert summary["accounted"] and summary["inputs"] == 6 and summary["exit_status"] == 0


def test_a_dump_in_an_archive_is_read_row_by_row_whatever_its_size(tmp_path):
    """cables.csv zipped (as it is handed around) or tarred: a member over --max_input_bytes
    was one too_large dead letter, the whole dump refused, though the cap is for each input,
    a row (a .csv.gz was always read row by row). A member that holds inputs of its own (a
    dump, an archive, a compressed file) is streamed; a single cable over the cap is still
    too_large. A damaged member is a bad_member dead letter after the rows read before the
    damage showed (a zip's CRC: at the member's end), and the members after it are read."""
    import zipfile

    with open(os.path.join(SAMPLES, CSV), "rb") as stream:
        dump = stream.read()
    with open(os.path.join(SAMPLES, "09BRASILIA34.html"), "rb") as stream:
        page = stream.read()  # 55 KB: one input, over the cap
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("cables.csv", dump)
        archive.writestr("09BRASILIA34.html", page)
    tarred = io.BytesIO()
    with tarfile.open(fileobj=tarred, mode="w:gz") as archive:
        for name, data in (("export/cables", dump), ("nested.zip", zipped.getvalue())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    fourth = dump.index(b'\n"4","') + 10
    damaged = zipped.getvalue().replace(dump[fourth:fourth + 40], b"x" * 40, 1)  # bad CRC
    for name, data, expected in [
            ("cables.zip", zipped.getvalue(), {"cables.zip!cables.csv": [1, 2, 3, 4, 5],
                                               "cables.zip!09BRASILIA34.html": ["too_large"]}),
            ("cables.tar.gz", tarred.getvalue(), {
                "cables.tar.gz!export/cables": [1, 2, 3, 4, 5],  # (the nested copies: duplicates)
                "cables.tar.gz!nested.zip!cables.csv": ["duplicate"] * 5,
                "cables.tar.gz!nested.zip!09BRASILIA34.html": ["too_large"]}),
            ("damaged.zip", damaged, {"damaged.zip!cables.csv": ["bad_member"],  # (CRC: at its end)
                                      "damaged.zip!09BRASILIA34.html": ["too_large"]})]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / name).write_bytes(data)
        summary = run(folder, tmp_path / f"out-{name}", "--max_input_bytes", "20000")
        cables, dead_letters = read_outputs(str(tmp_path / f"out-{name}"))
        found = {}
        for record in cables + dead_letters:
            found.setdefault(os.path.relpath(record["source"]["uri"], folder), []).append(
                record["source"]["row"] if "reference_id" in record else record["error_type"])
        assert {uri: sorted(outcomes, key=str) for uri, outcomes in found.items()} == expected
        assert summary["accounted"] and summary["exit_status"] == 0


def test_an_encrypted_zip_member_is_a_bad_member_saying_so_plainly(tmp_path):
    """A zip with a password-protected member: one bad_member dead letter, the other members
    read. zipfile's message began with the member's ZipInfo repr ('File <ZipInfo
    filename=... compress_type=deflate filemode=... file_size=... compress_size=...> is
    encrypted, password required for extraction'); it says what it is and what to do."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("06ALMATY2404.txt", "08MUNICH355.txt"):
            archive.write(os.path.join(SAMPLES, name), name)
    data = bytearray(buffer.getvalue())
    data[6] |= 1  # the first member's local header and central directory entry: encrypted
    data[data.index(b"PK\x01\x02") + 8] |= 1
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "locked.zip").write_bytes(bytes(data))
    summary = run(folder, tmp_path / "out")
    cables, dead_letters = read_outputs(str(tmp_path / "out"))
    assert [cable["reference_id"] for cable in cables] == ["08MUNICH355"]
    (dead,) = dead_letters
    assert (dead["source"]["uri"], dead["error_type"]) == (
        str(folder / "locked.zip") + "!06ALMATY2404.txt", "bad_member")
    assert dead["error_message"] == ("zip member 06ALMATY2404.txt is encrypted: no password is "
                                     "taken; decrypt the archive and ingest it again")
    assert summary["accounted"] and summary["inputs"] == 2


def test_junk_after_a_whole_gzip_stream_is_said_as_such(tmp_path):
    """A gzip file with bytes appended after its end: Python's gzip reads them as the header of
    another member and says 'Not a gzipped file (b'ju')' of a file that is one. The dead letter
    (bad_compression, after the rows read before) says there are bytes after the end of the
    gzip data; a file that is no gzip at all keeps gzip's own words."""
    with open(os.path.join(SAMPLES, CSV), "rb") as stream:
        dump = stream.read()
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "cable.txt.gz").write_bytes(gzip.compress(sample_bytes(["06ALMATY2404.txt"]))
                                          + b"junk appended")
    (folder / "cables.csv.gz").write_bytes(gzip.compress(dump) + b"<html>proxy error</html>")
    (folder / "not-gzip.txt.gz").write_bytes(b"plain text, named .gz")
    summary = run(folder, tmp_path / "out")
    cables, dead_letters = read_outputs(str(tmp_path / "out"))
    # (the last row waits for the end of the stream to be known whole: it is in the file's)
    assert sorted(cable["source"]["row"] for cable in cables) == [1, 2, 3, 4]
    messages = {os.path.basename(d["source"]["uri"]): (d["error_type"], d["error_message"])
                for d in dead_letters}
    assert sorted(messages) == ["cable.txt.gz", "cables.csv.gz", "not-gzip.txt.gz"]
    assert {error_type for error_type, _ in messages.values()} == {"bad_compression"}
    for name in ("cable.txt.gz", "cables.csv.gz"):
        assert "bytes after the end of the gzip data are not another gzip stream" in messages[name][1]
    assert "Not a gzipped file" in messages["not-gzip.txt.gz"][1]
    assert "after the end" not in messages["not-gzip.txt.gz"][1]
    assert summary["accounted"] and summary["inputs"] == 7


def test_compressed_objects_on_cloud_storage(gcs_client, tmp_path):  # noqa: F811
    bucket = gcs_client.create_bucket("cable-compressed")
    with open(os.path.join(SAMPLES, CSV), "rb") as stream:
        dump = stream.read()
    page = sample_bytes(["09BRASILIA34.html"])
    bomb = bzip2_bomb(2**30)
    uploads = {"cables.csv.gz": gzip.compress(dump), "09BRASILIA34.html.bz2": bz2.compress(page),
               "bomb.txt.bz2": bomb, "cut.txt.xz": lzma.compress(page)[:-100]}
    for name, data in uploads.items():
        bucket.blob(f"drop/{name}").upload_from_string(data)
    status = main(["run", "--input", "gs://cable-compressed/drop/*", "--output",
                   str(tmp_path / "out"), "--max_input_bytes", str(2**20)])
    cables, dead_letters = read_outputs(str(tmp_path / "out"))
    found = sorted((r["source"]["uri"].rsplit("/", 1)[-1], r["source"]["format"],
                    r.get("error_type", "cable")) for r in cables + dead_letters)
    assert found == sorted([("09BRASILIA34.html.bz2", "HTML", "cable"),
                            ("bomb.txt.bz2", "TEXT", "too_large"),
                            ("cut.txt.xz", "TEXT", "bad_compression")]
                           + [("cables.csv.gz", "CSV", "cable")] * 5)
    [too_large] = [d for d in dead_letters if d["error_type"] == "too_large"]
    assert too_large["source"]["size"] == len(bomb)
    assert status == 0


def test_a_damaged_file_refused_whole_is_described_by_its_own_size_and_sha256(tmp_path, capsys):
    """A damaged gzip, tar.gz or zip is one READ dead letter with no payload (it stays at its
    uri): its source said size 0 and the sha256 of no bytes, so it could not be told from an
    empty file nor matched with the file it came from. A replay refuses it without the advice
    of a larger --max_input_bytes, which helps an input over the cap alone."""
    import hashlib

    folder = tmp_path / "drop"
    folder.mkdir()
    whole = gzip.compress(tar_of(["06ALMATY2404.txt", "08MUNICH355.txt"]))
    (folder / "cut.tar.gz").write_bytes(whole[:len(whole) // 2])
    (folder / "cut.txt.gz").write_bytes(gzip.compress(b"x" * 5000)[:-100])
    (folder / "corrupt.zip").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 16)
    summary = run(folder, tmp_path / "out")
    _, dead_letters = read_outputs(str(tmp_path / "out"))
    refused = {d["source"]["uri"].rsplit("/", 1)[-1]: d for d in dead_letters
               if "!" not in d["source"]["uri"]}
    assert sorted(refused) == ["corrupt.zip", "cut.tar.gz", "cut.txt.gz"], refused
    for name, dead in refused.items():
        data = (folder / name).read_bytes()
        assert dead["stage"] == "READ" and dead["payload"] == b""
        assert (dead["source"]["size"], dead["source"]["sha256"]) == (
            len(data), hashlib.sha256(data).hexdigest()), name
    assert summary["accounted"]

    capsys.readouterr()
    main(["replay", str(tmp_path / "out"), "--output", str(tmp_path / "replayed")])
    _, again = read_outputs(str(tmp_path / "replayed"))
    messages = [d["error_message"] for d in again if d["source"]["uri"].endswith("corrupt.zip")]
    assert messages and messages[0].startswith("not replayed:")
    assert "--max_input_bytes" not in messages[0], messages[0]
