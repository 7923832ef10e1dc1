"""Each chart kind drawn from a fixture: values, alt text, suppression, low base, bytes."""

from __future__ import annotations

import base64
import dataclasses
import io
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from barorapport.charts import ChartCache, ChartInput, chart_input, draw_chart, render_chart
from barorapport.charts.fonts import shown_text, subsets_alias
from barorapport.config.report import FigureSpec
from barorapport.errors import StatsError
from barorapport.stats import FigureTable, Thresholds, compute_figures
from barorapport.survey import Questionnaire, Survey, load_survey

from ..conftest import PROJECTS, REPO
from ..helpers import fold_spaces, french_pct
from .conftest import FONTS, PALETTE


def svg_texts(svg: bytes) -> list[str]:
    """The text the SVG shows, one string per <text> element, spaces folded."""
    return [fold_spaces(unescape(text))
            for text in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg.decode("utf-8"))]


def test_bars_print_each_share_and_the_base(figures, questionnaire, style):
    spec = FigureSpec(id="outils", question="outils", measure="respondents", title="Outils")
    chart = draw_chart(spec, figures, questionnaire, style)
    texts = svg_texts(chart.svg)
    # 5, 4 and 3 of the 7 respondents who answered ticked mail, visio and SMS.
    assert [text for text in texts if text.endswith("%")] == [
        french_pct(5, 7, 1), french_pct(4, 7, 1), french_pct(3, 7, 1)]
    # The base and the source are text under the chart (the page's), not in the drawing.
    assert fold_spaces(chart.champ) == "répondants à la question ; n = 7 répondants."
    assert not [text for text in texts if "n = " in text or "Source" in text]
    assert fold_spaces(chart.lecture) == (f"{french_pct(5, 7, 1)} des répondants ont cité "
                                          "« Courriels ».")
    assert list(chart.data["label"]) == ["Courriels", "Visioconférence", "SMS"]


def test_alt_text_names_the_top_item_and_its_share(figures, questionnaire, style):
    spec = FigureSpec(id="outils", question="outils", measure="mentions", title="Outils")
    chart = draw_chart(spec, figures, questionnaire, style)
    # 12 ticks in all: 5 mail, 4 visio, 3 SMS.
    assert fold_spaces(chart.alt) == (
        f"Barres horizontales : « Courriels » arrive en tête avec {french_pct(5, 12, 1)} des "
        f"mentions, devant « Visioconférence » ({french_pct(4, 12, 1)}) et « SMS » "
        f"({french_pct(3, 12, 1)}).")
    svg = chart.svg.decode("utf-8")
    assert f"<title>Outils</title><desc>{chart.alt}</desc>" in svg
    assert svg.count("<svg ") == 1 and '<svg role="img" ' in svg
    assert "n = 12 mentions de 7 répondants" in fold_spaces(chart.champ)


def test_diverging_prints_grouped_shares_at_each_end(figures, questionnaire, style):
    spec = FigureSpec(id="avis", question="avis", title="Opinions")
    chart = draw_chart(spec, figures, questionnaire, style)
    assert chart.kind == "diverging"
    texts = svg_texts(chart.svg)
    # utile: 5 of 7 agree (levels 1 or 2), 2 disagree; risque: 3 of 6 agree, 3 disagree.
    for share in (french_pct(5, 7, 1), french_pct(2, 7, 1), french_pct(3, 6, 1)):
        assert share in texts
    assert list(chart.data["label"]) == ["Le numérique est utile", "Le numérique est risqué"]
    assert fold_spaces(chart.alt).startswith(
        "Barres divergentes : « Le numérique est utile » recueille le plus d’avis "
        f"« D’accord + plutôt d’accord », {french_pct(5, 7, 1)}, contre {french_pct(2, 7, 1)}")
    # Worded as the catalogue has it; the page sets its typography (curly apostrophes).
    assert "n = 6 à 7 répondants selon l'item" in fold_spaces(chart.champ)
    assert fold_spaces(chart.lecture) == (
        f"pour « Le numérique est utile », {french_pct(5, 7, 1)} des répondants ont répondu "
        "« D'accord » ou « Plutôt d'accord ».")


def test_stacked_sorts_items_and_keeps_scale_order(figures, questionnaire, style):
    spec = FigureSpec(id="avis", question="avis", title="Opinions", kind="stacked")
    chart = draw_chart(spec, figures, questionnaire, style)
    levels = ["D’accord", "Plutôt d’accord", "Plutôt pas d’accord", "Pas d’accord"]
    assert list(chart.data.columns) == ["label", *levels, "base"]
    # "risqué" leans to the later levels (disagree): it comes first.
    assert list(chart.data["label"]) == ["Le numérique est risqué", "Le numérique est utile"]
    assert [text for text in svg_texts(chart.svg) if text in levels] == levels
    assert fold_spaces(chart.alt).startswith("Barres empilées à 100 % : ")


