"""Ingest checks what it read against the file: quotes, sheets, cached values, encoding
evidence; an export with no respondent left is an error about the export."""

from __future__ import annotations

import openpyxl
import pytest

from barorapport.cli import main
from barorapport.errors import SurveyError

HEADING = ("id,fonction,outils_mail,outils_visio,outils_sms,outils_fax,avis_utile,avis_risque,"
           "age,budget,evolution\n")
ROWS = ("A01,1,0,1,0,0,2,1,30,,ok\n"
        "A02,1,1,0,1,0,1,1,30,,\n"
        "A03,2,1,1,0,0,2,1,30,,Beaucoup de visio.\n")


def _error(read_export, survey_folder, name: str, data: bytes, **responses) -> str:
    (survey_folder / name).write_bytes(data)
    with pytest.raises(SurveyError) as caught:
        read_export(survey_folder / name, **responses)
    return str(caught.value)


@pytest.fixture
def csv_error(read_export, survey_folder):
    def error(text: str) -> str:
        return _error(read_export, survey_folder, "r.csv", text.encode("utf-8"))
    return error


def test_an_unclosed_quote_swallowing_the_following_rows_is_an_error(csv_error):
    assert csv_error(HEADING + 'A01,1,0,1,0,0,2,1,30,,ok\n'
                     'A04,1,0,1,0,0,3,1,30,,"Une remarque avec un guillemet ouvrant\n'
                     'A05,1,1,0,1,0,1,1,30,,Beaucoup de visio.\n'
                     'A06,2,1,1,0,0,2,1,30,,Teletravail.\n') == (
        "r.csv:3:23: the quoted cell that opens here (column evolution) is never closed: the "
        "file ends inside it (a quote is missing, or the file was cut)")


def test_a_quoted_cell_cut_by_the_end_of_the_file_is_an_error(csv_error):
    assert csv_error(HEADING + ROWS + 'A08,1,0,1,0,0,3,1,30,,"Une réponse coupée au mil') == (
        "r.csv:5:23: the quoted cell that opens here (column evolution) is never closed: the "
        "file ends inside it (a quote is missing, or the file was cut)")


def test_a_quote_closed_by_the_next_rows_quoted_cell_is_an_error(csv_error):
    assert csv_error(HEADING + 'A01,1,0,1,0,0,2,1,30,,"Une remarque\n'
                     'A05,1,1,0,1,0,1,1,30,,"Beaucoup"\n') == (
        "r.csv:2:23: the quoted cell that opens here (column evolution) is closed on line 3 "
        "by a quote followed by 'B', not by ',' or the end of the line (a quote is missing, "
        "or one inside the cell is not doubled)")


def test_a_quoted_cell_holding_whole_rows_is_an_error(csv_error):
    assert csv_error(HEADING + 'A01,1,0,1,0,0,2,1,30,,"x\n'
                     'A05,1,1,0,1,0,1,1,30,,Beaucoup\n'
                     'A06,2,1,1,0,0,2,1,30,,Tele""\nfin"\n') == (
        "r.csv:2:23: the quoted cell that opens here (column evolution) holds lines that read "
        "as rows of their own (line 3 reads as a row of 11 cells): a quote is missing")


def test_quoted_cells_over_several_lines_are_read(read_export, survey_folder):
    (survey_folder / "r.csv").write_text(
        HEADING + 'A01,1,0,1,0,0,2,1,30,,"deux\nlignes, avec ""guillemets"""\n'
        + ROWS.split("\n", 1)[1],
        encoding="utf-8")
    survey = read_export(survey_folder / "r.csv")
    assert survey.answers.loc["A01", "evolution"] == 'deux\nlignes, avec "guillemets"'
    assert list(survey.answers.index) == ["A01", "A02", "A03"]


def test_iso_8859_15_is_recognised_by_its_euro_and_oe(read_export, survey_folder):
    (survey_folder / "r.csv").write_bytes(
        (HEADING + "A01,1,0,1,0,0,2,1,30,,Le cœur du métier coûte 5 € enfin\n")
        .encode("iso8859-15"))
    survey = read_export(survey_folder / "r.csv")
    assert survey.answers.loc["A01", "evolution"] == "Le cœur du métier coûte 5 € enfin"
    assert survey.notes == (
        "read as csv, ISO-8859-15 (not UTF-8; 0xA4 €, 0xBD œ as in ISO-8859-15, and no byte of "
        "0x80-0x9F, which Windows-1252 would use), separated by ','",)


def test_bytes_pointing_to_two_encodings_are_an_error(read_export, survey_folder):
    data = ((HEADING + "A01,1,0,1,0,0,2,1,30,,‘x’\n").encode("cp1252")
            + b"A02,1,0,1,0,0,2,1,30,,c\xbdur\n")
    assert _error(read_export, survey_folder, "r.csv", data) == (
        "r.csv: not UTF-8, and its bytes point to two encodings: byte b'\\x91' (row 2) is '‘' "
        "in Windows-1252 only; byte b'\\xbd' (row 3) is 'œ' in ISO-8859-15 but '½' in "
        "Windows-1252: declare responses.encoding (cp1252 or iso-8859-15)")


def _workbook(path, *sheets):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _cells(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.splitlines()]


def test_respondents_on_a_second_sheet_are_an_error(read_export, survey_folder):
    _workbook(survey_folder / "r.xlsx", ("Réponses", _cells(HEADING + ROWS)[:2]),
              ("Réponses (suite)", _cells(ROWS)[1:]))
    with pytest.raises(SurveyError) as caught:
        read_export(survey_folder / "r.xlsx")
    assert str(caught.value) == (
        "r.xlsx: sheet 'Réponses (suite)' holds 2 row(s) too, and only the first sheet "
        "('Réponses') is read: put every respondent on one sheet, or name the sheet to read in "
        "responses.sheet")


