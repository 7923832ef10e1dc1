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
- grid: columns of one stem (``Position : Clinton``, ``Q3_1``, ``Q3[SQ001]``), or that the
  survey's files group, answered on one set of answers (the scale), from 3 to 11 levels;
  columns that share answers but no stem (``educ``, ``selfLR``) are questions of their own;
- single choice: the other columns.

Answers written as labels get codes ``1``, ``2``... and an ``answer_codes`` mapping, and an
answer one edit away from a frequent one is read as it (``Jamias``: ``Jamais``), with a
warning. The order of the labels (a scale's levels) is found by ``levels``: numbers,
leading numbers, a recognised scale, else the order of first appearance, which the
questionnaire marks ``review_order`` for check and build to warn about.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from os.path import commonprefix

from ...survey.classify import ColumnRole, classify_export, declared_roles
from ...survey.export import Export
from .dates import Fieldwork, fieldwork_of
from .levels import Levels, levels_of, number, ordered

MAX_OPTIONS = 12
"""A column with more different answers than this is numeric (numbers) or open (text)."""
MAX_ID = 30
"""Characters of an id made from a question's text, at most (whole words)."""
MAX_LEVELS = 11
"""A grid's scale has at most this many levels (a 0 to 10 scale)."""
REVIEWED = 3
"""A single choice with this many options or more in the order of first appearance is
marked ``review_order`` (two answers in any order mislead no one)."""
LONG_TEXT = 40
"""Answers longer than this on average are free text."""
TICK_VALUES = {"1", "x", "oui", "yes", "vrai", "true", "coche", "coché"}
UNTICK_VALUES = {"0", "non", "no", "faux", "false"}
_WHOLE = re.compile(r"^[+-]?\d+$")
_STEM = re.compile(r"^(?P<stem>.+?)(?:_(?P<part>[^_\[\]]+)|\[(?P<bracket>[^\]]+)\]"
                   r"|/(?P<slash>[^/]+))$")
"""``q6_1``, ``q6[SQ001]``, ``q6/option`` (KoboToolbox's split columns)."""


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
    its comments say where it is from."""
    guessed: str = ""
    """What was inferred of a declared question all the same (SPSS variables grouped into
    a grid): an ``# inferred:`` comment beside its ``# from:``."""
    order_found: bool = True
    """Whether the order of its options (its scale's levels) was found (numbers, a
    recognised scale), rather than taken from the export's rows."""
    review_order: bool = False
    """Whether init marks that order for check and build to warn about (first appearance,
    three options or more)."""
    typos: tuple[tuple[str, int, str, int], ...] = ()
    """(answer, times, the answer it is read as, times) of the answers one edit away from a
    frequent one (``levels.Levels.typos``)."""


@dataclass(frozen=True)
class Inference:
    id_column: str | None
    questions: tuple[InferredQuestion, ...]
    notes: tuple[str, ...] = ()
    ignored: tuple[tuple[str, str], ...] = ()
    """(heading, why) of the columns that hold no answer of their own (the joined copy of a
    multiple choice's split columns): questionnaire.yaml's ``ignored_columns``."""
    not_questions: tuple[tuple[str, ColumnRole], ...] = ()
    """(heading, role) of the columns that hold no answers, in the export's order."""
    decimal: str | None = None
    """The decimal mark the export's numbers are written with, when some have one."""
    fieldwork: Fieldwork | None = None
    """The days the timestamps span, and the year most responses were given in."""

    @property
    def personal_columns(self) -> list[str]:
        return [heading for heading, role in self.not_questions if role.role == "personal"]


def slug(text: str, taken: set[str]) -> str:
    """An id for ``text``: ASCII lower case, digits and ``_``, whole words up to
    ``MAX_ID`` characters (a word is never cut, but a first word longer than that), unique
    among ``taken``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", plain.lower()).split()
    base = words[0][:MAX_ID] if words else "q"
    for word in words[1:]:
        if len(base) + 1 + len(word) > MAX_ID:
            break
        base = f"{base}_{word}"
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


def _kind(values: list[str]) -> str:
    """numeric, open or choice."""
    distinct = _distinct(values)
    numbers = [number(value) for value in distinct]
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


def _own_label(values: list[str]) -> str | None:
    """The text a tick column's ticked boxes hold when it is its option's label, not a
    tick (``1``, ``x``, ``yes``...)."""
    ticked = {value for value in values if value.lower() not in UNTICK_VALUES}
    if len(ticked) != 1:
        return None
    label = ticked.pop()
    return None if label.lower() in TICK_VALUES or _WHOLE.match(label) else label


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
    ignored: list[tuple[str, str]] = []

    # Multiple choice: columns of one stem, each a tick.
    stems: dict[str, list[tuple[int, str]]] = {}
    for index, heading in enumerate(headings):
        match = _STEM.match(heading)
        if index in used or not match:
            continue
        stems.setdefault(match.group("stem"), []).append(
            (index, match.group("part") or match.group("bracket") or match.group("slash")))
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
        # Ticked boxes holding their option's text (Qualtrics' split columns in choice
        # text), a different one in each column; else the headings' suffixes.
        own = [_own_label(answers[index]) for index, _ in parts]
        labels = [label for label in own if label is not None]
        if len(set(labels)) < len(parts):
            labels = [part for _, part in parts]
        options = tuple((slug(part, part_taken), label)
                        for (_, part), label in zip(parts, labels, strict=True))
        question = InferredQuestion(
            id=slug(stem, taken), type="multiple", text=stem.strip(),
            columns=tuple(headings[index] for index, _ in parts), options=options,
            answer_codes={} if set(mapping) <= {"1", "0"} else mapping,
            reasons=(f"multiple choice: {len(parts)} columns {stem}…, each ticked with "
                     f"{', '.join(ticked) or 'nothing'}",))
        multiples[parts[0][0]] = question
        used.update(index for index, _ in parts)
        if stem in headings and headings.index(stem) not in used:
            # KoboToolbox writes the ticked options joined in a column beside them.
            used.add(headings.index(stem))
            ignored.append((stem, f"the options of {question.id} ticked in its columns, "
                                  "joined"))

    # Multiple choice: one column holding the ticked options joined (Qualtrics, Kobo...).
    joiner = export.layout.joiner
    joined: set[int] = set()
    for index in range(len(headings)):
        options = _joined_options(answers[index], joiner) if joiner and index not in used \
            else None
        if options is None:
            continue
        levels = levels_of(options)
        multiples[index] = InferredQuestion(
            id=slug(headings[index], taken), type="multiple", text=headings[index],
            columns=(headings[index],), options=levels.options,
            answer_codes=levels.answer_codes,
            reasons=(f"multiple choice: the answers join {len(options)} options with "
                     f"{joiner!r}",))
        used.add(index)
        joined.add(index)

    # Grids: columns of one stem (or one declared group) answered on one set of answers.
    kinds = {index: _kind(answers[index]) for index in range(len(headings)) if index not in used}
    grids: dict[int, InferredQuestion] = {}
    for members in _grid_groups(headings, answers, kinds, export):
        levels = levels_of([value for index in members for value in answers[index]])
        item_taken: set[str] = set()
        stem = _common_stem([headings[index] for index in members])
        labels = [headings[index][len(stem):].strip(" :-–—_([)]") or headings[index]
                  for index in members]
        items = tuple((slug(label, item_taken), label) for label in labels)
        grids[members[0]] = InferredQuestion(
            id=slug(stem or headings[members[0]], taken), type="grid",
            text=stem or ", ".join(headings[index] for index in members),
            columns=tuple(headings[index] for index in members), options=levels.options,
            items=items, answer_codes=levels.answer_codes,
            reasons=(f"grid: {len(members)} columns of one stem answered on the same "
                     f"{len(levels.options)} answers, ordered by {levels.how}"
                     + _typos_said(levels),),
            order_found=levels.known, review_order=not levels.known, typos=levels.typos)
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
            numbers = [number(value) for value in values]
            questions.append(InferredQuestion(
                id=slug(heading, taken), type="numeric", text=heading, columns=(heading,),
                reasons=(f"numeric: {len(set(values))} different numbers from "
                         f"{min(numbers):g} to {max(numbers):g}",)))
        elif kind == "open":
            questions.append(InferredQuestion(
                id=slug(heading, taken), type="open", text=heading, columns=(heading,),
                reasons=(f"open: {len(set(values))} different answers (free text)",)))
        else:
            levels = levels_of(values)
            questions.append(InferredQuestion(
                id=slug(heading, taken), type="single", text=heading, columns=(heading,),
                options=levels.options, answer_codes=levels.answer_codes,
                reasons=(f"single choice: {len(levels.options)} answers, ordered by "
                         f"{levels.how}" + (", written as labels (answer_codes)"
                                            if levels.answer_codes else "")
                         + _typos_said(levels),),
                order_found=levels.known,
                review_order=not levels.known and len(levels.options) >= REVIEWED,
                typos=levels.typos))
    if any(question.answer_codes for question in questions):
        notes.append("answers written as labels: each question maps them to codes with "
                     "answer_codes")
    not_questions = tuple((heading or f"(column {index + 1})", roles[index])
                          for index, heading in enumerate(headings)
                          if not roles[index].is_question and heading != id_column)
    return Inference(id_column=id_column, questions=tuple(questions), notes=tuple(notes),
                     not_questions=not_questions,
                     decimal=decimal_mark(answers, skip | joined),
                     ignored=tuple(ignored),
                     fieldwork=fieldwork_of(export, roles))


_DECIMALS = {",": re.compile(r"^[+-]?\d+,\d+$"), ".": re.compile(r"^[+-]?\d+\.\d+$")}


def decimal_mark(answers: list[list[str]], skip: set[int]) -> str | None:
    """``,`` or ``.``: the mark the numbers of the answers are written with, when some
    have one (and no number has the other)."""
    found = {mark for index, values in enumerate(answers) if index not in skip
             for mark, pattern in _DECIMALS.items()
             if any(pattern.match(value) for value in set(values))}
    return found.pop() if len(found) == 1 else None


def _typos_said(levels: Levels) -> str:
    return "".join(f", '{typo}' read as '{meant}'" for typo, _, meant, _ in levels.typos)


_GRID_STEM = (re.compile(r"^(?P<stem>.+?)\s*\[(?P<item>[^\]]+)\]$"),
              re.compile(r"^(?P<stem>.+?)\s*(?:\s[-–—]|:)\s+(?P<item>\S.*)$"),
              re.compile(r"^(?P<stem>.+)_(?P<item>[^_]+)$"))
"""A grid's column: ``<stem> [<item>]``, ``<stem> : <item>``, ``<stem> - <item>``,
``<stem>_<item>``."""


def grid_stem(heading: str) -> str | None:
    """The stem a grid's column heading shares with the other items', or None."""
    for pattern in _GRID_STEM:
        match = pattern.match(heading)
        if match:
            return match.group("stem").strip()
    return None


def _grid_groups(headings: list[str], answers: list[list[str]], kinds: dict[int, str],
                 export: Export) -> list[list[int]]:
    """Groups of choice columns, each a grid: of one stem (or one question the survey's
    files declare), sharing at least half of their answers, 3 to 11 answers in all."""
    carried = export.carried
    by_stem: dict[str, list[int]] = {}
    for index, kind in kinds.items():
        if kind != "choice" or not 2 <= len(set(answers[index])) <= MAX_LEVELS:
            continue
        group = carried.question_of(headings[index]) if carried is not None else None
        stem = group or grid_stem(headings[index])
        if stem:
            by_stem.setdefault(stem, []).append(index)
    groups = []
    for members in by_stem.values():
        while members:
            first, rest = members[0], members[1:]
            together = [first] + [index for index in rest
                                  if _alike(set(answers[first]), set(answers[index]))]
            members = [index for index in members if index not in together]
            pooled = {value for index in together for value in answers[index]}
            if len(together) >= 2 and 3 <= len(pooled) <= MAX_LEVELS:
                groups.append(together)
    return sorted(groups)


def _alike(first: set[str], second: set[str]) -> bool:
    """Whether two columns' answers are one scale's: they share at least half of the
    smaller set."""
    return len(first & second) * 2 >= min(len(first), len(second))


def _joined_options(values: list[str], joiner: str) -> list[str] | None:
    """The options a column's answers join with ``joiner`` (a multiple choice whose ticked
    options share one cell), in their order; None when the answers are not such joins.

    An answer holding the joiner is a join when it joins other answers, or one of its pieces
    is another answer (someone chose that option alone); else it is one option whose label
    holds the joiner (``Lives in a place of 100,000 or more``); an option nobody chose
    alone is a piece of a join that the other options do not cover. The answers must hold
    at least one join of two options, and every answer must be a join of options.
    """
    from ...survey.codebook import split_joined
    from ...survey.formats import fold

    distinct = _distinct(values)
    if len(distinct) < 2 or not any(joiner in value for value in distinct):
        return None
    def is_join(value: str) -> bool:
        others = {fold(other): other for other in distinct if other != value}
        return joiner in value and (split_joined(value, others, joiner) is not None or any(
            piece != value and piece in distinct for piece in value.split(joiner)))

    options = [value for value in distinct if not is_join(value)]
    for value in distinct:
        if split_joined(value, {fold(option): option for option in options}, joiner) is None:
            options += [piece for piece in value.split(joiner)
                        if piece.strip() and piece not in options]
    labels = {fold(option): option for option in options}
    parts = [split_joined(value, labels, joiner) for value in distinct]
    if len(options) < 2 or any(part is None for part in parts) \
            or not any(len(part) > 1 for part in parts if part):
        return None
    if len(options) > 2 * MAX_OPTIONS or any(len(option) > 2 * LONG_TEXT for option in options):
        return None  # free text with commas, not options
    # In the order the answers name them (numbers by value).
    return ordered(_distinct([option for part in parts for option in part or []]))[0]


def _common_stem(headings: list[str]) -> str:
    """The words the headings share at their start (``Position : Clinton``...)."""
    return commonprefix(headings).rstrip(" :-–—_([").strip()
