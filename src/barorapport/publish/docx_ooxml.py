"""The pieces of WordprocessingML that python-docx has no call for: footnotes, hyperlinks,
repeated header rows, alt text, a table of contents field, numbered lists that restart,
and reproducible bytes.

Input: python-docx objects. Output: the same objects with the elements Word reads added.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

_FOOTNOTES = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
    'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote></w:footnotes>")


class Footnotes:
    """The document's footnotes part, made on the first note."""

    def __init__(self, document):
        self.document = document
        self.element = None
        self.count = 0

    def add(self, paragraph: Paragraph, style: str, reference_style: str) -> Paragraph:
        """A footnote referenced at the end of ``paragraph``; returns the note's paragraph,
        its number already in it, for the caller to write the text into."""
        if self.element is None:
            self.element = _footnotes_part(self.document)
        self.count += 1
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(self.count))
        self.element.append(note)
        body = Paragraph(OxmlElement("w:p"), paragraph._parent)
        note.append(body._p)
        body.style = style
        _reference(body.add_run(), reference_style, "w:footnoteRef")
        body.add_run(" ")
        _reference(paragraph.add_run(), reference_style, "w:footnoteReference",
                   self.count)
        return body


def _footnotes_part(document):
    part = document.part
    for relationship in part.rels.values():
        if relationship.reltype == RELATIONSHIP_TYPE.FOOTNOTES:
            element = relationship.target_part.element if hasattr(
                relationship.target_part, "element") else None
            if element is not None:
                return element
    element = parse_xml(_FOOTNOTES)
    footnotes = XmlPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, element,
                        part.package)
    part.relate_to(footnotes, RELATIONSHIP_TYPE.FOOTNOTES)
    return element


def _reference(run, style: str, tag: str, number: int | None = None) -> None:
    run.style = style
    element = OxmlElement(tag)
    if number is not None:
        element.set(qn("w:id"), str(number))
    run._r.append(element)


def add_hyperlink(paragraph: Paragraph, url: str, style: str):
    """An external link in ``paragraph``; returns a run-maker writing inside it."""
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK,
                                            is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    paragraph._p.append(link)
    return link


def repeat_as_header(row) -> None:
    """Mark a table row as a header row, repeated at the top of every page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def set_alt_text(shape, alt: str, title: str = "") -> None:
    """The picture's alternative text (what screen readers say), in its ``docPr``."""
    properties = shape._inline.docPr
    properties.set("descr", alt)
    if title:
        properties.set("title", title)


def add_contents_field(document, entries: list[str], style: str, levels: str = "1-1",
                       ) -> None:
    """A table of contents field over the headings of ``levels``, its result already filled
    with ``entries`` (Word updates the page numbers when the file opens)."""
    paragraphs = [document.add_paragraph(entry, style=style) for entry in entries] or \
        [document.add_paragraph(style=style)]
    first, last = paragraphs[0]._p, paragraphs[-1]._p
    begin = [_field_char("begin"), _instruction(f' TOC \\o "{levels}" \\h \\z \\u '),
             _field_char("separate")]
    properties = first.find(qn("w:pPr"))
    position = 1 if properties is not None else 0
    for offset, run in enumerate(begin):
        first.insert(position + offset, run)
    last.append(_field_char("end"))
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _field_char(kind: str):
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def _instruction(text: str):
    run = OxmlElement("w:r")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = text
    run.append(instruction)
    return run


def restart_numbering(document, paragraph: Paragraph, style) -> int | None:
    """A new numbering instance for a numbered list whose style (``List Number``) numbers
    it, starting again at 1; None when the style has no numbering to restart."""
    number = _style_number(style)
    if number is None:
        return None
    numbering = document.part.numbering_part.element
    abstract = None
    for instance in numbering.findall(qn("w:num")):
        if instance.get(qn("w:numId")) == number:
            found = instance.find(qn("w:abstractNumId"))
            abstract = found.get(qn("w:val")) if found is not None else None
    if abstract is None:
        return None
    used = [int(instance.get(qn("w:numId"))) for instance in numbering.findall(qn("w:num"))]
    identifier = max(used, default=0) + 1
    instance = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{identifier}"><w:abstractNumId w:val="{abstract}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')
    numbering.append(instance)
    return identifier


def _style_number(style) -> str | None:
    while style is not None:
        found = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if found is not None:
            return found.get(qn("w:val"))
        style = style.base_style
    return None


def use_numbering(paragraph: Paragraph, identifier: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    number = OxmlElement("w:numId")
    number.set(qn("w:val"), str(identifier))
    numbering.extend([level, number])
    properties.append(numbering)


def reproducible_zip(path: Path, stamp: dt.datetime) -> None:
    """Rewrite the Office file at ``path`` with every member dated ``stamp`` and the
    document's ``modified`` date set to it: the same inputs give the same bytes."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>"
                              + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            archive.writestr(fixed, data)


_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                 "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                 "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                 "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                 "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                 "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                 "w:pPrChange")
"""What follows ``w:pBdr`` in a paragraph's properties (the schema's order)."""


def left_border(style, width_pt: float, colour: str | None, space_pt: float) -> None:
    """A rule down the left of a paragraph style's paragraphs (consecutive paragraphs of
    the style share one rule, as a blockquote's do)."""
    properties = style.element.get_or_add_pPr()
    for old in properties.findall(qn("w:pBdr")):
        properties.remove(old)
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    left.set(qn("w:val"), "single")
    left.set(qn("w:sz"), str(max(2, min(96, round(width_pt * 8)))))  # eighths of a point
    left.set(qn("w:space"), str(max(0, min(31, round(space_pt)))))  # points
    left.set(qn("w:color"), colour.upper() if colour else "auto")
    borders.append(left)
    properties.insert_element_before(borders, *_AFTER_BORDER)
