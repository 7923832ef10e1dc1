"""The sampling design and the variance of what it estimates, as R's survey package computes it.

Input: per respondent, the weights, the stratum, the clusters of one or two stages and the
finite population corrections (linearisation), or replicate weights with their method
(``SampleDesign``); and an estimate written as ratios of weighted totals over cells
(``Ratios``). Output: the estimates, their design covariance, and per estimate the
respondents behind it and the design's degrees of freedom (``Estimates``).

Every figure of the publication is a ratio of weighted totals, or a difference of two: a
share (the weights of the option's respondents over those of the question's), a column
percentage (over the column's), a share of mentions (ticks over ticks), a mean (values over
respondents). Respondents fall in cells (an option, a crosstab cell); within a cell the
ratio's influence is ``w (a + b x)``, so that every variance is computed from the weights'
sums per cell and per stratum, cluster or replicate, never from a respondents-by-estimates
matrix.

- **Linearisation** (Taylor; ``survey::svyrecvar``): the influence of a ratio
  R = sum w y / sum w d is z = w (y - R d) / sum w d; its totals per first-stage cluster
  (PSU; each respondent its own PSU without clusters) are centred within their stratum and
  V = sum_h (1 - f_h) n_h / (n_h - 1) sum_j (z_hj - mean_h)^2, f_h the sampling fraction of
  the stratum's PSUs. With two stages and population sizes for both, the second stage
  adds, per PSU, its sampling fraction times the same sum over its second-stage clusters.
  A domain (the respondents who answered, a crosstab's column) keeps the whole design:
  outside it the influence is zero.
- **Replicate weights** (``survey::svrVar``): each replicate's estimate, from its weights;
  V = scale sum_r rscale_r (theta_r - mean theta)^2 (or about the full estimate, ``mse``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..errors import StatsError

LONELY_PSU = ("fail", "certainty", "remove", "adjust", "average")
"""What a stratum with a single PSU contributes (R's ``survey.lonely.psu``)."""
REPLICATE_METHODS = ("JK1", "JKn", "BRR", "Fay", "bootstrap")


@dataclass(frozen=True)
class Replication:
    """Replicate weights and how their estimates spread into a variance."""

    weights: np.ndarray
    """Respondents x replicates: each replicate's full weights (R's ``combined.weights``)."""
    method: str
    scale: float
    rscales: np.ndarray
    mse: bool = False
    """Spread about the full estimate rather than the replicates' mean."""

    @cached_property
    def patterns(self) -> tuple[np.ndarray, np.ndarray]:
        """Each respondent's row of replicate factors, as an index into the distinct rows,
        and those rows: the degrees of freedom are the rank of the rows a domain holds."""
        with np.errstate(invalid="ignore", divide="ignore"):
            scaled = self.weights / np.abs(self.weights).max(axis=1, keepdims=True)
        scaled = np.nan_to_num(np.round(scaled, 9))
        rows, index = np.unique(scaled, axis=0, return_inverse=True)
        return index.ravel(), rows


@dataclass(frozen=True)
class SampleDesign:
    """How the respondents were drawn: their weights and the design's structure.

    ``strata``, ``psu`` and ``ssu`` are integer codes per respondent (``psu`` unique across
    strata, ``ssu`` across PSUs); None means a single stratum, each respondent its own PSU,
    no second stage. ``population`` holds, per stage, each respondent's population size of
    that stage's units (PSUs in its stratum, second-stage units in its PSU), inf for
    sampling with replacement.
    """

    weights: np.ndarray
    strata: np.ndarray | None = None
    psu: np.ndarray | None = None
    ssu: np.ndarray | None = None
    population: tuple[np.ndarray, ...] = ()
    replication: Replication | None = None
    lonely_psu: str = "fail"
    stratum_names: tuple[str, ...] = ()
    """The strata's names, for the error about a lonely PSU."""
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def respondents(self) -> int:
        return len(self.weights)

    @cached_property
    def _strata(self) -> np.ndarray:
        return np.zeros(self.respondents, np.intp) if self.strata is None \
            else self.strata.astype(np.intp)

    @cached_property
    def _units(self) -> np.ndarray:
        """First-stage units: the PSUs, else the respondents."""
        return np.arange(self.respondents) if self.psu is None else self.psu.astype(np.intp)

    @cached_property
    def _unit_stratum(self) -> np.ndarray:
        """Each first-stage unit's stratum."""
        stratum = np.zeros(self._units.max() + 1 if self.respondents else 0, np.intp)
        stratum[self._units] = self._strata
        return stratum

    @cached_property
    def _stage_one(self) -> tuple[np.ndarray, np.ndarray]:
        """Per stratum: its number of PSUs and the scale (1 - f) n / (n - 1) of its sum of
        squares (f the sampling fraction; n / (n - 1) left out for a lonely PSU)."""
        strata = self._unit_stratum
        count = np.bincount(strata, minlength=strata.max() + 1 if len(strata) else 0)
        fraction = np.zeros(len(count))
        if self.population:
            population = np.full(len(count), np.inf)
            population[self._strata] = self.population[0]
            fraction = np.where(np.isinf(population), 0.0, count / population)
        return count, _scale(count, fraction)

    @cached_property
    def _stage_two(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """With two stages and population sizes for both (R's condition): each second-stage
        unit's PSU, and per PSU the scale of its sum of squares times the PSU's sampling
        fraction (what R's ``multistage`` multiplies the second stage by)."""
        if self.ssu is None or len(self.population) < 2:
            return None
        units = self.ssu.astype(np.intp)
        psu_of = np.zeros(units.max() + 1, np.intp)
        psu_of[units] = self._units
        count = np.bincount(psu_of, minlength=self._units.max() + 1).astype(float)
        population = np.full(len(count), np.inf)
        population[self._units] = self.population[1]
        fraction = np.where(np.isinf(population), 0.0, count / population)
        first_count, _ = self._stage_one
        first_population = np.full(len(first_count), np.inf)
        first_population[self._strata] = self.population[0]
        first_fraction = (first_count / first_population)[self._unit_stratum]
        return psu_of, _scale(count, fraction) * first_fraction, count

    def _lonely(self, stratum: int, stage: int = 1) -> None:
        name = self.stratum_names[stratum] if stratum < len(self.stratum_names) \
            else str(stratum)
        raise StatsError(f"design: stratum '{name}' has only one PSU at stage {stage}; "
                         "declare design.lonely_psu (certainty, remove, adjust or average) "
                         "to say how it counts")


def _scale(count: np.ndarray, fraction: np.ndarray) -> np.ndarray:
    """(1 - f) n / (n - 1) per stratum (n / (n - 1) left out for a single unit); zero for a
    stratum sampled whole (R: every unit a certainty, no contribution)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = (1 - fraction) * np.where(count > 1, count / (count - 1), 1.0)
    return np.where(1 - fraction < 1e-7, 0.0, scale)


@dataclass(frozen=True)
class Ratios:
    """K ratios over T cells: estimate k is (alpha_k . W + beta_k . WX) / (delta_k . W +
    epsilon_k . WX), W and WX the weights' and the weighted values' sums per cell."""

    alpha: np.ndarray
    delta: np.ndarray
    beta: np.ndarray | None = None
    epsilon: np.ndarray | None = None

    def values(self, sums: np.ndarray, value_sums: np.ndarray | None) -> tuple[np.ndarray,
                                                                               np.ndarray]:
        """(ratios, denominators) for cell sums ``sums`` (.., T) and ``value_sums``."""
        numerator = sums @ self.alpha.T
        denominator = sums @ self.delta.T
        if self.beta is not None:
            numerator = numerator + value_sums @ self.beta.T
        if self.epsilon is not None:
            denominator = denominator + value_sums @ self.epsilon.T
        with np.errstate(invalid="ignore", divide="ignore"):
            return numerator / denominator, denominator

    @property
    def domains(self) -> np.ndarray:
        """K x T: the cells in each ratio's denominator (its domain)."""
        domain = self.delta != 0
        return domain if self.epsilon is None else domain | (self.epsilon != 0)


@dataclass(frozen=True)
class Estimates:
    estimate: np.ndarray
    covariance: np.ndarray
    """K x K."""
    respondents: np.ndarray
    """Per estimate, the respondents of its domain (who count in its denominator)."""
    df: np.ndarray
    """Per estimate, the design's degrees of freedom in its domain (R's ``degf`` of the
    subset): PSUs less strata, or the replicate weights' rank less one."""
    srs_variance: np.ndarray | None = None
    """Per estimate, the variance a simple random sample of the domain's size would give
    (R's ``deff = "replace"``): the weighted variance of the ratio's linearised variable
    times n / (n - 1), over n."""
    logit_variance: np.ndarray | None = None
    """Per estimate, the variance of its logit: the delta method's, variance / (p (1 -
    p))^2, under linearisation; the replicates' logits' own with replicate weights (what
    R's ``svyglm`` gives a replicate design)."""

    @property
    def variance(self) -> np.ndarray:
        return np.diag(self.covariance).copy()

    @property
    def design_effect(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.variance / self.srs_variance


class Cells:
    """Each respondent's cell (-1: in none) and the sums the variances need, each computed
    once: an estimate of a crosstab's shares, its test and its cells' comparisons all read
    the same sums (a pass over the respondents each, not one per estimate)."""

    def __init__(self, design: SampleDesign, cells: np.ndarray, n_cells: int,
                 values: np.ndarray | None = None, known: dict[str, np.ndarray] | None = None):
        """``known``: sums per cell already counted (``one``, ``w``, ``w2``: a crosstab's
        counts, weights' and squared weights' sums)."""
        self.design = design
        self.cells = np.asarray(cells, dtype=np.intp)
        self.n_cells = n_cells
        self.values = values
        self.inside = self.cells >= 0
        self._found: dict[tuple, np.ndarray] = {
            (None, name): np.asarray(sums, dtype=float).reshape(1, n_cells)
            for name, sums in (known or {}).items()}

    def _weights(self, name: str) -> np.ndarray:
        weights, values = self.design.weights, self.values
        return {"one": lambda: np.ones(len(weights)), "w": lambda: weights,
                "w2": lambda: weights ** 2, "wx": lambda: weights * values,
                "wxx": lambda: weights * values ** 2, "w2x": lambda: weights ** 2 * values,
                "w2xx": lambda: (weights * values) ** 2}[name]()

    def sums(self, name: str) -> np.ndarray:
        """Per cell, the sum of ``name`` (``one``, ``w``, ``w2``, ``wx``...)."""
        return self.grouped(None, name)[0]

    def grouped(self, level: str | None, name: str) -> np.ndarray:
        """Groups x cells: the sums of ``name`` per stratum (``strata``), first-stage unit
        (``units``) or second-stage unit (``ssu``); one group for ``None``."""
        key = (level, name)
        if level == "strata" and len(self.design._stage_one[0]) == 1:
            key = (None, name)  # one stratum: its sums are the cells'
        if key not in self._found:
            design = self.design
            groups, n_groups = {
                None: (np.zeros(design.respondents, np.intp), 1),
                "strata": (design._strata, len(design._stage_one[0])),
                "units": (design._units, len(design._unit_stratum)),
                "ssu": (None if design.ssu is None else design.ssu.astype(np.intp),
                        0 if design._stage_two is None else len(design._stage_two[0])),
            }[key[0]]
            self._found[key] = _group_sums(groups, n_groups, self.cells, self.inside,
                                           self.n_cells, self._weights(name))
        return self._found[key]

    def replicated(self, name: str) -> np.ndarray:
        """Replicates x cells: the replicate weights' sums (``w``), or of their products
        with the values (``wx``)."""
        key = ("replicates", name)
        if key not in self._found:
            replication = self.design.replication
            index = self.cells[self.inside]
            columns = replication.weights.shape[1]
            found = np.empty((columns, self.n_cells))
            for r in range(columns):
                weights = replication.weights[:, r][self.inside]
                if name == "wx":
                    weights = weights * self.values[self.inside]
                found[r] = np.bincount(index, weights=weights, minlength=self.n_cells)
            self._found[key] = found
        return self._found[key]


def estimate(design: SampleDesign, cells: np.ndarray | Cells, n_cells: int, ratios: Ratios,
             values: np.ndarray | None = None, contrast: np.ndarray | None = None
             ) -> Estimates:
    """The ratios' estimates and design covariance; with ``contrast`` (L x K), of the
    linear combinations of the ratios it holds. ``cells`` holds each respondent's cell
    (-1: in none), or is a ``Cells`` of them shared by several estimates; ``values`` the x
    of the ratios' beta and epsilon."""
    if not isinstance(cells, Cells):
        cells = Cells(design, cells, n_cells, values)
    sums = cells.sums("w")
    value_sums = None if cells.values is None else cells.sums("wx")
    ratio, denominator = ratios.values(sums, value_sums)
    counts = cells.sums("one")
    domains = ratios.domains
    respondents = domains @ counts
    if design.replication is None:
        a, b = _influence(ratios, ratio, denominator)
        covariance = _linearised(design, cells, a, b, contrast)
        df = _linearised_df(design, cells, domains)
        logit_variance = None
    else:
        covariance, logit_variance = _replicated(design.replication, cells, ratios, ratio,
                                                 contrast)
        df = _replicated_df(design.replication, cells, domains)
    srs = _srs_variance(cells, ratios, ratio, counts)
    if contrast is not None:
        ratio = contrast @ ratio
        respondents = np.abs(contrast) @ respondents
        df = np.array([df[np.flatnonzero(row)].min() for row in contrast])
        srs = np.abs(contrast) @ srs
    if logit_variance is None:
        with np.errstate(invalid="ignore", divide="ignore"):
            logit_variance = np.diag(covariance) / (ratio * (1 - ratio)) ** 2
    return Estimates(ratio, covariance, respondents, df.astype(float), srs, logit_variance)


def _influence(ratios: Ratios, ratio: np.ndarray, denominator: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray | None]:
    """The linearised influence per cell: z = w (a[cell] + b[cell] x)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(denominator != 0, 1 / denominator, 0.0)[:, None]
        a = (ratios.alpha - np.nan_to_num(ratio)[:, None] * ratios.delta) * scale
        b = None
        if ratios.beta is not None or ratios.epsilon is not None:
            beta = ratios.beta if ratios.beta is not None else np.zeros_like(ratios.alpha)
            epsilon = ratios.epsilon if ratios.epsilon is not None else np.zeros_like(
                ratios.alpha)
            b = (beta - np.nan_to_num(ratio)[:, None] * epsilon) * scale
    return a, b


def _group_sums(groups: np.ndarray, n_groups: int, cells: np.ndarray, inside: np.ndarray,
                n_cells: int, weights: np.ndarray) -> np.ndarray:
    """Groups x cells: ``weights`` summed per group and cell."""
    index = groups[inside] * n_cells + cells[inside]
    return np.bincount(index, weights=weights[inside], minlength=n_groups * n_cells
                       ).reshape(n_groups, n_cells)


def _totals(cells: Cells, level: str, a, b) -> np.ndarray:
    """Units x K: the influence's totals per unit."""
    totals = cells.grouped(level, "w") @ a.T
    if b is not None:
        totals += cells.grouped(level, "wx") @ b.T
    return totals


def _linearised(design: SampleDesign, cells: Cells, a, b, contrast) -> np.ndarray:
    if contrast is not None:
        a = contrast @ a
        b = None if b is None else contrast @ b
    count, scale = design._stage_one
    if design.psu is None:
        covariance = _respondent_units(design, cells, a, b, count, scale)
    else:
        totals = _totals(cells, "units", a, b)
        covariance = _centred(design, totals, design._unit_stratum, count, scale)
    second = design._stage_two
    if second is not None:
        psu_of, second_scale, second_count = second
        totals = _totals(cells, "ssu", a, b)
        covariance = covariance + _centred(design, totals, psu_of, second_count,
                                           second_scale, stage=2)
    return covariance


def _centred(design: SampleDesign, totals: np.ndarray, stratum_of: np.ndarray,
             count: np.ndarray, scale: np.ndarray, stage: int = 1) -> np.ndarray:
    """sum_h scale_h sum_j (t_hj - mean_h)(t_hj - mean_h)' over units j of stratum h, with
    R's treatment of a stratum of one unit."""
    sums = np.zeros((len(count), totals.shape[1]))
    np.add.at(sums, stratum_of, totals)
    means = sums / np.maximum(count, 1)[:, None]
    lonely = (count == 1) & (scale > 0)
    centred = totals - means[stratum_of]
    if lonely.any():
        centred = _lonely_units(design, centred, totals, stratum_of, lonely, stage)
    covariance = (centred * scale[stratum_of][:, None]).T @ centred
    if lonely.any() and design.lonely_psu == "average":
        strata = (count > 0).sum()
        covariance = covariance * strata / (strata - lonely.sum())
    return covariance


def _lonely_units(design, centred, totals, stratum_of, lonely, stage):
    if design.lonely_psu == "fail":
        design._lonely(int(np.flatnonzero(lonely)[0]), stage)
    alone = lonely[stratum_of]
    if design.lonely_psu == "adjust":  # about the grand mean (zero), not the stratum's
        centred[alone] = totals[alone]
    else:  # certainty, remove: no contribution; average: the others' mean (scaled after)
        centred[alone] = 0.0
    return centred


def _respondent_units(design: SampleDesign, cells: Cells, a, b, count, scale) -> np.ndarray:
    """Each respondent its own PSU: per stratum, sum z z' and sum z from the weights' sums
    and squares per cell (z = w (a + b x) is the same function within a cell)."""
    first = cells.grouped("strata", "w") @ a.T
    products = np.einsum("ht,kt,lt->hkl", cells.grouped("strata", "w2"), a, a)
    if b is not None:
        first += cells.grouped("strata", "wx") @ b.T
        w2x = cells.grouped("strata", "w2x")
        products += (np.einsum("ht,kt,lt->hkl", w2x, a, b)
                     + np.einsum("ht,kt,lt->hkl", w2x, b, a)
                     + np.einsum("ht,kt,lt->hkl", cells.grouped("strata", "w2xx"), b, b))
    lonely = (count == 1) & (scale > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = products - np.einsum("hk,hl->hkl", first, first) / np.maximum(count, 1
                                                                                )[:, None, None]
    if lonely.any():
        if design.lonely_psu == "fail":
            design._lonely(int(np.flatnonzero(lonely)[0]))
        if design.lonely_psu == "adjust":
            spread[lonely] = products[lonely]
        else:
            spread[lonely] = 0.0
    covariance = np.einsum("h,hkl->kl", scale, spread)
    if lonely.any() and design.lonely_psu == "average":
        present = (count > 0).sum()
        covariance = covariance * present / (present - lonely.sum())
    return covariance


def _linearised_df(design: SampleDesign, cells: Cells, domains) -> np.ndarray:
    """PSUs less strata among each domain's respondents (R's ``degf`` of the subset)."""
    domains = domains.astype(float)
    strata_present = (cells.grouped("strata", "one") @ domains.T > 0).sum(axis=0)
    if design.psu is None:
        return cells.sums("one") @ domains.T - strata_present
    present = cells.grouped("units", "one") @ domains.T
    return (present > 0).sum(axis=0) - strata_present


def _replicated(replication: Replication, cells: Cells, ratios, full, contrast):
    sums = cells.replicated("w")
    value_sums = None if cells.values is None else cells.replicated("wx")
    thetas, _ = ratios.values(sums, value_sums)
    if contrast is not None:
        thetas = thetas @ contrast.T
        full = contrast @ full
    with np.errstate(invalid="ignore", divide="ignore"):
        logits = np.log(thetas / (1 - thetas))
        logit_variance = np.diag(replicate_variance(logits, replication,
                                                    np.log(full / (1 - full))))
    # A replicate whose share is 0 or 1 has an infinite logit: so is the variance (R's
    # logistic fit diverges there, its interval [0, 1]).
    logit_variance = np.where(np.isinf(logits).any(axis=0), np.inf, logit_variance)
    return replicate_variance(thetas, replication, full), logit_variance


def replicate_variance(thetas: np.ndarray, replication: Replication, full: np.ndarray
                       ) -> np.ndarray:
    """``survey::svrVar``: scale sum_r rscale_r (theta_r - centre)(theta_r - centre)'."""
    rscales = replication.rscales
    centre = full if replication.mse else thetas[rscales > 0].mean(axis=0)
    spread = (thetas - centre) * np.sqrt(rscales)[:, None]
    return replication.scale * spread.T @ spread


def _replicated_df(replication: Replication, cells: Cells, domains) -> np.ndarray:
    """The rank of the replicate weights of each domain's respondents, less one (R's
    ``degf`` of the subset of a replicate design)."""
    index, rows = replication.patterns
    found = {}
    result = []
    for domain in domains:
        key = domain.tobytes()
        if key not in found:
            chosen = cells.inside & np.isin(cells.cells, np.flatnonzero(domain))
            patterns = rows[np.unique(index[chosen])]
            found[key] = np.linalg.matrix_rank(patterns, tol=1e-5 * max(1.0, np.abs(
                patterns).max(initial=0.0))) - 1 if len(patterns) else np.nan
        result.append(found[key])
    return np.array(result, dtype=float)


def _srs_variance(cells: Cells, ratios, ratio, counts) -> np.ndarray:
    """R's variance under simple random sampling with replacement of the domain's size
    (``deff = "replace"``): svyvar of the ratio's linearised variable, y - R d, over n."""
    w_sums = cells.sums("w")
    a, b = ratios.alpha - np.nan_to_num(ratio)[:, None] * ratios.delta, None
    if ratios.beta is not None or ratios.epsilon is not None:
        zeros = np.zeros_like(ratios.alpha)
        b = ((ratios.beta if ratios.beta is not None else zeros)
             - np.nan_to_num(ratio)[:, None]
             * (ratios.epsilon if ratios.epsilon is not None else zeros))
    # The ratio's variable e = a + b x per respondent, about the domain's weighted mean.
    squares = w_sums @ (a ** 2).T
    first = w_sums @ a.T
    denominator = w_sums @ ratios.delta.T
    if b is not None:
        wx, wxx = cells.sums("wx"), cells.sums("wxx")
        squares = squares + 2 * (wx @ (a * b).T) + wxx @ (b ** 2).T
        first = first + wx @ b.T
        if ratios.epsilon is not None:
            denominator = denominator + wx @ ratios.epsilon.T
    domains = ratios.domains.astype(float)
    total = domains @ w_sums
    n = domains @ counts
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = first / total
        spread = squares / total - mean ** 2
        # svyvar is of the mean's variable: a ratio whose denominator is not the
        # respondents' count (shares of mentions) scales it by (sum w / sum w d)^2.
        return spread * n / (n - 1) / n * (total / denominator) ** 2
