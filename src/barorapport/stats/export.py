"""The figures table as the publication's data annex: ``figures.csv``, ``figures.xlsx`` and
one CSV per chart.

Input: a ``FigureTable`` (and the questionnaire, for the questions' wording). Output: one row
per figure (whole sample, then crosstab cells) with its keys, the question's text, count,
base, share, the kind of share, interval and flags. A suppressed figure keeps its keys and
base but its count, share, interval and tests are left empty: what is hidden in the
publication is hidden in its annex. Text cells that a spreadsheet would run as a formula are
neutralised.

Every published CSV is written in one dialect (``write_csv``, docs/web.md): UTF-8 with a
byte-order mark, comma-separated, decimal point, fields quoted when needed (RFC 4180), one
header row of the same column names; counts and bases are whole numbers, shares are
proportions from 0 to 1.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..engine.csvsafe import neutralise, write_csv_frame
from ..formatting import SHARES, share_of
from .figures import FigureTable
from .suppression import tests_withheld
from .trends import TrendTable, delta_columns

EXPORT_COLUMNS = [
    "question", "item", "option", "grouping", "banner", "banner_option", "banner_label",
    "measure", "label", "n", "base", "effective_base", "design_effect", "share", "ci_low",
    "ci_high", "ci_method", "value", "chi2_p", "test", "cell_p", "correction", "flags",
    "previous_share",
    "delta_points",
    "delta_significant", "comparable_reason", "question_text", "item_label", "share_of",
    "weighted_base", "higher_than", "whole_share", "segment_p", "segment_differs",
]
FIGURE_COLUMNS = ["figure", "question", "question_text", "item", "item_label", "option",
                  "grouping", "label", "measure", "share_of", "n", "base", "effective_base",
                  "share", "ci_low", "ci_high", "flags"]
"""The columns of a chart's CSV: the figures table's, for the rows the chart is drawn
from."""
TREND_COLUMNS = ["figure", "question", "question_text", "item", "item_label", "option",
                 "label", "measure", "share_of", "edition", "share"]
NUMBER_COLUMNS = ("n", "base", "effective_base", "design_effect", "share", "ci_low", "ci_high",
                  "value", "chi2_p", "cell_p", "previous_share", "delta_points",
                  "delta_significant", "weighted_base", "whole_share", "segment_p")
HIDDEN_WHEN_SUPPRESSED = ["n", "effective_base", "design_effect", "share", "ci_low", "ci_high",
                          "ci_method", "value", "chi2_p", "cell_p"]
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


def _wording(table: pd.DataFrame, questionnaire) -> tuple[pd.Series, pd.Series]:
    """Each row's question text and item label (empty without a questionnaire)."""
    def text(question_id):
        try:
            return questionnaire.question(question_id).text
        except (KeyError, AttributeError):
            return None

    def item_label(question_id, item):
        if item is None or (isinstance(item, float) and np.isnan(item)):
            return None
        try:
            return questionnaire.question(question_id).label_of(item)
        except (KeyError, AttributeError):
            return None

    texts = table["question"].map(text)
    labels = pd.Series([item_label(question_id, item) for question_id, item
                        in zip(table["question"], table["item"], strict=True)],
                       index=table.index, dtype=object)
    return texts, labels


