"""A Qualtrics export as Qualtrics writes it (three heading rows, its metadata columns, 2
preview rows and 40 unfinished responses, invented recipients' names, e-mails, IP
addresses and coordinates), in choice text and in numeric values, with its .qsf: ``init`` +
``build`` with no edit publish the 944 real, finished responses' shares as pandas computes
them, scales in their order, nobody named; the rule is declared, listed and stated."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from barorapport.cli import main
from barorapport.formatting import fmt_number
from barorapport.survey.export import read_export
from barorapport.survey.questionnaire import ResponsesSource
from barorapport.wording import language

from ..helpers import fold_spaces, pdf_text
from .conftest import name_the_publication
from .tool_files import (
    DESCRIBES,
    EDUCATION,
    LEFT_RIGHT,
    PARTY,
    TV_DAYS,
    english_pct,
    leaks,
    page_text,
    questionnaire_of,
    write_qualtrics,
)


@pytest.fixture(scope="module", params=["text", "numeric"])
def built(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"qualtrics_{request.param}")
    export, definition, answers, personal = write_qualtrics(folder, request.param)
    root = folder / "project"
    assert main(["init", str(root), "--from", str(export), "--from", str(definition),
                 "--edition", "1996"]) == 0
    name_the_publication(root)  # the title is the .qsf's; the author is to fill
    assert main(["--project", str(root), "build", "--strict"]) == 0
    return root, answers, personal


def test_the_questionnaire_is_the_qsfs(built):
    root, _, _ = built
    questionnaire = questionnaire_of(root)
    questions = {question["id"]: question for question in questionnaire["questions"]}
    assert {key: question["type"] for key, question in questions.items()} == {
        "Q1": "single", "Q2": "grid", "Q3": "numeric", "Q4": "single", "Q5": "multiple",
        "Q6": "single", "Q8": "single"}
    assert questionnaire["survey"]["title"] == "Election study 1996 (Qualtrics)"
    assert questionnaire["responses"]["id_column"] == "ResponseId"
    # Recode values are the codes; the options in the survey's order.
    assert [(option["code"], option["label"]) for option in questions["Q1"]["options"]] == \
        list(zip([str(code) for code in range(7)], PARTY, strict=True))
    assert [option["label"] for option in questions["Q6"]["options"]] == TV_DAYS
    assert [level["label"] for level in questionnaire["scales"][0]["levels"]] == LEFT_RIGHT
    assert [item["label"] for item in questions["Q2"]["items"]] == [
        "Yourself", "Bill Clinton", "Bob Dole"]
    # The display logic is the question's filter.
    assert questions["Q6"]["asked_if"] == {"question": "Q4", "answers": ["3", "4", "5", "6",
                                                                          "7"]}
    # The ticked options share one cell, joined by commas (an option holds one).
    assert questions["Q5"]["columns"] == "Q5"
    report = (root / "report/1996/report.yaml").read_text("utf-8")
    assert "respondents: finished  # inferred: qualtrics marks previews, tests or unfinished " \
           "responses (Status, Finished)" in report


def test_published_shares_equal_pandas(built):
    root, answers, _ = built
    page = page_text(root / "build/1996/web/resultats.html")
    for column in ("Q1", "Q4", "Q8"):
        for label, share in answers[column].value_counts(normalize=True).items():
            assert f"{label} {english_pct(share)}" in page, (column, label)
    asked = answers["Q6"].dropna()
    assert len(asked) < len(answers)
    data = pd.read_csv(root / "build/1996/web/data/Q6.csv", encoding="utf-8-sig")
    assert data["label"].tolist() == TV_DAYS
    assert data["base"].iloc[0] == len(asked)
    assert data["share"].tolist() == pytest.approx(
        [asked.value_counts(normalize=True).get(label, 0.0) for label in TV_DAYS], abs=1e-6)
    ticks = pd.read_csv(root / "build/1996/web/data/Q5.csv", encoding="utf-8-sig")
    answered = answers["Q5"][answers["Q5"].map(bool)]
    for label in DESCRIBES:
        share = answered.map(lambda chosen, label=label: label in chosen).mean()
        assert ticks.loc[ticks["label"] == label, "share"].iloc[0] == pytest.approx(
            share, abs=1e-6)


def test_the_grid_reads_in_its_scales_order(built):
    root, answers, _ = built
    data = pd.read_csv(root / "build/1996/web/data/Q2.csv", encoding="utf-8-sig")
    for item, column in (("1", "Q2_1"), ("2", "Q2_2"), ("3", "Q2_3")):
        rows = data[data["item"].astype(str) == item]
        assert rows["label"].tolist() == LEFT_RIGHT
        expected = answers[column].value_counts(normalize=True)
        assert rows["share"].tolist() == pytest.approx(
            [expected.get(label, 0.0) for label in LEFT_RIGHT], abs=1e-6)


def test_previews_and_unfinished_responses_are_left_out_listed_and_stated(built):
    root, answers, _ = built
    with (root / "build/1996/quarantine.csv").open(encoding="utf-8") as file:
        lines = list(csv.DictReader(file))
    assert [line["column"] for line in lines] == ["Status"] * 2 + ["Finished"] * 40
    assert lines[0]["expected"] == ("a real response, not a preview (left out by report.yaml's "
                                    "respondents: finished)")
    assert lines[-1]["expected"] == ("a finished response (left out by report.yaml's "
                                     "respondents: finished)")
    text = " ".join(pdf_text(root / "build/1996/publication-1996.pdf").split())
    assert "Responses counted: only finished responses are counted; rows left out: 2 " \
           "previews and 40 unfinished responses." in text
    with language("en"):
        assert f"{fmt_number(len(answers))} respondents" in fold_spaces(text)


def test_nobody_is_published(built):
    root, _, personal = built
    assert leaks(root / "build", personal) == []


@pytest.mark.parametrize("rows", [1, 2, 3])
def test_the_heading_rows_are_recognised_however_many_are_left(tmp_path, rows):
    export, _, answers, _ = write_qualtrics(tmp_path, "text", heading_rows=rows)
    read = read_export(ResponsesSource(), export, export.name)
    assert read.layout.name == "qualtrics"
    assert read.layout.header_rows == rows
    assert len(read) == len(answers) + 42
    assert read.carried.role("RecipientEmail") == "personal"
    assert read.carried.role("Finished") == "completion"


def test_without_the_qsf_no_metadata_is_a_question(tmp_path):
    export, _, _, _ = write_qualtrics(tmp_path, "text")
    assert main(["init", str(tmp_path / "bare"), "--from", str(export), "--edition",
                 "1996"]) == 0
    questions = questionnaire_of(tmp_path / "bare")["questions"]
    columns = {column for question in questions for column in (
        [question["columns"]] if isinstance(question.get("columns"), str)
        else list((question.get("columns") or {question["id"]: question["id"]}).values()))}
    assert not columns & {"StartDate", "Status", "IPAddress", "Progress", "Finished",
                          "ResponseId", "RecipientFirstName", "RecipientLastName",
                          "RecipientEmail", "LocationLatitude", "LocationLongitude",
                          "UserLanguage", "DistributionChannel", "Duration (in seconds)"}
    texts = {question["text"] for question in questions}
    assert "Generally speaking, do you think of yourself as...?" in texts
    assert EDUCATION[1] in {option["label"] for question in questions
                            for option in question.get("options", [])}


@pytest.mark.warnings  # without the .qsf: scales init cannot order (review_order)
def test_without_the_qsf_multiple_answers_in_one_cell_are_a_multiple_choice(tmp_path):
    """The ticked choices joined by ',' (one of them holding a comma) are found as the
    options of one multiple choice, not as single answers; built with no edit, their shares
    are pandas'."""
    export, _, answers, _ = write_qualtrics(tmp_path, "text")
    root = tmp_path / "bare"
    assert main(["init", str(root), "--from", str(export), "--edition", "1996"]) == 0
    questions = {question["id"]: question for question in questionnaire_of(root)["questions"]}
    assert questions["q5"]["type"] == "multiple"
    assert questions["q5"]["columns"] == "Q5"
    assert sorted(option["label"] for option in questions["q5"]["options"]) == \
        sorted(DESCRIBES)
    assert main(["--project", str(root), "build"]) == 0
    ticks = pd.read_csv(root / "build/1996/web/data/q5.csv", encoding="utf-8-sig")
    answered = answers["Q5"][answers["Q5"].map(bool)]
    assert ticks["base"].iloc[0] == len(answered)
    for label in DESCRIBES:
        share = answered.map(lambda chosen, label=label: label in chosen).mean()
        assert ticks.loc[ticks["label"] == label, "share"].iloc[0] == pytest.approx(
            share, abs=1e-6)


