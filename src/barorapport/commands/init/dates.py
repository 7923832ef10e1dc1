"""When the survey was in the field, from the export's timestamps.

Input: the export and the columns ``survey.classify`` took for timestamps. Output: a
``Fieldwork``: the first and last days, and the edition (the year most responses were given
in), or None when no timestamp can be read. Dates are read as the tools write them:
``2024-10-01 08:33:00``, ``13/05/2024 09:12:00`` (day first, as French exports), and
``03/04/2024 09:33:00 AM`` (month first, as with a 12-hour clock); a column whose first or
second number goes above 12 says which it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ...survey.classify import ColumnRole
from ...survey.export import Export

_DATE = re.compile(r"^\s*(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[ T,]+(.*))?$")
_TWELVE_HOURS = re.compile(r"\b[AaPp]\.?[Mm]\b")


@dataclass(frozen=True)
class Fieldwork:
    start: dt.date
    end: dt.date
    edition: str
    """The year most responses were given in."""
    column: str
    """The column the dates were read from."""


def _dates(values: list[str]) -> list[dt.date | None]:
    """The date of each of ``values`` (the day of a timestamp), None where it cannot be
    read."""
    parts = [match.groups() if match else None for match in map(_DATE.match, values)]
    read = [part for part in parts if part is not None and len(part[0]) < 4]
    day_first = any(int(first) > 12 for first, *_ in read) or not (
        any(int(second) > 12 for _, second, *_ in read)
        or any(_TWELVE_HOURS.search(time or "") for *_, time in read))
    return [None if part is None else _date(part, day_first) for part in parts]


def _date(part: tuple, day_first: bool) -> dt.date | None:
    first, second, third, _ = part
    if len(first) == 4:
        year, month, day = int(first), int(second), int(third)
    else:
        year = int(third) + (2000 if len(third) == 2 else 0)
        day, month = (int(first), int(second)) if day_first else (int(second), int(first))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def fieldwork_of(export: Export, roles: tuple[ColumnRole, ...]) -> Fieldwork | None:
    """The fieldwork the export's timestamps span: from the timestamp column whose values
    read best as dates (nine in ten at least)."""
    best: tuple[Counter, str] = (Counter(), "")
    for index, role in enumerate(roles):
        if role.role != "timestamp":
            continue
        column = export.columns[index]
        counts = np.bincount(column.codes, minlength=len(column.values))
        present = [code for code in np.flatnonzero(counts) if column.values[code].strip()]
        dates = _dates([column.values[code] for code in present])
        found = Counter()
        for code, date in zip(present, dates, strict=True):
            if date is not None:
                found[date] += int(counts[code])
        filled = sum(int(counts[code]) for code in present)
        if found.total() > best[0].total() and found.total() >= 0.9 * filled:
            best = (found, export.headings[index])
    found, heading = best
    if not found:
        return None
    years = Counter()
    for date, count in found.items():
        years[date.year] += count
    return Fieldwork(start=min(found), end=max(found), edition=str(years.most_common(1)[0][0]),
                     column=heading)
