"""Nothing leaks into the editions: the PDF reads only the project's folders and attaches
nothing, the web edition copies only the project's regular files, every output stays in the
output folder, and a missing font is an error with its place."""

from __future__ import annotations

import os

import pytest

from barorapport.cli import main
from barorapport.commands.build import build
from barorapport.publish.pdf import FolderFetcher

from ..helpers import pdf_text
from .test_pdf_safety import _no_attachments


def _quiet(message: str) -> None:
    pass


@pytest.mark.parametrize("url", [
    "FILE:///etc/passwd", "File:///etc/passwd", "FILE:/etc/passwd", "file:/etc/passwd",
    "file://otherhost/etc/passwd", "http://example.org/x.css", "HTTPS://example.org/x",
    "ftp://example.org/x", "file:///etc/../etc/passwd"])
def test_the_fetcher_refuses_what_is_not_the_projects(tmp_path, url):
    fetcher = FolderFetcher([tmp_path])
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_the_fetcher_reads_the_projects_files_whatever_the_scheme_case(tmp_path):
    (tmp_path / "a.css").write_text("p {}", encoding="utf-8")
    fetcher = FolderFetcher([tmp_path])
    for url in (f"file://{tmp_path}/a.css", f"FILE://{tmp_path}/a.css",
                f"file://localhost{tmp_path}/a.css"):
        result = fetcher.fetch(url)
        assert result is not None
    assert fetcher.missing == []


def test_no_attachment_of_any_kind(mini, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the PDF", encoding="utf-8")
    inside = mini / "report/assets/print.css"
    (mini / "templates/chapters/introduction.html.j2").write_text(
        '<a rel="attachment" href="FILE:///etc/passwd">a</a>\n'
        f'<a rel="attachment" href="{secret.as_uri().replace("file:", "FILE:")}">b</a>\n'
        f'<a rel="attachment" href="{inside.as_uri()}">c</a>\n'
        f'<link rel="attachment" href="{inside.as_uri()}">\n<p>Introduction.</p>\n',
        encoding="utf-8")
    result = build(mini, formats=("pdf",), progress=_quiet)
    _no_attachments(result.outputs["pdf"])
    text = pdf_text(result.outputs["pdf"])
    assert "root:" not in text and "not for the PDF" not in text


def _error(mini, capsys, *formats: str) -> str:
    arguments = ["--project", str(mini), "build"]
    for name in formats:
        arguments += ["--format", name]
    assert main(arguments) == 1
    err = capsys.readouterr().err.strip()
    return err[err.index("error:"):]


def test_a_link_in_the_assets_to_an_outside_file_is_refused(mini, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web", encoding="utf-8")
    link = mini / "report/assets/notes.txt"
    os.symlink(secret, link)
    assert _error(mini, capsys, "web") == (
        f"error: {link}: a link to {secret}, outside the project: not published (copy the "
        "file into the project)")
    assert not (mini / "build/2024/web").exists()


def test_a_link_in_the_assets_to_a_project_file_is_copied_as_a_file(mini):
    os.symlink(mini / "report/assets/web.css", mini / "report/assets/copy.css")
    result = build(mini, formats=("web",), progress=_quiet)
    copied = result.folder / "web/assets/copy.css"
    assert not copied.is_symlink()
    assert copied.read_bytes() == (mini / "report/assets/web.css").read_bytes()


def test_assets_outside_the_project_are_refused(mini, tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "responses.csv").write_text("id\nA01\n", encoding="utf-8")
    report = mini / "report/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "assets: ../assets", f"assets: {outside}"), encoding="utf-8")
    assert _error(mini, capsys) == (
        f"error: {report}: assets: {outside} is outside the project ({mini}): the editions "
        "publish only the project's own files")
    assert not (mini / "build/2024/web").exists()


@pytest.mark.parametrize("formats", [("pdf",), ("web",)])
def test_a_missing_font_file_is_an_error_with_its_place(mini, capsys, formats):
    for name in ("print.css", "web.css"):
        sheet = mini / "report/assets" / name
        sheet.write_text('@font-face { font-family: "Lato"; src: url(fonts/Absent-Italic.ttf); '
                         'font-style: italic; }\n' + sheet.read_text(encoding="utf-8"),
                         encoding="utf-8")
    message = _error(mini, capsys, *formats)
    assert message == (
        f"error: {mini}/report/assets/print.css:1:40: url(fonts/Absent-Italic.ttf): file not "
        f"found\nerror: {mini}/report/assets/web.css:1:40: url(fonts/Absent-Italic.ttf): file "
        "not found")


@pytest.mark.parametrize(("old", "new", "name"), [
    ("  - id: outils\n", "  - id: ../../../evil\n", "19:9: figures.0.id"),
    ("slug: enquete", "slug: ../../evil", "1:7: slug"),
    ("  - id: resultats\n", "  - id: /tmp/evil\n", "15:9: chapters.1.id"),
])
def test_every_output_stays_in_the_output_folder(mini, capsys, old, new, name):
    report = mini / "report/2024/report.yaml"
    text = report.read_text(encoding="utf-8")
    assert old in text
    report.write_text(text.replace(old, new, 1), encoding="utf-8")
    message = _error(mini, capsys)
    # Refused by report.yaml's schema, with its place, before anything is written.
    assert message == (f"error: {report}:{name}: not a safe name for output files: "
                       "letters, digits, '-', '_' and '.' only, starting with a letter or a "
                       "digit, no '..'")
    assert not any(mini.parent.glob("evil*")) and not (mini / "evil.svg").exists()
    assert not any(p.name.startswith("evil") for p in mini.rglob("*"))
