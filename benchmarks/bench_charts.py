"""Benchmark: every chart of a synthetic edition, drawn cold then from the cache.

Run ``python benchmarks/bench_charts.py`` (``--respondents``, ``--repeat``, ``--svg DIR`` to
keep the SVGs). The synthetic edition has the shape of the 2020 barometer: 532 respondents,
three single-choice and three multiple-choice questions, a frequency grid and two agreement
grids, one chart each, plus a chart with confidence intervals. Prints one line per
measure.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import options, record  # noqa: E402

from barorapport.charts import ChartCache, ChartStyle, chart_input  # noqa: E402
from barorapport.config.report import FigureSpec  # noqa: E402
from barorapport.stats import compute_figures  # noqa: E402
from barorapport.survey import load_questionnaire, load_survey  # noqa: E402

FONTS = ROOT / "src/barorapport/theme/assets/fonts"
STYLE = ChartStyle(palette=("#4a90d2", "#0d2f5a", "#e0701b", "#5a2200"), font_family="Lato",
                   font_files=tuple(FONTS / f"Lato-{face}.ttf" for face in ("Regular", "Bold")),
                   source="Source : baromètre synthétique pour les mesures de vitesse")

WORDS = ("accompagnement numérique démarches en ligne personnes accueillies outils de "
         "visioconférence dossier informatisé partage d'informations secret professionnel "
         "réseaux sociaux formation continue messagerie instantanée").split()


def _label(rng: np.random.Generator, index: int) -> str:
    length = int(rng.integers(2, 14))
    return f"{index + 1}. " + " ".join(rng.choice(WORDS, length)).capitalize()


def _questionnaire(rng: np.random.Generator) -> tuple[str, list[tuple[str, str, list[str]]]]:
    """The questionnaire's YAML and, per question, its id, type and codes (options, items)."""
    lines = ["survey: {title: Synthétique, fieldwork: {start: 2020-11-02, end: 2020-12-16}, "
             "mode: en ligne}", "responses: {file: responses.csv, id_column: id}", "scales:",
             "  - id: frequence", "    levels:"]
    lines += [f'      - {{code: "{code}", label: "{label}"}}'
              for code, label in (("1", "Jamais"), ("2", "Parfois"), ("3", "Souvent"))]
    lines += ["  - id: accord", "    levels:"]
    lines += [f'      - {{code: "{code}", label: "{label}"}}' for code, label in
              (("1", "D'accord"), ("2", "Plutôt d'accord"), ("3", "Plutôt pas d'accord"),
               ("4", "Pas d'accord"))]
    lines += ["    groups:",
              '      - {id: agree, label: "D\'accord + plutôt d\'accord", levels: ["1", "2"]}',
              '      - {id: disagree, label: "Pas d\'accord + plutôt pas d\'accord", '
              'levels: ["3", "4"]}', "questions:"]
    shapes = [("single", 3), ("single", 4), ("single", 2), ("multiple", 8), ("multiple", 9),
              ("multiple", 6), ("frequence", 7), ("accord", 4), ("accord", 3)]
    questions = []
    for number, (kind, size) in enumerate(shapes, start=1):
        qid = f"Q{number}"
        codes = [f"c{index}" for index in range(size)]
        grid = kind in ("frequence", "accord")
        lines += [f"  - id: {qid}", f"    type: {'grid' if grid else kind}",
                  f'    text: "Question {number}"']
        if grid:
            lines += [f"    scale: {kind}", "    items:"]
        else:
            lines += ["    options:"]
        lines += [f'      - {{code: "{code}", label: "{_label(rng, index)}"}}'
                  for index, code in enumerate(codes)]
        questions.append((qid, "grid" if grid else kind, codes))
    return "\n".join(lines) + "\n", questions


def synthetic_edition(folder: Path, respondents: int = 532, seed: int = 2020) -> list[FigureSpec]:
    """Write ``questionnaire.yaml`` and ``responses.csv`` into ``folder``; the figure specs."""
    rng = np.random.default_rng(seed)
    text, questions = _questionnaire(rng)
    (folder / "questionnaire.yaml").write_text(text, encoding="utf-8")
    columns: dict[str, list[str]] = {"id": [f"R{index:04d}" for index in range(respondents)]}
    specs = []
    for qid, kind, codes in questions:
        if kind == "single":
            weights = rng.dirichlet(np.ones(len(codes)))
            columns[qid] = list(rng.choice(codes, respondents, p=weights))
            specs.append(FigureSpec(id=qid.lower(), question=qid, title=f"Question {qid}"))
        elif kind == "multiple":
            for code in codes:
                ticked = rng.random(respondents) < rng.uniform(0.05, 0.7)
                columns[f"{qid}_{code}"] = ["1" if tick else "0" for tick in ticked]
            specs.append(FigureSpec(id=qid.lower(), question=qid, title=f"Question {qid}",
                                    measure="mentions"))
        else:
            levels = 3 if len(codes) == 7 else 4
            for code in codes:
                weights = rng.dirichlet(np.ones(levels))
                answers = rng.choice([str(level) for level in range(1, levels + 1)],
                                     respondents, p=weights)
                missing = rng.random(respondents) < 0.04
                columns[f"{qid}_{code}"] = ["" if gap else answer
                                            for gap, answer in zip(missing, answers,
                                                                   strict=True)]
            specs.append(FigureSpec(id=qid.lower(), question=qid, title=f"Question {qid}"))
    specs.append(FigureSpec(id="q4-ci", question="Q4", title="Question Q4 (intervalles)",
                            measure="respondents", kind="ci"))
    pd.DataFrame(columns).to_csv(folder / "responses.csv", index=False)
    return specs


def _draw_all(cache: ChartCache, inputs: list) -> list:
    return [cache.chart(chart, STYLE) for chart in inputs]


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    def more(parser):
        parser.add_argument("--respondents", type=int, default=532)
        parser.add_argument("--svg", type=Path, help="write the charts' SVG into this folder")

    arguments = options(__doc__.splitlines()[0], more, argv)
    arguments.repeat = arguments.runs
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        specs = synthetic_edition(folder, arguments.respondents)
        questionnaire = load_questionnaire(folder / "questionnaire.yaml")
        figures = compute_figures(load_survey(questionnaire, folder / "responses.csv"))
        inputs = [chart_input(spec, figures, questionnaire) for spec in specs]
        colds, warms = [], []
        for attempt in range(arguments.repeat):
            cache = ChartCache(folder / f"cache-{attempt}")
            colds.append(_timed(partial(_draw_all, cache, inputs)))
            warms.append(_timed(partial(_draw_all, cache, inputs)))
            assert cache.misses == len(inputs) and cache.hits == len(inputs)
        if arguments.svg:
            arguments.svg.mkdir(parents=True, exist_ok=True)
            for chart in inputs:
                (arguments.svg / f"{chart.id}.svg").write_bytes(cache.chart(chart, STYLE).svg)
    print(f"charts: {len(inputs)} charts, {arguments.respondents} respondents, "
          f"best of {arguments.repeat}")
    print(f"charts cold:   {min(colds):.2f} s (median {statistics.median(colds):.2f} s)")
    print(f"charts cached: {min(warms) * 1000:.0f} ms (median "
          f"{statistics.median(warms) * 1000:.0f} ms)")
    record(arguments.json, "charts", {
        "charts": len(inputs), "cold_best_s": min(colds),
        "cold_median_s": statistics.median(colds), "cached_best_s": min(warms),
        "cached_median_s": statistics.median(warms)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
