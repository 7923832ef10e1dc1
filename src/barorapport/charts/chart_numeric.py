"""A numeric question's distribution (histogram over a box plot) and its means by group.

Input: the ``histogram`` or ``means`` frame of ``data_more`` and the house style. Output: a
matplotlib figure. The histogram's bars carry their share when it fits; the box plot under
it, on the same axis, shows min, Q1, median, Q3, max and the mean (a diamond). The means
chart draws one bar per group with its 95 % interval and the mean printed after it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..formatting import LOW_BASE_MARK, fmt_number
from ..wording import say
from .layout import LINE, caption_lines, house_context, new_figure, points_to_inches
from .layout import finish as finish_bars
from .style import ChartStyle, wrap_label


def _caption(fig, style: ChartStyle, size, notes: tuple[str, ...]) -> None:
    lines = caption_lines(notes, style)
    line = points_to_inches(size.font_pt * LINE) / fig.get_figheight()
    for index, text in enumerate(lines):
        fig.text(0.005, (len(lines) - index - 0.6) * line, wrap_label(text, size, 1.0),
                 fontsize=size.font_pt, color=style.text_colour, ha="left",
                 va="bottom")


def _note_lines(notes: tuple[str, ...], size) -> int:
    return sum(wrap_label(note, size, 1.0).count("\n") + 1 for note in notes)


def chart_histogram(data: pd.DataFrame, style: ChartStyle, *, summary: dict,
                    medium: str = "print", digits: int = 1, notes: tuple[str, ...] = ()):
    size = style.size(medium)
    with house_context(style, size):
        line = points_to_inches(size.font_pt * LINE)
        caption = _note_lines(notes, size) + bool(style.source)
        height = 10 * line + (caption + 2.1) * line
        fig = plt.figure(figsize=(size.width_in, height))
        bottom = (caption + 1.8) * line / height
        # The axis title reads horizontally above the bars (no rotated text).
        grid = fig.add_gridspec(2, 1, height_ratios=[4, 1], hspace=0.35,
                                left=0.03, right=0.99, top=1 - 1.3 * line / height,
                                bottom=bottom)
        bars_ax = fig.add_subplot(grid[0])
        box_ax = fig.add_subplot(grid[1], sharex=bars_ax)
        # The bins on the values' axis, which the box plot under them shares.
        edges = np.asarray(summary["edges"], dtype=float)
        bars = bars_ax.bar(edges[:-1], data["share"], width=np.diff(edges), align="edge",
                           color=style.palette[0], edgecolor=style.background,
                           linewidth=0.8)
        labels = [fmt_number(share, 0 if digits == 0 else 1)
                  + (LOW_BASE_MARK if low else "")
                  for share, low in zip(data["share"], data["low_base"], strict=True)]
        bars_ax.bar_label(bars, labels=labels, fontsize=size.font_pt, padding=1.5,
                          color=style.text_colour)
        bars_ax.tick_params(axis="x", labelbottom=False, length=0)
        bars_ax.set_xlim(edges[0], edges[-1])
        bars_ax.set_yticks([])
        bars_ax.set_ylim(0, float(data["share"].max() or 1) * 1.18)
        for side in ("left", "right", "top"):
            bars_ax.spines[side].set_visible(False)
        bars_ax.set_title(say("axis.share_of_respondents"), loc="left", fontsize=size.font_pt,
                          pad=size.font_pt * 0.4, color=style.text_colour)
        # The box plot, on the values' own axis.
        box_ax.bxp([{"whislo": summary["min"], "q1": summary["q1"], "med": summary["median"],
                     "q3": summary["q3"], "whishi": summary["max"], "mean": summary["mean"],
                     "fliers": []}], orientation="horizontal", showmeans=True, widths=0.6,
                   patch_artist=True,
                   boxprops={"facecolor": style.background, "edgecolor": style.palette[1]},
                   medianprops={"color": style.palette[1], "linewidth": 2},
                   whiskerprops={"color": style.palette[1]},
                   capprops={"color": style.palette[1]},
                   meanprops={"marker": "D", "markerfacecolor": style.palette[2 % len(
                       style.palette)], "markeredgecolor": style.palette[2 % len(
                           style.palette)], "markersize": 5})
        box_ax.set_yticks([])
        for side in ("left", "right", "top"):
            box_ax.spines[side].set_visible(False)
        box_ax.tick_params(axis="x", labelsize=size.font_pt)
        box_ax.xaxis.set_major_formatter(
            plt.FuncFormatter(lambda value, _: fmt_number(value, 0 if float(value)
                                                          .is_integer() else 1)))
        _fit_sideways(fig, grid, bars_ax, box_ax, size)
        _caption(fig, style, size, notes)
    return fig


def _fit_sideways(fig, grid, bars_ax, box_ax, size) -> None:
    """Widen the side margins so that the axis title (left) and the first and last values
    (under the box plot) stay inside the chart: fixed margins cut them on a phone's narrow
    chart. Browsers set text a little wider than matplotlib measures it: half a line more."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    width = fig.get_figwidth() * fig.dpi
    pad = points_to_inches(size.font_pt * 0.5) * fig.dpi
    boxes = [bars_ax.yaxis.label.get_window_extent(renderer)]
    boxes += [label.get_window_extent(renderer) for label in box_ax.get_xticklabels()
              if label.get_visible() and label.get_text()]
    left = max(0.0, pad - min(box.x0 for box in boxes))
    right = max(0.0, max(box.x1 for box in boxes) + pad - width)
    if left or right:
        params = grid.get_subplot_params(fig)
        grid.update(left=params.left + left / width, right=params.right - right / width)


def chart_means(data: pd.DataFrame, style: ChartStyle, *, medium: str = "print",
                digits: int = 1, notes: tuple[str, ...] = ()):
    size = style.size(medium)
    with house_context(style, size):
        labels = [wrap_label(label + (LOW_BASE_MARK if low else ""), size)
                  for label, low in zip(data["label"], data["low_base"], strict=True)]
        fig, ax, rect = new_figure(style, size, [label.count("\n") + 1 for label in labels],
                                   caption=_note_lines(notes, size) + bool(style.source))
        rows = np.arange(len(data))
        ax.barh(rows, data["mean"], height=0.6, color=style.palette[0])
        ax.errorbar(data["mean"], rows, fmt="none", ecolor=style.text_colour,
                    elinewidth=0.8, capsize=3,
                    xerr=[data["mean"] - data["ci_low"], data["ci_high"] - data["mean"]])
        reach = float(np.nanmax(data["ci_high"])) if len(data) else 1.0
        for row, mean, high in zip(rows, data["mean"], data["ci_high"], strict=True):
            ax.text((high if high == high else mean) + reach * 0.02, row,
                    fmt_number(mean, digits), va="center", ha="left",
                    fontsize=size.font_pt)
        ax.set_yticks(rows, labels)
        ax.invert_yaxis()
        ax.set_xlim(min(0.0, float(np.nanmin(data["ci_low"])) if len(data) else 0.0),
                    reach * 1.2 or 1.0)
        finish_bars(fig, ax, rect, style, size, ())
        _caption(fig, style, size, notes)
    return fig
