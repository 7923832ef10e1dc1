"""Counting answers fast: category codes and grouped counts on numpy arrays.

Input: columns of ``Survey.answers``. Output: integer codes and count matrices. Crosstabs are
counted with ``np.bincount`` on combined codes rather than ``pd.crosstab``, which is about ten
times slower on a million respondents (see docs/benchmarks.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

UNANSWERED = -1


def category_codes(values: pd.Series, codes: list[str]) -> np.ndarray:
    """Position of each answer in ``codes``; ``UNANSWERED`` where the cell is empty.

    Factorised as a plain object array: pandas' own ``Categorical`` and ``factorize`` on the
    string dtype are five to eight times slower at a million answers.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        # Already coded (hashing a million strings costs ~0.1 s a column; this costs nothing).
        found, uniques = values.cat.codes.to_numpy(), list(values.cat.categories)
    else:
        found, uniques = pd.factorize(values.to_numpy(dtype=object))
    positions = {code: index for index, code in enumerate(codes)}
    # ``found`` is -1 for an empty cell, which picks the last entry: UNANSWERED.
    lookup = np.array([positions.get(value, UNANSWERED) for value in uniques] + [UNANSWERED],
                      dtype=np.int16)
    return lookup[found]


def tick_codes(ticks: pd.Series, answered: np.ndarray) -> np.ndarray:
    """0 for ticked, 1 for not ticked among those who answered the question, else
    ``UNANSWERED``: an empty cell of a respondent who answered counts as not ticked."""
    codes = (ticks.to_numpy(dtype=float, na_value=np.nan) != 1).astype(np.int16)
    codes[~answered] = UNANSWERED
    return codes


class Crossing:
    """Tables of answer codes (rows) by one set of column codes, both ``UNANSWERED`` where
    empty.

    Unanswered codes go to an extra row and column that are cut off at the end: cheaper
    than selecting the answered respondents first. The columns' part of each respondent's
    cell is computed once for all the questions crossed with them.
    """

    def __init__(self, columns: np.ndarray, n_columns: int):
        self.n_columns = n_columns
        self.column_cells = np.where(columns >= 0, columns, n_columns).astype(np.intp)

    def cells(self, rows: np.ndarray, n_rows: int) -> np.ndarray:
        """Each respondent's cell in the (n_rows + 1) x (n_columns + 1) table."""
        starts = np.arange(n_rows + 1, dtype=np.intp) * (self.n_columns + 1)
        return starts[rows] + self.column_cells  # code -1 picks the last start: unanswered

    def counts(self, cells: np.ndarray, n_rows: int, weights: np.ndarray | None = None
               ) -> np.ndarray:
        """The ``n_rows`` x ``n_columns`` table of respondents who answered both (codes >= 0);
        with ``weights``, of their weights' sums."""
        width = self.n_columns + 1
        counts = np.bincount(cells, weights=weights, minlength=(n_rows + 1) * width)
        return counts.reshape(n_rows + 1, width)[:n_rows, :self.n_columns]