@pytest.mark.warnings  # without the .qsf: scales init cannot order (review_order)
def test_without_the_qsf_split_multiple_answers_are_one_multiple_choice(tmp_path):
    """Q5 split in one column per option ("split multi-value fields"), each ticked box
    holding its choice text: one multiple choice, its options named by the heading row's
    ``Question - Selected Choice - Option``; built with no edit, its shares are pandas'."""
    export, _, answers, personal = write_qualtrics(tmp_path, "text", split=True)
    root = tmp_path / "bare"
    assert main(["init", str(root), "--from", str(export), "--edition", "1996"]) == 0
    questions = {question["id"]: question for question in questionnaire_of(root)["questions"]}
    assert questions["q5"]["type"] == "multiple"
    assert questions["q5"]["text"] == "Which of these describe you?"
    assert [option["label"] for option in questions["q5"]["options"]] == DESCRIBES
    assert list(questions["q5"]["columns"].values()) == ["Q5_1", "Q5_2", "Q5_3"]
    assert main(["--project", str(root), "build"]) == 0
    ticks = pd.read_csv(root / "build/1996/web/data/q5.csv", encoding="utf-8-sig")
    answered = answers["Q5"][answers["Q5"].map(bool)]
    assert ticks["base"].iloc[0] == len(answered)
    for label in DESCRIBES:
        share = answered.map(lambda chosen, label=label: label in chosen).mean()
        assert ticks.loc[ticks["label"] == label, "share"].iloc[0] == pytest.approx(
            share, abs=1e-6)
    assert leaks(root / "build", personal) == []


