"""serve's print edition: laid out in the background after each rebuild, offered by the
served pages once it is ready.

Input: the project and edition ``serve`` previews. Output:
``build/.serve/pdf/<edition>/<slug>-<edition>.pdf``, a build of its own (``barorapport build
--format pdf`` in a child process, so on the other core, never slowing the web preview down);
neither the preview's web folder nor the build's real outputs are touched. A rebuild that
comes while the PDF is being laid out stops that job (its PDF would already be out of date)
and starts a new one once the sources have been quiet for ``DELAY`` seconds.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

logger = logging.getLogger("barorapport")
PDF_FOLDER = "pdf"
"""Under ``build/.serve/``: where serve's PDF is built."""
DELAY = 1.0
"""Seconds of quiet after a rebuild before the PDF is laid out again."""


class PdfJob:
    """The background PDF: its state (``waiting``, ``laying out``, ``ready``, ``failed``),
    and the file once ready."""

    def __init__(self, root: Path, edition: str, out: Path):
        self.root, self.edition, self.out = root, edition, out / PDF_FOLDER
        self.state = "waiting"
        self.file: Path | None = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._process: subprocess.Popen | None = None

    def schedule(self) -> None:
        """Lay the PDF out anew after ``DELAY`` seconds; a job under way is stopped."""
        with self._lock:
            self._cancel()
            self.state = "waiting"
            timer = threading.Timer(DELAY, lambda: self._run(timer))
            timer.daemon = True
            self._timer = timer
            timer.start()

    def stop(self) -> None:
        with self._lock:
            self._cancel()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._process is not None and self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
        self._process = None

    def _run(self, timer: threading.Timer) -> None:
        command = [sys.executable, "-m", "barorapport.cli", "--quiet", "--project",
                   str(self.root), "build", "--edition", self.edition, "--format", "pdf",
                   "--out", str(self.out)]
        with self._lock:
            if self._timer is not timer:
                return  # stopped, or scheduled again, before it started
            self._timer = None
            process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True,
                                       start_new_session=True)
            self._process, self.state = process, "laying out"
        output = process.communicate()[0]
        with self._lock:
            if self._process is not process:
                return  # superseded by a newer rebuild
            self._process = None
            if process.returncode == 0:
                self.file = next((self.out / self.edition).glob("*.pdf"), None)
                self.state = "ready" if self.file is not None else "failed"
                return
            self.state = "failed"
        for line in output.splitlines():
            if line.startswith("error:"):
                logger.error("serve: PDF: %s", line.removeprefix("error: "))
