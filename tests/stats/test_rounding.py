"""The rounding rule and the note when displayed shares do not add up to 100."""

from __future__ import annotations

import pandas as pd

from barorapport.formatting import LOW_BASE_MARK, fmt_count, fmt_pct, fmt_rounding_note
from barorapport.stats import Thresholds, compute_figures
from barorapport.stats.rounding import displayed_total, round_half_up
from barorapport.wording import say

from .conftest import write_survey

THREE_OPTIONS = """
survey: {title: "t"}
questions:
  - id: q
    type: single
    text: "q"
    options: [{code: "1", label: "a"}, {code: "2", label: "b"}, {code: "3", label: "c"}]
"""


def survey_of(tmp_path, codes: list[str]):
    responses = pd.DataFrame({"id": [f"R{i}" for i in range(len(codes))], "q": codes})
    return write_survey(tmp_path, THREE_OPTIONS, responses)


def test_half_rounds_away_from_zero():
    assert [str(round_half_up(value, 1)) for value in (0.25, 0.35, 2.675 * 10, -0.25)] == \
        ["0.3", "0.4", "26.8", "-0.3"]


def test_thirds_miss_100_and_the_note_says_so(tmp_path):
    figures = compute_figures(survey_of(tmp_path, ["1", "2", "3"] * 20))
    shares = figures.select("q")
    assert displayed_total(shares, 0) == 99
    assert fmt_rounding_note(shares) == say("note.rounding")
    assert str(displayed_total(shares, 1)) == "99.9"


def test_no_note_when_the_shares_add_up(tmp_path):
    figures = compute_figures(survey_of(tmp_path, ["1"] * 30 + ["2"] * 30 + ["3"] * 40))
    assert fmt_rounding_note(figures.select("q")) == ""


def test_low_base_figures_carry_the_mark(tmp_path):
    figures = compute_figures(survey_of(tmp_path, ["1"] * 12 + ["2"] * 8),
                              Thresholds(low_base=30, suppress=10))
    figure = figures.get("q", option="1")
    assert figure.low_base and not figure.suppressed
    assert fmt_pct(figure) == f"60\u00a0%{LOW_BASE_MARK}"
    assert fmt_pct(figure, mark=False) == "60\u00a0%"
    assert fmt_count(figure) == f"12{LOW_BASE_MARK}"
    assert fmt_pct(figure.share) == "60\u00a0%"


def test_suppressed_figures_and_notes_are_not_published(tmp_path):
    figures = compute_figures(survey_of(tmp_path, ["1", "2", "3"] * 3))
    shares = figures.select("q")
    assert [fmt_pct(figure) for figure in shares] == ["n.d."] * 3
    assert fmt_rounding_note(shares) == ""


def test_rounding_is_decided_on_the_exact_fraction(tmp_path):
    # 23/40 is exactly 57,5 %: half up gives 58 %, where the binary 57.49999999999999 gave 57.
    figures = compute_figures(survey_of(tmp_path, ["1"] * 23 + ["2"] * 17))
    figure = figures.get("q", option="1")
    assert figure.share * 100 < 57.5
    assert fmt_pct(figure) == "58\u00a0%"
    assert fmt_pct(0.575) == "58\u00a0%"
    assert str(round_half_up(0.125, 2)) == "0.13"


def test_the_rounding_note_is_under_the_chart_when_its_total_misses_100(tmp_path):
    from barorapport.charts.data import chart_input
    from barorapport.config.report import FigureSpec

    survey = survey_of(tmp_path, ["1", "2", "3"] * 20)
    figures = compute_figures(survey)
    spec = FigureSpec(id="q", question="q", title="Q", digits=0)
    assert say("note.rounding") in chart_input(spec, figures, survey.questionnaire).notes
    even = survey_of(tmp_path / "even", ["1"] * 30 + ["2"] * 30 + ["3"] * 40)
    assert say("note.rounding") not in chart_input(spec, compute_figures(even),
                                            even.questionnaire).notes
