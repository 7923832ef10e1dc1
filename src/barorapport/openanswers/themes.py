"""Theme coding of open answers by rules.

Input: ``data/<edition>/themes.yaml`` and a survey. Output, per open question, a boolean
frame (respondents x themes): whether each answer refers to each theme.

Patterns are regular expressions searched in the answer after both are folded the same
way: lower case, accents removed, typographic apostrophes made straight.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
from pydantic import RootModel

from ..config import StrictModel, load_yaml, validate, where
from ..errors import ConfigError
from ..survey import Survey


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: how answers and patterns are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.replace("\u2019", "'").replace("\u02bc", "'")


class Theme(StrictModel):
    id: str
    label: str
    patterns: list[str]
    exclude: list[str] = []


class ThemeRules(RootModel[dict[str, list[Theme]]]):
    """Themes per open question id."""

    def labels(self) -> dict[str, dict[str, str]]:
        """Per open question id, each theme's label (theme ids are unique per question)."""
        return {question_id: {theme.id: theme.label for theme in themes}
                for question_id, themes in self.root.items()}


def load_themes(path: Path, survey: Survey) -> ThemeRules:
    """Read the theme rules; a missing file means no themes."""
    if not path.is_file():
        return ThemeRules({})
    data = load_yaml(path)
    rules = validate(ThemeRules, data, path)
    problems = []
    for question_id, themes in rules.root.items():
        try:
            question = survey.questionnaire.question(question_id)
        except KeyError:
            problems.append(f"{where(path, data, (question_id,))}: unknown question "
                            f"'{question_id}'")
            continue
        if question.type != "open":
            problems.append(f"{where(path, data, (question_id,))}: '{question_id}' is not an "
                            "open question")
        for t, theme in enumerate(themes):
            for field in ("patterns", "exclude"):
                for p, pattern in enumerate(getattr(theme, field)):
                    try:
                        re.compile(fold(pattern))
                    except re.error as error:
                        problems.append(f"{where(path, data, (question_id, t, field, p))}: "
                                        f"invalid pattern {pattern!r}: {error}")
    if problems:
        raise ConfigError("\n".join(problems))
    return rules


def _matches(answers: pd.Series, theme: Theme) -> pd.Series:
    folded = answers.fillna("").map(fold)
    found = pd.Series(False, index=answers.index)
    for pattern in theme.patterns:
        found |= folded.map(re.compile(fold(pattern)).search).notna()
    for pattern in theme.exclude:
        found &= folded.map(re.compile(fold(pattern)).search).isna()
    return found & answers.notna()


def match_themes(rules: ThemeRules, survey: Survey) -> dict[str, pd.DataFrame]:
    """Per open question, which respondents' answers refer to which theme."""
    return {
        question_id: pd.DataFrame({theme.id: _matches(survey.answers[question_id], theme)
                                   for theme in themes}, index=survey.answers.index)
        for question_id, themes in rules.root.items()
    }
