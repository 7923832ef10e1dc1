"""The questionnaire's export settings and answer mappings: every problem at once, with its
file, line and column."""

from __future__ import annotations

import pytest

from barorapport.errors import ConfigError, SurveyError
from barorapport.survey import load_questionnaire

from .conftest import write_questionnaire


def _problems(folder, responses=None, questions="") -> list[str]:
    path = write_questionnaire(folder, responses or {"file": "utf8.csv"}, questions=questions)
    with pytest.raises(ConfigError) as caught:
        load_questionnaire(path)
    return str(caught.value).splitlines()


def test_defaults(survey_folder):
    responses = load_questionnaire(
        write_questionnaire(survey_folder, {"file": "utf8.csv"})).responses
    assert (responses.format, responses.id_column, responses.encoding, responses.delimiter,
            responses.decimal, responses.quarantine_threshold, responses.personal_columns,
            responses.complete_column) == (None, None, None, None, None, 0.05, [], None)


def test_export_settings_are_checked(survey_folder):
    problems = _problems(survey_folder, {
        "file": "utf8.csv", "format": "sas", "encoding": "klingon", "delimiter": ":",
        "quarantine_threshold": 2, "personal_columns": ["id"], "id_column": "id"})
    assert problems == [
        "questionnaire.yaml:48:11: responses.format: 'sas': Input should be 'csv', 'xlsx', "
        "'limesurvey', 'surveymonkey', 'googleforms', 'qualtrics', 'spss', 'stata' or "
        "'kobo'",
        "questionnaire.yaml:46:13: responses.encoding: unknown encoding 'klingon'",
        "questionnaire.yaml:45:14: responses.delimiter: ':': Input should be ',', ';', '\\t' or "
        "'|'",
        "questionnaire.yaml:52:25: responses.quarantine_threshold: Input should be less than or "
        "equal to 1",
    ]


def test_answer_mappings_and_bounds_are_checked(survey_folder):
    problems = _problems(survey_folder, questions="""\
  - id: bad_codes
    type: single
    text: "?"
    options: [{code: "1", label: "Oui"}]
    answer_codes: {A1: "1", A2: "2"}
  - id: bad_ticks
    type: multiple
    text: "?"
    options: [{code: a, label: "A"}]
    answer_codes: {Y: "yes"}
  - id: bad_open
    type: open
    text: "?"
    answer_codes: {A1: "1"}
    maximum: 3
  - id: bad_bounds
    type: numeric
    text: "?"
    minimum: 10
    maximum: 5
""")
    assert problems == [
        "questionnaire.yaml:48:33: 'A2' maps to '2', which is not one of 1",
        "questionnaire.yaml:53:23: 'Y' maps to 'yes', which is not one of 1, 0",
        "questionnaire.yaml:57:19: an open question has no answer codes",
        "questionnaire.yaml:58:14: an open question has no maximum",
        "questionnaire.yaml:63:14: the maximum is smaller than the minimum",
    ]


def test_personal_column_cannot_be_the_id(survey_folder):
    assert _problems(survey_folder, {"file": "utf8.csv", "id_column": "id",
                                     "personal_columns": ["email", "id"]}) == [
        "questionnaire.yaml:49:5: 'id' is the id or completion column: it cannot be dropped"]


def test_a_mapping_to_a_column_that_does_not_exist_names_where_it_is_set(read_export):
    with pytest.raises(SurveyError) as caught:
        read_export("utf8.csv", complete_column="submitdate", questions="""\
  - id: autre
    type: single
    text: "?"
    options: [{code: "1", label: "Oui"}]
    columns: Q99
  - id: grille
    type: grid
    text: "?"
    scale: accord
    items: [{code: a, label: "A"}, {code: b, label: "B"}]
    columns: {b: Q98}
""")
    assert str(caught.value).splitlines() == [
        "utf8.csv: missing column(s) grille_a (the questionnaire maps questions to them)",
        "questionnaire.yaml:48:14: column 'Q99' is not in utf8.csv",
        "questionnaire.yaml:54:18: column 'Q98' is not in utf8.csv",
        "questionnaire.yaml:56:20: column 'submitdate' is not in utf8.csv",
    ]
