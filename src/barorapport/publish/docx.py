"""The Word edition: the print edition as an editable DOCX, without Quarto.

Input: the print HTML (cover, contents, chapters, as the print layout renders them), the
print stylesheet, the charts as PNG and the assets folder. Output:
``<slug>-<edition>.docx``, written with python-docx:

- headings are Word's ``Heading 1``… (chapters ``Heading 1``), so Word's navigation pane and
  its table of contents (a field, filled in) work;
- every other paragraph and run takes a Word style named after the theme's class (a
  ``<p class="notice">`` is in style ``notice``, a testimony's paragraphs in ``testimony``,
  based on Word's ``Quote``; captions in Word's ``Caption``): a communication team restyles
  a kind of text once, in Word's style pane or in a ``reference.docx`` put in the assets
  folder, whose styles and page setup every build then takes;
- tables are Word tables with their header rows marked (repeated on every page), charts
  PNG images at 300 dpi with their alt text, ``float: footnote`` elements Word footnotes;
- what the print stylesheet hides is left out, what it generates (``::before`` and
  ``::after`` strings, such as guillemets) is written, its page breaks kept.

An element with no Word form is a warning naming it, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import tinyhtml5
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .docx_css import PrintStyles, Rendering, TextLook, read_print_css
from .docx_ooxml import (
    Footnotes,
    add_contents_field,
    add_hyperlink,
    left_border,
    repeat_as_header,
    reproducible_zip,
    restart_numbering,
    set_alt_text,
    use_numbering,
)

logger = logging.getLogger("barorapport")

REFERENCE_DOCX = "reference.docx"
"""A Word file in the assets folder whose styles and page setup the Word edition takes."""
CHART_DPI = 300
_CHARACTER_EM = 0.55
"""A character's mean width, in ems (Lato's and most sans serif fonts' is near 0.5)."""
_CELL_PADDING = 3
"""Characters of a cell's left and right margins (Word's 1.9 mm each)."""
_SPACES = re.compile(r"[ \t\n\r\f]+")
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em",
                     "i", "img", "kbd", "mark", "q", "s", "samp", "small", "span", "strong",
                     "sub", "sup", "time", "u", "var", "wbr", "del", "ins", "picture",
                     "source"})
_CONTAINERS = frozenset({"body", "div", "section", "article", "main", "header", "footer",
                         "aside", "details", "nav", "figure", "html"})
_SILENT = frozenset({"head", "script", "style", "template", "summary", "meta", "link",
                     "title", "colgroup", "col"})
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
BUILT_IN_LOOKS = {"Normal": ("html", "body", "p"), "Heading 1": ("h1",),
                  "Heading 2": ("h2",), "Heading 3": ("h3",), "Heading 4": ("h4",),
                  "Caption": ("caption", "figcaption"), "Quote": ("blockquote",)}
"""Word's own styles and the CSS selectors whose look they take in the built-in theme."""


@dataclass(frozen=True)
class WordImage:
    """A picture for the Word edition: PNG (or JPEG) bytes and its printed width."""

    data: bytes
    width_mm: float


@dataclass
class _Run:
    """The formatting of the text being written."""

    bold: bool = False
    italic: bool = False
    superscript: bool = False
    subscript: bool = False
    style: str | None = None
    link: object = None


