"""Small-cell suppression of crosstabs, primary and secondary, that holds against recovery.

Input: a table's counts, the column bases and the relations a reader can use to add cells up
(rows against published totals, columns against their bases, groupings against their levels,
and any sum of these: a grouping's complement against the base; under weights, each row's
weighted total against its cells' counts times their column's mean weight,
``weighted_relations``). Output: which cells to hide.

Primary: a cell counting 1 to ``threshold - 1`` respondents, and every cell of a column
whose base is under the threshold. Secondary: while some hidden cell can be worked out from
what is published (it is fixed by the published cells and totals through any combination of
the relations, as linear algebra finds: subtraction, sums of groupings, complements), hide
one more cell of a relation it is in, chosen as ``_candidates`` says.

``harmonise_copies`` makes the copies of one table published under several banners (``Q1``
by ``Q3`` and ``Q3`` by ``Q1``) hide the same cells, so that neither gives the other away.
What the rule does not claim (ranges, outside knowledge) is in docs/statistics.md; the tests
of a table with a hidden cell are withheld (``crosstabs``), since p-values computed from the
hidden cells identify them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Constraint = np.ndarray | tuple[np.ndarray, np.ndarray]
"""Flat cell indexes that add up to a published total, or (indexes, coefficients) of a
relation whose weighted sum is published (``+1`` for a grouping, ``-1`` for its levels)."""
_TOLERANCE = 1e-9


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


WEIGHT_SPREAD = 1e-3
"""Columns whose mean weights differ by less than this (relatively) give no relation beyond
the counts' at the published precision."""


def weighted_relations(rows: int, bases: np.ndarray, weighted_bases: np.ndarray,
                       square_bases: np.ndarray | None = None
                       ) -> list[tuple[np.ndarray, np.ndarray]]:
    """What weighted shares add to a reader's relations: a row's weighted total is published
    (its whole-sample share times the weights' sum), and so are each column's base and
    weights' sum. When every respondent of a column weighs the same (weighting by the banner
    itself, a population constant per region...), a hidden cell's weight is its count times
    its column's mean weight, and the row's weighted total a second equation on its counts,
    the column means as coefficients: ``(cells, coefficients)`` for each of the first
    ``rows`` rows.

    None when the column means are (nearly) equal (the relation is then the counts'), or
    when some column's weights vary by more than a respondent's worth over the column
    (``square_bases``: the squared weights' sums; the weights' coefficient of variation
    times the base at least 1): a reader cannot tell its cells' weights from their counts
    to one respondent."""
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(bases > 0, weighted_bases / bases, 0.0)
    occupied = bases > 0
    if not occupied.any():
        return []
    spread = means[occupied].max() - means[occupied].min()
    if spread <= WEIGHT_SPREAD * means[occupied].mean():
        return []
    if square_bases is not None:
        n, total, squares = (array[occupied] for array in (bases, weighted_bases,
                                                            square_bases))
        variation = np.sqrt(np.clip(n * squares / total ** 2 - 1, 0, None))
        if (variation * n >= 1).any():
            return []
    columns = len(bases)
    scaled = means / means[occupied].mean()
    return [(np.arange(row * columns, (row + 1) * columns), scaled) for row in range(rows)]


def relation_matrix(constraints: Sequence[Constraint], size: int) -> np.ndarray:
    """One row per relation, one column per cell: the coefficients of its published sum."""
    matrix = np.zeros((len(constraints), size))
    for row, constraint in enumerate(constraints):
        cells, coefficients = constraint if isinstance(constraint, tuple) \
            else (constraint, np.ones(len(constraint)))
        matrix[row, np.asarray(cells, dtype=int)] = coefficients
    return matrix


def determined(matrix: np.ndarray, unknown: np.ndarray) -> np.ndarray:
    """Which of the ``unknown`` cells a reader can work out: those every solution of the
    relations, given the known cells, gives the same value (zero in the null space)."""
    result = np.zeros(len(unknown), dtype=bool)
    columns = np.flatnonzero(unknown)
    if not len(columns):
        return result
    sub = matrix[:, columns]
    if not sub.any():
        return result
    _, singular, right = np.linalg.svd(sub)
    rank = int((singular > _TOLERANCE * max(1.0, singular.max())).sum())
    null = right[rank:]
    fixed = np.all(np.abs(null) < 1e-7, axis=0) if len(null) else np.ones(len(columns), bool)
    result[columns] = fixed
    return result


