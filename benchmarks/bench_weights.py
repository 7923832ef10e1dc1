"""Benchmark of weighting: raking to two margins, and the whole weighted figures table.

Run with ``python benchmarks/bench_weights.py [--json] [sizes...]`` (default 10,000, 100,000
and 1,000,000 synthetic respondents: ``bench_stats.py``'s survey, whose two banner
questions are answered by everyone and serve as the margins). For each size it prints the
best wall time of a few runs and the peak memory (tracemalloc, measured in a separate run
because tracing slows the computation) of:

- ``rake``: raking to the two margins (5 and 4 options) with trimming bounds;
- ``weighted``: ``compute_figures`` with those weights and the two banners (Rao-Scott tests,
  design-based cell tests, Kish bases, mentions' linearised intervals);
- ``unweighted``: the same table without weights, for the ratio.
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bench_stats import synthetic_survey  # noqa: E402

from barorapport.config.report import Thresholds  # noqa: E402
from barorapport.config.weighting import Weighting  # noqa: E402
from barorapport.stats import compute_figures  # noqa: E402
from barorapport.stats.weights import survey_weights  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
REPEATS = 3
WEIGHTING = Weighting.model_validate({
    "margins": [
        {"question": "banner_a", "source": "synthetic",
         "targets": {"1": 0.30, "2": 0.25, "3": 0.20, "4": 0.15, "5": 0.10}},
        {"question": "banner_b", "source": "synthetic",
         "targets": {"1": 0.40, "2": 0.30, "3": 0.20, "4": 0.10}}],
    "trim": {"min": 0.3, "max": 3.0}})


def margin_survey(respondents: int):
    """``bench_stats``' survey with every banner answered (raking needs every answer)."""
    survey = synthetic_survey(respondents)
    answers = survey.answers.copy()
    random = np.random.default_rng(11)
    for question, size in (("banner_a", 5), ("banner_b", 4)):
        values = answers[question].to_numpy(dtype=object)
        missing = pd.isna(values)
        values[missing] = random.integers(1, size + 1, missing.sum()).astype(str)
        answers[question] = values
    return replace(survey, answers=answers)


def _best(function) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - start)
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(timings), peak / 2**20, result


def measure(respondents: int) -> dict:
    survey = margin_survey(respondents)
    rake_seconds, rake_peak, weights = _best(lambda: survey_weights(survey, WEIGHTING))
    banners = ["banner_a", "banner_b"]
    weighted_seconds, weighted_peak, figures = _best(
        lambda: compute_figures(survey, Thresholds(), banners=banners, weights=weights))
    plain_seconds, plain_peak, _ = _best(
        lambda: compute_figures(survey, Thresholds(), banners=banners))
    return {"respondents": respondents, "iterations": weights.iterations,
            "design_effect": round(weights.design_effect, 3),
            "rake_seconds": rake_seconds, "rake_peak_mib": rake_peak,
            "weighted_seconds": weighted_seconds, "weighted_peak_mib": weighted_peak,
            "unweighted_seconds": plain_seconds, "unweighted_peak_mib": plain_peak,
            "ratio": weighted_seconds / plain_seconds, "rows": len(figures.table)}


def main(argv: list[str]) -> None:
    as_json = "--json" in argv
    sizes = [int(size) for size in argv if size != "--json"] or SIZES
    results = []
    if not as_json:
        print(f"{'respondents':>12} {'rake':>9} {'peak':>9} {'sweeps':>6} "
              f"{'weighted':>9} {'peak':>9} {'unweighted':>10} {'peak':>9} {'ratio':>6}")
    for size in sizes:
        result = measure(size)
        results.append(result)
        if not as_json:
            print(f"{result['respondents']:>12,} {result['rake_seconds']:>8.3f}s "
                  f"{result['rake_peak_mib']:>5.0f} MiB {result['iterations']:>6} "
                  f"{result['weighted_seconds']:>8.3f}s {result['weighted_peak_mib']:>5.0f} MiB "
                  f"{result['unweighted_seconds']:>9.3f}s "
                  f"{result['unweighted_peak_mib']:>5.0f} MiB {result['ratio']:>6.2f}")
    if as_json:
        print(json.dumps({"benchmark": "weights", "results": results}))


if __name__ == "__main__":
    main(sys.argv[1:])