@pytest.mark.parametrize("values", ["text", "numeric"])
def test_without_heading_texts_split_columns_are_named_by_what_they_hold(tmp_path, values):
    """With the heading rows deleted, a ticked box's choice text names its option; in
    numeric values (``1``) nothing does: the options are the columns' suffixes."""
    export, _, _, _ = write_qualtrics(tmp_path, values, heading_rows=1, split=True)
    assert main(["init", str(tmp_path / "bare"), "--from", str(export), "--edition",
                 "1996"]) == 0
    questions = {question["id"]: question
                 for question in questionnaire_of(tmp_path / "bare")["questions"]}
    assert [option["label"] for option in questions["q5"]["options"]] == (
        DESCRIBES if values == "text" else ["1", "2", "3"])


def test_without_the_qsf_numeric_joins_are_codes_not_decimal_numbers(tmp_path, capsys):
    """Numeric values joined by ',' (``1,3``) are a multiple choice's codes, not numbers
    with a decimal comma; init says what the .qsf would add."""
    export, _, _, _ = write_qualtrics(tmp_path, "numeric")
    assert main(["init", str(tmp_path / "bare"), "--from", str(export), "--edition",
                 "1996"]) == 0
    questionnaire = questionnaire_of(tmp_path / "bare")
    assert "decimal" not in questionnaire["responses"]
    questions = {question["id"]: question for question in questionnaire["questions"]}
    assert (questions["q5"]["type"], questions["q5"]["columns"]) == ("multiple", "Q5")
    assert [option["code"] for option in questions["q5"]["options"]] == ["1", "2", "3"]
    assert "note: a Qualtrics export without its survey definition: the options' order (in " \
           "numeric values, their labels too) and the display logic are guessed from the " \
           "answers; give the .qsf too (init --from export.csv --from survey.qsf: Qualtrics' " \
           "Survey > Tools > Import/Export > Export survey)\n" in capsys.readouterr().out
