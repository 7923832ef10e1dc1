"""What a chart shows, taken from the figures table before anything is drawn.

Input: a report.yaml figure spec, the figures table and the questionnaire. Output: a
``ChartInput``: the kind, the tidy data the chart draws (shares in percent) and the caption
notes. Suppressed figures are left out here, and low-base ones carry ``LOW_BASE_MARK``, the
same rules as tables; nothing is drawn from the figures table directly. The cache keys a
chart by ``ChartInput.digest()``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace

import pandas as pd

from ..errors import StatsError
from ..formatting import fmt_count, low_base_note
from ..stats import Figure, FigureTable
from ..stats.rounding import rounding_note
from ..stats.trends import TrendTable
from ..survey import Questionnaire
from ..wording import say
from .data_more import crosstab_input, histogram_input, means_input

UNITS = {"respondents": "respondents", "mentions": "mentions", "theme": "respondents",
         "level": "respondents", "group": "respondents"}
"""The unit a measure's base counts (its word: ``unit.<unit>`` in the catalogue)."""


@dataclass(frozen=True)
class ChartInput:
    id: str
    title: str
    kind: str
    """``bars``, ``stacked``, ``diverging``, ``ci``, ``trend``, ``histogram``, ``means`` or
    ``crosstab`` (see ``data_more``)."""
    data: pd.DataFrame
    """bars: label, share, low_base. stacked and diverging: label, one column per scale level,
    low_base. ci: column, label, share, ci_low, ci_high, base (shares 0 to 1). trend: label,
    edition, share."""
    measure: str = "respondents"
    digits: int = 1
    notes: tuple[str, ...] = ()
    """Caption lines under the chart: the base, the low-base note."""
    right: tuple[str, ...] = ()
    """Diverging charts: the levels drawn right of zero (then ``left``), and the groups' labels."""
    left: tuple[str, ...] = ()
    neutral: tuple[str, ...] = ()
    """Diverging charts: the levels between the two groups, drawn across zero."""
    groups: tuple[str, str] = ("", "")
    extra: dict = field(default_factory=dict)
    lecture: str = ""
    """How to read the chart ("Lecture : ..."): report.yaml's ``lecture``, else generated
    from its first row (``reading.lecture``)."""
    champ: str = ""
    """Whom the question was asked of, and the base ("Champ : ..."; ``reading.champ``)."""

    def digest(self) -> str:
        """A digest of everything the chart is drawn from."""
        payload = {key: value for key, value in self.__dict__.items() if key != "data"}
        payload["data"] = self.data.to_dict(orient="split")
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str,
                                         ensure_ascii=False).encode()).hexdigest()


def base_note(bases: list[float], unit: str, per: str = "item") -> str:
    """``n = 532 répondants``, or ``n = 510 à 532 répondants selon l'item`` when bases vary
    (``unit``: ``respondents`` or ``mentions``, worded by the catalogue)."""
    low, high = min(bases), max(bases)
    word = say(f"unit.{unit}")
    if low == high:
        return say("note.base", count=fmt_count(low), unit=word)
    return say("note.base_range", low=fmt_count(low), high=fmt_count(high), unit=word, per=per)


def default_kind(spec, questionnaire: Questionnaire) -> str:
    """``spec.kind``, else the kind of the question's type (diverging for grouped scales,
    bars for one item of a grid)."""
    if spec.kind:
        return spec.kind
    question = questionnaire.question(spec.question)
    if question.type == "numeric":
        return "means" if spec.banner else "histogram"
    if spec.banner:
        return "crosstab"
    if question.type != "grid" or spec.item is not None:
        return "bars"
    return "diverging" if questionnaire.scale_of(question).groups else "stacked"


def _subset(spec, codes: list[str], what: str) -> list[str]:
    if spec.items is None:
        return codes
    unknown = [code for code in spec.items if code not in codes]
    if unknown:
        raise StatsError(f"figure '{spec.id}': {what} {', '.join(map(repr, unknown))} not in "
                         f"question '{spec.question}' (expected some of {', '.join(codes)})")
    return [code for code in codes if code in spec.items]