def export_frame(figures: FigureTable, trends: TrendTable | None = None,
                 questionnaire=None) -> pd.DataFrame:
    """The annex table: published values only, text neutralised, shares rounded; with
    ``trends``, each whole-sample share against the previous edition's; with
    ``questionnaire``, each question's text and item's label."""
    table = figures.table
    texts, item_labels = _wording(table, questionnaire)
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
        "ci_method": table["ci_method"],
        "value": table["value"], "chi2_p": table["chi2_p"], "test": table["test"],
        "cell_p": table["cell_p"], "correction": table["correction"],
        "flags": _flags(table) if len(table) else pd.Series(dtype=object),
        "previous_share": pd.Series(deltas["previous_share"], index=table.index,
                                    dtype=float).round(DIGITS),
        "delta_points": pd.Series(deltas["delta_points"], index=table.index,
                                  dtype=float).round(DIGITS - 2),
        "delta_significant": pd.Series(deltas["delta_significant"], index=table.index,
                                       dtype=object),
        "comparable_reason": pd.Series(deltas["comparable_reason"], index=table.index,
                                       dtype=object),
        "question_text": texts, "item_label": item_labels,
        "share_of": table["measure"].map({measure: share_of(measure) for measure in SHARES}
                                         ).astype(object),
        "weighted_base": table["weighted_base"].round(DIGITS),
        "higher_than": table["higher_than"],
        "whole_share": table["whole_share"].round(DIGITS),
        "segment_p": table["segment_p"],
        "segment_differs": table["segment_differs"],
    }, columns=EXPORT_COLUMNS)
    frame = frame.astype({column: object for column in HIDDEN_WHEN_SUPPRESSED})
    frame.loc[table["suppressed"].to_numpy(), HIDDEN_WHEN_SUPPRESSED] = None
    # A crosstab hiding a cell publishes no p-value: they would identify the hidden cells.
    frame.loc[tests_withheld(table), ["chi2_p", "cell_p"]] = None
    text_columns = [column for column in EXPORT_COLUMNS if column not in NUMBER_COLUMNS]
    for column in text_columns:
        frame[column] = frame[column].astype(object).map(neutralise)
    return frame


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """The one dialect of every published CSV: UTF-8 with a byte-order mark (so that
    spreadsheets read the accents), comma-separated, decimal point, RFC 4180 quoting. A file
    for programs as much as for people (who open ``figures.xlsx`` in a French spreadsheet)."""
    return write_csv_frame(frame, path)


def write_figures_csv(figures: FigureTable, path: Path, trends: TrendTable | None = None,
                      questionnaire=None) -> Path:
    """The whole figures table (``export_frame``) in the dialect of ``write_csv``."""
    return write_csv(export_frame(figures, trends, questionnaire), path)


def figure_frame(export: pd.DataFrame, figure_id: str, keys: list[tuple]) -> pd.DataFrame:
    """The rows of ``export`` (an ``export_frame`` of the whole sample and crosstabs) that
    a chart is drawn from, in the chart's order: ``keys`` are (question, item, option,
    grouping, measure), as ``charts.data.figure_keys`` gives them."""
    whole = export[export["banner"].isna()]
    index = {tuple(None if _missing(value) else value for value in key): position
             for position, key in zip(whole.index, whole[
                 ["question", "item", "option", "grouping", "measure"]].itertuples(
                     index=False, name=None), strict=True)}
    rows = whole.loc[[index[key] for key in keys if key in index]].copy()
    rows.insert(0, "figure", figure_id)
    return rows[FIGURE_COLUMNS].reset_index(drop=True)


def trend_frame(figure_id: str, series: pd.DataFrame, export: pd.DataFrame,
                keys: list[tuple]) -> pd.DataFrame:
    """A trend chart's CSV: one row per label and edition (``series``: label, edition,
    share in percent), with the question's wording of this edition's figures."""
    rows = figure_frame(export, figure_id, keys)
    first = rows.iloc[0] if len(rows) else None
    frame = pd.DataFrame({
        "figure": figure_id,
        "question": None if first is None else first["question"],
        "question_text": None if first is None else first["question_text"],
        "item": None, "item_label": None, "option": None,
        "label": series["label"].map(neutralise), "measure": None if first is None
        else first["measure"], "share_of": None if first is None else first["share_of"],
        "edition": series["edition"], "share": (series["share"] / 100).round(DIGITS)},
        columns=TREND_COLUMNS)
    return frame


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def write_figures_xlsx(figures: FigureTable, path: Path, trends: TrendTable | None = None,
                       questionnaire=None) -> Path:
    """One sheet, ``figures``, numbers stored as numbers and text as text."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "figures"
    sheet.append(EXPORT_COLUMNS)
    for row in export_frame(figures, trends, questionnaire).itertuples(index=False):
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
