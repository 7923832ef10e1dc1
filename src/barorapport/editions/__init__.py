"""Editions over the years: a new edition from the last one, and the previous editions a
build compares with (questionnaire diff, trends)."""

from .history import compare_editions, load_history
from .scaffold import NewEdition, new_edition

__all__ = ["NewEdition", "compare_editions", "load_history", "new_edition"]
