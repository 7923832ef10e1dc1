"""The statisticians' workbook: every question crossed by every banner, in one spreadsheet.

Input: the annex table (``stats.export.export_frame``: published values only, suppressed
ones empty, significance letters as banner option codes), the questionnaire, report.yaml
and the figures' weighting. Output: ``tables.xlsx``, laid out as the UK government's
guidance for statistical spreadsheets asks (ONS's gptables follows it): a cover sheet
(title, source, method, weighting, significance and disclosure rules), a contents sheet, a
notes sheet, then one sheet per question, each holding one named Excel table that starts
after a short header in column A, one header row, no merged cell, no blank row, numbers as
numbers (shares as proportions shown in %), [c] for a suppressed cell and [u] for a low base.

Columns: the answer's codes and label, the whole sample, then per banner option (lettered
A, B, C... across the sheet) its column percentage and the letters of the columns of the
same banner it is significantly higher than. Rows: the bases (unweighted, and weighted when
the figures are), then the answers. Every number is the annex's: nothing is computed here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..formatting import fmt_count, fmt_date, fmt_number
from ..wording import say
from .docx_ooxml import reproducible_zip

TABLES_NAME = "tables.xlsx"
NUMERIC_ROWS = ("mean", "ci_low", "ci_high", "sd", "min", "q1", "median", "q3", "max")
"""A numeric question's rows under its bases: the mean and its 95 % interval, then the
spread (the figures table's statistics, as the publication's annex holds them)."""
CONTENT_MEASURES = ("respondents", "level", "group", "theme", "mean", "sd", "min", "q1",
                    "median", "q3", "max")
"""The rows a question's table shows: shares of respondents (of a grid's item, of a theme),
a numeric question's statistics; shares of mentions have no crosstab."""
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    banner: str | None
    option: str | None
    letter: str | None
    header: str
    letters_header: str | None


def column_letter(index: int) -> str:
    """A, B, ... Z, AA, AB...: the letter of the ``index``-th banner column of a sheet."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _columns(rows: pd.DataFrame, questionnaire, banners: list[str]) -> list[Column]:
    columns = [Column(None, None, None, say("whole_sample"), None)]
    index = 0
    for banner in banners:
        if rows[rows["banner"] == banner].empty:
            continue
        question = questionnaire.question(banner)
        for option in question.options:
            letter = column_letter(index)
            index += 1
            values = {"banner": question.text, "option": option.label, "letter": letter}
            columns.append(Column(banner, option.code, letter,
                                  say("tables.header.column", **values),
                                  say("tables.header.higher_than", **values)))
    return columns


def question_table(export: pd.DataFrame, question, questionnaire, banners: list[str],
                   weighted: bool) -> tuple[list[str], list[list]]:
    """The header and the rows of one question's sheet."""
    rows = export[(export["question"] == question.id)
                  & export["measure"].isin(CONTENT_MEASURES)]
    columns = _columns(rows, questionnaire, banners)
    grid = question.type == "grid"
    header = ([say("tables.header.item_code"), say("tables.header.item")] if grid else []) + \
        [say("tables.header.code"), say("tables.header.answer")]
    for column in columns:
        header.append(column.header)
        if column.letter is not None:
            header.append(column.letters_header)
    cells = {}
    for row in rows.itertuples(index=False):
        banner = None if _missing(row.banner) else row.banner
        option = None if _missing(row.banner_option) else row.banner_option
        code = row.grouping if not _missing(row.grouping) else row.option
        key = (None if _missing(row.item) else row.item, None if _missing(code) else code,
               row.measure)
        cells.setdefault(key, {})[(banner, option)] = row
    body = []
    for item in (question.items if grid else [None]):
        keys = [key for key in cells if key[0] == (item.code if item else None)]
        if not keys:
            continue
        prefix = [item.code, item.label] if grid else []
        first = cells[keys[0]]
        body.append(prefix + ["", say("tables.row.base")]
                    + _base_cells(columns, first, "base"))
        if weighted:
            body.append(prefix + ["", say("tables.row.weighted_base")]
                        + _base_cells(columns, first, "weighted_base"))
        if question.type == "numeric":
            body += _numeric_rows(columns, {key[2]: cells[key] for key in keys})
            continue
        for key in keys:
            found = cells[key]
            label = next(iter(found.values())).label
            body.append(prefix + [key[1] or "", label] + _value_cells(columns, found))
    return header, body


