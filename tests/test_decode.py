"""Bytes to text: UTF-8, declared fallbacks with a warning, binary input rejected."""
import codecs

import pytest

from transforms.decode import decode_payload
from transforms.records import DECODE, Failure

CABLE = "UNCLAS STATE 001234\n\n\u00b61. (U) Text \u2019quoted\u2019.\n"


@pytest.mark.parametrize("payload, text, warning", [
    (CABLE.encode("utf-8"), CABLE, None),
    (codecs.BOM_UTF8 + CABLE.encode("utf-8"), CABLE, None),
    (CABLE.encode("cp1252"), CABLE, "decoded as cp1252"),
    (b"caf\xe9 \x81", "caf\xe9 \x81", "decoded as latin-1"),  # 0x81 is undefined in cp1252
    (CABLE.encode("utf-16"), CABLE, "decoded as utf-16"),
    (b"line one\r\nline two\r\n", "line one\r\nline two\r\n", None),
    # UTF-8 with cp1252 bytes pasted in: each decoded as it is, not the whole as cp1252 (which
    # made every UTF-8 pilcrow `\u00c2\u00b6` and lost the paragraphs)
    (CABLE.encode("utf-8") + b"\xb62. (U) It\x92s.\n", CABLE + "\u00b62. (U) It\u2019s.\n",
     "UTF-8 mixed with cp1252"),
    (b"\xb61. " + "\u2019".encode("utf-8") + b" \x81\xe2\x80", "\u00b61. \u2019 \x81\u00e2\u20ac",
     "UTF-8 mixed with cp1252"),   # 0x81: latin-1's; a cut UTF-8 character: its bytes as cp1252
    # cp1252 whose byte pairs read as UTF-8 by chance (`É’` is C9 92, UTF-8's `ɒ`): cp1252 whole
    ("JOS\u00c9\u2019S VISIT TO S\u00c3O PAULO".encode("cp1252"),
     "JOS\u00c9\u2019S VISIT TO S\u00c3O PAULO", "decoded as cp1252"),
    ("\u00abCAF\u00c9\u00bb FILHO \u00b6".encode("cp1252"), "\u00abCAF\u00c9\u00bb FILHO \u00b6",
     "decoded as cp1252"),
])
def test_decodes_text_and_declares_fallbacks(payload, text, warning):
    decoded, warnings = decode_payload(payload)
    assert decoded == text
    if warning is None:
        assert warnings == ()
    else:
        assert len(warnings) == 1 and warning in warnings[0]


@pytest.mark.parametrize("payload, error_type", [
    (b"", "empty_input"),
    (b"UNCLAS\x00STATE", "binary_input"),
    (bytes(range(1, 32)) * 100, "binary_input"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "not_utf8"),  # a lone surrogate after a UTF-16 BOM
])
def test_rejects_what_is_not_text(payload, error_type):
    with pytest.raises(Failure) as caught:
        decode_payload(payload)
    assert (caught.value.stage, caught.value.error_type) == (DECODE, error_type)


@pytest.mark.parametrize("controls, rejected", [(10, False), (11, True)])
def test_control_bytes_up_to_one_percent_are_damage_beyond_it_binary(controls, rejected):
    """The share is counted over control bytes alone: tab, LF, FF and CR are text, and so is
    every byte from 0x20 up (here 0x7f and 0xe9: not UTF-8, decoded as cp1252)."""
    text = (b"\t\n\x0c\r\x7f\xe9" * 100 + b"x" * 1_000)[:1_000 - controls]
    payload = text + bytes(range(1, 1 + controls)).replace(b"\t", b"\x1b").replace(
        b"\n", b"\x1c")
    assert len(payload) == 1_000
    if rejected:
        with pytest.raises(Failure, match="11 control bytes"):
            decode_payload(payload)
    else:
        assert decode_payload(payload)[0] == payload.decode("cp1252")


def test_utf16_without_a_byte_order_mark_is_binary_input_saying_how_to_fix_it(tmp_path):
    """A cable saved as UTF-16 without its byte-order mark is NUL bytes to the reader: a
    binary_input dead letter, as documented, whose message said only 'contains NUL bytes'.
    It names the encoding it reads as and what to do; a binary file gets no such hint."""
    import os
    import shutil

    from conftest import SAMPLES, read_outputs
    from pipeline.cli import main

    drop = tmp_path / "drop"
    drop.mkdir()
    with open(os.path.join(SAMPLES, "06ALMATY2404.txt"), encoding="utf-8") as stream:
        text = stream.read()
    (drop / "le.txt").write_bytes(text.encode("utf-16-le"))
    (drop / "be.txt").write_bytes(text.encode("utf-16-be"))
    (drop / "binary.txt").write_bytes(bytes(range(256)) * 4)
    shutil.copy(os.path.join(SAMPLES, "08MUNICH355.txt"), drop)
    assert main(["run", "--input", str(drop / "*"), "--output", str(tmp_path / "out")]) == 0
    cables, dead_letters = read_outputs(str(tmp_path / "out"))
    assert [cable["reference_id"] for cable in cables] == ["08MUNICH355"]
    messages = {os.path.basename(d["source"]["uri"]): d["error_message"] for d in dead_letters}
    assert {d["error_type"] for d in dead_letters} == {"binary_input"}
    assert "reads as UTF-16 LE text without a byte-order mark" in messages["le.txt"]
    assert "reads as UTF-16 BE text without a byte-order mark" in messages["be.txt"]
    assert "UTF-16" not in messages["binary.txt"]


def test_a_runs_output_given_as_input_is_named_an_avro_file_with_the_command_that_reads_it(
        tmp_path, capsys):
    """`cable-ingest parse out/cables/*.avro` and `run --input 'out/dead_letter/*.avro'` (the
    output mistaken for input) said only 'the input contains NUL bytes': a binary_input still,
    whose message says what the file is and which command reads it."""
    import glob
    import json
    import os

    from conftest import DATA, SAMPLES, read_outputs
    from pipeline.cli import main

    out, png = str(tmp_path / "out"), os.path.join(DATA, "invalid", "binary.png")
    assert main(["run", "--input", os.path.join(SAMPLES, "*"), "--output", out]) == 0
    avro_files = sorted(glob.glob(os.path.join(out, "*", "*.avro")))  # cables and dead letters
    assert len(avro_files) == 3
    capsys.readouterr()
    assert main(["parse", *avro_files, png]) == 0
    parsed = {result["source"]["uri"]: result["errors"]
              for result in map(json.loads, capsys.readouterr().out.splitlines())}
    assert main(["run", "--input", os.path.join(out, "*", "*.avro"), "--output",
                 str(tmp_path / "again")]) == 0
    dead_letters = read_outputs(str(tmp_path / "again"))[1]
    assert sorted(dead["source"]["uri"] for dead in dead_letters) == avro_files
    hint = ("it is an Avro file (records or dead letters written by cable-ingest?): "
            "`cable-ingest show` prints its records, `cable-ingest replay` re-ingests dead "
            "letters")
    errors = [(path, *parsed[path][0].values()) for path in avro_files + [png]] + [
        (dead["source"]["uri"], dead["stage"], dead["error_type"], dead["error_message"])
        for dead in dead_letters]
    for path, stage, error_type, message in errors:
        assert (stage, error_type) == (DECODE, "binary_input"), path
        assert (hint in message) is (path != png), (path, message)
