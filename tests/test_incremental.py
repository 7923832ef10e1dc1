"""Reproducible, incremental, atomic and strict builds of the tiny scenario project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from barorapport.charts import cache as chart_cache
from barorapport.charts import parallel
from barorapport.commands.build import build
from barorapport.engine.manifest import sha256_file
from barorapport.errors import StrictError, TemplateError
from barorapport.publish import edition as publishing
from barorapport.publish import pdf as pdf_module

from .helpers import pdf_text

SRC = Path(__file__).parent.parent / "src"


def _quiet(message):
    return None


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def counted(monkeypatch):
    """Counts the charts really drawn and the documents really laid out by WeasyPrint."""
    counts = {"drawn": [], "drawn_screen": [], "laid_out": 0}
    draw, lay_out = chart_cache.draw_media, pdf_module._lay_out

    def counting_draw(chart, style, media):
        # A chart is drawn for print and for the web edition (a desktop's and a phone's
        # drawing) at once.
        for medium in media:
            counts["drawn" if medium == "print" else "drawn_screen"].append(chart.id)
        return draw(chart, style, media)

    def counting_lay_out(*arguments, **keywords):
        counts["laid_out"] += 1
        return lay_out(*arguments, **keywords)

    monkeypatch.setattr(chart_cache, "draw_media", counting_draw)
    monkeypatch.setattr(parallel, "available_cores", lambda: 1)  # drawn in this process
    monkeypatch.setattr(pdf_module, "_lay_out", counting_lay_out)
    monkeypatch.setattr(publishing, "pdf_aside", lambda *arguments, **keywords: None)  # here
    return counts


def test_the_pdf_laid_out_aside_is_the_pdf_laid_out_here(mini, tmp_path, monkeypatch):
    """A build with both formats lays the PDF out in a child process; the bytes are those
    of a layout in the build's own process, and the build counts it as laid out."""
    aside = build(mini, out=tmp_path / "aside", progress=_quiet)
    monkeypatch.setattr(publishing, "pdf_aside", lambda *arguments, **keywords: None)
    here = build(mini, out=tmp_path / "here", progress=_quiet)
    assert (aside.pages_laid_out, here.pages_laid_out) == (1, 1)
    assert _snapshot(tmp_path / "aside/2024") == _snapshot(tmp_path / "here/2024")
    assert not (tmp_path / "aside/2024/.pdf-aside").exists()


def test_two_builds_in_separate_processes_give_the_same_bytes(mini, tmp_path):
    environment = {**os.environ, "PYTHONPATH": str(SRC)}
    for out in ("one", "two"):
        subprocess.run([sys.executable, "-m", "barorapport.cli", "--quiet", "build", "--out",
                        str(tmp_path / out)], cwd=mini, env=environment, check=True)
    first, second = _snapshot(tmp_path / "one/2024"), _snapshot(tmp_path / "two/2024")
    assert list(first) == list(second)
    assert {"enquete-2024.pdf", "charts/outils.svg", "web/index.html", "web/resultats.html",
            "figures.xlsx", "manifest.json"} <= set(first)
    assert [name for name in first if first[name] != second[name]] == []


def test_pdf_dates_are_the_publication_date(mini_built):
    import pikepdf

    with pikepdf.open(mini_built / "build/2024/enquete-2024.pdf") as document:
        assert str(document.docinfo["/CreationDate"]).startswith("D:20240501000000")
        assert str(document.docinfo["/ModDate"]).startswith("D:20240501000000")
        xmp = document.open_metadata()
        assert xmp["xmp:CreateDate"].startswith("2024-05-01T00:00:00")


def test_pdf_date_falls_back_to_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert pdf_module.pdf_date(None) == "2023-11-14T22:13:20Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert pdf_module.pdf_date(None) is None


def test_manifest_records_inputs_versions_and_outputs(mini_built):
    folder = mini_built / "build/2024"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    responses = mini_built / "data/2024/responses.csv"
    assert manifest["inputs"]["data/2024/responses.csv"] == sha256_file(responses)
    assert {"templates/print.html.j2", "report/2024/report.yaml",
            "report/assets/print.css"} <= set(manifest["inputs"])
    assert {"barorapport", "weasyprint", "pandas", "matplotlib", "seaborn",
            "jinja2"} <= set(manifest["packages"])
    assert manifest["commit"] is None  # the copy is not a git checkout
    assert manifest["outputs"]["enquete-2024.pdf"] == sha256_file(folder / "enquete-2024.pdf")


def test_colophon_states_the_data_hash_and_version(mini_built):
    manifest = json.loads((mini_built / "build/2024/manifest.json").read_text(encoding="utf-8"))
    text = pdf_text(mini_built / "build/2024/enquete-2024.pdf")
    assert f"Données {manifest['data_sha256'][:12]} · barorapport {manifest['version']}" in text


