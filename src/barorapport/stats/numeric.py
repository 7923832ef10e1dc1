"""Numeric questions: the distribution's summary, its histogram, and means by group.

Input: the answers of one numeric question (and the respondents' weights, and a banner's
codes). Output: rows of the figures table:

- ``n`` is every row's ``count`` and ``base`` (the respondents who gave a number);
- ``mean``, with its 95 % interval (Student's t on the effective base, ``ci_low`` and
  ``ci_high``), ``sd`` (standard deviation, n - 1 in the denominator), ``min``, ``q1``,
  ``median``, ``q3``, ``max``, each in ``value``;
- ``bin``: the histogram, one row per bin (``option`` is its index, ``label`` its interval
  ``[20 ; 30[``, the last one closed), a share of the respondents like any other;
- the same statistics per option of a banner question (``banner``, ``banner_option``): the
  means by group.

Weighted, the mean, quantiles and standard deviation are the weights' (statsmodels'
``DescrStatsW``); under a design (weights included) the mean's variance is the design's
(``estimators.mean``) and its interval t on the design's degrees of freedom, as R's
``confint(svymean(...), df = degf(design))``; the histogram's shares are the design's too.
"""

from __future__ import annotations

import numpy as np

# scipy.special's stdtrit is what scipy.stats.t.ppf calls (the same bits), without importing
# scipy.stats, imported where an interval is computed; matplotlib's tick locator is imported
# by bin_edges only: a build whose charts all come from the cache, and check, import neither.

STATISTICS = ("mean", "sd", "min", "q1", "median", "q3", "max")
"""The measures of a numeric question's summary, in the order they are printed."""
BINS = 10
"""About this many bins in a histogram (rounded to nice edges)."""


def summary(values: np.ndarray, weights: np.ndarray | None = None,
            design_mean=None) -> dict[str, float]:
    """n, the effective base and the statistics of ``values`` (no NaN), with the mean's 95 %
    interval: ``{"n", "effective", "weighted", "mean", "ci_low", "ci_high", "sd", ...}``.
    ``design_mean``: the mean's ``Estimates`` under the sampling design."""
    n = len(values)
    nan = float("nan")
    if not n:
        return {"n": 0.0, "effective": 0.0, "weighted": 0.0, "ci_low": nan, "ci_high": nan,
                "variance": nan, "df": nan, "srs_variance": nan,
                **dict.fromkeys(STATISTICS, nan)}
    if weights is None:
        mean, effective, weighted = float(values.mean()), float(n), float(n)
        sd = float(values.std(ddof=1)) if n > 1 else nan
        q1, median, q3 = (float(v) for v in np.quantile(values, [0.25, 0.5, 0.75]))
    else:
        from statsmodels.stats.weightstats import DescrStatsW

        described = DescrStatsW(values, weights=weights)
        mean = float(described.mean)
        weighted = float(weights.sum())
        effective = float(weighted ** 2 / (weights ** 2).sum())
        # The weighted variance, scaled to n - 1 on the effective base.
        variance = float(described.var) * effective / (effective - 1) if effective > 1 \
            else nan
        sd = variance ** 0.5
        q1, median, q3 = (float(v) for v in described.quantile([0.25, 0.5, 0.75],
                                                              return_pandas=False))
    variance = df = srs = nan
    if design_mean is not None:
        from .intervals import mean_interval

        variance = max(float(design_mean.variance[0]), 0.0)
        df, srs = float(design_mean.df[0]), float(design_mean.srs_variance[0])
        low, high = (float(bound) for bound in mean_interval(mean, variance, df))
        effective = n * srs / variance if variance > 0 and df > 0 else nan
        if df <= 0:
            low = high = nan
    elif effective > 1 and sd == sd:
        from scipy import special

        margin = float(special.stdtrit(effective - 1, 0.975)) * sd / effective ** 0.5
        low, high = mean - margin, mean + margin
    else:
        low = high = nan
    return {"n": float(n), "effective": effective, "weighted": weighted, "mean": mean,
            "ci_low": low, "ci_high": high, "sd": sd, "min": float(values.min()), "q1": q1,
            "median": median, "q3": q3, "max": float(values.max()), "variance": variance,
            "df": df, "srs_variance": srs}


def bin_edges(values: np.ndarray) -> np.ndarray:
    """About ``BINS`` bins with round edges covering ``values`` (whole numbers for whole
    numbers)."""
    from matplotlib.ticker import MaxNLocator

    low, high = float(values.min()), float(values.max())
    whole = bool(np.all(np.equal(np.mod(values, 1), 0)))
    if low == high:
        return np.array([low, low + 1.0])
    edges = MaxNLocator(nbins=BINS, integer=whole).tick_values(low, high)
    edges = edges[(edges <= low).nonzero()[0][-1]:] if (edges <= low).any() else edges
    if edges[-1] <= high:
        edges = np.append(edges, edges[-1] + (edges[1] - edges[0]))
    return edges


