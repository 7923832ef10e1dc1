"""Stage 3: figures in, charts out (deterministic SVG with alt text and a data table).

``draw_chart`` draws a report.yaml figure; ``render_chart`` draws any ``ChartInput`` (the
crosstabs build theirs for ``chart_ci``); ``ChartCache`` skips charts whose inputs did not
change. The ``chart_*`` functions draw one kind each, in the house style of ``ChartStyle``.
"""

from .cache import ChartCache
from .chart_bars import chart_bars
from .chart_ci import chart_ci
from .chart_diverging import chart_diverging
from .chart_stacked import chart_stacked
from .chart_trend import chart_trend
from .data import ChartInput, chart_input
from .draw import Chart, draw_chart, render_chart
from .style import ChartSize, ChartStyle, contrast_ratio, style_from_config

__all__ = ["Chart", "ChartCache", "ChartInput", "ChartSize", "ChartStyle", "chart_bars",
           "chart_ci", "chart_diverging", "chart_input", "chart_stacked", "chart_trend",
           "contrast_ratio",
           "draw_chart", "render_chart", "style_from_config"]
