"""Read an XLSX export: its one sheet of answers in, every record as text out.

Cells become the text a CSV export would hold: whole numbers without decimals, other numbers
with a decimal point, dates in ISO form. Nothing of the workbook is ignored without a word:
respondents on a second sheet stop the build (unless ``responses.sheet`` names the sheet to
read), and a formula the file holds no computed value for is a quarantined cell.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np

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


FORMULA_WITHOUT_VALUE = ("a computed value (a formula without a cached value, in cell {cell}: "
                         "open and save the workbook in a spreadsheet to compute it)")


def _rows(sheet) -> list[tuple[int, list[str]]]:
    """(row number, texts) of every non-blank row of ``sheet``."""
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        texts = [cell_text(value) for value in values]
        if any(text.strip() for text in texts):
            rows.append((number, texts))
    return rows


def _choose_sheet(workbook, declared: str | None, shown: str):
    """The sheet to read: the declared one, else the first, which must then be the only one
    holding anything: respondents on another sheet are never ignored."""
    names = workbook.sheetnames
    if declared is not None:
        if declared not in names:
            raise SurveyError(f"{shown}: no sheet {declared!r} (responses.sheet); the workbook "
                              f"has {', '.join(repr(name) for name in names)}")
        return workbook[declared]
    first = workbook.worksheets[0]
    for other in workbook.worksheets[1:]:
        held = _rows(other)
        if held:
            raise SurveyError(
                f"{shown}: sheet {other.title!r} holds {len(held)} row(s) too, and only the "
                f"first sheet ({first.title!r}) is read: put every respondent on one sheet, "
                "or name the sheet to read in responses.sheet")
    return first


def _formulas_without_values(path: Path, title: str, rows: list[tuple[int, list[str]]]
                             ) -> dict[tuple[int, int], str]:
    """(row, column index) to formula, for each formula cell the file holds no value for
    (openpyxl and pandas write formulas so): read as empty, they would be lost answers."""
    with zipfile.ZipFile(path) as archive:
        if not any(b"<f" in archive.read(name) for name in archive.namelist()
                   if name.startswith("xl/worksheets/") and name.endswith(".xml")):
            return {}
    filled = {(number, index) for number, texts in rows for index, text in enumerate(texts)
              if text}
    from openpyxl import load_workbook

    formulas = load_workbook(path, read_only=True, data_only=False)
    try:
        found = {}
        for number, values in enumerate(formulas[title].iter_rows(values_only=True), start=1):
            for index, value in enumerate(values):
                if isinstance(value, str) and value.startswith("=") \
                        and (number, index) not in filled:
                    found[(number, index)] = value
        return found
    finally:
        formulas.close()


def read_spreadsheet(path: Path, shown: str, sheet_name: str | None = None) -> Records:
    """Every non-blank row of the workbook's sheet (the first, or ``sheet_name``); a formula
    cell without a cached value is listed in ``unreadable``."""
    # openpyxl (0.08 s to import) only when an export is a workbook.
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise SurveyError(f"{shown}: file not found") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as error:
        raise SurveyError(f"{shown}: not an XLSX workbook ({error})") from None
    try:
        sheet = _choose_sheet(workbook, sheet_name, shown)
        title = sheet.title
        numbered = _rows(sheet)
    finally:
        workbook.close()
    formulas = _formulas_without_values(path, title, numbered)
    known = {number for number, _texts in numbered}
    for number in sorted({row for row, _index in formulas} - known):
        # a row of formulas alone is blank as read: it is a row all the same
        width = max((index for row, index in formulas if row == number), default=0) + 1
        numbered.append((number, [""] * width))
    numbered.sort(key=lambda item: item[0])
    if not numbered:
        raise SurveyError(f"{shown}: empty sheet")
    width = max(len(texts) for _number, texts in numbered)
    records = [texts + [""] * (width - len(texts)) for _number, texts in numbered]
    columns = tuple(column_of([record[index] for record in records]) for index in range(width))
    unreadable = tuple(
        (row, index, formula,
         FORMULA_WITHOUT_VALUE.format(cell=f"{get_column_letter(index + 1)}{row}"))
        for (row, index), formula in sorted(formulas.items()))
    return Records(columns=columns, rows=np.asarray([number for number, _ in numbered],
                                                    dtype=np.int64),
                   unreadable=unreadable)
