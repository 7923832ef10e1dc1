"""Scales in their order: recognised from their labels (French and English), numbered, or
else a warning of check and build; grids only of one stem; an answer one edit away from a
frequent one read as it, with a warning."""

from __future__ import annotations

import random

import pandas as pd
import pytest
import yaml

from barorapport.cli import main
from barorapport.commands.init.levels import levels_of, one_edit, typos
from barorapport.commands.init.scales import recognised_order

from .conftest import name_the_publication
from .tool_exports import ACCURACY, write_accuracy_and_unrelated

SCALES = {
    "accuracy": ACCURACY,
    "agreement": ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                  "Strongly agree", "Don't know"],
    "agreement_fr": ["Pas du tout d'accord", "Plutôt pas d'accord", "Ni d'accord ni pas "
                     "d'accord", "Plutôt d'accord", "Tout à fait d'accord", "Ne se prononce pas"],
    "agreement_2020": ["Pas d'accord", "Plutôt pas d'accord", "Plutôt d'accord", "D'accord"],
    "frequency": ["Never", "Rarely", "Sometimes", "Often", "Always"],
    "frequency_fr": ["Jamais", "Rarement", "Parfois", "Souvent", "Toujours"],
    "satisfaction": ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied",
                     "Very satisfied"],
    "satisfaction_fr": ["Pas du tout satisfait", "Peu satisfait", "Assez satisfait",
                        "Très satisfait"],
    "importance": ["Not at all important", "Slightly important", "Moderately important",
                   "Very important", "Extremely important"],
    "importance_fr": ["Pas du tout important", "Peu important", "Assez important",
                      "Très important"],
    "likelihood": ["Very unlikely", "Unlikely", "Neither likely nor unlikely", "Likely",
                   "Very likely"],
    "likelihood_fr": ["Très peu probable", "Peu probable", "Probable", "Très probable"],
    "quality": ["Very poor", "Poor", "Fair", "Good", "Very good", "Excellent"],
    "quality_fr": ["Très mauvais", "Mauvais", "Moyen", "Bon", "Très bon", "Excellent"],
    "extent_fr": ["Pas du tout", "Plutôt pas", "Plutôt", "Tout à fait"],
    "yes_no": ["Yes", "No", "Prefer not to say"],
}


@pytest.mark.parametrize("name", sorted(SCALES))
def test_recognised_scales_in_their_order_whatever_the_rows(name):
    levels = SCALES[name]
    for seed in range(5):
        shuffled = random.Random(seed).sample(levels, len(levels))
        assert recognised_order(shuffled)[0] == levels, shuffled


@pytest.mark.parametrize("answers", [
    ["Strong Democrat", "Weak Democrat", "Independent"],  # a party ladder: no scale known
    ["Grade school", "High school", "Bachelor's degree"],
    ["Agree", "Satisfied", "Very accurate"],  # answers of three scales: none
    ["Agree", "Somewhat agree", "Mostly agree"],  # two at one degree
    ["Clinton", "Dole"],
])
def test_other_answers_are_no_scale(answers):
    assert recognised_order(answers) is None


def test_numbered_scales_labelled_at_their_ends_and_0_to_10():
    eleven = ["1 - Strongly Eurosceptic", *map(str, range(2, 11)), "11 - Strongly pro-EU"]
    levels = levels_of(random.Random(1).sample(eleven, 11) * 3)
    assert (levels.how, [label for _, label in levels.options]) == (
        "leading numbers", ["Strongly Eurosceptic", *map(str, range(2, 11)), "Strongly pro-EU"])
    ten = levels_of([str(value) for value in (7, 0, 10, 3, 5, 1, 2, 4, 6, 8, 9)])
    assert (ten.how, [code for code, _ in ten.options]) == ("numbers",
                                                            [str(v) for v in range(11)])


def test_a_label_keeps_its_number_unless_numbers_order_the_scale():
    """anes96's ``1-8 grades`` is a range, not a level's number: printed whole."""
    education = ["1-8 grades", "Some high school", "High school graduate", "Some college"]
    levels = levels_of(education * 3)
    assert [label for _, label in levels.options] == education
    assert levels.how != "leading numbers"


def test_an_answer_one_edit_away_from_a_frequent_one_is_read_as_it():
    answers = ["Jamais"] * 40 + ["Souvent"] * 30 + ["Parfois"] * 20 + ["Jamias"]
    assert typos(answers) == {"Jamias": "Jamais"}
    levels = levels_of(answers)
    assert [label for _, label in levels.options] == ["Jamais", "Parfois", "Souvent"]
    assert levels.answer_codes["Jamias"] == levels.answer_codes["Jamais"] == "1"
    assert levels.typos == (("Jamias", 1, "Jamais", 40),)
    # Two frequent answers one edit apart, or numbers, are answers of their own.
    assert typos(["Note"] * 10 + ["Nota"] * 10 + ["12"] * 30 + ["13"]) == {}


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("Jamias", "Jamais", True), ("Jamai", "Jamais", True), ("Jammais", "Jamais", True),
    ("jamais", "Jamais", True), ("Jamsia", "Jamais", False), ("Souvent", "Jamais", False)])
def test_one_edit(first, second, expected):
    assert one_edit(first, second) is expected


@pytest.fixture(scope="module")
def accuracy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("accuracy")
    export = folder / "personality.csv"
    frame = write_accuracy_and_unrelated(export)
    root = folder / "project"
    assert main(["init", str(root), "--from", str(export), "--edition", "2024"]) == 0
    name_the_publication(root)
    assert main(["--project", str(root), "build", "--format", "web", "--strict"]) == 0
    return root, frame


def test_a_grid_of_one_stem_on_a_recognised_scale_in_its_order(accuracy):
    root, _ = accuracy
    questionnaire = yaml.safe_load((root / "data/2024/questionnaire.yaml").read_text("utf-8"))
    assert [[level["label"] for level in scale["levels"]]
            for scale in questionnaire["scales"]] == [ACCURACY]
    published = pd.read_csv(root / "build/2024/web/data/describe_me.csv", encoding="utf-8-sig")
    for _, rows in published.groupby("item", sort=False):
        assert list(rows["label"]) == ACCURACY


def test_unrelated_variables_sharing_codes_are_questions_of_their_own(accuracy):
    root, frame = accuracy
    questionnaire = yaml.safe_load((root / "data/2024/questionnaire.yaml").read_text("utf-8"))
    types = {question["text"]: question["type"] for question in questionnaire["questions"]}
    assert types == {"Describe me": "grid", "educ": "single", "selfLR": "single",
                     "ClinLR": "single", "DoleLR": "single", "PID": "single"}
    for question in questionnaire["questions"][1:]:
        assert [option["code"] for option in question["options"]] == [
            str(code) for code in sorted(frame[question["text"]].unique())]
