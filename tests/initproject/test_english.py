"""An English survey published in English: ``init`` reads the language from the survey's
texts, and the build of an English SurveyMonkey export (statsmodels' anes96) prints no
French sentence, English typography and English numbers, in the PDF and the web edition;
init's placeholders are check warnings until replaced."""

from __future__ import annotations

import html
import re

import pytest
import yaml

from barorapport.cli import main
from barorapport.wording import builtin

from ..helpers import pdf_text

pytestmark = pytest.mark.warnings  # the party and education ladders: review_order


def _french_fragments() -> set[str]:
    """The fixed parts of every message whose French differs from its English (8 characters
    or more, spaces folded)."""
    french, english = builtin("fr"), builtin("en")
    fragments = set()
    for code, text in french.items():
        if text == english[code]:
            continue
        for part in re.split(r"\{[^}]*\}", text):
            part = " ".join(part.strip(" ,.;:()«»\u00a0\u202f").split())
            if len(part) >= 8:
                fragments.add(part)
    return fragments


def _published(root) -> dict[str, str]:
    """The text a reader gets of each page, chart, data file and of the PDF."""
    texts = {}
    for path in sorted((root / "build/2024").rglob("*")):
        if path.suffix in (".html", ".svg", ".csv"):
            text = path.read_text("utf-8-sig")
            if path.suffix != ".csv":
                text = html.unescape(re.sub(r"<[^>]+>", " ", text))
            texts[path.relative_to(root).as_posix()] = " ".join(text.split())
        elif path.suffix == ".pdf":
            texts[path.relative_to(root).as_posix()] = " ".join(pdf_text(path).split())
    return texts


def test_init_reads_the_language_from_the_texts(surveymonkey):
    root, _, _ = surveymonkey
    report = (root / "report/2024/report.yaml").read_text("utf-8")
    assert yaml.safe_load(report)["lang"] == "en"
    assert "lang: en  # inferred: the texts' common words: " in report
    assert yaml.safe_load(report)["chapters"][0]["title"] == "Results"


def test_no_french_sentence_in_the_pdf_or_the_web_edition(surveymonkey):
    root, _, _ = surveymonkey
    texts = _published(root)
    assert any(name.endswith(".pdf") for name in texts)
    fragments = _french_fragments()
    assert len(fragments) > 100
    found = {name: sorted(fragment for fragment in fragments if fragment in text)
             for name, text in texts.items()}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_english_typography_and_numbers(surveymonkey):
    root, answers, _ = surveymonkey
    page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", (
        root / "build/2024/web/resultats.html").read_text("utf-8"))).split())
    for french in ("\u202f?", "\u00a0:", "\u00a0%", "«", "»", " ?", " ;"):
        assert french not in page, french
    share = answers["party"].value_counts(normalize=True).iloc[0] * 100
    assert f"{share:.1f}%" in page
    assert "What is your age?" in page and "n = 944 respondents" in page
    pdf = " ".join(pdf_text(root / "build/2024/publication-2024.pdf").split())
    assert "from 4 to 24 March 2024, 944 respondents" in pdf
    assert "Key findings" in pdf and f"{share:.1f}%" in pdf


def test_init_placeholders_are_check_warnings_and_fail_strict(surveymonkey, capsys):
    root, _, _ = surveymonkey
    assert main(["--project", str(root), "check", "--strict"]) == 1
    warnings = [line for line in capsys.readouterr().err.splitlines()
                if "placeholder" in line]
    assert warnings == [
        f"warning: {root}/report/2024/report.yaml:3:8: the title is still init's placeholder "
        "'Title of the publication': set the publication's title (the cover, the PDF's "
        "metadata and the web pages print it)",
        f"warning: {root}/report/2024/report.yaml:4:11: the author is still init's "
        "placeholder 'Author to be named': set the publication's author (the cover, the "
        "PDF's metadata and the web pages print it)"]
