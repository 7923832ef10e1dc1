"""The PDF's structure tree as the document's, not as its pages': WeasyPrint's tagging with
three corrections, installed around its ``pdf.tags._build_box_tree`` while a PDF is written.

WeasyPrint builds one structure element per box, and a box per page: a chapter (``<section>``)
or a table that runs over three pages becomes three ``Sect`` or three ``Table`` elements, and
a table's header row repeated on each page is tagged again each time. Here:

- an element continued from an earlier page joins the structure element its first page made
  (one ``Sect`` per chapter, one ``Table`` per table); its marked content on later pages is
  referenced with its page (``MCR``);
- a table's header row repeated on a later page stays out of the tree (as WeasyPrint leaves
  the margin boxes), so that the table has one header;
- every table header cell carries its ``/Scope`` (``Column``, ``Row`` or ``Both``), from the
  cell's ``scope`` attribute, else ``Column`` in the table's head and ``Row`` elsewhere;
- a link's annotation is described by its text (``/Contents``), not by its target.

Input and output: WeasyPrint's own objects; used by ``publish.pdf`` only.
"""

from __future__ import annotations

import contextlib

SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


class _Tree:
    """What one document's tagging has made so far: the structure element of each HTML
    element, by element and tag, and whether the box being tagged is in a table's head (a
    repeated one: out of the tree)."""

    def __init__(self, original):
        self.original = original
        self.made: dict[tuple[int, str], object] = {}
        self.pages: dict[tuple[int, str], int] = {}
        self.head = 0
        self.repeated = 0

    def build(self, box, parent, pdf, page_number, nums, annotations, tags):
        import pydyf

        html = getattr(box, "element", None)
        tag = getattr(box, "element_tag", None)
        key = (id(html), tag) if html is not None and tag not in (None, "html", "body") \
            else None
        head = bool(getattr(box, "is_header", False))
        repeated = head and key in self.made
        self.head += head
        self.repeated += repeated
        try:
            for element in self.original(box, parent, pdf, page_number, nums, annotations,
                                         tags):
                if key is None:
                    yield element
                    continue
                self._describe(box, element, html, tag, pydyf, self.head > 0)
                if self.repeated:
                    if not repeated:
                        yield element  # inside the repeated head, itself left out
                    continue
                first = self.made.get(key)
                if first is None or first is element:
                    self.made[key] = element
                    self.pages[key] = page_number
                    yield element
                    continue
                self._join(first, element, page_number, self.pages[key], pdf, nums, pydyf)
        finally:
            self.head -= head
            self.repeated -= repeated

    @staticmethod
    def _describe(box, element, html, tag, pydyf, in_head: bool) -> None:
        if tag == "th" and "A" in element:
            scope = SCOPES.get((html.get("scope") or "").lower())
            element["A"]["Scope"] = scope or ("/Column" if in_head else "/Row")
        if tag.split(":")[0] == "a" and getattr(box, "link_annotation", None) is not None:
            text = html.get("aria-label") or _text(html) or html.get("title")
            if text:
                box.link_annotation["Contents"] = pydyf.String(text)

    @staticmethod
    def _join(first, element, page_number, first_page, pdf, nums, pydyf) -> None:
        """``element`` (a later page's) merged into ``first``: its kids move over, each
        pointing at ``first``; its marked content named with its page."""
        for kid in element["K"]:
            if isinstance(kid, int):
                if page_number != first_page:
                    kid = pydyf.Dictionary({"Type": "/MCR", "MCID": kid,
                                            "Pg": pdf.page_references[page_number]})
                for mcid, reference in list(nums.items()):
                    if reference == element.reference:
                        nums[mcid] = first.reference
            else:
                number = int(bytes(kid).split()[0])
                child = pdf.objects[number]
                if isinstance(child, pydyf.Dictionary) and "P" in child:
                    child["P"] = first.reference
            first["K"].append(kid)


@contextlib.contextmanager
def document_structure():
    """WeasyPrint's tagging corrected as this module says, for the ``with`` block."""
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    tree = _Tree(original)
    tags._build_box_tree = tree.build
    try:
        yield
    finally:
        tags._build_box_tree = original
