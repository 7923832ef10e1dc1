"""The 2020 edition as readers get it: French typography in the PDF and on every web page,
bases as counts, the annex's figures table, the rounding note, the PDF's pages."""

from __future__ import annotations

import csv
import html
import html.parser
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from barorapport.commands.build import build
from barorapport.stats.rounding import round_percent
from barorapport.wording import say

REPO = Path(__file__).parent.parent.parent
FRENCH_MARKS = ":;!?»"


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    """The 2020 edition (PDF, web and Word), built from a copy of the project."""
    project = tmp_path_factory.mktemp("readers") / "project"
    for folder in ("data", "report", "templates"):
        shutil.copytree(REPO / folder, project / folder)
    result = build(project, "2020", formats=("pdf", "web", "docx"),
                   progress=lambda message: None)
    return result.folder


def _pdf_lines(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


class _Text(html.parser.HTMLParser):
    """The text nodes of a page, with code, scripts and styles left out."""

    SKIPPED = {"script", "style", "code", "pre"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in self.SKIPPED

    def handle_endtag(self, tag):
        self.skipping -= tag in self.SKIPPED

    def handle_data(self, data):
        if not self.skipping:
            self.nodes.append(data)


def _page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.nodes)


def _plain(text: str) -> str:
    """Text with typographic apostrophes and spaces folded, to compare words."""
    return re.sub(r"[ \u00a0\u202f]+", " ", text.replace("’", "'"))


def test_pdf_text_has_french_typography(edition):
    lines = _pdf_lines(edition / "barometre-2020.pdf")
    text = "\n".join(lines)
    assert text.count("’") > 300
    assert "'" not in text
    # A protected space keeps « with the next word and ; ! ? : » with the previous one.
    assert [line for line in lines if line[0] in FRENCH_MARKS] == []
    assert [line for line in lines if line.endswith("«")] == []
    assert not re.search(r"\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
                         r"octobre|novembre|décembre)\b", text)


def test_every_web_page_has_french_typography(edition):
    pages = sorted((edition / "web").glob("*.html"))
    assert len(pages) == 10
    for page in pages:
        text = _page_text(page)
        assert "'" not in text, page.name
        unprotected = re.findall(rf"\S{{0,12}} [{FRENCH_MARKS}]|« \S{{0,12}}", text)
        assert unprotected == [], page.name
        markup = page.read_text(encoding="utf-8")
        for attribute in re.findall(r'\b(?:alt|content)="([^"]*)"', markup):
            assert "&#39;" not in attribute and "'" not in attribute, (page.name, attribute)


def test_bases_are_counts_in_tables_and_data_files(edition):
    web = edition / "web"
    for page in ("pratiques.html", "opinions.html", "annexes.html"):
        text = _page_text(web / page)
        assert not re.search(r"\b6[0-9]{2},0\s%", text), page
    opinions = (web / "opinions.html").read_text(encoding="utf-8")
    assert '<th scope="col" class="number">Base</th>' in opinions
    rows = list(csv.DictReader(io.StringIO(
        (web / "data/opinions-usagers.csv").read_text("utf-8-sig"))))
    assert rows and all(row["base"].isdigit() and int(row["base"]) > 500 for row in rows)
    assert all(0 <= float(row["share"]) <= 1 for row in rows)
    assert {row["share_of"] for row in rows} == {"part des répondants à l'item"}


def test_annex_lists_every_figure_by_question_text_with_its_kind_of_share(edition):
    annex = _plain(_page_text(edition / "web/annexes.html"))
    figures = list(csv.DictReader(io.StringIO(
        (edition / "figures.csv").read_text("utf-8-sig"))))
    whole = [row for row in figures if not row["banner"] and row["share_of"]]
    mentions = [row for row in whole if row["measure"] == "mentions"]
    assert len(mentions) >= 25
    markup = (edition / "web/annexes.html").read_text(encoding="utf-8")
    assert markup.count("<td>part des mentions</td>") == len(mentions)
    for text in {row["question_text"] for row in whole}:
        assert _plain(text) in annex, text
    assert not re.search(r"\bQ1[0-2]?\b", annex)
    assert 'href="data/figures.xlsx"' in markup and 'href="data/figures.csv"' in markup


def test_rounding_note_where_a_displayed_total_misses_100(edition):
    """A grid's chart says that its percentages are rounded exactly when one of its items'
    shares, at the chart's decimals, do not add up to 100 % (computed from its data file)."""
    import yaml

    report = yaml.safe_load((edition.parent.parent / "report/2020/report.yaml")
                            .read_text("utf-8"))
    digits = {figure["id"]: figure.get("digits", 1) for figure in report["figures"]}
    noted = {}
    for figure, page in (("pratiques", "pratiques"), ("opinions-usagers", "opinions"),
                         ("opinions-pratique", "opinions")):
        totals = {}
        for row in csv.DictReader(io.StringIO(
                (edition / f"web/data/{figure}.csv").read_text("utf-8-sig"))):
            totals[row["item"]] = totals.get(row["item"], 0) + round_percent(
                float(row["share"]), digits[figure])
        markup = (edition / f"web/{page}.html").read_text("utf-8")
        shown = re.search(rf'<figure class="chart" id="figure-{figure}">(.*?)</figure>',
                          markup, re.S)[1]
        noted[figure] = _plain(say("note.rounding")) in " ".join(_plain(html.unescape(re.sub(
            r"<[^>]+>", " ", shown))).split())
        assert noted[figure] == any(total != 100 for total in totals.values()), figure


def test_web_figures_give_number_title_base_and_source_as_text(edition):
    page = (edition / "web/activite.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="chart" id="figure-evolution">(.*?)</figure>', page,
                       re.S)[1]
    assert figure.index("<figcaption>") < figure.index("<img")
    notes = re.search(r'<p class="chart-notes">(.*?)</p>', figure, re.S)[1]
    assert "n\u00a0=" in notes or "n =" in notes
    assert "Source" in notes
    assert 'href="charts/evolution.svg" download' in figure


# In real headless Chromium, at a phone's width and a desktop's.

WIDTHS = (375, 1280)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
MEASURE = """() => {
  // The drawing the browser chose (a <picture>'s phone source below its width).
  const charts = [...document.querySelectorAll('figure.chart img')].map(img => (
      {src: new URL(img.currentSrc).pathname.slice(1), width: img.getBoundingClientRect().width}));
  const cells = [];
  for (const cell of document.querySelectorAll('table tbody tr:not(.question-row) > *')) {
    const box = cell.getBoundingClientRect();
    cells.push({width: box.width, label: cell.matches('th'),
                clipped: cell.scrollWidth > cell.clientWidth + 1,
                text: cell.textContent.trim().slice(0, 40)});
  }
  // A caption's or a question row's text past the visible part of its scrolling table.
  const cut = [];
  for (const region of document.querySelectorAll('.table-scroll')) {
    const right = region.getBoundingClientRect().right;
    for (const text of region.querySelectorAll('caption, tr.question-row th')) {
      const range = document.createRange();
      range.selectNodeContents(text);
      if (range.getBoundingClientRect().right > right + 1) cut.push(text.textContent.trim());
    }
  }
  return {charts, cells, cut};
}"""


@pytest.fixture(scope="module")
def site(edition):
    from ..browser import browser, serve

    with serve(edition / "web") as root, browser() as chromium:
        yield {"root": root, "browser": chromium, "web": edition / "web"}


def _svg_text_scale(path: Path) -> tuple[float, float]:
    """The SVG's width in user units and its smallest font size, in the same units."""
    svg = path.read_text(encoding="utf-8")
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg)[1])
    return width, min(float(size) for size in re.findall(r"font-size: ([\d.]+)px", svg))


