"""Bad answers: kept out of the statistics, never lost, always said; the build fails when
too many rows are bad."""

from __future__ import annotations

import logging

import pytest

from barorapport.commands.build import build
from barorapport.errors import SurveyError
from barorapport.stats import compute_figures
from barorapport.survey import Problem, Quarantine, write_quarantine

HEADING = ("id,fonction,outils_mail,outils_visio,outils_sms,outils_fax,avis_utile,avis_risque,"
           "age,budget,evolution\n")
LONG_ANSWER = "Beaucoup plus de visioconférences qu'avant"


def _export(folder, *rows: str) -> str:
    (folder / "responses.csv").write_text(HEADING + "".join(row + "\n" for row in rows),
                                          encoding="utf-8")
    return "responses.csv"


def test_bad_rows_are_kept_out_and_listed(read_export, survey_folder):
    survey = read_export(survey_folder / _export(
        survey_folder,
        "A01,1,1,0,0,0,1,1,30,,",
        "A02,3,1,0,0,0,5,1,30,,",
        "A03,1,1,2,0,0,1,1,130,,",
        "A04,2,0,0,1,0,1,1,30,,"), quarantine_threshold=1)
    assert list(survey.answers.index) == ["A01", "A04"]
    assert survey.respondents == 2
    assert survey.quarantine.problems == (
        Problem(row=3, column="fonction", value="3", expected="one of 1, 2", respondent="A02"),
        Problem(row=3, column="avis_utile", value="5", expected="one of 1, 2, 3, 4",
                respondent="A02"),
        Problem(row=4, column="outils_visio", value="2", expected="one of 1, 0",
                respondent="A03"),
        Problem(row=4, column="age", value="130", expected="a number from 16 to 99",
                respondent="A03"),
    )
    assert (survey.quarantine.rows, survey.quarantine.rows_read) == (2, 4)
    assert survey.quarantine.share == 0.5


def test_a_repeated_respondent_id_is_quarantined_after_its_first_row(read_export,
                                                                     survey_folder):
    survey = read_export(survey_folder / _export(
        survey_folder,
        "A01,1,1,0,0,0,1,1,30,,",
        "A02,2,1,0,0,0,1,1,30,,",
        "A01,2,0,1,0,0,2,2,40,,",
        ",2,0,1,0,0,2,2,40,,"), quarantine_threshold=1)
    assert list(survey.answers.index) == ["A01", "A02"]
    assert survey.answers.loc["A01", "fonction"] == "1"
    assert survey.quarantine.messages("responses.csv") == [
        "responses.csv row 4, column id: a text of 3 characters is not a new respondent id (row 2 "
        "has it)",
        "responses.csv row 5, column id: an empty cell is not a respondent id",
    ]


def test_identical_answers_with_different_ids_are_two_respondents(read_export,
                                                                  survey_folder):
    """Same answers, same day-precision timestamp: two people, never one counted twice."""
    (survey_folder / "dated.csv").write_text(
        HEADING.replace("\n", ",submitted\n")
        + f"A01,1,1,0,0,0,1,1,30,,{LONG_ANSWER},2024-03-01\n"
        + f"A02,1,1,0,0,0,1,1,30,,{LONG_ANSWER},2024-03-01\n"
        + "A03,2,,,,,,,,,,2024-03-01\n", encoding="utf-8")
    survey = read_export(survey_folder / "dated.csv", complete_column="submitted")
    assert not survey.quarantine
    assert list(survey.answers.index) == ["A01", "A02", "A03"]


def test_a_repeated_declared_key_is_one_respondent_counted_twice(read_export, survey_folder):
    (survey_folder / "keyed.csv").write_text(
        HEADING.replace("\n", ",token\n")
        + "A01,1,1,0,0,0,1,1,30,,,t-17\n"
        + "A02,2,1,0,0,0,1,1,40,,,t-18\n"
        + "A03,2,0,1,0,0,2,2,50,,,t-17\n"
        + "A04,2,0,1,0,0,2,2,50,,,\n"
        + "A05,2,0,1,0,0,2,2,50,,,\n", encoding="utf-8")
    survey = read_export(survey_folder / "keyed.csv", duplicate_key=["token"],
                         personal_columns=["token"], quarantine_threshold=1)
    assert survey.quarantine.messages("keyed.csv") == [
        "keyed.csv row 4, column token: a text of 3 characters is not a new respondent (token "
        "as on row 2)"]
    assert list(survey.answers.index) == ["A01", "A02", "A04", "A05"]


def test_the_threshold_is_a_share_of_the_rows():
    quarantine = Quarantine(problems=(Problem(3, "fonction", "3", "one of 1, 2"),
                                      Problem(3, "age", "130", "a number")), rows_read=20)
    assert quarantine.rows == 1
    quarantine.check(0.05, "responses.csv")
    with pytest.raises(SurveyError) as caught:
        quarantine.check(0.04, "responses.csv", "build/2024/quarantine.csv")
    assert str(caught.value) == (
        "responses.csv: 1 of 20 rows (5.0%) are quarantined, more than the questionnaire's "
        "quarantine_threshold of 4.0% (see build/2024/quarantine.csv)")


