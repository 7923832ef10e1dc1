"""The quick look at a CSV's quotes (NumPy, whole file) never passes a file that the careful
reading (Python's csv module, record by record) refuses, and finds the blank lines it finds."""

from __future__ import annotations

import csv
import io
import random

import numpy as np
import pytest

from barorapport.errors import SurveyError
from barorapport.survey import structure

PIECES = ["a", "b", '"', '""', ",", "\n", "\r\n", " ", "x,y,z", "é", "\n\n"]


def _careful(text: bytes, width: int, monkeypatch) -> bool:
    """Whether the record-by-record reading accepts ``text``."""
    with monkeypatch.context() as patch:
        patch.setattr(structure, "_plainly_quoted", lambda *arguments: None)
        try:
            structure.check_structure(text, ",", width, "f.csv", [])
        except SurveyError:
            return False
    return True


def _blank_records(text: bytes) -> bool:
    stream = io.TextIOWrapper(io.BytesIO(text), encoding="utf-8", newline="")
    return any(not record for record in csv.reader(stream))


@pytest.mark.parametrize("seed", range(4))
def test_the_quick_look_passes_only_what_the_careful_reading_passes(seed, monkeypatch):
    generator = random.Random(seed)
    passed = 0
    for _ in range(3000):
        width = generator.choice([1, 3, 4])
        text = "".join(generator.choice(PIECES)
                       for _ in range(generator.randint(1, 14))).encode()
        if b'"' not in text:
            continue
        outside = structure._plainly_quoted(np.frombuffer(text, dtype=np.uint8), text, ",",
                                            width)
        if outside is None:
            continue
        passed += 1
        assert _careful(text, width, monkeypatch), text
        assert structure.check_structure(text, ",", width, "f.csv", []) == \
            _blank_records(text), text
    assert passed > 200  # the quick look is taken, not always handed to the careful reading


def test_a_well_formed_export_with_answers_over_several_lines_takes_the_quick_look():
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\r\n")
    writer.writerow(["id", "age", "avis"])
    writer.writerows([["A1", "30", 'Deux lignes,\nun "mot"'], ["A2", "41", "a\n\nb"],
                      ["A3", "", "trois\nlignes\nici"]])
    text = rows.getvalue().encode()
    outside = structure._plainly_quoted(np.frombuffer(text, dtype=np.uint8), text, ",", 3)
    assert outside is not None
    assert [text[:break_ + 1].count(b"\r\n") for break_ in outside.tolist()] == [1, 2, 3, 4]
