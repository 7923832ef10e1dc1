"""A per-figure cache of drawn charts, so that an unchanged chart is not redrawn.

Input: the ``ChartInput`` of each chart, the style and the media. Output: each ``Chart``,
read from ``<folder>/<figure id>-<medium>.chart`` when its key matches, drawn (and stored)
otherwise, then given the fonts all the charts share (one subset of each font file,
``fonts.embed_fonts``, kept as ``fonts-<n>.ttf``). The key digests the figure's data, the
style (font files' bytes included) and the code version: barorapport's version, the source
of this package and the versions of the libraries that draw. The entries are a
``buildcache.ContentCache``'s (the chart as JSON, its SVG without fonts): one that does not
match its SHA-256 (a truncated write, an edit by hand) is redrawn, never used.
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
from .fonts import embed_chart_fonts, shown_text, subset_font
from .style import ChartStyle

logger = logging.getLogger("barorapport")


def draw_media(chart: ChartInput, style: ChartStyle, media: tuple[str, ...]) -> list[Chart]:
    """``draw.draw_media``, imported on first use: matplotlib and seaborn only when a chart
    is drawn, never for a build whose charts all come from the cache."""
    from .draw import draw_media as draw

    return draw(chart, style, media)


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
        self._shared: dict[ChartStyle, str] = {}

    def key(self, chart: ChartInput, style: ChartStyle, medium: str,
            digest: str | None = None) -> str:
        """The key of ``chart``'s entry (``digest``: its ``chart.digest()``, when known)."""
        return hashlib.sha256("\n".join((digest or chart.digest(), self._shared_key(style),
                                         medium)).encode()).hexdigest()

    def _shared_key(self, style: ChartStyle) -> str:
        """What every chart's key holds: the style (its fonts' bytes read once), the code
        and the wording, digested once for the cache's life (one build)."""
        if style not in self._shared:
            self._shared[style] = "\n".join((style.fingerprint(), code_version(),
                                             wording_fingerprint()))
        return self._shared[style]

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

    def cached(self, chart: ChartInput, style: ChartStyle, medium: str = "print",
               key: str | None = None) -> Chart | None:
        """The stored chart of ``chart`` when its inputs did not change (its entry's
        ``key``, when known), else None."""
        found = self._read(_entry(chart, medium), key or self.key(chart, style, medium))
        if found is not None:
            self.hits += 1
        return found

    def store(self, chart: ChartInput, style: ChartStyle, medium: str, drawn: Chart,
              key: str | None = None) -> None:
        """Keep ``drawn``, the chart of ``chart``, for the next build."""
        self.misses += 1
        self._write(_entry(chart, medium), key or self.key(chart, style, medium), drawn)

    def subsets(self, style: ChartStyle, text: str) -> dict[Path, bytes]:
        """Each font file of ``style`` cut down to the glyphs of ``text``, from the cache when
        it holds that cut."""
        found = {}
        for index, font_file in enumerate(style.font_files):
            key = hashlib.sha256("\n".join((
                hashlib.sha256(Path(font_file).read_bytes()).hexdigest(), text,
                code_version())).encode()).hexdigest()
            data = self.entries.get(f"fonts-{index}.ttf", key)
            if data is None:
                data = subset_font(font_file, text)
                self.entries.put(f"fonts-{index}.ttf", key, data)
            found[font_file] = data
        return found

    def chart(self, chart: ChartInput, style: ChartStyle, medium: str = "print") -> Chart:
        """The chart of ``chart``, from the cache when its inputs did not change."""
        return self.charts([chart], style, medium, jobs=1)[0]

    def charts(self, charts: list[ChartInput], style: ChartStyle, medium: str = "print",
               jobs: int | None = None) -> list[Chart]:
        """The charts of ``charts`` in their order, for one medium (``edition``)."""
        return self.edition(charts, style, (medium,), jobs)[medium]

    def edition(self, charts: list[ChartInput], style: ChartStyle, media: tuple[str, ...],
                jobs: int | None = None) -> dict[str, list[Chart]]:
        """The charts of ``charts`` in their order, for each medium: those whose inputs
        changed drawn (by ``jobs`` processes when there are many, with the same bytes as one
        after the other), all of them sharing one subset of each font."""
        from .parallel import draw_all

        keys = []
        for chart in charts:
            digest = chart.digest()
            keys.append({medium: self.key(chart, style, medium, digest) for medium in media})
        found = [{medium: self.cached(chart, style, medium, key[medium]) for medium in media}
                 for chart, key in zip(charts, keys, strict=True)]
        missing = [(chart, tuple(medium for medium in media if hits[medium] is None))
                   for chart, hits in zip(charts, found, strict=True)
                   if None in hits.values()]
        drawn = iter(draw_all(missing, style, jobs, draw=draw_media))
        for chart, hits, key in zip(charts, found, keys, strict=True):
            if None in hits.values():
                absent = [medium for medium in media if hits[medium] is None]
                for medium, new in zip(absent, next(drawn), strict=True):
                    self.store(chart, style, medium, new, key[medium])
                    hits[medium] = new
        every = [hits[medium] for hits in found for medium in media]
        subsets = self.subsets(style, shown_text(svg for chart in every
                                                 for svg in (chart.parts or (chart.svg,))
                                                 if svg)) if style.font_files else None
        embedded = iter(embed_chart_fonts(every, style.font_files, subsets))
        result: dict[str, list[Chart]] = {medium: [] for medium in media}
        for _ in found:
            for medium in media:
                result[medium].append(next(embedded))
        return result
