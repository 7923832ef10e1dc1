"""The pipeline's stages, each a function with plain inputs and outputs.

survey (questionnaire, responses) → open answers (themes, quotations, privacy gate) →
stats (figures, the history of previous editions, trends) → charts (inputs, drawn or
stubbed) → render (chapters, layouts). ``pipeline.recipe`` sequences them once for
every driver (``build``, ``check``, ``serve``); ``pipeline.history`` and the ``themes``
command call the survey and stats stages directly. Publishing lives in ``publish``.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

from ..charts import Chart, ChartCache, ChartInput, ChartStyle, chart_input, style_from_config
from ..config.project import Edition, report_keys
from ..config.report import Report
from ..engine.buildcache import ContentCache
from ..openanswers import ThemeRules, load_themes, match_themes
from ..openanswers.editors import editors_files
from ..openanswers.editors import warn_editors_texts as editors_warnings
from ..openanswers.privacy import ScansAside, check_privacy, testimony_excerpts
from ..openanswers.published import Secrets, check_laid_out, respondent_data
from ..openanswers.testimonies import place
from ..paths import display_path
from ..personal.normalise import invisible
from ..render import RenderedChapter, render_layout
from ..render.chapters import render_chapter, unused_testimonies
from ..stats import FigureTable, compute_figures
from ..stats.prepare import prepare_survey
from ..stats.weights import Weights
from ..survey import Questionnaire, Survey, load_questionnaire, load_survey, write_quarantine
from ..survey.designcolumns import declared_columns

logger = logging.getLogger("barorapport")

__all__ = ["chart_stubs", "check_survey", "draw_charts", "figures_of",
           "load_questionnaire", "load_responses", "load_themes", "parse_templates",
           "privacy_gate", "privacy_laid_out", "privacy_scans", "respondents_secrets",
           "warn_editors_texts",
           "render_chapter", "render_print", "theme_rules", "warn_charts_without_alt",
           "warn_images_without_alt", "warn_unused_testimonies", "weigh"]


# Survey: the questionnaire and the export read against it.

def load_responses(edition: Edition, questionnaire: Questionnaire,
                   report: Report | None = None) -> Survey:
    """The edition's export, read and validated against its questionnaire; the rows
    report.yaml's ``respondents`` rule keeps, with the columns of its sampling ``design``.
    Without a valid ``report`` (check goes on past an invalid one; ``themes`` reads none),
    those two keys are read alone from report.yaml, each its default when invalid too."""
    keys = ({"respondents": report.respondents, "design": report.design} if report is not None
            else report_keys(edition, "respondents", "design"))
    design = declared_columns(keys["design"], edition.report_path)
    return load_survey(questionnaire, edition.responses_path(questionnaire.responses.file),
                       keys["respondents"], design=design)


def check_survey(survey: Survey, quarantine_path: Path, progress: Callable[[str], None],
                 *, write: bool = True, values: bool = False) -> None:
    """Say how the export was read, warn about each quarantined cell, and fail when too many
    rows are quarantined. ``quarantine.csv`` (``write``) describes the last export read, even
    when the build fails on it; the raw cells only with ``values``."""
    if write:
        write_quarantine(survey.quarantine, quarantine_path, values=values)
    for note in survey.notes:
        progress(f"survey: {note}")
    if survey.dropped_columns:
        progress(f"survey: dropped {len(survey.dropped_columns)} column(s) of personal data "
                 f"({', '.join(survey.dropped_columns)})")
    if survey.tool_columns:
        progress(f"survey: ignored {len(survey.tool_columns)} column(s) of the survey tool's "
                 f"own (ids, timestamps, progress...: {', '.join(survey.tool_columns)})")
    for warning in survey.warnings():
        logger.warning(warning)
    shown = display_path(quarantine_path)
    if survey.quarantine and write:
        progress(f"survey: {survey.quarantine.rows} row(s) quarantined, listed in {shown}")
    screening = survey.screening
    if screening is not None and screening.counts:
        counts = ", ".join(f"{count} {kind}" for kind, count in screening.counts.items())
        listed = f", listed in {shown}" if write else ""
        progress(f"survey: {sum(screening.counts.values())} row(s) left out ({counts}) by "
                 f"respondents: {screening.rule}"
                 f"{'' if screening.declared else ' (the default for this export)'}{listed}")
    survey.quarantine.check(survey.questionnaire.responses.quarantine_threshold,
                            display_path(survey.source), shown)


# Open answers: the privacy gate on every quotation that is published.

def privacy_scans(testimonies: list, testimonies_path: Path, cache_root: Path) -> ScansAside:
    """The quotations' scans that need the named-entity model, started in a child process
    (the stages between this and ``privacy_gate`` run meanwhile)."""
    return ScansAside(testimony_excerpts(testimonies, testimonies_path),
                      cache=ContentCache(cache_root / "privacy"))


def privacy_gate(testimonies: list, testimonies_path: Path, cache_root: Path,
                 scans: ScansAside) -> None:
    """No personal data in any quotation that is published (the scans made aside read from
    the caches, the others made here); invisible characters removed from each, and said."""
    scans.join()
    for testimony in testimonies:
        for field in ("text", "redacted"):
            hidden = invisible(getattr(testimony, field) or "")
            if hidden:
                logger.warning("%s: testimony '%s': %d invisible character(s) removed from "
                               "the published text (%s)", place(testimony, testimonies_path,
                                                                field),
                               testimony.id, len(hidden), ", ".join(dict.fromkeys(hidden)))
    check_privacy(testimony_excerpts(testimonies, testimonies_path),
                  cache=ContentCache(cache_root / "privacy"))


def respondents_secrets(survey: Survey) -> Secrets:
    """The personal data the respondents wrote, which no output may hold (the privacy gate's
    last look); other stages add theirs with ``Secrets.add_literal``."""
    return respondent_data(survey)


def warn_editors_texts(edition: Edition, report: Report) -> None:
    """A warning for each line of a template, and each string of report.yaml, the
    questionnaire and the theme rules, that holds personal data (``openanswers.editors``)."""
    files = editors_files(edition.templates_dir, (edition.report_path,
                                                  edition.questionnaire_path,
                                                  edition.themes_path))
    editors_warnings(files, report.public_contacts)


def privacy_laid_out(secrets: Secrets, print_html: str | None, pages: dict[str, str] | None,
                     pdf_name: str | None, testimonies: list) -> None:
    """The privacy gate's last look at what check and build both lay out: no respondent's
    personal data in the print document or a web page, whatever route it took."""
    check_laid_out(secrets, print_html, pages, pdf_name, testimonies)


def theme_rules(rules: ThemeRules) -> dict[str, dict[str, object]]:
    """Per open question, each theme id's rules: what decides whether themes compare."""
    return {question: {theme.id: theme for theme in themes}
            for question, themes in rules.root.items()}


