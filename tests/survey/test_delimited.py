"""CSV exports as they come: UTF-8 with or without BOM, Windows-1252, French Excel."""

from __future__ import annotations

import math

import pytest

from barorapport.errors import SurveyError

from ..helpers import cells
from .conftest import EXPORTS

BAD_BYTE = b"\x81"  # undefined in Windows-1252, never alone in UTF-8
ENCODINGS = ["utf8.csv", "utf8_bom.csv", "windows1252.csv", "excel_fr.csv"]


@pytest.mark.parametrize("export", ENCODINGS)
def test_every_encoding_and_separator_gives_the_same_answers(read_export, export):
    survey = read_export(export)
    answers = survey.answers
    assert list(answers.index) == ["A01", "A02", "A03", "A04"]
    assert cells(answers["fonction"]) == ["1", "2", "1", None]
    assert answers.loc["A01", "outils:visio"] == 1.0
    assert answers.loc["A03", "outils:visio"] == 0.0
    assert math.isnan(answers.loc["A04", "outils:mail"])
    assert cells(answers["avis:risque"]) == ["3", "4", None, None]
    assert answers.loc["A02", "age"] == 51
    assert answers.loc["A01", "budget"] == 1500.5
    assert answers.loc["A02", "budget"] == 12000
    assert answers.loc["A02", "evolution"].startswith("L’œuvre coûte 5 € de plus")
    assert answers.loc["A03", "evolution"] is None
    assert not survey.quarantine


@pytest.mark.parametrize(("export", "read_as"), [
    ("utf8.csv", "read as csv, UTF-8, separated by ','"),
    ("utf8_bom.csv", "read as csv, UTF-8, separated by ','"),
    ("windows1252.csv", "read as csv, Windows-1252 (not UTF-8; 0x80 €, 0x92 ’, 0x9C œ exist in "
                        "Windows-1252 only), separated by ','"),
    ("excel_fr.csv", "read as csv, Windows-1252 (not UTF-8; 0x80 €, 0x92 ’, 0x9C œ exist in "
                     "Windows-1252 only), separated by ';'"),
])
def test_the_encoding_and_separator_are_detected_and_said(read_export, export, read_as):
    assert read_export(export).notes == (read_as,)


def test_declared_encoding_separator_and_decimal_are_used(read_export):
    survey = read_export("excel_fr.csv", encoding="windows-1252", delimiter=";", decimal=",")
    assert survey.answers.loc["A01", "budget"] == 1500.5
    assert survey.answers.loc["A02", "evolution"] == "L’œuvre coûte 5 € de plus; vraiment."


def test_a_decimal_point_in_a_decimal_comma_export_is_quarantined(read_export, survey_folder):
    text = (EXPORTS / "excel_fr.csv").read_bytes().replace(b"1\xa0500,5", b"1500.5")
    (survey_folder / "point.csv").write_bytes(text)
    survey = read_export(survey_folder / "point.csv")
    assert survey.quarantine.messages("point.csv") == [
        "point.csv row 2, column budget: a decimal number is not a number with a decimal comma"]


def test_bytes_valid_in_neither_encoding_give_the_row_and_offset(read_export):
    offset = (EXPORTS / "windows1252_invalid.csv").read_bytes().index(BAD_BYTE)
    with pytest.raises(SurveyError) as caught:
        read_export("windows1252_invalid.csv")
    assert str(caught.value) == (
        f"windows1252_invalid.csv row 4, byte offset {offset}: b'\\x81' is valid "
        "in neither UTF-8 nor Windows-1252 (declare responses.encoding if the export uses "
        "another encoding)")


def test_a_damaged_byte_in_utf8_is_not_read_as_windows_1252(read_export):
    offset = (EXPORTS / "invalid_bytes.csv").read_bytes().index(BAD_BYTE)
    with pytest.raises(SurveyError) as caught:
        read_export("invalid_bytes.csv")
    assert str(caught.value) == (
        f"invalid_bytes.csv row 3, byte offset {offset}: b'\\x81' is not valid "
        "UTF-8, though the rest of the file is")


def test_a_declared_encoding_is_checked(read_export):
    with pytest.raises(SurveyError) as caught:
        read_export("windows1252.csv", encoding="utf-8")
    assert str(caught.value).startswith("windows1252.csv row 2, byte offset ")
    assert str(caught.value).endswith(": b'\\xe9' is not valid UTF-8")


