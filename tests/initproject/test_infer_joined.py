"""Multiple answers joined in one cell, found without the survey's definition: an option is
an answer that is not a join of others (its label may hold the joiner), one nobody chose
alone is cut out of the joins; free text and single choices are not taken for joins."""

from __future__ import annotations

import pytest

from barorapport.commands.init.infer import _joined_options


@pytest.mark.parametrize(("values", "joiner", "options"), [
    (["Email", "Email,Visio, audio", "Visio, audio", "SMS,Email", "SMS"], ",",
     ["Email", "Visio, audio", "SMS"]),
    # Nobody chose "Fax" alone: it is cut out of the joins.
    (["Email", "Email,Fax", "SMS", "SMS,Fax,Email"], ",", ["Email", "Fax", "SMS"]),
    # Recode values, in their numbers' order.
    (["3", "1,3", "2", "1,2,3"], ",", ["1", "2", "3"]),
    # KoboToolbox: names joined by spaces, and labels holding spaces.
    (["tv_daily", "big_city senior", "senior"], " ", ["tv_daily", "big_city", "senior"]),
    (["Aged 65 or over", "Watches TV news every day Aged 65 or over",
      "Watches TV news every day"], " ", ["Aged 65 or over", "Watches TV news every day"]),
])
def test_joined_options_are_found(values, joiner, options):
    assert _joined_options(values, joiner) == options


@pytest.mark.parametrize(("values", "joiner"), [
    # A single choice, even with the joiner in its labels.
    (["Yes, often", "No", "Sometimes"], ","),
    (["Strong Democrat", "Weak Democrat", "Independent-Democrat"], " "),
    # Free text that happens to hold commas.
    (["More video calls, less paper", "Less travel", "Paper, mostly"], ","),
    (["1", "2"], ","),
])
def test_other_answers_are_not_joins(values, joiner):
    assert _joined_options(values, joiner) is None
