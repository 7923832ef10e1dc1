"""Numeric questions against pandas, scipy and statsmodels: n, mean and its interval, SD, min,
quartiles, median, max, the histogram and the means by group (statsmodels' anes96 survey)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.stats.weightstats import DescrStatsW

from barorapport.stats import Thresholds, compute_figures
from barorapport.stats.numeric import bin_edges

from .conftest import write_survey

QUESTIONNAIRE = """
survey: {title: "ANES 1996"}
responses: {file: responses.csv, id_column: id}
questions:
  - id: vote
    type: single
    text: "Vote"
    options: [{code: "0", label: "Clinton"}, {code: "1", label: "Dole"}]
  - id: age
    type: numeric
    text: "Âge"
  - id: tvnews
    type: numeric
    text: "Journaux télévisés par semaine"
"""


@pytest.fixture(scope="module")
def anes(tmp_path_factory):
    data = sm.datasets.anes96.load_pandas().data
    responses = pd.DataFrame({"id": [f"R{index}" for index in range(len(data))],
                              "vote": data["vote"].astype(int).astype(str),
                              "age": data["age"].astype(int), "tvnews": data["TVnews"]})
    responses.loc[::17, "age"] = None  # some respondents did not say
    survey = write_survey(tmp_path_factory.mktemp("anes"), QUESTIONNAIRE, responses)
    figures = compute_figures(survey, Thresholds(low_base=30, suppress=10), banners=["vote"])
    return responses, figures


def test_summary_equals_pandas_and_statsmodels(anes):
    responses, figures = anes
    for column in ("age", "tvnews"):
        values = responses[column].dropna().astype(float)
        mean = figures.get(column, measure="mean")
        assert mean.base == len(values) and mean.count == len(values)
        assert mean.value == pytest.approx(values.mean())
        low, high = DescrStatsW(values.to_numpy()).tconfint_mean(alpha=0.05)
        assert (mean.ci_low, mean.ci_high) == (pytest.approx(low), pytest.approx(high))
        expected = {"sd": values.std(), "min": values.min(), "max": values.max(),
                    "q1": values.quantile(0.25), "median": values.median(),
                    "q3": values.quantile(0.75)}
        for measure, value in expected.items():
            assert figures.get(column, measure=measure).value == pytest.approx(value), measure


def test_histogram_counts_every_respondent_once(anes):
    responses, figures = anes
    values = responses["age"].dropna().astype(float)
    bins = figures.select("age", measure="bin")
    edges = bin_edges(values.to_numpy())
    expected = pd.cut(values, edges, right=False, include_lowest=True).value_counts(sort=False)
    # The last bin is closed: the maximum falls in it.
    expected.iloc[-1] += int((values == edges[-1]).sum())
    assert [figure.count for figure in bins] == list(expected)
    assert sum(figure.count for figure in bins) == len(values)
    assert sum(figure.share for figure in bins) == pytest.approx(1)
    assert bins[0].label.startswith("[") and bins[-1].label.endswith("]")
    assert edges[0] <= values.min() and values.max() <= edges[-1]


def test_means_by_group_equal_a_pandas_groupby(anes):
    responses, figures = anes
    grouped = responses.dropna(subset=["age"]).groupby("vote")["age"]
    for option, label in (("0", "Clinton"), ("1", "Dole")):
        cell = figures.get("age", measure="mean", banner="vote", banner_option=option)
        values = grouped.get_group(option).astype(float)
        assert cell.banner_label == label and cell.base == len(values)
        assert cell.value == pytest.approx(values.mean())
        low, high = DescrStatsW(values.to_numpy()).tconfint_mean()
        assert (cell.ci_low, cell.ci_high) == (pytest.approx(low), pytest.approx(high))
        assert figures.get("age", measure="median", banner="vote",
                           banner_option=option).value == pytest.approx(values.median())


def test_bin_edges_are_round_and_cover_the_values():
    edges = bin_edges(np.array([19.0, 33.0, 47.0, 91.0]))
    assert edges[0] <= 19 and edges[-1] > 91
    steps = np.diff(edges)
    assert np.allclose(steps, steps[0]) and float(steps[0]).is_integer()
    assert list(bin_edges(np.array([5.0, 5.0]))) == [5.0, 6.0]


def test_means_by_group_carry_no_small_expected_flag(fair_survey):
    """No test runs on means by group: nothing to flag (NaN was once cast to True)."""
    from barorapport.stats import compute_figures

    table = compute_figures(fair_survey, banners=["occupation"]).table
    means = table[(table["question"] == "age") & table["banner"].notna()]
    assert len(means) and not means["small_expected"].any()
    assert not any("small_expected" in figure.flags
                   for figure in compute_figures(fair_survey, banners=["occupation"]).select(
                       "age", banner="occupation"))
