"""Alt text, from the data a chart shows: the chart's kind and its main finding.

Input: a ``ChartInput``. Output: one or two sentences naming the top item and its share,
then the runners-up, for ``<desc>`` in the SVG and ``alt`` in both editions. Labels are
quoted as the questionnaire words them: the engine knows no grammar of the answers. The
sentences are the theme's (``messages/<lang>.yaml``, codes ``alt.*``).
"""

from __future__ import annotations

from ..formatting import fmt_pct
from ..wording import say
from .data import ChartInput

KINDS = ("bars", "stacked", "diverging", "ci", "trend")


def _kind(kind: str) -> str:
    return say(f"alt.kind.{kind}")


def _unit(measure: str) -> str:
    return say("alt.of.mentions" if measure == "mentions" else "alt.of.respondents")


def _pct(percent: float, digits: int) -> str:
    return fmt_pct(percent / 100, digits)


def _quoted(label: str) -> str:
    return say("alt.quoted", label=label)


def _runners_up(labels, shares, digits: int, count: int = 2) -> str:
    named = [say("alt.runner_up", label=_quoted(label), share=_pct(share, digits))
             for label, share in list(zip(labels, shares, strict=True))[:count]]
    if not named:
        return ""
    return say("alt.runners_up", names=say("alt.and").join(named) if len(named) <= 2
               else ", ".join(named))


def alt_bars(chart: ChartInput) -> str:
    data = chart.data.sort_values("share", ascending=False, kind="stable")
    top = data.iloc[0]
    return say("alt.bars", kind=_kind("bars"), top=_quoted(top["label"]),
               share=_pct(top["share"], chart.digits), unit=_unit(chart.measure),
               runners_up=_runners_up(data["label"][1:], data["share"][1:], chart.digits))


def alt_stacked(chart: ChartInput) -> str:
    levels = [column for column in chart.data.columns
              if column not in ("label", "base", "low_base")]
    last, first = levels[-1], levels[0]
    data = chart.data.sort_values(last, ascending=False, kind="stable")
    top = data.iloc[0]
    text = say("alt.stacked", kind=_kind("stacked"), top=_quoted(top["label"]),
               level=_quoted(last), share=_pct(top[last], chart.digits),
               runners_up=_runners_up(data["label"][1:], data[last][1:], chart.digits))
    if len(data) > 1:
        most_first = chart.data.sort_values(first, ascending=False, kind="stable").iloc[0]
        text += say("alt.stacked_first", top=_quoted(most_first["label"]),
                    level=_quoted(first), share=_pct(most_first[first], chart.digits))
    return text + "."


def alt_diverging(chart: ChartInput) -> str:
    agree = chart.data[list(chart.right)].sum(axis=1)
    disagree = chart.data[list(chart.left)].sum(axis=1)
    order = agree.sort_values(ascending=False, kind="stable").index
    top, bottom = order[0], order[-1]
    right_group, left_group = chart.groups
    text = say("alt.diverging", kind=_kind("diverging"),
               top=_quoted(chart.data.loc[top, "label"]), right=_quoted(right_group),
               agree=_pct(agree[top], chart.digits),
               disagree=_pct(disagree[top], chart.digits), left=_quoted(left_group))
    if bottom != top:
        text += say("alt.diverging_least", bottom=_quoted(chart.data.loc[bottom, "label"]),
                    agree=_pct(agree[bottom], chart.digits))
    return text + "."


def alt_ci(chart: ChartInput) -> str:
    data = chart.data.sort_values("share", ascending=False, kind="stable")
    top = data.iloc[0]
    text = say("alt.ci", kind=_kind("ci"), top=_quoted(top["label"]),
               share=fmt_pct(top["share"], chart.digits))
    columns = list(dict.fromkeys(data["column"]))
    if len(columns) > 1:
        text += f" ({top['column']})"
    text += say("alt.ci_interval", low=fmt_pct(top["ci_low"], chart.digits),
                high=fmt_pct(top["ci_high"], chart.digits))
    return text + "."


def alt_trend(chart: ChartInput) -> str:
    editions = sorted(dict.fromkeys(chart.data["edition"]))
    moves = []
    for label in dict.fromkeys(chart.data["label"]):
        series = chart.data[chart.data["label"] == label]
        first, last = series.iloc[0], series.iloc[-1]
        if len(series) == 1:
            moves.append(say("alt.trend_alone", label=_quoted(label),
                             share=_pct(last["share"], chart.digits),
                             edition=last["edition"]))
            continue
        moves.append(say("alt.trend_move", label=_quoted(label),
                         first=_pct(first["share"], chart.digits),
                         first_edition=first["edition"],
                         last=_pct(last["share"], chart.digits),
                         last_edition=last["edition"]))
    return say("alt.trend", kind=_kind("trend"), first=editions[0], last=editions[-1],
               moves=say("list").join(moves))


def alt_histogram(chart: ChartInput) -> str:
    top = chart.data.sort_values("share", ascending=False, kind="stable").iloc[0]
    from .data_more import summary_note

    return say("alt.histogram", top=top["label"], share=_pct(top["share"], chart.digits),
               summary=summary_note(chart.extra, chart.digits))


def alt_means(chart: ChartInput) -> str:
    from ..formatting import fmt_number

    return say("alt.means", parts=say("list").join(
        f"{_quoted(row.label)} {fmt_number(row.mean, chart.digits)}"
        for row in chart.data.itertuples()))


def alt_crosstab(chart: ChartInput) -> str:
    columns = chart.extra.get("columns", [])
    return say("alt.crosstab", rows=len(chart.data), count=len(columns),
               columns=", ".join(columns))


def alt_text(chart: ChartInput) -> str:
    """The alt text of ``chart``; says so when every value is suppressed."""
    if chart.data.empty:
        return say("alt.nothing_published")
    return {"bars": alt_bars, "stacked": alt_stacked, "diverging": alt_diverging,
            "ci": alt_ci, "trend": alt_trend, "histogram": alt_histogram,
            "means": alt_means, "crosstab": alt_crosstab}[chart.kind](chart)
