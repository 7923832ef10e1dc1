"""Fixtures of the publish tests: a small executable standing in for ``quarto`` on PATH."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from .fakes import PROLOGUE, RENDERS


@pytest.fixture
def fake_quarto(tmp_path: Path, monkeypatch) -> Callable[..., Path]:
    """Write a ``quarto`` script running ``body`` and put its folder first on PATH."""
    monkeypatch.delenv("QUARTO_PATH", raising=False)

    def make(body: str = RENDERS, version: str = "1.5.57", name: str = "bin") -> Path:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        script = folder / "quarto"
        script.write_text(f"#!{sys.executable}\nVERSION = {version!r}\n{PROLOGUE}"
                          f"{textwrap.dedent(body)}", encoding="utf-8")
        script.chmod(0o755)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
        return script

    return make
