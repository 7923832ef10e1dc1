"""A rendered chapter's HTML as Pandoc Markdown, for the Quarto project.

Input: the HTML fragment of one chapter. Output: Markdown holding the same texts, and the
tags that had to stay raw HTML. Paragraphs, headings, lists, links, emphasis, charts and
testimonies become Markdown, so every output format (HTML, DOCX, PDF, EPUB) shows them; any
other element (a table, a form) stays a raw HTML block shown in the HTML output only, and is
reported so that nothing is dropped silently.

Text is escaped so that Pandoc reads it back as it was: no emphasis from a ``*``, no curly
quote from a ``'``, no list from a paragraph that starts with ``1.``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape as escape_html
from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
INLINE = frozenset({"a", "abbr", "b", "bdi", "br", "cite", "code", "data", "dfn", "em", "i",
                    "img", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
                    "sup", "time", "u", "var", "wbr"})
CONTAINERS = frozenset({"div", "section", "article", "aside", "header", "footer", "main"})
_SPACES = re.compile(r"[ \t\n\r\f]+")
"""HTML's collapsible white space; no-break spaces (in figures, ``12,5 %``) are text."""
_ALWAYS_ESCAPED = re.compile(r"([\\`*_{}\[\]<>#+|~^$@'\"])|&(?=#?\w+;)|([.-])(?=[.-])")
_LINE_START = re.compile(r"^((?:\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)(?=[.)](?:\s|$))|(?=[:%=-]))")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """Just enough of an HTML tree: elements, text (entities decoded), no comments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {})
        self._open = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(node)
        if tag not in VOID:
            self._open.append(node)

    def handle_startendtag(self, tag, attrs):
        self._open[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data):
        self._open[-1].children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def escape_markdown(text: str) -> str:
    """``text`` with what Pandoc's Markdown would read as markup backslash-escaped."""
    return _ALWAYS_ESCAPED.sub(lambda match: "\\" + match.group(0), text)


def to_html(node: Node | str) -> str:
    """Serialise a node back to HTML (for the elements kept raw)."""
    if isinstance(node, str):
        return escape_html(node, quote=False)
    attrs = "".join(f' {name}="{escape_html(value)}"' for name, value in node.attrs.items())
    if node.tag in VOID:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{''.join(to_html(child) for child in node.children)}</{node.tag}>"


def attributes(attrs: dict[str, str], keep=("id", "class", "lang")) -> str:
    """Pandoc's ``{#id .class lang="fr"}`` for the attributes worth keeping; "" if none."""
    parts = []
    if attrs.get("id") and "id" in keep:
        parts.append(f"#{attrs['id']}")
    if "class" in keep:
        parts.extend(f".{name}" for name in attrs.get("class", "").split())
    parts.extend(f'{name}="{attrs[name]}"' for name in keep
                 if name not in ("id", "class") and attrs.get(name))
    return "{" + " ".join(parts) + "}" if parts else ""


