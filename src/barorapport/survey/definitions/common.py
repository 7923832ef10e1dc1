"""What every survey definition reader shares: texts without their markup, the values an
export column holds, and the columns a definition declares."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ..carried import CarriedQuestion, ColumnMeta
from ..export import Export

_TAG = re.compile(r"<[^>]+>")


def plain(text: str | None) -> str:
    """A question or choice text without its HTML, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", text or ""))).strip()


def column_values(export: Export, heading: str) -> set[str]:
    """The distinct non-empty values of the export column ``heading`` (none when absent)."""
    if heading not in export.headings:
        return set()
    column = export.columns[export.headings.index(heading)]
    return {value.strip() for value in column.values if value.strip()}


def declared_columns(export: Export, questions: Iterable[CarriedQuestion]
                     ) -> dict[str, ColumnMeta]:
    """The export's own column metadata, with each declared question's columns: its text
    and its options."""
    columns = dict(export.carried.columns) if export.carried else {}
    for question in questions:
        for column in question.columns:
            columns[column] = ColumnMeta(name=column, text=question.text,
                                         labels=question.options)
    return columns
