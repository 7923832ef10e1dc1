"""Every published CSV, safe by construction: one writer, whose cells no spreadsheet can run
as a formula and no reader can split into rows.

Input: a header and rows of cells (text, numbers, empty), or a pandas DataFrame. Output: the
CSV file in the one dialect of every published CSV (``docs/web.md``): UTF-8 with a byte-order
mark, comma-separated, ``\\n`` line ends, a field quoted (RFC 4180) when it holds a comma, a
quote, a ``\\r`` or a ``\\n`` (a lone ``\\r`` too, which readers with universal newlines take
for a line end). Every text cell goes through ``neutralise``: a text a spreadsheet would read
as the start of a formula gets an apostrophe before it, as OWASP's "CSV injection" page
recommends, also when the formula sign comes after spaces, control or invisible characters,
or is a fullwidth look-alike (``＝ ＋ － ＠``). Negative numbers written as text (``-3``,
``-2,5``) are numbers, not formulas: they are left as they are, so their value is not lost.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What spreadsheets read as the start of a formula (OWASP's CSV injection list)."""
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")
_LEADING = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                      r"\u2060-\u2064\u2066-\u206f\ufeff]+")
"""Spaces, control and invisible characters a spreadsheet may skip before a formula."""
_NEEDS_QUOTES = re.compile(r'[",\r\n]')


def _starts_like_a_formula(value: str) -> bool:
    if value.startswith(FORMULA_STARTS):
        return True
    lead = _LEADING.match(value)
    rest = value[lead.end():] if lead else value
    if not rest:
        return False
    first = unicodedata.normalize("NFKC", rest[0])[:1]
    return bool(lead or first != rest[0]) and first in "=+-@"


def neutralise(value):
    """``=1+1`` becomes ``'=1+1`` (and `` =1``, ``\\u200b=1``, ``＝1`` alike); ``-3`` stays
    ``-3``; numbers, ``None`` and texts that do not start like a formula are returned as they
    are."""
    if not isinstance(value, str) or not _starts_like_a_formula(value):
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


def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        import pandas as pd

        return value is pd.NA or value is pd.NaT
    except ImportError:  # pragma: no cover (pandas is a dependency)
        return False


def csv_field(value) -> str:
    """One cell as the CSV writes it: empty for a missing value, a number as Python writes
    it, a text neutralised and quoted when it holds ``,`` ``"`` ``\\r`` or ``\\n``."""
    if _missing(value):
        return ""
    if hasattr(value, "item") and not isinstance(value, str):  # a NumPy scalar
        value = value.item()
    text = neutralise(str(value))  # ``-inf`` too: a number is written as text
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """The CSV text of ``header`` and ``rows`` (without the byte-order mark)."""
    lines = [",".join(csv_field(cell) for cell in header)]
    lines += [",".join(csv_field(cell) for cell in row) for row in rows]
    return "\n".join(lines) + "\n"


def write_csv_rows(path: Path, header: Iterable, rows: Iterable[Iterable], *,
                   bom: bool = True) -> Path:
    """Write ``header`` and ``rows`` to ``path`` (whole, never half written), with a
    byte-order mark unless ``bom`` is False."""
    from .atomic import write_atomically

    data = csv_text(header, rows).encode("utf-8")
    write_atomically(path, (b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_csv_frame(frame, path: Path) -> Path:
    """Write a pandas DataFrame (its columns as the header, no index) to ``path``."""
    return write_csv_rows(path, list(frame.columns), frame.itertuples(index=False, name=None))
