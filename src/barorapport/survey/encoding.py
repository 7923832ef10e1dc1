"""The bytes of a CSV export in, the same text as UTF-8 out.

Survey tools write UTF-8, with or without a byte order mark; French Excel writes
Windows-1252. An export whose encoding is not declared is read as UTF-8 when it is valid
UTF-8, else as Windows-1252. Latin-1 is never a fallback: it would read the ``œ``, ``’`` and
``€`` of Windows-1252 as control characters without a word. Bytes that neither encoding
accepts are reported with their row and byte offset.
"""

from __future__ import annotations

import codecs

import numpy as np
import pyarrow as pa

from ..errors import SurveyError

BOM = codecs.BOM_UTF8
UTF8, WINDOWS_1252 = "utf-8", "cp1252"
NAMES = {UTF8: "UTF-8", WINDOWS_1252: "Windows-1252", "utf-8-sig": "UTF-8", "utf-16": "UTF-16"}


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
    bad_1252 = _bad_byte(body, WINDOWS_1252)
    if bad_1252 is not None:
        raise _error(shown, body, bad_1252, 0,
                     "is valid in neither UTF-8 nor Windows-1252 (declare responses.encoding "
                     "if the export uses another encoding)")
    return body.tobytes().decode(WINDOWS_1252).encode(UTF8), "Windows-1252"


def _looks_utf8(body: memoryview, bad: int) -> bool:
    """Whether the text around the invalid byte at ``bad`` is UTF-8 beyond plain ASCII: then
    the file is UTF-8 with a damaged byte, not Windows-1252."""
    before, after = body[:bad], body[bad + 1:]
    if not bytes(before).isascii():
        return True
    return not bytes(after).isascii() and is_utf8(after)
