"""WeasyPrint draws the charts' SVG text with the font embedded in the SVG.

The test font is Lato renamed to a family no system has, so that the PDF can only name it
if WeasyPrint read the SVG's own ``@font-face``.
"""

from __future__ import annotations

import subprocess

from fontTools.ttLib import TTFont

from barorapport.charts import ChartStyle, draw_chart
from barorapport.config.report import FigureSpec
from barorapport.publish import write_pdf

from .conftest import FONTS, PALETTE

FAMILY = "BaroTestSans"


def _renamed_lato(target):
    font = TTFont(FONTS / "Lato-Regular.ttf", recalcTimestamp=False)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = f"{FAMILY}-Regular"
    font.save(target)
    return target


def _pdf_fonts(html: str, folder) -> str:
    pdf = folder / "chart.pdf"
    write_pdf(html, pdf, base=folder, allowed=[folder], metadata={}, published=None)
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                          check=True).stdout


def test_weasyprint_renders_svg_text_with_the_embedded_font(tmp_path, figures,
                                                            questionnaire):
    style = ChartStyle(palette=PALETTE, font_family=FAMILY,
                       font_files=(_renamed_lato(tmp_path / "renamed.ttf"),))
    spec = FigureSpec(id="outils", question="outils", measure="respondents", title="Outils")
    (tmp_path / "outils.svg").write_bytes(draw_chart(spec, figures, questionnaire, style).svg)
    html = '<html lang="fr"><body><img src="outils.svg" alt="x"></body></html>'
    assert f"+{FAMILY}" in _pdf_fonts(html, tmp_path)


def test_without_embedding_weasyprint_falls_back(tmp_path, figures, questionnaire):
    # The control: the same chart, its font only registered with matplotlib.
    style = ChartStyle(palette=PALETTE, font_family=FAMILY,
                       font_files=(_renamed_lato(tmp_path / "renamed.ttf"),))
    spec = FigureSpec(id="outils", question="outils", measure="respondents", title="Outils")
    svg = draw_chart(spec, figures, questionnaire, style).svg.decode("utf-8")
    start = svg.index('<style type="text/css">@font-face')
    svg = svg[:start] + svg[svg.index("</style>", start) + len("</style>"):]
    (tmp_path / "outils.svg").write_text(svg, encoding="utf-8")
    html = '<html lang="fr"><body><img src="outils.svg" alt="x"></body></html>'
    fonts = _pdf_fonts(html, tmp_path)
    assert FAMILY not in fonts and "Type" in fonts


def test_two_charts_in_one_pdf_each_keep_their_own_glyphs(tmp_path, figures, questionnaire,
                                                          style):
    # Each chart embeds a subset holding only its own characters. Under one family name,
    # WeasyPrint drew the second chart with the first one's subset: "Le numérique" came out
    # as "Œ nuh érique" and "80,0 %" as "60,0 %".
    specs = [FigureSpec(id="fonctions", question="fonction", measure="respondents",
                        title="Fonction"),
             FigureSpec(id="outils", question="outils", measure="respondents",
                        title="Outils")]
    images = []
    for spec in specs:
        (tmp_path / f"{spec.id}.svg").write_bytes(
            draw_chart(spec, figures, questionnaire, style).svg)
        images.append(f'<img src="{spec.id}.svg" alt="x">')
    html = f'<html lang="fr"><body>{"".join(images)}</body></html>'
    pdf = tmp_path / "charts.pdf"
    write_pdf(html, pdf, base=tmp_path, allowed=[tmp_path], metadata={}, published=None)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for label in ("Professionnel de terrain", "Cadre", "Courriels", "Visioconférence", "SMS"):
        assert label in text
