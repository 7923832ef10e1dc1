"""Benchmark of the statistics stage: the whole figures table, crosstabs included.

Run with ``python benchmarks/bench_stats.py [sizes...]`` (default 10,000, 100,000 and
1,000,000 synthetic respondents). For each size it prints the best wall time of a few runs
and the peak memory that ``compute_figures`` allocates (tracemalloc, measured in a separate
run because tracing slows the computation), first with the code columns as strings, then as
pandas categoricals (what ``load_survey`` returns), then with three open questions too, each
answered by four respondents in five, coded by 6 theme rules as a build codes them
(``match_themes``, then the theme figures): "open answers" are all different (as real
answers are: random sentences of French words), "open, repeated" are drawn from 800 texts
(as an export resampled from a real one).

The synthetic survey: 2 banner questions (5 and 4 options), 3 other single-choice
questions (5 options), a multiple-choice question (8 options), a grid of 6 items on a
4-level scale with 2 groupings, and a numeric question; about 5 % of answers are missing.
That makes 36 crosstabs (the open questions add their themes' figures and crosstabs).
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import options, record  # noqa: E402

from barorapport.openanswers import ThemeRules, match_themes  # noqa: E402
from barorapport.stats import Thresholds, compute_figures  # noqa: E402
from barorapport.survey import Question, Questionnaire, Survey  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
REPEATS = 3


def _options(count: int) -> list[dict]:
    return [{"code": str(code), "label": f"option {code}"} for code in range(1, count + 1)]


def synthetic_questionnaire() -> Questionnaire:
    singles = [{"id": name, "type": "single", "text": name, "options": _options(size)}
               for name, size in (("banner_a", 5), ("banner_b", 4), ("s1", 5), ("s2", 5),
                                  ("s3", 5))]
    return Questionnaire.model_validate({
        "survey": {"title": "synthetic"},
        "scales": [{"id": "accord", "levels": _options(4),
                    "groups": [{"id": "agree", "label": "agree", "levels": ["1", "2"]},
                               {"id": "disagree", "label": "disagree", "levels": ["3", "4"]}]}],
        "questions": singles + [
            {"id": "m", "type": "multiple", "text": "m", "options": _options(8)},
            {"id": "g", "type": "grid", "text": "g", "scale": "accord",
             "items": _options(6)},
            {"id": "n", "type": "numeric", "text": "n"},
        ]})


def synthetic_survey(respondents: int, seed: int = 5, categorical: bool = False) -> Survey:
    """Answers in canonical form, as ``load_survey`` returns them (codes as strings), or
    with the code columns as pandas categoricals."""
    random = np.random.default_rng(seed)
    questionnaire = synthetic_questionnaire()
    answers = {}

    def codes(size: int) -> np.ndarray:
        values = random.integers(1, size + 1, respondents).astype(str).astype(object)
        values[random.random(respondents) < 0.05] = None
        return pd.Categorical(values, categories=[str(c) for c in range(1, size + 1)]) \
            if categorical else values

    for question in questionnaire.questions:
        if question.type == "single":
            answers[question.id] = codes(len(question.options))
        elif question.type == "grid":
            for item in question.items:
                answers[f"g:{item.code}"] = codes(4)
        elif question.type == "multiple":
            skipped = random.random(respondents) < 0.05
            for option in question.options:
                ticks = (random.random(respondents) < 0.3).astype(float)
                answers[f"m:{option.code}"] = np.where(skipped, np.nan, ticks)
        else:
            values = random.normal(40, 10, respondents)
            values[random.random(respondents) < 0.05] = np.nan
            answers[question.id] = values
    frame = pd.DataFrame(answers, index=pd.Index([f"R{i}" for i in range(respondents)],
                                                 name="respondent"))
    return Survey(questionnaire=questionnaire, answers=frame, source=Path("synthetic"))


OPEN = ("o1", "o2", "o3")
WORDS = ("télétravail réunions visioconférence Zoom Teams ordinateur portable matériel "
         "équipement mails SMS courriels démarches dématérialisation accès aux droits CAF "
         "Ameli compte en ligne usagers personnes accompagnées lien humain contact perte "
         "relationnel données vie privée RGPD sécurité formation compétences collègues "
         "service établissement numérique outils logiciel dossier rapport éducateur "
         "assistante sociale famille enfants jeunes hébergement urgence confinement mars "
         "depuis beaucoup plus moins très trop peu avec sans pour dans sur le la les des "
         "un une et ou mais donc nous vous ils elles on a été fait pris mis devenu "
         "c'est n'est qu'on l'équipe d'accompagnement « » – … œuvre cœur 2020 3 jours").split()
THEMES = ThemeRules.model_validate({question: [
    {"id": "teletravail", "label": "Télétravail",
     "patterns": ["tele[- ]?travail", "travail(ler)? a distance"]},
    {"id": "visio", "label": "Visioconférence",
     "patterns": ["visio", r"\bzoom\b", r"\bteams\b"]},
    {"id": "equipement", "label": "Équipement",
     "words": ["ordinateur", "matériel", "équipement", "portable"]},
    {"id": "droits", "label": "Accès aux droits",
     "patterns": ["demarches", "acces aux droits", "dematerialis"], "words": ["CAF"]},
    {"id": "lien", "label": "Lien humain",
     "patterns": ["contact humain", "perte du lien", "relationnel"], "exclude": ["sans perte"]},
    {"id": "donnees", "label": "Données", "words": ["données", "vie privée", "RGPD"]},
] for question in OPEN})
"""Six theme rules per open question, of the kinds the 2020 edition's have."""