def test_ci_chart_from_a_plain_crosstab_frame(style):
    frame = pd.DataFrame({
        "column": ["Terrain", "Terrain", "Cadres", "Cadres"],
        "label": ["Courriels", "Visio", "Courriels", "Visio"],
        "share": [0.249, 0.12, 0.31, 0.2], "ci_low": [0.21, 0.09, 0.25, 0.15],
        "ci_high": [0.29, 0.16, 0.37, 0.26], "base": [420, 420, 112, 112],
        "low_base": [False, False, False, False]})
    chart = render_chart(ChartInput(id="croise", title="Outils par fonction", kind="ci",
                                    data=frame), style)
    texts = svg_texts(chart.svg)
    assert [text for text in texts if text.endswith("%")] == [
        "24,9 %", "12,0 %", "31,0 %", "20,0 %"]
    assert "Terrain (n = 420)" in texts and "Cadres (n = 112)" in texts
    assert fold_spaces(chart.alt) == (
        "Barres avec intervalles de confiance à 95 % : « Courriels » arrive en tête avec "
        "31,0 % (Cadres), intervalle de 25,0 % à 37,0 %.")


def _with_suppressed(figures: FigureTable, option: str) -> FigureTable:
    table = figures.table.copy()
    table.loc[table["option"] == option, "suppressed"] = True
    return dataclasses.replace(figures, table=table)


def test_suppressed_values_do_not_appear(figures, questionnaire, style):
    spec = FigureSpec(id="outils", question="outils", measure="respondents", title="Outils")
    chart = draw_chart(spec, _with_suppressed(figures, "sms"), questionnaire, style)
    texts = svg_texts(chart.svg)
    assert "SMS" not in texts
    assert french_pct(3, 7, 1) not in texts
    assert "SMS" not in chart.alt and "SMS" not in list(chart.data["label"])


def test_grid_items_under_the_suppression_threshold_are_left_out(questionnaire, style):
    survey = load_survey(questionnaire, PROJECTS / "mini/data/2024/responses.csv")
    # "risque" has 6 answers: suppressed under 7; "utile" has 7: published, low base.
    figures = compute_figures(survey, Thresholds(low_base=8, suppress=7))
    chart = draw_chart(FigureSpec(id="avis", question="avis", title="Opinions"), figures,
                       questionnaire, style)
    texts = svg_texts(chart.svg)
    assert "risqué" not in " ".join(texts) and "risqué" not in chart.alt
    assert "Le numérique est utile*" in texts
    assert "* Base inférieure à 8 répondants : à interpréter avec prudence." in [
        fold_spaces(note) for note in chart.caption]


def test_every_value_suppressed_says_so(questionnaire, style):
    survey = load_survey(questionnaire, PROJECTS / "mini/data/2024/responses.csv")
    figures = compute_figures(survey, Thresholds(low_base=50, suppress=40))
    chart = draw_chart(FigureSpec(id="outils", question="outils", measure="respondents",
                                  title="Outils"), figures, questionnaire, style)
    assert fold_spaces(chart.alt) == "Effectifs trop faibles : aucune valeur publiée."
    assert not [text for text in svg_texts(chart.svg) if text.endswith("%")]


def test_unknown_item_in_spec_is_an_error(figures, questionnaire, style):
    spec = FigureSpec(id="avis", question="avis", title="Opinions", items=["utile", "joie"])
    with pytest.raises(StatsError) as caught:
        draw_chart(spec, figures, questionnaire, style)
    assert str(caught.value) == ("figure 'avis': item 'joie' not in question 'avis' "
                                 "(expected some of utile, risque)")


def test_items_subset_and_questionnaire_order(figures, questionnaire, style):
    spec = FigureSpec(id="outils", question="outils", measure="respondents", title="Outils",
                      items=["sms", "mail"], sort="questionnaire")
    chart = draw_chart(spec, figures, questionnaire, style)
    assert list(chart.data["label"]) == ["Courriels", "SMS"]


