"""The built-in theme: a project with no templates/ and no report/assets/ publishes a styled
PDF and web edition; a project's file overrides the theme's at the same path."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from barorapport.commands.build import build
from barorapport.formatting import fmt_date_range
from barorapport.theme import ASSETS_DIR, TEMPLATES_DIR, asset_files

from ..browser import browser, serve
from ..helpers import pdf_text

PROJECTS = Path(__file__).parent.parent / "projects"


def _theme_only(target: Path, *, unset: tuple[str, ...] = (), mode: str | None = None) -> Path:
    """The mini project's data and report.yaml, without its templates and assets: its
    chapters are the theme's generic one."""
    shutil.copytree(PROJECTS / "mini" / "data", target / "data")
    report = yaml.safe_load((PROJECTS / "mini/report/2024/report.yaml").read_text("utf-8"))
    report.pop("assets")
    for key in unset:
        report.pop(key)
    report["chapters"] = [{"id": "resultats", "title": "Résultats",
                           "template": "chapters/figures.html.j2"}]
    (target / "report/2024").mkdir(parents=True)
    (target / "report/2024/report.yaml").write_text(yaml.safe_dump(report, allow_unicode=True),
                                                    encoding="utf-8")
    questionnaire = target / "data/2024/questionnaire.yaml"
    data = yaml.safe_load(questionnaire.read_text("utf-8"))
    if mode is None:
        data["survey"].pop("mode")
    else:
        data["survey"]["mode"] = mode
    questionnaire.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                             encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def theme_only(tmp_path_factory) -> Path:
    project = _theme_only(tmp_path_factory.mktemp("theme") / "project",
                          mode="Entretiens téléphoniques")
    build(project, progress=lambda message: None)
    return project / "build/2024"


def _fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                          text=True).stdout


def test_the_theme_holds_the_layouts_partials_stylesheets_and_fonts():
    names = {path.relative_to(TEMPLATES_DIR).as_posix() for path in TEMPLATES_DIR.rglob("*.j2")}
    assert {"print.html.j2", "web.html.j2", "web-index.html.j2", "partials/figure.html.j2",
            "partials/data-table.html.j2", "partials/testimony.html.j2",
            "partials/evolutions.html.j2", "chapters/figures.html.j2"} <= names
    assets = set(asset_files(None))
    assert {"print.css", "web.css", "fonts/Lato-Regular.ttf", "fonts/OFL.txt",
            "fonts/OFL-NotoEmoji.txt"} <= assets


def test_a_project_without_templates_or_assets_gets_a_styled_pdf(theme_only):
    pdf = theme_only / "enquete-2024.pdf"
    fonts = _fonts(pdf)
    # Lato, the theme's font, is embedded (not the system's sans-serif fallback).
    lato = [line for line in fonts.splitlines() if "Lato" in line]
    assert lato and all(" yes " in line for line in lato), fonts
    text = pdf_text(pdf)
    assert "Enquête test" in text and "Résultats" in text and "Outils utilisés" in text
    cover = " ".join(re.sub(r"[\u2010-]\n", "", text).split())
    dates = " ".join(fmt_date_range(dt.date(2024, 3, 1), dt.date(2024, 3, 31)).split())
    assert f"Entretiens téléphoniques, {dates}, 8 répondants" in cover
    assert "Enquête en ligne" not in text and "None" not in text


def test_a_project_without_templates_or_assets_gets_a_styled_web_edition(theme_only):
    web = theme_only / "web"
    assert ".site-header" in (web / "assets/web.css").read_text("utf-8")
    assert list((web / "assets/fonts").glob("Lato-Regular.*"))
    with serve(web) as root, browser() as chromium:
        for width in (375, 1280):
            page = chromium.new_page(viewport={"width": width, "height": 900})
            page.goto(root + "/resultats.html", wait_until="networkidle")
            header = page.evaluate("getComputedStyle(document.querySelector('.site-header'))"
                                   ".backgroundColor")
            assert header == "rgb(31, 92, 153)", header
            assert page.evaluate("document.fonts.check('16px Lato')")
            loaded = page.evaluate("[...document.fonts].filter(f => f.status == 'loaded')"
                                   ".map(f => f.family)")
            assert any("Lato" in family for family in loaded), loaded
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert page.locator("figure.chart img").count() == 2
            # Headings read as levels: each plainly larger than the next, h3 above the text.
            sizes = page.evaluate("""['h1', 'h2', 'h3', 'p'].map(tag => {
                const made = document.createElement(tag);
                made.textContent = 'x';
                document.querySelector('main').append(made);
                return parseFloat(getComputedStyle(made).fontSize); })""")
            assert sizes[0] >= 1.2 * sizes[1] and sizes[1] >= 1.1 * sizes[2] > sizes[3], sizes
            page.close()


@pytest.mark.warnings
def test_unset_keys_print_nothing(tmp_path):
    project = _theme_only(tmp_path / "project", unset=("subtitle", "authors", "subject",
                                                       "keywords", "source"))
    result = build(project, progress=lambda message: None)
    text = pdf_text(result.outputs["pdf"])
    assert "None" not in text
    pages = {path.name: path.read_text("utf-8") for path in (result.folder / "web").glob("*.html")}
    for name, html in pages.items():
        assert "None" not in html, name
        assert "<p></p>" not in html, name
    # Without a mode, the cover says the dates and the respondents only.
    assert "du 1" in text and "répondants" in text


@pytest.mark.warnings
def test_a_project_file_overrides_the_theme_file_by_file(tmp_path):
    project = _theme_only(tmp_path / "project")
    (project / "report/assets").mkdir()
    css = (ASSETS_DIR / "print.css").read_text("utf-8") + "\n.cover { background: #7a1f1f; }\n"
    (project / "report/assets/print.css").write_text(css, encoding="utf-8")
    (project / "templates/partials").mkdir(parents=True)
    figure = (TEMPLATES_DIR / "partials/figure.html.j2").read_text("utf-8")
    (project / "templates/partials/figure.html.j2").write_text(
        figure.replace('<figure class="chart{%', '<figure class="chart house{%'), encoding="utf-8")
    result = build(project, progress=lambda message: None)
    web = result.folder / "web"
    # The project's print.css is published; the fonts it does not bring come from the theme.
    assert ".cover { background: #7a1f1f; }" in (web / "assets/print.css").read_text("utf-8")
    assert list((web / "assets/fonts").glob("Lato-Bold.*"))
    assert 'class="chart house"' in (web / "resultats.html").read_text("utf-8")
    assert "Lato" in _fonts(result.outputs["pdf"])
    # The merged assets are not an output of their own.
    assert not (result.folder / ".assets").exists()
