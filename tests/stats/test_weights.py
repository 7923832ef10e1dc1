"""Weights: raking against known answers and a second implementation (weightipy), weighted
figures against statsmodels, on statsmodels' ``fair`` survey (6,366 respondents)."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.weightstats import DescrStatsW

from barorapport.config.weighting import Weighting
from barorapport.errors import StatsError
from barorapport.stats import compute_figures
from barorapport.stats.weights import Weights, rake, survey_weights

from .conftest import FAIR_QUESTIONNAIRE, fair_responses, write_survey

OCCUPATION = {"1": 0.01, "2": 0.15, "3": 0.40, "4": 0.25, "5": 0.15, "6": 0.04}
RELIGIOUS = {"1": 0.30, "2": 0.30, "3": 0.25, "4": 0.15}


def weighting(**extra) -> Weighting:
    return Weighting.model_validate({"margins": [
        {"question": "occupation", "targets": OCCUPATION, "source": "census"},
        {"question": "religious", "targets": RELIGIOUS, "source": "census"}], **extra})


@pytest.fixture(scope="module")
def raked(fair_survey) -> Weights:
    return survey_weights(fair_survey, weighting())


def test_no_weighting_declared_means_no_weights(fair_survey):
    assert survey_weights(fair_survey, None) is None


def test_raking_reaches_every_target(raked, fair_data):
    assert raked.method == "raking"
    assert raked.values.mean() == pytest.approx(1.0)
    for column, targets in (("occupation", OCCUPATION), ("religious", RELIGIOUS)):
        shares = pd.Series(raked.values).groupby(fair_data[column].to_numpy()).sum() \
            / raked.values.sum()
        for code, target in targets.items():
            assert shares[code] == pytest.approx(target, abs=1e-6)
    assert raked.max_deviation <= 1e-6
    assert 1 < raked.iterations < 100
    fit = raked.margins[0]
    assert fit.question == "occupation" and fit.source == "census"
    assert fit.sample["3"] == pytest.approx((fair_data["occupation"] == "3").mean())


def test_one_margin_is_post_stratification(fair_survey, fair_data):
    """One margin: each respondent's weight is target share / sample share of the option."""
    one = Weighting.model_validate({"margins": [
        {"question": "religious", "targets": RELIGIOUS, "source": "census"}]})
    weights = survey_weights(fair_survey, one)
    sample = fair_data["religious"].value_counts(normalize=True)
    expected = fair_data["religious"].map(lambda code: RELIGIOUS[code] / sample[code])
    np.testing.assert_allclose(weights.values, expected / expected.mean(), rtol=1e-9)
    assert weights.iterations == 1


def test_raking_of_a_product_table_has_a_closed_form(tmp_path):
    """When the sample's joint table is a product (rows independent of columns), raking's
    answer is known: weight = (row target / row share) x (column target / column share)."""
    rows = np.repeat(["a", "a", "b"], 120)  # shares 2/3, 1/3
    columns = np.tile(np.repeat(["x", "y", "y", "y"], 30), 3)  # 1/4, 3/4 in each row
    responses = pd.DataFrame({"id": [f"R{i}" for i in range(len(rows))], "r": rows, "c": columns})
    questionnaire = """
survey: {title: product}
questions:
  - {id: r, type: single, text: r, options: [{code: a, label: a}, {code: b, label: b}]}
  - {id: c, type: single, text: c, options: [{code: x, label: x}, {code: y, label: y}]}
"""
    survey = write_survey(tmp_path, questionnaire, responses)
    targets = Weighting.model_validate({"margins": [
        {"question": "r", "targets": {"a": 0.5, "b": 0.5}, "source": "s"},
        {"question": "c", "targets": {"x": 0.4, "y": 0.6}, "source": "s"}]})
    weights = survey_weights(survey, targets)
    row_factor = np.where(rows == "a", 0.5 / (2 / 3), 0.5 / (1 / 3))
    column_factor = np.where(columns == "x", 0.4 / 0.25, 0.6 / 0.75)
    expected = row_factor * column_factor
    np.testing.assert_allclose(weights.values, expected / expected.mean(), rtol=1e-12)


def test_raking_agrees_with_weightipy(raked, fair_data):
    """weightipy's RIM (the anesrake algorithm) as the second implementation."""
    import weightipy

    scheme = weightipy.scheme_from_dict(
        {"occupation": {code: share * 100 for code, share in OCCUPATION.items()},
         "religious": {code: share * 100 for code, share in RELIGIOUS.items()}},
        name="check", rim_params={"max_iterations": 1000, "convcrit": 1e-12})
    with contextlib.redirect_stdout(io.StringIO()):
        theirs = weightipy.weight(fair_data[["occupation", "religious"]].copy(), scheme)
    theirs = theirs.to_numpy() / theirs.mean()
    np.testing.assert_allclose(raked.values, theirs, rtol=1e-5)


def test_trimming_bounds_hold(fair_survey):
    trimmed = survey_weights(fair_survey, weighting(trim={"min": 0.4, "max": 2.5},
                                                    tolerance=1e-4, max_iterations=500))
    assert trimmed.smallest >= 0.4 - 1e-9 and trimmed.largest <= 2.5 + 1e-9
    assert trimmed.trimmed > 0
    assert trimmed.max_deviation <= 1e-4
    untrimmed = survey_weights(fair_survey, weighting())
    assert untrimmed.largest > 3.5  # the bound did something
    assert trimmed.design_effect < untrimmed.design_effect


