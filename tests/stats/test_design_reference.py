"""Every design-based figure equal to R's survey package on its own example data.

``tests/reference/survey/make_reference.R`` (R 4.2, survey 4.1.1, Debian's r-cran-survey)
wrote the ``api`` samples of California schools as survey exports and what R computes on
them: shares, column percentages, means, shares of mentions, their standard errors, design
effects, degrees of freedom and intervals, Rao-Scott tests and the cells' differences, under
14 designs (simple random sample, weights alone, stratified with and without fpc, one- and
two-stage clusters, a stratified cluster sample, replicate weights JK1, JKn, BRR, Fay and
bootstrap). Here barorapport reads the same exports with the same designs declared as in
report.yaml, and every value is compared at 1e-9 relative. The last test re-runs R.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from barorapport.config.weighting import Design
from barorapport.stats import compute_figures
from barorapport.stats.counts import category_codes
from barorapport.stats.estimators import cell_differences
from barorapport.stats.figures import _intervals
from barorapport.stats.weights import survey_weights
from barorapport.survey import load_questionnaire, load_survey
from barorapport.survey.designcolumns import declared_columns

REFERENCE = Path(__file__).parents[1] / "reference/survey"
RELATIVE = 1e-9
LOGIT = 1e-7
"""R fits the logit interval's model by iteration (``svyglm``, converged to 1e-8): its
bounds are that close to the closed form, not closer."""
SETTINGS = json.loads((REFERENCE / "replicates.json").read_text(encoding="utf-8"))
BANNERS = ["stype", "awards"]
INTERVALS = {"wilson": "wilson", "korn-graubard": "beta", "logit": "logit"}
"""barorapport's interval methods and the reference columns of the same method."""


def _replicates(name: str) -> tuple[str, dict]:
    setting = SETTINGS["replicates"][name]
    replicates = {"columns": f"{name}_*", "method": setting["method"],
                  "scale": setting["scale"]}
    if setting["method"] == "BRR":
        del replicates["scale"]  # R's default for BRR, 1 / R
    if setting["rscales"]:
        replicates["rscales"] = setting["rscales"]
    if setting["rho"]:
        replicates["rho"] = setting["rho"]
    return setting["sample"], {"weights": "pw", "replicates": replicates}


DESIGNS: dict[str, tuple[str, dict | None]] = {
    "srs": ("srs", None),
    "weighted": ("strat", {"weights": "pw"}),
    "strat": ("strat", {"weights": "pw", "strata": "stype", "fpc": "fpc"}),
    "strat_nofpc": ("strat", {"weights": "pw", "strata": "stype"}),
    "clus1": ("clus1", {"weights": "pw", "clusters": "dnum", "fpc": "fpc"}),
    "clus1_nofpc": ("clus1", {"weights": "pw", "clusters": "dnum"}),
    "clus1_strat": ("clus1", {"weights": "pw", "strata": "pstrat", "clusters": "dnum"}),
    "clus2": ("clus2", {"weights": "pw", "clusters": ["dnum", "snum"],
                        "fpc": ["fpc1", "fpc2"]}),
    "clus2_nofpc": ("clus2", {"weights": "pw", "clusters": ["dnum", "snum"]}),
    **{name: _replicates(name) for name in ("jk1", "boot", "jkn", "brr", "fay")},
}
"""R's designs (make_reference.R) as report.yaml declares them: sample, ``design:``."""


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "reference.csv",
                       dtype={"option": str, "banner_option": str})


def _survey(tmp: Path, name: str):
    sample, declared = DESIGNS[name]
    folder = tmp / name
    folder.mkdir()
    shutil.copy(REFERENCE / "questionnaire.yaml", folder / "questionnaire.yaml")
    shutil.copy(REFERENCE / f"api{sample}.csv", folder / "responses.csv")
    design = None if declared is None else Design.model_validate(declared)
    questionnaire = load_questionnaire(folder / "questionnaire.yaml")
    survey = load_survey(questionnaire, folder / "responses.csv",
                         design=declared_columns(design, None))
    return survey, design


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> dict:
    """Per design: the survey, its weights and the figures table by each interval method."""
    tmp = tmp_path_factory.mktemp("api")
    found = {}
    for name in DESIGNS:
        survey, design = _survey(tmp, name)
        weights = survey_weights(survey, None, None, design)
        table = compute_figures(survey, banners=BANNERS, weights=weights).table
        # The other methods' intervals from the same estimates, as compute_figures makes them.
        tables = {method: _intervals(table.copy(), method, designed=weights is not None)
                  for method in INTERVALS}
        found[name] = (survey, weights, tables)
    return found


def _close(got, want, what: str, absolute: float = 0.0, relative: float = RELATIVE
           ) -> list[str]:
    """The mismatches of ``got`` against R's ``want`` (NaN only where R has NaN)."""
    got, want = np.asarray(got, float), np.asarray(want, float)
    if np.isnan(want).all() and np.isnan(got).all():
        return []
    if np.isclose(got, want, rtol=relative, atol=absolute).all():
        return []
    return [f"{what}: {got} against R's {want}"]


