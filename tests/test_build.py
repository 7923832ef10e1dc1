"""End to end: the tiny scenario project built into a PDF and a web edition."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from barorapport import __version__
from barorapport.commands.build import build
from barorapport.errors import BarorapportError, SurveyError, TemplateError

from .helpers import fold_spaces, french_pct, pdf_text


def _expected(project) -> dict[str, str]:
    """The figures the chapter template prints, computed here with pandas alone."""
    answers = pd.read_csv(project / "data/2024/responses.csv", dtype=str, keep_default_na=False)
    tools = answers[["outils_mail", "outils_visio", "outils_sms"]].replace("", None)
    answered = tools.notna().any(axis=1)
    ticks = tools[answered].astype(int)
    return {
        "mail_respondents": french_pct(ticks["outils_mail"].sum(), answered.sum(), 1),
        "mail_mentions": french_pct(ticks["outils_mail"].sum(), ticks.to_numpy().sum(), 2),
    }


def test_pdf_states_the_computed_figures(mini_built):
    text = pdf_text(mini_built / "build/2024/enquete-2024.pdf")
    expected = _expected(mini_built)
    assert f"cités par {expected['mail_respondents']} des répondants" in text
    assert f"représentent {expected['mail_mentions']} des mentions" in text
    assert "Figure 1 Outils utilisés" in text


def test_web_edition_states_the_same_figures(mini_built):
    web = mini_built / "build/2024/web"
    page = fold_spaces((web / "resultats.html").read_text(encoding="utf-8"))
    expected = _expected(mini_built)
    assert f"cités par {expected['mail_respondents']} des répondants" in page
    assert f"représentent {expected['mail_mentions']} des mentions" in page
    assert 'src="charts/outils.svg"' in page
    assert (web / "charts/outils.svg").read_bytes().startswith(b"<?xml")
    assert (web / "index.html").is_file()


def test_respondent_text_is_escaped(mini_built):
    page = (mini_built / "build/2024/web/resultats.html").read_text(encoding="utf-8")
    assert "Le &lt;b&gt;télétravail&lt;/b&gt; &amp; les mails." in page
    assert "<b>télétravail</b>" not in page


def test_undefined_variable_names_the_template_and_line(mini):
    template = mini / "templates/chapters/resultats.html.j2"
    template.write_text("<p>ok</p>\n<p>{{ fonctions }}</p>\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        build(mini, progress=lambda message: None)
    message = str(caught.value)
    assert message.endswith("templates/chapters/resultats.html.j2:2: 'fonctions' is undefined")
    assert "\n" not in message


def test_missing_data_file_names_the_file(mini):
    (mini / "data/2024/responses.csv").unlink()
    with pytest.raises(SurveyError) as caught:
        build(mini, progress=lambda message: None)
    assert str(caught.value).endswith("data/2024/responses.csv: file not found")


def test_failed_build_leaves_previous_outputs(mini):
    build(mini, progress=lambda message: None)
    pdf = mini / "build/2024/enquete-2024.pdf"
    before = pdf.read_bytes()
    (mini / "templates/chapters/resultats.html.j2").write_text("{{ nope }}", encoding="utf-8")
    with pytest.raises(BarorapportError):
        build(mini, progress=lambda message: None)
    assert pdf.read_bytes() == before
    assert not [path for path in (mini / "build").iterdir() if path.name.startswith(".staging")]


def _cli(*arguments, cwd=None):
    return subprocess.run([sys.executable, "-m", "barorapport.cli", *arguments], cwd=cwd,
                          capture_output=True, text=True)


def test_cli_version_and_help():
    assert _cli("--version").stdout.strip() == f"barorapport {__version__}"
    help_text = _cli("--help").stdout
    assert "build" in help_text
    assert "--edition" in _cli("build", "--help").stdout


def test_cli_builds_one_format_into_another_folder(mini, tmp_path):
    result = _cli("build", "--edition", "2024", "--format", "web", "--out", str(tmp_path / "o"),
                  cwd=mini)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o/2024/web/index.html").is_file()
    assert not (tmp_path / "o/2024/enquete-2024.pdf").exists()


def test_cli_user_error_is_one_line_without_traceback(mini):
    (mini / "data/2024/responses.csv").write_text("id,fonction\nA01,1\n", encoding="utf-8")
    result = _cli("build", cwd=mini)
    assert result.returncode == 1
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert error_lines == [
        "error: data/2024/responses.csv: missing column(s) outils_mail, outils_visio, "
        "outils_sms, avis_utile, avis_risque, evolution (the questionnaire maps questions to "
        "them)"]
    assert "Traceback" not in result.stderr


def test_second_build_takes_unchanged_charts_from_the_cache(mini):
    build(mini, formats=("web",), progress=lambda message: None)
    entries = sorted((mini / "build/.cache/charts/2024").glob("*.chart"))
    # The web edition's charts are drawn for a desktop and a phone; the print ones for the
    # annex.
    assert [entry.name for entry in entries] == [
        "avis-phone.chart", "avis-print.chart", "avis-screen.chart",
        "outils-phone.chart", "outils-print.chart", "outils-screen.chart"]
    stamps = [entry.stat().st_mtime_ns for entry in entries]
    first = (mini / "build/2024/charts/outils.svg").read_bytes()
    build(mini, formats=("web",), progress=lambda message: None)
    assert [entry.stat().st_mtime_ns for entry in entries] == stamps
    assert (mini / "build/2024/charts/outils.svg").read_bytes() == first
