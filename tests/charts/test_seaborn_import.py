"""The charts import seaborn without SciPy's statistics and clustering, which no chart uses;
both still import afterwards for whoever needs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parents[2] / "src"

PROBE = """
import json, sys
import barorapport.charts.draw
loaded = sorted(name for name in sys.modules if name.startswith(("scipy.stats", "scipy.cluster")))
import scipy.stats, scipy.cluster.hierarchy
print(json.dumps({"loaded": loaded, "p": round(float(scipy.stats.chi2.sf(3.841, 1)), 3)}))
"""


def test_charts_leave_scipy_stats_and_cluster_unimported_and_importable():
    found = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONPATH": str(SRC)})
    assert json.loads(found.stdout) == {"loaded": [], "p": 0.05}
