"""Section anchors and the on-page contents of a web page.

Input: a chapter's HTML. Output (template filters, used by the web layout): the same HTML
with an ``id`` on every ``<h2>`` and ``<h3>`` that has none (a slug of its text, unique in
the page) and a visible ``#`` link to it (``with_anchors``); and the list of those sections
(``sections``), which the layout shows as "Sur cette page" when a chapter has enough of them.
The print layout gives the same ids without the links, prefixed by the chapter's id so that
they stay unique in the whole document (``with_ids``), for its contents' page numbers.
"""

from __future__ import annotations

import html
import re
import unicodedata

from markupsafe import Markup

_HEADING = re.compile(r"<h([23])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
_ID = re.compile(r"""\sid=(["'])(.*?)\1""")
_TAGS = re.compile(r"<[^>]+>")


def slug(text: str) -> str:
    """``Qui a répondu ?`` → ``qui-a-repondu``."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(character for character in plain if not unicodedata.combining(character))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "section"


def _walk(markup: str, prefix: str = ""):
    """Each heading: its match, level, id (given or made) and text."""
    used: set[str] = set(re.findall(r"""\sid=["']([^"']+)["']""", markup))
    for match in _HEADING.finditer(markup):
        text = html.unescape(_TAGS.sub("", match[3])).strip()
        given = _ID.search(match[2])
        if given:
            yield match, int(match[1]), given[2], text, False
            continue
        base = candidate = f"{prefix}section-{slug(text)}"
        number = 2
        while candidate in used:
            candidate, number = f"{base}-{number}", number + 1
        used.add(candidate)
        yield match, int(match[1]), candidate, text, True


def with_anchors(markup) -> Markup:
    """``markup`` with an id and a ``#`` link on each ``<h2>`` and ``<h3>``."""
    source = str(markup)
    out, position = [], 0
    for match, level, anchor, _text, made in _walk(source):
        attributes = match[2] + (f' id="{anchor}"' if made else "")
        link = (f' <a class="heading-anchor" href="#{anchor}">#<span class="visually-hidden">'
                " Lien vers cette section</span></a>")
        out += [source[position:match.start()],
                f"<h{level}{attributes}>{match[3]}{link}</h{level}>"]
        position = match.end()
    out.append(source[position:])
    return Markup("".join(out))


def with_ids(markup, prefix: str = "") -> Markup:
    """``markup`` with an id (``<prefix>section-<slug>``) on each ``<h2>`` and ``<h3>`` that
    has none, and nothing else: the print edition's anchors."""
    source = str(markup)
    out, position = [], 0
    for match, level, anchor, _text, made in _walk(source, prefix):
        if made:
            out += [source[position:match.start()],
                    f'<h{level}{match[2]} id="{anchor}">{match[3]}</h{level}>']
            position = match.end()
    out.append(source[position:])
    return Markup("".join(out))


def sections(markup) -> list[dict]:
    """The ``<h2>`` and ``<h3>`` of ``markup`` as (level, id, text), ids as ``with_anchors``
    gives them (or as ``with_ids`` gave them)."""
    return [{"level": level, "id": anchor, "text": text}
            for _match, level, anchor, text, _made in _walk(str(markup))]


OUTLINE_FILTERS = {"with_anchors": with_anchors, "with_ids": with_ids, "sections": sections}
