"""The quotations of the publication, checked against the respondents' answers.

Input: ``data/<edition>/testimonies.yaml`` and a survey. Output: the list of ``Testimony``,
each verified to be its respondent's words: verbatim, but for ``[...]`` cuts and
typographic normalisation (apostrophes, quotation marks, spaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import PrivateAttr, TypeAdapter, field_validator

from ..config.base import StrictModel, load_yaml, validate, where
from ..errors import ConfigError
from ..paths import display_path
from ..survey import Survey

CUT = re.compile(r"\s*\[(?:\.\.\.|…)\]\s*")
_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"',
                             "\u201d": '"', "\u201e": '"', "\u2026": "...", "\u2010": "-",
                             "\u2011": "-", "\u2013": "-", "\u2014": "-"})
_GUILLEMETS = re.compile(r"«\s*|\s*»")
_SPACE_BEFORE = re.compile(r"\s+([;:!?%])")
# How many words of the quotation a mismatch message shows, from the first that differs.
SHOWN_WORDS = 6


class Testimony(StrictModel):
    id: str
    """Unique; templates call ``testimony(id)``."""
    respondent: str
    """Respondent id in the export: used to check the quotation, never published."""
    question: str
    """The open question the respondent answered."""
    chapter: str
    """The chapter it illustrates (``testimonies(chapter=...)`` in templates)."""
    theme: str | None = None
    """A theme id, to select testimonies with ``testimonies(theme=...)``."""
    text: str
    """The quotation as the respondent wrote it; ``[...]`` marks a cut."""
    redacted: str | None = None
    """Replacement text an editor wrote to publish instead of ``text`` (personal data)."""
    not_names: list[str] = []
    """Words the named-entity model takes for a person's name that an editor checked are not
    (the privacy gate's rules still apply to them)."""
    _places: dict = PrivateAttr(default_factory=dict)
    """Line and column of each field in testimonies.yaml, and of the whole ``entry``."""

    @field_validator("text")
    @classmethod
    def _has_words(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("a quotation needs the respondent's words")
        return text

    @property
    def published(self) -> str:
        """The text published: the redacted one when there is one, without invisible
        characters (zero-width, bidirectional controls: the privacy gate says so)."""
        from ..personal.normalise import strip_invisible

        return strip_invisible(self.redacted or self.text)


@dataclass(frozen=True)
class PublishedTestimony:
    """What templates receive of a testimony: only what may be published. ``text`` is the
    text that passed the privacy gate (the redacted one when there is one); the respondent's
    own words and id are not in it, so no template can print them, by mistake or not."""

    id: str
    chapter: str
    question: str
    theme: str | None
    text: str

    @property
    def published(self) -> str:
        return self.text


def publishable(testimony: Testimony) -> PublishedTestimony:
    """The publishable view of ``testimony``."""
    return PublishedTestimony(id=testimony.id, chapter=testimony.chapter,
                              question=testimony.question, theme=testimony.theme,
                              text=testimony.published)


def normalise(text: str) -> str:
    """Typographic normalisation: one kind of apostrophe, quotation mark, dash and space;
    no space before ``; : ! ? %`` nor inside guillemets."""
    text = _GUILLEMETS.sub('"', text).translate(_TYPOGRAPHY)
    return _SPACE_BEFORE.sub(r"\1", re.sub(r"\s+", " ", text)).strip()


def _first_difference(fragment: str, answer: str) -> str:
    """The words of ``fragment`` from the first one the answer does not hold at that place.

    A prefix of the fragment must appear in the answer as whole words: every word but the
    last is followed there by a space.
    """
    words = fragment.split(" ")
    for count in range(1, len(words) + 1):
        prefix = " ".join(words[:count]) + (" " if count < len(words) else "")
        if prefix not in answer:
            return " ".join(words[count - 1:count - 1 + SHOWN_WORDS])
    return " ".join(words[:SHOWN_WORDS])  # not reached: the whole fragment was not found


def mismatch(quotation: str, answer: str) -> str | None:
    """None when ``quotation`` is ``answer`` cut at its ``[...]``; else the words that differ.

    Fragments between cuts must appear in the answer in the quotation's order.
    """
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


def place(testimony: Testimony, path: Path, field: str = "text") -> str:
    """``file:line:column`` of one of the testimony's fields (of its entry when absent)."""
    position = testimony._places.get(field) or testimony._places.get("entry")
    shown = display_path(path)
    return f"{shown}:{position[0]}:{position[1]}" if position else shown


def load_testimonies(path: Path) -> list[Testimony]:
    """Read testimonies.yaml; a missing file means no testimonies."""
    if not path.is_file():
        return []
    data = load_yaml(path) or []
    testimonies = validate(_LIST, data, path)
    seen: set[str] = set()
    for index, testimony in enumerate(testimonies):
        entry = data[index]
        testimony._places = {**getattr(entry, "marks", {}), "entry": data.marks[index]}
        if testimony.id in seen:
            raise ConfigError(f"{where(path, data, (index, 'id'))}: duplicate testimony id "
                              f"'{testimony.id}'")
        seen.add(testimony.id)
    return testimonies


_LIST = TypeAdapter(list[Testimony])


def check_references(testimonies: list[Testimony], report, path: Path) -> None:
    """Raise a ``ConfigError`` listing every testimony whose ``chapter`` is not a chapter of
    report.yaml: templates select a chapter's testimonies by it, and such a one would
    silently never be shown. (``theme`` is the editors' own tag, free.)"""
    chapters = [chapter.id for chapter in report.chapters]
    problems = [f"{place(testimony, path, 'chapter')}: testimony '{testimony.id}': chapter "
                f"'{testimony.chapter}' is not a chapter of report.yaml (expected one of: "
                f"{', '.join(chapters)})"
                for testimony in testimonies if testimony.chapter not in chapters]
    if problems:
        raise ConfigError("\n".join(problems))


def verify_testimonies(testimonies: list[Testimony], survey: Survey, path: Path) -> None:
    """Raise a ``ConfigError`` listing every quotation that is not its respondent's words.

    Messages name the testimony, never the respondent.
    """
    problems = []
    answers = survey.answers
    for testimony in testimonies:
        prefix = f"{place(testimony, path)}: testimony '{testimony.id}'"
        try:
            question = survey.questionnaire.question(testimony.question)
        except KeyError:
            problems.append(f"{prefix}: unknown question '{testimony.question}'")
            continue
        if question.type != "open":
            problems.append(f"{prefix}: question '{testimony.question}' is not open")
            continue
        if testimony.respondent not in answers.index:
            quarantined = {problem.respondent for problem in survey.quarantine.problems}
            problems.append(f"{prefix}: its respondent's row is quarantined (see "
                            "quarantine.csv): a quarantined answer is not published"
                            if testimony.respondent in quarantined
                            else f"{prefix}: no respondent with that id in the responses")
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
