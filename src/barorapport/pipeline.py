"""One sequence of stages, several drivers: survey → open answers → statistics → charts →
chapters and layouts, then publishing.

Input: an edition, its validated report, the resolved ``BuildOptions`` and a driver.
Output: a ``Prepared`` (everything the outputs are made of); ``run`` then publishes it into
``<out>/<edition>/`` through a staging folder installed at the end. The drivers:

- ``FailFast`` (``build``, ``serve``): the first error stops everything;
- ``Collect`` (``check``): each stage's error is kept, the stages that need its result are
  skipped, the others still run; charts are stubbed and nothing is laid out.

Both run the same ``prepare``: check and build cannot disagree on what is an error.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .aside import Aside
from .build import BuildResult, fail_if_strict
from .buildcache import ContentCache
from .charts import ChartCache, chart_input
from .clock import clamp_zip_timestamps
from .editions import load_history
from .errors import BarorapportError, OutputError, os_error_message
from .install import clean_leftovers, install, repair_link, staging_prefix
from .log import CountHandler
from .manifest import BuildInputs, write_manifest
from .openanswers import load_testimonies, verify_testimonies
from .openanswers.published import check_published
from .options import BuildOptions
from .project import Edition, Report
from .publish import write_pdf, write_web
from .publish.assets import check_publication_paths
from .publish.card import CARD_NAME, card_font, write_card
from .publish.data import write_chart_data
from .publish.pdf import pdf_aside, pdf_child
from .publish.quarto import publish_quarto
from .publish.quarto_cli import check_quarto
from .publish.web import web_pages
from .publish.webfonts import subsets_aside
from .render import make_environment
from .render.chapters import make_context
from .render.typography import typeset
from .report_check import check_report
from .stages import (
    chart_stubs,
    chart_style,
    check_survey,
    draw_charts,
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
from .stats.export import export_frame, write_figures_csv, write_figures_xlsx
from .stats.trends import compute_trends
from .theme import merge_assets
from .wording import DEFAULT_LANGUAGE, has_catalogue, language

logger = logging.getLogger("barorapport")
clamp_zip_timestamps()  # the workbook and documents written even on a clock before 1980
ASSETS_STAGING = ".assets"
"""The staging subfolder of the merged assets (theme, then project), removed before install;
the print layout links its stylesheet relative to the staging folder, so that the laid-out
PDF's cache key does not hold the staging folder's random name."""


class FailFast:
    """The build's driver: run each stage; its error stops the build."""

    def __call__(self, name: str, step: Callable, /, *needs: Any, after: tuple = (),
                 **values: Any) -> Any:
        return step(*needs, **values)


class Collect:
    """check's driver: keep each stage's error and go on; a stage one of whose ``needs``
    (positional arguments) or ``after`` (stages it waits for) failed is skipped, and says
    so."""

    def __init__(self, progress: Callable[[str], None]):
        self.errors: list[str] = []
        self.progress = progress

    def __call__(self, name: str, step: Callable, /, *needs: Any, after: tuple = (),
                 **values: Any) -> Any:
        if any(need is None for need in (*needs, *after)):
            self.progress(f"{name}: skipped (an input above failed)")
            return None
        try:
            result = step(*needs, **values)
        except BarorapportError as error:
            self.errors.extend(str(error).splitlines())
            return None
        return True if result is None else result


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


def _all(values: list) -> list | None:
    return None if any(value is None for value in values) else values


def prepare(edition: Edition, report: Report | None, options: BuildOptions, run, **keywords
            ) -> Prepared:
    """Every stage up to the laid-out HTML, through the driver ``run``, the publication's
    words in report.yaml's language."""
    with _words_of(report), contextlib.ExitStack() as aside:
        return _prepare(edition, report, options, run, aside=aside, **keywords)


