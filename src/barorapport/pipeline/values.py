"""The values the stages pass on: what the stages before publishing prepared (``Prepared``),
and what a build did (``BuildResult``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class BuildResult:
    edition: str
    folder: Path
    outputs: dict[str, Path]
    """Output kind (``pdf``, ``web``, ``charts``, ``figures_csv``, ``figures_xlsx``) to its
    path."""
    charts_drawn: int = 0
    """Charts drawn by this build (the others came from the cache)."""
    pages_laid_out: int = 0
    """Documents laid out by WeasyPrint (0 when the PDF came from the cache)."""
    up_to_date: bool = False
    """Nothing changed since the last build: nothing was done."""
    warnings: tuple[str, ...] = ()
    prepared: object = field(default=None, repr=False, compare=False)
    """What the stages prepared (``Prepared``), None when up to date: ``serve``
    keeps it to render an edited chapter again."""


@dataclass(frozen=True)
class Prepared:
    """What the stages before publishing give (None where a stage failed, under check)."""

    survey: Any
    testimonies: Any
    figures: Any
    trends: Any
    charts: Any
    chapters: Any
    print_html: str | None
    pages: dict[str, str] | None
    environment: Any = None
    context: dict | None = None
    """What the chapters and layouts were rendered with (``render_again`` renders with it)."""
    marks: tuple = ()
    """The figures' and testimonies' numbering before each chapter, and after the last."""
    secrets: Any = None
    """The personal data no output may hold (``openanswers.published.Secrets``): the
    privacy gate's last look reads every output for it."""
    segments: Any = None
    """The segment editions' plan and figures (``publish.segments.Segmented``), None
    without ``segments``."""
