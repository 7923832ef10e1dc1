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

Rows with a ``banner`` are the cells of crosstabs (see ``crosstabs``): the share is the
column percentage among the respondents of the banner's option. Lookups return the whole
sample's figures unless a banner is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import StatsError
from ..report import Thresholds
from ..survey import Question, Survey
from .counts import category_codes
from .crosstabs import crosstab_rows
from .intervals import wilson_interval

COLUMNS = [
    "question", "item", "option", "group", "measure", "label",
    "count", "base", "share", "ci_low", "ci_high", "value", "low_base", "suppressed",
    "banner", "banner_option", "banner_label", "chi2_p", "cell_p", "differs",
    "small_expected",
]
KEY_COLUMNS = ("item", "option", "group", "banner", "banner_option", "banner_label", "differs")
"""Columns holding a code or a word, None when absent."""
PROPORTIONS = ("respondents", "mentions", "level", "group", "theme")


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
    banner: str | None = None
    """The banner question of a crosstab cell; None for the whole sample."""
    banner_option: str | None = None
    banner_label: str | None = None
    chi2_p: float = float("nan")
    """p-value of the chi-square test of independence of the cell's crosstab."""
    cell_p: float = float("nan")
    """Holm-adjusted p-value of the cell's column against the rest of its row."""
    differs: str | None = None
    """``higher`` or ``lower`` when the cell differs significantly from the rest of its row."""
    small_expected: bool = False
    """The chi-square approximation is doubtful (Cochran's rule fails)."""

    @property
    def percent(self) -> float:
        return self.share * 100

    @property
    def flags(self) -> list[str]:
        """The names of the flags raised: low_base, suppressed, higher or lower,
        small_expected."""
        raised = [name for name in ("low_base", "suppressed") if getattr(self, name)]
        raised += [self.differs] if self.differs else []
        return raised + (["small_expected"] if self.small_expected else [])


def _rows(question: Question, counts: pd.Series, base, measure: str, labels: dict[str, str],
          item: str | None = None, key: str = "option") -> list[dict]:
    """One row per entry of ``counts`` (indexed by option, level, group or theme code)."""
    return [
        {"question": question.id, "item": item, key: code, "measure": measure,
         "label": labels[code], "count": float(count),
         "base": float(base[code] if isinstance(base, pd.Series) else base)}
        for code, count in counts.items()
    ]


class _Codes:
    """Category codes of answer columns, computed once per column: the whole-sample figures
    and every crosstab count with them."""

    def __init__(self, answers: pd.DataFrame):
        self.answers = answers
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, key: str, codes: list[str]) -> np.ndarray:
        if key not in self.cache:
            self.cache[key] = category_codes(self.answers[key], codes)
        return self.cache[key]


