"""Sessions: build the publication, run the tests, lint, benchmark.

``nox -l`` lists them. Each installs the project from pyproject.toml into its own virtualenv.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint"]
nox.options.reuse_existing_virtualenvs = True

PYTHON = "3.11"


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build the latest edition's PDF and web edition into build/ (args go to the CLI)."""
    session.install("-e", ".")
    session.run("barorapport", "build", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (real WeasyPrint, real headless Chromium); args go to pytest."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON, default=False)
def docs(session: nox.Session) -> None:
    """Regenerate docs/formats.md from the models and docs/formats.md.j2."""
    session.install("-e", ".")
    session.run("python", "-m", "barorapport.reference", "docs/formats.md")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check the code with ruff."""
    session.install("ruff>=0.5,<1")
    session.run("ruff", "check", "src", "tests", "noxfile.py")
