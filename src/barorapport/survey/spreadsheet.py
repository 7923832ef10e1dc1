"""Read an XLSX export: its one sheet of answers in, every record as text out.

Cells become the text a CSV export would hold: whole numbers without decimals, other numbers
with a decimal point, dates in ISO form. Nothing of the workbook is ignored without a word:
respondents on a second sheet stop the build (unless ``responses.sheet`` names the sheet to
read), and a formula the file holds no computed value for is a quarantined cell.

Bounded: before anything is parsed, the parts' inflated size is checked against
``responses.limits.inflated_mb`` and every XML part is refused when it declares a DTD
(``<!DOCTYPE``: entities could read files or inflate without end); openpyxl parses with
defusedxml, and the cells read are counted against ``responses.limits.cells``.

Merged heading cells read as the spreadsheet shows them: the merge's value in each column
of it; merged answers are refused by ``export.read_export``.
"""

from __future__ import annotations

import datetime as dt
import re
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


_MIB = 1 << 20
_PROLOG = 1 << 16
"""Bytes of an XML part read to look for a DTD (the prolog comes first)."""


def check_workbook(path: Path, shown: str, limits) -> None:
    """Refuse a workbook that inflates beyond ``limits.inflated_mb`` or whose XML declares a
    DTD, before anything parses it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # said by the reader, in its words
    with archive:
        members = archive.infolist()
        inflated = sum(member.file_size for member in members)
        if inflated > limits.inflated_mb * _MIB:
            raise SurveyError(
                f"{shown}: the workbook inflates to {inflated / _MIB:,.0f} MiB, more than the "
                f"limit of {limits.inflated_mb} MiB (responses.limits.inflated_mb in "
                "questionnaire.yaml: raise it for a genuine workbook this large)")
        for member in members:
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            with archive.open(member) as part:
                head = part.read(_PROLOG)
            if b"<!DOCTYPE" in head or b"<!doctype" in head:
                raise SurveyError(f"{shown}: {member.filename} declares a DTD (<!DOCTYPE>), "
                                  "which no workbook needs: refused, as it could read other "
                                  "files or inflate without end (save the workbook again from "
                                  "a spreadsheet)")


def _rows(sheet, limit: int | None = None, shown: str = "") -> list[tuple[int, list[str]]]:
    """(row number, texts) of every non-blank row of ``sheet``; more than ``limit`` cells is
    an error."""
    rows, cells = [], 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells += len(values)
        if limit is not None and cells > limit:
            raise SurveyError(f"{shown}: sheet {sheet.title!r} holds more than {limit:,} cells "
                              "(responses.limits.cells in questionnaire.yaml: raise it for a "
                              "genuine export this large)")
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


def read_spreadsheet(path: Path, shown: str, sheet_name: str | None = None,
                     limits=None) -> Records:
    """Every non-blank row of the workbook's sheet (the first, or ``sheet_name``); a formula
    cell without a cached value is listed in ``unreadable``. ``limits`` (``ReadLimits``)
    bound what is read."""
    from .questionnaire import ReadLimits

    limits = limits or ReadLimits()
    check_workbook(path, shown, limits)
    try:
        return _read(path, shown, sheet_name, limits)
    except SurveyError:
        raise
    except (SyntaxError, ValueError, zipfile.BadZipFile, KeyError, EOFError) as error:
        # The parser's errors (openpyxl wraps them in a ValueError): the file is at fault.
        from defusedxml import DefusedXmlException

        chain = [error]
        while chain[-1].__cause__ or chain[-1].__context__:
            chain.append(chain[-1].__cause__ or chain[-1].__context__)
        refused = next((cause for cause in chain if isinstance(cause, DefusedXmlException)),
                       None)
        if refused is not None:
            raise SurveyError(f"{shown}: the workbook's XML declares entities or a DTD "
                              f"({type(refused).__name__}): refused") from None
        syntax = next((cause for cause in chain if isinstance(cause, SyntaxError)), None)
        reason = f"its XML is not well-formed: {syntax}" if syntax is not None \
            else f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        raise SurveyError(f"{shown}: not a readable XLSX workbook ({reason})") from None


_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3})(\d+)'
                    rb'(?::([A-Za-z]{1,3})(\d+))?"')
"""A merged range of a sheet's XML (``<mergeCell ref="B1:D1"/>``): markup only, since a
cell's text in the XML never holds a raw ``<``."""


def _merged_ranges(path: Path, member: str) -> list[tuple[int, int, int, int]]:
    """(first row, first column index, last row, last column index) of every merged range
    of the sheet ``member`` (rows from 1, columns from 0), read as a stream: the sheet's
    cells are read by openpyxl's read-only mode, which does not give merges."""
    from openpyxl.utils import column_index_from_string

    found, tail = [], b""
    with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as xml:
        while chunk := xml.read(_MIB):
            text = tail + chunk
            matches = list(_MERGE.finditer(text))
            found += matches
            # a tag cut at the chunk's end is read whole with the next chunk
            end = max(matches[-1].end() if matches else 0, len(text) - 256)
            tail = text[end:]
    ranges = set()
    for match in found:
        first_col, first_row, last_col, last_row = match.groups()
        last_col, last_row = last_col or first_col, last_row or first_row
        ranges.add((int(first_row), column_index_from_string(first_col.decode().upper()) - 1,
                    int(last_row), column_index_from_string(last_col.decode().upper()) - 1))
    return sorted(ranges)


def _fill_merges(numbered: list[tuple[int, list[str]]], merges: list[tuple[int, int, int, int]]
                 ) -> list[tuple[int, list[str]]]:
    """``numbered`` with each merged range's value (its first cell's) in every cell of the
    range's first row, as the spreadsheet shows it across the columns: a question's text
    merged over its options' columns heads each of them. The rows below stay as read
    (empty), as the tool's CSV export writes them: a heading merged over two heading rows
    (SurveyMonkey's ``Respondent ID``) is a heading of one row."""
    rows = {number: list(texts) for number, texts in numbered}
    for first_row, first_col, _last_row, last_col in merges:
        texts = rows.get(first_row)
        if texts is None or first_col >= len(texts):
            continue
        texts.extend([""] * (last_col + 1 - len(texts)))
        texts[first_col:last_col + 1] = [texts[first_col]] * (last_col + 1 - first_col)
    return sorted(rows.items())


def _read(path: Path, shown: str, sheet_name: str | None, limits) -> Records:
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
        title, member = sheet.title, sheet._worksheet_path
        numbered = _rows(sheet, limits.cells, shown)
    finally:
        workbook.close()
    merges = _merged_ranges(path, member)
    numbered = _fill_merges(numbered, merges)
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
                   unreadable=unreadable,
                   merged=tuple(f"{get_column_letter(first_col + 1)}{first_row}:"
                                f"{get_column_letter(last_col + 1)}{last_row}"
                                for first_row, first_col, last_row, last_col in merges),
                   merged_rows=tuple((first_row, last_row)
                                     for first_row, _first_col, last_row, _last_col in merges))
