"""Charts drawn side by side: the same bytes as one after the other, in the same order;
and the drawing libraries are not imported until a chart is drawn."""

from __future__ import annotations

import subprocess
import sys

from barorapport.charts import ChartCache, chart_input, parallel
from barorapport.charts.parallel import draw_all
from barorapport.config.report import FigureSpec

from ..conftest import REPO

SPECS = [FigureSpec(id="outils", question="outils", measure="respondents", title="Outils"),
         FigureSpec(id="avis", question="avis", title="Opinions"),
         FigureSpec(id="outils-bis", question="outils", measure="respondents",
                    title="Outils numériques utilisés au travail"),
         FigureSpec(id="avis-bis", question="avis", title="Opinions, encore")]


def _inputs(figures, questionnaire):
    return [chart_input(spec, figures, questionnaire) for spec in SPECS]


def test_two_processes_draw_the_bytes_of_one(figures, questionnaire, style):
    work = [(chart, ("print", "phone")) for chart in _inputs(figures, questionnaire)]
    serial = draw_all(work, style, jobs=1)
    parallel = draw_all(work, style, jobs=2)
    assert [[chart.id for chart in media] for media in parallel] == [
        [spec.id, spec.id] for spec in SPECS]
    for one, two in zip(sum(serial, []), sum(parallel, []), strict=True):
        assert one.svg == two.svg
        assert (one.alt, one.caption, one.kind) == (two.alt, two.caption, two.kind)
        assert one.data.equals(two.data)
    # Four different charts, each drawn differently for print and for a phone.
    assert len({chart.svg for media in serial for chart in media}) == 2 * len(SPECS)


def test_a_few_charts_are_drawn_without_a_pool(monkeypatch, figures, questionnaire, style):
    """Forking workers costs more than drawing a few charts: one process draws them."""
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", None)  # any pool would fail
    work = [(chart, ("print",)) for chart in _inputs(figures, questionnaire)]
    assert len(draw_all(work, style)) == len(SPECS)


def test_cached_and_drawn_charts_come_back_in_order(tmp_path, figures, questionnaire,
                                                    style):
    inputs = _inputs(figures, questionnaire)
    ChartCache(tmp_path).charts(inputs[1:3], style, jobs=2)  # two of the four in the cache
    cache = ChartCache(tmp_path)
    charts = cache.charts(inputs, style, jobs=2)
    assert [chart.id for chart in charts] == [spec.id for spec in SPECS]
    assert (cache.hits, cache.misses) == (2, 2)
    again = ChartCache(tmp_path).charts(inputs, style, jobs=1)
    assert [chart.svg for chart in again] == [chart.svg for chart in charts]


def test_the_build_imports_no_drawing_library_until_a_chart_is_drawn():
    """Nor WeasyPrint until a PDF is laid out, spaCy until a quotation is scanned for names,
    scipy.stats until an exact test is made: importing every stage imports none of them."""
    code = ("import sys, barorapport.commands.build, barorapport.commands.check, "
            "barorapport.commands.serve, barorapport.pipeline.build, barorapport.pipeline.check, "
            "barorapport.pipeline.serve; "
            "print(sorted(name for name in ('matplotlib', 'seaborn', 'scipy.stats', 'spacy', "
            "'weasyprint', 'statsmodels') if name in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={"PYTHONPATH": str(REPO / "src")})
    assert done.stdout.strip() == "[]"
