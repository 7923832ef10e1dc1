"""SPSS and Stata files as a new user has them (statsmodels' anes96 written by pyreadstat
with variable labels, value labels, user-missing codes and two personal variables): ``init``
builds the questionnaire from the file's metadata and ``build`` publishes, with no edit,
shares equal to an independent pandas computation, scales in code order, nobody named."""

from __future__ import annotations

import pandas as pd
import pytest

from barorapport.cli import main
from barorapport.survey.export import read_export
from barorapport.survey.questionnaire import ResponsesSource

from .conftest import name_the_publication
from .spss_mrsets import add_mr_sets, categories, dichotomy
from .tool_files import (
    DESCRIBES,
    EDUCATION,
    LEFT_RIGHT,
    PARTY,
    english_pct,
    leaks,
    page_text,
    questionnaire_of,
    write_statfile,
)


@pytest.fixture(scope="module", params=["sav", "dta"])
def built(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    source = folder / f"anes96.{request.param}"
    answers, personal = write_statfile(source, request.param)
    root = folder / "project"
    assert main(["init", str(root), "--from", str(source), "--edition", "1996"]) == 0
    name_the_publication(root)
    assert main(["--project", str(root), "build", "--strict"]) == 0
    return root, answers, personal


def test_the_questionnaire_is_the_files_metadata(built):
    root, _, _ = built
    questionnaire = questionnaire_of(root)
    questions = {question["id"]: question for question in questionnaire["questions"]}
    sav = questionnaire["responses"]["file"].endswith(".sav")
    assert list(questions) == ["PID", "vote", "lr", "age", "educ", "popul",
                               *(["describe"] if sav else [])]
    assert {key: question["type"] for key, question in questions.items()} == {
        "PID": "single", "vote": "single", "lr": "grid", "age": "numeric", "educ": "single",
        "popul": "numeric", **({"describe": "multiple"} if sav else {})}
    if sav:
        # The multiple dichotomy set: its label the text, its variables' labels the options.
        assert questions["describe"]["text"] == "Which of these describe you?"
        assert [option["label"] for option in questions["describe"]["options"]] == DESCRIBES
        assert list(questions["describe"]["columns"].values()) == [
            "tv_daily", "big_city", "senior"]
        assert "# from: anes96.sav: multiple-response set describe" in (
            root / "data/1996/questionnaire.yaml").read_text("utf-8")
    assert questions["PID"]["text"] == "Party identification"
    # Options in code order, whatever order the file lists its labels in.
    assert [option["label"] for option in questions["PID"]["options"]] == PARTY
    assert questions["vote"]["options"] == [{"code": "0", "label": "Clinton"},
                                            {"code": "1", "label": "Dole"}]
    assert [option["label"] for option in questions["educ"]["options"]] == EDUCATION
    # One stem, the same value labels: a grid, its scale in code order, without the
    # user-missing code.
    assert questions["lr"]["text"] == "Left-right placement"
    assert [item["label"] for item in questions["lr"]["items"]] == ["yourself", "Bill Clinton",
                                                                    "Bob Dole"]
    assert [level["label"] for level in questionnaire["scales"][0]["levels"]] == LEFT_RIGHT
    assert questionnaire["responses"]["id_column"] == "respondent_id"
    # The labels are the file's; grouping the variables into a grid is init's guess.
    written = (root / "data/1996/questionnaire.yaml").read_text("utf-8")
    source = questionnaire["responses"]["file"]
    assert f"  - id: lr  # from: {source}: value labels of lr_self to lr_dole  # inferred: " \
           "one grid: consecutive variables of one stem with the same value labels\n" in written
    assert f"  - id: PID  # from: {source}: value labels of PID\n" in written
    # Stata declares no measure: numbers without labels are inferred numeric.
    assert [line.split("  #")[0] for line in written.split("questions:", 1)[1].splitlines()
            if "# inferred:" in line] == ["  - id: lr", *([] if sav else
                                                          ["  - id: age", "  - id: popul"])]


def test_published_shares_equal_pandas(built):
    root, answers, _ = built
    page = page_text(root / "build/1996/web/resultats.html")
    for column in ("PID", "vote", "educ"):
        for label, share in answers[column].value_counts(normalize=True).items():
            assert f"{label} {english_pct(share)}" in page, (column, label)
    # The refused answers (user-missing) are not answered: Bob Dole's base is smaller.
    dole = answers["lr_dole"].value_counts(normalize=True)
    assert answers["lr_dole"].notna().sum() < len(answers)
    for label, share in dole.items():
        assert english_pct(share) in page, label
    assert "Refused" not in page
    if (root / "build/1996/web/data/describe.csv").exists():
        ticks = pd.read_csv(root / "build/1996/web/data/describe.csv", encoding="utf-8-sig")
        assert ticks["base"].iloc[0] == len(answers)
        for label, name in zip(DESCRIBES, ("tv_daily", "big_city", "senior"), strict=True):
            assert ticks.loc[ticks["label"] == label, "share"].iloc[0] == pytest.approx(
                answers[name].mean(), abs=1e-6)


def test_the_grid_reads_in_its_scales_order_with_pandas_shares(built):
    root, answers, _ = built
    data = pd.read_csv(root / "build/1996/web/data/lr.csv", encoding="utf-8-sig")
    for item in ("lr_self", "lr_clinton", "lr_dole"):
        rows = data[data["item"] == item]
        assert rows["label"].tolist() == LEFT_RIGHT
        expected = answers[item].value_counts(normalize=True)
        assert rows["share"].tolist() == pytest.approx(
            [expected.get(label, 0.0) for label in LEFT_RIGHT], abs=1e-6)
        assert rows["base"].iloc[0] == answers[item].notna().sum()


def test_nobody_is_published(built):
    root, _, personal = built
    assert leaks(root / "build", personal) == []


def test_user_missing_cells_are_said(built, capsys):
    root, answers, _ = built
    assert main(["--project", str(root), "check"]) == 0
    refused = int(answers["lr_dole"].isna().sum())
    assert f"survey: {refused} cell(s) in 1 variable(s) hold a user-missing value the file " \
           "declares: read as not answered" in capsys.readouterr().err


def test_a_compressed_spss_file_gives_the_same_questionnaire(tmp_path):
    for kind in ("sav", "zsav"):
        write_statfile(tmp_path / f"anes96.{kind}", kind, mr_sets=False)
        assert main(["init", str(tmp_path / kind), "--from", str(tmp_path / f"anes96.{kind}"),
                     "--edition", "1996"]) == 0
    sav, zsav = questionnaire_of(tmp_path / "sav"), questionnaire_of(tmp_path / "zsav")
    assert zsav["responses"].pop("file") == "anes96.zsav"
    assert sav["responses"].pop("file") == "anes96.sav"
    assert zsav == sav


def test_multiple_response_sets_of_each_kind(tmp_path):
    """A dichotomy set counting 2 (the other codes not ticked) is one multiple choice; a
    category set is said in a note, its variables read one by one."""
    import pyreadstat

    frame = pd.DataFrame({"case": [1.0, 2.0, 3.0], "news_tv": [2.0, 1.0, 2.0],
                          "news_web": [1.0, 2.0, 2.0], "car1": [1.0, 2.0, 3.0],
                          "car2": [2.0, 3.0, 1.0]})
    path = tmp_path / "sets.sav"
    pyreadstat.write_sav(frame, path, column_labels={"news_tv": "Television",
                                                     "news_web": "Web sites"},
                         variable_value_labels={name: {1.0: "No", 2.0: "Yes"}
                                                for name in ("news_tv", "news_web")})
    add_mr_sets(path, [dichotomy("news", "Where do you get news?", ["news_tv", "news_web"],
                                 counted="2"),
                       categories("cars", "Cars owned", ["car1", "car2"])])
    export = read_export(ResponsesSource(), path, "sets.sav")
    news = next(question for question in export.carried.questions if question.id == "news")
    assert (news.type, news.text, news.columns, news.options) == (
        "multiple", "Where do you get news?", ("news_tv", "news_web"),
        (("news_tv", "Television"), ("news_web", "Web sites")))
    assert news.answer_codes == {"2": "1", "1": "0"}
    assert export.carried.notes == ("multiple-response set cars holds categories, not ticks: "
                                    "its variables are read one by one",)
