"""Filtered questions (``asked_if:`` in the questionnaire): a question's base is whom it was
asked of.

Input: a ``Survey``. Output: the same survey where the answers of respondents outside each
question's filter are left out, and one warning per question some of them answered anyway
(with how many and who), since an answer nobody asked for is not silently counted nor
silently dropped.
"""

from __future__ import annotations

import dataclasses
import logging

import numpy as np
import pandas as pd

from ..survey import Question, Survey

logger = logging.getLogger("barorapport")
SHOWN = 10
"""Respondents named in a warning; the others are counted."""


def asked(survey: Survey, question: Question) -> pd.Series:
    """Whether each respondent was asked ``question`` (True for every one without a filter):
    gave one of the filter's answers (single choice) or ticked one of them (multiple)."""
    condition = question.asked_if
    if condition is None:
        return pd.Series(True, index=survey.answers.index)
    earlier = survey.questionnaire.question(condition.question)
    if earlier.type == "multiple":
        keys = [f"{earlier.id}:{code}" for code in condition.answers]
        ticks = survey.answers[keys].to_numpy(dtype=float, na_value=np.nan)
        return pd.Series((ticks == 1).any(axis=1), index=survey.answers.index)
    return survey.answers[earlier.id].astype(object).isin(condition.answers)


def outside_filter(survey: Survey, question: Question) -> pd.Series:
    """Respondents who answered ``question`` although it was not asked of them."""
    return survey.answered(question) & ~asked(survey, question)


def filter_warning(survey: Survey, question: Question, outside: pd.Series) -> str:
    ids = [str(respondent) for respondent in outside.index[outside.to_numpy()]]
    shown = ", ".join(ids[:SHOWN]) + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN
                                      else "")
    condition = question.asked_if
    return (f"{survey.questionnaire.locate_question(question, 'asked_if')}: {len(ids)} "
            f"respondent(s) answered {question.id} though it is asked only if "
            f"{condition.question} is {' or '.join(condition.answers)}; their answers are "
            f"left out of its base: {shown}")


def apply_filters(survey: Survey) -> Survey:
    """``survey`` with each filtered question's answers kept for the respondents asked only;
    a warning for each question answered from outside its filter."""
    filtered = [question for question in survey.questionnaire.questions if question.asked_if]
    if not filtered:
        return survey
    answers = survey.answers.copy()
    for question in filtered:
        was_asked = asked(survey, question)
        outside = survey.answered(question) & ~was_asked
        if outside.any():
            logger.warning("%s", filter_warning(survey, question, outside))
        for key in question.source_columns():
            answers[key] = answers[key].where(was_asked)
    return dataclasses.replace(survey, answers=answers)
