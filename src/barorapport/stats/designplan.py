"""From report.yaml's ``design:`` and the survey's design columns to the ``SampleDesign``
every variance is computed on.

Input: a ``Survey`` (its ``design`` frame: strata, clusters, fpc, replicate weights), the
respondents' final weights and the declarations. Output: a ``SampleDesign``; a
``StatsError`` with report.yaml's place when the columns do not make a design (a finite
population correction that varies within a stratum, or smaller than the sample).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..config.base import load_yaml, where
from ..config.weighting import Design
from ..errors import StatsError
from ..survey import Survey
from .design import Replication, SampleDesign


@dataclass(frozen=True)
class DesignSummary:
    """What the methods note and the console say about the design."""

    strata: int = 0
    stratum_column: str | None = None
    psus: int = 0
    cluster_columns: tuple[str, ...] = ()
    second_stage_units: int = 0
    fpc: bool = False
    replicates: int = 0
    replicate_method: str | None = None
    lonely_psu: str = "fail"

    @property
    def variance(self) -> str:
        """``linearisation`` or ``replicates``."""
        return "replicates" if self.replicates else "linearisation"


def _place(report_path: Path | None, *loc) -> str:
    if report_path is None:
        return "report.yaml: design." + ".".join(map(str, loc))
    return where(report_path, load_yaml(report_path), ("design", *loc))


def sample_design(survey: Survey, design: Design | None, weights: np.ndarray,
                  report_path: Path | None = None,
                  replicate_weights: np.ndarray | None = None
                  ) -> tuple[SampleDesign, DesignSummary]:
    """The design of ``survey`` with the final ``weights`` (and the replicates' final
    weights, raked like the full weights when report.yaml rakes)."""
    frame = survey.design if survey.design is not None else pd.DataFrame(
        index=survey.answers.index)
    n = survey.respondents
    if design is None:
        return SampleDesign(weights=weights), DesignSummary()
    if design.replicates is not None:
        return _replicated(design, frame, weights, report_path, replicate_weights)
    strata, names = (np.zeros(n, np.intp), ("",)) if design.strata is None else \
        _codes(frame["strata"])
    psu = ssu = None
    if design.clusters:
        psu, _ = _codes(pd.Series(strata.astype(str), index=frame.index) + "\0"
                        + frame["cluster1"].astype(str))
    if len(design.clusters) == 2:
        ssu, _ = _codes(pd.Series(psu.astype(str), index=frame.index) + "\0"
                        + frame["cluster2"].astype(str))
    corrections = [frame[f"fpc{stage}"].to_numpy(float)
                   for stage in range(1, len(design.fpc) + 1)]
    sizes = _kind_of_corrections(corrections, report_path)
    population = tuple(
        _population(values, *groups, sizes, report_path, stage)
        for stage, (values, groups) in enumerate(
            zip(corrections, _stage_groups(strata, psu, ssu, n), strict=False), start=1))
    sample = SampleDesign(weights=weights, strata=None if design.strata is None else strata,
                          psu=psu, ssu=ssu, population=population,
                          lonely_psu=design.lonely_psu, stratum_names=names)
    summary = DesignSummary(
        strata=len(names) if design.strata else 0, stratum_column=design.strata,
        psus=len(np.unique(psu)) if psu is not None else 0,
        cluster_columns=tuple(design.clusters),
        second_stage_units=len(np.unique(ssu)) if ssu is not None else 0,
        fpc=bool(design.fpc), lonely_psu=design.lonely_psu)
    return sample, summary


def _codes(values: pd.Series) -> tuple[np.ndarray, tuple[str, ...]]:
    codes, uniques = pd.factorize(values.astype(str), sort=True)
    return codes.astype(np.intp), tuple(str(value) for value in uniques)


def _stage_groups(strata, psu, ssu, n):
    """Per stage: the groups its population sizes are given for (stage one: strata; stage
    two: PSUs) and the units counted in them (PSUs, else respondents; second-stage units)."""
    first_units = psu if psu is not None else np.arange(n)
    stages = [(strata, first_units)]
    if ssu is not None:
        stages.append((psu, ssu))
    return stages


def _kind_of_corrections(corrections: list[np.ndarray], report_path: Path | None) -> bool:
    """Whether the corrections are population sizes (some over 1, none under 1) rather
    than sampling fractions (none over 1), over every stage at once as R's ``as.fpc``."""
    if not corrections:
        return True
    values = np.concatenate(corrections)
    sizes = bool((values > 1).any())
    if sizes and (values < 1).any():
        stage = next(index for index, column in enumerate(corrections) if (column < 1).any())
        raise StatsError(f"{_place(report_path, 'fpc', stage)}: the finite population "
                         "corrections mix sampling fractions (under 1) and population sizes "
                         "(over 1): give one kind")
    return sizes


