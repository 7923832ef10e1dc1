"""Read an SPSS (``.sav``, ``.zsav``, ``.por``) or Stata (``.dta``) file with pyreadstat.

Input: the file. Output: its cases as ``Records`` (a heading row of variable names, then one
record per case, cells as the text a CSV would hold: ``1`` for a whole number, ``12.5``,
dates in ISO form) and the questionnaire the file carries: each variable's label (the
question text), value labels (options, in code order), user-defined missing values (read as
not answered: their cells are left empty, and counted in a note) and level of measurement;
SPSS multiple-response sets where the file has them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import numpy as np

from ..errors import SurveyError
from .carried import Carried, ColumnMeta, code_order
from .labelled import carried_questions
from .table import Records, column_of


def _read(path: Path, kind: str, shown: str):
    # pyreadstat (0.1 s to import) only when an export is such a file.
    import pyreadstat

    readers = {".por": pyreadstat.read_por, ".dta": pyreadstat.read_dta}
    reader = pyreadstat.read_dta if kind == "stata" else readers.get(
        path.suffix.lower(), pyreadstat.read_sav)
    options = {"apply_value_formats": False}
    if reader is not pyreadstat.read_por:
        options["user_missing"] = True
    try:
        return reader(str(path), **options)
    except FileNotFoundError:
        raise SurveyError(f"{shown}: file not found") from None
    except Exception as error:  # pyreadstat raises its own ReadstatError and others
        name = "an SPSS" if kind == "spss" else "a Stata"
        raise SurveyError(f"{shown}: cannot be read as {name} file ({error})") from None


def cell_text(value: object) -> str:
    """A cell as a CSV would hold it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, float | np.floating):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _in_ranges(value: object, ranges: list[dict]) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return any(value == bound["lo"] for bound in ranges)
    return any(bound["lo"] <= value <= bound["hi"] for bound in ranges)


def _missing_cells(values: list, name: str, meta, kind: str) -> set[int]:
    """Positions of the cells holding a user-defined missing value."""
    if kind == "stata":
        # Stata's extended missing values (.a to .z) come as their letter.
        declared = set(getattr(meta, "missing_user_values", {}).get(name, []))
        return {index for index, value in enumerate(values)
                if isinstance(value, str) and (value in declared or re.fullmatch(r"[a-z]", value))
                and meta.readstat_variable_types.get(name) != "string"}
    ranges = (getattr(meta, "missing_ranges", None) or {}).get(name)
    if not ranges:
        return set()
    return {index for index, value in enumerate(values) if value is not None
            and not (isinstance(value, float) and math.isnan(value))
            and _in_ranges(value, ranges)}


def _missing_labels(name: str, meta, kind: str, labels: dict) -> set[str]:
    """The labelled codes that are user-missing values."""
    if kind == "stata":
        return {code for code in labels if re.fullmatch(r"[a-z]", code)}
    ranges = (getattr(meta, "missing_ranges", None) or {}).get(name) or []
    found = set()
    for code in labels:
        try:
            number: object = float(code)
        except ValueError:
            number = code
        if _in_ranges(number, ranges):
            found.add(code)
    return found


def _column_meta(name: str, label: str | None, meta, kind: str) -> ColumnMeta:
    raw = (meta.variable_value_labels or {}).get(name, {})
    labels = {cell_text(value): str(text).strip() for value, text in raw.items()}
    missing = _missing_labels(name, meta, kind, labels)
    ordered = [(code, labels[code]) for code in code_order(labels) if code not in missing]
    measure = (getattr(meta, "variable_measure", None) or {}).get(name)
    return ColumnMeta(name=name, text=(label or "").strip(), labels=tuple(ordered),
                      missing=tuple(code_order(missing)),
                      measure=measure if measure in ("nominal", "ordinal", "scale") else None)


def read_statfile(path: Path, kind: str, shown: str) -> tuple[Records, Carried, tuple[str, ...]]:
    """The file's records (row 0 the variable names, then case 1, 2...), the questionnaire it
    carries, and notes on what was read (user-missing cells)."""
    frame, meta = _read(path, kind, shown)
    names = list(meta.column_names)
    labels = list(meta.column_labels or [None] * len(names))
    columns, metas, observed, blanked = [], {}, {}, {}
    for name, label in zip(names, labels, strict=True):
        values = frame[name].tolist()
        missing = _missing_cells(values, name, meta, kind)
        cells = ["" if index in missing else cell_text(value)
                 for index, value in enumerate(values)]
        columns.append(column_of([name, *cells]))
        metas[name] = _column_meta(name, label, meta, kind)
        observed[name] = [cell for cell in dict.fromkeys(cells) if cell]
        if missing:
            blanked[name] = len(missing)
    records = Records(columns=tuple(columns), rows=np.arange(len(frame) + 1, dtype=np.int64))
    sets = getattr(meta, "mr_sets", None) or {}
    carried = Carried(tool=kind, source=shown, columns=metas,
                      questions=carried_questions(metas, observed, sets),
                      title=getattr(meta, "file_label", None) or None,
                      notes=tuple(f"multiple-response set {name} holds categories, not "
                                  "ticks: its variables are read one by one"
                                  for name, spec in sets.items()
                                  if not spec.get("is_dichotomy")))
    notes: tuple[str, ...] = ()
    if blanked:
        notes = (f"{sum(blanked.values())} cell(s) in {len(blanked)} variable(s) hold a "
                 "user-missing value the file declares: read as not answered",)
    return records, carried, notes