@dataclass
class _Writer:
    document: object
    css: PrintStyles
    renderings: dict[int, Rendering]
    image: Callable[[str], WordImage | None]
    where: str
    text_width_mm: float
    ancestors: dict[int, tuple[str, ...]] = field(default_factory=dict)
    footnotes: Footnotes = None
    break_next: bool = False
    skipped: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def __post_init__(self):
        self.footnotes = Footnotes(self.document)
        self.names = {style.name for style in self.document.styles}

    # Styles: Word's own, or named after the theme's class and made on first use.
    def style(self, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, based_on: str | None = None,
              looks_like: tuple[str, ...] = (), element=None, box=None):
        """The Word style ``name``, made on first use with the look of the CSS rules of
        ``looks_like`` (default ``.name``), and of ``element`` as the print edition lays it
        out when given (its descendant rules and what it inherits; ``box``: the element
        whose left rule and indent it takes)."""
        styles = self.document.styles
        if name in self.names:
            return styles[name]
        style = styles.add_style(name, kind)
        self.names.add(name)
        base = based_on or ("Normal" if kind == WD_STYLE_TYPE.PARAGRAPH
                            else "Default Paragraph Font" if kind == WD_STYLE_TYPE.CHARACTER
                            else None)
        if base and base in self.names:
            style.base_style = styles[base]
        if kind != WD_STYLE_TYPE.TABLE:
            look = self.css.look(*(looks_like or (f".{name}",)))
            if element is not None or box is not None:
                laid_out = self.css.element_look(
                    self.rendering(element) if element is not None else _NO_RENDERING,
                    self.rendering(box) if box is not None else None)
                look = replace(look, **{name: value for name, value in vars(laid_out).items()
                                        if value is not None})
            apply_look(style, look)
        style.hidden = False
        style.quick_style = kind != WD_STYLE_TYPE.TABLE
        return style

    def paragraph(self, style: str, based_on: str | None = None, element=None) -> Paragraph:
        paragraph = self.document.add_paragraph(style=self.style(style, based_on=based_on,
                                                                 element=element))
        if self.break_next:
            paragraph.paragraph_format.page_break_before = True
            self.break_next = False
        return paragraph

    # Blocks.
    def blocks(self, element, style: str = "Normal", based_on: str | None = None,
               list_state: dict | None = None) -> None:
        """The children of ``element``: inline content between blocks is a paragraph of
        ``style``."""
        pending: list = []
        if element.text and element.text.strip():
            pending.append(element.text)
        for child in element:
            rendering = self.rendering(child)
            if not isinstance(child.tag, str) or rendering.hidden:
                if child.tail and child.tail.strip():
                    pending.append(child.tail)
                continue
            if child.tag in _INLINE:
                pending.append(child)
            else:
                self.inline_paragraph(pending, style, based_on)
                pending = []
                self.block(child, style, based_on)
            if child.tail and child.tail.strip():
                pending.append(child.tail)
        self.inline_paragraph(pending, style, based_on)

    def inline_paragraph(self, nodes: list, style: str, based_on: str | None) -> None:
        if not nodes:
            return
        paragraph = self.paragraph(style, based_on)
        for node in nodes:
            if isinstance(node, str):
                self.text(paragraph, node, _Run())
            else:
                self.inline(paragraph, node, _Run())
        _trim(paragraph)

    def block(self, element, style: str = "Normal", based_on: str | None = None) -> None:
        rendering = self.rendering(element)
        if rendering.break_before:
            self.break_next = True
        tag = element.tag
        classes = element.get("class", "").split()
        if re.fullmatch(r"h[1-6]", tag):
            self.write(element, self.heading_style(element), None)
        elif tag == "p":
            if classes:
                self.write(element, classes[0], style)
            else:
                self.write(element, style, based_on)
        elif tag == "blockquote":
            name = classes[0] if classes else "Quote"
            # The quotation's paragraphs look as the print edition lays them out, with
            # the blockquote's rule down their left.
            first = next((child for child in element if child.tag == "p"), None)
            if name != "Quote":
                self.style(name, based_on="Quote", element=first, box=element)
            self.blocks(element, name, "Quote")
        elif tag in ("ul", "ol"):
            self.listing(element, 1)
        elif tag == "table":
            self.table(element)
        elif tag == "figcaption":
            self.write(element, "Caption", None).paragraph_format.keep_with_next = True
        elif tag == "figure":
            self.blocks(element, classes[0] if classes else "figure", "Normal")
        elif tag == "nav" and ("toc" in classes or element.get("role") == "doc-toc"):
            self.contents(element)
        elif tag in _CONTAINERS:
            self.blocks(element, style, based_on)
        elif tag == "hr":
            self.paragraph(style, based_on)
        elif tag == "pre":
            self.write(element, classes[0] if classes else "pre", None, keep_spaces=True)
        elif tag in _SILENT:
            pass
        else:
            self.skipped.append(tag)
        if rendering.break_after:
            self.break_next = True

    def heading_style(self, element) -> str:
        level = int(element.tag[1])
        if self.inside(element, "nav"):
            return "TOC Heading"
        return f"Heading {level}"

    def inside(self, element, tag: str) -> bool:
        return tag in self.ancestors.get(id(element), ())

    def write(self, element, style: str, based_on: str | None, keep_spaces=False) -> Paragraph:
        paragraph = self.paragraph(style, based_on, element)
        self.content(paragraph, element, _Run(), keep_spaces)
        if not keep_spaces:
            _trim(paragraph)
        return paragraph

    def content(self, paragraph: Paragraph, element, run: _Run, keep_spaces=False) -> None:
        """``element``'s generated text, text and children into ``paragraph``."""
        rendering = self.rendering(element)
        if rendering.before:
            self.text(paragraph, rendering.before, run, keep_spaces)
        if element.text:
            self.text(paragraph, element.text, run, keep_spaces)
        for child in element:
            if isinstance(child.tag, str) and not self.rendering(child).hidden:
                if child.tag in _INLINE or child.tag == "p":
                    self.inline(paragraph, child, run)
                else:
                    self.skipped.append(child.tag)
            if child.tail:
                self.text(paragraph, child.tail, run, keep_spaces)
        if rendering.after:
            self.text(paragraph, rendering.after, run, keep_spaces)

    def listing(self, element, level: int) -> None:
        numbered = element.tag == "ol"
        name = ("List Number" if numbered else "List Bullet") + (f" {level}" if level > 1
                                                                else "")
        identifier = None
        for item in element:
            if not isinstance(item.tag, str) or item.tag != "li" or \
                    self.rendering(item).hidden:
                continue
            inline = [child for child in item if isinstance(child.tag, str)
                      and child.tag not in ("ul", "ol")]
            paragraph = self.paragraph(name)
            if numbered:
                if identifier is None:
                    identifier = restart_numbering(self.document, paragraph, paragraph.style)
                if identifier is not None:
                    use_numbering(paragraph, identifier)
            self.text(paragraph, self.rendering(item).before, _Run())
            if item.text:
                self.text(paragraph, item.text, _Run())
            for child in item:
                if child in inline:
                    self.inline(paragraph, child, _Run())
                elif isinstance(child.tag, str) and not self.rendering(child).hidden:
                    self.listing(child, min(level + 1, 3))
                if child.tail:
                    self.text(paragraph, child.tail, _Run())
            _trim(paragraph)

    def contents(self, element) -> None:
        """The table of contents: its heading, then Word's field, filled with the entries."""
        for child in element:
            if isinstance(child.tag, str) and re.fullmatch(r"h[1-6]", child.tag):
                # Not based on a heading: the contents' own title is not in the contents.
                self.style("TOC Heading", looks_like=("h1", f".{child.get('class', '')}"))
                self.write(child, "TOC Heading", None)
        entries = [" ".join("".join(item.itertext()).split())
                   for item in element.iter("li")]
        self.style("TOC 1")
        paragraph_count = len(self.document.paragraphs)
        add_contents_field(self.document, entries, "TOC 1")
        if self.break_next:
            self.document.paragraphs[paragraph_count].paragraph_format.page_break_before = True
            self.break_next = False

    # Tables.
    def table(self, element) -> None:
        caption = element.find("caption")
        if caption is not None and not self.rendering(caption).hidden:
            self.write(caption, "Caption", None).paragraph_format.keep_with_next = True
        rows, header_rows = [], 0
        for part in ("thead", "tbody", "tfoot", None):
            found = element.findall(f"{part}/tr") if part else element.findall("tr")
            rows.extend(found)
            if part == "thead":
                header_rows = len(found)
        rows = [row for row in rows if not self.rendering(row).hidden]
        if not rows:
            return
        if not header_rows and all(cell.tag == "th" for cell in rows[0]
                                   if isinstance(cell.tag, str)):
            header_rows = 1
        placed = _grid_places(rows)
        width = max((column + span for _, _, column, span, _ in placed), default=1)
        classes = element.get("class", "").split()
        table = self.document.add_table(rows=len(rows), cols=width)
        style = self.style(classes[0], WD_STYLE_TYPE.TABLE, "Table Grid") if classes \
            else self.document.styles["Table Grid"] if "Table Grid" in self.names else None
        if style is not None:
            table.style = style
        for r in range(min(header_rows, len(rows))):
            repeat_as_header(table.rows[r])
        least, most = [1] * width, [1] * width
        for cell, r, column, span, down in placed:
            target = table.cell(r, column)
            if span > 1 or down > 1:  # a cell spanning columns or rows: merged in Word
                target = target.merge(table.cell(r + down - 1, column + span - 1))
            else:
                text = " ".join("".join(cell.itertext()).split())
                unbroken = self.rendering(cell).text.get("white-space")
                longest = len(text) if unbroken and _ident_of(unbroken) == "nowrap" \
                    else max(map(len, text.split()), default=0)
                least[column] = max(least[column], longest)
                most[column] = max(most[column], min(len(text), 40), longest)
            self.cell(target, cell, header=r < header_rows)
        self.widths(table, least, most, self.css.element_look(
            self.rendering(placed[0][0])).size_pt if placed else None)

    def widths(self, table, least: list[int], most: list[int], size_pt: float | None
               ) -> None:
        """Columns in characters: each at least its longest word (its whole text when the
        stylesheet keeps it on one line), then the page's remaining width shared as the
        columns' texts are long (up to 40 characters), as a browser lays a table out.
        Word and LibreOffice otherwise give every column the same width."""
        table.autofit = False
        character_mm = (size_pt or 10.0) * _CHARACTER_EM * 25.4 / 72
        available = self.text_width_mm / character_mm
        least = [value + _CELL_PADDING for value in least]
        most = [value + _CELL_PADDING for value in most]
        if sum(most) <= available:
            chars = [value * available / sum(most) for value in most]
        elif sum(least) <= available:
            spare, wanted = available - sum(least), sum(most) - sum(least)
            chars = [low + (high - low) * spare / wanted for low, high in zip(
                least, most, strict=True)]
        else:
            chars = [value * available / sum(least) for value in least]
        for column, length in zip(table.columns, chars, strict=True):
            width = Mm(length * character_mm)
            column.width = width
            for cell in column.cells:
                cell.width = width

    def cell(self, target, element, header: bool) -> None:
        """A cell's text: a header row's in ``Table Heading``, another's in the style of its
        class, else ``Table Row Heading`` (a ``th``) or ``Table Text``; each style looks as
        the print edition lays out its first cell, without the space under a paragraph (a
        cell has its own margins). A header cell keeps its own alignment (a number's
        heading is aligned with the numbers)."""
        classes = element.get("class", "").split()
        name = "Table Heading" if header else classes[0] if classes else \
            "Table Row Heading" if element.tag == "th" else "Table Text"
        made = name not in self.names
        style = self.style(name, element=element)
        if made:
            style.paragraph_format.space_after = Pt(0)
        paragraph = target.paragraphs[0]
        paragraph.style = style
        align = self.css.element_look(self.rendering(element)).align
        if header and align and _ALIGN[align] != style.paragraph_format.alignment:
            paragraph.paragraph_format.alignment = _ALIGN[align]
        self.content(paragraph, element, _Run(bold=element.tag == "th"))
        _trim(paragraph)

    # Inline content.
    def inline(self, paragraph: Paragraph, element, run: _Run) -> None:
        rendering = self.rendering(element)
        if rendering.hidden:
            return
        if rendering.footnote:
            note = self.footnotes.add(paragraph, self.style("Footnote Text").name,
                                      self.style("Footnote Reference",
                                                 WD_STYLE_TYPE.CHARACTER).name)
            self.content(note, element, _Run())
            _trim(note)
            return
        tag = element.tag
        if tag == "br":
            self.new_run(paragraph, run).add_break()
            return
        if tag == "source":  # a <picture>'s other media (the phone's chart): its <img> is
            return           # the print edition's
        if rendering.block and tag != "img" and paragraph.text.strip():
            _trim(paragraph)  # a line of its own, as the print edition lays it out
            self.new_run(paragraph, run).add_break()
        if tag == "img":
            self.picture(paragraph, element)
            return
        if tag == "p":  # a paragraph inside a cell or a list item: a line break between
            if paragraph.text:
                self.new_run(paragraph, run).add_break()
            self.content(paragraph, element, run)
            return
        inner = _Run(**vars(run))
        if tag in ("strong", "b"):
            inner.bold = True
        elif tag in ("em", "i", "cite", "var", "dfn"):
            inner.italic = True
        elif tag == "sup":
            inner.superscript = True
        elif tag == "sub":
            inner.subscript = True
        if tag == "a" and element.get("href", "").startswith(("http://", "https://",
                                                              "mailto:")):
            inner.link = add_hyperlink(paragraph, element.get("href"), "Hyperlink")
            inner.style = self.style("Hyperlink", WD_STYLE_TYPE.CHARACTER).name
        classes = element.get("class", "").split()
        if classes and tag in ("span", "q", "code", "abbr", "small", "mark", "time", "data"):
            inner.style = self.style(classes[0], WD_STYLE_TYPE.CHARACTER).name
        elif tag == "code":
            inner.style = self.style("code", WD_STYLE_TYPE.CHARACTER).name
        self.content(paragraph, element, inner)

    def text(self, paragraph: Paragraph, text: str, run: _Run, keep_spaces=False) -> None:
        if not text:
            return
        if not keep_spaces:
            text = _SPACES.sub(" ", text)
            if not paragraph.text and not paragraph.runs:
                text = text.lstrip(" ")
            elif paragraph.text.endswith(" "):
                text = text.lstrip(" ")
        if text:
            self.new_run(paragraph, run).text = text

    def new_run(self, paragraph: Paragraph, run: _Run) -> Run:
        if run.link is not None:
            element = OxmlElement("w:r")
            run.link.append(element)
            made = Run(element, paragraph)
        else:
            made = paragraph.add_run()
        if run.style:
            made.style = run.style
        made.bold = run.bold or None
        made.italic = run.italic or None
        if run.superscript:
            made.font.superscript = True
        if run.subscript:
            made.font.subscript = True
        return made

    def picture(self, paragraph: Paragraph, element) -> None:
        source = element.get("src", "")
        found = self.image(source)
        if found is None:
            logger.warning("%s: image %s has no PNG or JPEG form: left out of the Word "
                           "edition", self.where, source)
            return
        width = min(found.width_mm, self.text_width_mm)
        shape = self.new_run(paragraph, _Run()).add_picture(io.BytesIO(found.data),
                                                            width=Mm(width))
        set_alt_text(shape, element.get("alt", ""))

    def rendering(self, element) -> Rendering:
        return self.renderings.get(id(element), _NO_RENDERING)


