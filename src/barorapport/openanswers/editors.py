"""The privacy gate on what editors wrote: chapter templates, report.yaml, the
questionnaire's question texts and labels, the theme rules' labels.

Input: an edition (its files) and its report. Output: a warning per line that holds
personal data (``templates/chapters/intro.html.j2:12: holds a phone number...``), read as the
gate reads quotations (``normalise.fold``, ``patterns.find``; not the named-entity model:
editors name places and people on purpose). Editors' words are published as written, so this
is a warning, not an error: a publisher's own contact is listed in report.yaml's
``public_contacts``, and is then not warned about.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config.base import LocatedDict, LocatedList, load_yaml
from ..errors import ConfigError
from ..paths import display_path
from ..personal.normalise import fold
from ..personal.patterns import EMAIL, KINDS, email_keys, find

logger = logging.getLogger("barorapport")


def _keys(text: str) -> set[str]:
    """The canonical values of the personal data in ``text``."""
    keys: set[str] = set()
    for finding in find(fold(text)):
        keys.update(email_keys(finding.value) if finding.kind == EMAIL else (finding.value,))
    return keys


def _strings(data, mark=None) -> Iterator[tuple[str, tuple[int, int] | None]]:
    """Every string of a loaded YAML document, with its line and column."""
    if isinstance(data, str):
        yield data, mark
    elif isinstance(data, LocatedDict):
        for key, value in data.items():
            yield from _strings(value, data.marks.get(key))
    elif isinstance(data, LocatedList):
        for value, item_mark in zip(data, data.marks, strict=True):
            yield from _strings(value, item_mark)


def _texts(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) of every string of a YAML file, or of every line of a template."""
    shown = display_path(path)
    if path.suffix in (".yaml", ".yml"):
        try:
            data = load_yaml(path)
        except ConfigError:
            return  # reported by the stage that reads the file
        for text, mark in _strings(data):
            yield (f"{shown}:{mark[0]}:{mark[1]}" if mark else shown), text
        return
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return  # reported by the stage that reads the template
    for number, line in enumerate(lines, start=1):
        yield f"{shown}:{number}", line


def editors_files(templates_dir: Path, yaml_files: Iterable[Path]) -> list[Path]:
    """The project's templates and the YAML files whose words are published."""
    templates = sorted(templates_dir.rglob("*.j2")) if templates_dir.is_dir() else []
    return [*templates, *(path for path in yaml_files if path.is_file())]


def warn_editors_texts(files: Iterable[Path], public: Iterable[str] = ()) -> list[str]:
    """Warn about each line or string of ``files`` that holds personal data not listed in
    ``public`` (report.yaml's ``public_contacts``); returns the warnings."""
    allowed = set().union(*(_keys(text) for text in public))
    warnings = []
    for path in files:
        for where, text in _texts(path):
            folded = fold(text)
            found = [finding for finding in find(folded)
                     if not (_finding_keys(finding) & allowed)]
            if not found:
                continue
            kinds = [kind for kind in KINDS if kind in {finding.kind for finding in found}]
            warnings.append(f"{where}: holds {', '.join(kinds)}: an editor's text is published "
                            "as written; if it is meant to be (the publisher's own contact), "
                            "list it in report.yaml's public_contacts")
    for warning in warnings:
        logger.warning("%s", warning)
    return warnings


def _finding_keys(finding) -> set[str]:
    return set(email_keys(finding.value) if finding.kind == EMAIL else (finding.value,))
