"""No stale output: every input an edition reads is in its up-to-date key and serve's watch.

Each test edits one input of the editions scenario (2024, compared with 2023, itself with
2022) and builds again into the same folder, then into a fresh one: the outputs change, and
both folders hold the same bytes.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from barorapport.commands.build import build
from barorapport.commands.serve import Preview
from barorapport.engine.buildcache import PACKAGE_DIR
from barorapport.errors import StatsError

PROJECTS = Path(__file__).parent / "projects"
SRC = Path(__file__).parent.parent / "src"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _differ(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """The files that are not the same in both snapshots (or in one only)."""
    return sorted(name for name in {*first, *second} if first.get(name) != second.get(name))


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _set_column(path: Path, column: str, value: str) -> None:
    """Every answer of ``column`` in the CSV export ``path`` set to ``value``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    index = header.index(column)
    rows = [line.split(",", len(header) - 1) for line in lines[1:]]
    for row in rows:
        row[index] = value
    path.write_text("\n".join([lines[0], *(",".join(row) for row in rows)]) + "\n",
                    encoding="utf-8")


def _new_edition(root: Path) -> None:
    """A 2023b edition, which becomes 2024's previous one (the latest before it by name):
    2023 again, with every respondent finding the digital useful."""
    shutil.copytree(root / "data/2023", root / "data/2023b")
    shutil.copytree(root / "report/2023", root / "report/2023b")
    _set_column(root / "data/2023b/responses.csv", "avis_utile", "1")


def _font(root: Path) -> None:
    """The project's own regular face for the charts (and the web edition's subsets)."""
    target = root / "report/assets/fonts/Lato-Regular.ttf"
    target.parent.mkdir()
    shutil.copyfile(PACKAGE_DIR / "theme/assets/fonts/Lato-Bold.ttf", target)


WEIGHTING = """weighting:
  margins:
    - question: fonction
      targets: {"1": 0.2, "2": 0.8}
      source: "Synthetic margins"
chapters:
"""

EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("data/2023/responses.csv (the previous edition's answers)",
     lambda root: _set_column(root / "data/2023/responses.csv", "avis_utile", "4")),
    ("data/2022/responses.csv (the edition before the previous one)",
     lambda root: _set_column(root / "data/2022/responses.csv", "avis_utile", "1")),
    ("data/2023/questionnaire.yaml (a previous edition's wording)",
     lambda root: _replace(root / "data/2023/questionnaire.yaml", "numérique cette année ?",
                           "numérique cette année-là ?")),
    ("data/2023/themes.yaml (a previous edition's themes)",
     lambda root: _replace(root / "data/2023/themes.yaml", 'patterns: ["visio"]',
                           'patterns: ["visio", "camera"]')),
    ("report/2023b (a new edition, now the previous one)", _new_edition),
    ("report/2024/report.yaml",
     lambda root: _replace(root / "report/2024/report.yaml", 'title: "Enquête test"',
                           'title: "Enquête d\'essai"')),
    ("templates/chapters/resultats.html.j2",
     lambda root: _replace(root / "templates/chapters/resultats.html.j2",
                           "La visioconférence est citée", "La visioconférence reste citée")),
    ("report/assets/web.css", lambda root: (root / "report/assets/web.css").write_text(
        (root / "report/assets/web.css").read_text(encoding="utf-8")
        + "\nh2 { letter-spacing: 0.01em; }\n", encoding="utf-8")),
    ("report/assets/fonts/Lato-Regular.ttf (a font over the theme's)", _font),
]


def _quiet(message: str) -> None:
    return None


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    root = tmp_path / "editions"
    shutil.copytree(PROJECTS / "editions", root, ignore=shutil.ignore_patterns("build"))
    return root


def test_every_input_edited_rebuilds_as_a_fresh_build_would(editions, tmp_path):
    """Each edit changes the outputs; the build into the same folder (caches and
    manifest of the last build there) gives the bytes of a build into a fresh one."""
    same = tmp_path / "same"
    build(editions, "2024", formats=("web",), out=same, progress=_quiet)
    before = _snapshot(same / "2024")
    for number, (edit, apply) in enumerate(EDITS):
        apply(editions)
        result = build(editions, "2024", formats=("web",), out=same, progress=_quiet)
        assert not result.up_to_date, f"{edit}: the build says it is up to date"
        after = _snapshot(same / "2024")
        assert set(_differ(before, after)) - {"manifest.json"}, f"{edit}: no output changed"
        fresh = tmp_path / f"fresh-{number}"
        build(editions, "2024", formats=("web",), out=fresh, progress=_quiet)
        assert _differ(after, _snapshot(fresh / "2024")) == [], \
            f"{edit}: the same folder and a fresh one differ"
        before = after


