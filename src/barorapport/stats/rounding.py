"""The rounding rule of the publication and the note when shown shares miss 100.

Input: shares, or figures of one question. Output: rounded percentages and, when the
displayed shares of a question that sums to 100 do not add up to 100, the note that says so.

Rounding is decided on the exact value: a figure's share is the fraction count/base (23/40
is exactly 57,5 %, which rounds to 58 %), a number is taken as the decimal it prints as
(0.125, not the binary float just under it). Halves go away from zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from math import floor

from ..wording import say

SUMS_TO_100 = ("respondents", "mentions", "level")
"""Measures whose shares add up to 100 within one question (or grid item), when the
question takes one answer (``respondents`` of a single-choice question) or always
(``mentions``, a grid item's ``level``)."""


def exact(value) -> Fraction:
    """``value`` as an exact fraction: a ``Fraction`` or ``Decimal`` as is, an int, and a
    float as the shortest decimal that prints it (``repr``)."""
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, Decimal):
        return Fraction(value)
    return Fraction(Decimal(repr(float(value))))


def exact_share(value) -> Fraction:
    """A figure's share as count/base when both are whole numbers and the share is their
    ratio (unweighted figures), else its share; a number (0 to 1) as ``exact`` reads it."""
    if hasattr(value, "share"):
        count, base = getattr(value, "count", None), getattr(value, "base", None)
        share = value.share
        # Unweighted: the share is count/base, exactly. Weighted, it is not (the base and
        # count are respondents, the share is weighted): the share is taken as it is.
        if _whole(count) and _whole(base) and base and abs(count / base - share) < 1e-9:
            return Fraction(int(count), int(base))
        return exact(share)
    return exact(value)


def _whole(value) -> bool:
    try:
        return value is not None and float(value) == int(value)
    except (TypeError, ValueError, OverflowError):
        return False


def round_half_up(value, digits: int) -> Decimal:
    """Half away from zero, at ``digits`` decimals, on the exact value (so that 0.125 gives
    0.13 where binary rounding would give 0.12, and 23/40 × 100 gives 58)."""
    scaled = exact(value) * 10 ** digits
    whole = floor(abs(scaled) + Fraction(1, 2))
    return (Decimal(-whole if scaled < 0 else whole)).scaleb(-digits)


def round_percent(value, digits: int) -> Decimal:
    """A share (0 to 1, or a figure) as a percentage rounded at ``digits``."""
    return round_half_up(exact_share(value) * 100, digits)


def displayed_total(figures: Iterable, digits: int = 0) -> Decimal:
    """The sum of the percentages as displayed at ``digits`` decimals."""
    return sum((round_percent(figure, digits) for figure in figures), Decimal(0))


def rounding_note(figures: Iterable, digits: int = 0) -> str:
    """The note for shares meant to add up to 100 (options of a single-choice question,
    levels of a grid item, mentions); empty when they do, or when a figure is not
    published."""
    figures = list(figures)
    if not figures or any(figure.suppressed for figure in figures):
        return ""
    return "" if displayed_total(figures, digits) == 100 else say("note.rounding")
