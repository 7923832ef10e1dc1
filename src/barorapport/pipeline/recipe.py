"""The recipe: one sequence of stages for every driver, survey → open answers → statistics →
charts → chapters and layouts.

Input: an edition, its validated report, the resolved ``BuildOptions`` and a driver
(``drivers.FailFast`` for build and serve, ``drivers.Collect`` for check). Output: a
``Prepared`` (everything the outputs are made of), which ``pipeline.build`` publishes.
Build and check run this same ``prepare``: they cannot disagree on what is an error.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..charts import chart_input
from ..config.options import BuildOptions
from ..config.project import Edition
from ..config.report import Report
from ..config.report_check import check_report, warn_placeholders
from ..openanswers import load_testimonies, verify_testimonies
from ..openanswers.testimonies import check_references as check_testimony_references
from ..publish.assets import check_publication_paths
from ..publish.edition import ASSETS_STAGING, pdf_name
from ..publish.segments import Segmented, beside_whole_charts, segment_figures_of
from ..publish.web import web_pages
from ..render import make_environment
from ..render.chapters import make_context
from ..stats.trends import compute_trends
from ..wording import DEFAULT_LANGUAGE, has_catalogue, language
from .history import load_history
from .stages import (
    chart_style,
    check_survey,
    figures_of,
    load_questionnaire,
    load_responses,
    load_themes,
    parse_templates,
    privacy_gate,
    privacy_laid_out,
    privacy_scans,
    render_chapter,
    render_print,
    respondents_secrets,
    warn_charts_without_alt,
    warn_editors_texts,
    warn_images_without_alt,
    warn_unused_testimonies,
    weigh,
)
from .values import Prepared


def _all(values: list) -> list | None:
    return None if any(value is None for value in values) else values


def prepare(edition: Edition, report: Report | None, options: BuildOptions, run, **keywords
            ) -> Prepared:
    """Every stage up to the laid-out HTML, through the driver ``run``, the publication's
    words in report.yaml's language."""
    with words_of(report, edition), contextlib.ExitStack() as aside:
        return _prepare(edition, report, options, run, aside=aside, **keywords)


def words_of(report: Report | None, edition: Edition):
    """The publication's words in report.yaml's language (the default when it has no
    catalogue), the project's own catalogues (``messages/``) first."""
    messages = edition.messages_dir
    lang = report.lang if report is not None and has_catalogue(report.lang, messages) \
        else None
    return language(lang or DEFAULT_LANGUAGE, messages)


def _prepare(edition: Edition, report: Report | None, options: BuildOptions, run, *,
             aside: contextlib.ExitStack, make_charts: Callable, cache_root: Path,
             quarantine_path: Path, build_info: dict | None,
             progress: Callable[[str], None], write: bool = True) -> Prepared:
    # Survey: the questionnaire, report.yaml against it and the project (in one pass), the
    # export. The stages that read report.yaml's figures, chapters or fonts wait for it.
    progress(f"survey: reading {edition.questionnaire_path.name} and the responses")
    questionnaire = run("questionnaire", load_questionnaire, edition.questionnaire_path)
    environment = make_environment(edition.templates_dir)
    valid = run("report.yaml against the project", check_report, edition, report,
                questionnaire, environment)
    run("report.yaml: title and authors", warn_placeholders, edition, report, after=(valid,))
    # Read even when report.yaml is invalid (its reading keys alone): check reports both.
    survey = run("responses", load_responses, edition, questionnaire, report=report)
    run("output paths and assets", check_publication_paths, quarantine_path.parent, report,
        edition)
    run("quarantine", check_survey, survey, quarantine_path, progress, write=write,
        values=options.quarantine_values)

    # Open answers: themes and the quotations, checked against the answers; the privacy
    # gate: no personal data in any quotation that is published.
    progress("open answers: checking the quotations and the privacy gate")
    rules = run("themes", load_themes, edition.themes_path, survey)
    testimonies = run("quotations", load_testimonies, edition.testimonies_path)
    verified = run("quotations against the answers", verify_testimonies, testimonies, survey,
                   edition.testimonies_path)
    run("quotations' chapters", check_testimony_references, testimonies, report,
        edition.testimonies_path)
    # The model's scans (a child process) run while the stages below do.
    scans = run("privacy scans", privacy_scans, testimonies, edition.testimonies_path,
                cache_root)
    if scans is not None:
        aside.callback(scans.stop)  # a build that fails before the gate leaves no child
    # What no output may hold (the gate's last look), and the editors' own words read too.
    secrets = run("privacy: the respondents' personal data", respondents_secrets, survey)
    run("privacy: the editors' texts", warn_editors_texts, edition, report)

    # Statistics: filtered questions' bases, the weights, then every figure once, as a
    # table; the trends against the previous editions.
    if survey is not None:
        progress(f"stats: {survey.respondents} respondents")
    weighed = run("weights", weigh, edition, report, survey, progress=progress)
    survey = weighed[0] if weighed is not None else survey
    figures = run("figures", figures_of, report, weighed, rules, after=(valid,))
    history = run("history", load_history, edition, report, questionnaire, rules,
                  after=(valid,))
    trends = run("trends", compute_trends, figures, edition.name, history)

    # Segments: one edition per answer of report.yaml's segments question, protected
    # together with the whole sample's (whose crosstab by that question hides the same).
    segmented = run("segments", segment_figures_of, edition, report, options, questionnaire,
                    weighed, rules, figures, after=(valid,), progress=progress)
    segmented = segmented if isinstance(segmented, Segmented) else None
    if segmented is not None:
        figures = segmented.figures.whole

    # Charts, chapters and layouts; the privacy gate on every quotation, then on what was
    # laid out.
    presented = present(run, edition, report, options, environment=environment,
                        questionnaire=questionnaire, survey=survey, figures=figures,
                        trends=trends, testimonies=testimonies, secrets=secrets,
                        make_charts=make_charts, build_info=build_info, progress=progress,
                        valid=valid, verified=verified, gate=lambda: run(
                            "privacy gate", privacy_gate, testimonies,
                            edition.testimonies_path, cache_root, scans))
    return replace(presented, segments=segmented)


