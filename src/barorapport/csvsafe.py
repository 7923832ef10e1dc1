"""Cells that a spreadsheet cannot run as formulas: every published CSV goes through here.

Input: a cell (text, number, empty) or a table. Output: the same cell, with a text that a
spreadsheet would read as the start of a formula prefixed by an apostrophe, as OWASP's
"CSV injection" page recommends. Negative numbers written as text (``-3``, ``-2,5``) are
numbers, not formulas: they are left as they are, so their value is not lost.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What spreadsheets read as the start of a formula (OWASP's CSV injection list)."""
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")


def neutralise(value):
    """``=1+1`` becomes ``'=1+1``; ``-3`` stays ``-3``; numbers, ``None`` and texts that do
    not start like a formula are returned as they are."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _NEGATIVE_NUMBER.fullmatch(value):
        return value
    return "'" + value


def neutralise_row(row):
    """Each cell of ``row`` neutralised, as a list."""
    return [neutralise(cell) for cell in row]


def neutralise_frame(frame):
    """A copy of a pandas DataFrame whose headings and text cells are neutralised."""
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    safe = frame.copy()
    safe.columns = [neutralise(str(column)) if isinstance(column, str) else column
                    for column in safe.columns]
    for column in safe.columns:
        if not is_numeric_dtype(safe[column]) and not is_bool_dtype(safe[column]):
            safe[column] = safe[column].astype(object).map(neutralise)
    return safe
