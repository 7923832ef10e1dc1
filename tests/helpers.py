"""Helpers for tests: read PDFs back, compute expectations independently of barorapport."""

from __future__ import annotations

import re
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler's pdftotext reads it, spaces folded."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return re.sub(r"[ \u00a0\u202f]+", " ", text)


def french_pct(numerator: float, denominator: float, digits: int) -> str:
    """``numerator/denominator`` as a French percentage, rounded half up, spaces folded."""
    value = Decimal(repr(float(numerator) / float(denominator) * 100)).quantize(
        Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{value}".replace(".", ",") + " %"


def fold_spaces(text: str) -> str:
    return re.sub(r"[ \u00a0\u202f]+", " ", text)
