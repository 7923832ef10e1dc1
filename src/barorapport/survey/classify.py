"""Which export column holds what: a question's answers, or what a survey tool records about
the respondent and the response.

Input: an export's headings and columns, its layout, and what the file itself declares of a
column (``ColumnMeta.role`` of formats that carry it). Output: one ``ColumnRole`` per column.

This is the one place that decides it. ``init`` makes questions of ``question`` columns only;
ingest never reads a ``personal`` column, ignores the tool's bookkeeping, and refuses a
questionnaire that maps a question to any column that is not a ``question`` one (unless the
question says ``not_personal: true``); the final gate looks for the values of every
withheld column in the outputs (``survey.withheld``).

A column is recognised, in this order:

1. by what the file declares (a ``role`` in its metadata);
2. by its heading, in French and English: the headings every tool writes (``IP Address``,
   ``RecipientEmail``, ``Adresse e-mail``, ``Horodateur``, ``_submission_time``...), and the
   words of a personal column (``Votre adresse e-mail``, ``Phone number``...) on a column no
   question maps; generic headings (``Status``, ``Finished``, ``start``, ``Score``...) only
   in the export of the tool that writes them, recognised from its other headings; a
   heading naming a timestamp counts only over a column of dates (one of other values is
   a column nobody asked for, which ingest warns about by name);
3. by its content: e-mail addresses, IP addresses, phone numbers, GPS coordinates, web
   addresses, browsers, dates with a time of day, and ids (every value different, written
   like a code: ``R_3kXz…``, a UUID, a long number).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from ..text import plain_words
from .formats import Layout
from .table import Column

if TYPE_CHECKING:
    from .export import Export

Role = Literal["question", "id", "timestamp", "duration", "progress", "personal", "metadata",
               "design"]

NOT_QUESTIONS: tuple[Role, ...] = ("id", "timestamp", "duration", "progress", "personal",
                                   "metadata", "design")


@dataclass(frozen=True)
class ColumnRole:
    role: Role
    """``question`` (answers), or what the tool records: the respondent ``id``, a
    ``timestamp``, a ``duration``, the ``progress`` or completion status, ``personal`` data,
    or other ``metadata`` (collector, channel, language, scores...); or the sampling
    ``design`` (``kind``: weights, strata, clusters, fpc, replicate weights), which
    report.yaml's ``design:`` declares."""
    kind: str = ""
    """What the column holds, in words (``e-mail addresses``, ``names``...)."""
    by: str = ""
    """How it was recognised: ``its heading``, ``its content``, ``the file's metadata``."""

    @property
    def is_question(self) -> bool:
        return self.role == "question"

    def described(self) -> str:
        """``personal data (e-mail addresses), recognised by its heading``."""
        what = {"id": "the respondents' ids", "timestamp": "the survey tool's timestamps",
                "duration": "the survey tool's durations",
                "progress": "the survey tool's progress or completion status",
                "personal": "personal data", "metadata": "the survey tool's bookkeeping",
                "design": "the sampling design"}.get(self.role, "answers")
        kind = f" ({self.kind})" if self.kind and self.role in ("personal", "metadata",
                                                                 "design") else ""
        return f"{what}{kind}, recognised by {self.by}" if self.by else f"{what}{kind}"


QUESTION = ColumnRole("question")

# Headings, as ``plain_words`` folds them (lower case, no accents, punctuation as spaces).
# Each is what a tool writes, in English and in French; all are recognised on any export.
_HEADINGS: dict[str, tuple[Role, str]] = {}


def _add(role: Role, kind: str, *headings: str) -> None:
    for heading in headings:
        folded = plain_words(heading)
        assert folded, heading  # an empty heading names nothing
        _HEADINGS[folded] = (role, kind)


_add("personal", "e-mail addresses",
     "Email", "E-mail", "Email Address", "E-mail address", "EmailAddress", "Adresse e-mail",
     "Adresse email", "Adresse électronique", "Adresse de messagerie", "Courriel",
     "Adresse courriel", "Mail", "RecipientEmail", "Recipient Email", "Votre e-mail",
     "Votre adresse e-mail", "Your email", "Your email address", "Email de l'utilisateur")
_add("personal", "names",
     "Name", "First Name", "Last Name", "FirstName", "LastName", "Full Name", "FullName",
     "Surname", "Given name", "Your name", "Respondent name", "RecipientFirstName",
     "RecipientLastName", "Recipient First Name", "Recipient Last Name", "Prénom", "Nom",
     "Nom de famille", "Nom complet", "Nom et prénom", "Prénom et nom", "Nom prénom",
     "Prénom nom", "Votre nom", "Votre prénom", "Nom du répondant", "Username",
     "User name", "Nom d'utilisateur", "_submitted_by", "Submitted by", "Soumis par")
