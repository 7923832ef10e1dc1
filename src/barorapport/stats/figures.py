"""Every figure of the publication, computed once as a tidy table.

Input: a ``Survey`` (and theme counts for open questions). Output: a ``FigureTable``, one
row per figure: question, item, option, group, measure, count, base, share, interval, flags.

Measures:
- ``respondents``: share of the respondents who answered (single and multiple choice);
- ``mentions``: share of all ticks given to the question's options (multiple choice);
- ``level`` and ``group``: share of a scale level or of a grouping of levels (grid items);
- ``theme``: share of the respondents who answered an open question whose answer matches a
  theme;
- ``mean`` (with its 95 % interval), ``sd``, ``min``, ``q1``, ``median``, ``q3``, ``max``:
  numeric questions (``value`` holds the number); ``bin``: their histogram, a share of the
  respondents per bin (see ``numeric``). Crossed by a banner: the means by group.

Rows with a ``banner`` are the cells of crosstabs (see ``crosstabs``): the share is the
column percentage among the respondents of the banner's option. Lookups return the whole
sample's figures unless a banner is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from functools import cached_property

import numpy as np
import pandas as pd

from ..config.report import Thresholds
from ..config.weighting import MultipleTesting
from ..errors import StatsError
from ..survey import Question, Survey
from . import estimators
from .counts import category_codes
from .crosstabs import crosstab_rows
from .design import SampleDesign
from .intervals import korn_graubard_interval, logit_interval, wilson_interval
from .multiplicity import CountOfTests, adjust, count_tests
from .numeric import numeric_banner_rows, numeric_rows
from .suppression import harmonise_copies
from .weights import Weights

_NAN = float("nan")


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureRow:
    """One row of the figures table as the stages make it (``rows_table``): a field
    misspelled where a row is made is an error, not a column silently left empty."""

    question: str
    item: str | None = None
    option: str | None = None
    group: str | None = None
    measure: str
    label: str
    count: float = _NAN
    base: float = _NAN
    share: float = _NAN
    ci_low: float = _NAN
    ci_high: float = _NAN
    value: float = _NAN
    low_base: bool | float = _NAN
    suppressed: bool | float = _NAN
    banner: str | None = None
    banner_option: str | None = None
    banner_label: str | None = None
    chi2_p: float = _NAN
    cell_p: float = _NAN
    differs: str | None = None
    small_expected: bool | float = _NAN
    weighted_count: float = _NAN
    weighted_base: float = _NAN
    effective_base: float = _NAN
    design_effect: float = _NAN
    test: str | None = None
    higher_than: str | None = None
    variance: float = _NAN
    df: float = _NAN
    srs_variance: float = _NAN
    kish_base: float = _NAN
    logit_variance: float = _NAN
    ci_method: str | None = None
    cell_p_raw: float = _NAN
    cell_test: bool | float = _NAN
    test_family: str | None = None
    comparisons: float = _NAN
    correction: str | None = None
    cell_z: float = _NAN
    whole_share: float = _NAN
    """A segment's figure (``stats.segments``): the whole sample's share of the same answer."""
    whole_value: float = _NAN
    segment_p: float = _NAN
    segment_differs: str | None = None


COLUMNS = [field.name for field in fields(FigureRow)]
"""The figures table's columns, in order."""


WORKING_KEYS = frozenset({"square_base"})
"""Keys a crosstab's records carry for ``suppression.harmonise_copies`` (each column's sum
of squared weights), never columns of the table."""


def rows_table(rows: Sequence[dict]) -> pd.DataFrame:
    """The rows (each a ``FigureRow``'s fields, plus any of ``WORKING_KEYS``) as a figures
    table."""
    records = [FigureRow(**{key: value for key, value in row.items()
                            if key not in WORKING_KEYS}) for row in rows]
    return pd.DataFrame([tuple(getattr(record, name) for name in COLUMNS) for record in records],
                        columns=COLUMNS)


KEY_COLUMNS = ("item", "option", "group", "banner", "banner_option", "banner_label", "differs",
               "test", "higher_than", "ci_method", "test_family", "correction",
               "segment_differs")
