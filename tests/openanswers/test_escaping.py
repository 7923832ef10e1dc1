"""Quotations are text in both editions: markup and scripts in an answer are shown, not run."""

from __future__ import annotations

import shutil

import pytest

from barorapport.commands.build import build

from ..conftest import PROJECTS
from ..helpers import pdf_text, quote_new_answer

SCRIPT = "Rien <script>alert(\"x\")</script> & <i>rien</i>."
# Quotation marks inside a quotation are set as the nested marks “ ” (French typography).
SHOWN = SCRIPT.replace('"x"', "\u201cx\u201d")


@pytest.fixture(scope="module")
def built_with_script(tmp_path_factory):
    project = tmp_path_factory.mktemp("escaping") / "mini"
    shutil.copytree(PROJECTS / "mini", project, ignore=shutil.ignore_patterns("build"))
    quote_new_answer(project, "script", SCRIPT)
    build(project, progress=lambda message: None)
    return project


def test_web_edition_escapes_the_quotation(built_with_script):
    page = (built_with_script / "build/2024/web/resultats.html").read_text(encoding="utf-8")
    assert ("Rien &lt;script&gt;alert(\u201cx\u201d)&lt;/script&gt; &amp; &lt;i&gt;rien&lt;/i&gt;."
            in page)
    assert "<script>" not in page and "<i>rien</i>" not in page


def test_pdf_prints_the_markup_as_text(built_with_script):
    text = pdf_text(built_with_script / "build/2024/enquete-2024.pdf")
    assert SHOWN in text
    assert "Le <b>télétravail</b> & les mails." in text


def test_no_respondent_id_in_either_edition(built_with_script):
    web = built_with_script / "build/2024/web"
    published = pdf_text(built_with_script / "build/2024/enquete-2024.pdf") + "".join(
        page.read_text(encoding="utf-8") for page in web.glob("*.html"))
    for respondent in ("A01", "A02", "A03"):
        assert respondent not in published
