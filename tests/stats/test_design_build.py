"""End to end on a two-stage cluster sample: R's ``apiclus2`` (districts, then schools)
made a project whose report.yaml declares the design, built with ``barorapport build``,
read back as users do (the console, figures.csv, the PDF's methods note); and the design's
errors, each with its place."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from barorapport.config.weighting import Design
from barorapport.errors import ConfigError, StatsError, SurveyError
from barorapport.stats.weights import survey_weights
from barorapport.survey import load_questionnaire, load_survey
from barorapport.survey.designcolumns import declared_columns

from ..helpers import pdf_text

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests/projects/mini"
REFERENCE = REPO / "tests/reference/survey"

REPORT = """
slug: ecoles
title: "Écoles de Californie"
lang: fr
source: "Source : R, paquet survey, apiclus2"
assets: ../assets
banners: [stype]
intervals: korn-graubard
multiple_testing: {family: publication, method: benjamini-hochberg}
design:
  weights: pw
  clusters: [dnum, snum]
  fpc: [fpc1, fpc2]
chapters:
  - id: resultats
    title: "Résultats"
    template: chapters/resultats.html.j2
  - id: methode
    title: "Méthode"
    template: chapters/methods.html.j2
figures:
  - id: objectif
    question: sch_wide
    title: "Objectif de progression atteint"
