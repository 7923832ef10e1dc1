"""Render each chapter's template with the edition's figures, charts and testimonies.

Input: the Jinja environment, the report and a ``Context`` of what templates may use.
Output: one HTML fragment per chapter, the same for the print and the web edition.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..charts import Chart
from ..errors import TemplateError
from ..formatting import fmt_count
from ..openanswers import Testimony
from ..openanswers.testimonies import publishable
from ..stats import Figure, FigureTable
from ..stats.methods import estimation_summary
from ..stats.trends import Trend, TrendTable, compute_trends
from ..stats.weights import weighting_summary
from ..survey import Survey
from ..survey.screening import KINDS
from ..wording import say
from .attribution import attributions
from .environment import project_templates, template_error
from .findings import Findings
from .front import citation, key_figures
from .quotations import MOST_IN_A_ROW, long_runs
from .segment import segment_functions
from .typography import typeset, typeset_html

logger = logging.getLogger("barorapport")


@dataclass(frozen=True)
class RenderedChapter:
    id: str
    title: str
    html: Markup


@dataclass
class _Numbering:
    """Figures are numbered in the order the chapters show them."""

    charts: list[str] = field(default_factory=list)
    testimonies: list[str] = field(default_factory=list)
    low_bases: set[tuple[str, str]] = field(default_factory=set)
    """(template, figure) pairs already warned about, so that each is warned about once."""
    annexed: bool = False
    """Whether a chapter printed the table of every figure (``all_figures()``)."""

    def mark(self) -> tuple:
        """Where the numbering stands: what a chapter rendered from here starts from."""
        return tuple(self.charts), tuple(self.testimonies), frozenset(self.low_bases)

    def restore(self, mark: tuple) -> None:
        """Back to ``mark`` (in place: the context's functions hold this object)."""
        charts, testimonies, low_bases = mark
        self.charts[:] = charts
        self.testimonies[:] = testimonies
        self.low_bases = set(low_bases)


def survey_summary(survey: Survey) -> dict[str, Any]:
    info = survey.questionnaire.survey
    complete = int(survey.complete.sum())
    return {"title": info.title, "mode": info.mode, "fieldwork": info.fieldwork,
            "respondents": survey.respondents, "complete": complete,
            "partial": survey.respondents - complete,
            "closed_questions": sum(q.type != "open" for q in survey.questionnaire.questions),
            "open_questions": sum(q.type == "open" for q in survey.questionnaire.questions),
            "sample": info.sample, "screening": screening_note(survey)}


def screening_note(survey: Survey) -> str | None:
    """The methods note's sentence on which rows count (report.yaml's ``respondents``) and
    how many were left out; None when the export marks no status nor completion."""
    screening = survey.screening
    if screening is None or not (screening.marked or screening.counts):
        return None
    rule = say(f"respondents.rule.{screening.rule}")
    if not screening.counts:
        return rule
    kinds = [f"{fmt_count(count)} {say(f'respondents.{kind}' + ('s' if count > 1 else ''))}"
             for kind, count in sorted(screening.counts.items(),
                                       key=lambda item: KINDS.index(item[0]))]
    listed = kinds[0] if len(kinds) == 1 else \
        f"{', '.join(kinds[:-1])} {say('respondents.and')} {kinds[-1]}"
    return say("respondents.left_out", rule=rule, kinds=listed)


def source_line(report, survey: Survey, edition: str) -> str:
    """The source printed under every chart and table: report.yaml's ``source`` (without a
    leading "Source :", which the partial prints), else the survey's title and edition."""
    from ..wording import say

    text = report.source or say("figure.source_default",
                                title=survey.questionnaire.survey.title or report.title,
                                edition=edition)
    label = say("figure.source").rstrip(" :\u00a0").lower()
    stripped = text.lstrip()
    if stripped.lower().startswith(label):
        stripped = stripped[len(label):].lstrip(" :\u00a0\u202f")
    return stripped


FIGURE_PARTIAL = "partials/figure.html.j2"
TESTIMONY_PARTIAL = "partials/testimony.html.j2"
CROSSTAB_PARTIAL = "partials/crosstab.html.j2"
"""What ``chart()`` renders for a crosstab figure (a table, in both editions)."""


def make_context(*, environment: jinja2.Environment, report, edition: str, survey: Survey,
                 figures: FigureTable, charts: dict[str, Chart],
                 testimonies: list[Testimony], trends: TrendTable | None = None,
                 segment: dict[str, Any] | None = None, whole: FigureTable | None = None,
                 elsewhere: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Everything a chapter template may use, documented in docs/guide-redaction.md.

    In a segment's edition, ``segment`` describes it (``by``, ``code``, ``label``,
    ``question``, ``slug``, ``respondents``, ``whole_respondents``), ``whole`` is the whole
    sample's figures table, ``testimonies`` are its respondents' and ``elsewhere`` the ids
    of the others: ``testimony()`` of one of those shows nothing, ``quote()`` an
    omission mark, ``has_testimony()`` says which.

    ``trend()``, ``evolutions()`` and ``not_compared()`` read ``trends`` (the figures against
    the previous edition; none compare when it is not given).

    ``chart()`` and ``testimony()`` render the partials ``partials/figure.html.j2`` and
    ``partials/testimony.html.j2``, which editors own like any other template.
    """
    numbering = _Numbering()
    trends = trends or compute_trends(figures, edition, [])
    # One rounding rule for one number: the decimals report.yaml declares for a figure are
    # those of its chart, its data table and the annex (digits_of).
    digits = {spec.id: spec.digits for spec in report.figures}
    digits_by_question = {}
    for spec in report.figures:
        digits_by_question.setdefault((spec.question, spec.measure), spec.digits)
        digits_by_question.setdefault((spec.question, None), spec.digits)

    def digits_of(figure) -> int:
        """The decimals of ``figure``'s percentages: its chart's (report.yaml's ``digits``),
        1 when no chart shows it."""
        return digits_by_question.get((figure.question, figure.measure),
                                      digits_by_question.get((figure.question, None), 1))
    # Who speaks, from each respondent's own closed answers (never their id); then, privacy
    # by construction: templates see only what may be published of a testimony.
    attributed = attributions(testimonies, survey, report)
    testimonies = [publishable(testimony) for testimony in testimonies]
    by_id = {testimony.id: testimony for testimony in testimonies}

    def rounded(figure: Figure) -> Figure:
        """``figure`` with its chart's decimals, which ``fmt_pct`` prints it at."""
        return replace(figure, digits=digits_of(figure))

    @jinja2.pass_context
    def fig(template_context, question: str, **keys) -> Figure:
        figure = rounded(figures.get(question, **keys))
        # A segment's edition is on a low base by nature: its figures carry the mark, and
        # the whole sample's edition warns about the templates' quotations.
        if figure.low_base and not figure.suppressed and segment is None:
            what = " ".join([question, *(f"{name}={value}" for name, value in keys.items())])
            if (template_context.name, what) not in numbering.low_bases:
                numbering.low_bases.add((template_context.name, what))
                logger.warning("templates/%s: figure %s is quoted on a low base (%s, under "
                               "%s)", template_context.name, what, figure.base,
                               report.thresholds.low_base)
        return figure

    def ranked(question: str, **keys) -> list[Figure]:
        return [rounded(figure) for figure in figures.ranked(question, **keys)]

    def chart(chart_id: str, title: str | None = None, lecture: str | None = None) -> Markup:
        """The chart's partial; ``title`` (the finding, in the editor's words, which may
        quote computed figures) and ``lecture`` replace report.yaml's."""
        if chart_id not in charts:
            raise TemplateError(f"no figure '{chart_id}' in report.yaml's figures")
        numbering.charts.append(chart_id)
        shown = charts[chart_id]
        partial = CROSSTAB_PARTIAL if shown.kind == "crosstab" else FIGURE_PARTIAL
        return Markup(environment.get_template(partial).render(
            report=report, chart=shown, number=len(numbering.charts),
            title=title or shown.title, lecture=shown.lecture if lecture is None else lecture,
            source=source_line(report, survey, edition), digits=digits.get(chart_id, 1),
            columns=list(shown.data.columns),
            rows=list(shown.data.itertuples(index=False, name=None))))

    def has_testimony(testimony_id: str) -> bool:
        """Whether this edition shows the testimony (a segment's shows its respondents')."""
        if testimony_id not in by_id and testimony_id not in elsewhere:
            raise TemplateError(f"no testimony '{testimony_id}' in testimonies.yaml")
        return testimony_id in by_id

    def testimony(testimony_id: str) -> Markup:
        if not has_testimony(testimony_id):
            return Markup("")  # another segment's respondent: not in this edition
        numbering.testimonies.append(testimony_id)
        quotation = by_id[testimony_id]
        paragraphs = [part.strip() for part in quotation.published.split("\n\n") if part.strip()]
        return Markup(environment.get_template(TESTIMONY_PARTIAL).render(
            report=report, testimony=quotation, paragraphs=paragraphs,
            attribution=attributed.get(testimony_id)))

    def quote(testimony_id: str) -> Markup:
        """A testimony's text for an inline quotation (the template adds « »), marked as a
        quotation (``<q class="quotation">``, without the browser's own quotation marks) so
        that typography keeps its words and print does not hyphenate them."""
        if not has_testimony(testimony_id):
            return Markup(escape(say("segment.quote_elsewhere")))
        numbering.testimonies.append(testimony_id)
        text = " ".join(by_id[testimony_id].published.split())
        return Markup('<q class="quotation">{}</q>').format(text)

    def charts_shown() -> list[tuple[int, Chart]]:
        """The charts shown so far, with their numbers: for a data annex after them."""
        return [(number, charts[chart_id])
                for number, chart_id in enumerate(numbering.charts, start=1)]

    def all_figures() -> list[Figure]:
        """Every figure of the table, in questionnaire order: for the figures annex."""
        numbering.annexed = True
        return [figure for question_id in dict.fromkeys(figures.table["question"])
                for figure in figures.select(question_id)]

    def select_testimonies(chapter: str | None = None, theme: str | None = None) -> list:
        return [item for item in testimonies
                if (chapter is None or item.chapter == chapter)
                and (theme is None or item.theme == theme)]

    def question(question_id: str):
        try:
            return survey.questionnaire.question(question_id)
        except KeyError:
            raise TemplateError(f"no question '{question_id}' in the questionnaire") from None

    def trend(question_id: str, **keys) -> Trend:
        """The figure ``fig(question_id, **keys)`` against the previous edition."""
        return trends.get(question_id, **keys)

    def evolutions() -> list[Trend]:
        """The significant changes since the previous edition, in questionnaire order."""
        return trends.significant()

    def not_compared() -> list[tuple[str, str]]:
        """(question id, reason) of the questions whose figures are not compared."""
        return trends.not_compared()

    summary = survey_summary(survey)
    findings = Findings(figures, survey.questionnaire, digits_of, report.thresholds.alpha)

    def shown_key_figures() -> list:
        """report.yaml's key figures, computed, each at its chart's decimals."""
        return key_figures(report, summary, figures, survey.questionnaire, digits_of)

    def how_to_cite(base_url: str | None = None) -> str:
        return citation(report, edition, base_url)

    context = {"report": report, "edition": edition, "survey": summary,
            "source": source_line(report, survey, edition),
            "weighting": weighting_summary(figures.weights, survey.questionnaire),
            "estimation": estimation_summary(
                figures.weights, report.intervals, figures.tests,
                sum(trend.significant is not None for trend in trends.trends.values())),
            "previous_edition": trends.previous, "trend": trend, "evolutions": evolutions,
            "not_compared": not_compared,
            "fig": fig, "ranked": ranked, "chart": chart, "testimony": testimony, "quote": quote,
            "charts_shown": charts_shown, "all_figures": all_figures, "digits_of": digits_of,
            "testimonies": select_testimonies, "question": question, "escape": escape,
            "key_figures": shown_key_figures, "citation": how_to_cite,
            "figures_annexed": lambda: numbering.annexed,
            "finding": findings.finding, "differences": findings.differences,
            "has_testimony": has_testimony, "segment": segment,
            **segment_functions(figures, whole, segment, digits_of),
            "_numbering": numbering}

    def rendered_summary() -> Markup:
        """The summary template of report.yaml (rendered like a chapter), or ``subject``."""
        if report.summary is None:
            return Markup("<p>{}</p>").format(report.subject) if report.subject else Markup()
        return _render(environment, report.summary, context)

    context["summary"] = rendered_summary
    return context


def _render(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> Markup:
    templates_dir = project_templates(environment)
    try:
        return Markup(environment.get_template(name).render(context))
    except Exception as error:  # noqa: BLE001 (any error in a template is the editor's)
        raise template_error(error, templates_dir, name) from None


def unused_testimonies(context: dict[str, Any], testimonies: list[Testimony]) -> list:
    """The testimonies that no template showed (with ``testimony()`` or ``quote()``)."""
    shown = set(context["_numbering"].testimonies)
    return [item for item in testimonies if item.id not in shown]


def render_chapter(environment: jinja2.Environment, chapter, context: dict[str, Any]
                   ) -> RenderedChapter:
    """One chapter of report.yaml, rendered with ``context``."""
    html = _render(environment, chapter.template, {**context, "chapter": chapter})
    for run in long_runs(html):
        logger.warning("templates/%s: chapter '%s': %d quotations in a row, from '%s' to "
                       "'%s': set a figure, a lead-in or a sentence between them (at most "
                       "%d in a row)", chapter.template, chapter.id, run.count, run.first,
                       run.last, MOST_IN_A_ROW)
    return RenderedChapter(id=chapter.id, title=typeset(chapter.title),
                           html=Markup(typeset_html(html)))


def render_chapters(environment: jinja2.Environment, report, context: dict[str, Any]
                    ) -> list[RenderedChapter]:
    return [render_chapter(environment, chapter, context) for chapter in report.chapters]


def render_layout(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render a layout (the whole print document, or one web page), in French
    typography."""
    return typeset_html(str(_render(environment, name, context)))
