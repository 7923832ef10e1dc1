"""Charts drawn side by side in worker processes, with the bytes of a serial drawing.

Input: the ``ChartInput`` of each chart to draw, the style, the medium and how many processes
may draw. Output: the ``Chart`` of each, in the order given. Workers are forked from the build
(Linux), after the fonts are registered and subset for French text, so that each pays neither
the imports nor the fonts again; every chart is drawn by ``render_chart`` exactly as in one
process. Where forking is not available, or one process is enough, charts are drawn in turn.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from .chart import Chart
from .data import ChartInput
from .style import ChartStyle


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def _jobs(requested: int | None, charts: int) -> int:
    if not sys.platform.startswith("linux"):
        return 1  # fork is the only start method that inherits the prepared fonts cheaply
    return max(1, min(charts, requested if requested is not None else available_cores()))


Draw = Callable[[ChartInput, ChartStyle, str], Chart]
_STATE: tuple[Draw, ChartStyle, str] | None = None
"""What the forked workers draw with: set in the parent just before the fork."""


def _draw_one(chart: ChartInput) -> Chart:
    draw, style, medium = _STATE
    return draw(chart, style, medium)


def draw_all(charts: list[ChartInput], style: ChartStyle, medium: str = "print",
             jobs: int | None = None, draw: Draw | None = None) -> list[Chart]:
    """Draw ``charts`` with ``draw`` (``render_chart``) in up to ``jobs`` processes (None:
    one per available core)."""
    if draw is None:
        from .draw import render_chart as draw
    count = _jobs(jobs, len(charts))
    if count <= 1:
        return [draw(chart, style, medium) for chart in charts]
    _prepare(style)
    global _STATE
    _STATE = (draw, style, medium)
    try:
        with ProcessPoolExecutor(max_workers=count,
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_draw_one, charts))
    finally:
        _STATE = None


def _prepare(style: ChartStyle) -> None:
    """What the first chart of a process would do: fonts known to matplotlib, and each
    font's French subset, made once before the fork instead of once per worker."""
    from . import draw  # noqa: F401 (matplotlib and seaborn imported once, before the fork)
    from .fonts import _base_subset, register_fonts

    register_fonts(style.font_files)
    for font_file in style.font_files:
        _base_subset(font_file)
