"""Which rows are real, completed responses: one declared rule, a default per tool.

Input: the export, where its status and completion columns are, and report.yaml's
``respondents`` rule. Output: a ``Screening``: the rows left out (previews, tests, spam,
unfinished responses), each as a quarantine line saying why, and the count per kind that
the methods note states.

The rule, report.yaml's ``respondents``:

- ``finished``: real responses the tool marks finished; previews, tests, spam and
  unfinished responses are left out (the default for Qualtrics and LimeSurvey, whose
  exports mark them);
- ``started``: every real response, finished or not (partial ones count as partial);
  previews, tests and spam are left out (the default for the other formats, which mark
  nothing or keep only submitted responses);
- ``all``: every row of the export.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .formats import Layout
from .quarantine import Problem
from .table import Column

Rule = Literal["finished", "started", "all"]
RULES: tuple[Rule, ...] = ("finished", "started", "all")
KINDS = ("preview", "test", "spam", "unfinished")
"""The kinds of rows a rule leaves out, in the order the methods note names them."""


@dataclass(frozen=True)
class Screening:
    rule: Rule
    """The rule applied (declared, or the tool's default)."""
    declared: bool
    """Whether report.yaml declares it."""
    left_out: tuple[Problem, ...] = ()
    """One line per row left out: its status or completion cell and why."""
    counts: dict[str, int] = field(default_factory=dict)
    """Rows left out per kind (``preview``, ``test``, ``spam``, ``unfinished``)."""
    marked: bool = False
    """Whether the export marks anything (a status or completion column): only then does
    the methods note state the rule."""
    positions: tuple[int, ...] = ()
    """Positions (among the export's respondent rows) of the rows left out."""


def finished_rows(layout: Layout, column: Column) -> np.ndarray:
    """Per row, whether the completion column says it is finished."""
    values = layout.complete_values
    if values is None:
        return column.filled()
    return column.where(lambda value: value.strip() in values)


def screen(layout: Layout, rule: Rule | None, headings: tuple[str, ...], rows: np.ndarray,
           ids: np.ndarray, status: Column | None, status_heading: str,
           completion: Column | None, completion_heading: str) -> Screening:
    """The rows ``rule`` (default: the layout's) leaves out, with their reasons."""
    applied: Rule = rule or layout.default_rule  # type: ignore[assignment]
    marked = status is not None or completion is not None
    kinds = np.full(len(rows), "", dtype=object)
    if status is not None:
        per_value = np.array([layout.status_kinds.get(value.strip(), "")
                              for value in status.values] or [""], dtype=object)
        kinds = per_value[status.codes] if len(status.values) else kinds
    if completion is not None and applied == "finished":
        unfinished = ~finished_rows(layout, completion)
        kinds = np.where((kinds == "") & unfinished, "unfinished", kinds)
    if applied == "all":
        kinds[:] = ""
    positions = np.flatnonzero(kinds != "")
    source = "report.yaml's respondents" if rule else f"the {layout.name} default respondents"
    left_out = []
    for position in positions.tolist():
        kind = kinds[position]
        if kind == "unfinished":
            column, value = completion_heading, completion.cell(position)  # type: ignore[union-attr]
            expected = f"a finished response (left out by {source}: {applied})"
        else:
            column, value = status_heading, status.cell(position)  # type: ignore[union-attr]
            expected = f"a real response, not a {kind} (left out by {source}: {applied})"
        left_out.append(Problem(row=int(rows[position]), column=column, value=value,
                                expected=expected, respondent=str(ids[position])))
    return Screening(rule=applied, declared=rule is not None, left_out=tuple(left_out),
                     counts=dict(Counter(kinds[positions].tolist())), marked=marked,
                     positions=tuple(positions.tolist()))