DRAW_IN_SUBPROCESS = """
import hashlib
from pathlib import Path
from barorapport.charts import ChartStyle, draw_chart
from barorapport.config.report import FigureSpec
from barorapport.stats import Thresholds, compute_figures
from barorapport.survey import load_questionnaire, load_survey
mini = Path({mini!r})
questionnaire = load_questionnaire(mini / "data/2024/questionnaire.yaml")
figures = compute_figures(load_survey(questionnaire, mini / "data/2024/responses.csv"),
                          Thresholds(low_base=5, suppress=3))
fonts = Path({fonts!r})
style = ChartStyle(palette={palette!r}, font_family="Lato",
                   font_files=(fonts / "Lato-Regular.ttf", fonts / "Lato-Bold.ttf"),
                   source="Source : enquête test")
for spec in (FigureSpec(id="outils", question="outils", measure="respondents", title="O"),
             FigureSpec(id="avis", question="avis", title="A")):
    print(hashlib.sha256(draw_chart(spec, figures, questionnaire, style).svg).hexdigest())
"""


def test_svg_bytes_are_identical_across_processes(tmp_path):
    script = DRAW_IN_SUBPROCESS.format(mini=str(PROJECTS / "mini"), fonts=str(FONTS),
                                       palette=PALETTE)
    runs = []
    for seed in ("1", "2"):
        # Separate matplotlib config folders: no font cache shared between the two.
        (tmp_path / seed).mkdir()
        runs.append(subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin", "HOME": str(tmp_path),
                 "MPLCONFIGDIR": str(tmp_path / seed), "PYTHONPATH": str(REPO / "src")},
        ).stdout)
    assert runs[0] == runs[1]
    assert len(set(runs[0].split())) == 2


def test_svg_embeds_a_subset_of_the_publication_font(figures, questionnaire, style):
    spec = FigureSpec(id="outils", question="outils", measure="respondents", title="Outils")
    svg = draw_chart(spec, figures, questionnaire, style).svg.decode("utf-8")
    # The subset is named after the characters it holds, so that no other subset stands in
    # for it in a document that shows several.
    alias = subsets_alias(shown_text([svg.encode("utf-8")]))
    assert f"@font-face{{font-family:'Lato {alias}';font-weight:400;font-style:normal;" in svg
    assert f"@font-face{{font-family:'Lato {alias}';font-weight:700;font-style:normal;" in svg
    assert f"font-family: 'Lato {alias}'" in svg
    assert "font-family: 'Lato'" not in svg
    assert len(svg) < 60_000  # subsets: the two full fonts weigh 1.3 MB


def test_the_charts_of_an_edition_share_one_font_subset(tmp_path, figures, questionnaire,
                                                        style):
    """Cut once for every chart and medium, not once per chart: each SVG holds the same
    style sheet, whose subsets hold every character any of them shows."""
    inputs = [chart_input(spec, figures, questionnaire) for spec in (
        FigureSpec(id="outils", question="outils", measure="respondents", title="Outils"),
        FigureSpec(id="avis", question="avis", title="Opinions"))]
    drawn = ChartCache(tmp_path).edition(inputs, style, ("print", "phone"))
    svgs = [chart.svg.decode("utf-8") for charts in drawn.values() for chart in charts]
    sheets = {re.search(r'<style type="text/css">.*?</style>', svg).group(0) for svg in svgs}
    assert len(svgs) == 4 and len(sheets) == 1
    shown = set(shown_text([svg.encode("utf-8") for svg in svgs]))
    for data in re.findall(r"base64,([A-Za-z0-9+/=]+)\)", sheets.pop()):
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert shown - {" "} <= {chr(code) for code in font.getBestCmap()}


def test_a_numeric_question_cannot_be_drawn_as_shares(mini):
    from barorapport.commands.build import build
    from barorapport.errors import ConfigError

    questionnaire = mini / "data/2024/questionnaire.yaml"
    questionnaire.write_text(questionnaire.read_text(encoding="utf-8").replace(
        "  - id: evolution\n",
        "  - id: age\n    type: numeric\n    text: \"Âge\"\n  - id: evolution\n"),
        encoding="utf-8")
    responses = mini / "data/2024/responses.csv"
    lines = responses.read_text(encoding="utf-8").splitlines()
    responses.write_text("\n".join([lines[0] + ",age"] + [line + ",40" for line in lines[1:]])
                         + "\n", encoding="utf-8")
    report = mini / "report/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "figures:\n",
        "figures:\n  - id: age\n    question: age\n    kind: bars\n    title: \"Âge\"\n", 1),
        encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build(mini, progress=lambda message: None)
    assert str(caught.value) == (
        f"{report}:21:11: figure 'age': question 'age' is numeric: a bars chart draws "
        "shares; use kind histogram, or means with a banner")


