"""Theme matching in bulk (each distinct text folded once, one alternation per theme) finds
exactly what the former loop (each answer folded alone, each expression searched alone)
found: on the 2020 answers, on invented ones with awkward Unicode, with rules that use
groups, back-references and flags of their own."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from barorapport import bulktext
from barorapport.bulktext import fold_accents_all
from barorapport.openanswers.themes import Theme, ThemeRules, fold_answers, match_theme
from barorapport.text import fold_accents

ROOT = Path(__file__).resolve().parents[2]
AWKWARD = ["Œuvre ÉLÉMENTAIRE", "ﬁchier ＴＥＬＥＴＲＡＶＡＩＬ", "Ǆemal straße",
           "e\u0301quipe\u0301", "mail\u00a0pro", "İstanbul ıtalique", "ø ł đ ħ",
           "visio 🙂 zoom", "télé-travail", "ΟΔΟΣ ΣΑΣ",
           "", " ", "Tele\u2011travail", "ordinateur\u0308s", "\u212a\u017f mails", "réseaux ©",
           "a\u200bb", "ＺＯＯＭ", "Ⅳ ① ²", "x\ny visio\r\n", "Ça  ?!"]


def _answers() -> list[str | None]:
    raw = pd.read_csv(ROOT / "data/2020/responses.csv", dtype=str, keep_default_na=False)
    texts = [value for column in ("Q5", "Q11", "Q13") for value in raw[column]]
    random = np.random.default_rng(3)
    mixed = [" ".join(random.choice(texts + AWKWARD, 3)) for _ in range(600)]
    return texts + AWKWARD + mixed + [None, np.nan] + texts[:50]  # repeats, not answered


def _rules() -> list[Theme]:
    shipped = ThemeRules.model_validate(
        __import__("yaml").safe_load((ROOT / "data/2020/themes.yaml").read_text("utf-8")))
    invented = [
        Theme(id="groups", label="G", patterns=[r"travail(ler)? a distance", r"(\w+) \1"],
              exclude=[r"(?P<w>vis)io(?P=w)?"]),
        Theme(id="flags", label="F", patterns=[r"(?x) zo om", r"\bmails?\b", r"(?-i:Zoom)"]),
        Theme(id="words", label="W", words=["éducateur", "réseau social", "numéri*", "cœur"],
              exclude_words=["ordinateur"]),
        Theme(id="classes", label="C", patterns=[r"\w\W\w", r"^\s*$", r"[^\x00-\x7f]"]),
    ]
    return [theme for themes in shipped.root.values() for theme in themes] + invented


def _former(answers: pd.Series, folded: pd.Series, theme: Theme) -> list[bool]:
    """The loop it replaces: each expression searched alone in each answer folded alone
    (``folded``: ``answers.where(answered, "").map(fold_accents)``)."""
    answered = answers.notna()

    def search(expressions):
        compiled = [re.compile(expression, re.IGNORECASE) for expression in expressions]
        return folded.map(lambda value: any(p.search(value) for p in compiled)).astype(bool)

    found = search(theme.expressions("include")) & answered
    excluded = search(theme.expressions("exclude")) & answered
    return (found & ~excluded).tolist()


@pytest.mark.parametrize("few", [10**9, 0], ids=["one by one", "in bulk"])
def test_bulk_matching_finds_what_the_loop_found(monkeypatch, few):
    monkeypatch.setattr(bulktext, "FEW", few)
    answers = pd.Series(_answers(), dtype=object)
    folded = fold_answers(answers)
    former = answers.where(answers.notna(), "").map(fold_accents)
    for theme in _rules():
        assert match_theme(answers, theme, folded).counted.tolist() == \
            _former(answers, former, theme), theme.id


def test_the_bulk_fold_is_the_fold_of_each_text(monkeypatch):
    monkeypatch.setattr(bulktext, "FEW", 0)
    texts = AWKWARD + ["ΟΔΟΣ ΣΑΣ Σ", "\ud800 lone", "a\x00b"] + [
        chr(code) + "é" + chr(code).upper() for code in range(0x80, 0x3000)]
    assert fold_accents_all(texts) == [fold_accents(value) for value in texts]
    assert fold_accents_all(texts[:-1]) == [fold_accents(value) for value in texts[:-1]]
