"""Draw one chart of the publication with seaborn, as deterministic SVG.

Input: a figure spec of report.yaml, the figures table and the house style (or, for
crosstabs, a ``ChartInput`` built by the caller). Output: a ``Chart``: SVG bytes
(``<title>`` and ``<desc>`` hold the alt text), the alt text and the data table the chart
shows.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..stats import FigureTable
from ..survey import Questionnaire
from ..wording import say
from .alt import alt_text
from .chart import Chart
from .chart_bars import chart_bars
from .chart_ci import chart_ci
from .chart_diverging import chart_diverging
from .chart_numeric import chart_histogram, chart_means
from .chart_stacked import chart_stacked
from .chart_trend import chart_trend
from .data import ChartInput, chart_input
from .fonts import register_fonts
from .layout import finish, house_context, new_figure
from .style import ChartStyle
from .svg import figure_svg


def _empty(chart: ChartInput, style: ChartStyle, medium: str):
    """Every value is suppressed: the chart says so instead of drawing bars."""
    size = style.size(medium)
    with house_context(style, size):
        fig, ax, rect = new_figure(style, size, [2], caption=len(chart.notes) +
                                   bool(style.source))
        ax.text(0.5, 0.5, say("alt.nothing_published"), ha="center", va="center",
                transform=ax.transAxes)
        ax.set_yticks([])
        finish(fig, ax, rect, style, size, chart.notes)
    return fig


def _figure(chart: ChartInput, style: ChartStyle, medium: str):
    common = {"medium": medium, "digits": chart.digits, "notes": chart.notes}
    if chart.data.empty:
        return _empty(chart, style, medium)
    if chart.kind == "stacked":
        return chart_stacked(chart.data, style, **common)
    if chart.kind == "diverging":
        return chart_diverging(chart.data, style, right=chart.right, left=chart.left,
                               neutral=chart.neutral, **common)
    if chart.kind == "ci":
        return chart_ci(chart.data, style, **common)
    if chart.kind == "trend":
        return chart_trend(chart.data, style, **common)
    if chart.kind == "histogram":
        return chart_histogram(chart.data, style, summary=chart.extra, **common)
    if chart.kind == "means":
        return chart_means(chart.data, style, **common)
    return chart_bars(chart.data, style, **common)


def _typeset():
    # Imported when drawing: the render stage imports the charts package.
    from ..render.typography import typeset

    return typeset


def typeset_input(chart: ChartInput) -> ChartInput:
    """``chart`` with French typography in every text it draws: title, labels, series
    (scale levels), caption notes, groups."""
    data = chart.data.copy()
    typeset = _typeset()
    if "label" in data.columns:
        data["label"] = data["label"].map(lambda label: typeset(str(label)))
    data = data.rename(columns={column: typeset(column) for column in data.columns
                                if isinstance(column, str)})
    # Every tuple of texts (notes, the sides and middle of a diverging scale, groups).
    texts = {name: tuple(typeset(text) if isinstance(text, str) else text for text in value)
             for name, value in vars(chart).items()
             if isinstance(value, tuple) and all(isinstance(text, str) for text in value)}
    return replace(chart, title=typeset(chart.title), data=data, **texts)


def render_chart(chart: ChartInput, style: ChartStyle, medium: str = "print") -> Chart:
    """Draw ``chart`` (any kind) and serialise it with its alt text, in French
    typography."""
    if chart.kind == "crosstab":
        # A table, not a drawing: the crosstab partial prints it in both editions.
        # Its data table (and CSV) ends with the bases, a count per column.
        bases = pd.DataFrame([{"label": "Effectif (n)",
                               **dict(zip(chart.extra["columns"], chart.extra["bases"],
                                          strict=True))}], columns=chart.data.columns)
        data = pd.concat([chart.data, bases], ignore_index=True) if len(chart.data) \
            else chart.data
        return Chart(id=chart.id, title=chart.title, svg=b"", alt=alt_text(chart),
                     data=data, kind=chart.kind, caption=chart.notes,
                     table=dict(chart.extra))
    fig, chart, style, alt = _drawn(chart, style, medium)
    svg = figure_svg(fig, chart_id=chart.id, title=chart.title, alt=alt, style=style)
    table = chart.data.drop(columns=[column for column in ("low_base",)
                                     if column in chart.data.columns])
    return Chart(id=chart.id, title=chart.title, svg=svg, alt=alt, data=table,
                 kind=chart.kind, caption=chart.notes)


def _drawn(chart: ChartInput, style: ChartStyle, medium: str):
    """The matplotlib figure of ``chart`` in French typography, with the typeset chart,
    style and alt text it was drawn from."""
    register_fonts(style.font_files)
    typeset = _typeset()
    chart = typeset_input(chart)
    style = replace(style, source=typeset(style.source))
    alt = typeset(alt_text(chart))
    drawn = chart
    if medium == "screen":
        # On screen the base and the source are text in the page's caption (readable at any
        # width, found by search): the image leaves them out.
        drawn = replace(chart, notes=())
        style = replace(style, source="")
    return _figure(drawn, style, medium), chart, style, alt


def raster_chart(chart: ChartInput, style: ChartStyle, dpi: int = 300) -> bytes:
    """The print chart of ``chart`` as PNG at ``dpi``: the same drawing as the print SVG of
    ``render_chart``, for formats that take no SVG (the Word edition). Same inputs, same
    bytes: no software or date in the PNG's metadata."""
    import io

    import matplotlib.pyplot as plt

    fig, _, _, _ = _drawn(chart, style, "print")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def draw_chart(spec, figures: FigureTable, questionnaire: Questionnaire,
               style: ChartStyle, medium: str = "print") -> Chart:
    """Draw the chart that ``spec`` (a report.yaml figure) asks for."""
    return render_chart(chart_input(spec, figures, questionnaire), style, medium)
