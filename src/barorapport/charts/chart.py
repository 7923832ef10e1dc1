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
    lecture: str = ""
    """How to read the chart, printed under it ("Lecture : ...")."""
    champ: str = ""
    """Whom the question was asked of, and the base, printed under it ("Champ : ...")."""
    parts: tuple[bytes, ...] = ()
    """A chart too tall for its medium's page, drawn in parts (each with its legend): every
    part's SVG, the first being ``svg``; empty when the chart is drawn whole."""
    """A crosstab's cells as its partial prints them (columns, bases, marks, suppressed
    cells); a crosstab has no SVG."""
