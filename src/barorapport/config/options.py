"""The build's options, resolved once: the engine, its formats, the base URL, the PDF variant,
the Quarto timeout and strictness.

Input: what the caller asked for (the CLI's arguments), then the edition's ``Report``.
Output: a frozen ``BuildOptions`` whose every value is decided (``resolve``). Light on
purpose (no stage imported): the CLI checks its arguments with it, the report schema takes
its PDF variants from it and the manifest keys the build with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from ..errors import ConfigError

FORMATS = ("pdf", "web", "docx")
"""The WeasyPrint engine's formats: the print edition, the web edition and the Word edition
(the print edition as an editable DOCX, ``publish.docx``)."""
QUARTO_FORMATS = ("html", "docx", "pdf", "epub")
"""The formats ``quarto render`` is asked for."""
ENGINES = {"weasyprint": FORMATS, "quarto": QUARTO_FORMATS}
"""Each engine's formats; the first engine is the default."""
DEFAULT_FORMATS = {"weasyprint": ("pdf", "web"), "quarto": ("html",)}
PdfVariant = Literal["pdf/ua-1", "pdf/ua-2", "pdf/a-3a", "pdf/a-3b", "pdf/a-3u"]
PDF_VARIANTS: tuple[str, ...] = PdfVariant.__args__
"""The PDF standards WeasyPrint can follow; the first is the default."""


_WEB_ADDRESS = re.compile(r"https?://[^\s/?#@]+(?:[/?#][^\s]*)?", re.IGNORECASE)


def base_url_problem(url: str | None) -> str | None:
    """What is wrong with a base URL (None when it is fine, or absent): it must be an
    ``http://`` or ``https://`` address with a host, no spaces, no credentials."""
    if url is None or _WEB_ADDRESS.fullmatch(url):
        return None
    return (f"{url!r} is not a web address: expected http:// or https:// followed by the "
            "host (https://www.example.org/barometre/)")


@dataclass(frozen=True)
class BuildOptions:
    """How to build: None means "as report.yaml says" until ``resolve`` decides it."""

    engine: str = "weasyprint"
    formats: tuple[str, ...] = ()
    """The outputs; empty: the engine's default (``DEFAULT_FORMATS``)."""
    base_url: str | None = None
    """Where the web edition will be published; default: report.yaml's ``base_url``."""
    pdf_variant: str | None = None
    """The PDF standard; default: report.yaml's ``pdf_variant``."""
    timeout: float | None = None
    """Seconds one ``quarto render`` may run; default: report.yaml's ``quarto.timeout``."""
    strict: bool = False
    """Fail, keeping the previous outputs, on any warning."""
    quarantine_values: bool = False
    """Write the raw quarantined cells and their respondents' ids into ``quarantine.csv``
    (by default it says what each cell looks like, never its content)."""
    segment: str | None = None
    """``<question>=<answer>`` (an answer's code or label, or ``all``): the segment editions
    to build, instead of report.yaml's ``segments``."""
    jobs: int | None = None
    """Processes that build the segment editions side by side; default: the machine's
    cores (the outputs are the same whatever the number)."""

    def __post_init__(self):
        if self.engine not in ENGINES:
            raise ConfigError(f"--engine {self.engine}: unknown engine (expected one of "
                              f"{', '.join(ENGINES)})")
        formats = tuple(self.formats) or DEFAULT_FORMATS[self.engine]
        unknown = [name for name in formats if name not in ENGINES[self.engine]]
        if unknown:
            raise ConfigError(f"unknown format {', '.join(unknown)} for the {self.engine} "
                              f"engine (expected some of {', '.join(ENGINES[self.engine])})")
        object.__setattr__(self, "formats", tuple(dict.fromkeys(formats)))
        if self.pdf_variant is not None and self.pdf_variant not in PDF_VARIANTS:
            raise ConfigError(f"--pdf-variant {self.pdf_variant}: unknown PDF variant "
                              f"(expected one of {', '.join(PDF_VARIANTS)})")
        if base_url_problem(self.base_url):
            raise ConfigError(f"--base-url: {base_url_problem(self.base_url)}")
        if self.timeout is not None and not self.timeout > 0:
            raise ConfigError("--timeout: must be a number of seconds above 0")
        if self.segment is not None:
            by, _, answer = self.segment.partition("=")
            if not by.strip() or not answer.strip():
                raise ConfigError(f"--segment: {self.segment!r}: expected "
                                  "<question>=<answer> (the answer's code or label, or all)")
        if self.jobs is not None and self.jobs < 1:
            raise ConfigError(f"--jobs: {self.jobs}: expected a number of processes, 1 or "
                              "more")

    def resolve(self, report) -> BuildOptions:
        """These options with report.yaml's values where the caller left them to it."""
        return replace(self, base_url=self.base_url or report.base_url,
                       pdf_variant=self.pdf_variant or report.pdf_variant,
                       timeout=self.timeout or report.quarto.timeout)

    def segments(self, report):
        """The segment editions asked for: ``--segment``'s, else report.yaml's (None:
        none). ``--segment`` names one answer, or ``all``."""
        if self.segment is None:
            return report.segments
        from .report import Segments

        by, _, answer = self.segment.partition("=")
        answer = answer.strip()
        return Segments(by=by.strip(), values="all" if answer == "all" else [answer])

    def key(self) -> dict:
        """What of the options changes the outputs (part of the build's key)."""
        return {"engine": self.engine, "formats": list(self.formats),
                "base_url": self.base_url, "pdf_variant": self.pdf_variant,
                "timeout": self.timeout if self.engine == "quarto" else None,
                "quarantine_values": self.quarantine_values, "segment": self.segment}