"""Columns holding a code or a word, None when absent."""
PROPORTIONS = ("respondents", "mentions", "level", "group", "theme", "bin")


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
    weighted_count: float = float("nan")
    """The weights' sum over ``count``'s respondents (``count`` itself when unweighted)."""
    weighted_base: float = float("nan")
    """The weights' sum over the base (``base`` when unweighted); share = the ratio."""
    effective_base: float = float("nan")
    """The base the interval counts as independent draws: the base over the design effect
    (the respondents themselves in a simple random sample), in ticks for shares of
    mentions (their share (1 - share) over their variance)."""
    design_effect: float = float("nan")
    """The design's variance over a simple random sample's of the same base (``base`` /
    ``effective_base``): what the weights, strata and clusters (or the clustering of
    mentions) do to the variance."""
    test: str | None = None
    """The crosstab's test: ``pearson``, ``rao-scott``, ``fisher`` or ``monte-carlo``."""
    higher_than: str | None = None
    """The banner options (codes joined by ``;``) whose column the cell is significantly
    higher than, column against column (Holm over the cell's table): the letters of the
    statisticians' tables."""
    variance: float = float("nan")
    """The estimate's variance under the design (linearised or by replicates)."""
    df: float = float("nan")
    """The design's degrees of freedom in the figure's base (PSUs less strata)."""
    srs_variance: float = float("nan")
    """The variance a simple random sample of the base would give (the design effect's
    denominator, R's ``deff = "replace"``)."""
    logit_variance: float = float("nan")
    """The variance of the share's logit (the logit interval's)."""
    kish_base: float = float("nan")
    """Kish's effective base of the weights, (sum w)^2 / sum w^2: the interval's base where
    the design gives no variance (a share of 0 or 1)."""
    ci_method: str | None = None
    """How the interval was computed: ``wilson``, ``korn-graubard``, ``logit`` (shares),
    ``t`` (means)."""
    cell_p_raw: float = float("nan")
    """The cell test's two-sided p-value before any correction."""
    cell_test: bool = False
    """The cell's test is a distinct test of its family (a twin's is its original's)."""
    test_family: str | None = None
    """Which test of independence decides the row (``table``, or the grouping's or the
    ticked option's own)."""
    comparisons: float = 0.0
    """The column-against-column comparisons of the cell with the columns after it."""
    cell_z: float = float("nan")
    """The cell test's z statistic (positive: the column's share is the higher)."""
    correction: str | None = None
    """How ``cell_p`` (and ``chi2_p`` under a publication-wide family) are corrected:
    ``holm-table``, ``holm-publication``, ``benjamini-hochberg-publication``."""
    digits: int | None = None
    """The decimals its percentage prints with wherever it appears: those of its chart
    (report.yaml's ``digits``), set by the templates' ``fig()`` and ``ranked()``; ``fmt_pct``
    without decimals uses them. None outside templates."""
    whole_share: float = float("nan")
    """In a segment's edition (``segments``), the whole sample's share for the same answer
    (and banner cell); NaN in the whole sample's edition, or when it is not published."""
    whole_value: float = float("nan")
    """In a segment's edition, the whole sample's value of a numeric question's statistic."""
    segment_p: float = float("nan")
    """In a segment's edition, the Holm-adjusted p-value of the segment against the rest of
    the sample (a crosstab cell's test, the segment and the rest as two columns)."""
    segment_differs: str | None = None
    """``higher`` or ``lower``: the segment's share differs significantly from the rest of
    the sample's (and its table's test is significant)."""

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


@dataclass(frozen=True)
class Base:
    """Who a figure is a share of: respondents counted, their weights' sum, and the
    effective base of the interval (Kish's for weighted respondents)."""

    respondents: float
    weighted: float
    effective: float


