"""LimeSurvey's response export, with question codes as headings.

Headings are question codes: ``Q1`` for a list, ``Q6[SQ001]`` (or ``Q6_SQ001`` in newer
exports) for a subquestion of a multiple-choice or array question. Lists hold answer codes
(map them with ``answer_codes`` when they are not the questionnaire's), a ticked box holds
``Y`` and an unticked one nothing, and ``submitdate`` is empty for an incomplete response.
"""

from __future__ import annotations

import re

from ..questionnaire import TICKED, Question, Questionnaire
from .base import Layout

_TIMINGS = re.compile(r"^(interviewtime|groupTime\d+|.+Time)$")


class LimeSurvey(Layout):
    name = "limesurvey"
    id_columns = ("id",)
    complete_column = "submitdate"
    metadata = frozenset({"lastpage", "startlanguage", "seed"})
    timestamps = frozenset({"submitdate", "startdate", "datestamp"})
    ticks = "presence"

    @classmethod
    def recognises(cls, first_row: list[str]) -> bool:
        return "submitdate" in first_row and ("lastpage" in first_row
                                              or "startlanguage" in first_row)

    def is_metadata(self, heading: str) -> bool:
        return super().is_metadata(heading) or bool(_TIMINGS.match(heading))

    def default_columns(self, question: Question) -> dict[str, list[str]]:
        if not question.parts():
            return {question.id: [question.id]}
        return {f"{question.id}:{code}": [f"{question.id}[{code}]", f"{question.id}_{code}"]
                for code in question.parts()}

    def answer_codes(self, question: Question, questionnaire: Questionnaire,
                     option: str | None = None) -> dict[str, str]:
        if question.type == "multiple":
            return {"Y": TICKED}
        return super().answer_codes(question, questionnaire, option)
