"""Disclosure control across the segment editions and the whole sample's.

Input: the survey (filters applied), the segments to publish, the whole sample's figures
table and each segment's, the banners and theme matches. Output: per segment, the cells its
edition must hide beyond those its own table hides, so that no hidden cell of any segment
can be worked out from everything published together: the whole sample's figures and
crosstabs, every segment's figures, crosstabs and bases.

What a reader can add up is written as one linear system per question (per item of a
grid; per banner when there are banners): its unknowns are the respondents of each answer
(a level, an option ticked or not, a theme matched or not) in each segment column (every
answer of the segments' question, and "no answer") and each banner column; every published
figure is a sum of unknowns (a whole-sample figure adds up the segments, a grouping adds
up its levels, a base adds up the answers, a share of mentions' base adds up the options).
Segments not published (not asked for, or under the minimum base) and the respondents
who did not answer the segments' question are columns whose cells no edition publishes.

Primary: in a segment, a cell of 1 to ``suppress - 1`` respondents is hidden, as a crosstab
cell is, and every cell of a segment's question whose base is under ``suppress``. Secondary:
while a hidden cell is fixed by what is published, as linear algebra finds (subtraction
from the whole sample, sums over the other segments and the groupings) or as linear
programming finds with the counts' bounds (no count below zero, no option ticked by more
than answered: ``scipy.optimize.linprog`` gives each hidden cell's least and greatest value,
and a range holding a single whole number gives it away), one more published segment cell
of a relation it is in is hidden: the smallest non-zero count first. Whole-sample figures
are never hidden: the whole sample's edition is the same with or without segments (when the
segments' question is also a banner, its crosstab's cells are the segments' cells and hide
the same).

Numeric questions' statistics (means, quartiles) are not sums: they follow the base rule
only (docs/statistics.md says what this does not claim).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..survey import Question, Survey
from .counts import category_codes
from .figures import FigureTable

logger = logging.getLogger("barorapport")

Key = tuple
"""A segment cell: (segment code, question, item, ``option`` or ``group``, code, banner,
banner option); item and banner are None when absent."""
_TOLERANCE = 1e-7


@dataclass
class _System:
    """One question's relations: unknown counts, the published sums of them, and the
    inequalities between unknowns (an option ticked by no more than answered)."""

    truth: np.ndarray
    """The true value of each unknown (from the answers): the published sums' values."""
    rows: list[np.ndarray] = field(default_factory=list)
    keys: list[Key | None] = field(default_factory=list)
    """Per sum: its segment cell's key, or None when it is published whatever happens."""
    at_most: list[tuple[int, int]] = field(default_factory=list)
    """Pairs (i, j): unknown i is at most unknown j."""
    safe: set[int] = field(default_factory=set)
    """Sums linear programming found not fixed: hiding more only widens their range."""

    def add(self, coefficients: np.ndarray, key: Key | None = None) -> None:
        if coefficients.any():
            self.rows.append(coefficients.astype(float))
            self.keys.append(key)

    def value(self, index: int) -> float:
        return float(self.rows[index] @ self.truth)


@dataclass(frozen=True)
class _Layout:
    """Where a question's unknowns sit: ``rows`` answers x ``segments`` columns x
    ``banners`` columns, and for a question of ticks (multiple choice, themes) the
    respondents who answered in each segment and banner column after the ticks."""

    rows: int
    segments: int
    banners: int
    ticks: bool

    @property
    def size(self) -> int:
        answered = self.segments * self.banners if self.ticks else 0
        return self.rows * self.segments * self.banners + answered

    def cell(self, row: int, segment: int, banner: int) -> int:
        return (row * self.segments + segment) * self.banners + banner

    def answered(self, segment: int, banner: int) -> int:
        return self.rows * self.segments * self.banners + segment * self.banners + banner

    def vector(self, rows: dict[int, float], segments: Sequence[int] | None = None,
               banners: Sequence[int] | None = None) -> np.ndarray:
        """The sum over ``rows`` (weights: a grouping's levels), ``segments`` and
        ``banners`` columns (all by default)."""
        out = np.zeros(self.size)
        for row, weight in rows.items():
            for segment in range(self.segments) if segments is None else segments:
                for banner in range(self.banners) if banners is None else banners:
                    out[self.cell(row, segment, banner)] = weight
        return out

    def base(self, segments: Sequence[int] | None = None,
             banners: Sequence[int] | None = None) -> np.ndarray:
        """Who answered, in the given columns."""
        if not self.ticks:
            return self.vector({row: 1.0 for row in range(self.rows)}, segments, banners)
        out = np.zeros(self.size)
        for segment in range(self.segments) if segments is None else segments:
            for banner in range(self.banners) if banners is None else banners:
                out[self.answered(segment, banner)] = 1.0
        return out