# Statistics: every figure once, as a table.

def weigh(edition: Edition, report: Report, survey: Survey,
          progress: Callable[[str], None] | None = None) -> tuple[Survey, Weights | None]:
    """The survey with its filters applied (``asked_if``), and its weights (or None)."""
    return prepare_survey(survey, report.weighting, edition.report_path, progress,
                          design=report.design)


def figures_of(report: Report, weighed: tuple[Survey, Weights | None], rules: ThemeRules, *,
               banners: bool = True) -> FigureTable:
    """The figures table of an edition (crosstabs by report.yaml's banners, ``banners``)."""
    survey, weights = weighed
    return compute_figures(survey, report.thresholds, match_themes(rules, survey),
                           rules.labels(), banners=report.banners if banners else (),
                           weights=weights, interval=report.intervals,
                           multiple_testing=report.multiple_testing)


# Charts: one per figure of report.yaml; drawn by the build, stubbed by check.

def chart_style(edition: Edition, report: Report) -> ChartStyle:
    """The charts' house style; font files are the project's assets', else the theme's."""
    from ..theme import asset_files

    found = asset_files(edition.assets_dir(report))
    config = report.chart_style.model_copy(update={"font_files": [
        str(found.get(name, edition.assets_dir(report) / name))
        for name in report.chart_style.font_files]})
    return style_from_config(config, edition.assets_dir(report), report.source)


def chart_inputs(report: Report, figures: FigureTable, questionnaire: Questionnaire,
                 trends, run) -> dict[str, ChartInput] | None:
    """Each figure's ``ChartInput``, each through ``run`` (so that check reports each)."""
    inputs = {spec.id: run(f"figure '{spec.id}'", chart_input, spec, figures, questionnaire,
                           trends) for spec in report.figures}
    return None if any(value is None for value in inputs.values()) else inputs


