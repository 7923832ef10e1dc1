"""Primary and secondary suppression: no hidden value can be worked out from the totals."""

from __future__ import annotations

import numpy as np

from barorapport.stats.suppression import (
    primary_suppression,
    secondary_suppression,
    table_constraints,
)


def derivable(counts: np.ndarray, hidden: np.ndarray, constraints) -> list[int]:
    """Hidden cells whose value follows from the published cells and totals: those whose
    unit vector lies in the row space of the constraints restricted to hidden cells."""
    hidden_cells = np.flatnonzero(hidden.ravel())
    matrix = np.zeros((len(constraints), len(hidden_cells)))
    for row, cells in enumerate(constraints):
        for position, cell in enumerate(hidden_cells):
            matrix[row, position] = cell in cells
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for position, cell in enumerate(hidden_cells):
        unit = np.zeros(len(hidden_cells))
        unit[position] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(int(cell))
    return found


def test_small_cells_and_small_columns_are_hidden_first():
    counts = np.array([[0, 24, 39], [5, 50, 181], [3, 135, 9]])
    hidden = primary_suppression(counts, counts.sum(axis=0), threshold=10)
    assert hidden.tolist() == [[True, False, False], [True, False, False],
                               [True, False, True]]


def test_a_lone_hidden_cell_gets_a_complement_in_its_row_and_column():
    counts = np.array([[40, 24, 39], [55, 7, 181], [30, 135, 90]])
    constraints = table_constraints(counts.shape)
    primary = primary_suppression(counts, counts.sum(axis=0), threshold=10)
    hidden = secondary_suppression(counts, primary, constraints)
    # 7 is hidden; its row's smallest other cell (55) follows, then the smallest in 55's
    # column (30), then 135, which protects both 7's column and 30's row: a rectangle.
    assert hidden.tolist() == [[False, False, False], [True, True, False],
                               [True, True, False]]
    assert derivable(counts, hidden, constraints) == []


def test_fair_like_table_leaves_nothing_derivable():
    counts = np.array([[0, 24, 39, 26, 9, 1], [1, 50, 181, 72, 38, 6],
                       [5, 135, 470, 240, 124, 19], [15, 290, 1000, 642, 265, 30],
                       [20, 360, 1093, 854, 304, 53]])
    constraints = table_constraints(counts.shape)
    primary = primary_suppression(counts, counts.sum(axis=0), threshold=10)
    hidden = secondary_suppression(counts, primary, constraints)
    assert (hidden >= primary).all()
    assert derivable(counts, hidden, constraints) == []
    assert derivable(counts, primary, constraints) != []
