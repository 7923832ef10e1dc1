"""seaborn, imported without scipy.stats and scipy.cluster.

When SciPy is installed, seaborn imports ``scipy.stats`` (for its kernel density estimates)
and ``scipy.cluster`` (for its clustered heat maps): 0.8 s and about 45 MiB in the build's
process and in every chart worker, for functions no chart of barorapport calls (bars, lines,
palettes and styles only). While seaborn is imported, those two are made unavailable, so
that seaborn takes its own copy of the estimator and leaves clustering out; they import as
usual afterwards, for whoever needs them. When either is already imported, seaborn is
imported as it is.
"""

from __future__ import annotations

import sys

UNUSED = ("scipy.stats", "scipy.cluster")


def _import_seaborn():
    if "seaborn" in sys.modules or any(name in sys.modules for name in UNUSED):
        import seaborn

        return seaborn
    for name in UNUSED:
        sys.modules[name] = None  # "import scipy.stats" raises ImportError
    try:
        import seaborn
    finally:
        for name in UNUSED:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
    return seaborn


sns = _import_seaborn()
