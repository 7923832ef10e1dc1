"""``barorapport diff``: the questionnaire diff of two editions of the project."""

from __future__ import annotations

from pathlib import Path

from ..config.project import find_edition
from ..errors import EditionError
from ..paths import display_path
from ..survey import load_questionnaire
from ..survey.compare import QuestionnaireDiff, compare_questionnaires


def compare_editions(root: Path, previous: str, current: str) -> QuestionnaireDiff:
    """The questionnaire diff of two editions of the project."""
    questionnaires = []
    for name in (previous, current):
        edition = find_edition(root, name)
        if not edition.questionnaire_path.is_file():
            raise EditionError(f"{display_path(edition.questionnaire_path)}: file not found")
        questionnaires.append(load_questionnaire(edition.questionnaire_path))
    return compare_questionnaires(*questionnaires, previous_name=previous,
                                  current_name=current)
