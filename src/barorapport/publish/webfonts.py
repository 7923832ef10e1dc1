"""The web edition's fonts as WOFF2 subsets of the characters its pages use.

Input: the ``web/`` folder once written (pages, stylesheets, ``assets/fonts/``). Output: each
font a stylesheet loads (``url(fonts/<name>.ttf|.otf|.woff|.woff2)``) replaced by
``<name>.woff2`` holding only the glyphs of the characters the pages show (plus Basic Latin
and French punctuation, so that a correction of a word does not need a new glyph), the
stylesheets pointing at it, and the full font files removed. fontTools does the subsetting
(with Brotli for WOFF2). A page's weight thus falls from megabytes of TTF to tens of kB.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

FONT_URL = re.compile(r"""url\((['"]?)fonts/([^)'"]+?)\.(ttf|otf|woff2?)\1\)"""
                      r"""(\s*format\((['"]?)[\w-]+\5\))?""")
ALWAYS = "".join(chr(code) for code in range(0x20, 0x7F)) + \
    "\u00a0\u202f’‘«»“”–—…·•→←éèêëàâäîïôöùûüçÉÈÊÀÂÎÔÙÛÇœŒæÆ€°×−"
"""Characters kept in every subset: Basic Latin, no-break spaces, French letters and
punctuation."""


def _page_characters(web: Path) -> set[str]:
    return page_characters(page.read_text(encoding="utf-8") for page in web.glob("*.html"))


def page_characters(pages: Iterable[str]) -> set[str]:
    """The characters the subsets hold for pages of these HTML texts."""
    characters = set(ALWAYS)
    for text in pages:
        # Text and attribute values alike (alt text is shown when an image fails).
        characters.update(html.unescape(re.sub(r"<[^>]*?>", " ", text)))
        characters.update(html.unescape(" ".join(re.findall(r'"([^"]*)"', text))))
    return {character for character in characters if character.isprintable()
            or character in "\u00a0\u202f"}


def subset_fonts(web: Path) -> list[Path]:
    """Replace the fonts that ``web/assets/*.css`` load by WOFF2 subsets; returns the subsets
    written."""
    from fontTools import subset

    assets = web / "assets"
    stylesheets = sorted(assets.glob("*.css"))
    used = {(match[2], match[3]) for sheet in stylesheets
            for match in FONT_URL.finditer(sheet.read_text(encoding="utf-8"))}
    if not used:
        return []
    characters = _page_characters(web)
    written = {}
    for stem, extension in sorted(used):
        source = assets / "fonts" / f"{stem}.{extension}"
        target = assets / "fonts" / f"{stem}.woff2"
        if stem in written or not source.is_file():
            continue
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(characters)))
        subsetter.subset(font)
        subset.save_font(font, str(target) + ".tmp", options)
        Path(str(target) + ".tmp").replace(target)
        written[stem] = target
    for sheet in stylesheets:
        text = sheet.read_text(encoding="utf-8")
        text = FONT_URL.sub(lambda match: f'url(fonts/{match[2]}.woff2) format("woff2")'
                            if match[2] in written else match[0], text)
        # Two sources of one face (woff2, woff) now name the same file: keep one.
        text = re.sub(r'(url\(fonts/([^)]+)\.woff2\) format\("woff2"\)), url\(fonts/\2\.woff2\) '
                      r'format\("woff2"\)', r"\1", text)
        sheet.write_text(text, encoding="utf-8")
    for stem, extension in used:
        replaced = assets / "fonts" / f"{stem}.{extension}"
        if stem in written and replaced != written[stem] and replaced.is_file():
            replaced.unlink()
    return list(written.values())
