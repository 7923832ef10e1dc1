"""The privacy gate's last look: the final text of every output, before anything is installed.

Input: the ``Secrets`` (the personal data found in the respondents' own answers, and what
other stages add to them), the staged output folder and the texts laid out elsewhere (the
print edition's HTML, the web pages). Output: nothing, or a ``PrivacyError`` naming each
output that holds one, its kind and the testimony that quotes its respondent, never the data.

The testimonies are checked one by one before they are rendered (``privacy``); this check
does not trust any route: a template printing an answer another way, a chart label, an alt
text, a CSV. It looks for the personal data found in the respondents' own answers, however an
output writes it (``06 12 34 56 78`` is found as ``06.12.34.56.78``, an address in capitals,
behind a zero-width space), so that what editors wrote (the publisher's address, a contact
e-mail) raises no alarm here: editors' texts get a warning of their own (``editors``).

``check`` and ``build`` run it on the laid-out pages and print document (``check_laid_out``,
a stage of ``pipeline.recipe.prepare``); ``build`` runs it again on every staged file
(``check_published``). Other stages add the values they must never see published with
``Secrets.add_literal`` (a dropped personal column's values, for instance).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..bulktext import Texts
from ..errors import PrivacyError, PublishError
from ..personal import patterns
from ..personal.normalise import fold
from ..personal.patterns import ADDRESS, CIVILITY, EMAIL, KINDS, POSTCODE, email_keys, find
from ..survey import Survey
from ..survey.withheld import Withheld

TEXT_SUFFIXES = (".html", ".htm", ".svg", ".csv", ".md", ".qmd", ".txt", ".xml", ".json",
                 ".tex", ".yml")
OFFICE_SUFFIXES = (".docx", ".xlsx", ".pptx", ".odt", ".ods")
"""Zipped XML outputs (the Word edition, the workbooks): read as their text."""
_TAG = re.compile(r"<[^>]*>")
_ATTRIBUTE = re.compile(
    r"""\b(?:alt|title|aria-label|aria-description|content|label)=["']([^"']*)""",
    re.IGNORECASE)
_LITERAL_KINDS = (ADDRESS, POSTCODE, CIVILITY)
"""Kinds looked for in the outputs as the words the answer wrote (folded, any case)."""
MIN_SECRET = 6
"""Characters a literal finding must have to be looked for in the outputs."""


@dataclass
class Secrets:
    """What no output may hold: canonical values (``patterns.Finding.value``: found in an
    output however it writes them) and literal texts (folded, case-folded: looked for as
    they are), each with its kind and the respondents who wrote it (never printed: they
    name the testimonies quoting them)."""

    canonical: dict[str, str] = field(default_factory=dict)
    literal: dict[str, str] = field(default_factory=dict)
    respondents: dict[str, set[str]] = field(default_factory=dict)
    withheld: Withheld = field(default_factory=Withheld)
    """The values of the export's columns never read (personal data, ids, timestamps:
    ``survey.withheld``), looked for as whole words, names of 3 letters and more too."""

    def __bool__(self) -> bool:
        return bool(self.canonical or self.literal or self.withheld)

    def add_canonical(self, value: str, kind: str, respondent: str | None = None) -> None:
        for key in email_keys(value) if kind == EMAIL else (value,):
            self.canonical[key] = kind
            self._written_by(key, respondent)

    def add_literal(self, text: str, kind: str, respondent: str | None = None) -> None:
        """``text`` must not appear in any output (compared folded, in any case)."""
        key = " ".join(fold(text).casefold().split())
        if len(key) >= MIN_SECRET:
            self.literal[key] = kind
            self._written_by(key, respondent)
            self.__dict__.pop("_pattern", None)

    def _written_by(self, key: str, respondent: str | None) -> None:
        if respondent is not None:
            self.respondents.setdefault(key, set()).add(respondent)

    def literal_pattern(self) -> re.Pattern | None:
        """One expression for every literal secret (a text is read once, not once each)."""
        if "_pattern" not in self.__dict__:
            keys = sorted(self.literal, key=len, reverse=True)
            self.__dict__["_pattern"] = re.compile("|".join(map(re.escape, keys))) \
                if keys else None
        return self.__dict__["_pattern"]


