"""Privacy gate: fold and scan 90,000 distinct open answers, as the build's last look does.

The answers are generated: French sentences of about 180 characters (accents, apostrophes,
guillemets, a euro sign), one in fifty with a no-break space or a dash look-alike, one in a
thousand with a zero-width space; one in two hundred holds a phone number or an e-mail
address. The measure, in a fresh process, is what ``published.respondent_data`` does with
one open question's distinct answers: ``normalise.fold`` over each, the first sort in bulk
(``_may_hold_data``), then ``patterns.find`` over the texts it keeps: processor time of each.

    python benchmarks/bench_gate.py [--answers N ...] [--json FILE]
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import measure, options, record, report, timed  # noqa: E402

SIZES = (10_000, 90_000)
WORDS = ("le la les des une télétravail réunions visio équipe coûte 5 € de plus dit-elle "
         "« c’est trop » l’œuvre numérique accès outils usagers démarches en ligne très "
         "souvent à distance écrans fatigue sociale accompagnement").split()
ODD = ("\u00a0", "\u2013", "\u202f")


def generate(path: Path, answers: int) -> None:
    chance = random.Random(2024)
    texts = []
    for index in range(answers):
        words = [chance.choice(WORDS) for _ in range(32)]
        if index % 50 == 7:
            words.insert(5, chance.choice(ODD))
        if index % 1000 == 3:
            words.insert(9, "ré\u200bunion")
        if index % 200 == 11:
            words.insert(12, "06 12 34 56 78" if index % 400 == 11 else "jean.dupont@free.fr")
        texts.append(" ".join(words)[:180])
    path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")


def fold_and_find(path: str) -> dict:
    from barorapport.openanswers.published import _may_hold_data
    from barorapport.personal.normalise import fold
    from barorapport.personal.patterns import find

    texts = list(dict.fromkeys(json.loads(Path(path).read_text(encoding="utf-8"))))
    start = time.process_time()
    folded = [fold(text) for text in texts]
    fold_cpu = time.process_time() - start
    start = time.process_time()
    kept = [folded[number] for number in _may_hold_data(folded).nonzero()[0]]
    sort_cpu = time.process_time() - start
    start = time.process_time()
    findings = sum(len(find(text)) for text in kept)
    return {"fold_cpu": fold_cpu, "sort_cpu": sort_cpu, "find_cpu": time.process_time() - start,
            "kept": len(kept), "findings": findings, "answers": len(texts)}


def main(argv: list[str] | None = None) -> None:
    def sizes(parser):
        parser.add_argument("--answers", type=int, nargs="+",
                            help="default " + ", ".join(f"{size:,}" for size in SIZES))

    arguments = options(__doc__.splitlines()[0], sizes, argv)
    chosen = arguments.answers or (SIZES[:1] if arguments.quick else SIZES)
    figures = {str(answers): _one(answers, arguments.runs) for answers in chosen}
    record(arguments.json, "gate", figures)


def _one(answers: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-gate-") as folder:
        path = Path(folder) / "answers.json"
        with timed(f"generating {answers:,} answers"):
            generate(path, answers)
        results = []
        for _ in range(runs):
            with timed("folding and scanning (fresh process)"):
                results.append(measure(__file__, "fold_and_find", str(path)))
    steps = ("fold_cpu", "sort_cpu", "find_cpu")
    best = min(results, key=lambda result: sum(result[step] for step in steps))
    report(f"Privacy gate: fold and scan {best['answers']:,} distinct answers", {
        "fold": f"{best['fold_cpu']:.2f} s of processor",
        "first sort in bulk": f"{best['sort_cpu']:.2f} s of processor",
        "find": f"{best['find_cpu']:.2f} s of processor ({best['kept']:,} answers kept)",
        "findings": f"{best['findings']:,}",
    })
    return {"fold_cpu_s": best["fold_cpu"], "sort_cpu_s": best["sort_cpu"],
            "find_cpu_s": best["find_cpu"], "kept": best["kept"],
            "findings": best["findings"]}


if __name__ == "__main__":
    main()
