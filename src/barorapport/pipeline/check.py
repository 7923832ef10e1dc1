"""check's driver: every stage through the ``Collect`` driver, charts stubbed, nothing laid
out or written."""

from __future__ import annotations

from collections.abc import Callable

from ..config.options import BuildOptions
from ..config.project import Edition
from ..config.report import Report
from .drivers import Collect
from .recipe import prepare
from .stages import chart_stubs


def check_edition(edition: Edition, report: Report | None, build_info: dict | None,
                  progress: Callable[[str], None]) -> list[str]:
    """Every error of the edition, collected (charts stubbed, nothing laid out or written)."""
    collect = Collect(progress)
    options = BuildOptions().resolve(report) if report is not None else BuildOptions()
    out = edition.root / "build"
    prepare(edition, report, options, collect, make_charts=chart_stubs,
            cache_root=out / ".cache", quarantine_path=out / edition.name / "quarantine.csv",
            build_info=build_info, progress=progress, write=False)
    return collect.errors
