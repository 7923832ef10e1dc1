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

from ..engine.atomic import write_atomically
from ..engine.buildcache import ContentCache, code_version, digest

FONT_URL = re.compile(r"""url\((['"]?)fonts/([^)'"]+?)\.(ttf|otf|woff2?)\1\)"""
                      r"""(\s*format\((['"]?)[\w-]+\5\))?""")
ALWAYS = "".join(chr(code) for code in range(0x20, 0x7F)) + \
    "\u00a0\u202f’‘«»“”–—…·•→←éèêëàâäîïôöùûüçÉÈÊÀÂÎÔÙÛÇœŒæÆ€°×−"
"""Characters kept in every subset: Basic Latin, no-break spaces, French letters and
punctuation."""


def _page_characters(web: Path) -> set[str]:
    return page_characters(page.read_text(encoding="utf-8") for page in web.glob("*.html"))


def _code_version() -> str:
    """What a cached subset owes to code besides the font and the characters."""
    return code_version(("fonttools", "brotli"))


def _woff2_subset(source: Path, text: str) -> bytes:
    """The font ``source`` as WOFF2, holding the glyphs of ``text`` (and what they need)."""
    import io

    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def page_characters(pages: Iterable[str]) -> set[str]:
    """The characters the subsets hold for pages of these HTML texts."""
    characters = set(ALWAYS)
    for text in pages:
        # Text and attribute values alike (alt text is shown when an image fails).
        characters.update(html.unescape(re.sub(r"<[^>]*?>", " ", text)))
        characters.update(html.unescape(" ".join(re.findall(r'"([^"]*)"', text))))
    return {character for character in characters if character.isprintable()
            or character in "\u00a0\u202f"}


def _used(assets: Path) -> set[tuple[str, str]]:
    """(stem, extension) of each font file the stylesheets of ``assets`` load."""
    return {(match[2], match[3]) for sheet in sorted(assets.glob("*.css"))
            for match in FONT_URL.finditer(sheet.read_text(encoding="utf-8"))}


def _faces(assets: Path, used: set[tuple[str, str]]) -> list[tuple[str, Path]]:
    """(stem, file) of each face of ``used`` found in ``assets``, once per stem."""
    faces: dict[str, Path] = {}
    for stem, extension in sorted(used):
        source = assets / "fonts" / f"{stem}.{extension}"
        if stem not in faces and source.is_file():
            faces[stem] = source
    return list(faces.items())


def _key(source: Path, text: str) -> str:
    """A subset's cache key: the font, the characters and the code."""
    return digest(source.read_bytes(), text, _code_version())


def _subset(stem: str, source: Path, text: str, cache: ContentCache | None) -> bytes:
    """``source`` as a WOFF2 subset for ``text``, from ``cache`` when it holds it."""
    key = _key(source, text)
    data = cache.get(f"{stem}.woff2", key) if cache is not None else None
    if data is None:
        data = _woff2_subset(source, text)
        if cache is not None:
            cache.put(f"{stem}.woff2", key, data)
    return data


def subsets_aside(assets: Path, pages: Iterable[str], cache: ContentCache):
    """Start making, in a child process (``aside.Aside``), the subsets that the pages of
    these texts will need, into ``cache``: the build lays the PDF out meanwhile, and
    ``subset_fonts`` then reads them. None when the cache holds them all."""
    from ..engine.aside import Aside

    text = "".join(sorted(page_characters(pages)))
    pending = [(stem, str(source)) for stem, source in _faces(assets, _used(assets))
               if cache.get(f"{stem}.woff2", _key(source, text)) is None]
    return Aside("barorapport.publish.webfonts:subset_aside",
                 {"cache": str(cache.folder), "text": text, "faces": pending}) \
        if pending else None


def subset_aside(request: dict) -> None:
    """The child of ``subsets_aside``."""
    cache = ContentCache(Path(request["cache"]))
    for stem, source in request["faces"]:
        _subset(stem, Path(source), request["text"], cache)


def subset_fonts(web: Path, cache: ContentCache | None = None) -> list[Path]:
    """Replace the fonts that ``web/assets/*.css`` load by WOFF2 subsets; returns the subsets
    written. A subset of the same font for the same characters comes from ``cache`` (subsetting
    and compressing five faces takes seconds; a chapter edit rarely brings a new character)."""
    assets = web / "assets"
    stylesheets = sorted(assets.glob("*.css"))
    used = _used(assets)
    faces = _faces(assets, used)
    if not faces:
        return []
    text = "".join(sorted(_page_characters(web)))
    written = {}
    for stem, source in faces:
        target = assets / "fonts" / f"{stem}.woff2"
        write_atomically(target, _subset(stem, source, text, cache))
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
