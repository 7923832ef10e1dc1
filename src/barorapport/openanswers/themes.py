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

import numpy as np
import pandas as pd
from pydantic import RootModel, model_validator

from ..bulktext import Texts, fold_accents_all
from ..config.base import StrictModel, load_yaml, validate, where
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


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
"""What may refer to a group by its number or name: such an expression is searched alone."""


def _joined(expressions: list[str]) -> list[re.Pattern]:
    """The expressions as few compiled patterns as possible, one finding a text exactly
    when one of the expressions does: one alternation of all those that can be joined, and
    the others alone (those referring to their own groups, or with flags of their own)."""
    alone = [expression for expression in expressions if _BACKREFERENCE.search(expression)]
    joinable = [expression for expression in expressions if expression not in alone]
    compiled = [re.compile(expression, re.IGNORECASE) for expression in alone]
    if joinable:
        try:
            compiled.insert(0, re.compile("|".join(f"(?:{expression})"
                                                   for expression in joinable),
                                          re.IGNORECASE))
        except re.error:  # a global flag not at the start, a group name given twice
            compiled += [re.compile(expression, re.IGNORECASE) for expression in joinable]
    return compiled


@dataclass(frozen=True)
class FoldedAnswers:
    """Answers as rules read them: each distinct text folded once (``texts``), and for each
    respondent the position of theirs in it (``codes``, -1 when not answered)."""

    index: pd.Index
    codes: np.ndarray
    texts: Texts

    def search(self, expressions: list[str]) -> pd.Series:
        """Per respondent, whether one of ``expressions`` is found in their folded answer
        (False when not answered): each distinct text searched once per pattern."""
        found = np.zeros(len(self.texts) + 1, dtype=bool)  # the last: not answered
        for pattern in _joined(expressions):
            found[:-1] |= self.texts.contains(pattern)
        return pd.Series(found[self.codes], index=self.index)


@dataclass(frozen=True)
class ThemeMatch:
    """For one theme, which answers its rules find, and which of those its exclusions drop."""

    found: pd.Series
    excluded: pd.Series

    @property
    def counted(self) -> pd.Series:
        return self.found & ~self.excluded


def fold_answers(answers: pd.Series) -> FoldedAnswers:
    """``answers`` (texts, None when not answered) as rules read them: folded. Folded once
    per question and distinct text, then matched against every theme."""
    codes, texts = pd.factorize(answers)
    return FoldedAnswers(index=answers.index, codes=codes,
                         texts=Texts(fold_accents_all(texts.tolist())))


def match_theme(answers: pd.Series, theme: Theme, folded: FoldedAnswers | None = None
                ) -> ThemeMatch:
    """Which ``answers`` (texts, None when not answered) the theme's rules find or exclude
    (``folded``: ``fold_answers(answers)``, when the caller has it)."""
    folded = fold_answers(answers) if folded is None else folded
    return ThemeMatch(found=folded.search(theme.expressions("include")),
                      excluded=folded.search(theme.expressions("exclude")))


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
