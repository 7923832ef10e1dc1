"""LimeSurvey's response export ("Export results"), with question codes as headings.

Headings are question codes: ``Q1`` for a list, ``Q6[SQ001]`` (or ``Q6_SQ001``, the
Expression Manager's form) for a subquestion of a multiple-choice or array question. Lists
hold answer codes (``A1``; map them with ``answer_codes`` when they are not the
questionnaire's codes), or with "full answers" the answers' texts; a ticked box holds ``Y``
(``Yes`` in full answers) and an unticked one nothing (``No``); ``N/A`` is a question not
shown, in full answers. ``submitdate`` is empty for an unfinished response. LimeSurvey adds
``id``, ``submitdate``, ``lastpage``, ``startlanguage``, ``seed``, ``startdate``,
``datestamp``, and when the survey records them ``ipaddr``, ``refurl`` and ``token`` (with
the participant's ``firstname``, ``lastname``, ``email`` and ``attribute_<n>``), and timings.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ..carried import Carried, ColumnMeta
from ..questionnaire import TICKED, Question, Questionnaire
from .base import Layout

_TIMINGS = re.compile(r"^(interviewtime|groupTime\d+|.+Time)$")
_ATTRIBUTES = re.compile(r"^attribute_\d+$")
PERSONAL = frozenset({"ipaddr", "refurl", "token", "firstname", "lastname", "email"})
METADATA = frozenset({"lastpage", "startlanguage", "seed", "optout", "emailstatus"})
TIMESTAMPS = frozenset({"submitdate", "startdate", "datestamp"})


class LimeSurvey(Layout):
    name = "limesurvey"
    id_columns = ("id",)
    complete_column = "submitdate"
    default_rule = "finished"
    metadata = METADATA
    personal = PERSONAL
    timestamps = TIMESTAMPS
    ticks = "presence"
    blank_values: ClassVar[frozenset[str]] = frozenset({"N/A"})
    definition_hint = ("a LimeSurvey export without its survey structure: the options are "
                       "LimeSurvey's answer codes (A1...) and the texts its question codes; "
                       "give the .lss too (init --from export.csv --from survey.lss: "
                       "LimeSurvey's Display/Export > Survey structure)")

    @classmethod
    def recognises(cls, first_row: list[str]) -> bool:
        return "submitdate" in first_row and ("lastpage" in first_row
                                              or "startlanguage" in first_row)

    def is_metadata(self, heading: str) -> bool:
        return super().is_metadata(heading) or bool(_TIMINGS.match(heading))

    def is_personal(self, heading: str) -> bool:
        return super().is_personal(heading) or bool(_ATTRIBUTES.match(heading))

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

    def carried(self, heading_rows: list[list[str]], shown: str) -> Carried:
        """The role of each column LimeSurvey adds (the others are answers)."""
        columns = {}
        for name in heading_rows[0]:
            role = "id" if name == "id" else "completion" if name == "submitdate" \
                else "timestamp" if name in TIMESTAMPS else "personal" \
                if self.is_personal(name) else "metadata" if self.is_metadata(name) \
                else "question"
            columns[name] = ColumnMeta(name=name, role=role)
        return Carried(tool="limesurvey", source=shown, columns=columns)
