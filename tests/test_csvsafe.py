"""Every published CSV: no cell a spreadsheet would run as a formula (OWASP's list), no
number altered."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from barorapport.build import build
from barorapport.csvsafe import neutralise, neutralise_frame


@pytest.mark.parametrize(("cell", "expected"), [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("@SUM(1)", "'@SUM(1)"),
    ("-1+2 <b>gras</b>", "'-1+2 <b>gras</b>"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("-3", "-3"), ("-2,5", "-2,5"), ("-0.25", "-0.25"), ("-1e3", "-1e3"),
    ("ordinaire", "ordinaire"), ("a=b", "a=b"), ("", ""), (None, None), (-3, -3), (0.5, 0.5)])
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


def test_a_frame_is_neutralised_in_its_headings_and_text_cells():
    frame = pd.DataFrame({"label": ["=1+1", "ok"], "-1+2": [1.5, -3.0]})
    safe = neutralise_frame(frame)
    assert list(safe.columns) == ["label", "'-1+2"]
    assert safe["label"].tolist() == ["'=1+1", "ok"]
    assert safe["'-1+2"].tolist() == [1.5, -3.0]
    assert list(frame.columns) == ["label", "-1+2"]  # the chart's own data is untouched


def _rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


@pytest.mark.warnings
def test_labels_and_quarantined_cells_cannot_run_as_formulas(mini):
    questionnaire = mini / "data/2024/questionnaire.yaml"
    text = questionnaire.read_text(encoding="utf-8")
    text = text.replace('label: "Courriels"', 'label: "+cmd|\' /C calc\'!A0"')
    text = text.replace('label: "Le numérique est utile"', 'label: "@SUM(1)"')
    text = text.replace('label: "Pas d\'accord"}', 'label: "-1+2 <b>gras</b>"}')
    text = text.replace("id_column: id", "id_column: id\n  quarantine_threshold: 1")
    questionnaire.write_text(text, encoding="utf-8")
    responses = mini / "data/2024/responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8")
                         + '=1+1,"=HYPERLINK(""http://x"",""y"")",1,0,0,@SUM(1),1,\n',
                         encoding="utf-8")
    result = build(mini, progress=lambda message: None, quarantine_values=True)
    web = result.folder / "web/data"
    assert [row["label"] for row in _rows(web / "outils.csv")][0] == "'+cmd|' /C calc'!A0"
    avis = _rows(web / "avis.csv")
    assert "'-1+2 <b>gras</b>" in [row["label"] for row in avis]
    assert list(dict.fromkeys(row["item_label"] for row in avis)) == [
        "'@SUM(1)", "Le numérique est risqué"]
    quarantine = list(csv.reader(io.StringIO(
        (result.folder / "quarantine.csv").read_text("utf-8"))))
    assert quarantine[1:] == [
        ["10", "'=1+1", "fonction", "'=HYPERLINK(\"http://x\",\"y\")", "one of 1, 2"],
        ["10", "'=1+1", "avis_utile", "'@SUM(1)", "one of 1, 2, 3, 4"]]
