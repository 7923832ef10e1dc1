"""docs/formats.md is what the models generate, documents every key, and its examples load."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from barorapport.config.base import load_yaml, validate
from barorapport.config.report import Report
from barorapport.openanswers import testimonies
from barorapport.openanswers.themes import ThemeRules
from barorapport.reference import formats as reference
from barorapport.survey.questionnaire import Questionnaire

REPO = Path(__file__).parent.parent
FORMATS = REPO / "docs/formats.md"
EXAMPLE = re.compile(r"```yaml\n# example: (?P<file>[\w.]+)\n(?P<text>.*?)```", re.DOTALL)
EXAMPLE_MODELS = {"questionnaire.yaml": Questionnaire, "report.yaml": Report,
                  "themes.yaml": ThemeRules,
                  "testimonies.yaml": TypeAdapter(list[testimonies.Testimony])}


def test_formats_reference_is_what_the_models_generate():
    generated = reference.generate(REPO / "docs/formats.md.j2")
    assert FORMATS.read_text(encoding="utf-8") == generated, (
        "docs/formats.md differs from what the models and docs/formats.md.j2 generate: "
        "run `nox -s docs`")


def test_every_key_of_every_model_has_a_row_with_a_docstring():
    text = FORMATS.read_text(encoding="utf-8")
    undocumented = []
    for name in reference.ROOTS:
        for model, _ in reference.models_under(reference.ROOTS[name]):
            for key in reference.model_keys(model):
                assert f"| `{key.name}` | {key.type} | {key.default} |" in text
                if not key.doc:
                    undocumented.append(f"{model.__name__}.{key.name}")
    assert undocumented == [], "write a docstring under each of these fields"


@pytest.mark.parametrize("annotation, shown", [
    (list[str], "list of string"),
    (str | None, "string or null"),
    (dict[str, str], "mapping of string to string"),
])
def test_type_names(annotation, shown):
    assert reference.type_name(annotation) == shown


def test_nested_models_are_listed_with_every_place_they_stand():
    found = {model.__name__: paths for model, paths in reference.models_under(Questionnaire)}
    assert found["Option"] == ["scales[].levels[]", "questions[].options[]",
                               "questions[].items[]"]
    assert found["Fieldwork"] == ["survey.fieldwork"]


def test_a_field_without_docstring_is_reported_empty():
    from pydantic import BaseModel

    class Sample(BaseModel):
        documented: int = 3
        """Three by default."""
        bare: str

    keys = reference.model_keys(Sample)
    assert [(key.name, key.type, key.default, key.doc) for key in keys] == [
        ("documented", "integer", "`3`", "Three by default."), ("bare", "string", "required", "")]


def test_every_example_validates_against_its_model(tmp_path):
    examples = EXAMPLE.findall(FORMATS.read_text(encoding="utf-8"))
    assert sorted({name for name, _ in examples}) == sorted(EXAMPLE_MODELS)
    for name, text in examples:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        validate(EXAMPLE_MODELS[name], load_yaml(path), path)


def test_command_writes_the_reference(tmp_path):
    output = tmp_path / "formats.md"
    result = subprocess.run(
        [sys.executable, "-m", "barorapport.reference.formats", str(output), "--template",
         str(REPO / "docs/formats.md.j2")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {output}\n"
    assert output.read_text(encoding="utf-8") == FORMATS.read_text(encoding="utf-8")