def _numeric_rows(columns: list[Column], by_measure: dict[str, dict]) -> list[list]:
    """A numeric question's statistics, one row each (``NUMERIC_ROWS``): the publication
    tests no difference of means, so no letters."""
    rows = []
    for name in NUMERIC_ROWS:
        found = by_measure.get("mean" if name in ("ci_low", "ci_high") else name)
        if found is None:
            continue
        value = name if name in ("ci_low", "ci_high") else "value"
        rows.append(["", say(f"tables.row.{name}")]
                    + _value_cells(columns, found, value, letters=False))
    return rows


def _base_cells(columns: list[Column], found: dict, name: str) -> list:
    out = []
    for column in columns:
        row = found.get((column.banner, column.option))
        value = None if row is None else getattr(row, name)
        out.append(None if _missing(value) else float(value))
        if column.letter is not None:
            low = row is not None and "low_base" in str(row.flags or "").split(";")
            out.append(say("tables.mark.low_base") if low and name == "base" else None)
    return out


def _value_cells(columns: list[Column], found: dict, value_of: str | None = None,
                 letters: bool = True) -> list:
    """Per column, the value (``value_of``, default a share or a mean) or [c] when
    suppressed, then the letters of the columns it is higher than."""
    out = []
    letters = {(column.banner, column.option): column.letter for column in columns}
    for column in columns:
        row = found.get((column.banner, column.option))
        if row is None:
            out.append(None)
        elif "suppressed" in str(row.flags or "").split(";"):
            out.append(say("tables.mark.confidential"))
        else:
            value = getattr(row, value_of or "share")
            out.append(None if _missing(value) else float(value))
        if column.letter is not None:
            codes = [] if row is None or not letters or _missing(row.higher_than) \
                else str(row.higher_than).split(";")
            out.append(" ".join(letters[(column.banner, code)] for code in codes) or None)
    return out


def tabled_questions(questionnaire, export: pd.DataFrame) -> list:
    """The questions with a row to show, in questionnaire order."""
    shown = set(export.loc[export["measure"].isin(CONTENT_MEASURES), "question"])
    return [question for question in questionnaire.questions if question.id in shown]


def write_tables(path: Path, export: pd.DataFrame, *, questionnaire, report, survey,
                 weights, edition: str) -> Path:
    """The statisticians' workbook at ``path``."""
    from openpyxl import Workbook

    banners = list(report.banners)
    questions = tabled_questions(questionnaire, export)
    workbook = Workbook()
    cover = workbook.active
    cover.title = say("tables.sheet.cover")
    _cover(cover, report, survey, weights, banners, questionnaire, edition)
    names = _sheet_names(questions)
    contents = workbook.create_sheet(say("tables.sheet.contents"))
    _one_table(contents, say("tables.sheet.contents"), [say("tables.contents.intro")],
               [say("tables.contents.sheet"), say("tables.contents.question")],
               [[names[question.id], question.text] for question in questions], "contents")
    from openpyxl.worksheet.hyperlink import Hyperlink

    for row, question in enumerate(questions, start=4):  # a link inside the workbook
        cell = contents.cell(row=row, column=1)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{names[question.id]}'!A1")
        cell.style = "Hyperlink"
    notes = workbook.create_sheet(say("tables.sheet.notes"))
    _one_table(notes, say("tables.sheet.notes"), [say("tables.notes.intro")],
               [say("tables.notes.note"), say("tables.notes.text")],
               [["[note 1]", say("tables.note.percent")],
                ["[note 2]", say("tables.note.letters")],
                [say("tables.mark.confidential"), say("tables.note.confidential")],
                [say("tables.mark.low_base"), say("tables.note.low_base",
                                                  low_base=report.thresholds.low_base)]],
               "notes")
    weighted = weights is not None
    for question in questions:
        header, body = question_table(export, question, questionnaire, banners, weighted)
        sheet = workbook.create_sheet(names[question.id])
        intro = "tables.sheet_intro.numeric" if question.type == "numeric" \
            else "tables.sheet_intro"
        _one_table(sheet, f"{question.id}. {question.text}", [say(intro, row=3)], header, body,
                   f"table_{question.id}")
    stamp = dt.datetime.combine(report.published, dt.time()) if report.published \
        else dt.datetime(1980, 1, 1)
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.title = say("tables.title", title=report.title)
    workbook.properties.language = report.lang
    workbook.save(path)
    reproducible_zip(path, stamp)
    return path


def _sheet_names(questions) -> dict[str, str]:
    """Excel's sheet names: 31 characters at most, none of ``[]:*?/\\``, unique."""
    names: dict[str, str] = {}
    for question in questions:
        base = _SHEET_NAME.sub("_", question.id)[:31]
        name, number = base, 2
        while name.lower() in {used.lower() for used in names.values()}:
            suffix = f"~{number}"
            name, number = base[:31 - len(suffix)] + suffix, number + 1
        names[question.id] = name
    return names


