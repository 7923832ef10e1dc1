"""What a survey's own files say about its questions: the questionnaire they carry.

Input: the metadata a reader found (an SPSS or Stata file's labels, a Qualtrics export's
heading rows and ``.qsf``, a LimeSurvey ``.lss``, an XLSForm). Output: a frozen ``Carried``:
per export column what the tool declares it is (``ColumnMeta``), and the questions as the
tool defines them (``CarriedQuestion``), options in code order. ``init`` writes these
questions as declared, without guessing; the recognition of personal and metadata columns
reads each column's declared ``role``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

Role = Literal["question", "id", "personal", "metadata", "timestamp", "status", "completion",
               "weight"]
"""What a column holds, as the tool declares it: an answer (``question``), the respondent id,
personal data (names, e-mails, IP address, coordinates), the tool's bookkeeping
(``metadata``), when the response was given (``timestamp``), whether it is a real response
(``status``: preview, test, spam), whether it was finished (``completion``), a weight."""

Measure = Literal["nominal", "ordinal", "scale"]


@dataclass(frozen=True)
class ColumnMeta:
    """One export column as its tool declares it."""

    name: str
    """The column's heading in the export."""
    text: str = ""
    """Its question text (an SPSS variable label, a Qualtrics question text...)."""
    labels: tuple[tuple[str, str], ...] = ()
    """(value as the cell holds it, label), in code order: the options or scale levels."""
    missing: tuple[str, ...] = ()
    """Cell values that mean not answered (SPSS user-missing values, Stata ``.a``...)."""
    measure: Measure | None = None
    """The level of measurement the file declares (SPSS), when it does."""
    role: Role = "question"


@dataclass(frozen=True)
class CarriedQuestion:
    """A question as the tool defines it, ready to be written in questionnaire.yaml."""

    id: str
    type: Literal["single", "multiple", "grid", "open", "numeric"]
    text: str
    columns: tuple[str, ...]
    """The export columns: one, or one per option (multiple) or item (grid), in order; a
    multiple choice whose ticked options share one cell has one column."""
    options: tuple[tuple[str, str], ...] = ()
    """(code, label) of the options (single, multiple) or of the scale's levels (grid), in
    the order the tool gives them."""
    items: tuple[tuple[str, str], ...] = ()
    """(code, label) of a grid's items, or of the options whose columns a multiple choice
    has (one per entry of ``columns``)."""
    answer_codes: dict[str, str] = field(default_factory=dict)
    """Export value to code, where the cells hold other values than the codes."""
    asked_if: tuple[str, tuple[str, ...]] | None = None
    """(question id, option codes): the question was shown to those who gave one of these
    answers (display logic, relevance, conditions)."""
    origin: str = ""
    """Where the tool defines it, for the ``# from:`` comment (``survey.qsf: QID3``)."""
    guessed: str = ""
    """What the reader decided that the file does not say (SPSS variables grouped into a
    grid), for an ``# inferred:`` comment beside ``# from:``; empty when nothing."""


@dataclass(frozen=True)
class Carried:
    """What a survey's files declare: its columns and its questions."""

    tool: str
    """``spss``, ``stata``, ``qualtrics``, ``limesurvey``, ``xlsform``."""
    source: str
    """The file it was read from, as shown to the user."""
    columns: dict[str, ColumnMeta] = field(default_factory=dict)
    """By export heading."""
    questions: tuple[CarriedQuestion, ...] = ()
    title: str | None = None
    """The survey's title, when the file has one."""
    language: str | None = None
    """The survey's language code (``en``, ``fr``), when the file says."""
    notes: tuple[str, ...] = ()
    """What was read and what could not be, for init's output."""

    def role(self, heading: str) -> Role | None:
        """The declared role of the column ``heading``, None when the files do not say."""
        meta = self.columns.get(heading)
        return meta.role if meta else None

    def question_of(self, heading: str) -> str | None:
        """The id of the declared question that reads the column ``heading`` (a grid or a
        multiple-response set groups several), None when none does."""
        return next((question.id for question in self.questions
                     if heading in question.columns), None)

    def covered(self) -> set[str]:
        """The export columns some carried question reads."""
        return {column for question in self.questions for column in question.columns}

    def with_questions(self, questions: Iterable[CarriedQuestion], **changes) -> Carried:
        return replace(self, questions=tuple(questions), **changes)


def code_order(values: Iterable[str]) -> list[str]:
    """``values`` in code order: numbers by value, then the others as given."""
    def key(indexed: tuple[int, str]) -> tuple:
        index, value = indexed
        try:
            return (0, float(value), index)
        except ValueError:
            return (1, 0.0, index)
    return [value for _, value in sorted(enumerate(values), key=key)]
