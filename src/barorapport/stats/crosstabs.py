"""Crosstabs of every closed question by the banner variables of report.yaml.

Input: a ``Survey``, the banner question ids, theme matches and the thresholds. Output: rows
of the figures table (one per published cell) with the column percentage's count and base
(and weighted sums), the p-value of the table's test of independence, the cell's
Holm-adjusted p-value against the rest of its row, and the suppression flags.

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
from . import estimators
from .counts import Crossing, tick_codes
from .design import SampleDesign
from .significance import (
    ChiSquare,
    cell_tests,
    holm,
    independence_test,
    pairwise_p_values,
    rao_scott,
    spread_to_twins,
)
from .suppression import (
    primary_suppression,
    secondary_suppression,
    table_constraints,
    weighted_relations,
)

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
class CellTests:
    """A table's cell tests: z, Holm-adjusted p (in the table), raw p, and which cells are
    distinct tests of the family (twins and rows out of it left out)."""

    residuals: np.ndarray
    adjusted: np.ndarray
    raw: np.ndarray
    distinct: np.ndarray


@dataclass(frozen=True)
class Tables:
    """A crosstab's counts, and when weighted its weights' sums and squared weights' sums;
    under a design, each respondent's row code too (the tests and variances need them)."""

    counts: np.ndarray
    weighted: np.ndarray | None = None
    squares: np.ndarray | None = None
    codes: np.ndarray | None = None
    crossing: _Crossing | None = None

    def stacked(self, other: Tables) -> Tables:
        def join(a, b):
            return None if a is None else np.vstack([a, b])
        return Tables(np.vstack([self.counts, other.counts]),
                      join(self.weighted, other.weighted), join(self.squares, other.squares))

    def summed(self, groups: list[list[int]], columns: int) -> Tables:
        """Rows adding up each list of rows of ``groups``."""
        def add(a):
            if a is None:
                return None
            return np.array([a[members].sum(axis=0) for members in groups]).reshape(-1, columns)
        return Tables(add(self.counts), add(self.weighted), add(self.squares))

    @property
    def design(self) -> SampleDesign | None:
        return None if self.crossing is None else self.crossing.design

    @property
    def known(self) -> dict[str, np.ndarray]:
        """The sums the design's estimates would count again."""
        return {"one": self.counts, "w": self.weighted, "w2": self.squares}

    def test(self) -> ChiSquare:
        if self.design is None:
            return independence_test(self.counts)
        n_rows, n_columns = self.counts.shape
        joint, respondents, df = estimators.joint_shares(
            self.design, self.codes, n_rows, self.crossing.banner, n_columns, self.known)
        return rao_scott(self.counts, joint.estimate, joint.covariance, respondents, df)

    def cells(self, family_rows: int | None = None) -> CellTests:
        """The cells' tests against the rest of their row, Holm-adjusted in the table."""
        residuals = None
        if self.design is not None:
            n_rows, n_columns = self.counts.shape
            residuals = estimators.cell_differences(
                self.design, self.codes, n_rows, self.crossing.banner, n_columns,
                family_rows if family_rows is not None else n_rows, self.known)
        residuals, raw, family, twins = cell_tests(self.counts, family_rows, residuals)
        adjusted = np.full(raw.shape, np.nan)
        adjusted[family] = holm(raw[family])
        return CellTests(residuals, spread_to_twins(adjusted, twins, family_rows), raw, family)

    def pairs(self, family_rows: int, excluded: np.ndarray):
        residuals = None
        if self.design is not None:
            n_rows, n_columns = self.counts.shape
            residuals = estimators.pairwise_differences(
                self.design, self.codes, n_rows, self.crossing.banner, n_columns, self.known)
        return pairwise_p_values(self.counts, family_rows, residuals, excluded)

    def variances(self, row_sets: list[list[int]]) -> list[list[dict]] | None:
        """Per row set and column, the design's variance of the column percentage; None
        without a design."""
        if self.design is None:
            return None
        from .figures import estimate_columns

        n_rows, n_columns = self.counts.shape
        found = estimate_columns(estimators.column_shares(
            self.design, self.codes, n_rows, self.crossing.banner, n_columns, row_sets,
            self.known))
        return [found[index * n_columns:(index + 1) * n_columns]
                for index in range(len(row_sets))]


