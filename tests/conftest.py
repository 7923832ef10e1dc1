"""Shared fixtures: scenario projects copied to a temporary folder, built for real."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
    from barorapport.build import build

    target = tmp_path_factory.mktemp("built") / "mini"
    shutil.copytree(PROJECTS / "mini", target, ignore=shutil.ignore_patterns("build"))
    build(target, progress=lambda message: None)
    return target
