"""100 % stacked bars: the items of a frequency grid (Jamais / Parfois / Souvent).

Input: a frame of ``label``, one column per scale level (percent, in scale order) and
``low_base``, items already sorted. Output: a matplotlib figure, each segment's value printed
on it when it fits, the legend above in scale order. Any number of levels: the colours are
generated (``palettes.sequential_palette``) and the segments parted by separators.
"""

from __future__ import annotations

import pandas as pd

from ..formatting import LOW_BASE_MARK
from .layout import (
    finish_plot,
    fits,
    house_context,
    new_plot,
    plot_width_in,
    text_width_pt,
    value_label,
)
from .palettes import SEPARATOR_WIDTH, sequential_palette
from .style import ChartStyle, label_colour, wrap_label


def level_columns(data: pd.DataFrame) -> list[str]:
    return [column for column in data.columns if column not in ("label", "base", "low_base")]


def item_labels(data: pd.DataFrame, size) -> list[str]:
    """Item labels, wrapped, with the low-base mark where the item's base is low."""
    return [wrap_label(label + (LOW_BASE_MARK if low else ""), size)
            for label, low in zip(data["label"], data["low_base"], strict=True)]


def label_segments(plot, segments, style: ChartStyle, size, *, span: float, digits: int,
                   moved: bool = False) -> None:
    """Print each segment's value on it, in the colour that reads best, where it fits; the
    others under the bar, below their segment (``moved``: the rows have room for them),
    shifted right where two would touch. Without room they stay in the chart's data table:
    the grouped shares and the legend carry the reading.

    ``segments`` holds (bars, values, colour) per series, from left to right; ``plot`` is
    placed (``finish_plot``).
    """
    width_in = plot.width_in()
    fitted = []
    for bars, values, colour in segments:
        texts = [value_label(value, digits) for value in values]
        inside = [fits(value, text, span, width_in, size)
                  for value, text in zip(values, texts, strict=True)]
        for patch, text, ok in zip(bars, texts, inside, strict=True):
            if ok:
                plot.text(patch.get_x() + patch.get_width() / 2,
                          patch.get_y() + patch.get_height() / 2, text, ha="center",
                          va="center", fontsize=size.font_pt,
                          color=label_colour(colour, style))
        fitted.append((bars, values, texts, inside))
    if moved:
        _moved_values(plot, fitted, style, size, span=span, width_in=width_in)


def _moved_values(plot, fitted, style: ChartStyle, size, *, span: float, width_in: float
                  ) -> None:
    """The values that do not fit on their segments, under the bar, each centred under its
    segment, pushed right just enough not to touch the one before."""
    per_row: dict[int, list[tuple[float, str, float, float]]] = {}
    for bars, values, texts, inside in fitted:
        for row, (patch, value, text, ok) in enumerate(zip(bars, values, texts, inside,
                                                          strict=True)):
            if ok or not value or value != value:
                continue
            centre = patch.get_x() + patch.get_width() / 2
            bottom = patch.get_y() + patch.get_height()
            per_row.setdefault(row, []).append((centre, text, bottom, patch.get_x()))
    per_inch = span / width_in
    low, high = plot.xlim
    gap = 0.06 * per_inch
    for entries in per_row.values():
        entries = sorted(entries)
        halves = [text_width_pt(text, size) / 72 / 2 * per_inch for _, text, _, _ in entries]
        places = [centre for centre, _, _, _ in entries]
        # Left to right, each clear of the one before; then right to left, each clear of
        # the one after and inside the axis.
        for index in range(len(places)):
            floor = low + halves[index] if index == 0 else \
                places[index - 1] + halves[index - 1] + gap + halves[index]
            places[index] = max(places[index], floor)
        for index in reversed(range(len(places))):
            ceiling = high - halves[index] if index == len(places) - 1 else \
                places[index + 1] - halves[index + 1] - gap - halves[index]
            places[index] = min(places[index], ceiling)
        for (centre, text, bottom, _), x in zip(entries, places, strict=True):
            plot.text(x, bottom + 0.06, text, ha="center", va="top", fontsize=size.font_pt,
                      color=style.text_colour)
            # A tick under the segment: the values read left to right as the segments do.
            plot.line([centre, centre], [bottom, bottom + 0.035], color=style.text_colour,
                      linewidth=0.5, solid_capstyle="butt")


def any_moved(data: pd.DataFrame, levels: list[str], size, labels: list[str], span: float,
              digits: int) -> bool:
    """Whether some segment's value will not fit on it (estimated before layout): the rows
    then make room for a line of moved values under each bar."""
    width_in = plot_width_in(size, labels)
    return any(not fits(value, value_label(value, digits), span, width_in, size)
               for level in levels for value in data[level] if value and value == value)


def chart_stacked(data: pd.DataFrame, style: ChartStyle, *, medium: str = "print",
                  digits: int = 0, notes: tuple[str, ...] = ()):
    size = style.size(medium)
    levels = level_columns(data)
    colours = sequential_palette(style, len(levels))
    with house_context(style, size):
        labels = item_labels(data, size)
        moved = any_moved(data, levels, size, labels, 100, digits)
        fig, plot = new_plot(style, size, labels, (0, 100), legend=levels,
                             caption=len(notes) + bool(style.source), outside=moved)
        left = pd.Series(0.0, index=data.index)
        segments = []
        for colour, level in zip(colours, levels, strict=True):
            bars = plot.bars(data[level].to_numpy(), left=left.to_numpy(), color=colour,
                             label=level, edgecolor=style.background,
                             linewidth=SEPARATOR_WIDTH)
            segments.append((bars, data[level], colour))
            left += data[level]
        finish_plot(plot, style, size, notes, [bars[0] for bars, _, _ in segments], levels)
        label_segments(plot, segments, style, size, span=100, digits=digits, moved=moved)
    return fig
