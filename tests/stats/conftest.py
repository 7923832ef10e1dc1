"""Surveys for the statistics tests, built through the real survey stage (questionnaire.yaml
and CSV written to a temporary folder, then ``load_survey``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from barorapport.survey import Survey, load_questionnaire, load_survey

FAIR_QUESTIONNAIRE = """
survey: {title: "Fair (statsmodels), 1974 magazine survey"}
responses: {file: responses.csv, id_column: id}
scales:
  - id: note
    levels:
      - {code: "1", label: "very poor"}
      - {code: "2", label: "poor"}
      - {code: "3", label: "fair"}
      - {code: "4", label: "good"}
      - {code: "5", label: "very good"}
    groups:
      - {id: good, label: "good + very good", levels: ["4", "5"]}
      - {id: poor, label: "poor + very poor", levels: ["1", "2"]}
questions:
  - id: occupation
    type: single
    text: "occupation"
    options: [{code: "1", label: "student"}, {code: "2", label: "farming"},
              {code: "3", label: "white collar"}, {code: "4", label: "teacher"},
              {code: "5", label: "managerial"}, {code: "6", label: "professional"}]
  - id: religious
    type: single
    text: "how religious"
    options: [{code: "1", label: "not"}, {code: "2", label: "mildly"},
              {code: "3", label: "fairly"}, {code: "4", label: "strongly"}]
  - id: rating
    type: grid
    text: "rating"
    scale: note
    items: [{code: marriage, label: "marriage"}]
  - id: situation
    type: multiple
    text: "situation"
    options: [{code: children, label: "has children"},
              {code: long, label: "married 9 years or more"},
              {code: affair, label: "time in affairs"}]
  - id: age
    type: numeric
    text: "age"
"""


def write_survey(folder: Path, questionnaire: str, responses: pd.DataFrame) -> Survey:
    """Write a questionnaire and its export to ``folder`` and load them as barorapport does."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "questionnaire.yaml").write_text(questionnaire, encoding="utf-8")
    responses.to_csv(folder / "responses.csv", index=False)
    return load_survey(load_questionnaire(folder / "questionnaire.yaml"),
                       folder / "responses.csv")


def fair_responses() -> pd.DataFrame:
    """statsmodels' ``fair`` data set as a survey export (codes as text)."""
    import statsmodels.api as sm

    fair = sm.datasets.fair.load_pandas().data
    code = lambda column: fair[column].astype(int).astype(str)  # noqa: E731
    return pd.DataFrame({
        "id": [f"F{index:05d}" for index in range(len(fair))],
        "occupation": code("occupation"), "religious": code("religious"),
        "rating_marriage": code("rate_marriage"),
        "situation_children": (fair["children"] > 0).astype(int),
        "situation_long": (fair["yrs_married"] >= 9).astype(int),
        "situation_affair": (fair["affairs"] > 0).astype(int),
        "age": fair["age"],
    })


@pytest.fixture(scope="session")
def fair_survey(tmp_path_factory) -> Survey:
    return write_survey(tmp_path_factory.mktemp("fair"), FAIR_QUESTIONNAIRE, fair_responses())


@pytest.fixture(scope="session")
def fair_data() -> pd.DataFrame:
    return fair_responses()
