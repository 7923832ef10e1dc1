"""The values no output may show: those of the columns never read as answers (personal
data, respondents' ids, timestamps), kept as hashes for the final gate to look for.

Input: the export's withheld columns (``ColumnPlan.withheld``) and the questionnaire, whose
own words (question texts, options, items, levels) are never taken for a respondent's.
Output: a ``Withheld``, which says which columns' values a text shows
(``openanswers.published`` asks it of every output before anything is installed).

A value is looked for as the sequence of its words (``2024-10-01 08:33:00`` is two), whole
words only, so that ``Liam`` is found in ``« Liam » : 10 %`` but not in ``William``; a
number with a decimal point is also looked for with a decimal comma. Values too short to
tell a person apart (under ``MIN_LENGTH`` characters, or ``MIN_NAME`` in a column of
names) are not looked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .table import Column

MIN_LENGTH = 6
"""Characters a value must have (spaces aside) to be looked for."""
MIN_NAME = 3
"""Characters a name must have to be looked for."""
MAX_WORDS = 6
"""Words of the longest value looked for (longer ones: their first ``MAX_WORDS``)."""
_WORD = re.compile(r"[^\s\"'«»“”‘’„,;()\[\]{}<>|=*]+")
_EDGES = ".:!?…-+\u2212"
_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")


def words(text: str) -> list[str]:
    """The words of ``text`` as values are compared: runs between spaces, quotes,
    brackets, commas and semicolons, without a leading sign or a trailing full stop."""
    found = (word.strip(_EDGES) for word in _WORD.findall(text.replace("\u2019", "'")))
    return [word for word in found if word]


def _hash(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.empty(0, dtype=np.uint64)
    return pd.util.hash_array(np.asarray(texts, dtype=object), categorize=False)


def _sequences(value: str, names: bool) -> list[tuple[str, ...]]:
    """The word sequences a cell is looked for as."""
    value = value.strip()
    if not value:
        return []
    found = []
    if len(value.replace(" ", "")) >= (MIN_NAME if names else MIN_LENGTH):
        found.append(tuple(words(value))[:MAX_WORDS])
        if _DECIMAL.match(value):  # 48.8566 printed the French way: 48,8566
            found.append(tuple(words(value.replace(".", ",")))[:MAX_WORDS])
    return [sequence for sequence in found if sequence]


@dataclass(frozen=True)
class Values:
    """One column's values, as hashes of their word sequences."""

    single: np.ndarray
    """Sorted hashes of the one-word values."""
    first: np.ndarray
    """Sorted hashes of the first word of the longer values."""
    longer: np.ndarray
    """Sorted hashes of the longer values' words joined by one space."""
    lengths: tuple[int, ...]
    """The numbers of words of the longer values."""

    def __bool__(self) -> bool:
        return bool(len(self.single) or len(self.longer))


def _values(sequences: set[tuple[str, ...]], known: np.ndarray) -> Values:
    single = [sequence[0] for sequence in sequences if len(sequence) == 1]
    longer = [sequence for sequence in sequences if len(sequence) > 1]
    single_hashes = np.setdiff1d(_hash(single), known)
    joined = _hash([" ".join(sequence) for sequence in longer])
    keep = ~np.isin(joined, known)
    longer = [sequence for sequence, kept in zip(longer, keep, strict=True) if kept]
    return Values(single=single_hashes, first=np.unique(_hash([s[0] for s in longer])),
                  longer=np.unique(joined[keep]),
                  lengths=tuple(sorted({len(sequence) for sequence in longer})))


@dataclass(frozen=True)
class Withheld:
    """The values of the columns no output may show, by the column's heading."""

    columns: dict[str, Values] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.columns.values())

    def shown_in(self, text: str) -> list[str]:
        """The headings of the columns a value of which ``text`` shows."""
        found = words(text)
        if not found or not self:
            return []
        hashes = _hash(found)
        shown = []
        for heading, values in self.columns.items():
            if len(values.single) and np.isin(hashes, values.single).any():
                shown.append(heading)
                continue
            starts = np.flatnonzero(np.isin(hashes, values.first)) if len(values.first) \
                else ()
            candidates = [" ".join(found[start:start + length]) for start in starts
                          for length in values.lengths if start + length <= len(found)]
            if candidates and np.isin(_hash(candidates), values.longer).any():
                shown.append(heading)
        return shown


def _known_words(texts: Iterable[str]) -> np.ndarray:
    """Hashes of every word sequence (up to ``MAX_WORDS``) of the questionnaire's texts."""
    grams = set()
    for text in texts:
        found = words(text)
        for start in range(len(found)):
            for length in range(1, MAX_WORDS + 1):
                if start + length <= len(found):
                    grams.add(" ".join(found[start:start + length]))
    return np.unique(_hash(sorted(grams)))


def withheld_values(columns: dict[str, tuple[Column, bool]], texts: Iterable[str]) -> Withheld:
    """``Withheld`` of ``columns`` (heading to the column and whether it holds names),
    leaving out what ``texts`` (the questionnaire's own words) say."""
    known = _known_words(texts)
    found = {}
    for heading, (column, names) in columns.items():
        present = np.unique(column.codes)
        sequences = {sequence for code in present
                     for sequence in _sequences(column.values[code], names)}
        values = _values(sequences, known)
        if values:
            found[heading] = values
    return Withheld(found)
