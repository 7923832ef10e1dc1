"""The editions a build compares with, and their figures.

Input: a project folder and an edition (its report.yaml may name ``previous``). Output: the
chain of previous editions, newest first, each with its figures table and what rules a
comparison out (``survey.compare.Comparability``), ready for ``stats.trends``.
"""

from __future__ import annotations

from ..config.project import Edition, previous_editions
from ..config.report import Report
from ..openanswers import ThemeRules
from ..stats import FigureTable
from ..stats.trends import PreviousEdition
from ..survey import Questionnaire, load_questionnaire
from ..survey.compare import Comparability, compare_questionnaires
from .stages import figures_of, load_responses, load_themes, theme_rules, weigh


def edition_figures(edition: Edition, report: Report
                    ) -> tuple[Questionnaire, ThemeRules, FigureTable]:
    """An edition's questionnaire, theme rules and figures (whole sample, no crosstabs):
    what the history of previous editions needs, computed as the edition's own build does."""
    questionnaire = load_questionnaire(edition.questionnaire_path)
    survey = load_responses(edition, questionnaire, report)
    rules = load_themes(edition.themes_path, survey)
    return questionnaire, rules, figures_of(report, weigh(edition, report, survey), rules,
                                            banners=False)


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
