"""The kind of an export is recognised from its content, not its name; a file that is not
read says what it is and which formats are read."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from barorapport.errors import SurveyError
from barorapport.survey.sniff import READ, kind_of

from .conftest import EXPORTS


def _zip(path, members: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize(("name", "content", "said"), [
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
     "an Excel 97-2003 workbook (.xls), which is not read; save it as XLSX or CSV from the "
     "spreadsheet"),
    ("survey.pdf", b"%PDF-1.7\n" + bytes(100), "a PDF document, which is not read"),
    ("blob.csv", b"\x00\x01\x02\x03garbage" * 10,
     "a binary file of an unknown kind, which is not read"),
    ("data.csv", b"\x1f\x8b\x08\x00" + bytes(40),
     "a gzip-compressed file, which is not read; decompress it first"),
    ("survey.csv", json.dumps({"SurveyEntry": {}, "SurveyElements": []}).encode(),
     "a Qualtrics survey definition (.qsf), not its responses, which is not read; give it "
     "to init beside the responses export"),
    ("survey.csv", b'<?xml version="1.0"?>\n<document>\n<LimeSurveyDocType>Survey'
                   b'</LimeSurveyDocType>',
     "a LimeSurvey survey structure (.lss), not its responses, which is not read; give it to "
     "init beside the responses export"),
])
def test_a_file_that_is_not_read_says_what_it_is(read_export, survey_folder, name, content,
                                                 said):
    (survey_folder / name).write_bytes(content)
    with pytest.raises(SurveyError) as caught:
        read_export(survey_folder / name)
    assert str(caught.value) == f"{name}: {said}. barorapport reads {READ}"


def test_an_opendocument_spreadsheet_says_so(read_export, survey_folder):
    _zip(survey_folder / "answers.ods", {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": b"<office:document-content/>"})
    with pytest.raises(SurveyError) as caught:
        read_export(survey_folder / "answers.ods")
    assert str(caught.value) == (
        "answers.ods: an OpenDocument spreadsheet (.ods), which is not read; save it as XLSX "
        "or CSV from the spreadsheet. barorapport reads CSV or TSV (native, Qualtrics, "
        "SurveyMonkey, LimeSurvey, Google Forms, KoboToolbox or ODK exports), XLSX workbooks, "
        "SPSS (.sav, .zsav, .por) and Stata (.dta) files")


def test_the_name_does_not_decide(read_export, survey_folder, tmp_path):
    """An SPSS file named .csv is read as SPSS; a CSV named .xlsx as CSV."""
    import pandas as pd
    import pyreadstat

    pyreadstat.write_sav(pd.DataFrame({"id": ["A01", "A02"], "age": [34.0, 51.0]}),
                         survey_folder / "spss.csv")
    assert kind_of(survey_folder / "spss.csv").name == "spss"
    (survey_folder / "text.xlsx").write_bytes((EXPORTS / "utf8.csv").read_bytes())
    assert kind_of(survey_folder / "text.xlsx").name == "csv"
    survey = read_export(survey_folder / "text.xlsx")
    assert survey.notes[0].startswith("read as csv")


def test_an_xlsform_given_as_the_export_says_where_it_goes(read_export, survey_folder):
    from ..initproject.kobo_files import write_xlsform

    write_xlsform(survey_folder / "form.xlsx")
    assert kind_of(survey_folder / "form.xlsx").name == "xlsform"
    with pytest.raises(SurveyError) as caught:
        read_export(survey_folder / "form.xlsx")
    assert str(caught.value) == (
        "form.xlsx: an XLSForm (a form's definition), not its responses, which is not read; "
        f"give it to init beside the data export. barorapport reads {READ}")
