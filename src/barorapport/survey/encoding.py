"""The bytes of a CSV export in, the same text as UTF-8 out.

Survey tools write UTF-8, with or without a byte order mark; French Excel writes
Windows-1252; older Unix tools ISO-8859-15. An export whose encoding is not declared is read
as UTF-8 when it is valid UTF-8, else as Windows-1252 or ISO-8859-15 on the evidence of its
bytes (``single_byte_encoding``), the choice and its reason said; when the bytes point both
ways the build stops and asks for ``responses.encoding``. Latin-1 is never a fallback: it
would read the ``œ``, ``’`` and ``€`` of Windows-1252 as control characters without a word.
Bytes that no candidate accepts are reported with their row and byte offset. UTF-16 (Excel's
"Unicode text") is read with its byte order mark, or without one from its 0 bytes.
"""

from __future__ import annotations

import codecs

import numpy as np
import pyarrow as pa

from ..errors import SurveyError

BOM = codecs.BOM_UTF8
UTF16_WITHOUT_BOM = {"utf-16-le": "UTF-16 LE (no byte order mark: every other byte is 0)",
                     "utf-16-be": "UTF-16 BE (no byte order mark: every other byte is 0)"}
"""The encodings read from a UTF-16 file's 0 bytes, as the console names them."""
UTF8, WINDOWS_1252, LATIN_9 = "utf-8", "cp1252", "iso8859-15"
NAMES = {UTF8: "UTF-8", WINDOWS_1252: "Windows-1252", "utf-8-sig": "UTF-8", "utf-16": "UTF-16",
         LATIN_9: "ISO-8859-15", **UTF16_WITHOUT_BOM}
LATIN_9_SIGNS = bytes([0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE])
"""The bytes ISO-8859-15 reads as ``€ Š š Ž ž Œ œ Ÿ`` and Windows-1252 as ``¤ ¦ ¨ ´ ¸ ¼ ½ ¾``."""
WINDOWS_1252_ONLY = bytes(byte for byte in range(0x80, 0xA0) if byte not in (0x81, 0x8D, 0x8F,
                                                                             0x90, 0x9D))
"""The bytes that are characters in Windows-1252 and control characters in ISO-8859-15."""


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``head`` (a file's first bytes) is UTF-16 text
    written without a byte order mark, else None: headings and codes are mostly ASCII, whose
    UTF-16 has a 0 byte after (LE) or before (BE) each character, a pattern no single-byte
    or UTF-8 text has (where a 0 byte never belongs)."""
    head = head[:len(head) - len(head) % 2]
    if len(head) < 4 or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    even, odd = head[0::2], head[1::2]
    for codec, zeros, letters in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.7 * len(zeros) and letters.count(0) <= 0.05 * len(letters):
            try:
                head.decode(codec)
            except UnicodeDecodeError as error:
                if error.start < len(head) - 2:  # the head may end in a split surrogate pair
                    continue
            return codec
    return None


def is_utf8(data: bytes | memoryview) -> bool:
    """Whether ``data`` is valid UTF-8 (checked by Arrow, about 3 GB/s)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    text = pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data))
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def row_of(data: bytes | memoryview, offset: int) -> int:
    """The spreadsheet row (header = 1) holding byte ``offset``: line breaks inside quoted
    cells do not start a row."""
    prefix = np.frombuffer(data, dtype=np.uint8, count=offset)
    breaks = np.flatnonzero(prefix == ord("\n"))
    quotes = np.flatnonzero(prefix == ord('"'))
    outside = np.searchsorted(quotes, breaks) % 2 == 0
    return int(outside.sum()) + 1


def _bad_byte(data: bytes | memoryview, encoding: str) -> int | None:
    """Offset of the first byte ``encoding`` rejects, or None when all are accepted."""
    try:
        codecs.decode(data, encoding)
    except UnicodeDecodeError as error:
        return error.start
    return None


def _error(shown: str, body: memoryview, bad: int, start: int, reason: str) -> SurveyError:
    """The error for the byte at ``bad`` in ``body``, which starts at ``start`` in the file."""
    byte = bytes(body[bad:bad + 1])
    return SurveyError(f"{shown} row {row_of(body, bad)}, byte offset {bad + start}: "
                       f"{byte!r} {reason}")


