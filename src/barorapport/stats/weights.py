"""Respondent weights: the export's weight column, or raking to margins of report.yaml.

Input: a ``Survey`` (its ``weights`` when the questionnaire names a ``weight_column``) and
the ``weighting`` declarations of report.yaml. Output: ``Weights``, one weight per
respondent (mean 1) with the convergence report, or None when nothing is declared (every
figure then counts respondents, as before).

Raking (iterative proportional fitting, Deming and Stephan 1940): starting from the column's
weights (or 1), each margin in turn scales the weights of each option's respondents so that
their weighted share equals the target; the trimming bounds are imposed after each sweep;
the sweeps stop when every weighted share is within ``tolerance`` of its target. Why it is
written here rather than taken from weightipy or samplics: docs/statistics.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config.base import load_yaml, where
from ..config.weighting import Design, Weighting
from ..errors import StatsError
from ..survey import Survey
from .counts import category_codes
from .design import SampleDesign
from .designplan import DesignSummary, replicate_columns, sample_design


@dataclass(frozen=True)
class MarginFit:
    """One margin after raking: the sample's shares, the targets and the weighted shares."""

    question: str
    source: str
    targets: dict[str, float]
    sample: dict[str, float]
    """Unweighted share of each option among the respondents."""
    weighted: dict[str, float]
    """Weighted share of each option once raked."""

    @property
    def max_deviation(self) -> float:
        return max(abs(self.weighted[code] - self.targets.get(code, 0.0))
                   for code in self.weighted)


@dataclass(frozen=True)
class Weights:
    """One weight per respondent of ``survey.answers`` (same order), scaled to mean 1."""

    values: np.ndarray
    method: str
    """``column`` (the export's weights), ``raking``, ``column+raking`` (raked from them),
    or ``equal`` (an unweighted design with strata or clusters)."""
    column: str | None = None
    margins: tuple[MarginFit, ...] = ()
    iterations: int = 0
    max_deviation: float = 0.0
    """Largest gap between a weighted share and its target at the end (raking)."""
    trim_min: float = 0.0
    trim_max: float | None = None
    trimmed: int = 0
    """Respondents whose weight sits on a trimming bound."""
    design: SampleDesign | None = None
    """The sampling design every variance is computed on (these weights included)."""
    summary: DesignSummary = DesignSummary()
    """The design's strata, clusters and replicates, for the methods note."""

    @property
    def respondents(self) -> int:
        return len(self.values)

    @property
    def effective_base(self) -> float:
        """Kish's effective sample size, (sum w)^2 / sum w^2."""
        return float(self.values.sum() ** 2 / (self.values ** 2).sum())

    @property
    def design_effect(self) -> float:
        """Kish's design effect of weighting, 1 + the squared coefficient of variation."""
        return self.respondents / self.effective_base

    @property
    def smallest(self) -> float:
        return float(self.values.min())

    @property
    def largest(self) -> float:
        return float(self.values.max())


def survey_weights(survey: Survey, weighting: Weighting | None,
                   report_path: Path | None = None, design: Design | None = None
                   ) -> Weights | None:
    """The weights and design the survey declares, or None for a simple random sample
    counted respondent by respondent. ``report_path`` places errors."""
    column = (design.weights if design is not None and design.weights else None) \
        or survey.questionnaire.responses.weight_column
    if weighting is None:
        if survey.weights is None:
            if design is None or design.simple:
                return None
            weights = Weights(values=np.ones(survey.respondents), method="equal")
        else:
            values = survey.weights.to_numpy(dtype=float)
            weights = Weights(values=values / values.mean(), method="column", column=column)
        replicates = None
    else:
        start = (np.ones(survey.respondents) if survey.weights is None
                 else survey.weights.to_numpy(dtype=float))
        weights = rake(survey, weighting, start, report_path, column)
        replicates = _raked_replicates(survey, weighting, design, report_path)
    sample, summary = sample_design(survey, design, weights.values, report_path, replicates)
    return dataclasses.replace(weights, design=sample, summary=summary)