KEYS = ("question", "option", "measure", "banner", "banner_option")
_INDEXES: dict[int, dict] = {}


def _row(table: pd.DataFrame, **keys) -> dict:
    """The one row of ``table`` with these keys (question, option, measure, banner,
    banner_option; None for empty)."""
    if id(table) not in _INDEXES:
        index: dict = {}
        for record in table.to_dict("records"):
            key = tuple(None if pd.isna(record[name]) else record[name] for name in KEYS)
            index.setdefault(key, []).append(record)
        _INDEXES[id(table)] = index
    found = _INDEXES[id(table)].get(tuple(keys.get(name) for name in KEYS), [])
    assert len(found) == 1, keys
    return found[0]


def _compared(reference: pd.DataFrame, computed: dict, kinds: tuple[str, ...]):
    """(design, R's row, the figures tables) for each reference value of ``kinds``."""
    for _, want in reference[reference["kind"].isin(kinds)].iterrows():
        yield want["design"], want, computed[want["design"]][2]


def _padded(design: str, want: pd.Series, computed: dict) -> bool:
    """R's subset of a design keeps every respondent in its variance (a domain's influence
    is zero outside it), so a simple random sample's share among fewer respondents than the
    sample (those who answered, a column) has R's variance p (1 - p) n / ((n - 1) n_d);
    barorapport keeps the textbook p (1 - p) / (n_d - 1) there (the 2020 edition's)."""
    return design == "srs" and want["n"] < computed["srs"][0].respondents


def test_shares_and_column_percentages_equal_r(reference, computed):
    """Estimate, standard error, design effect, degrees of freedom and the three intervals
    of every share (whole sample and crosstab cell). Where R has no variance (a share of 0
    or 1, or a stratum's under its fpc) its interval is degenerate: barorapport's is the
    documented one (Kish's effective base, or the share itself), checked apart."""
    problems, compared, boundaries, diverging = [], 0, 0, 0
    for design, want, tables in _compared(reference, computed, ("share", "domain_share")):
        keys = {"question": want["question"], "option": want["option"],
                "measure": "respondents", "banner": None, "banner_option": None}
        if want["kind"] == "domain_share":
            keys.update(banner=want["banner"], banner_option=want["banner_option"])
        what = f"{design} {want['kind']} {tuple(keys.values())}"
        got = _row(tables["wilson"], **keys)
        problems += _close(got["share"], want["estimate"], what + " share")
        problems += _close(got["df"], want["df"], what + " df")
        compared += 1
        if want["estimate"] in (0, 1):
            boundaries += 1
            problems += _close(got["effective_base"], got["kish_base"], what + " Kish")
            continue
        if want["se"] == 0:  # a stratum's share under its fpc: known exactly
            problems += _close([got["ci_low"], got["ci_high"]], [got["share"]] * 2, what)
            continue
        if _padded(design, want, computed):
            continue
        problems += _close(np.sqrt(got["variance"]), want["se"], what + " se")
        problems += _close(got["design_effect"], want["deff"], what + " deff")
        for method, column in INTERVALS.items():
            interval = _row(tables[method], **keys)
            if method == "logit" and np.isinf(got["logit_variance"]):
                # A replicate's share is 0 or 1: its logit, and the logits' variance, are
                # infinite, the interval [0, 1]; R's logistic fit stops somewhere finite.
                diverging += 1
                problems += _close([interval["ci_low"], interval["ci_high"]], [0, 1], what)
                continue
            problems += _close([interval["ci_low"], interval["ci_high"]],
                               [want[f"{column}_low"], want[f"{column}_high"]],
                               f"{what} {method}", absolute=1e-15,
                               relative=LOGIT if method == "logit" else RELATIVE)
    assert problems == []
    assert (compared, boundaries, diverging) == (1036, 63, 40)


def test_means_equal_r(reference, computed):
    """The mean, its standard error, design effect, degrees of freedom and t interval,
    whole sample and by group."""
    problems, compared = [], 0
    for design, want, tables in _compared(reference, computed, ("mean", "domain_mean")):
        keys = {"question": want["question"], "option": None, "measure": "mean",
                "banner": None, "banner_option": None}
        if want["kind"] == "domain_mean":
            keys.update(banner=want["banner"], banner_option=want["banner_option"])
        got = _row(tables["wilson"], **keys)
        what = f"{design} {want['kind']} {tuple(keys.values())}"
        problems += _close(got["value"], want["estimate"], what + " mean")
        compared += 1
        if _padded(design, want, computed):
            continue
        if design != "srs":  # the textbook mean keeps s / sqrt(n), which is R's here
            problems += _close(np.sqrt(got["variance"]), want["se"], what + " se")
        problems += _close(got["design_effect"], want["deff"], what + " deff")
        problems += _close([got["ci_low"], got["ci_high"]], [want["t_low"], want["t_high"]],
                           what + " interval")
    assert problems == []
    assert compared == 241


