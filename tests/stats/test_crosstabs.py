"""Crosstabs on statsmodels' ``fair`` survey (6,366 respondents), against pandas, scipy and
statsmodels computed here independently."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency, norm
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from barorapport.errors import StatsError
from barorapport.stats import compute_figures

from .test_suppression import derivable


@pytest.fixture(scope="module")
def figures(fair_survey):
    return compute_figures(fair_survey, banners=["occupation"])


def test_column_percentages_and_intervals(figures, fair_data):
    expected = pd.crosstab(fair_data["religious"], fair_data["occupation"])
    for cell in figures.select("religious", banner="occupation"):
        count = expected.loc[cell.option, cell.banner_option]
        base = expected[cell.banner_option].sum()
        assert (cell.count, cell.base) == (count, base)
        assert cell.share == pytest.approx(count / base)
        low, high = proportion_confint(count, base, method="wilson")
        assert (cell.ci_low, cell.ci_high) == (pytest.approx(low), pytest.approx(high))


def test_chi_square_of_a_single_choice_question(figures, fair_data):
    table = pd.crosstab(fair_data["religious"], fair_data["occupation"])
    _, p_value, _, _ = chi2_contingency(table, correction=False)
    cells = figures.select("religious", banner="occupation")
    assert len(cells) == 24
    assert [cell.chi2_p for cell in cells] == [pytest.approx(p_value, rel=1e-9)] * 24


def test_cells_that_differ_from_their_row_after_holm(figures, fair_data):
    table = pd.crosstab(fair_data["rating_marriage"], fair_data["occupation"]).to_numpy()
    _, _, _, expected = chi2_contingency(table, correction=False)
    total = table.sum()
    rows = table.sum(axis=1, keepdims=True) / total
    columns = table.sum(axis=0, keepdims=True) / total
    z = (table - expected) / np.sqrt(expected * (1 - rows) * (1 - columns))
    adjusted = multipletests(2 * norm.sf(np.abs(z)).ravel(), method="holm")[1]
    adjusted = adjusted.reshape(table.shape)
    for cell in figures.select("rating", measure="level", item="marriage", banner="occupation"):
        r, c = int(cell.option) - 1, int(cell.banner_option) - 1
        if cell.suppressed:
            assert np.isnan(cell.cell_p) and cell.differs is None
            continue
        assert cell.cell_p == pytest.approx(adjusted[r, c], rel=1e-9)
        if adjusted[r, c] < 0.05:
            assert cell.differs == ("higher" if z[r, c] > 0 else "lower")
        else:
            assert cell.differs is None


def test_multiple_choice_is_crossed_option_by_option(figures, fair_data):
    ticked = fair_data["situation_children"] == 1
    table = pd.crosstab(ticked, fair_data["occupation"])
    _, p_value, _, _ = chi2_contingency(table, correction=False)
    cell = figures.get("situation", option="children", banner="occupation", banner_option="4")
    assert cell.count == table.loc[True, "4"]
    assert cell.base == table["4"].sum()
    assert cell.chi2_p == pytest.approx(p_value, rel=1e-9)


def test_small_cells_are_hidden_and_cannot_be_worked_out(figures, fair_data):
    cells = figures.select("rating", measure="level", item="marriage", banner="occupation")
    counts = np.zeros((5, 6))
    hidden = np.zeros((5, 6), dtype=bool)
    for cell in cells:
        r, c = int(cell.option) - 1, int(cell.banner_option) - 1
        counts[r, c], hidden[r, c] = cell.count, cell.suppressed
    small = (counts > 0) & (counts < figures.thresholds.suppress)
    assert small.any() and (hidden >= small).all()
    index = np.arange(30).reshape(5, 6)
    assert derivable(counts, hidden, [*index, *index.T]) == []


def test_a_grouping_cannot_reveal_a_hidden_level(figures):
    for option in ("1", "6"):
        cells = {(cell.option or cell.group): cell for cell in figures.select(
            "rating", item="marriage", banner="occupation", banner_option=option)}
        hidden_in_poor = [cells[code].suppressed for code in ("1", "2", "poor")]
        assert sum(hidden_in_poor) != 1


def test_whole_sample_lookups_ignore_crosstab_cells(figures, fair_data):
    figure = figures.get("religious", option="2")
    assert figure.banner is None
    assert figure.count == (fair_data["religious"] == "2").sum()


def test_banner_must_be_a_single_choice_question(fair_survey):
    with pytest.raises(StatsError) as caught:
        compute_figures(fair_survey, banners=["age"])
    assert str(caught.value) == ("banner 'age' is not a single-choice question of the "
                                 "questionnaire (expected one of: occupation, religious)")


def test_ambiguous_crosstab_lookup_asks_for_the_banner_option(figures):
    with pytest.raises(StatsError) as caught:
        figures.get("religious", option="2", banner="occupation")
    assert str(caught.value) == ("6 figures of question 'religious' match option='2', "
                                 "banner='occupation': name the measure (respondents), item, "
                                 "option or group and the banner_option")
