"""The ``quarto`` command, driven through subprocess.

Input: a Quarto project folder, an output format and a progress callback. Output: the
render's exit status, with Quarto's output streamed line by line to the callback. The
executable is found through ``QUARTO_PATH`` or ``PATH`` and its version is checked first.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import QuartoError

MINIMUM_VERSION = (1, 4)
INSTALL = "https://quarto.org/docs/get-started/"
_HOW_TO_INSTALL = (f"install Quarto {'.'.join(map(str, MINIMUM_VERSION))} or later from "
                   f"{INSTALL}, or set QUARTO_PATH to its executable")
_VERSION = re.compile(r"^\s*(\d+)\.(\d+)(?:\.(\d+))?")
_KILL_GRACE_S = 5.0
"""How long a stopped render may take to exit after SIGTERM before it gets SIGKILL."""
_ERROR_TAIL = 10
"""Lines of output reported when a failed render printed no ``ERROR`` line."""


@dataclass(frozen=True)
class Quarto:
    """A ``quarto`` executable whose version has been checked."""

    executable: Path
    version: tuple[int, ...]

    @property
    def version_text(self) -> str:
        return ".".join(map(str, self.version))


def find_quarto(environ: Mapping[str, str] | None = None) -> Path:
    """The executable named by ``QUARTO_PATH``, or else ``quarto`` on ``PATH``."""
    environ = os.environ if environ is None else environ
    named = environ.get("QUARTO_PATH")
    if named:
        path = Path(named)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise QuartoError(f"QUARTO_PATH={named}: not an executable file ({_HOW_TO_INSTALL})")
        return path
    found = shutil.which("quarto", path=environ.get("PATH", os.defpath))
    if found is None:
        raise QuartoError(f"quarto: command not found on PATH ({_HOW_TO_INSTALL})")
    return Path(found)


def check_quarto(environ: Mapping[str, str] | None = None, timeout: float = 60.0) -> Quarto:
    """Find ``quarto`` and check that ``quarto --version`` is at least ``MINIMUM_VERSION``."""
    environ = dict(os.environ if environ is None else environ)
    executable = find_quarto(environ)
    try:
        done = subprocess.run([str(executable), "--version"], capture_output=True, text=True,
                              env=_child_environment(environ), timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise QuartoError(f"{executable} --version: no answer after {timeout:g} s") from None
    except OSError as error:
        raise QuartoError(f"{executable}: cannot run ({error.strerror}; "
                          f"{_HOW_TO_INSTALL})") from None
    match = _VERSION.match(done.stdout)
    if done.returncode != 0 or match is None:
        printed = (done.stdout + done.stderr).strip().splitlines()
        raise QuartoError(f"{executable} --version: exit code {done.returncode}, printed "
                          f"{printed[0] if printed else 'nothing'!r} instead of a version "
                          f"({_HOW_TO_INSTALL})")
    version = tuple(int(part) for part in match.groups() if part is not None)
    quarto = Quarto(executable=executable, version=version)
    if version < MINIMUM_VERSION:
        raise QuartoError(f"{executable}: Quarto {quarto.version_text} is too old "
                          f"({_HOW_TO_INSTALL})")
    return quarto


def render_command(quarto: Quarto, project: Path, output_format: str) -> list[str]:
    return [str(quarto.executable), "render", str(project), "--to", output_format]


def _child_environment(environ: Mapping[str, str]) -> dict[str, str]:
    # Quarto's runtime (Deno) colours its output unless NO_COLOR is set: the lines go to
    # logs and error messages, where escape codes are noise.
    return {**environ, "NO_COLOR": "1"}


def run_quarto(quarto: Quarto, project: Path, output_format: str, *,
               progress: Callable[[str], None], timeout: float,
               environ: Mapping[str, str] | None = None) -> None:
    """Run ``quarto render <project> --to <format>``, streaming each output line to ``progress``.

    A render that fails raises ``QuartoError`` with Quarto's ``ERROR`` lines (or its last
    lines when it printed none) and its exit code; a render still running after ``timeout``
    seconds is stopped, with every process it started.
    """
    command = render_command(quarto, project, output_format)
    shown = " ".join([quarto.executable.name, *command[1:]])
    environ = os.environ if environ is None else environ
    # A session of its own, so that a stop reaches the processes Quarto starts (Deno, Pandoc,
    # LaTeX) and not only the launcher script.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, text=True, encoding="utf-8",
                               errors="replace", env=_child_environment(environ),
                               start_new_session=True)
    lines: list[str] = []
    finished = _stream(process, lines, progress, deadline=time.monotonic() + timeout)
    if not finished:
        _stop(process)
        raise QuartoError(f"{shown}: still running after {timeout:g} s, stopped (raise "
                          f"quarto.timeout in report.yaml or pass --timeout)")
    code = process.wait()
    if code != 0:
        errors = [line for line in lines if line.lstrip().startswith("ERROR")]
        reported = errors or lines[-_ERROR_TAIL:]
        raise QuartoError("\n".join([f"{shown}: failed with exit code {code}",
                                     *(f"  {line}" for line in reported)]))


def _stream(process: subprocess.Popen, lines: list[str], progress: Callable[[str], None],
            deadline: float) -> bool:
    """Pass the output on as it comes; False when the deadline passes first."""
    # A reader thread, because a blocking readline cannot wait for a deadline.
    received: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in process.stdout:
            received.put(line.rstrip("\n"))
        received.put(None)

    threading.Thread(target=read, daemon=True).start()
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        try:
            line = received.get(timeout=remaining)
        except queue.Empty:
            return False
        if line is None:
            return True
        lines.append(line)
        progress(line)


def _stop(process: subprocess.Popen) -> None:
    """Stop the render's whole process group: SIGTERM, then SIGKILL for what lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=_KILL_GRACE_S)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        pass
    # Children that ignored SIGTERM, or outlived the launcher, still hold the group.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
