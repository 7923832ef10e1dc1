"""An XLSForm (the form KoboToolbox, ODK Collect and Enketo fill in), read against its data
export.

The workbook has a ``survey`` sheet (a row per question: ``type``, ``name``, ``label`` or
``label::<language>``, ``relevant``, ``appearance``...), a ``choices`` sheet (``list_name``,
``name``, ``label``: the options of each list, in order) and a ``settings`` sheet
(``form_title``, ``default_language``). ``select_one <list>`` is a single choice,
``select_multiple <list>`` a multiple choice (``or_other`` adds an option ``other`` and its
text); ``integer``, ``decimal`` and ``range`` are numeric, ``text`` open; select_one
questions of one list in a ``table-list`` group are a grid on that list. ``begin_group`` and
``end_group`` nest questions (the export may prefix them with their groups' names or
labels); a repeat's answers are on another sheet of the export and are not read. The form's
metadata (``start``, ``end``, ``today``: timestamps; ``deviceid``, ``username``,
``phonenumber``..., geopoints, photos and recordings: personal) are never questions; dates
and times are not published. A ``relevant`` that compares one earlier choice question to
options (``${q} = 'a' or ${q} = 'b'``, ``selected(${q}, 'a')``) becomes ``asked_if``, with its
groups' relevance; another one is said in a note.

The sheets are read as the export reader reads a workbook (bounded, without DTDs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ...errors import ConfigError, SurveyError
from ...paths import display_path
from ..carried import Carried, CarriedQuestion, ColumnMeta
from ..export import Export
from ..sniff import sheet_names
from ..spreadsheet import read_spreadsheet
from .common import column_values, declared_columns, plain

Row = dict[str, str]

NUMERIC = {"integer", "decimal", "range"}
TIMESTAMPS = {"start", "end", "today"}
PERSONAL = {"deviceid", "subscriberid", "simserial", "phonenumber", "username", "email",
            "audit", "geopoint", "geotrace", "geoshape", "start-geopoint",
            "background-geopoint", "image", "audio", "video", "file", "background-audio",
            "barcode", "signature"}
"""The form's metadata and the answers that identify a person or a place: never read."""
METADATA = {"calculate", "hidden", "xml-external", "csv-external", "note"}
NOT_PUBLISHED = {"date": "a date", "time": "a time", "datetime": "a date and time",
                 "rank": "a ranking", "select_one_from_file": "a choice from a file",
                 "select_multiple_from_file": "a choice from a file",
                 "acknowledge": "an acknowledgement"}
_ALIASES = {"begin group": "begin_group", "end group": "end_group",
            "begin repeat": "begin_repeat", "end repeat": "end_repeat",
            "select one": "select_one", "select multiple": "select_multiple",
            "select all that apply": "select_multiple", "select_one_external": "select_one",
            "add select one prompt using": "select_one",
            "add select multiple prompt using": "select_multiple"}
_SELECT = re.compile(r"^(select_one|select_multiple)\s+(\S+)(\s+or_other)?$")
_LANGUAGE = re.compile(r"\(([A-Za-z]{2,3})(?:[-_][A-Za-z]+)?\)\s*$")


@dataclass(frozen=True)
class _Group:
    name: str
    label: str
    relevant: str
    appearance: str


@dataclass(frozen=True)
class _Field:
    kind: str
    """The type's first word: ``select_one``, ``integer``, ``text``, ``start``..."""
    name: str
    label: str
    relevant: str
    groups: tuple[_Group, ...]
    list_name: str | None = None
    other: bool = False
    row: int = 0
    """Its row in the survey sheet."""

    def paths(self, own: str | None = None) -> list[str]:
        """The headings an export may give it: by names or labels, with or without its
        groups (``/``, KoboToolbox; ``-``, ODK Central)."""
        name = own or self.name
        names = [group.name for group in self.groups] + [name]
        labels = [group.label or group.name for group in self.groups] + [self.label or name]
        return list(dict.fromkeys(["/".join(names), "-".join(names), name, "/".join(labels),
                                   self.label or name]))


def _normal_type(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().lower())
    for alias, canonical in _ALIASES.items():
        if text == alias or text.startswith(alias + " "):
            return canonical + text[len(alias):]
    return text


