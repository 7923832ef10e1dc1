"""Theme coding of open answers by rules.

Input: ``data/<edition>/themes.yaml`` and a survey. Output, per open question, a boolean
frame (respondents x themes): whether each answer refers to each theme.

Answers and rules are compared folded: lower case, accents removed, ``œ`` written ``oe``,
typographic apostrophes made straight. A theme matches an answer when one of its ``words``
or ``patterns`` is found in it and none of its ``exclude_words`` or ``exclude`` patterns is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import RootModel, model_validator

from ..config import StrictModel, load_yaml, validate, where
from ..errors import ConfigError
from ..survey import Survey
from ..text import fold_accents, strip_accents

_strip_accents = strip_accents  # a regular expression's: ``\\W`` must not become ``\\w``


def _word_forms(word: str) -> str:
    """A regular expression for a French word and its plural and feminine forms.

    ``usager`` also matches usagers, usagere(s); ``social`` sociale(s), sociaux;
    ``educateur`` educatrice(s) (and the harmless educateuse); ``actif`` active(s);
    ``professionnel`` professionnelle(s); ``numeri*`` any word that starts with ``numeri``.
    """
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    stems = [re.escape(word)]
    if word.endswith("al"):
        stems.append(re.escape(word[:-2]) + "aux")
    if word.endswith("eur"):
        stems.append(re.escape(word[:-3]) + "(?:euse|rice)s?")
    if word.endswith("f"):
        stems.append(re.escape(word[:-1]) + "ves?")
    if word[-2:] in ("en", "on", "el", "et"):
        stems.append(re.escape(word) + re.escape(word[-1]) + "es?")  # ancien → ancienne
    return "(?:" + "|".join(stems) + ")(?:es?|s|x)?"


def words_pattern(words: str) -> str:
    """The regular expression of a ``words`` entry: each word with its forms, whole words.

    Words of a phrase may be separated by any spaces, hyphens or apostrophes.
    """
    parts = [_word_forms(part)
             for part in re.split(r"[\s'-]+", fold_accents(words).strip()) if part]
    return r"\b" + r"[\s'-]+".join(parts) + r"\b"


class Theme(StrictModel):
    id: str
    """Unique within the question: ``fig(question, measure="theme", option=id)``."""
    label: str
    """As printed in the publication and in the figures table."""
    words: list[str] = []
    """French words or phrases, matched as whole words with their plural and feminine forms;
    a trailing ``*`` matches any ending."""
    patterns: list[str] = []
    """Regular expressions, searched without regard to case or accents."""
    exclude_words: list[str] = []
    """Like ``words``: an answer holding one of them is not counted for this theme."""
    exclude: list[str] = []
    """Like ``patterns``: an answer matching one of them is not counted for this theme."""

    @model_validator(mode="after")
    def _has_rules(self) -> Theme:
        if not self.words and not self.patterns:
            raise ValueError("a theme needs 'words' or 'patterns'")
        return self

    def expressions(self, field: str) -> list[str]:
        """The regular expressions of ``words`` and ``patterns`` (or of their exclusions)."""
        if field == "include":
            words, patterns = self.words, self.patterns
        else:
            words, patterns = self.exclude_words, self.exclude
        return [words_pattern(entry) for entry in words] + [_strip_accents(p) for p in patterns]


class ThemeRules(RootModel[dict[str, list[Theme]]]):
    """Themes per open question id."""

    def labels(self) -> dict[str, dict[str, str]]:
        """Per open question id, each theme's label (theme ids are unique per question)."""
        return {question_id: {theme.id: theme.label for theme in themes}
                for question_id, themes in self.root.items()}


def load_themes(path: Path, survey: Survey) -> ThemeRules:
    """Read the theme rules; a missing file means no themes. Every problem is reported."""
    if not path.is_file():
        return ThemeRules({})
    data = load_yaml(path) or {}
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
        seen: set[str] = set()
        for t, theme in enumerate(themes):
            if theme.id in seen:
                problems.append(f"{where(path, data, (question_id, t, 'id'))}: duplicate theme "
                                f"id '{theme.id}'")
            seen.add(theme.id)
            for field in ("patterns", "exclude"):
                for p, pattern in enumerate(getattr(theme, field)):
                    try:
                        re.compile(_strip_accents(pattern), re.IGNORECASE)
                    except re.error as error:
                        problems.append(f"{where(path, data, (question_id, t, field, p))}: "
                                        f"invalid pattern {pattern!r}: {error}")
    if problems:
        raise ConfigError("\n".join(problems))
    return rules


def _search(folded: pd.Series, expressions: list[str]) -> pd.Series:
    compiled = [re.compile(expression, re.IGNORECASE) for expression in expressions]
    return folded.map(lambda text: any(pattern.search(text) for pattern in compiled)
                      ).astype(bool)


@dataclass(frozen=True)
class ThemeMatch:
    """For one theme, which answers its rules find, and which of those its exclusions drop."""

    found: pd.Series
    excluded: pd.Series

    @property
    def counted(self) -> pd.Series:
        return self.found & ~self.excluded


def fold_answers(answers: pd.Series) -> pd.Series:
    """``answers`` (texts, None when not answered) as rules read them: folded, '' when not
    answered. Folded once per question, then matched against every theme."""
    return answers.where(answers.notna(), "").map(fold_accents)


def match_theme(answers: pd.Series, theme: Theme, folded: pd.Series | None = None
                ) -> ThemeMatch:
    """Which ``answers`` (texts, None when not answered) the theme's rules find or exclude
    (``folded``: ``fold_answers(answers)``, when the caller has it)."""
    answered = answers.notna()
    folded = fold_answers(answers) if folded is None else folded
    return ThemeMatch(found=_search(folded, theme.expressions("include")) & answered,
                      excluded=_search(folded, theme.expressions("exclude")) & answered)


def match_themes(rules: ThemeRules, survey: Survey) -> dict[str, pd.DataFrame]:
    """Per open question, which respondents' answers refer to which theme."""
    matched = {}
    for question_id, themes in rules.root.items():
        answers = survey.answers[question_id]
        folded = fold_answers(answers)
        matched[question_id] = pd.DataFrame(
            {theme.id: match_theme(answers, theme, folded).counted for theme in themes},
            index=survey.answers.index)
    return matched
