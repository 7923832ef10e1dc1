"""Choices are read as categorical codes: every code of the questionnaire, in its order, one
small integer per answer, so that the figures count without hashing a string per cell."""

from __future__ import annotations

import pandas as pd

from barorapport.stats import Thresholds, compute_figures
from barorapport.survey import load_questionnaire, load_survey

from ..conftest import PROJECTS

MINI = PROJECTS / "mini/data/2024"


def test_choices_are_categoricals_of_the_questionnaires_codes():
    questionnaire = load_questionnaire(MINI / "questionnaire.yaml")
    survey = load_survey(questionnaire, MINI / questionnaire.responses.file)
    for question in questionnaire.questions:
        if question.type == "single":
            codes = [option.code for option in question.options]
            columns = [question.id]
        elif question.type == "grid":
            codes = [level.code for level in questionnaire.scale_of(question).levels]
            columns = [f"{question.id}:{item.code}" for item in question.items]
        else:
            continue
        for column in columns:
            answers = survey.answers[column]
            assert isinstance(answers.dtype, pd.CategoricalDtype), column
            assert list(answers.cat.categories) == codes
            assert answers.cat.codes.dtype.itemsize <= 2


def test_the_figures_are_those_of_the_same_answers_as_strings():
    questionnaire = load_questionnaire(MINI / "questionnaire.yaml")
    survey = load_survey(questionnaire, MINI / questionnaire.responses.file)
    as_strings = survey.answers.copy()
    for column in as_strings.columns:
        if isinstance(as_strings[column].dtype, pd.CategoricalDtype):
            as_strings[column] = as_strings[column].astype(object).where(
                as_strings[column].notna(), None)
    strings = type(survey)(**{**survey.__dict__, "answers": as_strings})
    thresholds = Thresholds(low_base=5, suppress=3)
    first = compute_figures(survey, thresholds).table
    second = compute_figures(strings, thresholds).table
    assert any(isinstance(dtype, pd.CategoricalDtype) for dtype in survey.answers.dtypes)
    pd.testing.assert_frame_equal(first, second)
