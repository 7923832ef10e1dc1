"""A content-keyed cache of build products (laid-out PDFs, privacy scans) in ``build/.cache``.

Input: a key (a SHA-256 of everything the product depends on) and, on a miss, the product's
bytes. Output: the stored bytes when an entry has the same key and its bytes still match the
SHA-256 stored with them. A corrupt entry (a truncated write, an edit by hand) is reported
as a warning and rebuilt; an entry of other inputs (another key) is simply replaced: neither
is ever used.

Entry layout: ``<folder>/<name>``, a first line of JSON (``key``, ``sha256``, ``size``)
followed by the product's bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
from pathlib import Path

logger = logging.getLogger("barorapport")


def digest(*parts: bytes | str) -> str:
    """A SHA-256 over ``parts``, each length-prefixed so that no two lists collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big") + data)
    return hasher.hexdigest()


class ContentCache:
    """Products stored by name under ``folder``; ``hits`` and ``misses`` count lookups."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def get(self, name: str, key: str) -> bytes | None:
        path = self.folder / name
        try:
            with path.open("rb") as stream:
                header = json.loads(stream.readline())
                data = stream.read()
            stored_key, checksum, size = header["key"], header["sha256"], header["size"]
            if not isinstance(size, int) or not isinstance(checksum, str):
                raise TypeError("not an entry")
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            logger.warning("cache: %s is corrupt; building it again", path)
            self.misses += 1
            return None
        if stored_key != key:
            self.misses += 1
            return None
        if len(data) != size or hashlib.sha256(data).hexdigest() != checksum:
            logger.warning("cache: %s is corrupt; building it again", path)
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, name: str, key: str, data: bytes) -> None:
        path = self.folder / name
        header = json.dumps({"key": key, "sha256": hashlib.sha256(data).hexdigest(),
                             "size": len(data)}).encode()
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_entry(path)
            temporary.write_bytes(header + b"\n" + data)
            os.replace(temporary, path)  # readers see the old entry or the new one, never half
        except OSError as error:
            # A cache that cannot be written costs time, not the build.
            logger.warning("cache: cannot keep %s (%s); the build goes on without it", path,
                           error.strerror or error)
            with contextlib.suppress(OSError):
                temporary.unlink()


def remove_entry(path: Path) -> None:
    """Remove a cache entry that is not a file (a folder, say), so that a new one can take
    its place; a file is left for ``os.replace`` to replace in one step."""
    if path.is_dir() and not path.is_symlink():
        logger.warning("cache: %s is a folder, not an entry; building it again", path)
        shutil.rmtree(path, ignore_errors=True)
