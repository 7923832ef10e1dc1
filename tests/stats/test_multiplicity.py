"""How many tests the publication runs, and a publication-wide family (Holm or Benjamini and
Hochberg over every crosstab) against statsmodels' multipletests."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from barorapport.config.weighting import MultipleTesting
from barorapport.stats import compute_figures
from barorapport.stats.methods import estimation_summary, sentence_on_tests
from barorapport.stats.multiplicity import CountOfTests
from barorapport.stats.significance import benjamini_hochberg

BANNERS = ["occupation", "religious"]


def _keys(crossed):
    """Which test of independence decides each crosstab row."""
    columns = crossed[["question", "item", "banner", "test_family"]]
    return columns.fillna("").astype(str).agg("|".join, axis=1)


@pytest.fixture(scope="module")
def per_table(fair_survey):
    return compute_figures(fair_survey, banners=BANNERS)


@pytest.mark.parametrize("values", [
    [0.01, 0.04, 0.03, 0.2, 0.5], [0.001] * 3 + [0.9], [0.05], [0.3, np.nan, 0.01],
])
def test_benjamini_hochberg_is_statsmodels(values):
    values = np.array(values)
    present = ~np.isnan(values)
    expected = multipletests(values[present], method="fdr_bh")[1]
    assert benjamini_hochberg(values)[present] == pytest.approx(expected, rel=1e-12)
    assert np.isnan(benjamini_hochberg(values)[~present]).all()


def test_the_tests_are_counted(per_table):
    """One test of independence per crosstab (per grouping, per ticked option), one cell
    test per distinct cell (a twin of a two-row or two-column table once)."""
    table = per_table.table
    crossed = table[table["banner"].notna()]
    keys = _keys(crossed)
    tests = per_table.tests
    assert tests.tables == keys[crossed["chi2_p"].notna()].nunique()
    assert tests.cells == int((crossed["cell_test"] & crossed["cell_p_raw"].notna()).sum())
    assert tests.comparisons > 0
    assert (tests.family, tests.method) == ("table", "holm")
    # Each table's own Holm: a cell's corrected p-value is never under its raw one.
    assert (crossed["cell_p"].dropna() >= crossed.loc[crossed["cell_p"].notna(),
                                                      "cell_p_raw"] - 1e-15).all()
    assert set(crossed["correction"].dropna()) == {"holm-table"}


@pytest.mark.parametrize("method, statsmodels", [("holm", "holm"),
                                                  ("benjamini-hochberg", "fdr_bh")])
def test_a_publication_wide_family(fair_survey, per_table, method, statsmodels):
    """Every test of independence corrected together, every distinct cell test together;
    a cell flagged only where both corrected p-values are under alpha."""
    figures = compute_figures(fair_survey, banners=BANNERS, multiple_testing=MultipleTesting(
        family="publication", method=method))
    table = figures.table
    crossed = table[table["banner"].notna()]
    before = per_table.table[per_table.table["banner"].notna()]
    keys = _keys(crossed)
    raw_tests = before.groupby(keys, sort=False)["chi2_p"].first().dropna()
    expected = dict(zip(raw_tests.index, multipletests(raw_tests, method=statsmodels)[1],
                        strict=True))
    assert crossed["chi2_p"].to_numpy() == pytest.approx(keys.map(expected).to_numpy(),
                                                         rel=1e-12, nan_ok=True)
    distinct = crossed["cell_test"] & crossed["cell_p_raw"].notna()
    adjusted = multipletests(crossed.loc[distinct, "cell_p_raw"], method=statsmodels)[1]
    assert crossed.loc[distinct, "cell_p"].to_numpy() == pytest.approx(adjusted, rel=1e-12)
    flagged = crossed["differs"].notna()
    assert (flagged == ((crossed["cell_p"] < 0.05) & (crossed["chi2_p"] < 0.05)
                        & ~crossed["suppressed"])).all()
    assert set(crossed["correction"].dropna()) == {f"{method}-publication"}
    assert figures.tests.total == per_table.tests.total
    if method == "holm":  # the larger family flags no more cells than each table's
        assert flagged.sum() <= before["differs"].notna().sum()


def test_the_methods_note_says_how_many_tests_and_how_corrected():
    count = CountOfTests(tables=12, cells=1345, comparisons=40, family="publication",
                      method="benjamini-hochberg")
    assert sentence_on_tests(count, trend_tests=3) == (
        "la publication a effectué 1\u202f400 tests (12 tests d'indépendance, 1\u202f345 "
        "comparaisons d'une case au reste de sa ligne, 40 comparaisons de colonnes deux à "
        "deux, 3 tests d'évolution). Les tests d'indépendance d'une part, les comparaisons "
        "de cases d'autre part, sont corrigés ensemble sur toute la publication (méthode de "
        "Benjamini et Hochberg, qui contrôle la proportion de faux positifs parmi les écarts "
        "signalés). Les comparaisons de colonnes deux à deux sont corrigées au sein de chaque "
        "tableau (méthode de Holm). Les tests d'évolution ne sont pas corrigés : ils "
        "signalent des changements à examiner.")
    assert sentence_on_tests(CountOfTests()) is None
    assert sentence_on_tests(CountOfTests(), trend_tests=1) == (
        "la publication a effectué 1 test (1 test d'évolution). Les tests d'évolution ne "
        "sont pas corrigés : ils signalent des changements à examiner.")


def test_the_methods_note_says_on_what_each_interval_is_computed():
    """Wilson and Korn-Graubard read the effective base; the logit interval does not."""
    said = {method: estimation_summary(None, method)["interval"]
            for method in ("wilson", "korn-graubard", "logit")}
    assert said == {
        "wilson": "intervalle de Wilson à 95 %, calculé sur l'effectif efficace (l'effectif "
                  "divisé par l'effet de plan) ; ils restent entre 0 et 100 %.",
        "korn-graubard": "intervalle de Korn et Graubard à 95 %, calculé sur l'effectif "
                         "efficace (l'effectif divisé par l'effet de plan) ; ils restent "
                         "entre 0 et 100 %.",
        "logit": "intervalle logit à 95 %, calculé sur l'échelle des logits à partir de la "
                 "variance de chaque part ; ils restent entre 0 et 100 %."}
