"""Benchmark a whole build at scale: the 2020 edition with its export grown to 100,000 and
1,000,000 respondents, side by side with the edition as it ships.

Standalone: ``python benchmarks/bench_scale.py [sizes...] [--runs N] [--json FILE]``
(``nox -s bench``; ``--quick``: 10,000 respondents, one run). The project is copied to a
temporary folder; its export keeps the 817 shipped rows as they are (every testimony still
matches its respondent) and adds rows drawn from them with new ids. Their open answers are
new: each one to three sentences drawn from the answers to the same question, so that
nearly all are different, as real answers are (a resampled export would repeat 817 texts,
which the build reads once each). Each run is a cold build (``build/`` and the user's
caches removed) in a child process, the shipped edition's and the grown one's in turn, so
that the ratio grown / shipped is taken pair by pair; wall and processor time and the peak
of the largest process are the kernel's accounting of each child (``wait4``), and the load
average is noted before and after.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import options, ratios, record, report, run_process, summary, timed  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
EDITION = "2020"
SIZES = (100_000, 1_000_000)
OPEN = ("Q5", "Q11", "Q13")
CLI = (sys.executable, "-m", "barorapport.cli", "--quiet")


def _project(folder: Path, respondents: int | None) -> Path:
    """A copy of the 2020 project, its export grown to ``respondents`` (None: as shipped)."""
    for name in ("data", "report", "templates"):
        shutil.copytree(REPO / name, folder / name)
    if respondents is not None:
        _grow(folder / f"data/{EDITION}/responses.csv", respondents)
    return folder


def _grow(export: Path, respondents: int, seed: int = 2020) -> None:
    with export.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    header, shipped = rows[0], rows[1:]
    random = np.random.default_rng(seed)
    columns = [header.index(name) for name in OPEN if name in header]
    sentences = {column: [sentence for row in shipped if row[column]
                          for sentence in re.split(r"(?<=[.!?])\s+", row[column]) if sentence]
                 for column in columns}
    width = len(str(respondents))
    with export.open("a", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        for number in range(len(shipped) + 1, respondents + 1):
            row = list(shipped[random.integers(len(shipped))])
            row[0] = f"R{number:0{width}d}"
            for column in columns:
                if row[column]:
                    drawn = random.integers(0, len(sentences[column]), random.integers(1, 4))
                    row[column] = " ".join(sentences[column][index] for index in drawn)
            writer.writerow(row)


def main(argv: list[str] | None = None) -> None:
    def sizes(parser):
        parser.add_argument("sizes", nargs="*", type=int, help="respondents (default "
                            + ", ".join(f"{size:,}" for size in SIZES) + ")")

    arguments = options(__doc__.splitlines()[0], sizes, argv)
    chosen = arguments.sizes or ((10_000,) if arguments.quick else SIZES)
    figures: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as temporary:
        temporary = Path(temporary)
        home = temporary / "home"
        env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "XDG_CACHE_HOME": str(home),
               "HOME": str(home)}
        shipped = _project(temporary / "shipped", None)

        def cold(project: Path) -> dict[str, float]:
            shutil.rmtree(project / "build", ignore_errors=True)
            shutil.rmtree(home, ignore_errors=True)
            return run_process([*CLI, "build", "--edition", EDITION], project, env)

        for size in chosen:
            with timed(f"the export grown to {size:,} respondents"):
                grown = _project(temporary / f"grown-{size}", size)
            load_before = os.getloadavg()[0]
            with timed(f"cold builds, shipped and {size:,} respondents in turn, "
                       f"{arguments.runs} rounds"):
                rounds = [(cold(shipped), cold(grown)) for _ in range(arguments.runs)]
            small, large = (list(column) for column in zip(*rounds, strict=True))
            figures[f"{size} respondents"] = {
                **summary(large), "load_before": load_before,
                "load_after": os.getloadavg()[0]}
            figures[f"shipped, paired with {size}"] = summary(small)
            figures[f"{size} / shipped"] = ratios(large, small)
            figures[f"{size} / shipped, CPU"] = ratios(large, small, "cpu_s")
            shutil.rmtree(grown)

    rows = {}
    for name, values in figures.items():
        if "median" in values:
            rows[name] = f"{values['median']:.1f} x (min {values['min']:.1f}, " \
                         f"max {values['max']:.1f})"
        else:
            load = (f"; load {values['load_before']:.1f} to {values['load_after']:.1f}"
                    if "load_before" in values else "")
            rows[name] = f"{values['wall_s']:.1f} s wall, CPU {values['cpu_s']:.1f} s, peak " \
                         f"{values['peak_mib']:.0f} MiB (median of {values['runs']}{load})"
    report(f"Build of the {EDITION} edition at scale", rows)
    record(arguments.json, "scale", figures)


if __name__ == "__main__":
    main()
