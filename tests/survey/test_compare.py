"""Questionnaire diff: questions matched by id, changes described word for word."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from barorapport.survey import load_questionnaire
from barorapport.survey.compare import compare_questionnaires, format_diff

from ..conftest import PROJECTS, REPO

EDITIONS = PROJECTS / "editions"


def _diff(project: Path, previous: str, current: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "barorapport.cli", "--project", str(project),
                           "diff", previous, current], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"})


def test_diff_lists_removed_and_reworded_questions(tmp_path):
    result = _diff(EDITIONS, "2022", "2023", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Questionnaire 2022 -> 2023: 0 questions added, 1 removed, 1 changed, 4 unchanged.\n"
        "\n"
        "Removed:\n"
        "  equipement (single) \"Êtes-vous équipé d'un ordinateur portable ?\"\n"
        "\n"
        "Changed:\n"
        "  formation\n"
        "    wording: \"Avez-vous suivi une formation au numérique ?\" -> \"Avez-vous suivi "
        "une formation au numérique cette année ?\"\n")


def test_diff_lists_added_questions_options_and_relabelled_items(tmp_path):
    result = _diff(EDITIONS, "2023", "2024", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Questionnaire 2023 -> 2024: 1 question added, 0 removed, 2 changed, 3 unchanged.\n"
        "\n"
        "Added:\n"
        "  ia (single) \"Utilisez-vous des outils d'intelligence artificielle ?\"\n"
        "\n"
        "Changed:\n"
        "  outils\n"
        "    option added: chat \"Messagerie instantanée\"\n"
        "  avis\n"
        "    item relabelled: risque \"Le numérique est risqué\" -> \"Le numérique comporte "
        "des risques\"\n")


def test_diff_of_identical_questionnaires_says_so(tmp_path):
    result = _diff(EDITIONS, "2024", "2024", tmp_path)
    assert result.returncode == 0
    assert result.stdout == ("Questionnaire 2024 -> 2024: 0 questions added, 0 removed, "
                             "0 changed, 6 unchanged.\n\n"
                             "Every question is unchanged: all figures compare.\n")


def test_scale_levels_groups_types_and_removed_options(tmp_path):
    shutil.copytree(EDITIONS, tmp_path / "p")
    before = load_questionnaire(tmp_path / "p/data/2023/questionnaire.yaml")
    path = tmp_path / "p/data/2023/questionnaire.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('"Plutôt d\'accord"}', '"Assez d\'accord"}')
    text = text.replace('levels: ["3", "4"]', 'levels: ["4"]')
    text = text.replace("  - id: fonction\n    type: single", "  - id: fonction\n    type: open")
    text = text.replace('    options:\n      - {code: "1", label: "Professionnel de terrain"}\n'
                        '      - {code: "2", label: "Cadre"}\n', "")
    text = text.replace('      - {code: sms, label: "SMS"}\n', "")
    path.write_text(text, encoding="utf-8")
    after = load_questionnaire(path)
    diff = compare_questionnaires(before, after, "A", "B")
    assert format_diff(diff).splitlines()[2:] == [
        "Changed:",
        "  fonction",
        "    type: single -> open",
        "  outils",
        "    option removed: sms \"SMS\"",
        "  avis",
        "    scale accord: level relabelled: 2 \"Plutôt d'accord\" -> \"Assez d'accord\"",
        "    scale accord: group disagree changed: \"Pas d'accord + plutôt pas d'accord\" "
        "[3, 4] -> \"Pas d'accord + plutôt pas d'accord\" [4]",
    ]
