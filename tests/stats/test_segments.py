"""Editions by segment, their statistics: the 2020 edition by Q1 (function) and statsmodels'
``fair`` survey by occupation, crossed by a banner and weighted. For each segment every
figure equals an independent pandas computation on its respondents, each figure stands
beside the whole sample's with the difference tested against the rest of the sample, and an
attacker with linear programming recovers no hidden cell from everything published."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from barorapport.config.report import Thresholds
from barorapport.errors import StatsError
from barorapport.openanswers import load_themes, match_themes
from barorapport.stats import compute_figures
from barorapport.stats.crosstabs import crosstab_rows
from barorapport.stats.figures import _Codes
from barorapport.stats.prepare import prepare_survey
from barorapport.stats.segments import (
    segment_editions,
    segment_figures,
    segment_slug,
    segments_of,
)
from barorapport.stats.weights import Weights
from barorapport.survey import load_questionnaire, load_survey

from .attacker import published_rows, recovered_cells
from .conftest import FAIR_QUESTIONNAIRE, fair_responses, write_survey

DATA_2020 = Path(__file__).parents[2] / "data" / "2020"
THRESHOLDS = Thresholds(low_base=30, suppress=10)


@pytest.fixture(scope="module")
def edition_2020():
    questionnaire = load_questionnaire(DATA_2020 / "questionnaire.yaml")
    survey = load_survey(questionnaire, DATA_2020 / "responses.csv")
    survey, weights = prepare_survey(survey, None, None)
    rules = load_themes(DATA_2020 / "themes.yaml", survey)
    matches = match_themes(rules, survey)
    whole = compute_figures(survey, THRESHOLDS, matches, rules.labels())
    segments = segments_of(questionnaire.question("Q1"))
    editions = segment_editions(survey, weights, segments, whole, THRESHOLDS, matches,
                                rules.labels())
    return survey, matches, whole, segments, editions, rules.labels()


@pytest.fixture(scope="module")
def fair(tmp_path_factory):
    """The fair survey by occupation, crossed by religion, weighted (as a column)."""
    survey = write_survey(tmp_path_factory.mktemp("fair"), FAIR_QUESTIONNAIRE,
                          fair_responses())
    rng = np.random.default_rng(3)
    weights = Weights(values=rng.uniform(0.5, 2.0, survey.respondents), method="column",
                      column="poids")
    whole = compute_figures(survey, THRESHOLDS, {}, {}, banners=["religious", "occupation"],
                            weights=weights)
    segments = segments_of(survey.questionnaire.question("occupation"))
    editions = segment_editions(survey, weights, segments, whole, THRESHOLDS, {}, {},
                                ["religious", "occupation"])
    return survey, weights, whole, segments, editions


def _expected(answers: pd.DataFrame, questionnaire, matches: dict) -> dict[tuple, tuple]:
    """Per figure key (question, item, option or group, measure), its count and base, by
    pandas on the answers given."""
    expected = {}
    for question in questionnaire.questions:
        if question.type == "single":
            column = answers[question.id].dropna()
            for option in question.options:
                expected[(question.id, None, option.code, "respondents")] = (
                    (column == option.code).sum(), len(column))
        elif question.type == "multiple":
            ticks = answers[[f"{question.id}:{o.code}" for o in question.options]]
            answered = ticks.notna().any(axis=1)
            ticked = (ticks[answered] == 1)
            for option in question.options:
                count = ticked[f"{question.id}:{option.code}"].sum()
                expected[(question.id, None, option.code, "respondents")] = (count,
                                                                             answered.sum())
                expected[(question.id, None, option.code, "mentions")] = (
                    count, ticked.to_numpy().sum())
        elif question.type == "grid":
            scale = questionnaire.scale_of(question)
            for item in question.items:
                column = answers[f"{question.id}:{item.code}"].dropna()
                for level in scale.levels:
                    expected[(question.id, item.code, level.code, "level")] = (
                        (column == level.code).sum(), len(column))
                for group in scale.groups:
                    expected[(question.id, item.code, group.id, "group")] = (
                        column.isin(group.levels).sum(), len(column))
        elif question.type == "open" and question.id in matches:
            answered = answers[question.id].notna()
            frame = matches[question.id].loc[answers.index]
            for theme in frame.columns:
                expected[(question.id, None, theme, "theme")] = (
                    (frame[theme] & answered).sum(), answered.sum())
        elif question.type == "numeric":
            values = answers[question.id].dropna().astype(float)
            expected[(question.id, None, None, "mean")] = (values.mean(), len(values))
    return expected


def _own_figures(table) -> dict[tuple, object]:
    frame = table.table[table.table["banner"].isna()]
    return {(row.question, row.item, row.group if row.group is not None else row.option,
             row.measure): row for row in frame.itertuples(index=False)}


def test_every_segment_figure_equals_pandas_on_the_segment(edition_2020):
    survey, matches, whole, segments, editions, _ = edition_2020
    assert [segment.code for segment in segments] == ["1", "2", "3"]
    checked = 0
    for segment in segments:
        answers = survey.answers[survey.answers["Q1"] == segment.code]
        figures = _own_figures(editions.tables[segment.code])
        for key, (count, base) in _expected(answers, survey.questionnaire, matches).items():
            figure = figures[key]
            assert (figure.count, figure.base) == (count, base), (segment.code, key)
            if base:
                assert figure.share == pytest.approx(count / base), key
            checked += 1
    assert checked > 3 * 60


def test_each_figure_stands_beside_the_whole_sample_s(edition_2020):
    survey, _, whole, segments, editions, _ = edition_2020
    national = _own_figures(whole)
    for segment in segments:
        for key, figure in _own_figures(editions.tables[segment.code]).items():
            reference = national[key]
            if reference.measure == "mean" or reference.suppressed:
                continue
            assert figure.whole_share == pytest.approx(reference.share), key


def test_the_difference_is_tested_against_the_rest_of_the_sample(edition_2020):
    """The segment's column against the rest's, as a crosstab cell is tested: the same
    p-value as crossing the survey by a banner 'in the segment or not'."""
    survey, matches, _, segments, editions, labels = edition_2020
    from barorapport.survey import Question

    tested = {}
    for segment in segments:
        inside = (survey.answers["Q1"] == segment.code)
        answers = survey.answers.assign(inside=np.where(inside, "in", "out"))
        banner = Question(id="inside", type="single", text="inside",
                          options=[{"code": "in", "label": "in"},
                                   {"code": "out", "label": "out"}])
        rows = crosstab_rows(dataclasses.replace(survey, answers=answers), banner,
                             _Codes(answers), THRESHOLDS, matches, labels)
        expected = {(row["question"], row["item"], row.get("group") or row["option"],
                     row["measure"]): row for row in rows if row["banner_option"] == "in"
                    and row["question"] != "Q1"}
        figures = _own_figures(editions.tables[segment.code])
        tested[segment.code] = 0
        for key, row in expected.items():
            figure = figures[key]
            if figure.suppressed or np.isnan(figure.segment_p):
                continue
            assert figure.segment_p == pytest.approx(row["cell_p"]), key
            assert figure.segment_differs == row["differs"], key
            tested[segment.code] += 1
    # The small segments hide a cell in most tables, whose tests are then withheld.
    assert tested["1"] > 40 and tested["2"] > 5, tested


def test_no_hidden_cell_is_recovered_across_segments_and_the_whole_sample(edition_2020):
    survey, _, whole, segments, editions, _ = edition_2020
    published = {None: published_rows(editions.whole)}
    published.update({code: published_rows(table) for code, table
                      in editions.tables.items()})
    hidden = sum(row["suppressed"] for code, rows in published.items() if code for row in rows)
    assert hidden > 20  # the directors (53 respondents) hide many cells
    assert recovered_cells(survey.questionnaire, "Q1", published) == []


def test_without_protection_across_segments_the_attacker_recovers_cells(edition_2020):
    """The attacker has teeth: each segment hiding only its own small cells (as a crosstab
    column would alone) gives cells away through the whole sample's figures."""
    survey, matches, whole, segments, _, labels = edition_2020
    published = {None: published_rows(whole)}
    for segment in segments:
        table = segment_figures(survey, None, segment, whole, THRESHOLDS, matches, labels)
        frame = table.table.copy()
        small = (frame["count"] > 0) & (frame["count"] < THRESHOLDS.suppress)
        frame["suppressed"] = frame["suppressed"] | (small & frame["measure"].isin(
            ("respondents", "level", "theme")))
        published[segment.code] = published_rows(dataclasses.replace(table, table=frame))
    assert recovered_cells(survey.questionnaire, "Q1", published)


