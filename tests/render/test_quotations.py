"""Quotations set apart: attributed from the respondent's own closed answers (never one that
singles them out), and a warning naming the chapter when too many follow one another."""

from __future__ import annotations

import csv
import logging
import shutil

import pytest
import yaml

from barorapport.config.project import find_edition, load_report
from barorapport.config.report import Chapter
from barorapport.errors import ConfigError
from barorapport.openanswers.testimonies import load_testimonies
from barorapport.render import make_environment
from barorapport.render.chapters import make_context, render_chapter
from barorapport.render.quotations import long_runs
from barorapport.stats import compute_figures
from barorapport.survey import load_questionnaire, load_survey

from ..conftest import PROJECTS


def _render(project, template: str, **report_keys) -> str:
    """The chapter ``template`` of the mini project, rendered with report.yaml's keys."""
    (project / "templates/chapters/essai.html.j2").write_text(template, encoding="utf-8")
    edition = find_edition(project, None)
    report = load_report(edition).model_copy(update=report_keys)
    questionnaire = load_questionnaire(edition.questionnaire_path)
    survey = load_survey(questionnaire, edition.data_dir / questionnaire.responses.file)
    environment = make_environment(edition.templates_dir)
    context = make_context(environment=environment, report=report, edition=edition.name,
                           survey=survey, figures=compute_figures(survey), charts={},
                           testimonies=load_testimonies(edition.testimonies_path))
    chapter = Chapter(id="essai", title="Essai", template="chapters/essai.html.j2")
    return str(render_chapter(environment, chapter, context).html)


def _answers(project) -> dict[str, dict]:
    with (project / "data/2024/responses.csv").open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@pytest.fixture
def project(tmp_path):
    target = tmp_path / "mini"
    shutil.copytree(PROJECTS / "mini", target, ignore=shutil.ignore_patterns("build"))
    (target / "templates/partials/testimony.html.j2").unlink()  # the theme's partial
    return target


def test_a_quotation_is_attributed_from_its_respondent_s_answers(project):
    from barorapport.config.report import AttributionPart

    html = _render(project, '{{ testimony("visio-coupe") }}<p>Et :</p>'
                            '{{ testimony("teletravail-mails") }}',
                   attribution=[AttributionPart(question="fonction",
                                                labels={"1": "Professionnel de terrain"})])
    answers = _answers(project)
    assert answers["A01"]["fonction"] == answers["A02"]["fonction"] == "1"
    assert html.count('<figcaption class="attribution">— Professionnel de terrain'
                      "</figcaption>") == 2
    assert "A01" not in html and "A02" not in html  # never the respondent's id


def test_an_attribution_never_singles_a_respondent_out(project):
    from barorapport.config.report import AttributionPart

    answers = _answers(project)
    parts = [AttributionPart(question="fonction"), AttributionPart(question="outils")]
    html = _render(project, '{{ testimony("visio-coupe") }}', attribution=parts)
    # A01's function is shared by 3 respondents or more (the mini's suppress threshold), the
    # tools they ticked together with it by fewer: the attribution stops at the function.
    ticked = lambda row: tuple(row[f"outils_{code}"] for code in ("mail", "visio", "sms"))  # noqa: E731
    same_function = [row for row in answers.values() if row["fonction"] == "1"]
    same_tools = [row for row in same_function if ticked(row) == ticked(answers["A01"])]
    assert len(same_function) >= 3 > len(same_tools)
    assert '<figcaption class="attribution">— Professionnel de terrain</figcaption>' in html


def test_more_than_three_quotations_in_a_row_are_warned_about_by_chapter(project, caplog):
    four = '{{ testimony("visio-coupe") }}\n{{ testimony("teletravail-mails") }}\n' * 2
    with caplog.at_level(logging.WARNING, logger="barorapport"):
        _render(project, four)
    assert [record.getMessage() for record in caplog.records] == [
        "templates/chapters/essai.html.j2: chapter 'essai': 4 quotations in a row, from "
        "'visio-coupe' to 'teletravail-mails': set a figure, a lead-in or a sentence between "
        "them (at most 3 in a row)"]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="barorapport"):
        html = _render(project, four.replace("\n{{ testimony(\"visio-coupe\") }}",
                                             '\n<p class="lead-in">Ensuite :</p>'
                                             '{{ testimony("visio-coupe") }}', 1))
    assert caplog.records == [] and long_runs(html) == []


def test_an_attribution_names_a_choice_question_and_its_options(project):
    from barorapport.config.project import load_report as load
    from barorapport.config.report_check import check_report

    path = project / "report/2024/report.yaml"
    report = yaml.safe_load(path.read_text("utf-8"))
    report["attribution"] = [{"question": "evolution"},
                             {"question": "fonction", "labels": {"9": "Autre"}}]
    path.write_text(yaml.safe_dump(report, allow_unicode=True, sort_keys=False), "utf-8")
    edition = find_edition(project, None)
    questionnaire = load_questionnaire(edition.questionnaire_path)
    with pytest.raises(ConfigError) as raised:
        check_report(edition, load(edition), questionnaire)
    assert [line.split(": ", 1)[1] for line in str(raised.value).splitlines()] == [
        "attribution: 'evolution' is not a single- or multiple-choice question of the "
        "questionnaire (expected one of: fonction, outils)",
        "attribution: option '9' not in question 'fonction' (expected one of: 1, 2)"]
