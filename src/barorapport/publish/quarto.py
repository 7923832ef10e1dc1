"""The Quarto edition: a standalone Quarto book project, rendered by the ``quarto`` command.

Input: the report, the rendered chapters and the charts folder. Output: a project folder
(``_quarto.yml``, ``index.qmd``, one ``<chapter-id>.qmd`` per chapter, ``charts/*.svg``)
that ``quarto render`` turns into the requested formats; ``render_quarto`` runs it and moves
each format's output to ``quarto-<format>/`` beside the project.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..config.options import QUARTO_FORMATS  # noqa: F401 (re-exported)
from ..errors import QuartoError
from .quarto_cli import Quarto, check_quarto, run_quarto
from .quarto_markdown import escape_markdown, html_to_markdown

logger = logging.getLogger("barorapport")

OUTPUT_DIR = "_output"
STYLESHEET = "barorapport.css"
# The chapter markup's caption parts, laid out as the print and web editions show them.
_CSS = """\
.figure-number { font-weight: bold; }
.source { display: block; font-size: smaller; }
"""


@dataclass(frozen=True)
class QuartoProject:
    folder: Path
    config: Path
    """``_quarto.yml``."""
    chapters: tuple[Path, ...]
    """The ``.qmd`` files in reading order, ``index.qmd`` first."""
    raw_html: dict[str, tuple[str, ...]]
    """Chapter id to the tags kept as raw HTML (shown in HTML output only)."""


def quarto_config(report, edition: str, chapter_files: list[str], formats: tuple[str, ...]
                  ) -> dict:
    """The ``_quarto.yml`` of the edition: a book, so DOCX, PDF and EPUB are one document."""
    book = {"title": report.title}
    if report.subtitle:
        book["subtitle"] = report.subtitle
    if report.authors:
        book["author"] = list(report.authors)
    if report.published:
        book["date"] = report.published.isoformat()
    book["output-file"] = f"{report.slug}-{edition}"
    book["chapters"] = chapter_files
    formats_config = {name: ({"css": STYLESHEET} if name == "html" else {})
                      for name in formats}
    return {"project": {"type": "book", "output-dir": OUTPUT_DIR},
            "book": book,
            "lang": report.lang,
            # The print and web editions do not number chapters or sections.
            "number-sections": False,
            "format": formats_config}


def write_quarto_project(folder: Path, *, report, edition: str, chapters, charts_dir: Path,
                         formats: tuple[str, ...] = ("html",)) -> QuartoProject:
    """Write the Quarto project of ``chapters`` (``RenderedChapter``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / "index.qmd"]
    files[0].write_text(_index(report), encoding="utf-8")
    raw_html = {}
    for chapter in chapters:
        body, raw = html_to_markdown(str(chapter.html))
        raw_html[chapter.id] = raw
        path = folder / f"{chapter.id}.qmd"
        path.write_text(f"# {escape_markdown(chapter.title)} {{#{chapter.id}}}\n\n{body}\n",
                        encoding="utf-8")
        files.append(path)
    if charts_dir.is_dir():
        shutil.copytree(charts_dir, folder / "charts", dirs_exist_ok=True)
    (folder / STYLESHEET).write_text(_CSS, encoding="utf-8")
    config = folder / "_quarto.yml"
    config.write_text(yaml.safe_dump(quarto_config(report, edition, [f.name for f in files],
                                                   formats),
                                     allow_unicode=True, sort_keys=False), encoding="utf-8")
    return QuartoProject(folder=folder, config=config, chapters=tuple(files), raw_html=raw_html)


def _index(report) -> str:
    # Quarto's book needs an index page; it shows the title block, so only the subtitle and
    # the authors are written here, as the print edition's cover does.
    lines = [f"# {escape_markdown(report.title)} {{.unnumbered}}", ""]
    if report.subtitle:
        lines += [escape_markdown(report.subtitle), ""]
    if report.authors:
        lines += [escape_markdown(", ".join(report.authors)), ""]
    return "\n".join(lines)


def render_quarto(project: QuartoProject, formats: tuple[str, ...], *, quarto: Quarto | None = None,
                  progress: Callable[[str], None], timeout: float,
                  environ: Mapping[str, str] | None = None) -> dict[str, Path]:
    """Render ``project`` to each format; each output folder goes to ``quarto-<format>/``.

    Returns the format to its main file (``index.html``, ``<slug>-<edition>.docx``), or to
    its folder when the render wrote no single main file.
    """
    quarto = quarto or check_quarto(environ)
    progress(f"quarto: {quarto.executable} {quarto.version_text}")
    results = {}
    for output_format in formats:
        output = project.folder / OUTPUT_DIR
        if output.exists():
            shutil.rmtree(output)
        progress(f"quarto: rendering {output_format}")
        run_quarto(quarto, project.folder, output_format, progress=progress, timeout=timeout,
                   environ=environ)
        if not output.is_dir():
            raise QuartoError(f"{project.folder}: quarto render --to {output_format} wrote no "
                              f"{OUTPUT_DIR}/ folder")
        destination = project.folder.parent / f"quarto-{output_format}"
        if destination.exists():
            shutil.rmtree(destination)
        output.rename(destination)
        results[output_format] = _main_file(destination, output_format)
    return results


def _main_file(folder: Path, output_format: str) -> Path:
    if output_format == "html":
        return folder / "index.html" if (folder / "index.html").is_file() else folder
    found = sorted(folder.glob(f"*.{output_format}"))
    return found[0] if len(found) == 1 else folder


def publish_quarto(quarto: Quarto, report, edition: str, chapters, staging: Path,
                   target: Path, formats: tuple[str, ...], progress: Callable[[str], None],
                   timeout: float) -> dict[str, Path]:
    """The Quarto project in ``staging/quarto/``, rendered to ``quarto-<format>/`` per
    format; the outputs by kind, as paths under ``target`` once installed."""
    progress("publish: writing the Quarto project")
    project = write_quarto_project(staging / "quarto", report=report, edition=edition,
                                   chapters=chapters, charts_dir=staging / "charts",
                                   formats=formats)
    for chapter_id, tags in project.raw_html.items():
        if tags:
            logger.warning("%s: <%s> kept as raw HTML: shown in Quarto's html output only",
                           chapter_id, ">, <".join(sorted(set(tags))))
    rendered = render_quarto(project, formats, quarto=quarto, progress=progress,
                             timeout=timeout)
    outputs = {"quarto": target / "quarto" / "_quarto.yml"}
    outputs.update({f"quarto-{name}": target / path.relative_to(staging)
                    for name, path in rendered.items()})
    return outputs
