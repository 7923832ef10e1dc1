"""The sampling design init finds among an export's columns, as report.yaml's ``design:``.

Input: the columns ``survey.classify`` took for the design (weights, strata, clusters, fpc,
replicate weights) and the export. Output: the lines of report.yaml's ``design:`` block,
each marked for review, and notes for what init could not decide (a replicate method, a
correction without its strata).
"""

from __future__ import annotations

import json
import os
import re

from ...survey.classify import ColumnRole
from ...survey.export import Export

MARK = "# inferred:"
FILL = "# to fill:"
_METHODS = {"jk1": "JK1", "jk": "JK1", "brr": "BRR", "boot": "bootstrap",
            "bootstrap": "bootstrap", "bs": "bootstrap"}
"""Replicate methods named by their columns' prefix (Fay needs rho, JKn its rscales:
left to fill)."""


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _pattern(headings: list[str], every: list[str]) -> str | list[str]:
    """One ``prefix*`` pattern for ``headings`` when it matches exactly them, else the
    list."""
    prefix = os.path.commonprefix(headings).rstrip("0123456789")
    if prefix and [heading for heading in every if heading.startswith(prefix)] == headings:
        return prefix + "*"
    return headings


def _prefix(heading: str) -> str:
    """A replicate weight column's name without its number: ``jk1`` for ``jk1_07``."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"[\W_]*\d+$", "", heading.lower()))


def design_lines(not_questions: tuple[tuple[str, ColumnRole], ...], export: Export
                 ) -> tuple[list[str], list[str]]:
    """report.yaml's ``design:`` lines (none without a design column) and notes."""
    found: dict[str, list[str]] = {}
    for heading, role in not_questions:
        if role.role == "design":
            found.setdefault(role.kind, []).append(heading)
    if not found:
        return [], []
    lines = [f"design:  {MARK} the columns of the sampling design (never questions): "
             "review them, and add strata or clusters named otherwise (docs/formats.md)"]
    notes = []
    if found.get("weights"):
        lines.append(f"  weights: {_q(found['weights'][0])}")
    declared = False
    sets: dict[str, list[str]] = {}
    for heading in found.get("replicate weights", []):
        sets.setdefault(_prefix(heading), []).append(heading)
    if len(sets) > 1:
        notes.append(f"{len(sets)} sets of replicate weights found ("
                     + ", ".join(f"{prefix}: {len(columns)} columns"
                                 for prefix, columns in sets.items())
                     + "): the first is declared in report.yaml; keep the one the survey "
                     "publishes its variances with")
    replicates = next(iter(sets.values()), [])
    if replicates:
        columns = _pattern(replicates, list(export.headings))
        shown = _q(columns) if isinstance(columns, str) else \
            "[" + ", ".join(map(_q, columns)) + "]"
        prefix = _prefix(replicates[0])
        method = _METHODS.get(prefix)
        if method:
            lines.append(f"  replicates: {{columns: {shown}, method: {method}}}  {MARK} the "
                         f"method from the columns' names ({prefix}): check it, and scale")
            declared = True
        else:
            lines.append(f"  # replicates: {{columns: {shown}, method: JK1}}  {FILL} the "
                         "replicates' method (JK1, JKn with rscales, BRR, Fay with rho, "
                         "bootstrap), then remove the '#'")
    linear = [heading for kind in ("strata", "clusters", "second-stage clusters", "fpc")
              for heading in found.get(kind, [])]
    if declared and linear:
        notes.append(f"replicate weights carry the design's strata and clusters: "
                     f"{', '.join(linear)} not declared with them")
        return lines, notes
    if found.get("strata"):
        lines.append(f"  strata: {_q(found['strata'][0])}")
    clusters = found.get("clusters", [])[:1] + found.get("second-stage clusters", [])[:1]
    if clusters:
        lines.append(f"  clusters: [{', '.join(map(_q, clusters))}]")
    corrections = found.get("fpc", [])
    stages = max(1, len(clusters))
    constant = all(len(set(export.columns[export.headings.index(name)].values)) <= 2
                   for name in corrections)
    if corrections and len(corrections) == stages and (found.get("strata") or constant):
        lines.append(f"  fpc: [{', '.join(map(_q, corrections))}]")
    elif corrections:
        notes.append(f"finite population corrections found ({', '.join(corrections)}) but "
                     f"not declared: they need one column per stage ({stages}) and the "
                     "strata they are given for (design.strata, design.fpc in report.yaml)")
    if len(lines) == 1:
        return [], notes
    return lines, notes
