"""The survey's own language, from its texts: what ``init`` writes as report.yaml's
``lang``, and the language of the files it writes.

Input: the language the survey's files declare (a ``.lss``, a ``.qsf``), else the texts of
the export (question texts, answers, headings). Output: a catalogue language the theme ships
(``fr`` or ``en``), and why. The texts' common words decide: French ones (``de``, ``les``,
``vous``...) against English ones (``the``, ``of``, ``you``...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...text import plain_words
from ...wording import DEFAULT_LANGUAGE, catalogue_language, shipped

WORDS = {
    "fr": frozenset("""le la les de des du un une et est en au aux vous votre vos nous ce
        cette ces que qui quel quelle quels quelles pour pas sur dans avec par ou plus tres
        tout jamais souvent parfois oui non accord plutot etes avez sont etre avoir""".split()),
    "en": frozenset("""the of and to in is are you your we this that these what which who
        how for not on with by or more very all never often sometimes yes no agree rather
        do does have has be been were was""".split()),
}
_WORD = re.compile(r"[a-z]+")


def survey_language(texts: Iterable[str], declared: str | None = None) -> tuple[str, str]:
    """(lang, why): the declared language when the theme ships it, else the one whose
    common words the texts use most (the default when they use none)."""
    if declared and catalogue_language(declared) in shipped():
        return catalogue_language(declared), "the survey's files declare it"
    counts = dict.fromkeys(WORDS, 0)
    for text in texts:
        for word in _WORD.findall(plain_words(text)):
            for lang, words in WORDS.items():
                counts[lang] += word in words
    best = max(counts, key=lambda lang: counts[lang])
    if counts[best] == 0 or list(counts.values()).count(counts[best]) > 1:
        return DEFAULT_LANGUAGE, "the texts do not tell (the default)"
    others = ", ".join(f"{count} {lang}" for lang, count in counts.items() if lang != best)
    return best, f"the texts' common words: {counts[best]} {best}, {others}"
