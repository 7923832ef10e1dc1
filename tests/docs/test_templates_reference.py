"""docs/templates.md: generated from the code, complete, and up to date."""

from __future__ import annotations

import re

from jinja2 import meta

from barorapport.config.project import find_edition, load_report
from barorapport.reference.templates import CONTEXT, LAYOUT, PARTIALS, templates_reference
from barorapport.render import make_environment
from barorapport.render.chapters import make_context
from barorapport.stats import compute_figures
from barorapport.survey import load_questionnaire, load_survey
from barorapport.theme import TEMPLATES_DIR

from ..conftest import PROJECTS, REPO


def test_the_reference_is_up_to_date():
    assert (REPO / "docs/templates.md").read_text("utf-8") == templates_reference(), (
        "docs/templates.md is out of date: python -m barorapport.reference.templates "
        "docs/templates.md")


def test_every_name_of_the_context_is_documented():
    edition = find_edition(PROJECTS / "mini", None)
    report = load_report(edition)
    questionnaire = load_questionnaire(edition.questionnaire_path)
    survey = load_survey(questionnaire, edition.data_dir / questionnaire.responses.file)
    environment = make_environment(edition.templates_dir)
    context = make_context(environment=environment, report=report, edition=edition.name,
                           survey=survey, figures=compute_figures(survey), charts={},
                           testimonies=[])
    assert {name for name in context if not name.startswith("_")} == set(CONTEXT)


def test_every_name_the_theme_uses_is_documented():
    environment = make_environment(TEMPLATES_DIR)
    used = set()
    for path in TEMPLATES_DIR.rglob("*.j2"):
        source = path.read_text("utf-8")
        assigned = set(re.findall(r"{%-?\s*set\s+(\w+)", source))
        used |= meta.find_undeclared_variables(environment.parse(source)) - assigned
    documented = set(CONTEXT) | set(LAYOUT) | set(PARTIALS)
    assert used <= documented, used - documented