def to_utf8(data: bytes, declared: str | None, shown: str) -> tuple[bytes, str]:
    """``data`` as UTF-8 without BOM, and the name of the encoding it was read in.

    ``declared`` is a Python codec name (the questionnaire's ``responses.encoding``) or None
    to detect UTF-8 or Windows-1252. Offsets in errors count from the file's first byte.
    """
    if declared is None and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        declared = "utf-16"  # Excel's "Unicode text"
    elif declared is None:
        declared = utf16_without_bom(data[:4096])
    start = len(BOM) if data.startswith(BOM) and declared in (None, UTF8, "utf-8-sig") else 0
    body = memoryview(data)[start:]
    if declared not in (None, UTF8, "utf-8-sig"):
        bad = _bad_byte(body, declared)
        if bad is not None:
            raise _error(shown, body, bad, start,
                         f"is not valid {NAMES.get(declared, declared)} (responses.encoding)")
        return body.tobytes().decode(declared).encode(UTF8), NAMES.get(declared, declared)
    if is_utf8(body):
        return (data[start:] if start else data), "UTF-8"
    bad_utf8 = _bad_byte(body, UTF8)
    assert bad_utf8 is not None
    if declared is not None or start:
        raise _error(shown, body, bad_utf8, start, "is not valid UTF-8")
    if _looks_utf8(body, bad_utf8):
        raise _error(shown, body, bad_utf8, 0,
                     "is not valid UTF-8, though the rest of the file is")
    chosen, reason = single_byte_encoding(body, shown)
    if chosen == LATIN_9:
        return body.tobytes().decode(LATIN_9).encode(UTF8), f"ISO-8859-15 ({reason})"
    bad_1252 = _bad_byte(body, WINDOWS_1252)
    if bad_1252 is not None:
        raise _error(shown, body, bad_1252, 0,
                     "is valid in neither UTF-8 nor Windows-1252 (declare responses.encoding "
                     "if the export uses another encoding)")
    return body.tobytes().decode(WINDOWS_1252).encode(UTF8), f"Windows-1252 ({reason})"


def _offsets(body: memoryview, values: bytes) -> np.ndarray:
    array = np.frombuffer(body, dtype=np.uint8)
    return np.flatnonzero(np.isin(array, np.frombuffer(values, dtype=np.uint8)))


def _bytes_list(body: memoryview, offsets: np.ndarray, encoding: str) -> str:
    array = np.frombuffer(body, dtype=np.uint8)
    found = sorted(set(array[offsets].tolist()))
    return ", ".join(f"0x{byte:02X} {bytes([byte]).decode(encoding)}" for byte in found)


def single_byte_encoding(body: memoryview, shown: str) -> tuple[str, str]:
    """Windows-1252 or ISO-8859-15 for an export that is not UTF-8, on the evidence of its
    bytes: 0x80-0x9F are characters in Windows-1252 only (quotes, ``œ``, ``€``...), and the
    eight bytes ``LATIN_9_SIGNS`` are ``€ œ Œ Š š Ž ž Ÿ`` in ISO-8859-15 but signs in
    Windows-1252 (``¤ ½ ¼``...). Both kinds of evidence in one file: no guess, an error.
    Returns the codec and the reason, as the console says it."""
    latin_9 = _offsets(body, LATIN_9_SIGNS)
    windows = _offsets(body, WINDOWS_1252_ONLY)
    if not len(latin_9):
        if not len(windows):
            return WINDOWS_1252, "not UTF-8; no byte that ISO-8859-15 reads otherwise"
        return WINDOWS_1252, (f"not UTF-8; {_bytes_list(body, windows, WINDOWS_1252)} "
                              "exist in Windows-1252 only")
    if not len(windows):
        return LATIN_9, (f"not UTF-8; {_bytes_list(body, latin_9, LATIN_9)} as in "
                         "ISO-8859-15, and no byte of 0x80-0x9F, which Windows-1252 would use")
    first_windows, first_latin = int(windows[0]), int(latin_9[0])
    raise SurveyError(
        f"{shown}: not UTF-8, and its bytes point to two encodings: byte "
        f"{bytes(body[first_windows:first_windows + 1])!r} (row {row_of(body, first_windows)}) is "
        f"{bytes(body[first_windows:first_windows + 1]).decode(WINDOWS_1252, 'replace')!r} "
        f"in Windows-1252 only; byte {bytes(body[first_latin:first_latin + 1])!r} (row "
        f"{row_of(body, first_latin)}) is "
        f"{bytes(body[first_latin:first_latin + 1]).decode(LATIN_9)!r} in ISO-8859-15 but "
        f"{bytes(body[first_latin:first_latin + 1]).decode(WINDOWS_1252)!r} in Windows-1252: "
        "declare responses.encoding (cp1252 or iso-8859-15)")


def _looks_utf8(body: memoryview, bad: int) -> bool:
    """Whether the text around the invalid byte at ``bad`` is UTF-8 beyond plain ASCII: then
    the file is UTF-8 with a damaged byte, not Windows-1252."""
    before, after = body[:bad], body[bad + 1:]
    if not bytes(before).isascii():
        return True
    return not bytes(after).isascii() and is_utf8(after)
