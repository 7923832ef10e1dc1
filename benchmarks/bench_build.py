"""Benchmark the build of the 2020 edition as users run it, each figure in a child process:
the cold build side by side with headless Chromium printing the same print HTML (and
WeasyPrint alone on it), no-op, template-only and data-change rebuilds, a web-only rebuild,
``check``, and the time a chapter edit takes to reach the page ``barorapport serve`` serves.

Standalone: ``python benchmarks/bench_build.py [--runs N] [--json FILE]`` from the
repository (``nox -s bench``). The project is copied to a temporary folder. Commands that are
compared run in turn (A B A B ...), so that a change in the machine's speed hits both; the
ratios are taken pair by pair. Wall and processor time and peak memory are the kernel's
accounting of each child (``wait4``): the peak is the largest single process's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import options, ratios, record, report, run_process, summary, timed  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--no-pdf-header-footer")
EDITION = "2020"
CHAPTER = "opinions"
CLI = (sys.executable, "-m", "barorapport.cli", "--quiet")


def _environment(home: Path) -> dict[str, str]:
    """The engine from this repository's sources, and per-user caches in ``home`` (a clean
    machine unless the same ``home`` is passed again)."""
    return {**os.environ, "PYTHONPATH": str(REPO / "src"), "XDG_CACHE_HOME": str(home),
            "HOME": str(home)}


def _copy_project(folder: Path) -> Path:
    for name in ("data", "report", "templates"):
        shutil.copytree(REPO / name, folder / name)
    return folder


class _Edits:
    """A new sentence in the chapter's template (or a new answer) before each run."""

    count = 0  # shared by every instance: each sentence is new to the chapter

    def __init__(self, project: Path):
        self.chapter = project / f"templates/chapters/{CHAPTER}.html.j2"
        self.responses = project / f"data/{EDITION}/responses.csv"

    def sentence(self) -> str:
        _Edits.count += 1
        marker = f"Phrase ajoutée numéro {_Edits.count}."
        text = self.chapter.read_text(encoding="utf-8")
        self.chapter.write_text(text + f"<p>{marker}</p>\n", encoding="utf-8")
        return marker

    def answer(self) -> None:
        """One respondent less (the export's last line)."""
        lines = self.responses.read_text(encoding="utf-8").splitlines(keepends=True)
        self.responses.write_text("".join(lines[:-1]), encoding="utf-8")


