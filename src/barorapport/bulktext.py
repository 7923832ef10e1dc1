"""Many texts at once: folded and searched at C speed, with the results of one by one.

Input: distinct texts (the answers of a large survey). Output: the texts folded as
``text.fold_accents`` folds one (``fold_accents_all``), and, per text, whether a regular
expression is found in it as ``pattern.search`` finds it (``Texts.contains``). Tests check
both against the one-by-one functions.

- Folding: the texts are joined by a character none of them holds and folded as one string
  (lower case, ligatures, NFKD: none of them reaches across that character), the combining
  marks dropped by NumPy over the code points, then split again.
- Searching: a pattern that Python's own parser reads into plain parts (literals and classes
  of ASCII, groups, alternatives, repeats, anchors, word boundaries) is written again for
  RE2, which Arrow runs over the texts both engines read alike (printable ASCII, and signs
  that are neither letters, digits nor spaces); the other texts, and patterns with
  look-arounds, back-references, possessive repeats or characters beyond ASCII, are
  searched by Python's ``re``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from .text import LIGATURES, fold_accents

FEW = 2000
"""Below this many texts, each is folded and searched alone (nothing to set up)."""
_CHUNK = 50_000
"""Texts folded in one string: bounded, so that its code points stay a few MiB."""
_SEPARATOR = "\x00"
"""Joins the texts to fold: not cased, not case-ignorable, no decomposition, no combining
class, so lower case (final sigma included) and NFKD treat it as a text's end."""


def fold_accents_all(texts: Sequence[str]) -> list[str]:
    """``fold_accents`` of each text, in order."""
    if len(texts) < FEW:
        return [fold_accents(value) for value in texts]
    folded: list[str] = []
    for start in range(0, len(texts), _CHUNK):
        folded += _fold_joined(list(texts[start:start + _CHUNK]))
    return folded


@functools.cache
def _combining() -> np.ndarray:
    """Per code point, whether it is a combining mark (about 0.1 s, once a process)."""
    marks = np.zeros(0x110000, dtype=bool)
    marks[[code for code in range(0x110000) if unicodedata.combining(chr(code))]] = True
    return marks


def _fold_joined(values: list[str]) -> list[str]:
    joined = _SEPARATOR.join(values)
    if joined.count(_SEPARATOR) != len(values) - 1:  # a text holds it: one by one
        return [fold_accents(value) for value in values]
    folded = joined.lower()
    if not folded.isascii():
        for ligature, spelt in LIGATURES.items():
            folded = folded.replace(chr(ligature), spelt)
        folded = unicodedata.normalize("NFKD", folded)
        codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        folded = codes[~_combining()[codes]].tobytes().decode("utf-32-le", "surrogatepass")
    return folded.split(_SEPARATOR)


class Texts:
    """Distinct texts to search many times: those in printable ASCII handed to Arrow once."""

    def __init__(self, values: Sequence[str]) -> None:
        self.values = np.array(values, dtype=object)
        self._plain: np.ndarray | None = None
        self._arrow = None

    def __len__(self) -> int:
        return len(self.values)

    def contains(self, pattern: re.Pattern) -> np.ndarray:
        """Per text, whether ``pattern.search`` finds something in it."""
        rewritten = re2_pattern(pattern) if len(self.values) >= FEW else None
        if rewritten is None:
            return _python(pattern, self.values)
        import pyarrow.compute as pc

        plain, arrow = self._for_arrow()
        found = np.zeros(len(self.values), dtype=bool)
        found[plain] = pc.match_substring_regex(
            arrow, rewritten, ignore_case=bool(pattern.flags & re.IGNORECASE)
        ).to_numpy(zero_copy_only=False)
        found[~plain] = _python(pattern, self.values[~plain])
        return found

    def _for_arrow(self):
        if self._plain is None:
            import pyarrow as pa

            self._plain = np.fromiter((_plain(value) for value in self.values), dtype=bool,
                                      count=len(self.values))
            self._arrow = pa.array(self.values[self._plain], type=pa.string())
        return self._plain, self._arrow


