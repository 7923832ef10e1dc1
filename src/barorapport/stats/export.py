"""The figures table as the publication's data annex: ``figures.csv`` and ``figures.xlsx``.

Input: a ``FigureTable``. Output: one row per figure (whole sample, then crosstab cells) with
its keys, count, base, share, interval and flags. A suppressed figure keeps its keys and base
but its count, share, interval and tests are left empty: what is hidden in the publication is
hidden in its annex. Text cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..csvsafe import neutralise
from .figures import FigureTable
from .trends import TrendTable, delta_columns

EXPORT_COLUMNS = [
    "question", "item", "option", "grouping", "banner", "banner_option", "banner_label",
    "measure", "label", "n", "base", "effective_base", "design_effect", "share", "ci_low",
    "ci_high", "value", "chi2_p", "test", "cell_p", "flags", "previous_share", "delta_points",
    "delta_significant", "comparable_reason",
]
NUMBER_COLUMNS = ("n", "base", "effective_base", "design_effect", "share", "ci_low", "ci_high",
                  "value", "chi2_p", "cell_p", "previous_share", "delta_points",
                  "delta_significant")
HIDDEN_WHEN_SUPPRESSED = ["n", "effective_base", "design_effect", "share", "ci_low", "ci_high",
                          "value", "chi2_p", "cell_p"]
DIGITS = 6
"""Decimals kept for shares and intervals: enough to round them again, no binary noise."""
_ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _flags(table: pd.DataFrame) -> pd.Series:
    parts = pd.DataFrame({
        "low_base": np.where(table["low_base"], "low_base", ""),
        "suppressed": np.where(table["suppressed"], "suppressed", ""),
        "differs": table["differs"].fillna("").astype(str),
        "small_expected": np.where(table["small_expected"], "small_expected", ""),
    })
    return parts.apply(lambda row: ";".join(flag for flag in row if flag), axis=1)


def export_frame(figures: FigureTable, trends: TrendTable | None = None) -> pd.DataFrame:
    """The annex table: published values only, text neutralised, shares rounded; with
    ``trends``, each whole-sample share against the previous edition's."""
    table = figures.table
    deltas = delta_columns(trends, figures)
    frame = pd.DataFrame({
        "question": table["question"], "item": table["item"], "option": table["option"],
        "grouping": table["group"], "banner": table["banner"],
        "banner_option": table["banner_option"], "banner_label": table["banner_label"],
        "measure": table["measure"], "label": table["label"],
        "n": table["count"].round().astype("Int64"), "base": table["base"].round().astype("Int64"),
        "effective_base": table["effective_base"].round(1),
        "design_effect": table["design_effect"].round(4),
        "share": table["share"].round(DIGITS),
        "ci_low": table["ci_low"].round(DIGITS), "ci_high": table["ci_high"].round(DIGITS),
        "value": table["value"], "chi2_p": table["chi2_p"], "test": table["test"],
        "cell_p": table["cell_p"],
        "flags": _flags(table) if len(table) else pd.Series(dtype=object),
        "previous_share": pd.Series(deltas["previous_share"], index=table.index,
                                    dtype=float).round(DIGITS),
        "delta_points": pd.Series(deltas["delta_points"], index=table.index,
                                  dtype=float).round(DIGITS - 2),
        "delta_significant": pd.Series(deltas["delta_significant"], index=table.index,
                                       dtype=object),
        "comparable_reason": pd.Series(deltas["comparable_reason"], index=table.index,
                                       dtype=object),
    }, columns=EXPORT_COLUMNS)
    frame = frame.astype({column: object for column in HIDDEN_WHEN_SUPPRESSED})
    frame.loc[table["suppressed"].to_numpy(), HIDDEN_WHEN_SUPPRESSED] = None
    text_columns = [column for column in EXPORT_COLUMNS if column not in NUMBER_COLUMNS]
    for column in text_columns:
        frame[column] = frame[column].astype(object).map(neutralise)
    return frame


def write_figures_csv(figures: FigureTable, path: Path, trends: TrendTable | None = None
                      ) -> Path:
    """UTF-8 with a byte-order mark (so that spreadsheets read the accents), comma-separated,
    decimal point: a file for programs as much as for people."""
    export_frame(figures, trends).to_csv(path, index=False, encoding="utf-8-sig",
                                         lineterminator="\n")
    return path


def write_figures_xlsx(figures: FigureTable, path: Path, trends: TrendTable | None = None
                       ) -> Path:
    """One sheet, ``figures``, numbers stored as numbers and text as text."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "figures"
    sheet.append(EXPORT_COLUMNS)
    for row in export_frame(figures, trends).itertuples(index=False):
        sheet.append([_xlsx_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    # Reproducible bytes: openpyxl stamps the document and each zip member with the clock.
    epoch = dt.datetime(1980, 1, 1)
    workbook.properties.created = workbook.properties.modified = epoch
    workbook.save(path)
    _fix_zip_times(path, epoch)
    return path


def _fix_zip_times(path: Path, stamp: dt.datetime) -> None:
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in members:
            if info.filename == "docProps/core.xml":  # openpyxl sets "modified" when saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>"
                              + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
            archive.writestr(fixed, data)


def _xlsx_cell(value):
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        # openpyxl stores a string starting with "=" as a formula: neutralise() has already
        # prefixed it; control characters are not allowed in the file format at all.
        return _ILLEGAL_IN_XLSX.sub("", value)
    return float(value) if isinstance(value, np.floating | np.integer) else value
