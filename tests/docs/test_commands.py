"""Every ``barorapport`` command shown in README.md and docs/*.md runs.

The commands of the ```` ```sh ```` blocks are run as written, with these substitutions so
that they run against a small scenario project instead of the 2020 edition:

- the working directory is a copy of ``tests/projects/mini`` (holding a copy of itself at
  ``tests/projects/mini``, for ``--project tests/projects/mini``);
- ``2020`` becomes ``2024`` (the scenario's edition), ``Q5`` becomes ``evolution`` (its open
  question, which has a ``teletravail`` theme), ``Q1`` ``fonction`` (its single choice, by
  which the segments are), ``Cadre / Chef de service`` ``Cadre``, and ``/tmp/out`` a
  temporary folder.

The commands of one block run in order in the same copy, as a reader would type them (a
block may create an edition that its next command compares). Each must exit with 0.
Exceptions, each with its reason:

- ``SKIPPED``: commands that need software these machines lack (Quarto);
- ``LONG_RUNNING``: commands that run until stopped (``serve``): they pass when still
  running after a few seconds, and are stopped then.

Blocks marked ```` ```text ```` are shown, not run (deployment and test commands).

``PROCEDURES`` are documents read as one procedure: all their commands run in order in one
copy, and the steps the prose asks a person to do (export the survey's responses) are done by
the test after the command that precedes them, with the scenario's own data.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent.parent
MINI = REPO / "tests/projects/mini"
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SUBSTITUTIONS = {"2020": "2024", "Q5": "evolution", "8000": "0", "Q1": "fonction",
                 "Cadre / Chef de service": "Cadre"}
"""The scenario's edition, questions (an open one with a ``teletravail`` theme, the single
choice of the segments) and an answer; ``serve`` on any free port (0), not one a neighbour
may hold."""
SKIPPED = {
    "--engine quarto": ("quarto", "Quarto is not installed on these machines (see README, "
                                  "Installing Quarto)"),
}
"""A command holding the key is skipped when the named executable is not on PATH."""
LONG_RUNNING = {"serve": 5.0}
"""Subcommands that run until stopped, and the seconds they must keep running."""
def _fill_in_the_edition(project: Path, arguments: list[str]) -> None:
    """What a person does after ``new-edition``: put the survey tool's export in place and
    choose the quotations (here, the scenario's own answers and quotations)."""
    new, source = arguments[1], arguments[arguments.index("--from") + 1]
    for name in ("responses.csv", "testimonies.yaml"):
        shutil.copy(project / "data" / source / name, project / "data" / new)


PROCEDURES = {"docs/new-edition.md": {"new-edition": _fill_in_the_edition}}
"""Per procedure document, the person's step to do after a subcommand."""
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.DOTALL | re.MULTILINE)


def shown_blocks() -> list[tuple[str, list[str]]]:
    """(where, command lines) of each sh block holding ``barorapport`` commands; a procedure
    document is one block of all its commands."""
    found = []
    for document in DOCUMENTS:
        name = document.relative_to(REPO).as_posix()
        text = document.read_text(encoding="utf-8")
        blocks = []
        for block in SH_BLOCK.finditer(text):
            first_line = text[:block.start()].count("\n") + 2
            lines = [line for line in block.group(1).splitlines()
                     if shlex.split(line, comments=True)[:1] == ["barorapport"]]
            if lines:
                blocks.append((f"{name}:{first_line}", lines))
        if name in PROCEDURES and blocks:
            blocks = [(name, [line for _, lines in blocks for line in lines])]
        found += blocks
    return found


def adapt(words: list[str], scratch: Path) -> list[str]:
    """The command's arguments with the scenario project's edition, question and folders."""
    adapted = []
    for word in words:
        for old, new in SUBSTITUTIONS.items():
            word = re.sub(rf"\b{old}\b", new, word)
        adapted.append(word.replace("/tmp/out", str(scratch / "out")))
    return adapted


BLOCKS = shown_blocks()


def test_the_documents_show_commands():
    assert sum(len(lines) for _, lines in BLOCKS) >= 10
    assert any(where.startswith("docs/guide-redaction.md") for where, _ in BLOCKS)


@pytest.mark.parametrize("where, lines", BLOCKS, ids=[where for where, _ in BLOCKS])
def test_shown_commands_run(where, lines, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(MINI, project, ignore=shutil.ignore_patterns("build"))
    shutil.copytree(MINI, project / "tests/projects/mini", ignore=shutil.ignore_patterns("build"))
    skipped = []
    for line in lines:
        reason = next((reason for key, (executable, reason) in SKIPPED.items()
                       if key in line and shutil.which(executable) is None), None)
        if reason:
            skipped.append(reason)
            continue
        _run(where, line, project, tmp_path)
        arguments = adapt(shlex.split(line, comments=True)[1:], tmp_path)
        step = PROCEDURES.get(where, {}).get(arguments[0])
        if step is not None:
            step(project, arguments)
    if len(skipped) == len(lines):
        pytest.skip(skipped[0])


def _run(where: str, line: str, project: Path, scratch: Path) -> None:
    arguments = adapt(shlex.split(line, comments=True)[1:], scratch)
    command = [sys.executable, "-m", "barorapport.cli", *arguments]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    # The global options may come before the command, and ``--project`` takes a value.
    subcommand = next((word for word in arguments if word in LONG_RUNNING), None)
    if subcommand is not None:
        if "--port" not in arguments:
            command += ["--port", "0"]  # not the default 8000, which a neighbour may hold
        process = subprocess.Popen(command, cwd=project, env=environment,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            returncode = process.wait(timeout=LONG_RUNNING[subcommand])
        except subprocess.TimeoutExpired:
            return  # still serving: what it should do
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        assert returncode == 0, f"{where}: {line}\n{process.stderr.read()}"
        return
    result = subprocess.run(command, cwd=project, env=environment, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, f"{where}: {line}\n{result.stderr}"
