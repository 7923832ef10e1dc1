"""Confidence intervals for proportions.

Wilson's score interval at 95 %: it stays inside [0, 1] and behaves at small bases and
extreme shares, where the normal approximation does not (Brown, Cai and DasGupta, 2001).
"""

from __future__ import annotations

import numpy as np

Z_95 = 1.959963984540054


def wilson_interval(count, base, z: float = Z_95):
    """Lower and upper bounds of the Wilson interval; NaN where the base is zero.

    Works elementwise on arrays as well as on numbers.
    """
    count = np.asarray(count, dtype=float)
    base = np.asarray(base, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = count / base
        denominator = 1 + z**2 / base
        centre = (share + z**2 / (2 * base)) / denominator
        half = z * np.sqrt(share * (1 - share) / base + z**2 / (4 * base**2)) / denominator
    # Clipped: at a share of 0 or 1 the bound is exactly 0 or 1, up to floating-point noise.
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)
