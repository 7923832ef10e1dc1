"""A drawn matplotlib figure in, deterministic accessible SVG bytes out.

Same inputs, same bytes, in any process: no date or tool in the metadata, element ids
salted with the figure's id (``svg.hashsalt``) rather than random. ``<title>`` and
``<desc>`` hold the chart's title and alt text. The fonts are embedded afterwards, one
subset for all the charts of an edition (``fonts.embed_fonts``).
"""

from __future__ import annotations

import io
from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
from markupsafe import escape
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import RendererSVG

from .metrics import metrics_of


class MeasuredRendererSVG(RendererSVG):
    """matplotlib's SVG writer, measuring text with the font files' metrics (``metrics``):
    the widths the reader's engine sets, without shaping every label again."""

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        return metrics_of(prop).extent(s, prop.get_size_in_points())


def _write_svg(fig, out) -> None:
    """What ``fig.savefig(out, format="svg")`` does, with ``MeasuredRendererSVG`` and no
    date or tool in the metadata."""
    dpi = fig.dpi
    fig.dpi = 72
    try:
        width, height = fig.get_size_inches()
        renderer = MixedModeRenderer(fig, width, height, dpi, MeasuredRendererSVG(
            width * 72, height * 72, out, image_dpi=dpi,
            metadata={"Date": None, "Creator": None}))
        fig.draw(renderer)
        renderer.finalize()
    finally:
        fig.dpi = dpi


@contextmanager
def _settings(settings: dict):
    """These matplotlib settings for the block, the others untouched: what
    ``rc_context`` does without copying every setting (a millisecond a chart)."""
    before = {name: mpl.rcParams[name] for name in settings}
    mpl.rcParams.update(settings)
    try:
        yield
    finally:
        mpl.rcParams.update(before)


def figure_svg(fig, *, chart_id: str, title: str, alt: str) -> bytes:
    """Serialise ``fig`` (then close it) as the chart's SVG, its fonts not yet embedded."""
    buffer = io.StringIO()
    with _settings({"svg.hashsalt": chart_id, "svg.fonttype": "none"}):
        _write_svg(fig, buffer)
    plt.close(fig)  # a figure made through pyplot (a histogram, a trend) is let go
    text = buffer.getvalue()
    head = f"<title>{escape(title)}</title><desc>{escape(alt)}</desc>"
    # The accessible name and description go first inside the root <svg> element.
    start = text.index(">", text.index("<svg")) + 1
    text = text[:start] + head + text[start:]
    return text.replace("<svg ", '<svg role="img" ', 1).encode("utf-8")
