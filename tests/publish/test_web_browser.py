"""The 2020 web edition opened in a real headless Chromium: loads, links, widths, axe."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from barorapport.commands.build import build

from ..browser import browser, serve

REPO = Path(__file__).parent.parent.parent
WIDTHS = (375, 1280)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The 2020 edition built into a temporary folder, served over HTTP under a sub-path."""
    out = tmp_path_factory.mktemp("web")
    result = build(REPO, "2020", out=out, progress=lambda message: None)
    pages = sorted(path.name for path in (result.folder / "web").glob("*.html"))
    with serve(result.folder) as root, browser() as chromium:
        yield {"root": root + "/web/", "pages": pages, "browser": chromium,
               "folder": result.folder}


def _open(site, name: str, width: int = 1280):
    """Open a page; return it with the console errors and failed or outside requests."""
    page = site["browser"].new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: "
                                                       f"{message.text}")
            if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on("response", lambda response: problems.append(
        f"HTTP {response.status}: {response.url}") if response.status >= 400 else None)
    page.on("request", lambda request: problems.append(f"left the site: {request.url}")
            if not request.url.startswith(site["root"].rsplit("/web/", 1)[0])
            and not request.url.startswith("data:") else None)
    page.goto(site["root"] + name, wait_until="networkidle")
    return page, problems


def test_every_chapter_has_a_page(site):
    assert "index.html" in site["pages"]
    assert len(site["pages"]) >= 9


def test_pages_load_without_errors_and_links_resolve(site):
    for name in site["pages"]:
        page, problems = _open(site, name)
        targets = page.eval_on_selector_all(
            "a[href], img[src], link[href]",
            "elements => elements.map(e => e.getAttribute('href') || e.getAttribute('src'))")
        assert page.locator("h1").count() == 1, name
        assert page.evaluate("document.documentElement.lang") == "fr"
        for target in targets:
            if target.startswith("data:"):
                continue
            assert not re.match(r"^(https?:)?//", target), f"{name}: absolute link {target}"
            url = urljoin(page.url, target)
            response = page.request.get(url.split("#")[0])
            assert response.ok, f"{name}: {target} gives HTTP {response.status}"
            fragment = urlsplit(url).fragment
            if fragment and url.split("#")[0] == page.url.split("#")[0]:
                assert page.locator(f"#{fragment}").count() == 1, f"{name}: #{fragment}"
        page.close()
        assert problems == [], name


@pytest.mark.parametrize("width", WIDTHS)
def test_no_horizontal_scrolling(site, width):
    for name in site["pages"]:
        page, _ = _open(site, name, width)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} is {scroll_width}px wide at {width}px"
        page.screenshot(path=str(site["folder"] / f"screenshot-{width}-{name}.png"),
                        full_page=True)
        page.close()


def test_axe_reports_no_violation(site):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for name in site["pages"]:
        page, _ = _open(site, name)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"
        page.close()


def test_charts_have_alt_text_and_data_disclosure(site):
    page, _ = _open(site, "accompagnement.html")
    image = page.locator("figure.chart img").first
    assert image.get_attribute("alt").startswith("Barres horizontales")
    summary = page.locator("figure.chart details summary").first
    assert "Voir les données" in summary.inner_text()
    table = page.locator("figure.chart details table").first
    assert not table.is_visible()
    summary.click()
    assert table.is_visible()
    assert table.locator("th[scope=col]").count() >= 2
    page.close()


def test_works_without_javascript(site):
    context = site["browser"].new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site["root"] + "index.html")
    page.get_by_role("link", name=re.compile("Le numérique avec les personnes")).first.click()
    assert page.locator("h1").inner_text() == "Le numérique avec les personnes accompagnées"
    context.close()