def test_stale_trends_of_the_review_are_rebuilt(editions, tmp_path):
    """The reproduction of the review: 2024's figures.csv follows an edit of 2023's
    answers (avis/utile, level 1: from 0 % to 40 %, significant)."""
    build(editions, "2024", formats=("web",), out=tmp_path / "out", progress=_quiet)
    _set_column(editions / "data/2023/responses.csv", "avis_utile", "4")
    result = build(editions, "2024", formats=("web",), out=tmp_path / "out", progress=_quiet)
    assert not result.up_to_date
    with (tmp_path / "out/2024/figures.csv").open(encoding="utf-8-sig", newline="") as file:
        utile = next(row for row in csv.DictReader(file)
                     if (row["question"], row["item"], row["option"]) == ("avis", "utile", "1"))
    assert (utile["previous_share"], utile["delta_points"], utile["delta_significant"]) == \
        ("0.0", "40.0", "True")


def test_a_previous_editions_report_yaml_is_read_again(editions, tmp_path):
    """A weighting added to 2023's report.yaml: 2024's trends no longer compare with 2023
    (a change of weighting), and the trend chart says so, in the same folder as in a fresh
    one, instead of an "up to date" with the old chart."""
    build(editions, "2024", formats=("web",), out=tmp_path / "same", progress=_quiet)
    _replace(editions / "report/2023/report.yaml", "chapters:\n", WEIGHTING)
    errors = []
    for out in ("same", "fresh"):
        with pytest.raises(StatsError) as caught:
            build(editions, "2024", formats=("web",), out=tmp_path / out, progress=_quiet)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
    assert errors[0].startswith("figure 'avis-evolution': a trend chart needs 3 editions or "
                                "more whose figures compare")


def _cli_build(engine: Path, root: Path, out: Path) -> dict[str, bytes]:
    environment = {**os.environ, "PYTHONPATH": str(engine)}
    subprocess.run([sys.executable, "-m", "barorapport.cli", "--quiet", "build", "--edition",
                    "2024", "--format", "web", "--out", str(out)], cwd=root,
                   env=environment, check=True, capture_output=True)
    return _snapshot(out / "2024")


def test_an_edit_of_the_engine_rebuilds(editions, tmp_path):
    """The engine's theme (a font the charts use) and its code (the number format, which
    the charts use too), each edited in a copy of the package: the outputs change, and are
    a fresh build's."""
    engine = tmp_path / "engine"
    shutil.copytree(PACKAGE_DIR, engine / "barorapport",
                    ignore=shutil.ignore_patterns("__pycache__"))
    same = tmp_path / "same"
    before = _cli_build(engine, editions, same)
    edits = [("the theme's regular font", lambda: shutil.copyfile(
                 engine / "barorapport/theme/assets/fonts/Lato-Bold.ttf",
                 engine / "barorapport/theme/assets/fonts/Lato-Regular.ttf")),
             ("formatting.py (every number one decimal longer)", lambda: _replace(
                 engine / "barorapport/formatting.py",
                 'pattern = "#,##0" + ("." + "0" * digits if digits else "")',
                 'pattern = "#,##0." + "0" * (digits + 1)'))]
    for number, (edit, apply) in enumerate(edits):
        apply()
        after = _cli_build(engine, editions, same)
        assert set(_differ(before, after)) - {"manifest.json"}, f"{edit}: no output changed"
        fresh = _cli_build(engine, editions, tmp_path / f"fresh-{number}")
        assert _differ(after, fresh) == [], f"{edit}: the same folder and a fresh one differ"
        before = after


def test_serve_watches_every_input_of_the_edition(editions):
    """What serve watches holds every edition of the chain, the templates, the assets and
    the engine; a new edition's report.yaml is seen too (report/ is watched whole)."""
    preview = Preview(editions, "2024")
    watched = set(preview.watched())
    expected = {editions / "data/2024", editions / "data/2023", editions / "data/2022",
                editions / "report/2023", editions / "report/2022", editions / "report",
                editions / "templates", (editions / "report/assets").resolve(), PACKAGE_DIR}
    assert expected <= watched


def test_serve_rebuilds_when_a_previous_edition_changes(editions):
    """serve's watcher, running, rebuilds the preview when 2023's answers change, and the
    page then shows the new trend."""
    preview = Preview(editions, "2024")
    preview.rebuild()
    assert preview.error is None
    page = preview.web / "resultats.html"
    before = page.read_text(encoding="utf-8")
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    try:
        time.sleep(1)  # the watcher's first look at the folders, before the edit
        version = preview.version
        _set_column(editions / "data/2023/responses.csv", "avis_utile", "4")
        # Long enough for a rebuild on a loaded machine; ends as soon as it is done.
        assert preview.wait_for_change(version, 120) != version, "no rebuild"
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert preview.error is None
    assert page.read_text(encoding="utf-8") != before


def test_serve_s_second_look_covers_previous_editions(editions):
    """The files compared every second (an edit no event reported) are those serve watches:
    an edit of a previous edition's answers changes the fingerprint, as one of this
    edition's does."""
    preview = Preview(editions, "2024")
    before = preview.fingerprint()
    assert any("data/2023/responses.csv" in path for path, *_ in before)
    _set_column(editions / "data/2023/responses.csv", "avis_utile", "4")
    assert preview.fingerprint() != before
