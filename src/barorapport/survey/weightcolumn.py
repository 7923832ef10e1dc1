"""The weight column of an export (``responses.weight_column``): one positive number a row.

Input: the column and the export's decimal mark. Output: the weights and the rows whose cell
is not a positive number (quarantined like any bad cell: a row without a weight cannot be
counted at its weight, nor silently at weight 1).
"""

from __future__ import annotations

import numpy as np

from .formats import fold
from .table import Column

WEIGHT_EXPECTED = "a positive weight"


def read_weights(column: Column, decimal: str) -> tuple[np.ndarray, np.ndarray]:
    """(weights, rejected): NaN and True where the cell is empty, not a number or not > 0."""
    numbers = []
    for value in column.values:
        text = fold(value).replace(" ", "")
        try:
            number = float(text.replace(decimal, ".")) if text else np.nan
        except ValueError:
            number = np.nan
        numbers.append(number if np.isfinite(number) and number > 0 else np.nan)
    weights = column.lookup(np.array(numbers, dtype=float))
    return weights, np.isnan(weights)


def expected(decimal: str) -> str:
    return WEIGHT_EXPECTED + (" with a decimal comma" if decimal == "," else "")