_NO_RENDERING = Rendering()


def apply_look(style, look: TextLook) -> None:
    """Set on a Word style what the CSS rules say of its look."""
    font = style.font
    if look.font:
        font.name = look.font
    if look.size_pt:
        font.size = Pt(look.size_pt)
    if look.colour:
        font.color.rgb = RGBColor.from_string(look.colour.upper())
    if look.bold is not None:
        font.bold = look.bold
    if look.italic is not None:
        font.italic = look.italic
    if look.align and hasattr(style, "paragraph_format"):
        style.paragraph_format.alignment = _ALIGN[look.align]
    if look.indent_pt is not None and hasattr(style, "paragraph_format"):
        style.paragraph_format.left_indent = Pt(look.indent_pt)
    if look.border_left is not None and hasattr(style, "paragraph_format"):
        left_border(style, look.border_left.width_pt, look.border_left.colour,
                    look.border_left.space_pt)


def _trim(paragraph: Paragraph) -> None:
    """No space at the end of a paragraph (HTML collapses it away)."""
    for element in reversed(paragraph._p.xpath(".//w:r")):  # links' runs included
        run = Run(element, paragraph)
        if not run.text.endswith(" "):
            return
        run.text = run.text.rstrip(" ")
        if run.text:
            return
        element.getparent().remove(element)