def _candidates(cell: int, matrix: np.ndarray, unknown: np.ndarray, counts: np.ndarray
                ) -> list[int]:
    """Published cells that share a relation with ``cell``: the smallest non-zero counts
    first (least information lost; a hidden zero protects less than it seems)."""
    related = np.flatnonzero(np.any(matrix[matrix[:, cell] != 0] != 0, axis=0))
    cells = [int(other) for other in related if not unknown[other]]
    return sorted(cells, key=lambda other: (counts[other] <= 0, counts[other], other))


def secondary_suppression(counts: np.ndarray, hidden: np.ndarray,
                          constraints: Sequence[Constraint],
                          published_rows: int | None = None) -> np.ndarray:
    """``hidden`` completed so that no hidden cell can be worked out from the published
    cells through the relations. Rows from ``published_rows`` on are not published (the
    "not ticked" row of a multiple choice): unknown to a reader, but no secret either."""
    flat_counts = counts.ravel().astype(float)
    result = _lone_cells(flat_counts, hidden.ravel().copy(), constraints)
    unpublished = np.zeros_like(result)
    if published_rows is not None:
        unpublished.reshape(hidden.shape)[published_rows:] = True
    matrix = relation_matrix(constraints, result.size)
    while True:
        unknown = result | unpublished
        exposed = np.flatnonzero(determined(matrix, unknown) & result)
        if not len(exposed):
            break
        cell = int(exposed[0])
        related = _candidates(cell, matrix, unknown, flat_counts)
        others = sorted((int(other) for other in np.flatnonzero(~unknown)
                         if int(other) not in related),
                        key=lambda other: (flat_counts[other] <= 0, flat_counts[other], other))
        candidates = related + others
        if not candidates:
            break  # every cell is hidden: nothing is published to work anything out from
        chosen = related[0] if related else candidates[0]
        for candidate in candidates:
            trial = unknown.copy()
            trial[candidate] = True
            if not determined(matrix, trial)[cell]:
                chosen = candidate
                break
        result[chosen] = True
    return result.reshape(hidden.shape)


def _lone_cells(counts: np.ndarray, result: np.ndarray, constraints: Sequence[Constraint]
                ) -> np.ndarray:
    """First pass: while some relation has exactly one hidden cell, hide one more of its
    cells (``_complement``). Most tables need nothing more; the linear-algebra pass after it
    catches what combinations of relations give away."""
    cell_lists = [np.asarray(c[0] if isinstance(c, tuple) else c, dtype=int)
                  for c in constraints]
    member_of: dict[int, list[np.ndarray]] = {}
    for cells in cell_lists:
        for cell in cells:
            member_of.setdefault(int(cell), []).append(cells)
    changed = True
    while changed:
        changed = False
        for cells in cell_lists:
            if result[cells].sum() != 1:
                continue
            candidates = cells[~result[cells]]
            if len(candidates) == 0:
                continue
            result[_complement(candidates, counts, result, member_of)] = True
            changed = True
    return result


def _complement(candidates: np.ndarray, counts: np.ndarray, hidden: np.ndarray,
                member_of: dict[int, list[np.ndarray]]) -> int:
    """The cell to hide beside a lone hidden one. First a cell that also completes another
    relation with a lone hidden cell (one cell protecting two totals, as the corner of a
    rectangle does), then the smallest non-zero count, then the first."""
    def rank(cell: int) -> tuple[int, float]:
        lone = sum(hidden[other].sum() == 1 for other in member_of[cell])
        value = counts[cell] if counts[cell] > 0 else np.inf
        return -lone, value

    return int(min(candidates, key=lambda cell: rank(int(cell))))


