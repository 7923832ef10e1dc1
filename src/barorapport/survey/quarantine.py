"""Rows kept out of the statistics, and why: never lost, always said.

Input: the problems the ingest found in an export. Output: a frozen ``Quarantine`` that the
build writes to ``build/<edition>/quarantine.csv``, prints, and checks against the
questionnaire's ``quarantine_threshold``.

A quarantined cell may hold anything a respondent typed (an e-mail where a code is expected):
no message, manifest or log quotes it. Messages and ``quarantine.csv`` say where the cell is,
what it looks like (``cell_shape``: a number of 1 digit, a text of 23 characters holding an
e-mail address) and what was expected; ``quarantine.csv`` holds the raw cell and the
respondent id only when the build is asked to (``barorapport build --quarantine-values``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..engine.csvsafe import write_csv_rows
from ..errors import SurveyError

FIELDS = ("row", "respondent", "column", "value", "expected")
_WHOLE = re.compile(r"[+]?\d+")
_NEGATIVE = re.compile(r"-\d+(?:[.,]\d+)?")
_DECIMAL = re.compile(r"[+]?\d+[.,]\d+")


def cell_shape(value: str) -> str:
    """What a cell looks like, without its content: ``an empty cell``, ``a number of 2
    digits``, ``a decimal number``, ``a negative number``, ``a text of 23 characters``,
    with the kinds of personal data it holds (``holding an e-mail address``)."""
    from ..personal.normalise import fold
    from ..personal.patterns import KINDS, find

    text = value.strip()
    if not text:
        return "an empty cell"
    if _WHOLE.fullmatch(text):
        digits = len(text.lstrip("+"))
        return f"a number of {digits} digit{'s' if digits > 1 else ''}"
    if _NEGATIVE.fullmatch(text):
        return "a negative number"
    if _DECIMAL.fullmatch(text):
        return "a decimal number"
    shape = f"a text of {len(text)} character{'s' if len(text) > 1 else ''}"
    kinds = {finding.kind for finding in find(fold(text))}
    if kinds:
        shape += f" holding {', '.join(kind for kind in KINDS if kind in kinds)}"
    return shape


@dataclass(frozen=True)
class Problem:
    """One bad cell (or row) of the export."""

    row: int
    """The row as a spreadsheet shows it: the first heading row is 1."""
    column: str
    """The heading of the column; empty when the whole row is concerned."""
    value: str
    """What the cell holds."""
    expected: str
    """What the cell should hold, as a phrase: ``one of 1, 0``, ``a number``."""
    respondent: str = ""
    """The respondent id of the row, when it has one."""

    def message(self, source: str) -> str:
        """Where the cell is, what it looks like and what was expected: never its content
        (a whole row's problem quotes what barorapport counted, ``'12 cells'``)."""
        if not self.column:
            return f"{source} row {self.row}: {self.value!r} is not {self.expected}"
        return (f"{source} row {self.row}, column {self.column}: {cell_shape(self.value)} is "
                f"not {self.expected}")


@dataclass(frozen=True)
class Quarantine:
    """The problems of an export and the share of its rows they keep out."""

    problems: tuple[Problem, ...] = ()
    """Sorted by row, then by column as the export orders them."""
    rows_read: int = 0
    """Respondent rows in the export (quarantined and left out ones included)."""
    left_out: tuple[Problem, ...] = ()
    """Rows that are not real, completed responses (previews, tests, unfinished), left out by
    report.yaml's ``respondents`` rule: listed with the problems, not counted as ones."""

    @cached_property
    def rows(self) -> int:
        """Rows kept out of the statistics for a problem."""
        return len({problem.row for problem in self.problems})

    @property
    def rows_screened(self) -> int:
        """Rows the rule keeps: those whose problems are counted."""
        return self.rows_read - len({problem.row for problem in self.left_out})

    @property
    def share(self) -> float:
        return self.rows / self.rows_screened if self.rows_screened else 0.0

    def __bool__(self) -> bool:
        return bool(self.problems)  # the rows left out are not problems

    def __len__(self) -> int:
        return len(self.problems)

    def messages(self, source: str) -> list[str]:
        return [problem.message(source) for problem in self.problems]

    def check(self, threshold: float, source: str, report: str | None = None) -> None:
        """Raise a ``SurveyError`` when the export has no respondent row, when every one is
        quarantined, or when the quarantined share is above ``threshold``: the export is at
        fault, whatever later stages would have blamed."""
        where = f" (see {report})" if report else ""
        if not self.rows_read:
            raise SurveyError(f"{source}: no respondent rows: the export holds its heading "
                              "row(s) only")
        if not self.rows_screened:
            raise SurveyError(f"{source}: all {self.rows_read} respondent row(s) are left out "
                              "as previews, tests or unfinished responses (report.yaml's "
                              f"respondents): none is left to count{where}")
        if self.rows == self.rows_screened:
            raise SurveyError(f"{source}: all {self.rows_screened} respondent row(s) are "
                              f"quarantined: none is left to count{where}")
        if self.share > threshold:
            raise SurveyError(
                f"{source}: {self.rows} of {self.rows_screened} rows ({self.share:.1%}) are "
                f"quarantined, more than the questionnaire's quarantine_threshold of "
                f"{threshold:.1%}{where}")


def write_quarantine(quarantine: Quarantine, path: Path, *, values: bool = False) -> None:
    """One line per problem; a file with the heading alone when there is none. The file is
    replaced whole, never seen half written. ``value`` says what the cell looks like
    (``cell_shape``) and ``respondent`` is empty, unless ``values`` (``build
    --quarantine-values``): then they hold the raw cell and the respondent id, which no cell
    can run as a formula in a spreadsheet."""
    lines = sorted((*quarantine.problems, *quarantine.left_out),
                   key=lambda problem: problem.row) if quarantine.left_out \
        else quarantine.problems
    rows = []
    for problem in lines:
        shown = {"row": problem.row, "column": problem.column, "expected": problem.expected,
                 "respondent": problem.respondent if values else "",
                 "value": problem.value if values or not problem.column
                 else cell_shape(problem.value)}
        rows.append([shown[field] for field in FIELDS])
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv_rows(path, FIELDS, rows, bom=False)  # the one writer: quoted, neutralised
