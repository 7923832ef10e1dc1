"""Where an edition's files are, and its report configuration (``report/<edition>/report.yaml``).

Input: a project folder and an edition name. Output: an ``Edition`` (paths), its validated
``Report`` (the schema is in ``config.report``), the editions it is compared with
(``previous_editions``) and every file its build reads (``edition_sources``: what the
manifest hashes and ``serve`` watches). Light: no stage imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..errors import BarorapportError, ConfigError, EditionError
from ..paths import display_path
from .base import load_yaml, validate, where
from .report import Report


@dataclass(frozen=True)
class Edition:
    """The files of one edition of a project."""

    root: Path
    name: str

    @property
    def data_dir(self) -> Path:
        return self.root / "data" / self.name

    @property
    def report_dir(self) -> Path:
        return self.root / "report" / self.name

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def messages_dir(self) -> Path:
        """The project's own wording catalogues (``<lang>.yaml``), looked up before the
        built-in theme's, message by message."""
        return self.root / "messages"

    @property
    def questionnaire_path(self) -> Path:
        return self.data_dir / "questionnaire.yaml"

    @property
    def report_path(self) -> Path:
        return self.report_dir / "report.yaml"

    @property
    def themes_path(self) -> Path:
        return self.data_dir / "themes.yaml"

    @property
    def testimonies_path(self) -> Path:
        return self.data_dir / "testimonies.yaml"

    def assets_dir(self, report: Report) -> Path:
        return (self.report_dir / report.assets).resolve()

    def responses_path(self, file: str) -> Path:
        """The export named by the questionnaire's ``responses.file`` (relative to the
        questionnaire's folder)."""
        return self.data_dir / file


def edition_names(root: Path) -> list[str]:
    """The editions of the project (``report/<name>/report.yaml``), sorted by name."""
    return sorted(path.parent.name for path in (root / "report").glob("*/report.yaml"))


def find_edition(root: Path, name: str | None) -> Edition:
    """The edition called ``name``, or the latest one (by name) under ``report/``."""
    report_root = root / "report"
    if name is None:
        names = edition_names(root)
        if not names:
            raise ConfigError(f"{display_path(report_root)}: no edition (no */report.yaml)")
        name = names[-1]
    edition = Edition(root=root, name=name)
    if not edition.report_path.is_file():
        raise ConfigError(f"{display_path(edition.report_path)}: file not found "
                          f"(is '{name}' an edition of this project?)")
    return edition


def load_report(edition: Edition) -> Report:
    return validate(Report, load_yaml(edition.report_path), edition.report_path)


def report_keys(edition: Edition, *names: str) -> dict[str, Any]:
    """The values of report.yaml's keys ``names``, each validated alone: its default when
    the file, or the key itself, cannot be read (``load_report`` says why). What reading
    the export needs (``respondents``, ``design``) when the whole report is invalid, so
    that ``check`` still reads the responses and reports their problems too."""
    defaults = {name: Report.model_fields[name].get_default(call_default_factory=True)
                for name in names}
    try:
        data = load_yaml(edition.report_path)
    except BarorapportError:
        return defaults
    if not isinstance(data, dict):
        return defaults
    values = {}
    for name in names:
        field = Report.model_fields[name]
        try:
            values[name] = (TypeAdapter(field.annotation).validate_python(data[name])
                            if name in data else defaults[name])
        except ValidationError:
            values[name] = defaults[name]
    return values


def previous_edition(edition: Edition, report: Report) -> str | None:
    """report.yaml's ``previous``, else the latest edition before this one by name; None
    for the first edition. A ``previous`` that is not another edition of the project is an
    ``EditionError`` with its place (the one rule ``check`` and the history both apply)."""
    names = edition_names(edition.root)
    if report.previous is None:
        earlier = [name for name in names if name < edition.name]
        return earlier[-1] if earlier else None
    if report.previous not in names or report.previous == edition.name:
        others = [name for name in names if name != edition.name]
        raise EditionError(
            f"{where(edition.report_path, load_yaml(edition.report_path), ('previous',))}: "
            f"previous edition '{report.previous}' is not another edition of this project "
            f"(expected one of: {', '.join(others) or 'none'})")
    return report.previous


def previous_editions(edition: Edition, report: Report) -> list[tuple[Edition, Report]]:
    """The editions ``edition`` is compared with, newest first, each following its own
    ``previous`` (a chain that comes back to an edition already in it stops there)."""
    return [(past, past_report) for past, past_report in _chain(edition, report, lenient=False)
            if past_report is not None]


def _chain(edition: Edition, report: Report, *, lenient: bool
           ) -> Iterator[tuple[Edition, Report | None]]:
    """``previous_editions``, one at a time; ``lenient``: an edition whose ``previous`` or
    report.yaml cannot be read ends the chain (given with no report) instead of raising."""
    seen = {edition.name}
    while True:
        try:
            name = previous_edition(edition, report)
        except BarorapportError:
            if lenient:
                return
            raise
        if name is None or name in seen:
            return
        seen.add(name)
        edition = Edition(root=edition.root, name=name)
        try:
            report = load_report(edition)
        except BarorapportError:
            if lenient:
                yield edition, None
                return
            raise
        yield edition, report


def edition_sources(edition: Edition, report: Report) -> list[Path]:
    """Every file or folder the build of ``edition`` reads from the project: its data and
    report folders, the templates, the assets, the wording catalogues (``messages/``), and
    the data and report folders of every
    edition on its ``previous`` chain (the trends read their answers, questionnaires and
    themes), with each export a questionnaire names outside its folder. The engine's own
    code and theme are not listed: the build's key holds their fingerprint.

    The manifest hashes these (the build is up to date only when none changed) and
    ``serve`` watches them. An edition of the chain that cannot be read ends it there: the
    build fails on it anyway, with its place."""
    sources = [edition.data_dir, edition.report_dir, edition.templates_dir,
               edition.assets_dir(report)]
    if edition.messages_dir.is_dir():  # else its parent, the whole project, would be watched
        sources.append(edition.messages_dir)
    editions = [edition]
    for past, _ in _chain(edition, report, lenient=True):
        sources += [past.data_dir, past.report_dir]
        editions.append(past)
    for each in editions:
        responses = _declared_responses(each)
        if responses is not None and not responses.resolve().is_relative_to(
                each.data_dir.resolve()):
            sources.append(responses)
    return list(dict.fromkeys(sources))


def _declared_responses(edition: Edition) -> Path | None:
    """The export named by the edition's questionnaire, read without validating it (the
    survey stage validates it); None when the questionnaire cannot be read."""
    try:
        data = load_yaml(edition.questionnaire_path)
    except BarorapportError:
        return None
    responses = data.get("responses") if isinstance(data, dict) else None
    file = responses.get("file") if isinstance(responses, dict) else None
    return edition.responses_path(file) if isinstance(file, str) else None
