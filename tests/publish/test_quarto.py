"""The Quarto edition: the project written for the tiny scenario, and its render."""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml

from barorapport.cli import main
from barorapport.commands.build import build
from barorapport.errors import ConfigError, PublishError, QuartoError
from barorapport.publish.quarto_markdown import html_to_markdown

from .fakes import RENDERS, calls

PANDOC = shutil.which("pandoc")


def needs_pandoc(test):
    """Pandoc reads the generated Markdown back; it installs from Debian, so it never skips."""
    def wrapper(*args, **kwargs):
        if PANDOC is None:
            pytest.fail("pandoc is needed to read the Quarto chapters back: "
                        "apt-get install -y pandoc")
        return test(*args, **kwargs)
    return functools.wraps(test)(wrapper)


def _quiet(message: str) -> None:
    pass


@pytest.fixture
def quarto_built(mini, fake_quarto):
    """The mini project built with the Quarto engine (html and docx) and its web edition."""
    script = fake_quarto()
    build(mini, formats=("web",), progress=_quiet)
    result = build(mini, engine="quarto", formats=("html", "docx"), progress=_quiet)
    return mini, result, script


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alts: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.alts[attrs["src"]] = attrs["alt"]


def _web_alts(page: Path) -> dict[str, str]:
    parser = _Images()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.alts


def test_config_parses_and_carries_the_report_metadata(quarto_built):
    project, result, _ = quarto_built
    config = yaml.safe_load((project / "build/2024/quarto/_quarto.yml").read_text("utf-8"))
    assert config["project"] == {"type": "book", "output-dir": "_output"}
    assert config["book"]["title"] == "Enquête test"
    assert config["book"]["subtitle"] == "Édition 2024"
    assert config["book"]["author"] == ["Équipe test"]
    assert config["book"]["date"] == "2024-05-01"
    assert config["book"]["chapters"] == ["index.qmd", "introduction.qmd", "resultats.qmd"]
    assert config["lang"] == "fr"
    assert list(config["format"]) == ["html", "docx"]
    assert result.outputs["quarto"] == project / "build/2024/quarto/_quarto.yml"


def test_every_chapter_figure_and_alt_text_is_there(quarto_built):
    project, _, _ = quarto_built
    folder = project / "build/2024/quarto"
    for chapter_id, title in (("introduction", "Introduction"), ("resultats", "Résultats")):
        text = (folder / f"{chapter_id}.qmd").read_text(encoding="utf-8")
        assert text.startswith(f"# {title} {{#{chapter_id}}}\n")
    results = (folder / "resultats.qmd").read_text(encoding="utf-8")
    alts = _web_alts(project / "build/2024/web/resultats.html")
    assert sorted(alts) == ["charts/avis.svg", "charts/outils.svg"]
    for src, alt in alts.items():
        chart_id = Path(src).stem
        assert (folder / src).read_bytes() == (project / "build/2024/charts" / Path(src).name
                                               ).read_bytes()
        figure = re.search(rf"^!\[(.*)\]\(<{re.escape(src)}>\)\{{#figure-{chart_id} \.chart "
                           r'fig-alt="(.*)"\}$', results, re.MULTILINE)
        assert figure is not None, src
        assert figure.group(2) == alt
    assert "[Figure 1]{.figure-number} Outils utilisés [Source\u00a0: enquête test 2024]{.source}" \
        in results


def test_every_testimony_is_a_blockquote(quarto_built):
    project, _, _ = quarto_built
    results = (project / "build/2024/quarto/resultats.qmd").read_text(encoding="utf-8")
    quotes = re.findall(r'^::: \{\.testimony lang="fr"\}\n((?:> .*\n)+):::$', results,
                        re.MULTILINE)
    assert quotes == ["> Le \\<b\\>télétravail\\</b\\> & les mails.\n",
                      "> Plus de télétravail \\[\\.\\..\\] des réunions en visio.\n"]