def test_rebuild_with_nothing_changed_draws_and_lays_out_nothing(mini, counted):
    first = build(mini, progress=_quiet)
    assert (sorted(counted["drawn"]), counted["laid_out"]) == (["avis", "outils"], 1)
    assert sorted(counted["drawn_screen"]) == ["avis", "avis", "outils", "outils"]
    before = _snapshot(mini / "build/2024")
    again = build(mini, progress=_quiet)
    assert again.up_to_date and again.outputs == first.outputs
    assert (len(counted["drawn"]), counted["laid_out"]) == (2, 1)
    assert _snapshot(mini / "build/2024") == before


def test_web_only_template_change_redraws_nothing_and_reuses_the_pdf(mini, counted):
    build(mini, progress=_quiet)
    layout = mini / "templates/web.html.j2"
    layout.write_text(layout.read_text(encoding="utf-8").replace("</body>", "<p>v2</p></body>"),
                      encoding="utf-8")
    result = build(mini, progress=_quiet)
    assert not result.up_to_date
    assert (len(counted["drawn"]), counted["laid_out"]) == (2, 1)
    assert "<p>v2</p>" in (mini / "build/2024/web/index.html").read_text(encoding="utf-8")


def test_chapter_change_lays_out_again_but_redraws_no_chart(mini, counted):
    build(mini, progress=_quiet)
    chapter = mini / "templates/chapters/introduction.html.j2"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "<p>Ajout.</p>\n", encoding="utf-8")
    result = build(mini, progress=_quiet)
    assert (result.charts_drawn, result.pages_laid_out) == (0, 1)
    assert (len(counted["drawn"]), counted["laid_out"]) == (2, 2)
    assert "Ajout." in pdf_text(mini / "build/2024/enquete-2024.pdf")


def test_data_change_redraws_only_the_charts_it_affects(mini, counted):
    import pandas as pd

    build(mini, progress=_quiet)
    path = mini / "data/2024/responses.csv"
    responses = pd.read_csv(path, dtype=str, keep_default_na=False)
    # 'fonction' is shown by no figure: no chart changes.
    responses.loc[0, "fonction"] = "2" if responses.loc[0, "fonction"] != "2" else "1"
    responses.to_csv(path, index=False)
    build(mini, progress=_quiet)
    assert sorted(counted["drawn"]) == ["avis", "outils"]
    responses.loc[0, "outils_visio"] = "1" if responses.loc[0, "outils_visio"] != "1" else "0"
    responses.to_csv(path, index=False)
    build(mini, progress=_quiet)
    assert sorted(counted["drawn"]) == ["avis", "outils", "outils"]


def test_corrupt_pdf_cache_entry_is_rebuilt_not_trusted(mini, counted, caplog):
    build(mini, progress=_quiet)
    entry = mini / "build/.cache/pdf/2024/enquete-2024.pdf"
    entry.write_bytes(entry.read_bytes()[:-100] + b"x" * 100)
    (mini / "build/2024/manifest.json").unlink()  # forces the pipeline to run
    build(mini, progress=_quiet)
    assert counted["laid_out"] == 2
    assert f"cache: {entry} is corrupt; building it again" in caplog.messages
    assert (mini / "build/2024/enquete-2024.pdf").read_bytes().startswith(b"%PDF")


def test_an_output_edited_by_hand_is_built_again(mini):
    build(mini, progress=_quiet)
    page = mini / "build/2024/web/index.html"
    original = page.read_bytes()
    page.write_text("edited", encoding="utf-8")
    assert not build(mini, progress=_quiet).up_to_date
    assert page.read_bytes() == original


def test_template_error_on_the_last_chapter_leaves_previous_outputs(mini):
    build(mini, progress=_quiet)
    before = _snapshot(mini / "build/2024")
    (mini / "templates/chapters/resultats.html.j2").write_text("{{ nope }}", encoding="utf-8")
    with pytest.raises(TemplateError):
        build(mini, progress=_quiet)
    assert _snapshot(mini / "build/2024") == before
    assert sorted(path.name for path in (mini / "build").iterdir()) == [
        ".cache", ".versions", "2024"]


def _built_then_edited(mini: Path) -> dict[str, bytes]:
    """The outputs of a first build, after which a chapter is edited."""
    build(mini, progress=_quiet)
    before = _snapshot(mini / "build/2024")
    chapter = mini / "templates/chapters/introduction.html.j2"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "<p>Ajout.</p>\n", encoding="utf-8")
    return before


def _interrupted_leaves(mini: Path, before: dict[str, bytes]) -> None:
    """A build interrupted by Ctrl-C leaves the outputs ``before`` and no leftover."""
    with pytest.raises(KeyboardInterrupt):
        build(mini, progress=_quiet)
    assert _snapshot(mini / "build/2024") == before
    assert sorted(path.name for path in (mini / "build").iterdir()) == [
        ".cache", ".versions", "2024"]