def _words_of(report: Report | None):
    """The publication's words in report.yaml's language (the default when it has none)."""
    lang = report.lang if report is not None and has_catalogue(report.lang) else None
    return language(lang or DEFAULT_LANGUAGE)


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
    survey = run("responses", load_responses, edition, questionnaire, report)
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

    # Charts: one per figure of report.yaml (drawn by the build, stubbed by check).
    specs = report.figures if report is not None else []
    progress(f"charts: {len(specs)} charts")
    style = run("chart style", chart_style, edition, report, after=(valid,))
    inputs = {spec.id: run(f"figure '{spec.id}'", chart_input, spec, figures, questionnaire,
                           trends, after=(valid,)) for spec in specs}
    inputs = None if any(value is None for value in inputs.values()) else inputs
    charts = run("charts", make_charts, inputs, style)
    run("charts' alt text", warn_charts_without_alt, edition, charts)

    # Render: every template's syntax, each chapter, then the layouts the formats need.
    chapters_wanted = report.chapters if report is not None else []
    progress(f"render: {len(chapters_wanted)} chapters")
    syntax = run("templates: syntax", parse_templates, edition.templates_dir)
    context = run("templates: context", _context, environment, report, edition, survey,
                  figures, charts, testimonies, trends, after=(verified, syntax, valid),
                  options=options, build_info=build_info)
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
    run("unused testimonies", warn_unused_testimonies, edition, context, testimonies,
        after=(laid_out or None,))
    gate = run("privacy gate", privacy_gate, testimonies, edition.testimonies_path, cache_root,
               scans)
    # The gate's last look at what was laid out, in check as in build (build looks again at
    # every file it writes before installing them).
    run("privacy gate: the laid-out texts", privacy_laid_out, secrets, print_html, pages,
        pdf_name(report, edition) if report is not None else None, testimonies,
        after=(laid_out or None, gate))
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


def render_again(prepared: Prepared, edition: Edition, report: Report, changed: set[str]
                 ) -> Prepared:
    """``prepared`` (a web edition's) with the chapters whose ids are ``changed`` rendered
    again, and the web pages: what ``serve`` does when only chapter templates were edited.

    Each chapter renders from the numbering it started from; the chapters after the last
    changed one render again too until the numbering they start from is the one they had,
    so that every page is the one a whole build would give."""
    with _words_of(report):
        return _render_again(prepared, edition, report, changed)


def _render_again(prepared: Prepared, edition: Edition, report: Report, changed: set[str]
                  ) -> Prepared:
    numbering, before = prepared.context["_numbering"], prepared.marks
    chapters, marks = list(prepared.chapters), list(before)
    order = [chapter.id for chapter in report.chapters]
    first, last = min(map(order.index, changed)), max(map(order.index, changed))
    numbering.restore(before[first])
    for index in range(first, len(order)):
        if index > last and numbering.mark()[:2] == before[index][:2]:
            numbering.restore(before[-1])  # the chapters after it start where they did
            break
        chapters[index] = render_chapter(prepared.environment, report.chapters[index],
                                         prepared.context)
        marks[index + 1] = numbering.mark()
    pages = web_pages(prepared.environment, report, prepared.context, chapters)
    warn_images_without_alt(pages)
    warn_unused_testimonies(edition, prepared.context, prepared.testimonies)
    return replace(prepared, chapters=chapters, pages=pages, marks=tuple(marks))


def _context(environment, report: Report, edition: Edition, survey, figures, charts,
             testimonies, trends, *, options: BuildOptions,
             build_info: dict | None) -> dict:
    """What chapters and layouts may use (``render.chapters.make_context``), plus the
    build's: its info, the PDF's and the figures' file names, the base URL."""
    context = make_context(environment=environment, report=report, edition=edition.name,
                           survey=survey, figures=figures, charts=charts,
                           testimonies=testimonies, trends=trends)
    layouts = options.formats if options.engine == "weasyprint" else ()
    return {**context, "build_info": build_info,
            "pdf_name": pdf_name(report, edition) if "pdf" in layouts else None,
            "figures_csv": "data/figures.csv" if "web" in layouts else None,
            "figures_xlsx": "data/figures.xlsx" if "web" in layouts else None,
            "base_url": options.base_url.rstrip("/") + "/" if options.base_url else None}


