"""Stage 5: rendered chapters in, the print edition (PDF) and the web edition out."""

from .pdf import write_pdf
from .web import write_web

__all__ = ["write_pdf", "write_web"]
