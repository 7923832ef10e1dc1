"""The privacy gate's last look: the final text of every output, before anything is installed.

Input: the survey (the respondents' open answers), the staged output folder and the texts
laid out elsewhere (the print edition's HTML). Output: nothing, or a ``PrivacyError`` naming
each output that holds personal data a respondent wrote, and its kind, never the data.

The testimonies are checked one by one before they are rendered (``privacy``); this check
does not trust any route: a template printing an answer another way, a chart label, an alt
text, a CSV. It looks for the personal data found in the respondents' own answers, so that
what editors wrote (the publisher's address, a contact e-mail) raises no alarm.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import PrivacyError
from ..survey import Survey
from . import privacy

TEXT_SUFFIXES = (".html", ".htm", ".svg", ".csv", ".md", ".qmd", ".txt", ".xml", ".json",
                 ".tex", ".yml")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u200b]+")
_TAG = re.compile(r"<[^>]*>")
_ATTRIBUTE = re.compile(
    r"""\b(?:alt|title|aria-label|aria-description|content|label)=["']([^"']*)""",
    re.IGNORECASE)
_NEXT_WORD = re.compile(r"\S*")
_RULES = (
    (privacy.EMAIL, privacy._EMAIL), (privacy.EMAIL, privacy._OBFUSCATED_EMAIL),
    (privacy.PHONE, privacy._PHONE), (privacy.ADDRESS, privacy._ADDRESS),
    (privacy.POSTCODE, privacy._POSTCODE), (privacy.CIVILITY, privacy._CIVILITY),
)
MIN_SECRET = 6
"""Characters a finding must have to be looked for in the outputs."""


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def respondent_data(survey: Survey) -> dict[str, str]:
    """Each piece of personal data the respondents wrote in an open answer (folded spaces) to
    its kind: e-mail addresses (plain or obfuscated), phone numbers, NIR and IBAN numbers
    with valid keys, street addresses, postcodes with towns, civilities with names."""
    found: dict[str, str] = {}
    for question in survey.questionnaire.questions:
        if question.type != "open":
            continue
        for key in question.source_columns():
            for answer in survey.answers[key].dropna():
                found.update(_findings(_fold(str(answer))))
    return found


def _findings(text: str) -> dict[str, str]:
    found = {}
    for kind, pattern in _RULES:
        for match in pattern.finditer(text):
            end = match.end()
            if kind in (privacy.ADDRESS, privacy.POSTCODE, privacy.CIVILITY):
                end = _NEXT_WORD.match(text, end).end()  # the whole name, not its initial
            secret = text[match.start():end].rstrip(".,;:!?)»\"'")
            if len(secret) >= MIN_SECRET:
                found[secret] = kind
    for kind, pattern, valid in ((privacy.NIR, privacy._NIR,
                                  lambda m: privacy.nir_is_valid("".join(m.groups()))),
                                 (privacy.IBAN, privacy._IBAN, _iban_match)):
        for match in pattern.finditer(text):
            if valid(match):
                found[match.group()] = kind
    return found


def _iban_match(match: re.Match) -> bool:
    compact = re.sub(r"\s", "", match.group())
    return any(privacy.iban_is_valid(compact[:length])
               for length in range(len(compact), 14, -1))


def output_text(name: str, text: str) -> str:
    """What a reader sees of an output: markup out, entities read, attributes (alt texts,
    titles, labels) in, spaces folded."""
    if name.endswith((".html", ".htm", ".svg", ".xml")):
        attributes = " ".join(html.unescape(value) for value in _ATTRIBUTE.findall(text))
        text = html.unescape(_TAG.sub(" ", text)) + " " + attributes
    return _fold(text)


def staged_texts(staging: Path) -> Iterable[tuple[str, str]]:
    """(name relative to ``staging``, text) of every text output staged."""
    for path in sorted(staging.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.suffix.lower() in TEXT_SUFFIXES:
            yield (path.relative_to(staging).as_posix(),
                   path.read_text(encoding="utf-8-sig", errors="replace"))


def check_published(survey: Survey, staging: Path | None,
                    documents: dict[str, str] | None = None,
                    secrets: dict[str, str] | None = None) -> None:
    """Raise a ``PrivacyError`` when an output about to be installed holds personal data
    from a respondent's answer. ``documents`` are texts laid out outside ``staging`` (name to
    HTML: the PDF's, or the pages ``serve`` updates alone, with no ``staging``); ``secrets``
    the survey's ``respondent_data`` when the caller keeps it."""
    secrets = respondent_data(survey) if secrets is None else secrets
    if not secrets:
        return
    problems = []
    outputs = [(name, output_text(name, text))
               for name, text in (staged_texts(staging) if staging is not None else ())]
    outputs += [(name, output_text(".html", text)) for name, text in (documents or {}).items()]
    for name, seen in outputs:
        kinds = sorted({kind for secret, kind in secrets.items() if secret in seen})
        if kinds:
            problems.append(f"{name}: holds {', '.join(kinds)} from a respondent's answer: "
                            "only a testimony's checked text is published (nothing was "
                            "installed)")
    if problems:
        raise PrivacyError("\n".join(problems))

