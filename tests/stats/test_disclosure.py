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


# Under weights a crosstab also publishes each published cell's weighted column share, each
# column's weights' sum (weighted_base) and the rows' whole-sample weighted shares: a second
# set of relations, on the hidden cells' weights. The attacker below plays with both.

def _weighted_attack(frame: pd.DataFrame, scales: dict, types: dict, coupling) -> dict:
    """Per hidden cell of every crosstab, the width of its range over every completion of
    the counts x and the weights y of the hidden cells: counts' relations on x, weighted
    relations on y (each to the published precision), and ``coupling(column mean weight)``
    -> (lowest, highest) weight of one respondent, so that lowest x <= y <= highest x (None:
    the counts' relations alone)."""
    whole = _whole_sample(frame)
    widths = {}
    for key, table in _published_tables(frame):
        table = table.reset_index(drop=True)
        hidden = table["n"].isna().to_numpy()
        if not hidden.any():
            continue
        question, item, _ = key
        rows = [(row["option"] if isinstance(row["option"], str) else None,
                 row["grouping"] if isinstance(row["grouping"], str) else None,
                 row["measure"]) for _, row in table.iterrows()]
        row_ids = list(dict.fromkeys(rows))
        columns = list(dict.fromkeys(table["banner_option"]))
        cell = {(rows[i], table.loc[i, "banner_option"]): i for i in range(len(table))}
        unknown = {i: position for position, i in enumerate(np.flatnonzero(hidden))}
        size = len(unknown)
        bases = {option: table[table["banner_option"] == option].iloc[0] for option in columns}
        equalities, inequalities = [], []

        def relation(terms, total, weighted, table=table, unknown=unknown, size=size,
                     equalities=equalities, inequalities=inequalities):
            """sum of terms (sign, cell) = total, on x (counts) or y (weights)."""
            coefficients, constant = np.zeros(2 * size), 0.0
            for sign, index in terms:
                if index in unknown:
                    coefficients[unknown[index] + (size if weighted else 0)] += sign
                elif weighted:
                    constant += sign * float(table.loc[index, "share"]) * float(
                        table.loc[index, "weighted_base"])
                else:
                    constant += sign * float(table.loc[index, "n"])
            if weighted:  # shares are published to 6 decimals
                slack = 1e-6 * (1 + sum(float(table.loc[index, "weighted_base"])
                                        for _, index in terms)) + 1e-6 * abs(total)
                inequalities.append((coefficients, total - constant + slack))
                inequalities.append((-coefficients, -(total - constant) + slack))
            else:
                equalities.append((coefficients, total - constant))

        levels = [row for row in row_ids if row[1] is None]
        for option in columns:
            column = [(1, cell[(row, option)]) for row in levels]
            if types[question] in ("single", "grid"):
                relation(column, float(bases[option]["base"]), False)
                relation(column, float(bases[option]["weighted_base"]), True)
        sample = whole[(whole["question"] == question) & (whole["item"].fillna("") == item)]
        if sum(float(bases[option]["base"]) for option in columns) == float(
                sample["base"].max()):
            for row in row_ids:
                match = sample[(sample["option"].fillna("") == (row[0] or ""))
                               & (sample["grouping"].fillna("") == (row[1] or ""))
                               & (sample["measure"] == row[2])]
                if len(match) == 1 and pd.notna(match["n"].iloc[0]):
                    terms = [(1, cell[(row, option)]) for option in columns]
                    relation(terms, float(match["n"].iloc[0]), False)
                    relation(terms, float(match["share"].iloc[0])
                             * float(match["weighted_base"].iloc[0]), True)
        for group, members in scales.get(question, {}).items():
            grouping = next((row for row in row_ids if row[1] == group), None)
            if grouping is None:
                continue
            for option in columns:
                terms = [(1, cell[(grouping, option)])]
                terms += [(-1, cell[(next(row for row in row_ids if row[0] == code
                                          and row[1] is None), option)]) for code in members]
                relation(terms, 0.0, False)
                relation(terms, 0.0, True)
        bounds = [(0, float(bases[table.loc[i, "banner_option"]]["base"])) for i in unknown]
        bounds += [(0, None)] * size
        for index, position in unknown.items() if coupling else ():
            # a hidden cell's weight against its count
            column = bases[table.loc[index, "banner_option"]]
            lowest, highest = coupling(float(column["weighted_base"]) / float(column["base"]))
            for bound, sign in ((lowest, 1), (highest, -1)):
                coefficients = np.zeros(2 * size)
                coefficients[position], coefficients[size + position] = sign * bound, -sign
                inequalities.append((coefficients, 0.0))
        a_eq = np.array([a for a, _ in equalities]) if equalities else None
        b_eq = np.array([b for _, b in equalities]) if equalities else None
        a_ub = np.array([a for a, _ in inequalities]) if inequalities else None
        b_ub = np.array([b for _, b in inequalities]) if inequalities else None
        for index, position in unknown.items():
            objective = np.zeros(2 * size)
            objective[position] = 1
            low = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                          bounds=bounds, method="highs")
            high = linprog(-objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                           bounds=bounds, method="highs")
            assert low.status == 0 and high.status == 0, key
            widths[(key, rows[index], table.loc[index, "banner_option"])] = (
                -high.fun - low.fun)
    return widths


