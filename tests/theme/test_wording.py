"""The publication's words come from the theme's catalogue, keyed by codes, in report.yaml's
language: every code the engine says is in the shipped catalogue, and another catalogue
words (and formats) a whole build."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
import yaml

from barorapport import wording
from barorapport.commands.build import build
from barorapport.errors import ConfigError
from barorapport.formatting import SHARES, fmt_date, fmt_delta, fmt_number, fmt_pct, fmt_share_of
from barorapport.render.typography import typeset
from barorapport.survey.compare import REASONS
from barorapport.wording import say

SRC = Path(__file__).parent.parent.parent / "src/barorapport"
PROJECTS = Path(__file__).parent.parent / "projects"


def _codes_said() -> set[str]:
    said = set()
    for path in SRC.rglob("*.py"):
        said |= set(re.findall(r"""say\(\s*["']([\w.]+)["']""", path.read_text("utf-8")))
    said |= {code for reasons in REASONS.values() for code in reasons.values()}
    # The footnotes' codes a questionnaire change carries (survey/compare.py's Change).
    said |= set(re.findall(r'"(compare\.[\w.]+)"',
                           (SRC / "survey/compare.py").read_text("utf-8")))
    said |= {f"share_of.{measure}" for measure in SHARES}
    said |= {f"summary.{measure}" for measure in ("min", "q1", "median", "q3", "max")}
    said |= {"unit.points"}  # formatting.fmt_delta: "unit.point" under 2, else this
    # The codes the front matter and the findings build from a kind (render/front.py,
    # render/findings.py).
    said |= {f"key_figure.{kind}" for kind in ("respondents", "complete", "mean", "median",
                                                "sd", "min", "max", "q1", "q3")}
    said |= {"key_figure.suppressed"}
    said |= {f"finding.{kind}{tie}" for kind in ("single", "multiple") for tie in ("", "_tie")}
    said |= {f"test.{name}" for name in ("pearson", "rao-scott", "fisher", "monte-carlo")}
    # The sentences the theme's templates print (say("figure.lecture")).
    for path in (SRC / "theme/templates").rglob("*.j2"):
        said |= set(re.findall(r"""say\(\s*["']([\w.]+)["']""", path.read_text("utf-8")))
    return said


def test_every_code_the_engine_says_is_in_the_french_catalogue():
    catalogue = yaml.safe_load((wording.MESSAGES_DIR / "fr.yaml").read_text("utf-8"))
    said = _codes_said()
    assert {"locale", "compare.option.added", "compare.scale_groups", "legend.column_bases",
            "share_of.mentions", "summary.median", "note.crosstab", "alt.histogram",
            "axis.share_of_respondents", "mark.suppressed", "mark.not_compared",
            "unit.point", "figure.lecture", "figure.continued"} <= said
    assert sorted(code for code in said if code not in catalogue) == []


def test_english_ships_every_message_of_french_with_the_same_values():
    import string

    french = wording.builtin("fr")
    english = wording.builtin("en")
    assert sorted(set(french) ^ set(english)) == []

    def names(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert [code for code in french if names(french[code]) != names(english[code])] == []


def test_numbers_dates_and_kinds_of_share_follow_the_language():
    import datetime as dt

    with wording.language("fr"):
        assert fmt_number(1939.5, 1) == "1\u202f939,5"
        assert fmt_date(dt.date(2020, 11, 2)) == "2 novembre 2020"
        assert fmt_share_of("mentions") == "part des mentions"
        assert fmt_date(dt.date(2020, 11, 1)) == "1er novembre 2020"
        assert fmt_pct(0.2489, 1) == "24,9\u00a0%"
        assert [fmt_delta(value) for value in (1.4, 1.6, -3)] == [
            "+1\u00a0pt", "+2\u00a0pts", "\u22123\u00a0pts"]
    with wording.language("en"):
        assert fmt_number(1939.5, 1) == "1,939.5"
        assert fmt_date(dt.date(2020, 11, 2)) == "2 November 2020"
        assert fmt_date(dt.date(2020, 11, 1)) == "1 November 2020"
        assert fmt_pct(0.2489, 1) == "24.9%"
        assert [fmt_delta(value) for value in (1, 0.4, 1.6)] == [
            "+1\u00a0pt", "0\u00a0pts", "+2\u00a0pts"]
        assert fmt_share_of("mentions") == "share of mentions"
        assert fmt_share_of("mean") == ""
        assert say("note.rounding") == "Percentages are rounded: their displayed total is not 100%."
    with wording.language("fr"):
        assert say("note.rounding").startswith("Les pourcentages étant arrondis")


def test_a_build_in_another_language_words_its_data_files_from_that_catalogue(tmp_path):
    root = tmp_path / "mini"
    shutil.copytree(PROJECTS / "mini", root, ignore=shutil.ignore_patterns("build"))
    report = root / "report/2024/report.yaml"
    report.write_text(report.read_text("utf-8").replace("lang: fr", "lang: en"), "utf-8")
    build(root, formats=("web",), progress=lambda message: None)
    with (root / "build/2024/figures.csv").open(encoding="utf-8-sig") as file:
        kinds = {row["share_of"] for row in csv.DictReader(file)}
    assert {"share of respondents", "share of mentions"} <= kinds
    assert not any(kind.startswith("part des") for kind in kinds)


def test_no_message_is_worded_when_a_module_is_imported():
    """stats/rounding.py worded its note at import, in whatever language was current then."""
    import ast

    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:  # module level only
            calls = [call for call in ast.walk(node) if isinstance(call, ast.Call)
                     and getattr(call.func, "id", None) == "say"]
            if not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
                assert calls == [], f"{path.relative_to(SRC)}:{node.lineno}: say() at import"


def _project_messages(tmp_path: Path, lang: str, words: dict) -> Path:
    folder = tmp_path / "messages"
    folder.mkdir(exist_ok=True)
    (folder / f"{lang}.yaml").write_text(yaml.safe_dump(words, allow_unicode=True), "utf-8")
    return folder


def test_a_project_overrides_a_message_key_by_key(tmp_path):
    folder = _project_messages(tmp_path, "fr", {"unit.respondents": "professionnels"})
    with wording.language("fr", folder):
        assert say("note.base", count="12", unit=say("unit.respondents")) == \
            "n = 12 professionnels"
        assert say("unit.mentions") == "mentions"  # the others stay the theme's
    with wording.language("fr"):
        assert say("unit.respondents") == "répondants"
    assert wording.catalogue_problems("fr", folder) == []


def test_a_project_adds_a_language_with_every_message(tmp_path):
    german = {code: f"[de] {text}" for code, text in wording.builtin("en").items()}
    german["locale"] = "de_DE"
    german["format.percent"] = "{number}\u00a0%"
    folder = _project_messages(tmp_path, "de", german)
    assert wording.has_catalogue("de", folder) and not wording.has_catalogue("de")
    assert wording.catalogue_problems("de", folder) == []
    with wording.language("de", folder):
        assert fmt_pct(0.5, 1) == "50,0\u00a0%"
        assert say("unit.respondents") == "[de] respondents"


def test_a_project_catalogue_says_what_is_wrong(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = _project_messages(tmp_path, "de", {"unit.respondents": "Befragte",
                                                 "unit.respondent": "Befragter"})
    count = len(wording.builtin("en")) - 1
    problems = wording.catalogue_problems("de", folder)
    assert problems[0] == ("messages/de.yaml: 'unit.respondent' is no message of the "
                           "built-in theme (codes: theme/messages/en.yaml)")
    assert problems[1].startswith(f"messages/de.yaml: {count} message(s) missing for a "
                                  "language the theme does not ship: trend.no_previous, ")
    with wording.language("de", folder), pytest.raises(ConfigError) as caught:
        say("unit.mentions")
    assert str(caught.value) == ("no message 'unit.mentions' in the wording catalogues of lang "
                                 "'de' (the project's messages/, then the built-in theme's)")


@pytest.mark.parametrize(("text", "french", "english"), [
    ("What is your gender ?", "What is your gender\u202f?", "What is your gender?"),
    ("Base : 12 %", "Base\u00a0: 12\u00a0%", "Base: 12%"),
    ("l'avenir", "l’avenir", "l’avenir"),
    ('the "best" one', "the «\u202fbest\u202f» one", "the “best” one"),
])
def test_typography_follows_the_language(text, french, english):
    with wording.language("fr"):
        assert typeset(text) == french
    with wording.language("en"):
        assert typeset(text) == english
        assert typeset(typeset(text)) == english


@pytest.mark.warnings
def test_a_projects_catalogue_words_its_build_and_an_edit_rebuilds_it(tmp_path):
    """messages/fr.yaml beside templates/: the next build is not up to date and prints the
    project's word; an empty title is a warning of its own."""
    root = tmp_path / "mini"
    shutil.copytree(PROJECTS / "mini", root, ignore=shutil.ignore_patterns("build"))
    build(root, formats=("web",), progress=lambda message: None)
    page = root / "build/2024/web/resultats.html"
    assert "professionnels" not in page.read_text("utf-8")
    _project_messages(root, "fr", {"alt.of.respondents": "des professionnels"})
    report = root / "report/2024/report.yaml"
    report.write_text(report.read_text("utf-8").replace('title: "Enquête test"', 'title: ""'),
                      "utf-8")
    result = build(root, formats=("web",), progress=lambda message: None)
    assert "arrive en tête avec 71,4\u00a0% des professionnels" in \
        page.read_text("utf-8")  # the chart's alt text
    assert [message for message in result.warnings if "title" in message] == [
        f"{report}:2:8: the title is empty: set the publication's title (the cover, the "
        "PDF's metadata and the web pages print it)"]
