"""The weighting declarations of ``report.yaml`` (``weighting:``): light models, no stage.

Input: the ``weighting`` mapping of report.yaml. Output: a validated, frozen ``Weighting``
that ``stats.weights`` turns into one weight per respondent (docs/statistics.md).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from .config import StrictModel

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