def pdf_name(report: Report, edition: Edition) -> str:
    return f"{report.slug}-{edition.name}.pdf"


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
        if "web" in options.formats and options.engine == "weasyprint":
            screen_charts.update(draw_charts(inputs, style, chart_cache, medium="screen"))
            screen_charts.update({f"{chart_id}-phone": chart for chart_id, chart in
                                  draw_charts(inputs, style, chart_cache,
                                              medium="phone").items()})
        drawn_from.update(inputs=inputs, style=style)  # the Word edition draws them as PNG
        return draw_charts(inputs, style, chart_cache)

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
            outputs, laid_out, documents = publish(edition, report, options, prepared,
                                                   staging, target, cache_root, quarto,
                                                   progress, screen_charts=screen_charts,
                                                   layout=layout, drawn_from=drawn_from)
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


def publish(edition: Edition, report: Report, options: BuildOptions, prepared: Prepared,
            staging: Path, target: Path, cache_root: Path, quarto,
            progress: Callable[[str], None], screen_charts: dict | None = None,
            layout: Aside | None = None, drawn_from: dict | None = None
            ) -> tuple[dict[str, Path], int, dict[str, str]]:
    """The outputs in ``staging``: data annex, charts, then the engine's formats. Returns
    them by kind (as paths under ``target``), the number of PDFs laid out and the texts laid
    out outside staging (the print HTML), for the privacy gate's last look. ``layout``, a
    ``pdf_child``, lays the PDF out while the web edition is written; without one, or with
    only one format, this process lays it out."""
    # In report.yaml's language, as prepare; work started aside ends with the publishing.
    with _words_of(report), contextlib.ExitStack() as stack:
        return _publish(edition, report, options, prepared, staging, target, cache_root,
                        quarto, progress, screen_charts, layout, stack, drawn_from or {})


def _publish(edition: Edition, report: Report, options: BuildOptions, prepared: Prepared,
             staging: Path, target: Path, cache_root: Path, quarto,
             progress: Callable[[str], None], screen_charts: dict | None,
             layout: Aside | None, stack: contextlib.ExitStack, drawn_from: dict
             ) -> tuple[dict[str, Path], int, dict[str, str]]:
    questionnaire = prepared.survey.questionnaire
    # Charts: one SVG per figure of report.yaml.
    (staging / "charts").mkdir()
    for chart in prepared.charts.values():
        if chart.svg:  # a crosstab is a table: no SVG
            (staging / "charts" / f"{chart.id}.svg").write_bytes(chart.svg)
        for number, part in enumerate(chart.parts[1:], start=2):  # a chart drawn in parts
            (staging / "charts" / f"{chart.id}-{number}.svg").write_bytes(part)
    outputs = {"charts": target / "charts", "figures_csv": target / "figures.csv",
               "figures_xlsx": target / "figures.xlsx"}
    if report.banners:
        outputs["tables"] = target / "tables.xlsx"
    if quarto is not None:
        _write_annex(prepared, staging, questionnaire, report, edition)
        outputs.update(publish_quarto(quarto, report, edition.name, prepared.chapters,
                                      staging, target, options.formats, progress,
                                      options.timeout))
        return outputs, 0, {}
    # The print edition, then the web edition.
    laid_out, documents = 0, {}
    # Assets: the theme's stylesheets and fonts, with the project's over them (the project's
    # proven its own by check_publication_paths), merged inside the staging folder.
    assets = merge_assets(edition.assets_dir(report), staging / ASSETS_STAGING)
    name = pdf_name(report, edition)
    fonts = ContentCache(cache_root / "webfonts" / edition.name)
    pdf = {"base": staging, "allowed": [assets], "metadata": _metadata(report),
           "published": report.published, "variant": options.pdf_variant,
           "cache": ContentCache(cache_root / "pdf" / edition.name),
           "depends_on": [staging / "charts", assets]}
    subsets = laying_out = None
    if "pdf" in options.formats:
        progress("publish: laying out the PDF")
        documents[name] = prepared.print_html
    if "pdf" in options.formats and "web" in options.formats:
        # The PDF is laid out, and the web fonts' subsets made, by children while this
        # process writes the web edition: no process holds both the data and the layout.
        if layout is not None:
            laying_out = pdf_aside(layout, prepared.print_html, staging / name, **pdf,
                                   work=staging / ".pdf-aside")
        subsets = subsets_aside(assets, prepared.pages.values(), fonts)
        for child in (laying_out, subsets):
            if child is not None:
                stack.callback(child.stop)
    annex = _write_annex(prepared, staging, questionnaire, report, edition)  # PDF aside
    if "web" in options.formats:
        progress("publish: writing the web edition")
        # The screen-size charts (the print ones when none were drawn), each chart's data.
        screen = staging / ".screen-charts"
        screen.mkdir()
        for drawn, chart in (screen_charts or prepared.charts).items():
            if chart.svg:
                (screen / f"{drawn}.svg").write_bytes(chart.svg)
        for chart in prepared.charts.values():  # the print parts, which the page names
            for number, part in enumerate(chart.parts[1:], start=2):
                (screen / f"{chart.id}-{number}.svg").write_bytes(part)
        if subsets is not None:
            subsets.join()
        write_web(prepared.pages, staging / "web", charts=prepared.charts,
                  charts_dir=screen, assets_dir=assets, base_url=options.base_url,
                  data_files=annex,
                  cache=fonts)
        shutil.rmtree(screen)
        if options.base_url:
            write_card(staging / "web" / CARD_NAME, report.title, report.subtitle,
                       card_font(assets))
        write_chart_data(staging / "web" / "data", report.figures, prepared.figures,
                         questionnaire, prepared.charts,
                         export_frame(prepared.figures, prepared.trends, questionnaire))
        outputs["web"] = target / "web" / "index.html"
    if "pdf" in options.formats:
        if laying_out is not None:
            laying_out.join()
            shutil.rmtree(staging / ".pdf-aside", ignore_errors=True)
        # From the cache when the child laid it out; laid out here when it could not.
        laid_out += write_pdf(prepared.print_html, staging / name, **pdf) \
            or laying_out is not None
        outputs["pdf"] = target / name
        if "web" in options.formats:
            shutil.copy2(staging / name, staging / "web" / name)  # the web edition offers it
    if "docx" in options.formats:
        progress("publish: writing the Word edition")
        word = f"{report.slug}-{edition.name}.docx"
        write_word(staging / word, report, prepared, staging, assets, drawn_from,
                   ContentCache(cache_root / "docx" / edition.name))
        documents[word] = prepared.print_html  # the privacy gate reads what it holds
        outputs["docx"] = target / word
    shutil.rmtree(assets)
    return outputs, laid_out, documents