@dataclass
class Converter:
    """Converts one chapter; ``raw`` collects the tags kept as raw HTML."""

    raw: list[str] = field(default_factory=list)

    def chapter(self, html: str) -> str:
        return self.blocks(parse_html(html).children)

    def blocks(self, nodes: list[Node | str]) -> str:
        out: list[str] = []
        pending: list[Node | str] = []  # inline content between block elements: a paragraph
        for node in nodes:
            if isinstance(node, str) or node.tag in INLINE:
                pending.append(node)
                continue
            out.append(self.paragraph(pending))
            pending = []
            out.append(self.block(node))
        out.append(self.paragraph(pending))
        return "\n\n".join(block for block in out if block)

    def block(self, node: Node) -> str:
        tag = node.tag
        if tag == "p":
            return self.paragraph(node.children)
        if re.fullmatch(r"h[1-6]", tag):
            text = self.inline_text(node.children)
            suffix = f" {attributes(node.attrs)}" if attributes(node.attrs) else ""
            return f"{'#' * int(tag[1])} {text}{suffix}"
        if tag in ("ul", "ol") and self._simple_list(node):
            return self.listing(node)
        if tag == "blockquote":
            return self.fenced(node.attrs, _prefix(self.blocks(node.children), "> "))
        if tag == "figure" and self._image_of(node) is not None:
            return self.figure(node)
        if tag in CONTAINERS:
            return self.fenced(node.attrs, self.blocks(node.children))
        if tag == "hr":
            return "* * *"
        self.raw.append(tag)
        return f"```{{=html}}\n{to_html(node)}\n```"

    @staticmethod
    def fenced(attrs: dict[str, str], body: str) -> str:
        """``body`` in a Pandoc div carrying the element's id, classes and language."""
        kept = attributes(attrs)
        return f"::: {kept}\n{body}\n:::" if kept else body

    def paragraph(self, nodes: list[Node | str]) -> str:
        text = self.inline_text(nodes)
        return "\n".join(_LINE_START.sub(r"\1\\", line, count=1) if _needs_start_escape(line)
                         else line for line in text.split("\n"))

    def inline_text(self, nodes: list[Node | str]) -> str:
        text = "".join(self.inline(node) for node in nodes)
        return "\n".join(line.strip(" ") for line in text.strip(" \n").split("\n"))

    def inline(self, node: Node | str) -> str:
        if isinstance(node, str):
            return escape_markdown(_SPACES.sub(" ", node))
        inner = "".join(self.inline(child) for child in node.children)
        tag = node.tag
        if tag == "br":
            return "\\\n"
        if tag in ("strong", "b"):
            return f"**{inner}**" if inner.strip() else inner
        if tag in ("em", "i", "cite"):
            return f"*{inner}*" if inner.strip() else inner
        if tag == "sup":
            return f"^{inner}^"
        if tag == "sub":
            return f"~{inner}~"
        if tag == "a" and node.attrs.get("href"):
            return f"[{inner}](<{node.attrs['href']}>)"
        if tag == "img":
            alt = escape_markdown(node.attrs.get("alt", ""))
            return f"![{alt}](<{node.attrs.get('src', '')}>)"
        kept = attributes(node.attrs)
        return f"[{inner}]{kept}" if kept else inner

    def listing(self, node: Node) -> str:
        items = [child for child in node.children if isinstance(child, Node)]
        lines = []
        for number, item in enumerate(items, start=1):
            marker = f"{number}." if node.tag == "ol" else "-"
            body = self.paragraph(item.children)
            lines.append(f"{marker} " + body.replace("\n", "\n" + " " * (len(marker) + 1)))
        return "\n".join(lines)

    @staticmethod
    def _simple_list(node: Node) -> bool:
        """Items holding only inline content; anything richer stays raw HTML."""
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    return False
            elif child.tag != "li" or any(isinstance(grand, Node) and grand.tag not in INLINE
                                          for grand in child.children):
                return False
        return True

    @staticmethod
    def _image_of(node: Node) -> Node | None:
        images = [child for child in _walk(node) if child.tag == "img"]
        return images[0] if len(images) == 1 else None

    def figure(self, node: Node) -> str:
        """A Quarto figure: the image, its caption, its alt text (``fig-alt``), its id."""
        image = self._image_of(node)
        captions = [child for child in node.children
                    if isinstance(child, Node) and child.tag == "figcaption"]
        # Caption parts laid out as blocks by a stylesheet (number, title, source) are kept
        # apart by a space, which is what a caption without that stylesheet needs.
        pieces = [self.inline_text([child]) for child in captions[0].children] if captions \
            else []
        caption = " ".join(piece for piece in pieces if piece).replace("\\\n", " ")
        parts = [f"#{node.attrs['id']}"] if node.attrs.get("id") else []
        parts.extend(f".{name}" for name in node.attrs.get("class", "").split())
        alt = image.attrs.get("alt", "")
        parts.append(f'fig-alt="{_quote_attribute(alt)}"')
        return f"![{caption}](<{image.attrs.get('src', '')}>){{{' '.join(parts)}}}"


def _needs_start_escape(line: str) -> bool:
    return bool(_LINE_START.match(line)) and not line.startswith(("\\", "**", "*", "["))


def _prefix(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else prefix.rstrip() for line in text.split("\n"))


def _walk(node: Node):
    for child in node.children:
        if isinstance(child, Node):
            yield child
            yield from _walk(child)


def _quote_attribute(value: str) -> str:
    """A value for a Pandoc attribute in double quotes: backslash and quote escaped."""
    return value.replace("\\", "\\\\").replace('"', '\\"')


def html_to_markdown(html: str) -> tuple[str, tuple[str, ...]]:
    """The chapter's Markdown, and the tags kept as raw HTML (shown in HTML output only)."""
    converter = Converter()
    markdown = converter.chapter(html)
    return markdown, tuple(converter.raw)
