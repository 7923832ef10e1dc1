"""``fold`` skips the steps a text does not need (most answers hold no invisible character,
look-alike or odd space) and gives what running every step gives."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from barorapport.personal import normalise
from barorapport.personal.normalise import fold


def every_step(text: str) -> str:
    """What the gate reads, each step run on every text: invisible characters out, NFKC,
    look-alikes read as Latin, any run of spaces (line ends kept) one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", normalise._INVISIBLE.sub("", text))
        text = text.translate(normalise._LOOK_ALIKES)
    return re.sub(r"[^\S\n]+", " ", text)


# What makes a step needed, or looks as if it did: invisible characters of both planes,
# look-alikes, spaces of every kind, fullwidth forms NFKC folds (to spaces and letters too),
# combining accents, emoji, French letters.
PIECES = st.sampled_from([
    "a", "é", "É", "x", "@", "0", "6", ".", "-", "\n", " ", "  ", "\t", "\r", "\u00a0",
    "\u202f", "\u3000", "\u2028", "\u200b", "\u200d", "\u00ad", "\u202e", "\u2066", "\ufeff",
    "\U000e0041", "\U0001d173", "\U000110bd", "о", "Α", "\u2013", "\u2212", "。", "·", "＠",
    "０", "ｅ", "\u0301", "e\u0301", "e\u200b\u0301", "\U0001f600", "\U0001d400", "ﬁ", "’",
    "«", "»", "œ"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_fold_gives_what_every_step_gives(text):
    assert fold(text) == every_step(text)


def test_a_text_needing_no_step_is_returned_as_it_is():
    text = "L’œuvre coûte 5 € de plus, dit-elle : « c’est trop »."
    assert fold(text) == text
    assert fold("a\u00a0\u00a0b\t\u200bc") == "a b c"
