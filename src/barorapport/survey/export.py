"""Open an export: CSV, XLSX, SPSS or Stata, in the declared or recognised layout.

Input: the questionnaire's ``responses`` settings and the export's path. Output: an
``Export``: its layout, one heading per column, the respondent rows and their numbers, and
what the file itself declares about its questions (SPSS and Stata labels). The kind of file
is recognised from its content (``sniff``); a kind that is not read is an error saying what
the file is and which formats are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import SurveyError
from .carried import Carried
from .delimited import read_delimited
from .formats import Layout, StatFile, layout_for
from .questionnaire import ResponsesSource
from .sniff import SPSS, STATA, XLSX, FileKind, kind_of, refuse
from .spreadsheet import read_spreadsheet
from .statfile import read_statfile
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
    carried: Carried | None = None
    """What the file declares about its columns and questions (SPSS and Stata labels, a
    Qualtrics export's heading rows); None when it declares nothing."""
    notes: tuple[str, ...] = ()
    """What the reader did that the console should say (user-missing cells emptied)."""
    merged: tuple[str, ...] = ()
    """The XLSX heading cells that are merged (``C1:E1``): each column of a merge is headed
    by its text (said when a column the questionnaire names is then missing)."""

    def __len__(self) -> int:
        return len(self.rows)


def _records(responses: ResponsesSource, path: Path, shown: str, kind: FileKind
             ) -> tuple[Records, str, str | None]:
    """The records, the container (``csv`` or ``xlsx``) and the CSV delimiter."""
    if not kind.read:
        raise refuse(kind, shown)
    if kind == XLSX and responses.format == "csv":
        raise SurveyError(f"{shown}: an XLSX workbook, where responses.format says csv")
    if responses.format == "xlsx" and kind != XLSX:
        raise SurveyError(f"{shown}: not an XLSX workbook (responses.format says xlsx)")
    if kind == XLSX:
        return read_spreadsheet(path, shown, responses.sheet, responses.limits), "xlsx", None
    records, delimiter = read_delimited(path, shown, encoding=responses.encoding,
                                        delimiter=responses.delimiter)
    return records, "csv", delimiter


def _read_statfile(responses: ResponsesSource, path: Path, shown: str, kind: str) -> Export:
    if responses.format not in (None, kind):
        raise SurveyError(f"{shown}: an {'SPSS' if kind == 'spss' else 'Stata'} file, where "
                          f"responses.format says {responses.format}")
    records, carried, notes = read_statfile(path, kind, shown)
    return Export(layout=StatFile(kind), headings=tuple(records.row(0)),
                  columns=tuple(column.slice(1) for column in records.columns),
                  rows=records.rows[1:], ragged=(), delimiter=None, encoding=None,
                  carried=carried, notes=notes)


def read_export(responses: ResponsesSource, path: Path, shown: str) -> Export:
    """The export at ``path``, read as ``responses`` declares or as it looks."""
    kind = kind_of(path)
    if kind in (SPSS, STATA) or responses.format in ("spss", "stata"):
        if kind not in (SPSS, STATA):
            raise (refuse(kind, shown) if not kind.read else SurveyError(
                f"{shown}: not an SPSS or Stata file (responses.format says "
                f"{responses.format})"))
        return _read_statfile(responses, path, shown, kind.name)
    records, container, delimiter = _records(responses, path, shown, kind)
    layout = layout_for(responses.format,
                        [records.row(index) for index in range(min(3, len(records)))],
                        container)
    if len(records) < layout.header_rows:
        raise SurveyError(f"{shown}: {layout.header_rows} heading rows expected "
                          f"({layout.name} export), found {len(records)}")
    heading_rows = [records.row(index) for index in range(layout.header_rows)]
    ragged_headings = [row for row, _cells in records.ragged
                       if row < records.rows[layout.header_rows - 1]]
    if ragged_headings:
        raise SurveyError(f"{shown} row {ragged_headings[0]}: not as many cells as row 1 "
                          "(the heading rows must be alike)")
    last_heading = int(records.rows[layout.header_rows - 1])
    merged_answers = [cells for cells, (_first, last) in zip(records.merged, records.merged_rows,
                                                             strict=True) if last > last_heading]
    if merged_answers:
        raise SurveyError(
            f"{shown}: cells {', '.join(merged_answers)} are merged below the heading "
            f"row{'s' if layout.header_rows > 1 else ''}: each respondent's answer needs a "
            "cell of its own (unmerge them in the spreadsheet)")
    return Export(layout=layout, headings=tuple(layout.headings(heading_rows)),
                  columns=tuple(column.slice(layout.header_rows) for column in records.columns),
                  rows=records.rows[layout.header_rows:], ragged=records.ragged,
                  delimiter=delimiter, encoding=records.encoding,
                  unreadable=records.unreadable, carried=layout.carried(heading_rows, shown),
                  merged=records.merged)
