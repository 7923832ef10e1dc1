"""Ranked horizontal bars: the options of a choice question (or the themes of an open one).

Input: a frame of ``label``, ``share`` (percent) and ``low_base``, already in display order.
Output: a matplotlib figure in the house style, the value printed after each bar.
"""

from __future__ import annotations

import pandas as pd

from .layout import bar_rows, finish, house_context, new_figure, value_label
from .style import ChartStyle, wrap_label


def chart_bars(data: pd.DataFrame, style: ChartStyle, *, medium: str = "print",
               digits: int = 1, notes: tuple[str, ...] = (), top: float | None = None):
    """``top``: the longest bar's share (the parts of a split chart share their whole's)."""
    size = style.size(medium)
    with house_context(style, size):
        labels = [wrap_label(label, size) for label in data["label"]]
        fig, ax, rect = new_figure(style, size, [label.count("\n") + 1 for label in labels],
                                   caption=len(notes) + bool(style.source))
        rows, thickness = bar_rows(ax, size, labels)
        bars = ax.barh(rows, data["share"].to_numpy(), height=thickness,
                       color=style.palette[0])
        ax.bar_label(bars, padding=3, fontsize=size.font_pt,
                     color=style.text_colour,
                     labels=[value_label(share, digits, low)
                             for share, low in zip(data["share"], data["low_base"],
                                                   strict=True)])
        # Room on the right for the longest value label.
        ax.set_xlim(0, max(float(top if top is not None else data["share"].max()) * 1.2, 1))
        finish(fig, ax, rect, style, size, notes)
    return fig