def test_the_quarantine_file(tmp_path):
    quarantine = Quarantine(problems=(
        Problem(3, "evolution", 'Un "mot", puis\nun autre', "one of 1", respondent="A02"),),
        rows_read=3)
    write_quarantine(quarantine, tmp_path / "q.csv", values=True)
    assert (tmp_path / "q.csv").read_text(encoding="utf-8") == (
        "row,respondent,column,value,expected\n"
        '3,A02,evolution,"Un ""mot"", puis\nun autre",one of 1\n')
    write_quarantine(quarantine, tmp_path / "q.csv")  # by default: what the cell looks like
    assert (tmp_path / "q.csv").read_text(encoding="utf-8") == (
        "row,respondent,column,value,expected\n"
        "3,,evolution,a text of 23 characters,one of 1\n")


def test_complete_and_partial_respondents_and_bases(read_export):
    survey = read_export("utf8.csv")
    assert list(survey.complete) == [True, True, False, False]
    figures = compute_figures(survey).table
    respondents = figures[figures.measure.isin(["respondents", "level", "mean"])]
    bases = respondents.groupby("question")["base"].max().to_dict()
    assert bases["fonction"] == 3
    assert bases["outils"] == 3
    assert bases["age"] == 2


# The build

def test_build_writes_the_quarantine_and_warns(mini, caplog):
    path = mini / "data/2024/responses.csv"
    text = path.read_text(encoding="utf-8").replace("\nA03,2,", "\nA03,7,")
    path.write_text(text, encoding="utf-8")
    (mini / "data/2024/questionnaire.yaml").write_text(
        (mini / "data/2024/questionnaire.yaml").read_text(encoding="utf-8").replace(
            "  id_column: id\n", "  id_column: id\n  quarantine_threshold: 0.2\n"),
        encoding="utf-8")
    progress = []
    with caplog.at_level(logging.WARNING, logger="barorapport"):
        build(mini, formats=("web",), progress=progress.append)
    assert (mini / "build/2024/quarantine.csv").read_text(encoding="utf-8") == (
        "row,respondent,column,value,expected\n4,,fonction,a number of 1 digit,\"one of 1, 2\"\n")
    survey_warnings = [record.getMessage() for record in caplog.records
                       if record.getMessage().startswith(str(path))]
    assert survey_warnings == [f"{path} row 4, column fonction: a number of 1 digit is not one "
                               "of 1, 2"]
    assert "stats: 7 respondents" in progress


@pytest.mark.warnings
def test_build_fails_when_too_many_rows_are_quarantined(mini):
    path = mini / "data/2024/responses.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\nA03,2,", "\nA03,7,"),
                    encoding="utf-8")
    with pytest.raises(SurveyError) as caught:
        build(mini, progress=lambda message: None)
    assert str(caught.value).endswith(
        "data/2024/responses.csv: 1 of 8 rows (12.5%) are quarantined, more than the "
        "questionnaire's quarantine_threshold of 5.0% (see "
        f"{mini / 'build/2024/quarantine.csv'})")
    assert (mini / "build/2024/quarantine.csv").is_file()
    assert not (mini / "build/2024/web").exists()


@pytest.mark.warnings
def test_build_drops_personal_columns_and_says_how_many(mini):
    path = mini / "data/2024/responses.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",Adresse IP,courriel_pro"] + [
        line + f",192.0.2.{index},agent{index}@example.org"
        for index, line in enumerate(lines[1:])]
    lines[3] = lines[3].replace("A03,2,", "A03,7,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (mini / "data/2024/questionnaire.yaml").write_text(
        (mini / "data/2024/questionnaire.yaml").read_text(encoding="utf-8").replace(
            "  id_column: id\n", "  id_column: id\n  quarantine_threshold: 0.2\n"
                                 "  personal_columns: [courriel_pro]\n"), encoding="utf-8")
    progress = []
    build(mini, formats=("web",), progress=progress.append)
    assert "survey: dropped 2 column(s) of personal data (Adresse IP, courriel_pro)" in progress
    quarantine = (mini / "build/2024/quarantine.csv").read_text(encoding="utf-8")
    assert quarantine.splitlines()[1] == '4,,fonction,a number of 1 digit,"one of 1, 2"'
    assert "192.0.2" not in quarantine and "example.org" not in quarantine
    for output in (mini / "build/2024").rglob("*"):
        if output.is_file() and output.suffix in (".html", ".csv", ".svg"):
            text = output.read_text(encoding="utf-8")
            assert "192.0.2" not in text and "example.org" not in text, output


def test_the_quarantine_file_is_readable_like_the_other_outputs(mini):
    build(mini, formats=("web",), progress=lambda message: None)
    mode = (mini / "build/2024/quarantine.csv").stat().st_mode & 0o777
    assert mode == (mini / "build/2024/figures.csv").stat().st_mode & 0o777
