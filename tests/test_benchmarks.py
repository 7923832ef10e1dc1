"""The benchmark harness: figures merged into one JSON file per run, two runs compared."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import REPO

BENCHMARKS = REPO / "benchmarks"


def test_a_run_writes_its_figures_and_two_runs_compare(tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    for path in (old, new):
        subprocess.run([sys.executable, str(BENCHMARKS / "bench_stats.py"), "--json",
                        str(path), "2000"], check=True, capture_output=True,
                       env={"PYTHONPATH": str(REPO / "src")})
    data = json.loads(new.read_text(encoding="utf-8"))
    assert set(data["figures"]["stats"]) == {"strings 2000", "categorical 2000",
                                             "open answers 2000", "open, repeated 2000"}
    # The open questions add 6 themes each: their share of answers, and their crosstabs.
    assert data["figures"]["stats"]["open answers 2000"]["figures"] == \
        data["figures"]["stats"]["categorical 2000"]["figures"] + 18
    figure = data["figures"]["stats"]["categorical 2000"]
    # 93 figures: the numeric question's summary (n, mean and its interval, SD, min,
    # quartiles, median, max: 7 rows) and its histogram (10 bins) among them; the crosstab
    # cells hold its statistics by each banner option (the means by group).
    assert (figure["respondents"], figure["figures"], figure["crosstab_cells"]) == \
        (2000, 93, 634)
    assert figure["seconds"] > 0 and data["machine"]["cores"] and data["commit"]
    done = subprocess.run([sys.executable, str(BENCHMARKS / "compare.py"), str(old),
                           str(new)], check=True, capture_output=True, text=True)
    rows = [line for line in done.stdout.splitlines() if line.startswith("| stats / ")]
    assert "| stats / categorical 2000 / crosstab_cells | 634.000 | 634.000 | 1.00 |" in rows
    assert any(row.startswith("| stats / strings 2000 / seconds | ") for row in rows)
