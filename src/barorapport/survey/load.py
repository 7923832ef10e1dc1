"""Read the responses export and check it against the questionnaire.

Input: a questionnaire and the path of its export. Output: a ``Survey`` whose ``answers``
frame has one row per respondent and one column per canonical key (``Q1``, ``Q6:code``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import display_path
from ..errors import SurveyError
from .questionnaire import Question, Questionnaire

MAX_SHOWN_PROBLEMS = 20
TICKED, NOT_TICKED = "1", "0"
logger = logging.getLogger("barorapport")


@dataclass(frozen=True)
class Survey:
    """A validated survey: the questionnaire and the answers in canonical form.

    ``answers`` holds, per canonical key: the option or level code (single, grid), 1.0 or
    0.0 (multiple), the text (open) or the number (numeric); NaN or None when not answered.
    """

    questionnaire: Questionnaire
    answers: pd.DataFrame
    source: Path

    def answered(self, question: Question) -> pd.Series:
        """Whether each respondent answered the question (at least one cell filled)."""
        keys = list(question.source_columns())
        return self.answers[keys].notna().any(axis=1)

    @property
    def complete(self) -> pd.Series:
        """Respondents who answered every question."""
        answered = [self.answered(question) for question in self.questionnaire.questions]
        return pd.concat(answered, axis=1).all(axis=1)

    @property
    def respondents(self) -> int:
        return len(self.answers)


def _read_csv(path: Path) -> pd.DataFrame:
    shown = display_path(path)
    try:
        return pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=",",
        )
    except FileNotFoundError:
        raise SurveyError(f"{shown}: file not found") from None
    except UnicodeDecodeError as error:
        raise SurveyError(f"{shown}: byte {error.start} is not valid UTF-8") from None
    except pd.errors.ParserError as error:
        raise SurveyError(f"{shown}: {error}") from None


def _spreadsheet_row(index: int) -> int:
    """Rows as a spreadsheet shows them: the header is row 1, the first respondent row 2."""
    return index + 2


def _convert(question: Question, questionnaire: Questionnaire, column: str, cells: pd.Series,
             shown: str, problems: list[str]) -> pd.Series:
    """Canonical values of one export column; bad cells are added to ``problems``."""
    filled = cells != ""
    if question.type in ("open",):
        return cells.where(filled, None)
    if question.type == "numeric":
        numbers = pd.to_numeric(cells.where(filled, None), errors="coerce")
        allowed = "a number"
        bad = filled & numbers.isna()
        values = numbers
    elif question.type == "multiple":
        allowed = f"{TICKED}, {NOT_TICKED}"
        bad = filled & ~cells.isin([TICKED, NOT_TICKED])
        values = cells.map({TICKED: 1.0, NOT_TICKED: 0.0}).astype(float)
    else:
        choices = question.options if question.type == "single" else \
            questionnaire.scale_of(question).levels
        codes = [choice.code for choice in choices]
        allowed = ", ".join(codes)
        bad = filled & ~cells.isin(codes)
        values = cells.where(filled & ~bad, None)
    for index in np.flatnonzero(bad.to_numpy()):
        problems.append(
            f"{shown} row {_spreadsheet_row(index)}, column {column}: "
            f"{cells.iloc[index]!r} is not one of {allowed}"
        )
    return values


def load_survey(questionnaire: Questionnaire, path: Path) -> Survey:
    """Read the export at ``path``; every bad cell is reported at once as a ``SurveyError``."""
    shown = display_path(path)
    raw = _read_csv(path)
    id_column = questionnaire.responses.id_column
    expected = [id_column] + [
        column for question in questionnaire.questions
        for column in question.source_columns().values()
    ]
    missing = [column for column in expected if column not in raw.columns]
    if missing:
        raise SurveyError(
            f"{shown}: missing column(s) {', '.join(missing)} (the questionnaire maps questions "
            "to them)"
        )
    unknown = [column for column in raw.columns if column not in expected]
    if unknown:
        # Not an error (exports carry the tool's own columns), but a column the questionnaire
        # forgot is a question the publication silently leaves out.
        logger.warning("%s: column(s) %s not in the questionnaire: ignored", shown,
                       ", ".join(unknown))
    problems: list[str] = []
    ids = raw[id_column]
    for index in np.flatnonzero((ids == "").to_numpy()):
        problems.append(f"{shown} row {_spreadsheet_row(index)}, column {id_column}: empty id")
    for index in np.flatnonzero(ids.duplicated().to_numpy()):
        problems.append(
            f"{shown} row {_spreadsheet_row(index)}, column {id_column}: "
            f"{ids.iloc[index]!r} repeats an earlier respondent id"
        )
    answers = {}
    for question in questionnaire.questions:
        for key, column in question.source_columns().items():
            answers[key] = _convert(question, questionnaire, column, raw[column], shown, problems)
    if problems:
        shown_problems = problems[:MAX_SHOWN_PROBLEMS]
        if len(problems) > MAX_SHOWN_PROBLEMS:
            shown_problems.append(f"... and {len(problems) - MAX_SHOWN_PROBLEMS} more problems")
        raise SurveyError("\n".join(shown_problems))
    frame = pd.DataFrame(answers)
    frame.index = pd.Index(ids, name="respondent")
    return Survey(questionnaire=questionnaire, answers=frame, source=path)
