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

import functools
import hashlib
import json
import logging
import shutil
from collections.abc import Iterable
from pathlib import Path

from .atomic import write_atomically

logger = logging.getLogger("barorapport")


def digest(*parts: bytes | str) -> str:
    """A SHA-256 over ``parts``, each length-prefixed so that no two lists collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big") + data)
    return hasher.hexdigest()


PACKAGE_DIR = Path(__file__).parent.parent
"""barorapport's package: its code and its built-in theme (``theme/``)."""


def engine_files() -> list[Path]:
    """The engine's files whose change can change an output: every Python module of the
    package and every file of its built-in theme (templates, stylesheets, fonts, wording)."""
    theme = PACKAGE_DIR / "theme"
    return sorted(path for path in PACKAGE_DIR.rglob("*") if path.is_file() and (
        path.suffix == ".py" or path.is_relative_to(theme))
        and "__pycache__" not in path.parts)


@functools.cache
def engine_fingerprint() -> str:
    """One SHA-256 of barorapport's version and of every engine file, named by its path
    in the package: the manifest's code hash, and part of every cache's key."""
    from .. import __version__

    parts: list[str | bytes] = [__version__]
    for source in engine_files():
        parts += [source.relative_to(PACKAGE_DIR).as_posix(), source.read_bytes()]
    return digest(*parts)


def code_version(packages: Iterable[str] = ()) -> str:
    """What a product owes to code: the whole engine (``engine_fingerprint``: a helper a
    product's module imports can change it too) and the installed version of each of
    ``packages`` (``none`` when one is missing). Each cache keys its entries on it."""
    return digest(engine_fingerprint(), *(f"{package}={_installed(package)}"
                                          for package in packages))


@functools.cache
def _installed(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "none"


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
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_entry(path)
            # Readers see the old entry or the new one, never half.
            write_atomically(path, header + b"\n" + data)
        except OSError as error:
            # A cache that cannot be written costs time, not the build.
            logger.warning("cache: cannot keep %s (%s); the build goes on without it", path,
                           error.strerror or error)


def remove_entry(path: Path) -> None:
    """Remove a cache entry that is not a file (a folder, say), so that a new one can take
    its place; a file is left for ``os.replace`` to replace in one step."""
    if path.is_dir() and not path.is_symlink():
        logger.warning("cache: %s is a folder, not an entry; building it again", path)
        shutil.rmtree(path, ignore_errors=True)
