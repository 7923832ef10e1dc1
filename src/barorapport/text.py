"""Text normalisation, one of each: how labels, answers, rules and headings are compared.

- ``fold_typography``: one kind of apostrophe, quotation mark and space, spaces collapsed,
  trimmed (export headings and labels against the questionnaire);
- ``fold_accents``: lower case, no accents, ligatures spelt out, straight apostrophes
  (answers against theme rules);
- ``strip_accents``: accents and ligatures out, the case kept (regular expressions, where
  ``\\W`` must not become ``\\w``);
- ``plain_words``: lower case, no accents, punctuation and underscores as spaces (column
  headings against names of personal data).
"""

from __future__ import annotations

import re
import unicodedata

TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"',
                            "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u00a0": " ",
                            "\u202f": " ", "\u2009": " "})
"""Typographic apostrophes, quotation marks and spaces to their plain forms."""
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "\u2019": "'", "\u02bc": "'"})
_SPACES = re.compile(r"\s+")


def collapse_spaces(text: str) -> str:
    """Every run of white space as one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


def fold_typography(text: str) -> str:
    """``text`` as labels and headings are compared: one kind of apostrophe, of quotation
    mark and of space, spaces collapsed, trimmed."""
    return collapse_spaces(text.translate(TYPOGRAPHY))


def strip_accents(text: str) -> str:
    """Accents out and ligatures spelt out, the case kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold_accents(text: str) -> str:
    """Lower case, no accents, straight apostrophes: how answers and rules are compared."""
    return strip_accents(text.lower())


def plain_words(text: str) -> str:
    """Lower case, accents removed, punctuation and underscores turned into spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(character for character in decomposed
                      if not unicodedata.combining(character))
    return re.sub(r"[\W_]+", " ", letters).strip()
