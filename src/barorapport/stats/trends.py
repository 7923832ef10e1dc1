"""Trends: each figure of an edition against the same figure in the previous editions.

Input: the current ``FigureTable`` and the previous editions' tables, newest first, each with
the function that says why a figure does not compare across that step (the questionnaire
changed; see ``survey.compare``); each table's weights say how it was weighted and drawn
(a change of either is a reason too). Output: a ``TrendTable``, one ``Trend`` per whole-sample
share: previous share, change in points, whether the change is significant (two-proportion
z-test at 95 %, docs/statistics.md), or the reason it is not compared; and the series of
comparable values over the editions, for charts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

# scipy.special, not scipy.stats: the same functions behind chi2.sf and norm.sf
# (chdtrc, ndtr), without the 0.5 s and 46 MiB of importing scipy.stats; imported where a
# trend is tested.
from ..errors import StatsError
from ..wording import say
from .figures import Figure, FigureTable
from .weights import scheme, scheme_change

TESTED = ("respondents", "level", "group", "theme")
"""Shares of respondents: two independent samples of people, which the test assumes. Shares
of mentions are compared but not tested (a respondent gives several mentions)."""
COMPARED = (*TESTED, "mentions")
ALPHA = 0.05

Key = tuple[str, str | None, str | None, str | None, str]
"""question, item, option, group, measure: a whole-sample figure's identity across editions."""
Reason = Callable[[Figure], str | None]
"""Why a figure does not compare with the previous edition's; None when it does."""


def two_proportion_test(count_a: float, base_a: float, count_b: float, base_b: float
                        ) -> tuple[float, float]:
    """Two-sided z-test of equal proportions with the pooled variance: (z, p-value).

    Shares of 0 or 1 in both samples leave no variance: z = 0, p = 1 (no difference).
    """
    pooled = (count_a + count_b) / (base_a + base_b)
    variance = pooled * (1 - pooled) * (1 / base_a + 1 / base_b)
    if variance <= 0:
        return 0.0, 1.0
    z = (count_a / base_a - count_b / base_b) / math.sqrt(variance)
    from scipy import special

    return z, float(2 * special.ndtr(-abs(z)))


@dataclass(frozen=True)
class PreviousEdition:
    """One earlier edition, as trends need it."""

    name: str
    figures: FigureTable
    reason: Reason
    """Why a figure of the edition after this one does not compare with this one's."""


@dataclass(frozen=True)
class Trend:
    """A figure against the previous edition's."""

    question: str
    item: str | None
    option: str | None
    group: str | None
    measure: str
    label: str
    share: float
    previous_edition: str | None
    previous_share: float | None = None
    delta_points: float | None = None
    """Current share minus previous share, in percentage points."""
    p_value: float | None = None
    significant: bool | None = None
    """None when not tested (shares of mentions) or not compared."""
    reason: str | None = None
    """Why the figure is not compared (worded in the publication's language, for a
    footnote); None when it is."""
    reason_code: str | None = None
    """The code of ``reason`` (``trend.too_few``, ``compare.changed``...): what code decides
    by (``barorapport.wording``)."""
    series: tuple[tuple[str, float], ...] = ()
    """(edition, share) from the oldest comparable edition to this one."""

    @property
    def comparable(self) -> bool:
        return self.reason is None

    @property
    def previous_percent(self) -> float | None:
        return None if self.previous_share is None else self.previous_share * 100


def _key(figure: Figure) -> Key:
    return (figure.question, figure.item, figure.option, figure.group, figure.measure)


def _lookup(table: FigureTable) -> dict[Key, Figure]:
    rows = table.table[table.table["banner"].isna()]
    return {_key(figure): figure for question in dict.fromkeys(rows["question"])
            for figure in table.select(question)}


LACK_OF_DATA = ("trend.no_previous", "trend.too_few", "trend.too_few_previous")
"""Reasons a figure is not compared for want of respondents or editions, not a change."""


def _not_compared(figure: Figure, previous: str | None, code: str,
                  reason: str | None = None, **values) -> Trend:
    return Trend(figure.question, figure.item, figure.option, figure.group, figure.measure,
                 figure.label, figure.share, previous,
                 reason=reason or say(code, **values), reason_code=code)


