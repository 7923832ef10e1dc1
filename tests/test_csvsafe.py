"""Every published CSV: no cell a spreadsheet would run as a formula (OWASP's list), no
number altered."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from barorapport.commands.build import build
from barorapport.engine.csvsafe import csv_text, neutralise, neutralise_frame


@pytest.mark.parametrize(("cell", "expected"), [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("@SUM(1)", "'@SUM(1)"),
    ("-1+2 <b>gras</b>", "'-1+2 <b>gras</b>"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("-3", "-3"), ("-2,5", "-2,5"), ("-0.25", "-0.25"), ("-1e3", "-1e3"),
    ("ordinaire", "ordinaire"), ("a=b", "a=b"), ("", ""), (None, None), (-3, -3), (0.5, 0.5),
    # A formula after spaces, control or invisible characters, or a fullwidth look-alike.
    (" =1+1", "' =1+1"), ("\u00a0@SUM(1)", "'\u00a0@SUM(1)"), ("\x01=1", "'\x01=1"),
    ("\u200b=1", "'\u200b=1"), ("\n+1", "'\n+1"), ("\uff1d1+1", "'\uff1d1+1"),
    ("\uff0bcmd|' /C calc'!A0", "'\uff0bcmd|' /C calc'!A0"), ("\uff20SUM(1)", "'\uff20SUM(1)"),
    ("\uff0d1+1", "'\uff0d1+1"), ("\ufe66 1", "'\ufe66 1"), (" ordinaire", " ordinaire")])
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


CARRIAGE = "7\r@SUM(1+1)*cmd|' /C calc'!A0"


def _universal_rows(path) -> list[list[str]]:
    """The rows as a reader with universal newlines reads them (a lone \\r ends a line)."""
    return list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))


@pytest.mark.warnings
def test_a_carriage_return_inside_a_cell_starts_no_row(mini):
    questionnaire = mini / "data/2024/questionnaire.yaml"
    questionnaire.write_text(questionnaire.read_text(encoding="utf-8").replace(
        'label: "Le numérique est utile"', 'label: "\\r@SUM(1)"').replace(
        "id_column: id", "id_column: id\n  quarantine_threshold: 1"), encoding="utf-8")
    responses = mini / "data/2024/responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8")
                         + f'A09,"{CARRIAGE}",1,0,0,1,1,\n', encoding="utf-8")
    result = build(mini, progress=lambda message: None, quarantine_values=True)
    for path in [result.folder / "quarantine.csv", result.folder / "figures.csv",
                 *sorted((result.folder / "web/data").glob("*.csv"))]:
        rows = _universal_rows(path)
        assert all(len(row) == len(rows[0]) for row in rows), path
        assert not any(cell.lstrip().startswith(("=", "+", "@")) for row in rows
                       for cell in row), path
    quarantine = _universal_rows(result.folder / "quarantine.csv")
    assert quarantine[1] == ["10", "A09", "fonction", CARRIAGE.replace("\r", "\n"),
                             "one of 1, 2"]
    labels = [row["item_label"] for row in _rows(result.folder / "web/data/avis.csv")]
    assert "'\n@SUM(1)" in labels  # one cell, a line inside, neutralised


@pytest.mark.warnings
def test_libreoffice_evaluates_no_cell_of_any_published_csv(mini, tmp_path):
    """Each published CSV opened by LibreOffice Calc (headless), formulas evaluated as the
    import dialog allows: no cell of any is a formula."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is a test tool (noxfile TEST_TOOLS installs it)"
    questionnaire = mini / "data/2024/questionnaire.yaml"
    text = questionnaire.read_text(encoding="utf-8")
    for old, new in (('label: "Courriels"', 'label: " =1+1"'),
                     ('label: "Visioconférence"', 'label: "\\uff1dHYPERLINK(\\"http://x\\")"'),
                     ('label: "Le numérique est utile"', 'label: "\\r@SUM(1)"'),
                     ('label: "Pas d\'accord"}', 'label: "-1+2"}'),
                     ("id_column: id", "id_column: id\n  quarantine_threshold: 1")):
        text = text.replace(old, new)
    questionnaire.write_text(text, encoding="utf-8")
    responses = mini / "data/2024/responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8")
                         + f'=1+1,"{CARRIAGE}",1,0,0,\u00a0=2+2,1,\n', encoding="utf-8")
    result = build(mini, progress=lambda message: None, quarantine_values=True)
    published = [result.folder / "quarantine.csv", result.folder / "figures.csv",
                 *sorted((result.folder / "web/data").glob("*.csv"))]
    # Separator ",", quote '"', UTF-8, from line 1, standard columns, English, quoted fields
    # as text off, special numbers off, ..., "evaluate formulas" on: the worst case.
    options = "CSV:44,34,76,1,,1033,false,false,false,false,false,false,true"
    inputs = []
    for index, path in enumerate(published):
        copy = tmp_path / f"{index}-{path.name}"
        shutil.copy(path, copy)
        inputs.append(str(copy))
    subprocess.run([soffice, "--headless", "--norestore",
                    f"-env:UserInstallation=file://{tmp_path}/profile", f"--infilter={options}",
                    "--convert-to", "fods", "--outdir", str(tmp_path / "out"), *inputs],
                   check=True, capture_output=True, timeout=300)
    for path in inputs:
        converted = (tmp_path / "out" / Path(path).name).with_suffix(".fods")
        content = converted.read_text(encoding="utf-8")
        assert "<table:table-cell" in content, converted
        assert "table:formula" not in content, converted.name


def test_libreoffice_would_evaluate_a_raw_formula(tmp_path):
    """The test above can fail: the same import evaluates a formula that is not neutralised."""
    import shutil
    import subprocess

    raw = tmp_path / "raw.csv"
    raw.write_text("a\n=1+1\n", encoding="utf-8")
    subprocess.run([shutil.which("soffice"), "--headless", "--norestore",
                    f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--infilter=CSV:44,34,76,1,,1033,false,false,false,false,false,false,true",
                    "--convert-to", "fods", "--outdir", str(tmp_path), str(raw)],
                   check=True, capture_output=True, timeout=300)
    assert 'table:formula="of:=1+1"' in (tmp_path / "raw.fods").read_text(encoding="utf-8")


_CELLS = st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=False),
                   st.none())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=3, max_size=3), max_size=6))
def test_the_writer_round_trips_and_no_cell_starts_a_formula(rows):
    text = csv_text(["a", "b", "c"], rows)
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert len(read) == len(rows) + 1
    for written, cells in zip(read[1:], rows, strict=True):
        assert written == ["" if cell is None else neutralise(str(cell)) for cell in cells]
    # Read with universal newlines (any \\r or \\n ends a line outside quotes): same rows.
    assert list(csv.reader(io.StringIO(text))) == read
    # No cell read back starts like a formula: neutralising it again changes nothing.
    assert all(neutralise(cell) == cell for row in read for cell in row)
