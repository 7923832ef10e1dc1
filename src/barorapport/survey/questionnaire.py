"""The questionnaire: questions, options, scales and the export columns they come from.

Input: ``data/<edition>/questionnaire.yaml``. Output: a validated, frozen ``Questionnaire``.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, field_validator

from ..config.base import StrictModel, load_yaml, validate, where
from ..errors import ConfigError


def _as_code(value: Any) -> Any:
    """YAML reads ``1`` as a number: codes are always strings."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Code = Annotated[str, BeforeValidator(_as_code), Field(min_length=1)]
QuestionType = Literal["single", "multiple", "grid", "open", "numeric"]
ExportFormat = Literal["csv", "xlsx", "limesurvey", "surveymonkey", "googleforms", "qualtrics",
                       "spss", "stata", "kobo"]
JOINING = (None, "googleforms", "qualtrics", "kobo")
"""Formats whose multiple-choice questions may hold their ticked options in one cell (a
string ``columns``); None: the format is recognised when the export is read."""
TICKED, NOT_TICKED = "1", "0"
"""The codes ``answer_codes`` maps a multiple-choice question's export values to."""


class Option(StrictModel):
    code: Code
    """The value the export holds for this option (single choice) or the column suffix."""
    label: str
    """The option as printed in the publication."""


class Group(StrictModel):
    id: Code
    """Name of the grouping, used by templates (for example ``agree``)."""
    label: str
    """As printed (chart legends, tables)."""
    levels: list[Code] = Field(min_length=1)
    """Codes of the scale levels this grouping adds up."""


class Scale(StrictModel):
    id: Code
    """Name of the scale, which grid questions give as their ``scale``."""
    levels: list[Option] = Field(min_length=2)
    """Ordered from the first to the last level of the scale."""
    groups: list[Group] = []
    """Published groupings of levels (agree = the two agreeing levels)."""
    review_order: bool = False
    """``true`` when the levels are in the order they first appeared in the export (as
    ``init`` writes a scale it does not recognise): check and build warn until an editor
    puts them in their order and removes it."""


class AskedIf(StrictModel):
    question: Code
    """Id of an earlier single- or multiple-choice question."""
    answers: list[Code] = Field(min_length=1)
    """Its option codes whose respondents were asked (ticked, for a multiple choice)."""


class Question(StrictModel):
    id: Code
    """Stable identifier: templates, themes and testimonies refer to it."""
    type: QuestionType
    """``single`` or ``multiple`` choice, ``grid`` (items answered on a scale), ``open``
    (free text) or ``numeric``."""
    text: str
    """The wording of the question."""
    options: list[Option] = []
    """Choices of a single- or multiple-choice question."""
    items: list[Option] = []
    """Rows of a grid question."""
    scale: Code | None = None
    """Id of the scale the items of a grid question are answered on."""
    columns: str | dict[Code, str] | None = None
    """Export column(s): a name for single, open and numeric questions; a mapping from option
    (multiple) or item (grid) codes to column names. Default: ``<id>`` or ``<id>_<code>``
    (native CSV and XLSX), as the format names them otherwise (docs/formats.md)."""
    heading: str | None = None
    """The question's heading in exports headed by question texts (SurveyMonkey, Google
    Forms). Default: ``text``."""
    answer_codes: dict[Code, Code] | None = None
    """Export value to code, where the export holds other values than the codes: option
    codes (single), scale level codes (grid), ``1`` ticked or ``0`` not ticked (multiple;
    option codes in Google Forms, where one cell joins the ticked options). When given, only
    its values (and empty cells) are accepted."""
    minimum: float | None = None
    """The smallest possible answer of a numeric question; a smaller one is quarantined."""
    maximum: float | None = None
    """The largest possible answer of a numeric question; a larger one is quarantined."""
    reconstructed: bool = False
    """True when the options are not known from the publication and were chosen."""
    asked_if: AskedIf | None = None
    """Whom the question was asked of: the respondents who gave one of these answers to an
    earlier question. Its base is theirs; others' answers are left out, with a warning."""
    review_order: bool = False
    """``true`` when the options are in the order they first appeared in the export (as
    ``init`` writes a single choice whose answers it cannot order): check and build warn
    until an editor puts them in their order and removes it."""
    not_personal: bool = False
    """``true`` when the question's column only looks like personal data or a survey tool's
    own column (by its heading, such as ``Nom de la structure``, or its content, such as
    web addresses) but holds answers to publish. Without it, a question that reads such a
    column is an error of ``check`` and ``build``."""

    def parts(self) -> list[str]:
        """The codes that make one column each: options (multiple), items (grid), or none."""
        if self.type == "multiple":
            return [option.code for option in self.options]
        if self.type == "grid":
            return [item.code for item in self.items]
        return []

    def source_columns(self) -> dict[str, str]:
        """Canonical key (``Q1`` or ``Q6:code``) to the export column that holds it."""
        if not self.parts():
            return {self.id: self.columns if isinstance(self.columns, str) else self.id}
        mapping = self.columns if isinstance(self.columns, dict) else {}
        return {f"{self.id}:{code}": mapping.get(code, f"{self.id}_{code}")
                for code in self.parts()}

    @property
    def shown_heading(self) -> str:
        """The heading of the question in exports headed by question texts."""
        return self.heading if self.heading is not None else self.text

    def label_of(self, code: str) -> str:
        for choice in (*self.options, *self.items):
            if choice.code == code:
                return choice.label
        raise KeyError(code)


