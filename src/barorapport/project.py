"""Where an edition's files are, and its report configuration (``report/<edition>/report.yaml``).

Input: a project folder and an edition name. Output: an ``Edition`` (paths) and its
validated ``Report`` (the schema is in ``barorapport.report``). Light: no stage imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import display_path, load_yaml, validate
from .errors import ConfigError
from .report import (  # noqa: F401 (re-exported: the schema's historic home)
    Chapter,
    ChartSizeConfig,
    ChartStyleConfig,
    FigureSpec,
    QuartoConfig,
    Report,
    Thresholds,
)


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
