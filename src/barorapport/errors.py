"""The error tree. Every user-facing error starts with where: file, line or row, column.

The CLI prints ``str(error)`` and exits non-zero without a traceback for any
``BarorapportError``; anything else is a bug and keeps its traceback.
"""


class BarorapportError(Exception):
    """Base of every error caused by the user's input or environment."""


class ConfigError(BarorapportError):
    """A YAML file (questionnaire, report, themes, testimonies) is missing or invalid.

    Raised by ``barorapport.config`` and the models that validate those files.
    """


class SurveyError(BarorapportError):
    """The responses do not match the questionnaire. Raised by ``barorapport.survey``."""


class StatsError(BarorapportError):
    """A figure cannot be computed or is asked for but does not exist. Raised by ``stats``."""


class TemplateError(BarorapportError):
    """A chapter template fails to parse or render. Raised by ``barorapport.render``."""


class PublishError(BarorapportError):
    """The PDF or web edition cannot be written. Raised by ``barorapport.publish``."""


class QuartoError(PublishError):
    """The ``quarto`` command is missing, too old, fails or hangs.

    Raised by ``barorapport.publish.quarto_cli``.
    """


class PrivacyError(BarorapportError):
    """A quotation about to be published holds personal data. Raised by
    ``barorapport.openanswers.privacy``."""


class EditionError(BarorapportError):
    """An edition cannot be created, found or compared with another. Raised by
    ``barorapport.editions``."""


class StrictError(BarorapportError):
    """A ``--strict`` build logged warnings. Raised by ``barorapport.build``."""
