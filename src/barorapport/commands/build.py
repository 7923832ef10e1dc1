"""The build: survey → statistics → charts → chapters → PDF and web edition.

Outputs go to a staging folder first and are moved into ``<out>/<edition>/`` at the end, so
that a failed or interrupted build leaves the previous outputs as they were.

Incremental and reproducible: ``manifest.json`` records the hash of every input, of the code
and of every output; a build whose key (inputs, code, options) matches the manifest, with
outputs intact, does nothing. Otherwise charts come from their per-figure cache, privacy
scans and the laid-out PDF from ``build/.cache`` when their own inputs did not change.
Warnings are counted: ``strict`` fails the build, before anything is installed, on any.

This module is light: it reads report.yaml, resolves the options and asks the manifest
whether the outputs are up to date; only then does it import the stages
(``barorapport.pipeline.build``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ..config.options import DEFAULT_FORMATS, ENGINES, FORMATS, BuildOptions  # noqa: F401
from ..config.project import find_edition, load_report
from ..engine.manifest import build_inputs, up_to_date
from ..log import CountHandler
from ..pipeline.drivers import fail_if_strict
from ..pipeline.values import BuildResult

logger = logging.getLogger("barorapport")


def build(root: Path, edition_name: str | None = None, options: BuildOptions | None = None,
          *, out: Path | None = None, progress: Callable[[str], None] = logger.info,
          fresh: bool = False, **requested) -> BuildResult:
    """Build the edition's publication under ``out/<edition>/`` (default ``root/build``).

    ``options`` say how (engine, formats, base URL, PDF variant, Quarto timeout, strict);
    keyword arguments (``formats=("web",)``, ``strict=True``...) make one instead. They are
    resolved once against report.yaml. ``strict`` raises a ``StrictError`` instead of
    installing the outputs when a warning was logged. ``fresh`` runs the stages even when
    the outputs are up to date (``serve`` keeps what they prepare).
    """
    if options is None:
        options = BuildOptions(**{name: value for name, value in requested.items()
                                  if value is not None})
    edition = find_edition(root, edition_name)
    report = load_report(edition)
    options = options.resolve(report)
    target = (out or root / "build") / edition.name
    counter = CountHandler()
    logger.addHandler(counter)
    try:
        # Up to date: the same inputs, code and options as the installed outputs, which are
        # intact. Their warnings are repeated, so that --strict fails the same way.
        inputs = build_inputs(edition, report, options.key())
        installed = None if fresh else up_to_date(target, inputs)
        if installed is not None:
            for message in installed.get("warnings", []):
                logger.warning("%s", message)
            fail_if_strict(options.strict, counter)
            progress(f"done: {target} is up to date")
            return BuildResult(edition=edition.name, folder=target,
                               outputs={kind: target / path
                                        for kind, path in installed["results"].items()},
                               up_to_date=True, warnings=tuple(counter.messages))
        from ..pipeline.build import run

        return run(edition, report, options, target, inputs, progress, counter)
    finally:
        logger.removeHandler(counter)


