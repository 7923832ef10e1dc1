"""``barorapport init DIR --from EXPORT``: a project that builds at once from an export.

Input: an export in any format ingest reads. Output: ``DIR`` with ``data/<edition>/``
(the export, ``questionnaire.yaml`` with inferred types), ``report/<edition>/report.yaml``
(placeholders, one figure per question, crosstabs by a banner) and a chapter template; each
inferred choice is marked ``# inferred:`` in the files, which ``check`` lists as notes.
"""

from .infer import InferredQuestion, infer_questions
from .write import inferred_notes, init_project

__all__ = ["InferredQuestion", "infer_questions", "inferred_notes", "init_project"]
