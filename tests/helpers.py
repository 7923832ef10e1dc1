"""Helpers for tests: read PDFs back, compute expectations independently of barorapport."""

from __future__ import annotations

import re
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler's pdftotext reads it, spaces folded."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return re.sub(r"[ \u00a0\u202f]+", " ", text)


def french_pct(numerator: float, denominator: float, digits: int) -> str:
    """``numerator/denominator`` as a French percentage, rounded half up, spaces folded."""
    value = Decimal(repr(float(numerator) / float(denominator) * 100)).quantize(
        Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{value}".replace(".", ",") + " %"


def fold_spaces(text: str) -> str:
    return re.sub(r"[ \u00a0\u202f]+", " ", text)


def quote_new_answer(project: Path, testimony_id: str, answer: str) -> None:
    """Give respondent A03 of the mini project ``answer`` to the open question, and show it
    as testimony ``testimony_id`` at the end of the results chapter."""
    responses = project / "data/2024/responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8").replace(
        "Rien de particulier.", '"' + answer.replace('"', '""') + '"'), encoding="utf-8")
    with (project / "data/2024/testimonies.yaml").open("a", encoding="utf-8") as file:
        file.write(f"- id: {testimony_id}\n  respondent: A03\n  question: evolution\n"
                   f"  chapter: resultats\n  text: '{answer}'\n")
    template = project / "templates/chapters/resultats.html.j2"
    template.write_text(template.read_text(encoding="utf-8")
                        + f'{{{{ testimony("{testimony_id}") }}}}\n', encoding="utf-8")


def cells(column) -> list:
    """A column of ``Survey.answers`` as a list, an empty answer as None (choices are
    categoricals, whose empty cells pandas gives as NaN)."""
    return [None if value != value or value is None else value for value in column]


def pdf_words(path: Path) -> list[list[dict]]:
    """Per page of the PDF, each word poppler reads with its box (points from the top left):
    ``{"text", "x0", "y0", "x1", "y1", "size"}``; a word's height is its font size."""
    import html as html_module

    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = []
    for page in re.findall(r"<page\b.*?</page>", out, re.S):
        words = []
        for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"(.*?)</word>", page):
            words.append({"text": html_module.unescape(text), "x0": float(x0),
                          "y0": float(y0), "x1": float(x1), "y1": float(y1),
                          "size": round(float(y1) - float(y0), 2)})
        pages.append(words)
    return pages


SVG_FONT = re.compile(r"font-size: ([\d.]+)px")
SVG_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) [\d.]+"')


def svg_smallest_text(svg: str) -> tuple[float, float]:
    """(the smallest text size, the width of the drawing), both in the SVG's user units."""
    sizes = [float(size) for size in SVG_FONT.findall(svg)]
    return min(sizes, default=float("inf")), float(SVG_VIEWBOX.search(svg).group(1))


_TOKEN = re.compile(r"[\w@.+:/-]+")


def shown_values(texts: dict[str, str], values) -> list[tuple[str, str]]:
    """(file, value) of each value found as a whole word (or words) in a text of
    ``texts``."""
    values = {str(value).strip() for value in values} - {""}
    found = []
    for name, text in texts.items():
        words = {word.strip(".:-+/") for word in _TOKEN.findall(text)}
        words |= set(_TOKEN.findall(text))
        for value in values:
            if " " in value or "," in value:
                hit = value in text and re.search(
                    rf"(?<![\w@.-]){re.escape(value)}(?![\w@-])", text)
            else:
                hit = value in words or value.strip("+-") in words
            if hit:
                found.append((name, value))
    return found
