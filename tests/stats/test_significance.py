"""Chi-square, adjusted residuals and Holm's correction against scipy and statsmodels."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import chi2_contingency, norm
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from barorapport.stats.significance import adjusted_residuals, cell_p_values, chi_square, holm

TABLES = [
    np.array([[12, 30, 8], [25, 14, 40], [3, 9, 11]]),
    np.array([[120, 95], [80, 105]]),
    np.array([[0, 24, 39, 26, 9, 1], [1, 50, 181, 72, 38, 6], [5, 135, 470, 240, 124, 19]]),
]


@pytest.mark.parametrize("counts", TABLES)
def test_chi_square_matches_scipy_without_continuity_correction(counts):
    statistic, p_value, dof, expected = chi2_contingency(counts, correction=False)
    result = chi_square(counts)
    assert result.statistic == pytest.approx(statistic, rel=1e-12)
    assert result.p_value == pytest.approx(p_value, rel=1e-9)
    assert result.dof == dof
    assert result.small_expected == bool((expected < 1).any() or (expected < 5).mean() > 0.2)


def test_empty_rows_and_columns_leave_the_test():
    counts = np.array([[12, 0, 30], [0, 0, 0], [25, 0, 14]])
    statistic, p_value, _, _ = chi2_contingency(counts[[0, 2]][:, [0, 2]], correction=False)
    assert chi_square(counts).p_value == pytest.approx(p_value, rel=1e-9)
    assert np.isnan(adjusted_residuals(counts)[1]).all()


def test_adjusted_residual_is_the_z_test_of_the_column_against_the_rest_of_the_row():
    counts = TABLES[0]
    residuals = adjusted_residuals(counts)
    bases = counts.sum(axis=0)
    for row in range(counts.shape[0]):
        for column in range(counts.shape[1]):
            rest = [c for c in range(counts.shape[1]) if c != column]
            z, _ = proportions_ztest([counts[row, column], counts[row, rest].sum()],
                                     [bases[column], bases[rest].sum()])
            assert residuals[row, column] == pytest.approx(z, rel=1e-9)


def test_holm_matches_statsmodels():
    p_values = np.array([0.01, 0.04, 0.03, 0.005, 0.2, np.nan, 0.04])
    present = ~np.isnan(p_values)
    expected = multipletests(p_values[present], method="holm")[1]
    adjusted = holm(p_values)
    np.testing.assert_allclose(adjusted[present], expected, rtol=1e-12)
    assert np.isnan(adjusted[5])


def test_cell_p_values_correct_over_the_whole_table():
    counts = TABLES[0]
    residuals, adjusted = cell_p_values(counts)
    raw = 2 * norm.sf(np.abs(residuals))
    expected = multipletests(raw.ravel(), method="holm")[1].reshape(counts.shape)
    np.testing.assert_allclose(adjusted, expected, rtol=1e-12)