def _sheet(path: Path, shown: str, names: dict[str, str], wanted: str) -> list[Row]:
    """The rows of the sheet ``wanted`` (any case) as dicts by lower-case heading
    (``label::English (en)`` keeps its language's case)."""
    sheet = names.get(wanted)
    if sheet is None:
        return []
    try:
        records = read_spreadsheet(path, shown, sheet)
    except SurveyError as error:
        if "empty sheet" in str(error):
            return []
        raise ConfigError(str(error)) from None
    heads = []
    for heading in records.row(0):
        key, _, language = heading.strip().partition("::")
        key = {"list name": "list_name", "bind::relevant": "relevant",
               "relevance": "relevant"}.get(key.strip().lower(), key.strip().lower())
        heads.append(f"{key}::{language.strip()}" if language else key)
    rows = []
    for index in range(1, len(records)):
        row = {head: cell.strip() for head, cell in zip(heads, records.row(index), strict=True)
               if head}
        row["__row__"] = str(records.rows[index])
        rows.append(row)
    return rows


def _label_key(rows: list[Row], default_language: str) -> str:
    """The label column to read: the default language's, else ``label``, else the first."""
    heads = {head for row in rows for head in row}
    if default_language and f"label::{default_language}" in heads:
        return f"label::{default_language}"
    if "label" in heads:
        return "label"
    return min((head for head in heads if head.startswith("label::")), default="label")


def _fields(rows: list[Row], label: str, shown: str, notes: list[str]) -> list[_Field]:
    """Every question of the survey sheet, with its groups; a repeat's are left out."""
    fields: list[_Field] = []
    groups: list[_Group | None] = []  # None: a repeat
    for row in rows:
        kind = _normal_type(row.get("type", ""))
        name = row.get("name", "")
        if not kind:
            continue
        if kind in ("begin_group", "begin_repeat"):
            groups.append(_Group(name, plain(row.get(label)), row.get("relevant", ""),
                                 row.get("appearance", "").lower())
                          if kind == "begin_group" else None)
            if kind == "begin_repeat":
                notes.append(f"{shown}: {name}: a repeat group, whose answers are on another "
                             "sheet of the export: not read")
            continue
        if kind in ("end_group", "end_repeat"):
            if groups:
                groups.pop()
            continue
        if None in groups or not name:
            continue
        select = _SELECT.match(kind)
        fields.append(_Field(
            kind=select.group(1) if select else kind.split(" ")[0], name=name,
            label=plain(row.get(label)), relevant=row.get("relevant", ""),
            groups=tuple(group for group in groups if group is not None),
            list_name=select.group(2) if select else None,
            other=bool(select and select.group(3)), row=int(row["__row__"])))
    return fields


