"""A per-figure cache of drawn charts, so that an unchanged chart is not redrawn.

Input: a ``ChartInput``, the style and the medium. Output: the ``Chart``, read from
``<folder>/<figure id>-<medium>.chart`` when its key matches, drawn (and stored) otherwise.
The key digests the figure's data, the style (font files' bytes included) and the code
version: barorapport's version, the source of this package and the versions of the libraries
that draw. The entries are a ``buildcache.ContentCache``'s (the chart as JSON): one that does
not match its SHA-256 (a truncated write, an edit by hand) is redrawn, never used.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pandas as pd

from ..engine import buildcache
from ..wording import fingerprint as wording_fingerprint
from .chart import Chart
from .data import ChartInput
from .style import ChartStyle

logger = logging.getLogger("barorapport")


def render_chart(chart: ChartInput, style: ChartStyle, medium: str = "print") -> Chart:
    """``draw.render_chart``, imported on first use: matplotlib and seaborn only when a chart
    is drawn, never for a build whose charts all come from the cache."""
    from .draw import render_chart as draw

    return draw(chart, style, medium)


def code_version() -> str:
    """The engine's code and the drawing libraries."""
    return buildcache.code_version(("matplotlib", "seaborn", "fonttools", "pandas"))


def _entry(chart: ChartInput, medium: str) -> str:
    return f"{chart.id}-{medium}.chart"


class ChartCache:
    """Charts stored by figure id and medium under ``folder`` (``build/.cache/charts``), as
    entries of a ``ContentCache``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.entries = buildcache.ContentCache(folder)
        self.hits = 0
        self.misses = 0

    def key(self, chart: ChartInput, style: ChartStyle, medium: str) -> str:
        return hashlib.sha256("\n".join((chart.digest(), style.fingerprint(), medium,
                                         code_version(), wording_fingerprint())
                                        ).encode()).hexdigest()

    def _read(self, name: str, key: str) -> Chart | None:
        data = self.entries.get(name, key)
        if data is None:
            return None
        try:
            entry = json.loads(data)
            return Chart(id=entry["id"], title=entry["title"],
                         svg=entry["svg"].encode("utf-8"), alt=entry["alt"],
                         data=pd.DataFrame(**entry["data"]), kind=entry["kind"],
                         caption=tuple(entry["caption"]), table=entry.get("table", {}),
                         lecture=entry.get("lecture", ""), champ=entry.get("champ", ""),
                         parts=tuple(part.encode("utf-8") for part in entry.get("parts", ())))
        except (KeyError, TypeError, ValueError, AttributeError):
            logger.warning("charts: cache entry %s is corrupt; drawing the chart again",
                           self.folder / name)
            return None

    def _write(self, name: str, key: str, chart: Chart) -> None:
        entry = {"id": chart.id, "title": chart.title, "kind": chart.kind, "alt": chart.alt,
                 "caption": list(chart.caption), "svg": chart.svg.decode("utf-8"),
                 "data": chart.data.to_dict(orient="split"), "table": chart.table,
                 "lecture": chart.lecture, "champ": chart.champ,
                 "parts": [part.decode("utf-8") for part in chart.parts]}
        self.entries.put(name, key, json.dumps(entry, ensure_ascii=False).encode("utf-8"))

    def cached(self, chart: ChartInput, style: ChartStyle, medium: str = "print"
               ) -> Chart | None:
        """The stored chart of ``chart`` when its inputs did not change, else None."""
        key = self.key(chart, style, medium)
        found = self._read(_entry(chart, medium), key)
        if found is not None:
            self.hits += 1
        return found

    def store(self, chart: ChartInput, style: ChartStyle, medium: str, drawn: Chart) -> None:
        """Keep ``drawn``, the chart of ``chart``, for the next build."""
        self.misses += 1
        self._write(_entry(chart, medium), self.key(chart, style, medium), drawn)

    def chart(self, chart: ChartInput, style: ChartStyle, medium: str = "print") -> Chart:
        """The chart of ``chart``, from the cache when its inputs did not change."""
        cached = self.cached(chart, style, medium)
        if cached is not None:
            return cached
        drawn = render_chart(chart, style, medium)
        self.store(chart, style, medium, drawn)
        return drawn

    def charts(self, charts: list[ChartInput], style: ChartStyle, medium: str = "print",
               jobs: int | None = None) -> list[Chart]:
        """The charts of ``charts`` in their order: those whose inputs changed drawn by
        ``jobs`` processes (default: one per available core), with the same bytes as one
        after the other."""
        from .parallel import draw_all

        found = [self.cached(chart, style, medium) for chart in charts]
        missing = [chart for chart, hit in zip(charts, found, strict=True) if hit is None]
        drawn = iter(draw_all(missing, style, medium, jobs, draw=render_chart))
        result = []
        for chart, hit in zip(charts, found, strict=True):
            if hit is None:
                hit = next(drawn)
                self.store(chart, style, medium, hit)
            result.append(hit)
        return result
