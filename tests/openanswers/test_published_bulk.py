"""The final look's reading of the answers in bulk (those no rule can find anything in
sorted out by RE2 first) finds exactly what reading every distinct answer finds: on the 2020
answers mixed with personal data of every kind."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from barorapport import bulktext
from barorapport.openanswers import published
from barorapport.openanswers.published import respondent_data
from barorapport.personal.normalise import fold
from barorapport.survey import Questionnaire, Survey

from .test_privacy import INNOCUOUS, PERSONAL

ROOT = Path(__file__).resolve().parents[2]
ODD = ["Écrire à contact [at] asso-entraide.fr ou au 12 rue des Lilas, voir M. Dupont",
       "tel\u00a006\u202f12 34 56 78", "mail : a.b@exemple.fr.", "Mme\tMartin, 3 rue ,",
       "« 06 12 34 56 78 » — 75011 PARIS", "x\u200b06 12 34 56 78", "M. É", "M. D.",
       "2 A 90 03 2A 004 123 47", "fr76 3000 6000 0112 3456 7890 189", "Madame Ñoño",
       "01 45 67 89 10 01 45 67 89 10", "jean arobase exemple point fr", "",
       "０６ １２ ３４ ５６ ７８", "٠٦١٢٣٤٥٦٧٨", "+44 20 7946 0958", "221B Baker Street",
       "SW1A 1AA London", "call (415) 555-2671", "Мme Martin"]


def _pieces() -> list[str]:
    raw = pd.read_csv(ROOT / "data/2020/responses.csv", dtype=str, keep_default_na=False)
    shipped = [value for column in ("Q5", "Q13") for value in raw[column] if value]
    return shipped + [text for text, *_ in PERSONAL] + INNOCUOUS + ODD


def _survey(random: np.random.Generator) -> Survey:
    pieces = _pieces()
    mixed = [" ".join(random.choice(pieces, random.integers(1, 4))) for _ in range(2500)]
    answers = np.array(mixed + pieces, dtype=object)
    random.shuffle(answers)
    first, second = answers.copy(), answers[::-1].copy()
    first[::7] = None
    questionnaire = Questionnaire.model_validate({
        "survey": {"title": "t"},
        "questions": [{"id": "a", "type": "open", "text": "a"},
                      {"id": "b", "type": "open", "text": "b"},
                      {"id": "c", "type": "single", "text": "c",
                       "options": [{"code": "1", "label": "x"}]}]})
    frame = pd.DataFrame({"a": first, "b": second, "c": ["1"] * len(first)},
                         index=pd.Index([f"R{i}" for i in range(len(first))], name="id"))
    return Survey(questionnaire=questionnaire, answers=frame, source=Path("t.csv"))


def test_bulk_reading_finds_what_reading_every_answer_finds(monkeypatch):
    survey = _survey(np.random.default_rng(5))
    monkeypatch.setattr(bulktext, "FEW", 10**9)  # no first sort: every answer read
    every = respondent_data(survey)
    monkeypatch.setattr(bulktext, "FEW", 0)
    bulk = respondent_data(survey)
    assert len(every.canonical) > 10 and len(every.literal) > 10
    assert (bulk.canonical, bulk.literal, bulk.respondents) == \
        (every.canonical, every.literal, every.respondents)


def test_the_first_sort_keeps_every_text_a_rule_finds_something_in(monkeypatch):
    monkeypatch.setattr(bulktext, "FEW", 0)
    texts = [fold(text) for text in _pieces()]
    possible = published._may_hold_data(texts)
    found = np.array([bool(published.find(text)) for text in texts])
    assert found.sum() > 30 and possible[found].all()
    raw = pd.read_csv(ROOT / "data/2020/responses.csv", dtype=str, keep_default_na=False)
    shipped = [fold(value) for column in ("Q5", "Q11", "Q13") for value in raw[column] if value]
    assert published._may_hold_data(shipped).sum() < len(shipped) / 20  # it sorts
