"""The editions a build compares with, and their figures.

Input: a project folder and an edition (its report.yaml may name ``previous``). Output: the
chain of previous editions, newest first, each with its figures table and what rules a
comparison out (``survey.compare.Comparability``), ready for ``stats.trends``.
"""

from __future__ import annotations

from pathlib import Path

from ..config import display_path, load_yaml, where
from ..errors import EditionError
from ..openanswers import ThemeRules
from ..project import Edition, Report, edition_names, find_edition, load_report
from ..stages import edition_figures, theme_rules
from ..stats.trends import PreviousEdition
from ..survey import Questionnaire, load_questionnaire
from ..survey.compare import Comparability, QuestionnaireDiff, compare_questionnaires


def previous_edition(root: Path, edition: Edition, report: Report) -> str | None:
    """report.yaml's ``previous``, else the latest edition before this one by name; None
    for the first edition."""
    names = edition_names(root)
    if report.previous is None:
        earlier = [name for name in names if name < edition.name]
        return earlier[-1] if earlier else None
    if report.previous not in names or report.previous == edition.name:
        others = [name for name in names if name != edition.name]
        raise EditionError(
            f"{where(edition.report_path, load_yaml(edition.report_path), ('previous',))}: "
            f"previous edition '{report.previous}' is not another edition of this project "
            f"(expected one of: {', '.join(others) or 'none'})")
    return report.previous


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
    root, themes = edition.root, theme_rules(rules)
    history: list[PreviousEdition] = []
    seen = {edition.name}
    name = previous_edition(root, edition, report)
    while name is not None and name not in seen:
        seen.add(name)
        past = find_edition(root, name)
        past_report = load_report(past)
        past_questionnaire, past_rules, past_figures = edition_figures(past, past_report)
        past_themes = theme_rules(past_rules)
        comparability = Comparability(
            compare_questionnaires(past_questionnaire, questionnaire, name, edition.name),
            previous_themes=past_themes, current_themes=themes)
        history.append(PreviousEdition(
            name=name, figures=past_figures,
            reason=lambda figure, rules=comparability: rules.reason(
                figure.question, item=figure.item, option=figure.option,
                measure=figure.measure)))
        edition, report, questionnaire, themes = past, past_report, past_questionnaire, \
            past_themes
        name = previous_edition(root, edition, report)
    return history
