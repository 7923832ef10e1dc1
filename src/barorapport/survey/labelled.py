"""Questions from labelled variables (SPSS, Stata): what the file's metadata declares.

Input: each variable's ``ColumnMeta`` (label, value labels in code order, missing values,
measure), the values its cells hold, and SPSS multiple-response sets. Output: the
``CarriedQuestion`` of each variable the metadata decides:

- a variable with value labels is a single choice, its options the labels in code order (a
  scale labelled only at its ends, ``1 Strongly disagree`` ... ``11 Strongly agree``, gets
  its unlabelled codes as options too, named by their code); unless the file measures it
  as ``scale`` and its values are many: then it is numeric, the labels marking a few values;
- a variable without value labels that the file measures as ``scale`` is numeric (one the
  file does not measure is left to inference: it may be an id, or codes);
- the variables of a multiple dichotomy set are one multiple-choice question;
- consecutive single-choice variables whose names share a stem (``q5_1``, ``q5_2``...,
  ``trust_police``, ``trust_courts``) and whose value labels are the same are one grid.

Other variables (text, or numbers without labels nor measure) are left to ``init``'s
inference.
"""

from __future__ import annotations

import re
from os.path import commonprefix

from .carried import CarriedQuestion, ColumnMeta, code_order

MAX_OPTIONS = 12
"""A labelled variable with more values than this, measured as ``scale``, is numeric."""
_STEM = re.compile(r"^(?P<stem>.*[A-Za-z0-9])[_.](?P<part>[A-Za-z0-9]+)$")
"""``q5_1``, ``q5.2``, ``trust_police``: the stem before the last ``_`` or ``.``."""


def _identifier(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_]+", name) else re.sub(r"\W+", "_", name)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _single(meta: ColumnMeta, values: list[str]) -> CarriedQuestion | None:
    labels = dict(meta.labels)
    others = [value for value in values if value not in labels]
    numbers = all(_is_number(value) for value in values)
    if others and meta.measure == "scale" and numbers and len(values) > MAX_OPTIONS:
        return None  # numeric: made by the caller
    if others and not numbers:
        return None  # labels that do not cover the text answers: left to inference
    codes = code_order([*labels, *others])
    if others and len(codes) > 2 * MAX_OPTIONS:
        return None
    options = tuple((code, labels.get(code, code)) for code in codes)
    guessed = f"{len(others)} unlabelled code(s) of the answers added as options named " \
        "by their code" if others else ""
    return CarriedQuestion(id=_identifier(meta.name), type="single",
                           text=meta.text or meta.name, columns=(meta.name,), options=options,
                           origin=f"value labels of {meta.name}", guessed=guessed)


def _numeric(meta: ColumnMeta, values: list[str]) -> CarriedQuestion | None:
    if not values or not all(_is_number(value) for value in values):
        return None
    if meta.measure != "scale" and not meta.labels:
        return None  # numbers without a declared measure (an id? codes?): left to inference
    return CarriedQuestion(id=_identifier(meta.name), type="numeric",
                           text=meta.text or meta.name, columns=(meta.name,),
                           origin=f"{meta.name}: numbers" + (
                               ", measured as scale" if meta.measure == "scale" else ""))


def _multiple(name: str, spec: dict, metas: dict[str, ColumnMeta]) -> CarriedQuestion | None:
    variables = [variable for variable in spec.get("variable_list", []) if variable in metas]
    if len(variables) < 2:
        return None
    counted = str(spec.get("counted_value", "1")).strip()
    try:
        counted = str(int(float(counted)))
    except ValueError:
        pass
    options = tuple((_identifier(variable), metas[variable].text or variable)
                    for variable in variables)
    unticked = {code for variable in variables for code, _ in metas[variable].labels
                if code != counted}
    answer_codes = {counted: "1"} | {code: "0" for code in sorted(unticked)}
    if counted == "1" and unticked <= {"0"}:
        answer_codes = {}
    return CarriedQuestion(id=_identifier(name.lstrip("$")), type="multiple",
                           text=spec.get("label") or name, columns=tuple(variables),
                           options=options, items=options, answer_codes=answer_codes,
                           origin=f"multiple-response set {name}")


def _common_prefix(texts: list[str]) -> str:
    first = texts[0]
    prefix = commonprefix(texts)
    length = len(prefix)
    # Cut at a separator, so that ``Trust: police`` and ``Trust: parliament`` share
    # ``Trust``, not ``Trust: p``.
    cut = max(prefix.rfind(mark) for mark in (" - ", ": ", " – ", "[", "(", " "))
    return prefix[:cut] if cut > 0 and length < len(first) else prefix


def _grid(run: list[CarriedQuestion], stem: str, metas: dict[str, ColumnMeta]
          ) -> CarriedQuestion:
    texts = [question.text for question in run]
    prefix = _common_prefix(texts).rstrip(" :-–—[(").strip()
    items = tuple((_identifier(question.columns[0]),
                   question.text[len(prefix):].strip(" :-–—[]()") or question.columns[0]
                   if prefix else question.text) for question in run)
    return CarriedQuestion(id=_identifier(stem), type="grid", text=prefix or stem,
                           columns=tuple(question.columns[0] for question in run),
                           options=run[0].options, items=items,
                           origin=f"value labels of {run[0].columns[0]} to "
                                  f"{run[-1].columns[0]}",
                           guessed="one grid: consecutive variables of one stem with the same "
                                   "value labels")


def _grids(questions: list[CarriedQuestion], metas: dict[str, ColumnMeta]
           ) -> list[CarriedQuestion]:
    """Runs of single-choice questions of one stem and the same options, as grids."""
    grouped: list[CarriedQuestion] = []
    run: list[CarriedQuestion] = []
    run_stem = None

    def close() -> None:
        if len(run) >= 2 and run_stem:
            grouped.append(_grid(run, run_stem, metas))
        else:
            grouped.extend(run)

    for question in questions:
        match = _STEM.match(question.columns[0]) if question.type == "single" else None
        stem = match.group("stem") if match else None
        if run and stem and stem == run_stem and question.options == run[0].options:
            run.append(question)
            continue
        close()
        run, run_stem = ([question], stem) if stem else ([], None)
        if not stem:
            grouped.append(question)
    close()
    return grouped


def carried_questions(metas: dict[str, ColumnMeta], observed: dict[str, list[str]],
                      sets: dict) -> tuple[CarriedQuestion, ...]:
    """The questions the variables' metadata decides, in the file's order."""
    in_sets: dict[str, CarriedQuestion] = {}
    for name, spec in sets.items():
        if spec.get("is_dichotomy"):
            question = _multiple(name, spec, metas)
            if question is not None:
                for variable in question.columns:
                    in_sets[variable] = question
    questions: list[CarriedQuestion] = []
    for name, meta in metas.items():
        if name in in_sets:
            if in_sets[name].columns[0] == name:
                questions.append(in_sets[name])
            continue
        values = observed.get(name, [])
        question = _single(meta, values) if meta.labels else None
        if question is None and (meta.labels or meta.measure == "scale" or values):
            question = _numeric(meta, values)
        if question is not None:
            questions.append(question)
    return tuple(_grids(questions, metas))