def _raked_replicates(survey: Survey, weighting: Weighting, design: Design | None,
                      report_path: Path | None) -> np.ndarray | None:
    """Each replicate's weights raked to the same margins (R's ``rake`` of a replicate
    design), so that the replicates carry the raking's variance too."""
    if design is None or design.replicates is None or survey.design is None:
        return None
    columns = replicate_columns(survey.design)
    raked = [rake(survey, weighting, columns[:, r], report_path).values
             for r in range(columns.shape[1])]
    return np.column_stack(raked)


def _place(report_path: Path | None, *loc) -> str:
    if report_path is None:
        return "report.yaml"
    return where(report_path, load_yaml(report_path), ("weighting", *loc))


def _margin_codes(survey: Survey, weighting: Weighting, report_path: Path | None
                  ) -> list[tuple[np.ndarray, np.ndarray, list[str]]]:
    """Per margin: each respondent's option position, the target shares, the option codes."""
    margins = []
    for index, margin in enumerate(weighting.margins):
        here = _place(report_path, "margins", index)
        try:
            question = survey.questionnaire.question(margin.question)
        except KeyError:
            question = None
        if question is None or question.type != "single":
            choices = ", ".join(q.id for q in survey.questionnaire.questions
                                if q.type == "single")
            raise StatsError(f"{here}: margin '{margin.question}' is not a single-choice "
                             f"question of the questionnaire (expected one of: {choices})")
        codes = [option.code for option in question.options]
        unknown = [code for code in margin.targets if code not in codes]
        if unknown:
            here = _place(report_path, "margins", index, "targets", unknown[0])
            raise StatsError(f"{here}: margin '{margin.question}': '{unknown[0]}' is not an "
                             f"option of {question.id} (expected one of: {', '.join(codes)})")
        positions = category_codes(survey.answers[question.id], codes)
        missing = np.flatnonzero(positions < 0)
        if len(missing):
            shown = ", ".join(str(survey.answers.index[i]) for i in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            raise StatsError(f"{here}: margin '{margin.question}': {len(missing)} respondent(s) "
                             f"did not answer {question.id} ({shown}{more}); raking needs "
                             "every respondent's answer")
        counts = np.bincount(positions, minlength=len(codes))
        targets = np.array([margin.targets.get(code, 0.0) for code in codes])
        for code, count, target in zip(codes, counts, targets, strict=True):
            if count and not target:
                raise StatsError(f"{here}: margin '{margin.question}': option '{code}' has "
                                 f"{count} respondent(s) but no target share")
            if target and not count:
                here = _place(report_path, "margins", index, "targets", code)
                raise StatsError(f"{here}: margin '{margin.question}': option '{code}' has a "
                                 f"target share of {target:g} but no respondent")
        margins.append((positions.astype(np.intp), targets, codes))
    return margins


def _shares(positions: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(positions, weights=weights, minlength=size) / weights.sum()


def _trim(weights: np.ndarray, low: float, high: float | None) -> np.ndarray:
    """Weights clipped to [low, high] times their mean; clipping moves the mean, so it is
    repeated until the bounds hold for the mean of the clipped weights."""
    for _ in range(100):
        mean = weights.mean()
        clipped = np.clip(weights, low * mean, np.inf if high is None else high * mean)
        if np.allclose(clipped, weights, rtol=1e-12, atol=0):
            return clipped
        weights = clipped
    return weights


def rake(survey: Survey, weighting: Weighting, start: np.ndarray,
         report_path: Path | None = None, column: str | None = None) -> Weights:
    """Raking of ``start`` to the margins of ``weighting``; a ``StatsError`` naming the
    margin furthest from its targets when it does not converge."""
    margins = _margin_codes(survey, weighting, report_path)
    low, high = weighting.trim.min, weighting.trim.max
    weights = start / start.mean()
    deviations = [np.inf] * len(margins)
    iteration = 0
    for sweep in range(1, weighting.max_iterations + 1):
        iteration = sweep
        for positions, targets, _ in margins:
            achieved = _shares(positions, weights, len(targets))
            factors = np.divide(targets, achieved, out=np.ones_like(targets),
                                where=achieved > 0)
            weights = weights * factors[positions]
        if low > 0 or high is not None:
            weights = _trim(weights, low, high)
        deviations = [float(np.abs(_shares(positions, weights, len(targets)) - targets).max())
                      for positions, targets, _ in margins]
        if max(deviations) <= weighting.tolerance:
            break
    else:
        worst = int(np.argmax(deviations))
        margin = weighting.margins[worst]
        raise StatsError(
            f"{_place(report_path, 'margins', worst)}: weighting did not converge in "
            f"{weighting.max_iterations} iterations: margin '{margin.question}' is still "
            f"{deviations[worst]:.2g} from its targets (tolerance {weighting.tolerance:g}); "
            "loosen the trimming bounds, check the targets or allow more iterations")
    weights = weights / weights.mean()
    fits = tuple(
        MarginFit(question=margin.question, source=margin.source,
                  targets={code: float(t) for code, t in zip(codes, targets, strict=True)},
                  sample=dict(zip(codes, map(float, _shares(positions, np.ones(len(weights)),
                                                             len(codes))), strict=True)),
                  weighted=dict(zip(codes, map(float, _shares(positions, weights, len(codes))),
                                    strict=True)))
        for margin, (positions, targets, codes) in zip(weighting.margins, margins, strict=True))
    on_bound = np.zeros(len(weights), dtype=bool)
    mean = weights.mean()
    if low > 0:
        on_bound |= np.isclose(weights, low * mean, rtol=1e-9)
    if high is not None:
        on_bound |= np.isclose(weights, high * mean, rtol=1e-9)
    return Weights(values=weights, method="raking" if column is None else "column+raking",
                   column=column, margins=fits, iterations=iteration,
                   max_deviation=max(deviations), trim_min=low, trim_max=high,
                   trimmed=int(on_bound.sum()))


def weighting_summary(weights: Weights | None, questionnaire) -> dict | None:
    """How the figures were weighted, as templates read it (the methods partial); None when
    they count respondents."""
    if weights is None or weights.method == "equal":
        return None
    margins = []
    for fit in weights.margins:
        question = questionnaire.question(fit.question)
        margins.append({
            "question": fit.question, "text": question.text, "source": fit.source,
            "options": [{"code": code, "label": question.label_of(code),
                         "sample": fit.sample[code], "target": fit.targets[code],
                         "weighted": fit.weighted[code]} for code in fit.weighted]})
    return {"method": weights.method, "column": weights.column, "margins": margins,
            "iterations": weights.iterations, "max_deviation": weights.max_deviation,
            "trim_min": weights.trim_min or None, "trim_max": weights.trim_max,
            "trimmed": weights.trimmed, "respondents": weights.respondents,
            "effective_base": weights.effective_base, "design_effect": weights.design_effect,
            "smallest": weights.smallest, "largest": weights.largest}


def scheme(weights: Weights | None) -> tuple[tuple, tuple]:
    """How an edition was weighted and drawn, as trends compare editions: the kind of
    weights, their column, the raking margins' questions and the trimming bounds; the
    design's strata, clusters, corrections and replicate method. The targets' values are
    not in it: they follow the population from one edition to the next."""
    summary = DesignSummary() if weights is None else weights.summary
    design = (summary.stratum_column, summary.cluster_columns, summary.fpc,
              summary.replicate_method)
    if weights is None:
        return ("none",), design
    weighting = (weights.method, weights.column,
                 tuple(sorted(fit.question for fit in weights.margins)),
                 weights.trim_min, weights.trim_max) if weights.method != "equal" \
        else ("none",)
    return weighting, design


def scheme_change(after: tuple, before: tuple) -> str | None:
    """The catalogue code of why an edition weighted or drawn as ``after`` does not compare
    with one as ``before``; None when it does."""
    if after[0] != before[0]:
        return "compare.weighting"
    if after[1] != before[1]:
        return "compare.design"
    return None
