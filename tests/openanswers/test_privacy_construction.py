"""Privacy by construction: templates receive only what may be published of a testimony, and
the gate reads the final text of every output before anything is installed."""

from __future__ import annotations

import pytest

from barorapport.cli import main
from barorapport.commands.build import build
from barorapport.errors import PrivacyError
from barorapport.openanswers import testimonies as quotations
from barorapport.openanswers.privacy import EMAIL, scan
from barorapport.openanswers.published import check_published, respondent_data
from barorapport.survey import load_questionnaire, load_survey

from ..helpers import pdf_text

RAW = "Appelez-moi au 06 12 34 56 78, merci."
REDACTED = "Appelez-moi [...], merci."


def _quiet(message: str) -> None:
    pass


def _redacted_testimony(mini) -> None:
    """Respondent A03's answer holds a phone number; its testimony publishes a redacted
    text."""
    responses = mini / "data/2024/responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8").replace(
        "Rien de particulier.", f'"{RAW}"'), encoding="utf-8")
    with (mini / "data/2024/testimonies.yaml").open("a", encoding="utf-8") as file:
        file.write(f"- id: appel\n  respondent: A03\n  question: evolution\n"
                   f"  chapter: resultats\n  text: '{RAW}'\n  redacted: '{REDACTED}'\n")


def test_a_template_printing_item_text_prints_the_redacted_text(mini):
    _redacted_testimony(mini)
    template = mini / "templates/chapters/resultats.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + (
        '{% for item in testimonies(chapter="resultats") if item.id == "appel" %}'
        "<p>{{ testimony(item.id) }} {{ item.text }} {{ item.published }}</p>{% endfor %}\n"),
        encoding="utf-8")
    (mini / "templates/partials/testimony.html.j2").write_text(
        "<blockquote>{{ testimony.text }}</blockquote>\n", encoding="utf-8")
    result = build(mini, progress=_quiet)
    page = (result.folder / "web/resultats.html").read_text(encoding="utf-8")
    assert page.count(REDACTED) == 3
    assert "06 12 34 56 78" not in page
    assert "06 12 34 56 78" not in pdf_text(result.outputs["pdf"])


def test_templates_cannot_reach_the_raw_words_or_the_respondent(mini, capsys):
    _redacted_testimony(mini)
    template = mini / "templates/chapters/resultats.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + (
        '{% for item in testimonies(chapter="resultats") %}{{ item.respondent }}'
        "{% endfor %}\n"), encoding="utf-8")
    assert main(["--project", str(mini), "build"]) == 1
    assert capsys.readouterr().err.strip().endswith(
        "templates/chapters/resultats.html.j2:10: 'barorapport.openanswers.testimonies."
        "PublishedTestimony object' has no attribute 'respondent'")


def test_the_publishable_view_holds_the_published_text_only():
    testimony = quotations.Testimony(id="t", respondent="A03", question="q", chapter="c", text=RAW,
                          redacted=REDACTED)
    published = quotations.publishable(testimony)
    assert published == quotations.PublishedTestimony(id="t", chapter="c", question="q",
                                                      theme=None, text=REDACTED)
    assert RAW not in repr(published) and "A03" not in repr(published)


@pytest.mark.warnings
def test_a_respondents_phone_copied_into_a_template_stops_the_build(mini, capsys):
    _redacted_testimony(mini)
    template = mini / "templates/chapters/introduction.html.j2"
    template.write_text(template.read_text(encoding="utf-8")
                        + "<p>Contact : 06 12 34 56 78.</p>\n", encoding="utf-8")
    assert main(["--project", str(mini), "build"]) == 1
    err = capsys.readouterr().err.strip()
    assert err[err.index("error:"):] == (
        "error: web/introduction.html: holds a phone number from a respondent's answer (the "
        "respondent quoted by testimony 'appel'): only a testimony's checked text is published "
        "(nothing was installed)\n"
        "error: enquete-2024.pdf: holds a phone number from a respondent's answer (the "
        "respondent quoted by testimony 'appel'): only a testimony's checked text is published "
        "(nothing was installed)")
    assert not (mini / "build/2024/web").exists()


CONTACT = "observatoire@exemple.org, 01 45 67 89 10, 12 rue des Lilas, 75011 Paris"


def test_what_editors_wrote_is_published_with_a_warning_naming_file_and_line(mini, caplog):
    template = mini / "templates/chapters/introduction.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + f"<p>Contact : {CONTACT}.</p>\n",
                        encoding="utf-8")
    questionnaire = mini / "data/2024/questionnaire.yaml"
    questionnaire.write_text(questionnaire.read_text(encoding="utf-8").replace(
        'label: "Cadre"', 'label: "Cadre (M. Martin)"'), encoding="utf-8")
    result = build(mini, progress=_quiet)
    assert "observatoire@exemple.org" in (result.folder / "web/introduction.html").read_text(
        encoding="utf-8")
    advice = ("an editor's text is published as written; if it is meant to be (the "
              "publisher's own contact), list it in report.yaml's public_contacts")
    assert [record.getMessage().replace(f"{mini}/", "") for record in caplog.records
            if record.levelname == "WARNING"] == [
        f"templates/chapters/introduction.html.j2:2: holds an e-mail address, a phone number, "
        f"a street address, a postcode and town: {advice}",
        f"data/2024/questionnaire.yaml:25:28: holds a civility and a name: {advice}"]


