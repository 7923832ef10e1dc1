"""What the editions publish from the project, and where they write it: nothing from outside.

Input: the assets folder, the project's root, an output folder and the names written in it.
Output: the assets copied (regular files from inside the project only), each output path
proven inside its folder, and every ``url()`` of the stylesheets checked to exist, so that a
missing font is an error with its place instead of a silent fallback to another face.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import PublishError
from ..paths import display_path

_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)"""
                  r"""|@import\s+(?:"([^"]*)"|'([^']*)')""")
_NAME = re.compile(r"[^/\\\x00]+")


def confined(folder: Path, name: str) -> Path:
    """``folder / name``, proven to stay inside ``folder``: ``name`` is a plain file name,
    not a path that leaves the folder (``../x``), an absolute one, or a hidden one."""
    if not _NAME.fullmatch(name) or name in (".", "..") or name.startswith("."):
        raise PublishError(f"{name!r}: not a plain file name, so not written: an output "
                           f"must stay inside {display_path(folder)}")
    path = folder / name
    if not path.resolve().is_relative_to(folder.resolve()):
        raise PublishError(f"{name!r}: outside {display_path(folder)}, so not written")
    return path


def check_inside_project(assets: Path, root: Path, source: Path | None = None) -> None:
    """Raise a ``PublishError`` when the assets folder is not inside the project."""
    if not assets.resolve().is_relative_to(root.resolve()):
        where = f"{display_path(source)}: " if source is not None else ""
        raise PublishError(f"{where}assets: {display_path(assets)} is outside the project "
                           f"({display_path(root)}): the editions publish only the project's "
                           "own files")


def asset_files(assets: Path, root: Path) -> list[Path]:
    """The regular files under ``assets``, each inside the project: a link to a file outside
    it, or to anything but a regular file, is an error (it would publish that file)."""
    files = []
    for path in sorted(assets.rglob("*")):
        resolved = path.resolve()
        if path.is_symlink() and not resolved.is_relative_to(root.resolve()):
            raise PublishError(f"{display_path(path)}: a link to {resolved}, outside the "
                               "project: not published (copy the file into the project)")
        if path.is_dir():
            continue
        if not path.is_file():
            raise PublishError(f"{display_path(path)}: not a regular file: not published")
        files.append(path)
    return files


def copy_assets(assets: Path, target: Path, root: Path) -> None:
    """Copy the regular files of ``assets`` (inside the project) to ``target``, as files:
    a link inside the project is copied as the file it names."""
    check_inside_project(assets, root)
    for path in asset_files(assets, root):
        destination = target / path.relative_to(assets)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        shutil.copymode(path, destination)


def check_stylesheets(folder: Path, fallbacks: tuple[Path, ...] = ()) -> None:
    """Raise a ``PublishError`` for each ``url()`` or ``@import`` of a stylesheet under
    ``folder`` that names a local file that does not exist (a font, an image), neither in
    ``folder`` nor at the same place in one of ``fallbacks`` (the theme's assets)."""
    problems = []
    for sheet in sorted(folder.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        for match in _URL.finditer(text):
            url = next(group for group in match.groups() if group is not None)
            parts = urlsplit(url)
            if not url or url.startswith("#") or parts.scheme or parts.netloc \
                    or url.startswith("/"):
                continue
            named = sheet.parent / unquote(parts.path)
            relative = os.path.relpath(named, folder)
            if not named.is_file() and (relative.startswith("..") or not any(
                    (fallback / relative).is_file() for fallback in fallbacks)):
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                problems.append(f"{display_path(sheet)}:{line}:{column}: {match.group(0)}: "
                                "file not found")
    if problems:
        raise PublishError("\n".join(problems))


def check_publication_paths(staging: Path, report, edition) -> None:
    """Before anything is written: every output name the report gives (the PDF's slug, each
    chapter's page, each figure's chart and data) stays inside the output folder, and the
    assets are the project's own, their stylesheets naming only files that exist."""
    names = [f"{report.slug}-{edition.name}.pdf"]
    names += [f"{chapter.id}.html" for chapter in report.chapters]
    names += [f"{figure.id}{suffix}" for figure in report.figures
              for suffix in (".svg", ".csv", "-print.chart", "-screen.chart")]
    for name in names:
        confined(staging, name)
    assets = edition.assets_dir(report)
    check_inside_project(assets, edition.root, edition.report_path)
    if assets.is_dir():
        from ..theme import ASSETS_DIR

        asset_files(assets, edition.root)
        check_stylesheets(assets, fallbacks=(ASSETS_DIR,))