def respondent_data(survey: Survey) -> Secrets:
    """Each piece of personal data the respondents wrote in an open answer: e-mail addresses
    (plain or spelled out), phone numbers, NIR and IBAN numbers with valid keys (canonical),
    street addresses, postcodes with towns, civilities with names (their words). Each
    distinct answer is read once, and only when a first sort in bulk (``bulktext``: RE2
    over all of them) cannot tell that none of the rules finds anything in it. With them,
    the values of the export's columns that were never read (``survey.withheld``)."""
    secrets = Secrets(withheld=survey.withheld)
    for question in survey.questionnaire.questions:
        if question.type != "open":
            continue
        for key in question.source_columns():
            column = survey.answers[key].dropna()
            codes, texts = pd.factorize(column.to_numpy(dtype=object))
            folded = [fold(str(text)) for text in texts]
            respondents = column.index.astype(str).to_numpy()
            groups: dict[int, np.ndarray] | None = None
            for number in np.flatnonzero(_may_hold_data(folded)):
                found = find(folded[number])
                if found and groups is None:  # each text's respondents, in their order
                    groups = pd.Series(np.arange(len(codes))).groupby(codes).indices
                for finding in found:
                    for respondent in respondents[groups[number]]:
                        if finding.kind in _LITERAL_KINDS:
                            secrets.add_literal(folded[number][finding.start:finding.end],
                                                finding.kind, respondent)
                        else:
                            secrets.add_canonical(finding.value, finding.kind, respondent)
    return secrets


_NEEDED = (patterns._EMAIL, patterns._FR_PHONE, patterns._NIR, patterns._IBAN,
           patterns._ADDRESS_FR, patterns._ADDRESS_EN, patterns._POSTCODE,
           patterns._UK_POSTCODE, patterns._CIVILITY, re.compile(r"\d(?:\D*\d){8}"))
"""What ``patterns.find`` needs to find anything: a match of one of its expressions, or 9
digits (phonenumbers reads no text with fewer). A rule added there is added here."""


def _may_hold_data(texts: list[str]) -> np.ndarray:
    """Per text, False only where ``patterns.find`` surely finds nothing."""
    bulk = Texts(texts)
    possible = np.zeros(len(texts), dtype=bool)
    for pattern in _NEEDED:
        possible |= bulk.may_contain(pattern)
    return possible


_MARKUP = (".html", ".htm", ".svg", ".xml")


def output_text(name: str, text: str) -> str:
    """What a reader sees of an output (named ``name``, or HTML when it is no file name of
    text: the print document named after its PDF): markup out, entities read, attributes
    (alt texts, titles, labels) in, folded (``normalise.fold``)."""
    if name.endswith(_MARKUP) or not name.endswith((*TEXT_SUFFIXES, *OFFICE_SUFFIXES)):
        attributes = " ".join(html.unescape(value) for value in _ATTRIBUTE.findall(text))
        text = html.unescape(_TAG.sub(" ", text)) + " " + attributes
    return " ".join(fold(text).split())


_OFFICE_LINES = frozenset({"p", "si", "is", "c", "h"})
"""Elements whose text is one line (a paragraph, a shared string, an inline string, a
cell): the runs inside are joined as they print, so that an e-mail split over two runs is
read whole."""


def office_text(path: Path, name: str | None = None) -> str:
    """The text of every XML part of a zipped Office file (Word's paragraphs and notes, a
    workbook's strings and cells, the document properties), one line per paragraph or
    cell, as markup-free text. A file that is no zip of well-formed XML parts (a tool's
    broken output) cannot be looked at: a ``PublishError`` naming it (``name``, else its
    path), so that nothing is installed."""
    import zipfile
    import zlib

    from defusedxml import DefusedXmlException, ElementTree

    lines: list[str] = []

    def walk(element) -> None:
        if element.tag.rsplit("}", 1)[-1] in _OFFICE_LINES:
            lines.append("".join(element.itertext()))
            return
        if element.text and element.text.strip():
            lines.append(element.text)
        for child in element:
            walk(child)
            if child.tail and child.tail.strip():
                lines.append(child.tail)

    part = None
    try:
        with zipfile.ZipFile(path) as archive:
            for part in sorted(archive.namelist()):
                if part.endswith((".xml", ".rels")):
                    walk(ElementTree.fromstring(archive.read(part)))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError,
            DefusedXmlException, NotImplementedError, EOFError, zlib.error) as error:
        where = f"{name or path}" + (f" (part {part})" if part else "")
        raise PublishError(f"{where}: not a readable Office file, a zip of XML parts "
                           f"({str(error) or type(error).__name__}), so it cannot be checked "
                           "for personal data: nothing was installed") from None
    return "\n".join(lines)


