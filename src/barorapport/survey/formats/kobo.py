"""KoboToolbox's data export (CSV or XLSX) and ODK Central's, of a form written as an XLSForm.

A column per question, headed by the question's name (``XML values and headers``) or its
label (``Labels``), prefixed by its groups when "include groups in headers" is chosen
(``household/age``; ODK Central joins them with ``-``: ``household-age``). A select_one
holds the chosen option's name or label; a select_multiple holds the chosen options joined
by spaces in one column, and/or one column per option (``question/option``) holding ``1``
when ticked, ``0`` when not, nothing when unanswered. KoboToolbox separates CSV cells with
``;``. It adds ``_id``, ``_uuid``, ``_submission_time``, ``_validation_status``, ``_notes``,
``_status``, ``_submitted_by``, ``__version__``, ``_tags`` and ``_index``; ODK Central
``SubmissionDate``, ``KEY``, ``SubmitterID``, ``SubmitterName``, ``ReviewState``...; the
form's own metadata (``start``, ``end``, ``deviceid``, ``username``, a geopoint's
``_<name>_latitude``...) are columns too. A submission is always finished: every row counts
(``respondents: started``).
"""

from __future__ import annotations

import re

from ..carried import Carried, ColumnMeta
from ..questionnaire import NOT_TICKED, TICKED, Question, Questionnaire
from .base import Layout, choice_codes

ID_COLUMNS = ("_uuid", "KEY", "meta/instanceID", "meta-instanceID", "instanceID", "_id")
PERSONAL = frozenset({"deviceid", "subscriberid", "simserial", "phonenumber", "username",
                      "email", "_submitted_by", "SubmitterName", "SubmitterID", "DeviceID",
                      "_geolocation", "audit"})
METADATA = frozenset({"_id", "_index", "_validation_status", "_notes", "_status",
                      "__version__", "_version_", "_tags", "_parent_index",
                      "_parent_table_name", "formhub/uuid", "formhub-uuid", "meta/rootUuid",
                      "meta/deprecatedID", "meta-instanceName", "meta/instanceName",
                      "_xform_id_string", "_attachments", "_bamboo_dataset_id", "_duration",
                      "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState",
                      "Edits", "FormVersion", *ID_COLUMNS[1:]})
TIMESTAMPS = frozenset({"start", "end", "today", "_submission_time", "SubmissionDate"})
_GEOPOINT_PARTS = re.compile(r"(^|/|-)_.+_(latitude|longitude|altitude|precision)$"
                             r"|-(Latitude|Longitude|Altitude|Accuracy)$")
"""A geopoint's parts: ``_location_latitude`` (``group/_location_latitude``), or in ODK
Central ``location-Latitude``."""


class Kobo(Layout):
    name = "kobo"
    id_columns = ID_COLUMNS
    metadata = METADATA
    personal = PERSONAL
    timestamps = TIMESTAMPS
    ticks = "explicit"
    joiner = " "
    definition_hint = ("a KoboToolbox or ODK export without its XLSForm: the questions' "
                       "types, option lists and order are guessed from the answers; give the "
                       "form too (init --from export.csv --from form.xlsx: the project's "
                       "Form > Download XLS in KoboToolbox)")

    @classmethod
    def recognises(cls, first_row: list[str]) -> bool:
        fields = set(first_row)
        return {"_uuid", "_submission_time"} <= fields or {"KEY", "SubmissionDate"} <= fields

    def is_personal(self, heading: str) -> bool:
        return super().is_personal(heading) or bool(_GEOPOINT_PARTS.search(heading))

    def joins(self, question: Question) -> bool:
        return question.type == "multiple" and isinstance(question.columns, str)

    def default_columns(self, question: Question) -> dict[str, list[str]]:
        if question.type == "multiple" and not isinstance(question.columns, dict):
            return {f"{question.id}:{code}": [f"{question.id}/{code}", question.id]
                    for code in question.parts()}
        return super().default_columns(question)

    def answer_codes(self, question: Question, questionnaire: Questionnaire,
                     option: str | None = None) -> dict[str, str]:
        """Option names (``XML values``); a ticked option's column holds ``1``, an unticked
        one ``0``; the options joined in one column, their names."""
        if question.type == "multiple" and not self.joins(question):
            return {TICKED: TICKED, NOT_TICKED: NOT_TICKED}
        return {code: code for code in choice_codes(question, questionnaire)}

    def carried(self, heading_rows: list[list[str]], shown: str) -> Carried:
        """The role of each column the tool adds (the others are answers)."""
        columns = {}
        for name in heading_rows[0]:
            role = "id" if name in ID_COLUMNS[:-1] else "timestamp" if name in TIMESTAMPS \
                else "personal" if self.is_personal(name) else "metadata" \
                if self.is_metadata(name) else "question"
            columns[name] = ColumnMeta(name=name, role=role)
        return Carried(tool="kobo", source=shown, columns=columns)