class Fieldwork(StrictModel):
    start: dt.date
    """First day of the fieldwork."""
    end: dt.date
    """Last day of the fieldwork."""


class SurveyInfo(StrictModel):
    title: str
    """The survey's name, as printed."""
    fieldwork: Fieldwork | None = None
    """The dates the survey was open."""
    mode: str | None = None
    """How respondents answered (for the method note)."""
    sample: Literal["probability", "volunteer"] | None = None
    """How respondents were recruited: a ``probability`` sample (drawn at random from a
    frame) or a ``volunteer`` one (anyone could answer); the methods note reads intervals
    and tests accordingly."""


class ReadLimits(StrictModel):
    """How much an XLSX export may hold before it is refused as a bomb rather than read."""

    inflated_mb: int = Field(512, gt=0)
    """The most the workbook's parts may take once unzipped, in MiB (a 600 kB file can hold
    a 600 MB XML comment: reading it would take minutes)."""
    cells: int = Field(50_000_000, gt=0)
    """The most cells the sheet read may hold."""


class ResponsesSource(StrictModel):
    file: str = "responses.csv"
    """The export, relative to the questionnaire's folder."""
    format: ExportFormat | None = None
    """The export's layout: ``csv`` or ``xlsx`` (native, docs/formats.md), ``limesurvey``,
    ``surveymonkey``, ``googleforms``, ``qualtrics`` or ``kobo`` (KoboToolbox or ODK
    Central; as those tools export, in CSV or XLSX), ``spss`` (``.sav``, ``.zsav``,
    ``.por``) or ``stata`` (``.dta``). Default: recognised from the file's content and
    headings, native when no tool's layout is recognised."""
    id_column: str | None = None
    """The column holding a unique respondent id (never published). Default: ``id``
    (native, LimeSurvey), ``Respondent ID`` (SurveyMonkey), ``ResponseId`` (Qualtrics),
    ``_uuid`` or ``KEY`` (KoboToolbox, ODK); Google Forms has none, and respondents are
    named by their row (``row 2``)."""
    encoding: str | None = None
    """Encoding of a CSV export. Default: UTF-8 (with or without BOM), else Windows-1252."""
    sheet: str | None = None
    """The sheet of an XLSX export that holds the answers. Default: the first, which must
    then be the only sheet holding anything."""
    delimiter: Literal[",", ";", "\t", "|"] | None = None
    """Separator of a CSV export. Default: the one its heading row uses most."""
    decimal: Literal[".", ","] | None = None
    """Decimal mark of numbers. Default: ``,`` in a ``;``-separated export, else ``.``."""
    quarantine_threshold: float = Field(0.05, ge=0, le=1)
    """The build fails when more than this share of the rows is quarantined."""
    personal_columns: list[str] = []
    """Columns holding personal data (IP address, e-mail, name, token...), dropped at ingest,
    besides those recognised by their heading."""
    ignored_columns: list[str] = []
    """Columns that hold no answer to publish and are not personal data (a form's
    calculations, the copy of a multiple choice's answers joined in one column beside its
    split columns...): ignored without a warning. ``init`` writes those the survey's
    definition declares."""
    duplicate_key: list[str] = []
    """Columns that together identify a respondent besides the id (a token, a hashed e-mail):
    a row with the same values in all of them as an earlier row is that respondent counted
    twice, and is quarantined. Identical answers are never taken for one respondent."""
    weight_column: str | None = None
    """A column holding each respondent's weight (a positive number), computed outside
    barorapport; every figure is then weighted (docs/statistics.md)."""
    complete_column: str | None = None
    """A column that is filled for complete respondents only (LimeSurvey's ``submitdate``,
    the default for that format). Without one, complete = answered every question."""
    limits: ReadLimits = ReadLimits()
    """The most an XLSX export may inflate to and the cells it may hold (``inflated_mb``,
    ``cells``): a workbook over them is an error naming the limit, not minutes of reading."""

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, name: str | None) -> str | None:
        if name is None:
            return None
        try:
            return codecs.lookup(name).name
        except LookupError:
            raise ValueError(f"unknown encoding '{name}'") from None


