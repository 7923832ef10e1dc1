"""The survey tools' exports: LimeSurvey, SurveyMonkey, Google Forms (French), XLSX."""

from __future__ import annotations

import datetime as dt
import math
import shutil

import pytest
from openpyxl import Workbook

from barorapport.errors import SurveyError
from barorapport.stats import compute_figures
from barorapport.survey import load_questionnaire, load_survey
from barorapport.survey.codebook import split_joined

from ..helpers import cells
from .conftest import EXPORTS, write_questionnaire


def _nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


# LimeSurvey

def test_limesurvey_codes_ticks_and_completion(read_export):
    survey = read_export("limesurvey.csv", base="limesurvey.yaml", quarantine_threshold=0.3)
    answers = survey.answers
    assert survey.format == "limesurvey"
    # The unfinished response (empty submitdate) is left out by default.
    assert list(answers.index) == ["11", "13"]
    assert survey.screening.rule == "finished"
    assert survey.screening.counts == {"unfinished": 1}
    assert cells(answers["Q1"]) == ["1", "1"]
    assert [answers.loc["11", f"Q2:SQ00{n}"] for n in range(1, 5)] == [1.0, 1.0, 0.0, 0.0]
    assert [answers.loc["13", f"Q2:SQ00{n}"] for n in range(1, 5)] == [0.0, 0.0, 1.0, 0.0]
    assert cells(answers["Q3:SQ002"]) == ["3", "4"]
    assert list(survey.complete) == [True, True]


def test_limesurvey_started_keeps_unfinished_responses(survey_folder):
    shutil.copy(EXPORTS / "limesurvey.csv", survey_folder)
    path = write_questionnaire(survey_folder, {"file": "limesurvey.csv",
                                               "quarantine_threshold": 0.3},
                               base="limesurvey.yaml")
    survey = load_survey(load_questionnaire(path), survey_folder / "limesurvey.csv",
                         respondents="started")
    assert list(survey.answers.index) == ["11", "12", "13"]
    assert all(_nan(survey.answers.loc["12", f"Q2:SQ00{n}"]) for n in range(1, 5))
    assert cells(survey.answers["Q3:SQ002"]) == ["3", None, "4"]
    assert list(survey.complete) == [True, False, True]


def test_limesurvey_full_answers_not_shown_is_not_answered(survey_folder):
    """In full answers a multiple choice's columns hold Yes or No, and N/A where the
    question was not shown: not answered, not a bad answer."""
    rows = (EXPORTS / "limesurvey.csv").read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace('"Y","Y","",""', '"Yes","Yes","No","No"')
    rows[2] = rows[2].replace('"A2","","","",""', '"A2","N/A","N/A","N/A","N/A"')
    rows[3] = rows[3].replace('"","","Y",""', '"No","No","Yes","No"')
    rows[4] = rows[4].replace('"A9","Y","","",""', '"A9","Yes","No","No","No"')
    (survey_folder / "full.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    base = (EXPORTS / "limesurvey.yaml").read_text(encoding="utf-8").replace(
        '      - {code: SQ004, label: "Fax"}\n',
        '      - {code: SQ004, label: "Fax"}\n    answer_codes: {"Yes": "1", "No": "0"}\n')
    (survey_folder / "base.yaml").write_text(base, encoding="utf-8")
    path = write_questionnaire(survey_folder, {"file": "full.csv", "quarantine_threshold": 0.3},
                               base=str(survey_folder / "base.yaml"))
    survey = load_survey(load_questionnaire(path), survey_folder / "full.csv",
                         respondents="started")
    assert survey.quarantine.messages("full.csv") == [
        "full.csv row 5, column Q1: a text of 2 characters is not one of A1, A2"]
    answers = survey.answers
    assert [answers.loc["11", f"Q2:SQ00{n}"] for n in range(1, 5)] == [1.0, 1.0, 0.0, 0.0]
    assert all(_nan(answers.loc["12", f"Q2:SQ00{n}"]) for n in range(1, 5))
    assert [answers.loc["13", f"Q2:SQ00{n}"] for n in range(1, 5)] == [0.0, 0.0, 1.0, 0.0]


def test_limesurvey_answer_codes_outside_the_mapping_are_quarantined(read_export):
    survey = read_export("limesurvey.csv", base="limesurvey.yaml", quarantine_threshold=0.3)
    assert survey.quarantine.messages("limesurvey.csv") == [
        "limesurvey.csv row 5, column Q1: a text of 2 characters is not one of A1, A2"]
    assert survey.quarantine.problems[0].respondent == "14"


