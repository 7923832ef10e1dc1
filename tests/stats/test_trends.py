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


def test_a_change_of_weighting_or_design_is_a_reason_not_to_compare(fair_survey):
    """Weighted in one edition and not in the other, raked to other margins, or drawn
    under another design: the figures are not compared, and the footnote says why."""
    import numpy as np

    from barorapport.stats import compute_figures
    from barorapport.stats.design import SampleDesign
    from barorapport.stats.designplan import DesignSummary
    from barorapport.stats.trends import PreviousEdition, compute_trends
    from barorapport.stats.weights import Weights

    ones = np.ones(fair_survey.respondents)
    plain = compute_figures(fair_survey)
    column = compute_figures(fair_survey, weights=Weights(values=ones, method="column",
                                                          column="w"))
    stratified = compute_figures(fair_survey, weights=Weights(
        values=ones, method="column", column="w", design=SampleDesign(weights=ones),
        summary=DesignSummary(strata=2, stratum_column="region")))

    def trend(current, previous):
        table = compute_trends(current, "1975", [PreviousEdition("1974", previous,
                                                                 lambda figure: None)])
        return table.get("religious", option="4")

    assert trend(column, plain).reason == "pondération modifiée depuis l'édition 1974"
    assert trend(column, plain).reason_code == "compare.weighting"
    assert trend(stratified, column).reason == "plan de sondage modifié depuis l'édition 1974"
    assert trend(column, column).comparable
    assert trend(plain, plain).comparable
