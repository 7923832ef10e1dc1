"""Texts as the privacy gate reads them: what a reader sees, whatever the bytes.

Input: any text that can be published (a quotation, a label, a chapter, an output). Output:
the same text NFKC-normalised (fullwidth ``＠`` and digits become ``@`` and digits), with
every invisible format character removed (zero-width spaces and joiners, soft hyphens,
byte-order marks, bidirectional controls), Cyrillic and Greek letters that look like Latin
ones read as Latin, dots and spaces of other scripts read as ``.`` and `` ``. The rules of
``patterns`` run on this text only, so that no look-alike or invisible character hides a
phone number or an address from them.

``invisible`` lists the invisible characters of a text that is published as it is (a
quotation): they are removed from it, and said (``strip_invisible``).
"""

from __future__ import annotations

import re
import unicodedata

# Letters of other scripts drawn like Latin ones (Unicode's confusables, the common ones).
_LOOK_ALIKES = str.maketrans({
    "а": "a", "А": "A", "В": "B", "е": "e", "Е": "E", "К": "K", "М": "M", "Н": "H",
    "о": "o", "О": "O", "р": "p", "Р": "P", "с": "c", "С": "C", "Т": "T", "у": "y",
    "х": "x", "Х": "X", "і": "i", "І": "I", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g",
    "ӏ": "l", "Ӏ": "I", "ο": "o", "Ο": "O", "α": "a", "ν": "v", "Α": "A", "Β": "B",
    "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ρ": "P", "Τ": "T",
    "Χ": "X", "Υ": "Y", "Ζ": "Z",
    # Dots and at signs NFKC leaves as they are.
    "。": ".", "｡": ".", "·": ".", "•": ".", "∙": ".", "⋅": ".", "ꓸ": ".",
    "\u2044": "/", "\u2215": "/",
    # Dashes and minus signs: one hyphen.
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})
_HAS_LOOK_ALIKE = re.compile("[" + "".join(re.escape(chr(code)) for code in _LOOK_ALIKES) + "]")
"""Whether a text holds a look-alike: one search, where ``str.translate`` costs a dictionary
look-up per character (most texts hold none)."""
_SPACES = re.compile(r"[^\S\n]+")
_OTHER_SPACE = re.compile(r"[^\S\n ]")
"""A space that is not ``" "`` (a tab, a no-break space...): with two spaces in a row, what
makes ``_SPACES`` worth running (most texts hold neither)."""


def is_invisible(char: str) -> bool:
    """A format character (Unicode ``Cf``: zero-width space, joiner, soft hyphen, byte-order
    mark, bidirectional embedding, override, isolate or mark): nothing a reader sees."""
    return unicodedata.category(char) == "Cf"


_FORMAT_BMP = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
               "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb")
_INVISIBLE = re.compile(
    "[" + _FORMAT_BMP + "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")
"""Every format character (``Cf``) of Unicode 15, written out: no table built at import."""
_MAYBE_INVISIBLE = re.compile("[" + _FORMAT_BMP + "\U00010000-\U0010ffff]")
"""A format character of the first plane, or any character beyond it (an emoji...): what
makes ``_INVISIBLE`` worth running. Three times quicker to search than ``_INVISIBLE``,
whose scattered ranges beyond the first plane make every character slow to test."""


def invisible(text: str) -> list[str]:
    """The invisible characters of ``text``, by their Unicode names, in order."""
    return [unicodedata.name(char, f"U+{ord(char):04X}") for char in _INVISIBLE.findall(text)]


def strip_invisible(text: str) -> str:
    """``text`` without its invisible format characters."""
    return _INVISIBLE.sub("", text)


def fold(text: str) -> str:
    """What the gate reads: NFKC, invisible characters out, look-alikes read as Latin, any
    space one space (line ends kept)."""
    # Each step runs only on the texts that need it, found by a search cheaper than the
    # step itself (most answers hold no invisible character, look-alike or odd space).
    if not text.isascii():
        if _MAYBE_INVISIBLE.search(text):
            text = _INVISIBLE.sub("", text)
        text = unicodedata.normalize("NFKC", text)
        if _HAS_LOOK_ALIKE.search(text):
            text = text.translate(_LOOK_ALIKES)
    if "  " in text or _OTHER_SPACE.search(text):
        text = _SPACES.sub(" ", text)
    return text
