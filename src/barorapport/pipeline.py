"""The pipeline's stages: survey → statistics → charts → chapters → PDF and web edition.

Input: an edition, its validated report and the resolved ``BuildOptions``. Output: the
outputs in ``<out>/<edition>/``, staged first and installed at the end (``build`` decides
whether anything needs doing, then calls ``run``).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .build import BuildResult, fail_if_strict
from .buildcache import ContentCache
from .charts import Chart, ChartCache, chart_input, style_from_config
from .config import display_path
from .editions import load_history
from .editions.history import theme_rules
from .log import CountHandler
from .manifest import BuildInputs, write_manifest
from .openanswers import load_testimonies, load_themes, match_themes, verify_testimonies
from .openanswers.privacy import check_privacy, testimony_excerpts
from .openanswers.published import check_published
from .openanswers.testimonies import place
from .options import BuildOptions
from .project import Edition, Report, check_banners
from .publish import write_pdf, write_web
from .publish.assets import check_publication_paths
from .publish.quarto import render_quarto, write_quarto_project
from .publish.quarto_cli import check_quarto
from .render import make_environment, render_chapters, render_layout
from .render.chapters import make_context, unused_testimonies
from .stats import FigureTable, compute_figures
from .stats.export import write_figures_csv, write_figures_xlsx
from .stats.prepare import prepare_survey
from .stats.trends import TrendTable, compute_trends
from .survey import Survey, load_questionnaire, load_survey, write_quarantine
from .theme import merge_assets

logger = logging.getLogger("barorapport")
ASSETS_STAGING = ".assets"
"""The staging subfolder of the merged assets (theme, then project), removed before install;
the print layout links its stylesheet relative to the staging folder, so that the laid-out
PDF's cache key does not hold the staging folder's random name."""


def _load(edition: Edition, report: Report) -> Survey:
    questionnaire = load_questionnaire(edition.questionnaire_path)
    survey = load_survey(questionnaire, edition.data_dir / questionnaire.responses.file)
    check_banners(edition, report, questionnaire)
    return survey


def _check_survey(survey: Survey, report_path: Path, progress: Callable[[str], None]) -> None:
    """Say how the export was read, warn about each quarantined cell, and fail when too many
    rows are quarantined. ``quarantine.csv`` describes the last export read, even when the
    build fails on it."""
    write_quarantine(survey.quarantine, report_path)
    for note in survey.notes:
        progress(f"survey: {note}")
    if survey.dropped_columns:
        progress(f"survey: dropped {len(survey.dropped_columns)} column(s) of personal data "
                 f"({', '.join(survey.dropped_columns)})")
    for warning in survey.warnings():
        logger.warning(warning)
    shown = display_path(report_path)
    if survey.quarantine:
        progress(f"survey: {survey.quarantine.rows} row(s) quarantined, listed in {shown}")
    survey.quarantine.check(survey.questionnaire.responses.quarantine_threshold,
                            display_path(survey.source), shown)


def _draw_charts(edition: Edition, report: Report, survey: Survey, figures: FigureTable,
                 folder: Path, cache: ChartCache, trends: TrendTable | None = None,
                 assets: Path | None = None) -> dict[str, Chart]:
    """One SVG per figure of report.yaml; charts whose inputs did not change come from
    ``cache``. Font files are looked up in ``assets`` (the project's merged with the
    theme's)."""
    folder.mkdir(parents=True, exist_ok=True)
    style = style_from_config(report.chart_style, assets or edition.assets_dir(report),
                              report.source)
    charts = {}
    for spec in report.figures:
        chart = cache.chart(chart_input(spec, figures, survey.questionnaire, trends), style)
        (folder / f"{chart.id}.svg").write_bytes(chart.svg)
        if not chart.alt.strip():
            logger.warning("%s: figure '%s': the chart has no alt text",
                           edition.report_path.name, spec.id)
        charts[chart.id] = chart
    return charts


_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)[^>]*>", re.IGNORECASE)


def _warn_images_without_alt(pages: dict[str, str]) -> None:
    for name, html in pages.items():
        for tag in _IMG_WITHOUT_ALT.findall(html):
            logger.warning("web/%s: %s has no alt text", name, tag)


