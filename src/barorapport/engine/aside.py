"""Work done aside: a child Python process that fills a cache while the build goes on.

Input: a function of the engine (``"module:function"``), given a JSON request on its
standard input. Output: nothing but the cache entries the child writes. The build joins
the child before it reads that cache, and makes itself whatever the child did not keep: its
results never depend on the child, only its speed does. A child is a new interpreter (no
fork of a process that holds threads), on the machine's other core.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys


class Aside:
    """One child at work; ``join`` waits for it, ``stop`` ends it (a build that failed).

    Without ``request``, the child starts now and imports its function's module (WeasyPrint,
    spaCy: the slow part of its start), then waits for ``send``: a child started early has
    its imports done by the time the build knows what to ask.
    """

    def __init__(self, function: str, request: dict | None = None):
        module, name = function.split(":")
        self.process = subprocess.Popen(
            [sys.executable, "-c", f"import json, sys; from {module} import {name}; "
             f"{name}(json.load(sys.stdin))"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if request is not None:
            self.send(request)

    def send(self, request: dict) -> None:
        """What the child is to do (once)."""
        with contextlib.suppress(OSError):  # a child that died: the build does the work
            self.process.stdin.write(json.dumps(request).encode())
            self.process.stdin.close()

    def join(self) -> None:
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
