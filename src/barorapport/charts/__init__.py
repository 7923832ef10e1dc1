"""Stage 3: figures in, charts out (deterministic SVG with alt text and a data table)."""

from .draw import Chart, draw_chart

__all__ = ["Chart", "draw_chart"]
