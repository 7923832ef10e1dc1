"""The Word edition's pictures: each chart drawn again as PNG, the assets' own images.

Input: the charts' inputs and house style, the print charts (their SVG keys the cache),
the staging folder. Output: the ``image(src)`` function ``write_docx`` asks pictures of.
A chart's PNG is kept in ``build/.cache/docx/<edition>/<figure>.png`` under the key of its
print SVG (which holds its data, style and code) and of the drawing code's packages.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from ..engine.buildcache import ContentCache, code_version, digest
from .docx import CHART_DPI, WordImage, png_width_mm

logger = logging.getLogger("barorapport")
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")
_MM_PER_PIXEL_AT_96_DPI = 25.4 / 96


def chart_pictures(inputs: dict, style, charts: dict, cache: ContentCache
                   ) -> dict[str, WordImage]:
    """Each drawn chart (crosstabs are tables) as a PNG at the print size."""
    from ..charts import draw

    code = code_version(("matplotlib", "seaborn"))
    pictures = {}
    for chart_id, chart in charts.items():
        if not chart.svg or chart_id not in inputs:
            continue
        key = digest(chart.svg, str(CHART_DPI), code)
        data = cache.get(f"{chart_id}.png", key)
        if data is None:
            data = draw.raster_chart(inputs[chart_id], style, CHART_DPI)
            cache.put(f"{chart_id}.png", key, data)
        pictures[chart_id] = WordImage(data, png_width_mm(data))
    return pictures


def picture_source(pictures: dict[str, WordImage], base: Path
                   ) -> Callable[[str], WordImage | None]:
    """``image(src)`` for ``write_docx``: ``charts/<figure>.svg`` is the chart's PNG; a PNG,
    JPEG or GIF file under ``base`` (the staging folder, where the print HTML's relative
    links lead) is itself; anything else has no picture."""

    def image(source: str) -> WordImage | None:
        path = PurePosixPath(source)
        if path.parts[:1] == ("charts",) and path.suffix == ".svg":
            return pictures.get(path.stem)
        if "://" in source or source.startswith("data:") or \
                path.suffix.lower() not in RASTER_SUFFIXES:
            return None
        file = (base / source).resolve()
        if not file.is_relative_to(base.resolve()) or not file.is_file():
            return None  # only the publication's own files
        try:
            data = file.read_bytes()
        except OSError:
            return None
        return WordImage(data, _width_mm(data))

    return image


def _width_mm(data: bytes) -> float:
    """A raster image's width at 96 dpi (as a browser shows it), from its header."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as picture:
        return picture.size[0] * _MM_PER_PIXEL_AT_96_DPI
