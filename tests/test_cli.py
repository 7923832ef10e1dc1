"""The command line: global options anywhere, and every user error or fault one ``error:``
line with its place and a non-zero exit, never a traceback."""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket

import pytest

from barorapport import __version__
from barorapport.cli import _parser, main


@pytest.fixture
def in_mini(mini, monkeypatch):
    monkeypatch.chdir(mini)  # messages show paths relative to the working folder
    return mini


def _last_error(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


def test_global_options_before_or_after_the_command(mini, capsys):
    for argv in (["--project", str(mini), "--quiet", "build", "--format", "web"],
                 ["build", "--format", "web", "--project", str(mini), "--quiet"],
                 ["--project", str(mini), "build", "-q", "--format", "web"]):
        assert main(argv) == 0
        assert capsys.readouterr().err == ""  # quiet: no progress
    parsed = _parser().parse_args(["serve", "--project", "elsewhere", "--verbose"])
    assert (str(parsed.project), parsed.verbose, parsed.quiet) == ("elsewhere", True, False)
    parsed = _parser().parse_args(["--project", "here", "check"])
    assert (str(parsed.project), parsed.verbose, parsed.quiet) == ("here", False, False)


def test_a_port_out_of_range_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--port", "99999"])
    assert caught.value.code == 2
    assert _last_error(capsys) == ("barorapport serve: error: argument --port: '99999' is not "
                                   "a port number (expected 0 to 65535; 0: any free port)")


def test_a_port_in_use_is_one_error_line(in_mini, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    assert _last_error(capsys) == (f"error: --port {port}: 127.0.0.1:{port} is already in "
                                   "use (stop the other server, or choose another --port)")
    assert not (in_mini / "build").exists()  # nothing built before the port was had


def test_an_output_folder_that_cannot_be_made(in_mini, capsys):
    blocker = in_mini / "not-a-folder"
    blocker.write_text("a file where the output folder should be\n", encoding="utf-8")
    assert main(["-q", "build", "--out", "not-a-folder/out"]) == 1
    assert _last_error(capsys) == "error: not-a-folder/out/2024: Not a directory"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_or_read_only_disk_is_one_error_line(in_mini, capsys, monkeypatch, code):
    from barorapport.publish import edition as publishing

    def full(figures, path, *arguments, **keywords):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(publishing, "write_figures_csv", full)
    assert main(["-q", "build", "--format", "web"]) == 1
    assert _last_error(capsys) == (f"error: build/2024/figures.csv: {os.strerror(code)}; the "
                                   "previous outputs are left as they were")


def test_a_full_disk_while_copying_a_folder(in_mini, capsys, monkeypatch):
    from barorapport.publish import edition as publishing

    def copy_fails(pages, target, **keywords):
        font = target / "assets/fonts/Lato-Italic.ttf"
        raise shutil.Error([("report/assets/fonts/Lato-Italic.ttf", str(font),
                             f"[Errno 28] No space left on device: '{font}'")])

    monkeypatch.setattr(publishing, "write_web", copy_fails)
    assert main(["-q", "build", "--format", "web"]) == 1
    assert _last_error(capsys) == ("error: build/2024/web/assets/fonts/Lato-Italic.ttf: No "
                                   "space left on device; the previous outputs are left as "
                                   "they were")


def test_a_python_error_inside_a_template(in_mini, capsys):
    (in_mini / "templates/chapters/resultats.html.j2").write_text("<p>{{ 1 // 0 }}</p>\n",
                                                                   encoding="utf-8")
    assert main(["-q", "build"]) == 1
    assert _last_error(capsys) == ("error: templates/chapters/resultats.html.j2:1: "
                                   "ZeroDivisionError: integer division or modulo by zero")


@pytest.mark.warnings
def test_malformed_cache_entries_are_built_again(in_mini, capsys):
    assert main(["-q", "build"]) == 0
    capsys.readouterr()
    charts = in_mini / "build/.cache/charts/2024"
    for entry in charts.iterdir():
        entry.write_text(json.dumps({"entry": "x", "sha256": "y"}), encoding="utf-8")
    pdf_entry = next((in_mini / "build/.cache/pdf/2024").iterdir())
    pdf_entry.unlink()
    pdf_entry.mkdir()
    (in_mini / "templates/chapters/resultats.html.j2").open("a", encoding="utf-8").write(
        "<p>Changé.</p>\n")
    assert main(["-q", "build"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error:" not in err
    assert "Changé." in (in_mini / "build/2024/web/resultats.html").read_text(encoding="utf-8")


def test_a_bug_is_one_line_too(in_mini, capsys, monkeypatch):
    from barorapport.publish import edition as publishing

    def broken(*arguments, **keywords):
        raise RuntimeError("boom")

    monkeypatch.setattr(publishing, "write_figures_csv", broken)
    assert main(["-q", "build", "--format", "web"]) == 1
    assert _last_error(capsys) == (f"error: internal error: RuntimeError: boom (a bug of "
                                   f"barorapport {__version__}; --verbose shows where)")


def test_a_base_url_that_is_not_a_web_address_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["build", "--base-url", "javascript:alert(1)//"])
    assert caught.value.code == 2
    assert _last_error(capsys) == (
        "barorapport: error: argument --base-url: 'javascript:alert(1)//' is not a web "
        "address: expected http:// or https:// followed by the host "
        "(https://www.example.org/barometre/)")
