"""Bytes to text: UTF-8 first, then declared fallbacks that leave a warning on the record.

Plain Python, no Beam.
"""
import codecs
import re

from transforms.records import DECODE, Failure
from transforms.wording import counted

# Tried in order after UTF-8. cp1252 covers the Windows-made files of the corpus (smart quotes,
# the pilcrow); latin-1 maps every byte, so decoding never fails once the input is known to be text.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")

# C0 control characters that never occur in a real cable (tab, LF, FF, CR and ESC-free text):
# a share of them above BINARY_RATIO marks the input as binary rather than damaged text.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
# Every other byte: deleting them leaves the control bytes alone, so their count is a length
# (half the CPU of mapping them to NUL and counting those: ~4 against ~8 us a 12 KB cable).
_OTHER_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
BINARY_RATIO = 0.01
# What an Avro object container file starts with: cable-ingest's own output given as input.
AVRO_MAGIC = b"Obj\x01"

# A character of UTF-8 beyond ASCII: a lead byte and its continuation bytes (the shortest forms:
# C0, C1 and F5-FF never lead). A text failing UTF-8 that holds one is a UTF-8 text with bytes
# of a legacy encoding pasted in (a cp1252 `\xb6` pilcrow or `\x92` quote among UTF-8 ones);
# decoding it all as cp1252 would turn every UTF-8 character into mojibake (`Â¶`, `â€™`).
UTF8_SEQUENCE = re.compile(rb"""
    [\xc2-\xdf][\x80-\xbf]              # 2 bytes: U+0080-U+07FF
    | [\xe0-\xef][\x80-\xbf]{2}         # 3 bytes
    | [\xf0-\xf4][\x80-\xbf]{3}         # 4 bytes
    """, re.VERBOSE)
# Each byte that is not UTF-8, in a mixed text: its cp1252 character (latin-1's for the five
# bytes cp1252 leaves undefined).
_LEGACY_BYTE = {byte: bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in range(128, 256)}
MIXED_ERRORS = "cable-ingest-cp1252-bytes"


def _legacy_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    """The codec error handler of a mixed text: the bytes UTF-8 refused, each as cp1252 reads it."""
    piece = error.object[error.start:error.end]
    return "".join(_LEGACY_BYTE.get(byte, chr(byte)) for byte in piece), error.end


codecs.register_error(MIXED_ERRORS, _legacy_bytes)

# The characters a cable's UTF-8 sequences stand for: letters with accents (Latin-1 Supplement,
# Latin Extended-A), typographic punctuation (General Punctuation), currency and letterlike
# signs. A cp1252 text holds byte pairs that read as UTF-8 by chance (`É’` is C9 92, UTF-8's
# IPA `ɒ`; `É»` C9 BB, `ɻ`): outside this set, so such a text is read as cp1252 whole.
CABLE_CHARACTER = re.compile("[\u00a0-\u017f\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]")


def _utf8_with_legacy_bytes(payload: bytes) -> bool:
    """`payload`, not valid UTF-8, is UTF-8 with bytes of cp1252 pasted in: it holds UTF-8
    sequences, each a character a cable writes (CABLE_CHARACTER), not a cp1252 text whose
    byte pairs happen to read as UTF-8."""
    sequences = UTF8_SEQUENCE.findall(payload)
    return bool(sequences) and all(CABLE_CHARACTER.fullmatch(sequence.decode("utf-8"))
                                   for sequence in set(sequences))

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_payload(payload: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of `payload` and the warnings decoding it raised; Failure(DECODE, ...) if binary."""
    if not payload:
        raise Failure(DECODE, "empty_input", "the input is empty (0 bytes)")
    for bom, encoding in _BOMS:
        if payload.startswith(bom):
            return _decode_with_bom(payload, encoding)
    _reject_binary(payload)
    try:
        return payload.decode("utf-8"), ()
    except UnicodeDecodeError as error:
        first_bad = error.start
    if _utf8_with_legacy_bytes(payload):
        return payload.decode("utf-8", MIXED_ERRORS), (
            f"not valid UTF-8 (first bad byte at offset {first_bad}); UTF-8 mixed with cp1252: "
            "the bytes that are not UTF-8 decoded as cp1252",)
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = payload.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, (f"not valid UTF-8 (first bad byte at offset {first_bad}); decoded as {encoding}",)
    raise AssertionError("latin-1 decodes every byte string")


def _decode_with_bom(payload: bytes, encoding: str) -> tuple[str, tuple[str, ...]]:
    try:
        text = payload.decode(encoding)
    except UnicodeDecodeError as error:
        raise Failure(DECODE, "not_utf8", f"starts with a {encoding} byte-order mark but does not "
                      f"decode as {encoding}: {error.reason} at offset {error.start}") from None
    if "\0" in text:
        raise Failure(DECODE, "binary_input", "the decoded text contains NUL characters")
    warnings = () if encoding == "utf-8-sig" else (f"decoded as {encoding} (byte-order mark)",)
    return text, warnings


def _reject_binary(payload: bytes) -> None:
    """Raise Failure(DECODE, binary_input) for NUL bytes or a high share of control bytes."""
    nul_at = payload.find(b"\0")
    if nul_at >= 0:
        raise Failure(DECODE, "binary_input", f"the input contains NUL bytes (first at offset "
                      f"{nul_at}){_utf16_hint(payload)}{_avro_hint(payload)}")
    sample = payload[:65536]
    controls = len(sample.translate(None, _OTHER_BYTES))
    if controls > BINARY_RATIO * len(sample):
        raise Failure(DECODE, "binary_input",
                      f"the input looks binary: {counted(controls, 'control byte')} in its first "
                      f"{len(sample):,}{_avro_hint(payload)}")


def _avro_hint(payload: bytes) -> str:
    """What to do with an Avro file, most likely a run's output mistaken for input (`parse
    out/cables/*.avro`, `--input 'out/**'`)."""
    if not payload.startswith(AVRO_MAGIC):
        return ""
    return (": it is an Avro file (records or dead letters written by cable-ingest?): "
            "`cable-ingest show` prints its records, `cable-ingest replay` re-ingests dead "
            "letters")


def _utf16_hint(payload: bytes) -> str:
    """What to do with text in UTF-16 without a byte-order mark (a NUL beside every ASCII
    character), which is not decoded: the NULs of a binary file look the same to the reader."""
    sample = payload[:1024]
    sample = sample[:len(sample) // 2 * 2]
    if len(sample) < 8:
        return ""
    for order, nuls, characters in (("LE", sample[1::2], sample[0::2]),
                                    ("BE", sample[0::2], sample[1::2])):
        if nuls.count(0) >= 0.95 * len(nuls) and characters.count(0) <= 0.05 * len(characters):
            return (f": it reads as UTF-16 {order} text without a byte-order mark, which is not "
                    "guessed; save it as UTF-8 (or UTF-16 with its byte-order mark) and replay it")
    return ""
