"""The values of the columns never published, as the final gate looks for them
(``survey.withheld``)."""

from __future__ import annotations

from barorapport.survey.table import column_of
from barorapport.survey.withheld import withheld_values, words


def _withheld(cells: list[str], names: bool = False, texts: tuple[str, ...] = ()):
    return withheld_values({"Column": (column_of(cells), names)}, texts)


def test_a_name_is_found_as_a_whole_word_only():
    withheld = _withheld(["Liam", "Mia", "Al"], names=True)
    assert withheld.shown_in("La réponse la plus fréquente est « Liam » : 10 %") == ["Column"]
    assert withheld.shown_in("<td>Mia</td>") == ["Column"]
    assert withheld.shown_in("William and Miami, Liams") == []
    assert withheld.shown_in("Al Gore") == []  # too short to tell anyone apart


def test_values_of_several_words_and_numbers_the_french_way():
    withheld = _withheld(["2024-10-01 08:33:00", "42.8586", "+1 555 0100 1000"])
    assert withheld.shown_in("started 2024-10-01 08:33:00.") == ["Column"]
    assert withheld.shown_in("2024-10-01 on 08:33:00") == []
    assert withheld.shown_in("moyenne 42,8586 ;") == ["Column"]
    assert withheld.shown_in("-42.8586") == ["Column"]
    assert withheld.shown_in("call 555 0100 1000") == []
    assert withheld.shown_in("call +1 555 0100 1000") == ["Column"]


def test_short_values_and_the_questionnaires_own_words_are_not_looked_for():
    texts = ("Where would you place Bill Clinton?",)
    assert _withheld(["Bill Clinton", "Bill"], names=True, texts=texts).shown_in(
        "Bill Clinton, Bill") == []
    withheld = _withheld(["12", "A01", "tribune", "Bill Clinton"], texts=texts)
    assert withheld.shown_in("Bill Clinton A01 12") == []
    assert withheld.shown_in("la tribune") == ["Column"]
    assert not _withheld(["12", "A01"])


def test_words_are_split_as_outputs_print_them():
    assert words("« liam.smith@example.org. » (198.51.100.7), “x”;-42.5") == [
        "liam.smith@example.org", "198.51.100.7", "x", "42.5"]
