"""The statisticians' significance letters (``Figure.higher_than``): each cell against each
other column of its row, on statsmodels' ``fair`` survey, against statsmodels' two-proportion
z test and Holm's correction computed here independently."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from barorapport.stats import compute_figures
from barorapport.stats.significance import pairwise_p_values

ALPHA = 0.05


@pytest.fixture(scope="module")
def figures(fair_survey):
    return compute_figures(fair_survey, banners=["occupation"])


def expected_letters(table: np.ndarray, hidden: np.ndarray, codes: list[str],
                     rows: int | None = None) -> dict[tuple[int, int], set[str]]:
    """Column against column in every row (the first ``rows``), statsmodels' pooled z
    test, Holm over the distinct comparisons that involve no hidden cell (both orders are
    one comparison)."""
    tests = {}
    for r in range(table.shape[0] if rows is None else rows):
        for i, j in combinations(range(table.shape[1]), 2):
            if hidden[r, i] or hidden[r, j]:
                continue
            bases = table[:, [i, j]].sum(axis=0)
            z, p = proportions_ztest(table[r, [i, j]], bases)
            tests[(r, i, j)] = (z, p)
    keys = list(tests)
    adjusted = multipletests([tests[key][1] for key in keys], method="holm")[1]
    letters: dict[tuple[int, int], set[str]] = {}
    for (r, i, j), p in zip(keys, adjusted, strict=True):
        z = tests[(r, i, j)][0]
        if p < ALPHA:
            higher, lower = (i, j) if z > 0 else (j, i)
            letters.setdefault((r, higher), set()).add(codes[lower])
    return letters


def test_letters_of_a_single_choice_question(figures, fair_data):
    table = pd.crosstab(fair_data["religious"], fair_data["occupation"])
    codes = list(table.columns.astype(str))
    cells = figures.select("religious", banner="occupation")
    hidden = np.zeros(table.shape, dtype=bool)
    for cell in cells:
        hidden[int(cell.option) - 1, codes.index(cell.banner_option)] = cell.suppressed
    expected = expected_letters(table.to_numpy(), hidden, codes)
    assert cells[0].chi2_p < ALPHA  # the table's test lets letters through
    found = {(int(cell.option) - 1, codes.index(cell.banner_option)):
             set(cell.higher_than.split(";")) for cell in cells if cell.higher_than}
    assert found == expected
    assert found  # the survey shows differences: the test compares letters, not nothing


def test_letters_of_a_multiple_choice_option(figures, fair_data):
    ticked = fair_data["situation_children"] == 1
    table = pd.crosstab(ticked, fair_data["occupation"]).sort_index(ascending=False).to_numpy()
    codes = sorted(fair_data["occupation"].astype(str).unique())
    # Ticked against not ticked: only the ticked row is published, one family per option
    # (the not-ticked row's comparisons are the ticked row's, with the sign changed).
    expected = expected_letters(table, np.zeros(table.shape, dtype=bool), codes, rows=1)
    cells = figures.select("situation", option="children", banner="occupation")
    assert cells[0].chi2_p < ALPHA
    found = {codes.index(cell.banner_option): set(cell.higher_than.split(";"))
             for cell in cells if cell.higher_than}
    assert found == {c: letters for (_, c), letters in expected.items()}
    assert found


def test_no_letter_without_a_significant_table(fair_survey):
    figures = compute_figures(fair_survey, banners=["occupation"])
    for cell in figures.table.itertuples():
        if cell.banner is not None and not cell.chi2_p < ALPHA:
            assert cell.higher_than is None


def test_hidden_cells_take_part_in_no_comparison():
    counts = np.array([[40, 3, 60], [60, 90, 40]])
    excluded = np.zeros(counts.shape, dtype=bool)
    excluded[0, 1] = True
    z, adjusted = pairwise_p_values(counts, excluded=excluded)
    assert np.isnan(adjusted[0, 1]).all() and np.isnan(adjusted[0, :, 1]).all()
    # Two rows: the second row's comparisons are the first's twins, with the same p-value;
    # the family is the first row's comparisons that do not involve the hidden cell.
    _, raw = proportions_ztest(counts[0, [0, 2]], counts[:, [0, 2]].sum(axis=0))
    assert adjusted[0, 0, 2] == pytest.approx(raw, rel=1e-9)  # alone in its family
    assert adjusted[1, 0, 2] == pytest.approx(raw, rel=1e-9)
    assert z[0, 0, 2] == pytest.approx(-z[0, 2, 0])


def test_weighted_letters_use_the_design_based_z():
    """Under a design (here weights alone: each respondent its own PSU), the letters' z is
    column i's share less column j's over the design standard error of the difference,
    written out here per respondent: the two columns are disjoint domains of one design."""
    from barorapport.stats.design import SampleDesign
    from barorapport.stats.estimators import pairwise_differences

    counts = np.array([[30, 50, 20], [70, 50, 80]])
    rows = np.repeat([0, 1, 0, 1, 0, 1], counts.T.ravel())
    columns = np.repeat([0, 0, 1, 1, 2, 2], counts.T.ravel())
    weights = np.where(columns == 1, 2.0, 1.0)
    z = pairwise_differences(SampleDesign(weights=weights), rows, 2, columns, 3)
    n = len(weights)

    def share_and_influence(column):
        inside = columns == column
        total = weights[inside].sum()
        share = weights[inside & (rows == 0)].sum() / total
        return share, np.where(inside, weights * ((rows == 0) - share) / total, 0.0)

    (p0, u0), (p1, u1) = share_and_influence(0), share_and_influence(1)
    expected = (p0 - p1) / np.sqrt(n / (n - 1) * ((u0 - u1) ** 2).sum())
    assert z[0, 0, 1] == pytest.approx(expected, rel=1e-12)
    assert z[0, 1, 0] == pytest.approx(-expected, rel=1e-12)
    assert z[1, 0, 1] == pytest.approx(-expected, rel=1e-12)  # the other row, sign changed
    found, adjusted = pairwise_p_values(counts, 1, z)
    assert found[0, 0, 1] == pytest.approx(expected, rel=1e-12)
    assert np.isnan(adjusted[1]).all()
