"""The Word edition (``--format docx``), read back with python-docx as Word would: headings,
styles named after the theme's classes, tables with their header rows, charts with their
alt text, testimonies as quotations, footnotes; compared with the print HTML the PDF is laid
out from."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
import tinyhtml5
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from barorapport.cli import main
from barorapport.commands.build import build
from barorapport.publish.docx import WordImage, write_docx

from ..conftest import PROJECTS

EXTRA = """
<h3>Un tableau</h3>
<p>Le courriel vient en tête<span class="footnote">Part des répondants qui ont répondu à la
question, <em>hors</em> non-réponses.</span>, devant la visio.</p>
<ol><li>premier point</li><li>second point</li></ol>
<ol><li>une autre liste</li></ol>
<ul><li>une puce avec un <a href="https://example.org/methode">lien</a></li></ul>
<table class="resume">
<caption>Résumé des outils</caption>
<thead><tr><td></td><th scope="colgroup" colspan="2">Part</th></tr>
<tr><th scope="col">Outil</th><th scope="col" class="number">%</th>
<th scope="col" class="number">n</th></tr></thead>
<tbody><tr><th scope="row">Courriel</th><td class="number">71,4 %</td>
<td class="number">5</td></tr>
<tr><th scope="row">Visio</th><td class="number">42,9 %</td>
<td class="number">3</td></tr></tbody>
</table>
<p class="notice">Un avertissement.</p>
<table class="groupes">
<tr><th scope="col">Groupe</th><th scope="col">Outil</th><th scope="col">%</th></tr>
<tr><th scope="rowgroup" rowspan="2">Jeunes</th><td>Courriel</td><td>70</td></tr>
<tr><td>Visio</td><td>40</td></tr>
<tr><th scope="rowgroup">Aînés</th><td>Courriel</td><td>60</td></tr>
</table>
<div class="cover"><p class="cover-note">Sur fond de couleur</p></div>
"""
PRINT_CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: sans-serif; }
.footnote { float: footnote; }
.hidden-in-print { display: none; }
p, li, blockquote { text-align: justify; }
blockquote.testimony { margin: 4mm 0 4mm 6mm; padding: 1mm 0 1mm 5mm;
  border-left: 1.2mm solid #c9d6e3; font-style: italic; }
blockquote.testimony p { margin: 0 0 2mm; text-align: left; }
.cover { background: #1f5c99; color: #fff; }
blockquote.testimony p:first-child::before { content: "«\\202F"; }
blockquote.testimony p:last-child::after { content: "\\202F»"; }
.notice { color: #1f5c99; font-weight: 700; }
td.number, th.number { text-align: right; }
h2 { color: #1f5c99; font-size: 14pt; }
"""


def _project(root: Path) -> Path:
    shutil.copytree(PROJECTS / "mini", root, ignore=shutil.ignore_patterns("build"))
    chapter = root / "templates" / "chapters" / "resultats.html.j2"
    chapter.write_text(chapter.read_text(encoding="utf-8") + EXTRA
                       + '<p class="hidden-in-print">Télécharger les données</p>\n',
                       encoding="utf-8")
    (root / "report" / "assets" / "print.css").write_text(PRINT_CSS, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = _project(tmp_path_factory.mktemp("docx") / "mini")
    result = build(root, formats=("pdf", "docx"), progress=lambda message: None)
    return result, docx.Document(str(result.outputs["docx"]))


def _html(result):
    return tinyhtml5.parse(result.prepared.print_html, namespace_html_elements=False)


def _text(element) -> str:
    """An element's text with HTML's white space collapsed (no-break spaces are text)."""
    return re.sub(r"[ \t\n\r\f]+", " ", "".join(element.itertext())).strip()


def test_the_output_path_is_documented(built):
    result, _ = built
    assert result.outputs["docx"] == result.folder / "enquete-2024.docx"
    assert result.outputs["docx"].is_file()


def test_every_heading_is_a_word_heading_in_order(built):
    result, document = built
    expected = [(f"Heading {element.tag[1]}", _text(element))
                for element in _html(result).iter() if element.tag in ("h1", "h2", "h3")]
    found = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs
             if paragraph.style.name.startswith("Heading")]
    assert found == expected
    assert ("Heading 3", "Un tableau") in found


