"""The privacy gate: each kind of personal data found, ordinary numbers left alone."""

from __future__ import annotations

import pytest

from barorapport.errors import PrivacyError
from barorapport.openanswers.privacy import (
    ADDRESS,
    CIVILITY,
    EMAIL,
    IBAN,
    NIR,
    PERSON,
    PHONE,
    POSTCODE,
    Excerpt,
    check_privacy,
    iban_is_valid,
    nir_is_valid,
    scan,
)

PERSONAL = [
    ("Écrivez-moi à jean.dupont@exemple.fr pour la suite.", EMAIL),
    ("Appelez le 06 12 34 56 78 demain.", PHONE),
    ("Mon numéro : 06.12.34.56.78.", PHONE),
    ("joignable au 0612345678 le matin", PHONE),
    ("ou au +33 6 12 34 56 78", PHONE),
    ("ou au +33612345678 le soir", PHONE),
    ("ou au +33 (0)1 45 67 89 10", PHONE),
    ("standard : 01-45-67-89-10", PHONE),
    ("Son numéro de sécu 1 85 05 78 006 084 91 traîne partout.", NIR),
    ("NIR 185057800608491 dans le dossier", NIR),
    ("Né en Corse du Sud : 2 90 03 2A 004 123 47.", NIR),
    ("Virement sur FR76 3000 6000 0112 3456 7890 189 svp", IBAN),
    ("IBAN FR7630006000011234567890189 CAF", IBAN),
    ("Elle habite au 12 rue des Lilas depuis 2019.", ADDRESS),
    ("rendez-vous 4 place de la Mairie", ADDRESS),
    ("au 3 bis, avenue Jean Jaurès", ADDRESS),
    ("Elle vit à 75011 Paris avec ses enfants.", POSTCODE),
    ("courrier au 13001 Marseille", POSTCODE),
    ("J'ai reçu M. Dupont hier.", CIVILITY),
    ("madame Martin est passée.", CIVILITY),
    ("Mme B. aussi", CIVILITY),
    ("Le Dr Lefèvre a appelé.", CIVILITY),
    ("J'ai accompagné Jean Dupont toute l'année.", PERSON),
]

INNOCUOUS = [
    "1 234 personnes ont répondu, soit 24,89 % en 2020.",
    "Le 02/11/2020, 100 % des réunions en visio ; 2 cours par semaine, 5 places.",
    "Entre 2019 et 2020, 1 939 répondants, 18,6 % ; 12 345 euros ; le 2 novembre 2020.",
    "Teletravail à 100 %. Plus de télétravail, et des réunions en visio.",
    "Du 2 au 16 décembre 2020, 0,5 % des 827 répondants ; 3 rues plus loin.",
    "Le numérique prenait de la place. La CAF, Ameli et Pôle emploi, Teams, Zoom.",
    "Echange de mails plus nombreux. Tâches de reporting. Mélange vie pro et perso.",
    "Une clé 4G à 10 euros, 30 minutes par jour, 2 heures le lundi 14 mars.",
    # A NIR and an IBAN whose key is wrong are not taken for real ones.
    "Dossier 1 85 05 78 006 084 36 et compte FR76 3000 6000 0112 3456 7890 188.",
]


@pytest.mark.parametrize(("text", "kind"), PERSONAL)
def test_each_kind_of_personal_data_is_found(text, kind):
    assert kind in scan(text)


@pytest.mark.parametrize("text", INNOCUOUS)
def test_ordinary_numbers_and_words_raise_no_alarm(text):
    assert scan(text) == []


def test_nir_key_and_corsica():
    number = "1850578006084"
    assert nir_is_valid(number + f"{97 - int(number) % 97:02d}")
    assert not nir_is_valid(number + f"{(97 - int(number) % 97 + 1) % 97:02d}")
    corsica = "29003" + "2A" + "004123"
    assert nir_is_valid(corsica + f"{97 - (int('2900319004123') - 1_000_000) % 97:02d}")
    assert nir_is_valid("2900" + "32B" + "004123" +
                        f"{97 - (int('2900318004123') - 2_000_000) % 97:02d}")


def test_iban_check_digits():
    assert iban_is_valid("FR7630006000011234567890189")
    assert iban_is_valid("DE89370400440532013000")
    assert not iban_is_valid("DE89370400440532013001")


def test_a_finding_names_the_quotation_and_the_kind_never_the_data():
    excerpts = [Excerpt(where="testimonies.yaml:3:9: testimony 'appel'",
                        text="Appelez-moi au 06 12 34 56 78 ou à a.b@exemple.fr."),
                Excerpt(where="testimonies.yaml:9:13: testimony 'propre'",
                        text="Écrivez à x@y.fr", redacted=True),
                Excerpt(where="testimonies.yaml:15:9: testimony 'rien'", text="Rien à dire.")]
    with pytest.raises(PrivacyError) as caught:
        check_privacy(excerpts)
    assert str(caught.value) == (
        "testimonies.yaml:3:9: testimony 'appel': holds an e-mail address, a phone number; "
        "publish a 'redacted:' text instead\n"
        "testimonies.yaml:9:13: testimony 'propre': the redacted text still holds an e-mail "
        "address")


def test_names_an_editor_checked_are_not_flagged():
    text = "Rencontre avec Jean Dupont."
    assert scan(text) == [PERSON]
    assert scan(text, not_names=["jean dupont"]) == []
