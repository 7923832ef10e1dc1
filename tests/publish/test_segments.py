"""Editions by segment, built: the tiny project by its ``fonction`` question. Each segment's
publication under build/<edition>/<segment>/ with its own figures (pandas on its
respondents), its testimonies only, templates that know the segment, an index page linking
every PDF and web edition; laid out side by side, the same bytes as one at a time; the
report.yaml and --segment errors with their place; the pages in Chromium."""

from __future__ import annotations

import csv
import html
import re
import shutil
from pathlib import Path

import docx
import pandas as pd
import pytest

from barorapport.cli import main
from barorapport.commands.build import build
from barorapport.paths import display_path

from ..browser import browser, serve
from ..conftest import PROJECTS, REPO
from ..helpers import pdf_text

EDITION = "2024"
CHAPTER_EXTRA = """
{% if segment %}<p class="segment-note">Édition de la réponse {{ segment.label }}
({{ segment.respondents }} répondants sur {{ segment.whole_respondents }}) :
{{ beside("outils", measure="respondents", option="mail") }}.</p>{% endif %}
{% if has_testimony("visio-coupe") %}<p class="visio">Un répondant parle de la visio.</p>{% endif %}
"""


def _project(root: Path, report_extra: str = "segments: {by: fonction}\n") -> Path:
    """The tiny project where respondent A04 is a manager: 5 field workers, 3 managers."""
    shutil.copytree(PROJECTS / "mini", root, ignore=shutil.ignore_patterns("build"))
    responses = root / "data" / EDITION / "responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8").replace("A04,1,", "A04,2,"),
                         encoding="utf-8")
    report = root / "report" / EDITION / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + report_extra, encoding="utf-8")
    chapter = root / "templates" / "chapters" / "resultats.html.j2"
    chapter.write_text(chapter.read_text(encoding="utf-8") + CHAPTER_EXTRA, encoding="utf-8")
    return root


def _quiet(message: str) -> None:
    pass