_add("personal", "phone numbers",
     "Phone", "Phone number", "PhoneNumber", "Telephone", "Telephone number", "Mobile",
     "Mobile phone", "Cell phone", "Téléphone", "Numéro de téléphone", "Tél", "Tel",
     "Portable", "Téléphone portable", "Numéro de portable")
_add("personal", "IP addresses",
     "IP", "IP Address", "IPAddress", "ipaddr", "Adresse IP", "IP adresse")
_add("personal", "GPS coordinates",
     "Latitude", "Longitude", "LocationLatitude", "LocationLongitude", "Location Latitude",
     "Location Longitude", "Geolocation", "_geolocation", "Géolocalisation", "GPS",
     "Coordinates", "Coordonnées GPS", "Geopoint")
_add("personal", "postal addresses",
     "Address", "Postal address", "Street address", "Adresse", "Adresse postale",
     "Votre adresse")
_add("personal", "access tokens and references",
     "token", "Jeton", "Jeton d'accès", "ExternalReference", "External Reference",
     "External Data Reference", "ExternalDataReference", "Référence externe",
     "Custom Data", "Données personnalisées", "Custom Variable", "Variable personnalisée")
_add("personal", "referring web addresses",
     "refurl", "Referer", "Referrer", "URL de référence", "Referring URL", "Q_URL")
_add("personal", "devices and browsers",
     "User Agent", "UserAgent", "Browser", "Navigateur", "deviceid", "Device ID",
     "subscriberid", "simserial", "IMEI", "Q_BrowserName", "Q_BrowserVersion",
     "Q_OperatingSystem", "Q_Resolution")
_add("id", "",
     "id", "Respondent ID", "RespondentID", "Response ID", "ResponseId", "Response_ID",
     "Record ID", "Identifiant", "ID du répondant", "ID de la réponse", "Identifiant de la "
     "réponse", "_id", "_uuid", "uuid", "instanceID", "meta/instanceID", "Submission ID",
     "Numéro de soumission", "Serial", "N°", "Numéro", "Numero", "Network ID")
_add("timestamp", "",
     "Timestamp", "Horodateur", "Horodatage", "Marca temporal", "Zeitstempel",
     "Informazioni cronologiche", "Carimbo de data/hora", "StartDate", "EndDate",
     "Start Date", "End Date", "RecordedDate", "Recorded Date", "Date de début",
     "Date de fin", "Date d'enregistrement", "submitdate", "startdate", "datestamp",
     "Date submitted", "Date started", "Date last action", "Date de soumission",
     "Date de lancement", "Date de la dernière action", "_submission_time",
     "Submission time", "Start time", "Completion time", "Heure de début", "Heure de fin",
     "Last modified time", "Heure de la dernière modification", "Soumis le",
     "Submit Date (UTC)", "Start Date (UTC)", "Stage Date (UTC)", "Q_RelevantIDLastStartDate")
_add("duration", "",
     "Duration (in seconds)", "Duration", "Durée", "Durée (en secondes)", "Q_TotalDuration",
     "interviewtime", "Total time", "Temps total", "Temps passé", "Time taken")
_add("progress", "",
     "Progress", "Progression", "lastpage", "Last page", "Dernière page",
     "Q_UnansweredPercentage", "Q_UnansweredQuestions")
_add("metadata", "collector",
     "Collector ID", "CollectorID", "ID du collecteur", "DistributionChannel",
     "Distribution Channel", "Canal de distribution")
_add("metadata", "language",
     "UserLanguage", "User Language", "startlanguage", "Start language",
     "Langue de départ", "Langue de l'utilisateur")
_add("metadata", "fraud scores",
     "Q_RecaptchaScore", "Q_RelevantIDDuplicate", "Q_RelevantIDDuplicateScore",
     "Q_RelevantIDFraudScore", "Q_BallotBoxStuffing", "Q_DataPolicyViolations",
     "Q_DuplicateRespondent", "Q_CHL", "seed", "Tête de série")
_add("metadata", "form bookkeeping",  # Kobo's ``_status``, ``_tags``...: its export only
     "_xform_id_string", "_validation_status", "formhub/uuid", "meta/deprecatedID",
     "meta/rootUuid", "_parent_index", "_parent_table_name", "_submission__id", "audit_URL")

