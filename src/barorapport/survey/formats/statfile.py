"""SPSS and Stata files: a column per variable, named by the variable, cells holding codes.

The file has no respondent id the tool declares: one is read when ``responses.id_column``
names it, else respondents are named by their case number (``row 1`` is the first case).
"""

from __future__ import annotations

from .native import Native


class StatFile(Native):
    id_columns = ()
