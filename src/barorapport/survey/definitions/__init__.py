"""The survey definitions tools export beside the responses: what each question is.

Input: a definition file (a Qualtrics ``.qsf``, a LimeSurvey ``.lss``, an XLSForm) and the
responses export it describes. Output: a ``Carried`` questionnaire whose questions name the
export's columns. Read by ``init`` only: the build reads the questionnaire ``init`` wrote from it.
"""

from __future__ import annotations

from pathlib import Path

from ..carried import Carried
from ..export import Export
from ..sniff import kind_of

KINDS = ("qsf", "lss", "xlsform")


def definition_kind(path: Path) -> str | None:
    """``qsf``, ``lss`` or ``xlsform`` when ``path`` is such a definition (by content), else
    None."""
    kind = kind_of(path).name
    return kind if kind in KINDS else None


def read_definition(path: Path, export: Export) -> Carried:
    """What the definition at ``path`` declares about the columns of ``export``."""
    kind = definition_kind(path)
    if kind == "lss":
        from .lss import read_lss

        return read_lss(path, export)
    if kind == "xlsform":
        from .xlsform import read_xlsform

        return read_xlsform(path, export)
    from .qsf import read_qsf

    return read_qsf(path, export)
