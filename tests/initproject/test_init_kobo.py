"""A KoboToolbox project as KoboToolbox writes its files (the XLSForm; the data export as a
CSV in XML values with groups in headers and select_multiple joined and split, or as an XLSX
in labels, select_multiple joined; Kobo's own columns, the form's metadata, a geopoint,
invented enumerators): ``init`` + ``build --strict`` with no edit publish the 944
submissions' shares as pandas computes them, the table-list grid on its scale in order, the
relevant as the question's base, nobody named."""

from __future__ import annotations

import pytest

from barorapport.cli import main
from barorapport.survey.export import read_export
from barorapport.survey.questionnaire import ResponsesSource

from .conftest import name_the_publication
from .kobo_files import LISTS, write_kobo
from .tool_files import (
    DESCRIBES,
    EDUCATION,
    LEFT_RIGHT,
    PARTY_TEXT,
    TV_DAYS,
    english_pct,
    figure_data,
    leaks,
    page_text,
    questionnaire_of,
)

ITEMS = ["Yourself", "Bill Clinton", "Bob Dole"]


@pytest.fixture(scope="module", params=["xml", "labels"])
def built(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"kobo_{request.param}")
    export, form, answers, personal = write_kobo(folder, request.param)
    root = folder / "project"
    assert main(["init", str(root), "--from", str(export), "--from", str(form),
                 "--edition", "1996"]) == 0
    name_the_publication(root)
    assert main(["--project", str(root), "build", "--strict"]) == 0
    return root, answers, personal, request.param


def test_the_questionnaire_is_the_xlsform(built):
    root, _, _, values = built
    questionnaire = questionnaire_of(root)
    questions = {question["id"]: question for question in questionnaire["questions"]}
    assert {key: question["type"] for key, question in questions.items()} == {
        "party": "single", "placement": "grid", "age": "numeric", "educ": "single",
        "describes": "multiple", "tvnews": "single", "vote": "single", "popul": "numeric"}
    assert questionnaire["survey"]["title"] == "Election study 1996 (KoboToolbox)"
    assert questionnaire["responses"]["id_column"] == "_uuid"
    assert [(option["code"], option["label"]) for option in questions["party"]["options"]] \
        == LISTS["party"]
    assert [option["label"] for option in questions["educ"]["options"]] == EDUCATION
    assert questions["placement"]["text"] == ("Where would you place each on a scale from "
                                              "liberal to conservative?")
    assert [item["label"] for item in questions["placement"]["items"]] == ITEMS
    assert [level["label"] for level in questionnaire["scales"][0]["levels"]] == LEFT_RIGHT
    assert questions["tvnews"]["asked_if"] == {
        "question": "educ", "answers": ["hs_grad", "some_college", "college", "masters",
                                        "phd"]}
    assert "asked_if" not in questions["popul"]
    responses = questionnaire["responses"]
    if values == "xml":
        # Group prefixes in headers; the split columns read, their joined copy ignored.
        assert questions["party"]["columns"] == "politics/party"
        assert questions["describes"]["columns"] == {
            code: f"you/describes/{code}" for code, _ in LISTS["describes"]}
        assert {"you/location", "you/_location_latitude", "deviceid", "username",
                "phonenumber", "_submitted_by"} <= set(responses["personal_columns"])
        assert responses["ignored_columns"] == ["you/describes", "older"]
        assert "answer_codes" not in questions["party"]
    else:
        assert questions["describes"]["columns"] == "Which of these describe you?"
        assert questions["party"]["answer_codes"]["Strong Democrat"] == "strong_dem"
        assert {"Where are you?", "_Where are you?_latitude", "deviceid", "username",
                "phonenumber", "_submitted_by"} <= set(responses["personal_columns"])
    text = (root / "data/1996/questionnaire.yaml").read_text("utf-8")
    assert "# inferred:" not in text.split("questions:", 1)[1]


def test_published_shares_equal_pandas(built):
    root, answers, _, _ = built
    page = page_text(root / "build/1996/web/resultats.html")
    for column in ("party", "educ", "vote"):
        for label, share in answers[column].value_counts(normalize=True).items():
            assert f"{label} {english_pct(share)}" in page, (column, label)
    asked = answers["tvnews"].dropna()
    data = figure_data(root, "tvnews")
    assert data["label"].tolist() == TV_DAYS
    assert data["base"].iloc[0] == len(asked) < len(answers)
    assert data["share"].tolist() == pytest.approx(
        [asked.value_counts(normalize=True).get(label, 0.0) for label in TV_DAYS], abs=1e-6)
    ticked = answers[DESCRIBES]
    answered = ticked[ticked.any(axis=1)]
    shares = figure_data(root, "describes")
    assert shares["base"].iloc[0] == len(answered) < len(answers)
    for label in DESCRIBES:
        assert shares.loc[shares["label"] == label, "share"].iloc[0] == pytest.approx(
            answered[label].mean(), abs=1e-6)
    for figure in ("age", "popul"):
        mean = figure_data(root, figure).set_index("label").loc["mean"]
        assert mean["value"] == pytest.approx(answers[figure].mean())
        assert mean["base"] == answers[figure].notna().sum()