def test_interrupt_during_layout_leaves_previous_outputs(mini, monkeypatch):
    before = _built_then_edited(mini)

    def interrupted(*arguments, **keywords):
        raise KeyboardInterrupt

    monkeypatch.setattr(pdf_module, "_lay_out", interrupted)
    monkeypatch.setattr(publishing, "pdf_aside", lambda *arguments, **keywords: None)  # here
    _interrupted_leaves(mini, before)


def test_interrupt_while_the_pdf_is_laid_out_aside_ends_the_child(mini, monkeypatch):
    before = _built_then_edited(mini)
    children = []

    def started(*arguments, **keywords):
        children.append(pdf_module.pdf_aside(*arguments, **keywords))
        return children[-1]

    def interrupted(*arguments, **keywords):
        raise KeyboardInterrupt

    monkeypatch.setattr(publishing, "pdf_aside", started)
    monkeypatch.setattr(publishing, "write_web", interrupted)
    _interrupted_leaves(mini, before)
    assert len(children) == 1 and children[0].process.poll() is not None


@pytest.mark.warnings
def test_strict_fails_on_an_unused_testimony_and_installs_nothing(mini):
    build(mini, progress=_quiet)
    before = _snapshot(mini / "build/2024")
    chapter = mini / "templates/chapters/resultats.html.j2"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text("\n".join(line for line in text.splitlines()
                                 if "testimony(" not in line and "quote(" not in line),
                       encoding="utf-8")
    with pytest.raises(StrictError) as caught:
        build(mini, progress=_quiet, strict=True)
    assert str(caught.value).startswith("--strict: ")
    assert _snapshot(mini / "build/2024") == before
    result = build(mini, progress=_quiet)
    assert any("is shown by no template" in message for message in result.warnings)


@pytest.mark.warnings
def test_strict_fails_on_an_unknown_export_column(mini):
    responses = mini / "data/2024/responses.csv"
    lines = responses.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",rubrique"] + [line + ",x" for line in lines[1:]]
    responses.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StrictError):
        build(mini, formats=("web",), progress=_quiet, strict=True)
    result = build(mini, formats=("web",), progress=_quiet)
    assert result.warnings[0].endswith(
        "data/2024/responses.csv: 1 column(s) the questionnaire does not know, ignored: "
        "rubrique")
    # Up to date: the warning is repeated, so --strict still fails.
    with pytest.raises(StrictError):
        build(mini, formats=("web",), progress=_quiet, strict=True)


@pytest.mark.warnings
def test_low_base_quoted_in_a_text_is_a_warning(mini):
    report = mini / "report/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "low_base: 5", "low_base: 50"), encoding="utf-8")
    result = build(mini, formats=("web",), progress=_quiet)
    assert any(message.startswith("templates/chapters/resultats.html.j2: figure outils")
               and "is quoted on a low base" in message for message in result.warnings)


def test_importing_the_cli_loads_no_stage():
    code = ("import sys, barorapport.cli; heavy = [m for m in ('pandas', 'weasyprint', "
            "'matplotlib', 'spacy', 'barorapport.pipeline.recipe') if m in sys.modules]; "
            "print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(SRC)}, check=True)
    assert result.stdout.strip() == "[]"


def test_up_to_date_rebuild_from_the_cli_loads_no_stage(mini):
    environment = {**os.environ, "PYTHONPATH": str(SRC)}
    subprocess.run([sys.executable, "-m", "barorapport.cli", "-q", "build"], cwd=mini,
                   env=environment, check=True)
    code = ("import sys; from barorapport.cli import main; code = main(['build']); "
            "print(code, [m for m in ('pandas', 'weasyprint', 'spacy') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], cwd=mini, capture_output=True,
                            text=True, env=environment, check=True)
    assert result.stdout.splitlines()[-1] == "0 []"
    assert "is up to date" in result.stderr


def test_progress_is_plain_lines_without_a_terminal_and_quiet_hides_it(mini):
    environment = {**os.environ, "PYTHONPATH": str(SRC), "CI": "1"}
    shown = subprocess.run([sys.executable, "-m", "barorapport.cli", "build", "--format",
                            "web"], cwd=mini, env=environment, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "stats: 8 respondents" in shown.stderr.splitlines()
    (mini / "build/2024/manifest.json").unlink()
    quiet = subprocess.run([sys.executable, "-m", "barorapport.cli", "--quiet", "build",
                            "--format", "web"], cwd=mini, env=environment, capture_output=True,
                           text=True)
    assert quiet.returncode == 0 and quiet.stderr == ""
