"""Ranked horizontal bars: the options of a choice question (or the themes of an open one).

Input: a frame of ``label``, ``share`` (percent) and ``low_base``, already in display order.
Output: a matplotlib figure in the house style, the value printed after each bar.
"""

from __future__ import annotations

import pandas as pd

from .layout import finish_plot, house_context, new_plot, value_label
from .style import ChartStyle, wrap_label

VALUE_PAD_PT = 3
"""Room between a bar's end and its value, in points."""


def chart_bars(data: pd.DataFrame, style: ChartStyle, *, medium: str = "print",
               digits: int = 1, notes: tuple[str, ...] = (), top: float | None = None):
    """``top``: the longest bar's share (the parts of a split chart share their whole's)."""
    size = style.size(medium)
    with house_context(style, size):
        labels = [wrap_label(label, size) for label in data["label"]]
        # Room on the right for the longest value label.
        reach = max(float(top if top is not None else data["share"].max()) * 1.2, 1)
        fig, plot = new_plot(style, size, labels, (0, reach),
                             caption=len(notes) + bool(style.source))
        shares = data["share"].to_numpy()
        plot.bars(shares, color=style.palette[0])
        for centre, share, low in zip(plot.centres, shares, data["low_base"], strict=True):
            plot.text(share, centre, value_label(share, digits, low), offset_pt=VALUE_PAD_PT,
                      ha="left", va="center", fontsize=size.font_pt,
                      color=style.text_colour)
        finish_plot(plot, style, size, notes)
    return fig
