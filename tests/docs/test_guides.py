"""Every error the editors' guide lists is the message the build really gives.

The guide's section "Erreurs fréquentes" holds one ``###`` heading per error with the
message in a ```` ```text ```` block; ``<...>`` stands for what varies. Each heading has a
producer below: it breaks a copy of ``tests/projects/mini`` the way an editor would and
returns the command to run. A documented error with no producer, or a producer with no
documented error, fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from barorapport import cli

REPO = Path(__file__).parent.parent.parent
GUIDE = REPO / "docs/guide-redaction.md"
SECTION = "## Erreurs fréquentes"
PLACEHOLDER = re.compile(r"<[^<>]+>")
CHAPTER = "templates/chapters/resultats.html.j2"
BUILD = ("build", "--format", "web")


def documented_errors(text: str) -> dict[str, str]:
    """Heading to message of each error of the guide's "Erreurs fréquentes" section."""
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    errors = {}
    for part in section.split("\n### ")[1:]:
        heading, body = part.split("\n", 1)
        block = re.search(r"```text\n(.*?)\n```", body, re.DOTALL)
        assert block, f"### {heading}: no ```text block with the message"
        errors[heading.strip()] = block.group(1)
    return errors


def message_pattern(documented: str) -> re.Pattern:
    """The documented message as a regular expression: each ``<...>`` matches some text."""
    parts = PLACEHOLDER.split(documented)
    return re.compile(".+?".join(re.escape(part) for part in parts))


def _edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{relative} no longer holds {old!r}: update the producer"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def _both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        for each in changes:
            each(project)
    return change


