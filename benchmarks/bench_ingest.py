"""Ingest: read and validate 1,000,000 respondents x 60 columns of a native CSV export.

The export is generated in a temporary folder: an id, 10 single-choice questions, 5
multiple-choice questions of 6 options, 3 grids of 5 items, 3 numeric questions and an open
one, in UTF-8 with accents, quoted commas and line breaks in the open answers, and one
respondent in a thousand with an answer outside the codebook (quarantined). The measure is
``load_questionnaire`` + ``load_survey``, in a fresh process: wall time and peak memory.

    python benchmarks/bench_ingest.py [--respondents N ...] [--json FILE]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import measure, options, record, report, timed  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
SINGLE, MULTIPLE, OPTIONS, GRIDS, ITEMS, NUMERIC = 10, 5, 6, 3, 5, 3
BLOCK = 50_000
TEXTS = np.array(["", "", "", "\"Plus de télétravail, et des réunions en visio.\"",
                  "Rien de particulier", "\"Beaucoup de mails,\nsurtout le soir\"",
                  "Des démarches en ligne à la place des rendez-vous"], dtype=object)


def questionnaire() -> str:
    lines = ["survey: {title: Benchmark}", "responses: {file: responses.csv, id_column: id}",
             "scales:", "  - id: accord", "    levels:"]
    lines += [f"      - {{code: '{code}', label: 'Niveau {code}'}}" for code in "1234"]
    lines.append("questions:")
    options = ", ".join(f"{{code: '{code}', label: 'Option {code}'}}" for code in "12345")
    for index in range(SINGLE):
        lines.append(f"  - {{id: S{index}, type: single, text: S{index}, options: [{options}]}}")
    ticks = ", ".join(f"{{code: o{code}, label: 'Option {code}'}}" for code in range(OPTIONS))
    for index in range(MULTIPLE):
        lines.append(f"  - {{id: M{index}, type: multiple, text: M{index}, options: [{ticks}]}}")
    items = ", ".join(f"{{code: i{code}, label: 'Item {code}'}}" for code in range(ITEMS))
    for index in range(GRIDS):
        lines.append(f"  - {{id: G{index}, type: grid, text: G{index}, scale: accord, "
                     f"items: [{items}]}}")
    for index in range(NUMERIC):
        lines.append(f"  - {{id: N{index}, type: numeric, text: N{index}, minimum: 0, "
                     "maximum: 120}")
    lines.append("  - {id: O0, type: open, text: O0}")
    return "\n".join(lines) + "\n"


def headings() -> list[str]:
    names = ["id"] + [f"S{index}" for index in range(SINGLE)]
    names += [f"M{index}_o{code}" for index in range(MULTIPLE) for code in range(OPTIONS)]
    names += [f"G{index}_i{code}" for index in range(GRIDS) for code in range(ITEMS)]
    return names + [f"N{index}" for index in range(NUMERIC)] + ["O0"]


def _block(rng: np.random.Generator, start: int, size: int) -> str:
    columns = [np.char.add("R", np.arange(start, start + size).astype(str)).astype(object)]
    singles = np.array(["1", "2", "3", "4", "5", ""], dtype=object)
    for _ in range(SINGLE):
        columns.append(rng.choice(singles, size))
    wrong = rng.random(size) < 0.001
    columns[1] = np.where(wrong, "9", columns[1])
    for _ in range(MULTIPLE):
        answered = rng.random(size) < 0.9
        for _ in range(OPTIONS):
            columns.append(np.where(answered, rng.choice(np.array(["0", "1"], dtype=object),
                                                         size), ""))
    levels = np.array(["1", "2", "3", "4", ""], dtype=object)
    for _ in range(GRIDS * ITEMS):
        columns.append(rng.choice(levels, size))
    for _ in range(NUMERIC):
        columns.append(rng.integers(18, 70, size).astype(str).astype(object))
    columns.append(rng.choice(TEXTS, size))
    rows = np.array(columns, dtype=object).T
    return "".join(",".join(row) + "\n" for row in rows)


def generate(folder: Path, respondents: int) -> Path:
    (folder / "questionnaire.yaml").write_text(questionnaire(), encoding="utf-8")
    rng = np.random.default_rng(2024)
    path = folder / "responses.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(",".join(headings()) + "\n")
        for start in range(0, respondents, BLOCK):
            file.write(_block(rng, start, min(BLOCK, respondents - start)))
    return path


def read_and_validate(folder: str) -> dict:
    """The measured work: what ``barorapport build`` does to read the survey."""
    from barorapport.survey import load_questionnaire, load_survey

    questionnaire = load_questionnaire(Path(folder) / "questionnaire.yaml")
    survey = load_survey(questionnaire, Path(folder) / questionnaire.responses.file)
    return {"respondents": survey.respondents, "quarantined": survey.quarantine.rows,
            "columns": len(survey.answers.columns)}


def main(argv: list[str] | None = None) -> None:
    def sizes(parser):
        parser.add_argument("--respondents", type=int, nargs="+",
                            help="default " + ", ".join(f"{size:,}" for size in SIZES))

    arguments = options(__doc__.splitlines()[0], sizes, argv)
    chosen = arguments.respondents or (SIZES[:1] if arguments.quick else SIZES)
    figures = {}
    for respondents in chosen:
        figures[str(respondents)] = _one(respondents)
    record(arguments.json, "ingest", figures)


def _one(respondents: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder:
        with timed(f"generating {respondents:,} respondents x {len(headings())} columns"):
            path = generate(Path(folder), respondents)
        size = path.stat().st_size / 2**20
        with timed("reading and validating (fresh process)"):
            result = measure(__file__, "read_and_validate", folder)
    report(f"Ingest: read and validate a native CSV export, {respondents:,} respondents", {
        "export": f"{respondents:,} respondents x {len(headings())} columns, "
                  f"{size:.0f} MiB of UTF-8 CSV",
        "kept / quarantined": f"{result['respondents']:,} / {result['quarantined']:,}",
        "time": f"{result['seconds']:.1f} s wall, {result['cpu_seconds']:.1f} s of processor",
        "peak memory": f"{result['peak_bytes'] / 2**20:,.0f} MiB (resident, whole process)",
    })
    return {"wall_s": result["seconds"], "cpu_s": result["cpu_seconds"],
            "peak_mib": result["peak_bytes"] / 2**20, "csv_mib": size,
            "kept": result["respondents"], "quarantined": result["quarantined"]}


if __name__ == "__main__":
    main()