def _pinned(widths: dict) -> set:
    """The hidden cells pinned within +-1: their range is narrower than 2."""
    return {cell for cell, width in widths.items() if width < 2}


@pytest.fixture(scope="module")
def post_stratified(fair_survey):
    """The worst case: weighted by the banner itself (post-stratification on occupation),
    every respondent of a column weighs the same, which the methods note says."""
    from barorapport.config.weighting import Weighting
    from barorapport.stats.weights import survey_weights

    weighting = Weighting.model_validate({"margins": [{
        "question": "occupation", "source": "a census",
        "targets": {"1": 0.02, "2": 0.05, "3": 0.38, "4": 0.17, "5": 0.28, "6": 0.10}}]})
    return survey_weights(fair_survey, weighting)


def _exact(mean: float) -> tuple[float, float]:
    return mean, mean


def test_weighted_shares_pin_no_hidden_cell(fair_survey, post_stratified):
    """Counts and weighted relations together, each hidden cell's weight its count times
    its column's weight: no hidden cell is pinned within +-1 beyond what the counts'
    relations alone pin (none)."""
    figures = compute_figures(fair_survey, banners=["occupation"], weights=post_stratified)
    frame = export_frame(figures)
    scales, types = _grid_groups(fair_survey.questionnaire), _types(fair_survey.questionnaire)
    widths = _weighted_attack(frame, scales, types, _exact)
    assert len(widths) >= 20  # hidden cells to attack
    counts_only = _weighted_attack(frame, scales, types, None)
    assert _pinned(widths) <= _pinned(counts_only)
    assert _pinned(widths) == set()


def test_raked_weights_pin_no_hidden_cell(fair_survey):
    """Raked to two margins (weights vary within a column): the attacker knows each
    respondent's weight lies between the smallest and largest published in the methods
    note."""
    from barorapport.stats.weights import survey_weights

    from .test_weights import weighting

    raked = survey_weights(fair_survey, weighting())
    figures = compute_figures(fair_survey, banners=["occupation", "religious"], weights=raked)
    frame = export_frame(figures)
    scales, types = _grid_groups(fair_survey.questionnaire), _types(fair_survey.questionnaire)
    smallest, largest = round(raked.smallest, 2) - 0.01, round(raked.largest, 2) + 0.01
    widths = _weighted_attack(frame, scales, types, lambda mean: (smallest, largest))
    assert len(widths) >= 20
    assert _pinned(widths) == set()


def test_the_weighted_attack_recovers_cells_without_the_weighted_relations(
        fair_survey, post_stratified, monkeypatch):
    """The attacker is real: when secondary suppression reasons on counts only (the rule
    before), the weighted shares pin hidden cells the counts leave wide open."""
    from barorapport.stats import crosstabs

    monkeypatch.setattr(crosstabs, "weighted_relations", lambda *args: [])
    figures = compute_figures(fair_survey, banners=["occupation"], weights=post_stratified)
    frame = export_frame(figures)
    scales, types = _grid_groups(fair_survey.questionnaire), _types(fair_survey.questionnaire)
    widths = _weighted_attack(frame, scales, types, _exact)
    counts_only = _weighted_attack(frame, scales, types, None)
    recovered = _pinned(widths) - _pinned(counts_only)
    assert len(recovered) >= 5
    assert all(counts_only[cell] >= 4 for cell in recovered)  # counts leave a range
