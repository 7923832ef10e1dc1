"""Scales of any length (2 to 11 levels): every level drawn, in its own colour, and named in
a legend that fits the chart; a level a chart cannot place is an error naming the figure."""

from __future__ import annotations

import random
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import yaml
from matplotlib.patches import Rectangle

from barorapport.charts import chart_input, render_chart
from barorapport.charts.draw import _figure
from barorapport.charts.palettes import diverging_palette, sequential_palette, series_palette
from barorapport.config.report import FigureSpec
from barorapport.errors import StatsError
from barorapport.stats import Thresholds, compute_figures
from barorapport.survey import load_questionnaire, load_survey

from .test_draw import svg_texts

LEVELS = range(2, 12)


def _project(folder: Path, levels: int, groups: bool, extra: str | None = None):
    """A survey of 60 respondents answering a two-item grid on a scale of ``levels``."""
    labels = [f"Niveau {index} sur l'échelle" for index in range(1, levels + 1)]
    scale = {"id": "echelle", "levels": [{"code": str(index), "label": label}
                                          for index, label in enumerate(labels, start=1)]}
    if extra:
        scale["levels"].append({"code": "99", "label": extra})
    if groups:
        half = levels // 2
        scale["groups"] = [
            {"id": "haut", "label": "Haut", "levels": [str(i) for i in range(1, half + 1)]},
            {"id": "bas", "label": "Bas",
             "levels": [str(i) for i in range(levels - half + 1, levels + 1)]}]
    questionnaire = {
        "survey": {"title": "Échelles"}, "responses": {"file": "responses.csv",
                                                        "id_column": "id"},
        "scales": [scale],
        "questions": [{"id": "g", "type": "grid", "text": "Votre avis", "scale": "echelle",
                       "items": [{"code": "a", "label": "Premier item"},
                                 {"code": "b", "label": "Second item"}]}]}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "questionnaire.yaml").write_text(yaml.safe_dump(questionnaire,
                                                              allow_unicode=True), "utf-8")
    draw = random.Random(levels)
    codes = [str(index) for index in range(1, levels + 1)] + (["99"] if extra else [])
    rows = ["id,g_a,g_b"]
    for respondent in range(60):
        # Every level at least twice per item, so that no level is empty.
        first = codes[respondent % len(codes)]
        rows.append(f"R{respondent},{first},{draw.choice(codes)}")
    (folder / "responses.csv").write_text("\n".join(rows) + "\n", "utf-8")
    loaded = load_questionnaire(folder / "questionnaire.yaml")
    survey = load_survey(loaded, folder / "responses.csv")
    return loaded, compute_figures(survey, Thresholds(low_base=5, suppress=1)), labels


def _fills(svg: bytes) -> set[str]:
    return {colour.lower() for colour in re.findall(r"fill:\s*(#[0-9a-fA-F]{6})",
                                                    svg.decode("utf-8"))}


@pytest.mark.parametrize("kind", ["stacked", "diverging"])
@pytest.mark.parametrize("levels", LEVELS)
def test_every_level_is_drawn_and_in_the_legend(tmp_path, style, levels, kind):
    questionnaire, figures, labels = _project(tmp_path, levels, groups=kind == "diverging")
    spec = FigureSpec(id="echelle", question="g", title="Une échelle", sort="questionnaire")
    chart = chart_input(spec, figures, questionnaire)
    assert chart.kind == kind
    drawn = render_chart(chart, style)
    texts = svg_texts(drawn.svg)
    for label in labels:
        assert label.replace("'", "’") in texts, label  # in French typography
    # Every level has its colour, and no two levels share one.
    if kind == "stacked":
        colours = sequential_palette(style, levels)
    else:
        first, second = diverging_palette(style, levels // 2, levels // 2)
        colours = first + second + (["#8c8c8c"] if levels % 2 else [])
    assert len(set(colours)) == levels
    assert {colour.lower() for colour in colours} <= _fills(drawn.svg)
    # The chart's data table holds every level, and each item's levels add up to 100 %.
    typeset = [label.replace("'", "’") for label in labels]
    assert list(drawn.data.columns[1:levels + 1]) == typeset
    for total in drawn.data[typeset].sum(axis=1):
        assert total == pytest.approx(100)
    # The legend names every level, in scale order, and lies inside the chart.
    fig = _figure(chart, style, "print")
    fig.draw_without_rendering()
    legend = fig.legends[0]
    shown = [text.get_text() for text in legend.get_texts()]
    assert sorted(shown) == sorted(labels)
    box, page = legend.get_window_extent(), fig.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    # No legend entry runs into the bars.
    assert box.y0 >= max(bar.get_window_extent().y1 for bar in fig.artists
                         if isinstance(bar, Rectangle)) - 1
    plt.close(fig)


@pytest.mark.parametrize("levels", [4, 7])
def test_the_legend_reads_row_by_row_in_scale_order(tmp_path, style, levels):
    questionnaire, figures, labels = _project(tmp_path, levels, groups=False)
    spec = FigureSpec(id="echelle", question="g", title="Une échelle")
    fig = _figure(chart_input(spec, figures, questionnaire), style, "print")
    fig.draw_without_rendering()
    texts = fig.legends[0].get_texts()
    by_place = sorted(texts, key=lambda text: (-round(text.get_window_extent().y0),
                                               text.get_window_extent().x0))
    assert [text.get_text() for text in by_place] == labels
    plt.close(fig)


def test_a_level_a_diverging_chart_cannot_place_is_an_error(tmp_path):
    questionnaire, figures, _ = _project(tmp_path, 4, groups=True, extra="Ne sait pas")
    spec = FigureSpec(id="avis", question="g", title="Avis")
    with pytest.raises(StatsError) as caught:
        chart_input(spec, figures, questionnaire)
    assert str(caught.value) == (
        "figure 'avis': a diverging chart cannot show level(s) 'Ne sait pas' of scale "
        "'echelle', which are in neither group nor between them: set 'kind: stacked' to show "
        "every level")
    stacked = chart_input(spec.model_copy(update={"kind": "stacked"}), figures, questionnaire)
    assert "Ne sait pas" in stacked.data.columns


def test_an_item_of_a_grid_is_drawn_as_bars_without_kind(tmp_path, style):
    questionnaire, figures, labels = _project(tmp_path, 5, groups=False)
    spec = FigureSpec(id="item", question="g", item="a", title="Premier item")
    chart = chart_input(spec, figures, questionnaire)
    assert chart.kind == "bars"
    assert sorted(chart.data["label"]) == sorted(labels)


def test_palettes_have_as_many_distinct_colours_as_asked(style):
    for count in range(1, 16):
        for colours in (sequential_palette(style, count), series_palette(style, count)):
            assert len(colours) == count and len(set(colours)) == count
    # The house pairs are kept as configured for two levels a side (the 2020 charts).
    assert diverging_palette(style, 2, 2) == ([style.palette[0], style.palette[1]],
                                              [style.palette[2], style.palette[3]])
