"""The print edition: the whole document laid out by WeasyPrint.

Input: the print HTML and the folders it may load files from. Output: the PDF file. A figure
too tall for what is left of its page floats to the next one while the text after it fills the
gap (``floats``: a second layout when one does).
WeasyPrint may only read files under those folders: no network, no other ``file://``, no
attachment of any kind (``<link rel=attachment>`` nor ``<a rel=attachment>``), no link to a
local file; a file they name that is missing (a font) is an error, not a fallback to another
face.

The same inputs give the same bytes, at any time, in any time zone and locale: the PDF's
dates are report.yaml's ``published`` date (else ``SOURCE_DATE_EPOCH``, else none), its
identifier is fixed, and the embedded font subsets are dated by ``SOURCE_DATE_EPOCH``, which
the layout sets from that date when the environment does not (``source_date_epoch``). With a
``cache``, a PDF whose HTML, files, metadata and WeasyPrint version did not change is not
laid out again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
from pathlib import Path

from ..engine.aside import Aside
from ..engine.buildcache import ContentCache, code_version, digest
from ..errors import PublishError
from ..paths import display_path

logger = logging.getLogger("barorapport")


def __getattr__(name: str):
    if name == "FolderFetcher":  # where it was defined before fetcher.py
        from .fetcher import FolderFetcher

        return FolderFetcher
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def pdf_date(published: dt.date | None) -> str | None:
    """The PDF's creation and modification date: ``published``, else ``SOURCE_DATE_EPOCH``."""
    # With a time zone: WeasyPrint writes "None" in the PDF's Info for a date without one.
    if published:
        return dt.datetime.combine(published, dt.time()).isoformat() + "Z"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


def _code_version() -> str:
    return code_version(("weasyprint", "pydyf"))


def pdf_key(html: str, folders: list[Path], metadata: dict, date: str | None) -> str:
    """What the PDF depends on: the HTML, the files it may load, metadata, date, code."""
    files = []
    for folder in folders:
        if folder.is_dir():
            files += [(path.relative_to(folder).as_posix(), path.read_bytes())
                      for path in sorted(folder.rglob("*")) if path.is_file()]
    return digest(html, json.dumps(metadata, sort_keys=True, default=str), date or "",
                  _code_version(), *(part for name, data in files for part in (name, data)))


def _entry_key(html: str, depends_on: list[Path], metadata: dict, variant: str,
               published: dt.date | None) -> str:
    """The PDF cache's key of a layout, for ``write_pdf`` and ``pdf_aside`` alike."""
    return pdf_key(html, list(depends_on), {**metadata, "variant": variant},
                   pdf_date(published))


def write_pdf(html: str, target: Path, *, base: Path, allowed: list[Path], metadata: dict,
              published: dt.date | None, variant: str = "pdf/ua-1",
              cache: ContentCache | None = None, depends_on: list[Path] = ()) -> bool:
    """Lay out ``html`` and write the PDF to ``target``; from ``cache`` when the HTML, the
    files under ``depends_on`` and the metadata did not change. Whether it was laid out."""
    date = pdf_date(published)
    key = _entry_key(html, depends_on, metadata, variant, published) \
        if cache is not None else None
    cached = cache.get(target.name, key) if cache is not None else None
    if cached is not None:
        logger.debug("pdf: %s from the cache", target.name)
        target.write_bytes(cached)
        return False
    _lay_out(html, target, base=base, allowed=allowed, metadata=metadata, date=date,
             variant=variant)
    if cache is not None:
        cache.put(target.name, key, target.read_bytes())
    return True


def pdf_child() -> Aside:
    """A child process (``aside.Aside``) that imports WeasyPrint now, then waits for a PDF to
    lay out (``pdf_aside``): started when the build starts, it has its imports done when the
    print HTML is ready."""
    return Aside("barorapport.publish.pdf_child:lay_out")


