"""Publishing an edition: what the stages prepared in, the outputs in a staging folder out.

Input: the edition, its report, the resolved options and the ``Prepared`` stages. Output:
the data annex, the charts, then the engine's formats (the print edition laid out aside
while the web edition is written, the Word edition, or Quarto's), in the staging folder.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from pathlib import Path

from ..config.options import BuildOptions
from ..config.project import Edition
from ..config.report import Report
from ..engine.aside import Aside
from ..engine.buildcache import ContentCache
from ..pipeline.values import Prepared
from ..render.typography import typeset
from ..stats.export import export_frame, write_figures_csv, write_figures_xlsx
from ..theme import merge_assets
from . import write_pdf, write_web
from .card import CARD_NAME, card_font, write_card
from .data import write_chart_data
from .pdf import pdf_aside
from .quarto import publish_quarto
from .webfonts import subsets_aside

ASSETS_STAGING = ".assets"
"""The staging subfolder of the merged assets (theme, then project), removed before install;
the print layout links its stylesheet relative to the staging folder, so that the laid-out
PDF's cache key does not hold the staging folder's random name."""


def pdf_name(report: Report, edition: Edition, segment: dict | None = None) -> str:
    """``<slug>-<edition>.pdf``; a segment's ``<slug>-<edition>-<segment>.pdf``."""
    return f"{report.slug}-{edition.name}{'-' + segment['slug'] if segment else ''}.pdf"


def publish_edition(edition: Edition, report: Report, options: BuildOptions, prepared: Prepared,
            staging: Path, target: Path, cache_root: Path, quarto,
            progress: Callable[[str], None], screen_charts: dict | None = None,
            layout: Aside | None = None, drawn_from: dict | None = None,
            segment: dict | None = None) -> tuple[dict[str, Path], int, dict[str, str]]:
    """The outputs in ``staging``: data annex, charts, then the engine's formats. Returns
    them by kind (as paths under ``target``), the number of PDFs laid out and the texts laid
    out outside staging (the print HTML), for the privacy gate's last look. ``layout``, a
    ``pdf_child``, lays the PDF out while the web edition is written; without one, or with
    only one format, this process lays it out. ``segment``: a segment's edition (its
    files' names and caches are its own)."""
    # Work started aside ends with the publishing.
    with contextlib.ExitStack() as stack:
        return _publish(edition, report, options, prepared, staging, target, cache_root,
                        quarto, progress, screen_charts, layout, stack, drawn_from or {},
                        segment)


def _publish(edition: Edition, report: Report, options: BuildOptions, prepared: Prepared,
             staging: Path, target: Path, cache_root: Path, quarto,
             progress: Callable[[str], None], screen_charts: dict | None,
             layout: Aside | None, stack: contextlib.ExitStack, drawn_from: dict,
             segment: dict | None = None) -> tuple[dict[str, Path], int, dict[str, str]]:
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
    name = pdf_name(report, edition, segment)
    cached = edition.name if segment is None else f"{edition.name}/{segment['slug']}"
    fonts = ContentCache(cache_root / "webfonts" / cached)
    pdf = {"base": staging, "allowed": [assets], "metadata": _metadata(report),
           "published": report.published, "variant": options.pdf_variant,
           "cache": ContentCache(cache_root / "pdf" / cached),
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
        word = name.removesuffix(".pdf") + ".docx"
        write_word(staging / word, report, prepared, staging, assets, drawn_from,
                   ContentCache(cache_root / "docx" / cached))
        documents[word] = prepared.print_html  # the privacy gate reads what it holds
        outputs["docx"] = target / word
    shutil.rmtree(assets)
    return outputs, laid_out, documents


def write_word(path: Path, report: Report, prepared: Prepared, staging: Path, assets: Path,
               drawn_from: dict, cache: ContentCache) -> Path:
    """The Word edition of the print HTML: the charts as PNG, the assets' print stylesheet
    and ``reference.docx`` (when the theme or the project has one)."""
    from .docx import REFERENCE_DOCX, write_docx
    from .docx_images import chart_pictures, picture_source

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
        from .tables import TABLES_NAME, write_tables

        files.append(write_tables(staging / TABLES_NAME,
                                  export_frame(prepared.figures, prepared.trends,
                                               questionnaire),
                                  questionnaire=questionnaire, report=report,
                                  survey=prepared.survey, weights=prepared.figures.weights,
                                  edition=edition.name))
    return files


def _metadata(report: Report) -> dict:
    return {"title": typeset(report.title), "authors": report.authors,
            "subject": typeset(report.subject) if report.subject else report.subject,
            "keywords": report.keywords, "lang": report.lang}
