"""The 2020 print edition, read back with poppler, pypdf and pikepdf."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdf
import pytest
import yaml

from barorapport.commands.build import build
from barorapport.config.project import find_edition, load_report
from barorapport.formatting import fmt_number
from barorapport.openanswers import load_testimonies
from barorapport.render.typography import typeset

from ..helpers import pdf_text

REPO = Path(__file__).parent.parent.parent
REFERENCE = yaml.safe_load((REPO / "tests/reference/figures-2020.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def pdf_2020(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    result = build(REPO, "2020", formats=("pdf",), out=out, progress=lambda message: None)
    return result.outputs["pdf"]


def _squeezed(text: str) -> str:
    """Text without spaces, hyphens or line breaks: hyphenation and justification vanish;
    typographic apostrophes read as typed (typography is tested in test_readers_2020)."""
    return re.sub(r"[\s\u00ad\-‐]+", "", text).replace("’", "'").replace("‘", "'")


def _french(value) -> str:
    text = str(value)
    digits = len(text.split(".")[1]) if "." in text else 0
    return fmt_number(value, digits)


def test_every_chapter_title_is_printed(pdf_2020):
    text = _squeezed(pdf_text(pdf_2020))
    report = load_report(find_edition(REPO, "2020"))
    for chapter in report.chapters:
        assert _squeezed(chapter.title) in text, chapter.title


def test_every_published_figure_is_printed_in_french_format(pdf_2020):
    text = pdf_text(pdf_2020)
    expected = [f"{_french(value)} %" for value in
                REFERENCE["activities_with_people"]["share_of_mentions_pct"].values()]
    expected += [f"{_french(value)} %" for value in REFERENCE["skills_acquired"]["share_pct"]
                 .values()]
    privacy = REFERENCE["opinions_for_people"]["items"][
        "La protection de la vie privée est un enjeu essentiel des usages numériques"]
    expected += [f"{privacy['agree_pct']} %", f"{privacy['disagree_pct']} %"]
    survey = REFERENCE["survey"]
    expected += [fmt_number(survey[key]) for key in ("respondents", "complete", "partial")]
    expected += [fmt_number(REFERENCE["training_wishes"]["total_mentions"]),
                 fmt_number(REFERENCE["open_question_evolution"]["theme_teletravail_respondents"])]
    folded = re.sub(r"[ \u00a0\u202f]+", " ", text)
    for figure in expected:
        assert re.sub(r"[ \u00a0\u202f]+", " ", figure) in folded, figure
    assert "2 novembre 2020" in folded and "16 décembre 2020" in folded


def _body_text(pdf: Path) -> str:
    """The text of the pages without their running head and page number, so that a quotation
    that runs over a page break reads as one."""
    titles = {typeset(chapter.title)
              for chapter in load_report(find_edition(REPO, "2020")).chapters}
    bodies = []
    for page in pdf_text(pdf).split("\f"):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines and lines[0] in titles:
            lines = lines[1:]
        if lines and lines[-1].isdigit():
            lines = lines[:-1]
        bodies.append("\n".join(lines))
    return "\n".join(bodies)


def test_every_testimony_is_printed(pdf_2020):
    def plain(text: str) -> str:
        # Quotation marks aside: those inside a quotation print as “ ” (typography).
        return re.sub(r"[«»“”'\"]", "", _squeezed(text))

    text = plain(_body_text(pdf_2020))
    for testimony in load_testimonies(REPO / "data/2020/testimonies.yaml"):
        for fragment in re.split(r"\[(?:\.\.\.|…)\]", testimony.text):
            assert plain(fragment) in text, testimony.id


def test_table_of_contents_page_numbers_match_chapter_starts(pdf_2020):
    reader = pypdf.PdfReader(pdf_2020)
    report = load_report(find_edition(REPO, "2020"))
    starts = {item.title: reader.get_destination_page_number(item) + 1
              for item in reader.outline if not isinstance(item, list)}
    toc = next(page for page in pdf_text(pdf_2020).split("\f")
               if page.strip().startswith("Sommaire"))
    for chapter in report.chapters:
        title = typeset(chapter.title)
        assert title in starts, chapter.title
        line = next(line for line in toc.splitlines() if line.strip().startswith(title))
        printed = int(re.search(r"(\d+)\s*$", line).group(1))
        assert printed == starts[title], chapter.title
        page_text = reader.pages[printed - 1].extract_text()
        assert _squeezed(chapter.title) in _squeezed(page_text)


def _structure(pdf: pikepdf.Pdf):
    """Every structure element of the tagged PDF."""
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(node)
            children = node.get("/K")
            if isinstance(children, pikepdf.Array):
                stack.extend(children)
            elif isinstance(children, pikepdf.Dictionary):
                stack.append(children)
    return found


def test_tagged_accessible_pdf(pdf_2020):
    with pikepdf.open(pdf_2020) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "fr"
        assert bool(pdf.Root.MarkInfo.Marked)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        figures = [node for node in _structure(pdf) if node.S == "/Figure"]
        report = load_report(find_edition(REPO, "2020"))
        # The charts and the cover's logos (its image is decorative: a background, no Figure).
        assert len(figures) == len(report.figures) + len(report.logos)
        for figure in figures:
            assert str(figure.get("/Alt", "")).strip(), "a Figure has no /Alt"
        assert any(str(figure.Alt).startswith("Barres horizontales") for figure in figures)
        metadata = pdf.open_metadata()
        assert metadata["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"


def test_every_font_is_embedded(pdf_2020):
    with pikepdf.open(pdf_2020) as pdf:
        fonts = {}
        for page in pdf.pages:
            for font in (page.Resources.get("/Font") or {}).values():
                descriptor = font.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in font:
                    descriptor = font.DescendantFonts[0].FontDescriptor
                embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2",
                                                             "/FontFile3"))
                fonts[str(font.BaseFont)] = embedded
    assert fonts and all(fonts.values()), fonts
    assert all("Lato" in name or "Emoji" in name for name in fonts), fonts


def test_metadata_comes_from_the_edition(pdf_2020):
    report = load_report(find_edition(REPO, "2020"))
    info = pypdf.PdfReader(pdf_2020).metadata
    assert info.title == typeset(report.title)
    assert info.author == ", ".join(report.authors)
    assert info.subject == typeset(report.subject)
    assert info["/Keywords"] == ", ".join(report.keywords)
    assert info["/CreationDate"].startswith("D:" + report.published.strftime("%Y%m%d"))


def test_a_reference_figure_prints_at_one_precision_in_its_chart_and_its_text(pdf_2020):
    """One number, one rounding: a chart's declared decimals are those the text prints it
    with (the reference's precision), in the chart as in the text; the one exception, Q10's
    64 % beside 18,6 % and 12,3 %, is declared in report.yaml."""
    def folded(text: str) -> str:
        return re.sub(r"[ \u00a0\u202f]+", " ", text)

    digits = {spec.id: spec.digits for spec in load_report(find_edition(REPO, "2020")).figures}
    text = folded(pdf_text(pdf_2020))
    charts = pdf_2020.parent / "charts"
    mentions = REFERENCE["activities_with_people"]["share_of_mentions_pct"]
    assert digits["activites"] == 2
    svg = folded((charts / "activites.svg").read_text("utf-8"))
    for value in mentions.values():  # 13.10 in the reference: two decimals, as published
        shown = f"{fmt_number(value, 2)} %"
        assert shown in svg and shown in text, value
    # The opinions are published whole (93 %, "plus de 80 %"): so are their charts.
    assert digits["opinions-usagers"] == digits["opinions-pratique"] == 0
    skills = REFERENCE["skills_acquired"]["share_pct"]
    assert digits["competences"] == 1
    svg = folded((charts / "competences.svg").read_text("utf-8"))
    for label in ("Formation continue", "Formation initiale"):
        assert f"{_french(skills[label])} %" in svg and f"{_french(skills[label])} %" in text
    assert "64 % des répondants" in text and "64,0 %" in svg
    report = (REPO / "report/2020/report.yaml").read_text("utf-8")
    assert "The one\n# exception is Q10's \"64 %\"" in report
