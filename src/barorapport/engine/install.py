"""Install a build's outputs in one step: staged whole, then made visible by one atomic switch.

Input: the staging folder (every output of the build) and the edition's output folder
``<out>/<edition>``. Output: ``<out>/<edition>`` is a symbolic link to a complete version
folder ``<out>/.versions/<edition>-<pid>-<time>``; installing renames a new link over it,
which the system does in one step. Readers (the web team's ``build/<edition>/web/...``, a
server) see the old outputs or the new ones, never a mix; a crash or Ctrl-C at any moment
leaves one of them whole.

Outputs of the previous version that this build did not make (the PDF of a web-only build,
``quarantine.csv``) are carried over, as hard links. Every precondition is checked before the
switch; leftovers of interrupted builds (``.staging-*``, ``.old-*``, versions no link names)
are removed by the next build.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

from ..errors import PublishError
from ..paths import display_path

logger = logging.getLogger("barorapport")
VERSIONS = ".versions"
"""The folder of ``<out>`` holding the version folders the editions' links name."""
_STAGING = re.compile(r"\.staging-(?P<edition>.+?)-(?:(?P<pid>\d+)-)?[^-]*$")


class InterruptedAfterInstall(KeyboardInterrupt):
    """Ctrl-C arrived while the outputs were switched: the new outputs are installed."""


def staging_prefix(edition: str) -> str:
    """The prefix of a staging folder's name: the edition and this process, so that the next
    build knows a leftover from a live build."""
    return f".staging-{edition}-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path)


def _remove(path: Path) -> None:
    try:
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            _remove_tree(path)
    except OSError as error:
        logger.warning("%s: cannot remove this leftover of an earlier build (%s); the next "
                       "build tries again", display_path(path), error.strerror or error)


def clean_leftovers(out: Path, edition: str, keep: Path | None = None) -> None:
    """Remove what interrupted builds of ``edition`` left in ``out``: staging folders of
    processes that are gone, ``.old-*`` folders and links, and version folders that no
    edition's link names (``keep`` is the current one)."""
    if not out.is_dir():
        return
    for path in out.iterdir():
        match = _STAGING.fullmatch(path.name)
        if match and match["edition"] == edition and path != keep:
            pid = match["pid"]
            if pid is None or (int(pid) != os.getpid() and not _alive(int(pid))):
                _remove(path)
        elif path.name.startswith((f".old-{edition}", f".{edition}.link-")):
            _remove(path)
    target = out / edition
    old_style = [path for path in target.iterdir() if path.name.startswith(".old-")] \
        if target.is_dir() else []
    for path in old_style:
        _remove(path)
    versions = out / VERSIONS
    if versions.is_dir():
        current = target.resolve() if target.is_symlink() else None
        for path in versions.iterdir():
            if path.name.startswith(f"{edition}-") and path.resolve() != current \
                    and path != keep:
                pid = path.name[len(edition) + 1:].split("-")[0]
                if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)) \
                        and not path.joinpath("manifest.json").exists():
                    continue  # a live build is filling it
                _remove(path)


def repair_link(target: Path) -> None:
    """``target`` (``<out>/<edition>``) made usable when a hand or a crash broke it: a link
    whose version folder is gone (dangling) or that names a folder outside ``<out>/.versions``
    (foreign) is removed, with a warning; the build then installs a new version. What a
    foreign link names is left as it is."""
    if not target.is_symlink():
        return
    versions = (target.parent / VERSIONS).resolve()
    destination = target.parent / os.readlink(target)
    if not target.exists():
        why = "its version folder is gone"
    elif not destination.resolve().is_relative_to(versions):
        why = f"it names {display_path(destination.resolve())}, not a version folder"
    else:
        return
    logger.warning("%s: a link barorapport did not make, or a broken one (%s): removed, and "
                   "the new outputs installed in its place", display_path(target), why)
    target.unlink()


def _carry_over(previous: Path, version: Path) -> None:
    """The previous version's outputs that this build did not make, as hard links."""
    for entry in previous.iterdir():
        if entry.name.startswith(".") or (version / entry.name).exists():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, version / entry.name, copy_function=_link_or_copy,
                            symlinks=True)
        else:
            _link_or_copy(entry, version / entry.name)


def _link_or_copy(source, destination) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _check_writable(folder: Path) -> None:
    """A file can be made and removed in ``folder`` (tried: permissions, a read-only mount
    or a full disk all say no only when tried)."""
    try:
        descriptor, name = tempfile.mkstemp(prefix=".probe-", dir=folder)
        os.close(descriptor)
        os.unlink(name)
    except OSError as error:
        raise PublishError(f"{display_path(folder)}: not writable ({error.strerror}), so the "
                           "new outputs cannot be installed; the previous outputs are left "
                           "as they were") from None


@contextlib.contextmanager
def _deferred_interrupt():
    """Ctrl-C (and SIGTERM) held back while the outputs are switched; raised after, saying
    so."""
    received = []
    try:
        previous = {number: signal.signal(number, lambda number, frame: received.append(number))
                    for number in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: no handler to defer with
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if received:
        raise InterruptedAfterInstall("the new outputs were installed whole before the "
                                      "interruption")


def _make_link(destination: str, link: Path) -> None:
    os.symlink(destination, link)


def _switch(link: Path, target: Path) -> None:
    """The one step: a rename, which replaces the old link whole or not at all."""
    os.replace(link, target)


def install(staging: Path, target: Path) -> None:
    """Make the outputs of ``staging`` the outputs at ``target``, in one step."""
    out = target.parent
    versions = out / VERSIONS
    # Preconditions, all before anything visible changes.
    try:
        out.mkdir(parents=True, exist_ok=True)
        versions.mkdir(exist_ok=True)
    except OSError as error:
        raise PublishError(f"{display_path(versions)}: cannot be made ({error.strerror}); the "
                           "previous outputs are left as they were") from None
    _check_writable(out)
    _check_writable(versions)
    if target.exists() and not target.is_symlink() and not target.is_dir():
        raise PublishError(f"{display_path(target)}: not a folder, so the outputs cannot be "
                           "installed there")
    version = versions / f"{target.name}-{os.getpid()}-{time.time_ns()}"
    version.mkdir()
    try:
        for entry in staging.iterdir():
            entry.rename(version / entry.name)
        if target.is_dir():
            _carry_over(target, version)
        link = out / f".{target.name}.link-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        _make_link(os.path.relpath(version, out), link)
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        raise
    legacy = None
    with _deferred_interrupt():
        if target.is_dir() and not target.is_symlink():
            # An output folder of an older barorapport: moved aside, then linked over; the
            # one moment without outputs at ``target`` is this rename and the next.
            legacy = out / f".old-{target.name}-{os.getpid()}"
            target.rename(legacy)
        _switch(link, target)
    if legacy is not None:
        _remove(legacy)
    clean_leftovers(out, target.name, keep=version)
