"""The front matter's computed parts: the key figures, how to cite the publication.

Input: report.yaml's ``key_figures`` and identity keys, the figures table, the survey.
Output: what the theme's partials print on the summary page, the colophon and the web
edition's home page; every word from the wording catalogue (``key_figure.*``,
``citation.*``), every number formatted as its chart formats it (one rounding rule).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formatting import fmt_count, fmt_number, fmt_pct
from ..stats.numeric import STATISTICS
from ..wording import say


@dataclass(frozen=True)
class ShownKeyFigure:
    """A key figure as printed: the number, the words after it, the question it answers."""

    number: str
    text: str
    question: str = ""


def key_figures(report, survey_summary: dict, figures, questionnaire, digits_of
                ) -> list[ShownKeyFigure]:
    """report.yaml's ``key_figures``, computed: each a number and its words."""
    return [_key_figure(spec, survey_summary, figures, questionnaire, digits_of)
            for spec in report.key_figures]


def _key_figure(spec, survey_summary: dict, figures, questionnaire, digits_of
                ) -> ShownKeyFigure:
    if spec.total is not None:
        return ShownKeyFigure(number=fmt_count(survey_summary[spec.total]),
                              text=spec.text or say(f"key_figure.{spec.total}"))
    question = questionnaire.question(spec.question)
    leading = spec.option is None and spec.group is None and spec.measure not in STATISTICS \
        and question.type in ("single", "multiple", "grid", "open")
    if leading:  # no answer named: the most frequent one
        measure = spec.measure or {"multiple": "respondents", "grid": "level",
                                   "open": "theme"}.get(question.type)
        ranked = figures.ranked(spec.question, measure=measure, item=spec.item)
        shown = [figure for figure in ranked if not figure.suppressed] or ranked
        if shown:  # all suppressed: the first, printed n.d.
            return _shown(spec, shown, question, digits_of)
    figure = figures.get(spec.question, measure=spec.measure, item=spec.item,
                         option=spec.option, group=spec.group)
    if figure.measure in STATISTICS:
        digits = 1 if spec.digits is None else spec.digits
        return ShownKeyFigure(number=fmt_number(figure, digits),
                              text=spec.text or say(f"key_figure.{figure.measure}"),
                              question="" if spec.text else question.text)
    digits = digits_of(figure) if spec.digits is None else spec.digits
    if spec.text:  # the editor's words say what the figure is
        return ShownKeyFigure(number=fmt_pct(figure, digits), text=spec.text)
    return ShownKeyFigure(number=fmt_pct(figure, digits), text=_worded(figure, question),
                          question=question.text)


def _shown(spec, ranked: list, question, digits_of) -> ShownKeyFigure:
    """The most frequent answer as a key figure; answers whose shares print the same are
    said to be tied with it."""
    top = ranked[0]
    digits = digits_of(top) if spec.digits is None else spec.digits
    number = fmt_pct(top, digits)
    if spec.text:
        return ShownKeyFigure(number=number, text=spec.text)
    if top.suppressed:  # no answer may be published, let alone ranked
        return ShownKeyFigure(number=number, text=say("key_figure.suppressed"),
                              question=question.text)
    codes = [option.code for option in question.options]
    tied = sorted((figure for figure in ranked if fmt_pct(figure, digits) == number),
                  key=lambda figure: codes.index(figure.option) if figure.option in codes
                  else len(codes))  # tied answers in the questionnaire's order
    top, tied = tied[0], tied[1:]
    text = _worded(top, question)
    if tied:
        text += say("key_figure.tie", labels=say("alt.and").join(
            say("alt.quoted", label=figure.label) for figure in tied))
    return ShownKeyFigure(number=number, text=text, question=question.text)


def _worded(figure, question) -> str:
    """The words after a share: who answered what (catalogue ``key_figure.<measure>``)."""
    label = say("alt.quoted", label=figure.label)
    if figure.item is not None:
        item = say("alt.quoted", label=question.label_of(figure.item))
        return say("key_figure.item", label=label, item=item)
    code = {"mentions": "key_figure.mentions", "theme": "key_figure.theme"}.get(
        figure.measure, "key_figure.multiple" if question.type == "multiple"
        else "key_figure.single")
    return say(code, label=label)


@dataclass(frozen=True)
class Citation:
    """How to cite the publication: the reference, and the address it is read at."""

    text: str
    url: str | None = None


def citation(report, edition: str, base_url: str | None) -> Citation:
    """"Pour citer": report.yaml's ``citation`` as written, or one written from the authors,
    the year of publication, the title and subtitle, then the web edition's address."""
    if report.citation:
        return Citation(report.citation)
    title = report.title if not report.subtitle else say(
        "citation.title_subtitle", title=report.title, subtitle=report.subtitle)
    who = say("citation.authors_separator").join(report.authors) or report.publisher or ""
    year = report.published.year if report.published is not None else edition
    text = say("citation.text", authors=who, year=year, title=title) if who else \
        say("citation.text_anonymous", year=year, title=title)
    return Citation(text, base_url or report.base_url)