def test_limesurvey_personal_and_unknown_columns(read_export):
    survey = read_export("limesurvey.csv", base="limesurvey.yaml", quarantine_threshold=0.3)
    assert survey.dropped_columns == ("ipaddr", "refurl", "token")
    assert survey.unknown_columns == ("Q2[other]",)


def test_limesurvey_underscore_headings(read_export, survey_folder):
    text = (EXPORTS / "limesurvey.csv").read_text(encoding="utf-8")
    (survey_folder / "r.csv").write_text(text.replace("[SQ00", "_SQ00").replace("]", ""),
                                         encoding="utf-8")
    survey = read_export(survey_folder / "r.csv", base="limesurvey.yaml",
                         quarantine_threshold=0.3)
    assert survey.answers.loc["11", "Q2:SQ002"] == 1.0


# SurveyMonkey

def test_surveymonkey_two_heading_rows(read_export):
    survey = read_export("surveymonkey.csv")
    answers = survey.answers
    assert survey.format == "surveymonkey"
    assert list(answers.index) == ["11987654321", "11987654322", "11987654323"]
    assert cells(answers["fonction"]) == ["1", "2", "1"]
    assert [answers.loc["11987654321", f"outils:{code}"] for code in
            ("mail", "visio", "sms", "fax")] == [1.0, 1.0, 0.0, 0.0]
    assert all(_nan(answers.loc["11987654322", f"outils:{code}"])
               for code in ("mail", "visio", "sms", "fax"))
    assert cells(answers["avis:utile"]) == ["1", None, "2"]
    assert cells(answers["avis:risque"]) == ["3", None, "4"]
    assert answers.loc["11987654323", "age"] == 51
    assert not survey.quarantine


def test_surveymonkey_personal_columns_are_dropped(read_export):
    survey = read_export("surveymonkey.csv")
    assert survey.dropped_columns == ("IP Address", "Email Address", "First Name", "Last Name",
                                      "Custom Data 1")
    assert survey.unknown_columns == ("Quels outils utilisez-vous ? [Other (please specify)]",)


# Google Forms

def test_google_forms_splits_ticked_boxes_by_the_option_list(read_export):
    survey = read_export("googleforms_fr.csv", quarantine_threshold=0.3)
    answers = survey.answers
    assert survey.format == "googleforms"
    assert list(answers.index) == ["row 2", "row 3", "row 4"]
    ticks = answers[[f"outils:{code}" for code in ("mail", "visio", "sms", "fax")]]
    assert ticks.loc["row 2"].tolist() == [1.0, 1.0, 0.0, 0.0]
    assert ticks.loc["row 3"].isna().all()
    assert ticks.loc["row 4"].tolist() == [0.0, 1.0, 1.0, 0.0]
    assert cells(answers["avis:utile"]) == ["1", None, "2"]
    assert answers.loc["row 2", "evolution"].startswith("Plus de télétravail")


def test_google_forms_counts_an_option_with_a_comma_once_and_an_unchosen_option_as_0(
        read_export):
    survey = read_export("googleforms_fr.csv", quarantine_threshold=0.3)
    figures = compute_figures(survey).table
    shares = figures[(figures.question == "outils") & (figures.measure == "respondents")]
    counts = dict(zip(shares.option, shares["count"], strict=True))
    assert counts == {"mail": 1, "visio": 2, "sms": 1, "fax": 0}
    assert set(shares.base) == {2}


def test_google_forms_unknown_option_is_quarantined(read_export):
    survey = read_export("googleforms_fr.csv", quarantine_threshold=0.3)
    assert survey.quarantine.messages("googleforms_fr.csv") == [
        "googleforms_fr.csv row 5, column Quels outils utilisez-vous ?: a text of 14 characters "
        "is not some of Courriels; Visioconférence, audio; SMS; Fax (joined by ', ')"]
    assert survey.quarantine.problems[0].respondent == "row 5"
    assert survey.dropped_columns == ("Adresse e-mail",)


def test_declared_format_overrides_detection(read_export):
    with pytest.raises(SurveyError) as caught:
        read_export("googleforms_fr.csv", format="csv")
    assert str(caught.value).startswith("googleforms_fr.csv: missing column(s) id, fonction, ")


# XLSX