class Questionnaire(StrictModel):
    survey: SurveyInfo
    """About the survey: title, fieldwork, mode."""
    responses: ResponsesSource = ResponsesSource()
    """Where the export is and which column holds the respondent id."""
    scales: list[Scale] = []
    """The answer scales grid questions use."""
    questions: list[Question] = Field(min_length=1)
    """The questions, in the questionnaire's order."""
    _path: Path | None = PrivateAttr(default=None)
    _data: Any = PrivateAttr(default=None)

    def where(self, *loc: Any) -> str:
        """``questionnaire.yaml:line:column`` of the value at ``loc`` (a path of keys)."""
        if self._path is None:
            return "questionnaire"
        return where(self._path, self._data, loc)

    def locate_question(self, question: Question, *loc: Any) -> str:
        """``where`` for a key of ``question`` (``columns``, ``answer_codes``...)."""
        return self.where("questions", self.questions.index(question), *loc)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def scale_of(self, question: Question) -> Scale:
        return next(scale for scale in self.scales if scale.id == question.scale)

    def order_warnings(self) -> list[str]:
        """One warning per question or scale whose order is the export's first appearance
        (``review_order``), naming it and its answers in that order."""
        warnings = []
        for kind, models, choices in (("question", self.questions, "options"),
                                      ("scale", self.scales, "levels")):
            for index, model in enumerate(models):
                if model.review_order:
                    labels = [choice.label for choice in getattr(model, choices)]
                    shown = ", ".join(labels[:6]) + (", ..." if len(labels) > 6 else "")
                    warnings.append(
                        f"{self.where(kind + 's', index, 'review_order')}: {kind} "
                        f"'{model.id}': its {len(labels)} {choices} are in the order they "
                        f"first appeared in the export ({shown}), which may not be theirs: "
                        "put them in their order, then remove 'review_order'")
        return warnings


def _duplicates(codes: list[str]) -> set[str]:
    return {code for code, count in Counter(codes).items() if count > 1}


def _coherence_problems(questionnaire: Questionnaire, data: Any, path: Path) -> list[str]:
    """Problems pydantic cannot see: references and uniqueness across the file."""
    problems = []

    def report(loc: tuple, message: str) -> None:
        problems.append(f"{where(path, data, loc)}: {message}")

    scale_ids = {scale.id for scale in questionnaire.scales}
    for index in _positions(questionnaire.scales, "id", lambda scale: scale.id):
        report(("scales", index, "id"), f"duplicate scale id '{questionnaire.scales[index].id}'")
    for s, scale in enumerate(questionnaire.scales):
        levels = [level.code for level in scale.levels]
        for code in _duplicates(levels):
            report(("scales", s, "levels"), f"level code '{code}' is not unique")
        for g, group in enumerate(scale.groups):
            for code in group.levels:
                if code not in levels:
                    report(("scales", s, "groups", g, "levels"),
                           f"'{code}' is not a level of scale '{scale.id}'")
    for index in _positions(questionnaire.questions, "id", lambda question: question.id):
        report(("questions", index, "id"),
               f"duplicate question id '{questionnaire.questions[index].id}'")
    for q, question in enumerate(questionnaire.questions):
        loc = ("questions", q)
        if question.type in ("single", "multiple") and not question.options:
            report(loc, f"a {question.type}-choice question needs 'options'")
        if question.type == "grid":
            if not question.items:
                report(loc, "a grid question needs 'items'")
            if question.scale is None:
                report(loc, "a grid question needs a 'scale'")
            elif question.scale not in scale_ids:
                report((*loc, "scale"), f"unknown scale '{question.scale}'")
        for field in ("options", "items"):
            codes = [choice.code for choice in getattr(question, field)]
            for code in _duplicates(codes):
                report((*loc, field), f"{field[:-1]} code '{code}' is not unique")
            # Two choices a reader cannot tell apart in a chart, a table or a CSV.
            labels = [" ".join(choice.label.split()).casefold()
                      for choice in getattr(question, field)]
            for index, label in enumerate(labels):
                if label and label in labels[:index]:
                    first = getattr(question, field)[labels.index(label)]
                    report((*loc, field, index, "label"),
                           f"label {getattr(question, field)[index].label!r} is also the label "
                           f"of {field[:-1]} '{first.code}': each {field[:-1]} needs a label "
                           "of its own")
        if question.type not in ("single", "multiple") and question.options:
            report((*loc, "options"), f"a {question.type} question has no 'options'")
        if isinstance(question.columns, dict):
            for code in question.columns:
                if code not in question.parts():
                    report((*loc, "columns"), f"'{code}' is not an option or item of {question.id}")
        elif isinstance(question.columns, str) and question.parts() and not (
                question.type == "multiple" and questionnaire.responses.format in JOINING):
            report((*loc, "columns"), "map each option or item code to a column")
        problems += [f"{where(path, data, (*loc, *key))}: {message}"
                     for key, message in _answer_problems(questionnaire, question)]
        problems += [f"{where(path, data, (*loc, 'asked_if', *key))}: {message}"
                     for key, message in _filter_problems(questionnaire, q)]
    responses = questionnaire.responses
    for index, column in enumerate(responses.personal_columns):
        if column in (responses.id_column, responses.complete_column):
            report(("responses", "personal_columns", index),
                   f"'{column}' is the id or completion column: it cannot be dropped")
    return problems


