"""Page geometry shared by the ``chart_*`` functions: figure size, legend, caption.

Input: the style, the medium's size and what the chart holds (rows, label lines, notes).
Output: a matplotlib figure and axes sized so that every wrapped label, the legend and the
caption (base, low-base note, source) fit without overlapping. Every text is measured with
the font files' metrics (``metrics``), as the reader's engine sets it: the plotting area is
computed once from those widths, never found by laying the figure out and measuring it
again.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import matplotlib
import numpy as np

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Annotation, Text  # noqa: E402
from matplotlib.transforms import (  # noqa: E402
    Bbox,
    BboxTransformFrom,
    BboxTransformTo,
    ScaledTranslation,
    TransformedBbox,
    blended_transform_factory,
)

from ..formatting import LOW_BASE_MARK, fmt_pct  # noqa: E402
from . import metrics  # noqa: E402
from ._sns import sns  # noqa: E402
from .style import ChartSize, ChartStyle, matplotlib_rc  # noqa: E402

LINE = 1.35
"""Line height, in font sizes."""


def points_to_inches(points: float) -> float:
    return points / 72


def value_label(percent: float, digits: int, low_base: bool = False) -> str:
    """A value printed on a bar: ``24,9 %``, followed by the low-base mark when it applies.

    ``percent`` is a float computed from a share: rounded at 9 decimals first, so that
    57.49999999999999 (23/40 × 100 in binary) is the 57,5 it stands for and prints 58 %."""
    exact_percent = Fraction(Decimal(repr(round(float(percent), 9))))
    return fmt_pct(exact_percent / 100, digits) + (LOW_BASE_MARK if low_base else "")


def house_context(style: ChartStyle, size: ChartSize):
    """The matplotlib settings every ``chart_*`` draws within (seaborn's white style)."""
    return plt.rc_context({**sns.axes_style("white"), **matplotlib_rc(style, size)})


def caption_lines(notes: tuple[str, ...], style: ChartStyle) -> list[str]:
    return [*notes, *([style.source] if style.source else [])]


LEGEND_MARGIN = 0.01
"""Left margin of a legend that does not fit beside the item labels, in figure widths."""
LEGEND_SAFETY = 1.08
"""Browsers and WeasyPrint set text a little wider than matplotlib measures it."""


def text_width_pt(text: str, size: ChartSize, weight: str = "normal") -> float:
    """The width of ``text`` (its longest line) in the house font (the current rc
    settings), in points."""
    return metrics.text_width_pt(text, FontProperties(size=size.font_pt, weight=weight))


def _legend_entry_pt(label: str, size: ChartSize) -> float:
    """The width of one legend entry (handle, pad, text, column spacing), in points."""
    return size.font_pt * (1 + 0.8 + 1.2) + text_width_pt(label, size) * LEGEND_SAFETY


def legend_grid(labels: list[str], size: ChartSize, width_in: float | None = None
                ) -> tuple[int, int]:
    """(columns, rows) of a legend whose entries, read row by row, fit ``width_in`` (the
    chart's width less the margins by default): every entry is shown, none is cut."""
    if not labels:
        return 0, 0
    available = (width_in if width_in is not None
                 else size.width_in * (1 - 2 * LEGEND_MARGIN)) * 72
    entry = max(_legend_entry_pt(label, size) for label in labels)
    columns = max(1, min(len(labels), int(available // entry)))
    rows = -(-len(labels) // columns)
    return -(-len(labels) // rows), rows


def row_major(items: list, columns: int) -> list:
    """``items`` reordered so that matplotlib, which fills a legend column by column, shows
    them row by row (left to right, then the next row)."""
    rows = -(-len(items) // columns) if columns else 0
    return [items[row * columns + column] for column in range(columns)
            for row in range(rows) if row * columns + column < len(items)]


BAR = 0.7
"""A bar's thickness, in row steps, when labels stand beside the bars."""
ABOVE_BAR_LINES = 1.3
"""A bar's thickness, in text lines, when its label stands above it."""


def row_in(size: ChartSize, label_lines: list[int], outside: bool = False) -> float:
    """The height of one row, in inches: as tall as the tallest wrapped label (beside the
    bar, or above it on a phone), plus a gap; plus a line under the bar for the values that
    do not fit on their segments (``outside``)."""
    line = points_to_inches(size.font_pt * LINE)
    lines = max(label_lines, default=1)
    row = (lines + ABOVE_BAR_LINES + 0.7) * line if size.labels_above else (lines + 0.6) * line
    return row + (1.1 * line if outside else 0)


def _top_bottom(size: ChartSize, legend, caption: int) -> tuple[float, float]:
    line = points_to_inches(size.font_pt * LINE)
    legend_rows = legend_grid(legend, size)[1] if isinstance(legend, list) else int(legend)
    top = (0.5 + 1.4 * legend_rows) * line if legend_rows else 0.3 * line
    return top, (caption + 0.6) * line


def split_rows(size: ChartSize, label_lines: list[int], *, legend: bool | list[str] = False,
               caption: int = 0, outside: bool = False) -> list[range]:
    """The rows of each part of a chart that would be taller than ``size.max_height_in``:
    as few parts as fit, the rows shared out evenly, each part with its legend. One part
    (every row) when it fits or when the medium has no limit."""
    rows = len(label_lines)
    if size.max_height_in is None or rows < 2:
        return [range(rows)]
    top, bottom = _top_bottom(size, legend, caption)
    room = size.max_height_in - top - bottom
    row = row_in(size, label_lines, outside)
    per_part = max(1, int(room // row))
    parts = -(-rows // per_part)
    bounds = [round(rows * index / parts) for index in range(parts + 1)]
    return [range(start, end) for start, end in zip(bounds, bounds[1:], strict=False)]


def new_figure(style: ChartStyle, size: ChartSize, label_lines: list[int], *,
               legend: bool | list[str] = False, caption: int = 0, outside: bool = False):
    """A figure whose rows are all as tall as the tallest wrapped label, plus a gap.

    Bars sit at equal steps, so every row gets the room of the longest label: labels never
    run into their neighbours. ``legend``: the legend's labels (or True for one row), for
    the room above; ``outside``: a line under each bar for the values moved out of their
    segments. Returns the figure, the axes and the rectangle (figure fractions) the axes
    may fill once ``tight_layout`` has made room for the tick labels.
    """
    rows = max(len(label_lines), 1) * row_in(size, label_lines, outside)
    top, bottom = _top_bottom(size, legend, caption)
    height = rows + top + bottom
    fig = Figure(figsize=(size.width_in, height))
    rect = (0, bottom / height, 1, 1 - top / height)
    ax = fig.add_axes((rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1]))
    return fig, ax, rect


class Plot:
    """The plotting area of a bar chart, drawn straight on its figure: no matplotlib Axes,
    whose ticks, spines and data limits cost more than the chart itself. Data units run
    along the bars (x, ``xlim``) and down the rows (y: row 0 on top, each row one unit),
    mapped to a box of the figure that ``finish_plot`` places once every text is known.
    Each row's label stands beside its bar (right-aligned, as a tick label) or above it (a
    phone's tall chart, ``size.labels_above``)."""

    def __init__(self, fig, rect, size: ChartSize, labels: list[str],
                 xlim: tuple[float, float], outside: bool = False):
        self.fig, self.rect, self.size, self.xlim = fig, rect, size, xlim
        self.box = Bbox.from_extents(*rect)
        self.area = BboxTransformTo(TransformedBbox(self.box, fig.transFigure))
        self.data = BboxTransformFrom(Bbox.from_extents(
            xlim[0], max(len(labels), 1) - 0.5, xlim[1], -0.5)) + self.area
        self.along = blended_transform_factory(self.area, self.data)
        self.labels = [] if size.labels_above else labels
        self.placed: list[tuple[Text, float, float]] = []
        self.centres, self.thickness = self._rows(labels, outside)

    def _rows(self, labels: list[str], outside: bool) -> tuple[list[float], float]:
        """Each row's bar centre and the bars' thickness (in rows), its label drawn."""
        size = self.size
        line = points_to_inches(size.font_pt * LINE)
        lines = [label.count("\n") + 1 for label in labels]
        step = row_in(size, lines, outside)
        if not size.labels_above:
            # The bar moves up when a line of moved values goes under it.
            shift = 0.55 * line / step if outside else 0.0
            centres = [row - shift for row in range(len(labels))]
            beside = self.along + ScaledTranslation(
                -plt.rcParams["ytick.major.pad"] / 72, 0, self.fig.dpi_scale_trans)
            for centre, label in zip(centres, labels, strict=True):
                self.fig.text(0, centre, label, transform=beside, ha="right",
                              va="center_baseline", fontsize=size.font_pt)
            return centres, BAR - 2 * shift
        # Above its bar: each label just over its own bar, the room a shorter label leaves
        # above it, so that a label is never nearer another row's bar.
        label_room = (max(lines, default=1) + 0.35) * line / step
        thickness = ABOVE_BAR_LINES * line / step
        gap = 0.2 * line / step
        centres = []
        for row, label in enumerate(labels):
            centre = row - 0.5 + gap + label_room + thickness / 2
            self.fig.text(0, centre - thickness / 2 - 0.1 * line / step, label,
                          transform=self.along, ha="left", va="bottom",
                          fontsize=size.font_pt, linespacing=LINE - 0.15)
            centres.append(centre)
        return centres, thickness

    def bars(self, widths, *, left=0.0, **properties) -> list[Rectangle]:
        """A bar per row, ``widths`` long from ``left`` (data units; negative leftwards)."""
        lefts = left if hasattr(left, "__len__") else [left] * len(self.centres)
        if "color" in properties:  # as matplotlib's bar: the fill, the edge left to the style
            properties["facecolor"] = properties.pop("color")
        found = []
        for centre, width, start in zip(self.centres, widths, lefts, strict=True):
            found.append(self.fig.add_artist(Rectangle(
                (start, centre - self.thickness / 2), width, self.thickness,
                transform=self.data, **properties)))
        return found

    def text(self, x: float, y: float, text: str, *, offset_pt: float = 0.0, **properties):
        """A text at ``x`` (data units) on row ``y``, ``offset_pt`` points right of it; the
        plotting area is narrowed so that it ends inside the figure (``finish_plot``)."""
        transform = self.data if not offset_pt else self.data + ScaledTranslation(
            offset_pt / 72, 0, self.fig.dpi_scale_trans)
        drawn = self.fig.text(x, y, text, transform=transform, **properties)
        low, high = self.xlim
        self.placed.append((drawn, (x - low) / (high - low), offset_pt))
        return drawn

    def line(self, xs, ys, **properties) -> Line2D:
        return self.fig.add_artist(Line2D(xs, ys, transform=self.data, **properties))

    def width_in(self) -> float:
        """The plotting area's width, in inches (once placed)."""
        return self.box.width * self.fig.get_figwidth()

    def place(self) -> None:
        """The box right of the item labels, inside the rect less the pad, narrow enough
        that every text placed with ``text`` ends inside the figure: each text's end moves
        with the box's width in proportion to its place on the x axis, so the width is
        solved from the texts' widths at once."""
        width, height = self.fig.get_figwidth() * 72, self.fig.get_figheight() * 72
        left = _plot_left_pt(self.size, self.labels)
        ends = [(fraction, offset + _share(text) * metrics.text_width_pt(
                     text.get_text(), text.get_fontproperties()))
                for text, fraction, offset in self.placed if text.get_text()]
        plot = _solve_width(left, _plot_right_pt(self.size), ends, width)
        pad = PAD * self.size.font_pt / height
        self.box.set_points(np.array([[left / width, self.rect[1] + pad],
                                      [(left + plot) / width, self.rect[3] - pad]]))


def _share(text) -> float:
    """How much of a text's width lies right of its anchor."""
    return {"left": 1.0, "center": 0.5, "right": 0.0}[text.get_horizontalalignment()]


def _solve_width(left: float, right: float, ends: list[tuple[float, float]],
                 width: float) -> float:
    """The widest plotting area from ``left`` (points) such that each text, anchored at a
    ``fraction`` of the area's width and ending ``end`` points right of that, ends before
    ``right``; never narrower than ``SMALLEST_PLOT`` of the figure's ``width``."""
    plot = right - left
    for fraction, end in ends:
        if fraction > 0:
            plot = min(plot, (right - left - end) / fraction)
    return max(plot, SMALLEST_PLOT * width)


def new_plot(style: ChartStyle, size: ChartSize, labels: list[str], xlim, *,
             legend: bool | list[str] = False, caption: int = 0, outside: bool = False):
    """A figure whose rows are all as tall as the tallest wrapped label, plus a gap (see
    ``new_figure``), and its ``Plot`` with the labels drawn."""
    rows = max(len(labels), 1) * row_in(size, [label.count("\n") + 1 for label in labels],
                                        outside)
    top, bottom = _top_bottom(size, legend, caption)
    height = rows + top + bottom
    fig = Figure(figsize=(size.width_in, height))
    rect = (0, bottom / height, 1, 1 - top / height)
    return fig, Plot(fig, rect, size, labels, xlim, outside)


PAD = 0.2
"""The room kept at the figure's edges, in font sizes."""
INSET = 0.012
"""More room left of the plotting area, in figure widths, when the labels stand beside the
bars: browsers set text a little wider than its advances add up to."""
RIGHT_MARGIN = 0.01
"""The least room right of the last text, in figure widths."""
SMALLEST_PLOT = 0.2
"""The narrowest plotting area, in figure widths."""


def _plot_left_pt(size: ChartSize, labels: list[str]) -> float:
    """Where the plotting area starts, in points from the figure's left edge: after the
    widest item label and the tick's pad when the labels stand beside the bars."""
    pad = PAD * size.font_pt
    if size.labels_above or not labels:
        return pad
    widest = max(text_width_pt(label, size) for label in labels)
    return pad + widest + plt.rcParams["ytick.major.pad"] + INSET * size.width_in * 72


def _plot_right_pt(size: ChartSize) -> float:
    """The furthest right a text may end, in points from the figure's left edge."""
    width = size.width_in * 72
    return width - max(PAD * size.font_pt, RIGHT_MARGIN * width)


def plot_width_in(size: ChartSize, labels: list[str]) -> float:
    """The plotting area's width, in inches, when no text stands right of the bars: the
    chart less its item labels when they stand beside the bars (what ``finish`` gives)."""
    left = _plot_left_pt(size, labels)
    return max(SMALLEST_PLOT * size.width_in * 72, _plot_right_pt(size) - left) / 72


def axes_width_in(fig, ax) -> float:
    """The width of the plotting area, in inches (once laid out)."""
    return ax.get_position().width * fig.get_figwidth()


def fits(value: float, text: str, span: float, width_in: float, size: ChartSize) -> bool:
    """Whether ``text`` fits inside a bar segment of ``value`` on an axis ``span`` long."""
    return value / span * width_in > points_to_inches(text_width_pt(text, size) + 4)


def finish(fig, ax, rect, style: ChartStyle, size: ChartSize, notes: tuple[str, ...],
           legend_handles=None, legend_labels=None) -> None:
    """Strip the axes, lay out, then put the legend above and the caption below."""
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0, labelsize=size.font_pt, colors=style.text_colour)
    sns.despine(ax=ax, left=True, bottom=True)
    ax.set_position(plot_box(fig, ax, rect, size))
    _legend_and_caption(fig, ax.get_position().x0, style, size, notes, legend_handles,
                        legend_labels)


def finish_plot(plot: Plot, style: ChartStyle, size: ChartSize, notes: tuple[str, ...],
                legend_handles=None, legend_labels=None) -> None:
    """Place the plotting area, then put the legend above and the caption below."""
    plot.place()
    _legend_and_caption(plot.fig, plot.box.x0, style, size, notes, legend_handles,
                        legend_labels)


def _legend_and_caption(fig, left: float, style: ChartStyle, size: ChartSize,
                        notes: tuple[str, ...], legend_handles, legend_labels) -> None:
    """The legend above the plotting area (from its ``left`` edge, in figure fractions,
    or from the chart's when too wide), the caption lines below."""
    line = points_to_inches(size.font_pt * LINE) / fig.get_figheight()
    if legend_handles:
        labels = list(legend_labels)
        handles = list(legend_handles)
        beside = (1 - left - LEGEND_MARGIN) * fig.get_figwidth()
        columns, rows = legend_grid(labels, size, beside)
        if rows > 1:
            # Too wide beside the item labels: from the chart's left edge, on as many rows
            # as new_figure made room for.
            left = LEGEND_MARGIN
            columns, rows = legend_grid(labels, size)
            labels, handles = row_major(labels, columns), row_major(handles, columns)
        fig.legend(handles, labels, loc="upper left", frameon=False,
                   bbox_to_anchor=(left, 1 - 0.1 * line), ncols=columns,
                   fontsize=size.font_pt, handlelength=1, handleheight=1,
                   columnspacing=1.2, borderaxespad=0, borderpad=0)
    for index, text in enumerate(caption_lines(notes, style)):
        fig.text(0.005, (len(caption_lines(notes, style)) - index - 0.6) * line, text,
                 fontsize=size.font_pt, color=style.text_colour, ha="left",
                 va="bottom")


def plot_box(fig, ax, rect, size: ChartSize) -> Bbox:
    """Where the plotting area goes, in figure fractions: inside ``rect`` less the pad, right
    of the item labels (the y tick labels), and narrow enough that every text printed beside
    the bars in data units (a bar's value, a diverging chart's grouped shares) ends inside
    the figure. Each such text's end moves with the width of the plotting area, in
    proportion to its place on the x axis: the width is solved from the texts' widths at
    once."""
    width, height = fig.get_figwidth() * 72, fig.get_figheight() * 72
    labels = [label.get_text() for label in ax.get_yticklabels()] \
        if not size.labels_above else []
    left = _plot_left_pt(size, [label for label in labels if label])
    plot = _solve_width(left, _plot_right_pt(size), _text_ends(ax), width)
    pad = PAD * size.font_pt / height
    return Bbox.from_extents(left / width, rect[1] + pad, (left + plot) / width,
                             rect[3] - pad)


def _text_ends(ax) -> list[tuple[float, float]]:
    """For each text of ``ax`` placed on the x axis' data (or along the axes' width): the
    fraction of the plotting area's width its anchor stands at, and how far right of the
    anchor it ends, in points."""
    low, high = ax.get_xlim()
    along = ax.get_yaxis_transform()
    ends = []
    for text in ax.texts:
        if not text.get_visible() or not text.get_text():
            continue
        offset = 0.0
        if isinstance(text, Annotation):
            if text.xycoords != "data":
                continue
            x = text.xy[0]
            if text.anncoords == "offset points":
                offset = text.xyann[0]
            elif text.anncoords != "data":
                continue
            fraction = (x - low) / (high - low)
        elif text.get_transform() is ax.transData:
            fraction = (text.get_position()[0] - low) / (high - low)
        elif text.get_transform() is along or text.get_transform() is ax.transAxes:
            fraction = text.get_position()[0]
        else:
            continue
        width = metrics.text_width_pt(text.get_text(), text.get_fontproperties())
        ends.append((fraction, offset + _share(text) * width))
    return ends