def _plain(path: Path, reader: str) -> list[str]:
    done = subprocess.run([PANDOC, "--from", reader, "--to", "plain", "--wrap=none", str(path)],
                          capture_output=True, text=True, check=True)
    return [line for line in done.stdout.splitlines() if line.strip()]


@needs_pandoc
def test_pandoc_reads_back_the_texts_of_the_web_edition(quarto_built):
    # Pandoc is what Quarto reads .qmd files with: the texts it reads must be the texts of
    # the web edition, figure captions aside (their parts get a space between them).
    project, _, _ = quarto_built
    for chapter_id in ("introduction", "resultats"):
        web = _plain(project / f"build/2024/web/{chapter_id}.html", "html")
        qmd = _plain(project / f"build/2024/quarto/{chapter_id}.qmd", "markdown")
        captions = [line for line in web if line.startswith("[Figure ")]
        assert [line for line in qmd if not line.startswith("[Figure ")] == \
            [line for line in web if not line.startswith("[Figure ")]
        assert [line for line in qmd if line.startswith("[Figure ")] == \
            [line.replace("Source\u00a0:", " Source\u00a0:") for line in captions]


TRICKY = ["1. Pas une liste", "*pas* en _italique_", "l'ont dit \"ainsi\"", "a -- b --- c",
          "et... puis", "$5 ou 10 $", "@moi", "{{< shortcode >}}", "&lt; pas une balise",
          "# pas un titre", ": pas une définition", "% pas un titre", "- pas une puce",
          "<b>pas gras</b>", "a\\b `code` [lien](x) ^sup^ ~sub~ | pipe", "i. pas une liste"]


@needs_pandoc
@pytest.mark.parametrize("text", TRICKY)
def test_text_is_read_back_as_written(tmp_path, text):
    from html import escape

    markdown, raw = html_to_markdown(f"<p>{escape(text)}</p>")
    (tmp_path / "text.qmd").write_text(markdown + "\n", encoding="utf-8")
    assert raw == ()
    assert _plain(tmp_path / "text.qmd", "markdown") == [text]


def test_element_without_markdown_stays_raw_html_and_is_reported(mini, fake_quarto, caplog):
    fake_quarto()
    template = mini / "templates/chapters/introduction.html.j2"
    template.write_text("<p>Avant</p>\n<table><tr><td>1 &amp; 2</td></tr></table>\n",
                        encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="barorapport"):
        build(mini, engine="quarto", progress=_quiet)
    text = (mini / "build/2024/quarto/introduction.qmd").read_text(encoding="utf-8")
    assert text.endswith("Avant\n\n```{=html}\n<table><tr><td>1 &amp; 2</td></tr></table>\n"
                         "```\n")
    assert [record.getMessage() for record in caplog.records] == [
        "introduction: <table> kept as raw HTML: shown in Quarto's html output only"]


def test_each_format_is_rendered_and_collected(quarto_built):
    project, result, script = quarto_built
    folder = project / "build/2024"
    # Quarto renders the project in the staging folder; the outputs move to stable paths.
    staged = [Path(call["argv"][1]) for call in calls(script)]
    assert [call["argv"][::2] for call in calls(script)] == [["render", "--to"]] * 2
    assert [call["argv"][3] for call in calls(script)] == ["html", "docx"]
    assert staged[0] == staged[1] and staged[0].name == "quarto"
    assert staged[0].parent.parent == project / "build"
    assert staged[0].parent.name.startswith(".staging-2024-")
    assert result.outputs["quarto-html"] == folder / "quarto-html/index.html"
    assert result.outputs["quarto-docx"] == folder / "quarto-docx/enquete-2024.docx"
    word = docx.Document(folder / "quarto-docx/enquete-2024.docx")
    assert [paragraph.text for paragraph in word.paragraphs] == ["rendered docx"]
    assert not (folder / "quarto/_output").exists()
    # The weasyprint edition of the same folder is left alone.
    assert (folder / "web/index.html").is_file()


