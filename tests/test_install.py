"""Install as one step: the outputs are staged whole, then made visible by one atomic switch
of a link; leftovers are cleaned by the next build; a cache entry of the wrong shape is
rebuilt with a warning."""

from __future__ import annotations

import json
import logging
import os
import signal
from pathlib import Path

import pytest

from barorapport.cli import main
from barorapport.commands.build import build
from barorapport.engine import install as install_module


def _quiet(message: str) -> None:
    pass


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _change_a_chapter(mini) -> None:
    chapter = mini / "templates/chapters/introduction.html.j2"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "<p>Ajout.</p>\n",
                       encoding="utf-8")


def test_the_outputs_are_a_link_to_one_whole_version(mini):
    result = build(mini, progress=_quiet)
    target = mini / "build/2024"
    assert target.is_symlink()
    assert Path(os.readlink(target)).parent.name == ".versions"
    assert (target / "web/index.html").is_file() and result.outputs["pdf"].is_file()
    first = target.resolve()
    _change_a_chapter(mini)
    build(mini, progress=_quiet)
    assert target.resolve() != first and not first.exists()  # the old version is removed
    assert [path.name for path in (mini / "build/.versions").iterdir()] == [
        target.resolve().name]
    assert "Ajout." in (target / "web/introduction.html").read_text(encoding="utf-8")


def test_outputs_this_build_does_not_make_are_carried_over(mini):
    build(mini, formats=("pdf",), progress=_quiet)
    pdf = (mini / "build/2024/enquete-2024.pdf").read_bytes()
    build(mini, formats=("web",), progress=_quiet)
    assert (mini / "build/2024/enquete-2024.pdf").read_bytes() == pdf
    assert (mini / "build/2024/quarantine.csv").is_file()
    assert (mini / "build/2024/web/index.html").is_file()


def test_an_output_folder_of_an_older_version_is_taken_over(mini):
    old = mini / "build/2024"
    (old / "web").mkdir(parents=True)
    (old / "web/stale.html").write_text("old", encoding="utf-8")
    (old / "notes.txt").write_text("kept", encoding="utf-8")
    (old / ".old-charts-4242").mkdir()
    build(mini, progress=_quiet)
    assert old.is_symlink() and not (old / "web/stale.html").exists()  # web/ is replaced whole
    assert (old / "notes.txt").read_text(encoding="utf-8") == "kept"
    assert not (old / ".old-charts-4242").exists()
    assert sorted(path.name for path in (mini / "build").iterdir()) == [
        ".cache", ".versions", "2024"]


def test_leftovers_of_interrupted_builds_are_cleaned_by_the_next_build(mini):
    build(mini, progress=_quiet)
    out = mini / "build"
    for name in (".staging-2024-_se7px5u", ".staging-2024-999999999-abcd1234",
                 ".old-2024-77", ".2024.link-88"):
        (out / name).mkdir()
        (out / name / "figures.csv").write_text("x", encoding="utf-8")
    (out / ".versions/2024-999999999-1").mkdir()
    live = out / f".staging-2024-{os.getpid()}-live"  # a live build's (this process's)
    live.mkdir()
    _change_a_chapter(mini)
    build(mini, progress=_quiet)
    assert sorted(path.name for path in out.iterdir()) == [
        ".cache", f".staging-2024-{os.getpid()}-live", ".versions", "2024"]
    assert len(list((out / ".versions").iterdir())) == 1


def test_ctrl_c_before_the_switch_leaves_the_old_outputs_whole(mini, monkeypatch, capsys):
    build(mini, progress=_quiet)
    before = _snapshot(mini / "build/2024")
    _change_a_chapter(mini)

    def interrupted(*arguments):
        raise KeyboardInterrupt

    monkeypatch.setattr(install_module, "_make_link", interrupted)
    assert main(["--project", str(mini), "build"]) == 130
    assert capsys.readouterr().err.strip().endswith(
        "interrupted: previous outputs left as they were")
    assert _snapshot(mini / "build/2024") == before
    assert len(list((mini / "build/.versions").iterdir())) == 1


def test_ctrl_c_during_the_switch_installs_the_new_outputs_whole_and_says_so(
        mini, monkeypatch, capsys):
    build(mini, progress=_quiet)
    _change_a_chapter(mini)
    switch = install_module._switch

    def switch_with_a_ctrl_c(link, target):
        os.kill(os.getpid(), signal.SIGINT)
        switch(link, target)

    monkeypatch.setattr(install_module, "_switch", switch_with_a_ctrl_c)
    assert main(["--project", str(mini), "build"]) == 130
    assert capsys.readouterr().err.strip().endswith(
        "interrupted: the new outputs were installed whole before the interruption")
    assert "Ajout." in (mini / "build/2024/web/introduction.html").read_text(encoding="utf-8")
    manifest = json.loads((mini / "build/2024/manifest.json").read_text(encoding="utf-8"))
    assert manifest["results"]["web"] == "web/index.html"


