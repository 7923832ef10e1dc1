"""What a drawn chart is: its SVG, alt text and data table (no drawing library needed)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: bytes
    alt: str
    data: pd.DataFrame
    """Label, then one column per series, shares in percent: the chart's data table."""
    kind: str = "bars"
    caption: tuple[str, ...] = ()
    """The caption lines drawn under the chart (base, low-base note), the source excepted."""
    table: dict = field(default_factory=dict)
    """A crosstab's cells as its partial prints them (columns, bases, marks, suppressed
    cells); a crosstab has no SVG."""
