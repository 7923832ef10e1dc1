"""Read a CSV export: bytes in any accepted encoding in, every record as text out.

Arrow parses the file (on every core, straight into dictionary-encoded columns), once
``structure`` has checked that its quotes hold what a reader may take for records. Rows are
numbered as a spreadsheet shows them; when the file has blank or ragged rows, Python's csv
module reads it once more to number the rows exactly and name the ragged ones.
"""

from __future__ import annotations

import csv
import io
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from ..errors import SurveyError
from .encoding import to_utf8
from .structure import check_structure
from .table import Column, Records

DELIMITERS = (",", ";", "\t", "|")
BLOCK_SIZE = 1 << 24
"""Bytes Arrow parses at once: big enough for speed, small enough for memory."""


def sniff_delimiter(head: str) -> str:
    """The candidate that the first record (outside quoted cells) uses most; ``,`` on a tie."""
    outside, quoted = [], False
    for character in head:
        if character == '"':
            quoted = not quoted
        elif character == "\n" and not quoted:
            break
        elif not quoted:
            outside.append(character)
    heading = "".join(outside)
    counts = {delimiter: heading.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _first_record(text: bytes, delimiter: str) -> list[str]:
    head = text[:1 << 20].decode("utf-8", errors="ignore")
    return next(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), [])


def _parse(text: bytes, delimiter: str, width: int, shown: str
           ) -> tuple[pa.Table, int]:
    """Arrow's table of every record (column ``f<i>``) and the number of rows it skipped."""
    skipped = 0

    def skip(row) -> str:
        nonlocal skipped
        skipped += 1
        return "skip"

    text_type = pa.dictionary(pa.int32(), pa.string())
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(text),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True,
                                            block_size=BLOCK_SIZE),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                              invalid_row_handler=skip),
            convert_options=pa_csv.ConvertOptions(
                column_types={f"f{index}": text_type for index in range(width)},
                strings_can_be_null=False, quoted_strings_can_be_null=False,
                check_utf8=False))  # to_utf8 has checked it
    except pa.ArrowInvalid as error:
        raise SurveyError(f"{shown}: {error}") from None
    return table, skipped


def _exact_rows(text: bytes, delimiter: str, width: int
                ) -> tuple[np.ndarray, tuple[tuple[int, int], ...]]:
    """The row of each record, and (row, cells) of each ragged row, counted by Python."""
    rows, ragged = [], []
    stream = io.TextIOWrapper(io.BytesIO(text), encoding="utf-8", newline="")
    for number, record in enumerate(csv.reader(stream, delimiter=delimiter), start=1):
        if not record:
            continue
        if len(record) != width:
            ragged.append((number, len(record)))
            continue
        rows.append(number)
    return np.asarray(rows, dtype=np.int64), tuple(ragged)


def _column(chunks: pa.ChunkedArray) -> Column:
    """A column of Arrow's table: its chunks' dictionaries made one, then its codes."""
    if chunks.num_chunks > 1:
        chunks = pa.Table.from_arrays([chunks], ["cells"]).unify_dictionaries().column(0)
    if chunks.num_chunks == 0:
        return Column(np.zeros(0, dtype=np.int32), ())
    codes = np.concatenate([chunk.indices.to_numpy(zero_copy_only=False)
                            for chunk in chunks.chunks]).astype(np.int32, copy=False)
    return Column(codes, tuple(chunks.chunk(0).dictionary.to_pylist()))


def read_delimited(path: Path, shown: str, encoding: str | None = None,
                   delimiter: str | None = None) -> tuple[Records, str]:
    """Every record of the CSV at ``path`` and the delimiter it uses."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SurveyError(f"{shown}: file not found") from None
    text, read_as = to_utf8(data, encoding, shown)
    del data  # the UTF-8 text may be a copy: keep one
    delimiter = delimiter or sniff_delimiter(text[:1 << 16].decode("utf-8", "ignore"))
    headings = _first_record(text, delimiter)
    width = len(headings)
    if width == 0:
        raise SurveyError(f"{shown}: empty file")
    blank_lines = check_structure(text, delimiter, width, shown, headings)
    table, skipped = _parse(text, delimiter, width, shown)
    rows = np.arange(1, table.num_rows + 1, dtype=np.int64)
    ragged: tuple[tuple[int, int], ...] = ()
    if skipped or blank_lines:
        rows, ragged = _exact_rows(text, delimiter, width)
        if len(rows) != table.num_rows:  # pragma: no cover - the two parsers disagree
            raise SurveyError(f"{shown}: the rows cannot be numbered ({len(rows)} records "
                              f"read by Python, {table.num_rows} by Arrow)")
    del text
    # Arrow unifies a column's dictionaries with the interpreter released: on every core.
    with ThreadPoolExecutor(os.cpu_count() or 1) as workers:
        columns = tuple(workers.map(_column, table.columns))
    del table
    pa.default_memory_pool().release_unused()  # Arrow keeps freed memory for itself
    return Records(columns=columns, rows=rows, ragged=ragged, encoding=read_as), delimiter
