"""Figures float to the next page with the text flowing on: laid out by WeasyPrint through
``write_pdf``, read back page by page with pdftotext. A figure never moves past a heading, a
lead-in or the end of its chapter."""

from __future__ import annotations

import subprocess

from barorapport.publish.floats import mark_blocks
from barorapport.publish.pdf import write_pdf

STYLE = """<style>
@page { size: A4; margin: 22mm 20mm 24mm 22mm; }
figure { break-inside: avoid; margin: 5mm 0; }
.drawing { height: 120mm; background: #ccd; }
.spacer { height: 100mm; background: #eee; }
p { margin: 0 0 3mm; }
.chapter { break-before: page; }
</style>"""
TEXT = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."


def _document(after: str) -> str:
    return (f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>t</title>"
            f"{STYLE}</head><body><section class='chapter' id='c'><h1>Chapitre</h1>"
            f"<p>Avant. {TEXT}</p><div class='spacer'></div>"
            "<figure class='chart' id='figure-a'><figcaption>Figure 1. Un graphique"
            f"</figcaption><div class='drawing'></div></figure>{after}</section>"
            f"<section class='chapter' id='d'><p>Chapitre suivant. {TEXT}</p></section>"
            "</body></html>")


def _pages(html: str, tmp_path) -> list[str]:
    target = tmp_path / "floats.pdf"
    write_pdf(html, target, base=tmp_path, allowed=[], metadata={"title": "t", "lang": "fr"},
              published=None)
    text = subprocess.run(["pdftotext", str(target), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


def test_the_text_after_a_pushed_figure_fills_the_gap_it_leaves(tmp_path):
    pages = _pages(_document(f"<p>Après un. {TEXT}</p><ul><li>Après deux. {TEXT}</li></ul>"
                             f"<h2>Section suivante</h2><p>Fin. {TEXT}</p>"), tmp_path)
    assert "Après un." in pages[0] and "Après deux." in pages[0]
    assert pages[1].startswith("Figure 1. Un graphique"), pages[1][:40]
    assert "Section suivante" in pages[1]


def test_a_figure_never_floats_past_a_heading_or_a_lead_in(tmp_path):
    for after in (f"<h2>Section suivante</h2><p>Après. {TEXT}</p>",
                  f"<p class='lead-in'>Une introduction.</p><p>Après. {TEXT}</p>"):
        pages = _pages(_document(after), tmp_path)
        assert "Après." not in pages[0], after
        assert pages[1].startswith("Figure 1. Un graphique"), (after, pages[1][:40])


def test_a_figure_never_floats_past_the_end_of_its_chapter(tmp_path):
    pages = _pages(_document(""), tmp_path)
    assert pages[1].startswith("Figure 1. Un graphique")
    assert "Chapitre suivant." not in pages[0] + pages[1]


def test_blocks_are_numbered_inside_chapters_only():
    marked, blocks = mark_blocks("<body><p>x</p><section class='chapter'><h1>T</h1>"
                                 "<figure class='chart'><p>in</p></figure><p>y</p></section>"
                                 "<p>z</p></body>")
    assert [(block.tag, block.classes) for block in blocks] == [
        ("h1", ()), ("figure", ("chart",)), ("p", ())]
    assert marked.count('data-flow="') == 3 and "<p>in</p>" in marked
    assert [marked[block.start:block.end] for block in blocks][2] == '<p data-flow="2">y</p>'
