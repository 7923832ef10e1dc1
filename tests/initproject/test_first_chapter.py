"""The first chapter ``init`` writes, built on public data: statsmodels' anes96 cut to its
first 80 Clinton and 80 Dole voters (a tie). Its text is a short results section (the leading
finding of each question, a tie said as a tie, the differences between groups with their
test); banners only where asked; a crosstab that suppression would mostly hide is not
proposed; the method box, the source lines and the annex are there; no contents page."""

from __future__ import annotations

import html
import re

import pandas as pd
import pypdf
import pytest
import yaml

from barorapport.cli import main
from barorapport.commands.init import init_project
from barorapport.errors import ConfigError
from barorapport.formatting import fmt_number

from ..helpers import fold_spaces
from .anes_export import anes_frame

VOTE = "Vote prévu"


def _tied(folder):
    frame = anes_frame()
    frame = pd.concat([frame[frame[VOTE] == "Clinton"].head(80),
                       frame[frame[VOTE] == "Dole"].head(80)]).sort_index()
    export = folder / "anes_egalite.csv"
    frame.to_csv(export, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    return export, frame


@pytest.fixture(scope="module")
def tied(tmp_path_factory):
    folder = tmp_path_factory.mktemp("first-chapter")
    export, frame = _tied(folder)
    root = folder / "projet"
    assert main(["init", str(root), "--from", str(export), "--edition", "1996",
                 "--banner", VOTE]) == 0
    # No --strict: the two scales init cannot order (party, education) are warnings until an
    # editor orders them.
    assert main(["--project", str(root), "build"]) == 0
    return root, frame


def _paragraphs(page) -> list[str]:
    return [fold_spaces(html.unescape(re.sub(r"<[^>]+>", "", paragraph)))
            for paragraph in re.findall(r"<p>(.*?)</p>", page.read_text("utf-8"), re.S)]


def test_init_crosses_nothing_unless_asked(tmp_path):
    export, _ = _tied(tmp_path)
    init_project(tmp_path / "projet", export, "1996")
    report = yaml.safe_load((tmp_path / "projet/report/1996/report.yaml").read_text("utf-8"))
    assert "banners" not in report
    assert not [figure for figure in report["figures"] if "banner" in figure]
    assert [chapter["template"] for chapter in report["chapters"]] == [
        "chapters/resultats.html.j2", "chapters/annex.html.j2"]
    chapter = (tmp_path / "projet/templates/chapters/resultats.html.j2").read_text("utf-8")
    assert "{{ differences(" not in chapter and 'finding("vote_prevu")' in chapter


def test_an_unknown_banner_is_an_error_naming_the_choices(tmp_path):
    export, _ = _tied(tmp_path)
    with pytest.raises(ConfigError) as raised:
        init_project(tmp_path / "projet", export, "1996", ["Âge"])
    assert str(raised.value) == (
        "init: --banner 'Âge': no single-choice question with that id or heading "
        "(single-choice questions: identification_partisane, vote_prevu, niveau_d_etudes)")


def test_a_tie_is_said_as_a_tie(tied):
    root, frame = tied
    counts = frame[VOTE].value_counts()
    assert counts["Clinton"] == counts["Dole"] == 80
    # Tied answers are named in the questionnaire's order (init's: as first met).
    questionnaire = yaml.safe_load((root / "data/1996/questionnaire.yaml").read_text("utf-8"))
    vote = next(question for question in questionnaire["questions"]
                if question["id"] == "vote_prevu")
    first, second = (option["label"] for option in vote["options"])
    paragraphs = _paragraphs(root / "build/1996/web/resultats.html")
    assert f"« {first} » et « {second} » sont à égalité : 50,0 % des 160 répondants " \
        "chacune." in paragraphs
    summary = " ".join(pypdf.PdfReader(root / "build/1996/publication-1996.pdf")
                       .pages[1].extract_text().split())
    assert f"50,0 % des répondants ont répondu « {first} », autant que « {second} »" \
        in summary


def test_the_leading_answer_and_its_runner_up(tied):
    root, frame = tied
    shares = frame["Niveau d'études"].value_counts(normalize=True)
    first, second = shares.index[:2]
    pct = {label: fold_spaces(fmt_number(share * 100, 1) + " %")
           for label, share in shares.items()}
    assert (f"La réponse la plus fréquente est « {first} » : {pct[first]} des 160 répondants, "
            f"devant « {second} » ({pct[second]}).") in _paragraphs(
        root / "build/1996/web/resultats.html")


def test_a_crosstab_suppression_would_mostly_hide_is_not_proposed(tied):
    root, frame = tied
    report = (root / "report/1996/report.yaml").read_text("utf-8")
    counts = pd.crosstab(frame["Identification partisane"], frame[VOTE])
    assert (counts < 10).to_numpy().sum() * 2 > counts.size  # most cells under 10
    assert ("# not proposed: identification_partisane by vote_prevu: suppression would hide "
            "14 of its 14 cells") in report
    assert "identification_partisane-par-vote_prevu" not in report
    # The chapter says why the groups are not compared, instead of a table of n.d.
    paragraphs = _paragraphs(root / "build/1996/web/resultats.html")
    assert paragraphs[1] == ("Selon « Vote prévu », des cases ne sont pas publiées (effectifs "
                             "trop faibles) : les écarts entre les groupes ne sont pas testés.")


def test_means_by_group_are_compared_with_their_intervals(tied):
    root, frame = tied
    means = frame.groupby(VOTE)["Âge"].mean()
    low, high = means.idxmin(), means.idxmax()
    sentence = (f"Selon « Vote prévu », la moyenne va de {fold_spaces(fmt_number(means[low], 1))}"
                f" (« {low} ») à {fold_spaces(fmt_number(means[high], 1))} (« {high} ») ;")
    assert any(paragraph.startswith(sentence) for paragraph in _paragraphs(
        root / "build/1996/web/resultats.html"))


def test_method_box_source_lines_and_annex_without_a_contents_page(tied):
    root, _ = tied
    pages = [" ".join(page.extract_text().split()) for page in
             pypdf.PdfReader(root / "build/1996/publication-1996.pdf").pages]
    text = " ".join(pages)
    assert "Sommaire" not in text
    assert "Méthode" in pages[1] and "160 personnes ont répondu" in pages[1]
    assert text.count("Source :") >= 8
    annex = next(page for page in pages if page.startswith("Annexe"))
    assert "Tableau des chiffres" in annex and "IC 95 %" in annex


def test_differences_between_groups_are_said_with_their_test(tmp_path):
    """statsmodels' fair survey (6,366 women): religious practice by having children, a
    table with no small cell, so its test is published."""
    import statsmodels.api as sm
    from scipy.stats import chi2_contingency

    from barorapport.config.report import Thresholds
    from barorapport.render.findings import Findings, p_value
    from barorapport.stats import compute_figures
    from barorapport.survey import load_questionnaire, load_survey
    from barorapport.wording import language

    fair = sm.datasets.fair.load_pandas().data
    practice = ["Aucune", "Faible", "Moyenne", "Forte"]
    frame = pd.DataFrame({
        "Identifiant": [f"F{index:05d}" for index in range(len(fair))],
        "Pratique religieuse": fair["religious"].astype(int).map(lambda v: practice[v - 1]),
        "Enfants": (fair["children"] > 0).map({True: "Avec enfants", False: "Sans enfant"})})
    export = tmp_path / "fair.csv"
    frame.to_csv(export, index=False)
    root = tmp_path / "projet"
    init_project(root, export, "1974", ["Enfants"])
    questionnaire = load_questionnaire(root / "data/1974/questionnaire.yaml")
    survey = load_survey(questionnaire, root / "data/1974/fair.csv")
    figures = compute_figures(survey, Thresholds(), banners=["enfants"])
    with language("fr"):
        sentence = Findings(figures, questionnaire, lambda figure: 1, 0.05).differences(
            "pratique_religieuse", "enfants")
        counts = pd.crosstab(frame["Pratique religieuse"], frame["Enfants"])
        assert (counts >= 10).to_numpy().all()  # nothing hidden: the table is tested
        shown_p = p_value(chi2_contingency(counts.to_numpy(), correction=False).pvalue)
    shares = counts / counts.sum()
    whole = counts.sum(axis=1) / counts.to_numpy().sum()
    label, group = shares.sub(whole, axis=0).stack().idxmax()
    pct = lambda value: fold_spaces(fmt_number(value * 100, 1) + " %")  # noqa: E731
    assert fold_spaces(sentence) == fold_spaces(
        f"Les réponses diffèrent selon « Enfants » (test du khi-deux, {shown_p}) : « {label} » "
        f"est plus fréquente chez les répondants « {group} » ({pct(shares.loc[label, group])})"
        f" que dans l'ensemble ({pct(whole[label])}).")


def test_a_crosstab_s_note_says_why_each_hidden_cell_is_hidden(tmp_path):
    """Education by vote on the tied cut: cells under 10 hidden for themselves (n.d.), others
    hidden to protect them (s.), each explained under the table."""
    from barorapport.charts.data import chart_input
    from barorapport.config.report import FigureSpec, Thresholds
    from barorapport.stats import compute_figures
    from barorapport.survey import load_questionnaire, load_survey
    from barorapport.wording import language, say

    export, frame = _tied(tmp_path)
    root = tmp_path / "projet"
    init_project(root, export, "1996", [VOTE])
    questionnaire = load_questionnaire(root / "data/1996/questionnaire.yaml")
    survey = load_survey(questionnaire, root / f"data/1996/{export.name}")
    figures = compute_figures(survey, Thresholds(), banners=["vote_prevu"])
    spec = FigureSpec(id="etudes-vote", question="niveau_d_etudes", banner="vote_prevu",
                      title="Niveau d'études selon le vote")
    with language("fr"):
        crosstab = chart_input(spec, figures, questionnaire, None)
        notes = [say("note.suppressed"), say("note.protected")]
    counts = pd.crosstab(frame["Niveau d'études"], frame[VOTE])
    reasons = {}
    for row, why in zip(crosstab.data["label"], crosstab.extra["hidden_why"], strict=True):
        for column, reason in zip(crosstab.extra["columns"][:-1], why[:-1], strict=True):
            reasons[(row, column)] = reason
            count = counts.loc[row, column]
            assert reason == ("small" if 0 < count < 10 else reason), (row, column)
            if reason == "protect":
                assert count >= 10 or count == 0, (row, column)
    assert {"small", "protect"} <= set(reasons.values())
    assert all(note in crosstab.notes for note in notes)


def test_no_page_is_more_than_a_third_empty_but_a_chapter_s_last(tied, tmp_path):
    import subprocess

    from PIL import Image

    root, _ = tied
    pdf = root / "build/1996/publication-1996.pdf"
    reader = pypdf.PdfReader(pdf)
    openings = {reader.get_destination_page_number(item) + 1
                for item in reader.outline if not isinstance(item, list)}
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    for number, image in enumerate(images, start=1):
        if number == 1 or number + 1 in openings or number == len(images):
            continue  # the cover, a chapter's (or the front matter's) last page, the last
        picture = Image.open(image).convert("L")
        width, height = picture.size
        top, bottom = int(height * 22 / 297), int(height * 273 / 297)
        pixels = picture.load()
        inked = [y for y in range(top, bottom)
                 if any(pixels[x, y] < 200 for x in range(int(width * 0.08), int(width * 0.92)))]
        empty = (bottom - max(inked, default=top)) / (bottom - top)
        assert empty <= 1 / 3, f"page {number} is {empty:.0%} empty"
