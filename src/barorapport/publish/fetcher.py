"""The URL fetcher of the PDF layout: the publication's own files, ``data:`` URLs, nothing else.

Apart from ``pdf.py`` so that importing the publishing code does not import WeasyPrint
(about 0.3 s and 13 MiB): a web-only build, ``check`` and ``serve`` never lay out a PDF.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher


class FolderFetcher(URLFetcher):
    """Fetch ``file://`` URLs under the allowed folders, ``data:`` URLs, and nothing else.

    The scheme is compared as WeasyPrint does, without regard to case (``FILE:``); a
    ``file`` URL naming a host other than this one is refused. Files under the folders that
    do not exist are recorded in ``missing``: a missing font or image is an error, never a
    silent fallback."""

    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols={"file", "data"})
        self._allowed = [folder.resolve() for folder in allowed]
        self.missing: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file" or parts.netloc.lower() not in ("", "localhost"):
            raise ValueError(f"{url}: only the publication's own files are read")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(folder) for folder in self._allowed):
            raise ValueError(f"{url} is outside the publication's folders")
        if not path.is_file():
            self.missing.append(str(path))
            raise ValueError(f"{url}: file not found")
        return super().fetch(path.as_uri(), headers)
