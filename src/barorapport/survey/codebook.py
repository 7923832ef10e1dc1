"""Check an export's cells against the codebook and turn them into canonical answers.

Input: a question, the export columns that hold it (see ``columns``) and the layout. Output:
one ``Codec`` per canonical key (``Q1``, ``Q6:code``): which cells the codebook rejects,
and the answers of the others: the option or level code (single, grid), 1.0 or 0.0
(multiple), the text (open) or the number (numeric), None or NaN when not answered.

A codec decides once per distinct value of its column, then spreads the verdicts to the
cells: an export repeats a few codes over many rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .formats import Layout, fold
from .formats.base import choice_codes
from .questionnaire import NOT_TICKED, TICKED, Question, Questionnaire
from .table import Column

TICK_VALUES = {TICKED: 1.0, NOT_TICKED: 0.0}


@dataclass(frozen=True)
class Codec:
    """How the cells of one export column become the answers of one canonical key."""

    key: str
    column: Column
    answers: np.ndarray
    """Per distinct value of the column: the answer (None or NaN: empty or rejected)."""
    rejected: np.ndarray
    """Per distinct value of the column: whether the codebook rejects it."""
    expected: str
    """What a rejected cell should hold, as a phrase (``one of 1, 2``)."""
    categories: tuple[str, ...] = ()
    """The codes a choice can take, in the questionnaire's order: the answers are then a
    ``pd.Categorical`` (a small integer per cell, which ``stats`` counts without hashing a
    string per cell); empty for ticks, numbers and texts."""

    def rejected_cells(self) -> np.ndarray:
        """Positions of the cells the codebook rejects."""
        if not self.rejected.any():
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(self.column.lookup(self.rejected))

    def values(self, keep: np.ndarray | None = None) -> np.ndarray | pd.Categorical:
        """The answer of every cell, or of the cells at ``keep`` (positions)."""
        codes = self.column.codes if keep is None else self.column.codes[keep]
        if not self.categories:
            return self.answers[codes]
        # Per distinct value of the column its category's position (-1: empty or rejected),
        # then one look-up per cell.
        position = {code: index for index, code in enumerate(self.categories)}
        table = np.array([position.get(answer, -1) if answer is not None else -1
                          for answer in self.answers], dtype=np.int16)
        return pd.Categorical.from_codes(table[codes] if len(table) else
                                         np.full(len(codes), -1, dtype=np.int16),
                                         categories=list(self.categories))


def _objects(items: list) -> np.ndarray:
    """A 1-d object array of ``items``."""
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array


def _one_of(values: list[str]) -> str:
    if not values:
        return "empty"
    separator = "; " if any("," in value for value in values) else ", "
    return "one of " + separator.join(values)


def _accepting(key: str, column: Column, mapping: dict[str, object], expected: str,
               missing: object, categories: tuple[str, ...] = (),
               blank: frozenset[str] = frozenset()) -> Codec:
    """A codec that maps the (folded) export values of ``mapping``; empty (or a value of
    ``blank`` that ``mapping`` does not map) is ``missing``."""
    accepted = {fold(value): answer for value, answer in mapping.items()}
    folded = [fold(value) for value in column.values]
    answers = [accepted.get(value, missing) for value in folded]
    rejected = np.array([value != "" and value not in accepted and value not in blank
                         for value in folded], dtype=bool)
    if isinstance(missing, float):
        return Codec(key, column, np.array(answers, dtype=float), rejected, expected)
    return Codec(key, column, _objects(answers), rejected, expected, categories)


def split_joined(text: str, labels: dict[str, str], joiner: str = ", ") -> list[str] | None:
    """The codes of the labels ``text`` joins with ``joiner``, or None when it holds another.

    Labels may hold the joiner: every way of cutting ``text`` into labels is tried, longest
    labels first, so ``"Oui, souvent, Non"`` with the labels ``Oui, souvent`` and ``Non`` is
    two options, and ``"Visio, audio, SMS"`` is ``Visio, audio`` and ``SMS``.
    """
    text = fold(text)
    if not text:
        return []
    ordered = sorted(labels.items(), key=lambda item: -len(item[0]))
    paths: dict[int, list[str]] = {0: []}
    for start in range(len(text)):
        if start not in paths:
            continue
        for label, code in ordered:
            if not label or not text.startswith(label, start):
                continue
            end = start + len(label)
            if end == len(text):
                return paths[start] + [code]
            if text.startswith(joiner, end):
                paths.setdefault(end + len(joiner), paths[start] + [code])
    return None


def _joined(question: Question, keys: list[str], column: Column, mapping: dict[str, str],
            joiner: str) -> list[Codec]:
    """A multiple-choice question whose ticked options are joined in one cell: a codec per
    option, reading the same column; the first one reports the rejected cells."""
    labels = {fold(label): code for label, code in mapping.items()}
    parsed = [split_joined(value, labels, joiner) for value in column.values]
    rejected = np.array([chosen is None for chosen in parsed], dtype=bool)
    expected = "some of " + "; ".join(mapping) + f" (joined by {joiner!r})"
    codecs = []
    for key in keys:
        code = key.split(":", 1)[1]
        answers = np.array([np.nan if not chosen else float(code in chosen)
                            for chosen in parsed], dtype=float)
        codecs.append(Codec(key, column, answers, rejected if not codecs else
                            np.zeros_like(rejected), expected))
    return codecs


def _number_pattern(decimal: str) -> re.Pattern[str]:
    mark = re.escape(decimal)
    return re.compile(rf"[+-]?(?:\d{{1,3}}(?: \d{{3}})+|\d+)(?:{mark}\d+)?|[+-]?{mark}\d+")


def _shown_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def number_expected(question: Question, decimal: str) -> str:
    words = "a number" + (" with a decimal comma" if decimal == "," else "")
    low, high = question.minimum, question.maximum
    if low is not None and high is not None:
        return f"{words} from {_shown_number(low)} to {_shown_number(high)}"
    if low is not None:
        return f"{words} of at least {_shown_number(low)}"
    if high is not None:
        return f"{words} of at most {_shown_number(high)}"
    return words


def _numbers(question: Question, key: str, column: Column, decimal: str) -> Codec:
    """Numbers with the export's decimal mark, thousands optionally grouped by (non-breaking)
    spaces: ``1 234,5``; outside the question's minimum and maximum, rejected."""
    pattern = _number_pattern(decimal)
    low = -np.inf if question.minimum is None else question.minimum
    high = np.inf if question.maximum is None else question.maximum
    numbers, rejected = [], []
    for value in column.values:
        text = fold(value)
        number = np.nan
        if text and pattern.fullmatch(text):
            number = float(text.replace(" ", "").replace(decimal, "."))
        wrong = bool(text) and not low <= number <= high  # NaN compares false
        numbers.append(np.nan if wrong else number)
        rejected.append(wrong)
    return Codec(key, column, np.array(numbers, dtype=float), np.array(rejected, dtype=bool),
                 number_expected(question, decimal))


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters no one types (a NUL byte, an escape): not kept in an answer's text."""


