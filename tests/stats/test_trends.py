"""Trends: the two-proportion z-test against statsmodels, fmt_delta word for word."""

from __future__ import annotations

import pytest
from statsmodels.stats.proportion import proportions_ztest

from barorapport.formatting import fmt_delta
from barorapport.stats.trends import two_proportion_test


@pytest.mark.parametrize(("count_a", "base_a", "count_b", "base_b"), [
    (66, 120, 30, 100), (86, 120, 70, 100), (3, 40, 9, 35), (500, 1000, 480, 1000),
])
def test_two_proportion_test_matches_statsmodels(count_a, base_a, count_b, base_b):
    z, p_value = two_proportion_test(count_a, base_a, count_b, base_b)
    expected_z, expected_p = proportions_ztest([count_a, count_b], [base_a, base_b])
    assert z == pytest.approx(expected_z, rel=1e-12)
    assert p_value == pytest.approx(expected_p, rel=1e-9)


def test_two_proportion_test_without_variance_finds_no_difference():
    assert two_proportion_test(0, 50, 0, 60) == (0.0, 1.0)
    assert two_proportion_test(50, 50, 60, 60) == (0.0, 1.0)


@pytest.mark.parametrize(("points", "digits", "text"), [
    (6.2, 0, "+6\u00a0pts"), (-3.4, 0, "\u22123\u00a0pts"), (1.4, 0, "+1\u00a0pt"),
    (-0.4, 0, "0\u00a0pt"), (1.5, 0, "+2\u00a0pts"), (-1.96, 1, "\u22122,0\u00a0pts"),
    (0.45, 1, "+0,5\u00a0pt"), (None, 0, "n.c."),
])
def test_fmt_delta(points, digits, text):
    assert fmt_delta(points, digits) == text
