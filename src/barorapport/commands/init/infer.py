"""Question types inferred from an export's columns.

Input: an ``Export`` (headings and columns, as ingest reads them). Output: one
``InferredQuestion`` per question, in the export's order, each saying why its type was
chosen. Only the columns that hold answers become questions (``survey.classify``): never
personal data, ids, timestamps, durations, progress or the survey tool's bookkeeping.

- the respondent id: a column recognised as an id (``id``, ``Respondent ID``,
  ``ResponseId``, or codes all different) whose values are all different;
- numeric: every answer a number, and more than ``MAX_OPTIONS`` different values, or
  numbers written with a decimal mark (``12,0``: a choice's code never is);
- open: more than ``MAX_OPTIONS`` different answers, or long ones, or nearly all different
  sentences (free text);
- multiple choice: columns ``<stem>_<option>`` (or ``<stem>[<option>]``) of one stem, each
  holding one value for ticked (and at most one for not ticked);
- grid: several columns answered on one set of answers (the scale), from 2 to 11 levels;
- single choice: the other columns.

Answers written as labels get codes ``1``, ``2``... and an ``answer_codes`` mapping; the
order of the labels (a scale's levels) is their leading number when each has one
(``1 - Jamais``), the numbers' order for numeric codes, else the order of first appearance,
marked to be reviewed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ...survey.classify import ColumnRole, classify_export, declared_roles
from ...survey.export import Export

MAX_OPTIONS = 12
"""A column with more different answers than this is numeric (numbers) or open (text)."""
LONG_TEXT = 40
"""Answers longer than this on average are free text."""
TICK_VALUES = {"1", "x", "oui", "yes", "vrai", "true", "coche", "coché"}
UNTICK_VALUES = {"0", "non", "no", "faux", "false"}
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_WHOLE = re.compile(r"^[+-]?\d+$")
_LEADING = re.compile(r"^\s*(\d+)\s*[-–—.:)]\s*")
_STEM = re.compile(r"^(?P<stem>.+?)(?:_(?P<part>[^_\[\]]+)|\[(?P<bracket>[^\]]+)\])$")


@dataclass(frozen=True)
class InferredQuestion:
    id: str
    type: str
    text: str
    columns: tuple[str, ...]
    """The export columns (one, or one per option or item)."""
    options: tuple[tuple[str, str], ...] = ()
    """(code, label) of the options (single, multiple) or the scale's levels (grid)."""
    items: tuple[tuple[str, str], ...] = ()
    """(code, label) of a grid's items, or of a multiple choice's options' columns."""
    answer_codes: dict[str, str] = field(default_factory=dict)
    """Export value to code, when the export holds labels."""
    reasons: tuple[str, ...] = ()
    """What was inferred, for the ``# inferred:`` comments and check's notes."""
    asked_if: tuple[str, tuple[str, ...]] | None = None
    """(question id, option codes) of the respondents the question was asked of, when the
    survey's definition says (display logic, relevance)."""
    declared: bool = False
    """Whether the survey's files declare the question (its type, options, order): then
    nothing about it was inferred, and its comments say where it is from."""


@dataclass(frozen=True)
class Inference:
    id_column: str | None
    questions: tuple[InferredQuestion, ...]
    notes: tuple[str, ...] = ()
    not_questions: tuple[tuple[str, ColumnRole], ...] = ()
    """(heading, role) of the columns that hold no answers, in the export's order."""

    @property
    def personal_columns(self) -> list[str]:
        return [heading for heading, role in self.not_questions if role.role == "personal"]


