"""What chapter templates use in a segment's edition (``segments`` in report.yaml).

Input: the segment's figures table, the whole sample's, the segment (its answer's label,
question, respondents). Output: the template functions ``whole()`` (the whole sample's
figure) and ``beside()`` (a figure beside the whole sample's, in the catalogue's words:
"Cadres : 64 % ; ensemble : 58 %"). In the whole sample's edition they give the whole
sample's figure and its share alone, so that one template serves every edition.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from ..formatting import fmt_number, fmt_pct
from ..stats import Figure, FigureTable
from ..wording import say


def segment_functions(figures: FigureTable, whole: FigureTable | None,
                      segment: dict[str, Any] | None,
                      digits_of: Callable[[Figure], int]) -> dict[str, Callable]:
    """``whole(question, **keys)`` and ``beside(question, digits=None, **keys)``."""
    reference = whole if whole is not None else figures

    def whole_figure(question: str, **keys) -> Figure:
        """The whole sample's figure (``fig()``'s keys): in a segment's edition, the one its
        figure stands beside; in the whole sample's, ``fig()``'s own."""
        return reference.get(question, **keys)

    def beside(question: str, digits: int | None = None, **keys) -> Markup:
        """The figure, then the whole sample's beside it, and whether the segment differs
        significantly from the rest of the sample: "Cadres : 64 % ; ensemble : 58 %"."""
        figure = figures.get(question, **keys)
        places = digits_of(figure) if digits is None else digits
        shown = _value(figure, places)
        if segment is None:
            return Markup(escape(shown))
        other = _value(reference.get(question, **keys), places)
        key = {"higher": "segment.beside_higher", "lower": "segment.beside_lower"}.get(
            figure.segment_differs or "", "segment.beside")
        return Markup(escape(say(key, segment=segment["label"], value=shown, whole=other)))

    return {"whole": whole_figure, "beside": beside}


def _value(figure: Figure, digits: int) -> str:
    """A share as a percentage, a numeric question's statistic as a number."""
    if figure.suppressed or not math.isnan(figure.share):
        return fmt_pct(figure, digits)
    return fmt_number(figure.value, 1)
