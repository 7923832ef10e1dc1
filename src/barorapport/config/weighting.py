"""The design and weighting declarations of ``report.yaml`` (``design:``, ``weighting:``,
``intervals:``, ``multiple_testing:``): light models, no stage.

Input: those mappings of report.yaml. Output: validated, frozen models: ``Design`` (how
the respondents were drawn: weights, strata, clusters, fpc or replicate weights, which
``stats.design`` turns into variances), ``Weighting`` (raking, which ``stats.weights`` turns
into one weight per respondent), the interval's method and the multiple-testing family
(docs/statistics.md).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from .base import StrictModel

TOTAL_TOLERANCE = 1e-6
"""How far from 1 the target shares of a margin may add up (rounding of published tables)."""


def _as_code(value: Any) -> Any:
    """YAML reads ``1`` as a number: codes are always strings."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Code = Annotated[str, BeforeValidator(_as_code), Field(min_length=1)]


class Margin(StrictModel):
    question: Code
    """Id of a single-choice question every respondent answered (function, region...)."""
    targets: dict[Code, Annotated[float, Field(gt=0, le=1)]]
    """Option code to its share in the population (over 0, up to 1); the shares add up to
    1. An option nobody chose may be left out; one somebody chose may not."""
    source: str = Field(min_length=1)
    """Where the target shares come from (printed in the methods note)."""

    @model_validator(mode="after")
    def _adds_up(self):
        total = sum(self.targets.values())
        if abs(total - 1) > TOTAL_TOLERANCE:
            raise ValueError(f"the target shares of margin '{self.question}' add up to "
                             f"{total:g}, not 1")
        return self


class Trim(StrictModel):
    min: float = Field(default=0.0, ge=0, lt=1)
    """Smallest weight allowed, as a multiple of the mean weight (0: no lower bound)."""
    max: float | None = Field(default=None, gt=1)
    """Largest weight allowed, as a multiple of the mean weight (none: no upper bound)."""


class Weighting(StrictModel):
    margins: list[Margin] = Field(min_length=1)
    """Raking (iterative proportional fitting) to these margins, in this order."""
    trim: Trim = Trim()
    """Bounds on the weights, imposed at every raking step."""
    max_iterations: int = Field(default=100, ge=1)
    """Raking sweeps before giving up (an error naming the margin furthest from target)."""
    tolerance: float = Field(default=1e-6, gt=0, lt=0.01)
    """Largest gap allowed between a weighted share and its target once converged."""


def _as_list(value: Any) -> Any:
    """One column may be written alone: ``clusters: school`` is ``clusters: [school]``."""
    return [value] if isinstance(value, str) else value


Columns = Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_as_list)]

ReplicateMethod = Literal["JK1", "JKn", "BRR", "Fay", "bootstrap"]
LonelyPsu = Literal["fail", "certainty", "remove", "adjust", "average"]


class Replicates(StrictModel):
    columns: Annotated[list[Annotated[str, Field(min_length=1)]] | str, Field(min_length=1)]
    """The replicate weights' columns: a list of headings, or one pattern with ``*``
    (``repw*``: every heading that matches, in the export's order). Each holds the
    replicate's full weights, as R's ``svrepdesign(combined.weights = TRUE)`` reads them."""
    method: ReplicateMethod
    """How the replicates were made: ``JK1`` (delete-one-PSU jackknife), ``JKn``
    (stratified jackknife), ``BRR`` (balanced repeated replication), ``Fay`` (BRR with
    Fay's factor ``rho``), ``bootstrap``."""
    rho: float | None = Field(default=None, gt=0, lt=1)
    """Fay's factor (``Fay`` only): the replicate weights are 1 ± (1 - rho) times the full
    weights."""
    scale: float | None = Field(default=None, gt=0)
    """The variance's overall factor; by default R's: (R - 1) / R for ``JK1``, 1 / R for
    ``BRR``, 1 / (R (1 - rho)^2) for ``Fay``, 1 / (R - 1) for ``bootstrap``, 1 for ``JKn``
    (R replicates)."""
    rscales: list[Annotated[float, Field(ge=0)]] | None = None
    """One factor per replicate (``JKn``: (n_h - 1) / n_h of the replicate's stratum,
    required); 1 by default."""
    mse: bool = False
    """Spread the replicates about the full-sample estimate rather than about their mean
    (R's ``mse = TRUE``)."""

    @model_validator(mode="after")
    def _method_settings(self):
        if self.method == "Fay" and self.rho is None:
            raise ValueError("method 'Fay' needs rho, Fay's factor (for example 0.5)")
        if self.method != "Fay" and self.rho is not None:
            raise ValueError(f"rho is Fay's factor: method '{self.method}' takes none")
        if self.method == "JKn" and self.rscales is None:
            raise ValueError("method 'JKn' needs rscales: (n_h - 1) / n_h for each "
                             "replicate, n_h the PSUs of its stratum")
        if (self.rscales is not None and isinstance(self.columns, list)
                and len(self.rscales) != len(self.columns)):
            raise ValueError(f"rscales has {len(self.rscales)} value(s) for "
                             f"{len(self.columns)} replicate column(s)")
        return self