class _Reader:
    def __init__(self, export: Export, choices: dict[str, list[tuple[str, str]]],
                 shown: str, notes: list[str]) -> None:
        self.export, self.choices, self.shown, self.notes = export, choices, shown, notes
        self.headings = set(export.headings)
        self.roles: dict[str, str] = {}
        self.taken: set[str] = set()

    def heading(self, field: _Field, own: str | None = None) -> str | None:
        return next((path for path in field.paths(own) if path in self.headings), None)

    def options(self, field: _Field) -> list[tuple[str, str]]:
        options = list(self.choices.get(field.list_name or "", []))
        if field.other:
            options.append(("other", "Other"))
        return options

    def identifier(self, field: _Field, name: str | None = None) -> str:
        name = name or field.name
        if name in self.taken and field.groups:
            name = f"{field.groups[-1].name}_{name}"
        self.taken.add(name)
        return name

    def question(self, field: _Field) -> CarriedQuestion | None:
        origin = f"{field.name} (row {field.row}, {field.kind})"
        if field.kind in TIMESTAMPS | PERSONAL | METADATA:
            self.role(field)
            return None
        if field.kind in NOT_PUBLISHED:
            if self.heading(field):
                self.notes.append(f"{self.shown}: {field.name}: {NOT_PUBLISHED[field.kind]}, "
                                  "which is not published: its column is left out")
            return None
        if field.kind in ("select_one", "select_multiple") and field.list_name not in \
                self.choices:
            self.notes.append(f"{self.shown}: {field.name}: its list {field.list_name!r} is "
                              "not in the choices sheet: its column is inferred")
            return None
        if field.kind == "select_multiple":
            return self.multiple(field, origin)
        kinds = {"select_one": "single", "text": "open", **dict.fromkeys(NUMERIC, "numeric")}
        if field.kind not in kinds:
            self.notes.append(f"{self.shown}: {field.name}: a question type ({field.kind}) "
                              "that is not read: its column is inferred, or ignored")
            return None
        heading = self.heading(field)
        if heading is None:
            self.notes.append(f"{self.shown}: {field.name}: no column in the export: left out")
            return None
        options = tuple(self.options(field)) if field.kind == "select_one" else ()
        return CarriedQuestion(id=self.identifier(field), type=kinds[field.kind],
                               text=field.label or field.name, columns=(heading,),
                               options=options, origin=origin)

    def multiple(self, field: _Field, origin: str) -> CarriedQuestion | None:
        """A column per option (``q/option``) when the export has them, else the options
        joined by spaces in one column."""
        options = self.options(field)
        for base in field.paths():
            for use_labels in (False, True):
                columns = [f"{base}/{label if use_labels else code}" for code, label in options]
                if all(column in self.headings for column in columns):
                    summary = self.heading(field)
                    if summary is not None:
                        self.roles[summary] = "metadata"  # the same answers, joined
                    return CarriedQuestion(
                        id=self.identifier(field), type="multiple",
                        text=field.label or field.name, columns=tuple(columns),
                        options=tuple(options), items=tuple(options), origin=origin)
        heading = self.heading(field)
        if heading is None:
            self.notes.append(f"{self.shown}: {field.name}: no column in the export: left out")
            return None
        return CarriedQuestion(id=self.identifier(field), type="multiple",
                               text=field.label or field.name, columns=(heading,),
                               options=tuple(options), origin=origin)

    def role(self, field: _Field) -> None:
        """The columns of a metadata field: its own, and a geopoint's parts."""
        role = "timestamp" if field.kind in TIMESTAMPS else "personal" \
            if field.kind in PERSONAL else "metadata"
        heading = self.heading(field)
        if heading is not None:
            self.roles[heading] = role
        if field.kind.endswith(("geopoint", "geotrace", "geoshape")):
            # KoboToolbox: ``_<name>_latitude``; ODK Central: ``<name>-Latitude``.
            for part in ("latitude", "longitude", "altitude", "precision", "accuracy"):
                found = [self.heading(field, own) for own in
                         (f"_{field.name}_{part}", f"_{field.label}_{part}")]
                found += [f"{path}-{part.capitalize()}" for path in field.paths()]
                for heading in found:
                    if heading in self.headings:
                        self.roles[heading] = "personal"

    def grids(self, fields: list[_Field], made: dict[str, CarriedQuestion]
              ) -> list[CarriedQuestion | _Field]:
        """The questions in order, the single choices of one list in a ``table-list``
        group made one grid."""
        ordered: list[CarriedQuestion | _Field] = []
        run: list[_Field] = []

        def close() -> None:
            if len(run) >= 2 and all(field.name in made for field in run):
                group = run[0].groups[-1]
                first = made[run[0].name]
                ordered.append(CarriedQuestion(
                    id=self.identifier(run[0], group.name), type="grid",
                    text=group.label or group.name,
                    columns=tuple(made[field.name].columns[0] for field in run),
                    options=first.options,
                    items=tuple((field.name, field.label or field.name) for field in run),
                    origin=f"group {group.name}: table-list of {run[0].list_name}"))
            else:
                ordered.extend(run)
            run.clear()

        for field in fields:
            in_table = field.kind == "select_one" and field.groups and \
                "table-list" in field.groups[-1].appearance
            if run and not (in_table and field.groups == run[0].groups
                            and field.list_name == run[0].list_name):
                close()
            if in_table:
                run.append(field)
            else:
                ordered.append(field)
        close()
        return ordered


_REF = r"\$\{\s*(?P<question>[^}\s]+)\s*\}"
_EQUALS = re.compile(rf"^{_REF}\s*=\s*(?P<quote>['\"]?)(?P<value>[^'\"]*)(?P=quote)$")
_SELECTED = re.compile(rf"^selected\(\s*{_REF}\s*,\s*(?P<quote>['\"])(?P<value>[^'\"]*)"
                       r"(?P=quote)\s*\)$")


def _unwrap(term: str) -> str:
    term = term.strip()
    while term.startswith("(") and term.endswith(")") and _balanced(term[1:-1]):
        term = term[1:-1].strip()
    return term


def _balanced(text: str) -> bool:
    depth = 0
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def _condition(equation: str, questions: dict[str, CarriedQuestion]
               ) -> tuple[str, tuple[str, ...]] | None:
    """(question id, option codes) when ``equation`` shows the question to those who chose
    one of some options of one earlier choice question; else None."""
    terms = [_unwrap(term) for term in re.split(r"\s+or\s+", _unwrap(equation))]
    found = []
    for term in terms:
        match = _EQUALS.match(term) or _SELECTED.match(term)
        if match is None:
            return None
        question = questions.get(match.group("question"))
        value = match.group("value").strip()
        if question is None or question.type not in ("single", "multiple") or \
                value not in {code for code, _ in question.options} or \
                (question.type == "multiple" and not term.startswith("selected")):
            return None
        found.append((question.id, value))
    if len({question for question, _ in found}) != 1:
        return None
    return found[0][0], tuple(dict.fromkeys(code for _, code in found))


