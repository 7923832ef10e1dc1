"""A second, independent implementation: the Python ``svy`` package (samplics' authors, in
Rust) on the same ``api`` exports and designs as the R reference. Estimates, standard
errors, Korn-Graubard (svy's ``beta``) and logit intervals of shares, whole sample and by
domain, and means with their t interval."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
import svy

from .test_design_reference import _row, computed  # noqa: F401 (the module's fixture)

REFERENCE = Path(__file__).parents[1] / "reference/survey"
NUMBERS = ("pw", "fpc", "fpc1", "fpc2", "api00", "enroll", "acs_46")
DESIGNS = {
    "weighted": ("strat", {"wgt": "pw"}),
    "strat": ("strat", {"stratum": "stype", "wgt": "pw", "pop_size": "fpc"}),
    "strat_nofpc": ("strat", {"stratum": "stype", "wgt": "pw"}),
    "clus1": ("clus1", {"psu": "dnum", "wgt": "pw", "pop_size": "fpc"}),
    "clus1_nofpc": ("clus1", {"psu": "dnum", "wgt": "pw"}),
    "clus1_strat": ("clus1", {"stratum": "pstrat", "psu": "dnum", "wgt": "pw"}),
    "clus2": ("clus2", {"psu": "dnum", "ssu": "snum", "wgt": "pw",
                        "pop_size": svy.PopSize(psu="fpc1", ssu="fpc2")}),
}
QUESTIONS = ("sch_wide", "awards", "comp_imp", "meals_band")
RELATIVE = 1e-9


def _sample(name: str) -> svy.Sample:
    sample, design = DESIGNS[name]
    data = pl.read_csv(REFERENCE / f"api{sample}.csv", infer_schema_length=0)
    data = data.with_columns([pl.col(column).cast(pl.Float64) for column in NUMBERS
                              if column in data.columns])
    return svy.Sample(data=data, design=svy.Design(**design))


def _interval(sample: svy.Sample, question: str, method: str, **keys) -> dict:
    found = sample.estimation.prop(y=question, ci_method=method, **keys).to_polars()
    return {tuple(row[:-4]): row[-4:] for row in found.select(
        [*([keys["by"]] if "by" in keys else []), question, "est", "se", "lci", "uci"]).rows()}


@pytest.mark.parametrize("design", DESIGNS)
def test_shares_and_means_equal_svy(design, computed):  # noqa: F811
    sample = _sample(design)
    table = computed[design][2]["wilson"]
    compared = 0
    for question in QUESTIONS:
        for method, ours in (("beta", "korn-graubard"), ("logit", "logit")):
            theirs = _interval(sample, question, method)
            for (option,), (estimate, se, low, high) in theirs.items():
                got = _row(computed[design][2][ours], question=question, option=option,
                           measure="respondents", banner=None, banner_option=None)
                assert got["share"] == pytest.approx(estimate, rel=RELATIVE)
                assert np.sqrt(got["variance"]) == pytest.approx(se, rel=RELATIVE)
                tolerance = 1e-7 if method == "logit" else RELATIVE  # svy's logit: svyglm's
                assert [got["ci_low"], got["ci_high"]] == pytest.approx([low, high],
                                                                        rel=tolerance)
                compared += 1
        if question == "stype":
            continue
        by = _interval(sample, question, "beta", by="stype")
        for (column, option), (estimate, se, _, _) in by.items():
            got = _row(table, question=question, option=option, measure="respondents",
                       banner="stype", banner_option=column)
            assert got["share"] == pytest.approx(estimate, rel=RELATIVE)
            assert np.sqrt(got["variance"]) == pytest.approx(se, rel=RELATIVE, abs=1e-15)
            compared += 1
    mean = sample.estimation.mean(y="api00").to_polars().row(0, named=True)
    got = _row(table, question="api00", option=None, measure="mean", banner=None,
               banner_option=None)
    assert got["value"] == pytest.approx(mean["est"], rel=RELATIVE)
    assert np.sqrt(got["variance"]) == pytest.approx(mean["se"], rel=RELATIVE)
    assert [got["ci_low"], got["ci_high"]] == pytest.approx([mean["lci"], mean["uci"]],
                                                            rel=RELATIVE)
    assert compared >= 30
