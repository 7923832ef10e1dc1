"""The child process that lays the PDF out aside (``pdf.pdf_child``): WeasyPrint is
imported as the child starts, before the build sends the print HTML."""

import weasyprint  # noqa: F401 (imported now: the slow part of the child's start)

from .pdf import lay_out_aside as lay_out

__all__ = ["lay_out"]