@dataclass(frozen=True)
class _Published:
    """What a question's table publishes: per published row, its kind, code and the
    answers it adds up."""

    question: Question
    item: str | None
    rows: list[tuple[str, str, dict[int, float]]]
    mentions: bool = False
    """A multiple choice's shares of mentions: their base adds up the options."""


def cross_segment_hidden(survey: Survey, by: str, published: Sequence[str],
                         whole: FigureTable, segment_tables: dict[str, FigureTable],
                         thresholds, matches: dict[str, pd.DataFrame],
                         banners: Sequence[str] = ()) -> dict[str, set[Key]]:
    """Per published segment (option codes of ``by``), the keys of its cells to hide: its
    own table's hidden cells, small cells, and what protects them across segments.
    ``banners`` are the whole sample's (the segments are crossed by the same but ``by``)."""
    codes = [option.code for option in survey.questionnaire.question(by).options]
    segment_of = category_codes(survey.answers[by], codes).astype(int)
    segment_of[segment_of < 0] = len(codes)  # no answer: a column no edition publishes
    flags = {code: _flags(table) for code, table in segment_tables.items()}
    national = _flags(whole)
    hidden: dict[str, set[Key]] = {code: {(code, *key) for key, suppressed
                                          in flags[code].items() if suppressed}
                                   for code in published}
    context = _Context(survey, by, codes, segment_of, list(published), national, matches,
                       thresholds.suppress, by in banners)
    from threadpoolctl import threadpool_limits

    # Many small matrices: one BLAS thread each is ten times faster than threads that
    # contend for the cores.
    with threadpool_limits(1, user_api="blas"):
        _protect_tables(context, hidden, [banner for banner in banners if banner != by])
    return hidden


def _protect_tables(context: _Context, hidden: dict[str, set[Key]], crossed: list[str]
                    ) -> None:
    for table in _tables(context.survey, context.matches, context.by):
        systems = [_build(context, table, banner, hidden) for banner in (crossed or [None])]
        changed = True
        while changed:  # a cell one banner's relations hide is hidden in the others' too
            before = sum(map(len, hidden.values()))
            for system in systems:
                _protect(system, hidden)
            changed = len(systems) > 1 and sum(map(len, hidden.values())) != before


@dataclass(frozen=True)
class _Context:
    survey: Survey
    by: str
    codes: list[str]
    """The options of ``by``: the segment columns, before the "no answer" one."""
    segment_of: np.ndarray
    published: list[str]
    national: dict
    matches: dict[str, pd.DataFrame]
    suppress: int
    by_is_banner: bool
    """The whole sample's edition crosses every question by ``by``: its crosstab's cells
    are the segments' cells."""


def _flags(table: FigureTable) -> dict[tuple, bool]:
    """Each published cell's key (question, item, kind, code, banner, banner option) and
    whether the table hides it (shares of mentions count the same respondents as their
    option's share of respondents)."""
    frame = table.table
    frame = frame[frame["measure"].isin(("respondents", "level", "group", "theme"))]
    out = {}
    for row in frame.itertuples(index=False):
        kind, code = ("group", row.group) if row.group is not None else ("option", row.option)
        out[(row.question, row.item, kind, code, row.banner, row.banner_option)] = \
            bool(row.suppressed)
    return out


