"""Figures that float: a chart too tall for what is left of a page goes to the next page, and
the text after it flows into the gap, as a statistics office's layout does (WeasyPrint has no
page floats: ``float: top`` is CSS it does not implement).

Input: the print HTML and WeasyPrint's first layout of it. Output: the HTML with each such
figure moved after the paragraphs (lists, quotations) that follow it and fit the gap, or None
when no figure floats; the PDF is then laid out again from it. A figure never moves past a
heading, a lead-in, a table, another figure or the end of its chapter, so it stays in its
section and keeps its number; what introduces it (a heading, a lead-in kept with it) already
went to the next page with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARK = "data-flow"
"""The attribute numbering a chapter's blocks for the layout's boxes to name them."""
_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<[^>]*>", re.S)
_NAME = re.compile(r"</?\s*([A-Za-z][\w:-]*)")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
FLOATING = ("chart", "crosstab")
"""The classes of a ``<figure>`` that floats."""
SAFETY_PX = 12
"""Room kept under the text that flows into a gap (the orphans' and widows' rules)."""


@dataclass(frozen=True)
class Block:
    """A block of a chapter: its place in the HTML, its chapter, what it is."""

    start: int
    end: int
    chapter: int
    tag: str
    classes: tuple[str, ...]

    @property
    def floats(self) -> bool:
        return self.tag == "figure" and any(name in self.classes for name in FLOATING)

    @property
    def flows(self) -> bool:
        """Text that may flow before a figure: a paragraph (not a lead-in, which stays with
        what it opens), a list, a quotation."""
        if self.tag == "p":
            return "lead-in" not in self.classes
        return self.tag in ("ul", "ol", "blockquote") or (
            self.tag == "figure" and "testimony" in self.classes)


def mark_blocks(html: str) -> tuple[str, list[Block]]:
    """``html`` with ``data-flow="<n>"`` on each block directly inside a chapter
    (``<section class="chapter">``), and those blocks' places in the marked HTML."""
    out: list[str] = []
    blocks: list[dict] = []
    stack: list[tuple[str, int | None]] = []  # open elements: name, block index (if one)
    chapter_depth = None
    chapter = -1
    position = 0
    length = 0
    for match in _TOKEN.finditer(html):
        text = html[position:match.start()]
        out.append(text)
        length += len(text)
        tag = match.group()
        position = match.end()
        found = _NAME.match(tag)
        if not found or tag.startswith("<!"):
            out.append(tag)
            length += len(tag)
            continue
        name = found[1].lower()
        if tag.startswith("</"):
            while stack:
                open_name, index = stack.pop()
                if index is not None:
                    blocks[index]["end"] = length + len(tag)
                if open_name == name:
                    break
            if chapter_depth is not None and len(stack) < chapter_depth:
                chapter_depth = None
            out.append(tag)
            length += len(tag)
            continue
        index = None
        if chapter_depth is not None and len(stack) == chapter_depth:
            index = len(blocks)
            classes = re.search(r"""\sclass=["']([^"']*)["']""", tag)
            blocks.append({"start": length, "end": None, "chapter": chapter, "tag": name,
                           "classes": tuple(classes[1].split()) if classes else ()})
            tag = f'{tag[:-1].rstrip("/")} {MARK}="{index}">' if not tag.endswith("/>") \
                else f'{tag[:-2]} {MARK}="{index}"/>'
        self_closing = tag.endswith("/>") or name in _VOID
        if name == "section" and re.search(r"""\sclass=["'][^"']*\bchapter\b""", tag):
            chapter += 1
            chapter_depth = len(stack) + 1
        if not self_closing:
            stack.append((name, index))
        elif index is not None:
            blocks[index]["end"] = length + len(tag)
        out.append(tag)
        length += len(tag)
    out.append(html[position:])
    return "".join(out), [Block(**{**block, "end": block["end"] or block["start"]})
                          for block in blocks]


def _laid_out(document) -> tuple[list[dict[int, list]], list[tuple[float, float]]]:
    """Per page, each marked block's boxes (top, height); per page, its content area's top
    and bottom."""
    pages, areas = [], []
    for page in document.pages:
        box = page._page_box
        top = box.content_box_y()
        areas.append((top, top + box.height))
        found: dict[int, list] = {}
        for child in box.descendants():
            element = getattr(child, "element", None)
            if element is None or child.__class__.__name__ != "BlockBox":
                continue
            number = element.get(MARK)
            if number is not None and getattr(child, "element_tag", None) == element.tag:
                found.setdefault(int(number), []).append(
                    (child.position_y, child.margin_height()))
        pages.append(found)
    return pages, areas


def floated(html: str, blocks: list[Block], document) -> str | None:
    """The HTML with each figure pushed to the next page moved after the text that fits the
    gap it left; None when none moves."""
    pages, areas = _laid_out(document)
    heights: dict[int, float] = {}
    first_page: dict[int, int] = {}
    for number, found in enumerate(pages):
        for index, boxes in found.items():
            heights[index] = heights.get(index, 0.0) + sum(height for _, height in boxes)
            first_page.setdefault(index, number)
    moves = []
    for number in range(len(pages) - 1):
        here, following = pages[number], pages[number + 1]
        if not here or not following:
            continue
        bottom = max(y + height for boxes in here.values() for y, height in boxes)
        gap = areas[number][1] - bottom - SAFETY_PX
        first = min(following, key=lambda index: min(y for y, _ in following[index]))
        figure = blocks[first]
        if not figure.floats or first_page.get(first) != number + 1 or first - 1 not in here:
            continue  # not a figure, or one that opens its chapter or page for another reason
        taken = None
        for index in range(first + 1, len(blocks)):
            block = blocks[index]
            if block.chapter != figure.chapter or not block.flows \
                    or first_page.get(index) != number + 1 or heights.get(index, 0) > gap:
                break
            gap -= heights[index]
            taken = index
        if taken is not None:
            moves.append((first, taken))
    if not moves:
        return None
    for first, taken in sorted(moves, reverse=True):  # from the end: places stay valid
        start, text_start, text_end = blocks[first].start, blocks[first + 1].start, \
            blocks[taken].end
        figure = html[start:text_start].rstrip()
        html = html[:start] + html[text_start:text_end] + "\n" + figure + html[text_end:]
    return html
