"""Bars with 95 % confidence intervals: a share per banner column (crosstabs).

Input: a plain frame with one row per label and banner column: ``column``, ``label``,
``share``, ``ci_low``, ``ci_high`` (0 to 1), ``base``, and optionally ``low_base`` and
``suppressed``. Output: a matplotlib figure: for each label, one bar per banner column in
the frame's order, its interval as a whisker, its value printed past the whisker; the
legend gives each banner column's base.
"""

from __future__ import annotations

import pandas as pd

from ..errors import StatsError
from ..formatting import fmt_count
from ..wording import say
from .layout import finish, house_context, new_figure, value_label
from .palettes import series_palette
from .style import ChartStyle, wrap_label

REQUIRED = ("column", "label", "share", "ci_low", "ci_high", "base")


def _column_legend(name: str, bases: pd.Series) -> str:
    low, high = bases.min(), bases.max()
    if low == high:
        return say("legend.column_base", name=name, count=fmt_count(low))
    return say("legend.column_bases", name=name, low=fmt_count(low), high=fmt_count(high))


def chart_ci(data: pd.DataFrame, style: ChartStyle, *, medium: str = "print",
             digits: int = 1, notes: tuple[str, ...] = ()):
    missing = [column for column in REQUIRED if column not in data.columns]
    if missing:
        raise StatsError(f"chart_ci: the frame lacks column(s) {', '.join(missing)} "
                         f"(expected {', '.join(REQUIRED)})")
    if "suppressed" in data.columns:
        data = data[~data["suppressed"].astype(bool)]
    low_base = data["low_base"].astype(bool) if "low_base" in data.columns else \
        pd.Series(False, index=data.index)
    size = style.size(medium)
    columns = list(dict.fromkeys(data["column"]))
    row_labels = list(dict.fromkeys(data["label"]))
    height = 0.8 / len(columns)
    with house_context(style, size):
        labels = [wrap_label(label, size) for label in row_labels]
        lines = [max(label.count("\n") + 1, len(columns)) for label in labels]
        legend = [_column_legend(column, data.loc[data["column"] == column, "base"])
                  for column in columns]
        fig, ax, rect = new_figure(style, size, lines, legend=legend,
                                   caption=len(notes) + bool(style.source))
        handles = []
        for index, (column, colour) in enumerate(zip(columns, series_palette(
                style, len(columns)), strict=True)):
            part = data[data["column"] == column]
            rows = [row_labels.index(label) - 0.4 + height * (index + 0.5)
                    for label in part["label"]]
            shares = part["share"] * 100
            bars = ax.barh(rows, shares, height=height * 0.9, color=colour)
            handles.append(bars)
            ax.errorbar(shares, rows, fmt="none", ecolor=style.text_colour, elinewidth=0.8,
                        capsize=2, xerr=[shares - part["ci_low"] * 100,
                                         part["ci_high"] * 100 - shares])
            for row, share, high, low in zip(rows, shares, part["ci_high"] * 100,
                                             low_base[part.index], strict=True):
                ax.text(high + 1, row, value_label(share, digits, low), va="center",
                        ha="left", fontsize=size.font_pt)
        ax.set_yticks(range(len(row_labels)), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, min(float(data["ci_high"].max()) * 100 * 1.25 + 4, 130))
        finish(fig, ax, rect, style, size, notes, handles, legend)
    return fig
