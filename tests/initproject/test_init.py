"""``barorapport init`` on a public survey nobody here wrote (statsmodels' anes96, written
as a French Excel export with labels), then ``build`` with no hand edit: every published
share, mean and crosstab cell against an independent pandas / statsmodels computation."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml
from statsmodels.stats.weightstats import DescrStatsW

from barorapport.cli import main
from barorapport.commands.init.infer import infer_questions
from barorapport.formatting import fmt_number
from barorapport.survey.export import read_export
from barorapport.survey.questionnaire import ResponsesSource

from ..helpers import fold_spaces, pdf_text
from .anes_export import EDUCATION, PARTY, SCALE, write_anes_export


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("init")
    export = folder / "anes96_fr.csv"
    frame = write_anes_export(export)
    root = folder / "projet"
    assert main(["init", str(root), "--from", str(export), "--edition", "1996",
                 "--banner", "Vote prévu"]) == 0
    # No --strict: two scales init cannot order are warnings until an editor orders them.
    assert main(["--project", str(root), "build"]) == 0
    return root, frame


def _pct(value: float, digits: int = 1) -> str:
    return fold_spaces(fmt_number(value * 100, digits) + " %")


def test_types_codes_and_labels_are_inferred(project):
    root, _ = project
    questionnaire = yaml.safe_load((root / "data/1996/questionnaire.yaml").read_text("utf-8"))
    types = {question["text"]: question["type"] for question in questionnaire["questions"]}
    assert types == {"Identification partisane": "single", "Vote prévu": "single",
                     "Position": "grid", "Âge": "numeric", "Niveau d'études": "single",
                     "Population de la commune (milliers)": "numeric"}
    assert questionnaire["responses"]["id_column"] == "Identifiant"
    # The 7-point scale, in the order of its leading numbers, asked about three items.
    scale = questionnaire["scales"][0]
    assert [level["label"] for level in scale["levels"]] == [
        label.split(" - ", 1)[1] for label in SCALE]
    grid = next(q for q in questionnaire["questions"] if q["type"] == "grid")
    assert [item["label"] for item in grid["items"]] == ["vous-même", "Bill Clinton",
                                                         "Bob Dole"]
    party = next(q for q in questionnaire["questions"] if q["text"].startswith("Identif"))
    assert sorted(option["label"] for option in party["options"]) == sorted(PARTY)
    assert set(party["answer_codes"]) == set(PARTY)
    text = (root / "data/1996/questionnaire.yaml").read_text("utf-8")
    assert text.count("# inferred:") >= 7


@pytest.mark.warnings
def test_check_lists_what_was_inferred(project, capsys):
    root, _ = project
    assert main(["--project", str(root), "check"]) == 0
    err = capsys.readouterr().err
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert any("questionnaire.yaml" in note and "grid: 3 columns of one stem answered on the "
               "same 7 answers, ordered by leading numbers" in note for note in notes), notes
    assert any("report.yaml:3: to fill: the title" in note for note in notes), notes
    # The party ladder and the education ladder are no scale init knows: in the order they
    # first appear, which check says, naming each question.
    lines = (root / "data/1996/questionnaire.yaml").read_text("utf-8").splitlines()
    marks = [number for number, line in enumerate(lines, start=1) if "review_order" in line]
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    # init's placeholders for the title and the author, until the user sets them.
    assert warnings[:2] == [
        f"warning: {root}/report/1996/report.yaml:3:8: the title is still init's placeholder "
        "'Titre de la publication': set the publication's title (the cover, the PDF's "
        "metadata and the web pages print it)",
        f"warning: {root}/report/1996/report.yaml:4:11: the author is still init's "
        "placeholder 'Auteur à préciser': set the publication's author (the cover, the PDF's "
        "metadata and the web pages print it)"]
    warnings = warnings[2:]
    shown = [line.split("(", 1)[1].split(")")[0] for line in warnings]
    assert warnings == [
        f"warning: {root}/data/1996/questionnaire.yaml:{marks[0]}:19: question "
        f"'identification_partisane': its 7 options are in the order they first appeared in "
        f"the export ({shown[0]}), which may not be theirs: put them in their order, then "
        "remove 'review_order'",
        f"warning: {root}/data/1996/questionnaire.yaml:{marks[1]}:19: question "
        f"'niveau_d_etudes': its 7 options are in the order they first appeared in the "
        f"export ({shown[1]}), which may not be theirs: put them in their order, then remove "
        "'review_order'"]
    assert "check: 0 error(s), 4 warning(s)" in err
    assert main(["--project", str(root), "check", "--strict"]) == 1


def test_published_shares_equal_pandas(project):
    root, frame = project
    web = root / "build/1996/web/resultats.html"
    page = fold_spaces(re.sub(r"<[^>]+>", " ", web.read_text("utf-8")))
    for column in ("Identification partisane", "Niveau d'études", "Vote prévu"):
        shares = frame[column].value_counts(normalize=True)
        top = shares.index[0]
        # The chapter's sentence names the most frequent answer with its share (at its
        # chart's decimals)...
        assert f"« {top} » : {_pct(shares.iloc[0])}" in page, column
        # ...and the chart's data table holds every answer's share.
        for label, share in shares.items():
            assert f"{label} {_pct(share)}" in page, (column, label)
    for item in ("Position : vous-même", "Position : Bill Clinton", "Position : Bob Dole"):
        for label, share in frame[item].value_counts(normalize=True).items():
            assert _pct(share) in page, (item, label)


def test_published_means_equal_statsmodels(project):
    root, frame = project
    text = fold_spaces(pdf_text(root / "build/1996/publication-1996.pdf"))
    ages = frame["Âge"].astype(float)
    low, high = DescrStatsW(ages.to_numpy()).tconfint_mean()
    assert fold_spaces(f"La moyenne est de {fmt_number(ages.mean(), 1)} et la médiane de "
                       f"{fmt_number(ages.median(), 1)}") in " ".join(text.split())
    svg = fold_spaces((root / "build/1996/charts/age.svg").read_text("utf-8"))
    assert fold_spaces(f"(IC à 95 % : {fmt_number(low, 1)} à {fmt_number(high, 1)})") in svg
    for vote in ("Clinton", "Dole"):
        mean = frame.loc[frame["Vote prévu"] == vote, "Âge"].mean()
        assert fold_spaces(fmt_number(mean, 1)) in fold_spaces(
            (root / "build/1996/charts/age-par-vote_prevu.svg").read_text("utf-8"))


def test_crosstab_cells_equal_a_pandas_crosstab(project):
    root, frame = project
    crossed = pd.crosstab(frame["Niveau d'études"], frame["Vote prévu"], normalize="columns")
    counts = pd.crosstab(frame["Niveau d'études"], frame["Vote prévu"])
    csv = pd.read_csv(root / "build/1996/web/data/niveau_d_etudes-par-vote_prevu.csv",
                      encoding="utf-8-sig")
    cells = csv[csv["banner"].notna()]
    for row in cells.itertuples():
        label, vote = row.label, row.banner_label
        if counts.loc[label, vote] < 10:
            assert pd.isna(row.share)
        elif not pd.isna(row.share):
            assert row.share == pytest.approx(crossed.loc[label, vote], abs=1e-6)
    assert len(cells) == len(EDUCATION) * 2
    page = (root / "build/1996/web/resultats.html").read_text("utf-8")
    assert 'class="crosstab-table"' in page


def test_labels_are_recognised_once(tmp_path):
    export = tmp_path / "anes.csv"
    write_anes_export(export)
    inference = infer_questions(read_export(ResponsesSource(), export, "anes.csv"))
    assert inference.notes == ("answers written as labels: each question maps them to codes "
                               "with answer_codes",)


def test_few_whole_numbers_written_with_a_decimal_mark_are_numeric(tmp_path):
    import statsmodels.api as sm

    fair = sm.datasets.fair.load_pandas().data  # educ: 9.0, 12.0 ... 20.0, six values
    export = tmp_path / "fair.csv"
    fair[["educ", "children"]].assign(id=range(1, len(fair) + 1)).to_csv(
        export, sep=";", decimal=",", index=False)
    assert export.read_text().splitlines()[1] == "17,0;3,0;1"
    inference = infer_questions(read_export(ResponsesSource(), export, "fair.csv"))
    types = {question.id: question.type for question in inference.questions}
    assert types == {"educ": "numeric", "children": "numeric"}
    reasons = {question.id: question.reasons for question in inference.questions}
    assert reasons["educ"] == ("numeric: 6 different numbers from 9 to 20",)


def test_init_refuses_an_existing_project(project, capsys):
    root, _ = project
    assert main(["init", str(root), "--from", str(root.parent / "anes96_fr.csv")]) == 1
    assert capsys.readouterr().err.strip().endswith(
        f"error: {root}: already holds a project (data/ or report/): init writes into a new "
        "folder")


def test_labels_where_codes_are_expected_are_said_once(project, tmp_path):
    """A questionnaire written by hand, with codes, and an export with labels: one note
    naming answer_codes, not only a warning per row."""
    from barorapport.survey import load_questionnaire, load_survey

    root, frame = project
    text = (root / "data/1996/questionnaire.yaml").read_text("utf-8")
    start = text.index("  - id: vote_prevu")
    block = text[start:text.index("  - id: position", start)]
    bare = block[:block.index("    answer_codes:")]
    path = tmp_path / "questionnaire.yaml"
    path.write_text(text.replace(block, bare).replace('file: "anes96_fr.csv"', 'file: "'
                    + str(root / "data/1996/anes96_fr.csv") + '"\n  quarantine_threshold: 1'),
                    "utf-8")
    survey = load_survey(load_questionnaire(path), root / "data/1996/anes96_fr.csv")
    hints = [note for note in survey.notes if "answer_codes" in note]
    assert len(hints) == 1
    assert hints[0].startswith("question 'vote_prevu': the export writes its answers as "
                               "labels (")
    assert f"{len(frame)} cell(s) quarantined" in hints[0]