def test_every_table_cell_is_in_a_word_table_with_its_header_rows_marked(built):
    result, document = built
    tables = [element for element in _html(result).iter("table")]
    assert len(document.tables) == len(tables) == 2
    word = document.tables[0]
    rows = [[_text(cell) for cell in row if cell.tag in ("td", "th")]
            for row in tables[0].iter("tr")]
    # A colspan is one merged Word cell: python-docx repeats it under each grid column.
    assert [list(dict.fromkeys(cell.text for cell in row.cells)) if index == 0
            else [cell.text for cell in row.cells] for index, row in enumerate(word.rows)] \
        == [["", "Part"], *rows[1:]]
    headers = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
               for row in word.rows]
    assert headers == [True, True, False, False]
    assert word.style.name == "resume"  # the table's class names its Word style
    assert word.rows[2].cells[1].paragraphs[0].style.name == "number"
    assert document.styles["number"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    heading = word.rows[1].cells[1].paragraphs[0]  # a number's heading, aligned as numbers
    assert heading.style.name == "Table Heading"
    assert heading.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert word.rows[2].cells[0].paragraphs[0].style.name == "Table Row Heading"
    # No column narrower than its longest word: "Courriel" is not broken.
    widths = [cell.width.mm for cell in word.rows[2].cells]
    assert widths[0] > widths[2] and min(widths) > 8
    caption = [p for p in document.paragraphs if p.text == "Résumé des outils"]
    assert caption and caption[0].style.name == "Caption"


def test_a_cell_spanning_rows_is_one_merged_word_cell(built):
    _, document = built
    word = document.tables[1]
    assert [[cell.text for cell in row.cells] for row in word.rows] == [
        ["Groupe", "Outil", "%"], ["Jeunes", "Courriel", "70"], ["Jeunes", "Visio", "40"],
        ["Aînés", "Courriel", "60"]]
    merged = [cell.get(qn("w:val")) for row in word._tbl.tr_lst
              for cell in row.tc_lst[0].iter(qn("w:vMerge"))]
    assert merged == ["restart", None]  # the second row's first cell continues the first's
    assert word.rows[1].cells[0]._tc is word.rows[2].cells[0]._tc


def test_testimonies_look_as_printed_ragged_right_with_their_rule(built):
    _, document = built
    style = document.styles["testimony"]
    # blockquote.testimony p { text-align: left } beats p { text-align: justify }; the
    # italic comes from the blockquote, the rule down the left from its border.
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert style.font.italic is True
    border = style.element.pPr.find(qn("w:pBdr")).find(qn("w:left"))
    assert (border.get(qn("w:val")), border.get(qn("w:sz")), border.get(qn("w:color")),
            border.get(qn("w:space"))) == ("single", "27", "C9D6E3", "14")
    # 6 mm of margin, 1.2 mm of rule and 5 mm of padding, in points
    assert round(style.paragraph_format.left_indent.pt, 1) == round(12.2 * 72 / 25.4, 1)
    assert document.styles["Normal"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


def test_text_on_a_painted_background_keeps_the_document_s_colour(built):
    _, document = built
    # .cover paints its background: its white text would vanish on Word's white page.
    assert document.styles["cover-note"].font.color.rgb is None


def test_charts_are_pictures_with_their_alt_text(built):
    result, document = built
    alts = [image.get("alt") for image in _html(result).iter("img")]
    assert len(alts) == 2 and all(alts)
    shapes = document.inline_shapes
    assert [shape._inline.docPr.get("descr") for shape in shapes] == alts
    with zipfile.ZipFile(result.outputs["docx"]) as archive:
        media = sorted(name for name in archive.namelist() if name.startswith("word/media/"))
        assert len(media) == 2
        for name in media:
            png = archive.read(name)
            assert png.startswith(b"\x89PNG")
            from PIL import Image

            with Image.open(io.BytesIO(png)) as picture:  # the print width at 300 dpi
                assert picture.size[0] > 1500


def test_testimonies_are_quotations_with_the_print_edition_s_guillemets(built):
    result, document = built
    quoted = [_text(p) for quote in _html(result).iter("blockquote") for p in quote]
    paragraphs = [p for p in document.paragraphs if p.style.name == "testimony"]
    assert [p.text for p in paragraphs] == [
        "«\u202fLe <b>télétravail</b> & les mails.\u202f»",
        "«\u202fPlus de télétravail [...] des réunions en visio.\u202f»"]
    assert [p.text[2:-2] for p in paragraphs] == quoted
    assert paragraphs[0].style.base_style.name == "Quote"


def test_footnotes_are_word_footnotes(built):
    result, document = built
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Le courriel"))
    assert paragraph.text == "Le courriel vient en tête, devant la visio."
    references = paragraph._p.findall(f".//{qn('w:footnoteReference')}")
    assert [reference.get(qn("w:id")) for reference in references] == ["1"]
    with zipfile.ZipFile(result.outputs["docx"]) as archive:
        notes = archive.read("word/footnotes.xml").decode("utf-8")
    assert "Part des répondants qui ont répondu à la question, " in notes
    assert "hors" in notes and "<w:footnoteRef/>" in notes


def test_numbered_lists_restart_and_links_are_links(built):
    result, document = built
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert [p.text for p in numbered] == ["premier point", "second point", "une autre liste"]
    assert ids[0] == ids[1] != ids[2]
    bullet = next(p for p in document.paragraphs if p.style.name == "List Bullet")
    assert bullet.text == "une puce avec un lien"
    links = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert links == ["https://example.org/methode"]


def test_styles_are_named_after_the_theme_s_classes_with_its_look(built):
    _, document = built
    notice = document.styles["notice"]
    assert notice.font.bold and str(notice.font.color.rgb) == "1F5C99"
    assert str(document.styles["Heading 2"].font.color.rgb) == "1F5C99"
    assert document.styles["Heading 2"].font.size.pt == 14
    assert next(p for p in document.paragraphs if p.text == "Un avertissement.").style.name \
        == "notice"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 20


def test_what_print_hides_is_left_out(built):
    _, document = built
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Télécharger" not in text
    assert document.core_properties.title == "Enquête test"
    assert document.core_properties.language == "fr"


def test_a_reference_docx_restyles_every_build(tmp_path):
    root = _project(tmp_path / "mini")
    reference = docx.Document()
    style = reference.styles.add_style("testimony", 1)
    style.font.name = "Georgia"
    reference.add_paragraph("texte du modèle, laissé de côté")
    reference.save(str(root / "report" / "assets" / "reference.docx"))
    result = build(root, formats=("docx",), progress=lambda message: None)
    document = docx.Document(str(result.outputs["docx"]))
    assert document.styles["testimony"].font.name == "Georgia"
    assert "texte du modèle" not in "\n".join(p.text for p in document.paragraphs)
    assert [p.style.name for p in document.paragraphs].count("testimony") == 2


def test_same_inputs_same_bytes(tmp_path):
    html = ("<html><body><h1>Titre</h1><p>Texte<span class='footnote'>note</span></p>"
            "<table><tr><th>a</th></tr><tr><td>1</td></tr></table></body></html>")
    paths = [tmp_path / "a.docx", tmp_path / "b.docx"]
    for path in paths:
        write_docx(path, html, print_css=".footnote { float: footnote }",
                   image=lambda source: None, reference=None, metadata={"title": "T"},
                   published=None, where=path.name)
    assert paths[0].read_bytes() == paths[1].read_bytes()


@pytest.mark.warnings
def test_an_element_with_no_word_form_is_a_warning(tmp_path, caplog):
    html = ("<html><body><p>avant</p><form><input name=x></form>"
            "<p><img src='logo.svg' alt='logo'></p></body></html>")
    write_docx(tmp_path / "x.docx", html, print_css="", image=lambda source: None,
               reference=None, metadata={}, published=None, where="x.docx")
    assert [record.getMessage() for record in caplog.records] == [
        "x.docx: image logo.svg has no PNG or JPEG form: left out of the Word edition",
        "x.docx: <form> has no Word form: left out of the Word edition"]


def test_the_cli_builds_the_word_edition(tmp_path, capsys):
    root = tmp_path / "mini"
    shutil.copytree(PROJECTS / "mini", root, ignore=shutil.ignore_patterns("build"))
    assert main(["--project", str(root), "build", "--format", "docx"]) == 0
    assert (root / "build" / "2024" / "enquete-2024.docx").is_file()
    assert not (root / "build" / "2024" / "enquete-2024.pdf").exists()


def test_a_picture_s_print_image_is_the_word_picture(tmp_path):
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (600, 300), "white").save(png, format="PNG")
    sources = []

    def image(source):
        sources.append(source)
        return WordImage(png.getvalue(), 50.0)

    html = ("<html><body><figure class='chart'><figcaption>Figure 1</figcaption>"
            "<picture><source media='(max-width: 45.99em)' srcset='charts/a-phone.svg'>"
            "<img src='charts/a.svg' alt='Le courriel en tête'></picture></figure>"
            "</body></html>")
    write_docx(tmp_path / "x.docx", html, print_css="", image=image, reference=None,
               metadata={}, published=None, where="x.docx")
    document = docx.Document(str(tmp_path / "x.docx"))
    assert sources == ["charts/a.svg"]  # the phone's drawing is the web edition's
    assert [shape._inline.docPr.get("descr") for shape in document.inline_shapes] == [
        "Le courriel en tête"]
