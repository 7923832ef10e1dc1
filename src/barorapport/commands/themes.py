"""What the theme rules find in one open question's answers, for editors refining them.

Input: a project folder, an edition, an open question and optionally one theme. Output: a
``ThemeListing`` of answer texts (never respondent ids): those the rules count, those an
exclusion drops, and the unmatched ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config.project import find_edition
from ..errors import ConfigError
from ..openanswers.themes import fold_answers, load_themes, match_theme
from ..paths import display_path
from ..pipeline.stages import load_questionnaire, load_responses


@dataclass(frozen=True)
class ThemeListing:
    question: str
    theme: str | None
    """The theme listed, or None for all the themes of the question."""
    answered: int
    matching: tuple[tuple[str, tuple[str, ...]], ...]
    """Answers the rules count, each with the ids of the themes it is counted for."""
    excluded: tuple[str, ...]
    """Answers the rules find but an exclusion drops."""
    unmatched: tuple[str, ...]


def list_answers(root: Path, edition_name: str | None, question_id: str,
                 theme_id: str | None = None) -> ThemeListing:
    """The answers to ``question_id`` sorted by what the rules of ``themes.yaml`` make of them."""
    edition = find_edition(root, edition_name)
    questionnaire = load_questionnaire(edition.questionnaire_path)
    try:
        question = questionnaire.question(question_id)
    except KeyError:
        raise ConfigError(f"{display_path(edition.questionnaire_path)}: no question "
                          f"'{question_id}'") from None
    if question.type != "open":
        raise ConfigError(f"{display_path(edition.questionnaire_path)}: '{question_id}' is not "
                          "an open question")
    survey = load_responses(edition, questionnaire)
    themes = load_themes(edition.themes_path, survey).root.get(question_id, [])
    if theme_id is not None:
        chosen = [theme for theme in themes if theme.id == theme_id]
        if not chosen:
            known = ", ".join(theme.id for theme in themes) or "none"
            raise ConfigError(f"{display_path(edition.themes_path)}: no theme '{theme_id}' for "
                              f"question '{question_id}' (themes: {known})")
        themes = chosen
    answers = survey.answers[question_id]
    answered = answers.notna()
    folded = fold_answers(answers)
    matches = {theme.id: match_theme(answers, theme, folded) for theme in themes}
    counted = pd.DataFrame({tid: match.counted for tid, match in matches.items()},
                           index=answers.index, dtype=bool)
    dropped = pd.DataFrame({tid: match.excluded & match.found for tid, match in matches.items()},
                           index=answers.index, dtype=bool)
    any_counted = counted.any(axis=1)
    return ThemeListing(
        question=question_id, theme=theme_id, answered=int(answered.sum()),
        matching=tuple((answers[key], tuple(counted.columns[counted.loc[key]]))
                       for key in answers.index[any_counted]),
        excluded=tuple(answers[dropped.any(axis=1) & ~any_counted]),
        unmatched=tuple(answers[answered & ~any_counted & ~dropped.any(axis=1)]))


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                       r"\u2066-\u2069]")


def format_listing(listing: ThemeListing) -> str:
    """The listing as the ``themes`` command prints it: one answer a line."""
    def one_line(answer: str) -> str:
        # A terminal must not run what a respondent typed: control and invisible characters
        # (ESC sequences that retitle the window or recolour the text) shown as \x1b.
        return _CONTROLS.sub(lambda match: f"\\x{ord(match.group()):02x}"
                             if ord(match.group()) < 0x100 else f"\\u{ord(match.group()):04x}",
                             " ".join(answer.split()))

    lines = [f"{listing.question}: {listing.answered} answers, {len(listing.matching)} matching"
             f"{' ' + listing.theme if listing.theme else ''}, {len(listing.excluded)} excluded, "
             f"{len(listing.unmatched)} unmatched",
             "", f"matching ({len(listing.matching)}):"]
    lines += [f"  [{', '.join(themes)}] {one_line(answer)}" for answer, themes in listing.matching]
    lines += ["", f"excluded ({len(listing.excluded)}):"]
    lines += [f"  {one_line(answer)}" for answer in listing.excluded]
    lines += ["", f"unmatched ({len(listing.unmatched)}):"]
    lines += [f"  {one_line(answer)}" for answer in listing.unmatched]
    return "\n".join(lines)