def test_weighted_segments_crossed_by_a_banner(fair):
    survey, weights, whole, segments, editions = fair
    assert [segment.slug for segment in segments] == [
        "student", "farming", "white-collar", "teacher", "managerial", "professional"]
    for segment in segments:
        inside = (survey.answers["occupation"] == segment.code).to_numpy()
        answers = survey.answers[inside]
        values = weights.values[inside]
        figures = _own_figures(editions.tables[segment.code])
        for key, (count, base) in _expected(answers, survey.questionnaire, {}).items():
            figure = figures[key]
            if key[3] == "mean":
                answered = answers["age"].notna().to_numpy()
                mean = np.average(answers["age"][answered].astype(float),
                                  weights=values[answered])
                assert figure.value == pytest.approx(mean), key
                continue
            assert (figure.count, figure.base) == (count, base), key
        # Weighted shares: the weights' sums, pandas on the segment.
        column = answers["religious"]
        for code in ("1", "2", "3", "4"):
            share = values[(column == code).to_numpy()].sum() / values[column.notna()
                                                                        .to_numpy()].sum()
            assert figures[("religious", None, code, "respondents")].share == \
                pytest.approx(share)
        crossed = editions.tables[segment.code].table
        crossed = crossed[crossed["banner"] == "religious"]
        assert len(crossed) and "occupation" not in set(
            editions.tables[segment.code].table["banner"].dropna())
    published = {None: published_rows(editions.whole)}  # its crosstab by occupation too
    published.update({code: published_rows(table) for code, table
                      in editions.tables.items()})
    assert recovered_cells(survey.questionnaire, "occupation", published,
                           banner="religious") == []
    assert recovered_cells(survey.questionnaire, "occupation", published) == []