def _trend(figure: Figure, edition: str,
           steps: list[tuple[PreviousEdition, dict[Key, Figure]]], alpha: float,
           changes: list[str | None]) -> Trend:
    if not steps:
        return _not_compared(figure, None, "trend.no_previous")
    newest, lookup = steps[0]
    if changes[0] is not None:  # weighted or drawn otherwise
        return _not_compared(figure, newest.name, changes[0],
                             say(changes[0], previous=newest.name))
    reason = newest.reason(figure)
    before = lookup.get(_key(figure))
    if reason is not None:  # the questionnaire or the themes changed
        return _not_compared(figure, newest.name, "compare.changed", reason)
    if before is None:
        return _not_compared(figure, newest.name, "trend.absent", edition=newest.name)
    if figure.suppressed:
        return _not_compared(figure, newest.name, "trend.too_few")
    if before.suppressed:
        return _not_compared(figure, newest.name, "trend.too_few_previous",
                             edition=newest.name)
    p_value = significant = None
    if figure.measure in TESTED:
        _, p_value = two_proportion_test(*_draws(figure), *_draws(before))
        significant = bool(p_value < alpha)
    return Trend(figure.question, figure.item, figure.option, figure.group, figure.measure,
                 figure.label, figure.share, newest.name, previous_share=before.share,
                 delta_points=(figure.share - before.share) * 100, p_value=p_value,
                 significant=significant, series=_series(figure, edition, steps, changes))


def _draws(figure: Figure) -> tuple[float, float]:
    """(successes, trials) the test counts: the respondents themselves, or for a weighted
    figure its share of the effective base (Kish), which carries the weighting's loss of
    precision into the test."""
    if figure.weighted_count == figure.count and figure.weighted_base == figure.base:
        return figure.count, figure.base
    return figure.share * figure.effective_base, figure.effective_base


def _series(figure: Figure, edition: str, steps, changes: list[str | None]
            ) -> tuple[tuple[str, float], ...]:
    """The comparable run of published values back from the current edition."""
    values = [(edition, figure.share)]
    current = figure
    for (edition, lookup), change in zip(steps, changes, strict=True):
        before = lookup.get(_key(figure))
        if change is not None or edition.reason(current) is not None or before is None \
                or before.suppressed:
            break
        values.append((edition.name, before.share))
        current = before
    return tuple(reversed(values))


@dataclass(frozen=True)
class TrendTable:
    """Every whole-sample share of an edition against the previous edition's."""

    edition: str
    previous: str | None
    figures: FigureTable
    trends: dict[Key, Trend] = field(default_factory=dict)

    def get(self, question: str, **keys) -> Trend:
        """The trend of the one figure ``fig(question, **keys)`` names."""
        if keys.get("banner") is not None:
            raise StatsError(f"trend of question '{question}': trends are computed for the "
                             "whole sample only (no banner)")
        figure = self.figures.get(question, **keys)
        return self.trends[_key(figure)]

    def of(self, figure: Figure) -> Trend | None:
        return self.trends.get(_key(figure))

    def significant(self) -> list[Trend]:
        """The significant changes, in questionnaire order."""
        return [trend for trend in self.trends.values() if trend.significant]

    def not_compared(self) -> list[tuple[str, str]]:
        """(question, reason) for each question some of whose figures are not compared
        because of a change (not for want of respondents), each once."""
        seen = {}
        for trend in self.trends.values():
            if trend.reason and trend.reason_code not in LACK_OF_DATA:
                seen.setdefault((trend.question, trend.reason), None)
        return list(seen)


def compute_trends(figures: FigureTable, edition: str, previous: Sequence[PreviousEdition],
                   alpha: float = ALPHA) -> TrendTable:
    """The trends of ``figures`` (edition ``edition``) against ``previous``, newest first."""
    steps = [(past, _lookup(past.figures)) for past in previous]
    # Each step's change of weighting or design: the edition after it against it.
    schemes = [scheme(figures.weights)] + [scheme(past.figures.weights) for past in previous]
    changes = [scheme_change(after, before) for after, before in pairwise(schemes)]
    trends = {key: _trend(figure, edition, steps, alpha, changes)
              for key, figure in _lookup(figures).items() if figure.measure in COMPARED}
    return TrendTable(edition=edition, previous=previous[0].name if previous else None,
                      figures=figures, trends=trends)



def delta_columns(table: TrendTable | None, figures: FigureTable) -> dict[str, list]:
    """The annex's trend columns, row by row of ``figures.table``: previous_share,
    delta_points, delta_significant, comparable_reason (empty without a previous edition,
    for crosstab cells and for what is not a share)."""
    columns = {"previous_share": [], "delta_points": [], "delta_significant": [],
               "comparable_reason": []}
    records = figures.table[["question", "item", "option", "group", "measure",
                             "banner"]].to_dict("records")
    for record in records:
        trend = None
        if table is not None and table.previous is not None and _missing(record["banner"]):
            trend = table.trends.get(tuple(None if _missing(record[name]) else record[name]
                                           for name in ("question", "item", "option",
                                                        "group", "measure")))
        columns["previous_share"].append(trend.previous_share if trend else None)
        columns["delta_points"].append(trend.delta_points if trend else None)
        columns["delta_significant"].append(
            None if trend is None or trend.significant is None else trend.significant)
        columns["comparable_reason"].append(trend.reason if trend else None)
    return columns


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))
