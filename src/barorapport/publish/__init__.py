"""Stage 5: rendered chapters in, the print edition (PDF) and the web edition out.

The formats are imported when asked for: a child process that lays out the PDF
(``pdf.pdf_aside``) loads WeasyPrint, not the web edition and its charts.
"""

__all__ = ["write_pdf", "write_web"]


def __getattr__(name: str):
    if name == "write_pdf":
        from .pdf import write_pdf

        return write_pdf
    if name == "write_web":
        from .web import write_web

        return write_web
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
