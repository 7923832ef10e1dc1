"""The chart cache: an unchanged chart is not redrawn; a corrupt entry is redrawn."""

from __future__ import annotations

import dataclasses
import json

from barorapport.charts import ChartCache, chart_input
from barorapport.charts.fonts import embed_fonts
from barorapport.config.report import FigureSpec

SPEC = FigureSpec(id="outils", question="outils", measure="respondents", title="Outils")


def test_unchanged_chart_comes_from_the_cache(tmp_path, figures, questionnaire, style):
    first = ChartCache(tmp_path)
    drawn = first.chart(chart_input(SPEC, figures, questionnaire), style)
    again = ChartCache(tmp_path)
    cached = again.chart(chart_input(SPEC, figures, questionnaire), style)
    assert (first.misses, again.hits, again.misses) == (1, 1, 0)
    assert cached.svg == drawn.svg and cached.alt == drawn.alt
    assert cached.data.equals(drawn.data)


def test_changed_data_or_style_is_redrawn(tmp_path, figures, questionnaire, style):
    cache = ChartCache(tmp_path)
    cache.chart(chart_input(SPEC, figures, questionnaire), style)
    retitled = SPEC.model_copy(update={"title": "Outils numériques"})
    cache.chart(chart_input(retitled, figures, questionnaire), style)
    cache.chart(chart_input(retitled, figures, questionnaire),
                dataclasses.replace(style, source="Source : autre"))
    assert (cache.hits, cache.misses) == (0, 3)


def test_corrupt_entry_is_detected_and_redrawn(tmp_path, figures, questionnaire, style,
                                               caplog):
    cache = ChartCache(tmp_path)
    drawn = cache.chart(chart_input(SPEC, figures, questionnaire), style)
    entry_path = tmp_path / "outils-print.chart"
    header, _, body = entry_path.read_bytes().partition(b"\n")
    # The entry holds the drawing; its fonts are embedded when the charts are handed out
    # (one subset for every chart of the edition).
    stored = json.loads(body)["svg"].encode("utf-8")
    assert b"@font-face" not in stored
    assert embed_fonts([stored], style.font_files) == [drawn.svg]
    # A share changed by hand: the entry no longer matches its SHA-256.
    entry_path.write_bytes(header + b"\n" + body.replace(b"71,4", b"99,9"))
    again = ChartCache(tmp_path)
    redrawn = again.chart(chart_input(SPEC, figures, questionnaire), style)
    assert (again.hits, again.misses) == (0, 1)
    assert redrawn.svg == drawn.svg
    assert caplog.messages == [f"cache: {entry_path} is corrupt; building it again"]
    # A sound entry whose chart is not one: drawn again too.
    caplog.clear()
    again.entries.put("outils-print.chart", again.key(chart_input(SPEC, figures, questionnaire),
                                                    style, "print"), b'{"id": 1}')
    assert ChartCache(tmp_path).chart(chart_input(SPEC, figures, questionnaire),
                                      style).svg == drawn.svg
    assert caplog.messages == [f"charts: cache entry {entry_path} is corrupt; drawing the "
                               "chart again"]
