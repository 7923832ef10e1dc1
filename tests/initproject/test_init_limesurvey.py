"""A LimeSurvey survey as LimeSurvey writes its files (the ``.lss`` survey structure; the
response export in answer codes, its default, and in full answers, with LimeSurvey's
metadata columns, 30 unfinished responses, an answer outside the codes, invented
participants): ``init`` + ``build`` with no edit publish the 944 finished responses' shares
as pandas computes them, the array on its scale in order, the relevance as the question's
base, nobody named; the answer outside the codes is quarantined with its place."""

from __future__ import annotations

import csv

import pytest

from barorapport.cli import main
from barorapport.formatting import fmt_number
from barorapport.wording import language

from ..helpers import fold_spaces, pdf_text
from .limesurvey_files import NONE_OF_THESE, UNFINISHED, write_limesurvey
from .tool_files import (
    DESCRIBES,
    EDUCATION,
    LEFT_RIGHT,
    PARTY,
    TV_DAYS,
    english_pct,
    figure_data,
    leaks,
    page_text,
    questionnaire_of,
)

ITEMS = ["Yourself", "Bill Clinton", "Bob Dole"]


@pytest.fixture(scope="module", params=[("codes", "brackets"), ("full", "underscores")],
                ids=["codes", "full-answers"])
def built(request, tmp_path_factory):
    answers_as, heading = request.param
    folder = tmp_path_factory.mktemp(f"limesurvey_{answers_as}")
    export, definition, answers, personal = write_limesurvey(folder, answers_as, heading)
    root = folder / "project"
    assert main(["init", str(root), "--from", str(export), "--from", str(definition),
                 "--edition", "1996"]) == 0
    assert main(["--project", str(root), "build"]) == 0
    return root, answers, personal, answers_as


def test_the_questionnaire_is_the_lss(built):
    root, _, _, answers_as = built
    questionnaire = questionnaire_of(root)
    questions = {question["id"]: question for question in questionnaire["questions"]}
    assert {key: question["type"] for key, question in questions.items()} == {
        "G01Q01": "single", "G01Q02": "grid", "G01Q03": "numeric", "G01Q04": "single",
        "G02Q05": "multiple", "G02Q06": "single", "G02Q07": "single", "G02Q08": "numeric"}
    assert questionnaire["survey"]["title"] == "Election study 1996 (LimeSurvey)"
    assert questionnaire["responses"]["id_column"] == "id"
    # LimeSurvey's answer codes, the answers' texts as labels, in their sort order.
    assert [(option["code"], option["label"]) for option in questions["G01Q01"]["options"]] \
        == [(f"A{index}", label) for index, label in enumerate(PARTY, start=1)]
    assert [option["label"] for option in questions["G01Q04"]["options"]] == EDUCATION
    assert [level["label"] for level in questionnaire["scales"][0]["levels"]] == LEFT_RIGHT
    assert [item["label"] for item in questions["G01Q02"]["items"]] == ITEMS
    assert [option["label"] for option in questions["G02Q05"]["options"]] == [
        *DESCRIBES, NONE_OF_THESE]
    # The relevance equation is the question's filter; the other one is not (a note).
    assert questions["G02Q06"]["asked_if"] == {"question": "G01Q04",
                                                "answers": ["A3", "A4", "A5", "A6", "A7"]}
    assert "asked_if" not in questions["G02Q08"]
    if answers_as == "full":
        assert questions["G01Q01"]["answer_codes"]["Strong Democrat"] == "A1"
        assert questions["G02Q05"]["answer_codes"] == {"Yes": "1", "No": "0"}
    else:
        assert "answer_codes" not in questions["G01Q01"]
    # What the file declares is not inferred: check lists no note about it.
    text = (root / "data/1996/questionnaire.yaml").read_text("utf-8")
    assert "# inferred:" not in text.split("questions:", 1)[1]
    assert '"Election study 1996 (LimeSurvey)"  # from: ' in text
    report = (root / "report/1996/report.yaml").read_text("utf-8")
    assert "respondents: finished  # inferred: limesurvey marks previews, tests or " \
           "unfinished responses (submitdate)" in report


