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
from .chart_diverging import chart_diverging, diverging_reach
from .chart_numeric import chart_histogram, chart_means
from .chart_stacked import any_moved, chart_stacked, item_labels, level_columns
from .chart_trend import chart_trend
from .data import ChartInput, chart_input
from .fonts import embed_chart_fonts, register_fonts
from .layout import finish, house_context, new_figure, split_rows
from .style import ChartStyle, wrap_label
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


def _figure(chart: ChartInput, style: ChartStyle, medium: str, **whole):
    """The chart drawn by its kind's function; ``whole`` carries the scale of the whole
    chart to each of its parts (``reach``, ``top``)."""
    common = {"medium": medium, "digits": chart.digits, "notes": chart.notes}
    if chart.data.empty:
        return _empty(chart, style, medium)
    if chart.kind == "stacked":
        return chart_stacked(chart.data, style, **common)
    if chart.kind == "diverging":
        return chart_diverging(chart.data, style, right=chart.right, left=chart.left,
                               neutral=chart.neutral, reach=whole.get("reach"), **common)
    if chart.kind == "ci":
        return chart_ci(chart.data, style, **common)
    if chart.kind == "trend":
        return chart_trend(chart.data, style, **common)
    if chart.kind == "histogram":
        return chart_histogram(chart.data, style, summary=chart.extra, **common)
    if chart.kind == "means":
        return chart_means(chart.data, style, **common)
    return chart_bars(chart.data, style, top=whole.get("top"), **common)


SPLIT_KINDS = ("bars", "stacked", "diverging")
"""The kinds whose rows a chart too tall for its medium shares out among parts."""


def _parts(chart: ChartInput, style: ChartStyle, medium: str) -> list[range]:
    """The rows of each part of ``chart`` (one part when it fits its medium's height)."""
    size = style.size(medium)
    if chart.kind not in SPLIT_KINDS or size.max_height_in is None or len(chart.data) < 2:
        return [range(len(chart.data))]
    with house_context(style, size):
        if chart.kind == "bars":
            labels = [wrap_label(label, size) for label in chart.data["label"]]
            return split_rows(size, [label.count("\n") + 1 for label in labels])
        labels = item_labels(chart.data, size)
        levels = [*chart.right, *chart.left, *chart.neutral] if chart.kind == "diverging" \
            else level_columns(chart.data)
        span = 2 * diverging_reach(chart.data, chart.right, chart.left, chart.neutral) \
            if chart.kind == "diverging" else 100
        moved = any_moved(chart.data, levels, size, labels, span, chart.digits)
        return split_rows(size, [label.count("\n") + 1 for label in labels], legend=levels,
                          outside=moved)


def _drawings(chart: ChartInput, style: ChartStyle, medium: str) -> list:
    """The chart's figure, or one per part when it is too tall for its medium."""
    parts = _parts(chart, style, medium)
    if len(parts) == 1:
        return [_figure(chart, style, medium)]
    whole = {"top": float(chart.data["share"].max())} if chart.kind == "bars" else {}
    if chart.kind == "diverging":
        whole["reach"] = diverging_reach(chart.data, chart.right, chart.left, chart.neutral)
    return [_figure(replace(chart, data=chart.data.iloc[list(rows)].reset_index(drop=True)),
                    style, medium, **whole) for rows in parts]


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
    """Draw ``chart`` (any kind) and serialise it with its alt text, in the typography of
    the publication's language, with its own font subset."""
    return embed_chart_fonts(draw_media(chart, style, (medium,)), style.font_files)[0]


def draw_media(chart: ChartInput, style: ChartStyle, media: tuple[str, ...]) -> list[Chart]:
    """``chart`` drawn for each medium, its fonts not yet embedded (``fonts.embed_fonts``
    gives all the charts of an edition one subset). Its texts are typeset and its alt text
    written once for every medium."""
    if chart.kind == "crosstab":
        return [_crosstab(chart)] * len(media)
    chart, style, alt, drawn = _typeset_chart(chart, style)
    table = chart.data.drop(columns=[column for column in ("low_base",)
                                     if column in chart.data.columns])
    charts = []
    for medium in media:
        svgs = [figure_svg(fig, chart_id=chart.id if index == 0 else f"{chart.id}-{index + 1}",
                           title=chart.title, alt=alt)
                for index, fig in enumerate(_drawings(drawn, style, medium))]
        charts.append(Chart(id=chart.id, title=chart.title, svg=svgs[0], alt=alt, data=table,
                            kind=chart.kind, caption=chart.notes, lecture=chart.lecture,
                            champ=chart.champ, parts=tuple(svgs) if len(svgs) > 1 else ()))
    return charts


def _crosstab(chart: ChartInput) -> Chart:
    """A crosstab is a table, not a drawing: the crosstab partial prints it in both
    editions. Its data table (and CSV) ends with the bases, a count per column."""
    bases = pd.DataFrame([{"label": say("crosstab.bases"),
                           **dict(zip(chart.extra["columns"], chart.extra["bases"],
                                      strict=True))}], columns=chart.data.columns)
    data = pd.concat([chart.data, bases], ignore_index=True) if len(chart.data) \
        else chart.data
    return Chart(id=chart.id, title=chart.title, svg=b"", alt=alt_text(chart), data=data,
                 kind=chart.kind, caption=chart.notes, table=dict(chart.extra),
                 lecture=chart.lecture, champ=chart.champ)


def _typeset_chart(chart: ChartInput, style: ChartStyle):
    """The chart and style in French typography, the alt text, and the chart as drawn: the
    base, the notes and the source are text under the chart, in the page (readable at any
    width, found by search, tagged in the PDF): the image leaves them out."""
    register_fonts(style.font_files)
    typeset = _typeset()
    chart = typeset_input(chart)
    style = replace(style, source=typeset(style.source))
    alt = typeset(alt_text(chart))
    return chart, replace(style, source=""), alt, replace(chart, notes=())


def _drawn(chart: ChartInput, style: ChartStyle, medium: str, parts: bool = True):
    """The matplotlib figures of ``chart`` in French typography (one per part when it is
    too tall for its medium and ``parts``), with the typeset chart, style and alt text they
    were drawn from."""
    chart, style, alt, drawn = _typeset_chart(chart, style)
    figures = _drawings(drawn, style, medium) if parts else [_figure(drawn, style, medium)]
    return figures, chart, style, alt


def raster_chart(chart: ChartInput, style: ChartStyle, dpi: int = 300) -> bytes:
    """The print chart of ``chart`` as PNG at ``dpi``, drawn whole: the same drawing as the
    print SVG of ``render_chart``, for formats that take no SVG (the Word edition). Same
    inputs, same bytes: no software or date in the PNG's metadata."""
    import io

    import matplotlib.pyplot as plt

    figures, _, _, _ = _drawn(chart, style, "print", parts=False)
    buffer = io.BytesIO()
    figures[0].savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(figures[0])
    return buffer.getvalue()


def draw_chart(spec, figures: FigureTable, questionnaire: Questionnaire,
               style: ChartStyle, medium: str = "print") -> Chart:
    """Draw the chart that ``spec`` (a report.yaml figure) asks for."""
    return render_chart(chart_input(spec, figures, questionnaire), style, medium)
