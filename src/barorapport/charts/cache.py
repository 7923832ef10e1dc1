"""A per-figure cache of drawn charts, so that an unchanged chart is not redrawn.

Input: a ``ChartInput``, the style and the medium. Output: the ``Chart``, read from
``<folder>/<figure id>.json`` when its key matches, drawn (and stored) otherwise. The key
digests the figure's data, the style (font files' bytes included) and the code version:
barorapport's version, the source of this package and the versions of the libraries that
draw. Each entry holds a SHA-256 of its content: an entry that does not match it (a
truncated write, an edit by hand) is redrawn, never used.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from pathlib import Path

import pandas as pd

from .. import buildcache
from ..atomic import write_atomically
from ..buildcache import remove_entry
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


@functools.cache
def code_version() -> str:
    """barorapport's version, the charts package's source and the drawing libraries."""
    return buildcache.code_version(Path(__file__).parent.glob("*.py"),
                                   ("matplotlib", "seaborn", "fonttools", "pandas"))


def _checksum(entry: dict) -> str:
    return hashlib.sha256(json.dumps(entry, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


class ChartCache:
    """Charts stored by figure id under ``folder`` (``build/.cache/charts``)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def key(self, chart: ChartInput, style: ChartStyle, medium: str) -> str:
        return hashlib.sha256("\n".join((chart.digest(), style.fingerprint(), medium,
                                         code_version(), wording_fingerprint())
                                        ).encode()).hexdigest()

    def _read(self, path: Path, key: str) -> Chart | None:
        if not path.exists():
            return None
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            entry, checksum = stored["entry"], stored["sha256"]
            if not isinstance(entry, dict) or not isinstance(checksum, str):
                raise TypeError("not an entry")
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            logger.warning("charts: cache entry %s is corrupt; drawing the chart again", path)
            return None
        if entry.get("key") != key:
            return None
        if _checksum(entry) != checksum:
            logger.warning("charts: cache entry %s is corrupt; drawing the chart again", path)
            return None
        try:
            data = pd.DataFrame(**entry["data"])
            return Chart(id=entry["id"], title=entry["title"],
                         svg=entry["svg"].encode("utf-8"), alt=entry["alt"], data=data,
                         kind=entry["kind"], caption=tuple(entry["caption"]),
                         table=entry.get("table", {}))
        except (KeyError, TypeError, ValueError, AttributeError):
            logger.warning("charts: cache entry %s is corrupt; drawing the chart again", path)
            return None

    def _write(self, path: Path, key: str, chart: Chart) -> None:
        entry = {"key": key, "id": chart.id, "title": chart.title, "kind": chart.kind,
                 "alt": chart.alt, "caption": list(chart.caption),
                 "svg": chart.svg.decode("utf-8"),
                 "data": chart.data.to_dict(orient="split"), "table": chart.table}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            remove_entry(path)  # an entry of the wrong kind (a folder) would refuse the new one
            # Readers see the old entry or the new one, never half.
            write_atomically(path, json.dumps({"entry": entry, "sha256": _checksum(entry)},
                                              ensure_ascii=False).encode("utf-8"))
        except OSError as error:
            logger.warning("charts: cannot keep %s in the cache (%s); the build goes on "
                           "without it", path, error.strerror or error)

    def cached(self, chart: ChartInput, style: ChartStyle, medium: str = "print"
               ) -> Chart | None:
        """The stored chart of ``chart`` when its inputs did not change, else None."""
        key = self.key(chart, style, medium)
        found = self._read(self.folder / f"{chart.id}-{medium}.json", key)
        if found is not None:
            self.hits += 1
        return found

    def store(self, chart: ChartInput, style: ChartStyle, medium: str, drawn: Chart) -> None:
        """Keep ``drawn``, the chart of ``chart``, for the next build."""
        self.misses += 1
        self._write(self.folder / f"{chart.id}-{medium}.json", self.key(chart, style, medium),
                    drawn)

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
