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
import string
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
    """Distinct texts to search many times, handed to Arrow once."""

    def __init__(self, values: Sequence[str]) -> None:
        self.values = np.array(values, dtype=object)
        self._plain: tuple | None = None
        self._masked: tuple | None = None

    def __len__(self) -> int:
        return len(self.values)

    def contains(self, pattern: re.Pattern) -> np.ndarray:
        """Per text, whether ``pattern.search`` finds something in it."""
        rewritten = re2_pattern(pattern) if len(self.values) >= FEW else None
        if rewritten is None:
            return _python(pattern, self.values)
        import pyarrow.compute as pc

        if self._plain is None:
            plain = np.fromiter((_plain(value) for value in self.values), dtype=bool,
                                count=len(self.values))
            self._plain = plain, _arrow(self.values[plain])
        plain, arrow = self._plain
        found = np.zeros(len(self.values), dtype=bool)
        found[plain] = _matches(pc, arrow, rewritten, pattern)
        found[~plain] = _python(pattern, self.values[~plain])
        return found

    def may_contain(self, pattern: re.Pattern) -> np.ndarray:
        """Per text, False only where ``pattern.search`` surely finds nothing: a first sort,
        in bulk, that leaves the texts worth searching one by one. RE2 reads the texts
        masked (``_marks``: every character beyond printable ASCII as ``0`` when Python
        reads it as a digit, ``_`` as a letter, ``\\x01`` otherwise, so that words and
        their boundaries stay where they were), and the pattern widened to take a mark
        wherever Python could take the character it hides."""
        rewritten = re2_pattern(pattern, loose=True) if len(self.values) >= FEW else None
        if rewritten is None:
            return np.ones(len(self.values), dtype=bool)
        import pyarrow.compute as pc

        if self._masked is None:
            self._masked = _arrow(np.array(_masked(self.values), dtype=object))
        return _matches(pc, self._masked, rewritten, pattern)


_DIGIT_MARK, _WORD_MARK, _OTHER_MARK = ord("0"), ord("_"), 0x01


@functools.cache
def _marks() -> np.ndarray:
    """Per code point, what it reads as in the first sort: itself in printable ASCII, ``0``
    if Python's ``\\d`` takes it (a digit of any script), ``_`` if its ``\\w`` does (a
    letter), else ``\\x01``."""
    marks = np.full(0x110000, _OTHER_MARK, dtype=np.uint8)
    marks[0x20:0x7F] = np.arange(0x20, 0x7F)
    word, digit = re.compile(r"\w"), re.compile(r"\d")
    beyond = [chr(code) for code in range(0x80, 0x110000) if word.match(chr(code))]
    marks[[ord(char) for char in beyond]] = _WORD_MARK
    marks[[ord(char) for char in beyond if digit.match(char)]] = _DIGIT_MARK
    return marks


def _masked(values: np.ndarray) -> list[str]:
    """The texts as the first sort reads them: as many characters, all ASCII."""
    masked: list[str] = []
    for start in range(0, len(values), _CHUNK):
        chunk = list(values[start:start + _CHUNK])
        joined = _SEPARATOR.join(chunk)
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        marked = _marks()[codes]
        marked[codes == 0] = 0  # the separator (and a NUL a text holds, told apart below)
        pieces = marked.tobytes().decode("ascii").split(_SEPARATOR)
        if len(pieces) != len(chunk):  # a text holds a NUL: one by one
            pieces = [_marks()[np.frombuffer(value.encode("utf-32-le", "surrogatepass"),
                                             dtype=np.uint32)].tobytes().decode("ascii")
                      for value in chunk]
        masked += pieces
    return masked


_NOT_PLAIN = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]|(?![\x00-\x7f])[\w\s]")


def _arrow(values: np.ndarray):
    import pyarrow as pa

    return pa.array(values, type=pa.string())


def _matches(pc, arrow, rewritten: str, pattern: re.Pattern) -> np.ndarray:
    return pc.match_substring_regex(arrow, rewritten,
                                    ignore_case=bool(pattern.flags & re.IGNORECASE)
                                    ).to_numpy(zero_copy_only=False)


