"""The clock as archives see it: never before 1980, which ZIP cannot write.

Input: the system clock. Output: ``zipfile`` (which openpyxl and python-docx write with)
reading a clock clamped to 1980-01-01 when the machine's is earlier (a board without a
real-time clock, a container started at the epoch): the workbook and documents are written
instead of failing with "ZIP does not support timestamps before 1980". Their published
bytes do not depend on it: ``stats.export`` stamps every member with 1980-01-01 anyway.
"""

from __future__ import annotations

import time
import zipfile

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class _ClampedTime:
    """The ``time`` module, but ``localtime`` of an instant before 1980 is 1980-01-01."""

    def __getattr__(self, name: str):
        return getattr(time, name)

    @staticmethod
    def localtime(seconds: float | None = None) -> time.struct_time:
        local = time.localtime(seconds)
        if local.tm_year >= 1980:
            return local
        return time.struct_time((*ZIP_EPOCH, 1, 1, -1))


def clamp_zip_timestamps() -> None:
    """Make ``zipfile`` read the clamped clock (once; harmless after 1980)."""
    if not isinstance(zipfile.time, _ClampedTime):
        zipfile.time = _ClampedTime()
