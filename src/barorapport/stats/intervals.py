"""Confidence intervals for proportions.

Wilson's score interval at 95 %: it stays inside [0, 1] and behaves at small bases and
extreme shares, where the normal approximation does not (Brown, Cai and DasGupta, 2001).
"""

from __future__ import annotations

import numpy as np

Z_95 = 1.959963984540054


def wilson_interval(count, base, z: float = Z_95):
    """Lower and upper bounds of the Wilson interval; NaN where the base is zero.

    Works elementwise on arrays as well as on numbers.
    """
    count = np.asarray(count, dtype=float)
    base = np.asarray(base, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = count / base
        denominator = 1 + z**2 / base
        centre = (share + z**2 / (2 * base)) / denominator
        half = z * np.sqrt(share * (1 - share) / base + z**2 / (4 * base**2)) / denominator
    # Clipped: at a share of 0 or 1 the bound is exactly 0 or 1, up to floating-point noise.
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def _t_quantile(df, probability: float):
    from scipy import special

    with np.errstate(invalid="ignore"):
        return special.stdtrit(np.asarray(df, dtype=float), probability)


def korn_graubard_interval(share, variance, respondents, df, fallback):
    """Korn and Graubard's interval (1998), as R's ``svyciprop(method = "beta")``: the
    Clopper-Pearson interval on the effective base share (1 - share) / variance, times
    (t(n - 1) / t(df))^2 for the design's degrees of freedom. At a share of 0 or 1 (no
    variance), the Clopper-Pearson interval on ``fallback`` (Kish's effective base)."""
    from scipy import special

    share, variance = np.asarray(share, dtype=float), np.asarray(variance, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        effective = share * (1 - share) / variance
        ratio = _t_quantile(np.asarray(respondents, float) - 1, 0.025) / _t_quantile(df, 0.025)
        effective = np.where((share > 0) & (share < 1) & (variance > 0),
                             effective * ratio ** 2, fallback)
        successes, failures = effective * share, effective * (1 - share)
        low = np.where(share > 0, special.betaincinv(successes, failures + 1, 0.025), 0.0)
        high = np.where(share < 1, special.betaincinv(successes + 1, failures, 0.975), 1.0)
    # A share the design fixes (no variance, neither 0 nor 1) is known exactly.
    fixed = (share > 0) & (share < 1) & (variance == 0)
    low, high = np.where(fixed, share, low), np.where(fixed, share, high)
    return np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)


def logit_interval(share, logit_variance, df, fallback):
    """The interval of the share's logit, back-transformed (R's ``svyciprop(method =
    "logit")``): logit(p) +- t(df) sqrt(V), V the logit's variance (the delta method's,
    variance / (p (1 - p))^2, or the replicates'). Undefined at a share of 0 or 1: there,
    Korn and Graubard's on ``fallback``."""
    share = np.asarray(share, dtype=float)
    variance = np.asarray(logit_variance, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.log(share / (1 - share))
        half = _t_quantile(df, 0.975) * np.sqrt(np.clip(variance, 0, None))
        low, high = 1 / (1 + np.exp(-(centre - half))), 1 / (1 + np.exp(-(centre + half)))
    edge = (share <= 0) | (share >= 1)
    if edge.any():
        edge_low, edge_high = korn_graubard_interval(share, np.zeros_like(share),
                                                     np.full(share.shape, 2.0),
                                                     np.ones(share.shape), fallback)
        low, high = np.where(edge, edge_low, low), np.where(edge, edge_high, high)
    return np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)


def mean_interval(mean, variance, df):
    """mean +- t(df) sqrt(variance): R's ``confint(svymean(...), df = degf(design))``."""
    half = _t_quantile(df, 0.975) * np.sqrt(np.clip(np.asarray(variance, float), 0, None))
    return mean - half, mean + half
