"""The inputs of the numeric charts (histogram with a box plot, means by group) and of the
crosstab tables, taken from the figures table like every other chart.

- ``histogram`` (a numeric question's default): data = label (the bin), share (percent),
  low_base; ``extra`` holds the summary (n, mean and its interval, SD, min, quartiles,
  median, max) the box plot under the histogram draws and the caption states.
- ``means`` (a numeric question with ``banner:``): data = label (the banner's option),
  mean, ci_low, ci_high, base, low_base; suppressed groups are left out and named in a note.
- ``crosstab`` (any other question with ``banner:``): data = label, one column per banner
  option then the whole sample's (the catalogue's ``whole_sample``, ``Ensemble``), column
  percentages (NaN where suppressed); ``extra`` holds the
  bases, the significance marks and the suppressed cells, which the crosstab partial prints.
"""

from __future__ import annotations

import math

import pandas as pd

from ..errors import StatsError
from ..formatting import fmt_count, low_base_note
from ..stats import Figure, FigureTable
from ..stats.numeric import STATISTICS
from ..survey import Questionnaire
from ..wording import say

HIGHER, LOWER = "↑", "↓"
"""The marks of a crosstab cell significantly above or below the rest of its row."""


def _number(value: float, digits: int = 1) -> str:
    from ..formatting import fmt_number

    return fmt_number(value, digits)


def _summary(figures: FigureTable, question: str, **keys) -> dict[str, float]:
    found = {figure.measure: figure for figure in figures.select(question, **keys)
             if figure.measure in STATISTICS}
    mean = found["mean"]
    return {"n": mean.base, "ci_low": mean.ci_low, "ci_high": mean.ci_high,
            "low_base": mean.low_base, "suppressed": mean.suppressed,
            **{measure: found[measure].value for measure in STATISTICS}}


def summary_note(summary: dict, digits: int = 1) -> str:
    """``n = 880 répondants ; moyenne 47,0 (IC à 95 % : 45,9 à 48,1) ; écart type 16,4 ;
    min. 19 ; Q1 34 ; médiane 44 ; Q3 58 ; max. 91``."""
    if not summary["n"]:
        return say("summary.none")
    mean = _number(summary["mean"], digits)
    parts = [say("summary.n", count=fmt_count(summary["n"])),
             say("summary.mean", mean=mean) if math.isnan(summary["ci_low"]) else
             say("summary.mean_ci", mean=mean, low=_number(summary["ci_low"], digits),
                 high=_number(summary["ci_high"], digits))]
    if not math.isnan(summary["sd"]):
        parts.append(say("summary.sd", sd=_number(summary["sd"], digits)))

    def exact(value: float) -> str:  # whole numbers stay whole (an age, a count)
        return _number(value, 0 if float(value).is_integer() else digits)

    parts += [say(f"summary.{measure}", value=exact(summary[measure]))
              for measure in ("min", "q1", "median", "q3", "max")]
    return say("list").join(parts)


def histogram_input(spec, figures: FigureTable, chart_input_class):
    summary = _summary(figures, spec.question)
    bins = figures.select(spec.question, measure="bin")
    if summary["suppressed"]:
        bins = []
    frame = pd.DataFrame({"label": [figure.label for figure in bins],
                          "share": [figure.percent for figure in bins],
                          "low_base": [figure.low_base for figure in bins]},
                         columns=["label", "share", "low_base"])
    notes = [summary_note(summary, spec.digits)] if not summary["suppressed"] else []
    if summary["low_base"] and not summary["suppressed"]:
        notes.append(low_base_note(figures.thresholds.low_base))
    lows = [figure.value for figure in bins]
    step = lows[1] - lows[0] if len(lows) > 1 else 1.0
    return chart_input_class(id=spec.id, title=spec.title, kind="histogram", data=frame,
                             measure="bin", digits=spec.digits, notes=tuple(notes),
                             extra={**{key: value for key, value in summary.items()
                                       if key not in ("low_base", "suppressed")},
                                    "edges": [*lows, lows[-1] + step] if lows else []})


def _banner_options(spec, figures: FigureTable, questionnaire: Questionnaire):
    if spec.banner not in figures.banners():
        raise StatsError(f"figure '{spec.id}': banner '{spec.banner}' is not one of "
                         "report.yaml's banners (add it to 'banners:'; now: "
                         f"{', '.join(figures.banners()) or 'none'})")
    return questionnaire.question(spec.banner).options


