"""Projects made by ``init`` from exports as survey tools write them, built once for the
tests of this folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from barorapport.cli import main
from barorapport.wording import builtin, shipped

from .tool_exports import write_qualtrics, write_surveymonkey

WRITERS = {"surveymonkey": (write_surveymonkey, {}),
           "qualtrics": (write_qualtrics, {"header_rows": 1})}


def init_and_build(folder, tool: str, formats: str):
    """``init`` then ``build`` with no hand edit: (project, answers, personal values)."""
    writer, options = WRITERS[tool]
    export = folder / f"{tool}.csv"
    answers, personal = writer(export, **options)
    root = folder / "project"
    assert main(["init", str(root), "--from", str(export), "--edition", "2024"]) == 0
    assert main(["--project", str(root), "build", "--format", formats]) == 0
    return root, answers, personal


def name_the_publication(root: Path) -> None:
    """What init's placeholder warnings ask: a title and an author in each report.yaml. The
    tests that build with ``--strict`` do it, so that any other warning still fails them
    (test_english checks the placeholders' warnings)."""
    for report in root.glob("report/*/report.yaml"):
        text = report.read_text("utf-8")
        for lang in shipped():
            text = text.replace(f'"{builtin(lang)["init.title"]}"', '"A test publication"')
            text = text.replace(f'"{builtin(lang)["init.author"]}"', '"A test author"')
        report.write_text(text, encoding="utf-8")


@pytest.fixture(scope="package")
def surveymonkey(tmp_path_factory):
    """anes96 as an English SurveyMonkey export, personal columns filled: the PDF and the
    web edition."""
    return init_and_build(tmp_path_factory.mktemp("surveymonkey"), "surveymonkey", "pdf,web")
