"""Small multiples of a series of editions: one line-and-dot panel per option or item.

Input: a frame of ``label`` (the panel), ``edition``, ``share`` (percent) in panel order and
edition order. Output: a matplotlib figure, panels sharing one vertical scale so that their
slopes compare, each point's value printed above it; a series broken by a change of the
questionnaire starts at the first edition it compares from.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from ._sns import sns
from .layout import LINE, caption_lines, house_context, points_to_inches, value_label
from .style import ChartStyle

COLUMNS = 3
"""Panels per row: three keep a panel's slope readable at print width."""


def chart_trend(data: pd.DataFrame, style: ChartStyle, *, medium: str = "print",
                digits: int = 1, notes: tuple[str, ...] = ()):
    import matplotlib.pyplot as plt

    size = style.size(medium)
    panels = list(dict.fromkeys(data["label"]))
    editions = sorted(dict.fromkeys(data["edition"]))
    columns = min(COLUMNS, len(panels))
    rows = math.ceil(len(panels) / columns)
    line = points_to_inches(size.font_pt * LINE)
    panel_height = 9 * line
    caption = len(caption_lines(notes, style))
    height = rows * panel_height + (caption + 0.6) * line
    top = max(float(data["share"].max()) * 1.3, 1)
    characters = max(12, int(size.width_in / columns * 72 / (size.font_pt * 0.55)))
    with house_context(style, size):
        fig, axes = plt.subplots(rows, columns, figsize=(size.width_in, height), sharey=True,
                                 squeeze=False)
        for index, ax in enumerate(axes.flat):
            if index >= len(panels):
                ax.set_visible(False)
                continue
            panel = data[data["label"] == panels[index]]
            positions = [editions.index(edition) for edition in panel["edition"]]
            sns.lineplot(x=positions, y=panel["share"].to_numpy(), marker="o",
                         color=style.palette[0], ax=ax, linewidth=1.5, markersize=5)
            for position, share in zip(positions, panel["share"], strict=True):
                ax.annotate(value_label(share, digits), (position, share),
                            textcoords="offset points", xytext=(0, size.font_pt * 0.6),
                            ha="center", fontsize=size.font_pt,
                            color=style.text_colour)
            ax.set_title("\n".join(textwrap.wrap(panels[index], characters,
                                                 break_long_words=False)),
                         fontsize=size.font_pt, loc="left", color=style.text_colour)
            ax.set_xticks(range(len(editions)), editions)
            ax.set_xlim(-0.4, len(editions) - 0.6)
            ax.set_ylim(0, top)
            ax.set_yticks([])
            ax.tick_params(axis="x", length=0, labelsize=size.font_pt)
            sns.despine(ax=ax, left=True)
        bottom = (caption + 0.6) * line / height
        fig.tight_layout(rect=(0, bottom, 1, 1), pad=0.2, h_pad=0.8)
        step = line / height
        for index, text in enumerate(caption_lines(notes, style)):
            fig.text(0.005, (caption - index - 0.6) * step, text, fontsize=size.font_pt,
                     color=style.text_colour, ha="left", va="bottom")
    return fig
