"""Intervals and tests that fit the measure: Rao-Scott against an independent computation,
shares of mentions against a bootstrap of respondents, exact tests for small tables, one
Holm test per distinct test, no cell flagged in a table that is not significant."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as distributions
from scipy.stats import chi2_contingency, fisher_exact

from barorapport.config.weighting import Weighting
from barorapport.stats import compute_figures
from barorapport.stats.design import SampleDesign
from barorapport.stats.estimators import joint_shares
from barorapport.stats.significance import (
    MONTE_CARLO_TABLES,
    cell_p_values,
    independence_test,
    rao_scott,
)
from barorapport.stats.weights import survey_weights

from .test_weights import weighting


def reference_rao_scott(rows: np.ndarray, columns: np.ndarray, weights: np.ndarray) -> float:
    """R's ``svychisq(statistic="F")`` written out per respondent: each respondent its own
    cluster, linearised covariance of the cell shares, QR contrasts (survey::svychisq)."""
    n_rows, n_columns = rows.max() + 1, columns.max() + 1
    cells = columns * n_rows + rows  # R's expand.grid order: rows vary fastest
    indicators = np.eye(n_rows * n_columns)[cells]
    n, total = len(weights), weights.sum()
    share = weights @ indicators / total
    influence = weights[:, None] * (indicators - share) / total
    covariance = n / (n - 1) * influence.T @ influence
    grid_rows = np.tile(np.arange(n_rows), n_columns)
    grid_columns = np.repeat(np.arange(n_columns), n_rows)
    main = np.column_stack([np.ones(len(share))]
                           + [grid_rows == r for r in range(1, n_rows)]
                           + [grid_columns == c for c in range(1, n_columns)]).astype(float)
    interaction = np.column_stack([(grid_rows == r) & (grid_columns == c)
                                   for c in range(1, n_columns)
                                   for r in range(1, n_rows)]).astype(float)
    q, _ = np.linalg.qr(main)
    contrasts = interaction - q @ (q.T @ interaction)
    inverse = np.diag(1 / share)
    denominator = contrasts.T @ (inverse / n) @ contrasts
    numerator = contrasts.T @ inverse @ covariance @ inverse @ contrasts
    delta = np.linalg.solve(denominator, numerator)
    table = (share * n).reshape(n_columns, n_rows).T
    pearson = chi2_contingency(table, correction=False)[0]
    dof = np.trace(delta) ** 2 / np.trace(delta @ delta)
    return float(distributions.f.sf(pearson / np.trace(delta), dof, dof * (n - 1)))


@pytest.fixture(scope="module")
def raked(fair_survey):
    return survey_weights(fair_survey, weighting())


def test_rao_scott_against_the_reference(fair_survey, fair_data, raked):
    figures = compute_figures(fair_survey, banners=["occupation"], weights=raked)
    cell = figures.select("religious", banner="occupation")[0]
    rows = fair_data["religious"].astype(int).to_numpy() - 1
    columns = fair_data["occupation"].astype(int).to_numpy() - 1
    assert cell.test == "rao-scott"
    assert cell.chi2_p == pytest.approx(reference_rao_scott(rows, columns, raked.values),
                                        rel=1e-6)
    # The weighted column percentage and the unweighted base beside it.
    weighted = pd.Series(raked.values).groupby([fair_data["religious"],
                                                fair_data["occupation"]]).sum()
    assert cell.share == pytest.approx(weighted[(cell.option, cell.banner_option)]
                                       / weighted.xs(cell.banner_option, level=1).sum())
    assert cell.base == (fair_data["occupation"] == cell.banner_option).sum()


def test_rao_scott_with_unit_weights_is_nearly_pearson(fair_data):
    rows = fair_data["religious"].astype(int).to_numpy() - 1
    columns = fair_data["rating_marriage"].astype(int).to_numpy() - 1
    counts = pd.crosstab(rows, columns).to_numpy()
    design = SampleDesign(weights=np.ones(len(rows)))
    joint, respondents, df = joint_shares(design, rows, 4, columns, 5)
    test = rao_scott(counts, joint.estimate, joint.covariance, respondents, df)
    pearson = chi2_contingency(counts, correction=False)[0]
    # With equal weights every generalised design effect is n / (n - 1).
    assert test.dof == pytest.approx((4 - 1) * (5 - 1))
    n = counts.sum()
    assert test.statistic * test.dof == pytest.approx(pearson * (n - 1) / n, rel=1e-9)
    assert test.p_value == pytest.approx(reference_rao_scott(rows, columns, np.ones(n)),
                                         rel=1e-6)


def test_design_based_cells_of_a_weighted_crosstab(fair_survey, fair_data, raked):
    """The z of a weighted cell: its column's weighted share against the other columns',
    with each share's linearised variance; recomputed here per respondent."""
    figures = compute_figures(fair_survey, banners=["occupation"], weights=raked)
    cell = figures.get("religious", option="4", banner="occupation", banner_option="3")
    w = raked.values
    y = (fair_data["religious"] == "4").to_numpy(float)
    inside = (fair_data["occupation"] == "3").to_numpy()
    n = len(w)

    def share_and_influence(domain):
        total = w[domain].sum()
        share = (w * y)[domain].sum() / total
        return share, np.where(domain, w * (y - share) / total, 0.0)

    p_in, u_in = share_and_influence(inside)
    p_out, u_out = share_and_influence(~inside)
    z = (p_in - p_out) / np.sqrt(n / (n - 1) * ((u_in - u_out) ** 2).sum())
    raw = 2 * distributions.norm.sf(abs(z))
    family = len(fair_data["religious"].unique()) * len(fair_data["occupation"].unique())
    assert cell.cell_p >= raw  # Holm-adjusted
    assert cell.cell_p <= min(1.0, raw * family)