def test_the_table_list_grid_reads_in_its_scales_order(built):
    root, answers, _, _ = built
    data = figure_data(root, "placement")
    for item, column in zip(ITEMS, ("lr_self", "lr_clinton", "lr_dole"), strict=True):
        rows = data[data["item_label"] == item]
        assert rows["label"].tolist() == LEFT_RIGHT
        expected = answers[column].value_counts(normalize=True)
        assert rows["share"].tolist() == pytest.approx(
            [expected.get(label, 0.0) for label in LEFT_RIGHT], abs=1e-6)


def test_nobody_is_published(built):
    root, _, personal, _ = built
    assert leaks(root / "build", personal) == []


def test_the_export_is_recognised_and_its_columns_declared(tmp_path):
    export, _, answers, _ = write_kobo(tmp_path, "xml")
    read = read_export(ResponsesSource(), export, export.name)
    assert (read.layout.name, read.delimiter, len(read)) == ("kobo", ";", len(answers))
    roles = {heading: read.carried.role(heading) for heading in read.headings}
    assert {heading for heading, role in roles.items() if role == "personal"} == {
        "deviceid", "username", "phonenumber", "_submitted_by", "you/_location_latitude",
        "you/_location_longitude", "you/_location_altitude", "you/_location_precision"}
    assert roles["_uuid"] == "id"
    assert roles["start"] == roles["_submission_time"] == "timestamp"
    assert roles["_validation_status"] == roles["__version__"] == "metadata"


def test_without_the_form_init_says_what_is_missing(tmp_path, capsys):
    export, _, _, _ = write_kobo(tmp_path, "xml")
    assert main(["init", str(tmp_path / "bare"), "--from", str(export), "--edition",
                 "1996"]) == 0
    assert "note: a KoboToolbox or ODK export without its XLSForm: the questions' types, " \
           "option lists and order are guessed from the answers; give the form too (init " \
           "--from export.csv --from form.xlsx: the project's Form > Download XLS in " \
           "KoboToolbox)" in capsys.readouterr().out
    questionnaire = questionnaire_of(tmp_path / "bare")
    questions = {question["id"]: question for question in questionnaire["questions"]}
    texts = {question["text"] for question in questions.values()}
    assert not texts & {"_id", "_uuid", "_submission_time", "_validation_status", "_notes",
                        "_status", "_submitted_by", "__version__", "_tags", "_index",
                        "start", "end", "today", "deviceid", "username", "phonenumber"}
    # The split columns are one multiple choice; their joined copy is ignored.
    assert questions["you_describes"]["type"] == "multiple"
    assert list(questions["you_describes"]["columns"].values()) == [
        f"you/describes/{code}" for code, _ in LISTS["describes"]]
    assert questionnaire["responses"]["ignored_columns"] == ["you/describes"]


def test_without_the_form_joined_labels_are_a_multiple_choice(tmp_path):
    export, _, _, _ = write_kobo(tmp_path, "labels")
    assert main(["init", str(tmp_path / "bare"), "--from", str(export), "--edition",
                 "1996"]) == 0
    questions = {question["text"]: question
                 for question in questionnaire_of(tmp_path / "bare")["questions"]}
    describes = questions["Which of these describe you?"]
    assert describes["type"] == "multiple"
    assert sorted(option["label"] for option in describes["options"]) == sorted(DESCRIBES)
    assert questions[PARTY_TEXT]["type"] == "single"


def test_an_odk_central_export_is_read_with_its_form(tmp_path):
    """ODK Central joins groups with '-' in its headings, splits a geopoint into
    -Latitude... columns and adds its own (SubmissionDate, KEY, SubmitterName...)."""
    from barorapport.survey.definitions import read_definition

    _, form, answers, _ = write_kobo(tmp_path, "xml")
    rows = [["SubmissionDate", "start", "end", "deviceid", "politics-party",
             "you-describes", "you-location-Latitude", "you-location-Longitude",
             "you-location-Altitude", "you-location-Accuracy", "meta-instanceID", "KEY",
             "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
             "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]]
    names = dict((label, code) for code, label in LISTS["party"])
    for index, party in enumerate(answers["party"][:20]):
        key = f"uuid:{index:08d}-0000-4000-8000-000000000000"
        rows.append(["2024-03-04T08:20:42.000Z", "2024-03-04T09:12:00.000+01:00",
                     "2024-03-04T09:20:41.000+01:00", f"collect:{index:016d}", names[party],
                     "tv_daily senior" if index % 2 else "big_city", "45.123456",
                     "3.123456", "152", "4.9", key, key, "7", "Enumerator Liam", "0", "0",
                     "", "approved", f"collect:{index:016d}", "0", "2024030401"])
    export = tmp_path / "anes96.csv"
    export.write_text("\n".join(",".join(f'"{cell}"' for cell in row) for row in rows) + "\n",
                      encoding="utf-8")
    read = read_export(ResponsesSource(), export, export.name)
    assert read.layout.name == "kobo"
    carried = read_definition(form, read)
    questions = {question.id: question for question in carried.questions}
    assert questions["party"].columns == ("politics-party",)
    assert (questions["describes"].type, questions["describes"].columns) == (
        "multiple", ("you-describes",))
    roles = {heading: carried.role(heading) for heading in read.headings}
    assert {heading for heading, role in roles.items() if role == "personal"} >= {
        "deviceid", "you-location-Latitude", "you-location-Longitude", "SubmitterID",
        "SubmitterName", "DeviceID"}
    assert roles["KEY"] == "id"
    assert roles["SubmissionDate"] == "timestamp"