def present(run, edition: Edition, report: Report | None, options: BuildOptions, *,
            environment, questionnaire, survey, figures, trends, testimonies, secrets,
            make_charts: Callable, build_info: dict | None, progress: Callable[[str], None],
            valid=True, verified=True, gate: Callable | None = None,
            segment: dict | None = None,
            whole=None, elsewhere: frozenset[str] = frozenset()) -> Prepared:
    """The stages after the statistics, for the whole sample's edition and for each
    segment's (``segment``: which; ``whole``: the whole sample's figures; ``elsewhere``:
    the testimonies of the other segments' respondents): charts, chapters, the layouts the
    formats need, and the privacy gate's last look at them. ``gate`` runs the privacy gate
    on the quotations (the whole sample's edition: every segment shows a part of them)."""
    # Charts: one per figure of report.yaml (drawn by the build, stubbed by check).
    specs = report.figures if report is not None else []
    progress(f"charts: {len(specs)} charts")
    style = run("chart style", chart_style, edition, report, after=(valid,))
    inputs = {spec.id: run(f"figure '{spec.id}'", chart_input, spec, figures, questionnaire,
                           trends, after=(valid,)) for spec in specs}
    inputs = None if any(value is None for value in inputs.values()) else inputs
    if segment is not None and inputs is not None:
        inputs = beside_whole_charts(inputs, specs, whole, questionnaire)
    charts = run("charts", make_charts, inputs, style)
    if segment is None:
        run("charts' alt text", warn_charts_without_alt, edition, charts)

    # Render: every template's syntax, each chapter, then the layouts the formats need.
    chapters_wanted = report.chapters if report is not None else []
    progress(f"render: {len(chapters_wanted)} chapters")
    syntax = run("templates: syntax", parse_templates, edition.templates_dir) \
        if segment is None else True
    context = run("templates: context", _context, environment, report, edition, survey,
                  figures, charts, testimonies, trends, after=(verified, syntax, valid),
                  options=options, build_info=build_info, segment=segment, whole=whole,
                  elsewhere=elsewhere)
    chapters, marks = _render_chapters(run, environment, chapters_wanted, context)
    layouts = options.formats if options.engine == "weasyprint" else ()
    print_html = pages = None
    if "pdf" in layouts or "docx" in layouts:  # the Word edition is the print edition's
        print_html = run("print layout", render_print, environment, report, context,
                         chapters, ASSETS_STAGING)
    if "web" in layouts:
        pages = run("web pages", web_pages, environment, report, context, chapters)
        run("images' alt text", warn_images_without_alt, pages)
    # Checked after every layout: a testimony may be shown by the layouts only.
    laid_out = (chapters is not None and (not {"pdf", "docx"} & set(layouts)
                                          or print_html is not None)
                and ("web" not in layouts or pages is not None))
    if segment is None:
        run("unused testimonies", warn_unused_testimonies, edition, context, testimonies,
            after=(laid_out or None,))
    checked = gate() if gate is not None else True
    # The gate's last look at what was laid out, in check as in build (build looks again at
    # every file it writes before installing them).
    run("privacy gate: the laid-out texts", privacy_laid_out, secrets, print_html, pages,
        pdf_name(report, edition, segment) if report is not None else None, testimonies,
        after=(laid_out or None, checked))
    return Prepared(survey=survey, testimonies=testimonies, figures=figures, trends=trends,
                    charts=charts, chapters=chapters, print_html=print_html, pages=pages,
                    environment=environment, context=context, marks=marks, secrets=secrets)


def _render_chapters(run, environment, wanted: list, context: dict | None
                     ) -> tuple[list | None, tuple]:
    """Each chapter in order, and where the numbering stood before each and after the
    last (figures and testimonies are numbered in the order the chapters show them)."""
    numbering = context["_numbering"] if context is not None else None
    marks, chapters = [], []
    for chapter in wanted:
        marks.append(numbering.mark() if numbering is not None else None)
        chapters.append(run(f"chapter '{chapter.id}'", render_chapter, environment, chapter,
                            context))
    marks.append(numbering.mark() if numbering is not None else None)
    return _all(chapters), tuple(marks)


def _context(environment, report: Report, edition: Edition, survey, figures, charts,
             testimonies, trends, *, options: BuildOptions,
             build_info: dict | None, segment: dict | None = None, whole=None,
             elsewhere: frozenset[str] = frozenset()) -> dict:
    """What chapters and layouts may use (``render.chapters.make_context``), plus the
    build's: its info, the PDF's and the figures' file names, the base URL."""
    context = make_context(environment=environment, report=report, edition=edition.name,
                           survey=survey, figures=figures, charts=charts,
                           testimonies=testimonies, trends=trends, segment=segment,
                           whole=whole, elsewhere=elsewhere)
    layouts = options.formats if options.engine == "weasyprint" else ()
    return {**context, "build_info": build_info,
            "pdf_name": pdf_name(report, edition, segment) if "pdf" in layouts else None,
            "figures_csv": "data/figures.csv" if "web" in layouts else None,
            "figures_xlsx": "data/figures.xlsx" if "web" in layouts else None,
            "base_url": options.base_url.rstrip("/") + "/" if options.base_url else None}


