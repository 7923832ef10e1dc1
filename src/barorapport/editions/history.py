"""The editions a build compares with, and their figures.

Input: a project folder and an edition (its report.yaml may name ``previous``). Output: the
chain of previous editions, newest first, each with its figures table and what rules a
comparison out (``survey.compare.Comparability``), ready for ``stats.trends``.
"""

from __future__ import annotations

from pathlib import Path

from ..config import display_path
from ..errors import EditionError
from ..openanswers import ThemeRules
from ..project import Edition, Report, find_edition, previous_editions
from ..stages import edition_figures, theme_rules
from ..stats.trends import PreviousEdition
from ..survey import Questionnaire, load_questionnaire
from ..survey.compare import Comparability, QuestionnaireDiff, compare_questionnaires


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


def load_history(edition: Edition, report: Report, questionnaire: Questionnaire,
                 rules: ThemeRules) -> list[PreviousEdition]:
    """The previous editions, newest first, following each one's ``previous``; each with the
    reason a figure of the edition after it does not compare with it. Each past edition's
    figures are computed by the same stage functions as its own build."""
    themes = theme_rules(rules)
    history: list[PreviousEdition] = []
    for past, past_report in previous_editions(edition, report):
        past_questionnaire, past_rules, past_figures = edition_figures(past, past_report)
        past_themes = theme_rules(past_rules)
        comparability = Comparability(
            compare_questionnaires(past_questionnaire, questionnaire, past.name, edition.name),
            previous_themes=past_themes, current_themes=themes)
        history.append(PreviousEdition(
            name=past.name, figures=past_figures,
            reason=lambda figure, rules=comparability: rules.reason(
                figure.question, item=figure.item, option=figure.option,
                measure=figure.measure)))
        edition, questionnaire, themes = past, past_questionnaire, past_themes
    return history
