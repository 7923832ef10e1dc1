"""What a CSV reader read, checked against the file: quotes balanced, every quoted cell closed
where a cell may end, no quoted cell swallowing lines that are rows of their own.

Input: the export as UTF-8 bytes, its delimiter and the width of its heading row. Output:
nothing, or a ``SurveyError`` naming the line and column where the faulty quoted cell opens.
A CSV reader is lenient on purpose (a stray quote is taken as text, a cell cut by the end of
the file is taken as it is); here that leniency would drop respondents without a word.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np

from ..errors import SurveyError

QUOTE = ord('"')
MIN_WIDTH_FOR_ROWS = 3
"""From how many columns a line inside a quoted cell, split into as many cells as the heading
row, is taken for a swallowed row (with fewer, ordinary sentences would match)."""


def check_structure(text: bytes, delimiter: str, width: int, shown: str,
                    headings: list[str]) -> None:
    """Raise a ``SurveyError`` when the records of ``text`` are not what its lines hold."""
    if b'"' not in text or _plainly_quoted(text, delimiter):
        return  # every line is a record, as the reader read it
    stream = io.TextIOWrapper(io.BytesIO(text), encoding="utf-8", newline="")
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise _located(text, start, delimiter, shown, headings) from None
        if reader.line_num > start:
            _check_spanning(record, start, delimiter, width, text, shown, headings)


def _plainly_quoted(text: bytes, delimiter: str) -> bool:
    """Whether the quotes can be seen well formed at once, without reading record by
    record: every quote opens a cell (after a separator or a line start), closes one (before
    a separator, a line end or the end of the file) or is doubled, their number is even, and
    no line break falls inside a quoted cell. Files with multi-line cells take the slow road.
    """
    data = np.frombuffer(text, dtype=np.uint8)
    quotes = np.flatnonzero(data == QUOTE)
    if len(quotes) % 2:
        return False
    edges = np.frombuffer(b"\n\r\"" + delimiter.encode(), dtype=np.uint8)
    before = np.where(quotes > 0, data[np.maximum(quotes - 1, 0)], ord("\n"))
    after = np.where(quotes < len(data) - 1, data[np.minimum(quotes + 1, len(data) - 1)],
                     ord("\n"))
    if not (np.isin(before, edges) | np.isin(after, edges)).all():
        return False
    breaks = np.flatnonzero(data == ord("\n"))
    inside = np.searchsorted(quotes, breaks) % 2 == 1
    return not inside.any()


def _line_starts(text: bytes) -> np.ndarray:
    breaks = np.flatnonzero(np.frombuffer(text, dtype=np.uint8) == ord("\n"))
    return np.concatenate([[0], breaks + 1])


def _place(text: bytes, starts: np.ndarray, offset: int) -> tuple[int, int]:
    """(line, column in characters) of byte ``offset``, both from 1."""
    line = int(np.searchsorted(starts, offset, side="right"))
    column = len(text[starts[line - 1]:offset].decode("utf-8", "replace")) + 1
    return line, column


def _heading(headings: list[str], field: int) -> str:
    return headings[field] if field < len(headings) and headings[field] else f"{field + 1}"


def _walk(text: bytes, offset: int, delimiter: str):
    """The cells of the record starting at byte ``offset``, as (cell, opening quote offset or
    None, problem, offset of the faulty closing quote); the problem, when there is one, is
    ``eof`` (never closed) or ``after`` (closed by a quote followed by something else), and
    ends the walk."""
    ends = re.compile(rb"[" + re.escape(delimiter.encode()) + rb"\r\n]")
    position, field, size = offset, 0, len(text)
    while position <= size:
        if position < size and text[position] == QUOTE:
            opened = position
            position += 1
            while True:
                closing = text.find(b'"', position)
                if closing < 0:
                    yield field, opened, "eof", size
                    return
                if text[closing + 1:closing + 2] == b'"':
                    position = closing + 2
                    continue
                if text[closing + 1:closing + 2] in (b"", delimiter.encode(), b"\n", b"\r"):
                    position = closing + 1
                    break
                yield field, opened, "after", closing
                return
            yield field, opened, None, position
        else:
            found = ends.search(text, position)
            position = found.start() if found else size
            yield field, None, None, position
        if position >= size or text[position] in b"\r\n":
            return
        position += 1
        field += 1


def _located(text: bytes, start_line: int, delimiter: str, shown: str,
             headings: list[str]) -> SurveyError:
    """The error for the record starting on ``start_line``, which Python's reader refused."""
    starts = _line_starts(text)
    offset = int(starts[start_line - 1]) if start_line - 1 < len(starts) else len(text)
    for field, opened, problem, at in _walk(text, offset, delimiter):
        if problem is None:
            continue
        line, column = _place(text, starts, opened)
        where = f"{shown}:{line}:{column}: the quoted cell that opens here (column " \
                f"{_heading(headings, field)})"
        if problem == "eof":
            return SurveyError(f"{where} is never closed: the file ends inside it (a quote is "
                               "missing, or the file was cut)")
        closed_line, _ = _place(text, starts, at)
        after = text[at + 1:at + 5].decode("utf-8", "ignore")[:1]
        return SurveyError(
            f"{where} is closed on line {closed_line} by a quote followed by {after!r}, not "
            f"by {delimiter!r} or the end of the line (a quote is missing, or one inside the "
            "cell is not doubled)")
    line, column = _place(text, starts, offset)  # pragma: no cover - csv refused it elsewhere
    return SurveyError(f"{shown}:{line}:{column}: this row cannot be read as CSV")


def _check_spanning(record: list[str], start_line: int, delimiter: str, width: int,
                    text: bytes, shown: str, headings: list[str]) -> None:
    """A record over several lines: no cell may hold whole lines that read as rows."""
    if width < MIN_WIDTH_FOR_ROWS:
        return
    for field, cell in enumerate(record):
        inner_lines = cell.split("\n")[1:-1]  # whole lines: neither the first nor the last
        for inner in inner_lines:
            cells = next(csv.reader([inner.rstrip("\r")], delimiter=delimiter), [])
            if len(cells) != width:
                continue
            starts = _line_starts(text)
            opened = next(opened for number, opened, _problem, _at
                          in _walk(text, int(starts[start_line - 1]), delimiter)
                          if number == field)
            line, column = _place(text, starts, opened)
            raise SurveyError(
                f"{shown}:{line}:{column}: the quoted cell that opens here (column "
                f"{_heading(headings, field)}) holds lines that read as rows of their own "
                f"({inner.rstrip()!r}): a quote is missing")