def _one_table(sheet, title: str, intro: list[str], header: list[str], body: list[list],
               name: str) -> None:
    """A title in A1, the intro lines under it, then one named table with one header row."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    for offset, line in enumerate(intro, start=2):
        sheet.cell(row=offset, column=1, value=line)
    top = len(intro) + 2
    header = _unique(header)
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row=top, column=column, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(body, start=top + 1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, float):
                cell.number_format = _number_format(values)
    last = get_column_letter(len(header))
    table = Table(displayName=_table_name(name), ref=f"A{top}:{last}{top + max(len(body), 1)}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    table.autoFilter = None
    sheet.add_table(table)
    for column, text in enumerate(header, start=1):
        width = max(len(str(text)) // 2, 10) if column > 2 else max(len(str(text)), 14)
        longest = max((len(str(row[column - 1])) for row in body
                       if column - 1 < len(row) and row[column - 1] is not None), default=0)
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, longest
                                                                           + 2), 60)


def _number_format(row: list) -> str:
    """Counts for the bases, one decimal for a weighted base or a mean, else a share."""
    if say("tables.row.base") in row:
        return "#,##0"
    if say("tables.row.weighted_base") in row or any(say(f"tables.row.{name}") in row
                                                     for name in NUMERIC_ROWS):
        return "#,##0.0##"
    return "0.0%"


def _unique(header: list[str]) -> list[str]:
    """An Excel table's column names must differ."""
    seen: dict[str, int] = {}
    out = []
    for text in header:
        count = seen.get(text, 0)
        seen[text] = count + 1
        out.append(text if not count else f"{text} ({count + 1})")
    return out


def _table_name(name: str) -> str:
    """An Excel table's name: letters, digits and ``_``, not a cell reference."""
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return cleaned if re.match(r"[A-Za-z_]", cleaned) else f"t_{cleaned}"


def _cover(sheet, report, survey, weights, banners: list[str], questionnaire,
           edition: str) -> None:
    from openpyxl.styles import Alignment, Font

    lines = [say("tables.title", title=f"{report.title} {edition}")]
    details = questionnaire.survey
    fieldwork = ""
    if details.fieldwork:
        fieldwork = say("tables.cover.fieldwork", start=fmt_date(details.fieldwork.start),
                        end=fmt_date(details.fieldwork.end))
    method = say("tables.cover.method_text",
                 mode=f"{details.mode}, " if details.mode else "", fieldwork=fieldwork,
                 respondents=fmt_count(survey.respondents))
    if details.sample:
        method += " " + say(f"tables.cover.sample.{details.sample}")
    if weights is None:
        weighting = say("tables.cover.weighting.none")
    elif weights.method == "column":
        weighting = say("tables.cover.weighting.column", column=weights.column)
    else:
        weighting = say("tables.cover.weighting.raking", margins=", ".join(
            questionnaire.question(margin.question).text for margin in weights.margins))
    if weights is not None:
        weighting += say("tables.cover.weighting.effective",
                         respondents=fmt_count(weights.respondents),
                         effective=fmt_count(round(weights.effective_base)),
                         design_effect=fmt_number(weights.respondents
                                                  / weights.effective_base, 2))
    sections = [
        ("tables.cover.source", report.source or ""),
        ("tables.cover.method", method),
        ("tables.cover.weighting", weighting),
        ("tables.cover.significance", say(
            "tables.cover.significance_text",
            weighted=say("tables.cover.significance.weighted") if weights is not None else "",
            alpha=fmt_number(report.thresholds.alpha * 100))),
        ("tables.cover.disclosure", say("tables.cover.disclosure_text",
                                        suppress=report.thresholds.suppress,
                                        low_base=report.thresholds.low_base)),
        ("tables.cover.contents", say("tables.cover.contents_text", banners=", ".join(
            questionnaire.question(banner).text for banner in banners))),
    ]
    sheet["A1"] = lines[0]
    sheet["A1"].font = Font(bold=True, size=14)
    row = 2
    for heading, text in sections:
        sheet.cell(row=row, column=1, value=say(heading)).font = Font(bold=True, size=12)
        cell = sheet.cell(row=row + 1, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheets do not always grow a row to its wrapped text: 95 characters a line.
        sheet.row_dimensions[row + 1].height = 15 * (len(text) // 95 + 1)
        row += 2
    sheet.column_dimensions["A"].width = 100
