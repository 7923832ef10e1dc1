"""Charts drawn side by side in worker processes, with the bytes of a serial drawing.

Input: the ``ChartInput`` of each chart to draw with its media, the style and how many
processes may draw. Output: the ``Chart`` of each in each medium, in the order given. Workers
are forked from the build (Linux), after the drawing libraries are imported and the fonts
registered, so that each pays neither again; every chart is drawn by ``draw.draw_media``
exactly as in one process. Where forking is not available, or where there are too few
charts for a second process to pay (``CHARTS_PER_PROCESS``), charts are drawn in turn.
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


Draw = Callable[[ChartInput, ChartStyle, tuple[str, ...]], list[Chart]]
_STATE: tuple[Draw, ChartStyle] | None = None
"""What the forked workers draw with: set in the parent just before the fork."""

CHARTS_PER_PROCESS = 60
"""A process is started for every so many drawings (a chart in one medium) at most: a
drawing takes a few hundredths of a second, a forked worker about as long as several."""


def _draw_one(work: tuple[ChartInput, tuple[str, ...]]) -> list[Chart]:
    draw, style = _STATE
    return draw(work[0], style, work[1])


def draw_all(work: list[tuple[ChartInput, tuple[str, ...]]], style: ChartStyle,
             jobs: int | None = None, draw: Draw | None = None) -> list[list[Chart]]:
    """Draw each chart of ``work`` for its media with ``draw`` (``draw.draw_media``), in up
    to ``jobs`` processes (None: one per available core, and one per
    ``CHARTS_PER_PROCESS`` drawings at most)."""
    if draw is None:
        from .draw import draw_media as draw
    drawings = sum(len(media) for _, media in work)
    count = _jobs(jobs if jobs is not None else
                  min(available_cores(), -(-drawings // CHARTS_PER_PROCESS)), len(work))
    if count <= 1:
        return [draw(chart, style, media) for chart, media in work]
    _prepare(style)
    global _STATE
    _STATE = (draw, style)
    try:
        with ProcessPoolExecutor(max_workers=count,
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_draw_one, work))
    finally:
        _STATE = None


def _prepare(style: ChartStyle) -> None:
    """What the first chart of a process would do: fonts known to matplotlib, made once
    before the fork instead of once per worker."""
    from . import draw  # noqa: F401 (matplotlib and seaborn imported once, before the fork)
    from .fonts import register_fonts

    register_fonts(style.font_files)
