"""No person published: ``init`` then ``build`` with no hand edit on exports written as
SurveyMonkey and Qualtrics write them, personal columns filled with invented names,
e-mails, phone numbers, IP addresses and coordinates; every file of the build folder (the
PDF's text included) is searched for every value of every personal column."""

from __future__ import annotations

import shutil

import pytest
import yaml

from barorapport.cli import main

from ..helpers import shown_values
from .conftest import init_and_build
from .tool_exports import QUALTRICS_META, SURVEYMONKEY_META
from .tool_files import published_texts

# The party and education ladders are no scale init knows: each build warns about them
# (review_order), as test_scales and test_init check word for word.
pytestmark = pytest.mark.warnings


@pytest.fixture(scope="module")
def qualtrics(tmp_path_factory):
    """The Qualtrics export with its two extra heading rows removed, as analysts often do:
    nothing tells the tool but its headings."""
    return init_and_build(tmp_path_factory.mktemp("qualtrics"), "qualtrics", "web")


@pytest.fixture(params=["surveymonkey", "qualtrics"])
def built(request):
    return request.getfixturevalue(request.param)


def _french(value: str) -> str:
    return value.replace(".", ",")


def test_no_personal_value_in_any_file_of_the_build(built):
    root, _, personal = built
    texts = published_texts(root / "build")
    assert any(name.endswith(".pdf") or name.endswith(".html") for name in texts)
    values = {value for column in personal.values() for value in column}
    values |= {_french(value) for value in personal.get("LocationLatitude", [])}
    assert shown_values(texts, values) == []


def test_init_makes_no_question_of_a_tool_column(built):
    root, _, personal = built
    questionnaire = yaml.safe_load((root / "data/2024/questionnaire.yaml").read_text("utf-8"))
    tool_columns = {name for name, *_ in QUALTRICS_META} | set(SURVEYMONKEY_META)
    read = set()
    for question in questionnaire["questions"]:
        columns = question.get("columns", question["text"])
        read |= set(columns.values()) if isinstance(columns, dict) else {columns}
    assert read & tool_columns == set()
    assert set(questionnaire["responses"]["personal_columns"]) >= set(personal) - {
        "ResponseId"}
    assert questionnaire["responses"]["id_column"] in ("Respondent ID", "ResponseId")


def test_check_says_which_columns_it_drops_and_ignores(qualtrics, capsys):
    root, _, _ = qualtrics
    assert main(["--project", str(root), "check"]) == 0
    err = capsys.readouterr().err
    assert ("survey: dropped 7 column(s) of personal data (IPAddress, RecipientLastName, "
            "RecipientFirstName, RecipientEmail, ExternalReference, LocationLatitude, "
            "LocationLongitude)") in err
    assert ("survey: ignored 8 column(s) of the survey tool's own (ids, timestamps, "
            "progress...: StartDate, EndDate, Status, Progress, Duration (in seconds), "
            "RecordedDate, DistributionChannel, UserLanguage)") in err  # Finished: complete


@pytest.fixture
def edited(surveymonkey, tmp_path):
    """A copy of the SurveyMonkey project, to edit."""
    root = tmp_path / "project"
    shutil.copytree(surveymonkey[0], root, ignore=shutil.ignore_patterns("build"))
    return root


def _add_question(root, text: str) -> None:
    path = root / "data/2024/questionnaire.yaml"
    path.write_text(path.read_text("utf-8") + text, encoding="utf-8")


def test_a_question_reading_a_personal_column_is_an_error(edited, capsys):
    _add_question(edited, "  - id: prenom\n    type: open\n    text: \"First Name\"\n"
                          "  - id: contact\n    type: open\n    text: Contact\n"
                          "    columns: \"Custom Data 1\"\n")
    lines = (edited / "data/2024/questionnaire.yaml").read_text("utf-8").splitlines()
    prenom = lines.index("  - id: prenom") + 1
    contact = lines.index("    columns: \"Custom Data 1\"") + 1
    expected = [
        f"error: {edited}/data/2024/questionnaire.yaml:{prenom}:5: question 'prenom' reads "
        "column 'First Name', which holds personal data (names), recognised by its heading: "
        "such a column is never published; remove the question, or set 'not_personal: "
        "true' on it if the column only looks so",
        f"error: {edited}/data/2024/questionnaire.yaml:{contact}:14: question 'contact' "
        "reads column 'Custom Data 1', which holds personal data (access tokens and "
        "references), recognised by its heading: such a column is never published; remove "
        "the question, or set 'not_personal: true' on it if the column only looks so"]
    for command in (["check"], ["build", "--format", "web"]):
        assert main(["--project", str(edited), *command]) == 1
        err = capsys.readouterr().err
        assert [line for line in err.splitlines() if line.startswith("error:")] == expected
    assert not (edited / "build/2024/web").exists()


def test_not_personal_publishes_a_column_that_only_looks_personal(edited, capsys):
    _add_question(edited, "  - id: contact\n    type: open\n    text: Contact\n"
                          "    columns: \"Custom Data 1\"\n    not_personal: true\n")
    # init listed it among the personal columns: a dropped column cannot be read either.
    # (The 2 warnings: init's placeholder title and author.)
    assert main(["--project", str(edited), "check"]) == 1
    lines = (edited / "data/2024/questionnaire.yaml").read_text("utf-8").splitlines()
    listed = lines.index('    - "Custom Data 1"') + 1
    assert capsys.readouterr().err.splitlines()[-2:] == [
        f"error: {edited}/data/2024/questionnaire.yaml:{listed}:7: 'Custom Data 1' holds "
        "answers or the id; it cannot be dropped", "check: 1 error(s), 2 warning(s)"]
    del lines[listed - 1]
    (edited / "data/2024/questionnaire.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    assert main(["--project", str(edited), "check"]) == 0
    # Two review_order, init's placeholder title and author.
    assert "check: 0 error(s), 4 warning(s)" in capsys.readouterr().err


def test_the_final_gate_catches_a_value_of_a_dropped_column(edited, surveymonkey, capsys):
    """An editor pasted a respondent's e-mail address, read in the export, into a chapter:
    a warning of its own (an editor's text), and an error of the last look."""
    _, _, personal = surveymonkey
    email = personal["Email Address"][3]
    template = edited / "templates/chapters/resultats.html.j2"
    template.write_text(template.read_text("utf-8") + f"<p>Contact : {email}.</p>\n",
                        encoding="utf-8")
    assert main(["--project", str(edited), "build", "--format", "web"]) == 1
    err = capsys.readouterr().err
    assert ("error: web/resultats.html: shows a value of the export's column(s) 'Email "
            "Address', which hold personal data, ids or timestamps and are never published "
            "(nothing was installed)") in err
    assert email not in err
    line = template.read_text("utf-8").count("\n")  # the pasted line, the template's last
    assert f"resultats.html.j2:{line}: holds an e-mail address: an editor's text" in err
    assert not (edited / "build/2024/web").exists()