def residual(label: str) -> bool:
    """Whether an answer is a residual one ("Autre", "Ne sait pas": the catalogue's
    ``order.residual``), which a chart sorted by share puts last, whatever its share."""
    words = say("order.residual")
    return re.match(rf"(?:{words})\b", str(label).strip().lower()) is not None


def _order(frame: pd.DataFrame, sort: str, by: pd.Series) -> pd.DataFrame:
    if sort == "questionnaire":
        return frame.reset_index(drop=True)
    order = by.sort_values(ascending=sort == "ascending", kind="stable").index
    if "label" in frame:  # "Autre" after the real answers, however many chose it
        order = [index for index in order if not residual(frame.at[index, "label"])] + \
            [index for index in order if residual(frame.at[index, "label"])]
    return frame.loc[order].reset_index(drop=True)


def _option_rows(spec, figures: FigureTable, item: str | None = None
                 ) -> tuple[list[Figure], str]:
    """The figures of the options (or themes) a figure spec shows, and their one measure."""
    rows = [figure for figure in figures.select(spec.question, measure=spec.measure, item=item)
            if figure.option is not None]
    measures = sorted({figure.measure for figure in rows})
    if len(measures) > 1:
        raise StatsError(f"figure '{spec.id}': question '{spec.question}' has figures of "
                         f"several measures ({', '.join(measures)}): set 'measure'")
    codes = _subset(spec, [figure.option for figure in rows], "option")
    rows = [figure for figure in rows if figure.option in codes]
    return rows, measures[0] if measures else "respondents"


def bars_input(spec, figures: FigureTable, questionnaire: Questionnaire, kind: str
               ) -> ChartInput:
    """Options (or themes) of a choice or open question, one bar each."""
    rows, measure = _option_rows(spec, figures, spec.item)
    shown = [figure for figure in rows if not figure.suppressed]
    frame = pd.DataFrame({"label": [figure.label for figure in shown],
                          "share": [figure.percent for figure in shown],
                          "low_base": [figure.low_base for figure in shown]},
                         columns=["label", "share", "low_base"])
    frame = _order(frame, spec.sort, frame["share"])
    notes = _notes(rows, measure, figures, per="option")
    whole = spec.items is None and (measure == "mentions" or (
        measure == "respondents" and questionnaire.question(spec.question).type == "single"))
    notes += _rounding([rows] if whole else [], spec.digits)
    if kind == "ci":
        frame = pd.DataFrame({"column": say("whole_sample"), "label": [f.label for f in shown],
                              "share": [f.share for f in shown],
                              "ci_low": [f.ci_low for f in shown],
                              "ci_high": [f.ci_high for f in shown],
                              "base": [f.base for f in shown],
                              "low_base": [f.low_base for f in shown]})
        frame = _order(frame, spec.sort, frame["share"])
    return ChartInput(id=spec.id, title=spec.title, kind=kind, data=frame, measure=measure,
                      digits=spec.digits, notes=notes)


def _rounding(groups: list[list[Figure]], digits: int) -> tuple[str, ...]:
    """The rounding note when the displayed shares of one group (the options of a question,
    the levels of a grid item), meant to add up to 100, do not."""
    return (say("note.rounding"),) if any(rounding_note(rows, digits) for rows in groups) else ()


def _notes(rows, measure: str, figures: FigureTable, per: str) -> tuple[str, ...]:
    if not rows:
        return ()
    if measure == "mentions":
        respondents = figures.select(rows[0].question, measure="respondents")[0].base
        notes = [say("note.mentions", mentions=fmt_count(rows[0].base),
                     respondents=fmt_count(respondents))]
    else:
        notes = [base_note([figure.base for figure in rows], UNITS.get(measure, "respondents"),
                           per)]
    if any(figure.low_base and not figure.suppressed for figure in rows):
        notes.append(low_base_note(figures.thresholds.low_base))
    return tuple(notes)


