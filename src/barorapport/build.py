"""The build: survey → statistics → charts → chapters → PDF and web edition.

Outputs go to a staging folder first and are moved into ``<out>/<edition>/`` at the end, so
that a failed build leaves the previous outputs as they were.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .charts import Chart, draw_chart
from .charts.draw import ChartStyle
from .config import display_path
from .openanswers import load_testimonies, load_themes, match_themes, verify_testimonies
from .project import Edition, Report, find_edition, load_report
from .publish import write_pdf, write_web
from .render import make_environment, render_chapters, render_layout
from .render.chapters import make_context
from .stats import FigureTable, compute_figures
from .survey import Survey, load_questionnaire, load_survey, write_quarantine

FORMATS = ("pdf", "web")
logger = logging.getLogger("barorapport")


@dataclass(frozen=True)
class BuildResult:
    edition: str
    folder: Path
    outputs: dict[str, Path]
    """Output kind (``pdf``, ``web``, ``charts``) to its path."""


def _load(edition: Edition) -> tuple[Report, Survey]:
    report = load_report(edition)
    questionnaire = load_questionnaire(edition.questionnaire_path)
    survey = load_survey(questionnaire, edition.data_dir / questionnaire.responses.file)
    return report, survey


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


def _chart_style(edition: Edition, report: Report) -> ChartStyle:
    style = report.chart_style
    assets = edition.assets_dir(report)
    return ChartStyle(palette=tuple(style.palette), font_family=style.font_family,
                      font_files=tuple(assets / name for name in style.font_files),
                      width_in=style.width_in, text_colour=style.text_colour,
                      source=report.source or "")


def _draw_charts(edition: Edition, report: Report, survey: Survey, figures: FigureTable,
                 folder: Path) -> dict[str, Chart]:
    folder.mkdir(parents=True, exist_ok=True)
    style = _chart_style(edition, report)
    charts = {}
    for spec in report.figures:
        chart = draw_chart(spec, figures, survey.questionnaire, style)
        (folder / f"{chart.id}.svg").write_bytes(chart.svg)
        charts[chart.id] = chart
    return charts


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


def build(root: Path, edition_name: str | None = None, formats: tuple[str, ...] = FORMATS,
          out: Path | None = None, progress: Callable[[str], None] = logger.info
          ) -> BuildResult:
    """Build the edition's publication under ``out/<edition>/`` (default ``root/build``)."""
    edition = find_edition(root, edition_name)
    target = (out or root / "build") / edition.name

    # Survey: the questionnaire, the export, the report configuration.
    progress(f"survey: reading {edition.questionnaire_path.name} and the responses")
    report, survey = _load(edition)
    _check_survey(survey, target / "quarantine.csv", progress)

    # Open answers: themes and the quotations, checked against the answers.
    rules = load_themes(edition.themes_path, survey)
    testimonies = load_testimonies(edition.testimonies_path)
    verify_testimonies(testimonies, survey, edition.testimonies_path)

    # Statistics: every figure once, as a table.
    progress(f"stats: {survey.respondents} respondents")
    figures = compute_figures(survey, report.thresholds, match_themes(rules, survey),
                              rules.labels())

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".staging-{edition.name}-",
                                     dir=target.parent) as staging_name:
        staging = Path(staging_name)
        # Charts: one SVG per figure of report.yaml.
        progress(f"charts: drawing {len(report.figures)} charts")
        charts = _draw_charts(edition, report, survey, figures, staging / "charts")

        # Render: each chapter's template, then the layouts.
        progress(f"render: {len(report.chapters)} chapters")
        environment = make_environment(edition.templates_dir)
        context = make_context(report=report, edition=edition.name, survey=survey,
                               figures=figures, charts=charts, testimonies=testimonies)
        chapters = render_chapters(environment, report, context)
        assets = edition.assets_dir(report)
        outputs = {"charts": target / "charts"}

        # Publish: the print edition, then the web edition.
        if "pdf" in formats:
            progress("publish: laying out the PDF")
            html = render_layout(environment, report.print_layout,
                                 {**context, "chapters": chapters,
                                  "assets": assets.as_uri()})
            name = f"{report.slug}-{edition.name}.pdf"
            write_pdf(html, staging / name, base=staging, allowed=[assets],
                      metadata=_metadata(report), published=report.published)
            outputs["pdf"] = target / name
        if "web" in formats:
            progress("publish: writing the web edition")
            pages = _web_pages(environment, report, context, chapters)
            write_web(pages, staging / "web", charts_dir=staging / "charts", assets_dir=assets)
            outputs["web"] = target / "web" / "index.html"
        _install(staging, target)
    progress(f"done: {target}")
    return BuildResult(edition=edition.name, folder=target, outputs=outputs)


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
