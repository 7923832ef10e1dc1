"""What the print stylesheet says that the Word edition follows.

Input: the print edition's stylesheet (``print.css``, the theme's or the project's) and the
print HTML's tree. Output, per element: whether the print edition hides it (``display:
none``), the text it generates before and after it (``::before``/``::after`` strings, such
as a testimony's guillemets), whether a page break comes before or after it, whether it is
a footnote (``float: footnote``); and, per Word style, the font, size, colour, weight,
slant and alignment of the CSS rules that style it. The Word edition so shows what the
print edition shows, and looks like it, from the one stylesheet a project already edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cssselect2
import tinycss2

_NAMED_COLOURS = {"black": "000000", "white": "ffffff"}
_LENGTHS = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}


@dataclass
class Rendering:
    """What the print stylesheet does to one element."""

    hidden: bool = False
    before: str = ""
    after: str = ""
    break_before: bool = False
    break_after: bool = False
    footnote: bool = False
    block: bool = False
    """An inline element the stylesheet lays out as a block (a caption's source line)."""
    text: dict = field(default_factory=dict)
    """The text declarations that apply to the element (name to value tokens), cascaded
    (the most specific rule wins, then the later one) and inherited from its ancestors
    below ``body`` (what ``body`` and ``html`` set is the ``Normal`` style's)."""
    painted: bool = False
    """The element or an ancestor has a background of its own (a cover): its text colour
    is for that background, which the Word edition does not paint."""
    box: dict = field(default_factory=dict)
    """The element's own box declarations (``border-left``, ``padding-left``,
    ``margin-left``): not inherited."""


_TEXT = ("font-family", "font-size", "color", "font-weight", "font-style", "text-align",
         "white-space")
"""The text properties the Word edition takes from CSS (all inherited in CSS)."""
_BOX = ("border-left", "border-left-width", "border-left-style", "border-left-color",
        "padding-left", "margin-left", "padding", "margin")
_ROOTS = ("html", "body")


@dataclass(frozen=True)
class LeftBorder:
    """A rule down the left of a paragraph (a testimony's), from ``border-left``."""

    width_pt: float
    colour: str | None
    """Six hexadecimal digits; None: the text's colour."""
    space_pt: float = 0.0
    """The padding between the rule and the text."""


@dataclass(frozen=True)
class TextLook:
    """A Word style's look, from the CSS rules of its selector; None: not set."""

    font: str | None = None
    size_pt: float | None = None
    colour: str | None = None
    """Six hexadecimal digits."""
    bold: bool | None = None
    italic: bool | None = None
    align: str | None = None
    """``left``, ``right``, ``center`` or ``justify``."""
    border_left: LeftBorder | None = None
    indent_pt: float | None = None
    """The left indent of the text (the box's margin, its border and padding)."""


@dataclass
class PageSetup:
    width_mm: float = 210.0
    height_mm: float = 297.0
    margins_mm: tuple[float, float, float, float] = (20.0, 20.0, 20.0, 20.0)
    """Top, right, bottom, left."""


@dataclass
class PrintStyles:
    """The print stylesheet, parsed once."""

    matcher: cssselect2.Matcher = field(default_factory=cssselect2.Matcher)
    rules: list[tuple[str, dict[str, list]]] = field(default_factory=list)
    """Each selector (as written) with its declarations (name to value tokens)."""
    variables: dict[str, list] = field(default_factory=dict)
    page: PageSetup = field(default_factory=PageSetup)

    def renderings(self, root) -> dict[int, Rendering]:
        """What the stylesheet does to each element of the tree ``root`` (an ElementTree
        element, as tinyhtml5 parses it), by ``id()`` of the element."""
        found: dict[int, Rendering] = {}
        for wrapper in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
            rendering = Rendering()
            parent = wrapper.parent
            if parent is not None and parent.etree_element.tag not in _ROOTS:
                rendering.text = dict(found[id(parent.etree_element)].text)
                rendering.painted = found[id(parent.etree_element)].painted
            matches = sorted(self.matcher.match(wrapper), key=lambda match: match[:2])
            for _, _, pseudo, declarations in matches:
                if pseudo in ("before", "after"):
                    if "content" in declarations:
                        setattr(rendering, pseudo, _string(declarations["content"]))
                    continue
                if pseudo is not None:
                    continue
                rendering.text.update((name, self._resolved(tokens))
                                      for name, tokens in declarations.items()
                                      if name in _TEXT)
                rendering.box.update((name, self._resolved(tokens))
                                     for name, tokens in declarations.items()
                                     if name in _BOX)
                rendering.painted |= bool({"background", "background-color"}
                                          & set(declarations))
                if "display" in declarations:
                    display = _ident(declarations["display"])
                    rendering.hidden = display == "none"
                    rendering.block = display in ("block", "list-item", "table", "flex",
                                                  "grid")
                if "break-before" in declarations:
                    rendering.break_before = _ident(declarations["break-before"]) == "page"
                if "break-after" in declarations:
                    rendering.break_after = _ident(declarations["break-after"]) == "page"
                if "float" in declarations:
                    rendering.footnote = _ident(declarations["float"]) == "footnote"
            found[id(wrapper.etree_element)] = rendering
        return found

    def look(self, *selectors: str) -> TextLook:
        """The look of the rules whose selector is one of ``selectors`` (``h1``,
        ``.testimony``) or one compound holding it (``blockquote.testimony``,
        ``td.number``); later rules win, as in CSS."""
        declarations: dict[str, list] = {}
        for written, rule in self.rules:
            if any(_ends_with(written, selector) for selector in selectors):
                declarations.update((name, self._resolved(tokens))
                                    for name, tokens in rule.items())
        return text_look(declarations)

    def element_look(self, rendering: Rendering, box: Rendering | None = None) -> TextLook:
        """The look of an element as the print edition lays it out (``rendering.text``:
        every rule that reaches it, descendant selectors included, and what it inherits),
        with the box (left border, indent) of ``box``'s element: a testimony's
        paragraphs take their blockquote's rule."""
        text = {name: tokens for name, tokens in rendering.text.items()
                if not (rendering.painted and name == "color")}
        return text_look({**text, **(box.box if box is not None else {})})

    def _resolved(self, tokens: list) -> list:
        """``tokens`` with ``var(--name)`` replaced by the variable's value (``:root``)."""
        out = []
        for token in tokens:
            if token.type == "function" and token.lower_name == "var":
                name = "".join(getattr(part, "value", "") for part in token.arguments
                               if part.type == "ident")
                out.extend(self.variables.get(name, []))
            else:
                out.append(token)
        return out


def text_look(declarations: dict[str, list]) -> TextLook:
    """A Word style's look from CSS declarations (resolved tokens)."""
    values: dict[str, object] = {}
    for name, tokens in declarations.items():
        if name == "font-family":
            values["font"] = _family(tokens)
        elif name == "font-size":
            values["size_pt"] = _length_pt(tokens)
        elif name == "color":
            values["colour"] = _colour(tokens)
        elif name == "font-weight":
            values["bold"] = _ident(tokens) in ("bold", "bolder", "600", "700", "800", "900")
        elif name == "font-style":
            values["italic"] = _ident(tokens) in ("italic", "oblique")
        elif name == "text-align" and _ident(tokens) in ("left", "right", "center",
                                                         "justify"):
            values["align"] = _ident(tokens)
    border = _left_border(declarations)
    if border is not None:
        values["border_left"] = border
    indent = [_left_length(declarations, name) for name in ("margin", "padding")]
    if any(value is not None for value in indent) or border is not None:
        values["indent_pt"] = round(sum(value or 0.0 for value in indent)
                                    + (border.width_pt if border else 0.0), 2)
    return TextLook(**{name: value for name, value in values.items() if value is not None})


def _left_border(declarations: dict[str, list]) -> LeftBorder | None:
    """``border-left`` (shorthand or longhands) when it draws a visible rule."""
    tokens = [*declarations.get("border-left", []),
              *(token for name in ("border-left-width", "border-left-style",
                                   "border-left-color") for token in declarations.get(name, []))]
    styles = [token.lower_value for token in tokens if token.type == "ident"
              and token.lower_value in ("solid", "double", "dotted", "dashed", "groove",
                                        "ridge", "inset", "outset", "none", "hidden")]
    width = _length_pt([token for token in tokens if token.type == "dimension"])
    if not styles or styles[-1] in ("none", "hidden") or not width:
        return None
    space = _left_length(declarations, "padding") or 0.0
    return LeftBorder(width, _colour(tokens), space)


def _left_length(declarations: dict[str, list], box: str) -> float | None:
    """The left side of ``margin`` or ``padding``: its longhand, else its shorthand's (one
    value for all sides, two vertical then horizontal, three top, horizontal, bottom, four
    clockwise from the top)."""
    if f"{box}-left" in declarations:
        return _length_pt(declarations[f"{box}-left"])
    values = [token for token in declarations.get(box, [])
              if token.type in ("dimension", "number", "percentage", "ident")]
    if not values:
        return None
    left = values[{1: 0, 2: 1, 3: 1}.get(len(values), 3)]
    return _length_pt([left]) or 0.0


def read_print_css(css: str) -> PrintStyles:
    """The rules of the print stylesheet: top-level ones and those of ``@media print``."""
    styles = PrintStyles()
    for rule in _rules(tinycss2.parse_stylesheet(css, skip_whitespace=True,
                                                 skip_comments=True)):
        if rule.type == "at-rule" and rule.lower_at_keyword == "page" and not _strip(
                rule.prelude):
            _page(styles.page, _declarations(rule.content or []))
            continue
        if rule.type != "qualified-rule":
            continue
        declarations = _declarations(rule.content)
        written = tinycss2.serialize(rule.prelude).strip()
        if written == ":root":
            styles.variables.update({name: value for name, value in declarations.items()
                                     if name.startswith("--")})
        for one in written.split(","):
            styles.rules.append((" ".join(one.split()), declarations))
        try:
            for selector in cssselect2.compile_selector_list(rule.prelude):
                styles.matcher.add_selector(selector, declarations)
        except cssselect2.SelectorError:
            continue  # a selector cssselect2 cannot read styles nothing here
    return styles


def _rules(rules):
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
            media = tinycss2.serialize(rule.prelude).strip().lower()
            if "print" in media or media in ("all", ""):
                yield from _rules(tinycss2.parse_blocks_contents(
                    rule.content, skip_whitespace=True, skip_comments=True))
        else:
            yield rule


def _declarations(content) -> dict[str, list]:
    found = {}
    for item in tinycss2.parse_blocks_contents(content, skip_whitespace=True,
                                               skip_comments=True):
        if item.type == "declaration":
            found[item.name if item.name.startswith("--") else item.lower_name] = \
                _strip(item.value)
    return found


def _strip(tokens) -> list:
    return [token for token in tokens if token.type not in ("whitespace", "comment")]


def _ident(tokens) -> str:
    for token in tokens:
        if token.type == "ident":
            return token.lower_value
        if token.type == "number":
            return str(token.int_value if token.is_integer else token.value)
    return ""


def _string(tokens) -> str:
    """The strings of a ``content`` value (counters, leaders and the like are left out)."""
    return "".join(token.value for token in tokens if token.type == "string")


def _family(tokens) -> str | None:
    for token in tokens:
        if token.type in ("string", "ident"):
            return token.value
    return None


def _length_pt(tokens) -> float | None:
    for token in tokens:
        if token.type == "dimension" and token.lower_unit in _LENGTHS:
            return round(token.value * _LENGTHS[token.lower_unit], 2)
    return None


def _colour(tokens) -> str | None:
    for token in tokens:
        if token.type == "hash" and re.fullmatch(r"[0-9a-fA-F]{3}|[0-9a-fA-F]{6}", token.value):
            value = token.value.lower()
            return "".join(2 * char for char in value) if len(value) == 3 else value
        if token.type == "ident" and token.lower_value in _NAMED_COLOURS:
            return _NAMED_COLOURS[token.lower_value]
    return None


def _ends_with(written: str, selector: str) -> bool:
    """``written`` (one selector) is ``selector``, or one compound that has it as its class
    (``blockquote.testimony`` for ``.testimony``). A selector with a combinator
    (``blockquote.testimony p``, ``.toc h1``) styles elements in a context, not every
    element of a Word style: the element's own look (``element_look``) reads it."""
    if re.search(r"[\s>+~]", written):
        return False
    if selector.startswith("."):
        return selector in re.findall(r"\.[\w-]+", written) and ":" not in written
    return written == selector


_PAGE_SIZES = {"a4": (210.0, 297.0), "a5": (148.0, 210.0), "a3": (297.0, 420.0),
               "letter": (215.9, 279.4), "legal": (215.9, 355.6)}


def _page(page: PageSetup, declarations: dict[str, list]) -> None:
    if "size" in declarations:
        tokens = declarations["size"]
        named = _ident(tokens)
        if named in _PAGE_SIZES:
            page.width_mm, page.height_mm = _PAGE_SIZES[named]
        lengths = [_length_pt([token]) for token in tokens if token.type == "dimension"]
        if len(lengths) == 2 and None not in lengths:
            page.width_mm, page.height_mm = (value * 25.4 / 72 for value in lengths)
        if _ident(tokens[1:]) == "landscape" or "landscape" in [
                getattr(token, "lower_value", "") for token in tokens]:
            page.width_mm, page.height_mm = max(page.width_mm, page.height_mm), \
                min(page.width_mm, page.height_mm)
    if "margin" in declarations:
        lengths = [_length_pt([token]) for token in declarations["margin"]]
        lengths = [value * 25.4 / 72 for value in lengths if value is not None]
        # CSS's shorthand: one value for all sides, two for vertical and horizontal, three
        # for top, horizontal and bottom, four clockwise from the top.
        if len(lengths) == 1:
            lengths = lengths * 4
        elif len(lengths) == 2:
            lengths = lengths * 2
        elif len(lengths) == 3:
            lengths = [*lengths, lengths[1]]
        if len(lengths) == 4:
            page.margins_mm = tuple(lengths)
