"""``asked_if``: a follow-up question's base is whom it was asked of; answers from outside the
filter are reported and left out."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from barorapport.errors import ConfigError
from barorapport.stats import compute_figures
from barorapport.stats.filters import apply_filters
from barorapport.survey import load_questionnaire

from .conftest import write_survey

QUESTIONNAIRE = """
survey: {title: filters}
responses: {file: responses.csv, id_column: id}
questions:
  - id: change
    type: single
    text: "Has your work changed?"
    options: [{code: "1", label: "yes"}, {code: "2", label: "no"}]
  - id: how
    type: single
    text: "How?"
    asked_if: {question: change, answers: ["1"]}
    options: [{code: a, label: "more"}, {code: b, label: "less"}]
  - id: tools
    type: multiple
    text: "Tools"
    options: [{code: mail, label: mail}, {code: visio, label: visio}]
  - id: visio_use
    type: single
    text: "Visio: how often?"
    asked_if: {question: tools, answers: [visio]}
    options: [{code: d, label: daily}, {code: w, label: weekly}]
"""


@pytest.fixture
def survey(tmp_path):
    responses = pd.DataFrame({
        "id": ["r1", "r2", "r3", "r4", "r5", "r6"],
        "change": ["1", "1", "1", "2", "2", ""],
        "how": ["a", "b", "a", "a", "", "b"],
        "tools_mail": [1, 1, 0, 1, 0, 1],
        "tools_visio": [1, 0, 1, 0, 0, 1],
        "visio_use": ["d", "w", "w", "", "", "d"],
    })
    return write_survey(tmp_path, QUESTIONNAIRE, responses)


def test_the_base_follows_the_filter_and_outsiders_are_reported(survey, caplog):
    with caplog.at_level(logging.WARNING, logger="barorapport"):
        filtered = apply_filters(survey)
    figures = compute_figures(filtered)
    how = figures.get("how", option="a")
    assert (how.count, how.base) == (2, 3)  # r1, r2, r3 were asked; r4 and r6 were not
    visio = figures.get("visio_use", option="w")
    assert (visio.count, visio.base) == (1, 3)  # r1, r3, r6 use visio; r2's answer is out
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        f"{survey.questionnaire.where('questions', 1, 'asked_if')}: 2 respondent(s) answered "
        "how though it is asked only if change is 1; their answers are left out of its base: "
        "r4, r6",
        f"{survey.questionnaire.where('questions', 3, 'asked_if')}: 1 respondent(s) answered "
        "visio_use though it is asked only if tools is visio; their answers are left out of "
        "its base: r2",
    ]
    # Unfiltered, the base is whoever answered.
    assert compute_figures(survey).get("how", option="a").base == 5


def test_a_filter_names_an_earlier_choice_question(tmp_path):
    path = tmp_path / "questionnaire.yaml"
    path.write_text(QUESTIONNAIRE.replace("answers: [\"1\"]", "answers: [\"3\"]")
                    .replace("{question: tools,", "{question: later,"), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_questionnaire(path)
    assert str(error.value).splitlines() == [
        f"{path}:12:44: '3' is not an option of change (expected one of: 1, 2)",
        f"{path}:21:26: 'later' is not an earlier single- or multiple-choice question "
        "(expected one of: change, how, tools)",
    ]