def test_share_of_mentions_interval_against_a_bootstrap(fair_survey, fair_data):
    """Respondents as clusters: the interval's standard error is the bootstrap's."""
    figures = compute_figures(fair_survey)
    ticks = fair_data[["situation_children", "situation_long", "situation_affair"]].to_numpy(float)
    random = np.random.default_rng(7)
    draws = random.integers(0, len(ticks), (2000, len(ticks)))
    totals = ticks.sum(axis=1)
    for position, option in enumerate(("children", "long", "affair")):
        figure = figures.get("situation", measure="mentions", option=option)
        boot = np.array([ticks[draw, position].sum() / totals[draw].sum() for draw in draws])
        linearised = np.sqrt(figure.share * (1 - figure.share) / figure.effective_base)
        assert linearised == pytest.approx(boot.std(ddof=1), rel=0.1)
        # Wilson on the ticks, as if each were an independent draw, is wider here.
        naive = np.sqrt(figure.share * (1 - figure.share) / figure.base)
        assert linearised < naive
        assert figure.design_effect == pytest.approx(figure.base / figure.effective_base)


def test_fisher_exact_test_for_a_small_2x2_table():
    counts = np.array([[3, 9], [7, 1]])
    test = independence_test(counts)
    assert test.test == "fisher" and test.small_expected
    assert test.p_value == pytest.approx(fisher_exact(counts).pvalue)


def test_monte_carlo_test_for_a_small_table_is_seeded_and_close_to_a_permutation_test():
    counts = np.array([[4, 1, 0], [2, 6, 1], [0, 2, 5]])
    test = independence_test(counts)
    assert test.test == "monte-carlo"
    assert independence_test(counts).p_value == test.p_value  # same seed, same p-value
    # An independent permutation test of the respondents' columns.
    rows = np.repeat(np.repeat(np.arange(3), 3), counts.ravel())
    columns = np.repeat(np.tile(np.arange(3), 3), counts.ravel())
    observed = chi2_contingency(counts, correction=False)[0]
    random = np.random.default_rng(11)
    extreme = 0
    for _ in range(MONTE_CARLO_TABLES):
        table = np.zeros((3, 3))
        np.add.at(table, (rows, random.permutation(columns)), 1)
        expected = np.outer(table.sum(1), table.sum(0)) / table.sum()
        extreme += ((table - expected) ** 2 / expected).sum() >= observed - 1e-9
    assert test.p_value == pytest.approx((extreme + 1) / (MONTE_CARLO_TABLES + 1), abs=0.01)