def _open(site, name: str, width: int):
    page = site["browser"].new_page(viewport={"width": width, "height": 812})
    loaded: list[tuple[str, int]] = []
    page.on("response", lambda response: loaded.append(
        (response.url, len(response.body()) if response.ok else 0)))
    page.goto(f"{site['root']}/{name}", wait_until="networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    return page, loaded


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_text_tables_and_weight_on_screen(site, width):
    pages = sorted(path.name for path in site["web"].glob("*.html"))
    charts_seen = 0
    for name in pages:
        page, loaded = _open(site, name, width)
        measured = page.evaluate(MEASURE)
        page.close()
        # Chart text at 12 CSS px or more: the SVG's smallest text, scaled as shown.
        for chart in measured["charts"]:
            svg_width, smallest = _svg_text_scale(site["web"] / chart["src"])
            assert smallest * chart["width"] / svg_width >= 12, (name, width, chart)
            charts_seen += 1
        # Tables readable: no label column squeezed, no number cut.
        for cell in measured["cells"]:
            assert cell["width"] >= (120 if cell["label"] else 40), (name, width, cell)
            assert not cell["clipped"], (name, width, cell)
        assert measured["cut"] == [], (name, width)  # captions and questions read whole
        # Every page under 300 kB on a first visit, the PDF excepted.
        weight = sum(size for url, size in loaded if not url.endswith(".pdf"))
        assert weight < 300_000, (name, width, weight)
    assert charts_seen == 11


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing_with_every_disclosure_open(site, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for name in sorted(path.name for path in site["web"].glob("*.html")):
        page, _ = _open(site, name, width)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        page.close()
        assert results.violations_count == 0, f"{name} at {width}:\n{results.generate_report()}"


def test_fonts_are_woff2_subsets(edition):
    fonts = sorted((edition / "web/assets/fonts").glob("*.*"))
    faces = [font for font in fonts if font.suffix in (".ttf", ".otf", ".woff", ".woff2")]
    assert faces and all(font.suffix == ".woff2" for font in faces)
    assert all(font.stat().st_size < 60_000 for font in faces)
    css = (edition / "web/assets/web.css").read_text(encoding="utf-8")
    assert ".ttf" not in css


# The print edition, page by page.

def _pages_text(pdf: Path) -> list[list[str]]:
    count = len(__import__("pypdf").PdfReader(pdf).pages)
    pages = []
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf),
                               "-"], check=True, capture_output=True, text=True).stdout
        pages.append([line.strip() for line in text.splitlines()
                      if line.strip() and not line.strip().isdigit()])
    return pages


