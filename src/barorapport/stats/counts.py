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
    """Position of each answer in ``codes``; ``UNANSWERED`` where the cell is empty."""
    return pd.Categorical(values, categories=codes).codes.astype(np.int64)


def tick_codes(ticks: pd.Series, answered: np.ndarray) -> np.ndarray:
    """0 for ticked, 1 for not ticked among those who answered the question, else
    ``UNANSWERED``: an empty cell of a respondent who answered counts as not ticked."""
    ticked = ticks.to_numpy(dtype=float, na_value=np.nan) == 1
    return np.where(answered, np.where(ticked, 0, 1), UNANSWERED)


def cross_counts(rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int
                 ) -> np.ndarray:
    """The ``n_rows`` x ``n_columns`` table of respondents answered both (codes >= 0)."""
    keep = (rows >= 0) & (columns >= 0)
    flat = rows[keep] * n_columns + columns[keep]
    return np.bincount(flat, minlength=n_rows * n_columns).reshape(n_rows, n_columns)
