"""The print edition's safety and reproducibility, on the tiny scenario project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from barorapport.commands.build import build
from barorapport.errors import TemplateError

from ..helpers import pdf_text, quote_new_answer


def _quiet(message: str) -> None:
    pass


def _no_attachments(pdf_path: Path) -> None:
    with pikepdf.open(pdf_path) as pdf:
        names = pdf.Root.get("/Names")
        assert names is None or "/EmbeddedFiles" not in names
        assert pdf.attachments == {}
        for page in pdf.pages:
            for annotation in page.get("/Annots") or []:
                assert annotation.get("/Subtype") != "/FileAttachment"


def test_a_testimony_holding_markup_is_printed_as_text(mini):
    answer = '<link rel="attachment" href="file:///etc/passwd"> <i>voir</i>'
    quote_new_answer(mini, "balise", answer)
    result = build(mini, formats=("pdf",), progress=_quiet)
    assert '<link rel="attachment" href="file:///etc/passwd">' in pdf_text(result.outputs["pdf"])
    _no_attachments(result.outputs["pdf"])


def test_templates_cannot_attach_or_read_files_outside_the_project(mini, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the PDF", encoding="utf-8")
    template = mini / "templates/chapters/introduction.html.j2"
    template.write_text(
        f'<link rel="attachment" href="{secret.as_uri()}">\n'
        f'<img src="{secret.as_uri()}" alt="x">\n<p>Introduction.</p>\n', encoding="utf-8")
    result = build(mini, formats=("pdf",), progress=_quiet)
    _no_attachments(result.outputs["pdf"])
    assert "not for the PDF" not in pdf_text(result.outputs["pdf"])


@pytest.mark.parametrize(("source", "message"), [
    ("<p>{% if %}</p>\n", "templates/chapters/resultats.html.j2:1: Expected an expression, "
                          "got 'end of statement block'"),
    ("<p>ok</p>\n<p>{{ 3 | fmt_pourcent }}</p>\n",
     "templates/chapters/resultats.html.j2:2: No filter named 'fmt_pourcent'."),
    ("<p>ok</p>\n\n<p>{{ fig('outils', option='fax') }}</p>\n",
     "templates/chapters/resultats.html.j2:3: no figure of question 'outils' with "
     "option='fax'"),
])
def test_template_errors_name_the_file_and_line(mini, source, message):
    (mini / "templates/chapters/resultats.html.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        build(mini, formats=("pdf",), progress=_quiet)
    assert str(caught.value).endswith(message)


def test_two_builds_in_separate_processes_give_identical_pdfs(mini, tmp_path):
    pdfs = []
    for run in ("one", "two"):
        out = tmp_path / run
        subprocess.run([sys.executable, "-m", "barorapport.cli", "--project", str(mini),
                        "build", "--format", "pdf", "--out", str(out)], check=True,
                       capture_output=True)
        pdfs.append((out / "2024/enquete-2024.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]


def _link_targets(pdf_path: Path) -> list[str]:
    with pikepdf.open(pdf_path) as pdf:
        return [str(annotation.A.URI) for page in pdf.pages
                for annotation in page.get("/Annots") or []
                if annotation.get("/Subtype") == "/Link" and "/A" in annotation
                and "/URI" in annotation.A]


def test_a_relative_link_leaves_no_path_of_the_build_in_the_pdf(mini, tmp_path):
    """Relative to the staging folder, it would print this machine's path and change the
    bytes at every build; a web address stays a link."""
    template = mini / "templates/chapters/introduction.html.j2"
    template.write_text('<p>Les <a href="data/figures.csv">chiffres</a> et le '
                        '<a href="https://example.org/enquete">site</a>.</p>\n',
                        encoding="utf-8")
    pdfs = []
    for run in ("one", "two"):
        out = tmp_path / run
        subprocess.run([sys.executable, "-m", "barorapport.cli", "--project", str(mini),
                        "build", "--out", str(out)], check=True, capture_output=True)
        pdfs.append(out / "2024/enquete-2024.pdf")
    assert _link_targets(pdfs[0]) == ["https://example.org/enquete"]
    assert "Les chiffres et le site." in pdf_text(pdfs[0])
    assert pdfs[0].read_bytes() == pdfs[1].read_bytes()