def test_published_shares_equal_pandas(built):
    root, answers, _, _ = built
    page = page_text(root / "build/1996/web/resultats.html")
    for column in ("G01Q01", "G01Q04", "G02Q07"):
        for label, share in answers[column].value_counts(normalize=True).items():
            assert f"{label} {english_pct(share)}" in page, (column, label)
    asked = answers["G02Q06"].dropna()
    data = figure_data(root, "G02Q06")
    assert data["label"].tolist() == TV_DAYS
    assert data["base"].iloc[0] == len(asked) < len(answers)
    assert data["share"].tolist() == pytest.approx(
        [asked.value_counts(normalize=True).get(label, 0.0) for label in TV_DAYS], abs=1e-6)
    ticks = figure_data(root, "G02Q05")
    assert ticks["base"].iloc[0] == len(answers)
    for index, label in enumerate([*DESCRIBES, NONE_OF_THESE], start=1):
        share = answers[f"G02Q05_SQ00{index}"].mean()
        assert ticks.loc[ticks["label"] == label, "share"].iloc[0] == pytest.approx(
            share, abs=1e-6)
    for figure, column in (("G01Q03", "G01Q03"), ("G02Q08", "G02Q08")):
        mean = figure_data(root, figure).set_index("label").loc["mean"]
        assert mean["value"] == pytest.approx(answers[column].mean())
        assert mean["base"] == answers[column].notna().sum()


def test_the_array_reads_in_its_scales_order(built):
    root, answers, _, _ = built
    data = figure_data(root, "G01Q02")
    for index, item in enumerate(ITEMS, start=1):
        rows = data[data["item_label"] == item]
        assert rows["label"].tolist() == LEFT_RIGHT
        expected = answers[f"G01Q02_SQ00{index}"].value_counts(normalize=True)
        assert rows["share"].tolist() == pytest.approx(
            [expected.get(label, 0.0) for label in LEFT_RIGHT], abs=1e-6)


def test_an_answer_outside_the_codes_is_quarantined_and_unfinished_ones_left_out(built):
    root, answers, _, answers_as = built
    with (root / "build/1996/quarantine.csv").open(encoding="utf-8") as file:
        lines = list(csv.DictReader(file))
    outside = lines[0]
    accepted = PARTY if answers_as == "full" else [f"A{n}" for n in range(1, 8)]
    assert (outside["row"], outside["column"], outside["value"], outside["expected"]) == (
        str(len(answers) + 2), "G01Q01", "a text of 2 characters",
        f"one of {', '.join(accepted)}")
    assert [line["column"] for line in lines[1:]] == ["submitdate"] * UNFINISHED
    assert lines[-1]["expected"] == ("a finished response (left out by report.yaml's "
                                     "respondents: finished)")
    text = " ".join(pdf_text(root / "build/1996/publication-1996.pdf").split())
    assert "Responses counted: only finished responses are counted; rows left out: " \
           f"{UNFINISHED} unfinished responses." in text
    with language("en"):
        assert f"{fmt_number(len(answers))} respondents" in fold_spaces(text)


def test_nobody_is_published(built):
    root, _, personal, _ = built
    assert leaks(root / "build", personal) == []


def test_without_the_lss_init_says_what_is_missing(tmp_path, capsys):
    export, _, _, _ = write_limesurvey(tmp_path)
    assert main(["init", str(tmp_path / "bare"), "--from", str(export), "--edition",
                 "1996"]) == 0
    assert "note: a LimeSurvey export without its survey structure: the options are " \
           "LimeSurvey's answer codes (A1...) and the texts its question codes; give the " \
           ".lss too (init --from export.csv --from survey.lss: LimeSurvey's " \
           "Display/Export > Survey structure)" in capsys.readouterr().out
    questions = questionnaire_of(tmp_path / "bare")["questions"]
    columns = {column for question in questions for column in (
        [question["columns"]] if isinstance(question.get("columns"), str)
        else list((question.get("columns") or {question["id"]: question["id"]}).values()))}
    assert not columns & {"id", "submitdate", "lastpage", "startlanguage", "seed",
                          "startdate", "datestamp", "ipaddr", "refurl", "token", "firstname",
                          "lastname", "email", "interviewtime", "groupTime11"}
