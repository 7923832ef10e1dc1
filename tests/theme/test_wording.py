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
from barorapport.formatting import SHARES, fmt_date, fmt_number, fmt_share_of
from barorapport.survey.compare import REASONS

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


@pytest.fixture
def english(tmp_path, monkeypatch):
    """A second catalogue, ``en``, beside the shipped one."""
    folder = tmp_path / "messages"
    shutil.copytree(wording.MESSAGES_DIR, folder)
    words = yaml.safe_load((folder / "fr.yaml").read_text("utf-8"))
    words.update({"locale": "en_GB", "share_of.respondents": "share of respondents",
                  "share_of.mentions": "share of mentions",
                  "share_of.level": "share of the item's respondents",
                  "share_of.group": "share of the item's respondents",
                  "share_of.theme": "share of the question's respondents"})
    (folder / "en.yaml").write_text(yaml.safe_dump(words, allow_unicode=True), "utf-8")
    monkeypatch.setattr(wording, "MESSAGES_DIR", folder)
    wording.catalogue.cache_clear()
    yield
    wording.catalogue.cache_clear()


def test_numbers_dates_and_kinds_of_share_follow_the_language(english):
    import datetime as dt

    with wording.language("fr"):
        assert fmt_number(1939.5, 1) == "1\u202f939,5"
        assert fmt_date(dt.date(2020, 11, 2)) == "2 novembre 2020"
        assert fmt_share_of("mentions") == "part des mentions"
    with wording.language("en"):
        assert fmt_number(1939.5, 1) == "1,939.5"
        assert fmt_date(dt.date(2020, 11, 2)) == "2 November 2020"
        assert fmt_share_of("mentions") == "share of mentions"
        assert fmt_share_of("mean") == ""


def test_a_build_in_another_language_words_its_data_files_from_that_catalogue(english,
                                                                               tmp_path):
    root = tmp_path / "mini"
    shutil.copytree(PROJECTS / "mini", root, ignore=shutil.ignore_patterns("build"))
    report = root / "report/2024/report.yaml"
    report.write_text(report.read_text("utf-8").replace("lang: fr", "lang: en"), "utf-8")
    build(root, formats=("web",), progress=lambda message: None)
    with (root / "build/2024/figures.csv").open(encoding="utf-8-sig") as file:
        kinds = {row["share_of"] for row in csv.DictReader(file)}
    assert {"share of respondents", "share of mentions"} <= kinds
    assert not any(kind.startswith("part des") for kind in kinds)
