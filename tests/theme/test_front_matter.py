"""The front matter of the built-in theme, as a reader gets it: a cover with the declared logos
(SVG and PNG), the title, the subtitle and the survey's dates on one line, and an image; a
summary page with computed key figures and the method in a framed box; a colophon with the
declared identity and how to cite; no build fingerprints on paper; the web home page with
the same key figures. Built once on the theme-only mini project."""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib
import pikepdf
import pypdf
import pytest
import yaml

from barorapport.commands.build import build
from barorapport.errors import ConfigError
from barorapport.formatting import fmt_date_range
from barorapport.wording import language

from ..browser import browser, serve
from ..helpers import french_pct
from .test_theme import _theme_only

SAMPLE_DATA = Path(matplotlib.get_data_path()) / "sample_data"
LOGO_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" '
            'height="40"><rect width="120" height="40" fill="#0d2f5a"/></svg>\n')
IDENTITY = {
    "logos": [{"file": "logos/observatoire.svg", "alt": "Observatoire test"},
              {"file": "logos/matplotlib.png", "alt": "Matplotlib", "height_mm": 10}],
    "cover_image": {"file": "couverture.jpg", "alt": "Grace Hopper à son bureau",
                    "credit": "James S. Davis (1978), domaine public"},
    "summary": "resume.html.j2",
    "key_figures": [{"total": "respondents"},
                    {"question": "outils", "measure": "respondents", "option": "mail"},
                    {"question": "avis", "item": "utile", "group": "agree",
                     "text": "trouvent le numérique utile"}],
    "director": "Camille Martin",
    "issn": "2108-6419",
    "licence": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "base_url": "https://example.org/enquete/",
}


def _with_identity(target: Path) -> Path:
    project = _theme_only(target, mode="Questionnaire en ligne")
    (project / "data/2024/testimonies.yaml").unlink()  # no chapter here quotes them
    path = project / "report/2024/report.yaml"
    report = yaml.safe_load(path.read_text("utf-8"))
    path.write_text(yaml.safe_dump({**report, **IDENTITY}, allow_unicode=True), "utf-8")
    assets = project / "report/assets"
    (assets / "logos").mkdir(parents=True)
    (assets / "logos/observatoire.svg").write_text(LOGO_SVG, encoding="utf-8")
    shutil.copyfile(SAMPLE_DATA / "logo2.png", assets / "logos/matplotlib.png")
    shutil.copyfile(SAMPLE_DATA / "grace_hopper.jpg", assets / "couverture.jpg")
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates/resume.html.j2").write_text(
        '<p>Les outils : {{ fig("outils", measure="respondents", option="mail") | fmt_pct }} '
        "des répondants utilisent les courriels.</p>\n", encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    project = _with_identity(tmp_path_factory.mktemp("front") / "project")
    return build(project, progress=lambda message: None)


def _pages(pdf: Path) -> list[str]:
    """Each page's text in the document's order (the key figures sit side by side: a reading
    line by line would interleave them), spaces folded."""
    return [re.sub(r"[ \u00a0\u202f]+", " ", page.extract_text())
            for page in pypdf.PdfReader(pdf).pages]