PHONE_ANSWER = "Le <b>télétravail</b> & les mails au 06 12 34 56 78."
PRODUCERS: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "Variable inconnue dans un gabarit": (
        _edit(CHAPTER, '{{ chart("outils") }}', "{{ fonctions }}"), BUILD),
    "Bloc non fermé": (
        _edit(CHAPTER, '{{ chart("outils") }}', "{% if survey.respondents > 3 %}"), BUILD),
    "Parenthèse ou accolade manquante": (
        _edit(CHAPTER, '{{ chart("outils") }}', '{{ chart("outils" }}'), BUILD),
    "Filtre inconnu": (_edit(CHAPTER, "fmt_pct(1)", "fmt_pourcent(1)"), BUILD),
    "Question inconnue": (_edit(CHAPTER, 'fig("avis",', 'fig("avis2",'), BUILD),
    "Chiffre introuvable": (
        _edit(CHAPTER, 'option="mail") | fmt_pct(2)', 'option="fax") | fmt_pct(2)'), BUILD),
    "Chiffre ambigu": (
        _edit(CHAPTER, 'fig("outils", measure="mentions", option="mail")',
              'fig("outils", option="mail")'), BUILD),
    "Graphique inconnu": (_edit(CHAPTER, 'chart("avis")', 'chart("opinions")'), BUILD),
    "Témoignage inconnu": (
        _edit(CHAPTER, 'testimony("visio-coupe")', 'testimony("visio")'), BUILD),
    "Citation inexacte": (
        _edit("data/2024/testimonies.yaml", "des réunions en visio.",
              "de nombreuses réunions en visio."), BUILD),
    "Répondant introuvable": (
        _edit("data/2024/testimonies.yaml", "respondent: A01", "respondent: A10"), BUILD),
    "Identifiant de témoignage en double": (
        _edit("data/2024/testimonies.yaml", "id: visio-coupe", "id: teletravail-mails"), BUILD),
    "Données personnelles dans une citation": (
        _both(_edit("data/2024/responses.csv", "Le <b>télétravail</b> & les mails.",
                    PHONE_ANSWER),
              _edit("data/2024/testimonies.yaml", "Le <b>télétravail</b> & les mails.",
                    PHONE_ANSWER)), BUILD),
    "Données personnelles dans le texte caviardé": (
        _edit("data/2024/testimonies.yaml", 'text: "Le <b>télétravail</b> & les mails."',
              'text: "Le <b>télétravail</b> & les mails."\n'
              '  redacted: "Appelez-moi au 06 12 34 56 78."'), BUILD),
    "Donnée personnelle d'un répondant dans une page": (
        _both(_edit("data/2024/responses.csv", "Le <b>télétravail</b> & les mails.",
                    PHONE_ANSWER),
              _edit("data/2024/testimonies.yaml", 'text: "Le <b>télétravail</b> & les mails."',
                    f'text: "{PHONE_ANSWER}"\n  redacted: "Le télétravail [...]."'),
              _edit(CHAPTER, '{{ chart("outils") }}',
                    '{{ chart("outils") }}<p>Contact : 06 12 34 56 78</p>')), BUILD),
    "Donnée personnelle dans un texte d'éditeur": (
        _edit(CHAPTER, '{{ chart("outils") }}',
              '{{ chart("outils") }}<p>Contact : 01 45 67 89 10</p>'), (*BUILD, "--strict")),
    "Caractères invisibles dans une citation": (
        _both(_edit("data/2024/responses.csv", "Le <b>télétravail</b> & les mails.",
                    "Le <b>télétravail</b>\u200b & les mails."),
              _edit("data/2024/testimonies.yaml", "Le <b>télétravail</b> & les mails.",
                    "Le <b>télétravail</b>\u200b & les mails.")), (*BUILD, "--strict")),
    "Gabarit introuvable": (
        _edit("report/2024/report.yaml", "chapters/resultats.html.j2",
              "chapters/resultat.html.j2"), BUILD),
    "Fichier introuvable": (lambda project: (project / "data/2024/responses.csv").unlink(),
                            BUILD),
    "Édition inconnue": (lambda project: None, ("build", "--edition", "2023")),
    "YAML mal formé": (
        _edit("report/2024/report.yaml", 'subtitle: "Édition 2024"', 'subtitle: "Édition 2024'),
        BUILD),
    "Clé inconnue": (_edit("report/2024/report.yaml", "subtitle:", "sous_titre:"), BUILD),
    "Clé obligatoire manquante": (
        _edit("report/2024/report.yaml", 'title: "Enquête test"\n', ""), BUILD),
    "Valeur invalide dans les réponses": (
        _edit("data/2024/responses.csv", "A03,2,", "A03,3,"), BUILD),
    "Trop de réponses en quarantaine": (
        _edit("data/2024/responses.csv", "A03,2,", "A03,3,"), BUILD),
    "Colonne manquante dans les réponses": (
        _edit("data/2024/responses.csv", "evolution\n", "evolutions\n"), BUILD),
    "Motif de thème invalide": (
        _edit("data/2024/themes.yaml", 'patterns: ["visio"]', 'patterns: ["visio("]'), BUILD),
    "Question inconnue dans les thèmes": (
        _edit("data/2024/themes.yaml", "evolution:", "evolutions:"), BUILD),
    "Thème inconnu": (lambda project: None,
                      ("themes", "--question", "evolution", "--theme", "tele")),
}

DOCUMENTED = documented_errors(GUIDE.read_text(encoding="utf-8"))


def test_every_documented_error_has_a_producer_and_back():
    assert sorted(set(DOCUMENTED) - set(PRODUCERS)) == [], "add a producer to PRODUCERS"
    assert sorted(set(PRODUCERS) - set(DOCUMENTED)) == [], "document the error in the guide"


def test_placeholders_match_what_varies():
    pattern = message_pattern("error: <fichier>:<ligne>: '<nom>' is undefined")
    assert pattern.fullmatch("error: templates/a.html.j2:2: 'x' is undefined")
    assert not pattern.fullmatch("error: templates/a.html.j2:2: 'x' is not defined")


@pytest.mark.parametrize("heading", sorted(DOCUMENTED))
@pytest.mark.warnings
def test_documented_error_is_the_real_message(heading, mini, monkeypatch, capsys):
    change, arguments = PRODUCERS[heading]
    change(mini)
    monkeypatch.chdir(mini)  # messages show paths relative to where the editor stands
    assert cli.main(list(arguments)) == 1
    lines = capsys.readouterr().err.splitlines()
    errors = [line for line in lines if line.startswith(("error: ", "warning: "))]
    pattern = message_pattern(DOCUMENTED[heading])
    assert any(pattern.fullmatch(line) for line in errors), (
        f"### {heading}: the guide says\n  {DOCUMENTED[heading]}\nthe build says\n  "
        + "\n  ".join(errors))
