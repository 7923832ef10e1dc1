"""An attacker of the segment editions: from everything published (the whole sample's
figures and each segment's, as tables of counts and bases with their suppression flags),
linear programming bounds every hidden cell of every segment; a cell whose range holds a
single whole number is recovered.

Written apart from ``stats.segment_disclosure`` on purpose: it knows only what a reader
knows (the questionnaire and the published rows) and sets its unknowns up its own way.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy.optimize import linprog

COUNTED = ("respondents", "level", "group", "theme", "mentions")


def _rows_of(question, questionnaire, published):
    """The answers a question's unknowns are split by, and each published row's answers:
    {(kind, code): [answer indexes]}; ``ticks``: whether the rows are ticks (each its own
    yes/no among who answered) rather than a partition."""
    if question.type in ("single", "grid"):
        if question.type == "single":
            answers = [option.code for option in question.options]
            groups = {}
        else:
            scale = questionnaire.scale_of(question)
            answers = [level.code for level in scale.levels]
            groups = {("group", group.id): [answers.index(code) for code in group.levels]
                      for group in scale.groups}
        return answers, {**{("option", code): [i] for i, code in enumerate(answers)},
                         **groups}, False
    codes = [option.code for option in question.options] if question.type == "multiple" \
        else sorted({row["option"] for row in published if row["question"] == question.id})
    return codes, {("option", code): [i] for i, code in enumerate(codes)}, True


def recovered_cells(questionnaire, by: str, editions: dict, banner: str | None = None
                    ) -> list[tuple]:
    """The hidden segment cells an attacker pins down. ``editions`` maps None (the whole
    sample) and each published segment's code to its figure rows (dicts with question,
    item, option, group, measure, banner, banner_option, count, base, suppressed)."""
    segment_codes = [option.code for option in questionnaire.question(by).options]
    banner_codes = [] if banner is None else [
        option.code for option in questionnaire.question(banner).options]
    columns = len(segment_codes) + 1  # the segments' question's answers, then no answer
    depth = len(banner_codes) + 1
    found = []
    for question in questionnaire.questions:
        if question.id == by or question.type == "numeric":
            continue
        every = [row for rows in editions.values() for row in rows]
        items = [item.code for item in question.items] if question.type == "grid" else [None]
        for item in items:
            answers, composition, ticks = _rows_of(question, questionnaire, every)
            if not answers:
                continue
            size = len(answers) * columns * depth + (columns * depth if ticks else 0)

            rows = len(answers)

            def cell(a, s, b):
                return (a * columns + s) * depth + b

            def answered(s, b, rows=rows):
                return rows * columns * depth + s * depth + b

            equalities, totals, secrets = [], [], []
            for edition, rows in editions.items():
                segments = range(columns) if edition is None else [segment_codes.index(edition)]
                for row in rows:
                    if row["question"] != question.id or row["item"] != item \
                            or row["measure"] not in COUNTED:
                        continue
                    if row["banner"] == by and edition is None:
                        # The whole sample's crosstab by the segments' question.
                        segments_here = [segment_codes.index(row["banner_option"])]
                        banners = range(depth)
                    elif row["banner"] in (None, banner):
                        segments_here = segments
                        banners = range(depth) if row["banner"] is None else [
                            banner_codes.index(row["banner_option"])]
                    else:
                        continue
                    key = ("group", row["group"]) if row["group"] is not None \
                        else ("option", row["option"])
                    count = np.zeros(size)
                    for a, s, b in itertools.product(composition[key], segments_here,
                                                     banners):
                        count[cell(a, s, b)] = 1
                    base = np.zeros(size)
                    for s, b in itertools.product(segments_here, banners):
                        if ticks:
                            base[answered(s, b)] = 1
                        else:
                            for a in range(len(answers)):
                                base[cell(a, s, b)] = 1
                    if row["measure"] == "mentions":
                        base = np.zeros(size)
                        for a, s, b in itertools.product(range(len(answers)),
                                                         segments_here, banners):
                            base[cell(a, s, b)] = 1
                    equalities.append(base)
                    totals.append(row["base"])
                    if row["suppressed"]:
                        if edition is not None or row["banner"] is not None:
                            secrets.append((edition, row, count))
                    else:
                        equalities.append(count)
                        totals.append(row["count"])
            if not secrets:
                continue
            upper = None
            if ticks:
                pairs = [(cell(a, s, b), answered(s, b)) for a in range(len(answers))
                         for s in range(columns) for b in range(depth)]
                upper = np.zeros((len(pairs), size))
                for index, (i, j) in enumerate(pairs):
                    upper[index, i], upper[index, j] = 1, -1
            matrix, values = np.array(equalities), np.array(totals, dtype=float)
            for edition, row, target in secrets:
                low, high = (linprog(sign * target, A_ub=upper,
                                     b_ub=None if upper is None else np.zeros(len(upper)),
                                     A_eq=matrix, b_eq=values, bounds=(0, None),
                                     method="highs") for sign in (1, -1))
                assert low.status == 0 and high.status == 0, (question.id, item, row)
                lowest, highest = low.fun, -high.fun
                if math.floor(highest + 1e-6) - math.ceil(lowest - 1e-6) < 1:
                    found.append((edition, question.id, item, row["option"], row["group"],
                                  row["measure"], row["banner"], row["banner_option"],
                                  round(lowest, 6), round(highest, 6)))
    return found


def published_rows(table) -> list[dict]:
    """A figures table's rows as a reader sees them: counts and bases, hidden or not."""
    frame = table.table
    keep = ["question", "item", "option", "group", "measure", "banner", "banner_option",
            "count", "base", "suppressed"]
    return [{key: (None if isinstance(value, float) and math.isnan(value) else value)
             for key, value in row.items()} for row in frame[keep].to_dict("records")]