class Design(StrictModel):
    weights: str | None = Field(default=None, min_length=1)
    """The column of each respondent's sampling weight (a positive number), computed
    outside barorapport; without it every respondent weighs the same. (Also read from the
    questionnaire's ``responses.weight_column``.)"""
    strata: str | None = Field(default=None, min_length=1)
    """The column of each respondent's stratum (the first stage's)."""
    clusters: Columns = []
    """The columns of the clusters: one for a one-stage cluster sample (the primary
    sampling units: schools, households...), two for a two-stage one (PSUs, then the units
    drawn in each). Clusters are told apart within their stratum (the second stage's within
    their PSU), as R's ``nest = TRUE``. None: each respondent is drawn alone."""
    fpc: Columns = []
    """Finite population corrections, one column per stage (one without clusters): the
    population's number of units of that stage in the respondent's stratum (of PSUs) or
    PSU (of second-stage units), or the sampling fraction (numbers up to 1), as R's
    ``svydesign(fpc = )``. None: sampling with replacement."""
    replicates: Replicates | None = None
    """Replicate weights, which carry the design's strata and clusters themselves: then
    no ``strata``, ``clusters`` nor ``fpc``."""
    lonely_psu: LonelyPsu = "fail"
    """A stratum with a single PSU has no variance of its own: ``fail`` (an error naming
    it, by default), ``certainty`` or ``remove`` (it adds nothing), ``adjust`` (its PSU is
    compared with the whole sample's mean), ``average`` (the other strata's average), as
    R's ``survey.lonely.psu``."""

    @model_validator(mode="after")
    def _coherent(self):
        if self.replicates is not None and (self.strata or self.clusters or self.fpc):
            raise ValueError("replicate weights carry the strata and clusters: declare "
                             "either replicates or strata, clusters and fpc")
        if len(self.clusters) > 2:
            raise ValueError(f"{len(self.clusters)} stages of clusters: one or two are "
                             "supported")
        stages = max(1, len(self.clusters))
        if self.fpc and len(self.fpc) != stages:
            raise ValueError(f"fpc has {len(self.fpc)} column(s) for {stages} stage(s) of "
                             "sampling: one per stage")
        return self

    @property
    def simple(self) -> bool:
        """Nothing but (maybe) weights: each respondent drawn alone, with replacement."""
        return not (self.strata or self.clusters or self.fpc or self.replicates)


IntervalMethod = Literal["wilson", "korn-graubard", "logit"]


class MultipleTesting(StrictModel):
    family: Literal["table", "publication"] = "table"
    """Which tests are corrected together: each crosstab's cell tests (``table``, by
    default), or every test of independence and every cell test of the publication at
    once (``publication``), so that the flags hold for the publication as a whole."""
    method: Literal["holm", "benjamini-hochberg"] = "holm"
    """The correction: Holm's step-down method (the family-wise error rate) or
    Benjamini and Hochberg's (the false discovery rate)."""
