"""``init`` writes what it read: a French Google Forms export (comma-separated, decimal
commas, answered in 2024, one answer misspelt) built with no hand edit."""

from __future__ import annotations

import pytest
import yaml

from barorapport.cli import main
from barorapport.commands.init.infer import slug

from ..helpers import shown_values
from .tool_exports import write_google_forms_fr
from .tool_files import published_texts


@pytest.fixture(scope="module")
def google_forms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("googleforms")
    export = folder / "reponses.csv"
    frame, personal = write_google_forms_fr(export)
    root = folder / "projet"
    assert main(["init", str(root), "--from", str(export)]) == 0
    return root, frame, personal


def test_init_writes_the_separator_encoding_decimal_mark_and_dates(google_forms):
    root, frame, _ = google_forms
    assert [path.name for path in (root / "data").iterdir()] == ["2024"]
    text = (root / "data/2024/questionnaire.yaml").read_text("utf-8")
    questionnaire = yaml.safe_load(text)
    assert questionnaire["responses"] | {"personal_columns": None} == {
        "file": "reponses.csv", "delimiter": ",", "encoding": "UTF-8", "decimal": ",",
        "personal_columns": None}
    stamps = frame["Horodateur"].str.slice(0, 10)
    days = sorted(f"{d[6:]}-{d[3:5]}-{d[:2]}" for d in stamps)
    fieldwork = questionnaire["survey"]["fieldwork"]
    assert (fieldwork["start"].isoformat(), fieldwork["end"].isoformat()) == (days[0],
                                                                              days[-1])
    assert '# inferred: the first and last days of "Horodateur"' in text


def test_ids_are_whole_words(google_forms):
    root, _, _ = google_forms
    questionnaire = yaml.safe_load((root / "data/2024/questionnaire.yaml").read_text("utf-8"))
    assert [question["id"] for question in questionnaire["questions"]] == [
        "quand_vous_croisez_les", "le_numerique_facilite_mon", "nombre_d_annees_d_experience",
        "age"]
    # A first word longer than an id is the only one cut.
    assert slug("Anticonstitutionnellementissimement long", set()) == \
        "anticonstitutionnellementissimement"[:30]


@pytest.mark.warnings
def test_a_misspelt_answer_is_read_as_the_answer_it_is_one_edit_away_from(tmp_path, capsys):
    export = tmp_path / "reponses.csv"
    frame, _ = write_google_forms_fr(export)
    root = tmp_path / "projet"
    assert main(["init", str(root), "--from", str(export)]) == 0
    column = "Quand vous croisez les bénéficiaires, utilisez-vous un outil numérique ?"
    never = int((frame[column] == "Jamais").sum())
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if line.startswith("warning:")] == [
        f"warning: {export}: question 'quand_vous_croisez_les': 'Jamias' (1 answer) is one "
        f"edit away from 'Jamais' ({never} answers): read as 'Jamais' (answer_codes); map it "
        "to an option of its own if it is another answer"]
    question = yaml.safe_load((root / "data/2024/questionnaire.yaml").read_text("utf-8"))[
        "questions"][0]
    assert [option["label"] for option in question["options"]] == [
        "Jamais", "Rarement", "Parfois", "Souvent"]
    assert question["answer_codes"]["Jamias"] == question["answer_codes"]["Jamais"]


@pytest.mark.warnings  # init's placeholders, asserted
def test_check_and_build_with_no_edit(google_forms, capsys):
    root, frame, personal = google_forms
    assert main(["--project", str(root), "check"]) == 0
    err = capsys.readouterr().err
    # Only init's placeholders for the title and the author, until the user sets them.
    assert [line.split(": the ")[1].split(" is ")[0] for line in err.splitlines()
            if line.startswith("warning: ")] == ["title", "author"]
    assert "check: 0 error(s), 2 warning(s)" in err
    assert main(["--project", str(root), "build", "--format", "web"]) == 0
    capsys.readouterr()
    figures = (root / "build/2024/figures.csv").read_text("utf-8-sig")
    mean = frame["Nombre d'années d'expérience"].str.replace(",", ".").astype(float).mean()
    assert f"{mean:.6f}"[:6] in figures
    texts = published_texts(root / "build")
    assert shown_values(texts, personal["Adresse e-mail"]) == []
    assert not (root / "build/2024/quarantine.csv").read_text("utf-8-sig").strip().count("\n")
