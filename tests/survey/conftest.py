"""The survey stage on the fixture exports of ``exports/``: each test copies one export and
a questionnaire into a temporary folder, works there, and loads them as the build does."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from barorapport.survey import Survey, load_questionnaire, load_survey

EXPORTS = Path(__file__).parent / "exports"


@pytest.fixture
def survey_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder, made the working directory so that messages name files shortly."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_questionnaire(folder: Path, responses: dict, base: str = "questionnaire.yaml",
                        questions: str = "") -> Path:
    """``base`` from ``exports/`` with a ``responses:`` block (and more questions) added."""
    text = (EXPORTS / base).read_text(encoding="utf-8") + questions
    text += yaml.safe_dump({"responses": responses}, allow_unicode=True)
    path = folder / "questionnaire.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def read_export(survey_folder: Path) -> Callable[..., Survey]:
    """``read_export("utf8.csv", encoding=...)``: the Survey of a fixture export."""

    def read(export: str | Path, base: str = "questionnaire.yaml", questions: str = "",
             **responses) -> Survey:
        source = Path(export) if Path(export).is_absolute() else EXPORTS / export
        if source.parent != survey_folder:
            shutil.copy(source, survey_folder / source.name)
        path = write_questionnaire(survey_folder, {"file": source.name, **responses}, base,
                                   questions)
        questionnaire = load_questionnaire(path)
        return load_survey(questionnaire, survey_folder / source.name)

    return read
