"""Qualtrics' CSV or TSV export ("Download data table"), in choice text or numeric values.

Three heading rows: the field names (``StartDate``... ``ResponseId``... ``Q1``, ``Q2_1``), the
question texts (``Response ID``, ``How satisfied... - Price``), and the import ids
(``{"ImportId":"QID2_1"}``); the third is left out when the ImportId option is off, and
analysts often delete the second and third: the rows are recognised, not counted. Columns are
named by the first row. A multiple-answer question is one column holding the chosen options
joined by ``,`` (choice texts, or their recode values), or one column per option when
"split multi-value fields" was chosen. ``Status`` says whether a row is a real response or a
preview, a test, spam; ``Finished`` whether the respondent reached the end.
"""

from __future__ import annotations

from typing import ClassVar

from ..carried import Carried, ColumnMeta
from ..questionnaire import Question, Questionnaire
from .base import Layout, choice_codes

ID_COLUMNS = ("ResponseId", "ResponseID", "_recordId")
PERSONAL = frozenset({"IPAddress", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
                      "ExternalReference", "ExternalDataReference", "LocationLatitude",
                      "LocationLongitude", "Q_RelevantIDLastStartDate"})
METADATA = frozenset({"Status", "Progress", "Duration (in seconds)", "Finished",
                      "DistributionChannel", "UserLanguage", "Q_RecaptchaScore",
                      "Q_RelevantIDDuplicate", "Q_RelevantIDDuplicateScore",
                      "Q_RelevantIDFraudScore", "Q_BallotBoxStuffing", "Q_TotalDuration",
                      "Q_DuplicateRespondent", "Q_Language", "Q_CHL", "ResponseSet"})
TIMESTAMPS = frozenset({"StartDate", "EndDate", "RecordedDate"})
TEXTS = {"ResponseId": "Response ID", "StartDate": "Start Date", "Status": "Response Type",
         "Finished": "Finished"}
"""A field and its text in the second heading row: how that row is recognised."""
STATUS_KINDS = {"Survey Preview": "preview", "1": "preview", "Survey Test": "test", "2": "test",
                "Spam": "spam", "8": "spam", "Survey Preview Spam": "preview", "9": "preview",
                "Imported Spam": "spam", "12": "spam", "Offline Survey Preview": "preview",
                "17": "preview", "EX Spam": "spam", "40": "spam"}
"""``Status`` values of rows that are not real responses (choice text and numeric values):
0 IP Address, 4 Imported, 16 Offline, 32 EX and 48 EX Offline are real responses."""


def heading_rows(rows: list[list[str]]) -> int:
    """How many heading rows the export has: 3 with the ImportId row, 2 with the texts
    only, 1 when both were deleted."""
    first = rows[0]
    if len(rows) > 2 and any(cell.lstrip().startswith('{"ImportId"') for cell in rows[2]):
        return 3
    if len(rows) > 1:
        second = dict(zip(first, rows[1], strict=False))
        if any(second.get(field) == text for field, text in TEXTS.items() if field != "Finished"):
            return 2
        if any(cell.lstrip().startswith('{"ImportId"') for cell in rows[1]):
            return 2
    return 1


class Qualtrics(Layout):
    name = "qualtrics"
    id_columns = ID_COLUMNS
    complete_column = "Finished"
    complete_values: ClassVar[frozenset[str] | None] = frozenset({"True", "TRUE", "true", "1"})
    status_column: ClassVar[str | None] = "Status"
    status_kinds: ClassVar[dict[str, str]] = STATUS_KINDS
    default_rule = "finished"
    metadata = METADATA
    personal = PERSONAL
    timestamps = TIMESTAMPS
    ticks = "presence"
    joiner = ","
    definition_hint = ("a Qualtrics export without its survey definition: the options' order "
                       "(in numeric values, their labels too) and the display logic are "
                       "guessed from the answers; give the .qsf too (init --from export.csv "
                       "--from survey.qsf: Qualtrics' Survey > Tools > Import/Export > "
                       "Export survey)")

    def __init__(self, header_rows: int = 3) -> None:
        self.header_rows = header_rows  # type: ignore[misc] - as the export has them

    @classmethod
    def recognises(cls, first_row: list[str]) -> bool:
        fields = set(first_row)
        return bool(fields & set(ID_COLUMNS)) and bool(fields & {"Finished", "Status",
                                                                 "StartDate", "Progress"})

    def is_metadata(self, heading: str) -> bool:
        return super().is_metadata(heading) or heading.startswith("Q_")

    def joins(self, question: Question) -> bool:
        return question.type == "multiple" and isinstance(question.columns, str)

    def answer_codes(self, question: Question, questionnaire: Questionnaire,
                     option: str | None = None) -> dict[str, str]:
        """Numeric values: the codes themselves; a ticked box of a split multiple-answer
        question holds ``1``; the options of a joined one, their codes."""
        if question.type == "multiple" and not self.joins(question):
            return {"1": "1"}
        return {code: code for code in choice_codes(question, questionnaire)}

    def carried(self, heading_rows: list[list[str]], shown: str) -> Carried:
        """What the heading rows declare: each column's text (second row) and role."""
        texts = heading_rows[1] if len(heading_rows) > 1 else [""] * len(heading_rows[0])
        columns = {}
        for name, text in zip(heading_rows[0], texts, strict=False):
            role = "personal" if name in PERSONAL else "id" if name in ID_COLUMNS \
                else "timestamp" if name in TIMESTAMPS else "status" if name == "Status" \
                else "completion" if name == "Finished" \
                else "metadata" if self.is_metadata(name) else "question"
            columns[name] = ColumnMeta(name=name, text=text.strip(), role=role)
        return Carried(tool="qualtrics", source=shown, columns=columns)

    def __repr__(self) -> str:
        return f"Qualtrics(header_rows={self.header_rows})"
