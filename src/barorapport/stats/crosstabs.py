"""Crosstabs of every closed question by the banner variables of report.yaml.

Input: a ``Survey``, the banner question ids, theme matches and the thresholds. Output: rows
of the figures table (one per published cell) with the column percentage's count and base,
the chi-square p-value of the table, the cell's Holm-adjusted p-value against the rest of
its row, and the suppression flags.

Per question type, the tables crossed by a banner's options (the columns) are:
- single choice: options x columns, one chi-square test;
- multiple choice and themes of an open question: per option or theme, ticked / not ticked x
  columns (only the ticked row is published);
- grid: per item, levels x columns, one chi-square test; each grouping of levels is tested as
  grouping / rest x columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..survey import Question, Survey
from .counts import cross_counts, tick_codes
from .significance import cell_p_values, chi_square
from .suppression import primary_suppression, secondary_suppression, table_constraints

Codes = Callable[[str, list[str]], np.ndarray]
"""The category codes of a canonical key against a list of codes (cached by the caller)."""


@dataclass(frozen=True)
class PublishedRow:
    key: str
    """The column of the figures table the code goes to: ``option`` or ``group``."""
    code: str
    measure: str
    label: str


@dataclass(frozen=True)
class CrossTable:
    """One crosstab before suppression: the published rows come first in ``counts``."""

    question: str
    item: str | None
    rows: list[PublishedRow]
    counts: np.ndarray
    bases: np.ndarray
    constraints: list[np.ndarray]
    chi2_p: np.ndarray
    """Per published row, the p-value of the chi-square test of the table it belongs to."""
    small_expected: np.ndarray
    cell_p: np.ndarray
    """Published rows x columns: Holm-adjusted p-value of the cell against the rest of its
    row."""
    residuals: np.ndarray


def _single(question: Question, codes: Codes, banner: np.ndarray, columns: int
            ) -> list[CrossTable]:
    options = [option.code for option in question.options]
    counts = cross_counts(codes(question.id, options), banner, len(options), columns)
    test = chi_square(counts)
    residuals, cell_p = cell_p_values(counts)
    rows = [PublishedRow("option", option.code, "respondents", option.label)
            for option in question.options]
    return [CrossTable(question.id, None, rows, counts, counts.sum(axis=0),
                       table_constraints(counts.shape), np.full(len(rows), test.p_value),
                       np.full(len(rows), test.small_expected), cell_p, residuals)]


def _binary(question: Question, row: PublishedRow, ticks: np.ndarray, banner: np.ndarray,
            columns: int, item: str | None = None) -> CrossTable:
    counts = cross_counts(ticks, banner, 2, columns)
    test = chi_square(counts)
    residuals, cell_p = cell_p_values(counts, family_rows=1)
    return CrossTable(question.id, item, [row], counts, counts.sum(axis=0),
                      table_constraints(counts.shape), np.array([test.p_value]),
                      np.array([test.small_expected]), cell_p[:1], residuals[:1])


def _multiple(question: Question, survey: Survey, banner: np.ndarray, columns: int
              ) -> list[CrossTable]:
    answered = survey.answered(question).to_numpy()
    return [_binary(question, PublishedRow("option", option.code, "respondents", option.label),
                    tick_codes(survey.answers[f"{question.id}:{option.code}"], answered),
                    banner, columns)
            for option in question.options]


def _themes(question: Question, survey: Survey, matches: pd.DataFrame | None,
            labels: dict[str, str], banner: np.ndarray, columns: int) -> list[CrossTable]:
    if matches is None or matches.empty:
        return []
    answered = survey.answered(question).to_numpy()
    return [_binary(question, PublishedRow("option", theme, "theme", labels[theme]),
                    tick_codes(matches[theme].astype(float), answered), banner, columns)
            for theme in matches.columns]


def _grid(question: Question, survey: Survey, codes: Codes, banner: np.ndarray, columns: int
          ) -> list[CrossTable]:
    scale = survey.questionnaire.scale_of(question)
    levels = [level.code for level in scale.levels]
    tables = []
    for item in question.items:
        level_counts = cross_counts(codes(f"{question.id}:{item.code}", levels), banner,
                                    len(levels), columns)
        bases = level_counts.sum(axis=0)
        group_counts = np.array([level_counts[[levels.index(code) for code in group.levels]]
                                 .sum(axis=0) for group in scale.groups]).reshape(-1, columns)
        counts = np.vstack([level_counts, group_counts])
        test = chi_square(level_counts)
        residuals, cell_p = cell_p_values(level_counts)
        chi2_p, small = [test.p_value] * len(levels), [test.small_expected] * len(levels)
        group_residuals, group_p = [], []
        for group_row in group_counts:
            grouping = np.vstack([group_row, bases - group_row])
            group_test = chi_square(grouping)
            z, p = cell_p_values(grouping, family_rows=1)
            group_residuals.append(z[0])
            group_p.append(p[0])
            chi2_p.append(group_test.p_value)
            small.append(group_test.small_expected)
        rows = ([PublishedRow("option", level.code, "level", level.label)
                 for level in scale.levels]
                + [PublishedRow("group", group.id, "group", group.label)
                   for group in scale.groups])
        tables.append(CrossTable(
            question.id, item.code, rows, counts, bases,
            _grid_constraints(scale, levels, columns),
            np.array(chi2_p), np.array(small),
            np.vstack([cell_p, *group_p]) if group_p else cell_p,
            np.vstack([residuals, *group_residuals]) if group_residuals else residuals))
    return tables


def _grid_constraints(scale, levels: list[str], columns: int) -> list[np.ndarray]:
    """What a reader can add up in a grid item's table (levels, then groupings, as rows):
    each row to its published total, the levels of a column to the column's base, and in
    each column a grouping's cell to the sum of its levels' cells."""
    index = np.arange((len(levels) + len(scale.groups)) * columns).reshape(-1, columns)
    constraints = [*index, *index[:len(levels)].T]
    for g, group in enumerate(scale.groups):
        members = [len(levels) + g] + [levels.index(code) for code in group.levels]
        constraints += list(index[members].T)
    return constraints


def _published(table: CrossTable, banner: Question, thresholds) -> list[dict]:
    """The figures-table rows of ``table``, suppressed and flagged."""
    hidden = primary_suppression(table.counts, table.bases, thresholds.suppress)
    hidden = secondary_suppression(table.counts, hidden, table.constraints)
    records = []
    for r, row in enumerate(table.rows):
        for c, option in enumerate(banner.options):
            significant = table.cell_p[r, c] < thresholds.alpha and not hidden[r, c]
            differs = None
            if significant:
                differs = "higher" if table.residuals[r, c] > 0 else "lower"
            records.append({
                "question": table.question, "item": table.item, row.key: row.code,
                "measure": row.measure, "label": row.label, "banner": banner.id,
                "banner_option": option.code, "banner_label": option.label,
                "count": float(table.counts[r, c]), "base": float(table.bases[c]),
                "chi2_p": float(table.chi2_p[r]),
                "cell_p": float(table.cell_p[r, c]) if not hidden[r, c] else np.nan,
                "differs": differs, "small_expected": bool(table.small_expected[r]),
                "low_base": bool(table.bases[c] < thresholds.low_base),
                "suppressed": bool(hidden[r, c])})
    return records


def crosstab_rows(survey: Survey, banner: Question, codes: Codes, thresholds,
                  theme_matches: dict[str, pd.DataFrame], theme_labels: dict[str, dict[str, str]]
                  ) -> list[dict]:
    """Every crosstab of the survey's closed questions (and themes) by ``banner``."""
    columns = len(banner.options)
    banner_codes = codes(banner.id, [option.code for option in banner.options])
    tables: list[CrossTable] = []
    for question in survey.questionnaire.questions:
        if question.id == banner.id:
            continue
        if question.type == "single":
            tables += _single(question, codes, banner_codes, columns)
        elif question.type == "multiple":
            tables += _multiple(question, survey, banner_codes, columns)
        elif question.type == "grid":
            tables += _grid(question, survey, codes, banner_codes, columns)
        elif question.type == "open":
            tables += _themes(question, survey, theme_matches.get(question.id),
                              theme_labels.get(question.id, {}), banner_codes, columns)
    return [record for table in tables for record in _published(table, banner, thresholds)]
