"""``barorapport check`` (every problem at once) and ``barorapport serve`` (live preview)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from barorapport.commands.check import check

SRC = Path(__file__).parent.parent / "src"


def test_check_passes_on_the_scenario_project(mini):
    result = check(mini, progress=lambda message: None)
    assert (result.edition, result.errors, result.warnings) == ("2024", (), ())
    assert not (mini / "build/2024").exists()  # nothing laid out, nothing written


@pytest.mark.warnings
def test_check_reports_problems_of_several_stages_at_once(mini):
    report = mini / "report/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "slug: enquete\n", "slug: enquete\ncolour: red\n"), encoding="utf-8")
    (mini / "templates/partials/broken.html.j2").write_text("{% if %}", encoding="utf-8")
    responses = mini / "data/2024/responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8").replace("\nA01,", "\nA02,", 1),
                         encoding="utf-8")
    result = check(mini, progress=lambda message: None)
    assert result.errors[0].endswith("report/2024/report.yaml:2:9: unknown key 'colour'")
    assert any("column id: a text of 3 characters is not a new respondent" in warning
               for warning in result.warnings)
    assert any(error.endswith("templates/partials/broken.html.j2:1: Expected an expression, "
                              "got 'end of statement block'") for error in result.errors)


def test_an_invalid_report_yaml_still_gives_the_keys_the_export_is_read_by(mini):
    from barorapport.config.project import find_edition, report_keys

    report = mini / "report/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "colour: red\nrespondents: all\n"
                      "design: {weights: [1]}\n", encoding="utf-8")
    edition = find_edition(mini, "2024")
    assert report_keys(edition, "respondents", "design") == {"respondents": "all",
                                                             "design": None}
    report.write_text("title: [unclosed\n", encoding="utf-8")
    assert report_keys(edition, "respondents", "design") == {"respondents": None,
                                                             "design": None}

def test_check_renders_every_chapter_and_reports_each(mini):
    for name in ("introduction", "resultats"):
        (mini / f"templates/chapters/{name}.html.j2").write_text(f"<p>{{{{ {name}_x }}}}</p>\n",
                                                                encoding="utf-8")
    result = check(mini, progress=lambda message: None)
    assert [error.split("templates/")[-1] for error in result.errors] == [
        "chapters/introduction.html.j2:1: 'introduction_x' is undefined",
        "chapters/resultats.html.j2:1: 'resultats_x' is undefined"]


def test_a_missing_partial_is_named_with_the_template_and_line_that_include_it(mini):
    chapter = mini / "templates/chapters/introduction.html.j2"
    chapter.write_text(chapter.read_text(encoding="utf-8") + '{% include "partials/a.html.j2" %}'
                       '\n{% import "partials/b.html.j2" as b %}\n', encoding="utf-8")
    partial = mini / "templates/partials/testimony.html.j2"
    partial.write_text(partial.read_text(encoding="utf-8") + '{% include "partials/c.html.j2" %}'
                       '{% include "partials/d.html.j2" ignore missing %}', encoding="utf-8")
    errors = check(mini, progress=lambda message: None).errors
    missing = "not found (neither in the project's templates/ nor in the built-in theme)"
    assert [error.split("templates/", 1)[1] for error in errors] == [
        f"chapters/introduction.html.j2:2: template 'partials/a.html.j2' {missing}",
        f"chapters/introduction.html.j2:3: template 'partials/b.html.j2' {missing}",
        f"partials/testimony.html.j2:2: template 'partials/c.html.j2' {missing}"]


def test_a_partial_named_at_render_time_is_missing_at_the_including_line(mini):
    from barorapport.errors import TemplateError
    from barorapport.render import make_environment
    from barorapport.render.environment import template_error

    environment = make_environment(mini / "templates")
    (mini / "templates/chapters/x.html.j2").write_text(
        '<p>\n{% include "partials/" ~ name %}</p>', encoding="utf-8")
    with pytest.raises(Exception) as caught:
        environment.get_template("chapters/x.html.j2").render(name="none.html.j2")
    error = template_error(caught.value, mini / "templates", "chapters/x.html.j2")
    assert isinstance(error, TemplateError)
    assert str(error).endswith(
        "templates/chapters/x.html.j2:2: template 'partials/none.html.j2' not found (neither "
        "in the project's templates/ nor in the built-in theme)")


def test_check_from_the_cli_exits_1_with_every_error(mini):
    (mini / "templates/chapters/resultats.html.j2").write_text("{{ nope }}", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "barorapport.cli", "-q", "check"], cwd=mini,
                            capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(SRC)})
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        "error: templates/chapters/resultats.html.j2:1: 'nope' is undefined",
        "check: 1 error(s), 0 warning(s)"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _wait_for(condition, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


def _save_by_rename(path: Path, text: str) -> None:
    """Save as many editors do: the text written to a temporary file beside ``path``, then
    renamed over it (another file, atomically)."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _change_until_rebuilt(base: str, version: str, path: Path, text: str,
                          save=lambda path, text: path.write_text(text, encoding="utf-8")
                          ) -> None:
    """Write ``text`` to ``path`` (again every few seconds: the watcher may start late)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        save(path, text)
        for _ in range(20):
            if _get(f"{base}/__barorapport__/version")[1] != version:
                return
            time.sleep(0.5)
    raise AssertionError("no rebuild")


def _serve(project: Path, port: int) -> subprocess.Popen:
    """``barorapport serve`` on ``port``, its console read through a pipe."""
    return subprocess.Popen([sys.executable, "-m", "barorapport.cli", "-q", "serve",
                             "--port", str(port)], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONPATH": str(SRC)})


def test_serve_rebuilds_on_a_change_and_shows_a_template_error(mini):
    port = _free_port()
    server = _serve(mini, port)
    try:
        assert server.stdout.readline().strip().startswith(f"serve: http://127.0.0.1:{port}/")
        base = f"http://127.0.0.1:{port}"
        status, page = _get(f"{base}/resultats.html")
        assert status == 200 and "/__barorapport__/version" in page
        built = (mini / "build/.serve/2024/web/resultats.html").read_text(encoding="utf-8")
        assert "__barorapport__" not in built  # the reload script is served, never built
        assert not (mini / "build/2024").exists()  # the build's own outputs are not touched
        version = _get(f"{base}/__barorapport__/version")[1]

        chapter = mini / "templates/chapters/resultats.html.j2"
        original = chapter.read_text(encoding="utf-8")
        _change_until_rebuilt(base, version, chapter, original + "<p>Nouveau paragraphe.</p>\n")
        assert "Nouveau paragraphe." in _get(f"{base}/resultats.html")[1]

        version = _get(f"{base}/__barorapport__/version")[1]
        _change_until_rebuilt(base, version, chapter, "{{ nope }}")
        status, page = _get(f"{base}/resultats.html")
        assert status == 500
        assert "templates/chapters/resultats.html.j2:1: &#x27;nope&#x27; is undefined" in page

        # A Python error inside a template is shown too, and the watcher lives on.
        version = _get(f"{base}/__barorapport__/version")[1]
        _change_until_rebuilt(base, version, chapter, "<p>{{ 1 // 0 }}</p>")
        status, page = _get(f"{base}/resultats.html")
        assert status == 500
        assert ("templates/chapters/resultats.html.j2:1: ZeroDivisionError: integer division "
                "or modulo by zero") in page
        version = _get(f"{base}/__barorapport__/version")[1]
        _change_until_rebuilt(base, version, chapter, original + "<p>Réparé.</p>\n")
        status, page = _get(f"{base}/resultats.html")
        assert status == 200 and "Réparé." in page

        # An editor's save by rename (a new file replaces the template): the page follows.
        version = _get(f"{base}/__barorapport__/version")[1]
        _change_until_rebuilt(base, version, chapter, original + "<p>Renommé.</p>\n",
                              save=_save_by_rename)
        status, page = _get(f"{base}/resultats.html")
        assert status == 200 and "Renommé." in page and "Réparé." not in page
        assert server.poll() is None  # still serving
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "Traceback" not in output
    assert ("error: templates/chapters/resultats.html.j2:1: ZeroDivisionError: integer "
            "division or modulo by zero") in output.splitlines()


def test_serve_lays_the_pdf_out_in_the_background_and_offers_it_when_ready(mini):
    from .helpers import pdf_text

    port = _free_port()
    server = _serve(mini, port)
    pdf = f"http://127.0.0.1:{port}/__barorapport__/pdf"
    try:
        assert server.stdout.readline().strip().startswith(f"serve: http://127.0.0.1:{port}/")
        assert _get(f"{pdf}?state")[1] in ("waiting", "laying out", "ready")
        page = _get(f"http://127.0.0.1:{port}/resultats.html")[1]
        assert "barorapport-pdf" in page
        _wait_for(lambda: _get(f"{pdf}?state")[1] == "ready", 180)
        with urllib.request.urlopen(pdf, timeout=10) as response:
            assert response.headers["Content-Type"] == "application/pdf"
            first = response.read()
        assert first.startswith(b"%PDF-")
        (mini / "first.pdf").write_bytes(first)
        assert "Nouvelle phrase" not in pdf_text(mini / "first.pdf")

        # An edit: the page at once, the PDF again once laid out.
        chapter = mini / "templates/chapters/resultats.html.j2"
        chapter.write_text(chapter.read_text(encoding="utf-8")
                           + "<p>Nouvelle phrase du PDF.</p>\n", encoding="utf-8")
        _wait_for(lambda: _get(f"{pdf}?state")[1] != "ready", 30)
        assert _get(pdf)[0] == 404  # the PDF of the old text is not offered
        _wait_for(lambda: _get(f"{pdf}?state")[1] == "ready", 180)
        with urllib.request.urlopen(pdf, timeout=10) as response:
            (mini / "second.pdf").write_bytes(response.read())
        assert "Nouvelle phrase du PDF." in pdf_text(mini / "second.pdf")
        built = (mini / "build/.serve/2024/web/resultats.html").read_text(encoding="utf-8")
        assert "barorapport-pdf" not in built  # served, never built
        assert not (mini / "build/2024").exists()  # the build's own outputs are not touched
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert server.returncode == 0
    assert "Traceback" not in output
