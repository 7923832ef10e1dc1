"""Wilson intervals against statsmodels' ``proportion_confint(method='wilson')``."""

from __future__ import annotations

import numpy as np
from statsmodels.stats.proportion import proportion_confint

from barorapport.stats import wilson_interval


def test_wilson_matches_statsmodels_over_counts_and_bases():
    bases = np.array([1, 2, 7, 10, 29, 30, 100, 1939, 6366])
    for base in bases:
        counts = np.arange(base + 1) if base <= 100 else np.array([0, 1, 57, base // 2, base])
        low, high = wilson_interval(counts, np.full(len(counts), base))
        expected_low, expected_high = proportion_confint(counts, base, alpha=0.05,
                                                         method="wilson")
        np.testing.assert_allclose(low, expected_low, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(high, expected_high, rtol=1e-9, atol=1e-12)


def test_bounds_stay_within_zero_and_one():
    low, high = wilson_interval([0, 5], [5, 5])
    assert low[0] == 0.0 and high[1] == 1.0


def test_zero_base_gives_no_interval():
    low, high = wilson_interval(0, 0)
    assert np.isnan(low) and np.isnan(high)