def _warn_unused_testimonies(edition: Edition, context: dict, testimonies) -> None:
    for item in unused_testimonies(context, testimonies):
        logger.warning("%s: testimony '%s' is shown by no template",
                       place(item, edition.testimonies_path, "id"), item.id)


def _install(staging: Path, target: Path) -> None:
    """Move each output of ``staging`` over its previous version in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(staging.iterdir()):
        destination = target / entry.name
        if destination.is_dir() and not destination.is_symlink():
            old = target / f".old-{entry.name}-{os.getpid()}"
            destination.rename(old)
            entry.rename(destination)
            shutil.rmtree(old)
        else:
            os.replace(entry, destination)


def run(edition: Edition, report: Report, options: BuildOptions, target: Path,
        inputs: BuildInputs, progress: Callable[[str], None], counter: CountHandler
        ) -> BuildResult:
    """Every stage, fail-fast, into a staging folder installed over ``target`` at the end."""
    formats = options.formats
    # Quarto is checked first: a missing executable should not wait for the charts.
    quarto = check_quarto() if options.engine == "quarto" else None
    cache_root = target.parent / ".cache"

    # Survey: the questionnaire, the export, the report configuration.
    progress(f"survey: reading {edition.questionnaire_path.name} and the responses")
    survey = _load(edition, report)
    _check_survey(survey, target / "quarantine.csv", progress)

    # Open answers: themes and the quotations, checked against the answers.
    progress("open answers: checking the quotations and the privacy gate")
    rules = load_themes(edition.themes_path, survey)
    testimonies = load_testimonies(edition.testimonies_path)
    verify_testimonies(testimonies, survey, edition.testimonies_path)
    # Privacy gate: no personal data in any quotation that is published.
    check_privacy(testimony_excerpts(testimonies, edition.testimonies_path),
                  cache=ContentCache(cache_root / "privacy"))

    # Statistics: filtered questions' bases, the weights, then every figure once, as a table.
    progress(f"stats: {survey.respondents} respondents")
    survey, weights = prepare_survey(survey, report.weighting, edition.report_path, progress)
    figures = compute_figures(survey, report.thresholds, match_themes(rules, survey),
                              rules.labels(), banners=report.banners, weights=weights)
    # Trends: the same figures in the previous editions, where the questionnaire allows.
    trends = compute_trends(figures, edition.name, load_history(
        edition.root, edition, report, survey.questionnaire, theme_rules(rules)))

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".staging-{edition.name}-",
                                     dir=target.parent) as staging_name:
        staging = Path(staging_name)
        check_publication_paths(staging, report, edition)
        # Data annex: the figures table, as published (suppressed values left empty).
        write_figures_csv(figures, staging / "figures.csv", trends)
        write_figures_xlsx(figures, staging / "figures.xlsx", trends)

        # Assets: the theme's stylesheets and fonts, with the project's over them.
        assets = merge_assets(edition.assets_dir(report), staging / ASSETS_STAGING)
        # Charts: one SVG per figure of report.yaml.
        progress(f"charts: {len(report.figures)} charts")
        chart_cache = ChartCache(cache_root / "charts" / edition.name)
        charts = _draw_charts(edition, report, survey, figures, staging / "charts",
                              chart_cache, trends, assets)
        logger.debug("charts: %d drawn, %d from the cache", chart_cache.misses,
                     chart_cache.hits)

        # Render: each chapter's template, then the layouts.
        progress(f"render: {len(report.chapters)} chapters")
        environment = make_environment(edition.templates_dir)
        context = make_context(environment=environment, report=report, edition=edition.name,
                               survey=survey, figures=figures, charts=charts,
                               testimonies=testimonies, trends=trends)
        context["build_info"] = inputs.build_info
        chapters = render_chapters(environment, report, context)
        outputs = {"charts": target / "charts", "figures_csv": target / "figures.csv",
                   "figures_xlsx": target / "figures.xlsx"}
        pdf_name = f"{report.slug}-{edition.name}.pdf"
        context = {**context, "pdf_name": pdf_name if "pdf" in formats else None,
                   "figures_csv": "data/figures.csv" if "web" in formats else None,
                   "base_url": options.base_url.rstrip("/") + "/" if options.base_url else None}

        laid_out = 0
        documents = {}  # texts laid out outside staging, for the privacy gate's last look
        if quarto is not None:
            outputs.update(_publish_quarto(quarto, report, edition.name, chapters, staging,
                                           target, formats, progress, options.timeout))
            formats = ()  # Quarto's pdf is not WeasyPrint's: nothing below is for it
        # Publish: the print edition, then the web edition.
        if "pdf" in formats:
            progress("publish: laying out the PDF")
            html = render_layout(environment, report.print_layout,
                                 {**context, "chapters": chapters,
                                  "assets": ASSETS_STAGING})
            documents[pdf_name] = html
            laid_out += write_pdf(html, staging / pdf_name, base=staging, allowed=[assets],
                                  metadata=_metadata(report), published=report.published,
                                  variant=options.pdf_variant,
                                  cache=ContentCache(cache_root / "pdf" / edition.name),
                                  depends_on=[staging / "charts", assets])
            outputs["pdf"] = target / pdf_name
        if "web" in formats:
            progress("publish: writing the web edition")
            pages = _web_pages(environment, report, context, chapters)
            _warn_images_without_alt(pages)
            write_web(pages, staging / "web", charts=charts, charts_dir=staging / "charts",
                      assets_dir=assets, base_url=options.base_url,
                      extra_files=[staging / pdf_name] if "pdf" in formats else [],
                      data_files=[staging / "figures.csv"])
            outputs["web"] = target / "web" / "index.html"
        # Checked after every layout: a testimony may be shown by the layouts only.
        _warn_unused_testimonies(edition, context, testimonies)
        fail_if_strict(options.strict, counter)
        shutil.rmtree(assets)
        # Privacy gate, last look: the final text of every output, before any is installed.
        check_published(survey, staging, documents)
        write_manifest(staging, inputs, counter.messages,
                       {kind: path.relative_to(target).as_posix()
                        for kind, path in outputs.items()})
        _install(staging, target)
    progress(f"done: {target}")
    return BuildResult(edition=edition.name, folder=target, outputs=outputs,
                       charts_drawn=chart_cache.misses, pages_laid_out=laid_out,
                       warnings=tuple(counter.messages))



def _publish_quarto(quarto, report: Report, edition: str, chapters, staging: Path,
                    target: Path, formats: tuple[str, ...], progress: Callable[[str], None],
                    timeout: float) -> dict[str, Path]:
    """The Quarto project in ``quarto/``, rendered to ``quarto-<format>/`` per format."""
    progress("publish: writing the Quarto project")
    project = write_quarto_project(staging / "quarto", report=report, edition=edition,
                                   chapters=chapters, charts_dir=staging / "charts",
                                   formats=formats)
    for chapter_id, tags in project.raw_html.items():
        if tags:
            logger.warning("%s: <%s> kept as raw HTML: shown in Quarto's html output only",
                           chapter_id, ">, <".join(sorted(set(tags))))
    rendered = render_quarto(project, formats, quarto=quarto, progress=progress,
                             timeout=timeout)
    outputs = {"quarto": target / "quarto" / "_quarto.yml"}
    outputs.update({f"quarto-{name}": target / path.relative_to(staging)
                    for name, path in rendered.items()})
    return outputs


def _metadata(report: Report) -> dict:
    return {"title": report.title, "authors": report.authors, "subject": report.subject,
            "keywords": report.keywords, "lang": report.lang}


def page_name(chapter_id: str) -> str:
    return f"{chapter_id}.html"


def _web_pages(environment, report: Report, context: dict, chapters) -> dict[str, str]:
    """The index and one page per chapter, each knowing its neighbours."""
    pages = {"index.html": render_layout(environment, report.web_layout,
                                         {**context, "chapters": chapters, "page": None,
                                          "previous": None,
                                          "next": chapters[0] if chapters else None,
                                          "assets": "assets", "page_name": page_name})}
    for index, chapter in enumerate(chapters):
        previous = chapters[index - 1] if index > 0 else None
        following = chapters[index + 1] if index + 1 < len(chapters) else None
        pages[page_name(chapter.id)] = render_layout(
            environment, report.web_layout,
            {**context, "chapters": chapters, "page": chapter, "previous": previous,
             "next": following, "assets": "assets", "page_name": page_name})
    return pages
