"""What kind of file an export is, from its first bytes rather than its name.

Input: a path. Output: a ``FileKind``: ``csv`` (text), ``xlsx``, ``spss``, ``stata``, or a
kind that is not read (an Excel 97-2003 or OpenDocument workbook, a SAS data set, a PDF, a
survey definition given where the responses are expected...), with the sentence saying what
it is. ``refuse`` turns the latter into the error that lists the formats that are read.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import SurveyError
from .encoding import utf16_without_bom

READ = ("CSV or TSV (native, Qualtrics, SurveyMonkey, LimeSurvey, Google Forms, "
        "KoboToolbox or ODK exports), XLSX workbooks, SPSS (.sav, .zsav, .por) and Stata "
        "(.dta) files")
"""The formats an export may be in, as error messages list them."""

HEAD = 4096


@dataclass(frozen=True)
class FileKind:
    name: str
    """``csv``, ``xlsx``, ``spss``, ``stata``, or the kind of a file that is not read."""
    read: bool
    what: str = ""
    """What the file is, for the error (``an Excel 97-2003 workbook``)."""
    hint: str = ""
    """What to do instead."""


CSV = FileKind("csv", True)
XLSX = FileKind("xlsx", True)
SPSS = FileKind("spss", True)
STATA = FileKind("stata", True)
_SAVE_AS = "save it as XLSX or CSV from the spreadsheet"


XLSFORM = FileKind("xlsform", False, "an XLSForm (a form's definition), not its responses",
                   "give it to init beside the data export")
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"')


def _sheet_names(archive: zipfile.ZipFile) -> list[str]:
    """The workbook's sheet names, from ``xl/workbook.xml`` (its first 64 KiB: the sheets
    are listed at its start)."""
    try:
        with archive.open("xl/workbook.xml") as part:
            head = part.read(1 << 16)
    except KeyError:
        return []
    return [html.unescape(name.decode("utf-8", "replace")) for name in _SHEET.findall(head)]


def sheet_names(path: Path) -> list[str]:
    """The sheet names of the workbook at ``path`` (none when it is not one)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _sheet_names(archive)
    except (zipfile.BadZipFile, OSError):
        return []


def _zip_kind(path: Path) -> FileKind:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip() \
                if "mimetype" in names else ""
            sheets = {name.strip().lower() for name in _sheet_names(archive)}
    except (zipfile.BadZipFile, OSError, KeyError):
        return FileKind("zip", False, "a damaged or unknown ZIP archive")
    if any(name.startswith("xl/") for name in names):
        # An XLSForm has a survey sheet and a choices or settings sheet; a data export
        # has its answers' sheet (and its repeats').
        return XLSFORM if "survey" in sheets and sheets & {"choices", "settings"} else XLSX
    if "opendocument.spreadsheet" in mimetype:
        return FileKind("ods", False, "an OpenDocument spreadsheet (.ods)", _SAVE_AS)
    if "opendocument" in mimetype or any(name.startswith("word/") for name in names):
        return FileKind("document", False, "a text document (Word or OpenDocument)")
    return FileKind("zip", False, "a ZIP archive", "extract the export from it")


def _text_kind(head: bytes) -> FileKind:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"{") and b"SurveyElements" in head:
        return FileKind("qsf", False, "a Qualtrics survey definition (.qsf), not its "
                        "responses", "give it to init beside the responses export")
    if text.startswith(b"<") and b"LimeSurveyDocType" in head:
        return FileKind("lss", False, "a LimeSurvey survey structure (.lss), not its "
                        "responses", "give it to init beside the responses export")
    if text.startswith((b"<!DOCTYPE html", b"<html", b"<!doctype html")):
        return FileKind("html", False, "a web page")
    return CSV


def kind_of(path: Path) -> FileKind:
    """The kind of ``path``, from its content; a missing file reads as CSV (whose reader
    says it is missing)."""
    try:
        with path.open("rb") as file:
            head = file.read(HEAD)
    except OSError:
        return CSV
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith((b"$FL2", b"$FL3")):
        return SPSS
    if head.startswith(b"<stata_dta>") or (len(head) > 4 and head[0] in range(102, 120)
                                          and head[1] in (1, 2) and head[2] == 1):
        return STATA
    if b"SPSS PORT FILE" in head[:512]:
        return SPSS
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return FileKind("xls", False, "an Excel 97-2003 workbook (.xls)", _SAVE_AS)
    if head.startswith(b"%PDF"):
        return FileKind("pdf", False, "a PDF document")
    if head[32:48] == bytes.fromhex("c2ea8160b31411cfbd92080009c7318c"):
        return FileKind("sas", False, "a SAS data set (.sas7bdat)",
                        "export it from SAS as SPSS, Stata or CSV")
    if head.startswith(b"PAR1"):
        return FileKind("parquet", False, "a Parquet file", "write it as CSV")
    if head.startswith(b"\x1f\x8b"):
        return FileKind("gzip", False, "a gzip-compressed file", "decompress it first")
    if _is_binary(head):
        return FileKind("binary", False, "a binary file of an unknown kind")
    return _text_kind(head)


_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
"""Bytes no text holds but by accident (a NUL, a control character): tab, line ends, form
feed and escape aside."""


def _is_binary(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) is binary data, not text: control bytes more
    than one in 50 (at least 3). A text export with a stray NUL byte in a cell is text (its
    answers are read without it); UTF-16, whose ASCII has a 0 byte per character, is text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(head) is not None:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls >= max(3, len(head) // 50)


def refuse(kind: FileKind, shown: str) -> SurveyError:
    """The error for a file of a kind that is not read."""
    hint = f"; {kind.hint}" if kind.hint else ""
    return SurveyError(f"{shown}: {kind.what}, which is not read{hint}. barorapport reads "
                       f"{READ}")
