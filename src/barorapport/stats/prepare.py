"""Before the figures: each filtered question's base, and the respondents' weights.

Input: a validated ``Survey``, the ``weighting`` of report.yaml and its path. Output: the
survey with its filters applied (``asked_if``) and the ``Weights`` (or None), the weighting
summarised on the console.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..config.weighting import Design, Weighting
from ..survey import Survey
from .filters import apply_filters
from .weights import Weights, survey_weights


def describe(weights: Weights) -> str:
    """One line on how the survey was weighted, for the console."""
    kind = {"column": f"the export's column {weights.column}",
            "raking": "raking to " + ", ".join(fit.question for fit in weights.margins),
            "column+raking": f"the export's column {weights.column}, raked to "
                             + ", ".join(fit.question for fit in weights.margins)}
    text = f"stats: weighted by {kind[weights.method]}"
    if weights.margins:
        text += (f" ({weights.iterations} iteration(s), largest gap to a target "
                 f"{weights.max_deviation:.1e}")
        text += f", {weights.trimmed} weight(s) trimmed)" if weights.trimmed else ")"
    return (text + f"; weights {weights.smallest:.2f} to {weights.largest:.2f}, effective "
                   f"base {weights.effective_base:.0f} of {weights.respondents} "
                   f"(design effect {weights.design_effect:.2f})")


def describe_design(weights: Weights) -> str | None:
    """One line on the sampling design, for the console; None for weights alone."""
    summary = weights.summary
    if summary.replicates:
        return (f"stats: design: {summary.replicates} replicate weights ({summary.replicate_method}"
                "), variance by replication")
    parts = []
    if summary.strata:
        parts.append(f"{summary.strata} strata ({summary.stratum_column})")
    if summary.cluster_columns:
        stages = f"{summary.psus} PSUs ({summary.cluster_columns[0]})"
        if len(summary.cluster_columns) > 1:
            stages += (f", then {summary.second_stage_units} second-stage units "
                       f"({summary.cluster_columns[1]})")
        parts.append(stages)
    if summary.fpc:
        parts.append("finite population corrections")
    if not parts:
        return None
    return f"stats: design: {', '.join(parts)}; variance by linearisation"


def prepare_survey(survey: Survey, weighting: Weighting | None, report_path: Path | None,
                   progress: Callable[[str], None] | None = None,
                   design: Design | None = None) -> tuple[Survey, Weights | None]:
    """The survey with its filters applied, and its weights and design (None for a simple
    random sample counted respondent by respondent)."""
    survey = apply_filters(survey)
    weights = survey_weights(survey, weighting, report_path, design)
    if weights is not None and progress is not None:
        if weights.method != "equal":
            progress(describe(weights))
        line = describe_design(weights)
        if line:
            progress(line)
    return survey, weights
