"""Numeric and crosstab figures declared in report.yaml, built into both editions from
statsmodels' anes96 survey (944 respondents), every published number checked against an
independent pandas / statsmodels computation."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
import statsmodels.api as sm
import yaml
from statsmodels.stats.weightstats import DescrStatsW

from barorapport.commands.build import build
from barorapport.errors import ConfigError, StatsError
from barorapport.formatting import fmt_number
from barorapport.stats import Thresholds, compute_figures
from barorapport.survey import load_questionnaire, load_survey

from ..helpers import fold_spaces, pdf_text

PARTY = ["Démocrate convaincu", "Démocrate modéré", "Indépendant proche des démocrates",
         "Indépendant", "Indépendant proche des républicains", "Républicain modéré",
         "Républicain convaincu"]


def anes_project(root: Path) -> tuple[Path, pd.DataFrame]:
    data = sm.datasets.anes96.load_pandas().data
    answers = pd.DataFrame({"id": [f"R{index:04d}" for index in range(len(data))],
                            "parti": data["PID"].astype(int).astype(str),
                            "vote": data["vote"].astype(int).astype(str),
                            "age": data["age"].astype(int),
                            "tv": data["TVnews"].astype(int)})
    questionnaire = {
        "survey": {"title": "ANES 1996", "mode": "Entretiens en face à face",
                   "fieldwork": {"start": "1996-09-01", "end": "1996-11-04"}},
        "responses": {"file": "responses.csv", "id_column": "id"},
        "questions": [
            {"id": "parti", "type": "single", "text": "Identification partisane",
             "options": [{"code": str(code), "label": label}
                         for code, label in enumerate(PARTY)]},
            {"id": "vote", "type": "single", "text": "Vote prévu",
             "options": [{"code": "0", "label": "Clinton"}, {"code": "1", "label": "Dole"}]},
            {"id": "age", "type": "numeric", "text": "Âge"},
            {"id": "tv", "type": "numeric", "text": "Journaux télévisés par semaine"}]}
    report = {
        "title": "Élection présidentielle 1996", "lang": "fr", "banners": ["vote"],
        "thresholds": {"low_base": 30, "suppress": 10},
        "chapters": [{"id": "resultats", "title": "Résultats",
                      "template": "chapters/figures.html.j2"}],
        "figures": [
            {"id": "parti-vote", "question": "parti", "banner": "vote",
             "title": "Identification partisane selon le vote"},
            {"id": "age", "question": "age", "title": "Âge des répondants"},
            {"id": "age-vote", "question": "age", "banner": "vote",
             "title": "Âge moyen selon le vote"}]}
    (root / "data/1996").mkdir(parents=True)
    (root / "report/1996").mkdir(parents=True)
    (root / "data/1996/questionnaire.yaml").write_text(
        yaml.safe_dump(questionnaire, allow_unicode=True, sort_keys=False), "utf-8")
    answers.to_csv(root / "data/1996/responses.csv", index=False)
    (root / "report/1996/report.yaml").write_text(
        yaml.safe_dump(report, allow_unicode=True, sort_keys=False), "utf-8")
    return root, answers


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root, answers = anes_project(tmp_path_factory.mktemp("anes") / "anes")
    result = build(root, progress=lambda message: None)
    return result, answers


def shown_cells(table: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r'<td class="number">(.*?)</td>',
                                                               table)]


def exact(value: float) -> str:
    return fmt_number(value, 0 if float(value).is_integer() else 1)


def _pct(value: float) -> str:
    return fold_spaces(fmt_number(value * 100, 1) + " %")


def test_the_crosstab_cells_equal_a_pandas_crosstab(built):
    result, answers = built
    expected = pd.crosstab(answers["parti"], answers["vote"], normalize="columns")
    counts = pd.crosstab(answers["parti"], answers["vote"])
    html = fold_spaces((result.folder / "web/resultats.html").read_text("utf-8"))
    table = html[html.index('<table class="crosstab-table">'):]
    table = table[:table.index("</table>")]
    for code, label in enumerate(PARTY):
        row = table[table.index(f'<th scope="row">{label}</th>'):]
        cells = re.findall(r'<td class="number">(.*?)</td>', row[:row.index("</tr>")])
        shown = [re.sub(r"<[^>]+>", "", cell).replace("\u202f", " ") for cell in cells]
        for index, vote in enumerate(("0", "1")):
            if counts.loc[str(code), vote] < 10:
                # Under the suppression threshold: not published (n.d.), nor its complement
                # (n.d. too, or s.: hidden to protect it).
                assert shown[index] == "n.d." and shown[1 - index] in ("n.d.", "s."), (
                    label, vote)
            elif shown[index] not in ("n.d.", "s."):
                assert shown[index].startswith(_pct(expected.loc[str(code), vote])), label
        whole = (answers["parti"] == str(code)).mean()
        assert shown[2] == _pct(whole)
    assert shown_cells(table).count("n.d.") >= 2
    counts = answers["vote"].value_counts()
    footer = table[table.index("<tfoot>"):]
    assert [fold_spaces(cell) for cell in re.findall(r'<td class="number">(.*?)</td>',
                                                     footer)] == [
        fold_spaces(fmt_number(counts["0"])), fold_spaces(fmt_number(counts["1"])),
        fold_spaces(fmt_number(len(answers)))]
    # The marks and their legend.
    assert "↑" in table and "↓" in table
    assert "significativement supérieur / inférieur au reste de la ligne" in html


def test_the_crosstab_marks_equal_the_figures_table(built, tmp_path):
    result, answers = built
    root = result.folder.parent.parent
    questionnaire = load_questionnaire(root / "data/1996/questionnaire.yaml")
    figures = compute_figures(load_survey(questionnaire, root / "data/1996/responses.csv"),
                              Thresholds(low_base=30, suppress=10), banners=["vote"])
    csv = pd.read_csv(result.folder / "web/data/parti-vote.csv", encoding="utf-8-sig",
                      dtype={"option": str, "banner_option": str})
    cells = csv[csv["banner"] == "vote"]
    assert len(cells) == 2 * len(PARTY)
    assert len(csv[csv["banner"].isna()]) == len(PARTY)  # the Ensemble column
    for code in range(len(PARTY)):
        for option in ("0", "1"):
            cell = figures.get("parti", banner="vote", banner_option=option, option=str(code))
            row = cells[(cells["option"] == str(code)) & (cells["banner_option"] == option)]
            assert row["base"].iloc[0] == cell.base
            if cell.suppressed:
                assert pd.isna(row["share"].iloc[0])
            else:
                assert row["share"].iloc[0] == pytest.approx(cell.share, abs=1e-6)
    assert not (result.folder / "charts/parti-vote.svg").exists()


def test_the_crosstab_is_in_the_pdf(built):
    result, answers = built
    text = fold_spaces(pdf_text(result.outputs["pdf"]))
    expected = pd.crosstab(answers["parti"], answers["vote"], normalize="columns")
    counts = pd.crosstab(answers["parti"], answers["vote"])
    for code in range(len(PARTY)):
        if counts.loc[str(code)].min() >= 10:
            assert _pct(expected.loc[str(code), "0"]) in text
    assert "n.d." in text
    assert "Identification partisane selon le vote" in text
    assert "Télécharger les données" not in text


def test_numeric_figures_are_drawn_with_their_summary(built):
    result, answers = built
    ages = answers["age"].astype(float)
    # The summary is text under the chart, in the page.
    page = (result.folder / "web/resultats.html").read_text("utf-8")
    texts = fold_spaces(unescape(page))
    low, high = DescrStatsW(ages.to_numpy()).tconfint_mean()
    for expected in (f"moyenne {fmt_number(ages.mean(), 1)}",
                     f"(IC à 95 % : {fmt_number(low, 1)} à {fmt_number(high, 1)})",
                     f"écart type {fmt_number(ages.std(), 1)}",
                     f"min. {exact(ages.min())}", f"Q1 {exact(ages.quantile(.25))}",
                     f"médiane {exact(ages.median())}", f"Q3 {exact(ages.quantile(.75))}",
                     f"max. {exact(ages.max())}"):
        assert fold_spaces(expected) in texts, expected
    means = (result.folder / "charts/age-vote.svg").read_text("utf-8")
    for vote in ("0", "1"):
        mean = answers.loc[answers["vote"] == vote, "age"].mean()
        assert fold_spaces(fmt_number(mean, 1)) in fold_spaces(means)
    data = pd.read_csv(result.folder / "web/data/age-vote.csv", encoding="utf-8-sig",
                       dtype={"banner_option": str})
    means = data[(data["measure"] == "mean") & (data["banner"] == "vote")]
    assert list(means["banner_label"]) == ["Clinton", "Dole"]
    assert means["base"].tolist() == answers["vote"].value_counts().sort_index().tolist()
    for option, value in zip(means["banner_option"], means["value"], strict=True):
        assert value == pytest.approx(answers.loc[answers["vote"] == option, "age"].mean())


def test_fmt_number_prints_a_numeric_figure_and_refuses_a_share(built):
    result, answers = built
    root = result.folder.parent.parent
    questionnaire = load_questionnaire(root / "data/1996/questionnaire.yaml")
    figures = compute_figures(load_survey(questionnaire, root / "data/1996/responses.csv"))
    assert fmt_number(figures.get("age", measure="mean"), 1) == fmt_number(
        answers["age"].mean(), 1)
    with pytest.raises(StatsError) as caught:
        fmt_number(figures.get("vote", option="1"))
    assert str(caught.value) == (
        "fmt_number: figure of question 'vote' (measure respondents, option='1') is a share, "
        "not a number: print it with fmt_pct, or its count with fmt_count")


def test_a_crosstab_by_a_banner_not_declared_is_an_error(tmp_path):
    root, _ = anes_project(tmp_path / "anes")
    path = root / "report/1996/report.yaml"
    path.write_text(path.read_text("utf-8").replace("banners:\n- vote\n", ""), "utf-8")
    with pytest.raises(ConfigError) as caught:
        build(root, progress=lambda message: None)
    assert str(caught.value) == (
        f"{path}:13:11: figure 'parti-vote': banner 'vote' is not one of report.yaml's banners "
        "(add it to 'banners:'; now: none)\n"
        f"{path}:20:11: figure 'age-vote': banner 'vote' is not one of report.yaml's banners "
        "(add it to 'banners:'; now: none)")


def test_check_sees_the_crosstab_and_numeric_figures(built, capsys):
    from barorapport.cli import main

    result, _ = built
    assert main(["--project", str(result.folder.parent.parent), "check"]) == 0
    assert "check: 0 error(s), 0 warning(s)" in capsys.readouterr().err
