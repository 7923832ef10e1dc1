"""Read the responses export and check it against the questionnaire.

Input: a questionnaire and the path of its export. Output: a ``Survey`` whose ``answers``
frame has one row per respondent kept and one column per canonical key (``Q1``,
``Q6:code``), and whose ``quarantine`` lists the rows kept out and why.

The stages: read the export (``export``: CSV or XLSX, in its tool's layout) → find each
question's columns and drop the personal ones (``columns``) → check every cell against the
codebook (``codebook``) → find repeated respondents (``duplicates``) → set the rows with a
problem aside (``quarantine``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import SurveyError
from ..paths import display_path
from .codebook import Codec, question_answers, question_codecs
from .columns import ColumnPlan, plan_columns
from .designcolumns import DesignColumn, design_frame, read_column
from .duplicates import repeated_ids, repeated_rows
from .export import Export, read_export
from .quarantine import Problem, Quarantine, cell_shape
from .questionnaire import Question, Questionnaire
from .screening import Rule, Screening, finished_rows, screen
from .weightcolumn import expected as weight_expected
from .weightcolumn import read_weights
from .withheld import Withheld, withheld_values


@dataclass(frozen=True)
class Survey:
    """A validated survey: the questionnaire and the answers in canonical form.

    ``answers`` holds, per canonical key: the option or level code (single, grid), 1.0 or
    0.0 (multiple), the text (open) or the number (numeric); NaN or None when not answered.
    Quarantined rows are not in it.
    """

    questionnaire: Questionnaire
    answers: pd.DataFrame
    source: Path
    quarantine: Quarantine = Quarantine()
    """The rows kept out of ``answers``, and why."""
    completion: pd.Series | None = None
    """Whether each respondent completed the survey, as the export says (its
    ``complete_column``); None when the export does not say."""
    format: str = "csv"
    """The export's layout, as declared or recognised."""
    dropped_columns: tuple[str, ...] = ()
    """Headings of the personal-data columns that were not read."""
    unknown_columns: tuple[str, ...] = ()
    """Headings of the export columns the questionnaire does not know (ignored)."""
    tool_columns: tuple[str, ...] = ()
    """Headings of the survey tool's own columns (ids, timestamps, durations, progress,
    bookkeeping), ignored."""
    notes: tuple[str, ...] = ()
    """How the export was read (encoding, separator), for the console."""
    weights: pd.Series | None = None
    """Each respondent's weight, from the export's ``weight_column``; None without one."""
    screening: Screening | None = None
    """Which rows count (report.yaml's ``respondents``), and those left out."""
    design: pd.DataFrame | None = None
    """Each respondent's stratum, clusters, finite population corrections and replicate
    weights, as report.yaml's ``design:`` declares them (``designcolumns.design_frame``);
    None without any."""
    withheld: Withheld = Withheld()
    """The values of the columns never published (personal data, ids, timestamps), which
    the final gate looks for in every output."""
    hints: tuple[str, ...] = ()
    """What the questionnaire likely gets wrong about the export, each at its place there
    (a code ``1.0`` where the export writes ``1``): warned before the cells it explains."""

    def answered(self, question: Question) -> pd.Series:
        """Whether each respondent answered the question (at least one cell filled)."""
        keys = list(question.source_columns())
        return self.answers[keys].notna().any(axis=1)

    @property
    def complete(self) -> pd.Series:
        """Respondents who completed the survey: as the export says, else those who answered
        every question."""
        if self.completion is not None:
            return self.completion
        answered = [self.answered(question) for question in self.questionnaire.questions]
        return pd.concat(answered, axis=1).all(axis=1)

    @property
    def respondents(self) -> int:
        return len(self.answers)

    def warnings(self) -> list[str]:
        """What the console should warn about: every quarantined cell, unknown columns."""
        shown = display_path(self.source)
        warnings = [*self.questionnaire.order_warnings(), *self.hints,
                    *self.quarantine.messages(shown)]
        if self.unknown_columns:
            warnings.append(f"{shown}: {len(self.unknown_columns)} column(s) the questionnaire "
                            f"does not know, ignored: {', '.join(self.unknown_columns)}")
        return warnings


def _ids(export: Export, plan: ColumnPlan) -> np.ndarray:
    """Each respondent row's id: the id column's, else ``row <n>``."""
    if plan.id_column is None:
        return np.array([f"row {row}" for row in export.rows], dtype=object)
    column = export.columns[plan.id_column]
    values = np.empty(len(column.values), dtype=object)
    values[:] = column.values
    return values[column.codes]