def _plain(value: str) -> bool:
    """A text both engines read alike: not empty, no control character (their ``\\s``,
    ``$`` and ``.`` differ on tabs and line ends), and beyond ASCII only signs that are
    neither letters, digits nor spaces in either (guillemets, dashes, emoji: Python's
    ``\\w`` and ``\\s`` take in letters and spaces of every script, RE2's only ASCII ones;
    no ASCII letter matches a sign, whatever the case)."""
    if value.isascii():
        return value.isprintable() and value != ""
    return _NOT_PLAIN.search(value) is None


def _python(pattern: re.Pattern, values: np.ndarray) -> np.ndarray:
    return np.fromiter((pattern.search(value) is not None for value in values), dtype=bool,
                       count=len(values))


class _Unsupported(Exception):
    """A part of a pattern that RE2 cannot read as Python does."""


@functools.lru_cache(maxsize=512)
def re2_pattern(pattern: re.Pattern, loose: bool = False) -> str | None:
    """``pattern`` written for RE2, found in a text both engines read alike (``_plain``)
    exactly when Python finds it there; None when it has a part this cannot vouch for.

    ``loose``: for texts masked as ``Texts.may_contain`` masks them, found at least
    wherever Python finds something in the text before masking: each part that takes a
    character takes the mark too where Python could take a character beyond printable
    ASCII; what takes none (anchors, word boundaries, look-arounds) is left out; a
    back-reference reads as any text."""
    if not isinstance(pattern.pattern, str):
        return None
    try:
        from re import _parser

        writer = _Writer(loose, bool(pattern.flags & re.IGNORECASE))
        items = list(_parser.parse(pattern.pattern, pattern.flags))
        rewritten = writer.sequence(_trimmed(items) if loose else items)
    except (_Unsupported, ImportError, re.error):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    try:  # RE2's own limits (repeats, memory): Python searches
        pc.match_substring_regex(pa.array([""]), rewritten)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return rewritten


def _trimmed(items: list) -> list:
    """A pattern's parts with the repeats at its ends cut to what a match needs at the
    least (``x+y*`` finds something wherever ``x`` does): fewer states for RE2, and still
    found wherever the whole is."""
    def needed(item):
        op, value = item
        if str(op) in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, inner = value
            return None if low == 0 else (op, (1, 1, inner)) if low == 1 else item
        return item

    while items and (first := needed(items[0])) is not items[0]:
        items = ([first] if first else []) + items[1:]
        if first:
            break
    while items and (last := needed(items[-1])) is not items[-1]:
        items = items[:-1] + ([last] if last else [])
        if last:
            break
    return items


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D",
               "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
               "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S"}
"""On printable ASCII both engines read these alike (the only space is the space)."""
_ANCHORS = {"AT_BEGINNING": "^", "AT_BEGINNING_STRING": r"\A", "AT_END": "$",
            "AT_END_STRING": r"\z", "AT_BOUNDARY": r"\b"}
"""Not ``\\B``: RE2 finds one inside a character of several bytes, between two signs."""
_MAX_REPEAT = 1000
_ANYTHING = "(?s:.)"
_OTHER = r"\x{01}"
_MARKS = r"[0_\x{01}]"
"""What a character beyond printable ASCII reads as in the first sort (``_marks``)."""