def test_non_convergence_is_an_error_naming_the_margin(fair_survey):
    with pytest.raises(StatsError) as error:
        survey_weights(fair_survey, weighting(trim={"min": 0.5, "max": 2.0},
                                              max_iterations=20))
    assert str(error.value).startswith(
        "report.yaml: weighting did not converge in 20 iterations: margin ")
    assert str(error.value).endswith(
        "from its targets (tolerance 1e-06); loosen the trimming bounds, check the targets "
        "or allow more iterations")


def test_margin_errors(fair_survey):
    def fails(targets: dict, question: str = "religious") -> str:
        declared = Weighting.model_validate({"margins": [
            {"question": question, "targets": targets, "source": "s"}]})
        with pytest.raises(StatsError) as error:
            rake(fair_survey, declared, np.ones(fair_survey.respondents))
        return str(error.value)

    assert fails({"1": 0.5, "2": 0.5}) == (
        "report.yaml: margin 'religious': option '3' has 2422 respondent(s) but no target share")
    assert fails({"1": 0.5, "9": 0.5}) == (
        "report.yaml: margin 'religious': '9' is not an option of religious (expected one of: "
        "1, 2, 3, 4)")
    assert fails({"1": 1.0}, question="age") == (
        "report.yaml: margin 'age' is not a single-choice question of the questionnaire "
        "(expected one of: occupation, religious)")


def test_targets_must_add_up_to_one():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="add up to 0.9, not 1"):
        Weighting.model_validate({"margins": [
            {"question": "q", "targets": {"a": 0.5, "b": 0.4}, "source": "s"}]})


def test_weighted_shares_and_means_against_statsmodels(fair_survey, fair_data, raked):
    figures = compute_figures(fair_survey, weights=raked)
    w = raked.values
    for option in "1234":
        figure = figures.get("religious", option=option)
        indicator = (fair_data["religious"] == option).astype(float)
        assert figure.share == pytest.approx(DescrStatsW(indicator, weights=w).mean)
        # The unweighted count and base stay beside the weighted share.
        assert (figure.count, figure.base) == (indicator.sum(), len(fair_data))
        # The design effect is the linearised variance's over a simple random sample's
        # (R's deff = "replace"), written out per respondent.
        n, p = len(w), figure.share
        variance = n / (n - 1) * ((w * (indicator - p) / w.sum()) ** 2).sum()
        simple = (w * (indicator - p) ** 2).sum() / w.sum() / (n - 1)
        assert figure.design_effect == pytest.approx(variance / simple)
        assert figure.effective_base == pytest.approx(n * simple / variance)
    stats = DescrStatsW(fair_data["age"].to_numpy(float), weights=w)
    assert figures.get("age", measure="mean").value == pytest.approx(stats.mean)
    assert figures.get("age", measure="median").value == pytest.approx(
        stats.quantile([0.5], return_pandas=False)[0])
    ticked = fair_data["situation_children"].astype(float)
    assert figures.get("situation", measure="respondents", option="children").share == \
        pytest.approx(DescrStatsW(ticked, weights=w).mean)
    agree = fair_data["rating_marriage"].isin(["4", "5"]).astype(float)
    assert figures.get("rating", item="marriage", group="good").share == \
        pytest.approx(DescrStatsW(agree, weights=w).mean)


def test_weighted_interval_uses_the_effective_base(fair_survey, raked):
    from statsmodels.stats.proportion import proportion_confint

    figure = compute_figures(fair_survey, weights=raked).get("religious", option="4")
    low, high = proportion_confint(figure.share * figure.effective_base, figure.effective_base,
                                   method="wilson")
    assert (figure.ci_low, figure.ci_high) == (pytest.approx(low), pytest.approx(high))


def test_unit_weights_give_the_unweighted_figures(fair_survey):
    ones = Weights(values=np.ones(fair_survey.respondents), method="column", column="w")
    plain = compute_figures(fair_survey).table
    weighted = compute_figures(fair_survey, weights=ones).table
    for column in ("count", "base", "share", "ci_low", "ci_high", "value", "effective_base"):
        np.testing.assert_allclose(weighted[column].astype(float), plain[column].astype(float),
                                   rtol=1e-12, equal_nan=True)


def test_a_weight_column_of_the_export(tmp_path, fair_data, raked):
    responses = fair_responses().assign(poids=np.round(raked.values, 12))
    questionnaire = FAIR_QUESTIONNAIRE.replace(
        "responses: {file: responses.csv, id_column: id}",
        "responses: {file: responses.csv, id_column: id, weight_column: poids}")
    survey = write_survey(tmp_path, questionnaire, responses)
    assert survey.unknown_columns == ()
    weights = survey_weights(survey, None)
    assert weights.method == "column" and weights.column == "poids"
    np.testing.assert_allclose(weights.values, raked.values, rtol=1e-9)


def test_a_bad_weight_is_quarantined(tmp_path):
    responses = fair_responses().head(50).assign(poids=1.0).astype({"poids": object})
    responses.loc[3, "poids"] = "-2"
    responses.loc[7, "poids"] = "lourd"
    questionnaire = FAIR_QUESTIONNAIRE.replace(
        "responses: {file: responses.csv, id_column: id}",
        "responses: {file: responses.csv, id_column: id, weight_column: poids}")
    survey = write_survey(tmp_path, questionnaire, responses)
    assert survey.respondents == 48
    messages = survey.quarantine.messages("responses.csv")
    assert "responses.csv row 5, column poids: a negative number is not a positive weight" \
        in messages
    assert "responses.csv row 9, column poids: a text of 5 characters is not a positive weight" \
        in messages