def _id_problems(ids: np.ndarray, export: Export, plan: ColumnPlan, id_heading: str
                 ) -> list[tuple[int, str, str]]:
    """(position, column, expected) of the rows whose id is empty or repeated."""
    if plan.id_column is None:
        return []
    column = export.columns[plan.id_column]
    spaces = np.fromiter(map(str.isspace, column.values), dtype=bool, count=len(column.values))
    blank = [*np.flatnonzero(spaces).tolist(),
             *([column.values.index("")] if "" in column.values else [])]
    problems = [(int(position), id_heading, "a respondent id")
                for position in np.flatnonzero(np.isin(column.codes, blank))] if blank else []
    problems += [(position, id_heading, f"a new respondent id (row {export.rows[first]} has it)")
                 for position, first in repeated_ids(column)]
    return problems


def _repeated_keys(questionnaire: Questionnaire, export: Export, ids: np.ndarray,
                   shown: str) -> list[tuple[int, str, str]]:
    """(position, column, expected) of each row repeating the declared key of an earlier row;
    rows whose key cells are all empty are not compared."""
    key = questionnaire.responses.duplicate_key
    if not key:
        return []
    missing = [heading for heading in key if heading not in export.headings]
    if missing:
        raise SurveyError(f"{shown}: no column {', '.join(repr(name) for name in missing)} "
                          "(responses.duplicate_key)")
    columns = [export.columns[export.headings.index(heading)] for heading in key]
    filled = np.zeros(len(export), dtype=bool)
    for column in columns:
        filled |= column.filled()
    return [(position, key[0],
             f"a new respondent ({', '.join(key)} as on row {export.rows[first]})")
            for position, first in repeated_rows(columns, filled)]


def _rejected(codec: Codec, question: Question, export: Export, plan: ColumnPlan,
              ids: np.ndarray) -> list[Problem]:
    column = plan.questions[question.id][codec.key]
    return [Problem(row=int(export.rows[position]), column=export.headings[column],
                    value=export.columns[column].cell(position), expected=codec.expected,
                    respondent=str(ids[position]))
            for position in codec.rejected_cells()]


def _answers(values: dict[str, np.ndarray], ids: np.ndarray) -> pd.DataFrame:
    index = pd.Index(ids, name="respondent", dtype=object, copy=False)
    columns = {key: pd.Series(array, index=index, dtype=array.dtype, copy=False)
               for key, array in values.items()}
    return pd.DataFrame(columns, index=index, copy=False)


def _notes(export: Export) -> tuple[str, ...]:
    read_as = [export.layout.name]
    if export.encoding:
        read_as.append(export.encoding)
    if export.delimiter:
        read_as.append(f"separated by {export.delimiter!r}")
    return (f"read as {', '.join(read_as)}", *export.notes)


def _codecs(questionnaire: Questionnaire, export: Export, plan: ColumnPlan
            ) -> dict[str, list[Codec]]:
    """Per question id, how its columns become answers."""
    decimal = questionnaire.responses.decimal or ("," if export.delimiter == ";" else ".")
    return {question.id: question_codecs(
                question, questionnaire, export.layout,
                {key: export.columns[position]
                 for key, position in plan.questions[question.id].items()}, decimal)
            for question in questionnaire.questions}


def _problems(questionnaire: Questionnaire, export: Export, plan: ColumnPlan,
              codecs: dict[str, list[Codec]], ids: np.ndarray, shown: str) -> list[Problem]:
    """Every problem of the export's rows, by row, then in the export's column order."""
    problems = [Problem(row=row, column="", value=f"{cells} cells",
                        expected=f"{len(export.headings)} cells, as the heading row has")
                for row, cells in export.ragged]
    if export.unreadable:
        row_ids = dict(zip(export.rows.tolist(), ids, strict=True))
        problems += [Problem(row=row, column=export.headings[index] if index < len(
                                export.headings) else f"(column {index + 1})",
                             value=value, expected=expected,
                             respondent=str(row_ids.get(row, "")))
                     for row, index, value, expected in export.unreadable
                     if row in row_ids]
    for question in questionnaire.questions:
        for codec in codecs[question.id]:
            problems += _rejected(codec, question, export, plan, ids)
    if plan.weight_column is not None:
        decimal = questionnaire.responses.decimal or ("," if export.delimiter == ";" else ".")
        column = export.columns[plan.weight_column]
        _, rejected = read_weights(column, decimal)
        problems += [Problem(row=int(export.rows[position]),
                             column=export.headings[plan.weight_column],
                             value=column.cell(position), expected=weight_expected(decimal),
                             respondent=str(ids[position]))
                     for position in np.flatnonzero(rejected)]
    for role, position in plan.design:
        decimal = questionnaire.responses.decimal or ("," if export.delimiter == ";" else ".")
        column = export.columns[position]
        _, rejected, expected = read_column(role.split(":")[0], column, decimal)
        problems += [Problem(row=int(export.rows[row]), column=export.headings[position],
                             value=column.cell(row), expected=expected,
                             respondent=str(ids[row]))
                     for row in np.flatnonzero(rejected)]
    id_heading = export.headings[plan.id_column] if plan.id_column is not None else ""
    repeats = _id_problems(ids, export, plan, id_heading)
    repeats += _repeated_keys(questionnaire, export, ids, shown)
    problems += [Problem(row=int(export.rows[position]), column=column,
                         value=str(ids[position]), expected=expected,
                         respondent=str(ids[position]))
                 for position, column, expected in repeats]
    order = {heading: index for index, heading in enumerate(export.headings)}
    return sorted(problems, key=lambda problem: (problem.row, order.get(problem.column, -1)))