def means_input(spec, figures: FigureTable, questionnaire: Questionnaire, chart_input_class):
    """The mean of a numeric question per option of the banner, with its interval."""
    records, hidden = [], []
    for option in _banner_options(spec, figures, questionnaire):
        summary = _summary(figures, spec.question, banner=spec.banner,
                           banner_option=option.code)
        if summary["suppressed"] or not summary["n"]:
            hidden.append(option.label)
            continue
        records.append({"label": option.label, "mean": summary["mean"],
                        "ci_low": summary["ci_low"], "ci_high": summary["ci_high"],
                        "base": summary["n"], "low_base": summary["low_base"]})
    frame = pd.DataFrame(records, columns=["label", "mean", "ci_low", "ci_high", "base",
                                           "low_base"])
    notes = [say("note.means")]
    if len(frame):
        notes.append("n = " + ", ".join(f"{fmt_count(row.base)} ({row.label})"
                                        for row in frame.itertuples()))
    if hidden:
        notes.append(say("note.hidden_groups", groups=", ".join(hidden)))
    if frame["low_base"].any():
        notes.append(low_base_note(figures.thresholds.low_base))
    return chart_input_class(id=spec.id, title=spec.title, kind="means", data=frame,
                             measure="mean", digits=spec.digits, notes=tuple(notes))


def _crosstab_rows(spec, figures: FigureTable, questionnaire: Questionnaire
                   ) -> list[tuple[str, dict]]:
    """(row label, keys) of each row of the crosstab, in questionnaire order."""
    question = questionnaire.question(spec.question)
    whole = figures.select(spec.question, item=spec.item, measure=spec.measure)
    if question.type == "grid":
        whole = [figure for figure in whole if figure.measure == ("group" if spec.measure
                                                                  == "group" else "level")]
    else:
        measures = sorted({figure.measure for figure in whole})
        if len(measures) > 1:
            raise StatsError(f"figure '{spec.id}': question '{spec.question}' has figures of "
                             f"several measures ({', '.join(measures)}): set 'measure'")
    rows = []
    for figure in whole:
        label = figure.label
        if question.type == "grid" and spec.item is None:
            label = f"{question.label_of(figure.item)} : {figure.label}"
        rows.append((label, {"item": figure.item, "option": figure.option,
                             "group": figure.group, "measure": figure.measure,
                             "whole": figure}))
    codes = [keys["option"] or keys["group"] for _, keys in rows]
    if spec.items is not None:
        unknown = [code for code in spec.items if code not in codes]
        if unknown:
            raise StatsError(f"figure '{spec.id}': option {', '.join(map(repr, unknown))} "
                             f"not in question '{spec.question}'")
        rows = [row for row, code in zip(rows, codes, strict=True) if code in spec.items]
    return rows


def crosstab_input(spec, figures: FigureTable, questionnaire: Questionnaire,
                   chart_input_class):
    """The question's rows by the banner's columns: column percentages, bases, marks."""
    options = _banner_options(spec, figures, questionnaire)
    rows = _crosstab_rows(spec, figures, questionnaire)
    columns = [option.label for option in options] + [say("whole_sample")]
    records, marks, hidden, why = [], [], [], []
    threshold = figures.thresholds.suppress

    def reason(cell) -> str:
        """Why a cell is hidden: its own count or its column's base is too small, or it
        is hidden to protect another cell (secondary suppression)."""
        if not cell.suppressed:
            return ""
        return "small" if 0 < cell.count < threshold or cell.base < threshold else "protect"

    bases = [math.nan] * len(options)
    low = [False] * len(options)
    for label, keys in rows:
        whole: Figure = keys.pop("whole")
        record, row_marks, row_hidden, row_why = {"label": label}, [], [], []
        for index, option in enumerate(options):
            cell = figures.get(spec.question, banner=spec.banner, banner_option=option.code,
                               **{key: value for key, value in keys.items()
                                  if value is not None})
            bases[index], low[index] = cell.base, cell.low_base
            record[option.label] = math.nan if cell.suppressed else cell.percent
            row_marks.append({"higher": HIGHER, "lower": LOWER}.get(cell.differs or "", ""))
            row_hidden.append(bool(cell.suppressed))
            row_why.append(reason(cell))
        record[columns[-1]] = math.nan if whole.suppressed else whole.percent
        row_marks.append("")
        row_hidden.append(bool(whole.suppressed))
        row_why.append(reason(whole))
        records.append(record)
        marks.append(row_marks)
        hidden.append(row_hidden)
        why.append(row_why)
    frame = pd.DataFrame(records, columns=["label", *columns])
    total = figures.select(spec.question, item=spec.item, measure=spec.measure)
    notes = [say("note.crosstab")]
    reasons = {reason for row in why for reason in row}
    if "small" in reasons:
        notes.append(say("note.suppressed"))
    if "protect" in reasons:
        notes.append(say("note.protected"))
    if any(low):
        notes.append(low_base_note(figures.thresholds.low_base))
    return chart_input_class(
        id=spec.id, title=spec.title, kind="crosstab", data=frame,
        measure=rows[0][1]["measure"] if rows else "respondents", digits=spec.digits,
        notes=tuple(notes),
        extra={"columns": columns, "bases": [*bases, total[0].base if total else math.nan],
               "low_base": [*low, False], "marks": marks, "suppressed": hidden,
               "hidden_why": why,
               "banner": spec.banner,
               "banner_text": questionnaire.question(spec.banner).text})