# Generic words that are the tool's own columns only in that tool's export: each tool is
# recognised by headings only it writes (at least ``_SIGNATURE_MIN`` of them).
_TOOLS: dict[str, tuple[frozenset[str], dict[str, tuple[Role, str]]]] = {
    "Qualtrics": (
        frozenset(map(plain_words, ("StartDate", "EndDate", "Status", "IPAddress",
                                    "Progress", "Duration (in seconds)", "Finished",
                                    "RecordedDate", "ResponseId", "DistributionChannel",
                                    "UserLanguage"))),
        {"status": ("progress", ""), "finished": ("progress", ""),
         "response type": ("progress", "")}),
    "KoboToolbox": (
        frozenset(map(plain_words, ("_uuid", "_submission_time", "_index", "_id",
                                    "_validation_status", "__version__",
                                    "meta/instanceID", "deviceid"))),
        {"start": ("timestamp", ""), "end": ("timestamp", ""), "today": ("timestamp", ""),
         "username": ("personal", "names"), "phonenumber": ("personal", "phone numbers"),
         "simid": ("personal", "devices and browsers"),
         "precision": ("personal", "GPS coordinates"),
         "altitude": ("personal", "GPS coordinates"), "audit": ("metadata", "form bookkeeping")}),
    "LimeSurvey": (
        frozenset(map(plain_words, ("submitdate", "lastpage", "startlanguage", "seed",
                                    "startdate", "datestamp", "ipaddr", "refurl"))),
        {}),
    "Google Forms": (
        frozenset(map(plain_words, ("Horodateur", "Timestamp", "Marca temporal",
                                    "Zeitstempel"))),
        {"score": ("metadata", "quiz score"), "note": ("metadata", "quiz score"),
         "total score": ("metadata", "quiz score")}),
    "Microsoft Forms": (
        frozenset(map(plain_words, ("Start time", "Completion time", "Heure de début",
                                    "Heure de fin", "Last modified time",
                                    "Heure de la dernière modification"))),
        {"total points": ("metadata", "quiz score"), "quiz feedback": ("metadata",
                                                                         "quiz score"),
         "points": ("metadata", "quiz score")}),
    "SurveyMonkey": (
        frozenset(map(plain_words, ("Respondent ID", "Collector ID", "ID du répondant",
                                    "ID du collecteur"))),
        {}),
}
_SIGNATURE_MIN = 2
_NUMBERED = re.compile(r"^(custom data|donnees personnalisees|custom variable|variable "
                       r"personnalisee) \d+$")
_TIMINGS = re.compile(r"(^| )(first click|last click|page submit|click count)$"
                      r"|^(interviewtime|grouptime ?\d+|q ?\d+ ?time)$")
_KOBO_GEO = re.compile(r"^ ?\S.* (latitude|longitude|altitude|precision)$")
# Words of a personal heading, for a column no question maps (``Votre adresse e-mail ?``).
_PERSONAL_WORDS = re.compile(
    r"\b(ip|ipaddr|ip ?address|adresse ip|e ?mail|email ?address|adresse e ?mail|courriel"
    r"|name|first ?name|last ?name|full ?name|nom|prenom|nom de famille"
    r"|token|jeton|phone|telephone|mobile|tel|refurl|referr?er|custom ?data ?\d*"
    r"|user ?agent|latitude|longitude)\b")


def heading_role(heading: str, tools: Iterable[str] = ()) -> ColumnRole | None:
    """The role a heading alone gives a column (the tools' columns, in ``tools``' exports),
    or None when it is not one of them."""
    folded = plain_words(heading)
    found = _HEADINGS.get(folded)
    if found is None and _NUMBERED.match(folded):
        found = ("personal", "access tokens and references")
    if found is None and _TIMINGS.search(folded):
        found = ("duration", "")
    for tool in tools:
        signature, generic = _TOOLS[tool]
        if found is None:
            found = generic.get(folded)
        if found is None and tool == "KoboToolbox" and heading.startswith("_"):
            found = ("personal", "GPS coordinates") if _KOBO_GEO.match(folded) \
                else ("metadata", "form bookkeeping")
    if found is None:
        return None
    return ColumnRole(found[0], found[1], "its heading")


def looks_personal(heading: str) -> bool:
    """Whether the words of ``heading`` name personal data (``Votre adresse e-mail``,
    ``Numéro de téléphone``): for columns no question maps, where a false alarm costs only
    an ignored column."""
    return bool(_PERSONAL_WORDS.search(plain_words(heading)))


