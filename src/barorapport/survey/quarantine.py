"""Rows kept out of the statistics, and why: never lost, always said.

Input: the problems the ingest found in an export. Output: a frozen ``Quarantine`` that the
build writes to ``build/<edition>/quarantine.csv``, prints, and checks against the
questionnaire's ``quarantine_threshold``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..atomic import write_atomically
from ..csvsafe import neutralise_row
from ..errors import SurveyError

FIELDS = ("row", "respondent", "column", "value", "expected")


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
        column = f", column {self.column}" if self.column else ""
        return f"{source} row {self.row}{column}: {self.value!r} is not {self.expected}"


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


def write_quarantine(quarantine: Quarantine, path: Path) -> None:
    """One line per problem; a file with the heading alone when there is none. The file is
    replaced whole, never seen half written. Cells hold what respondents wrote: none can run
    as a formula in a spreadsheet."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(FIELDS)
    lines = sorted((*quarantine.problems, *quarantine.left_out),
                   key=lambda problem: problem.row) if quarantine.left_out \
        else quarantine.problems
    for problem in lines:
        writer.writerow(neutralise_row(getattr(problem, field) for field in FIELDS))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.getvalue().encode("utf-8"))
