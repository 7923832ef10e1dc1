"""The house style of the charts, set once in report.yaml's ``chart_style``.

Input: the validated ``chart_style`` configuration and the assets folder. Output: a frozen
``ChartStyle`` that every ``chart_*`` function draws with, and the matplotlib settings it
implies. Contrast follows WCAG 2.1: relative luminance and contrast ratio (success criterion
1.4.11 asks 3:1 for graphical objects, 1.4.3 asks 4.5:1 for small text).
"""

from __future__ import annotations

import hashlib
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ..contrast import (  # noqa: F401 (re-exported: the charts' contrast rules)
    GRAPHICS_CONTRAST,
    TEXT_CONTRAST,
    contrast_ratio,
    palette_problems,
    relative_luminance,
)
from ..errors import ConfigError


@dataclass(frozen=True)
class ChartSize:
    """A medium's size: the chart's width and the size of its text, in points; whether the
    item labels stand above their bars (a phone's tall chart, every bar full width) rather
    than beside them; the tallest a drawing may be (a taller chart is drawn in parts)."""

    width_in: float
    font_pt: float
    labels_above: bool = False
    max_height_in: float | None = None


PRINT_MAX_HEIGHT_IN = 7.4
"""The tallest a print chart is drawn (an A4 text block is 9.9 in, less the figure's title
and its Lecture / Champ / Source lines): a taller one is drawn in parts, each with its
legend, never shrunk."""
MEDIA = ("print", "screen", "phone")
"""print: the PDF's column; screen: the web column on a desktop (wide); phone: the web
column on a phone (tall, labels above the bars)."""


@dataclass(frozen=True)
class ChartStyle:
    palette: tuple[str, ...]
    """Series colours in series order: each adjacent pair and each colour against the
    background at least 3:1."""
    font_family: str = "DejaVu Sans"
    font_files: tuple[Path, ...] = ()
    """The publication's font files; they are embedded (subset) in every SVG."""
    text_colour: str = "#1a1a1a"
    background: str = "#ffffff"
    source: str = ""
    """The source line printed under every chart."""
    print_size: ChartSize = ChartSize(width_in=6.3, font_pt=8.0,
                                      max_height_in=PRINT_MAX_HEIGHT_IN)
    screen_size: ChartSize = ChartSize(width_in=7.3, font_pt=11.0)
    phone_size: ChartSize = ChartSize(width_in=3.0, font_pt=9.0, labels_above=True)

    def size(self, medium: str) -> ChartSize:
        if medium not in MEDIA:
            raise ValueError(f"unknown medium {medium!r} (expected print, screen or phone)")
        return {"print": self.print_size, "screen": self.screen_size,
                "phone": self.phone_size}[medium]

    def fingerprint(self) -> str:
        """A digest of everything that changes how a chart looks, font files' bytes included."""
        digest = hashlib.sha256(repr((self.palette, self.font_family, self.text_colour,
                                      self.background, self.source, self.print_size,
                                      self.screen_size, self.phone_size)).encode())
        for font_file in self.font_files:
            digest.update(Path(font_file).read_bytes())
        return digest.hexdigest()


def style_from_config(config, assets_dir: Path, source: str | None) -> ChartStyle:
    """The ``ChartStyle`` of report.yaml's ``chart_style`` (font files under ``assets_dir``)."""
    font_files = tuple(assets_dir / name for name in config.font_files)
    missing = [str(path) for path in font_files if not path.is_file()]
    if missing:
        raise ConfigError(f"chart_style.font_files: file not found: {', '.join(missing)}")
    return ChartStyle(
        palette=tuple(config.palette), font_family=config.font_family, font_files=font_files,
        text_colour=config.text_colour, background=config.background, source=source or "",
        print_size=ChartSize(config.print.width_in, config.print.font_pt,
                             max_height_in=PRINT_MAX_HEIGHT_IN),
        screen_size=ChartSize(config.screen.width_in, config.screen.font_pt),
        phone_size=ChartSize(config.phone.width_in, config.phone.font_pt, labels_above=True))


def label_colour(bar_colour: str, style: ChartStyle) -> str:
    """The text colour (the house text colour or the background) that reads best on a bar."""
    return max((style.text_colour, style.background),
               key=lambda colour: contrast_ratio(colour, bar_colour))


def wrap_label(label: str, size: ChartSize, share_of_width: float = 0.46) -> str:
    """``label`` broken into lines that fit ``share_of_width`` of the chart (the whole width
    when labels stand above their bars).

    An average Latin glyph is about half an em wide, which is what the width in characters
    assumes; a long word is never cut.
    """
    if size.labels_above:
        share_of_width = 0.97
    characters = max(12, int(size.width_in * share_of_width * 72 / (size.font_pt * 0.52)))
    return "\n".join(textwrap.wrap(label, characters, break_long_words=False)) or label


def matplotlib_rc(style: ChartStyle, size: ChartSize) -> dict:
    """The matplotlib settings of the house style: text stays text, ids are salted later."""
    return {
        "font.family": style.font_family, "font.size": size.font_pt,
        "text.color": style.text_colour, "axes.labelcolor": style.text_colour,
        "xtick.color": style.text_colour, "ytick.color": style.text_colour,
        "axes.edgecolor": style.text_colour, "axes.facecolor": style.background,
        "figure.facecolor": style.background, "savefig.facecolor": style.background,
        "legend.fontsize": size.font_pt, "xtick.labelsize": size.font_pt,
        "ytick.labelsize": size.font_pt,
        # Text as SVG text (searchable, light, fast in WeasyPrint); the font is embedded.
        "svg.fonttype": "none",
    }
