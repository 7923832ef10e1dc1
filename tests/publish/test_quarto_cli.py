"""The quarto wrapper, with a small script standing in for ``quarto`` on PATH."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from barorapport.errors import QuartoError
from barorapport.publish import quarto_cli
from barorapport.publish.quarto_cli import Quarto, check_quarto, find_quarto, run_quarto

from .fakes import calls

HOW_TO_INSTALL = ("install Quarto 1.4 or later from https://quarto.org/docs/get-started/, "
                  "or set QUARTO_PATH to its executable")


def _quarto(script: Path) -> Quarto:
    return Quarto(executable=script, version=(1, 5, 57))


def test_found_on_path(fake_quarto):
    script = fake_quarto()
    assert find_quarto() == script
    assert check_quarto() == Quarto(executable=script, version=(1, 5, 57))


def test_quarto_path_wins_over_path(fake_quarto, monkeypatch):
    fake_quarto(name="on-path")
    named = fake_quarto(name="named", version="1.6.3")
    fake_quarto(name="on-path")  # first on PATH again
    monkeypatch.setenv("QUARTO_PATH", str(named))
    assert check_quarto() == Quarto(executable=named, version=(1, 6, 3))


def test_missing_quarto_is_one_line_saying_how_to_install(monkeypatch, tmp_path):
    monkeypatch.delenv("QUARTO_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(QuartoError) as caught:
        check_quarto()
    assert str(caught.value) == f"quarto: command not found on PATH ({HOW_TO_INSTALL})"


def test_quarto_path_not_executable(monkeypatch, tmp_path):
    named = tmp_path / "quarto"
    named.write_text("not a program", encoding="utf-8")
    monkeypatch.setenv("QUARTO_PATH", str(named))
    with pytest.raises(QuartoError) as caught:
        check_quarto()
    assert str(caught.value) == f"QUARTO_PATH={named}: not an executable file ({HOW_TO_INSTALL})"


def test_too_old_quarto(fake_quarto):
    script = fake_quarto(version="1.3.450")
    with pytest.raises(QuartoError) as caught:
        check_quarto()
    assert str(caught.value) == f"{script}: Quarto 1.3.450 is too old ({HOW_TO_INSTALL})"


def test_version_that_is_no_version(fake_quarto):
    script = fake_quarto(version="Deno panicked")
    with pytest.raises(QuartoError) as caught:
        check_quarto()
    assert str(caught.value) == (f"{script} --version: exit code 0, printed 'Deno panicked' "
                                 f"instead of a version ({HOW_TO_INSTALL})")


def test_command_line_and_environment(fake_quarto, tmp_path, monkeypatch):
    script = fake_quarto("print('rendered')\n")
    monkeypatch.setenv("BARORAPPORT_TEST_MARK", "kept")
    seen = []
    run_quarto(_quarto(script), tmp_path / "project", "docx", progress=seen.append, timeout=30)
    [call] = calls(script)
    assert call["argv"] == ["render", str(tmp_path / "project"), "--to", "docx"]
    assert call["env"]["BARORAPPORT_TEST_MARK"] == "kept"
    assert call["env"]["NO_COLOR"] == "1"
    assert seen == ["rendered"]


def test_explicit_environment_replaces_the_process_environment(fake_quarto, tmp_path):
    script = fake_quarto("")
    run_quarto(_quarto(script), tmp_path, "html", progress=lambda line: None, timeout=30,
               environ={"PATH": os.environ["PATH"], "ONLY": "this"})
    [call] = calls(script)
    assert call["env"]["ONLY"] == "this"
    assert "BARORAPPORT_TEST_MARK" not in call["env"]


def test_output_is_streamed_while_quarto_runs(fake_quarto, tmp_path):
    # The stand-in waits for a file that only the progress callback creates: the render
    # finishes only if each line reaches the callback while quarto is still running.
    go = tmp_path / "go"
    script = fake_quarto(f"""
        import time
        print("waiting", flush=True)
        for _ in range(200):
            if pathlib.Path({str(go)!r}).exists():
                break
            time.sleep(0.05)
        print("go seen" if pathlib.Path({str(go)!r}).exists() else "go never seen")
        """)
    seen = []

    def progress(line: str) -> None:
        seen.append(line)
        if line == "waiting":
            go.touch()

    run_quarto(_quarto(script), tmp_path, "html", progress=progress, timeout=30)
    assert seen == ["waiting", "go seen"]


def test_failure_reports_quarto_error_lines_and_exit_code(fake_quarto, tmp_path):
    script = fake_quarto("""
        print("Rendering resultats.qmd")
        print("ERROR: Unable to locate an installed version of TeX.", file=sys.stderr)
        print("ERROR: Run 'quarto install tinytex'", file=sys.stderr)
        print("Stack trace: ...", file=sys.stderr)
        sys.exit(3)
        """)
    with pytest.raises(QuartoError) as caught:
        run_quarto(_quarto(script), tmp_path, "pdf", progress=lambda line: None, timeout=30)
    assert str(caught.value) == (
        f"quarto render {tmp_path} --to pdf: failed with exit code 3\n"
        "  ERROR: Unable to locate an installed version of TeX.\n"
        "  ERROR: Run 'quarto install tinytex'")


def test_failure_without_error_lines_reports_the_last_lines(fake_quarto, tmp_path):
    script = fake_quarto("""
        for number in range(1, 13):
            print(f"line {number}")
        sys.exit(1)
        """)
    with pytest.raises(QuartoError) as caught:
        run_quarto(_quarto(script), tmp_path, "html", progress=lambda line: None, timeout=30)
    assert str(caught.value).splitlines() == [
        f"quarto render {tmp_path} --to html: failed with exit code 1",
        *(f"  line {number}" for number in range(3, 13))]


def _gone(pid: int) -> bool:
    """True when the process no longer runs (a zombie waiting to be reaped is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def test_timeout_stops_quarto_and_what_it_started(fake_quarto, tmp_path, monkeypatch):
    # The stand-in starts a child (as Quarto starts Deno and Pandoc), ignores SIGTERM and
    # sleeps: only SIGKILL sent to the whole process group stops both.
    monkeypatch.setattr(quarto_cli, "_KILL_GRACE_S", 0.5)
    script = fake_quarto(f"""
        import signal, subprocess, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
        pathlib.Path({str(tmp_path / "child.pid")!r}).write_text(str(child.pid))
        print("hanging", flush=True)
        time.sleep(300)
        """)
    seen = []
    with pytest.raises(QuartoError) as caught:
        run_quarto(_quarto(script), tmp_path, "html", progress=seen.append, timeout=1)
    assert str(caught.value) == (f"quarto render {tmp_path} --to html: still running after 1 s, "
                                 "stopped (raise quarto.timeout in report.yaml or pass --timeout)")
    assert seen == ["hanging"]
    child = int((tmp_path / "child.pid").read_text())
    for _ in range(50):  # the orphan is reaped by init, not by us: give it a moment
        if _gone(child):
            break
        time.sleep(0.1)
    assert _gone(child)
