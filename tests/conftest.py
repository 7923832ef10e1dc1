"""Shared fixtures: scenario projects copied to a temporary folder, built for real."""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The user's cache (privacy scans kept across builds) of the tests is their own, not the
# user's: results never depend on what an earlier run left there.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="barorapport-tests-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)

PROJECTS = Path(__file__).parent / "projects"
REPO = Path(__file__).parent.parent


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the tiny scenario project, free to be changed by the test."""
    target = tmp_path / "mini"
    shutil.copytree(PROJECTS / "mini", target, ignore=shutil.ignore_patterns("build"))
    return target


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory) -> Path:
    """The tiny scenario project built once (PDF and web) for the tests that only read it."""
    from barorapport.commands.build import build

    target = tmp_path_factory.mktemp("built") / "mini"
    shutil.copytree(PROJECTS / "mini", target, ignore=shutil.ignore_patterns("build"))
    build(target, progress=lambda message: None)
    return target


@pytest.fixture(autouse=True)
def _reset_logging():
    """The CLI's ``log.configure`` owns the 'barorapport' logger for the life of a process;
    tests call the CLI in-process, so the logger is given back after each test."""
    import logging

    yield
    logger = logging.getLogger("barorapport")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


@pytest.fixture(autouse=True)
def _no_unexpected_warnings(request):
    """An unexpected warning fails the test (WeasyPrint's ``assert_no_logs``): a test that
    expects warnings says so with ``@pytest.mark.warnings`` (and asserts them), or reads them
    through ``caplog``."""
    records = _Records()
    logger = logging.getLogger("barorapport")
    logger.addHandler(records)
    yield records
    logger.removeHandler(records)
    expected = (request.node.get_closest_marker("warnings") is not None
                or "caplog" in request.fixturenames)
    if records.messages and not expected:
        pytest.fail("unexpected warning(s) or error(s) logged:\n" + "\n".join(records.messages),
                    pytrace=False)
