"""The publication's typography, applied once to everything it prints: French (below), or
English for a publication in another language (``typeset_english``).

Input: text (chart labels, titles, metadata) or HTML (chapters, layouts). Output: the same
text with French typographic characters and spaces:

- ``’`` for a straight apostrophe inside or after a word (``l'avenir`` → ``l’avenir``), and
  ``‘ ’`` for straight single quotes around a word or phrase;
- ``« »`` with a narrow no-break space (U+202F) inside; straight double quotes around a
  phrase become ``« »`` (outside quotations);
- a narrow no-break space before ``; ! ?``, a no-break space (U+00A0) before ``:`` and
  ``%``; an ordinary space there becomes the no-break one, a missing one is added;
- ``1er`` for the first day of a month (``1 septembre`` → ``1er septembre``), outside
  quotations;
- quotation marks nested the French way: inside a quotation (``<blockquote>``, ``<q>``, or
  text already inside « »), inner « », "…" and '…' become “…”;
- in HTML, ordinals in superscript: ``1er``, ``1re``, ``2e``, ``2nd`` → ``1<sup>er</sup>``…
  (not inside ``<title>``, whose text cannot hold tags).

In HTML only text is changed, never a tag, an attribute holding a URL or code: text nodes,
and the ``alt``, ``title``, ``aria-label`` attributes and ``<meta content>`` that readers or
screen readers see. Inside ``<pre>``, ``<code>``, ``<kbd>``, ``<samp>``, ``<script>`` and
``<style>`` nothing changes; inside ``<blockquote>`` and ``<q>`` (the respondents' words)
only spaces, apostrophes and the marks of quotations within the quotation do, so that a
quotation's words never change. The step is
idempotent: typesetting typeset text changes nothing. See docs/typography.md.
"""

from __future__ import annotations

import html
import re

from markupsafe import escape

from ..wording import current_language

NNBSP = "\u202f"
"""Narrow no-break space: inside « », before ; ! ?, between thousands."""
NBSP = "\u00a0"
"""No-break space: before : and %."""
_SPACES = f"[ \t{NBSP}{NNBSP}]"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")

_APOSTROPHE = re.compile(r"(?<=\w)'")
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'([^'\n]*?\w[.!?…]?)'(?![\w'])")
_OPENING = re.compile(rf"«{_SPACES}*")
_CLOSING = re.compile(rf"(?<=\S){_SPACES}*»|^{_SPACES}*»")
_DOUBLE_QUOTED = re.compile(r'(^|(?<=[\s(\[]))"([^"\n]+?)"(?=$|[\s.,;:!?)\]…])')
# Before ; ! ? and : : after a word, a number or a closing mark, and followed by the end of
# a phrase (so that 12:30, https://, ?x=1 or :) stay as they are).
_THIN_BEFORE = re.compile(rf"(?<=[\w»)\].…%*’”\"]){_SPACES}*([;!?])(?=$|[\s»”)\].,;:!?…\"<])")
_WORD_BEFORE = re.compile(rf"(?<=[\w»)\]…%*’”\"]){_SPACES}*(:)(?=$|[\s»”)\]\"<])")
_PERCENT = re.compile(rf"(?<=\d){_SPACES}?%(?![0-9A-Fa-f]{{2}})")
_FIRST_OF_MONTH = re.compile(rf"\b1(?={_SPACES}(?:{'|'.join(MONTHS)})\b)")

_INNER_OPENING = re.compile(rf"«{_SPACES}*")
_INNER_CLOSING = re.compile(rf"{_SPACES}*»")
_INNER_DOUBLE = re.compile(r'(^|(?<=[\s(\[]))"([^"\n]+?)"(?=$|[\s.,;:!?)\]…])')
_ORDINAL = re.compile(r"(?<![\w.,])(\d+)(ers?|res?|es?|nde?s?)(?![\w])")
"""1er, 1re, 1ers, 2e, 2es, 2nd, 2nde...: the number and its suffix."""