def _chapter_openings(pdf: Path) -> dict[int, str]:
    import pypdf

    reader = pypdf.PdfReader(pdf)
    return {reader.get_destination_page_number(item) + 1: item.title
            for item in reader.outline if not isinstance(item, list)}


def test_no_page_more_than_a_third_empty_except_before_a_chapter(edition, tmp_path):
    from PIL import Image

    pdf = edition / "barometre-2020.pdf"
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    openings = set(_chapter_openings(pdf))
    for number, image in enumerate(images, start=1):
        if number + 1 in openings or number == len(images) or number == 1:
            continue  # the cover, a chapter's last page, the last page
        picture = Image.open(image).convert("L")
        width, height = picture.size
        top, bottom = int(height * 22 / 297), int(height * 273 / 297)  # the type area
        pixels = picture.load()
        inked = [y for y in range(top, bottom)
                 if any(pixels[x, y] < 200 for x in range(int(width * 0.08), int(width * 0.92)))]
        empty = (bottom - max(inked, default=top)) / (bottom - top)
        assert empty <= 1 / 3, f"page {number} is {empty:.0%} empty"


def test_chapter_openings_have_no_running_head(edition):
    pdf = edition / "barometre-2020.pdf"
    pages = _pages_text(pdf)
    openings = _chapter_openings(pdf)
    for number, title in openings.items():
        lines = pages[number - 1]
        assert lines[0] == title and lines.count(title) == 1, (number, lines[:3])
    # The pages after an opening carry the chapter's title as their running head.
    following = [number + 1 for number in openings if number + 1 not in openings
                 and number + 1 <= len(pages)]
    assert any(pages[number - 1][0] in openings.values() for number in following)


def test_hyphenation_is_rare_never_across_pages_nor_three_lines_in_a_row(edition):
    pages = _pages_text(edition / "barometre-2020.pdf")
    hyphenated = re.compile(r"\w[\u2010-]$")
    for number, lines in enumerate(pages, start=1):
        assert not hyphenated.search(lines[-1] if lines else ""), f"page {number} ends cut"
        run = 0
        for line in lines:
            run = run + 1 if hyphenated.search(line) else 0
            assert run <= 2, (number, line)
    cover = pages[0]
    assert not any(hyphenated.search(line) for line in cover)


def test_no_table_caption_is_left_alone_at_the_foot_of_a_page(edition):
    pages = _pages_text(edition / "barometre-2020.pdf")
    # The tables' captions, as the annex's web page gives them (the PDF prints the same).
    annex = (edition / "web/annexes.html").read_text("utf-8")
    captions = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", caption)).split())[:40]
                for caption in re.findall(r"<caption>(.*?)</caption>", annex, re.S)]
    assert captions and any(line.startswith(captions[0]) for lines in pages for line in lines)
    for number, lines in enumerate(pages, start=1):
        # The running head and the page number aside, the page's last line is not a caption.
        last = " ".join(lines[-1].split())
        assert not any(last.startswith(caption) for caption in captions), (number, last)
        assert not re.match(r"Figure \d+[.:] ", last), (number, last)


def test_figures_print_number_and_title_above_the_chart(edition):
    pages = _pages_text(edition / "barometre-2020.pdf")
    text = "\n".join(line for lines in pages for line in lines)
    # The caption line "Figure N. Title" comes before the chart's base ("n = …").
    for number in range(1, 12):
        caption = text.index(f"Figure {number}. ")
        assert text.index("n = ", caption) > caption
    assert text.count("Source") >= 11