def grid_input(spec, figures: FigureTable, questionnaire: Questionnaire, kind: str
               ) -> ChartInput:
    """Items of a grid question, one bar each, split by scale level."""
    question = questionnaire.question(spec.question)
    if question.type != "grid":
        raise StatsError(f"figure '{spec.id}': a {kind} chart needs a grid question; "
                         f"'{spec.question}' is {question.type}")
    scale = questionnaire.scale_of(question)
    levels = [level.label for level in scale.levels]
    codes = _subset(spec, [item.code for item in question.items], "item")
    records, all_rows = [], []
    for item in question.items:
        if item.code not in codes:
            continue
        rows = figures.select(spec.question, measure="level", item=item.code)
        all_rows += rows
        if any(figure.suppressed for figure in rows):
            continue  # an item's levels share one base: all are suppressed together
        record = {"label": item.label, "base": rows[0].base, "low_base": rows[0].low_base}
        record.update({figure.label: figure.percent for figure in rows})
        records.append(record)
    frame = pd.DataFrame(records, columns=["label", *levels, "base", "low_base"])
    right: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    neutral: tuple[str, ...] = ()
    groups = ("", "")
    if kind == "diverging":
        right, left, neutral = _diverging_sides(spec, scale)
        groups = (scale.groups[0].label, scale.groups[1].label)
        by = frame[list(right)].sum(axis=1)
    else:
        # Items with more of the later levels (Souvent, after Jamais) come first.
        by = sum(frame[label] * position for position, label in enumerate(levels))
    frame = _order(frame, spec.sort, by if len(frame) else frame["base"])
    by_item = [[figure for figure in all_rows if figure.item == code] for code in codes]
    notes = _notes(all_rows, "level", figures, "item") + _rounding(by_item, spec.digits)
    return ChartInput(id=spec.id, title=spec.title, kind=kind, data=frame, measure="level",
                      digits=spec.digits, notes=notes,
                      right=right, left=left, neutral=neutral, groups=groups)


def _diverging_sides(spec, scale) -> tuple[tuple[str, ...], ...]:
    """The labels of a diverging chart's right side (the first group), left side (the
    second) and neutral middle (the levels between them), every level placed once."""
    if len(scale.groups) != 2:
        raise StatsError(f"figure '{spec.id}': a diverging chart needs a scale with two "
                         f"groups; scale '{scale.id}' has {len(scale.groups)}")
    codes = [level.code for level in scale.levels]
    by_code = {level.code: level.label for level in scale.levels}
    first, second = (sorted(group.levels, key=codes.index) for group in scale.groups)
    one, two = [codes.index(code) for code in first], [codes.index(code) for code in second]
    low, high = (max(one), min(two)) if max(one) < min(two) else (max(two), min(one))
    grouped = set(one + two)
    middle = [code for index, code in enumerate(codes)
              if low < index < high and index not in grouped]
    outside = [code for index, code in enumerate(codes)
               if index not in grouped and code not in middle]
    if outside:
        raise StatsError(
            f"figure '{spec.id}': a diverging chart cannot show level(s) "
            f"{', '.join(repr(by_code[code]) for code in outside)} of scale '{scale.id}', "
            "which are in neither group nor between them: set 'kind: stacked' to show every "
            "level")
    if max(one) > min(two):  # the second group comes first: its last level is the mild one
        first, second = first[::-1], second[::-1]
    return (tuple(by_code[code] for code in first), tuple(by_code[code] for code in second),
            tuple(by_code[code] for code in middle))


TREND_EDITIONS = 3
"""A trend chart needs a series this long; two editions are a change, which ``trend()``
states in the text."""


def trend_input(spec, figures: FigureTable, questionnaire: Questionnaire,
                trends: TrendTable | None) -> ChartInput:
    """Options of a choice question (items of a grid, by the scale's first group), each
    with its comparable values over the editions."""
    question = questionnaire.question(spec.question)
    if question.type == "grid":
        scale = questionnaire.scale_of(question)
        if not scale.groups:
            raise StatsError(f"figure '{spec.id}': a trend chart of a grid needs a scale with "
                             f"groups; scale '{scale.id}' has none")
        codes = _subset(spec, [item.code for item in question.items], "item")
        rows = [figures.get(spec.question, item=code, group=scale.groups[0].id)
                for code in codes]
        labels = [question.label_of(code) for code in codes]
    else:
        rows, _ = _option_rows(spec, figures)
        labels = [figure.label for figure in rows]
    records = []
    for label, figure in zip(labels, rows, strict=True):
        trend = trends.of(figure) if trends is not None else None
        series = trend.series if trend is not None and trend.series else ()
        if not series and trends is not None and not figure.suppressed:
            series = ((trends.edition, figure.share),)  # not compared: this edition alone
        records += [{"label": label, "edition": edition, "share": share * 100}
                    for edition, share in series]
    editions = sorted({record["edition"] for record in records})
    if len(editions) < TREND_EDITIONS:
        raise StatsError(f"figure '{spec.id}': a trend chart needs {TREND_EDITIONS} editions "
                         f"or more whose figures compare; question '{spec.question}' has "
                         f"{len(editions)} ({', '.join(editions) or 'none'})")
    notes = (say("note.trend", first=editions[0], last=editions[-1]),)
    return ChartInput(id=spec.id, title=spec.title, kind="trend",
                      data=pd.DataFrame(records, columns=["label", "edition", "share"]),
                      measure=rows[0].measure if rows else "respondents",
                      digits=spec.digits, notes=notes)


