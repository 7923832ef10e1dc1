"""What the methods note says about the estimation: the sampling design and the intervals.

Input: the figures' ``Weights`` (their design's summary) and report.yaml's interval method.
Output: a mapping templates read (``estimation`` in their context), its sentences worded by
the catalogue (``theme/messages/<lang>.yaml``): the publication's words never come from code.
"""

from __future__ import annotations

from ..wording import say
from .weights import Weights


def design_sentence(weights: Weights | None) -> str | None:
    """The sampling design in one sentence; None for a simple random sample (weighted or
    not: the weighting has its own paragraph)."""
    if weights is None:
        return None
    summary = weights.summary
    parts = []
    if summary.replicates:
        parts.append(say("design.replicates", count=summary.replicates,
                         method=summary.replicate_method))
    if summary.strata:
        parts.append(say("design.strata", column=summary.stratum_column,
                         count=summary.strata))
    if len(summary.cluster_columns) == 1:
        parts.append(say("design.clusters", count=summary.psus,
                         column=summary.cluster_columns[0]))
    elif len(summary.cluster_columns) == 2:
        parts.append(say("design.two_stages", psus=summary.psus,
                         first=summary.cluster_columns[0], units=summary.second_stage_units,
                         second=summary.cluster_columns[1]))
    if summary.fpc:
        parts.append(say("design.fpc"))
    if not parts:
        return None
    if weights.method != "equal":
        parts.insert(0, say("design.weights"))
    return say("design.sentence", parts=", ".join(parts),
               variance=say(f"design.variance.{summary.variance}"))


def estimation_summary(weights: Weights | None, interval: str) -> dict:
    """What templates read as ``estimation``: ``.design`` (a sentence, None for a simple
    random sample) under ``.design_label``, ``.interval`` (the intervals' method, worded)
    under ``.interval_label``, ``.interval_method``."""
    return {"design_label": say("design.label"), "design": design_sentence(weights),
            "interval_label": say("interval.label"),
            "interval": say("interval.sentence", method=say(f"interval.{interval}")),
            "interval_method": interval}
