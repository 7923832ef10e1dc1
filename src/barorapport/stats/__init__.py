"""Stage 2: a validated survey in, the tidy table of every figure out."""

from .figures import Figure, FigureTable, Thresholds, compute_figures
from .intervals import wilson_interval

__all__ = ["Figure", "FigureTable", "Thresholds", "compute_figures", "wilson_interval"]
