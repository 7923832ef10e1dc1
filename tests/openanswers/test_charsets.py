"""spaCy's French model is loaded with each character class optimised once: the compiled
patterns are the same code, the optimisation runs once per distinct class."""

from __future__ import annotations

import re
from re import _compiler, _parser

import pytest

from barorapport.openanswers.charsets import charsets_optimised_once

LETTERS = "[^\\W\\d_]"
PATTERNS = [
    (f"(?:{LETTERS}+-{LETTERS}+)|(?:{LETTERS}+'{LETTERS}+)|[àâäéèêëîïôöùûüç]{{2,}}", re.I),
    ("|".join(f"(?:{word}-[a-zœæ]+)" for word in ("anti", "arrière", "demi", "néo", "sous")),
     re.I | re.U),
    ("[\\u00C0-\\u024F\\u1E00-\\u1EFF]+|[^\\s,;]+", 0),
]


def _code(pattern: str, flags: int) -> list[int]:
    parsed = _parser.parse(pattern, flags)
    return _compiler._code(parsed, parsed.state.flags)


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_the_compiled_code_is_the_same(pattern, flags):
    plain = _code(pattern, flags)
    with charsets_optimised_once():
        assert _code(pattern, flags) == plain
        assert _code(pattern, flags) == plain  # and again, from what was kept


def test_spacys_french_token_pattern_compiles_to_the_same_code():
    from spacy.lang.fr import tokenizer_exceptions  # spaCy is a dependency of the engine

    compiled = tokenizer_exceptions.TOKEN_MATCH.__self__
    plain = _code(compiled.pattern, compiled.flags)
    with charsets_optimised_once():
        assert _code(compiled.pattern, compiled.flags) == plain


def test_each_distinct_class_is_optimised_once_and_re_is_left_as_it_was(monkeypatch):
    original = _compiler._optimize_charset
    calls = []

    def counted(charset, *arguments):
        calls.append(tuple(charset))
        return original(charset, *arguments)

    monkeypatch.setattr(_compiler, "_optimize_charset", counted)
    pattern = "|".join(f"(?:{LETTERS}+x{index})" for index in range(40))
    _code(pattern, re.I)
    everywhere = len(calls)
    calls.clear()
    with charsets_optimised_once():
        _code(pattern, re.I)
    assert everywhere >= 40 and len(calls) == len(set(calls)) < everywhere
    assert _compiler._optimize_charset is counted
