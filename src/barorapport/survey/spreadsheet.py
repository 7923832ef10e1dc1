"""Read an XLSX export: the first sheet in, every record as text out.

Cells become the text a CSV export would hold: whole numbers without decimals, other numbers
with a decimal point, dates in ISO form.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import SurveyError
from .table import Records, column_of

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
"""Excel 97-2003 workbooks (``.xls``), which are not read: save them as XLSX or CSV."""


def workbook_kind(path: Path) -> str | None:
    """``xlsx`` or ``xls`` when ``path`` is such a workbook, whatever its name; else None."""
    try:
        with path.open("rb") as file:
            magic = file.read(4)
    except OSError:
        return None
    return {XLSX_MAGIC: "xlsx", XLS_MAGIC: "xls"}.get(magic)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def read_spreadsheet(path: Path, shown: str) -> Records:
    """Every non-blank row of the workbook's first sheet."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise SurveyError(f"{shown}: file not found") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as error:
        raise SurveyError(f"{shown}: not an XLSX workbook ({error})") from None
    try:
        sheet = workbook.worksheets[0]
        rows, records = [], []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [cell_text(value) for value in values]
            if any(text.strip() for text in texts):
                rows.append(number)
                records.append(texts)
    finally:
        workbook.close()
    if not records:
        raise SurveyError(f"{shown}: empty sheet")
    width = max(len(record) for record in records)
    records = [record + [""] * (width - len(record)) for record in records]
    columns = tuple(column_of([record[index] for record in records]) for index in range(width))
    return Records(columns=columns, rows=np.asarray(rows, dtype=np.int64))
