"""A SurveyMonkey export as SurveyMonkey writes it (two heading rows: a question's text
over its columns, its options or a grid's rows under it; a multiple choice one column per
option holding the option's text when ticked; its bookkeeping columns; invented names,
e-mails, phone numbers and IP addresses): ``init`` + ``build`` with no edit publish every
choice share as pandas computes it from the file, nobody named (the PDF's text included)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
import yaml

from barorapport.cli import main

from ..helpers import shown_values
from .tool_exports import write_surveymonkey
from .tool_files import DESCRIBES, anes, published_texts

MULTIPLE = "Which of these describe you? (Select all that apply)"

# The party and education ladders are no scale init knows: the build warns (review_order),
# as tests/initproject/test_scales.py checks word for word.
pytestmark = pytest.mark.warnings


def _with_a_multiple_choice(export) -> None:
    """The export with a multiple choice added as SurveyMonkey writes one."""
    data = anes()
    ticked = [data["TVnews"] == 7, data["popul"] >= 100, data["age"] >= 65]
    with export.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    rows[0] += [MULTIPLE, "", ""]
    rows[1] += DESCRIBES
    for index, row in enumerate(rows[2:]):
        row += [label if tick.iloc[index] else "" for label, tick
                in zip(DESCRIBES, ticked, strict=True)]
    with export.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("surveymonkey")
    export = folder / "surveymonkey.csv"
    _, personal = write_surveymonkey(export)
    _with_a_multiple_choice(export)
    root = folder / "project"
    assert main(["init", str(root), "--from", str(export), "--edition", "2024",
                 "--banner", "Who do you plan to vote for?"]) == 0
    assert main(["--project", str(root), "build", "--format", "pdf,web"]) == 0
    return root, export, personal


def _columns(export) -> dict[str, pd.Series]:
    """The export's columns by the headings SurveyMonkey's two rows make (``Question``, or
    ``Question [Option]`` under a text carried over the columns after it), read apart from
    barorapport."""
    with export.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    columns, top = {}, ""
    for index, (first, second) in enumerate(zip(rows[0], rows[1], strict=True)):
        top = first or top
        heading = top if second in ("", "Response", "Open-Ended Response") \
            else f"{top} [{second}]"
        columns[heading] = pd.Series([row[index] for row in rows[2:]])
    return columns


def _labels(question: dict, values: pd.Series) -> pd.Series:
    """A single choice's answers as labels (empty: not answered), through the codes init
    wrote."""
    labels = {option["code"]: option["label"] for option in question["options"]}
    codes = question.get("answer_codes", {})
    return values.map(lambda value: labels[codes.get(value, value)] if value else "")


def _expected(question: dict, values: pd.Series) -> pd.Series:
    """A single choice's shares by label, as pandas counts the export's values."""
    labels = _labels(question, values)
    return labels[labels != ""].value_counts(normalize=True)


def test_every_published_share_equals_pandas(built):
    root, export, _ = built
    questionnaire = yaml.safe_load((root / "data/2024/questionnaire.yaml").read_text("utf-8"))
    scales = {scale["id"]: scale for scale in questionnaire.get("scales", [])}
    figures = pd.read_csv(root / "build/2024/figures.csv", encoding="utf-8-sig",
                          keep_default_na=False)
    crossed = figures[figures["banner"] != ""]
    figures = figures[(figures["grouping"] == "") & (figures["banner"] == "")
                      & (figures["share"] != "")].astype({"share": float, "base": int})
    columns = _columns(export)
    compared = 0
    questions = {question["id"]: question for question in questionnaire["questions"]}
    # Crosstab cells (those published: small cells are suppressed).
    cells = crossed[crossed["share"] != ""]
    for (asked, banner), published in cells.groupby(["question", "banner"]):
        if questions[asked]["type"] != "single":
            continue
        rows = _labels(questions[asked], columns[questions[asked]["columns"]])
        by = _labels(questions[banner], columns[questions[banner]["columns"]])
        both = (rows != "") & (by != "")
        expected = pd.crosstab(rows[both], by[both], normalize="columns")
        for cell in published.itertuples():
            assert float(cell.share) == pytest.approx(
                expected.loc[cell.label, cell.banner_label], abs=1e-6), (asked, cell.label)
            compared += 1
    assert compared >= 20
    compared = 0
    for question in questionnaire["questions"]:
        published = figures[figures["question"] == question["id"]]
        if question["type"] == "single":
            expected = _expected(question, columns[question["columns"]])
            shares = published.set_index("label")["share"]
            assert sorted(shares.index) == sorted(expected.index)
            for label, share in expected.items():
                assert shares[label] == pytest.approx(share, abs=1e-6), (question["id"], label)
                compared += 1
        elif question["type"] == "grid":
            levels = {"options": scales[question["scale"]]["levels"],
                      "answer_codes": question.get("answer_codes", {})}
            for item, column in question["columns"].items():
                expected = _expected(levels, columns[column])
                shares = published[published["item"] == item].set_index("label")["share"]
                for label, share in expected.items():
                    assert shares[label] == pytest.approx(share, abs=1e-6), (item, label)
                    compared += 1
        elif question["type"] == "multiple":
            ticks = pd.DataFrame({option: columns[column] != "" for option, column
                                  in question["columns"].items()})
            answered = ticks[ticks.any(axis=1)]
            by = published.set_index(["measure", "option"])["share"]
            assert set(published["base"]) == {len(answered), int(ticks.to_numpy().sum())}
            for option in ticks:
                assert by["respondents", option] == pytest.approx(answered[option].mean(),
                                                                  abs=1e-6)
                assert by["mentions", option] == pytest.approx(
                    ticks[option].sum() / ticks.to_numpy().sum(), abs=1e-6)
                compared += 1
    # Party 7, vote 2, 3 x 7 places, education 7, TV days 8, 3 options.
    assert compared == 7 + 2 + 21 + 7 + 8 + 3
    assert {question["type"] for question in questionnaire["questions"]} == {
        "single", "grid", "numeric", "multiple"}


def test_nobody_is_published(built):
    root, export, personal = built
    texts = published_texts(root / "build")
    assert any(name.endswith(".pdf") for name in texts)
    values = {value for column in personal.values() for value in column}
    # The respondents' and the collector's ids too.
    values |= {*_columns(export)["Respondent ID"], *_columns(export)["Collector ID"]}
    assert shown_values(texts, values) == []