def _words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(xMin, yMin, word) of a page, as ``pdftotext -bbox`` reads it."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                          "-"], check=True, capture_output=True, text=True).stdout
    return [(float(x), float(y), html.unescape(word)) for x, y, word in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def _figures(folder: Path) -> list[dict]:
    with (folder / "figures.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_the_cover_shows_the_logos_the_title_and_the_dates_on_one_line(front):
    pdf = front.outputs["pdf"]
    cover = " ".join(_pages(pdf)[0].split())
    assert "Enquête test" in cover and "ÉDITION 2024" in cover
    assert "Questionnaire en ligne, du 1er au 31 mars 2024, 8 répondants" in cover
    # The dates are one line: every word of "du 1er au 31 mars 2024" at one height.
    # (the ordinal's "er" is set in superscript: a word of its own, a little higher).
    words = _words(pdf, 1)
    start = next(index for index, (_, _, word) in enumerate(words)
                 if word == "du" and words[index + 1][2].startswith("1"))
    end = next(index for index in range(start, len(words)) if words[index][2] == "2024,")
    dates = words[start:end + 1]
    assert "".join(word for _, _, word in dates) == "du1erau31mars2024,"
    lines = {round(y) for _, y, word in dates if word != "er"}
    assert len(lines) == 1, dates
    # The logos and the photograph are figures of page 1, each with its alternative text;
    # the PNG logo and the JPEG photograph are its two raster images (the SVG is drawn).
    with pikepdf.open(pdf) as document:
        images = list(document.pages[0].get_images())
        alts = [str(node.get("/Alt", "")) for node in _structure(document)
                if node.S == "/Figure"]
    assert len(images) == 2, images
    assert alts[:3] == ["Observatoire test", "Matplotlib", "Grace Hopper à son bureau"]


def _structure(pdf: pikepdf.Pdf) -> list:
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop(0)
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(node)
            children = node.get("/K")
            if isinstance(children, pikepdf.Array):
                stack[0:0] = list(children)
            elif isinstance(children, pikepdf.Dictionary):
                stack.insert(0, children)
    return found


def test_the_summary_page_has_the_summary_computed_key_figures_and_the_method_box(front):
    page = " ".join(_pages(front.outputs["pdf"])[1].split())
    rows = _figures(front.folder)
    mail = next(row for row in rows if row["question"] == "outils" and row["option"] == "mail"
                and row["measure"] == "respondents" and not row["banner"])
    utile = next(row for row in rows if row["question"] == "avis" and row["item"] == "utile"
                 and row["grouping"] == "agree" and not row["banner"])
    share = french_pct(mail["n"], mail["base"], 1)  # the chart's decimals (digits: 1)
    assert page.startswith("L’essentiel")
    # One number, one rounding: the summary's text prints it as its chart and key figure do.
    assert f"Les outils : {share} des répondants" in page
    assert f"Chiffres clés 8 répondants {share} des répondants ont cité « Courriels »" in page
    assert "Quels outils utilisez-vous ?" in page  # the generated text names its question
    assert f"{french_pct(utile['n'], utile['base'], 1)} trouvent le numérique utile" in page
    assert ("Méthode Questionnaire en ligne, du 1er au 31 mars 2024. 8 personnes ont répondu, "
            "dont 5 à toutes les questions" in page)
    assert "Les résultats ne sont pas pondérés." in page


def test_one_chapter_has_no_contents_and_the_colophon_follows_the_method(front):
    pages = _pages(front.outputs["pdf"])
    text = " ".join(" ".join(pages).split())
    assert "Sommaire" not in text
    colophon = " ".join(pages[1].split())
    assert "Colophon Éditeur : Équipe test Directeur de la publication : Camille Martin" \
        in colophon
    assert "ISSN : 2108-6419" in colophon and "Licence : CC BY 4.0" in colophon
    assert "Illustration de couverture : James S. Davis (1978), domaine public" in colophon
    assert ("Pour citer cette publication Équipe test (2024). Enquête test, Édition 2024. "
            "https://example.org/enquete/") in colophon
    # The build's fingerprints stay in manifest.json, out of the reader's way.
    assert not re.search(r"\b[0-9a-f]{12,}\b", text) and "barorapport" not in text


def test_the_web_home_page_shows_the_same_key_figures_method_and_colophon(front):
    web = front.folder / "web"
    home = (web / "index.html").read_text("utf-8")
    assert "<title>Enquête test – Édition 2024</title>" in home
    print_page = " ".join(_pages(front.outputs["pdf"])[1].split())
    with serve(web) as url, browser() as chromium:
        for width in (375, 1280):
            page = chromium.new_page(viewport={"width": width, "height": 900})
            page.goto(f"{url}/index.html")
            figures = page.locator(".key-figures li").all_inner_texts()
            assert len(figures) == 3
            for figure in figures:  # the numbers and words of the printed key figures
                number = figure.split("\n")[0].replace("\u00a0", " ").replace("\u202f", " ")
                assert number in print_page, number
            assert page.locator(".method-box").count() == 1
            assert "Camille Martin" in page.locator(".colophon").inner_text()
            logos = page.locator(".footer-logos img")
            assert logos.count() == 2
            assert all(logos.nth(index).evaluate("img => img.naturalWidth > 0")
                       for index in range(2))
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.close()
    assert (web / "assets/logos/matplotlib.png").is_file()


def test_a_date_range_says_the_year_and_month_once():
    with language("fr"):
        assert fmt_date_range(dt.date(2020, 11, 2), dt.date(2020, 12, 16)) == \
            "du 2\u00a0novembre au 16\u00a0décembre\u00a02020"
        assert fmt_date_range(dt.date(2024, 3, 1), dt.date(2024, 3, 31)) == \
            "du 1er au 31\u00a0mars\u00a02024"
        assert fmt_date_range(dt.date(2020, 12, 2), dt.date(2021, 1, 6)) == \
            "du 2\u00a0décembre\u00a02020 au 6\u00a0janvier\u00a02021"


def test_identity_problems_are_errors_with_their_place(tmp_path):
    project = _with_identity(tmp_path / "project")
    path = project / "report/2024/report.yaml"
    report = yaml.safe_load(path.read_text("utf-8"))
    report["logos"] = [{"file": "logos/absent.svg", "alt": "A"},
                       {"file": "couverture.jpg", "alt": "B"}]
    report["key_figures"] = [{"question": "fonction", "option": "9"}]
    path.write_text(yaml.safe_dump(report, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(ConfigError) as raised:
        build(project, progress=lambda message: None)
    lines = [re.sub(r"^.*?report\.yaml:\d+:\d+: ", "", line)
             for line in str(raised.value).splitlines()]
    assets = project / "report/assets"
    assert lines == [
        f"logos: file not found: {assets / 'logos/absent.svg'} (a path relative to the "
        "assets folder)",
        f"logos: {assets / 'couverture.jpg'} is JPEG: expected SVG or PNG",
        "key figure: option '9' not in question 'fonction' (expected one of: 1, 2)"]
    report["issn"] = "2108-6418"
    path.write_text(yaml.safe_dump(report, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(ConfigError, match=r"issn: '2108-6418' is not a valid ISSN \(The "
                                          r"number's checksum or check digit is invalid\.\)"):
        build(project, progress=lambda message: None)


def test_the_method_box_states_the_sampling_design(tmp_path):
    """Under report.yaml's design, the box says how the respondents were drawn (the methods
    note's sentence, from the catalogue); without one it says nothing of a design."""
    import types

    from barorapport.config.report import Report
    from barorapport.render import make_environment

    box = make_environment(tmp_path).get_template("partials/method-box.html.j2")
    report = Report.model_validate({"slug": "s", "title": "T", "authors": ["A"],
                                    "chapters": [{"id": "r", "title": "R",
                                                  "template": "chapters/r.html.j2"}]})
    survey = types.SimpleNamespace(fieldwork=None, mode=None, partial=False, respondents=160,
                                   sample="probability")
    design = ("stratifié selon « stype » (3 strates). Les variances, les intervalles de "
              "confiance et les tests en tiennent compte (variance par linéarisation).")
    context = {"report": report, "survey": survey, "weighting": None, "base_url": None,
               "figures_annexed": lambda: True}
    shown = " ".join(box.render(**context, estimation={
        "design": design, "design_label": "Plan de sondage"}).split())
    assert f"Les résultats ne sont pas pondérés. Plan de sondage : {design}" in shown
    plain = " ".join(box.render(**context, estimation={"design": None}).split())
    assert "Plan de sondage" not in plain and "Les résultats ne sont pas pondérés." in plain
