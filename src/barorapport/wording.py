"""The publication's own words, out of the engine: a catalogue of messages keyed by codes.

Input: a code (``trend.too_few``, ``alt.bars``...) and the values it words; the language,
report.yaml's ``lang``, set for a build by ``language()``. Output: the sentence, from the
built-in theme's ``messages/<lang>.yaml`` (French shipped). Code decides by codes, never by
the words: a project in another language only adds a catalogue.
"""

from __future__ import annotations

import contextlib
import functools
from contextvars import ContextVar
from pathlib import Path

import yaml

from .errors import ConfigError

MESSAGES_DIR = Path(__file__).parent / "theme" / "messages"
DEFAULT_LANGUAGE = "fr"
_LANGUAGE: ContextVar[str] = ContextVar("barorapport_language", default=DEFAULT_LANGUAGE)


def catalogue_language(lang: str) -> str:
    """The catalogue a ``lang`` tag (``fr``, ``fr-FR``) is worded by: its primary subtag."""
    return lang.split("-")[0].split("_")[0].lower()


def has_catalogue(lang: str) -> bool:
    return (MESSAGES_DIR / f"{catalogue_language(lang)}.yaml").is_file()


def shipped() -> list[str]:
    return sorted(path.stem for path in MESSAGES_DIR.glob("*.yaml"))


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    path = MESSAGES_DIR / f"{catalogue_language(lang)}.yaml"
    if not path.is_file():
        raise ConfigError(f"lang '{lang}': no wording catalogue {path.name} (shipped: "
                          f"{', '.join(shipped())})")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@contextlib.contextmanager
def language(lang: str):
    """Word every message in ``lang`` inside the ``with`` block (a build's stages)."""
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def say(code: str, **values) -> str:
    """The message ``code`` in the current language, its ``{names}`` filled in."""
    return catalogue(_LANGUAGE.get())[code].format(**values)


def fingerprint() -> str:
    """A digest of the current language's catalogue: a changed sentence redraws the charts
    whose alt text or notes it words."""
    import hashlib

    return hashlib.sha256(repr(sorted(catalogue(_LANGUAGE.get()).items())).encode()
                          ).hexdigest()
