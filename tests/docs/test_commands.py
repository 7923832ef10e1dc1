"""Every ``barorapport`` command shown in README.md and docs/*.md runs.

The commands of the ```` ```sh ```` blocks are run as written, with these substitutions so
that they run against a small scenario project instead of the 2020 edition:

- the working directory is a copy of ``tests/projects/mini`` (holding a copy of itself at
  ``tests/projects/mini``, for ``--project tests/projects/mini``);
- ``2020`` becomes ``2024`` (the scenario's edition), ``Q5`` becomes ``evolution`` (its open
  question, which has a ``teletravail`` theme), and ``/tmp/out`` a temporary folder.

Each must exit with 0. Exceptions, each with its reason:

- ``SKIPPED``: commands that need software these machines lack (Quarto);
- ``LONG_RUNNING``: commands that run until stopped (``serve``): they pass when still
  running after a few seconds, and are stopped then.

Blocks marked ```` ```text ```` are shown, not run (deployment and test commands).
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
SUBSTITUTIONS = {"2020": "2024", "Q5": "evolution"}
SKIPPED = {
    "--engine quarto": ("quarto", "Quarto is not installed on these machines (see README, "
                                  "Installing Quarto)"),
}
"""A command holding the key is skipped when the named executable is not on PATH."""
LONG_RUNNING = {"serve": 5.0}
"""Subcommands that run until stopped, and the seconds they must keep running."""
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.DOTALL | re.MULTILINE)


def shown_commands() -> list[tuple[str, str]]:
    """(where, command line) of each ``barorapport`` command in the documents' sh blocks."""
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for block in SH_BLOCK.finditer(text):
            first_line = text[:block.start()].count("\n") + 2
            for offset, line in enumerate(block.group(1).splitlines()):
                words = shlex.split(line, comments=True)
                if words and words[0] == "barorapport":
                    found.append((f"{document.relative_to(REPO)}:{first_line + offset}",
                                  line))
    return found


def adapt(words: list[str], scratch: Path) -> list[str]:
    """The command's arguments with the scenario project's edition, question and folders."""
    adapted = []
    for word in words:
        for old, new in SUBSTITUTIONS.items():
            word = re.sub(rf"\b{old}\b", new, word)
        adapted.append(word.replace("/tmp/out", str(scratch / "out")))
    return adapted


COMMANDS = shown_commands()


def test_the_documents_show_commands():
    assert len(COMMANDS) >= 10
    assert any(where.startswith("docs/guide-redaction.md") for where, _ in COMMANDS)


@pytest.mark.parametrize("where, line", COMMANDS, ids=[where for where, _ in COMMANDS])
def test_shown_command_runs(where, line, tmp_path):
    for key, (executable, reason) in SKIPPED.items():
        if key in line and shutil.which(executable) is None:
            pytest.skip(reason)
    project = tmp_path / "project"
    shutil.copytree(MINI, project, ignore=shutil.ignore_patterns("build"))
    shutil.copytree(MINI, project / "tests/projects/mini", ignore=shutil.ignore_patterns("build"))
    arguments = adapt(shlex.split(line, comments=True)[1:], tmp_path)
    command = [sys.executable, "-m", "barorapport.cli", *arguments]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    subcommand = next((word for word in arguments if not word.startswith("-")), None)
    if subcommand in LONG_RUNNING:
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