def _tally(codes: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(codes[codes >= 0], minlength=size)


def _single(survey: Survey, question: Question, coded: _Codes) -> list[dict]:
    codes = [option.code for option in question.options]
    values = coded(question.id, codes)
    counts = pd.Series(_tally(values, len(codes)), index=codes)
    labels = {option.code: option.label for option in question.options}
    return _rows(question, counts, int((values >= 0).sum()), "respondents", labels)


def _multiple(survey: Survey, question: Question) -> list[dict]:
    keys = list(question.source_columns())
    ticks = survey.answers[keys].to_numpy(dtype=float, na_value=np.nan)
    codes = question.parts()
    counts = pd.Series(np.nansum(ticks, axis=0), index=codes)
    labels = {option.code: option.label for option in question.options}
    respondents = int((~np.isnan(ticks)).any(axis=1).sum())
    return (_rows(question, counts, respondents, "respondents", labels)
            + _rows(question, counts, float(counts.sum()), "mentions", labels))


def _grid(survey: Survey, question: Question, coded: _Codes) -> list[dict]:
    scale = survey.questionnaire.scale_of(question)
    level_codes = [level.code for level in scale.levels]
    level_labels = {level.code: level.label for level in scale.levels}
    group_labels = {group.id: group.label for group in scale.groups}
    rows = []
    for item in question.items:
        values = coded(f"{question.id}:{item.code}", level_codes)
        base = int((values >= 0).sum())
        counts = pd.Series(_tally(values, len(level_codes)), index=level_codes)
        rows += _rows(question, counts, base, "level", level_labels, item=item.code)
        groups = pd.Series({group.id: counts[group.levels].sum() for group in scale.groups},
                           dtype=float)
        rows += _rows(question, groups, base, "group", group_labels, item=item.code, key="group")
    return rows


def _numeric(survey: Survey, question: Question) -> list[dict]:
    values = survey.answers[question.id].to_numpy(dtype=float, na_value=np.nan)
    values = values[~np.isnan(values)]
    # Quartiles by linear interpolation between order statistics (pandas' and numpy's
    # default, Hyndman and Fan's type 7); computed on the array, which is several times
    # faster than on the Series at a million respondents.
    q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75]) if len(values) else [np.nan] * 3
    statistics = {"mean": values.mean() if len(values) else np.nan, "median": median,
                  "q1": q1, "q3": q3}
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
                    theme_labels: dict[str, dict[str, str]] | None = None,
                    banners: Sequence[str] = ()) -> FigureTable:
    """The figures table of ``survey``, with the crosstabs by each of ``banners`` (ids of
    single-choice questions).

    ``theme_matches`` maps an open question id to a boolean frame (respondents x themes);
    ``theme_labels`` maps it to each theme's label.
    """
    theme_matches, theme_labels = theme_matches or {}, theme_labels or {}
    coded = _Codes(survey.answers)
    rows: list[dict] = []
    for question in survey.questionnaire.questions:
        if question.type == "single":
            rows += _single(survey, question, coded)
        elif question.type == "multiple":
            rows += _multiple(survey, question)
        elif question.type == "grid":
            rows += _grid(survey, question, coded)
        elif question.type == "numeric":
            rows += _numeric(survey, question)
        else:
            rows += _themes(survey, question, theme_matches.get(question.id),
                            theme_labels.get(question.id, {}))
    table = pd.DataFrame(rows, columns=COLUMNS)
    respondent_base = table["base"].where(table["measure"] != "mentions",
                                          _respondent_bases(table))
    table["low_base"] = respondent_base < thresholds.low_base
    table["suppressed"] = respondent_base < thresholds.suppress
    table["small_expected"] = False
    crossed = [record for banner in banners
               for record in crosstab_rows(survey, _banner(survey, banner), coded, thresholds,
                                           theme_matches, theme_labels)]
    if crossed:
        table = pd.concat([table, pd.DataFrame(crossed, columns=COLUMNS)], ignore_index=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        proportion = table["measure"].isin(PROPORTIONS)
        table["share"] = np.where(proportion, table["count"] / table["base"], np.nan)
        low, high = wilson_interval(table["count"], table["base"])
    table["ci_low"] = np.where(proportion, low, np.nan)
    table["ci_high"] = np.where(proportion, high, np.nan)
    for column in ("low_base", "suppressed", "small_expected"):
        table[column] = table[column].astype(bool)
    for column in ("count", "base", "value", "chi2_p", "cell_p"):
        table[column] = table[column].astype(float)
    for column in KEY_COLUMNS:
        table[column] = table[column].astype(object).where(table[column].notna(), None)
    return FigureTable(table=table, thresholds=thresholds)


def _banner(survey: Survey, question_id: str) -> Question:
    """The banner question, which must be a single-choice question."""
    try:
        question = survey.questionnaire.question(question_id)
    except KeyError:
        question = None
    if question is None or question.type != "single":
        choices = ", ".join(q.id for q in survey.questionnaire.questions if q.type == "single")
        raise StatsError(f"banner '{question_id}' is not a single-choice question of the "
                         f"questionnaire (expected one of: {choices})")
    return question


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
               option: str | None = None, group: str | None = None,
               banner: str | None = None, banner_option: str | None = None) -> list[Figure]:
        """Every figure of ``question`` matching the given keys, in questionnaire order.

        Without ``banner``, the whole sample's figures; with it, the cells of the crosstab by
        that banner question (of one of its options with ``banner_option``).
        """
        rows = self.table[self.table["question"] == question]
        if rows.empty:
            raise StatsError(f"no figure for question '{question}'")
        rows = rows[rows["banner"].isna()] if banner is None else rows[rows["banner"] == banner]
        for column, wanted in (("measure", measure), ("item", item), ("option", option),
                               ("group", group), ("banner_option", banner_option)):
            if wanted is not None:
                rows = rows[rows[column] == wanted]
        return [Figure(**{key: (None if _is_missing(value) else value)
                          if key in KEY_COLUMNS else value
                          for key, value in row.items()})
                for row in rows.to_dict("records")]

    def get(self, question: str, *, measure: str | None = None, item: str | None = None,
            option: str | None = None, group: str | None = None,
            banner: str | None = None, banner_option: str | None = None) -> Figure:
        """The one figure matching the keys; a ``StatsError`` says what is ambiguous or absent."""
        keys = {"measure": measure, "item": item, "option": option, "group": group,
                "banner": banner, "banner_option": banner_option}
        found = self.select(question, **keys)
        asked = ", ".join(f"{name}={value!r}" for name, value in keys.items()
                          if value is not None)
        if not found:
            raise StatsError(f"no figure of question '{question}' with {asked or 'these keys'}")
        if len(found) > 1:
            measures = sorted({figure.measure for figure in found})
            raise StatsError(
                f"{len(found)} figures of question '{question}' match {asked or 'no key'}: "
                f"name the measure ({', '.join(measures)}), item, option or group"
                + (" and the banner_option" if banner and not banner_option else "")
            )
        return found[0]

    def ranked(self, question: str, *, measure: str | None = None,
               item: str | None = None, banner: str | None = None,
               banner_option: str | None = None) -> list[Figure]:
        """Figures of ``question`` from the largest share to the smallest."""
        figures = self.select(question, measure=measure, item=item, banner=banner,
                              banner_option=banner_option)
        return sorted(figures, key=lambda figure: -figure.count)

    def banners(self) -> list[str]:
        """The banner questions the table holds crosstabs by, in report.yaml's order."""
        return list(dict.fromkeys(self.table["banner"].dropna()))


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))
