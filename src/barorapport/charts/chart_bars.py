"""Ranked horizontal bars: the options of a choice question (or the themes of an open one).

Input: a frame of ``label``, ``share`` (percent) and ``low_base``, already in display order.
Output: a matplotlib figure in the house style, the value printed after each bar.
"""

from __future__ import annotations

import pandas as pd

from ._sns import sns
from .layout import finish, house_context, new_figure, value_label
from .style import ChartStyle, wrap_label


def chart_bars(data: pd.DataFrame, style: ChartStyle, *, medium: str = "print",
               digits: int = 1, notes: tuple[str, ...] = ()):
    size = style.size(medium)
    with house_context(style, size):
        labels = [wrap_label(label, size) for label in data["label"]]
        fig, ax, rect = new_figure(style, size, [label.count("\n") + 1 for label in labels],
                                   caption=len(notes) + bool(style.source))
        sns.barplot(x=data["share"].to_numpy(), y=labels, orient="y", color=style.palette[0],
                    width=0.7, ax=ax)
        ax.bar_label(ax.containers[0], padding=3, fontsize=size.font_pt,
                     color=style.text_colour,
                     labels=[value_label(share, digits, low)
                             for share, low in zip(data["share"], data["low_base"],
                                                   strict=True)])
        # Room on the right for the longest value label.
        ax.set_xlim(0, max(float(data["share"].max()) * 1.2, 1))
        finish(fig, ax, rect, style, size, notes)
    return fig
