"""The quotations of the publication, checked against the respondents' answers.

Input: ``data/<edition>/testimonies.yaml`` and a survey. Output: the list of ``Testimony``,
each verified to be its respondent's words: verbatim, but for ``[...]`` cuts and
typographic normalisation (apostrophes, quotation marks, spaces).
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import TypeAdapter

from ..config import StrictModel, load_yaml, validate, where
from ..errors import ConfigError
from ..survey import Survey

CUT = re.compile(r"\s*\[(?:\.\.\.|…)\]\s*")
_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"',
                             "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u2026": "..."})


class Testimony(StrictModel):
    id: str
    respondent: str
    """Respondent id in the export: used to check the quotation, never published."""
    question: str
    chapter: str
    theme: str | None = None
    text: str
    """The quotation as published; ``[...]`` marks a cut."""
    redacted: str | None = None
    """Replacement text an editor wrote to publish instead of ``text`` (personal data)."""

    @property
    def published(self) -> str:
        return self.redacted or self.text


def normalise(text: str) -> str:
    """Typographic normalisation: one kind of apostrophe, of quotation mark, of space."""
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHY)).strip()


def _first_difference(quotation: str, answer: str) -> str:
    """The first words of ``quotation`` that the answer does not hold at that place."""
    words = quotation.split(" ")
    for count in range(1, len(words) + 1):
        if " ".join(words[:count]) not in answer:
            return " ".join(words[count - 1:count + 5])
    return quotation[:40]


def mismatch(quotation: str, answer: str) -> str | None:
    """None when ``quotation`` is ``answer`` cut at its ``[...]``; else the words that differ."""
    answer = normalise(answer)
    position = 0
    for fragment in CUT.split(normalise(quotation)):
        fragment = fragment.strip()
        if not fragment:
            continue
        found = answer.find(fragment, position)
        if found < 0:
            return _first_difference(fragment, answer[position:])
        position = found + len(fragment)
    return None


def load_testimonies(path: Path) -> list[Testimony]:
    """Read testimonies.yaml; a missing file means no testimonies."""
    if not path.is_file():
        return []
    data = load_yaml(path) or []
    testimonies = validate(_LIST, data, path)
    seen: set[str] = set()
    for index, testimony in enumerate(testimonies):
        if testimony.id in seen:
            raise ConfigError(f"{where(path, data, (index, 'id'))}: duplicate testimony id "
                              f"'{testimony.id}'")
        seen.add(testimony.id)
    return testimonies


_LIST = TypeAdapter(list[Testimony])


def verify_testimonies(testimonies: list[Testimony], survey: Survey, path: Path) -> None:
    """Raise a ``ConfigError`` listing every quotation that is not its respondent's words."""
    problems = []
    answers = survey.answers
    for testimony in testimonies:
        prefix = f"{path.name}: testimony '{testimony.id}'"
        try:
            question = survey.questionnaire.question(testimony.question)
        except KeyError:
            problems.append(f"{prefix}: unknown question '{testimony.question}'")
            continue
        if question.type != "open":
            problems.append(f"{prefix}: question '{testimony.question}' is not open")
            continue
        if testimony.respondent not in answers.index:
            problems.append(f"{prefix}: no respondent with that id in the responses")
            continue
        answer = answers.at[testimony.respondent, question.id]
        if not isinstance(answer, str):
            problems.append(f"{prefix}: the respondent did not answer {question.id}")
            continue
        differs = mismatch(testimony.text, answer)
        if differs is not None:
            problems.append(f"{prefix}: not the respondent's words from "
                            f"\u00ab {differs} \u00bb on")
    if problems:
        raise ConfigError("\n".join(problems))
