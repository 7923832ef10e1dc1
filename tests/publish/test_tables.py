"""The statisticians' workbook (``tables.xlsx``), read back with openpyxl: statsmodels'
``fair`` survey built as a project with two banners (and weighted), every cell equal to
``figures.csv``, the letters those of ``higher_than``, the layout of the UK government's
guidance for statistical spreadsheets."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from barorapport.commands.build import build
from barorapport.publish.tables import column_letter

from ..stats.conftest import FAIR_QUESTIONNAIRE, fair_responses

REPORT = """
slug: fair
title: "Fair"
lang: fr
published: 2024-05-01
source: "Source : statsmodels, fair"
chapters:
  - {id: resultats, title: "Résultats", template: chapters/figures.html.j2}
figures:
  - {id: religion, question: religious, measure: respondents, title: "Religion"}
banners: [occupation, religious]
"""


def _project(root: Path, weighted: bool = False) -> Path:
    data = root / "data" / "2024"
    data.mkdir(parents=True)
    responses = fair_responses()
    questionnaire = FAIR_QUESTIONNAIRE
    if weighted:
        rng = np.random.default_rng(7)
        responses["poids"] = np.round(rng.uniform(0.5, 2.0, len(responses)), 3)
        questionnaire = questionnaire.replace("id_column: id}",
                                              "id_column: id, weight_column: poids}")
    responses.to_csv(data / "responses.csv", index=False)
    (data / "questionnaire.yaml").write_text(questionnaire, encoding="utf-8")
    (root / "report" / "2024").mkdir(parents=True)
    (root / "report" / "2024" / "report.yaml").write_text(REPORT, encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=[False, True], ids=["unweighted", "weighted"])
def built(request, tmp_path_factory):
    root = _project(tmp_path_factory.mktemp("tables") / "fair", weighted=request.param)
    result = build(root, formats=("web",), progress=lambda message: None)
    with (result.folder / "figures.csv").open(encoding="utf-8-sig") as file:
        figures = list(csv.DictReader(file))
    return result, load_workbook(result.outputs["tables"]), figures, request.param


def test_the_workbook_is_beside_the_figures_and_in_the_web_edition(built):
    result, _, _, _ = built
    assert result.outputs["tables"] == result.folder / "tables.xlsx"
    assert (result.folder / "web" / "data" / "tables.xlsx").read_bytes() == \
        result.outputs["tables"].read_bytes()


def test_cover_contents_notes_then_one_sheet_per_question(built):
    _, workbook, _, weighted = built
    assert workbook.sheetnames == ["Couverture", "Sommaire", "Notes", "occupation",
                                   "religious", "rating", "situation", "age"]
    cover = [row[0] for row in workbook["Couverture"].iter_rows(values_only=True)]
    assert cover[0] == "Fair 2024 : tableaux croisés"
    assert cover[1:3] == ["Source", "Source : statsmodels, fair"]
    assert cover[5] == "Pondération"
    assert cover[6].startswith("Résultats pondérés par les poids fournis avec les réponses "
                               "(colonne « poids »).") if weighted else \
        cover[6] == "Aucune : chaque répondant compte pour un."
    assert cover[7] == "Significativité" and "correction de Holm" in cover[8]
    assert cover[9] == "Secret statistique" and "moins de 10 répondants" in cover[10]
    contents = workbook["Sommaire"]
    assert [cell.value for cell in contents[4]] == ["occupation", "occupation"]
    assert contents["A4"].hyperlink.location == "'occupation'!A1"


def test_layout_follows_the_guidance_for_statistical_spreadsheets(built):
    _, workbook, _, _ = built
    for sheet in workbook.worksheets:
        assert not sheet.merged_cells.ranges
        assert sheet.freeze_panes is None
        if sheet.title == "Couverture":
            assert not sheet.tables
            continue
        assert len(sheet.tables) == 1  # one named table per sheet, after a short header
        table = next(iter(sheet.tables.values()))
        assert table.ref.startswith("A3:")
        assert sheet["A1"].value and sheet["A1"].font.bold
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
        assert rows and all(any(value is not None for value in row) for row in rows)


def _cells(figures, question, banner):
    return {(row["item"], row["grouping"] or row["option"], row["banner_option"]): row
            for row in figures if row["question"] == question and row["banner"] == banner
            and row["measure"] in ("respondents", "level", "group", "mean")}


def test_every_cell_equals_figures_csv(built):
    _, workbook, figures, weighted = built
    checked = 0
    for question in ("religious", "rating", "situation", "occupation"):
        sheet = workbook[question]
        header = [cell.value for cell in sheet[3]]
        grid = header[0] == "Code de l'item"
        start = 2 if grid else 0
        banners = [banner for banner in ("occupation", "religious") if banner != question]
        columns = [(None, None)]  # the whole sample, then each banner's options in order
        for banner in banners:
            options = list(dict.fromkeys(row["banner_option"] for row in figures
                                         if row["banner"] == banner
                                         and row["question"] == question))
            columns += [(banner, option) for option in options]
        letters = {}
        for index, (banner, option) in enumerate(columns[1:]):
            letters[(banner, option)] = column_letter(index)
            label = next(row["banner_label"] for row in figures if row["banner"] == banner
                         and row["banner_option"] == option)
            assert f": {label} ({column_letter(index)})" in header[start + 3 + 2 * index]
        for row in sheet.iter_rows(min_row=4, values_only=True):
            item = row[0] if grid else ""
            code, label = row[start], row[start + 1]
            for position, (banner, option) in enumerate(columns):
                value = row[start + 2 + (2 * position - 1 if position else 0)]
                source = _cells(figures, question, banner or "").get(
                    (item or "", code or "", option or "")) if code else None
                if label.startswith("Base"):
                    key = "base" if label == "Base (non pondérée)" else "weighted_base"
                    base = next(r for r in figures if r["question"] == question
                                and r["banner"] == (banner or "")
                                and r["banner_option"] == (option or "")
                                and r["item"] == (item or "")
                                and r["measure"] != "mentions")
                    assert value == pytest.approx(float(base[key]))
                    checked += 1
                    continue
                assert source is not None, (question, item, code, banner, option)
                if "suppressed" in source["flags"].split(";"):
                    assert value == "[c]"
                else:
                    assert value == pytest.approx(float(source["share"]), abs=1e-12)
                if banner is not None:
                    shown = row[start + 2 + 2 * position]
                    expected = " ".join(letters[(banner, code)] for code in
                                        source["higher_than"].split(";")) \
                        if source["higher_than"] else None
                    assert shown == expected
                checked += 1
    assert checked > 200
    # The survey shows differences: letters are there to compare, not only empty cells.
    assert any(row["higher_than"] for row in figures)
    assert any("[c]" in [cell.value for cell in row] for row in workbook["rating"].rows)


NUMERIC_LABELS = {
    "Moyenne": ("mean", "value"),
    "Moyenne : borne basse de l'intervalle de confiance à 95 %": ("mean", "ci_low"),
    "Moyenne : borne haute de l'intervalle de confiance à 95 %": ("mean", "ci_high"),
    "Écart type": ("sd", "value"), "Minimum": ("min", "value"),
    "Premier quartile": ("q1", "value"), "Médiane": ("median", "value"),
    "Troisième quartile": ("q3", "value"), "Maximum": ("max", "value")}


def test_a_numeric_question_s_sheet_holds_its_bases_mean_interval_and_spread(built):
    _, workbook, figures, weighted = built
    sheet = workbook["age"]
    assert sheet["A2"].value.startswith("Moyenne, intervalle de confiance et distribution")
    header = [cell.value for cell in sheet[3]]
    columns = [(None, None)] + [
        (banner, option) for banner in ("occupation", "religious")
        for option in dict.fromkeys(row["banner_option"] for row in figures
                                    if row["banner"] == banner and row["question"] == "age")]
    assert len(header) == 2 + 1 + 2 * (len(columns) - 1)
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    labels = [row[1] for row in rows]
    bases = ["Base (non pondérée)"] + (["Base (pondérée)"] if weighted else [])
    assert labels == bases + list(NUMERIC_LABELS)
    for row in rows:
        for position, (banner, option) in enumerate(columns):
            value = row[2 + (2 * position - 1 if position else 0)]
            if row[1].startswith("Base"):
                measure, column = "mean", "base" if row[1] == bases[0] else "weighted_base"
            else:
                measure, column = NUMERIC_LABELS[row[1]]
            source = next(r for r in figures if r["question"] == "age"
                          and r["measure"] == measure and r["banner"] == (banner or "")
                          and r["banner_option"] == (option or ""))
            if "suppressed" in source["flags"].split(";"):
                assert value == "[c]"
            else:
                assert value == pytest.approx(float(source[column]), abs=1e-9)
            if position:  # no test of the means: no letters
                assert row[2 + 2 * position] is None


def test_weighted_bases_only_when_weighted(built):
    _, workbook, _, weighted = built
    labels = [row[1] for row in workbook["religious"].iter_rows(min_row=4, values_only=True)]
    assert ("Base (pondérée)" in labels) == weighted


def test_no_workbook_without_banners(tmp_path):
    root = _project(tmp_path / "fair")
    report = root / "report" / "2024" / "report.yaml"
    report.write_text(report.read_text().replace("banners: [occupation, religious]\n", ""),
                      encoding="utf-8")
    result = build(root, formats=("web",), progress=lambda message: None)
    assert "tables" not in result.outputs
    assert not (result.folder / "tables.xlsx").exists()
    shutil.rmtree(root)