def test_a_2x2_table_counts_its_one_test_once():
    """The four cells of a 2 x 2 table are one test: its p-value is the chi-square's, not
    twice it."""
    counts = np.array([[60, 40], [35, 65]])
    _, adjusted = cell_p_values(counts)
    p_value = chi2_contingency(counts, correction=False)[1]
    np.testing.assert_allclose(adjusted, np.full((2, 2), p_value), rtol=1e-9)


def test_a_two_column_table_counts_each_row_once():
    counts = np.array([[30, 10], [20, 20], [10, 30]])
    residuals, adjusted = cell_p_values(counts)
    raw = 2 * distributions.norm.sf(np.abs(residuals[:, 0]))
    order = np.argsort(raw)
    holm = np.maximum.accumulate(raw[order] * np.array([3, 2, 1]))
    expected = np.empty(3)
    expected[order] = np.minimum(holm, 1)
    np.testing.assert_allclose(adjusted[:, 0], expected)
    np.testing.assert_allclose(adjusted[:, 1], expected)


def test_no_cell_is_flagged_while_its_table_is_not_significant(fair_survey):
    figures = compute_figures(fair_survey, banners=["occupation"]).table
    cells = figures[figures["banner"].notna()]
    assert cells["differs"].notna().any()
    flagged = cells[cells["differs"].notna()]
    assert (flagged["chi2_p"] < 0.05).all()
    # Cells that pass on their own but whose table does not: never flagged.
    lone = cells[(cells["cell_p"] < 0.05) & (cells["chi2_p"] >= 0.05)]
    assert lone["differs"].isna().all()


def test_weighting_declarations_need_a_source():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="source"):
        Weighting.model_validate({"margins": [{"question": "q", "targets": {"a": 1.0}}]})


def test_weighted_share_of_mentions_against_a_weighted_bootstrap(fair_survey, fair_data,
                                                                  raked):
    figures = compute_figures(fair_survey, weights=raked)
    ticks = fair_data[["situation_children", "situation_long", "situation_affair"]].to_numpy(float)
    w = raked.values
    random = np.random.default_rng(3)
    draws = random.integers(0, len(ticks), (2000, len(ticks)))
    totals = ticks.sum(axis=1)
    for position, option in enumerate(("children", "long", "affair")):
        figure = figures.get("situation", measure="mentions", option=option)
        assert figure.share == pytest.approx((w @ ticks[:, position]) / (w @ totals))
        boot = np.array([w[draw] @ ticks[draw, position] / (w[draw] @ totals[draw])
                         for draw in draws])
        linearised = np.sqrt(figure.share * (1 - figure.share) / figure.effective_base)
        assert linearised == pytest.approx(boot.std(ddof=1), rel=0.1)


def test_a_weighted_trend_is_tested_on_effective_bases(fair_survey, raked):
    """Each edition with its own weights (raked to the same margins, other targets): the
    test counts each share's design effective base."""
    from barorapport.stats.trends import PreviousEdition, compute_trends, two_proportion_test

    current = compute_figures(fair_survey, weights=raked)
    other_targets = weighting().model_copy(update={"margins": [
        margin.model_copy(update={"targets": targets}) for margin, targets in zip(
            weighting().margins,
            [{"1": 0.02, "2": 0.14, "3": 0.40, "4": 0.25, "5": 0.15, "6": 0.04},
             {"1": 0.25, "2": 0.35, "3": 0.25, "4": 0.15}], strict=True)]})
    previous = compute_figures(fair_survey, weights=survey_weights(fair_survey, other_targets))
    trends = compute_trends(current, "1975", [PreviousEdition("1974", previous,
                                                              lambda figure: None)])
    now, before = current.get("religious", option="4"), previous.get("religious", option="4")
    _, expected = two_proportion_test(now.share * now.effective_base, now.effective_base,
                                      before.share * before.effective_base,
                                      before.effective_base)
    trend = trends.get("religious", option="4")
    assert trend.p_value == pytest.approx(expected)
    assert trend.delta_points == pytest.approx((now.share - before.share) * 100)
