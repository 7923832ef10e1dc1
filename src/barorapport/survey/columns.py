"""Which export column holds what: each question's answers, the id, the completion, the
personal data to drop, the survey tool's bookkeeping, and the columns nobody asked for.

Input: the questionnaire and the export's headings. Output: a ``ColumnPlan``; a
``SurveyError`` listing every mapping that points at no column, and every question that
reads a column of personal data or of the tool's bookkeeping (``classify``), each with
where it was set.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..errors import SurveyError
from .classify import ColumnRole, classify, looks_personal, tools_of
from .designcolumns import DesignColumn, expand
from .export import Export
from .formats import fold
from .questionnaire import Question, Questionnaire

LABELLED = ("surveymonkey", "googleforms")
"""Layouts whose headings are the questions' texts (``heading``)."""


@dataclass(frozen=True)
class ColumnPlan:
    questions: dict[str, dict[str, int]]
    """Question id to its canonical keys and the export column (position) of each."""
    id_column: int | None
    complete_column: int | None
    timestamps: tuple[int, ...]
    """Columns holding when the response was given."""
    personal: tuple[int, ...]
    """Columns of personal data: never read."""
    unknown: tuple[int, ...]
    """Columns neither the questionnaire nor the layout knows: ignored, with a warning."""
    weight_column: int | None = None
    """The column of the respondents' weights (``responses.weight_column`` or report.yaml's
    ``design.weights``)."""
    design: tuple[tuple[str, int], ...] = ()
    """(role, column) of each column of the sampling design: strata, clusters, fpc,
    replicate weights (``designcolumns``)."""
    status_column: int | None = None
    """The column saying whether a row is a real response (Qualtrics' ``Status``)."""
    bookkeeping: tuple[int, ...] = ()
    """The survey tool's other columns (ids, durations, progress, collector...): ignored."""
    withheld: tuple[int, ...] = ()
    """The columns about a respondent that no output may show a value of: personal data,
    ids and timestamps (the final gate looks for their values)."""
    names: tuple[int, ...] = ()
    """The columns of respondents' names (each word of a value is looked for)."""


def _used(questions: dict[str, dict[str, int]], *others: int | None) -> set[int]:
    """The columns read: the questions', the id and the completion column."""
    used = {column for keys in questions.values() for column in keys.values()}
    return used | {column for column in others if column is not None}


