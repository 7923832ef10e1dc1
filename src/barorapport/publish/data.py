"""The data files published with the web edition: one CSV per chart.

Input: report.yaml's figure specs, the figures table, the questionnaire and the charts.
Output: ``<folder>/<figure>.csv``, the rows of the figures table each chart is drawn from
(suppressed ones included, their values empty), in the dialect of ``figures.csv``
(``stats.export.write_csv``): the base as a count and the kind of share on every row.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..charts import Chart
from ..charts.data import figure_keys
from ..stats import FigureTable
from ..stats.export import figure_frame, trend_frame, write_csv
from .assets import confined


def write_chart_data(folder: Path, specs, figures: FigureTable, questionnaire,
                     charts: dict[str, Chart], export: pd.DataFrame) -> list[Path]:
    """One CSV per figure spec that has a chart; ``export`` is the ``export_frame`` of
    ``figures``. Returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs:
        chart = charts.get(spec.id)
        if chart is None:
            continue
        keys = figure_keys(spec, figures, questionnaire)
        frame = (trend_frame(spec.id, chart.data, export, keys) if chart.kind == "trend"
                 else figure_frame(export, spec.id, keys))
        written.append(write_csv(frame, confined(folder, f"{spec.id}.csv")))
    return written
