"""The native layout (docs/formats.md): ``<id>`` and ``<id>_<code>`` columns holding codes."""

from __future__ import annotations

from .base import Layout


class Native(Layout):
    """A CSV or XLSX export laid out as docs/formats.md says."""

    name = "csv"

    def __init__(self, container: str = "csv") -> None:
        self.name = container  # type: ignore[misc] - csv or xlsx, as the file is