def tools_of(headings: Sequence[str]) -> tuple[str, ...]:
    """The survey tools whose own headings the export has (at least two of them)."""
    folded = {plain_words(heading) for heading in headings}
    return tuple(tool for tool, (signature, _) in _TOOLS.items()
                 if len(signature & folded) >= _SIGNATURE_MIN)


# Content: a column is recognised when most of its answers (a sample of its distinct
# values) look like one kind of data.
SAMPLE = 500
"""Distinct values looked at per column."""
MOST = 0.8
"""Share of the sampled values that must look alike."""

_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(\.[\w-]+)*\.[a-zA-Z]{2,}$")
_IPV4 = re.compile(r"^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$")
_IPV6 = re.compile(r"^(?=.*:.*:)[0-9a-fA-F:]{2,39}(%\w+)?$")
_PHONE = re.compile(r"^(\+\d{1,3}[\s.-]?)?(\(\d{1,4}\)[\s.-]?)?\d{1,4}([\s.-]\d{2,4}){2,5}$"
                    r"|^(\+|00)\d{8,14}$|^0\d{9}$")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_DATETIME = re.compile(
    r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})"
    r"([ T]\d{1,2}[:h]\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?\s*(Z|UTC|GMT|[+-]\d{2}"
    r":?\d{2}|UTC ?[+-]\d{1,2}|[A-Z]{3,4})?)?$")
_GEOPOINT = re.compile(r"^-?\d{1,2}\.\d{3,}[\s,;]+-?\d{1,3}\.\d{3,}([\s,;]+-?\d+(\.\d+)?){0,2}$")
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_AGENT = re.compile(r"^Mozilla/\d|AppleWebKit|Gecko/|Chrome/\d")
_CODE = re.compile(r"^(R_[A-Za-z0-9]{11,17}|[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}"
                   r"|uuid:[0-9a-fA-F-]{36}|\d{8,}|(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9_-]{4,})$")


def _is_phone(value: str) -> bool:
    """A phone number: 8 to 15 digits, grouped (``06 12 34 56 78``, ``+1 555 0100 1000``)
    or after ``+`` or a leading 0; not a date."""
    digits = sum(character.isdigit() for character in value)
    return 8 <= digits <= 15 and bool(_PHONE.match(value)) and not _DATE.search(value)


_CONTENT: tuple[tuple[object, Role, str], ...] = (
    (_EMAIL.match, "personal", "e-mail addresses"),
    (lambda value: bool(_IPV4.match(value) or _IPV6.match(value)), "personal",
     "IP addresses"),
    (_GEOPOINT.match, "personal", "GPS coordinates"),
    (_URL.match, "personal", "web addresses"),
    (_AGENT.search, "personal", "devices and browsers"),
    (_is_phone, "personal", "phone numbers"),
    (_DATETIME.match, "timestamp", ""),
)


def _sample(column: Column) -> list[str]:
    """Up to ``SAMPLE`` distinct non-empty values the rows hold."""
    present = np.unique(column.codes[: SAMPLE * 20])
    values = [column.values[code].strip() for code in present[: SAMPLE * 2]]
    return [value for value in values if value][:SAMPLE]


def _share(values: list[str], accept) -> float:
    return sum(1 for value in values if accept(value)) / len(values)


def content_role(column: Column) -> ColumnRole | None:
    """The role the values of ``column`` give it, or None when they look like answers."""
    values = _sample(column)
    if not values:
        return None
    for accept, role, kind in _CONTENT:
        if _share(values, accept) >= MOST:
            return ColumnRole(role, kind, "its content")
    if len(values) >= 5 and _share(values, _CODE.match) == 1 and _all_different(column):
        return ColumnRole("id", "", "its content")
    return None


def _all_different(column: Column) -> bool:
    """Whether every filled row holds another value (an id)."""
    filled = column.filled()
    codes = column.codes[filled]
    return len(codes) >= 5 and len(np.unique(codes)) == len(codes)


_DECLARED: dict[str, tuple[Role, str]] = {
    "id": ("id", ""), "personal": ("personal", ""), "metadata": ("metadata", ""),
    "timestamp": ("timestamp", ""), "status": ("progress", ""), "completion": ("progress", ""),
    "weight": ("design", "weights")}
"""A role the file declares (``carried.Role``) as a column's role here; ``question`` (every
column's default) tells nothing."""


# The sampling design's columns: recognised by their heading, then checked by their content
# (numbers for weights, corrections and replicate weights). A stratum or a cluster may be
# named anything (a region, a school): only the usual names are recognised; init declares
# what it finds in report.yaml's ``design:``, and the user adds the rest.
DESIGN_KINDS = ("weights", "strata", "clusters", "second-stage clusters", "fpc",
                "replicate weights")
