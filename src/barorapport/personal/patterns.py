"""The privacy gate's rules: personal data as people really write it, in French and English.

Input: a text folded by ``normalise.fold`` (NFKC, no invisible characters, look-alikes read
as Latin). Output: each ``Finding``: its kind, its span in the folded text and a canonical
value (an e-mail address in lower case, a phone number as ``+<country><digits>``, an IBAN or
a NIR compact in capitals, an address or a name as folded words in lower case), so that the
final look at the outputs finds the same data written another way.

- e-mail addresses: plain, with spaces around ``@`` and ``.``, or spelled to escape robots
  (``(at)``, ``[arobase]``, `` arobase ``, ``(a)``, ``[point]``, `` dot ``...);
- phone numbers: French ones with any separators and grouping (``06/12/34/56/78``,
  ``06 1234 5678``, ``+33 (0)6...``, ``0033 6...``), and any number phonenumbers finds valid
  for France, the United Kingdom or the United States, or with a ``+`` country code;
- NIR (French social security) numbers whose key is right (python-stdnum), Corsica included;
- IBANs of any country, any case, any separators, whose check digits are right (stdnum);
- street addresses (``12 bis rue des Lilas``, ``221B Baker Street``), French postcodes with
  a town, British postcodes, civilities followed by a name (``Mme Martin``, ``Mr Smith``).

Every pattern is compiled once, at import; a text is scanned once per rule (``find``), and
phonenumbers only runs on a text holding enough digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The kinds of personal data, as messages name them.
EMAIL = "an e-mail address"
PHONE = "a phone number"
NIR = "a social security number (NIR)"
IBAN = "a bank account number (IBAN)"
ADDRESS = "a street address"
POSTCODE = "a postcode and town"
CIVILITY = "a civility and a name"
PERSON = "a person's name (named-entity model)"
KINDS = (EMAIL, PHONE, NIR, IBAN, ADDRESS, POSTCODE, CIVILITY, PERSON)
"""In the order messages list them."""


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    value: str
    """The data in one canonical form, whatever the way it was written."""


_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_NAME = rf"[{_UPPER}](?:[\w'’-]+|\.)"

# E-mail addresses: the local part, an at sign as written, the domain's labels and dots as
# written, a top-level domain of letters. The spelled-out forms need spaces or brackets
# around them, so that ``chat`` or ``5 at 6`` are not taken for one.


def _bracketed(words: str) -> str:
    return r"\s?[\[({<]\s?(?i:" + words + r")\s?[\])}>]\s?"


_AT = (r"(?P<at>\s?@\s?|" + _bracketed("at|arobase|arobas|@|a")
       + r"|\s(?P<word>(?i:arobase|arobas|at))\s)")
_DOT = r"(?:\s?\.\s?|" + _bracketed(r"dot|point|\.") + r"|\s(?i:dot|point)\s)"
_EMAIL = re.compile(rf"(?<![\w.+-])(?P<local>[\w+-]+(?:{_DOT}[\w+-]+)*){_AT}"
                    rf"(?P<domain>[\w-]+(?:{_DOT}[\w-]+)*){_DOT}(?P<tld>[a-zA-Z]{{2,12}})"
                    r"(?![\w@])(?!\s?[\[({<])")
_SPELLED_DOT = re.compile(rf"{_DOT}")
_STOP_WORDS = frozenset(
    "i me you we they he she it us them him her is am are was were be been work works worked "
    "working look looks looked looking meet met see saw seen stay stayed live lives lived "
    "living job jobs shop shopped shopping arrive arrived arrives available online info "
    "contact-us read find found visit visited apply applied go went".split())
"""Words before a plain ``at`` that make a sentence (``I work at asso.org``), not an
address; ``contact at asso.org`` is still one."""


def _email(match: re.Match) -> str:
    local = _SPELLED_DOT.sub(".", match["local"])
    domain = _SPELLED_DOT.sub(".", match["domain"])
    return f"{local}@{domain}.{match['tld']}".casefold().replace(" ", "")


def _emails(text: str) -> list[Finding]:
    found, position = [], 0
    while (match := _EMAIL.search(text, position)) is not None:
        if match["word"] and match["local"].casefold() in _STOP_WORDS:
            position = match.start("domain")  # ``me at x@y.fr``: the address may follow
            continue
        found.append(Finding(EMAIL, match.start(), match.end(), _email(match)))
        position = match.end()
    return found


def email_keys(value: str) -> list[str]:
    """An address and its shorter forms, each dotted part of its local part dropped in turn
    from the left: a text may hold more words before the address than another."""
    local, _, domain = value.partition("@")
    parts = local.split(".")
    return [".".join(parts[index:]) + "@" + domain for index in range(len(parts))]


# Phone numbers. Separators: any of space . / - _ and brackets, one to three in a row.
# French numbers starting 08 are services' (free, shared cost), never a person's line.
_SEP = r"[ ./\-_()]{0,3}"
_FR_PHONE = re.compile(
    rf"(?<![\d+])(?<!\d[ ./\-_])(?:(?:\+|00){_SEP}33{_SEP}(?:\(0\){_SEP})?|0)[1-79]"
    rf"(?:{_SEP}\d){{8}}(?!{_SEP}\d)")
_DIGITS = re.compile(r"\d")
_REGIONS = ("FR", "GB", "US")


_SERVICES: frozenset = frozenset()
"""Numbers of services, not of persons (free, shared cost, premium, universal access)."""


def _services() -> frozenset:
    from phonenumbers import PhoneNumberType as Type

    return frozenset((Type.TOLL_FREE, Type.PREMIUM_RATE, Type.SHARED_COST, Type.UAN))

# NIR: sex, year, month, department (2A, 2B), commune, order, key.
_NIR = re.compile(r"(?<![\w])([1-478])[ ./\-_]{0,3}(\d\d)[ ./\-_]{0,3}(\d\d)[ ./\-_]{0,3}"
                  r"(\d\d|2[AB])[ ./\-_]{0,3}(\d{3})[ ./\-_]{0,3}(\d{3})[ ./\-_]{0,3}(\d\d)"
                  r"(?![\d])", re.IGNORECASE)
# IBAN: country, check digits, then 11 to 30 letters or digits in groups.
_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}[ .\-]?\d\d(?:[ .\-]?[A-Za-z0-9]){11,30}")

# Street addresses. French street words that need no capital after them (``3 rue de la
# gare``) and those that do, being common words too (``2 cours par semaine``, ``5 places``).
_STREETS = (r"rue|avenue|av\.|bd|boulevard|impasse|all[ée]e|faubourg|fbg|lieu-dit|rond-point|"
            r"chemin|route|quai")
_PLACES = (r"place|cours|square|passage|voie|cit[ée]|r[ée]sidence|sentier|esplanade|promenade|"
           r"hameau|parvis|villa|lotissement|domaine|mail|clos")
_ARTICLES = r"(?:(?:de la|de l'|de l’|des|du|de|d'|d’|la|le|les)\s*)?"
_ADDRESS_FR = re.compile(
    rf"(?<![\d,.])\d{{1,4}}\s?(?:bis|ter|quater|[a-dA-D])?,?\s+"
    rf"(?:(?i:{_STREETS})\s+(?:{_ARTICLES}[\w{_UPPER}]|[{_UPPER}])"
    rf"|(?i:{_PLACES})\s+{_ARTICLES}[{_UPPER}])")
_EN_STREETS = (r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|close|court|ct|"
               r"way|place|pl|square|sq|terrace|crescent|gardens|grove|row|mews|parade|hill|"
               r"highway|hwy|parkway|pkwy")
_ADDRESS_EN = re.compile(
    rf"(?<![\d,.])\d{{1,5}}[a-zA-Z]?,?\s+(?:[{_UPPER}][\w'’-]+\s+){{1,3}}"
    rf"(?i:{_EN_STREETS})\b\.?")
# A French postcode followed by a town in capitals or with a capital; a British postcode.
_POSTCODE = re.compile(rf"(?<![\w,.])(?<!\d[ \u00a0\u202f])(?:0[1-9]|[1-8]\d|9[0-5]|97|98)"
                       rf"\d{{3}}\s+(?:CEDEX\s+)?[{_UPPER}][\w'’-]+")
_UK_POSTCODE = re.compile(r"(?<![\w])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?\d[ABD-HJLNP-UW-Z]{2}"
                          r"(?![\w])")
_CIVILITY = re.compile(
    rf"(?:\bM\.|\bMr\.?|\bMrs\.?|\bMs\.?|\b(?i:mlle|mme|monsieur|madame|mademoiselle|"
    rf"docteur|ma[iî]tre|miss|mister)\.?|\bDr\.?)\s+{_NAME}")
_NEXT_WORD = re.compile(r"[\w'’-]*")


def _phones(text: str) -> list[Finding]:
    found = []
    for match in _FR_PHONE.finditer(text):
        digits = "".join(_DIGITS.findall(match.group()))
        national = digits[-9:]
        found.append(Finding(PHONE, match.start(), match.end(), f"+33{national}"))
    if len(_DIGITS.findall(text)) < 9:
        return found
    import phonenumbers

    global _SERVICES
    _SERVICES = _SERVICES or _services()
    taken = {(finding.start, finding.end) for finding in found}
    for region in _REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region,
                                                     leniency=phonenumbers.Leniency.VALID):
            if any(start <= match.start < end for start, end in taken) \
                    or phonenumbers.number_type(match.number) in _SERVICES:
                continue
            number = match.number
            value = f"+{number.country_code}{number.national_number}"
            found.append(Finding(PHONE, match.start, match.end, value))
            taken.add((match.start, match.end))
    return found


def nir_is_valid(number: str) -> bool:
    """Whether a 15-character NIR's key is right (python-stdnum's rule: Corsica's 2A and 2B
    count as 19 and 18); the older reading of the rule (19 or 18, less 1 000 000 or
    2 000 000) is accepted too, so that no real number is missed."""
    from stdnum.fr import nir

    number = number.upper()
    if nir.is_valid(number):
        return True
    body, key = number[:13], number[13:]
    if not key.isdigit() or not ("2A" in body[5:7] or "2B" in body[5:7]):
        return False
    offset = 1_000_000 if body[5:7] == "2A" else 2_000_000
    digits = body[:5] + ("19" if body[5:7] == "2A" else "18") + body[7:]
    return digits.isdigit() and int(key) == 97 - (int(digits) - offset) % 97


def iban_is_valid(compact: str) -> bool:
    """ISO 13616 check digits and the country's length and format (python-stdnum)."""
    from stdnum import iban

    return iban.is_valid(compact)