def test_the_whole_sample_s_crosstab_by_the_segments_question_hides_the_same(fair):
    _, _, _, segments, editions = fair
    whole = editions.whole.table
    crossed = whole[(whole["banner"] == "occupation")
                    & whole["measure"].isin(("respondents", "level", "group"))]
    for segment in segments:
        own = editions.tables[segment.code].table
        own = own[own["banner"].isna() & own["measure"].isin(("respondents", "level",
                                                               "group"))]
        keys = lambda frame: {(row.question, row.item, row.option, row.group)  # noqa: E731
                              for row in frame.itertuples() if row.suppressed}
        national = crossed[crossed["banner_option"] == segment.code]
        assert keys(national) == keys(own[own["question"] != "occupation"])


def test_a_segment_under_the_minimum_base_has_no_edition(fair):
    survey, weights, whole, segments, _ = fair
    strict = Thresholds(low_base=30, suppress=45)  # students are 41
    editions = segment_editions(survey, weights, segments, whole, strict, {}, {})
    assert [segment.slug for segment in editions.too_small] == ["student"]
    assert "1" not in editions.tables and len(editions.tables) == 5


def test_segment_folder_names():
    taken = set()
    assert segment_slug("Île-de-France", "11", taken) == "ile-de-france"
    assert segment_slug("Île de France", "12", taken) == "ile-de-france-2"
    assert segment_slug("Web", "3", taken) == "web-2"  # an edition's folder holds web/
    assert segment_slug("???", "R 4", taken) == "r-4"
    assert segment_slug("Directeur d'établissement ou de service social ou médico-social",
                        "3", taken) == "directeur-d-etablissement-ou-de-service-social"


def test_segments_are_drawn_from_a_single_choice_question(edition_2020):
    survey = edition_2020[0]
    with pytest.raises(StatsError) as caught:
        segments_of(survey.questionnaire.question("Q2"))
    assert str(caught.value) == "segments: question 'Q2' is not a single-choice question"
    assert [segment.code for segment in segments_of(survey.questionnaire.question("Q1"),
                                                    ["3", "1"])] == ["1", "3"]