def test_contacts_declared_public_are_not_warned_about(mini):
    template = mini / "templates/chapters/introduction.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + f"<p>Contact : {CONTACT}.</p>\n",
                        encoding="utf-8")
    report = mini / "report/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8")
                      + f'public_contacts: ["{CONTACT}"]\n', encoding="utf-8")
    build(mini, progress=_quiet)  # no warning: an unexpected one fails the test


def test_every_kind_is_found_in_the_answers_and_any_output(tmp_path, mini):
    responses = mini / "data/2024/responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8").replace(
        "Rien de particulier.", '"Écrire à contact [at] asso-entraide.fr ou au 12 rue des '
                                'Lilas, voir M. Dupont"'), encoding="utf-8")
    questionnaire = load_questionnaire(mini / "data/2024/questionnaire.yaml")
    survey = load_survey(questionnaire, responses)
    secrets = respondent_data(survey)
    assert sorted(secrets.literal.items()) == [
        ("12 rue des lilas", "a street address"), ("m. dupont", "a civility and a name")]
    assert secrets.canonical == {"contact@asso-entraide.fr": "an e-mail address"}
    staging = tmp_path / "staging"
    (staging / "charts").mkdir(parents=True)
    (staging / "charts/outils.svg").write_text(
        '<svg><title>x</title><desc>voir M.&#160;Dupont</desc></svg>', encoding="utf-8")
    (staging / "figures.csv").write_text("label\ncontact [at] asso-entraide.fr\n",
                                         encoding="utf-8")
    with pytest.raises(PrivacyError) as caught:
        check_published(survey, staging, {"x.pdf": '<img alt="12 rue des Lilas">'})
    assert str(caught.value) == (
        "charts/outils.svg: holds a civility and a name from a respondent's answer: only a "
        "testimony's checked text is published (nothing was installed)\n"
        "figures.csv: holds an e-mail address from a respondent's answer: only a testimony's "
        "checked text is published (nothing was installed)\n"
        "x.pdf: holds a street address from a respondent's answer: only a testimony's checked "
        "text is published (nothing was installed)")


@pytest.mark.parametrize("text", [
    "contact [at] asso-entraide.fr", "contact [ at ] asso-entraide.fr",
    "contact (at) asso-entraide.fr", "contact (AT) asso-entraide (dot) fr",
    "marie arobase asso point fr", "écrivez à contact at asso-entraide.fr",
    "contact{at}asso.org",
])
def test_obfuscated_addresses_are_found(text):
    assert scan(text, names=False) == [EMAIL]


@pytest.mark.parametrize("text", [
    "Teletravail at 100 %.", "On se retrouve at home, à 5 at 6.", "Le chat (at) la maison.",
    "réunion [at] 14 h", "La CAF arobase", "point fr", "Pôle emploi.fr et Ameli.fr",
])
def test_ordinary_words_around_at_raise_no_alarm(text):
    assert scan(text, names=False) == []


def test_the_word_edition_and_the_workbooks_are_read_too(tmp_path, mini):
    import docx
    from openpyxl import Workbook

    responses = mini / "data/2024/responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8").replace(
        "Rien de particulier.", '"Écrire à jeanne.martin@asso-entraide.fr ou au '
                                '06 12 34 56 78"'), encoding="utf-8")
    survey = load_survey(load_questionnaire(mini / "data/2024/questionnaire.yaml"), responses)
    staging = tmp_path / "staging"
    staging.mkdir()
    document = docx.Document()
    paragraph = document.add_paragraph("Écrire à jeanne")  # the address split over runs
    paragraph.add_run(".martin@asso-")
    paragraph.add_run("entraide.fr").bold = True
    document.save(str(staging / "rapport.docx"))
    workbook = Workbook()
    workbook.active["B7"] = "Réponse : 06.12.34.56.78"
    workbook.save(str(staging / "tables.xlsx"))
    clean = Workbook()
    clean.active["A1"] = "Rien à signaler"
    clean.save(str(staging / "figures.xlsx"))
    with pytest.raises(PrivacyError) as caught:
        check_published(survey, staging)
    assert str(caught.value) == (
        "rapport.docx: holds an e-mail address from a respondent's answer: only a "
        "testimony's checked text is published (nothing was installed)\n"
        "tables.xlsx: holds a phone number from a respondent's answer: only a testimony's "
        "checked text is published (nothing was installed)")
