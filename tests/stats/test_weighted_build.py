"""End to end on a survey that is not 2020: statsmodels' ``fair`` survey made a project,
raked to margins in report.yaml, built with ``barorapport build``, read back as users do
(the console, figures.csv, the PDF's text)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..helpers import pdf_text
from .conftest import FAIR_QUESTIONNAIRE, fair_responses

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests/projects/mini"

REPORT = """
slug: fair
title: "Enquête Fair 1974"
lang: fr
source: "Source : statsmodels, jeu de données fair"
assets: ../assets
banners: [occupation]
weighting:
  margins:
    - question: occupation
      targets: {"1": 0.01, "2": 0.15, "3": 0.40, "4": 0.25, "5": 0.15, "6": 0.04}
      source: "recensement fictif"
    - question: religious
      targets: {"1": 0.30, "2": 0.30, "3": 0.25, "4": 0.15}
      source: "enquête fictive sur les pratiques"
  trim: {min: 0.4, max: 2.5}
  tolerance: 0.0001
  max_iterations: 500
chapters:
  - id: resultats
    title: "Résultats"
    template: chapters/resultats.html.j2
  - id: methode
    title: "Méthode"
    template: chapters/methods.html.j2
figures:
  - id: religion
    question: religious
    title: "Pratique religieuse"
"""

CHAPTER = """{% set strong = fig("religious", option="4") %}
<p>{{ strong | fmt_pct(1) }} se disent très pratiquants
(base : {{ strong.base | fmt_count }} répondants).</p>
{{ chart("religion") }}
"""


def make_project(project: Path, report: str = REPORT) -> Path:
    data = project / "data/1974"
    data.mkdir(parents=True)
    (data / "questionnaire.yaml").write_text(
        FAIR_QUESTIONNAIRE.replace('survey: {title: "Fair (statsmodels), 1974 magazine survey"}',
                                   'survey: {title: "Fair 1974", sample: volunteer}'),
        encoding="utf-8")
    fair_responses().to_csv(data / "responses.csv", index=False)
    (project / "report/1974").mkdir(parents=True)
    (project / "report/1974/report.yaml").write_text(report, encoding="utf-8")
    shutil.copytree(MINI / "report/assets", project / "report/assets")
    shutil.copytree(MINI / "templates", project / "templates")  # the methods come from the theme
    chapters = project / "templates/chapters"
    (chapters / "resultats.html.j2").write_text(CHAPTER, encoding="utf-8")
    return project


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "barorapport.cli", "build", "--format", "pdf"], cwd=project,
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("fair-project"))
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "build/1974", result.stdout + result.stderr


def test_the_console_reports_the_convergence(built):
    _, output = built
    line = next(line for line in output.splitlines() if "weighted by" in line)
    assert line.startswith("stats: weighted by raking to occupation, religious (")
    assert "effective base" in line and "design effect" in line


def test_figures_csv_has_unweighted_bases_beside_weighted_shares(built):
    folder, _ = built
    with (folder / "figures.csv").open(encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    strong = next(row for row in rows if row["question"] == "religious"
                  and row["option"] == "4" and not row["banner"])
    assert strong["base"] == "6366"  # respondents, not weights
    assert float(strong["share"]) == pytest.approx(0.15, abs=1e-4)  # raked to its target
    assert float(strong["effective_base"]) < 6366
    assert float(strong["design_effect"]) > 1
    cells = [row for row in rows if row["question"] == "religious" and row["banner"]]
    assert {row["test"] for row in cells} == {"rao-scott"}


def test_the_publication_says_how_it_was_weighted(built):
    folder, _ = built
    text = " ".join(pdf_text(folder / "fair-1974.pdf").split())
    assert "calage sur marges" in text
    assert "Calage sur « occupation » (source : recensement fictif)" in text
    assert "Calage sur « how religious » (source : enquête fictive sur les pratiques)" in text
    assert "les répondants se sont portés volontaires ; ils n’ont pas été tirés au hasard" in text
    assert "que la pondération ne rapproche que sur les questions de calage" in text
    assert "corrigé de la pondération (Rao et Scott)" in text
    assert "15,0 % se disent très pratiquants (base : 6 366 répondants)" in text


def test_a_margin_nobody_can_reach_is_a_one_line_error(tmp_path):
    project = make_project(tmp_path, REPORT.replace('"6": 0.04}', '"6": 0.04, "7": 0.0001}')
                           .replace('"1": 0.01,', '"1": 0.0099,'))
    result = build(project)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "error: report/1974/report.yaml:11:90: margin 'occupation': '7' is not an option of "
        "occupation (expected one of: 1, 2, 3, 4, 5, 6)")
