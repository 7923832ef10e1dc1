"""Benchmark the build of the 2020 edition: cold, no-op, template-only and data-change rebuilds,
with each run's peak memory; then the same print HTML laid out by WeasyPrint and printed to
PDF by headless Chromium, side by side.

Standalone: ``python benchmarks/bench_build.py`` from the repository (``nox -s bench``). Each
build runs in a child process (``barorapport build``), on a copy of the project in a
temporary folder; peak memory is ``ru_maxrss`` of the children.
"""

from __future__ import annotations

import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def _run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and the peak memory (MiB) of the largest child so far."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _build(project: Path) -> tuple[float, float]:
    return _run([sys.executable, "-m", "barorapport.cli", "--quiet", "build", "--edition",
                 "2020"], project)


def _print_html(project: Path, folder: Path) -> Path:
    """The print HTML of the edition, with its charts beside it, as WeasyPrint gets it."""
    code = f"""
import sys
from pathlib import Path
from barorapport import build as b
from barorapport import pipeline as stages
html = {{}}
original = stages.write_pdf
def keep(text, target, **keywords):
    html['text'] = text
    return original(text, target, **keywords)
stages.write_pdf = keep
b.build(Path({str(project)!r}), "2020", formats=("pdf",), out=Path({str(folder)!r}))
Path({str(folder / "print.html")!r}).write_text(html['text'], encoding="utf-8")
"""
    subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    page = folder / "print.html"
    # The HTML loads its charts from charts/: lay out beside a copy of them.
    shutil.copytree(folder / "2020" / "charts", folder / "charts", dirs_exist_ok=True)
    return page


def main() -> None:
    versions = ", ".join(f"{name} {version(name)}" for name in
                         ("weasyprint", "pandas", "matplotlib", "seaborn", "jinja2"))
    print(f"machine: {platform.machine()}, {platform.processor() or '?'}, "
          f"Python {platform.python_version()}; {versions}")
    with tempfile.TemporaryDirectory() as temporary:
        project = Path(temporary) / "project"
        for name in ("data", "report", "templates"):
            shutil.copytree(REPO / name, project / name)
        rows = []
        rows.append(("cold build", *_build(project)))
        rows.append(("no-op rebuild", *_build(project)))
        chapter = project / "templates/chapters/opinions.html.j2"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "<p>Ajout.</p>\n",
                           encoding="utf-8")
        rows.append(("template-only rebuild", *_build(project)))
        testimonies = project / "data/2020/testimonies.yaml"
        testimonies.write_text(testimonies.read_text(encoding="utf-8") + "\n",
                               encoding="utf-8")
        responses = project / "data/2020/responses.csv"
        lines = responses.read_text(encoding="utf-8").splitlines(keepends=True)
        responses.write_text("".join(lines[:-1]), encoding="utf-8")  # one respondent less
        rows.append(("data-change rebuild (one respondent less)", *_build(project)))
        cold = rows[0][1]
        print("\n| run | seconds | share of cold | peak memory so far (MiB) |")
        print("|-----|--------:|--------------:|------------:|")
        for name, seconds, memory in rows:
            print(f"| {name} | {seconds:.2f} | {seconds / cold:.0%} | {memory:.0f} |")

        folder = Path(temporary) / "layout"
        folder.mkdir()
        page = _print_html(project, folder)
        weasy = _run([sys.executable, "-c", "import sys; from weasyprint import HTML; "
                      f"HTML(filename={str(page)!r}).write_pdf({str(folder / 'w.pdf')!r})"],
                     folder)[0]
        chromium = _run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                         f"--print-to-pdf={folder / 'c.pdf'}", "--no-pdf-header-footer",
                         page.as_uri()], folder)[0]
        print("\n| same print HTML | seconds |")
        print("|-----|--------:|")
        print(f"| WeasyPrint (process, import included) | {weasy:.2f} |")
        print(f"| headless Chromium --print-to-pdf | {chromium:.2f} |")
        print(f"\ncold build / Chromium print: {cold / chromium:.1f}x")


if __name__ == "__main__":
    main()
