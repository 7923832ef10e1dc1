"""Chart fixtures: the tiny scenario's figures and a house style with the committed Lato."""

from __future__ import annotations

import pytest

from barorapport.charts import ChartStyle
from barorapport.stats import Thresholds, compute_figures
from barorapport.survey import load_questionnaire, load_survey

from ..conftest import PROJECTS, REPO

FONTS = REPO / "src/barorapport/theme/assets/fonts"
PALETTE = ("#4a90d2", "#0d2f5a", "#e0701b", "#5a2200")


@pytest.fixture(scope="session")
def style() -> ChartStyle:
    return ChartStyle(palette=PALETTE, font_family="Lato",
                      font_files=(FONTS / "Lato-Regular.ttf", FONTS / "Lato-Bold.ttf"),
                      source="Source : enquête test")


@pytest.fixture(scope="session")
def questionnaire():
    return load_questionnaire(PROJECTS / "mini/data/2024/questionnaire.yaml")


@pytest.fixture(scope="session")
def figures(questionnaire):
    survey = load_survey(questionnaire, PROJECTS / "mini/data/2024/responses.csv")
    return compute_figures(survey, Thresholds(low_base=5, suppress=3))
