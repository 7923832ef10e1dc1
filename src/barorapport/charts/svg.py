"""A drawn matplotlib figure in, deterministic accessible SVG bytes out.

Same inputs, same bytes, in any process: no date or tool in the metadata, element ids
salted with the figure's id (``svg.hashsalt``) rather than random, the embedded fonts
subset without a timestamp. ``<title>`` and ``<desc>`` hold the chart's title and alt text.
"""

from __future__ import annotations

import io
import re
from html import unescape

import matplotlib.pyplot as plt
from markupsafe import escape

from .fonts import font_face_css
from .style import ChartStyle

_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")


def _shown_text(svg: str) -> str:
    """Every character the chart's text elements show (what the font subset must hold)."""
    return "".join(sorted({char for match in _TEXT.finditer(svg)
                           for char in unescape(match.group(1))}))


def figure_svg(fig, *, chart_id: str, title: str, alt: str, style: ChartStyle) -> bytes:
    """Serialise ``fig`` (then close it) as the chart's SVG."""
    buffer = io.StringIO()
    with plt.rc_context({"svg.hashsalt": chart_id, "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buffer.getvalue()
    head = f"<title>{escape(title)}</title><desc>{escape(alt)}</desc>"
    if style.font_files:
        fonts, families = font_face_css(style.font_files, _shown_text(text), chart_id)
        head += f'<style type="text/css">{fonts}</style>'
        for family in families:
            text = text.replace(f"font-family: '{family}'", f"font-family: '{family} {chart_id}'")
    # The accessible name and description go first inside the root <svg> element.
    start = text.index(">", text.index("<svg")) + 1
    text = text[:start] + head + text[start:]
    return text.replace("<svg ", '<svg role="img" ', 1).encode("utf-8")
