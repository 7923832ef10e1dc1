"""A LimeSurvey survey structure (``.lss``: "Display/Export > Survey structure"), read
against its responses export.

The file is XML, one element per table of LimeSurvey's database (``surveys``,
``surveys_languagesettings``, ``groups``, ``questions``, ``subquestions``, ``answers``,
``conditions``...), each holding ``<rows>`` of ``<row>`` whose children are the row's
columns. Since LimeSurvey 4 the texts are apart, one row per language (``question_l10ns``,
``answer_l10ns``, ``group_l10ns``); before, the rows of ``questions``, ``answers`` and
``groups`` carry a ``language`` and the texts themselves. Both are read, in the survey's
base language. It is parsed with defusedxml: no DTD, no entity.

A question's ``title`` is its code, the export's heading: ``G01Q01`` for a list,
``G01Q02[SQ001]`` (or ``G01Q02_SQ001``, the Expression Manager's form) for a subquestion.
Its ``type`` is a letter: ``L``, ``!``, ``O`` lists, ``5`` a 5-point choice, ``G`` gender and
``Y`` yes/no are single choices; ``M`` and ``P`` multiple choices (a column per subquestion,
``Y`` when ticked); ``F``, ``H``, ``A``, ``B``, ``C``, ``E`` arrays (a grid: a column per
subquestion, on the answers' scale); ``N`` and ``K`` numbers; ``S``, ``T``, ``U`` and ``Q``
free texts. Answers are in their ``sortorder``. A response export in answer codes (the
default) holds the codes; one in full answers holds the answers' texts, ``Yes``/``No`` in a
multiple choice's columns and ``N/A`` where the question was not shown: then the questions
map the texts to the codes (``answer_codes``).

A question's ``relevance`` (the equation LimeSurvey also writes from its conditions) that
compares one earlier question to some codes (``((G01Q04.NAOK == "A3" or G01Q04.NAOK ==
"A4"))``, or ticks of a multiple choice: ``G01Q05_SQ001.NAOK == "Y"``) becomes ``asked_if``;
another is said in a note. Types barorapport does not publish (dates, rankings, dual-scale
and text or number arrays, file uploads, equations) are said in a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeTree

from ...errors import ConfigError
from ...paths import display_path
from ..carried import Carried, CarriedQuestion
from ..export import Export
from .common import column_values, declared_columns, plain

Row = dict[str, str]

SINGLE = {"L", "!", "O", "5", "G", "Y"}
MULTIPLE = {"M", "P"}
ARRAYS = {"F", "H", "A", "B", "C", "E"}
TEXTS = {"S", "T", "U"}
NOT_PUBLISHED = {"D": "a date", "R": "a ranking", "1": "a dual-scale array",
                 ":": "an array of numbers", ";": "an array of texts", "|": "a file upload",
                 "*": "an equation", "I": "a language switch"}
"""Question types whose columns are not published, and what they are, for the note."""

FIXED = {
    "en": {"5": [(str(n), str(n)) for n in range(1, 6)],
           "G": [("F", "Female"), ("M", "Male")], "Y": [("Y", "Yes"), ("N", "No")],
           "A": [(str(n), str(n)) for n in range(1, 6)],
           "B": [(str(n), str(n)) for n in range(1, 11)],
           "C": [("Y", "Yes"), ("U", "Uncertain"), ("N", "No")],
           "E": [("I", "Increase"), ("S", "Same"), ("D", "Decrease")]},
    "fr": {"G": [("F", "Féminin"), ("M", "Masculin")], "Y": [("Y", "Oui"), ("N", "Non")],
           "C": [("Y", "Oui"), ("U", "Incertain"), ("N", "Non")],
           "E": [("I", "Augmenter"), ("S", "Sans changement"), ("D", "Diminuer")]},
}
"""The options of the types whose answers LimeSurvey fixes (by the survey's language)."""
TICKS = {"en": ("Yes", "No"), "fr": ("Oui", "Non")}
"""What a full-answer export writes in a multiple choice's columns, ticked and not."""
OTHER = {"en": "Other", "fr": "Autre"}
TRIVIAL = {"", "1", "true"}
"""Relevance equations that show the question to everyone."""


def _tables(path: Path, shown: str) -> tuple[dict[str, list[Row]], list[str]]:
    """Each table's rows, and the survey's languages (base first)."""
    try:
        root = SafeTree.parse(str(path), forbid_dtd=True).getroot()
    except (SafeTree.ParseError, DefusedXmlException, OSError, ValueError) as error:
        raise ConfigError(f"{shown}: not a LimeSurvey survey structure ({error})") from None
    if (root.findtext("LimeSurveyDocType") or "").strip() != "Survey":
        raise ConfigError(f"{shown}: not a LimeSurvey survey structure (its "
                          "LimeSurveyDocType is not Survey)")
    tables = {}
    for element in root:
        rows = element.find("rows")
        if rows is not None:
            tables[element.tag] = [{cell.tag: (cell.text or "").strip() for cell in row}
                                   for row in rows.findall("row")]
    languages = [(language.text or "").strip() for language in root.iter("language")
                 if language.text and language.text.strip()]
    return tables, languages


def _order(row: Row, key: str) -> int:
    try:
        return int(row.get(key) or 0)
    except ValueError:
        return 0


@dataclass
class _Survey:
    """The survey's tables, read in its base language."""

    tables: dict[str, list[Row]]
    language: str
    sid: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    """Question or subquestion id to its text."""
    answers: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    """(question id, scale id) to its answers' (code, text), in their order."""
    groups: dict[str, Row] = field(default_factory=dict)

    def __post_init__(self) -> None:
        survey = (self.tables.get("surveys") or [{}])[0]
        self.sid = survey.get("sid", "")
        self.language = survey.get("language") or self.language
        for row in self.tables.get("question_l10ns", []):
            if row.get("language") == self.language:
                self.texts[row.get("qid", "")] = plain(row.get("question"))
        for row in (*self.tables.get("questions", []), *self.tables.get("subquestions", [])):
            if row.get("qid") not in self.texts and row.get("language", self.language) \
                    == self.language and "question" in row:
                self.texts[row["qid"]] = plain(row["question"])
        texts = {row.get("aid"): plain(row.get("answer"))
                 for row in self.tables.get("answer_l10ns", [])
                 if row.get("language") == self.language}
        answers = sorted((row for row in self.tables.get("answers", [])
                          if row.get("language", self.language) == self.language),
                         key=lambda row: _order(row, "sortorder"))
        for row in answers:
            text = texts.get(row.get("aid")) if "aid" in row else plain(row.get("answer"))
            self.answers.setdefault((row.get("qid", ""), row.get("scale_id") or "0"), []) \
                .append((row.get("code", ""), text or row.get("code", "")))
        for name in ("groups", "group_l10ns"):
            for row in self.tables.get(name, []):
                if row.get("language", self.language) == self.language:
                    self.groups.setdefault(row.get("gid", ""), {}).update(row)

    def _rows(self) -> list[Row]:
        rows = {}
        for row in (*self.tables.get("questions", []), *self.tables.get("subquestions", [])):
            if row.get("language", self.language) == self.language:
                rows.setdefault(row.get("qid"), row)
        return list(rows.values())

    def questions(self) -> list[Row]:
        """The questions (not subquestions), in the survey's order."""
        return sorted((row for row in self._rows() if row.get("parent_qid", "0") == "0"),
                      key=lambda row: (_order(self.groups.get(row.get("gid", ""), {}),
                                              "group_order"), _order(row, "question_order")))

    def subquestions(self, question: Row, scale: str = "0") -> list[Row]:
        return sorted((row for row in self._rows() if row.get("parent_qid") == question["qid"]
                       and (row.get("scale_id") or "0") == scale),
                      key=lambda row: _order(row, "question_order"))

    def fixed(self, kind: str) -> list[tuple[str, str]]:
        language = self.language.split("-")[0].lower()
        return FIXED.get(language, {}).get(kind) or FIXED["en"][kind]

    def ticks(self) -> tuple[str, str]:
        return TICKS.get(self.language.split("-")[0].lower(), TICKS["en"])


class _Reader:
    def __init__(self, survey: _Survey, export: Export, shown: str) -> None:
        self.survey, self.export, self.shown = survey, export, shown
        self.headings = set(export.headings)
        self.notes: list[str] = []

    def column(self, question: Row, part: str = "") -> str | None:
        """The export heading of a question (or of one of its parts), in any of the forms
        LimeSurvey writes: ``Q1``, ``Q1[SQ001]``, ``Q1_SQ001``, ``12345X6X78SQ001``."""
        title = question.get("title", "")
        sgqa = f"{self.survey.sid}X{question.get('gid')}X{question.get('qid')}"
        candidates = [f"{title}[{part}]", f"{title}_{part}", f"{sgqa}{part}"] if part else \
            [title, sgqa]
        return next((name for name in candidates if name in self.headings), None)

    def parts(self, question: Row, rows: list[Row]) -> list[tuple[str, str, str]] | None:
        """(code, text, export heading) of each subquestion; None when one has no column."""
        found = []
        for row in rows:
            heading = self.column(question, row.get("title", ""))
            if heading is None:
                self.notes.append(f"{self.shown}: {question.get('title')}: no column for its "
                                  f"subquestion {row.get('title')} in the export: left out")
                return None
            found.append((row.get("title", ""), self.survey.texts.get(row.get("qid", ""))
                          or row.get("title", ""), heading))
        return found

    def question(self, row: Row) -> list[CarriedQuestion]:
        kind, title = row.get("type", ""), row.get("title", "")
        text = self.survey.texts.get(row.get("qid", "")) or title
        origin = f"{title} (type {kind})"
        if kind == "X":
            return []
        if kind in NOT_PUBLISHED:
            if any(heading == title or heading.startswith((f"{title}[", f"{title}_"))
                   for heading in self.headings):
                self.notes.append(f"{self.shown}: {title}: {NOT_PUBLISHED[kind]}, which is "
                                  "not published: its columns are left out")
            return []
        if kind in SINGLE:
            return self.single(row, text, origin)
        if kind in MULTIPLE:
            return self.multiple(row, text, origin)
        if kind in ARRAYS:
            return self.array(row, text, origin)
        if kind in ("N", "K", "Q", *TEXTS):
            return self.entries(row, text, origin)
        self.notes.append(f"{self.shown}: {title}: a question type ({kind}) that is not read: "
                          "its columns are inferred, or ignored")
        return []

    def single(self, row: Row, text: str, origin: str) -> list[CarriedQuestion]:
        kind, title = row["type"], row.get("title", "")
        options = self.survey.answers.get((row["qid"], "0"), []) if kind in "L!O" \
            else self.survey.fixed(kind)
        if row.get("other") == "Y":
            options = [*options, ("-oth-", OTHER.get(self.survey.language[:2], "Other"))]
        heading = self.column(row)
        if heading is None:
            return self.absent(title)
        questions = [CarriedQuestion(id=title, type="single", text=text, columns=(heading,),
                                     options=tuple(options), origin=origin)]
        return questions + self.comments(row, text, ("other", "comment"))

    def multiple(self, row: Row, text: str, origin: str) -> list[CarriedQuestion]:
        parts = self.parts(row, self.survey.subquestions(row))
        if not parts:
            return self.absent(row.get("title", "")) if parts is None else []
        options = tuple((code, label) for code, label, _ in parts)
        question = CarriedQuestion(id=row["title"], type="multiple", text=text,
                                   columns=tuple(heading for _, _, heading in parts),
                                   options=options, items=options, origin=origin)
        return [question, *self.comments(row, text, ("other",))]

    def array(self, row: Row, text: str, origin: str) -> list[CarriedQuestion]:
        kind = row["type"]
        parts = self.parts(row, self.survey.subquestions(row))
        if not parts:
            return self.absent(row.get("title", "")) if parts is None else []
        levels = self.survey.answers.get((row["qid"], "0"), []) if kind in "FH" \
            else self.survey.fixed(kind)
        return [CarriedQuestion(id=row["title"], type="grid", text=text,
                                columns=tuple(heading for _, _, heading in parts),
                                options=tuple(levels),
                                items=tuple((code, label) for code, label, _ in parts),
                                origin=origin)]

    def entries(self, row: Row, text: str, origin: str) -> list[CarriedQuestion]:
        """A number or a text (``N``, ``S``, ``T``, ``U``), or one per subquestion
        (``K``, ``Q``)."""
        kind, title = row["type"], row.get("title", "")
        shape = "numeric" if kind in "NK" else "open"
        if kind in "NSTU":
            heading = self.column(row)
            if heading is None:
                return self.absent(title)
            return [CarriedQuestion(id=title, type=shape, text=text, columns=(heading,),
                                    origin=origin)]
        parts = self.parts(row, self.survey.subquestions(row))
        return [CarriedQuestion(id=f"{title}_{code}", type=shape, text=f"{text} - {label}",
                                columns=(heading,), origin=origin)
                for code, label, heading in parts or []]

    def comments(self, row: Row, text: str, parts: tuple[str, ...]) -> list[CarriedQuestion]:
        """The free text of an "Other" option or of a comment, as an open question."""
        found = []
        for part in parts:
            heading = self.column(row, part)
            if heading is not None:
                found.append(CarriedQuestion(
                    id=f"{row['title']}_{part}", type="open", text=f"{text} ({part})",
                    columns=(heading,), origin=f"{row['title']}[{part}]"))
        return found

    def absent(self, title: str) -> list[CarriedQuestion]:
        self.notes.append(f"{self.shown}: {title}: no column in the export: left out")
        return []

    def asked_if(self, row: Row, questions: dict[str, CarriedQuestion]
                 ) -> tuple[str, tuple[str, ...]] | None:
        """The question's relevance (or its group's) as (earlier question, codes), when it
        is one; else None, said in a note when it is not trivial."""
        own = (row.get("relevance") or "").strip()
        group = (self.survey.groups.get(row.get("gid", ""), {}).get("grelevance") or "").strip()
        equations = [equation for equation in (own, group) if equation.lower() not in TRIVIAL]
        if not equations:
            return None
        condition = _condition(equations[0], questions) if len(equations) == 1 else None
        if condition is None:
            self.notes.append(f"{self.shown}: {row.get('title')}: its relevance ("
                              f"{' and '.join(equations)}) is not a choice of one earlier "
                              "question: not written as asked_if (its base is everyone who "
                              "answered)")
        return condition


_TERM = re.compile(r"""^(?P<field>[A-Za-z][A-Za-z0-9_]*?)(?:\.NAOK|\.code|\.value)?\s*
                       (?:==|\beq\b)\s*(?P<quote>["']?)(?P<value>[^"'\s()]*)(?P=quote)$""",
                   re.VERBOSE)


def _condition(equation: str, questions: dict[str, CarriedQuestion]
               ) -> tuple[str, tuple[str, ...]] | None:
    """(question id, codes) when ``equation`` shows the question to those who gave one of
    some answers to one earlier choice question (``or`` of ``==`` terms); else None."""
    if re.search(r"[A-Za-z_]\w*\s*\(", equation):
        return None  # a function (is_empty, count...): not a plain comparison
    flat = equation.replace("(", " ").replace(")", " ").strip()
    terms = [term.strip() for term in re.split(r"\s+or\s+|\|\|", flat, flags=re.IGNORECASE)]
    found: list[tuple[str, str]] = []
    for term in terms:
        match = _TERM.match(term)
        if match is None:
            return None
        found.append(_answer(match.group("field"), match.group("value"), questions) or ("", ""))
    asked = {question for question, _ in found}
    if len(asked) != 1 or "" in asked:
        return None
    return found[0][0], tuple(dict.fromkeys(code for _, code in found))


def _answer(field: str, value: str, questions: dict[str, CarriedQuestion]
            ) -> tuple[str, str] | None:
    """(question id, option code) that ``field == value`` means, for an earlier single
    choice (``Q1 == "A2"``) or a tick of an earlier multiple choice (``Q5_SQ001 == "Y"``)."""
    question = questions.get(field)
    if question is not None and question.type == "single" and any(
            code == value for code, _ in question.options):
        return question.id, value
    for question in questions.values():
        if question.type == "multiple" and field.startswith(f"{question.id}_") and value == "Y":
            code = field[len(question.id) + 1:]
            if any(option == code for option, _ in question.options):
                return question.id, code
    return None


def _answer_mode(questions: list[CarriedQuestion], export: Export) -> bool:
    """Whether the export holds full answers (the options' texts) rather than their codes:
    more of its choice cells are texts than codes."""
    codes = texts = 0
    for question in questions:
        if question.type not in ("single", "grid"):
            continue
        by_code = {code for code, _ in question.options}
        by_text = {label for _, label in question.options} - by_code
        for column in question.columns:
            values = column_values(export, column)
            codes += len(values & by_code)
            texts += len(values & by_text)
    return texts > codes


def _full_answers(question: CarriedQuestion, ticks: tuple[str, str]) -> CarriedQuestion:
    """The question reading a full-answer export: its options' texts mapped to their
    codes, ``Yes``/``No`` to ticks."""
    if question.type == "multiple":
        return replace(question, answer_codes={ticks[0]: "1", ticks[1]: "0"})
    if question.type in ("single", "grid"):
        return replace(question, answer_codes={label: code for code, label in question.options})
    return question


def read_lss(path: Path, export: Export) -> Carried:
    """The questions ``path`` defines whose columns ``export`` has, in the survey's order."""
    shown = display_path(path)
    tables, languages = _tables(path, shown)
    survey = _Survey(tables, languages[0] if languages else "en")
    reader = _Reader(survey, export, shown)
    questions: dict[str, CarriedQuestion] = {}
    for row in survey.questions():
        made = reader.question(row)
        if made:
            made[0] = replace(made[0], asked_if=reader.asked_if(row, questions))
        for question in made:
            questions[question.id] = question
    declared = list(questions.values())
    if _answer_mode(declared, export):
        declared = [_full_answers(question, survey.ticks()) for question in declared]
        reader.notes.append(f"{shown}: the export holds full answers (the options' texts): "
                            "each question maps them to LimeSurvey's codes (answer_codes)")
    settings = next((row for row in tables.get("surveys_languagesettings", [])
                     if row.get("surveyls_language") == survey.language), {})
    return Carried(tool="limesurvey", source=shown, columns=declared_columns(export, declared),
                   questions=tuple(declared), title=plain(settings.get("surveyls_title"))
                   or None, language=survey.language.split("-")[0].lower() or None,
                   notes=tuple(reader.notes))