def _print_html(project: Path, folder: Path, env: dict[str, str]) -> Path:
    """The print HTML WeasyPrint lays out for the edition's PDF, exactly: taken as the build
    hands it over, with the folder it links to (``.assets``: print.css and the fonts;
    ``charts``) copied beside it before the build removes its staging folder."""
    page = folder / "print.html"
    code = f"""
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse
import weasyprint
from barorapport.commands.build import build
original = weasyprint.HTML.__init__
def keep(self, *arguments, **keywords):
    if keywords.get("string"):
        Path({str(page)!r}).write_text(keywords["string"], encoding="utf-8")
        base = Path(unquote(urlparse(keywords["base_url"]).path))
        for name in (".assets", "charts"):
            if (base / name).is_dir():
                shutil.copytree(base / name, Path({str(folder)!r}) / name,
                                dirs_exist_ok=True)
    original(self, *arguments, **keywords)
weasyprint.HTML.__init__ = keep
build(Path({str(project)!r}), {EDITION!r}, formats=("pdf",), out=Path({str(folder)!r}))
"""
    subprocess.run([sys.executable, "-c", code], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not (folder / ".assets").is_dir():
        raise SystemExit("the print HTML was taken without its .assets folder")
    return page


def _pages(pdf: Path) -> int | None:
    """The page count of a PDF (poppler's pdfinfo), None when it cannot be read."""
    if not shutil.which("pdfinfo") or not pdf.is_file():
        return None
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
    found = re.search(r"^Pages:\s+(\d+)", done.stdout, re.MULTILINE)
    return int(found.group(1)) if found else None


def _weasyprint(page: Path, folder: Path) -> list[str]:
    """WeasyPrint alone on the print HTML, as the build lays it out (tags, PDF/UA-1)."""
    return [sys.executable, "-c", "from weasyprint import HTML; "
            f"HTML(filename={str(page)!r}).render(pdf_tags=True)"
            f".write_pdf({str(folder / 'w.pdf')!r}, pdf_variant='pdf/ua-1')"]


def _serve_latency(project: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    """Seconds from a chapter's template saved to the new sentence in the served page,
    polled every 10 ms; then the served process's peak memory."""
    server = subprocess.Popen([*CLI[:-1], "serve", "--edition", EDITION, "--port", "0"],
                              cwd=project, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        started = time.perf_counter()
        line = server.stdout.readline() if server.stdout else ""
        first = time.perf_counter() - started
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not found:
            raise SystemExit(f"serve did not start: {line!r}")
        url = f"http://127.0.0.1:{found.group(1)}/{CHAPTER}.html"
        edits, latencies = _Edits(project), []
        for _ in range(runs):
            time.sleep(1.0)  # the watcher settled after the last rebuild
            marker = edits.sentence()
            saved = time.perf_counter()
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=10) as answer:
                        if marker in answer.read().decode("utf-8"):
                            break
                except OSError:
                    pass
                if time.perf_counter() - saved > 60:
                    raise SystemExit("serve: the edit did not reach the page in 60 s")
                time.sleep(0.01)
            latencies.append({"wall_s": time.perf_counter() - saved})
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {**summary(latencies), "first_build_and_start_s": first}


def main(argv: list[str] | None = None) -> None:
    arguments = options(__doc__.splitlines()[0], argv=argv)
    runs = arguments.runs
    figures: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as temporary:
        temporary = Path(temporary)
        project = _copy_project(temporary / "project")
        home = temporary / "home"
        env = _environment(home)
        build = [*CLI, "build", "--edition", EDITION]

        def cold(clean_machine: bool = True) -> dict[str, float]:
            shutil.rmtree(project / "build", ignore_errors=True)
            if clean_machine:
                shutil.rmtree(home, ignore_errors=True)
            return run_process(build, project, env)

        folder = temporary / "layout"
        folder.mkdir()
        with timed("the print HTML"):
            page = _print_html(project, folder, env)
        chromium = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={temporary / 'chromium'}",
                    f"--print-to-pdf={folder / 'c.pdf'}", page.as_uri()]
        weasy = _weasyprint(page, folder)

        with timed(f"cold build, Chromium, WeasyPrint in turn, 1 + {runs} rounds"):
            cold()
            run_process(chromium, folder, env)
            run_process(weasy, folder, env)
            rounds = [(cold(), run_process(chromium, folder, env),
                       run_process(weasy, folder, env)) for _ in range(runs)]
        colds, chromiums, weasys = (list(column) for column in zip(*rounds, strict=True))
        figures["cold build"] = summary(colds)
        figures["chromium print"] = summary(chromiums)
        figures["weasyprint alone"] = summary(weasys)
        figures["cold build / chromium print"] = ratios(colds, chromiums)
        figures["cold build / chromium print, CPU"] = ratios(colds, chromiums, "cpu_s")
        figures["weasyprint alone / chromium print"] = ratios(weasys, chromiums)
        figures["weasyprint alone / chromium print, CPU"] = ratios(weasys, chromiums, "cpu_s")
        built = sorted((project / "build" / EDITION).glob("*.pdf"))
        figures["pages"] = {"build": _pages(built[0]) if built else None,
                            "chromium print": _pages(folder / "c.pdf"),
                            "weasyprint alone": _pages(folder / "w.pdf")}
        if len(set(figures["pages"].values())) != 1:
            print(f"warning: the anchors' page counts differ: {figures['pages']}",
                  file=sys.stderr)

        with timed(f"cold build with build/ removed but the user's caches kept, {runs} runs"):
            cold()
            figures["cold build, user caches kept"] = summary(
                [cold(clean_machine=False) for _ in range(runs)])

        with timed(f"no-op rebuild, {runs} runs"):
            figures["no-op rebuild"] = summary([run_process(build, project, env)
                                                for _ in range(runs)])
        edits = _Edits(project)
        with timed(f"template-only and data-change rebuilds after a cold build, {runs} rounds"):
            template, data, pairs = [], [], []
            for _ in range(runs):
                pairs.append(cold())
                edits.sentence()
                template.append(run_process(build, project, env))
                edits.answer()
                data.append(run_process(build, project, env))
        figures["template-only rebuild"] = summary(template)
        figures["template-only / cold"] = ratios(template, pairs)
        figures["template-only / cold, CPU"] = ratios(template, pairs, "cpu_s")
        figures["data-change rebuild"] = summary(data)
        figures["data-change / cold"] = ratios(data, pairs)
        figures["data-change / cold, CPU"] = ratios(data, pairs, "cpu_s")
        with timed(f"web-only rebuild after a template edit, {runs} runs"):
            web = [*CLI, "build", "--edition", EDITION, "--format", "web"]
            run_process(web, project, env)
            results = []
            for _ in range(runs):
                edits.sentence()
                results.append(run_process(web, project, env))
            figures["web-only rebuild after a template edit"] = summary(results)
        with timed(f"check, {runs} runs"):
            figures["check"] = summary([run_process([*CLI, "check", "--edition", EDITION],
                                                    project, env) for _ in range(runs)])
        with timed(f"serve: a chapter edit to the served page, {runs} edits"):
            figures["serve edit to page"] = _serve_latency(project, env, runs)

    versions = ", ".join(f"{name} {version(name)}" for name in
                         ("weasyprint", "pandas", "matplotlib", "seaborn", "spacy"))
    rows = {}
    for name, values in figures.items():
        if name == "pages":
            rows[name] = ", ".join(f"{key} {value}" for key, value in values.items())
        elif "median" in values:
            rows[name] = f"{values['median']:.2f} x (min {values['min']:.2f}, max " \
                         f"{values['max']:.2f})"
        else:
            memory = f", peak {values['peak_mib']:.0f} MiB" if "peak_mib" in values else ""
            cpu = f", CPU {values['cpu_s']:.2f} s" if "cpu_s" in values else ""
            rows[name] = f"{values['wall_s']:.2f} s wall{cpu}{memory} " \
                         f"(median of {values['runs']}; {values['wall_min_s']:.2f}-" \
                         f"{values['wall_max_s']:.2f})"
    rows["versions"] = versions
    report(f"Build of the {EDITION} edition", rows)
    record(arguments.json, "build", figures)


if __name__ == "__main__":
    main()
