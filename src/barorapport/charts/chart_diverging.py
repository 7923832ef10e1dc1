"""Diverging bars around zero: the items of an agreement grid.

Input: a frame of ``label``, one column per scale level (percent) and ``low_base``; the
levels of the first group (agree), drawn right of zero, and of the second (disagree), drawn
left, each in scale order; the groups are contiguous in the scale, the first group's last
level and the second group's first level being the mild ones; the levels between the groups
(a neutral middle, ``neutral``) straddle zero. Any number of levels per side: the colours are
generated (``palettes.diverging_palette``) and the segments parted by separators. Output: a
matplotlib figure; the grouped share is printed in bold at each end of the bar, each level's
share on its segment when it fits.
"""

from __future__ import annotations

import pandas as pd

from .chart_stacked import any_moved, item_labels, label_segments
from .layout import finish_plot, house_context, new_plot, value_label
from .palettes import NEUTRAL, SEPARATOR_WIDTH, diverging_palette
from .style import ChartStyle


def chart_diverging(data: pd.DataFrame, style: ChartStyle, *, right: tuple[str, ...],
                    left: tuple[str, ...], neutral: tuple[str, ...] = (),
                    medium: str = "print", digits: int = 0, notes: tuple[str, ...] = (),
                    reach: float | None = None):
    """``reach``: the axis' half-span (the parts of a split chart share their whole's)."""
    size = style.size(medium)
    # From zero outwards: the mild levels touch zero, the strong ones make the ends.
    outwards = {1: tuple(reversed(right)), -1: tuple(left)}
    # Each side darkens outwards in its own hue; the neutral middle is grey.
    first, second = diverging_palette(style, len(right), len(left))
    colours = {**dict(zip(outwards[1], first, strict=True)),
               **dict(zip(outwards[-1], second, strict=True)),
               **dict.fromkeys(neutral, NEUTRAL)}
    middle = data[list(neutral)].sum(axis=1) if neutral else pd.Series(0.0, index=data.index)
    agree, disagree = data[list(right)].sum(axis=1), data[list(left)].sum(axis=1)
    # Room at both ends for the grouped shares.
    reach = reach or diverging_reach(data, right, left, neutral)
    order = [*reversed(outwards[-1]), *neutral, *outwards[1]]
    with house_context(style, size):
        labels = item_labels(data, size)
        moved = any_moved(data, [*right, *left, *neutral], size, labels, 2 * reach, digits)
        fig, plot = new_plot(style, size, labels, (-reach, reach), legend=order,
                             caption=len(notes) + bool(style.source), outside=moved)
        handles, segments = {}, []
        # The neutral levels straddle zero, half on each side.
        start = -middle / 2
        for level in neutral:
            bars = plot.bars(data[level].to_numpy(), left=start.to_numpy(),
                             color=colours[level], label=level, edgecolor=style.background,
                             linewidth=SEPARATOR_WIDTH)
            handles[level] = bars[0]
            segments.append((bars, data[level], colours[level]))
            start = start + data[level]
        for direction, side in outwards.items():
            start = direction * middle / 2
            for level in side:
                bars = plot.bars((direction * data[level]).to_numpy(), left=start.to_numpy(),
                                 color=colours[level], label=level,
                                 edgecolor=style.background, linewidth=SEPARATOR_WIDTH)
                handles[level] = bars[0]
                segments.append((bars, data[level], colours[level]))
                start = start + direction * data[level]
        ends = zip(agree + middle / 2, disagree + middle / 2, agree, disagree, strict=True)
        for row, (plus_end, minus_end, plus, minus) in zip(plot.centres, ends, strict=True):
            plot.text(plus_end + reach * 0.02, row, value_label(plus, digits), va="center",
                      ha="left", fontweight="bold", fontsize=size.font_pt)
            plot.text(-minus_end - reach * 0.02, row, value_label(minus, digits),
                      va="center", ha="right", fontweight="bold", fontsize=size.font_pt)
        # The zero line parts the two sides' mild levels (or halves the neutral middle):
        # along the whole plot, or bar by bar when the labels stand above the bars.
        spans = [(centre - plot.thickness * 0.65, centre + plot.thickness * 0.65)
                 for centre in plot.centres] if size.labels_above \
            else [(len(plot.centres) - 0.5, -0.5)]
        for low, high in spans:
            plot.line([0, 0], [low, high], color=style.text_colour, linewidth=0.8)
        # The legend reads left to right as the bars do.
        finish_plot(plot, style, size, notes, [handles[level] for level in order], order)
        label_segments(plot, segments, style, size, span=2 * reach, digits=digits,
                       moved=moved)
    return fig


def diverging_reach(data: pd.DataFrame, right, left, neutral) -> float:
    """The axis' half-span: the longest side, plus room for the grouped shares at the ends."""
    middle = data[list(neutral)].sum(axis=1) if neutral else pd.Series(0.0, index=data.index)
    agree, disagree = data[list(right)].sum(axis=1), data[list(left)].sum(axis=1)
    return max(float((agree + middle / 2).max()), float((disagree + middle / 2).max()),
               1) * 1.3
