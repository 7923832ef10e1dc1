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
            matches = sorted(self.matcher.match(wrapper), key=lambda match: match[:2])
            for _, _, pseudo, declarations in matches:
                if pseudo in ("before", "after"):
                    if "content" in declarations:
                        setattr(rendering, pseudo, _string(declarations["content"]))
                    continue
                if pseudo is not None:
                    continue
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
        ``.testimony``) or ends with one (``blockquote.testimony``, ``td.number``); later
        rules win, as in CSS."""
        values: dict[str, object] = {}
        for written, declarations in self.rules:
            if not any(_ends_with(written, selector) for selector in selectors):
                continue
            for name, tokens in declarations.items():
                tokens = self._resolved(tokens)
                if name == "font-family":
                    values["font"] = _family(tokens)
                elif name == "font-size":
                    values["size_pt"] = _length_pt(tokens)
                elif name == "color":
                    values["colour"] = _colour(tokens)
                elif name == "font-weight":
                    values["bold"] = _ident(tokens) in ("bold", "bolder", "600", "700", "800",
                                                        "900")
                elif name == "font-style":
                    values["italic"] = _ident(tokens) in ("italic", "oblique")
                elif name == "text-align" and _ident(tokens) in ("left", "right", "center",
                                                                 "justify"):
                    values["align"] = _ident(tokens)
        return TextLook(**{name: value for name, value in values.items() if value is not None})

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
    """``written`` (one selector) is ``selector`` or ends with it as its last compound's
    class (``blockquote.testimony`` for ``.testimony``) or type (``.toc h1`` for ``h1``)."""
    last = re.split(r"[\s>+~]+", written)[-1]
    if selector.startswith("."):
        return selector in re.findall(r"\.[\w-]+", last) and ":" not in last
    return last == selector


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
