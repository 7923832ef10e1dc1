"""Respondents counted twice: a repeated respondent id, or a row that repeats another.

Input: the ids and the export columns. Output: for each repeat, its position and the
position of the row it repeats (the first one is kept, the repeats are quarantined).

Identical rows are only taken for a repeated respondent when they can tell respondents
apart: when the row holds a date of response (LimeSurvey's ``submitdate``, Google Forms'
``Horodateur``...) or a written answer of ``TELLING_TEXT`` characters or more. Short or
partial answer patterns coincide too often for identical answers alone to prove anything.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .table import Column

TELLING_TEXT = 20
"""Characters from which two identical open answers are taken as one respondent's."""
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


def telling_rows(timestamps: list[Column], texts: list[Column]) -> np.ndarray:
    """The rows that hold a date of response or a written answer long enough to be telling."""
    length = len(timestamps[0]) if timestamps else len(texts[0]) if texts else 0
    telling = np.zeros(length, dtype=bool)
    for column in timestamps:
        telling |= column.filled()
    for column in texts:
        telling |= column.where(lambda value: len(value.strip()) >= TELLING_TEXT)
    return telling


def repeated_rows(columns: list[Column], candidates: np.ndarray) -> list[tuple[int, int]]:
    """(position, position of the first identical row) for each candidate row identical to an
    earlier candidate in every one of ``columns``."""
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