def chart_input(spec, figures: FigureTable, questionnaire: Questionnaire,
                trends: TrendTable | None = None) -> ChartInput:
    """The ``ChartInput`` of a report.yaml figure spec (``trends`` for ``trend`` charts),
    with its Lecture and Champ lines: the base note of a bar or grid chart becomes the
    Champ's base."""
    from .reading import champ, lecture

    chart = _chart_input(spec, figures, questionnaire, trends)
    question = questionnaire.question(spec.question)
    notes, base = chart.notes, ""
    if chart.kind in ("bars", "ci", "stacked", "diverging") and notes and not chart.data.empty:
        base, notes = notes[0], notes[1:]
    return replace(chart, notes=notes,
                   lecture=getattr(spec, "lecture", None) or lecture(chart, question.type),
                   champ=champ(question, questionnaire, base))


def _chart_input(spec, figures: FigureTable, questionnaire: Questionnaire,
                 trends: TrendTable | None = None) -> ChartInput:
    try:
        question = questionnaire.question(spec.question)
    except KeyError:
        raise StatsError(f"figure '{spec.id}': no question '{spec.question}' in the "
                         "questionnaire") from None
    kind = default_kind(spec, questionnaire)
    numeric_kinds = ("histogram", "means")
    if (question.type == "numeric") != (kind in numeric_kinds):
        if question.type == "numeric":
            raise StatsError(f"figure '{spec.id}': question '{spec.question}' is numeric: "
                             f"a {kind} chart draws shares; use kind histogram, or means "
                             "with a banner")
        raise StatsError(f"figure '{spec.id}': a {kind} chart needs a numeric question; "
                         f"'{spec.question}' is {question.type}")
    if kind in ("means", "crosstab") and spec.banner is None:
        raise StatsError(f"figure '{spec.id}': a {kind} chart needs a 'banner' (the question "
                         "to cross by)")
    if kind == "histogram":
        return histogram_input(spec, figures, ChartInput)
    if kind == "means":
        return means_input(spec, figures, questionnaire, ChartInput)
    if kind == "crosstab":
        return crosstab_input(spec, figures, questionnaire, ChartInput)
    if kind == "trend":
        return trend_input(spec, figures, questionnaire, trends)
    if kind in ("stacked", "diverging"):
        return grid_input(spec, figures, questionnaire, kind)
    return bars_input(spec, figures, questionnaire, kind)


def figure_keys(spec, figures: FigureTable, questionnaire: Questionnaire
                ) -> list[tuple]:
    """The figures a report.yaml figure is drawn from, suppressed ones included, as keys
    (question, item, option, group, measure) in questionnaire order: for its data file."""
    question = questionnaire.question(spec.question)
    kind = default_kind(spec, questionnaire)
    if question.type == "grid" and kind in ("stacked", "diverging"):
        codes = _subset(spec, [item.code for item in question.items], "item")
        rows = [figure for code in codes
                for figure in figures.select(spec.question, measure="level", item=code)]
    elif question.type == "grid":  # trend of a grid: the items' first group
        scale = questionnaire.scale_of(question)
        codes = _subset(spec, [item.code for item in question.items], "item")
        rows = [figures.get(spec.question, item=code, group=scale.groups[0].id)
                for code in codes] if scale.groups else []
    else:
        rows, _ = _option_rows(spec, figures, spec.item)
    return [(figure.question, figure.item, figure.option, figure.group, figure.measure)
            for figure in rows]