def test_report_timeout_stops_a_hanging_render_and_keeps_previous_outputs(mini, fake_quarto):
    fake_quarto()
    build(mini, engine="quarto", progress=_quiet)
    before = (mini / "build/2024/quarto-html/index.html").read_bytes()
    report = mini / "report/2024/report.yaml"
    report.write_text(report.read_text("utf-8") + "quarto: {timeout: 1}\n", encoding="utf-8")
    fake_quarto("import time\ntime.sleep(300)\n")
    with pytest.raises(QuartoError) as caught:
        build(mini, engine="quarto", progress=_quiet)
    assert str(caught.value).endswith(": still running after 1 s, stopped (raise "
                                      "quarto.timeout in report.yaml or pass --timeout)")
    assert (mini / "build/2024/quarto-html/index.html").read_bytes() == before


def test_cli_timeout_overrides_the_report(mini, fake_quarto, capsys):
    fake_quarto("import time\ntime.sleep(300)\n")
    code = main(["--project", str(mini), "build", "--engine", "quarto", "--timeout", "0.5"])
    assert code == 1
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("error: quarto render ")
    assert last.endswith("/quarto --to html: still running after 0.5 s, stopped (raise "
                         "quarto.timeout in report.yaml or pass --timeout)")


def test_cli_missing_quarto_is_one_line(mini, monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("QUARTO_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    code = main(["--project", str(mini), "build", "--engine", "quarto", "--format", "docx"])
    assert code == 1
    assert capsys.readouterr().err == (
        "error: quarto: command not found on PATH (install Quarto 1.4 or later from "
        "https://quarto.org/docs/get-started/, or set QUARTO_PATH to its executable)\n")
    assert not (mini / "build").exists()


def test_cli_rejects_a_format_of_the_other_engine(mini, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--project", str(mini), "build", "--engine", "quarto", "--format", "html,web"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "barorapport: error: argument --format: unknown format web for the quarto engine "
        "(expected some of html, docx, pdf, epub)")


def _real_quarto() -> str | None:
    return os.environ.get("QUARTO_PATH") or shutil.which("quarto")


@pytest.mark.skipif(_real_quarto() is None,
                    reason="quarto not installed: its PyPI package downloads the binary from a "
                           "host these machines cannot reach")
def test_real_quarto_renders_the_project(mini):
    result = build(mini, engine="quarto", formats=("html", "docx"), progress=_quiet)
    index = result.outputs["quarto-html"]
    pages = {path.name: path.read_text(encoding="utf-8") for path in index.parent.glob("*.html")}
    assert "index.html" in pages and "resultats.html" in pages
    results = pages["resultats.html"]
    assert "Outils utilisés" in results
    assert 'alt="Barres horizontales' in results
    assert "Le &lt;b&gt;télétravail&lt;/b&gt; &amp; les mails." in results
    assert (index.parent / "charts/outils.svg").is_file()
    docx = result.outputs["quarto-docx"]
    assert docx.suffix == ".docx" and docx.stat().st_size > 0



def test_build_refuses_a_format_of_the_other_engine(mini):
    with pytest.raises(ConfigError) as caught:
        build(mini, engine="quarto", formats=("web",), progress=_quiet)
    assert str(caught.value) == ("unknown format web for the quarto engine (expected some of "
                                 "html, docx, pdf, epub)")


def test_a_word_file_quarto_broke_is_an_error_naming_it_and_installs_nothing(mini, fake_quarto):
    fake_quarto()
    build(mini, engine="quarto", formats=("html", "docx"), progress=_quiet)
    word = mini / "build/2024/quarto-docx/enquete-2024.docx"
    before = word.read_bytes()
    fake_quarto(RENDERS.replace("    document.save(output / name)\n",
                                "    (output / name).write_bytes(b'PK not a zip')\n"))
    with pytest.raises(PublishError) as caught:
        build(mini, engine="quarto", formats=("html", "docx"), progress=_quiet, fresh=True)
    assert str(caught.value) == (
        "quarto-docx/enquete-2024.docx: not a readable Office file, a zip of XML parts (File "
        "is not a zip file), so it cannot be checked for personal data: nothing was installed")
    assert word.read_bytes() == before