def with_open_answers(survey: Survey, repeated: bool, seed: int = 9) -> Survey:
    """``survey`` with the three open questions: four respondents in five answer each with 4
    to 30 words (all different answers, or drawn from 800 when ``repeated``)."""
    random = np.random.default_rng(seed)
    respondents = len(survey.answers)
    vocabulary = np.array(WORDS, dtype=object)
    answers = survey.answers.copy()
    questions = list(survey.questionnaire.questions)
    for question in OPEN:
        count = 800 if repeated else respondents
        lengths = random.integers(4, 31, count)
        words = random.integers(0, len(vocabulary), int(lengths.sum()))
        texts = np.array([" ".join(part) for part in np.split(vocabulary[words],
                                                              np.cumsum(lengths)[:-1])],
                         dtype=object)
        if repeated:
            texts = texts[random.integers(0, count, respondents)]
        texts[random.random(respondents) < 0.2] = None
        answers[question] = texts
        questions.append(Question.model_validate(
            {"id": question, "type": "open", "text": question}))
    questionnaire = survey.questionnaire.model_copy(update={"questions": questions})
    return Survey(questionnaire=questionnaire, answers=answers, source=survey.source)


def run(survey: Survey):
    themes = THEMES if OPEN[0] in survey.answers else ThemeRules({})
    return compute_figures(survey, Thresholds(), match_themes(themes, survey), themes.labels(),
                           banners=["banner_a", "banner_b"])


def measure(respondents: int, categorical: bool = False, open_answers: str = "") -> dict:
    survey = synthetic_survey(respondents, categorical=categorical)
    if open_answers:
        survey = with_open_answers(survey, repeated=open_answers == "repeated")
    timings, cpu = [], []
    for _ in range(REPEATS):
        start, start_cpu = time.perf_counter(), time.process_time()
        figures = run(survey)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    tracemalloc.start()
    run(survey)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    crossed = figures.table["banner"].notna()
    return {"respondents": respondents, "seconds": min(timings), "cpu_seconds": min(cpu),
            "peak_mib": peak / 2**20,
            "figures": int((~crossed).sum()), "crosstab_cells": int(crossed.sum())}


def main(argv: list[str] | None = None) -> None:
    def sizes(parser):
        parser.add_argument("sizes", nargs="*", type=int, help="respondents (default "
                            + ", ".join(f"{size:,}" for size in SIZES) + ")")

    arguments = options(__doc__.splitlines()[0], sizes, argv)
    chosen = arguments.sizes or (SIZES[:1] if arguments.quick else SIZES)
    print(f"{'answers':>12} {'respondents':>12} {'best of ' + str(REPEATS):>10} "
          f"{'processor':>10} {'peak memory':>12} {'figures':>8} {'crosstab cells':>15}")
    figures = {}
    kinds = (("strings", False, ""), ("categorical", True, ""),
             ("open answers", True, "distinct"), ("open, repeated", True, "repeated"))
    for kind, categorical, open_answers in kinds:
        for size in chosen:
            result = measure(size, categorical, open_answers)
            figures[f"{kind} {size}"] = result
            print(f"{kind:>12} "
                  f"{result['respondents']:>12,} {result['seconds']:>9.3f}s "
                  f"{result['cpu_seconds']:>9.3f}s "
                  f"{result['peak_mib']:>9.1f} MiB {result['figures']:>8} "
                  f"{result['crosstab_cells']:>15}")
    record(arguments.json, "stats", figures)


if __name__ == "__main__":
    main()
