"""Tests of a crosstab: the test of independence, and per cell whether it differs from the
rest of its row, with Holm's correction for multiple comparisons.

Input: a table of counts (rows: options, levels or ticked / not ticked; columns: the banner's
options), and under a design or weights the cells' shares and design covariance
(``estimators``). Output: the test's p-value (Pearson's chi-square; Fisher's exact test or
a seeded Monte-Carlo test when expected counts are small; Rao and Scott's second-order
correction under a design), the cells' z statistics and Holm-adjusted p-values.
The methods are documented in docs/statistics.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# scipy.special for the tails of chi2, F and the normal law (what scipy.stats calls: chdtrc,
# fdtrc, ndtr), imported by the tests that use it (0.15 s, saved by a survey with none);
# scipy.stats (0.5 s and 46 MiB to import) only for the exact tests.

MONTE_CARLO_TABLES = 9999
"""Random tables drawn for a Monte-Carlo test: the p-value's resolution is 1 / 10,000."""
MONTE_CARLO_SEED = 2020
"""Fixed, so that the same data gives the same p-value on every build."""


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    dof: float
    p_value: float
    small_expected: bool
    """Cochran's rule fails: an expected count under 1, or over a fifth of them under 5."""
    test: str = "pearson"
    """``pearson``, ``fisher`` (2 x 2, small expected counts), ``monte-carlo`` (larger, small
    expected counts) or ``rao-scott`` (weighted)."""


def _occupied(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns with at least one respondent: empty ones carry no information and
    would make expected counts zero."""
    return counts.sum(axis=1) > 0, counts.sum(axis=0) > 0


def expected_counts(counts: np.ndarray) -> np.ndarray:
    total = counts.sum()
    return np.outer(counts.sum(axis=1), counts.sum(axis=0)) / total if total else \
        np.zeros(counts.shape)


def chi_square(counts: np.ndarray) -> ChiSquare:
    """Pearson's chi-square test of independence, without continuity correction."""
    rows, columns = _occupied(counts)
    table = counts[rows][:, columns].astype(float)
    if table.shape[0] < 2 or table.shape[1] < 2:
        return ChiSquare(np.nan, 0, np.nan, False)
    expected = expected_counts(table)
    statistic = float(((table - expected) ** 2 / expected).sum())
    dof = (table.shape[0] - 1) * (table.shape[1] - 1)
    small = bool((expected < 1).any() or (expected < 5).mean() > 0.2)
    from scipy import special

    return ChiSquare(statistic, dof, float(special.chdtrc(dof, statistic)), small)


def independence_test(counts: np.ndarray) -> ChiSquare:
    """The test of independence that fits an unweighted table of a simple random sample:
    Pearson's chi-square, replaced by Fisher's exact test (2 x 2) or a Monte-Carlo test on
    tables with the same margins when Cochran's rule fails. (Under a design or weights:
    ``rao_scott``.)"""
    test = chi_square(counts)
    if not test.small_expected:
        return test
    from scipy import stats as distributions

    rows, columns = _occupied(counts)
    table = counts[rows][:, columns].astype(np.int64)
    if table.shape == (2, 2):
        p_value = float(distributions.fisher_exact(table).pvalue)
        return ChiSquare(test.statistic, test.dof, p_value, True, "fisher")
    drawn = distributions.random_table(table.sum(axis=1), table.sum(axis=0),
                                       seed=MONTE_CARLO_SEED).rvs(MONTE_CARLO_TABLES)
    expected = expected_counts(table)
    statistics = ((drawn - expected) ** 2 / expected).sum(axis=(1, 2))
    # A drawn table as extreme as the observed one, allowing for floating-point ties.
    extreme = int((statistics >= test.statistic * (1 - 1e-9)).sum())
    p_value = (extreme + 1) / (MONTE_CARLO_TABLES + 1)
    return ChiSquare(test.statistic, test.dof, p_value, True, "monte-carlo")


def rao_scott(counts: np.ndarray, shares: np.ndarray, covariance: np.ndarray,
              respondents: float, design_df: float) -> ChiSquare:
    """Rao and Scott's second-order corrected test (1984), as R's ``svychisq(statistic =
    "F")`` computes it: Pearson's statistic on the weighted shares scaled to the sample size,
    divided by the mean generalised design effect, read against F(d, d nu) with
    d = tr(D)^2 / tr(D^2) the Satterthwaite degrees of freedom and nu the design's (PSUs
    less strata; the replicate weights' rank less one).

    ``counts`` (rows x columns, respondents) says which rows and columns are occupied;
    ``shares`` are the cells' estimated shares of the table, row-major, ``covariance``
    their design covariance (``estimators.joint_shares``)."""
    rows, columns = _occupied(counts)
    n_rows, n_columns = int(rows.sum()), int(columns.sum())
    if n_rows < 2 or n_columns < 2 or respondents < 2:
        return ChiSquare(np.nan, 0, np.nan, False, "rao-scott")
    kept = np.outer(rows, columns).ravel()
    share = shares[kept] / shares[kept].sum()
    covariance = covariance[np.ix_(kept, kept)]
    table = share.reshape(n_rows, n_columns)
    # Contrasts of interaction: the interaction dummies less their projection on the main
    # effects (cells in row-major order).
    row_of = np.repeat(np.arange(n_rows), n_columns)
    column_of = np.tile(np.arange(n_columns), n_rows)
    main = np.column_stack([np.ones(len(share))]
                           + [(row_of == r).astype(float) for r in range(1, n_rows)]
                           + [(column_of == c).astype(float) for c in range(1, n_columns)])
    interaction = np.column_stack([((row_of == r) & (column_of == c)).astype(float)
                                   for r in range(1, n_rows) for c in range(1, n_columns)])
    contrasts = interaction - main @ np.linalg.lstsq(main, interaction, rcond=None)[0]
    inverse = np.divide(1.0, share, out=np.zeros_like(share), where=share > 0)
    scaled = contrasts * inverse[:, None]
    denominator = contrasts.T @ scaled / respondents
    numerator = scaled.T @ covariance @ scaled
    deltas = np.linalg.solve(denominator, numerator)
    trace = float(np.trace(deltas))
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) * respondents
    pearson = respondents * float(((table - expected / respondents) ** 2
                                   / (expected / respondents)).sum())
    small = bool((expected < 1).any() or (expected < 5).mean() > 0.2)
    if trace <= 0 or design_df <= 0:
        return ChiSquare(np.nan, 0, np.nan, small, "rao-scott")
    dof = trace ** 2 / float(np.trace(deltas @ deltas))
    statistic = pearson / trace
    from scipy import special

    p_value = float(special.fdtrc(dof, dof * design_df, statistic))
    return ChiSquare(statistic, dof, p_value, small, "rao-scott")


