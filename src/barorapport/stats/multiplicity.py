"""How many tests the publication runs, and their correction as a family: each crosstab's
(Holm, by default) or the whole publication's (report.yaml's ``multiple_testing``).

Input: the figures table with its crosstab cells' raw and in-table adjusted p-values, each
row's test of independence (``test_family``) and which cells are distinct tests. Output:
the same table, ``chi2_p``, ``cell_p``, the flags and the letters corrected over the
publication when it is the family; and a ``CountOfTests`` for the methods note.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .significance import benjamini_hochberg, holm

TABLE_KEYS = ["question", "item", "banner", "test_family"]
"""What names one test of independence: the crosstab and the rows it decides."""


@dataclass(frozen=True)
class CountOfTests:
    """The tests behind the crosstabs' flags, and how they are corrected."""

    tables: int = 0
    """Tests of independence (a crosstab's, a grouping's, a ticked option's)."""
    cells: int = 0
    """Distinct cell tests (a cell against the rest of its row)."""
    comparisons: int = 0
    """Column-against-column comparisons (the letters)."""
    family: str = "table"
    method: str = "holm"

    @property
    def total(self) -> int:
        return self.tables + self.cells + self.comparisons


def _test_keys(crossed: pd.DataFrame) -> pd.Series:
    keys = crossed[TABLE_KEYS].astype(object).where(crossed[TABLE_KEYS].notna(), "")
    return keys.astype(str).agg("\0".join, axis=1)


def count_tests(table: pd.DataFrame, family: str = "table", method: str = "holm"
                ) -> CountOfTests:
    """The crosstabs' tests of ``table`` (a figures table)."""
    crossed = table[table["banner"].notna() & table["test_family"].notna()]
    if crossed.empty:
        return CountOfTests(family=family, method=method)
    tested = crossed[crossed["chi2_p"].notna()]
    return CountOfTests(tables=int(_test_keys(tested).nunique()) if len(tested) else 0,
                     cells=int((crossed["cell_test"].eq(True)
                                & crossed["cell_p_raw"].notna()).sum()),
                     comparisons=int(crossed["comparisons"].fillna(0).sum()),
                     family=family, method=method)


def adjust(table: pd.DataFrame, family: str, method: str, alpha: float) -> pd.DataFrame:
    """``table`` with its crosstabs' p-values corrected over ``family``: ``table`` keeps
    each crosstab's Holm correction; ``publication`` corrects every test of independence
    together, and every distinct cell test together (Holm or Benjamini-Hochberg), then
    flags a cell (and keeps its letters) only where both corrected p-values are under
    ``alpha``."""
    crossed = (table["banner"].notna() & table["test_family"].notna()).to_numpy()
    table["correction"] = np.where(crossed & table["cell_p"].notna(),
                                   f"{method}-{family}", None)
    if family == "table" or not crossed.any():
        return table
    correct = holm if method == "holm" else benjamini_hochberg
    rows = table[crossed]
    keys = _test_keys(rows)
    # One p-value per test of independence, corrected over the publication.
    first = rows.groupby(keys, sort=False)["chi2_p"].first()
    independence = pd.Series(correct(first.to_numpy(dtype=float)), index=first.index)
    chi2 = keys.map(independence).to_numpy(dtype=float)
    # Every distinct cell test, corrected over the publication; a twin takes its original's.
    raw = rows["cell_p_raw"].to_numpy(dtype=float)
    distinct = rows["cell_test"].eq(True).to_numpy() & ~np.isnan(raw)
    adjusted = np.full(len(rows), np.nan)
    adjusted[distinct] = correct(raw[distinct])
    lookup = {(key, value): corrected for key, value, corrected
              in zip(keys[distinct], raw[distinct], adjusted[distinct], strict=True)}
    twins = ~distinct & ~np.isnan(raw)
    adjusted[twins] = [lookup.get((key, value), np.nan)
                       for key, value in zip(keys[twins], raw[twins], strict=True)]
    significant = (adjusted < alpha) & (chi2 < alpha) & ~rows["suppressed"].eq(True).to_numpy()
    z = rows["cell_z"].to_numpy(dtype=float)
    index = table.index[crossed]
    table.loc[index, "chi2_p"] = chi2
    table.loc[index, "cell_p"] = adjusted
    table.loc[index, "differs"] = np.where(significant, np.where(z > 0, "higher", "lower"),
                                           None)
    table.loc[index, "higher_than"] = np.where(chi2 < alpha, rows["higher_than"], None)
    return table
