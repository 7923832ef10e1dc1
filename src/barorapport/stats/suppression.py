"""Small-cell suppression of crosstabs, primary and secondary.

Input: a table's counts, the column bases and the constraints that let a reader add cells
up (rows against published totals, columns against their bases, groups of levels against
their levels). Output: which cells to hide.

Primary: a cell counting 1 to ``threshold - 1`` respondents, and every cell of a column
whose base is under the threshold. Secondary: while some constraint has exactly one hidden
cell (its value would be the published total minus the others), hide one more of its
cells, chosen as ``_complement`` says. The rule protects against working a value out of any
single total; see docs/statistics.md for what it does not claim.
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
    member_of: dict[int, list[np.ndarray]] = {}
    for cells in constraints:
        for cell in cells:
            member_of.setdefault(int(cell), []).append(cells)
    changed = True
    while changed:
        changed = False
        for cells in constraints:
            if result[cells].sum() != 1:
                continue
            candidates = cells[~result[cells]]
            if len(candidates) == 0:
                continue
            result[_complement(candidates, flat_counts, result, member_of)] = True
            changed = True
    return result.reshape(hidden.shape)


def _complement(candidates: np.ndarray, counts: np.ndarray, hidden: np.ndarray,
                member_of: dict[int, list[np.ndarray]]) -> int:
    """The cell to hide beside a lone hidden one. First a cell that also completes another
    constraint with a lone hidden cell (one cell protecting two totals, as the corner of a
    rectangle does), then the smallest non-zero count (least information lost; a hidden
    zero protects less than it seems), then the first."""
    def rank(cell: int) -> tuple[int, float]:
        lone = sum(hidden[other].sum() == 1 for other in member_of[cell])
        value = counts[cell] if counts[cell] > 0 else np.inf
        return -lone, value

    return int(min(candidates, key=lambda cell: rank(int(cell))))
