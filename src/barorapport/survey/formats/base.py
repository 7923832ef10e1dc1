"""What every layout says about an export, and the defaults most layouts share."""

from __future__ import annotations

from typing import ClassVar, Literal

from ...text import fold_typography
from ..carried import Carried
from ..questionnaire import NOT_TICKED, TICKED, Question, Questionnaire

fold = fold_typography
"""``text`` as labels and headings are compared (``barorapport.text.fold_typography``)."""


Ticks = Literal["explicit", "presence", "joined"]


class Layout:
    """An export layout. Subclasses set the class attributes and override what differs."""

    name: ClassVar[str]
    header_rows: ClassVar[int] = 1
    """Rows of headings above the first respondent."""
    id_columns: ClassVar[tuple[str, ...]] = ("id",)
    """Headings the respondent id may have, the first present wins; none: rows name them."""
    complete_column: ClassVar[str | None] = None
    """The column that says whether a response is complete, when the tool has one."""
    complete_values: ClassVar[frozenset[str] | None] = None
    """The values of ``complete_column`` that mean complete; None: any filled cell."""
    status_column: ClassVar[str | None] = None
    """The column saying whether a row is a real response, when the tool has one."""
    status_kinds: ClassVar[dict[str, str]] = {}
    """Values of ``status_column`` of rows that are not real responses, to their kind
    (``preview``, ``test``, ``spam``)."""
    default_rule: ClassVar[str] = "started"
    """Which responses count when report.yaml's ``respondents`` is not set: ``finished``
    for tools that mark unfinished responses, ``started`` for the others."""
    joiner: ClassVar[str | None] = None
    """What joins the ticked options of a multiple-choice question held in one cell."""
    metadata: ClassVar[frozenset[str]] = frozenset()
    """Other columns the tool adds to every export, ignored without a warning."""
    personal: ClassVar[frozenset[str]] = frozenset()
    """Columns the tool fills with personal data (names, e-mails, IP address, coordinates):
    never read, never made questions."""
    timestamps: ClassVar[frozenset[str]] = frozenset()
    """Columns holding when the response was given (they tell respondents apart)."""
    blank_values: ClassVar[frozenset[str]] = frozenset()
    """Values that mean not answered in a choice question's column (LimeSurvey's ``N/A``
    in full answers), unless the question maps them to a code."""
    definition_hint: ClassVar[str | None] = None
    """What init says when the export comes without the survey's definition file that
    holds what the export lacks (LimeSurvey's ``.lss``: texts and labels)."""
    ticks: ClassVar[Ticks] = "explicit"
    """How a multiple-choice question is exported: a column per option holding a code for
    ticked and one for not ticked (``explicit``), a column per option filled when ticked
    (``presence``), or one column holding the ticked options joined by ``, `` (``joined``)."""

    @classmethod
    def recognises(cls, first_row: list[str]) -> bool:
        """Whether the folded headings ``first_row`` are this tool's."""
        return False

    def headings(self, heading_rows: list[list[str]]) -> list[str]:
        """One heading per column, from the heading rows."""
        return list(heading_rows[0])

    def is_metadata(self, heading: str) -> bool:
        return heading in self.metadata or heading in self.timestamps

    def is_personal(self, heading: str) -> bool:
        return heading in self.personal

    def carried(self, heading_rows: list[list[str]], shown: str) -> Carried | None:
        """What the heading rows declare about the columns (texts, roles), when they say
        more than the headings."""
        return None

    def joins(self, question: Question) -> bool:
        """Whether the ticked options of ``question`` share one cell, joined by ``joiner``."""
        return question.type == "multiple" and self.ticks == "joined"

    def default_columns(self, question: Question) -> dict[str, list[str]]:
        """Canonical key to the headings its column may have, when ``columns`` is not set."""
        if not question.parts():
            return {question.id: [question.id]}
        return {f"{question.id}:{code}": [f"{question.id}_{code}"] for code in question.parts()}

    def answer_codes(self, question: Question, questionnaire: Questionnaire,
                     option: str | None = None) -> dict[str, str]:
        """Export value to code, when the question does not set ``answer_codes``; for the
        column of ``option`` of a multiple-choice question, to ``1`` or ``0``."""
        if question.type == "multiple":
            return {TICKED: TICKED, NOT_TICKED: NOT_TICKED}
        return {code: code for code in choice_codes(question, questionnaire)}

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def choice_codes(question: Question, questionnaire: Questionnaire) -> list[str]:
    """Option codes (single, multiple) or scale level codes (grid)."""
    if question.type == "grid":
        return [level.code for level in questionnaire.scale_of(question).levels]
    return [option.code for option in question.options]


def choice_labels(question: Question, questionnaire: Questionnaire) -> dict[str, str]:
    """Folded label to code of the options (single, multiple) or scale levels (grid)."""
    choices = questionnaire.scale_of(question).levels if question.type == "grid" \
        else question.options
    return {fold(choice.label): choice.code for choice in choices}