class _Crossing:
    """Tables of answer codes by the banner's codes, weighted or not."""

    def __init__(self, banner: np.ndarray, columns: int, weights: np.ndarray | None,
                 design: SampleDesign | None = None):
        self.crossing = Crossing(banner, columns)
        self.banner = banner
        self.columns = columns
        self.weights = weights
        self.squares = None if weights is None else weights ** 2
        self.design = design

    def __call__(self, codes: np.ndarray, size: int) -> Tables:
        cells = self.crossing.cells(codes, size)
        counts = self.crossing.counts(cells, size)
        if self.weights is None:
            return Tables(counts)
        return Tables(counts, self.crossing.counts(cells, size, self.weights),
                      self.crossing.counts(cells, size, self.squares),
                      codes=codes if self.design is not None else None,
                      crossing=self if self.design is not None else None)


@dataclass(frozen=True)
class CrossTable:
    """One crosstab before suppression: the published rows come first in ``counts``."""

    question: str
    item: str | None
    rows: list[PublishedRow]
    tables: Tables
    constraints: list[np.ndarray]
    chi2_p: np.ndarray
    """Per published row, the p-value of the test of independence of its table."""
    small_expected: np.ndarray
    test: list[str]
    """Per published row, the name of that test."""
    cell_p: np.ndarray
    """Published rows x columns: Holm-adjusted p-value of the cell against the rest of its
    row."""
    residuals: np.ndarray
    families: tuple[tuple[tuple[int, ...], Tables], ...] = ()
    """The tests' tables: each the published rows it decides (its first rows) and its
    table (the single choice's, an option's ticked / not ticked, a grid item's levels, a
    grouping against the rest)."""
    raw_cell_p: np.ndarray | None = None
    """Published rows x columns: the cell test's raw two-sided p-value."""
    distinct: np.ndarray | None = None
    """Published rows x columns: whether the cell's test is a distinct test of its family
    (a twin's is its original's)."""
    test_families: tuple[str, ...] = ()
    """Per published row, which test of independence decides it (the table's, or its own
    for a grouping or a ticked option): what counts the publication's tests."""
    variances: list[list[dict]] | None = None
    """Under a design: per published row and column, the variance columns of the cell's
    column percentage (``figures.estimate_columns``)."""

    @property
    def counts(self) -> np.ndarray:
        return self.tables.counts

    @property
    def bases(self) -> np.ndarray:
        return self.tables.counts[:self._levels].sum(axis=0)

    @property
    def _levels(self) -> int:
        """Rows that partition the respondents (levels, options, ticked / not ticked)."""
        groups = sum(row.key == "group" for row in self.rows)
        return self.tables.counts.shape[0] - groups


def _single(question: Question, codes: Codes, cross: _Crossing) -> list[CrossTable]:
    options = [option.code for option in question.options]
    tables = cross(codes(question.id, options), len(options))
    test = tables.test()
    cells = tables.cells()
    rows = [PublishedRow("option", option.code, "respondents", option.label)
            for option in question.options]
    return [CrossTable(question.id, None, rows, tables, table_constraints(tables.counts.shape),
                       np.full(len(rows), test.p_value), np.full(len(rows), test.small_expected),
                       [test.test] * len(rows), cells.adjusted, cells.residuals,
                       ((tuple(range(len(rows))), tables),),
                       cells.raw, cells.distinct, ("table",) * len(rows),
                       tables.variances([[index] for index in range(len(rows))]))]


def _binary(question: Question, row: PublishedRow, ticks: np.ndarray, cross: _Crossing,
            item: str | None = None) -> CrossTable:
    tables = cross(ticks, 2)
    test = tables.test()
    cells = tables.cells(family_rows=1)
    return CrossTable(question.id, item, [row], tables, table_constraints(tables.counts.shape),
                      np.array([test.p_value]), np.array([test.small_expected]), [test.test],
                      cells.adjusted[:1], cells.residuals[:1], (((0,), tables),),
                      cells.raw[:1], cells.distinct[:1], (row.code,), tables.variances([[0]]))


def _multiple(question: Question, survey: Survey, cross: _Crossing) -> list[CrossTable]:
    answered = survey.answered(question).to_numpy()
    return [_binary(question, PublishedRow("option", option.code, "respondents", option.label),
                    tick_codes(survey.answers[f"{question.id}:{option.code}"], answered), cross)
            for option in question.options]


def _themes(question: Question, survey: Survey, matches: pd.DataFrame | None,
            labels: dict[str, str], cross: _Crossing) -> list[CrossTable]:
    if matches is None or matches.empty:
        return []
    answered = survey.answered(question).to_numpy()
    return [_binary(question, PublishedRow("option", theme, "theme", labels[theme]),
                    tick_codes(matches[theme].astype(float), answered), cross)
            for theme in matches.columns]