_NOT_PLAIN = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]|(?![\x00-\x7f])[\w\s]")


def _plain(value: str) -> bool:
    """A text both engines read alike: not empty, no control
    character (their ``\\s``, ``$`` and ``.`` differ on tabs and line ends), and beyond ASCII
    only signs that are neither letters, digits nor spaces in either (guillemets, dashes,
    emoji: Python's ``\\w`` and ``\\s`` take in letters and spaces of every script, RE2's
    only ASCII ones; no ASCII letter matches a sign, whatever the case)."""
    if value.isascii():
        return value.isprintable() and value != ""
    return _NOT_PLAIN.search(value) is None


def _python(pattern: re.Pattern, values: np.ndarray) -> np.ndarray:
    return np.fromiter((pattern.search(value) is not None for value in values), dtype=bool,
                       count=len(values))


class _Unsupported(Exception):
    """A part of a pattern that RE2 cannot read as Python does."""


@functools.lru_cache(maxsize=512)
def re2_pattern(pattern: re.Pattern) -> str | None:
    """``pattern`` written for RE2, found in a text of printable ASCII exactly when Python
    finds it there; None when it has a part this cannot vouch for."""
    if not isinstance(pattern.pattern, str):
        return None
    try:
        from re import _parser

        rewritten = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    except (_Unsupported, ImportError, re.error):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    try:  # RE2's own limits (repeats, memory): Python searches
        pc.match_substring_regex(pa.array([""]), rewritten)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return rewritten


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D",
               "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
               "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S"}
"""On printable ASCII both engines read these alike (the only space is the space)."""
_ANCHORS = {"AT_BEGINNING": "^", "AT_BEGINNING_STRING": r"\A", "AT_END": "$",
            "AT_END_STRING": r"\z", "AT_BOUNDARY": r"\b"}
"""Not ``\\B``: RE2 finds one inside a character of several bytes, between two signs."""
_MAX_REPEAT = 1000


def _char(code: int) -> str:
    if code > 0x7F:  # beyond ASCII: ignoring case, Python may match an ASCII letter with it
        raise _Unsupported
    return chr(code) if chr(code).isalnum() else f"\\x{{{code:02X}}}"


def _sequence(items) -> str:
    return "".join(_part(str(op), value) for op, value in items)


def _part(op: str, value) -> str:
    if op == "LITERAL":
        return _char(value)
    if op == "NOT_LITERAL":
        return f"[^{_char(value)}]"
    if op == "ANY":
        return "(?s:.)"
    if op == "IN":
        return _class(value)
    if op == "BRANCH":
        return "(?:" + "|".join(_sequence(branch) for branch in value[1]) + ")"
    if op == "SUBPATTERN":
        _, added, removed, items = value
        flags = "i" if added & re.IGNORECASE else "-i" if removed & re.IGNORECASE else ""
        return f"(?{flags}:{_sequence(items)})"
    if op in ("MAX_REPEAT", "MIN_REPEAT"):
        low, high, items = value
        if low > _MAX_REPEAT or (high > _MAX_REPEAT and str(high) != "MAXREPEAT"):
            raise _Unsupported
        upper = "" if str(high) == "MAXREPEAT" else str(high)
        return f"(?:{_sequence(items)}){{{low},{upper}}}"
    if op == "AT" and str(value) in _ANCHORS:
        return _ANCHORS[str(value)]
    raise _Unsupported  # look-arounds, back-references, possessive repeats, atomic groups


def _class(items) -> str:
    parts = []
    for op, value in items:
        op = str(op)
        if op == "NEGATE":
            parts.insert(0, "^")
        elif op == "LITERAL":
            parts.append(_char(value))
        elif op == "RANGE":
            parts.append(f"{_char(value[0])}-{_char(value[1])}")
        elif op == "CATEGORY" and str(value) in _CATEGORIES:
            parts.append(_CATEGORIES[str(value)])
        else:
            raise _Unsupported
    return "[" + "".join(parts) + "]"