def _texts(key: str, column: Column) -> Codec:
    values = [_CONTROLS.sub("", value) for value in column.values]
    answers = _objects([value if value.strip() else None for value in values])
    return Codec(key, column, answers, np.zeros(len(column.values), dtype=bool), "")


def question_codecs(question: Question, questionnaire: Questionnaire, layout: Layout,
                    columns: dict[str, Column], decimal: str) -> list[Codec]:
    """A codec per canonical key of ``question``, from its export ``columns`` (in Google
    Forms, the keys of a multiple-choice question share one column)."""
    if question.type == "open":
        return [_texts(key, column) for key, column in columns.items()]
    if question.type == "numeric":
        return [_numbers(question, key, column, decimal) for key, column in columns.items()]
    if layout.joins(question):
        mapping = question.answer_codes or layout.answer_codes(question, questionnaire)
        return _joined(question, list(columns), next(iter(columns.values())), mapping,
                       layout.joiner or ", ")
    if question.type == "multiple":
        codecs = []
        for key, column in columns.items():
            option = key.split(":", 1)[1]
            mapping = question.answer_codes or layout.answer_codes(question, questionnaire,
                                                                   option)
            shown = list(mapping) + (["empty"] if layout.ticks == "presence" else [])
            codecs.append(_accepting(key, column, {value: TICK_VALUES[code] for value, code
                                                   in mapping.items()},
                                     _one_of(shown), np.nan, blank=layout.blank_values))
        return codecs
    mapping = question.answer_codes or layout.answer_codes(question, questionnaire)
    categories = tuple(dict.fromkeys([*choice_codes(question, questionnaire),
                                      *(str(code) for code in mapping.values())]))
    return [_accepting(key, column, mapping, _one_of(list(mapping)), None, categories,
                       layout.blank_values)
            for key, column in columns.items()]


def question_answers(question: Question, layout: Layout, codecs: list[Codec],
                     keep: np.ndarray | None) -> dict[str, np.ndarray]:
    """The answers of the rows at ``keep`` (all when None), per canonical key.

    Where an unticked box is empty (``presence``), a respondent who ticked none of the
    options answered nothing, and one who ticked some did not tick the others.
    """
    values = {codec.key: codec.values(keep) for codec in codecs}
    if question.type == "multiple" and layout.ticks == "presence" and values:
        answered = np.logical_or.reduce([~np.isnan(ticks) for ticks in values.values()])
        values = {key: np.where(answered, np.nan_to_num(ticks, nan=0.0), np.nan)
                  for key, ticks in values.items()}
    return values