def _grid_places(rows: list) -> list[tuple[object, int, int, int, int]]:
    """Each cell of the HTML ``rows`` with its row, its column in the table's grid, and how
    many columns and rows it spans: a cell goes to the first column a cell spanning rows
    above does not hold, as HTML lays tables out; a row span past the last row stops
    there."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while (r, column) in taken:
                column += 1
            span = max(1, _span(cell.get("colspan")))
            down = max(1, min(_span(cell.get("rowspan")) or len(rows) - r, len(rows) - r))
            taken.update((r + below, column + right) for below in range(down)
                         for right in range(span))
            placed.append((cell, r, column, span, down))
            column += span
    return placed


def _ident_of(tokens: list) -> str:
    return next((token.lower_value for token in tokens if token.type == "ident"), "")


def _span(value: str | None) -> int:
    """A ``colspan`` or ``rowspan`` (1 when absent or unreadable; 0 for rowspan="0": to the
    end of the table)."""
    try:
        return int(value) if value not in (None, "") else 1
    except ValueError:
        return 1


def png_width_mm(data: bytes, dpi: int = CHART_DPI) -> float:
    """The printed width of a PNG drawn at ``dpi``, from its header."""
    width = struct.unpack(">I", data[16:20])[0]
    return width / dpi * 25.4


def write_docx(path: Path, print_html: str, *, print_css: str,
               image: Callable[[str], WordImage | None], reference: Path | None,
               metadata: dict, published: dt.date | None, where: str) -> Path:
    """The Word edition of ``print_html`` at ``path``; ``image`` gives a picture by its
    ``src`` (None: it has none); ``reference`` is a Word file whose styles and page setup
    are taken (the built-in theme's look comes from ``print_css`` otherwise)."""
    css = read_print_css(print_css)
    document = Document(str(reference)) if reference is not None else Document()
    if reference is not None:
        _clear_body(document)
    else:
        _theme_page(document, css)
        for name, selectors in BUILT_IN_LOOKS.items():
            if name in [style.name for style in document.styles]:
                apply_look(document.styles[name], css.look(*selectors))
    section = document.sections[0]
    text_width_mm = (section.page_width - section.left_margin - section.right_margin) / 36000
    root = tinyhtml5.parse(print_html, namespace_html_elements=False)
    writer = _Writer(document, css, css.renderings(root), image, where, text_width_mm,
                     _ancestors(root))
    body = root.find("body")
    writer.blocks(body if body is not None else root)
    for tag in sorted(set(writer.skipped)):
        logger.warning("%s: <%s> has no Word form: left out of the Word edition", where, tag)
    _properties(document, metadata, published)
    document.save(str(path))
    stamp = dt.datetime.combine(published, dt.time()) if published else dt.datetime(1980, 1, 1)
    reproducible_zip(path, stamp)
    return path


def _ancestors(root) -> dict[int, tuple[str, ...]]:
    found: dict[int, tuple[str, ...]] = {}

    def walk(element, above: tuple[str, ...]):
        found[id(element)] = above
        for child in element:
            if isinstance(child.tag, str):
                walk(child, (*above, element.tag))

    walk(root, ())
    return found


def _clear_body(document) -> None:
    """A reference document's own text is left out; its styles and sections stay."""
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue
        body.remove(child)


def _theme_page(document, css: PrintStyles) -> None:
    section = document.sections[0]
    page = css.page
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    top, right, bottom, left = page.margins_mm
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)


def _properties(document, metadata: dict, published: dt.date | None) -> None:
    properties = document.core_properties
    properties.title = metadata.get("title") or ""
    properties.author = ", ".join(metadata.get("authors") or [])
    properties.subject = metadata.get("subject") or ""
    properties.keywords = ", ".join(metadata.get("keywords") or [])
    properties.language = metadata.get("lang") or ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.revision = 1
    stamp = dt.datetime.combine(published, dt.time()) if published else dt.datetime(1980, 1, 1)
    properties.created = properties.modified = stamp
    properties.last_printed = stamp
    _set_language(document, metadata.get("lang"))


def _set_language(document, lang: str | None) -> None:
    """The document's language for Word's spelling and hyphenation: ``Normal``'s."""
    if not lang:
        return
    from docx.oxml.ns import qn

    properties = document.styles["Normal"].element.get_or_add_rPr()
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), lang)
    properties.append(language)
