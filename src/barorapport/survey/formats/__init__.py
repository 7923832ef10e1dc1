"""The layouts of survey exports: which column holds each answer, and what its cells hold.

Input: the first row of the export (to recognise a tool) or the declared format. Output: a
``Layout``. The native layout is described in docs/formats.md; the others follow what
LimeSurvey, SurveyMonkey, Google Forms, Qualtrics and KoboToolbox or ODK export.
"""

from __future__ import annotations

from .base import Layout, fold
from .googleforms import GoogleForms
from .kobo import Kobo
from .limesurvey import LimeSurvey
from .native import Native
from .qualtrics import Qualtrics, heading_rows
from .statfile import StatFile
from .surveymonkey import SurveyMonkey

TOOLS: tuple[type[Layout], ...] = (GoogleForms, SurveyMonkey, LimeSurvey, Qualtrics, Kobo)


def layout_for(declared: str | None, first_rows: list[list[str]], container: str) -> Layout:
    """The declared layout, else the tool whose headings the first of ``first_rows`` has,
    else native. ``first_rows`` are the export's first three rows (fewer when it has fewer):
    a Qualtrics export has one to three heading rows.

    ``container`` is ``csv`` or ``xlsx``: the kind of file the native layout comes in.
    """
    first_row = first_rows[0] if first_rows else []
    if declared in (None, "csv", "xlsx"):
        tool = None if declared else next(
            (tool for tool in TOOLS if tool.recognises([fold(cell) for cell in first_row])),
            None)
    else:
        tool = next(tool for tool in TOOLS if tool.name == declared)
    if tool is Qualtrics:
        return Qualtrics(heading_rows(first_rows))
    return tool() if tool else Native(declared or container)


__all__ = ["GoogleForms", "Kobo", "LimeSurvey", "Layout", "Native", "Qualtrics", "StatFile",
           "SurveyMonkey", "fold", "layout_for"]
