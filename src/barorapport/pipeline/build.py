"""The build's driver: every stage, fail-fast (``recipe.prepare``), then the edition
published (``publish.edition``) into a staging folder installed over the outputs at the end."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..charts import ChartCache
from ..clock import clamp_zip_timestamps
from ..config.options import BuildOptions
from ..config.project import Edition
from ..config.report import Report
from ..engine.aside import Aside
from ..engine.install import clean_leftovers, install, repair_link, staging_prefix
from ..engine.manifest import BuildInputs, write_manifest
from ..errors import OutputError, os_error_message
from ..log import CountHandler
from ..openanswers.published import check_published
from ..publish.edition import publish_edition
from ..publish.pdf import pdf_child
from ..publish.quarto_cli import check_quarto
from ..publish.segments import publish_segments
from .drivers import FailFast, fail_if_strict
from .recipe import prepare, words_of
from .stages import draw_charts
from .values import BuildResult

logger = logging.getLogger("barorapport")
clamp_zip_timestamps()  # the workbook and documents written even on a clock before 1980


def run(edition: Edition, report: Report, options: BuildOptions, target: Path,
        inputs: BuildInputs, progress: Callable[[str], None], counter: CountHandler
        ) -> BuildResult:
    """Every stage, fail-fast, then publishing into a staging folder installed over
    ``target`` at the end."""
    # With both formats the PDF is laid out by a child, which imports WeasyPrint from now on.
    both = options.engine == "weasyprint" and {"pdf", "web"} <= set(options.formats)
    layout = pdf_child() if both else None
    try:
        return _run(edition, report, options, target, inputs, progress, counter, layout)
    finally:
        if layout is not None:
            layout.stop()  # a build that failed, or a PDF the cache held: no child is left


def _run(edition: Edition, report: Report, options: BuildOptions, target: Path,
         inputs: BuildInputs, progress: Callable[[str], None], counter: CountHandler,
         layout: Aside | None) -> BuildResult:
    # Quarto is checked first: a missing executable should not wait for the charts.
    quarto = check_quarto() if options.engine == "quarto" else None
    cache_root = target.parent / ".cache"
    chart_cache = ChartCache(cache_root / "charts" / edition.name)
    repair_link(target)  # a dangling or foreign build/<edition>: said, and replaced
    # Before anything is written, prepare proves every output name inside the output folder
    # and the assets the project's own (check_publication_paths).
    screen_charts: dict = {}
    drawn_from: dict = {}

    def make_charts(inputs, style):
        # The web edition's charts are drawn for a desktop's column (chart_style.screen) and
        # for a phone's (chart_style.phone, tall): "<id>.svg" and "<id>-phone.svg".
        web = "web" in options.formats and options.engine == "weasyprint"
        drawn = draw_charts(inputs, style, chart_cache,
                            ("print", "screen", "phone") if web else ("print",))
        if web:
            screen_charts.update(drawn["screen"])
            screen_charts.update({f"{chart_id}-phone": chart
                                  for chart_id, chart in drawn["phone"].items()})
        drawn_from.update(inputs=inputs, style=style)  # the Word edition draws them as PNG
        return drawn["print"]

    prepared = prepare(edition, report, options, FailFast(), make_charts=make_charts,
                       cache_root=cache_root, quarantine_path=target / "quarantine.csv",
                       build_info=inputs.build_info, progress=progress)

    staging = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(target.parent, edition.name)
        with tempfile.TemporaryDirectory(prefix=staging_prefix(edition.name),
                                         dir=target.parent) as staging_name:
            staging = Path(staging_name)
            # In report.yaml's language, as prepare.
            with words_of(report, edition):
                outputs, laid_out, documents = publish_edition(
                    edition, report, options, prepared, staging, target, cache_root, quarto,
                    progress, screen_charts=screen_charts, layout=layout,
                    drawn_from=drawn_from)
                if prepared.segments is not None:  # each segment's edition, then the index
                    more, count, texts = publish_segments(
                        edition, report, options, prepared, staging, target, cache_root,
                        progress, jobs=options.jobs)
                    outputs.update(more)
                    laid_out += count
                    documents.update(texts)
            logger.debug("charts: %d drawn, %d from the cache", chart_cache.misses,
                         chart_cache.hits)
            fail_if_strict(options.strict, counter)
            # Privacy gate, last look: the final text of every output, before any is
            # installed.
            check_published(prepared.survey, staging, documents, secrets=prepared.secrets,
                            testimonies=prepared.testimonies)
            write_manifest(staging, inputs, counter.messages,
                           {kind: path.relative_to(target).as_posix()
                            for kind, path in outputs.items()})
            install(staging, target)  # one atomic switch: the old outputs or the new, whole
    except OSError as error:  # a full disk, a read-only or unwritable output folder
        raise OutputError(os_error_message(error, {staging: target} if staging else None)
                          + "; the previous outputs are left as they were") from None
    progress(f"done: {target}")
    return BuildResult(edition=edition.name, folder=target, outputs=outputs,
                       charts_drawn=chart_cache.misses, pages_laid_out=laid_out,
                       warnings=tuple(counter.messages), prepared=prepared)
