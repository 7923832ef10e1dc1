"""The built-in theme: neutral print and web layouts, partials, stylesheets and fonts.

A project overrides any file of the theme by putting its own at the same relative path, as
mkdocs' ``custom_dir`` does:

- templates: ``<project>/templates/<name>`` first, then ``theme/templates/<name>``;
- assets (stylesheets, fonts, images): ``<assets>/<name>`` (report.yaml's ``assets``,
  ``report/assets/`` by default) first, then ``theme/assets/<name>``, file by file: a
  project that brings its own ``print.css`` still gets the theme's fonts.

The theme knows no survey: every word it prints about the survey comes from report.yaml and
the questionnaire, and a key left unset prints nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

THEME_DIR = Path(__file__).parent
TEMPLATES_DIR = THEME_DIR / "templates"
"""The theme's layouts, partials and generic chapters."""
ASSETS_DIR = THEME_DIR / "assets"
"""The theme's stylesheets (``print.css``, ``web.css``) and OFL fonts (``fonts/``)."""


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): path
            for path in sorted(folder.rglob("*")) if path.is_file()}


def asset_files(project_assets: Path | None) -> dict[str, Path]:
    """Every asset by its relative path: the project's, then the theme's it does not
    override."""
    merged = _files(ASSETS_DIR)
    if project_assets is not None:
        merged.update(_files(project_assets))
    return dict(sorted(merged.items()))


def merge_assets(project_assets: Path | None, target: Path) -> Path:
    """Copy the theme's assets, then the project's over them, into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name, source in asset_files(project_assets).items():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    return target
