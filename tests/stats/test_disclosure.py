"""Disclosure control against an attacker who reads only what is published (figures.csv):
no hidden cell of a crosstab can be recovered, by subtraction through any combination of the
published totals, groupings and complements (linear programming over the completions), nor
by searching the integer completions that reproduce the published p-values; and a table
published under two banners hides the same cells in both copies."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog
from scipy.stats import chi2_contingency

from barorapport.stats import compute_figures
from barorapport.stats.export import export_frame

REPO = Path(__file__).parent.parent.parent
MAX_COMPLETIONS = 200_000


def _published_tables(frame: pd.DataFrame):
    """Per crosstab (question, item, banner): its published rows as the attacker reads them."""
    crossed = frame[frame["banner"].notna()]
    keys = ["question", "item", "banner"]
    yield from crossed.groupby([crossed[column].fillna("") for column in keys], sort=False)


def _whole_sample(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["banner"].isna()]


def _attack(frame: pd.DataFrame, scales: dict, types: dict) -> dict[tuple, list[tuple]]:
    """For each table with hidden cells, the hidden cells whose value the published figures
    fix (min = max over every completion)."""
    whole = _whole_sample(frame)
    recovered = {}
    for key, table in _published_tables(frame):
        table = table.reset_index(drop=True)
        hidden = table["n"].isna().to_numpy()
        if not hidden.any():
            continue
        assert table["chi2_p"].isna().all() and table["cell_p"].isna().all(), key
        rows = [(row["option"] if isinstance(row["option"], str) else None,
                 row["grouping"] if isinstance(row["grouping"], str) else None,
                 row["measure"]) for _, row in table.iterrows()]
        row_ids = list(dict.fromkeys(rows))
        columns = list(dict.fromkeys(table["banner_option"]))
        cell = {(rows[i], table.loc[i, "banner_option"]): i for i in range(len(table))}
        unknown = {i: position for position, i in enumerate(np.flatnonzero(hidden))}
        equalities, inequalities = [], []

        def expression(terms, unknown=unknown, table=table):
            coefficients, constant = np.zeros(len(unknown)), 0.0
            for sign, index in terms:
                if index in unknown:
                    coefficients[unknown[index]] += sign
                else:
                    constant += sign * float(table.loc[index, "n"])
            return coefficients, constant

        bases = {option: float(table[table["banner_option"] == option]["base"].iloc[0])
                 for option in columns}
        question, item, _banner = key
        levels = [row for row in row_ids if row[1] is None]
        for option in columns:
            if types[question] in ("single", "grid"):  # a column's levels add up to its base
                a, b = expression([(1, cell[(row, option)]) for row in levels])
                equalities.append((a, bases[option] - b))
            else:  # each ticked option is at most the base
                for row in levels:
                    a, b = expression([(1, cell[(row, option)])])
                    inequalities.append((a, bases[option] - b))
        sample = whole[(whole["question"] == question)
                       & (whole["item"].fillna("") == item)]
        if sum(bases.values()) == float(sample["base"].max()):
            for row in row_ids:  # a row adds up to its whole-sample count
                match = sample[(sample["option"].fillna("") == (row[0] or ""))
                               & (sample["grouping"].fillna("") == (row[1] or ""))
                               & (sample["measure"] == row[2])]
                if len(match) == 1 and pd.notna(match["n"].iloc[0]):
                    a, b = expression([(1, cell[(row, option)]) for option in columns])
                    equalities.append((a, float(match["n"].iloc[0]) - b))
        for group, members in scales.get(question, {}).items():  # a grouping = its levels
            grouping = next((row for row in row_ids if row[1] == group), None)
            if grouping is None:
                continue
            for option in columns:
                terms = [(1, cell[(grouping, option)])]
                terms += [(-1, cell[(next(row for row in row_ids if row[0] == code
                                          and row[1] is None), option)]) for code in members]
                a, b = expression(terms)
                equalities.append((a, -b))
        a_eq = np.array([a for a, _ in equalities]) if equalities else None
        b_eq = np.array([b for _, b in equalities]) if equalities else None
        a_ub = np.array([a for a, _ in inequalities]) if inequalities else None
        b_ub = np.array([b for _, b in inequalities]) if inequalities else None
        fixed = []
        for index, position in unknown.items():
            objective = np.zeros(len(unknown))
            objective[position] = 1
            low = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                          bounds=(0, None), method="highs")
            high = linprog(-objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                           bounds=(0, None), method="highs")
            assert low.status == 0 and high.status == 0, key
            if -high.fun - low.fun < 1 - 1e-6:
                fixed.append((rows[index], table.loc[index, "banner_option"]))
        if fixed:
            recovered[key] = fixed
    return recovered


def _grid_groups(questionnaire) -> dict:
    groups = {}
    for question in questionnaire.questions:
        if question.type == "grid":
            scale = questionnaire.scale_of(question)
            groups[question.id] = {group.id: list(group.levels) for group in scale.groups}
    return groups


def _types(questionnaire) -> dict:
    return {question.id: question.type for question in questionnaire.questions}


@pytest.fixture(scope="module")
def fair_figures(fair_survey):
    return compute_figures(fair_survey, banners=["occupation", "religious"])


def test_no_hidden_cell_of_the_fair_crosstabs_can_be_recovered(fair_figures, fair_survey):
    frame = export_frame(fair_figures)
    assert frame["n"].isna().any()  # there are hidden cells to attack
    assert _attack(frame, _grid_groups(fair_survey.questionnaire),
                   _types(fair_survey.questionnaire)) == {}


def test_a_table_under_two_banners_hides_the_same_cells_in_both_copies(fair_figures):
    table = fair_figures.table
    one = table[(table["question"] == "religious") & (table["banner"] == "occupation")]
    other = table[(table["question"] == "occupation") & (table["banner"] == "religious")]
    hidden_one = {(row.option, row.banner_option) for row in one.itertuples() if row.suppressed}
    hidden_other = {(row.banner_option, row.option) for row in other.itertuples()
                    if row.suppressed}
    assert hidden_one and hidden_one == hidden_other


def test_published_p_values_would_identify_the_hidden_cells(fair_figures):
    """Why a table hiding a cell publishes no p-value: its chi-square p-value, computed from
    every cell, is reproduced by one integer completion only."""
    table = fair_figures.table
    cells = table[(table["question"] == "religious") & (table["banner"] == "occupation")]
    options = list(dict.fromkeys(cells["option"]))
    columns = list(dict.fromkeys(cells["banner_option"]))
    counts = np.zeros((len(options), len(columns)))
    hidden = np.zeros(counts.shape, dtype=bool)
    for row in cells.itertuples():
        r, c = options.index(row.option), columns.index(row.banner_option)
        counts[r, c], hidden[r, c] = row.count, row.suppressed
    p_value = float(cells["chi2_p"].iloc[0])  # what full precision would publish
    # The attacker's search: completions keeping the row and column totals, each kept if it
    # reproduces the p-value.
    rows_total, columns_total = counts.sum(axis=1), counts.sum(axis=0)
    positions = list(zip(*np.nonzero(hidden), strict=True))
    free = positions[:-1]
    ranges = [range(int(min(rows_total[r], columns_total[c])) + 1) for r, c in free]
    assert np.prod([len(values) for values in ranges], dtype=float) <= MAX_COMPLETIONS
    matching = []
    for values in itertools.product(*ranges):
        trial = counts.copy()
        trial[hidden] = 0
        for (r, c), value in zip(free, values, strict=True):
            trial[r, c] = value
        r, c = positions[-1]
        trial[r, c] = rows_total[r] - trial[r].sum()
        if trial[r, c] < 0 or not np.allclose(trial.sum(axis=0), columns_total):
            continue
        if abs(chi2_contingency(trial, correction=False)[1] - p_value) < 1e-12:
            matching.append(trial)
    assert len(matching) == 1 and np.array_equal(matching[0], counts)
    # Published, the table's p-values are withheld: nothing for that search to match.
    published = export_frame(fair_figures)
    copy = published[(published["question"] == "religious")
                     & (published["banner"] == "occupation")]
    assert copy["chi2_p"].isna().all() and copy["cell_p"].isna().all()


def test_no_hidden_cell_of_the_2020_crosstabs_can_be_recovered():
    """The audit's case: the 2020 data with a banner (Q1)."""
    from barorapport.survey import load_questionnaire, load_survey

    questionnaire = load_questionnaire(REPO / "data/2020/questionnaire.yaml")
    survey = load_survey(questionnaire, REPO / "data/2020" / questionnaire.responses.file)
    figures = compute_figures(survey, banners=["Q1"])
    frame = export_frame(figures)
    assert frame["n"].isna().sum() > 0
    assert _attack(frame, _grid_groups(questionnaire), _types(questionnaire)) == {}


def test_the_attack_recovers_what_a_lone_cell_rule_leaves(monkeypatch):
    """The attacker is real: against suppression that only completes totals with a lone
    hidden cell (the rule before), it recovers hidden cells of the 2020 crosstabs through
    groupings and their complements, as the audit did."""
    from barorapport.stats import crosstabs, suppression
    from barorapport.survey import load_questionnaire, load_survey

    def lone_cells_only(counts, hidden, constraints, published_rows=None):
        return suppression._lone_cells(counts.ravel().astype(float), hidden.ravel().copy(),
                                       constraints).reshape(hidden.shape)

    monkeypatch.setattr(crosstabs, "secondary_suppression", lone_cells_only)
    questionnaire = load_questionnaire(REPO / "data/2020/questionnaire.yaml")
    survey = load_survey(questionnaire, REPO / "data/2020" / questionnaire.responses.file)
    frame = export_frame(compute_figures(survey, banners=["Q1"]))
    recovered = _attack(frame, _grid_groups(questionnaire), _types(questionnaire))
    assert sum(len(cells) for cells in recovered.values()) >= 8