def _grid(question: Question, survey: Survey, codes: Codes, cross: _Crossing
          ) -> list[CrossTable]:
    scale = survey.questionnaire.scale_of(question)
    levels = [level.code for level in scale.levels]
    columns = cross.columns
    tables = []
    members = [[levels.index(code) for code in group.levels] for group in scale.groups]
    for item in question.items:
        level_codes = codes(f"{question.id}:{item.code}", levels)
        level_tables = cross(level_codes, len(levels))
        group_tables = level_tables.summed(members, columns)
        test = level_tables.test()
        cells = level_tables.cells()
        residuals, cell_p = cells.residuals, cells.adjusted
        raw, distinct = [cells.raw], [cells.distinct]
        chi2_p, small = [test.p_value] * len(levels), [test.small_expected] * len(levels)
        names = [test.test] * len(levels)
        group_residuals, group_p = [], []
        families = [(tuple(range(len(levels))), level_tables)]
        for g in range(len(scale.groups)):
            # The grouping against the rest of the scale: 0 in the grouping, 1 outside it.
            in_group = np.where(level_codes < 0, -1,
                                np.where(np.isin(level_codes, members[g]), 0, 1))
            grouping = cross(in_group.astype(level_codes.dtype), 2)
            group_test = grouping.test()
            families.append(((len(levels) + g,), grouping))
            grouped = grouping.cells(family_rows=1)
            group_residuals.append(grouped.residuals[0])
            group_p.append(grouped.adjusted[0])
            raw.append(grouped.raw[:1])
            distinct.append(grouped.distinct[:1])
            chi2_p.append(group_test.p_value)
            small.append(group_test.small_expected)
            names.append(group_test.test)
        rows = ([PublishedRow("option", level.code, "level", level.label)
                 for level in scale.levels]
                + [PublishedRow("group", group.id, "group", group.label)
                   for group in scale.groups])
        tables.append(CrossTable(
            question.id, item.code, rows, level_tables.stacked(group_tables),
            _grid_constraints(scale, levels, columns),
            np.array(chi2_p), np.array(small), names,
            np.vstack([cell_p, *group_p]) if group_p else cell_p,
            np.vstack([residuals, *group_residuals]) if group_residuals else residuals,
            tuple(families), np.vstack(raw), np.vstack(distinct),
            ("table",) * len(levels) + tuple(group.id for group in scale.groups),
            level_tables.variances([[index] for index in range(len(levels))] + members)))
    return tables


def _grid_constraints(scale, levels: list[str], columns: int) -> list[np.ndarray]:
    """What a reader can add up in a grid item's table (levels, then groupings, as rows):
    each row to its published total, the levels of a column to the column's base, and in
    each column a grouping's cell to the sum of its levels' cells."""
    index = np.arange((len(levels) + len(scale.groups)) * columns).reshape(-1, columns)
    constraints = [*index, *index[:len(levels)].T]
    for g, group in enumerate(scale.groups):
        members = [len(levels) + g] + [levels.index(code) for code in group.levels]
        signs = np.array([1.0] + [-1.0] * len(group.levels))  # grouping minus its levels: 0
        constraints += [(cells, signs) for cells in index[members].T]
    return constraints