SKIPPED = {"pre", "code", "kbd", "samp", "script", "style", "svg", "math"}
"""Elements whose text is never changed."""
QUOTATIONS = {"blockquote", "q"}
"""Elements holding someone's own words: spaces, apostrophes and inner quotation marks only."""
PLAIN_TEXT = {"title", "textarea", "option"}
"""Elements whose text cannot hold markup: no superscript ordinal there."""
BLOCKS = {"p", "li", "td", "th", "caption", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6",
          "dd", "dt", "blockquote", "div", "section", "title"}
"""Where an unclosed « stops counting: a quotation does not run on past its block."""
TEXT_ATTRIBUTES = ("alt", "title", "aria-label")
META_NAMES = ("description", "og:title", "og:description", "og:image:alt", "twitter:title",
              "twitter:description", "dc.title", "author")


def typeset(text: str, quotation: bool = False, before: str = "") -> str:
    """``text`` with the typography of the publication's language (``wording``): French,
    else English; ``quotation`` keeps to spaces and apostrophes. ``before`` is the text
    just before (the end of the previous text node), so that a space before a colon that
    opens this node is still seen as such."""
    if not text:
        return text
    if current_language() != "fr":
        return typeset_english(text, quotation, before)
    work = text
    if not quotation:
        work = _DOUBLE_QUOTED.sub(lambda match: f"{match[1]}«{NNBSP}{match[2]}{NNBSP}»", work)
        work = _FIRST_OF_MONTH.sub("1er", work)
        work = _OPENING.sub(f"«{NNBSP}", work)
        work = _CLOSING.sub(f"{NNBSP}»", work)
    else:  # the quotation's own marks come from its container: every mark in it is inner
        work = _INNER_DOUBLE.sub(lambda match: f"{match[1]}“{match[2]}”", work)
        work = _INNER_OPENING.sub("“", work)
        work = _INNER_CLOSING.sub("”", work)
    # The rules that look at the character before also look across the previous node.
    context = before[-1:]
    work = context + work
    inner = ("“", "”") if quotation else ("‘", "’")
    work = _SINGLE_QUOTED.sub(lambda match: f"{inner[0]}{match[1]}{inner[1]}", work)
    work = _APOSTROPHE.sub("’", work)
    work = _THIN_BEFORE.sub(lambda match: f"{NNBSP}{match[1]}", work)
    work = _WORD_BEFORE.sub(lambda match: f"{NBSP}{match[1]}", work)
    work = _PERCENT.sub(f"{NBSP}%", work)
    return _leading_space(work[len(context):])


_NO_SPACE_BEFORE = re.compile(
    rf"(?<=[\w»)\].…%*’\"”]){_SPACES}+([;!?:%])(?=$|[\s»)\].,;:!?…\"”’<])")


def typeset_english(text: str, quotation: bool = False, before: str = "") -> str:
    """``text`` with English typography: ``’`` for an apostrophe, ``‘ ’`` and ``“ ”``
    around quoted words (outside quotations), no space before ``; : ! ? %`` (``What is
    your gender ?`` → ``What is your gender?``)."""
    work = text
    if not quotation:
        work = _DOUBLE_QUOTED.sub(lambda match: f"{match[1]}“{match[2]}”", work)
    context = before[-1:]
    work = context + work
    work = _SINGLE_QUOTED.sub(lambda match: f"‘{match[1]}’", work)
    work = _APOSTROPHE.sub("’", work)
    work = _NO_SPACE_BEFORE.sub(lambda match: match[1], work)
    work = work[len(context):]
    if context and (context.isalnum() or context in ")]”’\""):
        work = re.sub(rf"^{_SPACES}+(?=[;!?:%](?:$|\s))", "", work)
    return work


def _leading_space(text: str) -> str:
    """A text node that opens with ``" :"`` follows a word in another node (``<strong>
    Base</strong> : …``): its space becomes the no-break one."""
    match = re.match(rf"{_SPACES}+([;!?:»%])", text)
    if not match:
        return text
    space = NBSP if match[1] in ":%" else NNBSP
    return space + text[match.end() - 1:]


_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<[^>]*>", re.S)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][\w:-]*)")
_ATTRIBUTE = re.compile(r"""(\s)([\w:-]+)(\s*=\s*)("[^"]*"|'[^']*')""")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}


