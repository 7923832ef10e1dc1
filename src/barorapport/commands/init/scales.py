"""Answer scales recognised from their labels, to put a question's answers in their order.

Input: the distinct answers of a question (or of a grid's items, pooled). Output: the
answers in their order and the scale's name, or None when they are not one scale.

A label is read as a degree on one scale, in French or English: agreement, satisfaction,
accuracy, importance, likelihood, quality (each ``pole`` word, negated or not, with an
intensity: ``Strongly disagree`` −3, ``Plutôt pas d'accord`` −1, ``Neither … nor`` 0,
``Very accurate`` 3), frequency, and yes or no. Answers that say no answer (``Don't know``,
``Ne se prononce pas``...) go last. Every substantive answer must be on the same scale at
a different degree; else the scale is not recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...text import plain_words


@dataclass(frozen=True)
class Pole:
    """A bipolar scale: the words of its negative side (tried first: ``disagree`` holds
    ``agree``) and of its positive side, as ``plain_words`` folds them."""

    name: str
    negative: re.Pattern
    positive: re.Pattern


def _words(*alternatives: str) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b")


POLES = (
    Pole("agreement",
         _words("disagree", "desaccord", r"pas (\w+ )*d accord", "peu d accord"),
         _words("agree", "d accord")),
    Pole("satisfaction",
         _words("dissatisfied", "unsatisfied", r"not (\w+ )*satisfied", "insatisfaite?s?",
                r"pas (\w+ )*satisfaite?s?", "peu satisfaite?s?", "mecontente?s?",
                r"pas (\w+ )*contente?s?"),
         _words("satisfied", "satisfaite?s?", "contente?s?")),
    Pole("accuracy",
         _words("inaccurate", r"not (\w+ )*accurate", "inexacte?", r"pas (\w+ )*exacte?",
                r"ne (\w+ )*correspond (\w+ )*pas"),
         _words("accurate", "exacte?", "me correspond", "correspond")),
    Pole("importance",
         _words("unimportant", r"not (\w+ )*important", r"pas (\w+ )*importante?s?",
                "peu importante?s?", "sans importance"),
         _words("important", "importante?s?")),
    Pole("likelihood",
         _words("unlikely", r"not (\w+ )*likely", "improbable", r"pas (\w+ )*probable",
                "peu probable"),
         _words("likely", "probable")),
    Pole("quality",
         _words("poor", "bad", "mauvaise?s?", "mediocre", "insuffisante?"),
         _words("good", "bon(ne)?s?", "satisfaisante?")),
)
_NEUTRAL = _words("neither", "neutral", "undecided", r"ni (\w+ )*ni", "neutre", "indecise?",
                  "fair", "average", "moyen(ne)?", "passable", "mitige")
_TOP = re.compile(r"(excellent|excellente|outstanding)")
_INTENSITY = (
    (_words("extremely", "extremement", "exceptionally"), 4),
    (_words("not at all", "pas du tout", "absolument pas", "aucunement",
            "strongly", "completely", "totally", "very", "fully", "entirely", "highly",
            "tout a fait", "totalement", "fortement", "tres", "entierement", "completement",
            "absolument", "parfaitement"), 3),
    (_words("somewhat", "slightly", "tend to", "mildly", "rather", "fairly", "a little",
            "a bit", "plutot", "assez", "legerement", "moyennement", "pas vraiment",
            "un peu", "peu", "partly", "partially", "partiellement"), 1),
    (_words("moderately", "mostly", "moderement", "largement"), 2),
)
"""Intensity words, the first found wins (``pas du tout`` before ``peu``)."""

FREQUENCY = {
    "never": 0, "jamais": 0, "almost never": 1, "presque jamais": 1, "quasiment jamais": 1,
    "rarely": 2, "seldom": 2, "rarement": 2, "tres rarement": 1,
    "occasionally": 3, "occasionnellement": 3, "less than once a month": 3,
    "moins d une fois par mois": 3,
    "sometimes": 4, "parfois": 4, "quelquefois": 4, "de temps en temps": 4,
    "de temps a autre": 4, "once a month": 4, "monthly": 4, "une fois par mois": 4,
    "chaque mois": 4, "tous les mois": 4, "several times a month": 5,
    "plusieurs fois par mois": 5,
    "often": 6, "frequently": 6, "souvent": 6, "frequemment": 6, "once a week": 6,
    "weekly": 6, "une fois par semaine": 6, "chaque semaine": 6, "toutes les semaines": 6,
    "several times a week": 7, "plusieurs fois par semaine": 7,
    "very often": 8, "usually": 8, "most of the time": 8, "tres souvent": 8,
    "la plupart du temps": 8, "generalement": 8, "daily": 8, "every day": 8,
    "tous les jours": 8, "quotidiennement": 8, "chaque jour": 8,
    "almost always": 9, "presque toujours": 9, "quasiment toujours": 9,
    "always": 10, "toujours": 10, "systematiquement": 10, "several times a day": 10,
    "plusieurs fois par jour": 10,
}
YES_NO = {"yes": 0, "oui": 0, "no": 1, "non": 1}
NO_ANSWER = frozenset(map(plain_words, (
    "Don't know", "Do not know", "Don't know / no opinion", "Not sure", "No opinion",
    "Prefer not to say", "Prefer not to answer", "Not applicable", "N/A", "NA",
    "Refused", "Ne sait pas", "Je ne sais pas", "NSP", "Sans opinion", "Ne se prononce pas",
    "NSPP", "Je ne souhaite pas répondre", "Ne souhaite pas répondre", "Non concerné",
    "Non concernée", "Pas concerné", "Sans objet", "Je préfère ne pas répondre")))


EXTENT = {
    "not at all": 0, "pas du tout": 0, "a little": 1, "a little bit": 1, "un peu": 1,
    "plutot pas": 1, "somewhat": 2, "moderately": 2, "moyennement": 2, "plutot": 3,
    "quite a bit": 3, "assez": 3, "very much": 4, "a lot": 4, "beaucoup": 4,
    "tout a fait": 5, "extremely": 5, "enormement": 5, "completely": 5, "totalement": 5,
}
"""Degrees with no pole word (``Pas du tout``, ``Plutôt``, ``Tout à fait``)."""


def _degree(label: str) -> tuple[str, float] | None:
    """(scale, degree) of one label, or None; a neutral answer's scale is ``any`` when it
    names no pole (``Neutral``, ``Moyen``)."""
    folded = plain_words(label)
    for name, table in (("frequency", FREQUENCY), ("yes or no", YES_NO),
                        ("extent", EXTENT)):
        if folded in table:
            return name, table[folded]
    if _TOP.fullmatch(folded):
        return "quality", 5
    if _NEUTRAL.search(folded):
        return next((pole.name for pole in POLES if pole.negative.search(folded)
                     or pole.positive.search(folded)), "any"), 0
    for pole in POLES:
        negative = pole.negative.search(folded)
        if negative is None and not pole.positive.search(folded):
            continue
        intensity = next((level for pattern, level in _INTENSITY
                          if pattern.search(folded)), 2)
        return pole.name, -intensity if negative else intensity
    return None


def recognised_order(values: list[str]) -> tuple[list[str], str] | None:
    """``values`` in their order on the one scale they are all on, and its name; answers
    saying no answer last, in the order given. None when they are not one scale."""
    substantive = [value for value in values if plain_words(value) not in NO_ANSWER]
    last = [value for value in values if plain_words(value) in NO_ANSWER]
    if len(substantive) < 2:
        return None
    degrees = [_degree(value) for value in substantive]
    if any(degree is None for degree in degrees):
        return None
    scales = {scale for scale, _ in degrees} - {"any"}
    if len(scales) != 1:
        return None
    positions = [degree for _, degree in degrees]
    if len(set(positions)) != len(positions):
        return None
    ordered = [value for _, value in sorted(zip(positions, substantive, strict=True))]
    return ordered + last, scales.pop()
