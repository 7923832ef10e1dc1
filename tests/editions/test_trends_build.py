"""Trends end to end: the synthetic editions project built (2023 against 2022, 2024 against
2023 with a series of three editions), read back from the PDF and the web edition."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportions_ztest

from barorapport.commands.build import build
from barorapport.errors import ConfigError

from ..conftest import PROJECTS
from ..helpers import fold_spaces, pdf_text


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    target = tmp_path_factory.mktemp("editions") / "editions"
    shutil.copytree(PROJECTS / "editions", target, ignore=shutil.ignore_patterns("build"))
    for edition in ("2023", "2024"):
        build(target, edition, progress=lambda message: None)
    return target


def _ticks(project, edition: str, column: str) -> tuple[int, int]:
    answers = pd.read_csv(project / f"data/{edition}/responses.csv", dtype=str)
    return int((answers[column] == "1").sum()), len(answers)


def _expected_visio(project) -> tuple[str, bool]:
    """The change of the share citing visio, 2022 → 2023, computed with pandas and
    statsmodels alone."""
    now, before = _ticks(project, "2023", "outils_visio"), _ticks(project, "2022",
                                                                  "outils_visio")
    delta = round((now[0] / now[1] - before[0] / before[1]) * 100)
    _, p_value = proportions_ztest([now[0], before[0]], [now[1], before[1]])
    sign = "+" if delta > 0 else "\u2212"
    return f"{sign}{abs(delta)} pts", bool(p_value < 0.05)


# A share in the text prints at its chart's decimals (one rounding rule): one decimal here.
def test_pdf_states_the_change_and_its_significance(built):
    text = " ".join(pdf_text(built / "build/2023/enquete-2023.pdf").split())
    delta, significant = _expected_visio(built)
    assert significant
    assert f"({delta} depuis 2022, évolution significative)" in text
    assert "Formation : 60,0 % (n.c. : libellé de la question modifié depuis l’édition 2022)." \
        in text
    assert "Évolutions depuis 2022" in text
    assert f"Visioconférence 30,0 % 55,0 % {delta}" in text


def test_web_edition_states_the_same_trends(built):
    web = built / "build/2023/web"
    page = fold_spaces((web / "resultats.html").read_text(encoding="utf-8"))
    delta, _ = _expected_visio(built)
    assert f"({delta} depuis 2022, évolution significative)" in page
    annex = fold_spaces((web / "annexes.html").read_text(encoding="utf-8"))
    assert "<h2>Évolutions depuis 2022</h2>" in annex
    assert ('<th scope="row">Le numérique est utile : D’accord + plutôt d’accord</th>'
            '<td class="number">60,0 %</td><td class="number">75,0 %</td>'
            '<td class="number">+15 pts</td>') in annex
    assert ("<li>« Avez-vous suivi une formation au numérique cette année ? » : libellé de la "
            "question modifié depuis l’édition 2022.</li>") in annex


def test_changed_questions_are_not_compared_with_a_footnote(built):
    text = " ".join(pdf_text(built / "build/2024/enquete-2024.pdf").split())
    assert "La visioconférence est citée par 66,7 % des répondants1." in text
    assert "1 Pas de comparaison : modalité de réponse ajoutée depuis l’édition 2023." in text
    assert "Risques : 40,0 % d’accord (n.c. : libellé de l’item modifié depuis l’édition 2023)." \
        in text
    assert "Le numérique est jugé utile par 80,0 % des répondants (+5 pts depuis 2023)." in text
    assert "Aucun changement significatif depuis 2023." in text
    assert ("« Utilisez-vous des outils d’intelligence artificielle ? » : question absente de "
            "l’édition 2023.") in text


def test_series_of_three_editions_is_drawn_as_small_multiples(built):
    svg = (built / "build/2024/web/charts/avis-evolution.svg").read_text(encoding="utf-8")
    assert ("<desc>Petits multiples de courbes, éditions 2022 à 2024 : « Le numérique est "
            "utile » passe de 60,0 % en 2022 à 80,0 % en 2024 ; « Le numérique comporte des "
            "risques » : 40,0 % en 2024, sans comparaison possible.</desc>"
            ) in fold_spaces(svg)
    for label in ("2022", "2023", "2024", "60,0 %", "75,0 %", "80,0 %"):
        assert f">{label}</text>" in fold_spaces(svg)
    text = pdf_text(built / "build/2024/enquete-2024.pdf")
    assert "Figure 2 Opinions, d’une édition à l’autre" in text


def test_figures_csv_carries_the_trend_columns(built):
    table = pd.read_csv(built / "build/2023/figures.csv", dtype=str, keep_default_na=False)
    visio = table[(table["question"] == "outils") & (table["option"] == "visio")
                  & (table["measure"] == "respondents") & (table["banner"] == "")].iloc[0]
    assert (visio["previous_share"], visio["delta_points"], visio["delta_significant"],
            visio["comparable_reason"]) == ("0.3", "25.0", "True", "")
    formation = table[(table["question"] == "formation") & (table["option"] == "1")].iloc[0]
    assert formation["previous_share"] == ""
    assert formation["comparable_reason"] == \
        "libellé de la question modifié depuis l'édition 2022"


def test_report_yaml_names_the_previous_edition(built, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built, project, ignore=shutil.ignore_patterns("build"))
    report = project / "report/2024/report.yaml"
    # Against 2022, the series of 'avis' has two editions: no trend chart.
    text = report.read_text(encoding="utf-8").split("  - id: avis-evolution")[0]
    report.write_text(text + 'previous: "2022"\n', encoding="utf-8")
    line = text.count("\n") + 1
    build(project, "2024", formats=("web",), progress=lambda message: None)
    annex = (project / "build/2024/web/annexes.html").read_text(encoding="utf-8")
    assert "<h2>Évolutions depuis 2022</h2>" in annex
    report.write_text(report.read_text(encoding="utf-8").replace('"2022"', '"2019"'),
                      encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build(project, "2024", formats=("web",), progress=lambda message: None)
    assert str(caught.value).endswith(
        f"report/2024/report.yaml:{line}:11: previous edition '2019' is not another edition of "
        "this project (expected one of: 2022, 2023)")