def slug(text: str, taken: set[str]) -> str:
    """An id for ``text``: ASCII lower case, digits and ``_``, unique among ``taken``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:24].strip("_") or "q"
    if base[0].isdigit():
        base = f"q{base}"
    name, index = base, 2
    while name in taken:
        name, index = f"{base}_{index}", index + 1
    taken.add(name)
    return name


def _answers(export: Export, index: int) -> list[str]:
    column = export.columns[index]
    return [column.values[code].strip() for code in column.codes
            if column.values[code].strip()]


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _number(value: str) -> float | None:
    return float(value.replace(",", ".")) if _NUMBER.match(value) else None


def ordered_levels(values: list[str]) -> tuple[list[str], str]:
    """The distinct answers in their order, and how it was found."""
    distinct = _distinct(values)
    numbers = [_number(value) for value in distinct]
    if all(number is not None for number in numbers):
        return [value for _, value in sorted(zip(numbers, distinct, strict=True))], "numbers"
    leading = [_LEADING.match(value) for value in distinct]
    if all(leading):
        return [value for _, value in sorted(
            zip((int(match.group(1)) for match in leading), distinct, strict=True))], \
            "leading numbers"
    return distinct, "first appearance (review the order)"


def _coded(levels: list[str]) -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    """(code, label) per level and the answer codes: numeric answers are their own codes,
    labels get 1, 2..."""
    if all(_NUMBER.match(value) and "," not in value and "." not in value for value in levels):
        return tuple((value, value) for value in levels), {}
    codes = tuple((str(index), _LEADING.sub("", label) or label)
                  for index, label in enumerate(levels, start=1))
    return codes, {label: code for (code, _), label in zip(codes, levels, strict=True)}


def _kind(values: list[str]) -> str:
    """numeric, open or choice."""
    distinct = _distinct(values)
    numbers = [_number(value) for value in distinct]
    if distinct and all(number is not None for number in numbers):
        # A statistics package writes a measure as 9,0 or 12.0 even when it is whole.
        codes = all(_WHOLE.match(value) for value in distinct)
        return "numeric" if len(distinct) > MAX_OPTIONS or not codes else "choice"
    average = sum(map(len, values)) / len(values) if values else 0
    if len(distinct) > MAX_OPTIONS or average > LONG_TEXT:
        return "open"
    if len(values) > 2 and len(distinct) >= 0.8 * len(values) and average > 15:
        return "open"  # few answers, nearly all different sentences: free text
    return "choice"


def _is_id(role: ColumnRole, values: list[str], rows: int) -> bool:
    return role.role == "id" and len(set(values)) == len(values) == rows


def _tick_column(values: list[str]) -> bool:
    distinct = {value.lower() for value in values}
    ticked = distinct - UNTICK_VALUES
    return len(distinct) <= 2 and len(ticked) <= 1 and (not ticked or ticked <= TICK_VALUES
                                                        or len(distinct) == 1)


def infer_questions(export: Export, leave: set[str] = frozenset()) -> Inference:
    """The questions of ``export``, in its columns' order; the columns ``leave`` names are
    not made questions (the survey's definition declares them)."""
    headings = list(export.headings)
    rows = len(export)
    answers = [_answers(export, index) for index in range(len(headings))]
    roles = classify_export(headings, export.columns, export.layout, declared_roles(export))
    skip = {index for index, role in enumerate(roles)
            if not role.is_question or headings[index] in leave}
    id_column = next((headings[index] for index in range(len(headings))
                      if _is_id(roles[index], answers[index], rows)), None)
    taken: set[str] = set()
    questions: list[InferredQuestion] = []
    notes: list[str] = []
    used: set[int] = set(skip)

    # Multiple choice: columns of one stem, each a tick.
    stems: dict[str, list[tuple[int, str]]] = {}
    for index, heading in enumerate(headings):
        match = _STEM.match(heading)
        if index in used or not match:
            continue
        stems.setdefault(match.group("stem"), []).append(
            (index, match.group("part") or match.group("bracket")))
    multiples: dict[int, InferredQuestion] = {}
    for stem, parts in stems.items():
        if len(parts) < 2 or not all(_tick_column(answers[index]) for index, _ in parts):
            continue
        ticked = sorted({value for index, _ in parts for value in answers[index]
                         if value.lower() not in UNTICK_VALUES})
        unticked = sorted({value for index, _ in parts for value in answers[index]
                           if value.lower() in UNTICK_VALUES})
        mapping = {value: "1" for value in ticked} | {value: "0" for value in unticked}
        part_taken: set[str] = set()
        options = tuple((slug(part, part_taken), part) for _, part in parts)
        question = InferredQuestion(
            id=slug(stem, taken), type="multiple", text=stem,
            columns=tuple(headings[index] for index, _ in parts), options=options,
            answer_codes={} if set(mapping) <= {"1", "0"} else mapping,
            reasons=(f"multiple choice: {len(parts)} columns {stem}_… each ticked with "
                     f"{', '.join(ticked) or 'nothing'}",))
        multiples[parts[0][0]] = question
        used.update(index for index, _ in parts)

    # Grids: choice columns sharing one set of answers.
    kinds = {index: _kind(answers[index]) for index in range(len(headings)) if index not in used}
    answer_sets: dict[frozenset, list[int]] = {}
    for index, kind in kinds.items():
        if kind == "choice" and 2 <= len(set(answers[index])) <= 11:
            answer_sets.setdefault(frozenset(answers[index]), []).append(index)
    grids: dict[int, InferredQuestion] = {}
    for values, members in answer_sets.items():
        if len(members) < 2 or len(values) < 3:
            continue
        pooled = [value for index in members for value in answers[index]]
        levels, how = ordered_levels(pooled)
        coded, mapping = _coded(levels)
        item_taken: set[str] = set()
        stem = _common_stem([headings[index] for index in members])
        labels = [headings[index][len(stem):].strip(" :-–—_([)]") or headings[index]
                  for index in members]
        items = tuple((slug(label, item_taken), label) for label in labels)
        question = InferredQuestion(
            id=slug(stem or headings[members[0]], taken), type="grid",
            text=stem or ", ".join(headings[index] for index in members),
            columns=tuple(headings[index] for index in members), options=coded, items=items,
            answer_codes=mapping,
            reasons=(f"grid: {len(members)} columns answered on the same {len(levels)} "
                     f"answers, ordered by {how}",))
        grids[members[0]] = question
        used.update(members)

    for index, heading in enumerate(headings):
        if index in multiples:
            questions.append(multiples[index])
        if index in grids:
            questions.append(grids[index])
        if index in used:
            continue
        values, kind = answers[index], kinds[index]
        if kind == "numeric":
            numbers = [_number(value) for value in values]
            questions.append(InferredQuestion(
                id=slug(heading, taken), type="numeric", text=heading, columns=(heading,),
                reasons=(f"numeric: {len(set(values))} different numbers from "
                         f"{min(numbers):g} to {max(numbers):g}",)))
        elif kind == "open":
            questions.append(InferredQuestion(
                id=slug(heading, taken), type="open", text=heading, columns=(heading,),
                reasons=(f"open: {len(set(values))} different answers (free text)",)))
        else:
            levels, how = ordered_levels(values)
            coded, mapping = _coded(levels)
            questions.append(InferredQuestion(
                id=slug(heading, taken), type="single", text=heading, columns=(heading,),
                options=coded, answer_codes=mapping,
                reasons=(f"single choice: {len(levels)} answers, ordered by {how}"
                         + (", written as labels (answer_codes)" if mapping else ""),)))
    if any(question.answer_codes for question in questions):
        notes.append("answers written as labels: each question maps them to codes with "
                     "answer_codes")
    not_questions = tuple((heading or f"(column {index + 1})", roles[index])
                          for index, heading in enumerate(headings)
                          if not roles[index].is_question and heading != id_column)
    return Inference(id_column=id_column, questions=tuple(questions), notes=tuple(notes),
                     not_questions=not_questions)


def _common_stem(headings: list[str]) -> str:
    """The words the headings share at their start (``Position : Clinton``...)."""
    first = headings[0]
    length = 0
    while length < len(first) and all(len(h) > length and h[length] == first[length]
                                      for h in headings):
        length += 1
    return first[:length].rstrip(" :-–—_([").strip()
