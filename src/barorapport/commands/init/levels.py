"""The answers of a choice question (or of a grid's scale) made options: in their order,
coded, an answer one edit away from a frequent one read as that one.

Input: every answer of the question's column(s), in the export's order. Output:
``Levels``. The order is, by preference: the numbers' (``1``, ``2``... or ``0`` to ``10``),
the leading numbers' (``1 - Jamais``, ``11 - Strongly pro-EU``, unlabelled levels between
them counting as their number), a recognised scale's (``commands.init.scales``), else the
order of first appearance, which ``init`` marks ``review_order`` for check and build to
warn about.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .scales import recognised_order

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_LEADING = re.compile(r"^\s*(\d+)\s*[-–—.:)](?!\d)\s*")
"""A level's number before its label (``1 - Strongly agree``); not a range (``1-8 grades``)."""
RARE = 0.02
"""An answer given by at most this share of respondents (and at most 1 in 10 of those who
gave the answer it is one edit away from) is taken for a typo of it."""


@dataclass(frozen=True)
class Levels:
    options: tuple[tuple[str, str], ...]
    """(code, label) in order."""
    answer_codes: dict[str, str]
    """Export value to code, when the export holds labels (or typos)."""
    how: str
    """How the order was found: ``numbers``, ``leading numbers``, ``a recognised
    agreement scale``..., ``first appearance``."""
    typos: tuple[tuple[str, int, str, int], ...] = ()
    """(answer, times given, the answer it is read as, times given) of each typo."""

    @property
    def known(self) -> bool:
        """Whether the order was found rather than taken from the export's rows."""
        return self.how != "first appearance"


def number(value: str) -> float | None:
    return float(value.replace(",", ".")) if _NUMBER.match(value) else None


def one_edit(first: str, second: str) -> bool:
    """Whether ``second`` is ``first`` with one character added, removed, replaced, or two
    neighbours swapped (``Jamias``, ``Jamais``); case aside."""
    first, second = first.casefold(), second.casefold()
    if first == second:
        return True
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        different = [index for index, (a, b) in enumerate(zip(first, second, strict=True))
                     if a != b]
        return len(different) == 1 or (
            len(different) == 2 and different[1] == different[0] + 1
            and first[different[0]] == second[different[1]]
            and first[different[1]] == second[different[0]])
    shorter, longer = sorted((first, second), key=len)
    index = next((i for i, (a, b) in enumerate(zip(shorter, longer, strict=False))
                  if a != b), len(shorter))
    return shorter[index:] == longer[index + 1:]


def typos(values: list[str]) -> dict[str, str]:
    """Each rare written answer to the frequent answer it is one edit away from."""
    counts = Counter(values)
    found = {}
    for rare, times in counts.items():
        if len(rare) < 4 or not any(c.isalpha() for c in rare) or times > RARE * len(values):
            continue
        near = [other for other, count in counts.most_common()
                if other != rare and count >= 10 * times and one_edit(rare, other)]
        if near:
            found[rare] = near[0]
    return found


def ordered(distinct: list[str]) -> tuple[list[str], str]:
    """The distinct answers in their order, and how it was found."""
    numbers = [number(value) for value in distinct]
    if all(value is not None for value in numbers):
        return [value for _, value in sorted(zip(numbers, distinct, strict=True))], "numbers"
    leading = [_LEADING.match(value) for value in distinct]
    if all(match or value is not None for match, value in zip(leading, numbers, strict=True)):
        keys = [float(match.group(1)) if match else value
                for match, value in zip(leading, numbers, strict=True)]
        return [value for _, value in sorted(zip(keys, distinct, strict=True))], \
            "leading numbers"
    recognised = recognised_order(distinct)
    if recognised is not None:
        return recognised[0], f"a recognised {recognised[1]} scale"
    return distinct, "first appearance"


def levels_of(values: list[str]) -> Levels:
    """``values`` (every answer, in the export's order) as ordered, coded options."""
    misspelt = typos(values)
    distinct = list(dict.fromkeys(value for value in values if value not in misspelt))
    levels, how = ordered(distinct)
    counts = Counter(values)
    found = tuple((rare, counts[rare], meant, counts[meant])
                  for rare, meant in misspelt.items())
    if all(_NUMBER.match(value) and "," not in value and "." not in value
           for value in levels):
        return Levels(tuple((value, value) for value in levels), {}, how)
    options = tuple((str(index), (how == "leading numbers" and _LEADING.sub("", label))
                     or label) for index, label in enumerate(levels, start=1))
    mapping = {label: code for (code, _), label in zip(options, levels, strict=True)}
    mapping |= {rare: mapping[meant] for rare, meant in misspelt.items()}
    return Levels(options, mapping, how, found)
