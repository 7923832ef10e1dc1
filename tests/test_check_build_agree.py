"""``check`` and ``build`` run the same stages: on every scenario project and on broken
variants of each, check reports exactly the errors the build fails on, word for word and
with the same place, and check reports every problem of report.yaml in one pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from barorapport.commands.build import build
from barorapport.commands.check import check
from barorapport.errors import BarorapportError

from .conftest import PROJECTS
from .helpers import quote_new_answer

SAFE = ("not a safe name for output files: letters, digits, '-', '_' and '.' only, starting "
        "with a letter or a digit, no '..'")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _report(old: str, new: str):
    return lambda root: _edit(root / "report/2024/report.yaml", old, new)


def _write(name: str, text: str):
    return lambda root: (root / name).write_text(text, encoding="utf-8")


VARIANTS = {
    # name: (project, edition, change, the errors, relative to the project)
    "mini as it is": ("mini", None, None, []),
    "editions 2022 as it is": ("editions", "2022", None, []),
    "editions 2024 as it is (a trend chart over three editions)": (
        "editions", "2024", None, []),
    "previous names no edition": (
        "editions", "2024", _report("assets: ../assets\n", 'assets: ../assets\nprevious: "1999"\n'),
        ["report/2024/report.yaml:9:11: previous edition '1999' is not another edition of "
         "this project (expected one of: 2022, 2023)"]),
    "a missing chart font file": (
        "mini", None, _report("assets: ../assets\n",
                              "assets: ../assets\nchart_style: {font_files: [missing.ttf]}\n"),
        ["report/2024/report.yaml:11:28: chart_style.font_files: file not found: "
         "report/assets/missing.ttf"]),
    "a measure typo": (
        "mini", None, _report("measure: respondents", "measure: respondant"),
        ["report/2024/report.yaml:21:14: figures.0.measure: 'respondant': Input should be "
         "'respondents', 'mentions', 'level', 'group' or 'theme'"]),
    "a measure of another question type": (
        "mini", None, _report("measure: respondents", "measure: level"),
        ["report/2024/report.yaml:21:14: figure 'outils': measure 'level' does not apply to "
         "multiple question 'outils' (expected one of: respondents, mentions)"]),
    "a figure's question typo": (
        "mini", None, _report("question: avis", "question: avi"),
        ["report/2024/report.yaml:24:15: figure 'avis': no question 'avi' in the "
         "questionnaire (expected one of: fonction, outils, avis, evolution)"]),
    "an item not in the grid": (
        "mini", None, _report("question: avis\n", "question: avis\n    item: nope\n"),
        ["report/2024/report.yaml:25:11: figure 'avis': item 'nope' not in question 'avis' "
         "(expected one of: utile, risque)"]),
    "items not in the question": (
        "mini", None, _report("measure: respondents\n",
                              "measure: respondents\n    items: [mail, fax]\n"),
        ["report/2024/report.yaml:22:19: figure 'outils': option 'fax' not in question "
         "'outils' (expected some of: mail, visio, sms)"]),
    "a kind for another question type": (
        "mini", None, _report("measure: respondents\n",
                              "measure: respondents\n    kind: stacked\n"),
        ["report/2024/report.yaml:22:11: figure 'outils': a stacked chart needs a grid "
         "question's items; 'outils' is a multiple question"]),
    "a diverging chart by a banner of a choice question": (
        "mini", None, lambda root: (
            _report("assets: ../assets\n", "assets: ../assets\nbanners: [fonction]\n")(root),
            _report("measure: respondents\n",
                    "measure: respondents\n    kind: diverging\n    banner: fonction\n")(root)),
        ["report/2024/report.yaml:23:11: figure 'outils': a diverging chart needs a grid "
         "question's items; 'outils' is a multiple question"]),
    "a banner that is not single choice": (
        "mini", None, _report("assets: ../assets\n", "assets: ../assets\nbanners: [outils]\n"),
        ["report/2024/report.yaml:11:11: banner 'outils' is not a single-choice question of "
         "the questionnaire (expected one of: fonction)"]),
    "a chapter template that does not exist": (
        "mini", None, _report("chapters/resultats.html.j2", "chapters/resultat.html.j2"),
        ["report/2024/report.yaml:17:15: chapter 'resultats': template "
         "'chapters/resultat.html.j2' not found (neither in templates/ nor in the built-in "
         "theme)"]),
    "a chapter id leaving the output folder": (
        "mini", None, _report("id: introduction", "id: ../../../../tmp/x"),
        [f"report/2024/report.yaml:12:9: chapters.0.id: {SAFE}"]),
    "a figure id with a backslash": (
        "mini", None, _report("id: outils", "id: ..\\\\x"),
        [f"report/2024/report.yaml:19:9: figures.0.id: {SAFE}"]),
    "a slug with a slash": (
        "mini", None, _report("slug: enquete", "slug: a/b"),
        [f"report/2024/report.yaml:1:7: slug: {SAFE}"]),
    "a Python error inside a template": (
        "mini", None, _write("templates/chapters/resultats.html.j2", "<p>{{ 1 // 0 }}</p>\n"),
        ["templates/chapters/resultats.html.j2:1: ZeroDivisionError: integer division or "
         "modulo by zero"]),
    "an undefined name in a chapter": (
        "mini", None, _write("templates/chapters/introduction.html.j2", "<p>{{ nope }}</p>\n"),
        ["templates/chapters/introduction.html.j2:1: 'nope' is undefined"]),
    "the index page quoting a question that does not exist": (
        "mini", None, lambda root: _edit(root / "templates/web.html.j2", "<body", (
            "{% if page is none %}{{ question('nope').text }}{% endif %}<body")),
        ["templates/web.html.j2:9: no question 'nope' in the questionnaire"]),
    "a broken template no chapter uses": (
        "mini", None, _write("templates/partials/broken.html.j2", "{% if %}"),
        ["templates/partials/broken.html.j2:1: Expected an expression, got 'end of statement "
         "block'"]),
    "three report.yaml problems at once": (
        "mini", None, lambda root: (
            _report("question: avis", "question: avi")(root),
            _report("chapters/resultats.html.j2", "chapters/resultat.html.j2")(root),
            _report("assets: ../assets\n",
                    "assets: ../assets\nchart_style: {font_files: [missing.ttf]}\n")(root)),
        ["report/2024/report.yaml:25:15: figure 'avis': no question 'avi' in the "
         "questionnaire (expected one of: fonction, outils, avis, evolution)",
         "report/2024/report.yaml:11:28: chart_style.font_files: file not found: "
         "report/assets/missing.ttf",
         "report/2024/report.yaml:18:15: chapter 'resultats': template "
         "'chapters/resultat.html.j2' not found (neither in templates/ nor in the built-in "
         "theme)"]),
    "a date that does not exist": (
        "mini", None, _report("published: 2024-05-01", "published: 2024-02-30"),
        ["report/2024/report.yaml:8:12: '2024-02-30' is not a date that exists (day is out "
         "of range for month); expected YYYY-MM-DD"]),
    "a base URL that is not a web address": (
        "mini", None, _report("assets: ../assets\n",
                              'assets: ../assets\nbase_url: "javascript:alert(1)//"\n'),
        ["report/2024/report.yaml:11:11: base_url: 'javascript:alert(1)//' is not a web "
         "address: expected http:// or https:// followed by the host "
         "(https://www.example.org/barometre/)"]),
}


def _quoted(answer: str):
    return lambda root: quote_new_answer(root, "cite", answer)


_GATE = "data/2024/testimonies.yaml:16:9: testimony 'cite': holds {}; publish a 'redacted:' " \
        "text instead"
PRIVACY_VARIANTS = {
    # Each way of writing personal data the reliability battery got through the gate.
    "a phone number with slashes": ("Appelez le 06/12/34/56/78 le soir.", "a phone number"),
    "an IBAN in lower case with hyphens": (
        "Virement sur fr76-3000-6000-0112-3456-7890-189 svp.", "a bank account number (IBAN)"),
    "an e-mail with (a)": ("Ecrivez a jean.dupont(a)exemple.fr svp.", "an e-mail address"),
    "an e-mail with [arobase] and [point]": (
        "Ecrivez a jean.dupont [arobase] exemple [point] fr svp.", "an e-mail address"),
    "a fullwidth at sign and digits": (
        "Ecrivez a jean\uff20exemple.fr ou au \uff10\uff16 12 34 56 78.",
        "an e-mail address, a phone number"),
    "a zero-width space after the at sign": (
        "Ecrivez a jean@\u200bexemple.fr svp.", "an e-mail address"),
    "a zero-width space inside a number and an address": (
        "Au 06 12\u200b34 56 78, 12 rue\u200b des Lilas.", "a phone number, a street address"),
}
VARIANTS.update({f"a testimony with {name[2:]}": (
    "mini", None, _quoted(answer), [_GATE.format(kinds)])
    for name, (answer, kinds) in PRIVACY_VARIANTS.items()})


@pytest.mark.parametrize("variant", [
    pytest.param(name, marks=pytest.mark.warnings) if "zero-width" in name else name
    for name in VARIANTS])
def test_check_reports_exactly_what_the_build_fails_on(variant, tmp_path):
    project, edition, change, expected = VARIANTS[variant]
    root = tmp_path / project
    shutil.copytree(PROJECTS / project, root, ignore=shutil.ignore_patterns("build"))
    if change is not None:
        change(root)

    def relative(lines) -> list[str]:
        return [line.replace(f"{root}/", "") for line in lines]

    checked = check(root, edition, progress=lambda message: None)
    assert not (root / "build" / (edition or "2024")).exists()  # check writes nothing
    try:
        build(root, edition, progress=lambda message: None)
        failed: list[str] = []
    except BarorapportError as error:
        failed = str(error).splitlines()
    assert relative(checked.errors) == relative(failed) == expected
    if not expected:
        assert (root / "build" / (edition or "2024") / "manifest.json").is_file()
    else:
        assert not (root / "build" / (edition or "2024") / "manifest.json").exists()