def _nirs(text: str) -> list[Finding]:
    found = []
    for match in _NIR.finditer(text):
        number = "".join(match.groups()).upper()
        if nir_is_valid(number):
            found.append(Finding(NIR, match.start(), match.end(), number))
    return found


_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")


def _ibans(text: str) -> list[Finding]:
    found = []
    for match in _IBAN.finditer(text):
        compact = _NOT_ALNUM.sub("", match.group()).upper()
        # The pattern may run into the next word: the longest valid prefix is the IBAN.
        for length in range(len(compact), 14, -1):
            if iban_is_valid(compact[:length]):
                found.append(Finding(IBAN, match.start(), match.end(), compact[:length]))
                break
    return found


def _words(text: str, match: re.Match, kind: str) -> Finding:
    end = _NEXT_WORD.match(text, match.end()).end()  # the whole name, not its initial
    value = " ".join(text[match.start():end].casefold().split()).rstrip(".,;:!?)»\"'")
    return Finding(kind, match.start(), end, value)


def _places(text: str) -> list[Finding]:
    found = [_words(text, match, ADDRESS) for match in _ADDRESS_FR.finditer(text)]
    found += [_words(text, match, ADDRESS) for match in _ADDRESS_EN.finditer(text)]
    found += [_words(text, match, POSTCODE) for match in _POSTCODE.finditer(text)]
    found += [Finding(POSTCODE, match.start(), match.end(), match.group().replace(" ", ""))
              for match in _UK_POSTCODE.finditer(text) if any(c.isdigit()
                                                               for c in match.group()[-3:])]
    found += [_words(text, match, CIVILITY) for match in _CIVILITY.finditer(text)]
    return found


def find(text: str) -> list[Finding]:
    """Every piece of personal data in ``text`` (folded: ``normalise.fold``), by the rules
    (not the named-entity model), in the order of the text."""
    found = _emails(text) + _phones(text) + _nirs(text) + _ibans(text) + _places(text)
    return sorted(found, key=lambda finding: (finding.start, KINDS.index(finding.kind)))


def redact(text: str) -> str:
    """``text`` with each piece of personal data the rules find replaced by ``[…]`` (the
    text read folded where it holds any): the last net of every log line and error."""
    from .normalise import fold

    folded = fold(text)
    found = find(folded)
    if not found:
        return text
    parts, last = [], 0
    for finding in found:
        if finding.start >= last:
            parts += [folded[last:finding.start], "[…]"]
            last = finding.end
    return "".join(parts) + folded[last:]
