"""Check an edition without laying anything out: every problem at once, in seconds.

Input: a project folder and an edition. Output: a ``CheckResult`` listing every error and
every warning. ``check`` runs the build's own stages (``pipeline.recipe.prepare``) with a driver
that keeps each stage's error and goes on: a stage whose input failed is skipped, and says
so; the others still run, so that one pass shows all that an editor has to fix, and what
check calls an error is what the build fails on.

Charts are not drawn: templates get each chart's alt text and data table, which is what
they use; WeasyPrint lays out nothing, and nothing is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..log import CountHandler

logger = logging.getLogger("barorapport")


@dataclass(frozen=True)
class CheckResult:
    edition: str | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def check(root: Path, edition_name: str | None = None,
          progress: Callable[[str], None] = logger.info) -> CheckResult:
    """Every problem of the edition's inputs, without drawing or laying out anything."""
    from ..config.project import find_edition, load_report
    from ..engine.manifest import build_inputs
    from ..pipeline.check import check_edition
    from ..pipeline.drivers import Collect

    counter = CountHandler()
    logger.addHandler(counter)
    try:
        first = Collect(progress)
        edition = first("edition", find_edition, root, name=edition_name)
        if edition is None:
            return CheckResult(None, tuple(first.errors), tuple(counter.messages))
        from .init import inferred_notes

        for note in inferred_notes(root, edition.name):
            progress(f"note: {note}")
        report = first("report.yaml", load_report, edition)
        build_info = None if report is None else build_inputs(edition, report, {}).build_info
        errors = first.errors + check_edition(edition, report, build_info, progress)
        return CheckResult(edition.name, tuple(errors), tuple(counter.messages))
    finally:
        logger.removeHandler(counter)
