"""Sessions: build the publication, run the tests, lint, benchmark.

``nox -l`` lists them. Each installs the project from pyproject.toml into its own virtualenv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint"]
nox.options.reuse_existing_virtualenvs = True

# Debian packages the tests need: the command each provides, and the package.
TEST_TOOLS = {"chromium": "chromium", "pdftotext": "poppler-utils", "pandoc": "pandoc",
              "soffice": "libreoffice-calc-nogui"}
# R and its survey package: the reference the design-based statistics are checked against
# (tests/reference/survey/make_reference.R). Installed without R's recommended packages.
R_PACKAGES = ("r-base-core", "r-cran-survey", "r-cran-jsonlite")


def _debian_packages(session: nox.Session, tools: dict[str, str]) -> None:
    """Install the missing Debian packages (as root), or stop with the line that would."""
    missing = sorted({package for command, package in tools.items() if not shutil.which(command)})
    if not missing:
        return
    line = f"apt-get update && apt-get install -y {' '.join(missing)}"
    if os.geteuid() != 0:
        session.error(f"the tests need Debian packages: run  sudo sh -c '{line}'")
    session.log(f"installing {', '.join(missing)} with apt-get")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env)
    session.run("apt-get", "install", "-y", "-qq", *missing, external=True, env=env)


def _r_packages(session: nox.Session) -> None:
    """Install R with the survey and jsonlite packages (as root) unless R loads them."""
    if shutil.which("Rscript") and subprocess.run(
            ["Rscript", "-e", "library(survey); library(jsonlite)"], capture_output=True,
            check=False).returncode == 0:
        return
    line = ("apt-get update && apt-get install -y --no-install-recommends "
            + " ".join(R_PACKAGES))
    if os.geteuid() != 0:
        session.error(f"the tests need R's survey package: run  sudo sh -c '{line}'")
    session.log("installing R's survey package with apt-get")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env)
    session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *R_PACKAGES,
                external=True, env=env)


@nox.session
def build(session: nox.Session) -> None:
    """Build the latest edition's PDF and web edition into build/ (args go to the CLI)."""
    session.install("-e", ".")
    session.run("barorapport", "build", "--strict", *session.posargs)


@nox.session
def check(session: nox.Session) -> None:
    """Check the latest edition's inputs and templates without laying anything out."""
    session.install("-e", ".")
    session.run("barorapport", "check", "--strict", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (real WeasyPrint, real headless Chromium); args go to pytest."""
    _debian_packages(session, TEST_TOOLS)
    _r_packages(session)
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Regenerate docs/formats.md (models, docs/formats.md.j2) and docs/templates.md."""
    session.install("-e", ".")
    session.run("python", "-m", "barorapport.reference.formats", "docs/formats.md")
    session.run("python", "-m", "barorapport.reference.templates", "docs/templates.md")


@nox.session
def lint(session: nox.Session) -> None:
    """Check the code with ruff."""
    session.install("ruff>=0.5,<1")
    session.run("ruff", "check", "src", "tests", "benchmarks", "noxfile.py")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Time and measure the slow paths: every benchmarks/bench_*.py, each given the args.

    ``nox -s bench -- --json FILE`` writes every figure into FILE (a new file each run), to
    compare with ``python benchmarks/compare.py OLD NEW``; ``--runs N``; ``--quick``.
    """
    _debian_packages(session, {"chromium": "chromium"})
    session.install("-e", ".")
    scripts = sorted(Path("benchmarks").glob("bench_*.py"))
    if not scripts:
        session.error("no benchmarks/bench_*.py")
    if "--json" in session.posargs[:-1]:
        Path(session.posargs[session.posargs.index("--json") + 1]).unlink(missing_ok=True)
    for script in scripts:
        session.run("python", str(script), *session.posargs)
