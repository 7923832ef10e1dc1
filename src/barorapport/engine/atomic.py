"""Files written whole: a reader sees the old file or the new one, never half of it.

The one helper every stage uses to write a file in place (cache entries, ``quarantine.csv``,
the pages ``serve`` updates, fonts' subsets): the data go to a temporary file beside the
target, which is then renamed over it in one step.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by a file holding ``data``, with the permissions a new file gets
    (the umask's), in one rename. The temporary file is removed when anything fails."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp's file is private (0600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
