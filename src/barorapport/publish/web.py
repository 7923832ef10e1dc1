"""The web edition: one page per chapter and an index, as static files.

Input: the rendered pages (file name to HTML), the charts and the assets folder. Output:
the ``web/`` folder, with relative links only, so it can be served from any path.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def write_web(pages: dict[str, str], target: Path, *, charts_dir: Path, assets_dir: Path | None
              ) -> Path:
    """Write ``pages`` into ``target`` with the charts and the assets beside them."""
    target.mkdir(parents=True, exist_ok=True)
    for name, html in pages.items():
        (target / name).write_text(html, encoding="utf-8")
    if charts_dir.is_dir():
        shutil.copytree(charts_dir, target / "charts", dirs_exist_ok=True)
    if assets_dir is not None and assets_dir.is_dir():
        shutil.copytree(assets_dir, target / "assets", dirs_exist_ok=True)
    return target