def staged_texts(staging: Path) -> Iterable[tuple[str, str]]:
    """(name relative to ``staging``, text) of every text output staged, and of every
    Office file (``office_text``)."""
    for path in sorted(staging.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            yield (path.relative_to(staging).as_posix(),
                   path.read_text(encoding="utf-8-sig", errors="replace"))
        elif suffix in OFFICE_SUFFIXES:
            name = path.relative_to(staging).as_posix()
            yield name, office_text(path, name)


def _found(secrets: Secrets, seen: str) -> dict[str, str]:
    """The secrets (key to kind) that ``seen`` (an output's folded text) holds."""
    hits = {}
    if secrets.canonical:
        for finding in find(seen):
            keys = email_keys(finding.value) if finding.kind == EMAIL else (finding.value,)
            hits.update((key, secrets.canonical[key]) for key in keys
                        if key in secrets.canonical)
    pattern = secrets.literal_pattern()
    if pattern is not None:
        hits.update((match.group(), secrets.literal[match.group()])
                    for match in pattern.finditer(seen.casefold()))
    return hits


def _quoting(secrets: Secrets, keys: Iterable[str], testimonies) -> list[str]:
    respondents = set().union(*(secrets.respondents.get(key, set()) for key in keys))
    return sorted(testimony.id for testimony in testimonies or ()
                  if testimony.respondent in respondents)


def _withheld_problems(withheld: Withheld, name: str, seen: str) -> list[str]:
    """The problem of an output (``name``, its text as a reader sees it) that shows a value
    of a column never read, whatever route it took; none when it shows none."""
    columns = withheld.shown_in(seen)
    if not columns:
        return []
    shown = ", ".join(f"'{column}'" for column in columns)
    return [f"{name}: shows a value of the export's column(s) {shown}, which hold personal "
            "data, ids or timestamps and are never published (nothing was installed)"]


def check_outputs(secrets: Secrets, outputs: Iterable[tuple[str, str]],
                  testimonies=None) -> None:
    """Raise a ``PrivacyError`` naming each output (name, text as written) that holds one of
    ``secrets``, its kinds and the testimonies quoting the respondent who wrote it."""
    if not secrets:
        return
    problems, memo = [], {}
    for name, text in outputs:
        seen = output_text(name, text)
        if seen not in memo:  # the same text twice (a page and its copy) is read once
            memo[seen] = _found(secrets, seen)
        hits = memo[seen]
        problems += _withheld_problems(secrets.withheld, name, seen)
        if not hits:
            continue
        kinds = [kind for kind in KINDS if kind in hits.values()]
        quoted = _quoting(secrets, hits, testimonies)
        by = (f" (the respondent quoted by testimony {', '.join(repr(t) for t in quoted)})"
              if quoted else "")
        problems.append(f"{name}: holds {', '.join(kinds)} from a respondent's answer{by}: "
                        "only a testimony's checked text is published (nothing was "
                        "installed)")
    if problems:
        raise PrivacyError("\n".join(problems))


def check_published(survey: Survey, staging: Path | None,
                    documents: dict[str, str] | None = None,
                    secrets: Secrets | None = None, testimonies=None) -> None:
    """Raise a ``PrivacyError`` when an output about to be installed holds personal data
    from a respondent's answer. ``documents`` are texts laid out outside ``staging`` (name to
    HTML: the PDF's, or the pages ``serve`` updates alone, with no ``staging``); ``secrets``
    the survey's ``respondent_data`` (and what other stages added) when the caller keeps
    it."""
    secrets = respondent_data(survey) if secrets is None else secrets
    outputs = list(staged_texts(staging)) if staging is not None else []
    check_outputs(secrets, [*outputs, *(documents or {}).items()], testimonies)


def check_laid_out(secrets: Secrets, print_html: str | None, pages: dict[str, str] | None,
                   pdf_name: str | None, testimonies=None) -> None:
    """The last look at what ``check`` and ``build`` both lay out: the print document (named
    after its PDF) and the web pages."""
    outputs = [(f"web/{name}", text) for name, text in (pages or {}).items()]
    if print_html is not None:
        outputs.append((pdf_name or "print", print_html))
    check_outputs(secrets, outputs, testimonies)