def _texts_with_places(svg: bytes) -> list[tuple[str, float, float, bool]]:
    """(text, x, font size, rotated) of each text element of a chart."""
    found = []
    for match in re.finditer(rb'<text style="font-size: ([0-9.]+)px[^"]*" x="([0-9.-]+)"'
                             rb'[^>]*transform="rotate\((-?[0-9]+)[^>]*>([^<]*)</text>', svg):
        size, x, angle, text = match.groups()
        found.append((unescape(text.decode()), float(x), float(size), angle == b"-90"))
    return found


@pytest.mark.parametrize("medium", ["phone", "screen", "print"])
def test_a_histogram_keeps_its_axis_title_and_end_values_inside_the_chart(style, medium):
    """Values in thousands (statsmodels' anes96: the population of each respondent's place)
    under a narrow (phone) chart: fixed margins cut the axis title on the left and the last
    value on the right."""
    import statsmodels.api  # a test dependency: public survey data

    anes96 = statsmodels.api.datasets.anes96.load_pandas().data
    questionnaire = Questionnaire.model_validate({
        "survey": {"title": "anes96"},
        "questions": [{"id": "popul", "type": "numeric", "text": "Population"}]})
    answers = pd.DataFrame({"popul": anes96["popul"].astype(float).to_numpy()},
                           index=pd.Index([f"R{row}" for row in range(len(anes96))],
                                          name="respondent"))
    survey = Survey(questionnaire=questionnaire, answers=answers, source=Path("anes96"))
    data = chart_input(FigureSpec(id="popul", question="popul", title="Population"),
                       compute_figures(survey), questionnaire)
    svg = render_chart(data, style, medium).svg
    width = float(re.search(rb'viewBox="0 0 ([0-9.]+) ', svg).group(1))
    texts = _texts_with_places(svg)
    # The axis title reads horizontally above the bars (no rotated text), inside the chart.
    assert not [place for place in texts if place[3]]
    title = next(place for place in texts if "répondants" in place[0])
    assert 0 <= title[1] and title[1] + len(title[0]) * title[2] * 0.6 <= width
    values = [place for place in texts if not place[3]
              and re.fullmatch(r"\d[\d\u202f\u00a0 ]*", place[0])]
    last, first = max(values, key=lambda place: place[1]), min(values, key=lambda place: place[1])
    assert fold_spaces(last[0]) == "8 000" and first[0] == "0"
    assert last[1] + len(last[0]) * last[2] * 0.3 <= width
    assert first[1] - len(first[0]) * first[2] * 0.3 >= 0


def test_a_residual_answer_comes_last_whatever_its_share():
    """The 2020 edition's activities with the people accompanied: "Autre" (6,44 % of the
    mentions) after "Activités éducatives ou ludiques" (4,04 %)."""
    from barorapport.charts.data import chart_input
    from barorapport.config.project import find_edition, load_report
    from barorapport.stats import compute_figures
    from barorapport.survey import load_questionnaire as load
    from barorapport.survey import load_survey

    from ..conftest import REPO

    edition = find_edition(REPO, "2020")
    spec = next(spec for spec in load_report(edition).figures if spec.id == "activites")
    questionnaire = load(edition.questionnaire_path)
    survey = load_survey(questionnaire, edition.data_dir / questionnaire.responses.file)
    chart = chart_input(spec, compute_figures(survey), questionnaire)
    labels, shares = list(chart.data["label"]), list(chart.data["share"])
    assert labels[-1] == "Autre" and shares[-1] > shares[-2]
    assert shares[:-1] == sorted(shares[:-1], reverse=True)


def test_a_phone_label_sits_on_its_own_bar(style):
    """On a phone, each label stands just above its bar, however many lines the longest
    label takes: a one-line "Autre" under a three-line label was nearer the bar above it."""
    from barorapport.charts.layout import new_plot

    size = style.size("phone")
    labels = ["Aide et conseils\naux personnes pour\nl'usage d'outils", "Autre", "Courriels"]
    fig, plot = new_plot(style, size, labels, (0.0, 1.0))
    plot.place()
    bars = plot.bars([1.0] * len(labels))
    texts = [text for text in fig.texts if text.get_text() in labels]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    line = size.font_pt / 72 * fig.dpi  # one line of text, in display units
    tops = [bar.get_window_extent(renderer).y1 for bar in bars]
    bottoms = [bar.get_window_extent(renderer).y0 for bar in bars]
    assert [text.get_text() for text in texts] == labels
    for row, text in enumerate(texts):
        label = text.get_window_extent(renderer)
        assert 0 < label.y0 - tops[row] < 0.5 * line, (text.get_text(), label.y0, tops[row])
        if row:  # clear of the bar above it
            assert label.y1 < bottoms[row - 1], text.get_text()