def adjusted_residuals(counts: np.ndarray) -> np.ndarray:
    """Haberman's adjusted residuals: for each cell, the z statistic of the cell's column
    against all other columns, on the cell's row against all other rows; NaN in empty rows
    and columns."""
    rows, columns = _occupied(counts)
    residuals = np.full(counts.shape, np.nan)
    table = counts[rows][:, columns].astype(float)
    if table.shape[0] < 2 or table.shape[1] < 2:
        return residuals
    total = table.sum()
    expected = expected_counts(table)
    row_share = table.sum(axis=1, keepdims=True) / total
    column_share = table.sum(axis=0, keepdims=True) / total
    residuals[np.ix_(rows, columns)] = (table - expected) / np.sqrt(
        expected * (1 - row_share) * (1 - column_share))
    return residuals


def holm(p_values: np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment of a family of p-values (NaN stay NaN, out of the family)."""
    p_values = np.asarray(p_values, dtype=float)
    adjusted = np.full(p_values.shape, np.nan)
    present = np.flatnonzero(~np.isnan(p_values))
    order = present[np.argsort(p_values[present], kind="stable")]
    size = len(order)
    steps = p_values[order] * (size - np.arange(size))
    adjusted[order] = np.minimum(np.maximum.accumulate(steps), 1.0)
    return adjusted


def cell_p_values(counts: np.ndarray, family_rows: int | None = None,
                  residuals: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per cell, its z statistic (Haberman's adjusted residual, or the design-based
    ``residuals`` given) and two-sided p-value, Holm-adjusted over the distinct tests of the
    first ``family_rows`` rows (all rows by default).

    Distinct tests: with two occupied rows, the second row's statistics are the first's with
    the sign changed, and likewise with two occupied columns; such a twin is the same test,
    counted once in the family and given its twin's adjusted p-value.
    """
    residuals, raw, family, twins = cell_tests(counts, family_rows, residuals)
    adjusted = np.full(raw.shape, np.nan)
    adjusted[family] = holm(raw[family])
    return residuals, spread_to_twins(adjusted, twins, family_rows)


def cell_tests(counts: np.ndarray, family_rows: int | None = None,
               residuals: np.ndarray | None = None):
    """The cells' z statistics and raw two-sided p-values, which of them are distinct tests
    of the family (the first ``family_rows`` rows, twins left out) and the twins (``twin``
    slice, ``original`` slice): what ``cell_p_values`` corrects, and what a
    publication-wide correction gathers from every table."""
    if residuals is None:
        residuals = adjusted_residuals(counts)
    else:
        full = np.full(counts.shape, np.nan)
        rows, columns = _occupied(counts)
        full[:len(residuals)] = residuals
        full[~rows] = np.nan
        full[:, ~columns] = np.nan
        residuals = full
    from scipy import special

    raw = 2 * special.ndtr(-np.abs(residuals))
    occupied_rows, occupied_columns = (np.flatnonzero(mask) for mask in _occupied(counts))
    family = np.zeros(raw.shape, dtype=bool)
    family[:family_rows if family_rows is not None else raw.shape[0]] = True
    twins = []
    if len(occupied_rows) == 2:
        family[occupied_rows[1]] = False
        twins.append((np.s_[occupied_rows[1], :], np.s_[occupied_rows[0], :]))
    if len(occupied_columns) == 2:
        family[:, occupied_columns[1]] = False
        twins.append((np.s_[:, occupied_columns[1]], np.s_[:, occupied_columns[0]]))
    family &= ~np.isnan(raw)
    return residuals, raw, family, twins


def spread_to_twins(adjusted: np.ndarray, twins, family_rows: int | None) -> np.ndarray:
    """Each twin given its original's adjusted p-value; rows out of the family emptied."""
    for twin, original in twins:
        adjusted[twin] = np.where(np.isnan(adjusted[twin]), adjusted[original], adjusted[twin])
    if family_rows is not None:
        adjusted[family_rows:] = np.nan
    return adjusted


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini and Hochberg's step-up adjustment (the false discovery rate) of a family of
    p-values (NaN stay NaN, out of the family), as statsmodels' ``fdr_bh``."""
    p_values = np.asarray(p_values, dtype=float)
    adjusted = np.full(p_values.shape, np.nan)
    present = np.flatnonzero(~np.isnan(p_values))
    order = present[np.argsort(p_values[present], kind="stable")]
    size = len(order)
    steps = p_values[order] * size / np.arange(1, size + 1)
    adjusted[order] = np.minimum(np.minimum.accumulate(steps[::-1])[::-1], 1.0)
    return adjusted


def pairwise_p_values(counts: np.ndarray, family_rows: int | None = None,
                      residuals: np.ndarray | None = None,
                      excluded: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per cell and other column, the test of the cell's column against that column alone:
    ``z[r, i, j]`` (positive when column i's share of row r is the higher) and its two-sided
    p-value, Holm-adjusted over the distinct comparisons of the first ``family_rows`` rows
    (all rows by default), the statisticians' significance letters.

    The test is the cell test of ``cell_p_values`` on the table of the two columns
    (Haberman's adjusted residual, which is then the two-proportion z test of one column
    against the other); under a design, ``residuals[r, i, j]`` gives the z of column i's
    share less column j's, the difference's variance from the design
    (``estimators.pairwise_differences``). Column i against j and j against
    i are one comparison; with two occupied rows in a pair's table, the second row's is the
    first's with the sign changed, counted once too. A cell of ``excluded`` (a hidden cell)
    takes part in no comparison, so that nothing is computed from what is not published.
    """
    n_rows, n_columns = counts.shape
    z = np.full((n_rows, n_columns, n_columns), np.nan)
    family = np.zeros(z.shape, dtype=bool)
    rows = n_rows if family_rows is None else family_rows
    twins = []
    for i in range(n_columns):
        for j in range(i + 1, n_columns):
            pair = np.s_[:, [i, j]]
            if residuals is None:
                found = adjusted_residuals(counts[pair])[:, 0]
            else:
                occupied = counts[pair].sum(axis=1) > 0
                found = np.where(occupied, residuals[:, i, j], np.nan)
            z[:, i, j], z[:, j, i] = found, -found
            family[:rows, i, j] = True
            occupied = np.flatnonzero(counts[pair].sum(axis=1) > 0)
            if len(occupied) == 2:
                family[occupied[1], i, j] = False
                twins.append((occupied[1], occupied[0], i, j))
    if excluded is not None:
        out = excluded[:, :, None] | excluded[:, None, :]
        family &= ~out
        z[out] = np.nan
    from scipy import special

    raw = 2 * special.ndtr(-np.abs(z))
    family &= ~np.isnan(raw)
    adjusted = np.full(z.shape, np.nan)
    adjusted[family] = holm(raw[family])
    for twin, original, i, j in twins:
        if twin < rows and np.isnan(adjusted[twin, i, j]) and not np.isnan(z[twin, i, j]):
            adjusted[twin, i, j] = adjusted[original, i, j]
    upper = np.triu(np.ones((n_columns, n_columns), dtype=bool), 1)
    adjusted = np.where(upper, adjusted, np.transpose(adjusted, (0, 2, 1)))
    adjusted[rows:] = np.nan
    return z, adjusted
