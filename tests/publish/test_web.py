"""The web edition's files: pages, downloads, base URL, sitemap (read as files)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ElementTree

from barorapport.build import build
from barorapport.cli import main


def _quiet(message: str) -> None:
    pass


def test_one_page_per_chapter_with_downloads(mini):
    result = build(mini, progress=_quiet)
    web = result.folder / "web"
    assert sorted(path.name for path in web.glob("*.html")) == [
        "index.html", "introduction.html", "resultats.html"]
    assert (web / "enquete-2024.pdf").read_bytes() == result.outputs["pdf"].read_bytes()
    assert (web / "data/figures.csv").read_bytes() == (result.folder / "figures.csv").read_bytes()
    rows = list(csv.reader(io.StringIO((web / "data/outils.csv").read_text("utf-8-sig")),
                           delimiter=";"))
    assert rows[0][0] == "label"
    assert [row[0] for row in rows[1:]] == ["Courriels", "Visioconférence", "SMS"]
    assert rows[1][1] == "71,43"
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
