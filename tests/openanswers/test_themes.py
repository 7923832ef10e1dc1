"""Theme rules: French word forms, regular expressions, exclusions, the themes command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import barorapport
from barorapport.errors import ConfigError
from barorapport.openanswers.themes import Theme, load_themes, match_theme
from barorapport.survey import load_questionnaire, load_survey


def _found(theme: Theme, *answers: str) -> list[bool]:
    return match_theme(pd.Series(list(answers), dtype=object), theme).counted.tolist()


@pytest.mark.parametrize(("word", "forms", "others"), [
    ("usager", ["l'usager", "Usagers", "une usagère", "des usagères"], ["usage", "usagerie"]),
    ("social", ["sociale", "SOCIAUX", "sociales"], ["socialisme"]),
    ("éducateur", ["educatrices", "Éducateurs"], ["education"]),
    ("professionnel", ["professionnelle", "professionnels"], ["professionnalisme"]),
    ("réseau social", ["réseaux sociaux", "réseau-social"], ["réseau d'aide"]),
    ("numéri*", ["numérique", "numérisation"], ["énumérer"]),
    ("cœur", ["coeur", "cœurs"], ["choeur"]),
])
def test_words_match_french_forms_and_whole_words_only(word, forms, others):
    theme = Theme(id="t", label="T", words=[word])
    assert _found(theme, *forms) == [True] * len(forms)
    assert _found(theme, *others) == [False] * len(others)


def test_patterns_keep_their_case_sensitive_escapes_and_ignore_accents():
    theme = Theme(id="t", label="T", patterns=[r"\bT[ée]l[ée]\W?travail"])
    assert _found(theme, "Le TÉLÉ-TRAVAIL", "teletravail", "hotel travail") == [
        True, True, False]


def test_exclusions_drop_an_answer_from_the_theme():
    theme = Theme(id="t", label="T", words=["télétravail"], exclude_words=["pas de télétravail"],
                  exclude=[r"jamais\W+(de\W+)?t"])
    assert _found(theme, "du télétravail", "pas de télétravail", "jamais de télétravail",
                  None) == [True, False, False, False]


def test_rule_problems_are_reported_with_their_place(mini, monkeypatch):
    monkeypatch.chdir(mini)
    path = mini / "data/2024/themes.yaml"
    path.write_text("evolution:\n  - id: a\n    label: A\n    patterns: ['(visio']\n"
                    "  - id: a\n    label: B\n    words: [b]\n  - id: c\n    label: C\n",
                    encoding="utf-8")
    questionnaire = load_questionnaire(mini / "data/2024/questionnaire.yaml")
    survey = load_survey(questionnaire, mini / "data/2024/responses.csv")
    with pytest.raises(ConfigError) as caught:
        load_themes(path, survey)
    assert str(caught.value) == (
        "data/2024/themes.yaml:8:5: evolution.2: a theme needs 'words' or "
        "'patterns'")
    path.write_text("evolution:\n  - id: a\n    label: A\n    patterns: ['(visio']\n"
                    "  - id: a\n    label: B\n    words: [b]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_themes(path, survey)
    assert str(caught.value) == (
        "data/2024/themes.yaml:4:16: invalid pattern '(visio': missing ), unterminated "
        "subpattern at position 0\n"
        "data/2024/themes.yaml:5:9: duplicate theme id 'a'")


def _themes_command(project, *arguments):
    # The package under test, wherever the test runs from (not another installed copy).
    source = str(Path(barorapport.__file__).parent.parent)
    environment = {**os.environ, "PYTHONPATH": source}
    return subprocess.run([sys.executable, "-m", "barorapport.cli", "themes", *arguments],
                          cwd=project, capture_output=True, text=True, env=environment)


def test_themes_command_lists_answers_without_respondent_ids(mini):
    (mini / "data/2024/themes.yaml").write_text(
        "evolution:\n  - id: teletravail\n    label: Télétravail\n    words: [télétravail]\n"
        "    exclude: ['100 %']\n", encoding="utf-8")
    result = _themes_command(mini, "--question", "evolution", "--theme", "teletravail")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "evolution: 5 answers, 2 matching teletravail, 1 excluded, 2 unmatched",
        "",
        "matching (2):",
        "  [teletravail] Plus de télétravail, et des réunions en visio.",
        "  [teletravail] Le <b>télétravail</b> & les mails.",
        "",
        "excluded (1):",
        "  Teletravail à 100 %.",
        "",
        "unmatched (2):",
        "  Rien de particulier.",
        "  Beaucoup de visio.",
    ]
    ids = pd.read_csv(mini / "data/2024/responses.csv", dtype=str)["id"]
    assert not any(respondent in result.stdout for respondent in ids)


def test_themes_command_names_an_unknown_theme(mini):
    result = _themes_command(mini, "--question", "evolution", "--theme", "nope")
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: data/2024/themes.yaml: no theme 'nope' for "
                                     "question 'evolution' (themes: teletravail, visio)")
