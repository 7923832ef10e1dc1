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

QUOTE, NEWLINE, CARRIAGE = ord('"'), ord("\n"), ord("\r")
MIN_WIDTH_FOR_ROWS = 3
"""From how many columns a line inside a quoted cell, split into as many cells as the heading
row, is taken for a swallowed row (with fewer, ordinary sentences would match)."""


def check_structure(text: bytes, delimiter: str, width: int, shown: str,
                    headings: list[str]) -> bool:
    """Raise a ``SurveyError`` when the records of ``text`` are not what its lines hold.

    Returns whether a line between the records may be blank (a reader skips it, so rows are
    then numbered by reading the file once more).
    """
    data = np.frombuffer(text, dtype=np.uint8)
    if b'"' not in text:
        return _blank_line(data, np.flatnonzero(data == NEWLINE))
    outside = _plainly_quoted(data, text, delimiter, width)
    if outside is not None:  # every line is a record, as the reader read it
        return _blank_line(data, outside)
    stream = io.TextIOWrapper(io.BytesIO(text), encoding="utf-8", newline="")
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return b"\n\n" in text or b"\n\r\n" in text
        except csv.Error:
            raise _located(text, start, delimiter, shown, headings) from None
        if reader.line_num > start:
            _check_spanning(record, start, delimiter, width, text, shown, headings)


def _blank_line(data: np.ndarray, breaks: np.ndarray) -> bool:
    """Whether a line ended by one of ``breaks`` (offsets of line feeds outside quoted
    cells) is empty or only a carriage return."""
    if not len(breaks):
        return False
    starts = np.concatenate([[0], breaks[:-1] + 1])
    lengths = breaks - starts
    return bool((lengths == 0).any()
                or ((lengths == 1) & (data[np.maximum(breaks - 1, 0)] == CARRIAGE)).any())


def _plainly_quoted(data: np.ndarray, text: bytes, delimiter: str, width: int
                    ) -> np.ndarray | None:
    """The line feeds outside quoted cells, when the quotes can be seen well formed at once
    without reading record by record; None when the slow road must tell.

    Taking the quotes in pairs, each pair's first quote opens a cell (after a line start or
    a separator) or doubles the quote just before it, each pair's second closes the cell
    (before a separator, a line end or the end of the file) or is doubled by the next one,
    and their number is even. Then the cells are where the pairs are, and no cell over
    several lines holds a whole line with as many separators as a row has (the only lines
    that could read as rows of their own). Anything else (a stray quote, a lone carriage
    return) takes the slow road, which names the place.
    """
    if b"\r" in text and text.count(b"\r") != text.count(b"\r\n"):
        return None
    quotes = np.flatnonzero(data == QUOTE)
    if len(quotes) % 2:
        return None
    openers, closers = quotes[0::2], quotes[1::2]
    edges = np.frombuffer(b"\n\r" + delimiter.encode(), dtype=np.uint8)
    doubled = np.zeros(len(openers), dtype=bool)  # this opener doubles the closer before it
    doubled[1:] = openers[1:] - 1 == closers[:-1]
    opens = (openers == 0) | np.isin(data[np.maximum(openers - 1, 0)], edges) | doubled
    last = len(data) - 1
    closes = (closers == last) | np.isin(data[np.minimum(closers + 1, last)], edges)
    closes[:-1] |= doubled[1:]
    if not (opens.all() and closes.all()):
        return None
    breaks = np.flatnonzero(data == NEWLINE)
    quoted = np.searchsorted(quotes, breaks) % 2 == 1
    inside, outside = breaks[quoted], breaks[~quoted]
    if not len(inside) or width < MIN_WIDTH_FOR_ROWS:
        return outside
    cell_starts = openers[~doubled]
    cells = np.searchsorted(cell_starts, inside, side="right")
    inner = np.flatnonzero(cells[1:] == cells[:-1])  # two breaks of one cell: a whole line
    separator = delimiter.encode()
    for first, end in zip(inside[inner].tolist(), inside[inner + 1].tolist(), strict=True):
        line = text[first + 1:end]
        if line.count(separator) < width - 1:
            continue  # too few separators to be a row
        line = line.replace(b'""', b'"').decode("utf-8", "replace").rstrip("\r")
        if len(next(csv.reader([line], delimiter=delimiter), [])) == width:
            return None
    return outside


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
        for offset, inner in enumerate(inner_lines, start=1):
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
                f"(line {line + offset} reads as a row of {width} cells): a quote is missing")