def pdf_aside(child: Aside, html: str, target: Path, *, base: Path, allowed: list[Path],
              metadata: dict, published: dt.date | None, variant: str, cache: ContentCache,
              depends_on: list[Path], work: Path) -> Aside | None:
    """Have ``child`` (``pdf_child``) lay out the PDF that ``write_pdf`` with the same
    arguments writes, into ``cache`` (``work``: a folder of its own), while the build draws
    the web edition; ``write_pdf`` then finds it there. Returns the child at work, or None
    (the child ended) when the cache already holds the PDF. The child's peak memory is
    WeasyPrint's alone."""
    if cache.get(target.name, _entry_key(html, depends_on, metadata, variant,
                                         published)) is not None:
        child.stop()
        return None
    child.send({
        "html": html, "target": str(work / target.name), "base": str(base),
        "allowed": [str(path) for path in allowed], "metadata": metadata,
        "published": published.isoformat() if published else None, "variant": variant,
        "cache": str(cache.folder), "depends_on": [str(path) for path in depends_on]})
    return child


def lay_out_aside(request: dict) -> None:
    """What the child of ``pdf_child`` does with its request."""
    target = Path(request["target"])
    target.parent.mkdir(parents=True, exist_ok=True)
    published = request["published"]
    write_pdf(request["html"], target, base=Path(request["base"]),
              allowed=[Path(path) for path in request["allowed"]],
              metadata=request["metadata"],
              published=dt.date.fromisoformat(published) if published else None,
              variant=request["variant"], cache=ContentCache(Path(request["cache"])),
              depends_on=[Path(path) for path in request["depends_on"]])


FIXED_EPOCH = 315532800
"""1980-01-01, the embedded fonts' date when the publication has none (as zip files do)."""


@contextlib.contextmanager
def source_date_epoch(date: str | None):
    """``SOURCE_DATE_EPOCH`` set for the layout, unless the environment sets it: fontTools
    stamps each font subset's ``head.modified`` with it instead of the clock, so that two
    builds at different times give the same bytes. It is the PDF's date (the publication's),
    else ``FIXED_EPOCH``."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        yield
        return
    epoch = int(dt.datetime.fromisoformat(date.replace("Z", "+00:00")).timestamp()) \
        if date else FIXED_EPOCH
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _lay_out(html: str, target: Path, *, base: Path, allowed: list[Path], metadata: dict,
             date: str | None, variant: str) -> None:
    with source_date_epoch(date):
        _lay_out_at(html, target, base=base, allowed=allowed, metadata=metadata, date=date,
                    variant=variant)


def _lay_out_at(html: str, target: Path, *, base: Path, allowed: list[Path], metadata: dict,
                date: str | None, variant: str) -> None:
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # imported when a PDF is laid out, not by every build

    from .fetcher import FolderFetcher
    from .floats import floated, mark_blocks

    fetcher = FolderFetcher([base, *allowed])
    marked, blocks = mark_blocks(html)

    def render(source: str):
        return HTML(string=source, base_url=base.resolve().as_uri() + "/",
                    url_fetcher=fetcher).render(pdf_tags=True)

    try:
        rendered = render(marked)
        if fetcher.missing:
            raise PublishError("\n".join(
                f"{target.name}: {display_path(Path(path))}: file not found (named by the "
                "print layout or its stylesheets)" for path in dict.fromkeys(fetcher.missing)))
        # A figure pushed to the next page lets the text after it fill the gap: the layout
        # again, with each such figure after that text (publish/floats.py).
        moved = floated(marked, blocks, rendered)
        if moved is not None:
            logger.debug("pdf: figures floated to the next page, laid out again")
            rendered = render(moved)
        for page in rendered.pages:
            # <a rel="attachment"> makes a file annotation: the publication carries none.
            # A relative link (data/figures.csv, for the web edition) resolves against the
            # build's staging folder: a path of this machine that a reader cannot open and
            # that changes with each build. The print edition keeps its text, not the link.
            page.links = [link for link in page.links if link[0] != "attachment"
                          and not (link[0] == "external" and link[1].startswith("file:"))]
        meta = rendered.metadata
        meta.title = metadata.get("title")
        meta.authors = metadata.get("authors", [])
        meta.description = metadata.get("subject")
        meta.keywords = metadata.get("keywords", [])
        meta.lang = metadata.get("lang")
        meta.attachments = []  # the publication never carries files from its sources
        # No clock: the dates are the publication's, so that two builds give the same bytes.
        meta.created = meta.modified = date
        from .pdftags import document_structure

        with document_structure():  # one element per chapter and table; /Scope on headers
            rendered.write_pdf(target, pdf_variant=variant, pdf_identifier=b"barorapport",
                               custom_metadata=False)
    except OSError as error:
        raise PublishError(f"{target}: cannot write the PDF ({error.strerror})") from None