def harmonise_copies(records: list[dict]) -> list[dict]:
    """The crosstab records with every table published under two banners (question A by
    banner B, and B by A) hiding the same cells in both copies, then completed so that no
    hidden cell of either can be worked out (rows and columns against their totals)."""
    tables: dict[tuple[str, str], list[dict]] = {}
    for record in records:
        if record.get("item") is None and record.get("measure") == "respondents" \
                and record.get("option") is not None and record.get("group") is None:
            tables.setdefault((record["question"], record["banner"]), []).append(record)
    for (question, banner), cells in tables.items():
        other = tables.get((banner, question))
        if other is None or question > banner:
            continue
        rows = list(dict.fromkeys(record["option"] for record in cells))
        columns = list(dict.fromkeys(record["banner_option"] for record in cells))
        if {record["option"] for record in other} != set(columns) \
                or {record["banner_option"] for record in other} != set(rows):
            continue
        counts = np.zeros((len(rows), len(columns)))
        hidden = np.zeros(counts.shape, dtype=bool)
        for record in cells:
            r, c = rows.index(record["option"]), columns.index(record["banner_option"])
            counts[r, c] = record["count"]
            hidden[r, c] |= record["suppressed"]
        for record in other:
            r, c = rows.index(record["banner_option"]), columns.index(record["option"])
            hidden[r, c] |= record["suppressed"]
        constraints = table_constraints(counts.shape) + _copies_weighted_relations(
            cells, other, rows, columns)
        hidden = secondary_suppression(counts, hidden, constraints)
        for record in cells:
            _hide(record, hidden[rows.index(record["option"]),
                                 columns.index(record["banner_option"])])
        for record in other:
            _hide(record, hidden[rows.index(record["banner_option"]),
                                 columns.index(record["option"])])
        _drop_hidden_letters(cells, "option", "banner_option")
        _drop_hidden_letters(other, "option", "banner_option")
    return records


def _copies_weighted_relations(cells: list[dict], other: list[dict], rows: list[str],
                               columns: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The weighted relations of a table published in both directions: its rows against
    the copy by the banner's columns' mean weights, its columns against the transposed
    copy's (``weighted_relations``); none unweighted."""
    def column_sums(records, key, order):
        found = {record[key]: (record["base"], record["weighted_base"],
                               record.get("square_base", np.nan)) for record in records}
        return tuple(np.array([found[code][part] for code in order], dtype=float)
                     for part in range(3))

    bases, weighted_bases, square_bases = column_sums(cells, "banner_option", columns)
    other = column_sums(other, "banner_option", rows)
    if np.allclose(bases, weighted_bases) and np.allclose(other[0], other[1]):
        return []
    relations = weighted_relations(len(rows), bases, weighted_bases, square_bases)
    index = np.arange(len(rows) * len(columns)).reshape(len(rows), len(columns))
    relations += [(index[:, column], coefficients) for column, (_, coefficients) in
                  enumerate(weighted_relations(len(columns), *other))]
    return relations


def _drop_hidden_letters(records: list[dict], row: str, column: str) -> None:
    """No comparison with a cell hidden since the letters were given: its column leaves
    the letters of the other cells of its row (a smaller Holm family would only have given
    more letters, so those kept stand)."""
    hidden = {(record[row], record[column]) for record in records if record["suppressed"]}
    for record in records:
        if record.get("higher_than"):
            kept = [code for code in record["higher_than"].split(";")
                    if (record[row], code) not in hidden]
            record["higher_than"] = ";".join(kept) or None


def _hide(record: dict, hidden: bool) -> None:
    if hidden and not record["suppressed"]:
        record["suppressed"] = True
        record["cell_p"] = np.nan
        record["differs"] = None
        record["higher_than"] = None


def tests_withheld(table) -> np.ndarray:
    """Rows of the figures table (a DataFrame) whose crosstab hides a cell: their p-values
    are not published. Computed from every cell, hidden ones included, a table's p-values
    identify the hidden cells (an attacker keeps the integer completions that reproduce
    them), at full precision and still at 3 decimals; no precision is safe."""
    crossed = table["banner"].notna()
    if not crossed.any():
        return np.zeros(len(table), dtype=bool)
    keys = table[["question", "item", "banner"]].astype(object).where(
        table[["question", "item", "banner"]].notna(), "")
    key = keys["question"] + "\0" + keys["item"].astype(str) + "\0" + keys["banner"]
    hiding = set(key[crossed & table["suppressed"].astype(bool)])
    return (crossed & key.isin(hiding)).to_numpy()
