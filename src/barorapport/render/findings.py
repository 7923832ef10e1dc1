"""The leading finding of a question, and how its answers differ between groups, in words.

Input: the figures table, the questionnaire, the decimals of each figure (its chart's) and
the significance level. Output: one sentence each, from the wording catalogue
(``finding.*``), for the text a new survey's first chapter starts from (``init`` writes
``{{ finding("Q1") }}`` and ``{{ differences("Q1", "banner") }}``):

- the most frequent answer with its share and base, then the runner-up; answers whose
  shares print the same at the chart's decimals are said to be tied, never ranked;
- a grid: the item that gathers the most (and the least) of its first grouping, or of its
  most frequent answer;
- a numeric question: its mean and median;
- by a banner: whether the answers differ between its groups, with the test's name and
  p-value, and the cell that differs most from the whole sample; no test is claimed when
  suppression withholds it.
"""

from __future__ import annotations

import math

from ..formatting import fmt_count, fmt_number, fmt_pct
from ..wording import say


def _quoted(label: str) -> str:
    return say("alt.quoted", label=label)


def _listed(labels: list[str]) -> str:
    quoted = [_quoted(label) for label in labels]
    if len(quoted) == 1:
        return quoted[0]
    return say("finding.list_separator").join(quoted[:-1]) + say("alt.and") + quoted[-1]


def p_value(value: float) -> str:
    """``p < 0,001``, else ``p = 0,03`` (two significant digits at most)."""
    if value < 0.001:
        return say("finding.p_below", value=fmt_number(0.001, 3))
    digits = 2 if value >= 0.01 else 3
    return say("finding.p", value=fmt_number(value, digits))


class Findings:
    """The ``finding()`` and ``differences()`` of a build's templates."""

    def __init__(self, figures, questionnaire, digits_of, alpha: float):
        self.figures = figures
        self.questionnaire = questionnaire
        self.digits_of = digits_of
        self.alpha = alpha

    def _pct(self, figure) -> str:
        return fmt_pct(figure, self.digits_of(figure))

    def finding(self, question_id: str) -> str:
        """The leading finding of ``question_id`` (whole sample)."""
        question = self.questionnaire.question(question_id)
        if question.type == "numeric":
            return self._numeric(question_id)
        if question.type == "grid":
            return self._grid(question)
        measure = "respondents" if question.type in ("single", "multiple") else "theme"
        shown = [figure for figure in self.figures.ranked(question_id, measure=measure)
                 if not figure.suppressed]
        if not shown:
            return say("finding.nothing")
        top = shown[0]
        # Tied answers in the questionnaire's order (select's), not by a count they share.
        tied = [figure for figure in self.figures.select(question_id, measure=measure)
                if not figure.suppressed and self._pct(figure) == self._pct(top)]
        kind = "multiple" if question.type == "multiple" else "single"
        base = fmt_count(top.base, mark=False)
        if len(tied) > 1:
            return say(f"finding.{kind}_tie", labels=_listed([f.label for f in tied]),
                       share=self._pct(top), base=base)
        sentence = say(f"finding.{kind}", label=_quoted(top.label), share=self._pct(top),
                       base=base)
        if len(shown) > 1:
            second = shown[1]
            sentence += say("finding.runner_up", label=_quoted(second.label),
                            share=self._pct(second))
        return sentence + "."

    def _numeric(self, question_id: str) -> str:
        mean = self.figures.get(question_id, measure="mean")
        if mean.suppressed:
            return say("finding.nothing")
        median = self.figures.get(question_id, measure="median")
        return say("finding.numeric", mean=fmt_number(mean, 1), median=fmt_number(median, 1),
                   base=fmt_count(mean.base, mark=False))

    def _grid(self, question) -> str:
        scale = self.questionnaire.scale_of(question)
        if scale.groups:
            group = scale.groups[0]
            shares = [self.figures.get(question.id, item=item.code, group=group.id)
                      for item in question.items]
            answer = group.label
        else:
            level = max(scale.levels, key=lambda level: sum(
                figure.weighted_count for figure in
                self.figures.select(question.id, option=level.code, measure="level")))
            shares = [self.figures.get(question.id, item=item.code, option=level.code,
                                       measure="level") for item in question.items]
            answer = level.label
        shown = [figure for figure in shares if not figure.suppressed]
        if not shown:
            return say("finding.nothing")
        ordered = sorted(shown, key=lambda figure: -figure.share)
        most, least = ordered[0], ordered[-1]
        label = question.label_of
        if self._pct(most) == self._pct(least):
            return say("finding.grid_even", answer=_quoted(answer), share=self._pct(most))
        return say("finding.grid", answer=_quoted(answer), most=_quoted(label(most.item)),
                   most_share=self._pct(most), least=_quoted(label(least.item)),
                   least_share=self._pct(least))

    def differences(self, question_id: str, banner: str) -> str:
        """How the answers to ``question_id`` differ between the groups of ``banner``."""
        question = self.questionnaire.question(question_id)
        groups = _quoted(self.questionnaire.question(banner).text)
        cells = self.figures.select(question_id, banner=banner)
        if question.type == "numeric":
            return self._means(cells, groups)
        cells = [cell for cell in cells if cell.measure in ("respondents", "level", "group")]
        if not cells:
            return ""
        if any(cell.suppressed for cell in cells) or all(math.isnan(cell.chi2_p)
                                                         for cell in cells):
            return say("finding.no_test", groups=groups)
        p = min(cell.chi2_p for cell in cells)
        test = say(f"test.{cells[0].test}") if cells[0].test else say("test.pearson")
        if p >= self.alpha:
            return say("finding.no_difference", groups=groups, test=test, p=p_value(p))
        flagged = [cell for cell in cells if cell.differs == "higher"]
        if not flagged:
            return say("finding.difference", groups=groups, test=test, p=p_value(p)) + "."
        whole = {(figure.measure, figure.item, figure.option, figure.group): figure
                 for figure in self.figures.select(question_id)}

        def overall(cell):
            return whole[(cell.measure, cell.item, cell.option, cell.group)]

        cell = max(flagged, key=lambda cell: cell.share - overall(cell).share)
        label = cell.label if cell.item is None else \
            f"{question.label_of(cell.item)} : {cell.label}"
        return say("finding.difference", groups=groups, test=test, p=p_value(p)) + say(
            "finding.higher", label=_quoted(label), group=_quoted(cell.banner_label),
            share=self._pct(cell), whole=self._pct(overall(cell)))

    def _means(self, cells, groups: str) -> str:
        means = [cell for cell in cells if cell.measure == "mean" and not cell.suppressed]
        if len(means) < 2:
            return say("finding.no_test", groups=groups)
        low = min(means, key=lambda cell: cell.value)
        high = max(means, key=lambda cell: cell.value)
        apart = low.ci_high < high.ci_low
        return say("finding.means_apart" if apart else "finding.means_close", groups=groups,
                   low=_quoted(low.banner_label), low_mean=fmt_number(low, 1),
                   high=_quoted(high.banner_label), high_mean=fmt_number(high, 1))
