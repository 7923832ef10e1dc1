"""No input is an internal error: every field of report.yaml, questionnaire.yaml, themes.yaml
and testimonies.yaml given a value of the wrong type is an ``error:`` at that value's line
(``file:line:column``), and odd values of the right type (empty, negative, infinite, paths
out of the project, markup, control characters) are accepted or refused with their place,
never a crash of ``check``.

Each case rewrites one file of a copy of ``tests/projects/mini`` and runs ``check`` in the
process (a crash would be the CLI's ``internal error``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from barorapport.commands.check import check
from barorapport.config.base import load_yaml, locate
from barorapport.config.report import Report
from barorapport.openanswers import testimonies
from barorapport.openanswers.themes import ThemeRules
from barorapport.survey.questionnaire import Questionnaire

from ..conftest import PROJECTS
from .mutations import concrete, fields, mutated, odd_values, wrong_values

FILES = {"report/2024/report.yaml": Report, "data/2024/questionnaire.yaml": Questionnaire,
         "data/2024/themes.yaml": ThemeRules,
         "data/2024/testimonies.yaml": list[testimonies.Testimony]}


def _cases(values) -> list[tuple[str, tuple, object]]:
    """(file, path, value) for every field of every file (a field met twice, once)."""
    cases = []
    for name, model in FILES.items():
        document = yaml.safe_load((PROJECTS / "mini" / name).read_text(encoding="utf-8"))
        seen = set()
        for path, annotation in fields(model):
            path = concrete(document, path)
            if path not in seen:
                seen.add(path)
                cases += [(name, path, value) for value in values(annotation)]
    return cases


WRONG = _cases(wrong_values)
ODD = _cases(odd_values)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("values") / "mini"
    shutil.copytree(PROJECTS / "mini", target, ignore=shutil.ignore_patterns("build"))
    return target


def _check_with(project: Path, name: str, path: tuple, value) -> tuple[list[str], str]:
    """The errors of ``check`` with the value at ``path`` of ``name`` replaced, and where
    that value stands (``line:column``); the file is put back after."""
    target = project / name
    original = target.read_text(encoding="utf-8")
    document = mutated(yaml.safe_load(original), path, value)
    target.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False,
                                     default_flow_style=None), encoding="utf-8")
    try:
        line, column = locate(load_yaml(target), path) or (1, 1)
        errors = check(project, progress=lambda message: None).errors  # never raises
        return list(errors), f"{line}:{column}"
    finally:
        target.write_text(original, encoding="utf-8")


def _own(errors: list[str], name: str) -> list[str]:
    """The errors placed in the file ``name`` (not those of another file that names it)."""
    return [error for error in errors if error.split(":")[0].endswith(name)]


def test_the_cases_cover_every_field_of_every_file():
    fields_met = {(name, path) for name, path, _value in WRONG}
    assert len(fields_met) > 150  # every field of the four models, nested ones included
    assert ("report/2024/report.yaml", ("design", "replicates", "rscales", 0)) in fields_met
    assert ("data/2024/questionnaire.yaml", ("responses", "limits", "cells")) in fields_met
    assert ("data/2024/themes.yaml", ("evolution", 0, "exclude_words", 0)) in fields_met
    assert ("data/2024/testimonies.yaml", (0, "not_names", 0)) in fields_met


@pytest.mark.warnings
def test_a_value_of_the_wrong_type_anywhere_is_an_error_at_its_line(project):
    misplaced = []
    for name, path, value in WRONG:
        errors, place = _check_with(project, name, path, value)
        line = place.split(":")[0]
        if not any(re.match(rf".*:{line}:\d+: ", error) for error in _own(errors, name)):
            misplaced.append((name, path, value, errors[:2]))
    assert misplaced == []


@pytest.mark.warnings
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.sampled_from(ODD))
def test_odd_values_are_accepted_or_refused_with_their_place(project, case):
    name, path, value = case
    errors, _place = _check_with(project, name, path, value)
    assert all(re.match(r".*:\d+:\d+: ", error) for error in _own(errors, name)), errors


@pytest.mark.warnings
def test_an_export_path_that_cannot_be_a_file_is_an_error_at_responses_file(project):
    questionnaire = project / "data/2024/questionnaire.yaml"
    long_name = str(project / "data/2024" / ("x" * 300))
    for value, shown, problem in (
            ("", project / "data/2024", "a folder, not an export file"),
            ("x" * 300, long_name[:120] + "…", "cannot be opened (File name too long)")):
        errors, place = _check_with(project, "data/2024/questionnaire.yaml",
                                    ("responses", "file"), value)
        assert errors[0] == f"{questionnaire}:{place}: responses.file: {shown}: {problem}"
