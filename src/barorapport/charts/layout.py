"""Page geometry shared by the ``chart_*`` functions: figure size, legend, caption.

Input: the style, the medium's size and what the chart holds (rows, label lines, notes).
Output: a matplotlib figure and axes sized so that every wrapped label, the legend and the
caption (base, low-base note, source) fit without overlapping.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from ..formatting import LOW_BASE_MARK, fmt_pct  # noqa: E402
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


def text_width_pt(text: str, size: ChartSize) -> float:
    """The width of ``text`` in the house font (the current rc settings), in points."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    properties = FontProperties(size=size.font_pt)
    return max((TextToPath().get_text_width_height_descent(line, properties, ismath=False)[0]
                for line in str(text).split("\n")), default=0.0)


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
    fig, ax = plt.subplots(figsize=(size.width_in, height))
    rect = (0, bottom / height, 1, 1 - top / height)
    return fig, ax, rect


def bar_rows(ax, size: ChartSize, labels: list[str], outside: bool = False
             ) -> tuple[list[float], float]:
    """Where each row's bar goes (its centre, in data units) and its thickness, with the
    row's label beside it (a y tick) or above it (a phone's tall chart). The axis is
    inverted: the first row on top."""
    count = len(labels)
    ax.set_ylim(count - 0.5, -0.5)
    if not size.labels_above:
        shift = 0.0
        if outside:  # the bar moves up: the line of moved values goes under it
            line = points_to_inches(size.font_pt * LINE)
            lines = [label.count("\n") + 1 for label in labels]
            shift = 0.55 * line / row_in(size, lines, outside)
        centres = [row - shift for row in range(count)]
        ax.set_yticks(centres, labels)
        return centres, BAR - 2 * shift
    line = points_to_inches(size.font_pt * LINE)
    lines = [label.count("\n") + 1 for label in labels]
    step = row_in(size, lines, outside)
    label_room = (max(lines, default=1) + 0.35) * line / step
    thickness = ABOVE_BAR_LINES * line / step
    gap = 0.2 * line / step
    ax.set_yticks([])
    centres = []
    for row, label in enumerate(labels):
        top = row - 0.5 + gap
        ax.text(0, top, label, transform=ax.get_yaxis_transform(), ha="left", va="top",
                fontsize=size.font_pt, linespacing=LINE - 0.15)
        centres.append(top + label_room + thickness / 2)
    return centres, thickness


def plot_width_in(size: ChartSize, labels: list[str]) -> float:
    """An estimate, before layout, of the plotting area's width: the chart less its item
    labels when they stand beside the bars."""
    if size.labels_above:
        return size.width_in * 0.97
    widest = max((text_width_pt(label, size) for label in labels), default=0.0)
    return max(size.width_in * 0.3, size.width_in * 0.97 - (widest + size.font_pt) / 72)


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
    ax.set_position(_inset_left(ax.get_position(), 0.012 if not size.labels_above
                                else 0.0))
    _keep_texts_inside(fig, ax)
    line = points_to_inches(size.font_pt * LINE) / fig.get_figheight()
    if legend_handles:
        left = ax.get_position().x0
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


def _keep_texts_inside(fig, ax, passes: int = 4) -> None:
    """Narrow the plotting area until the values printed beside the bars (a diverging
    chart's grouped shares, a bar's share) end inside the figure: at a phone's width the
    room the axis limits leave is not always enough. A few passes, since the texts move
    with the axes they are placed in."""
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    margin = 0.01 * width  # browsers measure text a little wider than matplotlib
    for _ in range(passes):
        ends = [text.get_window_extent(renderer).x1 for text in ax.texts
                if text.get_visible() and text.get_text()]
        over = max(ends, default=0) - (width - margin)
        if over <= 0:
            return
        box = ax.get_position()
        ax.set_position(Bbox.from_extents(box.x0, box.y0,
                                          max(box.x0 + 0.2, box.x1 - 1.1 * over / width),
                                          box.y1))


def _inset_left(box: Bbox, margin: float) -> Bbox:
    return Bbox.from_extents(box.x0 + margin, box.y0, box.x1, box.y1)
