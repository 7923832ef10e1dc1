"""Long grids legible (issue 26 item 6, issue 29 item 3), read as readers get them: a new
survey with a 22-item grid on a 6-point scale (statsmodels' star98, written as a survey
tool's CSV export), ``init`` then ``build`` with no edit. In the PDF no text is smaller than
7 pt and the grid is drawn in parts, each with its legend; on the web, in Chromium at twelve
widths from 320 to 1280 px, every chart's text is 12 CSS px or more and the chart fills its
column."""

from __future__ import annotations

import pytest

from barorapport.commands.build import build
from barorapport.commands.init import init_project

from ..browser import browser, serve
from ..helpers import pdf_words, svg_smallest_text
from .grid_export import STATEMENTS, write_grid_export

PRINT_FLOOR_PT = 7
SCREEN_FLOOR_PX = 12


@pytest.fixture(scope="module")
def grid_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grid")
    export = folder / "districts.csv"
    write_grid_export(export)
    init_project(folder / "project", export, edition="2024")
    return build(folder / "project", "2024", progress=lambda message: None)


def test_no_printed_text_is_smaller_than_7_pt(grid_build):
    pages = pdf_words(grid_build.outputs["pdf"])
    smallest = {number: min(word["size"] for word in words)
                for number, words in enumerate(pages, start=1) if words}
    assert min(smallest.values()) >= PRINT_FLOOR_PT, smallest


def test_the_long_grid_is_drawn_in_parts_each_with_its_legend(grid_build):
    charts = grid_build.folder / "charts"
    continued = sorted(charts.glob("*-2.svg"))
    assert continued, sorted(path.name for path in charts.iterdir())
    first = continued[0].with_name(continued[0].name.replace("-2.svg", ".svg"))
    legend = "Pas du tout d'accord"
    for part in (first, continued[0]):
        assert legend in part.read_text("utf-8").replace("’", "'"), part.name
    # Every item is in one part or another, none in two.
    shown = [statement for statement in STATEMENTS.values()
             if any(statement.split()[-1] in path.read_text("utf-8")
                    for path in (first, *sorted(charts.glob(first.stem + "-*.svg"))))]
    assert shown
    pdf = " ".join(word["text"] for page in pdf_words(grid_build.outputs["pdf"])
                   for word in page)
    assert "(suite)" in pdf


MEASURE = """async () => {
  const main = document.querySelector("main");
  const style = getComputedStyle(main);
  const column = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const charts = [];
  for (const img of document.querySelectorAll("figure.chart img")) {
    const box = img.getBoundingClientRect();
    if (!box.width) continue;  // a print part, hidden on the web
    const svg = await (await fetch(img.currentSrc)).text();
    charts.push({src: img.currentSrc, width: box.width, svg});
  }
  return {column, charts};
}"""


WIDTHS = [320, 375, 414, 480, 560, 600, 623, 624, 700, 768, 1024, 1280]
"""Phones, small tablets, the switch between the phone's drawing and the desktop's (39em:
624 px), tablets and desktops."""


def test_web_charts_fill_their_column_with_text_of_12_px_or_more_at_any_width(grid_build):
    found = {}
    with serve(grid_build.folder / "web") as url, browser() as chromium:
        page = chromium.new_page(viewport={"width": WIDTHS[0], "height": 900})
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{url}/resultats.html")
            found[width] = page.evaluate(MEASURE)
    for width, measured in found.items():
        assert measured["charts"], width
        for chart in measured["charts"]:
            smallest, drawn_width = svg_smallest_text(chart["svg"])
            shown_px = smallest * chart["width"] / drawn_width
            assert shown_px >= SCREEN_FLOOR_PX, (width, chart["src"], round(shown_px, 1))
            assert chart["width"] >= 0.95 * measured["column"], (width, chart["src"],
                                                                  chart["width"],
                                                                  measured["column"])
            assert ("-phone.svg" in chart["src"]) == (width < 624), (width, chart["src"])
