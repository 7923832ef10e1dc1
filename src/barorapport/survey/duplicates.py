"""Respondents counted twice: a repeated respondent id, or a repeated key the questionnaire
declares (``responses.duplicate_key``).

Input: the ids and the key columns. Output: for each repeat, its position and the position
of the row it repeats (the first one is kept, the repeats are quarantined).

Identical answers are never taken for one respondent: two people may well answer alike, at
the same day-precision timestamp, above all on a short questionnaire. Only what identifies a
respondent (the id, or the declared key) tells that a row is counted twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .table import Column

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def repeated_ids(ids: Column) -> list[tuple[int, int]]:
    """(position, position of the first row with that id) for each repeated, non-empty id.

    A column's codes are one per distinct text: a repeated id is a repeated code.
    """
    counts = np.bincount(ids.codes, minlength=len(ids.values))
    repeated_codes = np.flatnonzero(counts > 1)
    repeated_codes = [code for code in repeated_codes if ids.values[code].strip()]
    if not repeated_codes:
        return []
    positions = np.flatnonzero(np.isin(ids.codes, repeated_codes))
    first: dict[int, int] = {}
    repeats = []
    for position in positions:
        code = int(ids.codes[position])
        if code in first:
            repeats.append((int(position), first[code]))
        else:
            first[code] = int(position)
    return repeats


def repeated_rows(columns: list[Column], candidates: np.ndarray) -> list[tuple[int, int]]:
    """(position, position of the first identical row) for each candidate row identical to an
    earlier candidate in every one of ``columns`` (the key columns)."""
    positions = np.flatnonzero(candidates)
    if len(positions) < 2 or not columns:
        return []
    codes = [column.codes[positions].astype(np.uint64) for column in columns]
    hashes = np.zeros(len(positions), dtype=np.uint64)
    for column_codes in codes:
        hashes = hashes * _MULTIPLIER + column_codes + np.uint64(1)
    suspects = np.flatnonzero(pd.Series(hashes).duplicated(keep=False).to_numpy())
    first: dict[tuple, int] = {}
    repeats = []
    for suspect in suspects:  # hashes can collide: compare the cells themselves
        row = tuple(int(column_codes[suspect]) for column_codes in codes)
        position = int(positions[suspect])
        if row in first:
            repeats.append((position, first[row]))
        else:
            first[row] = position
    return repeats