def _tables(survey: Survey, matches: dict[str, pd.DataFrame], by: str):
    """Each table of published rows whose respondents add up: a single choice's, a grid
    item's (levels and groupings), a multiple choice's, an open question's themes."""
    questionnaire = survey.questionnaire
    for question in questionnaire.questions:
        if question.id == by:
            continue
        if question.type == "single":
            yield _Published(question, None, [("option", option.code, {r: 1.0}) for r, option
                                              in enumerate(question.options)])
        elif question.type == "grid":
            scale = questionnaire.scale_of(question)
            levels = [level.code for level in scale.levels]
            rows = [("option", code, {r: 1.0}) for r, code in enumerate(levels)]
            rows += [("group", group.id, {levels.index(code): 1.0 for code in group.levels})
                     for group in scale.groups]
            for item in question.items:
                yield _Published(question, item.code, rows)
        elif question.type == "multiple":
            yield _Published(question, None, [("option", option.code, {r: 1.0}) for r, option
                                              in enumerate(question.options)], mentions=True)
        elif question.type == "open" and matches.get(question.id) is not None \
                and not matches[question.id].empty:
            yield _Published(question, None, [("option", theme, {r: 1.0}) for r, theme
                                              in enumerate(matches[question.id].columns)])


def _truth(context: _Context, table: _Published, layout: _Layout, banner_of: np.ndarray
           ) -> np.ndarray:
    """The true counts of the unknowns, from the answers."""
    survey, question = context.survey, table.question
    truth = np.zeros(layout.size)
    column = context.segment_of * layout.banners + banner_of
    block = layout.segments * layout.banners
    if not layout.ticks:
        key = question.id if table.item is None else f"{question.id}:{table.item}"
        codes = [code for kind, code, _ in table.rows if kind == "option"]
        rows = category_codes(survey.answers[key], codes).astype(int)
        chosen = rows >= 0
        truth[:] = np.bincount(rows[chosen] * block + column[chosen],
                               minlength=layout.rows * block)
        return truth
    answered = survey.answered(question).to_numpy()
    if question.type == "multiple":
        ticks = survey.answers[[f"{question.id}:{code}" for _, code, _ in table.rows]] \
            .to_numpy(dtype=float, na_value=np.nan) == 1
    else:
        ticks = context.matches[question.id].to_numpy(dtype=bool)
    for row in range(layout.rows):
        chosen = answered & ticks[:, row]
        truth[row * block:(row + 1) * block] = np.bincount(column[chosen], minlength=block)
    truth[layout.rows * block:] = np.bincount(column[answered], minlength=block)
    return truth


def _build(context: _Context, table: _Published, banner: str | None,
           hidden: dict[str, set[Key]]) -> _System:
    """The relations of one table (crossed by ``banner`` when given); the segments' small
    cells are added to ``hidden``."""
    survey, question, item = context.survey, table.question, table.item
    if banner is not None:
        options = [option.code for option in survey.questionnaire.question(banner).options]
        banner_of = category_codes(survey.answers[banner], options).astype(int)
        banner_of[banner_of < 0] = len(options)
    else:
        options, banner_of = [], np.zeros(len(survey.answers), dtype=int)
    ticks = table.mentions or question.type == "open"
    layout = _Layout(sum(kind == "option" for kind, _, _ in table.rows),
                     len(context.codes) + 1, len(options) + 1, ticks)
    system = _System(_truth(context, table, layout, banner_of))
    if ticks:
        system.at_most = [(layout.cell(row, s, b), layout.answered(s, b))
                          for row in range(layout.rows) for s in range(layout.segments)
                          for b in range(layout.banners)]

    def whole_publishes(kind: str, code: str, banner_id=None, option=None) -> bool:
        return not context.national.get((question.id, item, kind, code, banner_id, option),
                                        True)

    # The whole sample: its base and figures (a share of mentions' base adds up the
    # options), its crosstab by the banner (bases, the cells it publishes).
    system.add(layout.base())
    for kind, code, members in table.rows:
        if whole_publishes(kind, code):
            system.add(layout.vector(members))
    if table.mentions:
        system.add(layout.vector({row: 1.0 for row in range(layout.rows)}))
    for b, option in enumerate(options):
        system.add(layout.base(banners=[b]))
        for kind, code, members in table.rows:
            if whole_publishes(kind, code, banner, option):
                system.add(layout.vector(members, banners=[b]))
    # Each answer of the segments' question: a published segment's cells, which it may
    # hide; else, when that question is one of the whole sample's banners, its crosstab's.
    for s, code in enumerate(context.codes):
        if code in context.published:
            _segment(system, layout, table, s, code, banner, options, hidden[code], context,
                     whole_publishes)
        elif context.by_is_banner:
            system.add(layout.base(segments=[s]))
            for kind, row_code, members in table.rows:
                if whole_publishes(kind, row_code, context.by, code):
                    system.add(layout.vector(members, segments=[s]))
    return system


