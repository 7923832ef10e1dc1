"""The publication's font files: registered with matplotlib, embedded in each SVG.

Input: the style's font files and the charts' SVGs. Output: the SVGs with an
``@font-face`` style sheet whose fonts are subsets of the font files (only the glyphs the
charts use), as ``data:`` URLs: one subset for all the charts of an edition.

Why embed: an SVG shown through ``<img>`` may not load any other file, in browsers as in
WeasyPrint, so a font named by the page's style sheet would not reach the chart's text.
Subsetting keeps a chart near 40 kB instead of 600 kB per font. The subset is deterministic
(fontTools does not restamp the ``head`` table when ``recalcTimestamp`` is off).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import logging
import re
from dataclasses import replace
from html import unescape
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from .chart import Chart

_registered: set[Path] = set()
# Lato's ``head`` table dates its creation 1904 + 0 s: fontTools warns on every save.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)


def register_fonts(font_files: tuple[Path, ...]) -> None:
    """Make the font files known to matplotlib (once per process)."""
    from matplotlib import font_manager

    from .metrics import forget_files

    for font_file in font_files:
        if font_file not in _registered:
            font_manager.fontManager.addfont(str(font_file))
            _registered.add(font_file)
            forget_files()  # a family may now be found in another file


@functools.lru_cache(maxsize=16)
def _face(font_file: Path) -> tuple[str, str, str]:
    """The family, CSS weight and CSS style a font file declares."""
    font = TTFont(font_file, lazy=True)
    names = font["name"]
    family = str(names.getDebugName(16) or names.getDebugName(1))
    weight = font["OS/2"].usWeightClass
    italic = bool(font["head"].macStyle & 0b10)
    font.close()
    return family, str(weight), "italic" if italic else "normal"


_LAYOUT_TABLES = ("GPOS", "GSUB", "GDEF", "kern")


def subset_font(font_file: Path, text: str) -> bytes:
    """``font_file`` cut down to the glyphs of ``text``: no layout tables (Lato's kerning
    pairs take most of the subsetting time, and at a chart's text sizes unkerned labels read
    the same; ``metrics`` measures the text unkerned too), no hinting instructions (the
    readers' engines scale the outlines; they are most of a subset's bytes). Deterministic:
    fontTools does not restamp the ``head`` table when ``recalcTimestamp`` is off."""
    font = TTFont(font_file, recalcTimestamp=False)
    for tag in _LAYOUT_TABLES:
        if tag in font:
            del font[tag]  # before the subsetter reads them: that is where the time goes
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the copyright and licence records of the OFL
    options.notdef_outline = True
    options.layout_features = []
    options.drop_tables += list(_LAYOUT_TABLES)
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")


def shown_text(svgs) -> str:
    """Every character the text elements of the SVGs show (what their font subset must
    hold), sorted."""
    return "".join(sorted({char for svg in svgs
                           for match in _TEXT.finditer(svg.decode("utf-8"))
                           for char in unescape(match.group(1))}))


def font_face_css(font_files: tuple[Path, ...], text: str, alias: str,
                  subsets: dict[Path, bytes] | None = None) -> tuple[str, set[str]]:
    """``@font-face`` rules embedding the glyphs of ``text`` from each font file (its subset
    from ``subsets`` when given), and the families they rename.

    Each subset is declared under a family of its own, ``<family> <alias>``: WeasyPrint lays
    every chart of a document out with one font per family, weight and style, so two
    different subsets under one name would draw one chart's characters with the other's
    glyphs (``80,0 %`` printed as ``60,0 %``).
    """
    rules, families = [], set()
    for font_file in font_files:
        family, weight, style = _face(font_file)
        families.add(family)
        data = subsets[font_file] if subsets is not None else subset_font(font_file, text)
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(f"@font-face{{font-family:'{family} {alias}';font-weight:{weight};"
                     f"font-style:{style};src:url(data:font/ttf;base64,{encoded})}}")
    return "\n".join(rules), families


def subsets_alias(text: str) -> str:
    """The name that sets a subset of ``text`` apart from any other in a document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def embed_fonts(svgs: list[bytes], font_files: tuple[Path, ...],
                subsets: dict[Path, bytes] | None = None) -> list[bytes]:
    """The SVGs, each with the same ``@font-face`` rules: one subset of each font file
    holding every character they all show (``subsets``, when given, holds them already),
    under one family name, ``<family> <alias>`` (``subsets_alias``). All the charts of an
    edition share one subset: cut once, not once per chart."""
    if not font_files or not svgs:
        return list(svgs)
    text = shown_text(svgs)
    alias = subsets_alias(text)
    css, families = font_face_css(font_files, text, alias, subsets)
    style = f'<style type="text/css">{css}</style>'.encode()
    embedded = []
    for svg in svgs:
        for family in families:
            svg = svg.replace(f"font-family: '{family}'".encode(),
                              f"font-family: '{family} {alias}'".encode())
        # After the accessible name and description, first in the root element.
        at = svg.index(b"</desc>") + len(b"</desc>")
        embedded.append(svg[:at] + style + svg[at:])
    return embedded


def embed_chart_fonts(charts: list[Chart], font_files: tuple[Path, ...],
                      subsets: dict[Path, bytes] | None = None) -> list[Chart]:
    """The charts with their fonts embedded (``embed_fonts``): one subset for all their
    SVGs and parts."""
    svgs = [svg for chart in charts for svg in (chart.parts or (chart.svg,)) if svg]
    embedded = iter(embed_fonts(svgs, font_files, subsets))
    result = []
    for chart in charts:
        if not chart.svg:
            result.append(chart)
            continue
        parts = tuple(next(embedded) for _ in chart.parts) if chart.parts else ()
        result.append(replace(chart, svg=parts[0] if parts else next(embedded), parts=parts))
    return result
