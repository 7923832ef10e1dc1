"""A Qualtrics survey definition (``.qsf``: "Export survey" in the Survey tab), read against
its responses export.

The file is JSON: ``SurveyEntry`` (name, language) and ``SurveyElements``, one ``SQ`` element
per question whose ``Payload`` holds its export tag (``DataExportTag``, the export's column
name), its text (HTML), its type (``MC`` with a ``Selector``: ``SAVR`` single answer,
``MAVR`` multiple; ``Matrix``; ``TE`` text entry, numeric when validated as a number;
``Slider``), its ``Choices`` and ``ChoiceOrder``, a matrix's ``Answers`` and
``AnswerOrder`` (its scale), ``RecodeValues`` (the numeric values exported) and its
``DisplayLogic``. A choice-text export holds the choices' texts (mapped to codes with
``answer_codes``), a numeric export their recode values. Question types barorapport does not
publish (rank order, constant sum, side by side, heat maps...) are said in a note and left to
inference.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import ConfigError
from ...paths import display_path
from ..carried import Carried, CarriedQuestion
from ..export import Export
from .common import declared_columns, plain

SINGLE = {"SAVR", "SAHR", "SACOL", "DL", "SB", "NPS"}
MULTIPLE = {"MAVR", "MAHR", "MACOL", "MSB"}
SKIPPED = {"DB", "Timing", "Meta", "Captcha", "FileUpload", "Draw", "Signature"}
"""Question types with no answers to publish (text, timers, browser data, files)."""


def load_qsf(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{display_path(path)}: not a Qualtrics survey definition ({error})"
                          ) from None
    if not isinstance(data, dict) or not isinstance(data.get("SurveyElements"), list):
        raise ConfigError(f"{display_path(path)}: not a Qualtrics survey definition (no "
                          "SurveyElements)")
    return data


class _Reader:
    def __init__(self, data: dict, export: Export, shown: str) -> None:
        self.export, self.shown = export, shown
        self.headings = set(export.headings)
        self.payloads = [element["Payload"] for element in data["SurveyElements"]
                         if element.get("Element") == "SQ" and isinstance(
                             element.get("Payload"), dict)]
        self.tags = {payload.get("QuestionID"): payload.get("DataExportTag")
                     for payload in self.payloads}
        self.numeric_export = self._numeric_export()
        self.notes: list[str] = []
        self.codes: dict[str, dict[str, str]] = {}
        """Per QID, choice id to the code the questionnaire gives it."""

    def _numeric_export(self) -> bool:
        """Whether the export holds numeric values (``Finished`` is 1 or 0), not choice
        texts (``True``, ``False``)."""
        if "Finished" not in self.export.headings:
            return True
        column = self.export.columns[self.export.headings.index("Finished")]
        present = {column.values[code].strip() for code in np.unique(column.codes)}
        return present <= {"", "0", "1"}

    def choices(self, payload: dict, key: str = "Choices", order: str = "ChoiceOrder"
                ) -> list[tuple[str, str, str]]:
        """(choice id, code, label) in the order the survey shows them."""
        choices = payload.get(key) or {}
        if isinstance(choices, list):  # an empty dict is exported as []
            choices = {str(index): choice for index, choice in enumerate(choices)}
        ids = [str(choice) for choice in payload.get(order) or choices]
        recode_key = "RecodeValues" if key == "Choices" else "AnswerRecodeValues"
        recodes = payload.get(recode_key) or (payload.get("RecodeValues")
                                              if key == "Answers" else None) or {}
        found = []
        for choice in ids:
            if choice not in choices:
                continue
            code = str(recodes.get(choice, choice)).strip() or choice
            found.append((choice, code, plain(choices[choice].get("Display", ""))))
        return found

    def answer_codes(self, options: list[tuple[str, str, str]], ticked: bool = False
                     ) -> dict[str, str]:
        """Choice text to code, for a choice-text export."""
        if self.numeric_export:
            return {}
        return {label: "1" if ticked else code for _, code, label in options}

    def question(self, payload: dict) -> CarriedQuestion | None:
        tag = payload.get("DataExportTag") or payload.get("QuestionID")
        kind, selector = payload.get("QuestionType"), payload.get("Selector")
        text = plain(payload.get("QuestionText", "")) or tag
        origin = f"{payload.get('QuestionID')} ({kind} {selector})"
        if kind in SKIPPED:
            return None
        if kind == "MC" and (selector in SINGLE or selector in MULTIPLE):
            options = self.choices(payload)
            self.codes[payload.get("QuestionID")] = {choice: code for choice, code, _ in options}
            pairs = tuple((code, label) for _, code, label in options)
            if selector in SINGLE:
                return CarriedQuestion(id=tag, type="single", text=text, columns=(tag,),
                                       options=pairs, answer_codes=self.answer_codes(options),
                                       origin=origin)
            split = [f"{tag}_{choice}" for choice, _, _ in options]
            if tag not in self.headings and all(column in self.headings for column in split):
                return CarriedQuestion(id=tag, type="multiple", text=text,
                                       columns=tuple(split), options=pairs, items=pairs,
                                       answer_codes=self.answer_codes(options, ticked=True),
                                       origin=origin)
            return CarriedQuestion(id=tag, type="multiple", text=text, columns=(tag,),
                                   options=pairs, answer_codes=self.answer_codes(options),
                                   origin=origin)
        if kind == "Matrix" and payload.get("SubSelector") in ("SingleAnswer", None) \
                and selector in ("Likert", "Bipolar", None):
            rows = self.choices(payload)
            levels = self.choices(payload, "Answers", "AnswerOrder")
            tags = payload.get("ChoiceDataExportTags") or {}
            columns = tuple(tags.get(choice) or f"{tag}_{choice}" for choice, _, _ in rows)
            return CarriedQuestion(
                id=tag, type="grid", text=text, columns=columns,
                options=tuple((code, label) for _, code, label in levels),
                items=tuple((choice, label) for choice, _, label in rows),
                answer_codes=self.answer_codes(levels), origin=origin)
        if kind == "TE" and selector in ("SL", "ML", "ESTB", None):
            content = ((payload.get("Validation") or {}).get("Settings") or {}).get(
                "ContentType")
            number = content == "ValidNumber"
            column = tag if tag in self.headings else f"{tag}_TEXT"
            return CarriedQuestion(id=tag, type="numeric" if number else "open", text=text,
                                   columns=(column,), origin=origin)
        if kind == "Slider" and len(self.choices(payload)) == 1:
            choice = self.choices(payload)[0][0]
            return CarriedQuestion(id=tag, type="numeric", text=text,
                                   columns=(f"{tag}_{choice}",), origin=origin)
        self.notes.append(f"{self.shown}: {tag} ({kind} {selector or ''}".rstrip()
                          + "): a question type that is not published: its columns are "
                          "inferred, or ignored")
        return None

    def asked_if(self, payload: dict) -> tuple[str, tuple[str, ...]] | None:
        """A display logic that shows the question to those who selected some choices of one
        earlier question, as ``asked_if``; another logic is said in a note."""
        logic = payload.get("DisplayLogic")
        if not isinstance(logic, dict):
            return None
        conditions = [condition for key, block in logic.items() if key.isdigit()
                      and isinstance(block, dict)
                      for name, condition in block.items() if name.isdigit()
                      and isinstance(condition, dict)]
        parsed = [_selected(condition) for condition in conditions]
        conjunctions = {condition.get("Conjuction") for condition in conditions[1:]}
        blocks = [key for key in logic if key.isdigit()]
        if parsed and all(parsed) and len({qid for qid, _ in parsed}) == 1 \
                and conjunctions <= {"Or"} and len(blocks) == 1:
            qid = parsed[0][0]
            codes = self.codes.get(qid, {})
            if qid in self.tags and all(choice in codes for _, choice in parsed):
                return self.tags[qid], tuple(codes[choice] for _, choice in parsed)
        self.notes.append(f"{self.shown}: {payload.get('DataExportTag')}: its display logic "
                          "is not a choice of one earlier question: not written as asked_if "
                          "(its base is everyone who answered)")
        return None


def _selected(condition: dict[str, Any]) -> tuple[str, str] | None:
    """(QID, choice id) of a ``Selected`` condition on a choice, else None."""
    if condition.get("LogicType") != "Question" or condition.get("Operator") != "Selected":
        return None
    match = re.fullmatch(r"q://(QID\d+)/SelectableChoice/(\d+)",
                         str(condition.get("LeftOperand", "")))
    return (match.group(1), match.group(2)) if match else None


def read_qsf(path: Path, export: Export) -> Carried:
    """The questions ``path`` defines whose columns ``export`` has, in the survey's order."""
    data = load_qsf(path)
    shown = display_path(path)
    reader = _Reader(data, export, shown)
    questions = []
    for payload in reader.payloads:
        question = reader.question(payload)
        if question is None:
            continue
        missing = [column for column in question.columns if column not in reader.headings]
        if missing:
            reader.notes.append(f"{shown}: {question.id}: no column {', '.join(missing)} in the "
                                "export: left out")
            continue
        asked = reader.asked_if(payload)
        questions.append(CarriedQuestion(**{**question.__dict__, "asked_if": asked}))
    entry = data.get("SurveyEntry") or {}
    columns = declared_columns(export, questions)
    language = str(entry.get("SurveyLanguage") or "").lower() or None
    return Carried(tool="qualtrics", source=shown, columns=columns, questions=tuple(questions),
                   title=plain(entry.get("SurveyName", "")) or None, language=language,
                   notes=tuple(reader.notes))
