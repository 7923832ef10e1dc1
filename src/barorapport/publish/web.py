"""The web edition: one page per chapter and an index, as static files.

Input: the rendered pages (file name to HTML), the charts and the assets folder. Output:
the ``web/`` folder with relative links only, so it can be served from any path:

    web/index.html, web/<chapter>.html   pages
    web/charts/<figure>.svg              charts
    web/data/<figure>.csv                each chart's data (``publish.data``)
    web/data/figures.csv, figures.xlsx   the whole figures table (the data annex)
    web/<slug>-<edition>.pdf             the print edition, when it is built too
    web/assets/                          stylesheets and fonts (WOFF2 subsets, ``webfonts``)
    web/sitemap.xml                      only when a base URL is given
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from ..charts import Chart
from ..engine.atomic import write_atomically
from ..engine.buildcache import ContentCache
from ..render import render_layout
from .assets import confined, copy_assets
from .webfonts import page_characters, subset_fonts


def page_name(chapter_id: str) -> str:
    """The web page of a chapter: ``<chapter id>.html``."""
    return f"{chapter_id}.html"


def web_pages(environment, report, context: dict, chapters) -> dict[str, str]:
    """The index and one page per chapter (file name to HTML), each knowing its neighbours."""
    common = {**context, "chapters": chapters, "assets": "assets", "page_name": page_name}
    pages = {"index.html": render_layout(environment, report.web_layout,
                                         {**common, "page": None, "previous": None,
                                          "next": chapters[0] if chapters else None})}
    for index, chapter in enumerate(chapters):
        previous = chapters[index - 1] if index > 0 else None
        following = chapters[index + 1] if index + 1 < len(chapters) else None
        pages[page_name(chapter.id)] = render_layout(
            environment, report.web_layout,
            {**common, "page": chapter, "previous": previous, "next": following})
    return pages


def update_pages(target: Path, before: dict[str, str], pages: dict[str, str]
                 ) -> list[str] | None:
    """Write into the web folder ``target`` the pages that differ from ``before``, each
    replaced whole; None (nothing written) when the pages differ otherwise than by their
    text: another set of pages, or characters the fonts' subsets do not hold, which only a
    whole build of the web edition gives."""
    if set(pages) != set(before) or (page_characters(pages.values())
                                     != page_characters(before.values())):
        return None
    changed = [name for name, html in pages.items() if html != before[name]]
    for name in changed:
        write_atomically(confined(target, name), pages[name].encode("utf-8"))
    return changed


def sitemap(base_url: str, pages: Iterable[str]) -> str:
    base = base_url.rstrip("/") + "/"
    entries = "".join(f"  <url><loc>{escape(base + name)}</loc></url>\n" for name in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</urlset>\n")


def write_web(pages: dict[str, str], target: Path, *, charts: dict[str, Chart],
              charts_dir: Path, assets_dir: Path | None, extra_files: Iterable[Path] = (),
              data_files: Iterable[Path] = (), base_url: str | None = None,
              root: Path | None = None, cache: ContentCache | None = None) -> Path:
    """Write ``pages`` into ``target`` with the charts, their data and the assets: every
    path proven inside ``target``, the assets regular files from inside the project
    ``root`` only (default: the assets folder's parent)."""
    target.mkdir(parents=True, exist_ok=True)
    for name, html in pages.items():
        confined(target, name).write_text(html, encoding="utf-8")
    if charts_dir.is_dir():
        shutil.copytree(charts_dir, target / "charts", dirs_exist_ok=True)
    (target / "data").mkdir(exist_ok=True)
    if assets_dir is not None and assets_dir.is_dir():
        copy_assets(assets_dir, target / "assets", root or assets_dir.parent)
        # Fonts: WOFF2 subsets of what the pages show, not megabytes of full TTF.
        subset_fonts(target, cache)
    for path in extra_files:
        shutil.copy2(path, target / path.name)
    for path in data_files:
        shutil.copy2(path, target / "data" / path.name)
    if base_url:
        (target / "sitemap.xml").write_text(sitemap(base_url, pages), encoding="utf-8")
    return target