def write_word(path: Path, report: Report, prepared: Prepared, staging: Path, assets: Path,
               drawn_from: dict, cache: ContentCache) -> Path:
    """The Word edition of the print HTML: the charts as PNG, the assets' print stylesheet
    and ``reference.docx`` (when the theme or the project has one)."""
    from .publish.docx import REFERENCE_DOCX, write_docx
    from .publish.docx_images import chart_pictures, picture_source

    pictures = chart_pictures(drawn_from.get("inputs") or {}, drawn_from.get("style"),
                              prepared.charts, cache)
    stylesheet = assets / "print.css"
    reference = assets / REFERENCE_DOCX
    return write_docx(path, prepared.print_html,
                      print_css=stylesheet.read_text(encoding="utf-8")
                      if stylesheet.is_file() else "",
                      image=picture_source(pictures, staging),
                      reference=reference if reference.is_file() else None,
                      metadata=_metadata(report), published=report.published,
                      where=path.name)


def _write_annex(prepared: Prepared, staging: Path, questionnaire, report: Report,
                 edition: Edition) -> list[Path]:
    """The data annex: the figures table, as published (suppressed values left empty), and
    with banners the statisticians' workbook of banner tables. Returns the files."""
    files = [write_figures_csv(prepared.figures, staging / "figures.csv", prepared.trends,
                               questionnaire),
             write_figures_xlsx(prepared.figures, staging / "figures.xlsx", prepared.trends,
                                questionnaire)]
    if report.banners:
        from .publish.tables import TABLES_NAME, write_tables

        files.append(write_tables(staging / TABLES_NAME,
                                  export_frame(prepared.figures, prepared.trends,
                                               questionnaire),
                                  questionnaire=questionnaire, report=report,
                                  survey=prepared.survey, weights=prepared.figures.weights,
                                  edition=edition.name))
    return files


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


def _metadata(report: Report) -> dict:
    return {"title": typeset(report.title), "authors": report.authors,
            "subject": typeset(report.subject) if report.subject else report.subject,
            "keywords": report.keywords, "lang": report.lang}
