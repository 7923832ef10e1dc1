"""The privacy gate measured on its corpus (recall and false alarms, as docs/privacy.md
reports them), fuzzed with hypothesis, and invisible characters taken out of quotations."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from barorapport.commands.build import build
from barorapport.openanswers.privacy import EMAIL, IBAN, NIR, PHONE, scan
from barorapport.personal.normalise import fold, invisible, strip_invisible
from barorapport.personal.patterns import find

from ..helpers import pdf_text, quote_new_answer
from . import corpus

DOCS = Path(__file__).parents[2] / "docs/privacy.md"


def test_the_corpus_is_large_enough_in_both_directions():
    assert len(corpus.personal()) >= 200
    assert len(corpus.innocent()) >= 200
    kinds = {kind for _text, kind in corpus.personal()}
    assert kinds == {"phone", "email", "iban", "nir", "address", "civility"}


def test_recall_and_false_alarms_are_those_the_docs_report():
    result = corpus.measure()
    documented = DOCS.read_text(encoding="utf-8")
    recall = re.search(r"recall: (\d+) of (\d+) written variants", documented)
    alarms = re.search(r"false alarms: (\d+) of (\d+) innocent sentences", documented)
    assert (int(recall[1]), int(recall[2])) == (result["found"], result["variants"])
    assert (int(alarms[1]), int(alarms[2])) == (len(result["alarms"]), result["innocent"])
    # What the gate misses is the hard variants written to be missed, nothing else.
    assert sorted(result["missed"]) == sorted(text for text, _kind in corpus.HARD)
    assert result["found"] / result["variants"] >= 0.97
    assert len(result["alarms"]) / result["innocent"] <= 0.01


# Invisible characters and look-alikes a writer (or an attacker) can put anywhere.
_NOISE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
                          "\u202e", "\u202c", "\u2066", "\u2069"])
_VALUES = st.sampled_from([
    ("jean.dupont@exemple.fr", EMAIL), ("06 12 34 56 78", PHONE), ("0612345678", PHONE),
    ("+33 6 12 34 56 78", PHONE), ("FR76 3000 6000 0112 3456 7890 189", IBAN),
    ("1 85 05 78 006 084 91", NIR)])


@st.composite
def _disguised(draw):
    """A personal value with invisible characters slipped in and some characters written
    fullwidth, inside innocent words."""
    value, kind = draw(_VALUES)
    chars = []
    for char in value:
        if char.isascii() and char.isalnum() and draw(st.booleans()):
            char = chr(ord(char) + 0xFEE0)  # fullwidth
        chars.append(char)
        if draw(st.integers(0, 5)) == 0:
            chars.append(draw(_NOISE))
    before = draw(st.sampled_from(["Voici :", "mon contact", "Call", ""]))
    after = draw(st.sampled_from(["merci.", "please", "", "!"]))
    return f"{before} {''.join(chars)} {after}", kind


@settings(max_examples=300, deadline=None)
@given(_disguised())
def test_a_disguised_value_is_still_found(case):
    text, kind = case
    assert kind in scan(text, names=False)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_without_error_and_folding_is_stable(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not invisible(folded)
    for finding in find(folded):
        assert 0 <= finding.start < finding.end <= len(folded)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(corpus.innocent()), st.lists(_NOISE, max_size=4))
def test_invisible_characters_never_make_an_innocent_sentence_personal(sentence, noise):
    words = sentence.split(" ")
    for index, char in enumerate(noise):
        position = (index * 7) % len(words)
        words[position] = words[position] + char
    assert scan(" ".join(words), names=False) == scan(sentence, names=False) == []


def test_invisible_characters_in_a_quotation_are_removed_and_said(mini, caplog):
    answer = "Le t\u00e9l\u00e9travail \u202eest\u202c partout\u200b, et les r\u00e9unions."
    quote_new_answer(mini, "cachee", answer)
    result = build(mini, progress=lambda message: None)
    page = (result.folder / "web/resultats.html").read_text(encoding="utf-8")
    assert "t\u00e9l\u00e9travail est partout, et les r\u00e9unions." in page
    assert not invisible(page)
    assert not invisible(pdf_text(result.outputs["pdf"]))
    assert [record.getMessage().replace(f"{mini}/", "") for record in caplog.records
            if record.levelname == "WARNING"] == [
        "data/2024/testimonies.yaml:16:9: testimony 'cachee': 3 invisible character(s) "
        "removed from the published text (RIGHT-TO-LEFT OVERRIDE, POP DIRECTIONAL "
        "FORMATTING, ZERO WIDTH SPACE)"]
    assert strip_invisible(answer) == answer.replace("\u202e", "").replace(
        "\u202c", "").replace("\u200b", "")
