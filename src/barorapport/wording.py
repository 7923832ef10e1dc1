"""The publication's own words, out of the engine: a catalogue of messages keyed by codes.

Input: a code (``trend.too_few``, ``alt.bars``...) and the values it words; the language,
report.yaml's ``lang``, and the project's own catalogues (``messages/<lang>.yaml`` beside
``templates/``), set for a build by ``language()``. Output: the sentence, looked up key by
key in the project's catalogue first, then in the built-in theme's ``messages/<lang>.yaml``
(English and French shipped), as templates are looked up in the project first. A project
overrides any message, or adds a language with a catalogue holding every key. Code decides
by codes, never by the words.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from contextvars import ContextVar
from pathlib import Path

import yaml

from .errors import ConfigError

MESSAGES_DIR = Path(__file__).parent / "theme" / "messages"
DEFAULT_LANGUAGE = "fr"
_LANGUAGE: ContextVar[str] = ContextVar("barorapport_language", default=DEFAULT_LANGUAGE)
_PROJECT: ContextVar[Path | None] = ContextVar("barorapport_messages", default=None)


def catalogue_language(lang: str) -> str:
    """The catalogue a ``lang`` tag (``fr``, ``fr-FR``) is worded by: its primary subtag."""
    return lang.split("-")[0].split("_")[0].lower()


def has_catalogue(lang: str, project: Path | None = None) -> bool:
    """Whether ``lang`` is worded: shipped, or the project's ``messages`` folder (``project``)
    has a catalogue for it."""
    name = f"{catalogue_language(lang)}.yaml"
    return (MESSAGES_DIR / name).is_file() or (
        project is not None and (project / name).is_file())


def shipped() -> list[str]:
    return sorted(path.stem for path in MESSAGES_DIR.glob("*.yaml"))


def _read(path: Path) -> dict[str, str]:
    from .config.base import load_yaml

    data = load_yaml(path)
    if not isinstance(data, dict) or not all(isinstance(value, str) for value in data.values()):
        raise ConfigError(f"{path}: a wording catalogue maps each code to its text "
                          "(code: \"text\")")
    return {str(key): value for key, value in data.items()}


@functools.cache
def builtin(lang: str) -> dict[str, str]:
    """The built-in theme's catalogue of ``lang`` ({} when it ships none)."""
    path = MESSAGES_DIR / f"{catalogue_language(lang)}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


@functools.cache
def _project_file(path: Path, stamp: tuple[int, int]) -> dict[str, str]:
    return _read(path)


def project_catalogue(lang: str, project: Path | None) -> dict[str, str]:
    """The project's own catalogue of ``lang`` ({} without one), read again when edited."""
    if project is None:
        return {}
    path = project / f"{catalogue_language(lang)}.yaml"
    if not path.is_file():
        return {}
    status = path.stat()
    return _project_file(path, (status.st_mtime_ns, status.st_size))


def catalogue(lang: str, project: Path | None = None) -> dict[str, str]:
    """Every message of ``lang``: the built-in ones, each overridden by the project's."""
    found = {**builtin(lang), **project_catalogue(lang, project)}
    if not found:
        raise ConfigError(f"lang '{lang}': no wording catalogue {catalogue_language(lang)}.yaml "
                          f"(shipped: {', '.join(shipped())}; a project adds one in "
                          "messages/)")
    return found


def catalogue_problems(lang: str, project: Path | None) -> list[str]:
    """What is wrong with the project's catalogue of ``lang``: a code the engine never says
    (a typo: the message would never print), and, for a language the theme does not ship,
    each code it lacks."""
    own = project_catalogue(lang, project)
    if not own:
        return []
    from .paths import display_path

    path = display_path(project / f"{catalogue_language(lang)}.yaml")
    reference = builtin(lang) or builtin("en")
    problems = [f"{path}: '{code}' is no message of the built-in theme (codes: "
                f"theme/messages/en.yaml)" for code in own if code not in reference]
    if not builtin(lang):
        missing = [code for code in reference if code not in own]
        if missing:
            problems.append(f"{path}: {len(missing)} message(s) missing for a language the "
                            f"theme does not ship: {', '.join(missing[:8])}"
                            + (", ..." if len(missing) > 8 else "")
                            + " (every code of theme/messages/en.yaml)")
    return problems


@contextlib.contextmanager
def language(lang: str, project: Path | None = None):
    """Word every message in ``lang`` inside the ``with`` block (a build's stages), the
    project's catalogues (its ``messages`` folder, ``project``) first."""
    token, folder = _LANGUAGE.set(lang), _PROJECT.set(project)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)
        _PROJECT.reset(folder)


def current_language() -> str:
    """The catalogue language messages are worded in now (``fr``, ``en``...)."""
    return catalogue_language(_LANGUAGE.get())


def message(code: str) -> str:
    """The text of the message ``code`` in the current language, ``{names}`` unfilled."""
    try:
        return catalogue(_LANGUAGE.get(), _PROJECT.get())[code]
    except KeyError:
        raise ConfigError(f"no message '{code}' in the wording catalogues of lang "
                          f"'{_LANGUAGE.get()}' (the project's messages/, then the built-in "
                          "theme's)") from None


def say(code: str, **values) -> str:
    """The message ``code`` in the current language, its ``{names}`` filled in."""
    return message(code).format(**values)


def fingerprint() -> str:
    """A digest of the current language's catalogue: a changed sentence redraws the charts
    whose alt text or notes it words."""
    return hashlib.sha256(repr(sorted(catalogue(_LANGUAGE.get(), _PROJECT.get()).items())
                               ).encode()).hexdigest()