def test_latin_1_is_never_a_fallback(read_export):
    """Latin-1 would read the ’, œ and € of Windows-1252 as control characters."""
    text = read_export("windows1252.csv").answers.loc["A02", "evolution"]
    assert text == "L’œuvre coûte 5 € de plus."
    assert not any(0x80 <= ord(character) <= 0x9F for character in text)


def test_rows_are_numbered_as_a_spreadsheet_shows_them(read_export, survey_folder):
    """A line break inside a quoted answer does not start a row; a blank line is a row."""
    (survey_folder / "lines.csv").write_text(
        "id,fonction,outils_mail,outils_visio,outils_sms,outils_fax,avis_utile,avis_risque,"
        "age,budget,evolution\n"
        'A01,1,1,0,0,0,1,1,30,,"Deux\nlignes"\n'
        "\n"
        "A02,7,1,0,0,0,1,1,30,,\n", encoding="utf-8")
    survey = read_export(survey_folder / "lines.csv")
    assert survey.answers.loc["A01", "evolution"] == "Deux\nlignes"
    assert survey.quarantine.messages("lines.csv") == [
        "lines.csv row 4, column fonction: a number of 1 digit is not one of 1, 2"]


def test_a_blank_line_inside_a_quoted_answer_is_not_a_row(read_export, survey_folder):
    """Two paragraphs in one answer: the rows after it keep their numbers."""
    (survey_folder / "paragraphs.csv").write_text(
        "id,fonction,outils_mail,outils_visio,outils_sms,outils_fax,avis_utile,avis_risque,"
        "age,budget,evolution\r\n"
        'A01,1,1,0,0,0,1,1,30,,"Un paragraphe.\r\n\r\nUn autre, ""cité"".\n\n"\r\n'
        "A02,7,1,0,0,0,1,1,30,,\r\n", encoding="utf-8")
    survey = read_export(survey_folder / "paragraphs.csv")
    assert survey.answers.loc["A01", "evolution"] == (
        'Un paragraphe.\r\n\r\nUn autre, "cité".\n\n')
    assert survey.quarantine.messages("paragraphs.csv") == [
        "paragraphs.csv row 3, column fonction: a number of 1 digit is not one of 1, 2"]


def test_a_row_with_too_many_cells_is_quarantined(read_export, survey_folder):
    (survey_folder / "ragged.csv").write_text(
        "id,fonction,outils_mail,outils_visio,outils_sms,outils_fax,avis_utile,avis_risque,"
        "age,budget,evolution\n"
        "A01,1,1,0,0,0,1,1,30,,Des mails, surtout\n"
        "A02,2,1,0,0,0,1,1,30,,\n", encoding="utf-8")
    survey = read_export(survey_folder / "ragged.csv", quarantine_threshold=0.5)
    assert list(survey.answers.index) == ["A02"]
    assert survey.quarantine.messages("ragged.csv") == [
        "ragged.csv row 2: '12 cells' is not 11 cells, as the heading row has"]


@pytest.mark.parametrize(("codec", "name"), [("utf-16-le", "LE"), ("utf-16-be", "BE")])
def test_utf16_without_a_byte_order_mark_is_read_from_its_zero_bytes(read_export, survey_folder,
                                                                     codec, name):
    text = (EXPORTS / "utf8.csv").read_text(encoding="utf-8")
    (survey_folder / "nobom.csv").write_bytes(text.encode(codec))
    survey = read_export(survey_folder / "nobom.csv")
    assert survey.notes == (f"read as csv, UTF-16 {name} (no byte order mark: every other "
                            "byte is 0), separated by ','",)
    assert survey.answers.loc["A02", "evolution"] == "L’œuvre coûte 5 € de plus."
    assert survey.answers.equals(read_export("utf8.csv").answers)


def test_a_file_with_zero_bytes_that_is_not_utf16_is_refused_as_binary(read_export,
                                                                       survey_folder):
    (survey_folder / "binary.csv").write_bytes(bytes(range(256)) * 8)
    with pytest.raises(SurveyError) as error:
        read_export(survey_folder / "binary.csv")
    assert str(error.value).startswith("binary.csv: a binary file of an unknown kind, which "
                                       "is not read. barorapport reads CSV or TSV")


def test_excel_unicode_text_is_read(read_export, survey_folder):
    text = (EXPORTS / "utf8.csv").read_text(encoding="utf-8").replace(",", "\t")
    (survey_folder / "unicode.txt").write_bytes(text.encode("utf-16"))
    survey = read_export(survey_folder / "unicode.txt")
    assert survey.notes == ("read as csv, UTF-16, separated by '\\t'",)
    assert survey.answers.loc["A02", "evolution"] == "L’œuvre coûte 5 € de plus."
