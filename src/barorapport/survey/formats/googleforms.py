"""Google Forms' CSV or XLSX of responses (any interface language; French: "Horodateur").

A column per question, headed by its text; a grid has a column per row, headed
``<question> [<row>]``. Cells hold labels; the ticked boxes of a multiple-choice question
are joined with ``, `` in one cell, and split again by the question's option list (so an
option whose label holds a comma is still one option). There is no respondent id: a
respondent is named by their row (``row 2``).
"""

from __future__ import annotations

from ..questionnaire import Question, Questionnaire
from .base import Layout, choice_labels
from .surveymonkey import labelled_columns

TIMESTAMPS = frozenset({"Horodateur", "Timestamp", "Marca temporal", "Zeitstempel",
                        "Informazioni cronologiche", "Carimbo de data/hora"})


class GoogleForms(Layout):
    name = "googleforms"
    id_columns = ()
    metadata = frozenset({"Score", "Note", "Total score"})
    timestamps = TIMESTAMPS
    ticks = "joined"
    joiner = ", "

    @classmethod
    def recognises(cls, first_row: list[str]) -> bool:
        return bool(first_row) and first_row[0] in TIMESTAMPS

    def default_columns(self, question: Question) -> dict[str, list[str]]:
        return labelled_columns(question, self.name)

    def answer_codes(self, question: Question, questionnaire: Questionnaire,
                     option: str | None = None) -> dict[str, str]:
        """Folded label to code; for a multiple-choice question, to the option's code."""
        return choice_labels(question, questionnaire)
