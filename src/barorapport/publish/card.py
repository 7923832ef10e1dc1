"""The web edition's link-preview image: the publication's title on a 1200 × 630 PNG.

Input: the title, the subtitle and a font file of the theme. Output: ``og-image.png``, named
by ``og:image`` in every page when the edition has a base URL (link previews need an
absolute address and a raster image: an SVG chart is not accepted). Same inputs, same bytes:
no date or tool in the PNG's metadata.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

CARD_NAME = "og-image.png"
WIDTH, HEIGHT, DPI = 1200, 630, 100


def write_card(path: Path, title: str, subtitle: str | None, font_file: Path | None,
               colours: tuple[str, str] = ("#1f5c99", "#ffffff")) -> Path:
    """Draw the card into ``path``."""
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    background, ink = colours
    font = FontProperties(fname=str(font_file)) if font_file else FontProperties()
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor=background)
    figure.text(0.07, 0.62, textwrap.fill(title, 28), fontproperties=font, fontsize=44,
                color=ink, va="center", linespacing=1.2)
    if subtitle:
        figure.text(0.07, 0.22, textwrap.fill(subtitle, 40), fontproperties=font,
                    fontsize=30, color=ink, va="center")
    figure.savefig(path, format="png", facecolor=background,
                   metadata={"Software": None})
    return path


def card_font(assets: Path) -> Path | None:
    """The theme's (or the project's) bold face for the card, if it ships one."""
    return next(iter(sorted((assets / "fonts").glob("*-Bold.ttf"))), None)
