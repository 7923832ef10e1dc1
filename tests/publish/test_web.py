"""The web edition's files: pages, downloads, base URL, sitemap (read as files)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ElementTree

from barorapport.cli import main
from barorapport.commands.build import build


def _quiet(message: str) -> None:
    pass


def test_one_page_per_chapter_with_downloads(mini):
    result = build(mini, progress=_quiet)
    web = result.folder / "web"
    assert sorted(path.name for path in web.glob("*.html")) == [
        "index.html", "introduction.html", "resultats.html"]
    assert (web / "enquete-2024.pdf").read_bytes() == result.outputs["pdf"].read_bytes()
    assert (web / "data/figures.csv").read_bytes() == (result.folder / "figures.csv").read_bytes()
    assert (web / "data/figures.xlsx").read_bytes() == \
        (result.folder / "figures.xlsx").read_bytes()
    # Every published CSV has one dialect: UTF-8 with BOM, ",", decimal point, the base as
    # a count and the kind of share on each row.
    for name in ("outils.csv", "avis.csv", "figures.csv"):
        raw = (web / "data" / name).read_bytes()
        assert raw.startswith("\ufeff".encode()), name
        header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert {"question", "label", "measure", "share_of", "n", "base", "share"} <= \
            set(header), name
    rows = list(csv.DictReader(io.StringIO((web / "data/outils.csv").read_text("utf-8-sig"))))
    assert [row["label"] for row in rows] == ["Courriels", "Visioconférence", "SMS"]
    assert (rows[0]["n"], rows[0]["base"], rows[0]["share"]) == ("5", "7", "0.714286")
    assert rows[0]["share_of"] == "part des répondants"
    assert rows[0]["question_text"] == "Quels outils utilisez-vous ?"
    grid = list(csv.DictReader(io.StringIO((web / "data/avis.csv").read_text("utf-8-sig"))))
    assert {row["base"] for row in grid} <= {"6", "7"}
    assert {row["measure"] for row in grid} == {"level"}
    assert not (web / "sitemap.xml").exists()
    assert "canonical" not in (web / "index.html").read_text(encoding="utf-8")


def test_base_url_gives_canonical_links_open_graph_and_sitemap(mini, capsys):
    code = main(["--project", str(mini), "build", "--format", "web",
                 "--base-url", "https://example.org/barometre/2024"])
    assert code == 0
    web = mini / "build/2024/web"
    page = (web / "resultats.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/barometre/2024/resultats.html">' \
        in page
    assert '<meta property="og:url" content="https://example.org/barometre/2024/resultats.html">'\
        in page
    links = [element.text for element in ElementTree.parse(web / "sitemap.xml").iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert links == ["https://example.org/barometre/2024/index.html",
                     "https://example.org/barometre/2024/introduction.html",
                     "https://example.org/barometre/2024/resultats.html"]
    assert 'href="resultats.html"' in (web / "index.html").read_text(encoding="utf-8")


def test_base_url_gives_a_link_preview_image(mini, tmp_path):
    from PIL import Image

    (mini / "templates/web.html.j2").unlink()  # the theme's layout, which names the image
    code = main(["--project", str(mini), "build", "--format", "web",
                 "--base-url", "https://example.org/barometre/2024"])
    assert code == 0
    web = mini / "build/2024/web"
    page = (web / "resultats.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://example.org/barometre/2024/og-image.png">' \
        in page
    with Image.open(web / "og-image.png") as image:
        assert image.size == (1200, 630)
    first = (web / "og-image.png").read_bytes()
    code = main(["--project", str(mini), "build", "--format", "web", "--out", str(tmp_path / "2"),
                 "--base-url", "https://example.org/barometre/2024"])
    assert code == 0
    assert (tmp_path / "2/2024/web/og-image.png").read_bytes() == first


def test_without_base_url_no_preview_image_is_named(mini):
    (mini / "templates/web.html.j2").unlink()
    assert main(["--project", str(mini), "build", "--format", "web"]) == 0
    web = mini / "build/2024/web"
    assert not (web / "og-image.png").exists()
    assert "og:image" not in (web / "resultats.html").read_text(encoding="utf-8")