def test_the_declared_sheet_is_read(read_export, survey_folder):
    _workbook(survey_folder / "r.xlsx", ("Lisez-moi", [["Export du 1er mars"]]),
              ("Réponses", _cells(HEADING + ROWS)))
    survey = read_export(survey_folder / "r.xlsx", sheet="Réponses")
    assert list(survey.answers.index) == ["A01", "A02", "A03"]


def test_formulas_without_cached_values_are_quarantined_with_their_cell(read_export,
                                                                        survey_folder):
    path = _workbook(survey_folder / "r.xlsx", ("Réponses", _cells(HEADING + ROWS)))
    workbook = openpyxl.load_workbook(path)
    workbook.active["B2"], workbook.active["B4"] = "=1", "=1+1"
    workbook.save(path)
    survey = read_export(path, quarantine_threshold=1)
    assert survey.quarantine.messages("r.xlsx") == [
        "r.xlsx row 2, column fonction: a text of 2 characters is not a computed value (a "
        "formula without a cached value, in cell B2: open and save the workbook in a "
        "spreadsheet to compute it)",
        "r.xlsx row 4, column fonction: a text of 4 characters is not a computed value (a "
        "formula without a cached value, in cell B4: open and save the workbook in a "
        "spreadsheet to compute it)"]
    assert list(survey.answers.index) == ["A02"]


# The build: the export is blamed, not what comes after it

def _build_error(mini, capsys) -> str:
    assert main(["--project", str(mini), "build"]) == 1
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_a_header_only_export_is_an_error_about_the_export(mini, capsys):
    path = mini / "data/2024/responses.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert _build_error(mini, capsys) == (
        f"error: {path}: no respondent rows: the export holds its heading row(s) only")


@pytest.mark.warnings
def test_an_export_whose_every_respondent_is_quarantined_is_an_error_about_it(mini, capsys):
    path = mini / "data/2024/responses.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1].replace("A01,1,", "A01,7,")]) + "\n",
                    encoding="utf-8")
    (mini / "data/2024/testimonies.yaml").write_text("[]\n", encoding="utf-8")
    assert _build_error(mini, capsys) == (
        f"error: {path}: all 1 respondent row(s) are quarantined: none is left to count (see "
        f"{mini / 'build/2024/quarantine.csv'})")


@pytest.mark.warnings
def test_a_testimony_of_a_quarantined_respondent_says_so(mini, capsys):
    path = mini / "data/2024/responses.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\nA01,1,", "\nA01,7,"),
                    encoding="utf-8")
    questionnaire = mini / "data/2024/questionnaire.yaml"
    questionnaire.write_text(questionnaire.read_text(encoding="utf-8").replace(
        "  id_column: id\n", "  id_column: id\n  quarantine_threshold: 0.5\n"), encoding="utf-8")
    assert _build_error(mini, capsys).endswith(
        "testimony 'visio-coupe': its respondent's row is quarantined (see quarantine.csv): a "
        "quarantined answer is not published")


def test_a_quote_inside_an_unquoted_cell_is_text(read_export, survey_folder):
    (survey_folder / "r.csv").write_text(
        HEADING + 'A01,1,0,1,0,0,2,1,30,,un écran 24" pouces\n' + ROWS.split("\n", 1)[1],
        encoding="utf-8")
    survey = read_export(survey_folder / "r.csv")
    assert survey.answers.loc["A01", "evolution"] == 'un écran 24" pouces'
    assert list(survey.answers.index) == ["A01", "A02", "A03"]


def test_an_export_of_ids_without_answers_is_an_error(csv_error):
    assert csv_error(HEADING + "A01,,,,,,,,,,\nA02,,,,,,,,,,\n") == (
        "r.csv: its 2 respondent row(s) hold no answer to any question of the questionnaire, "
        "only their ids and the tool's columns: export the responses again with their answers "
        "(or check that the questionnaire maps its questions to the columns that hold them)")


def test_a_code_written_as_another_number_is_pointed_at_in_the_questionnaire(read_export,
                                                                            survey_folder):
    from .conftest import EXPORTS

    (survey_folder / "r.csv").write_text(HEADING + ROWS, encoding="utf-8")
    text = (EXPORTS / "questionnaire.yaml").read_text(encoding="utf-8")
    (survey_folder / "base.yaml").write_text(
        text.replace('{code: "1", label: "Professionnel de terrain"}',
                     '{code: 1.0, label: "Professionnel de terrain"}')
            .replace('{code: "1", label: "D\'accord"}', '{code: "01", label: "D\'accord"}'),
        encoding="utf-8")
    survey = read_export(survey_folder / "r.csv", base=survey_folder / "base.yaml",
                         quarantine_threshold=1)
    assert survey.warnings()[:2] == [
        "questionnaire.yaml:16:16: code '1.0' is written '1' in the export: 2 cell(s) of "
        "fonction quarantined; write the code as the export does (code: '1')",
        "questionnaire.yaml:7:16: code '01' is written '1' in the export: 4 cell(s) of avis "
        "quarantined; write the code as the export does (code: '1')"]


def test_a_nul_byte_in_a_cell_is_not_kept_and_the_file_is_still_read(read_export,
                                                                      survey_folder):
    (survey_folder / "r.csv").write_bytes(
        (HEADING + ROWS.replace("Beaucoup de visio.", "Beaucoup\x00 de visio.")).encode())
    survey = read_export(survey_folder / "r.csv")
    assert survey.answers.loc["A03", "evolution"] == "Beaucoup de visio."
    assert len(survey.answers) == 3