def test_shares_of_mentions_equal_r(reference, computed):
    """A share of mentions is a ratio with respondents as clusters: R's svyratio. (A
    simple random sample keeps its former variance, over the respondents who answered:
    R's subset keeps every respondent of the design, so it is not compared.)"""
    problems, compared = [], 0
    for design, want, tables in _compared(reference, computed, ("mentions",)):
        got = _row(tables["wilson"], question="targets", option=want["option"],
                   measure="mentions", banner=None, banner_option=None)
        problems += _close(got["share"], want["estimate"], f"{design} {want['option']}")
        if design != "srs":
            problems += _close(np.sqrt(got["variance"]), want["se"],
                               f"{design} {want['option']} se")
        compared += 1
    assert problems == []
    assert compared == 42


def test_rao_scott_tests_equal_r(reference, computed):
    """Each crosstab's test of independence under the design: R's ``svychisq(statistic =
    "F")`` on the respondents who answered both. (The simple random sample keeps Pearson's
    chi-square.)"""
    problems, compared = [], 0
    for design, want, tables in _compared(reference, computed, ("rao_scott",)):
        if design == "srs":
            continue
        table = tables["wilson"]
        rows = table[(table["question"] == want["question"])
                     & (table["banner"] == want["banner"])]
        assert (rows["test"] == "rao-scott").all()
        problems += _close(rows["chi2_p"].iloc[0], want["p"],
                           f"{design} {want['question']} x {want['banner']}")
        compared += 1
    assert problems == []
    assert compared == 117


def test_cell_differences_equal_r(reference, computed):
    """Each cell against the rest of its row, the difference's variance from the design
    (R: svyby by column and rest, svycontrast): its z statistic."""
    problems, compared, tables = [], 0, {}
    for design, want, _ in _compared(reference, computed, ("cell_test",)):
        if design == "srs":
            continue
        survey, weights, _ = computed[design]
        question = survey.questionnaire.question(want["question"])
        banner = survey.questionnaire.question(want["banner"])
        options = [option.code for option in question.options]
        columns = [option.code for option in banner.options]
        key = (design, question.id, banner.id)
        if key not in tables:
            tables[key] = cell_differences(
                weights.design, _codes(survey.answers[question.id], options), len(options),
                _codes(survey.answers[banner.id], columns), len(columns), len(options))
        got = tables[key][options.index(want["option"]), columns.index(want["banner_option"])]
        problems += _close(got, want["z"], f"{design} {want['question']} x {want['banner']} "
                                           f"{want['option']}/{want['banner_option']}")
        compared += 1
    assert problems == []
    assert compared == 754


def _codes(values: pd.Series, codes: list[str]) -> np.ndarray:
    return category_codes(values, codes).astype(int)


def test_a_simple_random_sample_keeps_its_textbook_figures(computed):
    """No design, no weights: the figures count respondents, the interval is the plain
    Wilson interval on the base, and the design effect is 1 (the 2020 edition's case)."""
    table = computed["srs"][2]["wilson"]
    shares = table[(table["measure"] == "respondents") & table["banner"].isna()]
    assert (shares["effective_base"] == shares["base"]).all()
    assert (shares["design_effect"] == 1).all()


LIVE = ("strat", "clus2", "jk1")
"""The designs R re-computes in every run of the tests: strata with fpc, two stages of
clusters with fpc, replicate weights (the others are the same code paths; the whole script
takes a few minutes)."""


def test_r_reproduces_the_committed_reference(tmp_path):
    """The committed values are what R computes now: the script re-run (R is installed by
    ``nox -s tests``: r-base-core, r-cran-survey, r-cran-jsonlite), its exports byte for
    byte, its values for three designs."""
    assert shutil.which("Rscript"), "R is not installed: nox -s tests installs it"
    subprocess.run(["Rscript", str(REFERENCE / "make_reference.R"), str(tmp_path),
                    ",".join(LIVE)], check=True, capture_output=True, timeout=600)
    for name in ("replicates.json", "apisrs.csv", "apistrat.csv", "apiclus1.csv",
                 "apiclus2.csv"):
        assert (tmp_path / name).read_bytes() == (REFERENCE / name).read_bytes(), name
    fresh = pd.read_csv(tmp_path / "reference.csv", dtype={"option": str,
                                                           "banner_option": str})
    committed = pd.read_csv(REFERENCE / "reference.csv", dtype={"option": str,
                                                                "banner_option": str})
    committed = committed[committed["design"].isin(LIVE)].reset_index(drop=True)
    assert len(fresh) == len(committed) == 484
    pd.testing.assert_frame_equal(fresh, committed, check_exact=False, rtol=1e-12)
