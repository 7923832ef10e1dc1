"""The publication's font files: registered with matplotlib, embedded in each SVG.

Input: the style's font files and the text a chart shows. Output: an ``@font-face`` style
sheet whose fonts are subsets of the font files (only the glyphs the chart uses), as
``data:`` URLs.

Why embed: an SVG shown through ``<img>`` may not load any other file, in browsers as in
WeasyPrint, so a font named by the page's style sheet would not reach the chart's text.
Subsetting keeps a chart near 20 kB instead of 600 kB per font. The subset is deterministic
(fontTools does not restamp the ``head`` table when ``recalcTimestamp`` is off).
"""

from __future__ import annotations

import base64
import functools
import io
import logging
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from matplotlib import font_manager

_registered: set[Path] = set()
# Lato's ``head`` table dates its creation 1904 + 0 s: fontTools warns on every save.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)


def register_fonts(font_files: tuple[Path, ...]) -> None:
    """Make the font files known to matplotlib (once per process)."""
    for font_file in font_files:
        if font_file not in _registered:
            font_manager.fontManager.addfont(str(font_file))
            _registered.add(font_file)


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


# Characters of French text: Latin-1, Latin Extended-A (œ, Œ), general punctuation (’ « »
# and the narrow no-break space of ``24,9 %``) and the euro sign.
_BASE_CHARACTERS = "".join(chr(code) for code in (*range(0x20, 0x7F), *range(0xA0, 0x180),
                                                   *range(0x2000, 0x2070), 0x20AC))


_LAYOUT_TABLES = ("GPOS", "GSUB", "GDEF", "kern")


def _subset(font: TTFont, text: str) -> bytes:
    for tag in _LAYOUT_TABLES:
        if tag in font:
            del font[tag]  # before the subsetter reads them: that is where the time goes
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the copyright and licence records of the OFL
    options.notdef_outline = True
    # No layout tables: Lato's kerning pairs take most of the subsetting time, and at a
    # chart's text sizes unkerned labels read the same.
    options.layout_features = []
    options.drop_tables += list(_LAYOUT_TABLES)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@functools.lru_cache(maxsize=16)
def _base_subset(font_file: Path) -> bytes:
    """The font cut down to French text once per process: a full font's layout tables take
    a second to read, its French subset a few milliseconds."""
    return _subset(TTFont(font_file, recalcTimestamp=False), _BASE_CHARACTERS)


def _chart_subset(font_file: Path, text: str) -> bytes:
    if set(text) <= set(_BASE_CHARACTERS):
        font = TTFont(io.BytesIO(_base_subset(font_file)), recalcTimestamp=False)
    else:
        font = TTFont(font_file, recalcTimestamp=False)
    return _subset(font, text)


def font_face_css(font_files: tuple[Path, ...], text: str, alias: str) -> tuple[str, set[str]]:
    """``@font-face`` rules embedding the glyphs of ``text`` from each font file, and the
    families they rename.

    Each subset is declared under a family of its own, ``<family> <alias>`` (the chart's id):
    WeasyPrint lays every chart of a document out with one font per family, weight and style,
    so two charts' different subsets under one name would draw one chart's characters with
    the other's glyphs (``80,0 %`` printed as ``60,0 %``).
    """
    rules, families = [], set()
    for font_file in font_files:
        family, weight, style = _face(font_file)
        families.add(family)
        data = base64.b64encode(_chart_subset(font_file, text)).decode("ascii")
        rules.append(f"@font-face{{font-family:'{family} {alias}';font-weight:{weight};"
                     f"font-style:{style};src:url(data:font/ttf;base64,{data})}}")
    return "\n".join(rules), families
