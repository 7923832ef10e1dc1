"""SurveyMonkey's export: two heading rows, answers as the respondent saw them.

The first heading row holds each question's text above its first column, the second the
answer option (multiple choice) or row (matrix) of each column, or ``Response`` when the
question has one column. A column is named ``<question> [<option or row>]``, or
``<question>`` alone. Cells hold the label of the chosen option or level; a ticked box holds
its option's label, an unticked one nothing.
"""

from __future__ import annotations

from ..questionnaire import TICKED, Question, Questionnaire
from .base import Layout, choice_labels, fold

SINGLE_COLUMN = frozenset({"", "Response", "Open-Ended Response", "Réponse",
                           "Réponse ouverte"})


class SurveyMonkey(Layout):
    name = "surveymonkey"
    header_rows = 2
    id_columns = ("Respondent ID", "ID du répondant")
    metadata = frozenset({"Collector ID", "ID du collecteur"})
    timestamps = frozenset({"Start Date", "End Date", "Date de début", "Date de fin"})
    ticks = "presence"

    @classmethod
    def recognises(cls, first_row: list[str]) -> bool:
        return {"Respondent ID", "Collector ID"} <= set(first_row) or \
            {"ID du répondant", "ID du collecteur"} <= set(first_row)

    def headings(self, heading_rows: list[list[str]]) -> list[str]:
        names, question = [], ""
        for top, sub in zip(heading_rows[0], heading_rows[1], strict=True):
            question = fold(top) or question
            sub = fold(sub)
            names.append(question if sub in SINGLE_COLUMN else f"{question} [{sub}]")
        return names

    def default_columns(self, question: Question) -> dict[str, list[str]]:
        return labelled_columns(question, self.name)

    def answer_codes(self, question: Question, questionnaire: Questionnaire,
                     option: str | None = None) -> dict[str, str]:
        if question.type == "multiple":
            return {fold(question.label_of(option)): TICKED} if option else \
                {fold(choice.label): TICKED for choice in question.options}
        return choice_labels(question, questionnaire)


def labelled_columns(question: Question, layout: str) -> dict[str, list[str]]:
    """Columns named by the question's heading, and ``[label]`` per grid item (and per
    option of a multiple-choice question, except in Google Forms, which joins them)."""
    heading = fold(question.shown_heading)
    if question.type == "grid":
        return {f"{question.id}:{item.code}": [f"{heading} [{fold(item.label)}]"]
                for item in question.items}
    if question.type == "multiple" and layout != "googleforms":
        return {f"{question.id}:{option.code}": [f"{heading} [{fold(option.label)}]"]
                for option in question.options}
    if question.type == "multiple":
        return {f"{question.id}:{option.code}": [heading] for option in question.options}
    return {question.id: [heading]}
