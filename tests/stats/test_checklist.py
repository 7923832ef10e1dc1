"""A methodologist's checklist, read from the published annex (``export_frame``, what
figures.csv holds) of the 2020 edition, a weighted survey (statsmodels' ``fair`` raked to two
margins) and R's stratified cluster and replicate samples, under each interval method:
every published share has its method named and an interval inside [0, 1] around it, a
design effect and an effective base; every mean its t interval around it; every flagged
cell a corrected p-value and a table test under alpha (tests agree with what is flagged);
no table with a hidden cell publishes a p-value."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from barorapport.config.weighting import Weighting
from barorapport.stats import compute_figures
from barorapport.stats.export import export_frame
from barorapport.stats.weights import survey_weights
from barorapport.survey import load_questionnaire, load_survey

from .test_design_reference import _survey

REPO = Path(__file__).resolve().parents[2]
ALPHA = 0.05
SHARES = ("respondents", "mentions", "level", "group", "theme", "bin")
RAKING = Weighting.model_validate({"margins": [
    {"question": "occupation", "source": "a census",
     "targets": {"1": 0.02, "2": 0.05, "3": 0.38, "4": 0.17, "5": 0.28, "6": 0.10}},
    {"question": "religious", "source": "a survey",
     "targets": {"1": 0.10, "2": 0.30, "3": 0.45, "4": 0.15}}]})


def _2020(tmp_path, fair_survey):
    questionnaire = load_questionnaire(REPO / "data/2020/questionnaire.yaml")
    survey = load_survey(questionnaire, REPO / "data/2020" / questionnaire.responses.file)
    return survey, None, ["Q1"]


def _fair_raked(tmp_path, fair_survey):
    return fair_survey, survey_weights(fair_survey, RAKING), ["occupation"]


def _api(name: str):
    def made(tmp_path, fair_survey):
        survey, design = _survey(tmp_path, name)
        return survey, survey_weights(survey, None, None, design), ["stype", "awards"]
    return made


CASES = {"2020": _2020, "fair raked": _fair_raked, "api stratified clusters":
         _api("clus1_strat"), "api two stages": _api("clus2"), "api JK1": _api("jk1")}


def _problems(frame: pd.DataFrame, interval: str) -> list[str]:
    problems = []
    shares = frame[frame["measure"].isin(SHARES) & frame["share"].notna()]
    low, share, high = (shares[column].astype(float) for column in ("ci_low", "share",
                                                                      "ci_high"))
    outside = ~((0 <= low) & (low <= share + 1e-12) & (share <= high + 1e-12) & (high <= 1))
    problems += [f"interval outside [0, 1] or not around its share: {row.question} "
                 f"{row.option} {row.banner_option}" for row in shares[outside].itertuples()]
    if set(shares["ci_method"]) != {interval}:
        problems.append(f"shares' methods {set(shares['ci_method'])}, not {interval}")
    for column in ("effective_base", "design_effect"):
        bad = ~(shares[column].astype(float) > 0)
        problems += [f"{column} missing: {row.question} {row.option}"
                     for row in shares[bad].itertuples()]
    means = frame[(frame["measure"] == "mean") & frame["value"].notna()]
    if len(means) and set(means["ci_method"]) != {"t"}:
        problems.append(f"means' methods {set(means['ci_method'])}")
    around = (means["ci_low"] <= means["value"]) & (means["value"] <= means["ci_high"])
    problems += [f"mean outside its interval: {row.question}"
                 for row in means[~around].itertuples()]
    cells = frame[frame["banner"].notna() & frame["share"].notna()]
    flags = cells["flags"].fillna("")
    flagged = cells[flags.str.contains("higher") | flags.str.contains("lower")]
    tested = flagged[flagged["cell_p"].notna()]
    wrong = ~((tested["cell_p"] < ALPHA) & (tested["chi2_p"] < ALPHA))
    problems += [f"flagged without both tests under alpha: {row.question} {row.option}"
                 for row in tested[wrong].itertuples()]
    keys = ["question", "item", "grouping", "banner"]
    hidden = frame[frame["banner"].notna()].fillna({key: "" for key in keys})
    for key, table in hidden.groupby(keys):
        if table["flags"].fillna("").str.contains("suppressed").any() and (
                table["chi2_p"].notna().any() or table["cell_p"].notna().any()):
            problems.append(f"a table with a hidden cell publishes a p-value: {key}")
    return problems


@pytest.mark.parametrize("interval", ["wilson", "korn-graubard", "logit"])
@pytest.mark.parametrize("case", CASES)
def test_the_published_figures_pass_a_methodologist_s_checklist(case, interval, tmp_path,
                                                                 fair_survey):
    survey, weights, banners = CASES[case](tmp_path, fair_survey)
    figures = compute_figures(survey, banners=banners, weights=weights, interval=interval)
    frame = export_frame(figures)
    crossed = frame[frame["banner"].notna()]
    assert len(crossed) and crossed["share"].notna().any()
    assert np.isfinite(frame["share"].astype(float)).sum() > 10
    assert _problems(frame, interval) == []
