"""Benchmark: the chart stage as a build runs it, cold (a fresh process, an empty cache) and
from the cache.

Run ``python benchmarks/bench_charts.py`` (``--respondents``, ``--runs``, ``--svg DIR`` to
keep the SVGs). Two measures, each chart drawn for print, a desktop's column and a phone
(``MEDIA``, what a PDF and web build draws) and given the edition's shared font subsets:

- the 2020 edition's charts (this repository's project): the stage alone, in a fresh
  process after the stages before it, so that it pays what a build pays for it (importing
  matplotlib and seaborn, registering and subsetting the fonts, drawing, writing the SVGs);
  processor time counts the drawing workers, if any;
- a synthetic edition of the 2020 barometer's shape (532 respondents, three single-choice
  and three multiple-choice questions, a frequency grid and two agreement grids, one chart
  each, plus a chart with confidence intervals), cold then from the cache, in this process.

Prints one line per measure.
"""

from __future__ import annotations

import resource
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

from _common import measure, options, record  # noqa: E402

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


MEDIA = ("print", "screen", "phone")


def _draw_all(cache: ChartCache, inputs: list) -> dict:
    return cache.edition(inputs, STYLE, MEDIA)


def _processor_s() -> float:
    """Processor time of this process and of its children waited for (drawing workers)."""
    return sum(usage.ru_utime + usage.ru_stime
               for usage in (resource.getrusage(resource.RUSAGE_SELF),
                             resource.getrusage(resource.RUSAGE_CHILDREN)))


class _Drawn(Exception):
    """Raised by the chart stage once it has run: the stages after it are not measured."""


def edition_stage(root: str) -> dict:
    """Run the 2020 edition's stages up to its charts, then time the chart stage as the
    build runs it (``pipeline.stages.draw_charts``, every medium, an empty cache)."""
    from barorapport.config.options import BuildOptions
    from barorapport.config.project import find_edition, load_report
    from barorapport.pipeline.drivers import FailFast
    from barorapport.pipeline.recipe import prepare
    from barorapport.pipeline.stages import draw_charts

    edition = find_edition(Path(root), "2020")
    figures: dict = {}

    def make_charts(inputs, style):
        figures["matplotlib_before"] = "matplotlib" in sys.modules
        with tempfile.TemporaryDirectory() as name:
            start, processor = time.perf_counter(), _processor_s()
            drawn = draw_charts(inputs, style, ChartCache(Path(name)), MEDIA)
            figures.update(stage_s=time.perf_counter() - start,
                           stage_cpu_s=_processor_s() - processor, charts=len(inputs),
                           svg_bytes=sum(len(chart.svg) for charts in drawn.values()
                                         for chart in charts.values()))
        raise _Drawn

    with tempfile.TemporaryDirectory() as name:
        try:
            prepare(edition, load_report(edition), BuildOptions(), FailFast(),
                    make_charts=make_charts, cache_root=Path(name),
                    quarantine_path=Path(name) / "quarantine.csv", build_info=None,
                    progress=lambda _: None)
        except _Drawn:
            pass
    return figures


def _timed(function) -> tuple[float, float]:
    """Wall and processor seconds of ``function()``."""
    start, processor = time.perf_counter(), _processor_s()
    function()
    return time.perf_counter() - start, _processor_s() - processor


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
            drawings = len(inputs) * len(MEDIA)
            assert cache.misses == drawings and cache.hits == drawings
        if arguments.svg:
            arguments.svg.mkdir(parents=True, exist_ok=True)
            for medium, charts in _draw_all(cache, inputs).items():
                for chart in charts:
                    (arguments.svg / f"{chart.id}-{medium}.svg").write_bytes(chart.svg)
    stages = [measure(__file__, "edition_stage", str(ROOT)) for _ in range(arguments.repeat)]
    print(f"charts: {len(inputs)} charts x {len(MEDIA)} media, {arguments.respondents} "
          f"respondents, best of {arguments.repeat}")
    for name, runs in (("cold", colds), ("cached", warms)):
        print(f"charts {name}: {statistics.median(run[1] for run in runs):.2f} s processor, "
              f"{statistics.median(run[0] for run in runs):.2f} s wall (medians)")
    stage_cpu = statistics.median(stage["stage_cpu_s"] for stage in stages)
    stage_wall = statistics.median(stage["stage_s"] for stage in stages)
    print(f"2020 chart stage ({stages[0]['charts']} charts x {len(MEDIA)} media, fresh "
          f"process): {stage_cpu:.2f} s processor, {stage_wall:.2f} s wall (medians)")
    record(arguments.json, "charts", {
        "charts": len(inputs), "media": len(MEDIA),
        "cold_median_s": statistics.median(run[0] for run in colds),
        "cold_cpu_median_s": statistics.median(run[1] for run in colds),
        "cached_median_s": statistics.median(run[0] for run in warms),
        "cached_cpu_median_s": statistics.median(run[1] for run in warms),
        "stage_2020_cpu_s": stage_cpu,
        "stage_2020_s": stage_wall,
        "stage_2020_svg_bytes": stages[0]["svg_bytes"]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
