"""Small-cell suppression of crosstabs, primary and secondary.

Input: a table's counts, the column bases and the constraints that let a reader add cells
up (rows against published totals, columns against their bases, groups of levels against
their levels). Output: which cells to hide.

Primary: a cell counting 1 to ``threshold - 1`` respondents, and every cell of a column
whose base is under the threshold. Secondary: while some constraint has exactly one hidden
cell (its value would be the published total minus the others), hide its smallest other
non-zero cell. The rule protects against working a value out of any single total; see
docs/statistics.md for what it does not claim.
"""

from __future__ import annotations

import numpy as np


def primary_suppression(counts: np.ndarray, bases: np.ndarray, threshold: int) -> np.ndarray:
    """Cells to hide for themselves: small non-zero counts and the cells of small columns."""
    small_cell = (counts > 0) & (counts < threshold)
    small_column = np.broadcast_to(bases < threshold, counts.shape)
    return small_cell | small_column


def table_constraints(shape: tuple[int, int]) -> list[np.ndarray]:
    """Flat cell indexes of every row and every column of a table: each adds up to a
    published total."""
    index = np.arange(shape[0] * shape[1]).reshape(shape)
    return [*index, *index.T]


def secondary_suppression(counts: np.ndarray, hidden: np.ndarray,
                          constraints: list[np.ndarray]) -> np.ndarray:
    """``hidden`` completed so that no constraint has exactly one hidden cell."""
    flat_counts = counts.ravel().astype(float)
    result = hidden.ravel().copy()
    changed = True
    while changed:
        changed = False
        for cells in constraints:
            if result[cells].sum() != 1:
                continue
            candidates = cells[~result[cells]]
            if len(candidates) == 0:
                continue
            # Prefer the smallest non-zero cell: least information lost, and a hidden zero
            # would tell a reader less than it seems to protect.
            values = flat_counts[candidates]
            ranked = np.where(values > 0, values, np.inf)
            chosen = candidates[np.argmin(ranked)] if np.isfinite(ranked).any() \
                else candidates[0]
            result[chosen] = True
            changed = True
    return result.reshape(hidden.shape)