class _Weigh:
    """Counts and weighted counts of answer codes, and under a design each estimate's
    variance; without weights nor design, the counts themselves."""

    def __init__(self, weights: Weights | None):
        self.weights = None if weights is None else np.asarray(weights.values, dtype=float)
        # Weights alone: each respondent drawn alone, with replacement.
        self.design = None if weights is None else (
            weights.design or SampleDesign(weights=self.weights))
        self.squares = None if self.weights is None else self.weights ** 2

    def tally(self, codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
        valid = codes >= 0
        counts = np.bincount(codes[valid], minlength=size)
        if self.weights is None:
            return counts, counts.astype(float)
        return counts, np.bincount(codes[valid], weights=self.weights[valid], minlength=size)

    def base(self, answered: np.ndarray) -> Base:
        """The base of the respondents where ``answered`` is true."""
        n = float(answered.sum())
        if self.weights is None:
            return Base(n, n, n)
        total, squares = self.weights[answered].sum(), self.squares[answered].sum()
        return Base(n, float(total), float(total ** 2 / squares) if squares else 0.0)

    def total(self, values: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Weighted column sums of ``values``, the respondents x parts at ``rows`` (a mask)."""
        return values.sum(axis=0) if self.weights is None else self.weights[rows] @ values

    def shares(self, codes: np.ndarray, size: int, groups=(), counts=None, weighted=None
               ) -> list[dict]:
        """Per code (then per group of codes), the design's variance of its share among
        the respondents with a code; empty without a design. ``counts`` and ``weighted``:
        the codes' tallies, already counted."""
        if self.design is None:
            return [{} for _ in range(size + len(groups))]
        known = {} if counts is None else {"one": counts, "w": weighted}
        return estimate_columns(estimators.shares(self.design, codes, size, groups, known))

    def binary(self, ticked: np.ndarray) -> dict:
        """The design's variance of the share of respondents coded 0 (of 0 and 1)."""
        if self.design is None:
            return {}
        return estimate_columns(estimators.binary_share(self.design, ticked))[0]


def estimate_columns(estimates) -> list[dict]:
    """The figures table's variance columns of each of ``estimates``."""
    return [{"variance": float(variance), "df": float(df), "srs_variance": float(srs),
             "logit_variance": float(logit)}
            for variance, df, srs, logit in zip(
                np.clip(estimates.variance, 0, None), estimates.df, estimates.srs_variance,
                estimates.logit_variance, strict=True)]


def _rows(question: Question, counts, weighted, base, measure: str, labels: dict[str, str],
          item: str | None = None, key: str = "option", variances=None) -> list[dict]:
    """One row per entry of ``counts`` (a Series indexed by option, level, group or theme
    code; ``weighted`` the same, weighted); ``base`` a ``Base`` or, per code, a dict;
    ``variances`` per code, the design's variance columns (``estimate_columns``)."""
    rows = []
    for index, (code, count) in enumerate(counts.items()):
        row_base = base[code] if isinstance(base, dict) else base
        rows.append({"question": question.id, "item": item, key: code, "measure": measure,
                     "label": labels[code], "count": float(count),
                     "base": float(row_base.respondents),
                     "weighted_count": float(weighted[code]),
                     "weighted_base": float(row_base.weighted),
                     "effective_base": float(row_base.effective),
                     "kish_base": float(row_base.effective),
                     **(variances[index] if variances is not None else {})})
    return rows


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


def _single(survey: Survey, question: Question, coded: _Codes, weigh: _Weigh) -> list[dict]:
    codes = [option.code for option in question.options]
    values = coded(question.id, codes)
    counts, weighted = weigh.tally(values, len(codes))
    labels = {option.code: option.label for option in question.options}
    return _rows(question, pd.Series(counts, index=codes), pd.Series(weighted, index=codes),
                 weigh.base(values >= 0), "respondents", labels,
                 variances=weigh.shares(values, len(codes), (), counts, weighted))


def _multiple(survey: Survey, question: Question, weigh: _Weigh) -> list[dict]:
    keys = list(question.source_columns())
    ticks = survey.answers[keys].to_numpy(dtype=float, na_value=np.nan)
    codes = question.parts()
    answered = (~np.isnan(ticks)).any(axis=1)
    labels = {option.code: option.label for option in question.options}
    respondents = weigh.base(answered)
    answered_ticks = ticks[answered]  # a copy: its empty cells become 0 (unticked)
    # Ticks are 0, 1 or NaN: no infinity for nan_to_num to look for (0.4 s at 1M answers).
    answered_ticks[np.isnan(answered_ticks)] = 0.0
    # Who did not answer ticked nothing: the answered rows hold every tick.
    counts = pd.Series(answered_ticks.sum(axis=0), index=codes)
    weighted = pd.Series(weigh.total(answered_ticks, answered), index=codes)
    if weigh.design is None:
        mentions, variances = mention_bases(answered_ticks, None, respondents)
        shares = None
    else:
        mentions, variances = _design_mentions(weigh, answered_ticks, answered, respondents)
        shares = [weigh.binary(_ticked(ticks[:, option], answered))
                  for option in range(len(codes))]
    return (_rows(question, counts, weighted, respondents, "respondents", labels,
                  variances=shares)
            + _rows(question, counts, weighted, dict(zip(codes, mentions, strict=True)),
                    "mentions", labels, variances=variances))


def _ticked(ticks: np.ndarray, answered: np.ndarray) -> np.ndarray:
    """0 ticked, 1 not ticked among the respondents who answered, else -1."""
    return np.where(answered, np.where(ticks == 1, 0, 1), -1)


def _design_mentions(weigh: _Weigh, answered_ticks: np.ndarray, answered: np.ndarray,
                     respondents: Base) -> tuple[list[Base], list[dict]]:
    """Per option, the base of its share of mentions and its variance under the design:
    the effective base (in ticks) is share (1 - share) / variance."""
    n = len(answered)
    totals = np.zeros(n)
    totals[answered] = answered_ticks.sum(axis=1)
    weighted_total = float(weigh.total(answered_ticks, answered).sum())
    mentions = float(answered_ticks.sum())
    known = _mention_sums(weigh, answered_ticks, answered, totals)
    bases, variances = [], []
    for option in range(answered_ticks.shape[1]):
        ticked = np.full(n, -1)
        ticked[answered] = np.where(answered_ticks[:, option] == 1, 0, 1)
        found = estimators.mention_share(weigh.design, ticked, totals,
                                         None if known is None else known[option])
        ratio, variance = float(found.estimate[0]), max(float(found.variance[0]), 0.0)
        effective = ratio * (1 - ratio) / variance if variance > 0 else \
            respondents.effective * (mentions / respondents.respondents
                                     if respondents.respondents else 0.0)
        bases.append(Base(mentions, weighted_total, effective))
        variances.append({"variance": variance, "df": float(found.df[0]),
                          "kish_base": respondents.effective * (
                              mentions / respondents.respondents
                              if respondents.respondents else 0.0)})
    return bases, variances


def _mention_sums(weigh: _Weigh, ticks: np.ndarray, answered: np.ndarray,
                  totals: np.ndarray) -> list[dict] | None:
    """Per option, the sums its share of mentions needs (ticked, not ticked), for every
    option at once by matrix products: in a design of respondents drawn alone in one
    stratum, all the variance needs (None otherwise)."""
    design = weigh.design
    if design.strata is not None or design.psu is not None or design.replication is not None:
        return None
    w = weigh.weights[answered]
    x = totals[answered]
    products = {"one": np.ones(len(w)), "w": w, "w2": w ** 2, "wx": w * x,
                "wxx": w * x ** 2, "w2x": w ** 2 * x, "w2xx": (w * x) ** 2}
    sums = {name: (values @ ticks, values.sum()) for name, values in products.items()}
    return [{name: np.array([ticked[option], total - ticked[option]])
             for name, (ticked, total) in sums.items()}
            for option in range(ticks.shape[1])]


def mention_bases(ticks: np.ndarray, weights: np.ndarray | None, respondents: Base
                  ) -> tuple[list[Base], list[dict]]:
    """Per option, the base of its share of mentions with respondents as clusters.

    The share of mentions is a ratio, R = sum w t / sum w T (t: the respondent ticked the
    option, T: how many options the respondent ticked). Its variance is linearised
    (Taylor): u_i = w_i (t_i - R T_i) / sum w T, V = n / (n - 1) sum u_i^2, so that
    respondents, not ticks, are the independent draws. The effective base R (1 - R) / V is
    what a Wilson interval with that variance needs; a share of 0 or 1 has no variance and
    keeps the respondents' effective base times the mean number of ticks. Also returns,
    per option, its variance and degrees of freedom (respondents less one).
    """
    n = len(ticks)
    w = np.ones(n) if weights is None else weights
    totals = ticks.sum(axis=1)
    mentions = float(ticks.sum())
    weighted_total = float(w @ totals)
    squares = w ** 2
    bases, variances = [], []
    for option in range(ticks.shape[1]):
        column = ticks[:, option]
        ratio = float(w @ column) / weighted_total if weighted_total else np.nan
        spread = float(squares @ (column - ratio * totals) ** 2)
        variance = n / (n - 1) * spread / weighted_total ** 2 if n > 1 and weighted_total \
            else 0.0
        if variance > 0:
            effective = ratio * (1 - ratio) / variance
        else:
            effective = respondents.effective * (mentions / n if n else 0.0)
        bases.append(Base(mentions, weighted_total, effective))
        variances.append({"variance": variance, "df": float(n - 1),
                          "kish_base": respondents.effective * (mentions / n if n else 0.0)})
    return bases, variances


def _grid(survey: Survey, question: Question, coded: _Codes, weigh: _Weigh) -> list[dict]:
    scale = survey.questionnaire.scale_of(question)
    level_codes = [level.code for level in scale.levels]
    level_labels = {level.code: level.label for level in scale.levels}
    group_labels = {group.id: group.label for group in scale.groups}
    rows = []
    for item in question.items:
        values = coded(f"{question.id}:{item.code}", level_codes)
        base = weigh.base(values >= 0)
        counts, weighted = (pd.Series(array, index=level_codes)
                            for array in weigh.tally(values, len(level_codes)))
        variances = weigh.shares(values, len(level_codes), [
            [level_codes.index(code) for code in group.levels] for group in scale.groups],
            counts.to_numpy(), weighted.to_numpy())
        rows += _rows(question, counts, weighted, base, "level", level_labels, item=item.code,
                      variances=variances[:len(level_codes)])
        groups, weighted_groups = (
            pd.Series({group.id: series[group.levels].sum() for group in scale.groups},
                      dtype=float) for series in (counts, weighted))
        rows += _rows(question, groups, weighted_groups, base, "group", group_labels,
                      item=item.code, key="group", variances=variances[len(level_codes):])
    return rows


def _numeric(survey: Survey, question: Question, weigh: _Weigh) -> list[dict]:
    """n, mean and its interval, SD, min, quartiles, max and the histogram (``numeric``)."""
    values = survey.answers[question.id].to_numpy(dtype=float, na_value=np.nan)
    return numeric_rows(question.id, values, weigh.weights, weigh.design)


def _numeric_by(survey: Survey, banner: Question, coded: _Codes, thresholds,
                weigh: _Weigh) -> list[dict]:
    """The numeric questions' statistics per option of ``banner`` (means by group)."""
    codes = coded(banner.id, [option.code for option in banner.options])
    return [row for question in survey.questionnaire.questions
            if question.type == "numeric" and question.id != banner.id
            for row in numeric_banner_rows(
                question.id, survey.answers[question.id].to_numpy(dtype=float,
                                                                  na_value=np.nan),
                weigh.weights, banner, codes, thresholds, weigh.design)]


def _themes(survey: Survey, question: Question, matches: pd.DataFrame | None,
            labels: dict[str, str], weigh: _Weigh) -> list[dict]:
    if matches is None or matches.empty:
        return []
    answered = survey.answered(question).to_numpy()
    every = matches.to_numpy(dtype=float)
    matched = every[answered]
    counts = pd.Series(matched.sum(axis=0), index=matches.columns)
    weighted = pd.Series(matched.sum(axis=0) if weigh.weights is None
                         else weigh.weights[answered] @ matched, index=matches.columns)
    variances = None if weigh.design is None else [
        weigh.binary(_ticked(every[:, theme], answered)) for theme in range(every.shape[1])]
    return _rows(question, counts, weighted, weigh.base(answered), "theme", labels,
                 variances=variances)


def compute_figures(survey: Survey, thresholds: Thresholds = Thresholds(),
                    theme_matches: dict[str, pd.DataFrame] | None = None,
                    theme_labels: dict[str, dict[str, str]] | None = None,
                    banners: Sequence[str] = (), weights: Weights | None = None,
                    interval: str = "wilson", multiple_testing: MultipleTesting | None = None
                    ) -> FigureTable:
    """The figures table of ``survey``, with the crosstabs by each of ``banners`` (ids of
    single-choice questions), weighted by ``weights`` when given (their ``design`` gives
    every variance); ``interval``: the method of the shares' intervals;
    ``multiple_testing``: the family the tests are corrected over (each table by default).

    ``theme_matches`` maps an open question id to a boolean frame (respondents x themes);
    ``theme_labels`` maps it to each theme's label.
    """
    theme_matches, theme_labels = theme_matches or {}, theme_labels or {}
    coded = _Codes(survey.answers)
    weigh = _Weigh(weights)
    # NumPy counts with the interpreter released: the crosstabs are counted on another core
    # while this thread counts the whole sample; the rows keep their order.
    with ThreadPoolExecutor(1) as worker:
        crossing = [worker.submit(_crossed, survey, _banner(survey, banner), coded, thresholds,
                                  theme_matches, theme_labels, weigh)
                    for banner in banners]
        table = _whole_sample(survey, coded, weigh, thresholds, theme_matches, theme_labels)
        crossed = [record for future in crossing for record in future.result()]
    if crossed:
        crossed = harmonise_copies(crossed)  # a table under two banners hides the same cells
        table = pd.concat([table, rows_table(crossed)], ignore_index=True)
    for column in ("count", "base", "value", "chi2_p", "cell_p", "weighted_count",
                   "weighted_base", "effective_base", "design_effect", "variance", "df",
                   "srs_variance", "kish_base", "logit_variance", "ci_low", "ci_high",
                   "cell_p_raw", "cell_z", "comparisons", "whole_share", "whole_value",
                   "segment_p"):
        table[column] = table[column].astype(float)
    table = _intervals(table, interval, designed=weights is not None)
    for column in ("low_base", "suppressed", "small_expected", "cell_test"):
        # Rows without the flag (means by group have no test) hold NaN, which is not True.
        table[column] = table[column].eq(True)
    testing = multiple_testing or MultipleTesting()
    for column in KEY_COLUMNS:
        table[column] = table[column].astype(object).where(table[column].notna(), None)
    table = adjust(table, testing.family, testing.method, thresholds.alpha)
    return FigureTable(table=table, thresholds=thresholds, weights=weights,
                       tests=count_tests(table, testing.family, testing.method))


def _whole_sample(survey: Survey, coded: _Codes, weigh: _Weigh, thresholds: Thresholds,
                  theme_matches: dict[str, pd.DataFrame], theme_labels: dict[str, dict[str, str]]
                  ) -> pd.DataFrame:
    """The figures of the whole sample, question by question, with their flags."""
    rows: list[dict] = []
    for question in survey.questionnaire.questions:
        if question.type == "single":
            rows += _single(survey, question, coded, weigh)
        elif question.type == "multiple":
            rows += _multiple(survey, question, weigh)
        elif question.type == "grid":
            rows += _grid(survey, question, coded, weigh)
        elif question.type == "numeric":
            rows += _numeric(survey, question, weigh)
        else:
            rows += _themes(survey, question, theme_matches.get(question.id),
                            theme_labels.get(question.id, {}), weigh)
    table = rows_table(rows)
    # Disclosure and low-base rules count respondents, never weights.
    respondent_base = table["base"].where(table["measure"] != "mentions",
                                          _respondent_bases(table))
    table["low_base"] = respondent_base < thresholds.low_base
    table["suppressed"] = respondent_base < thresholds.suppress
    table["small_expected"] = False
    return table


def _crossed(survey: Survey, banner: Question, coded: _Codes, thresholds: Thresholds,
             theme_matches: dict[str, pd.DataFrame], theme_labels: dict[str, dict[str, str]],
             weigh: _Weigh) -> list[dict]:
    """The rows of the crosstabs and of the means by the options of ``banner``."""
    return (crosstab_rows(survey, banner, coded, thresholds, theme_matches, theme_labels,
                          weigh.weights, weigh.design)
            + _numeric_by(survey, banner, coded, thresholds, weigh))


def _intervals(table: pd.DataFrame, method: str, designed: bool) -> pd.DataFrame:
    """Each share's interval by ``method``, its effective base and design effect.

    A simple random sample (no weights, no design): the effective base is the base (the
    mentions' own, for shares of mentions), the variance p (1 - p) / (n - 1) and the degrees
    of freedom n - 1, so that Wilson's interval is the textbook one. Under a design: the
    effective base is the base over the design effect (its share (1 - share) over its
    variance for mentions; Kish's where the design gives no variance, at 0 or 1)."""
    proportion = table["measure"].isin(PROPORTIONS).to_numpy()
    mentions = (table["measure"] == "mentions").to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        share = (table["weighted_count"] / table["weighted_base"]).to_numpy()
        base = table["base"].to_numpy()
        variance = table["variance"].to_numpy()
        df = table["df"].to_numpy()
        effective = table["effective_base"].to_numpy()
        kish = table["kish_base"].to_numpy()
        if designed:
            deff = variance / table["srs_variance"].to_numpy()
            # No variance (up to rounding): a share the design fixes (of the strata, with
            # their population sizes) is known exactly; a share of 0 or 1 falls back on Kish.
            deff = np.where(deff < 1e-12, 0.0, deff)
            variance = np.where(deff == 0, 0.0, variance)
            by_design = np.where(deff > 0, base / deff, np.where(
                (share > 0) & (share < 1) & (deff == 0), np.inf, kish))
            effective = np.where(mentions | ~proportion, effective, by_design)
        else:
            srs = ~mentions & proportion
            variance = np.where(srs, share * (1 - share) / (base - 1), variance)
            df = np.where(srs, base - 1, df)
            kish = np.where(srs, base, kish)
        respondents = np.where(mentions, df + 1, base)
        if method == "wilson":
            low, high = wilson_interval(share * effective, effective)
            low = np.where(np.isinf(effective), share, low)
            high = np.where(np.isinf(effective), share, high)
        elif method == "korn-graubard":
            low, high = korn_graubard_interval(share, variance, respondents, df, kish)
        else:
            logit_variance = table["logit_variance"].to_numpy()
            logit_variance = np.where(np.isnan(logit_variance),
                                      variance / (share * (1 - share)) ** 2, logit_variance)
            low, high = logit_interval(share, logit_variance, df, kish)
        table["share"] = np.where(proportion, share, np.nan)
        table["ci_low"] = np.where(proportion, low, table["ci_low"])
        table["ci_high"] = np.where(proportion, high, table["ci_high"])
        published = np.where(np.isinf(effective), np.nan, effective)
        table["effective_base"] = np.where(proportion | designed, published,
                                           table["effective_base"])
        table["design_effect"] = table["base"] / effective
        table["variance"] = np.where(proportion, variance, table["variance"])
        table["df"] = np.where(proportion, df, table["df"])
    means = (table["measure"] == "mean").to_numpy()
    table["ci_method"] = np.where(proportion, method, np.where(means, "t", None))
    return table


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
    weights: Weights | None = None
    """How the figures were weighted; None when they count respondents."""
    tests: CountOfTests = CountOfTests()
    """How many tests the crosstabs ran, and their correction (the methods note)."""

    def select(self, question: str, *, measure: str | None = None, item: str | None = None,
               option: str | None = None, group: str | None = None,
               banner: str | None = None, banner_option: str | None = None) -> list[Figure]:
        """Every figure of ``question`` matching the given keys, in questionnaire order.

        Without ``banner``, the whole sample's figures; with it, the cells of the crosstab by
        that banner question (of one of its options with ``banner_option``).
        """
        figures = self._by_question.get(question)
        if not figures:
            raise StatsError(f"no figure for question '{question}'")
        wanted = [(key, value) for key, value in (
            ("measure", measure), ("item", item), ("option", option), ("group", group),
            ("banner_option", banner_option)) if value is not None]
        return [figure for figure in figures if figure.banner == banner
                and all(getattr(figure, key) == value for key, value in wanted)]

    @cached_property
    def _by_question(self) -> dict[str, list[Figure]]:
        """Every figure, by question, in the table's order: templates look figures up one
        by one, and a table of rows filtered at each look-up costs milliseconds."""
        figures: dict[str, list[Figure]] = {}
        for row in self.table.to_dict("records"):
            figure = Figure(**{key: (None if _is_missing(value) else value)
                               if key in KEY_COLUMNS else value for key, value in row.items()})
            figures.setdefault(figure.question, []).append(figure)
        return figures

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
        return sorted(figures, key=lambda figure: -figure.weighted_count)

    def banners(self) -> list[str]:
        """The banner questions the table holds crosstabs by, in report.yaml's order."""
        return list(dict.fromkeys(self.table["banner"].dropna()))


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))
