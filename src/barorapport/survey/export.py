"""Open an export: CSV or XLSX, in the declared or recognised layout.

Input: the questionnaire's ``responses`` settings and the export's path. Output: an
``Export``: its layout, one heading per column, the respondent rows and their numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import SurveyError
from .delimited import read_delimited
from .formats import Layout, layout_for
from .questionnaire import ResponsesSource
from .spreadsheet import read_spreadsheet, workbook_kind
from .table import Column, Records


@dataclass(frozen=True)
class Export:
    layout: Layout
    headings: tuple[str, ...]
    """One per column, as the layout names it (SurveyMonkey's two rows made one)."""
    columns: tuple[Column, ...]
    """The respondent rows only."""
    rows: np.ndarray
    """The spreadsheet row of each respondent row."""
    ragged: tuple[tuple[int, int], ...]
    """(row, cells) of the rows that did not have as many cells as the heading row."""
    delimiter: str | None
    encoding: str | None
    unreadable: tuple[tuple[int, int, str, str], ...] = ()
    """(row, column index, cell, expected) of the cells the reader could not read."""

    def __len__(self) -> int:
        return len(self.rows)


def _records(responses: ResponsesSource, path: Path, shown: str
             ) -> tuple[Records, str, str | None]:
    """The records, the container (``csv`` or ``xlsx``) and the CSV delimiter."""
    kind = workbook_kind(path)
    if kind == "xls":
        raise SurveyError(f"{shown}: an Excel 97-2003 workbook, which is not read: save it as "
                          "XLSX or CSV")
    container = "xlsx" if responses.format == "xlsx" or (
        responses.format != "csv" and (path.suffix.lower() in (".xlsx", ".xlsm")
                                       or kind == "xlsx")) else "csv"
    if container == "xlsx":
        return read_spreadsheet(path, shown, responses.sheet), container, None
    records, delimiter = read_delimited(path, shown, encoding=responses.encoding,
                                        delimiter=responses.delimiter)
    return records, container, delimiter


def read_export(responses: ResponsesSource, path: Path, shown: str) -> Export:
    """The export at ``path``, read as ``responses`` declares or as it looks."""
    records, container, delimiter = _records(responses, path, shown)
    layout = layout_for(responses.format, records.row(0), container)
    if len(records) < layout.header_rows:
        raise SurveyError(f"{shown}: {layout.header_rows} heading rows expected "
                          f"({layout.name} export), found {len(records)}")
    heading_rows = [records.row(index) for index in range(layout.header_rows)]
    ragged_headings = [row for row, _cells in records.ragged
                       if row < records.rows[layout.header_rows - 1]]
    if ragged_headings:
        raise SurveyError(f"{shown} row {ragged_headings[0]}: not as many cells as row 1 "
                          "(the heading rows must be alike)")
    return Export(layout=layout, headings=tuple(layout.headings(heading_rows)),
                  columns=tuple(column.slice(layout.header_rows) for column in records.columns),
                  rows=records.rows[layout.header_rows:], ragged=records.ragged,
                  delimiter=delimiter, encoding=records.encoding,
                  unreadable=records.unreadable)