def _published(table: CrossTable, banner: Question, thresholds) -> list[dict]:
    """The figures-table rows of ``table``, suppressed and flagged.

    Suppression and the low-base mark count respondents, whatever the weights. A cell is
    flagged only when its table's test of independence is significant too (a closed
    testing step: a cell's difference means little while the table shows none)."""
    bases = table.bases
    tables, levels = table.tables, table._levels
    weighted = tables.counts.astype(float) if tables.weighted is None else tables.weighted
    squares = tables.counts.astype(float) if tables.squares is None else tables.squares
    weighted_bases = weighted[:levels].sum(axis=0)
    constraints = table.constraints
    square_bases = squares[:levels].sum(axis=0)
    if tables.weighted is not None:
        constraints = constraints + weighted_relations(
            len(table.rows), bases, weighted_bases, square_bases)
    hidden = primary_suppression(table.counts, bases, thresholds.suppress)
    hidden = secondary_suppression(table.counts, hidden, constraints,
                                   published_rows=len(table.rows))
    with np.errstate(invalid="ignore", divide="ignore"):
        effective = weighted_bases ** 2 / square_bases
    higher_than, comparisons = _higher_than(table, hidden, banner, thresholds.alpha)
    records = []
    for r, row in enumerate(table.rows):
        for c, option in enumerate(banner.options):
            significant = (table.cell_p[r, c] < thresholds.alpha
                           and table.chi2_p[r] < thresholds.alpha and not hidden[r, c])
            differs = None
            if significant:
                differs = "higher" if table.residuals[r, c] > 0 else "lower"
            records.append({
                "question": table.question, "item": table.item, row.key: row.code,
                "measure": row.measure, "label": row.label, "banner": banner.id,
                "banner_option": option.code, "banner_label": option.label,
                "count": float(table.counts[r, c]), "base": float(bases[c]),
                "weighted_count": float(weighted[r, c]),
                "weighted_base": float(weighted_bases[c]),
                "effective_base": float(effective[c]) if bases[c] else 0.0,
                "kish_base": float(effective[c]) if bases[c] else 0.0,
                "square_base": float(square_bases[c]),
                **(table.variances[r][c] if table.variances is not None else {}),
                "chi2_p": float(table.chi2_p[r]), "test": table.test[r],
                "cell_p": float(table.cell_p[r, c]) if not hidden[r, c] else np.nan,
                "cell_p_raw": float(table.raw_cell_p[r, c]) if not hidden[r, c] else np.nan,
                "cell_test": bool(table.distinct[r, c]),
                "cell_z": float(table.residuals[r, c]),
                "test_family": table.test_families[r],
                "comparisons": comparisons[r][c],
                "differs": differs, "small_expected": bool(table.small_expected[r]),
                "low_base": bool(bases[c] < thresholds.low_base),
                "suppressed": bool(hidden[r, c]), "higher_than": higher_than[r][c]})
    return records


def _higher_than(table: CrossTable, hidden: np.ndarray, banner: Question, alpha: float
                 ) -> tuple[list[list[str | None]], list[list[int]]]:
    """Per published cell, the banner options (codes joined by ``;``) whose column it is
    significantly higher than, column against column: the statisticians' letters. Holm's
    family is each test's table, as for the cells' flags, and, as for them, only in a table
    whose test of independence is significant; hidden cells take part in no comparison.
    Also, per cell, the comparisons made with the columns after it (each pair once)."""
    codes = [option.code for option in banner.options]
    found: list[list[str | None]] = [[None] * len(codes) for _ in table.rows]
    counted = [[0] * len(codes) for _ in table.rows]
    for rows, tables in table.families:
        excluded = np.zeros(tables.counts.shape, dtype=bool)
        excluded[:len(rows)] = hidden[list(rows)]
        z, p = tables.pairs(len(rows), excluded)
        twin_rows = (tables.counts.sum(axis=1) > 0).sum() == 2  # the second row, the first's
        for position, r in enumerate(rows):
            if not (twin_rows and position == 1):
                counted[r] = [int(np.isfinite(p[position, c, c + 1:]).sum())
                              for c in range(len(codes))]
            if not table.chi2_p[r] < alpha:
                continue
            for c in range(len(codes)):
                above = [codes[j] for j in range(len(codes))
                         if p[position, c, j] < alpha and z[position, c, j] > 0]
                found[r][c] = ";".join(above) or None
    return found, counted


def crosstab_rows(survey: Survey, banner: Question, codes: Codes, thresholds,
                  theme_matches: dict[str, pd.DataFrame], theme_labels: dict[str, dict[str, str]],
                  weights: np.ndarray | None = None, design: SampleDesign | None = None
                  ) -> list[dict]:
    """Every crosstab of the survey's closed questions (and themes) by ``banner``; under a
    ``design``, its variances and tests."""
    columns = len(banner.options)
    banner_codes = codes(banner.id, [option.code for option in banner.options])
    cross = _Crossing(banner_codes, columns, weights, design)
    tables: list[CrossTable] = []
    for question in survey.questionnaire.questions:
        if question.id == banner.id:
            continue
        if question.type == "single":
            tables += _single(question, codes, cross)
        elif question.type == "multiple":
            tables += _multiple(question, survey, cross)
        elif question.type == "grid":
            tables += _grid(question, survey, codes, cross)
        elif question.type == "open":
            tables += _themes(question, survey, theme_matches.get(question.id),
                              theme_labels.get(question.id, {}), cross)
    return [record for table in tables for record in _published(table, banner, thresholds)]
