"""The print edition: the whole document laid out by WeasyPrint.

Input: the print HTML and the folders it may load files from. Output: the PDF file.
WeasyPrint may only read files under those folders: no network, no other ``file://``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from ..errors import PublishError


class FolderFetcher(URLFetcher):
    """Fetch ``file://`` URLs under the allowed folders and nothing else."""

    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols={"file", "data"})
        self._allowed = [folder.resolve() for folder in allowed]

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(folder) for folder in self._allowed):
                raise ValueError(f"{url} is outside the publication's folders")
        return super().fetch(url, headers)


def _stamp(published: dt.date | None) -> str | None:
    """The PDF's dates: the edition's publication date, else ``SOURCE_DATE_EPOCH``, else none.

    Never the time of the build, so that two builds of the same inputs give the same bytes.
    """
    if published is not None:
        return published.isoformat()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


def write_pdf(html: str, target: Path, *, base: Path, allowed: list[Path], metadata: dict,
              published: dt.date | None, variant: str = "pdf/ua-1") -> Path:
    """Lay out ``html`` and write the PDF to ``target``."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    document = HTML(string=html, base_url=base.resolve().as_uri() + "/",
                    url_fetcher=FolderFetcher([base, *allowed]))
    try:
        rendered = document.render(pdf_tags=True)
        meta = rendered.metadata
        meta.title = metadata.get("title")
        meta.authors = metadata.get("authors", [])
        meta.description = metadata.get("subject")
        meta.keywords = metadata.get("keywords", [])
        meta.lang = metadata.get("lang")
        meta.attachments = []  # the publication never carries files from its sources
        meta.created = meta.modified = _stamp(published)
        rendered.write_pdf(target, pdf_variant=variant, pdf_identifier=b"barorapport",
                           custom_metadata=False)
    except OSError as error:
        raise PublishError(f"{target}: cannot write the PDF ({error.strerror})") from None
    return target