def test_navigation_folds_on_a_phone_and_sections_can_be_linked(site):
    for width, shown in ((375, False), (1280, True)):
        page, _ = _open(site, "activite.html", width)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")
        assert page.locator(".site-nav ol").is_visible() is shown, width
        assert page.locator(".nav-toggle > summary").is_visible() is not shown, width
        page.close()
    page, _ = _open(site, "activite.html", 375)
    headings = page.eval_on_selector_all(
        "main h2, main h3", "hs => hs.map(h => [h.id, !!h.querySelector('a.heading-anchor')])")
    assert headings and all(anchor and linked for anchor, linked in headings)
    contents = page.eval_on_selector_all(".on-page a", "links => links.map(a => a.hash)")
    assert contents and all(page.locator(target).count() == 1 for target in contents)
    footer = page.locator(".byline").inner_text()
    assert "IRTS" in footer and "2021" in footer
    page.close()


def test_dark_scheme_keeps_charts_legible(site):
    page = site["browser"].new_page(viewport={"width": 375, "height": 812},
                                    color_scheme="dark")
    page.goto(f"{site['root']}/activite.html", wait_until="networkidle")
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    chart = page.evaluate("getComputedStyle(document.querySelector('figure.chart img'))"
                          ".backgroundColor")
    page.close()
    assert background != "rgb(255, 255, 255)"
    assert chart == "rgb(255, 255, 255)"  # the charts' colours are checked against white


def test_the_word_edition_holds_the_pdf_s_chapters_tables_and_alt_texts(edition):
    """Read back with python-docx: every chapter a Heading 1 in the PDF's order, every table
    cell's text in the PDF, every chart a picture with the alt text of its SVG."""
    import docx
    import yaml

    document = docx.Document(str(edition / "barometre-2020.docx"))
    report = yaml.safe_load((edition.parent.parent / "report" / "2020" / "report.yaml")
                            .read_text(encoding="utf-8"))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters == ["L’essentiel"] + [chapter["title"].replace("'", "’")
                                          for chapter in report["chapters"]]
    pdf = " ".join(" ".join(_pdf_lines(edition / "barometre-2020.pdf")).split())
    cells = {" ".join(cell.text.split()) for table in document.tables
             for row in table.rows for cell in row.cells if cell.text.strip()}
    # Print shows one data table, the annex's (each figure's own table is on the web).
    assert len(document.tables) >= 1 and len(cells) > 300
    # The PDF's text lays a table's columns side by side: a cell of one or two words (a
    # share, a count) is found whole, a longer one word by word (the annex's narrow "part
    # des répondants" wraps, its lines beside the next columns').
    words = set(pdf.split())
    assert sorted(cell for cell in cells if len(cell.split()) <= 2 and cell not in pdf) == []
    assert sorted({word for cell in cells for word in cell.split()} - words) == []
    descriptions = {}
    for svg in sorted((edition / "charts").glob("*.svg")):
        found = re.search(r"<desc>(.*?)</desc>", svg.read_text(encoding="utf-8"), re.S)
        descriptions[svg.stem] = html.unescape(found.group(1))
    shapes = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    logos = [logo["alt"] for logo in report["logos"]]  # the cover's, if the edition has them
    assert sorted(shape for shape in shapes if shape not in logos) == sorted(
        descriptions.values())
    testimonies = [p for p in document.paragraphs if p.style.name == "testimony"]
    assert testimonies and all(p.style.base_style.name == "Quote" for p in testimonies)


def test_no_heading_or_lead_in_is_left_alone_at_the_foot_of_a_page(edition):
    pages = _pages_text(edition / "barometre-2020.pdf")
    openers = set()
    for page in (edition / "web").glob("*.html"):
        source = re.sub(r'<a class="heading-anchor".*?</a>', "", page.read_text("utf-8"),
                        flags=re.S)
        for text in re.findall(r'<h[23][^>]*>(.*?)</h[23]>|<p class="lead-in">(.*?)</p>',
                               source, re.S):
            plain = " ".join(html.unescape(re.sub(r"<[^>]+>", "", "".join(text))).split())
            if plain:
                openers.add(plain[:30])
    assert len(openers) > 20
    for number, lines in enumerate(pages, start=1):
        last = " ".join(lines[-1].split()) if lines else ""
        assert not any(last.startswith(opener) for opener in openers), (number, last)
