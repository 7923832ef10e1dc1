"""Columns of personal data: recognised by heading or declared, never read."""

from __future__ import annotations

import pytest

from barorapport.errors import SurveyError
from barorapport.survey.classify import looks_personal


@pytest.mark.parametrize("heading", [
    "ipaddr", "IP Address", "Adresse IP", "email", "Email Address", "Adresse e-mail",
    "Courriel", "First Name", "Last Name", "Prénom", "Nom", "token", "refurl",
    "Custom Data 1", "Numéro de téléphone"])
def test_personal_headings_are_recognised(heading):
    assert looks_personal(heading)


@pytest.mark.parametrize("heading", [
    "id", "Respondent ID", "submitdate", "Horodateur", "Q6[SQ001]", "outils_mail", "Nombre",
    "lastpage"])
def test_other_headings_are_not(heading):
    assert not looks_personal(heading)


def test_a_question_column_is_never_dropped_by_its_heading(read_export, survey_folder):
    """``outils_mail`` holds answers: a heading is only recognised on unmapped columns."""
    survey = read_export("utf8.csv")
    assert survey.dropped_columns == ()
    assert "outils:mail" in survey.answers


def test_declared_personal_columns_are_dropped(read_export, survey_folder):
    (survey_folder / "r.csv").write_text(
        "id,fonction,outils_mail,outils_visio,outils_sms,outils_fax,avis_utile,avis_risque,"
        "age,budget,evolution,matricule\nA01,1,1,0,0,0,1,1,30,,,X-1234\n", encoding="utf-8")
    survey = read_export(survey_folder / "r.csv", personal_columns=["matricule"])
    assert survey.dropped_columns == ("matricule",)
    assert survey.unknown_columns == ()


def test_a_declared_personal_column_that_holds_answers_is_an_error(read_export):
    with pytest.raises(SurveyError) as caught:
        read_export("utf8.csv", personal_columns=["evolution"])
    assert str(caught.value) == ("questionnaire.yaml:47:5: 'evolution' holds answers or the id; "
                                 "it cannot be dropped")
