"""The publication's estimates under a sampling design: shares, shares of mentions, means,
column percentages, and the tests of crosstabs, each with its design-based variance.

Input: a ``SampleDesign`` and per respondent the codes of an answer (and of a banner's
option). Output: ``Estimates`` (``design.estimate``), or for a crosstab the Rao-Scott test
and the cells' z statistics. Every function here is a ratio of weighted totals over cells
written for ``design.estimate``; docs/statistics.md gives the formulas, R's survey package
the reference (tests/stats/test_design_reference.py).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .design import Cells, Estimates, Ratios, SampleDesign, estimate


def shares(design: SampleDesign, codes: np.ndarray, size: int,
           groups: Sequence[Sequence[int]] = (), known: dict | None = None) -> Estimates:
    """The share of each of ``size`` codes (then of each group of codes) among the
    respondents with a code (``codes >= 0``); ``known``: their counts (``one``) and weights'
    sums (``w``) already counted."""
    alpha = np.vstack([np.eye(size)] + [_indicator(group, size)[None] for group in groups])
    return estimate(design, Cells(design, codes, size, known=known), size,
                    Ratios(alpha=alpha, delta=np.ones_like(alpha)))


def _indicator(members: Sequence[int], size: int) -> np.ndarray:
    row = np.zeros(size)
    row[list(members)] = 1.0
    return row


def binary_share(design: SampleDesign, ticked: np.ndarray) -> Estimates:
    """The share of the respondents coded 0 (ticked) among those coded 0 or 1."""
    return estimate(design, ticked, 2, Ratios(alpha=np.array([[1.0, 0.0]]),
                                              delta=np.ones((1, 2))))


def mention_share(design: SampleDesign, ticked: np.ndarray, mentions: np.ndarray,
                  known: dict | None = None) -> Estimates:
    """The option's share of all ticks: sum w t / sum w T, ``ticked`` 0 (ticked) or 1 among
    the respondents who answered (else -1), ``mentions`` each respondent's ticks T;
    ``known``: the sums per cell already computed (``design.Cells``)."""
    return estimate(design, Cells(design, ticked, 2, mentions, known), 2,
                    Ratios(alpha=np.array([[1.0, 0.0]]), delta=np.zeros((1, 2)),
                           epsilon=np.ones((1, 2))))


def mean(design: SampleDesign, values: np.ndarray, domain: np.ndarray) -> Estimates:
    """The weighted mean of ``values`` over the respondents of ``domain`` (a mask)."""
    cells = np.where(domain, 0, -1)
    return estimate(design, cells, 1, Ratios(alpha=np.zeros((1, 1)), delta=np.ones((1, 1)),
                                             beta=np.ones((1, 1))),
                    values=np.where(domain, values, 0.0))


def _cells(rows: np.ndarray, columns: np.ndarray, n_columns: int) -> np.ndarray:
    """Each respondent's crosstab cell, row-major; -1 without both answers."""
    return np.where((rows >= 0) & (columns >= 0), rows * n_columns + columns, -1)


_LAST = threading.local()


def _table_cells(design: SampleDesign, rows: np.ndarray, n_rows: int, columns: np.ndarray,
                 n_columns: int, known: dict[str, np.ndarray] | None = None) -> Cells:
    """The crosstab's ``Cells``, the same for its shares, its test and its cells'
    comparisons (the last table's kept, with the arrays it was made of); ``known``: the
    table's counts and sums already counted (rows x columns, by name: ``Cells``)."""
    last = getattr(_LAST, "table", None)
    if last is not None and last[0] is design and last[1] is rows and last[2] is columns \
            and last[3] == (n_rows, n_columns):
        return last[4]
    cells = Cells(design, _cells(rows, columns, n_columns), n_rows * n_columns,
                  known={name: np.ravel(sums) for name, sums in (known or {}).items()})
    _LAST.table = (design, rows, columns, (n_rows, n_columns), cells)
    return cells


def column_shares(design: SampleDesign, rows: np.ndarray, n_rows: int,
                  columns: np.ndarray, n_columns: int,
                  row_sets: Sequence[Sequence[int]], known: dict | None = None) -> Estimates:
    """Per row set (an option, a level, a grouping of levels) and column: the share of the
    column's respondents in the set (the column percentage), row set by row set."""
    cells = _table_cells(design, rows, n_rows, columns, n_columns, known)
    size = n_rows * n_columns
    alpha, delta = [], []
    for members in row_sets:
        for column in range(n_columns):
            alpha.append(_cell_indicator(members, [column], n_rows, n_columns))
            delta.append(_cell_indicator(range(n_rows), [column], n_rows, n_columns))
    return estimate(design, cells, size, Ratios(alpha=np.array(alpha), delta=np.array(delta)))


