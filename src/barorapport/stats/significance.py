"""Tests of a crosstab: Pearson's chi-square, and per cell whether it differs from the rest
of its row, with Holm's correction for multiple comparisons.

Input: a table of counts (rows: options, levels or ticked / not ticked; columns: the banner's
options). Output: the chi-square p-value, adjusted residuals and Holm-adjusted p-values.
The methods are documented in docs/statistics.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats as distributions


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    dof: int
    p_value: float
    small_expected: bool
    """Cochran's rule fails: an expected count under 1, or over a fifth of them under 5."""


def _occupied(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns with at least one respondent: empty ones carry no information and
    would make expected counts zero."""
    return counts.sum(axis=1) > 0, counts.sum(axis=0) > 0


def expected_counts(counts: np.ndarray) -> np.ndarray:
    total = counts.sum()
    return np.outer(counts.sum(axis=1), counts.sum(axis=0)) / total if total else \
        np.zeros(counts.shape)


def chi_square(counts: np.ndarray) -> ChiSquare:
    """Pearson's chi-square test of independence, without continuity correction."""
    rows, columns = _occupied(counts)
    table = counts[rows][:, columns].astype(float)
    if table.shape[0] < 2 or table.shape[1] < 2:
        return ChiSquare(np.nan, 0, np.nan, False)
    expected = expected_counts(table)
    statistic = float(((table - expected) ** 2 / expected).sum())
    dof = (table.shape[0] - 1) * (table.shape[1] - 1)
    small = bool((expected < 1).any() or (expected < 5).mean() > 0.2)
    return ChiSquare(statistic, dof, float(distributions.chi2.sf(statistic, dof)), small)


def adjusted_residuals(counts: np.ndarray) -> np.ndarray:
    """Haberman's adjusted residuals: for each cell, the z statistic of the cell's column
    against all other columns, on the cell's row against all other rows; NaN in empty rows
    and columns."""
    rows, columns = _occupied(counts)
    residuals = np.full(counts.shape, np.nan)
    table = counts[rows][:, columns].astype(float)
    if table.shape[0] < 2 or table.shape[1] < 2:
        return residuals
    total = table.sum()
    expected = expected_counts(table)
    row_share = table.sum(axis=1, keepdims=True) / total
    column_share = table.sum(axis=0, keepdims=True) / total
    residuals[np.ix_(rows, columns)] = (table - expected) / np.sqrt(
        expected * (1 - row_share) * (1 - column_share))
    return residuals


def holm(p_values: np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment of a family of p-values (NaN stay NaN, out of the family)."""
    p_values = np.asarray(p_values, dtype=float)
    adjusted = np.full(p_values.shape, np.nan)
    present = np.flatnonzero(~np.isnan(p_values))
    order = present[np.argsort(p_values[present], kind="stable")]
    size = len(order)
    steps = p_values[order] * (size - np.arange(size))
    adjusted[order] = np.minimum(np.maximum.accumulate(steps), 1.0)
    return adjusted


def cell_p_values(counts: np.ndarray, family_rows: int | None = None) -> tuple[np.ndarray,
                                                                               np.ndarray]:
    """Adjusted residuals and their two-sided p-values, Holm-adjusted over the cells of the
    first ``family_rows`` rows (all rows by default)."""
    residuals = adjusted_residuals(counts)
    raw = 2 * distributions.norm.sf(np.abs(residuals))
    family = raw[:family_rows] if family_rows is not None else raw
    adjusted = np.full(raw.shape, np.nan)
    adjusted[:family.shape[0]] = holm(family.ravel()).reshape(family.shape)
    return residuals, adjusted
