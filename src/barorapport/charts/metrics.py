"""Text measured from the font files' own metrics, as browsers and WeasyPrint set it.

Input: a text, a font file (or matplotlib's font properties) and a size. Output: its width,
height and descent in points. A chart's SVG keeps its text as text, set by the reader's
engine with the embedded font subset, which carries no kerning (``fonts._LAYOUT_TABLES``):
a line is as wide as the sum of its glyphs' advances. Measuring that sum is a dictionary
look-up per character, where matplotlib's own measure shapes the text and loads every glyph's
outline (about half a millisecond a label). Every chart's geometry (``layout``) and
matplotlib's own placing of the text in the SVG (``svg.figure_svg``) read these metrics, so
that what is computed is what is drawn.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont


@dataclass(frozen=True)
class _Glyph:
    advance: int
    low: int
    """The lowest point of the glyph's outline (0 for a glyph with none), in font units."""
    high: int


class FontMetrics:
    """The advances and vertical extents of one font file's glyphs, read as asked."""

    def __init__(self, font_file: Path):
        self.font = TTFont(font_file, lazy=True)
        self.units = self.font["head"].unitsPerEm
        self.cmap = self.font.getBestCmap()
        self.hmtx = self.font["hmtx"]
        self.glyf = self.font["glyf"] if "glyf" in self.font else None
        self.fallback = _Glyph(self.font["OS/2"].xAvgCharWidth, 0, 0)
        self.glyphs: dict[str, _Glyph] = {}

    def glyph(self, char: str) -> _Glyph:
        found = self.glyphs.get(char)
        if found is None:
            found = self.glyphs[char] = self._read(char)
        return found

    def _read(self, char: str) -> _Glyph:
        name = self.cmap.get(ord(char))
        if name is None:  # another font will set it: an average glyph
            return self.fallback
        advance = self.hmtx[name][0]
        outline = self.glyf[name] if self.glyf is not None else None
        if outline is None or not getattr(outline, "numberOfContours", 0):
            return _Glyph(advance, 0, 0)
        return _Glyph(advance, outline.yMin, outline.yMax)

    def width(self, line: str, size: float) -> float:
        """The advance of ``line`` at ``size`` points, in points."""
        return sum(self.glyph(char).advance for char in line) * size / self.units

    def extent(self, line: str, size: float) -> tuple[float, float, float]:
        """(width, height, descent) of one line at ``size`` points, in points: the sum of
        the advances, and the height and depth of the glyphs' outlines (matplotlib's
        measure, whose ``descent`` is the depth below the baseline)."""
        glyphs = [self.glyph(char) for char in line]
        low = min((glyph.low for glyph in glyphs), default=0)
        high = max((glyph.high for glyph in glyphs), default=0)
        scale = size / self.units
        width = sum(glyph.advance for glyph in glyphs) * scale
        return width, (high - min(low, 0)) * scale, -min(low, 0) * scale


@functools.lru_cache(maxsize=32)
def _metrics(font_file: str, stamp: tuple[int, int]) -> FontMetrics:
    return FontMetrics(Path(font_file))


def font_metrics(font_file: Path | str) -> FontMetrics:
    """The metrics of ``font_file``, read once per process and file version (a font
    replaced while ``serve`` runs is read again)."""
    stat = Path(font_file).stat()
    return _metrics(str(font_file), (stat.st_mtime_ns, stat.st_size))


_FILES: dict[tuple, FontMetrics] = {}
"""The metrics of the font file matplotlib finds for each set of font properties, asked
once per process (fonts are registered once per process too: ``fonts.register_fonts``)."""


def metrics_of(prop) -> FontMetrics:
    """The metrics of the file matplotlib draws ``prop`` (a ``FontProperties``) with."""
    key = (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
           prop.get_stretch(), prop.get_file())
    found = _FILES.get(key)
    if found is None:
        from matplotlib import font_manager

        found = _FILES[key] = font_metrics(font_manager.findfont(prop))
    return found


def text_width_pt(text: str, prop) -> float:
    """The width of ``text`` (its longest line) in points, set with ``prop``."""
    metrics = metrics_of(prop)
    size = prop.get_size_in_points()
    return max((metrics.width(line, size) for line in str(text).split("\n")), default=0.0)


def forget_files() -> None:
    """Find the font files again (a font file was registered with matplotlib)."""
    _FILES.clear()
