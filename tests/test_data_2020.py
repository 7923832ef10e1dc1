"""The shipped 2020 data reproduces every figure the 2020 publication states.

Figures are computed through the real survey, open-answers and stats stages, then
compared with tests/reference/figures-2020.yaml (a copy of the shared reference) at the
precision that file gives.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from barorapport.config.project import find_edition, load_report
from barorapport.formatting import round_half_up
from barorapport.openanswers import load_testimonies, load_themes, match_themes, verify_testimonies
from barorapport.render.chapters import survey_summary
from barorapport.stats import compute_figures
from barorapport.survey import load_questionnaire, load_survey

REPO = Path(__file__).parent.parent
REFERENCE = yaml.safe_load((Path(__file__).parent / "reference/figures-2020.yaml").read_text(
    encoding="utf-8"))
SHARED_REFERENCE = REPO.parent / "shared/reference/figures-2020.yaml"


@pytest.fixture(scope="module")
def edition_2020():
    edition = find_edition(REPO, "2020")
    questionnaire = load_questionnaire(edition.questionnaire_path)
    survey = load_survey(questionnaire, edition.data_dir / questionnaire.responses.file)
    rules = load_themes(edition.themes_path, survey)
    figures = compute_figures(survey, load_report(edition).thresholds,
                              match_themes(rules, survey), rules.labels())
    return edition, survey, figures


def _question_with(survey, labels, kind="options"):
    """The question whose options (or items) include every label: found by content."""
    for question in survey.questionnaire.questions:
        own = {choice.label for choice in getattr(question, kind)}
        if set(labels) <= own:
            return question
    raise AssertionError(f"no question has the {kind} {sorted(labels)}")


def _code(question, label):
    return next(choice.code for choice in (*question.options, *question.items)
                if choice.label == label)


def _at_precision(share: float, expected) -> Decimal:
    """``share`` (0 to 1) in percent, rounded as the publication rounds, at the precision of
    ``expected`` as the reference file writes it."""
    text = str(expected)
    digits = len(text.split(".")[1]) if "." in text else 0
    return round_half_up(share * 100, digits)


def test_reference_copy_matches_the_shared_reference():
    """The committed copy is what the build is checked against; where the shared reference
    is beside the clone (as in CI), the two must be the same."""
    assert {"survey", "activities_with_people", "skills_acquired", "training_wishes",
            "opinions_for_people", "opinions_for_practice"} <= set(REFERENCE)
    if SHARED_REFERENCE.is_file():
        shared = yaml.safe_load(SHARED_REFERENCE.read_text(encoding="utf-8"))
        assert shared == REFERENCE


def test_respondents_and_completion(edition_2020):
    _, survey, _ = edition_2020
    summary = survey_summary(survey)
    expected = REFERENCE["survey"]
    assert summary["respondents"] == expected["respondents"]
    assert summary["complete"] == expected["complete"]
    assert summary["partial"] == expected["partial"]
    assert summary["closed_questions"] == expected["closed_questions"]
    assert summary["open_questions"] == expected["open_questions"]
    assert summary["fieldwork"].start == expected["fieldwork"]["start"]
    assert summary["fieldwork"].end == expected["fieldwork"]["end"]


def test_bases_shrink_along_the_questionnaire(edition_2020):
    _, survey, _ = edition_2020
    answered = [int(survey.answered(q).sum()) for q in survey.questionnaire.questions]
    assert answered == sorted(answered, reverse=True)
    assert answered[0] > answered[-1]


def test_respondent_functions(edition_2020):
    _, survey, figures = edition_2020
    labels = REFERENCE["respondent_functions"]
    question = _question_with(survey, labels)
    assert question.type == "single"
    assert [option.label for option in question.options[:len(labels)]] == labels
    assert sum(figure.count for figure in figures.select(question.id)) == \
        int(survey.answered(question).sum())


def test_telework_theme(edition_2020):
    _, survey, figures = edition_2020
    rows = figures.table[(figures.table["measure"] == "theme")
                         & (figures.table["label"] == "Télétravail")]
    assert len(rows) == 1
    expected = REFERENCE["open_question_evolution"]["theme_teletravail_respondents"]
    assert rows["count"].iloc[0] == expected


def test_activities_share_of_mentions(edition_2020):
    _, survey, figures = edition_2020
    expected = REFERENCE["activities_with_people"]["share_of_mentions_pct"]
    question = _question_with(survey, expected)
    assert question.type == "multiple"
    for label, published in expected.items():
        figure = figures.get(question.id, measure="mentions", option=_code(question, label))
        assert _at_precision(figure.share, published) == Decimal(str(published)).quantize(
            Decimal("0.01")), label
    ranked = [figure.label for figure in figures.ranked(question.id, measure="mentions")]
    assert ranked[0] == "Courriels ou SMS"
    assert ranked.index("Communication écrite par les réseaux sociaux ou la messagerie "
                        "instantanée") > 3


def test_professional_practices(edition_2020):
    _, survey, figures = edition_2020
    items = REFERENCE["professional_practices"]["items"]
    question = _question_with(survey, items, kind="items")
    scale = survey.questionnaire.scale_of(question)
    assert [level.label for level in scale.levels] == REFERENCE["professional_practices"][
        "levels"]

    def shares(label):
        return {figure.label: figure.share for figure in
                figures.select(question.id, measure="level", item=_code(question, label))}

    training = shares("Suivre une formation")
    assert max(training, key=training.get) == "Jamais"
    for universal in ("Rechercher de l'information", "Rédiger des rapports, courriers"):
        assert shares(universal)["Jamais"] < 0.05, universal
    press = shares("Consulter la presse professionnelle")
    assert press["Parfois"] + press["Souvent"] > 0.75


def _agree(figures, question, label, group="agree"):
    return figures.get(question.id, measure="group", item=_code(question, label), group=group)


def test_opinions_for_people(edition_2020):
    _, survey, figures = edition_2020
    items = REFERENCE["opinions_for_people"]["items"]
    question = _question_with(survey, items, kind="items")
    for label, published in items.items():
        for key, group in (("agree_pct", "agree"), ("disagree_pct", "disagree")):
            if key in published:
                share = _agree(figures, question, label, group).share
                assert _at_precision(share, published[key]) == published[key], label
    rights = "La dématérialisation administrative facilite l'accès aux droits"
    autonomy = "Les outils numériques donnent de l'autonomie aux personnes accompagnées"
    assert _agree(figures, question, rights).share < 0.5
    assert _agree(figures, question, autonomy).share > 0.5


def test_opinions_for_practice(edition_2020):
    _, survey, figures = edition_2020
    items = REFERENCE["opinions_for_practice"]["items"]
    question = _question_with(survey, items, kind="items")
    for label, published in items.items():
        percent = _agree(figures, question, label).share * 100
        assert percent >= published["agree_pct_min"], label
        if "agree_pct_max" in published:
            assert percent < published["agree_pct_max"], label
        if published["agree_pct_text"] == "80 %":
            assert round_half_up(percent, 0) == 80


def test_skills_acquired(edition_2020):
    _, survey, figures = edition_2020
    expected = REFERENCE["skills_acquired"]["share_pct"]
    question = _question_with(survey, expected)
    assert question.type == "single"
    for label, published in expected.items():
        figure = figures.get(question.id, option=_code(question, label))
        assert _at_precision(figure.share, published) == Decimal(str(published)), label


def test_training_wishes(edition_2020):
    _, survey, figures = edition_2020
    top = REFERENCE["training_wishes"]["top_domain"]
    question = _question_with(survey, [top])
    mentions = figures.ranked(question.id, measure="mentions")
    assert mentions[0].label == top
    assert mentions[0].base == REFERENCE["training_wishes"]["total_mentions"]


def test_every_testimony_is_its_respondents_words(edition_2020):
    edition, survey, _ = edition_2020
    testimonies = load_testimonies(edition.testimonies_path)
    assert testimonies
    verify_testimonies(testimonies, survey, edition.testimonies_path)


def test_generator_is_deterministic_and_matches_the_committed_files(tmp_path):
    source = REPO / "data/2020"
    outputs = []
    for run in ("first", "second"):
        folder = tmp_path / run
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("__pycache__"))
        (folder / "responses.csv").unlink()
        subprocess.run([sys.executable, str(folder / "reconstruct.py")], check=True,
                       capture_output=True)
        outputs.append((folder / "responses.csv").read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == (source / "responses.csv").read_bytes()