@pytest.fixture
def workbook(survey_folder):
    """A native export written by openpyxl: numbers as numbers, a date, an empty row."""
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "fonction", "outils_mail", "outils_visio", "outils_sms", "outils_fax",
                  "avis_utile", "avis_risque", "age", "budget", "evolution", "submitted"])
    sheet.append(["A01", 1, 1, 1, 0, 0, 1, 3, 34, 1500.5, "Plus de télétravail",
                  dt.datetime(2024, 3, 4, 10, 12)])
    sheet.append([])
    sheet.append(["A02", "2", 1, 0, 0, 0, 2, 4, 51.0, None, None, None])
    sheet.append(["A03", 3, 1, 0, 0, 0, 2, 4, 151, None, None, None])
    path = survey_folder / "responses.xlsx"
    book.save(path)
    return path


def test_xlsx_cells_read_as_a_csv_holds_them(read_export, workbook):
    survey = read_export(workbook, complete_column="submitted", quarantine_threshold=0.5)
    answers = survey.answers
    assert survey.format == "xlsx"
    assert list(answers.index) == ["A01", "A02"]
    assert cells(answers["fonction"]) == ["1", "2"]
    assert answers.loc["A01", "budget"] == 1500.5
    assert answers.loc["A02", "age"] == 51
    assert list(survey.complete) == [True, False]


def test_xlsx_rows_are_the_sheet_rows(read_export, workbook):
    survey = read_export(workbook, quarantine_threshold=0.5)
    assert survey.quarantine.messages("responses.xlsx") == [
        "responses.xlsx row 5, column fonction: a number of 1 digit is not one of 1, 2",
        "responses.xlsx row 5, column age: a number of 3 digits is not a number from 16 to 99"]
    # Dates with a time of day: the tool's timestamps, ignored without a warning.
    assert survey.unknown_columns == ()
    assert survey.tool_columns == ("submitted",)


def _surveymonkey_workbook(folder):
    """surveymonkey.csv as SurveyMonkey's XLSX export writes it: each question's text merged
    over its options' columns, each one-column heading merged over the two heading rows."""
    import csv

    from openpyxl.utils import get_column_letter

    rows = list(csv.reader((EXPORTS / "surveymonkey.csv").open(encoding="utf-8")))
    book = Workbook()
    for row in rows:
        book.active.append(row)
    top, sub, start = rows[0], rows[1], 0
    while start < len(top):
        end = start
        while end + 1 < len(top) and top[end + 1] == "":
            end += 1
        first, last = get_column_letter(start + 1), get_column_letter(end + 1)
        if end > start:
            book.active.merge_cells(f"{first}1:{last}1")
        elif sub[start] == "":
            book.active.merge_cells(f"{first}1:{first}2")
        start = end + 1
    book.save(folder / "surveymonkey.xlsx")
    return folder / "surveymonkey.xlsx"


def test_xlsx_merged_heading_cells_head_each_of_their_columns(read_export, survey_folder):
    survey = read_export(_surveymonkey_workbook(survey_folder))
    expected = read_export("surveymonkey.csv")
    assert survey.format == "surveymonkey"
    assert survey.answers.equals(expected.answers)
    assert survey.unknown_columns == expected.unknown_columns


def test_xlsx_merged_headings_that_lose_a_column_say_so(read_export, workbook):
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book.active.merge_cells("C1:D1")  # outils_visio's heading is lost under outils_mail's
    book.save(workbook)
    with pytest.raises(SurveyError) as error:
        read_export(workbook, quarantine_threshold=0.5)
    assert str(error.value).splitlines()[0] == (
        "responses.xlsx: missing column(s) outils_visio (the questionnaire maps questions to "
        "them); cells C1:D1 of the heading row(s) are merged, each column of a merge headed "
        "by its text: unmerge them and give each column its own heading")


def test_xlsx_merged_answer_cells_are_an_error_naming_them(read_export, workbook):
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book.active.merge_cells("K2:K4")
    book.active.merge_cells("A1:A2")
    book.save(workbook)
    with pytest.raises(SurveyError) as error:
        read_export(workbook, quarantine_threshold=0.5)
    assert str(error.value) == (
        "responses.xlsx: cells A1:A2, K2:K4 are merged below the heading row: each "
        "respondent's answer needs a cell of its own (unmerge them in the spreadsheet)")


def test_joined_labels_are_cut_by_the_option_list():
    labels = {"Oui, souvent": "a", "Oui": "b", "Non": "c", "souvent": "d"}
    assert split_joined("Oui, souvent, Non", labels) == ["a", "c"]
    assert split_joined("Oui, Non", labels) == ["b", "c"]
    assert split_joined("", labels) == []
    assert split_joined("Peut-être", labels) is None
