"""What the methods note says about the estimation: the sampling design, the intervals and
the tests.

Input: the figures' ``Weights`` (their design's summary), report.yaml's interval method,
the crosstabs' ``CountOfTests`` and the number of trend tests.
Output: a mapping templates read (``estimation`` in their context), its sentences worded by
the catalogue (``theme/messages/<lang>.yaml``): the publication's words never come from code.
"""

from __future__ import annotations

from ..wording import say
from .multiplicity import CountOfTests
from .weights import Weights


def design_sentence(weights: Weights | None) -> str | None:
    """The sampling design in one sentence; None for a simple random sample (weighted or
    not: the weighting has its own paragraph)."""
    if weights is None:
        return None
    summary = weights.summary
    parts = []
    if summary.replicates:
        parts.append(say("design.replicates", count=summary.replicates,
                         method=summary.replicate_method))
    if summary.strata:
        parts.append(say("design.strata", column=summary.stratum_column,
                         count=summary.strata))
    if len(summary.cluster_columns) == 1:
        parts.append(say("design.clusters", count=summary.psus,
                         column=summary.cluster_columns[0]))
    elif len(summary.cluster_columns) == 2:
        parts.append(say("design.two_stages", psus=summary.psus,
                         first=summary.cluster_columns[0], units=summary.second_stage_units,
                         second=summary.cluster_columns[1]))
    if summary.fpc:
        parts.append(say("design.fpc"))
    if not parts:
        return None
    if weights.method != "equal":
        parts.insert(0, say("design.weights"))
    return say("design.sentence", parts=", ".join(parts),
               variance=say(f"design.variance.{summary.variance}"))


def _counted(code: str, count: int) -> str:
    return say(f"{code}.{'one' if count == 1 else 'other'}", count=_number(count))


def sentence_on_tests(tests: CountOfTests, trend_tests: int = 0) -> str | None:
    """How many tests the publication ran (crosstabs, comparisons of columns, changes since
    the previous edition) and how they are corrected; None without any test."""
    parts = [_counted(f"tests.{kind}", count) for kind, count in (
        ("tables", tests.tables), ("cells", tests.cells),
        ("comparisons", tests.comparisons), ("trends", trend_tests)) if count]
    if not parts:
        return None
    total = tests.total + trend_tests
    sentence = say(f"tests.total.{'one' if total == 1 else 'other'}", count=_number(total),
                   parts=", ".join(parts))
    notes = []
    if tests.tables or tests.cells:
        notes.append(say(f"tests.correction.{tests.family}",
                         method=say(f"tests.method.{tests.method}")))
    if tests.comparisons:
        notes.append(say("tests.comparisons_note"))
    if trend_tests:
        notes.append(say("tests.trends_note"))
    return " ".join([sentence, *notes])


def _number(count: int) -> str:
    from ..formatting import fmt_count  # formatting imports stats: imported when used

    return fmt_count(count)


def estimation_summary(weights: Weights | None, interval: str,
                       tests: CountOfTests | None = None, trend_tests: int = 0) -> dict:
    """What templates read as ``estimation``: ``.design`` (a sentence, None for a simple
    random sample) under ``.design_label``, ``.interval`` (the intervals' method, worded)
    under ``.interval_label``, ``.interval_method``, ``.tests`` (how many tests the
    publication ran and how they are corrected, None without any) under ``.tests_label``
    and ``.test_count`` (the numbers: ``.tables``, ``.cells``, ``.comparisons``,
    ``.total``, ``.family``, ``.method``), ``.crosstabs`` (which test of independence and
    which rule flags a cell)."""
    tests = tests or CountOfTests()
    kind = "simple" if weights is None else (
        "design" if design_sentence(weights) else "weighted")
    crosstabs = " ".join([say(f"tests.independence.{kind}"),
                          say(f"tests.flag_rule.{tests.family}")])
    return {"crosstabs": crosstabs, "design_label": say("design.label"),
            "design": design_sentence(weights),
            "interval_label": say("interval.label"),
            "interval": say("interval.sentence", method=say(f"interval.{interval}")),
            "interval_method": interval, "tests_label": say("tests.label"),
            "tests": sentence_on_tests(tests, trend_tests), "test_count": tests,
            "trend_tests": trend_tests}
