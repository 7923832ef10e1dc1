"""Alt text in French, from the data a chart shows: the chart's kind and its main finding.

Input: a ``ChartInput``. Output: one or two sentences naming the top item and its share,
then the runners-up, for ``<desc>`` in the SVG and ``alt`` in both editions. Labels are
quoted as the questionnaire words them: the engine knows no grammar of the answers.
"""

from __future__ import annotations

from ..formatting import fmt_pct
from .data import ChartInput

NOTHING_PUBLISHED = "Effectifs trop faibles : aucune valeur publiée."
KIND_NAMES = {"bars": "Barres horizontales", "stacked": "Barres empilées à 100 %",
              "diverging": "Barres divergentes", "ci": "Barres avec intervalles de confiance",
              "trend": "Petits multiples de courbes"}
UNIT_PHRASES = {"mentions": "des mentions", "level": "des répondants"}


def _pct(percent: float, digits: int) -> str:
    return fmt_pct(percent / 100, digits)


def _quoted(label: str) -> str:
    return f"« {label} »"


def _runners_up(labels, shares, digits: int, count: int = 2) -> str:
    named = [f"{_quoted(label)} ({_pct(share, digits)})"
             for label, share in list(zip(labels, shares, strict=True))[:count]]
    if not named:
        return ""
    return ", devant " + (" et ".join(named) if len(named) <= 2 else ", ".join(named))


def alt_bars(chart: ChartInput) -> str:
    data = chart.data.sort_values("share", ascending=False, kind="stable")
    top = data.iloc[0]
    unit = UNIT_PHRASES.get(chart.measure, "des répondants")
    return (f"{KIND_NAMES['bars']} : {_quoted(top['label'])} arrive en tête avec "
            f"{_pct(top['share'], chart.digits)} {unit}"
            f"{_runners_up(data['label'][1:], data['share'][1:], chart.digits)}.")


def alt_stacked(chart: ChartInput) -> str:
    levels = [column for column in chart.data.columns
              if column not in ("label", "base", "low_base")]
    last, first = levels[-1], levels[0]
    data = chart.data.sort_values(last, ascending=False, kind="stable")
    top = data.iloc[0]
    text = (f"{KIND_NAMES['stacked']} : {_quoted(top['label'])} a la plus forte part de "
            f"{_quoted(last)}, {_pct(top[last], chart.digits)}"
            f"{_runners_up(data['label'][1:], data[last][1:], chart.digits)}")
    if len(data) > 1:
        most_first = chart.data.sort_values(first, ascending=False, kind="stable").iloc[0]
        text += (f" ; {_quoted(most_first['label'])} a la plus forte part de "
                 f"{_quoted(first)}, {_pct(most_first[first], chart.digits)}")
    return text + "."


def alt_diverging(chart: ChartInput) -> str:
    agree = chart.data[list(chart.right)].sum(axis=1)
    disagree = chart.data[list(chart.left)].sum(axis=1)
    order = agree.sort_values(ascending=False, kind="stable").index
    top, bottom = order[0], order[-1]
    right_group, left_group = chart.groups
    text = (f"{KIND_NAMES['diverging']} : {_quoted(chart.data.loc[top, 'label'])} recueille "
            f"le plus d'avis {_quoted(right_group)}, {_pct(agree[top], chart.digits)}, contre "
            f"{_pct(disagree[top], chart.digits)} {_quoted(left_group)}")
    if bottom != top:
        text += (f" ; {_quoted(chart.data.loc[bottom, 'label'])} en recueille le moins, "
                 f"{_pct(agree[bottom], chart.digits)}")
    return text + "."


def alt_ci(chart: ChartInput) -> str:
    data = chart.data.sort_values("share", ascending=False, kind="stable")
    top = data.iloc[0]
    text = (f"{KIND_NAMES['ci']} à 95 % : {_quoted(top['label'])} arrive en tête avec "
            f"{fmt_pct(top['share'], chart.digits)}")
    columns = list(dict.fromkeys(data["column"]))
    if len(columns) > 1:
        text += f" ({top['column']})"
    text += (f", intervalle de {fmt_pct(top['ci_low'], chart.digits)} à "
             f"{fmt_pct(top['ci_high'], chart.digits)}")
    return text + "."


def alt_trend(chart: ChartInput) -> str:
    editions = sorted(dict.fromkeys(chart.data["edition"]))
    moves = []
    for label in dict.fromkeys(chart.data["label"]):
        series = chart.data[chart.data["label"] == label]
        first, last = series.iloc[0], series.iloc[-1]
        if len(series) == 1:
            moves.append(f"{_quoted(label)} : {_pct(last['share'], chart.digits)} en "
                         f"{last['edition']}, sans comparaison possible")
            continue
        moves.append(f"{_quoted(label)} passe de {_pct(first['share'], chart.digits)} en "
                     f"{first['edition']} à {_pct(last['share'], chart.digits)} en "
                     f"{last['edition']}")
    return (f"{KIND_NAMES['trend']}, éditions {editions[0]} à {editions[-1]} : "
            + " ; ".join(moves) + ".")


def alt_histogram(chart: ChartInput) -> str:
    top = chart.data.sort_values("share", ascending=False, kind="stable").iloc[0]
    from .data_more import summary_note

    return (f"Histogramme et boîte à moustaches : la classe la plus fréquente est "
            f"{top['label']}, {_pct(top['share'], chart.digits)} des répondants ; "
            f"{summary_note(chart.extra, chart.digits)}.")


def alt_means(chart: ChartInput) -> str:
    from ..formatting import fmt_number

    parts = [f"{_quoted(row.label)} {fmt_number(row.mean, chart.digits)}"
             for row in chart.data.itertuples()]
    return "Moyenne par groupe, avec son intervalle à 95 % : " + " ; ".join(parts) + "."


def alt_crosstab(chart: ChartInput) -> str:
    columns = chart.extra.get("columns", [])
    return (f"Tableau croisé : {len(chart.data)} lignes, {len(columns)} colonnes "
            f"({', '.join(columns)}), pourcentages en colonne.")


def alt_text(chart: ChartInput) -> str:
    """The alt text of ``chart``; says so when every value is suppressed."""
    if chart.data.empty:
        return NOTHING_PUBLISHED
    return {"bars": alt_bars, "stacked": alt_stacked, "diverging": alt_diverging,
            "ci": alt_ci, "trend": alt_trend, "histogram": alt_histogram,
            "means": alt_means, "crosstab": alt_crosstab}[chart.kind](chart)