_DESIGN_HEADINGS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), kind) for pattern, kind in (
        (r"^(final |sampling |survey |design |base |person |household )?(weights?|wgts?|wts?)"
         r"( final)?$|^(pw|pwt|pwgt|wgtp|pwgtp|finalwt|finwt|wtfinl|weight final|poids( de "
         r"sondage| final| de ponderation| individuel| menage)?|ponderation|pond|coef(ficient)?"
         r"( de)? ponderation|coefficient d extrapolation|coef extrapolation)$", "weights"),
        (r"^((rep|repw|repwt|repwgt|replicate|replicate weight|pwgtp|wgtp|poids replique|"
         r"jk1?|jkn|brr|fay|boot|bootstrap|bs) ?(weight |wt |w )?\d+)$", "replicate weights"),
        (r"^(fpc ?\d?|finite population correction|population size|pop size|taille de la "
         r"population|effectif de la population|n pop|npop)$", "fpc"),
        (r"^(strat|strata|stratum|strate|strates|stratification|stratum id|strat id|"
         r"varstrat|sdmvstra|vstrat)$", "strata"),
        (r"^(psu|psu id|cluster|clusters|cluster id|grappe|grappes|upm|unite primaire|"
         r"varunit|varpsu|sdmvpsu|vpsu)$", "clusters"),
        (r"^(ssu|ssu id|usu|unite secondaire|secondary unit|second stage unit)$",
         "second-stage clusters"),
    ))
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def _numbers(column: Column) -> list[float] | None:
    """The sampled values as numbers, or None when one is not a number."""
    values = _sample(column)
    if not values or not all(_NUMBER.match(value.replace(" ", "")) for value in values):
        return None
    return [float(value.replace(" ", "").replace(",", ".")) for value in values]


def design_role(heading: str, column: Column) -> ColumnRole | None:
    """The sampling design's column ``heading`` names, when its content fits: positive
    numbers for weights and corrections, numbers of 0 or more for replicate weights."""
    folded = plain_words(heading)
    kind = next((kind for pattern, kind in _DESIGN_HEADINGS if pattern.match(folded)), None)
    if kind is None:
        return None
    if kind in ("weights", "fpc", "replicate weights"):
        numbers = _numbers(column)
        lowest = 0.0 if kind == "replicate weights" else np.nextafter(0.0, 1.0)
        if numbers is None or min(numbers) < lowest:
            return None
    return ColumnRole("design", kind, "its heading and content")


def declared_roles(export: Export) -> list[str | None]:
    """Per column of ``export``, the role its own files declare (``carried``), or None."""
    carried = export.carried
    return [carried.role(heading) if carried is not None else None
            for heading in export.headings]


def classify(heading: str, column: Column, tools: Iterable[str] = (),
             declared: str | None = None, layout: Layout | None = None) -> ColumnRole:
    """What ``column`` holds, from what the file declares (``declared``: a ``carried.Role``),
    its layout's own columns, its heading (the ``tools`` whose columns the export has) and
    its content."""
    named = heading_role(heading, tools)
    if declared in _DECLARED:
        role, kind = _DECLARED[declared]
        return ColumnRole(role, kind or (named.kind if named and named.role == role else ""),
                          "the file's metadata")
    if layout is not None and layout.is_personal(heading):
        return ColumnRole("personal", named.kind if named else f"{layout.name}'s own column",
                          "its heading")
    if layout is not None and layout.is_metadata(heading):
        return named or ColumnRole("timestamp" if heading in layout.timestamps
                                   else "metadata", f"{layout.name}'s own column",
                                   "its heading")
    if named is not None and named.role == "timestamp" and not _dated(column):
        named = None  # ``Horodatage`` holding no dates: not the tool's, a warning of ingest
    return named or design_role(heading, column) or content_role(column) or QUESTION


def _dated(column: Column) -> bool:
    """Whether most of the values ``column`` holds are dates (or it holds none): what a
    heading naming a timestamp must hold to be taken for the tool's."""
    values = _sample(column)
    return not values or _share(values, _DATETIME.match) >= MOST


def classify_export(headings: Sequence[str], columns: Sequence[Column],
                    layout: Layout | None = None,
                    declared: Sequence[str | None] | None = None) -> tuple[ColumnRole, ...]:
    """``classify`` for every column of an export (``declared``: ``declared_roles``)."""
    tools = tools_of(headings)
    declared = declared or [None] * len(headings)
    return tuple(classify(heading, column, tools, role, layout)
                 for heading, column, role in zip(headings, columns, declared, strict=True))
