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
    ticked = ticks.to_numpy(dtype=float, na_value=np.nan) == 1
    return np.where(answered, np.where(ticked, 0, 1), UNANSWERED).astype(np.int16)


def cross_counts(rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int,
                 weights: np.ndarray | None = None) -> np.ndarray:
    """The ``n_rows`` x ``n_columns`` table of respondents who answered both (codes >= 0);
    with ``weights``, of their weights' sums.

    Unanswered codes go to an extra row and column that are cut off at the end: cheaper
    than selecting the answered respondents first.
    """
    rows = np.where(rows >= 0, rows, n_rows).astype(np.intp)
    columns = np.where(columns >= 0, columns, n_columns)
    flat = rows * (n_columns + 1) + columns
    counts = np.bincount(flat, weights=weights, minlength=(n_rows + 1) * (n_columns + 1))
    return counts.reshape(n_rows + 1, n_columns + 1)[:n_rows, :n_columns]
