"""SPSS multiple-response sets written into a ``.sav`` file, as SPSS writes them.

pyreadstat writes no multiple-response sets, so the record SPSS writes for them (an
extension record of type 7, subtype 7: PSPP's "Multiple Response Sets Records") is added to
the file's dictionary, just before its end (the record of type 999). Each set is a line:
``$name=D<n> <counted value> <label length> <label> <variables>`` for a multiple dichotomy
set, ``$name=C <label length> <label> <variables>`` for a multiple category set.
"""

from __future__ import annotations

import struct
from pathlib import Path

HEADER = 176
"""Bytes of a system file's header record."""


def _dictionary_end(data: bytes) -> int:
    """The offset of the dictionary's last record (type 999), reading each record in turn."""
    position = HEADER
    while True:
        (kind,) = struct.unpack_from("<i", data, position)
        if kind == 2:  # a variable: 32 bytes, then its label and missing values
            _, _, has_label, missing = struct.unpack_from("<4i", data, position)
            position += 32
            if has_label:
                (length,) = struct.unpack_from("<i", data, position)
                position += 4 + (length + 3) // 4 * 4
            position += abs(missing) * 8
        elif kind == 3:  # value labels, then the record of type 4 naming their variables
            (count,) = struct.unpack_from("<i", data, position + 4)
            position += 8
            for _ in range(count):
                length = data[position + 8]
                position += 8 + (1 + length + 7) // 8 * 8
            (kind4, variables) = struct.unpack_from("<2i", data, position)
            assert kind4 == 4
            position += 8 + 4 * variables
        elif kind == 6:  # document lines
            (lines,) = struct.unpack_from("<i", data, position + 4)
            position += 8 + 80 * lines
        elif kind == 7:  # an extension record
            _, _, size, count = struct.unpack_from("<4i", data, position)
            position += 16 + size * count
        elif kind == 999:
            return position
        else:
            raise ValueError(f"unexpected record type {kind} at byte {position}")


def dichotomy(name: str, label: str, variables: list[str], counted: str = "1") -> str:
    """One multiple dichotomy set's line."""
    return (f"${name}=D{len(counted)} {counted} {len(label.encode())} {label} "
            f"{' '.join(variables)}\n")


def categories(name: str, label: str, variables: list[str]) -> str:
    """One multiple category set's line."""
    return f"${name}=C {len(label.encode())} {label} {' '.join(variables)}\n"


def add_mr_sets(path: Path, lines: list[str]) -> None:
    """Add the sets ``lines`` to the ``.sav`` file at ``path`` (uncompressed or
    row-compressed: a ``.zsav`` holds offsets this would break)."""
    data = path.read_bytes()
    assert data[:4] == b"$FL2", "a .sav file"
    text = "".join(lines).encode()
    record = struct.pack("<4i", 7, 7, 1, len(text)) + text
    end = _dictionary_end(data)
    path.write_bytes(data[:end] + record + data[end:])
