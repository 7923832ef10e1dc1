"""The rounding rule of the publication and the note when shown shares miss 100.

Input: shares, or figures of one question. Output: rounded percentages and, when the
displayed shares of a question that sums to 100 do not add up to 100, the note that says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

ROUNDING_NOTE = ("Les pourcentages étant arrondis, leur total affiché n'est pas égal "
                 "à 100 %.")


def round_half_up(value: float, digits: int) -> Decimal:
    """Half away from zero, at ``digits`` decimals, on the decimal value as printed (so
    that 0.125 gives 0.13 where binary rounding would give 0.12)."""
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


def displayed_total(figures: Iterable, digits: int = 0) -> Decimal:
    """The sum of the percentages as displayed at ``digits`` decimals."""
    return sum((round_half_up(figure.share * 100, digits) for figure in figures), Decimal(0))


def rounding_note(figures: Iterable, digits: int = 0) -> str:
    """The note for shares meant to add up to 100 (options of a single-choice question,
    levels of a grid item); empty when they do, or when a figure is not published."""
    figures = list(figures)
    if not figures or any(figure.suppressed for figure in figures):
        return ""
    return "" if displayed_total(figures, digits) == 100 else ROUNDING_NOTE
