"""The questions a survey's own files declare, for ``init`` to write without guessing.

Input: the files given to ``init`` (the responses export, and optionally the survey's
definition: a Qualtrics ``.qsf``, a LimeSurvey ``.lss``, an XLSForm) and the export as
read. Output: the ``Carried`` questionnaire (the definition's, else what the export itself
carries: SPSS and Stata labels, a Qualtrics export's heading rows), its questions as
``InferredQuestion`` values, and the export columns that inference must leave alone (those
the declared questions read, and those the tool declares are not answers).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ...errors import ConfigError
from ...paths import display_path
from ...survey.carried import Carried, CarriedQuestion
from ...survey.classify import looks_personal
from ...survey.definitions import definition_kind, read_definition
from ...survey.export import Export
from .infer import InferredQuestion


def split_files(files: list[Path]) -> tuple[Path, list[Path]]:
    """The responses export and the definition files among ``files`` (by content)."""
    definitions = [path for path in files if definition_kind(path) is not None]
    exports = [path for path in files if path not in definitions]
    if len(exports) != 1:
        shown = ", ".join(display_path(path) for path in exports) or "none"
        raise ConfigError(f"init: give one responses export with --from (and optionally the "
                          f"survey's definition: .qsf, .lss or XLSForm); responses: {shown}")
    if len(definitions) > 1:
        raise ConfigError("init: give at most one survey definition with --from; found "
                          + ", ".join(display_path(path) for path in definitions))
    return exports[0], definitions


def carried_of(export: Export, definitions: list[Path]) -> Carried | None:
    """What the files declare: the definition read against the export's headings, else the
    export's own metadata."""
    if definitions:
        return read_definition(definitions[0], export)
    return export.carried


def as_inferred(question: CarriedQuestion, source: str) -> InferredQuestion:
    """A declared question as init writes it: nothing inferred, its source said."""
    reason = source + (f": {question.origin}" if question.origin else "")
    return InferredQuestion(id=question.id, type=question.type, text=question.text,
                            columns=question.columns, options=question.options,
                            items=question.items, answer_codes=dict(question.answer_codes),
                            reasons=(reason,), asked_if=question.asked_if, declared=True,
                            guessed=question.guessed)


def left_alone(export: Export, carried: Carried | None) -> set[str]:
    """Export columns inference must not make questions of: read by a declared question, or
    declared by the tool as something else than answers (inference itself leaves out every
    column ``survey.classify`` does not take for answers)."""
    skip = {heading for heading in export.headings
            if export.layout.is_personal(heading) or export.layout.is_metadata(heading)}
    if carried is not None:
        skip |= carried.covered()
        skip |= {name for name, meta in carried.columns.items() if meta.role != "question"}
    return skip


def _split_text(text: str) -> tuple[str, str]:
    """``Question - Item`` (Qualtrics' text of a matrix row or a choice's column) in two;
    ``Question - Selected Choice`` is the question alone."""
    stem, _, part = text.rpartition(" - ")
    if not stem:
        return text, ""
    if part in ("Selected Choice", "Text"):
        return stem, ""
    return stem.removesuffix(" - Selected Choice"), part


def retitled(question: InferredQuestion, carried: Carried | None) -> InferredQuestion:
    """An inferred question with the texts the export's heading rows give its columns."""
    if carried is None:
        return question
    texts = [carried.columns[column].text if column in carried.columns else ""
             for column in question.columns]
    if not all(texts):
        return question
    stems = [_split_text(text) for text in texts]
    changes: dict = {"text": stems[0][0]}
    if question.type == "grid" and all(part for _, part in stems):
        changes["items"] = tuple((code, part) for (code, _), (_, part)
                                 in zip(question.items, stems, strict=True))
    if question.type == "multiple" and len(question.columns) > 1 \
            and all(part for _, part in stems):
        # Qualtrics' split columns: ``Question - Selected Choice - Option``.
        changes["options"] = tuple((code, part) for (code, _), (_, part)
                                   in zip(question.options, stems, strict=True))
    return replace(question, **changes)


def undeclared_roles(export: Export, carried: Carried | None) -> tuple[list[str], list[str]]:
    """The export columns the survey's definition declares personal, and those it declares
    not answers (timestamps, calculations...), that the export's layout does not know as
    such: for questionnaire.yaml's ``personal_columns`` and ``ignored_columns``."""
    if carried is None:
        return [], []
    layout = export.layout
    personal, ignored = [], []
    for heading in export.headings:
        role = carried.role(heading)
        if role in (None, "question", "id") or layout.is_metadata(heading):
            continue
        if role == "personal":
            if not (layout.is_personal(heading) or looks_personal(heading)):
                personal.append(heading)
        elif heading not in layout.timestamps:
            ignored.append(heading)
    return personal, ignored
