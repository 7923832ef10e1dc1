"""Number and date formats for templates and charts, built on Babel, in the locale of the
publication's language (the wording catalogue's ``locale``: French, ``fr_FR``, shipped).

Filters share the ``fmt_`` prefix; no template formats a number by hand. A figure that is
suppressed (base too small) prints as ``n.d.`` everywhere; a figure on a low base (under the
``low_base`` threshold) carries ``LOW_BASE_MARK`` after it, which the template explains.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from .stats.rounding import round_half_up, round_percent, rounding_note

LOW_BASE_MARK = "*"
"""Follows a figure whose base is under the low-base threshold, in tables and charts alike."""


def _low_base(value) -> bool:
    return bool(getattr(value, "low_base", False)) and not value.suppressed


def _share(value) -> tuple[float | None, bool]:
    """A share (0 to 1) from a number or a ``Figure``, and whether it is suppressed."""
    if hasattr(value, "share"):
        return value.share, bool(value.suppressed)
    return value, False


def fmt_number(value, digits: int = 0) -> str:
    """``1939`` → ``1 939`` (narrow no-break space), ``18.6`` → ``18,6``; a numeric
    question's figure (``fig("age", measure="mean")``) prints its value."""
    if hasattr(value, "measure") and hasattr(value, "value"):
        value = _figure_number(value)
        if isinstance(value, str):
            return value
    return _decimal(round_half_up(value, digits), digits)


def _decimal(rounded, digits: int) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(rounded, format=pattern, locale=_locale())


def _locale() -> str:
    return _say("locale")


def _say(code: str, **values) -> str:
    from .wording import say

    return say(code, **values)


def _figure_number(figure):
    """The number of a numeric question's figure; a share is refused with what to use."""
    from .errors import StatsError

    if figure.suppressed:
        return _say("mark.suppressed")
    value = figure.value
    if value is None or value != value:
        keys = ", ".join(f"{name}={getattr(figure, name)!r}" for name in ("item", "option",
                                                                          "group")
                         if getattr(figure, name) is not None)
        raise StatsError(f"fmt_number: figure of question '{figure.question}' "
                         f"(measure {figure.measure}{', ' + keys if keys else ''}) is a share, "
                         "not a number: print it with fmt_pct, or its count with fmt_count")
    return value


def fmt_pct(value, digits: int | None = None, mark: bool = True) -> str:
    """A share (0 to 1) or a figure as a French percentage: ``0.2489`` → ``24,89 %``;
    a low-base figure gets ``LOW_BASE_MARK`` unless ``mark`` is false. Without ``digits``,
    a figure prints at its chart's decimals (one number, one rounding: ``fig()`` and
    ``ranked()`` give them), a number without decimals."""
    if digits is None:
        digits = getattr(value, "digits", None)
    digits = 0 if digits is None else digits
    share, suppressed = _share(value)
    if suppressed or share is None:
        return _say("mark.suppressed")
    text = _say("format.percent", number=_decimal(round_percent(value, digits), digits))
    return text + LOW_BASE_MARK if mark and _low_base(value) else text


def fmt_count(value, mark: bool = True) -> str:
    """A count, or a figure's count: ``1939`` → ``1 939``; a low-base figure gets
    ``LOW_BASE_MARK`` unless ``mark`` is false."""
    if hasattr(value, "count"):
        if value.suppressed:
            return _say("mark.suppressed")
        text = fmt_number(value.count, 0)
        return text + LOW_BASE_MARK if mark and _low_base(value) else text
    return fmt_number(value, 0)


def fmt_rounding_note(figures, digits: int = 0) -> str:
    """For the figures of a question whose shares add up to 100 (``ranked("Q1")``): the note
    saying that the displayed percentages, rounded at ``digits``, do not; else nothing."""
    return rounding_note(figures, digits)


def fmt_date(value: dt.date, form: str = "long") -> str:
    """``2020-11-02`` → ``2 novembre 2020`` (``2 November 2020`` in English); in French the
    first of a month is ``1er``."""
    text = format_date(value, format=form, locale=_locale())
    french = _locale().startswith("fr")
    return "1er" + text[1:] if french and value.day == 1 and text.startswith("1 ") else text


def fmt_date_range(start: dt.date, end: dt.date) -> str:
    """``2020-11-02``, ``2020-12-16`` → ``du 2 novembre au 16 décembre 2020``: the year (and
    the month) said once when both dates share it (catalogue ``date.range``)."""
    if start == end:
        return _say("date.single", date=fmt_date(end))
    if (start.year, start.month) == (end.year, end.month):
        first = format_skeleton("d", start, locale=_locale())
    elif start.year == end.year:
        first = format_skeleton("MMMMd", start, locale=_locale())
    else:
        first = format_date(start, format="long", locale=_locale())
    if start.day == 1 and first.split()[0] == "1" and _locale().startswith("fr"):
        first = "1er" + first[1:]
    # A date is not broken across lines: its day, month and year held by no-break spaces.
    return _say("date.range", start=first.replace(" ", "\u00a0"),
                end=fmt_date(end).replace(" ", "\u00a0"))


MINUS = "\u2212"


def fmt_delta(value, digits: int = 0) -> str:
    """A change in percentage points, from a number or a ``Trend``: ``+6 pts``, ``−3 pts``
    (a true minus sign), ``+1 pt``, ``0 pt``; singular as the locale has it (French under
    2, English 1 only). ``n.c.`` when the trend is not compared."""
    points = getattr(value, "delta_points", value)
    if points is None:
        return _say("mark.not_compared")  # the template gives the reason (trend.reason)
    rounded = round_half_up(points, digits)
    sign = "" if rounded == 0 else "+" if rounded > 0 else MINUS
    unit = _say("unit.point" if Locale.parse(_locale()).plural_form(abs(rounded)) == "one"
                else "unit.points")
    return f"{sign}{fmt_number(abs(rounded), digits)}\u00a0{unit}"


def low_base_note(threshold: int) -> str:
    """The note that explains ``LOW_BASE_MARK`` under a table or a chart."""
    from .wording import say

    return say("note.low_base", mark=LOW_BASE_MARK, threshold=threshold)


SHARES = ("respondents", "mentions", "level", "group", "theme", "bin")
"""The measures that are shares; numeric measures (mean, median, quartiles) are values."""


def share_of(measure: str | None) -> str:
    """The kind of share of a measure, in words (the catalogue's ``share_of.<measure>``), for
    the data files and the annex; '' for a value."""
    from .wording import say

    return say(f"share_of.{measure}") if measure in SHARES else ""


def fmt_share_of(value) -> str:
    """A figure's (or a measure's) kind of share in words: ``part des mentions``."""
    return share_of(getattr(value, "measure", value))


FILTERS = {"fmt_number": fmt_number, "fmt_pct": fmt_pct, "fmt_count": fmt_count,
           "fmt_date": fmt_date, "fmt_date_range": fmt_date_range,
           "fmt_rounding_note": fmt_rounding_note,
           "fmt_delta": fmt_delta, "fmt_share_of": fmt_share_of}
