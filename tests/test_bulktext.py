"""Searching many texts at once finds, text by text, what Python's ``re`` finds: random
patterns over random texts, RE2 used where the pattern and the text allow it."""

from __future__ import annotations

import re

import numpy as np
import pytest

from barorapport import bulktext
from barorapport.bulktext import Texts, re2_pattern

ALPHABET = list("abkKsSz09 _-'.,!?()[]\\") + [
    "\t", "\n", "\x00", "é", "\u212a", "\u017f", "œ", "ı", "«", "»", "–", "…", "€", "\u00a0",
    "\u2028", "\u200b", "٣", "🙂", "²"]
ATOMS = ["a", "b", "k", "s", "z", "0", " ", "'", r"\.", r"\d", r"\w", r"\s", r"\W", r"\D",
         r"\S", ".", "[a-k]", "[^a-k]", r"[\d\s]", r"[^\w]", "[K-Z_]", "é", "[é]", "\u212a",
         r"\b", r"\B", "^", "$", r"\A", r"\Z", r"(?=a)", r"(?<!b)", r"(?-i:K)", r"(?i:k)"]


def _pattern(random: np.random.Generator, depth: int = 0) -> str:
    parts = []
    for _ in range(random.integers(1, 4)):
        choice = random.random()
        if choice < 0.15 and depth < 2:
            part = "(?:" + "|".join(_pattern(random, depth + 1)
                                    for _ in range(random.integers(1, 3))) + ")"
        elif choice < 0.25 and depth < 2:
            part = "(" + _pattern(random, depth + 1) + ")"
        else:
            part = str(random.choice(ATOMS))
        if random.random() < 0.3:
            part += str(random.choice(["*", "+", "?", "{2}", "{1,3}", "*?", "{0,}"]))
        parts.append(part)
    return "".join(parts)


def _texts(random: np.random.Generator, count: int) -> list[str]:
    return ["".join(random.choice(ALPHABET, random.integers(0, 12))) for _ in range(count)]


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_bulk_search_finds_what_python_finds(monkeypatch, flags):
    monkeypatch.setattr(bulktext, "FEW", 0)
    random = np.random.default_rng(7 + flags)
    texts = Texts(_texts(random, 3000))
    rewritten = 0
    tried = 0
    while tried < 300:
        try:
            pattern = re.compile(_pattern(random), flags)
        except re.error:  # a repeated anchor, a look-behind of no fixed width
            continue
        tried += 1
        rewritten += re2_pattern(pattern) is not None
        expected = [pattern.search(value) is not None for value in texts.values]
        assert texts.contains(pattern).tolist() == expected, pattern.pattern
    assert rewritten > 150  # most patterns did go through RE2


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_the_first_sort_keeps_every_text_python_finds_something_in(monkeypatch, flags):
    monkeypatch.setattr(bulktext, "FEW", 0)
    random = np.random.default_rng(11 + flags)
    texts = Texts(_texts(random, 3000))
    sorted_out = 0
    for _ in range(300):
        try:
            pattern = re.compile(_pattern(random), flags)
        except re.error:
            continue
        found = [pattern.search(value) is not None for value in texts.values]
        possible = texts.may_contain(pattern)
        assert all(possible[found]), pattern.pattern
        sorted_out += int((~possible).sum())
    assert sorted_out > 50_000  # it does sort texts out


@pytest.mark.parametrize(("pattern", "rewritten"), [
    (r"\bmails?\b", r"\bmail(?:s){0,1}\b"),
    (r"tele[- ]?travail|(?-i:Zoom)", r"(?:tele(?:[\x{2D}\x{20}]){0,1}travail|(?-i:Zoom))"),
    (r"(?=x)a", None), (r"(a)\1", None), (r"a*+", None), ("caf[éè]", None),
    (r"x{2000}", None), (r"a{,2}", r"(?:a){0,2}"),
])
def test_patterns_written_again_for_re2(pattern, rewritten):
    assert re2_pattern(re.compile(pattern, re.IGNORECASE)) == rewritten


@pytest.mark.parametrize(("pattern", "rewritten"), [
    (r"(?<![\w+])0[1-9](?=\D)$", r"0[1-9]"), (r"(a)\1", r"(?:a)(?s:.*)"),
    (r"(?i:Mister)[^\s]", r"(?i:M[i_][s_]ter)(?:[^\s]|[0_\x{01}])"),
    (r"\bM\.\s+[A-Z]\d", r"\bM\x{2E}(?:[\s\x{01}]){1,}[A-Z][\d]"),
    ("caf[éè]s?", r"caf(?s:.)"), (r"x{2000}", r"(?:x){1000,}"), (r"a*+b", "b"),
    (r"\w+@\w+(?:\.\w+)*", r"(?:[\w]){1,1}\x{40}(?:[\w]){1,1}"),
])
def test_patterns_widened_for_a_first_sort(pattern, rewritten):
    assert re2_pattern(re.compile(pattern), loose=True) == rewritten
