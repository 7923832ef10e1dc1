"""Check an edition without laying anything out: every problem at once, in seconds.

Input: a project folder and an edition. Output: a ``CheckResult`` listing every error (the
questionnaire, the responses, report.yaml, the themes, the quotations, the privacy gate,
the figures, each template parsed and each chapter and layout rendered with the real
context) and every warning. A stage whose input failed is skipped, and says so; the others
still run, so that one pass shows all that an editor has to fix.

Charts are not drawn: templates get each chart's alt text and data table, which is what
they use; WeasyPrint lays out nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .buildcache import ContentCache
from .errors import BarorapportError
from .log import CountHandler

logger = logging.getLogger("barorapport")


@dataclass(frozen=True)
class CheckResult:
    edition: str | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


class _Stages:
    """Runs each stage, keeping its error instead of stopping at it."""

    def __init__(self, progress: Callable[[str], None]):
        self.errors: list[str] = []
        self.progress = progress

    def run(self, name: str, step: Callable[[], object], *needs: object) -> object:
        if any(need is None for need in needs):
            self.progress(f"{name}: skipped (an input above failed)")
            return None
        self.progress(f"{name}")
        try:
            result = step()
        except BarorapportError as error:
            self.errors.extend(str(error).splitlines())
            return None
        return True if result is None else result


def _chart_stubs(report, figures, questionnaire) -> dict:
    """Each figure's chart as templates see it (alt text, data table, caption), undrawn."""
    from .charts import Chart, chart_input
    from .charts.alt import alt_text

    charts = {}
    for spec in report.figures:
        data = chart_input(spec, figures, questionnaire)
        table = data.data.drop(columns=[c for c in ("low_base",) if c in data.data.columns])
        charts[spec.id] = Chart(id=data.id, title=data.title, svg=b"", alt=alt_text(data),
                                data=table, kind=data.kind, caption=data.notes)
    return charts


def _parse_templates(templates_dir: Path) -> list[str]:
    """Every template's syntax, used or not: needs nothing else to have passed."""
    import jinja2

    from .render import make_environment
    from .render.environment import template_error

    errors = []
    environment = make_environment(templates_dir)
    for path in sorted(templates_dir.rglob("*.j2")):
        name = path.relative_to(templates_dir).as_posix()
        try:
            environment.parse(path.read_text(encoding="utf-8"), name, str(path))
        except jinja2.TemplateSyntaxError as error:
            errors.append(str(template_error(error, templates_dir, name)))
    return errors


def _render_all(edition, report, survey, figures, testimonies, build_info) -> list[str]:
    """Render each chapter, then the print and web layouts, with the real context."""
    from .render import make_environment, render_layout
    from .render.chapters import RenderedChapter, make_context, unused_testimonies

    errors = []
    environment = make_environment(edition.templates_dir)
    charts = _chart_stubs(report, figures, survey.questionnaire)
    context = make_context(environment=environment, report=report, edition=edition.name,
                           survey=survey, figures=figures, charts=charts,
                           testimonies=testimonies)
    context["build_info"] = build_info
    chapters = []
    for chapter in report.chapters:
        try:
            html = render_layout(environment, chapter.template, {**context, "chapter": chapter})
        except BarorapportError as error:
            errors.append(str(error))
            html = ""
        chapters.append(RenderedChapter(id=chapter.id, title=chapter.title, html=html))
    common = {**context, "chapters": chapters, "pdf_name": "check.pdf",
              "figures_csv": "data/figures.csv", "base_url": None}
    layouts = [(report.print_layout, {"assets": "assets"}),
               (report.web_layout, {"page": chapters[0] if chapters else None,
                                    "previous": None, "next": None, "assets": "assets",
                                    "page_name": lambda chapter_id: f"{chapter_id}.html"})]
    for layout, extra in layouts:
        try:
            render_layout(environment, layout, {**common, **extra})
        except BarorapportError as error:
            errors.append(str(error))
    if not errors:
        from .openanswers.testimonies import place

        for item in unused_testimonies(context, testimonies):
            logger.warning("%s: testimony '%s' is shown by no template",
                           place(item, edition.testimonies_path, "id"), item.id)
    return errors


def _survey_warnings(survey) -> None:
    """Warn about every quarantined cell and unknown column; fail over the threshold."""
    from .config import display_path

    for warning in survey.warnings():
        logger.warning(warning)
    survey.quarantine.check(survey.questionnaire.responses.quarantine_threshold,
                            display_path(survey.source))


def check(root: Path, edition_name: str | None = None,
          progress: Callable[[str], None] = logger.info) -> CheckResult:
    """Every problem of the edition's inputs, without drawing or laying out anything."""
    from .manifest import build_inputs
    from .openanswers import load_testimonies, load_themes, match_themes, verify_testimonies
    from .openanswers.privacy import check_privacy, testimony_excerpts
    from .project import check_banners, find_edition, load_report
    from .stats import compute_figures
    from .stats.prepare import prepare_survey
    from .survey import load_questionnaire, load_survey

    counter = CountHandler()
    logger.addHandler(counter)
    try:
        stages = _Stages(progress)
        edition = stages.run("edition", lambda: find_edition(root, edition_name))
        if edition is None:
            return CheckResult(None, tuple(stages.errors), tuple(counter.messages))
        report = stages.run("report.yaml", lambda: load_report(edition))
        questionnaire = stages.run("questionnaire",
                                   lambda: load_questionnaire(edition.questionnaire_path))
        survey = stages.run("responses", lambda: load_survey(
            questionnaire, edition.data_dir / questionnaire.responses.file), questionnaire)
        stages.run("quarantine", lambda: _survey_warnings(survey), survey)
        stages.run("banners", lambda: check_banners(edition, report, questionnaire),
                   report, questionnaire)
        rules = stages.run("themes", lambda: load_themes(edition.themes_path, survey), survey)
        testimonies = stages.run("quotations", lambda: load_testimonies(
            edition.testimonies_path))
        verified = stages.run("quotations against the answers", lambda: verify_testimonies(
            testimonies, survey, edition.testimonies_path), testimonies, survey)
        cache = ContentCache(root / "build" / ".cache" / "privacy")
        stages.run("privacy gate", lambda: check_privacy(
            testimony_excerpts(testimonies, edition.testimonies_path), cache=cache),
            testimonies)
        prepared = stages.run("weights", lambda: prepare_survey(
            survey, report.weighting, edition.report_path), report, survey)
        survey, weights = prepared if prepared is not None else (survey, None)
        figures = stages.run("figures", lambda: compute_figures(
            survey, report.thresholds, match_themes(rules, survey), rules.labels(),
            banners=report.banners, weights=weights), report, survey, rules, prepared)
        syntax = _parse_templates(edition.templates_dir)
        stages.progress("templates: syntax")
        stages.errors.extend(syntax)
        stages.run("templates: chapters and layouts", lambda: stages.errors.extend(
            _render_all(edition, report, survey, figures, testimonies, build_inputs(
                root, edition.name, {}, edition.assets_dir(report)).build_info)),
            report, survey, figures, testimonies, verified, None if syntax else True)
        return CheckResult(edition.name, tuple(stages.errors), tuple(counter.messages))
    finally:
        logger.removeHandler(counter)
