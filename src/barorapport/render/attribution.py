"""Who speaks: a quotation's attribution, from its respondent's own closed answers.

Input: the testimonies (with their respondent), the survey's answers and report.yaml's
``attribution`` (the single- or multiple-choice questions whose answers describe a speaker,
each with optional shorter labels). Output: per testimony id, the words printed under the
quotation (``Professionnel de terrain, accompagnement individuel``), from the wording
catalogue (``attribution.*``); never the respondent's id.

An attribution never singles a respondent out: the answers it names are shared by at least
``thresholds.suppress`` respondents, else its last parts are dropped until they are (and
none is printed when even the first part is too rare).
"""

from __future__ import annotations

import logging

import pandas as pd

from ..wording import say

logger = logging.getLogger("barorapport")


def attributions(testimonies, survey, report) -> dict[str, str]:
    """Testimony id to its attribution; testimonies with none are left out."""
    parts = list(report.attribution)
    if not parts or survey is None:
        return {}
    answers = survey.answers
    questionnaire = survey.questionnaire
    keys = [_answer_key(answers, questionnaire.question(part.question)) for part in parts]
    found: dict[str, str] = {}
    for testimony in testimonies:
        if testimony.respondent not in answers.index:
            continue
        row = [key.loc[testimony.respondent] for key in keys]
        shown = _shared(keys, row, report.thresholds.suppress)
        words = [_words(questionnaire.question(part.question), value, part.labels)
                 for part, value in zip(parts[:shown], row[:shown], strict=True)]
        words = [word for word in words if word]
        if words:
            found[testimony.id] = say("attribution.text", parts=say(
                "attribution.separator").join(words))
    return found


def _answer_key(answers: pd.DataFrame, question) -> pd.Series:
    """Each respondent's answer to ``question`` as one value: its code (single choice), the
    codes it ticked joined by ``;`` (multiple choice), None when not answered."""
    if question.type == "single":
        return answers[question.id].astype(object).where(answers[question.id].notna(), None)
    columns = {code: f"{question.id}:{code}" for code in (option.code for option in
                                                           question.options)}
    ticked = pd.DataFrame({code: answers[column] == 1 for code, column in columns.items()})
    answered = answers[list(columns.values())].notna().any(axis=1)
    joined = ticked.apply(lambda row: ";".join(code for code, tick in row.items() if tick),
                          axis=1)
    return joined.where(answered & (joined != ""), None)


def _shared(keys: list[pd.Series], row: list, threshold: int) -> int:
    """How many of the first parts can be printed: those whose answers, together, are
    shared by ``threshold`` respondents or more."""
    shown = 0
    together = pd.Series(True, index=keys[0].index) if keys else None
    for key, value in zip(keys, row, strict=True):
        if value is None:
            break
        together = together & (key == value)
        if int(together.sum()) < threshold:
            break
        shown += 1
    return shown


def _words(question, value, labels: dict[str, str]) -> str:
    if value is None:
        return ""
    codes = str(value).split(";") if question.type == "multiple" else [str(value)]
    return say("attribution.and").join(labels.get(code) or question.label_of(code)
                                       for code in codes)