def _population(values: np.ndarray, groups: np.ndarray, units: np.ndarray, sizes: bool,
                report_path: Path | None, stage: int) -> np.ndarray:
    """Each respondent's population size of the stage's units in its group, as R's
    ``as.fpc``: population sizes, or sampling fractions (population = units sampled /
    fraction); one value per group; no population smaller than its sample."""
    here = _place(report_path, "fpc", stage - 1)
    sampled = pd.Series(units).groupby(groups).nunique().reindex(
        range(groups.max() + 1), fill_value=0).to_numpy(dtype=float)
    population = values.copy() if sizes else sampled[groups] / values
    spread = pd.Series(population).groupby(groups).agg(["min", "max"])
    varying = spread.index[~np.isclose(spread["min"], spread["max"], rtol=1e-9)]
    if len(varying):
        raise StatsError(f"{here}: the population size varies within a "
                         f"{'stratum' if stage == 1 else 'PSU'} ({len(varying)} of them): "
                         "expected one value for all its respondents")
    smaller = np.flatnonzero(population < sampled[groups] - 1e-9)
    if len(smaller):
        raise StatsError(f"{here}: a population of {population[smaller[0]]:g} units is "
                         f"smaller than the {sampled[groups][smaller[0]]:g} sampled in its "
                         f"{'stratum' if stage == 1 else 'PSU'}")
    return population


def _replicated(design: Design, frame: pd.DataFrame, weights: np.ndarray,
                report_path: Path | None, replicate_weights: np.ndarray | None
                ) -> tuple[SampleDesign, DesignSummary]:
    spec = design.replicates
    if replicate_weights is None:
        replicate_weights = replicate_columns(frame)
    count = replicate_weights.shape[1]
    if spec.rscales is not None and len(spec.rscales) != count:
        raise StatsError(f"{_place(report_path, 'replicates', 'rscales')}: "
                         f"{len(spec.rscales)} rscales for {count} replicate weight columns")
    if count < 2:
        raise StatsError(f"{_place(report_path, 'replicates', 'columns')}: {count} replicate "
                         "weight column(s); a variance needs at least 2")
    scale = spec.scale if spec.scale is not None else default_scale(spec.method, count,
                                                                    spec.rho)
    rscales = np.ones(count) if spec.rscales is None else np.asarray(spec.rscales, float)
    replication = Replication(np.asfortranarray(replicate_weights), spec.method, scale,
                              rscales, spec.mse)
    return (SampleDesign(weights=weights, replication=replication),
            DesignSummary(replicates=count, replicate_method=spec.method))


def replicate_columns(frame: pd.DataFrame) -> np.ndarray:
    """Respondents x replicates: the replicate weights of the survey's design frame."""
    columns = [column for column in frame.columns if column.startswith("replicate:")]
    return frame[columns].to_numpy(dtype=float)


def default_scale(method: str, replicates: int, rho: float | None) -> float:
    """R's ``svrepdesign`` defaults (with combined weights)."""
    if method == "JK1":
        return (replicates - 1) / replicates
    if method == "BRR":
        return 1 / replicates
    if method == "Fay":
        return 1 / (replicates * (1 - rho) ** 2)
    if method == "bootstrap":
        return 1 / (replicates - 1)
    return 1.0
