"""Every figure of the publication, computed once as a tidy table.

Input: a ``Survey`` (and theme counts for open questions). Output: a ``FigureTable``, one
row per figure: question, item, option, group, measure, count, base, share, interval, flags.

Measures:
- ``respondents``: share of the respondents who answered (single and multiple choice);
- ``mentions``: share of all ticks given to the question's options (multiple choice);
- ``level`` and ``group``: share of a scale level or of a grouping of levels (grid items);
- ``theme``: share of the respondents who answered an open question whose answer matches a
  theme;
- ``mean``, ``median``, ``q1``, ``q3``: numeric questions (``value`` holds the number).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import StatsError
from ..survey import Question, Survey
from .intervals import wilson_interval

COLUMNS = [
    "question", "item", "option", "group", "measure", "label",
    "count", "base", "share", "ci_low", "ci_high", "value", "low_base", "suppressed",
]


@dataclass(frozen=True)
class Thresholds:
    """Bases under ``low_base`` are published with a warning mark; under ``suppress``, not at
    all."""

    low_base: int = 30
    suppress: int = 10


@dataclass(frozen=True)
class Figure:
    """One row of the figures table, as templates and charts see it."""

    question: str
    item: str | None
    option: str | None
    group: str | None
    measure: str
    label: str
    count: float
    base: float
    share: float
    ci_low: float
    ci_high: float
    value: float
    low_base: bool
    suppressed: bool

    @property
    def percent(self) -> float:
        return self.share * 100


def _rows(question: Question, counts: pd.Series, base, measure: str, labels: dict[str, str],
          item: str | None = None, key: str = "option") -> list[dict]:
    """One row per entry of ``counts`` (indexed by option, level, group or theme code)."""
    return [
        {"question": question.id, "item": item, key: code, "measure": measure,
         "label": labels[code], "count": float(count),
         "base": float(base[code] if isinstance(base, pd.Series) else base)}
        for code, count in counts.items()
    ]


def _single(survey: Survey, question: Question) -> list[dict]:
    values = survey.answers[question.id]
    codes = [option.code for option in question.options]
    counts = values.value_counts().reindex(codes, fill_value=0)
    labels = {option.code: option.label for option in question.options}
    return _rows(question, counts, int(values.notna().sum()), "respondents", labels)


def _multiple(survey: Survey, question: Question) -> list[dict]:
    keys = list(question.source_columns())
    ticks = survey.answers[keys]
    codes = question.parts()
    counts = pd.Series(ticks.sum().to_numpy(), index=codes)
    labels = {option.code: option.label for option in question.options}
    respondents = int(survey.answered(question).sum())
    return (_rows(question, counts, respondents, "respondents", labels)
            + _rows(question, counts, float(counts.sum()), "mentions", labels))


def _grid(survey: Survey, question: Question) -> list[dict]:
    scale = survey.questionnaire.scale_of(question)
    level_codes = [level.code for level in scale.levels]
    level_labels = {level.code: level.label for level in scale.levels}
    group_labels = {group.id: group.label for group in scale.groups}
    rows = []
    for item in question.items:
        values = survey.answers[f"{question.id}:{item.code}"]
        base = int(values.notna().sum())
        counts = values.value_counts().reindex(level_codes, fill_value=0)
        rows += _rows(question, counts, base, "level", level_labels, item=item.code)
        groups = pd.Series({group.id: counts[group.levels].sum() for group in scale.groups},
                           dtype=float)
        rows += _rows(question, groups, base, "group", group_labels, item=item.code, key="group")
    return rows


def _numeric(survey: Survey, question: Question) -> list[dict]:
    values = survey.answers[question.id].dropna()
    statistics = {"mean": values.mean(), "median": values.median(),
                  "q1": values.quantile(0.25), "q3": values.quantile(0.75)}
    return [{"question": question.id, "measure": measure, "label": measure,
             "count": float(len(values)), "base": float(len(values)), "value": float(value)}
            for measure, value in statistics.items()]


def _themes(survey: Survey, question: Question, matches: pd.DataFrame | None,
            labels: dict[str, str]) -> list[dict]:
    if matches is None or matches.empty:
        return []
    answered = survey.answered(question)
    counts = matches[answered].sum()
    return _rows(question, counts, int(answered.sum()), "theme", labels)


def compute_figures(survey: Survey, thresholds: Thresholds = Thresholds(),
                    theme_matches: dict[str, pd.DataFrame] | None = None,
                    theme_labels: dict[str, dict[str, str]] | None = None) -> FigureTable:
    """The figures table of ``survey``.

    ``theme_matches`` maps an open question id to a boolean frame (respondents x themes);
    ``theme_labels`` maps it to each theme's label.
    """
    rows: list[dict] = []
    for question in survey.questionnaire.questions:
        if question.type == "single":
            rows += _single(survey, question)
        elif question.type == "multiple":
            rows += _multiple(survey, question)
        elif question.type == "grid":
            rows += _grid(survey, question)
        elif question.type == "numeric":
            rows += _numeric(survey, question)
        else:
            rows += _themes(survey, question, (theme_matches or {}).get(question.id),
                            (theme_labels or {}).get(question.id, {}))
    table = pd.DataFrame(rows, columns=COLUMNS)
    with np.errstate(invalid="ignore", divide="ignore"):
        proportion = table["measure"].isin(["respondents", "mentions", "level", "group", "theme"])
        table["share"] = np.where(proportion, table["count"] / table["base"], np.nan)
        low, high = wilson_interval(table["count"], table["base"])
    table["ci_low"] = np.where(proportion, low, np.nan)
    table["ci_high"] = np.where(proportion, high, np.nan)
    respondent_base = table["base"].where(table["measure"] != "mentions",
                                          _respondent_bases(table))
    table["low_base"] = respondent_base < thresholds.low_base
    table["suppressed"] = respondent_base < thresholds.suppress
    for column in ("item", "option", "group"):
        table[column] = table[column].astype(object).where(table[column].notna(), None)
    return FigureTable(table=table, thresholds=thresholds)


def _respondent_bases(table: pd.DataFrame) -> pd.Series:
    """For share-of-mentions rows, the number of respondents behind the mentions."""
    respondents = table[table["measure"] == "respondents"].groupby("question")["base"].first()
    return table["question"].map(respondents)


@dataclass(frozen=True)
class FigureTable:
    """The tidy table of figures and the ways templates and charts look figures up."""

    table: pd.DataFrame
    thresholds: Thresholds

    def select(self, question: str, *, measure: str | None = None, item: str | None = None,
               option: str | None = None, group: str | None = None) -> list[Figure]:
        """Every figure of ``question`` matching the given keys, in questionnaire order."""
        rows = self.table[self.table["question"] == question]
        if rows.empty:
            raise StatsError(f"no figure for question '{question}'")
        for column, wanted in (("measure", measure), ("item", item), ("option", option),
                               ("group", group)):
            if wanted is not None:
                rows = rows[rows[column] == wanted]
        return [Figure(**{key: (None if _is_missing(value) else value)
                          if key in ("item", "option", "group") else value
                          for key, value in row.items()})
                for row in rows.to_dict("records")]

    def get(self, question: str, *, measure: str | None = None, item: str | None = None,
            option: str | None = None, group: str | None = None) -> Figure:
        """The one figure matching the keys; a ``StatsError`` says what is ambiguous or absent."""
        found = self.select(question, measure=measure, item=item, option=option, group=group)
        asked = ", ".join(f"{name}={value!r}" for name, value in
                          (("measure", measure), ("item", item), ("option", option),
                           ("group", group)) if value is not None)
        if not found:
            raise StatsError(f"no figure of question '{question}' with {asked or 'these keys'}")
        if len(found) > 1:
            measures = sorted({figure.measure for figure in found})
            raise StatsError(
                f"{len(found)} figures of question '{question}' match {asked or 'no key'}: "
                f"name the measure ({', '.join(measures)}), item, option or group"
            )
        return found[0]

    def ranked(self, question: str, *, measure: str | None = None,
               item: str | None = None) -> list[Figure]:
        """Figures of ``question`` from the largest share to the smallest."""
        figures = self.select(question, measure=measure, item=item)
        return sorted(figures, key=lambda figure: -figure.count)


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))
