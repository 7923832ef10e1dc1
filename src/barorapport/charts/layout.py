"""Page geometry shared by the ``chart_*`` functions: figure size, legend, caption.

Input: the style, the medium's size and what the chart holds (rows, label lines, notes).
Output: a matplotlib figure and axes sized so that every wrapped label, the legend and the
caption (base, low-base note, source) fit without overlapping.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from ..formatting import LOW_BASE_MARK, fmt_pct  # noqa: E402
from .style import ChartSize, ChartStyle, matplotlib_rc  # noqa: E402

LINE = 1.35
"""Line height, in font sizes."""


def points_to_inches(points: float) -> float:
    return points / 72


def value_label(percent: float, digits: int, low_base: bool = False) -> str:
    """A value printed on a bar: ``24,9 %``, followed by the low-base mark when it applies."""
    return fmt_pct(percent / 100, digits) + (LOW_BASE_MARK if low_base else "")


def house_context(style: ChartStyle, size: ChartSize):
    """The matplotlib settings every ``chart_*`` draws within (seaborn's white style)."""
    return plt.rc_context({**sns.axes_style("white"), **matplotlib_rc(style, size)})


def caption_lines(notes: tuple[str, ...], style: ChartStyle) -> list[str]:
    return [*notes, *([style.source] if style.source else [])]


def new_figure(style: ChartStyle, size: ChartSize, label_lines: list[int], *,
               legend: bool = False, caption: int = 0):
    """A figure whose rows are all as tall as the tallest wrapped label, plus a gap.

    Bars sit at equal steps, so every row gets the room of the longest label: labels never
    run into their neighbours. Returns the figure, the axes and the rectangle (figure
    fractions) the axes may fill once ``tight_layout`` has made room for the tick labels.
    """
    line = points_to_inches(size.font_pt * LINE)
    row = (max(label_lines, default=1) + 0.8) * line
    rows = max(len(label_lines), 1) * row
    top = 1.9 * line if legend else 0.3 * line
    bottom = (caption + 0.6) * line
    height = rows + top + bottom
    fig, ax = plt.subplots(figsize=(size.width_in, height))
    rect = (0, bottom / height, 1, 1 - top / height)
    return fig, ax, rect


def axes_width_in(fig, ax) -> float:
    """The width of the plotting area, in inches (once laid out)."""
    return ax.get_position().width * fig.get_figwidth()


def fits(value: float, text: str, span: float, width_in: float, size: ChartSize) -> bool:
    """Whether ``text`` fits inside a bar segment of ``value`` on an axis ``span`` long."""
    return value / span * width_in > points_to_inches(size.font_pt * 0.55 * len(text) + 4)


def finish(fig, ax, rect, style: ChartStyle, size: ChartSize, notes: tuple[str, ...],
           legend_handles=None, legend_labels=None) -> None:
    """Strip the axes, lay out, then put the legend above and the caption below."""
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0, labelsize=size.font_pt, colors=style.text_colour)
    sns.despine(ax=ax, left=True, bottom=True)
    # Some room on the left: browsers measure text a little wider than matplotlib.
    fig.tight_layout(rect=rect, pad=0.2)
    ax.set_position(_inset_left(ax.get_position(), 0.012))
    line = points_to_inches(size.font_pt * LINE) / fig.get_figheight()
    if legend_handles:
        left = ax.get_position().x0
        fig.legend(legend_handles, legend_labels, loc="upper left", frameon=False,
                   bbox_to_anchor=(left, 1 - 0.1 * line), ncols=len(legend_labels),
                   fontsize=size.font_pt, handlelength=1, handleheight=1,
                   columnspacing=1.2, borderaxespad=0, borderpad=0)
    for index, text in enumerate(caption_lines(notes, style)):
        fig.text(0.005, (len(caption_lines(notes, style)) - index - 0.6) * line, text,
                 fontsize=size.font_pt * 0.9, color=style.text_colour, ha="left",
                 va="bottom")


def _inset_left(box: Bbox, margin: float) -> Bbox:
    return Bbox.from_extents(box.x0 + margin, box.y0, box.x1, box.y1)
