"""serve renders an edited chapter alone, and gives the pages a whole build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from watchfiles import Change

from barorapport.commands.build import build
from barorapport.commands.serve import Preview
from barorapport.pipeline import recipe
from barorapport.pipeline import serve as serve_driver

PROJECTS = Path(__file__).parent / "projects"


def _project(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(PROJECTS / name, target, ignore=shutil.ignore_patterns("build"))
    return target


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The ids of the chapters rendered, in order."""
    seen: list[str] = []
    original = recipe.render_chapter

    def counting(environment, chapter, context):
        seen.append(chapter.id)
        return original(environment, chapter, context)

    monkeypatch.setattr(recipe, "render_chapter", counting)
    monkeypatch.setattr(serve_driver, "render_chapter", counting)
    return seen


def _edit(preview: Preview, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    preview.rebuild({(Change.modified, str(path))})


def _whole_build(root: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "whole"
    shutil.rmtree(out, ignore_errors=True)
    build(root, formats=("web",), out=out, progress=lambda message: None)
    edition = next(path for path in out.iterdir() if not path.name.startswith("."))
    return _files(edition / "web")


@pytest.mark.parametrize(("name", "chapter"), [("mini", "resultats"),
                                               ("editions", "resultats")])
def test_an_edited_chapter_is_rendered_alone_and_its_page_is_a_whole_builds(
        tmp_path, rendered, name, chapter):
    root = _project(tmp_path, name)
    preview = Preview(root, None)
    preview.rebuild()
    assert preview.error is None
    pages = sorted(preview.web.glob("*.html"))
    before = {page.name: page.stat().st_mtime_ns for page in pages}
    rendered.clear()

    template = root / f"templates/chapters/{chapter}.html.j2"
    _edit(preview, template, template.read_text(encoding="utf-8")
          + "<p>Une phrase ajoutée à l'aperçu.</p>\n")
    assert preview.error is None
    assert rendered == [chapter]
    after = {page.name: page.stat().st_mtime_ns for page in pages}
    assert [name for name in before if after[name] != before[name]] == [f"{chapter}.html"]
    page = (preview.web / f"{chapter}.html").read_text(encoding="utf-8")
    assert "Une phrase ajoutée à l\u2019aperçu." in page  # in French typography, as built
    assert _files(preview.web) == _whole_build(root, tmp_path)


def test_a_chart_added_before_renumbers_the_chapters_after(tmp_path, rendered):
    root = _project(tmp_path, "mini")
    preview = Preview(root, None)
    preview.rebuild()
    rendered.clear()
    introduction = root / "templates/chapters/introduction.html.j2"
    _edit(preview, introduction, introduction.read_text(encoding="utf-8")
          + '{{ chart("avis") }}\n')
    assert preview.error is None
    # The figures of the next chapter are numbered after the new one: it renders again.
    assert rendered == ["introduction", "resultats"]
    results = (preview.web / "resultats.html").read_text(encoding="utf-8")
    assert "Figure 3" in results
    assert _files(preview.web) == _whole_build(root, tmp_path)


@pytest.mark.warnings
def test_a_template_error_is_shown_and_the_fix_renders_the_chapter_alone(tmp_path, rendered,
                                                                        monkeypatch):
    root = _project(tmp_path, "mini")
    monkeypatch.chdir(root)  # messages name files as the editor, in the project, sees them
    preview = Preview(root, None)
    preview.rebuild()
    kept = preview.prepared
    template = root / "templates/chapters/resultats.html.j2"
    original = template.read_text(encoding="utf-8")
    _edit(preview, template, original + "{{ nope }}\n")
    assert preview.error == ("templates/chapters/resultats.html.j2:10: 'nope' is undefined")
    rendered.clear()
    _edit(preview, template, original + "<p>Réparé.</p>\n")
    assert preview.error is None and rendered == ["resultats"]
    assert preview.prepared is not kept  # rendered again from what the build kept
    assert preview.prepared.survey is kept.survey
    assert "Réparé." in (preview.web / "resultats.html").read_text(encoding="utf-8")
    assert _files(preview.web) == _whole_build(root, tmp_path)


@pytest.mark.warnings
@pytest.mark.parametrize("change", ["report", "new characters", "deleted"])
def test_other_changes_build_the_web_edition_whole(tmp_path, rendered, change):
    root = _project(tmp_path, "mini")
    preview = Preview(root, None)
    preview.rebuild()
    kept = preview.prepared
    template = root / "templates/chapters/resultats.html.j2"
    if change == "report":
        report = next((root / "report").glob("*/report.yaml"))
        _edit(preview, report, report.read_text(encoding="utf-8").replace(
            'title: "Enquête test"', 'title: "Enquête test, revue"'))
        assert "Enquête test, revue" in (preview.web / "index.html").read_text("utf-8")
    elif change == "new characters":
        # A letter the web fonts' subsets do not hold: the fonts are subset again.
        _edit(preview, template, template.read_text(encoding="utf-8") + "<p>Ωmega</p>\n")
    else:
        chapter = root / "templates/chapters/introduction.html.j2"
        chapter.unlink()
        preview.rebuild({(Change.deleted, str(chapter))})
        assert preview.error is not None and preview.prepared is None
        return
    assert preview.error is None
    assert preview.prepared is not kept and preview.prepared.survey is not kept.survey
    assert _files(preview.web) == _whole_build(root, tmp_path)
