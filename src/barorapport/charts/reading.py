"""How to read a chart, under it: the "Lecture" line (its first row, worded from the data) and
the "Champ" line (whom the question was asked of, from the questionnaire's filter, and the
base).

Input: a ``ChartInput`` (and, for the field, the question and the questionnaire). Output: one
sentence each, from the wording catalogue (``reading.*``); report.yaml's ``lecture`` (or
``chart(id, lecture=...)``) replaces the generated one.
"""

from __future__ import annotations

from ..formatting import fmt_number, fmt_pct
from ..wording import say


def _pct(percent: float, digits: int) -> str:
    return fmt_pct(percent / 100, digits)


def _quoted(label: str) -> str:
    return say("alt.quoted", label=label)


def lecture(chart, question_type: str = "single") -> str:
    """The "Lecture" sentence of ``chart``: what its first row says."""
    data = chart.data
    if data.empty:
        return ""
    row = data.iloc[0]
    digits = chart.digits
    if chart.kind in ("bars", "ci"):
        share = row["share"] * (100 if chart.kind == "ci" else 1)
        code = {"mentions": "reading.bars_mentions", "theme": "reading.bars_theme"}.get(
            chart.measure, "reading.bars_multiple" if question_type == "multiple"
            else "reading.bars")
        return say(code, share=_pct(share, digits), label=_quoted(row["label"]))
    if chart.kind == "stacked":
        levels = [column for column in data.columns if column not in ("label", "base",
                                                                       "low_base")]
        level = max(levels, key=lambda name: row[name])
        return say("reading.stacked", item=_quoted(row["label"]), level=_quoted(level),
                   share=_pct(row[level], digits))
    if chart.kind == "diverging":
        share = sum(row[level] for level in chart.right)
        levels = say("reading.or").join(_quoted(level) for level in chart.right)
        return say("reading.diverging", item=_quoted(row["label"]), levels=levels,
                   share=_pct(share, digits))
    if chart.kind == "histogram":
        top = data.sort_values("share", ascending=False, kind="stable").iloc[0]
        return say("reading.histogram", label=top["label"], share=_pct(top["share"], digits))
    if chart.kind == "means":
        return say("reading.means", group=_quoted(row["label"]),
                   mean=fmt_number(row["mean"], digits))
    if chart.kind == "trend":
        series = data[data["label"] == row["label"]]
        first, last = series.iloc[0], series.iloc[-1]
        return say("reading.trend", label=_quoted(row["label"]),
                   first=_pct(first["share"], digits), first_edition=first["edition"],
                   last=_pct(last["share"], digits), last_edition=last["edition"])
    if chart.kind == "crosstab":
        columns = chart.extra.get("columns", [])
        if not columns:
            return ""
        value = row[columns[0]]
        if value != value:
            return ""
        return say("reading.crosstab", column=_quoted(columns[0]), label=_quoted(row["label"]),
                   share=_pct(value, digits))
    return ""


def champ(question, questionnaire, base: str = "") -> str:
    """The "Champ" sentence: the respondents to the question (those its ``asked_if`` names),
    and the base when one is given."""
    condition = getattr(question, "asked_if", None)
    if condition is None:
        who = say("reading.champ_all")
    else:
        asked = questionnaire.question(condition.question)
        answers = say("reading.or").join(_quoted(asked.label_of(code))
                                          for code in condition.answers)
        who = say("reading.champ_filtered", answers=answers, question=_quoted(asked.text))
    return say("reading.champ", who=who, base=base) if base else \
        say("reading.champ_nobase", who=who)