def typeset_html(markup: str) -> str:
    """``markup`` (an HTML document or fragment) with ``typeset`` applied to its text nodes
    and readable attributes only; tags, URLs and code are left byte for byte. A node that
    changes is escaped again as Jinja escapes (``markupsafe``)."""
    markup = str(markup)  # a Markup would escape what is added to it
    out: list[str] = []
    state = _State()
    previous = ""
    position = 0
    for match in _TOKEN.finditer(markup):
        text = markup[position:match.start()]
        if text:
            out.append(_text_node(text, state, previous))
            previous = html.unescape(text) or previous
        tag = match.group()
        out.append(_tag(tag, state.skipped, state.quotes, state))
        position = match.end()
    text = markup[position:]
    if text:
        out.append(_text_node(text, state, previous))
    return "".join(out)


class _State:
    """Where the walk through a document stands: the elements open that change the rules,
    and how deep in « » the text is (outside quotation elements)."""

    def __init__(self) -> None:
        self.skipped: list[str] = []
        self.quotes: list[str] = []
        self.plain: list[str] = []
        self.depth = 0


def _text_node(text: str, state: _State, previous: str) -> str:
    if state.skipped:
        return text
    plain = html.unescape(text)
    done = typeset(plain, quotation=bool(state.quotes), before=previous)
    if not state.quotes:
        done = _nested(done, state)
    if done == plain and (state.plain or not _ORDINAL.search(done)):
        return text
    escaped = str(escape(done))
    return escaped if state.plain else _ORDINAL.sub(r"\1<sup>\2</sup>", escaped)


def _nested(text: str, state: _State) -> str:
    """``text`` with the guillemets opened inside other guillemets as “ ” (and their inner
    spaces dropped); ``state.depth`` follows the marks across text nodes."""
    out = []
    position = 0
    for match in re.finditer(rf"«{_SPACES}*|{_SPACES}*»", text):
        out.append(text[position:match.start()])
        if match[0].startswith("«"):
            state.depth += 1
            out.append(match[0] if state.depth == 1 else "“")
        elif state.depth >= 2:
            state.depth -= 1
            out.append("”")
        else:
            state.depth = 0
            out.append(match[0])
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _tag(tag: str, skipped: list[str], quotes: list[str], state: _State | None = None) -> str:
    if tag.startswith("<!"):
        return tag
    found = _TAG_NAME.match(tag)
    if not found:
        return tag
    name = found[1].lower()
    closing = tag.startswith("</")
    self_closing = tag.endswith("/>") or name in _VOID
    if name in SKIPPED:
        if closing:
            if name in skipped:
                skipped.remove(name)
        elif not self_closing:
            skipped.append(name)
        return tag
    if name in QUOTATIONS:
        if closing:
            if name in quotes:
                quotes.remove(name)
        else:
            quotes.append(name)
    if state is not None:
        if name in PLAIN_TEXT and not self_closing:
            if closing:
                if name in state.plain:
                    state.plain.remove(name)
            else:
                state.plain.append(name)
        if closing and name in BLOCKS:
            state.depth = 0
    if closing or skipped:
        return tag
    return _attributes(tag, name, quotation=bool(quotes))


def _attributes(tag: str, name: str, quotation: bool) -> str:
    readable = set(TEXT_ATTRIBUTES)
    if name == "meta":
        keys = {value.strip("\"'").lower() for key, value in
                ((m[2].lower(), m[4]) for m in _ATTRIBUTE.finditer(tag))
                if key in ("name", "property")}
        if keys & set(META_NAMES):
            readable.add("content")

    def replace(match: re.Match) -> str:
        if match[2].lower() not in readable:
            return match[0]
        quote, value = match[4][0], match[4][1:-1]
        plain = html.unescape(value)
        done = typeset(plain, quotation=quotation)
        if done == plain:
            return match[0]
        return f"{match[1]}{match[2]}{match[3]}{quote}{escape(done)}{quote}"

    return _ATTRIBUTE.sub(replace, tag)