def _segment(system: _System, layout: _Layout, table: _Published, s: int, code: str,
             banner: str | None, options: list[str], hidden: set[Key], context: _Context,
             whole_publishes) -> None:
    """A published segment's sums: its bases (published), its figures and its crosstab's
    cells (hidden when small, or when its question's base is under the minimum)."""
    question, item = table.question, table.item
    base = layout.base(segments=[s])
    system.add(base)
    small_base = float(base @ system.truth) < context.suppress
    if table.mentions:
        system.add(layout.vector({row: 1.0 for row in range(layout.rows)}, segments=[s]))
    for kind, row_code, members in table.rows:
        key = (code, question.id, item, kind, row_code, None, None)
        vector = layout.vector(members, segments=[s])
        value = float(vector @ system.truth)
        if small_base or 0 < value < context.suppress or (
                context.by_is_banner and not whole_publishes(kind, row_code, context.by,
                                                             code)):
            hidden.add(key)
        system.add(vector, key)
    for b, option in enumerate(options):
        system.add(layout.base(segments=[s], banners=[b]))
        for kind, row_code, members in table.rows:
            system.add(layout.vector(members, segments=[s], banners=[b]),
                       (code, question.id, item, kind, row_code, banner, option))


def _protect(system: _System, hidden: dict[str, set[Key]]) -> None:
    """Hide more published segment cells until no hidden one is fixed by the published
    sums, as linear algebra, then linear programming with the counts' bounds, finds."""
    matrix = np.array(system.rows)
    values = matrix @ system.truth
    hideable = np.array([key is not None for key in system.keys])
    given_up: set[int] = set()
    while True:
        concealed = np.array([key is not None and key in hidden[key[0]]
                              for key in system.keys])
        exposed = [index for index in _fixed(matrix, values, concealed, system.at_most)
                   if index not in given_up]
        bounded = not exposed
        if bounded:
            exposed = _bounded(matrix, values, concealed, system, given_up)
        if not exposed:
            return
        cell = exposed[0]
        chosen = _cover(matrix, values, concealed, hideable, cell, system, bounded)
        if chosen is None:
            # Nothing a segment publishes protects it: the whole sample's figures fix it
            # (a segment holding every respondent), which its edition does not change.
            given_up.add(cell)
            continue
        key = system.keys[chosen]
        hidden[key[0]].add(key)


def _pinned(matrix: np.ndarray, values: np.ndarray, concealed: np.ndarray,
            at_most: list[tuple[int, int]]) -> np.ndarray:
    """The unknowns a reader knows are zero: in a published sum of zero (counts are never
    negative), or at most one of them (no option ticked where nobody answered)."""
    zero = np.zeros(matrix.shape[1], dtype=bool)
    for row in np.flatnonzero(~concealed & (np.abs(values) < 0.5)):
        if (matrix[row] >= 0).all():
            zero |= matrix[row] != 0
    changed = True
    while changed:
        changed = False
        for i, j in at_most:
            if zero[j] and not zero[i]:
                zero[i] = changed = True
    return zero


def _fixed(matrix: np.ndarray, values: np.ndarray, concealed: np.ndarray,
           at_most: list[tuple[int, int]]) -> list[int]:
    """The concealed sums that the published ones fix: those in the published sums' row
    space (orthogonal to their null space), once the unknowns known to be zero are out."""
    hidden_rows = np.flatnonzero(concealed)
    if not len(hidden_rows):
        return []
    reduced = matrix[:, ~_pinned(matrix, values, concealed, at_most)]
    null = _null_space(reduced[~concealed], reduced.shape[1])
    if null.shape[0] == 0:
        return [int(index) for index in hidden_rows]
    residue = np.abs(reduced[hidden_rows] @ null.T).max(axis=1)
    scale = np.abs(matrix[hidden_rows]).max(axis=1)
    return [int(index) for index, left, size in zip(hidden_rows, residue, scale, strict=True)
            if left < _TOLERANCE * max(1.0, size)]


