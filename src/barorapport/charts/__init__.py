"""Stage 3: figures in, charts out (deterministic SVG with alt text and a data table).

``draw_chart`` draws a report.yaml figure; ``render_chart`` draws any ``ChartInput`` (the
crosstabs build theirs for ``chart_ci``); ``ChartCache`` skips charts whose inputs did not
change, and draws the others side by side (``ChartCache.charts``). The ``chart_*`` modules
draw one kind each, in the house style of ``ChartStyle``.
"""

import importlib

from .cache import ChartCache
from .chart import Chart
from .data import ChartInput, chart_input
from .style import ChartSize, ChartStyle, contrast_ratio, style_from_config

# Drawing needs matplotlib and seaborn (about 0.4 s and 30 MiB to import, and scipy.stats
# through seaborn): imported when a drawing function is first asked for, so that a build
# whose charts all come from the cache, or a check, never imports them.
_DRAWING = {"draw_chart": ".draw", "render_chart": ".draw"}


def __getattr__(name: str):
    if name in _DRAWING:
        return getattr(importlib.import_module(_DRAWING[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Chart", "ChartCache", "ChartInput", "ChartSize", "ChartStyle", "chart_input",
           "contrast_ratio", "draw_chart", "render_chart", "style_from_config"]
