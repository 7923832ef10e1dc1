"""100 % stacked bars: the items of a frequency grid (Jamais / Parfois / Souvent).

Input: a frame of ``label``, one column per scale level (percent, in scale order) and
``low_base``, items already sorted. Output: a matplotlib figure, each segment's value printed
on it when it fits, the legend above in scale order. Any number of levels: the colours are
generated (``palettes.sequential_palette``) and the segments parted by separators.
"""

from __future__ import annotations

import pandas as pd

from ..formatting import LOW_BASE_MARK
from .layout import axes_width_in, finish, fits, house_context, new_figure, value_label
from .palettes import SEPARATOR_WIDTH, sequential_palette
from .style import ChartStyle, label_colour, wrap_label


def level_columns(data: pd.DataFrame) -> list[str]:
    return [column for column in data.columns if column not in ("label", "base", "low_base")]


def item_labels(data: pd.DataFrame, size) -> list[str]:
    """Item labels, wrapped, with the low-base mark where the item's base is low."""
    return [wrap_label(label + (LOW_BASE_MARK if low else ""), size)
            for label, low in zip(data["label"], data["low_base"], strict=True)]


def label_segments(ax, segments, style: ChartStyle, size, *, span: float, width_in: float,
                   digits: int) -> None:
    """Print each segment's value on it, in the colour that reads best, where it fits.

    ``segments`` holds (bars, values, colour) per series. A value that does not fit stays
    in the chart's data table: the grouped shares and the legend carry the reading.
    """
    for bars, values, colour in segments:
        texts = [value_label(value, digits) for value in values]
        ax.bar_label(bars, label_type="center", fontsize=size.font_pt,
                     color=label_colour(colour, style),
                     labels=[text if fits(value, text, span, width_in, size) else ""
                             for value, text in zip(values, texts, strict=True)])


def chart_stacked(data: pd.DataFrame, style: ChartStyle, *, medium: str = "print",
                  digits: int = 0, notes: tuple[str, ...] = ()):
    size = style.size(medium)
    levels = level_columns(data)
    colours = sequential_palette(style, len(levels))
    with house_context(style, size):
        labels = item_labels(data, size)
        fig, ax, rect = new_figure(style, size, [label.count("\n") + 1 for label in labels],
                                   legend=levels, caption=len(notes) + bool(style.source))
        rows = list(range(len(data)))
        left = pd.Series(0.0, index=data.index)
        segments = []
        for colour, level in zip(colours, levels, strict=True):
            bars = ax.barh(rows, data[level], left=left, color=colour, height=0.7,
                           label=level, edgecolor=style.background,
                           linewidth=SEPARATOR_WIDTH)
            segments.append((bars, data[level], colour))
            left += data[level]
        ax.set_yticks(rows, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        finish(fig, ax, rect, style, size, notes, [bars for bars, _, _ in segments], levels)
        label_segments(ax, segments, style, size, span=100, width_in=axes_width_in(fig, ax),
                       digits=digits)
    return fig
