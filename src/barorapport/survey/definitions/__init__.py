"""The survey definitions tools export beside the responses: what each question is.

Input: a definition file and the responses export it describes. Output: a ``Carried``
questionnaire whose questions name the export's columns. Read by ``init`` only: the build
reads the questionnaire ``init`` wrote from it.
"""

from __future__ import annotations

from pathlib import Path

from ...config import display_path
from ..carried import Carried
from ..export import Export

READERS: dict[str, str] = {}
"""Definition kind to the module that reads it."""


def definition_kind(path: Path) -> str | None:
    """``qsf``, ``lss`` or ``xlsform`` when ``path`` is such a definition, else None."""
    return None


def read_definition(path: Path, export: Export) -> Carried:
    kind = definition_kind(path)
    raise NotImplementedError(f"{display_path(path)}: {kind}")