def _answer_problems(questionnaire: Questionnaire, question: Question) -> list[tuple[tuple, str]]:
    """Problems of ``answer_codes``, ``minimum`` and ``maximum``, with their key."""
    problems = []
    if question.answer_codes is not None:
        if question.type in ("open", "numeric"):
            problems.append((("answer_codes",),
                             f"{_a(question.type)} question has no answer codes"))
        else:
            codes = _codes_of(questionnaire, question)
            for value, code in question.answer_codes.items():
                if codes is not None and code not in codes:
                    problems.append((("answer_codes", value),
                                     f"'{value}' maps to '{code}', which is not one of "
                                     f"{', '.join(codes)}"))
    for bound in ("minimum", "maximum"):
        if getattr(question, bound) is not None and question.type != "numeric":
            problems.append(((bound,), f"{_a(question.type)} question has no {bound}"))
    if question.minimum is not None and question.maximum is not None \
            and question.minimum > question.maximum:
        problems.append((("maximum",), "the maximum is smaller than the minimum"))
    return problems


def _filter_problems(questionnaire: Questionnaire, index: int) -> list[tuple[tuple, str]]:
    """Problems of a question's ``asked_if``: it names an earlier choice question and some
    of its options."""
    condition = questionnaire.questions[index].asked_if
    if condition is None:
        return []
    earlier = {question.id: question for question in questionnaire.questions[:index]}
    asked = earlier.get(condition.question)
    if asked is None or asked.type not in ("single", "multiple"):
        choices = ", ".join(question.id for question in earlier.values()
                            if question.type in ("single", "multiple"))
        return [(("question",), f"'{condition.question}' is not an earlier single- or "
                                f"multiple-choice question (expected one of: {choices})")]
    codes = [option.code for option in asked.options]
    return [(("answers", position), f"'{code}' is not an option of {asked.id} (expected one "
                                    f"of: {', '.join(codes)})")
            for position, code in enumerate(condition.answers) if code not in codes]


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _codes_of(questionnaire: Questionnaire, question: Question) -> list[str] | None:
    """The codes an export value can map to; None when the scale is unknown."""
    # Options joined in one cell: the export's values map to option codes.
    joined = questionnaire.responses.format == "googleforms" or isinstance(question.columns, str)
    if question.type == "multiple" and not joined:
        return [TICKED, NOT_TICKED]
    if question.type in ("single", "multiple"):
        return [option.code for option in question.options]
    scale = next((scale for scale in questionnaire.scales if scale.id == question.scale), None)
    return None if scale is None else [level.code for level in scale.levels]


def _positions(models: list, name: str, key) -> list[int]:
    """Indexes of the models whose ``key`` repeats an earlier one."""
    seen, repeated = set(), []
    for index, model in enumerate(models):
        value = key(model)
        if value in seen:
            repeated.append(index)
        seen.add(value)
    return repeated


def load_questionnaire(path: Path) -> Questionnaire:
    """Read and validate a questionnaire; every problem is reported at once."""
    data = load_yaml(path)
    questionnaire = validate(Questionnaire, data, path)
    problems = _coherence_problems(questionnaire, data, path)
    if problems:
        raise ConfigError("\n".join(problems))
    questionnaire._path, questionnaire._data = path, data
    return questionnaire