def _label_hints(questionnaire: Questionnaire, problems: list[Problem]) -> tuple[str, ...]:
    """One note per question whose rejected cells are all its options' (or scale's) labels:
    the export writes labels where codes were expected, which ``answer_codes`` maps."""
    rejected: dict[str, list[str]] = {}
    for problem in problems:
        rejected.setdefault(problem.column, []).append(problem.value)
    hints = []
    for question in questionnaire.questions:
        if question.type not in ("single", "grid") or question.answer_codes:
            continue
        choices = question.options if question.type == "single" else \
            questionnaire.scale_of(question).levels
        labels = {choice.label for choice in choices}
        values = [value for column in question.source_columns().values()
                  for value in rejected.get(column, [])]
        if values and set(values) <= labels:
            shown = ", ".join(repr(value) for value in list(dict.fromkeys(values))[:3])
            hints.append(f"question '{question.id}': the export writes its answers as labels "
                         f"({shown}...: {len(values)} cell(s) quarantined): map them to codes "
                         "with answer_codes (docs/formats.md), as barorapport init writes it")
    return tuple(hints)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _code_hints(questionnaire: Questionnaire, problems: list[Problem]) -> tuple[str, ...]:
    """One hint per option or scale level whose code the export writes as another number
    (``1.0`` in the questionnaire, ``1`` in the export; ``01`` and ``1``): at the code's
    place in questionnaire.yaml, since every cell it explains is quarantined."""
    rejected: dict[str, list[str]] = {}
    for problem in problems:
        rejected.setdefault(problem.column, []).append(problem.value.strip())
    found: dict[str, tuple[str, str, int, set[str]]] = {}
    for index, question in enumerate(questionnaire.questions):
        if question.type not in ("single", "grid") or question.answer_codes:
            continue
        if question.type == "single":
            choices = [(choice, ("questions", index, "options", position, "code"))
                       for position, choice in enumerate(question.options)]
        else:
            scale = questionnaire.scale_of(question)
            choices = [(level, ("scales", questionnaire.scales.index(scale), "levels",
                                position, "code")) for position, level in enumerate(scale.levels)]
        values = [value for column in question.source_columns().values()
                  for value in rejected.get(column, [])]
        for choice, loc in choices:
            number = _number(choice.code)
            written = [value for value in values
                       if number is not None and value != choice.code and _number(value) == number]
            if written:
                place = questionnaire.where(*loc)
                _, _, count, questions = found.get(place, (choice.code, written[0], 0, set()))
                found[place] = (choice.code, written[0], count + len(written),
                                questions | {question.id})
    # The export's value is the code's number: quoted when short (never a phone number).
    return tuple(
        f"{place}: code {code!r} is written "
        f"{repr(written) if len(written) <= 6 else cell_shape(written)} in the export: "
        f"{count} cell(s) of {', '.join(sorted(questions))} quarantined; write the code as "
        "the export does" + (f" (code: {written!r})" if len(written) <= 6 else "")
        for place, (code, written, count, questions) in found.items())


def _screening(export: Export, plan: ColumnPlan, ids: np.ndarray, rule: Rule | None
               ) -> Screening:
    def column(position: int | None):
        if position is None:
            return None, ""
        return export.columns[position], export.headings[position]

    status, status_heading = column(plan.status_column)
    completion, completion_heading = column(plan.complete_column)
    return screen(export.layout, rule, export.headings, export.rows, ids, status,
                  status_heading, completion, completion_heading)


def questionnaire_words(questionnaire: Questionnaire) -> list[str]:
    """What the questionnaire itself says: never taken for a respondent's data."""
    texts = [questionnaire.survey.title]
    for question in questionnaire.questions:
        texts += [question.text, question.shown_heading]
        texts += [choice.label for choice in (*question.options, *question.items)]
    texts += [level.label for scale in questionnaire.scales for level in scale.levels]
    return texts


def _withheld(questionnaire: Questionnaire, export: Export, plan: ColumnPlan) -> Withheld:
    """The values of the withheld columns, but for the questionnaire's and the headings'
    own words."""
    return withheld_values({export.headings[position] or f"(column {position + 1})": (
                                export.columns[position], position in plan.names)
                            for position in plan.withheld},
                           [*questionnaire_words(questionnaire), *export.headings])


