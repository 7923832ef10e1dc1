"""Bounded inputs: an XLSX export is refused, with the file and the limit named, when it
inflates beyond the limit, holds too many cells or declares a DTD (entities); each error is
a clear one, never minutes of reading or an internal error."""

from __future__ import annotations

import time
import zipfile

import pytest
from openpyxl import Workbook

from barorapport.cli import main
from barorapport.errors import SurveyError

from .test_formats import workbook  # noqa: F401 (the fixture)


def _rewrite(path, member: str, change) -> None:
    """``path`` with ``member`` replaced by ``change(its bytes)`` (a stream of chunks)."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename != member:
                archive.writestr(info, data)
                continue
            with archive.open(info.filename, "w", force_zip64=True) as part:
                for chunk in change(data):
                    part.write(chunk)


def _prolog(data: bytes) -> tuple[bytes, bytes]:
    """The XML declaration (when there is one) and the rest."""
    if data.startswith(b"<?xml"):
        head, _, tail = data.partition(b"?>")
        return head + b"?>", tail
    return b"", data


def _comment_bomb(megabytes: int):
    def change(data: bytes):
        head, tail = _prolog(data)
        yield head + b"<!--"
        block = b" " * (1 << 20)
        for _ in range(megabytes):
            yield block
        yield b"-->" + tail
    return change


def test_a_zip_bomb_is_refused_at_once_naming_the_limit(read_export, workbook):  # noqa: F811
    _rewrite(workbook, "xl/worksheets/sheet1.xml", _comment_bomb(600))
    assert workbook.stat().st_size < 2_000_000
    started = time.perf_counter()
    with pytest.raises(SurveyError) as caught:
        read_export(workbook)
    assert time.perf_counter() - started < 10
    assert str(caught.value) == (
        "responses.xlsx: the workbook inflates to 600 MiB, more than the limit of 512 MiB "
        "(responses.limits.inflated_mb in questionnaire.yaml: raise it for a genuine "
        "workbook this large)")


def test_the_limits_are_configurable(read_export, workbook):  # noqa: F811
    _rewrite(workbook, "xl/worksheets/sheet1.xml", _comment_bomb(3))
    with pytest.raises(SurveyError) as caught:
        read_export(workbook, limits={"inflated_mb": 2})
    assert "more than the limit of 2 MiB" in str(caught.value)
    survey = read_export(workbook, limits={"inflated_mb": 4}, quarantine_threshold=0.5)
    assert list(survey.answers.index) == ["A01", "A02"]
    with pytest.raises(SurveyError) as caught:
        read_export(workbook, limits={"cells": 20}, quarantine_threshold=0.5)
    assert str(caught.value) == (
        "responses.xlsx: sheet 'Sheet' holds more than 20 cells (responses.limits.cells in "
        "questionnaire.yaml: raise it for a genuine export this large)")


def test_an_external_entity_doctype_is_refused_with_a_message(read_export, workbook):  # noqa: F811
    def doctype(data: bytes):
        head, tail = _prolog(data)
        yield (head + b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               + tail.replace(b"<v>1</v>", b"<v>&x;</v>", 1))
    _rewrite(workbook, "xl/worksheets/sheet1.xml", doctype)
    with pytest.raises(SurveyError) as caught:
        read_export(workbook)
    assert str(caught.value) == (
        "responses.xlsx: xl/worksheets/sheet1.xml declares a DTD (<!DOCTYPE>), which no "
        "workbook needs: refused, as it could read other files or inflate without end (save "
        "the workbook again from a spreadsheet)")


def test_a_doctype_after_a_long_prolog_is_refused_by_the_parser(read_export, workbook):  # noqa: F811
    def late(data: bytes):
        head, tail = _prolog(data)
        yield (head + b"<!--" + b" " * (1 << 17) + b'--><!DOCTYPE worksheet [<!ENTITY x '
               b'"y">]>' + tail.replace(b"<v>1</v>", b"<v>&x;</v>", 1))
    _rewrite(workbook, "xl/worksheets/sheet1.xml", late)
    with pytest.raises(SurveyError) as caught:
        read_export(workbook)
    assert str(caught.value).startswith("responses.xlsx: the workbook's XML declares entities "
                                        "or a DTD (")


def test_check_says_it_for_a_project(mini, capsys):
    book = Workbook()
    book.active.append(["id", "fonction"])
    path = mini / "data/2024/responses.xlsx"
    book.save(path)
    _rewrite(path, "xl/worksheets/sheet1.xml", _comment_bomb(600))
    questionnaire = mini / "data/2024/questionnaire.yaml"
    questionnaire.write_text(questionnaire.read_text(encoding="utf-8").replace(
        "file: responses.csv", "file: responses.xlsx"), encoding="utf-8")
    assert main(["--project", str(mini), "check"]) == 1
    err = capsys.readouterr().err
    assert "responses.xlsx: the workbook inflates to 600 MiB, more than the limit of 512 MiB" \
        in err
    assert "internal error" not in err
