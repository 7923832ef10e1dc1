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
from ..stats.export import FIGURE_COLUMNS, figure_frame, trend_frame, write_csv
from .assets import confined

CROSSED_KINDS = ("crosstab", "histogram", "means")
CROSSED_COLUMNS = [*FIGURE_COLUMNS, "banner", "banner_option", "banner_label", "value",
                   "chi2_p", "test", "cell_p"]
"""A crosstab's or a numeric figure's CSV: the figures table's columns with the banner's
and the numbers (a mean, a quartile: ``value``) and the tests."""


def crossed_frame(export: pd.DataFrame, spec, keys: list[tuple], kind: str) -> pd.DataFrame:
    """The rows a crosstab or a numeric chart is drawn from: the whole sample's, then each
    banner option's (the crosstab's cells, the means by group); a numeric question's every
    statistic and bin."""
    rows = export[export["question"] == spec.question]
    rows = rows[rows["banner"].isna() | (rows["banner"] == spec.banner)] if spec.banner \
        else rows[rows["banner"].isna()]
    if kind == "crosstab":
        wanted = {key[1:] for key in keys}
        found = rows[["item", "option", "grouping", "measure"]].itertuples(index=False,
                                                                          name=None)
        rows = rows[[tuple(None if pd.isna(value) else value for value in key) in wanted
                     for key in found]]
    rows = rows.copy()
    rows.insert(0, "figure", spec.id)
    return rows[CROSSED_COLUMNS].reset_index(drop=True)


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
        if chart.kind in CROSSED_KINDS:
            frame = crossed_frame(export, spec, keys, chart.kind)
        elif chart.kind == "trend":
            frame = trend_frame(spec.id, chart.data, export, keys)
        else:
            frame = figure_frame(export, spec.id, keys)
        written.append(write_csv(frame, confined(folder, f"{spec.id}.csv")))
    return written