def _null_space(published: np.ndarray, size: int) -> np.ndarray:
    """An orthonormal basis (as rows) of the unknowns' directions no published sum sees:
    the eigenvectors of the published sums' Gram matrix with a zero eigenvalue (the small
    symmetric problem, not the published sums' whole singular value decomposition)."""
    if not len(published):
        return np.eye(size)
    eigenvalues, vectors = np.linalg.eigh(published.T @ published)
    zero = eigenvalues <= 1e-10 * max(1.0, float(eigenvalues.max()))
    return vectors[:, zero].T


def _bounded(matrix: np.ndarray, values: np.ndarray, concealed: np.ndarray,
             system: _System, given_up: set[int]) -> list[int]:
    """The first concealed sum whose range, given the published sums, that no count is
    below zero and that no option is ticked by more than answered, holds a single whole
    number (``scipy.optimize.linprog``); those found safe are remembered."""
    for index in np.flatnonzero(concealed):
        index = int(index)
        if index in system.safe or index in given_up:
            continue
        if _single_whole_number(*sum_range(matrix[~concealed], values[~concealed],
                                           matrix[index], system.at_most,
                                           system.truth.size)):
            return [index]
        system.safe.add(index)
    return []


def sum_range(equalities: np.ndarray, totals: np.ndarray, target: np.ndarray,
              at_most: list[tuple[int, int]], size: int) -> tuple[float, float]:
    """The least and greatest value of ``target @ x`` over non-negative ``x`` with
    ``equalities @ x == totals`` and ``x[i] <= x[j]`` for each (i, j) of ``at_most``."""
    from scipy.optimize import linprog

    upper = None
    if at_most:
        upper = np.zeros((len(at_most), size))
        for row, (i, j) in enumerate(at_most):
            upper[row, i], upper[row, j] = 1.0, -1.0
    found = []
    for sign in (1.0, -1.0):
        result = linprog(sign * target, A_ub=upper,
                         b_ub=None if upper is None else np.zeros(len(at_most)),
                         A_eq=equalities if len(equalities) else None,
                         b_eq=totals if len(equalities) else None,
                         bounds=(0, None), method="highs")
        found.append(sign * result.fun if result.status == 0 else sign * np.inf)
    return found[0], found[1]


def _single_whole_number(low: float, high: float) -> bool:
    return np.isfinite(low) and np.isfinite(high) and \
        np.floor(high + 1e-6) - np.ceil(low - 1e-6) < 1


def _cover(matrix: np.ndarray, values: np.ndarray, concealed: np.ndarray,
           hideable: np.ndarray, cell: int, system: _System, bounded: bool) -> int | None:
    """The published segment sum to hide so that ``cell`` is no longer fixed: among those
    in a relation with it (a published sum sharing an unknown with both), the smallest
    non-zero count first (least lost; a hidden zero protects less than it seems), then
    any other; None when hiding every one of them would still leave it fixed.
    ``bounded``: only linear programming found it fixed (and is asked again)."""
    open_ = np.flatnonzero(hideable & ~concealed)
    if not len(open_):
        return None
    support = matrix != 0
    relations = np.flatnonzero(~concealed & (support @ support[cell] > 0))
    near = support[relations].any(axis=0) if len(relations) else support[cell]
    related = support[open_] @ near > 0
    ranked = [int(index) for _, index in sorted(
        zip(related, open_, strict=True),
        key=lambda pair: (not pair[0], values[pair[1]] <= 0, values[pair[1]], pair[1]))]

    def still_fixed(trial: np.ndarray) -> bool:
        if cell in _fixed(matrix, values, trial, system.at_most):
            return True
        return bounded and _single_whole_number(*sum_range(
            matrix[~trial], values[~trial], matrix[cell], system.at_most, system.truth.size))

    for candidate in ranked[:8]:
        trial = concealed.copy()
        trial[candidate] = True
        if not still_fixed(trial):
            return candidate
    if still_fixed(concealed | hideable):
        return None
    return ranked[0]


