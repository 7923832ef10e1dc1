"""An export as its readers hand it on: every record, cells as text, and where each stands.

Cells are dictionary-encoded, as survey answers repeat a few codes: a column is an array of
integer codes into its distinct values, so that checking a column against the codebook is
one look-up per distinct value, not per cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Column:
    """One export column: ``values[codes[i]]`` is the text of record ``i`` (``""`` empty)."""

    codes: np.ndarray
    values: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.codes)

    def cell(self, index: int) -> str:
        return self.values[self.codes[index]]

    def lookup(self, table: np.ndarray) -> np.ndarray:
        """``table[k]`` for the value code ``k`` of every record: per-value results, per cell."""
        return np.asarray(table)[self.codes]

    def where(self, accept) -> np.ndarray:
        """The records whose text ``accept`` returns true for (called once per value)."""
        return self.lookup(np.array([bool(accept(value)) for value in self.values], dtype=bool))

    def filled(self) -> np.ndarray:
        return self.where(lambda value: value.strip() != "")

    def slice(self, start: int) -> Column:
        return Column(self.codes[start:], self.values)


def column_of(cells: list[str]) -> Column:
    """A ``Column`` of the texts ``cells``."""
    codes, uniques = pd.factorize(np.asarray(cells, dtype=object), sort=False)
    return Column(codes.astype(np.int32), tuple(str(value) for value in uniques))


@dataclass(frozen=True)
class Records:
    """Every record of an export, the heading rows included, one ``Column`` per column.

    ``rows[i]`` is the spreadsheet row of record ``i`` (the first row of the file is 1);
    blank rows are not records. ``ragged`` lists the rows that had another number of cells
    than the first row: they are not records either, and are quarantined.
    """

    columns: tuple[Column, ...]
    rows: np.ndarray
    ragged: tuple[tuple[int, int], ...] = ()
    """(row, number of cells) of each row whose length differs from the first row's."""
    encoding: str | None = None
    """The encoding a CSV export was read in."""
    unreadable: tuple[tuple[int, int, str, str], ...] = ()
    """(row, column index, cell, expected) of each cell that holds something the reader
    could not read as a value (an XLSX formula without a cached value): quarantined."""
    merged: tuple[str, ...] = ()
    """The XLSX ranges of merged cells (``B1:D1``), each cell read as the merge's value:
    heading cells may be merged, answers may not (``export.read_export`` says so)."""
    merged_rows: tuple[tuple[int, int], ...] = ()
    """(first row, last row) of each range of ``merged``."""

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, index: int) -> list[str]:
        return [column.cell(index) for column in self.columns]