FORMATS = ("pdf", "web", "docx")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Built with no minimum base (so that every figure of 3 or 5 respondents prints: the
    disclosure control is tested on real surveys in tests/stats/test_segments.py)."""
    root = _project(tmp_path_factory.mktemp("segments") / "mini",
                    "segments: {by: fonction}\n")
    report = root / "report" / EDITION / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("suppress: 3", "suppress: 1"),
                      encoding="utf-8")
    result = build(root, progress=_quiet, jobs=2, formats=FORMATS)
    return root, result


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_one_publication_per_segment_under_the_edition_s_folder(built):
    _, result = built
    folder = result.folder
    for slug, pdf in (("professionnel-de-terrain", "enquete-2024-professionnel-de-terrain.pdf"),
                      ("cadre", "enquete-2024-cadre.pdf")):
        assert result.outputs[f"{slug}:pdf"] == folder / slug / pdf
        assert result.outputs[f"{slug}:web"] == folder / slug / "web" / "index.html"
        assert (folder / slug / pdf).is_file()
        assert (folder / slug / "web" / pdf).is_file()  # the web edition offers its PDF
        assert (folder / slug / "figures.csv").is_file()
    assert result.outputs["segments"] == folder / "segments.html"
    assert result.outputs["pdf"] == folder / "enquete-2024.pdf"  # the whole sample's too


def test_each_segment_s_figures_are_its_respondents(built):
    root, result = built
    answers = pd.read_csv(root / "data" / EDITION / "responses.csv", dtype=str)
    checked = 0
    for slug, code in (("professionnel-de-terrain", "1"), ("cadre", "2")):
        mine = answers[answers["fonction"] == code]
        ticks = mine[["outils_mail", "outils_visio", "outils_sms"]]
        answered = ticks.notna().any(axis=1)
        with (result.folder / slug / "figures.csv").open(encoding="utf-8-sig") as file:
            rows = list(csv.DictReader(file))
        for row in rows:
            if row["question"] == "outils" and row["measure"] == "respondents":
                assert row["base"] == str(answered.sum())
                expected = (ticks[answered][f"outils_{row['option']}"] == "1").sum()
            elif row["question"] == "avis" and row["measure"] == "level":
                column = mine[f"avis_{row['item']}"].dropna()
                assert row["base"] == str(len(column))
                expected = (column == row["option"]).sum()
            else:
                continue
            if "suppressed" in row["flags"].split(";"):
                assert row["n"] == "" and row["share"] == ""
            else:
                assert int(row["n"]) == expected, (slug, row)
                checked += 1
            whole = [other for other in _whole(result) if other["question"] == row["question"]
                     and other["option"] == row["option"] and other["item"] == row["item"]
                     and other["measure"] == row["measure"] and not other["banner"]]
            assert row["whole_share"] == whole[0]["share"]
    assert checked >= 6


def _whole(result) -> list[dict]:
    with (result.folder / "figures.csv").open(encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def test_testimonies_only_from_the_segment_s_respondents(built):
    _, result = built
    field = (result.folder / "professionnel-de-terrain" / "web" / "resultats.html").read_text(
        encoding="utf-8")
    managers = (result.folder / "cadre" / "web" / "resultats.html").read_text(encoding="utf-8")
    # A01 and A02, quoted, are field workers: the managers' edition shows neither.
    assert "des réunions en visio" in field and "télétravail</b>" not in field
    assert 'class="testimony"' in field and 'class="testimony"' not in managers
    assert "des réunions en visio" not in managers
    assert 'class="visio"' in field and 'class="visio"' not in managers
    managers_pdf = pdf_text(result.folder / "cadre" / "enquete-2024-cadre.pdf")
    assert "réunions en visio" not in managers_pdf


def test_templates_know_the_segment_and_put_figures_beside_the_whole_sample(built):
    _, result = built
    whole = (result.folder / "web" / "resultats.html").read_text(encoding="utf-8")
    assert "segment-note" not in whole
    managers = (result.folder / "cadre" / "web" / "resultats.html").read_text(encoding="utf-8")
    # 3 managers, 2 of whom ticked e-mail, as 5 of the 7 who answered did.
    assert ("Édition de la réponse Cadre (3 répondants sur 8)\u00a0: Cadre\u00a0: 66,7\u00a0%*"
            "\u00a0; ensemble\u00a0: 71,4\u00a0%.") in re.sub("[ \n]+", " ", managers).replace(
        "\u202f", "\u00a0")


def test_each_segment_s_word_edition_read_back(built):
    _, result = built
    word = docx.Document(result.outputs["cadre:docx"])
    text = _words("\n".join(paragraph.text for paragraph in word.paragraphs))
    assert "Édition de la réponse Cadre (3 répondants sur 8) : Cadre : 66,7 %* ; ensemble : " \
           "71,4 %." in text
    assert "des réunions en visio" not in text  # a field worker's testimony
    pictures = word.inline_shapes
    assert len(pictures) >= 2  # its charts, drawn from its own figures


def test_the_index_links_every_segment_s_pdf_and_web_edition(built):
    _, result = built
    page = (result.folder / "segments.html").read_text(encoding="utf-8")
    links = [link.split('"')[0] for link in page.split('href="')[1:] if link[:5] != "data:"]
    assert links == ["enquete-2024.pdf", "web/index.html", "enquete-2024.docx",
                     "professionnel-de-terrain/enquete-2024-professionnel-de-terrain.pdf",
                     "professionnel-de-terrain/web/index.html",
                     "professionnel-de-terrain/enquete-2024-professionnel-de-terrain.docx",
                     "cadre/enquete-2024-cadre.pdf", "cadre/web/index.html",
                     "cadre/enquete-2024-cadre.docx"]
    assert all((result.folder / link).is_file() for link in links)
    spaced = page.replace("\u202f", " ").replace("\u00a0", " ")
    assert "<h1>Enquête test — Édition 2024 : une édition par réponse à la question « Quelle " \
           "est votre fonction ? »</h1>" in spaced


def test_side_by_side_the_same_bytes_as_one_at_a_time(built, tmp_path):
    root, result = built
    serial = build(root, progress=_quiet, jobs=1, out=tmp_path / "out", formats=FORMATS)
    assert _files(serial.folder) == _files(result.folder)


def test_a_segment_under_the_minimum_base_has_no_edition(tmp_path, capsys):
    root = _project(tmp_path / "mini", "segments: {by: fonction}\n")
    report = root / "report" / EDITION / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("suppress: 3", "suppress: 4"),
                      encoding="utf-8")
    assert main(["--project", str(root), "build", "--format", "web"]) == 0
    out = capsys.readouterr()
    assert "segments: Cadre: under 4 respondents, no edition" in out.out + out.err
    folder = root / "build" / EDITION
    assert (folder / "professionnel-de-terrain" / "web" / "index.html").is_file()
    assert not (folder / "cadre").exists()
    page = (folder / "segments.html").read_text(encoding="utf-8")
    assert "Cadre : moins de 4 répondants, pas d’édition (secret statistique)." in _words(page)
    assert not re.search(r"\b3\W+répondants", page)  # its count is hidden, as in the edition


def test_segment_on_the_command_line(tmp_path):
    root = _project(tmp_path / "mini", "")
    assert main(["--project", str(root), "build", "--format", "web", "--segment",
                 "fonction=cadre"]) == 0
    folder = root / "build" / EDITION
    assert (folder / "cadre" / "web" / "index.html").is_file()
    assert not (folder / "professionnel-de-terrain").exists()


@pytest.mark.parametrize(("argument", "message"), [
    ("fonction=Directeur", "error: --segment fonction=Directeur: segments.values: 'Directeur' "
                           "is not an answer of question 'fonction' (expected a code or a "
                           "label among: 1 (Professionnel de terrain), 2 (Cadre))"),
    ("outils=all", "error: --segment outils=all: segments.by: 'outils' is not a single-choice "
                   "question of the questionnaire (expected one of: fonction)"),
])
def test_a_segment_that_is_no_answer_is_an_error(tmp_path, capsys, argument, message):
    root = _project(tmp_path / "mini", "")
    assert main(["--project", str(root), "build", "--format", "web", "--segment",
                 argument]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == message


def test_a_bad_segment_argument_is_a_usage_error(tmp_path, capsys):
    root = _project(tmp_path / "mini", "")
    with pytest.raises(SystemExit) as exit_:
        main(["--project", str(root), "build", "--segment", "fonction"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip().endswith(
        "error: argument --segment: 'fonction': expected <question>=<answer> (the answer's "
        "code or label, or all)")


def test_report_yaml_s_segments_are_checked_with_their_place(tmp_path, capsys):
    lines = (PROJECTS / "mini" / "report" / EDITION / "report.yaml").read_text(
        encoding="utf-8").count("\n")
    root = _project(tmp_path / "mini", "segments:\n  by: avis\n")
    assert main(["--project", str(root), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    shown = display_path(root / "report" / EDITION / "report.yaml")
    assert f"error: {shown}:{lines + 2}:7: segments.by: 'avis' is not a " \
           "single-choice question of the questionnaire (expected one of: fonction)" in err
    report = root / "report" / EDITION / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "  by: avis\n", "  by: fonction\n  values: [\"2\", Directeur]\n"), encoding="utf-8")
    assert main(["--project", str(root), "check"]) == 1
    assert f"error: {shown}:{lines + 3}:17: segments.values: 'Directeur' is " \
           "not an answer of question 'fonction' (expected a code or a label among: 1 " \
           "(Professionnel de terrain), 2 (Cadre))" in capsys.readouterr().err.splitlines()


def test_the_pages_in_chromium_at_a_phone_s_and_a_desktop_s_width(built):
    """The index page reads at both widths without sideways scrolling and leads to each
    edition; a segment's page shows its note (the tiny project's own layout is bare)."""
    _, result = built
    with serve(result.folder) as url, browser() as instance:
        for width in (375, 1280):
            page = instance.new_page(viewport={"width": width, "height": 800})
            page.goto(f"{url}/segments.html")
            assert page.evaluate("document.documentElement.scrollWidth "
                                 "- document.documentElement.clientWidth") <= 0, width
            assert page.evaluate("document.documentElement.lang") == "fr"
            size = page.evaluate("parseFloat(getComputedStyle(document.querySelector("
                                 "'td')).fontSize)")
            assert size >= 16
            page.get_by_role("link", name="Édition en ligne").nth(2).click()
            assert page.url.endswith("/cadre/web/index.html")
            page.goto(f"{url}/cadre/web/resultats.html")
            assert page.locator(".segment-note").is_visible()
            page.close()


def test_the_2020_edition_for_the_directors(tmp_path):
    """The 2020 edition by Q1 (function), its directors' web edition: their own figures,
    their testimonies only, the chapter about function written for a segment."""
    from barorapport.config.project import find_edition
    from barorapport.openanswers import load_testimonies

    result = build(REPO, "2020", formats=("web",), segment="Q1=3", out=tmp_path,
                   progress=_quiet)
    slug = "directeur-d-etablissement-ou-de-service-social"
    web = result.folder / slug / "web"
    text = "\n".join(page.read_text(encoding="utf-8") for page in sorted(web.glob("*.html")))
    answers = pd.read_csv(REPO / "data" / "2020" / "responses.csv", dtype=str)
    directors = set(answers.loc[answers["Q1"] == "3", "id"])
    quotations = load_testimonies(find_edition(REPO, "2020").testimonies_path)
    by_text = {_letters(item.published): item.respondent for item in quotations}
    # What the pages quote: the testimonies' blocks and the inline quotations.
    quoted = [_letters(re.sub(r"<[^>]+>", " ", html.unescape(match))) for match in re.findall(
        r'<blockquote class="testimony">(.*?)</blockquote>|<q class="quotation">(.*?)</q>',
        text, flags=re.S) for match in match if match]
    assert quoted, "the directors' edition quotes their own"
    assert all(words in by_text for words in quoted)
    assert {by_text[words] for words in quoted} <= directors
    # Another function's quotations are left out: the chapter woven from them is written
    # for a segment (has_testimony(), beside()).
    whole = "\n".join(page.read_text(encoding="utf-8")
                      for page in sorted((result.folder / "web").glob("*.html")))
    assert whole.count('<blockquote class="testimony">') > len(quoted)
    assert "[…]" not in text
    assert ("celle-ci ne reprend que les témoignages des répondants « Directeur d’établissement "
            "ou de service social ou médico-social »") in _words(text)
    assert "Cette édition porte sur les 53 répondants" in _words(text)
    with (result.folder / slug / "figures.csv").open(encoding="utf-8-sig") as file:
        rows = [row for row in csv.DictReader(file) if row["question"] == "Q4"
                and not row["banner"]]
    mine = answers[answers["Q1"] == "3"]["Q4"].dropna()
    for row in rows:
        assert row["base"] == str(len(mine))
        if row["n"]:
            assert int(row["n"]) == (mine == row["option"]).sum()
    assert result.outputs["segments"].is_file()


def _words(text: str) -> str:
    """``text`` with every space (non-breaking, thin) one plain space."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def _letters(text: str) -> str:
    """``text``'s letters and digits alone, in lower case (typography changes the rest)."""
    return "".join(character for character in text.casefold() if character.isalnum())