"""

CHAPTER = """{% set met = fig("sch_wide", option="Yes") %}
<p>{{ met | fmt_pct(1) }} des écoles ont atteint leur objectif (base : {{ met.base | fmt_count }}
écoles).</p>
{{ chart("objectif") }}
"""


def make_project(project: Path, report: str = REPORT, sample: str = "clus2") -> Path:
    data = project / "data/2000"
    data.mkdir(parents=True)
    shutil.copy(REFERENCE / "questionnaire.yaml", data / "questionnaire.yaml")
    shutil.copy(REFERENCE / f"api{sample}.csv", data / "responses.csv")
    (project / "report/2000").mkdir(parents=True)
    (project / "report/2000/report.yaml").write_text(report, encoding="utf-8")
    shutil.copytree(MINI / "report/assets", project / "report/assets")
    shutil.copytree(MINI / "templates", project / "templates")
    (project / "templates/chapters/resultats.html.j2").write_text(CHAPTER, encoding="utf-8")
    return project


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "barorapport.cli", "build", "--format", "pdf"], cwd=project,
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("api-project"))
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "build/2000", result.stdout + result.stderr


def test_the_console_states_the_design(built):
    _, output = built
    assert ("stats: design: 40 PSUs (dnum), then 126 second-stage units (snum), finite "
            "population corrections; variance by linearisation") in output.splitlines()


def test_figures_csv_holds_rs_design_based_figures(built):
    """The published share, design effect, effective base and Korn-Graubard interval are
    R's (tests/reference/survey/reference.csv), at the annex's 6 decimals."""
    folder, _ = built
    with (folder / "figures.csv").open(encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    reference = pd.read_csv(REFERENCE / "reference.csv", dtype={"option": str})
    want = reference[(reference["design"] == "clus2") & (reference["kind"] == "share")
                     & (reference["question"] == "sch_wide") & (reference["option"] == "Yes")
                     ].iloc[0]
    got = next(row for row in rows if row["question"] == "sch_wide" and row["option"] == "Yes"
               and not row["banner"])
    assert float(got["share"]) == pytest.approx(want["estimate"], abs=5e-7)
    assert float(got["ci_low"]) == pytest.approx(want["beta_low"], abs=5e-7)
    assert float(got["ci_high"]) == pytest.approx(want["beta_high"], abs=5e-7)
    assert float(got["design_effect"]) == pytest.approx(want["deff"], abs=5e-5)
    assert float(got["effective_base"]) == pytest.approx(want["n"] / want["deff"], abs=0.05)
    assert got["ci_method"] == "korn-graubard"
    assert {row["correction"] for row in rows if row["correction"]} == {
        "benjamini-hochberg-publication"}
    assert got["base"] == "126"
    cells = [row for row in rows if row["question"] == "sch_wide" and row["banner"]]
    assert {row["test"] for row in cells} == {"rao-scott"}
    means = [row for row in rows if row["measure"] == "mean" and not row["banner"]]
    assert {row["ci_method"] for row in means} == {"t"}
    # The design's columns are not questions, and nothing else of theirs is published.
    assert not {row["question"] for row in rows} & {"pw", "dnum", "snum", "fpc1", "fpc2"}


def test_the_methods_note_states_the_design_the_interval_and_the_tests(built):
    folder, _ = built
    text = " ".join(pdf_text(folder / "ecoles-2000.pdf").split())
    assert ("Plan de sondage : pondéré, à deux degrés (40 unités primaires, « dnum », puis "
            "126 unités secondaires, « snum »), avec correction pour population finie. Les "
            "variances, les intervalles de confiance et les tests en tiennent compte "
            "(variance par linéarisation).") in text
    assert ("Intervalles de confiance : intervalle de Korn et Graubard à 95 %, calculé sur "
            "l’effectif efficace (l’effectif divisé par l’effet de plan) ; ils restent entre "
            "0 et 100 %.") in text
    assert ("sont corrigés ensemble sur toute la publication (méthode de Benjamini et "
            "Hochberg, qui contrôle la proportion de faux positifs parmi les écarts "
            "signalés).") in text
    assert "Tableaux croisés : l’indépendance est testée par le khi-deux, corrigé du plan " \
           "de sondage (Rao et Scott)." in text


def _load(tmp_path: Path, design: dict, sample: str = "strat", edit=None):
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    shutil.copy(REFERENCE / "questionnaire.yaml", folder / "questionnaire.yaml")
    data = pd.read_csv(REFERENCE / f"api{sample}.csv", dtype=str, keep_default_na=False)
    if edit is not None:
        edit(data)
    data.to_csv(folder / "responses.csv", index=False)
    declared = Design.model_validate(design)
    survey = load_survey(load_questionnaire(folder / "questionnaire.yaml"),
                         folder / "responses.csv", design=declared_columns(declared, None))
    return survey, declared


def test_a_missing_design_column_is_an_error_with_its_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SurveyError) as error:
        _load(tmp_path, {"weights": "pw", "strata": "region"})
    assert str(error.value) == ("report.yaml: design.strata: column 'region' is not in "
                                "data/responses.csv")


def test_a_correction_cannot_be_a_question(tmp_path):
    with pytest.raises(SurveyError) as error:
        _load(tmp_path, {"weights": "pw", "strata": "stype", "fpc": "api00"})
    assert str(error.value) == ("report.yaml: design.fpc.0: column 'api00' holds the answers "
                                "of question 'api00'; a design column is not a question")


def test_a_bad_design_cell_is_quarantined(tmp_path):
    def edit(data):
        data.loc[4, "stype"] = ""
        data.loc[9, "fpc"] = "beaucoup"

    survey, _ = _load(tmp_path, {"weights": "pw", "strata": "stype", "fpc": "fpc"},
                      edit=edit)
    assert survey.respondents == 198
    messages = survey.quarantine.messages("responses.csv")
    # The stratum is a question too: its empty cell is an unanswered question, and not a
    # stratum of the design. (Cells are described, never quoted.)
    assert messages == [
        "responses.csv row 6, column stype: an empty cell is not a stratum",
        "responses.csv row 11, column fpc: a text of 8 characters is not a population size "
        "or a sampling fraction (a positive number)"]


def test_a_correction_varying_within_a_stratum_is_an_error(tmp_path):
    def edit(data):
        data.loc[0, "fpc"] = "4000"

    survey, design = _load(tmp_path, {"weights": "pw", "strata": "stype", "fpc": "fpc"},
                           edit=edit)
    with pytest.raises(StatsError) as error:
        survey_weights(survey, None, None, design)
    assert str(error.value) == ("report.yaml: design.fpc.0: the population size varies "
                                "within a stratum (1 of them): expected one value for all "
                                "its respondents")


def test_a_lonely_psu_fails_unless_declared(tmp_path):
    def edit(data):
        data["region"] = data["stype"]
        data.loc[0, "region"] = "alone"

    survey, design = _load(tmp_path, {"weights": "pw", "strata": "region"}, edit=edit)
    weights = survey_weights(survey, None, None, design)
    from barorapport.stats import compute_figures

    with pytest.raises(StatsError) as error:
        compute_figures(survey, weights=weights)
    assert str(error.value) == ("design: stratum 'alone' has only one PSU at stage 1; declare "
                                "design.lonely_psu (certainty, remove, adjust or average) to "
                                "say how it counts")
    survey, design = _load(tmp_path, {"weights": "pw", "strata": "region",
                                      "lonely_psu": "certainty"}, edit=edit)
    assert compute_figures(survey, weights=survey_weights(survey, None, None, design)
                           ).table["variance"].notna().any()


@pytest.mark.parametrize("design, message", [
    ({"replicates": {"columns": "r*", "method": "Fay"}},
     "method 'Fay' needs rho, Fay's factor (for example 0.5)"),
    ({"replicates": {"columns": "r*", "method": "JKn"}},
     "method 'JKn' needs rscales: (n_h - 1) / n_h for each replicate, n_h the PSUs of its "
     "stratum"),
    ({"strata": "s", "replicates": {"columns": "r*", "method": "JK1"}},
     "replicate weights carry the strata and clusters: declare either replicates or strata, "
     "clusters and fpc"),
    ({"clusters": ["a", "b"], "fpc": ["f"]},
     "fpc has 1 column(s) for 2 stage(s) of sampling: one per stage"),
])
def test_design_declarations_are_checked(design, message):
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as error:
        Design.model_validate(design)
    assert message in str(error.value)


def test_the_weights_are_declared_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project = make_project(tmp_path, REPORT)
    questionnaire = project / "data/2000/questionnaire.yaml"
    questionnaire.write_text(questionnaire.read_text(encoding="utf-8").replace(
        "responses: {file: responses.csv, id_column: id}",
        "responses: {file: responses.csv, id_column: id, weight_column: fpc1}"),
        encoding="utf-8")
    from barorapport.config.project import find_edition, load_report
    from barorapport.config.report_check import check_report

    edition = find_edition(project, "2000")
    with pytest.raises(ConfigError) as error:
        check_report(edition, load_report(edition), load_questionnaire(questionnaire))
    assert str(error.value) == ("report/2000/report.yaml:11:12: design.weights 'pw' and the "
                                "questionnaire's responses.weight_column 'fpc1' name two "
                                "columns: keep one")
