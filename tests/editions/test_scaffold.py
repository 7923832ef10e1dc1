"""new-edition: the folders created from the previous edition, nothing overwritten."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from barorapport.commands.build import build
from barorapport.errors import SurveyError

from ..conftest import PROJECTS, REPO


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "editions"
    shutil.copytree(PROJECTS / "editions", target, ignore=shutil.ignore_patterns("build"))
    return target


def _cli(project: Path, *arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "barorapport.cli", "--project", str(project),
                           *arguments], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"})


def test_new_edition_copies_the_configuration_and_leaves_the_data_empty(project):
    result = _cli(project, "new-edition", "2025", "--from", "2024", cwd=project)
    assert result.returncode == 0, result.stderr
    data, report = project / "data/2025", project / "report/2025"
    assert sorted(path.name for path in data.iterdir()) == [
        "questionnaire.yaml", "testimonies.yaml", "themes.yaml"]
    assert (data / "questionnaire.yaml").read_bytes() == \
        (project / "data/2024/questionnaire.yaml").read_bytes()
    assert (data / "themes.yaml").read_bytes() == (project / "data/2024/themes.yaml").read_bytes()
    assert yaml.safe_load((data / "testimonies.yaml").read_text(encoding="utf-8")) == []
    copied = yaml.safe_load((report / "report.yaml").read_text(encoding="utf-8"))
    original = yaml.safe_load((project / "report/2024/report.yaml").read_text(encoding="utf-8"))
    assert copied == {**original, "previous": "2024"}
    lines = result.stdout.splitlines()
    assert lines[0] == "Created edition 2025 from 2024: data/2025/, report/2025/"
    assert lines[3] == ("  1. Export the responses from the survey tool to "
                        "data/2025/responses.csv (UTF-8 CSV, one row per respondent, the "
                        "columns of docs/formats.md).")
    assert "     data/2025/questionnaire.yaml:4: fieldwork: {start: 2024-03-01, " \
           "end: 2024-03-31}" in lines
    assert '     report/2025/report.yaml:4: subtitle: "Édition 2024"' in lines
    assert lines[-1] == ("  9. Build and read: `barorapport build --edition 2025 --strict`, "
                         "then the PDF and the web edition, the Évolutions section included.")


def test_the_new_edition_asks_for_its_responses(project):
    _cli(project, "new-edition", "2025", "--from", "2024", cwd=project)
    with pytest.raises(SurveyError) as caught:
        build(project, "2025", progress=lambda message: None)
    assert str(caught.value).endswith("data/2025/responses.csv: file not found")


def test_new_edition_refuses_to_overwrite(project):
    (project / "report/2025").mkdir()
    result = _cli(project, "new-edition", "2025", "--from", "2024", cwd=project)
    assert result.returncode == 1
    assert result.stderr == ("error: report/2025: already exists; new-edition does not "
                             "overwrite an edition (remove it or choose another name)\n")
    assert not (project / "data/2025").exists()
    assert list((project / "report/2025").iterdir()) == []
    again = _cli(project, "new-edition", "2024", "--from", "2023", cwd=project)
    assert again.stderr == ("error: data/2024: already exists; new-edition does not "
                            "overwrite an edition (remove it or choose another name)\n")
    assert not [path for path in (project / "data").iterdir() if path.name.startswith(".new")]


def test_new_edition_from_an_unknown_edition_or_with_a_bad_name(project):
    result = _cli(project, "new-edition", "2025", "--from", "1999", cwd=project)
    assert result.stderr == ("error: report/1999/report.yaml: file not found (is '1999' an "
                             "edition of this project?)\n")
    result = _cli(project, "new-edition", "../x", "--from", "2024", cwd=project)
    assert result.stderr == ("error: edition name '../x': expected letters, digits, '.', '_' "
                             "or '-' (a folder name, such as 2021)\n")


def test_shipped_project_holds_the_2020_edition_alone():
    assert sorted(path.name for path in (REPO / "data").iterdir() if path.is_dir()) == ["2020"]
    assert sorted(path.parent.name for path in (REPO / "report").glob("*/report.yaml")) == \
        ["2020"]
