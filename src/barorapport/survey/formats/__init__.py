"""The layouts of survey exports: which column holds each answer, and what its cells hold.

Input: the first row of the export (to recognise a tool) or the declared format. Output: a
``Layout``. The native layout is described in docs/formats.md; the others follow what
LimeSurvey, SurveyMonkey and Google Forms export.
"""

from __future__ import annotations

from .base import Layout, fold
from .googleforms import GoogleForms
from .limesurvey import LimeSurvey
from .native import Native
from .statfile import StatFile
from .surveymonkey import SurveyMonkey

TOOLS: tuple[type[Layout], ...] = (GoogleForms, SurveyMonkey, LimeSurvey)


def layout_for(declared: str | None, first_row: list[str], container: str) -> Layout:
    """The declared layout, else the tool whose headings ``first_row`` has, else native.

    ``container`` is ``csv`` or ``xlsx``: the kind of file the native layout comes in.
    """
    if declared in (None, "csv", "xlsx"):
        tool = None if declared else next(
            (tool for tool in TOOLS if tool.recognises([fold(cell) for cell in first_row])),
            None)
        return tool() if tool else Native(declared or container)
    return next(tool for tool in TOOLS if tool.name == declared)()


__all__ = ["GoogleForms", "LimeSurvey", "Layout", "Native", "StatFile", "SurveyMonkey", "fold",
           "layout_for"]
