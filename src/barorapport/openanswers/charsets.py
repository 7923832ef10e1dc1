"""Loading spaCy's French model without optimising the same character class a hundred times.

The French tokenizer compiles regular expressions (1.45 MB for its token exceptions alone)
whose branches repeat the same character classes, every letter of Unicode among them; Python's
``re`` optimises each occurrence again, which is two thirds of the model's 3 s load. Within
``charsets_optimised_once()``, the optimisation of a character class is computed once and
reused. It is a pure function of the class, so the compiled patterns are the same code
(``tests/openanswers/test_charsets.py``); where ``re`` has no such function (another Python),
nothing is changed.
"""

from __future__ import annotations

import contextlib

try:
    from re import _compiler
except ImportError:  # pragma: no cover - before Python 3.11: sre_compile, left as it is
    _compiler = None


@contextlib.contextmanager
def charsets_optimised_once():
    """Within the block, ``re`` optimises each distinct character class once."""
    original = getattr(_compiler, "_optimize_charset", None)
    if original is None:  # pragma: no cover - another implementation of re
        yield
        return
    done: dict = {}

    def optimise(charset, iscased=None, fixup=None, fixes=None):
        try:
            key = (tuple((op, tuple(value) if isinstance(value, list) else value)
                         for op, value in charset), iscased, fixup, id(fixes))
            found = done.get(key)
        except TypeError:  # a class this cache cannot name: optimised as usual
            return original(charset, iscased, fixup, fixes)
        if found is None:
            found = done[key] = original(charset, iscased, fixup, fixes)
        optimised, cased = found
        return list(optimised), cased  # a copy: the compiler may extend it

    _compiler._optimize_charset = optimise
    try:
        yield
    finally:
        _compiler._optimize_charset = original