def bin_label(low: float, high: float, last: bool) -> str:
    """``[20 ; 30[``, the last bin ``[90 ; 100]``, as the publication's language writes an
    interval (the catalogue's ``bin.*``: ``[20, 30)`` in English)."""
    from ..formatting import fmt_number  # formatting imports stats: imported when used
    from ..wording import say

    digits = 0 if float(low).is_integer() and float(high).is_integer() else 1
    return say("bin.last" if last else "bin.label", low=fmt_number(low, digits),
               high=fmt_number(high, digits))


def _base(summary_row: dict) -> dict:
    return {"count": summary_row["n"], "base": summary_row["n"],
            "weighted_count": summary_row["weighted"], "weighted_base": summary_row["weighted"],
            "effective_base": summary_row["effective"]}


def statistic_rows(question_id: str, summary_row: dict, **keys) -> list[dict]:
    """The summary as rows of the figures table (``keys``: the banner columns)."""
    rows = []
    for measure in STATISTICS:
        row = {"question": question_id, "measure": measure, "label": measure,
               "value": summary_row[measure], **_base(summary_row), **keys}
        if measure == "mean":
            row.update(ci_low=summary_row["ci_low"], ci_high=summary_row["ci_high"],
                       variance=summary_row["variance"], df=summary_row["df"],
                       srs_variance=summary_row["srs_variance"])
        rows.append(row)
    return rows


def histogram_rows(question_id: str, values: np.ndarray, weights: np.ndarray | None,
                   summary_row: dict, design=None, answered: np.ndarray | None = None
                   ) -> list[dict]:
    """One row per bin of the histogram: respondents whose value falls in it (with the
    ``design``, each share's variance; ``answered`` places ``values`` among the
    respondents)."""
    if not len(values):
        return []
    edges = bin_edges(values)
    counts, _ = np.histogram(values, bins=edges)
    weighted = counts.astype(float) if weights is None else \
        np.histogram(values, bins=edges, weights=weights)[0]
    variances = [{}] * len(counts)
    if design is not None:
        from .estimators import shares
        from .figures import estimate_columns

        bins = np.full(len(answered), -1)
        bins[answered] = np.clip(np.searchsorted(edges, values, side="right") - 1, 0,
                                 len(counts) - 1)
        variances = estimate_columns(shares(design, bins, len(counts)))
    rows = []
    for index, (count, weight) in enumerate(zip(counts, weighted, strict=True)):
        rows.append({"question": question_id, "measure": "bin", "option": str(index + 1),
                     "label": bin_label(edges[index], edges[index + 1],
                                        index == len(counts) - 1),
                     "count": float(count), "base": summary_row["n"],
                     "weighted_count": float(weight), "weighted_base": summary_row["weighted"],
                     "effective_base": summary_row["effective"],
                     "kish_base": summary_row["kish"],
                     "value": float(edges[index]), **variances[index]})
    return rows


def _described(answers: np.ndarray, domain: np.ndarray, weights: np.ndarray | None,
               design) -> dict:
    """``summary`` of the answers of ``domain`` (a mask of the respondents), with the
    design's variance of the mean when there is a design."""
    values = answers[domain]
    picked = None if weights is None else weights[domain]
    design_mean = None
    if design is not None and len(values):
        from .estimators import mean

        design_mean = mean(design, np.nan_to_num(answers), domain)
    described = summary(values, picked, design_mean)
    described["kish"] = (float(picked.sum() ** 2 / (picked ** 2).sum())
                         if picked is not None and len(values) else described["n"])
    return described


def numeric_rows(question_id: str, answers: np.ndarray, weights: np.ndarray | None,
                 design=None) -> list[dict]:
    """The whole sample's rows of a numeric question: its summary and its histogram."""
    answered = ~np.isnan(answers)
    values = answers[answered]
    picked = None if weights is None else weights[answered]
    described = _described(answers, answered, weights, design)
    return [*statistic_rows(question_id, described),
            *histogram_rows(question_id, values, picked, described, design, answered)]


def numeric_banner_rows(question_id: str, answers: np.ndarray, weights: np.ndarray | None,
                        banner, banner_codes: np.ndarray, thresholds, design=None
                        ) -> list[dict]:
    """The summary of a numeric question per option of ``banner`` (the means by group);
    ``banner_codes`` holds each respondent's option index (-1: no answer). Groups under
    the suppression threshold are suppressed, under the low-base one marked."""
    rows = []
    for index, option in enumerate(banner.options):
        chosen = (banner_codes == index) & ~np.isnan(answers)
        described = _described(answers, chosen, weights, design)
        keys = {"banner": banner.id, "banner_option": option.code,
                "banner_label": option.label,
                "low_base": bool(described["n"] < thresholds.low_base),
                "suppressed": bool(described["n"] < thresholds.suppress)}
        rows += statistic_rows(question_id, described, **keys)
    return rows
