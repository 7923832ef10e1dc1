"""Which column holds what: answers, or what a survey tool records (``survey.classify``),
by heading (per tool, French and English) and by content."""

from __future__ import annotations

import pytest

from barorapport.survey.classify import classify, classify_export, tools_of
from barorapport.survey.table import column_of


def _role(heading: str, values: list[str], headings: tuple[str, ...] = ()) -> tuple[str, str]:
    role = classify(heading, column_of(values), tools_of(headings or (heading,)))
    return role.role, role.kind


ANSWERS = ["Souvent", "Jamais", "Parfois", "Souvent", "Jamais"]
STAMPS = ["2024-10-01 08:33:00", "13/05/2024 09:12:00", "2024-10-02T10:01:12.000+02:00"]


def _values(expected: tuple[str, str]) -> list[str]:
    """What a column so named holds: dates under a timestamp's heading, else answers."""
    return STAMPS if expected[0] == "timestamp" else ANSWERS


@pytest.mark.parametrize(("heading", "expected"), [
    # SurveyMonkey, in English and in French
    ("IP Address", ("personal", "IP addresses")),
    ("Email Address", ("personal", "e-mail addresses")),
    ("First Name", ("personal", "names")), ("Last Name", ("personal", "names")),
    ("Custom Data 1", ("personal", "access tokens and references")),
    ("Adresse IP", ("personal", "IP addresses")), ("Prénom", ("personal", "names")),
    ("Nom", ("personal", "names")), ("Données personnalisées 2",
                                      ("personal", "access tokens and references")),
    ("Respondent ID", ("id", "")), ("ID du répondant", ("id", "")),
    ("Start Date", ("timestamp", "")), ("Date de fin", ("timestamp", "")),
    ("Collector ID", ("metadata", "collector")),
    # Qualtrics, both heading rows
    ("RecipientFirstName", ("personal", "names")), ("Recipient Last Name", ("personal", "names")),
    ("RecipientEmail", ("personal", "e-mail addresses")),
    ("LocationLatitude", ("personal", "GPS coordinates")),
    ("Location Longitude", ("personal", "GPS coordinates")),
    ("IPAddress", ("personal", "IP addresses")), ("ResponseId", ("id", "")),
    ("Duration (in seconds)", ("duration", "")), ("Progress", ("progress", "")),
    ("ExternalReference", ("personal", "access tokens and references")),
    ("Q_RecaptchaScore", ("metadata", "fraud scores")),
    ("Q7_First Click", ("duration", "")), ("Q7_Page Submit", ("duration", "")),
    # LimeSurvey
    ("ipaddr", ("personal", "IP addresses")), ("token", ("personal",
                                                         "access tokens and references")),
    ("refurl", ("personal", "referring web addresses")), ("submitdate", ("timestamp", "")),
    ("lastpage", ("progress", "")), ("interviewtime", ("duration", "")),
    ("groupTime3", ("duration", "")),
    # Google Forms, Microsoft Forms, KoboToolbox
    ("Horodateur", ("timestamp", "")), ("Adresse e-mail", ("personal", "e-mail addresses")),
    ("Heure de début", ("timestamp", "")), ("Completion time", ("timestamp", "")),
    ("_submission_time", ("timestamp", "")), ("_uuid", ("id", "")),
    ("_submitted_by", ("personal", "names")),
    # Generic French and English
    ("Numéro de téléphone", ("personal", "phone numbers")),
    ("Téléphone", ("personal", "phone numbers")), ("Courriel", ("personal",
                                                                "e-mail addresses")),
    ("Adresse postale", ("personal", "postal addresses")),
])
def test_headings_every_tool_writes(heading, expected):
    assert _role(heading, _values(expected)) == expected


@pytest.mark.parametrize(("heading", "headings", "expected"), [
    ("Status", ("StartDate", "EndDate", "Status", "IPAddress"), ("progress", "")),
    ("Finished", ("StartDate", "Finished", "ResponseId"), ("progress", "")),
    ("start", ("start", "end", "_uuid", "_submission_time"), ("timestamp", "")),
    ("_tags", ("_uuid", "_index", "_tags"),
     ("metadata", "form bookkeeping")),
    ("_gps_latitude", ("_uuid", "_index", "_gps_latitude"), ("personal", "GPS coordinates")),
    ("Score", ("Horodateur", "Timestamp", "Score"), ("metadata", "quiz score")),
])
def test_generic_headings_are_a_tools_own_in_its_export_only(heading, headings, expected):
    assert _role(heading, _values(expected), headings) == expected
    assert _role(heading, ANSWERS, ("id", heading, "Q1")) == ("question", "")


@pytest.mark.parametrize(("values", "expected"), [
    (["liam.smith@example.org", "mia.lopez@example.com", "x_y@test.fr"],
     ("personal", "e-mail addresses")),
    (["198.51.100.7", "203.0.113.250", "2001:db8::1"], ("personal", "IP addresses")),
    (["06 12 34 56 78", "+33 6 98 76 54 32", "+1 555 0100 1000", "0612345678"],
     ("personal", "phone numbers")),
    (["48.8566 2.3522 35 5", "45.7640 4.8357 170 8"], ("personal", "GPS coordinates")),
    (["Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0"],
     ("personal", "devices and browsers")),
    (["2024-10-01 08:33:00", "13/05/2024 09:12:00", "03/04/2024 09:33:00 AM",
      "2024/05/13 10:45:12 AM UTC+2"], ("timestamp", "")),
    (["R_4cSb9deyO6LfR4v", "R_1abcDEF2ghiJKL3", "R_9zyXWV8utsRQP7o", "R_5mnoPQR4stuVWX1",
      "R_0aaBBcc1ddEEff2"], ("id", "")),
    (["114000000001", "114000000002", "114000000003", "114000000004", "114000000005"],
     ("id", "")),
])
def test_content_reveals_what_a_heading_hides(values, expected):
    assert _role("Q12", values) == expected


@pytest.mark.parametrize("values", [
    ["Souvent", "Jamais", "Parfois"], ["34", "51", "27", "62", "45", "38"],
    ["35000", "42000", "51000", "27000", "61000"],  # all different, but numbers: answers
    ["1 - Jamais", "2 - Parfois", "3 - Souvent"], ["18,5", "12,25", "3"],
    ["Plus de télétravail, et des outils partagés", "Rien de particulier."],
    ["2024", "2023", "2022"],
])
def test_answers_are_questions(values):
    assert _role("Q12", values) == ("question", "")


@pytest.mark.parametrize("heading", ["Horodatage", "Start Date", "submitdate"])
def test_a_timestamps_heading_over_other_values_is_no_timestamp(heading):
    """Not the tool's: a column nobody asked for, which ingest names in a warning."""
    assert _role(heading, ["x", "x", "y"]) == ("question", "")
    assert _role(heading, ["", ""]) == ("timestamp", "")  # empty: nothing to lose


def test_the_layouts_own_columns_are_the_tools():
    from barorapport.survey.formats import SurveyMonkey

    roles = classify_export(["Respondent ID", "Collector ID", "Start Date", "Q1"],
                            [column_of(["1"]), column_of(["2"]), column_of(["x"]),
                             column_of(["Oui"])], SurveyMonkey())
    assert [role.role for role in roles] == ["id", "metadata", "timestamp", "question"]


def test_the_files_own_metadata_comes_first():
    role = classify("Q1", column_of(ANSWERS), declared="personal")
    assert (role.role, role.by) == ("personal", "the file's metadata")
    assert role.described() == "personal data, recognised by the file's metadata"