class _Planner:
    """Collects the columns and every problem, to report them all at once."""

    def __init__(self, questionnaire: Questionnaire, export: Export, shown: str) -> None:
        self.questionnaire, self.export, self.shown = questionnaire, export, shown
        self.positions: dict[str, list[int]] = defaultdict(list)
        for position, heading in enumerate(export.headings):
            self.positions[fold(heading)].append(position)
        self.missing: list[str] = []
        self.problems: list[str] = []
        self.tools = tools_of(export.headings)
        self.ids: list[int] = []
        self.refused: set[int] = set()
        """Columns a question reads that hold no answers (already a problem)."""
        self.names: list[int] = []

    def role(self, position: int) -> ColumnRole:
        heading = self.export.headings[position]
        carried = self.export.carried
        return classify(heading, self.export.columns[position], self.tools,
                        carried.role(heading) if carried is not None else None,
                        self.export.layout)

    def not_questions(self, question: Question, columns: dict[str, int]) -> None:
        """A problem for each column of ``question`` that holds no answers (personal data,
        the tool's bookkeeping), unless the question says ``not_personal``."""
        if question.not_personal:
            return
        for position in sorted(set(columns.values())):
            role = self.role(position)
            if not role.is_question:
                self.refused.add(position)
                where = self.questionnaire.locate_question(
                    question, *(("columns",) if question.columns is not None else ()))
                self.problems.append(
                    f"{where}: question '{question.id}' reads column "
                    f"'{self.export.headings[position]}', which holds {role.described()}: "
                    "such a column is never published; remove the question, or set "
                    "'not_personal: true' on it if the column only looks so")

    def find(self, name: str) -> int | None:
        positions = self.positions.get(fold(name))
        return positions[0] if positions else None

    def absent(self, where: str | None, name: str) -> None:
        if where is None:
            self.missing.append(name)
        else:
            self.problems.append(f"{where}: column '{name}' is not in {self.shown}")

    def question_columns(self, question: Question) -> dict[str, int]:
        layout = self.export.layout
        explicit: dict[str, tuple[str, tuple]] = {}
        if isinstance(question.columns, str):
            explicit = {key: (question.columns, ("columns",))
                        for key in layout.default_columns(question)}
        elif isinstance(question.columns, dict):
            explicit = {f"{question.id}:{code}": (name, ("columns", code))
                        for code, name in question.columns.items()}
        if isinstance(question.columns, str) and question.type == "multiple" \
                and not layout.joins(question):
            self.problems.append(
                f"{self.questionnaire.locate_question(question, 'columns')}: one column for "
                f"the options of a multiple-choice question, which a {layout.name} export "
                "does not join in one cell: map each option code to a column")
            return {}
        by_heading = question.heading is not None and layout.name in LABELLED
        columns = {}
        for key, candidates in layout.default_columns(question).items():
            if key in explicit:
                name, loc = explicit[key]
                position = self.find(name)
                where = self.questionnaire.locate_question(question, *loc)
            else:
                name = candidates[0]
                position = next((self.find(candidate) for candidate in candidates
                                 if self.find(candidate) is not None), None)
                where = self.questionnaire.locate_question(question, "heading") \
                    if by_heading else None
            if position is None:
                self.absent(where, name)
            else:
                columns[key] = position
        return columns

    def id_column(self) -> int | None:
        declared = self.questionnaire.responses.id_column
        candidates = (declared,) if declared else self.export.layout.id_columns
        if not candidates:
            return None
        found = next((self.find(name) for name in candidates if self.find(name) is not None),
                     None)
        if found is None:
            self.missing.append(candidates[0])
        return found

    def complete_column(self) -> int | None:
        declared = self.questionnaire.responses.complete_column
        name = declared or self.export.layout.complete_column
        found = self.find(name) if name else None
        if found is None and declared:
            self.absent(self.questionnaire.where("responses", "complete_column"), declared)
        return found

    def weight_column(self, design_weights: DesignColumn | None) -> int | None:
        if design_weights is not None:
            found = self.find(design_weights.heading)
            if found is None:
                self.problems.append(f"{design_weights.place}: column "
                                     f"'{design_weights.heading}' is not in {self.shown}")
            return found
        declared = self.questionnaire.responses.weight_column
        found = self.find(declared) if declared else None
        if found is None and declared:
            self.absent(self.questionnaire.where("responses", "weight_column"), declared)
        return found

    def design_columns(self, declared: tuple[DesignColumn, ...],
                       questions: dict[str, dict[str, int]]) -> tuple[tuple[str, int], ...]:
        """The design's columns. A stratum or a cluster may also be a question (the region
        a survey is stratified by is worth publishing); a correction or a replicate weight
        may not."""
        found, problems = expand(declared, self.export.headings)
        self.problems += [problem.replace("the export", self.shown) for problem in problems]
        answers = {column: question for question, keys in questions.items()
                   for column in keys.values()}
        result = []
        for column, heading in found:
            position = self.find(heading)
            if position in answers and column.role not in ("strata", "cluster1", "cluster2"):
                self.problems.append(f"{column.place}: column '{heading}' holds the answers "
                                     f"of question '{answers[position]}'; a design column "
                                     "is not a question")
                continue
            result.append((column.role if column.role != "replicate"
                           else f"replicate:{heading}", position))
        return tuple(result)

    def repeated(self, used: set[int]) -> None:
        for heading in sorted({fold(self.export.headings[position]) for position in used}):
            positions = self.positions[heading]
            if len(positions) > 1:
                shown = ", ".join(str(position + 1) for position in positions)
                self.problems.append(f"{self.shown}: column '{heading}' appears "
                                     f"{len(positions)} times (columns {shown})")

    def others(self, used: set[int]) -> tuple[list[int], list[int], list[int], list[int]]:
        """Timestamps, personal, the tool's other and unknown columns among those not
        used."""
        responses = self.questionnaire.responses
        declared = {fold(name): index for index, name in enumerate(responses.personal_columns)}
        ignored = {fold(name) for name in responses.ignored_columns}
        timestamps, personal, bookkeeping, unknown = [], [], [], []
        for position, heading in enumerate(self.export.headings):
            folded = fold(heading)
            if position in used:
                if folded in declared and position not in self.refused:
                    where = self.questionnaire.where("responses", "personal_columns",
                                                     declared[folded])
                    self.problems.append(f"{where}: '{heading}' holds answers or the id; it "
                                         "cannot be dropped")
                continue
            role = self.role(position)
            if folded in declared or role.role == "personal" or looks_personal(heading):
                personal.append(position)
                if role.kind == "names":
                    self.names.append(position)
            elif role.role == "timestamp":
                timestamps.append(position)
            elif not role.is_question or folded in ignored:
                bookkeeping.append(position)
                if role.role == "id":
                    self.ids.append(position)
            elif folded or self.export.columns[position].filled().any():
                unknown.append(position)
        return timestamps, personal, bookkeeping, unknown


def plan_columns(questionnaire: Questionnaire, export: Export, shown: str,
                 design: tuple[DesignColumn, ...] = ()) -> ColumnPlan:
    """Where each answer is in ``export``; every problem at once as a ``SurveyError``.
    ``design``: the sampling design's columns (their ``weights`` role replaces the
    questionnaire's ``weight_column``)."""
    planner = _Planner(questionnaire, export, shown)
    id_column = planner.id_column()
    questions = {question.id: planner.question_columns(question)
                 for question in questionnaire.questions}
    for question in questionnaire.questions:
        planner.not_questions(question, questions[question.id])
    complete_column = planner.complete_column()
    weight_column = planner.weight_column(
        next((column for column in design if column.role == "weights"), None))
    design_columns = planner.design_columns(
        tuple(column for column in design if column.role != "weights"), questions)
    status = export.layout.status_column
    status_column = planner.find(status) if status else None
    used = _used(questions, id_column, complete_column, weight_column,
                 *(position for _, position in design_columns))
    planner.repeated(used)
    timestamps, personal, bookkeeping, unknown = planner.others(used)
    if complete_column is not None:
        timestamps.append(complete_column)
    problems = planner.problems
    if planner.missing:
        merged = (f"; cells {', '.join(export.merged)} of the heading row(s) are merged, "
                  "each column of a merge headed by its text: unmerge them and give each "
                  "column its own heading" if export.merged else "")
        problems.insert(0, f"{shown}: missing column(s) {', '.join(planner.missing)} (the "
                           f"questionnaire maps questions to them){merged}")
    if problems:
        raise SurveyError("\n".join(problems))
    return ColumnPlan(questions=questions, id_column=id_column, complete_column=complete_column,
                      timestamps=tuple(timestamps), personal=tuple(personal),
                      unknown=tuple(unknown), weight_column=weight_column,
                      status_column=status_column, design=design_columns,
                      bookkeeping=tuple(bookkeeping), names=tuple(planner.names),
                      withheld=tuple(sorted({*personal, *timestamps, *planner.ids, *(
                          () if id_column is None else (id_column,))})))