def hide_in_segment(table: FigureTable, keys: set[Key]) -> FigureTable:
    """A segment's figures table with the cells of ``keys`` hidden: not published, in no
    test nor letter. The tests against the rest of the sample of a family that holds a
    hidden cell are withheld: a single choice's options and a grid item's levels are
    tested together (the table's test and Holm's step read every cell, so they would point
    at the hidden one); an option ticked, a theme and a grouping are each tested alone
    against the rest, from figures that are all published."""
    frame = table.table.copy()
    wanted = {key[1:] for key in keys}
    hidden = _matching(frame, wanted) | frame["suppressed"].to_numpy()
    frame = _hidden(frame, hidden)
    family = _test_family(frame)
    own = frame["banner"].isna().to_numpy()
    hiding = set(family[hidden & own])
    withheld = family.isin(hiding).to_numpy() & own
    frame.loc[withheld, "segment_p"] = np.nan
    frame.loc[withheld, "segment_differs"] = None
    return FigureTable(table=frame, thresholds=table.thresholds, weights=table.weights)


def _test_family(frame: pd.DataFrame) -> pd.Series:
    """Per row, the family of tests it is adjusted with: the question and item for a
    single choice's options and a grid's levels, the row itself for an option of a
    multiple choice, a theme or a grouping."""
    multiple = set(frame.loc[frame["measure"] == "mentions", "question"])
    alone = frame["measure"].isin(("theme", "group", "mentions")) \
        | frame["question"].isin(multiple)
    table = _joined(frame, ["question", "item"])
    own = _joined(frame, ["question", "item", "option", "group"])
    return table.where(~alone, own)


def _joined(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """The columns' values joined as one text per row (a missing value as nothing)."""
    parts = [frame[column].astype(object).where(frame[column].notna(), "").map(str)
             for column in columns]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "\0" + part
    return joined


def hide_in_whole(table: FigureTable, by: str, hidden: dict[str, set[Key]]) -> FigureTable:
    """The whole sample's figures with its crosstab by ``by`` hiding what the segments
    hide (its cells are the segments' cells)."""
    wanted = {(question, item, kind, code, by, segment)
              for segment, keys in hidden.items()
              for _, question, item, kind, code, banner, _ in keys if banner is None}
    frame = table.table.copy()
    matched = _matching(frame, wanted)
    if not matched.any():
        return table
    frame = _hidden(frame, matched | frame["suppressed"].to_numpy())
    return FigureTable(table=frame, thresholds=table.thresholds, weights=table.weights)


def _matching(frame: pd.DataFrame, wanted: set[tuple]) -> np.ndarray:
    """Rows of ``frame`` whose (question, item, kind, code, banner, banner option) is one
    of ``wanted``, every measure of it (a share of mentions with its option's)."""
    if not wanted:
        return np.zeros(len(frame), dtype=bool)
    counted = frame["measure"].isin(("respondents", "mentions", "level", "group", "theme"))
    keys = [(row.question, row.item, "group" if row.group is not None else "option",
             row.group if row.group is not None else row.option, row.banner,
             row.banner_option) for row in frame.itertuples(index=False)]
    return np.array([key in wanted for key in keys]) & counted.to_numpy()


def _hidden(frame: pd.DataFrame, hidden: np.ndarray) -> pd.DataFrame:
    """``frame`` with the rows of ``hidden`` suppressed and out of every comparison: no
    flag, p-value or letter, and no other cell of their row lettered against them."""
    newly = hidden & ~frame["suppressed"].to_numpy()
    frame.loc[newly, ["cell_p", "segment_p"]] = np.nan
    for column in ("differs", "higher_than", "segment_differs"):
        frame.loc[newly, column] = None
    frame["suppressed"] = hidden
    crossed = frame["banner"].notna() & frame["higher_than"].notna()
    if crossed.any():
        row_of = _joined(frame, ["question", "item", "option", "group", "measure", "banner"])
        gone = set(zip(row_of[hidden], frame.loc[hidden, "banner_option"], strict=True))
        for index in np.flatnonzero(crossed.to_numpy()):
            kept = [code for code in frame["higher_than"].iat[index].split(";")
                    if (row_of.iat[index], code) not in gone]
            frame.iat[index, frame.columns.get_loc("higher_than")] = ";".join(kept) or None
    return frame