def test_an_unwritable_output_folder_is_found_before_the_switch(mini, monkeypatch, capsys):
    build(mini, progress=_quiet)
    before = _snapshot(mini / "build/2024")
    _change_a_chapter(mini)
    versions = mini / "build/.versions"
    real = install_module.tempfile.mkstemp

    def read_only(*arguments, dir=None, **keywords):
        if Path(dir) == versions:
            raise PermissionError(13, "Permission denied")
        return real(*arguments, dir=dir, **keywords)

    monkeypatch.setattr(install_module.tempfile, "mkstemp", read_only)
    assert main(["--project", str(mini), "build"]) == 1
    assert capsys.readouterr().err.strip().endswith(
        f"error: {versions}: not writable (Permission denied), so the new outputs cannot be "
        "installed; the previous outputs are left as they were")
    assert _snapshot(mini / "build/2024") == before


def test_an_old_version_that_cannot_be_removed_is_a_warning(mini, monkeypatch, caplog):
    build(mini, progress=_quiet)
    old = (mini / "build/2024").resolve()
    _change_a_chapter(mini)

    def refuse(path, *arguments, **keywords):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(install_module, "_remove_tree", refuse)
    with caplog.at_level(logging.WARNING, logger="barorapport"):
        build(mini, progress=_quiet)
    assert "Ajout." in (mini / "build/2024/web/introduction.html").read_text(encoding="utf-8")
    assert f"{old}: cannot remove this leftover of an earlier build (Permission denied); the " \
           "next build tries again" in caplog.messages


# Cache entries of the wrong shape

@pytest.mark.parametrize("content", [
    '{"entry": "x", "sha256": "y"}', "[1, 2]", '{"key": "k", "sha256": 3, "size": 1}\n{',
    "folder"])
def test_a_chart_cache_entry_of_the_wrong_shape_is_drawn_again(mini, caplog, content):
    build(mini, formats=("web",), progress=_quiet)
    entry = mini / "build/.cache/charts/2024/outils-print.chart"
    assert entry.is_file()
    entry.unlink()
    if content == "folder":
        entry.mkdir()
        (entry / "x").write_text("x", encoding="utf-8")
    else:
        entry.write_text(content, encoding="utf-8")
    (mini / "build/2024/manifest.json").unlink()
    with caplog.at_level(logging.WARNING, logger="barorapport"):
        build(mini, formats=("web",), progress=_quiet)
    assert f"cache: {entry} is corrupt; building it again" in caplog.messages
    if content == "folder":
        assert f"cache: {entry} is a folder, not an entry; building it again" in caplog.messages
    header, _, body = entry.read_bytes().partition(b"\n")
    assert entry.is_file() and json.loads(body)["id"] == "outils"


@pytest.mark.parametrize("content", [b'{"key": "k", "sha256": 1, "size": "x"}\n', b"folder"])
def test_a_pdf_cache_entry_of_the_wrong_shape_is_laid_out_again(mini, caplog, content):
    build(mini, formats=("pdf",), progress=_quiet)
    entry = mini / "build/.cache/pdf/2024/enquete-2024.pdf"
    pdf = (mini / "build/2024/enquete-2024.pdf").read_bytes()
    entry.unlink()
    if content == b"folder":
        entry.mkdir()
    else:
        entry.write_bytes(content)
    (mini / "build/2024/manifest.json").unlink()
    with caplog.at_level(logging.WARNING, logger="barorapport"):
        result = build(mini, formats=("pdf",), progress=_quiet)
    assert f"cache: {entry} is corrupt; building it again" in caplog.messages
    assert result.outputs["pdf"].read_bytes() == pdf and entry.is_file()


def test_a_cache_that_cannot_be_written_is_a_warning_not_a_failure(mini, caplog):
    cache = mini / "build/.cache"
    cache.mkdir(parents=True)
    for name in ("pdf", "charts"):
        (cache / name).write_text("not a folder", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="barorapport"):
        result = build(mini, progress=_quiet)
    assert result.outputs["pdf"].is_file()
    assert any(message.startswith(f"cache: cannot keep {cache}/pdf/2024/enquete-2024.pdf (")
               for message in caplog.messages)
    assert any(message.startswith(f"cache: cannot keep {cache}/charts/2024/outils-print.chart"
                                  " (") for message in caplog.messages)
