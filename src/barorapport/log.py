"""What barorapport tells its user while it works, and how.

Logging policy. Everything goes through the ``barorapport`` logger:

- **error**: the build cannot go on (bad input, a template that fails, an interrupted build).
  Errors are ``BarorapportError`` exceptions, not log records: the CLI prints them as
  ``error: <where>: <what>`` and exits with 1. ``serve``, which goes on after a failed
  build, logs them at ERROR, shown the same way.
- **warning**: the publication is built but something deserves an editor's look (a figure
  on a low base quoted in a text, a chart without alt text, a testimony that no template
  shows, an export column the questionnaire does not know, a corrupt cache entry). Each
  warning starts with where, like errors. ``--strict`` turns any warning into a failure:
  ``CountHandler`` counts them.
- **info**: progress, one line per stage (``charts: drawing 11 charts``). Shown as a live
  display of the stages on a terminal, as plain lines when the output is not a terminal or
  when ``CI`` is set; hidden by ``--quiet``.
- **debug**: details for developers (cache hits and misses, timings); shown by
  ``--verbose``.

Third-party loggers (WeasyPrint, fontTools, matplotlib) are kept at ERROR: their warnings
are about their inputs, which barorapport generates.

Nothing personal is logged: messages say where a cell is and what it looks like, never what
a respondent wrote; as a last net, every record of the ``barorapport`` logger (and so the
warnings ``manifest.json`` records) and every error the CLI prints has what the privacy
gate's rules find replaced by ``[…]`` (``RedactPersonal``).
"""

from __future__ import annotations

import logging
import os
import sys
import time

LOGGER_NAME = "barorapport"
logger = logging.getLogger(LOGGER_NAME)
QUIET_LIBRARIES = ("weasyprint", "fontTools", "matplotlib", "PIL")


class RedactPersonal(logging.Filter):
    """Replaces the personal data the privacy gate's rules find in a record by ``[…]``."""

    def filter(self, record: logging.LogRecord) -> bool:
        from .personal.patterns import redact

        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


logger.addFilter(RedactPersonal())


class CountHandler(logging.Handler):
    """Counts the records at WARNING or above (mkdocs' ``CountHandler``)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    @property
    def count(self) -> int:
        return len(self.messages)


def use_rich(stream=None) -> bool:
    """The live display on a terminal; plain lines in a pipe or when ``CI`` is set."""
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


class _PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            return f"error: {message}"
        if record.levelno >= logging.WARNING:
            return f"warning: {message}"
        return message


class RichStages(logging.Handler):
    """A spinner on the running stage; each finished stage stays as a line with its time."""

    def __init__(self) -> None:
        super().__init__()
        from rich.console import Console

        self.console = Console(stderr=True)
        self.status = None
        self.stage: tuple[str, float] | None = None

    def _finish_stage(self) -> None:
        if self.stage is not None:
            message, started = self.stage
            seconds = time.perf_counter() - started
            self.console.print(f"[green]✓[/] {message} [dim]({seconds:.1f} s)")
            self.stage = None

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            label = "[red]error:[/]" if record.levelno >= logging.ERROR else "[yellow]warning:[/]"
            self.console.print(f"{label} {message}", markup=True, highlight=False)
            return
        if record.levelno < logging.INFO:
            self.console.print(f"[dim]{message}", highlight=False)
            return
        self._finish_stage()
        if message.startswith("done:"):
            self.close_display()
            self.console.print(f"[bold green]{message}")
            return
        self.stage = (message, time.perf_counter())
        if self.status is None:
            self.status = self.console.status(message)
            self.status.start()
        else:
            self.status.update(message)

    def close_display(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None

    def close(self) -> None:
        self.close_display()
        super().close()


def configure(verbosity: int = 0, stream=None) -> logging.Handler:
    """Set up the ``barorapport`` logger for the CLI: ``verbosity`` -1 quiet, 0, 1 verbose.

    Returns the display handler (the CLI closes it at the end).
    """
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.ERROR)
    level = {-1: logging.WARNING, 0: logging.INFO}.get(verbosity, logging.DEBUG)
    if use_rich(stream) and verbosity >= 0:
        handler: logging.Handler = RichStages()
    else:
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.setFormatter(_PlainFormatter())
    for old in [h for h in logger.handlers if getattr(h, "_barorapport_display", False)]:
        logger.removeHandler(old)
    handler._barorapport_display = True  # type: ignore[attr-defined]
    handler.setLevel(level)
    logger.addHandler(handler)
    logger.setLevel(min(level, logging.WARNING))
    logger.propagate = False
    return handler