def draw_charts(inputs: dict[str, ChartInput], style: ChartStyle, cache: ChartCache,
                media: tuple[str, ...] = ("print",)) -> dict[str, dict[str, Chart]]:
    """Per medium (``print``; ``screen`` and ``phone`` for the web edition), one SVG per
    figure; charts whose inputs did not change come from ``cache``, the others are drawn
    (side by side when there are many); all share one subset of each font."""
    drawn = cache.edition(list(inputs.values()), style, media)
    return {medium: dict(zip(inputs, charts, strict=True)) for medium, charts in drawn.items()}


def chart_stubs(inputs: dict[str, ChartInput], style: ChartStyle) -> dict[str, Chart]:
    """Each chart as templates see it (alt text, data table, caption), undrawn."""
    from ..charts.alt import alt_text

    charts = {}
    for chart_id, data in inputs.items():
        if data.kind == "crosstab":  # a table, not a drawing: the same as the build's
            from ..charts.draw import render_chart

            charts[chart_id] = render_chart(data, style)
            continue
        table = data.data.drop(columns=[c for c in ("low_base",) if c in data.data.columns])
        charts[chart_id] = Chart(id=data.id, title=data.title, svg=b"", alt=alt_text(data),
                                 data=table, kind=data.kind, caption=data.notes,
                                 lecture=data.lecture, champ=data.champ)
    return charts


def warn_charts_without_alt(edition: Edition, charts: dict[str, Chart]) -> None:
    for chart in charts.values():
        if not chart.alt.strip():
            logger.warning("%s: figure '%s': the chart has no alt text",
                           edition.report_path.name, chart.id)


# Render: every template's syntax, each chapter, then the layouts.

def template_links(templates_dir: Path) -> list[str]:
    """A problem for each link under ``templates_dir`` to a file or folder outside the
    project (its parent): the rule of the assets, so that no template publishes a file from
    elsewhere (a secret, another project's data)."""
    if not templates_dir.is_dir():
        return []
    root = templates_dir.resolve().parent
    problems = []
    for base, folders, files in os.walk(templates_dir):
        for name in sorted([*folders, *files]):
            path = Path(base) / name
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                problems.append(f"{display_path(path)}: a link to {path.resolve()}, outside "
                                "the project: not used (copy the file into the project)")
        folders[:] = [name for name in folders if not (Path(base) / name).is_symlink()]
    return problems


def parse_templates(templates_dir: Path) -> None:
    """Every template's syntax, used or not: a broken template is an error either way; a
    link to a template outside the project too, and a partial or layout a template names
    that does not exist (with the naming template's line)."""
    import jinja2

    from ..errors import TemplateError
    from ..render import make_environment
    from ..render.environment import missing_templates, template_error

    errors = template_links(templates_dir)
    if errors:
        raise TemplateError("\n".join(errors))
    environment = make_environment(templates_dir)
    for path in sorted(templates_dir.rglob("*.j2")):
        name = path.relative_to(templates_dir).as_posix()
        try:
            parsed = environment.parse(path.read_text(encoding="utf-8"), name, str(path))
        except jinja2.TemplateSyntaxError as error:
            errors.append(str(template_error(error, templates_dir, name)))
            continue
        errors += missing_templates(environment, parsed, str(path))
    if errors:
        raise TemplateError("\n".join(errors))



def render_print(environment, report: Report, context: dict,
                 chapters: list[RenderedChapter], assets_uri: str) -> str:
    """The whole print document, as WeasyPrint gets it."""
    return render_layout(environment, report.print_layout,
                         {**context, "chapters": chapters, "assets": assets_uri})


_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)[^>]*>", re.IGNORECASE)


def warn_images_without_alt(pages: dict[str, str]) -> None:
    for name, html in pages.items():
        for tag in _IMG_WITHOUT_ALT.findall(html):
            logger.warning("web/%s: %s has no alt text", name, tag)


def warn_unused_testimonies(edition: Edition, context: dict, testimonies) -> None:
    for item in unused_testimonies(context, testimonies):
        logger.warning("%s: testimony '%s' is shown by no template",
                       place(item, edition.testimonies_path, "id"), item.id)