def _asked_if(field: _Field, questions: dict[str, CarriedQuestion], shown: str,
              notes: list[str]) -> tuple[str, tuple[str, ...]] | None:
    equations = [group.relevant for group in field.groups if group.relevant]
    equations += [field.relevant] if field.relevant else []
    if not equations:
        return None
    condition = _condition(equations[0], questions) if len(set(equations)) == 1 else None
    if condition is None:
        notes.append(f"{shown}: {field.name}: its relevant ({' and '.join(equations)}) is not "
                     "a choice of one earlier question: not written as asked_if (its base is "
                     "everyone who answered)")
    return condition


def _labels_export(questions: list[CarriedQuestion], export: Export) -> bool:
    """Whether the export holds the options' labels (``Labels``) rather than their names
    (``XML values``): more of its choice cells are labels than names."""
    names = labels = 0
    for question in questions:
        if question.type not in ("single", "grid") and not (
                question.type == "multiple" and len(question.columns) == 1):
            continue
        by_name = {code for code, _ in question.options}
        by_label = {label for _, label in question.options} - by_name
        for column in question.columns:
            values = column_values(export, column)
            if question.type == "multiple":
                values = {word for value in values for word in value.split()}
                by_label = {word for label in by_label for word in label.split()} - by_name
            names += len(values & by_name)
            labels += len(values & by_label)
    return labels > names


def _language(settings: Row, label: str) -> str | None:
    for text in (settings.get("default_language", ""), label.partition("::")[2]):
        match = _LANGUAGE.search(text)
        if match:
            return match.group(1).lower()
        if re.fullmatch(r"[A-Za-z]{2}", text.strip()):
            return text.strip().lower()
    return None


def read_xlsform(path: Path, export: Export) -> Carried:
    """The questions the form at ``path`` defines whose columns ``export`` has, in order."""
    shown = display_path(path)
    names = {name.strip().lower(): name for name in sheet_names(path)}
    survey_rows = _sheet(path, shown, names, "survey")
    if not survey_rows or "type" not in survey_rows[0]:
        raise ConfigError(f"{shown}: not an XLSForm (no survey sheet with a type column)")
    settings = (_sheet(path, shown, names, "settings") or [{}])[0]
    label = _label_key(survey_rows, settings.get("default_language", ""))
    choice_rows = _sheet(path, shown, names, "choices")
    choice_label = _label_key(choice_rows, settings.get("default_language", "")) \
        if choice_rows else "label"
    choices: dict[str, list[tuple[str, str]]] = {}
    for row in choice_rows:
        code = row.get("name") or row.get("value", "")
        if row.get("list_name") and code:
            choices.setdefault(row["list_name"], []).append(
                (code, plain(row.get(choice_label)) or code))
    notes: list[str] = []
    fields = _fields(survey_rows, label, shown, notes)
    reader = _Reader(export, choices, shown, notes)
    made = {field.name: question for field in fields
            if (question := reader.question(field)) is not None}
    questions: dict[str, CarriedQuestion] = {}
    for item in reader.grids(fields, made):
        if isinstance(item, CarriedQuestion):
            field = next(field for field in fields if field.name == item.items[0][0])
            question = item
        elif item.name in made:
            field, question = item, made[item.name]
        else:
            continue
        questions[question.id] = replace(question, asked_if=_asked_if(field, questions, shown,
                                                                      notes))
    declared = list(questions.values())
    if _labels_export(declared, export):
        declared = [replace(question, answer_codes={option_label: code for code, option_label
                                                    in question.options})
                    if question.type in ("single", "grid") or len(question.columns) == 1
                    and question.type == "multiple" else question for question in declared]
        notes.append(f"{shown}: the export holds the options' labels: each question maps "
                     "them to the form's names (answer_codes)")
    columns = declared_columns(export, declared)
    for heading, role in reader.roles.items():
        columns[heading] = ColumnMeta(name=heading, role=role)  # type: ignore[arg-type]
    return Carried(tool="xlsform", source=shown, columns=columns, questions=tuple(declared),
                   title=plain(settings.get("form_title")) or None,
                   language=_language(settings, label), notes=tuple(notes))
