"""Quotations: verbatim but for [...] cuts and typography; a misquotation fails the build."""

from __future__ import annotations

import pytest

from barorapport.commands.build import build
from barorapport.errors import ConfigError, PrivacyError
from barorapport.openanswers.testimonies import mismatch

ANSWER = ("Plus de télétravail, et des réunions en visio. Les usagers n'ont pas d'ordinateur : "
          "c'est « compliqué » !")


@pytest.mark.parametrize("quotation", [
    ANSWER,
    "Plus de télétravail [...] des réunions en visio.",
    "[…] les usagers".replace("les", "Les") + " n\u2019ont pas d\u2019ordinateur",
    "Les usagers n'ont pas d'ordinateur: c'est «compliqué»!",
    "Plus  de\u00a0télétravail, et des réunions en visio. [...] c'est \"compliqué\" !",
])
def test_cuts_and_typography_are_allowed(quotation):
    assert mismatch(quotation, ANSWER) is None


@pytest.mark.parametrize(("quotation", "differs"), [
    ("Plus de télétravail, et de réunions en visio.", "de réunions en visio."),
    ("Plus de télétravai et des réunions", "télétravai et des réunions"),
    # Shown normalised: no space before a colon.
    ("Les usagers n'ont jamais eu d'ordinateur : c'est compliqué", "jamais eu d'ordinateur: "
                                                                   "c'est compliqué"),
    # Fragments must come in the answer's order.
    ("des réunions en visio [...] Plus de télétravail", "Plus de télétravail"),
    ("plus de télétravail", "plus de télétravail"),
])
def test_misquotations_are_caught_from_the_first_word_that_differs(quotation, differs):
    assert mismatch(quotation, ANSWER) == differs


def _write(project, testimonies: str, answers: dict[str, str] | None = None) -> None:
    (project / "data/2024/testimonies.yaml").write_text(testimonies, encoding="utf-8")
    csv = project / "data/2024/responses.csv"
    text = csv.read_text(encoding="utf-8")
    for old, new in (answers or {}).items():
        text = text.replace(old, new)
    csv.write_text(text, encoding="utf-8")


def test_misquotation_fails_the_build_with_its_id_and_words(mini, monkeypatch):
    monkeypatch.chdir(mini)
    _write(mini, "- id: visio-coupe\n  respondent: A01\n  question: evolution\n"
                 "  chapter: resultats\n"
                 "  text: \"Plus de télétravail [...] de nombreuses réunions en visio.\"\n"
                 "- id: inconnu\n  respondent: Z99\n  question: evolution\n"
                 "  chapter: resultats\n  text: \"Rien.\"\n")
    with pytest.raises(ConfigError) as caught:
        build(mini, progress=lambda message: None)
    assert str(caught.value) == (
        "data/2024/testimonies.yaml:5:9: testimony 'visio-coupe': not the respondent's words "
        "from « de nombreuses réunions en visio. » on\n"
        "data/2024/testimonies.yaml:10:9: testimony 'inconnu': no respondent with that id in "
        "the responses")
    assert "A01" not in str(caught.value) and "Z99" not in str(caught.value)


def test_a_testimony_s_chapter_and_text_are_checked_with_their_place(mini, monkeypatch):
    from barorapport.commands.check import check

    monkeypatch.chdir(mini)
    _write(mini, "- id: visio-coupe\n  respondent: A01\n  question: evolution\n"
                 "  chapter: resultat\n  theme: visios\n"
                 "  text: \"Plus de télétravail [...] des réunions en visio.\"\n"
                 "- id: vide\n  respondent: A03\n  question: evolution\n"
                 "  chapter: resultats\n  text: \" \"\n")
    assert check(mini, progress=lambda message: None).errors == (
        "data/2024/testimonies.yaml:11:9: 1.text: a quotation needs the respondent's words",)
    _write(mini, "- id: visio-coupe\n  respondent: A01\n  question: evolution\n"
                 "  chapter: resultat\n  theme: visios\n"
                 "  text: \"Plus de télétravail [...] des réunions en visio.\"\n")
    assert check(mini, progress=lambda message: None).errors == (
        "data/2024/testimonies.yaml:4:12: testimony 'visio-coupe': chapter 'resultat' is not a "
        "chapter of report.yaml (expected one of: introduction, resultats)",
        "templates/chapters/resultats.html.j2:8: no testimony 'teletravail-mails' in "
        "testimonies.yaml")


@pytest.mark.warnings  # the new quotation is shown by no template
def test_personal_data_fails_the_build_without_printing_it(mini, monkeypatch):
    monkeypatch.chdir(mini)
    # The project is otherwise sound: its own quotations are kept, this one is added.
    original = (mini / "data/2024/testimonies.yaml").read_text(encoding="utf-8")
    _write(mini, original + "- id: appel\n  respondent: A03\n  question: evolution\n"
                 "  chapter: resultats\n  text: \"Rien [...] au 06 12 34 56 78.\"\n",
           {"Rien de particulier.": "\"Rien, appelez M. Durand au 06 12 34 56 78.\""})
    with pytest.raises(PrivacyError) as caught:
        build(mini, progress=lambda message: None)
    assert str(caught.value) == (
        "data/2024/testimonies.yaml:16:9: testimony 'appel': holds a phone number; publish a "
        "'redacted:' text instead")


def test_the_redacted_text_is_published_and_must_pass_the_gate(mini, monkeypatch):
    monkeypatch.chdir(mini)
    answers = {"Rien de particulier.": "\"Rien, appelez M. Durand au 06 12 34 56 78.\""}
    template = mini / "templates/chapters/resultats.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + '{{ testimony("appel") }}\n',
                        encoding="utf-8")
    original = (mini / "data/2024/testimonies.yaml").read_text(encoding="utf-8")
    entry = original + ("- id: appel\n  respondent: A03\n  question: evolution\n"
                        "  chapter: resultats\n"
                        "  text: \"Rien, appelez M. Durand au 06 12 34 56 78.\"\n")
    _write(mini, entry + "  redacted: \"Rien, appelez M. D. au [numéro retiré].\"\n", answers)
    with pytest.raises(PrivacyError) as caught:
        build(mini, progress=lambda message: None)
    assert str(caught.value) == ("data/2024/testimonies.yaml:17:13: testimony 'appel': the "
                                 "redacted text still holds a civility and a name, a person's "
                                 "name (named-entity model)")

    _write(mini, entry + "  redacted: \"Rien, appelez [le collègue] au [numéro retiré].\"\n")
    build(mini, formats=("web",), progress=lambda message: None)
    page = (mini / "build/2024/web/resultats.html").read_text(encoding="utf-8")
    assert "Rien, appelez [le collègue] au [numéro retiré]." in page
    assert "Durand" not in page and "06 12" not in page
