"""The web edition's fonts: WOFF2 subsets of the characters its pages show, kept in a cache
keyed by the font and the characters."""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools.ttLib import TTFont

from barorapport.engine.buildcache import ContentCache
from barorapport.publish.webfonts import subset_fonts

THEME = Path(__file__).parent.parent.parent / "src/barorapport/theme/assets"


def _web(folder: Path, text: str) -> Path:
    web = folder / "web"
    shutil.copytree(THEME, web / "assets")
    (web / "index.html").write_text(f"<p>{text}</p>", encoding="utf-8")
    return web


def _subsets(web: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((web / "assets/fonts").glob("*.woff2"))}


def _glyph_of(font: Path, character: str) -> bool:
    return ord(character) in TTFont(font).getBestCmap()


def test_subsets_come_from_the_cache_for_the_same_characters(tmp_path):
    cache = ContentCache(tmp_path / "cache")
    first = _web(tmp_path / "a", "Bonjour")
    written = subset_fonts(first, cache)
    assert written and cache.misses == len(written) and cache.hits == 0
    # Another page with the same characters: the same bytes, none subset again.
    second = _web(tmp_path / "b", "jour Bon")
    subset_fonts(second, cache)
    assert cache.hits == len(written)
    assert _subsets(second) == _subsets(first)
    # Without a cache, the same bytes again.
    third = _web(tmp_path / "c", "Bonjour")
    subset_fonts(third)
    assert _subsets(third) == _subsets(first)


def test_a_new_character_makes_a_new_subset(tmp_path):
    cache = ContentCache(tmp_path / "cache")
    subset_fonts(_web(tmp_path / "a", "Bonjour"), cache)
    misses = cache.misses
    web = _web(tmp_path / "b", "Bonjour Ωmega")
    subset_fonts(web, cache)
    assert cache.misses == 2 * misses  # every face subset again, for its new character
    lato = next((web / "assets/fonts").glob("Lato-Regular.woff2"))
    assert _glyph_of(lato, "Ω")