def _check_export_path(questionnaire: Questionnaire, path: Path, shown: str) -> None:
    """A ``responses.file`` that names a folder, or a path the system cannot open (a name
    too long), is an error at that key (a missing file is said by the reader)."""
    try:
        if not path.is_dir():
            return
        problem = "a folder, not an export file"
    except OSError as error:
        problem = f"cannot be opened ({error.strerror or error})"
    raise SurveyError(f"{questionnaire.where('responses', 'file')}: responses.file: "
                      f"{shown[:120] + '…' if len(shown) > 120 else shown}: {problem}")


def load_survey(questionnaire: Questionnaire, path: Path, respondents: Rule | None = None,
                design: tuple[DesignColumn, ...] = ()) -> Survey:
    """Read the export at ``path``; bad rows go to the quarantine, not into the answers, and
    rows that are not real, completed responses (``respondents``, report.yaml's rule; None:
    the tool's default) are left out and listed with them. ``design``: the columns of the
    sampling design (report.yaml's ``design:``).

    Raises a ``SurveyError`` for what makes the whole export unusable: a missing file,
    bytes in no accepted encoding, a questionnaire column missing from the export.
    """
    shown = display_path(path)
    _check_export_path(questionnaire, path, shown)
    export = read_export(questionnaire.responses, path, shown)
    plan = plan_columns(questionnaire, export, shown, design)
    ids = _ids(export, plan)
    codecs = _codecs(questionnaire, export, plan)
    problems = _problems(questionnaire, export, plan, codecs, ids, shown)
    screening = _screening(export, plan, ids, respondents)
    left_out = np.zeros(len(export), dtype=bool)
    left_out[list(screening.positions)] = True
    if screening.positions:
        # A preview's or an unfinished response's bad cells are not problems to count.
        left_rows = set(export.rows[left_out].tolist())
        problems = [problem for problem in problems if problem.row not in left_rows]

    # The answers of the rows without a problem, that the rule keeps.
    quarantined = left_out | np.isin(export.rows, np.fromiter(
        {problem.row for problem in problems}, dtype=np.int64))
    keep = np.flatnonzero(~quarantined) if quarantined.any() else None
    values: dict[str, np.ndarray] = {}
    # NumPy looks the answers up with the interpreter released: a question per core.
    with ThreadPoolExecutor(os.cpu_count() or 1) as workers:
        for answers in workers.map(lambda question: question_answers(
                question, export.layout, codecs[question.id], keep), questionnaire.questions):
            values.update(answers)
    answers = _answers(values, ids if keep is None else ids[keep])
    if len(answers) and not any(answers[key].notna().any() for key in answers.columns):
        raise SurveyError(
            f"{shown}: its {len(answers)} respondent row(s) hold no answer to any question of "
            "the questionnaire, only their ids and the tool's columns: export the responses "
            "again with their answers (or check that the questionnaire maps its questions to "
            "the columns that hold them)")
    completion = None
    if plan.complete_column is not None:
        filled = finished_rows(export.layout, export.columns[plan.complete_column])
        completion = pd.Series(filled if keep is None else filled[keep], index=answers.index,
                               name="complete")
    weights = None
    if plan.weight_column is not None:
        decimal = questionnaire.responses.decimal or ("," if export.delimiter == ";" else ".")
        values, _ = read_weights(export.columns[plan.weight_column], decimal)
        weights = pd.Series(values if keep is None else values[keep], index=answers.index,
                            name="weight")
    decimal = questionnaire.responses.decimal or ("," if export.delimiter == ";" else ".")
    design_values = {}
    for role, position in plan.design:
        values, _, _ = read_column(role.split(":")[0], export.columns[position], decimal)
        design_values[role] = values if keep is None else values[keep]
    return Survey(
        questionnaire=questionnaire, answers=answers, source=path, weights=weights,
        design=design_frame(design_values, answers.index),
        quarantine=Quarantine(problems=tuple(problems),
                              rows_read=len(export) + len(export.ragged),
                              left_out=screening.left_out),
        screening=screening,
        completion=completion, format=export.layout.name,
        withheld=_withheld(questionnaire, export, plan),
        dropped_columns=tuple(export.headings[position] for position in plan.personal),
        unknown_columns=tuple(export.headings[position] or f"(column {position + 1})"
                              for position in plan.unknown),
        tool_columns=tuple(export.headings[position] for position in sorted(
            {*plan.timestamps, *plan.bookkeeping} - {plan.complete_column})),
        notes=_notes(export) + _label_hints(questionnaire, problems),
        hints=_code_hints(questionnaire, problems))
