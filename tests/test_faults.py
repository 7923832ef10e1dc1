"""Faults that recover by themselves: a dangling or foreign ``build/<edition>`` link is
repaired by the next build, SIGTERM stops a build like Ctrl-C, a clock before 1980 still
writes the workbook (its timestamps clamped)."""

from __future__ import annotations

import os
import signal
import time

import pytest

from barorapport.cli import main
from barorapport.commands.build import build
from barorapport.publish import edition as publishing


def _quiet(message: str) -> None:
    pass


@pytest.mark.warnings
def test_a_dangling_edition_link_is_repaired_with_a_warning(mini, caplog):
    build(mini, formats=("web",), progress=_quiet)
    link = mini / "build/2024"
    (mini / "build" / os.readlink(link)).rename(mini / "build/gone")  # its folder deleted
    assert link.is_symlink() and not link.exists()
    result = build(mini, formats=("web",), progress=_quiet)
    assert (result.folder / "web/index.html").is_file()
    assert [record.getMessage() for record in caplog.records
            if record.levelname == "WARNING"] == [
        f"{link}: a link barorapport did not make, or a broken one (its version folder is "
        "gone): removed, and the new outputs installed in its place"]


@pytest.mark.warnings
def test_a_foreign_edition_link_is_replaced_and_what_it_names_kept(mini, tmp_path, caplog):
    foreign = tmp_path / "elsewhere"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not barorapport's", encoding="utf-8")
    (mini / "build").mkdir()
    (mini / "build/2024").symlink_to(foreign)
    result = build(mini, formats=("web",), progress=_quiet)
    assert (result.folder / "web/index.html").is_file()
    assert os.readlink(mini / "build/2024").startswith(".versions/2024-")
    assert (foreign / "keep.txt").read_text(encoding="utf-8") == "not barorapport's"
    assert [record.getMessage() for record in caplog.records
            if record.levelname == "WARNING"] == [
        f"{mini / 'build/2024'}: a link barorapport did not make, or a broken one (it names "
        f"{foreign}, not a version folder): removed, and the new outputs installed in its "
        "place"]


def test_sigterm_stops_a_build_like_ctrl_c(mini, monkeypatch, capsys):
    build(mini, formats=("web",), progress=_quiet)
    before = {path.relative_to(mini / "build/2024"): path.read_bytes()
              for path in (mini / "build/2024").rglob("*") if path.is_file()}
    chapter = mini / "templates/chapters/introduction.html.j2"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "<p>Ajout.</p>\n",
                       encoding="utf-8")
    annex = publishing._write_annex

    def terminated_while_publishing(*arguments):
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill <pid>` or a service manager does
        annex(*arguments)

    monkeypatch.setattr(publishing, "_write_annex", terminated_while_publishing)
    previous = signal.getsignal(signal.SIGTERM)
    assert main(["--project", str(mini), "build", "--format", "web"]) == 143
    assert capsys.readouterr().err.strip().endswith(
        "interrupted (SIGTERM): previous outputs left as they were")
    assert signal.getsignal(signal.SIGTERM) == previous  # the handler given back
    after = {path.relative_to(mini / "build/2024"): path.read_bytes()
             for path in (mini / "build/2024").rglob("*") if path.is_file()}
    assert after == before
    assert not [path for path in (mini / "build").iterdir()
                if path.name.startswith(".staging")]


def test_a_clock_before_1980_builds_with_clamped_timestamps(mini, monkeypatch):
    first = build(mini, formats=("web",), progress=_quiet)
    workbook = (first.folder / "figures.xlsx").read_bytes()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 50 * 365.25 * 86400)  # ~1976
    assert time.localtime(time.time()).tm_year < 1980
    again = build(mini, formats=("web",), progress=_quiet, fresh=True)
    assert (again.folder / "figures.xlsx").read_bytes() == workbook


def test_a_template_linked_outside_the_project_is_an_error_in_check_and_build(mini, tmp_path):
    from barorapport.commands.check import check
    from barorapport.errors import TemplateError

    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe", encoding="utf-8")
    link = mini / "templates/partials/secret.html.j2"
    link.symlink_to(secret)
    expected = (f"{link}: a link to {secret}, outside the project: not used (copy the file "
                "into the project)")
    assert list(check(mini, progress=_quiet).errors) == [expected]
    with pytest.raises(TemplateError) as caught:
        build(mini, progress=_quiet)
    assert str(caught.value) == expected
    link.unlink()
    (mini / "templates/shared").mkdir()
    (mini / "templates/shared/inside.html.j2").write_text("<p>ok</p>", encoding="utf-8")
    link.symlink_to(mini / "templates/shared/inside.html.j2")  # inside the project: fine
    assert not check(mini, progress=_quiet).errors


def test_serve_follows_an_edit_no_event_reports(mini):
    """A chapter template linked to a file of the project outside the watched folders: its
    edits reach no watcher, and the preview is rebuilt all the same (the files compared
    every second)."""
    import threading

    from barorapport.commands.serve import Preview

    shared = mini / "partagé"
    shared.mkdir()
    chapter = mini / "templates/chapters/resultats.html.j2"
    (shared / "resultats.html.j2").write_text(chapter.read_text(encoding="utf-8"),
                                              encoding="utf-8")
    chapter.unlink()
    chapter.symlink_to(shared / "resultats.html.j2")
    preview = Preview(mini, None, pdf=False)
    preview.rebuild()
    assert preview.error is None
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    try:
        time.sleep(1.5)  # the watcher started
        version = preview.version
        target = shared / "resultats.html.j2"
        target.write_text(target.read_text(encoding="utf-8") + "<p>Modifié à côté.</p>\n",
                          encoding="utf-8")
        assert preview.wait_for_change(version, 30) != version
        page = (preview.web / "resultats.html").read_text(encoding="utf-8")
        assert "Modifié à côté." in page
    finally:
        stop.set()
        watcher.join(10)


def test_two_options_with_the_same_label_are_an_error_with_its_place(mini):
    from barorapport.commands.check import check

    questionnaire = mini / "data/2024/questionnaire.yaml"
    questionnaire.write_text(questionnaire.read_text(encoding="utf-8").replace(
        'label: "Cadre"', 'label: "Professionnel  de terrain"'), encoding="utf-8")
    errors = [error.replace(f"{mini}/", "") for error in check(mini, progress=_quiet).errors]
    assert errors == [
        "data/2024/questionnaire.yaml:25:28: label 'Professionnel  de terrain' is also the "
        "label of option '1': each option needs a label of its own"]


def test_themes_prints_no_terminal_escape_from_an_answer(mini, capsys):
    responses = mini / "data/2024/responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8").replace(
        "Beaucoup de visio.", "Beaucoup\x1b]0;PWNED\x07 de \x1b[31mvisio."), encoding="utf-8")
    assert main(["--project", str(mini), "themes", "--question", "evolution"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Beaucoup]0;PWNED de [31mvisio." in out  # the controls are not in the answer


def test_control_characters_in_an_open_answer_are_not_kept(mini):
    from barorapport.survey import load_questionnaire, load_survey

    responses = mini / "data/2024/responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8").replace(
        "Beaucoup de visio.", "Beaucoup\x07 de visio\x1b."), encoding="utf-8")
    survey = load_survey(load_questionnaire(mini / "data/2024/questionnaire.yaml"), responses)
    assert survey.answers.at["A05", "evolution"] == "Beaucoup de visio."
