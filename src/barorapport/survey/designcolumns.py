"""The export columns of the sampling design (report.yaml's ``design:``): strata, clusters,
finite population corrections and replicate weights, read and checked like answers.

Input: the declared columns, each with where report.yaml declares it, and the export's
columns. Output: per respondent, the design's values (``design_frame``) and the cells that
are not what the design needs (quarantined with their row and column: a respondent without
a stratum or a cluster cannot be placed in the design, nor silently put in one).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .formats import fold
from .table import Column

TEXT_ROLES = {"strata": "a stratum", "cluster1": "a cluster", "cluster2": "a cluster"}
"""Roles whose cells name a unit: any text but an empty cell."""
NUMBER_ROLES = {"fpc1": "a population size or a sampling fraction (a positive number)",
                "fpc2": "a population size or a sampling fraction (a positive number)",
                "replicate": "a replicate weight (a number, 0 or more)"}


@dataclass(frozen=True)
class DesignColumn:
    role: str
    """``weights``, ``strata``, ``cluster1``, ``cluster2``, ``fpc1``, ``fpc2`` or
    ``replicate``."""
    heading: str
    """The column's heading, or for replicates a pattern with ``*``."""
    place: str
    """Where report.yaml declares it (``report.yaml:12:5``)."""


def declared_columns(design, report_path: Path | None) -> tuple[DesignColumn, ...]:
    """The columns report.yaml's ``design`` (a ``weighting.Design`` or None) reads, each
    with its place. Without ``weights`` there, the loader reads the questionnaire's
    ``weight_column``."""
    if design is None:
        return ()
    from ..config.base import load_yaml, where

    data = load_yaml(report_path) if report_path is not None else None

    def place(*loc) -> str:
        return where(report_path, data, ("design", *loc)) if report_path is not None \
            else "report.yaml: design." + ".".join(map(str, loc))

    columns = []
    if design.weights:
        columns.append(DesignColumn("weights", design.weights, place("weights")))
    if design.strata:
        columns.append(DesignColumn("strata", design.strata, place("strata")))
    for stage, name in enumerate(design.clusters, start=1):
        columns.append(DesignColumn(f"cluster{stage}", name, place("clusters", stage - 1)))
    for stage, name in enumerate(design.fpc, start=1):
        columns.append(DesignColumn(f"fpc{stage}", name, place("fpc", stage - 1)))
    if design.replicates is not None:
        names = design.replicates.columns
        for index, name in enumerate([names] if isinstance(names, str) else names):
            loc = ("replicates", "columns") if isinstance(names, str) else \
                ("replicates", "columns", index)
            columns.append(DesignColumn("replicate", name, place(*loc)))
    return tuple(columns)


def expand(declared: tuple[DesignColumn, ...], headings: list[str]
           ) -> tuple[list[tuple[DesignColumn, str]], list[str]]:
    """Each declared column with its export heading (a replicate pattern gives every
    heading that matches, in the export's order), and the problems: a column absent."""
    found, problems = [], []
    folded = {fold(heading): heading for heading in reversed(headings)}
    for column in declared:
        if column.role == "replicate" and "*" in column.heading:
            matches = [heading for heading in headings
                       if fnmatch.fnmatchcase(fold(heading), fold(column.heading))]
            if not matches:
                problems.append(f"{column.place}: no column of the export matches "
                                f"'{column.heading}'")
            found += [(column, heading) for heading in matches]
        elif fold(column.heading) in folded:
            found.append((column, folded[fold(column.heading)]))
        else:
            problems.append(f"{column.place}: column '{column.heading}' is not in the export")
    return found, problems


def read_number(value: str, decimal: str) -> float:
    text = fold(value).replace(" ", "")
    try:
        return float(text.replace(decimal, ".")) if text else np.nan
    except ValueError:
        return np.nan


def read_column(role: str, column: Column, decimal: str) -> tuple[np.ndarray, np.ndarray, str]:
    """(values per row, rejected rows, what was expected) of one design column."""
    if role in TEXT_ROLES:
        texts = np.array([value.strip() for value in column.values], dtype=object)
        values = column.lookup(texts)
        return values, values == "", TEXT_ROLES[role]
    numbers = np.array([read_number(value, decimal) for value in column.values], dtype=float)
    if role == "replicate":
        numbers[~(np.isfinite(numbers) & (numbers >= 0))] = np.nan
    else:
        numbers[~(np.isfinite(numbers) & (numbers > 0))] = np.nan
    values = column.lookup(numbers)
    return values, np.isnan(values), NUMBER_ROLES[role]


def design_frame(columns: dict[str, np.ndarray], index: pd.Index) -> pd.DataFrame | None:
    """The design's values per respondent: ``strata``, ``cluster1``, ``cluster2``, ``fpc1``,
    ``fpc2`` and ``replicate:<heading>`` columns."""
    if not columns:
        return None
    return pd.DataFrame(columns, index=index)
