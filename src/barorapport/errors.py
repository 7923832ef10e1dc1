"""The error tree. Every user-facing error starts with where: file, line or row, column.

The CLI prints ``str(error)`` and exits non-zero without a traceback for any
``BarorapportError``; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path

from .paths import display_path


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
    ``barorapport.commands.new_edition``, ``commands.diff`` and ``pipeline.history``."""


class StrictError(BarorapportError):
    """A ``--strict`` build logged warnings. Raised by ``barorapport.pipeline.drivers``."""


class OutputError(BarorapportError):
    """An output, cache or temporary file cannot be written (a full disk, a read-only or
    unwritable folder). Raised by ``barorapport.pipeline.build``."""


class ServeError(BarorapportError):
    """The preview server cannot start (its port is taken). Raised by
    ``barorapport.commands.serve``."""


def os_error_message(error: OSError, renamed: dict | None = None) -> str:
    """``<file>: <reason>`` for an operating system error (``shutil`` lists several: the
    first is shown); a path under a key of ``renamed`` is shown under its value (a staging
    folder as the output folder it becomes)."""
    def shown(name) -> str:
        text = str(name)
        for old, new in (renamed or {}).items():
            if text == str(old) or text.startswith(f"{old}/"):
                text = str(new) + text[len(str(old)):]
        return display_path(Path(text))

    if error.args and isinstance(error.args[0], list) and error.args[0]:  # shutil.Error
        failures = error.args[0]
        source, target, why = failures[0] if len(failures[0]) == 3 else (None, None,
                                                                          failures[0])
        reason = str(why)
        if "] " in reason:  # "[Errno 28] No space left on device: '...'"
            reason = reason.split("] ", 1)[1].split(": '", 1)[0]
        more = f" (and {len(failures) - 1} more file(s))" if len(failures) > 1 else ""
        return (f"{shown(target)}: {reason}" if target else reason) + more
    reason = error.strerror or str(error)
    if error.filename is None:
        return reason
    if getattr(error, "filename2", None):
        return f"{shown(error.filename)} -> {shown(error.filename2)}: {reason}"
    return f"{shown(error.filename)}: {reason}"
