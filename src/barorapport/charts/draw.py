"""Draw one chart of the publication with seaborn, as deterministic SVG.

Input: a figure spec of report.yaml, the figures table and the house style. Output: a
``Chart``: SVG bytes (``<title>`` and ``<desc>`` hold the alt text), the alt text and the
data table the chart shows.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from markupsafe import escape  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from ..formatting import fmt_pct  # noqa: E402
from ..stats import FigureTable  # noqa: E402
from ..survey import Questionnaire  # noqa: E402


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: bytes
    alt: str
    data: pd.DataFrame
    """Label, then one column per series, shares in percent: the chart's data table."""


@dataclass(frozen=True)
class ChartStyle:
    palette: tuple[str, ...]
    font_family: str
    font_files: tuple[Path, ...]
    width_in: float
    text_colour: str
    source: str


def _register_fonts(style: ChartStyle) -> None:
    for font_file in style.font_files:
        font_manager.fontManager.addfont(str(font_file))


def _wrap(label: str, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _bars(spec, figures: FigureTable) -> tuple[pd.DataFrame, str]:
    rows = [figure for figure in figures.ranked(spec.question, measure=spec.measure,
                                                 item=spec.item)
            if not figure.suppressed]
    data = pd.DataFrame({"label": [figure.label for figure in rows],
                         "share": [figure.percent for figure in rows]})
    return data, "bars"


def _stacked(spec, figures: FigureTable, questionnaire: Questionnaire) -> pd.DataFrame:
    question = questionnaire.question(spec.question)
    scale = questionnaire.scale_of(question)
    records = []
    for item in question.items:
        levels = figures.select(spec.question, measure="level", item=item.code)
        if any(figure.suppressed for figure in levels):
            continue
        record = {"label": item.label}
        record.update({figure.label: figure.percent for figure in levels})
        records.append(record)
    return pd.DataFrame(records, columns=["label", *[level.label for level in scale.levels]])


def _svg(fig, chart_id: str, title: str, alt: str) -> bytes:
    buffer = io.StringIO()
    with plt.rc_context({"svg.hashsalt": chart_id, "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buffer.getvalue()
    head = f'<title>{escape(title)}</title><desc>{escape(alt)}</desc>'
    # The accessible name and description go first inside the root <svg> element.
    start = text.index(">", text.index("<svg")) + 1
    text = text[:start] + head + text[start:]
    return text.replace('<svg ', '<svg role="img" ', 1).encode("utf-8")


NOTHING_PUBLISHED = "Effectifs trop faibles : aucune valeur publiée."


def _empty_chart(fig, ax, spec, data: pd.DataFrame) -> Chart:
    """Every value is suppressed: the chart says so instead of drawing bars."""
    ax.text(0.5, 0.5, NOTHING_PUBLISHED, ha="center", va="center", fontsize=9)
    ax.set_axis_off()
    return Chart(id=spec.id, title=spec.title, svg=_svg(fig, spec.id, spec.title,
                                                          NOTHING_PUBLISHED),
                 alt=NOTHING_PUBLISHED, data=data)


def draw_chart(spec, figures: FigureTable, questionnaire: Questionnaire,
               style: ChartStyle) -> Chart:
    """Draw the chart that ``spec`` (a report.yaml figure) asks for."""
    _register_fonts(style)
    question = questionnaire.question(spec.question)
    kind = spec.kind or ("stacked" if question.type == "grid" else "bars")
    sns.set_theme(style="white", font=style.font_family,
                  rc={"text.color": style.text_colour, "axes.labelcolor": style.text_colour,
                      "xtick.color": style.text_colour, "ytick.color": style.text_colour})
    if kind == "stacked":
        data = _stacked(spec, figures, questionnaire)
        series = list(data.columns[1:])
        fig, ax = plt.subplots(figsize=(style.width_in, 0.5 * len(data) + 1.4))
        left = pd.Series(0.0, index=data.index)
        for colour, name in zip(style.palette, series, strict=False):
            bars = ax.barh([_wrap(label) for label in data["label"]], data[name], left=left,
                           color=colour, label=name)
            ax.bar_label(bars, labels=[fmt_pct(value / 100) if value >= 6 else ""
                                       for value in data[name]],
                         label_type="center", fontsize=8, color="white")
            left += data[name]
        ax.invert_yaxis()
        ax.legend(ncols=len(series), loc="upper center", bbox_to_anchor=(0.5, -0.04),
                  frameon=False, fontsize=8)
        ax.set_xlim(0, 100)
        ax.set_xticks([])
        top = data.iloc[0]
        alt = (f"Barres empilées : {top['label']} — "
               + ", ".join(f"{name} {fmt_pct(top[name] / 100)}" for name in series) + ".")
    else:
        data, _ = _bars(spec, figures)
        fig, ax = plt.subplots(figsize=(style.width_in, 0.42 * len(data) + 0.9))
        if data.empty:
            return _empty_chart(fig, ax, spec, data)
        sns.barplot(data=data.assign(label=[_wrap(label) for label in data["label"]]),
                    x="share", y="label", color=style.palette[0], ax=ax)
        ax.bar_label(ax.containers[0], labels=[fmt_pct(value / 100, 2 if spec.measure ==
                                                       "mentions" else 0)
                                               for value in data["share"]],
                     padding=3, fontsize=8)
        ax.set_xlim(0, max(data["share"].max() * 1.18, 1))
        ax.set_xticks([])
        alt = "Barres horizontales : " + ", ".join(
            f"{label} {fmt_pct(share / 100, 1)}"
            for label, share in zip(data["label"], data["share"], strict=True)) + "."
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="y", labelsize=8, length=0)
    sns.despine(ax=ax, left=True, bottom=True)
    fig.tight_layout()
    return Chart(id=spec.id, title=spec.title, svg=_svg(fig, spec.id, spec.title, alt), alt=alt,
                 data=data)
