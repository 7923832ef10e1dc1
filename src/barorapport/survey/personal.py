"""Columns holding personal data: recognised by their heading, or declared.

Survey tools add columns that identify respondents: IP address, e-mail, names, access
tokens, referring URL, phone. The ingest never reads them: they reach no output, not even the
quarantine file. Only columns the questionnaire does not map to a question are recognised
by heading, so that a question about e-mail (``outils_mail``) is never dropped.
"""

from __future__ import annotations

import re

from ..text import plain_words

_WORDS = re.compile(
    r"\b(ip|ipaddr|ip ?address|adresse ip|e ?mail|email ?address|adresse e ?mail|courriel"
    r"|name|first ?name|last ?name|full ?name|nom|prenom|nom de famille"
    r"|token|jeton|phone|telephone|mobile|tel|refurl|referr?er|custom ?data ?\d*"
    r"|user ?agent)\b")


_plain = plain_words


def looks_personal(heading: str) -> bool:
    """Whether ``heading`` names a column of personal data (``IP Address``, ``ipaddr``,
    ``Adresse e-mail``, ``Prénom``, ``token``...)."""
    return bool(_WORDS.search(_plain(heading)))