def _cell_indicator(rows: Sequence[int], columns: Sequence[int], n_rows: int,
                    n_columns: int) -> np.ndarray:
    indicator = np.zeros((n_rows, n_columns))
    indicator[np.asarray(rows, dtype=np.intp)[:, None],
              np.asarray(columns, dtype=np.intp)[None, :]] = 1.0
    return indicator.ravel()


@dataclass(frozen=True)
class Association:
    """A crosstab's design-based Rao-Scott test (``significance.rao_scott_design``)."""

    statistic: float
    numerator_df: float
    denominator_df: float
    p_value: float


def joint_shares(design: SampleDesign, rows: np.ndarray, n_rows: int, columns: np.ndarray,
                 n_columns: int, known: dict | None = None) -> tuple[Estimates, float, float]:
    """The cells' shares of the table (rows x columns, row-major) with their covariance;
    the respondents who answered both, and the design's degrees of freedom among them
    (R's ``svychisq`` on the subset of those respondents)."""
    cells = _table_cells(design, rows, n_rows, columns, n_columns, known)
    size = n_rows * n_columns
    estimates = estimate(design, cells, size, Ratios(alpha=np.eye(size),
                                                     delta=np.ones((size, size))))
    return estimates, float(estimates.respondents[0]), float(estimates.df[0])


def cell_differences(design: SampleDesign, rows: np.ndarray, n_rows: int,
                     columns: np.ndarray, n_columns: int, published_rows: int,
                     known: dict | None = None) -> np.ndarray:
    """Per cell of the first ``published_rows`` rows: the z statistic of the column's share
    of the row against the other columns' share, the difference's variance from the
    design (R: ``svyby`` by column and rest, ``svycontrast``). NaN where undefined."""
    cells = _table_cells(design, rows, n_rows, columns, n_columns, known)
    size = n_rows * n_columns
    alpha, delta = [], []
    for row in range(published_rows):
        for column in range(n_columns):
            others = [other for other in range(n_columns) if other != column]
            alpha += [_cell_indicator([row], [column], n_rows, n_columns),
                      _cell_indicator([row], others, n_rows, n_columns)]
            delta += [_cell_indicator(range(n_rows), [column], n_rows, n_columns),
                      _cell_indicator(range(n_rows), others, n_rows, n_columns)]
    pairs = published_rows * n_columns
    contrast = np.zeros((pairs, 2 * pairs))
    contrast[np.arange(pairs), 2 * np.arange(pairs)] = 1.0
    contrast[np.arange(pairs), 2 * np.arange(pairs) + 1] = -1.0
    differences = estimate(design, cells, size,
                           Ratios(alpha=np.array(alpha), delta=np.array(delta)),
                           contrast=contrast)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = differences.estimate / np.sqrt(np.clip(differences.variance, 0, None))
    return z.reshape(published_rows, n_columns)


def pairwise_differences(design: SampleDesign, rows: np.ndarray, n_rows: int,
                         columns: np.ndarray, n_columns: int, known: dict | None = None
                         ) -> np.ndarray:
    """Per row and pair of columns: ``z[r, i, j]``, column i's share of row r less column
    j's over the difference's design standard error (the significance letters); NaN where
    undefined. Each pair's shares are domains of the same design (R: ``svyby`` by column,
    ``svycontrast``)."""
    cells = _table_cells(design, rows, n_rows, columns, n_columns, known)
    size = n_rows * n_columns
    alpha, delta = [], []
    for row in range(n_rows):
        for column in range(n_columns):
            alpha.append(_cell_indicator([row], [column], n_rows, n_columns))
            delta.append(_cell_indicator(range(n_rows), [column], n_rows, n_columns))
    pairs = [(row, i, j) for row in range(n_rows) for i in range(n_columns)
             for j in range(i + 1, n_columns)]
    z = np.full((n_rows, n_columns, n_columns), np.nan)
    if not pairs:
        return z
    contrast = np.zeros((len(pairs), size))
    for index, (row, i, j) in enumerate(pairs):
        contrast[index, row * n_columns + i] = 1.0
        contrast[index, row * n_columns + j] = -1.0
    differences = estimate(design, cells, size,
                           Ratios(alpha=np.array(alpha), delta=np.array(delta)),
                           contrast=contrast)
    with np.errstate(invalid="ignore", divide="ignore"):
        found = differences.estimate / np.sqrt(np.clip(differences.variance, 0, None))
    for (row, i, j), value in zip(pairs, found, strict=True):
        z[row, i, j], z[row, j, i] = value, -value
    return z