class _Writer:
    """Writes the parts of a pattern Python's parser read (``re._parser``) for RE2."""

    def __init__(self, loose: bool, ignore_case: bool) -> None:
        self.loose = loose
        self.ignore_case = ignore_case

    def sequence(self, items) -> str:
        return "".join(self.part(str(op), value) for op, value in items)

    def part(self, op: str, value) -> str:
        if op in ("LITERAL", "NOT_LITERAL"):
            return self._literal(value, negated=op == "NOT_LITERAL")
        if op == "ANY":
            return _ANYTHING
        if op == "IN":
            return self._class(value)
        if op == "BRANCH":
            return "(?:" + "|".join(self.sequence(branch) for branch in value[1]) + ")"
        if op == "SUBPATTERN":
            return self._group(*value)
        if op in ("MAX_REPEAT", "MIN_REPEAT") or (op == "POSSESSIVE_REPEAT" and self.loose):
            return self._repeat(*value)
        if op == "AT" and str(value) in _ANCHORS and not self.loose:
            return _ANCHORS[str(value)]
        if op == "AT" and str(value) in ("AT_BOUNDARY", "AT_NON_BOUNDARY") and self.loose:
            return r"\b" if str(value) == "AT_BOUNDARY" else r"\B"  # the marks keep words
        if not self.loose:  # look-arounds, back-references, possessive repeats...
            raise _Unsupported
        if op in ("ASSERT", "ASSERT_NOT", "AT"):
            return ""
        if op == "ATOMIC_GROUP":
            return f"(?:{self.sequence(value)})"
        if op == "GROUPREF":
            return "(?s:.*)"
        if op == "GROUPREF_EXISTS":
            _, yes, no = value
            return f"(?:{self.sequence(yes)}|{self.sequence(no) if no else ''})"
        raise _Unsupported

    def _literal(self, code: int, negated: bool) -> str:
        if not 0x20 <= code <= 0x7E:
            if not self.loose:  # ignoring case, Python may match an ASCII letter with it
                raise _Unsupported
            return _ANYTHING
        if negated:
            return f"(?:[^{_char(code)}]|{_MARKS})" if self.loose else f"[^{_char(code)}]"
        if self.loose and self._cased_beyond(code):
            return f"[{_char(code)}_]"  # K (Kelvin) is a k, ſ an s...
        return _char(code)

    def _cased_beyond(self, code: int) -> bool:
        return self.ignore_case and chr(code).lower() in _cased_beyond_ascii()

    def _group(self, _, added, removed, items) -> str:
        before = self.ignore_case
        self.ignore_case = bool((before or added & re.IGNORECASE)
                                and not removed & re.IGNORECASE)
        flags = "i" if added & re.IGNORECASE else "-i" if removed & re.IGNORECASE else ""
        inside = self.sequence(items)
        self.ignore_case = before
        return f"(?{flags}:{inside})"

    def _repeat(self, low, high, items) -> str:
        unbounded = str(high) == "MAXREPEAT"
        if low > _MAX_REPEAT or (high > _MAX_REPEAT and not unbounded):
            if not self.loose:
                raise _Unsupported
            low, unbounded = min(low, _MAX_REPEAT), True
        return f"(?:{self.sequence(items)}){{{low},{'' if unbounded else high}}}"

    def _class(self, items) -> str:
        negated, parts, marks = False, [], ""
        for op, value in items:
            op = str(op)
            if op == "NEGATE":
                negated = True
            elif op == "LITERAL" and 0x20 <= value <= 0x7E:
                parts.append(_char(value))
                marks += "_" if self._cased_beyond(value) else ""
            elif op == "RANGE" and 0x20 <= value[0] and value[1] <= 0x7E:
                parts.append(f"{_char(value[0])}-{_char(value[1])}")
                marks += "_" if any(self._cased_beyond(code)
                                    for code in range(value[0], value[1] + 1)) else ""
            elif op == "CATEGORY" and str(value) in _CATEGORIES:
                parts.append(_CATEGORIES[str(value)])
                marks += _OTHER if str(value) == "CATEGORY_SPACE" else ""
            elif not self.loose:
                raise _Unsupported
            else:
                return _ANYTHING
        if negated:
            written = "[^" + "".join(parts) + "]"
            return f"(?:{written}|{_MARKS})" if self.loose else written
        return "[" + "".join(parts) + (marks if self.loose else "") + "]"


@functools.cache
def _cased_beyond_ascii() -> frozenset[str]:
    """The ASCII letters (lower case) that Python, ignoring case, matches with a character
    beyond ASCII (i, k, s: İ, ı, K, ſ). One look over Unicode, about 0.2 s, once."""
    beyond = "".join(chr(code) for code in range(0x80, 0x110000)
                     if not 0xD800 <= code <= 0xDFFF)
    return frozenset(letter for letter in string.ascii_lowercase
                     for char in set(re.findall("(?i)[a-z]", beyond))
                     if re.fullmatch(letter, char, re.IGNORECASE))


def _char(code: int) -> str:
    return chr(code) if chr(code).isalnum() else f"\\x{{{code:02X}}}"
