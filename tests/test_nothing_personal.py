"""Nothing personal in any output, manifest or log: a quarantined cell's content is never
quoted (messages say where it is and what it looks like), and quarantine.csv holds it only
when the build is asked to (``--quarantine-values``)."""

from __future__ import annotations

import csv
import io
import logging

import pytest

from barorapport.cli import main
from barorapport.log import RedactPersonal
from barorapport.survey.quarantine import cell_shape

EMAIL = "marie.durand@exemple.fr"
PHONE = "06 12 34 56 78"


def _personal_cells(project) -> None:
    """Respondent A03 types an e-mail where a code is expected, A05 a phone number where a
    scale level is; respondent ids are made personal-looking too."""
    responses = project / "data/2024/responses.csv"
    text = responses.read_text(encoding="utf-8")
    text = text.replace("A03,2,1,1,1,1,1,", f"A03,{EMAIL},1,1,1,1,1,")
    text = text.replace("A05,1,1,0,1,1,,", f'A05,1,1,0,1,"{PHONE}",,')
    responses.write_text(text, encoding="utf-8")
    questionnaire = project / "data/2024/questionnaire.yaml"
    questionnaire.write_text(questionnaire.read_text(encoding="utf-8").replace(
        "id_column: id", "id_column: id\n  quarantine_threshold: 0.5"), encoding="utf-8")


def _everything_written(project) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace")
                     for path in (project / "build").rglob("*")
                     if path.is_file() and path.suffix in (".json", ".csv", ".html", ".svg"))


@pytest.mark.warnings
def test_a_quarantined_cell_is_never_quoted_in_messages_manifest_or_outputs(mini, capsys):
    _personal_cells(mini)
    assert main(["--project", str(mini), "build", "--format", "web"]) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "responses.csv row" in line]
    assert [line.replace(f"{mini}/", "") for line in warnings] == [
        "warning: data/2024/responses.csv row 4, column fonction: a text of 23 characters "
        "holding an e-mail address is not one of 1, 2",
        "warning: data/2024/responses.csv row 6, column avis_utile: a text of 14 characters "
        "holding a phone number is not one of 1, 2, 3, 4"]
    written = _everything_written(mini)
    for secret in (EMAIL, PHONE, "marie", "A03", "A05"):
        assert secret not in err
        assert secret not in written, secret
    quarantine = list(csv.reader(io.StringIO(
        (mini / "build/2024/quarantine.csv").read_text(encoding="utf-8"))))
    assert quarantine == [
        ["row", "respondent", "column", "value", "expected"],
        ["4", "", "fonction", "a text of 23 characters holding an e-mail address",
         "one of 1, 2"],
        ["6", "", "avis_utile", "a text of 14 characters holding a phone number",
         "one of 1, 2, 3, 4"]]


@pytest.mark.warnings
def test_quarantine_values_keeps_the_raw_cells_on_request(mini, capsys):
    _personal_cells(mini)
    assert main(["--project", str(mini), "build", "--format", "web",
                 "--quarantine-values"]) == 0
    err = capsys.readouterr().err
    assert EMAIL not in err and PHONE not in err
    quarantine = list(csv.reader(io.StringIO(
        (mini / "build/2024/quarantine.csv").read_text(encoding="utf-8"))))
    assert quarantine[1:] == [["4", "A03", "fonction", EMAIL, "one of 1, 2"],
                              ["6", "A05", "avis_utile", PHONE, "one of 1, 2, 3, 4"]]
    manifest = (mini / "build/2024/manifest.json").read_text(encoding="utf-8")
    assert EMAIL not in manifest and '"quarantine_values": true' in manifest


@pytest.mark.parametrize(("cell", "shape"), [
    ("", "an empty cell"), ("  ", "an empty cell"), ("7", "a number of 1 digit"),
    ("151", "a number of 3 digits"), ("-2", "a negative number"),
    ("1500.5", "a decimal number"), ("1,0", "a decimal number"),
    ("A01", "a text of 3 characters"), ("Oui", "a text of 3 characters"),
    ("x [at] asso.fr", "a text of 14 characters holding an e-mail address")])
def test_the_shape_of_a_cell(cell, shape):
    assert cell_shape(cell) == shape


def test_the_last_net_redacts_any_log_record():
    record = logging.LogRecord("barorapport", logging.WARNING, __file__, 1,
                               "row %d: %s is wrong", (3, f"{EMAIL} / {PHONE}"), None)
    RedactPersonal().filter(record)
    assert record.getMessage() == "row 3: […] / […] is wrong"
